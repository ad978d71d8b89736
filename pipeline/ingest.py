"""Ingest stage: turn paths (files, folders, globs) into RawDocuments or Rejects.

Formats, by suffix: `.txt` (scraped page text), `.html`/`.htm` (a saved page), `.jsonl` (one
article per line: `{"text": ...}` or `{"html": ...}`, optional `url`, `title`, `published`;
each line is an input of its own, source `file.jsonl:N`), `.warc`, `.warc.gz`, `.warc.wet.gz`
(crawl archives, one input per HTML response or WET conversion record, source
`file.warc.gz#offset`; see pipeline/warc.py). Anything else named explicitly is read as text
(and usually rejected as binary).

Never raises for a bad input: every file or line that cannot become an article is a `Reject`
with a reason code (model.py) and a detail a person can act on. Repairs made on the way
(BOM, mojibake, legacy encodings, NFD, CRLF, entities, zero-width characters, stray
whitespace) are listed in `RawDocument.repairs`; see pipeline/textfix.py.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Iterator

from . import UserError
from .model import RawDocument, Reject
from .textfix import Decoded, decode_bytes, repair_text, sniff_magic
from .warc import is_warc, scan_warc

SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def expand(inputs: list[str], unsupported: list[Path] | None = None) -> list[Path]:
    """Files named by the inputs (folders recursively, globs expanded), sorted, unique.

    Folders yield only files with a known suffix, skipping hidden files and folders; a file
    named explicitly is always taken. An input that matches nothing is a `UserError`.
    The other files that folders and globs hold (`.pdf`, `.docx`, ...) are appended to
    `unsupported` when it is given, so that a run can account for them.
    """
    files: list[Path] = []
    others: list[Path] = []
    for inp in inputs:
        matches = sorted(glob.glob(inp, recursive=True)) if any(c in inp for c in "*?[") else [inp]
        matches = [m for m in matches if os.path.exists(m) or os.path.islink(m)]
        if not matches:
            raise UserError(f"input not found: {inp}")
        for m in matches:
            p = Path(m)
            if p.is_dir():
                found = sorted(f for f in p.rglob("*") if f.is_file()
                               and not any(part.startswith(".") for part in f.relative_to(p).parts))
                files.extend(f for f in found if _known(f))
                others.extend(f for f in found if not _known(f))
            elif p.is_file() or p.is_symlink():
                if glob.has_magic(inp) and not _known(p):
                    others.append(p)
                    continue  # a glob such as `corpus/*` takes only the article formats
                files.append(p)
    seen, out = set(), []
    for f in files:
        if f not in seen:
            seen.add(f)
            out.append(f)
    if unsupported is not None:
        for f in others:
            if f not in seen:
                seen.add(f)
                unsupported.append(f)
    return out


def _known(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES or is_warc(path)


def unsupported_reject(path: Path) -> Reject:
    """The record of a file of a kind the pipeline does not read, found in a folder or glob."""
    kind = path.suffix.lower() or "(no suffix)"
    return Reject(str(path), "unsupported_format",
                  f"{kind} files are not read (formats: {' '.join(sorted(SUFFIXES))} .warc .warc.gz .warc.wet.gz); "
                  "convert it to text, or run with --skip-unsupported to count it without a reject")


def _text_doc(src: str, fmt: str, text: str, repairs: tuple[str, ...], **meta) -> RawDocument | Reject:
    text, fixed = repair_text(text)
    if not text.strip():
        return Reject(src, "empty", "no text (empty or whitespace only)")
    return RawDocument(src, fmt, text=text, repairs=_merge(repairs, fixed), **meta)


def _html_doc(src: str, fmt: str, html: str, repairs: tuple[str, ...], **meta) -> RawDocument | Reject:
    html, fixed = repair_text(html, entities=False, lines=False)
    if not html.strip():
        return Reject(src, "empty", "no HTML (empty or whitespace only)")
    return RawDocument(src, fmt, html=html, repairs=_merge(repairs, fixed), **meta)


def _merge(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a + b))


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _opt_str(rec: dict, key: str) -> str | None:
    v = rec.get(key)
    if v is None:
        return None
    if isinstance(v, (str, int, float)) and not isinstance(v, bool):
        s = str(v).strip()
        return s or None
    return None


def _jsonl_line(src: str, raw: bytes) -> RawDocument | Reject:
    dec = decode_bytes(raw)
    if not isinstance(dec, Decoded):
        return Reject(src, dec.reason, dec.detail)
    try:
        rec = json.loads(dec.text)
    except (json.JSONDecodeError, RecursionError) as e:
        return Reject(src, "bad_json", f"not valid JSON: {e}")
    if not isinstance(rec, dict):
        return Reject(src, "bad_record", f"a JSON object is needed, got {type(rec).__name__}")
    text, html = rec.get("text"), rec.get("html")
    if text is None and html is None:
        return Reject(src, "bad_record", "the record has neither `text` nor `html`")
    for key, val in (("text", text), ("html", html)):
        if val is not None and not isinstance(val, str):
            return Reject(src, "bad_record", f"`{key}` must be a string, got {type(val).__name__}")
    meta = dict(url=_opt_str(rec, "url"), title=_opt_str(rec, "title"), published=_opt_str(rec, "published"))
    if isinstance(text, str) and text.strip():
        return _text_doc(src, "jsonl", text, dec.repairs, **meta)
    if isinstance(html, str) and html.strip():
        return _html_doc(src, "jsonl", html, dec.repairs, **meta)
    return Reject(src, "empty", "`text`/`html` is empty or whitespace only")


class Pending:
    """An input item read from disk but not decoded yet (`scan_file`): its source, format and
    bytes. `load()` decodes and repairs them into what `read_file` yields for the item.

    `digest` identifies everything the loaded item is made of (format and bytes: a RawDocument
    is a function of these and of the code), so a runner can recognise an unchanged input
    without decoding it."""

    __slots__ = ("source", "fmt", "data", "url", "published", "charset", "_digest")

    def __init__(self, source: str, fmt: str, data: bytes, url: str | None = None, published: str | None = None,
                 charset: str | None = None):
        self.source = source
        self.fmt = fmt          # "txt" | "html" | "jsonl" (`data` is then one line) | "warc" | "wet" (a record)
        self.data = data
        self.url = url          # a WARC record's WARC-Target-URI ...
        self.published = published   # ... its WARC-Date (the fallback date)
        self.charset = charset  # ... and the charset of its HTTP Content-Type
        self._digest = None

    @property
    def digest(self) -> str:
        if self._digest is None:
            h = hashlib.sha256(b"raw-bytes/1\0" + self.fmt.encode("ascii") + b"\0")
            if self.url or self.published or self.charset:
                h.update(json.dumps([self.url, self.published, self.charset]).encode() + b"\0")
            h.update(self.data)
            self._digest = h.hexdigest()
        return self._digest

    def load(self) -> RawDocument | Reject:
        if self.fmt == "jsonl":
            return _jsonl_line(self.source, self.data)
        data = self.data
        html = self.fmt in ("html", "warc")
        dec = decode_bytes(data, declared=(_declared_charset(data) or self.charset) if html else None)
        if not isinstance(dec, Decoded):
            return Reject(self.source, dec.reason, dec.detail)
        meta = dict(url=self.url, fetched=self.published)
        if html:
            return _html_doc(self.source, self.fmt, dec.text, dec.repairs, **meta)
        return _text_doc(self.source, "wet" if self.fmt == "wet" else "txt", dec.text, dec.repairs, **meta)


def scan_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Pending | Reject]:
    """The inputs held by one file, undecoded: `read_file` with each item left `Pending`
    (rejects found before decoding, such as too large or empty, are yielded as they are)."""
    path = Path(path)
    src = str(path)
    if is_warc(path):   # an archive is streamed record by record: the size limit is per record
        try:
            yield from scan_warc(path, max_bytes)
        except OSError as e:
            yield Reject(src, "unreadable", f"{type(e).__name__}: {e.strerror or e}")
        return
    fmt = SUFFIXES.get(path.suffix.lower(), "txt")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Reject(src, "too_large", f"{size} bytes > limit {max_bytes} (raise it with --max-bytes)")
            return
        data = path.read_bytes()
    except OSError as e:
        yield Reject(src, "unreadable", f"{type(e).__name__}: {e.strerror or e}")
        return
    if len(data) > max_bytes:  # grew since stat
        yield Reject(src, "too_large", f"{len(data)} bytes > limit {max_bytes} (raise it with --max-bytes)")
        return
    if not data.strip():
        yield Reject(src, "empty", "empty file" if not data else "whitespace only")
        return
    if fmt == "jsonl":
        what = sniff_magic(data)
        if what:
            yield Reject(src, "binary", f"{what}, not JSON lines")
            return
        n_items = 0
        for n, line in enumerate(data.split(b"\n"), 1):
            if line.strip():   # a blank line is no input
                n_items += 1
                yield Pending(f"{src}:{n}", "jsonl", line)
        if not n_items:
            yield Reject(src, "empty", "no JSON lines")
        return
    yield Pending(src, fmt, data)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Reject]:
    """The inputs held by one file: one item, or one per non-blank line for JSONL."""
    for item in scan_file(path, max_bytes):
        yield item.load() if isinstance(item, Pending) else item


def iter_inputs(inputs: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Reject]:
    """Every input item named by `inputs`, in order. `UserError` when an input does not exist."""
    for path in expand(inputs):
        yield from read_file(path, max_bytes)
