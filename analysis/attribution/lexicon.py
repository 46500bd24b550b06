"""Lexicons and patterns of the attribution stages, loaded once from ``analysis/lexicons``.

Data, not rules: cue verbs (``attribution_cues.tsv``: form, lemma, class, strength), source
kinds (``attribution_sources.tsv``), contested-claim triggers (``attribution_contested.tsv``),
and the closed word classes the shallow parser reads (determiners, auxiliaries, date words).

Example: the cue lexicon maps the form "said" to ("say", "speech", "strong"); the source
lexicon maps "official" to {"anonymous", "official"}.
"""
from __future__ import annotations

import csv
import re
from types import MappingProxyType
from typing import TYPE_CHECKING

from .. import paths

if TYPE_CHECKING:
    pass

def read_tsv(name: str) -> list[list[str]]:
    """Rows of a lexicon TSV, skipping ``#`` comment lines and the header row."""
    with open(paths.LEXICON_DIR / name, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    return rows[1:]


def _load_cues() -> MappingProxyType:
    return MappingProxyType({r[0]: (r[1], r[2], r[3]) for r in read_tsv(
        "attribution_cues.tsv")})


def _load_sources() -> MappingProxyType:
    kinds: dict[str, set[str]] = {}
    for term, kind in read_tsv("attribution_sources.tsv"):
        kinds.setdefault(term, set()).add(kind)
    return MappingProxyType({k: frozenset(v) for k, v in kinds.items()})


_CUES = _load_cues()            # form -> (lemma, class, strength)
_SOURCES = _load_sources()      # term -> kinds


def trie_pattern(words: list[str], tails: dict[str, str] | None = None) -> str:
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


class Folded:
    """A case-insensitive pattern (written in lower case) that runs case-sensitively on the
    lower-cased text, several times faster than ``re.IGNORECASE``; it falls back to
    ``re.IGNORECASE`` on the original text when lower-casing changes the length (so the
    offsets would not match). That rare variant is compiled on first use."""

    __slots__ = ("cs", "pattern", "_ci")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.cs = re.compile(pattern)
        self._ci: re.Pattern[str] | None = None

    @property
    def ci(self) -> re.Pattern[str]:
        """The pattern with ``re.IGNORECASE``, for the original text."""
        if self._ci is None:
            self._ci = re.compile(self.pattern, re.IGNORECASE)
        return self._ci

    def finditer(self, text: str, low: str):
        """Matches in ``text`` (``low`` is ``text.lower()``); groups hold lower-case text."""
        return self.cs.finditer(low) if len(low) == len(text) else self.ci.finditer(text)


_CUE_RE = Folded(r"(?<![\w’'\-])(?:" + trie_pattern(sorted(_CUES)) + r")(?![\w\-]|[’']\w)")
# Tokens: initialisms ("U.S."), numbers ("3,000"), words with inner hyphens or apostrophes,
# a possessive "'s", "--", any other character. (Written so that each branch opens with a
# character test and plain words skip the hyphen/apostrophe loops: same tokens, faster.)
_TOKEN = re.compile(r"[A-Za-z]\.[A-Za-z]\.(?:[A-Za-z]\.)*|\d\d*(?:[.,/]\d+)+"
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
    r"[ \t\u00a0]*(―|—|--)[ \t\u00a0]*([A-Z][\w.’'\-]*(?:[ \t\u00a0]+[A-Z][\w.’'\-]*){0,4})"
    r"(?![\w.’'\-])(?![ \t\u00a0]+(?:said|says|told|tells|added|adds|wrote|writes|may|might|"
    r"will|would|could|can|has|have|had|is|was|are|were)\b)")   # not '” — Trump said ...'
_DASH_NAME = (re.compile("”" + _DASH_NAME_REST), re.compile('"' + _DASH_NAME_REST))
_NOMINALS = ("statement|statements|remarks|comments|claim|claims|assertion|assertions|"
             "allegation|allegations|accusation|accusations|warning|warnings|announcement|"
             "testimony|admission|denial|decision|determination|plan|plans|proposal|"
             "proposals|promise|promises|pledge|vow|view|views|position|argument|belief|"
             "hope|hopes|fear|fears|bet|theory|call|calls|demand|demands|threat|threats|"
             "insistence|suggestion|assessment|prediction|intention|refusal|criticism|"
             "message|concern|concerns|assurance|acknowledgment|acknowledgement|contention|"
             "emphasis|pronouncement|pronouncements|explanation|assurances")
# Scanned from the (rare) noun; the possessive before it, and the name before "'s", are
# then matched backwards in a short window.
_NOMINAL_RE = re.compile(r"(?<![\w\-])(?:" + trie_pattern(_NOMINALS.split("|")) + r")(?![\w\-])")
_POSSESSIVE_BEFORE = re.compile(
    r"(?:(?<![\w’'])([Hh]is|[Hh]er|[Tt]heir|[Ii]ts)|(?<=\w)([’']s))[ \t]+(?:[a-z][a-z\-]+[ \t]+)?$")
# What follows a possessive nominal cue that reports content: "his claims of being ...",
# "Zelensky's statement that ...", "her remarks: “...”".
_NOMINAL_CONTENT = re.compile(r"[ \t]*(?:[:“\"‘—]|(?:that|about|of|on how|on why)\b|to[ \t]+"
                              r"(?!(?:the|a|an|his|her|their|its|our|this|that)\b|[A-Z0-9]))")
# ("to" opens content as an infinitive, "refusal to answer", not as a place or a listener:
# "admission to NATO", "his call to the Ukrainian president")
_IN_BEFORE = re.compile(r"\b[Ii]n[ \t]+$")        # "In his statement, ..."
_NAME_BEFORE = re.compile(r"(?<![\w’'])[A-Z][\w.\-]*(?:[ \t]+[A-Z][\w.\-]*){0,3}$")
# A determiner phrase or names with a common head before "'s": "The company's statement",
# "Tulsa police's earlier claim", "the Obama administration's plan".
_PHRASE_BEFORE = re.compile(r"(?<![\w’'])(?:(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat)[ \t]+"
                            r"(?:[\w\-]+[ \t]+){0,3}|(?:[A-Z][\w.\-]*[ \t]+){1,3})[a-z][\w\-]*$")

# Nominal cues by their complement: "claims that ...", "allegations of ...", "questions
# about ...", "criticism from ..." (the noun names an attributed statement or belief).
_NOMINAL_THAT = ("claim|claims|allegation|allegations|accusation|accusations|charge|charges|"
                 "warning|warnings|report|reports|estimate|estimates|worry|worries|fear|fears|"
                 "concern|concerns|belief|beliefs|assertion|assertions|suggestion|suggestions|"
                 "argument|arguments|message|rhetoric|speculation|assessment|doubt|doubts|"
                 "insistence|assurance|assurances|promise|promises|prediction|predictions|"
                 "admission|acknowledgment|acknowledgement|complaint|complaints|notion|"
                 "criticism|statement|statements|announcement|pledge|vow|threat|threats|demand|"
                 "demands|recommendation|conclusion|finding|findings|contention|declaration|"
                 "testimony|hope|hopes|expectation|"
                 "expectations")
_NOMINAL_PREP = ("claims|allegations|accusations|questions|criticism|warnings|reports|"
                 "comments|rhetoric|complaints|condemnation|denunciation|praise|calls")
_NOMINAL_COMP_RE = Folded(
    r"(?<![\w’'\-])(?:(" + trie_pattern(_NOMINAL_THAT.split("|")) + r")[ \t]+that|("
    + trie_pattern(_NOMINAL_PREP.split("|")) +
    r")[ \t]+(?:of|about|from|for|against|over))(?![\w\-])")
# "in" before a poll or survey: "In the latest Reuters/Ipsos poll, Trump ...".
_POLL_WORD = Folded(r"(?<![\w\-])(?:poll|polls|survey|surveys)(?![\w\-])")
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
    CLARIFICATION CORRECTION EDITOR UPDATED File Contributing Contributors Reporting Editing
    Soundbite""".split())
_SKIP = frozenset("""also then later again previously recently publicly privately repeatedly
    now often has have had 's ’s is was were are am be been being will would could should may
    might must can did does do not n't never already first once further separately quickly
    immediately frequently long still even just initially originally subsequently earlier
    today yesterday tonight openly explicitly clearly flatly strongly angrily reportedly
    allegedly apparently last this week once ever since only jointly too both all each
    himself herself themselves itself always usually generally largely widely almost nearly
    virtually practically""".split()) | {
    a + n + "t" for a in ("didn", "doesn", "don", "isn", "wasn", "aren", "weren", "hasn",
                          "haven", "hadn", "couldn", "wouldn", "shouldn", "can", "won",
                          "mustn") for n in ("'", "’")} | {"cannot"}
#: Possessive determiners ("his statement", "their claims").
_POSSESSIVES = frozenset("his her their its our my your".split())
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
#: The other parts of spelled-out numbers ("twenty-seven", "one hundred").
_NUMBER_TENS = frozenset("""one eleven twelve thirteen fourteen fifteen sixteen seventeen
    eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand
    million billion""".split())
#: Participles whose object is the person quoted: after a noun and before "in" they are a
#: reduced passive ("the voter quoted in the piece"), not that noun's statement.
_PATIENT_PARTICIPLES = frozenset("quoted cited interviewed mentioned named featured".split())
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
    tried tries moved moves helped helps started starts grew grows spent spends put puts
    held holds fell rose stood sat paid pays bought buys felt feels requires required
    involves come""".split())
# Cue lemmas that are also common nouns ("reports", "plans", "claims", "documents"): their
# bare and -s forms need a subject that opens with a name, a determiner or a pronoun.
_NOUNABLE = frozenset("""report claim plan call show document estimate fear hope question
    demand promise pledge support tweet post comment note state rule find wish aim counter
    object protest doubt quote request answer reply vow forecast joke praise welcome blame
    brief press push signal mock echo defend record view attack challenge offer
    reference charge link back voice term brand favor guarantee guess talk champion
    advocate detail""".split())
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
    complaining tweeting chanting asking touting lambasting bemoaning lamenting mocking
    slamming blasting hailing welcoming condemning denouncing rejecting repeating reiterating
    conceding boasting bragging joking quipping replying yelling shouting recounting
    highlighting underscoring endorsing attacking questioning railing reciting painting
    portraying retweeting exhorting""".split())


_COUNT_NUMBERS = frozenset("""two three four five six seven eight nine ten eleven twelve twenty
    thirty forty fifty hundred hundreds thousand thousands million millions dozens
    scores""".split())


def load_contested() -> tuple[Folded, Folded, str]:
    """The count and other contested-claim patterns, and what follows a count's number."""
    rows = read_tsv("attribution_contested.tsv")
    nouns = [p for k, p in rows if k == "count_noun"]
    phrases = {p: k for k, p in rows if k != "count_noun"}
    number = r"(?:\d[\d,.]*|" + trie_pattern(sorted(_COUNT_NUMBERS)) + ")"
    noun = r"(?:[ \t\u00a0]+[\w\-]+){0,3}?[ \t\u00a0]+(?:" + trie_pattern(nouns) + r")\b"
    count = Folded(r"(?<![\w.,])" + number + noun)
    other = Folded(r"(?<![\w\-])(?:" + trie_pattern(sorted(phrases)) + r")(?![\w\-])")
    return count, other, noun


_CONTESTED_COUNT, _CONTESTED_OTHER, _COUNT_NOUN = load_contested()
_CONTESTED_KIND = MappingProxyType({p: k for k, p in read_tsv("attribution_contested.tsv")})
_PARAGRAPH = re.compile(r"\n[ \t\u00a0]*\n")
