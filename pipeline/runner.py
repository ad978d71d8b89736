"""Batch runs: inputs -> dataset. Minimal sequential version (parallel, incremental,
resumable and Dask runs come with the batch-run work)."""
from __future__ import annotations

import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from .ingest import DEFAULT_MAX_BYTES, iter_inputs
from .model import Reject
from .process import process
from .records import article_rows, reject_row
from .store import DatasetWriter
from .version import pipeline_version


@dataclass
class RunSummary:
    run_id: str
    inputs_seen: int = 0
    processed: int = 0
    skipped: int = 0
    duplicates: int = 0
    rejected: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.inputs_seen} inputs: {self.processed} articles written, {self.skipped} unchanged, "
                f"{self.duplicates} duplicates, {self.rejected} rejected in {self.seconds:.1f}s")


def run(inputs: list[str], out: str, workers: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
        progress: bool = True, **_ignored) -> RunSummary:
    run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    summary = RunSummary(run_id)
    t0 = time.time()
    started = datetime.now(timezone.utc).replace(tzinfo=None)
    writer = DatasetWriter(out, run_id)
    version = pipeline_version()
    seen_hashes: dict[str, str] = {}
    items = iter_inputs(inputs, max_bytes)
    if progress and sys.stderr.isatty():
        from tqdm import tqdm
        items = tqdm(items, unit="doc", file=sys.stderr)
    for item in items:
        summary.inputs_seen += 1
        result = item if isinstance(item, Reject) else process(item)
        if isinstance(result, Reject):
            summary.rejected += 1
            writer.add({"rejects": [reject_row(result, run_id)]})
            continue
        if result.content_sha256 in seen_hashes:
            summary.duplicates += 1
            writer.add({"duplicates": [dict(source=result.doc.clean.source, duplicate_of=seen_hashes[result.content_sha256],
                                            content_sha256=result.content_sha256, run_id=run_id)]})
            continue
        seen_hashes[result.content_sha256] = result.article_id
        summary.processed += 1
        writer.add(article_rows(result, version, run_id))
    summary.seconds = time.time() - t0
    writer.add({"runs": [dict(run_id=run_id, started_at=started, ended_at=datetime.now(timezone.utc).replace(tzinfo=None),
                              inputs_seen=summary.inputs_seen, processed=summary.processed, skipped=summary.skipped,
                              duplicates=summary.duplicates, rejected=summary.rejected, pipeline_version=version,
                              workers=1, status="ok")]})
    writer.close()
    return summary
