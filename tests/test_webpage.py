"""Web pages: trafilatura's extraction plus what pipeline/webpage.py adds, on the ten real
pages of `../shared/realhtml/` (read there, never copied) and on small pages written here."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from pipeline import lang
from pipeline.clean import clean
from pipeline.header import parse_dateline
from pipeline.ingest import read_file
from pipeline.model import CleanDocument, RawDocument, Reject
from pipeline.webpage import extract_page, host_of, rules_for, site_rules

PAGES = ("baochinhphu_1", "baodautu_1", "cafef_1", "cafef_2", "dantri_1", "nld_1", "tuoitre_1", "vietnamnet_1",
         "vnexpress_1", "vnexpress_2")


def expectations(realhtml: Path) -> dict[str, dict]:
    """file -> {title, published, phrase, case}, from meth04_expectations.tsv and the truth file."""
    out = {}
    with open(realhtml / "meth04_expectations.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            phrase = r["must_contain_in_body"]
            out[r["file"]] = dict(title=r["title"], published=r["published_at_as_parsed_by_meth04"],
                                  phrase=phrase.replace(" (case-insensitive)", ""),
                                  case=not phrase.endswith("(case-insensitive)"), url=r["url"])
    truth = json.loads((realhtml / "vnexpress_1.truth.json").read_text(encoding="utf-8"))["V1"]
    out["vnexpress_1.html"] = dict(title=truth["title"], published=truth["publishing_date"],
                                   phrase=truth["body"]["summary"][0], case=True, url=None)
    return out


def minute(value: str) -> str:
    """An expected date as `YYYY-MM-DDTHH:MM` (the files write it four ways)."""
    m = re.match(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})", value)
    return f"{m.group(1)}T{m.group(2)}" if m else parse_dateline(value)


@pytest.fixture(scope="module")
def articles(realhtml, nlp):
    """Every real page through the whole pipeline (ingest, clean, segment, extract)."""
    from pipeline.process import process
    return {name: process(next(read_file(realhtml / f"{name}.html")), nlp) for name in PAGES}


@pytest.mark.parametrize("name", PAGES)
def test_every_real_page_is_an_article_with_its_title_date_and_body(realhtml, articles, name):
    exp = expectations(realhtml)[f"{name}.html"]
    art = articles[name]
    assert not isinstance(art, Reject), art
    ex, text = art.extraction, art.doc.clean.text
    title = exp["title"]
    if title.startswith("(startswith) "):
        assert ex.title.startswith(title.removeprefix("(startswith) "))
    elif title in ("", "(non-empty)"):
        assert ex.title and text.startswith(ex.title)
    else:
        assert ex.title == title
    assert ex.published and ex.published[:16] == minute(exp["published"])
    if exp["case"]:
        assert exp["phrase"] in text
    else:
        assert exp["phrase"].casefold() in text.casefold()
    if exp["url"]:
        assert art.doc.clean.url == exp["url"]
    assert art.doc.clean.site   # the site's name, from the page's metadata


def test_vnexpress_text_against_its_full_truth(realhtml, articles):
    truth = json.loads((realhtml / "vnexpress_1.truth.json").read_text(encoding="utf-8"))["V1"]
    paras = truth["body"]["summary"] + [p for s in truth["body"]["sections"] for p in s["headline"] + s["paragraphs"]]
    text = articles["vnexpress_1"].doc.clean.text
    found = sum(1 for p in paras if p in text)
    assert found / len(paras) >= 0.95, (found, len(paras))
    lines = text.split("\n\n")
    inside = sum(len(l) for l in lines if any(l in p for p in paras))
    assert inside / sum(len(l) for l in lines) >= 0.90
    assert "Y bác sĩ nội soi cho bệnh nhân. Ảnh: Bệnh viện cung cấp" in lines   # the image caption
    assert [a.name for a in articles["vnexpress_1"].extraction.authors] == truth["authors"]


@pytest.mark.parametrize("name", PAGES)
def test_real_page_offsets_slice_the_cleaned_text(articles, name):
    art = articles[name]
    text = art.doc.clean.text
    for _kind, f in art.extraction.facts():
        assert text[f.start:f.end] == f.text
    if art.extraction.published_fact is not None:   # a dateline under the headline: a span
        assert parse_dateline(art.extraction.published_fact.text)


# --------------------------------------------------------------------------- what webpage.py adds, page by page
def _page(realhtml, name):
    return extract_page((realhtml / f"{name}.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, lead", [
    ("vnexpress_1", "Người đàn ông 63 tuổi đau bụng kéo dài"),
    ("nld_1", "(NLĐO)- Không ít hộ kinh doanh chưa quen"),
    ("tuoitre_1", "Xung đột ở khu vực Trung Đông khiến các shop hoa"),
])
def test_the_lead_above_the_body_is_kept(realhtml, name, lead):
    lines = _page(realhtml, name).text.split("\n")
    assert [l for l in lines[:3] if l.startswith(lead)], lines[:3]


def test_visible_headline_wins_over_a_reworded_og_title(realhtml):
    html = (realhtml / "nld_1.html").read_text(encoding="utf-8")
    assert 'content="Những sai sót hộ kinh doanh thường gặp khi thực hiện quy định thuế mới"' in html
    assert _page(realhtml, "nld_1").title == "Những sai sót hộ kinh doanh thường gặp khi thực hiện quy định mới về thuế"


# Each site rule, on the page it was written for: without the rule the chrome is in the text.
SITE_RULE_CHROME = {
    "baodautu_1": "Giao dịch Hợp đồng tương lai VN30 giảm gần 20% trong tháng 2/2026",
    "baochinhphu_1": "BÁO ĐIỆN TỬ CHÍNH PHỦ",
    "cafef_2": "Hệ sinh thái tỷ đô của VinaLiving kiến tạo chuẩn sống vượt trội",
    "tuoitre_1": "Xung đột ở Trung Đông khiến xuất khẩu Việt lao đao",
}


@pytest.mark.parametrize("name", sorted(SITE_RULE_CHROME))
def test_site_rule_removes_what_trafilatura_takes_for_the_body(realhtml, monkeypatch, name):
    chrome = SITE_RULE_CHROME[name]
    assert chrome not in _page(realhtml, name).text
    import pipeline.webpage as W
    monkeypatch.setattr(W, "rules_for", lambda host: ())
    assert chrome in _page(realhtml, name).text


def test_every_site_rule_names_a_real_page_and_a_reason(realhtml):
    from pipeline import resources
    for r in resources.load_table("boilerplate/site_rules.tsv"):
        assert (realhtml / r["page"]).is_file() and r["why"] and r["rule"] == "prune"
        assert r["page"].removesuffix(".html") in SITE_RULE_CHROME
    assert set(site_rules()) == {"baodautu.vn", "baochinhphu.vn", "cafef.vn", "tuoitre.vn"}


def test_site_rules_apply_to_subdomains_only_of_their_host():
    assert host_of("https://www.cafef.vn/a.chn") == "cafef.vn"
    assert rules_for("m.cafef.vn") == rules_for("cafef.vn") != ()
    assert rules_for("notcafef.vn") == () and rules_for(None) == ()


# --------------------------------------------------------------------------- small pages written here
BODY = ("Sáng 12/3, Liên đoàn Lao động tỉnh tổ chức hội nghị ký kết giao ước thi đua năm 2024 giữa các công đoàn "
        "ngành và công đoàn cấp huyện, với sự tham dự của đại diện lãnh đạo các đơn vị trong Cụm thi đua số 2.")
BODY2 = ("Các đơn vị thống nhất đẩy mạnh phong trào thi đua “Lao động giỏi, lao động sáng tạo”, chăm lo đời sống "
         "đoàn viên và người lao động, phấn đấu hoàn thành xuất sắc nhiệm vụ năm 2024.")


def _html(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_dateline_under_the_headline_becomes_the_published_span():
    page = _html(f"<h1>Cụm thi đua số 2 ký kết giao ước năm 2024</h1><div class='time'>Thứ Ba, 12/03/2024 - 10:15</div>"
                 f"<article><p>{BODY}</p><p>{BODY2}</p></article>")
    c = clean(RawDocument("p.html", "html", html=page))
    assert c.title.text == "Cụm thi đua số 2 ký kết giao ước năm 2024"
    assert c.dateline.text == "Thứ Ba, 12/03/2024 - 10:15"
    assert parse_dateline(c.dateline.text) == "2024-03-12T10:15"


def test_a_dateline_of_another_day_than_the_page_metadata_is_not_taken():
    page = _html(f"<h1>Cụm thi đua số 2 ký kết giao ước năm 2024</h1><div>09:00 01/01/2024</div>"
                 f"<article><p>{BODY}</p><p>{BODY2}</p></article>",
                 head='<meta property="article:published_time" content="2024-03-12T10:15:00+07:00">')
    c = clean(RawDocument("p.html", "html", html=page))
    assert c.dateline is None and c.hint_published == "2024-03-12T10:15:00+07:00"


def test_figure_caption_and_byline_element_are_kept():
    page = _html(f"<h1>Cụm thi đua số 2 ký kết giao ước năm 2024</h1><article><p>{BODY}</p>"
                 f"<figure><img src='a.jpg'><figcaption>Các đơn vị ký kết giao ước. Ảnh: Minh Hà</figcaption></figure>"
                 f"<p>{BODY2}</p><p class='author'>Thu Trang</p></article>",
                 head='<meta name="author" content="Thu Trang">')
    c = clean(RawDocument("p.html", "html", html=page))
    lines = c.text.split("\n\n")
    assert "Các đơn vị ký kết giao ước. Ảnh: Minh Hà" in lines and lines[-1] == "Thu Trang"
    assert "Thu Trang" in [b.text for b in c.bylines]


def test_a_fragment_is_read_as_the_body():
    c = clean(RawDocument("x.jsonl:1", "jsonl", html=f"<p>{BODY}</p>"))
    assert isinstance(c, CleanDocument) and c.text == BODY
    assert c.hint_published is None   # no date made up from `năm 2024` in the text


# --------------------------------------------------------------------------- language
ENGLISH = ("The provincial labour federation held its annual meeting on Tuesday to sign the emulation agreement "
           "for the coming year. Delegates from twelve district unions attended, and the chairwoman asked every "
           "unit to look after the lives of workers and to recruit new members before the end of the year.")
FRENCH = ("La fédération provinciale du travail a tenu mardi sa réunion annuelle pour signer la convention "
          "d'émulation de l'année prochaine. Les délégués de douze syndicats de district étaient présents.")


@pytest.mark.parametrize("text, vi", [(BODY, True), (BODY2, True), (ENGLISH, False), (FRENCH, False),
                                      ("Hội nghị", True)])   # too short to judge: left to the other rules
def test_language_test(text, vi):
    assert lang.is_vietnamese(text) is vi


def test_a_page_that_is_not_vietnamese_is_rejected_before_extraction(monkeypatch):
    import pipeline.clean as C

    def boom(*a, **k):
        raise AssertionError("a page in another language was extracted")
    monkeypatch.setattr(C, "extract_page", boom)
    big = _html("<h1>Annual meeting</h1>" + f"<p>{ENGLISH}</p>" * 12)
    out = clean(RawDocument("en.html", "html", html=big))
    assert isinstance(out, Reject) and out.reason == "language"


def test_a_small_page_in_another_language_is_rejected_after_extraction():
    out = clean(RawDocument("en.html", "html", html=_html(f"<h1>Annual meeting</h1><p>{ENGLISH}</p><p>{ENGLISH}</p>")))
    assert isinstance(out, Reject) and out.reason == "language" and "Vietnamese letter" in out.detail
