"""Numeric claims: the numbers an article reports, what they count, who said them, how hedged.

A *claim* here is one number in the text (a troop count, a vote tally, a sum of money, a
percentage, a date) together with

* its parsed value ("10,000-strong" -> 10000, "1.5 million" -> 1500000, "$350 billion" ->
  3.5e11, "397-0" -> 397 for / 0 against),
* its *kind* (people, vote, money, percent, date, other) and the noun it counts
  ("some 1,500 North Korean special forces troops" -> "forces", group "troops"),
* the source the sentence attributes it to (``analysis.attribution``; a pronoun source is
  resolved to the nearest earlier named source in the article),
* the hedges in the same sentence (``analysis.hedging``: "about", "some", "reportedly"...),
* a *key* (kind + counted-noun group, e.g. ``people: troops``) that lines the same quantity
  up across outlets.

The counted-noun groups are data (``lexicons/claim_nouns.csv``). Numbers that count nothing
recognisable are kept with kind ``other`` so that nothing is silently dropped.

Reference: the claim-matching task of fact-checking pipelines (e.g. Thorne & Vlachos 2018,
"Automated fact checking: task formulations, methods and future directions", COLING), here
restricted to numeric claims, which can be compared without a language model.
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from . import paths
from .corpus import usable
from .features import map_texts, sentence_columns, sentence_frame, text_spans
from .text import Doc

# ---------------------------------------------------------------------------- lexicon


def _load_nouns() -> MappingProxyType:
    """noun -> (kind, group) from ``claim_nouns.csv`` (first line: source comment)."""
    with open(paths.LEXICON_DIR / "claim_nouns.csv", encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return MappingProxyType({r["noun"]: (r["kind"], r["group"]) for r in rows})


COUNTED_NOUNS = _load_nouns()
CLAIM_KINDS = ("people", "vote", "money", "percent", "date", "other")

# ---------------------------------------------------------------------------- patterns

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?"
          r"|Nov\.?|Dec\.?)")
_DATE_RE = re.compile(
    rf"\b\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?(?!\w)"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?![\w,]\d)"
    rf"|\b{_MONTH},?\s+\d{{4}}(?!\w)"
    r"|(?<![\w.,$£€])(?:1[89]\d\d|20\d\d)s?(?![\w%]|[.,:]\d)")
_VOTE_RE = re.compile(r"(?<![\w.,-])(\d{1,3})\s?[-–—]\s?(\d{1,3})(?![\w%]|[.,]\d)")
_VOTE_CONTEXT_RE = re.compile(r"\b(?:vot(?:e|es|ed|ing)|ballot|tally|margin|passed|approved"
                              r"|endorse[sd]?|ratif(?:y|ied|ies)|ruling|ruled|decision|verdict)\b",
                              re.IGNORECASE)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mn": 1e6,
           "bn": 1e9, "tn": 1e12, "m": 1e6, "k": 1e3, "hundred": 1e2}
_NUMBER_RE = re.compile(
    r"(?<![\w.,])(?P<cur>(?:US\$|[$£€¥]|USD|GBP|EUR)\s?)?(?<![\w.,:])"
    r"(?P<num>\d{1,3}(?:(?:,|[\u00a0\u202f\u2009 ])\d{3})+(?:\.\d+)?(?![\d,])"
    r"|\d+(?:\.\d+)?(?![\d:]))"
    r"(?:(?:\s|-)?(?P<scale>thousand|million|billion|trillion|mn|bn|tn)\b"
    r"|(?<=\d)(?P<short>[mk])\b)?"
    r"(?P<pct>\s?%|\s?per\s?cent\b|\s?percent\b)?")
_WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                      "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12})
_WORD_NUMBER_RE = re.compile(
    r"\b(?P<num>(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|a\s+dozen|a\s+hundred))"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion))?\b", re.IGNORECASE)
_FOLLOW_RE = re.compile(r"[\s-]*([A-Za-z][A-Za-z'’-]*|[,.;:()\"“”!?])")
_RANGE_RE = re.compile(r"\s*(?:to|and|or|-|–)\s*[$£€]?\d[\d,.]*"
                       r"(?:\s*(?:thousand|million|billion|trillion)\b)?")
_STOP_WORDS = frozenset(
    "a an per each every to in at from on for by with and or but that who which was were had "
    "have has is are be "
    "been would will could may might than as if when while since after before into over under "
    "against".split())
_MODIFIERS = frozenset("strong more additional extra new other further".split())
_MONEY_NOUNS = frozenset(g for g, (k, _) in COUNTED_NOUNS.items() if k == "money")


@dataclass(frozen=True)
class NumberMention:
    """A number in the text: ``text[start:end] == text``; ``value`` the parsed quantity
    (votes: the "for" count, with ``against`` the second number); ``kind_hint`` what the
    form alone says (``date``, ``vote``, ``money``, ``percent`` or ``number``)."""

    start: int
    end: int
    text: str
    value: float
    kind_hint: str
    against: float | None = None


def _parse_number(num: str, scale: str | None) -> float:
    digits = re.sub(r"[,\u00a0\u202f\u2009 ]", "", num)
    return float(digits) * _SCALES.get(_ascii_lower(scale or ""), 1.0)


_ASCII_FOLD: dict[str, str] = {}


def _ascii_lower(word: str) -> str:
    """``word`` lower-cased the way a case-insensitive ASCII pattern matched it: a
    non-ASCII letter that ``re.IGNORECASE`` equates with an ASCII one ("İ" and "ı" with
    "i", "ſ" with "s", the Kelvin sign with "k") becomes that letter, where ``str.lower``
    would give "i̇" (two characters) or keep "ſ"."""
    if word.isascii():
        return word.lower()
    out = []
    for char in word:
        if char.isascii():
            out.append(char.lower())
            continue
        folded = _ASCII_FOLD.get(char)
        if folded is None:
            folded = next((a for a in "abcdefghijklmnopqrstuvwxyz"
                           if re.fullmatch(a, char, re.IGNORECASE)), char.lower())
            if len(_ASCII_FOLD) < 10_000:
                _ASCII_FOLD[char] = folded
        out.append(folded)
    return "".join(out)


def _parse_word_number(num: str, scale: str | None) -> float:
    word = _ascii_lower(num).split()[-1]
    return float(_WORD_NUMBERS.get(word, math.nan)) * _SCALES.get(_ascii_lower(scale or ""),
                                                                   1.0)


def _free(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in spans)


def _dates_and_votes(text: str) -> list[NumberMention]:
    found: list[NumberMention] = []
    for m in _DATE_RE.finditer(text):
        year = re.search(r"\b(?:1[89]|20)\d\d\b", m.group())
        value = float(year.group()) if year else float("nan")
        found.append(NumberMention(m.start(), m.end(), m.group(), value, "date"))
    taken = [(n.start, n.end) for n in found]
    for m in _VOTE_RE.finditer(text):
        window = text[max(0, m.start() - 120): m.end() + 60]
        if _free(taken, m.start(), m.end()) and _VOTE_CONTEXT_RE.search(window):
            found.append(NumberMention(m.start(), m.end(), m.group(), float(m.group(1)),
                                       "vote", float(m.group(2))))
    return found


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in ``text`` with its parsed value, in text order.

    Recognises digit groups with comma, space or thin-space thousands separators
    ("10,000", "10 000"), decimals with a scale word ("1.5 million", "$2bn"), currency
    ("$350 billion", "£5,047"), percentages ("40%", "12 per cent"), vote tallies ("397-0"
    when the sentence speaks of a vote), dates ("June 19", "24 October 2024", "2022") and
    number words that count something ("six people"). Never raises.
    """
    if not isinstance(text, str) or not text:
        return []
    found = _dates_and_votes(text)
    taken = [(n.start, n.end) for n in found]
    for m in _NUMBER_RE.finditer(text):
        if not _free(taken, m.start(), m.end()):
            continue
        scale = m.group("scale") or (m.group("short") if m.group("cur") else None)
        end = m.end() if scale or m.group("pct") else m.end("num")
        hint = "money" if m.group("cur") else "percent" if m.group("pct") else "number"
        try:
            value = _parse_number(m.group("num"), scale)
        except ValueError:
            continue
        found.append(NumberMention(m.start(), end, text[m.start():end], value, hint))
    for m in _WORD_NUMBER_RE.finditer(text):
        if _free(taken, m.start(), m.end()):
            value = _parse_word_number(m.group("num"), m.group("scale"))
            found.append(NumberMention(m.start(), m.end(), m.group(), value, "word"))
    return sorted(found, key=lambda n: n.start)


def counted_noun(text: str, end: int, *, max_words: int = 5, of_phrase: bool = False
                 ) -> tuple[str, str, str]:
    """The noun a number ending at ``end`` counts: ``(noun, kind, group)``.

    Scans up to ``max_words`` following words, skipping the rest of a range ("3,000 to
    5,000 troops") and modifiers ("-strong", "North Korean special"), stopping at
    punctuation or a function word, and takes the first word in the counted-noun lexicon;
    failing that, the last word of the run ("three training
    grounds" -> "ground"), with kind ``other``. ``of_phrase`` lets "of (the) X" count X
    (for percentages: "40% of the sources"). Returns ``("", "other", "")`` when nothing
    follows.
    """
    rng = _RANGE_RE.match(text, end)
    pos, words = (rng.end() if rng else end), []
    for _ in range(max_words + 2):
        m = _FOLLOW_RE.match(text, pos)
        if not m or not m.group(1)[0].isalpha():
            break
        word = m.group(1).lower().strip("'’-")
        pos = m.end()
        if of_phrase and word in ("of", "the") and not words:
            continue
        if word in _STOP_WORDS or len(words) >= max_words or word in ("of", "the"):
            break
        words.append(word)
        for cand in (" ".join(words[-2:]), word):
            if cand in COUNTED_NOUNS:
                kind, group = COUNTED_NOUNS[cand]
                return cand, kind, group
    content = [w for w in words if w not in _MODIFIERS]
    return (content[-1], "other", _lemma(content[-1])) if content else ("", "other", "")


def _lemma(word: str) -> str:
    """Crude plural -> singular for nouns outside the lexicon ("grounds" -> "ground")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# ---------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class Claim:
    """One numeric claim: the number (``text[start:end] == text``), what it counts and who
    is said to have said it.

    ``source``/``source_type`` come from the attribution in the same sentence whose cue is
    nearest the number (pronouns resolved by ``analysis.attribution``); when an evidential
    hedge ("reportedly", "allegedly") sits nearer the number than any attribution cue, the
    claim is unattributed: ``source=None``, ``source_type="unnamed (evidential)"``. With no
    attribution at all, ``source=None`` and ``source_type=None``. ``hedges`` are the hedge
    cues of the sentence (``category: text``); ``approximate`` is True when an approximator
    ("about", "some", "nearly") stands right before the number.
    """

    start: int
    end: int
    text: str
    value: float
    against: float | None
    kind: str
    noun: str
    group: str
    key: str
    sentence_index: int
    in_quote: bool
    source: str | None
    source_type: str | None
    hedges: tuple[str, ...]
    approximate: bool


def _kind(num: NumberMention, noun_kind: str) -> str:
    """Kind from the number's form first (tally, date, currency, percent), else its noun.
    A bare year-like number ("2014", "post-2014 troop levels") stays a date: news style
    writes counts of thousands with a separator ("2,000 troops")."""
    if num.kind_hint in ("vote", "date", "money", "percent"):
        return num.kind_hint
    return noun_kind


def _key(num: NumberMention, kind: str, group: str) -> str:
    """The line-up key: "vote: tally" for tallies, "date" for dates, else kind + group
    ("people: troops"); a group that only repeats the kind ("percent") is dropped."""
    if num.kind_hint == "vote":
        return "vote: tally"
    if kind == "date":
        return "date"
    return f"{kind}: {group}" if group and group != kind else kind


def _source_for(num: NumberMention, atts: list, hedges: list, lo: int, hi: int
                ) -> tuple[str | None, str | None]:
    """The source of the number at ``num`` in the sentence ``lo..hi`` (see ``Claim``)."""
    def dist(a: int, b: int) -> int:
        return a - num.end if a >= num.end else max(0, num.start - b)

    cues = [(dist(a.cue_start, a.cue_end), a) for a in atts if lo <= a.cue_start < hi]
    cue_spans = [(a.cue_start, a.cue_end) for _, a in cues]
    evid = [dist(h.start, h.end) for h in hedges
            if h.category == "evidential" and lo <= h.start < hi
            and _free(cue_spans, h.start, h.end)]
    best = min(cues, key=lambda t: (t[0], t[1].cue_start), default=None)
    if evid and (best is None or min(evid) < best[0]):
        return None, "unnamed (evidential)"
    if best is None:
        return None, None
    a = best[1]
    return (a.resolved_source or a.source), (a.resolved_type or a.source_type)


def _claim(doc: Doc, num: NumberMention, atts: list, hedges: list) -> Claim:
    noun, noun_kind, group = counted_noun(doc.text, num.end,
                                          of_phrase=num.kind_hint == "percent")
    kind = _kind(num, noun_kind)
    if kind == "date" or num.kind_hint == "vote":
        noun = group = ""
    si = doc.sentence_index(num.start)
    sent = doc.sentences[si] if 0 <= si < len(doc.sentences) else None
    lo, hi = (sent.start, sent.end) if sent else (num.start, num.end)
    in_sentence = [h for h in hedges if lo <= h.start < hi]
    approx = any(h.category == "approximator" and h.start < num.start
                 and num.start - h.end <= 2 for h in in_sentence)
    source, stype = _source_for(num, atts, in_sentence, lo, hi)
    return Claim(num.start, num.end, num.text, num.value, num.against, kind, noun,
                 group or kind, _key(num, kind, group), si,
                 doc.in_quote(num.start), source, stype,
                 tuple(f"{h.category}: {h.text}" for h in in_sentence), approx)


def _claims_and_doc(text: str, doc: Doc | None = None) -> tuple[list[Claim], Doc | None]:
    if not isinstance(text, str) or not text.strip():
        return [], None
    numbers = find_numbers(text)
    if not numbers:
        return [], None
    doc = doc if doc is not None else Doc(text)
    spans = text_spans(text)
    claims = (_claim(doc, n, spans.attributions, spans.hedges) for n in numbers)
    # number words ("two", "six") are claims only when they count a known noun
    return [c for c in claims if not (c.text[:1].isalpha() and c.kind == "other")], doc


def find_claims(text: str) -> list[Claim]:
    """Every number in ``text`` as a ``Claim`` (value, kind, counted noun, key, source,
    hedges), in text order. Never raises on any str."""
    return _claims_and_doc(text)[0]


#: Claim kinds that are quantities worth lining up across outlets.
COMPARABLE_KINDS = ("people", "vote", "money", "percent")
_CLAIM_COLUMNS = ["article_id", "outlet", "published", "sentence_index", "start", "end", "text",
                  "value", "against", "kind", "noun", "group", "key", "in_quote", "source",
                  "source_type", "hedges", "hedged", "approximate", "sentence"]


def _article_claims(text: str, doc: Doc | None = None) -> list[dict]:
    claims, doc = _claims_and_doc(text, doc)
    rows = []
    for c in claims:
        row = {f: getattr(c, f) for f in ("sentence_index", "start", "end", "text", "value",
                                          "against", "kind", "noun", "group", "key",
                                          "in_quote", "source", "source_type", "approximate")}
        row["hedges"] = "; ".join(c.hedges)
        row["hedged"] = bool(c.hedges) or c.source_type == "unnamed (evidential)"
        inside = doc is not None and 0 <= c.sentence_index < len(doc.sentences)
        row["sentence"] = doc.sentences[c.sentence_index].text if inside else ""
        rows.append(row)
    return rows


def claims_table(corpus: pd.DataFrame, *, kinds: tuple[str, ...] | None = None,
                 n_jobs: int = 1) -> pd.DataFrame:
    """One row per numeric claim in the usable articles of ``corpus``.

    Columns: article_id, outlet, published, sentence_index, start, end, text (the number as
    written), value, against (votes), kind, noun, group, key, in_quote, source, source_type,
    hedges ("category: cue; ..."), hedged (any hedge in the sentence, or an unnamed
    evidential source), approximate, sentence. ``kinds`` keeps only those kinds (e.g.
    ``COMPARABLE_KINDS``). Sorted by article and position. ``n_jobs`` as in
    ``extract_features``.
    """
    df = usable(corpus)
    results = map_texts(_article_claims, df["body"].tolist(), n_jobs, None)
    return claims_frame(df, results, kinds=kinds)


def claims_frame(df: pd.DataFrame, results: list[list[dict]], *,
                 kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Assemble per-article claim rows (one list per row of ``df``) into the claims table."""
    rows = []
    published = df["published"] if "published" in df else [None] * len(df)
    for aid, outlet, pub, claims in zip(df["article_id"], df["outlet"], published, results,
                                        strict=True):
        rows.extend({"article_id": aid, "outlet": outlet, "published": pub, **c}
                    for c in claims)
    table = pd.DataFrame(rows, columns=_CLAIM_COLUMNS)
    if kinds is not None:
        table = table[table["kind"].isin(kinds)]
    return table.sort_values(["article_id", "start"]).reset_index(drop=True)


def article_units(text: str) -> tuple[dict, list[dict]]:
    """The sentence columns (``features.sentence_columns``) and the claim rows of one text,
    computed together on one ``Doc`` so that sentences, quotes, hedges and attributions are
    found once. Pure, module-level."""
    doc = Doc(text if isinstance(text, str) else "")
    return sentence_columns(doc), _article_claims(text, doc)


def sentences_and_claims(corpus: pd.DataFrame, *, n_jobs: int = 1
                         ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(features.sentence_table(corpus), claims_table(corpus))`` in one pass (and one
    process pool when ``n_jobs > 1``): the cheap way to get both on a large corpus."""
    df = usable(corpus)
    results = map_texts(article_units, df["body"].tolist(), n_jobs, None)
    return (sentence_frame(df, [r[0] for r in results]),
            claims_frame(df, [r[1] for r in results]))


def mark_copied(claims: pd.DataFrame, passages: pd.DataFrame) -> pd.DataFrame:
    """Add ``copied`` (bool): the claim's sentence is a passage copied from another article
    (``compare.copied_passages`` with ``credit == "source"``) and ``copied_from`` (outlet)."""
    out = claims.copy()
    cut = passages[passages["credit"] == "source"] if len(passages) else passages
    origin = {(r.copy_article_id, r.copy_sentence_index): r.source_outlet
              for r in cut.itertuples(index=False)} if len(cut) else {}
    out["copied_from"] = [origin.get((a, s)) for a, s in
                          zip(out["article_id"], out["sentence_index"], strict=True)]
    out["copied"] = out["copied_from"].notna()
    return out
