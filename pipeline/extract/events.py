"""Events (`thidua_events`): one record per meeting, signing, congress, launch, award or hand-over
that the article reports as held (GUIDE.md `events`).

Built from what the other components found (dates, organisations, clusters, officials), never
from their internals. All phrases are data: `models/patterns/event_triggers.tsv` (its header
says what each role does).
- Type: trigger phrases, one trie over the lowercased headline, lead and next paragraphs (the
  first SCOPE_SENTENCES sentences); at one place the longest phrase wins, so a `block` phrase
  (`giải pháp`, `Nghị quyết Đại hội`, `thi đua, khen thưởng`) silences the trigger inside it.
  A trigger counts in the headline or the lead, or in a later sentence that says the activity
  was held (`tổ chức`, `tại Hội nghị`, `trao`); never when the nearest cue before it in its
  sentence is a plan, goal, request or proposal (`sẽ`, `phấn đấu`, `đề nghị`, `bình xét`) or a
  summary (`trong năm`, `các hội nghị`), after a count (`20 hội nghị`), in a slogan (`...!`),
  in a relative clause (`phong trào do X phát động`) or before `nhiều`/`các`. Some triggers
  need words after them (`biểu dương 3 gia đình`, `ký kết giao ước`, `Đại hội ... nhiệm kỳ`).
- Date: the sentence's (the nearest date before the trigger, else the first after it; not in
  brackets, not an anniversary's or a document's; a short date-only sentence just before
  counts). A day without its year in an article without a dateline takes the year the event
  names (`tổng kết ... năm 2019` on `6-12` is 2019-12-06; a congress `nhiệm kỳ 2023-2028` on
  `11.10` is 2023-10-11). Other mentions share the main event's date; an undated lead that
  says who holds the event (`X tổ chức`, no `vừa qua`) under a dateline takes its day; an event only the
  headline names takes the first day of a lead sentence that reports something held. A deadline (`trước
  ngày 30/4`) is no day of an event.
- Organiser: `do X tổ chức`, else the subject of `tổ chức`, else the unit before the trigger
  that is neither a venue (`tại ...`), a guest (`X cùng dự`) nor a member listed after `gồm`,
  else a unit named in the event's phrase (a congress: the body it names), else the lead's.
  Later mentions take the lead's organiser unless their sentence says who holds them or a
  cluster acts in them. In an article about one cluster, its own business (a signing, a review, a launch)
  whose holder no sentence names outright is the cluster's. A committee holds events in its body's name (`Ban Thường vụ X` -> X);
  a cluster's span takes in its parent named right after it. `organiser_id` is the cluster_id
  or org_id.
- Place: what follows `tại` in the sentence. Participants: the units and officials of the lead
  and the next sentences that say who took part (`Tham dự`, `Đến dự`, `gồm`).

One entry per type in an article: a meeting that does two things gives two entries with the
same date and organiser (`tổng kết ... và ký kết ...` -> tong_ket and ky_ket); the first mention
of a type in reading order names it, the others lend it a missing date or organiser.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import identity
from ..model import ClusterFact, DateFact, EventFact, Extraction, OrgFact
from ..nlp import Extractor, provenance_for, register
from ..segment import sentence_index_at
from .rx import trie_alternation, words_re

TRIGGERS = "patterns/event_triggers.tsv"

SCOPE_SENTENCES = 16    # events are reported at the top (headline, lead, the next paragraphs and captions); the
                        # rest of a long article is background, plans and speeches: it is not scanned
PARTICIPANT_SENTENCES = 3   # sentences after the lead that may say who took part
LEAD_SENTENCES = 2      # body sentences after the header that form the lead
LEAD_MIN_WORDS = 8      # shorter lines (banners, view counts, captions) are not the lead
TEXT_MAX = 160          # characters of the phrase that names an event
DAI_HOI_GAP = 40        # how far after `Đại hội` the body holding it may start (`Đại hội lần thứ XX Công đoàn X`)
PHRASE_UNIT_GAP = 90    # how far after the trigger a unit named in the event's phrase may end
HEAD_GAP = 24           # how far before a trigger its head noun (`Hội nghị`, `lễ`) may start
SHORT_SENTENCE = 6      # words of a sentence that only gives the date (`Chiều ngày 20/10/2017.`)
DATE_OPENING = 12       # characters before the day that opens a sentence (`Sáng ngày 24/10/2017, ...`)
# the types whose phrase names the year they concern (`tổng kết ... năm 2019`, `ký giao ước ... năm 2020`)
YEAR_NAMING_TYPES = ("tong_ket", "so_ket", "ky_ket", "phat_dong", "dai_hoi")
# honours handed out at the main event count as held by its organiser, whoever hands them over
# (`Tại Hội nghị, Tổng Liên đoàn đã trao tặng 36 Bằng ...` at a union's own review meeting)
HOSTED_TYPES = ("khen_thuong",)
# what a cluster does as a body: sign its pledge, review its year, launch its movement
CLUSTER_TYPES = ("ky_ket", "tong_ket", "so_ket", "phat_dong")
REVIEW_TYPES = ("tong_ket", "so_ket")
# honours are handed out at a meeting of some kind: alone, they do not tell what the meeting was
AWARD_TYPES = ("khen_thuong",)
RECIPIENT_GAP = 40      # how far after `biểu dương` its recipients may start
PLACE_MAX = 90          # characters of a place after `tại`

def _lower(text: str) -> str:
    """`text.lower()` with the same length, so offsets carry over (a letter whose lowercase is
    longer, such as `İ`, stays as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_CLAUSE_END = re.compile(r"[.;!?\n]")
# later in the event's own clause: it is still to come (`Đại hội ... sẽ diễn ra`, `... dự kiến tổ chức`)
_WILL_AFTER = re.compile(r"(?<!\w)(?:sẽ|dự kiến)(?!\w)", re.I)
# where the phrase naming an event ends: a clause mark, or a word that starts another part
_TEXT_END = re.compile(r"[.;:!?\n(]|,\s|\s(?:tại|do|với sự|dưới sự|nhằm|cho các|ngày)\s", re.I)
_PLACE = re.compile(r"(?<!\w)(?:tại|ở)\s+([^,.;:\n()–—]{3,%d}?)(?=\s*[,.;:\n(]|\s+(?:đã|vừa|tổ chức|diễn ra)\b)" % PLACE_MAX,
                    re.I)
# words after `hội nghị` that name it (`Hội nghị điển hình tiên tiến`), unlike a verb or `có` (`Tại hội nghị đã ...`)
_NAMED_AFTER = re.compile(r"[ \t]+(?!(?:có|đã|này|vừa|cũng|là|và|được|sẽ|với|tại|do|vào|diễn|trong|của|ngày|sáng|chiều|hôm)(?!\w))[^\W\d_]")
# `của` right before a cluster named in an event's phrase: whose event it is
_OF_CLUSTER = re.compile(r"(?<!\w)(?i:của)[ \t]+$")
# a sentence that opens with the article's meeting: `Tại Hội nghị, X đã ...`, `Cũng tại hội nghị, X ...`
_AT_MEETING = re.compile(r"(?:^|(?<=[.\n]))[ \t]*(?:Cũng[ \t]+tại|Tại)[ \t]+(?i:hội[ \t]+nghị)[ \t]*,[ \t]*")
# a bracket that holds only a date or a range of days: `trong 2 ngày (26-27/11/2015)`
_DATE_BRACKET = re.compile(r"\(\s*(?:(?:từ\s+)?ngày\s+)?[\d\s/.,\-–]+(?:năm\s+\d{4})?\s*\)", re.I)
# a school year (`năm học 2017-2018`), and the month it starts in (August's meetings open it)
_SCHOOL_YEAR = re.compile(r"năm\s+học\s*(19[5-9]\d|20\d\d)\s*[-–]\s*(19[5-9]\d|20\d\d)", re.I)
SCHOOL_YEAR_START = 8
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_ANY_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")   # also a founder's birth year (`19/5/1890`)
_NAMED_YEAR = re.compile(r"(?<!\w)năm\s*(19[5-9]\d|20\d\d)(?!\d)", re.I)
# an honour's grantor right before a unit: `Bằng khen của (Thủ tướng) Chính phủ`, `Cờ thi đua của UBND tỉnh`
_GRANTOR = re.compile(r"(?<!\w)của(?:[ \t]+(?:Thủ[ \t]+tướng|Chủ[ \t]+tịch|Bộ[ \t]+trưởng))?[ \t]+$")
_RECIPIENT_MARK = re.compile(r"(?<!\w)cho(?!\w)")
_DELEGATOR = re.compile(r"(?<!\w)(?i:ủy|uỷ)[ \t]+quyền[ \t]+của(?:[ \t]+(?:Thủ[ \t]+tướng|Chủ[ \t]+tịch|Bộ[ \t]+trưởng))?[ \t]+$")
# a deadline, not a day something was held: `gửi về ban tổ chức trước ngày 30/4`
_DEADLINE = re.compile(r"(?<!\w)(?:trước|chậm nhất|hạn chót|hạn cuối)\s*$", re.I)
# a sentence that opens with a year alone reports what the year held: `Năm 2016, X đã tổ chức ...`
_YEAR_OPENING = re.compile(r"\s*(?:\(?[A-ZĐ]{2,6}\)?\s*[-–—]?\s*)?(?:(?i:trong)\s+)?(?i:năm)\s+(?:19|20)\d\d\s*,")
_YEAR_RANGE = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)\s*[-–—]\s*(19[5-9]\d|20\d\d)(?!\d)")
_TERM = re.compile(r"nhiệm\s+kỳ\s*(19[5-9]\d|20\d\d)", re.I)
# a date that is not when the event was held: an anniversary, a founding day, a document's date
_NOT_EVENT_DATE = re.compile(r"(?:kỷ niệm|thành lập|truyền thống|chỉ thị|nghị quyết|quyết định|kết luận|thông tư|"
                             r"công văn|kế hoạch|số\s+\d+|(?-i:[A-ZĐ]{2,})\s*$)[^.;]{0,40}$", re.I)




# the unit is in a venue phrase: `tại hội trường tầng 3 Khối Dân vận ...`
_VENUE = re.compile(r"(?<!\w)(?:tại|ở)\s[^,;–—]*$", re.I)
# a list of members: `Cụm thi đua số 4 gồm: Trường A, Trường B tổ chức ...`
_LIST = re.compile(r"(?<!\w)(?:bao gồm|gồm)(?!\w)", re.I)
# `do X` right before a trigger: a relative clause naming who did it once (`phong trào do X phát động`)
_BY_WHOM = re.compile(r"(?<!\w)do\s+[^,.;:()\n]{1,40}$", re.I)
# between a cluster's name and its parent's: nothing, or `thuộc`, `của`, `trực thuộc`
_ATTACHED = re.compile(r"\s*(?:,?\s*(?:trực\s+)?thuộc|của|,|[-–—])?\s*", re.I)


def _inside_quotes(text: str, lo: int, pos: int) -> bool:
    """Whether `pos` is inside quotation marks opened after `lo` (curly quotes paired, straight ones counted),
    past the quote's first word: a quoted programme that a trigger opens (`bàn giao “Mái ấm Công đoàn”`) is one."""
    before = text[lo:pos]
    inside = before.count("“") > before.count("”") or before.count('"') % 2 == 1
    return inside and bool(before[max(before.rfind("“"), before.rfind('"')) + 1:].strip())


@dataclass
class _Unit:
    """An organisation or cluster mention; a cluster's span may take in its parent's name."""
    start: int
    end: int
    fact: OrgFact | ClusterFact


@dataclass
class _Mention:
    """A trigger that counts: one occurrence of an event type in the text."""
    type: str
    start: int           # the phrase naming it (head noun included)
    end: int
    trig_start: int
    sent: int            # sentence index; -1 in the headline outside any sentence
    in_title: bool
    date: tuple[str, str] | None = None   # (value, precision)
    organiser: _Unit | None = None
    place: str | None = None
    recent: bool = False                  # its sentence says `vừa qua`, `mới đây`
    held_here: bool = False               # its sentence names who held it (`X tổ chức`)
    in_lead: bool = False                 # in the headline or the lead
    trig_end: int = 0
    deliberation: bool = False            # its clause says what is deliberated, not more events
    bare: bool = False                    # a meeting named without its kind (`Tại hội nghị`)


class EventsExtractor(Extractor):
    data_files = (TRIGGERS,)

    def setup(self) -> None:
        rows = self.data[TRIGGERS]
        by_role: dict[str, list[str]] = {}
        self.type_of: dict[str, str] = {}
        self.cue_of: dict[str, str] = {}
        self.needs: dict[str, str] = {}          # trigger -> the role of the words that must follow it
        for r in rows:
            p = r["phrase"].lower()
            by_role.setdefault(r["role"], []).append(p)
            if r["role"] in ("trigger", "block"):
                self.type_of[p] = r["type"]
            if r.get("needs"):
                self.needs[p] = r["needs"]
            if r["role"] in ("plan", "summary", "held"):
                self.cue_of[p] = r["role"]
        for role in ("trigger", "head", "plan", "summary", "held", "context", "organiser_verb", "organ", "recipient", "guest", "summary_after", "interim",
                     "counted", "participation", "recent"):
            if not by_role.get(role):
                raise ValueError(f"{TRIGGERS}: no `{role}` rows")
        # triggers and blocks in one trie over the lowercased text: at one place the longest wins;
        # the first-letter lookahead skips at once the positions no phrase starts at
        phrases = by_role["trigger"] + by_role.get("block", [])
        self.trigger_re = re.compile("(?=[" + "".join(sorted({re.escape(p[0]) for p in phrases})) + "])"
                                     + words_re(phrases).pattern)
        self.head_re = re.compile(r"(?<!\w)(?:" + trie_alternation(set(by_role["head"])) + r")(?!\w)[^.;\n]{0,%d}$"
                                  % HEAD_GAP, re.I)
        # read in lowercased windows (a case-sensitive trie scans faster than re.I)
        self.cue_re = words_re(by_role["plan"] + by_role["summary"] + by_role["held"] + by_role.get("not_cue", []))
        self.reported_re = words_re(by_role["held"] + by_role["context"])
        self.recent_re = words_re(by_role["recent"])
        self.participation = tuple(by_role["participation"])
        verbs = trie_alternation(set(by_role["organiser_verb"]))
        # right after the organiser: `X tổ chức`, `X (LĐLĐ) đã tổ chức`, `X, Khối trưởng ..., phối hợp tổ chức`
        self.subject_re = re.compile(r"\s*(?:\([^()]{1,400}\)\s*)?(?:,[^,.;]{1,60},\s*)?(?:(?:đã|vừa|cũng|đã|trực tiếp)\s+)*(?:"
                                     + verbs + r")(?!\w)", re.I)
        self.guest_re = re.compile(r"\s*(?:" + trie_alternation(set(by_role["guest"])) + r")(?!\w)", re.I)
        self.counted_re = re.compile(r"(?<![\w.,])\d[\d.]*\s+(?:" + trie_alternation(set(by_role["counted"]))
                                     + r")(?!\w)[^.;:]{0,%d}$" % HEAD_GAP, re.I)
        self.organ_re = re.compile(r"^(?:" + trie_alternation(set(by_role["organ"])) + r")\s+(?=\S)", re.I)
        # what must follow a trigger whose `needs` names a role: a number of people or units, or
        # one of the role's words, in the same clause (`biểu dương 3 gia đình`, `ký kết giao ước`)
        self.follow_re: dict[str, re.Pattern] = {}
        for role in set(self.needs.values()):
            if not by_role.get(role):
                raise ValueError(f"{TRIGGERS}: `needs` names `{role}`, which has no rows")
            number = r"\d+\s+(?!tháng|năm|ngày)|" if role == "recipient" else ""
            # `ký kết, phát động thi đua`: a comma ends what a signing needs, not what a congress does
            # (`Đại hội Công đoàn thị trấn X, nhiệm kỳ 2023-2028`)
            clause = "[^.;:]" if role in ("pledge", "congress") else "[^.;:,]"
            self.follow_re[role] = re.compile(r"%s{0,%d}?(?:%s(?<!\w)(?:" % (clause, RECIPIENT_GAP, number)
                                              + trie_alternation(set(by_role[role])) + r")(?!\w))", re.I)
        levels = set(by_role.get("levels_after", ()))
        self.levels_after_re = re.compile(r"(?:[ \t]+[^\s,.;:]+){0,3}?[ \t]+(?:" + trie_alternation(levels) + r")(?!\w)",
                                          re.I) if levels else re.compile(r"(?!)")
        self.plural_re = re.compile(r"\s+(?:" + trie_alternation(set(by_role["summary_after"])) + r")(?!\w)", re.I)
        self.interim_re = re.compile(r"(?<!\w)(?:" + trie_alternation(set(by_role["interim"])) + r")(?!\w)", re.I)
        self.heads = tuple(by_role["head"])
        # the article's own meeting named without its kind, and the words that say it reviewed a year
        self.anaphor_re = words_re(by_role.get("anaphor", []))
        self.review_re = words_re(by_role.get("review", []))
        self.role_type = {(r["role"], r["phrase"].lower()): r["type"] for r in rows if r["role"] in ("anaphor", "review")}
        self.deliberations = frozenset(by_role.get("deliberation", ()))
        self.executive = [(r["phrase"].lower(), r["type"].lower()) for r in rows if r["role"] == "executive"]
        self.do_re = re.compile(r"(?<!\w)do\s+$", re.I)
        self.about_re = words_re(by_role.get("about", []))

    # ---- where a trigger counts
    def _zones(self, clean, sentences) -> tuple[tuple[int, int] | None, set[int]]:
        """(headline span, indices of the lead sentences)."""
        title = (clean.title.start, clean.title.end) if clean is not None and clean.title is not None else None
        header_end = max([title[1] if title else 0] + ([clean.dateline.end] if clean is not None and clean.dateline else []))
        lead: set[int] = set()
        for s in sentences:
            if s.end <= header_end or (title and s.start < title[1] and s.end > title[0]):
                continue
            if s.text.count(" ") + 1 < LEAD_MIN_WORDS or not s.text.rstrip().endswith((".", "?", "…", ":")):
                continue      # a banner, a slogan, a caption, a strip of related headlines
            lead.add(s.index)
            if len(lead) >= LEAD_SENTENCES:
                break
        return title, lead

    def _scan(self, text: str, scope: int) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of the triggers in text[:scope], blocks applied: at one place the
        longest phrase wins, and a block phrase (`giao ước thi đua`) is no event. A regex over the
        characters, not a matcher over underthesea's words, which may glue a trigger to its
        neighbour (`trao Bằng | khen`, `XVI Công đoàn`)."""
        low = _lower(text[:scope])
        return [(m.start(), m.end(), m.group()) for m in self.trigger_re.finditer(low)
                if self.type_of.get(m.group(), "-") != "-"]

    def _mentions(self, sentences, text: str, found, title, lead: set[int],
                  day_dates: list[DateFact]) -> list[_Mention]:
        """The triggers that count."""
        out: list[_Mention] = []
        for s, e, phrase in found:
            typ = self.type_of[phrase]
            need = self.needs.get(phrase)
            if need is not None and not self.follow_re[need].match(text, e):
                continue      # `biểu dương, ghi nhận các kết quả`: praise of results, not an honour given
            if self.plural_re.match(text, e):
                continue      # `phát động nhiều phong trào`, `phát động các phong trào`: a summary
            if self.levels_after_re.match(text, e):
                continue      # `Đại hội Công đoàn các cấp`: the congresses of every level, not one held
            if out and out[-1].type in REVIEW_TYPES and 0 <= s - out[-1].trig_end <= 1:
                continue      # `tổng kết ký kết giao ước`: what the review is about, not a second event
            in_title = title is not None and title[0] <= s < title[1]
            si = sentence_index_at(sentences, s)
            sent = sentences[si] if 0 <= si < len(sentences) and sentences[si].index == si else None
            lo = title[0] if in_title else (sent.start if sent else max(0, s - 200))
            hi = title[1] if in_title else (sent.end if sent else min(len(text), e + 200))
            cue = None
            for c in self.cue_re.finditer(text[lo:s].lower()):
                cue = c
            if cue is not None and self.cue_of.get(cue.group()) in ("plan", "summary"):
                continue      # `sẽ tổ chức`, `phấn đấu ...`, `trong năm đã tổ chức 20 hội nghị`
            if sent is not None and not in_title and _YEAR_OPENING.match(text, lo) and \
                    not any(lo <= d.start < hi for d in day_dates):
                continue      # `Năm 2016, cụm thi đua số 7 đã thăm và tặng quà ...`: a summary of the year
            will = _WILL_AFTER.search(text, e, min(hi, e + TEXT_MAX))
            if will and not _CLAUSE_END.search(text, e, will.start()):
                continue      # `Đại hội ... sẽ diễn ra vào tháng 1`: announced, not held
            if self.counted_re.search(text, max(lo, s - HEAD_GAP - 20), s):
                continue      # `đã tổ chức 20 hội nghị tập huấn`: a count, not one occurrence
            if sent is not None and not in_title and sent.text.rstrip().endswith("!") and \
                    not self.reported_re.search(sent.text.lower()):
                continue      # a slogan: `thi đua lập thành tích chào mừng Đại hội ...!` (not a report that
                # ends in one: `Chiều 16/3, X đã tổ chức thành công Đại hội ...!`)
            if _inside_quotes(text, lo, s):
                continue      # inside a quoted title: `hội thảo "Nâng cao ... tổng kết và nhân điển hình ..."`
            if out and out[-1].deliberation and not _CLAUSE_END.search(text, out[-1].trig_end, s):
                continue      # what a deliberation is about: `họp xét thi đua, khen thưởng tổng kết năm 2024`
            if _BY_WHOM.search(text, max(lo, s - 50), s):
                continue      # `các phong trào do Thành phố phát động`: what the movements are, not a launch
            if not in_title and si not in lead and not self.reported_re.search(text[lo:hi].lower()):
                continue      # neither the headline nor the lead, and not said to be held
            # the phrase: from a head noun just before the trigger to the end of its clause
            start = s
            hm = self.head_re.search(text, max(lo, s - HEAD_GAP - 12), s)
            if hm is not None:
                start = hm.start()
            em = _TEXT_END.search(text, e, min(hi, e + TEXT_MAX))
            end = em.start() if em else min(hi, e + TEXT_MAX)
            while end > e and text[end - 1] in " \t,":
                end -= 1
            if typ == "tong_ket" and self.interim_re.search(text, e, end):
                typ = "so_ket"   # a review of a quarter or half a year is an interim review
            out.append(_Mention(typ, start, end, s, si, in_title, trig_end=e, deliberation=phrase in self.deliberations))
        return out

    def _bare_meeting(self, text: str, scope: int, sentences) -> _Mention | None:
        """The article's own meeting when only an anaphor names it (`Tại hội nghị, X tặng Giấy khen ...`,
        `Quang cảnh hội nghị`) and no trigger tells its kind: one held event at the first such mention, a
        review when the scanned text has a review's words (`bình xét`, `thành tích xuất sắc`), else `other`."""
        low = _lower(text[:scope])
        m = self.anaphor_re.search(low)
        while m is not None and _inside_quotes(text, max(0, m.start() - 200), m.start()):
            m = self.anaphor_re.search(low, m.end())
        if m is None:
            return None
        word = next((h for h in self.heads if h in m.group()), None)
        if word is not None and any(_NAMED_AFTER.match(low, w.end())
                                    for w in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", low)):
            return None   # `Hội nghị điển hình tiên tiến`, `dự Hội nghị Ban Chấp hành`: named, of a kind no trigger knows
        review = self.review_re.search(low)
        typ = self.role_type[("review", review.group())] if review else self.role_type[("anaphor", m.group())]
        head = max((low.rfind(h, m.start(), m.end()) for h in self.heads), default=-1)
        start = head if head >= 0 else m.start()
        si = sentence_index_at(sentences, start)
        return _Mention(typ, start, m.end(), start, si, in_title=False, trig_end=m.end(), bare=True)

    @staticmethod
    def _acting_at_meeting(text: str, units) -> _Unit | None:
        """The unit that opens a sentence beginning `Tại hội nghị, ...`: it acts at the meeting as its host."""
        for m in _AT_MEETING.finditer(text):
            u = next((u for u in units if m.end() <= u.start <= m.end() + 2), None)
            if u is not None:
                return u
        return None

    # ---- resolution
    def _date(self, text: str, dates: list[DateFact], lo: int, hi: int, pos: int) -> DateFact | None:
        """The sentence's date for an event at `pos`: the nearest before it, else the first after."""
        def ok(d: DateFact) -> bool:
            if not (lo <= d.start < hi):
                return False
            before = text[max(lo, d.start - 60):d.start]
            if before.rfind("(") > before.rfind(")"):   # inside a bracket
                bracket = _DATE_BRACKET.match(text, before.rfind("(") + max(lo, d.start - 60))
                if bracket is None or len(set(_ANY_YEAR.findall(bracket.group()))) > 1:
                    return False  # a bracket's date is an aside, unless the bracket holds only the event's days,
                    # `(26-27/11/2015)`; an anniversary's span has two years: `(19/5/1890 - 19/5/2024)`
            return not _NOT_EVENT_DATE.search(before) and not _DEADLINE.search(before)
        cands = [d for d in dates if ok(d)]
        before = [d for d in cands if d.start < pos]
        if before:
            last = before[-1].start
            return next(d for d in before if d.start == last)   # `ngày 25, 26/9/2019`: the first day
        return cands[0] if cands else None

    def _units(self, text: str, out: Extraction) -> list[_Unit]:
        """Organisations and clusters in text order. An organisation inside a cluster's span
        (`Công đoàn Khối thi đua X`) or right after it (`Cụm thi đua số 8 Liên đoàn Lao động
        thành phố Hà Nội`, `Khối ... thuộc Sở Y`) is part of the cluster's name."""
        cl = [_Unit(c.start, c.end, c) for c in out.clusters]
        units = list(cl)
        for o in sorted(out.organisations, key=lambda f: f.start):
            host = next((c for c in cl if c.start <= o.start and o.end <= c.end
                         or 0 <= o.start - c.end <= 12 and _ATTACHED.fullmatch(text[c.end:o.start])), None)
            if host is not None:
                host.end = max(host.end, o.end)
                continue
            units.append(_Unit(o.start, o.end, o))
        return sorted(units, key=lambda u: (u.start, -u.end))

    def _organiser(self, text: str, units, lo: int, hi: int, pos: int, typ: str) -> tuple[_Unit | None, bool]:
        """`do X tổ chức` after the event, else the subject of `tổ chức` in the sentence, else the
        subject before it (the nearest unit that is not a venue after `tại`); a congress is held
        by the body it names (`Đại hội XVI Công đoàn Giáo dục Việt Nam`). Units listed after
        `gồm` are members, not the subject. The flag says whether the sentence names the holder
        outright (`do X tổ chức`, `X tổ chức`, `Đại hội ... X`)."""
        listed = _LIST.search(text, lo, pos)
        units = [u for u in units if listed is None or not (listed.end() <= u.start < pos)]
        if typ == "dai_hoi":
            for u in units:
                if pos <= u.start <= pos + DAI_HOI_GAP and not _CLAUSE_END.search(text, pos, u.start):
                    return u, True
        for u in units:
            if pos <= u.start < hi and self.do_re.search(text, max(pos, u.start - 6), u.start):
                return u, True
        for u in units:
            if isinstance(u.fact, ClusterFact) and pos <= u.start <= pos + PHRASE_UNIT_GAP \
                    and not _CLAUSE_END.search(text, pos, u.start) and _OF_CLUSTER.search(text, max(pos, u.start - 8), u.start):
                return u, True   # `X tổ chức Hội nghị tổng kết ... của Cụm thi đua 11`: the cluster's meeting, X hosts it
        for u in units:
            if lo <= u.start and u.end <= hi and self.subject_re.match(text, u.end, hi):
                return u, True
        for u in units:
            if pos <= u.start and u.end <= min(hi, pos + PHRASE_UNIT_GAP) and not _CLAUSE_END.search(text, pos, u.start):
                if typ in HOSTED_TYPES and _GRANTOR.search(text, pos, u.start):
                    continue      # who grants the honour (`Bằng khen của Thủ tướng Chính phủ`), not who holds the event
                if _RECIPIENT_MARK.search(text, pos, u.start):
                    continue      # after `cho`: who receives (`trao ... cho bà A - Ủy viên Trung ương Đảng`)
                if self.about_re.search(text[pos:u.start].lower()) or _inside_quotes(text, lo, u.start):
                    continue      # what the event is about (`Hội thao chào mừng Ngày thành lập Công đoàn Việt Nam`,
                    # `quán triệt Nghị quyết Đại hội XIII Công đoàn Việt Nam`), or a name in quotes
                return u, False   # named in the event's phrase: `Hội nghị ký kết ... năm 2023 Khối thi đua số VII`
        best = None
        for u in units:
            if u.start < lo or u.end > pos:
                continue
            before = text[max(lo, u.start - PLACE_MAX):u.start]
            if _VENUE.search(before):
                continue          # a venue: `tại hội trường ... Khối Dân vận`
            if self.guest_re.match(text, u.end, pos):
                continue          # a guest: `Lãnh đạo Tổng LĐLĐ cùng dự ...`
            if _DELEGATOR.search(text, max(lo, u.start - 40), u.start):
                continue          # on whose behalf: `thừa ủy quyền của Thủ tướng Chính phủ, ông A đã trao ...`
            between = text[u.end:pos]
            if between.count(")") > between.count("("):
                continue          # inside a bracketed list of members
            best = u
        return best, False

    def _who(self, unit: _Unit, province: str | None) -> tuple[str, str, str]:
        """(canonical, id, kind) of an organiser; a committee holds events in its body's name
        (`Ban Thường vụ Liên đoàn Lao động tỉnh X` -> `Liên đoàn Lao động tỉnh X`)."""
        u = unit.fact
        if isinstance(u, ClusterFact):
            return u.canonical, identity.cluster_id(u.parent, u.canonical, province), "cluster"
        name = u.canonical
        m = self.organ_re.match(name)
        if m is not None and len(name) - m.end() > 6:
            name = name[m.end():]
        return name, identity.org_id(name), "organisation"

    def _acting_body(self, unit: _Unit, out: Extraction) -> _Unit:
        """The body that holds events for a union named after a place (`Công đoàn quận X` ->
        `Liên đoàn Lao động quận X`), when the article names it: both names are one organiser."""
        if not isinstance(unit.fact, OrgFact):
            return unit
        name = unit.fact.canonical.lower()
        for head, body in self.executive:
            if name.startswith(head + " "):
                want = body + name[len(head):]
                same = next((o for o in out.organisations
                             if self.organ_re.sub("", o.canonical).lower() == want), None)   # `Ban Chấp hành X` names X
                if same is not None:
                    return _Unit(same.start, same.end, same)
        return unit

    def _place(self, text: str, lo: int, hi: int) -> str | None:
        m = _PLACE.search(text, lo, hi)
        if m is None:
            return None
        p = " ".join(m.group(1).split())
        if not p or p[0].isdigit() or p.lower().startswith(self.heads) or self.trigger_re.match(p.lower()):
            return None       # `tại hội nghị tổng kết ...` is the event, not its venue
        return p

    def _value(self, d: DateFact, typ: str, context: str, out: Extraction, clean) -> str:
        """The date's value; a day written without its year, in an article without a dateline,
        takes the year the event names in the rest of its sentence (`context`): a congress its
        term's first year, a review or a pledge the year it names. A day that has no year at all
        (`--09-28`) takes, failing those, a year the sentence or the headline names, or the
        first year of a term the article names; a review, the last year of the period it names."""
        has_pub = bool(out.published or getattr(clean, "hint_published", None))
        if has_pub or d.precision != "day" or _YEAR.search(d.text):
            return d.value
        month = int(d.value[-5:-3])
        day = d.value[-6:]
        if typ == "dai_hoi":
            m = _TERM.search(context)
            if m:
                return f"{int(m.group(1)):04d}{day}"
        sy = _SCHOOL_YEAR.search(context)
        if sy and typ in YEAR_NAMING_TYPES:
            # a school year runs from September: its reviews fall in its second year, its pledges in its first
            return f"{int(sy.group(1) if month >= SCHOOL_YEAR_START else sy.group(2)):04d}{day}"
        m = _NAMED_YEAR.search(context)
        if m and typ in YEAR_NAMING_TYPES:
            y = int(m.group(1))
            if typ in ("tong_ket",) and month < 6:
                y += 1         # the review of year N is held at its end or early in N+1
            return f"{y:04d}{day}"
        if not d.value.startswith("--"):
            return d.value
        title = clean.title.text if clean is not None and clean.title is not None else ""
        for where in (context, title):
            r = _YEAR_RANGE.search(where) if typ in REVIEW_TYPES else None
            if r:
                return f"{int(r.group(2)):04d}{day}"   # a review of `giai đoạn 2010-2012` is held at its end
            m = _NAMED_YEAR.search(where) or _YEAR.search(where)
            if m:
                return f"{int(m.group(1)):04d}{day}"
        if out.periods:
            return f"{out.periods[0].start_year:04d}{day}"
        return d.value

    def extract(self, doc, out: Extraction) -> None:
        ext = doc._
        clean, sentences = ext.clean, ext.sentences or ()
        text = clean.text if clean is not None else doc.text
        scope = sentences[min(len(sentences), SCOPE_SENTENCES) - 1].end if sentences else len(text)
        found = self._scan(text, scope)
        title, lead = self._zones(clean, sentences)
        day_dates = [d for d in out.dates if d.role == "body" and d.precision == "day"]
        ments = self._mentions(sentences, text, found, title, lead, day_dates)
        if all(mm.type in AWARD_TYPES for mm in ments):
            bare = self._bare_meeting(text, scope, sentences)
            if bare is not None:
                ments.append(bare)
        if not ments:
            return
        units = self._units(text, out)
        dates = [d for d in out.dates if d.role == "body"]

        def bounds(mm: _Mention) -> tuple[int, int]:
            if mm.in_title and title is not None:
                return title
            if 0 <= mm.sent < len(sentences):
                return sentences[mm.sent].start, sentences[mm.sent].end
            return max(0, mm.start - 200), min(len(text), mm.end + 200)

        values: dict[tuple[int, str], str] = {}   # one date fact, one value, whichever event reads it first
        for mm in sorted(ments, key=lambda m: m.type not in YEAR_NAMING_TYPES):
            lo, hi = bounds(mm)
            d = None if mm.in_title else self._date(text, dates, lo, hi, mm.trig_start)
            if mm.in_title and any(lo <= x.start <= lo + DATE_OPENING for x in dates if x.precision == "day"):
                d = self._date(text, dates, lo, hi, mm.trig_start)   # a lead taken for the headline: `Ngày 25.12, X tổ chức ...`
            if d is None and not mm.in_title and mm.sent > 0:
                prev = sentences[mm.sent - 1]
                opens = any(prev.start <= x.start <= prev.start + DATE_OPENING for x in dates if x.precision == "day")
                if (len(prev.text.split()) <= SHORT_SENTENCE or opens) and "\n" not in text[prev.end:lo]:
                    d = self._date(text, dates, prev.start, prev.end, prev.end)   # `Chiều ngày 20/10/2017. X tổ chức ...`
                    # (`Sáng ngày 24/10/2017, được sự chỉ đạo của X. Y tổ chức Đại hội ...`: the sentence cut too early)
            if d is not None:
                key = (d.start, d.value)
                if key not in values:
                    values[key] = self._value(d, mm.type, text[mm.trig_start:hi], out, clean)
                mm.date = (values[key], d.precision)
            mm.organiser, mm.held_here = self._organiser(text, units, lo, hi, mm.trig_start, mm.type)
            if mm.bare and not mm.held_here:
                # `Phát biểu tại hội nghị, Thứ trưởng Bộ X ...`: a guest, not the host; the host is who acts in a
                # sentence that opens with the meeting (`Tại hội nghị, Công đoàn Viên chức tỉnh đã công nhận ...`)
                mm.organiser = self._acting_at_meeting(text, units)
            mm.place = self._place(text, lo, hi)
            mm.recent = bool(self.recent_re.search(text[lo:hi].lower()))
            mm.in_lead = mm.in_title or mm.sent in lead
        ments.sort(key=lambda m: m.start)
        # the main event: the headline's and the lead's; later mentions (an award handed out at
        # the meeting, a caption) are held by its organiser and on its date
        main = next((mm for mm in ments if not mm.in_title and mm.date is not None), None)
        main_org = next((mm.organiser for mm in ments if mm.in_lead and mm.held_here and mm.organiser is not None), None)
        main_held = main_org is not None      # the lead says outright who holds the main event
        main_org = main_org or next((mm.organiser for mm in ments if mm.in_lead and mm.organiser is not None), None)
        main_date = main.date if main is not None else None
        if main_date is None and out.published and len(out.published) >= 10:
            # `Hà Nội - X tổ chức Giải ...` under a dateline: held on the day it is reported,
            # unless the report says it happened earlier (`Vừa qua`, `mới đây`)
            first = next((mm for mm in ments if mm.in_lead and not mm.in_title), None)
            if first is not None and first.held_here and not first.recent:
                main_date = (out.published[:10], "day")
        if main_date is None:
            main_date = self._lead_date(text, dates, sentences, lead, ments, out, clean)
        for mm in ments:
            if mm.in_lead or main_org is None:
                continue
            # later in the article (a caption, `Tại hội nghị, ...`): the main event's organiser,
            # unless the sentence says who holds it, or a cluster acts in it
            own_cluster = mm.organiser is not None and isinstance(mm.organiser.fact, ClusterFact)
            if mm.type in HOSTED_TYPES or not (mm.held_here or own_cluster):
                mm.organiser = main_org

        # one entry per type: the first mention names it, later ones fill a missing date or organiser
        by_type: dict[str, _Mention] = {}
        for mm in ments:
            first = by_type.setdefault(mm.type, mm)
            if first is not mm:
                first.date = first.date or mm.date
                if first.organiser is None or first.organiser is mm.organiser:
                    first.held_here = first.held_here or (mm.held_here and mm.organiser is not None)
                first.organiser = first.organiser or mm.organiser
                first.place = first.place or mm.place
        # who took part is said right after the lead: its sentences and the next few
        last = max(lead) + 1 + PARTICIPANT_SENTENCES if lead else SCOPE_SENTENCES
        participants = self._participants(out, sentences[:last])
        prov = provenance_for(doc)
        clusters = {c.canonical: c for c in out.clusters}
        only_cluster = next(iter(clusters.values())) if len(clusters) == 1 else None
        for typ, mm in by_type.items():
            value, precision = mm.date or main_date or (None, None)
            org = mm.organiser or main_org
            outright = mm.held_here or (mm.organiser is None and main_held)
            if only_cluster is not None and typ in CLUSTER_TYPES and not outright and \
                    not (org is not None and isinstance(org.fact, ClusterFact)):
                # a cluster's own business (signing its pledge, reviewing its year) in an article about one
                # cluster, no holder named outright: the cluster holds it, not a member named nearby
                org = _Unit(only_cluster.start, only_cluster.end, only_cluster)
            if org is not None:
                org = self._acting_body(org, out)
            place = mm.place or (main.place if main is not None else None)
            p = prov(mm.start, mm.end, f"events.{'title' if mm.in_title else 'trigger'}")
            name, oid, kind = self._who(org, out.province) if org is not None else (None, None, None)
            out.events.append(EventFact(
                type=typ, date=value, date_precision=precision, organiser=name, organiser_id=oid,
                organiser_kind=kind, place=place, participants=participants, **p))

    def _lead_date(self, text: str, dates: list[DateFact], sentences, lead: set[int], ments: list[_Mention],
                   out: Extraction, clean) -> tuple[str, str] | None:
        """The day of an event that only the headline names (`LĐLĐ X tập huấn nghiệp vụ` over `Từ ngày 20/7
        ..., LĐLĐ X tổ chức khai giảng lớp bồi dưỡng ...`): the first date of the lead, when its sentence
        reports something held."""
        for i in sorted(lead):
            s = sentences[i]
            if not self.reported_re.search(s.text.lower()):
                continue
            d = self._date(text, dates, s.start, s.end, s.start)
            if d is not None and d.precision == "day":
                # (the year the event's phrase names, when the lead's sentence names none: `Hội nghị tổng kết
                # công tác thi đua năm 2019 ...` over `Sự kiện diễn ra ngày 28/02, ...`)
                context = f"{text[s.start:s.end]} {text[ments[0].trig_start:ments[0].end]}"
                return self._value(d, ments[0].type, context, out, clean), d.precision
        return None

    def _participants(self, out: Extraction, sentences) -> tuple[str, ...]:
        """Units and officials named in the sentences that say who took part."""
        sents = set()
        for s in sentences:
            low = s.text.lower()   # once a sentence, not once a phrase
            if any(p in low for p in self.participation):
                sents.add(s.index)
        if not sents:
            return ()
        seen: dict[str, None] = {}
        for f in out.officials:
            if f.sent_index in sents:
                seen.setdefault(f.name, None)
        for f in out.organisations:
            if f.sent_index in sents:
                seen.setdefault(f.canonical, None)
        return tuple(seen)


register("thidua_events", EventsExtractor)
