"""Regex helpers shared by the extractors.

Python's `re` tries every branch of an alternation at every position of the text. A long
alternation of phrases (titles, non-organisation phrases) therefore costs the number of
branches times the length of the text. A lookahead on the set of letters the phrases can
start with rejects almost every position in one test, with the same matches.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

# letters whose spelling varies at a phrase's start: `Ủy`/`Uỷ` (both written, see _flex)
_VARIANTS = {"u": "uủUỦ", "ủ": "uủUỦ"}


_TONES = "\u0300\u0301\u0303\u0309\u0323"
# a syllable-final open diphthong (oa, oe, uy) with its tone on the first vowel (old style: `hòa`, `thủy`) or on
# the second (new style: `hoà`, `thuỷ`); both are written in union news, often in one article
_TONE_FIRST = re.compile(rf"([oO])([{_TONES}])([aAeE])(?![\w\u0300-\u036f])|(?<![qQ])([uU])([{_TONES}])([yY])(?![\w\u0300-\u036f])")
_TONE_SECOND = re.compile(rf"([oO])([aAeE])([{_TONES}])(?![\w\u0300-\u036f])|(?<![qQ])([uU])([yY])([{_TONES}])(?![\w\u0300-\u036f])")


def _swap(m: re.Match) -> str:
    return m.group(1) + m.group(3) + m.group(2) if m.group(1) else m.group(4) + m.group(6) + m.group(5)


def tone_flex(word: str) -> str:
    """A word as a regex that matches it with either tone placement of a final oa/oe/uy (`Tòa`/`Toà`,
    `Ủy`/`Uỷ`, `Hòa`/`Hoà`); any other word as itself, escaped."""
    d = unicodedata.normalize("NFD", word)
    first = _TONE_SECOND.sub(_swap, d)
    second = _TONE_FIRST.sub(_swap, first)
    if first == second:
        return re.escape(word)
    return f"(?:{re.escape(unicodedata.normalize('NFC', first))}|{re.escape(unicodedata.normalize('NFC', second))})"


def words_re(phrases: Iterable[str], flags: int = 0) -> re.Pattern:
    """Any of `phrases` as a whole word, written as a trie (a flat alternation of a hundred phrases is
    tried phrase by phrase at every position). The phrases are lower-cased: pass `re.I` to match them in
    any case; no phrase, a pattern that matches nothing."""
    alts = {p.lower() for p in phrases if p}
    if not alts:
        return re.compile(r"(?!)")
    return re.compile(r"(?<!\w)(?:" + trie_alternation(alts) + r")(?!\w)", flags)


def first_letters(phrases: Iterable[str]) -> str:
    """`(?=[...])`: a lookahead on the first letters of `phrases`, in either case."""
    chars: set[str] = set()
    for p in phrases:
        letters = letters_of(p)
        if not letters:
            return ""          # an empty phrase can match anywhere: no guard
        chars |= letters
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


def letters_of(phrase: str) -> set[str]:
    """The letters `phrase` can start with, in either case, `Ủ`/`U` both (empty for a blank phrase)."""
    c = phrase.lstrip()[:1]
    return {c, c.lower(), c.upper()} | set(_VARIANTS.get(c.lower(), "")) if c else set()


def by_letters(phrases: Iterable[str]) -> list[tuple[set[str], list[str]]]:
    """`phrases` grouped by the letters they can start with, each group in the given order; groups
    whose letters overlap are merged, so at any position only one group can match."""
    phrases = list(phrases)
    groups: list[tuple[set[str], list[int]]] = []
    for i, p in enumerate(phrases):
        letters, idx = letters_of(p), [i]
        for g in [g for g in groups if g[0] & letters]:
            groups.remove(g)
            letters, idx = letters | g[0], g[1] + idx
        groups.append((letters, idx))
    return [(letters, [phrases[i] for i in sorted(idx)]) for letters, idx in groups]


def start_scan(groups: Iterable[tuple[Iterable[str], str]], before: str = "", capture: bool = False) -> str:
    """One pattern finding every position where a group's pattern matches, for `finditer`.

    groups: (letters, pattern) pairs with disjoint letter sets; a pattern is tried only where the
    text has one of its letters, so the letters must include every character it can start with
    (both cases of a letter for a case-insensitive pattern, as `first_letters` assumes; the other
    characters `(?i)` equates, such as the Kelvin sign, are not in NFC text). The match consumes
    just that letter: `re` then skips every other position in C (a pattern that starts with a
    character set gets a fast scan, one that starts with a lookbehind is tried everywhere) and
    overlapping starts are all found. `before`: a negative lookbehind class for the character before
    the start (e.g. r"\\w"). With `capture`, pattern i (non-empty matches, no groups of its own)
    is group i+1: its span is `m.span(m.lastindex)`.
    """
    branches, every = [], set()
    for letters, pat in groups:
        letters = set(letters)
        every |= letters
        cls = "[" + "".join(re.escape(c) for c in sorted(letters)) + "]"
        body = f"({pat})" if capture else f"(?:{pat})"
        # step back over the letter, then match the pattern from it without consuming more
        branches.append(f"{cls}(?<=(?={body})[\\s\\S])")
    if not every:
        return "(?!)"
    head = "[" + "".join(re.escape(c) for c in sorted(every)) + "]"
    guard = f"(?<![{before}][\\s\\S])" if before else ""
    return head + guard + "(?<=" + "|".join(branches) + ")"


def scan_spans(scan: re.Pattern, text: str) -> list[tuple[int, int]]:
    """The spans `finditer` gives for the patterns of a `start_scan(..., capture=True)`: the scan
    finds every start, overlapping ones included, and a match starting inside the previous one
    is dropped, as `finditer` would skip it."""
    out: list[tuple[int, int]] = []
    end = 0
    for m in scan.finditer(text):
        a, b = m.span(m.lastindex)
        if a >= end:
            out.append((a, b))
            end = b
    return out
