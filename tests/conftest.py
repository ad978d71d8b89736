"""Shared fixtures: the seed articles and small helpers to run text through the stages."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
# Real news pages, read where they lie beside the repository (never copied into it)
REALHTML = ROOT.parent / "shared" / "realhtml"


@pytest.fixture(scope="session")
def realhtml() -> Path:
    if not (REALHTML / "meth04_expectations.tsv").is_file():
        pytest.skip(f"the real pages are not beside the repository ({REALHTML})")
    return REALHTML


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


ORG_COMPONENTS = ("thidua_organisations", "thidua_clusters", "thidua_officials")


def run_org_components(nlp, text: str, province: str | None = None, published: str | None = None):
    """Run only the organisation-side components on `text`, with the article's province and
    publication date given (as the metadata component would set them); every fact's offsets
    must slice the text back to the fact's text."""
    from pipeline.model import CleanDocument
    from pipeline.nlp import make_doc
    from pipeline.segment import segment

    doc = make_doc(nlp.vocab, segment(CleanDocument(source="t.txt", fmt="txt", text=text)))
    ex = doc._.extraction
    ex.province, ex.published = province, published
    for name in ORG_COMPONENTS:
        nlp.get_pipe(name)(doc)
    for _kind, f in ex.facts():
        assert text[f.start:f.end] == f.text
    return ex
