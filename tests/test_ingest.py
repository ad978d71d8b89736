"""Ingest stage: which files an input names, one RawDocument per file or JSONL line, metadata
carried, every unusable input a Reject with a reason (never an exception)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline import UserError
from pipeline.ingest import DEFAULT_MAX_BYTES, Pending, expand, iter_inputs, read_file, scan_file
from pipeline.model import RawDocument, Reject

FIX = Path(__file__).resolve().parent / "fixtures"


def test_folder_is_walked_recursively_skipping_hidden_and_other_formats(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ["x.txt", "a/y.html", "a/b/z.jsonl", "a/b/w.HTM", ".hidden/h.txt", "a/.dot.txt", "notes.md", "a/img.png"]:
        (tmp_path / rel).write_text("x", encoding="utf-8")
    got = [p.relative_to(tmp_path).as_posix() for p in expand([str(tmp_path)])]
    assert got == ["a/b/w.HTM", "a/b/z.jsonl", "a/y.html", "x.txt"]
    unread = []
    expand([str(tmp_path)], unread)
    assert [p.relative_to(tmp_path).as_posix() for p in unread] == ["a/img.png", "notes.md"]   # hidden ones aside


def test_globs_and_explicit_files(tmp_path):
    for rel in ["1.txt", "2.txt", "3.html", "README.md"]:
        (tmp_path / rel).write_text("x", encoding="utf-8")
    assert [p.name for p in expand([str(tmp_path / "*.txt")])] == ["1.txt", "2.txt"]
    assert [p.name for p in expand([str(tmp_path / "*")])] == ["1.txt", "2.txt", "3.html"]   # README.md not an article
    assert [p.name for p in expand([str(tmp_path / "README.md")])] == ["README.md"]          # named explicitly: taken
    # the same file twice is read once
    assert [p.name for p in expand([str(tmp_path / "1.txt"), str(tmp_path / "*.txt")])] == ["1.txt", "2.txt"]


def test_expand_keeps_the_path_each_file_was_typed_as(tmp_path, monkeypatch):
    """Files are returned as identities (resolved, absolute); `given` maps each to the path it
    was reached by, the first naming when two inputs name the same file."""
    (tmp_path / "in" / "sub").mkdir(parents=True)
    for rel in ["in/a.txt", "in/sub/b.txt", "in/c.pdf"]:
        (tmp_path / rel).write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    given: dict[Path, Path] = {}
    unread: list[Path] = []
    files = expand(["in", str(tmp_path / "in" / "a.txt"), "in/sub/*.txt"], unread, given)
    assert files == [tmp_path / "in" / "a.txt", tmp_path / "in" / "sub" / "b.txt"]
    assert {str(k.relative_to(tmp_path)): str(v) for k, v in given.items()} == {
        "in/a.txt": "in/a.txt", "in/sub/b.txt": "in/sub/b.txt", "in/c.pdf": "in/c.pdf"}


@pytest.mark.parametrize("inp", ["no/such/file.txt", "no/such/*.txt", "corpus/seeds/nothing-*.txt"])
def test_missing_input_is_a_user_error(inp):
    with pytest.raises(UserError, match="input not found"):
        expand([inp])


def test_seed_is_one_raw_document(seeds_dir):
    p = seeds_dir / "001_c96b23bb89b1bddb.txt"
    items = list(read_file(p))
    assert len(items) == 1
    raw = items[0]
    assert isinstance(raw, RawDocument)
    assert (raw.source, raw.fmt, raw.html, raw.url) == (str(p), "txt", None, None)
    assert raw.text == p.read_text(encoding="utf-8")
    assert raw.repairs == ()


def test_seed_lines_get_their_stray_whitespace_stripped(seeds_dir):
    raw = next(read_file(seeds_dir / "000_77c591487d13137e.txt"))
    assert raw.repairs == ("whitespace",)
    assert "\n\xa0" not in raw.text and raw.text.split("\n")[4].startswith("Chiều ngày 12/2/2020")


def test_html_file_is_kept_as_html():
    raw = next(read_file(FIX / "html" / "portal_ccvc.html"))
    assert raw.fmt == "html" and raw.text is None and raw.html.startswith("<!DOCTYPE HTML")


def test_jsonl_lines_are_inputs_of_their_own_with_metadata():
    path = FIX / "jsonl" / "same_articles.jsonl"
    items = list(read_file(path))
    assert [i.source for i in items] == [f"{path}:{n}" for n in (1, 2, 3, 4)]
    assert all(isinstance(i, RawDocument) and i.fmt == "jsonl" and i.html is None for i in items)
    first = items[0]
    assert first.url == "https://ldldyenlac.example.vn/cum-thi-dua-so-5-ky-ket-giao-uoc-2023"
    assert first.title == "Cụm thi đua số 5 ký kết giao ước thi đua năm 2023"
    assert first.published == "2023-03-03T09:41"
    assert items[1].published is None and items[2].title is None
    assert items[3].repairs == ("crlf", "whitespace")       # \r\n and NBSP-indented lines in the record


def test_jsonl_html_records():
    items = list(read_file(FIX / "jsonl" / "html_records.jsonl"))
    assert items[0].html is not None and items[0].text is None and items[0].url.endswith("id=1042")


def test_bad_jsonl_lines_are_rejected_one_by_one():
    path = FIX / "jsonl" / "mixed_records.jsonl"
    got = [(i.source.rsplit(":", 1)[1], type(i).__name__, getattr(i, "reason", None)) for i in read_file(path)]
    assert got == [
        ("1", "RawDocument", None),
        ("2", "Reject", "bad_json"),
        # line 3 is blank: skipped
        ("4", "Reject", "bad_record"),     # an array
        ("5", "Reject", "bad_record"),     # neither text nor html
        ("6", "Reject", "bad_record"),     # text is a number
        ("7", "Reject", "bad_record"),     # html is a list
        ("8", "Reject", "empty"),          # whitespace only
        ("9", "RawDocument", None),        # text null, html given
        ("10", "Reject", "bad_record"),    # null
    ]
    items = list(read_file(path))
    assert items[0].title == "Hội nghị tổng kết" and items[7].html.startswith("<p>Sáng 14/3")
    assert "neither `text` nor `html`" in items[3].detail and "must be a string, got int" in items[4].detail


def test_jsonl_with_bom_and_crlf_line_ends(tmp_path):
    p = tmp_path / "a.jsonl"
    rec = json.dumps({"text": "Công đoàn tỉnh tổ chức hội nghị tổng kết năm 2023."}, ensure_ascii=False)
    p.write_bytes(b"\xef\xbb\xbf" + rec.encode() + b"\r\n" + rec.encode() + b"\r\n\r\n")
    items = list(read_file(p))
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument"]
    assert items[0].repairs == ("bom",) and items[1].repairs == ()


def test_jsonl_without_any_line_is_empty(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text("\n\n  \n", encoding="utf-8")
    assert [(i.reason) for i in read_file(p)] == ["empty"]


def test_numbers_in_metadata_become_strings_and_objects_are_ignored(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": "Nội dung bài viết về công đoàn.", "published": 2023, "url": {"a": 1},
                             "title": True}) + "\n", encoding="utf-8")
    raw = next(read_file(p))
    assert (raw.published, raw.url, raw.title) == ("2023", None, None)


def test_size_limit(seeds_dir, tmp_path):
    p = seeds_dir / "002_e8540ed258411e83.txt"
    size = p.stat().st_size
    r = next(read_file(p, max_bytes=1000))
    assert isinstance(r, Reject) and r.reason == "too_large" and f"{size} bytes > limit 1000" in r.detail
    assert isinstance(next(read_file(p, max_bytes=size)), RawDocument)
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024
    big = tmp_path / "big.jsonl"
    big.write_text(json.dumps({"text": "x" * 3000}) + "\n", encoding="utf-8")
    assert [i.reason for i in iter_inputs([str(big)], max_bytes=2000)] == ["too_large"]


def test_unreadable_inputs(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing.txt")
    assert [p.name for p in expand([str(link)])] == ["gone.txt"]
    r = next(read_file(link))
    assert isinstance(r, Reject) and r.reason == "unreadable" and "FileNotFoundError" in r.detail
    d = tmp_path / "folder.txt"
    d.mkdir()
    r = next(read_file(d))
    assert r.reason == "unreadable"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_permission_denied_is_unreadable(tmp_path):
    p = tmp_path / "locked.txt"
    p.write_text("Công đoàn", encoding="utf-8")
    p.chmod(0)
    assert next(read_file(p)).reason == "unreadable"


def test_iter_inputs_mixes_articles_and_rejects_in_order():
    items = list(iter_inputs([str(FIX / "jsonl" / "mixed_records.jsonl"), str(FIX / "html" / "union_sonla.html")]))
    assert [type(i).__name__ for i in items][-1] == "RawDocument" and items[-1].fmt == "html"
    assert sum(isinstance(i, Reject) for i in items) == 7


def test_unknown_suffix_named_explicitly_is_read_as_text(tmp_path):
    p = tmp_path / "article.md"
    p.write_text("Công đoàn tỉnh tổ chức hội nghị tổng kết năm 2023.", encoding="utf-8")
    raw = next(read_file(p))
    assert raw.fmt == "txt" and raw.text.startswith("Công đoàn")


def test_scan_file_leaves_items_undecoded_and_identifies_them_by_their_bytes(tmp_path):
    """scan_file: read_file's items, in order, before decoding (rejects found earlier as they
    are); a Pending's digest depends on its format and bytes only, not on its source."""
    files = [FIX / "jsonl" / "mixed_records.jsonl", FIX / "hostile" / "bad_lines.jsonl", FIX / "hostile" / "empty.txt",
             FIX / "hostile" / "random_bytes.txt", FIX / "hostile" / "cp1258.txt", FIX / "html" / "union_sonla.html"]
    for f in files:
        scanned = list(scan_file(f))
        assert [i.load() if isinstance(i, Pending) else i for i in scanned] == list(read_file(f)), f
    assert isinstance(next(scan_file(FIX / "hostile" / "empty.txt")), Reject)   # found without decoding
    lines = list(scan_file(FIX / "jsonl" / "mixed_records.jsonl"))
    assert all(isinstance(i, Pending) and i.fmt == "jsonl" for i in lines)
    assert len({i.digest for i in lines}) == len(lines)
    # same bytes under another name: same digest; another byte, or another format: another digest
    data = (FIX / "html" / "union_sonla.html").read_bytes()
    for name, payload in (("a.html", data), ("b.html", data), ("c.html", data + b" "), ("d.txt", data)):
        (tmp_path / name).write_bytes(payload)
    d = {n: next(scan_file(tmp_path / n)).digest for n in ("a.html", "b.html", "c.html", "d.txt")}
    assert d["a.html"] == d["b.html"] and len({d["a.html"], d["c.html"], d["d.txt"]}) == 3


def test_jsonl_title_is_kept_when_the_text_shows_none(tmp_path, nlp):
    """A crawl record whose text starts with the lead: its `title` becomes the article's; a
    headline in the text itself wins over the record's."""
    from pipeline.process import process
    from pipeline.records import gold_record
    lead = ("Sáng 14/3/2023, Liên đoàn Lao động huyện Yên Lạc tổ chức hội nghị tổng kết phong trào thi đua "
            "năm 2022 với sự tham dự của đại diện các công đoàn cơ sở trực thuộc.\n"
            "Tại hội nghị, các đại biểu đã thảo luận về nhiệm vụ của năm 2023.")
    headline = "Công đoàn huyện Yên Lạc tổng kết phong trào thi đua năm 2022"
    p = tmp_path / "crawl.jsonl"
    p.write_text(json.dumps({"text": lead, "title": "Yên Lạc: tổng kết thi đua 2022"}, ensure_ascii=False) + "\n" +
                 json.dumps({"text": headline + "\n" + lead, "title": "Tiêu đề khác của trang"}, ensure_ascii=False)
                 + "\n", encoding="utf-8")
    recs = [gold_record(process(item, nlp)) for item in read_file(p)]
    assert recs[0]["title"] == "Yên Lạc: tổng kết thi đua 2022"
    assert recs[1]["title"] == headline
