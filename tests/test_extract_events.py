"""Events (`thidua_events`): each type from a short report, a meeting that does two things,
plans and summaries that are not events, the date's year, the organiser, and one event reported
by two articles sharing one event_id (in the dataset and in the `event_reports` view).

The texts are small reports written for these tests, in the surface forms union news uses."""
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.identity import event_id
from pipeline.model import RawDocument
from pipeline.process import process
from pipeline.records import gold_record

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "events"


def events(nlp, text: str):
    """The events the whole pipeline finds in `text`; every fact's span slices the text back."""
    art = process(RawDocument(source="t.txt", fmt="txt", text=text), nlp)
    ex = art.extraction
    clean = art.doc.clean.text
    for e in ex.events:
        assert clean[e.start:e.end] == e.text
    return ex.events


def one(evs, type_):
    found = [e for e in evs if e.type == type_]
    assert len(found) == 1, [(e.type, e.text) for e in evs]
    return found[0]


LEAD = "Sáng ngày 12/3/2021, Liên đoàn Lao động tỉnh Hà Nam tổ chức {}. Dự có lãnh đạo các công đoàn ngành.\n"

# (type, what the lead sentence says was held)
TYPES = [
    ("ky_ket", "Hội nghị ký kết giao ước thi đua năm 2021"),
    ("tong_ket", "Hội nghị tổng kết công tác công đoàn năm 2020"),
    ("so_ket", "Hội nghị sơ kết công tác công đoàn 6 tháng đầu năm"),
    # a congress is held by the body it names
    ("dai_hoi", "Đại hội Công đoàn ngành Y tế tỉnh Hà Nam lần thứ V, nhiệm kỳ 2021 - 2026"),
    ("phat_dong", "lễ phát động Tháng Công nhân năm 2021"),
    ("khen_thuong", "lễ trao Bằng khen cho 12 tập thể có thành tích xuất sắc"),
    ("trao_tang", "lễ bàn giao nhà “Mái ấm Công đoàn” cho đoàn viên khó khăn"),
    ("hoi_thi", "Hội thao công nhân, viên chức, lao động tỉnh lần thứ X"),
    ("lam_viec", "buổi làm việc với Công đoàn các khu công nghiệp"),
    ("tap_huan", "lớp tập huấn nghiệp vụ cho cán bộ công đoàn cơ sở"),
    ("other", "buổi gặp mặt cán bộ công đoàn hưu trí"),
]


@pytest.mark.parametrize("type_,held", TYPES, ids=[t for t, _ in TYPES])
def test_each_type_from_a_lead_sentence(nlp, type_, held):
    evs = events(nlp, LEAD.format(held))
    assert [e.type for e in evs] == [type_]
    e = evs[0]
    assert (e.date, e.date_precision) == ("2021-03-12", "day")
    held_by = "Công đoàn ngành Y tế tỉnh Hà Nam" if type_ == "dai_hoi" else "Liên đoàn Lao động tỉnh Hà Nam"
    assert e.organiser == held_by
    assert e.organiser_kind == "organisation" and e.organiser_id.startswith("org_")


def test_a_meeting_that_does_two_things_gives_two_events_with_one_date_and_organiser(nlp):
    evs = events(nlp, "Chiều ngày 20/12/2019, tại hội trường Sở Y tế, Cụm thi đua số 4 tổ chức Hội nghị "
                      "tổng kết công tác thi đua năm 2019 và ký kết giao ước thi đua năm 2020.\n")
    assert sorted(e.type for e in evs) == ["ky_ket", "tong_ket"]
    assert {(e.date, e.organiser, e.organiser_kind, e.place) for e in evs} == {
        ("2019-12-20", "Cụm thi đua số 4", "cluster", "hội trường Sở Y tế")}
    assert evs[0].organiser_id.startswith("clu_")


@pytest.mark.parametrize("text", [
    # a plan with a future date
    "Liên đoàn Lao động tỉnh Bắc Kạn sẽ tổ chức Hội nghị tổng kết công tác công đoàn vào ngày 25/12/2021.\n",
    "Theo kế hoạch, Liên đoàn Lao động huyện dự kiến tổ chức Hội thao công nhân vào tháng 5/2022.\n",
    # a goal and a request
    "Năm 2022, Công đoàn ngành Y tế phấn đấu phát động phong trào thi đua trong toàn ngành.\n",
    "Đồng chí Chủ tịch đề nghị các đơn vị tổ chức ký kết giao ước thi đua trước ngày 30/3/2022.\n",
    # a summary of a year's activity, no specific occurrence
    "Trong năm, Liên đoàn Lao động tỉnh đã tổ chức 20 hội nghị tập huấn cho cán bộ công đoàn cơ sở.\n",
    # praise of results is not an honour given
    "Phát biểu chỉ đạo, đồng chí Phó Chủ tịch đã biểu dương, ghi nhận những kết quả mà Cụm đạt được.\n",
    # what the movements are, not a launch
    "Các đơn vị tích cực hưởng ứng các phong trào thi đua do Tổng Liên đoàn phát động trong năm 2021.\n",
    # a decision signed, not an honour handed over
    "Ngày 19/7/2021, Phó Thủ tướng đã ký quyết định tặng Cờ thi đua của Chính phủ cho 4 tập thể của tỉnh.\n",
], ids=["future", "planned", "goal", "request", "summary", "praise", "relative-clause", "decision"])
def test_plans_goals_and_summaries_are_not_events(nlp, text):
    assert events(nlp, text) == []


def test_a_trigger_word_inside_a_quoted_title_is_no_event(nlp):
    text = ("Sáng 9/5/2023, Liên đoàn Lao động tỉnh Hà Nam tổ chức hội thảo “Nâng cao chất lượng phát hiện, tổng kết "
            "và nhân rộng điển hình tiên tiến”. Dự có lãnh đạo các công đoàn ngành.\n")
    assert [e.type for e in events(nlp, text)] == ["tap_huan"]


def test_a_quoted_programme_that_the_trigger_opens_is_an_event(nlp):
    text = ("Sáng 9/5/2023, Liên đoàn Lao động tỉnh Hà Nam tổ chức bàn giao “Mái ấm Công đoàn” cho đoàn viên "
            "Trần Thị Lan. Dự có lãnh đạo các công đoàn ngành.\n")
    assert [e.type for e in events(nlp, text)] == ["trao_tang"]


def test_what_a_deliberation_is_about_is_not_another_event(nlp):
    text = ("Chiều 17/1/2024, Hội đồng Thi đua - Khen thưởng huyện họp xét thi đua, khen thưởng tổng kết năm 2023. "
            "Dự có lãnh đạo các phòng, ban.\n")
    assert [e.type for e in events(nlp, text)] == ["other"]


def test_a_congress_reported_in_an_exclaimed_sentence_with_its_date_in_a_bracket(nlp):
    # a report that ends in `!` is no slogan; a bracket that holds only dates gives the date
    text = ("Chiều ngày 16/3/2023, Công đoàn Văn phòng Sở Y tế đã tổ chức thành công Đại hội Công đoàn khóa I, "
            "nhiệm kỳ 2023-2028! Đại hội đã bầu 7 đồng chí vào Ban Chấp hành.\n")
    assert [(e.type, e.date) for e in events(nlp, text)] == [("dai_hoi", "2023-03-16")]
    text = ("Đại hội Công đoàn Giáo dục huyện Phong Điền, nhiệm kỳ 2023 – 2028 được tiến hành trong 2 ngày "
            "(26-27/9/2023), tại Hội trường Trường Mầm non Phong Điền.\n")
    assert [(e.type, e.date) for e in events(nlp, text)] == [("dai_hoi", "2023-09-26")]


def test_without_a_dateline_a_school_years_review_is_in_its_second_year_and_its_pledge_in_its_first(nlp):
    text = ("Ngày 25/5, Cụm thi đua số 4 tổ chức Hội nghị tổng kết công tác thi đua năm học 2017-2018. "
            "Dự có lãnh đạo Sở Giáo dục và Đào tạo.\n")
    assert [(e.type, e.date) for e in events(nlp, text)] == [("tong_ket", "2018-05-25")]
    text = ("Ngày 15/9, Cụm thi đua số 4 tổ chức ký kết giao ước thi đua năm học 2017-2018. "
            "Dự có lãnh đạo Sở Giáo dục và Đào tạo.\n")
    assert [(e.type, e.date) for e in events(nlp, text)] == [("ky_ket", "2017-09-15")]


def test_a_yearless_date_takes_the_datelines_year(nlp):
    text = ("Liên đoàn Lao động tỉnh An Giang làm việc với các khối thi đua\n\n20/02/2020 07:51\n\n"
            "Ngày 14/2, Ban Thường vụ Liên đoàn Lao động tỉnh An Giang đã có buổi làm việc với lãnh đạo "
            "các khối thi đua trực thuộc.\n")
    e = one(events(nlp, text), "lam_viec")
    assert e.date == "2020-02-14"
    # a committee holds the meeting in its body's name
    assert e.organiser == "Liên đoàn Lao động tỉnh An Giang"


def test_without_a_dateline_a_review_on_6_12_is_in_the_year_it_reviews(nlp):
    text = ("Ngày 6-12, Khối thi đua Văn hóa - Xã hội tổ chức Hội nghị tổng kết công tác thi đua, "
            "khen thưởng năm 2019 và triển khai nhiệm vụ năm 2020.\n")
    assert one(events(nlp, text), "tong_ket").date == "2019-12-06"


def test_a_congress_on_a_yearless_day_takes_the_first_year_of_its_term(nlp):
    text = ("Chiều 11.10, tại Đại hội XVI Công đoàn Giáo dục Việt Nam, nhiệm kỳ 2023 - 2028, các đại biểu "
            "đã bầu Ban Chấp hành gồm 30 ủy viên.\n")
    e = one(events(nlp, text), "dai_hoi")
    assert (e.date, e.organiser) == ("2023-10-11", "Công đoàn Giáo dục Việt Nam")


def test_a_place_unions_congress_is_held_by_its_labour_federation_when_the_article_names_it(nlp):
    text = ("Ngày 5/8/2023, Đại hội Công đoàn huyện Yên Lạc lần thứ VI, nhiệm kỳ 2023 - 2028 đã thành công. "
            "Đại hội bầu Ban Chấp hành Liên đoàn Lao động huyện Yên Lạc gồm 21 người.\n")
    assert one(events(nlp, text), "dai_hoi").organiser == "Liên đoàn Lao động huyện Yên Lạc"
    # without the federation named, the congress keeps the union the article names
    alone = "Ngày 5/8/2023, Đại hội Công đoàn huyện Yên Lạc lần thứ VI, nhiệm kỳ 2023 - 2028 đã thành công.\n"
    assert one(events(nlp, alone), "dai_hoi").organiser == "Công đoàn huyện Yên Lạc"


def test_the_organiser_is_who_holds_it_not_the_venue_or_a_guest(nlp):
    text = ("Sáng 9/4/2022, tại trụ sở Viện Kiểm sát nhân dân tỉnh Quảng Trị, Hội nghị sơ kết công tác "
            "thi đua 6 tháng đầu năm do Công an tỉnh Quảng Trị tổ chức đã diễn ra.\n")
    assert one(events(nlp, text), "so_ket").organiser == "Công an tỉnh Quảng Trị"


def test_an_award_handed_out_later_shares_the_meetings_date_and_organiser(nlp):
    text = ("Sáng ngày 15/1/2023, Liên đoàn Lao động quận Ngô Quyền tổ chức hội nghị tổng kết hoạt động "
            "công đoàn năm 2022.\n\nHội nghị đánh giá cao kết quả đạt được trong năm.\n\n"
            "Tại hội nghị, Tổng Liên đoàn Lao động Việt Nam đã trao tặng Bằng khen cho 3 tập thể.\n")
    evs = events(nlp, text)
    award = one(evs, "khen_thuong")
    assert (award.date, award.organiser) == ("2023-01-15", "Liên đoàn Lao động quận Ngô Quyền")


def test_participants_are_the_units_and_officials_named_as_taking_part(nlp):
    text = ("Sáng ngày 12/2/2020, Cụm thi đua số 3 tổ chức Hội nghị ký kết giao ước thi đua năm 2020. "
            "Tham dự hội nghị có đồng chí Trần Văn Minh - Phó Chủ tịch Liên đoàn Lao động tỉnh Hà Giang.\n")
    e = one(events(nlp, text), "ky_ket")
    assert "Trần Văn Minh" in e.participants
    assert "Liên đoàn Lao động tỉnh Hà Giang" in e.participants


def test_gold_record_carries_events_in_the_guide_format(nlp):
    art = process(RawDocument(source="a.txt", fmt="txt", text=LEAD.format(TYPES[0][1])), nlp)
    rec = gold_record(art)
    assert rec["events"] == [{"type": "ky_ket", "text": "Hội nghị ký kết giao ước thi đua năm 2021",
                              "date": "2021-03-12", "organiser": "Liên đoàn Lao động tỉnh Hà Nam", "place": None}]


# --------------------------------------------------------------------------- one event, many articles
def test_event_id_is_shared_by_type_organiser_and_day_and_local_without_them():
    a = event_id("art1", "ky_ket", "clu_x", "2024-03-05")
    assert a == event_id("art2", "ky_ket", "clu_x", "2024-03-05")
    assert a != event_id("art2", "ky_ket", "clu_x", "2024-03-06")
    assert a != event_id("art2", "tong_ket", "clu_x", "2024-03-05")
    assert a != event_id("art2", "ky_ket", "clu_y", "2024-03-05")
    # no organiser, or no year: never merged across articles
    assert event_id("art1", "ky_ket", None, "2024-03-05") != event_id("art2", "ky_ket", None, "2024-03-05")
    assert event_id("art1", "ky_ket", "clu_x", "--03-05") != event_id("art2", "ky_ket", "clu_x", "--03-05")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)


@pytest.fixture(scope="module")
def report_ds(tmp_path_factory):
    """A dataset of the seeds and three reports of one signing: a report, a re-post from another
    site in other words, and a monthly digest that only knows the month."""
    out = tmp_path_factory.mktemp("events") / "dataset"
    r = _cli("run", "corpus/seeds", str(FIXTURES), "--out", str(out), "--workers", "1", "--no-progress")
    assert r.returncode == 0, r.stderr
    import pipeline
    return pipeline.open_dataset(out)


def test_two_files_reporting_one_event_share_its_event_id(report_ds):
    rows = report_ds.execute("""
        SELECT a.source, e.event_id, e.date FROM events e JOIN articles a USING (article_id)
        WHERE e.type = 'ky_ket' AND e.organiser = 'Cụm thi đua số 2' ORDER BY a.source""").fetchall()
    by_file = {Path(s).name: (eid, d) for s, eid, d in rows}
    a, b = by_file["site_a_cum2.txt"], by_file["site_b_cum2_repost.txt"]
    assert a == b and a[1] == "2024-03-05"
    assert by_file["site_c_cum2_month.txt"][1] == "2024-03"
    # nothing else in the dataset has that id
    n = report_ds.execute("SELECT count(DISTINCT article_id) FROM events WHERE event_id = ?", [a[0]]).fetchone()[0]
    assert n == 2


def test_event_reports_counts_articles_and_sources_and_joins_the_month_only_report(report_ds):
    row = report_ds.execute("""
        SELECT type, date, organiser, n_articles, n_sources FROM event_reports
        WHERE type = 'ky_ket' AND organiser = 'Cụm thi đua số 2'""").fetchall()
    assert row == [("ky_ket", "2024-03-05", "Cụm thi đua số 2", 3, 3)]
    # an event reported once counts one article
    seed = report_ds.execute("""
        SELECT n_articles FROM event_reports WHERE type = 'phat_dong' AND date = '2020-02-12'""").fetchall()
    assert seed == [(1,)]


def test_event_timeline_lists_events_in_time_order(report_ds):
    rows = report_ds.execute("SELECT date, type, organiser, province, n_articles FROM event_timeline").fetchall()
    dated = [r[0] for r in rows if r[0] is not None]
    assert dated == sorted(dated)
    assert ("2024-03-05", "ky_ket", "Cụm thi đua số 2", "Yên Bái", 3) in rows
    assert ("2020-02-12", "ky_ket", "Cụm thi đua số 3", "Hà Giang", 1) in rows


def test_a_review_of_a_period_on_a_yearless_day_is_held_in_its_last_year(nlp):
    text = ("Ngày 12-11, Hội Nông dân tỉnh Bến Tre tổ chức hội nghị sơ kết phong trào nông dân thi đua sản xuất "
            "giỏi giai đoạn 2016-2018.\n")
    assert one(events(nlp, text), "so_ket").date == "2018-11-12"


def test_an_event_only_the_headline_names_takes_the_day_of_a_lead_that_reports_it(nlp):
    text = ("LĐLĐ huyện Tân Yên tập huấn nghiệp vụ công đoàn năm 2021\n\n"
            "Từ ngày 6/4 đến ngày 8/4/2021, Liên đoàn Lao động huyện Tân Yên tổ chức khai giảng lớp bồi dưỡng "
            "nghiệp vụ cho 90 cán bộ công đoàn cơ sở.\n")
    assert one(events(nlp, text), "tap_huan").date == "2021-04-06"


def test_a_deadline_is_not_the_day_an_event_was_held(nlp):
    text = ("Công đoàn ngành Y tế tỉnh Hà Nam vừa phát động cuộc thi viết về người lao động giỏi. "
            "Bài dự thi gửi về ban tổ chức trước ngày 15/6/2022.\n")
    assert one(events(nlp, text), "phat_dong").date is None


def test_an_event_its_own_clause_says_is_still_to_come_is_not_held(nlp):
    text = ("Đại hội Công đoàn tỉnh Hà Nam lần thứ XV sẽ diễn ra vào tháng 8\n\n"
            "Sáng 3/6/2023, Thường trực Tỉnh ủy Hà Nam có buổi làm việc với Liên đoàn Lao động tỉnh.\n")
    assert [e.type for e in events(nlp, text)] == ["lam_viec"]


@pytest.mark.parametrize("held", ["lễ khai mạc Tháng Công nhân năm 2022", "lễ khởi động Tháng Thanh niên năm 2022"])
def test_opening_a_campaign_month_is_a_launch(nlp, held):
    assert [e.type for e in events(nlp, LEAD.format(held))] == ["phat_dong"]


def test_a_pledge_signed_in_an_article_about_one_cluster_is_the_clusters(nlp):
    text = ("Khối thi đua số 2 gồm 5 đơn vị: Công an tỉnh, Thanh tra tỉnh, Sở Tư pháp, Tòa án nhân dân tỉnh và "
            "Cục Thi hành án dân sự tỉnh.\n\nTại hội nghị, Cục Thi hành án dân sự tỉnh thông qua quy chế; các thành viên "
            "cùng ký kết giao ước thi đua năm 2021.\n")
    assert one(events(nlp, text), "ky_ket").organiser == "Khối thi đua số 2"
    # a holder named outright keeps the event
    held = "Ngày 3/3/2021, Sở Tư pháp tỉnh Hà Nam tổ chức ký kết giao ước thi đua với Khối thi đua số 2.\n"
    assert one(events(nlp, held), "ky_ket").organiser == "Sở Tư pháp tỉnh Hà Nam"


def test_a_sentence_that_opens_with_a_year_alone_summarises_it(nlp):
    text = ("Cụm thi đua số 3 tổng kết công tác năm 2019\n\n"
            "Năm 2019, các đơn vị trong cụm đã thăm và tặng quà cho 120 đoàn viên khó khăn.\n\n"
            "Ngày 12/12/2019, Cụm thi đua số 3 tổ chức hội nghị tổng kết công tác thi đua năm 2019.\n")
    assert [e.type for e in events(nlp, text)] == ["tong_ket"]


def test_the_awards_work_a_review_covers_is_no_award_ceremony(nlp):
    text = ("Ngày 12/12/2023, Cụm thi đua số 2 tổ chức Hội nghị tổng kết phong trào thi đua, công tác khen thưởng "
            "năm 2023.\n")
    assert [e.type for e in events(nlp, text)] == ["tong_ket"]


def test_a_congress_worked_towards_is_not_held(nlp):
    text = ("Ngày 1/3/2023, Cụm thi đua số 3 ký kết giao ước thi đua năm 2023, chào mừng Đại hội Công đoàn các cấp "
            "tiến tới đại hội Công đoàn tỉnh Đồng Nai lần thứ XI, nhiệm kỳ 2023-2028.\n")
    assert [e.type for e in events(nlp, text)] == ["ky_ket"]


def test_the_grantor_the_delegator_and_the_recipient_of_an_honour_do_not_hold_it(nlp):
    text = ("Ngày 22/11/2017, thừa ủy quyền của Thủ tướng Chính phủ, Liên đoàn Lao động tỉnh Lạng Sơn đã trao "
            "tặng Bằng khen của Thủ tướng Chính phủ cho Công đoàn Công ty Xi măng Đồng Bành.\n")
    assert one(events(nlp, text), "khen_thuong").organiser == "Liên đoàn Lao động tỉnh Lạng Sơn"


BARE = ("Công đoàn ngành Xây dựng tỉnh Hà Nam biểu dương các điển hình\n\n"
        "Chiều 18/12/2022, Công đoàn ngành Xây dựng tỉnh Hà Nam chủ trì hội nghị với sự tham dự của 60 đại biểu.\n\n"
        "Tại hội nghị, Công đoàn ngành tặng Giấy khen cho 9 tập thể {}.\n")


def test_a_meeting_named_without_its_kind_is_a_review_when_the_article_reviews_a_year(nlp):
    evs = events(nlp, BARE.format("có thành tích xuất sắc trong năm 2022"))
    review = one(evs, "tong_ket")
    assert review.text.lower() == "hội nghị"
    assert review.date == "2022-12-18"
    assert review.organiser == "Công đoàn ngành Xây dựng tỉnh Hà Nam"
    assert {e.type for e in evs} == {"tong_ket", "khen_thuong"}


def test_a_meeting_named_without_its_kind_and_no_review_words_is_other(nlp):
    assert {e.type for e in events(nlp, BARE.format("trong phong trào nữ công"))} == {"other", "khen_thuong"}


def test_a_meeting_named_by_words_no_trigger_knows_is_not_guessed(nlp):
    text = BARE.format("có thành tích xuất sắc").replace("chủ trì hội nghị", "chủ trì Hội nghị điển hình tiên tiến")
    assert [e.type for e in events(nlp, text)] == ["khen_thuong"]


def test_an_award_set_as_a_target_is_not_handed_over(nlp):
    text = ("Ngày 9/1/2024, Cụm thi đua số 6 ký kết giao ước thi đua năm 2024. Tại buổi ký kết, Công đoàn Trường "
            "THCS Lê Lợi đặt chỉ tiêu đạt Giấy khen của Liên đoàn Lao động thành phố trong năm 2024.\n")
    assert [e.type for e in events(nlp, text)] == ["ky_ket"]


def test_a_unit_the_event_celebrates_or_studies_does_not_hold_it(nlp):
    text = ("Hội thao chào mừng Ngày thành lập Công đoàn Việt Nam\n\n"
            "Sáng 20/7/2023, hơn 300 vận động viên của Liên đoàn Lao động huyện Tân Phú đã tham gia hội thao "
            "công nhân, viên chức, lao động năm 2023.\n")
    assert one(events(nlp, text), "hoi_thi").organiser != "Công đoàn Việt Nam"
    text = ("Hội nghị quán triệt Nghị quyết Đại hội XIII Công đoàn Việt Nam\n\n"
            "Ngày 6/5/2024, 120 cán bộ công đoàn cơ sở của huyện Tân Phú đã dự hội nghị học tập, quán triệt "
            "Nghị quyết.\n")
    assert [e.organiser for e in events(nlp, text)] == [None]


def test_an_anniversarys_span_in_brackets_is_not_the_day_of_the_event(nlp):
    text = ("Hội thao công nhân thị trấn Kim Bài\n\n"
            "Công đoàn thị trấn Kim Bài tổ chức Hội thao công nhân, chào mừng kỷ niệm 134 năm Ngày sinh Chủ tịch Hồ "
            "Chí Minh (19/5/1890 - 19/5/2024), kỷ niệm 70 năm Ngày Giải phóng Thủ đô (10/10/1954 - 10/10/2024).\n")
    assert one(events(nlp, text), "hoi_thi").date is None


def test_a_date_opening_the_sentence_before_the_event_is_its_day(nlp):
    text = ("Sáng ngày 24/10/2017, được sự chỉ đạo của Công đoàn Giáo dục Hải Phòng. Công đoàn Trường THPT Kiến An "
            "long trọng tổ chức Đại hội lần thứ 18, nhiệm kỳ 2017-2022.\n")
    assert one(events(nlp, text), "dai_hoi").date == "2017-10-24"


def test_a_review_the_headline_names_takes_the_next_year_for_an_early_yearless_day(nlp):
    text = ("Khối thi đua 5 tổng kết năm 2019\n\n"
            "Đây là nhận định của đồng chí Phó Chủ tịch tại Hội nghị tổng kết công tác thi đua năm 2019 của Khối thi "
            "đua 5. Sự kiện diễn ra ngày 28/02, tại trụ sở Tập đoàn Điện lực Việt Nam.\n")
    assert one(events(nlp, text), "tong_ket").date == "2020-02-28"


def test_a_headline_that_opens_with_the_day_gives_the_events_day(nlp):
    text = ("Ngày 25.12, tại tỉnh Hòa Bình, Cụm thi đua số 3 tổ chức Hội nghị tổng kết hoạt động năm 2020\n\n"
            "Cập nhật lúc 19:56 - 27/12/2020\n\nTrong năm 2020, các đơn vị trong cụm đã hỗ trợ 155 hộ đoàn viên.\n")
    assert one(events(nlp, text), "tong_ket").date == "2020-12-25"


def test_who_acts_in_a_sentence_that_opens_with_the_bare_meeting_holds_it(nlp):
    text = ("Phát biểu tại hội nghị, đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh Hà Nam ghi nhận những kết quả của "
            "năm qua.\n\n"
            "Tại Hội nghị, Công đoàn Viên chức tỉnh Hà Nam đã công nhận 39 công đoàn cơ sở vững mạnh năm 2016.\n")
    review = one(events(nlp, text), "tong_ket")
    assert review.organiser == "Công đoàn Viên chức tỉnh Hà Nam"


def test_a_meeting_of_a_cluster_hosted_by_a_member_is_the_clusters(nlp):
    text = ("Ngày 29/11/2022, Công đoàn Trường Cao đẳng Y tế Quảng Ninh tổ chức Hội nghị tổng kết công tác năm 2022 "
            "của Cụm thi đua số 11 Liên đoàn Lao động tỉnh Quảng Ninh.\n")
    assert one(events(nlp, text), "tong_ket").organiser == "Cụm thi đua số 11"


def test_a_place_whose_name_holds_a_plan_word_is_no_plan(nlp):
    text = ("Chiều ngày 3/8/2023, Cụm thi đua số 5 gồm Hậu Giang, Sóc Trăng, Cần Thơ tổ chức hội nghị sơ kết hoạt "
            "động 6 tháng đầu năm 2023.\n")
    assert one(events(nlp, text), "so_ket").date == "2023-08-03"


def test_the_congresses_of_every_level_are_no_held_congress(nlp):
    text = ("Ngày 18/1/2013, Cụm thi đua số 11 ký kết giao ước thi đua năm 2013. Trong năm qua, các tỉnh còn tổ chức "
            "thành công Đại hội Cựu chiến binh các cấp lần thứ V (nhiệm kỳ 2012-2017).\n")
    assert [e.type for e in events(nlp, text)] == ["ky_ket"]


def test_a_party_to_a_dialogue_does_not_hold_it(nlp):
    text = ("Chiều 11/8/2023, Liên đoàn Lao động quận Hải An tổ chức hội nghị biểu dương 30 lao động giỏi. Đồng thời "
            "tổ chức chương trình đối thoại giữa Chủ tịch Ủy ban nhân dân quận Hải An với công nhân lao động.\n")
    assert one(events(nlp, text), "tap_huan").organiser == "Liên đoàn Lao động quận Hải An"
