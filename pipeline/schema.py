"""Explicit Arrow schemas of every dataset table (documented in README's dataset card).

One sub-folder per table under the dataset folder. Every fact table carries provenance:
article_id, start/end (character offsets into `articles.text`), sent_index and method.
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
        pa.field("source", pa.string(), nullable=False),
        pa.field("fmt", pa.string()),
        pa.field("url", pa.string()),
        pa.field("title", pa.string()),
        pa.field("published_at", pa.timestamp("s")),
        pa.field("published", pa.string()),          # ISO text as extracted (minute or day precision)
        pa.field("province", pa.string()),
        pa.field("authors", pa.list_(pa.string())),
        pa.field("text", pa.string(), nullable=False),
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
        pa.field("text", pa.string(), nullable=False),
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
    "rejects": pa.schema([
        pa.field("source", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string()),
        pa.field("run_id", pa.string()),
    ]),
    "duplicates": pa.schema([
        pa.field("source", pa.string(), nullable=False),
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
        pa.field("detail", pa.string()),      # what the run repaired, or why it failed
    ]),
}

# Tables whose rows all belong to one article (replaced as a whole when it is reprocessed).
ARTICLE_TABLES = ("articles", "sentences", "mentions", "dates", "periods", "campaigns",
                  "organisations", "clusters", "cluster_members", "officials", "authors")
