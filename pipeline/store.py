"""Store stage: the dataset folder, written atomically, incrementally, one writer at a time.

Layout of a dataset folder::

    <table>/part-<id>.parquet   live data, one folder per table of `schema.SCHEMAS`
    _index/*.parquet            small per-input index (source -> outcome, content hash, version, part)
    _manifest.json              committed state: commit sequence number, live files per table
    .staging/                   temp files and commit journals (never inside a table folder)
    .lock                       fcntl.flock'ed by the run that writes (a second run is refused)

Commit protocol (one `Txn` = one batch of articles, plus the rewrites of older parts that
held rows it replaces):

1. every new or rewritten file is written complete under ``.staging/<txn>/`` and fsync'ed;
2. the journal ``.staging/<txn>.commit.json`` is written to a temp name, fsync'ed and
   ``os.replace``'d into place: **this rename is the commit point**;
3. the journal is applied: rewritten parts replace the old ones (``os.replace`` over the same
   name, so a glob reader sees either the old or the new file, never both, never half), parts
   left empty are unlinked, new parts are renamed into their table folders, then
   ``_manifest.json`` is replaced, then the journal is removed.

Removals come before additions, so a reader globbing ``<table>/*.parquet`` mid-commit may miss
rows of the batch being committed but never sees a replaced row twice. A writer killed before
the commit point leaves only files under ``.staging/`` (deleted by the next writer); killed
after it, the next writer replays the journal (every step is idempotent) before doing anything
else. Nothing but complete, committed files ever appears under a table folder.

A damaged ``_manifest.json`` (truncated, not JSON, not a manifest) is rebuilt from the files
on disk (`manifest_from_disk`) by the next writer, which then checks them in full: outside a
pending journal, a table folder holds exactly its live files, since a commit removes what it
replaces before it writes the manifest. Readers meanwhile get one line (`DamagedManifest`).

Readers that go through `live_files` / `read_table` (and so `pipeline.query`) see exactly the
committed state at all times: the manifest's files, or, while a journal is pending (being
applied, or left by a killed writer), the journal's manifest, reading the files it has not
moved yet from where they were staged.

Each batch is one part (``part-<run id>-<n>.parquet`` in every table it has rows for); replacing
an article rewrites the parts that held its rows, in place, in the same commit as its new rows.
Files are written with row groups of at most ``ROW_GROUP_BYTES`` of Arrow data.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import UserError
from .schema import ARTICLE_TABLES, SCHEMAS

MANIFEST = "_manifest.json"
INDEX_DIR = "_index"
STAGING = ".staging"
LOCK = ".lock"
FORMAT = 1

# Row groups are cut so that none holds much more than this many bytes of Arrow data.
ROW_GROUP_BYTES = 16 * 1024 * 1024
MAX_ROW_GROUP_ROWS = 64 * 1024

# One row per input source: what the runner needs to decide, without reading the tables,
# whether an input is unchanged. `outcome` is article | duplicate | reject | orphan, or
# `deleted` in a log file (a tombstone). `article_id` is the article's own id, or for a
# duplicate the id of the article it duplicates. `part` names the part file holding its row.
INDEX_SCHEMA = pa.schema([
    pa.field("source", pa.string(), nullable=False),
    pa.field("outcome", pa.string(), nullable=False),
    pa.field("article_id", pa.string()),
    pa.field("content_sha256", pa.string()),
    pa.field("raw_sha256", pa.string()),         # digest of the input's format and bytes (unchanged: skipped undecoded)
    pa.field("pipeline_version", pa.string()),
    pa.field("part", pa.string()),
    pa.field("run_id", pa.string()),
    pa.field("reason", pa.string()),
    pa.field("detail", pa.string()),
])


def arrow_without_pandas() -> None:
    """Stop pyarrow from importing pandas on its first conversion of Python values.

    `pa.array([...])` / `Table.from_pylist` check whether pandas is installed, which imports it:
    about 0.3 s and 50 MB in every process, for nothing (the writer never handles pandas
    objects). With pandas made unimportable for that first check, pyarrow records "no pandas"
    for its implicit checks only: an explicit `to_pandas()` later still imports it and works.
    Does nothing if pandas is already imported.
    """
    import sys
    if "pandas" in sys.modules:
        return

    class _NoPandas:
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name == "pandas" or name.startswith("pandas."):
                raise ImportError("pandas deliberately not imported by pyarrow's implicit check")
            return None

    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(finder)


def read_parquet(path: str | Path, schema: pa.Schema) -> pa.Table:
    """One Parquet file as `schema` (columns it lacks are null). Goes through ParquetFile:
    `read_table`'s dataset layer imports pandas (a quarter of a second per process)."""
    t = pq.ParquetFile(path).read()
    if t.schema.equals(schema):
        return t
    cols = [t.column(f.name).cast(f.type) if f.name in t.schema.names else pa.nulls(t.num_rows, f.type)
            for f in schema]
    return pa.Table.from_arrays(cols, schema=schema)


def part_file(part: str) -> str:
    return f"part-{part}.parquet"


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_json(path: Path, obj) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, separators=(",", ":"))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write `table` with row groups of bounded size, fsync'ed."""
    rows = table.num_rows
    per_row = max(1, table.nbytes // max(rows, 1))
    group = max(1, min(MAX_ROW_GROUP_ROWS, ROW_GROUP_BYTES // per_row))
    with open(path, "wb") as f:
        pq.write_table(table, f, row_group_size=group)
        f.flush()
        os.fsync(f.fileno())


@dataclass
class Txn:
    """What one commit changes. Paths are relative to the dataset folder."""

    new: dict[str, pa.Table] = field(default_factory=dict)          # "table/part-x.parquet" -> rows
    rewrite: dict[str, pa.Table | None] = field(default_factory=dict)  # existing file -> rows (None: delete)
    index: pa.Table | None = None                                    # index log rows of this commit
    drop_index: list[str] = field(default_factory=list)              # index files superseded (compaction)
    open_runs: list[str] | None = None                               # runs still 'running' after it
    run_counts: dict[str, dict] | None = None                        # their counts as of this commit

    def empty(self) -> bool:
        return not (self.new or self.rewrite or (self.index is not None and self.index.num_rows)
                    or self.drop_index or self.open_runs is not None or self.run_counts is not None)


class Dataset:
    """A dataset folder opened for writing: holds the lock, knows the committed manifest."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock_fd: int | None = None
        self.manifest: dict = {}
        self.damaged_manifest: str | None = None   # what was wrong with _manifest.json, rebuilt from disk

    # ------------------------------------------------------------------ open / close
    def open(self) -> "Dataset":
        import fcntl
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise UserError(f"cannot write to output folder {self.path}: {e.strerror or e}")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise UserError(f"dataset {self.path} is in use by another run (pid {holder}); "
                            f"wait for it to finish or choose another --out")
        where = self.path
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            (self.path / STAGING).mkdir(exist_ok=True)
            # Every folder a commit writes into: one read-only table folder would otherwise fail
            # every commit after its commit point, run after run, with no run able to record it.
            for d in [self.path, self.path / STAGING, self.path / INDEX_DIR] + [self.path / t for t in SCHEMAS]:
                if d.is_dir():
                    probe = d / f".write-probe-{os.getpid()}"
                    where = d
                    probe.write_text("")
                    probe.unlink()
        except OSError as e:
            os.close(fd)
            raise UserError(f"cannot write to output folder {where}: {e.strerror or e}")
        self._lock_fd = fd
        self.recover()
        return self

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None

    def __enter__(self) -> "Dataset":
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ state
    def _load_manifest(self) -> None:
        try:
            m = read_manifest(self.path)
        except DamagedManifest as e:   # rebuilt in memory; the next commit writes it
            m = manifest_from_disk(self.path)
            self.damaged_manifest = e.problem
        if m is None:  # a new dataset, or one written before manifests: adopt what is on disk
            m = {"format": FORMAT, "seq": 0, "tables": {}, "index": [], "open_runs": [], "rows": {}}
            for t in SCHEMAS:
                d = self.path / t
                if d.is_dir():
                    files = sorted(p.name for p in d.glob("*.parquet"))
                    if files:
                        m["tables"][t] = files
        m.setdefault("open_runs", [])
        m.setdefault("run_counts", {})
        m.setdefault("rows", {})   # file -> row count (datasets written before it: not checked)
        self.manifest = m

    def files(self, table: str) -> list[str]:
        return list(self.manifest["tables"].get(table, []))

    def has(self, relpath: str) -> bool:
        table, name = relpath.split("/", 1)
        return name in self.manifest["tables"].get(table, ())

    @property
    def seq(self) -> int:
        return int(self.manifest["seq"])

    def read_index(self) -> pa.Table:
        """Every index file in commit order (a log: later rows for a source win)."""
        tables = [read_parquet(self.path / INDEX_DIR / f, INDEX_SCHEMA) for f in self.manifest["index"]]
        return pa.concat_tables(tables) if tables else INDEX_SCHEMA.empty_table()

    def read_file(self, relpath: str) -> pa.Table:
        table = relpath.split("/", 1)[0]
        return read_parquet(self.path / relpath, SCHEMAS[table])

    # ------------------------------------------------------------------ recovery
    def recover(self) -> None:
        """Finish a commit a killed writer got past its commit point; drop everything else staged."""
        staging = self.path / STAGING
        journals = sorted(staging.glob("*.commit.json"), key=lambda p: json.loads(p.read_text())["seq"]) \
            if staging.is_dir() else []
        for j in journals:   # each writes the whole manifest of its commit (a damaged one included)
            self._apply(json.loads(j.read_text()), j)
        self._load_manifest()
        if staging.is_dir():
            for p in staging.iterdir():
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)

    # ------------------------------------------------------------------ commit
    def commit(self, txn: Txn) -> None:
        journal = self.stage(txn)
        self._apply(json.loads(journal.read_text()), journal)

    def stage(self, txn: Txn) -> Path:
        """Steps 1 and 2: write the files under .staging/ and the journal (the commit point)."""
        seq = self.seq + 1
        name = f"{seq:08d}-{uuid.uuid4().hex[:8]}"
        sdir = self.path / STAGING / name
        sdir.mkdir(parents=True)
        tables = {t: list(v) for t, v in self.manifest["tables"].items()}
        index = list(self.manifest["index"])
        counts = dict(self.manifest.get("rows", {}))
        rewrites, deletes, adds = [], [], []
        n = 0

        def stage_file(rows: pa.Table, final: str) -> str:
            nonlocal n
            n += 1
            rel = f"{STAGING}/{name}/{n:05d}.parquet"
            write_parquet(rows, self.path / rel)
            counts[final] = rows.num_rows
            return rel

        for rel, rows in txn.rewrite.items():
            table, fname = rel.split("/", 1)
            if rows is None or rows.num_rows == 0:
                deletes.append(rel)
                counts.pop(rel, None)
                if fname in tables.get(table, []):
                    tables[table].remove(fname)
            else:
                rewrites.append([stage_file(rows, rel), rel])
        for rel, rows in txn.new.items():
            if rows.num_rows == 0 and not rel.endswith("/part-empty.parquet"):
                continue
            table, fname = rel.split("/", 1)
            adds.append([stage_file(rows, rel), rel])
            if fname not in tables.setdefault(table, []):
                tables[table].append(fname)
        if txn.index is not None and txn.index.num_rows:
            rel = f"{INDEX_DIR}/log-{seq:08d}.parquet"
            adds.append([stage_file(txn.index, rel), rel])
            index.append(rel.split("/", 1)[1])
        for f in txn.drop_index:
            deletes.append(f"{INDEX_DIR}/{f}")
            counts.pop(f"{INDEX_DIR}/{f}", None)
            if f in index:
                index.remove(f)
        live = {f"{t}/{f}" for t, v in tables.items() for f in v} | {f"{INDEX_DIR}/{f}" for f in index}
        manifest = {"format": FORMAT, "seq": seq, "tables": {t: sorted(v) for t, v in tables.items() if v},
                    "index": index,
                    "open_runs": self.manifest["open_runs"] if txn.open_runs is None else txn.open_runs,
                    "run_counts": self.manifest.get("run_counts", {}) if txn.run_counts is None else txn.run_counts,
                    "rows": {k: v for k, v in sorted(counts.items()) if k in live}}
        _fsync_dir(sdir)
        journal = self.path / STAGING / f"{name}.commit.json"
        _write_json(journal, {"seq": seq, "rewrite": rewrites, "delete": deletes, "add": adds,
                              "manifest": manifest})
        _fsync_dir(journal.parent)
        return journal

    def _apply(self, j: dict, journal: Path) -> None:
        """Step 3, idempotent: a file already moved is not there to move again."""
        touched: set[Path] = set()
        for src, dst in j["rewrite"]:
            if (self.path / src).exists():
                os.replace(self.path / src, self.path / dst)
                touched.add((self.path / dst).parent)
        for rel in j["delete"]:
            try:
                (self.path / rel).unlink()
                touched.add((self.path / rel).parent)
            except FileNotFoundError:
                pass
        for src, dst in j["add"]:
            if (self.path / src).exists():
                (self.path / dst).parent.mkdir(exist_ok=True)
                os.replace(self.path / src, self.path / dst)
                touched.add((self.path / dst).parent)
        for d in touched:
            _fsync_dir(d)
        _write_json(self.path / MANIFEST, j["manifest"])
        _fsync_dir(self.path)
        self.manifest = j["manifest"]
        journal.unlink(missing_ok=True)
        shutil.rmtree(journal.parent / journal.name[: -len(".commit.json")], ignore_errors=True)


class DamagedManifest(UserError):
    """`_manifest.json` is there but is no manifest (truncated, not JSON, wrong shape)."""

    def __init__(self, path: Path, problem: str):
        self.problem = problem
        super().__init__(f"{path} is damaged ({problem}): `thidua repair --dataset {path.parent}` "
                         "(or the next run) rebuilds it from the files on disk")


def read_manifest(dataset: str | Path) -> dict | None:
    """The committed manifest; None when there is none; `DamagedManifest` when it is unreadable
    as one (a disk error reading it is a plain `UserError`)."""
    p = Path(dataset) / MANIFEST
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise UserError(f"cannot read {p}: {e.strerror or e}")
    try:
        m = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as e:   # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise DamagedManifest(p, f"not valid JSON, {len(raw)} bytes: {' '.join(str(e).split())[:160]}") from None
    if not (isinstance(m, dict) and isinstance(m.get("seq"), int) and isinstance(m.get("tables"), dict)
            and isinstance(m.get("index"), list)
            and all(isinstance(v, list) for v in m["tables"].values())):
        raise DamagedManifest(p, "JSON, but not a manifest (no seq, tables and index)")
    return m


def manifest_from_disk(dataset: str | Path) -> dict:
    """The manifest the files on disk describe, for one that is damaged: every
    `<table>/*.parquet`, the `_index` logs in commit order, each file's row count from its
    footer (an unreadable one is left without, for the checks to name), the sequence number
    past the newest index log, and the runs whose row says `running` as open (their counts at
    the last commit are lost: the next run marks them interrupted with what their row holds).
    Sound when no journal is pending (`Dataset.recover` replays one first): every commit
    removes the files it replaces before it writes the manifest."""
    dataset = Path(dataset)
    tables: dict[str, list[str]] = {}
    rows: dict[str, int] = {}
    for t in SCHEMAS:
        d = dataset / t
        files = sorted(p.name for p in d.glob("*.parquet") if not p.name.startswith(".")) if d.is_dir() else []
        if files:
            tables[t] = files
    index = sorted(p.name for p in (dataset / INDEX_DIR).glob("log-*.parquet")) if (dataset / INDEX_DIR).is_dir() else []
    seq = max((int(f[len("log-"):-len(".parquet")]) for f in index if f[len("log-"):-len(".parquet")].isdigit()),
              default=0)
    open_runs = []
    for rel in [f"{t}/{f}" for t, fs in tables.items() for f in fs] + [f"{INDEX_DIR}/{f}" for f in index]:
        try:
            rows[rel] = pq.read_metadata(dataset / rel).num_rows
            if rel.startswith("runs/"):
                r = pq.ParquetFile(dataset / rel).read(columns=["run_id", "status"]).to_pylist()
                open_runs += [x["run_id"] for x in r if x["status"] == "running"]
        except (OSError, pa.ArrowException, KeyError):
            continue
    return {"format": FORMAT, "seq": seq, "tables": tables, "index": index, "open_runs": open_runs,
            "run_counts": {}, "rows": rows}


def _pending_journal(dataset: Path) -> dict | None:
    """The journal of a commit past its commit point but not fully applied (a writer is
    applying it right now, or was killed while doing so)."""
    staging = dataset / STAGING
    found = None
    try:
        names = [p for p in staging.iterdir() if p.name.endswith(".commit.json")]
    except OSError:
        return None
    for p in names:
        try:
            j = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):   # being written or just removed
            continue
        if found is None or j["seq"] > found["seq"]:
            found = j
    return found


def live_files(dataset: str | Path, table: str) -> list[Path]:
    """The committed files of `table`: the manifest's list (the folder's files for a dataset
    without a manifest). While a commit is being applied, or after a writer died applying it,
    the committed state is its journal's: files not moved yet are read where they were staged."""
    dataset = Path(dataset)
    d = dataset / table
    j = _pending_journal(dataset)
    if j is not None:
        staged = {dst: src for src, dst in j["rewrite"] + j["add"] if (dataset / src).exists()}
        return [dataset / staged.get(f"{table}/{f}", f"{table}/{f}") for f in j["manifest"]["tables"].get(table, [])]
    m = read_manifest(dataset)
    if m is None:
        return sorted(d.glob("*.parquet")) if d.exists() else []
    return [d / f for f in m["tables"].get(table, [])]


def read_table(dataset: str | Path, table: str) -> pa.Table:
    """All committed rows of one table (reads only files listed in the manifest)."""
    for attempt in range(20):
        files = live_files(dataset, table)
        try:
            tables = [read_parquet(f, SCHEMAS[table]) for f in files]
        except FileNotFoundError:   # a commit moved or removed a file between listing and reading
            if attempt == 19:
                raise
            time.sleep(0.01)
            continue
        if not tables:
            return SCHEMAS[table].empty_table()
        return pa.concat_tables(tables)
    raise AssertionError("unreachable")


# ============================================================================ integrity
@dataclass(frozen=True)
class Damage:
    """A live file that cannot be trusted: `file` relative to the dataset folder."""

    file: str
    problem: str

    def line(self) -> str:
        return f"{self.file}: {self.problem}"


def manifest_files(manifest: dict) -> list[str]:
    """Every live file of a manifest (tables and index), relative to the dataset folder."""
    return ([f"{t}/{f}" for t, files in sorted(manifest.get("tables", {}).items()) for f in files]
            + [f"{INDEX_DIR}/{f}" for f in manifest.get("index", [])])


def _footer_problem(path: Path, expected: int | None) -> tuple[str | None, pq.FileMetaData | None]:
    try:
        md = pq.read_metadata(path)
    except FileNotFoundError:
        return "missing", None
    except (OSError, pa.ArrowException) as e:
        return f"unreadable footer ({' '.join(str(e).split())[:200]})", None
    if expected is not None and md.num_rows != expected:
        return f"{md.num_rows} rows, the manifest says {expected}", md
    return None, md


def footer_check(dataset: str | Path, manifest: dict) -> list[Damage]:
    """The cheap check every run makes before it starts: each live file is there, its Parquet
    footer reads, and its row count is the one the manifest recorded (a few ms per file)."""
    dataset = Path(dataset)
    rows = manifest.get("rows", {})
    out = []
    for rel in manifest_files(manifest):
        problem, _md = _footer_problem(dataset / rel, rows.get(rel))
        if problem:
            out.append(Damage(rel, problem))
    return out


def _index_state(dataset: Path, manifest: dict, bad: set[str]) -> dict[str, dict]:
    """source -> its current index row (the log read in order; tombstones remove)."""
    state: dict[str, dict] = {}
    for f in manifest.get("index", []):
        if f"{INDEX_DIR}/{f}" in bad:
            continue
        for r in read_parquet(dataset / INDEX_DIR / f, INDEX_SCHEMA).to_pylist():
            if r["outcome"] == "deleted":
                state.pop(r["source"], None)
            else:
                state[r["source"]] = r
    return state


def check(dataset: str | Path, limit: int = 20, manifest: dict | None = None) -> list[Damage]:
    """Every live file read whole against its table's schema and the manifest's row count,
    then the index against the tables: each article, duplicate and reject has its index row
    (and the reverse), and each fact row belongs to a live article. `limit`: problems listed
    per kind of inconsistency. `manifest`: the one to check against instead of the dataset's
    (a damaged manifest is one problem, then the files are checked against `manifest_from_disk`)."""
    dataset = Path(dataset)
    if _pending_journal(dataset) is not None:
        return [Damage(STAGING, "a commit is being applied (or its writer was killed): run `thidua repair`")]
    m = manifest
    if m is None:
        try:
            m = read_manifest(dataset)
        except DamagedManifest as e:
            return [Damage(MANIFEST, e.problem)] + check(dataset, limit, manifest_from_disk(dataset))
    if m is None:
        raise UserError(f"not a dataset (no {MANIFEST}): {dataset}")
    out: list[Damage] = []
    tables: dict[str, list[tuple[str, pa.Table]]] = {}
    rows = m.get("rows", {})
    for rel in manifest_files(m):
        table = rel.split("/", 1)[0]
        schema = INDEX_SCHEMA if table == INDEX_DIR else SCHEMAS.get(table)
        problem, md = _footer_problem(dataset / rel, rows.get(rel))
        if problem is None and schema is not None:
            try:
                t = pq.ParquetFile(dataset / rel).read()
                extra = [f.name for f in t.schema if f.name not in schema.names]
                wrong = []
                for f in t.schema:   # Parquet stores some types otherwise (seconds as ms): castable is right
                    if f.name in schema.names and not f.type.equals(schema.field(f.name).type):
                        try:
                            t.column(f.name).cast(schema.field(f.name).type)
                        except (pa.ArrowException, ValueError, TypeError):
                            wrong.append(f.name)
                missing = [f.name for f in schema if not f.nullable and f.name not in t.schema.names]
                if extra or wrong or missing:
                    problem = "schema differs: " + "; ".join(
                        x for x in (f"unknown columns {extra}" if extra else "", f"other types {wrong}" if wrong else "",
                                    f"missing columns {missing}" if missing else "") if x)
                elif table != INDEX_DIR:
                    tables.setdefault(table, []).append((rel, read_parquet(dataset / rel, schema)))
            except (OSError, pa.ArrowException) as e:
                problem = f"unreadable data ({' '.join(str(e).split())[:200]})"
        if problem:
            out.append(Damage(rel, problem))
    bad = {d.file for d in out}
    # a damaged batch part is repaired as a whole (its inputs read again): its index rows and
    # the rows it shares an article with in other tables are not inconsistencies of their own
    bad_parts = {f.rsplit("/", 1)[1][len("part-"):-len(".parquet")] for f in bad
                 if f.split("/", 1)[0] in SCHEMAS and "/part-" in f}
    try:
        index = _index_state(dataset, m, bad)
    except (OSError, pa.ArrowException) as e:
        return out + [Damage(INDEX_DIR, f"unreadable ({e})")]
    aids: set[str] = set()
    found: dict[str, tuple[str, str | None, str]] = {}   # source -> (outcome, key, file)
    for outcome, table, key in (("article", "articles", "article_id"), ("duplicate", "duplicates", "duplicate_of"),
                                ("reject", "rejects", None)):
        for rel, t in tables.get(table, []):
            for r in t.select([c for c in ("source", key) if c]).to_pylist():
                found[r["source"]] = (outcome, r.get(key) if key else None, rel)
                if outcome == "article":
                    aids.add(r["article_id"])
    damaged_index: list[str] = []
    for src, r in index.items():
        if r["outcome"] == "orphan" or r["part"] in bad_parts:
            continue
        f = found.get(src)
        if f is None or f[0] != r["outcome"] or (f[1] is not None and f[1] != r["article_id"]):
            damaged_index.append(f"{src} is recorded as {r['outcome']} but the tables hold "
                                 + ("no row for it" if f is None else f"a {f[0]} row ({f[2]})"))
    for src, (outcome, _key, rel) in found.items():
        if rel.rsplit("/part-", 1)[-1][:-len(".parquet")] in bad_parts:
            continue
        if src not in index or index[src]["outcome"] == "orphan":
            damaged_index.append(f"{src} has a {outcome} row ({rel}) but no index record")
    if damaged_index:
        more = f" (and {len(damaged_index) - limit} more)" if len(damaged_index) > limit else ""
        out.append(Damage(INDEX_DIR, f"{len(damaged_index)} sources disagree with the tables, e.g. "
                                     + "; ".join(damaged_index[:3]) + more))
    for table in ARTICLE_TABLES:   # the tables whose rows belong to an article (not the entity tables)
        if table == "articles":
            continue
        for rel, t in tables.get(table, []):
            if rel.rsplit("/part-", 1)[-1][:-len(".parquet")] in bad_parts:
                continue
            stray = set(t.column("article_id").to_pylist()) - aids
            if stray:
                out.append(Damage(rel, f"{len(stray)} article(s) with rows here but not in `articles`"))
    return out
