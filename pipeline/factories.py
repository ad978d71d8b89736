"""What spaCy's entry points name (pyproject.toml: `spacy_factories`, `spacy_tokenizers`).

With the package installed, `spacy.load("models/pipeline")` works in any process without
importing `pipeline` first: spaCy looks a factory it does not know up among the entry points,
which import this module, which registers every component (and the `doc._` extensions).
"""
from __future__ import annotations

from . import extract as _extract  # noqa: F401  registers the extractor factories
from .nlp import FACTORIES, create_tokenizer  # noqa: F401

thidua_metadata = FACTORIES["thidua_metadata"]
thidua_dates = FACTORIES["thidua_dates"]
thidua_periods = FACTORIES["thidua_periods"]
thidua_campaigns = FACTORIES["thidua_campaigns"]
thidua_organisations = FACTORIES["thidua_organisations"]
thidua_clusters = FACTORIES["thidua_clusters"]
thidua_officials = FACTORIES["thidua_officials"]
thidua_events = FACTORIES["thidua_events"]
thidua_spans = FACTORIES["thidua_spans"]
