"""The CLI: subcommands listed, user errors as one line and a non-zero exit, never a traceback."""
import json
import os
import subprocess
import sys

import pytest

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_help_lists_the_subcommands():
    r = cli("--help")
    assert r.returncode == 0
    for sub in ("run", "extract", "eval", "query", "bench"):
        assert sub in r.stdout


@pytest.mark.parametrize("args, needle", [
    (("run", "no/such/folder", "--out", "x"), "input not found: no/such/folder"),
    (("run", "corpus/seeds", "--workers", "two"), "invalid int value"),
    (("frobnicate",), "invalid choice"),
    (("extract",), "required"),
    (("eval", "missing-gold.jsonl"), "gold file not found"),
])
def test_user_errors_are_one_line_without_traceback(args, needle, tmp_path):
    r = cli(*args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and needle in lines[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_is_one_line(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    r = cli("run", "corpus/seeds", "--out", str(ro / "ds"))
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_output_under_a_file_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cli("run", "corpus/seeds/000_77c591487d13137e.txt", "--out", str(blocker / "ds"), "--no-progress")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_extract_prints_one_gold_record_per_article():
    r = cli("extract", "corpus/seeds/000_77c591487d13137e.txt", "corpus/seeds/004_597b5999805adbeb.txt")
    assert r.returncode == 0, r.stderr
    recs = [json.loads(l) for l in r.stdout.splitlines()]
    assert [x["article"] for x in recs] == ["000_77c591487d13137e.txt", "004_597b5999805adbeb.txt"]
    for key in ("province", "title", "published", "authors", "dates", "periods", "organisations",
                "clusters", "officials", "campaigns"):
        assert key in recs[0]
