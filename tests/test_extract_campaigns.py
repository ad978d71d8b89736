"""thidua_campaigns on small invented texts (GUIDE.md `campaigns`, PATTERNS.md §10) and on the seeds.

Every Vietnamese sentence below is invented; only the shapes follow real articles.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.campaigns import find_quotes
from pipeline.model import CleanDocument
from pipeline.nlp import make_doc
from pipeline.segment import segment

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "gold" / "seeds.jsonl"


def camps(nlp, text: str) -> list[tuple[str, str]]:
    doc = make_doc(nlp.vocab, segment(CleanDocument(source="t.txt", fmt="txt", text=text)))
    ex = nlp(doc)._.extraction
    for c in ex.campaigns:
        assert doc.text[c.start:c.end] == c.text, c
        assert c.name == " ".join(c.text.split())
    return [(c.name, c.kind) for c in ex.campaigns]


# ---------------------------------------------------------------- triggers and kinds
def test_chain_of_movements_inherits_the_trigger(nlp):
    text = ("Hưởng ứng phong trào thi đua “Công sở xanh” của Tỉnh, phong trào “Nói lời hay”, "
            "“Sáng kiến vì cộng đồng” và phong trào thi đua “An toàn là bạn”.")
    assert camps(nlp, text) == [("Công sở xanh", "phong_trao"), ("Nói lời hay", "phong_trao"),
                                ("Sáng kiến vì cộng đồng", "phong_trao"), ("An toàn là bạn", "phong_trao")]


def test_semicolon_chain_and_words_between(nlp):
    text = ("Trọng tâm là phong trào thi đua “Xây dựng đơn vị giỏi”; “Học tập suốt đời”; phát triển "
            "phong trào “Thợ giỏi - việc tốt”.")
    assert camps(nlp, text) == [("Xây dựng đơn vị giỏi", "phong_trao"), ("Học tập suốt đời", "phong_trao"),
                                ("Thợ giỏi - việc tốt", "phong_trao")]


def test_van_dong_with_words_between_trigger_and_quote(nlp):
    assert camps(nlp, "Thực hiện các cuộc vận động xây dựng người CBCCVC “Tận tụy, sáng tạo, kỷ cương”.") == [
        ("Tận tụy, sáng tạo, kỷ cương", "van_dong")]


def test_nearest_trigger_decides(nlp):
    assert camps(nlp, "Phong trào thi đua của ngành hưởng ứng cuộc vận động “Người tốt quanh ta”.") == [
        ("Người tốt quanh ta", "van_dong")]


def test_themes_with_colon_and_year(nlp):
    text = ("Tháng Công nhân năm 2023 với chủ đề: “Công nhân đoàn kết, vững bước tương lai”. "
            "Thực hiện chủ đề năm 2024 của Tỉnh “Kỷ cương, hiệu quả”.")
    assert camps(nlp, text) == [("Tháng Công nhân", "chuong_trinh"),
                                ("Công nhân đoàn kết, vững bước tương lai", "chu_de"),
                                ("Kỷ cương, hiệu quả", "chu_de")]


def test_contests_and_quotes_that_start_with_the_trigger(nlp):
    text = ("Tổ chức các Hội thao, Hội thi như: Hội thi “Kỹ năng nghề giỏi”, “Hội thi Kế toán trẻ”, "
            "“Hội thao công nhân khỏe” và Cuộc thi viết tìm hiểu “Công đoàn với chuyển đổi số”.")
    assert camps(nlp, text) == [("Kỹ năng nghề giỏi", "hoi_thi"), ("Hội thi Kế toán trẻ", "hoi_thi"),
                                ("Hội thao công nhân khỏe", "hoi_thi"),
                                ("Công đoàn với chuyển đổi số", "hoi_thi")]


def test_programme_and_quote_starting_with_thang(nlp):
    assert camps(nlp, "Tổ chức các hoạt động nhân “Tháng công nhân“ và chương trình “Một triệu sáng kiến”.") == [
        ("Tháng công nhân", "chuong_trinh"), ("Một triệu sáng kiến", "chuong_trinh")]


def test_soft_trigger_gives_other(nlp):
    assert camps(nlp, "Phong trào “Phục vụ tận tình” gắn với xây dựng bệnh viện “Sạch - Xanh - An toàn”.") == [
        ("Phục vụ tận tình", "phong_trao"), ("Sạch - Xanh - An toàn", "other")]


# ---------------------------------------------------------------- quote styles
def test_quote_styles(nlp):
    text = ("Các phong trào thi đua như ‘Tay nghề cao’, ‘Tiết kiệm giỏi’. Duy trì phong trào 'CHỦ NHẬT SẠCH'. "
            "Phong trào thi đua \"Lao động cần cù\", \"Dạy tốt - Học tốt\". Cuộc vận động “Sống đẹp mỗi ngày\".")
    assert camps(nlp, text) == [("Tay nghề cao", "phong_trao"), ("Tiết kiệm giỏi", "phong_trao"),
                                ("CHỦ NHẬT SẠCH", "phong_trao"), ("Lao động cần cù", "phong_trao"),
                                ("Dạy tốt - Học tốt", "phong_trao"), ("Sống đẹp mỗi ngày", "van_dong")]


def test_one_quote_with_dashes_stays_one_semicolons_split(nlp):
    assert camps(nlp, "Phong trào “Tay nghề cao - Tiết kiệm giỏi” và phong trào “Năng suất cao; Chất lượng tốt”.") == [
        ("Tay nghề cao - Tiết kiệm giỏi", "phong_trao"), ("Năng suất cao", "phong_trao"),
        ("Chất lượng tốt", "phong_trao")]


def test_find_quotes_pairs_mismatched_and_skips_unclosed():
    text = "A “một“ B \"hai” C “ba\nD “bốn”"
    assert [text[s:e] for s, e in find_quotes(text)] == ["một", "hai", "bốn"]


# ---------------------------------------------------------------- exclusions
@pytest.mark.parametrize("text", [
    "Triển khai Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về “Đẩy mạnh học tập và làm theo gương Bác”.",
    "Thực hiện Nghị quyết 09 của Tỉnh ủy về “Tăng cường công tác dân vận”, “Đổi mới phương thức”.",
    "Đại hội diễn ra với tinh thần “Đoàn kết - Đổi mới - Hành động”.",
    "Tổ chức Hội thảo “Công đoàn trong kỷ nguyên mới”.",
    "Trao kỷ niệm chương “Vì sự nghiệp xây dựng tổ chức Công đoàn” cho 5 cá nhân.",
    "Các tiết mục tiểu phẩm “Chuyện nhà máy” và bài hát “Bài ca người thợ” được khen.",
    "Ông A cho biết: “Chúng tôi sẽ cố gắng hoàn thành nhiệm vụ.”",
    "Bác Hồ dạy “Thi đua là yêu nước, yêu nước thì phải thi đua”.",
    "Chương trình thi đua năm 2021 của tổ chức Công đoàn được triển khai.",
    "Đẩy mạnh các phong trào thi đua yêu nước trong đoàn viên.",
    "Ủng hộ Quỹ Vì người nghèo, Quỹ Mái ấm Công đoàn.",
    "Chị Lan được đồng nghiệp gọi là “Bông hoa thép”.",
    "> Tin tức > Công đoàn Sở Tư pháp với phong trào “Văn phòng x",
])
def test_not_campaigns(nlp, text):
    assert camps(nlp, text) == []


# ---------------------------------------------------------------- unquoted names
def test_well_known_unquoted_programmes(nlp):
    text = "Hưởng ứng Tháng Công nhân, Tháng hành động về ATVSLĐ năm 2024; trao quà Tết Sum vầy và Mái ấm Công đoàn."
    assert camps(nlp, text) == [("Tháng Công nhân", "chuong_trinh"), ("Tháng hành động về ATVSLĐ", "chuong_trinh"),
                                ("Tết Sum vầy", "chuong_trinh"), ("Mái ấm Công đoàn", "chuong_trinh")]


def test_lowercase_month_word_is_not_a_programme(nlp):
    assert camps(nlp, "Trong tháng công nhân năm nay, đoàn viên được thăm hỏi.") == []




# ---------------------------------------------------------------- unquoted names seen on real pages
@pytest.mark.parametrize("text, expected", [
    ("Nổi bật là phong trào thi đua Lao động giỏi, Lao động sáng tạo trong công nhân.",
     [("Lao động giỏi", "phong_trao"), ("Lao động sáng tạo", "phong_trao")]),
    ("Các trường triển khai phong trào Dạy tốt - Học tốt gắn với việc đổi mới.", [("Dạy tốt - Học tốt", "phong_trao")]),
    ("Đẩy mạnh cuộc vận động Hỗ trợ giáo dục miền núi, vùng sâu, vùng xa; các đơn vị hưởng ứng.",
     [("Hỗ trợ giáo dục miền núi, vùng sâu, vùng xa", "van_dong")]),
    # a known programme in quotes without a trigger before it
    ("LĐLĐ huyện bàn giao 3 nhà “Mái ấm Công đoàn” cho đoàn viên.", [("Mái ấm Công đoàn", "chuong_trinh")]),
])
def test_unquoted_and_known_names(nlp, text, expected):
    assert camps(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Phong trào thi đua yêu nước được đẩy mạnh trong CNVCLĐ.",                 # generic, lower-case
    "Hưởng ứng phong trào thi đua do Liên đoàn Lao động tỉnh phát động.",      # a body, not a name
    "Phong trào CNVCLĐ thi đua lao động sản xuất phát triển mạnh.",            # a group of people
])
def test_no_unquoted_campaign(nlp, text):
    assert camps(nlp, text) == []


def test_a_quoted_name_after_thi_dua_is_a_movement_but_a_clusters_motto_is_not(nlp):
    text = ("Công an 5 tỉnh ký giao ước thi đua “Vì an ninh Tổ quốc” năm 2020. Khối thi đua Văn hóa “Đoàn kết, "
            "sáng tạo” ký kết với khẩu hiệu thi đua “Kỷ cương, trách nhiệm”.")
    assert [n for n, _ in camps(nlp, text)] == ["Vì an ninh Tổ quốc"]


def test_movements_listed_after_nhu_may_be_unquoted_and_lower_case(nlp):
    text = ("Các đơn vị đã triển khai nhiều phong trào thiết thực như: Học tập và làm theo tư tưởng, đạo đức, "
            "phong cách Hồ Chí Minh; cả nước chung sức xây dựng nông thôn mới; doanh nghiệp hội nhập và phát triển.")
    assert [n for n, _ in camps(nlp, text)] == [
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "cả nước chung sức xây dựng nông thôn mới",
        "doanh nghiệp hội nhập và phát triển"]


def test_the_month_campaigns_written_lower_case(nlp):
    # (a lower-case `tháng công nhân` is the month itself: test_lowercase_month_word_is_not_a_programme)
    text = "LĐLĐ tỉnh phát động Tháng Công nhân; hưởng ứng tháng hành động về ATVSLĐ năm 2017 và tháng thanh niên."
    assert [n for n, _ in camps(nlp, text)] == ["Tháng Công nhân", "tháng hành động về ATVSLĐ", "tháng thanh niên"]


def test_a_cluster_after_a_trigger_and_a_quoted_threat_are_no_campaigns(nlp):
    text = ("Triển khai các phong trào thi đua Cụm 7 tỉnh biên giới phía Bắc; cảnh giác trước âm mưu “Diễn biến hòa "
            "bình”.")
    assert camps(nlp, text) == []


def test_well_known_names_without_quotes_in_any_spacing_of_their_dashes(nlp):
    text = ("Đoàn viên hưởng ứng chiến dịch Mùa hè thanh niên tình nguyện, Hội thi Nhà nông đua tài và Tháng hành "
            "động về an toàn,vệ sinh lao động.")
    assert [t for t, _ in camps(nlp, text)] == ["Mùa hè thanh niên tình nguyện", "Nhà nông đua tài",
                                                  "Tháng hành động về an toàn,vệ sinh lao động"]
