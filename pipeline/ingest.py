"""Ingest stage: turn paths (files, folders, globs) into RawDocuments or Rejects.

Minimal version; hardened by the hostile-input work (encodings, binary, size limits).
"""
from __future__ import annotations

import glob
import json
import os
from pathlib import Path
from typing import Iterator

from . import UserError
from .model import RawDocument, Reject

SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def expand(inputs: list[str]) -> list[Path]:
    """Files named by the inputs (folders recursively, globs expanded), sorted, unique."""
    files: list[Path] = []
    for inp in inputs:
        matches = glob.glob(inp, recursive=True) if any(c in inp for c in "*?[") else [inp]
        if not matches or not all(os.path.exists(m) for m in matches):
            raise UserError(f"input not found: {inp}")
        for m in matches:
            p = Path(m)
            if p.is_dir():
                files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                                    and not any(part.startswith(".") for part in f.relative_to(p).parts)))
            else:
                files.append(p)
    seen, out = set(), []
    for f in files:
        if f not in seen:
            seen.add(f)
            out.append(f)
    return out


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Reject]:
    src = str(path)
    fmt = SUFFIXES.get(path.suffix.lower(), "txt")
    try:
        data = path.read_bytes()
    except OSError as e:
        yield Reject(src, "unreadable", str(e))
        return
    if len(data) > max_bytes:
        yield Reject(src, "too_large", f"{len(data)} bytes > limit {max_bytes}")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        yield Reject(src, "undecodable", str(e))
        return
    if fmt == "jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            s = f"{src}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                yield Reject(s, "bad_json", str(e))
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("text") or rec.get("html"), str):
                yield Reject(s, "bad_record", "needs a string `text` or `html`")
                continue
            yield RawDocument(s, "jsonl", text=rec.get("text") if isinstance(rec.get("text"), str) else None,
                              html=rec.get("html") if isinstance(rec.get("html"), str) else None,
                              url=rec.get("url"), title=rec.get("title"), published=rec.get("published"))
    elif fmt == "html":
        yield RawDocument(src, "html", html=text)
    else:
        yield RawDocument(src, "txt", text=text)


def iter_inputs(inputs: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Reject]:
    for path in expand(inputs):
        yield from read_file(path, max_bytes)
