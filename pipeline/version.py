"""The pipeline version recorded on every article: package version + a digest of the rules
and code, so that changing a rule file or an extractor makes older rows stale."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from . import __version__
from .resources import models_dir


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    h = hashlib.sha256()
    roots = [Path(__file__).resolve().parent, models_dir()]
    for root in roots:
        if not root.exists():
            continue
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.suffix in {".py", ".tsv", ".txt", ".json", ".jsonl", ".cfg"} \
                    and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(root)).encode())
                h.update(p.read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"
