"""Read-only SQL over the dataset with DuckDB (`python -m pipeline query`, `pipeline.open_dataset`).

`open_dataset(path)` opens an in-memory DuckDB connection with

- one view per table of `schema.SCHEMAS`, named like the table (`articles`, `mentions`, ...),
  over the table's *committed* Parquet files only (`store.live_files`: the manifest's list;
  for a dataset without a manifest, `<table>/*.parquet` minus hidden/`_` files). A table
  without files is still a view, empty, with the columns of its schema. Files written with
  an older schema read with the current one (missing columns are NULL);
- the ready-made views of `pipeline.views` (`campaigns_by_year_province`, ...);
- the SQL functions `norm_key(text)`, `org_id(name)` and `campaign_id(name)` of
  `pipeline.identity`;

and then locks itself down: `enable_external_access=false` (no read_csv/read_parquet/glob of
any path, no COPY, ATTACH, EXPORT, INSTALL/LOAD) and `lock_configuration=true` (no SET
can undo it). The tables are scanned through Arrow datasets registered before the lock, so
DuckDB itself never opens a file. The connection sees the files that were committed when it
was opened; open it again to see a later run.

`run_cli` additionally accepts only one read statement (SELECT / WITH / VALUES / FROM /
DESCRIBE / SHOW / SUMMARIZE, or PRAGMA table_info / show_tables), checked with DuckDB's own
parser, and reports every problem as one line (`pipeline.UserError`).
"""
from __future__ import annotations

import csv
import datetime as _dt
import decimal
import json
import os
import re
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Sequence

from . import UserError
from .schema import SCHEMAS

TABLE_MAX_ROWS = 200       # rows printed by --format table (csv/json/parquet print all)
TABLE_MAX_WIDTH = 40       # characters per cell in --format table
FETCH_ROWS = 10_000
READ_PRAGMAS = {"table_info", "show_tables", "show_tables_expanded", "show", "database_size", "version"}


# --------------------------------------------------------------------------- files
def table_files(dataset: str | Path, table: str) -> list[Path]:
    """The committed Parquet files of one table (the store's convention)."""
    from . import store
    live = getattr(store, "live_files", None)
    if live is not None:
        files = [Path(f) for f in live(dataset, table)]
    else:
        d = Path(dataset) / table
        files = sorted(d.glob("*.parquet")) if d.is_dir() else []
    return [f for f in files if not f.name.startswith((".", "_"))]


def is_dataset(p: Path) -> bool:
    """A folder `run` wrote (its manifest), or one holding at least one table folder: a
    wrong --dataset would otherwise read as an empty dataset and give 0 rows."""
    from .store import MANIFEST
    return (p / MANIFEST).exists() or any((p / t).is_dir() for t in SCHEMAS)


# --------------------------------------------------------------------------- connection
def _unary(fn):
    def f(value: str | None) -> str | None:
        return None if value is None else fn(value)
    return f


def _table_sources(p: Path, attempts: int = 5) -> dict:
    """An Arrow dataset (or empty table) per table over the committed files. A file that
    vanishes between reading the manifest and opening it (a run committing meanwhile) makes
    us read the manifest again."""
    import pyarrow.dataset as pads

    for attempt in range(attempts):
        sources = {}
        try:
            for table, schema in SCHEMAS.items():
                files = table_files(p, table)
                sources[table] = (pads.dataset([str(f) for f in files], schema=schema, format="parquet")
                                  if files else schema.empty_table())
            return sources
        except FileNotFoundError as e:
            if attempt == attempts - 1:
                raise UserError(f"dataset file missing: {e} (listed as committed in {p})") from None
        except (OSError, ValueError) as e:
            raise UserError(f"cannot read dataset {p}: {one_line(e)}") from None
    raise AssertionError("unreachable")


def default_memory_limit() -> str:
    """A quarter of the machine's memory (DuckDB's own default is 80 %: one query once took
    7.8 GB and the machine with it)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "2GB"
    return f"{max(256, total // 4 // (1024 * 1024))}MB"


def open_dataset(path: str | Path = "dataset", memory_limit: str | None = None):
    """A locked-down in-memory DuckDB connection with one view per dataset table plus the
    ready-made views (see the module docstring). Missing folder: UserError. `memory_limit`:
    DuckDB's `memory_limit` (default `default_memory_limit()`), set before the lock."""
    import duckdb

    from . import identity
    from .views import VIEWS

    p = Path(path)
    if not p.is_dir():
        raise UserError(f"dataset not found: {path} (create it with `python -m pipeline run ... --out {path}`)")
    if not is_dataset(p):
        raise UserError(f"not a dataset: {path} (no _manifest.json and no table folder; "
                        f"create it with `python -m pipeline run ... --out {path}`)")
    sources = _table_sources(p)
    con = duckdb.connect(":memory:")
    try:
        for table, obj in sources.items():
            con.register(table, obj)
        for fname, fn in (("norm_key", identity.norm_key), ("org_id", identity.org_id),
                          ("campaign_id", identity.campaign_id)):
            con.create_function(fname, _unary(fn), ["VARCHAR"], "VARCHAR", null_handling="special")
        for name, sql in VIEWS.items():
            con.execute(f"CREATE VIEW {name} AS {sql}")
        try:
            con.execute(f"SET memory_limit = '{memory_limit or default_memory_limit()}'")
        except duckdb.Error as e:
            raise UserError(f"bad --memory-limit {memory_limit!r}: {one_line(e)}") from None
        con.execute("SET python_enable_replacements = false")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except Exception:
        con.close()
        raise
    return con


# --------------------------------------------------------------------------- checking SQL
def check_sql(sql: str) -> str:
    """The one read-only statement in `sql`, or UserError saying why it is refused."""
    import duckdb

    if not sql or not sql.strip():
        raise UserError("empty SQL statement")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as e:
        raise UserError(f"SQL error: {one_line(e)}") from None
    if len(statements) != 1:
        raise UserError(f"refused: one SQL statement at a time ({len(statements)} given)")
    st = statements[0]
    kind = st.type.name
    if kind == "SELECT":
        return sql
    if kind == "PRAGMA":
        m = re.match(r"\s*pragma\s+(\w+)", st.query, re.IGNORECASE)
        if m and m.group(1).lower() in READ_PRAGMAS:
            return sql
    raise UserError(f"refused: {kind} statement; the dataset is read-only, only SELECT/WITH/DESCRIBE/SHOW/"
                    "SUMMARIZE or PRAGMA table_info queries are allowed")


def one_line(e: BaseException) -> str:
    """DuckDB's multi-line message (error, hint, caret lines) as one line."""
    lines = []
    for line in str(e).splitlines():
        s = line.strip()
        if not s or s.startswith("LINE ") or set(s) <= {"^", " "}:
            if s.startswith("LINE "):
                break
            continue
        lines.append(s)
    return " ".join(lines) or type(e).__name__


def _sql_error(e: Exception) -> UserError:
    msg = one_line(e)
    if "Permission Error" in msg or "disabled by configuration" in msg or "configuration has been locked" in msg:
        return UserError(f"refused: the query reaches outside the dataset ({msg})")
    if "reading the stream registered as" in msg:
        return UserError(f"cannot read the dataset: {msg} (`thidua check` names the damaged files; "
                         "`thidua repair` or the next run repairs them)")
    return UserError(f"SQL error: {msg}")


def _missing_file(e: Exception) -> bool:
    s = str(e)
    return "No such file" in s or "Failed to open" in s or "FileNotFoundError" in s


def query(sql: str, dataset: str | Path = "dataset"):
    """Run one checked read-only statement; the result as a pyarrow Table."""
    check_sql(sql)
    for attempt in range(3):
        con = open_dataset(dataset)
        try:
            return _arrow_table(con.execute(sql))
        except Exception as e:
            import duckdb
            if not isinstance(e, duckdb.Error):
                raise
            if attempt < 2 and _missing_file(e):   # a run committed meanwhile: reopen
                continue
            raise _sql_error(e) from None
        finally:
            con.close()
    raise AssertionError("unreachable")


def _arrow_table(cur):
    f = getattr(cur, "to_arrow_table", None) or cur.fetch_arrow_table    # duckdb 2.x / 1.x
    return f()


def _arrow_reader(cur, rows: int = FETCH_ROWS):
    f = getattr(cur, "to_arrow_reader", None) or cur.fetch_record_batch  # duckdb 2.x / 1.x
    return f(rows)


# --------------------------------------------------------------------------- formats
def _plain(v: Any) -> Any:
    """A JSON-able version of a DuckDB value."""
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, _dt.timedelta):
        return str(v)
    return v


def _text(v: Any) -> str:
    """A cell as text (csv and table): NULL is empty, lists/structs are JSON."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return v
    p = _plain(v)
    if isinstance(p, (list, dict)):
        return json.dumps(p, ensure_ascii=False)
    return str(p)


LIST_SEP = "; "


def _flat(v: Any) -> Any:
    """A cell for a spreadsheet (csv, xlsx): a list is its items joined by `LIST_SEP`
    (one level; nested values inside it are JSON), NULL is empty, the rest as `_text`."""
    if isinstance(v, (list, tuple)):
        return LIST_SEP.join(_text(x) for x in v if x is not None)
    return _text(v)


def write_csv(out, columns: Sequence[str], batches: Iterable[list[tuple]], bom: bool = False) -> int:
    """CSV, list cells `; `-joined; `bom`: a UTF-8 byte-order mark first, so that Excel
    reads the file as UTF-8 (without it, it shows Vietnamese diacritics garbled)."""
    if bom:
        out.write("\ufeff")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    n = 0
    for rows in batches:
        w.writerows([_flat(v) for v in row] for row in rows)
        n += len(rows)
    return n


XLSX_MAX_ROWS = 1_048_575    # a worksheet's rows, less the header


def write_xlsx(output: str, columns: Sequence[str], batches: Iterable[list[tuple]]) -> int:
    """A real Excel workbook (openpyxl, write-only): one sheet `query`, a header row, cells
    as in the csv (lists `; `-joined) except numbers, booleans and dates, which keep their
    type. Written under a temp name, then renamed."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("query")
    bold = Font(bold=True)
    head = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=c)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    n = 0
    for rows in batches:
        for row in rows:
            if n >= XLSX_MAX_ROWS:
                raise UserError(f"more than {XLSX_MAX_ROWS} rows do not fit in a worksheet: "
                                "use --format csv or parquet")
            ws.append([_xlsx_cell(v) for v in row])
            n += 1
    with _replacing(output) as tmp:
        wb.save(tmp)
    return n


def _xlsx_cell(v: Any) -> Any:
    import re as _re
    if v is None:
        return None
    if isinstance(v, bool) or (isinstance(v, (int, float)) and not isinstance(v, bool)):
        return v
    if isinstance(v, decimal.Decimal):
        return _plain(v)
    if isinstance(v, (_dt.datetime, _dt.date)) and not (isinstance(v, _dt.datetime) and v.tzinfo):
        return v
    s = _flat(v)
    return _re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", s)   # characters a worksheet cannot hold


def write_json(out, columns: Sequence[str], batches: Iterable[list[tuple]]) -> int:
    n = 0
    for rows in batches:
        for row in rows:
            out.write(json.dumps({c: _plain(v) for c, v in zip(columns, row)}, ensure_ascii=False) + "\n")
        n += len(rows)
    return n


def _cell_full(v: Any) -> str:
    s = "NULL" if v is None else _text(v)
    return " ".join(s.split()) if ("\n" in s or "\t" in s or "\r" in s) else s


def _cell(v: Any, width: int) -> str:
    s = _cell_full(v)
    return s if len(s) <= width else s[: width - 1] + "…"


def write_table(out, columns: Sequence[str], batches: Iterable[list[tuple]], max_rows: int = TABLE_MAX_ROWS,
                width: int = TABLE_MAX_WIDTH) -> int:
    """A readable box of at most `max_rows` rows, wide text cut at `width` characters."""
    shown: list[tuple] = []
    n = 0
    for rows in batches:
        n += len(rows)
        if len(shown) < max_rows:
            shown.extend(rows[: max_rows - len(shown)])
    cells = [[_cell(v, width) for v in row] for row in shown]
    heads = [_cell(c, width) for c in columns]
    numeric = [all(isinstance(r[i], (int, float, decimal.Decimal)) and not isinstance(r[i], bool)
                   for r in shown if r[i] is not None) and any(r[i] is not None for r in shown)
               for i in range(len(columns))]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(heads)]

    def line(vals):
        return "│ " + " │ ".join(v.rjust(w) if num else v.ljust(w)
                                 for v, w, num in zip(vals, widths, numeric)) + " │"

    out.write("┌─" + "─┬─".join("─" * w for w in widths) + "─┐\n")
    out.write("│ " + " │ ".join(h.ljust(w) for h, w in zip(heads, widths)) + " │\n")
    out.write("├─" + "─┼─".join("─" * w for w in widths) + "─┤\n")
    for r in cells:
        out.write(line(r) + "\n")
    out.write("└─" + "─┴─".join("─" * w for w in widths) + "─┘\n")
    if n > len(shown):
        out.write(f"({len(shown)} of {n} rows shown; --format csv, json or parquet give all)\n")
    else:
        out.write(f"({n} row{'s' if n != 1 else ''})\n")
    if any(len(_cell_full(v)) > width for r in shown for v in r):
        out.write(f"(text cut at {width} characters; --max-width N shows more)\n")
    return n


WRITERS = {"csv": write_csv, "json": write_json, "table": write_table}


# --------------------------------------------------------------------------- CLI
def _batches(cur, first: list[tuple]):
    yield first
    while True:
        rows = cur.fetchmany(FETCH_ROWS)
        if not rows:
            return
        yield rows


def _write_parquet(reader, output: str) -> int:
    """Stream record batches into `output` (written under a temp name, then renamed)."""
    import pyarrow.parquet as pq
    n = 0
    with _replacing(output) as tmp:
        with pq.ParquetWriter(tmp, reader.schema) as w:
            for batch in reader:
                w.write_batch(batch)
                n += batch.num_rows
    return n


@contextmanager
def _replacing(output: str):
    """A temp path beside `output` to write to, renamed over `output` when the block ends; on an
    I/O error the temp file is removed and the error is one line (UserError)."""
    tmp = f"{output}.tmp-{os.getpid()}"
    try:
        yield tmp
        os.replace(tmp, output)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise UserError(f"cannot write output file {output}: {e.strerror or e}") from None


FORMATS = ("table", "csv", "json", "parquet", "xlsx")


class _Deadline:
    """Interrupts a connection's query after `seconds` (DuckDB's own `interrupt()`), and on
    Ctrl-C, so that both end as one line instead of a traceback from inside DuckDB."""

    def __init__(self, con, seconds: float | None):
        import signal
        import threading
        self.con, self.seconds, self.fired, self.ctrl_c = con, seconds, False, False
        self.timer = threading.Timer(seconds, self._fire) if seconds else None
        self.old = None
        if threading.current_thread() is threading.main_thread():
            self.old = signal.signal(signal.SIGINT, self._sigint)

    def _fire(self):
        self.fired = True
        self.con.interrupt()

    def _sigint(self, signum, frame):
        self.ctrl_c = True
        self.con.interrupt()

    def __enter__(self):
        if self.timer:
            self.timer.daemon = True
            self.timer.start()
        return self

    def __exit__(self, exc_type, exc, tb):
        import signal
        if self.timer:
            self.timer.cancel()
        if self.old is not None:
            signal.signal(signal.SIGINT, self.old)
        if self.ctrl_c:
            raise KeyboardInterrupt from None
        if self.fired and exc is not None:
            raise UserError(f"query interrupted after {self.seconds:g}s (raise the limit with --timeout, "
                            "or 0 for none)") from None
        return False


def run_cli(sql: str, dataset: str = "dataset", fmt: str = "table", output: str | None = None, *,
            bom: bool = False, max_width: int = TABLE_MAX_WIDTH,
            timeout: float | None = 300.0, memory_limit: str | None = None) -> int:
    """`python -m pipeline query`: 0 on success; every problem raises UserError (one line).
    The query is interrupted after `timeout` seconds (None: never); DuckDB's memory is bounded
    by `memory_limit` (default: a quarter of the machine's memory)."""
    if fmt not in FORMATS:
        raise UserError(f"unknown format: {fmt}")
    if fmt in ("parquet", "xlsx") and not output:
        raise UserError(f"--format {fmt} needs --output FILE")
    if output and fmt != "xlsx" and output.lower().endswith(".xlsx"):
        raise UserError(f"--output {output} is named .xlsx but --format is {fmt}: add --format xlsx")
    if bom and fmt != "csv":
        raise UserError("--bom applies to --format csv only")
    if max_width < 4:
        raise UserError(f"--max-width must be at least 4 (got {max_width})")
    check_sql(sql)
    for attempt in range(3):
        con = open_dataset(dataset, memory_limit)
        try:
            with _Deadline(con, timeout):
                if _run_once(con, sql, fmt, output, last=attempt == 2, bom=bom, max_width=max_width):
                    return 0
        finally:
            con.close()
    raise AssertionError("unreachable")


def _run_once(con, sql: str, fmt: str, output: str | None, last: bool, *, bom: bool = False,
              max_width: int = TABLE_MAX_WIDTH) -> bool:
    """One attempt; False when a file vanished under a concurrent commit (try again)."""
    import duckdb
    try:
        cur = con.execute(sql)
        if fmt == "parquet":
            reader = _arrow_reader(cur)
        else:
            columns = [d[0] for d in cur.description]
            first = cur.fetchmany(FETCH_ROWS)
    except duckdb.Error as e:
        if not last and _missing_file(e):
            return False
        raise _sql_error(e) from None
    if fmt == "parquet":
        try:
            _write_parquet(reader, output)
        except duckdb.Error as e:
            raise _sql_error(e) from None
        return True
    if fmt == "xlsx":
        try:
            write_xlsx(output, columns, _batches(cur, first))
        except duckdb.Error as e:
            raise _sql_error(e) from None
        return True
    try:
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as e:
        raise UserError(f"cannot write output file {output}: {e.strerror or e}") from None
    try:
        if fmt == "csv":
            write_csv(out, columns, _batches(cur, first), bom=bom)
        elif fmt == "table":
            write_table(out, columns, _batches(cur, first), width=max_width)
        else:
            WRITERS[fmt](out, columns, _batches(cur, first))
    except duckdb.Error as e:
        raise _sql_error(e) from None
    finally:
        if output:
            out.close()
        else:
            out.flush()
    return True
