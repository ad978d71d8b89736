"""Runs on a Dask cluster: `run --dask tcp://scheduler:8786` or `run --dask local`.

Only the per-article work moves: the parent still reads, cleans, hashes, decides and writes
the dataset (same code, same commit protocol), so a Dask run writes the dataset a local run
writes. Workers receive chunks of cleaned documents and return Arrow rows; each worker
process builds the spaCy pipeline once (module-level cache) and keeps it.

Workers need this package importable (installed in their environment) and the same code and
rules under `models/` as the client: the pipeline version of the rows is the client's.
The per-article time limit runs in the worker's task thread (an asynchronous exception,
effective at the next Python bytecode; see `process.time_limit`).
"""
from __future__ import annotations

import threading

from . import UserError

_lock = threading.Lock()
_nlp = None


def worker_nlp():
    """The worker process's pipeline, built on first use and kept."""
    global _nlp
    with _lock:
        if _nlp is None:
            from .nlp import get_nlp
            _nlp = get_nlp()
        return _nlp


def warm_worker() -> None:
    """Build the worker's pipeline (and load underthesea's models) ahead of the first task."""
    from .model import CleanDocument
    from .segment import segment
    worker_nlp()
    segment(CleanDocument(source="<warm-up>", fmt="txt", text="Công đoàn Việt Nam."))


def process_docs_task(docs, pipeline_version, run_id, timeout):
    """The Dask task: `process.process_docs` with the worker's cached pipeline."""
    from .process import process_docs
    return process_docs(docs, pipeline_version, run_id, timeout, nlp=worker_nlp())


class DaskExecutor:
    """Same interface as the runner's local executors (submit / ready / result / close)."""

    kind = "dask"

    def __init__(self, address: str, workers: int, version: str, run_id: str, timeout):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as e:  # pragma: no cover - dask is a dependency
            raise UserError(f"--dask needs dask.distributed: {e}")
        self.args = (version, run_id, timeout)
        self.cluster = None
        if address == "local":
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=40)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(address, timeout="10s")
            except (OSError, TimeoutError, ValueError) as e:
                raise UserError(f"cannot connect to the Dask scheduler at {address}: {e}")
        nthreads = self.client.nthreads()
        self.workers = max(1, sum(nthreads.values()))
        self.client.run(warm_worker)   # every worker builds its pipeline now, in parallel

    def submit(self, docs):
        return (docs, self.client.submit(process_docs_task, docs, *self.args, pure=False))

    def ready(self, handle) -> bool:
        return handle[1].done()

    def result(self, handle):
        """The chunk's result. A chunk whose task failed (e.g. it killed its worker more than
        the scheduler's allowed_failures times) is retried one document at a time; a document
        that fails on its own becomes a reject."""
        from .runner import _empty_tables, _merge
        docs, fut = handle
        try:
            return fut.result()
        except Exception as e:
            if len(docs) == 1:
                return [("reject", "error", f"Dask task failed: {type(e).__name__}: {e}"[:500])], _empty_tables()
        return _merge([self.result(self.submit([d])) for d in docs])

    def close(self, kill: bool = False) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()
