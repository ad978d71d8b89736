"""Named emulation movements, campaigns, annual themes, contests and programmes (`thidua_campaigns`).

GUIDE.md `campaigns`, PATTERNS.md §10. A quoted name is a campaign when the nearest trigger
before it in the same clause is a campaign trigger (`phong trào thi đua “…”` -> phong_trao,
`cuộc vận động “…”` -> van_dong, `chủ đề (năm …) “…”` -> chu_de, `Hội thi “…”` -> hoi_thi,
`chương trình “…”` -> chuong_trinh), or when the quote itself starts with such a word
(`“Hội thao sáng tạo tuổi trẻ”`, `“Tháng công nhân“`). A bare quote chained after a campaign
(`phong trào “A”; “B” và “C”`) inherits its kind. When the nearest phrase is an exclusion
(document title `Chỉ thị … về “…”`, motto `tinh thần “…”`, seminar, medal, song, speech), the
quote is not a campaign. Soft triggers (`gắn với`, `hưởng ứng` …) give kind `other` for quotes
that look like names. Names separated by `;` inside one quote are separate entries. Well-known
programmes written without quotes (`Tháng Công nhân`, `Tết Sum vầy`) come from a name list.

All phrases are data: models/patterns/campaign_triggers.tsv, campaign_exclusions.tsv, campaign_names.tsv.
"""
from __future__ import annotations

import re

from ..model import CampaignFact, Extraction
from ..nlp import Extractor, doc_text, provenance_for, register
from .rx import words_re

TRIGGERS = "patterns/campaign_triggers.tsv"
EXCLUSIONS = "patterns/campaign_exclusions.tsv"
NAMES = "patterns/campaign_names.tsv"


def _flexible(phrase: str) -> str:
    """A name as a regex: a space matches any whitespace, a dash any dash with or without spaces, a comma with or
    without the space after it (`Xanh - Sạch - Đẹp`, `Xanh-sạch-đẹp`; `Giỏi việc nước, đảm việc nhà`)."""
    out = []
    for part in re.split(r"(\s*[-–]\s*|,\s*|\s+)", phrase):
        if not part:
            continue
        if part.strip() in ("-", "–"):
            out.append(r"\s*[-–]\s*")
        elif part.strip() == ",":
            out.append(r",\s*")
        elif part.isspace():
            out.append(r"\s+")
        else:
            out.append(re.escape(part))
    return "".join(out)
UNQUOTED = "patterns/campaign_unquoted.tsv"

_OPEN_DOUBLE = "“\"„«”"
_CLOSE_DOUBLE = "”\"“»"
MAX_QUOTE = 300          # characters inside one quote
WINDOW = 110             # how far back a trigger may sit from the opening quote
MAX_WORDS = 32           # longer quotes are sentences (speech), not names
MAX_WORDS_SOFT = 14
# a clause ends at a sentence end, a semicolon, a colon that opens speech, or a line break
_CLAUSE_END = re.compile(r"[.!?](?=\s)|;|\n")
_CHAIN_GAP = re.compile(
    r"^[\s,;/&…\-–]*"
    # a short attribution between two names: `“A” của Tỉnh, “B”`, `“A” (năm 2020), “B”`
    r"(?:(?:của|do|tại|ở|năm)\s+[^,;.“”\"\n]{1,40}?\s*[,;]\s*|\([^()\n]{1,30}\)\s*[,;]?\s*)?"
    r"(?:(?:và|hoặc|cùng|với)\s*)?[\s,;…]*$", re.I)



_PARTS = re.compile(r"[^;]+")
UNQUOTED_WORDS = 12          # words of an unquoted name after a trigger
UNQUOTED_LISTED_WORDS = 16   # ... of an item of a list announced by `như:` (slogan-like names run longer)
# between a trigger and the list it announces: a few words, then `như` (`phong trào thiết thực như:`)
_AS_LIST = re.compile(r"[ \t]+(?:[^\s.;:!?“”\"]+[ \t]+){0,4}?như[ \t]*:[ \t]*")
# where an unquoted name ends: punctuation that closes it, or a quote (a quoted name is read as one)
_UNQUOTED_STOP = re.compile(r"[,;.:()\n“”\"!?]")
_OPENER = re.compile("[" + _OPEN_DOUBLE + "‘']")
_CLOSER_DOUBLE = re.compile("[" + _CLOSE_DOUBLE + "]")
# `[^\W_]` is a letter or digit (str.isalnum): a single quote closes before a non-alphanumeric
_CLOSER_SINGLE = re.compile(r"[’'](?![^\W_])")


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of every quoted stretch on one line: curly, straight,
    single and mismatched quotes (`“Tháng công nhân“`, `“…"`).

    The regexes jump from one quote character to the next; a character-by-character loop
    over the text cost more than the rest of the extractor."""
    out: list[tuple[int, int]] = []
    i = 0
    while (m := _OPENER.search(text, i)) is not None:
        i = m.start()
        le = text.find("\n", i)
        le = len(text) if le < 0 else le          # a quote ends on its own line
        if text[i] in _OPEN_DOUBLE:
            close = _CLOSER_DOUBLE.search(text, i + 1, le)
        elif (i == 0 or not text[i - 1].isalnum()) and text[i + 1:i + 2].isalnum():
            close = _CLOSER_SINGLE.search(text, i + 1, le)   # `‘A’`, not the `'` in `H'Linh`
        else:
            close = None
        if close is not None and 0 < close.start() - i - 1 <= MAX_QUOTE:
            out.append((i + 1, close.start()))
            i = close.start() + 1
        else:
            i += 1
    return out


def _name_like(inner: str, max_words: int) -> bool:
    s = inner.strip()
    if not s:
        return False
    first = s[0]
    if not (first.isupper() or first.isdigit()):
        return False
    if s[-1] in ".!?" and not s.endswith("..."):
        return False
    return len(s.split()) <= max_words


class CampaignsExtractor(Extractor):
    data_files = (TRIGGERS, EXCLUSIONS, NAMES, UNQUOTED)

    def setup(self) -> None:
        trig = self.data[TRIGGERS]
        self.kind_of: dict[str, str] = {}
        before, start = [], []
        for r in trig:
            p = r["phrase"].casefold()
            self.kind_of[p] = r["kind"]
            if r.get("where", "before") in ("before", "both"):
                before.append(p)
            if r.get("where") in ("start", "both"):
                start.append(p)
        self.exclusions = {r["phrase"].casefold(): r["reason"] for r in self.data[EXCLUSIONS]}
        # one alternation of triggers and exclusions: the last match before a quote is the nearest
        self.cue_re = words_re(before + list(self.exclusions), re.I)
        self.start_re = re.compile(r"^(?:" + "|".join(re.escape(p) for p in sorted(start, key=len, reverse=True)) + r")(?!\w)", re.I) \
            if start else re.compile(r"(?!)")
        self.names: list[tuple[re.Pattern, str, re.Pattern | None]] = []
        for r in self.data[NAMES]:
            ph = r["phrase"]
            # the first letter before the word-boundary check: a literal-first pattern lets
            # `re` jump to the letter's occurrences (`X(?<!\wX)` is `(?<!\w)X`)
            first = re.escape(ph[0])
            rx = re.compile(first + r"(?<!\w" + first + ")(?i:" + _flexible(ph[1:]) + r")(?!\w)")
            rej = [w for w in (r.get("reject_before") or "").split("|") if w]
            rej_re = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in rej) + r")\s*$") if rej else None
            self.names.append((rx, r["kind"], rej_re))

        # unquoted names right after a trigger (`phong trào thi đua Lao động giỏi, Lao động sáng tạo`)
        rows = {k: [r["value"] for r in self.data[UNQUOTED] if r["kind"] == k] for k in ("trigger", "ends", "not_start")}
        self.unquoted_trigger = words_re(rows["trigger"], re.I)
        self.unquoted_end = re.compile(r"[ \t]+(?:" + "|".join(re.escape(e) for e in sorted(rows["ends"], key=len, reverse=True))
                                       + r")(?!\w)") if rows["ends"] else re.compile(r"(?!)")
        self.unquoted_not = re.compile(r"(?:" + "|".join(re.escape(w) for w in sorted(rows["not_start"], key=len, reverse=True))
                                       + r")(?!\w)") if rows["not_start"] else re.compile(r"(?!)")

    def unquoted(self, text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
        """Capitalised names after a trigger without quotes, and the capitalised items listed after them."""
        out = []
        for m in self.unquoted_trigger.finditer(text):
            kind = self.kind_of.get(m.group().casefold())
            p = m.end()
            # `nhiều phong trào thiết thực như: A; b; c`: a list announced by `như`, whose items may be lower-case
            listed = _AS_LIST.match(text, p)
            if listed:
                p = listed.end()
            while p < len(text) and text[p] in " \t:":
                p += 1
            for _ in range(8):   # the name, then the items listed after it
                trig = self.unquoted_trigger.match(text, p)
                if trig:   # `...; Phong trào xanh-sạch-đẹp; ...`: an item may repeat the trigger
                    p = trig.end()
                    while p < len(text) and text[p] in " \t":
                        p += 1
                if p >= len(text) or not (text[p].isupper() or listed and text[p].isalpha()) or \
                        self.unquoted_not.match(text, p) or any(a <= p < b for a, b in covered):
                    break
                stop = _UNQUOTED_STOP.search(text, p)
                # a comma before a lower-case word is inside the name (`Hỗ trợ giáo dục miền núi, vùng sâu`)
                while stop and stop.group() == "," and re.match(r"[ \t]+[a-zđ]", text[stop.end():stop.end() + 2]):
                    stop = _UNQUOTED_STOP.search(text, stop.end())
                e = stop.start() if stop else len(text)
                cut = self.unquoted_end.search(text, p, e)
                e = cut.start() if cut else e
                name = text[p:e].strip()
                if not name or len(name.split()) > (UNQUOTED_LISTED_WORDS if listed else UNQUOTED_WORDS):
                    break
                out.append((p, p + len(name), kind or "phong_trao", "campaigns.unquoted"))
                if cut or not stop or stop.group() not in (",", ";"):
                    break
                p = stop.end()
                while p < len(text) and text[p] in " \t":
                    p += 1
        return out

    def _cue(self, text: str, lo: int, hi: int) -> tuple[str | None, str | None, int]:
        """(kind, exclusion reason, cue end) of the nearest cue in text[lo:hi], or Nones.
        A campaign trigger or an exclusion outranks a soft trigger (kind `other`) nearer
        the quote: `cuộc vận động xây dựng người cán bộ “…”` is van_dong."""
        strong = soft = None
        for m in self.cue_re.finditer(text, lo, hi):
            p = m.group().casefold()
            if p not in self.exclusions and self.kind_of.get(p) == "other":
                soft = m
            else:
                strong = m
        last = strong or soft
        if last is None:
            return None, None, -1
        p = last.group().casefold()
        if p in self.exclusions:
            return None, self.exclusions[p], last.end()
        return self.kind_of.get(p), None, last.end()

    def extract(self, doc, out: Extraction) -> None:
        text = doc_text(doc)
        found: list[tuple[int, int, str, str]] = []   # (start, end, kind, method)
        covered: list[tuple[int, int]] = []
        prev_end = -1
        prev_state: tuple[str | None, str | None] | None = None  # (kind, exclusion) of the previous quote
        for qs, qe in find_quotes(text):
            inner = text[qs:qe]
            lo = max(0, qs - 1 - WINDOW)
            # the clause the quote sits in: cut at the last clause end, and at the previous quote
            for m in _CLAUSE_END.finditer(text, lo, qs - 1):
                lo = m.end()
            lo = max(lo, prev_end + 1 if prev_end >= 0 else 0)
            kind, excl, cue_end = self._cue(text, lo, qs - 1)
            method = "campaigns.trigger"
            if kind is None and excl is None and prev_state is not None and prev_end >= 0 \
                    and _CHAIN_GAP.match(text[prev_end + 1:qs - 1]):
                kind, excl = prev_state
                method = "campaigns.chain"
            state = (kind, excl)
            prev_end, prev_state = qe, state
            covered.append((qs - 1, qe + 1))
            if excl is not None:
                continue
            sm = self.start_re.match(inner.strip())
            if sm:
                kind = self.kind_of.get(sm.group().casefold(), kind)
                method = "campaigns.quote_start"
                prev_state = (kind, None)
            if kind is None:
                known = next((k for rx, k, _rej in self.names if rx.match(inner.strip())), None)
                if known is None:
                    continue
                kind, method = known, "campaigns.name"   # `nhà “Mái ấm Công đoàn”`: a known programme, quoted
            soft = kind == "other" and method != "campaigns.quote_start"
            if not _name_like(inner, MAX_WORDS_SOFT if soft else MAX_WORDS):
                if soft:
                    prev_state = (None, None)
                continue
            # names separated by `;` inside one quote are separate entries
            for pm in _PARTS.finditer(inner):
                s, e = qs + pm.start(), qs + pm.end()
                while s < e and text[s] in " \t,":
                    s += 1
                while e > s and text[e - 1] in " \t,.…":
                    e -= 1
                if e > s:
                    found.append((s, e, kind, method))

        for s, e, kind, method in self.unquoted(text, covered):
            found.append((s, e, kind, method))
            covered.append((s, e))

        for rx, kind, rej in self.names:
            for m in rx.finditer(text):
                if any(a <= m.start() < b for a, b in covered):
                    continue
                if rej is not None and rej.search(text[max(0, m.start() - 20):m.start()]):
                    continue
                found.append((m.start(), m.end(), kind, "campaigns.name"))
                covered.append((m.start(), m.end()))

        found.sort()
        prov = provenance_for(doc)
        for s, e, kind, method in found:
            p = prov(s, e, method)
            out.campaigns.append(CampaignFact(name=" ".join(p["text"].split()), kind=kind, **p))


register("thidua_campaigns", CampaignsExtractor)
