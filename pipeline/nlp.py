"""The spaCy side of extraction: documents built from underthesea's tokens, and the
registered extractor components assembled into one `Language`.

spaCy's own Vietnamese tokenizer would need pyvi; we never call it. A `Doc` is built
directly from the segment stage's tokens, with whitespace tokens filling every gap, so
that `doc.text` equals the cleaned text exactly and `span.start_char` is an offset into it.
"""
from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any, Callable


def _import_spacy_without_its_cli():
    """`import spacy`, but without `spacy.cli` (typer, requests, weasel, jinja2: ~0.14 s of
    every process's start, a third of spaCy's import), which `spacy/__init__` imports only to
    offer `spacy.info`. Upstream made that import lazy (explosion/spaCy#12962); this does the
    same from outside: while spaCy imports, `spacy.cli.info` is a stand-in whose `info` loads
    the real one when called. The stand-in is gone once spaCy is imported, so `import
    spacy.cli` later gives the real package, and so does the attribute `spacy.cli`. A no-op if
    spaCy is imported already."""
    if "spacy" in sys.modules:
        return
    stand_in = types.ModuleType("spacy.cli.info")

    def info(*args, **kwargs):
        from spacy.cli.info import info as real
        return real(*args, **kwargs)
    stand_in.info = info
    sys.modules["spacy.cli.info"] = stand_in
    try:
        import spacy
    finally:
        if sys.modules.get("spacy.cli.info") is stand_in:
            del sys.modules["spacy.cli.info"]

    def lazy_cli(name):
        if name == "cli":
            import spacy.cli
            return spacy.cli
        raise AttributeError(f"module 'spacy' has no attribute {name!r}")
    if not hasattr(spacy, "__getattr__"):
        spacy.__getattr__ = lazy_cli


_import_spacy_without_its_cli()

import numpy  # noqa: E402
import spacy  # noqa: E402
from spacy.attrs import SENT_START  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.util import registry  # noqa: E402

from .model import CleanDocument, Extraction, SegmentedDocument  # noqa: E402
from .segment import sentence_index_at  # noqa: E402

for _name in ("clean", "sentences", "extraction"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# Order matters: metadata gives the year and province that dates and organisations use;
# organisations come before clusters and officials, which refer to them; events come last:
# they are built from the dates, organisations and clusters found before them.
COMPONENTS = (
    "thidua_metadata",
    "thidua_dates",
    "thidua_periods",
    "thidua_campaigns",
    "thidua_organisations",
    "thidua_clusters",
    "thidua_officials",
    "thidua_events",
)


# word -> orth id (the hash under which `vocab.strings` holds it), for the vocab in _ORTHS_VOCAB
_ORTHS: dict[str, int] = {}
_ORTHS_VOCAB: list[Any] = [None]
_ORTHS_MAX = 100_000  # distinct words kept (a few MB); the cache starts again past that


def _orths(vocab, words: list[str]) -> list[int]:
    """`words` as orth ids for `Doc(words=...)`. Given a string, spaCy hashes it and checks the
    string store twice per token; given the id, it looks the lexeme up directly (Doc() with the
    lookup here ~4x cheaper on our articles, make_doc 0.23 -> 0.15 ms). Same lexemes: the id is
    the string's hash, and every cached string was added to this vocab's store."""
    if _ORTHS_VOCAB[0] is not vocab or len(_ORTHS) > _ORTHS_MAX:
        _ORTHS.clear()
        _ORTHS_VOCAB[0] = vocab
    try:
        return list(map(_ORTHS.__getitem__, words))
    except KeyError:
        add = vocab.strings.add
        for w in words:
            if w not in _ORTHS:
                _ORTHS[w] = add(w)
        return list(map(_ORTHS.__getitem__, words))


def make_doc(vocab, seg: SegmentedDocument) -> Doc:
    """A Doc whose text is the cleaned text, tokens from underthesea, sentences preset.

    Each gap between tokens becomes a whitespace token, except a single space after a token,
    which becomes that token's trailing space. The loop runs per token, so it is kept flat
    (no closure; sentence starts recorded as indices).
    """
    text = seg.clean.text
    words: list[str] = []
    spaces: list[bool] = []
    firsts: list[int] = [0]            # indices of the tokens that start a sentence
    add_word, add_space = words.append, spaces.append
    cursor = 0
    for sent in seg.sentences:
        first = True
        for tok in sent.tokens:
            if tok.start > cursor:
                g = text[cursor:tok.start]
                if g == " " and words and not spaces[-1]:
                    spaces[-1] = True
                elif g:
                    add_word(g)
                    add_space(False)
            if first:
                firsts.append(len(words))
                first = False
            add_word(tok.text)
            add_space(False)
            cursor = tok.end
    g = text[cursor:]
    if g == " " and words and not spaces[-1]:
        spaces[-1] = True
    elif g:
        words.append(g)
        spaces.append(False)
    if not words:
        return Doc(vocab, words=[])
    # Sentence starts go in as one array: what Doc(..., sent_starts=) does, without its
    # element-by-element copy (1 starts a sentence, -1 does not).
    starts = numpy.full(len(words), -1, dtype=numpy.int32)
    starts[firsts] = 1
    try:
        doc = Doc(vocab, words=_orths(vocab, words), spaces=spaces)
    except KeyError:  # a cached id whose string spaCy dropped (a memory zone ended): look the strings up
        _ORTHS.clear()
        doc = Doc(vocab, words=words, spaces=spaces)
    doc.from_array([SENT_START], starts.astype(numpy.uint64))
    doc._.clean = seg.clean
    doc._.sentences = seg.sentences
    doc._.extraction = Extraction()
    return doc


def doc_text(doc: Doc) -> str:
    """The cleaned text: the same string as doc.text, which spaCy rebuilds on every access."""
    clean = doc._.clean
    return clean.text if clean is not None else doc.text


def provenance(doc: Doc, start: int, end: int, method: str) -> dict[str, Any]:
    """Provenance kwargs (text, offsets, sentence index, method) for a Fact over doc_text[start:end]."""
    return provenance_for(doc)(start, end, method)


def provenance_for(doc: Doc) -> Callable[[int, int, str], dict[str, Any]]:
    """`provenance` for the facts of one doc: the text and sentences are read once (each `doc._`
    read makes an Underscore object; a loop over an article's facts would make two per fact)."""
    ext = doc._
    clean = ext.clean
    text = clean.text if clean is not None else doc.text
    sentences = ext.sentences or ()

    def prov(start: int, end: int, method: str) -> dict[str, Any]:
        return dict(text=text[start:end], start=start, end=end,
                    sent_index=sentence_index_at(sentences, start), method=method)
    return prov


class UndertheseaTokenizer:
    """`nlp("text")` support: treats the text as already cleaned and segments it."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from .segment import segment
        return make_doc(self.vocab, segment(CleanDocument(source="<text>", fmt="txt", text=text)))

    # spaCy serialises the tokenizer with the pipeline; this one has no state.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "UndertheseaTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, **kwargs) -> "UndertheseaTokenizer":
        return self


@registry.tokenizers("thidua.underthesea_tokenizer.v1")
def create_tokenizer() -> Callable[[Language], UndertheseaTokenizer]:
    def make(nlp: Language) -> UndertheseaTokenizer:
        return UndertheseaTokenizer(nlp.vocab)
    return make


class Extractor:
    """Base of the extractor components: rules are data (`self.data`), compiled once.

    Subclasses set `data_files` (paths under `models/`) and implement `setup()` (compile
    `self.data` into matchers) and `extract(doc, out)`. `to_disk`/`from_disk` write and read
    `self.data`, so a saved pipeline is self-contained and reloads to the same behaviour.
    """

    data_files: tuple[str, ...] = ()

    def __init__(self, nlp: Language, name: str, models_dir: str = ""):
        self.nlp = nlp
        self.name = name
        self.data: dict[str, Any] = self.load_data(Path(models_dir) if models_dir else None)
        self.setup()

    def load_data(self, models_dir: Path | None) -> dict[str, Any]:
        from . import resources
        base = str(models_dir or resources.models_dir())
        data: dict[str, Any] = {}
        for f in self.data_files:
            if f.endswith(".tsv"):
                data[f] = [dict(r) for r in resources.load_table(f, base)]
            elif f.endswith(".json"):
                data[f] = resources.load_json(f, base)
            else:
                data[f] = list(resources.load_list(f, base))
        return data

    def setup(self) -> None:  # compile self.data; override
        pass

    def extract(self, doc: Doc, out: Extraction) -> None:  # override
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._
        out = ext.extraction
        if out is None:
            out = ext.extraction = Extraction()
        self.extract(doc, out)
        return doc

    # ---- helpers for subclasses
    @staticmethod
    def prov(doc: Doc, start: int, end: int, method: str) -> dict[str, Any]:
        """Provenance kwargs for a Fact covering doc.text[start:end]."""
        return provenance(doc, start, end, method)

    # ---- serialisation
    def to_disk(self, path, exclude=tuple()) -> None:
        import srsly
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        srsly.write_json(p / "data.json", self.data)

    def from_disk(self, path, exclude=tuple()) -> "Extractor":
        import srsly
        self.data = srsly.read_json(Path(path) / "data.json")
        self.setup()
        return self

    def to_bytes(self, exclude=tuple()) -> bytes:
        import srsly
        return srsly.json_dumps(self.data).encode("utf-8")

    def from_bytes(self, data: bytes, exclude=tuple()) -> "Extractor":
        import srsly
        self.data = srsly.json_loads(data.decode("utf-8"))
        self.setup()
        return self


# name -> factory function (nlp, name, models_dir) -> component, as registered with spaCy;
# `pipeline.factories` exposes them to spaCy's `spacy_factories` entry points (pyproject.toml),
# so that `spacy.load(path)` finds them in any process once the package is installed.
FACTORIES: dict[str, Callable] = {}


def register(name: str, cls: type[Extractor]) -> None:
    """Register an Extractor subclass as a spaCy factory `name`."""
    if name in FACTORIES:
        return

    def factory(nlp: Language, name: str, models_dir: str) -> Extractor:
        return cls(nlp, name, models_dir)
    factory.__name__ = factory.__qualname__ = name
    FACTORIES[name] = factory
    # (no `name in registry.factories` test: that consults the entry points, which import this package)
    Language.factory(name, default_config={"models_dir": ""})(factory)


# ---------------------------------------------------------------- facts as spaCy spans
SPANS = "thidua_spans"
# kind of fact (Extraction.facts(), the `mentions.kind` column) -> span label in doc.spans[kind]
SPAN_LABELS = {"published": "PUBLISHED", "author": "AUTHOR", "date": "DATE", "period": "PERIOD",
               "campaign": "CAMPAIGN", "organisation": "ORG", "cluster": "CLUSTER",
               "cluster_member": "CLUSTER_MEMBER", "official": "OFFICIAL"}


class FactSpans:
    """Last component of a saved pipeline: every fact of `doc._.extraction` also as a spaCy
    span, one group per kind in `doc.spans` (overlaps allowed), and the longest
    non-overlapping ones as `doc.ents`, so displaCy and spaCy tools see them. A fact that
    cuts through an underthesea token is widened to whole tokens (its own offsets stay exact
    in `doc._.extraction`). The runner does not use it: datasets store facts by offsets."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from spacy.util import filter_spans
        ex = doc._.extraction
        if ex is None:
            return doc
        groups: dict[str, list] = {k: [] for k in SPAN_LABELS}
        for kind, f in ex.facts():
            sp = doc.char_span(f.start, f.end, label=SPAN_LABELS.get(kind, kind.upper()), alignment_mode="expand")
            if sp is not None:
                groups.setdefault(kind, []).append(sp)
        for kind, spans in groups.items():
            doc.spans[kind] = spans
        doc.ents = filter_spans([sp for spans in groups.values() for sp in spans])
        return doc

    def to_disk(self, path, exclude=tuple()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, exclude=tuple()) -> "FactSpans":
        return self


def make_fact_spans(nlp: Language, name: str) -> FactSpans:
    return FactSpans(nlp, name)


make_fact_spans.__name__ = make_fact_spans.__qualname__ = SPANS
FACTORIES[SPANS] = make_fact_spans
Language.factory(SPANS)(make_fact_spans)


def build_nlp(models_dir: str | Path | None = None, spans: bool = False) -> Language:
    """Assemble the extraction pipeline from the rules under `models/`; `spans`: add the
    component that copies the facts into `doc.spans` / `doc.ents` (saved pipelines have it)."""
    from . import extract as _  # noqa: F401  registers the factories

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "thidua.underthesea_tokenizer.v1"}}})
    for name in COMPONENTS:
        if name in FACTORIES:
            nlp.add_pipe(name, config={"models_dir": str(models_dir or "")})
    if spans:
        nlp.add_pipe(SPANS)
    return nlp


def load_nlp(path: str | Path) -> Language:
    """Load a pipeline saved with `nlp.to_disk(path)`."""
    from . import extract as _  # noqa: F401
    return spacy.load(path)


_NLP: Language | None = None


def get_nlp() -> Language:
    """The process-wide pipeline, built once (each worker process builds its own)."""
    global _NLP
    if _NLP is None:
        _NLP = build_nlp()
    return _NLP


def run_extractors(seg: SegmentedDocument, nlp: Language | None = None) -> Extraction:
    nlp = nlp or get_nlp()
    doc = make_doc(nlp.vocab, seg)
    if len(doc) == 0:
        return Extraction()
    return nlp(doc)._.extraction
