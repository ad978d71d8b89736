"""Segment stage: underthesea sentence splitting and word segmentation, with offsets.

underthesea returns strings, not offsets, and occasionally inserts or drops spaces inside
a token, so every sentence and token is re-anchored in the cleaned text by walking its
non-space characters. Lines are segmented one at a time: a headline or a caption has no
final period, and must not be glued to the paragraph after it.
"""
from __future__ import annotations

import re

from .model import CleanDocument, SegmentedDocument, Sentence, Token

_LINE = re.compile(r"[^\n]+")
_SPACES = frozenset(" \t\r\f\v\u00a0\u2009\u200a\u202f\u3000")
# Bound the work underthesea does on one line: its CRF is linear, but a 100k-char line of
# one "word" still costs seconds. Longer lines are cut at spaces into chunks of this size.
MAX_CHUNK = 5000


def _align(text: str, piece: str, pos: int, limit: int) -> tuple[int, int] | None:
    """Find `piece` in text[pos:limit] ignoring whitespace differences; return (start, end)."""
    chars = [c for c in piece if not c.isspace()]
    if not chars:
        return None
    i = pos
    while i < limit and text[i] != chars[0]:
        i += 1
    if i >= limit:
        return None
    start = i
    k = 0
    while i < limit and k < len(chars):
        c = text[i]
        if c == chars[k]:
            k += 1
        elif not c.isspace():
            return None
        i += 1
    return (start, i) if k == len(chars) else None


def _find(text: str, piece: str, pos: int, limit: int) -> tuple[int, int] | None:
    """`_align`, with a fast path for the usual case: `piece` is the text after the spaces at `pos`."""
    i = pos
    while i < limit and text[i] in _SPACES:
        i += 1
    n = len(piece)
    if n and i + n <= limit and text.startswith(piece, i) and not piece[0].isspace() and not piece[-1].isspace():
        return i, i + n
    return _align(text, piece, pos, limit)


def _chunks(line: str, base: int):
    """Yield (offset, chunk) pieces of at most MAX_CHUNK characters, cut at whitespace."""
    if len(line) <= MAX_CHUNK:
        yield base, line
        return
    i = 0
    while i < len(line):
        j = min(len(line), i + MAX_CHUNK)
        if j < len(line):
            cut = line.rfind(" ", i + 1, j)
            j = cut if cut > i else j
        yield base + i, line[i:j]
        i = j


def _tokens(text: str, words: list[str], pos: int, end: int) -> tuple[Token, ...]:
    """Anchor underthesea's words in text[pos:end], in order; a word that cannot be found is dropped.

    This runs for every token of every article (the pipeline's per-token overhead on top of
    underthesea), so `_find`'s fast path is inlined: skip the spaces at the cursor, then the
    word is usually right there."""
    out: list[Token] = []
    add = out.append
    spaces = _SPACES
    for w in words:
        i = pos
        while i < end and text[i] in spaces:
            i += 1
        if w and text.startswith(w, i, end) and not w[0].isspace() and not w[-1].isspace():
            pos = i + len(w)
            add(Token(w, i, pos))
            continue
        span = _align(text, w, pos, end)
        if span is not None:
            add(Token(text[span[0]:span[1]], span[0], span[1]))
            pos = span[1]
    return tuple(out)


def load_word_model() -> bool:
    """Load underthesea's CRF word-segmentation model ahead of its first use, with the C unpickler.

    underthesea loads the model lazily with `joblib.load`, whose unpickler is the pure-Python
    one: for the model's dictionary (a set of 72k strings) that is ~50 ms more CPU at every
    process start (measured: 0.14 s -> 0.09 s for the first segmentation). The two files are
    plain pickles, so `pickle.load` gives the same objects. Anything unexpected (another layout, several model folders, a file that is not a
    plain pickle) leaves the model unloaded, and underthesea loads it its own way. Returns
    whether the model was loaded here."""
    import pickle
    from pathlib import Path
    try:
        import underthesea.pipeline.word_tokenize as wt
        from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger
        from underthesea_core import CRFFeaturizer, CRFTagger
    except ImportError:
        return False
    if getattr(wt, "word_tokenize_model", "absent") is not None:   # loaded already, or not this layout
        return False
    try:
        folders = [p for p in (Path(wt.__file__).parent / "models").iterdir() if p.is_dir()]
        if len(folders) != 1:
            return False
        model = FastCRFSequenceTagger()
        with open(folders[0] / model.path_features, "rb") as f:
            features = pickle.load(f)
        with open(folders[0] / model.path_dictionary, "rb") as f:
            dictionary = pickle.load(f)
        if not isinstance(features, list) or not isinstance(dictionary, set):
            return False
        tagger = CRFTagger()
        tagger.load(str(folders[0] / model.path_model))
        model.featurizer, model.estimator = CRFFeaturizer(features, dictionary), tagger   # as its .load() does
    except Exception:
        return False
    wt.word_tokenize_model = model
    return True


def segment(clean: CleanDocument) -> SegmentedDocument:
    """Split the cleaned text into sentences and tokens, all anchored by character offsets."""
    from underthesea import sent_tokenize, word_tokenize  # heavy import, once per process

    text = clean.text
    sentences: list[Sentence] = []
    for m in _LINE.finditer(text):
        for base, chunk in _chunks(m.group(), m.start()):
            if not chunk.strip():
                continue
            cursor, limit = base, base + len(chunk)
            for sent in sent_tokenize(chunk):
                span = _find(text, sent, cursor, limit)
                if span is None:
                    continue
                s_start, s_end = span
                cursor = s_end
                s_text = text[s_start:s_end]
                sentences.append(Sentence(len(sentences), s_start, s_end, s_text,
                                          _tokens(text, word_tokenize(s_text), s_start, s_end)))
    return SegmentedDocument(clean=clean, sentences=tuple(sentences))


def sentence_index_at(sentences: tuple[Sentence, ...], offset: int) -> int:
    """Index of the sentence containing `offset`, or -1. Binary search over sentence starts."""
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sentences[mid]
        if offset < s.start:
            hi = mid - 1
        elif offset >= s.end:
            lo = mid + 1
        else:
            return s.index
    return -1
