"""Reliability, second round (issue 15): no input stops a run, a damaged dataset is found and
repaired. One test (or group) per case the hostile probe found, each failing before its fix:

1. a file name with non-UTF-8 bytes;  2. a long run of spaces inside a line;  3. the same
folder named two ways;  4. truncated or missing Parquet parts;  5. JSONL limits per record,
streamed;  6. `runs` after kill -9;  7. symlinks, FIFOs, long paths, UTF-16/CR JSONL, option
validation, unwritable folders, query bounds.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import cli, runner, store
from pipeline.identity import source_name, source_path
from pipeline.ingest import expand, read_file, scan_file, split_records
from pipeline.model import RawDocument, Reject
from pipeline.store import read_table
from pipeline.textfix import repair_text, strip_lines

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
PY = [sys.executable, "-m", "pipeline"]


def run(inputs, out, **kw):
    kw.setdefault("workers", 1)
    kw.setdefault("progress", False)
    return runner.run([str(i) for i in inputs], str(out), **kw)


def cli_run(*args, cwd=ROOT, **kw):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(PY + [str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=600, **kw)


def one_line_error(p) -> str:
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in p.stderr, p.stderr
    return lines[0]


def seeds_folder(path: Path, n: int = 5) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for p in SEEDS[:n]:
        shutil.copy(p, path / p.name)
    return path


def sources(ds) -> dict[str, list[str]]:
    return {t: sorted(read_table(ds, t).column("source").to_pylist()) for t in ("articles", "duplicates", "rejects")}


# --------------------------------------------------------------------------- 1. names
def test_file_name_with_undecodable_bytes_is_an_article_and_reruns_skip_it(tmp_path):
    folder = seeds_folder(tmp_path / "in", 2)
    odd = os.fsdecode(b"b\xff.txt")
    shutil.copy(SEEDS[2], folder / odd)
    out = tmp_path / "ds"
    s = run([folder], out)
    assert (s.processed, s.rejected, s.duplicates) == (3, 0, 0)
    stored = [src for src in sources(out)["articles"] if "\\xff" in src]
    assert stored == [source_name(os.path.abspath(folder / odd))]
    assert source_path(stored[0]) == os.path.abspath(folder / odd)      # the exact name comes back
    s = run([folder], out)
    assert (s.skipped, s.processed) == (3, 0)


def test_source_names_round_trip_for_any_bytes(tmp_path):
    for raw in (b"a\xff\xfe.txt", b"\xc3(.txt", "bài viết.txt".encode(), b"back\\xff.txt"):
        name = os.fsdecode(raw)
        (tmp_path / name).write_text("x")
        s = source_name(str(tmp_path / name))
        s.encode("utf-8")   # storable
        assert source_path(s) == str(tmp_path / name)


# --------------------------------------------------------------------------- 2. spaces
def _old_strip(text: str) -> str:
    return re.sub(r"^[^\S\n]+|[^\S\n]+$", "", text, flags=re.M)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\n\u00a0\u2003\x1fab\u3000")), max_size=40))
def test_strip_lines_is_the_regex_it_replaces(text):
    assert strip_lines(text) == _old_strip(text)


def _best_time(fn, repeat=5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def test_repair_time_grows_linearly_with_a_run_of_spaces():
    """Four times the spaces, about four times the time (the regex took sixteen: quadratic)."""
    def text(n):
        return "Tiêu đề\n\nMột" + " " * n + "hai.\n"
    small, big = text(4000), text(16000)
    t_small = _best_time(lambda: repair_text(small))
    t_big = _best_time(lambda: repair_text(big))
    assert t_big < 8 * t_small + 0.002, (t_small, t_big)


def test_200k_spaces_in_one_line_with_a_timeout_is_quick(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    head = SEEDS[0].read_text(encoding="utf-8")
    (folder / "spaces.txt").write_text(head.replace("\n", " " * 200_000 + "\n", 3), encoding="utf-8")
    t0 = time.time()
    p = cli_run("run", folder, "--out", tmp_path / "ds", "--workers", "1", "--timeout", "5", "--no-progress")
    assert p.returncode == 0 and time.time() - t0 < 120, p.stderr
    s = sources(tmp_path / "ds")
    assert len(s["articles"]) + len(s["rejects"]) == 1


def test_cleaning_in_the_runs_own_process_is_under_the_time_limit(tmp_path, monkeypatch):
    """A pathological input that is slow to clean becomes a `timeout` reject in the parent."""
    from pipeline import process
    folder = seeds_folder(tmp_path / "in", 2)
    real = process.prepare

    def slow(raw):
        if raw.source.endswith(SEEDS[1].name):
            while True:
                pass
        return real(raw)
    monkeypatch.setattr(process, "prepare", slow)
    s = run([folder], tmp_path / "ds", timeout=1)
    assert (s.processed, s.rejected) == (1, 1)
    r = read_table(tmp_path / "ds", "rejects").to_pylist()[0]
    assert r["reason"] == "timeout" and "cleaning" in r["detail"]


# --------------------------------------------------------------------------- 3. identities
def test_same_folder_relative_absolute_and_from_elsewhere_with_an_edit(tmp_path):
    folder = seeds_folder(tmp_path / "work" / "in")
    out = tmp_path / "ds"
    assert cli_run("run", "in", "--out", out, "--workers", "1", "--no-progress", cwd=tmp_path / "work").returncode == 0
    p = cli_run("run", folder, "--out", out, "--workers", "1", "--no-progress")
    assert p.returncode == 0 and "5 unchanged" in p.stdout, p.stdout
    edited = folder / SEEDS[3].name
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThêm một câu mới về công đoàn.\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    p = cli_run("run", "../work/in", "--out", out, "--workers", "1", "--no-progress", cwd=tmp_path / "elsewhere")
    assert p.returncode == 0 and "1 articles written, 4 unchanged" in p.stdout, p.stdout
    arts = read_table(out, "articles").to_pylist()
    assert len(arts) == 5 and all(os.path.isabs(a["source"]) for a in arts)
    # each row shows its file as the run that wrote it was given it
    assert {a["source_given"] for a in arts} == {f"in/{p.name}" for p in SEEDS if p != SEEDS[3]} | {
        f"../work/in/{SEEDS[3].name}"}


def test_a_relative_path_is_stored_as_typed_beside_the_absolute_source(tmp_path, monkeypatch):
    """`source` is the identity, `source_given` the path as typed, in every table: a JSONL
    record keeps its `:N`, undecodable bytes are escaped as in `source`."""
    folder = seeds_folder(tmp_path / "work" / "in", 1)
    shutil.copy(SEEDS[0], folder / "zz_copy.txt")
    odd = os.fsdecode(b"b\xff.txt")
    (folder / odd).write_text(" \n", encoding="utf-8")
    (folder / "recs.jsonl").write_text('{"text": ""}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "work")
    s = run(["in"], tmp_path / "ds")
    assert (s.processed, s.duplicates, s.rejected) == (1, 1, 2)
    rows = {t: {r["source"]: r["source_given"] for r in read_table(tmp_path / "ds", t).to_pylist()}
            for t in ("articles", "duplicates", "rejects")}
    absolute = str(folder.resolve())
    assert rows == {
        "articles": {f"{absolute}/{SEEDS[0].name}": f"in/{SEEDS[0].name}"},
        "duplicates": {f"{absolute}/zz_copy.txt": "in/zz_copy.txt"},
        "rejects": {source_name(f"{absolute}/{odd}"): "in/b\\xff.txt", f"{absolute}/recs.jsonl:1": "in/recs.jsonl:1"}}


def test_a_dataset_written_before_source_given_loads_queries_and_takes_new_runs(tmp_path):
    """Files without the column read it as NULL (store, query, check); a new run adds rows
    that have it and leaves the old rows as they are."""
    import pyarrow.parquet as pq

    import pipeline
    folder = seeds_folder(tmp_path / "in", 1)
    shutil.copy(SEEDS[0], folder / "zz_copy.txt")
    (folder / "empty.txt").write_text(" \n", encoding="utf-8")
    out = tmp_path / "ds"
    run([folder], out)
    for t in ("articles", "duplicates", "rejects"):   # as the code before the column wrote them
        for f in store.live_files(out, t):
            old = pq.read_table(f)
            pq.write_table(old.drop_columns(["source_given"]), f)
            assert "source_given" not in pq.read_schema(f).names
    assert store.check(out) == []
    assert read_table(out, "articles").column("source_given").to_pylist() == [None]
    con = pipeline.open_dataset(out)
    assert con.execute("SELECT count(*) FROM rejects WHERE source_given IS NULL").fetchone() == (1,)
    shutil.copy(SEEDS[1], folder / SEEDS[1].name)
    s = run([folder], out)
    assert (s.processed, s.skipped) == (1, 3)
    given = {r["source"]: r["source_given"] for r in read_table(out, "articles").to_pylist()}
    assert given == {str(folder / SEEDS[0].name): None, str(folder / SEEDS[1].name): str(folder / SEEDS[1].name)}
    assert store.check(out) == []


# --------------------------------------------------------------------------- 4. damage
@pytest.fixture(scope="module")
def clean_seed_dataset(tmp_path_factory):
    """The seeds, a copy of one (a duplicate) and an empty file (a reject), written in two
    batches; and what a clean run holds."""
    base = tmp_path_factory.mktemp("seedds")
    folder = seeds_folder(base / "in")
    shutil.copy(SEEDS[0], folder / "zz_copy.txt")
    (folder / "empty.txt").write_text(" \n", encoding="utf-8")
    out = base / "ds"
    run([folder], out, batch_size=3)
    return folder, out, _summary(out)


def _summary(out):
    return (sorted(read_table(out, "articles").column("article_id").to_pylist()),
            read_table(out, "mentions").num_rows, sources(out))


def _live(out) -> list[str]:
    return store.manifest_files(store.read_manifest(out))


def _last_run(out) -> dict:
    """The latest `runs` row (run ids sort by the second they started: two in one second do not)."""
    return max(read_table(out, "runs").to_pylist(), key=lambda r: r["started_at"])


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_truncating_any_live_part_is_found_and_repaired_by_the_next_run(clean_seed_dataset, tmp_path):
    folder, clean_out, expected = clean_seed_dataset
    files = _live(clean_out)
    assert len(files) > 20 and any(f.startswith("runs/") for f in files) and any(f.startswith("_index/") for f in files)
    for rel in files:
        out = tmp_path / rel.replace("/", "_")
        shutil.copytree(clean_out, out)
        _truncate(out / rel)
        found = [d.file for d in store.check(out)]
        assert rel in found, (rel, found)
        s = run([folder], out)
        assert s.status == "ok" and rel in (s.detail or ""), (rel, s.detail)
        assert _summary(out) == expected, rel
        assert store.check(out) == [], rel
        assert _last_run(out)["detail"].startswith("repaired")


def test_missing_part_truncated_index_and_reprocess(clean_seed_dataset, tmp_path):
    folder, clean_out, expected = clean_seed_dataset
    out = tmp_path / "ds"
    shutil.copytree(clean_out, out)
    part = next(f for f in _live(out) if f.startswith("mentions/part-") and "empty" not in f)
    (out / part).unlink()
    index = next(f for f in _live(out) if f.startswith("_index/"))
    _truncate(out / index)
    assert {part, index} <= {d.file for d in store.footer_check(out, store.read_manifest(out))}
    s = run([folder], out, reprocess=True)
    assert s.status == "ok" and _summary(out) == expected
    assert store.check(out) == []


def test_check_and_repair_commands(clean_seed_dataset, tmp_path):
    folder, clean_out, expected = clean_seed_dataset
    out = tmp_path / "ds"
    shutil.copytree(clean_out, out)
    assert cli_run("check", "--dataset", out).returncode == 0
    part = next(f for f in _live(out) if f.startswith("articles/part-") and "empty" not in f)
    _truncate(out / part)
    p = cli_run("check", "--dataset", out)
    assert p.returncode == 1 and f"damaged: {part}" in p.stdout, p.stdout
    p = cli_run("repair", "--dataset", out)
    assert p.returncode == 0 and "repaired 1 damaged file" in p.stdout, p.stdout + p.stderr
    assert _summary(out) == expected
    assert cli_run("check", "--dataset", out).returncode == 0
    assert "nothing to repair" in cli_run("repair", "--dataset", out).stdout


@pytest.mark.parametrize("damage", ["truncated", "not JSON"])
def test_a_damaged_manifest_is_named_by_check_and_rebuilt_by_the_next_run(clean_seed_dataset, tmp_path, damage):
    folder, clean_out, expected = clean_seed_dataset
    out = tmp_path / "ds"
    shutil.copytree(clean_out, out)
    manifest = out / "_manifest.json"
    if damage == "truncated":
        _truncate(manifest)
    else:
        manifest.write_bytes(b"\x00\xffPAR1 not a manifest")
    p = cli_run("check", "--dataset", out)
    assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
    assert [line for line in p.stdout.splitlines() if line.startswith("damaged:")] == [
        next(line for line in p.stdout.splitlines() if line.startswith("damaged: _manifest.json: not valid JSON"))]
    q = cli_run("query", "--dataset", out, "SELECT count(*) FROM articles")
    assert q.returncode == 2 and "_manifest.json is damaged" in one_line_error(q)
    p = cli_run("run", folder, "--out", out, "--workers", "1", "--no-progress")
    assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr
    warning = [line for line in p.stderr.splitlines() if "_manifest.json" in line]
    assert len(warning) == 1 and "manifest rebuilt from the files on disk" in warning[0], p.stderr
    assert "0 articles written, 7 unchanged" in p.stdout, p.stdout   # nothing needed reading again
    assert _summary(out) == expected and store.check(out) == []
    assert "_manifest.json" in _last_run(out)["detail"]


def test_repair_rebuilds_a_truncated_manifest_and_a_truncated_part_with_it(clean_seed_dataset, tmp_path):
    folder, clean_out, expected = clean_seed_dataset
    out = tmp_path / "ds"
    shutil.copytree(clean_out, out)
    part = next(f for f in _live(out) if f.startswith("mentions/part-") and "empty" not in f)
    _truncate(out / part)
    _truncate(out / "_manifest.json")
    assert [d.file for d in store.check(out)] == ["_manifest.json", part]
    p = cli_run("repair", "--dataset", out)
    assert p.returncode == 0 and "repaired 2 damaged file(s)" in p.stdout and "manifest rebuilt" in p.stdout, \
        p.stdout + p.stderr
    assert _summary(out) == expected and store.check(out) == []


def test_index_disagreeing_with_the_tables_is_rebuilt(clean_seed_dataset, tmp_path):
    folder, clean_out, expected = clean_seed_dataset
    out = tmp_path / "ds"
    shutil.copytree(clean_out, out)
    m = store.read_manifest(out)
    idx = store.read_parquet(out / "_index" / m["index"][0], store.INDEX_SCHEMA)
    store.write_parquet(idx.slice(1), out / "_index" / m["index"][0])   # one source forgotten
    m["rows"][f"_index/{m['index'][0]}"] = idx.num_rows - 1
    (out / "_manifest.json").write_text(json.dumps(m))
    assert [d.file for d in store.check(out)] == ["_index"]
    assert cli_run("repair", "--dataset", out).returncode == 0
    assert store.check(out) == [] and _summary(out) == expected


# --------------------------------------------------------------------------- 5. JSONL
def _record(i: int, size: int) -> str:
    body = SEEDS[i % len(SEEDS)].read_text(encoding="utf-8")
    text = f"Bài {i}. " + body + " " + ("Công đoàn tổ chức hội nghị. " * (size // 30))
    return json.dumps({"url": f"https://example.vn/{i}", "text": text[:size]}, ensure_ascii=False)


def test_max_bytes_is_per_record_and_every_record_is_an_input(tmp_path):
    """The probe's 6.4 MB dump of 700 records was one `too_large` reject under a 5 MB limit."""
    p = tmp_path / "dump.jsonl"
    lines = [_record(i, 5000 + 7 * i) for i in range(700)]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert p.stat().st_size > 6 * 1024 * 1024
    items = list(scan_file(p, max_bytes=5 * 1024 * 1024))
    assert len(items) == 700 and not any(isinstance(i, Reject) for i in items)
    limit = sorted(len(x.encode()) for x in lines)[350]
    items = list(scan_file(p, max_bytes=limit))
    big = [i.source for i in items if isinstance(i, Reject) and i.reason == "too_large" and "record of" in i.detail]
    assert len(items) == 700
    assert big == [f"{p}:{n}" for n, x in enumerate(lines, 1) if len(x.encode()) > limit]


def test_jsonl_is_read_in_bounded_memory(tmp_path, monkeypatch):
    import tracemalloc

    from pipeline import ingest
    p = tmp_path / "big.jsonl"
    line = (_record(0, 9000) + "\n").encode()
    with open(p, "wb") as f:
        for _ in range(2000):          # ~20 MB
            f.write(line)
    monkeypatch.setattr(ingest, "JSONL_CHUNK", 256 * 1024)
    tracemalloc.start()
    n = sum(1 for _ in scan_file(p, max_bytes=100_000))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 2000 and peak < 3 * 1024 * 1024, peak


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
def test_split_records_line_ends_across_chunk_borders(eol, chunk):
    data = eol.join([b'{"a":1}', b"", b'{"b":2}', b"  ", b'{"c":3}']) + eol
    chunks = [data[i:i + chunk] for i in range(0, len(data), chunk)]
    got = [(n, line) for n, line, _size in split_records(iter(chunks), 100) if line.strip()]
    assert got == [(1, b'{"a":1}'), (3, b'{"b":2}'), (5, b'{"c":3}')]


def test_utf16_and_cr_only_jsonl_keep_every_record(tmp_path):
    recs = [json.dumps({"text": f"Công đoàn tỉnh tổ chức hội nghị lần {i}."}, ensure_ascii=False) for i in range(3)]
    u16 = tmp_path / "u16.jsonl"
    u16.write_bytes("\n".join(recs).encode("utf-16"))     # with its BOM
    cr = tmp_path / "cr.jsonl"
    cr.write_bytes("\r".join(recs).encode("utf-8"))
    for p, repairs in ((u16, ("utf16",)), (cr, ())):
        items = list(read_file(p))
        assert [type(i).__name__ for i in items] == ["RawDocument"] * 3, items
        assert [i.source.rsplit(":", 1)[1] for i in items] == ["1", "2", "3"]
        assert all(i.repairs == repairs for i in items)


# --------------------------------------------------------------------------- 6. runs
KILL_AFTER_TWO_COMMITS = """
import os, signal, sys
from pipeline import runner
real = runner.Runner.flush
n = {"flushes": 0}
def flush(self, *a, **k):
    real(self, *a, **k)
    n["flushes"] += 1
    if n["flushes"] == 2:
        os.kill(os.getpid(), signal.SIGKILL)
runner.Runner.flush = flush
runner.run([sys.argv[1]], sys.argv[2], workers=1, progress=False, batch_size=2)
"""


def test_a_run_killed_after_a_commit_keeps_its_counts(tmp_path):
    folder = seeds_folder(tmp_path / "in")
    out = tmp_path / "ds"
    p = subprocess.run([sys.executable, "-c", KILL_AFTER_TWO_COMMITS, str(folder), str(out)], cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600)
    assert p.returncode == -signal.SIGKILL
    committed = read_table(out, "articles").num_rows
    assert committed == 4
    s = run([folder], out)
    assert s.processed == 1
    runs = sorted(read_table(out, "runs").to_pylist(), key=lambda r: r["started_at"])
    assert [r["status"] for r in runs] == ["interrupted", "ok"]
    assert runs[0]["processed"] == committed and runs[0]["inputs_seen"] == committed
    assert sum(r["processed"] for r in runs) == read_table(out, "articles").num_rows


# --------------------------------------------------------------------------- 7. the rest
def test_symlinked_folder_is_read_once_and_loops_end(tmp_path):
    root = seeds_folder(tmp_path / "in", 2)
    (root / "sub").mkdir()
    shutil.copy(SEEDS[2], root / "sub" / "third.txt")
    (root / "link_to_sub").symlink_to(root / "sub")
    (root / "sub" / "loop").symlink_to(root)             # a loop back to the top
    files = expand([str(root)])
    assert len(files) == 3 and len({f.name for f in files}) == 3
    s = run([root], tmp_path / "ds")
    assert (s.inputs_seen, s.processed) == (3, 3)


def test_dangling_and_looping_links_and_fifos_are_rejected_with_a_reason(tmp_path):
    root = seeds_folder(tmp_path / "in", 1)
    (root / "dangling.txt").symlink_to(root / "gone.txt")
    (root / "loop_a.txt").symlink_to(root / "loop_b.txt")
    (root / "loop_b.txt").symlink_to(root / "loop_a.txt")
    os.mkfifo(root / "pipe.txt")
    os.mkfifo(tmp_path / "named.jsonl")
    s = run([root, tmp_path / "named.jsonl"], tmp_path / "ds")
    assert (s.inputs_seen, s.processed, s.rejected) == (6, 1, 5)
    why = {Path(r["source"]).name: r["detail"] for r in read_table(tmp_path / "ds", "rejects").to_pylist()}
    assert "dangling symlink" in why["dangling.txt"]
    assert "symlink loop" in why["loop_a.txt"] and "symlink loop" in why["loop_b.txt"]
    assert "FIFO" in why["pipe.txt"] and "FIFO" in why["named.jsonl"]


def test_a_path_longer_than_the_system_limit_is_a_reject(tmp_path):
    root = seeds_folder(tmp_path / "in", 1)
    fd = os.open(root, os.O_RDONLY)
    depth = 0
    try:
        while len(str(root)) + depth * 201 < 4300:
            os.mkdir("d" * 200, dir_fd=fd)
            nfd = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nfd
            depth += 1
        with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
            f.write("Công đoàn tỉnh tổ chức hội nghị tổng kết.")
    finally:
        os.close(fd)
    s = run([root], tmp_path / "ds")
    assert s.processed == 1 and s.rejected == 1
    r = read_table(tmp_path / "ds", "rejects").to_pylist()[0]
    assert r["reason"] == "unreadable" and "File name too long" in r["detail"]


@pytest.mark.parametrize("args, needle", [
    (["--timeout", "nan"], "--timeout must be positive and finite"),
    (["--timeout", "inf"], "--timeout must be positive and finite"),
    (["--timeout", "-1"], "--timeout must be positive and finite"),
    (["--max-bytes", "-1"], "--max-bytes must be positive"),
    (["--max-bytes", "0"], "--max-bytes must be positive"),
])
def test_bad_limits_are_one_line_exit_2(args, needle, tmp_path, capsys):
    assert cli.main(["run", str(SEEDS[0]), "--out", str(tmp_path / "ds"), *args]) == 2
    assert needle in capsys.readouterr().err


def test_timeout_0_means_no_limit(tmp_path):
    a = cli._parser().parse_args(["run", "--timeout", "0"])
    assert a.timeout is None
    s = run([SEEDS[0]], tmp_path / "ds", timeout=a.timeout)
    assert s.processed == 1


def test_an_unwritable_table_folder_is_one_line_exit_2_and_nothing_changes(tmp_path, monkeypatch, capsys):
    out = tmp_path / "ds"
    run([SEEDS[0]], out)
    before = (out / "_manifest.json").read_bytes()
    real = Path.write_text

    def write_text(self, *a, **k):   # the folder refuses writes (as root, chmod would not)
        if self.parent.name == "mentions":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *a, **k)
    monkeypatch.setattr(Path, "write_text", write_text)
    assert cli.main(["run", str(SEEDS[1]), "--out", str(out), "--workers", "1", "--no-progress"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "mentions" in err[0] and "Permission denied" in err[0]
    assert (out / "_manifest.json").read_bytes() == before


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("q") / "ds"
    run([SEEDS[0]], out)
    return out


def test_query_timeout_is_one_line_exit_2(small_dataset):
    t0 = time.time()
    p = cli_run("query", "--dataset", small_dataset, "--timeout", "1",
                "SELECT count(*) FROM range(100000) a, range(100000) b, range(1000) c")
    assert p.returncode == 2 and "query interrupted after 1s" in one_line_error(p)
    assert time.time() - t0 < 60


def test_query_memory_limit_is_one_line_exit_2(small_dataset):
    p = cli_run("query", "--dataset", small_dataset, "--memory-limit", "64MB", "--format", "csv",
                "SELECT list(range) FROM range(50000000)")
    assert p.returncode == 2 and "Out of Memory" in one_line_error(p)
    p = cli_run("query", "--dataset", small_dataset, "--memory-limit", "lots", "SELECT 1")
    assert p.returncode == 2 and "bad --memory-limit" in one_line_error(p)


def test_ctrl_c_in_query_is_one_line_exit_130(small_dataset):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    q = subprocess.Popen(PY + ["query", "--dataset", str(small_dataset),
                               "SELECT count(*) FROM range(100000) a, range(100000) b, range(1000) c"],
                         cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    q.send_signal(signal.SIGINT)
    _out, err = q.communicate(timeout=60)
    assert q.returncode == 130 and err.strip() == "error: interrupted", err


def test_three_stalls_in_a_row_are_three_timeout_rejects(monkeypatch):
    """Before: the third stall reached an unbound name in `_isolate` (what `--timeout nan` hit)."""
    from concurrent.futures import Future

    class Stalling:
        def submit(self, fn, docs, *args):
            return Future()            # never done

    ex = runner.PoolExecutor(2, "v", "r", 1.0, max_inflight_docs=4)
    monkeypatch.setattr(ex, "_restart", lambda: setattr(ex, "pool", Stalling()))
    monkeypatch.setattr(ex, "_limit", lambda ndocs, queued: 0.01)
    outcomes, _tables = ex._isolate(["d1", "d2", "d3"])
    assert [o[:2] for o in outcomes] == [("reject", "timeout")] * 3


@pytest.mark.parametrize("kw", [dict(timeout=float("nan")), dict(timeout=float("inf")), dict(timeout=-1),
                                dict(max_bytes=0)])
def test_the_python_api_refuses_bad_limits_too(kw, tmp_path):
    from pipeline import UserError
    with pytest.raises(UserError):
        run([SEEDS[0]], tmp_path / "ds", **kw)
