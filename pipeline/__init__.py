"""thidua: Vietnamese trade-union news to an event dataset with provenance.

Stages (one module each, data flowing one way):
ingest -> clean -> segment -> extract -> store.
"""
from __future__ import annotations

__version__ = "0.1.0"


def open_dataset(path="dataset"):
    """A read-only DuckDB connection with one view per dataset table (see `pipeline.query`)."""
    from .query import open_dataset as _open
    return _open(path)


def read_table(name: str, dataset="dataset"):
    """One table or ready-made view of a dataset as a pandas DataFrame (list columns hold
    Python lists). `name` is a table of docs/DATASET.md (`cluster_years`, `officials`, ...)
    or a view (`cluster_membership`, ...); anything else is a UserError."""
    from .query import open_dataset as _open
    from .schema import SCHEMAS
    from .views import VIEWS
    if name not in SCHEMAS and name not in VIEWS:
        raise UserError(f"no table or view named {name!r}; tables: {', '.join(SCHEMAS)}; views: {', '.join(VIEWS)}")
    con = _open(dataset)
    try:
        return con.execute(f'SELECT * FROM "{name}"').df()
    finally:
        con.close()


def extract_text(text: str, *, title: str | None = None, published: str | None = None,
                 name: str = "text.txt") -> dict:
    """Extract one article given as a string: the record `thidua extract` prints (the gold
    format of docs/FIELDS.md). `title`/`published` are hints, used when the text shows none.
    Text that cannot become an article (empty, no body) is a UserError saying why."""
    from .ingest import _text_doc
    from .model import Reject
    from .process import process
    from .records import gold_record
    raw = _text_doc(name, "txt", text, (), title=title, published=published)
    res = raw if isinstance(raw, Reject) else process(raw)
    if isinstance(res, Reject):
        raise UserError(f"not an article: {res.reason}: {res.detail}")
    return gold_record(res)


class UserError(Exception):
    """A mistake by the user (bad path, bad option): reported as one line, never a traceback."""
