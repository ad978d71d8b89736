"""Plain dataclasses passed between the stages: ingest -> clean -> segment -> extract -> store.

Every stage takes the previous stage's dataclass and returns its own; no stage reaches back.
All character offsets refer to the *cleaned* text (`CleanDocument.text`), which is stored in
the dataset so that any fact can be sliced back out of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field


# --------------------------------------------------------------------------- ingest
@dataclass(frozen=True)
class RawDocument:
    """One input item as read from disk (a file, or one line of a JSONL file)."""

    source: str                   # path as given; `file.jsonl:3` for JSONL line 3
    fmt: str                      # "txt" | "html" | "jsonl" | "warc" (an HTML response record) | "wet"
    text: str | None = None       # decoded plain text (txt, JSONL `text`, a WET record)
    html: str | None = None       # raw HTML (html, or JSONL `html`)
    url: str | None = None
    title: str | None = None      # metadata carried by JSONL, used as hints by clean
    published: str | None = None
    fetched: str | None = None    # when a crawler fetched the page (WARC-Date): the date of last resort
    repairs: tuple[str, ...] = () # what ingest fixed: "bom", "mojibake", "cp1258", ...


@dataclass(frozen=True)
class Reject:
    """An input that could not become an article, with a short reason code and detail."""

    source: str
    reason: str   # empty | binary | undecodable | too_large | unreadable | bad_json | bad_record | no_body | language
                  # | not_html | http_error | truncated | bad_warc | timeout | error
    detail: str


# --------------------------------------------------------------------------- clean
@dataclass(frozen=True)
class Span:
    """A stretch of the cleaned text: `text == clean.text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CleanDocument:
    """Cleaned article text plus the header lines the cleaner recognised."""

    source: str
    fmt: str
    text: str
    url: str | None = None
    site: str | None = None            # the site's name, from a web page's metadata
    title: Span | None = None          # headline (may be None when the file opens with the lead)
    dateline: Span | None = None       # publication date line, parsed by the metadata extractor
    bylines: tuple[Span, ...] = ()     # byline / photo-credit lines or fragments
    hint_title: str | None = None      # from JSONL metadata
    hint_published: str | None = None  # from JSONL metadata or a scraper ` date YYYY-MM-DD` marker
    repairs: tuple[str, ...] = ()


# --------------------------------------------------------------------------- segment
@dataclass(slots=True, unsafe_hash=True)
class Token:
    """One underthesea word and its offsets in the cleaned text. Treat as immutable.

    Not `frozen`: a frozen dataclass's __init__ goes through object.__setattr__, which makes
    creating one 3x slower, and ~700 are made per article. Value equality and hashing are
    kept (`unsafe_hash`), so a Token still compares and hashes like the frozen one did."""
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class SegmentedDocument:
    clean: CleanDocument
    sentences: tuple[Sentence, ...]

    @property
    def n_tokens(self) -> int:
        return sum(len(s.tokens) for s in self.sentences)


# --------------------------------------------------------------------------- extract
@dataclass(frozen=True, kw_only=True)
class Fact:
    """Provenance shared by every extracted value."""

    text: str          # surface text, == cleaned_text[start:end]
    start: int
    end: int
    sent_index: int    # -1 when the span lies outside any sentence (should not happen)
    method: str        # rule or model id, e.g. "dates.dmy", "orgs.abbrev", "ner.spancat"


@dataclass(frozen=True, kw_only=True)
class AuthorFact(Fact):
    name: str


@dataclass(frozen=True, kw_only=True)
class DateFact(Fact):
    value: str         # YYYY-MM-DD, YYYY-MM, or --MM-DD
    precision: str     # day | month
    role: str = "body" # published | body


@dataclass(frozen=True, kw_only=True)
class PeriodFact(Fact):
    start_year: int
    end_year: int


@dataclass(frozen=True, kw_only=True)
class CampaignFact(Fact):
    name: str          # text inside the quotes (or the proper name)
    kind: str          # phong_trao | van_dong | chu_de | hoi_thi | chuong_trinh | other


@dataclass(frozen=True, kw_only=True)
class OrgFact(Fact):
    canonical: str
    kind: str | None = None    # e.g. ldld, cong_doan_nganh, so, ubnd, party, ...
    level: str | None = None   # national | province | district | commune | grassroots
    place: str | None = None   # the place name in the canonical form, if any
    owner: "OrgFact | None" = None   # the body an organ belongs to (`Ban Thường vụ X`, `Thường trực X` -> X)


@dataclass(frozen=True, kw_only=True)
class ClusterFact(Fact):
    canonical: str
    parent: str | None = None
    year: int | None = None
    leader: str | None = None
    deputy: str | None = None
    members: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MemberFact(Fact):
    cluster: str       # canonical cluster name
    member: str        # canonical member organisation
    role: str          # member | leader | deputy
    year: int | None = None


@dataclass(frozen=True, kw_only=True)
class OfficialFact(Fact):
    name: str
    title: str
    organisation: str | None = None


@dataclass(frozen=True, kw_only=True)
class EventFact(Fact):
    """A held activity (GUIDE.md `events`); `text` is the phrase that names it."""
    type: str                          # ky_ket | tong_ket | so_ket | dai_hoi | phat_dong | khen_thuong | trao_tang | hoi_thi | lam_viec | tap_huan | other
    date: str | None = None            # YYYY-MM-DD, YYYY-MM or --MM-DD
    date_precision: str | None = None  # day | month
    organiser: str | None = None       # canonical organisation or cluster
    organiser_id: str | None = None    # its org_id or cluster_id
    organiser_kind: str | None = None  # organisation | cluster
    place: str | None = None           # venue as written
    participants: tuple[str, ...] = () # units and officials named as taking part


@dataclass
class Extraction:
    """Everything the extractors found in one article."""

    title: str | None = None
    published: str | None = None        # ISO 8601, minutes when given
    published_fact: DateFact | None = None
    province: str | None = None
    province_method: str | None = None
    authors: list[AuthorFact] = field(default_factory=list)
    dates: list[DateFact] = field(default_factory=list)
    periods: list[PeriodFact] = field(default_factory=list)
    campaigns: list[CampaignFact] = field(default_factory=list)
    organisations: list[OrgFact] = field(default_factory=list)
    clusters: list[ClusterFact] = field(default_factory=list)
    members: list[MemberFact] = field(default_factory=list)
    officials: list[OfficialFact] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)

    def facts(self) -> list[tuple[str, Fact]]:
        """(kind, fact) for every span-bearing fact: the rows of the `mentions` table."""
        out: list[tuple[str, Fact]] = []
        if self.published_fact is not None:
            out.append(("published", self.published_fact))
        for kind, items in (
            ("author", self.authors), ("date", self.dates), ("period", self.periods),
            ("campaign", self.campaigns), ("organisation", self.organisations),
            ("cluster", self.clusters), ("cluster_member", self.members),
            ("official", self.officials), ("event", self.events),
        ):
            out.extend((kind, f) for f in items)
        return out


@dataclass(frozen=True)
class ProcessedArticle:
    """The unit the store writes: one article through every stage."""

    article_id: str
    content_sha256: str
    doc: SegmentedDocument
    extraction: Extraction
