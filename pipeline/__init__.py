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


class UserError(Exception):
    """A mistake by the user (bad path, bad option): reported as one line, never a traceback."""
