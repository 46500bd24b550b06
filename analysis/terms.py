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
from functools import cached_property
from types import MappingProxyType

import pandas as pd

from . import paths
from .text import Doc

# --------------------------------------------------------------------------------------------
# Lexicon loading and compilation
# --------------------------------------------------------------------------------------------

SPELLING_KINDS = frozenset({"toponym", "person", "organization", "phrase", "country-name"})
"""Kinds of groups whose variants are spellings of one referent (mixing them is a style
mix); framing and loaded-word groups hold different words, so using several is not."""

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
    instead of every position of the text."""

    def __init__(self, forms: Iterable[str]) -> None:
        self.forms = list(forms)
        self.pattern = r"\W(" + _trie_regex(self.forms) + r")(?!\w)"
        self.lower = re.compile(self.pattern)

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


class _SharedPass:
    """The forms of several :class:`_FormRegex` found together (for two regexes, nearly
    twice as fast as a pass each): a lookahead on all their forms selects the
    word starts where any matches, and a lookahead per regex captures its longest whole-word
    form there."""

    def __init__(self, *regexes: _FormRegex) -> None:
        union = _trie_regex([form for rx in regexes for form in rx.forms])
        each = "".join(rf"(?=({_trie_regex(rx.forms)})(?!\w)|)" for rx in regexes)
        self.body = rf"(?=(?:{union})(?!\w)){each}"
        self.pattern = rf"\W{self.body}"
        self.size = len(regexes)

    @cached_property
    def lower(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """:attr:`pattern` for the lowercased text, in two passes by the non-word character
        before a form: a space (the engine skips to it as to a literal), or another non-word
        character (from a class the engine tests by table before checking ``\\W``)."""
        return re.compile(" " + self.body), re.compile(r"[^ 0-9_a-z](?<=\W)" + self.body)

    @cached_property
    def ignorecase(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.IGNORECASE)

    def finders(self, text: str, low: str | None = None
                ) -> list[Callable[[int], tuple[int, int] | None]]:
        """Per regex, the function :meth:`_FormRegex.finder` would return for ``text``
        (``low``: ``text.lower()`` when known)."""
        low = text.lower() if low is None else low
        if len(low) == len(text):
            space, other = self.lower
            hay = " " + low
            matches, rest = list(space.finditer(hay)), list(other.finditer(hay))
            if rest:  # both passes in text order
                matches += rest
                matches.sort(key=_match_start)
        else:
            matches = list(self.ignorecase.finditer(" " + text))
        spans: list[list[tuple[int, int]]] = [[] for _ in range(self.size)]
        for m in matches:  # every start: a match is only the character before it
            for group, found in enumerate(spans, 1):
                if m.start(group) >= 0:
                    found.append((m.start(group) - 1, m.end(group) - 1))
        return [_span_finder(found) for found in spans]


def _match_start(m: re.Match[str]) -> int:
    return m.start()


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
TERM_GROUPS: MappingProxyType = MappingProxyType({
    g: tuple(dict.fromkeys(e.variant for e in _TERMS.values()
                           if isinstance(e, TermEntry) and e.group == g))
    for g in sorted({e.group for e in _TERMS.values() if isinstance(e, TermEntry)})
})
"""Group -> its variants, the reference (standard) variant first."""
GROUP_KIND: MappingProxyType = MappingProxyType(
    {e.group: e.kind for e in _TERMS.values() if isinstance(e, TermEntry)})

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
    context rules and is not part of a longer exception phrase (a name or fixed term). More
    matches of one variant against another means the text prefers that variant.
    Reference: SpellingUkraine (#KyivNotKiev) vocabulary; AP / Reuters style guides for the
    house styles. Never raises; non-``str`` input gives ``[]``.
    """
    if not isinstance(text, str) or not text:
        return []
    return _terms_with(text, _TERM_RX.finder(text))


def _terms_with(text: str, find: Callable[[int], tuple[int, int] | None]) -> list[TermUse]:
    """:func:`find_terms`, with ``find`` the :meth:`_FormRegex.finder` of the terms regex."""
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


TERM_COLUMNS = ["article_id", "outlet", "sentence_index", "start", "end", "text", "group",
                "variant", "kind", "standard", "in_quote", "sentence"]


def term_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every term-choice match in the corpus, one row each, with the sentence behind it.

    Columns: ``TERM_COLUMNS`` (``standard``: the variant is its group's reference form,
    e.g. "Kyiv"; ``in_quote``: inside quotation marks, i.e. the source's words).
    """
    rows = []
    for aid, outlet, body in _usable_rows(corpus):
        doc = Doc(body)
        for u in find_terms(body):
            sent = doc.sentence_at(u.start)
            rows.append((aid, outlet, doc.sentence_index(u.start), u.start, u.end, u.text,
                         u.group, u.variant, u.kind, u.variant == TERM_GROUPS[u.group][0],
                         doc.in_quote(u.start), sent.text if sent else ""))
    return pd.DataFrame(rows, columns=TERM_COLUMNS)


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
                 "n_articles", "mixed", "quote_differs", "mixing", "mixed_articles"]


def _house_row(outlet: str, group: str, g: pd.DataFrame) -> dict:
    order = {v: i for i, v in enumerate(TERM_GROUPS.get(group, ()))}
    narr, quo = g[~g["in_quote"].astype(bool)], g[g["in_quote"].astype(bool)]
    nc, qc = _ordered_counts(narr["variant"], order), _ordered_counts(quo["variant"], order)
    chosen = nc.index[0] if len(nc) else None
    spelling = GROUP_KIND.get(group) in SPELLING_KINDS
    mixed = bool(spelling and len(nc) > 1)
    differs = bool(spelling and chosen is not None and any(v != chosen for v in qc.index))
    odd = narr[narr["variant"] != chosen] if mixed else narr.iloc[0:0]
    reference = TERM_GROUPS[group][0] if group in TERM_GROUPS else None
    return {
        "outlet": outlet, "group": group, "kind": GROUP_KIND.get(group, ""),
        "chosen_variant": chosen, "chosen_n": int(nc.iloc[0]) if len(nc) else 0,
        "narrator_n": int(len(narr)),
        "reference_share": float((narr["variant"] == reference).mean()) if len(narr) else math.nan,
        "narrator_variants": _variant_counts(nc), "quoted_n": int(len(quo)),
        "quoted_variants": _variant_counts(qc), "n_articles": int(g["article_id"].nunique()),
        "mixed": mixed, "quote_differs": differs, "mixing": mixed or differs,
        "mixed_articles": ", ".join(sorted(set(odd["article_id"]))),
    }


def house_style(data: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and group, the variant the outlet's own (narrator) text chooses.

    ``data``: a corpus (``load_corpus``) or a :func:`term_table`. Narrator and quoted counts
    are kept apart. For spelling groups (``SPELLING_KINDS``) ``mixed`` flags narrator text
    with more than one variant (e.g. a "Kiev" wire snippet in a "Kyiv" page; the articles are
    in ``mixed_articles``), ``quote_differs`` flags quoted text using another variant, and
    ``mixing`` is either. ``reference_share``: share of narrator matches in the group's
    reference (first) variant, e.g. "Kyiv". Sorted by outlet, group.
    """
    table = data if "variant" in data.columns else term_table(data)
    if table.empty:
        return pd.DataFrame(columns=HOUSE_COLUMNS)
    rows = [_house_row(outlet, group, g)
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
