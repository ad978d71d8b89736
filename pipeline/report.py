"""Review pages: one article with its facts highlighted (`thidua show`), and one page for a
whole dataset (`thidua report`).

Both are self-contained HTML (inline CSS and a few lines of script, nothing fetched), so they
open from disk, can be mailed, and can be checked in a headless browser. Facts are drawn in
displaCy's span style: each fact is underlined by a coloured bar on its own track, its label
sits above its first characters, and overlapping facts (an organisation inside an official's
span) stack. Beside the text, a table lists every fact with its canonical form, id and rule;
a row and its highlight share an anchor (`#fact-N`).

Everything here reads the dataset (`pipeline.open_dataset`); nothing is extracted again.
"""
from __future__ import annotations

import html
import os
from collections import defaultdict
from pathlib import Path

from . import UserError

# kind of fact -> (label, colour); the labels are the spaCy span labels (pipeline.nlp.SPAN_LABELS)
KINDS = {
    "published": ("PUBLISHED", "#c9d6df"), "date": ("DATE", "#bfe1ff"), "period": ("PERIOD", "#a5d8ff"),
    "author": ("AUTHOR", "#e0c3fc"), "organisation": ("ORG", "#ffd8a8"), "cluster": ("CLUSTER", "#b2f2bb"),
    "cluster_member": ("CLUSTER_MEMBER", "#ffc9c9"), "official": ("OFFICIAL", "#fcc2d7"),
    "campaign": ("CAMPAIGN", "#fff3bf"),
}
TRACK = 6      # px between two stacked underline bars

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
header{padding:1rem 2rem;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
main{padding:1rem 2rem}.meta{color:#555;font-size:.9rem}
.review{display:flex;gap:2rem;align-items:flex-start}
.text{flex:3;background:#fff;padding:1rem 1.5rem;border:1px solid #ddd;white-space:pre-wrap;line-height:3.2;
 font-size:15px;max-width:60rem}
.facts{flex:2;position:sticky;top:0;max-height:100vh;overflow:auto}
table{border-collapse:collapse;background:#fff;font-size:.85rem;width:100%}
th,td{border:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#f1f3f5;position:sticky;top:0}td.num{text-align:right}
.hl{position:relative;display:inline;white-space:pre-wrap}
.bar{position:absolute;left:0;right:0;height:4px;border-radius:1px;pointer-events:none}
.start{position:absolute;left:-1px;font-size:.6em;font-weight:bold;line-height:1;padding:2px 3px;border-radius:3px;
 color:#000;white-space:nowrap;z-index:2;text-decoration:none}
.kind{display:inline-block;padding:0 .3rem;border-radius:3px;font-size:.75rem;font-weight:bold}
tr.target,tr:target{outline:2px solid #1c7ed6}.hl.target{outline:2px solid #1c7ed6}
.legend span{margin-right:.6rem}.note{color:#666;font-size:.85rem}
input[type=search]{padding:.3rem;width:20rem;margin:.3rem 0}
"""

# Clicking a fact's row shows its highlight, and the other way round; typing in a table's
# search box filters its rows. `data-ready` on <body> tells a test the script ran to its end.
SCRIPT = """
(function(){
  function mark(id){
    document.querySelectorAll('.target').forEach(function(e){e.classList.remove('target');});
    document.querySelectorAll('[data-fact="'+id+'"]').forEach(function(e){
      var box = e.closest('.hl') || e.closest('tr'); if (box) box.classList.add('target');});
  }
  document.querySelectorAll('tr[data-fact], .start[data-fact]').forEach(function(e){
    e.addEventListener('click', function(){ mark(e.getAttribute('data-fact')); });
  });
  document.querySelectorAll('input[data-filter]').forEach(function(box){
    var table = document.getElementById(box.getAttribute('data-filter'));
    box.addEventListener('input', function(){
      var q = box.value.toLowerCase();
      table.querySelectorAll('tbody tr').forEach(function(r){
        r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';});
    });
  });
  document.body.setAttribute('data-ready', '1');
})();
"""

# fact kind -> (table, columns shown as the canonical form, id column)
_TYPED = {
    "organisation": ("organisations", ("canonical",), "org_id"),
    "cluster": ("clusters", ("canonical",), "cluster_id"),
    "cluster_member": ("cluster_members", ("member", "role", "cluster"), "member_id"),
    "official": ("officials", ("name", "title", "organisation"), "official_id"),
    "campaign": ("campaigns", ("name", "kind"), "campaign_id"),
    "date": ("dates", ("value",), None),
    "published": ("dates", ("value",), None),
    "period": ("periods", ("start_year", "end_year"), None),
    "author": ("authors", ("name",), None),
}


def _e(v) -> str:
    return "" if v is None else html.escape(str(v))


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body>{body}"
            f"<script>{SCRIPT}</script></body></html>\n")


def _rows(con, sql: str, params=()) -> list[dict]:
    cur = con.execute(sql, list(params))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


# --------------------------------------------------------------------------- one article
def article_facts(con, article_id: str) -> tuple[dict, list[dict]]:
    """The article's row and its facts (the `mentions` rows, in text order), each with its
    canonical form and id from the typed table it comes from."""
    arts = _rows(con, "SELECT * FROM articles WHERE article_id = ?", [article_id])
    if not arts:
        raise UserError(f"no article {article_id!r} in the dataset (list them with: "
                        "thidua query \"SELECT article_id, title FROM articles\")")
    facts = _rows(con, 'SELECT kind, text, normalized, start, "end", sent_index, method FROM mentions '
                       'WHERE article_id = ? ORDER BY start, "end" DESC, kind, method', [article_id])
    typed: dict[tuple, list[dict]] = defaultdict(list)
    for kind, (table, cols, idcol) in _TYPED.items():
        if kind == "published":
            continue
        sel = ", ".join([f'"{c}"' for c in cols] + ([f'"{idcol}"'] if idcol else []))
        for r in _rows(con, f'SELECT start, "end", method, {sel} FROM {table} WHERE article_id = ? '
                            f'ORDER BY start, "end"', [article_id]):
            typed[(kind, r["start"], r["end"], r["method"])].append(r)
    for f in facts:
        kind = "date" if f["kind"] == "published" else f["kind"]
        got = typed.get((kind, f["start"], f["end"], f["method"]))
        row = got.pop(0) if got else None
        _table, cols, idcol = _TYPED.get(f["kind"], (None, (), None))
        if row is not None:
            vals = [row[c] for c in cols if row.get(c) is not None]
            if f["kind"] == "period":
                vals = [f"{row['start_year']}–{row['end_year']}"]
            f["canonical"] = " · ".join(str(v) for v in vals) or f["normalized"]
            f["id"] = row.get(idcol) if idcol else None
        else:
            f["canonical"], f["id"] = f["normalized"], None
    return arts[0], facts


def _tracks(facts: list[dict]) -> list[int]:
    """A track (stacking level) per fact, so that overlapping facts never share one."""
    ends: list[int] = []   # per track, the end of the last fact placed on it
    out = []
    for f in facts:
        for t, end in enumerate(ends):
            if end <= f["start"]:
                ends[t] = f["end"]
                out.append(t)
                break
        else:
            ends.append(f["end"])
            out.append(len(ends) - 1)
    return out


def render_text(text: str, facts: list[dict]) -> str:
    """`text` with every fact drawn as a bar under its characters and its label above its
    start (the text is cut at every fact boundary; each piece carries the bars of the facts
    covering it)."""
    tracks = _tracks(facts)
    cuts = sorted({0, len(text)} | {f["start"] for f in facts} | {f["end"] for f in facts})
    starts_at: dict[int, list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        starts_at[f["start"]].append(i)
    out = []
    active: list[int] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [i for i in active if facts[i]["end"] > a] + starts_at.get(a, [])
        piece = _e(text[a:b])
        if not active:
            out.append(piece)
            continue
        bars = "".join(
            f'<span class="bar" data-fact="{i}" style="background:{KINDS.get(facts[i]["kind"], ("", "#ddd"))[1]};'
            f'bottom:{-4 - TRACK * tracks[i]}px"></span>' for i in active)
        labels = "".join(
            f'<a class="start" id="fact-{i}" href="#row-{i}" data-fact="{i}" data-kind="{_e(facts[i]["kind"])}" '
            f'title="{_e(facts[i]["canonical"])}" style="background:{KINDS.get(facts[i]["kind"], ("", "#ddd"))[1]};'
            f'top:{-13 - 12 * tracks[i]}px">{_e(KINDS.get(facts[i]["kind"], (facts[i]["kind"],))[0])}</a>'
            for i in starts_at.get(a, []))
        out.append(f'<span class="hl" data-facts="{" ".join(map(str, active))}">{labels}{piece}{bars}</span>')
    return "".join(out)


def _legend() -> str:
    return '<p class="legend">' + "".join(
        f'<span><span class="kind" style="background:{c}">{l}</span></span>' for l, c in KINDS.values()) + "</p>"


def render_article(article: dict, facts: list[dict], back: str | None = None) -> str:
    """The review page of one article (see the module docstring)."""
    aid = article["article_id"]
    title = article.get("title") or "(no title)"
    meta = " · ".join(_e(x) for x in (aid, article.get("province"), article.get("published"), article.get("source"))
                      if x)
    nav = f'<p><a href="{_e(back)}">← dataset report</a></p>' if back else ""
    text = article.get("text")
    if text is None:
        body_text = ('<div class="text note">The text of this article is not stored (the dataset was built with '
                     '--no-text). The facts and their offsets are listed beside.</div>')
    else:
        body_text = f'<div class="text" id="text">{render_text(text, facts)}</div>'
    rows = "".join(
        f'<tr id="row-{i}" data-fact="{i}"><td class="num"><a href="#fact-{i}">{i + 1}</a></td>'
        f'<td><span class="kind" style="background:{KINDS.get(f["kind"], ("", "#ddd"))[1]}">'
        f'{_e(KINDS.get(f["kind"], (f["kind"],))[0])}</span></td><td>{_e(f["text"])}</td><td>{_e(f["canonical"])}</td>'
        f'<td><code>{_e(f["id"])}</code></td><td><code>{_e(f["method"])}</code></td>'
        f'<td class="num">{f["start"]}–{f["end"]}</td></tr>' for i, f in enumerate(facts))
    table = ('<table id="facts"><thead><tr><th>#</th><th>kind</th><th>text</th><th>canonical</th><th>id</th>'
             f'<th>rule</th><th>offsets</th></tr></thead><tbody>{rows}</tbody></table>')
    body = (f"<header>{nav}<h1>{_e(title)}</h1><p class=\"meta\">{meta}</p>{_legend()}</header><main>"
            f'<div class="review">{body_text}<div class="facts"><p class="note">{len(facts)} facts</p>{table}'
            f"</div></div></main>")
    return _page(f"{title} – thidua", body)


def show(dataset: str | Path, article_id: str) -> str:
    """The review page of `article_id` in `dataset`, as HTML."""
    from .query import open_dataset
    con = open_dataset(dataset)
    try:
        art, facts = article_facts(con, article_id)
    finally:
        con.close()
    return render_article(art, facts)


# --------------------------------------------------------------------------- the dataset
def _table(rows: list[dict], cols: list[str], tid: str | None = None, links: dict[str, str] | None = None) -> str:
    def cell(c, v):
        if isinstance(v, (list, tuple)):
            v = "; ".join(str(x) for x in v if x is not None)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return f'<td class="num">{v}</td>'
        if links and c in links and v is not None:
            return f'<td><a href="{_e(links[c].format(v))}">{_e(v)}</a></td>'
        return f"<td>{_e(v)}</td>"
    head = "".join(f"<th>{_e(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(cell(c, r.get(c)) for c in cols) + "</tr>" for r in rows)
    filt = (f'<input type="search" placeholder="filter rows" data-filter="{tid}" aria-label="filter {tid}">'
            if tid else "")
    return f'{filt}<table{f" id={chr(34)}{tid}{chr(34)}" if tid else ""}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def report(dataset: str | Path, out: str | Path) -> tuple[Path, int]:
    """Write the dataset's report to `out`, and each article's review page to the folder
    `<out stem>_articles/` beside it (linked from the report). Returns (report path, pages)."""
    from .query import open_dataset
    out = Path(out)
    pages = out.parent / f"{out.stem}_articles"
    con = open_dataset(dataset)
    try:
        counts = _rows(con, """
            SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM duplicates) AS duplicates,
                   (SELECT count(*) FROM rejects) AS rejects, (SELECT count(*) FROM mentions) AS facts,
                   (SELECT count(*) FROM cluster_years) AS cluster_years,
                   (SELECT count(*) FROM organisation_entities) AS organisations,
                   (SELECT count(*) FROM people) AS people, (SELECT count(*) FROM runs) AS runs""")[0]
        rejects = _rows(con, "SELECT reason, count(*) AS n FROM rejects GROUP BY reason ORDER BY n DESC, reason")
        per_year = _rows(con, """
            SELECT m.kind, coalesce(CAST(year(a.published_at) AS VARCHAR), '(no date)') AS year, count(*) AS n
            FROM mentions m JOIN articles a USING (article_id) GROUP BY ALL ORDER BY year, m.kind""")
        per_province = _rows(con, """
            SELECT coalesce(province, '(unknown)') AS province, count(DISTINCT cluster_id) AS clusters,
                   count(*) AS cluster_years, min(year) AS first_year, max(year) AS last_year
            FROM cluster_years GROUP BY ALL ORDER BY clusters DESC, province""")
        clusters = _rows(con, "SELECT canonical, number, province, parent, year, leader, n_members, members, "
                              "n_articles FROM cluster_years ORDER BY province, canonical, year")
        orgs = _rows(con, "SELECT org_id, canonical, kind, level, province, n_articles, aliases "
                          "FROM organisation_entities ORDER BY n_articles DESC, canonical")
        people = _rows(con, "SELECT person_id, name, provinces, roles, n_articles FROM people ORDER BY name")
        arts = _rows(con, """SELECT a.article_id, a.title, a.province, a.published,
                                    (SELECT count(*) FROM mentions m WHERE m.article_id = a.article_id) AS facts
                             FROM articles a ORDER BY a.published_at NULLS LAST, a.article_id""")
        try:
            pages.mkdir(parents=True, exist_ok=True)
            for a in arts:
                art, facts = article_facts(con, a["article_id"])
                (pages / f"{a['article_id']}.html").write_text(
                    render_article(art, facts, back=f"../{out.name}"), encoding="utf-8")
        except OSError as e:
            raise UserError(f"cannot write the article pages to {pages}: {e.strerror or e}") from None
    finally:
        con.close()
    kinds = sorted({r["kind"] for r in per_year})
    years = sorted({r["year"] for r in per_year})
    grid = {(r["kind"], r["year"]): r["n"] for r in per_year}
    per_year_rows = [dict(kind=k, **{y: grid.get((k, y), 0) for y in years}) for k in kinds]
    link = f"{pages.name}/{{}}.html"
    body = (
        f"<header><h1>Dataset report</h1><p class=\"meta\">{_e(os.path.abspath(dataset))}</p></header><main>"
        "<h2>Counts</h2>" + _table([counts], list(counts)) +
        ("<h2>Rejects by reason</h2>" + _table(rejects, ["reason", "n"]) if rejects else "") +
        "<h2>Facts per kind and year of publication</h2>" + _table(per_year_rows, ["kind", *years]) +
        "<h2>Clusters per province</h2>" + _table(per_province, list(per_province[0]) if per_province else
                                                  ["province", "clusters"]) +
        "<h2>Cluster-years</h2>" + _table(clusters, ["canonical", "number", "province", "parent", "year", "leader",
                                                     "n_members", "members", "n_articles"], "t-clusters") +
        "<h2>Organisations</h2>" + _table(orgs, ["canonical", "kind", "level", "province", "n_articles", "aliases",
                                                  "org_id"], "t-orgs") +
        "<h2>People</h2>" + _table(people, ["name", "provinces", "roles", "n_articles", "person_id"], "t-people") +
        "<h2>Articles</h2><p class=\"note\">Each links to its review page: the text with every fact "
        "highlighted.</p>" + _table(arts, ["article_id", "title", "province", "published", "facts"], "t-articles",
                                    links={"article_id": link}) +
        "</main>")
    try:
        out.write_text(_page("thidua dataset report", body), encoding="utf-8")
    except OSError as e:
        raise UserError(f"cannot write {out}: {e.strerror or e}") from None
    return out, len(arts)
