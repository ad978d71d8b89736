"""Crawl archives as input: `.warc`, `.warc.gz` and Common Crawl's `.warc.wet.gz`.

Each HTML response record (WARC) or text conversion record (WET) is one input, whose source is
`file.warc.gz#offset` (the record's byte offset in the file, compressed for `.gz`): its url is
`WARC-Target-URI`, and `WARC-Date` is the date of last resort. The archive is streamed with
fastwarc, one record at a time, so memory stays bounded however large it is; a record is held
back until the next one is read (or the end is checked), so that a record cut short by a
truncated archive is never taken for a whole one.

Records that are no article are rejects with a reason, found from the record's headers
before its payload is decoded: `http_error` (a status other than 200: 404, a redirect),
`not_html` (a PDF, an image, a feed), `language` (Common Crawl's
`WARC-Identified-Content-Language` without Vietnamese), `too_large`. Request, metadata and
warcinfo records are no input. A truncated archive gives the records it holds whole plus one
`truncated` reject at the offset where the cut record starts; an archive that cannot be read on
gives one `bad_warc` reject there.
"""
from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import Iterator

from .identity import input_path, source_name
from .model import Reject

SUFFIXES = (".warc", ".warc.gz", ".warc.wet", ".warc.wet.gz", ".wet.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length:\s*(\d+)\s*$")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def scan_warc(path: Path, max_bytes: int) -> Iterator:
    """The inputs of one archive, in file order: `ingest.Pending` records and `Reject`s."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    from .ingest import Pending

    src = source_name(input_path(path))   # the file's identity, as every source (identity.py)
    wet = ".wet" in path.name.lower()
    wanted = WarcRecordType.conversion if wet else WarcRecordType.response | WarcRecordType.resource
    held, held_pos = None, None    # the last input read, yielded once the archive goes on past it
    last_pos = None                # the last record of any kind: the tail checked for a cut
    try:
        with open(path, "rb") as f:
            for rec in ArchiveIterator(f, parse_http=False, fsspec_args=False):
                if held is not None:
                    yield held
                    held = None
                last_pos = rec.stream_pos
                if rec.record_type & wanted:
                    held, held_pos = _item(rec, f"{src}#{rec.stream_pos}", wet, max_bytes, Pending), rec.stream_pos
    except OSError as e:
        if held is not None:
            yield held
        yield Reject(f"{src}#{last_pos or 0}", "bad_warc", f"the archive cannot be read on: {e}")
        return
    cut = _cut_at(path, last_pos) if last_pos is not None else None
    if held is not None and cut != held_pos:
        yield held
    if cut is not None:
        yield Reject(f"{src}#{cut}", "truncated", "the archive ends inside this record (a cut download?): "
                                                  "the records before it were read")
    elif last_pos is None and path.stat().st_size:
        if _starts_warc(path):
            yield Reject(f"{src}#0", "truncated", "the archive ends inside its first record")
        else:
            yield Reject(f"{src}#0", "bad_warc", "no WARC record found")


def _item(rec, source: str, wet: bool, max_bytes: int, Pending):
    from fastwarc.warc import WarcRecordType
    h = rec.headers
    url = h.get("WARC-Target-URI")
    date = h.get("WARC-Date")
    langs = h.get("WARC-Identified-Content-Language")
    if langs and "vie" not in langs.split(","):
        return Reject(source, "language", f"the crawler identified the language as {langs}, not Vietnamese")
    if rec.content_length > max_bytes:
        return Reject(source, "too_large", f"{rec.content_length} bytes > limit {max_bytes} (raise it with --max-bytes)")
    charset = None
    if not wet:
        ctype = h.get("Content-Type") or ""
        if rec.record_type & WarcRecordType.response:
            rec.parse_http(auto_decode="all")
            status = rec.http_headers.status_code
            if status != 200:
                return Reject(source, "http_error", f"HTTP {rec.http_headers.status_line or status} for {url}")
            ctype, charset = rec.http_content_type or "", rec.http_charset
        if ctype and not ctype.lower().startswith(HTML_TYPES):
            return Reject(source, "not_html", f"{ctype} for {url}")
    payload = rec.reader.read()
    if not payload.strip():
        return Reject(source, "empty", f"an empty record for {url}")
    return Pending(source, "wet" if wet else "warc", payload, url=url, published=date, charset=charset)


def _cut_at(path: Path, last_pos: int | None) -> int | None:
    """The offset where the archive is cut short after the record at `last_pos`, or None when
    it ends cleanly. Only the tail (from the last record on) is read."""
    start = last_pos or 0
    with open(path, "rb") as f:
        f.seek(start)
        tail = f.read()
    if path.name.lower().endswith(".gz"):
        pos = start
        while tail:
            d = zlib.decompressobj(wbits=31)
            try:
                block = d.decompress(tail)
            except zlib.error:
                return pos
            if not d.eof:
                return pos
            if not _whole(block):
                return pos
            used = len(tail) - len(d.unused_data)
            tail, pos = d.unused_data, pos + used
            if not tail.strip(b"\0\r\n \t"):
                return None
        return None
    pos = start
    while tail.strip():
        n = _record_len(tail)
        if n is None or n > len(tail):
            return pos
        pos += n
        tail = tail[n:]
        stripped = tail.lstrip(b"\r\n")
        pos += len(tail) - len(stripped)
        tail = stripped
    return None


def _record_len(data: bytes) -> int | None:
    """Bytes taken by the WARC record at the start of `data` (headers, block, `\\r\\n\\r\\n`)."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None
    m = _CONTENT_LENGTH.search(data, 0, end)
    if not m:
        return None
    return end + 4 + int(m.group(1)) + 4


def _whole(block: bytes) -> bool:
    """Does a decompressed gzip member hold whole records?"""
    while block.strip():
        n = _record_len(block)
        if n is None or n - 4 > len(block):
            return False
        block = block[n:].lstrip(b"\r\n")
    return True


def _starts_warc(path: Path) -> bool:
    with open(path, "rb") as f:
        head = f.read(1024)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(wbits=31).decompress(head)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")
