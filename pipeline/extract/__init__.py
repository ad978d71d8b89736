"""Extract stage: the registered spaCy components, one module per kind of fact.

Importing this package registers the factories named in `pipeline.nlp.COMPONENTS`.
"""
from __future__ import annotations

from . import metadata, dates, campaigns, organisations, clusters, officials, events  # noqa: F401
from ..nlp import run_extractors

__all__ = ["run_extractors"]
