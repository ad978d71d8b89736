"""Organisations: every mention of a specific body, longest span, with a canonical name.

Rules are data under `models/gazetteers/`:
- `org_heads.tsv`      head phrases (`Liên đoàn Lao động`, `LĐLĐ`, `Sở`, `Ban Thường vụ` ...) with the kind
                        of tail each needs (a place, a department name, a capitalised name, an owning body);
- `admin_levels.tsv`   level words (`tỉnh`, `thành phố`, `TP`, `huyện` ...);
- `departments.tsv`    department / sector names, commas included (`Văn hóa, Thể thao và Du lịch`);
- `abbreviations.tsv`  abbreviation -> expansion for canonical names (group-of-people words marked `no`);
- `not_organisations.tsv` generic / plural phrases (`Công đoàn các cấp`) that block a candidate;
- `surnames.txt`       family names, to stop a place name from swallowing a person's name;
- `provinces.tsv`      (the metadata colleague's) province names and kinds, when present.

A mention is parsed as HEAD + TAIL; the canonical name is the head's expansion, the tail with
abbreviations expanded, and the place made explicit from the article's province when only a
level word is written (`LĐLĐ tỉnh` in a Hà Giang article -> `Liên đoàn Lao động tỉnh Hà Giang`).
Lists sharing a head (`gồm các Sở: A, B và C`, `LĐLĐ các huyện: A, B`) give one mention per item.

Other extractors reuse `OrgParser` helpers through `doc._.orgtext` (a `DocText`).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any, Callable

from ..model import Extraction, OrgFact, Sentence
from ..nlp import Extractor, doc_text, provenance_for, register
from ..segment import sentence_index_at
from .rx import by_letters, first_letters, letters_of, scan_spans, start_scan, tone_flex

HEADS = "gazetteers/org_heads.tsv"
LEVELS = "gazetteers/admin_levels.tsv"
DEPTS = "gazetteers/departments.tsv"
ABBR = "gazetteers/abbreviations.tsv"
NOT_ORGS = "gazetteers/not_organisations.tsv"
SURNAMES = "gazetteers/surnames.txt"
NAME_STOPS = "gazetteers/name_stops.txt"
PROVINCES = "gazetteers/provinces.tsv"
ORG_STOPS = "patterns/org_name_stops.tsv"
BLOC_WORDS = "patterns/bloc_words.txt"
# lower-case letters: a word that starts with none of these is capitalised
_LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

# `M'Đrắk`, `H'Linh`: an apostrophe inside a syllable; `da cam/dioxin`: a slash before a lower-case word
_SYL = re.compile(r"[^\W_](?:[\w&]|[-.'’](?=\w)|/(?=[a-zđ]))*")
_SP = re.compile(r"[ \t]{0,2}")
_LEVEL_ENUM = re.compile(r"[ \t]*,[ \t]*(?:thành|thị|huyện|quận|tỉnh|xã|phường|thành phố|thị xã)(?![\w])")
_PLURAL_AFTER = re.compile(r"(?:các|những|mọi)(?![\w])")
# a place written as its initials (`huyện TB`, `tỉnh QN`)
_INITIALS = re.compile(r"[A-ZĐ]{2,4}(?![\w])")
# between the items of a list of bodies: `A, B và C`
_ITEM_GAP = re.compile(r"[ \t]*(?:,|và|,[ \t]*và)[ \t]*")
# the bodies that exist at each level, and so take a place that a list shares
_LOCAL_KINDS = {"ldld", "cdvc", "mass", "front", "so", "ubnd", "hdnd", "state", "party"}
_PLURAL_BEFORE = re.compile(r"(?:\b(?:các|những|mọi|Các|Những)|các cấp)\s+$")
_DOC_REF_BEFORE = re.compile(r"[/\-]$")
# a body's name that ends with a bare unit word: `Công đoàn Bệnh viện`, `Chi bộ Trường`
_BARE_UNIT_END = re.compile(r"(?:^|\s)(Bệnh viện|Trường|Công ty|Trung tâm|Viện)$")
_VN_AFTER = re.compile(r"[ \t]+(?:Việt[ \t]+Nam|VN)(?![\w])")
_ROMAN_ORDINAL = re.compile(r"[IVXLC]{2,}")
_SO_BEFORE = re.compile(r"(?<![\w])[Ss]ở[ \t]+")   # a department's head before its name
_BRACKET_THEN_VN = re.compile(r"[ \t]*\(\s*[A-ZĐ][A-ZĐ&\-.]+\s*\)[ \t]*(?:Việt Nam|VN)(?![\w])")
_BRACKET_ABBR = re.compile(r"\(\s*[A-ZĐ][A-ZĐ&\-.]+\s*\)[ \t]*")
_CLUSTER_UNION = re.compile(r"(Công đoàn|CĐ)\s+(Khối|Cụm)\s+(.+)")
# heads with a place tail that may instead be owned by another body, and the bodies that own them
_OWNED_KINDS = {"state"}
# bodies that a province has one of, whose bare province name stands for `tỉnh X` / `thành phố X`
_PROVINCIAL_KINDS = {"ldld", "cdvc", "ubnd", "hdnd", "front", "mass", "so"}
_OWNER_KINDS = {"tld", "ldld", "cdvc", "cong_doan_nganh", "ubnd", "party", "so"}
_DESC_KINDS = {"unit", "state", "company", "mass"}  # heads whose names may be sentence-case (`Chi cục An toàn vệ sinh thực phẩm`, `Hội Người cao tuổi`)


def _head_regex(text: str, case: str) -> str:
    pat = _flex(text)   # (`Đài Phát thanh- Truyền hình`, `Thi đua– Khen thưởng`: a dash with or without spaces)
    if case == "any":
        pat = f"(?i:{pat})"
    return pat


def _flex(text: str) -> str:
    """A literal phrase as a regex: spaces match any whitespace, dashes any dash, both tone placements
    (`ủy`/`uỷ`, `Tòa`/`Toà`)."""
    out = ""
    prev_dash = False
    for i, w in enumerate(text.split()):
        e = tone_flex(w)
        e = e.replace("–", "[-–—]").replace(r"\-", "[-–—]")
        dash = w in ("-", "–", "—")
        if i:
            out += r"\s*" if (dash or prev_dash) else r"\s+"
        out += e
        prev_dash = dash
    return out


class Surnames:
    """Family names as a set; entries ending in an apostrophe are prefixes (`H'` matches `H'Linh`)."""

    def __init__(self, words):
        words = [w.strip() for w in words if w.strip()]
        self.words = {w for w in words if not w.endswith(("'", "’"))}
        pre = [w[:-1] for w in words if w.endswith(("'", "’"))]
        self.prefix = re.compile("(?:" + "|".join(re.escape(p) for p in pre) + r")['’][^\W\d_]") if pre else None

    def __contains__(self, w: str) -> bool:
        return w in self.words or (self.prefix is not None and self.prefix.match(w) is not None)

    def __iter__(self):
        return iter(self.words)


@dataclass
class Head:
    text: str
    canonical: str
    kind: str
    level: str
    tail: str
    default: str
    case: str
    regex: re.Pattern
    abbrev: bool


@dataclass
class Cand:
    start: int
    end: int
    canonical: str
    kind: str | None
    level: str | None
    place: str | None
    method: str
    text_start: int | None = None  # list items: start of the item text
    owner: "Cand | None" = None    # an organ's body (`Ban Thường vụ X` -> X)
    defaulted: str | None = None   # the place words a default added (not written), which a written place replaces
    bare_place: bool = False       # named with the bare place, no level word (`Tỉnh ủy X`, `Thành đoàn X`)


@dataclass
class Place:
    end: int
    canonical: str        # e.g. "tỉnh Hà Giang", "Hà Nội", "huyện"
    name: str | None      # the place name, if any
    level: str | None


class DocContext:
    """Per-article facts the parser needs: text, token glue, province and its kind, city named."""

    def __init__(self, text: str, token_of: Callable[[int], int], province: str | None,
                 province_kind: str | None, city: str | None, locals_: dict[str, str] | None = None):
        self.text = text
        self.token_of = token_of   # char offset -> a number naming the token covering it, -1 outside tokens
        self.province = province
        self.province_kind = province_kind
        self.city = city
        self.locals = locals_ or {}   # level word -> the one district the article is about (`huyện` -> `Quỳnh Lưu`)

    def same_token(self, a: int, b: int) -> bool:
        """Whether offsets a and b lie in one (underthesea) token: glued by the word segmenter."""
        ta = self.token_of(a)
        return ta >= 0 and ta == self.token_of(b)


def _initials(name: str) -> str:
    """`Thới Bình` -> `TB`."""
    return "".join(w[0] for w in name.split()).upper()


def _written_after(text: str, level: str, n: int) -> list[str]:
    """The names of n capitalised syllables written after the level word, or its party committee, in the text
    (`huyện Thới Bình`, `huyện ủy Thới Bình`)."""
    out = []
    for m in re.finditer(r"(?<!\w)" + r"\s+".join(map(re.escape, level.split())) + r"(?:\s+[uủỦ]y)?\s+((?:[^\W\d_]+\s+){%d}[^\W\d_]+)"
                         % (n - 1), text, re.I):
        name = " ".join(m.group(1).split())
        if all(w[0].isupper() for w in name.split()) and not name.isupper():
            out.append(name)
    return out


def _letter_key(c: str) -> str:
    """The key of the heads a letter may start: case folded, and `ủ` with `u` (`Ủy`/`Uỷ` are
    both written, see _head_regex)."""
    c = c.casefold()
    return "u" if c == "ủ" else c


def stop_regex(rows: list[dict[str, str]]) -> re.Pattern:
    """One pattern for the rows of org_name_stops.tsv: any phrase, as a whole word, unless a word of its
    `unless_next` follows."""
    alts = []
    for r in sorted(rows, key=lambda r: -len(r["phrase"])):
        pat = r"[ \t]+".join(map(re.escape, r["phrase"].split()))
        if r.get("case") == "any":
            pat = f"(?i:{pat})"
        nxt = r.get("unless_next") or ""
        if nxt == "<capital>":
            pat += rf"(?![ \t]+[^\W\d_{_LOWER}])"
        elif nxt:
            pat += r"(?![ \t]+(?:" + "|".join(map(re.escape, nxt.split("|"))) + r")(?![\w]))"
        alts.append(pat)
    if not alts:
        raise ValueError(f"{ORG_STOPS}: no rows")
    return re.compile("(?:" + "|".join(alts) + r")(?![\w])")


class OrgParser:
    def __init__(self, data: dict[str, Any], provinces: list[dict] | None = None):
        self.stop_re = stop_regex([r for r in data[ORG_STOPS] if r.get("case") not in ("caps", "title")])
        caps = [dict(r, case="any") for r in data[ORG_STOPS] if r.get("case") in ("caps", "title")]
        self.caps_stop_re = stop_regex(caps) if caps else re.compile(r"(?!)")
        titled = [dict(r, case="any") for r in data[ORG_STOPS] if r.get("case") == "title"]
        self.title_stop_re = stop_regex(titled) if titled else re.compile(r"(?!)")
        self.bloc_words = frozenset(data[BLOC_WORDS]) | {"-", "–"}
        self.heads: list[Head] = []
        for r in data[HEADS]:
            case = r.get("case") or "any"
            rx = re.compile(r"(?<![\w/&\-])" + _head_regex(r["head"], case) + r"(?![\w&])")
            abbrev = any(c.isupper() for c in r["head"][1:].replace(" ", "")) and len(r["head"].split()) <= 2 \
                and r["head"] != r["canonical"]
            self.heads.append(Head(r["head"], r["canonical"], r["kind"], r.get("level", ""), r["tail"],
                                   r.get("default", ""), case, rx, abbrev))
        self.heads.sort(key=lambda h: -len(h.text))
        # keyed by first letter, `Ủ` and `U` together: `Uỷ ban` (old-style tone) is an `Ủy ban` head
        self.heads_by_char: dict[str, list[Head]] = {}
        for h in self.heads:
            self.heads_by_char.setdefault(_letter_key(h.text[0]), []).append(h)
        # one regex per first letter, a group per head: most positions match no head, and one C-level
        # test rejects them instead of a Python loop over every head with that letter; `lastindex`
        # names the first head that matches
        self.first_head_by_char = {c: re.compile("|".join(f"({h.regex.pattern})" for h in hs))
                                   for c, hs in self.heads_by_char.items()}
        firsts = sorted({c for h in self.heads for c in letters_of(h.text)})
        # every word start (not after a letter, `/`, `&`, `-`) where the regex of its first letter matches,
        # found in one C-level scan; each head pattern goes in without its lookbehind, tested once per position
        lb = "(?<![\\w/&\\-])"
        assert all(h.regex.pattern.startswith(lb) for h in self.heads)
        self.head_scan = re.compile(start_scan(
            (([x for x in firsts if _letter_key(x) == c], "|".join(h.regex.pattern[len(lb):] for h in hs))
             for c, hs in self.heads_by_char.items()), before=r"\w/&\-"))
        # `các Trường THPT: A, B`: heads of named units that a list may share
        self.unit_heads = {h.text.casefold(): h for h in self.heads
                           if h.tail == "name" and h.kind in _DESC_KINDS and h.case == "exact" and h.text[0].isupper()
                           and not h.abbrev}
        # (the head may be lower-case after the plural `các trường THPT:`; items keep the capitalised head)
        alts = "|".join(re.escape(t) for t in sorted({v for h in self.unit_heads.values()
                                                       for v in (h.text, h.text[0].lower() + h.text[1:])},
                                                      key=len, reverse=True))
        self.unit_list_re = re.compile(r"(?:các(?<![\w]các)|Các(?<![\w]Các))[ \t]+(" + alts + r")((?:[ \t]+[A-ZĐ][A-ZĐ&\-]+)*)[ \t]*:[ \t]*")
        # level words
        lv = sorted(data[LEVELS], key=lambda r: -len(r["word"]))
        self.level_canon: dict[str, tuple[str, str]] = {}
        parts = []
        for r in lv:
            w = r["word"]
            self.level_canon[w.casefold()] = (r["canonical"], r["level"])
            p = r"\s+".join(re.escape(x) for x in w.split())
            parts.append(p if w.startswith(("TP", "Tp")) else f"(?i:{p})")
        self.level_re = re.compile(r"(?:" + "|".join(parts) + r")(?![\w])")
        # departments / sectors
        # (pattern, canonical, use), longest name first: matched through `dept_at`'s regexes only
        self.depts: list[tuple[str, str, str]] = []
        for r in sorted(data[DEPTS], key=lambda r: -len(r["name"])):
            self.depts.append((r"(?i:" + _flex(r["name"]) + r")(?![\w&])", r["canonical"], r["use"]))
        self._dept_scans: dict[tuple[str, ...], tuple[re.Pattern, list[str]]] = {}
        # two-syllable sector names whose second syllable is also a stop word (`Hàng không`): glued, they go on
        self.dept_words = {" ".join(r["name"].casefold().split()) for r in data[DEPTS] if len(r["name"].split()) == 2}
        # abbreviations
        self.abbr: dict[str, str] = {}
        self.people_words: set[str] = set()
        for r in data[ABBR]:
            if r.get("org", "yes") == "no":
                self.people_words.add(r["abbr"])
            else:
                self.abbr[r["abbr"]] = r["expansion"]
        abbr_keys = sorted(self.abbr, key=len, reverse=True)
        self.abbr_re = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(a) for a in abbr_keys) + r")(?![\w&])")
        not_orgs = [r["phrase"] for r in data[NOT_ORGS]]
        self.not_orgs = re.compile(first_letters(not_orgs) + "(?:" + "|".join(f"(?i:{_flex(p)})" for p in not_orgs) + ")"
                                   if not_orgs else "(?!)")
        # the same matches from one scan over the letters the phrases start with (see `blocked_spans`)
        self.not_orgs_scan = re.compile(start_scan(
            ((letters, "|".join(f"(?i:{_flex(p)})" for p in ps)) for letters, ps in by_letters(not_orgs)),
            capture=True)) if all(p.strip() for p in not_orgs) else None
        self.surnames = Surnames(data[SURNAMES])
        stops = sorted(data.get(NAME_STOPS) or [], key=len, reverse=True)
        self.name_stop = re.compile(r"(?i:" + "|".join(_flex(w) for w in stops) + r")(?![\w])") if stops else re.compile("(?!)")
        # provinces (optional)
        self.prov_kind: dict[str, str] = {}
        self.prov_forms: dict[str, str] = {}
        self.city_forms: dict[str, str] = {}   # aliases with their own level word: `TP.HCM`, `TP. Hồ Chí Minh`
        for r in provinces or []:
            self.prov_kind[r["name"]] = r.get("kind", "")
            for f in [r["name"]] + [a for a in (r.get("aliases") or "").split("|") if a.strip()]:
                f = f.strip()
                if f.startswith(("Thành phố", "thành phố", "TP", "Tp", "THÀNH")):
                    self.city_forms[f] = r["name"]
                elif f and f[0].isupper():
                    self.prov_forms[f] = r["name"]
        cforms = sorted(self.city_forms, key=len, reverse=True)
        self.city_re = re.compile("(?:" + "|".join(_flex(f) for f in cforms) + r")(?![\w])") if cforms else None
        forms = sorted(self.prov_forms, key=len, reverse=True)
        self.prov_re = re.compile("(?:" + "|".join(_flex(f) for f in forms) + r")(?![\w])") if forms else None

    # ------------------------------------------------------------------ small helpers
    def head_at(self, text: str, p: int) -> re.Match | None:
        """A head's match at p, if any: the regex of the heads sharing text[p]'s first letter (as in
        `parse_at`), not one alternation of every head, which took ~25 ms to compile at every start."""
        quick = self.first_head_by_char.get(_letter_key(text[p])) if p < len(text) else None
        return quick.match(text, p) if quick is not None else None

    def ends_run(self, text: str, p: int) -> bool:
        """Whether a head at p ends a capitalised name run: any head but a central organ (`Trung ương`), which
        ends names too (`Trường Cao đẳng Sư phạm Trung ương Nha Trang`) and opens a body only before its owner."""
        m = self.head_at(text, p)
        if m is None:
            return False
        h = self.heads_by_char[_letter_key(text[p])][m.lastindex - 1]
        return not (h.kind == "organ" and h.level == "national")

    @staticmethod
    def skip_sp(text: str, p: int) -> int:
        return _SP.match(text, p).end()

    def syllable(self, text: str, p: int) -> re.Match | None:
        return _SYL.match(text, p)

    def glued(self, ctx: DocContext, a: int, b: int) -> bool:
        return ctx.same_token(a, b)

    def expand(self, s: str) -> str:
        s = self.abbr_re.sub(lambda m: self.abbr[m.group()], s)
        s = re.sub(r"\s*\(\s*[A-ZĐ][A-ZĐ&\-.]+\s*\)", "", s)  # bracketed abbreviation `(LĐLĐ)`
        s = re.sub(r"(?i:\buỷ\b)", lambda m: "ủy" if m.group()[0] == "u" else "Ủy", s)
        s = re.sub(r"(?<=\w)\s+&\s+(?=\w)", " và ", s)   # `Công nghiệp & Xây dựng` (not `GD&ĐT`, glued)
        return " ".join(s.split())

    def province_at(self, text: str, p: int) -> tuple[int, str] | None:
        if self.prov_re is None:
            return None
        m = self.prov_re.match(text, p)
        if not m:
            return None
        form = " ".join(m.group().split())
        name = self.prov_forms.get(form)
        if name is None:
            for f, n in self.prov_forms.items():
                if re.fullmatch(_flex(f), m.group()):
                    name = n
                    break
        return (m.end(), name) if name else None

    def desc_tail(self, ctx: DocContext, out: list[tuple[int, int]], q0: int) -> list[tuple[int, int]]:
        """Lower-case words continuing a sentence-case name (`Kiểm soát | bệnh tật`, `An toàn | vệ sinh
        thực phẩm`): only after a segment that is one capitalised word, up to a clear boundary (punctuation,
        a level word, a stop word of `name_stops.txt`, a capital, the end of the line); [] when none comes."""
        text = ctx.text
        # the current segment: syllables since the start or the last dash
        seg: list[tuple[int, int]] = []
        for a, b in reversed(out):
            if text[a:b] in ("-", "–", "và"):
                break
            seg.insert(0, (a, b))
        if not seg:
            return []
        first = text[seg[0][0]:seg[0][1]]
        if not first[0].isupper() or (len(first) > 1 and first.isupper()) or \
                any(text[a:b][0].isupper() or text[a:b][0].isdigit() for a, b in seg[1:]):
            return []
        if len(seg) > 1 and not self.glued(ctx, seg[0][0], seg[-1][0]):
            return []
        add = self.lower_words(text, q0, 7)
        if not add or len(add) > 6:
            return []
        # the boundary after the added words
        r = self.skip_sp(text, add[-1][1])
        c = text[r:r + 1]
        if not c or c in ",.;:()-–—\n\"“”'/" or c.isupper() or self.level_re.match(text, r) or \
                self.name_stop.match(text, r) or r == add[-1][1]:
            return add
        return []

    def cap_run(self, ctx: DocContext, p: int, connectors: bool = False, max_syl: int = 8,
                digits: bool = True, glue: bool = True, desc: bool = False,
                company: bool = False) -> list[tuple[int, int]]:
        """Syllables of a capitalised name from p: capitalised syllables, lower-case ones glued to
        the previous by the word segmenter, and (with `connectors`) `và` / dashes between capitals;
        with `desc`, the lower-case words of a sentence-case name (`Trung tâm Kiểm soát bệnh tật`)."""
        text = ctx.text
        out: list[tuple[int, int]] = []
        q = p
        while len(out) < max_syl:
            q0 = self.skip_sp(text, q) if out else q
            if out and q0 == q:
                break
            m = _SYL.match(text, q0)
            if not m:
                if connectors and out and text[q0:q0 + 1] in "-–&":   # (`Đầu tư & Phát triển nhà`)
                    q1 = self.skip_sp(text, q0 + 1)
                    m2 = _SYL.match(text, q1)
                    if m2 and m2.group()[0].isupper() and not self.head_at(text, q1) \
                            and not self.stop_re.match(text, q1):
                        out.append((q0, q0 + 1))
                        q = q0 + 1
                        continue
                break
            w = m.group()
            if w[0].isupper():
                if self.stop_re.match(text, q0) or (out and self.ends_run(text, q0)):
                    break
                if w.isupper() and self.caps_stop_re.match(text, q0) or out and self.title_stop_re.match(text, q0):
                    break   # an all-caps or title-case headline: its verbs are capitals too (`... ĐÔNG BẮC TỔ CHỨC
                    # HỘI NGHỊ`, `Trường THPT Phong Phú Tổ Chức Đại Hội`)
                if w in self.people_words:
                    break
                out.append(m.span())
            elif w[0].isdigit():
                if not digits or not out:
                    break
                out.append(m.span())
            elif glue and out and self.glued(ctx, out[-1][0], q0) and \
                    not (text[out[-1][0]].isupper() and self.name_stop.match(text, q0)
                         and " ".join(text[out[-1][0]:m.end()].casefold().split()) not in self.dept_words):
                out.append(m.span())  # (a verb glued to a name by the segmenter, `Lê Lợi đạt`, is not)
            elif connectors and out and w == "và":
                q1 = self.skip_sp(text, m.end())
                m2 = _SYL.match(text, q1)
                if m2 and m2.group()[0].isupper() and not self.head_at(text, q1) \
                        and not self.stop_re.match(text, q1):
                    out.append(m.span())
                else:
                    break
            elif company and out and (add := self.company_lower(ctx, out, q0)):
                out.extend(add)  # `Công ty TNHH Giày da Minh Khang`: a brand's lower-case words
            elif desc and out:
                add = self.desc_tail(ctx, out, q0)
                if not add:
                    break
                out.extend(add)
            else:
                break
            q = out[-1][1]
        # a trailing connector is not part of the name
        while out and text[out[-1][0]:out[-1][1]] in ("và", "-", "–", "&"):
            out.pop()
        return out

    def lower_words(self, text: str, q: int, most: int) -> list[tuple[int, int]]:
        """Spans of up to `most` lower-case words from `q`, stopping at a level word, a name stop,
        a capitalised word or a word glued to the next character."""
        add: list[tuple[int, int]] = []
        while len(add) < most:
            if self.level_re.match(text, q) or self.name_stop.match(text, q):
                break
            m = _SYL.match(text, q)
            if not m or not m.group()[0].islower():
                break
            add.append(m.span())
            q1 = self.skip_sp(text, m.end())
            if q1 == m.end():
                break
            q = q1
        return add

    def company_lower(self, ctx: DocContext, out: list[tuple[int, int]], q0: int) -> list[tuple[int, int]]:
        """Lower-case words inside a company or brand name (`Công ty TNHH Giày da Minh Khang`, `Công ty Cổ phần
        Thực phẩm sạch Nam Hà`): at most three, never a stop word of `name_stops.txt` or a level word, and
        followed by a capitalised name word, or by punctuation / the end of the line when they come straight
        after the first capitalised word of the name (`Công ty CP Môi trường đô thị.`); [] otherwise."""
        text = ctx.text
        add = self.lower_words(text, q0, 3)
        if not add:
            return []
        r = self.skip_sp(text, add[-1][1])
        if r == add[-1][1] and r < len(text) and text[r] not in ",.;:()\n\"“”":
            return []
        m = _SYL.match(text, r)
        if m and m.group()[0].isupper():
            if self.stop_re.match(text, r) or self.head_at(text, r) or m.group() in self.people_words or \
                    m.group() in self.surnames:
                return []
            return add
        c = text[r:r + 1]
        if not c or c in ",.;:()\n\"“”":
            words = [text[a:b] for a, b in out]
            core = [w for w in words if not (len(w) > 1 and w.isupper()) and w not in ("Cổ", "phần")]
            if len(core) == 1 and len(add) <= 2:
                return add
        return []

    def person_cut(self, ctx: DocContext, run: list[tuple[int, int]], after_level: bool) -> list[tuple[int, int]]:
        """Cut a person's name off the end of a name run (`tỉnh Yên Bái Đặng Văn Tiến`)."""
        text = ctx.text
        words = [text[a:b] for a, b in run]
        if not words:
            return run
        if self.province_at(text, run[0][0]):
            end, _ = self.province_at(text, run[0][0])
            k = sum(1 for a, b in run if b <= end)
            if k < len(run) and words[k] in self.surnames and 2 <= len(run) - k <= 4:
                return run[:k]
            if k >= len(run):
                return run
        if after_level and len(run) >= 3 and words[0] in self.surnames and len(run) <= 4:
            return []
        start_i = 1 if after_level else 2
        for i in range(start_i, len(run)):
            # a person after at least two name syllables (abbreviations `THPT`, `TNHH` are no name syllables)
            core = [w for w in words[:i] if not (len(w) > 1 and w.isupper())]
            if words[i] in self.surnames and 2 <= len(run) - i <= 4 and len(core) >= 2 and \
                    all(w[:1].isupper() for w in words[i:]) and not self._is_place_end(text, run, i):
                return run[:i]   # (`Cao su` is no person; nor is a province ending the name, `... Hà Tĩnh`)
        return run

    def _is_place_end(self, text: str, run: list[tuple[int, int]], i: int) -> bool:
        """Whether the run's syllables from i on are exactly a province's name (`Trường Đại học Hà Tĩnh`)."""
        hit = self.province_at(text, run[i][0])
        return hit is not None and hit[0] == run[-1][1]

    # ------------------------------------------------------------------ tails
    def parse_place(self, ctx: DocContext, p: int, allow_bare_name: bool) -> Place | None:
        text = ctx.text
        q = self.skip_sp(text, p)
        if q == p and p < len(text) and text[p:p + 1] not in ("", "\n"):
            # names are separated by a space
            if text[p:p + 1] not in " \t":
                return None
        m = _BRACKET_ABBR.match(text[q:q + 20])  # `Liên đoàn Lao động (LĐLĐ) tỉnh`
        if m and not self.level_re.match(text, q + m.end()) and \
                not (allow_bare_name and self.province_at(text, q + m.end())):
            m = None  # `Công đoàn các Khu công nghiệp (KCN) Đồng Nai`: the bracket stays inside the name
        qq = q + m.end() if m else q
        if self.city_re is not None and qq > p:
            cm = self.city_re.match(text, qq)
            if cm:
                name = self.city_forms.get(" ".join(cm.group().split()))
                if name is None:
                    name = next((n for f, n in self.city_forms.items() if re.fullmatch(_flex(f), cm.group())), None)
                if name:
                    return Place(cm.end(), f"thành phố {name}", name, "province")
        lm = self.level_re.match(text, qq)
        if lm:
            canon, level = self.level_canon.get(" ".join(lm.group().split()).casefold(),
                                                (lm.group().lower(), "district"))
            r = self.skip_sp(text, lm.end())
            name = None
            end = lm.end()
            if r > lm.end() or lm.group().endswith("."):
                pa = self.province_at(text, r)
                if pa and not self.syllable_continues(ctx, pa[0]):
                    end, name = pa[0], pa[1]
                    name_written = " ".join(text[r:end].split())
                    if name_written != name and name_written.replace("Hoà", "Hòa") != name:
                        name = name  # alias: canonical province name
                elif canon == "tỉnh":   # provinces are a closed list: `LĐLĐ tỉnh Kha Văn Tám` names a person
                    im = _INITIALS.match(text, r)
                    if im and (full := self.initials_place(ctx, canon, im.group())):
                        end, name = im.end(), full   # `tỉnh QN`
                else:
                    run = self.cap_run(ctx, r, connectors=False, max_syl=5, glue=False)
                    if canon in ("quận", "phường") and not run:
                        dm = re.match(r"\d+\b", text[r:])
                        if dm:
                            run = [(r, r + dm.end())]
                    run = self.person_cut(ctx, run, after_level=True)
                    if run:
                        end = run[-1][1]
                        name = self.expand(text[run[0][0]:end])
                        name = self.initials_place(ctx, canon, name) or name   # `huyện TB` of `huyện Thới Bình`
            if level == "city":
                if name is None:
                    level = "province" if ctx.province_kind == "thanh_pho" else "district"
                else:
                    level = "province" if (name == ctx.province and ctx.province_kind == "thanh_pho") \
                        or self.prov_kind.get(name) == "thanh_pho" else "district"
            if name is None:
                name, canon = self.resolve_bare(ctx, canon)
                return Place(end, f"{canon} {name}" if name else canon, name, level)
            return Place(end, f"{canon} {name}", name, level)
        if not allow_bare_name:
            return None
        pa = self.province_at(text, qq)
        if pa and not self.syllable_continues(ctx, pa[0]):
            name = " ".join(text[qq:pa[0]].split())
            lvl = "province" if pa[1] == ctx.province or pa[1] in self.prov_kind else None
            return Place(pa[0], name, pa[1], lvl)
        return None

    def initials_place(self, ctx: DocContext, level: str, abbr: str) -> str | None:
        """The place that a level word's initials stand for (`huyện TB`, `tỉnh QN`): the article's province, or
        the one place the article writes out in full after the same level word (`huyện Thới Bình`)."""
        if not (2 <= len(abbr) <= 4 and abbr.isalpha() and abbr.isupper()):
            return None
        if level in ("tỉnh", "thành phố") and ctx.province and _initials(ctx.province) == abbr:
            return ctx.province
        found = {name for name in _written_after(ctx.text, level, len(abbr)) if _initials(name) == abbr}
        return found.pop() if len(found) == 1 else None

    def syllable_continues(self, ctx: DocContext, p: int) -> bool:
        """True when the province-like match at ..p is only the start of a longer capitalised word."""
        text = ctx.text
        if p < len(text) and (text[p].isalnum()):
            return True
        return False

    def resolve_bare(self, ctx: DocContext, canon: str) -> tuple[str | None, str]:
        """The place a bare level word refers to: the article's province, or its city."""
        if canon == "tỉnh":
            if ctx.province and ctx.province_kind != "thanh_pho":
                return ctx.province, canon
            return None, canon
        if canon in ctx.locals:
            return ctx.locals[canon], canon
        if canon == "thành phố":
            if ctx.province and ctx.province_kind == "thanh_pho":
                return ctx.province, canon
            if ctx.city:
                return ctx.city, canon
            if ctx.province:
                return ctx.province, canon
        return None, canon

    def dept_at(self, text: str, p: int, uses: tuple[str, ...]) -> tuple[int, str] | None:
        """(end, canonical name) of the first department of `self.depts` (longest first) with a `use` in `uses`
        that matches at p. Those departments go into one regex, a group each, built at the first call for
        `uses`: one C-level match instead of a Python loop that tried ~100 patterns one by one; `lastindex`
        names the first group that matches (as in `first_head_by_char`)."""
        scan = self._dept_scans.get(uses)
        if scan is None:
            rows = [(pat, canon) for pat, canon, use in self.depts if use in uses]
            rx = re.compile("|".join(f"({pat})" for pat, _ in rows) or "(?!)")
            assert rx.groups == len(rows)   # no groups of their own: group i+1 is department i
            scan = self._dept_scans[uses] = (rx, [canon for _, canon in rows])
        m = scan[0].match(text, p)
        return (m.end(), scan[1][m.lastindex - 1]) if m else None

    def default_place(self, ctx: DocContext, head: Head) -> tuple[str, str | None, str | None] | None:
        """The place a head takes when none is written: its `default` (org_heads.tsv), alternatives separated
        by `|` tried in order."""
        for default in head.default.split("|"):
            got = self._default(ctx, default)
            if got is not None:
                return got
        return None

    @staticmethod
    def _default(ctx: DocContext, default: str) -> tuple[str, str | None, str | None] | None:
        """(place words, place name, level) for one default, or None when the article does not tell it."""
        if default == "city":   # the article's province when it is a centrally-run city
            return (ctx.province, ctx.province, "province") if ctx.province and ctx.province_kind == "thanh_pho" \
                else None
        if default in ("province", "province_desc") and ctx.province:
            word = "thành phố" if ctx.province_kind == "thanh_pho" else "tỉnh"
            return f"{word} {ctx.province}", ctx.province, "province"
        if default == "name" and ctx.province:
            return ctx.province, ctx.province, "province"
        if default.startswith("local:") and default[6:] in ctx.locals:
            name = ctx.locals[default[6:]]
            return name, name, "district"
        if default == "local_or_province":
            if len(ctx.locals) == 1:   # the one district the article is about, else its province
                (word, name), = ctx.locals.items()
                return f"{word} {name}", name, "district"
            if ctx.province:
                word = "thành phố" if ctx.province_kind == "thanh_pho" else "tỉnh"
                return f"{word} {ctx.province}", ctx.province, "province"
        if default == "vn":
            return "Việt Nam", "Việt Nam", "national"
        return None

    # ------------------------------------------------------------------ the parser
    def parse_at(self, ctx: DocContext, p: int, depth: int = 0) -> Cand | None:
        if depth > 3:
            return None
        text = ctx.text
        if p >= len(text):
            return None
        c = _letter_key(text[p])
        quick = self.first_head_by_char.get(c)
        first = quick.match(text, p) if quick is not None else None
        if first is None:
            return None
        # the heads before the first that matches (its group number) cannot match here
        for h in self.heads_by_char[c][first.lastindex - 1:]:
            m = h.regex.match(text, p)
            if not m:
                continue
            c = self.parse_tail(ctx, h, m.start(), m.end(), depth)
            if c is not None:
                c.bare_place = h.default.startswith(("name", "city", "local:"))
                return c
            if h.tail in ("place", "place_opt") and _PLURAL_AFTER.match(text, self.skip_sp(text, m.end())):
                return None   # `Hội Nông dân các xã`: a plural, not a shorter head's name (`Hội` + `Nông dân`)
        return None

    def parse_tail(self, ctx: DocContext, h: Head, start: int, hend: int, depth: int) -> Cand | None:
        text = ctx.text
        kind, level = h.kind, h.level or None
        method = "orgs.abbrev" if h.abbrev else "orgs.head"
        q = self.skip_sp(text, hend)
        glued_next = q > hend

        def place_or_default(end: int, base: str, allow_name: bool) -> Cand:
            pl = self.parse_place(ctx, end, allow_name)
            if pl is not None:
                lvl = level if h.kind in ("cong_doan_nganh",) and pl.level in (None, "province") else (pl.level or level)
                if h.level in ("national", "grassroots"):
                    lvl = h.level
                pcanon = pl.canonical
                if h.kind == "so" and pl.name and pcanon == text[self.skip_sp(text, end):pl.end].strip() \
                        and pl.name in self.prov_kind:
                    # a department is provincial: `Sở GD&ĐT Bình Định` -> `... tỉnh Bình Định`
                    pcanon = ("thành phố " if self.prov_kind.get(pl.name) == "thanh_pho" else "tỉnh ") + pl.name
                return Cand(start, pl.end, f"{base} {pcanon}", kind, lvl, pl.name, method)
            d = self.default_place(ctx, h)
            if d is not None and d[1] and base.endswith(" " + d[1]):
                d = None   # the name ends with the province already (`Chi cục Hải quan Ninh Thuận`)
            if d is not None:
                return Cand(start, end, f"{base} {d[0]}", kind, h.level or d[2], d[1], method, defaulted=d[0])
            return Cand(start, end, base, kind, level, None, method)

        if h.tail == "fixed":
            if h.canonical.endswith("Việt Nam") and (vn := _BRACKET_THEN_VN.match(text, hend)):
                hend = vn.end()   # `Tổng Liên đoàn Lao động (LĐLĐ) Việt Nam`: the bracket stays inside the name
            return Cand(start, hend, h.canonical, kind, level, "Việt Nam" if "Việt Nam" in h.canonical else None, method)
        if h.tail in ("place", "place_opt"):
            if _PLURAL_AFTER.match(text, q):
                return None   # `Liên đoàn Lao động các tỉnh: ...`, `Hội Nông dân các cấp`: a list's head or a plural
            pl = self.parse_place(ctx, hend, allow_bare_name=True)
            if pl is None and glued_next and kind in _OWNED_KINDS and self.head_at(text, q):
                # a board of an owning body (`Ban Thi đua - Khen thưởng Tổng LĐLĐ Việt Nam`)
                inner = self.parse_at(ctx, q, depth + 1)
                if inner is not None and inner.kind in _OWNER_KINDS:
                    return Cand(start, inner.end, f"{h.canonical} {inner.canonical}", kind, inner.level, inner.place,
                                method)
            if pl is None:
                # a bare name (`Công đoàn Viên chức Tây Ninh`, `UBND Hà Giang`)
                if glued_next:
                    run = self.person_cut(ctx, self.cap_run(ctx, q, max_syl=4, glue=False), after_level=True)
                    if run:
                        end = run[-1][1]
                        name = self.expand(text[q:end])
                        if name == "Việt Nam":
                            return Cand(start, end, f"{h.canonical} Việt Nam", kind, "national", name, method)
                        return Cand(start, end, f"{h.canonical} {name}", kind, level, name, method)
                if h.tail == "place":
                    return None
                return place_or_default(hend, h.canonical, False)
            lvl = h.level or pl.level
            if pl.name == "Việt Nam":
                lvl = "national"
            pcanon = pl.canonical
            if kind in _PROVINCIAL_KINDS and h.default != "name" and pl.name in self.prov_kind and pcanon == pl.name:
                # a province's body named with the bare province (`Công đoàn Viên chức Nghệ An`, `UBND Hà Giang`)
                pcanon = ("thành phố " if self.prov_kind.get(pl.name) == "thanh_pho" else "tỉnh ") + pl.name
            return Cand(start, pl.end, f"{h.canonical} {pcanon}", kind, lvl, pl.name, method)
        if h.tail == "dept":
            if not glued_next:
                return None
            d = self.dept_at(text, q, ("so", "both"))
            if d is None:
                return None
            return place_or_default(d[0], f"{h.canonical} {d[1]}", True)  # a known province may follow bare
        if h.tail == "sector":
            if not glued_next:
                return None
            d = self.dept_at(text, q, ("sector", "both"))
            if d is not None:
                end, sector = d
            else:
                run = self.cap_run(ctx, q, max_syl=4, digits=False)
                if not run or re.fullmatch(r"[IVX]+", text[run[0][0]:run[0][1]]):
                    return None
                end, sector = run[-1][1], self.expand(text[q:run[-1][1]])
            return place_or_default(end, f"{h.canonical} {sector}", True)
        if h.tail == "organ":
            if not glued_next:
                return None
            inner = self.parse_at(ctx, q, depth + 1)
            if inner is None:
                return None
            return Cand(start, inner.end, f"{h.canonical} {inner.canonical}", "organ", inner.level, inner.place, method,
                        owner=inner)
        if h.tail == "desc_place":
            # a sentence-case name in lower case, told by the place that must follow it
            # (`Hội người cao tuổi tỉnh`, `Câu lạc bộ hưu trí huyện Lạc Sơn`)
            if not glued_next:
                return None
            words = self.lower_words(text, q, 6)
            if not words:
                return None
            pl = self.parse_place(ctx, words[-1][1], allow_bare_name=False)
            if pl is None:
                return None
            name = text[q:words[-1][1]]
            return Cand(start, pl.end, f"{h.canonical} {name[0].upper()}{name[1:]} {pl.canonical}", kind,
                        h.level or pl.level, pl.name, method)
        if h.tail == "bloc":
            if not glued_next:
                return None
            r = q
            words: list[tuple[int, int]] = []
            while len(words) < 8:
                r0 = self.skip_sp(text, r) if words else r
                if words and r0 == r:
                    break
                if self.level_re.match(text, r0) and words:
                    break
                if words and text[r0:r0 + 1] in "-–":
                    r1 = self.skip_sp(text, r0 + 1)
                    nm = _SYL.match(text, r1)
                    if nm and nm.group()[0].isupper():
                        words.append((r0, r0 + 1))
                        r = r0 + 1
                        continue
                    break
                m = _SYL.match(text, r0)
                if not m:
                    break
                w = m.group()
                if w[0].isupper() or w[0].isdigit() or w.lower() in self.bloc_words or \
                        (words and self.glued(ctx, words[-1][0], r0)):
                    if w[0].isupper() and (self.stop_re.match(text, r0) and w not in ("Dân", "Các")):
                        break
                    words.append(m.span())
                    r = m.end()
                else:
                    break
            while words and text[words[-1][0]:words[-1][1]].lower() in ("và", "các", "-", "–"):
                words.pop()
            if not words:
                return None
            end = words[-1][1]
            bloc = re.sub(r"^Các(?![\w])", "các", self.expand(text[q:end]))
            return place_or_default(end, f"{h.canonical} {bloc}", False)
        if h.tail == "name":
            if not glued_next:
                return None
            inner = self.parse_at(ctx, q, depth + 1)
            if inner is not None and inner.kind not in ("cong_doan",):
                lvl = h.level or inner.level
                return Cand(start, inner.end, f"{h.canonical} {inner.canonical}", kind, lvl, inner.place, method)
            if kind == "cong_doan" and text[q:q + 1].islower() and (d := self.dept_at(text, q, ("sector", "both"))):
                # a sector written lower-case after a union's head (`Công đoàn giáo dục Thành phố Hồ Chí Minh`,
                # `Công đoàn y tế Việt Nam`)
                vn = _VN_AFTER.match(text, d[0])
                if vn:
                    return Cand(start, vn.end(), f"{h.canonical} {d[1]} Việt Nam", kind, "national", "Việt Nam", method)
                return place_or_default(d[0], f"{h.canonical} {d[1]}", False)
            run = self.cap_run(ctx, q, connectors=True, max_syl=12, desc=kind in _DESC_KINDS,
                               company=kind == "company")
            run = self.person_cut(ctx, run, after_level=False)
            if not run:
                # a named place straight after the head (`Đảng bộ tỉnh An Giang`, `Công đoàn tỉnh Sơn La`)
                pl = self.parse_place(ctx, hend, allow_bare_name=False)
                if pl is not None and pl.name and (pl.name in text[hend:pl.end] or kind == "cong_doan"):
                    # (a union of a bare level, `Đại hội Công đoàn huyện lần thứ IV`: the article's district's)
                    return Cand(start, pl.end, f"{h.canonical} {pl.canonical}", kind, h.level or pl.level,
                                pl.name, method)
                return None
            first = text[run[0][0]:run[0][1]]
            if first in self.people_words or _ROMAN_ORDINAL.fullmatch(first):
                return None   # (`Đại hội Công đoàn XIII`: the congress's ordinal, not a union's name)
            end = run[-1][1]
            # a nested body right after the name (`Công đoàn Cơ quan Liên đoàn Lao động thành phố X`)
            r = self.skip_sp(text, end)
            if r > end:
                nested = self.parse_at(ctx, r, depth + 1) if self.head_at(text, r) else None
                if nested is not None:
                    return Cand(start, nested.end, f"{h.canonical} {self.expand(text[q:end])} {nested.canonical}",
                                kind, h.level or nested.level, nested.place, method)
            name = self.expand(text[q:end])
            pl = self.parse_place(ctx, end, allow_bare_name=False)
            if pl is not None:
                return Cand(start, pl.end, f"{h.canonical} {name} {pl.canonical}", kind, h.level or pl.level,
                            pl.name, method)
            d = None
            if h.default == "province" or (h.default == "province_desc" and self.is_descriptive(text, run)):
                d = self.default_place(ctx, h)
            if d is not None and d[1] and name.endswith(" " + d[1]):
                d = None   # the name ends with the province already (`Trung tâm Y tế Ninh Thuận`)
            if d is not None:
                return Cand(start, end, f"{h.canonical} {name} {d[0]}", kind, level or d[2], d[1], method,
                            defaulted=d[0])
            return Cand(start, end, f"{h.canonical} {name}", kind, level, None, method)
        return None

    @staticmethod
    def is_descriptive(text: str, run: list[tuple[int, int]]) -> bool:
        """A sentence-case name (`Pháp y`, `Kiểm soát bệnh tật`): a capitalised word then lower-case ones."""
        ws = [text[a:b] for a, b in run]
        return len(ws) >= 2 and ws[0][:1].isupper() and not ws[0].isupper() and \
            all(w[:1].islower() or w in ("-", "–") for w in ws[1:]) and any(w[:1].islower() for w in ws[1:])

    # ------------------------------------------------------------------ lists sharing a head
    # (?:(?<!\w)(?:gồm|bao gồm|là)\s+)?(?<!\w)các\s+(Sở|sở|Phòng|phòng)\s*:\s*, or a lower-case head and a
    # capital without the colon (`các sở Nội vụ, Tài chính`), written literal-first, so that `re`
    # scans for the first letters instead of trying the lookbehind at every position (same matches)
    _LIST_DEPT = re.compile(r"(?:gồm(?<![\w]gồm)\s+các|bao gồm(?<![\w]bao gồm)\s+các|là(?<![\w]là)\s+các|các(?<![\w]các))"
                            r"\s+(?:(Sở|sở|Phòng|phòng)\s*:\s*|(sở|phòng)[ \t]+(?=[A-ZĐ]))")   # `các sở Nội vụ, Tài chính` too
    # `Khối có 11 sở, ban, ngành, gồm: Tư pháp, Y tế, Ban Dân tộc tỉnh ...`: bare leading items take `Sở`
    _LIST_MIXED = re.compile(r"(?<![\w.])0*\d{1,2}[ \t]+(?:sở|Sở)(?:[ \t]*,[ \t]*(?:ban|ngành|đơn[ \t]+vị|cơ[ \t]+quan))+"
                             r"[ \t]*,?[ \t]*(?:bao[ \t]+)?gồm(?:[ \t]+có)?[ \t]*:[ \t]*")
    # the same matches found from a digit (see `_mixed_list_ends`): group 1 is the match
    _LIST_MIXED_SCAN = re.compile(r"\d(?<=(?=(" + _LIST_MIXED.pattern + r"))\d)")
    _LIST_PLACE_TAIL = re.compile(r"[ \t]+(?:các)[ \t]+(tỉnh|huyện|thành phố|quận|thị xã|xã|phường)(?:[ \t]*:[ \t]*|[ \t]+)")
    # where `_LIST_PLACE_TAIL` may match: `các` after a space, then a level word (see `_place_tail_starts`)
    _PLACE_TAIL_CAC = re.compile(r"các(?<=[ \t]các)(?=[ \t]+(?:tỉnh|huyện|thành phố|quận|thị xã|xã|phường))")
    _COUNT = re.compile(r"(?<![\w.])0*(\d{1,2})\s+(?:đơn vị|Sở|sở|cơ quan|thành viên|Công đoàn|công đoàn|ngành)\b")
    _SEP = re.compile(r"[ \t]*(?:,|;|và(?![\w]))[ \t]*(?:và[ \t]+)?")

    def parse_lists(self, ctx: DocContext) -> list[Cand]:
        text = ctx.text
        out: list[Cand] = []
        for m in self._LIST_DEPT.finditer(text):
            head_word = m.group(1) or m.group(2)
            if m.group(2) and self.dept_at(text, m.end(), ("so", "both")) is None:
                continue   # without a colon, only a known department opens the list
            head_canon = "Sở" if head_word.lower() == "sở" else "Phòng"
            count = self._count_before(text, m.start())
            items = self._dept_items(ctx, m.end(), count)
            for s, e, canon in items:
                base = f"{head_canon} {canon}"
                if head_canon == "Sở" and ctx.province:
                    word = "thành phố" if ctx.province_kind == "thanh_pho" else "tỉnh"
                    base = f"{base} {word} {ctx.province}"
                    out.append(Cand(s, e, base, "so", "province", ctx.province, "orgs.list"))
                else:
                    out.append(Cand(s, e, base, "so" if head_canon == "Sở" else "state", None, None, "orgs.list"))
        for p in self._mixed_list_ends(text):
            while p < len(text):
                d = self.dept_at(text, p, ("so", "both"))
                if d is not None:
                    e = d[0]
                    base = f"Sở {d[1]}"
                    if ctx.province:
                        word = "thành phố" if ctx.province_kind == "thanh_pho" else "tỉnh"
                        base = f"{base} {word} {ctx.province}"
                    out.append(Cand(p, e, base, "so", "province", ctx.province, "orgs.list"))
                elif self.head_at(text, p):
                    c = self.parse_at(ctx, p)  # a full name: the ordinary parser gives it
                    if c is None:
                        break
                    e = c.end
                else:
                    break
                sm = self._SEP.match(text, e)
                if not sm or sm.end() == e or ";" in sm.group():
                    break
                p = sm.end()
        # `các Trường THPT: A, B và C`: named units sharing a head (and its type abbreviation)
        for m in self.unit_list_re.finditer(text):
            h = self.unit_heads[m.group(1).casefold()]
            kind_abbr = " ".join(m.group(2).split())
            base = f"{h.canonical} {self.expand(kind_abbr)}" if kind_abbr else h.canonical
            p = m.end()
            while True:
                if self.head_at(text, p):
                    break
                run = self.cap_run(ctx, p, max_syl=5)
                if not run:
                    break
                e = run[-1][1]
                out.append(Cand(p, e, f"{base} {self.expand(text[p:e])}", h.kind, h.level or None, None,
                                "orgs.list"))
                sm = self._SEP.match(text, e)
                if not sm or sm.end() == e or ";" in sm.group():
                    break
                p = sm.end()
        starts = self._place_tail_starts(text)
        for h, m in ((h, m) for pos in starts for h in self.heads if h.tail in ("place", "place_opt")
                     for m in [next((x for x in h.regex.finditer(text, max(0, pos - 60), pos) if x.end() == pos),
                                    None)] if m is not None):
            lm = self._LIST_PLACE_TAIL.match(text, m.end())
            if lm:
                out += self._place_items(ctx, h.canonical, h.kind, lm)
        # a department of several places: `Sở VH-TT các tỉnh: A, B`
        for pos in starts:
            for sm0 in _SO_BEFORE.finditer(text, max(0, pos - 60), pos):
                d = self.dept_at(text, sm0.end(), ("so", "both"))
                lm = self._LIST_PLACE_TAIL.match(text, pos) if d is not None and d[0] == pos else None
                if lm:
                    out += self._place_items(ctx, f"Sở {d[1]}", "so", lm)
        return out

    def _place_items(self, ctx: DocContext, base: str, kind: str, lm: re.Match) -> list[Cand]:
        """The places listed after `base các tỉnh:` (`_LIST_PLACE_TAIL` matched as `lm`), each `base` of it."""
        text = ctx.text
        out: list[Cand] = []
        lvl_word = lm.group(1)
        canon_lvl, level = self.level_canon.get(lvl_word.casefold(), (lvl_word, "district"))
        p = lm.end()
        while True:
            if self.head_at(text, p):
                break
            # an item may bring its own level word (`và thị xã Y`)
            own = self.level_re.match(text, p)
            if own:
                pl = self.parse_place(ctx, p - 1 if p > 0 and text[p - 1] == " " else p, False)
                if pl is None or pl.name is None:
                    break
                out.append(Cand(p, pl.end, f"{base} {pl.canonical}", kind, pl.level, pl.name, "orgs.list"))
                e = pl.end
            else:
                pa = self.province_at(text, p)
                if pa and not self.syllable_continues(ctx, pa[0]):
                    e, name = pa
                elif ":" not in lm.group() and canon_lvl in ("tỉnh", "thành phố"):
                    break  # without a colon, only known provinces are items
                else:
                    run = self.cap_run(ctx, p, max_syl=4, glue=False)
                    if not run:
                        break
                    e = run[-1][1]
                    name = self.expand(text[p:e])
                lv = "province" if canon_lvl == "tỉnh" else level
                out.append(Cand(p, e, f"{base} {canon_lvl} {name}", kind, lv, name, "orgs.list"))
            sm = self._SEP.match(text, e)
            if not sm or sm.end() == e or ";" in sm.group():
                break
            p = sm.end()
        return out

    def _mixed_list_ends(self, text: str) -> list[int]:
        """`m.end()` for m in `_LIST_MIXED.finditer(text)`. That pattern starts with a lookbehind, so `re`
        tries it at every position; the scan stops only at digits, and a match starting inside the
        previous one is dropped as `finditer` would skip it. Every match holds `gồm` (written that way
        in the pattern) and `sở`/`Sở`: without them (most articles) the scan is skipped."""
        out: list[int] = []
        if "gồm" not in text or ("sở" not in text and "Sở" not in text):
            return out
        end = 0
        for m in self._LIST_MIXED_SCAN.finditer(text):
            if m.start() >= end:
                end = m.end(1)
                out.append(end)
        return out

    def _place_tail_starts(self, text: str) -> list[int]:
        """`m.start()` for m in `_LIST_PLACE_TAIL.finditer(text)`, from the rare `các` + level word: a match
        starts at the first space before `các` (a match never ends before a space, so the next one cannot
        start inside a run of spaces it ended in)."""
        out: list[int] = []
        end = 0
        for c in self._PLACE_TAIL_CAC.finditer(text):
            p = c.start()
            while p > end and text[p - 1] in " \t":
                p -= 1
            m = self._LIST_PLACE_TAIL.match(text, p) if p < c.start() else None
            if m is not None:
                out.append(p)
                end = m.end()
        return out

    def _count_before(self, text: str, p: int) -> int | None:
        window = text[max(0, p - 120):p]
        ms = list(self._COUNT.finditer(window))
        return int(ms[-1].group(1)) if ms else None

    def _dept_items(self, ctx: DocContext, p: int, count: int | None) -> list[tuple[int, int, str]]:
        text = ctx.text
        items: list[tuple[int, int, str | None]] = []
        while p < len(text):
            d = self.dept_at(text, p, ("so", "both"))
            if d is not None:
                items.append((p, d[0], d[1]))
                e = d[0]
            else:
                # an unknown item: up to the next separator, capitalised; a body with its own head
                # (`...; Ban Dân tộc tỉnh`) ends the list
                if not text[p:p + 1].isupper() or self.head_at(text, p):
                    break
                mm = re.match(r"[^,;.\n()]+", text[p:])
                if not mm:
                    break
                seg = mm.group().rstrip()
                items.append((p, p + len(seg), None))
                e = p + len(seg)
            sm = self._SEP.match(text, e)
            if not sm or sm.end() == e:
                break
            p = sm.end()
        # split unknown `A và B` items when the announced count asks for more items
        out: list[tuple[int, int, str]] = []
        need = (count - len(items)) if count else 0
        for s, e, canon in items:
            if canon is None:
                seg = text[s:e]
                k = seg.find(" và ")
                if need > 0 and k > 0:
                    out.append((s, s + k, seg[:k]))
                    out.append((s + k + 4, e, seg[k + 4:]))
                    need -= 1
                    continue
                canon = " ".join(seg.split())
            out.append((s, e, canon))
        return out

    # ------------------------------------------------------------------ whole document
    def find_all(self, ctx: DocContext) -> list[Cand]:
        text = ctx.text
        blocked = self.blocked_spans(text)
        lists = self.parse_lists(ctx)
        chosen: list[Cand] = []
        taken: list[tuple[int, int]] = []
        for c in sorted(lists, key=lambda c: c.start):
            chosen.append(c)
            taken.append((c.start, c.end))
        last_end = -1
        # Heads come in text order and a candidate starts at its head, so the candidates are judged as they
        # are found. One that would start inside an earlier body's span (nested owners are found by the longer
        # one), a list's or a blocked phrase's is dropped whatever it is: that head is not parsed at all.
        for m in self.head_scan.finditer(text):
            p = m.start()
            if p < last_end or any(a <= p < b for a, b in taken) or any(a <= p < b for a, b in blocked):
                continue
            c = self.parse_at(ctx, p)
            if c is None:
                # a shorter head inside the match (e.g. `LĐLĐ` after a failed longer head)
                continue
            before = text[max(0, c.start - 12):c.start]
            if _DOC_REF_BEFORE.search(before):
                continue
            if (_PLURAL_BEFORE.search(before) and not c.canonical.startswith("Công đoàn các")) or \
                    self._is_cluster_union(ctx, c):
                last_end = c.end  # nothing inside a rejected span re-emerges as a shorter body
                continue
            if c.place is None and _LEVEL_ENUM.match(text, c.end) and self.level_re.search(text[c.start:c.end]):
                continue  # `LĐLĐ huyện, thành, thị`: every district, not one body
            chosen.append(c)
            last_end = c.end
        chosen.sort(key=lambda c: c.start)
        self.share_trailing_place(ctx, chosen)
        self.name_bare_units(chosen)
        return chosen

    @staticmethod
    def name_bare_units(chosen: list[Cand]) -> None:
        """A body named after a bare unit word (`Công đoàn Bệnh viện`, `Đảng ủy Bệnh viện`) is that of the one unit
        of that word the article names in full (`Bệnh viện Đa khoa tỉnh Tuyên Quang`); with none or several, it
        stays as written."""
        for c in chosen:
            m = _BARE_UNIT_END.search(c.canonical)
            if m is None:
                continue
            word = m.group(1)
            full = {o.canonical[o.canonical.find(word):] for o in chosen
                    if re.search(rf"(?:^|\s){word}\s+\S", o.canonical)}
            if len(full) == 1:
                c.canonical = c.canonical[:m.start(1)] + full.pop()

    def share_trailing_place(self, ctx: DocContext, chosen: list[Cand]) -> None:
        """A place written once after the last of a list of bodies is every listed body's (`Mặt trận, Hội Phụ nữ,
        Hội Nông dân tỉnh` -> `... Hội Nông dân tỉnh` each), for the bodies that name no place of their own."""
        text = ctx.text
        i = 0
        while i < len(chosen):
            j = i
            while j + 1 < len(chosen) and _ITEM_GAP.fullmatch(text, chosen[j].end, chosen[j + 1].start):
                j += 1
            last = chosen[j]
            lm = None
            for lm in self.level_re.finditer(text, last.start, last.end):
                pass
            level = " ".join(lm.group().split()).lower() if lm is not None else None
            at = last.canonical.rfind(" " + level) if level else -1
            if j > i and at > 0 and last.kind in _LOCAL_KINDS:
                suffix = last.canonical[at:]
                for c in chosen[i:j]:
                    if c.kind not in _LOCAL_KINDS or self.level_re.search(text, c.start, c.end):
                        continue
                    if c.defaulted and c.canonical.endswith(" " + c.defaulted):   # the written place outranks it
                        c.canonical, c.place, c.defaulted = c.canonical[:-len(c.defaulted) - 1], None, None
                    if c.place is None and last.place and c.canonical.endswith(" " + last.place):
                        continue   # named with that place already (`Chi cục Hải quan Ninh Thuận, Kho bạc Nhà nước tỉnh`)
                    if c.place is None:
                        # a body named with the bare place takes it so (`Thành ủy Pleiku`, `Thành đoàn X`)
                        c.canonical += f" {last.place}" if c.bare_place and last.place else suffix
                        c.place, c.level = last.place, last.level
            i = j + 1

    def blocked_spans(self, text: str) -> list[tuple[int, int]]:
        """`m.span()` for m in `self.not_orgs.finditer(text)`, from the scan over the phrases' letters."""
        if self.not_orgs_scan is None:
            return [m.span() for m in self.not_orgs.finditer(text)]
        return scan_spans(self.not_orgs_scan, text)

    def _is_cluster_union(self, ctx: DocContext, c: Cand) -> bool:
        """`Công đoàn Khối X` where the article names `Khối thi đua X`: the bloc itself, not a body."""
        mm = _CLUSTER_UNION.match(ctx.text[c.start:c.end])
        if not mm:
            return False
        rest = re.escape(mm.group(3)).replace(r"\ ", r"\s+")
        return re.search(rf"(?i:{mm.group(2)}\s+thi\s+đua\s+){rest}", ctx.text) is not None


def token_index(doc, text: str) -> list[int]:
    """char offset -> a number naming the (underthesea) token covering it, -1 outside tokens."""
    tok_at = [-1] * len(text)
    for t in doc:
        if not t.is_space:
            tok_at[t.idx:t.idx + len(t.text)] = [t.i] * len(t.text)
    return tok_at


def sentence_token_of(sentences: tuple[Sentence, ...]) -> Callable[[int], int]:
    """char offset -> the start of the segmenter token covering it, -1 outside tokens: two binary
    searches (the sentence, `sentence_index_at`; then its tokens, sorted by start). An article
    asks a few times; a table of every offset cost ~0.1 ms per article to make."""
    def token_of(p: int) -> int:
        i = sentence_index_at(sentences, p)
        if i < 0:
            return -1
        toks = sentences[i].tokens
        j = bisect_right(toks, p, key=_START) - 1
        return toks[j].start if j >= 0 and p < toks[j].end else -1
    return token_of


_START = attrgetter("start")


# (literal first: `re` scans for the word instead of testing the lookbehind `(?<![\w])` at every position)
_CITY = re.compile(r"thành phố(?<![\w]thành phố)[ \t]+([A-ZĐÂĂÊÔƠƯ][\w]*(?:[ \t]+[A-ZĐÂĂÊÔƠƯ][\w]*){0,2})")


_LOCAL = re.compile(r"(huyện(?<![\w]huyện)|quận(?<![\w]quận)|thị xã(?<![\w]thị xã))[ \t]+([A-ZĐÂĂÊÔƠƯ][\w'’]*(?:[ \t]+[A-ZĐÂĂÊÔƠƯ][\w'’]*){0,2})")


def _local_places(parser: OrgParser, text: str) -> dict[str, str]:
    """The district an article is about, per level word: the only one named, or one named at least twice
    and twice as often as any other (then a bare `LĐLĐ huyện` is that district's)."""
    counts: dict[str, dict[str, int]] = {}
    for m in _LOCAL.finditer(text):
        words = m.group(2).split()
        if words[0] in parser.surnames and len(words) >= 3:
            continue
        c = counts.setdefault(m.group(1), {})
        c[m.group(2)] = c.get(m.group(2), 0) + 1
    out: dict[str, str] = {}
    for level, c in counts.items():
        for abbr in [n for n in c if n.isupper()]:   # `huyện TB` counts for `huyện Thới Bình`
            full = {n for n in _written_after(text, level, len(abbr)) if _initials(n) == abbr}
            if len(full) == 1 and 2 <= len(abbr) <= 4:
                name = full.pop()
                c[name] = c.get(name, 0) + c.pop(abbr)
        ranked = sorted(c.items(), key=lambda kv: -kv[1])
        if len(ranked) == 1 or (ranked[0][1] >= 2 and ranked[0][1] >= 2 * ranked[1][1]):
            out[level] = ranked[0][0]
    return out


def make_context(parser: OrgParser, doc, out: Extraction) -> DocContext:
    cached = getattr(doc._, "orgtext", None) if doc.has_extension("orgtext") else None
    if cached is not None and cached.province == out.province:
        return cached
    text = doc_text(doc)
    province = out.province
    kind = parser.prov_kind.get(province) if province else None
    if province and not kind:
        kind = "thanh_pho" if re.search(rf"thành phố\s+{re.escape(province)}", text, re.I) else "tinh"
    city = None
    if kind != "thanh_pho":
        counts: dict[str, int] = {}
        for m in _CITY.finditer(text):
            name = m.group(1)
            words = name.split()
            if words[0] in parser.surnames and len(words) >= 3 and not parser.province_at(name, 0):
                continue
            counts[name] = counts.get(name, 0) + 1
        if counts:
            city = max(counts, key=lambda n: (counts[n], -text.find(n)))
    sentences = doc._.sentences
    if sentences is None:
        tok_at = token_index(doc, text)
        token_of = (lambda p: tok_at[p] if p < len(tok_at) else -1)
    else:   # (a function of the sentences, not of the doc: no reference cycle)
        token_of = sentence_token_of(sentences)
    ctx = DocContext(text, token_of, province, kind, city, _local_places(parser, text))
    if doc.has_extension("orgtext"):
        doc._.orgtext = ctx
    return ctx


class OrganisationExtractor(Extractor):
    data_files = (HEADS, LEVELS, DEPTS, ABBR, NOT_ORGS, SURNAMES, NAME_STOPS, ORG_STOPS, BLOC_WORDS)

    def load_data(self, models_dir: Path | None) -> dict[str, Any]:
        data = super().load_data(models_dir)
        from .. import resources
        base = str(models_dir or resources.models_dir())
        try:
            data[PROVINCES] = [dict(r) for r in resources.load_table(PROVINCES, base)]
        except (OSError, StopIteration):
            data[PROVINCES] = []
        return data

    def setup(self) -> None:
        self.parser = OrgParser(self.data, self.data.get(PROVINCES) or [])

    def extract(self, doc, out: Extraction) -> None:
        if len(doc) == 0:
            return
        ctx = make_context(self.parser, doc, out)
        prov = provenance_for(doc)
        for c in self.parser.find_all(ctx):
            out.organisations.append(org_fact(c, prov))


def org_fact(c: Cand, prov: Callable[[int, int, str], dict[str, Any]]) -> OrgFact:
    """The fact of a candidate (and of its owner, recursively). A module function, not a closure
    inside `extract`: a closure that calls itself is a reference cycle, which would keep the
    article's sentences and tokens (held by `prov`) alive until the cyclic GC found them."""
    return OrgFact(canonical=c.canonical, kind=c.kind, level=c.level, place=c.place,
                   owner=org_fact(c.owner, prov) if c.owner is not None else None, **prov(c.start, c.end, c.method))


from spacy.tokens import Doc as _Doc  # noqa: E402

if not _Doc.has_extension("orgtext"):
    _Doc.set_extension("orgtext", default=None)

register("thidua_organisations", OrganisationExtractor)
