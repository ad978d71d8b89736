"""Cross-article identity: normalisation keys and the ids built from them (exact values)."""
import subprocess
import sys

import pytest

from pipeline import identity as I
from pipeline.identity import (campaign_id, campaign_key, campaign_match, cluster_id, cluster_key, norm_key,
                               official_id, org_id, org_key, person_key)


# --------------------------------------------------------------------------- norm_key
@pytest.mark.parametrize("text, key", [
    ("Giỏi việc nước - đảm việc nhà", "giỏi việc nước đảm việc nhà"),
    ("Giỏi việc nước, đảm việc nhà", "giỏi việc nước đảm việc nhà"),
    ("“Xanh – Sạch – Đẹp”", "xanh sạch đẹp"),
    ("Uỷ ban nhân dân", "ủy ban nhân dân"),
    ("Ủy ban nhân dân", "ủy ban nhân dân"),
    ("Văn hoá – Thể thao", "văn hóa thể thao"),
    ("Sở Văn hóa, Thể thao & Du lịch", "sở văn hóa thể thao và du lịch"),
    ("khoẻ", "khỏe"), ("Thuỷ", "thủy"), ("HOÀ BÌNH", "hòa bình"),
    # never ambiguous: closed syllables, qu-, ua/uê, oă
    ("hoàn thành", "hoàn thành"), ("hoặc", "hoặc"), ("hiệu quả", "hiệu quả"), ("quý", "quý"),
    ("Huế", "huế"), ("khuyến khích", "khuyến khích"),
    ("  Liên\u00a0đoàn   Lao động (LĐLĐ) tỉnh. ", "liên đoàn lao động lđlđ tỉnh"),
    ("", ""), (None, ""),
])
def test_norm_key(text, key):
    assert norm_key(text) == key


def test_norm_key_is_nfc_insensitive():
    import unicodedata
    s = "Công đoàn ngành Giáo dục tỉnh Hà Giang"
    assert norm_key(unicodedata.normalize("NFD", s)) == norm_key(s)


# --------------------------------------------------------------------------- organisations
@pytest.mark.parametrize("a, b", [
    ("LĐLĐ tỉnh Hà Giang", "Liên đoàn Lao động tỉnh Hà Giang"),
    ("Liên đoàn Lao động Thành phố Hà Nội", "Liên đoàn Lao động thành phố Hà Nội"),
    ("LĐLĐ TP. Hà Nội", "Liên đoàn Lao động thành phố Hà Nội"),
    ("TLĐ", "Tổng Liên đoàn Lao động Việt Nam"),
    ("Tổng Liên đoàn Lao động", "Tổng Liên đoàn Lao động Việt Nam"),
    ("UBND tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("Uỷ ban nhân dân tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("CĐCS Công ty X", "Công đoàn cơ sở Công ty X"),
])
def test_same_organisation(a, b):
    assert org_key(a) == org_key(b)
    assert org_id(a) == org_id(b)


@pytest.mark.parametrize("a, b", [
    ("Liên đoàn Lao động tỉnh Hà Giang", "Liên đoàn Lao động thành phố Hà Giang"),  # province vs city
    ("Công đoàn ngành Y tế Hà Nội", "Công đoàn ngành Giáo dục và Đào tạo Hà Nội"),
    ("Công đoàn Viên chức tỉnh Hà Giang", "Công đoàn Viên chức tỉnh Khánh Hòa"),
])
def test_different_organisations(a, b):
    assert org_id(a) != org_id(b)


def test_org_id_exact_values():
    assert org_key("LĐLĐ tỉnh") == "liên đoàn lao động tỉnh"
    assert org_id("Liên đoàn Lao động tỉnh Hà Giang") == "org_" + I.short_hash("liên đoàn lao động tỉnh hà giang", 12)
    assert org_id("Liên đoàn Lao động tỉnh Hà Giang") == "org_e0c10a176ac0"
    assert org_id(None) is None and org_id("  ") is None


# --------------------------------------------------------------------------- clusters
@pytest.mark.parametrize("name, key", [
    ("Cụm thi đua số 3", "cụm thi đua số 3"),
    ("Cụm giao ước thi đua số 3", "cụm thi đua số 3"),
    ("Cụm thi đua số 03", "cụm thi đua số 3"),
    ("Cụm thi đua 3", "cụm thi đua số 3"),
    ("Cụm số 3", "cụm thi đua số 3"),
    ("CỤM THI ĐUA SỐ 3", "cụm thi đua số 3"),
    ("Khối giao ước thi đua số 2", "khối thi đua số 2"),
    ("Khối thi đua các Sở Quản lý Nhà nước 1", "khối thi đua các sở quản lý nhà nước 1"),
    ("Cụm thi đua số 13", "cụm thi đua số 13"),
])
def test_cluster_key(name, key):
    assert cluster_key(name) == key


def test_cluster_id_is_scoped_by_parent():
    hg = cluster_id("Liên đoàn Lao động tỉnh Hà Giang", "Cụm thi đua số 3")
    assert hg == cluster_id("LĐLĐ tỉnh Hà Giang", "Cụm giao ước thi đua số 03")
    assert hg != cluster_id("Liên đoàn Lao động thành phố Hà Nội", "Cụm thi đua số 3")
    assert hg == "clu_" + I.short_hash("liên đoàn lao động tỉnh hà giang\x1fcụm thi đua số 3", 12)
    assert hg == "clu_f5251b88925f"


def test_cluster_without_parent_is_scoped_by_province():
    a = cluster_id(None, "Cụm thi đua số 1", "Lạng Sơn")
    assert a == cluster_id(None, "Cụm số 1", "Lạng Sơn")
    assert a != cluster_id(None, "Cụm thi đua số 1", "Hà Nội")
    assert a != cluster_id("Liên đoàn Lao động tỉnh Lạng Sơn", "Cụm thi đua số 1", "Lạng Sơn")
    assert cluster_id(None, "Cụm thi đua số 1") == cluster_id("", "Cụm thi đua số 1", None)


def test_records_cluster_id_delegates():
    from pipeline.records import cluster_id as rec_cluster_id
    assert rec_cluster_id("Liên đoàn Lao động tỉnh Hà Giang", "Cụm thi đua số 3") == "clu_f5251b88925f"


# --------------------------------------------------------------------------- officials
def test_official_id():
    a = official_id("Trần Văn Minh", "Liên đoàn Lao động tỉnh Hà Giang")
    assert a == official_id("đồng chí Trần Văn Minh", "LĐLĐ tỉnh Hà Giang")
    assert a == official_id("TRẦN VĂN MINH", "Liên đoàn Lao động tỉnh Hà Giang", "Hà Giang")
    assert a != official_id("Trần Văn Minh", "Liên đoàn Lao động tỉnh Lạng Sơn")
    assert a == "off_" + I.short_hash("trần văn minh\x1fliên đoàn lao động tỉnh hà giang", 12)
    # no organisation: the province stands in
    assert official_id("Nguyễn Văn A", None, "Hà Nội") != official_id("Nguyễn Văn A", None, "Lạng Sơn")
    assert official_id("Nguyễn Văn A", None, "Hà Nội") == official_id("Ông Nguyễn Văn A", "", "Hà Nội")


@pytest.mark.parametrize("name, key", [
    ("đồng chí Trần Văn Minh", "trần văn minh"), ("Ông Trịnh Tố Tâm", "trịnh tố tâm"),
    ("bà Nguyễn Thị Thuỷ", "nguyễn thị thủy"), ("Đ/c Hoàng Văn Hà", "hoàng văn hà"),
    ("Anh Tuấn", "tuấn"),
])
def test_person_key(name, key):
    assert person_key(name) == key


# --------------------------------------------------------------------------- campaigns
@pytest.mark.parametrize("name, key", [
    ("Giỏi việc nước - đảm việc nhà", "giỏi việc nước đảm việc nhà"),
    ("Giỏi việc nước, đảm việc nhà", "giỏi việc nước đảm việc nhà"),
    ("Xanh – sạch – đẹp, đảm bảo an toàn vệ sinh lao động", "xanh sạch đẹp bảo đảm an toàn vệ sinh lao động"),
    ("Xanh – Sạch – Đẹp, bảo đảm an toàn vệ sinh lao động", "xanh sạch đẹp bảo đảm an toàn vệ sinh lao động"),
    ("Nâng cao chất lượng hoạt động của CĐCS", "nâng cao chất lượng hoạt động công đoàn cơ sở"),
    ("Tháng Công nhân năm 2024", "tháng công nhân"),
    ("phong trào thi đua “Lao động giỏi”", "lao động giỏi"),
    ("Tháng hành động về ATVSLĐ", "tháng hành động về an toàn vệ sinh lao động"),
    ("Văn hoá – Thể thao", "văn hóa thể thao"),
])
def test_campaign_key(name, key):
    assert campaign_key(name) == key


def test_the_two_spellings_of_gioi_viec_nuoc_are_one_campaign():
    a = campaign_id("Giỏi việc nước - đảm việc nhà")
    assert a == campaign_id("Giỏi việc nước, đảm việc nhà") == campaign_id("GIỎI VIỆC NƯỚC – ĐẢM VIỆC NHÀ")
    assert a == "cam_" + I.short_hash("giỏi việc nước đảm việc nhà", 12)
    assert a == "cam_c0ccf8674bbf"


@pytest.mark.parametrize("a, b", [
    ("Lao động giỏi", "Lao động sáng tạo"),
    ("Xanh - Sạch - Đẹp", "Xanh – Sạch – Đẹp, bảo đảm an toàn vệ sinh lao động"),
    ("Nâng cao chất lượng hoạt động Công đoàn cơ sở", "Nâng cao chất lượng hiệu quả hoạt động Công đoàn cơ sở"),
    ("Hai tốt", "Hai giỏi"),
    ("Đổi mới phong cách, thái độ phục vụ của cán bộ Y tế hướng tới sự hài lòng người bệnh",
     "Tuyên truyền đổi mới phong cách, thái độ phục vụ của cán bộ Y tế hướng tới sự hài lòng người bệnh"),
])
def test_distinct_campaigns_stay_apart(a, b):
    assert campaign_id(a) != campaign_id(b)


@pytest.fixture()
def registry(tmp_path):
    d = tmp_path / "models"
    (d / "identity").mkdir(parents=True)
    (d / "identity" / "campaigns.tsv").write_text(
        "# source: test\nname\tkind\taliases\n"
        "Giỏi việc nước, đảm việc nhà\tphong_trao\t\n"
        "Người Việt Nam ưu tiên dùng hàng Việt Nam\tvan_dong\tNgười Việt Nam ưu tiên sử dụng hàng Việt Nam\n"
        "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở\tphong_trao\t\n"
        "Hai tốt\tphong_trao\t\n", encoding="utf-8")
    return str(d)


@pytest.mark.parametrize("name, key, how", [
    ("Giỏi việc nước – đảm việc nhà", "giỏi việc nước đảm việc nhà", "exact"),
    ("Người Việt Nam ưu tiên sử dụng hàng Việt Nam", "người việt nam ưu tiên dùng hàng việt nam", "alias"),
    ("Gioi viec nuoc, dam viec nha", "giỏi việc nước đảm việc nhà", "ascii"),
    # a typo (missing horn) in a long name: fuzzy
    ("Giỏi việc nươc, đảm việc nhà", "giỏi việc nước đảm việc nhà", "fuzzy"),
    ("Cán bộ công chức viên chức thi đua thực hiện văn hoá công sở",
     "cán bộ công chức viên chức thi đua thực hiện văn hóa công sở", "exact"),
    ("Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sơ",
     "cán bộ công chức viên chức thi đua thực hiện văn hóa công sở", "fuzzy"),
    # too short for fuzzy, and too different: own key
    ("Hai tôt", "hai tôt", "exact"),
    ("Cán bộ, công chức, viên chức, người lao động thi đua thực hiện văn hóa công sở và nơi công cộng",
     "cán bộ công chức viên chức người lao động thi đua thực hiện văn hóa công sở nơi công cộng", "exact"),
])
def test_campaign_registry_matching(registry, name, key, how):
    assert campaign_match(name, registry) == (key, how)
    assert campaign_id(name, registry) == "cam_" + I.short_hash(key, 12)


def test_registry_entries_keep_their_own_id(registry, tmp_path):
    """Adding a registry entry never changes the id of the entry's own spelling."""
    for name in ("Giỏi việc nước, đảm việc nhà", "Hai tốt", "Lao động giỏi"):
        assert campaign_id(name, registry) == campaign_id(name, str(tmp_path / "no-models"))


def test_shipped_registry_loads():
    alias, ascii_, entries = I._registry()
    assert "giỏi việc nước đảm việc nhà" in entries and "tháng công nhân" in entries
    assert len(entries) == len(set(entries))


def test_ids_are_stable_across_processes():
    """sha1 of the key: no dependence on PYTHONHASHSEED, order of processing or the machine."""
    code = ("from pipeline.identity import campaign_id, cluster_id;"
            "print(campaign_id('Giỏi việc nước, đảm việc nhà'), cluster_id('Liên đoàn Lao động tỉnh Hà Giang', 'Cụm thi đua số 3'))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout.strip()
            for seed in ("0", "1", "12345")}
    assert outs == {"cam_c0ccf8674bbf clu_f5251b88925f"}
