"""Crawl archives as input (pipeline/warc.py): a WARC built here with fastwarc from the real
pages of `../shared/realhtml/` plus a PDF, a 404 and an English page; WET records; truncation."""
from __future__ import annotations

import gzip
import unicodedata
from pathlib import Path

import pytest

from pipeline import runner
from pipeline.ingest import Pending, expand, read_file, scan_file
from pipeline.model import Reject
from pipeline.store import read_table

PAGES = ("baochinhphu_1", "baodautu_1", "cafef_1", "cafef_2", "dantri_1", "nld_1", "tuoitre_1", "vietnamnet_1",
         "vnexpress_1", "vnexpress_2")
ENGLISH = ("<html lang='en'><head><title>Annual meeting</title></head><body><h1>Union federation signs its yearly "
           "agreement</h1>" + "<p>The provincial labour federation held its annual meeting on Tuesday to sign the "
           "emulation agreement for the coming year, and delegates from twelve district unions attended.</p>" * 20
           + "</body></html>").encode()
NOT_FOUND = b"<html><body><h1>404</h1><p>Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y trang</p></body></html>"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _record(uri: str, body: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK",
            date: str = "2026-03-07T10:00:00Z"):
    from fastwarc.warc import WarcRecord, WarcRecordType
    rec = WarcRecord()
    rec.init_headers(WarcRecordType.response)
    rec.headers["WARC-Target-URI"] = uri
    rec.headers["WARC-Date"] = date
    rec.headers["Content-Type"] = "application/http; msgtype=response"
    http = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    rec.set_bytes_content(http + body)
    return rec


def _write(path: Path, records, gz: bool = True) -> Path:
    """One gzip member per record, as crawlers write them (each record can be read alone)."""
    from fastwarc.stream_io import GzipWriter
    with open(path, "wb") as f:
        for rec in records:
            if gz:
                w = GzipWriter(f)
                rec.write(w, checksum_data=True)
                w.finish()
            else:
                rec.write(f, checksum_data=True)
    return path


def _cp1258(s: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: a base letter and a combining tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for ch in s:
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        out += (base + "".join(c for c in d if c in tones)).encode("cp1258")
    return out


def _page_records(realhtml: Path):
    return [_record(f"https://example.vn/{name}.html", (realhtml / f"{name}.html").read_bytes()) for name in PAGES]


def _other_records():
    return [_record("https://example.vn/report.pdf", PDF, ctype="application/pdf"),
            _record("https://example.vn/gone.html", NOT_FOUND, status="404 Not Found"),
            _record("https://example.com/en.html", ENGLISH)]


@pytest.fixture()
def archive(realhtml, tmp_path) -> Path:
    return _write(tmp_path / "crawl.warc.gz", _page_records(realhtml) + _other_records())


def run(inputs, out, **kw):
    kw.setdefault("workers", 1)
    kw.setdefault("progress", False)
    return runner.run([str(i) for i in inputs], str(out), **kw)


def test_archive_gives_ten_articles_and_three_rejects_then_nothing_to_do(archive, tmp_path, monkeypatch):
    out = tmp_path / "ds"
    s = run([archive], out)
    assert (s.inputs_seen, s.processed, s.rejected) == (13, 10, 3)
    arts = read_table(out, "articles").to_pylist()
    assert sorted(a["url"] for a in arts) == sorted(f"https://example.vn/{n}.html" for n in PAGES)
    for a in arts:
        path, _, offset = a["source"].rpartition("#")
        assert path == str(archive) and offset.isdigit() and a["fmt"] == "warc"
        assert a["title"] and a["published"].startswith(("2026-03", "2025-10"))
    rejects = {r["source"].rpartition("#")[2]: r["reason"] for r in read_table(out, "rejects").to_pylist()}
    assert sorted(rejects.values()) == ["http_error", "language", "not_html"]
    # a second run: every record recognised by its bytes, nothing decoded or processed
    import pipeline.ingest as ingest
    import pipeline.process as process

    def boom(*a, **k):
        raise AssertionError("an unchanged record was decoded or processed")
    for mod, name in ((ingest, "decode_bytes"), (process, "prepare"), (process, "process_docs")):
        monkeypatch.setattr(mod, name, boom)
    again = run([archive], out)
    assert (again.inputs_seen, again.processed, again.skipped, again.rejected) == (13, 0, 13, 0)


def test_truncated_archive_gives_the_records_before_the_cut_and_one_reject(archive, tmp_path):
    items = list(scan_file(archive))
    offsets = [int(i.source.rpartition("#")[2]) for i in items]
    cut_in = 6                                   # cut inside the 7th record (a real page)
    cut = offsets[cut_in] + (offsets[cut_in + 1] - offsets[cut_in]) // 2
    short = tmp_path / "cut.warc.gz"
    short.write_bytes(archive.read_bytes()[:cut])
    s = run([short], tmp_path / "ds")
    assert (s.inputs_seen, s.processed, s.rejected) == (cut_in + 1, cut_in, 1)
    (rej,) = read_table(tmp_path / "ds", "rejects").to_pylist()
    assert rej["reason"] == "truncated" and rej["source"] == f"{short}#{offsets[cut_in]}"


@pytest.mark.parametrize("keep", [0.99, 0.6, 0.2])
def test_uncompressed_archive_cut_anywhere_in_its_last_record(tmp_path, keep):
    body = ("<html><body><h1>Cụm thi đua số 2 ký kết giao ước</h1><p>" + "Liên đoàn Lao động tỉnh tổ chức hội nghị. " * 20
            + "</p></body></html>").encode()
    full = _write(tmp_path / "a.warc", [_record(f"https://example.vn/{i}", body) for i in range(3)], gz=False)
    whole = list(scan_file(full))
    assert [type(i) for i in whole] == [Pending] * 3
    last = int(whole[-1].source.rpartition("#")[2])
    data = full.read_bytes()
    short = tmp_path / "short.warc"
    short.write_bytes(data[:last + int((len(data) - last) * keep)])
    items = list(scan_file(short))
    assert [type(i) for i in items] == [Pending, Pending, Reject]
    assert items[-1].reason == "truncated" and items[-1].source == f"{short}#{last}"


def test_records_carry_url_and_crawl_date_as_the_last_resort(tmp_path):
    page = ("<html><body><h1>Cụm thi đua số 2 ký kết giao ước năm 2024</h1><p>" + "Liên đoàn Lao động tỉnh tổ chức "
            "hội nghị ký kết giao ước thi đua với các công đoàn ngành. " * 5 + "</p></body></html>")
    page = _cp1258(page)
    path = _write(tmp_path / "one.warc.gz", [_record("https://example.vn/a", page, ctype="text/html; charset=windows-1258",
                                                     date="2024-03-12T03:04:05Z")])
    (raw,) = list(read_file(path))
    assert raw.fmt == "warc" and raw.url == "https://example.vn/a" and raw.fetched == "2024-03-12T03:04:05Z"
    assert "Liên đoàn Lao động" in raw.html       # decoded with the charset of the HTTP header
    from pipeline.clean import clean
    assert clean(raw).hint_published == "2024-03-12T03:04:05Z"


def test_wet_conversion_records_are_text_inputs(tmp_path):
    from fastwarc.stream_io import GzipWriter
    from fastwarc.warc import WarcRecord, WarcRecordType
    text = ("Cụm thi đua số 2 ký kết giao ước năm 2024\n\n"
            "Sáng 12/3, Liên đoàn Lao động tỉnh tổ chức hội nghị ký kết giao ước thi đua năm 2024 giữa các công đoàn "
            "ngành và công đoàn cấp huyện.")
    path = tmp_path / "CC-MAIN-x.warc.wet.gz"
    with open(path, "wb") as f:
        for uri, body, langs in (("https://example.vn/a", text, "vie"), ("https://example.com/b", "An English page.", "eng")):
            rec = WarcRecord()
            rec.init_headers(WarcRecordType.conversion)
            rec.headers["WARC-Target-URI"] = uri
            rec.headers["WARC-Identified-Content-Language"] = langs
            rec.headers["Content-Type"] = "text/plain"
            rec.set_bytes_content(body.encode())
            w = GzipWriter(f)
            rec.write(w)
            w.finish()
    a, b = read_file(path)
    assert a.fmt == "wet" and a.text.startswith("Cụm thi đua") and a.url == "https://example.vn/a"
    assert isinstance(b, Reject) and b.reason == "language"
    assert expand([str(tmp_path)]) == [path]      # a folder yields its archives


def test_a_file_that_is_no_archive_is_one_reject(tmp_path):
    p = tmp_path / "x.warc.gz"
    p.write_bytes(gzip.compress(b"this is not a WARC file at all\n" * 10))
    (r,) = list(read_file(p))
    assert isinstance(r, Reject) and r.reason == "bad_warc" and r.source == f"{p}#0"


def test_an_archive_is_streamed_record_by_record(tmp_path):
    """Memory stays bounded: reading an archive holds about one record, never the file."""
    import os
    import tracemalloc
    rng = __import__("random").Random(7)
    words = ["công", "đoàn", "thi", "đua", "lao", "động", "tỉnh", "hội", "nghị", "ký", "kết", "giao", "ước"]
    recs = [_record(f"https://example.vn/{i}", ("<html><body><p>" + " ".join(rng.choice(words) for _ in range(4000))
                                                 + "</p></body></html>").encode()) for i in range(150)]
    path = _write(tmp_path / "big.warc.gz", recs)
    payload = sum(len(r.data) for r in scan_file(path))
    tracemalloc.start()
    n = 0
    for item in scan_file(path):
        assert isinstance(item, Pending)
        n += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 150 and payload > 3_000_000 and os.path.getsize(path) > 100_000
    assert peak < payload / 10, (peak, payload)
