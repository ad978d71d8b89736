"""Command line: a small CLI over the core (datasette's way). `python -m pipeline --help`.

User errors (bad path, unwritable output, bad option) print one line and exit 2; no traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import UserError, __version__


# errno values that mean the disk or the folder, not the program: EPERM, EIO, EACCES, EFBIG,
# ENOSPC, EROFS, EDQUOT
_DISK_ERRORS = {1, 5, 13, 27, 28, 30, 122}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, instead of usage + message
        raise UserError(f"{self.prog}: {message}")


def _timeout(value: str) -> float | None:
    """--timeout: a positive finite number of seconds, or 0 for no limit (None). nan, inf and
    negative values are refused: each used to mean "no limit" silently, or a traceback."""
    import math
    try:
        t = float(value)
    except ValueError:
        raise UserError(f"--timeout must be a number of seconds (got {value!r})") from None
    if t == 0:
        return None
    if not math.isfinite(t) or t < 0:
        raise UserError(f"--timeout must be positive and finite, or 0 for no limit (got {value})")
    return t


def _positive_int(flag: str):
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise UserError(f"{flag} must be a whole number (got {value!r})") from None
        if n < 1:
            raise UserError(f"{flag} must be positive (got {n})")
        return n
    return parse


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="thidua", description="Vietnamese trade-union news -> event dataset (Parquet) with provenance.")
    p.add_argument("--version", action="version", version=f"thidua {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    r = sub.add_parser("run", help="process articles (files, folders, globs) into a Parquet dataset")
    r.add_argument("inputs", nargs="*", default=["corpus"], metavar="INPUT", help="default: corpus/")
    r.add_argument("--out", default="dataset", help="dataset folder (default: dataset/)")
    r.add_argument("--workers", type=int, default=None, help="worker processes (default: the machine's cores)")
    r.add_argument("--reprocess", action="store_true", help="redo every article, even unchanged ones")
    r.add_argument("--dask", default=None, metavar="ADDRESS", help="run on a Dask cluster: tcp://host:8786 or 'local'")
    r.add_argument("--max-bytes", type=_positive_int("--max-bytes"), default=5 * 1024 * 1024,
                   help="files (JSONL: records) larger than this many bytes are rejected (default 5 MiB)")
    r.add_argument("--timeout", type=_timeout, default=60.0,
                   help="seconds per article (reading, cleaning, segmentation, extraction) before it becomes a "
                        "`timeout` reject; positive and finite, or 0 for no limit (default 60)")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.add_argument("--no-text", action="store_true",
                   help="leave the article texts out of the dataset (articles.text, sentences.text/tokens); "
                        "offsets are kept")
    r.add_argument("--skip-unsupported", action="store_true",
                   help="files of kinds not read (.pdf, .docx, ...) in input folders are counted, not rejected")
    r.add_argument("--batch-size", type=int, default=256, metavar="N",
                   help="articles per committed batch (one Parquet part per table; default 256)")

    e = sub.add_parser("extract", help="print one JSON line per article (the fields are explained in docs/FIELDS.md)",
                       description="Print one JSON object per article: title, published, province, authors, dates, "
                                   "periods, organisations, clusters, officials, campaigns. What each field holds: "
                                   "docs/FIELDS.md.")
    e.add_argument("inputs", nargs="+", metavar="FILE")

    v = sub.add_parser("eval", help="precision/recall/F1 per field against a gold JSONL file")
    v.add_argument("gold", metavar="GOLD.jsonl")
    v.add_argument("inputs", nargs="*", metavar="INPUT", help="articles to extract (default: corpus/)")
    v.add_argument("--baseline", choices=["underthesea"], help="also score underthesea's own NER, side by side")

    r2 = sub.add_parser("eval-real", help="score the real sets (eval/real/sets.tsv), the blind ones apart")
    r2.add_argument("--sets", default="eval/real/sets.tsv", metavar="SETS.tsv")
    r2.add_argument("--texts", default="eval/real/texts", metavar="DIR",
                    help="where the sets' texts are restored (default: eval/real/texts/)")
    r2.add_argument("--floors", default="eval/real/floors.tsv", metavar="FLOORS.tsv",
                    help="pinned F1 floors per role: exit 1 when a fully restored role falls below one "
                         "(default: eval/real/floors.tsv, when it exists)")

    q = sub.add_parser("query", help="read-only SQL (DuckDB) over the dataset's tables")
    q.add_argument("sql", metavar="SQL")
    q.add_argument("--dataset", default="dataset")
    q.add_argument("--format", choices=["table", "csv", "json", "parquet", "xlsx"], default="table",
                   help="csv and xlsx join list cells with '; '; parquet and xlsx need --output")
    q.add_argument("--output", default=None, metavar="FILE")
    q.add_argument("--bom", action="store_true", help="csv: start with a UTF-8 byte-order mark (for Excel)")
    q.add_argument("--max-width", type=int, default=40, metavar="N",
                   help="table: characters per cell before it is cut (default 40)")
    q.add_argument("--timeout", type=_timeout, default=300.0,
                   help="seconds before the query is interrupted; 0 for no limit (default 300)")
    q.add_argument("--memory-limit", default=None, metavar="SIZE",
                   help="DuckDB memory_limit, e.g. 2GB (default: a quarter of the machine's memory)")

    c = sub.add_parser("check", help="verify every live file of the dataset and the index against the tables")
    c.add_argument("--dataset", default="dataset")

    rp = sub.add_parser("repair", help="repair a damaged dataset: index from the tables, tables from the sources")
    rp.add_argument("--dataset", default="dataset")
    rp.add_argument("--workers", type=int, default=1, help="worker processes for the articles read again (default 1)")
    rp.add_argument("--timeout", type=_timeout, default=60.0, help="seconds per article, or 0 for no limit")
    rp.add_argument("--max-bytes", type=_positive_int("--max-bytes"), default=5 * 1024 * 1024)

    b = sub.add_parser("bench", help="time the pipeline against bare underthesea segmentation")
    b.add_argument("--articles", type=int, default=600, help="corpus size (default 600)")
    b.add_argument("--workers", type=int, default=None, help="the 'all cores' figure (default: the machine's cores)")
    b.add_argument("--memory-only", action="store_true",
                   help="only compare peak memory of runs over ARTICLES/10 and ARTICLES articles")
    b.add_argument("--keep", default=None, metavar="DIR", help="build corpus and datasets under DIR and keep them")
    b.add_argument("--stages", action="store_true", help="also time each stage in one process (where the time goes)")
    b.add_argument("--repeat", type=int, default=3, help="runs per figure, the median reported (default 3)")
    b.add_argument("--html", action="store_true", help="also run the same articles as saved web pages (HTML input)")
    b.add_argument("--jsonl", action="store_true",
                   help="memory of one run over a single JSONL file of ARTICLES distinct records, the run's own "
                        "process apart from its children, every record accounted for")
    b.add_argument("--record-bytes", type=_positive_int("--record-bytes"), default=10_000,
                   help="text per JSONL record (default 10000 bytes: 20,000 records make 200 MB)")

    t = sub.add_parser("train", help="train the organisation recogniser (spaCy ner) into models/org_ner/, "
                                      "or compare it with the rules, k-fold on the real sets")
    t.add_argument("--out", default="models/org_ner", metavar="DIR")
    t.add_argument("--sets", default="eval/real/sets.tsv", metavar="SETS.tsv")
    t.add_argument("--texts", default="eval/real/texts", metavar="DIR")
    t.add_argument("--folds", type=int, default=0, metavar="K",
                   help="instead of saving: rules vs model vs both on held-out real articles, K folds")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--epochs", type=int, default=None, help="passes over the training data (default 12)")
    t.add_argument("--blind", action="store_true", help="do not train: score the model in --out on the blind sets (once, at the very end)")
    t.add_argument("--keep", default=None, metavar="DIR",
                   help="with --folds: save each fold's model under DIR, or reuse it (to compare new rules without training)")

    sh = sub.add_parser("show", help="an article's text with every fact highlighted, and the table of its facts")
    sh.add_argument("article_id", metavar="ARTICLE_ID")
    sh.add_argument("--dataset", default="dataset")
    sh.add_argument("--html", default=None, metavar="FILE",
                    help="write the review page (self-contained HTML) here; without it, the facts are printed")

    rp = sub.add_parser("report", help="one self-contained HTML page for a dataset, linking each article's page")
    rp.add_argument("--dataset", default="dataset")
    rp.add_argument("--html", default="report.html", metavar="FILE",
                    help="the page (default report.html); article pages go to FILE's stem + _articles/")

    m = sub.add_parser("model", help="save the assembled spaCy extraction pipeline to a folder")
    m.add_argument("action", choices=["save"])
    m.add_argument("path", nargs="?", default="models/pipeline")
    return p


def _extract_records(inputs: list[str], exclude: tuple[str, ...] = ()):
    from .ingest import expand, read_file
    from .model import Reject
    from .process import process
    from .records import gold_record

    skip = {os.path.abspath(p) for p in exclude}  # e.g. a gold file kept beside its articles
    items = (item for path in expand(inputs) if os.path.abspath(path) not in skip for item in read_file(path))
    for item in items:
        res = item if isinstance(item, Reject) else process(item)
        if isinstance(res, Reject):
            print(f"rejected {res.source}: {res.reason}: {res.detail}", file=sys.stderr)
            continue
        yield res, gold_record(res)


def _will_process_everything(a) -> bool:
    """A new dataset (no manifest yet: the name is store.MANIFEST, not imported here because
    importing the store means importing pyarrow) or --reprocess: every input will be processed."""
    return a.reprocess or not os.path.exists(os.path.join(a.out, "_manifest.json"))


def cmd_run(a) -> int:
    if a.workers is not None and a.workers < 1:
        raise UserError(f"--workers must be at least 1 (got {a.workers})")
    if a.batch_size < 1:
        raise UserError(f"--batch-size must be at least 1 (got {a.batch_size})")
    from .process import default_workers, start_pool, stop_pool
    workers = a.workers or default_workers()
    # Start the pool before importing the runner (and pyarrow): its fork server loads the
    # models meanwhile. Only when the run will need it: a rerun over unchanged inputs won't.
    pool = start_pool(workers) if workers > 1 and not a.dask and _will_process_everything(a) else None
    try:
        from .runner import run
    except BaseException:   # Ctrl-C now: stop the pool's processes, which run() would have stopped
        if pool is not None:
            stop_pool(pool, kill=True)
        raise
    try:
        s = run(a.inputs, a.out, workers=workers, reprocess=a.reprocess, dask=a.dask, max_bytes=a.max_bytes,
                timeout=a.timeout, progress=not a.no_progress, batch_size=a.batch_size, pool=pool,
                skip_unsupported=a.skip_unsupported, no_text=a.no_text)
    except (UserError, KeyboardInterrupt):
        raise
    except OSError as e:   # the disk (full, read-only, failing), not the code: one line, exit 2
        if e.errno in _DISK_ERRORS:
            raise UserError(f"cannot write the dataset {a.out}: {e.strerror or e}"
                            f"{' (' + e.filename + ')' if isinstance(e.filename, str) else ''}; "
                            "committed batches are kept, rerun to resume") from None
        return _failed(e)
    except Exception as e:   # a bug: the traceback, then one line, exit 1
        return _failed(e)
    print(s.line())
    return 0 if s.status == "ok" else 1


def _failed(e: BaseException) -> int:
    """A bug or an unexpected failure: the traceback, then one line, exit 1."""
    import traceback
    traceback.print_exc()
    print(f"error: run failed: {type(e).__name__}: {e} (rerun to resume)", file=sys.stderr)
    return 1


def cmd_extract(a) -> int:
    for _res, rec in _extract_records(a.inputs):
        print(json.dumps(rec, ensure_ascii=False))
    return 0


def cmd_eval(a) -> int:
    from .evaluate import format_table, load_jsonl, score, underthesea_record
    if not os.path.exists(a.gold):
        raise UserError(f"gold file not found: {a.gold}")
    gold = load_jsonl(a.gold)
    pred, base = {}, {}
    for res, rec in _extract_records(a.inputs or ["corpus"], exclude=(a.gold,)):
        pred[rec["article"]] = rec
        if a.baseline:
            base[rec["article"]] = underthesea_record(rec["article"], res.doc.clean.text)
    table = score(gold, pred)
    print(format_table(table, score(gold, base) if a.baseline else None))
    return 0


def cmd_eval_real(a) -> int:
    """Tuning sets pooled in one table, blind sets pooled in another, then F1 per set. The texts
    are third-party pages that are never committed: missing ones are named, not scored."""
    from .evaluate import below_floors, f1_matrix, format_table, load_jsonl, read_floors, read_sets, score, split_present
    if not os.path.exists(a.sets):
        raise UserError(f"sets file not found: {a.sets}")
    texts = Path(a.texts)
    golds, missing = {}, []
    for s in read_sets(a.sets):
        if not s.gold.exists():
            print(f"note: set {s.name}: no gold file {s.gold}", file=sys.stderr)
            continue
        golds[s], gone = split_present(load_jsonl(s.gold), texts)
        missing += [f"{s.name}/{g}" for g in gone]
    if missing:
        print(f"note: {len(missing)} texts are not restored under {texts}/ and are not scored "
              f"(e.g. {', '.join(missing[:3])}); eval/real/README.md says how to restore them", file=sys.stderr)
    if not any(golds.values()):
        raise UserError(f"no text of the real sets is restored under {texts}/: see eval/real/README.md")
    names = sorted({n for g in golds.values() for n in g})
    pred = {rec["article"]: rec for _res, rec in _extract_records([str(texts / n) for n in names])}
    tables = {s.name: score(g, pred) for s, g in golds.items() if g}
    try:
        floors = read_floors(a.floors) if os.path.exists(a.floors) else {}
    except (ValueError, IndexError) as e:
        raise UserError(f"bad floors file: {e}") from None
    breaches = []
    for role in ("tuning", "blind"):
        pooled = {n: r for s, g in golds.items() if s.role == role for n, r in g.items()}
        if pooled:
            sets = ", ".join(f"{s.name} {len(g)}" for s, g in golds.items() if s.role == role)
            print(f"== {role} sets: {len(pooled)} articles ({sets})")
            table = score(pooled, pred)
            print(format_table(table))
            print()
            if role in floors and not any(m.startswith(tuple(s.name + "/" for s in golds if s.role == role))
                                          for m in missing):   # floors hold for a role's full sets only
                breaches += [f"{role}: {b}" for b in below_floors(table, floors[role])]
    print(f1_matrix(tables))
    for b in breaches:
        print(f"below the pinned floor ({a.floors}): {b}", file=sys.stderr)
    return 1 if breaches else 0


def cmd_query(a) -> int:
    from .query import run_cli
    return run_cli(a.sql, a.dataset, a.format, a.output, bom=a.bom, max_width=a.max_width,
                   timeout=a.timeout, memory_limit=a.memory_limit)


def cmd_check(a) -> int:
    """Every problem on a line of its own, then a summary line; exit 0 when sound, 1 when not."""
    from .store import check, read_manifest
    if not os.path.isdir(a.dataset):
        raise UserError(f"dataset not found: {a.dataset}")
    damage = check(a.dataset)
    for d in damage:
        print(f"damaged: {d.line()}")
    if damage:
        print(f"{len(damage)} problem(s) in {a.dataset}: `thidua repair --dataset {a.dataset}` (or the next run) "
              "repairs them")
        return 1
    m = read_manifest(a.dataset) or {}
    n = sum(len(v) for v in m.get("tables", {}).values()) + len(m.get("index", []))
    print(f"ok: {n} live files of {a.dataset} checked")
    return 0


def cmd_repair(a) -> int:
    """The deep check, then the repair a run makes (rows of damaged parts read again from
    their sources, the index rebuilt from the tables), with no other input."""
    from .runner import run
    from .store import check
    if not os.path.isdir(a.dataset):
        raise UserError(f"dataset not found: {a.dataset}")
    damage = check(a.dataset)
    if not damage:
        print(f"nothing to repair in {a.dataset}")
        return 0
    s = run([], a.dataset, workers=a.workers, timeout=a.timeout, max_bytes=a.max_bytes, progress=False,
            damage=damage)
    print(f"{s.detail}; {s.line()}")
    left = check(a.dataset)
    for d in left:
        print(f"still damaged: {d.line()}", file=sys.stderr)
    return 0 if s.status == "ok" and not left else 1


def cmd_bench(a) -> int:
    from .bench import main as bench_main
    return bench_main(a.articles, a.workers, memory_only=a.memory_only, keep=a.keep, stages=a.stages,
                      repeat=a.repeat, html=a.html, jsonl=a.jsonl, record_bytes=a.record_bytes)


def cmd_train(a) -> int:
    from .train import EPOCHS, main as train_main
    root = Path(__file__).resolve().parent.parent
    epochs = a.epochs if a.epochs is not None else EPOCHS
    if epochs < 1:
        raise UserError(f"--epochs must be at least 1 (got {epochs})")
    return train_main(root, Path(a.out), Path(a.sets), Path(a.texts), folds_k=a.folds, seed=a.seed,
                      epochs=epochs, blind=a.blind, keep=Path(a.keep) if a.keep else None)


def cmd_model(a) -> int:
    from .nlp import build_nlp
    nlp = build_nlp(spans=True)   # facts also in doc.spans / doc.ents for spaCy users
    try:
        nlp.to_disk(a.path)
    except OSError as e:
        raise UserError(f"cannot write the pipeline to {a.path}: {e.strerror or e}") from None
    print(f"saved pipeline ({', '.join(nlp.pipe_names)}) to {a.path}")
    return 0


def cmd_show(a) -> int:
    from .query import open_dataset, write_table
    from .report import article_facts, render_article
    con = open_dataset(a.dataset)
    try:
        art, facts = article_facts(con, a.article_id)
    finally:
        con.close()
    if a.html:
        try:
            Path(a.html).write_text(render_article(art, facts), encoding="utf-8")
        except OSError as e:
            raise UserError(f"cannot write {a.html}: {e.strerror or e}") from None
        print(f"wrote {a.html}: {art.get('title') or a.article_id} with {len(facts)} facts highlighted")
        return 0
    print(f"{art['article_id']}  {art.get('title') or '(no title)'}  [{art.get('province')}, {art.get('published')}]")
    cols = ["kind", "text", "canonical", "id", "method", "start", "end"]
    write_table(sys.stdout, cols, [[tuple(f[c] for c in cols) for f in facts]], max_rows=10_000, width=60)
    return 0


def cmd_report(a) -> int:
    from .report import report
    path, pages = report(a.dataset, a.html)
    print(f"wrote {path} and {pages} article pages in {path.parent / (path.stem + '_articles')}/")
    return 0


COMMANDS = {"run": cmd_run, "extract": cmd_extract, "eval": cmd_eval, "eval-real": cmd_eval_real, "query": cmd_query,
            "check": cmd_check, "repair": cmd_repair, "bench": cmd_bench, "model": cmd_model, "train": cmd_train,
            "show": cmd_show, "report": cmd_report}


def main(argv: list[str] | None = None) -> int:
    try:
        a = _parser().parse_args(argv)
        if not a.command:
            _parser().print_help()
            return 2
        return COMMANDS[a.command](a)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
