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

import errno
import glob
import hashlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Iterator

from . import UserError
from .identity import input_path, source_name
from .model import RawDocument, Reject
from .textfix import Decoded, decode_bytes, repair_text, sniff_magic
from .warc import is_warc, scan_warc

SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def expand(inputs: list[str], unsupported: list[Path] | None = None,
           given: dict[Path, Path] | None = None) -> list[Path]:
    """Files named by the inputs (folders recursively, globs expanded), sorted, unique.

    Folders yield only entries with a known suffix, skipping hidden files and folders; a file
    named explicitly is always taken. Symlinked subfolders are followed, each folder read once
    (no loop); dangling or looping links, FIFOs and devices are kept, for `scan_file` to reject
    with a reason. Each file is given by its identity (`identity.input_path`: resolved,
    absolute), so the same file named two ways is one input. An input that matches nothing
    is a `UserError`.
    The other files that folders and globs hold (`.pdf`, `.docx`, ...) are appended to
    `unsupported` when it is given, so that a run can account for them.
    `given`, when passed, maps each file returned (and each unsupported one) to the path it
    was reached by from the inputs as typed (`corpus/seeds/a.txt`), the first way when two
    inputs name the same file: the identity is for matching, this is for display.
    """
    files: list[Path] = []
    others: list[Path] = []
    for inp in inputs:
        matches = sorted(glob.glob(inp, recursive=True)) if any(c in inp for c in "*?[") else [inp]
        matches = [m for m in matches if _lexists(m)]
        if not matches:
            raise UserError(f"input not found: {inp}")
        for m in matches:
            p = Path(m)
            if _is_dir(p):
                files.extend(_walk(p, others))
            else:
                if glob.has_magic(inp) and not _known(p):
                    others.append(p)
                    continue  # a glob such as `corpus/*` takes only the article formats
                files.append(p)
    seen: set[Path] = set()

    def take(found: list[Path], into: list[Path]) -> None:
        """Each file by its identity, once across both lists, remembering the path it was reached by."""
        for f in found:
            ident = Path(input_path(f))
            if ident not in seen:
                seen.add(ident)
                into.append(ident)
                if given is not None:
                    given[ident] = f

    out: list[Path] = []
    take(files, out)
    if unsupported is not None:
        take(others, unsupported)
    return out


def _known(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES or is_warc(path)


def unsupported_reject(path: Path) -> Reject:
    """The record of a file of a kind the pipeline does not read, found in a folder or glob."""
    kind = path.suffix.lower() or "(no suffix)"
    return Reject(source_name(str(path)), "unsupported_format",
                  f"{kind} files are not read (formats: {' '.join(sorted(SUFFIXES))} .warc .warc.gz .warc.wet.gz); "
                  "convert it to text, or run with --skip-unsupported to count it without a reject")


def _lexists(p: str) -> bool:
    try:
        return os.path.lexists(p)
    except (OSError, ValueError):
        return False


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except (OSError, ValueError):   # a name too long, a link loop: not a folder we can read
        return False


def _walk(root: Path, others: list[Path] | None = None) -> list[Path]:
    """Entries with a known suffix under `root`, sorted; folders (symlinked ones too) read
    once each, by device and inode, so a link to an ancestor is no loop. A folder that cannot
    be listed is returned itself, for `scan_file` to reject with the reason. Files of other
    kinds go to `others` (sorted) when it is given."""
    found: list[Path] = []
    other: list[Path] = []
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            st = d.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(d) as it:
                entries = list(it)
        except OSError:
            found.append(d)
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            try:
                is_dir = e.is_dir()   # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(Path(e.path))
            elif _known(Path(e.name)):
                found.append(Path(e.path))
            elif others is not None:
                other.append(Path(e.path))
    if others is not None:
        others.extend(sorted(other))
    return sorted(found)


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


def _jsonl_line(src: str, raw: bytes, repairs: tuple[str, ...] = ()) -> RawDocument | Reject:
    dec = decode_bytes(raw)
    if not isinstance(dec, Decoded):
        return Reject(src, dec.reason, dec.detail)
    if repairs:
        dec = Decoded(dec.text, _merge(repairs, dec.repairs))
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

    `digest` identifies everything the loaded item is made of (format, bytes, and repairs made
    while reading them, such as a JSONL file's UTF-16 transcoded: a RawDocument is a function of
    these and of the code), so a runner can recognise an unchanged input without decoding it."""

    __slots__ = ("source", "fmt", "data", "url", "published", "charset", "_digest", "repairs")

    def __init__(self, source: str, fmt: str, data: bytes, url: str | None = None, published: str | None = None,
                 charset: str | None = None, repairs: tuple[str, ...] = ()):
        self.source = source
        self.fmt = fmt          # "txt" | "html" | "jsonl" (`data` is then one record, UTF-8) | "warc" | "wet" (a record)
        self.data = data
        self.url = url          # a WARC record's WARC-Target-URI ...
        self.published = published   # ... its WARC-Date (the fallback date)
        self.charset = charset  # ... and the charset of its HTTP Content-Type
        self.repairs = repairs
        self._digest = None

    @property
    def digest(self) -> str:
        if self._digest is None:
            h = hashlib.sha256(b"raw-bytes/1\0" + self.fmt.encode("ascii") + b"\0")
            if self.url or self.published or self.charset:
                h.update(json.dumps([self.url, self.published, self.charset]).encode() + b"\0")
            if self.repairs:
                h.update(("repairs:" + ",".join(self.repairs)).encode("ascii") + b"\0")
            h.update(self.data)
            self._digest = h.hexdigest()
        return self._digest

    def load(self) -> RawDocument | Reject:
        if self.fmt == "jsonl":
            return _jsonl_line(self.source, self.data, self.repairs)
        data = self.data
        html = self.fmt in ("html", "warc")
        dec = decode_bytes(data, declared=(_declared_charset(data) or self.charset) if html else None)
        if not isinstance(dec, Decoded):
            return Reject(self.source, dec.reason, dec.detail)
        meta = dict(url=self.url, fetched=self.published)
        if html:
            return _html_doc(self.source, self.fmt, dec.text, dec.repairs, **meta)
        return _text_doc(self.source, "wet" if self.fmt == "wet" else "txt", dec.text, dec.repairs, **meta)


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _not_a_file(path: Path, e: OSError | None, mode: int | None) -> str:
    """Why `path` cannot be read as a file, in words."""
    if e is not None:
        what = f"{type(e).__name__}: {e.strerror or e}"
        if os.path.islink(path):
            try:
                target = os.fsdecode(os.readlink(path))
            except OSError:
                target = "?"
            kind = "a symlink loop" if e.errno == errno.ELOOP else "a dangling symlink"
            return f"{kind} (to {source_name(target)}; {what})"
        return what
    for test, kind in _KINDS:
        if test(mode):
            if kind == "a folder":
                try:
                    os.scandir(path).close()
                except OSError as le:
                    return f"a folder that cannot be listed ({type(le).__name__}: {le.strerror or le})"
            return f"{kind}, not a regular file"
    return "not a regular file"


def scan_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Pending | Reject]:
    """The inputs held by one file, undecoded: `read_file` with each item left `Pending`
    (rejects found before decoding, such as too large or empty, are yielded as they are).

    Sources are the file's identity (`identity.input_path`, stored as `identity.source_name`).
    Only regular files are opened: a FIFO would block the run, a device never end."""
    path = Path(path)
    src = source_name(input_path(path))
    if is_warc(path):   # an archive is streamed record by record: the size limit is per record
        try:
            yield from scan_warc(path, max_bytes)
        except OSError as e:
            yield Reject(src, "unreadable", f"{type(e).__name__}: {e.strerror or e}")
        return
    fmt = SUFFIXES.get(path.suffix.lower(), "txt")
    try:
        st = os.stat(path)
    except (OSError, ValueError) as e:
        yield Reject(src, "unreadable", _not_a_file(path, e if isinstance(e, OSError) else OSError(str(e)), None))
        return
    if not stat.S_ISREG(st.st_mode):
        yield Reject(src, "unreadable", _not_a_file(path, None, st.st_mode))
        return
    if fmt == "jsonl":
        yield from scan_jsonl(path, src, max_bytes)
        return
    try:
        size = st.st_size
        if size > max_bytes:
            yield Reject(src, "too_large", f"{size} bytes > limit {max_bytes} (raise it with --max-bytes)")
            return
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        yield Reject(src, "unreadable", f"{type(e).__name__}: {e.strerror or e}")
        return
    if len(data) > max_bytes:  # grew since stat
        yield Reject(src, "too_large", f"more than {max_bytes} bytes > limit {max_bytes} (raise it with --max-bytes)")
        return
    if not data.strip():
        yield Reject(src, "empty", "empty file" if not data else "whitespace only")
        return
    yield Pending(src, fmt, data)


# --------------------------------------------------------------------------- JSONL, streamed
JSONL_CHUNK = 1 << 20          # bytes read at a time: memory is this plus one record, whatever the file's size
_BREAK = re.compile(rb"\r\n|\r|\n")


def _utf16_encoding(head: bytes) -> str | None:
    """`utf-16` for a UTF-16 BOM; `utf-16-le`/`-be` when every other byte of the head is NUL."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 8:
        for enc, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            if zeros.count(0) / len(zeros) > 0.6:
                return enc
    return None


def _chunks(f, first: bytes, encoding: str | None) -> Iterator[bytes]:
    """The file's bytes from `first` on, as UTF-8 (transcoded incrementally from UTF-16)."""
    import codecs
    dec = codecs.getincrementaldecoder(encoding)("replace") if encoding else None
    chunk = first
    while chunk:
        yield dec.decode(chunk).encode("utf-8", "surrogatepass") if dec else chunk
        chunk = f.read(JSONL_CHUNK)
    if dec:
        yield dec.decode(b"", final=True).encode("utf-8", "surrogatepass")


def split_records(chunks: Iterator[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, the line's bytes, its size) for every line of a byte stream; the bytes are
    None for a line longer than `max_bytes`, which is counted and never held. Line ends: `\n`,
    `\r\n` and a lone `\r` (old Mac files); JSON strings cannot hold a raw CR or LF."""
    n = 0
    buf = bytearray()
    size = 0
    cr_pending = False      # the last chunk ended with `\r`: a `\n` opening the next one belongs to it
    for chunk in chunks:
        if cr_pending and chunk[:1] == b"\n":
            chunk = chunk[1:]
        cr_pending = False
        start = 0
        for m in _BREAK.finditer(chunk):
            piece = chunk[start:m.start()]
            size += len(piece)
            n += 1
            if size <= max_bytes:
                buf += piece
                yield n, bytes(buf), size
            else:
                yield n, None, size
            buf.clear()
            size = 0
            start = m.end()
            cr_pending = m.group() == b"\r" and m.end() == len(chunk)
        piece = chunk[start:]
        size += len(piece)
        if size <= max_bytes:
            buf += piece
        else:
            buf.clear()
    if size:
        yield n + 1, (bytes(buf) if size <= max_bytes else None), size


def scan_jsonl(path: Path, src: str, max_bytes: int) -> Iterator[Pending | Reject]:
    """The records of a JSONL file, read one at a time: one input per non-blank line
    (`file.jsonl:N`), each within `max_bytes` (a longer one is a `too_large` reject of its
    own). UTF-16 files (with a BOM, or NULs in every other byte) are transcoded, their
    records marked `utf16`; line ends may be LF, CRLF or CR."""
    try:
        with open(path, "rb") as f:
            head = f.read(JSONL_CHUNK)
            if not head:
                yield Reject(src, "empty", "empty file")
                return
            enc = _utf16_encoding(head)
            what = None if enc else sniff_magic(head)
            if what:
                yield Reject(src, "binary", f"{what}, not JSON lines")
                return
            repairs = ("utf16",) if enc else ()   # (the UTF-16 decoder drops the BOM)
            n_items = 0
            for n, line, size in split_records(_chunks(f, head, enc), max_bytes):
                if line is None:
                    n_items += 1
                    yield Reject(f"{src}:{n}", "too_large",
                                 f"record of {size} bytes > limit {max_bytes} (raise it with --max-bytes)")
                elif line.strip():   # a blank line is no input
                    n_items += 1
                    yield Pending(f"{src}:{n}", "jsonl", line, repairs=repairs)
    except OSError as e:
        yield Reject(src, "unreadable", f"{type(e).__name__}: {e.strerror or e}")
        return
    if not n_items:
        yield Reject(src, "empty", "no JSON lines")


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Reject]:
    """The inputs held by one file: one item, or one per non-blank line for JSONL."""
    for item in scan_file(path, max_bytes):
        yield item.load() if isinstance(item, Pending) else item


def iter_inputs(inputs: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Reject]:
    """Every input item named by `inputs`, in order. `UserError` when an input does not exist."""
    for path in expand(inputs):
        yield from read_file(path, max_bytes)
