"""`python -m pipeline bench`: the whole pipeline against bare underthesea segmentation.

A corpus of N distinct articles is built from the seeds (corpus/seeds/*.txt): body paragraphs
shuffled and numbers replaced, deterministically per article, so that every article differs.
Both sides run as fresh subprocesses over the same files, process start included:

* segmentation: `python -c ...` importing underthesea and running `sent_tokenize` then
  `word_tokenize` on every sentence of every file (a spawn pool of W processes for W > 1);
* pipeline: `python -m pipeline run DIR --out TMP --workers W`.

Reported: seconds, articles/s, tokens/s (tokens counted by the segmentation side), peak memory
(largest single process, and the sum over the process tree: RSS, or PSS with --memory-only),
the ratio pipeline/segmentation, the speed-up of W workers over one, and a second run over the
unchanged corpus as a fraction of the first. Each figure is the median of `--repeat` runs
(default 3): one run of a 2-core machine varies by several percent. `--memory-only` compares
the peak memory of runs over N/10 and N articles instead; with `--jsonl`, of one run over a
single JSONL file of N distinct records (`--record-bytes` each, default about 10 KB), reporting
the run's own process apart from its children and checking that every record is accounted for.
"""
from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"

_NUM = re.compile(r"\d+")


def vary(text: str, i: int, attempt: int = 0) -> str:
    """Article `i`'s variant of a seed: same header lines, body paragraphs shuffled, numbers
    replaced by plausible ones (years stay years, small numbers stay small)."""
    rng = random.Random(i * 1_000_003 + attempt)
    lines = text.split("\n")
    head_n = 0
    nonempty = 0
    for k, line in enumerate(lines):   # keep the title and the date line in place
        if line.strip():
            nonempty += 1
        if nonempty == 2:
            head_n = k + 1
            break
    head, body = lines[:head_n], lines[head_n:]
    paras = [p for p in body if p.strip()]
    rng.shuffle(paras)

    def num(m: re.Match) -> str:
        s = m.group()
        if len(s) == 4 and s.startswith(("19", "20")):
            return str(rng.randint(2010, 2025))
        if len(s) <= 2:
            return str(rng.randint(1, 28))
        return str(rng.randint(10 ** (len(s) - 1), 10 ** len(s) - 1))

    out = "\n".join(head) + "\n\n" + "\n\n".join(paras) + "\n"
    return _NUM.sub(num, out)


def make_corpus(n: int, out_dir: str | Path, seeds_dir: str | Path = SEEDS) -> list[Path]:
    """Write `n` distinct articles (`000000.txt`, ...) under `out_dir`."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(Path(seeds_dir).glob("*.txt"))]
    if not seeds:
        raise FileNotFoundError(f"no seeds in {seeds_dir}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    seen: set[bytes] = set()
    paths = []
    for i in range(n):
        for attempt in range(100):
            text = vary(seeds[i % len(seeds)], i, attempt)
            h = hashlib.sha256(text.encode()).digest()
            if h not in seen:
                break
        seen.add(h)
        p = out / f"{i:06d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def make_jsonl(n: int, path: str | Path, record_bytes: int = 10_000, seeds_dir: str | Path = SEEDS) -> Path:
    """Write `n` distinct articles as the records of one JSONL file (`{"url", "text"}` a line),
    each text about `record_bytes` of UTF-8: a seed's variant (`vary`) with the shuffled body
    paragraphs of the next seeds' variants appended until it is long enough."""
    import json
    seeds = [p.read_text(encoding="utf-8") for p in sorted(Path(seeds_dir).glob("*.txt"))]
    if not seeds:
        raise FileNotFoundError(f"no seeds in {seeds_dir}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    seen: set[bytes] = set()
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            for attempt in range(100):
                text = vary(seeds[i % len(seeds)], i, attempt)
                k = 1
                while len(text.encode("utf-8")) < record_bytes:
                    more = vary(seeds[(i + k) % len(seeds)], i, attempt + 100 * k).split("\n\n")[2:]
                    for para in more:
                        if len(text.encode("utf-8")) >= record_bytes:
                            break
                        text += "\n" + para.strip() + "\n"
                    k += 1
                h = hashlib.sha256(text.encode()).digest()
                if h not in seen:
                    break
            seen.add(h)
            f.write(json.dumps({"url": f"https://bench.example.vn/tin/{i}.html", "text": text},
                               ensure_ascii=False) + "\n")
    return path


_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} - Báo Lao động Thủ đô</title>
<meta property="og:title" content="{title}"><meta name="description" content="{lead}">
<link rel="canonical" href="https://bench.example.vn/tin-tuc/{n}.html"></head>
<body><header class="site-header"><a class="logo" href="/">Báo Lao động Thủ đô</a>
<nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/cong-doan">Công đoàn</a></li>
<li><a href="/thi-dua">Thi đua</a></li><li><a href="/xa-hoi">Xã hội</a></li></ul></nav></header>
<main><div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/cong-doan">Công đoàn</a></div>
<article class="detail"><h1 class="detail-title">{title}</h1><div class="detail-time">{dateline}</div>
<div class="share"><a href="#">Facebook</a> <a href="#">Zalo</a></div>
<div class="detail-content">{body}</div></article>
<div class="related"><h3>Tin liên quan</h3><ul>{related}</ul></div></main>
<aside class="sidebar"><h3>Đọc nhiều</h3><ul>{related}</ul></aside>
<footer class="site-footer"><p>Cơ quan chủ quản: Liên đoàn Lao động thành phố</p><p>Giấy phép số 123/GP-BTTTT</p></footer>
</body></html>
"""


def make_html_corpus(texts: list[Path], out_dir: str | Path) -> list[Path]:
    """The same articles as saved news pages (`000000.html`, ...): headline in `<h1>`, the
    dateline under it, paragraphs in `<p>`, inside a site's chrome (menu, breadcrumb, share
    bar, related and most-read lists, footer), so that `bench --html` times the web path."""
    from html import escape
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, p in enumerate(texts):
        lines = [l.strip() for l in p.read_text(encoding="utf-8").splitlines() if l.strip()]
        title, dateline, paras = lines[0], lines[1] if len(lines) > 1 else "", lines[2:]
        related = "".join(f'<li><a href="/tin/{i}-{k}.html">{escape(texts[(i + k) % len(texts)].stem)} - tin khác '
                          f'về hoạt động công đoàn số {k}</a></li>' for k in range(1, 6))
        page = _PAGE.format(title=escape(title), dateline=escape(dateline), n=i, related=related,
                            lead=escape(paras[0][:200] if paras else ""),
                            body="".join(f"<p>{escape(x)}</p>" for x in paras))
        q = out / f"{i:06d}.html"
        q.write_text(page, encoding="utf-8")
        paths.append(q)
    return paths


_SEGMENT = r'''
import sys, glob
def count(paths):
    from underthesea import sent_tokenize, word_tokenize
    n = 0
    for p in paths:
        with open(p, encoding="utf-8") as f:
            text = f.read()
        for s in sent_tokenize(text):
            n += len(word_tokenize(s))
    return n
def warm():
    import underthesea  # noqa: F401
if __name__ == "__main__":
    folder, workers = sys.argv[1], int(sys.argv[2])
    files = sorted(glob.glob(folder + "/*.txt"))
    if workers == 1:
        total = count(files)
    else:
        import multiprocessing as mp
        chunks = [files[i:i + 8] for i in range(0, len(files), 8)]
        with mp.get_context("spawn").Pool(workers, initializer=warm) as pool:
            total = sum(pool.imap_unordered(count, chunks))
    print(total)
'''


_STAGES = r'''
import glob, sys, time
from pathlib import Path
t0 = time.perf_counter()
from pipeline.ingest import read_file
from pipeline.process import prepare
from pipeline.segment import segment
from pipeline.nlp import get_nlp, run_extractors
from pipeline.process import warm_up
from pipeline.identity import article_id, sha256_text
from pipeline.model import ProcessedArticle
from pipeline.records import article_rows
from pipeline.schema import ARTICLE_TABLES, SCHEMAS
from pipeline.store import arrow_without_pandas, write_parquet
arrow_without_pandas()
import pyarrow as pa
t_imp = time.perf_counter()
warm_up()   # build the nlp, load underthesea's models, freeze them out of the GC: as a worker does
nlp = get_nlp()
t = {"imports": t_imp - t0, "build nlp + load models": time.perf_counter() - t_imp}
for k in ("read", "clean", "segment", "extract", "rows", "arrow + parquet"):
    t[k] = 0.0
rows = {x: [] for x in ARTICLE_TABLES}
out = Path(sys.argv[2])
def clock(k, f, *a):
    s = time.perf_counter(); r = f(*a); t[k] += time.perf_counter() - s; return r
def flush():
    for x in ARTICLE_TABLES:
        write_parquet(pa.Table.from_pylist(rows[x], schema=SCHEMAS[x]), out)
        rows[x] = []
for n, f in enumerate(sorted(glob.glob(sys.argv[1] + "/*.txt")), 1):
    raw = clock("read", lambda: next(read_file(Path(f))))
    doc = clock("clean", prepare, raw)
    seg = clock("segment", segment, doc)
    ex = clock("extract", run_extractors, seg, nlp)
    sha = sha256_text(doc.text)
    r = clock("rows", article_rows, ProcessedArticle(article_id(doc.source, doc.url, sha), sha, seg, ex), "v", "r")
    for x in ARTICLE_TABLES:
        rows[x].extend(r.get(x, ()))
    if n % 256 == 0:
        clock("arrow + parquet", flush)
clock("arrow + parquet", flush)
for k, v in t.items():
    print(f"{k}\t{v}")
'''


@dataclass
class Measure:
    seconds: float
    maxrss_mb: float      # largest single process: its peak RSS (wait4 ru_maxrss or sampled)
    tree_mb: float        # peak of the process tree's summed RSS (or PSS), sampled
    stdout: str
    main_mb: float = 0.0  # the measured process alone: its peak RSS (VmHWM, sampled until it exits)
    child_mb: float = 0.0  # the largest of its descendants (fork server, workers): their peak RSS


def _hwm(pid: int) -> int:
    """A process's peak resident set so far (Linux VmHWM, bytes); 0 where /proc cannot tell.
    wait4's ru_maxrss cannot give the run's own process alone: it includes reaped descendants."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def measure(cmd: list[str], cwd: str | None = None, pss: bool = False) -> Measure:
    """Run `cmd`, timing it from spawn to exit and sampling its memory.

    Pool workers are forked from a fork server, which is not waited for by the run: their
    peak RSS is not in the run's `wait4` figure, so each process's RSS is also sampled (every
    50 ms). Forked processes share the pages they inherited, so summed RSS counts those once
    per process; with `pss` the tree's figure sums PSS instead (each shared page split among
    its sharers: what the tree really holds), sampled every 0.25 s since it costs ~0.5 ms a
    process to read."""
    try:
        import psutil
    except ImportError:  # pragma: no cover
        psutil = None
    interval = 0.25 if pss else 0.05
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
        tree_peak = proc_peak = main_peak = child_peak = 0
        proc = psutil.Process(p.pid) if psutil else None
        while True:
            main_peak = max(main_peak, _hwm(p.pid))   # read before wait4 reaps it
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if proc is not None:
                try:
                    procs = [proc, *proc.children(recursive=True)]
                    total = 0
                    for q in procs:
                        try:
                            if pss:
                                m = q.memory_full_info()
                                total += m.pss
                            else:
                                m = q.memory_info()
                                total += m.rss
                            proc_peak = max(proc_peak, m.rss)
                            if q is proc:
                                main_peak = max(main_peak, m.rss)
                            else:
                                child_peak = max(child_peak, m.rss, _hwm(q.pid))
                        except psutil.Error:
                            pass
                    tree_peak = max(tree_peak, total)
                except psutil.Error:
                    pass
            time.sleep(interval)
        seconds = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {stderr.strip()[-2000:]}")
    return Measure(seconds, max(ru.ru_maxrss / 1024, proc_peak / 2 ** 20), tree_peak / 2 ** 20, stdout,
                   main_peak / 2 ** 20, child_peak / 2 ** 20)


def _run_cmd(corpus: Path, out: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--workers", str(workers),
            "--no-progress"]


def _row(label: str, m: Measure, n: int, tokens: int) -> str:
    return (f"{label:<38} {m.seconds:8.2f} s {n / m.seconds:9.1f} art/s {tokens / m.seconds:10.0f} tok/s "
            f"{m.maxrss_mb:8.0f} MB max/proc {m.tree_mb:8.0f} MB tree")


def _stages(corpus: Path, root: Path, seg_seconds: float) -> None:
    script = root / "stages.py"
    script.write_text(_STAGES, encoding="utf-8")
    m = measure([sys.executable, str(script), str(corpus), str(root / "stages.parquet")])
    print("where one process spends its time (in-process, same texts; % of bare segmentation's whole run):")
    for line in m.stdout.strip().splitlines():
        k, v = line.split("\t")
        print(f"  {k:<26} {float(v):8.2f} s  {100 * float(v) / seg_seconds:6.1f}%")


def _median(ms: list[Measure]) -> Measure:
    """The run of median duration (its memory figures with it)."""
    return sorted(ms, key=lambda m: m.seconds)[len(ms) // 2]


def _spread(ms: list[Measure]) -> str:
    return "" if len(ms) < 2 else f"   (runs: {', '.join(f'{m.seconds:.2f}' for m in ms)} s)"


def main(articles: int = 600, workers: int | None = None, memory_only: bool = False, keep: str | None = None,
         stages: bool = False, repeat: int = 3, html: bool = False, jsonl: bool = False,
         record_bytes: int = 10_000) -> int:
    """Each figure is the median of `repeat` runs; the two sides' runs alternate, so that a
    machine that slows down for a while (other jobs, a noisy neighbour) slows both. With
    `html`, the same articles as saved web pages are run too, beside the text input."""
    from . import UserError
    from .runner import default_workers
    if articles < 1:
        raise UserError("--articles must be at least 1")
    if repeat < 1:
        raise UserError("--repeat must be at least 1")
    all_cores = workers or default_workers()
    root = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        if jsonl:
            return _memory_jsonl(articles, all_cores, root, record_bytes)
        if memory_only:
            return _memory(articles, all_cores, root)
        corpus = root / "corpus"
        shutil.rmtree(corpus, ignore_errors=True)
        texts = make_corpus(articles, corpus)
        pages = root / "pages"
        if html:
            shutil.rmtree(pages, ignore_errors=True)
            make_html_corpus(texts, pages)
        print(f"corpus: {articles} articles from {SEEDS} in {corpus}; median of {repeat} run(s) each", flush=True)
        # Both sides run from compiled bytecode: underthesea's was compiled when pip installed
        # it; the editable install of this package leaves ours to Python, which cannot cache it
        # when PYTHONDONTWRITEBYTECODE is set and would then recompile it in every process.
        import compileall
        compileall.compile_dir(str(Path(__file__).resolve().parent), quiet=1)
        script = root / "segment_only.py"    # a file, not -c: spawned pool workers re-import it
        script.write_text(_SEGMENT, encoding="utf-8")
        results = {}
        for w in sorted({1, all_cores}):
            segs, pipes, agains, webs = [], [], [], []
            out = root / f"dataset-w{w}"
            for _ in range(repeat):
                segs.append(measure([sys.executable, str(script), str(corpus), str(w)]))
                shutil.rmtree(out, ignore_errors=True)
                pipes.append(measure(_run_cmd(corpus, out, w)))
                agains.append(measure(_run_cmd(corpus, out, w)))
                if html:
                    web_out = root / f"dataset-html-w{w}"
                    shutil.rmtree(web_out, ignore_errors=True)
                    webs.append(measure(_run_cmd(pages, web_out, w)))
            seg, pipe, again = _median(segs), _median(pipes), _median(agains)
            tokens = int(seg.stdout.strip() or 0)
            results[w] = (seg, pipe, again, tokens)
            print(_row(f"segmentation, {w} process{'es' if w > 1 else ''}", seg, articles, tokens) + _spread(segs))
            print(_row(f"pipeline run --workers {w}", pipe, articles, tokens) + _spread(pipes))
            print(f"  ratio pipeline/segmentation ({w} worker{'s' if w > 1 else ''}): {pipe.seconds / seg.seconds:.2f}"
                  f"   second run (unchanged corpus): {again.seconds:.2f} s = "
                  f"{100 * again.seconds / pipe.seconds:.1f}% of the first", flush=True)
            if html:
                web = _median(webs)
                print(_row(f"pipeline run --workers {w}, HTML pages", web, articles, tokens) + _spread(webs))
                print(f"  HTML input / text input ({w} worker{'s' if w > 1 else ''}): {web.seconds / pipe.seconds:.2f}"
                      f"   HTML input / segmentation: {web.seconds / seg.seconds:.2f}", flush=True)
        if stages:
            _stages(corpus, root, results[1][0].seconds)
        if all_cores > 1:
            one, many = results[1][1], results[all_cores][1]
            print(f"speed-up of {all_cores} workers over 1: {one.seconds / many.seconds:.2f}x "
                  f"(segmentation alone: {results[1][0].seconds / results[all_cores][0].seconds:.2f}x)")
        return 0
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def _memory(articles: int, workers: int, root: Path) -> int:
    sizes = sorted({max(1, articles // 10), articles})
    corpus = root / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    make_corpus(articles, corpus)
    print(f"corpus: {articles} articles in {corpus}; {workers} workers", flush=True)
    peaks = {}
    for n in sizes:
        sub = root / f"corpus-{n}"
        shutil.rmtree(sub, ignore_errors=True)
        sub.mkdir()
        for i in range(n):
            os.link(corpus / f"{i:06d}.txt", sub / f"{i:06d}.txt")
        out = root / f"dataset-{n}"
        shutil.rmtree(out, ignore_errors=True)
        m = measure(_run_cmd(sub, out, workers), pss=True)
        peaks[n] = m
        print(f"{n:>7} articles: {m.seconds:8.1f} s  peak {m.maxrss_mb:7.0f} MB largest process (RSS), "
              f"{m.tree_mb:7.0f} MB process tree (PSS)", flush=True)
    if len(sizes) == 2:
        a, b = peaks[sizes[0]], peaks[sizes[1]]
        print(f"ratio {sizes[1]}/{sizes[0]}: {b.maxrss_mb / a.maxrss_mb:.2f}x largest process, "
              f"{b.tree_mb / max(a.tree_mb, 1):.2f}x process tree")
    return 0


def _memory_jsonl(records: int, workers: int, root: Path, record_bytes: int) -> int:
    """One run over a JSONL file of `records` distinct records: the peak memory of the run's
    own process (which reads the file record by record) apart from its children, and every
    record accounted for (articles + duplicates + rejects = records)."""
    from .store import live_files
    import pyarrow.parquet as pq
    path = make_jsonl(records, root / "records" / "records.jsonl", record_bytes)
    size = path.stat().st_size
    print(f"corpus: {records} distinct records, {size / 1e6:.1f} MB in {path}; {workers} workers", flush=True)
    out = root / "dataset-jsonl"
    shutil.rmtree(out, ignore_errors=True)
    m = measure(_run_cmd(path.parent, out, workers), pss=True)
    print(m.stdout.strip())
    print(f"{records} records: {m.seconds:8.1f} s  peak {m.main_mb:7.0f} MB run's own process (RSS), "
          f"{m.child_mb:7.0f} MB largest child (RSS), {m.tree_mb:7.0f} MB process tree (PSS)", flush=True)
    n = {t: sum(pq.read_metadata(f).num_rows for f in live_files(out, t)) for t in ("articles", "duplicates", "rejects")}
    total = sum(n.values())
    print(f"accounted: {n['articles']} articles + {n['duplicates']} duplicates + {n['rejects']} rejects = {total}"
          f" {'=' if total == records else '!='} {records} records")
    return 0 if total == records else 1
