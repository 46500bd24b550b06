"""Readability indices with textstat 0.7.8's exact values, counted once per text.

textstat computes every index from a few counts (sentences, words, syllables, polysyllabic
words, difficult words). Called index by index it re-tokenises the text for each count and
looks syllables up through small (128-entry) caches. Here the text is split on whitespace
once; each distinct token is turned into the word textstat's ``list_words`` makes of it
(non-contraction apostrophes and other punctuation removed) and looked up (CMUdict, then
Pyphen, the same dictionaries textstat uses; CMUdict as a precomputed table of syllable
counts, ``lexicons/cmudict_syllables.tsv.gz``) once, remembered across texts; and the indices
are derived from the counts with textstat 0.7.8's formulas. One deliberate difference: a
text with no words (empty, only punctuation or symbols) gives NaN for every index, where
textstat gives 0.0 (which would read as "very hard" for reading ease and "very easy" for the
grades); every other text gets textstat's exact values.

Reference: textstat 0.7.8 (``textstat/backend``), Flesch (1948), Kincaid et al. (1975),
Gunning (1952), McLaughlin (1969) SMOG, Dale & Chall (1948); tests assert equality with
textstat's own functions to 1e-9.
"""
from __future__ import annotations

import functools
import gzip
import importlib.util
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from . import paths
from .text import Doc

LANG = "en_US"
"""textstat's default language; its English constants are used below."""
# textstat 0.7.8's English constants (``LANG_CONFIGS["en"]`` and ``RE_NONCONTRACTION_APOSTROPHE``
# of ``textstat.backend.utils.constants``), written out so that computing readability does not
# import textstat and, with it, CMUdict's loader; tests/test_readability.py checks them.
_CFG = {"fre_base": 206.835, "fre_sentence_length": 1.015, "fre_syll_per_word": 84.6,
        "syllable_threshold": 3}
_RE_NONCONTRACTION_APOSTROPHE = r"\'(?![tsd]|ve|ll|re)"
FOG_SYLLABLES = int(_CFG["syllable_threshold"])  # Gunning fog: "difficult" = >= 3 syllables

# textstat's tokenisation (selections.list_words with rm_punctuation=True)
_NONCONTRACTION_APOSTROPHE = re.compile(_RE_NONCONTRACTION_APOSTROPHE)
_PUNCT_KEEP_APOSTROPHE = re.compile(r"[^\w\s\']")
_SEGMENT = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)  # textstat.count_sentences

INDEX_NAMES = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
               "dale_chall_readability_score", "words_per_sentence", "syllables_per_word")


@dataclass(frozen=True)
class TextCounts:
    """The counts every index is derived from (textstat's definitions)."""

    sentences: int
    words: int
    syllables: int
    polysyllables: int  # words with >= 3 syllables (SMOG)
    difficult_fog: int  # words not on the Dale-Chall easy list with >= 3 syllables (fog)
    difficult_dale_chall: int  # words not on the Dale-Chall easy list (Dale-Chall)


def _words(text: str) -> list[str]:
    """textstat ``list_words(text)``: punctuation (but contraction apostrophes) removed,
    whitespace split."""
    text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    return _PUNCT_KEEP_APOSTROPHE.sub("", text).split()


def _syllables_one(word: str) -> int:
    """Syllables of one lowercased token, as textstat: CMUdict's first pronunciation, else
    Pyphen hyphenation points + 1."""
    n = cmu_syllables(word)
    return hyphen_points(word) + 1 if n is None else n


#: Pyphen's defaults, which textstat's ``Pyphen(lang=LANG)`` keeps: no hyphenation point
#: before a word's second character or after its second-to-last.
HYPHEN_LEFT = HYPHEN_RIGHT = 2


@functools.cache
def hyphen_patterns() -> dict[str, tuple[int, list[int]]]:
    """Pyphen's hyphenation patterns for :data:`LANG`: the dictionary file
    ``Pyphen(lang=LANG)`` reads, parsed as Pyphen's ``HyphDict`` parses it, with the values
    as plain ints (Pyphen marks the points of nonstandard hyphenation with an int subclass;
    a count needs only the values). Read on first use, without Pyphen's own parser, which
    takes several times longer."""
    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback(LANG)]
    with path.open("rb") as fd:
        encoding = fd.readline().decode()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    patterns: dict[str, tuple[int, list[int]]] = {}
    for line in path.read_text(encoding).split("\n")[1:]:
        line = line.strip()
        if not line or line.startswith(pyphen.ignored):
            continue
        if "^^" in line:
            line = pyphen.parse_hex(lambda m: chr(int(m.group(1), 16)), line)
        if "/" in line and "=" in line:  # a nonstandard hyphenation: the pattern before "/"
            line = line.split("/", 1)[0]
        pairs = pyphen.parse(line)
        values = [int(digit) if digit else 0 for digit, _ in pairs]
        if max(values) == 0:
            continue
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        patterns["".join([tag for _, tag in pairs])] = (start, values[start:end])
    return patterns


@functools.cache
def _hyphen_trie() -> tuple[dict, int]:
    """:func:`hyphen_patterns` as a character trie and the longest pattern's length. A node
    maps each next character to a pair: the child node and the ``(offset, values)`` of the
    pattern that ends there (None if none ends there), so a walk reads both in one look-up."""
    root: dict = {}
    for pattern, found in hyphen_patterns().items():
        node = root
        for ch in pattern[:-1]:
            node = node.setdefault(ch, ({}, None))[0]
        child = node.get(pattern[-1])
        node[pattern[-1]] = (child[0] if child else {}, found)
    return root, max(map(len, hyphen_patterns()), default=0)


def hyphen_points(word: str) -> int:
    """``len(Pyphen(lang=LANG).positions(word))``: Liang's algorithm as Pyphen runs it, on
    Pyphen's patterns (:func:`hyphen_patterns`), with the patterns that start at each
    position of the word found by walking a trie (Pyphen looks up every substring up to the
    longest pattern's length), which makes it three times faster."""
    root, longest = _hyphen_trie()
    pointed = f".{word.lower()}."
    references = [0] * (len(pointed) + 1)
    for i in range(len(pointed) - 1):
        node = root
        for ch in pointed[i:i + longest]:  # (linear: at most ``longest`` characters each)
            step = node.get(ch)
            if step is None:
                break
            node, found = step
            if found:
                offset, values = found
                for k, value in enumerate(values, i + offset):
                    if value > references[k]:
                        references[k] = value
    # the points: odd values at word positions HYPHEN_LEFT .. len(word) - HYPHEN_RIGHT
    # (``references[k]`` is the value before ``pointed[k]``, i.e. at word position k - 1)
    return sum(ref & 1 for ref in references[HYPHEN_LEFT + 1:len(word) - HYPHEN_RIGHT + 2])


SYLLABLE_TABLE = paths.LEXICON_DIR / "cmudict_syllables.tsv.gz"
"""Every CMUdict word with textstat's syllable count for it (the phonemes of its first
pronunciation that end in a stress digit), sorted by word; built from the cmudict package
by ``python -m analysis.syllable_table``."""


@functools.cache
def _syllable_table() -> tuple[list[str], list[str]]:
    """(words, syllable counts as digit strings) of :data:`SYLLABLE_TABLE`, read on first
    use: about 25 ms, where loading CMUdict itself takes 0.7 s and 70 MB."""
    text = gzip.decompress(SYLLABLE_TABLE.read_bytes()).decode("utf-8")
    while text.startswith("#"):  # the header
        text = text[text.index("\n") + 1:]
    flat = text.split()
    return flat[0::2], flat[1::2]


@functools.cache
def _syllable_counts() -> dict[str, str]:
    """:func:`_syllable_table` as a dict (one look-up per new word instead of a bisection
    over 126,052 words; built once, in about 20 ms)."""
    return dict(zip(*_syllable_table()))


def cmu_syllables(word: str) -> int | None:
    """textstat's CMUdict syllable count of ``word`` (lower-case), None when CMUdict does
    not have it."""
    count = _syllable_counts().get(word)
    return None if count is None else int(count)


def _word_profile(word: str) -> tuple[int, int, int, int]:
    """(syllables, is_polysyllable, is_difficult_fog, is_difficult_dale_chall) of a token,
    following textstat's per-word paths exactly (they differ only for exotic characters)."""
    lw = word.lower()
    syl = _syllables_one(lw)
    if lw in _EASY:
        return syl, int(syl >= 3), 0, 0
    # textstat.is_difficult_word re-tokenises the lowercased word
    inner = _words(lw) if lw != word or not lw.isalnum() else [lw]
    syl_dw = syl if inner == [lw] else sum(_syllables_one(w.lower()) for w in inner)
    return syl, int(syl >= 3), int(syl_dw >= FOG_SYLLABLES), 1


def _easy_words() -> frozenset[str]:
    """textstat's Dale-Chall easy words for :data:`LANG` (``get_lang_easy_words``), read
    from textstat's resource file as textstat reads it, without importing textstat."""
    spec = importlib.util.find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("textstat is not installed")
    path = Path(spec.submodule_search_locations[0]) / "resources" / "en" / "easy_words.txt"
    with path.open(encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh)


_EASY = _easy_words()
# Every whitespace token of a text stands for at most one textstat word: removing punctuation
# never splits or joins tokens, and an apostrophe's fate depends only on the characters after
# it inside the token. So each distinct token is looked up once and remembered: the counts of
# the word it becomes, packed into one int (32 bits per field: syllables, polysyllable,
# difficult for fog, difficult for Dale-Chall, and 1 when anything is left of the token at
# all), and a text's totals are one C-level ``sum`` over its tokens (fields cannot carry into
# each other below 2**32 tokens).
_FIELD = 32
_MASK = (1 << _FIELD) - 1
_TOKENS: dict[str, int] = {}
_WORDS: dict[str, int] = {}  # the same counts by word, shared by a word's token variants
_CACHE_MAX = 100_000  # entries per cache; full, the two take about 35 MB


def _packed_word(word: str) -> int:
    """``_word_profile(word)`` packed into one int (field ``k`` at bit ``32 * k``), with the
    word count 1 in field 4."""
    packed = _WORDS.get(word)
    if packed is None:
        syl, poly, fog, dc = _word_profile(word)
        packed = _WORDS[word] = (syl | poly << _FIELD | fog << 2 * _FIELD | dc << 3 * _FIELD
                                 | 1 << 4 * _FIELD)
    return packed


def _packed_tokens(tokens: list[str]) -> list[int]:
    """The packed counts of the word each whitespace token becomes (0 when none is left).

    The tokens are cleaned as ``_words`` would clean each, in one pass over them joined by
    line breaks: removing punctuation is per character, and an apostrophe's fate depends on
    the letters after it, which a line break ends as the token's end does."""
    cleaned = _PUNCT_KEEP_APOSTROPHE.sub("", _NONCONTRACTION_APOSTROPHE.sub("", "\n".join(
        tokens))).split("\n")
    return [_packed_word(word) if word else 0 for word in cleaned]


def _sentences(text: str) -> int:
    """textstat ``count_sentences``: regex segments, minus those of <= 2 words, at least 1."""
    if not text:
        return 0
    segments = _SEGMENT.findall(text)
    short = sum(1 for s in segments if _short(s))
    return max(1, len(segments) - short)


_HAS_WORD_CHAR = re.compile(r"\w")


def _short(segment: str) -> bool:
    """``len(_words(segment)) <= 2`` without rewriting the segment: removing punctuation
    never splits or joins whitespace tokens, and a token keeps a character exactly when it
    has a word character (an apostrophe it keeps is followed by one), so the words are the
    whitespace tokens with a word character."""
    first = segment.split(None, 3)   # the first three tokens (and the rest)
    if len(first) <= 2:
        return True
    search = _HAS_WORD_CHAR.search
    if search(first[0]) and search(first[1]) and search(first[2]):
        return False
    return sum(1 for t in segment.split() if search(t)) <= 2


def text_counts(text: str) -> TextCounts:
    """Count sentences, words, syllables, polysyllables and difficult words once.

    Definition: textstat 0.7.8's counts (``count_sentences``, ``lexicon_count``,
    ``syllable_count``, ``polysyllabcount``, ``difficult_words`` without de-duplication).
    Never raises; non-``str`` input counts as empty.
    """
    if not isinstance(text, str):
        text = ""
    if len(_TOKENS) > _CACHE_MAX or len(_WORDS) > _CACHE_MAX:
        _TOKENS.clear()
        _WORDS.clear()
    tokens = text.split()
    try:
        total = sum(map(_TOKENS.get, tokens))
    except TypeError:  # a token not seen before
        # (``set.difference`` with a dict looks each token up by its known hash, in C; not
        # ``- _TOKENS.keys()``: that iterates the cache)
        new = list(set(tokens).difference(_TOKENS))
        _TOKENS.update(zip(new, _packed_tokens(new)))
        total = sum(map(_TOKENS.__getitem__, tokens))
    syl, poly, fog, dc, words = (total >> k * _FIELD & _MASK for k in range(5))
    return TextCounts(_sentences(text), words, syl, poly, fog, dc)


def indices_from_counts(c: TextCounts) -> dict[str, float]:
    """textstat 0.7.8's formulas applied to precomputed counts (same float operations, so
    the values are identical to textstat's), with NaN for every index when there are no
    words: no index is defined then (textstat gives 0.0)."""
    if not c.words:
        return dict.fromkeys(INDEX_NAMES, math.nan)
    wps = c.words / c.sentences if c.sentences else 0.0
    spw = c.syllables / c.words if c.words else 0.0
    if wps == 0 or spw == 0:
        fre = fk = 0.0
    else:
        fre = _CFG["fre_base"] - _CFG["fre_sentence_length"] * wps - _CFG["fre_syll_per_word"] * spw
        fk = (0.39 * wps) + (11.8 * spw) - 15.59
    fog = 0.4 * (wps + 100 * c.difficult_fog / c.words) if c.words else 0.0
    smog = (1.043 * (30 * (c.polysyllables / c.sentences)) ** 0.5) + 3.1291 if c.sentences else 0.0
    if c.words:
        per_difficult = 100 * c.difficult_dale_chall / c.words
        dale_chall = (0.1579 * per_difficult) + (0.0496 * wps)
        if per_difficult > 5:
            dale_chall += 3.6365
    else:
        dale_chall = 0.0
    return {"flesch_reading_ease": fre, "flesch_kincaid_grade": fk, "gunning_fog": fog,
            "smog_index": smog, "dale_chall_readability_score": dale_chall,
            "words_per_sentence": wps, "syllables_per_word": spw}


def readability(text: str) -> dict[str, float]:
    """Flesch reading ease, Flesch-Kincaid grade, Gunning fog, SMOG, Dale-Chall, words per
    sentence and syllables per word of ``text``, equal to textstat 0.7.8's functions.

    Direction: higher reading ease = easier; higher grade / fog / SMOG / Dale-Chall = harder.
    A text with no words (``""``, whitespace, only punctuation) gives NaN for every index:
    none is defined (textstat would report 0.0). Callers average with NaN-aware functions
    (pandas does by default). Reference: textstat 0.7.8. Never raises.
    """
    return indices_from_counts(text_counts(text))


def readability_features(doc: Doc | str) -> dict[str, float]:
    """Per-article readability features: the indices and the counts behind them, prefixed
    ``readability_``; the indices are NaN when the text has no words (see
    :func:`readability`), the counts are then 0."""
    text = doc.text if isinstance(doc, Doc) else doc
    counts = text_counts(text)
    values = indices_from_counts(counts)
    out = {f"readability_{k}": float(v) for k, v in values.items()}
    out.update({f"readability_n_{k}": float(v) for k, v in asdict(counts).items()})
    return out
