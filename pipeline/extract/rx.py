"""Regex helpers shared by the extractors.

Python's `re` tries every branch of an alternation at every position of the text. A long
alternation of phrases (titles, non-organisation phrases) therefore costs the number of
branches times the length of the text. A lookahead on the set of letters the phrases can
start with rejects almost every position in one test, with the same matches.
"""
from __future__ import annotations

import re
from typing import Iterable

# letters whose spelling varies at a phrase's start: `Ủy`/`Uỷ` (both written, see _flex)
_VARIANTS = {"u": "uủUỦ", "ủ": "uủUỦ"}


def first_letters(phrases: Iterable[str]) -> str:
    """`(?=[...])`: a lookahead on the first letters of `phrases`, in either case."""
    chars: set[str] = set()
    for p in phrases:
        p = p.lstrip()
        if not p:
            return ""          # an empty phrase can match anywhere: no guard
        c = p[0]
        chars |= {c, c.lower(), c.upper()}
        chars |= set(_VARIANTS.get(c.lower(), ""))
    if not chars:
        return ""
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"
