"""Clusters extractor on invented fixtures (PATTERNS.md §8 shapes)."""
from __future__ import annotations

import pytest


from conftest import run_org_components as run


def clusters(ex):
    """One record per distinct cluster, as gold_record gives it."""
    seen, out = set(), []
    for c in ex.clusters:
        if c.canonical not in seen:
            seen.add(c.canonical)
            out.append(dict(canonical=c.canonical, parent=c.parent, year=c.year, leader=c.leader,
                            deputy=c.deputy, members=list(c.members)))
    return out


def test_number_cluster_members_leader_parent_year(nlp):
    text = ("Ngày 13/12/2020, Cụm giao ước thi đua số 4 gồm: LĐLĐ huyện Lục Yên, LĐLĐ thị xã Nghĩa Lộ, Công đoàn ngành "
            "Giáo dục và Công đoàn Viên chức tỉnh tổ chức hội nghị tổng kết năm 2020 và ký giao ước năm 2021. "
            "Dự và chỉ đạo có đồng chí Nguyễn Văn An, Phó Chủ tịch LĐLĐ tỉnh. "
            "LĐLĐ huyện Lục Yên (Cụm trưởng Cụm thi đua số 4) chủ trì.")
    ex = run(nlp, text, "Yên Bái", "2020-12-14")
    assert clusters(ex) == [dict(
        canonical="Cụm thi đua số 4", parent="Liên đoàn Lao động tỉnh Yên Bái", year=2020,
        leader="Liên đoàn Lao động huyện Lục Yên", deputy=None,
        members=["Liên đoàn Lao động huyện Lục Yên", "Liên đoàn Lao động thị xã Nghĩa Lộ",
                 "Công đoàn ngành Giáo dục tỉnh Yên Bái", "Công đoàn Viên chức tỉnh Yên Bái"])]
    assert [c.text for c in ex.clusters] == ["Cụm giao ước thi đua số 4", "Cụm thi đua số 4"]
    roles = [(m.role, m.member, m.text) for m in ex.members]
    assert ("leader", "Liên đoàn Lao động huyện Lục Yên", "LĐLĐ huyện Lục Yên") in roles
    assert sum(1 for r in roles if r[0] == "member") == 4


def test_parent_appended_and_bracketed_members(nlp):
    text = ("Sáng 19/3, Cụm thi đua số 5 Liên đoàn Lao động tỉnh Phú Thọ (gồm LĐLĐ huyện Thanh Sơn, "
            "LĐLĐ huyện Tân Sơn, Công đoàn ngành Xây dựng và LĐLĐ thị xã Phú Thọ) ký kết giao ước thi đua năm 2021.")
    ex = run(nlp, text, "Phú Thọ")
    assert clusters(ex) == [dict(
        canonical="Cụm thi đua số 5", parent="Liên đoàn Lao động tỉnh Phú Thọ", year=2021, leader=None, deputy=None,
        members=["Liên đoàn Lao động huyện Thanh Sơn", "Liên đoàn Lao động huyện Tân Sơn",
                 "Công đoàn ngành Xây dựng tỉnh Phú Thọ", "Liên đoàn Lao động thị xã Phú Thọ"])]


def test_person_based_leader(nlp):
    text = ("Các đơn vị trong Cụm thi đua số 2 ký giao ước. Ông Đỗ Văn Hùng - Chủ tịch Công đoàn ngành Y tế Hải Phòng, "
            "Cụm trưởng Cụm thi đua số 2 cho biết kế hoạch năm 2022.")
    ex = run(nlp, text, "Hải Phòng", "2022-03-01T08:00")
    (c,) = clusters(ex)
    assert c["leader"] == "Công đoàn ngành Y tế Hải Phòng"
    assert c["year"] == 2022


def test_named_government_bloc_with_semicolon_members_and_deputy(nlp):
    text = ("Khối thi đua các cơ quan nội chính, pháp luật ký giao ước năm 2022. Khối gồm 6 đơn vị: Sở Tư pháp - "
            "đơn vị trưởng khối; Thanh tra tỉnh; Công an tỉnh; Tòa án nhân dân tỉnh; Viện Kiểm sát nhân dân tỉnh; "
            "Cục Thi hành án dân sự tỉnh. Sở Nội vụ là đơn vị Khối phó. Dự có đại diện UBND tỉnh.")
    ex = run(nlp, text, "Tây Ninh")
    assert clusters(ex) == [dict(
        canonical="Khối thi đua các cơ quan nội chính, pháp luật", parent="Ủy ban nhân dân tỉnh Tây Ninh",
        year=2022, leader="Sở Tư pháp tỉnh Tây Ninh", deputy="Sở Nội vụ tỉnh Tây Ninh",
        members=["Sở Tư pháp tỉnh Tây Ninh", "Thanh tra tỉnh Tây Ninh", "Công an tỉnh Tây Ninh",
                 "Tòa án nhân dân tỉnh Tây Ninh", "Viện Kiểm sát nhân dân tỉnh Tây Ninh",
                 "Cục Thi hành án dân sự tỉnh Tây Ninh",
                 "Sở Nội vụ tỉnh Tây Ninh"])]   # the deputy is a member too (GUIDE: clusters)


def test_bloc_of_departments_led_by_venue_parent_cdvc_year_reported(nlp):
    text = ("Tại Hội trường Sở Tài chính – Đơn vị Trưởng Khối thi đua các Sở Kinh tế 2 đã diễn ra Hội nghị tổng kết "
            "thi đua công đoàn năm 2021 của Khối. Tham dự có Ban Thường vụ Công đoàn Viên chức tỉnh và lãnh đạo 03 "
            "đơn vị trong Khối thi đua các Sở Kinh tế 2, gồm các Sở: Tài chính, Xây dựng và Công Thương. "
            "Phát biểu chỉ đạo, đại diện Công đoàn Viên chức tỉnh ghi nhận. Hội nghị ký giao ước năm 2022.")
    ex = run(nlp, text, "Gia Lai", "2021-12-20")
    assert clusters(ex) == [dict(
        canonical="Khối thi đua các Sở Kinh tế 2", parent="Công đoàn Viên chức tỉnh Gia Lai", year=2021,
        leader="Sở Tài chính tỉnh Gia Lai", deputy=None,
        members=["Sở Tài chính tỉnh Gia Lai", "Sở Xây dựng tỉnh Gia Lai", "Sở Công Thương tỉnh Gia Lai"])]


def test_cluster_number_without_thi_dua_and_roman_numerals(nlp):
    text = ("Cụm số 2\nCác đơn vị trong Cụm thi đua số 2 ký kết giao ước thi đua năm 2016. "
            "Khối thi đua III và KHỐI THI ĐUA 4 cũng ký.")
    ex = run(nlp, text, "Lạng Sơn")
    assert [c["canonical"] for c in clusters(ex)] == ["Cụm thi đua số 2", "Khối thi đua III", "Khối thi đua 4"]
    assert clusters(ex)[0]["year"] == 2016


def test_things_called_cum_or_khoi_that_are_not_clusters(nlp):
    text = ("Cụm công nghiệp Tân Lập, cụm dân cư số 3, Đại hội XIII, khóa XV, Công đoàn Cụm Mạo Khê, "
            "các khối thi đua trực thuộc, Tổ công tác số 3, khối đại đoàn kết, khối doanh nghiệp, quý II, "
            "trong Khối, các đơn vị trong Cụm thi đua.")
    ex = run(nlp, text, "Quảng Ninh")
    assert ex.clusters == []
    assert [o.text for o in ex.organisations] == ["Công đoàn Cụm Mạo Khê"]


def test_leader_named_after_a_member_and_hosting_is_not_leading(nlp):
    text = ("Cụm thi đua số 6 gồm: LĐLĐ huyện A Lưới, LĐLĐ huyện Nam Đông và Công đoàn ngành Y tế. "
            "Hội nghị do LĐLĐ huyện Nam Đông đăng cai; Trung tâm Y tế huyện Phong Điền được giao nhiệm vụ Cụm trưởng.")
    ex = run(nlp, text, "Thừa Thiên Huế")
    (c,) = clusters(ex)
    assert c["leader"] == "Trung tâm Y tế huyện Phong Điền"
    # the three listed and the leader (a leader is also a member); the host is not one
    assert c["members"][-1] == "Trung tâm Y tế huyện Phong Điền" and len(c["members"]) == 4


def test_counts_only_give_no_members(nlp):
    ex = run(nlp, "Cụm thi đua số 1 gồm 11 đơn vị đã ký giao ước thi đua năm 2023.", "Nghệ An")
    assert clusters(ex)[0]["members"] == [] and clusters(ex)[0]["year"] == 2023


def test_bloc_named_without_thi_dua_when_it_lists_members(nlp):
    text = ("Công đoàn Khối các cơ quan nội vụ tỉnh ký giao ước năm 2022. Được biết, Khối các cơ quan nội vụ tỉnh "
            "gồm 3 đơn vị: Văn phòng UBND tỉnh, Sở Tài chính và Ban Dân tộc tỉnh (Trưởng khối).")
    ex = run(nlp, text, "Phú Yên")
    assert clusters(ex) == [dict(
        canonical="Khối các cơ quan nội vụ", parent="Ủy ban nhân dân tỉnh Phú Yên", year=2022, leader="Ban Dân tộc tỉnh Phú Yên", deputy=None,
        members=["Văn phòng Ủy ban nhân dân tỉnh Phú Yên", "Sở Tài chính tỉnh Phú Yên", "Ban Dân tộc tỉnh Phú Yên"])]
    assert [o.text for o in ex.organisations][0] == "Công đoàn Khối các cơ quan nội vụ tỉnh"


def test_org_words_inside_a_bloc_name_are_not_organisations(nlp):
    text = ("Chiều 4-3, Khối thi đua Công đoàn ngành II (gồm: Công đoàn ngành Y tế - trưởng khối, Công đoàn ngành "
            "Giáo dục, Công ty Nước khoáng Đảnh Thạnh) ký kết giao ước thi đua năm 2021.")
    ex = run(nlp, text, "Khánh Hòa")
    assert [o.text for o in ex.organisations] == ["Công đoàn ngành Y tế", "Công đoàn ngành Giáo dục",
                                                  "Công ty Nước khoáng Đảnh Thạnh"]
    (c,) = clusters(ex)
    assert c["canonical"] == "Khối thi đua Công đoàn ngành II"
    assert c["leader"] == "Công đoàn ngành Y tế tỉnh Khánh Hòa" and len(c["members"]) == 3


def test_parent_inside_the_bloc_name_and_school_year(nlp):
    ex = run(nlp, "Khối thi đua các trung tâm, đơn vị trực thuộc Sở Y tế ký giao ước năm 2023.", "Lào Cai")
    assert clusters(ex) == [dict(canonical="Khối thi đua các trung tâm, đơn vị trực thuộc Sở Y tế",
                                 parent="Sở Y tế tỉnh Lào Cai", year=2023, leader=None, deputy=None, members=[])]
    ex = run(nlp, "Cụm thi đua số 3 các trường THPT ký kết giao ước thi đua năm học 2014 - 2015.", "Hà Giang")
    assert clusters(ex)[0]["year"] == 2014


def test_named_bloc_stops_before_its_parent_and_headline_verbs(nlp):
    text = ("Khối thi đua Kinh tế – Tổng hợp tổng kết năm 2022\n\nNgày 15.12, Khối thi đua Kinh tế – Tổng hợp thuộc "
            "UBND tỉnh Quảng Trị tổ chức hội nghị tổng kết năm 2022. Khối gồm các Sở: Tài chính, Xây dựng và Nội vụ. "
            "Sở Tài chính (Khối trưởng) chủ trì.")
    ex = run(nlp, text, "Quảng Trị", "2022-12-16")
    assert clusters(ex) == [dict(
        canonical="Khối thi đua Kinh tế - Tổng hợp", parent="Ủy ban nhân dân tỉnh Quảng Trị", year=2022,
        leader="Sở Tài chính tỉnh Quảng Trị", deputy=None,
        members=["Sở Tài chính tỉnh Quảng Trị", "Sở Xây dựng tỉnh Quảng Trị", "Sở Nội vụ tỉnh Quảng Trị"])]


def test_a_meeting_word_after_a_bloc_named_by_its_region_ends_the_name(nlp):
    text = "Cụm thi đua các tỉnh Tây Nam bộ hội nghị tổng kết công tác thi đua năm 2019."
    assert [c["canonical"] for c in clusters(run(nlp, text, None))] == ["Cụm thi đua các tỉnh Tây Nam bộ"]


def test_a_bloc_written_with_and_without_the_plural_is_one_bloc(nlp):
    text = ("Công đoàn Công ty Sông Đà (Trưởng Khối thi đua Công đoàn ngành II năm 2024) đón tiếp Khối thi đua "
            "các Công đoàn ngành II thuộc LĐLĐ tỉnh Phú Yên.")
    got = clusters(run(nlp, text, "Phú Yên"))
    assert [(c["canonical"], c["leader"]) for c in got] == [
        ("Khối thi đua các Công đoàn ngành II", "Công đoàn Công ty Sông Đà")]


def test_clusters_headed_in_capitals_list_their_members_on_numbered_lines(nlp):
    text = ("Các cụm, khối thi đua năm 2024 như sau:\n\nI. CỤM THI ĐUA CÁC HUYỆN, THỊ XÃ:\n\n1. Thị xã Quảng Yên.\n\n"
            "2. Huyện Vân Đồn.\n\nII. KHỐI THI ĐUA TỔNG HỢP:\n\n1. Văn phòng UBND tỉnh.\n\n2. Sở Tài chính.\n\n"
            "3. Toà án nhân dân tỉnh.\n\nCác khối bắt đầu hoạt động từ tháng 3.")
    got = [(c["canonical"], c["members"]) for c in clusters(run(nlp, text, "Quảng Ninh"))]
    assert got == [
        # places of a cluster of local governments keep their level word; capitals become sentence case
        ("Cụm thi đua các huyện, thị xã", ["thị xã Quảng Yên", "huyện Vân Đồn"]),
        ("Khối thi đua Tổng hợp", ["Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh", "Sở Tài chính tỉnh Quảng Ninh",
                                   "Tòa án nhân dân tỉnh Quảng Ninh"])]


def test_a_body_of_several_provinces_named_before_the_cluster_and_its_ministry(nlp):
    text = ("Dự lễ có đại diện Bộ Công an và lãnh đạo Công an 4 tỉnh Cụm thi đua số 2, gồm: Hà Tĩnh, Quảng Bình, "
            "Nghệ An và Quảng Trị.")
    assert _members(nlp, text, "Quảng Bình") == [("Cụm thi đua số 2", [
        "Công an tỉnh Hà Tĩnh", "Công an tỉnh Quảng Bình", "Công an tỉnh Nghệ An", "Công an tỉnh Quảng Trị"], None)]
    # bodies of several provinces belong to no province's People's Committee, but to their ministry
    ex = run(nlp, text, "Quảng Bình")
    assert clusters(ex)[0]["parent"] == "Bộ Công an"
    # the body written before the cluster heads the list: each item names an organisation
    assert ("Nghệ An", "Công an tỉnh Nghệ An") in [(o.text, o.canonical) for o in ex.organisations]


def test_units_named_after_a_role_and_la_hold_it(nlp):
    text = ("Năm 2025, Công ty TNHH MTV Cao su Hà Giang được bầu làm cụm trưởng Cụm thi đua số 3; 2 đơn vị cụm phó "
            "là Công ty CP Cao su Lai Châu và Công ty CP Cao su Điện Biên.")
    got = clusters(run(nlp, text, None))[0]
    assert got["leader"] == "Công ty Trách nhiệm hữu hạn Một thành viên Cao su Hà Giang"
    assert got["members"] == ["Công ty Trách nhiệm hữu hạn Một thành viên Cao su Hà Giang",
                              "Công ty Cổ phần Cao su Lai Châu", "Công ty Cổ phần Cao su Điện Biên"]


def test_a_body_after_the_clusters_name_that_opens_its_own_clause_is_not_its_parent(nlp):
    text = ("Năm 2021, Công an tỉnh là Khối trưởng Khối thi đua số 3, Sở Tư pháp là Khối phó. Khối thi đua số 3 "
            "gồm Công an tỉnh, Sở Tư pháp và Thanh tra tỉnh.")
    assert clusters(run(nlp, text, "Đắk Lắk"))[0]["parent"] == "Ủy ban nhân dân tỉnh Đắk Lắk"


def test_the_emulation_board_that_directs_a_meeting_is_not_the_blocs_parent(nlp):
    text = ("Khối thi đua Kinh tế - Kỹ thuật gồm Sở Công Thương, Sở Xây dựng và Sở Tài chính tổ chức hội nghị "
            "tổng kết. Dự và chỉ đạo hội nghị có lãnh đạo Ban Thi đua - Khen thưởng tỉnh.")
    assert clusters(run(nlp, text, "Bắc Kạn"))[0]["parent"] == "Ủy ban nhân dân tỉnh Bắc Kạn"


def test_a_bloc_of_groups_and_corporations_under_the_federation(nlp):
    text = ("Khối thi đua các Công đoàn Tập đoàn, Tổng công ty trực thuộc Tổng LĐLĐVN gồm CĐ Dệt may VN và "
            "CĐ Dầu khí VN ký giao ước thi đua năm 2018.")
    (c,) = clusters(run(nlp, text, None))
    assert c["canonical"] == ("Khối thi đua các Công đoàn Tập đoàn, Tổng công ty trực thuộc Tổng Liên đoàn Lao động "
                              "Việt Nam")
    assert c["members"] == ["Công đoàn Dệt may Việt Nam", "Công đoàn Dầu khí Việt Nam"]


@pytest.mark.parametrize("text,canonical", [
    ("Cụm thi đua 7 tỉnh miền núi biên giới phía Bắc tổng kết năm 2019.", "Cụm thi đua 7 tỉnh miền núi biên giới phía Bắc"),
    ("Cụm thi đua 5 thành phố trực thuộc Trung ương ký giao ước.", "Cụm thi đua 5 thành phố trực thuộc Trung ương"),
    ("Cụm thi đua 3 gồm LĐLĐ huyện Văn Chấn và LĐLĐ huyện Trạm Tấu.", "Cụm thi đua 3"),
    # the level of the units it groups is part of its name
    ("Cụm thi đua các đơn vị Y tế tuyến tỉnh tổng kết năm 2023.", "Cụm thi đua các đơn vị Y tế tuyến tỉnh"),
    # regions listed by commas, and the southern city's abbreviation, are part of a name
    ("Khối thi đua Tây Nguyên, Duyên hải miền Trung và Lào gồm 6 đơn vị.",
     "Khối thi đua Tây Nguyên, Duyên hải miền Trung và Lào"),
    ("Khối thi đua TP.HCM gồm 7 đơn vị.", "Khối thi đua thành phố Hồ Chí Minh"),
])
def test_a_count_of_places_after_thi_dua_is_part_of_the_name_not_its_number(nlp, text, canonical):
    (c,) = clusters(run(nlp, text, "Yên Bái"))
    assert c["canonical"] == canonical
    if "trực thuộc Trung ương" in text:
        assert c["parent"] is None   # a cluster of provinces belongs to no province


def test_places_listed_under_a_cluster_of_a_national_association_are_its_branches(nlp):
    text = ("Sáng 3-12, Cụm thi đua số 6 Hội Cựu chiến binh Việt Nam, gồm thành phố Hải Phòng và các tỉnh Thái Bình, "
            "Nam Định tổ chức hội nghị tổng kết.")
    (c,) = clusters(run(nlp, text, None))
    assert c["parent"] == "Hội Cựu chiến binh Việt Nam"
    assert c["members"] == ["Hội Cựu chiến binh thành phố Hải Phòng", "Hội Cựu chiến binh tỉnh Thái Bình",
                            "Hội Cựu chiến binh tỉnh Nam Định"]


def test_tax_offices_listed_by_province(nlp):
    text = "Cụm thi đua số 5 thuộc Cục Thuế gồm 3 Thuế tỉnh: Phú Thọ, Quảng Ninh, Thái Nguyên tổng kết năm 2025."
    assert _members(nlp, text)[0][1] == ["Thuế tỉnh Phú Thọ", "Thuế tỉnh Quảng Ninh", "Thuế tỉnh Thái Nguyên"]


def test_centrally_run_cities_listed_under_a_count_of_cities(nlp):
    text = ("Cụm thi đua số 1 gồm Công an 3 thành phố: Hà Nội, TP.HCM và Cần Thơ đã tổ chức hội nghị. "
            "Cụm thi đua số 3 gồm các thành phố: Vĩnh Yên, Phúc Yên họp.")
    got = _members(nlp, text, "Vĩnh Phúc")
    assert got[0][1] == ["Công an thành phố Hà Nội", "Công an thành phố Hồ Chí Minh", "Công an thành phố Cần Thơ"]
    assert got[1][1] == ["thành phố Vĩnh Yên", "thành phố Phúc Yên"]   # district-level cities stay cities


def test_a_standing_committee_holds_a_cluster_role_for_its_body_and_a_role_named_before_la(nlp):
    text = ("Ban Thường trực Ủy ban MTTQ Việt Nam huyện Cẩm Mỹ - Cụm trưởng Cụm thi đua số 2 chủ trì hội nghị.")
    assert clusters(run(nlp, text, "Đồng Nai"))[0]["leader"] == "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Cẩm Mỹ"
    text = ("Cụm thi đua các đơn vị Y tế tuyến tỉnh tổng kết năm 2023. Hội nghị giới thiệu Trưởng cụm thi đua năm "
            "2024 là Bệnh viện Phổi tỉnh và Phó trưởng cụm thi đua là Trung tâm Pháp y tỉnh.")
    c = clusters(run(nlp, text, "Yên Bái"))[0]
    assert c["leader"] == "Bệnh viện Phổi tỉnh Yên Bái"
    assert c["deputy"] == "Trung tâm Pháp y tỉnh Yên Bái"


def test_a_head_inside_a_list_prefixes_the_items_after_it(nlp):
    text = ("Cụm thi đua số 3 gồm: LĐLĐ thành phố Biên Hòa, Công đoàn cơ sở các doanh nghiệp: Tổng công ty Tín Nghĩa "
            "và Công ty CP Tập đoàn Trường Hải.")
    assert _members(nlp, text, "Đồng Nai")[0][1] == [
        "Liên đoàn Lao động thành phố Biên Hòa", "Công đoàn cơ sở Tổng công ty Tín Nghĩa",
        "Công đoàn cơ sở Công ty Cổ phần Tập đoàn Trường Hải"]


def test_units_listed_as_in_the_bloc_and_a_sector_unions_bloc(nlp):
    text = ("Khối thi đua số 3 họp tổng kết năm 2019, chủ trì có bà Lê Thị Thu, Phó Chủ tịch Công đoàn Y tế Việt "
            "Nam; tham dự có đại diện Công đoàn 3 bệnh viện trong Khối là: Bệnh viện Phổi TW, Bệnh viện E và "
            "Bệnh viện Mắt TW.")
    (c,) = clusters(run(nlp, text, None))
    assert c["members"] == ["Công đoàn Bệnh viện Phổi Trung ương", "Công đoàn Bệnh viện E",
                            "Công đoàn Bệnh viện Mắt Trung ương"]
    assert c["parent"] == "Công đoàn Y tế Việt Nam"


def test_members_counted_after_co_and_provinces_in_a_bracket(nlp):
    text = "Cụm thi đua số 3 có 3 đơn vị: LĐLĐ huyện Văn Chấn, LĐLĐ huyện Trạm Tấu và LĐLĐ thị xã Nghĩa Lộ."
    assert _members(nlp, text, "Yên Bái")[0][1] == [
        "Liên đoàn Lao động huyện Văn Chấn", "Liên đoàn Lao động huyện Trạm Tấu", "Liên đoàn Lao động thị xã Nghĩa Lộ"]
    text = "Ngày 19/3, Cụm thi đua số 7 (Cao Bằng, Lạng Sơn, Lai Châu) tổ chức hội nghị tổng kết."
    (c,) = clusters(run(nlp, text, "Cao Bằng"))
    # names that are all provinces are provinces (Cao Bằng is a city's name too); several provinces: no parent
    assert (c["members"], c["parent"]) == (["tỉnh Cao Bằng", "tỉnh Lạng Sơn", "tỉnh Lai Châu"], None)


def test_a_unit_that_takes_on_a_clusters_role(nlp):
    text = ("Cụm thi đua số 4 gồm LĐLĐ huyện Văn Chấn và LĐLĐ huyện Trạm Tấu. Năm 2021, LĐLĐ huyện Văn Chấn giữ vai "
            "trò Cụm trưởng Cụm thi đua số 4, LĐLĐ huyện Trạm Tấu đảm nhận cụm phó.")
    (c,) = clusters(run(nlp, text, "Yên Bái"))
    assert (c["leader"], c["deputy"]) == ("Liên đoàn Lao động huyện Văn Chấn", "Liên đoàn Lao động huyện Trạm Tấu")


def test_back_reference_sentence_gives_members_and_parent(nlp):
    text = ("Ngày 5/3, Khối thi đua các cơ quan tổng hợp ký giao ước thi đua năm 2023. Khối là một trong 9 khối thi "
            "đua thuộc UBND tỉnh Hà Nam, gồm 4 đơn vị: Sở Nội vụ - đơn vị trưởng khối; Thanh tra tỉnh; "
            "Tòa án nhân dân tỉnh; Cục Thi hành án dân sự tỉnh.")
    ex = run(nlp, text, "Hà Nam", "2023-03-06")
    assert clusters(ex) == [dict(
        canonical="Khối thi đua các cơ quan tổng hợp", parent="Ủy ban nhân dân tỉnh Hà Nam", year=2023,
        leader="Sở Nội vụ tỉnh Hà Nam", deputy=None,
        members=["Sở Nội vụ tỉnh Hà Nam", "Thanh tra tỉnh Hà Nam", "Tòa án nhân dân tỉnh Hà Nam",
                 "Cục Thi hành án dân sự tỉnh Hà Nam"])]


def test_school_cluster_parent_after_a_description_and_shortened_bloc_name(nlp):
    text = ("Cụm thi đua số 4 các trường THCS trực thuộc Phòng GD&ĐT huyện Đức Phổ gồm các Trường THCS: Phổ Minh, "
            "Phổ Vinh và Phổ Ninh. Đại diện Khối thi đua các bệnh viện trực thuộc Sở Y tế dự; các đơn vị trong "
            "Khối thi đua các bệnh viện trực thuộc Sở thống nhất.")
    ex = run(nlp, text, "Quảng Ngãi", "2023-10-01")
    got = clusters(ex)
    assert [(c["canonical"], c["parent"], c["members"]) for c in got] == [
        ("Cụm thi đua số 4", "Phòng Giáo dục và Đào tạo huyện Đức Phổ",
         ["Trường THCS Phổ Minh", "Trường THCS Phổ Vinh", "Trường THCS Phổ Ninh"]),
        ("Khối thi đua các bệnh viện trực thuộc Sở Y tế", "Sở Y tế tỉnh Quảng Ngãi", []),
    ]


def test_regional_national_cluster_name_keeps_level_and_region_words(nlp):
    text = ("Sáng 5-4, Cụm thi đua các LĐLĐ tỉnh duyên hải Nam Trung Bộ thuộc Tổng Liên đoàn Lao động Việt Nam "
            "tổ chức hội nghị ký kết giao ước thi đua năm 2025. Cụm gồm LĐLĐ các tỉnh: Ninh Thuận, Bình Thuận "
            "và Phú Yên.")
    ex = run(nlp, text, "Ninh Thuận")
    assert clusters(ex) == [dict(
        # abbreviations in a bloc's name are expanded in its canonical name, as in organisations'
        canonical="Cụm thi đua các Liên đoàn Lao động tỉnh duyên hải Nam Trung Bộ", parent="Tổng Liên đoàn Lao động Việt Nam",
        year=2025, leader=None, deputy=None,
        members=["Liên đoàn Lao động tỉnh Ninh Thuận", "Liên đoàn Lao động tỉnh Bình Thuận",
                 "Liên đoàn Lao động tỉnh Phú Yên"])]


def test_upper_case_headline_bloc_stops_at_verb_and_takes_mixed_case_spelling(nlp):
    text = ("KHỐI THI ĐUA CÁC NGÂN HÀNG THƯƠNG MẠI SƠ KẾT 6 THÁNG ĐẦU NĂM 2025\n"
            "Chiều 2/7, Khối thi đua các Ngân hàng Thương mại tổ chức hội nghị sơ kết năm 2025.")
    ex = run(nlp, text, "Nam Định")
    assert [(c["canonical"], c["year"]) for c in clusters(ex)] == [
        ("Khối thi đua các Ngân hàng Thương mại", 2025)]
    assert [c.text for c in ex.clusters] == ["KHỐI THI ĐUA CÁC NGÂN HÀNG THƯƠNG MẠI",
                                             "Khối thi đua các Ngân hàng Thương mại"]
    assert ex.organisations == []


def test_back_reference_with_count_and_mixed_list_taking_implicit_so(nlp):
    text = ("Sáng 8/12, Khối thi đua Kinh tế - Tổng hợp trực thuộc Hội đồng Thi đua - Khen thưởng tỉnh Nam Định tổ "
            "chức hội nghị tổng kết năm 2024. Năm 2024, Khối có 6 sở, ban, ngành, gồm: Tư pháp, Nội vụ, Khoa học và "
            "Công nghệ, Ban Dân tộc tỉnh, Hội Chữ thập đỏ tỉnh và Liên minh Hợp tác xã tỉnh. Sở Nội vụ (Khối trưởng) "
            "phát biểu.")
    ex = run(nlp, text, "Nam Định")
    assert [(o.text, o.canonical) for o in ex.organisations] == [
        ("Hội đồng Thi đua - Khen thưởng tỉnh Nam Định", "Hội đồng Thi đua – Khen thưởng tỉnh Nam Định"),
        ("Tư pháp", "Sở Tư pháp tỉnh Nam Định"), ("Nội vụ", "Sở Nội vụ tỉnh Nam Định"),
        ("Khoa học và Công nghệ", "Sở Khoa học và Công nghệ tỉnh Nam Định"),
        ("Ban Dân tộc tỉnh", "Ban Dân tộc tỉnh Nam Định"), ("Hội Chữ thập đỏ tỉnh", "Hội Chữ thập đỏ tỉnh Nam Định"),
        ("Liên minh Hợp tác xã tỉnh", "Liên minh Hợp tác xã tỉnh Nam Định"), ("Sở Nội vụ", "Sở Nội vụ tỉnh Nam Định")]
    assert clusters(ex) == [dict(
        canonical="Khối thi đua Kinh tế - Tổng hợp", parent="Hội đồng Thi đua – Khen thưởng tỉnh Nam Định",
        year=2024, leader="Sở Nội vụ tỉnh Nam Định", deputy=None,
        members=["Sở Tư pháp tỉnh Nam Định", "Sở Nội vụ tỉnh Nam Định", "Sở Khoa học và Công nghệ tỉnh Nam Định",
                 "Ban Dân tộc tỉnh Nam Định", "Hội Chữ thập đỏ tỉnh Nam Định", "Liên minh Hợp tác xã tỉnh Nam Định"])]


def test_bloc_holding_the_federation_belongs_to_the_province_and_passing_bloc_shares_it(nlp):
    text = ("Khối thi đua III được lập theo Quyết định số 118/QĐ-UBND ngày 3/3/2020 của UBND tỉnh Nam Định về việc "
            "phân chia các cụm, khối thi đua của tỉnh, gồm 4 đơn vị: Ban Tổ chức Tỉnh ủy; Hội Nông dân tỉnh; "
            "Tỉnh đoàn; Liên đoàn Lao động tỉnh. Dự có ông Vũ Văn Tâm, Phó Trưởng Ban Thi đua - Khen thưởng tỉnh. "
            "Khối thi đua III đã trao đổi kinh nghiệm với Khối thi đua các cơ quan Đảng năm 2023.")
    ex = run(nlp, text, "Nam Định")
    assert clusters(ex) == [
        dict(canonical="Khối thi đua III", parent="Ủy ban nhân dân tỉnh Nam Định", year=2023, leader=None,
             deputy=None, members=["Ban Tổ chức Tỉnh ủy Nam Định", "Hội Nông dân tỉnh Nam Định", "Tỉnh đoàn Nam Định",
                                   "Liên đoàn Lao động tỉnh Nam Định"]),
        dict(canonical="Khối thi đua các cơ quan Đảng", parent="Ủy ban nhân dân tỉnh Nam Định", year=2023,
             leader=None, deputy=None, members=[])]


def test_leader_shapes_chosen_elected_assigned_and_deputy(nlp):
    text = ("Cụm thi đua số 2 gồm các trường: THPT Lê Duẩn, THPT Nguyễn Du, THPT Hùng Vương. Trường THPT Nguyễn Du "
            "được các đơn vị thống nhất chọn làm đơn vị Trưởng khối. Trường THPT Lê Duẩn làm Cụm phó.")
    got = clusters(run(nlp, text, "Đắk Lắk"))
    assert [(c["canonical"], c["leader"], c["deputy"], c["members"]) for c in got] == [
        ("Cụm thi đua số 2", "Trường THPT Nguyễn Du", "Trường THPT Lê Duẩn",
         ["Trường THPT Lê Duẩn", "Trường THPT Nguyễn Du", "Trường THPT Hùng Vương"])]
    text = ("Cụm thi đua số 4 gồm Trường THPT Ngô Quyền, Trường THPT Trần Phú và Trường THPT Lê Lai. "
            "Trường THPT Trần Phú được Sở GD&ĐT giao nhiệm vụ Cụm trưởng.")
    got = clusters(run(nlp, text, "Hà Tĩnh"))
    assert [(c["canonical"], c["parent"], c["leader"]) for c in got] == [
        ("Cụm thi đua số 4", "Sở Giáo dục và Đào tạo tỉnh Hà Tĩnh", "Trường THPT Trần Phú")]
    text = ("Cụm thi đua số 7 gồm LĐLĐ huyện Hòa Vang, LĐLĐ quận Sơn Trà. LĐLĐ quận Sơn Trà được bầu làm "
            "Khối trưởng; LĐLĐ huyện Hòa Vang làm Cụm phó.")
    got = clusters(run(nlp, text, "Đà Nẵng"))
    assert [(c["leader"], c["deputy"]) for c in got] == [
        ("Liên đoàn Lao động quận Sơn Trà", "Liên đoàn Lao động huyện Hòa Vang")]


# ---------------------------------------------------------------- member lists seen on real pages
def test_members_named_as_places_share_the_list_level_word(nlp):
    text = "Cụm thi đua số 5 của tỉnh Nghệ An gồm các huyện: Kỳ Sơn, Tương Dương và Con Cuông."
    (c,) = clusters(run(nlp, text, "Nghệ An"))
    assert c["members"] == ["huyện Kỳ Sơn", "huyện Tương Dương", "huyện Con Cuông"]
    assert c["parent"] == "Ủy ban nhân dân tỉnh Nghệ An"   # a bloc of districts belongs to the province


def test_a_level_word_carries_over_to_the_next_bare_items(nlp):
    text = "Cụm thi đua số 1 gồm 4 đơn vị là huyện Trảng Bom, Nhơn Trạch và 2 thành phố Biên Hòa, Long Khánh."
    (c,) = clusters(run(nlp, text, "Đồng Nai"))
    assert c["members"] == ["huyện Trảng Bom", "huyện Nhơn Trạch", "thành phố Biên Hòa", "thành phố Long Khánh"]


def test_bare_place_names_take_their_level_from_the_official_list(nlp):
    text = "Ngày 3/1, Cụm thi đua số 2 gồm 3 đơn vị: Vĩnh Cửu, Định Quán và Xuân Lộc đã ký giao ước thi đua."
    (c,) = clusters(run(nlp, text, "Đồng Nai"))
    assert c["members"] == ["huyện Vĩnh Cửu", "huyện Định Quán", "huyện Xuân Lộc"]


def test_a_list_of_the_places_unions_takes_the_union_head(nlp):
    text = "Cụm thi đua số 2 gồm 3 LĐLĐ huyện: Mường Tè, Sìn Hồ và Tam Đường đã ký giao ước."
    (c,) = clusters(run(nlp, text, "Lai Châu"))
    assert c["members"] == ["Liên đoàn Lao động huyện Mường Tè", "Liên đoàn Lao động huyện Sìn Hồ",
                            "Liên đoàn Lao động huyện Tam Đường"]


def test_a_shared_union_head_prefixes_listed_departments_split_by_semicolons(nlp):
    text = ("Cụm thi đua số 3 trực thuộc Công đoàn Viên chức tỉnh gồm các công đoàn cơ sở: Sở Nội vụ; "
            "Sở Tư pháp; Sở Y tế.")
    (c,) = clusters(run(nlp, text, "Bình Phước"))
    assert c["members"] == ["Công đoàn cơ sở Sở Nội vụ tỉnh Bình Phước", "Công đoàn cơ sở Sở Tư pháp tỉnh Bình Phước",
                            "Công đoàn cơ sở Sở Y tế tỉnh Bình Phước"]
    assert c["parent"] == "Công đoàn Viên chức tỉnh Bình Phước"


def test_a_list_stops_where_the_next_cluster_is_named(nlp):
    text = "Cụm thi đua số 1 gồm huyện Long Thành, Nhơn Trạch; Cụm thi đua số 2 gồm huyện Tân Phú, Định Quán."
    c1, c2 = clusters(run(nlp, text, "Đồng Nai"))
    assert c1["members"] == ["huyện Long Thành", "huyện Nhơn Trạch"]
    assert c2["members"] == ["huyện Tân Phú", "huyện Định Quán"]


def test_a_sentence_after_the_list_is_no_member(nlp):
    text = "Cụm thi đua số 4 gồm các huyện: Tân Phú, Định Quán. Năm 2023 các đơn vị đạt nhiều kết quả."
    (c,) = clusters(run(nlp, text, "Đồng Nai"))
    assert c["members"] == ["huyện Tân Phú", "huyện Định Quán"]


@pytest.mark.parametrize("text, canonical", [
    ("Khối thi đua Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh tổng kết năm 2023.",
     "Khối thi đua Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh Khánh Hòa"),
    ("Ngày 6-12, Khối thi đua Văn hóa-Xã hội tổ chức hội nghị.", "Khối thi đua Văn hóa - Xã hội"),
    ("Khối thi đua VH-XH tổng kết năm 2022.", "Khối thi đua Văn hóa - Xã hội"),
    ("Khối thi đua các doanh nghiệp SXKD tỉnh Kon Tum tổng kết.",
     "Khối thi đua các doanh nghiệp sản xuất kinh doanh tỉnh Kon Tum"),
])
def test_named_bloc_forms_of_real_pages(nlp, text, canonical):
    province = "Kon Tum" if "Kon Tum" in text else "Khánh Hòa"
    assert [c["canonical"] for c in clusters(run(nlp, text, province))] == [canonical]


def test_a_sentence_opening_with_bao_gom_lists_the_cluster_named_before(nlp):
    text = ("Ngày 15/2, Khối thi đua Mặt trận Tổ quốc (MTTQ) và các tổ chức chính trị - xã hội đã ký giao ước. "
            "Bao gồm: Hội Nông dân, Liên đoàn Lao động và Hội Cựu chiến binh.")
    (c,) = clusters(run(nlp, text, "Khánh Hòa"))
    assert c["canonical"] == "Khối thi đua Mặt trận Tổ quốc và các tổ chức chính trị - xã hội"   # no `(MTTQ)`
    assert c["members"] == ["Hội Nông dân tỉnh Khánh Hòa", "Liên đoàn Lao động tỉnh Khánh Hòa",
                            "Hội Cựu chiến binh tỉnh Khánh Hòa"]


def test_a_name_with_va_stays_one_member_and_lower_case_cluster_word_is_canonical(nlp):
    text = ("Lãnh đạo 3 Hội trong khối thi đua số 3, gồm: Hội Bảo trợ người khuyết tật và trẻ mồ côi tỉnh, "
            "Hội khuyến học tỉnh, Câu lạc bộ hưu trí tỉnh.")
    (c,) = clusters(run(nlp, text, "Hòa Bình"))
    assert c["canonical"] == "Khối thi đua số 3"
    assert len(c["members"]) == 3 and c["members"][1:] == ["Hội Khuyến học tỉnh Hòa Bình",
                                                          "Câu lạc bộ Hưu trí tỉnh Hòa Bình"]


def test_a_district_elected_cluster_leader_is_the_leader_and_the_number_stays_as_written(nlp):
    # the real articles' gold writes `Cụm thi đua số 04` as written; the entity table cluster_years normalises it
    text = "Hội nghị đã bầu huyện Cẩm Thủy là đơn vị Cụm trưởng Cụm thi đua số 03 năm 2024."
    (c,) = clusters(run(nlp, text, "Thanh Hóa"))
    assert (c["canonical"], c["leader"], c["members"]) == ("Cụm thi đua số 03", "huyện Cẩm Thủy", ["huyện Cẩm Thủy"])


def test_bracketed_unit_roles_and_one_spelling_of_a_dashed_bloc(nlp):
    text = ("Khối thi đua Văn hóa – Xã hội tổng kết năm 2022. Ban Dân tộc tỉnh (đơn vị Trưởng Khối) và "
            "Sở Nội vụ (đơn vị Phó Khối) của Khối thi đua Văn hóa - Xã hội chủ trì.")
    (c,) = clusters(run(nlp, text, "Bắc Kạn"))
    assert c["canonical"] == "Khối thi đua Văn hóa - Xã hội"
    assert (c["leader"], c["deputy"]) == ("Ban Dân tộc tỉnh Bắc Kạn", "Sở Nội vụ tỉnh Bắc Kạn")


def test_a_listed_department_under_a_union_head_is_its_union_in_the_organisations_too(nlp):
    ex = run(nlp, "Cụm thi đua số 3 gồm các công đoàn cơ sở: Sở Nội vụ; Sở Tư pháp.", "Bình Phước")
    assert [o.canonical for o in ex.organisations] == ["Công đoàn cơ sở Sở Nội vụ tỉnh Bình Phước",
                                                       "Công đoàn cơ sở Sở Tư pháp tỉnh Bình Phước"]


@pytest.mark.parametrize("text, canonical, parent", [
    # a body inside a bloc's name, commas and all; the body after `thuộc` is its parent
    ("Vừa qua, Khối thi đua các đơn vị sự nghiệp thuộc Sở Văn hóa, Thể thao và Du lịch tổ chức hội nghị.",
     "Khối thi đua các đơn vị sự nghiệp thuộc Sở Văn hóa, Thể thao và Du lịch",
     "Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Tĩnh"),
    # a cluster of provinces belongs to no province
    ("Sở tổ chức hội thao Cụm thi đua các tỉnh Đông Nam Bộ năm 2023.", "Cụm thi đua các tỉnh Đông Nam Bộ", None),
    ("Lễ ký kết của Khối thi đua các Trường đại học cao đẳng trên địa bàn tỉnh Hà Tĩnh.",
     "Khối thi đua các Trường đại học cao đẳng trên địa bàn tỉnh Hà Tĩnh", "Ủy ban nhân dân tỉnh Hà Tĩnh"),
])
def test_long_bloc_names_and_regional_clusters(nlp, text, canonical, parent):
    (c,) = clusters(run(nlp, text, "Hà Tĩnh"))
    assert (c["canonical"], c["parent"]) == (canonical, parent)


@pytest.mark.parametrize("text, parent", [
    ("Cụm thi đua số II gồm: Ủy ban MTTQ Việt Nam huyện Kon Rẫy, Ủy ban MTTQ Việt Nam huyện Kon Plông và "
     "Ủy ban MTTQ Việt Nam huyện Đăk Hà.", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Kon Tum"),
    ("Cụm thi đua số 4 gồm Hội Cựu chiến binh tỉnh Quảng Ninh, Hội Cựu chiến binh tỉnh Hải Dương và "
     "Hội Cựu chiến binh tỉnh Bắc Ninh.", "Hội Cựu chiến binh Việt Nam"),
    # a state body's district branches belong to its provincial one
    ("Khối thi đua số 2 gồm Công an huyện Kon Rẫy, Công an huyện Kon Plông và Công an huyện Đăk Hà.",
     "Công an tỉnh Kon Tum"),
])
def test_a_cluster_of_one_organisations_committees_belongs_to_its_next_level(nlp, text, parent):
    (c,) = clusters(run(nlp, text, "Kon Tum"))
    assert c["parent"] == parent


def test_one_bloc_spelled_two_ways_is_one_bloc_with_its_fullest_name(nlp):
    # the headline drops a comma that the lead keeps: the leader named in the lead and the members listed
    # after a back-reference belong to the one bloc
    text = ("Khối thi đua các trường đại học cao đẳng họp mặt\n\n"
            "Sáng 5/3, Trường Đại học Quang Trung, Trưởng Khối thi đua các trường đại học, cao đẳng "
            "chủ trì buổi ký kết. Các đơn vị trong Khối gồm: Trường Đại học Quang Trung, Trường Cao đẳng Sư phạm "
            "Lam Sơn.")
    out = clusters(run(nlp, text))
    assert [c["canonical"] for c in out] == ["Khối thi đua các trường đại học, cao đẳng"]
    assert out[0]["leader"] == "Trường Đại học Quang Trung"
    assert out[0]["members"] == ["Trường Đại học Quang Trung", "Trường Cao đẳng Sư phạm Lam Sơn"]


def _members(nlp, text, province=None):
    return [(c["canonical"], c["members"], c["leader"]) for c in clusters(run(nlp, text, province))]


def test_provinces_listed_under_a_cluster_named_by_the_body_it_groups(nlp):
    # the cluster's name says which body of each listed province is the member
    text = "Cụm thi đua LĐLĐ 3 tỉnh Tây Bắc gồm các tỉnh: Sơn La, Điện Biên và Lai Châu vừa họp bàn."
    assert _members(nlp, text) == [("Cụm thi đua Liên đoàn Lao động 3 tỉnh Tây Bắc", [
        "Liên đoàn Lao động tỉnh Sơn La", "Liên đoàn Lao động tỉnh Điện Biên", "Liên đoàn Lao động tỉnh Lai Châu"],
        None)]


def test_a_list_of_provinces_gives_each_its_own_level_word(nlp):
    text = ("Cụm thi đua số 2 gồm công an 3 tỉnh, thành phố: Đà Nẵng, Quảng Nam, Quảng Ngãi đã ký giao ước "
            "thi đua năm 2024.")
    assert _members(nlp, text)[0][1] == ["Công an thành phố Đà Nẵng", "Công an tỉnh Quảng Nam",
                                         "Công an tỉnh Quảng Ngãi"]


def test_a_head_of_named_units_prefixes_each_listed_name(nlp):
    text = "Cụm thi đua số 5 gồm các Trường THCS: Kim Đồng, Chu Văn An, Lê Quý Đôn tổ chức ký kết."
    assert _members(nlp, text)[0][1] == ["Trường THCS Kim Đồng", "Trường THCS Chu Văn An", "Trường THCS Lê Quý Đôn"]


def test_items_named_after_a_shared_head_are_organisations_but_listed_places_are_not(nlp):
    ex = run(nlp, "Cụm thi đua số 5 gồm các Trường THCS: Kim Đồng, Chu Văn An tổ chức ký kết.", None)
    assert [(o.text, o.canonical) for o in ex.organisations] == [
        ("Kim Đồng", "Trường THCS Kim Đồng"), ("Chu Văn An", "Trường THCS Chu Văn An")]
    ex = run(nlp, "Cụm thi đua số 2 gồm công an 2 tỉnh: Quảng Nam, Quảng Ngãi đã ký giao ước.", None)
    assert [(o.text, o.canonical) for o in ex.organisations] == [
        ("Quảng Nam", "Công an tỉnh Quảng Nam"), ("Quảng Ngãi", "Công an tỉnh Quảng Ngãi")]
    # the cluster's name, not the list, makes these places its members' bodies: the items stay places
    ex = run(nlp, "Cụm thi đua LĐLĐ 3 tỉnh Tây Bắc gồm các tỉnh: Sơn La, Điện Biên và Lai Châu vừa họp bàn.", None)
    assert ex.organisations == []


def test_a_shortened_item_takes_the_head_of_the_item_before(nlp):
    text = "Cụm thi đua số 5 gồm: Trường THCS Kim Đồng, THCS Chu Văn An và THCS Lê Quý Đôn tổ chức ký kết."
    assert _members(nlp, text)[0][1] == ["Trường THCS Kim Đồng", "Trường THCS Chu Văn An", "Trường THCS Lê Quý Đôn"]


def test_places_are_the_leaders_kind_of_body_when_the_leader_is_that_body_of_one_of_them(nlp):
    text = ("Cụm thi đua số 3 gồm các huyện Mường La, Thuận Châu và Quỳnh Nhai. Năm nay, Ủy ban MTTQ Việt Nam "
            "huyện Thuận Châu là đơn vị đăng cai cụm trưởng Cụm thi đua số 3.")
    body = "Ủy ban Mặt trận Tổ quốc Việt Nam"
    assert _members(nlp, text, "Sơn La") == [("Cụm thi đua số 3", [
        f"{body} huyện Mường La", f"{body} huyện Thuận Châu", f"{body} huyện Quỳnh Nhai"], f"{body} huyện Thuận Châu")]
    # a cluster of the front's district committees belongs to the province's
    assert clusters(run(nlp, text, "Sơn La"))[0]["parent"] == f"{body} tỉnh Sơn La"


def test_places_stay_places_when_a_local_government_leads(nlp):
    text = ("Cụm thi đua số 3 gồm các huyện Mường La, Thuận Châu và Quỳnh Nhai. UBND huyện Thuận Châu "
            "là Cụm trưởng năm 2024.")
    assert _members(nlp, text, "Sơn La")[0][1] == ["huyện Mường La", "huyện Thuận Châu", "huyện Quỳnh Nhai"]


def test_a_national_body_in_apposition_is_the_parent(nlp):
    out = clusters(run(nlp, "Sáng 28/2, Cụm thi đua số 6, Bộ Tư pháp gồm Cục Bổ trợ tư pháp, Cục Con nuôi tổ chức "
                            "ký giao ước thi đua năm 2024."))
    assert out[0]["parent"] == "Bộ Tư pháp"


def test_a_bloc_of_colleges_belongs_to_the_province_not_its_education_department(nlp):
    text = ("Khối thi đua số 10 gồm: Trường Cao đẳng Y tế Kiên Giang, Trường Cao đẳng Sư phạm Kiên Giang "
            "ký kết giao ước thi đua năm học 2024 - 2025.")
    assert clusters(run(nlp, text, "Kiên Giang"))[0]["parent"] == "Ủy ban nhân dân tỉnh Kiên Giang"
    text = "Cụm thi đua số 4 gồm: Trường THPT Nguyễn Du, Trường THPT Lê Lợi ký kết giao ước thi đua năm học 2024."
    assert clusters(run(nlp, text, "Kiên Giang"))[0]["parent"] == "Sở Giáo dục và Đào tạo tỉnh Kiên Giang"


def test_a_bare_numbered_cluster_whose_clause_names_its_leader(nlp):
    text = ("Năm 2024, các huyện chia làm 2 cụm thi đua (Cụm 1 do huyện Mường La làm cụm trưởng, huyện Quỳnh Nhai "
            "làm cụm phó; Cụm 2 do huyện Mai Sơn làm cụm trưởng, huyện Yên Châu làm cụm phó).")
    out = clusters(run(nlp, text, "Sơn La"))
    assert [(c["canonical"], c["leader"], c["deputy"], c["members"]) for c in out] == [
        ("Cụm 1", "huyện Mường La", "huyện Quỳnh Nhai", ["huyện Mường La", "huyện Quỳnh Nhai"]),
        ("Cụm 2", "huyện Mai Sơn", "huyện Yên Châu", ["huyện Mai Sơn", "huyện Yên Châu"])]
    # without a role in its clause a bare `Cụm 1` is no emulation cluster (a sports pool, a residential group)
    assert clusters(run(nlp, "Giải bóng đá thi đua sôi nổi; đội Cụm 1 thắng đội Cụm 2 với tỉ số 2-1.", "Sơn La")) == []


def test_a_party_board_named_after_the_cluster_is_its_parent(nlp):
    text = ("Chiều 11/4, Cụm thi đua 6 Ban Tuyên giáo Thành ủy gồm: Hội Cựu chiến binh thành phố, Sở Y tế "
            "tổ chức ký kết giao ước thi đua năm 2023.")
    assert clusters(run(nlp, text, "Hải Phòng"))[0]["parent"] == "Ban Tuyên giáo Thành ủy Hải Phòng"


def test_an_item_sharing_the_previous_members_head_and_body(nlp):
    text = ("Khối thi đua số 5 gồm 4 cơ quan, đơn vị: Ban Tổ chức Tỉnh ủy, Ban Tuyên giáo Tỉnh ủy và Dân vận Tỉnh ủy, "
            "Văn phòng Tỉnh ủy. Năm 2025, Ban Tổ chức Tỉnh ủy là Trưởng Khối.")
    assert clusters(run(nlp, text, "Cao Bằng"))[0]["members"] == [
        "Ban Tổ chức Tỉnh ủy Cao Bằng", "Ban Tuyên giáo Tỉnh ủy Cao Bằng", "Ban Dân vận Tỉnh ủy Cao Bằng",
        "Văn phòng Tỉnh ủy Cao Bằng"]


def test_a_short_name_of_a_numbered_cluster_named_in_full_is_that_cluster(nlp):
    text = ("Cụm thi đua số 4 gồm Hội Cựu chiến binh 5 tỉnh. Sáng 3/3, Hội nghị giao ban Cụm 4 diễn ra tại "
            "Quảng Ninh.")
    ex = run(nlp, text, "Quảng Ninh")
    assert [(c.text, c.canonical) for c in ex.clusters] == [("Cụm thi đua số 4", "Cụm thi đua số 4"),
                                                             ("Cụm 4", "Cụm thi đua số 4")]
    # named only so, with no leader in its clause, `Cụm 4` is no cluster
    assert run(nlp, "Sáng 3/3, thi đua sôi nổi tại Hội nghị giao ban Cụm 4.", "Quảng Ninh").clusters == []


def test_a_number_written_with_and_without_its_leading_zero_is_one_cluster(nlp):
    text = ("Cụm thi đua số 03 tổng kết năm 2023. Ngày 5/12/2023, Cụm thi đua số 3 gồm Liên đoàn Lao động huyện "
            "Kim Bảng, Liên đoàn Lao động huyện Thanh Liêm tổ chức hội nghị; Liên đoàn Lao động huyện Kim Bảng là "
            "Cụm trưởng Cụm thi đua số 03.")
    ex = run(nlp, text, "Hà Nam", "2023-12-06")
    assert [(c["canonical"], c["leader"]) for c in clusters(ex)] == [
        ("Cụm thi đua số 3", "Liên đoàn Lao động huyện Kim Bảng")]


def test_bare_places_listed_after_a_body_of_a_place_are_that_body_of_each(nlp):
    text = ("Ngày 9/2/2023, Cụm thi đua số 2 Viện kiểm sát nhân dân tỉnh An Giang, gồm Viện kiểm sát nhân dân thành "
            "phố Châu Đốc và các huyện Tịnh Biên, Tri Tôn, An Phú tổ chức ký kết giao ước thi đua năm 2023.")
    ex = run(nlp, text, "An Giang", "2023-02-10")
    assert clusters(ex)[0]["members"] == [
        "Viện Kiểm sát nhân dân thành phố Châu Đốc", "Viện Kiểm sát nhân dân huyện Tịnh Biên",
        "Viện Kiểm sát nhân dân huyện Tri Tôn", "Viện Kiểm sát nhân dân huyện An Phú"]


def test_bare_places_listed_after_a_local_government_stay_places(nlp):
    text = ("Ngày 9/2/2023, Cụm thi đua số 4 gồm Ủy ban nhân dân huyện Tịnh Biên và các huyện Tri Tôn, An Phú "
            "tổ chức ký kết giao ước thi đua năm 2023.")
    ex = run(nlp, text, "An Giang", "2023-02-10")
    assert clusters(ex)[0]["members"][1:] == ["huyện Tri Tôn", "huyện An Phú"]


def test_a_span_of_months_after_cluster_is_no_cluster_number(nlp):
    text = ("Ngày 3/8/2023, Cụm thi đua số 5 tổ chức hội nghị sơ kết hoạt động Cụm thi đua 6 tháng đầu năm 2023 "
            "tại thành phố Cần Thơ.")
    ex = run(nlp, text, "Cần Thơ", "2023-08-04")
    assert [c["canonical"] for c in clusters(ex)] == ["Cụm thi đua số 5"]


def test_a_counted_head_over_districts_of_several_levels(nlp):
    text = ("Ngày 5/3/2021, Cụm thi đua số 2 bao gồm 4 VKSND các huyện, thị xã, thành phố: Vị Thanh, Ngã Bảy, "
            "Phụng Hiệp và Châu Thành A đã ký kết giao ước thi đua năm 2021.")
    ex = run(nlp, text, "Hậu Giang", "2021-03-06")
    assert clusters(ex)[0]["members"] == [
        "Viện Kiểm sát nhân dân thành phố Vị Thanh", "Viện Kiểm sát nhân dân thành phố Ngã Bảy",
        "Viện Kiểm sát nhân dân huyện Phụng Hiệp", "Viện Kiểm sát nhân dân huyện Châu Thành A"]


def test_a_bloc_named_by_the_front_of_the_cities_it_groups(nlp):
    text = ("Chiều 3/8/2023, Cụm thi đua Mặt trận 5 thành phố trực thuộc trung ương gồm: Hà Nội, Hải Phòng, Đà Nẵng, "
            "TP Hồ Chí Minh, Cần Thơ tổ chức hội nghị sơ kết.")
    ex = run(nlp, text, "Cần Thơ", "2023-08-04")
    c = clusters(ex)[0]
    assert c["canonical"] == "Cụm thi đua Mặt trận 5 thành phố trực thuộc trung ương"
    assert c["members"][:2] == ["Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội",
                                "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hải Phòng"]


def test_district_branches_of_a_state_body_belong_to_its_provincial_body_and_a_designated_leader(nlp):
    text = ("Ngày 5/3/2021, Cụm thi đua số 2 bao gồm 4 VKSND các huyện, thị xã, thành phố: Vị Thanh, Ngã Bảy, "
            "Phụng Hiệp và Châu Thành A đã ký kết giao ước thi đua năm 2021. Trong đó VKSND huyện Phụng Hiệp được "
            "chỉ định là Cụm trưởng.")
    c = clusters(run(nlp, text, "Hậu Giang", "2021-03-06"))[0]
    assert (c["parent"], c["leader"]) == ("Viện Kiểm sát nhân dân tỉnh Hậu Giang",
                                          "Viện Kiểm sát nhân dân huyện Phụng Hiệp")


def test_a_bloc_written_lower_case_in_running_text_lists_its_members_when_named_capitalised_too(nlp):
    text = ("Hội nghị sơ kết Cụm thi đua 5 tỉnh Tây Nguyên\n"
            "Ngày 12/7/2022, tại tỉnh Gia Lai diễn ra hội nghị sơ kết cụm thi đua 5 tỉnh Tây Nguyên, gồm: Gia Lai, "
            "Kon Tum, Đắk Lắk, Đắk Nông và Lâm Đồng.")
    c = clusters(run(nlp, text, "Gia Lai", "2022-07-13"))
    assert [x["canonical"] for x in c] == ["Cụm thi đua 5 tỉnh Tây Nguyên"]
    assert c[0]["members"] == ["tỉnh Gia Lai", "tỉnh Kon Tum", "tỉnh Đắk Lắk", "tỉnh Đắk Nông", "tỉnh Lâm Đồng"]


def test_a_lower_case_bloc_alone_is_not_a_name(nlp):
    text = "Ngày 12/7/2022, các đơn vị trong cụm thi đua Văn hóa - Xã hội đã ký giao ước."
    assert clusters(run(nlp, text, "Gia Lai", "2022-07-13")) == []


def test_a_unit_that_takes_on_the_leaders_duty_in_turn_leads(nlp):
    text = ("Ngày 15/9/2016, Khối thi đua các trường cao đẳng tỉnh Phú Yên tổng kết năm học. Trường Cao đẳng Y tế "
            "Phú Yên luân phiên nhận nhiệm vụ đơn vị Trưởng khối thi đua năm học 2016 - 2017.")
    c = clusters(run(nlp, text, "Phú Yên", "2016-09-16"))[0]
    assert c["leader"] == "Trường Cao đẳng Y tế Phú Yên"


def test_a_party_organ_named_in_passing_is_no_ministry_parent(nlp):
    text = ("Công an 3 tỉnh Cụm thi đua số III gồm: tỉnh Lào Cai, Yên Bái, Hà Giang đã ký kết giao ước thi đua năm "
            "2019. Công an 3 tỉnh thống nhất thực hiện phong trào thi đua gắn với Chỉ thị 05 của Bộ Chính trị.")
    assert clusters(run(nlp, text, None, "2019-03-03"))[0]["parent"] != "Bộ Chính trị"


def test_a_bloc_whose_only_unit_is_named_without_a_level_word_gets_no_made_up_national_parent(nlp):
    text = ("Ngày 10/1/2023, Khối thi đua Mặt trận - Đoàn thể tỉnh Khánh Hòa ký giao ước; Tỉnh đoàn Khánh Hòa là "
            "đơn vị Trưởng khối.")
    c = clusters(run(nlp, text, "Khánh Hòa", "2023-01-11"))[0]
    assert c["leader"] == "Tỉnh đoàn Khánh Hòa"
    assert c["parent"] == "Ủy ban nhân dân tỉnh Khánh Hòa"


def test_the_member_units_of_the_articles_one_cluster_listed_later(nlp):
    text = ("Ngày 29/11/2022, Cụm thi đua số 11 thuộc Liên đoàn Lao động tỉnh Quảng Ninh tổ chức hội nghị tổng kết năm "
            "2022. Dự hội nghị có đại diện lãnh đạo công đoàn cơ sở của các đơn vị thành viên, bao gồm: Công đoàn "
            "Trường Cao đẳng Y tế Quảng Ninh, Công đoàn Bệnh viện Bãi Cháy.")
    assert clusters(run(nlp, text, "Quảng Ninh", "2022-11-30"))[0]["members"] == [
        "Công đoàn Trường Cao đẳng Y tế Quảng Ninh", "Công đoàn Bệnh viện Bãi Cháy"]



def test_a_leader_named_title_first_leads_for_the_body_its_holder_heads(nlp):
    text = ("Phát biểu khai mạc hội thi, Chủ tịch Liên đoàn Lao động quận Tây Hồ Nguyễn Thị Lan, Cụm trưởng Cụm thi "
            "đua số 3 cho biết hội thi năm 2024 có 8 đội tham gia.")
    assert clusters(run(nlp, text, "Hà Nội", "2024-09-26"))[0]["leader"] == "Liên đoàn Lao động quận Tây Hồ"


def test_in_a_chain_of_roles_the_leader_is_the_body_of_the_first_not_the_deputys(nlp):
    text = ("Ngày 5/3/2020, Khối thi đua các cơ quan Đảng tỉnh ký kết giao ước thi đua năm 2020. Ông Trần Văn Dũng - "
            "Trưởng ban Dân vận Tỉnh ủy, Phó Chủ tịch Hội đồng nhân dân tỉnh, đơn vị trưởng Khối chủ trì hội nghị.")
    assert clusters(run(nlp, text, "Khánh Hòa", "2020-03-06"))[0]["leader"] == "Ban Dân vận Tỉnh ủy Khánh Hòa"


def test_the_units_in_the_bloc_listed_in_a_bracket(nlp):
    text = ("Ngày 25/3/2021, Khối thi đua Văn hóa - Xã hội tổ chức ký kết giao ước thi đua. Tham dự có lãnh đạo các "
            "đơn vị trong Khối (Ban Dân tộc, Sở Y tế; Sở Giáo dục và Đào tạo) và đại diện UBND tỉnh.")
    members = clusters(run(nlp, text, "Quảng Ngãi", "2021-03-26"))[0]["members"]
    assert members == ["Ban Dân tộc tỉnh Quảng Ngãi", "Sở Y tế tỉnh Quảng Ngãi", "Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi"]


def test_listed_places_are_the_front_leaders_body_even_when_its_place_is_spelt_otherwise(nlp):
    text = ("Ngày 10/3/2013, Cụm thi đua số 1 gồm các huyện Đức Cơ, Chư Păh và thành phố Plieku ký giao ước thi đua. "
            "Ủy ban MTTQ Việt Nam thành phố Pleiku là Cụm trưởng.")
    members = clusters(run(nlp, text, "Gia Lai", "2013-03-11"))[0]["members"]
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Đức Cơ" in members and "huyện Đức Cơ" not in members


def test_a_cluster_of_regions_that_ends_with_a_neighbouring_country(nlp):
    text = ("Ngày 12/1/2016, Cụm thi đua Tây Nguyên, Lào tổ chức hội nghị tổng kết năm 2015 tại Gia Lai.")
    assert [c["canonical"] for c in clusters(run(nlp, text, "Gia Lai", "2016-01-13"))] == ["Cụm thi đua Tây Nguyên, Lào"]


def test_a_bloc_of_boards_named_with_commas_and_its_short_headline_form_are_one(nlp):
    text = ("Khối thi đua Ban Quản lý khu công nghiệp họp\n\n"
            "Ngày 27/12/2019, Khối thi đua Ban Quản lý khu công nghiệp (KCN), khu kinh tế (KKT) các tỉnh Bắc Trung Bộ "
            "tổ chức hội nghị tổng kết năm 2019.")
    assert [c["canonical"] for c in clusters(run(nlp, text, "Thừa Thiên Huế", "2019-12-28"))] == [
        "Khối thi đua Ban Quản lý khu công nghiệp, khu kinh tế các tỉnh Bắc Trung Bộ"]


def test_list_head_lookahead_keeps_every_match(nlp):
    """The lookahead in front of `list_head_re` only rejects positions no match can start at: in any window,
    its matches are those of the pattern without it."""
    import re
    from hypothesis import given, settings
    from hypothesis import strategies as st
    rx = nlp.get_pipe("thidua_clusters").list_head_re
    lead = rx.pattern[:rx.pattern.index("(?:các")]
    plain = re.compile(rx.pattern[len(lead):])
    heads = [r["head"] for r in nlp.get_pipe("thidua_clusters").data["patterns/member_list_heads.tsv"]][:12]
    pieces = heads + [h.upper() for h in heads[:4]] + ["các ", "Các ", "7 ", "07 ", "٣ ", " ", "x", "tỉnh", ", "]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=8), st.integers(0, 40), st.integers(0, 80))
    def check(parts, a, n):
        text = "".join(parts)
        for args in ((text,), (text, a, a + n)):
            assert [m.span() for m in rx.finditer(*args)] == [m.span() for m in plain.finditer(*args)]
        assert (rx.match(text, a) is None) == (plain.match(text, a) is None)
    check()
