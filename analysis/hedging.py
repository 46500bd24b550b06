"""Hedges and boosters: span-level detection with context rules.

A *hedge* is a word or phrase by which a writer (or a quoted source) marks a proposition as
uncertain, not vouched for, or approximate. Categories follow the CoNLL-2010 / Szeged
Uncertainty Corpus scheme (Farkas et al. 2010; Szarvas et al. 2012) — ``epistemic``,
``doxastic``, ``conditional``, ``investigation`` — plus journalism's ``evidential``
("reportedly", "claimed"), ``approximator`` ("about 3,000") and ``unverified`` ("could not be
independently verified"). *Boosters* (Hyland 2005: "clearly", "in fact", "no doubt", "the
strongest ... since") mark certainty and are counted separately, never as hedges.

Lexicons are data files (``lexicons/hedges.tsv``, ``lexicons/boosters.tsv``) compiled once
into per-keyword anchored regular expressions; one trigger pass over the text (shared by both
lexicons) finds keywords standing as whole words and looks each
word up in a frozen dict, so the cost is linear in the text. Whether a cue counts in *this*
sentence is decided by small context rules below ("May 2024" is a month, "appeared on a
website" is not a hedge, "about to join" is not an approximator, "could swim as a child" is
past ability, "the claims" is a noun ...).

What counts follows the hedge rules of the news-sourcing annotation guidelines: one hedge per
cue, a multi-word hedge being one ("it is unclear whether" -> ``unclear whether``, "appeared to
suggest", "could not be independently verified"); a conditional hedges only when its outcome
is hypothetical ("if the talks fail, the war could resume", not "if you value something, you
study it"); "would" hedges as a hypothesis or a predicted effect, not as habit, reported
intent ("he said he would visit"), a refusal ("wouldn't disclose") or an evaluation ("would
be reckless"); belief verbs hedge a factual claim, not an opinion or a norm ("I believe we
have to"); "allegations" denied or named as a charge are not the outlet's hedge; anonymous
sourcing and "according to" are attributions, not hedges. Where the CoNLL-2010 scheme counts
every conditional, this module follows the news guidelines.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from types import MappingProxyType

from . import paths
from ._lazy import np, pd
from .text import Doc

HEDGE_CATEGORIES: tuple[str, ...] = (
    "epistemic", "doxastic", "conditional", "investigation", "evidential", "approximator",
    "unverified",
)
"""The hedge categories, in display order (see DESIGN.md)."""


@dataclass(frozen=True)
class Hedge:
    """One hedge cue: ``text == source[start:end]``.

    ``category`` is one of :data:`HEDGE_CATEGORIES`; ``cue`` the normalised (lower-case,
    single-spaced) cue; ``quantity`` the number an approximator qualifies (else None);
    ``in_quote`` is None from :func:`find_hedges` (a bare string has no quote analysis) and
    True/False from :func:`doc_hedges`.
    """

    text: str
    start: int
    end: int
    category: str
    cue: str
    quantity: str | None = None
    in_quote: bool | None = None


@dataclass(frozen=True)
class Booster:
    """One booster cue (certainty marker): ``text == source[start:end]``.

    ``category`` is ``certainty`` ("clearly", "no doubt") or ``superlative`` ("the worst
    ... since", "record high").
    """

    text: str
    start: int
    end: int
    category: str = "certainty"
    cue: str = ""
    in_quote: bool | None = None


# --------------------------------------------------------------------------- lexicons
# Written without character classes that mix ASCII and non-ASCII characters (``['’]``):
# the same meaning, but the regex compiler builds a 64K-entry table for each such class, and
# the lexicon patterns and the keyword trie hold hundreds of them (a third of the time to
# compile them).
_APOS = "(?:'|’)"
_WORD = re.compile(r"\w++(?:['’\-]\w++)*+")  # possessive: nothing follows to backtrack for
_END = r"(?!\w)(?!['\-]\w|’\w)"


@dataclass(frozen=True)
class _Entry:
    pattern: re.Pattern[str]
    category: str
    rule: str
    order: int
    rest: str | None  # regex for what must follow the keyword; None when it may stand alone
    alone: bool  # the pattern is its keywords alone: it matches exactly a trigger's keyword
    lead: str | None  # regex for the words that can come next; None when it may stand alone


def _slot(fragment: str) -> str:
    return fragment.replace("'", _APOS).replace("_", r"\s+")


def _compile(pattern: str) -> tuple[list[str], re.Pattern[str], str | None, str | None]:
    """Compile one lexicon pattern; return its lookup keys (first slot), the regex, the
    regex source of the slots after the first and that of the words that can follow the
    first slot (the alternatives of the optional slots after it and of the first required
    one; both None when those slots are all optional or there are none)."""
    slots = pattern.split(" ")
    keys = [k.lower().replace("’", "'") for k in slots[0].split("|")]
    if not all(_WORD.fullmatch(k) and "_" not in k for k in keys):
        raise ValueError(f"first slot must be plain words: {pattern!r}")
    parts = [f"(?:{_slot(slots[0])})"]
    for s in slots[1:]:
        if s.startswith("~"):
            parts.append(rf"(?:\s+(?:{_slot(s[1:])}))?")
        else:
            parts.append(rf"\s+(?:{_slot(s)})")
    optional = all(s.startswith("~") for s in slots[1:])
    rest = lead = None
    if not optional:
        rest = "".join(parts[1:]) + _END
        nxt = []
        for s in slots[1:]:
            nxt.append(_slot(s.removeprefix("~")))
            if not s.startswith("~"):
                break
        lead = "|".join(nxt)
    return keys, re.compile("".join(parts) + _END, re.IGNORECASE), rest, lead


def _load(name: str) -> MappingProxyType:
    """Read a lexicon TSV into a frozen ``{keyword: (entries...)}`` map."""
    index: dict[str, list[_Entry]] = {}
    lines = (paths.LEXICON_DIR / name).read_text(encoding="utf-8").splitlines()
    rows = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    for order, line in enumerate(rows[1:]):  # rows[0] is the column header
        pattern, category, rule = line.split("\t")
        keys, regex, rest, lead = _compile(pattern)
        alone = " " not in pattern and "’" not in pattern
        for key in keys:
            index.setdefault(key, []).append(
                _Entry(regex, category, rule, order, rest, alone, lead))
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


def _leaves(*lexicons: MappingProxyType, ignorecase: bool = True) -> dict[str, str]:
    """Per keyword, the regex that must follow it for any of its entries to match: the word
    end, plus a lookahead on the next slots when no entry can stand alone ("of" triggers only
    as "of course"), so that common first words of phrases raise no candidates. The
    lookahead is case-insensitive unless ``ignorecase`` is False (for the folded text of
    :func:`_candidates`, where the lower-case lexicon slots match case-sensitively)."""
    rests: dict[str, list[str] | None] = {}
    for lexicon in lexicons:
        for key, entries in lexicon.items():
            for ent in entries:
                if ent.rest is None:
                    rests[key] = None
                elif rests.setdefault(key, []) is not None:
                    rests[key].append(ent.rest)
    flags = "?i:" if ignorecase else "?:"
    return {key: _END + (f"(?=({flags}{'|'.join(dict.fromkeys(r))}))" if r else "")
            for key, r in rests.items()}


def _next_words(*lexicons: MappingProxyType) -> dict[str, str]:
    """Per keyword, a lookahead on the words that can follow it when none of its entries
    can stand alone ("" when one can), so that common first words of phrases raise few
    candidates: "of" triggers only before "course". A coarser filter than the whole
    remainder of the patterns (:func:`_leaves`; the entry patterns decide anyway) at a
    fraction of the size, which keeps the keyword trie quick to compile."""
    leads: dict[str, list[str] | None] = {}
    for lexicon in lexicons:
        for key, entries in lexicon.items():
            for ent in entries:
                if ent.lead is None:
                    leads[key] = None
                elif leads.setdefault(key, []) is not None:
                    leads[key].append(ent.lead)
    return {key: rf"(?=\s+(?:{'|'.join(dict.fromkeys(r))}))" if r else ""
            for key, r in leads.items()}


#: Non-ASCII characters that ``re.IGNORECASE`` equates with an ASCII letter (Kelvin sign,
#: long s, dotted and dotless i).
_FOLD_EXTRA = "\u0130\u0131\u017f\u212a"


def _variants(ch: str) -> list[str]:
    """The characters ``re.IGNORECASE`` matches with the lexicon character ``ch``."""
    return [c for c in dict.fromkeys(ch + ch.lower() + ch.upper() + _FOLD_EXTRA)
            if re.fullmatch(re.escape(ch), c, re.IGNORECASE)]


def _fold(ch: str) -> str:
    """A case-sensitive regex for ``ch`` matching what ``re.IGNORECASE`` would match: a
    case-insensitive trie makes the engine fold every character of the text, 3x slower."""
    if ch == "'":
        return _APOS
    same = _variants(ch)
    return re.escape(ch) if len(same) == 1 else "[" + "".join(same) + "]"


def _trie(leaves: dict[str, str], fold: bool = True) -> str:
    """A regular expression matching exactly the words of ``leaves`` (each followed by its
    leaf regex), factored as a character trie so that the engine rejects most text positions
    after one character test. With ``fold`` False the letters are plain lower-case literals
    (for the folded text of :func:`_candidates`)."""
    root: dict = {}
    for word, leaf in sorted(leaves.items()):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = leaf

    def heads(ch: str, top: bool) -> list[str]:
        # first letters as one literal per case variant: the engine skips a branch whose
        # first literal differs without entering it (a character class costs more)
        if not fold:
            return [re.escape(ch)]
        return [re.escape(v) for v in _variants(ch)] if top and ch != "'" else [_fold(ch)]

    def build(node: dict, top: bool = False) -> str:
        alts = [head + build(node[ch]) for ch in sorted(k for k in node if k)
                for head in heads(ch, top)]
        if "" in node:
            alts.append(node[""])
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(root, top=True)


_HEDGES = _load("hedges.tsv")
_BOOSTERS = _load("boosters.tsv")
_KEYWORDS = _trie(_next_words(_HEDGES, _BOOSTERS), fold=False)
if re.search("[A-Z]", re.sub(r"\\.", "", _KEYWORDS)):  # it would never match
    raise ValueError("lexicon patterns must be lower-case")
#: The keywords of both lexicons, run case-sensitively on the folded text (:func:`_candidates`),
#: with the non-word character before the keyword, which the regex consumes (the text gets a
#: leading space), from a class the engine tests by table before checking ``\W``, and the
#: word end after it (once, not in every branch of the trie).
_TRIGGER = re.compile(r"[^0-9_a-z](?<=\W)(" + _KEYWORDS + ")" + _END)
_WORD_CHAR = re.compile(r"\w")


@cache
def _trigger_ignorecase() -> re.Pattern[str]:
    """The keyword trigger (:data:`_KEYWORDS`) for the original text, folding case inside the
    regex and rejecting keywords inside a word itself (for the rare text that ``str.lower``
    lengthens, such as one with U+0130)."""
    return re.compile(r"\W(?<!\w['’\-])(" + _trie(_leaves(_HEDGES, _BOOSTERS)) + ")")


def _candidates(text: str, low: str | None = None) -> list[tuple[int, str]]:
    """(start, keyword) of every lexicon keyword standing as a whole word in ``text`` (not
    preceded by a word character, nor by a word character and an inner ' or -) and followed
    by what at least one of its lexicon entries needs.

    The regex scans the text lower-cased, with the curly apostrophe, long s and dotless i
    folded to their ASCII letters: the same matches as a case-insensitive regex on the text,
    with plain letters instead of case classes. ``low``: ``text.lower()`` when known.
    """
    low = text.lower() if low is None else low
    if len(low) != len(text):  # a character lower-cases to several: offsets would shift
        return [(m.start(1) - 1, m.group(1).lower().replace("’", "'"))
                for m in _trigger_ignorecase().finditer(" " + text)]
    low = low.replace("’", "'")
    hay = " " + low.replace("\u017f", "s").replace("\u0131", "i")  # long s, dotless i
    out = []
    for m in _TRIGGER.finditer(hay):
        s = m.start()  # hay[s] is the character before the keyword, which starts at text[s]
        if hay[s] in "'-" and _WORD_CHAR.match(hay, s - 1):
            continue  # the keyword continues a word ("well-", "o'")
        out.append((s, low[s:m.end() - 1]))
    return out


# --------------------------------------------------------------------------- context helpers
_BREAK = re.compile(r"[.!?;:\n](?!\d)")
#: A sentence break: a line break, or . ! ? with any closing quotes or brackets and a space.
#: Written to start with a character class, so that a search skips to those characters.
_SENT_BREAK = re.compile(r"[.!?\n](?:(?<=\n)|[\"'”’)\]]*\s)")
#: The last sentence break of a string (``.*`` is greedy): its end is where the sentence that
#: runs to the string's end starts.
_LAST_SENT_BREAK = re.compile(r"(?s:.*)" + _SENT_BREAK.pattern)
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    "ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|half|"
    "dozen|dozens|twice|double|triple|a_third|a_quarter"
)
_UNITS = (
    "half|third|quarter|fifth|tenth|dozen|score|hundred|thousand|million|billion|trillion|"
    "year|decade|century|month|week|day|hour|minute|mile|kilometre|kilometer|metre|meter|"
    "foot|inch|percent|pound|dollar|ton|tonne|acre|hectare|kilogram|gallon|litre|liter"
)
_NUMBER_ALT = _NUMBER_WORDS.replace("_", r"\s+")
_QUANTITY = re.compile(
    r"\s+(?:[$£€¥]\s?\d[\d,.]*|\d[\d,.]*(?:\s?(?:%|percent|per\s+cent))?"
    rf"|(?:a|an|one)\s+(?:{_UNITS})s?\b|(?:{_NUMBER_ALT})\b)"
    r"(?:\s+(?:million|billion|trillion|thousand|hundred)\b)?",
    re.IGNORECASE,
)
_NUMBERISH = re.compile(r"\d[\d,.]*|" + _NUMBER_ALT, re.IGNORECASE)


def _words(fragment: str) -> list[str]:
    """The words of ``fragment``, lower-cased, with straight apostrophes."""
    low = fragment.lower()
    if len(low) == len(fragment) and "\u03a3" not in fragment:
        # lower-casing kept every character a word character or not, one for one, and no
        # capital sigma can turn final: the words of the lower-cased text are the same
        return _WORD.findall(low.replace("’", "'"))
    return [w.lower().replace("’", "'") for w in _WORD.findall(fragment)]


def _prev(text: str, start: int, n: int = 3) -> list[str]:
    """Up to ``n`` lower-case words before ``start`` in the same clause (nearest last)."""
    seg = text[max(0, start - 15 * n - 20):start]
    cut = max(seg.rfind("."), seg.rfind("!"), seg.rfind("?"), seg.rfind(";"), seg.rfind(":"),
              seg.rfind("\n"))
    return _words(seg[cut + 1:])[-n:]


def _next(text: str, end: int, n: int = 3) -> list[str]:
    """Up to ``n`` lower-case words after ``end`` in the same clause."""
    seg = text[end:end + 15 * n + 20]
    m = _BREAK.search(seg)
    return _words(seg[:m.start()] if m else seg)[:n]


def _sentence(text: str, start: int, end: int, reach: int = 300) -> str:
    """The lower-cased sentence around ``start:end`` (at most ``reach`` characters each side)."""
    left = text[max(0, start - reach):start]
    last = _LAST_SENT_BREAK.match(left)
    right = text[end:end + reach]
    m = _SENT_BREAK.search(right)
    return (left[last.end() if last else 0:] + text[start:end] + (right[:m.start() + 1]
            if m else right)).lower()


def _has(words: list[str], vocab: frozenset[str]) -> bool:
    return any(w in vocab for w in words)


def _fs(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --------------------------------------------------------------------------- context rules
# Each rule gets the text, the candidate span and the lexicon's category, and returns the
# category to record (possibly a different one) or None when the cue is not a hedge here.
_Rule = Callable[[str, int, int, str], "str | None"]

_MONTHS = _fs("january february march april june july august september october november "
              "december jan feb mar apr jun jul aug sep sept oct nov dec")
_MONTH_PREP = _fs("in on since until till by of from through between during early late mid "
                  "last next this each every before after around and or to end")
_MAY_VERB = _fs("be have not also well never soon still yet need face take get go come see "
                "become lose win end cause lead help make affect try hold seek raise cut "
                "offer prove already even only just eventually ultimately actually change "
                "allow increase decrease rise fall result require include want mean use find "
                "pose trigger spark force delay")
_MAY_NAME = _fs("theresa mrs ms mr minister secretary premier brian rachel")


def _may(text: str, s: int, e: int, cat: str) -> str | None:
    """"may": a modal unless it is the month (May 2024, in May) or a surname (Theresa May)."""
    if re.match(r"\s*\d", text[e:e + 3]):
        return None
    if text[s:e] != "May":
        return cat
    prev, nxt = _prev(text, s, 1), _next(text, e, 1)
    if prev and (prev[-1] in _MONTH_PREP or prev[-1] in _MONTHS or prev[-1].isdigit()):
        return None
    ok = bool(nxt) and nxt[0] in _MAY_VERB
    return cat if ok and not (prev and prev[-1] in _MAY_NAME) else None


_MIGHT_NOUN = _fs("his her their its our my your the all with military economic full naval air "
                  "sheer industrial financial american russian chinese western")


def _might(text: str, s: int, e: int, cat: str) -> str | None:
    """"might": a modal, except the noun ("military might", "with all his might")."""
    prev = _prev(text, s, 1)
    return None if prev and prev[-1] in _MIGHT_NOUN else cat


_ABILITY = _fs("see hear feel smell taste remember recall afford sense understand speak read "
               "write swim walk run sleep breathe move barely hardly scarcely only no longer "
               "manage spot make_out recognize recognise")
_PAST_ABILITY = re.compile(
    r"\b(?:as an? (?:child|kid|boy|girl|teenager|teen|student|youngster)|when (?:he|she|they|"
    r"i|we|you) (?:was|were)|back then|in those days|used to|at that age|in (?:his|her|their) "
    r"(?:youth|day))\b")
_AS_AS = re.compile(r"\bas\s+\w+\s+as\s+(?:\w+\s+)?$")


def _could(text: str, s: int, e: int, cat: str) -> str | None:
    """"could": speculation, not past ability ("could swim as a child", "could not attend")
    or purpose ("so that they could"); "could not rule out / say" still hedges."""
    nxt = _next(text, e, 4)
    if text[s:e].lower().replace("’", "'") == "couldn't":
        nxt = ["not", *nxt]
    if not nxt:
        return None
    if nxt[0] == "neither":
        return None  # refusal: "he could neither confirm nor deny"
    if nxt[0] in ("not", "never"):
        rest = " ".join(nxt[1:])
        keep = rest.startswith(("rule out", "be ruled out", "have", "say", "tell", "predict",
                                "know", "be sure", "exclude", "be excluded"))
        return cat if keep else None
    if nxt[0] in _ABILITY or " ".join(nxt[:2]) in ("make out", "no longer"):
        return None
    prev = _prev(text, s, 4)
    if prev and ("so" in prev[-3:] or prev[-2:] == ["in", "order"] or prev[-1] == "hardly"):
        return None
    if "only" in prev[-2:]:
        return None  # exclusive ability: "only Clinton could testify"
    if any(w in ("whatever", "everything", "anything", "all") for w in prev[-3:]) and (
            not nxt or nxt[0] == "to"):
        return None  # ability: "he planned to do whatever he could to stop the bloodshed"
    if prev[-2:] == ["at", "least"] or nxt[:2] == ["at", "least"]:
        return None  # a reproach: "he at least could have had the honesty to ..."
    if _AS_AS.search(text[max(0, s - 40):s].lower()):
        return None
    if nxt[0] == "be" and len(nxt) > 1 and not _participle(nxt[1]) and prev[-1:] != ["who"]:
        return cat  # "could be too dangerous", "could be the last": possibility, any tense
    sentence = _sentence(text, s, e)
    if _PAST_ABILITY.search(sentence):
        return None
    before = sentence[:max(sentence.find(text[s:e].lower()), 0)]
    if nxt[0] != "have" and _PAST_BEFORE.search(before) and not _has(_prev(text, s, 12), _REPORT):
        return None  # past narration: ability ("there were no seats that could be found")
    return cat


_IRREGULAR_PARTICIPLES = _fs(
    "found seen made done heard given taken shown held kept told brought bought built caught "
    "put set read run won sold sent spent left lost met paid known thrown drawn written driven "
    "chosen hidden stolen beaten born borne worn torn sworn broken spoken frozen forgotten got "
    "gotten hit hurt cut shut struck stuck led fed fled bred meant felt dealt")


def _participle(word: str) -> bool:
    """A past participle by its form ("found", "reported"): "could be found" is ability or
    passive, "could be dangerous" a possibility."""
    return word.endswith("ed") or word in _IRREGULAR_PARTICIPLES


_WOULD_NOT = _fs("want wants wish like love rather prefer later eventually often usually always "
                 "sometimes "
                 "frequently occasionally regularly typically subsequently soon then ultimately "
                 "routinely normally")
_REPORT = _fs("said says say told announced announces promised pledged vowed added insisted "
              "stressed stressing warned warning noted noting cautioned cautioning adding "
              "hoping hoped hopes hope wished wishing wish "
              "confirmed stated decided agreed hoped planned knew indicated signaled signalled "
              "threatened declared announcing saying telling vowing promising pledging "
              "assured assures promises explained wrote writes ruled determined decided")
_PAST_ANCHOR = re.compile(r"\b(?:1[0-9]{3}|20[0-9]{2}|later|eventually|subsequently|"
                          r"afterwards?|(?:years?|months?|decades?)\s+(?:later|after|before)|"
                          r"until|the rest of)\b")
_PAST_BEFORE = re.compile(r"\b(?:was|were|had|did|went|became|began|took|made|knew|thought|"
                          r"felt|hoped|wanted|planned|expected|seemed|got|came)\b")
_CONDITION = re.compile(r"\b(?:if|unless|otherwise|without|in case|provided|as long as|"
                        r"suppose|imagine|whether|in theory|hypothetically)\b")

_HAVE_OBJECT = _fs("to a an the his her their its my our your no any some this that more less "
                   "enough")
#: After "would not": a refusal to tell ("officials wouldn't disclose", "would not say
#: whether"), reported as fact, not a hypothesis.
_REFUSE = _fs("say comment disclose discuss elaborate confirm reveal specify identify provide "
              "answer give name release detail divulge explain respond address speculate")
_PERSONAL = _fs("i we you he she it they who")
#: Verbs that describe what a reported plan contains (reported future, not a prediction).
_PLAN_CONTENT = _fs("include involve contain comprise consist feature cover")
#: Subjects that act: after a verb of saying, "would" is their reported intent ("saying the
#: president would veto those measures"), not a prediction of an effect.
_AGENTS = _fs("president officials official government administration minister ministers "
              "leader leaders lawmakers congress senate house democrats republicans party "
              "company court police army military team campaign state states country "
              "countries committee agency department ministry council board commission panel "
              "group union firm bank city county governor mayor senator secretary chairman "
              "spokesman spokeswoman he she they we i you it who")
_EVALUATION = re.compile(
    r"(?:(?:very|so|really|quite|too|extremely|absolutely|also|just|incredibly|deeply|"
    r"highly|pretty|a|an)\s+)*(?:reckless|wrong|right|foolish|unwise|wise|mistake|great|good|"
    r"bad|terrible|horrible|awful|irresponsible|unfair|fair|appropriate|inappropriate|nice|"
    r"wonderful|fantastic|helpful|unhelpful|silly|stupid|crazy|absurd|ridiculous|outrageous|"
    r"shameful|unacceptable|irresponsible|insane|naive|premature|inadvisable|grateful|happy|"
    r"glad|pleased|delighted|honored|honoured|proud)\b")
_COMMIT = _fs("promised promises promise pledged pledges vowed vows decided decides agreed agrees "
              "planned plans announced announces assured assures threatened threatens hoped "
              "hopes wished determined ruled insisted")
_EXPECTING = _fs("expect expects expected expecting anticipate anticipates anticipated predicted "
                 "predicts")
_COMPARATIVE_AS = re.compile(r"(?:\b(just|much|exactly|precisely|not|n't|as\s+[\w-]+)\s+)?"
                             r"\b(as|than)\s+((?:[\w'’-]+\s+){0,3})$")
_NOT_SUBJECT = _fs("in on at of for with by from to into onto over under about after before "
                   "during since and or but if when while because is are was were be been")


def _compared(text: str, s: int) -> bool:
    """The cue at ``s`` ends a comparison clause: "as"/"than" and at most three words of
    subject ("as officials feared", "than analysts expected", "as any homeowner would"),
    not "as anti-tank mines in expectation of" (a preposition between)."""
    m = _COMPARATIVE_AS.search(text[max(0, s - 50):s].lower().replace("’", "'"))
    if not m:
        return False
    gap = m.group(3).split()
    if _has(gap, _NOT_SUBJECT) or _has(gap, _NEGATION):
        return False
    # "as expected", "than analysts expected", "as widespread as officials feared", "just as
    # any homeowner would"; a bare "as" before a subject is often "because" ("as not one
    # Democrat would vote for it")
    return not gap or m.group(2) == "than" or m.group(1) is not None


def _would_subject(text: str, s: int) -> str:
    """The word before "would" that is its subject, skipping adverbs ("the agenda likely
    would"): the word as written (a capital marks a name), or "" at the clause start."""
    seg = text[max(0, s - 60):s]
    cut = max(seg.rfind(c) for c in ".!?;:,\n\"“”—")
    words = re.findall(r"[\w'’-]+", seg[cut + 1:])
    while words and words[-1].lower().endswith("ly") and words[-1].lower() not in ("only", "ally",
                                                                                      "italy"):
        words.pop()
    return words[-1] if words else ""


def _reported_intent(text: str, s: int, e: int) -> bool:
    """"would" after a verb of saying, hoping or expecting whose subject is a person or a named
    body: reported future or intent ("he said he would visit", "Velayati said Iran would go
    back"), not the speaker's prediction of an effect ("told CNN that growth ... would offset
    deficit increases", which stays a hedge)."""
    prev = _prev(text, s, 10)
    if not (_has(prev, _REPORT) or _has(prev, _EXPECTING)):
        return False
    if prev[-1:] and prev[-1] in _REPORT and text[:s].rstrip().endswith(","):
        return False  # parenthetical ", he said, would ..." keeps its subject before it
    if _has(prev, _COMMIT) or _has(prev, _EXPECTING):
        return True  # "promised that the site would remain free"; "expected that X would" is
        # one hedge, the expectation
    cue = text[s:e].replace("’", "'")
    subject = cue.split("'")[0] if "'" in cue else _would_subject(text, s)  # "she'd"
    if not subject:
        return True
    return subject.lower() in _AGENTS or subject[0].isupper()


def _would(text: str, s: int, e: int, cat: str) -> str | None:
    """"would": a hypothetical or counterfactual, not future-in-the-past narration ("he would
    later become"), habit ("would often"), desire ("would like") or reported intent ("said he
    would resign")."""
    nxt = _next(text, e, 3)
    word = text[s:e].lower().replace("’", "'")
    if word == "wouldn't":
        nxt = ["not", *nxt]
    if word.endswith("'d") and nxt and (nxt[0] in ("been", "had", "already", "just", "never",
                                                   "gone", "done", "seen", "got")
                                        or nxt[0].endswith("ed")):
        return None  # "'d" = had
    if not nxt or nxt[0] in _WOULD_NOT:
        return None
    skip = nxt[0] in ("not", "never", "also", "still", "only", "just") and len(nxt) > 1
    head = nxt[1] if skip else nxt[0]
    if head in _WOULD_NOT:
        return None
    if nxt[0] in ("not", "never") and head in _REFUSE:
        return None  # refusal: "officials wouldn't disclose what else he might do"
    after = nxt[skip + 1] if len(nxt) > skip + 1 else ""
    if head == "have" and after not in _HAVE_OBJECT:  # counterfactual: "would have won"
        return cat
    if head == "go" and "on" in nxt:
        return None
    if _compared(text, s):
        return None  # a comparison: "just as any homeowner would expect"
    if head == "be" and _EVALUATION.match(" ".join(_next(text, e, 6)[skip + 1:])):
        return None  # an evaluation: "it would be reckless", "would be a mistake"
    if head in _PLAN_CONTENT and _has(_prev(text, s, 10), _REPORT):
        return None  # a reported plan: "That whole package, he said, would include housing"
    if _reported_intent(text, s, e):
        return None  # reported intent: "said it would cut jobs", even "... if they return"
    if _IN_ASKED_QUESTION.search(text, max(0, s - 90), s):
        return None  # a reported question: "asked Pelosi if she would take up the bill"
    if nxt[:2] == ["you", "please"] or nxt[:2] == ["you", "kindly"]:
        return None  # a request: "would you please sing"
    sentence = _sentence(text, s, e)
    if _CONDITION.search(sentence):
        return cat
    before = sentence[:max(sentence.find(text[s:e].lower()), 0)]
    if _PAST_ANCHOR.search(sentence) or _PAST_BEFORE.search(before):
        return None  # future in the past: narration
    return cat


#: "asked/wondered <someone> if": an indirect question; and the clause it opens.
_ASKED_SOMEONE = re.compile(r"\b(?:ask|asks|asked|asking|wonder|wondered)\s+(?:him|her|them|me|us|"
                            r"you|[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,2})\s+$")
_IN_ASKED_QUESTION = re.compile(r"\b(?:ask|asks|asked|asking|wonder|wondered|wondering)\b"
                                r"[^.;:!?\n]{0,40}\b(?:if|whether)\b[^.;:!?\n]{0,45}$",
                                re.IGNORECASE)
_ASK = _fs("knowing ask asks asked asking wonder wonders wondered wondering know knew see check "
           "checks "
           "checked tell determine decide decided unclear unsure sure clear known doubt "
           "doubtful question questioned investigate investigating examine examining verify "
           "confirm establish assess")


#: Heads that are hedges themselves and take an open question: "it is unclear (...) whether"
#: is one hedge, the "whether" / "if" belongs to its head.
_OPEN_HEADS = _fs("unclear uncertain unsure unknown unknowable doubt doubts doubtful "
                  "undetermined debatable")
#: A conditional hedges when the outcome is hypothetical: a modal of possibility or
#: hypothesis in its sentence ("if the talks fail, the war could resume"), or "were to".
_HYPOTHETICAL = re.compile(r"\b(?<!at least )(?:would|could|might|may|wouldn['’]t|couldn['’]t|"
                           r"mightn['’]t|were\s+to|what\s+if)\b"
                           r"(?!\s+(?:like|love|rather|prefer|want|at\s+least)\b)"
                           r"|\w['’]d\b(?!\s+(?:like|love|rather|prefer|want)\b)")
#: The end of a sentence for the conditional's scope: . ! ? before a capital ("U.S. economy"
#: does not end it).
_SCOPE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z])|\n")


_MODAL_HINTS = ("would", "could", "might", "may", "were", "what", "'d", "’d")


def _hypothetical(text: str, s: int, e: int) -> bool:
    """A modal of possibility or hypothesis in the sentence of the conditional at ``s:e``
    (not "would like", "'d rather")."""
    left = text[max(0, s - 200):s]
    right = text[e:e + 250]
    window = (left + " " + right).lower()
    if not any(w in window for w in _MODAL_HINTS):
        return False  # the common case, decided by substring tests alone
    cut = max(left.rfind(". "), left.rfind("? "), left.rfind("! "), left.rfind("\n"))
    m = _SCOPE_END.search(right)
    scope = (left[cut + 1:] + " " + (right[:m.start()] if m else right)).lower()
    return bool(_HYPOTHETICAL.search(scope))


_NEGATION = _fs("not never no nobody hardly isn't wasn't aren't weren't hasn't haven't hadn't "
                "don't doesn't didn't isnt")
_NEGATED_HEADS = _fs("clear known certain sure")
_TO_BE_HEADS = _fs("seen determined decided established")


def _absorbed(text: str, s: int) -> bool:
    """The "whether" / "if" at ``s`` completes an open-question hedge earlier in its clause
    ("It is also unclear from Chinese news reports if ...", "it is not yet known ... whether",
    "it remains to be seen, analysts say, whether"): counted once, as the head. Heads that
    are hedges only negated or after "to be" ("not clear", "to be determined") need that."""
    prev = _prev(text, s, 8)
    if prev[-2:] in (["questions", "about"], ["questions", "over"]) and not _has(prev[-5:-2],
                                                                                  _ASKED):
        return True  # "raised questions about whether" (a hedge of its own, _questions)
    for i, word in enumerate(prev):
        if word in _OPEN_HEADS:
            return True
        before = prev[max(0, i - 3):i]
        if word in _NEGATED_HEADS and _has(before, _NEGATION):
            return True
        if word in _TO_BE_HEADS and before[-1:] == ["be"]:
            return True
    return False


def _if(text: str, s: int, e: int, cat: str) -> str | None:
    """"if": a condition about an uncertain, hypothetical outcome ("if the talks fail, the war
    could resume"); "asked if" is an indirect question (investigation). Not a hedge: "as if",
    "even if", "if and only if", "if any", "if anything", "if not more", a condition with a
    certain or normative consequence ("if you value something, you study it", "if you
    continue, there's going to be a price", "they should"), or the "if" of an open question
    already counted ("unclear ... if")."""
    prev, nxt = _prev(text, s, 2), _next(text, e, 2)
    if prev and (prev[-1] in ("as", "even") or prev[-2:] == ["and", "only"]):
        return None
    if nxt[:1] in (["any"], ["anything"]) or nxt[:2] == ["and", "only"]:
        return None
    if nxt[:1] == ["not"] and not re.match(r"\s*not\s*[,.;]", text[e:e + 12], re.IGNORECASE):
        return None
    if text[max(0, s - 2):s].strip() == "," and re.match(r"\s+(?!ever\b)[\w-]+\s*,",
                                                           text[e:e + 30]):
        return None  # concessive ", if simple,"
    if _absorbed(text, s):
        return None
    if prev and prev[-1] in _ASK:
        return "investigation"
    if _ASKED_SOMEONE.search(text, max(0, s - 40), s):
        return "investigation"  # "asked Pelosi if she would ...": an indirect question
    if re.match(r"\s*ever\s*,", text[e:e + 12], re.IGNORECASE):
        return cat  # "When, if ever, will the public see the report?"
    if not _hypothetical(text, s, e):
        return None
    return _condition(text, s, e, cat)


def _whether(text: str, s: int, e: int, cat: str) -> str | None:
    """"whether": an open question about a fact, except the concessive "..., whether we like it
    or not", a choice of action ("decide whether to run"), and one hedge with an open-question
    head before it ("unclear ... whether")."""
    before = text[max(0, s - 3):s].rstrip()
    if before.endswith((",", "—", "–")) and re.match(r"[^.;!?]{0,80}?\bor\b", text[e:e + 90]):
        return None
    if text[s:e].lower() in ("whether", "if") and _absorbed(text, s):
        return None
    if re.match(r"\s+(?:or\s+not\s+)?to\b", text[e:e + 12], re.IGNORECASE):
        return None  # a choice of action, not an open fact: "a choice on whether to take the risk"
    return cat


_TERMS = re.compile(r"\b(?:oblig\w*|requir\w*|mandat\w*|entitl\w*|stipulat\w*|calls? on|"
                    r"provides?|commits?|treaty|accord|pact|clause|provision|under the "
                    r"(?:agreement|law|deal|rules?|terms|plan|policy|contract|constitution))\b")


def _condition(text: str, s: int, e: int, cat: str) -> str | None:
    """A condition that is a term of a treaty, law or contract reported as fact ("the treaty
    obliges each side to help if either is attacked") is not the writer's hypothesis."""
    sentence = _sentence(text, s, e)
    before = sentence[:max(sentence.find(text[s:e].lower()), 0)]
    return None if _TERMS.search(before) else cat


_ASKED = _fs("answer answered answering answers take took taking field fielded fielding asked ask "
             "asking respond responded reporters posed pose poses face faces faced facing such")


def _questions(text: str, s: int, e: int, cat: str) -> str | None:
    """"questions about/over": doubts raised ("raised questions about his health"), not
    questions put to someone ("declined to answer questions about")."""
    return None if _has(_prev(text, s, 3), _ASKED) else cat


def _belief_that(text: str, s: int, e: int, cat: str) -> str | None:
    """"the idea/view/belief that ...": a belief, not a proposal ("the idea that citizens
    should be forced")."""
    return None if _has(_next(text, e, 10), _fs("should must ought")) else cat


def _chance(text: str, s: int, e: int, cat: str) -> str | None:
    """"a chance of/that" (a possibility), not "the only/best/last chance of" (an
    opportunity)."""
    prev = _prev(text, s, 1)
    return None if prev and prev[-1] in ("only", "best", "last", "first", "the", "second",
                                         "another", "fair") else cat


_POLLING = _fs("voter voters swing electorate caucus caucusgoers caucus-goers primary")


def _likely(text: str, s: int, e: int, cat: str) -> str | None:
    """"likely", except the polling term "likely voters"."""
    nxt = _next(text, e, 1)
    return None if nxt[:1] and nxt[0] in _POLLING else cat


#: "X to suggest" hedges when X is evidence ("enough to suggest", "reason to suggest");
#: "appears to suggest" is one lexicon cue.
_SUGGEST_BY = _fs("enough sufficient reason reasons evidence nothing little data anything "
                  "something appear appears appeared seem seems seemed")


def _suggest(text: str, s: int, e: int, cat: str) -> str | None:
    """"suggest(ed)" as evidence or hint; not the adjective of a proposal ("the commonly
    suggested fixes")."""
    prev, nxt = _prev(text, s, 2), _next(text, e, 1)
    if prev[-1:] == ["to"] and not (prev[-2:-1] and prev[-2] in _SUGGEST_BY):
        return None  # a proposal: "interjected to suggest that Trump would release"
    if " " in text[s:e]:
        return cat  # "suggested that"
    prev = prev[-1:]
    attributive = prev and prev[-1] in ("the", "a", "an", "commonly", "often", "frequently",
                                        "most", "his", "her", "their", "its", "widely")
    return None if attributive and nxt[:1] not in (["that"], ["to"], ["by"], []) else cat


def _should_inverted(text: str, s: int, e: int, cat: str) -> str | None:
    """Conditional inversion at the start of a clause: "Should the talks fail, ..." (not
    the question "Should we go?" nor deontic "should")."""
    if _prev(text, s, 1) or text[s] != "S":
        return None
    sentence = _sentence(text, s, e)
    return cat if "," in sentence and "?" not in sentence else None


def _approx(text: str, s: int, e: int, cat: str) -> str | None:
    """Approximators count only before a quantity: "about 3,000", "some 40 percent", "nearly
    half", "about a year" — not "about to join", "talked about", "some of them"."""
    m = _QUANTITY.match(text, e)
    if not m:
        return None
    if m.group().strip().lower() == "one" and _next(text, m.end(), 1)[:1] in (
            ["of"], ["who"], ["that"], ["thing"], ["another"], ["side"], ["day"]):
        return None
    return cat


def _approx_in(text: str, s: int, e: int, cat: str) -> str | None:
    """"in the order/region of" + quantity."""
    prev = _prev(text, s, 2)
    return _approx(text, s, e, cat) if prev[-2:] in (["in", "the"], ["on", "the"]) else None


def _or_so(text: str, s: int, e: int, cat: str) -> str | None:
    """"... or so" right after a quantity ("a dozen or so", "30 or so")."""
    prev = _prev(text, s, 1)
    return cat if prev and _NUMBERISH.fullmatch(prev[-1]) else None


_APPEAR_ADJ = _fs("likely unlikely unaware unharmed unhurt uninjured unconscious dead "
                  "intoxicated drunk nervous confused intent determined poised ready set close "
                  "eager keen reluctant unable willing unwilling open unfazed relaxed tired frail "
                  "calm shaken upset happy sad angry distraught stable fine healthy genuine "
                  "authentic real true false fake staged inevitable imminent certain sure "
                  "increasingly bound headed destined aimed designed meant unconcerned")


def _appear(text: str, s: int, e: int, cat: str) -> str | None:
    """"appear(s/ed)": epistemic in "appears to", "it appears that", "appeared nervous"; not
    "appeared on a website / in court / as a guest"."""
    nxt, prev = _next(text, e, 2), _prev(text, s, 1)
    if nxt[:1] in (["to"], ["that"]) or nxt[:2] in (["as", "if"], ["as", "though"]):
        return cat
    if prev and prev[-1] in ("it", "there", "would", "may", "might", "could"):
        return cat
    return cat if nxt[:1] and nxt[0] in _APPEAR_ADJ else None


_POSSIBLE_NOT = _fs("as every all whenever wherever where when if best worst most least "
                    "highest lowest fewest greatest smallest largest maximum minimum only "
                    "lowest-possible shortest longest earliest latest fastest strongest widest "
                    "made make makes making render rendered renders")


_BE_ADV = _fs("is was are were be been being not also sometimes often only still always now "
              "likewise quite entirely very perfectly easily readily technically")


def _possible(text: str, s: int, e: int, cat: str) -> str | None:
    """"possible": a hedge ("a possible link", "it is possible that") but not "as soon as
    possible", "the best possible", "made it possible", "possible to travel"."""
    prev, nxt = _prev(text, s, 2), _next(text, e, 1)
    if prev and (prev[-1] in _POSSIBLE_NOT or prev[-1].endswith("est")):
        return None
    if len(prev) == 2 and prev[1] not in ("a", "an") and (
            prev[0].endswith("est") or prev[0] in ("best", "worst", "most", "least", "extent")):
        return None  # "the best score possible", "to the extent possible"
    if prev and prev[-1] in _BE_ADV and nxt[:1] != ["that"]:
        return None  # predicative feasibility: "wheelchair access is possible"
    if prev[-2:-1] and prev[-2] in ("made", "make", "makes", "making") and prev[-1] in (
            "it", "this", "that", "them"):
        return None
    return None if nxt[:1] == ["to"] else cat


def _apparent(text: str, s: int, e: int, cat: str) -> str | None:
    """"apparent" before a noun ("an apparent suicide"), not "became apparent", "heir apparent"."""
    prev, nxt = _prev(text, s, 1), _next(text, e, 1)
    return cat if prev and prev[-1] in ("an", "the", "his", "her", "their", "its") and nxt else None


def _questioned(text: str, s: int, e: int, cat: str) -> str | None:
    """"questioned" as doubt ("its effectiveness has been questioned", "questioned whether"),
    not interrogation ("questioned by police", "questioned about the attack")."""
    prev, nxt = _prev(text, s, 1), _next(text, e, 1)
    if nxt[:1] and nxt[0] in ("by", "for", "about", "over", "him", "her", "them", "the",
                              "witnesses", "suspects", "detainees"):
        return cat if nxt[0] == "the" and not _has(_prev(text, s, 4), _INTERROGATORS) else None
    return None if prev and prev[-1] in _INTERROGATORS else cat


_INTERROGATORS = _fs("police detectives officers investigators agents fbi interrogators "
                     "prosecutors authorities")


def _doubt(text: str, s: int, e: int, cat: str) -> str | None:
    """"doubt" hedges ("doubts remain", "cast doubt"), but "no doubt", "without (a) doubt",
    "beyond doubt" are boosters."""
    prev = _prev(text, s, 4)
    return None if _has(prev, _fs("no without beyond little")) else cat


def _unknown(text: str, s: int, e: int, cat: str) -> str | None:
    """"unknown" hedges when the matter is unknown ("it is unknown whether", "an unknown
    number"), not as a name or label ("the Unknown Soldier", "an unknown artist")."""
    prev, nxt = _prev(text, s, 1), _next(text, e, 1)
    if prev[-1:] == ["no"]:
        return None  # "in no uncertain terms" (a booster)
    if not text[s:e].lower().startswith("unknown") or " " in text[s:e]:
        return cat
    if nxt[:1] in (["quantity"], ["soldier"], ["warrior"]):
        return None  # idioms and names
    if nxt[:1] and nxt[0] in ("whether", "if", "how", "why", "what", "who", "when", "where",
                              "number", "amount", "cause", "quantity"):
        return cat
    return cat if prev and prev[-1] in ("is", "was", "are", "were", "remains", "remain",
                                        "still", "largely", "currently") else None


_THINKING_BEFORE = _fs("am is are was were be been i we they you he she still also not just "
                       "really now")


#: An opinion or a norm after a belief verb: a deontic modal anywhere in the clause, or an
#: evaluative word right after a finite copula ("he believes are bad ideas", "we thought
#: going strong ... was quite important").
_OPINION = re.compile(
    r"\b(?:should|must|ought|need(?:s|ed)?\s+to|ha(?:ve|s|d)\s+to|it['’]?s\s+time|it\s+is\s+time|"
    r"deserves?)\b|\b(?:is|are|was|were|['’]s)\s+(?:(?:a|an|quite|very|really|so|too|just|"
    r"such|pretty|extremely|absolutely|totally)\s+)*(?:wrong|right|bad|good|unfair|fair|"
    r"important|necessary|essential|crucial|vital|a\s+mistake|mistake|unacceptable|appropriate|"
    r"inappropriate|great|terrible|unconstitutional|immoral|outrageous|ridiculous|absurd|stupid|"
    r"smart|wise|unwise|reckless|awful|wonderful|fantastic|horrible)\b")
_TRUST_OBJECT = _fs("any anything everything him her them me you us anyone anybody nobody")
_MAKE_BELIEVE = _fs("want wants wanted wanting urge urged urges persuade persuaded convince "
                    "convinced asks asked ask expect expects like")


def _as_than(text: str, s: int, e: int, cat: str) -> str | None:
    """A belief or forecast verb in a comparison ("not as widespread as officials feared",
    "than analysts expected", "as predicted by Frank Rich") measures the outcome against the
    expectation: not a hedge."""
    return None if _compared(text, s) else cat


def _opinion(text: str, e: int) -> bool:
    """The clause after a belief verb is an opinion or a norm ("I believe strongly we have to
    support them", "the bills he believes are bad ideas", "I think it's time"), not a
    factual claim."""
    words = _next(text, e, 12)
    if "that" in words[1:]:  # an evaluation inside a further that-clause is not the believer's
        words = words[:words.index("that", 1)]
    return bool(_OPINION.search(" ".join(words)))


def _believe(text: str, s: int, e: int, cat: str) -> str | None:
    """"believe": belief that something is so ("they believe it benefited", "is believed to
    be"), not commitment to a value ("we believe in peace through strength"), trust in someone
    ("who will believe any intelligence"), a belief others should be led to ("wants Americans
    to believe"), an opinion or norm ("I believe we have to"), nor a comparison ("as many
    believed")."""
    nxt = _next(text, e, 2)
    if nxt[:1] == ["in"] or (nxt[:1] and nxt[0] in _TRUST_OBJECT and " " not in text[s:e]
                             and nxt[1:2] != ["to"]):
        return None
    prev = _prev(text, s, 4)
    if prev[-1:] == ["to"] and _has(prev[:-1], _MAKE_BELIEVE):
        return None
    if " " not in text[s:e] and _opinion(text, e):
        return None
    return _as_than(text, s, e, cat)


def _think(text: str, s: int, e: int, cat: str) -> str | None:
    """"think": belief, not "think tank", "think about", "thinking of (doing)"."""
    nxt = _next(text, e, 5)
    if nxt[:1] and nxt[0] in ("tank", "tanks", "about", "twice", "again", "big", "outside"):
        return None
    if text[s:e].lower() == "thinking":
        prev = _prev(text, s, 1)
        verbal = prev and (prev[-1] in _THINKING_BEFORE or prev[-1].endswith(("'re", "'m")))
        if not verbal or nxt[:1] not in (["that"], ["it"], ["he"], ["she"], ["they"], ["we"],
                                         ["i"], ["this"], ["the"]):
            return None
    return None if nxt[:1] == ["of"] and "as" not in nxt else cat


_THOUGHT_BEFORE = _fs("is was are were be been being widely long once generally commonly "
                      "originally previously initially also first now still i we they he she "
                      "you who many some most others people scientists experts officials "
                      "investigators researchers police analysts")


def _believe_think(text: str, s: int, e: int, cat: str) -> str | None:
    """"think" as "believe" (:func:`_think`), minus opinions and comparisons ("I think it's
    time", "than I think")."""
    if _think(text, s, e, cat) is None or _opinion(text, e):
        return None
    return _as_than(text, s, e, cat)


def _thought(text: str, s: int, e: int, cat: str) -> str | None:
    """"thought": the verb of belief ("is thought to", "they thought that"), not the noun
    ("school of thought", "some thought") nor "thought about", the idiom "just when we
    thought", an opinion ("we thought going strong was quite important") or a comparison
    ("than we thought")."""
    prev, nxt = _prev(text, s, 3), _next(text, e, 4)
    if prev[-3:-2] == ["just"] and prev[-2:-1] == ["when"]:
        return None
    if _opinion(text, e) or _as_than(text, s, e, cat) is None:
        return None
    prev = prev[-1:]
    if nxt[:1] and nxt[0] in ("about", "process", "processes", "leader", "leaders", "police",
                              "experiment", "experiments", "piece"):
        return None
    if nxt[:1] == ["of"]:
        return cat if "as" in nxt else None
    if nxt[:1] and nxt[0] in ("to", "that", "would", "could", "might", "was", "were", "had"):
        return cat
    if prev and prev[-1] in ("of", "some", "much", "little", "deep", "in", "no", "any", "a",
                             "the", "second", "political", "religious", "free"):
        return None
    if prev and prev[-1] in _THOUGHT_BEFORE:
        return cat
    return cat if nxt[:1] and nxt[0] in _SUBJECT | _fs("the this his her their") else None


def _expect(text: str, s: int, e: int, cat: str) -> str | None:
    """"expected" as a forecast ("is expected to", "expects that"), not "as expected", "than
    expected", nor "expecting a baby"."""
    prev, nxt = _prev(text, s, 3), _next(text, e, 2)
    if prev and (prev[-1] in ("as", "than", "unexpected", "would", "'d") or
                 (prev[-1] in ("been", "was", "were", "had", "is") and "than" in prev)):
        return None  # "as expected", "than expected"; "would expect" of a norm or a generic
    if text[s:e].lower().startswith("expectation") and " " not in text[s:e] and \
            not re.match(r"\s+(?:is|was|are|were)\s+that\b", text[e:e + 20], re.IGNORECASE):
        return None  # the noun with no content: "our expectations may be dumbed down"
    if _as_than(text, s, e, cat) is None:
        return None
    if nxt[:1] and nxt[0] in ("a", "her", "their", "his", "our", "my") and nxt[1:2] and \
            nxt[1] in ("baby", "child", "first", "second", "third", "twins", "son", "daughter"):
        return None
    return cat


def _forecast(text: str, s: int, e: int, cat: str) -> str | None:
    """Forecast verbs ("predicted", "is projected to"); the noun "forecast(s)" and "projected"
    (an image on a screen) only with "to"/"that"; not in a comparison ("as predicted by")."""
    prev = _prev(text, s, 1)
    if _as_than(text, s, e, cat) is None or (prev and prev[-1] in ("would", "'d")):
        return None
    if text[s:e].lower().startswith("predict"):
        return cat
    nxt = _next(text, e, 1)
    return cat if nxt[:1] in (["to"], ["that"]) else None


_PRONOUNS = _fs("i we they you he she who many some also still strongly police investigators "
                "officials authorities experts analysts critics")


def _suspect(text: str, s: int, e: int, cat: str) -> str | None:
    """"suspect(s)" the verb ("police suspect that"), not the noun ("the suspect fled")."""
    prev, nxt = _prev(text, s, 1), _next(text, e, 1)
    if nxt[:1] == ["that"]:
        return cat
    return cat if prev and prev[-1] in _PRONOUNS and nxt[:1] not in (["was"], ["is"], ["in"],
                                                                      ["had"], ["has"]) else None


_TAKE_ON = _fs("risk risks debt debts liability liabilities cost costs burden burdens "
               "obligations office power control command responsibility responsibilities the his "
               "her their "
               "its a an duties role roles leadership charge ownership name names identity "
               "identities presidency post position mantle")


def _assume(text: str, s: int, e: int, cat: str) -> str | None:
    """"assume" as belief, not as taking on ("assumed office", "assumed the presidency")."""
    if text[s:e].lower().startswith(("assumption", "presum")):
        return cat
    nxt = _next(text, e, 1)
    if _prev(text, s, 1)[-1:] == ["of"] and nxt[:1] not in (["that"], []):
        return None  # a gerund taking something on: "the prospect of assuming risks"
    return None if nxt[:1] and nxt[0] in _TAKE_ON else cat


def _suppose(text: str, s: int, e: int, cat: str) -> str | None:
    """"supposed": belief ("the supposed victim", "is supposed to have"), not obligation or
    plan ("was supposed to arrive")."""
    nxt = _next(text, e, 4)
    if nxt[:1] == ["to"]:
        if nxt[1:2] == ["be"] and any(re.fullmatch(r"\w+(?:ed|en)", w) for w in nxt[2:4]):
            return None  # obligation: "are supposed to be reported"
        if nxt[1:2] == ["have"]:  # "is supposed to have been / have fled" (reputedly)
            return cat if nxt[2:3] and re.fullmatch(r"been|\w+(?:ed|en|wn)", nxt[2]) else None
        return cat if nxt[1:2] == ["be"] else None
    return cat


_CONSIDER_BEFORE = _fs("is was are were be been being widely generally often long still once "
                       "commonly largely also now traditionally usually sometimes highly "
                       "increasingly broadly")
_DELIBERATE = _fs("whether if how what for options option ways plans plan proposals proposal "
                  "bill bills measure measures legislation case cases request requests motion "
                  "matter matters issue issues application applications appeal appeals "
                  "amendment amendments offer offers resolution resolutions alternatives "
                  "changes possibilities candidates move steps action question questions "
                  "idea ideas")
_CONSIDER_SUBJ = _fs("some many most others they we i who you people critics experts "
                     "scholars historians fans observers analysts also still often would "
                     "might may not")
_OBJ = _fs("him her it them himself herself itself themselves this that me us you")


def _consider(text: str, s: int, e: int, cat: str) -> str | None:
    """"consider(ed)" as judgement ("is considered one of the best", "some consider him a
    traitor"), not deliberation ("the Senate considered the bill", "is being considered",
    "the lawsuit considered by the judge", "considered running")."""
    prev, nxt = _prev(text, s, 1), _next(text, e, 6)
    if not nxt or nxt[0] in _DELIBERATE or (nxt[0] in ("the", "a", "an", "this", "his", "her",
                                                       "their", "its") and nxt[1:2]
                                            and nxt[1] in _DELIBERATE):
        return None
    if nxt[0].endswith("ing") and nxt[0] not in ("something", "nothing", "anything"):
        return None
    if nxt[0] in ("but", "in", "at", "during", "carefully", "briefly", "seriously"):
        return None  # deliberation: "was considered but rejected", "considered in studies"
    judged = "as" in nxt or "to" in nxt or "among" in nxt or nxt[1:2] and nxt[1] in _CONSIDER_SUBJ
    if nxt[0] == "by" or (prev and prev[-1] in ("being", "has", "have", "had", "having")):
        return cat if judged else None
    if text[s:e].lower() == "considered" or nxt[0] in ("to", "as", "one", "among") or \
            nxt[0] in _OBJ:
        return cat
    if not prev:
        return None
    return cat if prev[-1] in _CONSIDER_SUBJ or prev[-1].endswith(("n't", "s")) else None


def _regard(text: str, s: int, e: int, cat: str) -> str | None:
    """"regarded" as judgement ("is regarded as"), not "highly regarded" praise alone."""
    prev = _prev(text, s, 1)
    nxt = _next(text, e, 4)
    return cat if "as" in nxt or (prev and prev[-1] in _CONSIDER_BEFORE) else None


def _view_as(text: str, s: int, e: int, cat: str) -> str | None:
    """"seen/viewed/regarded as", "view it as": a judgement, unless "as well/soon/a child"."""
    nxt = _next(text, e, 1)
    return None if nxt[:1] and nxt[0] in ("well", "soon", "much", "many", "far", "long", "part",
                                          "recently", "early", "late", "follows", "he", "she",
                                          "they", "it", "we", "i", "you") else cat


def _in_view(text: str, s: int, e: int, cat: str) -> str | None:
    """"in my view / in their opinion", not "in view of" (= considering)."""
    return None if _next(text, e, 1)[:1] == ["of"] else cat


def _as_long_as(text: str, s: int, e: int, cat: str) -> str | None:
    """"as long as" a condition, not a duration ("as long as 10 years")."""
    return None if _QUANTITY.match(text, e) else cat


_SUBJECT = _fs("i we they you he she it there")
_CLAUSE_VERB = re.compile(r"\b(?:is|was|are|were|had|has|have|would|will|could|did|does|do|"
                          r"can|may|might)\b")
_NOUN_DET = _fs("the a an these those such his her their its our your any insurance jobless "
                "unemployment initial continuing false fraudulent baseless unfounded bogus "
                "dubious similar earlier previous repeated territorial")


def _claim(text: str, s: int, e: int, cat: str) -> str | None:
    """"claim(s/ed)": evidential when a source claims something ("X claimed that", "claims to
    be", "claimed he was", "claims of fraud"), not "claimed the lives / title /
    responsibility", "the claims were rejected", "jobless claims", "laid claim to"."""
    prev, nxt = _prev(text, s, 1), _next(text, e, 9)
    if not nxt or (prev and prev[-1] in ("laid", "lay", "lays", "stake", "staked")):
        return None
    if _denied(text, s):
        return None
    if (prev and prev[-1] in _NOUN_DET) or (
            text[s:e].lower() in ("claim", "claims") and nxt[0] in ("of", "about")):
        return cat if nxt[0] in ("of", "that", "about") else None
    if nxt[0] == "to" and len(nxt) > 1 and nxt[1] in _NOUN_DET:
        return None                      # "a greater claim to the president’s ear": a right
    if nxt[0] in ("that", "to") or nxt[0] in _SUBJECT or "that" in nxt[1:5]:
        return cat
    if nxt[0] in ("the", "a", "an", "this") and _CLAUSE_VERB.search(" ".join(nxt[2:])):
        return cat
    return None


_DENY = re.compile(r"\b(?:den(?:y|ies|ied|ying|ial)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|"
                   r"refut(?:e|es|ed|ing)|rebut(?:s|ted|ting)?|disput(?:e|es|ed|ing)|"
                   r"deflect(?:s|ed|ing)?|(?:not|n['’]t) accept|heard|respond(?:s|ed|ing)? to|"
                   r"settle(?:s|d)?|su(?:e|es|ed|ing)|fil(?:e|es|ed|ing)|lawsuits?|investigat\w*|"
                   r"prob(?:e|es|ed|ing)|unfounded|baseless|false|fabricated|bogus|groundless)\b")


def _denied(text: str, s: int) -> bool:
    """The noun at ``s`` is the object of a denial or of a legal action ("The Kremlin has
    denied the allegations", "we do not accept such accusations", "settled the claims"): the
    source's claim is reported as contested, the outlet does not hedge."""
    return bool(_DENY.search(" ".join(_prev(text, s, 6))))


def _charge_noun(text: str, s: int, e: int, cat: str) -> str | None:
    """"allegation(s)" / "accusation(s)": the outlet's distance from a claim it reports with
    its content ("allegations that he took bribes"); not a charge named as a thing ("the
    misconduct allegations from Corfman", "accusations of child abuse", "allegations
    against Bill Clinton") nor the object of a denial or legal action."""
    if _denied(text, s):
        return None
    return cat if _next(text, e, 1)[:1] == ["that"] else None


_REPORT_DET = _NOUN_DET | _fs("new latest recent this that media news press")


def _reports_that(text: str, s: int, e: int, cat: str) -> str | None:
    """"reports that/suggesting" with no one named behind them ("amid reports that he fled");
    not "an Axios report that ..." or "the reports that" (a document cited) nor reporting."""
    seg = text[max(0, s - 30):s].rstrip()
    if seg.endswith(("'s", "’s")) or re.search(r"\b[A-Z][\w.-]*$", seg):
        return None
    prev = _prev(text, s, 1)
    return None if prev and prev[-1] in _REPORT_DET else cat


_TIME_UNITS = _fs("second seconds minute minutes hour hours day days night nights week weeks "
                  "weekend weekends month months year years decade decades century centuries "
                  "season seasons term terms")


def _approx_over(text: str, s: int, e: int, cat: str) -> str | None:
    """"over" + a quantity ("over 30 inches of rain"), not a duration ("over two days"), a
    year ("over 2014's levels") or a preposition ("over the past decade")."""
    m = _QUANTITY.match(text, e)
    if not m or re.fullmatch(r"(?:1[89]|20)\d\d|(?:a|an|one)\s+\w+", m.group().strip(),
                             re.IGNORECASE):
        return None  # a year, or "over a decade", "over an hour": a span of time
    if text[s].isupper() and not _prev(text, s, 1):
        return None  # "Over 30 years, ..." at a clause start is a duration too often
    nxt = _next(text, m.end(), 1)
    return None if nxt and nxt[0] in _TIME_UNITS else cat


def _potential(text: str, s: int, e: int, cat: str) -> str | None:
    """"potential" before a noun ("potential terrorists", "potential loss sharing"); not the
    noun ("has the potential to", "economic potential")."""
    m = re.match(r"\s+([A-Za-z][\w-]*)", text[e:e + 40])
    if not m:
        return None
    word = m.group(1).lower()
    if word in ("output", "gdp"):
        return None  # the economists' term "potential output"
    return None if word in _NOT_NOUN or word in ("for", "of", "is", "was", "are", "were") else cat


def _reported_adj(text: str, s: int, e: int, cat: str) -> str | None:
    """"reported" as an adjective ("Trump's reported comments", "the reported deal"): a
    report not vouched for; not the verb ("the paper reported that", "reported by")."""
    prev, nxt = _prev(text, s, 1), _next(text, e, 1)
    owner = prev and (prev[-1] in ("the", "a", "an", "his", "her", "their", "its", "this")
                      or prev[-1].endswith("'s"))
    return cat if owner and nxt[:1] and nxt[0] not in _NOT_NOUN else None


_NOT_NOUN = _fs("that to by on in at as earlier last this from for with and or but yesterday "
                "today")


def _accuse(text: str, s: int, e: int, cat: str) -> str | None:
    """"accused": an unproven charge ("accused of fraud"), not the noun "the accused"."""
    prev, nxt = _prev(text, s, 1), _next(text, e, 1)
    if prev and prev[-1] in ("the", "an", "co") and nxt[:1] != ["of"]:
        return None
    return cat


_ANON = _fs("people person persons sources source officials official those individuals "
            "someone insiders diplomats executives aides advisers advisors others operatives "
            "lawmakers staffers associates allies members")


def _familiar(text: str, s: int, e: int, cat: str) -> str | None:
    """"(people) familiar with the matter", "a source close to the talks": anonymous sourcing."""
    return cat if _has(_prev(text, s, 3), _ANON) else None


def _negatable(text: str, s: int, e: int, cat: str) -> str | None:
    """A booster unless negated or weakened ("not clearly", "almost certainly")."""
    prev = _prev(text, s, 2)
    weak = _fs("not never no hardly almost nearly less far without")
    return None if any(p in weak or p.endswith("n't") for p in prev) else cat


def _always(text: str, s: int, e: int, cat: str) -> str | None:
    return cat


_RULES: MappingProxyType = MappingProxyType({
    "always": _always, "may": _may, "as_than": _as_than, "believe_think": _believe_think,
    "charge_noun": _charge_noun, "reports_that": _reports_that, "approx_over": _approx_over,
    "potential": _potential, "might": _might, "could": _could, "would": _would,
    "if": _if, "approx": _approx, "approx_in": _approx_in, "or_so": _or_so,
    "appear": _appear, "possible": _possible, "apparent": _apparent,
    "questioned": _questioned,
    "doubt": _doubt, "unknown": _unknown, "think": _think, "thought": _thought,
    "expect": _expect, "forecast": _forecast, "suspect": _suspect, "assume": _assume,
    "suppose": _suppose, "consider": _consider, "regard": _regard, "view_as": _view_as,
    "in_view": _in_view, "as_long_as": _as_long_as, "claim": _claim, "accuse": _accuse,
    "familiar": _familiar, "negatable": _negatable, "whether": _whether,
    "condition": _condition, "questions": _questions, "belief_that": _belief_that,
    "chance": _chance, "likely": _likely, "suggest": _suggest,
    "should_inverted": _should_inverted, "believe": _believe, "reported_adj": _reported_adj,
})
_missing = {e.rule for lex in (_HEDGES, _BOOSTERS) for es in lex.values() for e in es} - set(_RULES)
if _missing:  # a lexicon names a rule this module does not define
    raise ValueError(f"unknown lexicon rules: {sorted(_missing)}")


def _scan(text: str, lexicon: MappingProxyType,
          candidates: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """(start, end, category) of every accepted cue, left to right, never overlapping.

    ``candidates`` (:func:`_candidates`, one regex pass shared by both lexicons) are looked
    up in the keyword map and only their few anchored patterns are tried (none for a pattern
    that is its keywords alone).
    Longer matches win, then lexicon order.
    """
    out: list[tuple[int, int, str]] = []
    last = 0
    for s, key in candidates:
        if s < last:
            continue
        entries = lexicon.get(key)
        if entries is None:
            continue
        if text[s].isupper() and lexicon is _HEDGES and _in_a_name(text, s):
            continue
        found = []
        for ent in entries:
            if ent.alone:  # the keyword is the whole match
                found.append((s + len(key), ent))
            elif mm := ent.pattern.match(text, s):
                found.append((mm.end(), ent))
        if len(found) > 1:
            found.sort(key=lambda c: (-c[0], c[1].order))
        for end, ent in found:
            category = _RULES[ent.rule](text, s, end, ent.category)
            if category is not None:
                out.append((s, end, category))
                last = end
                break
    return out


def _in_a_name(text: str, s: int) -> bool:
    """A capitalised cue after "the" or "of" inside a sentence is part of a name: "the
    Cathedral of the Assumption", "the Hope Diamond"."""
    prev = _prev(text, s, 1)
    return bool(prev) and prev[-1] in ("the", "of") and text[max(0, s - 5):s].strip()[-1:].isalpha()


def _norm(span: str) -> str:
    return " ".join(span.lower().replace("’", "'").split())


def _hedges(text: str, candidates: list[tuple[int, str]]) -> list[Hedge]:
    hedges = []
    for s, e, category in _scan(text, _HEDGES, candidates):
        quantity = None
        if category == "approximator":
            q = _QUANTITY.match(text, e)
            quantity = q.group().strip() if q else None
        hedges.append(Hedge(text[s:e], s, e, category, _norm(text[s:e]), quantity))
    return hedges


def _boosters(text: str, candidates: list[tuple[int, str]]) -> list[Booster]:
    return [Booster(text[s:e], s, e, category, _norm(text[s:e]))
            for s, e, category in _scan(text, _BOOSTERS, candidates)]


def find_hedges(text: str) -> list[Hedge]:
    """Every hedge in ``text``, in order, as :class:`Hedge` spans (``text[start:end]``).

    Definition: a cue from ``lexicons/hedges.tsv`` that its context rule accepts in this
    sentence (module docstring). More hedges = more uncertainty or distance marked.
    Reference: Farkas et al. (2010) CoNLL-2010 shared task; Szarvas et al. (2012);
    Hyland (2005). Never raises: non-``str`` input yields an empty list.
    """
    if not isinstance(text, str) or not text:
        return []
    return _hedges(text, _candidates(text))


def find_boosters(text: str) -> list[Booster]:
    """Every booster (certainty marker) in ``text`` as :class:`Booster` spans.

    Definition: a cue from ``lexicons/boosters.tsv`` not negated or weakened in context
    ("not clearly", "almost certainly" are not boosters; "no doubt" is). More boosters = more
    certainty asserted. Reference: Hyland (2005) Metadiscourse, boosters. Never raises.
    """
    if not isinstance(text, str) or not text:
        return []
    return _boosters(text, _candidates(text))


def _cues(text: str, low: str | None = None
          ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(start, end, category) of the hedges and of the boosters in ``text``, from one
    candidate pass (``low``: ``text.lower()`` when known)."""
    if not isinstance(text, str) or not text:
        return [], []
    candidates = _candidates(text, low)
    return _scan(text, _HEDGES, candidates), _scan(text, _BOOSTERS, candidates)


# --------------------------------------------------------------------------- documents
def doc_hedges(doc: Doc) -> list[Hedge]:
    """:func:`find_hedges` on ``doc.text`` with ``in_quote`` set: True when the cue starts
    inside quoted words (the source's hedge, not the outlet's)."""
    return [replace(h, in_quote=doc.in_quote(h.start)) for h in find_hedges(doc.text)]


def doc_boosters(doc: Doc) -> list[Booster]:
    """:func:`find_boosters` on ``doc.text`` with ``in_quote`` set."""
    return [replace(b, in_quote=doc.in_quote(b.start)) for b in find_boosters(doc.text)]


def _positions(doc: Doc, starts: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """(sentence index, inside-quote flag) for each character offset, vectorised."""
    pos = np.asarray(starts, dtype=np.int64)
    sent_starts = np.fromiter((s.start for s in doc.sentences), dtype=np.int64)
    sidx = np.clip(np.searchsorted(sent_starts, pos, side="right") - 1, 0, None)
    q_starts = np.fromiter((q.start for q in doc.quotes), dtype=np.int64)
    q_ends = np.fromiter((q.end for q in doc.quotes), dtype=np.int64)
    qidx = np.searchsorted(q_starts, pos, side="right") - 1
    inside = (qidx >= 0) & (pos < q_ends[np.clip(qidx, 0, None)]) if len(q_starts) else \
        np.zeros(len(pos), dtype=bool)
    return sidx, inside


@dataclass(frozen=True)
class _Tally:
    """Per sentence of a document, its words and quoted words; per hedge, its sentence,
    whether it is quoted and its category; per booster, its sentence and whether it is quoted.
    Words and cues belong to the sentence in which they start (:meth:`Doc.sentence_index`)."""

    words: list[int]
    quoted_words: list[int]
    hedges: list[tuple[int, bool, str]]
    boosters: list[tuple[int, bool]]


def _word_bounds(doc: Doc) -> list[int]:
    """Index of the first word of each sentence, then the number of words: sentence ``k``
    has the words ``bounds[k]:bounds[k + 1]`` (words before the first sentence are its)."""
    starts = doc.word_starts
    return [0, *(bisect_left(starts, sent.start) for sent in doc.sentences[1:]), len(starts)]


def _quoted_spans(doc: Doc) -> list[tuple[int, int]]:
    """Word-index ranges ``[lo, hi)`` of the quoted words, in order: a word is quoted when it
    starts before the end of the last quotation that starts at or before it
    (:meth:`Doc.in_quote`), so a quotation's range stops where the next one starts."""
    starts, quotes = doc.word_starts, doc.quotes
    spans = []
    for i, q in enumerate(quotes):
        stop = min(q.end, quotes[i + 1].start) if i + 1 < len(quotes) else q.end
        lo, hi = bisect_left(starts, q.start), bisect_left(starts, stop)
        if hi > lo:
            spans.append((lo, hi))
    return spans


def _quoted_per_sentence(bounds: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """Quoted words per sentence, from :func:`_word_bounds` and :func:`_quoted_spans`."""
    quoted = [0] * (len(bounds) - 1)
    for lo, hi in spans:
        k = bisect_right(bounds, lo) - 1  # the sentence of word ``lo``
        while lo < hi:
            stop = min(hi, bounds[k + 1])
            quoted[k] += stop - lo
            lo, k = stop, k + 1
    return quoted


def _tally(doc: Doc) -> _Tally:
    """The :class:`_Tally` of ``doc`` (empty without sentences: nothing to count in)."""
    if not doc.sentences:
        return _Tally([], [], [], [])
    bounds = _word_bounds(doc)
    words = [b - a for a, b in zip(bounds, bounds[1:])]
    hedges, boosters = _cues(doc.text, doc.lower)
    where, quoted = doc.sentence_index, doc.in_quote
    return _Tally(words, _quoted_per_sentence(bounds, _quoted_spans(doc)),
                  [(where(s), quoted(s), category) for s, _, category in hedges],
                  [(where(s), quoted(s)) for s, _, _ in boosters])


def _sentence_counts(doc: Doc) -> dict[str, np.ndarray]:
    """Per-sentence word, hedge and booster counts (all / quoted / per category)."""
    t = _tally(doc)
    n = len(t.words)
    names = ["hedges", "hedges_quoted", "boosters", "boosters_quoted"]
    names += [f"hedge_{cat}{part}" for cat in HEDGE_CATEGORIES for part in ("", "_quoted")]
    counts = {name: [0] * n for name in names}
    for i, q, cat in t.hedges:
        counts["hedges"][i] += 1
        counts["hedges_quoted"][i] += q
        if cat in HEDGE_CATEGORIES:
            counts[f"hedge_{cat}"][i] += 1
            counts[f"hedge_{cat}_quoted"][i] += q
    for i, q in t.boosters:
        counts["boosters"][i] += 1
        counts["boosters_quoted"][i] += q
    cols = {"words": t.words, "words_quoted": t.quoted_words, **counts}
    return {name: np.array(v, dtype=float) for name, v in cols.items()}


def _sentence_columns(doc: Doc) -> dict[str, np.ndarray]:
    cols = {"sentence_index": np.arange(len(doc.sentences)), **_sentence_counts(doc)}
    cols["uncertain"] = (cols["hedges"] - cols["hedge_approximator"]) > 0
    cols["sentence"] = np.array([sent.text for sent in doc.sentences], dtype=object)
    return cols


def sentence_hedges(doc: Doc) -> pd.DataFrame:
    """One row per sentence of ``doc``: its words (all / quoted), hedge counts (all, quoted,
    per category), boosters, and ``uncertain`` (at least one non-approximator hedge).

    Words and cues are assigned to the sentence in which they start; a word or cue is
    *quoted* when it starts inside quotation marks (:meth:`Doc.in_quote`).
    """
    return pd.DataFrame(_sentence_columns(doc))


def _rate(count: float, base: float, per: float = 100.0) -> float:
    return float(per * count / base) if base else math.nan


def _share(count: int, among: int) -> float:
    return float(count) / among if among else math.nan


def _rate_keys(name: str) -> tuple[str, str, str]:
    return (f"{name}_per_100w", f"{name}_narrator_per_100w", f"{name}_quoted_per_100w")


_HEDGE_RATE_KEYS, _BOOSTER_RATE_KEYS = _rate_keys("hedge"), _rate_keys("hedge_booster")
#: Feature names of the per-category numbers: three rates (all, narrator, quoted), the share.
_CATEGORY_KEYS = {cat: (*_rate_keys(f"hedge_{cat}"), f"hedge_{cat}_sentence_share")
                  for cat in HEDGE_CATEGORIES}


def _cue_rates(out: dict[str, float], keys: tuple[str, ...], total: int, quoted: int,
               words: tuple[float, float, float]) -> None:
    """Cues per 100 words (all, narrator, quoted) into ``out`` under the first three keys."""
    for key, count, base in zip(keys, (total, total - quoted, quoted), words):
        out[key] = _rate(count, base)


def hedge_features(doc: Doc) -> dict[str, float]:
    """Per-article hedging numbers (all floats; NaN where the denominator is 0).

    * ``hedge_per_100w``: hedges per 100 words; ``hedge_narrator_per_100w`` / ``_quoted_``:
      hedges outside / inside quotation marks per 100 words of narrator / quoted text.
    * ``hedge_sentence_share``: share of sentences with any hedge;
      ``hedge_uncertain_sentence_share``: with a non-approximator hedge (the CoNLL-2010
      sentence-level uncertainty); narrator / quoted shares among sentences that have
      narrator / quoted words.
    * per category ``hedge_<category>_per_100w`` (and ``_narrator_`` / ``_quoted_``) and
      ``hedge_<category>_sentence_share``.
    * boosters: ``hedge_booster_per_100w`` (and narrator / quoted) and
      ``hedge_booster_ratio`` = hedges / boosters.

    Higher = more hedged (or, for boosters, more certainty asserted). Reference: Hyland
    (2005) for rates of hedges and boosters per words; Farkas et al. (2010) for sentences.
    """
    t = _tally(doc)
    n_sent, n_hedges = len(t.words), len(t.hedges)
    words, q_words = float(sum(t.words)), float(sum(t.quoted_words))
    n_words = (words, words - q_words, q_words)
    has_narr = [w > q for w, q in zip(t.words, t.quoted_words)]
    out: dict[str, float] = {"hedge_count": float(n_hedges),
                             "hedge_per_sentence": _rate(n_hedges, n_sent, 1.0)}
    _cue_rates(out, _HEDGE_RATE_KEYS, n_hedges, sum(q for _, q, _ in t.hedges), n_words)
    _cue_rates(out, _BOOSTER_RATE_KEYS, len(t.boosters), sum(q for _, q in t.boosters), n_words)
    out["hedge_sentence_share"] = _share(len({i for i, _, _ in t.hedges}), n_sent)
    out["hedge_uncertain_sentence_share"] = _share(
        len({i for i, _, cat in t.hedges if cat != "approximator"}), n_sent)
    out["hedge_narrator_sentence_share"] = _share(
        len({i for i, q, _ in t.hedges if not q and has_narr[i]}), sum(has_narr))
    out["hedge_quoted_sentence_share"] = _share(
        len({i for i, q, _ in t.hedges if q and t.quoted_words[i] > 0}),
        sum(q > 0 for q in t.quoted_words))
    by_cat: dict[str, list[tuple[int, bool]]] = {cat: [] for cat in HEDGE_CATEGORIES}
    for i, q, cat in t.hedges:
        if cat in by_cat:
            by_cat[cat].append((i, q))
    none = (*(_rate(0, base) for base in n_words), _share(0, n_sent))  # a category unused
    for cat, mine in by_cat.items():
        keys = _CATEGORY_KEYS[cat]
        if not mine:
            out.update(zip(keys, none))
            continue
        _cue_rates(out, keys, len(mine), sum(q for _, q in mine), n_words)
        out[keys[3]] = _share(len({i for i, _ in mine}), n_sent)
    out["hedge_booster_ratio"] = _rate(n_hedges, len(t.boosters), 1.0)
    return out


# --------------------------------------------------------------------------- corpus tables
_SPAN_COLUMNS = ["article_id", "outlet", "sentence_index", "start", "end", "text", "category",
                 "cue", "in_quote", "sentence"]


def _span_rows(corpus: pd.DataFrame, finder: Callable[[str], list]) -> list[dict]:
    from .corpus import usable

    out = []
    for row in usable(corpus).itertuples(index=False):
        doc = Doc(row.body)
        spans = finder(doc.text)
        sidx, quoted = _positions(doc, [sp.start for sp in spans])
        outlet = getattr(row, "outlet", None)
        for sp, i, q in zip(spans, sidx, quoted):
            sentence = doc.sentences[i].text if doc.sentences else ""
            out.append({"article_id": row.article_id, "outlet": outlet,
                        "sentence_index": int(i), "start": sp.start, "end": sp.end,
                        "text": sp.text, "category": sp.category, "cue": sp.cue,
                        "in_quote": bool(q), "sentence": sentence,
                        **({"quantity": sp.quantity} if isinstance(sp, Hedge) else {})})
    return out


def hedge_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every hedge of every usable article: one row with article_id, outlet, sentence_index,
    start, end, text, category, cue, in_quote, sentence and quantity (approximators), in
    corpus and text order, so a notebook can list the sentences behind any number."""
    return pd.DataFrame(_span_rows(corpus, find_hedges), columns=[*_SPAN_COLUMNS, "quantity"])


def booster_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every booster of every usable article, with the same columns as :func:`hedge_table`
    (``category`` is ``certainty`` or ``superlative``; no quantity)."""
    return pd.DataFrame(_span_rows(corpus, find_boosters), columns=_SPAN_COLUMNS)


def hedge_sentence_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """:func:`sentence_hedges` for every usable article, with article_id and outlet first:
    the unit table that sentence-level bootstraps resample (clustered by article)."""
    from .corpus import usable

    parts, ids, outlets = [], [], []
    for row in usable(corpus).itertuples(index=False):
        cols = _sentence_columns(Doc(row.body))
        parts.append(cols)
        n = len(cols["sentence_index"])
        ids.extend([row.article_id] * n)
        outlets.extend([getattr(row, "outlet", None)] * n)
    empty = _sentence_columns(Doc(""))
    merged = {k: np.concatenate([p[k] for p in parts]) if parts else v for k, v in empty.items()}
    return pd.DataFrame({"article_id": pd.Series(ids, dtype=object),
                         "outlet": pd.Series(outlets, dtype=object), **merged})


# --------------------------------------------------------------------------- outlets
#: Outlet-level measures over :func:`hedge_sentence_table`: name -> (numerator columns,
#: denominator columns or None for a mean of the numerator, scale). Columns are summed.
OUTLET_MEASURES: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None, float]] = {
    "hedges per 100 words": (("hedges",), ("words",), 100.0),
    "uncertain sentence share": (("uncertain",), None, 1.0),
    "narrator hedges per 100 narrator words": (("hedges", "-hedges_quoted"),
                                               ("words", "-words_quoted"), 100.0),
    "quoted hedges per 100 quoted words": (("hedges_quoted",), ("words_quoted",), 100.0),
    "boosters per 100 words": (("boosters",), ("words",), 100.0),
    "hedges per booster": (("hedges",), ("boosters",), 1.0),
    **{f"{cat} per 100 words": ((f"hedge_{cat}",), ("words",), 100.0)
       for cat in HEDGE_CATEGORIES},
}


def _combine(table: pd.DataFrame, cols: tuple[str, ...]) -> np.ndarray:
    """Sum of columns; a leading "-" subtracts the column."""
    out = np.zeros(len(table))
    for col in cols:
        values = table[col.lstrip("-")].to_numpy(float)
        out = out - values if col.startswith("-") else out + values
    return out


def outlet_hedging(sentences: pd.DataFrame, measures: dict | None = None, *,
                   n_boot: int = 2000, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Per outlet and measure: the pooled estimate with a percentile bootstrap interval.

    ``sentences`` is :func:`hedge_sentence_table`. Rates are ratios of sums over the
    outlet's sentences (hedges / words x 100); the interval resamples whole articles
    (:func:`analysis.stats.bootstrap_ci` with ``groups=article_id``), or sentences when the
    outlet has a single article (``resampled="sentences"``: then the interval only says how
    stable the number is within that article). Long format, outlets and measures sorted.
    """
    from .stats import bootstrap_ci, ratio

    measures = OUTLET_MEASURES if measures is None else measures
    rows = []
    for outlet, part in sorted(sentences.groupby("outlet", sort=False, dropna=False),
                               key=lambda t: str(t[0])):
        groups = part["article_id"].to_numpy()
        n_articles = len(pd.unique(groups))
        for name, (num, den, scale) in sorted(measures.items()):
            values = _combine(part, num) if den is None else np.c_[_combine(part, num),
                                                                  _combine(part, den)]
            ci = bootstrap_ci(values, stat=np.mean if den is None else ratio, n_boot=n_boot,
                              seed=seed, level=level,
                              groups=groups if n_articles > 1 else None)
            rows.append({"outlet": outlet, "measure": name, "estimate": scale * ci.estimate,
                         "low": scale * ci.low, "high": scale * ci.high,
                         "n_articles": n_articles, "n_sentences": len(part),
                         "resampled": "articles" if n_articles > 1 else "sentences"})
    cols = ["outlet", "measure", "estimate", "low", "high", "n_articles", "n_sentences",
            "resampled"]
    return pd.DataFrame(rows, columns=cols)
