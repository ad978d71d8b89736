"""Store stage: write dataset tables as Parquet with the explicit schemas of `schema.py`.

Minimal version: one file per table per run. The batch-run work makes it incremental,
bounded in memory and atomic.
"""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import UserError
from .schema import SCHEMAS


class DatasetWriter:
    def __init__(self, out: str | Path, run_id: str):
        self.out = Path(out)
        self.run_id = run_id
        self.rows: dict[str, list[dict]] = {t: [] for t in SCHEMAS}
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            probe = self.out / ".write-probe"
            probe.write_text("")
            probe.unlink()
        except OSError as e:
            raise UserError(f"cannot write to output folder {self.out}: {e.strerror or e}")

    def add(self, table_rows: dict[str, list[dict]]) -> None:
        for t, rows in table_rows.items():
            self.rows[t].extend(rows)

    def close(self) -> None:
        for table, rows in self.rows.items():
            d = self.out / table
            d.mkdir(exist_ok=True)
            t = pa.Table.from_pylist(rows, schema=SCHEMAS[table])
            tmp = d / f".part-{self.run_id}.parquet.tmp"
            pq.write_table(t, tmp)
            os.replace(tmp, d / f"part-{self.run_id}.parquet")


def read_table(dataset: str | Path, table: str) -> pa.Table:
    d = Path(dataset) / table
    files = sorted(d.glob("*.parquet")) if d.exists() else []
    if not files:
        return SCHEMAS[table].empty_table()
    return pa.concat_tables([pq.read_table(f, schema=SCHEMAS[table]) for f in files])
