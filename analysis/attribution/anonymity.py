"""Stage 4b, anonymity: the clauses that say why a source is not named.

"speaking on condition of anonymity", "who asked not to be named", "because he was not
authorized to speak publicly", "who declined to be identified", "because they were not
allowed to discuss the talks" are evidence about the attribution they qualify, not
attributions of their own: the cues inside them ("speaking", "asked", "declined") and a
source inside them are dropped, and the clause is attached to the nearest attribution of its
sentence as its ``anonymity`` (reason, span), which makes that source ``anonymous``.

Example: "A senior official, speaking on condition of anonymity, said the talks had
stalled." -> clause ``speaking on condition of anonymity`` (19, 53), reason "condition of
anonymity"; one attribution, cue ``said`` (55, 59), source ``A senior official`` (0, 17).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

try:  # the regex parser's tree, to read the characters a pattern's matches start with
    from re import _constants, _parser  # type: ignore[attr-defined]

    _LITERAL, _IN, _RANGE = _constants.LITERAL, _constants.IN, _constants.RANGE
    _SUBPATTERN, _BRANCH = _constants.SUBPATTERN, _constants.BRANCH
    _REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)
except (ImportError, AttributeError):  # a Python without them: patterns run unguarded
    _parser = None

_TAIL = r"[^,.;:!?”\"()\n]{0,80}"
_WHO = r"(?:(?:who|and|but)\s+)?"
_BECAUSE = r"(?:(?:because|as|since)\s+(?:he|she|they|the\s+\w+)\s+|who\s+|and\s+)?"
_BE_NOT = r"(?:(?:was|were|is|are|am)\s+not|wasn['’]t|weren['’]t|isn['’]t|aren['’]t)\s+"

#: Reason label -> pattern (lower-case text). Each reason is one alternative of one regex.
_REASONS = {
    "condition of anonymity":
        _WHO + r"(?:(?:was\s+|were\s+)?(?:speaking|spoke|talking|talked)\s+"
        r"(?:to\s+[\w.’'\-]+(?:\s+[\w.’'\-]+){0,2}?\s+)?)?(?:on|under)\s+(?:the\s+)?"
        r"(?:strict\s+)?conditions?\s+(?:of|that)\s+(?:anonymity|(?:he|she|they|his|her|"
        r"their|its)\s+(?:names?\s+)?(?:not\s+be|be\s+not)\s+(?:named|identified|used|"
        r"published|disclosed))",
    "asked not to be named":
        _WHO + r"(?:asked|requested|spoke\s+on\s+the\s+condition)\s+not\s+to\s+be\s+"
        r"(?:named|identified|quoted\s+by\s+name)",
    "declined to be identified":
        _WHO + r"(?:declined|refused)\s+to\s+be\s+(?:named|identified)",
    "requested anonymity":
        _WHO + r"(?:(?:was|were)\s+)?(?:requested|asked\s+for|granted|insisted\s+on|"
        r"sought|requesting|asking\s+for)\s+anonymity" + r"(?:\s+(?:to|because|as)" + _TAIL
        + ")?",
    "not authorized":
        _BECAUSE + r"(?:" + _BE_NOT + r"authori[sz]ed|(?:was|were|is|are)\s+unauthori[sz]ed)"
        r"\s+to\s+(?:speak|discuss|comment|talk|be\s+(?:quoted|named|identified)|"
        r"(?:publicly|officially)\s+\w+|release|disclose|describe)" + _TAIL,
    "not allowed to discuss":
        _BECAUSE + _BE_NOT + r"(?:allowed|permitted|cleared)\s+to\s+(?:speak|discuss|comment|"
        r"talk|be\s+(?:quoted|named|identified)|(?:publicly|officially)\s+\w+|release|"
        r"disclose|describe)" + _TAIL,
    "spoke anonymously":
        _WHO + r"(?:spoke|speaking|talked|talking)\s+anonymously",
}


def _first_chars(items) -> tuple[set[str] | None, bool]:
    """(characters a match of the parsed sequence ``items`` can start with, whether it can
    match the empty string); None when a construct is not one of the few read here."""
    chars: set[str] = set()
    for op, av in items:
        if op is _LITERAL:
            return chars | {chr(av)}, False
        if op is _IN:
            for kind, arg in av:
                if kind is _LITERAL:
                    chars.add(chr(arg))
                elif kind is _RANGE and arg[1] - arg[0] < 128:
                    chars.update(map(chr, range(arg[0], arg[1] + 1)))
                else:
                    return None, False
            return chars, False
        if op is _SUBPATTERN:
            found, empty = _first_chars(av[-1])
        elif op is _BRANCH:
            found, empty = set(), False
            for alternative in av[1]:
                more, can_be_empty = _first_chars(alternative)
                if more is None:
                    return None, False
                found |= more
                empty = empty or can_be_empty
        elif op in _REPEATS:
            found, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        else:
            return None, False
        if found is None:
            return None, False
        chars |= found
        if not empty:
            return chars, False
    return chars, True


def first_char_guard(pattern: str) -> str:
    """``pattern`` behind a lookahead for the characters a match can start with: the same
    matches (the lookahead only fails where the pattern would), but the many offsets in a
    window where no match starts fail at one character class instead of trying every
    alternative. ``pattern`` unchanged when those characters are not plain literals."""
    if _parser is None:
        return pattern
    chars, empty = _first_chars(_parser.parse(pattern))
    if chars is None or empty or not chars:
        return pattern
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])(?:" + pattern + ")"


_ANONYMITY = re.compile(first_char_guard(
    "|".join(f"(?P<r{n}>{p})" for n, p in enumerate(_REASONS.values()))))
_REASON_OF = {f"r{n}": reason for n, reason in enumerate(_REASONS)}


@dataclass(frozen=True, slots=True)
class AnonymityClause:
    """One clause giving why a source is unnamed: ``start``/``end`` index the text,
    ``reason`` is the label of :data:`_REASONS` that matched."""

    start: int
    end: int
    reason: str


#: Words that every anonymity clause contains: the clause regex runs only near them.
_ANCHORS = ("anonym", "authori", "not to be", "allowed to", "permitted to", "cleared to",
            "to be identified", "to be named")


def anchor_windows(low: str, anchors: tuple[str, ...], before: int,
                   after: int) -> list[tuple[int, int]]:
    """Merged ranges ``[pos - before, pos + after)`` around every occurrence of an anchor in
    ``low`` (found with ``str.find``, in C): a regex with optional openers is far slower to
    try at every offset than to run on these few windows. Linear in ``len(low)`` plus the
    windows' total length."""
    hits = []
    for word in anchors:
        i = low.find(word)
        while i >= 0:
            hits.append(i)
            i = low.find(word, i + 1)
    hits.sort()
    out: list[tuple[int, int]] = []
    for i in hits:
        lo, hi = max(0, i - before), min(len(low), i + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def windowed_matches(pattern: re.Pattern, text: str, low: str,
                     windows: list[tuple[int, int]]):
    """``pattern``'s matches inside ``windows`` (in order, no duplicates), on ``low`` when
    lower-casing keeps the length, else case-insensitively on ``text``."""
    if len(low) == len(text):
        subject, pat = low, pattern
    else:
        subject, pat = text, re.compile(pattern.pattern, re.IGNORECASE)
    for lo, hi in windows:
        yield from pat.finditer(subject, lo, hi)


def anonymity_clauses(text: str, low: str) -> list[AnonymityClause]:
    """Every anonymity clause of ``text`` (``low`` = ``text.lower()``), in text order; the
    clause regex runs near the words every clause contains (:func:`anchor_windows`), so the
    cost is linear in the text. Offsets always index ``text``."""
    windows = anchor_windows(low, _ANCHORS, 80, 110) if len(low) == len(text) else \
        anchor_windows(text.lower(), _ANCHORS, 80, 110) if len(text.lower()) == len(text) \
        else [(0, len(text))]
    out = []
    for m in windowed_matches(_ANONYMITY, text, low, windows):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "-"):
            continue                     # a match must start at a word boundary
        end = m.end()
        while end > m.start() and text[end - 1].isspace():
            end -= 1
        out.append(AnonymityClause(m.start(), end, _REASON_OF[m.lastgroup]))
    return out


def inside_any(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether ``pos`` lies in one of the sorted, non-overlapping ``spans``."""
    i = bisect_left(starts, pos + 1) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def overlaps_any(spans: list[tuple[int, int]], starts: list[int],
                 rng: tuple[int, int] | None) -> bool:
    """Whether the range ``rng`` shares a character with one of the sorted ``spans``."""
    if rng is None or not spans:
        return False
    i = bisect_left(starts, rng[1]) - 1
    return i >= 0 and spans[i][1] > rng[0]
