"""Hostile inputs: each becomes the right reject, or is repaired into the same article.

The fixtures in tests/fixtures/hostile/ are the same short invented article damaged in one
way each (or a binary file saved as .txt); `make_hostile.py` there writes them.
"""
from __future__ import annotations

import importlib.util
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import textfix
from pipeline.clean import clean
from pipeline.ingest import read_file
from pipeline.model import CleanDocument, RawDocument, Reject

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"


def _gen():
    spec = importlib.util.spec_from_file_location("make_hostile", HOSTILE / "make_hostile.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


GEN = _gen()
REFERENCE = clean(RawDocument("ref.txt", "txt", text=GEN.ARTICLE))


def test_fixtures_are_what_the_generator_writes():
    for name, data in GEN.files().items():
        assert (HOSTILE / name).read_bytes() == data, name


@pytest.mark.parametrize("name, reason, detail", [
    ("image_saved_as.txt", "binary", "PNG image"),
    ("pdf_saved_as.txt", "binary", "PDF document"),
    ("zip_saved_as.txt", "binary", "ZIP archive"),
    ("nul_bytes.txt", "binary", "4 NUL byte(s) (first at offset 72)"),
    ("control_bytes.txt", "binary", "control bytes"),
    ("random_bytes.txt", "undecodable", "not UTF-8"),
    ("latin1_french.txt", "undecodable", "not a Vietnamese legacy encoding"),
    ("empty.txt", "empty", "empty file"),
    ("blank.txt", "empty", "whitespace only"),
])
def test_rejected(name, reason, detail):
    items = list(read_file(HOSTILE / name))
    assert len(items) == 1 and isinstance(items[0], Reject)
    assert items[0].reason == reason and detail in items[0].detail


@pytest.mark.parametrize("name, repairs", [
    ("cp1258.txt", ("cp1258",)),
    ("vni.txt", ("vni",)),
    ("utf16_bom.txt", ("utf16",)),
    ("utf16le_no_bom.txt", ("utf16",)),
    ("mojibake.txt", ("mojibake",)),
    ("mojibake_twice.txt", ("mojibake",)),
    ("nfd.txt", ("nfc",)),
    ("crlf.txt", ("crlf",)),
    ("bom.txt", ("bom",)),
    ("zero_width.txt", ("zero_width",)),
    ("entities.txt", ("entities",)),
    ("whitespace.txt", ("whitespace",)),
    ("cp1258_declared.html", ("cp1258",)),
    ("stray_cp1252_bytes.txt", ("stray_bytes",)),     # UTF-8 with a Windows-1252 dash pasted in
])
def test_repaired_into_the_same_article(name, repairs):
    raw = next(read_file(HOSTILE / name))
    assert isinstance(raw, RawDocument), raw
    assert raw.repairs == repairs
    c = clean(raw)
    assert c.text == REFERENCE.text
    assert (c.title, c.dateline, c.bylines) == (REFERENCE.title, REFERENCE.dateline, REFERENCE.bylines)
    assert c.repairs == repairs


@pytest.mark.parametrize("name", ["tcvn3.txt", "tcvn3_saved_as_utf8.txt"])
def test_tcvn3_repaired_except_marked_capitals(name):
    # TCVN3 has no code for capitals with marks (they came from a second font): `Ánh` reads `ánh`.
    raw = next(read_file(HOSTILE / name))
    assert raw.repairs == ("tcvn3",)
    c = clean(raw)
    assert c.text.casefold() == REFERENCE.text.casefold()
    assert c.text.split("\n")[0] == "Cụm thi đua số 2 tổng kết phong trào thi đua năm 2023"


def test_file_cut_inside_the_last_character():
    raw = next(read_file(HOSTILE / "truncated_utf8.txt"))
    assert raw.repairs == ("truncated_utf8", "whitespace")     # the half `Á` goes, then the space before it
    assert raw.text.endswith("Ảnh: Ngọc")


def test_jsonl_lines_are_repaired_or_rejected_each():
    got = [(i.source.rsplit(":", 1)[1], getattr(i, "reason", None), getattr(i, "repairs", None))
           for i in read_file(HOSTILE / "bad_lines.jsonl")]
    assert got == [("1", None, ("mojibake",)), ("2", None, ()), ("3", "bad_json", None),
                   ("4", "bad_record", None), ("5", "undecodable", None)]


def test_html_without_body():
    assert clean(next(read_file(HOSTILE / "no_body.html"))).reason == "no_body"


# --------------------------------------------------------------------------- repairs, unit
def test_mojibake_example_from_the_brief():
    assert textfix.fix_mojibake("CÃ´ng Ä‘oÃ n") == ("Công đoàn", True)
    assert textfix.repair_text("LiÃªn Ä‘oÃ n Lao Ä‘á»™ng tá»‰nh")[0] == "Liên đoàn Lao động tỉnh"


@pytest.mark.parametrize("text", [
    "XÃ HỘI CHỦ NGHĨA VIỆT NAM", "NGÃ BA ĐỒNG LỘC", "Công ty ABC® và XYZ®", "Giá 100€ – “tốt”…",
    "Ông NGÔ\u00a0VĂN AN", "Â, Ă, Ê, Ô, Ơ, Ư là các nguyên âm", "Tỷ lệ 1/2 và ½",
])
def test_correct_text_is_left_alone(text):
    assert textfix.repair_text(text) == (text, ())


def test_seeds_need_no_encoding_repair(seeds_dir):
    for p in sorted(seeds_dir.glob("*.txt")):
        t = p.read_text(encoding="utf-8")
        fixed, repairs = textfix.repair_text(t)
        assert set(repairs) <= {"whitespace"}, (p.name, repairs)


def test_vietnamese_score_separates_languages():
    assert textfix.vietnamese_score(GEN.ARTICLE) > 0.5
    assert textfix.vietnamese_score("The union held its annual meeting in the city hall.") < 0.1
    assert textfix.vietnamese_score(GEN.to_tcvn3(GEN.ARTICLE)) < 0.2


def test_invisible_and_control_characters():
    text, repairs = textfix.repair_text("Công\u200b đoàn\u00ad tỉnh\x07\r\nLiên\ufeff đoàn")
    assert text == "Công đoàn tỉnh\nLiên đoàn"
    assert repairs == ("zero_width", "control_chars", "crlf")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_decode_or_reject(data):
    out = textfix.decode_bytes(data)
    assert isinstance(out, (textfix.Decoded, textfix.Rejected))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([".txt", ".html", ".jsonl"]))
def test_any_file_is_read_without_exception(tmp_path_factory, data, suffix):
    p = tmp_path_factory.mktemp("h") / f"x{suffix}"
    p.write_bytes(data)
    for item in read_file(p):
        assert isinstance(item, (RawDocument, Reject))
        if isinstance(item, RawDocument):
            c = clean(item)
            assert isinstance(c, (CleanDocument, Reject))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_repair_text_never_crashes_and_gives_nfc(text):
    fixed, _ = textfix.repair_text(text)
    assert unicodedata.is_normalized("NFC", fixed)
