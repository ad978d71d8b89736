"""Body dates (`thidua_dates`) and spans of years (`thidua_periods`).

Dates (GUIDE.md `dates`, PATTERNS.md §5): numeric `d/m/yyyy`, `d-m-yyyy`, `d.m.yyyy`; words
`ngày d tháng m năm yyyy`; month + year `tháng m/yyyy`, `tháng m năm yyyy`; day and month
without a year when a lead word makes it a date (`Chiều 21/4`, `ngày 14.9`, `từ 12/3`); day
ranges and lists (`từ ngày 3-5/9`, `ngày 11, 12/10/2018`) give every day; a month alone after a
lead word (`đầu tháng 6`). A missing year comes from, in order: a full date right after it in
the same list (`ngày 2/4 và 15/4/2019`), the publication date (a date more than two months
after publication belongs to the year before), the scraper's ISO marker, the year the article
reports on (`năm 2021` most often named), else the value is `--MM-DD`.

Periods (GUIDE.md `periods`, PATTERNS.md §6): `nhiệm kỳ 2020 – 2025`, `giai đoạn 2019 - 2025`,
`năm học 2014 - 2015`, and a bare `2022-2027` after a noun; plausible spans only.

Word lists are data (`models/gazetteers/calendar.tsv`, `models/patterns/period_triggers.tsv`);
the shapes of the numbers are the regexes below.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ..model import DateFact, Extraction, PeriodFact
from ..nlp import Extractor, doc_text, provenance_for, register
from .rx import first_letters

CALENDAR = "gazetteers/calendar.tsv"
PERIOD_TRIGGERS = "patterns/period_triggers.tsv"

def _ngay(tag: str) -> str:
    """An optional `ngày ` before a date, kept in the fact's text (`ngày 12/2/2020`); also typed without its
    accent at a sentence's start (`Ngay 23/1, ...`)."""
    return rf"(?:(?P<ngay_{tag}>[Nn]gày|NGÀY|Ngay)\s+)?"

_THANG = r"(?:[Tt]háng|THÁNG)"
_NAM = r"(?:[Nn]ăm|NĂM)"
_D = r"\d{1,2}"
_DASH = r"[-–—‐]"
# Not glued to a preceding number (`0912.456.789`, `12/2020/NĐ-CP`, `1.671`).
_LB = r"(?:(?<![\d.,/])|(?<=\d{4}/))"

# Every form starts with a digit, `ngày` or `tháng`: the lookaheads let the scan skip every
# other position at once instead of trying the seven forms there (the one-letter test first:
# it rejects most positions faster than the words).
DATE_RE = re.compile(
    r"(?=[\dNnTt])(?=\d|[Nn]gày|NGÀY|Ngay|[Tt]háng|THÁNG)(?:" + "|".join([
        # day range or list, one month (and year): `3-5/9`, `22 - 24/6/1995`, `11, 12/10/2018`, `11 và 12/10`
        rf"{_LB}{_ngay('r')}(?P<r_d1>{_D})(?P<r_more>(?:\s*(?:{_DASH}|,|và|đến)\s*(?:ngày\s+)?{_D})+)\s*(?P<r_s>[/.])\s*"
        rf"(?P<r_m>{_D})(?:(?P=r_s)(?P<r_y>\d{{4}}))?(?![\d])(?!(?P=r_s)\d)",
        # d/m/yyyy, d-m-yyyy, d.m.yyyy (same separator twice)
        rf"{_LB}{_ngay('f')}(?P<f_d>{_D})(?P<f_s>[/.\-])(?P<f_m>{_D})(?P=f_s)(?P<f_y>\d{{4}})(?!\d)",
        # d-m/yyyy (mixed separators, the end of a range across months: `từ ngày 20-8 đến 5-9/2022`)
        rf"{_LB}{_ngay('x')}(?P<x_d>{_D}){_DASH}(?P<x_m>{_D})/(?P<x_y>\d{{4}})(?!\d)",
        # ngày d tháng m (năm yyyy)
        rf"{_LB}{_ngay('w')}(?P<w_d>{_D})\s+{_THANG}\s+(?P<w_m>{_D})(?![\d/.\-]\d)(?:\s*(?:,\s*)?(?:{_NAM}\s+)?(?P<w_y>\d{{4}}))?(?!\d)",
        # tháng m/yyyy, tháng m-yyyy, tháng m năm yyyy
        rf"{_THANG}\s+(?P<my_m>{_D})\s*(?:[/.]|{_DASH}|,?\s*{_NAM})\s*(?P<my_y>\d{{4}})(?!\d)",
        # d/m, d-m, d.m (no year)
        rf"{_LB}{_ngay('p')}(?P<p_d>{_D})(?P<p_s>[/.\-])(?P<p_m>{_D})(?![\d])(?![/.\-]\d)(?!\s*[/.]\s*\d)(?![,.]\d)(?!\s*%)",
        # tháng m (a month alone)
        rf"{_THANG}\s+(?P<mo_m>{_D})(?![\d/.\-,]\d)(?!\s*{_NAM}\s+\d)",
    ]) + ")"
)

_CONNECTOR = re.compile(rf"^\s*(?:,|;|và|đến|tới|{_DASH}|đến hết|cho đến)?\s*(?:ngày\s*)?$", re.I)
_TIME = re.compile(r"\b\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?(?:\s*(?:AM|PM|SA|CH))?\b", re.I)
# `năm yyyy`, not `học năm` (a school year). Literal-first, so that `re` jumps to the n/N
# letters: `(?<![Hh]ọc ...)` after the three letters is `(?<![Hh]ọc )` before them.
_SINCE = re.compile(r"(?<![\w])(?i:từ)\s+$")
_YEAR_WORD = re.compile(rf"(?:năm|Năm|NĂM)(?<![Hh]ọc ...)(?<!HỌC ...)\s+(\d{{4}})(?!\d)(?!\s*{_DASH}\s*\d{{4}})")


_SCHOOL_YEAR = re.compile(rf"(?i:năm\s+học)\s+(\d{{4}})\s*{_DASH}\s*\d{{4}}")
_TERM = re.compile(rf"(?i:nhiệm\s+kỳ)\s+(\d{{4}})\s*{_DASH}\s*\d{{4}}")
_FULL_DATE_YEAR = re.compile(r"(?<![\d/.])\d{1,2}[/.\-]\d{1,2}[/.\-]((?:19|20)\d\d)(?!\d)")


def _valid(y: int | None, m: int, d: int | None) -> bool:
    if not 1 <= m <= 12:
        return False
    if y is not None and not 1800 <= y <= 2100:
        return False
    if d is None:
        return True
    try:
        date(y if y is not None else 2000, m, d)  # 2000 is a leap year: 29/2 without year is fine
    except ValueError:
        return False
    return True


class DatesExtractor(Extractor):
    data_files = (CALENDAR,)

    def setup(self) -> None:
        rows = self.data[CALENDAR]
        by = lambda k: sorted({r["word"].casefold() for r in rows if r["kind"] == k}, key=len, reverse=True)  # noqa: E731

        def tail_re(words):
            alt = "|".join(re.escape(w) for w in words) or "(?!)"
            # the lead word ends the preceding text; an opening bracket or `ngày` may follow it
            return re.compile(rf"(?:^|[^\w])(?:{alt})\s*(?:\(\s*)?$", re.I)

        self.day_lead = tail_re(by("day_lead"))
        self.range_lead = tail_re(by("range_lead"))
        self.month_lead = tail_re(by("month_lead"))
        ctx = "|".join(re.escape(w) for w in by("holiday_context")) or "(?!)"
        self.holiday_ctx = re.compile(rf"(?:^|[^\w])(?:{ctx})(?:[^\w]|$)", re.I)
        self.holidays = {tuple(int(x) for x in r["word"].split("-")): r["value"] for r in rows if r["kind"] == "holiday"}
        words = by("weekday") + by("dateline_word")
        noise = r"(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])|\(?GMT\s*\+\s*\d+\)?|[\d\W_]"
        # A run of consecutive noise pieces (weekdays, dateline words, GMT, digits, punctuation):
        # the greedy repeat takes the pieces `re.sub(noise, "", line)` would remove one after
        # the other, and stops at the first character `sub` would keep.
        self.noise_run = re.compile(rf"(?:{noise})+", re.I)

    # ---- year context
    def year_context(self, doc, out: Extraction) -> tuple[int | None, date | None]:
        """(year, publication day) a yearless date defaults to."""
        for iso in (out.published, getattr(doc._.clean, "hint_published", None)):
            if iso:
                m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", iso)
                if m and 1800 <= int(m.group(1)) <= 2100:
                    y = int(m.group(1))
                    try:
                        pub = date(y, int(m.group(2) or 6), int(m.group(3) or 15))
                    except ValueError:
                        pub = None
                    return y, pub
        dl = doc._.clean.dateline if doc._.clean is not None else None
        years = Counter()
        text = doc_text(doc)
        for m in _YEAR_WORD.finditer(text):
            if dl is not None and dl.start <= m.start() < dl.end:
                continue
            if _SINCE.search(text, max(0, m.start() - 6), m.start()):
                continue      # `Từ năm 2010 đến nay`: where a span starts, not the year reported on
            y = int(m.group(1))
            if 1945 <= y <= 2100:
                years[y] += 1
        if years:
            top = max(years.values())
            return max(y for y, c in years.items() if c == top), None
        return self._year_from_spans(doc_text(doc))

    @staticmethod
    def _year_from_spans(text: str) -> tuple[int | None, date | None]:
        """With no `năm yyyy`: a school year (`năm học 2013 - 2014`: autumn dates in its first year, spring
        ones in its second, told by a reference day in between), a term (`nhiệm kỳ 2023-2028`: a congress
        meets in its first year), else the latest full date (`28/7/1929-28/7/2024`: the anniversary's year)."""
        m = _SCHOOL_YEAR.search(text)
        if m and 1945 <= int(m.group(1)) <= 2100:
            return int(m.group(1)), date(int(m.group(1)) + 1, 3, 1)
        m = _TERM.search(text)
        if m and 1945 <= int(m.group(1)) <= 2100:
            return int(m.group(1)), None
        years = [int(y) for y in _FULL_DATE_YEAR.findall(text) if 1945 <= int(y) <= 2100]
        return (max(years), None) if years else (None, None)

    def _dateline_like(self, text: str, start: int, end: int) -> bool:
        """The date sits on a line that holds nothing but a date, a time, a weekday and labels."""
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        le = len(text) if le < 0 else le
        line = text[ls:start] + " " + text[end:le]
        line = _TIME.sub(" ", line)
        # == `not re.sub(noise, "", line, flags=re.I).strip()` (whitespace is noise), without
        # scanning the rest of a body line after its first word
        m = self.noise_run.match(line)
        return (m.end() if m else 0) == len(line)

    def _lead_ok(self, text: str, start: int, slash: bool, prev_end: int | None) -> bool:
        """May a day/month without year start at `start` (after the optional `ngày`)?"""
        before = text[max(0, start - 30):start]
        if self.day_lead.search(before):
            return True
        if slash and self.range_lead.search(before):
            return True
        if prev_end is not None and start - prev_end <= 20 and _CONNECTOR.match(text[prev_end:start]):
            return True
        return False

    def extract(self, doc, out: Extraction) -> None:
        text = doc_text(doc)
        clean = doc._.clean
        dl = clean.dateline if clean is not None else None
        year, pub = self.year_context(doc, out)

        # raw candidates: (start, end, [(y|None, m, d|None)], method)
        cands: list[tuple[int, int, list[tuple[int | None, int, int | None]], str]] = []
        prev_end: int | None = None
        for m in DATE_RE.finditer(text):
            s, e = m.start(), m.end()
            if dl is not None and s < dl.end and e > dl.start:
                continue
            g = m.groupdict()
            ng = next((k for k in ("ngay_r", "ngay_f", "ngay_x", "ngay_w", "ngay_p") if g.get(k)), None)
            ngay = ng is not None
            core_start = m.end(ng) if ngay else s
            while core_start < e and text[core_start].isspace():
                core_start += 1
            items: list[tuple[int | None, int, int | None]] = []
            method = ""
            if g["r_d1"] is not None:
                days = [int(g["r_d1"])] + [int(x) for x in re.findall(r"\d+", g["r_more"])]
                mo, y = int(g["r_m"]), int(g["r_y"]) if g["r_y"] else None
                if any(b <= a for a, b in zip(days, days[1:])):
                    continue
                if len(days) > 2 and re.search(_DASH, g["r_more"]):
                    continue
                if y is None and not (ngay or self._lead_ok(text, core_start, True, prev_end)):
                    continue
                # a range gives both ends, a list every day
                keep = [days[0], days[-1]] if re.fullmatch(rf"\s*(?:{_DASH}|đến)\s*(?:ngày\s+)?\d+", g["r_more"]) else days
                items = [(y, mo, d) for d in keep]
                method = "dates.range"
            elif g["f_d"] is not None:
                items = [(int(g["f_y"]), int(g["f_m"]), int(g["f_d"]))]
                method = "dates.dmy"
            elif g["x_d"] is not None:
                items = [(int(g["x_y"]), int(g["x_m"]), int(g["x_d"]))]
                method = "dates.dmy"
            elif g["w_d"] is not None:
                y = int(g["w_y"]) if g["w_y"] else None
                if y is None and not (ngay or self._lead_ok(text, core_start, True, prev_end)):
                    continue
                items = [(y, int(g["w_m"]), int(g["w_d"]))]
                method = "dates.words"
            elif g["my_m"] is not None:
                items = [(int(g["my_y"]), int(g["my_m"]), None)]
                method = "dates.month_year"
            elif g["p_d"] is not None:
                d_, mo = int(g["p_d"]), int(g["p_m"])
                slash = g["p_s"] == "/"
                ok = ngay or self._lead_ok(text, core_start, slash, prev_end)
                if not ok and (d_, mo) in self.holidays:
                    # `sinh nhật Bác 19.5`, `dịp 30/4`: a holiday context in the same comma clause
                    ls = max(text.rfind("\n", 0, s), text.rfind(". ", 0, s), text.rfind(",", 0, s), s - 50)
                    ctx = text[ls + 1:s]
                    ok = bool(self.holiday_ctx.search(ctx)) or self.holidays[(d_, mo)].casefold() in ctx.casefold()
                if not ok:
                    continue
                items = [(None, mo, d_)]
                method = "dates.dm"
            elif g["mo_m"] is not None:
                prev = text[max(0, s - 30):s].rstrip(" \t")
                # `đầu tháng 6`, or `Tháng 5 vừa qua, ...` opening a sentence
                if not (self.month_lead.search(text[max(0, s - 30):s]) or not prev or prev[-1] in ".!?\n"):
                    continue
                items = [(None, int(g["mo_m"]), None)]
                method = "dates.month"
            items = [it for it in items if _valid(*it)]
            if not items:
                continue
            if self._dateline_like(text, s, e):
                continue
            cands.append((s, e, items, method))
            prev_end = e

        # year shared forward: `ngày 2/4 và 15/4/2019`, `từ ngày 20-8 đến 5-9/2020`
        for i in range(len(cands) - 2, -1, -1):
            s, e, items, meth = cands[i]
            if all(y is not None for y, _, _ in items):
                continue
            ns, ne, nitems, _ = cands[i + 1]
            if ns - e <= 20 and _CONNECTOR.match(text[e:ns]) and nitems[0][0] is not None:
                ny = nitems[0][0]
                fixed = []
                for y, mo, d in items:
                    if y is None:
                        # `từ 28/12 đến 5/1/2021`: a later month than the end's belongs to the year before
                        y = ny - 1 if mo > nitems[0][1] else ny
                    fixed.append((y, mo, d))
                cands[i] = (s, e, fixed, meth)

        prov = provenance_for(doc)
        for s, e, items, meth in cands:
            for y, mo, d in items:
                value, prec = self._value(y, mo, d, year, pub)
                if value is None:
                    continue
                out.dates.append(DateFact(value=value, precision=prec, role="body", **prov(s, e, meth)))

    @staticmethod
    def _value(y, mo, d, year, pub):
        inferred = y is None
        if y is None:
            y = year
        if y is None:
            return (f"--{mo:02d}-{d:02d}", "day") if d is not None else (None, None)
        if inferred and pub is not None:
            try:
                cand = date(y, mo, d or 15)
            except ValueError:
                cand = None
            if cand is not None:
                delta = (cand - pub).days
                # Only a date near the turn of the year moves: a March article announcing a
                # deadline `trước ngày 15.11` means this November, a January one about 28/12 last December.
                if delta > 300:       # January article about 28/12 -> the year before
                    y -= 1
                elif delta < -300:    # late-December article about 5/1 -> the year after
                    y += 1
        if d is None:
            return f"{y:04d}-{mo:02d}", "month"
        if not _valid(y, mo, d):      # 29/2 in a non-leap year
            return None, None
        return f"{y:04d}-{mo:02d}-{d:02d}", "day"


# --------------------------------------------------------------------------- periods
_YEAR = r"(?:19[4-9]\d|20\d\d|2100)"


class PeriodsExtractor(Extractor):
    data_files = (PERIOD_TRIGGERS,)

    def setup(self) -> None:
        rows = self.data[PERIOD_TRIGGERS]
        trig = sorted({r["phrase"] for r in rows if r["kind"] == "trigger"}, key=len, reverse=True)
        alt = "|".join(re.escape(t) for t in trig) or "(?!)"
        # trigger (case-insensitive), optional `:` / `từ (năm)`, year, dash or `đến (năm)`, year;
        # the first-letter lookahead spares the lookbehind and the alternation at other letters
        self.trig_re = re.compile(
            first_letters(trig) + rf"(?<!\w)(?i:{alt})\s*:?\s*(?:(?i:từ)\s+(?:(?i:năm)\s+)?)?(?P<a>{_YEAR})\s*(?:{_DASH}|/|\s(?i:đến)\s+(?:(?i:năm)\s+)?)\s*(?P<b>{_YEAR})(?!\d)")
        # literal-first, so that `re` jumps to the digits 1 and 2: `(?<![\d/.\-–]....)` after the
        # four digits of the year is `(?<![\d/.\-–])` before them
        self.bare_re = re.compile(rf"(?P<a>{_YEAR})(?<![\d/.\-–]....)\s*{_DASH}\s*(?P<b>{_YEAR})(?![\d/.\-–])")
        neg = sorted({r["phrase"] for r in rows if r["kind"] == "bare_reject_before"}, key=len, reverse=True)
        self.bare_reject = re.compile(r"(?<!\w)(?:" + ("|".join(re.escape(t) for t in neg) or "(?!)") + r")(?!\w)", re.I)
        self.max_span = max([int(r["phrase"]) for r in rows if r["kind"] == "max_span"] or [10])

    def _plausible(self, a: int, b: int) -> bool:
        return 1945 <= a < b <= 2100 and b - a <= self.max_span

    def extract(self, doc, out: Extraction) -> None:
        text = doc_text(doc)
        taken: list[tuple[int, int]] = []
        for m in self.trig_re.finditer(text):
            a, b = int(m.group("a")), int(m.group("b"))
            if self._plausible(a, b):
                out.periods.append(PeriodFact(start_year=a, end_year=b, **self.prov(doc, m.start(), m.end(), "periods.trigger")))
                taken.append((m.start(), m.end()))
        for m in self.bare_re.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            a, b = int(m.group("a")), int(m.group("b"))
            if not self._plausible(a, b):
                continue
            # anniversaries (`kỷ niệm 10 năm ... (2014 - 2024)`) and life spans are not periods
            ls = max(text.rfind("\n", 0, m.start()), text.rfind(". ", 0, m.start()), m.start() - 120)
            if self.bare_reject.search(text[ls + 1:m.start()]):
                continue
            # must follow a word (a noun phrase): not open a line, not continue a list of numbers
            prev = text[max(0, m.start() - 4):m.start()].rstrip(" (")
            if not prev or prev.endswith("\n") or not re.search(r"[^\W\d]$", prev):
                continue
            out.periods.append(PeriodFact(start_year=a, end_year=b, **self.prov(doc, m.start(), m.end(), "periods.bare")))
        out.periods.sort(key=lambda p: p.start)


register("thidua_dates", DatesExtractor)
register("thidua_periods", PeriodsExtractor)
