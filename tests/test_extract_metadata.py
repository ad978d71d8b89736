"""thidua_metadata (title, published, authors, province) and the province gazetteer helper.

Every Vietnamese sentence below is invented; only the shapes follow real articles.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.metadata import find_provinces, province_lookup
from pipeline.model import CleanDocument, Span
from pipeline.nlp import make_doc
from pipeline.resources import load_table
from pipeline.segment import segment

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "gold" / "seeds.jsonl"


def _span(text: str, part: str | None) -> Span | None:
    if part is None:
        return None
    i = text.index(part)
    return Span(i, i + len(part), part)


def run(nlp, text: str, *, title=None, bylines=(), hint=None, dateline=None):
    clean = CleanDocument(source="t.txt", fmt="txt", text=text, title=_span(text, title),
                          bylines=tuple(_span(text, b) for b in bylines), hint_published=hint,
                          dateline=_span(text, dateline))
    doc = make_doc(nlp.vocab, segment(clean))
    ex = nlp(doc)._.extraction
    for f in ex.authors + ([ex.published_fact] if ex.published_fact else []):
        assert doc.text[f.start:f.end] == f.text, f
    return ex


# ---------------------------------------------------------------- gazetteer
def test_gazetteer_has_the_63_pre_2025_units():
    rows = load_table("gazetteers/provinces.tsv")
    assert len(rows) == 63
    assert sum(r["kind"] == "thanh_pho" for r in rows) == 5
    assert len(load_table("gazetteers/provinces_2025.tsv")) == 34


def test_find_provinces_spans_aliases_and_variants():
    text = "LĐLĐ tỉnh Khánh Hoà, TP.HCM, Thủ đô, THỪA THIÊN HUẾ và Đắk Lắk."
    got = find_provinces(text)
    assert [(text[s:e], n) for s, e, n in got] == [
        ("Khánh Hoà", "Khánh Hòa"), ("TP.HCM", "Hồ Chí Minh"), ("Thủ đô", "Hà Nội"),
        ("THỪA THIÊN HUẾ", "Thừa Thiên Huế"), ("Đắk Lắk", "Đắk Lắk")]


@pytest.mark.parametrize("text", [
    "Học tập tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Chị Nguyễn Thị Hà Giang và anh Hải Dương nhận bằng khen.",
    "Bài: Thu Huế",
    "Vì hòa bình và hữu nghị.",
    "Các nước ven Thái Bình Dương.",
    "Thành phố Hồ Chí Minhville.",   # a name glued to more letters
])
def test_find_provinces_guards(text):
    assert find_provinces(text) == []


def test_ho_chi_minh_needs_a_city_word():
    assert [n for _, _, n in find_provinces("Thành phố Hồ Chí Minh và TP. Hồ Chí Minh")] == ["Hồ Chí Minh"] * 2


def test_province_lookup_is_cached():
    assert province_lookup() is province_lookup()


# ---------------------------------------------------------------- title, published, authors
def test_title_published_authors(nlp):
    text = "Ký kết  giao ước\nthi đua năm 2023\nSáng 3/5, các đơn vị ký kết.\nThu Trang"
    ex = run(nlp, text, title="Ký kết  giao ước\nthi đua năm 2023", bylines=("Thu Trang",), hint="2023-05-17")
    assert ex.title == "Ký kết giao ước thi đua năm 2023"
    assert ex.published == "2023-05-17"
    assert [a.name for a in ex.authors] == ["Thu Trang"]


def test_published_from_the_dateline(nlp):
    text = "Hội nghị ký kết giao ước\n14/02/2020 09:45\nChiều ngày 12/2/2020, các đơn vị ký kết."
    ex = run(nlp, text, dateline="14/02/2020 09:45", hint="2020-02")
    assert ex.published == "2020-02-14T09:45"
    f = ex.published_fact
    assert (f.text, f.value, f.precision, f.role) == ("14/02/2020 09:45", "2020-02-14", "day", "published")
    assert [d.value for d in ex.dates] == ["2020-02-12"]


def test_month_only_marker_is_not_a_publication_date(nlp):
    assert run(nlp, "Sáng 3/5, các đơn vị ký kết.", hint="2022-11").published is None


def test_no_title(nlp):
    assert run(nlp, "Sáng 3/5, các đơn vị ký kết.").title is None


# ---------------------------------------------------------------- province
def prov(nlp, text, title=None):
    ex = run(nlp, text, title=title)
    return ex.province, ex.province_method


def test_province_from_outlet_code(nlp):
    t = "Ký giao ước thi đua\n(CMO) Ngày 12/3, Cụm thi đua số 2 tổ chức hội nghị, có đại biểu từ Hà Nội."
    assert prov(nlp, t, title="Ký giao ước thi đua") == ("Cà Mau", "province.outlet")


def test_a_hospital_named_with_its_provinces_level_word_tells_the_province(nlp):
    t = "Ngày 15/2, Công đoàn cơ sở Bệnh viện Đa khoa tỉnh Vĩnh Phúc tổ chức Đại hội nhiệm kỳ 2023 - 2028."
    assert prov(nlp, t)[0] == "Vĩnh Phúc"


def test_province_from_the_binh_duong_papers_code(nlp):
    assert prov(nlp, "(BDO) Sáng 5/7, Liên đoàn Lao động tỉnh tổ chức hội nghị.") == ("Bình Dương", "province.outlet")


def test_outlet_code_btv_is_bac_ninh_only_in_brackets(nlp):
    assert prov(nlp, "(BTV) Sáng nay, Ban Thường vụ LĐLĐ tỉnh họp.") == ("Bắc Ninh", "province.outlet")
    assert prov(nlp, "Sáng nay, BTV LĐLĐ tỉnh họp.") == (None, None)


def test_province_from_headline_prefix(nlp):
    t = "Tuyên Quang: Trao 15 Mái ấm cho đoàn viên\nSáng 3/5, đoàn công tác từ Hà Nội đã trao nhà."
    assert prov(nlp, t, title="Tuyên Quang: Trao 15 Mái ấm cho đoàn viên") == ("Tuyên Quang", "province.prefix")


def test_province_from_lead_prefix(nlp):
    assert prov(nlp, "Sơn La - Ngày 12/3, hội nghị tổng kết diễn ra. Đoàn đi Điện Biên.") == ("Sơn La", "province.prefix")


def test_reporting_body_outweighs_places_visited(nlp):
    t = ("Đoàn công tác Liên đoàn Lao động tỉnh Yên Bái thăm Hà Nội. Tại Hà Nội, đoàn thăm Công đoàn "
         "ngành Y tế Hà Nội. Chủ tịch LĐLĐ tỉnh Yên Bái phát biểu.")
    assert prov(nlp, t) == ("Yên Bái", "province.body")


def test_civil_servants_union(nlp):
    assert prov(nlp, "Chiều 3/5, Công đoàn Viên chức tỉnh Hà Tĩnh tổ chức hội nghị.") == ("Hà Tĩnh", "province.body")


def test_party_congress_place_counts(nlp):
    assert prov(nlp, "Các CĐCS thi đua chào mừng Đại hội Đảng bộ tỉnh Bến Tre lần thứ XI.") == ("Bến Tre", "province.state")


def test_district_level_place_gives_its_province(nlp):
    assert prov(nlp, "Sáng 3/5, LĐLĐ thành phố Hạ Long tổ chức hội nghị.") == ("Quảng Ninh", "province.locality")
    # a name shared by two units: the level word decides
    assert prov(nlp, "Công đoàn thị xã Hoàng Mai ra mắt.") == ("Nghệ An", "province.locality")
    assert prov(nlp, "Công đoàn quận Hoàng Mai ra mắt.") == ("Hà Nội", "province.locality")


def test_province_name_outweighs_a_district(nlp):
    assert prov(nlp, "LĐLĐ tỉnh Quảng Ninh khen thưởng Công đoàn quận Cầu Giấy.") == ("Quảng Ninh", "province.body")


def test_no_place_no_province(nlp):
    assert prov(nlp, "Hội nghị của các cơ quan trung ương về hòa bình theo tư tưởng Hồ Chí Minh.") == (None, None)




# places below the province, from the official list (models/gazetteers/localities.tsv)
@pytest.mark.parametrize("text, expected", [
    ("Sáng 4/3, Liên đoàn Lao động huyện Nghĩa Đàn tổ chức hội nghị tổng kết.", "Nghệ An"),   # a district
    ("Công đoàn cơ sở trường tiểu học xã Ea Tóh đã trao quà cho đoàn viên.", "Đắk Lắk"),        # a commune
    ("Đoàn viên thị trấn Mường Tè được nhận nhà Mái ấm Công đoàn.", "Lai Châu"),                 # a town-ship
])
def test_province_from_a_district_or_commune_with_its_level_word(nlp, text, expected):
    assert prov(nlp, text) == (expected, "province.locality")


def test_a_place_name_shared_by_several_provinces_tells_nothing(nlp):
    # `huyện Châu Thành` is in ten provinces; `xã Tân Hòa` in many
    assert prov(nlp, "Hội nghị của Liên đoàn Lao động huyện Châu Thành và Công đoàn xã Tân Hòa.") == (None, None)


def test_localities_gazetteer_covers_the_official_list():
    rows = load_table("gazetteers/localities.tsv")
    levels = {r["level"] for r in rows}
    assert {"huyen", "quan", "thi_xa", "thanh_pho", "xa", "phuong", "thi_tran"} <= levels
    provinces = {r["name"] for r in load_table("gazetteers/provinces.tsv")}
    assert {r["province"] for r in rows} <= provinces   # names as provinces.tsv writes them
    assert len([r for r in rows if r["level"] in ("huyen", "quan", "thi_xa", "thanh_pho")]) > 650


def test_a_province_inside_a_company_or_school_name_tells_nothing(nlp):
    assert prov(nlp, "Công đoàn Công ty Cổ phần Chế tạo bơm Hải Dương tổ chức đại hội.") == (None, None)
    assert prov(nlp, "Hôm qua, Trường Đại học Hà Tĩnh đón đoàn công tác.") == (None, None)


def test_outlet_code_after_a_bullet_and_with_reporter_initials(nlp):
    assert prov(nlp, "Tin liên quan\n• (NTO) Ngày 15-10, các trường ký giao ước.") == ("Ninh Thuận", "province.outlet")
    assert prov(nlp, "(BL-MĐ) Chào mừng ngày thành lập Công đoàn Việt Nam.") == ("Bạc Liêu", "province.outlet")


def test_locality_after_a_level_word_is_the_longest_name_ending_a_word():
    from pipeline.extract.metadata import LocalityMatcher
    m = LocalityMatcher([{"name": "Long", "level": "huyen", "province": "A"},
                         {"name": "Long Khánh", "level": "thanh_pho", "province": "Đồng Nai"},
                         {"name": "Hạ Long", "level": "thanh_pho", "province": "Quảng Ninh"}])
    assert m.find("thành phố Long Khánh, thành phố Hạ Long.") == [(0, 20, "Đồng Nai"), (22, 39, "Quảng Ninh")]
    # a longer name that runs into a word gives way to a shorter one that ends at a boundary
    assert m.find("huyện Long Khánhx") == [(0, 10, "A")]
    # a level word inside a word is none; the name must follow the level word (spaces may be left out)
    assert m.find("Thuyện Long; TP.Hạ Long") == [(13, 23, "Quảng Ninh")]
