"""Batch runs: inputs -> dataset. Parallel (process pool or Dask), incremental, resumable.

How a run goes:

* The parent reads inputs lazily (one file at a time) as bytes (`ingest.scan_file`) and hashes
  them. An input whose bytes digest is the one its index row records (under the same pipeline
  version) is known without decoding it: its content hash (or its reject) is taken from the
  index. Any other input is decoded, repaired and cleaned (`process.prepare`, cheap), and its
  cleaned text hashed. Every input becomes a *unit* in an ordered queue.
* A unit that looks new or changed (by content hash, the per-source index and the pipeline
  version) is *predicted* to need processing and goes into a chunk sent to a worker
  (`process.process_docs`: segmentation + extraction + rows, under a per-article time limit).
  With N >= 2 workers, chunks go to N processes forked from a fork server that loaded the
  pipeline once (`PoolExecutor`); the parent reads, cleans and writes, and while the
  processes start it reads ahead. With one worker the parent works every chunk itself
  (`InlineExecutor`). The number of chunks in flight and of units queued is bounded, so
  memory stays flat.
* Units are *resolved* strictly in input order, against the authoritative state (the index
  plus everything resolved before in this run): unchanged -> skipped; same content as a
  live article -> duplicate; otherwise the worker's result is taken (article or reject),
  replacing whatever the source produced before. A prediction that turns out wrong only
  costs time: a wasted result is dropped, a missing one is computed on the spot.
  An input skipped for its content (its bytes changed, not its cleaned text) keeps its record,
  with the new bytes digest, so that the next run needs no cleaning to recognise it.
* Resolved units accumulate in a batch, committed atomically (`store.Dataset.commit`) when it
  reaches `batch_size` articles. Since batches are committed in input order, the committed
  state after a crash is exactly the state after some prefix of the inputs, and a rerun
  (which finds that prefix unchanged) ends with the dataset an uninterrupted run writes.

Every input has exactly one record: a row in `articles`, `duplicates` or `rejects`, whose
`source` is the input's identity, its resolved absolute path (`file.jsonl:N` for a JSONL line),
and `source_given` the path as this run was given it (`corpus/seeds/a.txt`), for display only:
matching, ids and skipping go by `source` alone, so the same file named another way in a later
run is the same input, and keeps the display of the run that wrote its row.

When an article is deleted (its source changed, or it was stale and another input now carries
its content) the inputs recorded as its duplicates become *orphans*: they are read again at the
end of the run (or of the next run that finds them) and resolved like any input.
"""
from __future__ import annotations

import os
import sys
import time
import traceback
import uuid
from collections import deque
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from .ingest import DEFAULT_MAX_BYTES, Pending, expand, scan_file, unsupported_reject
from .model import Reject
from .process import default_workers, stop_pool
from .schema import ARTICLE_TABLES, SCHEMAS
from .version import pipeline_version

DEFAULT_BATCH = 256      # articles per committed batch (one part file per table)
DEFAULT_CHUNK = 8        # documents per worker task
INDEX_COMPACT = 8        # compact the index log into one file beyond this many files
START_QUEUE = 2048       # inputs read ahead while the worker processes start ...
START_TEXT_CHARS = 32 * 1024 * 1024   # ... and the most text they may hold
BATCH_TEXT_BYTES = 16 * 1024 * 1024   # ... or when its articles' text reaches this size


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass
class RunSummary:
    run_id: str
    inputs_seen: int = 0
    processed: int = 0
    skipped: int = 0
    duplicates: int = 0
    rejected: int = 0
    seconds: float = 0.0
    workers: int = 1
    status: str = "running"
    pipeline_version: str = ""
    unsupported: int = 0      # files of unread kinds skipped with --skip-unsupported (not inputs)
    detail: str | None = None     # what the run repaired before it started (runs.detail)

    def line(self) -> str:
        skipped = f", {self.unsupported} unsupported files skipped" if self.unsupported else ""
        return (f"{self.inputs_seen} inputs: {self.processed} articles written, {self.skipped} unchanged, "
                f"{self.duplicates} duplicates, {self.rejected} rejected{skipped} in {self.seconds:.1f}s")

    def counts(self) -> dict:
        return {k: getattr(self, k) for k in ("inputs_seen", "processed", "skipped", "duplicates", "rejected")}


class Rec:
    """What one input source currently has in the dataset (one row of the index)."""

    __slots__ = ("source", "outcome", "article_id", "content_sha256", "raw_sha256", "pipeline_version", "part",
                 "run_id", "reason", "detail")   # the columns of store.INDEX_SCHEMA, in order

    def __init__(self, source, outcome, article_id=None, content_sha256=None, raw_sha256=None,
                 pipeline_version=None, part=None, run_id=None, reason=None, detail=None):
        self.source = source
        self.outcome = outcome            # article | duplicate | reject | orphan
        self.article_id = article_id      # own id, or (duplicate) the id of the article it duplicates
        self.content_sha256 = content_sha256
        self.raw_sha256 = raw_sha256
        self.pipeline_version = pipeline_version
        self.part = part                  # part holding its row; None while in the uncommitted batch
        self.run_id = run_id
        self.reason = reason
        self.detail = detail

    def row(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}


class Unit:
    """One input in the ordered queue."""

    __slots__ = ("source", "raw", "raw_sha", "doc", "reject", "sha", "aid", "task")

    def __init__(self, source, raw=None, raw_sha=None, doc=None, reject=None, sha=None, aid=None):
        self.source = source
        self.raw = raw          # ingest.Pending or RawDocument (kept until cleaned, when cleaning was skipped)
        self.raw_sha = raw_sha  # Pending.digest (None for an item that came decoded)
        self.doc = doc          # CleanDocument; None for a reject, or while cleaning is skipped
        self.reject = reject    # Reject from ingest or clean
        self.sha = sha          # content hash of the cleaned text
        self.aid = aid
        self.task = None        # the Task processing it, if predicted to need processing


class Task:
    """A chunk of units sent to the executor."""

    __slots__ = ("units", "handle", "result", "pending")

    def __init__(self, units=None):
        self.units = list(units or ())
        self.handle = None      # None: still being filled (Runner.filling), not sent yet
        self.result = None      # (outcomes, tables) once fetched
        self.pending = len(self.units)   # units not resolved yet


# ============================================================================ executors
def _empty_tables():
    return {t: SCHEMAS[t].empty_table() for t in ARTICLE_TABLES}


def _merge(results):
    import pyarrow as pa
    outcomes, tables = [], {t: [] for t in ARTICLE_TABLES}
    for o, tb in results:
        outcomes.extend(o)
        for t in ARTICLE_TABLES:
            tables[t].append(tb[t])
    return outcomes, {t: pa.concat_tables(v) if v else SCHEMAS[t].empty_table() for t, v in tables.items()}


class InlineExecutor:
    """One worker: the parent process itself (no IPC). The time limit is a SIGALRM timer."""

    kind = "inline"

    def __init__(self, version, run_id, timeout):
        self.args = (version, run_id, timeout)
        self.workers = 1

    def submit(self, docs):
        from .process import process_docs
        return process_docs(docs, *self.args)

    def ready(self, handle) -> bool:
        return True

    def result(self, handle):
        return handle

    def close(self, kill=False):
        pass


class _Handle:
    __slots__ = ("docs", "future", "gen", "ahead")

    def __init__(self, docs, future, gen, ahead=0):
        self.docs, self.future, self.gen = docs, future, gen
        self.ahead = ahead   # documents sent to the pool at once before this chunk (a backlog)


class PoolExecutor:
    """N worker processes, forked from a fork server that loaded the pipeline once
    (`process.WarmPool`). While they start (~1 s, the server's loading), submitted chunks wait
    in a backlog here and the runner reads and cleans inputs ahead.

    The per-article time limit is a SIGALRM timer inside the worker, which keeps the worker
    alive. Should a worker die (a crash in a C extension, the OOM killer) or stall beyond that
    timer, the pool is killed and replaced, and the documents of the chunk that failed are
    retried one at a time, alone in the new pool: one that fails twice alone becomes a reject
    ("error" or "timeout"); chunks sent to the old pool are sent again as they were.
    """

    kind = "pool"

    def __init__(self, workers, version, run_id, timeout, max_inflight_docs, fn=None, initializer=None,
                 pool=None):
        self.workers = workers
        self.started = pool         # a pool of `workers` started early (process.start_pool), or None
        self.args = (version, run_id, timeout)
        self.timeout = timeout
        self.max_inflight_docs = max_inflight_docs
        self.fn = fn                        # the task function (process.process_docs)
        self.initializer = initializer      # run once per worker (process.warm_up)
        self.pool = None        # the ProcessPoolExecutor of self.warm
        self.warm = None        # the WarmPool
        self.backlog: list = []  # handles of chunks submitted while the pool was starting
        self.backlog_chars = 0   # ... and the length of their texts
        self.gen = 0            # pool generation: bumped each time the pool is replaced
        self.succeeded = False  # has any task ever come back? (if not, a broken pool means broken workers)

    def _start(self):
        from .process import WarmPool, process_docs, warm_up
        self.fn = self.fn or process_docs
        self.initializer = self.initializer or warm_up
        if self.started is not None:   # adopt it (once: a pool replaced later is a new one)
            self.warm, self.started = self.started, None
        else:
            self.warm = WarmPool(self.workers, self.initializer)
        self.pool = self.warm.executor

    @property
    def starting(self) -> bool:
        """Are the pool's processes still being started? (Chunks submitted meanwhile wait here.)"""
        return self.pool is not None and self.warm.starting

    def _send_backlog(self) -> None:
        backlog, self.backlog, self.backlog_chars = self.backlog, [], 0
        ahead = 0
        for h in backlog:
            h.future, h.gen, h.ahead = self._submit_now(h.docs), self.gen, ahead
            ahead += len(h.docs)

    def _submit_now(self, docs):
        from concurrent.futures.process import BrokenProcessPool
        try:
            return self.pool.submit(self.fn, docs, *self.args)
        except BrokenProcessPool:   # a worker died since the last result: the failing chunk is found later
            self._restart()
            return self.pool.submit(self.fn, docs, *self.args)

    def _restart(self):
        self.close(kill=True)
        self.gen += 1
        self._start()
        self.warm.wait()

    def submit(self, docs):
        if self.pool is None:
            self._start()
        h = _Handle(docs, None, self.gen)
        if self.warm.starting:
            self.backlog.append(h)
            self.backlog_chars += sum(len(d.text) for d in docs)
        else:
            if self.backlog:
                self._send_backlog()
            h.future = self._submit_now(docs)
        return h

    def ready(self, h) -> bool:
        if h.future is None:
            if self.warm.starting:
                return False
            self._send_backlog()
        return h.future.done()

    def _limit(self, ndocs: int, queued: int) -> float | None:
        # Watchdog: only reached if the in-worker timer could not fire (a C call that never returns).
        if not self.timeout:
            return None
        return self.timeout * (queued / max(self.workers, 1) + ndocs) + 120

    def result(self, h):
        from concurrent.futures import CancelledError
        from concurrent.futures import TimeoutError as FutTimeout
        from concurrent.futures.process import BrokenProcessPool
        if h.future is None:
            self.warm.wait()
            self._send_backlog()
        try:
            res = h.future.result(timeout=self._limit(len(h.docs), max(h.ahead, self.max_inflight_docs)))
            self.succeeded = True
            return res
        except (BrokenProcessPool, CancelledError):
            if h.gen != self.gen:   # lost with a pool replaced since: send it again as it was
                return self.result(self.submit(h.docs))
        except FutTimeout:
            pass
        return self._isolate(h.docs)

    def _isolate(self, docs):
        from concurrent.futures import CancelledError
        from concurrent.futures import TimeoutError as FutTimeout
        from concurrent.futures.process import BrokenProcessPool
        self._restart()
        results = []
        failed_in_a_row = 0
        err: BaseException | None = None   # the last pool failure (none when only timeouts)
        for d in docs:
            why = None
            for _attempt in range(2):
                fut = self.pool.submit(self.fn, [d], *self.args)
                try:
                    results.append(fut.result(timeout=self._limit(1, 0)))
                    self.succeeded = True
                    why = None
                    break
                except (BrokenProcessPool, CancelledError) as e:
                    why = ("error", "the worker process died while processing it")
                    err = e
                except FutTimeout:
                    why = ("timeout", "the worker stalled beyond the time limit and was replaced")
                    err = None
                self._restart()
            if why is not None:
                failed_in_a_row += 1
                if not self.succeeded and failed_in_a_row >= 3 and err is not None:
                    # not a bad document: the workers never work (three stalls in a row, with no
                    # worker dying, are three timeouts: real documents, each its own reject)
                    raise RuntimeError(f"the worker processes die before finishing any task ({err!r}); "
                                       "try --workers 1 to see why")
                results.append(([("reject", *why)], _empty_tables()))
            else:
                failed_in_a_row = 0
        return _merge(results)

    def close(self, kill=False):
        for pool in (self.warm, self.started):
            if pool is not None:
                stop_pool(pool, kill=kill)
        self.pool = self.warm = self.started = None


# ============================================================================ the run
class Runner:
    def __init__(self, ds, run_id: str, version: str, *, workers: int, reprocess: bool, timeout: float | None,
                 dask: str | None, batch_size: int, chunk_size: int, progress: bool,
                 max_bytes: int = DEFAULT_MAX_BYTES, pool=None):
        self.ds = ds
        self.early_pool = pool   # process.start_pool(workers), started by the CLI, or None
        self.run_id = run_id
        self.version = version
        self.reprocess = reprocess
        self.timeout = timeout
        self.dask = dask
        self.n_workers = max(1, workers)
        self.batch_size = max(1, batch_size)
        self.chunk_size = max(1, chunk_size)
        self.max_inflight = self.n_workers * 2 + 1
        self.max_queue = max(256, self.chunk_size * self.max_inflight * 4)
        self.progress = progress
        self.max_bytes = max_bytes
        self.no_text = False   # leave articles.text / sentences.text out (run(no_text=True))
        self.given: dict[str, str] = {}   # file source -> the path as typed, where they differ (run())
        self.on_resolved = None   # called once per input resolved (the progress display)
        self.summary = RunSummary(run_id, workers=self.n_workers, pipeline_version=version)
        self.started = _now()
        self.t0 = time.time()
        self._executor = None
        self.orphan_pass = False
        # authoritative state
        self.by_source: dict[str, Rec] = {}
        self.by_sha: dict[str, str] = {}            # content hash -> source of the live article
        self.dups_of: dict[str, set[str]] = {}      # article id -> sources recorded as its duplicates
        self.dup_counted: dict[str, str] = {}       # duplicate sources resolved this run -> counter used
        self.predicted: set[str] = set()            # content hashes predicted to be processed this run
        # queue
        self.queue: deque[Unit] = deque()
        self.filling: Task | None = None            # the chunk being filled with predicted units
        self.inflight: set[int] = set()             # ids of tasks sent and not fully resolved
        self._reset_batch()
        self.nbatch = 0
        self.committed = replace(self.summary)
        self.in_commit: tuple[int, RunSummary] | None = None   # (seq, counts) of a commit under way
        self.rebuilt_index: list[str] | None = None   # damaged index files replaced by a rebuilt index
        self.cleaning_warm: set[str] = set()   # kinds whose cleaning rules are loaded (outside the time limit)

    # ------------------------------------------------------------------ state
    def load_index(self, bad: frozenset[str] = frozenset()) -> None:
        """The index into memory; `bad`: damaged live files (`store.footer_check`). A damaged
        index file makes the index be rebuilt from the tables' intact files instead."""
        from .store import INDEX_DIR
        if any(f"{INDEX_DIR}/{f}" in bad for f in self.ds.manifest["index"]):
            self.rebuilt_index = list(self.ds.manifest["index"])
            self._adopt_tables(bad)
            for rec in self.by_source.values():
                if rec.outcome == "article":
                    self.by_sha[rec.content_sha256] = rec.source
                elif rec.outcome == "duplicate":
                    self.dups_of.setdefault(rec.article_id, set()).add(rec.source)
            return
        idx = self.ds.read_index()
        assert tuple(idx.schema.names) == Rec.__slots__
        cols = [idx.column(n).to_pylist() for n in idx.schema.names]
        for values in zip(*cols, strict=True):
            rec = Rec(*values)
            if rec.outcome == "deleted":
                self.by_source.pop(rec.source, None)
            else:
                self.by_source[rec.source] = rec
        if not self.ds.manifest["index"]:
            self._adopt_tables()
        for rec in self.by_source.values():
            if rec.outcome == "article":
                self.by_sha[rec.content_sha256] = rec.source
            elif rec.outcome == "duplicate":
                self.dups_of.setdefault(rec.article_id, set()).add(rec.source)

    def _adopt_tables(self, bad: frozenset[str] = frozenset()) -> None:
        """A dataset written before the index existed, or whose index is damaged: rebuild the
        index from its tables (the first commit saves it), leaving out damaged files. A source
        found in several parts keeps its latest row; the older ones are deleted with that commit."""
        from .store import read_parquet
        found = False
        for table, outcome, key in (("articles", "article", "article_id"), ("duplicates", "duplicate", "duplicate_of"),
                                    ("rejects", "reject", None)):
            for fname in sorted(self.ds.files(table)):
                if f"{table}/{fname}" in bad:
                    continue
                part = fname[len("part-"):-len(".parquet")] if fname.startswith("part-") else fname
                for r in read_parquet(self.ds.path / table / fname, SCHEMAS[table]).to_pylist():
                    found = True
                    prev = self.by_source.get(r["source"])
                    if prev is not None:
                        self._drop(prev, keep_dups=True)
                    self._set(r["source"], Rec(
                        r["source"], outcome, r[key] if key else None, r.get("content_sha256"), None,
                        r.get("pipeline_version") or (None if outcome == "article" else self.version), part,
                        r.get("run_id"), r.get("reason"), r.get("detail")))
        if found:
            self.by_sha.clear()
            self.dups_of.clear()

    def repair(self, damage) -> str:
        """Damaged or missing live files (`store.footer_check`, `store.check`) out of the
        dataset, in one commit: every table's file of a damaged batch part is removed, and the
        inputs whose rows it held (with the duplicates of its articles) become orphans, read
        again from their sources at the end of this run; a damaged index is rebuilt from the
        tables; a damaged runs file is dropped; a damaged manifest, rebuilt from the files on
        disk when the dataset was opened, is written by this commit (or the run's first).
        Returns the one line that says what was done."""
        from .store import INDEX_DIR, MANIFEST, part_file
        bad = {d.file for d in damage}
        parts, runs = set(), set()
        for rel in sorted(bad):
            table, fname = rel.split("/", 1) if "/" in rel else (rel, "")
            if table == "runs":
                runs.add(rel)
            elif table in SCHEMAS and fname.startswith("part-") and fname.endswith(".parquet"):
                parts.add(fname[len("part-"):-len(".parquet")])
            elif table == INDEX_DIR and not fname:   # the index disagrees with the tables
                bad.update(f"{INDEX_DIR}/{f}" for f in self.ds.manifest["index"])
        self.load_index(frozenset(bad))
        affected = sorted(s for s, r in self.by_source.items() if r.part in parts)
        for src in affected:
            rec = self.by_source.get(src)
            if rec is None or rec.outcome == "orphan":
                continue
            self._drop(rec, orphan_source=rec.outcome == "article")
            if rec.outcome != "article":
                self._orphan(src)
        for p in parts:
            self.b_deletes.pop(p, None)   # removed whole below, never read
        rebuilt = self.rebuilt_index

        def remove(txn):
            for p in parts:
                for t in SCHEMAS:
                    if self.ds.has(f"{t}/{part_file(p)}"):
                        txn.rewrite[f"{t}/{part_file(p)}"] = None
            for rel in runs:
                txn.rewrite[rel] = None
            if rebuilt is not None:
                import pyarrow as pa

                from .store import INDEX_SCHEMA
                txn.index = pa.Table.from_pylist([r.row() for r in self.by_source.values()], schema=INDEX_SCHEMA)
                txn.drop_index = rebuilt
        self.flush(extra=remove)
        self.summary = RunSummary(self.run_id, workers=self.n_workers, pipeline_version=self.version)
        self.committed = replace(self.summary)
        self.dup_counted.clear()
        what = "; ".join(d.line() for d in sorted(damage, key=lambda d: d.file)[:5])
        more = f" (and {len(damage) - 5} more)" if len(damage) > 5 else ""
        done = [f"{len(affected)} input(s) to read again"] if parts else []
        if MANIFEST in bad:
            done.append("manifest rebuilt from the files on disk")
        if rebuilt is not None:
            done.append("index rebuilt from the tables")
        if runs:
            done.append(f"{len(runs)} runs file(s) dropped")
        return f"repaired {len(damage)} damaged file(s): {what}{more}; " + ", ".join(done or ["nothing else lost"])

    def _reset_batch(self) -> None:
        self.b_tasks: dict[int, tuple[Task, list[str]]] = {}
        self.b_given: dict[str, str] = {}   # article id -> its source as typed (articles.source_given)
        self.b_articles = 0
        self.b_text = 0
        self.b_dups: dict[str, dict] = {}
        self.b_rejects: dict[str, dict] = {}
        self.b_drop_aids: set[str] = set()
        self.b_deletes: dict[str, dict[str, set[str]]] = {}
        self.b_index: dict[str, Rec | None] = {}

    def _shown(self, source: str) -> str:
        """`source` as this run was given it: the file's path as typed, with the record's
        `:N` / `#offset` suffix; the source itself for a file not named this way (or at all)."""
        shown = self.given.get(source)
        if shown is not None:
            return shown
        for sep in (":", "#"):   # `file.jsonl:N`, `file.warc.gz#offset`
            head, _, tail = source.rpartition(sep)
            if head and tail.isdigit() and head in self.given:
                return self.given[head] + sep + tail
        return source

    def _set(self, source: str, rec: Rec | None) -> None:
        if rec is None:
            self.by_source.pop(source, None)
        else:
            self.by_source[source] = rec
        self.b_index[source] = rec

    def _canon(self, sha: str) -> Rec | None:
        src = self.by_sha.get(sha)
        return self.by_source.get(src) if src is not None else None

    def _reusable(self, rec: Rec) -> bool:
        """Rows produced by this code, and (under --reprocess) by this run."""
        return rec.pipeline_version == self.version and (not self.reprocess or rec.run_id == self.run_id)

    def _delete_rows(self, part: str | None, group: str, key: str) -> None:
        if part is None:   # written in the batch not yet committed
            if group == "duplicates":
                self.b_dups.pop(key, None)
            elif group == "rejects":
                self.b_rejects.pop(key, None)
            else:
                self.b_drop_aids.add(key)
        else:
            self.b_deletes.setdefault(part, {}).setdefault(group, set()).add(key)

    def _orphan(self, source: str) -> None:
        self._set(source, Rec(source, "orphan", run_id=self.run_id))
        counted = self.dup_counted.pop(source, None)
        if counted:   # it will be resolved (and counted) again in the orphan pass
            setattr(self.summary, counted, getattr(self.summary, counted) - 1)
            self.summary.inputs_seen -= 1

    def _drop(self, rec: Rec, keep_dups: bool = False, orphan_source: bool = False) -> None:
        if rec.outcome == "article":
            if self.by_sha.get(rec.content_sha256) == rec.source:
                del self.by_sha[rec.content_sha256]
            self._delete_rows(rec.part, "article", rec.article_id)
            if not keep_dups:
                for d in sorted(self.dups_of.pop(rec.article_id, ())):
                    drec = self.by_source.get(d)
                    if drec is not None and drec.outcome == "duplicate":
                        self._delete_rows(drec.part, "duplicates", d)
                        self._orphan(d)
            if orphan_source:
                self._orphan(rec.source)
        elif rec.outcome == "duplicate":
            self.dups_of.get(rec.article_id, set()).discard(rec.source)
            self._delete_rows(rec.part, "duplicates", rec.source)
        elif rec.outcome == "reject":
            self._delete_rows(rec.part, "rejects", rec.source)

    def _replace(self, prev: Rec | None, new: Rec) -> None:
        if prev is not None:
            keep = (prev.outcome == "article" and new.outcome == "article" and prev.article_id == new.article_id)
            self._drop(prev, keep_dups=keep)
        self._set(new.source, new)
        if new.outcome == "article":
            self.by_sha[new.content_sha256] = new.source
        elif new.outcome == "duplicate":
            self.dups_of.setdefault(new.article_id, set()).add(new.source)

    # ------------------------------------------------------------------ executor
    @property
    def executor(self):
        if self._executor is None:
            args = (self.version, self.run_id, self.timeout)
            if self.dask:
                from .distributed import DaskExecutor
                self._executor = DaskExecutor(self.dask, self.n_workers, *args)
            elif self.n_workers == 1:
                self._executor = InlineExecutor(*args)
            else:
                self._executor = PoolExecutor(self.n_workers, *args, pool=self.early_pool,
                                              max_inflight_docs=self.max_inflight * self.chunk_size)
                self.early_pool = None
            self.summary.workers = self._executor.workers
            # keep every worker busy (a Dask cluster may be larger than this machine)
            self.max_inflight = max(self.max_inflight, self._executor.workers * 2 + 1)
            self.max_queue = max(self.max_queue, self.chunk_size * self.max_inflight * 4)
        return self._executor

    def _add_to_chunk(self, u: Unit) -> None:
        if self.filling is None:
            self.filling = Task()
            self.inflight.add(id(self.filling))
        t = self.filling
        t.units.append(u)
        t.pending += 1
        u.task = t
        if len(t.units) >= self.chunk_size:
            self._submit_filling()

    def _submit_filling(self) -> None:
        t, self.filling = self.filling, None
        if t is not None:
            t.handle = self.executor.submit([u.doc for u in t.units])

    def _fetch(self, task: Task):
        if task.result is None:
            if task.handle is None:   # the chunk being filled: send it now
                self._submit_filling()
            task.result = self.executor.result(task.handle)
            task.handle = None
        return task.result

    # ------------------------------------------------------------------ reading
    def _unit(self, item) -> Unit:
        if isinstance(item, Reject):
            return Unit(item.source, reject=item)
        rs = item.digest if isinstance(item, Pending) else None
        prev = self.by_source.get(item.source)
        u = Unit(item.source, raw=item, raw_sha=rs)
        if (rs is not None and prev is not None and prev.raw_sha256 == rs and self._reusable(prev)
                and prev.outcome in ("article", "duplicate", "reject")):
            # Same bytes, same code: decoding, repairing and cleaning would give the same result.
            if prev.content_sha256 is not None:   # the same text: clean only if needed
                u.sha = prev.content_sha256
            else:                                 # the same reject, found before the text was hashed
                u.raw = None
                u.reject = Reject(item.source, prev.reason, prev.detail)
            return u
        self._clean(u)
        return u

    def _clean(self, u: Unit) -> None:
        from .identity import article_id, sha256_text
        from .process import prepare
        from .process import ArticleTimeout, time_limit
        if u.doc is not None or u.reject is not None:
            return
        fmt = "html" if getattr(u.raw, "fmt", None) == "html" else "txt"
        if fmt not in self.cleaning_warm:
            self._warm_cleaning(fmt)
        try:   # the run's own process is guarded too: a pathological input must not stall the run
            with time_limit(self.timeout):
                raw = u.raw.load() if isinstance(u.raw, Pending) else u.raw
                doc = raw if isinstance(raw, Reject) else prepare(raw)
        except ArticleTimeout:
            doc = Reject(u.source, "timeout", f"reading and cleaning took longer than {self.timeout:g}s")
        u.raw = None
        if isinstance(doc, Reject):
            u.reject = doc
            return
        u.doc = doc
        u.sha = sha256_text(doc.text)
        u.aid = article_id(doc.source, doc.url, u.sha)

    def _warm_cleaning(self, fmt: str) -> None:
        """Decoding and cleaning load their rules (and HTML its parser) on first use, about a
        second each: done once per kind, outside the time limit, so that the first input cleaned
        is not charged with it (and a rerun that cleans nothing never pays it)."""
        from .header import parse_dateline
        from .model import RawDocument
        from .process import prepare
        from .textfix import vietnamese_score
        vietnamese_score("Công đoàn")
        parse_dateline("Thứ sáu, 14/02/2020 09:45")     # compiles the dateline patterns
        text = ("Công đoàn tỉnh tổ chức hội nghị tổng kết năm 2020\n\n14/02/2020 09:45\n\n"
                "Chiều ngày 12/2/2020, Liên đoàn Lao động tỉnh tổ chức hội nghị tổng kết công tác năm.\n\n"
                "Nguyễn Văn A\n")
        if fmt == "html":
            paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
            prepare(RawDocument("warm-up.html", "html", html=f"<html><body><article>{paras}</article></body></html>"))
        else:
            prepare(RawDocument("warm-up.txt", "txt", text=text))
        self.cleaning_warm.add(fmt)

    def _predict(self, u: Unit) -> bool:
        """Does this input (probably) need segmentation and extraction?"""
        if u.sha in self.predicted:
            return False
        canon = self._canon(u.sha)
        if canon is not None and self._reusable(canon):
            return False
        prev = self.by_source.get(u.source)
        if prev is not None:
            if prev.outcome == "orphan" and not self.orphan_pass:
                return False
            if (prev.outcome == "reject" and prev.content_sha256 == u.sha and self._reusable(prev)):
                return False
        self.predicted.add(u.sha)
        return True

    def feed(self, items) -> None:
        for item in items:
            u = self._unit(item)
            self.queue.append(u)
            if u.reject is None and self._predict(u):
                self._clean(u)
                if u.reject is None:
                    self._add_to_chunk(u)
            self._drain(block=False)
            while self.queue and self._full():
                self._drain(block=True, limit=1)
        self._submit_filling()
        self._drain(block=True)

    def _full(self) -> bool:
        """Must the reading wait for results? Bounded, so memory stays flat."""
        ex = self._executor
        if getattr(ex, "starting", False):   # read and clean ahead while the workers start
            return len(self.queue) > START_QUEUE or ex.backlog_chars > START_TEXT_CHARS
        return len(self.queue) > self.max_queue or len(self.inflight) > self.max_inflight

    def _drain(self, block: bool, limit: int | None = None) -> None:
        n = 0
        while self.queue and (limit is None or n < limit):
            u = self.queue[0]
            t = u.task
            if t is not None and t.result is None and not block:
                if t.handle is None or not self.executor.ready(t.handle):
                    break
            self.queue.popleft()
            self._resolve(u)
            n += 1
            u.task = u.doc = u.raw = None   # break the unit <-> task cycle: freed now, not by a late GC
            if t is not None:
                t.pending -= 1
                if t.pending == 0:
                    self.inflight.discard(id(t))
                    t.units = []
            if (self.b_articles >= self.batch_size or self.b_text >= BATCH_TEXT_BYTES
                    or len(self.b_index) >= 8 * self.batch_size):
                self.flush()

    # ------------------------------------------------------------------ resolving
    def _count(self, what: str) -> None:
        setattr(self.summary, what, getattr(self.summary, what) + 1)

    def _resolve(self, u: Unit) -> None:
        s = u.source
        prev = self.by_source.get(s)
        if prev is not None and prev.outcome == "orphan" and not self.orphan_pass:
            return   # resolved (and counted) in the orphan pass
        self.summary.inputs_seen += 1
        if self.on_resolved is not None:
            self.on_resolved()
        if u.reject is None:
            self._resolve_doc(u, prev)
        if u.reject is not None:
            r = u.reject
            if (prev is not None and prev.outcome == "reject" and prev.content_sha256 is None
                    and prev.reason == r.reason and prev.detail == r.detail and not self.reprocess):
                return self._skip(prev, u.raw_sha)
            self._reject(prev, s, r.reason, r.detail, None, u.raw_sha)

    def _resolve_doc(self, u: Unit, prev: Rec | None) -> None:
        s = u.source
        canon = self._canon(u.sha)
        if canon is not None and self._reusable(canon):
            if canon.source == s:
                return self._skip(prev, u.raw_sha)
            if (prev is not None and prev.outcome == "duplicate" and prev.article_id == canon.article_id
                    and prev.content_sha256 == u.sha):
                self.dup_counted[s] = "skipped"
                return self._skip(prev, u.raw_sha)
            self._replace(prev, Rec(s, "duplicate", canon.article_id, u.sha, u.raw_sha, self.version, None,
                                    self.run_id))
            self.b_dups[s] = dict(source=s, source_given=self._shown(s), duplicate_of=canon.article_id,
                                  content_sha256=u.sha, run_id=self.run_id)
            self.dup_counted[s] = "duplicates"
            return self._count("duplicates")
        if (prev is not None and prev.outcome == "reject" and prev.content_sha256 == u.sha
                and self._reusable(prev)):
            return self._skip(prev, u.raw_sha)
        # process (or take the result already computed)
        self._clean(u)
        if u.reject is not None:   # cleaning skipped, yet it does not clean now: let the caller record it
            return
        task = u.task
        if task is None:   # predicted not to need it (rare): compute it now
            task = Task([u])
            task.handle = self.executor.submit([u.doc])
        outcomes, _tables = self._fetch(task)
        out = outcomes[task.units.index(u)]
        if out[0] == "reject":
            self._reject(prev, s, out[1], out[2], u.sha, u.raw_sha)
            return
        if canon is not None and canon.source != s:
            self._drop(canon, orphan_source=True)     # stale copy of this content under another source
        self._replace(prev, Rec(s, "article", u.aid, u.sha, u.raw_sha, self.version, None, self.run_id))
        self.b_tasks.setdefault(id(task), (task, []))[1].append(u.aid)
        self.b_given[u.aid] = self._shown(s)
        self.b_articles += 1
        self.b_text += len(u.doc.text)
        self._count("processed")

    def _skip(self, prev: Rec, raw_sha: str | None) -> None:
        """The input's record stays as it is. Only the raw digest it carries is brought up to
        date when the input was recognised by its content instead (its bytes changed but not
        its cleaned text, or the record predates the digest of the bytes), so that the next run
        recognises it without decoding it."""
        if raw_sha is not None and prev.raw_sha256 != raw_sha:
            rec = Rec(*(getattr(prev, k) for k in Rec.__slots__))
            rec.raw_sha256 = raw_sha
            self.by_source[prev.source] = rec   # same outcome and content: by_sha, dups_of unchanged
            self.b_index[prev.source] = rec
        self._count("skipped")

    def _reject(self, prev, source, reason, detail, sha, raw_sha) -> None:
        self._replace(prev, Rec(source, "reject", None, sha, raw_sha, self.version, None, self.run_id, reason, detail))
        self.b_rejects[source] = dict(source=source, source_given=self._shown(source), reason=reason, detail=detail,
                                      run_id=self.run_id)
        self._count("rejected")

    # ------------------------------------------------------------------ committing
    def _batch_txn(self):
        import pyarrow as pa

        from .store import INDEX_SCHEMA, Txn, part_file
        txn = Txn()
        dirty = (self.b_tasks or self.b_dups or self.b_rejects or self.b_deletes or self.b_index)
        if not dirty:
            return txn
        part = f"{self.run_id}-{self.nbatch:05d}"
        self.nbatch += 1
        fname = part_file(part)
        pieces: dict[str, list] = {t: [] for t in ARTICLE_TABLES}
        for task, aids in self.b_tasks.values():
            _outs, tables = task.result
            ok = [o[1] for o in task.result[0] if o[0] == "ok"]
            whole = len(aids) == len(ok) and set(aids) == set(ok)
            keep = None if whole else pa.array(aids, pa.string())
            if keep is not None:
                import pyarrow.compute as pc
            for t in ARTICLE_TABLES:
                tb = tables[t]
                pieces[t].append(tb if keep is None else tb.filter(pc.is_in(tb["article_id"], value_set=keep)))
        for t in ARTICLE_TABLES:
            if pieces[t]:
                tb = pa.concat_tables(pieces[t])
                if self.no_text and t in TEXT_COLUMNS:
                    tb = _without_text(tb, TEXT_COLUMNS[t])
                if t == "articles":   # the workers know the identity only: the display is the run's
                    i = tb.schema.get_field_index("source_given")
                    tb = tb.set_column(i, tb.schema.field(i), pa.array(
                        [self.b_given.get(a) for a in tb.column("article_id").to_pylist()], pa.string()))
                if self.b_drop_aids:
                    import pyarrow.compute as pc
                    tb = tb.filter(pc.invert(pc.is_in(tb["article_id"],
                                                      value_set=pa.array(sorted(self.b_drop_aids), pa.string()))))
                txn.new[f"{t}/{fname}"] = tb
        if self.b_dups:
            txn.new[f"duplicates/{fname}"] = pa.Table.from_pylist(list(self.b_dups.values()),
                                                                  schema=SCHEMAS["duplicates"])
        if self.b_rejects:
            txn.new[f"rejects/{fname}"] = pa.Table.from_pylist(list(self.b_rejects.values()),
                                                               schema=SCHEMAS["rejects"])
        if self.b_deletes:
            import pyarrow.compute as pc
        for old, groups in self.b_deletes.items():
            ofile = part_file(old)
            for group, keys in groups.items():
                tables = ARTICLE_TABLES if group == "article" else (group,)
                col = "article_id" if group == "article" else "source"
                drop = pa.array(sorted(keys), pa.string())
                for t in tables:
                    rel = f"{t}/{ofile}"
                    if not self.ds.has(rel):
                        continue
                    cur = txn.rewrite[rel] if rel in txn.rewrite else self.ds.read_file(rel)
                    if cur is None:
                        continue
                    kept = cur.filter(pc.invert(pc.is_in(cur[col], value_set=drop)))
                    txn.rewrite[rel] = kept if kept.num_rows else None
        rows = []
        for src, rec in self.b_index.items():
            if rec is None:
                rows.append(Rec(src, "deleted").row())
                continue
            if rec.part is None and rec.outcome != "orphan":
                rec.part = part
            rows.append(rec.row())
        txn.index = pa.Table.from_pylist(rows, schema=INDEX_SCHEMA) if rows else None
        return txn

    def flush(self, extra=None) -> None:
        txn = self._batch_txn()
        if extra is not None:
            extra(txn)
        if not txn.empty():
            self.in_commit = (self.ds.seq + 1, replace(self.summary))
            if txn.run_counts is None and self.run_id in self.ds.manifest.get("open_runs", ()):
                # the counts of what this commit holds: a run killed later keeps them (start())
                txn.run_counts = {self.run_id: self.summary.counts()}
            self.ds.commit(txn)
        self.committed = replace(self.summary)   # the counts of what is committed
        self.in_commit = None
        self._reset_batch()

    def committed_counts(self) -> RunSummary:
        """The counts of what the dataset holds after `recover()`: a commit interrupted past
        its commit point has landed, so its batch counts too."""
        if self.in_commit is not None and self.ds.seq >= self.in_commit[0]:
            return self.in_commit[1]
        return self.committed

    def _runs_row(self, status: str, ended: datetime | None):
        import pyarrow as pa
        s = self.summary
        return pa.Table.from_pylist([dict(
            run_id=self.run_id, started_at=self.started, ended_at=ended, inputs_seen=s.inputs_seen,
            processed=s.processed, skipped=s.skipped, duplicates=s.duplicates, rejected=s.rejected,
            pipeline_version=self.version, workers=s.workers, status=status, unsupported=s.unsupported,
            detail=s.detail)],
            schema=SCHEMAS["runs"])

    def start(self) -> None:
        """Commit this run's row (status running); runs left 'running' by a killed writer
        become 'interrupted'."""
        import pyarrow as pa

        from .store import Txn
        txn = Txn()
        counts = self.ds.manifest.get("run_counts", {})
        for rid in self.ds.manifest.get("open_runs", []):
            rel = f"runs/run-{rid}.parquet"
            if self.ds.has(rel):
                old = self.ds.read_file(rel)
                old = old.set_column(old.schema.get_field_index("status"), "status",
                                     pa.array(["interrupted"] * old.num_rows, pa.string()))
                for col, n in counts.get(rid, {}).items():   # what its last commit had counted
                    old = old.set_column(old.schema.get_field_index(col), col, pa.array([n] * old.num_rows, pa.int64()))
                txn.rewrite[rel] = old
        txn.new[f"runs/run-{self.run_id}.parquet"] = self._runs_row("running", None)
        for t, schema in SCHEMAS.items():   # every table has a file, so that `<table>/*.parquet` globs resolve
            if t != "runs" and not self.ds.files(t):
                txn.new[f"{t}/part-empty.parquet"] = schema.empty_table()
        txn.open_runs = [self.run_id]
        txn.run_counts = {}
        self.ds.commit(txn)

    def finish(self, status: str) -> None:
        """Commit the last batch with the final runs row (and, after a good run, the index
        compacted into one file: the in-memory state is then exactly the committed one)."""
        self.summary.seconds = time.time() - self.t0
        self.summary.status = status

        def add(txn):
            rel = f"runs/run-{self.run_id}.parquet"
            (txn.rewrite if self.ds.has(rel) else txn.new)[rel] = self._runs_row(status, _now())
            txn.open_runs = []
            txn.run_counts = {}
            index = list(self.ds.manifest["index"])
            if status == "ok" and len(index) + (txn.index is not None) > INDEX_COMPACT:
                import pyarrow as pa

                from .store import INDEX_SCHEMA
                txn.index = pa.Table.from_pylist([r.row() for r in self.by_source.values()], schema=INDEX_SCHEMA)
                txn.drop_index = index
        self.flush(extra=add)

    def close(self, kill=False) -> None:
        if self._executor is not None:
            try:
                self._executor.close(kill=kill)
            finally:
                self._executor = None

    # ------------------------------------------------------------------ orphans
    def resolve_orphans(self, max_rounds: int = 3) -> None:
        """Read again the inputs whose record was dropped with the article they duplicated."""
        self.orphan_pass = True
        done: set[str] = set()
        for _ in range(max_rounds):
            orphans = sorted(s for s, r in self.by_source.items() if r.outcome == "orphan" and s not in done)
            if not orphans:
                break
            done.update(orphans)
            self.feed(self._reread(orphans))
        self.orphan_pass = False

    def _reread(self, sources: list[str]):
        by_file: dict[str, set[str]] = {}
        from .identity import source_path
        for s in sources:
            path = source_path(s)
            if not os.path.isfile(path):
                for sep in (":", "#"):   # `file.jsonl:N`, `file.warc.gz#offset`
                    head, _, tail = s.rpartition(sep)
                    if head and tail.isdigit():
                        path = source_path(head)
                        break
            by_file.setdefault(path, set()).add(s)
        for path in sorted(by_file):
            wanted = by_file[path]
            found = set()
            if os.path.isfile(path):
                for item in scan_file(Path(path), self.max_bytes):
                    if item.source in wanted:
                        found.add(item.source)
                        yield item
            for s in sorted(wanted - found):    # the input is gone: nothing left to record
                self._set(s, None)


# --no-text: the article texts left out of the dataset (copyright); offsets are kept.
TEXT_COLUMNS = {"articles": ("text",), "sentences": ("text", "tokens")}


def _without_text(tb, columns):
    import pyarrow as pa
    for c in columns:
        i = tb.schema.get_field_index(c)
        tb = tb.set_column(i, tb.schema.field(i), pa.nulls(tb.num_rows, tb.schema.field(i).type))
    return tb


def _inputs(files, max_bytes, bar, unsupported=()):
    for f in files:
        n = 0
        for item in scan_file(f, max_bytes):
            n += 1
            if n > 1 and bar is not None:   # a JSONL file: one input per line
                bar.add_total(1)
            yield item
    for f in unsupported:   # files of kinds not read: each is a reject, so every file is accounted for
        yield unsupported_reject(f)


def run(inputs: list[str], out: str, workers: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
        progress: bool = True, reprocess: bool = False, dask: str | None = None, timeout: float | None = 60.0,
        batch_size: int = DEFAULT_BATCH, chunk_size: int = DEFAULT_CHUNK, pool=None,
        skip_unsupported: bool = False, no_text: bool = False, damage=None, **_ignored) -> RunSummary:
    """Process `inputs` into the dataset at `out`; see the module docstring.

    `pool`: worker processes already started (`process.start_pool(workers)`), which the
    run adopts when it needs its pool, and stops when it ends in any case.
    `skip_unsupported`: files of kinds not read (`.pdf`, ...) found in folders are counted
    (`RunSummary.unsupported`, `runs.unsupported`) instead of becoming rejects.
    `no_text`: the articles written by this run are stored without their text
    (`articles.text`, `sentences.text` and `sentences.tokens` NULL; every offset kept).
    `damage`: problems found by `store.check`, repaired with those the run's own footer check finds."""
    try:
        return _run(inputs, out, workers, max_bytes, progress, reprocess, dask, timeout, batch_size, chunk_size, pool,
                    skip_unsupported, no_text, damage)
    finally:
        if pool is not None:   # never adopted (nothing to process, an error), or closed already: a no-op
            stop_pool(pool, kill=True)


def _run(inputs, out, workers, max_bytes, progress, reprocess, dask, timeout, batch_size, chunk_size, pool,
         skip_unsupported=False, no_text=False, damage=None):
    from .store import Dataset

    import math

    from . import UserError
    from .store import arrow_without_pandas
    if timeout is not None and timeout != 0 and not (math.isfinite(timeout) and timeout > 0):
        raise UserError(f"--timeout must be positive and finite, or 0 for no limit (got {timeout})")
    timeout = timeout or None
    if max_bytes < 1:
        raise UserError(f"--max-bytes must be positive (got {max_bytes})")
    unsupported: list[Path] = []
    given: dict[Path, Path] = {}
    files = expand(inputs, unsupported, given)   # paths only; contents are read one file at a time
    arrow_without_pandas()
    if workers is not None and workers < 1:
        from . import UserError
        raise UserError(f"--workers must be at least 1 (got {workers})")
    run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    ds = Dataset(out).open()
    runner = None
    bar = None
    try:
        from .entities import read_aliases
        aliases = read_aliases(out)   # before any work: a malformed aliases.tsv stops the run at once
        runner = Runner(ds, run_id, pipeline_version(), workers=workers or default_workers(), reprocess=reprocess,
                        timeout=timeout, dask=dask, batch_size=batch_size, chunk_size=chunk_size, progress=progress,
                        max_bytes=max_bytes, pool=pool)
        runner.no_text = no_text
        from .identity import source_name
        runner.given = {source_name(ident): source_name(g) for ident, g in given.items() if g != ident}
        from .store import MANIFEST, Damage, check, footer_check
        if ds.damaged_manifest is not None:   # rebuilt from the files on disk: check them in full
            found = [Damage(MANIFEST, ds.damaged_manifest)] + check(ds.path, manifest=ds.manifest)
        else:
            found = footer_check(ds.path, ds.manifest)
        damage = found + [d for d in (damage or ()) if d.file not in {f.file for f in found}]
        if damage:
            runner.summary.detail = runner.repair(damage)
            print(f"warning: {runner.summary.detail}", file=sys.stderr)
            detail = runner.summary.detail
        else:
            runner.load_index()
            detail = None
        if skip_unsupported:
            runner.summary.unsupported, unsupported = len(unsupported), []
        if dask:   # connect (or start the local cluster) before anything is committed
            _ = runner.executor
        runner.summary.detail = detail
        runner.start()
        if progress:   # counts inputs finished (Runner.on_resolved), with rate and ETA
            from .progress import Progress
            bar = Progress(len(files) + len(unsupported))
            runner.on_resolved = bar.update
        runner.feed(_inputs(files, max_bytes, bar, unsupported))
        runner.resolve_orphans()
        runner.close()
        runner.finish("ok")
        from .entities import rebuild
        rebuild(ds, aliases)   # one row per cluster-year, organisation, person (a commit of its own)
        return runner.summary
    except BaseException as e:
        if runner is not None and runner.ds.has(f"runs/run-{run_id}.parquet"):
            status = "interrupted" if isinstance(e, KeyboardInterrupt) else "failed"
            runner.close(kill=True)
            try:   # best effort: record how the run ended (the batch in progress is dropped)
                ds.recover()
                runner._reset_batch()
                runner.summary = replace(runner.committed_counts(), workers=runner.summary.workers,
                                         detail=None if status == "interrupted" else f"{type(e).__name__}: {e}"[:500])
                runner.in_commit = None
                runner.finish(status)
            except BaseException:
                if not isinstance(e, (KeyboardInterrupt, OSError)):   # a full disk fails this too: said once
                    traceback.print_exc(file=sys.stderr)
        raise
    finally:
        if bar is not None:
            bar.close()
        ds.close()
