"""Evaluation: the seeds' scores against the in-repo copy of the hand-made gold, with the
floors the extraction issues set, and the `eval` command with the underthesea baseline.

The same extractors are also measured on invented held-out sets under eval/ (see README);
those are measurements, not tests.
"""
import subprocess
import sys

import pytest

from pipeline.evaluate import format_table, load_jsonl, score

from conftest import GOLD, ROOT

FLOORS = {
    # issue: extraction framework (dates, periods, campaigns, metadata)
    "published": 0.95, "province": 0.95, "dates": 0.95, "periods": 0.95, "campaigns": 0.95,
    "title": 0.9, "authors": 0.9,
    # issue: organisations, clusters, officials
    "organisations.text": 0.9, "officials.name": 0.9, "officials.title": 0.9, "clusters": 0.9,
    "clusters.members": 0.9, "clusters.leader": 0.9,
    "organisations.canonical": 0.85, "clusters.parent": 0.85, "officials.organisation": 0.85,
    # issue 13: events
    "events.type": 0.95, "events.date": 0.95, "events.organiser": 0.95,
}


@pytest.fixture(scope="module")
def seed_table(seed_records):
    return score(load_jsonl(GOLD), seed_records)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_seed_score_meets_the_floor(seed_table, field):
    assert seed_table[field]["f1"] >= FLOORS[field], seed_table[field]


def test_score_counts_matches_and_misses():
    gold = {"a.txt": {"article": "a.txt", "dates": [{"value": "2020-02-12"}, {"value": "2020-02-14"}],
                      "campaigns": [{"text": "“Lao động giỏi”"}]}}
    pred = {"a.txt": {"article": "a.txt", "dates": [{"value": "2020-02-12"}, {"value": "2021-01-01"}],
                      "campaigns": [{"text": "lao động  giỏi"}]}}
    t = score(gold, pred)
    assert (t["dates"]["tp"], t["dates"]["fp"], t["dates"]["fn"]) == (1, 1, 1)
    assert t["campaigns"]["f1"] == 1.0  # quotes, case and spacing are normalised away
    assert "lowest F1: dates 0.500" in format_table(t)


def test_events_are_scored_only_where_the_gold_has_them():
    gold = {"old.txt": {"article": "old.txt"},
            "new.txt": {"article": "new.txt", "events": [
                {"type": "ky_ket", "date": "2020-02-12", "organiser": "Cụm thi đua số 3"},
                {"type": "phat_dong", "date": "2020-02-12", "organiser": "Cụm thi đua số 3"}]}}
    pred = {"old.txt": {"events": [{"type": "tong_ket", "date": None, "organiser": None}]},
            "new.txt": {"events": [{"type": "ky_ket", "date": "2020-02-12", "organiser": "cụm thi đua số 3"},
                                   {"type": "phat_dong", "date": "2020-02", "organiser": None}]}}
    t = score(gold, pred)
    # old.txt's gold predates events: its prediction is not counted against it
    assert (t["events.type"]["tp"], t["events.type"]["fp"], t["events.type"]["fn"]) == (2, 0, 0)
    assert (t["events.date"]["tp"], t["events.date"]["fp"], t["events.date"]["fn"]) == (1, 1, 1)
    assert (t["events.organiser"]["tp"], t["events.organiser"]["fp"], t["events.organiser"]["fn"]) == (1, 0, 1)


def test_eval_command_prints_the_table_beside_the_baseline():
    r = subprocess.run([sys.executable, "-m", "pipeline", "eval", str(GOLD), "corpus/seeds", "--baseline", "underthesea"],
                       capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "base F1" in lines[0]
    org = next(l for l in lines if l.startswith("organisations.text"))
    ours, base = float(org.split()[3]), float(org.split()[-1])
    assert ours > base  # the domain rules beat generic NER on organisations


def _real_set(tmp_path, floors: str):
    """A one-article real set laid out as eval/real/ is (text in my own words), with floors."""
    real = tmp_path / "eval" / "real"
    (real / "texts").mkdir(parents=True)
    (real / "texts" / "x1.txt").write_text("Ngày 12/3/2021, Liên đoàn Lao động tỉnh Hà Nam tổ chức hội nghị tổng kết.",
                                          encoding="utf-8")
    gold = {"article": "x1.txt", "dates": [{"text": "Ngày 12/3/2021", "value": "2021-03-12"},
                                           {"text": "-", "value": "2021-03-13"}]}
    import json
    (real / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    (real / "sources.tsv").write_text("file\turl\tquery\nx1.txt\thttp://example.invalid/x1\tq\n", encoding="utf-8")
    (real / "sets.tsv").write_text("one\ttuning\teval/real/gold.jsonl\teval/real/sources.tsv\n", encoding="utf-8")
    (real / "floors.tsv").write_text("field\ttuning\tblind\n" + floors, encoding="utf-8")
    return ["eval-real", "--sets", str(real / "sets.tsv"), "--texts", str(real / "texts"),
            "--floors", str(real / "floors.tsv")]


def test_eval_real_exits_1_below_a_pinned_floor_and_0_above(tmp_path, capsys):
    from pipeline.cli import main
    # one of the two gold dates is found: dates F1 0.667
    assert main(_real_set(tmp_path / "a", "dates\t0.60\t-\n")) == 0
    assert main(_real_set(tmp_path / "b", "dates\t0.90\t-\n")) == 1
    assert "below the pinned floor" in capsys.readouterr().err
    assert main(_real_set(tmp_path / "c", "no_such_field\t0.5\t-\n")) == 2
