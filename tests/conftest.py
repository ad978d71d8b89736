"""Shared fixtures: the seed articles and small helpers to run text through the stages."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def nlp():
    """The assembled extraction pipeline, built once for the whole test session."""
    from pipeline.nlp import build_nlp
    return build_nlp()


GOLD = ROOT / "tests" / "fixtures" / "gold" / "seeds.jsonl"


@pytest.fixture(scope="session")
def seed_records(nlp) -> dict[str, dict]:
    """The gold-format records the pipeline extracts from the seeds, keyed by file name."""
    from pipeline.ingest import read_file
    from pipeline.process import process
    from pipeline.records import gold_record

    records = {}
    for path in sorted(SEEDS.glob("*.txt")):
        rec = gold_record(process(next(read_file(path)), nlp))
        records[rec["article"]] = rec
    return records
