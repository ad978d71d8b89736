"""One article through clean -> segment -> extract: the unit of work of every runner
(sequential, process pool or Dask). Pure: no I/O."""
from __future__ import annotations

import select
import signal
import threading
import time
from contextlib import contextmanager

from .clean import clean
from .identity import article_id, sha256_text
from .model import CleanDocument, ProcessedArticle, RawDocument, Reject
from .segment import load_word_model, segment

GC_YOUNG = 5000   # allocations between young-generation collections (CPython's default: 700)


def prepare(raw: RawDocument) -> CleanDocument | Reject:
    """Cheap part (cleaning): lets a runner hash the content and skip unchanged articles."""
    try:
        return clean(raw)
    except Exception as e:  # a cleaner bug must not kill the batch: the input becomes a reject
        return Reject(raw.source, "error", f"clean: {type(e).__name__}: {e}")


def process_clean(doc: CleanDocument, nlp=None) -> ProcessedArticle | Reject:
    """Expensive part: segmentation and extraction."""
    from .nlp import run_extractors
    try:
        sha = sha256_text(doc.text)
        seg = segment(doc)
        extraction = run_extractors(seg, nlp)
        return ProcessedArticle(article_id(doc.source, doc.url, sha), sha, seg, extraction)
    except Exception as e:
        return Reject(doc.source, "error", f"{type(e).__name__}: {e}")


def process(raw: RawDocument, nlp=None) -> ProcessedArticle | Reject:
    doc = prepare(raw)
    return doc if isinstance(doc, Reject) else process_clean(doc, nlp)


# --------------------------------------------------------------------------- time limit
class ArticleTimeout(BaseException):
    """Raised inside the work on one article when it exceeds its time limit. A BaseException,
    so that the `except Exception` of the stages cannot swallow it."""


@contextmanager
def time_limit(seconds: float | None):
    """Interrupt the enclosed work after `seconds` with ArticleTimeout.

    In a process's main thread (pool workers, the sequential runner) a SIGALRM interval timer:
    it also interrupts long regular-expression matches. In another thread (Dask workers run
    tasks in threads) the exception is raised asynchronously in the thread, which takes
    effect at the next Python bytecode.
    """
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread():
        def on_alarm(signum, frame):
            raise ArticleTimeout()
        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        return
    import ctypes
    tid = threading.get_ident()
    state = {"armed": True}
    lock = threading.Lock()

    def fire():
        with lock:
            if state["armed"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(ArticleTimeout))
    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["armed"] = False
            timer.cancel()
        # an exception set after the block ended but before it was delivered: clear it
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)


# --------------------------------------------------------------------------- batches
def process_docs(docs: list[CleanDocument], pipeline_version: str, run_id: str | None,
                 timeout: float | None = None, nlp=None):
    """Process cleaned documents into dataset rows: the task a worker runs.

    Returns (outcomes, tables): one outcome per doc, ("ok", article_id) or
    ("reject", reason, detail); tables maps each article table to the Arrow rows of the
    articles of this call (rows carry article_id). An article exceeding `timeout` seconds
    becomes a "timeout" reject and the next one starts at once.
    """
    if nlp is None and not _warm:
        warm_up()   # first, so that spaCy is imported with the GC paused (see warm_up)

    import pyarrow as pa

    from .nlp import get_nlp
    from .records import article_rows
    from .schema import ARTICLE_TABLES, SCHEMAS

    nlp = nlp or get_nlp()
    outcomes: list[tuple] = []
    arts: list[dict[str, list[dict]]] = []
    for doc in docs:
        try:
            with time_limit(timeout):
                res = process_clean(doc, nlp)
                if not isinstance(res, Reject):
                    art = article_rows(res, pipeline_version, run_id)
        except ArticleTimeout:
            res = Reject(doc.source, "timeout", f"processing took longer than {timeout:g}s")
        except Exception as e:   # a bug turning facts into rows: this article only
            res = Reject(doc.source, "error", f"rows: {type(e).__name__}: {e}")
        if isinstance(res, Reject):
            outcomes.append(("reject", res.reason, res.detail))
            continue
        outcomes.append(("ok", res.article_id))
        arts.append(art)

    def to_arrow(items):
        return {t: pa.Table.from_pylist([r for a in items for r in a.get(t, ())], schema=SCHEMAS[t])
                for t in ARTICLE_TABLES}
    try:
        return outcomes, to_arrow(arts)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        pass
    # some article's rows do not fit the schema: find it, reject it, keep the others
    good, k = [], 0
    for i, o in enumerate(outcomes):
        if o[0] != "ok":
            continue
        try:
            to_arrow([arts[k]])
            good.append(arts[k])
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as e:
            outcomes[i] = ("reject", "error", f"rows do not fit the schema: {type(e).__name__}: {e}"[:1000])
        k += 1
    return outcomes, to_arrow(good)


_warm = False


def warm_up(run_pid: int | None = None) -> None:
    """Worker initialiser: build the nlp and load underthesea's models once, up front.

    The garbage collector is paused meanwhile: what is loaded here (spaCy, underthesea's CRF,
    gazetteers, compiled rules) lives as long as the process, and the collections that loading
    would only walk it again and again (measured: 0.2 s of GC while importing spaCy and building
    the nlp). Then everything loaded is moved out of the collector's sight with `gc.freeze()`,
    uncollected, as the `gc` documentation advises before forking: a full collection would cost
    0.1 s of every process start to free the ~3,600 objects (~1 MB) that loading leaves in
    cycles. The young generation is then collected less often: the per-article work allocates
    hundreds of thousands of short-lived objects, and every full collection would otherwise walk
    the whole loaded pipeline again (about 1-2% of a run's time, measured).

    In a pool worker of the run process `run_pid` also: ignore Ctrl-C (the run handles it and
    stops the workers), and exit as soon as the run process is gone (killed with SIGKILL, a
    pool worker would otherwise wait forever on its task queue, and keep the fork server, its
    parent, alive)."""
    global _warm
    if run_pid is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _exit_with(run_pid)
    if _warm:
        return
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from .nlp import get_nlp
        from .store import arrow_without_pandas
        arrow_without_pandas()
        get_nlp()
        load_word_model()
        segment(CleanDocument(source="<warm-up>", fmt="txt", text="Công đoàn Việt Nam."))
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])
    _warm = True


def default_workers() -> int:
    """The cores this process may run on."""
    import os
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def pool_context():
    """The multiprocessing context of worker pools: a fork server that has loaded the pipeline.

    The server imports `pipeline.zygote` (spaCy, underthesea, the nlp, the CRF model: ~1 s)
    once; each worker is then forked from it, warm, in milliseconds. Workers of spawned pools
    each paid that second, and with the parent working chunks too, 2 cores paid it twice.
    The server runs no Python thread besides its main one when it forks (the one native
    thread it has, jemalloc's background thread from pyarrow, is handled by jemalloc's own
    fork handlers), and each worker is forked from the server, never from the run, which
    has threads."""
    import multiprocessing
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["pipeline.zygote"])
    return ctx


class WarmPool:
    """A process pool whose `workers` processes are being started in a background thread.

    Starting a process from the fork server blocks until the server has loaded the pipeline;
    meanwhile this process reads and cleans inputs ahead. `starting` says whether the
    processes are not all there yet: submit to `executor` only once it is False (its
    `submit` would block meanwhile)."""

    def __init__(self, workers: int, initializer=None):
        import os
        from concurrent.futures import ProcessPoolExecutor
        self.workers = workers
        self.executor = ProcessPoolExecutor(workers, mp_context=pool_context(),
                                            initializer=initializer or warm_up, initargs=(os.getpid(),))
        self._thread = threading.Thread(target=self._spawn, name="pool-start", daemon=True)
        self._thread.start()

    def _spawn(self) -> None:
        # A pool starts a process for a task when none is idle: `workers` trivial tasks in a
        # row start them all (should one finish first, the next real task starts the last).
        import os
        try:
            for _ in range(self.workers):
                self.executor.submit(os.getpid)
        except Exception:   # a broken pool shows on the first real task
            pass

    @property
    def starting(self) -> bool:
        return self._thread.is_alive()

    def wait(self) -> None:
        self._thread.join()


def start_pool(workers: int) -> WarmPool:
    """A pool of `workers` processes, started now (forked from the warm fork server).

    The CLI starts it before importing the runner and pyarrow, when every input will be
    processed (a new dataset or --reprocess); the runner adopts it."""
    return WarmPool(workers)


def stop_pool(pool, kill: bool = False) -> None:
    """Shut a pool down; with `kill`, kill its processes first (they may be busy or stuck)."""
    if isinstance(pool, WarmPool):
        pool.wait()
        pool = pool.executor
    if kill:
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            try:
                proc.kill()
            except Exception:
                pass
    pool.shutdown(wait=not kill, cancel_futures=True)


def _exit_with(pid: int, interval: float = 0.5) -> None:
    """Exit this process as soon as process `pid` is gone.

    A pool worker is a child of the fork server, not of the run, and the fork server lives as
    long as any worker holds its end of the server's "alive" pipe: the worker must watch the
    run itself. A pidfd becomes readable when the process exits (Linux 5.3+); elsewhere, poll."""
    import os

    def watch():
        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            os._exit(1)
        except (AttributeError, OSError):   # no pidfd: poll
            while True:
                time.sleep(interval)
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    os._exit(1)
                except PermissionError:
                    pass
        select.select([fd], [], [])
        os._exit(1)
    threading.Thread(target=watch, name="exit-with-run", daemon=True).start()
