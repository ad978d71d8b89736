"""Is this text Vietnamese? A small, fast test that needs no model.

Vietnamese writes tones and vowel qualities with letters no other language written in Latin
script uses together: ă đ ĩ ũ ơ ư and the precomposed letters of U+1EA0-U+1EF9 (ạ ả ấ ầ ... ỹ).
In running Vietnamese text about half the words hold one of them (measured on the cleaned texts of
the ten real pages of `../shared/realhtml/`, the seeds and the eval sets, 51 articles: 52-70 %);
in English or French text none do, and a Vietnamese word or two in a menu does not lift a page's
share near the threshold of 15 %. Text written
without diacritics (`Cong doan tinh`) fails the test; such pages are rare in news and are
rejected with a detail that says so.
"""
from __future__ import annotations

import re

MIN_SHARE = 0.15       # share of words with a Vietnamese letter, at or above: Vietnamese
MIN_WORDS = 12         # fewer words than this: too little to judge, taken as Vietnamese
SAMPLE_CHARS = 20_000  # the test reads the start of the text only
MIN_PAGE_CHARS = 2_000 # raw HTML shorter than this is not judged before extraction

# (â ê ô are left out: French writes them too)
_VI_LETTERS = "ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9"
_WORD = re.compile(r"[^\W\d_]+")
_VI_WORD = re.compile(rf"[^\W\d_]*[{_VI_LETTERS}][^\W\d_]*")
_VI_LETTER = re.compile(rf"[{_VI_LETTERS}]")


def share(text: str) -> tuple[int, float]:
    """(number of words, share of them holding a Vietnamese letter) in the start of `text`."""
    sample = text[:SAMPLE_CHARS]
    n = len(_WORD.findall(sample))
    if not n:
        return 0, 0.0
    return n, len(_VI_WORD.findall(sample)) / n


def is_vietnamese(text: str) -> bool:
    n, s = share(text)
    return n < MIN_WORDS or s >= MIN_SHARE


def maybe_vietnamese(html: str) -> bool:
    """A test on raw HTML before any parsing: a page of some size without a single Vietnamese
    letter is not Vietnamese (an English page, a bare error page), and is not worth extracting.
    A small page or fragment is left to the full test, which runs on the extracted text."""
    return len(html) < MIN_PAGE_CHARS or _VI_LETTER.search(html) is not None


def describe(text: str) -> str:
    n, s = share(text)
    return f"{s:.0%} of {n} words have a Vietnamese letter, {MIN_SHARE:.0%} needed"
