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


def trie_alternation(words: Iterable[str]) -> str:
    """Regex source matching the same as the longest-first alternation of the literal `words`
    (`"|".join(map(re.escape, sorted(words, key=len, reverse=True)))`), written as a trie.

    A flat alternation tries every branch at every candidate position; the trie tries one
    letter at a time. Every word matching at a position lies on one path of the trie and the
    greedy optional groups try the deeper ends first, so matches, and the order in which
    backtracking tries the shorter words, are the same as the longest-first alternation's.
    """
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}                      # a word ends here

    def src(node: dict) -> str:
        ends = "" in node
        alts = [re.escape(ch) + src(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:
            return "(?:" + body + ")?" if len(alts) > 1 or len(body) > 1 else body + "?"
        return body

    if not trie:
        return "(?!)"
    return src(trie)
