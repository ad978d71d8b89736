"""`python -m pipeline query` and `pipeline.open_dataset`: real queries on a seed dataset and on
small hand-written datasets, every output format, the read-only guard, empty tables, views."""
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline import UserError
from pipeline.identity import campaign_id, cluster_id, org_id
from pipeline.query import check_sql, run_cli, table_files
from pipeline.schema import SCHEMAS
from pipeline.views import VIEWS

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "gold" / "seeds.jsonl"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)


def q_csv(dataset, sql):
    r = cli("query", "--dataset", str(dataset), "--format", "csv", sql)
    assert r.returncode == 0, r.stderr
    return list(csv.reader(io.StringIO(r.stdout)))


@pytest.fixture(scope="module")
def seed_ds(tmp_path_factory):
    out = tmp_path_factory.mktemp("seedds") / "dataset"
    r = cli("run", "corpus/seeds", "--out", str(out), "--workers", "1", "--no-progress")
    assert r.returncode == 0, r.stderr
    return out


def write_table(dataset: Path, table: str, rows: list[dict], name="part-test.parquet"):
    d = dataset / table
    d.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]), d / name)


def prov(aid, text, start=0, sent=0, method="test"):
    return dict(article_id=aid, text=text, start=start, end=start + len(text), sent_index=sent, method=method)


def article(aid, province, published, text="x"):
    from datetime import datetime
    return dict(article_id=aid, source=f"{aid}.txt", fmt="txt", title=f"T {aid}", text=text, content_sha256="0" * 64,
                published=published, province=province, pipeline_version="t",
                published_at=datetime.fromisoformat(published) if published else None)


HG = "Liên đoàn Lao động tỉnh Hà Giang"
HG_MEMBERS = ["Công đoàn ngành Giáo dục tỉnh Hà Giang", "Công đoàn ngành Y tế tỉnh Hà Giang",
              "Công đoàn Viên chức tỉnh Hà Giang", "Liên đoàn Lao động huyện Bắc Mê",
              "Liên đoàn Lao động thành phố Hà Giang"]


@pytest.fixture(scope="module")
def synth_ds(tmp_path_factory):
    """Three articles written by hand: exact inputs for the views."""
    ds = tmp_path_factory.mktemp("synth") / "dataset"
    write_table(ds, "articles", [article("a1", "Hà Giang", "2020-02-14T09:45"),
                                 article("a2", "Lạng Sơn", "2016-03-01"),
                                 article("a3", "Hà Giang", "2021-01-05")])
    write_table(ds, "sentences", [
        dict(article_id="a1", sent_index=0, start=0, end=30, text="Phong trào “Lao động giỏi”.", tokens=[],
             token_starts=[], token_ends=[]),
        dict(article_id="a1", sent_index=1, start=31, end=60, text="Đồng chí Trần Văn Minh phát biểu.", tokens=[],
             token_starts=[], token_ends=[]),
    ])
    camps = [("a1", "Lao động giỏi"), ("a1", "Giỏi việc nước - đảm việc nhà"), ("a1", "Lao động giỏi"),
             ("a2", "Giỏi việc nước, đảm việc nhà"), ("a2", "Lao động giỏi"), ("a3", "Giỏi việc nước, đảm việc nhà")]
    write_table(ds, "campaigns", [dict(prov(a, n), name=n, kind="phong_trao", campaign_id=campaign_id(n))
                                  for a, n in camps])
    c3 = cluster_id(HG, "Cụm thi đua số 3")
    write_table(ds, "clusters", [
        dict(prov("a1", "Cụm giao ước thi đua số 3"), canonical="Cụm thi đua số 3", cluster_id=c3, parent=HG,
             year=2020, leader="Liên đoàn Lao động thành phố Hà Giang", deputy=None, members=HG_MEMBERS),
        dict(prov("a3", "Cụm thi đua số 3"), canonical="Cụm thi đua số 3", cluster_id=c3, parent=HG, year=2021,
             leader="Công đoàn ngành Y tế tỉnh Hà Giang", deputy=None, members=HG_MEMBERS[:2]),
    ])
    write_table(ds, "cluster_members", [
        dict(prov("a3", "Công đoàn Viên chức tỉnh"), cluster="Cụm thi đua số 3", cluster_id=c3,
             member="Công đoàn Viên chức tỉnh Hà Giang", member_id=org_id("Công đoàn Viên chức tỉnh Hà Giang"),
             role="deputy", year=2021),
    ])
    from pipeline.identity import official_id
    oid = official_id("Trần Văn Minh", HG)
    write_table(ds, "officials", [
        dict(prov("a1", "Trần Văn Minh", 40, 1), name="Trần Văn Minh", title="Phó Chủ tịch Thường trực",
             organisation=HG, official_id=oid),
        dict(prov("a3", "Trần Văn Minh"), name="Trần Văn Minh", title="Chủ tịch", organisation=HG, official_id=oid),
        dict(prov("a3", "Trần Văn Minh"), name="Trần Văn Minh", title="Chủ tịch", organisation=HG, official_id=oid),
    ])
    write_table(ds, "mentions", [
        dict(prov("a1", "Lao động giỏi", 12, 0), kind="campaign", normalized="Lao động giỏi"),
        dict(prov("a1", "Trần Văn Minh", 40, 1), kind="official", normalized="Trần Văn Minh"),
        dict(prov("a2", "X", 0, 5), kind="date", normalized=None),
    ])
    return ds


# --------------------------------------------------------------------------- seeds: real extraction
def test_seed_dataset_has_the_five_articles(seed_ds):
    rows = q_csv(seed_ds, "SELECT source FROM articles ORDER BY source")
    # sources are identities: the resolved absolute path, however the run named the folder
    assert rows == [["source"]] + [[str(p.resolve())] for p in sorted((ROOT / "corpus/seeds").glob("*.txt"))]
    rows = q_csv(seed_ds, "SELECT count(*) AS n FROM sentences WHERE article_id IN (SELECT article_id FROM articles)")
    assert int(rows[1][0]) > 50


def test_seed_ha_giang_cluster_members(seed_ds):
    rows = q_csv(seed_ds, "SELECT cluster, parent, year, member, role FROM cluster_membership "
                          f"WHERE cluster = 'Cụm thi đua số 3' AND parent = '{HG}' ORDER BY member")
    assert rows == [["cluster", "parent", "year", "member", "role"]] + [
        ["Cụm thi đua số 3", HG, "2020", m, "leader" if m == "Liên đoàn Lao động thành phố Hà Giang" else "member"]
        for m in sorted(HG_MEMBERS)]
    # one clusters row per mention (with provenance); the listing mention carries the members
    rows = q_csv(seed_ds, "SELECT DISTINCT canonical, parent, members, leader, year FROM clusters "
                          "JOIN articles USING (article_id) WHERE province = 'Hà Giang' AND len(members) > 0")
    assert rows[1:] == [["Cụm thi đua số 3", HG, "; ".join(HG_MEMBERS),
                         "Liên đoàn Lao động thành phố Hà Giang", "2020"]]


LANG_SON_CAMPAIGNS = ["Lao động giỏi", "Lao động sáng tạo", "Giỏi việc nước, đảm việc nhà",
                      "Xanh – Sạch – Đẹp, bảo đảm an toàn vệ sinh lao động", "Văn hóa – Thể thao",
                      "Thi đua phục vụ sự nghiệp công nghiệp hóa, hiện đại hóa nông nghiệp và phát triển nông thôn",
                      "Lạng Sơn cùng cả nước chung sức xây dựng nông thôn mới"]


def test_lang_son_expectation_is_the_gold():
    gold = [json.loads(l) for l in GOLD.read_text(encoding="utf-8").splitlines() if l.strip()]
    (rec,) = [g for g in gold if g["article"].startswith("004_")]
    assert [c["text"] for c in rec["campaigns"]] == LANG_SON_CAMPAIGNS


def test_seed_lang_son_campaigns(seed_ds):
    rows = q_csv(seed_ds, "SELECT DISTINCT c.name FROM campaigns c JOIN articles a USING (article_id) "
                          "WHERE a.source LIKE '%004_597b5999805adbeb.txt' ORDER BY c.name")
    assert rows == [["name"]] + [[n] for n in sorted(LANG_SON_CAMPAIGNS)]
    # the view: one row per campaign in Lạng Sơn, ids by the identity rules
    rows = q_csv(seed_ds, "SELECT campaign_id FROM campaigns_by_year_province WHERE province = 'Lạng Sơn' "
                          "ORDER BY campaign_id")
    assert rows == [["campaign_id"]] + [[i] for i in sorted({campaign_id(n) for n in LANG_SON_CAMPAIGNS})]


def test_seed_campaign_identity_across_articles(seed_ds):
    """`Giỏi việc nước - đảm việc nhà` (Hà Giang) and `Giỏi việc nước, đảm việc nhà` (Lạng Sơn): one id."""
    rows = q_csv(seed_ds, "SELECT DISTINCT a.province, c.name, c.campaign_id FROM campaigns c JOIN articles a "
                          "USING (article_id) WHERE norm_key(c.name) = 'giỏi việc nước đảm việc nhà' ORDER BY 1")
    assert rows[1:] == [["Hà Giang", "Giỏi việc nước - đảm việc nhà", "cam_c0ccf8674bbf"],
                        ["Lạng Sơn", "Giỏi việc nước, đảm việc nhà", "cam_c0ccf8674bbf"]]


def test_seed_python_api(seed_ds):
    con = pipeline.open_dataset(seed_ds)
    n, = con.execute("SELECT count(*) FROM articles").fetchone()
    assert n == 5
    ids = {r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()}
    assert len(ids) == 5 and all(len(i) == 16 for i in ids)
    # every table and view answers
    for t in list(SCHEMAS) + list(VIEWS):
        con.execute(f"SELECT * FROM {t} LIMIT 1").fetchall()
    # offsets of every fact slice the stored text
    bad = con.execute("SELECT count(*) FROM mentions m JOIN articles a USING (article_id) "
                      "WHERE substr(a.text, m.start + 1, m.\"end\" - m.start) <> m.text").fetchone()[0]
    assert bad == 0
    with pytest.raises(Exception, match="disabled by configuration"):
        con.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()
    con.close()


# --------------------------------------------------------------------------- views on exact inputs
def test_view_campaigns_by_year_province(synth_ds):
    rows = q_csv(synth_ds, "SELECT * FROM campaigns_by_year_province ORDER BY year, province, name")
    g, l = campaign_id("Giỏi việc nước, đảm việc nhà"), campaign_id("Lao động giỏi")
    assert rows == [
        ["campaign_id", "name", "kind", "year", "province", "n_mentions", "n_articles"],
        [g, "Giỏi việc nước, đảm việc nhà", "phong_trao", "2016", "Lạng Sơn", "1", "1"],
        [l, "Lao động giỏi", "phong_trao", "2016", "Lạng Sơn", "1", "1"],
        [g, "Giỏi việc nước, đảm việc nhà", "phong_trao", "2020", "Hà Giang", "1", "1"],
        [l, "Lao động giỏi", "phong_trao", "2020", "Hà Giang", "2", "1"],
        [g, "Giỏi việc nước, đảm việc nhà", "phong_trao", "2021", "Hà Giang", "1", "1"],
    ]


def test_view_cluster_membership(synth_ds):
    rows = q_csv(synth_ds, "SELECT cluster, parent, province, year, member, role, n_articles FROM cluster_membership "
                           "ORDER BY year, member")
    assert rows == [["cluster", "parent", "province", "year", "member", "role", "n_articles"]] + [
        ["Cụm thi đua số 3", HG, "Hà Giang", "2020", m,
         "leader" if m == "Liên đoàn Lao động thành phố Hà Giang" else "member", "1"] for m in sorted(HG_MEMBERS)
    ] + [
        ["Cụm thi đua số 3", HG, "Hà Giang", "2021", "Công đoàn Viên chức tỉnh Hà Giang", "deputy", "1"],
        ["Cụm thi đua số 3", HG, "Hà Giang", "2021", "Công đoàn ngành Giáo dục tỉnh Hà Giang", "member", "1"],
        ["Cụm thi đua số 3", HG, "Hà Giang", "2021", "Công đoàn ngành Y tế tỉnh Hà Giang", "leader", "1"],
    ]
    rows = q_csv(synth_ds, "SELECT DISTINCT cluster_id, member_id FROM cluster_membership "
                           "WHERE member = 'Liên đoàn Lao động huyện Bắc Mê'")
    assert rows[1:] == [[cluster_id(HG, "Cụm thi đua số 3"), org_id("Liên đoàn Lao động huyện Bắc Mê")]]


def test_view_official_roles(synth_ds):
    rows = q_csv(synth_ds, "SELECT name, organisation, titles, n_mentions, n_articles, first_seen, last_seen "
                           "FROM official_roles")
    assert rows == [["name", "organisation", "titles", "n_mentions", "n_articles", "first_seen", "last_seen"],
                    ["Trần Văn Minh", HG, "Chủ tịch; Phó Chủ tịch Thường trực", "3", "2",
                     "2020-02-14T09:45:00", "2021-01-05T00:00:00"]]


def test_view_fact_sentences(synth_ds):
    rows = q_csv(synth_ds, "SELECT article_id, kind, text, sent_index, sentence FROM fact_sentences ORDER BY kind")
    assert rows == [["article_id", "kind", "text", "sent_index", "sentence"],
                    ["a1", "campaign", "Lao động giỏi", "0", "Phong trào “Lao động giỏi”."],
                    ["a2", "date", "X", "5", ""],
                    ["a1", "official", "Trần Văn Minh", "1", "Đồng chí Trần Văn Minh phát biểu."]]


# --------------------------------------------------------------------------- formats
def test_csv_is_header_then_rows_only(synth_ds):
    r = cli("query", "--dataset", str(synth_ds), "--format", "csv",
            "SELECT article_id, province, published_at FROM articles ORDER BY article_id")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout == ("article_id,province,published_at\n"
                        "a1,Hà Giang,2020-02-14T09:45:00\n"
                        "a2,Lạng Sơn,2016-03-01T00:00:00\n"
                        "a3,Hà Giang,2021-01-05T00:00:00\n")


def test_csv_quotes_lists_and_nulls(synth_ds):
    rows = q_csv(synth_ds, "SELECT members, deputy, 'a,\"b' AS q FROM clusters WHERE year = 2021")
    assert rows == [["members", "deputy", "q"],
                    ["; ".join(HG_MEMBERS[:2]), "", 'a,"b']]


def test_json_lines(synth_ds):
    r = cli("query", "--dataset", str(synth_ds), "--format", "json",
            "SELECT article_id, province, published_at, year(published_at) AS y, [1, 2] AS l FROM articles "
            "ORDER BY article_id LIMIT 2")
    assert r.returncode == 0, r.stderr
    assert [json.loads(l) for l in r.stdout.splitlines()] == [
        {"article_id": "a1", "province": "Hà Giang", "published_at": "2020-02-14T09:45:00", "y": 2020, "l": [1, 2]},
        {"article_id": "a2", "province": "Lạng Sơn", "published_at": "2016-03-01T00:00:00", "y": 2016, "l": [1, 2]},
    ]


def test_table_is_readable_and_truncates_wide_text(synth_ds, tmp_path):
    long = "Công đoàn " * 20
    r = cli("query", "--dataset", str(synth_ds), f"SELECT article_id, '{long}' AS t FROM articles ORDER BY 1")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[1].split("│")[1].strip() == "article_id" and "a1" in lines[3]
    assert all(len(l) < 70 for l in lines) and "…" in lines[3]
    assert lines[-2:] == ["(3 rows)", "(text cut at 40 characters; --max-width N shows more)"]
    r = cli("query", "--dataset", str(synth_ds), "--max-width", "300", f"SELECT '{long}' AS t FROM articles")
    assert r.returncode == 0 and long.strip() in r.stdout and "…" not in r.stdout
    assert r.stdout.splitlines()[-1] == "(3 rows)"


def test_table_caps_rows(synth_ds):
    r = cli("query", "--dataset", str(synth_ds), "SELECT * FROM range(1000)")
    assert r.returncode == 0
    assert r.stdout.splitlines()[-1] == "(200 of 1000 rows shown; --format csv, json or parquet give all)"


def test_parquet_needs_output_and_writes_rows(synth_ds, tmp_path):
    r = cli("query", "--dataset", str(synth_ds), "--format", "parquet", "SELECT * FROM articles")
    assert r.returncode == 2 and r.stderr.strip() == "error: --format parquet needs --output FILE"
    out = tmp_path / "o.parquet"
    r = cli("query", "--dataset", str(synth_ds), "--format", "parquet", "--output", str(out),
            "SELECT article_id, province FROM articles ORDER BY article_id")
    assert r.returncode == 0 and r.stdout == ""
    assert pq.read_table(out).to_pylist() == [{"article_id": "a1", "province": "Hà Giang"},
                                              {"article_id": "a2", "province": "Lạng Sơn"},
                                              {"article_id": "a3", "province": "Hà Giang"}]


def test_output_file_for_csv(synth_ds, tmp_path):
    out = tmp_path / "o.csv"
    r = cli("query", "--dataset", str(synth_ds), "--format", "csv", "--output", str(out),
            "SELECT article_id FROM articles ORDER BY 1")
    assert r.returncode == 0 and r.stdout == ""
    assert out.read_text(encoding="utf-8") == "article_id\na1\na2\na3\n"


def test_unwritable_output_is_one_line(synth_ds, tmp_path):
    r = cli("query", "--dataset", str(synth_ds), "--format", "csv", "--output", str(tmp_path / "no" / "dir.csv"),
            "SELECT 1")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert r.stderr.startswith("error: cannot write output file")


# --------------------------------------------------------------------------- refusals and errors
@pytest.mark.parametrize("sql, needle", [
    ("COPY articles TO '{tmp}/leak.csv'", "refused: COPY statement"),
    ("COPY (SELECT * FROM articles) TO '{tmp}/leak.parquet' (FORMAT parquet)", "refused: COPY statement"),
    ("CREATE TABLE t AS SELECT * FROM articles", "refused: CREATE statement"),
    ("CREATE VIEW v AS SELECT 1", "refused: CREATE statement"),
    ("INSERT INTO articles (article_id) VALUES ('x')", "refused: INSERT statement"),
    ("DELETE FROM articles", "refused: DELETE statement"),
    ("UPDATE articles SET title = 'x'", "refused: UPDATE statement"),
    ("DROP VIEW articles", "refused: DROP statement"),
    ("ATTACH '{tmp}/other.duckdb' AS o", "refused: ATTACH statement"),
    ("INSTALL httpfs", "refused: LOAD statement"),
    ("SET enable_external_access = true", "refused: SET statement"),
    ("EXPORT DATABASE '{tmp}/exp'", "refused: EXPORT statement"),
    ("PRAGMA enable_profiling", "refused: PRAGMA statement"),
    ("SELECT 1; SELECT 2", "refused: one SQL statement at a time (2 given)"),
    ("SELECT * FROM read_csv('/etc/passwd')", "refused: the query reaches outside the dataset"),
    ("SELECT * FROM read_parquet('{ds}/articles/*.parquet')", "refused: the query reaches outside the dataset"),
    ("SELECT * FROM glob('/etc/*')", "refused: the query reaches outside the dataset"),
    ("SELECT * FROM read_text('/etc/hostname')", "refused: the query reaches outside the dataset"),
    ("SELECT * FROM no_such_table", "SQL error: Catalog Error: Table with name no_such_table does not exist"),
    ("SELEC 1", "SQL error: Parser Error"),
    ("SELECT nope FROM articles", "SQL error: Binder Error"),
    ("", "empty SQL statement"),
])
def test_refused_and_bad_sql_is_one_line(synth_ds, tmp_path, sql, needle):
    sql = sql.format(tmp=tmp_path, ds=synth_ds)
    r = cli("query", "--dataset", str(synth_ds), "--format", "csv", sql)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], r.stderr
    assert sorted(os.listdir(tmp_path)) == []        # nothing was written


@pytest.mark.parametrize("sql", [
    "SELECT 1", "  select 1 ;  ", "WITH x AS (SELECT 1 AS a) SELECT a FROM x", "FROM articles", "VALUES (1)",
    "DESCRIBE articles", "SHOW TABLES", "SHOW articles", "SUMMARIZE articles", "PRAGMA table_info('articles')",
    "PRAGMA show_tables",
])
def test_read_statements_are_accepted(synth_ds, sql):
    assert check_sql(sql) == sql
    r = cli("query", "--dataset", str(synth_ds), "--format", "csv", sql)
    assert r.returncode == 0, r.stderr


def test_missing_dataset_is_one_line(tmp_path):
    r = cli("query", "--dataset", str(tmp_path / "nope"), "SELECT 1")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [
        f"error: dataset not found: {tmp_path / 'nope'} (create it with `python -m pipeline run ... --out "
        f"{tmp_path / 'nope'}`)"]
    with pytest.raises(UserError, match="dataset not found"):
        pipeline.open_dataset(tmp_path / "nope")


def test_a_folder_that_is_not_a_dataset_is_one_line(tmp_path, seed_ds):
    """A wrong --dataset (the corpus, the project folder) is an error, not 0 rows."""
    for wrong in (ROOT / "corpus", tmp_path):
        r = cli("query", "--dataset", str(wrong), "SELECT count(*) FROM articles")
        assert r.returncode == 2 and r.stderr.strip().splitlines() == [
            f"error: not a dataset: {wrong} (no _manifest.json and no table folder; create it with "
            f"`python -m pipeline run ... --out {wrong}`)"]


def test_xlsx_has_the_rows_and_cells_of_the_csv(seed_ds, tmp_path):
    import openpyxl
    sql = "SELECT * FROM cluster_years ORDER BY cluster_id, year"
    out = tmp_path / "c.xlsx"
    r = cli("query", "--dataset", str(seed_ds), "--format", "xlsx", "--output", str(out), sql)
    assert r.returncode == 0 and r.stdout == "", r.stderr
    ws = openpyxl.load_workbook(out, read_only=True)["query"]
    cells = [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]
    rows = q_csv(seed_ds, sql)
    assert len(cells) == len(rows) > 1
    as_csv = [[v if isinstance(v, str) else (v.isoformat() if hasattr(v, "isoformat") else str(v)) for v in row]
              for row in cells]
    assert as_csv == rows
    members = rows[0].index("members")
    assert any("; " in r[members] and not r[members].startswith("[") for r in rows[1:])
    assert any(isinstance(v, int) for v in cells[1])   # numbers stay numbers


def test_csv_bom_and_mismatched_output_name(synth_ds, tmp_path):
    out = tmp_path / "o.csv"
    r = cli("query", "--dataset", str(synth_ds), "--format", "csv", "--bom", "--output", str(out),
            "SELECT province FROM articles ORDER BY 1 LIMIT 1")
    assert r.returncode == 0
    assert out.read_bytes() == "\ufeffprovince\nHà Giang\n".encode("utf-8")
    r = cli("query", "--dataset", str(synth_ds), "--output", str(tmp_path / "x.xlsx"), "SELECT 1")
    assert r.returncode == 2 and r.stderr.strip() == (f"error: --output {tmp_path / 'x.xlsx'} is named .xlsx but "
                                                      "--format is table: add --format xlsx")
    assert not (tmp_path / "x.xlsx").exists()
    r = cli("query", "--dataset", str(synth_ds), "--format", "xlsx", "SELECT 1")
    assert r.returncode == 2 and r.stderr.strip() == "error: --format xlsx needs --output FILE"


def test_run_cli_in_process(synth_ds, capsys):
    assert run_cli("SELECT count(*) AS n FROM articles", str(synth_ds), "csv", None) == 0
    assert capsys.readouterr().out == "n\n3\n"
    with pytest.raises(UserError, match="refused: INSERT"):
        run_cli("INSERT INTO articles (article_id) VALUES ('x')", str(synth_ds), "csv", None)


# --------------------------------------------------------------------------- empty, old and uncommitted files
def test_empty_dataset_has_every_table_and_view(tmp_path):
    ds = tmp_path / "empty"
    (ds / "articles").mkdir(parents=True)   # a table folder with no file yet
    con = pipeline.open_dataset(ds)
    for t, schema in SCHEMAS.items():
        cur = con.execute(f"SELECT * FROM {t}")
        assert [d[0] for d in cur.description] == schema.names
        assert cur.fetchall() == []
    for v in VIEWS:
        assert con.execute(f"SELECT count(*) FROM {v}").fetchone() == (0,)
    assert [r[0] for r in con.execute("DESCRIBE campaigns_by_year_province").fetchall()] == [
        "campaign_id", "name", "kind", "year", "province", "n_mentions", "n_articles"]
    r = cli("query", "--dataset", str(ds), "--format", "csv", "SELECT * FROM officials")
    assert r.returncode == 0 and r.stdout == ",".join(SCHEMAS["officials"].names) + "\n"


def test_empty_table_folder_and_types(tmp_path):
    ds = tmp_path / "ds"
    (ds / "clusters").mkdir(parents=True)
    con = pipeline.open_dataset(ds)
    types = dict((r[0], r[1]) for r in con.execute("DESCRIBE clusters").fetchall())
    assert types["members"] == "VARCHAR[]" and types["year"] == "INTEGER" and types["start"] == "INTEGER"
    assert dict((r[0], r[1]) for r in con.execute("DESCRIBE articles").fetchall())["published_at"] == "TIMESTAMP_S"


def test_file_with_an_older_schema_reads_with_nulls(tmp_path):
    ds = tmp_path / "ds"
    (ds / "authors").mkdir(parents=True)
    old = pa.table({"article_id": ["a1"], "text": ["Mai Quý"], "name": ["Mai Quý"]})
    pq.write_table(old, ds / "authors" / "part-old.parquet")
    con = pipeline.open_dataset(ds)
    assert con.execute("SELECT name, start, method FROM authors").fetchall() == [("Mai Quý", None, None)]


def test_uncommitted_files_are_not_read(tmp_path):
    ds = tmp_path / "ds"
    write_table(ds, "authors", [dict(prov("a1", "A"), name="A")])
    write_table(ds, "authors", [dict(prov("a1", "B"), name="B")], name=".part-x.parquet")
    write_table(ds, "authors", [dict(prov("a1", "C"), name="C")], name="part-y.parquet.tmp")
    write_table(ds, "authors", [dict(prov("a1", "D"), name="D")], name="_tmp.parquet")
    assert [f.name for f in table_files(ds, "authors")] == ["part-test.parquet"]
    con = pipeline.open_dataset(ds)
    assert con.execute("SELECT name FROM authors").fetchall() == [("A",)]


def test_reads_the_stores_list_of_live_files(tmp_path, monkeypatch):
    """When the store names the committed files (its manifest), only those are read."""
    from pipeline import store
    ds = tmp_path / "ds"
    write_table(ds, "authors", [dict(prov("a1", "A"), name="A")], name="part-1.parquet")
    write_table(ds, "authors", [dict(prov("a1", "B"), name="B")], name="part-2.parquet")
    monkeypatch.setattr(store, "live_files",
                        lambda d, t: [Path(d) / t / "part-2.parquet"] if t == "authors" else [], raising=False)
    con = pipeline.open_dataset(ds)
    assert con.execute("SELECT name FROM authors").fetchall() == [("B",)]


def test_every_schema_table_is_a_view_named_like_it(synth_ds):
    rows = q_csv(synth_ds, "SHOW TABLES")
    assert sorted(r[0] for r in rows[1:]) == sorted(list(SCHEMAS) + list(VIEWS))


def test_dataset_card_documents_every_table_column_and_view():
    card = (ROOT / "docs" / "DATASET.md").read_text(encoding="utf-8")
    for table, schema in SCHEMAS.items():
        assert f"### `{table}`" in card, table
        for col in schema.names:
            assert f"`{col}`" in card, (table, col)
    for view in VIEWS:
        assert f"**`{view}`**" in card, view


def test_a_file_vanishing_while_opening_rereads_the_list(tmp_path, monkeypatch):
    """A run committing between the manifest read and the open: the list is read again."""
    from pipeline import store
    ds = tmp_path / "ds"
    write_table(ds, "authors", [dict(prov("a1", "A"), name="A")], name="part-new.parquet")
    calls = []

    def live(d, t):
        if t != "authors":
            return []
        calls.append(t)
        return [Path(d) / t / ("part-gone.parquet" if len(calls) == 1 else "part-new.parquet")]
    monkeypatch.setattr(store, "live_files", live, raising=False)
    con = pipeline.open_dataset(ds)
    assert con.execute("SELECT name FROM authors").fetchall() == [("A",)] and len(calls) == 2

    monkeypatch.setattr(store, "live_files", lambda d, t: [Path(d) / t / "part-gone.parquet"], raising=False)
    with pytest.raises(UserError, match="dataset file missing: .*part-gone.parquet"):
        pipeline.open_dataset(ds)


def test_a_corrupt_file_is_one_line(tmp_path):
    ds = tmp_path / "ds"
    (ds / "authors").mkdir(parents=True)
    (ds / "authors" / "part-bad.parquet").write_text("garbage")
    r = cli("query", "--dataset", str(ds), "SELECT * FROM authors")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot read the dataset:") and "part-bad.parquet" in lines[0]
