"""Every input accounted for: a folder mixing every kind of hostile input with the seeds, a
duplicate, HTML pages and JSONL files ends with inputs seen = articles + duplicates + rejects,
and each input's path (each JSONL line's `file.jsonl:N`) is findable in the dataset."""
import shutil
from pathlib import Path


from pipeline.ingest import expand, read_file
from pipeline.runner import run
from pipeline.store import read_table

FIXTURES = Path(__file__).parent / "fixtures"


def test_mixed_folder_every_input_accounted_for(tmp_path, seeds_dir):
    mixed = tmp_path / "mixed"
    shutil.copytree(FIXTURES / "hostile", mixed / "hostile", ignore=shutil.ignore_patterns("*.py"))
    shutil.copytree(FIXTURES / "html", mixed / "html")
    shutil.copytree(FIXTURES / "jsonl", mixed / "jsonl")
    shutil.copytree(seeds_dir, mixed / "seeds")
    shutil.copy(seeds_dir / "000_77c591487d13137e.txt", mixed / "copy_of_000.txt")  # same article, other name

    (mixed / "scan.pdf").write_bytes(b"%PDF-1.4\n")   # not read: a reject of its own
    unread = []
    expected = {item.source for path in expand([str(mixed)], unread) for item in read_file(path)}
    expected |= {str(p) for p in unread}
    s = run([str(mixed)], str(tmp_path / "ds"), workers=2, progress=False)

    assert s.inputs_seen == len(expected)
    assert s.inputs_seen == s.processed + s.duplicates + s.rejected and s.skipped == 0
    assert s.duplicates >= 1 and s.rejected >= 10 and s.processed >= 5

    ds = tmp_path / "ds"
    found = {
        "articles": set(read_table(ds, "articles").column("source").to_pylist()),
        "duplicates": set(read_table(ds, "duplicates").column("source").to_pylist()),
        "rejects": set(read_table(ds, "rejects").column("source").to_pylist()),
    }
    assert (len(found["articles"]), len(found["duplicates"]), len(found["rejects"])) == \
        (s.processed, s.duplicates, s.rejected)
    assert found["articles"] | found["duplicates"] | found["rejects"] == expected
    assert not (found["articles"] & found["rejects"])
    assert any(src.endswith("copy_of_000.txt") or src.endswith("000_77c591487d13137e.txt")
               for src in found["duplicates"])
    assert any(":" in src and ".jsonl:" in src for src in found["rejects"])  # bad JSONL lines, one by one
    reasons = set(read_table(ds, "rejects").column("reason").to_pylist())
    assert {"empty", "binary", "bad_json", "no_body", "unsupported_format"} <= reasons
    runs = read_table(ds, "runs").to_pylist()
    assert runs[-1]["inputs_seen"] == s.inputs_seen and runs[-1]["rejected"] == s.rejected


def test_files_of_unread_kinds_are_rejects_or_counted(tmp_path, seeds_dir):
    """A `.pdf` in an input folder is a reject `unsupported_format` (every file is accounted
    for); with --skip-unsupported it is counted in the summary and the runs row instead."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seeds_dir / "000_77c591487d13137e.txt", folder / "a.txt")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4 a report that is not read\n")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not read either")
    s = run([str(folder)], str(tmp_path / "ds"), workers=1, progress=False)
    assert (s.inputs_seen, s.processed, s.rejected, s.unsupported) == (3, 1, 2, 0)
    rejects = {r["source"]: r for r in read_table(tmp_path / "ds", "rejects").to_pylist()}
    assert set(rejects) == {str(folder / "report.pdf"), str(folder / "notes.docx")}
    assert {r["reason"] for r in rejects.values()} == {"unsupported_format"}
    assert rejects[str(folder / "report.pdf")]["detail"].startswith(".pdf files are not read")
    assert run([str(folder)], str(tmp_path / "ds"), workers=1, progress=False).skipped == 3   # recorded: unchanged

    s = run([str(folder)], str(tmp_path / "ds2"), workers=1, progress=False, skip_unsupported=True)
    assert (s.inputs_seen, s.processed, s.rejected, s.unsupported) == (1, 1, 0, 2)
    assert "2 unsupported files skipped" in s.line()
    assert read_table(tmp_path / "ds2", "rejects").num_rows == 0
    assert read_table(tmp_path / "ds2", "runs").to_pylist()[-1]["unsupported"] == 2
