"""Entity tables: one row per cluster-year, per organisation and per person.

The fact tables hold one row per *mention* (a cluster named eight times in an article has
eight `clusters` rows). Analysts mostly want one row per *thing*. These tables are derived
from the fact tables as a whole, so they are rebuilt at the end of every run (`rebuild`),
never patched per article:

- `cluster_years`: one row per (cluster_id, year), with the cluster's canonical name (numbers
  normalised: `số 05` -> `số 5`; the number as written, Arabic or Roman, in `number`), its
  province, parent, leader, deputy, the union of the members stated in any article, and when
  and in how many articles it was seen.
- `organisation_entities`: one row per org_id, with every surface form seen (`aliases`).
- `people`: one `person_id` per person across organisations. `official_id` is per (name,
  organisation), so a person holding two posts has two; here mentions with the same name
  (`identity.person_key`) are one person when they share an organisation or a province,
  transitively. Their roles are listed oldest first.

User aliases: an optional `aliases.tsv` in the dataset folder, lines `alias<TAB>canonical`
(`#` comments; a header line `alias<TAB>canonical` is allowed), maps a name of an
organisation, a cluster or a person to the name to use. It is read at the start of a run and
applied when these tables are rebuilt at its end; the mapped forms are listed in `aliases`.

Memory: the fact tables are read a batch at a time, only the columns used (never the
articles' text), and each entity keeps counts of the values seen, not one entry per mention,
so a rebuild holds the entities and one batch, not the tables (20,000 articles with 500,000
organisation mentions: a rebuild reading whole tables took 1 GB).
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from functools import partial
from typing import Callable, Iterator

import pyarrow as pa

from . import UserError
from .identity import _hash_id, cluster_id, org_id, org_key, person_key
from .schema import ENTITY_TABLES, SCHEMAS

ALIASES_FILE = "aliases.tsv"
ENTITY_FILE = "part-entities.parquet"
KEY_META = b"thidua.entities_key"
# the tables the entity tables are made of (a change in one of them means a rebuild)
SOURCE_TABLES = ("articles", "organisations", "clusters", "cluster_members", "officials")

# The cluster's number: the last Arabic or Roman number of the name (`Cụm thi đua số 05`,
# `Khối thi đua IV`, `Khối thi đua các Sở Quản lý Nhà nước 1`).
_NUMBER = re.compile(r"(?<![\w.])(\d+|[IVX]+)(?![\w.])(?!.*(?<![\w.])(?:\d+|[IVX]+)(?![\w.]))")


@dataclass
class Aliases:
    """The user's alias -> canonical map, looked up by organisation and by person key."""
    orgs: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    digest: str = ""

    def org(self, name: str | None) -> str | None:
        return self.orgs.get(org_key(name), name) if name else name

    def person(self, name: str) -> str:
        return self.people.get(person_key(name), name)


def read_aliases(dataset: str | Path) -> Aliases:
    """`aliases.tsv` of the dataset folder (none: no aliases). A malformed line is a UserError."""
    path = Path(dataset) / ALIASES_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Aliases()
    except OSError as e:
        raise UserError(f"cannot read {path}: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text") from None
    al = Aliases(digest=hashlib.sha256(data).hexdigest())
    for n, line in enumerate(text.splitlines(), 1):
        line = unicodedata.normalize("NFC", line).strip()
        if not line or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 2 or not all(cells):
            raise UserError(f"{path}:{n}: expected `alias<TAB>canonical`, got {line!r}")
        if n == 1 and [c.lower() for c in cells] == ["alias", "canonical"]:
            continue
        alias, canonical = cells
        al.orgs[org_key(alias)] = canonical
        al.people[person_key(alias)] = canonical
    return al


def normalise_cluster(canonical: str) -> tuple[str, str | None]:
    """(name with its number's leading zeros dropped, the number as written)."""
    m = _NUMBER.search(canonical)
    if not m:
        return canonical, None
    num = m.group(1)
    if num.isdigit():
        num = str(int(num))
    return canonical[:m.start()] + num + canonical[m.end():], num


def _mode(values) -> str | None:
    """The most frequent non-null value; ties go to the alphabetically first. `values`: the
    values, or a Counter of them."""
    c = values if isinstance(values, Counter) else Counter(values)
    items = [kv for kv in c.items() if kv[0] is not None]
    if not items:
        return None
    return min(items, key=lambda kv: (-kv[1], kv[0]))[0]


def _ts(values):
    vals = [v for v in values if v is not None]
    return (min(vals), max(vals)) if vals else (None, None)


def _table(name: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


# --------------------------------------------------------------------------- building
BATCH_ROWS = 16 * 1024   # fact rows turned into Python objects at a time

# A source table for `build`: a pyarrow Table, or a function giving its record batches with
# the columns asked (`rebuild` streams the dataset's files so).
Source = pa.Table | Callable[[list[str]], Iterator[pa.RecordBatch]]


def _rows(source: Source, cols: list[str]) -> Iterator[dict]:
    """The rows of a source table, only `cols`, one batch at a time."""
    batches = source(cols) if callable(source) else source.select(cols).to_batches(max_chunksize=BATCH_ROWS)
    for b in batches:
        yield from b.to_pylist()


def _article(arts: dict[str, dict], aid: str) -> tuple[str, dict]:
    """(the article id, its row): the id object the `arts` row holds, so that entities that
    keep article ids share one string per article, not one per mention."""
    a = arts.get(aid)
    return (a["article_id"], a) if a is not None else (aid, {})


def build(tables: dict[str, Source], aliases: Aliases | None = None) -> dict[str, pa.Table]:
    """The entity tables from the fact tables (`SOURCE_TABLES`, as pyarrow Tables or batch
    sources, see `Source`)."""
    al = aliases or Aliases()
    arts = {r["article_id"]: r for r in _rows(tables["articles"], ["article_id", "province", "published_at"])}
    return {"cluster_years": _cluster_years(tables, arts, al),
            "organisation_entities": _organisations(tables, arts, al),
            "people": _people(tables, arts, al)}


def _cluster_years(tables, arts, al: Aliases) -> pa.Table:
    groups: dict[tuple, dict] = {}

    def group(cid, year):
        return groups.setdefault((cid, year), dict(names=Counter(), parents=Counter(), leaders=Counter(),
                                                   deputies=Counter(), members=set(), articles=set(),
                                                   provinces=Counter()))

    ids: dict[str, str] = {}   # original cluster_id -> id after aliases (cluster_members rows follow it)
    cols = ["article_id", "canonical", "cluster_id", "parent", "year", "leader", "deputy", "members"]
    for r in _rows(tables["clusters"], cols):
        aid, a = _article(arts, r["article_id"])
        name = al.org(r["canonical"])
        parent = al.org(r["parent"])
        cid = r["cluster_id"]
        if name != r["canonical"] or parent != r["parent"]:
            cid = cluster_id(parent, name, a.get("province"))
        ids[r["cluster_id"]] = cid
        g = group(cid, r["year"])
        g["names"][name] += 1
        g["parents"][parent] += 1
        g["provinces"][a.get("province")] += 1
        g["articles"].add(aid)
        for role, v in (("leaders", r["leader"]), ("deputies", r["deputy"])):
            if v:
                g[role][al.org(v)] += 1
                g["members"].add(al.org(v))
        g["members"].update(al.org(m) for m in r["members"] or ())
    cols = ["article_id", "cluster", "cluster_id", "member", "role", "year"]
    for r in _rows(tables["cluster_members"], cols):
        cid = ids.get(r["cluster_id"], r["cluster_id"])
        if cid is None:
            continue
        aid, a = _article(arts, r["article_id"])
        g = group(cid, r["year"])
        g["names"][al.org(r["cluster"])] += 1
        g["articles"].add(aid)
        g["provinces"][a.get("province")] += 1
        member = al.org(r["member"])
        g["members"].add(member)
        if r["role"] == "leader":
            g["leaders"][member] += 1
        elif r["role"] == "deputy":
            g["deputies"][member] += 1
    rows = []
    for (cid, year), g in groups.items():
        canonical, number = normalise_cluster(_mode(g["names"]))
        first, last = _ts(arts.get(a, {}).get("published_at") for a in g["articles"])
        members = sorted(m for m in g["members"] if m)
        rows.append(dict(cluster_id=cid, canonical=canonical, number=number, province=_mode(g["provinces"]),
                         parent=_mode(g["parents"]), year=year, leader=_mode(g["leaders"]),
                         deputy=_mode(g["deputies"]), members=members, n_members=len(members),
                         n_articles=len(g["articles"]), article_ids=sorted(g["articles"]),
                         first_seen=first, last_seen=last))
    rows.sort(key=lambda r: (r["province"] or "", r["canonical"], r["year"] or 0, r["cluster_id"]))
    return _table("cluster_years", rows)


def _organisations(tables, arts, al: Aliases) -> pa.Table:
    groups: dict[str, dict] = defaultdict(lambda: dict(names=Counter(), forms=set(), kinds=Counter(),
                                                       levels=Counter(), provinces=Counter(), articles=set(), n=0))
    cols = ["article_id", "text", "canonical", "kind", "level"]
    for r in _rows(tables["organisations"], cols):
        if not r["canonical"]:
            continue
        name = al.org(r["canonical"])
        aid, a = _article(arts, r["article_id"])
        g = groups[org_id(name)]
        g["names"][name] += 1
        g["forms"].update((r["text"], r["canonical"]))
        g["kinds"][r["kind"]] += 1
        g["levels"][r["level"]] += 1
        g["provinces"][a.get("province")] += 1
        g["articles"].add(aid)
        g["n"] += 1
    rows = []
    for oid, g in groups.items():
        canonical = _mode(g["names"])
        level = _mode(g["levels"])
        first, last = _ts(arts.get(a, {}).get("published_at") for a in g["articles"])
        rows.append(dict(org_id=oid, canonical=canonical, kind=_mode(g["kinds"]), level=level,
                         province=None if level == "national" else _mode(g["provinces"]),
                         aliases=sorted(f for f in g["forms"] if f and f != canonical),
                         n_mentions=g["n"], n_articles=len(g["articles"]), first_seen=first, last_seen=last))
    rows.sort(key=lambda r: (-r["n_articles"], r["canonical"], r["org_id"]))
    return _table("organisation_entities", rows)


class _Union:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _people(tables, arts, al: Aliases) -> pa.Table:
    cols = ["article_id", "text", "name", "title", "organisation", "official_id"]
    rows_in = list(_rows(tables["officials"], cols))   # one per mention: people are linked across them
    uf = _Union()
    for i, r in enumerate(rows_in):
        r["name2"] = al.person(r["name"])
        r["org2"] = al.org(r["organisation"])
        r["province"] = arts.get(r["article_id"], {}).get("province")
        pk = person_key(r["name2"])
        r["pk"] = pk
        # a mention is linked to the person's organisation and province: mentions sharing either are one person
        node = ("row", i)
        if r["org2"]:
            uf.union(node, ("org", pk, org_key(r["org2"])))
        if r["province"]:
            uf.union(node, ("prov", pk, r["province"]))
    comps: dict = defaultdict(list)
    for i, r in enumerate(rows_in):
        comps[uf.find(("row", i))].append(r)
    out = []
    for rs in comps.values():
        pk = rs[0]["pk"]
        oids = sorted({r["official_id"] for r in rs if r["official_id"]})
        name = _mode(r["name2"] for r in rs)
        roles = {}
        for r in rs:
            when = arts.get(r["article_id"], {}).get("published_at")
            key = (r["title"], r["org2"])
            if key not in roles or (when is not None and (roles[key] is None or when < roles[key])):
                roles[key] = when
        role_list = [f"{w.date().isoformat() if w else '????-??-??'} {t or '?'}" + (f", {o}" if o else "")
                     for (t, o), w in sorted(roles.items(), key=lambda kv: (kv[1] is None, kv[1] or 0, kv[0][0] or "",
                                                                            kv[0][1] or ""))]
        articles = {r["article_id"] for r in rs}
        first, last = _ts(arts.get(a, {}).get("published_at") for a in articles)
        out.append(dict(
            person_id=_hash_id("per", pk, oids[0] if oids else ""), name=name,
            aliases=sorted({f for r in rs for f in (r["name"],) if f != name}),
            official_ids=oids, organisations=sorted({r["org2"] for r in rs if r["org2"]}),
            provinces=sorted({r["province"] for r in rs if r["province"]}),
            titles=sorted({r["title"] for r in rs if r["title"]}), roles=role_list,
            n_mentions=len(rs), n_articles=len(articles), first_seen=first, last_seen=last))
    out.sort(key=lambda r: (r["name"], r["person_id"]))
    return _table("people", out)


# --------------------------------------------------------------------------- the dataset
def _key(ds, aliases: Aliases) -> str:
    """What the entity tables depend on: the source tables' committed files (name, size,
    mtime: a rewritten part is a new file), the aliases and the code's version."""
    from .version import pipeline_version
    files = []
    for t in SOURCE_TABLES:
        for f in ds.files(t):
            st = (ds.path / t / f).stat()
            files.append((t, f, st.st_size, st.st_mtime_ns))
    blob = json.dumps([files, aliases.digest, pipeline_version()])
    return hashlib.sha256(blob.encode()).hexdigest()


def _current_key(ds) -> str | None:
    import pyarrow.parquet as pq
    if not ds.has(f"cluster_years/{ENTITY_FILE}"):
        return None
    try:
        meta = pq.read_schema(ds.path / "cluster_years" / ENTITY_FILE).metadata or {}
    except OSError:
        return None
    v = meta.get(KEY_META)
    return v.decode() if v else None


def rebuild(ds, aliases: Aliases | None = None) -> bool:
    """Rebuild the entity tables of an open `store.Dataset` in one commit; False when nothing
    they depend on changed since they were last built (nothing is written then)."""
    from .store import Txn
    aliases = aliases if aliases is not None else read_aliases(ds.path)
    key = _key(ds, aliases)
    if _current_key(ds) == key:
        return False
    built = build({t: partial(_stream, ds, t) for t in SOURCE_TABLES}, aliases)
    txn = Txn()
    for t in ENTITY_TABLES:
        tb = built[t].replace_schema_metadata({KEY_META: key.encode()})
        rel, empty = f"{t}/{ENTITY_FILE}", f"{t}/part-empty.parquet"
        if tb.num_rows:
            (txn.rewrite if ds.has(rel) else txn.new)[rel] = tb
            if ds.has(empty):
                txn.rewrite[empty] = None
        else:   # no rows: the table keeps an empty file (a 0-row table has no key, so it is rebuilt next time)
            if ds.has(rel):
                txn.rewrite[rel] = None
            if not ds.has(empty):
                txn.new[empty] = tb
    ds.commit(txn)
    return True


def _stream(ds, table: str, cols: list[str]) -> Iterator[pa.RecordBatch]:
    """The live files of `table`, `cols` only, a batch at a time, as the current schema's types
    (a column a file was written without is NULL)."""
    import pyarrow.parquet as pq
    schema = SCHEMAS[table]
    for f in ds.files(table):
        pf = pq.ParquetFile(ds.path / table / f)
        have = [c for c in cols if c in pf.schema_arrow.names]
        for b in pf.iter_batches(batch_size=BATCH_ROWS, columns=have):
            yield pa.RecordBatch.from_arrays(
                [b.column(c).cast(schema.field(c).type) if c in have else pa.nulls(b.num_rows, schema.field(c).type)
                 for c in cols], names=cols)
