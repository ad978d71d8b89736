"""Article metadata: title, publication date, authors, and the province the article is about.

`thidua_metadata` runs first: the dates extractor takes the publication year from it and the
organisation extractor the province.

The province gazetteer (`models/gazetteers/provinces.tsv`, guards in `province_guards.tsv`) is
also exposed to the other extractors:

    from pipeline.extract.metadata import find_provinces, province_lookup
    find_provinces("Liên đoàn Lao động tỉnh Hà Giang")   # [(23, 31, "Hà Giang")]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..model import AuthorFact, DateFact, Extraction
from ..header import parse_dateline
from ..nlp import Extractor, doc_text, register
from .rx import trie_alternation

PROVINCES = "gazetteers/provinces.tsv"
GUARDS = "gazetteers/province_guards.tsv"
SIGNALS = "patterns/province_signals.tsv"
LOCALITIES = "gazetteers/localities.tsv"
LOCALITY_ALIASES = "gazetteers/locality_aliases.tsv"

# Vietnamese tone marks sit on different vowels in the old and new spelling (Hoà / Hòa,
# Thuỷ / Thủy): every form is matched in both.
_OLD_NEW = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}


# any spelling that has a twin: most names have none, and then only the upper-case copy is added
_HAS_TWIN = re.compile("|".join(re.escape(x) for a, b in _OLD_NEW.items() for x in (a, b, a.upper())))


def spelling_variants(form: str) -> set[str]:
    """The form, its old/new tone-placement twins, and their upper-case copies."""
    out = {form}
    if not _HAS_TWIN.search(form):   # (the ~10,000 locality names, at every process start)
        out.add(form.upper())
        return out
    for a, b in _OLD_NEW.items():
        for f in list(out):
            if a in f:
                out.add(f.replace(a, b))
            if b in f:
                out.add(f.replace(b, a))
            if a.upper() in f:
                out.add(f.replace(a.upper(), b.upper()))
    out |= {f.upper() for f in out}
    return out


@dataclass(frozen=True)
class _Guard:
    rule: str
    pattern: re.Pattern


class ProvinceMatcher:
    """Compiled province / centrally-run city matcher over raw text.

    `find_provinces(text)` -> list of (start, end, canonical name), in text order, spans as
    written (`TP.HCM`, `Khánh Hoà`, `THỪA THIÊN HUẾ`). Matching is case-sensitive apart from
    ALL-CAPS copies, so `hòa bình` (peace) is not Hòa Bình.
    """

    def __init__(self, rows: Iterable[dict], guards: Iterable[dict] = ()):
        self.canonical: dict[str, str] = {}      # surface form -> canonical name
        self.kind: dict[str, str] = {}           # canonical -> tinh | thanh_pho
        self.outlets: dict[str, str] = {}        # outlet code -> canonical
        for r in rows:
            name = r["name"]
            self.kind[name] = r.get("kind", "")
            forms = [name] + [a for a in (r.get("aliases") or "").split("|") if a.strip()]
            for f in forms:
                for v in spelling_variants(f.strip()):
                    self.canonical.setdefault(v, name)
            for c in (r.get("outlet_codes") or "").split("|"):
                if c.strip():
                    self.outlets[c.strip()] = name
        self.guards: dict[str, list[_Guard]] = {}
        for g in guards:
            key = g["name"] if g["name"] == "*" else g["name"].casefold()
            self.guards.setdefault(key, []).append(_Guard(g["rule"], re.compile(g["pattern"])))
        # the longest form at each position, as a trie: a flat alternation of the ~340 forms
        # tries every one of them at every capital letter
        self.regex = re.compile(trie_alternation(self.canonical))

    def _ok(self, text: str, start: int, end: int) -> bool:
        form = text[start:end]
        before = text[max(0, start - 40):start]
        after = text[end:end + 40]
        for g in self.guards.get(form.casefold(), []) + self.guards.get("*", []):
            if g.rule == "require_before" and not g.pattern.search(before):
                return False
            if g.rule == "reject_before" and g.pattern.search(before):
                return False
            if g.rule == "reject_after" and g.pattern.match(after):
                return False
        return True

    def find_provinces(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        pos = 0
        while True:
            m = self.regex.search(text, pos)
            if not m:
                break
            if self._ok(text, m.start(), m.end()):
                out.append((m.start(), m.end(), self.canonical[m.group()]))
                pos = m.end()
            else:
                pos = m.start() + 1
        return out

    __call__ = find_provinces


@lru_cache(maxsize=None)
def province_lookup(models_dir: str | None = None) -> ProvinceMatcher:
    """The province matcher built from `models/gazetteers/` (cached per models folder)."""
    from .. import resources
    base = str(models_dir or resources.models_dir())
    return ProvinceMatcher(resources.load_table(PROVINCES, base), resources.load_table(GUARDS, base))


def find_provinces(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical) for every province / centrally-run city named in `text`."""
    return province_lookup().find_provinces(text)


_LEVEL_WORDS = (
    ("thanh_pho", ("Thành phố", "thành phố", "THÀNH PHỐ", "TP.", "TP", "Tp.", "Tp")),
    ("thi_xa", ("Thị xã", "thị xã", "THỊ XÃ", "TX.", "TX")),
    ("quan", ("Quận", "quận", "QUẬN")),
    ("huyen", ("Huyện", "huyện", "HUYỆN")),
    ("phuong", ("Phường", "phường", "PHƯỜNG")),
    ("xa", ("Xã", "xã", "XÃ")),
    ("thi_tran", ("Thị trấn", "thị trấn", "THỊ TRẤN")),
)


_WORD_CHAR = re.compile(r"\w")


class LocalityMatcher:
    """District-level places (cities, towns, districts) -> their province, only after a level
    word: `thành phố Hạ Long` -> Quảng Ninh. `find(text)` -> [(start, end, province)], the span
    covering the level word and the name.

    The level words are found by a small pattern; the name after one is looked up in a dict,
    longest first, ending at a word boundary. (One alternation of the ~10,000 names took a
    second to compile in every process that builds the pipeline; the lookup finds the same.)"""

    def __init__(self, rows: Iterable[dict]):
        self.by_name: dict[str, dict[str, set[str]]] = {}   # surface -> {level: provinces}
        for r in rows:
            for v in spelling_variants(r["name"]):
                self.by_name.setdefault(v, {}).setdefault(r["level"], set()).add(r["province"])
        self.level_of = {w: k for k, words in _LEVEL_WORDS for w in words}
        self.levels = sorted(self.level_of, key=len, reverse=True)
        self.name_lengths = sorted({len(n) for n in self.by_name}, reverse=True)
        # literal-first, so that `re` jumps between the letters a level word starts with
        self.level_start = re.compile(trie_alternation(self.level_of))

    def _name_at(self, text: str, p: int) -> str | None:
        """The longest known name that starts at p and ends at a word boundary."""
        for n in self.name_lengths:
            e = p + n
            if e <= len(text) and text[p:e] in self.by_name and not _WORD_CHAR.match(text, e):
                return text[p:e]
        return None

    def _finditer(self, text: str):
        """(start, end, level word, name) of each level word right before a known name, not inside a word."""
        pos = 0
        while (m := self.level_start.search(text, pos)) is not None:
            s = m.start()
            pos = s + 1
            if s and _WORD_CHAR.match(text, s - 1):
                continue             # inside a word: the next match may start right after
            for level in self.levels:
                if not text.startswith(level, s):
                    continue
                q = s + len(level)
                while q < len(text) and text[q].isspace():
                    q += 1
                name = self._name_at(text, q)
                if name is not None:
                    yield s, q + len(name), level, name
                    pos = q + len(name)
                    break

    def find(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        for start, end, level_word, name in self._finditer(text):
            options = self.by_name[name]
            level = self.level_of[level_word]
            # the name at that level must belong to one province; a level mismatch (a town since made
            # a city) is tolerated when every unit of that name is in one province
            provinces = options.get(level) or set().union(*options.values())
            if len(provinces) == 1:
                out.append((start, end, next(iter(provinces))))
        return out


# --------------------------------------------------------------------------- published
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:T(\d{2}):(\d{2}))?")


def _precision(iso: str) -> str:
    return "month" if re.fullmatch(r"\d{4}-\d{2}", iso) else "day"


class MetadataExtractor(Extractor):
    data_files = (PROVINCES, GUARDS, SIGNALS, LOCALITIES, LOCALITY_ALIASES)

    def setup(self) -> None:
        self.matcher = ProvinceMatcher(self.data[PROVINCES], self.data[GUARDS])
        self.localities = LocalityMatcher([*self.data[LOCALITIES], *self.data[LOCALITY_ALIASES]])
        # Weighted context patterns, as data: a province named right after one of these
        # contexts counts `weight` (e.g. `Liên đoàn Lao động tỉnh` + X: the reporting body).
        self.contexts: list[tuple[re.Pattern, float, str]] = []
        self.weights: dict[str, float] = {}
        for r in self.data[SIGNALS]:
            if r["signal"] == "context":
                self.contexts.append((re.compile(r["pattern"] + r"\s*$"), float(r["weight"]), r["method"]))
            else:
                self.weights[r["signal"]] = float(r["weight"])
        codes = sorted(self.matcher.outlets, key=len, reverse=True)
        alt = "|".join(re.escape(c) for c in codes) or "(?!)"
        # `(CMO) Ngày ...`, `BHG - ...`, `(LĐTĐ)` alone on a line: only at the start of a line (after a
        # bullet, as related-article strips write them: `• (NTO) Ngày 15-10, ...`); the code may carry the
        # reporter's initials inside the bracket (`(BL-MĐ)`)
        self.outlet_re = re.compile(rf"(?m)^[ \t•·*]*(?:\(\s*({alt})(?:\s*[-–]\s*[^\s()]{{1,8}})?\s*\)|({alt})\s*[-–—:](?=\s))")

    # ---- title / published / authors
    def extract(self, doc, out: Extraction) -> None:
        clean = doc._.clean
        if clean is None:
            return
        if clean.title is not None:
            t = " ".join(clean.title.text.split())
            out.title = t or None
        elif clean.hint_title:   # a JSONL record's `title`, when the text shows no headline
            out.title = " ".join(clean.hint_title.split()) or None
        self._published(doc, clean, out)
        for sp in clean.bylines:
            name = " ".join(sp.text.split())
            if name:
                out.authors.append(AuthorFact(name=name, **self.prov(doc, sp.start, sp.end, "metadata.byline")))
        self._province(doc, clean, out)

    def _published(self, doc, clean, out: Extraction) -> None:
        iso = None
        if clean.dateline is not None:
            iso = parse_dateline(clean.dateline.text)
            if iso:
                out.published = iso
                d = iso[:10] if len(iso) >= 10 else iso
                out.published_fact = DateFact(value=d, precision=_precision(d), role="published",
                                              **self.prov(doc, clean.dateline.start, clean.dateline.end,
                                                          "metadata.dateline"))
                return
        hint = clean.hint_published
        if hint and _ISO.match(hint):
            m = _ISO.match(hint)
            # A month-only scraper marker is not a publication date (GUIDE.md decisions).
            if m.group(3):
                out.published = m.group(0)

    # ---- province
    def _province(self, doc, clean, out: Extraction) -> None:
        text = doc_text(doc)
        w = self.weights
        scores: dict[str, float] = {}
        first: dict[str, int] = {}
        best_method: dict[str, tuple[float, str]] = {}

        def add(name: str, score: float, pos: int, method: str) -> None:
            scores[name] = scores.get(name, 0.0) + score
            first[name] = min(first.get(name, pos), pos)
            if score > best_method.get(name, (-1.0, ""))[0]:
                best_method[name] = (score, method)

        for m in self.outlet_re.finditer(text):
            code = m.group(1) or m.group(2)
            add(self.matcher.outlets[code], w.get("outlet", 6.0), m.start(), "province.outlet")

        title = clean.title
        body_start = title.end if title is not None else 0
        n_seen: dict[str, int] = {}
        mentions = self.matcher.find_provinces(text)
        for start, end, name in mentions:
            before = text[max(0, start - 80):start]
            score, method = w.get("mention", 1.0), "province.mention"
            for rx, weight, meth in self.contexts:
                if rx.search(before):
                    score, method = weight, meth
                    break
            if score <= 0:
                continue   # inside a company's or a school's name
            in_title = title is not None and title.start <= start < title.end
            if in_title:
                score *= w.get("title_factor", 2.0)
                method = "province.title"
                # headline prefix `Sơn La: ...`
                if text[end:end + 2].startswith(":") and text[title.start:start].strip() == "":
                    score += w.get("prefix", 4.0)
                    method = "province.prefix"
            else:
                k = n_seen.get(name, 0)
                n_seen[name] = k + 1
                if k == 0 and start - body_start < w.get("lead_chars", 400):
                    score += w.get("first_in_lead", 1.0)
                # lead prefix `Sơn La - ...` at the start of a line
                ls = text.rfind("\n", 0, start) + 1
                if text[ls:start].strip() == "" and re.match(r"\s*[-–—]\s", text[end:end + 3]):
                    score += w.get("prefix", 4.0)
                    method = "province.prefix"
            add(name, score, start, method)

        # district-level places: a weaker signal, and never a province-name span counted twice
        spans = [(s, e) for s, e, _ in mentions]
        for start, end, name in self.localities.find(text):
            if any(s < end and start < e for s, e in spans):
                continue
            score = w.get("locality", 1.5)
            if title is not None and title.start <= start < title.end:
                score *= w.get("title_factor", 2.0)
            add(name, score, start, "province.locality")

        if not scores:
            return
        name = max(scores, key=lambda n: (scores[n], -first[n]))
        out.province = name
        out.province_method = best_method[name][1]


register("thidua_metadata", MetadataExtractor)
