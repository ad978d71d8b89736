"""Ready-made views over the dataset tables, created by `pipeline.query.open_dataset`.

Each view answers a common question; its SQL is kept here, in order (later views may use
earlier ones). They are ordinary DuckDB views: `DESCRIBE campaigns_by_year_province` shows
their columns, and docs/DATASET.md describes them.
"""
from __future__ import annotations

VIEWS: dict[str, str] = {}

# One row per campaign, year of publication and province: how often it is mentioned.
# year: of `published_at` (else the first four characters of `published`); NULL when the
# article has no dateline.
# `name` is the campaign's most frequent surface form across the whole dataset (ties: the
# alphabetically first), `kind` likewise, so one campaign_id has one name and kind here.
VIEWS["campaigns_by_year_province"] = """
WITH names AS (
    SELECT campaign_id, name, kind, count(*) AS n,
           row_number() OVER (PARTITION BY campaign_id ORDER BY count(*) DESC, name, kind) AS rk
    FROM campaigns GROUP BY campaign_id, name, kind
)
SELECT c.campaign_id,
       any_value(n.name) AS name,
       any_value(n.kind) AS kind,
       coalesce(CAST(year(a.published_at) AS INTEGER), TRY_CAST(substr(a.published, 1, 4) AS INTEGER)) AS year,
       a.province,
       count(*) AS n_mentions,
       count(DISTINCT c.article_id) AS n_articles
FROM campaigns c
JOIN articles a USING (article_id)
JOIN names n ON n.campaign_id IS NOT DISTINCT FROM c.campaign_id AND n.rk = 1
GROUP BY c.campaign_id, year, a.province
"""

# One row per cluster, year and member unit, from both the `clusters` rows (their members
# list, leader and deputy) and the `cluster_members` rows. role: leader > deputy > member
# (a leader is also a member). member_id is the member's org_id (the SQL function
# `org_id()` registered by pipeline.query is pipeline.identity.org_id).
VIEWS["cluster_membership"] = """
WITH cl AS (
    SELECT c.*, a.province FROM clusters c JOIN articles a USING (article_id)
),
facts AS (
    SELECT cluster_id, canonical AS cluster, year, unnest(members) AS member, 'member' AS role, article_id FROM cl
    UNION ALL
    SELECT cluster_id, canonical, year, leader, 'leader', article_id FROM cl WHERE leader IS NOT NULL
    UNION ALL
    SELECT cluster_id, canonical, year, deputy, 'deputy', article_id FROM cl WHERE deputy IS NOT NULL
    UNION ALL
    SELECT cluster_id, cluster, year, member, coalesce(role, 'member'), article_id FROM cluster_members
),
info AS (
    SELECT cluster_id, min(canonical) AS cluster, min(parent) AS parent, min(province) AS province
    FROM cl GROUP BY cluster_id
),
grouped AS (
    SELECT f.cluster_id, f.year, f.member,
           min(f.cluster) AS fact_cluster,
           bool_or(f.role = 'leader') AS is_leader,
           bool_or(f.role = 'deputy') AS is_deputy,
           count(DISTINCT f.article_id) AS n_articles,
           list(DISTINCT f.article_id ORDER BY f.article_id) AS article_ids
    FROM facts f
    WHERE f.member IS NOT NULL
    GROUP BY f.cluster_id, f.year, f.member
)
SELECT g.cluster_id,
       coalesce(i.cluster, g.fact_cluster) AS cluster,
       i.parent,
       i.province,
       g.year,
       g.member,
       org_id(g.member) AS member_id,
       CASE WHEN g.is_leader THEN 'leader' WHEN g.is_deputy THEN 'deputy' ELSE 'member' END AS role,
       g.is_leader,
       g.n_articles,
       g.article_ids
FROM grouped g
LEFT JOIN info i USING (cluster_id)
"""

# One row per official (name + organisation): every title seen across articles.
VIEWS["official_roles"] = """
SELECT o.official_id,
       min(o.name) AS name,
       min(o.organisation) AS organisation,
       list(DISTINCT o.title ORDER BY o.title) FILTER (WHERE o.title IS NOT NULL) AS titles,
       count(*) AS n_mentions,
       count(DISTINCT o.article_id) AS n_articles,
       min(a.published_at) AS first_seen,
       max(a.published_at) AS last_seen,
       list(DISTINCT o.article_id ORDER BY o.article_id) AS article_ids
FROM officials o
JOIN articles a USING (article_id)
GROUP BY o.official_id
"""

# Every extracted fact (mentions) beside the sentence it came from.
VIEWS["fact_sentences"] = """
SELECT m.article_id, m.kind, m.text, m.normalized, m.start, m."end", m.sent_index, m.method,
       s.text AS sentence, s.start AS sentence_start, s."end" AS sentence_end
FROM mentions m
LEFT JOIN sentences s ON s.article_id = m.article_id AND s.sent_index = m.sent_index
"""

# One row per event, whichever articles report it. Records that share an event_id (same type,
# organiser identity and day, see pipeline.identity.event_id) are one event; a record that only
# knows the month joins the one day-dated event of its type, organiser and month, if there is
# exactly one. n_sources: distinct sites (the URL's host; the input file when there is no URL).
VIEWS["event_reports"] = """
WITH e AS (
    SELECT e.*, a.province, coalesce(regexp_extract(a.url, '^[a-zA-Z]+://([^/]+)', 1), a.source) AS site
    FROM events e JOIN articles a USING (article_id)
),
days AS (
    SELECT type, organiser_id, substr(date, 1, 7) AS month,
           min(event_id) AS day_id, count(DISTINCT event_id) AS n
    FROM e
    WHERE date_precision = 'day' AND organiser_id IS NOT NULL AND date NOT LIKE '--%'
    GROUP BY type, organiser_id, month
),
merged AS (
    SELECT e.*, CASE WHEN e.date_precision = 'month' AND d.n = 1 THEN d.day_id ELSE e.event_id END AS merged_id
    FROM e LEFT JOIN days d
      ON d.type = e.type AND d.organiser_id = e.organiser_id AND d.month = e.date
)
SELECT merged_id AS event_id,
       min(type) AS type,
       coalesce(max(date) FILTER (WHERE date_precision = 'day'), max(date)) AS date,
       mode(organiser) AS organiser,
       min(organiser_id) AS organiser_id,
       mode(place) AS place,
       mode(province) AS province,
       count(DISTINCT article_id) AS n_articles,
       count(DISTINCT site) AS n_sources,
       list(DISTINCT article_id ORDER BY article_id) AS article_ids
FROM merged
GROUP BY merged_id
"""

# One row per event in time order: what was held when and where, and how many articles report it.
VIEWS["event_timeline"] = """
SELECT date, type, organiser, place, province, n_articles, event_id
FROM event_reports
ORDER BY date NULLS LAST, type, organiser
"""
