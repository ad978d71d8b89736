"""Loading the domain knowledge kept as data under `models/`.

Rules live in data files, not in code (trafilatura's way): TSV tables with a header row
and plain word lists, one entry per line. Lines starting with `#` are comments; each file
opens with a comment saying where its content comes from.
"""
from __future__ import annotations

import json
import os
import unicodedata
from functools import lru_cache
from pathlib import Path

MODELS_DIR = Path(os.environ.get("THIDUA_MODELS", Path(__file__).resolve().parent.parent / "models"))


def models_dir() -> Path:
    return MODELS_DIR


def _lines(path: Path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = unicodedata.normalize("NFC", line.rstrip("\n"))
            if line.strip() and not line.lstrip().startswith("#"):
                yield line


@lru_cache(maxsize=None)
def load_list(name: str, base: str | None = None) -> tuple[str, ...]:
    """A word list (`models/<name>`), one entry per line, comments skipped."""
    return tuple(l.strip() for l in _lines(Path(base or MODELS_DIR) / name))


@lru_cache(maxsize=None)
def load_table(name: str, base: str | None = None) -> tuple[dict[str, str], ...]:
    """A TSV table (`models/<name>`) with a header row; empty cells become ''."""
    rows = _lines(Path(base or MODELS_DIR) / name)
    header = next(rows).split("\t")
    out = []
    for line in rows:
        cells = line.split("\t")
        cells += [""] * (len(header) - len(cells))
        out.append(dict(zip(header, (c.strip() for c in cells))))
    return tuple(out)


@lru_cache(maxsize=None)
def load_json(name: str, base: str | None = None):
    with open(Path(base or MODELS_DIR) / name, encoding="utf-8") as f:
        return json.load(f)
