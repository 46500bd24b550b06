"""Stage 1, tokens: the words and punctuation of one sentence with their offsets, and the
per-text state the later stages share (sentences, tokens built lazily, the lexicon scan).

Example: "Kremlin spokesman Dmitry Peskov said on Monday that ..." -> tokens
``Kremlin`` (0, 7), ``spokesman`` (8, 17), ``Dmitry`` (18, 24), ``Peskov`` (25, 31),
``said`` (32, 36), ``on`` (37, 39), ``Monday`` (40, 46) ...; :func:`skip_adverbs_and_dates`
steps back over "has also", "on Monday", "last week" to the subject's last word.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from ..text import Doc

if TYPE_CHECKING:
    pass
from .lexicon import _ABBR, _DATE_PREP, _DATE_WORDS, _DEICTIC_DATES, _SKIP, _TOKEN
from .scan import scan_lexicons


class SentenceTokens:
    """The tokens of one sentence as parallel lists: ``starts``/``ends`` (absolute offsets),
    ``words`` (token texts) and ``lows`` (the words lower-cased). Lists of atoms, no object
    per token: a text has thousands of tokens, and each rule reads a handful of them."""

    __slots__ = ("starts", "ends", "words", "lows")

    def __init__(self, starts: list[int], ends: list[int], words: list[str]) -> None:
        self.starts = starts
        self.ends = ends
        self.words = words
        self.lows = list(map(str.lower, words))


_TOKEN_SPLIT = re.compile("(" + _TOKEN.pattern + ")")


def sentence_tokens(text: str, lo: int, hi: int) -> SentenceTokens:
    """Word and punctuation tokens of ``text[lo:hi]`` with absolute offsets. Every
    non-space character belongs to a token, so splitting on the token pattern leaves
    whitespace between them and the offsets are running sums of the part lengths (all in
    C, no match objects)."""
    parts = _TOKEN_SPLIT.split(text[lo:hi])
    offs = list(accumulate(map(len, parts), initial=lo))
    return SentenceTokens(offs[1:-1:2], offs[2::2], parts[1::2])


def is_date_token(t: SentenceTokens, k: int) -> bool:
    return t.lows[k] in _DATE_WORDS or t.words[k][0].isdigit()


#: Words in "-ly" that are nouns, not adverbs ("the family said", "the assembly voted").
_LY_NOUNS = frozenset({"family", "assembly", "ally", "rally", "supply", "monopoly", "anomaly",
                       "bully", "daily", "weekly", "quarterly", "homily", "italy", "july"})


def skip_adverbs_and_dates(t: SentenceTokens, i: int) -> int:
    """Index of the last token before ``i`` (inclusive) that is not an auxiliary, adverb or
    date phrase ("has also", "on Oct. 10", "last week"); -1 when none is left."""
    w, lw = t.words, t.lows
    while i >= 0:
        low = lw[i]
        if w[i] == "May" and i > 0 and w[i - 1][0].isupper() and w[i - 1][1:].islower() \
                and lw[i - 1] not in _SKIP:
            return i                     # "Theresa May said": a name, not the modal
        if low in _SKIP or (len(low) > 4 and low.endswith("ly") and not w[i][0].isupper()
                            and low not in _LY_NOUNS):
            i -= 1
            continue
        if low == "far" and i > 0 and lw[i - 1] in ("so", "thus"):
            i -= 2                       # "Senate Republicans have so far refused"
            continue
        if not (low in _DATE_WORDS or w[i][0].isdigit() or w[i] in ".,"):
            return i                     # the common case: no date phrase ends here
        k = i
        while k >= 0 and (is_date_token(t, k)
                          or (w[k] in ".," and i > k > 0 and is_date_token(t, k - 1))
                          or (w[k] == "." and k > 0 and w[k - 1] in _ABBR)):
            k -= 1
        for _ in range(2):
            if k < i and k >= 0 and lw[k] in _DATE_PREP:
                k -= 1
        run = range(k + 1, i + 1)
        if any(is_date_token(t, m) for m in run) and (
                any(lw[m] in _DATE_PREP for m in run) or lw[i] in _DEICTIC_DATES):
            i = k
            continue
        return i
    return -1



class TextState:
    """Per-text state: sentences, their tokens (built lazily, one slot per sentence) and
    title-case flags."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc.text
        self.low = doc.lower
        self._hits: dict[str, list[re.Match]] | None = None
        self.sents = doc.sentences
        self.starts = [s.start for s in self.sents]
        self.ends = [s.end for s in self.sents]
        self._toks: list[SentenceTokens | None] = [None] * len(self.sents)
        self._title: list[bool | None] = [None] * len(self.sents)
        #: comment-request and no-content phrases (``comments.silent_phrases``), once found
        self.silent: list[tuple[int, int, str | None]] | None = None

    def hits(self, name: str) -> list[re.Match]:
        """Matches of one lexicon pattern group (see :func:`scan_lexicons`), scanned once."""
        if self._hits is None:
            self._hits = scan_lexicons(self.text, self.low)
        return self._hits[name]

    def sentence(self, pos: int) -> int:
        """Index of the sentence holding ``pos`` or -1."""
        i = bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self.ends[i] else -1

    def toks(self, si: int) -> SentenceTokens:
        t = self._toks[si]
        if t is None:
            t = self._toks[si] = sentence_tokens(self.text, self.starts[si], self.ends[si])
        return t

    def title_case(self, si: int) -> bool:
        """Headline-style sentence: most words capitalised ("De Blasio Says Chelsea ...")."""
        flag = self._title[si]
        if flag is None:
            initials = [w[0] for w in self.toks(si).words if len(w) > 3 and w[0].isalnum()]
            flag = self._title[si] = len(initials) >= 2 and sum(
                map(str.isupper, initials)) >= 0.7 * len(initials)
        return flag


@dataclass(slots=True)
class CueCandidate:
    cue: tuple[int, int]
    cls: str
    src: tuple[int, int] | None
    si: int


def token_span(t: SentenceTokens, rng: tuple[int, int] | None) -> tuple[int, int] | None:
    if rng is None or rng[0] >= rng[1]:
        return None
    return (t.starts[rng[0]], t.ends[rng[1] - 1])
