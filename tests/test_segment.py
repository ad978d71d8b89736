"""Segment stage: sentences and tokens anchored by offsets in the cleaned text."""
from pipeline.clean import clean
from pipeline.ingest import read_file
from pipeline.model import CleanDocument
from pipeline.segment import _align, segment, sentence_index_at


def _doc(text: str) -> CleanDocument:
    return CleanDocument(source="t.txt", fmt="txt", text=text)


def test_token_offsets_slice_back_on_every_seed(seed_files):
    for path in seed_files:
        raw = next(read_file(path))
        seg = segment(clean(raw))
        assert seg.sentences, path
        for s in seg.sentences:
            assert seg.clean.text[s.start:s.end] == s.text
            for t in s.tokens:
                assert seg.clean.text[t.start:t.end] == t.text


def test_lines_are_never_glued_into_one_sentence():
    seg = segment(_doc("Tiêu đề không có dấu chấm\nChiều ngày 12/2/2020, hội nghị diễn ra."))
    assert [s.text for s in seg.sentences] == ["Tiêu đề không có dấu chấm",
                                               "Chiều ngày 12/2/2020, hội nghị diễn ra."]


def test_multi_syllable_words_are_one_token():
    seg = segment(_doc("Đồng chí Trần Văn Minh phát biểu tại hội nghị."))
    words = [t.text for t in seg.sentences[0].tokens]
    assert "Trần Văn Minh" in words and "hội nghị" in words


def test_align_tolerates_spaces_underthesea_inserts():
    text = "Ông A\u200bB"
    assert _align(text, "A \u200b", 0, len(text)) == (4, 6)


def test_sentence_index_at():
    seg = segment(_doc("Câu một.\nCâu hai rất ngắn."))
    second = seg.sentences[1]
    assert sentence_index_at(seg.sentences, second.start + 2) == 1
    assert sentence_index_at(seg.sentences, 0) == 0
    assert sentence_index_at(seg.sentences, 10_000) == -1


def test_very_long_line_is_chunked_and_fully_covered():
    text = " ".join(["đoàn viên"] * 4000)  # one 39k-character line
    seg = segment(_doc(text))
    assert len(seg.sentences) > 1
    assert seg.sentences[-1].end == len(text)


def test_word_model_loaded_ahead_segments_like_underthesea_s_own_loading(seed_files):
    """`load_word_model` (C unpickler) must give exactly the model underthesea's joblib loading gives."""
    import json
    import subprocess
    import sys
    code = (
        "import sys, json\n"
        "from pipeline.segment import load_word_model\n"
        "loaded = load_word_model() if sys.argv[1] == 'ours' else False\n"
        "from underthesea import word_tokenize\n"
        "import underthesea.pipeline.word_tokenize as wt\n"
        "text = open(sys.argv[2], encoding='utf-8').read()\n"
        "words = [word_tokenize(line) for line in text.splitlines() if line.strip()]\n"
        "m = wt.word_tokenize_model\n"
        "sample = [[w] for w in 'Chủ tịch Công đoàn Khối thi đua 2024 phát biểu .'.split()]\n"
        "print(json.dumps([loaded, m.featurizer.process([sample]), words]))\n"
    )
    seed = sorted(seed_files)[0]
    ours, theirs = (subprocess.run([sys.executable, "-c", code, who, str(seed)], capture_output=True, text=True,
                                   check=True).stdout for who in ("ours", "theirs"))
    assert json.loads(ours)[0] is True          # the fast path was taken
    assert json.loads(ours)[1:] == json.loads(theirs)[1:]
