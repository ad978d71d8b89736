"""bench: a corpus of distinct, deterministic articles from the seeds, and the measurement loop.
(Speed goals are measured by `python -m pipeline bench`, never asserted here.)"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from pipeline import bench

SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"


def test_corpus_is_distinct_deterministic_and_seed_like(tmp_path):
    a = bench.make_corpus(40, tmp_path / "a")
    b = bench.make_corpus(40, tmp_path / "b")
    texts = [p.read_text(encoding="utf-8") for p in a]
    assert [p.name for p in a] == [f"{i:06d}.txt" for i in range(40)]
    assert texts == [p.read_text(encoding="utf-8") for p in b]            # deterministic
    assert len({hashlib.sha256(t.encode()).digest() for t in texts}) == 40  # all distinct
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i, t in enumerate(texts[:5]):   # same header line and paragraphs as its seed, reordered
        seed = seeds[i]
        assert t.splitlines()[0] == seed.splitlines()[0] or any(c.isdigit() for c in seed.splitlines()[0])
        strip = lambda s: sorted(l.strip() for l in bench._NUM.sub("#", s).splitlines() if l.strip())
        assert strip(t) == strip(seed)


def test_measure_times_a_subprocess_and_its_memory():
    m = bench.measure([sys.executable, "-c", "x = bytearray(60 * 2**20); print('done')"])
    assert m.stdout.strip() == "done" and m.seconds > 0
    assert m.maxrss_mb >= 60


def test_measure_sees_processes_the_command_does_not_wait_for():
    """Pool workers are forked by a fork server the run never waits for: wait4's figure misses
    them, the sampled figures must not."""
    child = "import time; x = bytearray(80 * 2**20); x[::4096] = b'1' * len(x[::4096]); time.sleep(0.8)"
    code = f"import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', {child!r}]); time.sleep(0.9)"
    for pss in (False, True):
        m = bench.measure([sys.executable, "-c", code], pss=pss)
        assert m.maxrss_mb >= 80 and m.tree_mb >= 80


def test_measure_tells_the_run_s_own_process_from_its_children():
    """`--jsonl` reports the run's own process alone: a child's 80 MB are the child's figure."""
    child = "import time; x = bytearray(80 * 2**20); x[::4096] = b'1' * len(x[::4096]); time.sleep(0.8)"
    code = f"import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', {child!r}]); time.sleep(0.9)"
    m = bench.measure([sys.executable, "-c", code], pss=True)
    assert m.child_mb >= 80 and 0 < m.main_mb < 60, (m.main_mb, m.child_mb)


def test_jsonl_corpus_is_distinct_records_of_the_size_asked(tmp_path):
    import json
    p = bench.make_jsonl(30, tmp_path / "r.jsonl", record_bytes=6000)
    recs = [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 30 and len({r["text"] for r in recs}) == 30
    assert all(6000 <= len(r["text"].encode()) < 6000 + 4000 for r in recs)
    assert p.read_bytes() == bench.make_jsonl(30, tmp_path / "again.jsonl", record_bytes=6000).read_bytes()


def test_memory_mode_over_one_jsonl_file_accounts_for_every_record(tmp_path, capsys):
    assert bench.main(articles=6, workers=1, memory_only=True, jsonl=True, record_bytes=3000, keep=str(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "6 distinct records" in out and "run's own process" in out and "largest child" in out
    assert "accounted: 6 articles + 0 duplicates + 0 rejects = 6 = 6 records" in out


def test_bench_end_to_end_prints_the_figures(tmp_path, capsys):
    assert bench.main(articles=6, workers=1, keep=str(tmp_path), stages=True, repeat=2) == 0
    out = capsys.readouterr().out
    assert "median of 2 run(s)" in out and out.count("(runs: ") == 2   # both sides, each run shown
    assert "segmentation, 1 process" in out and "pipeline run --workers 1" in out
    assert "ratio pipeline/segmentation (1 worker)" in out and "second run" in out
    assert (tmp_path / "dataset-w1" / "_manifest.json").exists()
    assert "where one process spends its time" in out and "extract" in out


def test_html_corpus_gives_the_text_articles_back(tmp_path):
    """`bench --html` times the web path on the same articles: each page, cleaned, holds every
    paragraph of its text article and none of the page's chrome (the seeds' headers vary, and the
    corpus scrambles their numbers, so header lines are not compared)."""
    from pipeline.clean import clean
    from pipeline.ingest import read_file
    texts = bench.make_corpus(5, tmp_path / "t")
    pages = bench.make_html_corpus(texts, tmp_path / "h")
    assert [p.name for p in pages] == [f"{i:06d}.html" for i in range(5)]
    for t, p in zip(texts, pages):
        page, text = clean(next(read_file(p))).text, clean(next(read_file(t))).text
        paras = [l for l in text.split("\n\n") if len(l) >= 80]
        assert paras and all(l in page.split("\n\n") for l in paras), p
        for chrome in ("Tin liên quan", "Đọc nhiều", "Giấy phép", "Trang chủ", "Facebook"):
            assert chrome not in page


def test_bench_html_reports_html_input_beside_text_input(tmp_path, capsys):
    assert bench.main(articles=4, workers=1, keep=str(tmp_path), repeat=1, html=True) == 0
    out = capsys.readouterr().out
    assert "pipeline run --workers 1, HTML pages" in out and "HTML input / text input (1 worker)" in out
    assert (tmp_path / "dataset-html-w1" / "_manifest.json").exists()


def test_memory_mode_compares_two_sizes(tmp_path, capsys):
    assert bench.main(articles=10, workers=1, memory_only=True, keep=str(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "1 articles:" in out and "10 articles:" in out and "ratio 10/1" in out
