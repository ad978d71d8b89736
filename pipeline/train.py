"""A statistical organisation recogniser: spaCy `ner` (one label, ORG) over the project's own
Doc (underthesea words, exactly as `nlp.make_doc` builds them at run time), trained on the
annotated articles, and an honest comparison with the rules on held-out real articles.

Why `ner` and not `spancat`: the gold field `organisations[].text` is the longest span that
names a body, so spans never overlap within one reading, which is what the transition-based
`ner` models (BILUO); it needs no suggester, and it runs in one pass, cheaply.

Training data is built on the fly from the texts and their gold (`organisations[].text` gives
surfaces without offsets): every occurrence of each surface is labelled, longest surface first,
without overlaps; an occurrence that does not fall on token boundaries is marked *missing*
(neither ORG nor outside), so that it teaches nothing. Nothing derived from the real texts is
written to the repository: the shipped model holds weights and the label only (no vocabulary
strings).

`python -m pipeline train` rebuilds `models/org_ner/` (fixed seed); `--folds K` instead compares
(a) the rules, (b) the model and (c) rules plus model on the real tuning articles, k-fold, the
invented articles and the seeds always in training.
"""
from __future__ import annotations

import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import UserError
from .model import SegmentedDocument

LABEL = "ORG"
SEED = 0
EPOCHS = 12
BATCH = 8
DROPOUT = 0.2

# Small CPU model: hashed word features (NORM, PREFIX, SUFFIX, SHAPE) + a 4-layer CNN; no
# pretrained vectors, nothing downloaded. `embed_size` rows per feature keep it a few MB.
MODEL_CONFIG = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 64,
        "depth": 4,
        "embed_size": 1000,
        "window_size": 1,
        "maxout_pieces": 3,
        "subword_features": True,
    },
}

# The annotated sets that are always training data (invented articles and the seeds):
# (folder of texts, gold file), relative to the repository root.
INVENTED = (
    ("eval/dev", "eval/dev/gold.jsonl"),
    ("eval/test", "eval/test/gold.jsonl"),
    ("eval/holdout", "eval/holdout/gold.jsonl"),
    ("corpus/seeds", "tests/fixtures/gold/seeds.jsonl"),
)


# --------------------------------------------------------------------------- data
@dataclass
class Article:
    """One annotated article: its segmented text and its gold organisation surfaces."""
    name: str
    group: str                 # "invented" or the real set's name
    seg: SegmentedDocument
    gold: dict                 # the gold record (GUIDE format)

    @property
    def surfaces(self) -> list[str]:
        return [o["text"] for o in self.gold.get("organisations") or [] if o.get("text")]


@dataclass
class Alignment:
    """Counts of how gold surfaces met the text: occurrences labelled, occurrences off token
    boundaries (marked missing), surfaces not found at all."""
    labelled: int = 0
    off_tokens: int = 0
    not_found: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, other: "Alignment") -> None:
        self.labelled += other.labelled
        self.off_tokens += other.off_tokens
        self.not_found += other.not_found
        self.examples += other.examples[: max(0, 8 - len(self.examples))]


def read_article(path: Path, group: str, gold: dict) -> Article | None:
    """Ingest, clean and segment one file as the pipeline does; None if it is rejected."""
    from .ingest import read_file
    from .model import Reject
    from .process import prepare
    from .segment import segment
    for raw in read_file(path):
        if isinstance(raw, Reject):
            return None
        doc = prepare(raw)
        if isinstance(doc, Reject):
            return None
        return Article(path.name, group, segment(doc), gold)
    return None


def load_invented(root: Path) -> list[Article]:
    """The invented sets and the seeds: always in training, never scored here."""
    from .evaluate import load_jsonl
    out = []
    for folder, gold_path in INVENTED:
        gold = load_jsonl(root / gold_path)
        for name, rec in sorted(gold.items()):
            a = read_article(root / folder / name, "invented", rec)
            if a is not None:
                out.append(a)
    return out


def load_real(sets: Path, texts: Path, role: str) -> list[Article]:
    """The real articles of the sets of `role` ("tuning" or "blind") whose texts are restored."""
    from .evaluate import load_jsonl, read_sets, split_present
    out = []
    for s in read_sets(sets):
        if s.role != role or not s.gold.exists():
            continue
        present, _missing = split_present(load_jsonl(s.gold), texts)
        for name, rec in sorted(present.items()):
            a = read_article(texts / name, s.name, rec)
            if a is not None:
                out.append(a)
    return out


def _surface_regex(surface: str) -> re.Pattern:
    """A gold surface as written, any run of whitespace matching any other, not inside a word."""
    body = r"\s+".join(re.escape(w) for w in surface.split())
    return re.compile(rf"(?<!\w){body}(?!\w)")


def gold_offsets(text: str, surfaces: Iterable[str]) -> tuple[list[tuple[int, int]], int]:
    """Character spans of every occurrence of the surfaces, longest surface first, no overlaps;
    and how many surfaces were not found at all."""
    taken: list[tuple[int, int]] = []
    not_found = 0
    for s in sorted(set(surfaces), key=lambda s: (-len(s), s)):
        hits = [m.span() for m in _surface_regex(s).finditer(text)]
        if not hits:
            not_found += 1
        for a, b in hits:
            if not any(a < y and x < b for x, y in taken):
                taken.append((a, b))
    return sorted(taken), not_found


def biluo_tags(doc, spans: list[tuple[int, int]]) -> tuple[list[str], int]:
    """BILUO tags for `doc`; a span off token boundaries becomes missing (`-`) tags. Also
    returns how many spans were off."""
    import warnings

    from spacy.training import offsets_to_biluo_tags
    off = sum(doc.char_span(a, b) is None for a, b in spans)
    ents = [(a, b, LABEL) for a, b in spans]
    with warnings.catch_warnings():   # W030 (misaligned spans): counted here, reported by `train`
        warnings.filterwarnings("ignore", message=r"\[W030\]")
        tags = offsets_to_biluo_tags(doc, ents, missing="O")  # `missing`: tokens outside every span
    # whitespace tokens (line breaks) are never part of an entity
    tags = ["O" if t.is_space and tag == "-" else tag for t, tag in zip(doc, tags)]
    return tags, off


def make_example(nlp, art: Article, stats: Alignment | None = None):
    """A spaCy Example for one article: the run-time Doc, with the gold ORG spans."""
    from spacy.training import Example

    from .nlp import make_doc
    doc = make_doc(nlp.vocab, art.seg)
    spans, not_found = gold_offsets(doc.text, art.surfaces)
    tags, off = biluo_tags(doc, spans)
    if stats is not None:
        stats.labelled += len(spans) - off
        stats.off_tokens += off
        stats.not_found += not_found
        for a, b in spans:
            if doc.char_span(a, b) is None and len(stats.examples) < 8:
                stats.examples.append(doc.text[a:b])
    return Example.from_dict(doc, {"entities": tags})


# --------------------------------------------------------------------------- model
def blank_nlp():
    """A blank Vietnamese pipeline whose tokenizer is the project's, with an untrained `ner`."""
    from .nlp import spacy
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "thidua.underthesea_tokenizer.v1"}}})
    nlp.add_pipe("ner", config={"model": MODEL_CONFIG})
    return nlp


def train(articles: list[Article], seed: int = SEED, epochs: int = EPOCHS, log=None):
    """Train `ner` on the articles (fixed seed: the same data gives the same model).
    Returns the nlp and the alignment counts."""
    from spacy.util import fix_random_seed, minibatch
    fix_random_seed(seed)
    nlp = blank_nlp()
    stats = Alignment()
    examples = [make_example(nlp, a, stats) for a in articles]
    ner = nlp.get_pipe("ner")
    ner.add_label(LABEL)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    order = list(examples)
    for epoch in range(epochs):
        rng.shuffle(order)
        losses: dict[str, float] = {}
        for batch in minibatch(order, size=BATCH):
            nlp.update(batch, drop=DROPOUT, sgd=optimizer, losses=losses)
        if log:
            log(f"epoch {epoch + 1:2}/{epochs}: loss {losses.get('ner', 0.0):.1f}")
    return nlp, stats


def save(nlp, path: Path) -> None:
    """Write the `ner` component only: config, weights, label; no vocabulary strings (they
    would be the training texts' words)."""
    path.mkdir(parents=True, exist_ok=True)
    ner = nlp.get_pipe("ner")
    ner.to_disk(path / "ner", exclude=["vocab"])
    (path / "config.json").write_text(json.dumps({"label": LABEL, "model": MODEL_CONFIG}, ensure_ascii=False, indent=1),
                                      encoding="utf-8")


def load(path: Path):
    """The nlp with the `ner` saved by `save` (the project's tokenizer; no training state)."""
    from .nlp import spacy
    cfg = json.loads((path / "config.json").read_text(encoding="utf-8"))
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "thidua.underthesea_tokenizer.v1"}}})
    ner = nlp.add_pipe("ner", config={"model": cfg["model"]})
    ner.from_disk(path / "ner", exclude=["vocab"])
    return nlp


def predict(nlp, seg: SegmentedDocument) -> list[tuple[int, int]]:
    """Character spans the model labels ORG in one article's run-time Doc."""
    from .nlp import make_doc
    doc = make_doc(nlp.vocab, seg)
    if len(doc) == 0:
        return []
    doc = nlp.get_pipe("ner")(doc)
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ == LABEL]


# --------------------------------------------------------------------------- comparison
class RulesRunner:
    """The rules' organisations of an article, and their canonicaliser applied to model spans."""

    def __init__(self):
        from .nlp import build_nlp
        self.nlp = build_nlp()
        self.parser = self.nlp.get_pipe("thidua_organisations").parser
        self.cache: dict[tuple[str, str], tuple] = {}

    def run(self, art: Article):
        key = (art.group, art.name)
        if key not in self.cache:
            from .extract.organisations import make_context
            from .nlp import make_doc
            doc = self.nlp(make_doc(self.nlp.vocab, art.seg))
            out = doc._.extraction
            ctx = make_context(self.parser, doc, out)
            self.cache[key] = (out, ctx)
        return self.cache[key]

    def canonical(self, ctx, start: int, end: int) -> tuple[str, bool]:
        """The rules' canonical name of a span, and whether the rules resolved it: the parse at
        its start when it covers the span exactly; else its text with abbreviations expanded
        (no place made explicit: that needs the rules' reading of the article)."""
        c = self.parser.parse_at(ctx, start)
        if c is not None and c.end == end:
            return c.canonical, True
        return self.parser.expand(ctx.text[start:end]), False


def options(runner: RulesRunner, nlp, art: Article) -> dict[str, list[dict]]:
    """The organisations of one article under (a) rules, (b) model, (c) rules + model: `union`
    adds every model span, `fill` only those overlapping no rules span, `fill_named` the same
    but gives a filled span a canonical name only when the rules' canonicaliser resolves it
    (otherwise the span counts for its text, and no canonical name is claimed)."""
    out, ctx = runner.run(art)
    rules = [{"text": o.text, "canonical": o.canonical, "start": o.start, "end": o.end} for o in out.organisations]
    model = []
    for a, b in predict(nlp, art.seg):
        canonical, resolved = runner.canonical(ctx, a, b)
        model.append({"text": ctx.text[a:b], "canonical": canonical, "resolved": resolved, "start": a, "end": b})
    fill = [m for m in model if not any(r["start"] < m["end"] and m["start"] < r["end"] for r in rules)]
    named = [dict(m, canonical=m["canonical"] if m["resolved"] else None) for m in fill]
    return {"rules": rules, "model": model, "union": rules + model, "fill": rules + fill, "fill_named": rules + named}


METRICS = ("organisations.text", "organisations.canonical")
OPTIONS = ("rules", "model", "union", "fill", "fill_named")


def score_options(runner: RulesRunner, nlp, arts: list[Article]) -> dict[str, dict[str, dict]]:
    """P/R/F1 of each option on the two organisation metrics (evaluate.py's arithmetic)."""
    from .evaluate import score
    gold = {a.name: a.gold for a in arts}
    preds = {o: {} for o in OPTIONS}
    for a in arts:
        for o, orgs in options(runner, nlp, a).items():
            preds[o][a.name] = {"organisations": orgs}
    return {o: {m: t for m, t in score(gold, preds[o]).items() if m in METRICS} for o in OPTIONS}


def folds(arts: list[Article], k: int, seed: int = SEED) -> list[list[Article]]:
    """`k` folds of the real articles, shuffled once with the seed."""
    order = sorted(arts, key=lambda a: (a.group, a.name))
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def mean_table(tables: list[dict[str, dict[str, dict]]]) -> dict[str, dict[str, dict]]:
    """Mean P, R, F1 over folds per option and metric (and the pooled counts)."""
    out: dict[str, dict[str, dict]] = {}
    for o in tables[0]:
        out[o] = {}
        for m in tables[0][o]:
            rows = [t[o][m] for t in tables]
            out[o][m] = {k: sum(r[k] for r in rows) / len(rows) for k in ("p", "r", "f1")}
            out[o][m].update({k: sum(r[k] for r in rows) for k in ("tp", "fp", "fn")})
    return out


def format_options(table: dict[str, dict[str, dict]]) -> str:
    lines = [f"{'option':10} {'field':24} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn"]
    for o, ms in table.items():
        for m, s in ms.items():
            lines.append(f"{o:10} {m:24} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {s['tp']:4} {s['fp']:3} {s['fn']:3}")
    return "\n".join(lines)


def cross_validate(invented: list[Article], real: list[Article], k: int, seed: int, epochs: int,
                   log=print, keep: Path | None = None) -> dict[str, dict[str, dict]]:
    """Mean scores over `k` folds of the real articles. With `keep`, each fold's model is saved
    there (or loaded, when a model of the same folds, seed and epochs is there already): the
    rules can then be compared again without training again."""
    runner = RulesRunner()
    tables = []
    for i, test in enumerate(folds(real, k, seed)):
        names = {(a.group, a.name) for a in test}
        train_arts = invented + [a for a in real if (a.group, a.name) not in names]
        t0 = time.perf_counter()
        kept = keep / f"fold{i + 1}of{k}-seed{seed}-epochs{epochs}" if keep else None
        marker = "\n".join(sorted(f"{g}/{n}" for g, n in names))
        if kept and (kept / "held_out.txt").exists() and (kept / "held_out.txt").read_text() == marker:
            nlp = load(kept)
        else:
            nlp, _ = train(train_arts, seed, epochs)
            if kept:
                save(nlp, kept)
                (kept / "held_out.txt").write_text(marker)
        t = score_options(runner, nlp, test)
        log(f"fold {i + 1}/{k}: {len(train_arts)} training, {len(test)} held out, {time.perf_counter() - t0:.0f}s; "
            + ", ".join(f"{o} {t[o]['organisations.text']['f1']:.3f}" for o in OPTIONS) + " (text F1)")
        tables.append(t)
    return mean_table(tables)


# --------------------------------------------------------------------------- command
def main(root: Path, out: Path, sets: Path, texts: Path, folds_k: int = 0, seed: int = SEED,
         epochs: int = EPOCHS, blind: bool = False, keep: Path | None = None) -> int:
    if not sets.exists():
        raise UserError(f"sets file not found: {sets}")
    if folds_k and folds_k < 2:
        raise UserError(f"--folds must be at least 2 (got {folds_k})")
    log = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731
    real = load_real(sets, texts, "tuning")
    if not real:
        raise UserError(f"no text of the real tuning sets is restored under {texts}/: see eval/real/README.md")
    invented = load_invented(root)
    log(f"{len(invented)} invented/seed articles, {len(real)} real tuning articles")
    if folds_k:
        table = cross_validate(invented, real, folds_k, seed, epochs, log, keep)
        print(f"== organisations on held-out real articles: mean of {folds_k} folds "
              f"({len(real)} articles; {epochs} epochs, seed {seed})")
        print(format_options(table))
        return 0
    if blind:
        arts = load_real(sets, texts, "blind")
        if not arts:
            raise UserError(f"no text of the blind sets is restored under {texts}/")
        if not (out / "config.json").exists():
            raise UserError(f"no trained model in {out}/: run `python -m pipeline train` first")
        print(f"== organisations on the blind sets ({len(arts)} articles), the model in {out}/")
        print(format_options(score_options(RulesRunner(), load(out), arts)))
        return 0
    t0 = time.perf_counter()
    nlp, stats = train(invented + real, seed, epochs, log)
    save(nlp, out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"trained ner ({LABEL}) on {len(invented)} invented/seed and {len(real)} real articles in "
          f"{time.perf_counter() - t0:.0f}s: {stats.labelled} gold spans labelled, {stats.off_tokens} off token "
          f"boundaries (left missing), {stats.not_found} gold surfaces not found in the cleaned text; "
          f"saved {out}/ ({size / 1e6:.1f} MB)")
    if stats.examples:
        print("off token boundaries, e.g.: " + " | ".join(stats.examples))
    return 0
