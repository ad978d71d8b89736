"""thidua_dates and thidua_periods on small invented texts (PATTERNS.md §5, §6) and on the seeds.

Every Vietnamese sentence below is invented; only the shapes follow real articles.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model import CleanDocument, Span
from pipeline.nlp import make_doc
from pipeline.segment import segment

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "gold" / "seeds.jsonl"


def run(nlp, text: str, *, hint: str | None = None, dateline: str | None = None):
    dl = None
    if dateline is not None:
        i = text.index(dateline)
        dl = Span(i, i + len(dateline), dateline)
    clean = CleanDocument(source="t.txt", fmt="txt", text=text, hint_published=hint, dateline=dl)
    doc = make_doc(nlp.vocab, segment(clean))
    ex = nlp(doc)._.extraction
    for f in ex.dates + ex.periods:
        assert doc.text[f.start:f.end] == f.text, f
    return ex


def dates(nlp, text, **kw):
    return [(d.text, d.value) for d in run(nlp, text, **kw).dates]


def periods(nlp, text, **kw):
    return [(p.text, p.start_year, p.end_year) for p in run(nlp, text, **kw).periods]


# ---------------------------------------------------------------- dates: shapes
def test_full_numeric_dates_every_separator(nlp):
    assert dates(nlp, "Chiều ngày 12/2/2020, họp. Ngày 13-2-2020 ký. Ngày 05.01.2021 tổng kết.") == [
        ("ngày 12/2/2020", "2020-02-12"), ("Ngày 13-2-2020", "2020-02-13"), ("Ngày 05.01.2021", "2021-01-05")]


def test_word_dates_and_month_year(nlp):
    assert dates(nlp, "Ngày 19 tháng 1 năm 2016 khai mạc. Trong tháng 7/2017, tháng 4-2019 và tháng 4 năm 2019 có họp.") == [
        ("Ngày 19 tháng 1 năm 2016", "2016-01-19"), ("tháng 7/2017", "2017-07"), ("tháng 4-2019", "2019-04"),
        ("tháng 4 năm 2019", "2019-04")]


def test_day_month_takes_publication_year(nlp):
    text = "Ngày đăng 20/02/2020 07:51\nTừ ngày 14/2 đến nay, Sáng 3-2 và Chiều 1.2 đoàn làm việc."
    assert dates(nlp, text, dateline="Ngày đăng 20/02/2020 07:51", hint="2020-02-20") == [
        ("ngày 14/2", "2020-02-14"), ("3-2", "2020-02-03"), ("1.2", "2020-02-01")]


def test_a_sentence_opening_ngay_typed_without_its_accent(nlp):
    assert dates(nlp, "Ngay 23/1, Cụm thi đua số 5 tổ chức hội nghị. Ngay sau đó, 25 đơn vị ký kết.",
                 hint="2026-01-23") == [("Ngay 23/1", "2026-01-23")]


def test_dateline_is_not_a_body_date(nlp):
    text = "Thứ hai, 01 Tháng 2 2016 16:50\nSáng ngày 19/1/2016 hội nghị khai mạc."
    assert dates(nlp, text, dateline="Thứ hai, 01 Tháng 2 2016 16:50") == [("ngày 19/1/2016", "2016-01-19")]


def test_page_date_banner_line_is_skipped(nlp):
    assert dates(nlp, "Thứ ba, ngày 14 tháng 05 năm 2024\nSáng ngày 9/5/2024, hội nghị diễn ra.") == [
        ("ngày 9/5/2024", "2024-05-09")]


def test_parenthesised_and_weekday_dates(nlp):
    assert dates(nlp, "Chiều nay (21/6), hội nghị họp; thứ 5 ngày 14/3/2024 tổng kết.", hint="2024-06-21") == [
        ("21/6", "2024-06-21"), ("ngày 14/3/2024", "2024-03-14")]


def test_document_reference_dates_count(nlp):
    assert dates(nlp, "Quyết định số 112/QĐ-UBND ngày 05/3/2020 và Nghị quyết số 09-NQ/TU, ngày 20/8/2021.") == [
        ("ngày 05/3/2020", "2020-03-05"), ("ngày 20/8/2021", "2021-08-20")]


def test_ranges_and_lists_give_every_end(nlp):
    assert dates(nlp, "Từ ngày 3-5/9 tập huấn; từ ngày 22 - 24/6/1995 thi; chiều ngày 11, 12/10/2018 họp.", hint="2022-12-01") == [
        ("ngày 3-5/9", "2022-09-03"), ("ngày 3-5/9", "2022-09-05"),
        ("ngày 22 - 24/6/1995", "1995-06-22"), ("ngày 22 - 24/6/1995", "1995-06-24"),
        ("ngày 11, 12/10/2018", "2018-10-11"), ("ngày 11, 12/10/2018", "2018-10-12")]


def test_year_is_shared_forward(nlp):
    assert dates(nlp, "Hội thi diễn ra vào ngày 2/4 và 15/4/2019 tại tỉnh.", hint="2020-01-10") == [
        ("ngày 2/4", "2019-04-02"), ("15/4/2019", "2019-04-15")]


def test_range_across_months(nlp):
    assert dates(nlp, "Đợt thi đua từ ngày 20-8 đến ngày 5-9 năm nay.", hint="2021-08-01") == [
        ("ngày 20-8", "2021-08-20"), ("ngày 5-9", "2021-09-05")]


def test_anniversary_spans_give_both_dates(nlp):
    assert [v for _, v in dates(nlp, "Kỷ niệm (28.7.1929 – 28.7.2024) và (3/2/1930 - 3/2/2025), (28-7-1929/28-7-2024).")] == [
        "1929-07-28", "2024-07-28", "1930-02-03", "2025-02-03", "1929-07-28", "2024-07-28"]


def test_month_alone_after_a_lead_word(nlp):
    assert dates(nlp, "Từ đầu tháng 6 đến nay, các đơn vị thi đua.", hint="2022-07-02") == [("tháng 6", "2022-06")]


def test_holiday_day_month_in_context(nlp):
    assert dates(nlp, "Chào mừng sinh nhật Bác 19.5 và ngày thành lập Công đoàn Việt Nam 28.7.", hint="2023-05-01") == [
        ("19.5", "2023-05-19"), ("28.7", "2023-07-28")]


# ---------------------------------------------------------------- dates: year inference
def test_january_article_about_late_december_is_previous_year(nlp):
    assert dates(nlp, "Sáng 28/12, LĐLĐ tỉnh tổng kết.", hint="2021-01-04") == [("28/12", "2020-12-28")]


def test_deadline_later_in_the_year_keeps_publication_year(nlp):
    assert dates(nlp, "Các đơn vị gửi báo cáo trước ngày 20.11.", hint="2022-03-09") == [("ngày 20.11", "2022-11-20")]


def test_year_the_text_reports_on_without_dateline(nlp):
    assert dates(nlp, "Sáng 19/3, các đơn vị ký giao ước thi đua năm 2021.") == [("19/3", "2021-03-19")]


def test_no_year_anywhere_gives_month_day(nlp):
    assert dates(nlp, "Sáng 19/3, các đơn vị họp.") == [("19/3", "--03-19")]


def test_iso_marker_year_is_used(nlp):
    assert dates(nlp, "Chiều 5/5, hội nghị họp.", hint="2023-05") == [("5/5", "2023-05-05")]


# ---------------------------------------------------------------- dates: not dates
@pytest.mark.parametrize("text", [
    "Liên hệ 0912.456.789 để đăng ký.",
    "Công đoàn có 1.671 đoàn viên, 27.000 đồng và 1.950 năm.",
    "Làm việc 1/2 ngày mỗi tuần.",
    "Theo Quyết định 45/QĐ-SNV và Nghị quyết 02-NQ/TW, Kế hoạch KH-TLĐ.",
    "Tỷ lệ đạt 24,6% và 100%.",
    "Kết quả 9 tháng đầu năm 2022 và 6 tháng cuối năm, quý II năm 2024.",
    "Trong năm 2023 và năm học 2022 - 2023; ông A (1950-2010), sinh năm 1950, khóa XV.",
    "Tại Hội trường 3B, đoạn băng 0:00 / 0:00, dịch Covid-19, từ 3-5 người, định kỳ 6 tháng 1 lần.",
    "Các ngày 31/2/2020 và 99/99/9999 không có thật.",
])
def test_not_dates(nlp, text):
    assert dates(nlp, text, hint="2022-03-01") == []


# ---------------------------------------------------------------- periods
def test_term_periods_every_spacing_and_case(nlp):
    assert periods(nlp, "nhiệm kỳ 2022-2027, nhiệm kỳ 2022- 2027, Nhiệm kỳ 2022 -2027; NHIỆM KỲ 2022 – 2027") == [
        ("nhiệm kỳ 2022-2027", 2022, 2027), ("nhiệm kỳ 2022- 2027", 2022, 2027),
        ("Nhiệm kỳ 2022 -2027", 2022, 2027), ("NHIỆM KỲ 2022 – 2027", 2022, 2027)]


def test_glued_term_stage_and_school_year(nlp):
    assert periods(nlp, "ĐH Công đoàn lần thứ XV-Nhiệm kỳ 2023-2028; giai đoạn 2016-2017; năm học  2019-2020.") == [
        ("Nhiệm kỳ 2023-2028", 2023, 2028), ("giai đoạn 2016-2017", 2016, 2017), ("năm học  2019-2020", 2019, 2020)]


def test_bare_span_after_a_noun(nlp):
    assert periods(nlp, "Thông qua phương hướng nhiệm vụ 2022-2027 và mục tiêu trong 5 năm tới (2023 - 2028).") == [
        ("2022-2027", 2022, 2027), ("2023 - 2028", 2023, 2028)]


def test_old_and_new_terms(nlp):
    assert periods(nlp, "Nhìn lại nhiệm kỳ 2013-2018, hướng tới nhiệm kỳ 2018-2023.") == [
        ("nhiệm kỳ 2013-2018", 2013, 2018), ("nhiệm kỳ 2018-2023", 2018, 2023)]


@pytest.mark.parametrize("text", [
    "Kỷ niệm 10 năm ngày thành lập (2014 - 2024).",
    "Chân dung đồng chí Nguyễn Văn A (1938-2011).",
    "Đại biểu Quốc hội khóa XIV, Đại hội lần thứ X, tầm nhìn đến năm 2035.",
    "Kỷ niệm (28.7.1929 – 28.7.2024).",
    "Nhiệm kỳ 2020 - 2035 và 2025-2020.",
])
def test_not_periods(nlp, text):
    assert periods(nlp, text) == []


def test_range_across_months_with_mixed_separators_shares_the_year(nlp):
    assert dates(nlp, "Đăng ngày 02/03/2024\nNăm trước, từ ngày 27-10 đến 3-11/2023, LĐLĐ tỉnh tổ chức Hội thao.",
                 dateline="Đăng ngày 02/03/2024") == [("ngày 27-10", "2023-10-27"), ("3-11/2023", "2023-11-03")]


def test_front_anniversary_holiday_written_bare(nlp):
    assert dates(nlp, "Đăng ngày 20/11/2021\nCác đơn vị tổ chức kỷ niệm 91 năm Ngày thành lập Mặt trận Dân tộc "
                      "thống nhất Việt Nam (18.11) với nhiều hoạt động.", dateline="Đăng ngày 20/11/2021") == [
        ("18.11", "2021-11-18")]


# ---------------------------------------------------------------- a yearless date in a page with no dateline
@pytest.mark.parametrize("text, value", [
    # a congress meets in the first year of its term
    ("Ngày 11/10, Đại hội Công đoàn huyện lần thứ IV, nhiệm kỳ 2023-2028 đã thành công.", "2023-10-11"),
    # a school year: autumn dates in its first year, spring ones in its second
    ("Ngày 15-10, các trường ký giao ước thi đua năm học 2013 - 2014.", "2013-10-15"),
    ("Ngày 20/3, các trường sơ kết học kỳ I năm học 2013 - 2014.", "2014-03-20"),
    # no year word: the latest full date (an anniversary's year)
    ("Chào mừng 95 năm ngày thành lập Công đoàn Việt Nam (28/7/1929-28/7/2024), ngày 12/7 hội thao khai mạc.",
     "2024-07-12"),
])
def test_year_of_a_yearless_date_from_the_text(nlp, text, value):
    assert value in [v for _t, v in dates(nlp, text)]


def test_the_year_a_span_starts_from_is_not_the_year_reported_on(nlp):
    # `Từ năm 2015 đến nay` opens a span: a yearless day takes no year from it
    assert dates(nlp, "Ngày 20-11, Hội nghị diễn ra. Từ năm 2015 đến nay, phong trào phát triển mạnh.") == \
        [("Ngày 20-11", "--11-20")]
    assert dates(nlp, "Ngày 20-11, Hội nghị tổng kết năm 2019 diễn ra.") == [("Ngày 20-11", "2019-11-20")]
