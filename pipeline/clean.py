"""Clean stage: normalise text and drop scraped boilerplate, keeping header fields.

Minimal version; the full cleaner (boilerplate rules under models/, title/dateline/byline
recognition) replaces it.
"""
from __future__ import annotations

import re
import unicodedata

from .model import CleanDocument, RawDocument, Reject, Span


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", l).strip() for l in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def clean(raw: RawDocument) -> CleanDocument | Reject:
    body = raw.text
    if body is None and raw.html is not None:
        from bs4 import BeautifulSoup
        body = BeautifulSoup(raw.html, "lxml").get_text("\n")
    text = normalise(body or "")
    if not text:
        return Reject(raw.source, "empty", "no text after cleaning")
    lines = text.split("\n")
    title = Span(0, len(lines[0]), lines[0])
    return CleanDocument(source=raw.source, fmt=raw.fmt, text=text, url=raw.url, title=title,
                         hint_title=raw.title, hint_published=raw.published, repairs=raw.repairs)
