"""Term choice, house style and UK/US spelling locale.

Term choice
    A *group* is a set of interchangeable variants: ``Kyiv`` / ``Kiev``, ``Kim Jong Un`` /
    ``Kim Jong-un``, ``North Korea`` / ``DPRK``, ``invasion`` / ``war`` / ``conflict`` ...
    :func:`find_terms` finds every variant in its forms (possessive, capitals, ALL CAPS,
    hyphen or dash, curly or straight apostrophe) and never inside a name that merely contains
    it ("The Kyiv Independent", "chicken Kiev", "Cold War"): those names are data
    (``lexicons/terms_exceptions.tsv``), matched in the same pass, and the longest match wins,
    so "full-scale invasion" is one match and not also "invasion". Framing and loaded words
    (invasion, war, conflict, annexed, occupied, regime ...) count only within
    ``TOPIC_WINDOW`` characters of a Russia/Ukraine topic word and not when another war
    (Syria, Iraq ...) is named nearer (``terms_topics.tsv``); "the Ukraine" counts only when
    it is not a modifier ("the Ukraine war" is the toponym Ukraine used attributively).
    Sources: SpellingUkraine (Tyrrrz, MIT) for Ukrainian toponyms and names
    (``terms_ukraine.tsv``; personal given names are left out because they are a choice only
    when the person is Ukrainian), and ``terms.tsv`` for the rest.

Locale
    :func:`locale` weighs British against American spellings (spelling-uk-vs-us, Heiswayi
    Nrird, MIT; ``locale_spelling.tsv``). Each form carries a weight: 1 when only one variety
    writes it, less when it is also an ordinary word or a common spelling in the other
    (program, check, tire, -ize which Oxford spelling also uses). Capitalised words inside a
    sentence and capitalised runs ("Department of Defense", "Labour Party", "World Health
    Organization") are names and do not count.

Spelling pairs
    UK/US spelling pairs are term choices too: every pair of ``locale_spelling.tsv`` whose
    two forms are spellings of one word (``terms_spelling.tsv`` leaves out those where one
    form is also another word: program, meter, license) is a group of kind ``spelling``
    ("defence/defense", inflected forms in the group of their base pair). Capitalised forms
    count only at a sentence start, except for generic titles of the pairs that allow them
    ("Defence Minister"); official names ("Department of Defense") are exceptions.

Through time
    :func:`term_switches` dates each outlet's switch from an old to a new variant (Kiev ->
    Kyiv; ``terms_timeline.tsv`` says which is which), :func:`term_timeline` counts uses per
    outlet, period and variant, :func:`late_old_uses` lists old forms written after the
    outlet's own switch or after a style guide adopted the new form
    (``terms_style_guides.tsv``, with sources).

House style
    :func:`house_style` reports, per outlet and group, the variant the outlet's own (narrator)
    text chooses, the variants in quoted text apart, and flags mixing (a "Kiev" snippet in a
    page that otherwise says "Kyiv"). :func:`term_table`, :func:`variant_counts`,
    :func:`locale_table`, :func:`locale_evidence_table` and :func:`outlet_locale` keep every
    number traceable to its sentence; :func:`term_features` gives the per-article features.
"""
from __future__ import annotations

import csv
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from types import MappingProxyType

from . import paths
from ._lazy import pd
from .text import Doc

# --------------------------------------------------------------------------------------------
# Lexicon loading and compilation
# --------------------------------------------------------------------------------------------

SPELLING_KINDS = frozenset({"toponym", "person", "organization", "phrase", "country-name",
                            "spelling"})
"""Kinds of groups whose variants are spellings of one referent (mixing them is a style
mix); framing and loaded-word groups hold different words, so using several is not.
``spelling``: a British/American spelling pair (defence/defense, colour/color)."""
SPELLING_KIND = "spelling"

TOPIC_WINDOW = 250
"""Characters on each side of a gated match within which a topic word must occur."""
AVOID_WINDOW = 120
"""A word of an ``avoid=`` topic (another war) vetoes a match when it is within this many
characters and nearer than the nearest word of the required topic."""

_SEP_CHARS = "-\u2010\u2011\u2012\u2013"
_APOSTROPHES = "'\u2019"
_BLOCK = "__block__"
# Grammar words that may follow "the Ukraine" without making it attributive ("the Ukraine war").
_FUNCTION_WORDS = frozenset(
    "and or but nor is was were are has had have will would could should may might can must "
    "in on at to from with by for of as that which who whose where when after before since "
    "during until into over under about against between through while if than so then also "
    "not be been being its their his her our the a an this these those said says say".split()
)


@dataclass(frozen=True)
class TermEntry:
    """One lexicon row: a surface ``form`` of ``variant`` in ``group``."""

    group: str
    variant: str
    form: str
    case: str  # "proper" | "common"
    kind: str
    context: tuple[str, ...]


@dataclass(frozen=True)
class TermUse:
    """A variant of a term-choice group found in a text; ``text == source[start:end]``."""

    group: str
    variant: str
    text: str
    start: int
    end: int
    kind: str


def _read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a lexicon TSV (``#`` lines are the source header)."""
    with open(paths.LEXICON_DIR / name, encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def _unit(ch: str) -> str:
    """The regex for one character of a lexicon form."""
    if ch == " ":
        return r"\s+"
    if ch in _SEP_CHARS:
        return "[" + re.escape(_SEP_CHARS) + "]"
    if ch in _APOSTROPHES:
        return "['\u2019]"
    return re.escape(ch.lower())


def normalise_form(text: str) -> str:
    """Lookup key of a form or of matched text: lowercase, one space, one dash, one apostrophe."""
    text = re.sub(r"\s+", " ", text.lower())
    text = re.sub("[" + _SEP_CHARS[1:] + "]", "-", text)
    return text.replace("\u2019", "'")


def _trie_regex(forms: Iterable[str]) -> str:
    """One regex for many literal forms, as a character trie (a match costs O(length), not
    O(number of forms)); greedy, so the longest form at a position is tried first."""
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(_unit(ch), {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [key + emit(child) for key, child in sorted(node.items()) if key]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


class _FormRegex:
    """Whole-word regex of many lowercase forms. It runs on the lowercased text (about twice
    as fast as a case-insensitive regex); when lowercasing changes the text's length (rare
    characters such as U+0130), on the original text with a case-insensitive twin.

    The regex consumes the non-word character before a form (the text gets a leading space,
    so offsets shift by one): the engine then tries only positions after non-word characters
    instead of every position of the text. Built and compiled on first use."""

    def __init__(self, forms: Iterable[str]) -> None:
        self.forms = list(forms)

    @cached_property
    def trie(self) -> str:
        return _trie_regex(self.forms)

    @cached_property
    def pattern(self) -> str:
        return r"\W(" + self.trie + r")(?!\w)"

    @cached_property
    def lower(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    @cached_property
    def ignorecase(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.IGNORECASE)

    def finder(self, text: str) -> Callable[[int], tuple[int, int] | None]:
        """A function from an offset ``pos`` of ``text`` to the ``(start, end)`` of the first
        whole-word match that starts at or after ``pos`` (None when there is none)."""
        low = text.lower()
        hay, rx = (" " + low, self.lower) if len(low) == len(text) else (" " + text,
                                                                           self.ignorecase)
        search = rx.search

        def find(pos: int) -> tuple[int, int] | None:
            m = search(hay, pos)  # the non-word character before a form at pos is hay[pos]
            return None if m is None else (m.start(1) - 1, m.end(1) - 1)

        return find


_PLAIN_WORD = re.compile(r"[a-z]+")
_WORD_RUN = re.compile(r"\w+")


class _SharedPass:
    """The forms of a :class:`_FormRegex` of phrases and of one of plain words (``[a-z]+``,
    the spelling pairs) found together (nearly twice as fast as a pass each), as the two
    finders :meth:`_FormRegex.finder` would give.

    On the lowercased text one regex captures, at every word start, the longest whole-word
    form of either; the rest follows in Python from what a plain word is. A whole-word
    match of a plain word is exactly a whole run of word characters, so the word found at a
    start is the run there, if it is one of the words; a phrase ends at or after the end of
    that run (it is whole-word too), so the longest phrase there is the captured form when
    it runs past the run, else the run itself if that is a phrase. (A regex with a lookahead
    per finder on top would have every form twice and take twice as long to compile.) A
    text that lowercasing lengthens (rare characters such as U+0130) gets a case-insensitive
    regex with a lookahead on all the forms and one per finder, compiled on first use."""

    def __init__(self, phrases: _FormRegex, words: _FormRegex) -> None:
        if not all(_PLAIN_WORD.fullmatch(form) for form in words.forms):
            raise ValueError("the word forms must be plain lower-case words")
        self.regexes = (phrases, words)
        self.words = frozenset(words.forms)
        # the phrases that are one run of word characters, as their regex matches them
        lowered = ("".join(map(str.lower, form)) for form in phrases.forms)
        self.run_phrases = frozenset(f for f in lowered if _WORD_RUN.fullmatch(f))
        self.size = 2

    @cached_property
    def union(self) -> str:
        return _trie_regex([form for rx in self.regexes for form in rx.forms])

    @cached_property
    def lower(self) -> re.Pattern[str]:
        """For the lowercased text: at every word start (a class of the non-word characters,
        tested by table, with a lookbehind for those outside ASCII), the longest whole-word
        form of either finder (group 1) and the run of word characters there (group 2)."""
        return re.compile(r"[^0-9_a-z](?<=\W)(?=(" + self.union + r")(?!\w))(\w*)")

    @cached_property
    def ignorecase(self) -> re.Pattern[str]:
        each = "".join(rf"(?=({rx.trie})(?!\w)|)" for rx in self.regexes)
        return re.compile(rf"\W(?=(?:{self.union})(?!\w)){each}", re.IGNORECASE)

    def finders(self, text: str, low: str | None = None
                ) -> list[Callable[[int], tuple[int, int] | None]]:
        """Per regex, the function :meth:`_FormRegex.finder` would return for ``text``
        (``low``: ``text.lower()`` when known)."""
        low = text.lower() if low is None else low
        spans: list[list[tuple[int, int]]] = [[] for _ in range(self.size)]
        if len(low) == len(text):
            phrases, words, run_phrases = *spans, self.run_phrases
            for m in self.lower.finditer(" " + low):  # the character before, then the run
                start, end = m.span(1)
                run = m.group(2)
                if end > m.end(2) or run in run_phrases:
                    phrases.append((start - 1, end - 1))
                if run in self.words:
                    words.append((start - 1, start - 1 + len(run)))
        else:
            for m in self.ignorecase.finditer(" " + text):
                for group, found in enumerate(spans, 1):
                    if m.start(group) >= 0:
                        found.append((m.start(group) - 1, m.end(group) - 1))
        return [_span_finder(found) for found in spans]


def _span_finder(spans: list[tuple[int, int]]) -> Callable[[int], tuple[int, int] | None]:
    """The first of ``spans`` (in order of start) that starts at or after ``pos``."""
    starts = [start for start, _ in spans]

    def find(pos: int) -> tuple[int, int] | None:
        i = bisect_left(starts, pos)
        return spans[i] if i < len(spans) else None

    return find


def _topic_regex(words: list[str]) -> re.Pattern[str]:
    """Whole-word regex of the (capitalised) topic words, first match in ``words`` order.

    Each alternative starts with the word's first character and only then checks that no
    word character precedes it (``R(?<!\\wR)ussia``): the engine then jumps from one of those
    first characters to the next instead of trying every position."""
    alts = [f"{re.escape(w[0])}(?<!\\w{re.escape(w[0])}){re.escape(w[1:])}" for w in words]
    return re.compile("(?:" + "|".join(alts) + r")(?!\w)")


def _load_terms() -> tuple[MappingProxyType, _FormRegex, dict[str, re.Pattern[str]]]:
    """Term entries by normalised form (blockers map to ``_BLOCK``), the combined regex and
    the topic regexes."""
    table: dict[str, object] = {}
    for name in ("terms_ukraine.tsv", "terms.tsv"):
        for row in _read_tsv(name):
            ctx = tuple(c for c in (row.get("context") or "").split(",") if c)
            table[normalise_form(row["form"])] = TermEntry(
                row["group"], row["variant"], row["form"], row["case"], row["kind"], ctx)
    for row in _read_tsv("terms_exceptions.tsv"):
        table[normalise_form(row["phrase"])] = _BLOCK
    topics: dict[str, list[str]] = {}
    for row in _read_tsv("terms_topics.tsv"):
        topics.setdefault(row["topic"], []).append(row["word"])
    topic_rx = {t: _topic_regex(ws) for t, ws in topics.items()}
    forms = [e.form if isinstance(e, TermEntry) else k for k, e in table.items()]
    return MappingProxyType(table), _FormRegex(forms), topic_rx


_TERMS, _TERM_RX, _TOPIC_RX = _load_terms()

# --------------------------------------------------------------------------------------------
# Context rules
# --------------------------------------------------------------------------------------------

_SENTENCE_OPENERS = frozenset("\n\r.!?:;\"\u201c\u201d\u2018\u2019'([{\u2014\u2013-\u2022*|>")


def at_sentence_start(text: str, pos: int) -> bool:
    """True when only spaces separate ``pos`` from the text start, a line break, sentence
    punctuation or an opening quote/bracket (so a capital there is not evidence of a name)."""
    j = pos - 1
    while j >= 0 and text[j] in " \t\u00a0":
        j -= 1
    return j < 0 or text[j] in _SENTENCE_OPENERS


def _case_ok(entry: TermEntry, text: str, start: int, matched: str) -> bool:
    """Capitalisation rule of ``entry.case`` (see ``terms.tsv`` header)."""
    got = [c for c in matched if c.isalpha()]
    if entry.case == "proper":
        want = [c for c in entry.form if c.isalpha()]
        return len(got) == len(want) and all(
            g.isupper() for w, g in zip(want, got, strict=True) if w.isupper())
    letters = "".join(got)
    if letters.islower() or (len(letters) > 1 and letters.isupper()):
        return True
    return (bool(letters) and letters[0].isupper()
            and (len(letters) == 1 or letters[1:].islower()) and at_sentence_start(text, start))


_NEXT_WORD = re.compile(r"[^\S\n]*([^\W\d_]+)")


def _attributive(text: str, end: int) -> bool:
    """True when a content word follows directly (``the Ukraine war``, headline-case
    ``The Ukraine Controversy``): the name then modifies a noun."""
    m = _NEXT_WORD.match(text, end)
    return bool(m) and m.group(1).lower() not in _FUNCTION_WORDS


def _distance(text: str, start: int, end: int, topic: str, cache: dict) -> float:
    """Characters between the span and the nearest word of ``topic`` (inf when none)."""
    if topic not in cache:
        rx = _TOPIC_RX.get(topic)
        cache[topic] = [m.start() for m in rx.finditer(text)] if rx else []
    starts = cache[topic]
    i = bisect_left(starts, start)
    before = start - starts[i - 1] if i > 0 else math.inf
    after = starts[i] - end if i < len(starts) else math.inf
    return max(min(before, after), 0)


def _context_ok(entry: TermEntry, text: str, start: int, end: int, cache: dict) -> bool:
    for rule in entry.context:
        if rule == "not-attributive" and _attributive(text, end):
            return False
        if rule.startswith("topic="):
            near = _distance(text, start, end, rule[6:], cache)
            if near > TOPIC_WINDOW:
                return False
            for other in entry.context:
                if other.startswith("avoid=") and _distance(
                        text, start, end, other[6:], cache) < min(near, AVOID_WINDOW):
                    return False
    return True


def find_terms(text: str) -> list[TermUse]:
    """Every variant of every term-choice group in ``text``, in order of position.

    Definition: a whole-word match of a lexicon form that passes its capitalisation rule and
    context rules and is not part of a longer exception phrase (a name or fixed term), and
    every British or American spelling of a spelling pair (kind ``spelling``: "defence" /
    "defense", "colour" / "color", see :data:`SPELLING_GROUPS`). More matches of one variant
    against another means the text prefers that variant.
    Reference: SpellingUkraine (#KyivNotKiev) vocabulary; AP / Reuters style guides for the
    house styles. Never raises; non-``str`` input gives ``[]``.
    """
    if not isinstance(text, str) or not text:
        return []
    find_term, find_spelling = _TERMS_AND_SPELLING.finders(text)
    blocked: list[tuple[int, int]] = []
    uses = _terms_with(text, find_term, blocked)
    spelled = _spelling_uses(text, find_spelling, blocked)
    if not spelled:
        return uses
    return sorted(uses + spelled, key=_use_start)


def _use_start(u: TermUse) -> int:
    return u.start


def _terms_with(text: str, find: Callable[[int], tuple[int, int] | None],
                blocked: list[tuple[int, int]] | None = None) -> list[TermUse]:
    """:func:`find_terms` without the spelling pairs, with ``find`` the
    :meth:`_FormRegex.finder` of the terms regex; the spans of exception phrases (names)
    are appended to ``blocked`` when given."""
    out: list[TermUse] = []
    topics: dict = {}
    pos, n = 0, len(text)
    while pos < n:
        span = find(pos)
        if span is None:
            break
        start, end = span
        matched = text[start:end]
        entry = _TERMS.get(normalise_form(matched))
        if entry is _BLOCK:
            if blocked is not None:
                blocked.append(span)
            pos = end
            continue
        if (isinstance(entry, TermEntry) and _case_ok(entry, text, start, matched)
                and _context_ok(entry, text, start, end, topics)):
            out.append(TermUse(entry.group, entry.variant, matched, start, end, entry.kind))
            pos = end
        else:
            pos = start + 1
    return out


# --------------------------------------------------------------------------------------------
# Locale (British vs American spelling)
# --------------------------------------------------------------------------------------------

GB, US = "en-GB", "en-US"


@dataclass(frozen=True)
class SpellingForm:
    """A locale-marked spelling: ``variety`` writes ``form``; ``other`` is its counterpart."""

    form: str
    variety: str
    other: str
    pattern: str
    weight: float


@dataclass(frozen=True)
class LocaleEvidence:
    """One spelled word counted as locale evidence; ``text == source[start:end]``."""

    text: str
    start: int
    end: int
    variety: str
    weight: float
    pattern: str
    other: str


@dataclass(frozen=True)
class Locale:
    """UK/US spelling verdict for a text.

    ``label``: en-GB | en-US | mixed | unknown. ``score`` in [-1, 1]: (GB - US) / (GB + US)
    weighted evidence, +1 all British, -1 all American, NaN without evidence. ``evidence``:
    the counted words with offsets.
    """

    label: str
    score: float
    evidence: tuple[LocaleEvidence, ...]
    gb_weight: float
    us_weight: float


def _load_spelling() -> tuple[MappingProxyType, _FormRegex]:
    forms: dict[str, SpellingForm] = {}
    for row in _read_tsv("locale_spelling.tsv"):
        gb, us = row["en_gb"], row["en_us"]
        for form, variety, other, w in ((gb, GB, us, row["weight_gb"]),
                                        (us, US, gb, row["weight_us"])):
            if float(w) > 0:
                forms[form] = SpellingForm(form, variety, other, row["pattern"], float(w))
    return MappingProxyType(forms), _FormRegex(forms)


_SPELLING, _SPELLING_RX = _load_spelling()
_TERMS_AND_SPELLING = _SharedPass(_TERM_RX, _SPELLING_RX)
_CAPITALISED_NEXT = re.compile(r"[^\S\n]+(?:of\s+|for\s+|and\s+|the\s+)*[A-Z]")

_INFLECTIONS = ("s", "es", "d", "ed", "ing", "r", "rs", "er", "ers", "ly")


@dataclass(frozen=True)
class SpellingVariant:
    """A form of a spelling-pair group: ``form`` is written ``variant`` (the base form)."""

    group: str
    variant: str
    titles: bool


def _base_pair(pair: tuple[str, str], pairs: set[tuple[str, str]]) -> tuple[str, str]:
    """The base pair of an inflected pair (``defences/defenses`` -> ``defence/defense``,
    ``organising/organizing`` -> ``organise/organize``), or the pair itself."""
    gb, us = pair
    for suffix in _INFLECTIONS:
        if gb.endswith(suffix) and us.endswith(suffix) and len(gb) > len(suffix) + 2:
            stem = (gb[:-len(suffix)], us[:-len(suffix)])
            for base in (stem, (stem[0] + "e", stem[1] + "e")):
                if base in pairs and base != pair:
                    return _base_pair(base, pairs)
    return pair


def _load_spelling_groups() -> MappingProxyType:
    """Form -> :class:`SpellingVariant` for the UK/US pairs that are term choices: both forms
    weighted in ``locale_spelling.tsv``, not excluded by ``terms_spelling.tsv``."""
    rules = {(r["en_gb"], r["en_us"]): r["rule"] for r in _read_tsv("terms_spelling.tsv")}
    pairs = [(r["en_gb"], r["en_us"]) for r in _read_tsv("locale_spelling.tsv")
             if float(r["weight_gb"]) > 0 and float(r["weight_us"]) > 0]
    known = set(pairs)
    forms: dict[str, SpellingVariant] = {}
    for pair in pairs:
        base = _base_pair(pair, known)
        rule = rules.get(base) or rules.get(pair)
        if rule == "exclude":
            continue
        group = f"{base[0]}/{base[1]}"
        for form, variant in zip(pair, base, strict=True):
            forms.setdefault(form, SpellingVariant(group, variant, rule == "titles"))
    return MappingProxyType(forms)


SPELLING_GROUPS = _load_spelling_groups()
"""Spelling form -> its group ("defence/defense"), variant (the base form) and whether
capitalised titles count; the British spelling is the group's first variant."""


def _spelling_use_ok(v: SpellingVariant, word: str, text: str, start: int, end: int) -> bool:
    """Capitalisation rule of a spelling-pair form: lowercase or ALL CAPS counts; a capital
    counts for ``titles`` pairs, else only as locale evidence does (sentence start, not a
    capitalised run)."""
    if word.islower() or (word.isupper() and len(word) > 1):
        return True
    if not (word[0].isupper() and word[1:].islower()):
        return False
    return v.titles or _spelling_counts(word, text, start, end)


def _spelling_uses(text: str, find: Callable[[int], tuple[int, int] | None],
                   blocked: list[tuple[int, int]]) -> list[TermUse]:
    """The spelling-pair uses among the spelling regex's matches, outside ``blocked`` spans."""
    out: list[TermUse] = []
    b = 0
    span = find(0)
    while span is not None:
        start, end = span
        word = text[start:end]
        v = SPELLING_GROUPS.get(word.lower())
        if v is not None and _spelling_use_ok(v, word, text, start, end):
            while b < len(blocked) and blocked[b][1] <= start:
                b += 1
            if not (b < len(blocked) and blocked[b][0] <= start):
                out.append(TermUse(v.group, v.variant, word, start, end, SPELLING_KIND))
        span = find(end)
    return out


def _group_table() -> tuple[MappingProxyType, MappingProxyType]:
    variants: dict[str, dict[str, None]] = {}
    kinds: dict[str, str] = {}
    for e in _TERMS.values():
        if isinstance(e, TermEntry):
            variants.setdefault(e.group, {})[e.variant] = None
            kinds.setdefault(e.group, e.kind)
    for v in SPELLING_GROUPS.values():
        gb, us = v.group.split("/")
        variants.setdefault(v.group, {gb: None, us: None})
        kinds.setdefault(v.group, SPELLING_KIND)
    return (MappingProxyType({g: tuple(variants[g]) for g in sorted(variants)}),
            MappingProxyType({g: kinds[g] for g in sorted(kinds)}))


TERM_GROUPS, GROUP_KIND = _group_table()
"""``TERM_GROUPS``: group -> its variants, the reference (standard) variant first (for
``spelling`` pairs: the British spelling first, which is no standard); ``GROUP_KIND``:
group -> kind (toponym, person, framing, loaded, spelling ...)."""


def _spelling_counts(word: str, text: str, start: int, end: int) -> bool:
    """True when a spelled word is the writer's own spelling, not part of a name: lowercase,
    or capitalised at a sentence start and not followed by another capitalised word."""
    if word.islower():
        return True
    if not (word[0].isupper() and word[1:].islower()) or not at_sentence_start(text, start):
        return False
    return _CAPITALISED_NEXT.match(text, end) is None


def find_locale_evidence(text: str) -> list[LocaleEvidence]:
    """Words whose spelling marks British or American English, in order of position.

    Definition: whole-word, case-respecting matches of the spelling-uk-vs-us forms with a
    positive weight; capitalised words inside a sentence and capitalised runs are names and
    are skipped. Never raises.
    """
    if not isinstance(text, str) or not text:
        return []
    return _evidence_with(text, _SPELLING_RX.finder(text))


def _evidence_with(text: str,
                   find: Callable[[int], tuple[int, int] | None]) -> list[LocaleEvidence]:
    """:func:`find_locale_evidence`, with ``find`` the finder of the spelling regex."""
    out = []
    span = find(0)
    while span is not None:
        start, end = span
        word = text[start:end]
        entry = _SPELLING.get(word.lower())
        if entry is not None and _spelling_counts(word, text, start, end):
            out.append(LocaleEvidence(word, start, end, entry.variety, entry.weight,
                                      entry.pattern, entry.other))
        span = find(end)
    return out


def locale_verdict(gb: float, us: float, *, min_evidence: float = 1.0,
                   mixed_share: float = 0.25, mixed_weight: float = 1.0) -> tuple[str, float]:
    """Label and score from weighted British (``gb``) and American (``us``) evidence.

    ``unknown`` when neither variety reaches ``min_evidence`` weight; ``mixed`` when the
    minority variety has at least ``mixed_weight`` and ``mixed_share`` of the total;
    otherwise the majority variety.
    """
    total = gb + us
    if total <= 0:
        return "unknown", math.nan
    score = (gb - us) / total
    if max(gb, us) < min_evidence:
        return "unknown", score
    if min(gb, us) >= mixed_weight and min(gb, us) / total >= mixed_share:
        return "mixed", score
    return (GB if gb > us else US), score


def locale(text: str, *, min_evidence: float = 1.0, mixed_share: float = 0.25,
           mixed_weight: float = 1.0) -> Locale:
    """British vs American spelling of ``text`` with the evidence behind it.

    Definition: sum of the weights of British and of American spellings found by
    :func:`find_locale_evidence`, turned into a label by :func:`locale_verdict`. Higher
    ``score`` = more British. Reference: spelling-uk-vs-us word list (Heiswayi Nrird, MIT);
    Oxford -ize counts only half as American evidence. Never raises.
    """
    return _locale_of(tuple(find_locale_evidence(text)), min_evidence=min_evidence,
                      mixed_share=mixed_share, mixed_weight=mixed_weight)


def _locale_of(evidence: tuple[LocaleEvidence, ...], **options: float) -> Locale:
    """:func:`locale` from its evidence (``options`` go to :func:`locale_verdict`)."""
    gb = float(sum(e.weight for e in evidence if e.variety == GB))
    us = float(sum(e.weight for e in evidence if e.variety == US))
    label, score = locale_verdict(gb, us, **options)
    return Locale(label, score, evidence, gb, us)


# --------------------------------------------------------------------------------------------
# Per-article features and corpus tables
# --------------------------------------------------------------------------------------------

UKRAINE_GROUPS = frozenset(row["group"] for row in _read_tsv("terms_ukraine.tsv")) - {"ukraine"}
"""Groups of Ukrainian toponyms and names (SpellingUkraine), without the country's name."""
FRAMING_GROUP = "war-framing"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


_FRAMING_KEYS = tuple((variant, f"term_framing_{_slug(variant)}_n")
                      for variant in TERM_GROUPS[FRAMING_GROUP])


def _rate(count: float, base: float, per: float = 100.0) -> float:
    return per * count / base if base else math.nan


def _mixed_groups(uses: list[TermUse]) -> int:
    """Number of spelling groups in which more than one variant occurs."""
    seen: dict[str, set[str]] = {}
    for u in uses:
        if u.kind in SPELLING_KINDS:
            seen.setdefault(u.group, set()).add(u.variant)
    return sum(len(v) > 1 for v in seen.values())


def term_features(doc: Doc) -> dict[str, float]:
    """Per-article term-choice and locale features (flat, prefixed ``term_`` / ``locale_``).

    ``term_ua_standard_share``: share of Ukrainian toponym/name matches (narrator text) in the
    standard Ukrainian romanisation (1 = all "Kyiv"-style, 0 = all "Kiev"-style; NaN if none).
    Framing counts per variant of the war-framing group; loaded-word rates per 100 words;
    ``locale_score`` (+1 British .. -1 American, NaN without evidence). Rates are NaN when
    the text has no words. Reference: see module docstring.
    """
    text = doc.text
    uses: list[TermUse] = []
    evidence: tuple[LocaleEvidence, ...] = ()
    if isinstance(text, str) and text:  # find_terms and locale, from one pass over the text
        find_term, find_spelling = _TERMS_AND_SPELLING.finders(text, doc.lower)
        uses, evidence = _terms_with(text, find_term), tuple(_evidence_with(text, find_spelling))
    quoted = [doc.in_quote(u.start) for u in uses]
    narr = [u for u, q in zip(uses, quoted, strict=True) if not q]
    n_w, n_q = doc.n_words, doc.quoted_word_count
    ua = [u for u in narr if u.group in UKRAINE_GROUPS]
    std = sum(u.variant == TERM_GROUPS[u.group][0] for u in ua)
    loaded = [u for u in uses if u.kind == "loaded"]
    out = {
        "term_n": float(len(uses)),
        "term_per_100w": _rate(len(uses), n_w),
        "term_narrator_per_100w": _rate(len(narr), n_w - n_q),
        "term_quoted_per_100w": _rate(len(uses) - len(narr), n_q),
        "term_per_sentence": _rate(len(uses), len(doc.sentences), 1.0),
        "term_ua_n": float(len(ua)),
        "term_ua_standard_share": std / len(ua) if ua else math.nan,
        "term_ua_variant_n": float(len(ua) - std),
        "term_mixed_groups": float(_mixed_groups(narr)),
        "term_loaded_per_100w": _rate(len(loaded), n_w),
        "term_loaded_narrator_per_100w": _rate(
            sum(1 for u, q in zip(uses, quoted, strict=True) if u.kind == "loaded" and not q),
            n_w - n_q),
    }
    framing = Counter(u.variant for u in uses if u.group == FRAMING_GROUP)
    for variant, key in _FRAMING_KEYS:
        out[key] = float(framing[variant])
    loc = _locale_of(evidence)
    out.update({"locale_score": loc.score, "locale_gb_weight": loc.gb_weight,
                "locale_us_weight": loc.us_weight, "locale_evidence_n": float(len(loc.evidence))})
    return out


def _usable_rows(corpus: pd.DataFrame) -> Iterable[tuple[str, str, str]]:
    from .corpus import usable

    rows = usable(corpus, nonblank=False)
    for aid, outlet, body in zip(rows["article_id"], rows["outlet"], rows["body"], strict=True):
        yield str(aid), ("" if pd.isna(outlet) else str(outlet)), (body if isinstance(body, str)
                                                                    else "")


def _dates(corpus: pd.DataFrame) -> dict[str, pd.Timestamp]:
    """Article id -> publication date (day precision; NaT when missing or unreadable)."""
    if "published" not in corpus.columns or "article_id" not in corpus.columns:
        return {}
    days = pd.to_datetime(corpus["published"].astype("string").str.slice(0, 10),
                          errors="coerce", format="%Y-%m-%d")
    return dict(zip(corpus["article_id"].astype(str), days, strict=True))


TERM_COLUMNS = ["article_id", "outlet", "sentence_index", "start", "end", "text", "group",
                "variant", "kind", "standard", "in_quote", "sentence", "published"]


def term_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every term-choice match in the corpus, one row each, with the sentence behind it.

    Columns: ``TERM_COLUMNS`` (``standard``: the variant is its group's reference form,
    e.g. "Kyiv", never for ``spelling`` pairs, which have none; ``in_quote``: inside
    quotation marks, i.e. the source's words; ``published``: the article's date, NaT when
    it has none).
    """
    rows = []
    dates = _dates(corpus)
    for aid, outlet, body in _usable_rows(corpus):
        doc = Doc(body)
        day = dates.get(aid, pd.NaT)
        for u in find_terms(body):
            sent = doc.sentence_at(u.start)
            rows.append((aid, outlet, doc.sentence_index(u.start), u.start, u.end, u.text,
                         u.group, u.variant, u.kind,
                         u.kind != SPELLING_KIND and u.variant == TERM_GROUPS[u.group][0],
                         doc.in_quote(u.start), sent.text if sent else "", day))
    table = pd.DataFrame(rows, columns=TERM_COLUMNS)
    table["published"] = pd.to_datetime(table["published"])
    return table


def _variant_counts(counts: pd.Series) -> str:
    return "; ".join(f"{v} {n}" for v, n in counts.items())


def variant_counts(data: pd.DataFrame, by: str = "article_id") -> pd.DataFrame:
    """Matches per ``by`` (``article_id`` or ``outlet``), group and variant, with narrator
    and quoted text counted apart. ``data``: a corpus or a :func:`term_table`."""
    table = data if "variant" in data.columns else term_table(data)
    keys = ["outlet", "article_id"] if by == "article_id" else [by]
    cols = [*keys, "group", "variant", "narrator_n", "quoted_n", "total_n"]
    if table.empty:
        return pd.DataFrame(columns=cols)
    counts = (table.assign(quoted=table["in_quote"].astype(bool))
              .groupby([*keys, "group", "variant", "quoted"]).size()
              .unstack("quoted", fill_value=0)
              .reindex(columns=[False, True], fill_value=0))
    counts.columns = ["narrator_n", "quoted_n"]
    counts["total_n"] = counts["narrator_n"] + counts["quoted_n"]
    return counts.reset_index()[cols]


def _ordered_counts(variants: pd.Series, order: dict[str, int]) -> pd.Series:
    """Variant counts, most frequent first, ties in lexicon order (reference form first)."""
    counts = variants.value_counts()
    keys = sorted(counts.index, key=lambda v: (-counts[v], order.get(v, len(order)), v))
    return counts.reindex(keys)


HOUSE_COLUMNS = ["outlet", "group", "kind", "chosen_variant", "chosen_n", "narrator_n",
                 "reference_share", "narrator_variants", "quoted_n", "quoted_variants",
                 "n_articles", "mixed", "quote_differs", "mixing", "mixed_articles",
                 "late_old_n", "notable"]


def _late_counts(table: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(outlet, group) -> old-form narrator uses after the outlet's or a style guide's
    switch, for the groups with an old/new order (see :func:`late_old_uses`)."""
    counts: dict[tuple[str, str], int] = {}
    if "published" not in table.columns or table["published"].isna().all():
        return counts
    dated = table[table["published"].notna() & ~table["in_quote"].astype(bool)]
    guided = set(style_guides()["group"])
    for group, g in dated.groupby("group", sort=True):
        try:
            old, new = group_order(group)
        except ValueError:
            continue
        has_old = g[g["variant"].isin(old)].groupby("outlet").size()
        has_new = set(g.loc[g["variant"].isin(new), "outlet"])
        # a late use needs a style-guide date, or an outlet that wrote both forms
        outlets = [o for o in has_old.index if o in has_new or group in guided]
        if not outlets:
            continue
        late = late_old_uses(table[table["outlet"].isin(outlets)], group=group)
        for outlet, n in late.groupby("outlet").size().items():
            counts[(outlet, group)] = int(n)
    return counts


def _house_row(outlet: str, group: str, g: pd.DataFrame, late_n: int = 0) -> dict:
    order = {v: i for i, v in enumerate(TERM_GROUPS.get(group, ()))}
    narr, quo = g[~g["in_quote"].astype(bool)], g[g["in_quote"].astype(bool)]
    nc, qc = _ordered_counts(narr["variant"], order), _ordered_counts(quo["variant"], order)
    chosen = nc.index[0] if len(nc) else None
    spelling = GROUP_KIND.get(group) in SPELLING_KINDS
    mixed = bool(spelling and len(nc) > 1)
    differs = bool(spelling and chosen is not None and any(v != chosen for v in qc.index))
    odd = narr[narr["variant"] != chosen] if mixed else narr.iloc[0:0]
    reference = (TERM_GROUPS[group][0]
                 if group in TERM_GROUPS and GROUP_KIND[group] != SPELLING_KIND else None)
    return {
        "outlet": outlet, "group": group, "kind": GROUP_KIND.get(group, ""),
        "chosen_variant": chosen, "chosen_n": int(nc.iloc[0]) if len(nc) else 0,
        "narrator_n": int(len(narr)),
        "reference_share": (float((narr["variant"] == reference).mean())
                            if len(narr) and reference is not None else math.nan),
        "narrator_variants": _variant_counts(nc), "quoted_n": int(len(quo)),
        "quoted_variants": _variant_counts(qc), "n_articles": int(g["article_id"].nunique()),
        "mixed": mixed, "quote_differs": differs, "mixing": mixed or differs,
        "mixed_articles": ", ".join(sorted(set(odd["article_id"]))),
        "late_old_n": late_n, "notable": late_n > 0,
    }


def house_style(data: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and group, the variant the outlet's own (narrator) text chooses.

    ``data``: a corpus (``load_corpus``) or a :func:`term_table`. Narrator and quoted counts
    are kept apart. For spelling groups (``SPELLING_KINDS``) ``mixed`` flags narrator text
    with more than one variant (e.g. a "Kiev" wire snippet in a "Kyiv" page; the articles are
    in ``mixed_articles``), ``quote_differs`` flags quoted text using another variant, and
    ``mixing`` is either. ``reference_share``: share of narrator matches in the group's
    reference (first) variant, e.g. "Kyiv". ``late_old_n``: narrator uses of an old form
    (Kiev, Odessa ...) dated after the outlet's own switch to the new one or after a style
    guide adopted it (:func:`late_old_uses`); ``notable`` when there is one: "Kiev" in 2014
    was the standard spelling, in 2024 it is a choice. Sorted by outlet, group.
    """
    table = data if "variant" in data.columns else term_table(data)
    if table.empty:
        return pd.DataFrame(columns=HOUSE_COLUMNS)
    late = _late_counts(table)
    rows = [_house_row(outlet, group, g, late.get((outlet, group), 0))
            for (outlet, group), g in table.groupby(["outlet", "group"], sort=True)]
    return pd.DataFrame(rows, columns=HOUSE_COLUMNS)


def _evidence_summary(evidence: Iterable[LocaleEvidence], variety: str) -> str:
    counts: dict[str, int] = {}
    for e in evidence:
        if e.variety == variety:
            counts[e.text.lower()] = counts.get(e.text.lower(), 0) + 1
    return ", ".join(f"{w} x{n}" if n > 1 else w
                     for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


LOCALE_COLUMNS = ["article_id", "outlet", "label", "score", "gb_weight", "us_weight",
                  "n_evidence", "gb_words", "us_words"]


def locale_table(corpus: pd.DataFrame, **options: float) -> pd.DataFrame:
    """One row per article: locale label, score, weights and the words behind them.
    ``options`` go to :func:`locale` (``min_evidence``, ``mixed_share``, ``mixed_weight``)."""
    rows = []
    for aid, outlet, body in _usable_rows(corpus):
        loc = locale(body, **options)
        rows.append((aid, outlet, loc.label, loc.score, loc.gb_weight, loc.us_weight,
                     len(loc.evidence), _evidence_summary(loc.evidence, GB),
                     _evidence_summary(loc.evidence, US)))
    return pd.DataFrame(rows, columns=LOCALE_COLUMNS)


def locale_evidence_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every locale-marked word in the corpus with its sentence (to trace a verdict)."""
    rows = []
    for aid, outlet, body in _usable_rows(corpus):
        doc = Doc(body)
        for e in find_locale_evidence(body):
            sent = doc.sentence_at(e.start)
            rows.append((aid, outlet, doc.sentence_index(e.start), e.start, e.end, e.text,
                         e.variety, e.weight, e.pattern, e.other, doc.in_quote(e.start),
                         sent.text if sent else ""))
    return pd.DataFrame(rows, columns=["article_id", "outlet", "sentence_index", "start", "end",
                                       "text", "variety", "weight", "pattern", "other",
                                       "in_quote", "sentence"])


def outlet_locale(data: pd.DataFrame, **options: float) -> pd.DataFrame:
    """Per outlet: pooled British/American evidence, label and score, and how its articles
    were labelled. ``data``: a corpus or a :func:`locale_table`. An outlet whose articles
    split between varieties (wire copy, a second desk) comes out ``mixed``."""
    table = data if "gb_weight" in data.columns else locale_table(data, **options)
    rows = []
    for outlet, g in table.groupby("outlet", sort=True):
        gb, us = float(g["gb_weight"].sum()), float(g["us_weight"].sum())
        label, score = locale_verdict(gb, us, **options)
        labels = g["label"].value_counts()
        rows.append({"outlet": outlet, "n_articles": len(g), "label": label, "score": score,
                     "gb_weight": gb, "us_weight": us,
                     **{f"n_{k.replace('-', '_').lower()}": int(labels.get(k, 0))
                        for k in (GB, US, "mixed", "unknown")}})
    return pd.DataFrame(rows, columns=["outlet", "n_articles", "label", "score", "gb_weight",
                                       "us_weight", "n_en_gb", "n_en_us", "n_mixed", "n_unknown"])


# --------------------------------------------------------------------------------------------
# Term choice through time
# --------------------------------------------------------------------------------------------

def _group_orders() -> MappingProxyType:
    return MappingProxyType({
        row["group"]: (tuple(v for v in row["old"].split("|") if v),
                       tuple(v for v in row["new"].split("|") if v))
        for row in _read_tsv("terms_timeline.tsv")})


GROUP_ORDER = _group_orders()
"""Group -> (old variants, new variants) declared in ``terms_timeline.tsv``."""


def group_order(group: str, *, old: Iterable[str] | None = None,
                new: Iterable[str] | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The old and the new variants of ``group``: ``old``/``new`` when given (both), else the
    order declared in ``terms_timeline.tsv``, else for Ukrainian toponyms and names the
    Ukrainian romanisation (new) against every other variant (old). Raises ``ValueError``
    for a group without an order (Korean names, framing words, UK/US spelling pairs): pass
    ``old=`` and ``new=`` then, e.g. ``old=["invasion"], new=["war"]``."""
    if old is not None or new is not None:
        if old is None or new is None:
            raise ValueError("pass both old= and new=")
        o, n = tuple(dict.fromkeys(old)), tuple(dict.fromkeys(new))
        if not o or not n or set(o) & set(n):
            raise ValueError(f"old={o!r} and new={n!r} must be non-empty and disjoint")
        return o, n
    if group in GROUP_ORDER:
        return GROUP_ORDER[group]
    if group in UKRAINE_GROUPS:
        first, *rest = TERM_GROUPS[group]
        return tuple(rest), (first,)
    raise ValueError(f"group {group!r} declares no old and new variants; pass old=[...] and "
                     f"new=[...] (its variants: {', '.join(TERM_GROUPS.get(group, ())) or '?'})")


GUIDE_COLUMNS = ["group", "variant", "guide", "adopted", "adopted_until", "adopted_as",
                 "source"]


def style_guides(group: str | None = None) -> pd.DataFrame:
    """When style guides adopted a variant (``terms_style_guides.tsv``), with the source.

    ``adopted``: the first day of the stated date or month; ``adopted_until``: its last day
    (a month-precise date covers the whole month); ``adopted_as``: the date as the source
    gives it. Only ``group``'s rows when given."""
    rows = []
    for r in _read_tsv("terms_style_guides.tsv"):
        period = pd.Period(r["adopted"], freq="D" if len(r["adopted"]) > 7 else "M")
        rows.append((r["group"], r["variant"], r["guide"], period.start_time,
                     period.end_time.normalize(), r["adopted"], r["source"]))
    table = pd.DataFrame(rows, columns=GUIDE_COLUMNS)
    return table if group is None else table[table["group"] == group].reset_index(drop=True)


def _term_rows(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` as a :func:`term_table` (a corpus is analysed; a table without dates gets
    ``published`` NaT)."""
    table = data if "variant" in data.columns else term_table(data)
    if "published" not in table.columns:
        table = table.assign(published=pd.NaT)
    return table.assign(published=pd.to_datetime(table["published"]))


def _narrator_uses(data: pd.DataFrame, group: str, old: tuple[str, ...],
                   new: tuple[str, ...]) -> pd.DataFrame:
    """Narrator uses of ``group``'s old or new variants, with ``role`` old/new."""
    table = _term_rows(data)
    uses = table[(table["group"] == group) & ~table["in_quote"].astype(bool)
                 & table["variant"].isin(old + new)]
    return uses.assign(role=uses["variant"].map(lambda v: "new" if v in new else "old"))


SWITCH_COLUMNS = ["outlet", "status", "switched", "switch_date", "last_old", "first_new",
                  "n_old", "n_new", "n_undated", "n_old_after_switch", "first_date",
                  "last_date", "n_dates", "n_articles"]
"""Columns of :func:`term_switches`."""


def _change_point(days: pd.DataFrame) -> int:
    """Index of the first day of the best split: old-form uses before it plus new-form uses
    from it on are as many as possible; on a tie, a split with old-form uses before it, then
    the earliest."""
    old, new = days["old"].to_numpy(), days["new"].to_numpy()
    score = [(int(old[:j].sum() + new[j:].sum()), bool(old[:j].sum() > 0), -j)
             for j in range(len(days))]
    return max(range(len(days)), key=score.__getitem__)


def _switch_row(outlet: str, g: pd.DataFrame) -> dict:
    n_old, n_new = int((g["role"] == "old").sum()), int((g["role"] == "new").sum())
    dated = g[g["published"].notna()]
    row = {"outlet": outlet, "switched": False, "switch_date": pd.NaT, "last_old": pd.NaT,
           "first_new": pd.NaT, "n_old": n_old, "n_new": n_new,
           "n_undated": int(len(g) - len(dated)), "n_old_after_switch": 0,
           "first_date": dated["published"].min(), "last_date": dated["published"].max(),
           "n_dates": int(dated["published"].nunique()),
           "n_articles": int(g["article_id"].nunique())}
    days = (dated.groupby(["published", "role"]).size().unstack("role", fill_value=0)
            .reindex(columns=["old", "new"], fill_value=0))
    if len(days):
        row["last_old"] = days.index[days["old"] > 0].max()
        row["first_new"] = days.index[days["new"] > 0].min()
        j = _change_point(days)
        head, tail, last = days.iloc[:j], days.iloc[j:], days.iloc[-1]
        if (head["old"].sum() > 0 and tail["new"].sum() > tail["old"].sum()
                and last["new"] > last["old"]):
            when = days.index[j]
            row.update(switched=True, switch_date=when, first_new=when,
                       last_old=head.index[head["old"] > 0].max(),
                       n_old_after_switch=int(tail["old"].sum()))
    if not len(days):
        status = "undated"
    elif n_new == 0:
        status = "only old"
    elif n_old == 0:
        status = "only new"
    else:
        status = "switched" if row["switched"] else "not switched"
    return {**row, "status": status}


def term_switches(data: pd.DataFrame, *, group: str = "kyiv", old: Iterable[str] | None = None,
                  new: Iterable[str] | None = None) -> pd.DataFrame:
    """When each outlet switched from the old to the new variant of ``group`` (Kiev -> Kyiv).

    ``data``: a corpus (``load_corpus``) or a :func:`term_table`. Only narrator text counts
    (a quoted "Kiev" is the source's word), names are never counted ("Kyiv Post", "chicken
    Kiev"; see :func:`find_terms`), and ``old``/``new`` come from :func:`group_order`.

    Definition: the outlet's dated uses, by day, are split at the day that best separates
    old-form uses before it from new-form uses from it on (most uses on the right side; on a
    tie, a day with old-form uses before it, then the earliest). The outlet has ``switched``
    when it wrote the old form before that day, the new form is the majority from it on, and on
    its last day with a use of the group the new form outnumbers the old: an outlet that writes
    the old form at the end of its data has not switched. ``switch_date``: that day (the first
    day from which the new form dominates); ``last_old``: the last old-form use before it;
    ``first_new`` = ``switch_date``, so the switch happened between ``last_old`` and
    ``switch_date``. ``n_old_after_switch``: old-form uses from the switch on (stray uses, see
    :func:`late_old_uses`). For an outlet that has not switched, ``last_old`` and ``first_new``
    are its last old-form and first new-form uses. ``n_old``/``n_new``: all its narrator uses
    (dated or not); ``n_undated``: those without a date. ``status``: switched / not switched /
    only old / only new / undated (no dated use). One row per outlet with a
    narrator use of the group, sorted by outlet; an empty table (same columns) when none.
    """
    o, n = group_order(group, old=old, new=new)
    uses = _narrator_uses(data, group, o, n)
    rows = [_switch_row(outlet, g) for outlet, g in uses.groupby("outlet", sort=True)]
    out = pd.DataFrame(rows, columns=SWITCH_COLUMNS)
    for col in ("switch_date", "last_old", "first_new", "first_date", "last_date"):
        out[col] = pd.to_datetime(out[col])
    return out.astype({"switched": bool})


TIMELINE_COLUMNS = ["outlet", "period", "variant", "role", "n", "n_quoted", "n_articles"]
"""Columns of :func:`term_timeline`."""


def term_timeline(data: pd.DataFrame, *, group: str, freq: str = "QS",
                  old: Iterable[str] | None = None,
                  new: Iterable[str] | None = None) -> pd.DataFrame:
    """Uses of ``group``'s variants per outlet, period and variant (a long table).

    ``data``: a corpus or a :func:`term_table`. ``period``: the start of the pandas period
    ``freq`` ("QS" quarters, "MS" months, "YS" years) holding the article's date; ``n``:
    narrator uses, ``n_quoted``: uses inside quotations; ``n_articles``: articles behind
    them; ``role``: old / new from :func:`group_order`, "" for a group without an order
    (``old=``/``new=`` may set one). Undated articles cannot be placed and are left out
    (:func:`term_switches` counts them in ``n_undated``). Only periods with a use appear;
    sorted by outlet, period, variant.
    """
    try:
        o, n = group_order(group, old=old, new=new)
    except ValueError:
        if old is not None or new is not None:
            raise
        o, n = (), ()
    table = _term_rows(data)
    uses = table[(table["group"] == group) & table["published"].notna()]
    if uses.empty:
        return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c == "period" else
                                          "int64" if c.startswith("n") else "object")
                             for c in TIMELINE_COLUMNS})
    quoted = uses["in_quote"].astype(bool)
    uses = uses.assign(narr=(~quoted).astype(int), quo=quoted.astype(int))
    out = (uses.groupby(["outlet", pd.Grouper(key="published", freq=freq), "variant"])
           .agg(n=("narr", "sum"), n_quoted=("quo", "sum"), n_articles=("article_id", "nunique"))
           .reset_index().rename(columns={"published": "period"}))
    out = out[(out["n"] + out["n_quoted"]) > 0]
    out["role"] = out["variant"].map(lambda v: "new" if v in n else "old" if v in o else "")
    return (out[TIMELINE_COLUMNS].sort_values(["outlet", "period", "variant"])
            .reset_index(drop=True))


LATE_COLUMNS = ["outlet", "article_id", "published", "variant", "after", "since", "sentence",
                "start"]
"""Columns of :func:`late_old_uses`."""


def late_old_uses(data: pd.DataFrame, *, group: str = "kyiv", old: Iterable[str] | None = None,
                  new: Iterable[str] | None = None) -> pd.DataFrame:
    """Old-form uses in narrator text written after the outlet's own switch or after a style
    guide adopted the new form (a "Kiev" of 2014 is the standard of its day; one of 2024 is
    a choice), one row each with the sentence behind it.

    ``after``: "the outlet's switch" or the style guide's name (the outlet's own switch
    first); ``since``: the date it came after, as the switch or the guide gives it (for a
    month-precise guide date, uses within that month are not counted). Undated uses cannot
    be placed and are left out. Sorted by outlet, date, article, position.
    """
    o, n = group_order(group, old=old, new=new)
    table = _term_rows(data)
    uses = _narrator_uses(table, group, o, n)
    uses = uses[(uses["role"] == "old") & uses["published"].notna()]
    if uses.empty:
        return pd.DataFrame(columns=LATE_COLUMNS)
    switches = term_switches(table, group=group, old=o, new=n)
    own = switches[switches["switched"]].set_index("outlet")["switch_date"]
    guides = style_guides(group)
    guides = guides[guides["variant"].isin(n)].sort_values("adopted_until")
    rows = []
    for u in uses.itertuples(index=False):
        day = u.published
        if u.outlet in own.index and day >= own[u.outlet]:
            rows.append((u.outlet, u.article_id, day, u.variant, "the outlet's switch",
                         f"{own[u.outlet]:%Y-%m-%d}", u.sentence, u.start))
            continue
        before = guides[guides["adopted_until"] < day]
        if len(before):
            g = before.iloc[0]
            rows.append((u.outlet, u.article_id, day, u.variant, g["guide"], g["adopted_as"],
                         u.sentence, u.start))
    out = pd.DataFrame(rows, columns=LATE_COLUMNS)
    return out.sort_values(["outlet", "published", "article_id", "start"]).reset_index(drop=True)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def describe_timeline(corpus: pd.DataFrame, data: pd.DataFrame | None = None, *,
                      group: str = "kyiv") -> str:
    """What this corpus can show about ``group`` through time, in a few plain sentences:
    articles and dates, the uses of the group, and whether any outlet is seen on enough dates
    to show a switch. ``data``: its :func:`term_table` (made when not given)."""
    from .corpus import usable

    articles = usable(corpus)
    table = _term_rows(term_table(corpus) if data is None else data)
    dates = pd.Series(_dates(articles)).reindex(articles["article_id"].astype(str))
    n, dated = len(articles), int(dates.notna().sum())
    outlets = _count(articles["outlet"].nunique(), "outlet")
    lines = [f"{_count(n, 'usable article')} from {outlets}; "
             + (f"{dated} dated ({dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}), "
                f"{n - dated} without a date." if dated else "none has a date.")]
    uses = table[table["group"] == group]
    narr = uses[~uses["in_quote"].astype(bool)]
    counts = "; ".join(f"{v} {k}" for v, k in narr["variant"].value_counts().items())
    lines.append(f"{_count(len(narr), 'use')} of the group '{group}' in the outlets' own text"
                 + (f" ({counts})" if counts else "") + f" from "
                 f"{_count(narr['outlet'].nunique(), 'outlet')}; {len(uses) - len(narr)} more "
                 "inside quotations.")
    days = narr.dropna(subset=["published"]).groupby("outlet")["published"].nunique()
    if narr.empty:
        lines.append("Nothing to show: no outlet writes any variant of this group.")
    elif not dated or days.empty:
        lines.append("No use has a date: this corpus cannot show when any outlet changed its "
                     "words, so no timeline is drawn.")
    elif days.max() < 2:
        lines.append("Each outlet's uses fall on a single date: the tables show which form "
                     "each outlet used on that day, not whether or when it changed (that needs "
                     "an outlet seen on several dates, before and after a change).")
    else:
        lines.append(f"{int((days >= 2).sum())} of the {len(days)} outlets with dated uses have "
                     f"them on two or more dates (only these can show a switch), "
                     f"{int((days >= 5).sum())} on five or more.")
    return "\n".join(lines)


OVERVIEW_COLUMNS = ["group", "old", "new", "n_outlets", "switched", "not switched", "only old",
                    "only new", "undated"]


def switch_overview(data: pd.DataFrame) -> pd.DataFrame:
    """Per group with an old/new order (:func:`group_order`) used in ``data`` (a corpus or
    a :func:`term_table`): how many outlets switched, did not, or wrote one form only.
    Sorted by outlets using the group (most first), then group."""
    table = _term_rows(data)
    rows = []
    for group in sorted(set(table["group"])):
        try:
            o, n = group_order(group)
        except ValueError:
            continue
        sw = term_switches(table, group=group)
        if sw.empty:
            continue
        status = sw["status"].value_counts()
        rows.append({"group": group, "old": ", ".join(o), "new": ", ".join(n),
                     "n_outlets": len(sw),
                     **{k: int(status.get(k, 0)) for k in OVERVIEW_COLUMNS[4:]}})
    out = pd.DataFrame(rows, columns=OVERVIEW_COLUMNS)
    return out.sort_values(["n_outlets", "group"], ascending=[False, True]).reset_index(drop=True)


def choice_grid(house: pd.DataFrame, *, kind: str | None = None,
                groups: Iterable[str] | None = None, max_groups: int = 8) -> pd.DataFrame:
    """Outlet x group table of the variants each outlet's own text writes ("defence 4;
    defense 3 *"): ``*`` marks mixing, ``!`` an old form after a switch (``notable``); blank
    where the outlet does not use the group. ``house``: :func:`house_style`; ``kind``: only
    groups of that kind (e.g. ``"spelling"``); groups default to the ``max_groups`` with
    most narrator uses (ties by name), in that order; outlets sorted by name."""
    h = house[house["narrator_n"] > 0]
    if kind is not None:
        h = h[h["kind"] == kind]
    if groups is None:
        totals = h.groupby("group")["narrator_n"].sum()
        groups = sorted(totals.index, key=lambda g: (-totals[g], g))[:max_groups]
    groups = list(groups)
    h = h[h["group"].isin(groups)]
    cells = h["narrator_variants"] + h["mixing"].map({True: " *", False: ""}) + \
        h["notable"].map({True: " !", False: ""})
    grid = (h.assign(cell=cells).pivot(index="outlet", columns="group", values="cell")
            .reindex(columns=groups).fillna(""))
    grid.columns.name = None
    return grid.sort_index()
