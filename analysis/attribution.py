"""Attribution: who said what, named or anonymous, quoted or paraphrased.

An **attribution** ties content in a news text to the person or body it comes from: a *cue*
(a speech, report, cognition or stance verb such as "said", "told", "warned", "believes",
"wants", "according to", a colon after a speaker's name, a dash after a quotation), a
*source* (the span naming who: "Kremlin spokesperson Dmitry Peskov", "he", "officials",
"a decree") and, where the text has one, the directly quoted words. Definitions follow the
PARC 3.0 / PolNeAR attribution scheme (Pareti 2016, "PARC 3.0: A corpus of attribution
relations", LREC; Newell, Margolin & Ruths 2018, "An attribution relations corpus for
political news", LREC): every token belongs to at most one attribution, sources include
pronouns, and cognition cues ("believes", "wants", "plans") count as attribution.

How it works (rules, no training data):

* Cues are found with one compiled regular expression built from
  ``lexicons/attribution_cues.tsv`` (every inflection of ~230 verbs and "according to"),
  run on the lower-cased text, plus layout patterns: "Name: ..." at a line start
  (headlines, transcripts, also inside an open quotation for all-caps speaker labels), a
  colon before a quotation ('a glowing endorsement: “...'), a dash before a name after a
  closing quotation mark; and nominal cues: possessive ones followed by their content
  ("Zelensky's statement that ...", "his claims of ..."), nouns with a complement
  ("claims that", "allegations of", "questions about") and "in" before a poll or survey
  ("In the latest Reuters/Ipsos poll, ...").
* A verb is a cue only in verb position (not after "the", "of" ...; a capitalised form
  mid-sentence is a name, "Islamic State"), with a source, or without one in the passive
  (a strong verb, or a weak one with its complement: "is expected to", "was accused of"),
  when coordinated ("... and called for"), or as the complement of a catenative verb
  ("went on to explain", "continues to insist"). Some verbs need their content in a given
  shape: "found" reported content, not "found a way"; "released", "sent", "issued",
  "unleashed" a message ("a statement", "a flurry of tweets"), not hostages.
* The source is the noun phrase before the cue (subject, skipping auxiliaries, adverbs and
  date phrases such as "on Oct. 10"; an appositive or relative clause between commas is
  kept with its head), or after it (inversion after a quotation: '..., said Peskov';
  "according to X", "citing X", passive "by X"). A participle after a comma ("..., saying")
  inherits the source of the clause it hangs on.
* Source types come from ``lexicons/attribution_sources.tsv``: pronoun | media | government |
  organization | role | document | anonymous | person (see :func:`source_type`).
* A pronoun source is resolved to the most recent earlier source that fits (he/she: a
  person or role; it/they: a body; who/which/that: the noun phrase it follows).
* Quotes (from :func:`analysis.text.quote_spans`) in the cue's sentence are linked to the
  nearest cue there; a quotation that makes up the next sentence on its own continues the
  previous attributed quote (quotes that span sentences).
"""
from __future__ import annotations

import csv
import math
import re
from functools import lru_cache
from itertools import accumulate, chain
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from . import paths
from .text import Doc, QuoteSpan, frozen

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Attribution",
    "find_attributions",
    "source_type",
    "attribution_features",
    "attribution_table",
    "ContestedClaim",
    "find_contested_claims",
    "contested_claim_table",
    "is_official",
    "SOURCE_TYPES",
]

SOURCE_TYPES = ("person", "role", "pronoun", "government", "organization", "media",
                "document", "anonymous")


@dataclass(frozen=True)
class Attribution:
    """One attribution found in a text; all offsets index the text passed in.

    ``start``/``end``/``text`` cover cue and source together (``text[start:end] == .text``).
    ``cue``/``cue_start``/``cue_end``: the cue span; ``cue_class`` is speech | report |
    cognition | intention | stance | layout. ``source``/``source_start``/``source_end``: the
    source span or ``None``; ``source_type`` one of :data:`SOURCE_TYPES` or ``None``;
    ``resolved_source``/``resolved_type``: for a pronoun, the earlier source it refers to
    (else the source itself). ``quote``: the directly quoted words attributed (segments
    joined by a space), ``None`` for indirect speech; ``quote_spans``: their offsets.
    ``in_quote``: the cue stands inside quoted text (a source quoting someone else).
    """

    start: int
    end: int
    text: str
    cue: str
    cue_start: int
    cue_end: int
    cue_class: str
    source: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    source_type: str | None = None
    resolved_source: str | None = None
    resolved_type: str | None = None
    quote: str | None = None
    quote_spans: tuple[tuple[int, int], ...] = ()
    in_quote: bool = False


# --------------------------------------------------------------------------- lexicons


def _read_tsv(name: str) -> list[list[str]]:
    """Rows of a lexicon TSV, skipping ``#`` comment lines and the header row."""
    with open(paths.LEXICON_DIR / name, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    return rows[1:]


def _load_cues() -> MappingProxyType:
    return MappingProxyType({r[0]: (r[1], r[2], r[3]) for r in _read_tsv(
        "attribution_cues.tsv")})


def _load_sources() -> MappingProxyType:
    kinds: dict[str, set[str]] = {}
    for term, kind in _read_tsv("attribution_sources.tsv"):
        kinds.setdefault(term, set()).add(kind)
    return MappingProxyType({k: frozenset(v) for k, v in kinds.items()})


_CUES = _load_cues()            # form -> (lemma, class, strength)
_SOURCES = _load_sources()      # term -> kinds


def _trie_pattern(words: list[str], tails: dict[str, str] | None = None) -> str:
    """A regex alternation factored as a prefix trie ("sa(?:id|ys|y)"), which Python's
    backtracking engine matches far faster than a flat list of ~700 alternatives.
    ``tails``: a pattern (an assertion) that must follow a given word where it ends."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    tails = tails or {}

    def emit(node: dict, prefix: str) -> str:
        alts = []
        end = "" in node
        tail = tails.get(prefix, "") if end else ""
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            alts.append(piece + emit(node[ch], prefix + ch))
        if not alts:
            return tail
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if not end:
            return body
        return "(?:" + body + "|" + tail + ")" if tail else "(?:" + body + ")?"

    return emit(trie, "")


class _Folded:
    """A case-insensitive pattern (written in lower case) that runs case-sensitively on the
    lower-cased text, several times faster than ``re.IGNORECASE``; it falls back to
    ``re.IGNORECASE`` on the original text when lower-casing changes the length (so the
    offsets would not match)."""

    __slots__ = ("cs", "ci")

    def __init__(self, pattern: str) -> None:
        self.cs = re.compile(pattern)
        self.ci = re.compile(pattern, re.IGNORECASE)

    def finditer(self, text: str, low: str):
        """Matches in ``text`` (``low`` is ``text.lower()``); groups hold lower-case text."""
        return self.cs.finditer(low) if len(low) == len(text) else self.ci.finditer(text)


_CUE_RE = _Folded(r"(?<![\w’'\-])(?:" + _trie_pattern(sorted(_CUES)) + r")(?![\w\-]|[’']\w)")
# Tokens: initialisms ("U.S."), numbers ("3,000"), words with inner hyphens or apostrophes,
# a possessive "'s", "--", any other character. (Written so that each branch opens with a
# character test and plain words skip the hyphen/apostrophe loops: same tokens, faster.)
_TOKEN = re.compile(r"[A-Za-z]\.[A-Za-z]\.(?:[A-Za-z]\.)*|\d\d*(?:[.,]\d+)+"
                    r"|[^\W_]+(?:(?=[\-&’'])(?:[\-&][^\W_]+)*(?:[’'](?![sS]\b)[^\W_]+)*)?"
                    r"|[’'][sS]\b|--|\S")
# "Name: ..." at a line start and '"...” ― Name'. Each is run as patterns that open with one
# literal character (a newline, a closing quotation mark), which the regex engine skips to
# far faster than it tests a line anchor or a character set at every position.
_LINE_COLON_REST = (
    r"[ \t]*[\"“]?((?:[A-Z][\w.’'\-]*)(?:[ \t]+(?:[A-Z][\w.’'\-]*|of|de|van|von|al|bin))"
    r"{0,4})[ \t]*(:)[ \t]+(?=[\"“‘']?[\w])")
_LINE_COLON_FIRST = re.compile(_LINE_COLON_REST)
_LINE_COLON = re.compile(r"\n" + _LINE_COLON_REST)
_DASH_NAME_REST = (
    r"[ \t\u00a0]*(―|—|--)[ \t\u00a0]*([A-Z][\w.’'\-]*(?:[ \t\u00a0]+[A-Z][\w.’'\-]*){0,4})")
_DASH_NAME = (re.compile("”" + _DASH_NAME_REST), re.compile('"' + _DASH_NAME_REST))
_NOMINALS = ("statement|statements|remarks|comments|claim|claims|assertion|assertions|"
             "allegation|allegations|accusation|accusations|warning|warnings|announcement|"
             "testimony|admission|denial|decision|determination|plan|plans|proposal|"
             "proposals|promise|promises|pledge|vow|view|views|position|argument|belief|"
             "hope|hopes|fear|fears|bet|theory|call|calls|demand|demands|threat|threats|"
             "insistence|suggestion|assessment|prediction|intention|refusal|criticism|"
             "message|concern|concerns|assurance|acknowledgment|acknowledgement|contention")
# Scanned from the (rare) noun; the possessive before it, and the name before "'s", are
# then matched backwards in a short window.
_NOMINAL_RE = re.compile(r"(?<![\w\-])(?:" + _trie_pattern(_NOMINALS.split("|")) + r")(?![\w\-])")
_POSSESSIVE_BEFORE = re.compile(
    r"(?:(?<![\w’'])(his|her|their|its)|(?<=\w)([’']s))[ \t]+(?:[a-z][a-z\-]+[ \t]+)?$")
# What follows a possessive nominal cue that reports content: "his claims of being ...",
# "Zelensky's statement that ...", "her remarks: “...”".
_NOMINAL_CONTENT = re.compile(r"[ \t]*(?:[:“\"‘—]|(?:that|about|of|on how|on why|to)\b)")
_IN_BEFORE = re.compile(r"\b[Ii]n[ \t]+$")        # "In his statement, ..."
_NAME_BEFORE = re.compile(r"(?<![\w’'])[A-Z][\w.\-]*(?:[ \t]+[A-Z][\w.\-]*){0,3}$")

# Nominal cues by their complement: "claims that ...", "allegations of ...", "questions
# about ...", "criticism from ..." (the noun names an attributed statement or belief).
_NOMINAL_THAT = ("claim|claims|allegation|allegations|accusation|accusations|charge|charges|"
                 "warning|warnings|report|reports|estimate|estimates|worry|worries|fear|fears|"
                 "concern|concerns|belief|beliefs|assertion|assertions|suggestion|suggestions|"
                 "argument|arguments|message|rhetoric|speculation|assessment|doubt|doubts|"
                 "insistence|assurance|assurances|promise|promises|prediction|predictions|"
                 "admission|acknowledgment|acknowledgement|complaint|complaints|notion")
_NOMINAL_PREP = ("claims|allegations|accusations|questions|criticism|warnings|reports|"
                 "comments|rhetoric|complaints|condemnation|denunciation|praise|calls")
_NOMINAL_COMP_RE = _Folded(
    r"(?<![\w’'\-])(?:(" + _trie_pattern(_NOMINAL_THAT.split("|")) + r")[ \t]+that|("
    + _trie_pattern(_NOMINAL_PREP.split("|")) +
    r")[ \t]+(?:of|about|from|for|against|over))(?![\w\-])")
# "in" before a poll or survey: "In the latest Reuters/Ipsos poll, Trump ...".
_POLL_WORD = _Folded(r"(?<![\w\-])(?:poll|polls|survey|surveys)(?![\w\-])")
_IN_POLL_RE = re.compile(r"(?<![\w’'\-])([Ii]n)[ \t]+((?:[\w/.’'\-]+[ \t]+){0,6}?)$")

# A colon that introduces a quotation: 'a glowing endorsement: “She has ...”'.
_COLON_QUOTE = re.compile(r":(?<=\w:)(?=[ \t]*\n?[ \t]*[“\"‘']{1,2}\w)")
_WORD_BEFORE = re.compile(r"\w+$")
_WORD_CHAR = re.compile(r"\w").match

_LABELS = frozenset("""Related Update Updated Watch Read Note Editor Photo Photos Video Source
    Credit Image Images Caption Breaking Exclusive Opinion Analysis Comments Live Tags Topics
    Advertisement Warning Explainer See Also Correction Clarification Disclaimer Transcript Q A
    Subscribe
    Share Follow Listen Contact Email Phone Address Location Date Time Published Posted
    Filed Category Categories Keywords Summary Background Context Previously Partial Full
    WATCH READ UPDATE BREAKING RELATED EXCLUSIVE MORE NOTE VIDEO PHOTO Sign Join Log
    CLARIFICATION CORRECTION EDITOR UPDATED""".split())
_SKIP = frozenset("""also then later again previously recently publicly privately repeatedly
    now often has have had 's ’s is was were are am be been being will would could should may
    might must can did does do not n't never already first once further separately quickly
    immediately frequently long still even just initially originally subsequently earlier
    today yesterday tonight openly explicitly clearly flatly strongly angrily reportedly
    allegedly apparently last this week once ever since only jointly too both all each
    himself herself themselves itself always usually generally largely widely""".split()) | {
    a + n + "t" for a in ("didn", "doesn", "don", "isn", "wasn", "aren", "weren", "hasn",
                          "haven", "hadn", "couldn", "wouldn", "shouldn", "can", "won",
                          "mustn") for n in ("'", "’")} | {"cannot"}
_DETERMINERS = frozenset("""the a an this these those his her their its our my your some many
    several most all both each every no any another other one two three four five six seven
    eight nine ten few more""".split())
_STOP = frozenset("""in on at to from with by after before as about than over under into
    during through against between among without within upon across behind beyond near like
    since until because but while when if although though where so or nor yet whether and
    that which who whom whose what why how not n't no is was were are am be been being has
    have had do does did will would could should may might must can shall also then there
    here it he she they we i you me him them us said says say told tells according says
    just even only very more most less least much however meanwhile moreover therefore thus
    instead hence yes amid despite toward towards per via off out up down around""".split())
_PRONOUNS = frozenset("he she they it we i you who which that".split())
_OBJECTS = frozenset("him her them us me".split())
# Quantity heads whose "of"-complement carries the number: "A majority of voters expect".
_QUANTITY = frozenset("""majority minority number group lot lots half third quarter percent
    dozens hundreds thousands millions plurality share bulk rest""".split())
_NUMBER_WORDS = frozenset("""two three four five six seven eight nine ten dozen dozens hundreds
    thousands millions""".split())
_BE = frozenset("is was were are am be been being".split())
_ABBR = frozenset("""Mr Mrs Ms Dr Prof Gov Sen Rep Lt Gen Col Sgt Capt Cmdr Adm Maj Brig Rev
    Hon Pres Jr Sr St Gov Sens Reps Atty Amb Dept Inc Corp Co Ltd Bros Jan Feb Aug Sept Sep
    Oct Nov Dec No Mass Calif Fla Tex Ill Pa Va Wash Ga Ky La Md Mich Minn Mo Nev Okla Ore Tenn
    Wis Conn Del Ariz Ark Colo Kan Neb""".split())
_DATE_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec week weekend month year night morning afternoon
    evening day days weeks months years today tonight yesterday earlier later""".split())
_DEICTIC_DATES = frozenset("""today yesterday tonight earlier later monday tuesday wednesday
    thursday friday saturday sunday""".split())
_DATE_PREP = frozenset("on in at during since by until over last this earlier late early "
                       "next past".split())
_REL = frozenset("who which whose".split())
_ASKED_NEXT = frozenset("about if whether to what why how by for on during".split())
_INSERTS = frozenset("however though too also meanwhile instead then moreover".split())
_QUANTIFIERS = frozenset("all both each many some most others several few everyone everybody "
                         "someone somebody nobody anyone anybody none".split())
_INSERT_PREP = frozenset("at in on during after before while speaking in from".split())
_CLAUSE_END = frozenset(". , ; : ( ) ! ? — – -".split()) | {"on", "in", "at", "during", "of"}
_INVERTIBLE_CLASSES = frozenset({"speech", "report"})
_NOUNISH_ING = frozenset("ruling leading governing opposing building meeting briefing hearing "
                         "ranking acting founding managing presiding".split())
_AMBIGUOUS_BEFORE = frozenset("the a an this these those his her their its our my your no "
                              "every any another other of to for ’s 's".split())
# Frequent non-cue verbs that end a noun phrase scanned without a parser ("The department
# began ..."); cue verbs end it anyway.
_VERBS = frozenset("""began begins begin took takes made makes gave gives went goes came comes
    got gets led leads left met ran runs sent sends set won wins lost loses kept keeps brought
    brings become became becomes remains remained seemed needs needed used uses worked works
    tried tries moved moves helped helps started starts""".split())
# Cue lemmas that are also common nouns ("reports", "plans", "claims", "documents"): their
# bare and -s forms need a subject that opens with a name, a determiner or a pronoun.
_NOUNABLE = frozenset("""report claim plan call show document estimate fear hope question
    demand promise pledge support tweet post comment note state rule find wish aim counter
    object protest doubt quote request answer reply vow forecast joke praise welcome blame
    brief press push signal mock echo defend record view attack challenge offer
    reference charge link back voice term brand favor guarantee guess talk champion
    advocate""".split())
# Noun-like lemmas whose "-s" form before "to" is a noun ("documents to the court").
_NOUN_BEFORE_TO = frozenset("document record post tweet note state comment quote report "
                            "question object protest answer reply".split())
_COMPLEMENT_OPENERS = frozenset("that : “ \" ‘ ' — – -".split())
# What may follow a weak verb in the passive for it to report content ("is expected to",
# "was accused of", "is considered a threat", "was labeled “Mostly True”").
_PASSIVE_NEXT = frozenset("to as of for that with a an “ \" ‘".split())
_WH = frozenset("what why how whether when where who if".split())
_MODALS = frozenset("will would could should may might must can do does did to".split())
_PARTICIPLE_OK = frozenset("""saying adding citing calling arguing noting warning claiming
    insisting telling accusing urging asking describing suggesting stressing explaining
    declaring announcing writing vowing promising pledging threatening blaming criticizing
    criticising praising dismissing denying acknowledging admitting predicting recalling
    pointing questioning charging alleging contending asserting emphasizing emphasising
    complaining""".split())


# --------------------------------------------------------------------------- tokens


class _Toks:
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


def _tokens(text: str, lo: int, hi: int) -> _Toks:
    """Word and punctuation tokens of ``text[lo:hi]`` with absolute offsets. Every
    non-space character belongs to a token, so splitting on the token pattern leaves
    whitespace between them and the offsets are running sums of the part lengths (all in
    C, no match objects)."""
    parts = _TOKEN_SPLIT.split(text[lo:hi])
    offs = list(accumulate(map(len, parts), initial=lo))
    return _Toks(offs[1:-1:2], offs[2::2], parts[1::2])


def _is_date(t: _Toks, k: int) -> bool:
    return t.lows[k] in _DATE_WORDS or t.words[k][0].isdigit()


_LY_NOUNS = frozenset({"family", "assembly", "ally", "rally", "supply"})


def _skip_back(t: _Toks, i: int) -> int:
    """Index of the last token before ``i`` (inclusive) that is not an auxiliary, adverb or
    date phrase ("has also", "on Oct. 10", "last week"); -1 when none is left."""
    w, lw = t.words, t.lows
    while i >= 0:
        low = lw[i]
        if low in _SKIP or (len(low) > 4 and low.endswith("ly") and not w[i][0].isupper()
                            and low not in _LY_NOUNS):
            i -= 1
            continue
        if not (low in _DATE_WORDS or w[i][0].isdigit() or w[i] in ".,"):
            return i                     # the common case: no date phrase ends here
        k = i
        while k >= 0 and (_is_date(t, k) or (w[k] in ".," and i > k > 0 and _is_date(t, k - 1))
                          or (w[k] == "." and k > 0 and w[k - 1] in _ABBR)):
            k -= 1
        for _ in range(2):
            if k < i and k >= 0 and lw[k] in _DATE_PREP:
                k -= 1
        run = range(k + 1, i + 1)
        if any(_is_date(t, m) for m in run) and (
                any(lw[m] in _DATE_PREP for m in run) or lw[i] in _DEICTIC_DATES):
            i = k
            continue
        return i
    return -1


_NP_LINKS = frozenset("of for from in at with to".split())
_NP_SOURCE_KINDS = frozenset({"anonymous", "document", "role"})


def _plural_or_source(t: _Toks, k: int, initial: bool = False) -> bool:
    """A noun that takes a place/group modifier: "supporters in Congress", "data from"
    (``initial``: the noun opens the sentence, so a capital letter says nothing)."""
    low = t.lows[k]
    return (initial or not t.words[k][0].isupper()) and low not in _STOP \
        and low not in _VERB_FORMS and (
            not _SOURCES.get(low, frozenset()).isdisjoint(_NP_SOURCE_KINDS)
            or (low.endswith("s") and len(low) > 3
                and not low.endswith(("ss", "ous", "us", "is"))))


#: Cue forms that cannot be nouns ("said"; "claims" can: "his claims"): a cue whose lemma
#: is noun-like counts only in its other forms ("claimed").
_VERB_FORMS = frozenset(f for f, (lemma, _, _) in _CUES.items() if not (
    lemma in _NOUNABLE and f in (lemma, lemma + "s", lemma + "es")))
_STOP_NON_PRONOUN = _STOP - _PRONOUNS
_HEADLESS = _DETERMINERS - _QUANTIFIERS


def _np_back(t: _Toks, i: int, limit: int = 10) -> int:
    """Start index of the noun phrase ending at token ``i`` (scanning leftwards), or ``i + 1``
    when token ``i`` cannot end one. Determiners open the phrase; prepositions (except "of"
    and "for" after a noun), conjunctions, verbs and punctuation close it."""
    w, lw = t.words, t.lows
    if i < 0 or not w[i][0].isalnum() or (lw[i] in _STOP_NON_PRONOUN
                                          and not (w[i][0].isupper() and i > 0)):
        return i + 1
    k = i
    while k >= 0 and i - k < limit:
        word, low = w[k], lw[k]
        if word in ("’s", "'s", "’S", "'S") or (word == "." and k > 0 and (
                w[k - 1] in _ABBR or (len(w[k - 1]) == 1 and w[k - 1][0].isupper()))):
            k -= 1
            continue
        if not word[0].isalnum():
            break
        if low in _DETERMINERS:
            if k >= 2 and lw[k - 1] in _NP_LINKS and w[k - 2][0].isalnum() and (
                    lw[k - 1] in ("of", "for") or _plural_or_source(t, k - 2, k - 2 == 0)) \
                    and lw[k - 2] not in _STOP and lw[k - 2] not in _VERB_FORMS \
                    and lw[k - 2] not in _DETERMINERS:
                k -= 2
                continue
            return k
        cap = word[0].isupper()
        if cap and low in _DATE_WORDS and k < i:
            break
        if low in _NP_LINKS and 0 < k < i and _plural_or_source(t, k - 1, k - 1 == 0):
            k -= 1
            continue
        if low in ("of", "for", "and", "&"):
            if k + 1 > i or k <= 0 or not w[k - 1][0].isalnum() or lw[k - 1] in _STOP:
                break
            if low == "and" and not (w[k + 1][0].isupper() and w[k - 1][0].isupper()):
                break
            k -= 1
            continue
        if (low in _STOP and not (cap and k > 0 and word != "I")) or (
                (low in _VERB_FORMS or low in _VERBS) and not cap):
            break
        if not cap and low.endswith(("ed", "ing")) and low not in _NOUNISH_ING:
            break
        k -= 1
    start = k + 1
    while start <= i and lw[start] in ("of", "for", "and", "&", "’s", "'s", "."):
        start += 1
    if start == i and lw[i] in _HEADLESS:
        return i + 1                     # a lone "a"/"the" has no head noun
    return start


def _np_forward(t: _Toks, j: int, limit: int = 10) -> int:
    """End index (exclusive) of the noun phrase starting at token ``j``; ``j`` when none.
    Keeps coordinations of names ("South Korea, Ukraine and the US")."""
    w, lw = t.words, t.lows
    n = len(w)
    k = j
    if k < n and lw[k] in _DETERMINERS:
        k += 1
    while k < n and k - j < limit:
        word, low = w[k], lw[k]
        if word in ("’s", "'s") or (word == "." and k > j and w[k - 1] in _ABBR):
            k += 1
            continue
        if word in (",", "and", "&", "of", "for") and k + 1 < n and k > j:
            nxt_cap = w[k + 1][0].isupper()
            if nxt_cap or (lw[k + 1] in ("the", "a") and k + 2 < n and w[k + 2][0].isupper()):
                if word == "," and not w[k - 1][0].isupper():
                    break
                k += 2 if nxt_cap else 3
                continue
            if low == "of" and lw[k + 1] in _DETERMINERS:
                k += 2
                continue
            break
        cap = word[0].isupper()
        if not word[0].isalnum() or low in _STOP or low in _VERBS or (low in _CUES and not cap):
            break
        if not cap and k > j and low.endswith(("ed", "ing")) and low not in _NOUNISH_ING:
            break
        if low in _DETERMINERS and k > j:
            break
        k += 1
    while k > j and lw[k - 1] in ("of", "for", "and", ",", "&", "the", "a", "an"):
        k -= 1
    if k > j and k + 1 < n and w[k] == "," and "role" in _kinds(lw[k - 1]) \
            and w[k + 1][0].isupper() and lw[k + 1] not in _STOP:
        m = k + 1
        while m < n and m - k < 5 and (w[m][0].isupper() or w[m] == "."):
            m += 1
        if m >= n or w[m] in _CLAUSE_END:
            return m
    return k


def _skip_paren(t: _Toks, i: int) -> int:
    """Skip a parenthetical ending at token ``i`` ("Sen. David Perdue (R-Ga.) said")."""
    w = t.words
    if i >= 0 and w[i] == ")":
        k = i - 1
        while k >= 0 and i - k < 12 and w[k] != "(":
            k -= 1
        if k >= 0 and w[k] == "(":
            return k - 1
    return i


def _appositive(t: _Toks, i: int) -> tuple[int, int] | None:
    """Subject with an appositive or inserted phrase between commas, the cue after it:
    "Rendell, a Clinton surrogate, said", "Trump, speaking to veterans, said", "Clinton, at
    a later press gaggle, said", "Scott Pruitt, the attorney general of Oklahoma, one of
    the states suing, said". Token ``i`` is the comma before the cue."""
    w, lw = t.words, t.lows
    c = i - 1
    verb_seen = False
    while c >= 0 and i - c <= 36 and w[c] not in (",", ";", "(", ")", "“", "”", '"'):
        if lw[c] in _VERB_FORMS and not w[c][0].isupper():
            verb_seen = True
        c -= 1
    if verb_seen and not (c >= 0 and c + 1 < i and (
            lw[c + 1] in _REL or lw[c + 1].endswith("ing"))):
        return None
    if c < 0 or w[c] != "," or c == i - 1:
        return None
    seg = lw[c + 1]
    j = c
    head_start = head_end = -1
    for _ in range(3):
        head_end = _skip_paren(t, j - 1)
        head_start = _np_back(t, head_end)
        if head_start > head_end:
            return None
        if lw[head_start] in _DETERMINERS and head_start > 0 and w[head_start - 1] == ",":
            j = head_start - 1
            continue
        break
    if seg in _REL or seg.endswith("ing") or seg in _INSERT_PREP:
        return (head_start, head_end + 1)
    if seg in _STOP:
        return None
    return (head_start, i)


def _left_source(t: _Toks, i: int, back: int | None = None) -> tuple[int, int] | None:
    """Token range [a, b) of the subject ending at or before token ``i`` (the token just left
    of the cue), or None. Handles "X, the role, said", "X, who ..., said", "X (R-Ga.) said".
    ``back``: ``_skip_back(t, i)`` when already known."""
    w, lw = t.words, t.lows
    first = i
    i = _skip_paren(t, _skip_back(t, i) if back is None else back)
    if i >= 2 and w[i] == "," and lw[i - 1] in _INSERTS and w[i - 2] == ",":
        i = _skip_back(t, i - 3)
    if i < 0 or (i < first and (lw[i] in _STOP or not w[i][0].isalnum())
                 and lw[first] in _QUANTIFIERS):
        return (first, first + 1) if first >= 0 and lw[first] in _QUANTIFIERS else None
    if lw[i] in _PRONOUNS:
        return (i, i + 1)
    if w[i] == ",":
        return _appositive(t, i)
    a = _np_back(t, i)
    low = lw[i]
    if a > i and low.endswith("ed") and not w[i][0].isupper() and i > 0:
        b = _np_back(t, i - 1)       # "A GAO report released last year found"
        if b <= i - 1 and not _SOURCES.get(lw[i - 1], frozenset()).isdisjoint(
                _NP_SOURCE_KINDS):
            return (b, i + 1)
    if a > i or low in _DATE_WORDS:
        return None
    return (a, i + 1)


# --------------------------------------------------------------------------- candidates


class _Ctx:
    """Per-text state: sentences, their tokens (built lazily, one slot per sentence) and
    title-case flags."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc.text
        self.low = doc.lower
        self._hits: dict[str, list[re.Match]] | None = None
        self.sents = doc.sentences
        self.starts = [s.start for s in self.sents]
        self.ends = [s.end for s in self.sents]
        self._toks: list[_Toks | None] = [None] * len(self.sents)
        self._title: list[bool | None] = [None] * len(self.sents)

    def hits(self, name: str) -> list[re.Match]:
        """Matches of one lexicon pattern group (see :func:`_scan`), scanned once."""
        if self._hits is None:
            self._hits = _scan(self.text, self.low)
        return self._hits[name]

    def sentence(self, pos: int) -> int:
        """Index of the sentence holding ``pos`` or -1."""
        i = bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self.ends[i] else -1

    def toks(self, si: int) -> _Toks:
        t = self._toks[si]
        if t is None:
            t = self._toks[si] = _tokens(self.text, self.starts[si], self.ends[si])
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
class _Cand:
    cue: tuple[int, int]
    cls: str
    src: tuple[int, int] | None
    si: int


def _span(t: _Toks, rng: tuple[int, int] | None) -> tuple[int, int] | None:
    if rng is None or rng[0] >= rng[1]:
        return None
    return (t.starts[rng[0]], t.ends[rng[1] - 1])


_OPENERS = _STOP | {"at", "in", "after"}
_SUBJECT_PRONOUNS = _PRONOUNS - {"that", "which", "who", "it"}


def _clause_subject(t: _Toks, upto: int) -> tuple[int, int] | None:
    """The subject of the clause a participle hangs on: the first noun phrase of the
    sentence after an introductory phrase ("At the forum, Clinton ..., saying")."""
    w, lw = t.words, t.lows
    j = 0
    if j < upto and lw[j] in _OPENERS:
        while j < upto and w[j] != ",":
            j += 1
        j += 1
    while j < upto and not w[j][0].isalnum():
        j += 1
    if j >= upto:
        return None
    if lw[j] in _SUBJECT_PRONOUNS:
        return (j, j + 1)
    end = _np_forward(t, j)
    if end > j and (w[j][0].isupper() or lw[j] in _DETERMINERS):
        return (j, end)
    return None


@lru_cache(maxsize=1 << 12)
def _cue_entry(matched: str) -> tuple[str, str, str, str] | None:
    """(form, lemma, class, strength) of a matched cue text, or None when it is no cue form
    (whitespace inside a multi-word cue normalised to one space)."""
    form = " ".join(matched.lower().split())
    lemma, cls, strength = _CUES.get(form, ("", "", ""))
    return (form, lemma, cls, strength) if lemma else None


def _verb_cue(ctx: _Ctx, start: int, end: int, si: int, matched: str,
              prior: list[_Cand]) -> _Cand | None:
    """Decide whether a lexicon match (``matched`` at ``start:end`` in sentence ``si``) is a
    cue and find its source: "according to X"; participles; a capitalised form
    mid-sentence (a name) or a verb after a determiner or preposition is no cue; the rest
    goes to :func:`_finite_cue`."""
    entry = _cue_entry(matched)
    if entry is None or si < 0:
        return None
    form, lemma, cls, _ = entry
    t = ctx._toks[si] or ctx.toks(si)
    w, lw = t.words, t.lows
    ti = bisect_left(t.starts, start)
    te = bisect_left(t.starts, end, ti)
    n = len(w)
    if ti >= n or t.starts[ti] != start:
        return None
    p = ti - 1 if ti > 0 else None          # the token before the cue
    if p is not None and w[p][0].isalnum() and (
            (w[ti][0].isupper() and not ctx.title_case(si)) or (
                not w[p][0].isupper() and lw[p].endswith("ed") and lw[p] not in _CUES
                and form != "according to")):
        return None
    cue = (start, end)
    if lemma == "according to":
        k = _np_forward(t, te)
        if k <= te:                # "according to show insiders": up to the clause end
            k = te
            while k < n and k - te < 8 and w[k] not in _CLAUSE_END:
                k += 1
        return _Cand(cue, cls, _span(t, (te, k)), si) if k > te else None
    cat = _catenative(t, ti) if ti > 1 and lw[ti - 1] in ("to", "by") else None
    if cat is not None:     # "went on to discuss", "continues to insist", "started off by"
        if lw[cat].endswith("ing"):
            return _participle(ctx, si, t, cat, cue, cls, "saying", prior)
        left = _left_source(t, cat - 1)
        return _Cand(cue, cls, _span(t, left), si) if left is not None else None
    if form.endswith("ing") and " " not in form:
        return _participle(ctx, si, t, ti, cue, cls, form, prior)
    if p is not None and w[p] in ("’s", "'s") and ti > 1 and lw[ti - 2] in _CONTRACTED:
        p = ti - 2                           # "he’s called for", "who’s promoted" (has/is)
    if p is not None and (lw[p] in _AMBIGUOUS_BEFORE or (
            lemma in _NOUNABLE and lw[p] in _DETERMINERS and not (
                lw[p] in _QUANTIFIERS and te < n and lw[te] in _COMPLEMENT_OPENERS))):
        return None
    return _finite_cue(ctx, si, t, ti, te, p, cue, entry, prior)


_PASSIVE_ENDINGS = ("ed", "en", "wn", "ld", "ht", "id", "te", "ne")


def _finite_cue(ctx: _Ctx, si: int, t: _Toks, ti: int, te: int, p: int | None,
                cue: tuple[int, int], entry: tuple[str, str, str, str],
                prior: list[_Cand]) -> _Cand | None:
    """A finite cue verb (``cue`` spans tokens ``ti:te``, ``p`` is the token before it):
    passives ("was told by X", strong verbs without an agent), coordinated verbs ("and
    called for"), a subject before the cue checked for agreement and complement shape, else
    an inverted source."""
    form, lemma, cls, strength = entry
    lw = t.lows
    nxt = te if te < len(lw) else None
    j = _skip_back(t, ti - 1)
    skipped = lw[max(j, 0):ti]               # auxiliaries and adverbs before the cue
    if not _BE.isdisjoint(skipped) and form.endswith(_PASSIVE_ENDINGS):
        if nxt is not None and lw[nxt] == "by":
            end = _np_forward(t, te + 1)
            return _Cand(cue, cls, _span(t, (te + 1, end)), si) if end > te + 1 else None
        if strength == "strong" or (nxt is not None and lw[nxt] in _PASSIVE_NEXT):
            return _Cand(cue, cls, None, si)   # "is expected to", "was accused of"
        return None
    if j >= 0 and lw[j] in ("and", "but", "yet", "or") and form.split()[0][-1] in "ds":
        if form not in _VERB_FORMS and not _complement_fits(t, te, form, lemma):
            return None
        if lemma == "call" and not _call_is_speech(t, ti, te, p):
            return None
        return _participle(ctx, si, t, ti, cue, cls, "saying", prior) or _Cand(
            cue, cls, None, si)      # "... and called for steep new tariffs"
    if lemma == "call" and not _call_is_speech(t, ti, te, p):
        return None
    if p is not None and lw[p] == "having":      # "Having said that, ..."
        return None
    left = _left_source(t, ti - 1, j)
    if left is not None:
        # a verb-only form other than the bare lemma agrees with any subject, and unless its
        # lemma wants a given complement any complement fits (both checks pass)
        verb_form = form in _VERB_FORMS
        if (not verb_form or form == lemma) and not _subject_fits(t, left, form, lemma,
                                                                  skipped):
            return None
        if verb_form and lemma not in _SHAPED_LEMMAS:
            return _Cand(cue, cls, _span(t, left), si)
        last = t.words[left[1] - 1]
        named = (last[0].isupper() and "demonym" not in _kinds(last)) or (
            left[1] - left[0] == 1 and lw[left[0]] in ("he", "she", "it"))
        inverted = left[0] > 0 and t.words[left[0] - 1] in (",", "”", '"', "''")
        if not _complement_fits(t, te, form, lemma, named=named,
                                inverted=inverted) and not ctx.title_case(si):
            return None
        return _Cand(cue, cls, _span(t, left), si)
    right = _inverted_source(t, ti, te, form, cls)
    if right is not None:
        return _Cand(cue, cls, _span(t, right), si)
    if form == "asked" and ti == 0 and nxt is not None and lw[nxt] in _ASKED_NEXT:
        return _Cand(cue, cls, None, si)        # "Asked about the device, O'Neill said ..."
    return None


_CATENATIVES = frozenset("""went go goes going gone continue continues continued continuing
    try tries tried trying need needs needed start starts started starting begin begins began
    stop stops stopped""".split())
_CONTRACTED = frozenset("he she it who that there what which".split())


def _catenative(t: _Toks, ti: int) -> int | None:
    """Index of a verb that takes the cue as its complement ("went on to discuss",
    "continues to insist", "started off by emphasizing"), or None."""
    lw = t.lows
    if ti < 2 or lw[ti - 1] not in ("to", "by"):
        return None
    k = ti - 2
    if lw[k] in ("on", "off") and k > 0:
        k -= 1
    return k if lw[k] in _CATENATIVES else None


_INVERTED_OPENERS = _DETERMINERS | {"he", "she"}


def _inverted_source(t: _Toks, ti: int, te: int, form: str,
                     cls: str) -> tuple[int, int] | None:
    """Source after the cue in a reporting inversion: '“...,” said Peskov.', 'Said Ellis:'.
    Only past/3rd-person speech and report verbs after a quotation, comma or dash or at the
    sentence start, and only a name, a determiner phrase or a source noun that ends the
    clause."""
    w = t.words
    n = len(w)
    lemma = _CUES[form][0]
    if cls not in _INVERTIBLE_CLASSES or form in (lemma, lemma + "ing") or not (
            ti == 0 or w[ti - 1] in ",”\"’'—–-"):
        return None
    end = _np_forward(t, te)
    ends = end >= n or w[end] in _CLAUSE_END
    if not ends:                 # 'said Leslie Wimes, a South Florida-based ...': the name
        comma = next((k for k in range(te + 1, end) if w[k] == ","), None)
        end, ends = (comma, True) if comma is not None else (end, ends)
    low = t.lows[te] if te < n else ""
    if end > te and ends and (w[te][0].isupper() or low in _INVERTED_OPENERS
                              or low in _SOURCES) and low not in _DATE_WORDS:
        return (te, end)
    return None


_PLURAL_SUBJECTS = frozenset({"i", "you", "we", "they", "who", "which", "that", "people",
                              "police", "media", "staff", "public", "many", "some", "others",
                              "most", "all", "percent", "both", "few", "several", "data"})
_SUBJECT_OPENERS = _DETERMINERS | _PRONOUNS | _QUANTIFIERS


def _subject_fits(t: _Toks, rng: tuple[int, int], form: str, lemma: str,
                  skipped: list[str]) -> bool:
    """Agreement checks that tell verbs from nouns: a bare form ("post", "plan") needs a
    plural or pronoun subject or an auxiliary; a noun-like lemma needs a subject that opens
    with a name, determiner or pronoun ("false identification documents" is a noun)."""
    w, lw = t.words, t.lows
    a, b = rng
    if lemma in _NOUNABLE and form in (lemma, lemma + "s", lemma + "es") and not (
            w[a][0].isupper() or lw[a] in _SUBJECT_OPENERS or w[a][0].isdigit()):
        return False
    if form == lemma and _MODALS.isdisjoint(skipped):
        links = [k for k in range(a + 1, b - 1) if lw[k] in _NP_LINKS]
        low = lw[links[-1] - 1] if links else lw[b - 1]
        return (low.endswith("s") and len(low) > 3
                and not low.endswith(("ss", "’s", "'s", "ous", "is", "us"))) \
            or "and" in lw[a:b] or low in _QUANTITY or low in _NUMBER_WORDS \
            or low[0].isdigit() or low in _PLURAL_SUBJECTS
    return True


_CONVENE = frozenset("""meeting meetings session sessions election elections vote votes
    referendum summit conference strike strikes truce ceasefire halt timeout time-out recess
    hearing""".split())


def _call_is_speech(t: _Toks, ti: int, te: int, p: int | None) -> bool:
    """"called" as naming ("a group called Lashkar-e-Taiba", "The program, called EB-5"),
    convening ("called an emergency meeting") or phoning ("called in to a radio show") is
    not attribution; "X called Y a liar", "called for", "called on" are. ``p``: the token
    before the cue."""
    w, lw = t.words, t.lows
    n = len(w)
    if te >= n:
        return True
    if lw[te] in ("in", "into", "off", "up", "back", "out"):
        return False
    if lw[te] in ("a", "an", "the", "emergency", "special", "snap", "early") and any(
            low in _CONVENE for low in lw[te:te + 4]):
        return False
    if not (w[te][0].isupper() and lw[ti] == "called" and p is not None):
        return True
    if w[p] == ",":                      # "The program, called EB-5, allows ..."
        k = te
        while k < n and (w[k][0].isupper() or w[k] in ("-", ".")):
            k += 1
        return not (k >= n or w[k] in (",", ".", ")", ";"))
    return w[p][0].isupper() or lw[p] in _PRONOUNS or not w[p][0].isalnum()


_NEXT_OPENERS = _COMPLEMENT_OPENERS | _DETERMINERS | _PRONOUNS | _OBJECTS


def _complement_fits(t: _Toks, te: int, form: str, lemma: str,
                     named: bool = False, inverted: bool = True) -> bool:
    """Verbs whose content must follow in a given shape: a noun-like "-s" form ("claims",
    "calls") opens it with "that", a quotation mark, a colon, a name, a determiner or a
    pronoun (unless its subject is a name: "Trump demands accountability"); "speak" needs a
    topic, "seek"/"vow" an infinitive, "seem"/"appear" "to"/"that"/"like"; a sentence end
    right after a noun-like form counts only after reported content (``inverted``)."""
    w, lw = t.words, t.lows
    n = len(w)
    nounlike_s = lemma in _NOUNABLE and form in (lemma, lemma + "s", lemma + "es") and not named
    if lemma == "suspect" and te < n and lw[te] in ("in", "of"):
        return False                          # "one suspected in the shooting"
    if lemma in _DOCUMENT_VERBS:             # "released a statement", not "released hostages"
        return _document_object(t, te) and (
            te < 2 or not lw[te - 2].endswith("ly"))   # "newly released"
    if lemma == "rate":                      # "PolitiFact rated 32% of claims as false"
        return "as" in lw[te:te + 8]
    if lemma == "find":                      # "found a way", "chemicals found in"
        return te < n and (lw[te] in ("that", ":", "“", '"', "no") or lw[te] in _PRONOUNS
                           or w[te][0].isupper() or w[te][0].isdigit())
    if lemma == "speak":                    # "spoke to reporters" has no content
        k = te + 1 if te < n and lw[te].endswith("ly") else te
        return k < n and lw[k] in ("about", "of", "out", "on")
    if lemma in ("seek", "aim", "intend", "vow", "pledge"):
        k = te + 1 if te < n and lw[te] == "not" else te
        return k < n and lw[k] in ("to", "that")
    if not (nounlike_s or lemma in ("continue", "appear", "seem", "suspect")):
        return True
    if te >= n:
        return False
    nxt, low = w[te], lw[te]
    if nxt == "," and te + 1 < n and w[te + 1] in ("“", '"', "‘"):
        return True                          # 'She continued, “For us, ...”'
    if nxt in (".", ",", ";", "!", "?"):      # '..., the Journal reports.'
        return inverted
    if lemma == "continue":
        return nxt in _COMPLEMENT_OPENERS
    if lemma in ("appear", "seem"):
        return low in ("to", "that", "like", "as")
    return (low in _NEXT_OPENERS or nxt[0].isupper() or low in ("for", "on", "out")
            or (low == "to" and lemma not in _NOUN_BEFORE_TO))


_DOCUMENT_VERBS = frozenset("release send issue unleash".split())
#: Lemmas whose complement :func:`_complement_fits` checks whatever the form.
_SHAPED_LEMMAS = _DOCUMENT_VERBS | {"suspect", "rate", "find", "speak", "seek", "aim", "intend",
                                   "vow", "pledge", "continue", "appear", "seem"}
_MESSAGES = frozenset("""statement statements letter letters ad ads advertisement video videos
    tweet tweets message messages memo report reports warning warnings ultimatum series flurry
    barrage stream string torrent volley plan proposal proposals recording transcript
    response rebuttal apology appeal call threat threats press""".split())


def _document_object(t: _Toks, te: int) -> bool:
    """A verb of release ("issued", "sent", "released", "unleashed") reports content only
    with a message as its object: "issued a statement", "sent a letter", "unleashed a
    flurry of tweets" (a message noun within the next five words)."""
    w, lw = t.words, t.lows
    for k in range(te, min(te + 5, len(w))):
        if lw[k] in _MESSAGES:
            return True
        if w[k] in _CLAUSE_END:
            return False
    return False


_AUX_AFTER = ("’s", "'s", "’re", "'re")
_NOT_A_HEAD = _STOP | _DETERMINERS | _QUANTIFIERS
_CONTENT_OPENERS = _COMPLEMENT_OPENERS | _PRONOUNS | _OBJECTS | _WH
_PARTICIPLE_AFTER = frozenset((",", "by", "after", "before", "while", "for", "from", "and",
                               "in"))


def _participle(ctx: _Ctx, si: int, t: _Toks, ti: int, cue: tuple[int, int],
                cls: str, form: str, prior: list[_Cand]) -> _Cand | None:
    """"..., saying ..." / "by saying": the source is the subject of the clause it modifies;
    "is saying": an ordinary finite cue."""
    w, lw = t.words, t.lows
    n = len(w)
    j = _skip_back(t, ti - 1)
    if any(lw[k] in _BE or w[k] in _AUX_AFTER for k in range(j + 1, ti)):
        left = _left_source(t, j)
        return _Cand(cue, cls, _span(t, left), si) if left is not None else None
    p = ti - 1 if ti > 0 else None
    if p is not None and w[p] in ("”", '"', "'", "’") and ti > 1 and w[ti - 2] == ",":
        p = ti - 2
    if p is not None and w[p] == "," and cls in ("speech", "stance") and \
            form not in _PARTICIPLE_OK and ti + 1 < n and w[ti + 1][0].isalnum():
        form = "saying"          # ", encouraging his supporters ...", ", comparing him ..."
    if p is not None and w[p][0].isalnum() and lw[p] not in _NOT_A_HEAD \
            and lw[p] not in _VERB_FORMS and not lw[p].endswith(("ing", "ed", "ly")) \
            and ti + 1 < n and w[ti + 1][0].isalnum() and lw[ti + 1] not in ("by", "from") and (
                form in _PARTICIPLE_OK or (cls in ("speech", "stance", "report") and (
                    lw[ti + 1] in _CONTENT_OPENERS))):
        a = _np_back(t, ti - 1)        # "a Trump tweet attacking ...", "footage of X saying"
        return _Cand(cue, cls, _span(t, (a, ti)), si) if a < ti else None
    if form not in _PARTICIPLE_OK or p is None or lw[p] not in _PARTICIPLE_AFTER:
        return None
    for c in reversed(prior[-8:]):
        if c.si == si and c.src is not None:
            return _Cand(cue, cls, c.src, si)
    subj = _clause_subject(t, ti)
    return _Cand(cue, cls, _span(t, subj), si) if subj is not None else None


def _layout_cues(ctx: _Ctx) -> list[_Cand]:
    """Cues without a verb: "Name: words" at a line start (headlines, interview transcripts)
    and '"...” ― Name' (a dash before a name after a quotation)."""
    out: list[_Cand] = []
    text = ctx.text
    at_start = _LINE_COLON_FIRST.match(text)
    for m in ([at_start] if at_start else []) + list(_LINE_COLON.finditer(text)):
        name = m.group(1)
        words = name.split()
        first = words[0].rstrip(".")
        if first in _LABELS or name.upper() in _LABELS or len(name) < 2 or (
                len(words) > 3 or first in ("The", "A", "An", "This", "How", "Why", "What")):
            continue                 # "The Latest: ...", "Veto Power Impedes Peace Efforts: ..."
        si = ctx.sentence(m.start(2))
        if si >= 0:
            out.append(_Cand((m.start(2), m.end(2)), "layout", (m.start(1), m.end(1)), si))
    dashes = [m for pat in _DASH_NAME for m in pat.finditer(text)]
    for m in sorted(dashes, key=lambda m: m.start()):
        si = ctx.sentence(m.start(1))
        if si >= 0:
            out.append(_Cand((m.start(1), m.end(1)), "layout", (m.start(2), m.end(2)), si))
    for m in _COLON_QUOTE.finditer(text):
        w = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
        si = ctx.sentence(m.start())
        if si < 0 or w is None or w.group().lower() in _CUES:
            continue
        t = ctx.toks(si)
        i = bisect_left(t.starts, m.start()) - 1
        if i < 0 or t.lows[i] in _CUES or not t.words[i][0].isalnum():
            continue                 # 'said: “...”' is the verb's; '...”: “...' no speaker
        a = _np_back(t, i)
        src = _span(t, (a, i + 1)) if a <= i else None
        out.append(_Cand((m.start(), m.end()), "layout", src, si))
    return out


def _nominal_cues(ctx: _Ctx) -> list[_Cand]:
    """Possessive nominal cues before their content: "Zelensky's statement that ...", "his
    remarks about ...", "their claims of ..."; nominal cues by complement ("claims that",
    "allegations of"); "in" before a poll."""
    out: list[_Cand] = []
    text = ctx.text
    for w in ctx.hits("nominal"):
        m = _POSSESSIVE_BEFORE.search(text, max(0, w.start() - 40), w.start())
        if m is None or not (_NOMINAL_CONTENT.match(text, w.end()) or _IN_BEFORE.search(
                text, max(0, m.start() - 4), m.start())):
            continue          # "his remarks on Saturday carried ..." reports no content
        if m.group(1) is not None:
            src = (m.start(1), m.end(1))
        else:
            n = _NAME_BEFORE.search(text, max(0, m.start(2) - 80), m.start(2))
            if n is None or n.group().split()[0] in ("The", "A", "This", "That", "It"):
                continue
            src = (n.start(), n.end())
        si = ctx.sentence(src[0])
        if si >= 0:
            out.append(_Cand((w.start(), w.end()), "nominal", src, si))
    for m in ctx.hits("nomcomp"):
        g = 1 if m.group(1) is not None else 2
        si = ctx.sentence(m.start())
        if si >= 0:
            out.append(_Cand((m.start(g), m.end(g)), "nominal", None, si))
    used = -1
    for p in ctx.hits("poll"):
        m = _IN_POLL_RE.search(text, max(0, p.start() - 120), p.start())
        si = ctx.sentence(m.start()) if m is not None and m.start() > used else -1
        if si >= 0 and ctx.sentence(p.start()) == si:
            used = m.start()
            out.append(_Cand((m.start(1), m.end(1)), "report", (m.start(2), p.end()), si))
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int] | None) -> bool:
    return b is not None and a[0] < b[1] and b[0] < a[1]


_NEW_CLAUSE = re.compile(
    r"[;:—–]|[,;:][”\"’']*\s*(?:and|but|while|as|although|though|before|after)\b|[”\"']\s*$"
    r"|\b(?:but|while|whereas|although|though|because|which|who|whom|as|what|after|before|"
    r"when|since|until|and|or|how|where|once|if|unless)\s*$")


def _in_content(ctx: _Ctx, c: _Cand, before: list[_Cand]) -> bool:
    """Whether ``c`` sits inside the content of an earlier cue of its sentence ("Demonstrators
    said they want ..."): PolNeAR gives each token one attribution, so the inner one is
    content. A participle after a comma (", adding"), or a new clause after ";", ":" or
    ", and/but" starts a new attribution. ``before``: kept cues of the sentence that start
    before ``c``, in text order."""
    for k in reversed(before):
        if k.cue[1] > c.cue[0] or k.cls in ("layout", "nominal"):
            continue
        first = c.src[0] if c.src is not None and c.src[0] < c.cue[0] else c.cue[0]
        if first < k.cue[1]:
            return False
        if first - k.cue[1] > 400:      # that far apart, a new clause (and linear time)
            return False
        gap = ctx.text[k.cue[1]:first]
        if _NEW_CLAUSE.search(gap) or gap.rstrip().endswith(","):
            return False
        return True
    return False


def _clashes(c: _Cand, kept: list[_Cand]) -> bool:
    """``c`` shares a token with one of ``kept`` (cue in cue, cue in source, or different
    sources)."""
    (a, b), src = c.cue, c.src
    for k in kept:
        (ka, kb), ksrc = k.cue, k.src
        if a < kb and ka < b:
            return True
        if ksrc is not None and a < ksrc[1] and ksrc[0] < b:
            return True
        if src is not None and (ka < src[1] and src[0] < kb or (
                src != ksrc and ksrc is not None and src[0] < ksrc[1] and ksrc[0] < src[1])):
            return True
    return False


def _select(cands: list[_Cand], ctx: _Ctx) -> list[_Cand]:
    """Keep each token in at most one attribution: earlier (verb) cues win; a cue inside an
    accepted source, or a source covering an accepted cue, is dropped; so is a cue inside
    the content of an earlier cue of its sentence (:func:`_in_content`). Spans of one
    attribution lie within a few hundred characters, so only kept cues that near are
    compared (linear in the number of cues)."""
    kept: dict[int, list[_Cand]] = {}
    starts: dict[int, list[int]] = {}
    reach = 600
    for c in cands:
        same, pos = kept.setdefault(c.si, []), starts.setdefault(c.si, [])
        lo = min(c.cue[0], c.src[0] if c.src else c.cue[0])
        at = bisect_left(pos, c.cue[0])
        near = same[bisect_left(pos, lo - reach):bisect_right(pos, c.cue[1] + reach)]
        if (at and _in_content(ctx, c, same[max(0, at - 8):at])) or (near and _clashes(c, near)):
            continue
        same.insert(at, c)
        pos.insert(at, c.cue[0])
    return sorted((c for group in kept.values() for c in group), key=lambda c: c.cue[0])


# --------------------------------------------------------------------------- source types


@lru_cache(maxsize=1 << 16)
def _kinds(term: str) -> frozenset[str]:
    """Source kinds of a term as written or lower-cased (memoised: names recur)."""
    return _SOURCES.get(term, frozenset()) | _SOURCES.get(term.lower(), frozenset())


_CUT = frozenset("from in at with of on for , ( who which that whose".split())


def _head_phrase(words: list[str]) -> list[str]:
    """The words up to the first preposition, comma or relative pronoun (the head NP)."""
    out: list[str] = []
    for w in words:
        if out and w.lower() in _CUT:
            break
        out.append(w)
    return out


def _suffix_kind(hp: list[str], kind: str) -> bool:
    """Whether the head phrase ends with a (1-3 word) term of this kind."""
    for n in (3, 2, 1):
        if len(hp) >= n and kind in _kinds(" ".join(hp[-n:])):
            return True
    return False


def _all_governments(words: list[str]) -> bool:
    """"South Korea, Ukraine and the US": every conjunct is a country or capital."""
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", " ".join(words))
    parts = [re.sub(r"^(?:the|The)\s+", "", p).strip() for p in parts if p.strip()]
    return bool(parts) and all("government" in _kinds(p) for p in parts)


@lru_cache(maxsize=1 << 16)
def source_type(source: str) -> str:
    """Classify a source span: person | role | pronoun | government | organization | media |
    document | anonymous.

    Rules, in order: a lone pronoun; media by name or head ("Yonhap", "the newspaper");
    government when the phrase is a country/capital/seat of power or a list of them ("Kiev",
    "the Kremlin", "South Korea, Ukraine and the US") or headed by "government"/"ministry";
    organization by head ("... Intelligence Service", "the spy agency", "NATO"); a role noun
    head without a name ("the US defence secretary"); anonymous generic heads ("officials",
    "a single intelligence source", "Reports from ..."); documents ("a decree", "the poll");
    a capitalised head that is not a demonym is a person. Unknown lower-case heads are
    anonymous (unnamed people and groups).
    """
    words = [w for w in _TOKEN.findall(source or "") if w[0].isalnum() or w in (",", "(")]
    if not words:
        return "anonymous"
    if len(words) == 1 and words[0].lower() in _PRONOUNS | {"his", "her", "their", "its",
                                                             "our", "my", "your"}:
        return "pronoun"
    hp = [w for w in _head_phrase(words) if w not in (",", "(")]
    if len(hp) >= 2 and hp[-1][0].isdigit() and "document" in _kinds(hp[-2].lower()):
        return "document"                     # "Article 4", "Resolution 2231"
    head = hp[-1]
    low = head.lower()
    if _suffix_kind(hp, "media") or (low in ("agency", "service") and "news" in
                                     [w.lower() for w in hp]) or "media_head" in _kinds(low):
        return "media"
    if _suffix_kind(hp, "government") and not _suffix_kind(hp, "organization_head"):
        return "government"
    if _all_governments(words) or "government_head" in _kinds(low):
        return "government"
    if "organization_head" in _kinds(head) or _suffix_kind(hp, "organization"):
        return "organization"
    if "role" in _kinds(low) and not head[0].isupper():
        return "role"
    if "anonymous" in _kinds(low):
        return "anonymous"
    if "document" in _kinds(low) and (head.islower() or len(hp) == 1):
        return "document"
    if head[0].isupper() and "demonym" not in _kinds(head):
        return "organization" if head.isupper() and 1 < len(head) < 5 else "person"
    if "role" in _kinds(low):
        return "role"
    return "anonymous"


_PERSONAL = frozenset({"he", "she", "his", "her", "him"})
_COLLECTIVE = frozenset({"they", "them", "their"})
_NEUTER = frozenset({"it", "its"})


def _resolve(kind: str, pron: str, history: list[tuple[str, str]]) -> tuple[str, str] | None:
    """Most recent earlier (source, type) a pronoun can refer to."""
    low = pron.lower()
    if low in _PERSONAL:
        ok = {"person", "role"}
    elif low in _COLLECTIVE:
        ok = {"organization", "government", "anonymous", "media", "role", "person"}
    elif low in _NEUTER:
        ok = {"organization", "government", "media", "document"}
    else:
        return None
    for src, typ in reversed(history):
        if typ in ok and (low not in _COLLECTIVE or typ not in ("person", "role")
                          or " and " in src or src.endswith("s")):
            return src, typ
    return None


def _relative_antecedent(ctx: _Ctx, pos: int) -> tuple[int, int] | None:
    """The noun phrase a relative "who/which/that" at ``pos`` follows ("cities that")."""
    si = ctx.sentence(pos)
    if si < 0:
        return None
    t = ctx.toks(si)
    i = bisect_left(t.starts, pos) - 1
    if i >= 0 and t.words[i] == ",":
        i -= 1
    a = _np_back(t, i)
    return _span(t, (a, i + 1)) if 0 <= a <= i else None


# --------------------------------------------------------------------------- quotes


_ALNUM = re.compile(r"[^\W_]")       # a character for which str.isalnum() is true


def _link_quotes(ctx: _Ctx, quotes: list[QuoteSpan], cands: list[_Cand]) -> dict[int, list]:
    """Map candidate index -> quote spans it introduces. A quote goes to the nearest cue
    (outside it) in a sentence it touches; a quotation opening its own sentence right
    after an attributed quote continues that quote ('“...,” Austin said. "What ...”')."""
    by_sent: dict[int, list[int]] = {}
    for n, c in enumerate(cands):
        by_sent.setdefault(c.si, []).append(n)
    links: dict[int, list] = {}
    last: tuple[int, int] | None = None      # (candidate, sentence of the last linked quote)
    for q in quotes:
        if q.end <= q.start or _ALNUM.search(ctx.text, q.start, q.end) is None:
            continue
        sa, sb = ctx.sentence(q.start), ctx.sentence(max(q.start, q.end - 1))
        if sa < 0:
            continue
        best, dist = None, None
        for si in range(sa, max(sa, sb) + 1):
            for n in by_sent.get(si, ()):
                c = cands[n]
                if q.start <= c.cue[0] < q.end or _overlaps((q.start, q.end), c.src):
                    continue
                d = min(abs(c.cue[0] - q.end), abs(q.start - c.cue[1]))
                if dist is None or d < dist:
                    best, dist = n, d
        if best is None and last is not None and sa <= last[1] + 1 and (
                q.open_start == ctx.sents[sa].start or sa == last[1]):
            best = last[0]
        if best is not None:
            links.setdefault(best, []).append((q.start, q.end))
            last = (best, max(sa, sb))
    return links


def _verb_candidates(ctx: _Ctx, doc: Doc, split: bool, inner: bool = True
                     ) -> tuple[list[_Cand], list[_Cand]]:
    """Verb cues of the text in one scan: ``(all, [])``, or with ``split`` ``(outside,
    inside)`` quotation marks (each list is the context of the participles in it; without
    ``inner`` the inside list stays empty and its matches are skipped)."""
    outside: list[_Cand] = []
    inside: list[_Cand] = []
    quotes = doc.quotes if split else []
    qs = [q.open_start for q in quotes]
    qa, qb = [q.start for q in quotes], [q.end for q in quotes]
    starts, ends = ctx.starts, ctx.ends
    for start, end, matched in ctx.hits("cue"):
        i = bisect_right(qs, start) - 1
        prior = inside if i >= 0 and qa[i] <= start < qb[i] else outside
        if prior is inside and not inner:
            continue
        si = bisect_right(starts, start) - 1
        c = _verb_cue(ctx, start, end, si if si >= 0 and start < ends[si] else -1, matched,
                      prior)
        if c is not None:
            prior.append(c)
    return outside, inside


def _attributions(doc: Doc, nested: bool = False, ctx: _Ctx | None = None,
                  verbs: list[_Cand] | None = None) -> list[Attribution]:
    """All attributions of an analysed text (see :func:`find_attributions`); ``verbs``: the
    verb candidates when already computed."""
    ctx = ctx or _Ctx(doc)
    qs = [q.open_start for q in doc.quotes]
    if verbs is None:
        verbs = _verb_candidates(ctx, doc, not nested, inner=False)[0]
    cands = _select(verbs + _layout_cues(ctx) + _nominal_cues(ctx), ctx)
    quotes = doc.quotes
    qa, qb = [q.start for q in quotes], [q.end for q in quotes]
    inq = []
    for c in cands:
        i = bisect_right(qs, c.cue[0]) - 1
        inq.append(i >= 0 and qa[i] <= c.cue[0] < qb[i])
    if not nested and any(inq):
        # a speaker label opening a quoted transcript line ('"WALLACE: ...') stays
        qstart = set(qa)
        keep = [not q or (c.cls == "layout" and c.src is not None and (
                    c.src[0] in qstart or ctx.text[c.src[0]:c.src[1]].isupper()))
                for c, q in zip(cands, inq)]
        cands = [c for c, k in zip(cands, keep) if k]
        inq = [q for q, k in zip(inq, keep) if k]
    links = _link_quotes(ctx, quotes, cands)
    history: list[tuple[str, str]] = []
    return [_build(ctx, c, links.get(n), history, q) for n, (c, q) in enumerate(zip(cands, inq))]


def _inside_quote(quotes: list[QuoteSpan], qstarts: list[int], pos: int) -> bool:
    i = bisect_right(qstarts, pos) - 1
    return i >= 0 and quotes[i].start <= pos < quotes[i].end


def _attribution(start: int, end: int, text: str, cue: str, cue_start: int, cue_end: int,
                 cue_class: str, source: str | None, source_start: int | None,
                 source_end: int | None, source_type: str | None,
                 resolved_source: str | None, resolved_type: str | None, quote: str | None,
                 quote_spans: tuple[tuple[int, int], ...], in_quote: bool) -> Attribution:
    """``Attribution(...)`` built in one step (:func:`text.frozen`)."""
    return frozen(Attribution, {
        "start": start, "end": end, "text": text, "cue": cue, "cue_start": cue_start,
        "cue_end": cue_end, "cue_class": cue_class, "source": source,
        "source_start": source_start, "source_end": source_end, "source_type": source_type,
        "resolved_source": resolved_source, "resolved_type": resolved_type, "quote": quote,
        "quote_spans": quote_spans, "in_quote": in_quote})


def _build(ctx: _Ctx, c: _Cand, qspans: list | None, history: list[tuple[str, str]],
           in_quote: bool) -> Attribution:
    """Assemble one Attribution (``qspans``: the quotes linked to it, ``in_quote``: its cue
    stands in quoted text): type the source and resolve pronouns against ``history``
    (which this call extends)."""
    text = ctx.text
    (cue_start, cue_end), span = c.cue, c.src
    if span is None:
        src = stype = rsrc = rtype = src_start = src_end = None
        start, end = cue_start, cue_end
    else:
        src_start, src_end = span
        start = src_start if src_start < cue_start else cue_start
        end = src_end if src_end > cue_end else cue_end
        src = text[src_start:src_end]
        rsrc, rtype = src, (stype := source_type(src))
        if stype == "pronoun":
            rsrc, rtype = _resolve_pronoun(ctx, src, src_start, history)
        if rtype is not None and rtype != "pronoun":
            history.append((rsrc, rtype))
    if qspans:
        quote, spans = " ".join([text[a:b] for a, b in qspans]), tuple(qspans)
    else:
        quote, spans = None, ()
    return _attribution(start, end, text[start:end], text[cue_start:cue_end], cue_start,
                        cue_end, c.cls, src, src_start, src_end, stype, rsrc, rtype, quote,
                        spans, in_quote)


def _resolve_pronoun(ctx: _Ctx, src: str, pos: int, history: list[tuple[str, str]]
                     ) -> tuple[str, str] | tuple[None, None]:
    """The source and type a pronoun source at ``pos`` refers to: a relative pronoun's
    antecedent, else the most recent fitting source in ``history``; (None, None) if none."""
    if src.lower() in ("who", "which", "that"):
        ante = _relative_antecedent(ctx, pos)
        if ante is not None:
            rsrc = ctx.text[ante[0]:ante[1]]
            return rsrc, source_type(rsrc)
        return None, None
    hit = _resolve("pronoun", src, history)
    return hit if hit is not None else (None, None)


def find_attributions(text: str, *, nested: bool = False) -> list[Attribution]:
    """Find every attribution (cue, source, source type, quote) in ``text``.

    Definition: PARC 3.0 / PolNeAR attribution relations (Pareti 2016; Newell et al. 2018),
    found by the rules described in this module's docstring; more attributions per 100
    words means a text that leans more on what others say. Offsets index ``text``; the
    list is sorted by cue position. Pure and total: never raises on any ``str``.

    As in PolNeAR every token belongs to one attribution, so a cue inside quoted words
    ("I think ...") is part of the quoted content, not an attribution of its own; pass
    ``nested=True`` to list those too (their ``in_quote`` is True).
    """
    if not isinstance(text, str) or not text.strip():
        return []
    return _attributions(Doc(text), nested=nested)


# --------------------------------------------------------------------------- contested claims


@dataclass(frozen=True)
class ContestedClaim:
    """A narrator sentence stating a contested claim (see :func:`find_contested_claims`).

    ``start``/``end``/``text``: the sentence; ``trigger``/``trigger_start``: what made it
    contested; ``reason``: count | accusation | evidential; ``attributed``: an attribution
    cue stands in the sentence or its paragraph.
    """

    start: int
    end: int
    text: str
    sentence_index: int
    reason: str
    trigger: str
    trigger_start: int
    attributed: bool


_COUNT_NUMBERS = frozenset("""two three four five six seven eight nine ten eleven twelve twenty
    thirty forty fifty hundred hundreds thousand thousands million millions dozens
    scores""".split())


def _load_contested() -> tuple[_Folded, _Folded, str]:
    """The count and other contested-claim patterns, and what follows a count's number."""
    rows = _read_tsv("attribution_contested.tsv")
    nouns = [p for k, p in rows if k == "count_noun"]
    phrases = {p: k for k, p in rows if k != "count_noun"}
    number = r"(?:\d[\d,.]*|" + _trie_pattern(sorted(_COUNT_NUMBERS)) + ")"
    noun = r"(?:[ \t\u00a0]+[\w\-]+){0,3}?[ \t\u00a0]+(?:" + _trie_pattern(nouns) + r")\b"
    count = _Folded(r"(?<![\w.,])" + number + noun)
    other = _Folded(r"(?<![\w\-])(?:" + _trie_pattern(sorted(phrases)) + r")(?![\w\-])")
    return count, other, noun


_CONTESTED_COUNT, _CONTESTED_OTHER, _COUNT_NOUN = _load_contested()
_CONTESTED_KIND = MappingProxyType({p: k for k, p in _read_tsv("attribution_contested.tsv")})
_PARAGRAPH = re.compile(r"\n[ \t\u00a0]*\n")


def _build_scan() -> tuple[_Folded, _Folded, MappingProxyType]:
    """One regex for the first words of every lexicon pattern (cue verbs, nominal cues,
    poll words, contested-claim triggers; a digit for counts) and, per first word, the
    patterns that may start there: the text is scanned once and each pattern is only tried,
    anchored, where its first word stands.

    Returned as two patterns: the word itself (group 1), for a word at the very start of the
    text, and the word after the character before it (``[^\\w\\-]``, the same condition
    as a look-behind): a pattern that opens with a character set lets the regex engine skip
    to the candidate positions in C instead of trying a match at every offset."""
    firsts: dict[str, list[str]] = {}
    groups = {"cue": [f.split()[0] for f in _CUES],
              "nomcomp": _NOMINAL_THAT.split("|") + _NOMINAL_PREP.split("|"),
              "nominal": _NOMINALS.split("|"), "poll": ["poll", "polls", "survey", "surveys"],
              "other": [k.split()[0] for k, v in _CONTESTED_KIND.items() if v != "count_noun"],
              "count": sorted(_COUNT_NUMBERS)}
    for name, words in groups.items():
        for w in set(words):
            firsts.setdefault(w, []).append(name)
    # Words that only open contested-claim patterns are frequent ("is", "have": "is believed
    # to") and rarely complete one: the scan stops at them, as at digits, only where the
    # rest of their pattern follows (a lookahead), so far fewer matches reach Python.
    phrases = [k for k, v in _CONTESTED_KIND.items() if v != "count_noun"]
    tails = {}
    for w, names in firsts.items():
        if names == ["other"]:
            rest = _trie_pattern(sorted(p[len(w):] for p in phrases if p.split()[0] == w))
            tails[w] = "(?=" + rest + r"(?![\w\-]))"
        elif names == ["count"]:
            tails[w] = r"(?<![\w.,]" + re.escape(w) + ")(?=" + _COUNT_NOUN + ")"
    digit = r"\d(?<![\w.,]\d)(?=[\d,.]*" + _COUNT_NOUN + ")"
    word = "(" + digit + "|" + _trie_pattern(sorted(firsts), tails) + r"(?![\w\-]))"
    return (_Folded(word), _Folded(r"[^\w\-]" + word),
            MappingProxyType({k: tuple(v) for k, v in firsts.items()}))


_SCAN_FIRST, _SCAN, _SCAN_FIRSTS = _build_scan()
_FIRSTS = dict(_SCAN_FIRSTS)         # a plain dict: faster look-ups in the scan loop
_SCAN_PATTERNS = MappingProxyType({"cue": _CUE_RE, "nomcomp": _NOMINAL_COMP_RE,
                                   "poll": _POLL_WORD, "other": _CONTESTED_OTHER,
                                   "count": _CONTESTED_COUNT})
#: One-word cue forms that open no longer cue: where the scan stops at one, the cue pattern
#: matches exactly that word unless an apostrophe stands before it or before a letter after
#: it ("’said", "say’d"), so the scan's word is reused instead of matching again.
_CUE_WORDS = frozenset(_CUES) - {f.split()[0] for f in _CUES if " " in f}


def _scan(text: str, low: str) -> dict[str, list]:
    """Matches of every lexicon pattern in ``text`` (``low`` = ``text.lower()``), by group
    (cue, nomcomp, nominal, poll, other, count), each list in text order and without
    overlaps, as ``finditer`` of each pattern would give them, from one scan. The cue group
    holds (start, end, matched text) triples, the others match objects."""
    out: dict[str, list] = {k: [] for k in ("cue", "nomcomp", "nominal", "poll", "other",
                                            "count")}
    cues = out["cue"]
    ends = dict.fromkeys(out, -1)
    folded = len(low) == len(text)
    subject = low if folded else text
    match = {k: (p.cs if folded else p.ci).match for k, p in _SCAN_PATTERNS.items()}
    firsts, simple, n = _FIRSTS, _CUE_WORDS if folded else (), len(subject)
    first, rest = (_SCAN_FIRST.cs, _SCAN.cs) if folded else (_SCAN_FIRST.ci, _SCAN.ci)
    head = first.match(subject)      # a word at the very start (no character before it)
    stops = rest.finditer(subject, head.end() if head is not None else 0)
    for m in chain((head,), stops) if head is not None else stops:
        pos, end = m.span(1)
        word = m.group(1)
        for name in ("count",) if word.isdigit() else firsts.get(
                word if folded else word.lower(), ()):
            if pos < ends[name]:
                continue
            if name == "cue":
                if word in simple:
                    if (pos and subject[pos - 1] in "’'") or (
                            end + 1 < n and subject[end] in "’'" and _WORD_CHAR(subject[end + 1])):
                        continue
                    cues.append((pos, end, word))
                    ends["cue"] = end
                    continue
                hit = match["cue"](subject, pos)
                if hit is not None:
                    cues.append((pos, hit.end(), hit.group()))
                    ends["cue"] = hit.end()
                continue
            if name == "nominal":            # lower-case only: "his remarks", not "Remarks"
                hit = _NOMINAL_RE.match(text, pos)
            else:
                hit = match[name](subject, pos)
            if hit is not None:
                out[name].append(hit)
                ends[name] = hit.end()
    return out


def _cue_sentences(doc: Doc, atts: list[Attribution]) -> set[int]:
    """``doc.sentence_index`` of every attribution's cue."""
    if not doc.sentences:
        return {-1} if atts else set()
    starts = [s.start for s in doc.sentences]
    return {max(bisect_right(starts, a.cue_start) - 1, 0) for a in atts}


def _contested(doc: Doc, atts: list[Attribution], ctx: _Ctx | None = None,
               cue_sents: set[int] | None = None) -> list[ContestedClaim]:
    """Contested-claim sentences of ``doc`` given its attributions (narrator text only);
    ``ctx``: the analysis state when already built (its scan is reused); ``cue_sents``:
    :func:`_cue_sentences` when already computed."""
    text = doc.text
    ctx = ctx or _Ctx(doc)
    found = ctx.hits("count") + ctx.hits("other")
    if not found:
        return []
    qs = [q.open_start for q in doc.quotes]
    paras = [m.end() for m in _PARAGRAPH.finditer(text)]
    if cue_sents is None:
        cue_sents = _cue_sentences(doc, atts)
    cue_paras = {bisect_right(paras, a.cue_start) for a in atts}
    hits: dict[int, tuple[str, str, int]] = {}
    for m in sorted(found, key=lambda m: m.start()):
        if _inside_quote(doc.quotes, qs, m.start()):
            continue
        si = doc.sentence_index(m.start())
        if si < 0 or si in hits:
            continue
        key = " ".join(m.group().lower().split())
        reason = _CONTESTED_KIND.get(key, "count")
        hits[si] = (reason, text[m.start():m.end()], m.start())
    out = []
    for si in sorted(hits):
        s = doc.sentences[si]
        reason, trig, tpos = hits[si]
        attributed = si in cue_sents or bisect_right(paras, s.start) in cue_paras
        out.append(ContestedClaim(s.start, s.end, s.text, si, reason, trig, tpos, attributed))
    return out


def find_contested_claims(text: str) -> list[ContestedClaim]:
    """Sentences that state a contested claim, each flagged attributed or not.

    Definition (transparent rule): a sentence is a *contested claim* when its narrator
    text (outside quotation marks) holds (1) a count of troops, casualties, people,
    weapons or votes ("11,000 troops", "about 3,000 soldiers", "six people"), (2) an
    accusation ("accused", "war crimes", "propaganda", "fraud") or (3) an evidential hedge
    ("reportedly", "allegedly", "is believed to", "could not be verified", "reports that");
    triggers are listed in ``lexicons/attribution_contested.tsv``. It is *unattributed*
    when no attribution cue stands in the same sentence or the same paragraph (paragraphs
    are separated by a blank line). More unattributed claims = more assertions the outlet
    makes on its own authority. Reference: Silverman (ed.) 2014, *Verification Handbook*.
    Never raises on any ``str``.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    doc = Doc(text)
    return _contested(doc, _attributions(doc))


# --------------------------------------------------------------------------- features

#: Identifiable sources (same set as ``analysis.features.NAMED_SOURCE_TYPES``).
NAMED_TYPES = frozenset({"person", "role", "government", "organization", "media", "document"})


@lru_cache(maxsize=1 << 16)
def is_official(source: str | None, kind: str | None) -> bool:
    """An official source: a government, or a source whose words name an office or state
    body ("Kremlin spokesperson", "the defence secretary", "South Korea's National
    Intelligence Service", "police"). Vocabulary: kind ``official`` in the sources lexicon."""
    if not source or kind is None or kind == "pronoun":
        return False
    if kind == "government":
        return True
    words = _TOKEN.findall(source)
    grams = words + [" ".join(p) for p in zip(words, words[1:])]
    return any("official" in _SOURCES.get(w, ()) or "official" in _SOURCES.get(w.lower(), ())
               for w in grams)


@lru_cache(maxsize=1 << 16)
def _source_key(source: str, kind: str) -> str:
    """Normalised identity of a source for counting distinct sources: a person by surname
    ("President Volodymyr Zelensky" = "Zelensky"), anything else by its lower-cased words
    without a leading determiner."""
    words = [w for w in _TOKEN.findall(source) if w[0].isalnum() or w == ","]
    if kind == "person":
        caps = [w for w in _head_phrase(words) if w[0].isupper()]
        if caps:
            return caps[-1].lower()
    words = [w.lower() for w in words if w != ","]
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    if all(w in _DETERMINERS | _QUANTIFIERS | _STOP for w in words):
        return ""                        # "No one", "some", "each": nobody in particular
    return " ".join(words)


def _share(part: float, whole: float) -> float:
    return part / whole if whole else math.nan


def _per(count: float, base: float, per: float = 100.0) -> float:
    return per * count / base if base else math.nan


def _officials(atts: list[Attribution]) -> list[bool]:
    """:func:`is_official` per attribution, carried over to later mentions of the same
    source in the article ("President Volodymyr Zelensky" ... "Zelensky said")."""
    keys, flags = [], []
    for a in atts:
        src, kind = a.resolved_source or a.source, a.resolved_type or a.source_type
        keys.append((kind, _source_key(src, kind)) if src and kind else None)
        flags.append(is_official(src, kind))
    known = {k for k, f in zip(keys, flags) if f and k is not None}
    return [f or (k is not None and k in known) for k, f in zip(keys, flags)]


def _source_features(atts: list[Attribution]) -> dict[str, float]:
    """Shares of source kinds among attributions that name a source (pronouns counted by
    the type they resolve to; an unresolved pronoun is its own kind)."""
    sourced = [a for a in atts if a.source is not None]
    kinds = [a.resolved_type or "pronoun" for a in sourced]
    n = len(sourced)
    out = {
        "attribution_sourced_share": _share(n, len(atts)),
        "attribution_named_share": _share(sum(k in NAMED_TYPES for k in kinds), n),
        "attribution_anonymous_share": _share(kinds.count("anonymous"), n),
        "attribution_official_share": _share(sum(_officials(sourced)), n),
        "attribution_distinct_sources": float(len({
            (k, key) for a, k in zip(sourced, kinds)
            if k != "pronoun" and (key := _source_key(a.resolved_source or a.source, k))})),
    }
    for t in SOURCE_TYPES:
        out[f"attribution_type_{t}_share"] = _share(kinds.count(t), n)
    return out


def attribution_features(doc: Doc) -> dict[str, float]:
    """Per-article attribution features (keys prefixed ``attribution_``).

    Rates: attributions per 100 words and per sentence, for the whole text, for narrator
    text (per 100 narrator words) and inside quotes (attributions a source makes within its
    own quoted words, per 100 quoted words); share of sentences with an attribution; share
    of attributions with a direct quote; share of words inside quotation marks. Sources:
    shares of named (identifiable: person, role, government, organization, media,
    document), anonymous and official sources and of each source type, among attributions
    with a source; number of distinct sources. Claims: contested-claim sentences and those
    with no attribution in sentence or paragraph (:func:`find_contested_claims`), count and
    per sentence. Higher rates = a text that leans more on what others say; a higher
    unattributed-claim rate = more assertions on the outlet's own authority. NaN where a
    rate is undefined (no words, no sentences, no sourced attributions). References:
    Pareti 2016 (PARC 3.0), Newell et al. 2018 (PolNeAR).
    """
    ctx = _Ctx(doc)
    outside, inside = _verb_candidates(ctx, doc, True)
    atts = _attributions(doc, ctx=ctx, verbs=outside)
    inner = _select(inside, ctx) if inside else []
    n_words, n_sents = doc.n_words, len(doc.sentences)
    quoted = doc.quoted_word_count
    sents = _cue_sentences(doc, atts)
    claims = _contested(doc, atts, ctx, sents)
    open_claims = sum(not c.attributed for c in claims)
    out = {
        "attribution_count": float(len(atts)),
        "attribution_per_100w": _per(len(atts), n_words),
        "attribution_per_sentence": _per(len(atts), n_sents, 1.0),
        "attribution_sentence_share": _share(len(sents - {-1}), n_sents),
        "attribution_narrator_per_100w": _per(len(atts), n_words - quoted),
        "attribution_quoted_per_100w": _per(len(inner), quoted),
        "attribution_direct_quote_share": _share(sum(a.quote is not None for a in atts),
                                                 len(atts)),
        "attribution_quote_word_share": _share(quoted, n_words),
    }
    out.update(_source_features(atts))
    out.update({
        "attribution_contested_sentences": float(len(claims)),
        "attribution_unattributed_claims": float(open_claims),
        "attribution_unattributed_claims_per_sentence": _per(open_claims, n_sents, 1.0),
    })
    return out


# --------------------------------------------------------------------------- tables

_TABLE_COLUMNS = ["article_id", "outlet", "sentence_index", "start", "end", "text", "cue",
                  "cue_start", "cue_end", "cue_class", "source", "source_start", "source_end",
                  "source_type", "resolved_source", "resolved_type", "official", "quote",
                  "in_quote", "sentence"]
_CLAIM_COLUMNS = ["article_id", "outlet", "sentence_index", "start", "end", "reason", "trigger",
                  "attributed", "sentence"]


def _usable_rows(corpus) -> list[tuple[str, str, str]]:
    """(article_id, outlet, body) of the corpus rows the extractors analyse."""
    from .corpus import usable
    df = usable(corpus)
    return [(str(r.article_id), str(r.outlet), r.body if isinstance(r.body, str) else "")
            for r in df[["article_id", "outlet", "body"]].itertuples(index=False)]


def attribution_table(corpus) -> pd.DataFrame:
    """One row per attribution across a corpus (``load_corpus`` frame): article_id, outlet,
    sentence_index, span, cue, source, source_type, resolved source and type, official,
    quote, in_quote and the sentence, so any number can be traced to its sentences."""
    import pandas as pd
    rows = []
    for aid, outlet, body in _usable_rows(corpus):
        doc = Doc(body)
        atts = _attributions(doc)
        for a, official in zip(atts, _officials(atts)):
            si = doc.sentence_index(a.cue_start)
            rows.append({
                "article_id": aid, "outlet": outlet, "sentence_index": si,
                **{c: getattr(a, c) for c in _TABLE_COLUMNS[3:17] if c != "official"},
                "official": official,
                "quote": a.quote, "in_quote": a.in_quote,
                "sentence": doc.sentences[si].text if si >= 0 else ""})
    return pd.DataFrame(rows, columns=_TABLE_COLUMNS)


def contested_claim_table(corpus) -> pd.DataFrame:
    """One row per contested-claim sentence across a corpus, with ``attributed``."""
    import pandas as pd
    rows = []
    for aid, outlet, body in _usable_rows(corpus):
        doc = Doc(body)
        for c in _contested(doc, _attributions(doc)):
            rows.append({"article_id": aid, "outlet": outlet, "sentence_index": c.sentence_index,
                         "start": c.start, "end": c.end, "reason": c.reason,
                         "trigger": c.trigger, "attributed": c.attributed,
                         "sentence": c.text})
    return pd.DataFrame(rows, columns=_CLAIM_COLUMNS)


# --------------------------------------------------------------------------- outlet views

_COUNT_COLUMNS = ["article_id", "outlet", "words", "quoted_words", "sentences", "attributions",
                  "sourced", "named", "anonymous", "official", "with_quote", "contested",
                  "unattributed_claims"]


def attribution_article_counts(corpus) -> pd.DataFrame:
    """Per-article counts behind the outlet rates: words, quoted words, sentences,
    attributions, those with a source, named (identifiable), anonymous and official
    sources, attributions with a direct quote, contested and unattributed claims."""
    import pandas as pd
    rows = []
    for aid, outlet, body in _usable_rows(corpus):
        doc = Doc(body)
        atts = _attributions(doc)
        sourced = [a for a in atts if a.source is not None]
        kinds = [a.resolved_type or "pronoun" for a in sourced]
        claims = _contested(doc, atts)
        rows.append([aid, outlet, doc.n_words, doc.quoted_word_count, len(doc.sentences),
                     len(atts), len(sourced), sum(k in NAMED_TYPES for k in kinds),
                     kinds.count("anonymous"), sum(_officials(sourced)),
                     sum(a.quote is not None for a in atts), len(claims),
                     sum(not c.attributed for c in claims)])
    return pd.DataFrame(rows, columns=_COUNT_COLUMNS)


def attribution_outlet_summary(counts: pd.DataFrame) -> pd.DataFrame:
    """Outlet rates pooled over its articles (from :func:`attribution_article_counts`):
    attributions per 100 words; named, anonymous and official shares of sourced
    attributions; share of attributions with a direct quote; share of words in quotes;
    unattributed contested claims per article. Sorted by outlet."""
    g = counts.groupby("outlet", sort=True).sum(numeric_only=True)
    out = g[[]].copy()
    out["articles"] = counts.groupby("outlet", sort=True).size()
    out["attributions"] = g["attributions"]
    out["per_100_words"] = 100 * g["attributions"] / g["words"].where(g["words"] > 0)
    for col in ("named", "anonymous", "official"):
        out[f"{col}_share"] = g[col] / g["sourced"].where(g["sourced"] > 0)
    out["direct_quote_share"] = g["with_quote"] / g["attributions"].where(g["attributions"] > 0)
    out["quoted_word_share"] = g["quoted_words"] / g["words"].where(g["words"] > 0)
    out["unattributed_claims_per_article"] = g["unattributed_claims"] / out["articles"]
    return out.reset_index()


def _top_outlets(table: pd.DataFrame, max_outlets: int) -> list[str]:
    """The outlets with most attributions (ties by name), sorted by name."""
    counts = table.groupby("outlet").size()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:max_outlets]
    return sorted(str(k) for k, _ in ranked)


def source_type_shares(table: pd.DataFrame, *, max_outlets: int = 20) -> pd.DataFrame:
    """Outlet x source type: share of the outlet's sourced attributions whose (resolved)
    source is of each type; an unresolved pronoun counts as ``pronoun``. Rows sum to 1;
    the ``max_outlets`` outlets with most attributions, sorted by name."""
    t = table[table["source"].notna()]
    t = t[t["outlet"].isin(_top_outlets(t, max_outlets))]
    kinds = t["resolved_type"].fillna("pronoun")
    shares = (t.assign(kind=kinds).groupby(["outlet", "kind"]).size().unstack(fill_value=0)
              .reindex(columns=list(SOURCE_TYPES), fill_value=0))
    return shares.div(shares.sum(axis=1), axis=0).sort_index()


def source_outlet_matrix(table: pd.DataFrame, *, top: int = 15,
                         max_outlets: int = 20) -> pd.DataFrame:
    """Source x outlet counts of attributions for the ``top`` most cited sources (pronouns
    counted as the source they resolve to; a person by surname, see ``_source_key``). The
    row label is the source's most frequent full form."""
    t = table[table["resolved_type"].notna() & (table["resolved_type"] != "pronoun")]
    t = t[t["outlet"].isin(_top_outlets(t, max_outlets))]
    keys = [_source_key(s, k) for s, k in zip(t["resolved_source"], t["resolved_type"])]
    t = t.assign(key=keys)
    t = t[t["key"] != ""]
    label = (t.groupby(["key", "resolved_source"]).size().reset_index(name="n")
             .sort_values(["key", "n", "resolved_source"], ascending=[True, False, True])
             .drop_duplicates("key").set_index("key")["resolved_source"])
    counts = t.groupby(["key", "outlet"]).size().unstack(fill_value=0)
    order = sorted(counts.index, key=lambda k: (-int(counts.loc[k].sum()), k))[:top]
    counts = counts.loc[order]
    counts.index = [label[k] for k in order]
    counts.index.name = "source"
    return counts[sorted(counts.columns)]


def attributions_of(table: pd.DataFrame, source: str) -> pd.DataFrame:
    """The rows of an :func:`attribution_table` whose (resolved) source is ``source``, as
    :func:`source_outlet_matrix` counts it (a person by surname), sorted by outlet, article
    and sentence: the sentences behind one row of the matrix."""
    if table.empty or not source:
        return table.iloc[:0]
    kind = source_type(source)
    target = _source_key(source, kind)
    keys = [isinstance(s, str) and isinstance(k, str) and _source_key(s, k) == target
            for s, k in zip(table["resolved_source"], table["resolved_type"])]
    return table[keys].sort_values(["outlet", "article_id", "sentence_index"])
