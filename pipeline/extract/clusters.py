"""Emulation clusters and blocs (Cụm / Khối thi đua): name, parent, year, members, leader, deputy.

Runs after `thidua_organisations` and reads its facts: members, leaders and parents are
organisation mentions, given by their canonical names.

- Names: `Cụm (giao ước) thi đua số N` -> `Cụm thi đua số N`; `Cụm số N` when the article is about
  emulation; `Khối thi đua 3`, Roman numerals, named blocs `Khối thi đua các Sở Quản lý Nhà nước 1`.
  Plural (`các khối thi đua`), unions named after a grouping (`Công đoàn Cụm X`) and bare back-references
  (`Cụm`, `trong Khối`) give nothing.
- Members: the organisations listed after `gồm` (`gồm: A, B và C`, `(gồm A, B)`, `gồm các Sở: ...`).
- Leader / deputy: the organisation right before a role word of `titles.tsv` with type cluster /
  cluster_deputy (`X (Cụm trưởng ...)`, `X – Đơn vị Trưởng Khối`, `ông A - Chủ tịch X, Cụm trưởng`).
- Parent: the body appended to the name (`Cụm thi đua số 8 Liên đoàn Lao động thành phố Hà Nội`),
  else the federation that directs it (an organisation after `chỉ đạo`, the CĐVC for blocs of
  departments, else the provincial LĐLĐ).
- Year: `tổng kết ... năm N` (the year reported on) > `giao ước thi đua năm N` > `năm N` in a sentence
  that names the cluster, then the same over the article, then the publication year.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import takewhile

from ..identity import norm_key
from ..model import ClusterFact, Extraction, MemberFact, OrgFact
from ..nlp import Extractor, register
from ..nlp import doc_text, provenance_for
from ..segment import sentence_index_at
from .metadata import ProvinceMatcher
from .rx import by_letters, first_letters, scan_spans, start_scan

TITLES = "gazetteers/titles.tsv"
BLOC_WORDS = "patterns/bloc_words.txt"
ABBR = "gazetteers/abbreviations.tsv"
LIST_HEADS = "patterns/member_list_heads.tsv"
LOCALITIES = "gazetteers/localities.tsv"
PROVINCES = "gazetteers/provinces.tsv"
DEPARTMENTS = "gazetteers/departments.tsv"
WORDS = "patterns/cluster_words.tsv"

# Patterns are written literal-first (`Cụm(?<![\w]Cụm)` for `(?<![\w])Cụm`, `[tT](?i:hi...)` for `(?i:thi...)`):
# `re` then scans for the first letters instead of trying a lookbehind or a case-insensitive
# alternation at every position of the text. Same matches.
# a cluster's number; not a span of time after it (`sơ kết hoạt động Cụm thi đua 6 tháng đầu năm`)
_NUM = r"(?:\d{1,3}|[IVX]{1,5})(?![\w])(?![ \t]+(?i:tháng)(?![\w]))"
_CLUSTER = re.compile(
    r"(?P<word>Cụm(?<![\w]Cụm)|cụm(?<![\w]cụm)|CỤM(?<![\w]CỤM)|Khối(?<![\w]Khối)|khối(?<![\w]khối)|KHỐI(?<![\w]KHỐI))"
    r"(?P<gu>[ \t]+(?i:giao[ \t]+ước))?"
    r"(?P<td>[ \t]+(?i:thi[ \t]+đua))?"
    r"(?:(?P<so>[ \t]+(?i:số))?[ \t]*(?P<num>" + _NUM + r"))?")
_PLURAL = re.compile(r"(?:(?<![\w])(?i:các|những|mỗi|từng)|Công đoàn|CÔNG ĐOÀN|CĐ)[ \t]+$")
# (?P<br>\([ \t]*)?(?<![\w])(?:bao[ \t]+)?gồm...: the bracket, `bao` or `gồm` first
_MEMBERS = re.compile(r"(?:(?P<br>\([ \t]*)(?:bao[ \t]+)?gồm|bao(?<![\w]bao)[ \t]+gồm|gồm(?<![\w]gồm))(?:[ \t]+có)?(?:[ \t]+(?:0*\d+[ \t]+[^\s:,;()]+(?:[ \t]*,[ \t]*thành[ \t]+phố|[ \t]+[^\s:,;()]+)?))?[ \t]*:?[ \t]*")
# a sentence that lists the members of the cluster named in the sentence before (`... ký giao ước. Bao gồm: A, B`)
_MEMBERS_SENTENCE = re.compile(r"[ \t]*(?P<br>)(?:Bao[ \t]+gồm|Gồm)(?:[ \t]+có)?[ \t]*:[ \t]*")
_LEAD_GAP = re.compile(r"^[ \t]*(?:[,(\-–—][ \t]*)?(?:(?:là|làm|giữ[ \t]+vai[ \t]+trò|đảm[ \t]+nhận|đảm[ \t]+nhiệm|"
                       r"(?:luân[ \t]+phiên[ \t]+)?(?:tiếp[ \t]+)?nhận(?:[ \t]+nhiệm[ \t]+vụ)?|"
                       r"được[ \t]+giao(?:[ \t]+nhiệm[ \t]+vụ)?(?:[ \t]+làm)?)[ \t]+)?"
                       r"(?:(?i:đơn[ \t]+vị)[ \t]+)?(?:đăng[ \t]+cai[ \t]+(?:làm[ \t]+)?)?$")   # `là đơn vị đăng cai cụm trưởng`
# `X được bầu làm Khối trưởng`, `X được các đơn vị thống nhất chọn làm đơn vị Trưởng khối`,
# `X được Sở GD&ĐT giao nhiệm vụ Cụm trưởng` (the body that assigns the role is in the gap)
_LEAD_GAP_LONG = re.compile(r"^[ \t]*(?:[,\-–—][ \t]*)?được(?:[ \t]+[^.;:\n()]{0,50}?)?[ \t]+"
                            r"(?:giao(?:[ \t]+nhiệm[ \t]+vụ)?|bầu|chọn|cử|chỉ[ \t]+định|suy[ \t]+tôn|phân[ \t]+công)"
                            r"(?:[ \t]+(?:làm|là))?[ \t]+(?:(?i:đơn[ \t]+vị)[ \t]+)?$")
_YEAR_TK = re.compile(r"[tT](?i:ổng[ \t]+kết)[^.;\n]{0,80}?năm[ \t]+(\d{4})")
_YEAR_GU = re.compile(r"[gG](?i:iao[ \t]+ước)(?:[ \t]+thi[ \t]+đua)?(?:[ \t]+(?:của[ \t]+)?(?:Cụm|Khối|cụm|khối))?(?:[ \t]+năm)?[ \t]+(\d{4})")
_YEAR_ANY = re.compile(r"năm(?<![\w]năm)(?:[ \t]+học)?[ \t]+(\d{4})(?![\w])")
_BACKREF_LIST = re.compile(r"(Cụm(?<![\w]Cụm)|Khối(?<![\w]Khối))(?:[ \t]+(?i:thi[ \t]+đua))?(?![ \t]+(?i:trưởng|phó)(?![\w]))"
                           r"(?=(?:[ \t]+[^.;:\n()]{0,80}?)?[ \t,]+(?:bao[ \t]+)?gồm(?![\w]))")
# a bare numbered cluster's clause naming its leader or deputy: `Cụm 1 do huyện A làm cụm trưởng, ...`
_ROLE_AFTER = re.compile(r"[^.;:()\n]{0,80}?(?<![\w])(?i:cụm|khối)[ \t]+(?i:trưởng|phó)(?![\w])")
# what ends a clause, for roles and clusters
_CLAUSE_MARK = re.compile(r"[.;:()\n]")
# a body in apposition to a cluster: `Cụm thi đua số 6, Bộ Công an`, `Cụm thi đua số 4 - Công đoàn CAND`
_APPOSITION = re.compile(r"[ \t]*(?:,|[-–])[ \t]*")
# a description then the body it belongs to: `Cụm thi đua số 3 các trường THPT trực thuộc Sở GD&ĐT`,
# `Khối là một trong 12 khối thi đua thuộc UBND tỉnh`
_PARENT_GAP = re.compile(r"[ \t]+(?:(?:trực[ \t]+)?thuộc[ \t]+|của[ \t]+|[^.;:\n()]{0,60}?[ \t]+(?:trực[ \t]+)?thuộc[ \t]+)")
# `Khối có 11 sở, ban, ngành, gồm: ...`: a back-reference that counts its members before the list
_REF_COUNT = re.compile(r"[ \t]+(?:(?:năm[ \t]+\d{4}|hiện[ \t]+nay|hiện)[ \t]+)?(?:có|với)[ \t]+0*\d{1,2}[ \t]")
_BLOC_NO_TD = re.compile(r"Khối(?<![\w]Khối)(?=[ \t]+các[ \t])")
_DIRECT = re.compile(r"[cC](?i:hỉ[ \t]+đạo)")
_EMULATION = re.compile(r"[tT](?i:hi[ \t]+đua)")
# the pieces of a bloc name (`_bloc_name`), compiled once: it runs for every word
# a space, a comma before lower-case words (or `Tổng công ty`: `các Công đoàn Tập đoàn, Tổng công ty`), or nothing
# around a dash (`Văn hóa-Xã hội`, `VH-XH`)
_BLOC_GAP = re.compile(r"([ \t]|,[ \t](?=(?:các[ \t]+)?[a-zđ])|,[ \t](?=Tổng[ \t]+công[ \t]+ty)|(?=[-–][ \t]*[A-ZĐ])|(?<=[-–])(?=[A-ZĐ]))")
# a place written after a named bloc belongs to its name (`Khối thi đua Nội chính tỉnh Bình Dương`)
_PLACE_AFTER = re.compile(r"[ \t]+(?:tỉnh|thành[ \t]+phố|quận|huyện|thị[ \t]+xã)(?:[ \t]+[A-ZĐ][\w'’]*(?:[ \t]+[A-ZĐ][\w'’]*){0,3})?(?![\w])")
_BRACKET_ABBR = re.compile(r"[ \t]*\([ \t]*[A-ZĐ][A-ZĐ&\-]+[ \t]*\)")
_PROVINCE_END = re.compile(r"(?:^|[ \t])(?:tỉnh|thành phố)[ \t]+(.+)$")
# between a list head inside a list and its colon: what the items are (`Công đoàn cơ sở các doanh nghiệp:`)
_SUB_HEAD_TAIL = re.compile(r"[ \t]+(?:các[ \t]+)?[^\W\d][^:,;.]{0,30}?[ \t]*")
# a body's standing committees, which hold a cluster's role for it (not its office, `Văn phòng X`)
_STANDING_ORGANS = ("Ban Thường trực ", "Thường trực ", "Ban Thường vụ ", "Ban Chấp hành ")
# after a leading or deputy role: `là` and the units that hold it (`cụm phó là A và B`)
_ROLE_IS = re.compile(r"(?:[ \t]+(?i:thi[ \t]+đua))?(?:[ \t]+năm[ \t]+\d{4})?[ \t]+là[ \t]+")   # (`Trưởng cụm thi đua năm 2024 là X`)
_HOLDER_SEP = re.compile(r"[ \t]*(?:,|và)[ \t]*")
# after a body: it opens a clause of its own (`..., Sở Tư pháp là Khối phó`), no apposition
_NEW_CLAUSE_VERB = re.compile(r"[ \t]+(?:là|làm|được|đã|giữ)(?![\w])")
_BARE_LEVEL_END = re.compile(r"(?<!,)(?<!tuyến)[ \t]+(tỉnh|thành phố)$")   # (not `các huyện, thành phố`, `tuyến tỉnh`)
GROUPED_BEFORE = 40    # how far before a cluster's name the body it groups may start (`Công an 6 tỉnh Cụm ...`)
_BLOC_MAX_WORDS = 16   # `Khối thi đua Mặt trận Tổ quốc và các tổ chức chính trị - xã hội` has 13
_LETTERS = re.compile(r"[^\W\d_]+")
_COMMA_GAP = re.compile(r"(,[ \t])")
_BLOC_WORD = re.compile(r"TP\.\s?HCM|[^\W_][\w]*|[-–]")   # (`Khối thi đua TP.HCM`)
_ROMAN = re.compile(r"[IVX]{1,5}")
_UNION_KINDS = {"ldld", "cdvc", "tld", "cong_doan", "cong_doan_nganh", "cong_doan_kcn", "cdcs"}
_UNION_NAME = re.compile(r"(?i:công[ \t]+đoàn|liên[ \t]+đoàn[ \t]+lao[ \t]+động)|LĐLĐ|CĐ")
# level words, as named sub-patterns of the place patterns below
_DISTRICT_LEVEL = r"huyện|quận|thị[ \t]+xã|thành[ \t]+phố"
_COMMUNE_LEVEL = r"xã|phường|thị[ \t]+trấn"
# provinces listed together: `các tỉnh`, `10 tỉnh, thành phố` (each item takes its own: `tỉnh A`, `thành phố B`)
_PROVINCE_LEVEL = r"tỉnh[ \t]*,[ \t]*thành[ \t]+phố|tỉnh"
_PROVINCES_WORD = re.compile(rf"(?i:{_PROVINCE_LEVEL}|(?:huyện|quận)[ \t]*,[ \t]*(?:thành[ \t]+phố|thị[ \t]+xã)|thành[ \t]+phố|thị[ \t]+xã)")
# the level word a member list shares (`gồm các huyện: ...`, `gồm 5 LĐLĐ xã:`, `gồm công an 6 tỉnh, thành phố:`)
# districts of several levels listed together: `các huyện, thị xã, thành phố` (each item takes its own)
_DISTRICTS_MIXED = rf"(?:{_DISTRICT_LEVEL})(?:[ \t]*,[ \t]*(?:{_DISTRICT_LEVEL}))+"
_LIST_LEVEL = _PROVINCE_LEVEL + "|" + _DISTRICTS_MIXED + "|" + _DISTRICT_LEVEL + r"|xã|phường"
_PLACE_TAIL = re.compile(rf"[ \t]+(?:tỉnh|{_DISTRICT_LEVEL}|{_COMMUNE_LEVEL})[ \t]+.*$")
_PLACE_UNIT = re.compile(rf"(?:{_DISTRICT_LEVEL}|{_COMMUNE_LEVEL})[ \t]+[A-ZĐ]")
_DISTRICT_WORDS = {"huyen": "huyện", "quan": "quận", "thi_xa": "thị xã", "thanh_pho": "thành phố"}
# one item of a member list: an optional count and level word, then a capitalised name (`2 thành phố Biên Hòa`)
_PLACE_ITEM = re.compile(rf"(?:các[ \t]+)?(?:0*\d+[ \t]+)?(?P<level>(?i:tỉnh|{_DISTRICT_LEVEL}|{_COMMUNE_LEVEL}))?"
                         r"[ \t]*(?P<name>[A-ZĐ][\w'’]*(?:[ \t]+[A-ZĐ][\w'’]*){0,3})(?![\w'’])")
# what may stand between `gồm` and the first item: `là`, `các`, a count, a level word shared by the items
_LIST_LEAD = re.compile(r"\s*(?:\d{1,2}[.)][ \t]+)?[ \t]*(?:là[ \t]+)?(?:các[ \t]+)?(?:0*\d+[ \t]+(?:đơn[ \t]+vị[ \t]+)?)?(?:là[ \t]+)?"
                        rf"(?P<level>{_LIST_LEVEL})?[ \t]*:?[ \t]*")
_HEAD_END = re.compile(rf"(?:[ \t]+(?:các[ \t]+)?(?:{_LIST_LEVEL}))?(?:[ \t]+các)?[ \t]*:?[ \t]*")
# a district level word ending what the trigger took in (`gồm 5 LĐLĐ huyện:`)
_HEAD_LEVEL = re.compile(rf"({_PROVINCE_LEVEL}|{_DISTRICT_LEVEL})[ \t]*:?[ \t]*$")
_HEAD_COLON = re.compile(rf"(?:[ \t]+(?:các[ \t]+|0*\d+[ \t]+)?(?:{_LIST_LEVEL}))?[ \t]*:")
# what follows a body's name inside a cluster's name that groups that body of several places
# (`Cụm thi đua LĐLĐ 7 tỉnh ...`, `Khối thi đua Sở NN&PTNT các tỉnh, thành phố ...`)
_GROUPED_PLACES = re.compile(rf"[ \t]+(?:các|0*\d+)[ \t]+(?P<level>{_PROVINCE_LEVEL}|{_DISTRICT_LEVEL})(?![\w])")
_PLACE_LEADER = re.compile(rf"(?<![\w])(?P<level>{_DISTRICT_LEVEL})[ \t]+"
                           r"(?P<name>[A-ZĐ][\w'’]*(?:[ \t]+[A-ZĐ][\w'’]*){0,3})")
# members built from an item that is no organisation mention: the item names an organisation (places are not)
_NAMED_ITEM_METHODS = ("clusters.members.shared_head", "clusters.members.named", "clusters.members.body")
_ITEM_SEP = re.compile(r"[ \t]*(?:;|,|(?<![\w])và(?![\w])|\.?[ \t]*\n\s*\d{1,2}[.)])[ \t]*")   # or the next numbered line
# a bracket right after a cluster's name that lists capitalised names, two or more
_BRACKET_LIST = re.compile(r"[ \t]*(?P<br>\()(?=[ \t]*[A-ZĐ\u00C0-\u1EF8][^()\n]{0,200}?,[^()\n]{1,300}\))")
# a counted list after `có` with a colon: `Cụm thi đua số 3 có 5 đơn vị: A, B`
_MEMBERS_HAS = re.compile(r"(?P<br>)(?<![\w])có[ \t]+0*\d+[ \t]+(?:đơn[ \t]+vị|thành[ \t]+viên|[^\s:,;()]+)"
                          r"(?:[ \t]+thành[ \t]+viên)?[ \t]*:[ \t]*")
# a list of the units in a cluster: `(Công đoàn) 9 bệnh viện trong Khối là:`, `các đơn vị thuộc Cụm thi đua số 3 gồm:`
_MEMBERS_IN = re.compile(r"(?<![\w])(?:các|\d{1,2})[ \t]+(?:[^\W\d][\w]*[ \t]+){1,3}?(?:trong|thuộc)[ \t]+"
                         r"(?P<cw>Cụm|Khối|cụm|khối)(?:[ \t]+(?i:thi[ \t]+đua))?(?:[ \t]+(?:số[ \t]+)?[\dIVX]+)?"
                         r"[ \t]*(?:(?P<br>\()[ \t]*|(?:là|gồm|bao[ \t]+gồm|gồm[ \t]+có)?[ \t]*:[ \t]*)")   # (`... trong Khối (A, B)`)
# the members of the article's one cluster, named as such: `các đơn vị thành viên, bao gồm:`
_MEMBERS_OF_ONE = re.compile(r"(?P<br>)(?<![\w])(?:đơn[ \t]+vị|công[ \t]+đoàn(?:[ \t]+cơ[ \t]+sở)?)[ \t]+thành[ \t]+viên"
                             r"[ \t]*,?[ \t]*(?:bao[ \t]+)?gồm(?:[ \t]+có)?[ \t]*:[ \t]*")
# a cluster's name closing its line with a colon, and the numbered lines under it that list its members
_HEADING_LIST = re.compile(r"(?P<br>)[ \t]*:[ \t]*(?=\n)")
_NUMBERED_LINES = re.compile(r"(?:\s*\n[ \t]*\d{1,2}[.)][ \t]+[^\n]+)+")
# a body of a place (`Viện kiểm sát nhân dân thành phố Long Xuyên`), not a local government (`UBND huyện A`, whose
# listed neighbours are places: GUIDE)
_BODY_OF_PLACE = re.compile(r"(?P<body>\S.*?) (?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường) [A-ZĐ0-9]\S*(?: \S+)*")
_GOVERNMENT_KINDS = ("ubnd", "hdnd", "party")
# a person's name between a body and a cluster role, title first: `Chủ tịch LĐLĐ quận X Lê Thị Kim Điệp, Cụm trưởng`
_DEPUTY_LINK = re.compile(r"[ \t]*,[ \t]*(?i:phó)[ \t]+[^\W\d_][^,;.()\n]{0,30}?[ \t]+")
_HOLDER_GAP = re.compile(r"[ \t]+(?:[A-ZĐ][^\W\d_]*[ \t]+){1,3}[A-ZĐ][^\W\d_]*[ \t]*[,\-–][ \t]*")
_LEADING_ZERO = re.compile(r"(?<= )0+(?=\d)")   # `số 02`
_HIGHER_SCHOOLS = ("Trường Đại học", "Trường Cao đẳng", "Trường Trung cấp")
# the kinds of body a cluster may belong to, when named after it (`Cụm thi đua số 3 Liên đoàn Lao động tỉnh X`,
# `Cụm thi đua 6 Ban Tuyên giáo Thành ủy`, `Khối thi đua ... thuộc Đảng ủy Khối`)
_PARENT_KINDS = {"ldld", "cdvc", "tld", "so", "ubnd", "state", "cong_doan_nganh", "cong_doan_kcn", "party", "organ",
                 "mass", "front"}


def _capitalised_end(text: str, start: int, end: int) -> int:
    """Where the run of capitalised words (or numbers) from `start` ends: a listed name without
    the verb the last item may run on into (`THPT Bác Ái đã tổ chức` -> `THPT Bác Ái`)."""
    stop = start
    for w in re.finditer(r"\S+", text[start:end]):
        if not (w.group()[0].isupper() or w.group()[0].isdigit()):
            break
        stop = start + w.end()
    return stop


def _words(words: list[str], source: str) -> str:
    """Any of `words` as a whole word in any case, spaces matching runs of spaces, longest first; an empty
    list is an error in the data file, not a pattern that matches everything."""
    if not words:
        raise ValueError(f"{source}: a role has no rows")
    alts = (r"[ \t]+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))
    return r"(?i:" + "|".join(alts) + r")(?![\w])"


@dataclass
class Mention:
    start: int
    end: int
    canonical: str
    key: tuple
    sent: int
    named: bool = False
    has_so: bool = False


@dataclass
class Info:
    canonical: str
    parent: str | None = None
    year: int | None = None
    year_prio: int = 99
    leader: str | None = None
    deputy: str | None = None
    members: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)   # members listed only as places (`huyện A`)


class ClusterExtractor(Extractor):
    data_files = (TITLES, BLOC_WORDS, ABBR, LIST_HEADS, LOCALITIES, PROVINCES, DEPARTMENTS, WORDS)

    def setup(self) -> None:
        words = {role: [r["word"] for r in self.data[WORDS] if r["role"] == role]
                 for role in ("region", "provinces_region", "bloc_verb", "government")}
        # a region word continues a bloc's name, also after a level word
        self.level_region = re.compile(r"(?:(?:tỉnh|thành[ \t]+phố)[ \t]+)?" + _words(words["region"], WORDS))
        # a name that tells a cluster of provinces
        self.regional = re.compile(r"các[ \t]+tỉnh|" + _words(words["provinces_region"], WORDS))
        self.bloc_verbs = re.compile(_words(words["bloc_verb"], WORDS))   # ends an upper-case bloc name
        self.government = re.compile(_words(words["government"], WORDS))   # what a government bloc groups
        heads = sorted(self.data[LIST_HEADS], key=lambda r: -len(r["head"]))
        self.list_prefix = {r["head"]: r["prefix"] for r in heads}
        self.list_items = {r["head"]: r["items"] for r in heads}
        # (it is tried at every position of the windows it searches: the lookahead on what a match can start
        # with, a digit or the first letter of `các` or of a head, rejects the others at once)
        lead = r"(?:(?=\d)|" + first_letters(["các", *(r["head"] for r in heads)]) + ")"
        self.list_head_re = re.compile(lead + r"(?:các[ \t]+)?(?:0*\d+[ \t]+)?(?P<head>(?i:" + "|".join(
            r"[ \t]+".join(map(re.escape, r["head"].split())) for r in heads) + r"))(?![\w])") if heads else None
        # district-level names -> {(level word, province)}, to give a bare listed place its level word
        self.districts: dict[str, set[tuple[str, str]]] = {}
        for r in self.data[LOCALITIES]:
            if r["level"] in _DISTRICT_WORDS:
                self.districts.setdefault(r["name"], set()).add((_DISTRICT_WORDS[r["level"]], r["province"]))
        # provinces by every written form (the province matcher's table of names, aliases and spelling
        # variants) -> (name, level word), for items of a list of provinces
        matcher = ProvinceMatcher(self.data[PROVINCES])
        self.provinces: dict[str, tuple[str, str]] = {
            " ".join(form.replace("–", "-").split()):
                (name, "thành phố" if matcher.kind.get(name) == "thanh_pho" else "tỉnh")
            for form, name in matcher.canonical.items()}
        self.bloc_words = frozenset(self.data[BLOC_WORDS])
        expansions = {r["abbr"]: r["expansion"] for r in self.data[ABBR] if r["abbr"] != r["expansion"]}
        # departments' abbreviations too, in blocs named by a department (`Khối thi đua Sở NN&PTNT các tỉnh`)
        expansions.update({r["name"]: r["canonical"] for r in self.data[DEPARTMENTS]
                           if ("&" in r["name"] or r["name"].isupper()) and r["name"] not in expansions})
        self.abbr = expansions
        self.abbr_re = re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, sorted(expansions, key=len, reverse=True)))
                                  + r")(?![\w&])") if expansions else re.compile("(?!)")
        lead, dep = [], []
        for r in self.data[TITLES]:
            if r["type"] not in ("cluster", "cluster_deputy"):
                continue
            (lead if r["type"] == "cluster" else dep).append(r["title"])
        pattern = lambda t: r"[ \t]+".join(re.escape(w) for w in t.split())
        key = lambda t: -len(pattern(t))
        # the matches of `(?<![\w])(?i:title|title...)(?![\w])`, longest title first, found by
        # `scan_spans` from a scan over the titles' first letters
        self.leader_scan, self.deputy_scan = (re.compile(start_scan(
            ((letters, "(?i:" + "|".join(map(pattern, ts)) + r")(?![\w])") for letters, ts in by_letters(sorted(titles, key=key))),
            before=r"\w", capture=True)) for titles in (lead, dep))

    # ------------------------------------------------------------------ mentions
    def mentions(self, doc, org_ends: dict[int, int] | None = None) -> list[Mention]:
        """The cluster mentions of the text; `org_ends` (organisation start -> end) lets a bloc's name run
        through a body it names (`Khối thi đua các đơn vị thuộc Sở Văn hóa, Thể thao và Du lịch`)."""
        org_ends = org_ends or {}
        text = doc_text(doc)
        emulation = bool(_EMULATION.search(text))
        sents = doc._.sentences or ()
        ctx = getattr(doc._, "orgtext", None)
        province = (ctx.province, ctx.province_kind) if ctx is not None else (None, None)
        out: list[Mention] = []
        bare: list[Mention] = []   # `Cụm 4` without `thi đua` or `số`, kept when the article tells it is one
        lower: list[Mention] = []  # a named bloc written lower-case, kept when it is also written capitalised
        for m in _CLUSTER.finditer(text):
            word = m.group("word")
            td, num, so = m.group("td"), m.group("num"), m.group("so")
            before = text[max(0, m.start() - 14):m.start()]
            if _PLURAL.search(before):
                continue
            Word = word[0].upper() + word[1:].lower()   # `khối thi đua số 3` in running text is `Khối ...`
            end = m.end()
            named = False
            if num and td and not so and _GROUPED_PLACES.match(text, m.start("num") - 1):
                num = None   # `Cụm thi đua 7 tỉnh miền núi biên giới phía Bắc`: a count of what it groups, in its name
                m_end = m.start("num") - 1
            else:
                m_end = m.end()
            if num:
                if not td and not so and not emulation:
                    continue
                if not td and not so and not _ROLE_AFTER.match(text, m.end()):
                    # a short name of a cluster the article names in full (`Cụm thi đua số 4` ... `Cụm 4`)
                    bare.append(Mention(m.start(), m.end(), f"{Word} {num}", (Word, num),
                                        sentence_index_at(sents, m.start())))
                    continue   # (with a role in its clause, a bare `Cụm 1` is one of its own: below)
                if not td and not emulation:
                    continue
                if num.isalpha() and not td:
                    continue
                canonical = f"{Word} thi đua {'số ' if so else ''}{num}"
                if not td and so:
                    canonical = f"{Word} thi đua số {num}"
                if not td and not so:
                    canonical = f"{Word} {num}"   # a bare `Cụm 1` is named as written
            else:
                if not td:
                    continue
                # a named bloc: `Khối thi đua các Sở Quản lý Nhà nước 1`, `Khối thi đua Văn hóa – Xã hội`
                name_end = self._bloc_name(doc, m_end, org_ends)
                if name_end is None:
                    continue
                pm = _PLACE_AFTER.match(text, name_end)
                end = pm.end() if pm else name_end
                named = True
                canonical = f"{Word} thi đua " + self.bloc_canonical(text[m_end:end], province)
                if not word[0].isupper():
                    # in running text (`hội nghị sơ kết cụm thi đua 6 tỉnh Bắc Trung bộ, gồm: ...`): a bloc only
                    # when the article names it so with a capital too
                    lower.append(Mention(m.start(), end, canonical, (Word, canonical.casefold()),
                                         sentence_index_at(sents, m.start()), named, bool(so)))
                    continue
            key = (Word, num.lstrip("0") or num) if num else (Word, canonical.casefold())   # `số 02` is `số 2`
            out.append(Mention(m.start(), end, canonical, key, sentence_index_at(sents, m.start()),
                               named, bool(so)))
        capitalised = {mm.canonical.casefold() for mm in out if mm.named}
        out += [mm for mm in lower if mm.canonical.casefold() in capitalised]
        full = {mm.key: mm for mm in out if not mm.named}
        out += [replace(b, canonical=full[b.key].canonical) for b in bare if b.key in full
                and not any(o.start <= b.start < o.end for o in out)]
        # a bloc named without `thi đua` but given members: `Khối các cơ quan tổng hợp tỉnh gồm 6 đơn vị: ...`
        for m in _BLOC_NO_TD.finditer(text):
            if any(o.start <= m.start() < o.end for o in out):
                continue
            if _PLURAL.search(text[max(0, m.start() - 14):m.start()]):
                continue
            name_end = self._bloc_name(doc, m.end(), org_ends)
            if name_end is None:
                continue
            tail = text[name_end:name_end + 40]
            if not re.match(r"(?:[ \t]+[^\s,.;:()]+){0,3}?[ \t]*,?[ \t]*\(?(?:bao[ \t]+)?gồm(?![\w])", tail):
                continue
            canonical = "Khối " + self.bloc_canonical(text[m.end():name_end])
            out.append(Mention(m.start(), name_end, canonical, ("Khối", canonical.casefold()),
                               sentence_index_at(sents, m.start()), True, False))
        out.sort(key=lambda mm: mm.start)
        # a shortened named bloc (`... trực thuộc Sở`) is the one full name it starts (`... trực thuộc Sở Y tế`)
        named = {mm.canonical for mm in out if mm.named}
        for mm in out:
            if mm.named:
                short = mm.canonical.casefold()
                longer = [c for c in named if c != mm.canonical and c.casefold().startswith(short)
                          and c[len(short):len(short) + 1] in (" ", ",")]   # (`... Khu công nghiệp` / `... khu công nghiệp, khu kinh tế`)
                if len(longer) == 1:
                    mm.canonical, mm.key = longer[0], (mm.key[0], longer[0].casefold())
        # an upper-case headline copy (`KHỐI THI ĐUA CÁC ...`) takes the spelling of a mixed-case mention
        spelled = {}
        for mm in out:
            if mm.named and not text[mm.start:mm.end].isupper():
                spelled.setdefault(mm.canonical.casefold(), mm.canonical)
        for mm in out:
            if mm.named and mm.canonical.casefold() in spelled:
                mm.canonical = spelled[mm.canonical.casefold()]
                mm.key = (mm.key[0], mm.canonical.casefold())
        # one spelling per cluster: with `số` when any mention has it
        with_so = {mm.key for mm in out if mm.has_so}
        for mm in out:
            if not mm.named and mm.key in with_so and " số " not in mm.canonical:
                mm.canonical = mm.canonical.replace(" thi đua ", " thi đua số ", 1)
        # one number written with and without a leading zero (`Cụm thi đua số 02`, `Cụm thi đua số 2`) is one
        # cluster, under the spelling without it
        plain = {mm.canonical for mm in out if not _LEADING_ZERO.search(mm.canonical)}
        for mm in out:
            stripped = _LEADING_ZERO.sub("", mm.canonical)
            if stripped != mm.canonical and stripped in plain:
                mm.canonical = stripped
        # a cluster written twice with other punctuation or case (`các Trường đại học cao đẳng` in the
        # headline, `các Trường Đại học, cao đẳng` in the lead), or with and without the plural `các`
        # (`Khối thi đua (các) Công đoàn ngành I`), is one cluster, named in its fullest spelling
        def key(name: str) -> str:
            return " ".join(w for w in norm_key(name).split() if w != "các")
        fullest: dict[str, str] = {}
        for mm in out:
            k = key(mm.canonical)
            if len(mm.canonical) > len(fullest.get(k, "")):
                fullest[k] = mm.canonical
        for mm in out:
            if mm.named:
                mm.canonical = fullest[key(mm.canonical)]
                mm.key = (mm.key[0], mm.canonical.casefold())
        return out

    def bloc_canonical(self, name: str, province: tuple[str | None, str | None] = (None, None)) -> str:
        """A bloc's name as written, spaced evenly, abbreviations expanded (`SXKD`, `MTTQ`), dashes as ` - `;
        a bare `tỉnh` / `thành phố` at its end takes the article's province, or is dropped when none is known.
        A name written in capitals (a headline, a decision's heading) is written in sentence case, its
        abbreviations kept: `NỘI CHÍNH` -> `Nội chính`, `CÁC HUYỆN, THÀNH PHỐ` -> `các huyện, thành phố`."""
        words = name.split()
        if len(words) > 1 and name.isupper():
            words = [w if w.strip(",.:;") in self.abbr else w.lower() for w in words]
            if words[0] not in ("các", "số"):
                words[0] = words[0][:1].upper() + words[0][1:]
            name = " ".join(words)
        name = self.abbr_re.sub(lambda m: self.abbr[m.group()], " ".join(_BRACKET_ABBR.sub("", name).split()))
        name = re.sub(r"[ \t]*[-–—][ \t]*", " - ", name)   # one spelling for `Văn hóa – Xã hội` / `Văn hóa-Xã hội`
        bare = _BARE_LEVEL_END.search(name)
        if bare:
            prov, kind = province
            word = "thành phố" if kind == "thanh_pho" else "tỉnh"
            name = name[:bare.start()] + (f" {word} {prov}" if prov and bare.group(1) == word else "")
        return name

    def _bloc_name(self, doc, p: int, org_ends: dict[int, int] | None = None) -> int | None:
        text = doc_text(doc)
        q = p
        words: list[tuple[int, int, str]] = []
        while len(words) < _BLOC_MAX_WORDS:
            ab = _BRACKET_ABBR.match(text, q)
            if ab and words:
                q = ab.end()   # `Khối thi đua Mặt trận Tổ quốc (MTTQ) và ...`: the bracket is no part of the name
            m = _BLOC_GAP.match(text, q, q + 20)
            regions = None
            if not m and words and (rc := _COMMA_GAP.match(text, q)) and self.regional.match(text, rc.end()):
                m = regions = rc   # regions listed by commas: `Khối thi đua Tây Nguyên, Duyên hải miền Trung và Lào`
            if not m:
                break
            r = q + len(m.group(1))
            if m.group(1).startswith(",") and regions is None:
                nxt = _LETTERS.match(text, r)
                if not nxt or nxt.group().lower() not in self.bloc_words:
                    break
            w = _BLOC_WORD.match(text, r)
            if not w:
                break
            s = w.group()
            if s in ("-", "–"):
                words.append((r, r + 1, s))
                q = r + 1
                continue
            low = s.lower()
            if low in ("thuộc", "trực") and not any(w[2] == "các" or w[2].isdigit() for w in words):
                # (`Cụm thi đua Mặt trận 5 thành phố trực thuộc trung ương`: what it groups goes on)
                break  # `Khối thi đua Văn hóa – Xã hội thuộc UBND tỉnh`: the parent follows, not the name
            if low == "tổng" and not re.match(r"[ \t]+(?i:công|cục|hợp)(?![\w])", text[r + len(s):r + len(s) + 8]) \
                    and not (r in (org_ends or {}) and [w[2] for w in words[-2:]] == ["trực", "thuộc"]):
                # (`các Công đoàn Tập đoàn, Tổng công ty trực thuộc Tổng LĐLĐVN`: what the bloc groups is described
                # by the body it is under; after a bare `thuộc` that body is the parent)
                break  # `... tổng kết năm 2021`
            if self.bloc_verbs.match(text, r) and not (words and words[-1][2] == "các"):
                break   # (`các tổ chức chính trị - xã hội` is a noun: what the bloc groups)
            if r in (org_ends or {}) and (words or _GROUPED_PLACES.match(text, org_ends[r])):
                # a body the bloc is named by, commas and all (first only when it groups that body of several
                # places: `Khối thi đua Sở NN&PTNT các tỉnh ...`)
                words.append((r, org_ends[r], text[r:org_ends[r]]))
                q = org_ends[r]
                continue
            if words and (words[-1][2].lower() == "các" or words[-1][2].isdigit()) and \
                    low in ("tỉnh", "huyện", "xã", "quận", "thành", "thị") and _PROVINCES_WORD.match(text, r):
                # `Cụm thi đua các tỉnh Đông Nam Bộ`, `... các tỉnh, thành phố vùng ...`: what it groups
                lv = _PROVINCES_WORD.match(text, r)
                e = lv.end() if lv else r + len(s)
                words.append((r, e, text[r:e]))
                q = e
                continue
            lr = self.level_region.match(text, r)
            if lr and words:
                words.append((r, lr.end(), lr.group()))
                q = lr.end()
                continue
            if s[0].isupper() or low in self.bloc_words or (s.isdigit() and (words or _GROUPED_PLACES.match(text, r - 1))) or \
                    (words and _ROMAN.fullmatch(s)):
                if s[0].isupper() and s in ("Năm", "Hội", "Tại", "Ngày", "Sáng", "Chiều"):
                    break
                words.append((r, r + len(s), s))
                q = r + len(s)
                if (s.isdigit() or _ROMAN.fullmatch(s)) and not _GROUPED_PLACES.match(text, r - 1):
                    break   # a number ends the name, unless it counts what the bloc groups (`LĐLĐ 7 tỉnh ...`)
                continue
            # lower-case part of a capitalised word (`Quản lý`, `Nhà nước`, `Văn hóa`)
            if words and doc is not None and self._glued(doc, words[-1][0], r):
                words.append((r, r + len(s), s))
                q = r + len(s)
                continue
            break
        while words and (words[-1][2] in ("-", "–", "và", "các", "về", "trực", "thuộc") or
                         words[-1][2] in ("trực thuộc",)):
            words.pop()
        # `trực thuộc` without a body is a plural description, not a name
        if not words or words[0][2] in ("và", "-", "–", "trực", "thuộc"):
            return None
        if not any(w[2][0].isupper() or w[2][0].isdigit() for w in words) and \
                not (words[0][2] == "các" and len(words) >= 3):
            return None
        return words[-1][1]

    @staticmethod
    def _glued(doc, a: int, b: int) -> bool:
        ctx = getattr(doc._, "orgtext", None)
        if ctx is None:
            return False
        return ctx.same_token(a, b)

    # ------------------------------------------------------------------ extraction
    def extract(self, doc, out: Extraction) -> None:
        text = doc_text(doc)
        ments = self.mentions(doc, {o.start: o.end for o in out.organisations})
        if not ments:
            return
        # an organisation-looking phrase inside a cluster's name is part of the name
        # ... except a body after `thuộc` (`Khối thi đua các trung tâm trực thuộc Sở Y tế`): it is the parent
        named_parent: dict[str, str] = {}
        grouped: dict[str, tuple[str, str, bool]] = {}  # cluster -> the body its name says it groups, the level
                                          # word of its places (`LĐLĐ 7 tỉnh`: Liên đoàn Lao động, tỉnh) (_grouped_head)

        def inside(o) -> bool:
            for mm in ments:
                if mm.start <= o.start < mm.end:  # inside the name, or running on past its end
                    if re.search(r"thuộc[ \t]+$", text[max(0, o.start - 8):o.start]):
                        named_parent.setdefault(mm.canonical, o.canonical)
                        return False
                    if g := _GROUPED_PLACES.match(text, o.end):   # the body itself, without its defaulted place
                        grouped.setdefault(mm.canonical, (o.canonical.removesuffix(f" {o.place}").removesuffix(
                            " tỉnh").removesuffix(" thành phố") if o.place else o.canonical, g.group("level"), False))
                    return True
            return False
        out.organisations[:] = [o for o in out.organisations if not inside(o)]
        for mm in ments:
            if mm.canonical not in grouped and (body := self._grouped_head(text, mm)):
                grouped[mm.canonical] = body
        orgs = sorted(out.organisations, key=lambda o: o.start)
        infos: dict[str, Info] = {}
        order: list[str] = []
        for mm in ments:
            if mm.canonical not in infos:
                infos[mm.canonical] = Info(mm.canonical)
                order.append(mm.canonical)
        member_rows: list[MemberFact] = []
        sents = doc._.sentences or ()
        prov = provenance_for(doc)

        def sent_span(i: int) -> tuple[int, int]:
            if 0 <= i < len(sents):
                return sents[i].start, sents[i].end
            return 0, len(text)

        for name, parent in named_parent.items():
            infos[name].parent = parent
        # back-references followed by a member list (`Khối gồm 6 đơn vị: ...`) belong to the cluster named before
        refs: list[Mention] = []
        for b in _BACKREF_LIST.finditer(text):
            if any(m0.start <= b.start() < m0.end for m0 in ments):
                continue
            if _PLURAL.search(text[max(0, b.start() - 14):b.start()]):
                continue
            if not re.match(r"(?:[ \t]+(?i:thi[ \t]+đua))?[ \t,]*(?:\(?[ \t]*)?(?:bao[ \t]+)?gồm", text[b.end():b.end() + 30]) \
                    and not re.search(r"(?:^|[.!?\n])[ \t]*$", text[max(0, b.start() - 3):b.start()]) \
                    and not _REF_COUNT.match(text, b.end()):
                continue  # words between the back-reference and `gồm` only when it opens the sentence
            prev = [m0 for m0 in ments if m0.end <= b.start() and m0.key[0] == b.group(1)[0] + b.group(1)[1:].lower()]
            if prev:
                refs.append(Mention(b.start(), b.end(), prev[-1].canonical, prev[-1].key,
                                    sentence_index_at(sents, b.start())))
        # parent appended to the name, or after a description (`... các trường THPT trực thuộc Sở GD&ĐT`)
        org_starts = {o.start: o for o in orgs}
        for mm in ments + refs:
            r = mm.end
            inf = infos[mm.canonical]
            if inf.parent:
                continue
            gap = re.match(r"[ \t]+", text[r:])
            cands = [r + gap.end()] if gap and not mm in refs else []
            g2 = _PARENT_GAP.match(text, r)
            if g2:
                cands.append(g2.end())
            for p in cands:
                o = org_starts.get(p)
                if o is not None and o.kind in _PARENT_KINDS:
                    inf.parent = o.canonical
                    break
            # a national or provincial body in apposition (`Cụm thi đua số 6, Bộ Công an`, `Cụm thi đua số 4 -
            # Công đoàn CAND`): the one it belongs to; a district's or a unit's there is rather its leader
            ap = _APPOSITION.match(text, r)
            o = org_starts.get(ap.end()) if ap and not inf.parent and mm not in refs else None
            if o is not None and _NEW_CLAUSE_VERB.match(text, o.end):
                o = None   # `Công an tỉnh là Khối trưởng Khối thi đua số 3, Sở Tư pháp là Khối phó`: a new clause
            if o is not None and (o.kind in _PARENT_KINDS and o.level in ("national", "province")
                                  or o.kind == "cong_doan" and o.level in (None, "national")):
                inf.parent = o.canonical
        all_ments = sorted(ments + refs, key=lambda m0: m0.start)
        # members: a list after `gồm` in the sentence that names the cluster, or a sentence that opens with
        # `Bao gồm:` right after it
        lists: list[tuple[Mention, re.Match, int, int]] = []
        renamed: dict[OrgFact, str] = {}
        for mi, mm in enumerate(all_ments):
            s0, s1 = sent_span(mm.sent)
            limit = s1
            for other in all_ments[mi + 1:]:
                if other.start < s1 and other.canonical != mm.canonical:
                    limit = min(limit, other.start)
                    break
            trig = min((t for t in (_MEMBERS.search(text, mm.end, limit), _MEMBERS_HAS.search(text, mm.end, limit))
                        if t is not None), key=lambda t: t.start(), default=None)
            # a counted list with a colon (`gồm 7 đơn vị:`) may come after a long clause about the cluster
            reach = 260 if trig and re.search(r"\d[^:]*:[ \t]*$", trig.group()) else 90
            if trig is None and (bm := _BRACKET_LIST.match(text, mm.end)) is not None:
                trig = bm   # `cụm 7 tỉnh biên giới phía Bắc (Cao Bằng, Lạng Sơn, Lai Châu)`: the bracket lists them
            if not trig or trig.start() - mm.end > reach or "." in text[mm.end:trig.start()].rstrip("."):
                continue
            lists.append((mm, trig, limit, s1))
        for i, sent in enumerate(sents):
            trig = _MEMBERS_SENTENCE.match(text, sent.start, sent.end)
            if trig is None:
                continue
            before = [m0 for m0 in all_ments if m0.sent == i - 1]
            if before and not any(t.start() == trig.start() for _, t, _, _ in lists):
                lists.append((before[-1], trig, sent.end, sent.end))
        # a cluster's name closing its line with a colon, its members numbered on the lines below (a decision's
        # annex: `II. KHỐI THI ĐUA NỘI CHÍNH:` / `1. Công an tỉnh.` / `2. ...`)
        numbered: set[int] = set()
        for mm in ments:
            trig = _HEADING_LIST.match(text, mm.end)
            block = _NUMBERED_LINES.match(text, trig.end()) if trig else None
            if block:
                numbered.add(trig.start())
                lists.append((mm, trig, block.end(), block.end()))
        # `Công đoàn 9 bệnh viện trong Khối là: A, B`, `các đơn vị thuộc Cụm thi đua số 3 gồm: A, B` (GUIDE): the
        # cluster named there, or a bare `Khối` / `Cụm` the article's one cluster of that word
        heads_in: dict[int, tuple[str, None, bool]] = {}   # trigger start -> the body written before the count
        for trig in _MEMBERS_IN.finditer(text):
            word = trig.group("cw")[0].upper() + trig.group("cw")[1:].lower()
            named = next((m0 for m0 in all_ments if m0.start <= trig.start("cw") < m0.end), None)
            same = {m0.canonical for m0 in ments if m0.key[0] == word}
            mm = named or (next(m0 for m0 in ments if m0.key[0] == word) if len(same) == 1 else None)
            if mm is None or any(t.start() <= trig.start() < t.end() for _, t, _, _ in lists):
                continue
            if self.list_head_re is not None:
                hb = self.list_head_re.search(text, max(0, trig.start() - 40), trig.start())
                if hb and re.fullmatch(r"[ \t]*", text[hb.end():trig.start()]) and \
                        (body := self.list_prefix.get(" ".join(hb.group("head").lower().split()))):
                    heads_in[trig.start()] = (body, None, True)
            s0, s1 = sent_span(sentence_index_at(sents, trig.start()))
            lists.append((mm, trig, s1, s1))
        # `đại diện các đơn vị thành viên, bao gồm: A, B` in an article about one cluster: its members
        if len({m0.canonical for m0 in ments}) == 1:
            for trig in _MEMBERS_OF_ONE.finditer(text):
                if not any(t.start() <= trig.start() < t.end() for _, t, _, _ in lists):
                    lists.append((ments[0], trig, sent_span(sentence_index_at(sents, trig.start()))[1],
                                  sent_span(sentence_index_at(sents, trig.start()))[1]))
        for mm, trig, limit, s1 in lists:
            region_end = limit   # up to the sentence's end or the next cluster named in it
            if trig.start() in numbered:
                pass              # the numbered lines are the list
            elif trig.group("br"):
                close = text.find(")", trig.end(), s1 + 1)
                region_end = close if close > 0 else s1
            else:
                nl = text.find("\n", trig.end())
                if 0 <= nl < region_end:
                    region_end = nl
            inner_paren = [(a.start(), a.end()) for a in re.finditer(r"\([^()]*\)", text[trig.end():region_end])]
            inner_paren = [(a + trig.end(), b + trig.end()) for a, b in inner_paren]
            inf = infos[mm.canonical]
            for a, b, member, method in self._list_members(doc, orgs, trig, region_end, inner_paren, renamed,
                                                           heads_in.get(trig.start(), grouped.get(mm.canonical))):
                if member == inf.parent:
                    continue
                if member not in inf.members:
                    inf.members.append(member)
                    if method == "clusters.members.place":
                        inf.places.append(member)
                member_rows.append(MemberFact(cluster=mm.canonical, member=member, role="member",
                                              **prov(a, b, method)))
        # places listed under a cluster of a national mass organisation are its branches there (`Cụm Thi đua số 8
        # Hội Cựu chiến binh Việt Nam, gồm thành phố Đà Nẵng và các tỉnh Quảng Nam, Quảng Ngãi`)
        by_canon = {o.canonical: o for o in orgs}
        for name in order:
            inf = infos[name]
            po = by_canon.get(inf.parent) if inf.parent else None
            if inf.places and po is not None and po.kind in ("mass", "front") and po.level == "national" \
                    and po.canonical.endswith(" Việt Nam"):
                self._places_as_body(inf, member_rows, po.canonical.removesuffix(" Việt Nam"))
        if renamed:
            out.organisations[:] = [replace(o, canonical=renamed[o]) if o in renamed else o for o in out.organisations]
        # an item named only by what follows a shared head (`gồm các Trường THPT: Nguyễn Du, Bác Ái`) is an
        # organisation too, its text as written and its canonical the member's (GUIDE `organisations`)
        named = [r for r in member_rows if r.method in _NAMED_ITEM_METHODS and r.end > r.start
                 and not any(o.start < r.end and r.start < o.end for o in out.organisations)]
        out.organisations.extend(OrgFact(canonical=r.member, text=r.text, start=r.start, end=r.end,
                                         sent_index=r.sent_index, method=r.method) for r in named)
        if renamed or named:
            orgs = sorted(out.organisations, key=lambda o: o.start)
        # leaders and deputies
        giver: dict[str, str] = {}
        for rx, role in ((self.leader_scan, "leader"), (self.deputy_scan, "deputy")):
            for ts, te in scan_spans(rx, text):
                if role == "leader" and re.search(r"(?i:phó)[ \t]*$", text[max(0, ts - 5):ts]):
                    continue
                if re.match(r"[ \t]+(?i:các)(?![\w])", text[te:te + 6]):
                    continue  # `Cụm trưởng các cụm`: a role over several clusters
                target = self._cluster_for(ments, ts, te, text, sentence_index_at(sents, ts))
                if target is None:
                    continue
                # `cụm phó là A và B`: the units named after the role; else the one before it (`A là Cụm trưởng`)
                holders = self._orgs_after(orgs, te, text)
                if not holders:
                    org = self._org_before(orgs, ts, text) or self._place_before(ts, text)
                    holders = [org] if org is not None else []
                for org in holders:
                    self._assign_role(role, org, ts, text, orgs, infos[target], giver, member_rows, prov)
        # parent from who directs it; a cluster mentioned in passing (no members, no leader) belongs where the
        # article's listed cluster belongs
        for name in order:
            inf = infos[name]
            if inf.parent is None and name in giver:
                inf.parent = giver[name]
            if inf.parent is None and inf.members:
                inf.parent = self._parent_from_context(doc, orgs, inf, out)
        listed = next((infos[n].parent for n in order if infos[n].members and infos[n].parent), None)
        for name in order:
            inf = infos[name]
            if inf.parent is None:
                inf.parent = listed if listed and not inf.leader else self._parent_from_context(doc, orgs, inf, out)
        # year
        pub_year = int(out.published[:4]) if out.published and out.published[:4].isdigit() else None
        for mm in ments:
            s0, s1 = sent_span(mm.sent)
            y, prio = self._year_in(text, s0, s1, mm.start)
            inf = infos[mm.canonical]
            if y is not None and prio < inf.year_prio:
                inf.year, inf.year_prio = y, prio
        whole = None   # the article's year, looked up once
        for name in order:
            inf = infos[name]
            if inf.year is None:
                if whole is None:
                    whole = self._year_in(text, 0, len(text), 0, whole=True)
                y, prio = whole
                inf.year = y if y is not None else pub_year
        # facts
        for mm in ments:
            inf = infos[mm.canonical]
            out.clusters.append(ClusterFact(canonical=inf.canonical, parent=inf.parent, year=inf.year,
                                            leader=inf.leader, deputy=inf.deputy, members=tuple(inf.members),
                                            **prov(mm.start, mm.end,
                                                   "clusters.named" if mm.named else "clusters.number")))
        for row in member_rows:
            inf = infos[row.cluster]
            out.members.append(MemberFact(cluster=row.cluster, member=row.member, role=row.role, year=inf.year,
                                          text=row.text, start=row.start, end=row.end, sent_index=row.sent_index,
                                          method=row.method))

    def _grouped_head(self, text: str, mm: Mention) -> tuple[str, str, bool] | None:
        """The body a cluster's name says it groups, from the list heads (`Cụm thi đua LĐLĐ 7 tỉnh ...` ->
        `Liên đoàn Lao động`): its members listed as places are that body of each place (GUIDE: clusters).
        (body, level word of its places, whether it is written before the name and so heads the list)."""
        if self.list_head_re is None:
            return None
        for hm in self.list_head_re.finditer(text, mm.start, mm.end):
            if g := _GROUPED_PLACES.match(text, hm.end()):
                body = self.list_prefix.get(" ".join(hm.group("head").lower().split()))
                return (body, g.group("level"), False) if body else None
        # ... or right before it (`Công an 6 tỉnh Cụm thi đua số 5 gồm: A, B`)
        for hm in self.list_head_re.finditer(text, max(0, mm.start - GROUPED_BEFORE), mm.start):
            g = _GROUPED_PLACES.match(text, hm.end())
            if g and re.fullmatch(r"(?:[ \t]*,[ \t]*thành[ \t]+phố)?[ \t]*(?:thuộc[ \t]+)?", text[g.end():mm.start]):
                body = self.list_prefix.get(" ".join(hm.group("head").lower().split()))
                return (body, g.group("level"), True) if body else None
        return None

    @staticmethod
    def _places_as_leader_body(inf: Info, rows: list[MemberFact], leader: OrgFact) -> None:
        """Members listed only as places are the leader's kind of body when the leader is that body of one of
        them (`gồm ... các huyện Sa Thầy, Kon Rẫy`; `UBMTTQVN huyện Kon Rẫy là Cụm trưởng`): the article says
        what the cluster groups. A local government as leader says the places are the members (GUIDE)."""
        if leader.kind in ("ubnd", "hdnd") or not inf.places:
            return
        body = next((leader.canonical[:-len(p)].strip() for p in inf.places
                     if leader.canonical.endswith(" " + p)), None)
        if body is None and leader.kind in ("front", "mass") and leader.level == "district" \
                and all(p.startswith(tuple(w + " " for w in _DISTRICT_WORDS.values())) for p in inf.places):
            # the leader's place spelled otherwise than the list's (`Pleiku`, `Plieku`): still that body of each
            bm = _BODY_OF_PLACE.fullmatch(leader.canonical)
            body = bm.group("body") if bm else None
        if body:
            ClusterExtractor._places_as_body(inf, rows, body)

    @staticmethod
    def _places_as_body(inf: Info, rows: list[MemberFact], body: str) -> None:
        """The members listed only as places become `body` of each place."""
        named = {p: f"{body} {p}" for p in inf.places}
        inf.members = list(dict.fromkeys(named.get(m, m) for m in inf.members))
        rows[:] = [replace(r, member=named[r.member]) if r.cluster == inf.canonical and r.member in named else r
                   for r in rows]
        inf.places = []

    @staticmethod
    def _elided_head(prev: str | None, item: str) -> str | None:
        """An item that repeats only the end of the previous member's head (`Trường THPT Lê Duẩn, THPT Bác
        Ái`): the previous member's leading words complete it (`Trường THPT Bác Ái`)."""
        words = list(takewhile(lambda w: w[:1].isupper() or w[:1].isdigit(), item.split()))
        if not prev or not words:   # (the item's name only, not the verb it may run on into)
            return None
        pw = prev.split()
        j = next((i for i in range(1, len(pw) - 1) if pw[i] == words[0]), None)
        return " ".join(pw[:j] + words) if j is not None else None

    def _list_members(self, doc, orgs: list[OrgFact], trig: re.Match, end: int, skip: list[tuple[int, int]],
                      renamed: dict[OrgFact, str], grouped: tuple[str, str, bool] | None = None) -> list[tuple[int, int, str, str]]:
        """The members listed after `gồm` up to `end`: (start, end, canonical, method) for each item.
        An item is an organisation the organisation extractor found there, its name prefixed with a head the
        list shares (`gồm các công đoàn cơ sở: Sở A; Sở B` -> `Công đoàn cơ sở Sở A`), a unit's name after a
        head of named units (`gồm các Trường THPT: A, B`), the rest of a name whose head the previous item
        gave (`Trường THPT A, THPT B`), or a place, written with the level word it has, the one before it or
        the list's (`gồm các huyện: A, B và thị xã C`; each province of `các tỉnh, thành phố:` its own), or,
        bare, the one the official list gives it in the article's province (`gồm 6 đơn vị: Vĩnh Cửu, ...`);
        a listed place is the body of that place that the list head or the cluster's name (`grouped`) names."""
        text = doc_text(doc)
        start = trig.end()
        head_text = text[trig.start():start]
        hm = None
        if self.list_head_re is not None:
            # a shared head after `gồm` (`gồm các công đoàn cơ sở: ...`; `gồm: Công đoàn ngành ...` is an item),
            # else one the trigger took in (`gồm 5 LĐLĐ huyện:`)
            hm = self.list_head_re.match(text, start)
            if hm is not None and _HEAD_COLON.match(text, hm.end()):
                start = hm.end()
            else:
                hm = self.list_head_re.search(head_text)
                hm = hm if hm and _HEAD_END.fullmatch(head_text, hm.end()) else None
        head = " ".join(hm.group("head").lower().split()) if hm else None
        prefix = self.list_prefix.get(head) if head else (grouped[0] if grouped else None)
        # a place becomes a body by the list's head (`gồm công an 6 tỉnh: A, B`, `Công an 6 tỉnh Cụm ... gồm: A,
        # B`: each item names that body), or by the cluster's name alone (`Cụm thi đua LĐLĐ 7 tỉnh ... gồm: A, B`:
        # the items are places)
        body_method = "clusters.members.body" if head or (grouped and grouped[2]) else "clusters.members.grouped"
        by_name = head is not None and self.list_items.get(head) == "name"
        after = _LIST_LEAD.match(text, start, end)   # always matches: every part is optional
        lw = after.group("level") or (m.group(1) if (m := _HEAD_LEVEL.search(head_text)) else None) \
            or (grouped[1] if grouped and not head else None)   # `Công an 6 tỉnh Cụm ... gồm: A, B`: provinces
        level = " ".join(lw.split()) if lw else None
        if level and "," in level and not level.startswith("tỉnh"):
            level = None   # `các huyện, thị xã, thành phố: A, B`: each item's own, from the official list
        start = after.end()
        province = getattr(getattr(doc._, "orgtext", None), "province", None)
        inside = [o for o in orgs if o.start >= trig.end() and o.end <= end and not any(a <= o.start < b for a, b in skip)]
        out: list[tuple[int, int, str, str]] = []
        pos = start
        seps = [m for m in _ITEM_SEP.finditer(text, start, end)
                if not any(o.start < m.start() < o.end for o in inside)]   # `và` inside a name divides nothing
        prev: str | None = None    # the previous member, whose head a shortened item may take
        body: str | None = None    # the body the previous member is of its place (`Hội Chữ thập đỏ` of `Hội Chữ thập
        # đỏ quận Gò Vấp`): a bare place listed after it is that body of the place (`..., Bình Tân, Quận 7`)
        if level is None and not by_name and not inside:
            # bare names that are all provinces (`(Cao Bằng, Lạng Sơn, Lai Châu)`) are provinces, though one may
            # also be a city's name
            bounds = [start, *[x for m in seps for x in (m.start(), m.end())], end]
            items = [" ".join(text[a:b].strip(" \t.:()").replace("–", "-").split()) for a, b in zip(bounds[::2], bounds[1::2])]
            if len(items) >= 2 and all(self.provinces.get(i) is not None for i in items):
                level = "tỉnh"
        for sep in [*seps, None]:
            a, b = pos, (sep.start() if sep else end)
            pos = sep.end() if sep else end
            if a >= b:
                continue
            sub = self._sub_head(text, a, b)
            if sub is not None:
                # a head within the list for the items after it: `..., Công đoàn cơ sở các doanh nghiệp: A, B`
                head, a = sub
                prefix = self.list_prefix.get(head)
                by_name = self.list_items.get(head) == "name"
                body_method = "clusters.members.body"
            org = next((o for o in inside if a <= o.start < b), None)
            item = text[a:b].strip(" \t.:()")
            i0 = a + len(text[a:b]) - len(text[a:b].lstrip(" \t.:()"))   # where the item starts
            lead = text[a:org.start].strip(" \t.:()") if org is not None else ""
            if (org is None or lead) and (full := self._elided_head(prev, item)):
                out.append((i0, _capitalised_end(text, i0, b), full, "clusters.members.shared_head"))
                continue
            if lead[:1].isupper() and prev and prev.endswith(" " + org.canonical) and len(prev.split()) > 2:
                # the previous member's head word before a body they share: `Ban Tuyên giáo Tỉnh ủy và Dân vận
                # Tỉnh ủy` -> `Ban Dân vận Tỉnh ủy`
                full = f"{prev.split()[0]} {' '.join(lead.split())} {org.canonical}"
                out.append((a, b, full, "clusters.members.shared_head"))
                prev = full
                continue
            if org is not None:
                canonical = org.canonical
                if prefix and not canonical.casefold().startswith(prefix.casefold()) and org.kind not in _UNION_KINDS:
                    canonical = f"{prefix} {canonical}"
                    renamed[org] = canonical   # the listed body is its union: so is the organisation mention
                out.append((org.start, org.end, canonical, "clusters.members"))
                prev = canonical
                bm = _BODY_OF_PLACE.fullmatch(canonical) if org.kind not in _GOVERNMENT_KINDS else None
                body = bm.group("body") if bm and not prefix else None
                # the rest of a long item (`Sở A và Sở B`) is found by its own organisations
                out += [(o.start, o.end, o.canonical, "clusters.members") for o in inside
                        if o is not org and a <= o.start < b and text[org.end:o.start].strip(" ,;") in ("", "và")]
                continue
            whole = self.provinces.get(" ".join(item.replace("–", "-").split()))   # (`TP.HCM`, `Bà Rịa - Vũng Tàu`)
            pm = _PLACE_ITEM.match(item)
            if whole is None and (not pm or pm.group("name").split()[0] in ("Ngày", "Năm", "Hội", "Tại")):
                continue
            name = " ".join(pm.group("name").split()) if pm else whole[0]
            if pm and pm.group("level"):
                # an item's own level word holds for it and the items after it (`gồm thành phố Đà Nẵng và các
                # tỉnh Quảng Nam, Quảng Ngãi`; `Huyện Tam Đảo` on a numbered line)
                level = " ".join(pm.group("level").lower().split())
            city_list = level == "thành phố" and (whole or self.provinces.get(name)) is not None \
                and self.provinces.get(name, whole)[1] == "thành phố"   # `Công an 5 thành phố: Hà Nội, Cần Thơ`
            if not by_name and ((level or "").startswith("tỉnh") or city_list or (level is None and prefix)):
                # a province of a list of provinces (`các tỉnh: A, B - C`), or bare after a body's head
                prov = whole or self.provinces.get(name)
                if prov is not None and (level or name not in self.districts):
                    place = f"{prov[1]} {prov[0]}"
                    ia, ib = (i0, i0 + len(item)) if whole or not pm else (i0 + pm.start("name"), i0 + pm.end("name"))
                    out.append((ia, ib, f"{prefix} {place}", body_method) if prefix else
                               (ia, ib, f"{body} {place}", "clusters.members.shared_head") if body else
                               (ia, ib, place, "clusters.members.place"))
                    continue
                if level:
                    continue
            if pm is None:
                continue
            rest = item[pm.end():].strip()
            if rest and (sep is not None or not rest[0].islower()):
                continue   # only the last item may run on into the sentence (`..., Xuân Lộc đã ký ...`)
            ia, ib = i0 + (pm.start("level") if pm.group("level") else pm.start("name")), i0 + pm.end("name")
            if by_name:
                out.append((ia, ib, f"{prefix} {name}", "clusters.members.named"))
                continue
            lvl = level
            if lvl is None:
                options = {lv for lv, p in self.districts.get(name, ()) if p == province}
                lvl = next(iter(options)) if len(options) == 1 else None
            if lvl is None:
                continue
            place = f"{lvl} {name}"
            out.append((ia, ib, f"{prefix} {place}", body_method) if prefix else
                       (ia, ib, f"{body} {place}", "clusters.members.shared_head") if body else
                       (ia, ib, place, "clusters.members.place"))
        return out

    def _assign_role(self, role: str, org: OrgFact, ts: int, text: str, orgs: list[OrgFact], inf: Info,
                     giver: dict[str, str], member_rows: list[MemberFact], prov) -> None:
        """`org` holds the leading or deputy role of `inf`'s cluster named at `ts`; it is a member too (GUIDE). An
        organ holds it for its body (`Ban Thường trực Ủy ban MTTQ Việt Nam huyện X - Cụm trưởng`: the committee)."""
        if org.kind == "organ" and org.owner is not None and org.canonical.startswith(_STANDING_ORGANS):
            org = org.owner
        if role == "leader":
            inf.leader = inf.leader or org.canonical
            self._places_as_leader_body(inf, member_rows, org)
            m_giver = re.search(r"(?<![\w])được[ \t]+", text[org.end:ts])
            if m_giver and inf.parent is None and inf.canonical not in giver:
                # `được Sở GD&ĐT giao nhiệm vụ Cụm trưởng`: the assigning body, a parent when no better is known
                gs = org.end + m_giver.end()
                for o in orgs:
                    if o.start == gs and o.end <= ts and o.canonical != org.canonical:
                        giver[inf.canonical] = o.canonical
                        break
        else:
            inf.deputy = inf.deputy or org.canonical
        own_place = org.kind in ("ubnd", "hdnd") and any(org.canonical.endswith(" " + p) for p in inf.places)
        if org.canonical not in inf.members and not own_place:
            inf.members.append(org.canonical)   # a leader or deputy is also a member (GUIDE), unless
            # it is the government of a place listed as a member (`UBND huyện A` of `gồm các huyện A, B`)
        member_rows.append(MemberFact(cluster=inf.canonical, member=org.canonical, role=role,
                                      **prov(org.start, org.end, f"clusters.{role}")))

    @staticmethod
    def _orgs_after(orgs: list[OrgFact], p: int, text: str) -> list[OrgFact]:
        """The units named right after a role and `là` (`2 đơn vị cụm phó là A và B`): A, B."""
        m = _ROLE_IS.match(text, p)
        if m is None:
            return []
        out: list[OrgFact] = []
        q = m.end()
        for o in orgs:
            if o.start < q:
                continue
            if o.start != q:
                break
            out.append(o)
            sep = _HOLDER_SEP.match(text, o.end)
            if sep is None:
                break
            q = sep.end()
        return out

    def _sub_head(self, text: str, a: int, b: int) -> tuple[str, int] | None:
        """(head, where its items start) when the list item text[a:b] opens with a list head and a colon."""
        colon = text.find(":", a, b)
        if colon < 0 or self.list_head_re is None:
            return None
        hm = self.list_head_re.match(text, a + len(text[a:colon]) - len(text[a:colon].lstrip()))
        if hm is None or not _SUB_HEAD_TAIL.fullmatch(text, hm.end(), colon):
            return None
        return " ".join(hm.group("head").lower().split()), colon + 1

    @staticmethod
    def _cluster_for(ments: list[Mention], ts: int, te: int, text: str, sent: int = -1) -> str | None:
        # the cluster named right after the role word (it may start inside it: `Trưởng Khối thi đua X`)
        for mm in ments:
            if ts <= mm.start <= te + 2 and not _CLAUSE_MARK.search(text, te, mm.start):
                return mm.canonical
        same = [mm for mm in ments if mm.sent == sent and sent >= 0]
        # the cluster whose clause the role is in: `Cụm 1 do A làm cụm trưởng, B làm cụm phó; Cụm 2 ...`
        clause = [mm for mm in same if mm.end <= ts and not _CLAUSE_MARK.search(text, mm.end, ts)]
        if clause:
            return clause[-1].canonical
        if same:
            return min(same, key=lambda mm: min(abs(mm.start - te), abs(mm.end - ts))).canonical
        before = [mm for mm in ments if mm.end <= ts]
        if before:
            return before[-1].canonical
        return ments[0].canonical if ments else None

    @staticmethod
    def _org_before(orgs: list[OrgFact], p: int, text: str) -> OrgFact | None:
        best = None
        for o in orgs:
            if o.end <= p and p - o.end <= 40:
                best = o
        if best is not None and (_LEAD_GAP.match(text[best.end:p]) or _HOLDER_GAP.fullmatch(text, best.end, p)):
            # (`Chủ tịch LĐLĐ quận X Lê Thị Y, Cụm trưởng ...`: the body its holder heads; in a chain of roles,
            # `Trưởng ban Dân vận Tỉnh ủy, Phó Chủ tịch HĐND tỉnh, đơn vị trưởng Khối`, the body of the first, not
            # the one its holder is deputy of)
            chain = [o for o in orgs if o.end <= best.start and _DEPUTY_LINK.fullmatch(text, o.end, best.start)]
            return chain[-1] if chain else best
        # a longer gap (`được ... bầu/chọn/giao nhiệm vụ`), possibly with the assigning body inside it
        far = [o for o in orgs if o.end <= p and p - o.end <= 90]
        for o in reversed(far):
            gap = text[o.end:p]
            if _LEAD_GAP_LONG.match(gap):
                return o
            if re.search(r"[.;\n]", gap):
                break
        return None

    @staticmethod
    def _place_before(p: int, text: str) -> OrgFact | None:
        """A local government named as a place right before a role word (`bầu huyện Cẩm Thủy là đơn vị Cụm
        trưởng`): clusters of districts have places as members and leaders (GUIDE: clusters)."""
        for m in _PLACE_LEADER.finditer(text, max(0, p - 60), p):
            if _LEAD_GAP.match(text[m.end():p]):
                name = f"{' '.join(m.group('level').split())} {' '.join(m.group('name').split())}"
                return OrgFact(text=m.group(), start=m.start(), end=m.end(), sent_index=-1,
                               method="clusters.leader.place", canonical=name, kind="ubnd", level="district")
        return None

    def _parent_from_context(self, doc, orgs: list[OrgFact], inf: Info, out: Extraction) -> str | None:
        """The body that groups a cluster when the article does not say it (GUIDE: clusters, parent):
        the union federation for union clusters, the education department for clusters of schools,
        the province's emulation council or People's Committee for blocs of its bodies."""
        text = doc_text(doc)
        members = set(inf.members)
        # the body of an organ named (`Thường trực Liên đoàn Lao động thành phố X`) groups as that body does
        orgs = sorted(orgs + [o.owner for o in orgs if o.owner is not None], key=lambda o: o.start)

        def ok(o: OrgFact) -> bool:
            return o.canonical not in members and o.canonical != inf.leader

        # an organisation that directs the meeting (`Dự và chỉ đạo ... Liên đoàn Lao động tỉnh`)
        for d in _DIRECT.finditer(text):
            for o in orgs:
                if d.end() <= o.start <= d.end() + 150 and ok(o) and o.kind in ("ldld", "cdvc", "tld", "ubnd", "state") and \
                        o.level in ("province", "national") and (o.kind != "state" or o.canonical.startswith("Hội đồng Thi đua")):
                    return o.canonical
                if o.start > d.end() + 150:
                    break
        kinds = {o.canonical: o.kind for o in orgs}
        units = [u for u in (inf.leader, inf.deputy, *inf.members) if u]
        if units and all(u.startswith("Trường") for u in units):
            return self._school_parent(orgs, units, doc)
        union = self._is_union(inf, orgs, units, kinds)
        if self.regional.search(inf.canonical):
            # a cluster of provinces belongs to no province: the Tổng Liên đoàn for unions, else unknown
            return "Tổng Liên đoàn Lao động Việt Nam" if union else None
        if union:
            federations = [o for o in orgs if ok(o) and o.level in ("province",) and o.kind in ("ldld", "cdvc")]
            if "so" in {kinds.get(u) for u in units} or inf.canonical.startswith("Khối"):
                for o in federations:
                    if o.kind == "cdvc":
                        return o.canonical
            for o in federations:
                if o.kind == "ldld":
                    return o.canonical
            if federations:
                return federations[0].canonical
            # a national sector's bloc of its units' unions: the sector union (`Công đoàn Y tế Việt Nam`)
            return next((o.canonical for o in orgs if ok(o) and o.kind in ("cong_doan_nganh", "cong_doan")
                         and o.canonical.endswith(" Việt Nam") and o.canonical != "Công đoàn Việt Nam"), None)
        several = len(self._provinces_of(units)) > 1
        if several:
            # one kind of body of several provinces (`Công an tỉnh A`, `Công an tỉnh B`): it belongs to no
            # province, but to the ministry the article names, else to its organisation's national body, if any
            ministry = next((o.canonical for o in orgs if ok(o) and o.level == "national" and o.kind == "state"
                             and o.canonical.startswith("Bộ ")), None)   # (not the Party's `Bộ Chính trị`)
            return ministry or self._system_parent(orgs, units, doc)
        system = self._system_parent(orgs, units, doc)
        if system is not None:
            return system
        # a government bloc: the province's emulation council, else its People's Committee (named or not)
        for o in orgs:
            if ok(o) and o.kind == "state" and o.canonical.startswith("Hội đồng Thi đua") and o.level != "national":
                return o.canonical
        for o in orgs:
            if ok(o) and o.kind == "ubnd" and o.level == "province":
                return o.canonical
        return "Ủy ban nhân dân " + self._province_words(doc)

    def _provinces_of(self, units: list[str]) -> set[str]:
        """The provinces that the units' names end with (`Công an tỉnh Nghệ An` -> Nghệ An)."""
        found = set()
        for u in units:
            m = _PROVINCE_END.search(u)
            if m and self.provinces.get(m.group(1)) is not None:
                found.add(m.group(1))
        return found

    def _system_parent(self, orgs: list[OrgFact], units: list[str], doc) -> str | None:
        """Clusters of one front or mass organisation's own committees belong to its next level up:
        district Front committees to the province's (`Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh X`), provincial
        veterans' associations to the national one (`Hội Cựu chiến binh Việt Nam`); so do a state body's
        district branches (`Công an huyện A`, `Công an huyện B` -> `Công an tỉnh X`)."""
        by_canon = {o.canonical: o for o in orgs}
        # (members named from a listed place and the leader's body, `Ủy ban MTTQ Việt Nam huyện A`, are no
        # organisation mention of their own: the ones that are tell the kind and level)
        bodies = [b for b in map(by_canon.get, units) if b is not None and b.kind is not None]
        if len(units) < 2 or not bodies or any(b.kind not in ("front", "mass", "state") for b in bodies):
            return None
        if any(b.kind == "state" for b in bodies) and {b.level for b in bodies} != {"district"}:
            return None   # (a state body's provincial branches belong to their ministry: `_provinces_of`)
        heads = {_PLACE_TAIL.sub("", u) for u in units}
        levels = {b.level for b in bodies}
        if len(heads) != 1 or len(levels) != 1 or heads == set(units):
            return None   # (one unit, or units named without a level word: `Tỉnh đoàn Khánh Hòa`)
        head = heads.pop()
        if levels == {"district"}:
            return f"{head} {self._province_words(doc)}"
        if levels == {"province"}:
            return head if head.endswith("Việt Nam") else f"{head} Việt Nam"
        return None

    @staticmethod
    def _province_words(doc) -> str:
        """`tỉnh X` / `thành phố X` for the article's province, `tỉnh` when it is unknown."""
        ctx = getattr(doc._, "orgtext", None)
        if ctx is None or not ctx.province:
            return "tỉnh"
        return ("thành phố " if ctx.province_kind == "thanh_pho" else "tỉnh ") + ctx.province

    def _school_parent(self, orgs: list[OrgFact], units: list[str], doc) -> str:
        """Clusters of schools belong to the education department (`Sở` for high schools, else the `Phòng`);
        universities and colleges are not the department's: theirs is the province's People's Committee."""
        if all(u.startswith(_HIGHER_SCHOOLS) for u in units):
            named = next((o.canonical for o in orgs if o.kind == "ubnd" and o.level == "province"), None)
            return named or "Ủy ban nhân dân " + self._province_words(doc)
        for o in orgs:
            if o.canonical.startswith(("Sở Giáo dục", "Phòng Giáo dục")):
                return o.canonical
        return "Sở Giáo dục và Đào tạo " + self._province_words(doc)

    def _is_union(self, inf: Info, orgs: list[OrgFact], units: list[str], kinds: dict[str, str | None]) -> bool:
        """A union cluster (of federations, sector unions, grassroots unions), not a bloc of a province's
        bodies: by its name, else by what its units are, else by whether the article is a union's."""
        if _UNION_NAME.search(inf.canonical):
            return True
        levels = {o.canonical: o.level for o in orgs}
        union = gov = 0
        for u in units:
            k = kinds.get(u)
            # a province's own federation counts among the province's bodies (`Khối Mặt trận - Đoàn thể`)
            if k in _UNION_KINDS and not (k in ("ldld", "cdvc") and levels.get(u) == "province") or \
                    u.startswith("Công đoàn "):   # (a unit's union named by the list's head: `Công đoàn Bệnh viện K`)
                union += 1
            elif k is not None or _PLACE_UNIT.match(u):
                gov += 1
        if union != gov:
            return union > gov
        if self.government.search(inf.canonical):
            return False
        return any(o.kind in ("ldld", "cdvc", "tld", "cong_doan_nganh") for o in orgs)

    @staticmethod
    def _year_in(text: str, s0: int, s1: int, anchor: int, whole: bool = False) -> tuple[int | None, int]:
        seg = text[s0:s1]
        best: tuple[int | None, int] = (None, 99)
        for prio, rx in ((1, _YEAR_TK), (2, _YEAR_GU)):
            m = rx.search(seg)   # the first match
            if m:
                y = int(m.group(1))
                if 1990 <= y <= 2100:
                    return y, prio
        if whole:
            return best
        ms = [m for m in _YEAR_ANY.finditer(seg) if 1990 <= int(m.group(1)) <= 2100]
        if ms:
            m = min(ms, key=lambda m: abs(s0 + m.start() - anchor))
            return int(m.group(1)), 3
        return best


register("thidua_clusters", ClusterExtractor)
