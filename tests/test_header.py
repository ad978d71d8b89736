"""Header fields: publication datelines (every form of PATTERNS.md §3), bylines (§4), the
headline (GUIDE decisions), and the five seeds' title / published / authors as in the gold."""
from __future__ import annotations

import pytest

from pipeline import header as H
from pipeline.clean import clean
from pipeline.ingest import read_file
from pipeline.model import RawDocument

# --------------------------------------------------------------------------- seeds
SEEDS = {
    "000_77c591487d13137e.txt": (
        "Công đoàn cấp trên trực tiếp cơ sở thuộc Cụm thi đua số 3 tổ chức Hội nghị ký kết giao ước thi đua năm 2020",
        "2020-02-14T09:45", ["Đỗ Minh Hiếu"]),
    "001_c96b23bb89b1bddb.txt": (
        "Cụm thi đua số 8 Liên đoàn Lao động thành phố Hà Nội: Nỗ lực hoàn thành xuất sắc nhiệm vụ",
        "2021-03-23T13:38", ["Mai Quý", "Mai Quý"]),   # the photo credit `(Ảnh: Mai Quý)` and the byline
    "002_e8540ed258411e83.txt": (
        "LĐLĐ tỉnh: Làm việc định kỳ với các khối thi đua trực thuộc LĐLĐ tỉnh", "2020-02-20T07:51", ["Mỹ Hạnh"]),
    "003_2adb9ccaf866924c.txt": (None, "2019-12-24", ["Hằng Nguyễn"]),
    "004_597b5999805adbeb.txt": (
        "Phát động thi đua trong công nhân, viên chức, lao động và các cấp Công đoàn tỉnh Lạng Sơn năm 2016",
        "2016-02-01T16:50", ["Bế Hòa"]),
}


@pytest.fixture(scope="module")
def cleaned(seeds_dir):
    return {name: clean(next(read_file(seeds_dir / name))) for name in SEEDS}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_title_published_authors(cleaned, name):
    title, published, authors = SEEDS[name]
    c = cleaned[name]
    got_title = " ".join(c.title.text.split()) if c.title else None
    assert got_title == title
    assert H.parse_dateline(c.dateline.text) == published
    assert [b.text for b in c.bylines] == authors


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_spans_slice_the_cleaned_text(cleaned, name):
    c = cleaned[name]
    for sp in [c.title, c.dateline, *c.bylines]:
        if sp is not None:
            assert c.text[sp.start:sp.end] == sp.text


def test_seed_001_kicker_with_colon_spans_both_lines(cleaned):
    c = cleaned["001_c96b23bb89b1bddb.txt"]
    assert c.title.text == "Cụm thi đua số 8 Liên đoàn Lao động thành phố Hà Nội:\n\nNỗ lực hoàn thành xuất sắc nhiệm vụ"


def test_seed_dateline_spans_are_the_date_lines(cleaned):
    got = {n: cleaned[n].dateline.text for n in SEEDS}
    assert got == {
        "000_77c591487d13137e.txt": "14/02/2020 09:45",
        "001_c96b23bb89b1bddb.txt": "23/03/2021 13:38",
        "002_e8540ed258411e83.txt": "07:51 20/02/2020",
        "003_2adb9ccaf866924c.txt": "[Đăng ngày: 24/12/2019]",
        "004_597b5999805adbeb.txt": "Thứ hai, 01 Tháng 2 2016 16:50",
    }


# --------------------------------------------------------------------------- datelines
@pytest.mark.parametrize("text, iso", [
    ("18/03/2022 15:07", "2022-03-18T15:07"),
    ("08:15 11/09/2021", "2021-09-11T08:15"),
    ("09:41, 03/06/2022", "2022-06-03T09:41"),
    ("14:20 | 22/10/2020", "2020-10-22T14:20"),
    ("(17:05, 09/11/2017)", "2017-11-09T17:05"),
    ("15/04/2019 - 10:33", "2019-04-15T10:33"),
    ("Thứ Hai, 13/08/2018, 07:45 (GMT+7)", "2018-08-13T07:45"),
    ("Thứ bảy - 05/03/2022 19:12 418 0", "2022-03-05T19:12"),
    ("Thứ ba, 17 Tháng 9 2019 08:20", "2019-09-17T08:20"),
    ("Thứ hai, 01 Tháng 2 2016 16:50", "2016-02-01T16:50"),
    ("Cập nhật lúc 10:05 ngày 02/11/2016", "2016-11-02T10:05"),
    ("Cập nhật lúc: 07:50 14/06/2019", "2019-06-14T07:50"),
    ("Cập nhật: 02/12/2022 3:05:00 PM", "2022-12-02T15:05"),
    ("Cập nhật: 02/12/2022 12:05:00 PM", "2022-12-02T12:05"),
    ("Cập nhật: 02/12/2022 12:05:00 AM", "2022-12-02T00:05"),
    ("Cập nhật: 02/12/2022 9:05:00 AM", "2022-12-02T09:05"),
    ("[Đăng ngày: 05/01/2021]", "2021-01-05"),
    ("[Đăng ngày: 24/12/2019]", "2019-12-24"),
    ("19/07/2016", "2016-07-19"),
    ("Thứ Năm, 05/07/2023 - 09:10", "2023-07-05T09:10"),
    ("Thứ tư, 5/7/2023 9:10", "2023-07-05T09:10"),
    ("Chủ nhật, 09/07/2023 06:00", "2023-07-09T06:00"),
    ("Thứ 2, 13/08/2018", "2018-08-13"),
    ("T2, 13/08/2018 10:00", "2018-08-13T10:00"),
    ("CN, 13/08/2018", "2018-08-13"),
    ("THỨ SÁU, 13/08/2021", "2021-08-13"),
    ("05.07.2023 09:10", "2023-07-05T09:10"),
    ("05-07-2023", "2023-07-05"),
    ("Ngày đăng: 05/07/2023", "2023-07-05"),
    ("09:10,05/07/2023", "2023-07-05T09:10"),
    ("10h05 ngày 02/11/2016", "2016-11-02T10:05"),
    ("Cập nhật: ngày 14 tháng 5 năm 2024", "2024-05-14"),
    ("07:51 20/02/2020", "2020-02-20T07:51"),
    ("14/02/2020 09:45", "2020-02-14T09:45"),
    # an English-language CMS writes the month first, with a 12-hour clock
    ("2/23/2023 3:26:39 PM", "2023-02-23T15:26"),
])
def test_every_dateline_form(text, iso):
    assert H.parse_dateline(text) == iso


@pytest.mark.parametrize("text", [
    "Thứ ba, ngày 14 tháng 05 năm 2024",      # page-view banner (§1.6): the scrape day
    "Hôm nay, Thứ ba, 14/05/2024",
    "ngày 14 tháng 05 năm 2024",
    "Chiều ngày 20/10/2021.",                  # a lead is a body date
    "Sáng 14/12, tại hội trường Liên đoàn Lao động huyện",
    "31/02/2020", "25:00 01/01/2020", "01/13/2020", "10:75 01/01/2020", "01/01/1850",
    "Lượt xem: 123", "1.671 đoàn viên", "0912.456.789", "2020", "", None,
])
def test_not_datelines(text):
    assert H.parse_dateline(text) is None


def test_banner_is_recognised():
    assert H.is_banner_date("Thứ ba, ngày 14 tháng 05 năm 2024")
    assert not H.is_banner_date("Thứ ba, 14/05/2024 10:20")


def test_dateline_fragment_inside_a_longer_line():
    line = "Tin tức | Cập nhật: 14/06/2019 07:50 | Lượt xem: 20"
    a, b = H.dateline_span(line)
    assert line[a:b] == "Cập nhật: 14/06/2019 07:50"
    assert H.parse_dateline(line[a:b]) == "2019-06-14T07:50"
    assert H.dateline_span("Ngày 12/2/2020, tại hội trường, hội nghị đã diễn ra.") is None


def test_find_dateline_takes_the_first_dateline_line():
    lines = ["Thứ ba, ngày 14 tháng 05 năm 2024", "Tiêu đề bài viết về công đoàn", "07:51 20/02/2020", "19/07/2016"]
    assert H.find_dateline(lines) == (2, 0, 16)
    assert H.find_dateline(lines, limit=2) is None


# --------------------------------------------------------------------------- bylines
@pytest.mark.parametrize("line, names", [
    ("Mỹ Hạnh - VP", ["Mỹ Hạnh"]),
    ("Bài, ảnh : Hằng Nguyễn", ["Hằng Nguyễn"]),
    ("Bài, ảnh: Hằng Nguyễn", ["Hằng Nguyễn"]),
    ("Tin, ảnh: Thanh Hà", ["Thanh Hà"]),
    ("Tin và ảnh: Thanh Hà", ["Thanh Hà"]),
    ("Tác giả: Nguyễn Văn An", ["Nguyễn Văn An"]),
    ("Tác giả bài viết: Lê Thị Bình", ["Lê Thị Bình"]),
    ("bởi Nguyễn Văn An", ["Nguyễn Văn An"]),
    ("(Ảnh: Mai Quý)", ["Mai Quý"]),
    ("Các đơn vị ký giao ước thi đua năm 2021 (Ảnh: Mai Quý)", ["Mai Quý"]),
    ("Lãnh đạo các đơn vị ký kết giao ước thi đua năm 2023. Ảnh: Ngọc Hân", ["Ngọc Hân"]),
    ("Đỗ Minh Hiếu, LĐLĐ Thành phố", ["Đỗ Minh Hiếu"]),
    ("Bế Hòa- LĐLĐ tỉnh", ["Bế Hòa"]),
    ("Mai Quý", ["Mai Quý"]),
    ("Đăng Khoa", ["Đăng Khoa"]),
    ("Anh Thư", ["Anh Thư"]),                   # `Anh` is a given name here, not an honorific
    ("Thu Trang, Minh Đức", ["Thu Trang", "Minh Đức"]),
    ("Thu Trang và Minh Đức", ["Thu Trang", "Minh Đức"]),
    ("Thu Trang - CĐVC", ["Thu Trang"]),
    ("Đăng Khoa (LĐLĐ huyện)", ["Đăng Khoa"]),
    ("QUANG VINH", ["QUANG VINH"]),
    ("LÊ MINH KHA |", ["LÊ MINH KHA"]),
    ("T.HÒA", ["T.HÒA"]),
    ("N.Linh", ["N.Linh"]),
    ("ThS. Vũ Đình Lâm - Nguyên Trưởng Ban Tổ chức LĐLĐ tỉnh", ["Vũ Đình Lâm"]),
    ("Nguyễn Thị Hạnh", ["Nguyễn Thị Hạnh"]),
])
def test_byline_names(line, names):
    got = H.byline_names(line, whole_line=True)
    assert [line[a:b] for a, b in got] == names


@pytest.mark.parametrize("line", [
    "Ảnh: TTXVN", "Ảnh: BTC", "Ảnh: Công đoàn Công ty Vinh Phát", "Nguồn: Ban Thi đua - Khen thưởng",
    "Ảnh: Làm việc định kỳ giữa LĐLĐ tỉnh với CĐCS khối thi đua", "Lãnh đạo LĐLĐ tỉnh trao cờ cho các đơn vị - Ảnh 2.",
    "Nỗ lực hoàn thành xuất sắc nhiệm vụ", "Quang cảnh Hội nghị tổng kết thi đua Khối", "Hà Giang", "VT", "PV",
    "Ông Trịnh Tố Tâm - Chủ tịch Công đoàn ngành Y tế Hà Nội", "Cụm số 1", "Ban Biên tập", "Tổng Biên tập: NGUYỄN VĂN X",
    "Phóng viên: Xin đồng chí cho biết kết quả năm qua?", "Mai Quý cho biết thêm về kế hoạch",
])
def test_not_bylines(line):
    assert H.byline_names(line, whole_line=True) == []


def test_unlabelled_names_need_a_byline_position():
    assert H.byline_names("Mai Quý") == []
    assert H.byline_names("Mai Quý", whole_line=True) == [(0, 7)]


# --------------------------------------------------------------------------- titles
def _title(text: str, **kw) -> str | None:
    c = clean(RawDocument("t.txt", "txt", text=text, **kw))
    return " ".join(c.title.text.split()) if c.title else None


LEAD = ("Sáng 3/5, tại hội trường Liên đoàn Lao động tỉnh, các đơn vị trong Cụm thi đua số 2 đã tổ chức hội nghị "
        "ký kết giao ước thi đua năm 2023 với sự tham dự của lãnh đạo các đơn vị thành viên.")


def test_series_name_above_the_headline_is_left_out():
    text = f"Công đoàn cơ sở trong thời kỳ mới\nBài 3: Gắn bó với người lao động\n19/07/2016\n{LEAD}"
    assert _title(text) == "Bài 3: Gắn bó với người lao động"


def test_kicker_without_colon_is_left_out():
    text = f"Hướng tới Đại hội Công đoàn các cấp\nCụm thi đua số 2 ký giao ước thi đua năm 2023\n{LEAD}"
    assert _title(text) == "Cụm thi đua số 2 ký giao ước thi đua năm 2023"


def test_kicker_with_colon_joins_the_next_line():
    text = f"Khối thi đua các cơ quan nội chính:\nKý giao ước năm 2022\n18/03/2022 15:07\n{LEAD}"
    assert _title(text) == "Khối thi đua các cơ quan nội chính: Ký giao ước năm 2022"


def test_bullet_is_stripped_from_the_headline():
    c = clean(RawDocument("t.txt", "txt", text=f"• Cụm thi đua số 6 ký giao ước thi đua năm 2022\n{LEAD}"))
    assert c.title.text == "Cụm thi đua số 6 ký giao ước thi đua năm 2022"
    assert c.text.startswith("• ")


def test_all_caps_copy_of_the_headline_is_dropped_and_mixed_case_kept():
    text = (f"KHỐI THI ĐUA 2 KÝ KẾT GIAO ƯỚC NĂM 2019.\nKhối thi đua 2 ký kết giao ước năm 2019\n"
            f"08:15 11/09/2019\n{LEAD}")
    c = clean(RawDocument("t.txt", "txt", text=text))
    assert c.title.text == "Khối thi đua 2 ký kết giao ước năm 2019"
    assert "KHỐI THI ĐUA 2" not in c.text


def test_all_caps_headline_alone_is_the_title():
    assert _title(f"KHỐI THI ĐUA 2 KÝ KẾT GIAO ƯỚC NĂM 2019.\n08:15 11/09/2019\n{LEAD}") == \
        "KHỐI THI ĐUA 2 KÝ KẾT GIAO ƯỚC NĂM 2019."


def test_rewrapped_copy_of_the_headline_is_dropped():
    text = (f"CỤM THI ĐUA SỐ 4 TỔNG KẾT NĂM 2022\nCụm thi đua số 4\ntổng kết\nnăm 2022\n{LEAD}")
    c = clean(RawDocument("t.txt", "txt", text=text))
    assert " ".join(c.title.text.split()) == "CỤM THI ĐUA SỐ 4 TỔNG KẾT NĂM 2022"
    assert "tổng kết\n" not in c.text


def test_truncated_breadcrumb_copy_is_not_the_title():
    head = "Công đoàn Sở Tư pháp với phong trào “Văn phòng xanh, sạch, đẹp” năm 2023"
    text = f"> Tin tức > Hoạt động công đoàn > Công đoàn Sở Tư pháp với phong trào “Văn phòng x\n{head}\n{LEAD}"
    assert _title(text) == head


def test_glued_menu_words_are_cut_from_the_headline():
    c = clean(RawDocument("t.txt", "txt", text=f"Trang chủ Tin tứcYên Bái: Trao 12 Mái ấm Công đoàn\n15/04/2019 - 10:33\n{LEAD}"))
    assert c.title.text == "Yên Bái: Trao 12 Mái ấm Công đoàn"


def test_no_title_when_the_text_opens_with_the_lead():
    assert _title(f"{LEAD}\n\nCác đơn vị thống nhất nhiều nội dung thi đua.") is None
    assert _title("(CMO) Ngày 12/3, Liên đoàn Lao động tỉnh Cà Mau tổ chức hội nghị tổng kết công tác năm 2022 "
                  "và triển khai nhiệm vụ năm 2023 cho các cấp công đoàn.") is None


def test_byline_under_the_headline_is_not_the_title():
    c = clean(RawDocument("t.txt", "txt", text=f"Cụm thi đua số 2 ký giao ước thi đua năm 2023\nQuang Vinh\n{LEAD}"))
    assert c.title.text == "Cụm thi đua số 2 ký giao ước thi đua năm 2023"
    assert [b.text for b in c.bylines] == ["Quang Vinh"]


def test_hint_title_picks_the_matching_line():
    text = f"Tin hoạt động các cụm\nCụm thi đua số 2 ký giao ước thi đua năm 2023\n{LEAD}"
    assert _title(text, title="Tin hoạt động các cụm") == "Tin hoạt động các cụm"


def test_choose_title_reports_duplicates():
    lines = ["CỤM THI ĐUA SỐ 1 KÝ GIAO ƯỚC", "Cụm thi đua số 1 ký giao ước", LEAD]
    tc = H.choose_title(lines, 2)
    assert (tc.first, tc.last, tc.dropped) == (1, 1, (0,))


def test_title_candidates():
    assert H.is_title_candidate("LĐLĐ tỉnh: Làm việc định kỳ với các khối thi đua trực thuộc LĐLĐ tỉnh")
    assert not H.is_title_candidate("07:51 20/02/2020")
    assert not H.is_title_candidate("Mỹ Hạnh - VP")
    assert not H.is_title_candidate("(LĐTĐ)")
    assert not H.is_title_candidate("Ảnh: Làm việc định kỳ giữa LĐLĐ tỉnh với CĐCS khối thi đua")


def test_kicker_pair_wins_over_a_related_strip_below_it():
    text = ("Tin tức - Sự kiện\n18/03/2022 15:07\nCụm thi đua số 3 LĐLĐ thành phố Hải Phòng:\n"
            "Ký giao ước, quyết tâm hoàn thành chỉ tiêu năm 2022\n"
            "Cụm thi đua số 1 LĐLĐ thành phố ký giao ước thi đua năm 2022 Chủ tịch LĐLĐ thành phố thăm công nhân\n" + LEAD)
    c = clean(RawDocument("t.txt", "txt", text=text))
    assert " ".join(c.title.text.split()) == \
        "Cụm thi đua số 3 LĐLĐ thành phố Hải Phòng: Ký giao ước, quyết tâm hoàn thành chỉ tiêu năm 2022"
    assert "Cụm thi đua số 1 LĐLĐ thành phố ký giao ước" in c.text      # the strip stays in the text
    assert not c.text.startswith("Tin tức")


def test_section_label_under_the_headline_is_dropped():
    text = ("Thứ Tư, 05/07/2023 - 09:10\nLong An: Hội thi “Công đoàn với chuyển đổi số” thu hút 5 đội tham gia\n"
            "Lao động - Công đoàn\n" + LEAD)
    c = clean(RawDocument("t.txt", "txt", text=text))
    assert c.title.text == "Long An: Hội thi “Công đoàn với chuyển đổi số” thu hút 5 đội tham gia"
    assert "Lao động - Công đoàn" not in c.text


def test_slogan_then_caps_title_dateline_and_mixed_case_copy():
    text = ("Công đoàn tỉnh Sơn La: Đổi mới - Đoàn kết - Chăm lo; vì quyền lợi hợp pháp, chính đáng của đoàn viên, "
            "người lao động; góp phần xây dựng quê hương phát triển\n"
            "CỤM THI ĐUA SỐ 2 KÝ KẾT GIAO ƯỚC THI ĐUA NĂM 2024\nThứ ba, 12 Tháng 3 2024 08:20\n"
            "Cụm thi đua số 2 ký kết giao ước thi đua năm 2024\n" + LEAD)
    c = clean(RawDocument("t.txt", "txt", text=text))
    assert c.text.startswith("Thứ ba, 12 Tháng 3 2024 08:20\n\nCụm thi đua số 2 ký kết giao ước thi đua năm 2024\n\nSáng 3/5")
    assert c.title.text == "Cụm thi đua số 2 ký kết giao ước thi đua năm 2024"
    assert H.parse_dateline(c.dateline.text) == "2024-03-12T08:20"


def test_long_real_title_with_semicolons_is_not_a_slogan():
    title = ("Công đoàn tỉnh tổ chức hội nghị tổng kết; trao 20 Mái ấm Công đoàn và biểu dương 50 đoàn viên "
             "tiêu biểu năm 2023")
    c = clean(RawDocument("t.txt", "txt", text=f"{title}\n{LEAD}"))
    assert c.title.text == title


# ---------------------------------------------------------------- bylines seen on real pages
@pytest.mark.parametrize("line, names", [
    ("Thùy Trang 15/02/2023 11:07", ["Thùy Trang"]),            # the posting time after the name
    ("Kiều Vũ LDO | 21/10/2023 09:15", ["Kiều Vũ"]),             # an outlet code and a pipe before it
    ("CTV Lâm Hiền – Thành Trung", ["Lâm Hiền", "Thành Trung"]),  # a contributor's label, two authors
    ("Minh Thanh – Mạnh Hà", ["Minh Thanh", "Mạnh Hà"]),
    ("Mỹ Hạnh - VP", ["Mỹ Hạnh"]),                                # an affiliation, not a second author
])
def test_byline_lines_of_real_pages(line, names):
    assert [line[a:b] for a, b in H.byline_line_names(line)] == names


def test_a_dateline_after_the_sites_name_with_a_twelve_hour_clock():
    line = "TẠP CHÍ LÂM ĐỒNG|2/23/2023 3:26:39 PM"
    a, b = H.dateline_span(line)
    assert H.parse_dateline(line[a:b]) == "2023-02-23T15:26"
