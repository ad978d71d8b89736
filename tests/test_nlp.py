"""The spaCy framework: Docs from underthesea tokens, registered components, save/load."""
import re
from dataclasses import asdict

import pytest

from pipeline.clean import clean
from pipeline.ingest import read_file
from pipeline.model import CleanDocument
from pipeline.nlp import COMPONENTS, load_nlp, make_doc, run_extractors
from pipeline.segment import segment


@pytest.fixture(scope="module")
def seeds_segmented(seed_files):
    return [segment(clean(next(read_file(p)))) for p in seed_files]


def test_doc_text_is_the_cleaned_text_exactly(nlp, seeds_segmented):
    for seg in seeds_segmented:
        doc = make_doc(nlp.vocab, seg)
        assert doc.text == seg.clean.text


def test_doc_sentences_follow_the_segmenter(nlp):
    seg = segment(CleanDocument("t.txt", "txt", "Hội nghị tổng kết.\n\nĐồng chí Minh phát biểu."))
    doc = make_doc(nlp.vocab, seg)
    starts = [s.start_char for s in doc.sents]
    assert starts[:2] == [s.start for s in seg.sentences]


def test_doc_tokens_are_the_segmenter_words_first_time_and_cached(nlp):
    """make_doc hands spaCy orth ids it caches: the same lexemes as from the strings, for new
    words (first call) and known ones (second call)."""
    seg = segment(CleanDocument("t.txt", "txt", "Công đoàn Viên chức tỉnh Qzxwv phát động.\n\nĐồng chí Minh phát biểu. "))
    words = [t.text for t in make_doc(nlp.vocab, seg)]
    for _ in range(2):
        doc = make_doc(nlp.vocab, seg)
        assert [t.text for t in doc] == words and "Qzxwv" in words and "\n\n" in words
        assert [t.orth for t in doc] == [nlp.vocab.strings[w] for w in words]
        assert doc.text == seg.clean.text


def test_doc_after_a_memory_zone_dropped_cached_words(nlp):
    """Strings added inside a spaCy memory zone are dropped when it ends; a cached id for one
    must not break the next Doc."""
    seg = segment(CleanDocument("t.txt", "txt", "Ông Xyqvz phát biểu."))
    with nlp.memory_zone():
        inside = [t.text for t in make_doc(nlp.vocab, seg)]
    assert "Xyqvz" not in nlp.vocab.strings
    doc = make_doc(nlp.vocab, seg)
    assert [t.text for t in doc] == inside and doc.text == seg.clean.text


def test_spacy_never_needs_pyvi(nlp):
    assert "Underthesea" in type(nlp.tokenizer).__name__
    doc = nlp("Công đoàn Viên chức tỉnh phát động phong trào.")
    assert "Công đoàn" in [t.text for t in doc]


def test_all_components_are_registered_in_order(nlp):
    assert tuple(nlp.pipe_names) == COMPONENTS


def test_pipeline_round_trips_through_disk(nlp, seeds_segmented, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = load_nlp(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    for seg in seeds_segmented:
        assert asdict(run_extractors(seg, loaded)) == asdict(run_extractors(seg, nlp))


# ---------------------------------------------------------------- regex guard (pipeline.extract.rx)
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline.extract.organisations import _flex  # noqa: E402
from pipeline.extract.rx import first_letters  # noqa: E402

_PHRASES = ["Ủy ban nhân dân", "ủy viên", "Chủ tịch", "các cấp Công đoàn", "LĐLĐ huyện", "đồng chí"]
_PIECES = _PHRASES + ["Uỷ ban nhân dân", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "xã", " ", ", ", "\n", "aỦy ban nhân dân"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_first_letter_guard_keeps_every_match(pieces):
    text = "".join(pieces)
    alts = "|".join(f"(?i:{_flex(p)})" for p in _PHRASES)
    plain = re.compile(rf"(?<!\w)(?:{alts})")
    guarded = re.compile(first_letters(_PHRASES) + rf"(?<!\w)(?:{alts})")
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_first_letter_guard_rejects_other_letters():
    assert re.compile(first_letters(["Chủ tịch"])).match("Bí thư") is None
    assert first_letters(["", "x"]) == ""     # an empty phrase matches anywhere: no guard


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="aăb. ", min_size=1, max_size=4), min_size=1, max_size=8),
       st.text(alphabet="aăb. x", max_size=30))
def test_trie_alternation_matches_the_longest_first_alternation(words, text):
    from pipeline.extract.rx import trie_alternation
    flat = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    for wrap in ("(?:{})", r"(?<!\w)(?:{})(?!\w)", r"(?:{})(?=\.)"):
        a = re.compile(wrap.format(flat))
        b = re.compile(wrap.format(trie_alternation(words)))
        assert [m.span() for m in b.finditer(text)] == [m.span() for m in a.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Cụm trưởng", "cụm phó", "Trưởng khối", "Khối trưởng", "Phó trưởng khối",
                                 "trưởng", "Kh", "x", " ", ", ", "Cụm", "KHỐI TRƯỞNG", "aTrưởng khối"]), max_size=10))
def test_start_scan_finds_what_finditer_finds(pieces):
    from pipeline.extract.rx import by_letters, scan_spans, start_scan
    titles = ["Phó trưởng khối", "Trưởng khối", "Khối trưởng", "Cụm trưởng", "Cụm phó", "Trưởng"]
    text = "".join(pieces)
    plain = re.compile(r"(?<![\w])(?i:" + "|".join(titles) + r")(?![\w])")
    scan = re.compile(start_scan(((letters, "(?i:" + "|".join(ts) + r")(?![\w])") for letters, ts in by_letters(titles)),
                                 before=r"\w", capture=True))
    assert scan_spans(scan, text) == [m.span() for m in plain.finditer(text)]


def test_importing_the_pipeline_skips_spacys_cli_but_keeps_it_reachable():
    """spaCy's CLI (typer, requests, weasel) is a third of its import time and no worker needs
    it: a fresh process that imports the pipeline has not loaded it, yet `spacy.info` and
    `spacy.cli` still work, loading it then."""
    import subprocess
    import sys
    code = ("import sys, pipeline.nlp, spacy\n"
            "print('spacy.cli' in sys.modules, 'typer' in sys.modules)\n"
            "print(spacy.info(silent=True)['spacy_version'] == spacy.__version__, 'spacy.cli' in sys.modules)\n"
            "print(callable(spacy.cli.download))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\n")[:3] == ["False False", "True True", "True"]


# --------------------------------------------------------------------------- spaCy-native: entry points, doc.spans
def _installed_entry_points(site):
    """What `pip install` records for the package: pyproject's entry points in a dist-info
    (the venv's editable install may predate them), so a fresh process finds them."""
    import tomllib
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    eps = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    info = site / "thidua_entry_points-0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: thidua-entry-points\nVersion: 0.0\n")
    (info / "entry_points.txt").write_text(
        "".join(f"[{g}]\n" + "".join(f"{k} = {v}\n" for k, v in items.items()) for g, items in eps.items()))
    return eps


def test_spacy_load_opens_a_saved_pipeline_in_a_fresh_process(tmp_path, seed_files, nlp):
    """`model save`, then plain `spacy.load(path)` in a new process (nothing of the package
    imported first): the components come from the entry points, and `doc.spans` holds the
    facts the dataset stores for the seeds, one group per kind with its label."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from pipeline.nlp import SPAN_LABELS
    from pipeline.process import process
    root = Path(__file__).resolve().parent.parent
    eps = _installed_entry_points(tmp_path / "site")
    assert set(eps["spacy_factories"]) == set(COMPONENTS) | {"thidua_spans"}
    out = tmp_path / "pipeline"
    r = subprocess.run([sys.executable, "-m", "pipeline", "model", "save", str(out)], cwd=root, capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    script = (
        "import json, sys, spacy\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "assert 'pipeline' in sys.modules  # imported by spaCy, through the entry points\n"
        "from pipeline.ingest import read_file\n"
        "from pipeline.process import prepare\n"
        "from pipeline.segment import segment\n"
        "from pipeline.nlp import make_doc\n"
        "out = {}\n"
        "for path in sys.argv[2:]:\n"
        "    doc = nlp(make_doc(nlp.vocab, segment(prepare(next(read_file(path))))))\n"
        "    out[path] = {k: [[s.start_char, s.end_char, s.label_] for s in g] for k, g in doc.spans.items()}\n"
        "    out[path]['_ents'] = len(doc.ents)\n"
        "print(json.dumps(out))\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path / "site"), str(root)]))
    r = subprocess.run([sys.executable, "-c", script, str(out), *map(str, seed_files)], cwd=tmp_path,
                       capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    for path in seed_files:
        facts = process(next(read_file(path)), nlp).extraction.facts()
        spans = got[str(path)]
        assert got[str(path)].pop("_ents") > 0
        for kind, label in SPAN_LABELS.items():
            want = [f for k, f in facts if k == kind]
            assert len(spans[kind]) == len(want), (path.name, kind)
            assert all(s[2] == label for s in spans[kind])
            # a span covers its fact (widened to whole tokens only where the fact cuts one)
            assert all(s[0] <= f.start and f.end <= s[1] for s, f in zip(spans[kind], want)), (path.name, kind)
        assert sum(map(len, spans.values())) == len(facts) > 10


def test_extraction_leaves_no_reference_cycles(nlp, seeds_segmented):
    """An article's sentences and tokens are freed by reference counting as soon as its rows are
    made: a reference cycle (e.g. a closure that calls itself and holds the provenance helper)
    would keep them until the cyclic GC, which then runs far more often (measured: 0.18 s of
    GC per 600 bench articles with one such cycle, 0.01 s without)."""
    import gc

    from pipeline.identity import sha256_text
    from pipeline.model import ProcessedArticle
    from pipeline.records import article_rows
    for seg in seeds_segmented:   # first calls may fill caches
        run_extractors(seg, nlp)
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for seg in seeds_segmented:
            sha = sha256_text(seg.clean.text)
            article_rows(ProcessedArticle("a", sha, seg, run_extractors(seg, nlp)), "v")
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()
