"""Officials: people named with a position (name, title, organisation of that position).

Runs after organisations and clusters. A position is a title of `titles.tsv` (longest match,
abbreviated forms expanded) optionally followed by an organisation mention; the person is found
- before it: `[honorific] NAME – TITLE ORG`, `NAME, TITLE ORG`, no separator after an honorific,
  or a chain of roles `NAME, Tỉnh ủy viên, Chủ tịch LĐLĐ tỉnh` (one entry per role);
- before an election verb: `đồng chí A, B được bầu làm Phó Chủ tịch` (shared title);
- after it: `Chủ tịch LĐLĐ tỉnh Nguyễn Văn A` (an organisation is then required).
A name is 2-4 capitalised syllables; without an honorific it must start with a family name
(`surnames.txt`). Back-references (`Theo ông Tâm`) carry no title and give nothing.
Organisation = the organisation mention right after the title (`Ban ...` organs for `Trưởng ban`);
roles with no body and cluster roles have organisation null.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import Extraction, OfficialFact, OrgFact
from ..nlp import Extractor, register
from ..nlp import doc_text, provenance_for
from .rx import first_letters, trie_alternation
from .organisations import Surnames

TITLES = "gazetteers/titles.tsv"
HONORIFICS = "gazetteers/honorifics.txt"
SURNAMES = "gazetteers/surnames.txt"
HEADS = "gazetteers/org_heads.tsv"
NAME_WORDS = "gazetteers/name_words.tsv"
PARTY_COMMITTEES = "gazetteers/party_committees.tsv"

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")  # `H'Linh`
_ELECT = re.compile(r"(?:được[ \t]+bầu(?:[ \t]+bổ[ \t]+sung)?(?:[ \t]+(?:làm|giữ[ \t]+chức(?:[ \t]+vụ)?))?|tái[ \t]+đắc[ \t]+cử(?:[ \t]+chức)?|"
                    r"đắc[ \t]+cử(?:[ \t]+chức)?|giữ[ \t]+chức(?:[ \t]+vụ)?|được[ \t]+bổ[ \t]+nhiệm(?:[ \t]+(?:làm|giữ[ \t]+chức))?|"
                    r"được[ \t]+phân[ \t]+công(?:[ \t]+làm)?)[ \t]+$")
# the active voice: `(Ban Chấp hành) bầu đồng chí A làm Chủ tịch X`
_ELECT_ACTIVE_VERB = re.compile(r"(?:làm|giữ[ \t]+chức(?:[ \t]+vụ)?)[ \t]+$")
_ELECT_ACTIVE_LEAD = re.compile(r"(?:(?<![\w])(?:bầu|bổ[ \t]+nhiệm)[ \t]+(?:(?i:đồng[ \t]+chí|ông|bà|đ/c)[ \t]+)?"
                                r"|(?:^|[\n.;:,]|date[ \t]\S+)[ \t]*(?i:ông|bà|đồng[ \t]+chí)[ \t]+)$")   # (`Ông A làm Chủ tịch X`)
_NAME_JOIN_BEFORE = re.compile(r"(?:,|và)[ \t]*(?:(?i:đồng[ \t]+chí|ông|bà|đ/c)[ \t]+)?$")
# `Về phía X có ...`: the officials named next attend for X
_ON_BEHALF = re.compile(r"(?<![\w])(?i:về[ \t]+phía)[ \t]+")
_SCOPE_END = re.compile(r"\.(?=\s)|\n|(?<![\w])(?i:về[ \t]+phía)(?![\w])")
_SPACE_HON = re.compile(r"[ \t]+(?:(?i:đồng[ \t]+chí|ông|bà)[ \t]+)?")
# a list of names sharing the title before it: `các Phó Chủ tịch: A, B và C`
_PLURAL_OPEN = re.compile(r"(?<![\w])(?i:các)[ \t]+(?:(?i:đồng[ \t]+chí|ông|bà)[ \t]*:?[ \t]*)?$")
_LIST_COLON = re.compile(r"[ \t]*:[ \t]*")
_NAME_SEP_AFTER = re.compile(r"[ \t]*(?:,|và)[ \t]*(?=[A-ZĐ\u00C0-\u1EF8])")
_ELECT_ANY = re.compile(r"(?:được[ \t]+bầu|tái[ \t]+đắc[ \t]+cử|đắc[ \t]+cử|giữ[ \t]+chức)")
_BARE_ORGAN = re.compile(r"(?:[ \t]+|\.[ \t]*)(BCH|BTV|Ban Chấp hành|Ban Thường vụ|Ban chấp hành|Ban thường vụ|Đảng đoàn|"
                         r"Ban [cC]án sự đảng)(?![\w])")
_BARE_ORGAN_CANON = {"BCH": "Ban Chấp hành", "BTV": "Ban Thường vụ", "Ban chấp hành": "Ban Chấp hành",
                     "Ban thường vụ": "Ban Thường vụ", "Ban cán sự đảng": "Ban Cán sự đảng"}
# the organs a member of which is written `Ủy viên <organ>` (the title is then `Ủy viên`, GUIDE)
_MEMBER_ORGANS = ("Ban Chấp hành", "Ban Thường vụ")
# a member's title written with its organ in one abbreviation (`UVBTV`): the organ waits for its body like a bare one
_GLUED_MEMBER_TITLES = tuple(f"Ủy viên {o}" for o in _MEMBER_ORGANS)
# a Party committee written bare in a chain of roles (`Bí thư Đảng ủy, Giám đốc Công ty X`), and the chain's comma
_BARE_PARTY = ("Đảng ủy", "Đảng uỷ", "Đảng bộ", "Chi bộ")
_CHAIN_NEXT = re.compile(r"[ \t]*[,\-–—][ \t]*(?=\w)")
# heads a Party committee's body drops: a union's or people's committee's (`Công đoàn xã X` -> `xã X`)
# a unit's union: `Công đoàn (cơ sở) Bệnh viện X` -> `Bệnh viện X`
_UNIT_UNION = re.compile(r"Công đoàn(?:[ \t]+cơ[ \t]+sở)?[ \t]+(?=(?:Công ty|Tổng công ty|Trường|Bệnh viện|Trung tâm|Viện)(?![\w]))")
_PARTY_OWNER_STRIP = re.compile(r"(?:Công đoàn(?:[ \t]+cơ[ \t]+sở)?|Ủy ban nhân dân|Ủy ban Mặt trận Tổ quốc Việt Nam)[ \t]+"
                                r"(?=(?:xã|phường|thị trấn|Công ty|Tổng công ty|Trường|Bệnh viện)(?![\w]))")
_CHAIN_GAP = re.compile(r"[ \t]*[,\-–—][ \t]*(?:nay[ \t]+(?:giữ[ \t]+chức(?:[ \t]+vụ)?|là|làm)[ \t]+)?$")
_LIST_HONORIFIC = re.compile(r"(?i:các[ \t]+(?:đồng[ \t]+chí|ông|bà|vị)|ông[ \t]*,[ \t]*bà)[ \t]*:")
# a bare body right after a title (`Tổng Giám đốc Công ty phát biểu`, `Chủ tịch Công đoàn cơ sở`): not followed by a name
_BARE_BACKREF = re.compile(r"[ \t]+(Công[ \t]+ty|Sở|Công[ \t]+đoàn[ \t]+cơ[ \t]+sở|CĐCS)(?![\w])(?![ \t]+(?:[A-ZĐ]|Cổ[ \t]+phần))")
_NAME_END = re.compile(r"[ \t]*(?:[,;.:()\n–—]|[ \t]-|$)")
_SEP_BEFORE = re.compile(r"[ \t]*(?:[-–—,][ \t]*|[ \t])$")


def _ends_name(text: str, e: int) -> bool:
    """Whether a name's last syllable ends at e: punctuation, a dash or the text's end follows, or a lower-case
    word (`Lê Văn Đại ân cần thăm hỏi`, `Lê Văn Đại (thứ hai)`), not another capitalised one (`Đại hội`)."""
    nxt = text[e:e + 3]
    return bool(_NAME_END.match(nxt)) or (nxt[:1] in (" ", "\t") and nxt[1:2].islower())


def _uy_spellings(phrase: str) -> set[str]:
    """`phrase` with each `ủy` in it written either way, `ủy` or `uỷ` (as `title_re` accepts them)."""
    parts = phrase.split("ủy")
    out = {parts[0]}
    for part in parts[1:]:
        out = {o + uy + part for o in out for uy in ("ủy", "uỷ")}
    return out


class OfficialExtractor(Extractor):
    data_files = (TITLES, HONORIFICS, SURNAMES, HEADS, NAME_WORDS, PARTY_COMMITTEES)

    def setup(self) -> None:
        self._place_set = None
        words = {role: frozenset(r["word"] for r in self.data[NAME_WORDS] if r["role"] == role)
                 for role in ("not_name", "middle")}
        if not all(words.values()):
            raise ValueError(f"{NAME_WORDS}: each role (not_name, middle) needs rows")
        self.not_name, self.middle = words["not_name"], words["middle"]
        rows = sorted(self.data[TITLES], key=lambda r: -len(r["title"]))
        parts = []
        self.title_canon: list[tuple[re.Pattern, str, str]] = []
        for r in rows:
            pat = r"[ \t]+".join(re.escape(w) for w in r["title"].split())
            pat = pat.replace("Ủy", "(?:Ủy|Uỷ)").replace("ủy", "(?:ủy|uỷ)")
            pat = pat if r.get("case") == "exact" else f"(?i:{pat})"
            parts.append(pat)
            self.title_canon.append((re.compile(pat + r"$"), r["canonical"], r["type"]))
        self.title_re = re.compile(first_letters(r["title"] for r in rows)
                                   + r"(?<![\w/])(?:" + "|".join(parts) + r")(?![\w/])")
        # Where a title can start: any title, case-insensitively, in every mix of `ủy`/`uỷ`, its words
        # apart by spaces or tabs (a superset of title_re's matches, as one trie). The 72 titles are
        # tried only there (`_titles`): at ~4 places an article; from its first word only, at ~80.
        phrases = {s for r in rows for s in _uy_spellings(" ".join(r["title"].lower().split()))}
        spaced = trie_alternation(phrases).replace(re.escape(" "), r"[ \t]+")
        self.title_start = re.compile(first_letters(r["title"] for r in rows) + r"(?<![\w/])(?i:" + spaced + ")") \
            if all(r["title"].strip() for r in rows) else None   # an empty title matches anywhere
        self._canon_cache: dict[str, tuple[str | None, str | None]] = {}
        hon = sorted(self.data[HONORIFICS], key=len, reverse=True)
        self.hon_before = re.compile(r"(?:(?<![\w])(?:" + "|".join(
            f"(?i:{re.escape(h)})" if h[0].isalpha() and h[-1] != "." else re.escape(h) for h in hon) + r"))[ \t]*:?[ \t]*$")
        self.surnames = Surnames(self.data[SURNAMES])
        committees = {r["level"]: r["committee"] for r in self.data[PARTY_COMMITTEES]}
        self.committee_of = committees
        # a place at the end of a body's name, its level word first (`Ủy ban nhân dân quận Hải An`)
        self.place_end = re.compile(r"(?<![\w])(" + "|".join(sorted(map(re.escape, committees), key=len, reverse=True))
                                    + r")[ \t]+([A-ZĐ\u00C0-\u1EF9][^,;()]*)$")
        # organ names after an abbreviated `Phó TB` (`Phó TB Tuyên giáo LĐLĐ tỉnh`)
        self.ban_canon = {}
        for r in self.data[HEADS]:
            if r["kind"] == "organ" and r["head"].startswith("Ban ") and r["tail"] == "organ":
                self.ban_canon[r["head"][4:].casefold()] = r["canonical"][4:]
        alts = sorted(self.ban_canon, key=len, reverse=True)
        self.ban_re = re.compile(r"[ \t]+((?i:" + "|".join(re.escape(a).replace(r"\ ", r"[ \t]+") for a in alts) + r"))(?![\w])")

    def _places(self) -> set[str]:
        """Province names and aliases (from the organisations component), never person names."""
        if getattr(self, "_place_set", None) is None:
            try:
                p = self.nlp.get_pipe("thidua_organisations").parser
                self._place_set = set(p.prov_forms)
            except (KeyError, AttributeError):
                self._place_set = set()
        return self._place_set

    # ------------------------------------------------------------------ names
    def name_before(self, text: str, p: int) -> tuple[int, int] | None:
        """The 2-4 capitalised syllables ending at p (spaces skipped)."""
        q = p
        while q > 0 and text[q - 1] in " \t":
            q -= 1
        end = q
        words: list[int] = []
        while len(words) < 5:
            r = q
            while r > 0 and (text[r - 1].isalpha() or (text[r - 1] in "'’" and r - 1 > 0 and text[r - 2].isalpha())):
                r -= 1
            if r == q:
                break
            w = text[r:q]
            if not w[0].isupper():
                break
            words.append(r)
            q = r
            if q > 0 and text[q - 1] == " ":
                q -= 1
            else:
                break
        if not words:
            return None
        # take the longest suffix of 2-4 syllables that forms a name
        starts = words  # right to left
        best = None
        for k in range(2, min(4, len(starts)) + 1):
            s = starts[k - 1]
            cand = text[s:end].split()
            head_surname = cand[0] in self.surnames and self.hon_before.search(text[max(0, s - 16):s])
            if (cand[0] in self.not_name and not self._surname_head(cand) and not head_surname) or \
                    any(c in self.not_name for c in cand[1:] if c in ("Hội", "Ban", "Sở")):
                continue
            best = (s, end)
            left = self._left_word(text, starts[k - 1]) if k < len(starts) else ""
            if cand[0] in self.surnames and not (k < 4 and (left in self.middle or left in self.surnames)):
                break  # (`Trần Thị Kim Liên`: `Kim` is a family name, but a middle name comes before it;
                # `Nguyễn Hoàng Kịch`, `Tô Phạm Tuyết Nghiêm`: a family name before a family name is the name's)
        if best is None:
            return None
        # the longest valid name whose first syllable is a family name, else the 2-4 one found
        return best

    @staticmethod
    def _left_word(text: str, p: int) -> str:
        m = re.search(r"([^\W\d_]+)[ \t]+$", text[max(0, p - 12):p])
        return m.group(1) if m else ""

    def name_after(self, text: str, p: int) -> tuple[int, int] | None:
        words = []
        q = p
        while len(words) < 4:
            m = _WORD.match(text, q)
            if not m or not m.group()[0].isupper():
                break
            if words and m.group() in self.not_name and m.group() not in ("Minh", "Nam", "Hồ") and \
                    not (m.group() in self.middle and re.match(r" [^\W\d_]", text[m.end():m.end() + 2])
                         and text[m.end() + 1:m.end() + 2].isupper()) and \
                    not (len(words) >= 2 and _ends_name(text, m.end())):
                break  # (`Trương Công Hậu`: a middle name before a capital; `Đặng Công Thành,`: a last name)
            words.append(m.span())
            q = m.end()
            if text[q:q + 1] == " " and q + 1 < len(text) and text[q + 1].isupper():
                q += 1
            else:
                break
        if len(words) < 2:
            return None
        return words[0][0], words[-1][1]

    def _surname_head(self, ws: list[str]) -> bool:
        """`Đoàn Thị Thu Ba`: a family name that is also a head word, followed by a middle name."""
        return len(ws) >= 3 and ws[0] in self.surnames and ws[1] in ("Thị", "Văn")

    def valid_name(self, text: str, span: tuple[int, int], honorific: bool) -> bool:
        ws = text[span[0]:span[1]].split()
        if not 2 <= len(ws) <= 4:
            return False
        if ws[0] in self.not_name and not (honorific and (self._surname_head(ws) or ws[0] in self.surnames
                                                          and not ws[-1][:1].islower())):
            return False   # (`Đ/c Đoàn Lương Anh`: a family name that is also a head word, after an honorific)
        if any(w.isupper() and len(w) > 1 for w in ws):
            return False
        if " ".join(ws) in self._places():
            return False
        return honorific or ws[0] in self.surnames or (len(ws) >= 3 and ws[1] in self.middle)

    # ------------------------------------------------------------------ extraction
    def extract(self, doc, out: Extraction) -> None:
        text = doc_text(doc)
        orgs = sorted(out.organisations, key=lambda o: o.start)
        org_at = {o.start: o for o in orgs}
        org_spans = [(o.start, o.end) for o in orgs]
        cl_at = {c.start: c for c in out.clusters}
        renamed: dict[OrgFact, str] = {}   # bare Party committees whose body a role chain tells
        role_chain: dict[int, tuple[int, int, str]] = {}  # end of a role -> (name start, name end, name)
        results: list[tuple[int, int, str, str, str | None]] = []
        pending_organ = None  # (person, index in results, committee, Party mention, bare title) waiting for a body
        titles = self._titles(text)
        for t in titles:
            ts, te = t.span()
            if any(a <= ts < b for a, b in org_spans):
                continue
            canon, ttype = self._canon(t.group())
            if canon is None:
                continue
            prefix = re.search(r"(?<![\w])([Nn]guyên)[ \t]+$", text[max(0, ts - 10):ts])
            title = f"Nguyên {canon}" if prefix else canon
            tstart = ts - len(prefix.group(0)) if prefix else ts
            # the organisation of the position
            org = None
            role_end = te
            if ttype in ("org", "ban"):
                if ttype == "ban":
                    k = t.group().lower().rfind("ban")
                    org = org_at.get(ts + k)
                if org is None:
                    q = te
                    while q < len(text) and text[q] in " \t":
                        q += 1
                    org = org_at.get(q) if q > te else None
                if org is None:
                    # a title that ends with the body's own word: `Chánh Văn phòng VKSND tối cao` is the head of
                    # `Văn phòng Viện Kiểm sát nhân dân tối cao`, `Chánh Thanh tra Bộ` of `Thanh tra Bộ`
                    org = next((o for o in orgs if ts < o.start < te < o.end), None)
                if org is not None:
                    role_end = org.end
            elif ttype in ("cluster", "cluster_deputy"):
                q = te
                while q < len(text) and text[q] in " \t":
                    q += 1
                c = cl_at.get(q)
                if c is not None:
                    role_end = c.end
            bare_organ = None
            bo = _BARE_ORGAN.match(text, te) if org is None and ttype in ("org", "ban") else None
            if bo:
                # a committee or organ without its owner (`UV BTV, Phó Chủ tịch LĐLĐ tỉnh`, `Bí thư Đảng đoàn, Chủ
                # tịch Tổng LĐLĐ Việt Nam`): the owner is told by the next role (pending_organ below)
                bare_organ = _BARE_ORGAN_CANON.get(bo.group(1), bo.group(1))
                role_end = bo.end()
                q2 = role_end
                while q2 < len(text) and text[q2] in " \t":
                    q2 += 1
                owner = org_at.get(q2) if q2 > role_end else None
                if owner is not None:
                    # its owner right after it after all (`Ủy viên BCH Đảng bộ tỉnh`): the organ of that body
                    org = type("O", (), {"canonical": f"{bare_organ} {owner.canonical}", "end": owner.end})()
                    role_end, bare_organ = owner.end, None
                elif canon == "Ủy viên" and bare_organ in _MEMBER_ORGANS:   # `Ủy viên Ban Thường vụ` until then
                    title = (title[:-len(canon)] if title != canon else "") + "Ủy viên " + bare_organ
            if org is None and ttype == "ban":
                bm = self.ban_re.match(text, te)
                if bm:
                    q = bm.end()
                    while q < len(text) and text[q] in " \t":
                        q += 1
                    owner = org_at.get(q)
                    if owner is not None:
                        organisation_ban = f"Ban {self.ban_canon.get(bm.group(1).casefold(), bm.group(1))} {owner.canonical}"
                        role_end = owner.end
                        org = type("O", (), {"canonical": organisation_ban, "end": owner.end})()
            if bare_organ is None and org is None and canon in _GLUED_MEMBER_TITLES:
                bare_organ = canon.removeprefix("Ủy viên ")   # `UVBTV, Trưởng ban Dân vận Tỉnh ủy`: of that body
            elif org is not None and canon in _GLUED_MEMBER_TITLES:
                # `UVTV Tỉnh ủy`: Ủy viên of the body's organ (GUIDE)
                title = title.removesuffix(canon) + "Ủy viên"
                org = type("O", (), {"canonical": f"{canon.removeprefix('Ủy viên ')} {org.canonical}", "end": org.end})()
            party_mention = None
            if isinstance(org, OrgFact) and org.canonical in _BARE_PARTY and _CHAIN_NEXT.match(text, org.end):
                # `Bí thư Đảng ủy, Giám đốc Công ty X`: a bare Party committee is that of the body the next
                # role names (pending_organ below)
                bare_organ, party_mention, org = org.canonical, org, None
            if org is None and ttype in ("org", "ban") and party_mention is None:
                org = self._backref_org(text, te, orgs)
                if org is not None:
                    role_end = org.end
            organisation = org.canonical if org is not None else None
            person = None
            # a chain of roles: `NAME, Tỉnh ủy viên, Chủ tịch ...`; unless the role's own holder follows its body
            # (`..., Phó giám đốc Sở Y tế Dương Thị Như Ngọc, ...`: a list of title-first officials)
            gap = _CHAIN_GAP.search(text[max(0, tstart - 24):tstart])
            own = self._holder_after(text, role_end) if org is not None and ttype != "noorg" else None
            if gap and own is None:
                prev_end = tstart - len(gap.group())
                if prev_end in role_chain:
                    person = role_chain[prev_end]
            if person is None and own is None:
                person = self._person_before(text, tstart)
            if person is None and (org is not None or ttype in ("cluster", "cluster_deputy") and role_end == te) \
                    and not _ELECT.search(text[max(0, ts - 40):ts]):
                # (a cluster role written before its holder: `Đồng chí Khối trưởng Nguyễn Thị Kim Chi, ...`)
                # (after an election verb the elected come before it: `A tái đắc cử Chủ tịch X, ông B ...`)
                q = role_end
                m = re.match(r"(?:[ \t]*,[ \t]*(?i:đồng chí|ông|bà)[ \t]+|[ \t]+(?:(?i:đồng chí|ông|bà)[ \t]+)?)", text[q:])
                if m and ttype != "noorg":
                    hon = bool(m.group().strip())
                    span = self.name_after(text, q + m.end())
                    if span and self.valid_name(text, span, hon):
                        after = text[span[1]:span[1] + 2]
                        if not after[:1].isalnum():
                            person = (span[0], span[1], " ".join(text[span[0]:span[1]].split()))
                            role_end = max(role_end, span[1])
            if person is None:
                continue
            if ttype in ("cluster", "cluster_deputy"):
                organisation = None
            if ttype == "noorg":
                organisation = None
            # `UV BTV, Phó Chủ tịch LĐLĐ tỉnh`: the bare committee is that of the body of the role before or after
            if pending_organ and pending_organ[0] == role_chain.get(tstart - len(gap.group()) if gap else -1) \
                    and organisation is not None:
                i, organ = pending_organ[1], pending_organ[2]
                r = results[i]
                title_i = "Ủy viên" if organ in _MEMBER_ORGANS else r[3]
                mention = pending_organ[3]
                owner = self._party_owner(organisation) if mention is not None else self._owner(organisation)
                if pending_organ[4] is not None:
                    owner = self._held_with(pending_organ[4], organisation)
                results[i] = (r[0], r[1], r[2], title_i, f"{organ} {owner}") if organ else \
                    (r[0], r[1], r[2], r[3], owner)   # `Ủy viên Thường vụ, Phó Chủ tịch X`: of X
                if mention is not None:
                    renamed[mention] = f"{mention.canonical} {owner}"
            pending_organ = None
            if bare_organ is not None:
                pending_organ = (person, len(results), bare_organ, party_mention, None)
            elif organisation is None and canon == "Ủy viên Thường vụ":
                pending_organ = (person, len(results), None, None, None)
            elif organisation is None and ttype == "org" and _CHAIN_NEXT.match(text, role_end):
                # `Phó Giám đốc, Chủ tịch Công đoàn Bệnh viện X`, `Phó Bí thư - Chủ tịch UBND quận X`: the body of
                # the next role tells this one's (_held_with)
                pending_organ = (person, len(results), None, None, canon)
            role_chain[role_end] = person
            results.append((min(person[0], tstart), max(person[1], role_end), person[2], title, organisation))
        results += self._shared_title_lists(text, titles, org_at)
        # shared title after an election verb: `đồng chí A, B được bầu làm Phó Chủ tịch`
        for t in titles:
            ts = t.start()
            m = _ELECT.search(text[max(0, ts - 40):ts])
            active = m is None   # `bầu đồng chí A làm Chủ tịch X`: the one named after the verb
            if active:
                m = _ELECT_ACTIVE_VERB.search(text[max(0, ts - 40):ts])
            if not m:
                continue
            vstart = ts - (len(text[max(0, ts - 40):ts]) - m.start())
            canon, ttype = self._canon(t.group())
            if canon is None:
                continue
            org = None
            q = t.end()
            while q < len(text) and text[q] in " \t":
                q += 1
            org = org_at.get(q) if q > t.end() else None
            names = self._names_before_verb(text, vstart)
            if active:
                names = [n for n in names[-1:] if _ELECT_ACTIVE_LEAD.search(text[max(0, n[0] - 30):n[0]])]
                if not names:
                    continue
            congress = None
            if org is None and ttype in ("org", "ban"):
                from ..segment import sentence_index_at
                si = sentence_index_at(doc._.sentences or (), ts)
                s0 = doc._.sentences[si].start if si >= 0 else max(0, ts - 300)
                for o in orgs:
                    if s0 <= o.start < vstart and re.search(r"Đại hội[ \t]+(?:đại biểu[ \t]+)?$", text[max(0, o.start - 20):o.start]):
                        congress = o
            prev_org = None
            if org is None and congress is None and ttype in ("org", "ban"):
                # `A tái đắc cử Chủ tịch LĐLĐ huyện X; B, C được bầu làm Phó Chủ tịch`: the same body
                from ..segment import sentence_index_at
                si = sentence_index_at(doc._.sentences or (), ts)
                s0 = doc._.sentences[si].start if si >= 0 else max(0, ts - 300)
                before = [r for r in results if s0 <= r[0] and r[1] <= vstart and r[4] is not None
                          and _ELECT_ANY.search(text[s0:r[1]])]
                if before:
                    prev_org = type("O", (), {"canonical": before[-1][4]})()
            if org is None and congress is None and prev_org is None and ttype in ("org", "ban") and \
                    re.match(r"(?:tái[ \t]+)?đắc[ \t]+cử|được[ \t]+bầu", text[vstart:vstart + 12]) and \
                    not re.match(r"[ \t]*(?:Hội|Ban|Đoàn|Đảng|Ủy|Tổ|[A-ZĐ]{2,})(?![\w])", text[q:q + 8]):
                # a bare role elected at a congress (`tái đắc cử chức Chủ tịch`): the union holding the congress
                prev_org = self._congress_body(text, orgs, vstart)
            for s, e, name in names:
                o2 = org if org is not None else (congress if congress is not None else prev_org)
                results.append((s, max(e, org.end if org else t.end()), name, canon,
                                o2.canonical if o2 is not None and ttype in ("org", "ban") else None))
        if renamed:
            out.organisations[:] = [replace(o, canonical=renamed[o]) if o in renamed else o for o in out.organisations]
        results = self._on_behalf_of(text, results, org_at)
        seen = set()
        prov = provenance_for(doc)
        for s, e, name, title, organisation in sorted(results):
            key = (name, title, organisation, s)
            if key in seen:
                continue
            seen.add(key)
            out.officials.append(OfficialFact(name=name, title=title, organisation=organisation,
                                              **prov(s, e, "officials.rule")))

    def _on_behalf_of(self, text: str, results: list[tuple], org_at: dict) -> list[tuple]:
        """Titles without a body in a clause that says whose side they attend for (`Về phía Tổng LĐLĐVN có đồng
        chí A - Phó Chủ tịch; ...`, `về phía Ban Dân vận Trung ương có các Phó Trưởng ban: B, C`) are of that
        body, up to the next `về phía`, the end of the sentence or of the line."""
        if "phía" not in text.lower():
            return results   # no `về phía` in any case: the scan would find nothing (most articles)
        scopes = []
        for m in _ON_BEHALF.finditer(text):
            o = org_at.get(m.end())
            if o is None:
                continue
            stop = _SCOPE_END.search(text, o.end)
            scopes.append((o.end, stop.start() if stop else len(text), o.canonical))
        if not scopes:
            return results
        out = []
        for r in results:
            if r[4] is None and self._canon(r[3].removeprefix("Nguyên "))[1] in ("org", "ban"):
                body = next((c for a, b, c in scopes if a <= r[0] < b), None)
                if body is not None:
                    r = (*r[:4], body)
            out.append(r)
        return out

    def _holder_after(self, text: str, p: int) -> tuple[int, int, str] | None:
        """A name right after a role's body, a space apart and closed by punctuation (`Chủ tịch Công đoàn ngành
        Y tế Nguyễn Chí Đông,`): the role's holder, written after it."""
        m = _SPACE_HON.match(text, p)
        span = self.name_after(text, m.end()) if m else None
        if span is None or not self.valid_name(text, span, bool(m.group().strip())):
            return None
        if text[span[1]:span[1] + 1].isalnum():
            return None
        return span[0], span[1], " ".join(text[span[0]:span[1]].split())

    def _shared_title_lists(self, text: str, titles: list[re.Match], org_at: dict) -> list[tuple]:
        """One title (chain) for the names listed after its colon, when a plural opens it: `các Phó Chủ tịch:
        A, B, C`, `các Phó Trưởng ban: A, B`, `các đồng chí: Ủy viên Ban Thường vụ Đảng ủy, Phó Chủ tịch X: A,
        B`. Each name holds every title of the chain, each with its body."""
        out: list[tuple] = []
        chain: list[tuple[int, int, str, str | None]] = []   # (start, end, title, body) of the chain so far
        for t in titles:
            canon, ttype = self._canon(t.group())
            if canon is None:
                chain = []
                continue
            q = t.end()
            while q < len(text) and text[q] in " \t":
                q += 1
            org = org_at.get(q) if ttype in ("org", "ban") and q > t.end() else None
            end = org.end if org is not None else t.end()
            body = org.canonical if org is not None else None
            if not (chain and _CHAIN_GAP.fullmatch(text, chain[-1][1], t.start())):
                chain = []
                if not _PLURAL_OPEN.search(text, max(0, t.start() - 24), t.start()):
                    continue
            chain.append((t.start(), end, canon, body))
            colon = _LIST_COLON.match(text, end)
            if colon is None:
                continue
            p = colon.end()
            while (span := self.name_after(text, p)) is not None and self.valid_name(text, span, True):
                name = " ".join(text[span[0]:span[1]].split())
                out += [(span[0], span[1], name, title, b) for _, _, title, b in chain]
                sep = _NAME_SEP_AFTER.match(text, span[1])
                if sep is None:
                    break
                p = sep.end()
            chain = []
        return out

    @staticmethod
    def _backref_org(text: str, te: int, orgs):
        """A bare back-reference right after a title: `Tổng Giám đốc Công ty` -> the one company the article
        names, `Phó Giám đốc Sở` -> its one department; `Chủ tịch Công đoàn cơ sở` in a congress article -> its one grassroots union. None when the
        article names none or several."""
        m = _BARE_BACKREF.match(text, te)
        if not m:
            return None
        if m.group(1).startswith("Công ty"):
            names = {mm.group(1) for o in orgs if (mm := re.search(r"(?:^|[ \t])(Công ty[ \t]+\S.*)$", o.canonical))}
        elif m.group(1) == "Sở":   # `Phó Giám đốc Sở phát biểu`: the one department the article names
            names = {o.canonical for o in orgs if o.canonical.startswith("Sở ")}
        else:
            if not re.search(r"Đại[ \t]+hội", text):
                return None
            names = {o.canonical for o in orgs if o.kind in ("cdcs", "cong_doan") and o.level == "grassroots"}
        if len(names) != 1:
            return None
        return type("O", (), {"canonical": names.pop(), "end": m.end()})()

    @staticmethod
    def _congress_body(text: str, orgs, p: int):
        """The union whose congress the article reports, before p: `Đại hội (đại biểu) X`, `X tổ chức Đại hội`,
        `bầu ... vào Ban Chấp hành X` (the last one before p)."""
        found = None
        for o in orgs:
            if o.start >= p:
                break
            if o.kind in ("organ", "party", "ubnd", "hdnd", "state", "so"):
                if o.kind == "organ" and o.canonical.startswith("Ban Chấp hành ") and \
                        re.search(r"(?<![\w])vào[ \t]+$", text[max(0, o.start - 6):o.start]):
                    found = type("O", (), {"canonical": o.canonical[len("Ban Chấp hành "):]})()
                continue
            if re.search(r"Đại hội[ \t]+(?:đại biểu[ \t]+)?$", text[max(0, o.start - 20):o.start]) or \
                    re.match(r"[ \t]+(?:đã[ \t]+)?tổ[ \t]+chức[ \t]+Đại[ \t]+hội(?![\w])", text[o.end:o.end + 24]):
                found = o
        return found

    def _held_with(self, title: str, organisation: str) -> str:
        """The body of a bare title told by the next role's body: a Party title is the committee of that
        body's place (`Chủ tịch UBND quận X` -> `Quận ủy X`) or the Party committee of its unit; another
        title is that of the unit a union belongs to (`Chủ tịch Công đoàn Bệnh viện X` -> `Bệnh viện X`) or
        of the body a board belongs to (`Trưởng ban Tổ chức LĐLĐ tỉnh` -> `LĐLĐ tỉnh`)."""
        if "Bí thư" in title:
            m = self.place_end.search(organisation)
            if m and not _PARTY_OWNER_STRIP.match(organisation):
                return f"{self.committee_of[m.group(1)]} {m.group(2)}"
            return f"Đảng ủy {self._party_owner(organisation)}"
        m = _UNIT_UNION.match(organisation)
        return organisation[m.end():] if m else self._owner(organisation)

    @staticmethod
    def _party_owner(organisation: str) -> str:
        """The body a Party committee belongs to, told by another role of the same person: a union or a
        people's committee stands for its place or its unit (`Chủ tịch Công đoàn thị trấn X` -> the Đảng ủy of
        `thị trấn X`; `Chủ tịch Công đoàn Công ty Y` -> of `Công ty Y`); any other body is its own."""
        m = _PARTY_OWNER_STRIP.match(organisation)
        return organisation[m.end():] if m else organisation

    def _owner(self, organisation: str) -> str:
        """The body that owns a department (`Ban Nữ công Liên đoàn Lao động tỉnh X` -> `Liên đoàn ...`)."""
        for name in sorted(self.ban_canon.values(), key=len, reverse=True):
            if organisation.startswith(f"Ban {name} "):
                return organisation[len(name) + 5:]
        return organisation

    def _titles(self, text: str) -> list[re.Match]:
        """The matches of `title_re.finditer(text)`: title_re is tried only where `title_start`
        finds a title in any case and spelling (every position title_re matches at), not at every letter."""
        if self.title_start is None:
            return list(self.title_re.finditer(text))
        out = []
        pos = 0
        while (m := self.title_start.search(text, pos)) is not None:
            t = self.title_re.match(text, m.start())
            if t is None:
                pos = m.start() + 1
            else:
                out.append(t)
                pos = t.end()
        return out

    def _canon(self, surface: str) -> tuple[str | None, str | None]:
        """(canonical title, type) of a title as written; cached, a handful of surfaces recur."""
        got = self._canon_cache.get(surface)
        if got is None:
            got = (None, None)
            for rx, canon, ttype in self.title_canon:
                if rx.match(surface) or rx.match(" ".join(surface.split())):
                    got = (canon, ttype)
                    break
            if len(self._canon_cache) > 10000:
                self._canon_cache.clear()
            self._canon_cache[surface] = got
        return got

    def _person_before(self, text: str, tstart: int) -> tuple[int, int, str] | None:
        sep = _SEP_BEFORE.search(text[max(0, tstart - 4):tstart])
        if not sep:
            return None
        p = tstart - len(sep.group())
        span = self.name_before(text, p)
        if span is None:
            return None
        hon = bool(self.hon_before.search(text[max(0, span[0] - 16):span[0]])) or \
            self._in_honorific_list(text, span[0])
        no_sep = sep.group().strip() == ""
        if no_sep and not hon:
            return None
        # the name is preceded by a list separator / sentence start, an honorific, or a bracket
        pre = text[max(0, span[0] - 3):span[0]]
        if not hon and not re.search(r"(?:^|[:;,(\n]|\.)[ \t]*$", pre) and span[0] != 0:
            return None
        if not self.valid_name(text, span, hon):
            return None
        return span[0], span[1], " ".join(text[span[0]:span[1]].split())

    def _in_honorific_list(self, text: str, p: int) -> bool:
        """A name that opens an item of a list introduced by a plural honorific in the same sentence:
        `Dự có các đồng chí: A, Chủ tịch ...; B - Giám đốc ...` (a foreign name needs no family-name check)."""
        if not re.search(r"[;:][ \t]*$", text[max(0, p - 3):p]):
            return False
        window = text[max(0, p - 400):p]
        cut = max(window.rfind(". "), window.rfind("\n"))
        return _LIST_HONORIFIC.search(window[cut + 1:]) is not None

    def _names_before_verb(self, text: str, vstart: int) -> list[tuple[int, int, str]]:
        out = []
        p = vstart
        while True:
            span = self.name_before(text, p)
            if span is None:
                break
            hon = bool(self.hon_before.search(text[max(0, span[0] - 16):span[0]]))
            if not self.valid_name(text, span, hon):
                break
            out.append((span[0], span[1], " ".join(text[span[0]:span[1]].split())))
            # the name before: `A, B`, `A và B`, `ông A và bà B`
            m = _NAME_JOIN_BEFORE.search(text[max(0, span[0] - 24):span[0]])
            if not m:
                break
            p = span[0] - len(m.group())
        return out[::-1]


register("thidua_officials", OfficialExtractor)
