"""The dataset store: journaled atomic commits, recovery after a crash at every step, the
writer lock, and readers that only ever see committed files."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline import UserError, store
from pipeline.schema import SCHEMAS
from pipeline.store import Dataset, Txn, read_table


def rejects(*sources: str) -> pa.Table:
    return pa.Table.from_pylist([dict(source=s, reason="empty", detail="d", run_id="r") for s in sources],
                                schema=SCHEMAS["rejects"])


def visible(ds: Path, table: str) -> set[str]:
    """Files a glob reader (DuckDB over `<table>/*.parquet`) would see."""
    return {p.name for p in (ds / table).glob("*.parquet")}


def sources(ds: Path) -> list[str]:
    return sorted(read_table(ds, "rejects")["source"].to_pylist())


def test_commit_makes_files_visible_and_listed(tmp_path):
    with Dataset(tmp_path / "ds") as ds:
        ds.commit(Txn(new={"rejects/part-a.parquet": rejects("x", "y")}))
        ds.commit(Txn(new={"rejects/part-b.parquet": rejects("z")}))
        assert ds.seq == 2
    d = tmp_path / "ds"
    assert sources(d) == ["x", "y", "z"]
    assert visible(d, "rejects") == {"part-a.parquet", "part-b.parquet"}
    assert [p.name for p in store.live_files(d, "rejects")] == ["part-a.parquet", "part-b.parquet"]
    assert list((d / ".staging").iterdir()) == []
    assert read_table(d, "articles").num_rows == 0 and read_table(d, "articles").schema == SCHEMAS["articles"]


def test_rewrite_replaces_in_place_and_empty_rewrite_deletes(tmp_path):
    d = tmp_path / "ds"
    with Dataset(d) as ds:
        ds.commit(Txn(new={"rejects/part-a.parquet": rejects("x", "y"), "rejects/part-b.parquet": rejects("z")}))
        ds.commit(Txn(rewrite={"rejects/part-a.parquet": rejects("y"), "rejects/part-b.parquet": None}))
    assert sources(d) == ["y"]
    assert visible(d, "rejects") == {"part-a.parquet"}
    assert json.loads((d / "_manifest.json").read_text())["tables"]["rejects"] == ["part-a.parquet"]


def test_killed_before_the_commit_point_leaves_nothing_visible(tmp_path, monkeypatch):
    d = tmp_path / "ds"
    with Dataset(d) as ds:
        ds.commit(Txn(new={"rejects/part-a.parquet": rejects("x")}))
        real = store._write_json

        def die(path, obj):   # the journal write is the commit point: fail just before it
            if path.name.endswith(".commit.json"):
                raise KeyboardInterrupt
            real(path, obj)
        monkeypatch.setattr(store, "_write_json", die)
        with pytest.raises(KeyboardInterrupt):
            ds.commit(Txn(new={"rejects/part-b.parquet": rejects("y")},
                          rewrite={"rejects/part-a.parquet": None}))
        monkeypatch.setattr(store, "_write_json", real)
        assert any((d / ".staging").iterdir())          # staged files are left behind...
        assert visible(d, "rejects") == {"part-a.parquet"}   # ...but never under a table folder
    with Dataset(d):                                      # the next writer discards them
        pass
    assert list((d / ".staging").iterdir()) == []
    assert sources(d) == ["x"]


def test_killed_after_the_commit_point_is_completed_by_the_next_writer(tmp_path):
    d = tmp_path / "ds"
    with Dataset(d) as ds:
        ds.commit(Txn(new={"rejects/part-a.parquet": rejects("x", "y")}))
        ds.stage(Txn(new={"rejects/part-b.parquet": rejects("z")},
                     rewrite={"rejects/part-a.parquet": rejects("y")}))   # journal written, not applied
        assert visible(d, "rejects") == {"part-a.parquet"}   # glob readers: the old state, whole
        assert sources(d) == ["y", "z"]                      # manifest readers: already the new one
    with Dataset(d) as ds:
        assert ds.seq == 2
    assert sources(d) == ["y", "z"]
    assert list((d / ".staging").iterdir()) == []


@pytest.mark.parametrize("fail_at", [1, 2, 3])
def test_killed_in_the_middle_of_applying_is_completed(tmp_path, monkeypatch, fail_at):
    d = tmp_path / "ds"
    with Dataset(d) as ds:
        ds.commit(Txn(new={"rejects/part-a.parquet": rejects("x", "y"), "rejects/part-c.parquet": rejects("w")}))
        calls = {"n": 0}
        real = os.replace

        def flaky(src, dst):
            if str(dst).endswith(".parquet"):
                calls["n"] += 1
                if calls["n"] == fail_at:
                    raise KeyboardInterrupt
            return real(src, dst)
        monkeypatch.setattr(store.os, "replace", flaky)
        with pytest.raises(KeyboardInterrupt):
            ds.commit(Txn(new={"rejects/part-b.parquet": rejects("z")},
                          rewrite={"rejects/part-a.parquet": rejects("y"), "rejects/part-c.parquet": None},
                          index=pa.Table.from_pylist([dict(source="z", outcome="reject")],
                                                     schema=store.INDEX_SCHEMA)))
        monkeypatch.setattr(store.os, "replace", real)
        assert sources(d) == ["y", "z"]   # readers see the committed state, partly from .staging/
    with Dataset(d) as ds:
        assert ds.seq == 2
        assert ds.read_index()["source"].to_pylist() == ["z"]
    assert sources(d) == ["y", "z"]
    assert visible(d, "rejects") == {"part-a.parquet", "part-b.parquet"}


def test_second_writer_is_refused_with_one_line(tmp_path):
    d = tmp_path / "ds"
    with Dataset(d):
        with pytest.raises(UserError) as e:
            Dataset(d).open()
        msg = str(e.value)
        assert "in use by another run" in msg and str(os.getpid()) in msg and "\n" not in msg
    with Dataset(d):   # released on close
        pass


def test_lock_is_released_when_the_writer_dies(tmp_path):
    d = tmp_path / "ds"
    code = f"from pipeline.store import Dataset; Dataset({str(d)!r}).open(); import os; os._exit(0)"
    subprocess.run([sys.executable, "-c", code], check=True)
    with Dataset(d):
        pass


def test_output_under_a_file_is_a_user_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="cannot write to output folder"):
        Dataset(blocker / "ds").open()


def test_old_dataset_without_manifest_is_adopted(tmp_path):
    d = tmp_path / "ds"
    (d / "rejects").mkdir(parents=True)
    import pyarrow.parquet as pq
    pq.write_table(rejects("x"), d / "rejects" / "part-old.parquet")
    assert sources(d) == ["x"]
    with Dataset(d) as ds:
        ds.commit(Txn(new={"rejects/part-new.parquet": rejects("y")}))
    assert sources(d) == ["x", "y"]


def _index(*sources: str) -> pa.Table:
    return pa.Table.from_pylist([dict(source=x, outcome="reject") for x in sources], schema=store.INDEX_SCHEMA)


def test_manifest_rebuilt_from_disk_is_the_committed_one(tmp_path):
    """After commits that add, rewrite, delete and compact, the files on disk give back the
    manifest: live files, index logs in order, row counts, the run still open."""
    d = tmp_path / "ds"
    running = pa.Table.from_pylist([dict(run_id="r1", status="running")], schema=SCHEMAS["runs"])
    with Dataset(d) as ds:
        ds.commit(Txn(new={"rejects/part-a.parquet": rejects("x", "y"), "rejects/part-b.parquet": rejects("z")},
                      index=_index("x", "y", "z")))
        ds.commit(Txn(new={"runs/run-r1.parquet": running}, open_runs=["r1"], index=_index("w")))
        ds.commit(Txn(rewrite={"rejects/part-a.parquet": rejects("y"), "rejects/part-b.parquet": None},
                      index=_index("y"), drop_index=[ds.manifest["index"][0]]))
        ds.commit(Txn(new={"authors/part-c.parquet": SCHEMAS["authors"].empty_table()}))   # no rows: not added
    committed = store.read_manifest(d)
    rebuilt = store.manifest_from_disk(d)
    for k in ("tables", "index", "rows", "open_runs"):
        assert rebuilt[k] == committed[k], k
    assert rebuilt["index"] == ["log-00000002.parquet", "log-00000003.parquet"] and rebuilt["seq"] == 3


@pytest.mark.parametrize("damage", [b'{"format":1,"seq":4,"tab', b"\xff\xfe not json", b"[1, 2]", b""])
def test_a_damaged_manifest_is_rebuilt_by_the_next_writer(tmp_path, damage):
    d = tmp_path / "ds"
    with Dataset(d) as ds:
        ds.commit(Txn(new={"rejects/part-a.parquet": rejects("x")}, index=_index("x")))
        ds.commit(Txn(new={"rejects/part-b.parquet": rejects("y")}, index=_index("y")))
    (d / "_manifest.json").write_bytes(damage)
    with pytest.raises(store.DamagedManifest) as e:   # readers: one line
        read_table(d, "rejects")
    assert "_manifest.json is damaged" in str(e.value) and "\n" not in str(e.value)
    assert [x.file for x in store.check(d)] == ["_manifest.json"]
    with Dataset(d) as ds:
        assert ds.damaged_manifest and ds.files("rejects") == ["part-a.parquet", "part-b.parquet"]
        ds.commit(Txn(new={"rejects/part-c.parquet": rejects("z")}, index=_index("z")))
    assert sources(d) == ["x", "y", "z"] and store.check(d) == []
    with Dataset(d) as ds:
        assert ds.damaged_manifest is None and ds.read_index()["source"].to_pylist() == ["x", "y", "z"]


def test_read_parquet_fills_missing_columns_with_nulls(tmp_path):
    import pyarrow.parquet as pq
    p = tmp_path / "f.parquet"
    pq.write_table(pa.table({"source": ["s"], "outcome": ["article"]}), p)
    t = store.read_parquet(p, store.INDEX_SCHEMA)
    assert t.schema == store.INDEX_SCHEMA and t.to_pylist()[0]["raw_sha256"] is None


def test_row_groups_are_bounded(tmp_path, monkeypatch):
    import pyarrow.parquet as pq
    monkeypatch.setattr(store, "ROW_GROUP_BYTES", 4096)
    t = rejects(*[f"source-{i:05d}" for i in range(2000)])
    store.write_parquet(t, tmp_path / "f.parquet")
    md = pq.ParquetFile(tmp_path / "f.parquet").metadata
    assert md.num_row_groups > 1 and md.num_rows == 2000


def test_arrow_without_pandas_keeps_pandas_usable():
    code = ("import sys; from pipeline.store import arrow_without_pandas; arrow_without_pandas();"
            "import pyarrow as pa, datetime; t = pa.Table.from_pylist([dict(a=datetime.datetime(2020,1,1))]);"
            "assert 'pandas' not in sys.modules; assert t.to_pandas().shape == (1, 1); print('ok')")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr
