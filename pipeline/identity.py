"""Stable ids: articles (source + content) and cross-article canonical ids for entities.

An id is a short hash of a normalised key, so the same organisation, cluster, official or
campaign gets the same id in every article and every run.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata

_DASHES = dict.fromkeys(map(ord, "–—‐‑‒−"), "-")
_QUOTES = dict.fromkeys(map(ord, "“”\"‘’'«»„"), None)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short_hash(key: str, n: int = 16) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:n]


def source_key(source: str, url: str | None) -> str:
    """What names an input independently of where the corpus folder sits: URL, else file name
    (with its JSONL line number)."""
    return url or os.path.basename(source)


def article_id(source: str, url: str | None, content_sha256: str) -> str:
    return short_hash(source_key(source, url) + "\0" + content_sha256)


def norm_key(text: str | None) -> str:
    """Normalisation for matching: NFC, casefold, dashes unified, quotes and punctuation
    runs dropped, whitespace folded. `Giỏi việc nước - đảm việc nhà` and
    `Giỏi việc nước, đảm việc nhà` share one key."""
    if not text:
        return ""
    t = unicodedata.normalize("NFC", text).translate(_DASHES).translate(_QUOTES).casefold()
    t = t.replace("uỷ", "ủy").replace("hoá", "hóa").replace("thuỷ", "thủy").replace("khoá", "khóa")
    t = re.sub(r"[\s\-,;:.!?()\[\]/]+", " ", t)
    return t.strip()


def entity_id(kind: str, *parts: str | None) -> str:
    return kind[:3] + "_" + short_hash("\x1f".join(norm_key(p) for p in parts), 12)
