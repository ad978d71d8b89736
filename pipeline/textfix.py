"""Encoding repair for scraped Vietnamese text: bytes -> str, and the usual damage undone.

Everything here is pure (no I/O) and cheap; regexes and tables are built once at import.

- `decode_bytes(data)`: UTF-8 (with BOM), UTF-16 with a BOM or an obvious NUL pattern, or a legacy
  Vietnamese encoding (Windows-1258, VNI-Windows, TCVN3/ABC) when the decoded text reads as
  Vietnamese with confidence. Returns a `Decoded` (text + repairs) or a `Rejected` reason.
- `repair_text(text)`: mojibake (UTF-8 bytes read as cp1252/Latin-1 and saved again), legacy
  8-bit fonts saved as UTF-8 (`C«ng ®oµn`), HTML entities, zero-width and control characters,
  CRLF, NFD -> NFC, stray whitespace around lines. Returns (text, repairs).
- `vietnamese_score(text)`: share of syllables that are frequent Vietnamese syllables; the
  confidence measure behind every guess above.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# --------------------------------------------------------------------------- confidence
_SYLL = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from . import resources
    return frozenset(w.casefold() for w in resources.load_list("boilerplate/vietnamese_common_syllables.txt"))


def vietnamese_score(text: str, limit: int = 20000) -> float:
    """Share of alphabetic tokens (first `limit` chars) that are frequent Vietnamese syllables."""
    words = _SYLL.findall(unicodedata.normalize("NFC", text[:limit]))
    if not words:
        return 0.0
    common = _common()
    return sum(1 for w in words if w.casefold() in common) / len(words)


# --------------------------------------------------------------------------- mojibake
def _cp1252_table() -> dict[str, int]:
    """char -> byte for bytes 0x80..0xFF as cp1252 (undefined ones as Latin-1 C1 controls)."""
    table: dict[str, int] = {}
    for b in range(0x80, 0x100):
        try:
            table[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            pass
        table.setdefault(chr(b), b)  # Latin-1 reading (C1 controls 0x80-0x9F, same above 0xA0)
    return table


_TO_BYTE = _cp1252_table()
_CONT = "".join(re.escape(c) for c, b in _TO_BYTE.items() if 0x80 <= b <= 0xBF)
_LEAD2 = "".join(re.escape(c) for c, b in _TO_BYTE.items() if 0xC2 <= b <= 0xDF)
_LEAD3 = "".join(re.escape(c) for c, b in _TO_BYTE.items() if 0xE0 <= b <= 0xEF)
_LEAD4 = "".join(re.escape(c) for c, b in _TO_BYTE.items() if 0xF0 <= b <= 0xF4)
# A final byte 0xA0 (NBSP in cp1252: `à` = C3 A0 -> `Ã\xa0`, `Ơ` = C6 A0) often became a plain
# space on the way, so a space may close a sequence; the decoded result is checked anyway.
_MOJI_RUN = re.compile(
    rf"(?:[{_LEAD2}][{_CONT} ]|[{_LEAD3}][{_CONT}][{_CONT} ]|[{_LEAD4}][{_CONT}]{{2}}[{_CONT} ])+")
# Pairs that never occur in Vietnamese (or any sane) text but always in mojibake of it.
_MOJI_MARK = re.compile(r"Ä‘|Ä\x91|Ä\x90|Ä\u0090|á[º»]|Æ[°¡¯ ]|Ã[´¡¢ª³²¹º½¬­£¨©]|â€|Ãƒ|Â\xa0")


def _allowed(ch: str) -> bool:
    o = ord(ch)
    # Latin letters and marks, general punctuation, € and ™: Vietnamese text, or one layer of
    # mojibake still to undo (cp1252 also holds ƒ ˆ ˜ Š Œ Ž š œ ž Ÿ).
    return (0x20 <= o < 0x7F or 0x80 <= o <= 0x24F or 0x2B0 <= o <= 0x36F or 0x1E00 <= o <= 0x1EFF
            or 0x2000 <= o <= 0x206F or o in (0x20AC, 0x2122) or ch in "\n\t")


def _unmojibake_run(m: re.Match) -> str:
    s = m.group()
    try:
        raw = bytes(0xA0 if c == " " else _TO_BYTE[c] for c in s)
        out = raw.decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return s
    return out if all(_allowed(c) for c in out) else s


def fix_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8-read-as-cp1252/Latin-1 (up to twice), only when the text carries its marks."""
    changed = False
    for _ in range(2):
        if not _MOJI_MARK.search(text):
            break
        fixed = _MOJI_RUN.sub(_unmojibake_run, text)
        if fixed == text:
            break
        text, changed = fixed, True
    return text, changed


# --------------------------------------------------------------------------- legacy 8-bit fonts
# TCVN 5712:1993 (VN3 / "ABC" fonts .VnTime): one byte per lower-case letter; upper-case
# letters with marks come from a second font with the same codes, so they read lower-case.
_TCVN3 = dict(zip(
    "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢£¤¥¦§",
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂÊÔƠƯĐ"))
_TCVN3_RE = re.compile("[" + re.escape("".join(_TCVN3)) + "]")
_TCVN3_HINT = re.compile(r"®|[a-z][«¬¨©ª\xad][a-zµ¸¶·¹]|[cC]«ng|n¨m|vµ|cña|c¸c|®­")
# every hint holds one of these: one scan for them spares the hint search on ordinary text
_TCVN3_CHARS = re.compile("[®«¬¨©ª\xadµñ¸]")

# VNI-Windows: ASCII base letter followed by mark bytes (read through cp1252).
_VNI_TONE = {"ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
             "Ø": "\u0300", "Ù": "\u0301", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323"}
_VNI_CIRC = {"â": "", "à": "\u0300", "á": "\u0301", "å": "\u0309", "ã": "\u0303", "ä": "\u0323",
             "Â": "", "À": "\u0300", "Á": "\u0301", "Å": "\u0309", "Ã": "\u0303", "Ä": "\u0323"}
_VNI_BREVE = {"ê": "", "è": "\u0300", "é": "\u0301", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323",
              "Ê": "", "È": "\u0300", "É": "\u0301", "Ú": "\u0309", "Ü": "\u0303", "Ë": "\u0323"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ",
               "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
               "Ì": "Ì", "Í": "Í", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ"}
_VNI_RE = re.compile(r"([aA])([êèéúüëÊÈÉÚÜË])|([aeoAEO])([âàáåãäÂÀÁÅÃÄ])|([aeiouyAEIOUYôöÔÖ])([øùûõïØÙÛÕÏ])"
                     r"|([ôöñÔÖÑìíæóòîÌÍÆÓÒÎ])")
_VNI_HINT = re.compile(r"ñoa[øØ]n|coâng|Coâng|vaø|cuûa|caùc|naêm|ngöôøi|ñöôïc|Vieät|Lieân|vieân|ñoäng")


def _vni_sub(m: re.Match) -> str:
    if m.group(1):
        return unicodedata.normalize("NFC", m.group(1) + "\u0306" + _VNI_BREVE[m.group(2)])
    if m.group(3):
        return unicodedata.normalize("NFC", m.group(3) + "\u0302" + _VNI_CIRC[m.group(4)])
    if m.group(5):
        base = _VNI_SINGLE.get(m.group(5), m.group(5))
        return unicodedata.normalize("NFC", base + _VNI_TONE[m.group(6)])
    return _VNI_SINGLE[m.group(7)]


def _c1_table() -> dict[int, str]:
    out = {}
    for b in range(0x80, 0xA0):
        try:
            out[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return out


_C1_TO_CP1252 = _c1_table()


def _cp1252_lenient(data: bytes) -> str:
    """cp1252, with its five undefined bytes read as Latin-1 (never fails)."""
    return data.decode("latin-1").translate(_C1_TO_CP1252)


def from_tcvn3(text: str) -> str:
    return _TCVN3_RE.sub(lambda m: _TCVN3[m.group()], text)


def from_vni(text: str) -> str:
    return _VNI_RE.sub(_vni_sub, text)


def _best_legacy(text: str, candidates) -> tuple[str, str] | None:
    """The candidate conversion that reads as Vietnamese with confidence, as (text, name)."""
    base = vietnamese_score(text)
    best = None
    for name, conv in candidates:
        try:
            out = conv(text)
        except Exception:
            continue
        s = vietnamese_score(out)
        if s >= 0.25 and s >= base + 0.15 and (best is None or s > best[0]):
            best = (s, out, name)
    return (best[1], best[2]) if best else None


def fix_legacy_font(text: str) -> tuple[str, str | None]:
    """A TCVN3 / VNI document that reached us already as Unicode (read through cp1252)."""
    cands = []
    head = text[:20000]
    if _TCVN3_CHARS.search(head) and len(_TCVN3_HINT.findall(head)) >= 2:
        cands.append(("tcvn3", from_tcvn3))
    if len(_VNI_HINT.findall(head)) >= 2:
        cands.append(("vni", from_vni))
    if not cands:
        return text, None
    got = _best_legacy(text, cands)
    return got if got else (text, None)


# --------------------------------------------------------------------------- bytes -> str
@dataclass(frozen=True)
class Decoded:
    text: str
    repairs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejected:
    reason: str
    detail: str


MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"), (b"%PDF-", "PDF document"), (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip archive"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (OLE) document"),
    (b"\x7fELF", "ELF executable"), (b"MZ", "Windows executable"), (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!", "RAR archive"), (b"ID3", "MP3 audio"), (b"OggS", "Ogg media"), (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"), (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"),
    (b"SQLite format 3\x00", "SQLite database"), (b"\x00\x00\x01\x00", "icon"),
)
_RIFF = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}
_BINARY_CTRL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def sniff_magic(data: bytes) -> str | None:
    """What the file is when its first bytes are a known binary signature."""
    head = data[:64]
    for sig, what in MAGIC:
        if head.startswith(sig):
            if sig == b"MZ" and b"\x00" not in data[:2048]:
                continue  # `MZ` is also how a text can start; executables carry NULs
            return what
    if head[:4] == b"RIFF" and head[8:12] in _RIFF:
        return _RIFF[head[8:12]]
    if head[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    return None


def sniff_control(data: bytes) -> str | None:
    """A description when more than 1% of the first 8 KB are control bytes (not tab/newline/...)."""
    sample = data[:8192]
    if sample:
        ctrl = len(sample) - len(sample.translate(None, _BINARY_CTRL))
        if ctrl >= 3 and ctrl / len(sample) > 0.01:
            return f"{ctrl} control bytes in the first {len(sample)}"
    return None


def _utf16(data: bytes) -> str | None:
    """Text when `data` is UTF-16 (BOM, or NULs in every other byte of mostly-ASCII text)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    sample = data[:4096]
    if len(sample) >= 8:
        even, odd = sample[0::2], sample[1::2]
        for enc, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
            if zeros.count(0) / len(zeros) > 0.6:
                try:
                    return data[: len(data) // 2 * 2].decode(enc)
                except UnicodeDecodeError:
                    return None
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded | Rejected:
    """Bytes of a text/HTML file -> text, or the reason why it is not usable text.

    `declared`: a charset named by the file itself (HTML `<meta charset>`), tried after UTF-8.
    """
    repairs: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        repairs.append("bom")
    what = sniff_magic(data)
    if what:
        return Rejected("binary", f"{what}, not text")
    if b"\x00" in data:
        text = _utf16(data)
        if text is None:
            n, first = data.count(0), data.index(0)
            return Rejected("binary", f"contains {n} NUL byte(s) (first at offset {first}); not a text file")
        return Decoded(text.lstrip("\ufeff"), tuple(repairs + ["utf16"]))
    what = sniff_control(data)
    if what:
        return Rejected("binary", f"{what}, not text")
    try:
        return Decoded(data.decode("utf-8"), tuple(repairs))
    except UnicodeDecodeError as e:
        err = e
    # A file cut inside the last character (scrapers truncate at a byte count).
    if err.start >= len(data) - 3 and err.reason in ("unexpected end of data", "invalid continuation byte"):
        try:
            return Decoded(data[: err.start].decode("utf-8"), tuple(repairs + ["truncated_utf8"]))
        except UnicodeDecodeError:
            pass
    # UTF-8 with a few stray single bytes (a Windows-1252 NBSP or dash pasted in): the bytes
    # are read as cp1252, the rest stays UTF-8.
    text = data.decode("utf-8", errors="surrogateescape")
    stray = [c for c in text if "\udc80" <= c <= "\udcff"]
    if len(stray) <= max(3, len(data) // 1000) and vietnamese_score(text) >= 0.25:
        fixed = "".join(_cp1252_lenient(bytes([ord(c) - 0xDC00])) if "\udc80" <= c <= "\udcff" else c
                        for c in text)
        return Decoded(fixed, tuple(repairs + ["stray_bytes"]))
    # Legacy Vietnamese encodings, only when the result reads as Vietnamese.
    cands = []
    if declared:
        dec = declared.lower().replace("_", "-")
        if dec in ("windows-1258", "cp1258"):
            cands.append(("cp1258", lambda d: unicodedata.normalize("NFC", d.decode("cp1258"))))
    cands += [
        ("cp1258", lambda d: unicodedata.normalize("NFC", d.decode("cp1258"))),
        ("vni", lambda d: from_vni(d.decode("cp1252", errors="strict"))),
        ("tcvn3", lambda d: from_tcvn3(_cp1252_lenient(d))),
    ]
    base_text = data.decode("latin-1")
    best = None
    base = vietnamese_score(base_text)
    for name, conv in cands:
        try:
            out = conv(data)
        except (UnicodeDecodeError, ValueError):
            continue
        s = vietnamese_score(out)
        if s >= 0.25 and s >= base + 0.15 and (best is None or s > best[0]):
            best = (s, out, name)
    if best:
        return Decoded(best[1], tuple(repairs + [best[2]]))
    return Rejected("undecodable", f"not UTF-8 ({err.reason} at byte {err.start}) and not a Vietnamese "
                                   f"legacy encoding (cp1258, VNI, TCVN3) recognised with confidence")


# --------------------------------------------------------------------------- text repairs
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# Invisible format characters (zero-width space/joiners, BOM, bidi marks, soft hyphen ...).
_FORMAT = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def strip_lines(text: str) -> str:
    r"""Whitespace (any but the newline) removed around every line, in linear time.

    The regex form `^[^\S\n]+|[^\S\n]+$` (re.M) is quadratic on a long run of spaces inside
    a line: at each space it scans the rest of the run before failing on the next word (200k
    spaces: 155 s). `str.strip()` strips exactly the characters `\s` matches (`str.isspace`),
    and the lines hold no newline."""
    return "\n".join(line.strip() for line in text.split("\n"))


def repair_text(text: str, entities: bool = True, lines: bool = True) -> tuple[str, tuple[str, ...]]:
    """Undo the damage scraped text usually carries; returns (text, names of what was fixed).

    `entities`: decode HTML entities (not for HTML sources, whose parser does it).
    `lines`: strip whitespace around every line (not for HTML sources).
    Order matters: legacy bytes and mojibake first (they need the exact characters), then
    entities, invisible characters, line breaks, and NFC last (removals can expose pairs).
    """
    repairs: list[str] = []
    if text.startswith("\ufeff"):
        text = text.lstrip("\ufeff")
        repairs.append("bom")
    text, fixed = fix_mojibake(text)
    if fixed:
        repairs.append("mojibake")
    text, legacy = fix_legacy_font(text)
    if legacy:
        repairs.append(legacy)
    if entities and _ENTITY.search(text):
        new = html.unescape(text)
        if new != text:
            text = new
            repairs.append("entities")
    if _FORMAT.search(text):
        text = _FORMAT.sub("", text)
        repairs.append("zero_width")
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
        repairs.append("control_chars")
    if _BREAKS.search(text):
        text = _BREAKS.sub("\n", text)
        repairs.append("crlf")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        text = nfc
        repairs.append("nfc")
    if lines:
        stripped = strip_lines(text)
        if stripped != text:
            text = stripped
            repairs.append("whitespace")
    return text, tuple(repairs)
