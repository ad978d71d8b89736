"""Explicit Arrow schemas of every dataset table (documented in README's dataset card).

One sub-folder per table under the dataset folder. Every fact table carries provenance:
article_id, start/end (character offsets into `articles.text`), sent_index and method.

Columns are only ever added, nullable: files written before a column existed read with it
NULL (`store.read_parquet`, `pipeline.query`), so an older dataset loads and takes new runs.
`source_given` (articles, rejects, duplicates) is one: NULL in rows written before it.
"""
from __future__ import annotations

import pyarrow as pa

_PROV = [
    pa.field("start", pa.int32(), nullable=False),
    pa.field("end", pa.int32(), nullable=False),
    pa.field("sent_index", pa.int32(), nullable=False),
    pa.field("method", pa.string(), nullable=False),
]


def _fact(*fields: pa.Field) -> pa.Schema:
    return pa.schema([pa.field("article_id", pa.string(), nullable=False),
                      pa.field("text", pa.string(), nullable=False), *fields, *_PROV])


SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),      # the identity: resolved absolute path
        pa.field("source_given", pa.string()),       # the path as the run that wrote the row was given it (display)
        pa.field("fmt", pa.string()),
        pa.field("url", pa.string()),
        pa.field("site", pa.string()),              # the site's name, from a web page's metadata
        pa.field("title", pa.string()),
        pa.field("published_at", pa.timestamp("s")),
        pa.field("published", pa.string()),          # ISO text as extracted (minute or day precision)
        pa.field("province", pa.string()),
        pa.field("authors", pa.list_(pa.string())),
        pa.field("text", pa.string()),                # NULL when the run had --no-text
        pa.field("content_sha256", pa.string(), nullable=False),
        pa.field("n_sentences", pa.int32()),
        pa.field("n_tokens", pa.int32()),
        pa.field("repairs", pa.list_(pa.string())),
        pa.field("pipeline_version", pa.string(), nullable=False),
        pa.field("run_id", pa.string()),
    ]),
    "sentences": pa.schema([
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("sent_index", pa.int32(), nullable=False),
        pa.field("start", pa.int32(), nullable=False),
        pa.field("end", pa.int32(), nullable=False),
        pa.field("text", pa.string()),                # NULL when the run had --no-text
        pa.field("tokens", pa.list_(pa.string())),
        pa.field("token_starts", pa.list_(pa.int32())),
        pa.field("token_ends", pa.list_(pa.int32())),
    ]),
    "mentions": _fact(
        pa.field("kind", pa.string(), nullable=False),
        pa.field("normalized", pa.string()),
    ),
    "dates": _fact(
        pa.field("value", pa.string(), nullable=False),
        pa.field("precision", pa.string()),
        pa.field("role", pa.string()),
    ),
    "periods": _fact(
        pa.field("start_year", pa.int32()),
        pa.field("end_year", pa.int32()),
    ),
    "campaigns": _fact(
        pa.field("name", pa.string(), nullable=False),
        pa.field("kind", pa.string()),
        pa.field("campaign_id", pa.string()),
    ),
    "organisations": _fact(
        pa.field("canonical", pa.string()),
        pa.field("org_id", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("level", pa.string()),
        pa.field("place", pa.string()),
    ),
    "clusters": _fact(
        pa.field("canonical", pa.string(), nullable=False),
        pa.field("cluster_id", pa.string()),
        pa.field("parent", pa.string()),
        pa.field("year", pa.int32()),
        pa.field("leader", pa.string()),
        pa.field("deputy", pa.string()),
        pa.field("members", pa.list_(pa.string())),
    ),
    "cluster_members": _fact(
        pa.field("cluster", pa.string(), nullable=False),
        pa.field("cluster_id", pa.string()),
        pa.field("member", pa.string(), nullable=False),
        pa.field("member_id", pa.string()),
        pa.field("role", pa.string()),
        pa.field("year", pa.int32()),
    ),
    "officials": _fact(
        pa.field("name", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("organisation", pa.string()),
        pa.field("official_id", pa.string()),
    ),
    "authors": _fact(
        pa.field("name", pa.string(), nullable=False),
    ),
    "events": _fact(
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("type", pa.string(), nullable=False),
        pa.field("date", pa.string()),
        pa.field("date_precision", pa.string()),
        pa.field("organiser", pa.string()),
        pa.field("organiser_id", pa.string()),
        pa.field("organiser_kind", pa.string()),
        pa.field("place", pa.string()),
        pa.field("participants", pa.list_(pa.string())),
    ),
    "rejects": pa.schema([
        pa.field("source", pa.string(), nullable=False),
        pa.field("source_given", pa.string()),       # the path as the run that wrote the row was given it (display)
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string()),
        pa.field("run_id", pa.string()),
    ]),
    "duplicates": pa.schema([
        pa.field("source", pa.string(), nullable=False),
        pa.field("source_given", pa.string()),       # the path as the run that wrote the row was given it (display)
        pa.field("duplicate_of", pa.string(), nullable=False),   # article_id of the first copy
        pa.field("content_sha256", pa.string(), nullable=False),
        pa.field("run_id", pa.string()),
    ]),
    "runs": pa.schema([
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("started_at", pa.timestamp("ms")),
        pa.field("ended_at", pa.timestamp("ms")),
        pa.field("inputs_seen", pa.int64()),
        pa.field("processed", pa.int64()),
        pa.field("skipped", pa.int64()),
        pa.field("duplicates", pa.int64()),
        pa.field("rejected", pa.int64()),
        pa.field("pipeline_version", pa.string()),
        pa.field("workers", pa.int32()),
        pa.field("status", pa.string()),
        pa.field("unsupported", pa.int64()),        # inputs of kinds not read, skipped (--skip-unsupported)
        pa.field("detail", pa.string()),      # what the run repaired, or why it failed
    ]),
    # Entity tables: one row per entity, rebuilt from the fact tables at the end of each run
    # (pipeline/entities.py), with the user's aliases (aliases.tsv in the dataset) applied.
    "cluster_years": pa.schema([
        pa.field("cluster_id", pa.string(), nullable=False),
        pa.field("canonical", pa.string(), nullable=False),
        pa.field("number", pa.string()),                # as written: "5", "IV"
        pa.field("province", pa.string()),
        pa.field("parent", pa.string()),
        pa.field("year", pa.int32()),
        pa.field("leader", pa.string()),
        pa.field("deputy", pa.string()),
        pa.field("members", pa.list_(pa.string())),
        pa.field("n_members", pa.int32()),
        pa.field("n_articles", pa.int32()),
        pa.field("article_ids", pa.list_(pa.string())),
        pa.field("first_seen", pa.timestamp("s")),
        pa.field("last_seen", pa.timestamp("s")),
    ]),
    "organisation_entities": pa.schema([
        pa.field("org_id", pa.string(), nullable=False),
        pa.field("canonical", pa.string(), nullable=False),
        pa.field("kind", pa.string()),
        pa.field("level", pa.string()),
        pa.field("province", pa.string()),
        pa.field("aliases", pa.list_(pa.string())),
        pa.field("n_mentions", pa.int32()),
        pa.field("n_articles", pa.int32()),
        pa.field("first_seen", pa.timestamp("s")),
        pa.field("last_seen", pa.timestamp("s")),
    ]),
    "people": pa.schema([
        pa.field("person_id", pa.string(), nullable=False),
        pa.field("name", pa.string(), nullable=False),
        pa.field("aliases", pa.list_(pa.string())),
        pa.field("official_ids", pa.list_(pa.string())),
        pa.field("organisations", pa.list_(pa.string())),
        pa.field("provinces", pa.list_(pa.string())),
        pa.field("titles", pa.list_(pa.string())),
        pa.field("roles", pa.list_(pa.string())),       # "YYYY-MM-DD title, organisation", oldest first
        pa.field("n_mentions", pa.int32()),
        pa.field("n_articles", pa.int32()),
        pa.field("first_seen", pa.timestamp("s")),
        pa.field("last_seen", pa.timestamp("s")),
    ]),
}

# Tables whose rows all belong to one article (replaced as a whole when it is reprocessed).
ARTICLE_TABLES = ("articles", "sentences", "mentions", "dates", "periods", "campaigns",
                  "organisations", "clusters", "cluster_members", "officials", "authors", "events")

# Tables rebuilt as a whole from the fact tables at the end of every run (pipeline/entities.py).
ENTITY_TABLES = ("cluster_years", "organisation_entities", "people")
