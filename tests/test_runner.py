"""Batch runs: accounting, incremental skips, replacement of changed articles, duplicates,
--reprocess, version changes, the writer lock, kill-and-resume, process pool and Dask runs.

These tests assert pipeline mechanics (which rows exist, counts, equality of datasets), never
extracted values: the extractors change while this is written.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from pipeline import UserError, process, runner
from pipeline.bench import make_corpus
from pipeline.schema import ARTICLE_TABLES, SCHEMAS
from pipeline.store import Dataset, live_files, read_table

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"


# --------------------------------------------------------------------------- helpers
def run(inputs, out, **kw):
    kw.setdefault("workers", 1)
    kw.setdefault("progress", False)
    return runner.run([str(i) for i in inputs], str(out), **kw)


def rows(ds, table, drop=("run_id",)):
    """A table's rows as sorted tuples, without the columns that name the run."""
    names = [n for n in SCHEMAS[table].names if n not in drop]
    t = read_table(ds, table).select(names)
    return sorted(tuple(json.dumps(v, default=str, ensure_ascii=False) for v in r.values()) for r in t.to_pylist())


def snapshot(ds, drop=("run_id",)):
    return {t: rows(ds, t, drop) for t in SCHEMAS if t != "runs"}


def check_invariants(ds) -> dict[str, str]:
    """What must hold after any run; returns {source: outcome}."""
    ds = Path(ds)
    arts = read_table(ds, "articles").to_pylist()
    dups = read_table(ds, "duplicates").to_pylist()
    rejs = read_table(ds, "rejects").to_pylist()
    ids = [a["article_id"] for a in arts]
    assert len(ids) == len(set(ids)), "an article appears twice"
    shas = [a["content_sha256"] for a in arts]
    assert len(shas) == len(set(shas)), "two articles with the same content"
    srcs = Counter([a["source"] for a in arts] + [d["source"] for d in dups] + [r["source"] for r in rejs])
    assert all(n == 1 for n in srcs.values()), [s for s, n in srcs.items() if n > 1]
    by_id = {a["article_id"]: a for a in arts}
    for d in dups:
        assert d["duplicate_of"] in by_id and by_id[d["duplicate_of"]]["content_sha256"] == d["content_sha256"]
    for t in ARTICLE_TABLES:
        assert set(read_table(ds, t)["article_id"].to_pylist()) <= set(ids), t
    # the committed files are exactly the files a glob reader sees; nothing staged is left
    for t in SCHEMAS:
        listed = {p.name for p in live_files(ds, t)}
        assert listed == {p.name for p in (ds / t).glob("*.parquet")}, t
    assert not list((ds / ".staging").iterdir())
    # the index agrees with the tables
    with Dataset(ds) as d:
        idx = {}
        for r in d.read_index().to_pylist():
            if r["outcome"] == "deleted":
                idx.pop(r["source"], None)
            else:
                idx[r["source"]] = r["outcome"]
    truth = {**{a["source"]: "article" for a in arts}, **{x["source"]: "duplicate" for x in dups},
             **{r["source"]: "reject" for r in rejs}}
    assert idx == truth
    return truth


def twin_files(tmp_path, seed: int) -> tuple[Path, str]:
    """A folder holding a.txt and b.txt, both the text of seed number `seed`; (folder, text)."""
    c = tmp_path / "c"
    c.mkdir()
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[seed]).read_text(encoding="utf-8")
    for n in ("a.txt", "b.txt"):
        (c / n).write_text(text, encoding="utf-8")
    return c, text


def last_run(ds):
    return max(read_table(ds, "runs").to_pylist(), key=lambda r: r["started_at"])


@pytest.fixture()
def corpus(tmp_path):
    """The 5 seeds, a copy of seed 0 under another name, and an empty file (a reject)."""
    c = tmp_path / "corpus"
    c.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, c / p.name)
    first = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copy(first, c / "zz_copy_of_first.txt")
    (c / "empty.txt").write_text("   \n", encoding="utf-8")
    return c


# --------------------------------------------------------------------------- accounting
def test_first_run_accounts_for_every_input(corpus, tmp_path):
    out = tmp_path / "ds"
    s = run([corpus], out)
    assert (s.inputs_seen, s.processed, s.skipped, s.duplicates, s.rejected) == (7, 5, 0, 1, 1)
    assert s.inputs_seen == s.processed + s.skipped + s.duplicates + s.rejected
    outcome = check_invariants(out)
    assert sorted(outcome) == sorted(str(p) for p in corpus.iterdir())
    dup = read_table(out, "duplicates").to_pylist()[0]
    first = read_table(out, "articles").filter(
        __import__("pyarrow.compute").compute.equal(read_table(out, "articles")["source"],
                                                    str(corpus / sorted(p.name for p in SEEDS.glob("*.txt"))[0])))
    assert dup["source"].endswith("zz_copy_of_first.txt") and dup["duplicate_of"] == first["article_id"][0].as_py()
    r = last_run(out)
    assert (r["inputs_seen"], r["processed"], r["skipped"], r["duplicates"], r["rejected"]) == (7, 5, 0, 1, 1)
    assert r["status"] == "ok" and r["ended_at"] >= r["started_at"] and r["pipeline_version"]
    assert {a["pipeline_version"] for a in read_table(out, "articles").to_pylist()} == {r["pipeline_version"]}
    assert s.line().startswith("7 inputs: 5 articles written, 0 unchanged, 1 duplicates, 1 rejected")


def test_every_table_has_a_file_for_glob_readers(corpus, tmp_path):
    out = tmp_path / "ds"
    run([corpus], out)
    import duckdb
    for t in SCHEMAS:
        assert list((out / t).glob("*.parquet")), t
        duckdb.sql(f"SELECT count(*) FROM '{out / t}/*.parquet'").fetchall()


# --------------------------------------------------------------------------- incremental
def test_second_run_skips_everything_without_processing(corpus, tmp_path, monkeypatch):
    out = tmp_path / "ds"
    run([corpus], out)
    before = snapshot(out, drop=())
    import pipeline.ingest as ingest
    import pipeline.process as process

    def boom(*a, **k):
        raise AssertionError("an unchanged input was processed")
    monkeypatch.setattr(process, "process_docs", boom)
    monkeypatch.setattr(process, "prepare", boom)      # not even cleaned: the raw digest matches
    monkeypatch.setattr(ingest, "decode_bytes", boom)  # ... nor decoded: it is the digest of the bytes
    monkeypatch.setattr(ingest, "repair_text", boom)
    s = run([corpus], out)
    # everything unchanged, the reject included (same input, same reason: its row stays)
    assert (s.inputs_seen, s.processed, s.skipped, s.duplicates, s.rejected) == (7, 0, 7, 0, 0)
    assert snapshot(out, drop=()) == before            # not a byte of a row changed, run ids included
    check_invariants(out)


FIX = ROOT / "tests" / "fixtures"


@pytest.fixture()
def mixed(tmp_path):
    """Every kind of input: text, HTML, legacy encoding, JSONL lines (articles and rejects),
    rejects found while decoding (undecodable), while cleaning (no body) and before (empty)."""
    c = tmp_path / "mixed"
    c.mkdir()
    for p in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(p, c / p.name)
    for rel in ("hostile/random_bytes.txt", "hostile/no_body.html", "hostile/cp1258.txt", "hostile/empty.txt",
                "hostile/bad_lines.jsonl", "html/union_sonla.html", "jsonl/mixed_records.jsonl"):
        shutil.copy(FIX / rel, c / Path(rel).name)
    return c


def no_decoding(monkeypatch):
    """Make any decoding, repairing, cleaning or processing of an input fail the test."""
    import pipeline.ingest as ingest
    import pipeline.process as process

    def boom(*a, **k):
        raise AssertionError("an unchanged input was decoded, cleaned or processed")
    for mod, name in ((ingest, "decode_bytes"), (ingest, "repair_text"), (ingest, "_jsonl_line"),
                      (process, "prepare"), (process, "process_docs")):
        monkeypatch.setattr(mod, name, boom)


def index_rows(out) -> dict[str, dict]:
    with Dataset(out) as d:
        return {r["source"]: r for r in d.read_index().to_pylist()}


def test_unchanged_inputs_of_every_kind_are_skipped_without_decoding(mixed, tmp_path, monkeypatch):
    out = tmp_path / "ds"
    first = run([mixed], out)
    assert first.rejected >= 8 and first.processed >= 4
    before = snapshot(out, drop=())
    reasons = {r["source"]: r["reason"] for r in read_table(out, "rejects").to_pylist()}
    assert {"undecodable", "no_body", "empty", "bad_json", "bad_record"} <= set(reasons.values())
    with monkeypatch.context() as m:
        no_decoding(m)
        s = run([mixed], out)
    assert (s.inputs_seen, s.processed, s.skipped, s.duplicates, s.rejected) == \
        (first.inputs_seen, 0, first.inputs_seen, 0, 0)
    assert snapshot(out, drop=()) == before
    check_invariants(out)
    # a reject recognised by its bytes is the same reject: change the bytes of the undecodable
    # file and it is read again, and still the same reject (its row stays)
    bad = mixed / "random_bytes.txt"
    bad.write_bytes(bad.read_bytes() + b"\xff\xfe\x80")
    s = run([mixed], out)
    assert (s.processed, s.skipped, s.rejected) == (0, first.inputs_seen, 0)
    assert snapshot(out, drop=()) == before


def test_bytes_changed_but_not_the_cleaned_text_is_unchanged_content(corpus, tmp_path, monkeypatch):
    """CRLF line ends and trailing blanks change the bytes, not the cleaned text: the input is
    decoded and cleaned (not processed), skipped, and its index row takes the new bytes digest,
    so that the next run skips it without decoding."""
    out = tmp_path / "ds"
    run([corpus], out)
    before = snapshot(out, drop=())
    first = corpus / sorted(p.name for p in SEEDS.glob("*.txt"))[0]
    for f in (first, corpus / "zz_copy_of_first.txt"):   # the article and its duplicate
        f.write_bytes(f.read_bytes().replace(b"\n", b"\r\n") + b"   \r\n\r\n")
    old_idx = index_rows(out)
    import pipeline.process as process

    def boom(*a, **k):
        raise AssertionError("an input whose content did not change was processed")
    with monkeypatch.context() as m:
        m.setattr(process, "process_docs", boom)
        s = run([corpus], out)
    assert (s.inputs_seen, s.processed, s.skipped, s.duplicates, s.rejected) == (7, 0, 7, 0, 0)
    assert snapshot(out, drop=()) == before
    check_invariants(out)
    idx = index_rows(out)
    for src, r in idx.items():
        changed = src in (str(first), str(corpus / "zz_copy_of_first.txt"))
        assert (r["raw_sha256"] != old_idx[src]["raw_sha256"]) == changed, src
        assert {k: v for k, v in r.items() if k != "raw_sha256"} == \
            {k: v for k, v in old_idx[src].items() if k != "raw_sha256"}, src
    with monkeypatch.context() as m:
        no_decoding(m)
        s = run([corpus], out)
    assert (s.inputs_seen, s.skipped) == (7, 7)
    assert snapshot(out, drop=()) == before


def _old_raw_digest(raw) -> str:
    """The raw digest of the code before the digest of the bytes: of the decoded, repaired
    RawDocument's fields but the source."""
    import hashlib
    from dataclasses import fields
    values = tuple(getattr(raw, f.name) for f in fields(raw) if f.name != "source")
    return hashlib.sha256(repr(values).encode("utf-8", "surrogatepass")).hexdigest()


def test_dataset_with_the_old_raw_digests_is_recognised_by_content_once(mixed, tmp_path, monkeypatch):
    """An index written when the raw digest was taken after decoding: the first run cleans the
    inputs again, finds every content hash (and every reject) unchanged, processes and
    duplicates nothing, and stores the new digests; the run after decodes nothing."""
    import pyarrow as pa

    from pipeline.ingest import iter_inputs
    from pipeline.model import RawDocument
    from pipeline.store import INDEX_SCHEMA, Txn
    out = tmp_path / "ds"
    first = run([mixed], out)
    before = snapshot(out, drop=())
    old = {i.source: _old_raw_digest(i) for i in iter_inputs([str(mixed)]) if isinstance(i, RawDocument)}
    rows = list(index_rows(out).values())
    with Dataset(out) as d:
        for r in rows:   # as the old code wrote them: rejects never had a raw digest
            r["raw_sha256"] = old[r["source"]] if r["content_sha256"] is not None else None
        assert sum(r["raw_sha256"] is not None for r in rows) >= 6
        d.commit(Txn(index=pa.Table.from_pylist(rows, schema=INDEX_SCHEMA), drop_index=list(d.manifest["index"])))
    import pipeline.process as process

    def boom(*a, **k):
        raise AssertionError("an unchanged input was processed")
    with monkeypatch.context() as m:
        m.setattr(process, "process_docs", boom)
        s = run([mixed], out)
    n = first.inputs_seen
    assert (s.inputs_seen, s.processed, s.skipped, s.duplicates, s.rejected) == (n, 0, n, 0, 0)
    assert snapshot(out, drop=()) == before
    check_invariants(out)
    idx = index_rows(out)
    assert all(r["raw_sha256"] not in old.values() for r in idx.values())
    with monkeypatch.context() as m:
        no_decoding(m)
        s = run([mixed], out)
    assert (s.inputs_seen, s.skipped) == (n, n)
    assert snapshot(out, drop=()) == before


def test_changed_file_is_reprocessed_and_its_old_rows_replaced(corpus, tmp_path):
    out = tmp_path / "ds"
    run([corpus], out, batch_size=2)
    target = corpus / sorted(p.name for p in SEEDS.glob("*.txt"))[2]
    old = {a["source"]: a for a in read_table(out, "articles").to_pylist()}[str(target)]
    counts = {t: read_table(out, t).num_rows for t in ARTICLE_TABLES}
    old_rows = {t: sum(1 for x in read_table(out, t)["article_id"].to_pylist() if x == old["article_id"])
                for t in ARTICLE_TABLES}
    target.write_text(target.read_text(encoding="utf-8") + "\nMột đoạn mới được thêm vào cuối bài.\n",
                      encoding="utf-8")
    s = run([corpus], out)
    assert (s.processed, s.skipped, s.duplicates, s.rejected) == (1, 6, 0, 0)
    new = {a["source"]: a for a in read_table(out, "articles").to_pylist()}[str(target)]
    assert new["content_sha256"] != old["content_sha256"] and new["article_id"] != old["article_id"]
    for t in ARTICLE_TABLES:
        ids = read_table(out, t)["article_id"].to_pylist()
        assert old["article_id"] not in ids, t
        new_rows = sum(1 for x in ids if x == new["article_id"])
        assert read_table(out, t).num_rows == counts[t] - old_rows[t] + new_rows, t
    check_invariants(out)


def test_duplicate_becomes_an_article_when_its_original_changes(tmp_path):
    c, text = twin_files(tmp_path, 1)
    out = tmp_path / "ds"
    s = run([c], out)
    assert (s.processed, s.duplicates) == (1, 1)
    assert check_invariants(out) == {str(c / "a.txt"): "article", str(c / "b.txt"): "duplicate"}
    (c / "a.txt").write_text(text + "\nĐoạn bổ sung.\n", encoding="utf-8")
    s = run([c], out)
    # a changed: its old article goes, b (which duplicated it) is read again and becomes an article
    assert (s.inputs_seen, s.processed, s.skipped, s.duplicates, s.rejected) == (2, 2, 0, 0, 0)
    assert check_invariants(out) == {str(c / "a.txt"): "article", str(c / "b.txt"): "article"}
    s = run([c], out)
    assert (s.inputs_seen, s.skipped) == (2, 2)


def test_orphan_outside_the_inputs_is_read_again(tmp_path):
    """b duplicates a; a run over a alone, after a changed, must still leave b with a record."""
    c, text = twin_files(tmp_path, 3)
    out = tmp_path / "ds"
    run([c], out)
    (c / "a.txt").write_text(text + "\nĐoạn bổ sung.\n", encoding="utf-8")
    s = run([c / "a.txt"], out)
    assert (s.inputs_seen, s.processed) == (2, 2)
    assert check_invariants(out) == {str(c / "a.txt"): "article", str(c / "b.txt"): "article"}


def test_reprocess_redoes_everything_and_replaces(corpus, tmp_path):
    out = tmp_path / "ds"
    run([corpus], out)
    before = snapshot(out)
    s = run([corpus], out, reprocess=True)
    assert (s.inputs_seen, s.processed, s.duplicates, s.rejected) == (7, 5, 0, 1)
    assert s.skipped == 1   # the duplicate: its record (same article, same content) is already right
    assert snapshot(out) == before
    assert {a["run_id"] for a in read_table(out, "articles").to_pylist()} == {s.run_id}
    check_invariants(out)


def test_version_change_reprocesses(corpus, tmp_path, monkeypatch):
    out = tmp_path / "ds"
    run([corpus], out, batch_size=3)
    before = snapshot(out)
    monkeypatch.setattr(runner, "pipeline_version", lambda: "9.9.9+test")
    s = run([corpus], out)
    assert (s.processed, s.skipped, s.duplicates, s.rejected) == (5, 2, 0, 0)
    arts = read_table(out, "articles").to_pylist()
    assert {a["pipeline_version"] for a in arts} == {"9.9.9+test"} and len(arts) == 5
    after = snapshot(out)
    for t in SCHEMAS:
        if t not in ("runs", "articles"):
            assert after[t] == before[t], t
    check_invariants(out)
    assert run([corpus], out).skipped == 7


def test_stale_article_superseded_by_another_source(tmp_path, monkeypatch):
    """After a version change, a run over the duplicate alone makes it the article, and the
    stale original (not among the inputs) is read again and becomes its duplicate."""
    c, _ = twin_files(tmp_path, 4)
    out = tmp_path / "ds"
    run([c], out)
    monkeypatch.setattr(runner, "pipeline_version", lambda: "9.9.9+test")
    s = run([c / "b.txt"], out)
    assert (s.inputs_seen, s.processed, s.duplicates) == (2, 1, 1)
    assert check_invariants(out) == {str(c / "b.txt"): "article", str(c / "a.txt"): "duplicate"}


def test_jsonl_lines_are_inputs(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:3]]
    f = c / "dump.jsonl"
    f.write_text("".join(json.dumps({"text": t, "url": f"https://x/{i}"}, ensure_ascii=False) + "\n"
                         for i, t in enumerate(texts)) + "{bad json\n", encoding="utf-8")
    out = tmp_path / "ds"
    s = run([c], out)
    assert (s.inputs_seen, s.processed, s.rejected) == (4, 3, 1)
    assert sorted(check_invariants(out)) == [f"{f}:{n}" for n in (1, 2, 3, 4)]
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[1] = json.dumps({"text": texts[1] + "\nThêm một câu.", "url": "https://x/1"}, ensure_ascii=False)
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    s = run([c], out)
    assert (s.processed, s.skipped) == (1, 3)
    check_invariants(out)


def test_batches_bound_the_part_files(tmp_path):
    c = tmp_path / "c"
    make_corpus(7, c)
    out = tmp_path / "ds"
    run([c], out, batch_size=2)
    files = live_files(out, "articles")
    assert len([f for f in files if "empty" not in f.name]) == 4
    import pyarrow.parquet as pq
    assert max(pq.ParquetFile(f).metadata.num_rows for f in files) <= 2
    check_invariants(out)


# --------------------------------------------------------------------------- time limit
def test_timeout_becomes_a_reject_and_the_run_goes_on(corpus, tmp_path, monkeypatch):
    import pipeline.process as process
    real = process.segment

    def slow(doc):
        if "zz_slow" in doc.source:
            time.sleep(30)
        return real(doc)
    monkeypatch.setattr(process, "segment", slow)
    shutil.copy(sorted(SEEDS.glob("*.txt"))[1], corpus / "zz_slow.txt")
    (corpus / "zz_slow.txt").write_text((corpus / "zz_slow.txt").read_text(encoding="utf-8") + "\nKhác.\n",
                                        encoding="utf-8")
    out = tmp_path / "ds"
    t0 = time.time()
    s = run([corpus], out, timeout=1.0)
    assert time.time() - t0 < 25
    assert (s.processed, s.rejected) == (5, 2)
    rej = {r["source"]: r for r in read_table(out, "rejects").to_pylist()}[str(corpus / "zz_slow.txt")]
    assert rej["reason"] == "timeout"
    check_invariants(out)
    monkeypatch.setattr(process, "segment", real)
    assert run([corpus], out, timeout=1.0).skipped == 8   # a known timeout is not retried


# --------------------------------------------------------------------------- lock and errors
def cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=600, **kw)


def test_concurrent_run_is_refused_with_one_line(corpus, tmp_path):
    out = tmp_path / "ds"
    with Dataset(out):
        with pytest.raises(UserError, match="in use by another run"):
            run([corpus], out)
        r = cli("run", str(corpus), "--out", str(out), "--no-progress")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: dataset") and "in use by another run" in lines[0]
    assert "Traceback" not in r.stderr


def test_unwritable_output_exits_2_with_one_line(corpus, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cli("run", str(corpus), "--out", str(blocker / "ds"), "--no-progress")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write to output folder" in lines[0]
    if os.geteuid() != 0:   # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        r = cli("run", str(corpus), "--out", str(ro / "ds"), "--no-progress")
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_cli_prints_the_summary(corpus, tmp_path):
    r = cli("run", str(corpus), "--out", str(tmp_path / "ds"), "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().startswith("7 inputs: 5 articles written, 0 unchanged, 1 duplicates, 1 rejected")
    # no progress bar when stderr is not a terminal: at most a progress line every 10 s
    assert all(l.startswith("progress: ") for l in r.stderr.splitlines()), r.stderr


# --------------------------------------------------------------------------- kill and resume
@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    c = tmp_path_factory.mktemp("big") / "corpus"
    make_corpus(30, c)
    shutil.copy(c / "000003.txt", c / "dup_of_3.txt")
    (c / "empty.txt").write_text("", encoding="utf-8")
    return c


def code_version() -> str:
    """The pipeline version of the code on disk now (not the cached one of this process)."""
    from pipeline.version import pipeline_version
    return pipeline_version.__wrapped__()


@pytest.fixture(scope="module")
def reference(big_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "ds"
    version = code_version()
    s = run([big_corpus], out, workers=1)
    assert (s.processed, s.duplicates, s.rejected) == (30, 1, 1)
    return out, version


def same_as_reference(out, reference) -> None:
    ref, version = reference
    if code_version() != version:   # someone edited pipeline code or rules while the test ran
        pytest.skip("the pipeline code changed during the test; datasets are not comparable")
    assert snapshot(out) == snapshot(ref)


def _seq(out: Path) -> int:
    try:
        return json.loads((out / "_manifest.json").read_text())["seq"]
    except (FileNotFoundError, ValueError):
        return 0


@pytest.mark.slow
def test_kill_and_resume_ends_with_the_uninterrupted_dataset(big_corpus, reference, tmp_path):
    out = tmp_path / "ds"
    rng = random.Random(7)
    kills = 0
    partial = []
    for attempt, workers in enumerate(["1", "2", "1"]):
        seq0 = _seq(out)
        p = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(big_corpus), "--out", str(out),
                              "--workers", workers, "--batch-size", "3", "--no-progress"],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 120
        while p.poll() is None and _seq(out) < seq0 + 2 + attempt % 2 and time.time() < deadline:
            time.sleep(0.005)
        time.sleep(rng.random() * 0.05)   # somewhere in the middle: processing, staging or applying
        import psutil
        try:
            workers_of_p = psutil.Process(p.pid).children(recursive=True)
        except psutil.Error:
            workers_of_p = []
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.wait()
        gone, alive = psutil.wait_procs(workers_of_p, timeout=10)
        for q in alive:   # pool workers must not outlive their parent
            q.kill()
        assert not alive, f"pool workers left running after the parent was killed: {alive}"
        partial.append(read_table(out, "articles").num_rows)
    assert kills >= 2 and any(0 < n < 30 for n in partial), partial
    s = run([big_corpus], out)
    assert s.inputs_seen == 32 and s.processed + s.skipped + s.duplicates + s.rejected == 32
    same_as_reference(out, reference)
    check_invariants(out)
    statuses = Counter(r["status"] for r in read_table(out, "runs").to_pylist())
    assert statuses["ok"] >= 1 and statuses["running"] == 0 and statuses["interrupted"] >= 1


# --------------------------------------------------------------------------- pools and Dask
@pytest.mark.slow
def test_process_pool_writes_the_same_dataset(big_corpus, reference, tmp_path):
    out = tmp_path / "ds"
    s = run([big_corpus], out, workers=2, batch_size=7)
    assert (s.processed, s.duplicates, s.rejected, s.workers) == (30, 1, 1, 2)
    same_as_reference(out, reference)
    check_invariants(out)


@pytest.mark.slow
def test_dask_local_cluster_writes_the_same_dataset(big_corpus, reference, tmp_path):
    pytest.importorskip("dask.distributed")
    out = tmp_path / "ds"
    s = run([big_corpus], out, workers=2, dask="local")
    assert (s.processed, s.duplicates, s.rejected, s.workers) == (30, 1, 1, 2)
    same_as_reference(out, reference)
    check_invariants(out)
    assert last_run(out)["workers"] == 2


def crashing_docs(docs, *args):
    """A worker task that kills its worker process on a marked document (as a segfault would)
    and otherwise returns an empty result per document (no nlp: pool mechanics only)."""
    if any("CRASH-ME" in d.text for d in docs):
        os._exit(3)
    return [("ok", d.source) for d in docs], runner._empty_tables()


def no_warm_up(run_pid):
    pass


@pytest.mark.slow
def test_pool_survives_a_worker_dying(tmp_path):
    from pipeline.model import CleanDocument
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    docs = [CleanDocument(source=f"s{i}", fmt="txt", text=t) for i, t in enumerate(texts)]
    bad = CleanDocument(source="bad", fmt="txt", text="CRASH-ME " + texts[0])
    ex = runner.PoolExecutor(2, "v", "r", 30.0, max_inflight_docs=8, fn=crashing_docs, initializer=no_warm_up)
    try:
        h1 = ex.submit([docs[0], bad, docs[1]])
        h2 = ex.submit(docs[2:])
        out1 = ex.result(h1)[0]
        out2 = ex.result(h2)[0]
        assert ex.gen >= 2   # replaced once for the failed chunk, once after the culprit failed alone
        assert ex.result(ex.submit(docs[:2]))[0] == [("ok", "s0"), ("ok", "s1")]   # the new pool works
    finally:
        ex.close(kill=True)
    assert out1 == [("ok", "s0"), ("reject", "error", "the worker process died while processing it"), ("ok", "s1")]
    assert out2 == [("ok", "s2"), ("ok", "s3"), ("ok", "s4")]


def report_warm(docs, *args):
    """A worker task that reports whether its process had the pipeline loaded before it."""
    from pipeline import process
    return [("ok", process._warm)], runner._empty_tables()


@pytest.mark.slow
def test_pool_processes_are_forked_with_the_pipeline_loaded():
    """Workers come from a fork server that loaded the pipeline once: warm at their first task
    (no_warm_up: the worker itself loads nothing)."""
    ex = runner.PoolExecutor(2, "v", "r", 30.0, max_inflight_docs=8, fn=report_warm, initializer=no_warm_up)
    try:
        outcomes = [ex.result(ex.submit([]))[0] for _ in range(3)]
    finally:
        ex.close()
    assert outcomes == [[("ok", True)]] * 3


class HeldPool(process.WarmPool):
    """A pool that starts its processes only when someone waits for it."""

    def __init__(self, workers):
        self.gate = threading.Event()
        super().__init__(workers)

    def _spawn(self):
        self.gate.wait()
        super()._spawn()

    def wait(self):
        self.gate.set()
        super().wait()


def test_chunks_submitted_while_the_pool_starts_wait_and_give_the_one_process_results():
    from pipeline.model import CleanDocument
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    chunks = [[CleanDocument(source=f"s{i}", fmt="txt", text=t)] for i, t in enumerate(texts)]
    ex = runner.PoolExecutor(2, "v", "r", 30.0, max_inflight_docs=8, pool=HeldPool(2))
    try:
        handles = [ex.submit(c) for c in chunks]
        assert ex.starting and not any(ex.ready(h) for h in handles)
        assert len(ex.backlog) == len(chunks) and ex.backlog_chars == sum(map(len, texts))
        results = [ex.result(h) for h in handles]
        assert not ex.starting and not ex.backlog
    finally:
        ex.close()
    alone = runner.InlineExecutor("v", "r", 30.0)
    for c, (outcomes, tables) in zip(chunks, results):
        ref_outcomes, ref_tables = alone.result(alone.submit(c))
        assert outcomes == ref_outcomes and outcomes[0][0] == "ok"
        assert all(tables[t].equals(ref_tables[t]) for t in ARTICLE_TABLES)


@pytest.mark.slow
def test_the_run_reads_ahead_while_the_pool_starts(big_corpus, reference, tmp_path, monkeypatch):
    """Until the pool's processes are there, the run reads and cleans every input it can (here:
    all of them) instead of waiting; then the dataset is the one-process dataset."""
    sent = []
    real = runner.PoolExecutor._send_backlog
    monkeypatch.setattr(runner.PoolExecutor, "_send_backlog",
                        lambda self: (sent.append(sum(len(h.docs) for h in self.backlog)), real(self))[1])
    s = run([big_corpus], tmp_path / "ds", workers=2, batch_size=7, pool=HeldPool(2))
    assert (s.processed, s.duplicates, s.rejected) == (30, 1, 1)
    assert sent[0] == 30   # every article to process was read and cleaned before the pool started
    same_as_reference(tmp_path / "ds", reference)


def test_a_pool_started_early_is_adopted_and_stopped(corpus, tmp_path, monkeypatch):
    """The CLI starts the pool before importing the runner; the run uses that pool (no other
    is made) and leaves none of its processes behind, used or not."""
    import concurrent.futures
    import psutil
    from pipeline import cli, process, store

    def started():
        pool = process.start_pool(2)
        pool.wait()
        return pool, [psutil.Process(pid) for pid in pool.executor._processes]

    pool, procs = started()
    made = []
    real_init = concurrent.futures.ProcessPoolExecutor.__init__
    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "__init__",
                        lambda self, *a, **k: (made.append(1), real_init(self, *a, **k))[1])
    s = run([corpus], tmp_path / "ds", workers=2, pool=pool)
    assert (s.processed, s.duplicates, s.rejected, s.workers) == (5, 1, 1, 2) and made == []
    assert procs and not psutil.wait_procs(procs, timeout=10)[1]
    # a run with nothing to process stops the pool it was given
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "blank.txt").write_text("  \n", encoding="utf-8")
    pool, procs = started()
    s = run([tmp_path / "empty"], tmp_path / "ds2", workers=2, pool=pool)
    assert s.rejected == 1 and procs and not psutil.wait_procs(procs, timeout=10)[1]
    # the CLI's test for "every input will be processed" reads the store's manifest name
    args = cli._parser().parse_args(["run", str(corpus), "--out", str(tmp_path / "ds")])
    assert store.MANIFEST == "_manifest.json" and not cli._will_process_everything(args)
    args = cli._parser().parse_args(["run", str(corpus), "--out", str(tmp_path / "new")])
    assert cli._will_process_everything(args)


def test_dataset_without_index_is_adopted_and_cleaned_up(corpus, tmp_path):
    """A dataset written before the index (no manifest, no _index, the same article in the part
    of each old run) is adopted: nothing reprocessed, the older copies of rows removed."""
    out = tmp_path / "ds"
    run([corpus], out)
    shutil.rmtree(out / "_index")
    (out / "_manifest.json").unlink()
    for t in ARTICLE_TABLES:
        for f in (out / t).glob("part-2*.parquet"):
            shutil.copy(f, f.with_name("part-00000000T000000-old.parquet"))
    assert read_table(out, "articles").num_rows == 10
    s = run([corpus], out)
    assert (s.processed, s.skipped) == (0, 7)
    check_invariants(out)
    assert read_table(out, "articles").num_rows == 5


def test_rows_that_do_not_fit_the_schema_reject_only_their_article(corpus, tmp_path, monkeypatch):
    import pipeline.records as records
    real = records.article_rows

    def broken(p, *a, **k):
        rows = real(p, *a, **k)
        if p.doc.clean.source.endswith(sorted(x.name for x in SEEDS.glob("*.txt"))[1]):
            rows["articles"][0]["n_tokens"] = "not a number"
        if p.doc.clean.source.endswith(sorted(x.name for x in SEEDS.glob("*.txt"))[3]):
            raise KeyError("boom")
        return rows
    monkeypatch.setattr(records, "article_rows", broken)
    out = tmp_path / "ds"
    s = run([corpus], out)
    assert (s.processed, s.rejected, s.duplicates) == (3, 3, 1)
    names = sorted(x.name for x in SEEDS.glob("*.txt"))
    rej = {Path(r["source"]).name: r for r in read_table(out, "rejects").to_pylist()}
    assert rej[names[1]]["reason"] == "error" and rej[names[1]]["detail"].startswith("rows do not fit the schema")
    assert rej[names[3]]["reason"] == "error" and rej[names[3]]["detail"].startswith("rows: KeyError")
    check_invariants(out)


def test_full_disk_is_one_line_exit_2_and_is_recorded(corpus, tmp_path, monkeypatch, capsys):
    """A full disk is the machine's state, not a bug: one line, exit 2, no traceback; the run is
    recorded as failed with the reason, and the next run completes the dataset."""
    from pipeline import cli
    real = runner.Runner.flush
    calls = {"n": 0}

    def flaky(self, *a, **k):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(28, "No space left on device")
        return real(self, *a, **k)
    monkeypatch.setattr(runner.Runner, "flush", flaky)
    out = tmp_path / "ds"
    assert cli.main(["run", str(corpus), "--out", str(out), "--workers", "1", "--batch-size", "2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]
    assert err[0].startswith("error: cannot write the dataset") and "No space left on device" in err[0]
    assert "rerun to resume" in err[0]
    assert last_run(out)["status"] == "failed" and "No space left" in last_run(out)["detail"]
    monkeypatch.setattr(runner.Runner, "flush", real)
    s = run([corpus], out)                 # and the next run completes the dataset
    assert s.processed == 5
    check_invariants(out)


def test_ctrl_c_right_after_a_commit_counts_that_commit(corpus, tmp_path, monkeypatch):
    """Ctrl-C landing after a batch's manifest is written, before the runner notes it:
    the runs row must count that batch, since the dataset holds it."""
    from pipeline import store
    real = store.Dataset._apply
    calls = {"n": 0}

    def apply_then_interrupt(self, j, journal):
        real(self, j, journal)
        calls["n"] += 1
        if calls["n"] == 2:        # 1: the run's start row, 2: the first batch
            raise KeyboardInterrupt
    monkeypatch.setattr(store.Dataset, "_apply", apply_then_interrupt)
    out = tmp_path / "ds"
    with pytest.raises(KeyboardInterrupt):
        run([corpus], out, workers=1, batch_size=2)
    r = last_run(out)
    n = read_table(out, "articles").num_rows
    assert r["status"] == "interrupted" and n >= 2 and r["processed"] == n


def failing_warm_up(run_pid):
    raise SystemExit("cannot start")


@pytest.mark.slow
def test_pool_whose_workers_cannot_start_fails_the_run_quickly(tmp_path):
    from pipeline.model import CleanDocument
    docs = [CleanDocument(source=f"s{i}", fmt="txt", text=f"Văn bản {i}.") for i in range(6)]
    ex = runner.PoolExecutor(2, "v", "r", 30.0, max_inflight_docs=8, fn=crashing_docs, initializer=failing_warm_up)
    t0 = time.time()
    try:
        with pytest.raises(RuntimeError, match="worker processes die before finishing any task"):
            ex.result(ex.submit(docs))
    finally:
        ex.close(kill=True)
    assert time.time() - t0 < 60


def test_time_limit_interrupts_a_regex_and_a_python_loop_in_a_thread():
    import re
    import threading
    from pipeline.process import ArticleTimeout, time_limit
    t0 = time.time()
    with pytest.raises(ArticleTimeout):    # main thread: SIGALRM, also inside the C regex engine
        with time_limit(0.3):
            re.match(r"(a+)+$", "a" * 40 + "b")
    assert time.time() - t0 < 5
    caught = []

    def in_thread():   # the way Dask runs tasks: an asynchronous exception in the thread
        try:
            with time_limit(0.3):
                while True:
                    sum(range(1000))
        except ArticleTimeout:
            caught.append(time.time() - t1)
    t1 = time.time()
    th = threading.Thread(target=in_thread)
    th.start()
    th.join(10)
    assert caught and caught[0] < 5
    with time_limit(5):    # a block that ends in time leaves nothing behind
        pass
    time.sleep(0.1)


@pytest.mark.slow
def test_ctrl_c_stops_the_workers_and_records_an_interrupted_run(big_corpus, tmp_path):
    import psutil
    out = tmp_path / "ds"
    p = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(big_corpus), "--out", str(out),
                          "--workers", "2", "--batch-size", "3"], cwd=ROOT, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 120
    while p.poll() is None and _seq(out) < 3 and time.time() < deadline:
        time.sleep(0.01)
    kids = psutil.Process(p.pid).children(recursive=True) if p.poll() is None else []
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    if p.returncode == 0:
        pytest.skip("the run finished before it could be interrupted")
    assert p.returncode == 130
    assert [l for l in err.strip().splitlines() if not l.startswith("progress: ")] == ["error: interrupted"]
    assert not psutil.wait_procs(kids, timeout=10)[1]
    r = last_run(out)
    assert r["status"] == "interrupted" and r["processed"] == read_table(out, "articles").num_rows
    check_invariants(out)


def test_no_text_leaves_the_texts_out_and_keeps_the_offsets(corpus, tmp_path):
    """--no-text: no article or sentence text is stored (copyright), every fact keeps its
    offsets and surface text, and the rows are otherwise those of a run with the text."""
    with_text, without = tmp_path / "a", tmp_path / "b"
    run([corpus], with_text)
    s = run([corpus], without, no_text=True)
    assert s.processed == 5
    arts = read_table(without, "articles").to_pylist()
    assert arts and all(a["text"] is None for a in arts)
    sents = read_table(without, "sentences").to_pylist()
    assert sents and all(x["text"] is None and x["tokens"] is None and x["token_starts"] for x in sents)
    assert rows(without, "mentions") == rows(with_text, "mentions")
    assert rows(without, "articles", drop=("run_id", "text")) == rows(with_text, "articles", drop=("run_id", "text"))
    full = {a["article_id"]: a["text"] for a in read_table(with_text, "articles").to_pylist()}
    for m in read_table(without, "mentions").to_pylist():   # offsets still point into the (unstored) text
        assert full[m["article_id"]][m["start"]:m["end"]] == m["text"]


def test_progress_counts_inputs_finished_with_lines_without_a_terminal(corpus, tmp_path, capsys, monkeypatch):
    """Without a TTY, progress lines go to stderr (here one per input: the interval is 0);
    they count inputs finished, and a JSONL file's lines raise the total as they are read."""
    import io

    from pipeline import progress
    monkeypatch.setattr(progress, "EVERY", 0.0)
    shutil.copy(ROOT / "tests" / "fixtures" / "jsonl" / "same_articles.jsonl", corpus / "crawl.jsonl")
    s = run([corpus], tmp_path / "ds", progress=True)
    lines = [l for l in capsys.readouterr().err.splitlines() if l.startswith("progress: ")]
    counts = [tuple(map(int, re.match(r"progress: (\d+)/(\d+) inputs", l).groups())) for l in lines]
    assert [d for d, _t in counts] == list(range(1, s.inputs_seen + 1))
    assert counts[-1] == (s.inputs_seen, s.inputs_seen) == (11, 11)   # 8 files, one of them 4 JSONL lines
    assert "(100%)" in lines[-1] and "/s" in lines[-1]

    tty = io.StringIO()
    tty.isatty = lambda: True
    bar = progress.Progress(3, tty)
    bar.add_total(1)
    for _ in range(4):
        bar.update()
    bar.close()
    assert "4/4" in tty.getvalue() and "input/s" in tty.getvalue()
