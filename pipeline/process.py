"""One article through clean -> segment -> extract: the unit of work of every runner
(sequential, process pool or Dask). Pure: no I/O."""
from __future__ import annotations

from .clean import clean
from .identity import article_id, sha256_text
from .model import CleanDocument, ProcessedArticle, RawDocument, Reject
from .segment import segment


def prepare(raw: RawDocument) -> CleanDocument | Reject:
    """Cheap part (cleaning): lets a runner hash the content and skip unchanged articles."""
    try:
        return clean(raw)
    except Exception as e:  # a cleaner bug must not kill the batch: the input becomes a reject
        return Reject(raw.source, "error", f"clean: {type(e).__name__}: {e}")


def process_clean(doc: CleanDocument, nlp=None) -> ProcessedArticle | Reject:
    """Expensive part: segmentation and extraction."""
    from .nlp import run_extractors
    try:
        sha = sha256_text(doc.text)
        seg = segment(doc)
        extraction = run_extractors(seg, nlp)
        return ProcessedArticle(article_id(doc.source, doc.url, sha), sha, seg, extraction)
    except Exception as e:
        return Reject(doc.source, "error", f"{type(e).__name__}: {e}")


def process(raw: RawDocument, nlp=None) -> ProcessedArticle | Reject:
    doc = prepare(raw)
    return doc if isinstance(doc, Reject) else process_clean(doc, nlp)
