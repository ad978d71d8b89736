"""Officials extractor on invented fixtures (PATTERNS.md §9 shapes)."""
from __future__ import annotations


from conftest import run_org_components


def officials(nlp, text: str, province: str | None = "Yên Bái"):
    ex = run_org_components(nlp, text, province)
    for o in ex.officials:
        assert o.name in o.text
    return [(o.name, o.title, o.organisation) for o in ex.officials]


LDLD = "Liên đoàn Lao động tỉnh Yên Bái"


def test_honorific_name_dash_title_org(nlp):
    assert officials(nlp, "Dự có đồng chí Hoàng Thị Lụa – Phó Chủ tịch Thường trực LĐLĐ tỉnh và ông Lò Văn Păn, "
                          "Chủ tịch Công đoàn ngành Y tế.") == [
        ("Hoàng Thị Lụa", "Phó Chủ tịch Thường trực", LDLD),
        ("Lò Văn Păn", "Chủ tịch", "Công đoàn ngành Y tế tỉnh Yên Bái")]


def test_glued_dash_and_no_separator(nlp):
    assert officials(nlp, "Đồng chí Giàng A Chử-Chủ tịch LĐLĐ huyện Văn Chấn phát biểu. "
                          "Đồng chí Mai Văn Thắm Phó Chủ tịch CĐVC tỉnh chủ trì.") == [
        ("Giàng A Chử", "Chủ tịch", "Liên đoàn Lao động huyện Văn Chấn"),
        ("Mai Văn Thắm", "Phó Chủ tịch", "Công đoàn Viên chức tỉnh Yên Bái")]


def test_several_roles_one_entry_each(nlp):
    assert officials(nlp, "Bà Vi Thị Hạnh - Tỉnh ủy viên, Chủ tịch LĐLĐ tỉnh, Đại biểu Quốc hội khóa XV - phát biểu.") == [
        ("Vi Thị Hạnh", "Tỉnh ủy viên", None), ("Vi Thị Hạnh", "Chủ tịch", LDLD),
        ("Vi Thị Hạnh", "Đại biểu Quốc hội", None)]


def test_title_org_name_without_honorific(nlp):
    assert officials(nlp, "Chủ tịch LĐLĐ tỉnh Yên Bái Đặng Văn Tiến phát biểu. Theo Phó Giám đốc Sở Nội vụ "
                          "Bạch Thị Yến, năm nay khó khăn. Phó Chủ tịch Tổng LĐLĐVN Tạ Đức Long trao cờ.") == [
        ("Đặng Văn Tiến", "Chủ tịch", LDLD), ("Bạch Thị Yến", "Phó Giám đốc", "Sở Nội vụ tỉnh Yên Bái"),
        ("Tạ Đức Long", "Phó Chủ tịch", "Tổng Liên đoàn Lao động Việt Nam")]


def test_lists_name_first_and_title_first(nlp):
    assert officials(nlp, "Dự có các đồng chí: Ninh Văn Quế, Phó Chủ tịch UBND tỉnh; Quách Thị Nhàn - Chủ tịch LĐLĐ "
                          "tỉnh; Đàm Văn Vượng, Giám đốc Sở Nội vụ.") == [
        ("Ninh Văn Quế", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Yên Bái"), ("Quách Thị Nhàn", "Chủ tịch", LDLD),
        ("Đàm Văn Vượng", "Giám đốc", "Sở Nội vụ tỉnh Yên Bái")]
    assert officials(nlp, "Dự có Phó Chủ tịch Tổng LĐLĐ Việt Nam Cầm Thị Pia; Chủ tịch LĐLĐ tỉnh Nông Văn Chiến.") == [
        ("Cầm Thị Pia", "Phó Chủ tịch", "Tổng Liên đoàn Lao động Việt Nam"), ("Nông Văn Chiến", "Chủ tịch", LDLD)]


def test_shared_title_after_election_verb(nlp):
    assert officials(nlp, "Đồng chí Lục Thị Bích, Phùng Quốc Toản được bầu làm Phó Chủ tịch LĐLĐ tỉnh.") == [
        ("Lục Thị Bích", "Phó Chủ tịch", LDLD), ("Phùng Quốc Toản", "Phó Chủ tịch", LDLD)]


def test_committee_is_the_organisation_and_former_stays(nlp):
    assert officials(nlp, "ThS. Vũ Đình Lâm - Nguyên Trưởng Ban Tổ chức LĐLĐ tỉnh phát biểu. Ông Trần Hữu Nghĩa - "
                          "Phó Trưởng ban Tuyên giáo LĐLĐ tỉnh. Đồng chí Phạm Văn Bình, Ủy viên Ban Thường vụ "
                          "Quận ủy Ba Đình dự.") == [
        ("Vũ Đình Lâm", "Nguyên Trưởng ban", "Ban Tổ chức " + LDLD),
        ("Trần Hữu Nghĩa", "Phó Trưởng ban", "Ban Tuyên giáo " + LDLD),
        ("Phạm Văn Bình", "Ủy viên", "Ban Thường vụ Quận ủy Ba Đình")]


def test_cluster_role_has_no_organisation(nlp):
    assert officials(nlp, "Ông Trịnh Văn Tâm - Chủ tịch Công đoàn ngành Y tế Hà Nội, Cụm trưởng Cụm thi đua số 8 "
                          "cho biết.", "Hà Nội") == [
        ("Trịnh Văn Tâm", "Chủ tịch", "Công đoàn ngành Y tế Hà Nội"), ("Trịnh Văn Tâm", "Cụm trưởng", None)]


def test_back_references_and_unnamed_roles_are_not_officials(nlp):
    assert officials(nlp, "Theo ông Tiến, đồng chí Lụa nhấn mạnh. Giám đốc công ty cùng Chủ tịch Công đoàn dự. "
                          "Các đồng chí Phó Chủ tịch LĐLĐ tỉnh dự. Tư tưởng của Chủ tịch Hồ Chí Minh. "
                          "Ông Nguyễn Văn Ba (sinh năm 1950) kể lại.") == []


def test_title_without_named_organisation(nlp):
    assert officials(nlp, "Bà Lê Thị Hoa, Chủ tịch Công đoàn cơ sở, phát biểu.") == [("Lê Thị Hoa", "Chủ tịch", None)]


def test_role_then_comma_honorific_name(nlp):
    assert officials(nlp, "Chủ tịch UBND tỉnh, ông Nguyễn Văn Hòa phát biểu. Đồng chí Hồ Văn Mừng - Phó Bí thư "
                          "Thường trực Tỉnh ủy dự.") == [
        ("Nguyễn Văn Hòa", "Chủ tịch", "Ủy ban nhân dân tỉnh Yên Bái"),
        ("Hồ Văn Mừng", "Phó Bí thư Thường trực", "Tỉnh ủy Yên Bái")]


def test_abbreviated_titles_and_bare_committee(nlp):
    assert officials(nlp, "Đ/c Nguyễn Thị Thu Hà - UV BCH, Trưởng Ban Nữ công LĐLĐ tỉnh; đ/c Lê Văn Ba - Phó TB "
                          "Tuyên giáo LĐLĐ tỉnh dự.") == [
        ("Nguyễn Thị Thu Hà", "Ủy viên", "Ban Chấp hành " + LDLD),
        ("Nguyễn Thị Thu Hà", "Trưởng ban", "Ban Nữ công " + LDLD),
        ("Lê Văn Ba", "Phó Trưởng ban", "Ban Tuyên giáo " + LDLD)]


def test_election_verbs_and_the_congress_union(nlp):
    assert officials(nlp, "Tại Đại hội Công đoàn thành phố Hải Phòng lần thứ XVI, đồng chí Tống Thị Hoa được bầu làm "
                          "Chủ tịch. Đồng chí Thái Văn Sỹ được bầu giữ chức vụ Phó Chủ tịch LĐLĐ tỉnh.", "Hải Phòng") == [
        ("Tống Thị Hoa", "Chủ tịch", "Công đoàn thành phố Hải Phòng"),
        ("Thái Văn Sỹ", "Phó Chủ tịch", "Liên đoàn Lao động tỉnh")]


def test_city_alias_with_its_own_level_word(nlp):
    assert officials(nlp, "Phó Chủ tịch LĐLĐ TP.HCM Phạm Chí Tâm cho biết.", "Hồ Chí Minh") == [
        ("Phạm Chí Tâm", "Phó Chủ tịch", "Liên đoàn Lao động thành phố Hồ Chí Minh")]


def test_central_highlands_names_title_first_list(nlp):
    assert officials(nlp, "Dự có Phó Chủ tịch LĐLĐ tỉnh Y Moan Êban; Chủ tịch LĐLĐ huyện Ea Súp H'Nga Mlô "
                          "và Chủ tịch LĐLĐ huyện Cư Jút Ksor Nhuin cùng dự.", "Đắk Lắk") == [
        ("Y Moan Êban", "Phó Chủ tịch", "Liên đoàn Lao động tỉnh Đắk Lắk"),
        ("H'Nga Mlô", "Chủ tịch", "Liên đoàn Lao động huyện Ea Súp"),
        ("Ksor Nhuin", "Chủ tịch", "Liên đoàn Lao động huyện Cư Jút")]


def test_title_first_with_a_middle_name_and_court_titles(nlp):
    assert officials(nlp, "Dự có Phó Chủ tịch UBND tỉnh Đặng Công Thành, đại diện các sở. Bà Lưu Thị Ngà - "
                          "Chánh án Tòa án nhân dân tỉnh phát biểu.", "Ninh Bình") == [
        ("Đặng Công Thành", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Ninh Bình"),
        ("Lưu Thị Ngà", "Chánh án", "Tòa án nhân dân tỉnh Ninh Bình")]


def test_foreign_name_in_a_list_after_a_plural_honorific(nlp):
    assert officials(nlp, "Dự có các đồng chí: Vũ Văn Hải, Phó Chủ tịch LĐLĐ tỉnh; Tanaka Hiroshi, Giám đốc "
                          "Công ty TNHH Điện tử Sao Mai.") == [
        ("Vũ Văn Hải", "Phó Chủ tịch", LDLD),
        ("Tanaka Hiroshi", "Giám đốc", "Công ty Trách nhiệm hữu hạn Điện tử Sao Mai")]


def test_dash_apposition_with_a_bodiless_rank_first(nlp):
    assert officials(nlp, "Ông Đỗ Văn Quý - Thị ủy viên, Chủ tịch LĐLĐ thị xã Sa Pa, Cụm trưởng Cụm thi đua số 2 - "
                          "phát biểu.", "Lào Cai") == [
        ("Đỗ Văn Quý", "Thị ủy viên", None),
        ("Đỗ Văn Quý", "Chủ tịch", "Liên đoàn Lao động thị xã Sa Pa"),
        ("Đỗ Văn Quý", "Cụm trưởng", None)]


def test_elected_deputies_take_the_body_of_the_chair_elected_before(nlp):
    assert officials(nlp, "Tại phiên họp thứ nhất, đồng chí Lê Thị Hạnh tái đắc cử chức Chủ tịch LĐLĐ huyện "
                          "Diễn Châu; đồng chí Hồ Văn Bảy, Trần Thị Kim được bầu làm Phó Chủ tịch.", "Nghệ An") == [
        ("Lê Thị Hạnh", "Chủ tịch", "Liên đoàn Lao động huyện Diễn Châu"),
        ("Hồ Văn Bảy", "Phó Chủ tịch", "Liên đoàn Lao động huyện Diễn Châu"),
        ("Trần Thị Kim", "Phó Chủ tịch", "Liên đoàn Lao động huyện Diễn Châu")]


def test_committee_roles_without_place_take_the_articles_district(nlp):
    assert officials(nlp, "Đại hội Công đoàn huyện Con Cuông: đồng chí Lương Văn Tú, Ủy viên Ban Thường vụ Huyện ủy, "
                          "Trưởng Ban Dân vận Huyện ủy Con Cuông dự. LĐLĐ huyện Con Cuông chủ trì.", "Nghệ An") == [
        ("Lương Văn Tú", "Ủy viên", "Ban Thường vụ Huyện ủy Con Cuông"),
        ("Lương Văn Tú", "Trưởng ban", "Ban Dân vận Huyện ủy Con Cuông")]


def test_bare_committee_takes_the_body_of_the_next_role(nlp):
    # GUIDE: title = the role, organisation = the smallest named body, committees included
    assert officials(nlp, "Đồng chí Hà Văn Khánh, UV BTV, Phó Chủ tịch LĐLĐ tỉnh trao cờ; ông Lê Văn Ba, Ủy viên "
                          "Ban Thường vụ, Chủ tịch Công đoàn ngành Y tế tỉnh dự.") == [
        ("Hà Văn Khánh", "Ủy viên", "Ban Thường vụ " + LDLD), ("Hà Văn Khánh", "Phó Chủ tịch", LDLD),
        ("Lê Văn Ba", "Ủy viên", "Ban Thường vụ Công đoàn ngành Y tế tỉnh Yên Bái"),
        ("Lê Văn Ba", "Chủ tịch", "Công đoàn ngành Y tế tỉnh Yên Bái")]
    assert officials(nlp, "Dự có đ/c Lò Thị Mai - UV.BTV, Trưởng Ban Tài chính LĐLĐ tỉnh.") == [
        ("Lò Thị Mai", "Ủy viên", "Ban Thường vụ " + LDLD), ("Lò Thị Mai", "Trưởng ban", "Ban Tài chính " + LDLD)]


def test_former_role_then_current_role_and_surname_head_words(nlp):
    assert officials(nlp, "Dự có bà Đoàn Thị Mai, Tổ trưởng Tổ công tác số 2. Đồng chí Lê Văn Hải, nguyên Chủ tịch "
                          "LĐLĐ huyện Trấn Yên, nay giữ chức Phó Chủ tịch UBND huyện Trấn Yên phát biểu.") == [
        ("Đoàn Thị Mai", "Tổ trưởng", None),
        ("Lê Văn Hải", "Nguyên Chủ tịch", "Liên đoàn Lao động huyện Trấn Yên"),
        ("Lê Văn Hải", "Phó Chủ tịch", "Ủy ban nhân dân huyện Trấn Yên")]


def test_shared_title_with_kim_inside_a_name_and_bare_role_at_the_congress(nlp):
    assert officials(nlp, "Sáng 3/6, Công đoàn ngành Y tế tỉnh tổ chức Đại hội lần thứ XV. Tại phiên họp thứ nhất, "
                          "đồng chí Phạm Văn Hòa tái đắc cử chức Chủ tịch; đồng chí Lê Văn Nam, Trần Thị Kim Oanh "
                          "được bầu làm Phó Chủ tịch.") == [
        ("Phạm Văn Hòa", "Chủ tịch", "Công đoàn ngành Y tế tỉnh Yên Bái"),
        ("Lê Văn Nam", "Phó Chủ tịch", "Công đoàn ngành Y tế tỉnh Yên Bái"),
        ("Trần Thị Kim Oanh", "Phó Chủ tịch", "Công đoàn ngành Y tế tỉnh Yên Bái")]


def test_export_zone_union_is_the_organisation(nlp):
    assert officials(nlp, "Bà Lê Thị Thu, Phó Chủ tịch Thường trực Công đoàn các Khu chế xuất và công nghiệp "
                          "TP Đà Nẵng phát biểu.", "Đà Nẵng") == [
        ("Lê Thị Thu", "Phó Chủ tịch Thường trực",
         "Công đoàn các Khu chế xuất và công nghiệp thành phố Đà Nẵng")]


def test_teacher_honorifics_before_a_capitalised_name(nlp):
    got = officials(nlp, "Dự có thầy Võ Văn Hùng, Hiệu trưởng Trường THPT Ngô Quyền, Cụm trưởng và cô Lê Thị Mai, "
                         "Hiệu trưởng Trường THPT Trần Phú. Các thầy cô giáo, cô giáo Hoa đều vui.", "Hà Tĩnh")
    assert got == [("Võ Văn Hùng", "Hiệu trưởng", "Trường THPT Ngô Quyền"),
                   ("Võ Văn Hùng", "Cụm trưởng", None),
                   ("Lê Thị Mai", "Hiệu trưởng", "Trường THPT Trần Phú")]


def test_bare_company_and_grassroots_union_after_a_title_refer_back(nlp):
    got = officials(nlp, "Đại hội Công đoàn Công ty TNHH Hòa Phát Minh diễn ra. Ông Nguyễn Văn Bình, Tổng Giám đốc "
                         "Công ty phát biểu. Bà Trần Thị Hoa, Chủ tịch Công đoàn cơ sở báo cáo.", "Hưng Yên")
    assert got == [("Nguyễn Văn Bình", "Tổng Giám đốc", "Công ty Trách nhiệm hữu hạn Hòa Phát Minh"),
                   ("Trần Thị Hoa", "Chủ tịch", "Công đoàn Công ty Trách nhiệm hữu hạn Hòa Phát Minh")]
    # two companies named: the bare back-reference stays unresolved
    got = officials(nlp, "Công ty TNHH An Phú và Công ty CP Bình Minh ký kết. Ông Lê Văn Tâm, Giám đốc Công ty "
                         "phát biểu.", "Hưng Yên")
    assert got == [("Lê Văn Tâm", "Giám đốc", None)]


# ---------------------------------------------------------------- forms seen on real pages
import pytest  # noqa: E402


@pytest.mark.parametrize("text, expected", [
    # a military rank is a form of address, not part of the name; roles in apposition, the standing committee
    # member's body told by the next role
    ("Trung tướng Nguyễn Song Phi, Ủy viên Thường vụ, Phó Chủ tịch Thường trực Hội CCB Việt Nam dự.",
     [("Nguyễn Song Phi", "Ủy viên Thường vụ", "Hội Cựu chiến binh Việt Nam"),
      ("Nguyễn Song Phi", "Phó Chủ tịch Thường trực", "Hội Cựu chiến binh Việt Nam")]),
    # abbreviated party roles before the state role
    ("Dự có đ/c Lò Văn Tùng - HUV, Chủ tịch LĐLĐ huyện Mường Tè.",
     [("Lò Văn Tùng", "Huyện ủy viên", None), ("Lò Văn Tùng", "Chủ tịch", "Liên đoàn Lao động huyện Mường Tè")]),
    # a member of the Party's central committee is `Ủy viên` of it (GUIDE); `Bí thư Trung ương Đảng` is a rank
    ("Đồng chí Lò Văn Hải, Ủy viên dự khuyết Trung ương Đảng, Bí thư Tỉnh ủy dự; đồng chí Hà Thị Lan, Bí thư "
     "Trung ương Đảng phát biểu.",
     [("Lò Văn Hải", "Ủy viên dự khuyết", "Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam"),
      ("Lò Văn Hải", "Bí thư", "Tỉnh ủy Yên Bái"), ("Hà Thị Lan", "Bí thư Trung ương Đảng", None)]),
    # an organ without its owner (`Đảng đoàn`, `Ban cán sự đảng`) is the organ of the next role's body
    ("Đồng chí Hà Văn Quý, Bí thư Đảng đoàn, Chủ tịch Liên đoàn Lao động tỉnh phát biểu.",
     [("Hà Văn Quý", "Bí thư", "Đảng đoàn Liên đoàn Lao động tỉnh Yên Bái"),
      ("Hà Văn Quý", "Chủ tịch", "Liên đoàn Lao động tỉnh Yên Bái")]),
    ("Đồng chí Lò Thị Hoa, Ủy viên Đảng đoàn, Phó Chủ tịch Liên đoàn Lao động tỉnh dự.",
     [("Lò Thị Hoa", "Ủy viên", "Đảng đoàn Liên đoàn Lao động tỉnh Yên Bái"),
      ("Lò Thị Hoa", "Phó Chủ tịch", "Liên đoàn Lao động tỉnh Yên Bái")]),
    # a family name before a family name is the name's own (`Hoàng`, `Phạm` are also middle names)
    ("Ông Nguyễn Hoàng Kịch, Chủ tịch LĐLĐ tỉnh trao thưởng; bà Tô Phạm Tuyết Nghiêm, Phó Chủ tịch LĐLĐ tỉnh dự.",
     [("Nguyễn Hoàng Kịch", "Chủ tịch", "Liên đoàn Lao động tỉnh Yên Bái"),
      ("Tô Phạm Tuyết Nghiêm", "Phó Chủ tịch", "Liên đoàn Lao động tỉnh Yên Bái")]),
    # a name's last syllable that is also a head word (`Đại`) before a caption's bracket
    ("Phó Chủ tịch LĐLĐ tỉnh Lê Văn Đại (thứ hai, bên phải) trao hỗ trợ.",
     [("Lê Văn Đại", "Phó Chủ tịch", "Liên đoàn Lao động tỉnh Yên Bái")]),
    ("Phó Chủ tịch LĐLĐ tỉnh Lê Văn Đại ân cần thăm hỏi công nhân.",
     [("Lê Văn Đại", "Phó Chủ tịch", "Liên đoàn Lao động tỉnh Yên Bái")]),
    # government titles, and `Anh` as a middle name
    ("Phó Thủ tướng Chính phủ Trương Văn Bình đã ký quyết định.", [("Trương Văn Bình", "Phó Thủ tướng", "Chính phủ")]),
    ("Chủ tịch Công đoàn Viên chức tỉnh Phạm Thị Anh Đức phát biểu.",
     [("Phạm Thị Anh Đức", "Chủ tịch", "Công đoàn Viên chức tỉnh Yên Bái")]),
])
def test_official_forms_of_real_pages(nlp, text, expected):
    assert officials(nlp, text) == expected


def test_a_title_ending_with_its_body_word_takes_that_body(nlp):
    got = officials(nlp, "Dự có đồng chí Nguyễn Đức Bằng, Chánh Văn phòng VKSND tối cao.")
    assert got == [("Nguyễn Đức Bằng", "Chánh Văn phòng", "Văn phòng Viện Kiểm sát nhân dân tối cao")]


def test_a_bare_party_committee_belongs_to_the_body_of_the_next_role(nlp):
    text = ("Dự lễ có ông Lê Minh Khang, Bí thư Đảng ủy, Giám đốc Công ty Cơ khí Phú Sơn và bà Trần Thị Hoa - "
            "Phó Bí thư Đảng ủy, Chủ tịch Công đoàn xã Tân Lập.")
    got = officials(nlp, text, None)
    assert ("Lê Minh Khang", "Bí thư", "Đảng ủy Công ty Cơ khí Phú Sơn") in got
    assert ("Lê Minh Khang", "Giám đốc", "Công ty Cơ khí Phú Sơn") in got
    # a union stands for its commune: the Party committee is the commune's
    assert ("Trần Thị Hoa", "Phó Bí thư", "Đảng ủy xã Tân Lập") in got


def test_a_bare_department_after_a_title_is_the_one_department_the_article_names(nlp):
    text = ("Sở Tài nguyên và Môi trường tỉnh Yên Bái tổ chức hội nghị. Ông Hoàng Văn Lâm - Phó Giám đốc Sở "
            "phát biểu chỉ đạo.")
    assert ("Hoàng Văn Lâm", "Phó Giám đốc", "Sở Tài nguyên và Môi trường tỉnh Yên Bái") in officials(nlp, text)
    two = text.replace("tổ chức hội nghị.", "và Sở Y tế tỉnh Yên Bái tổ chức hội nghị.")
    assert ("Hoàng Văn Lâm", "Phó Giám đốc", None) in officials(nlp, two)


def test_a_naval_rank_before_the_name_and_the_abbreviated_central_committee_of_an_association(nlp):
    text = ("Đồng chí chuẩn Đô đốc Phạm Văn Lực, Ủy viên Thường vụ T.Ư Hội CCB Việt Nam, Chủ tịch Hội CCB tỉnh "
            "Khánh Hòa chủ trì hội nghị.")
    got = officials(nlp, text, "Khánh Hòa")
    assert ("Phạm Văn Lực", "Ủy viên Thường vụ", "Trung ương Hội Cựu chiến binh Việt Nam") in got
    assert ("Phạm Văn Lực", "Chủ tịch", "Hội Cựu chiến binh tỉnh Khánh Hòa") in got


def test_an_election_in_the_active_voice_names_who_was_elected(nlp):
    text = "Ban Chấp hành khóa mới đã bầu đồng chí Trần Minh Đức làm Chủ tịch Liên đoàn Lao động tỉnh Yên Bái."
    assert officials(nlp, text) == [("Trần Minh Đức", "Chủ tịch", LDLD)]


def test_a_members_title_glued_to_its_organ_waits_for_the_body_of_the_next_role(nlp):
    text = "Đ/c Lò Thị Mai-UVBTV, Trưởng ban Dân vận Tỉnh ủy trao quà."
    got = officials(nlp, text, "Sơn La")
    assert ("Lò Thị Mai", "Ủy viên", "Ban Thường vụ Tỉnh ủy Sơn La") in got
    assert ("Lò Thị Mai", "Trưởng ban", "Ban Dân vận Tỉnh ủy Sơn La") in got


def test_those_re_elected_are_named_before_the_verb_not_after_the_body(nlp):
    text = ("Tại Đại hội, bà Lê Thị Hoa tái đắc cử Chủ tịch Công đoàn Giáo dục Việt Nam, ông Trần Văn Bình và "
            "bà Ngô Thị Lan tái đắc cử Phó Chủ tịch Công đoàn Giáo dục Việt Nam.")
    assert officials(nlp, text) == [("Lê Thị Hoa", "Chủ tịch", "Công đoàn Giáo dục Việt Nam"),
                                    ("Trần Văn Bình", "Phó Chủ tịch", "Công đoàn Giáo dục Việt Nam"),
                                    ("Ngô Thị Lan", "Phó Chủ tịch", "Công đoàn Giáo dục Việt Nam")]


@pytest.mark.parametrize("text,expected", [
    # a Party title before a People's Committee's chair: the committee of that place
    ("Ông Đỗ Văn Hùng - Phó Bí thư - Chủ tịch UBND quận Lê Chân dự.", ("Phó Bí thư", "Quận ủy Lê Chân")),
    # a manager before the chair of the unit's union: the unit
    ("Bà Vi Thị Nga, Phó Giám đốc, Chủ tịch Công đoàn Bệnh viện Đa khoa Mường Tè dự.",
     ("Phó Giám đốc", "Bệnh viện Đa khoa Mường Tè")),
    # a deputy chair before the head of one of the body's boards: the body
    ("Ông Lò Văn Tâm, Phó Chủ tịch, Trưởng ban Tổ chức LĐLĐ tỉnh Yên Bái dự.", ("Phó Chủ tịch", LDLD)),
])
def test_a_bare_title_takes_its_body_from_the_next_role(nlp, text, expected):
    assert expected in [(t, o) for _, t, o in officials(nlp, text)]


def test_general_department_and_abbreviated_general_director_titles(nlp):
    text = ("Thiếu tướng Lê Văn Sơn, Phó Tổng cục trưởng dự. Ông Trần Văn Tâm – Phó TGĐ Công ty CP Cao su Đồng Nai "
            "báo cáo.")
    got = officials(nlp, text, None)
    assert ("Lê Văn Sơn", "Phó Tổng cục trưởng", None) in got
    assert ("Trần Văn Tâm", "Phó Tổng Giám đốc", "Công ty Cổ phần Cao su Đồng Nai") in got


def test_a_plural_title_before_a_colon_is_shared_by_the_names_listed(nlp):
    text = ("Dự có các Phó Chủ tịch: Lê Văn An, Trần Thị Bình và Ngô Văn Cường. Về phía tỉnh có các đồng chí: "
            "Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch UBND tỉnh: Hà Văn Dũng, Lý Thị Én.")
    got = officials(nlp, text)
    for name in ("Lê Văn An", "Trần Thị Bình", "Ngô Văn Cường"):
        assert (name, "Phó Chủ tịch", None) in got
    for name in ("Hà Văn Dũng", "Lý Thị Én"):
        assert (name, "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Yên Bái") in got
        assert (name, "Ủy viên", "Ban Thường vụ Tỉnh ủy Yên Bái") in got


def test_title_first_officials_in_a_list_hold_their_own_titles(nlp):
    text = ("Dự đại hội có Phó Chủ tịch Liên đoàn Lao động tỉnh Hồ Văn Tấn, Phó Giám đốc Sở Y tế Dương Thị Ngọc, "
            "Giám đốc Bệnh viện Nguyễn Đình Chiểu Trình Minh Hiệp cùng 120 đoàn viên.")
    got = officials(nlp, text, "Bến Tre")
    assert ("Hồ Văn Tấn", "Phó Chủ tịch", "Liên đoàn Lao động tỉnh Bến Tre") in got
    assert ("Dương Thị Ngọc", "Phó Giám đốc", "Sở Y tế tỉnh Bến Tre") in got
    assert ("Trình Minh Hiệp", "Giám đốc", "Bệnh viện Nguyễn Đình Chiểu") in got
    assert not any(n == "Hồ Văn Tấn" and t == "Phó Giám đốc" for n, t, _ in got)


def test_a_family_name_that_is_also_a_head_word_after_an_honorific(nlp):
    got = officials(nlp, "Tham dự có Đ/c Đoàn Minh Khôi - Phó Giám đốc Sở Y tế.", None)
    assert ("Đoàn Minh Khôi", "Phó Giám đốc", "Sở Y tế") in got


def test_titles_without_a_body_take_the_side_they_attend_for(nlp):
    text = ("Về phía Tổng LĐLĐVN có đồng chí Lê Văn Hải - Phó Chủ tịch Thường trực; các Phó Chủ tịch: Ngô Văn An, "
            "Trần Thị Bích. Về phía tỉnh có ông Đỗ Minh Tuấn - Phó Chủ tịch UBND tỉnh.")
    got = officials(nlp, text)
    assert ("Lê Văn Hải", "Phó Chủ tịch Thường trực", "Tổng Liên đoàn Lao động Việt Nam") in got
    assert ("Trần Thị Bích", "Phó Chủ tịch", "Tổng Liên đoàn Lao động Việt Nam") in got
    # the next side, and a title with its own body, keep theirs
    assert ("Đỗ Minh Tuấn", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Yên Bái") in got


@pytest.mark.parametrize("text,expected", [
    ("Ông Lê Văn Hải làm Chủ tịch Liên đoàn Lao động tỉnh Yên Bái\n\nĐại hội diễn ra ngày 3/10.",
     ("Lê Văn Hải", "Chủ tịch", "Liên đoàn Lao động tỉnh Yên Bái")),
    ("Đồng chí Hà Văn Đức, UVTV Tỉnh ủy, phát biểu.", ("Hà Văn Đức", "Ủy viên", "Ban Thường vụ Tỉnh ủy Yên Bái")),
    ("Ông Lò Văn Sĩ, Phó ban Thường trực Ban Tuyên giáo Tỉnh ủy dự.",
     ("Lò Văn Sĩ", "Phó Trưởng ban Thường trực", "Ban Tuyên giáo Tỉnh ủy Yên Bái")),
    ("Chủ tịch UBMTTQ Việt Nam tỉnh Nông Văn Hòa phát biểu.",
     ("Nông Văn Hòa", "Chủ tịch", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Yên Bái")),
    ("Dự có Trung tướng Lê Quốc Hùng, Thứ trưởng Thường trực Bộ Công an.",
     ("Lê Quốc Hùng", "Thứ trưởng Thường trực", "Bộ Công an")),
    ("Dự có đồng chí Bùi Quang Huy, Bí thư thứ nhất Trung ương Đoàn.",
     ("Bùi Quang Huy", "Bí thư thứ nhất", "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh")),
])
def test_more_written_forms_of_a_role(nlp, text, expected):
    assert expected in officials(nlp, text)


def test_a_cluster_role_before_its_holder_and_a_committee_of_the_provinces_party(nlp):
    text = ("Đồng chí Khối trưởng Lê Thị Hoa, Ủy viên BCH Đảng bộ tỉnh, Giám đốc Sở Giáo dục và Đào tạo chủ trì "
            "hội nghị.")
    got = officials(nlp, text)
    assert ("Lê Thị Hoa", "Khối trưởng", None) in got
    assert ("Lê Thị Hoa", "Ủy viên", "Ban Chấp hành Đảng bộ tỉnh Yên Bái") in got
    assert ("Lê Thị Hoa", "Giám đốc", "Sở Giáo dục và Đào tạo tỉnh Yên Bái") in got


def test_title_start_finds_every_place_a_title_starts(nlp):
    """`title_start` (a trie of the whole titles, any case, `ủy`/`uỷ` mixed) must find every start of
    `title_re`, which `_titles` tries only there: its matches equal `title_re.finditer`'s."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    ex = nlp.get_pipe("thidua_officials")
    pieces = ["Ủy viên", "ủy viên", "Uỷ viên", "Ban Thường vụ", "Tỉnh ủy", "Tỉnh uỷ", "Chủ tịch", "CHỦ TỊCH",
              "Phó", "Chủ\ttịch", "Phó  Chủ tịch", "Giám đốc", "Bí thư", "Khối trưởng", "Trưởng ban", " ", ", ", "a",
              "/", "x"]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=12))
    def check(parts):
        text = "".join(parts)
        assert [m.span() for m in ex._titles(text)] == [m.span() for m in ex.title_re.finditer(text)]
    check()
