"""Header fields of a scraped article: publication dateline, bylines, headline.

Pure functions over lines of cleaned text (no I/O apart from the rule files under
`models/boilerplate/`, loaded once). The cleaner (pipeline/clean.py) uses them to set
`CleanDocument.title`, `.dateline` and `.bylines`; the metadata extractor calls
`parse_dateline(clean.dateline.text)`.

    parse_dateline("Thứ hai, 01 Tháng 2 2016 16:50")    -> "2016-02-01T16:50"
    parse_dateline("[Đăng ngày: 24/12/2019]")            -> "2019-12-24"
    parse_dateline("Thứ ba, ngày 14 tháng 05 năm 2024")  -> None   (page-view banner)
    byline_names("Bế Hòa- LĐLĐ tỉnh")                     -> [(0, 6)]   ("Bế Hòa")
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import resources

# --------------------------------------------------------------------------- rules (data)
BOILER = "boilerplate"
# The line tests below are pure and the cleaner asks them again for the same lines in every
# pass and in the header recognition: the costlier ones are memoised (bounded, per process).
LINE_CACHE = 4096


@dataclass(frozen=True)
class _Rules:
    byline_label: re.Pattern
    not_person_words: frozenset[str]
    not_person_phrases: re.Pattern
    outlet: re.Pattern


@lru_cache(maxsize=None)
def rules(base: str | None = None) -> _Rules:
    labels = sorted(resources.load_list(f"{BOILER}/byline_labels.txt", base), key=len, reverse=True)
    alt = "|".join(_flex_label(l) for l in labels)
    # a label opens the line, a bracket, or follows a dash / pipe (caption credits `... - Ảnh: X`)
    label_re = re.compile(rf"(?:^|(?<=[(\[|])|(?<=[-–—|]\s)|(?<=[.;]\s))\s*(?:{alt})\s*:\s*", re.I)
    words, phrases = set(), []
    for r in resources.load_table(f"{BOILER}/not_person_words.tsv", base):
        t = r["text"].casefold()
        (words.add(t) if r["kind"] == "word" else phrases.append(t))
    codes = sorted((r["code"] for r in resources.load_table(f"{BOILER}/outlets.tsv", base)), key=len, reverse=True)
    calt = "|".join(re.escape(c) for c in codes)
    outlet = re.compile(rf"^\s*(?:\(\s*(?:{calt})\s*\)|(?:{calt}))\s*(?:[-–—:]\s*)?$")
    palt = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) or "(?!)"
    return _Rules(label_re, frozenset(words), re.compile(rf"(?<!\w)(?:{palt})(?!\w)"), outlet)


def _flex_label(label: str) -> str:
    """A label as a regex with flexible spacing around `,`, `-`, `&`, `/` and between words."""
    out = []
    for tok in re.split(r"(\s*[,/&\-–]\s*|\s+)", label):
        if not tok:
            continue
        if tok.isspace():
            out.append(r"\s+")
        elif tok.strip() in {",", "/", "&", "-", "–"}:
            out.append(r"\s*[,/&\-–]\s*")
        else:
            out.append(re.escape(tok))
    return "".join(out)


# --------------------------------------------------------------------------- datelines
_WEEKDAY = r"(?:th[ứu]\s*(?:hai|ba|b[ốo]n|t[ưư]|n[ăa]m|s[áa]u|b[ảa]y|[2-7])|ch[ủu]\s*nh[ậa]t|t[2-7]|cn)"
_LABEL = (r"(?:ng[àa]y\s+c[ậa]p\s+nh[ậa]t|c[ậa]p\s+nh[ậa]t(?:\s+l[úu]c)?|ng[àa]y\s+[đd][ăa]ng|[đd][ăa]ng\s+ng[àa]y"
          r"|[đd][ăa]ng\s+l[úu]c|[đd][ăa]ng\s+t[ảa]i|ng[àa]y\s+xu[ấa]t\s+b[ảa]n|xu[ấa]t\s+b[ảa]n|th[ờo]i\s+gian(?:\s+[đd][ăa]ng)?"
          r"|ng[àa]y\s+g[ửu]i|g[ửu]i\s+l[úu]c|ng[àa]y|posted(?:\s+on)?|published(?:\s+on)?|updated|date)")
_DATE_FORMS = {
    "num": r"(?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})\s?[/.\-]\s?(?P<y>\d{4})",
    "thang": r"(?P<d>\d{1,2})\s+th[áa]ng\s+(?P<m>\d{1,2})\s*[,/]?\s*(?:n[ăa]m\s+)?(?P<y>\d{4})",
    "iso": r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})",
    "long": r"ng[àa]y\s+(?P<d>\d{1,2})\s+th[áa]ng\s+(?P<m>\d{1,2})\s*,?\s*n[ăa]m\s+(?P<y>\d{4})",
}
_TIME = (r"(?P<H>\d{1,2})\s?(?::|h|g|giờ)\s?(?P<M>\d{2})(?:\s?:\s?\d{2})?(?:\s?(?:phút|p(?![a-zA-Z.])))?"
         r"(?:\s*(?P<ap>AM|PM|A\.M\.|P\.M\.|SA|CH|sáng|chiều|tối))?(?![\d:])")
_SEP = r"\s*(?:[,|\-–—/·•]\s*)?"
_NOISE = (r"(?:\s*(?:\(?\s*(?:GMT|UTC)\s*[+\-]\s*\d{1,2}(?::?\d{2})?\s*\)?|\(?\s*ICT\s*\)?|\d+|[|·•,\-–—]"
          r"|l[ượu][ợo]t\s+xem\s*:?\s*\d*|views?|\d+\s+(?:lượt\s+xem|bình\s+luận|views?)))*")
_PREFIX = rf"[\[(]?\s*(?:(?P<label>{_LABEL})\s*:?\s*)?(?:(?P<wd>{_WEEKDAY})\s*[,\-–:|]?\s*)?(?:ng[àa]y\s+)?(?:l[úu]c\s*:?\s*)?"


@lru_cache(maxsize=1)
def _datelines() -> tuple:
    """The dateline patterns, compiled on first use (a run that only skips unchanged inputs
    never needs them)."""
    out = []
    for name, date in _DATE_FORMS.items():
        time_first = rf"{_TIME}{_SEP}(?:ng[àa]y\s*:?\s*)?(?:{_WEEKDAY}\s*[,\-–]?\s*)?{date}"
        date_first = rf"{date}(?:{_SEP}(?:l[úu]c\s*:?\s*)?{_TIME})?"
        for order, core in (("time_first", time_first), ("date_first", date_first)):
            body = rf"{_PREFIX}(?:{core})\s*[\])]?"
            out.append((name, order, re.compile(rf"^\s*{body}{_NOISE}\s*[\])]?\s*$", re.I),
                        re.compile(rf"(?<![\w/.\-]){body}", re.I)))
    return tuple(out)

# Every dateline pattern holds its date form, so a form absent from a line rules out both of
# its patterns; the searches are cheap, the fragment patterns (lookbehind first) are not.
_DATE_SCREENS = tuple((name, re.compile(date, re.I)) for name, date in _DATE_FORMS.items())


def _date_forms(s: str) -> set[str]:
    return {name for name, rx in _DATE_SCREENS if rx.search(s)}
_BANNER = re.compile(rf"^\s*(?:h[ôo]m\s+nay\s*[,:]?\s*)?(?:{_WEEKDAY})?\s*[,\-–]?\s*ng[àa]y\s+\d{{1,2}}\s+th[áa]ng\s+\d{{1,2}}"
                     rf"\s*,?\s*n[ăa]m\s+\d{{4}}(?:\s*[,\-–|]?\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*$", re.I)
_BANNER_NUM = re.compile(rf"^\s*h[ôo]m\s+nay\s*[,:]?\s*(?:{_WEEKDAY})?\s*[,\-–]?\s*(?:ng[àa]y\s+)?\d{{1,2}}/\d{{1,2}}/\d{{4}}\s*$", re.I)
MARKER = re.compile(r"^[^\S\n]*date (\d{4}-\d{2}(?:-\d{2})?)(?![\d])[^\S\n]*")


def is_banner_date(line: str) -> bool:
    """A page-view clock or "today" banner (`Thứ ba, ngày 14 tháng 05 năm 2024`): not a dateline."""
    return bool(_BANNER.match(line) or _BANNER_NUM.match(line))


def _value(m: re.Match, long_form: bool) -> str | None:
    if long_form and not m.group("label"):
        return None  # `ngày d tháng m năm y` without `Cập nhật`/`Đăng ngày`: the page-view banner shape
    try:
        d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
        if not 1990 <= y <= 2100:
            return None
        if mo > 12 and d <= 12 and m.group("ap"):
            d, mo = mo, d   # an English-language CMS's clock: `2/23/2023 3:26:39 PM` is month first
        day = _dt.date(y, mo, d)
    except (ValueError, TypeError):
        return None
    h = m.group("H")
    if h is None:
        return day.isoformat()
    hh, mm = int(h), int(m.group("M"))
    ap = (m.group("ap") or "").upper().replace(".", "")
    if ap:
        if not 1 <= hh <= 12:
            return None
        if ap in ("PM", "CH", "CHIỀU", "TỐI") and hh != 12:
            hh += 12
        elif ap in ("AM", "SA", "SÁNG") and hh == 12:
            hh = 0
    if hh > 23 or mm > 59:
        return None
    return f"{day.isoformat()}T{hh:02d}:{mm:02d}"


@lru_cache(maxsize=LINE_CACHE)
def parse_dateline(text: str | None) -> str | None:
    """ISO `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD` for a publication dateline, else None.

    Accepts every form of PATTERNS.md §3: `14/02/2020 09:45`, `07:51 20/02/2020`,
    `09:41, 03/06/2022`, `14:20 | 22/10/2020`, `(17:05, 09/11/2017)`, `15/04/2019 - 10:33`,
    `Thứ Hai, 13/08/2018, 07:45 (GMT+7)`, `Thứ bảy - 05/03/2022 19:12 418 0`,
    `Thứ ba, 17 Tháng 9 2019 08:20`, `Cập nhật lúc 10:05 ngày 02/11/2016`,
    `Cập nhật: 02/12/2022 3:05:00 PM` (12-hour clock, seconds dropped), `[Đăng ngày: 05/01/2021]`,
    a bare `19/07/2016`, `dd.mm.yyyy`, `dd-mm-yyyy`, `09:10,05/07/2023`. The text must be a
    dateline and nothing else (counters and `(GMT+7)` are noise); a body sentence such as
    `Chiều ngày 20/10/2021.` and the page-view banner `Thứ ba, ngày 14 tháng 05 năm 2024`
    give None.
    """
    if not text:
        return None
    s = unicodedata.normalize("NFC", text).replace("\xa0", " ").strip()
    if len(s) > 120 or not any(map(str.isdigit, s)) or is_banner_date(s):
        return None
    forms = _date_forms(s)
    for name, _order, full, _frag in _datelines():
        if name not in forms:
            continue
        m = full.match(s)
        if m:
            v = _value(m, name == "long")
            if v:
                return v
    return None


@lru_cache(maxsize=LINE_CACHE)
def dateline_span(line: str) -> tuple[int, int] | None:
    """(start, end) of the dateline in `line`: the whole line when it is one, else a labelled
    or dated-and-timed fragment (`Tin tức | Cập nhật: 14/06/2019 07:50 | Lượt xem: 20`)."""
    if len(line) > 300 or not any(map(str.isdigit, line)):
        return None
    if parse_dateline(line):
        lead = len(line) - len(line.lstrip())
        return lead, len(line.rstrip())
    if is_banner_date(line):
        return None
    forms = _date_forms(line)
    for name, _order, _full, frag in _datelines():
        if name not in forms:
            continue
        for m in frag.finditer(line):
            if not (m.group("label") or m.group("H")):
                continue  # a bare date inside a longer line is a body date
            if m.group("label") and m.group("label").casefold() in ("ngày", "ngay") and not m.group("H"):
                continue  # `ngày 12/2/2020` inside a sentence
            text = m.group().strip()
            if parse_dateline(text):
                start = m.start() + (len(m.group()) - len(m.group().lstrip()))
                return start, start + len(text)
    return None


def find_dateline(lines: list[str], limit: int | None = None) -> tuple[int, int, int] | None:
    """(line index, start, end) of the first dateline among `lines[:limit]`, or None."""
    for i, line in enumerate(lines[:limit] if limit is not None else lines):
        sp = dateline_span(line)
        if sp:
            return i, sp[0], sp[1]
    return None


# --------------------------------------------------------------------------- names / bylines
_DEGREE = re.compile(r"^(?:(?:PGS|GS|TSKH|TS|ThS|Ths|THS|BS|BSCKII|BSCKI|KS|CN|LS|NB|Nhà báo|NSƯT|NSND)\.?\s*)+(?=\S)")
_SEP_SPLIT = re.compile(r"\s*(?:,|;|\s&\s|\svà\s)\s*")
_AFFIL_SPLIT = re.compile(r"\s*(?:\s[-–—]\s?|[-–—]\s|\s?[-–—](?=[A-ZĐ])|\(|\||/|:)\s*")
_HONORIFIC_START = re.compile(r"^(?:ông|bà|đồng chí|đ/c|chị|em|cô|thầy|bác|cụ)\b", re.I)
_VOWELS = set("aeiouy")


def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0].lower()


def _name_token(tok: str) -> bool:
    parts = [p for p in tok.split(".")]
    if len(parts) > 1:  # initials: `T.HÒA`, `N.Linh`, `T.`
        return all((len(p) == 1 and p.isalpha() and p.isupper()) or (p == "" and i == len(parts) - 1)
                   or (_name_token(p) and i == len(parts) - 1) for i, p in enumerate(parts)) and parts[0] != ""
    if not tok.isalpha() or len(tok) > 7 or not tok[0].isupper():
        return False
    if not (tok[1:].islower() or tok.isupper() or len(tok) == 1):
        return False
    return any(_base(c) in _VOWELS for c in tok) or len(tok) == 1


def name_like(s: str, allow_single: bool = False, strict: bool = False) -> bool:
    """Does `s` read as a person's name (`Mỹ Hạnh`, `LÊ MINH KHA`, `T.HÒA`, `Đỗ Minh Hiếu`)?

    `allow_single`: one word is enough (after a label such as `Ảnh:`).
    `strict` (unlabelled lines): no honorific first, no place names.
    """
    toks = s.split()
    if not toks or len(toks) > 5:
        return False
    if len(toks) == 1:
        t = toks[0]
        if "." in t.strip("."):
            pass  # initial + name
        elif not allow_single or len(t) < 3 or (t.isupper() and len(t) <= 5):
            return False  # `VP`, `PV`, `BTC`, `TTXVN`: abbreviations
    if not all(_name_token(t) for t in toks):
        return False
    r = rules()
    low = " ".join(toks).casefold()
    if any(t.casefold().strip(".") in r.not_person_words for t in toks):
        return False
    if r.not_person_phrases.search(low):
        return False
    if strict and _HONORIFIC_START.match(s):
        return False
    return True


def _split_names(s: str, offset: int, allow_single: bool, strict: bool) -> list[tuple[int, int]]:
    """Names at the start of `s` (offsets + `offset`): `A, B và C - affiliation` -> A, B, C."""
    out: list[tuple[int, int]] = []
    m = _DEGREE.match(s)
    pos = m.end() if m else 0
    # the affiliation starts at the first dash / bracket / pipe / slash
    am = _AFFIL_SPLIT.search(s, pos)
    names_part_end = am.start() if am else len(s)
    seg_start = pos
    for sm in list(_SEP_SPLIT.finditer(s, pos, names_part_end)) + [None]:
        seg_end = sm.start() if sm else names_part_end
        seg = s[seg_start:seg_end]
        dm = _DEGREE.match(seg)
        lead = dm.end() if dm else 0
        core = seg[lead:].rstrip(" .|").strip()
        cstart = seg_start + lead + (len(seg[lead:]) - len(seg[lead:].lstrip()))
        if core and name_like(core, allow_single=allow_single or bool(out), strict=strict):
            out.append((offset + cstart, offset + cstart + len(core)))
        else:
            break  # the rest is an affiliation (`Đỗ Minh Hiếu, LĐLĐ Thành phố`)
        if sm is None:
            break
        seg_start = sm.end()
    return out


_BOI = re.compile(r"^\s*(?:bởi|Bởi|BỞI)\s+")


def labelled_names(line: str) -> list[tuple[int, int]]:
    """Names after a byline / photo-credit label anywhere in `line`: `(Ảnh: Mai Quý)`,
    `Bài, ảnh : Hằng Nguyễn`, `Tin, ảnh: X`, `Tác giả: X`, and `bởi X` opening a line."""
    out: list[tuple[int, int]] = []
    # every label is followed by `:`; the label regex starts with lookbehinds, which `re`
    # cannot screen for, so a line without a colon is not searched
    for m in (rules().byline_label.finditer(line) if ":" in line else ()):
        start = m.end()
        stop = len(line)
        # the credit ends at a closing bracket, a pipe, or a sentence end
        for ch in ")]|":
            k = line.find(ch, start)
            if k != -1:
                stop = min(stop, k)
        seg = line[start:stop]
        if len(seg.strip()) > 80:
            continue
        out.extend(_split_names(seg, start, allow_single=True, strict=False))
    bm = _BOI.match(line)
    if bm and len(line) <= 60:
        out.extend(_split_names(line[bm.end():], bm.end(), allow_single=True, strict=True))
    return sorted(set(out))


_BYLINE_STAMP = re.compile(r"\s*(?:[A-ZĐ]{2,5}\s*)?\|?\s*\d{1,2}/\d{1,2}/\d{4}(?:\s*[-|,]?\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_BYLINE_ROLE = re.compile(r"(?:CTV|PV|Nhóm PV|Nhóm phóng viên)\s+")
_SECOND_AUTHOR = re.compile(r"\s*[-–—]\s*([^\s(),|\-–—][^(),|\-–—]*?)\s*(?:\(.*\))?\s*$")
_AFFIL_START = re.compile(r"^(?:[,;]|[-–—(|/:])")


def byline_line_names(line: str) -> list[tuple[int, int]]:
    """Names when the WHOLE line is a byline: `Mỹ Hạnh - VP`, `Đỗ Minh Hiếu, LĐLĐ Thành phố`,
    `Bế Hòa- LĐLĐ tỉnh`, `Thu Trang, Minh Đức`, `QUANG VINH`, `LÊ MINH KHA |`,
    `ThS. Vũ Đình Lâm - Nguyên Trưởng Ban Tổ chức LĐLĐ tỉnh`."""
    s = line.rstrip()
    # a byline often carries the time it was posted and the outlet's code: `Kiều Vũ LDO | 21/10/2023 09:15`
    tail = _BYLINE_STAMP.search(s)
    if tail:
        s = s[:tail.start()]
    if not s or len(s) > 90 or any(map(str.isdigit, s)):
        return []
    lead = _BYLINE_ROLE.match(s)    # `CTV Lâm Hiền`: a contributor's label
    start = lead.end() if lead else 0
    names = _split_names(s[start:], start, allow_single=False, strict=True)
    if not names:
        return []
    # what follows the last name must be an affiliation or a second author (`Minh Thanh – Mạnh Hà`)
    rest = s[names[-1][1]:].strip(" .|")
    if rest:
        second = _SECOND_AUTHOR.match(s, names[-1][1])
        if second and name_like(second.group(1), strict=True):
            return names + [second.span(1)]
        if not _AFFIL_START.match(rest) or len(rest) > 70:
            return []
    return names


def byline_names(line: str, whole_line: bool = False) -> list[tuple[int, int]]:
    """(start, end) of every author / photo-credit NAME in `line`.

    Labelled credits anywhere in the line always count; with `whole_line=True` (a line in a
    byline position: right under the headline, or after the last paragraph) an unlabelled
    line that is a name plus an optional affiliation counts too.
    """
    found = labelled_names(line)
    if whole_line and not found:
        found = byline_line_names(line)
    return found


# --------------------------------------------------------------------------- lines
LEAD_OPENER = re.compile(
    r"^(?:(?-i:\(?[A-ZĐ]{2,6}\)?\s*[-–—]\s|\([A-ZĐ]{2,6}\)\s)|"
    r"(?:sáng|chiều|tối|trưa|đêm|ngày|hôm)\s+(?:ngày\s+|nay\s+|qua\s+|mai\s+)?(?:\(?\d{1,2}[/\-.]\d{1,2}|\d{1,2}\s+tháng|nay|qua)|"
    r"(?:vừa qua|mới đây|gần đây|hôm nay|hôm qua|sáng nay|chiều nay|tối nay|trong (?:các )?ngày|trong (?:những )?năm|"
    r"năm \d{4},|từ ngày \d|tại buổi|tại hội|thực hiện kế hoạch|nhằm |theo kế hoạch|tin tổng hợp:)|"
    r"\d{1,2}/\d{1,2}(?:/\d{4})?\s*[,:]\s)", re.I)
SENT_BREAK = re.compile(r"[.!?…][\"”’)]?\s+[A-ZĐÀ-ỸÂĂÊÔƠƯ\"“(]")


_ASCII_LOWER = re.compile("[a-z]")


def is_caps(s: str) -> bool:
    if _ASCII_LOWER.search(s):
        return False  # fast path: the usual mixed-case line
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


@lru_cache(maxsize=LINE_CACHE)
def is_body_line(line: str) -> bool:
    """A paragraph of the article (the lead or later), as opposed to header lines."""
    n = len(line)
    if n >= 250:
        return True
    if is_caps(line):
        return False
    if n >= 40 and LEAD_OPENER.match(line):
        return True
    if n >= 100 and line.rstrip().endswith((".", "!", "?", "…", "./.", ".\"", ".”", ";")):
        return True
    if n >= 120 and len(SENT_BREAK.findall(line)) >= 1:
        return True
    return False


_BULLET = re.compile(r"^(?:[•·▪■●►▶◆◇○◦*+»]|[-–—](?=\s))\s*")


def bullet_end(line: str) -> int:
    """Offset where a line's text starts after a bullet (`• `, `+ `, `- `)."""
    m = _BULLET.match(line)
    return m.end() if m else 0


def is_outlet_line(line: str) -> bool:
    return bool(rules().outlet.match(line))


_CAPTION_START = re.compile(r"^[(\[]?\s*(?:ảnh|hình|nguồn|video|clip)\b", re.I)


@lru_cache(maxsize=LINE_CACHE)
def is_title_candidate(line: str) -> bool:
    s = line[bullet_end(line):].strip()
    n = len(s)
    if n > 250 or n < 8:
        return False
    if parse_dateline(s) or is_banner_date(s) or is_outlet_line(s) or _CAPTION_START.match(s):
        return False
    if byline_line_names(s) or labelled_names(s):
        return False
    words = s.split()
    if s.endswith(":"):
        return len(words) >= 2
    if n < 20 or len(words) < 3:
        return False
    if not any(c.isalpha() for c in s):
        return False
    if SENT_BREAK.search(s) and not is_caps(s):
        return False  # two sentences: a lead
    if not is_caps(s) and s.endswith((".", "!", "?")) and len(words) >= 14:
        return False
    return True


_PUNCT = re.compile(r"[^\w\s]")


def norm_key(s: str) -> str:
    """Comparison key for duplicate headlines: casefold, no punctuation, single spaces."""
    s = unicodedata.normalize("NFC", s).casefold()
    s = _PUNCT.sub(" ", s)
    return " ".join(s.split())


@dataclass(frozen=True)
class TitleChoice:
    first: int        # index of the first line of the title
    start: int        # offset in that line (after a bullet)
    last: int         # index of the last line (== first unless a `:` kicker is joined)
    end: int          # offset in the last line
    dropped: tuple[int, ...] = ()   # indices of duplicate copies (ALL CAPS, re-wrapped, truncated)


def choose_title(lines: list[str], zone_end: int, hint: str | None = None) -> TitleChoice | None:
    """The headline among `lines[:zone_end]` (the header, before the lead), per GUIDE decisions.

    The title is the headline candidate that is followed by the dateline, a byline or the
    lead; a series name or kicker above it is left out, except a kicker ending with `:`,
    which is joined with the next line (and then wins over a related-headline strip below).
    Of duplicate copies (ALL CAPS + mixed case, re-wrapped, truncated) anywhere in the header
    the mixed-case, complete one is taken and the others are reported in `dropped`. None when
    the text opens with the lead.
    """
    stop = min(zone_end, len(lines))
    cands = [i for i in range(stop) if is_title_candidate(lines[i])]
    if not cands:
        return None
    dropped: set[int] = set()
    keys = {i: norm_key(lines[i][bullet_end(lines[i]):]) for i in cands}
    for i in cands:
        for j in cands:
            if i == j or i in dropped or j in dropped:
                continue
            ki, kj = keys[i], keys[j]
            if not ki or not kj:
                continue
            if ki == kj:
                # keep the mixed-case copy; of two alike, the later one
                worse = i if (is_caps(lines[i]) and not is_caps(lines[j])) else (
                    j if (is_caps(lines[j]) and not is_caps(lines[i])) else min(i, j))
                dropped.add(worse)
            elif len(ki) >= 20 and kj.startswith(ki) and len(ki) < len(kj):
                dropped.add(i)  # truncated copy (breadcrumb)
    # re-wrapped copies: a run of short lines whose words make a candidate (`CỤM ... 2022` then
    # `Cụm thi đua số 4` / `tổng kết` / `năm 2022`); the run is dropped, the one-line copy kept
    for j in cands:
        kj = keys[j]
        if j in dropped or len(kj) < 15:
            continue
        for a in range(stop):
            if a == j:
                continue
            joined, b = "", a
            while b < stop and b != j:
                k = norm_key(lines[b])
                if not k:
                    break
                joined = f"{joined} {k}".strip()
                if not kj.startswith(joined):
                    break
                if joined == kj and b > a:
                    dropped.update(range(a, b + 1))
                    break
                b += 1
    # the group of headline lines that the dateline, a byline or the lead closes
    pending: list[int] = []
    for i in range(stop):
        if i in dropped:
            continue
        line = lines[i]
        if dateline_span(line) or is_banner_date(line) or byline_line_names(line):
            if pending:
                break
            continue
        if i in keys:
            pending.append(i)
    if not pending:
        return None
    drop = tuple(sorted(dropped))
    if hint:
        hk = norm_key(hint)
        for i in pending:
            if keys[i] == hk:
                return TitleChoice(i, bullet_end(lines[i]), i, len(lines[i].rstrip()), drop)
    for x, y in zip(pending, pending[1:]):
        if y == x + 1 and lines[x].rstrip().endswith(":") and not lines[y].rstrip().endswith(":"):
            return TitleChoice(x, bullet_end(lines[x]), y, len(lines[y].rstrip()), drop)
    last = pending[-1]
    return TitleChoice(last, bullet_end(lines[last]), last, len(lines[last].rstrip()), drop)
