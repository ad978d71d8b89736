"""Entity tables (pipeline/entities.py): one row per cluster-year, organisation and person,
rebuilt at each run's end, with the user's aliases; and README's query examples."""
from __future__ import annotations

import csv
import re
import shlex
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pytest

import pipeline
from pipeline import UserError
from pipeline.entities import ALIASES_FILE, build, normalise_cluster, read_aliases
from pipeline.runner import run
from pipeline.schema import SCHEMAS
from pipeline.store import read_table

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"


@pytest.fixture(scope="module")
def seed_ds(tmp_path_factory):
    out = tmp_path_factory.mktemp("ent") / "dataset"
    run([str(SEEDS)], out, workers=1, progress=False)
    return out


# --------------------------------------------------------------------------- cluster numbers
@pytest.mark.parametrize("name, canonical, number", [
    ("Cụm thi đua số 05", "Cụm thi đua số 5", "5"),
    ("Cụm thi đua số 5", "Cụm thi đua số 5", "5"),
    ("Khối thi đua IV", "Khối thi đua IV", "IV"),
    ("Cụm thi đua số II", "Cụm thi đua số II", "II"),
    ("Khối thi đua các Sở Quản lý Nhà nước 1", "Khối thi đua các Sở Quản lý Nhà nước 1", "1"),
    ("Cụm thi đua số 010 Khối doanh nghiệp", "Cụm thi đua số 10 Khối doanh nghiệp", "10"),
    ("Khối thi đua các cơ quan Đảng", "Khối thi đua các cơ quan Đảng", None),
])
def test_cluster_numbers_are_normalised(name, canonical, number):
    assert normalise_cluster(name) == (canonical, number)


# --------------------------------------------------------------------------- on small hand-made facts
def _prov(aid, text):
    return dict(article_id=aid, text=text, start=0, end=len(text), sent_index=0, method="test")


def _facts(arts=(), orgs=(), clusters=(), members=(), officials=()):
    def t(name, rows):
        return pa.Table.from_pylist(list(rows), schema=SCHEMAS[name])
    articles = [dict(article_id=a, source=f"{a}.txt", text="x", content_sha256="0", pipeline_version="t",
                     province=p, published_at=datetime.fromisoformat(d) if d else None) for a, p, d in arts]
    return {"articles": t("articles", articles), "organisations": t("organisations", orgs),
            "clusters": t("clusters", clusters), "cluster_members": t("cluster_members", members),
            "officials": t("officials", officials)}


def _official(aid, name, title, org):
    from pipeline.identity import official_id
    return dict(_prov(aid, name), name=name, title=title, organisation=org, official_id=official_id(name, org))


ARTS = [("a1", "Hà Giang", "2020-02-14"), ("a2", "Hà Giang", "2022-05-01"), ("a3", "Cà Mau", "2021-01-01")]


def test_one_person_across_organisations_in_one_province():
    """A person who chaired a district federation, later the provincial one, is one person;
    a namesake in another province with another body is someone else."""
    f = _facts(ARTS, officials=[
        _official("a1", "Lê Thị Hoa", "Chủ tịch", "Liên đoàn Lao động huyện Bắc Mê"),
        _official("a2", "Lê Thị Hoa", "Phó Chủ tịch", "Liên đoàn Lao động tỉnh Hà Giang"),
        _official("a3", "Lê Thị Hoa", "Chủ tịch", "Công đoàn ngành Y tế tỉnh Cà Mau"),
    ])
    people = build(f)["people"].to_pylist()
    assert len(people) == 2
    hg = next(p for p in people if p["provinces"] == ["Hà Giang"])
    assert len(hg["official_ids"]) == 2 and hg["n_articles"] == 2
    assert hg["roles"] == ["2020-02-14 Chủ tịch, Liên đoàn Lao động huyện Bắc Mê",
                           "2022-05-01 Phó Chủ tịch, Liên đoàn Lao động tỉnh Hà Giang"]
    assert len({p["person_id"] for p in people}) == 2


def test_same_organisation_links_mentions_across_provinces():
    f = _facts(ARTS, officials=[
        _official("a1", "Phạm Văn An", "Ủy viên", "Tổng Liên đoàn Lao động Việt Nam"),
        _official("a3", "Phạm Văn An", "Ủy viên", "Tổng Liên đoàn Lao động Việt Nam"),
    ])
    people = build(f)["people"].to_pylist()
    assert len(people) == 1 and people[0]["provinces"] == ["Cà Mau", "Hà Giang"]


def test_cluster_years_merge_mentions_and_member_rows():
    from pipeline.identity import cluster_id
    cid = cluster_id("Liên đoàn Lao động tỉnh Hà Giang", "Cụm thi đua số 03")
    row = dict(canonical="Cụm thi đua số 03", cluster_id=cid, parent="Liên đoàn Lao động tỉnh Hà Giang", year=2020,
               leader="Liên đoàn Lao động huyện Bắc Mê", deputy=None,
               members=["Liên đoàn Lao động huyện Bắc Mê", "Công đoàn Viên chức tỉnh Hà Giang"])
    f = _facts(ARTS, clusters=[dict(_prov("a1", "Cụm 3"), **row), dict(_prov("a1", "Cụm số 3"), **row),
                               dict(_prov("a2", "Cụm 3"), **dict(row, year=2021, leader=None, members=[]))],
               members=[dict(_prov("a2", "Công đoàn ngành Y tế"), cluster="Cụm thi đua số 3", cluster_id=cid,
                             member="Công đoàn ngành Y tế tỉnh Hà Giang", member_id=None, role="member", year=2021)])
    rows = build(f)["cluster_years"].to_pylist()
    assert [(r["canonical"], r["number"], r["province"], r["year"], r["n_members"], r["n_articles"]) for r in rows] == [
        ("Cụm thi đua số 3", "3", "Hà Giang", 2020, 2, 1), ("Cụm thi đua số 3", "3", "Hà Giang", 2021, 1, 1)]
    assert rows[0]["leader"] == "Liên đoàn Lao động huyện Bắc Mê" and rows[1]["leader"] is None


def test_aliases_merge_organisations_and_people(tmp_path):
    (tmp_path / ALIASES_FILE).write_text(
        "alias\tcanonical\n# two spellings of one union\n"
        "Công đoàn ngành Y tế Hà Nội\tCông đoàn ngành Y tế thành phố Hà Nội\n"
        "Nguyễn Văn Bình\tNguyễn Văn Bính\n", encoding="utf-8")
    al = read_aliases(tmp_path)
    orgs = [dict(_prov("a1", t), canonical=c, org_id=None, kind="cong_doan_nganh", level="province", place="Hà Nội")
            for t, c in (("CĐ ngành Y tế Hà Nội", "Công đoàn ngành Y tế Hà Nội"),
                         ("Công đoàn ngành Y tế thành phố", "Công đoàn ngành Y tế thành phố Hà Nội"))]
    f = _facts([("a1", "Hà Nội", "2021-03-01")], orgs=orgs, officials=[
        _official("a1", "Nguyễn Văn Bình", "Chủ tịch", None), _official("a1", "Nguyễn Văn Bính", "Chủ tịch", None)])
    out = build(f, al)
    ents = out["organisation_entities"].to_pylist()
    assert len(ents) == 1 and ents[0]["canonical"] == "Công đoàn ngành Y tế thành phố Hà Nội"
    assert "Công đoàn ngành Y tế Hà Nội" in ents[0]["aliases"] and ents[0]["n_mentions"] == 2
    people = out["people"].to_pylist()
    assert len(people) == 1 and people[0]["name"] == "Nguyễn Văn Bính" and people[0]["aliases"] == ["Nguyễn Văn Bình"]
    without = build(f)
    assert out["organisation_entities"].num_rows == 1 and without["organisation_entities"].num_rows == 2


def test_malformed_aliases_file_is_one_line(tmp_path):
    (tmp_path / ALIASES_FILE).write_text("just one column\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"aliases.tsv:1: expected `alias<TAB>canonical`"):
        read_aliases(tmp_path)


# --------------------------------------------------------------------------- in a run
def test_rebuild_keeps_the_entities_and_one_batch_not_the_mentions(tmp_path, monkeypatch):
    """The rebuild at each run's end reads the fact tables a batch at a time and keeps counts
    per entity: 60,000 organisation mentions of 3 bodies take no more Python memory than a batch
    (reading them whole took over 1 GB for 20,000 articles)."""
    import tracemalloc

    from pipeline import entities
    from pipeline.store import Dataset, Txn
    monkeypatch.setattr(entities, "BATCH_ROWS", 1000, raising=False)
    names = ["Liên đoàn Lao động tỉnh Hà Giang", "Liên đoàn Lao động tỉnh Cà Mau", "Công đoàn ngành Y tế"]
    arts = [(f"a{i:03d}", "Hà Giang", "2020-02-14") for i in range(200)]
    orgs = [dict(_prov(f"a{i % 200:03d}", names[i % 3]), canonical=names[i % 3], kind="ldld", level="province")
            for i in range(60_000)]
    with Dataset(tmp_path / "ds") as ds:
        ds.commit(Txn(new={f"{t}/part-a.parquet": tb for t, tb in _facts(arts, orgs).items()}))
        tracemalloc.start()
        try:
            assert entities.rebuild(ds)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 4 * 2**20, peak
    ents = read_table(tmp_path / "ds", "organisation_entities").to_pylist()
    assert sorted((e["canonical"], e["n_mentions"], e["n_articles"]) for e in ents) == sorted(
        (n, 20_000, len({i % 200 for i in range(k, 60_000, 3)})) for k, n in enumerate(names))


def test_seed_cluster_years(seed_ds):
    rows = read_table(seed_ds, "cluster_years").to_pylist()
    facts = read_table(seed_ds, "clusters").to_pylist()
    assert len(rows) == len({(f["cluster_id"], f["year"]) for f in facts}) < len(facts)
    hg = [r for r in rows if r["province"] == "Hà Giang"]
    assert [(r["canonical"], r["year"], r["n_members"], r["leader"]) for r in hg] == [
        ("Cụm thi đua số 3", 2020, 5, "Liên đoàn Lao động thành phố Hà Giang")]
    assert "Liên đoàn Lao động huyện Bắc Mê" in hg[0]["members"]


def test_aliases_apply_at_the_next_run_without_reprocessing(tmp_path):
    out = tmp_path / "ds"
    run([str(SEEDS)], out, workers=1, progress=False)
    people = {p["name"]: p for p in read_table(out, "people").to_pylist()}
    assert "Trịnh Tố Tâm" in people and len(people["Trịnh Tố Tâm"]["official_ids"]) == 2
    (out / ALIASES_FILE).write_text("Trịnh Tố Tâm\tTrịnh Thị Tố Tâm\n", encoding="utf-8")
    s = run([str(SEEDS)], out, workers=1, progress=False)
    assert s.processed == 0 and s.skipped == 5
    people = {p["name"]: p for p in read_table(out, "people").to_pylist()}
    assert "Trịnh Tố Tâm" not in people and people["Trịnh Thị Tố Tâm"]["aliases"] == ["Trịnh Tố Tâm"]
    (out / ALIASES_FILE).write_text("broken line\n", encoding="utf-8")
    with pytest.raises(UserError, match="aliases.tsv:1"):
        run([str(SEEDS)], out, workers=1, progress=False)


# --------------------------------------------------------------------------- README's examples
def _readme_queries() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [shlex.split(m.group(1)) for m in re.finditer(r"^\.venv/bin/thidua query (.+)$", text, re.M)]


# Row counts the README's queries must give, computed another way (from the fact tables).
EXPECTED = {
    "cluster_years": "SELECT count(*) FROM (SELECT DISTINCT cluster_id, year FROM clusters)",
    "organisation_entities": "SELECT least(10, count(DISTINCT org_id)) FROM organisations",
    "people": "SELECT count(DISTINCT name) FROM officials",   # the seeds have no namesakes
    "campaigns_by_year_province": "SELECT count(*) FROM (SELECT DISTINCT campaign_id, year(published_at), province "
                                  "FROM campaigns JOIN articles USING (article_id))",
}


def test_readme_examples_run_and_give_one_row_per_entity(seed_ds, tmp_path, monkeypatch, capsys):
    from pipeline.cli import main
    queries = _readme_queries()
    assert len(queries) >= 5
    monkeypatch.chdir(tmp_path)
    con = pipeline.open_dataset(seed_ds)
    seen = set()
    for args in queries:
        sql = args[-1]
        table = re.search(r"\bFROM (\w+)", sql).group(1)
        seen.add(table)
        assert main(["query", "--dataset", str(seed_ds), "--format", "csv", sql]) == 0
        rows = list(csv.reader(capsys.readouterr().out.splitlines()))
        want = con.execute(EXPECTED[table]).fetchone()[0]
        assert len(rows) - 1 == want > 0, (sql, rows)
        if table == "cluster_years" and "n_members" in rows[0]:
            hg = [dict(zip(rows[0], r)) for r in rows[1:] if "Hà Giang" in r]
            assert [(r["canonical"], r["year"], r["n_members"]) for r in hg] == [("Cụm thi đua số 3", "2020", "5")]
        assert main(["query", "--dataset", str(seed_ds), *args]) == 0   # as written (table, xlsx, csv files)
        capsys.readouterr()
    assert seen == set(EXPECTED)
    assert (tmp_path / "clusters.xlsx").exists() and (tmp_path / "campaigns.csv").read_bytes()[:3] == b"\xef\xbb\xbf"


def test_python_api_read_table_and_extract_text(seed_ds):
    df = pipeline.read_table("cluster_years", dataset=seed_ds)
    assert len(df) == read_table(seed_ds, "cluster_years").num_rows
    assert list(df.columns) == SCHEMAS["cluster_years"].names
    hg = df[df.province == "Hà Giang"].iloc[0]
    assert hg.canonical == "Cụm thi đua số 3" and list(hg.members)[0].startswith("Công đoàn")
    with pytest.raises(UserError, match="no table or view named 'nope'"):
        pipeline.read_table("nope", dataset=seed_ds)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    rec = pipeline.extract_text(seed.read_text(encoding="utf-8"))
    assert rec["province"] == "Hà Giang" and rec["clusters"][0]["canonical"] == "Cụm thi đua số 3"
    with pytest.raises(UserError, match="not an article: empty"):
        pipeline.extract_text("   ")
