"""Sentences, words and quoted regions of a news text, all with character offsets.

This is the shared text layer every extractor builds on: a ``Doc`` analyses one text once
(sentences, quotation spans, word tokens) and answers "is this offset inside a quote?" and
"which sentence holds this offset?" in O(log n).

Definitions (the package's rates per 100 words and per sentence all rest on them):

* **Sentence** (:func:`sentence_spans`). Every line break ends a sentence (paragraphs, and
  single newlines such as bullet lines "- ..."). Inside a line a sentence ends at ``.``,
  ``?``, ``!``, ``…`` (plus any closing quotes/brackets, which belong to the sentence they
  close) when the next word starts with a capital letter, a digit or an opening quote, and
  the word before the period is not an abbreviation ("Oct. 14", "Sen.", "Lt. Gen.",
  "No. 5", "U.S. President", "John F. Kerry", "10 a.m. Monday"). Abbreviations and initials
  do end a sentence when the next word is a typical sentence opener ("... in the U.S. The
  ..."). Glued sentences ("forces.Concluded", "countries.The") are split; "U.S.'s", "e.g.",
  "Node.js", "3.5" and URLs are not. A short capitalised place name opening a paragraph
  ("Moscow. Russian President ...", "LONDON. The ...") is a dateline and is kept with the
  sentence it introduces (it is not a sentence of its own, so it does not deflate words
  per sentence); "WASHINGTON (Reuters) - ..." has no period and needs no rule. The word
  lists behind these rules are data: ``lexicons/text_sentence_rules.tsv``.
* **Quote** (:func:`quote_spans`). Double marks (“ ” " „ « ») pair with each other in any
  combination (“ ... " is closed); single marks (‘ ’ ') count only when clearly quoting: an
  opening mark at a word start and a closing mark at a word end in the same paragraph.
  ’ and ' between letters or before a year ("Russia’s", "don’t", "’90s") are apostrophes.
  A double quote still open at the end of a paragraph continues when the next paragraph
  starts with an opening mark (news style for multi-paragraph quotes); otherwise it ends at
  the paragraph end with ``close_end=None``. Only outermost quotes are reported (a quote
  inside a quote is quoted text already), so spans are sorted and never overlap.
* **Word** (:func:`word_spans`). A run of letters/digits joined by inner apostrophes,
  hyphens, en dashes, periods, slashes or underscores, and by commas/colons between digits:
  "Russia’s", "Jong-un", "U.S", "10,000", "3.5", "10:30", "and/or" are one word each; "Kim
  Jong-un" is two. This matches textstat's ``lexicon_count`` (whitespace tokens holding a
  word character) except for tokens glued by em dashes or other symbols.

Reference: Kiss & Strunk (2006), "Unsupervised multilingual sentence boundary detection"
(abbreviation/initial/ordinal heuristics), and the AP Stylebook conventions for datelines,
abbreviated titles and months, and multi-paragraph quotations.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from types import MappingProxyType
from typing import TypeVar

from . import paths

_T = TypeVar("_T")

__all__ = [
    "Sentence",
    "QuoteSpan",
    "Doc",
    "sentence_spans",
    "split_sentences",
    "quote_spans",
    "word_spans",
    "count_words",
]


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == source[start:end]``, ``index`` is its position (0-based)."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class QuoteSpan:
    """A quotation: ``start``/``end`` bound the quoted words (inside the marks).

    ``open_start`` is the offset of the opening mark; ``close_end`` is the offset just past
    the closing mark, or ``None`` when the quote is not closed (it then ends at the end of
    its paragraph).
    """

    start: int
    end: int
    open_start: int
    close_end: int | None


def frozen(cls: type[_T], fields: dict[str, object]) -> _T:
    """An instance of the frozen dataclass ``cls`` holding ``fields`` (every field, by name):
    equal to ``cls(**fields)`` for a dataclass without defaults or ``__post_init__``, but
    set in one step instead of one ``object.__setattr__`` per field (the frozen dataclass's
    ``__init__``). For spans built by the hundred thousand (sentences, quotes,
    attributions); tests compare them with normally constructed instances."""
    obj = _NEW(cls)
    _SET(obj, "__dict__", fields)
    return obj


_NEW = object.__new__
_SET = object.__setattr__


# --------------------------------------------------------------------------- patterns

# The line-break characters of str.splitlines ("\r\n" is one break of two characters).
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# A candidate sentence end: a run of terminators (started only at the run's beginning, so
# runs are consumed once -> linear), its closing quotes/brackets, then whitespace or the end
# of the line; or a glued end "forces.Concluded" (two lowercase letters, period, Capital).
# Every branch starts with the terminator class so the engine scans for it quickly; the
# lookbehinds then look at the character before it.
_CANDIDATE = re.compile(
    r"[.?!…](?:(?<![.?!…].)[.?!…]*+[”\"’'»)\]]*+(?=\s|\Z)"
    r"|(?<=[a-z][a-z][.?!])[.?!]*+[”\"’)]*+(?=[“‘]?[A-Z][a-z]))"
)
_NONSPACE = re.compile(r"\S")
_SPAN = re.Match.span
_OPENERS = "“\"‘'«„([{¿¡"
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\Z")
_ROMAN = re.compile(r"[IVXLC]+\b")
_ALPHA_HEAD = re.compile(r"[^\W\d_]+")
_LAST_PART = re.compile(r"[-/–]")
_URLISH = re.compile(r"/|@|\\|www\.|\.(?:com|org|net|gov|edu|co|io)\b", re.IGNORECASE)
_DATELINE = re.compile(
    r"[A-Z][A-Za-z'’\-]*(?:,? [A-Z][A-Za-z'’\-]*){0,2}(?:, (?:[A-Z]\.)+[A-Z])?\Z"
)

_FIRST_CLAUSE = re.compile(r"[^.?!…]*")


def _load_rules(name: str) -> MappingProxyType:
    """Read ``word<TAB>rule`` rows into a frozen ``{rule: frozenset(words)}`` map."""
    lines = (paths.LEXICON_DIR / name).read_text(encoding="utf-8").splitlines()
    rows = [ln.split("\t") for ln in lines if ln.strip() and not ln.startswith("#")]
    rules: dict[str, set[str]] = {}
    for word, rule in rows[1:]:  # rows[0] is the column header
        rules.setdefault(rule, set()).add(word)
    return MappingProxyType({k: frozenset(v) for k, v in rules.items()})


_RULES = _load_rules("text_sentence_rules.tsv")
# Abbreviations that normally precede a name and so do not end a sentence ("Sen.", "Lt.").
_ABBREV = _RULES["abbreviation"]
# US state abbreviations (AP style): followed by a comma inside a sentence, so before a
# capitalised word they end one ("in Athens, Ga. Lysol is ..."). Dotted ones ("D.C.",
# "N.Y.") also modify nouns ("D.C. Council") and follow the acronym rule instead.
_STATES = _RULES["state"]
# Abbreviations after which a following number means "not the end" ("No. 5", "Oct. 14").
_NUMBERED = _RULES["numbered"]
# Words that open a new sentence far more often than they continue a name after an
# abbreviation or initial: "... in the U.S. The ..." ends, "U.S. President" does not.
_STARTERS = _RULES["starter"]
# After "a.m."/"p.m." a capitalised word starts a sentence unless it is a day or zone.
_TIME_ABBREV = _RULES["time"]
_TIME_FOLLOWERS = _RULES["time_follower"]
# One-word paragraph openers that are replies or labels, not datelines ("Yes. We will.").
_NOT_DATELINE = _RULES["not_dateline"]
# Every word some rule above looks at (a lowercase word outside it is a plain word).
_RULE_WORDS = _ABBREV | _STATES | _NUMBERED | _TIME_ABBREV


# --------------------------------------------------------------------------- sentences


def _next_word(text: str, pos: int, end: int) -> str:
    """The token starting at ``pos`` (opening quotes/brackets stripped), at most 24 chars."""
    chunk = text[pos:min(end, pos + 24)].lstrip(_OPENERS)
    return chunk.split(None, 1)[0] if chunk.strip() else ""


def _prev_word(text: str, start: int, stop: int) -> str:
    """The whitespace-delimited token ending at ``stop`` (not before ``start``), <= 40 chars."""
    chunk = text[max(start, stop - 40):stop]
    if not chunk or chunk[-1].isspace():
        return ""
    return chunk.rsplit(None, 1)[-1]


def _abbreviation_continues(word: str, follower: str) -> bool | None:
    """Whether a period after ``word`` continues the sentence, or None if ``word`` is plain.

    ``word`` is the token before the period (without it); ``follower`` the next token.
    """
    bare = word.lstrip(_OPENERS)
    if bare in _TIME_ABBREV:
        return _numeric(follower) or _alpha_head(follower) in _TIME_FOLLOWERS
    if bare in _STATES:  # AP style: "Athens, Ga., police said" -- "Ga. Lysol" ends
        return False
    if bare in _NUMBERED:
        digit = _numeric(follower)
        if digit or bare not in _ABBREV:
            return digit
    last = _LAST_PART.split(bare)[-1] if _LAST_PART.search(bare) else bare  # "then-U.S"
    known = bare in _ABBREV or (bare.isupper() and bare.capitalize() in _ABBREV)
    if not (known or (len(last) == 1 and last.isupper())
            or ("." in last and _ACRONYM.match(last))):
        return None
    # numbers rarely open a sentence in news style: "U.S. 7th Fleet", "Sen. 2"
    return _numeric(follower) or _alpha_head(follower) not in _STARTERS


def _numeric(follower: str) -> bool:
    """The next token opens with a digit or a Roman numeral ("7th", "II")."""
    return follower[:1].isdigit() or _ROMAN.match(follower) is not None


def _alpha_head(follower: str) -> str:
    """The leading letters of the next token ("" when it does not open with a letter)."""
    m = _ALPHA_HEAD.match(follower)
    return m.group() if m else ""


def _list_marker(text: str, word: str, line_start: int, s: int) -> bool:
    """True for "1." opening a line or following ";"/":" (an enumeration, not an end)."""
    if not (word.isdigit() and len(word) <= 2):
        return False
    lo = s - len(word)
    before = text[max(line_start, lo - 8):lo].rstrip()
    return (not before and lo - 8 <= line_start) or before[-1:] in (";", ":")


def _is_boundary(text: str, s: int, e: int, line_start: int, line_end: int) -> bool:
    """Decide whether the candidate ``text[s:e]`` (terminators + closers) ends a sentence.

    The common case ". The" after a plain lowercase word is settled without the dateline
    and abbreviation rules (none of them applies to such a word).
    """
    if not text[e].isspace():  # glued: "forces.Concluded"
        token_start = s - len(_prev_word(text, line_start, s))
        token = text[token_start:min(line_end, e + 30)].split(None, 1)[0]
        return _URLISH.search(token) is None
    rest = e + 1
    follower = None  # the next token, read only when a rule needs it
    if not (rest < line_end and text[e] == " " and "A" <= text[rest] <= "Z"):
        nxt = _NONSPACE.search(text, e, line_end)
        if nxt is None:
            return True
        rest = nxt.start()
        follower = _next_word(text, rest, line_end)
        first = follower[:1]
        if not first or first.islower() or not (first.isalnum() or first in "$£€#@"):
            return False  # ", he said" / "! ! !" / "— ..." continue the sentence
    if text[s] != "." or text[s + 1] == ".":
        return True
    word = _prev_word(text, line_start, s)
    if word.isalpha() and word.islower() and word not in _RULE_WORDS:
        return True  # a plain word: no dateline, abbreviation or list marker
    if _dateline(text, line_start, s, rest, line_end):
        return False
    if follower is None:
        follower = _next_word(text, rest, line_end)
    continues = _abbreviation_continues(word, follower)
    if continues is not None:
        return not continues
    return not _list_marker(text, word, line_start, s)


def _dateline(text: str, line_start: int, s: int, rest: int, line_end: int) -> bool:
    """True for "Moscow." / "KYIV, Ukraine." opening a paragraph before a full sentence."""
    if s - line_start > 40:
        return False
    head = text[line_start:s].strip()
    if not _DATELINE.match(head) or head in _NOT_DATELINE:
        return False
    following = _FIRST_CLAUSE.match(text, rest, min(line_end, rest + 300))
    return following is not None and len(following.group().split()) >= 5


def _line_cuts(text: str, line_start: int, line_end: int,
               candidates: list[tuple[int, int]]) -> list[int]:
    """Offsets inside one line after which a new sentence starts.

    ``candidates`` are the (start, end) spans of the line's :data:`_CANDIDATE` matches.
    A straight double quote glued between two sentences ('Bay."We are ...') closes the first
    one when an odd number of straight quotes precede it in the line, else opens the next.
    """
    cuts = []
    straight, last = 0, line_start
    for s, e in candidates:
        if e < line_end and _is_boundary(text, s, e, line_start, line_end):
            straight += text.count('"', last, s)
            last = s
            glued = not text[e].isspace()
            if glued and text[e - 1] == '"' and straight % 2 == 0:
                e -= 1  # the mark opens the next sentence
            cuts.append(e)
    return cuts


_last_lines: tuple[str, list[tuple[int, int]]] = ("", [])


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line: a maximal run of characters that are not line breaks.

    The lines of the last text are kept, so the sentence and quote scans of one text split
    it once; callers only read the returned list.
    """
    global _last_lines
    last_text, lines = _last_lines
    if last_text is text:
        return lines
    out = []
    pos = 0
    for piece in text.splitlines(True):
        n = len(piece.rstrip(_BREAKS))  # the piece without its break
        if n:
            out.append((pos, pos + n))
        pos += len(piece)
    _last_lines = (text, out)
    return out


def sentence_spans(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with character offsets (see the module docstring).

    Returns sentences in order, non-overlapping, stripped of surrounding whitespace, with
    ``text[s.start:s.end] == s.text``; together they cover every non-space character.
    Never raises; linear in ``len(text)``.
    """
    out: list[Sentence] = []
    append = out.append
    # Candidates never span a line break and the pattern's lookarounds see the same
    # characters either way, so one scan of the whole text finds those of every line.
    candidates = list(map(_SPAN, _CANDIDATE.finditer(text)))
    j, n = 0, len(candidates)
    for lo, b in _lines(text):
        k = j
        while k < n and candidates[k][0] < b:
            k += 1
        # only the line's last candidate can end at the line end (and that is no cut)
        inner = k > j and candidates[j][1] < b
        for hi in (*_line_cuts(text, lo, b, candidates[j:k]), b) if inner else (b,):
            piece = text[lo:hi]
            stripped = piece.strip()
            if stripped:
                # the first non-space character of ``piece`` starts the sentence
                start = lo + piece.find(stripped[0])
                append(frozen(Sentence, {"index": len(out), "start": start,
                                         "end": start + len(stripped), "text": stripped}))
            lo = hi
        j = k
    return out


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (see :func:`sentence_spans`)."""
    return [s.text for s in sentence_spans(text)]


# --------------------------------------------------------------------------- quotes

# Quote marks worth looking at: doubled singles (’’ '' ‘‘, wire style for a double mark),
# every double mark, ‘, and ’/' unless between word characters (the apostrophe of
# "Russia’s" / "don't" is skipped here, inside the regex engine).
_QMARK = re.compile(
    r"[“”\"«»„‘’'](?:(?<=‘)‘|(?<=’)’|(?<=')'|(?<=[“”\"«»„‘])|(?<!\w.)(?<=['’])|(?<=['’])(?!\w))"
)
_OPEN_MARKS = frozenset(["“", "«", "„", "‘", "‘‘"])
_CLOSE_MARKS = frozenset(["”", "»", "’", "’’"])
_SINGLE = frozenset("‘’'")
_CONTINUE_MARKS = ("“", '"', "«", "„", "‘‘", "''")
_LEFT_CONTEXT = frozenset("([{—–-/“‘\"'«„")  # what may precede an opening mark
_LEFT_CONTEXT_DOUBLE = _LEFT_CONTEXT | frozenset(".?!,;:")  # and a double one: 'Bay."We'

_RIGHT_CONTEXT = frozenset(".,;:!?)]}—–-/…”’\"'»")  # what may follow a closing mark
_NOT_AFTER_OPEN = frozenset(".,;:!?)]}")  # an opening mark is not followed by these
class _Open:
    """An open quotation on the scanner's stack (``children``: closed quotes inside it)."""

    __slots__ = ("double", "open_start", "open_end", "children")

    def __init__(self, double: bool, open_start: int, open_end: int) -> None:
        self.double = double
        self.open_start = open_start
        self.open_end = open_end
        self.children: list[QuoteSpan] = []


def _flanks(text: str, p: int, q: int, a: int, b: int) -> tuple[bool, bool]:
    """(left-flanking, right-flanking) of the mark ``text[p:q]`` in the line ``[a, b)``.

    Left-flanking marks can open (space or opening punctuation before, a word after);
    right-flanking marks can close (a word before, space or closing punctuation after).
    """
    before = text[p - 1] if p > a else " "
    after = text[q] if q < b else " "
    context = _LEFT_CONTEXT if text[p] in _SINGLE and q == p + 1 else _LEFT_CONTEXT_DOUBLE
    left = not (after.isspace() or after in _NOT_AFTER_OPEN) and (
        before.isspace() or before in context
    )
    right = not before.isspace() and (after.isspace() or after in _RIGHT_CONTEXT)
    return left, right


def _close(stack: list[_Open], i: int, p: int, close_end: int | None, out: list[QuoteSpan]):
    """Close ``stack[i]`` with its quoted words ending at ``p``; inner opens are dropped."""
    entry = stack[i]
    del stack[i:]
    if p > entry.open_end:
        span = frozen(QuoteSpan, {"start": entry.open_end, "end": p,
                                  "open_start": entry.open_start, "close_end": close_end})
        (stack[-1].children if stack else out).append(span)


def _last_open(stack: list[_Open], double: bool) -> int:
    """Index of the innermost open quote of the given kind on ``stack``, -1 if none."""
    i = len(stack) - 1
    while i >= 0 and stack[i].double is not double:
        i -= 1
    return i


def _single_mark(text: str, p: int, q: int, mark: str, flanks: tuple[bool, bool],
                 stack: list[_Open], out: list[QuoteSpan]) -> None:
    """Handle ‘ ’ ': open or close a single-quoted passage, or ignore an apostrophe."""
    left, right = flanks
    if q < len(text) and text[q].isdigit():
        return  # ’90s, '24: an elided century, not a quote
    i = _last_open(stack, False) if right and mark != "‘" else -1
    if i >= 0:
        _close(stack, i, p, q, out)
    elif left and not right and mark != "’":
        if stack and not stack[-1].double:  # no single quote directly inside another: the
            dropped = stack.pop()  # earlier mark was not a quote ("'tis the 'season'")
            (stack[-1].children if stack else out).extend(dropped.children)
        stack.append(_Open(False, p, q))


def _double_mark(text: str, p: int, q: int, mark: str, flanks: tuple[bool, bool],
                 stack: list[_Open], out: list[QuoteSpan]) -> None:
    """Handle “ ” " « » „ ’’ '': pair any opening double mark with any closing one."""
    left, right = flanks
    i = _last_open(stack, True) if stack else -1
    if i >= 0:
        if mark in _OPEN_MARKS and left and not right:  # “ ... “ : the first was never closed
            end = p
            while end > stack[i].open_end and text[end - 1].isspace():
                end -= 1
            _close(stack, i, end, None, out)
            stack.append(_Open(True, p, q))
        else:
            _close(stack, i, p, q, out)
    elif mark in _OPEN_MARKS or (left and not right):  # ”foo / "foo open; foo" is stray
        stack.append(_Open(True, p, q))


def _end_paragraph(stack: list[_Open], out: list[QuoteSpan]) -> None:
    """Drop unclosed single quotes (not clearly quotes); keep an unclosed double one."""
    keep: list[_Open] = []
    for entry in stack:
        if entry.double:
            keep.append(entry)
        else:  # its closed inner quotes surface
            (keep[-1].children if keep else out).extend(entry.children)
    stack[:] = keep[:1]


def quote_spans(text: str) -> list[QuoteSpan]:
    """Outermost quotations in ``text``, sorted and non-overlapping (see module docstring).

    ``start``/``end`` bound the quoted words, ``open_start``/``close_end`` the marks;
    ``close_end`` is None for a quote left open at the end of its paragraph. Never raises;
    linear in ``len(text)``.
    """
    out: list[QuoteSpan] = []
    # Marks never span a line break and the pattern's lookarounds see the same characters
    # either way, so one scan of the whole text finds exactly the marks of every line.
    marks = [(*m.span(), m.group()) for m in _QMARK.finditer(text)]
    if not marks:
        return out
    stack: list[_Open] = []
    pending_end = 0  # end of the last paragraph's text, where an open quote would stop
    i, n = 0, len(marks)
    for a, b in _lines(text):
        if not stack and (i == n or marks[i][0] >= b):
            continue  # no mark and nothing open: the line changes nothing
        first = _NONSPACE.search(text, a, b)
        if first is None:
            continue
        scan_from = a
        if stack:
            if text.startswith(_CONTINUE_MARKS, first.start()):  # the quote goes on
                mark = _QMARK.match(text, first.start())
                scan_from = mark.end() if mark else first.start() + 1
            else:
                _close(stack, 0, pending_end, None, out)
        while i < n and marks[i][0] < b:
            p, q, mark = marks[i]
            i += 1
            if p >= scan_from:
                handle = _single_mark if mark in _SINGLE else _double_mark
                handle(text, p, q, mark, _flanks(text, p, q, a, b), stack, out)
        if stack:
            _end_paragraph(stack, out)
            if stack:  # only read when a quote is still open
                pending_end = a + len(text[a:b].rstrip())
    if stack:
        _close(stack, 0, pending_end, None, out)
    return out


# --------------------------------------------------------------------------- words

# The leading single character gives the engine a character-set prefix to scan for, and the
# lookahead rejects the usual space after a word before trying each joiner.
_WORD = re.compile(
    r"[^\W_][^\W_]*+"
    r"(?:(?=[-'’.‐‑–/_,:])(?:['’.\-‐‑–/_]|\.['’]|(?<=\d)[,:](?=\d))[^\W_][^\W_]*+)*+"
)


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word in ``text`` (definition in the module docstring)."""
    return list(map(re.Match.span, _WORD.finditer(text)))


def count_words(text: str) -> int:
    """Number of words in ``text``: the denominator of every per-100-words rate."""
    return len(_WORD.findall(text))


# --------------------------------------------------------------------------- Doc


class Doc:
    """One analysed text: sentences, quotes and words computed once, on first use.

    ``in_quote(pos)`` and ``sentence_index(pos)`` are O(log n) lookups, so extractors share
    one analysis per article instead of re-splitting it.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Doc({self.text[:40]!r}{'...' if len(self.text) > 40 else ''})"

    @cached_property
    def sentences(self) -> list[Sentence]:
        """The sentences (:func:`sentence_spans`)."""
        return sentence_spans(self.text)

    @cached_property
    def quotes(self) -> list[QuoteSpan]:
        """The outermost quotations (:func:`quote_spans`)."""
        return quote_spans(self.text)

    @cached_property
    def lower(self) -> str:
        """``text.lower()``, computed once for every extractor that scans it."""
        return self.text.lower()

    @cached_property
    def words(self) -> list[tuple[int, int]]:
        """The word tokens (:func:`word_spans`)."""
        return word_spans(self.text)

    @cached_property
    def n_words(self) -> int:
        """Number of words."""
        return len(self.words)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [q.start for q in self.quotes]

    @cached_property
    def word_starts(self) -> list[int]:
        """The start offset of each word, in order (for bisect lookups)."""
        return list(map(itemgetter(0), self.words))

    def quote_at(self, pos: int) -> QuoteSpan | None:
        """The quotation whose quoted words contain offset ``pos``, or None."""
        i = bisect_right(self._quote_starts, pos) - 1
        if i >= 0 and pos < self.quotes[i].end:
            return self.quotes[i]
        return None

    def in_quote(self, pos: int) -> bool:
        """True when offset ``pos`` lies inside quoted words (between the marks)."""
        i = bisect_right(self._quote_starts, pos) - 1
        return i >= 0 and pos < self.quotes[i].end

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence containing ``pos``.

        An offset in the whitespace between sentences maps to the sentence before it, an
        offset before the first sentence to 0; -1 only when the text has no sentence.
        """
        starts = self._sentence_starts
        if not starts:
            return -1
        return max(bisect_right(starts, pos) - 1, 0)

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence containing ``pos`` (see :meth:`sentence_index`), None if none."""
        i = self.sentence_index(pos)
        return self.sentences[i] if i >= 0 else None

    @cached_property
    def quoted_word_count(self) -> int:
        """Number of words that start inside a quotation."""
        starts = self.word_starts
        return sum(
            bisect_right(starts, q.end - 1) - bisect_right(starts, q.start - 1)
            for q in self.quotes
        )

    @property
    def narrator_word_count(self) -> int:
        """Number of words outside quotations (``n_words - quoted_word_count``)."""
        return self.n_words - self.quoted_word_count
