"""Clean stage: normalise text, take the article out of HTML, drop scraped boilerplate, and
recognise the header fields (headline, dateline, bylines).

A web page is first read by trafilatura (pipeline/webpage.py: headline, lead, paragraphs,
captions and the page's metadata); a page that is not Vietnamese is rejected (`language`,
pipeline/lang.py) before any of that. The page's lines then take the same path as plain text.

Output text: Unicode NFC, one line per paragraph, a blank line between paragraphs, single
spaces (U+00A0 and runs of whitespace folded), no invisible characters. The headline,
dateline, body, image captions and bylines are kept; page chrome is dropped by rules kept as
data under `models/boilerplate/` (widget/counter lines, footers and related-links headings,
section labels, menu words, share bars). Related-headline strips with no
heading are KEPT: seed 001's gold counts the clusters named in one.

Cleaning is idempotent (`clean(clean(x)).text == clean(x).text`): the line rules are applied
until nothing changes, and the only one-shot steps (splitting lines at runs of spaces,
stripping the scraper's ` date YYYY-MM-DD` marker) leave nothing for a second pass to find.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import header as H
from . import resources
from . import lang
from .model import CleanDocument, RawDocument, Reject, Span
from .webpage import extract_page

BOILER = "boilerplate"
MAX_PASSES = 8
HEADER_LINES = 20          # the header (headline, dateline, chrome) lies within the first lines
TAIL_LINES = 4             # a byline stands within the first lines after the last paragraph


# --------------------------------------------------------------------------- rules (data)
@dataclass(frozen=True)
class _Rules:
    widget: re.Pattern
    footer_cut: re.Pattern
    footer_block: re.Pattern
    labels: frozenset[str]
    menu_prefix: re.Pattern
    menu_split: re.Pattern
    share_words: frozenset[str]


@lru_cache(maxsize=None)
def rules(base: str | None = None) -> _Rules:
    """Boilerplate rules from `models/boilerplate/`, compiled once per process."""
    widgets = [r["pattern"] for r in resources.load_table(f"{BOILER}/widget_lines.tsv", base)]
    widget = re.compile("|".join(f"(?:{p})" for p in widgets), re.I)
    cut, block = [], []
    for r in resources.load_table(f"{BOILER}/footer_phrases.tsv", base):
        (cut if r["action"] == "cut" else block).append(r["phrase"])
    footer_cut = re.compile(r"(?:%s)\s*:?" % "|".join(f"(?:{p})" for p in cut), re.I)
    footer_block = re.compile(r"(?:%s)\s*:?" % "|".join(f"(?:{p})" for p in block), re.I)
    labels = frozenset(H.norm_key(l) for l in resources.load_list(f"{BOILER}/section_labels.txt", base))
    menu = sorted(resources.load_list(f"{BOILER}/menu_words.txt", base), key=len, reverse=True)
    malt = "|".join(re.escape(m).replace(r"\ ", r"\s*") for m in menu)
    # a run of menu words glued to what follows (`Trang chủ Tin tứcYên Bái: ...`)
    menu_prefix = re.compile(rf"^(?:(?:{malt})\s*[>»|/]?\s*)+(?-i:(?=[A-ZĐÀ-ỸÂĂÊÔƠƯ]))", re.I)
    share = frozenset(w.casefold() for w in resources.load_list(f"{BOILER}/share_words.txt", base))
    return _Rules(
        widget=widget, footer_cut=footer_cut, footer_block=footer_block, labels=labels,
        menu_prefix=menu_prefix, menu_split=re.compile(rf"(?:{malt})", re.I), share_words=share,
    )


# --------------------------------------------------------------------------- normalisation
_FORMAT = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
                     "\U000e0000-\U000e007f]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_BREAK_CHAR = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # (a class: scanned fast, unlike _BREAKS)
_WS = re.compile(r"[^\S\n]+")
_RUN = re.compile(r"[^\S\n]{8,}|(?<=[.!?:;])[^\S\n]{4,}")  # columns glued into one line
_INLINE_JUNK = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|<!--|-->")


def _paragraph_like(s: str) -> bool:
    """Clearly a paragraph of the article (a slogan is one long clause, not this)."""
    return len(s) >= 250 or bool(H.LEAD_OPENER.match(s)) or (len(s) >= 120 and bool(H.SENT_BREAK.search(s)))


def _split_columns(s: str) -> list[str]:
    if "    " not in s and s.isprintable():
        return [s]  # fast path: no run of 4 spaces (printable: no whitespace but U+0020)
    return _RUN.split(s)


def _norm_line(s: str) -> str:
    # Fast path for the usual line. str.isprintable() is False for every whitespace character
    # but U+0020 and for every invisible (_FORMAT) or control character, so a printable line
    # without a double space has nothing to remove or fold.
    if s.isprintable() and "  " not in s and unicodedata.is_normalized("NFC", s):
        return s.strip()
    s = _FORMAT.sub("", s)
    s = _CONTROL.sub("", s)
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    return _WS.sub(" ", s).strip()


def _split_lines(text: str) -> list[str]:
    """Lines at every line break; most texts hold only `\n`, so _BREAKS runs only when needed."""
    if _BREAK_CHAR.search(text):
        text = _BREAKS.sub("\n", text)
    return text.split("\n")


def normalise(text: str) -> str:
    """NFC, invisible and control characters removed, whitespace folded, one line per paragraph."""
    lines = [_norm_line(l) for l in _split_lines(text)]
    return "\n\n".join(l for l in lines if l)


# --------------------------------------------------------------------------- one-shot steps
def _pre(text: str) -> tuple[list[str], str | None]:
    """Raw text -> normalised non-empty lines; the scraper's date marker; columns split."""
    raw_lines = _split_lines(text)
    marker = None
    # ` date 2023-05-17` glued to the first line (possibly repeated, possibly alone on it)
    i = 0
    while i < len(raw_lines):
        if not _norm_line(raw_lines[i]):
            i += 1
            continue
        m = H.MARKER.match(_FORMAT.sub("", raw_lines[i]).replace("\xa0", " "))
        if not m:
            break
        marker = marker or m.group(1)
        raw_lines[i] = _FORMAT.sub("", raw_lines[i]).replace("\xa0", " ")[m.end():]
    out: list[str] = []
    seen_body = False
    for raw in raw_lines:
        # (a printable line holds no invisible character and no U+00A0)
        s = (raw if raw.isprintable() else _FORMAT.sub("", raw).replace("\xa0", " ")).strip()
        if not s:
            continue
        pieces = [p for p in (_norm_line(x) for x in _split_columns(s)) if p]
        if not pieces:
            continue
        if len(pieces) >= 2:
            # Columns printed on one line. Three or more before the article has begun are a
            # banner of slogans above the headline (seed 002): dropped. Otherwise
            # (`... ./.      Byline`, `Title      07:51 20/02/2020`) each piece is a line.
            if not seen_body and len(pieces) >= 3 and not any(_paragraph_like(p) or H.parse_dateline(p)
                                                               for p in pieces):
                continue
            out.extend(pieces)
        else:
            out.append(pieces[0])
        if any(H.is_body_line(p) for p in pieces):
            seen_body = True
    return out, marker


# --------------------------------------------------------------------------- line rules
_BREADCRUMB = re.compile(r"^(?:[>»›]\s*\S|.*\S\s+[>»›]\s+\S.*\s[>»›]\s+\S)|^(?:trang chủ|home)\s*[>»›/|]", re.I)
_LABEL_SEP = re.compile(r"\s*[-–—|/>»›]\s*")
_CRUMB_SEP = re.compile(r"\s[>»›]\s")
_PIPES = re.compile(r"^\|+\s*(.*?)\s*\|*$|^(.*?)\s*\|+$")
_END_MARK_TAIL = re.compile(r"(\./\.|\.\s?/\s?\.)\s+(\S.{0,80})$")
_ASCII_WORD = re.compile(r"^[A-Za-z]+$")
# five or more unaccented words glued in front of accented text (a de-accented slug)
_SLUG_PREFIX = re.compile(r"^(?:[A-Za-z]+ ){5,}(?=[A-Za-z]*[À-ɏḀ-ỿ])")
_HAS_VI = re.compile(r"[À-ɏḀ-ỿ]")
_SHARE_SEP = re.compile(r"[\s|/·•]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_TWO_WORD_CHARS = re.compile(r"[^\W_].*?[^\W_]", re.S)  # i.e. len(re.sub(r"[\W_]", "", s)) >= 2
_MENU_SEP = re.compile(r"[>»|/]")


def _is_share_bar(line: str) -> bool:
    """A line made only of share/print/follow words and counts (`Chia sẻ Facebook Zalo 12`)."""
    if len(line) > 80:
        return False
    words = [w.strip("()[]:.,") for w in _SHARE_SEP.split(line.casefold())]
    words = [w for w in words if w]
    share = rules().share_words
    return bool(words) and len(words) <= 12 and all(w in share or w.isdigit() for w in words) \
        and any(w in share and len(w) > 2 for w in words)


@lru_cache(maxsize=H.LINE_CACHE)
def _is_slug(line: str, vi_doc: bool) -> bool:
    """An image-alt slug or de-accented copy (`CĐ - hoi nghi Lua`, `ky ket giao uoc ...`):
    in a Vietnamese document, three or more words without a single diacritic, mostly lower-case
    (an abbreviation such as `CĐ` in front does not count)."""
    if not vi_doc or len(line) > 300:
        return False
    words = [w for w in _LETTERS.findall(line) if not (w.isupper() and len(w) <= 5)]
    if len(words) < 3 or any(not _ASCII_WORD.match(w) for w in words):
        return False
    return sum(1 for w in words if w[0].islower()) >= max(2, len(words) // 2)


@lru_cache(maxsize=H.LINE_CACHE)
def _drop_line(line: str) -> bool:
    if len(line) > 300:
        return False  # every chrome shape below is short; paragraphs are not tested
    r = rules()
    if r.widget.fullmatch(line):
        return True
    if len(line) <= 60 and H.norm_key(line) in r.labels:
        return True
    if len(line) <= 80 and _LABEL_SEP.search(line):
        parts = [H.norm_key(p) for p in _LABEL_SEP.split(line)]
        if len(parts) >= 2 and all(p in r.labels for p in parts if p) and sum(1 for p in parts if p) >= 2:
            return True  # `Lao động - Công đoàn`, `Tin tức | Sự kiện`
    if _BREADCRUMB.match(line) and len(line) <= 300:
        return True
    if len(line) <= 120 and _CRUMB_SEP.search(line):
        parts = [p for p in _CRUMB_SEP.split(line) if p.strip()]
        if len(parts) >= 2 and (H.norm_key(parts[0]) in r.labels or r.menu_prefix.match(parts[0] + " X")):
            return True  # `Tin tức > Hoạt động công đoàn`
    if H.is_banner_date(line):
        return True
    if _is_share_bar(line):
        return True
    if not _TWO_WORD_CHARS.search(line) and not line.strip().isdigit():
        return True  # lone `M`, `|`, `.`: leftovers of menus and tables
    return False


def _first_body(lines: list[str], limit: int = HEADER_LINES) -> int | None:
    for i, l in enumerate(lines[:limit]):
        if H.is_body_line(l):
            return i
    return None


def _is_slogan(lines: list[str]) -> bool:
    """PATTERNS §1.3: a long line of `;`-joined clauses above the headline, followed by a
    dateline AND a second, shorter headline (a real long title is followed by the lead)."""
    if len(lines) < 3:
        return False
    s = lines[0]
    if len(s) < 100 or len(s) > 400 or (";" not in s and not s.endswith("!")) or H.LEAD_OPENER.match(s) \
            or H.SENT_BREAK.search(s.rstrip(".!")):
        return False
    head = []
    for line in lines[1:6]:
        if H.is_body_line(line) and not H.parse_dateline(line):
            break
        head.append(line)
    has_date = any(H.parse_dateline(l) for l in head)
    has_title = any(H.is_title_candidate(l) and len(l) < len(s) for l in head)
    return has_date and has_title


def _pass(lines: list[str], found: dict | None = None) -> list[str]:
    """One round of the line rules; `_fixpoint` repeats it until nothing changes.

    `found` collects the scraper's date marker if one surfaces at the top (after chrome
    above it was dropped in an earlier round).
    """
    r = rules()
    while lines:
        m = H.MARKER.match(lines[0])
        if not m:
            break
        if found is not None:
            found.setdefault("marker", m.group(1))
        lines = [lines[0][m.end():].strip()] + lines[1:]
        if not lines[0]:
            lines = lines[1:]
    out: list[str] = []
    for line in lines:
        line = _norm_line(_INLINE_JUNK.sub(" ", line))
        m = _PIPES.match(line) if "|" in line else None
        if m:
            inner = (m.group(1) if m.group(1) is not None else m.group(2)) or ""
            if "|" not in inner:
                line = inner.strip()
        if not line or _drop_line(line):
            continue
        t = _END_MARK_TAIL.search(line)
        if t and t.start() > 0:
            # `... ./.      Mỹ Hạnh`: the byline after the end marker becomes its own line
            out.append(line[:t.start(2)].rstrip())
            out.append(t.group(2).strip())
            continue
        out.append(line)
    lines = out

    # footers and related-links blocks, after the article has begun
    body0 = _first_body(lines)
    start = (body0 + 1) if body0 is not None else 1
    out = lines[:start]
    i = start
    while i < len(lines):
        line = lines[i]
        if len(line) <= 60 and r.footer_cut.fullmatch(line):
            break
        if len(line) <= 60 and r.footer_block.fullmatch(line):
            i += 1
            n = 0
            while i < len(lines) and n < 12 and not H.is_body_line(lines[i]) and len(lines[i]) <= 200 \
                    and not lines[i].rstrip().endswith((".", "./.")) and not H.byline_names(lines[i], True):
                i += 1
                n += 1
            continue
        out.append(line)
        i += 1
    lines = out

    # the header: slogan, glued menu words, section labels, duplicate headline copies
    if _is_slogan(lines):
        lines = lines[1:]
    body0 = _first_body(lines)
    zone = body0 if body0 is not None else min(len(lines), HEADER_LINES)
    for i in range(zone):
        m = r.menu_prefix.match(lines[i])
        if m and 0 < m.end() < len(lines[i]):
            run = m.group()
            n_words = len(_MENU_SEP.findall(run)) + 1 if _MENU_SEP.search(run) else \
                len(rules().menu_split.findall(run))
            if not run[-1].isspace() or n_words >= 2:
                lines[i] = lines[i][m.end():].strip()  # `Trang chủ Tin tứcYên Bái: ...`
    drop: set[int] = set()
    for i in range(zone):
        s = lines[i]
        if H.is_caps(s) and len(s) <= 60 and len(s.split()) <= 8 and not any(c.isdigit() for c in s) \
                and not H.parse_dateline(s) and not H.byline_line_names(s):
            nxt = next((k for k in range(i + 1, zone) if k not in drop), None)
            if nxt is not None and H.is_title_candidate(lines[nxt]) \
                    and H.norm_key(lines[nxt]) != H.norm_key(s) and not H.is_caps(lines[nxt]):
                drop.add(i)  # ALL-CAPS section label above the headline (seed 002)
    kept = [l for k, l in enumerate(lines[:zone]) if k not in drop]
    choice = H.choose_title(kept, len(kept))
    if choice and choice.dropped:
        kept = [l for k, l in enumerate(kept) if k not in set(choice.dropped)]
    lines = kept + lines[zone:]

    vi_doc = sum(1 for l in lines if _HAS_VI.search(l)) * 2 >= len(lines)
    out = []
    for l in lines:
        if _is_slug(l, vi_doc):
            continue
        if vi_doc:
            m = _SLUG_PREFIX.match(l)
            if m and sum(1 for w in m.group().split() if w[0].islower()) >= 2:
                l = l[m.end():]  # `ky ket giao uoc Ky ket giao uoc Cụm thi đua ...`
        out.append(l)
    return out


def _fixpoint(lines: list[str], found: dict | None = None) -> list[str]:
    for _ in range(MAX_PASSES):
        new = _pass(lines, found)
        if new == lines:
            break
        lines = new
    return lines


# --------------------------------------------------------------------------- HTML
_HAS_TAG = re.compile(r"<\s*[A-Za-z!/]")


# --------------------------------------------------------------------------- header fields
_OUTLET_CODE_END = re.compile(r"[ \t]+[A-ZĐ]{2,5}$")
def _header_spans(lines: list[str], starts: list[int], hint_title: str | None):
    body0 = _first_body(lines)
    zone = body0 if body0 is not None else min(len(lines), HEADER_LINES)
    title = dateline = None
    dl = H.find_dateline(lines, zone)
    if dl is None:
        # a banner or slogan mistaken for the body may open the page: a line that is nothing but a dateline,
        # in the first lines, is the dateline still (`11:12 07/03/2019` under the headline)
        dl = next(((i, *H.dateline_span(l)) for i, l in enumerate(lines[:HEADER_LINES])
                   if H.parse_dateline(l)), None)
        if dl is not None:
            zone = max(zone, dl[0])   # the header runs down to it: the headline is above it
    if dl is not None:
        i, a, b = dl
        dateline = Span(starts[i] + a, starts[i] + b, lines[i][a:b])
    tc = H.choose_title(lines, zone, hint_title)
    title_lines: set[int] = set()
    if tc is not None:
        s = starts[tc.first] + tc.start
        e = starts[tc.last] + tc.end
        title = (s, e)
        title_lines = set(range(tc.first, tc.last + 1))
    # bylines: labelled credits anywhere; whole-line bylines in the header, after the last
    # paragraph, and right after a paragraph closed by the end marker `./.`
    last_body = max((k for k, l in enumerate(lines) if H.is_body_line(l)), default=-1)
    under_title = (tc.last + 1) if tc is not None else zone   # header bylines stand under the headline
    spans: list[tuple[int, int]] = []
    for k, line in enumerate(lines):
        if dl is not None and k == dl[0]:
            # the dateline's line may open with the author (`Thùy Trang 15/02/2023 11:07`, `Ngọc Thu - 16:02, ...`)
            before = _OUTLET_CODE_END.sub("", line[:dl[1]].rstrip(" \t-–—|,"))   # (`Kiều Vũ LDO | 21/10/2023`)
            if before and k not in title_lines:
                spans += [(starts[k] + a, starts[k] + b) for a, b in H.byline_line_names(before)]
            continue
        if k in title_lines:
            continue
        whole = (under_title <= k < zone) or (last_body >= 0 and last_body < k <= last_body + TAIL_LINES) \
            or (k > 0 and lines[k - 1].rstrip().endswith(("./.", ". /.")))
        for a, b in H.byline_names(line, whole_line=whole and not H.is_body_line(line)):
            spans.append((starts[k] + a, starts[k] + b))
    return title, dateline, sorted(set(spans))


# --------------------------------------------------------------------------- entry point
def clean(raw: RawDocument) -> CleanDocument | Reject:
    """RawDocument -> CleanDocument, or Reject (`empty`, `no_body`, `language`)."""
    hint_title = raw.title
    hint_published = raw.published
    url, site = raw.url, None
    body = raw.text if raw.text is not None and raw.text.strip() else None
    if body is None and raw.html is not None and raw.html.strip():
        if _HAS_TAG.search(raw.html):
            if not lang.maybe_vietnamese(raw.html):
                return Reject(raw.source, "language", "not a Vietnamese page (no Vietnamese letters)")
            page = extract_page(raw.html, raw.url)
            if page is None:
                return Reject(raw.source, "no_body", "no article body found in the HTML page "
                                                    "(only menus, links or too little text)")
            if not lang.is_vietnamese(page.text):
                return Reject(raw.source, "language", f"not Vietnamese text ({lang.describe(page.text)})")
            body = page.text
            hint_title = hint_title or page.title
            hint_published = hint_published or page.published
            url = url or page.url
            site = page.site
        else:
            body = raw.html
    if body is None:
        return Reject(raw.source, "empty", "no text or HTML")
    if raw.fmt == "wet" and not lang.is_vietnamese(body):   # a crawled page's text
        return Reject(raw.source, "language", f"not Vietnamese text ({lang.describe(body)})")
    lines, marker = _pre(body)
    found: dict = {}
    lines = _fixpoint(lines, found)
    marker = marker or found.get("marker")
    if not lines:
        return Reject(raw.source, "empty", "no text left after removing page chrome")
    text = "\n\n".join(lines)
    starts, pos = [], 0
    for l in lines:
        starts.append(pos)
        pos += len(l) + 2
    tspan, dateline, bylines = _header_spans(lines, starts, hint_title)
    title = None
    if tspan is not None:
        title = Span(tspan[0], tspan[1], text[tspan[0]:tspan[1]])
    return CleanDocument(
        source=raw.source, fmt=raw.fmt, text=text, url=url, site=site, title=title, dateline=dateline,
        bylines=tuple(Span(a, b, text[a:b]) for a, b in bylines),
        hint_title=hint_title, hint_published=hint_published or marker or raw.fetched, repairs=raw.repairs)
