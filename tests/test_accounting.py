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

    expected = {item.source for path in expand([str(mixed)]) for item in read_file(path)}
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
    assert {"empty", "binary", "bad_json", "no_body"} <= reasons
    runs = read_table(ds, "runs").to_pylist()
    assert runs[-1]["inputs_seen"] == s.inputs_seen and runs[-1]["rejected"] == s.rejected
