"""The statistical organisation recogniser (pipeline/train.py): gold surfaces become token-aligned
training spans, a tiny model trains with a fixed seed, and a saved model reloads to the same
predictions. The fixture is a handful of sentences written for this test."""
from pathlib import Path

import pytest

from pipeline import train as T
from pipeline.model import CleanDocument
from pipeline.segment import segment

# Short union news in our own words; each gold record lists the organisations as written.
TINY = [
    ("Liên đoàn Lao động tỉnh Hà Giang tổ chức hội nghị tổng kết. Chủ tịch Liên đoàn Lao động tỉnh phát biểu.",
     ["Liên đoàn Lao động tỉnh Hà Giang", "Liên đoàn Lao động tỉnh"]),
    ("Sáng nay, Công đoàn ngành Y tế trao quà cho đoàn viên. Ủy ban nhân dân huyện Bắc Mê cũng tham dự.",
     ["Công đoàn ngành Y tế", "Ủy ban nhân dân huyện Bắc Mê"]),
    ("Đại diện Sở Nội vụ và Liên đoàn Lao động huyện Quản Bạ đến thăm công nhân.",
     ["Sở Nội vụ", "Liên đoàn Lao động huyện Quản Bạ"]),
    ("Ban Thường vụ Tỉnh ủy giao nhiệm vụ cho Công đoàn Viên chức tỉnh trong năm mới.",
     ["Ban Thường vụ Tỉnh ủy", "Công đoàn Viên chức tỉnh"]),
]


def tiny_articles() -> list[T.Article]:
    out = []
    for i, (text, orgs) in enumerate(TINY):
        seg = segment(CleanDocument(source=f"t{i}.txt", fmt="txt", text=text))
        out.append(T.Article(f"t{i}.txt", "tiny", seg, {"organisations": [{"text": o} for o in orgs]}))
    return out


def test_gold_offsets_label_every_occurrence_longest_first_without_overlaps():
    text = "Liên đoàn Lao động tỉnh Hà Giang họp. Liên đoàn Lao động tỉnh  gửi thư."
    spans, missing = T.gold_offsets(text, ["Liên đoàn Lao động tỉnh", "Liên đoàn Lao động tỉnh Hà Giang", "Sở Y tế"])
    assert [text[a:b] for a, b in spans] == ["Liên đoàn Lao động tỉnh Hà Giang", "Liên đoàn Lao động tỉnh"]
    assert missing == 1   # `Sở Y tế` is not in the text


def test_gold_offsets_do_not_match_inside_a_word():
    spans, missing = T.gold_offsets("Công đoàn Than - Khoáng sản Việt Nam", ["Công đoàn Tha"])
    assert spans == [] and missing == 1   # a surface ends at a word boundary, never inside a syllable
    spans, _ = T.gold_offsets("Các Sở Công Thương", ["Sở Công Thương"])
    assert len(spans) == 1


def test_a_span_off_token_boundaries_is_left_missing_not_outside():
    art = tiny_articles()[0]
    nlp = T.blank_nlp()
    from pipeline.nlp import make_doc
    doc = make_doc(nlp.vocab, art.seg)
    # half of a token: no token boundary at its end
    tok = next(t for t in doc if len(t.text) > 4 and " " in t.text)
    tags, off = T.biluo_tags(doc, [(tok.idx, tok.idx + 2)])
    assert off == 1 and tags[tok.i] == "-"
    assert all(tag == "O" for i, tag in enumerate(tags) if i != tok.i)


def test_training_data_aligns_the_fixture():
    nlp = T.blank_nlp()
    stats = T.Alignment()
    for a in tiny_articles():
        T.make_example(nlp, a, stats)
    assert stats.not_found == 0
    assert stats.labelled + stats.off_tokens == 8


@pytest.fixture(scope="module")
def tiny_model():
    nlp, _ = T.train(tiny_articles() * 3, seed=0, epochs=20)
    return nlp


def test_a_tiny_model_learns_the_fixture(tiny_model):
    arts = tiny_articles()
    found = {a.seg.clean.text[s:e] for a in arts for s, e in T.predict(tiny_model, a.seg)}
    gold = {o for _t, orgs in TINY for o in orgs}
    assert len(found & gold) >= 4   # it fits the data it was trained on (8 spans)


def test_saved_model_reloads_to_the_same_predictions(tiny_model, tmp_path: Path):
    T.save(tiny_model, tmp_path / "org_ner")
    # weights and label only: no vocabulary strings (they would be the training texts' words)
    assert not any(p.name == "strings.json" for p in (tmp_path / "org_ner").rglob("*"))
    again = T.load(tmp_path / "org_ner")
    unseen = segment(CleanDocument(source="u.txt", fmt="txt",
                                   text="Liên đoàn Lao động huyện Mèo Vạc và Sở Y tế phối hợp tổ chức."))
    for a in [*(x.seg for x in tiny_articles()), unseen]:
        assert T.predict(again, a) == T.predict(tiny_model, a)


def test_the_same_seed_trains_the_same_model():
    arts = tiny_articles()[:2]
    a, _ = T.train(arts, seed=3, epochs=2)
    b, _ = T.train(arts, seed=3, epochs=2)
    assert a.get_pipe("ner").model.to_bytes() == b.get_pipe("ner").model.to_bytes()


@pytest.mark.parametrize("args, says", [
    (["--sets", "no/such/sets.tsv"], "sets file not found"),
    (["--folds", "1"], "--folds must be at least 2"),
    (["--epochs", "0"], "--epochs must be at least 1"),
])
def test_train_command_user_errors_are_one_line_exit_2(args, says, tmp_path):
    import subprocess
    import sys
    from conftest import ROOT
    sets = tmp_path / "eval" / "real" / "sets.tsv"   # a sets file whose texts are all missing
    sets.parent.mkdir(parents=True)
    sets.write_text("# set\trole\tgold\tsources\n", encoding="utf-8")
    argv = [sys.executable, "-m", "pipeline", "train", "--sets", str(sets), "--texts", str(tmp_path / "none"),
            "--out", str(tmp_path / "m"), *args]
    r = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 2 and says in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_train_command_without_restored_texts_says_how_to_restore_them(tmp_path):
    import subprocess
    import sys
    from conftest import ROOT
    sets = tmp_path / "eval" / "real" / "sets.tsv"
    sets.parent.mkdir(parents=True)
    sets.write_text("# set\trole\tgold\tsources\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "pipeline", "train", "--sets", str(sets), "--texts", str(tmp_path)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 2 and "eval/real/README.md" in r.stderr, r.stderr
