"""Scoring against gold (GUIDE.md), the same arithmetic as shared/gold/score.py, plus an
underthesea NER baseline so the gain of the domain rules can be shown side by side."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_DASHES = dict.fromkeys(map(ord, "–—‐‑‒−"), "-")
_QUOTES = dict.fromkeys(map(ord, "“”\"‘’'«»„"), None)

METRICS = [
    "published", "title", "province", "authors", "dates", "periods",
    "organisations.text", "organisations.canonical",
    "clusters", "clusters.members", "clusters.leader", "clusters.parent",
    "officials.name", "officials.title", "officials.organisation", "campaigns",
    "events.type", "events.date", "events.organiser",
]


def norm(text):
    if text is None:
        return None
    text = unicodedata.normalize("NFC", str(text)).translate(_DASHES).translate(_QUOTES)
    text = re.sub(r"\s+", " ", text.casefold().replace("\xa0", " ")).strip()
    text = re.sub(r"\s*-\s*", " - ", text)
    return text.strip(" .,;:()")


def _name(item, key):
    return norm(item.get(key)) if isinstance(item, dict) else norm(item)


def keys(r: dict, metric: str) -> set:
    """The normalised keys one article contributes to one metric (as score.py)."""
    items = lambda f: r.get(f) or []  # noqa: E731
    if metric == "published":
        return {str(r["published"])[:16]} if r.get("published") else set()
    if metric in ("title", "province"):
        return {norm(r[metric])} if r.get(metric) else set()
    if metric == "authors":
        return {_name(a, "name") for a in items("authors")}
    if metric == "dates":
        return {str(d.get("value")) for d in items("dates") if d.get("value")}
    if metric == "periods":
        return {(p.get("start"), p.get("end")) for p in items("periods")}
    if metric == "organisations.text":
        return {_name(o, "text") for o in items("organisations")}
    if metric == "organisations.canonical":
        return {_name(o, "canonical") for o in items("organisations") if o.get("canonical")}
    cl = items("clusters")
    if metric == "clusters":
        return {_name(c, "canonical") for c in cl}
    if metric == "clusters.members":
        return {(_name(c, "canonical"), norm(m)) for c in cl for m in c.get("members") or []}
    if metric == "clusters.leader":
        return {(_name(c, "canonical"), norm(c["leader"])) for c in cl if c.get("leader")}
    if metric == "clusters.parent":
        return {(_name(c, "canonical"), norm(c["parent"])) for c in cl if c.get("parent")}
    of = items("officials")
    if metric == "officials.name":
        return {norm(o.get("name")) for o in of}
    if metric == "officials.title":
        return {(norm(o.get("name")), norm(o.get("title"))) for o in of}
    if metric == "officials.organisation":
        return {(norm(o.get("name")), norm(o.get("title")), norm(o.get("organisation"))) for o in of}
    if metric == "campaigns":
        return {_name(c, "text") for c in items("campaigns")}
    ev = items("events")
    if metric == "events.type":
        return {e.get("type") for e in ev}
    if metric == "events.date":
        return {(e.get("type"), str(e["date"])) for e in ev if e.get("date")}
    if metric == "events.organiser":
        return {(e.get("type"), norm(e["organiser"])) for e in ev if e.get("organiser")}
    raise KeyError(metric)


def load_jsonl(path: str | Path) -> dict[str, dict]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                out[rec["article"].rsplit("/", 1)[-1]] = rec
    return out


def score(gold: dict[str, dict], pred: dict[str, dict]) -> dict[str, dict]:
    table = {}
    for metric in METRICS:
        tp = fp = fn = 0
        for art, g in gold.items():
            if metric.startswith("events") and "events" not in g:
                continue    # gold made before events were defined
            gk, pk = keys(g, metric), keys(pred.get(art, {}), metric)
            tp += len(gk & pk)
            fp += len(pk - gk)
            fn += len(gk - pk)
        p = tp / (tp + fp) if tp + fp else 1.0
        rc = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        table[metric] = {"tp": tp, "fp": fp, "fn": fn, "p": p, "r": rc, "f1": f1}
    return table


def format_table(table: dict[str, dict], baseline: dict[str, dict] | None = None) -> str:
    head = f"{'field':26} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn"
    if baseline:
        head += f"   | {'base P':>6} {'base R':>6} {'base F1':>7}"
    lines = [head]
    for m, s in table.items():
        line = f"{m:26} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {s['tp']:4} {s['fp']:3} {s['fn']:3}"
        if baseline:
            b = baseline[m]
            line += f"   | {b['p']:6.3f} {b['r']:6.3f} {b['f1']:7.3f}"
        lines.append(line)
    worst = min(table, key=lambda m: table[m]["f1"])
    lines.append(f"lowest F1: {worst} {table[worst]['f1']:.3f}")
    return "\n".join(lines)


def underthesea_record(article: str, text: str) -> dict:
    """Baseline: underthesea's own `ner` over the cleaned text, ORG -> organisations
    (canonical = surface), PER -> officials' names. Other fields stay empty."""
    from underthesea import ner

    orgs, people = [], []
    for line in text.split("\n"):
        if not line.strip():
            continue
        cur, label = [], None
        for word, _pos, _chunk, tag in ner(line) + [("", "", "", "O")]:
            if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and tag[2:] != label):
                if cur and label in ("ORG", "PER"):
                    (orgs if label == "ORG" else people).append(" ".join(cur))
                cur, label = ([word], tag[2:]) if tag != "O" else ([], None)
            else:
                cur.append(word)
    return {"article": article,
            "organisations": [{"text": o, "canonical": o} for o in dict.fromkeys(orgs)],
            "officials": [{"name": p, "title": None, "organisation": None} for p in dict.fromkeys(people)]}


# --- the real sets (eval/real/sets.tsv) ------------------------------------------------------

@dataclass(frozen=True)
class EvalSet:
    """One set of real articles: its gold, its sources (url and the query that finds each text)
    and its role: `tuning` sets are looked at while rules are written, `blind` ones never."""
    name: str
    role: str
    gold: Path
    sources: Path


def read_sets(path: str | Path) -> list[EvalSet]:
    """The sets listed in a sets.tsv kept at `<root>/eval/real/`; its paths are relative to that root."""
    path = Path(path)
    root = path.resolve().parents[2]
    sets = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, role, gold, sources = line.split("\t")
            sets.append(EvalSet(name, role, root / gold, root / sources))
    return sets


def split_present(gold: dict[str, dict], texts: Path) -> tuple[dict[str, dict], list[str]]:
    """The gold records whose text is restored under `texts`, and the names of those that are not."""
    present = {a: r for a, r in gold.items() if (texts / a).is_file()}
    return present, sorted(set(gold) - set(present))


def f1_matrix(tables: dict[str, dict[str, dict]]) -> str:
    """F1 per field (rows) and per set (columns), to compare sets at a glance."""
    names = list(tables)
    lines = [f"{'F1':26} " + " ".join(f"{n:>9}" for n in names)]
    for m in next(iter(tables.values())):
        lines.append(f"{m:26} " + " ".join(f"{tables[n][m]['f1']:9.3f}" for n in names))
    return "\n".join(lines)


def read_floors(path: str | Path) -> dict[str, dict[str, float]]:
    """Pinned F1 floors per role and field (`field<TAB>tuning<TAB>blind`; `-` = none): a regression gate,
    raised or lowered only in a deliberate commit, as trafilatura pins its evaluation."""
    floors: dict[str, dict[str, float]] = {}
    lines = [ln for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    roles = lines[0].split("\t")[1:]
    for ln in lines[1:]:
        field, *vals = ln.split("\t")
        if field not in METRICS:
            raise ValueError(f"{path}: unknown field {field}")
        for role, v in zip(roles, vals):
            if v.strip() not in ("", "-"):
                floors.setdefault(role, {})[field] = float(v)
    return floors


def below_floors(table: dict[str, dict], floors: dict[str, float]) -> list[str]:
    """One line per field whose F1 is under its floor."""
    return [f"{f}: F1 {table[f]['f1']:.3f} < floor {lo:.3f}" for f, lo in floors.items() if table[f]["f1"] < lo - 1e-9]
