"""Stable ids: articles (source + content) and cross-article canonical ids for entities.

An id is a short hash of a normalised *key*, so the same organisation, cluster, official or
campaign gets the same id in every article and every run, whatever order articles are
processed in. Keys are built by exact, documented rules only:

- ``norm_key``      NFC, casefold, dashes unified, quotes dropped, punctuation runs folded to a
                    space, old/new tone placement unified (``hoá``/``hóa``, ``Uỷ``/``Ủy``,
                    ``khoẻ``/``khỏe``).
- ``org_key``       + union/state abbreviations expanded (LĐLĐ, CĐCS, CĐ, TLĐ, UBND, HĐND, TP).
- ``cluster_key``   + filler dropped (``Cụm giao ước thi đua số 03`` = ``Cụm thi đua số 3``).
- ``person_key``    + honorifics dropped (đồng chí, ông, bà, anh, chị).
- ``campaign_key``  + trigger words and a trailing year dropped, ``đảm bảo`` = ``bảo đảm``,
                    the function words ``của``/``và`` dropped, campaign abbreviations expanded
                    (CĐCS, CNVCLĐ, CBCCVC, ATVSLĐ, NLĐ).

Campaigns are the one place where exact rules are not enough (the same movement is worded a
little differently from one article to the next). ``campaign_id`` then consults a *fixed*
registry of known campaign names shipped as data (``models/identity/campaigns.tsv``): a
name whose key is an alias of a registry entry, or which is a plain-ASCII (de-accented) copy
of an entry, or which is within rapidfuzz ``token_sort_ratio`` >= ``FUZZY_CUTOFF`` of an entry
(both sides at least ``FUZZY_MIN_TOKENS`` words), takes that entry's id. The registry is a
versioned file, not state accumulated during a run, so ids never depend on which articles
were seen first, and a registry entry's id is exactly the id its own spelling would get
without the registry (adding an entry only merges variants into it).
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_DASHES = dict.fromkeys(map(ord, "–—‐‑‒−"), "-")
_QUOTES = dict.fromkeys(map(ord, "“”\"‘’'«»„`´"), None)
_OTHER = {ord("Ð"): "Đ", ord("ð"): "đ", 0x00A0: " "}

# Tone marks (NFD combining characters) and the open diphthongs whose tone placement varies:
# old style puts the tone on the first vowel (hóa, khỏe, thủy), new style on the second (hoá,
# khoẻ, thuỷ). Keys use the old style. Only syllable-final oa/oe/uy are touched (hoàn, khuyên,
# hoặc, quả, quý are never ambiguous).
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_MOVE = re.compile(rf"(?:([oO])([aAeE])|(?<![qQ])([uU])([yY]))([{_TONES}])(?![\w\u0300-\u036f])")
_PUNCT = re.compile(r"[\s\-,;:.!?()\[\]{}/\\|*•…_+]+")

FUZZY_CUTOFF = 95
# Names recur across a corpus (the same bodies, clusters, campaigns): the key functions are
# pure, so their results are cached (8192 entries per function: a few MB at most).
_CACHE = 1 << 13
FUZZY_MIN_TOKENS = 4


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short_hash(key: str, n: int = 16) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:n]


# ----------------------------------------------------------------------------- input files
# An input file is known by its resolved absolute path, whatever way it was named (relative or
# absolute, from which directory, through which symlinked folder): the same file is always the
# same source. File names are bytes on POSIX; Python hands undecodable ones over as str with
# lone surrogates (surrogateescape), which neither UTF-8 nor Parquet can hold. A source is
# therefore stored in an escaped form (`b\xff.txt`: each undecodable byte as `\xNN`),
# which `source_path` turns back into the exact name.
_ESCAPED_BYTE = re.compile(r"\\x([89a-fA-F][0-9a-fA-F])")


def input_path(path: str | os.PathLike) -> str:
    """The identity of an input file: its resolved absolute path (symlinks followed); for a
    link that cannot be resolved (dangling, looping), the link's own absolute path."""
    p = os.path.abspath(os.fspath(path))
    try:
        real = os.path.realpath(p, strict=True)
    except (OSError, RuntimeError):
        return p
    return real


def source_name(path: str | os.PathLike) -> str:
    """`path` as stored text: valid UTF-8 in every case, undecodable bytes as `\\xNN`."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def source_path(source: str) -> str:
    """The file a stored source names (`source_name` undone; a JSONL `:N` suffix is kept)."""
    if "\\x" not in source or os.path.lexists(source):
        return source
    return os.fsdecode(_ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), source).encode(
        "utf-8", "surrogateescape"))


def source_key(source: str, url: str | None) -> str:
    """What names an input independently of where the corpus folder sits: URL, else file name
    (with its JSONL line number)."""
    return url or os.path.basename(source)


def article_id(source: str, url: str | None, content_sha256: str) -> str:
    return short_hash(source_key(source, url) + "\0" + content_sha256)


def _tone_style(t: str) -> str:
    d = unicodedata.normalize("NFD", t)
    d = _TONE_MOVE.sub(lambda m: (m.group(1) or m.group(3)) + m.group(5) + (m.group(2) or m.group(4)), d)
    return unicodedata.normalize("NFC", d)


@lru_cache(maxsize=_CACHE)
def norm_key(text: str | None) -> str:
    """Normalisation for matching: NFC, casefold, dashes unified, quotes and punctuation
    runs dropped, whitespace folded, tone placement unified. `Giỏi việc nước - đảm việc nhà`
    and `Giỏi việc nước, đảm việc nhà` share one key; so do `Uỷ ban` and `Ủy ban`."""
    if not text:
        return ""
    t = unicodedata.normalize("NFC", text).translate(_OTHER).translate(_DASHES).translate(_QUOTES).casefold()
    t = _tone_style(t)
    t = t.replace("&", " và ")
    t = _PUNCT.sub(" ", t)
    return t.strip()


def _sub_words(key: str, table: list[tuple[str, str]]) -> str:
    """Whole-word replacements on a norm_key (words are separated by single spaces)."""
    s = f" {key} "
    for a, b in table:
        while f" {a} " in s:
            s = s.replace(f" {a} ", f" {b} " if b else " ")
    return " ".join(s.split())


# Abbreviations (GUIDE.md, organisations) expanded in organisation keys. Order matters:
# longer forms first. `tlđ` and a bare `tổng liên đoàn lao động` both mean the national body.
_ORG_ABBREV = [
    ("tlđlđvn", "tổng liên đoàn lao động việt nam"),
    ("tlđlđ", "tổng liên đoàn lao động việt nam"),
    ("tlđ", "tổng liên đoàn lao động việt nam"),
    ("lđlđ", "liên đoàn lao động"),
    ("cđcs", "công đoàn cơ sở"),
    ("cđ", "công đoàn"),
    ("ubnd", "ủy ban nhân dân"),
    ("hđnd", "hội đồng nhân dân"),
    ("tp hcm", "thành phố hồ chí minh"),
    ("tphcm", "thành phố hồ chí minh"),
    ("thành phố hcm", "thành phố hồ chí minh"),
    ("tp", "thành phố"),
]


@lru_cache(maxsize=_CACHE)
def org_key(name: str | None) -> str:
    """Key of an organisation's canonical name (abbreviations expanded)."""
    k = _sub_words(norm_key(name), _ORG_ABBREV)
    k = re.sub(r"\btổng liên đoàn lao động(?! việt nam)", "tổng liên đoàn lao động việt nam", k)
    return k


@lru_cache(maxsize=_CACHE)
def cluster_key(name: str | None) -> str:
    """Key of a cluster name: `Cụm giao ước thi đua số 03`, `Cụm thi đua 3` and `Cụm số 3`
    are `cụm thi đua số 3`; blocs (`khối`) likewise."""
    k = norm_key(name)
    k = re.sub(r"\b(cụm|khối) (?:giao ước )?(?:thi đua )?(?:giao ước )?", r"\1 thi đua ", k).strip()
    k = re.sub(r"^(cụm|khối) thi đua (?:số )?0*(\d+)\b", r"\1 thi đua số \2", k)
    return k


_HONORIFICS = re.compile(r"^(?:(?:đồng chí|đ c|đc|ông|bà|anh|chị|thầy|cô)\s+)+")


@lru_cache(maxsize=_CACHE)
def person_key(name: str | None) -> str:
    return _HONORIFICS.sub("", norm_key(name)).strip()


_CAMPAIGN_WORDS = [
    ("đảm bảo", "bảo đảm"),
    ("của", ""),            # `hoạt động của CĐCS` = `hoạt động CĐCS`
    ("và", ""),             # `tư tưởng, đạo đức và phong cách` = `tư tưởng, đạo đức, phong cách`
    ("cđcs", "công đoàn cơ sở"),
    ("cnvclđ", "công nhân viên chức lao động"),
    ("cbccvc", "cán bộ công chức viên chức"),
    ("atvslđ", "an toàn vệ sinh lao động"),
    ("nlđ", "người lao động"),
    ("cđ", "công đoàn"),
]
_CAMPAIGN_PREFIX = re.compile(
    r"^(?:phong trào(?: thi đua)?|cuộc vận động|vận động|chủ đề(?: năm(?: \d{4})?)?|hội thi|cuộc thi|chương trình)\s+")
_TRAILING_YEAR = re.compile(r"(?:\s+năm)?\s+(?:19|20)\d\d$")


@lru_cache(maxsize=_CACHE)
def campaign_key(name: str | None) -> str:
    """Exact-rule key of a campaign name (see the module docstring)."""
    k = _sub_words(norm_key(name), _CAMPAIGN_WORDS)
    prev = None
    while prev != k:
        prev = k
        k = _CAMPAIGN_PREFIX.sub("", k)
        k = _TRAILING_YEAR.sub("", k)
    return k.strip()


def _ascii(key: str) -> str:
    """De-accented key, with the ASCII forms of the dropped function words dropped too
    (applied alike to registry names and to input, so it stays an exact comparison)."""
    d = unicodedata.normalize("NFD", key.replace("đ", "d"))
    a = "".join(ch for ch in d if not unicodedata.combining(ch))
    return " ".join(w for w in a.split() if w not in ("va", "cua"))


def _hash_id(prefix: str, *keys: str) -> str:
    return prefix + "_" + short_hash("\x1f".join(keys), 12)


def _place(province: str | None) -> str:
    return "province:" + norm_key(province) if province else ""


def org_id(canonical: str | None) -> str | None:
    """`org_<12 hex>` from org_key(canonical); None when there is no name."""
    k = org_key(canonical)
    return _hash_id("org", k) if k else None


def cluster_id(parent: str | None, canonical: str, province: str | None = None) -> str:
    """A cluster is named within its federation: `Cụm thi đua số 3` of Hà Giang is not Hà
    Nội's. Key: (org_key(parent), cluster_key(name)); when the parent is unknown, the
    article's province stands in for it (`province:<key>`), so two unrelated `Cụm thi đua
    số 1` without a parent in different provinces stay apart."""
    p = org_key(parent) if parent else _place(province)
    return _hash_id("clu", p, cluster_key(canonical))


def official_id(name: str, organisation: str | None, province: str | None = None) -> str:
    """Key: (person_key(name), org_key(organisation)); with no organisation, the article's
    province stands in for it. A person holding posts in two bodies has two ids."""
    o = org_key(organisation) if organisation else _place(province)
    return _hash_id("off", person_key(name), o)


_FULL_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


def event_id(article_id: str, type_: str, organiser_id: str | None, date: str | None, index: int = 0) -> str:
    """`evt_<12 hex>`. One event reported by several articles (two sites, a report and its
    re-post) shares one id: the key is (type, organiser_id, date), the date being the day, or
    the month when only the month is known (`event_reports` also joins a month-only report to
    the one day-dated event of that type, organiser and month). An event without an organiser
    or without a dated year (`--07-12`) cannot be told apart from another one: its id is its
    article's (article_id, type, index)."""
    if organiser_id and date and _FULL_DATE.match(date):
        return _hash_id("evt", type_, organiser_id, date)
    return _hash_id("evt", "article:" + article_id, type_, str(index))


# ----------------------------------------------------------------------------- campaigns
REGISTRY = "identity/campaigns.tsv"


@lru_cache(maxsize=8)
def _registry(name: str = REGISTRY, base: str | None = None) -> tuple[dict[str, str], dict[str, str], tuple[str, ...]]:
    """(alias key -> entry key, ascii key -> entry key, entry keys in file order)."""
    from .resources import load_table, models_dir
    alias: dict[str, str] = {}
    ascii_: dict[str, str] = {}
    entries: list[str] = []
    if not (Path(base or models_dir()) / name).exists():
        return alias, ascii_, ()
    for row in load_table(name, base):
        key = campaign_key(row["name"])
        if not key or key in alias:
            continue
        entries.append(key)
        alias[key] = key
    for row in load_table(name, base):   # aliases after all names: a name always wins
        key = campaign_key(row["name"])
        for a in (row.get("aliases") or "").split("|"):
            ak = campaign_key(a)
            if ak:
                alias.setdefault(ak, key)
    for key in entries:
        ascii_.setdefault(_ascii(key), key)
    return alias, ascii_, tuple(entries)


@lru_cache(maxsize=_CACHE)
def campaign_match(name: str | None, base: str | None = None) -> tuple[str, str]:
    """(key the id is built from, how it was found): `exact` (own key), `alias`, `ascii` or
    `fuzzy` (a registry entry's key)."""
    key = campaign_key(name)
    alias, ascii_, entries = _registry(REGISTRY, base)
    if key in alias:
        return alias[key], ("exact" if alias[key] == key else "alias")
    if key and key.isascii() and _ascii(key) in ascii_:
        return ascii_[_ascii(key)], "ascii"
    if key and len(key.split()) >= FUZZY_MIN_TOKENS and entries:
        from rapidfuzz import fuzz, process
        cands = [e for e in entries if len(e.split()) >= FUZZY_MIN_TOKENS]
        best = process.extractOne(key, cands, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF)
        if best is not None:
            return best[0], "fuzzy"
    return key, "exact"


def campaign_id(name: str | None, base: str | None = None) -> str:
    """`cam_<12 hex>`: see the module docstring. `base`: another models folder (tests)."""
    return _hash_id("cam", campaign_match(name, base)[0])
