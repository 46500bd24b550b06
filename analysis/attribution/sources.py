"""Stage 3, sources: the noun phrase that says something, found around a cue.

Before the cue (the subject, skipping auxiliaries, adverbs, dates, appositives and relative
clauses), after it (inversion after a quotation, "according to X", passive "by X"), or the
subject of the clause a participle hangs on.

Example: "Kremlin spokesman Dmitry Peskov said on Monday that the talks had stalled." ->
source ``Kremlin spokesman Dmitry Peskov`` (0, 31) for the cue ``said`` (32, 36).
"""
from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from .lexicon import (
    _ABBR,
    _CLAUSE_END,
    _CUES,
    _DATE_WORDS,
    _DETERMINERS,
    _INSERT_PREP,
    _INSERTS,
    _INVERTIBLE_CLASSES,
    _PATIENT_PARTICIPLES,
    _POSSESSIVES,
    _NOUNABLE,
    _NOUNISH_ING,
    _NUMBER_WORDS,
    _PRONOUNS,
    _QUANTIFIERS,
    _REL,
    _SOURCES,
    _STOP,
    _VERBS,
)
from .source_types import source_kinds
from .tokens import (
    _LY_NOUNS,
    SentenceTokens,
    TextState,
    skip_adverbs_and_dates,
    token_span,
)

_ARTICLE_BEFORE_QUANTIFIER = _POSSESSIVES | {"the", "these", "those"}
_NP_LINKS = frozenset("of for from in at with to on around across within".split())
_NP_SOURCE_KINDS = frozenset({"anonymous", "document", "role"})


def takes_group_modifier(t: SentenceTokens, k: int, initial: bool = False) -> bool:
    """A noun that takes a place/group modifier: "supporters in Congress", "data from"
    (``initial``: the noun opens the sentence, so a capital letter says nothing)."""
    low = t.lows[k]
    if k > 0 and t.lows[k - 1] == "who":
        return False                     # "who resides on the 7th floor": a verb
    if "organization_head" in _SOURCES.get(t.words[k], ()):
        return True                      # "Cumberland High School in Rhode Island"
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


#: Words that define an unnamed insider by access, before the link word: "familiar with",
#: "close to", "knowledge of", "briefed on", "knowledgeable about", "privy to", "involved in".
_ACCESS = frozenset("familiar close knowledge briefed knowledgeable privy involved".split())
_ACCESS_LINKS = frozenset("with to of on about in".split())
_ACCESS_FILLERS = frozenset("""with direct firsthand first-hand detailed intimate who was were
    is are had have has been""".split())
#: The people an access phrase can describe.
INSIDERS = frozenset("""people person persons source sources official officials insider
    those others
    insiders aide aides individual individuals someone diplomat diplomats adviser advisers
    advisor advisors member members employee employees staffer staffers lawmaker lawmakers
    executive executives""".split())


def insider_head(t: SentenceTokens, k: int) -> int:
    """Index of the people noun of an access phrase whose link word is token ``k`` ("people
    familiar with", "a source close to", "two officials with direct knowledge of", "a person
    who was briefed on"), or -1."""
    lw = t.lows
    if k < 1 or lw[k] not in _ACCESS_LINKS or lw[k - 1] not in _ACCESS:
        return -1
    m = k - 2
    while m >= 0 and k - m < 8 and lw[m] in _ACCESS_FILLERS:
        m -= 1
    return m if m >= 0 and lw[m] in INSIDERS else -1


def access_phrase_head(t: SentenceTokens, i: int) -> int:
    """Index of the people noun when the tokens up to ``i`` end an access phrase ("those
    close to him", "sources familiar with it", "two people briefed on the talks"), or -1."""
    w, lw = t.words, t.lows
    if i < 1 or _ACCESS.isdisjoint(lw[max(i - 6, 0):i]):
        return -1                        # the common case, decided at C speed
    for k in range(i, max(i - 6, 0), -1):
        if not w[k][0].isalnum():
            return -1
        if lw[k] in _ACCESS_LINKS and lw[k - 1] in _ACCESS:
            return insider_head(t, k)
    return -1


def noun_phrase_start(t: SentenceTokens, i: int, limit: int = 10) -> int:
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
                w[k - 1] in _ABBR or (len(w[k - 1]) == 1 and w[k - 1][0].isupper()) or (
                    k < i and t.starts[k + 1] == t.starts[k] + 1
                    and t.starts[k] == t.starts[k - 1] + len(w[k - 1])))):
            k -= 1                       # "Mr.", "U.S.", "DailyMail.com"
            continue
        if not word[0].isalnum():
            break
        if low == "other" and k >= 2 and lw[k - 1] == "and" and w[k - 2][0].isalpha():
            if lw[k - 2] in ("he", "she", "we", "they", "i"):
                return k - 2             # "he and other White House officials"
            if lw[k - 2] not in _STOP:
                k -= 2                   # "Maine's governor and other officials"
                continue
        if low in _DETERMINERS:
            if k > 0 and k < i and lw[k - 1] in _ARTICLE_BEFORE_QUANTIFIER and (
                    low == "other" or low in _QUANTIFIERS):
                return k - 1             # "The other mode", "the many critics", "the two men"
            m = insider_head(t, k - 1) if k >= 3 and lw[k - 2] in _ACCESS else -1
            if m >= 0:                   # "people familiar with the matter"
                k, limit = m, limit + 4
                continue
            if k >= 2 and lw[k - 1] in _NP_LINKS and w[k - 2][0].isalnum() and (
                    lw[k - 1] in ("of", "for") or takes_group_modifier(t, k - 2, k - 2 == 0)) \
                    and lw[k - 2] not in _STOP and lw[k - 2] not in _VERB_FORMS \
                    and lw[k - 2] not in _DETERMINERS:
                k -= 2
                continue
            return k
        cap = word[0].isupper()
        if cap and low in _DATE_WORDS and k < i and not word.isupper():
            break                        # "last May", not "USA TODAY’s investigation"
        if low in _DATE_WORDS and 0 < k < i and lw[k - 1] in ("last", "this", "next", "earlier") \
                and w[k + 1] not in ("’s", "'s"):
            break                        # "Last week President Obama said"
        m = insider_head(t, k) if k >= 2 and k < i and low in _ACCESS_LINKS \
            and lw[k - 1] in _ACCESS else -1
        if m >= 0:                       # "sources close to Trump"
            k, limit = m, limit + 4
            continue
        if low in _NP_LINKS and 0 < k < i and takes_group_modifier(t, k - 1, k - 1 == 0):
            k -= 1
            continue
        if low == "by" and 0 < k < i and "document" in _SOURCES.get(lw[k - 1], ()):
            k -= 1                       # "An early analysis by scientists observed"
            continue
        if low in ("of", "for", "and", "&"):
            if k + 1 > i or k <= 0 or not w[k - 1][0].isalnum() or lw[k - 1] in _STOP:
                break
            if low == "and" and not (w[k + 1][0].isupper() and w[k - 1][0].isupper()) and not (
                    lw[k + 1] == "other" and (lw[k - 1] in ("he", "she") or (
                        w[k - 1][0].isalpha() and lw[k - 1] not in _STOP))):
                break                    # "Maine's governor and other officials"
            k -= 1
            continue
        if (low in _STOP and not (cap and k > 0 and word != "I")) or (
                (low in _VERB_FORMS or low in _VERBS) and not cap):
            break
        if not cap and low.endswith(("ed", "ing")) and low not in _NOUNISH_ING and not (
                k > 0 and k < i and lw[k - 1] in _ARTICLE_BEFORE_QUANTIFIER):
            break                        # "the decorated Army soldier": an adjective
        k -= 1
    start = k + 1
    while start <= i and lw[start] in ("of", "for", "and", "&", "’s", "'s", "."):
        start += 1
    if start == i and lw[i] in _HEADLESS:
        return i + 1                     # a lone "a"/"the" has no head noun
    return start


def noun_phrase_end(t: SentenceTokens, j: int, limit: int = 10) -> int:
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
        if not word[0].isalnum() or (low in _STOP and word != "US") or low in _VERBS or (
                low in _CUES and not cap):
            break                        # "US President Donald Trump": "US" is no pronoun
        if not cap and k > j and low.endswith(("ed", "ing")) and low not in _NOUNISH_ING:
            break
        if low in _DETERMINERS and k > j:
            break
        k += 1
    while k > j and lw[k - 1] in ("of", "for", "and", ",", "&", "the", "a", "an"):
        k -= 1
    m = k + 1 if k > j and k + 1 < n and lw[k] in _ACCESS else k
    if k > j and m + 1 < n and lw[m] in _ACCESS_LINKS and insider_head(t, m) >= 0:
        e = noun_phrase_end(t, m + 1, limit)         # "two people familiar with the matter"
        if e <= m + 1:                               # "... with the planning": to the clause end
            e = m + 1
            while e < n and e - m <= 6 and w[e] not in _CLAUSE_END and lw[e] not in _STOP:
                e += 1
            while e > m + 1 and lw[e - 1] in ("the", "a", "an"):
                e -= 1
        return e if e > m + 1 else k
    if k > j and k + 1 < n and w[k] == "," and "role" in source_kinds(lw[k - 1]) \
            and w[k + 1][0].isupper() and lw[k + 1] not in _STOP:
        m = k + 1
        while m < n and m - k < 5 and (w[m][0].isupper() or (
                w[m] == "." and (len(w[m - 1]) == 1 or w[m - 1] in _ABBR))):
            m += 1
        if m >= n or w[m] in _CLAUSE_END:
            return m
    return k


def skip_parenthetical(t: SentenceTokens, i: int) -> int:
    """Skip a parenthetical ending at token ``i`` ("Sen. David Perdue (R-Ga.) said")."""
    w = t.words
    if i >= 0 and w[i] == ")":
        k = i - 1
        while k >= 0 and i - k < 12 and w[k] != "(":
            k -= 1
        if k >= 0 and w[k] == "(":
            return k - 1
    return i


def subject_with_appositive(t: SentenceTokens, i: int) -> tuple[int, int] | None:
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
        head_end = skip_parenthetical(t, j - 1)
        head_start = noun_phrase_start(t, head_end)
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
    # "X, Y, said": the minimal noun phrase is the name, X ("Adam Jentleson, a spokesman
    # for Reid, told") or Y ("Washington state's top election official, Kim Wyman, said");
    # with no name in either, X ("One plaintiff, a physical therapy business, says").
    if w[head_end][0].isupper() and lw[head_end] not in _STOP:
        return (head_start, head_end + 1)
    if name_run_end(t, c + 1) == i:
        return (c + 1, i)
    return (head_start, head_end + 1)


def subject_before_cue(t: SentenceTokens, i: int,
                       back: int | None = None) -> tuple[int, int] | None:
    """Token range [a, b) of the subject ending at or before token ``i`` (the token just left
    of the cue), or None. Handles "X, the role, said", "X, who ..., said", "X (R-Ga.) said".
    ``back``: ``skip_adverbs_and_dates(t, i)`` when already known."""
    w, lw = t.words, t.lows
    first = i
    i = skip_parenthetical(t, skip_adverbs_and_dates(t, i) if back is None else back)
    if i >= 2 and w[i] == "," and lw[i - 1] in _INSERTS and w[i - 2] == ",":
        i = skip_adverbs_and_dates(t, i - 3)
    if i < 0 or (i < first and (lw[i] in _STOP or not w[i][0].isalnum())
                 and lw[first] in _QUANTIFIERS):
        return (first, first + 1) if first >= 0 and lw[first] in _QUANTIFIERS else None
    m = access_phrase_head(t, i)
    if m >= 0:                           # "Those close to him say", "people familiar with it"
        a = noun_phrase_start(t, m)
        return (a if a <= m else m, i + 1)
    if lw[i] in _PRONOUNS:
        return (i, i + 1)
    if lw[i] == "whom" and i >= 2 and lw[i - 1] == "of" and (
            lw[i - 2] in _QUANTIFIERS or lw[i - 2] in _NUMBER_WORDS or lw[i - 2] == "one"):
        return (i - 2, i + 1)            # "many of whom say", "most of whom had announced"
    if w[i] in _APPOSITIVE_ENDS:
        return (subject_with_appositive(t, i) if w[i] == "," else None) or \
            sentence_subject_before_insert(t, i)
    a = noun_phrase_start(t, i)
    low = lw[i]
    if a > i and low.endswith("ed") and not w[i][0].isupper() and i > 0:
        b = noun_phrase_start(t, i - 1)       # "A GAO report released last year found"
        if b <= i - 1 and not _SOURCES.get(lw[i - 1], frozenset()).isdisjoint(
                _NP_SOURCE_KINDS):
            end = first + 1 if first > i and all(
                lw[k] in _DATE_WORDS or lw[k] in ("last", "this", "on", "in")
                for k in range(i + 1, first + 1)) else i + 1
            return (b, end)             # "A Gallup poll released Tuesday found"
        if i >= 2 and lw[i - 1] in _SUBJECT_PRONOUNS:
            b = noun_phrase_start(t, i - 2)   # "the economists we interviewed said"
            if b <= i - 2 and lw[i - 2] not in _PRONOUNS:
                return (b, i + 1)
    surname = i > a and w[i][0].isupper() and w[i - 1][0].isupper() \
        and lw[i - 1] not in _DATE_WORDS           # "Theresa May", not "last May"
    if a > i or (low in _DATE_WORDS and not surname) or adjective_head(t, a, i):
        return None
    if a >= 4 and lw[a - 1] == "to" and lw[a - 3] == "from" and w[a - 2][0].isupper():
        b = noun_phrase_start(t, a - 4)
        if b <= a - 4 and lw[a - 4] not in _PRONOUNS:
            a = b                        # "Governments from Havana to Buenos Aires have"
    if a >= 3 and ((lw[a - 1] in ("in", "on", "at") and lw[a - 2] in _PATIENT_PARTICIPLES) or (
            lw[a - 1] == "by" and lw[a - 2].endswith("ed") and w[a - 2].islower())):
        b = noun_phrase_start(t, a - 3)
        if b <= a - 3 and lw[a - 3] not in _PRONOUNS:
            # "Several analysts cited in the report said", "Documents obtained by the AP show"
            return (b, i + 1)
    return (a, i + 1)


#: Endings of nouns for people ("lawyer", "activist", "historian"), which may stand as a title
#: before a name; other nouns before a name are the object of a reduced relative.
_PERSON_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "ee",
                   "ive", "ess", "ar", "ic", "ate", "ief", "ain")


_ARTICLES = frozenset("a an the this that".split())


def name_after_object_noun(t: SentenceTokens, a: int, b: int) -> int:
    """Start of the source when the phrase ``a:b`` is an object noun then a name ("a claim
    Putin has dismissed" -> "Putin", "an agreement Trump wants" -> "Trump"): a determiner,
    lower-case nouns that name no speaker, then the capitalised name. Otherwise ``a``."""
    w, lw = t.words, t.lows
    if b - a < 3 or lw[a] not in _ARTICLES:
        return a                         # "his wife Michelle": a relation, kept whole
    k = b
    while k > a and (w[k - 1][0].isupper() or (w[k - 1] == "." and k - 1 > a)):
        k -= 1                           # the trailing name
    if k == b or k <= a + 1 or not w[k - 1].islower():
        return a
    nouns = lw[a + 1:k]
    if any(not w[x].isalpha() or not w[x].islower() or lw[x] in _STOP or lw[x] in _DETERMINERS
           or lw[x] in ("of", "and", "or") for x in range(a + 1, k)):
        return a                         # "the Central and East European Coalition"
    if any(not x.isalpha() or _SOURCES.get(x, frozenset()) - {"document"}
           or (x.endswith(_PERSON_ENDINGS) and not x.endswith("ment")) for x in nouns):
        return a                         # "his predecessor George W. Bush", "the lawyer X"
    return k


_APPOSITIVE_ENDS = frozenset((",", "--", "—", "–"))


def sentence_subject_before_insert(t: SentenceTokens, i: int) -> tuple[int, int] | None:
    """The noun phrase opening the sentence when a long insert between commas or dashes
    separates it from the cue (token ``i`` closes the insert): "Donna Rawlings, 59, of
    Ashton, Md., who watched the ceremony, said"; "Kall -- co-editor of a book on the
    debates -- said". The phrase must start with a capital or a determiner and be followed
    by a comma, a dash or a parenthesis, with no sentence-level punctuation up to ``i``."""
    w, lw = t.words, t.lows
    j = 0
    while j < i and w[j] in ("“", '"', "‘", "'"):
        j += 1
    if j >= i or lw[j] in _STOP or not (w[j][0].isupper() or lw[j] in _DETERMINERS):
        return None
    e = noun_phrase_end(t, j)
    if not (j < e < i and w[e] in ("(", *_APPOSITIVE_ENDS)) or i - e > 45 or any(
            w[k] in (";", ":", ".", "?", "!") and not (k > 0 and w[k - 1] in _ABBR) and not (
                k > 0 and len(w[k - 1]) <= 3 and w[k - 1][0].isupper()) for k in range(e, i)):
        return None
    for k in range(e, i):                # "X, Y, was reunited ..., said his attorney": a clause
        if lw[k] in _REL or lw[k] == "that":
            break
        if lw[k] in _FINITE_AUX:
            return None
    return (j, e)


_FINITE_AUX = frozenset("is was were are am has have had will would can could".split())


#: Endings of adjectives that cannot head a noun phrase that speaks ("an apocalyptic").
_ADJECTIVE_ENDINGS = ("ic", "ous", "ive", "ful", "less", "able", "ible", "ical")


def adjective_head(t: SentenceTokens, a: int, i: int) -> bool:
    """A phrase whose last word is an adjective, so no one who can speak: "An apocalyptic
    warned", "the unthinkable happened" (a lower-case word with an adjective ending that the
    source lexicon does not know: "critics", "Republicans" and "the Democratic" pass)."""
    low = t.lows[i]
    if i > a and "-" in low and low[0].isdigit() and not low.endswith(("-old", "-olds")):
        return True                      # "a 50-page sworn affidavit", not "the 70-year-old"
    return i > a and not t.words[i][0].isupper() and low.endswith(_ADJECTIVE_ENDINGS) \
        and not low.endswith("s") and low not in _SOURCES and low not in _NOUNS_LIKE_ADJECTIVES


#: People nouns with an adjective ending.
_NOUNS_LIKE_ADJECTIVES = frozenset("""skeptic sceptic critic cleric medic mechanic public
    fanatic heretic cynic mystic comic academic executive detective representative relative
    native captive operative conservative progressive""".split())

_OPENERS = (_STOP - (_PRONOUNS - {"that"})) | {"at", "in", "after"}   # not "He left ..., saying"
_SUBJECT_PRONOUNS = _PRONOUNS - {"that", "which", "who", "it"}


def clause_subject(t: SentenceTokens, upto: int) -> tuple[int, int] | None:
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
    j = after_dateline(t, j, upto)
    if j >= upto:
        return None
    if lw[j] in _SUBJECT_PRONOUNS:
        return (j, j + 1)
    if lw[j] in ("last", "this", "next", "earlier") and j + 1 < upto and \
            lw[j + 1] in _DATE_WORDS:
        j += 2                           # "Last year a group of children sued ..., claiming"
        if j < upto and w[j] == ",":
            j += 1
        if j >= upto:
            return None
    end = noun_phrase_end(t, j)
    if end - j >= 2 and w[end - 1].islower() and w[end - 2][0].isupper() and end < upto and (
            lw[end] in _OBJECT_OPENERS):
        end -= 1                         # "U.S. President Barack Obama put the government"
    while end - j >= 2 and w[end - 1].islower() and lw[end - 1].endswith("ly") and \
            len(lw[end - 1]) > 4 and lw[end - 1] not in _LY_NOUNS:
        end -= 1                         # "Trump repeatedly equated ..., saying"
    if end > j and (w[j][0].isupper() or lw[j] in _DETERMINERS):
        return (j, end)
    return None


#: Words that open an object right after a verb ("put the government", "threw it back").
_OBJECT_OPENERS = frozenset("""the a an his her their its this these those him them it us
    me""".split())


def after_dateline(t: SentenceTokens, j: int, upto: int) -> int:
    """The token after a wire dateline opening the sentence at ``j`` ("Helsinki, Finland
    (CNN)", "WASHINGTON (Reuters) -"): capitalised place words and commas, then a news
    outlet in parentheses, then an optional dash; ``j`` when there is none."""
    w = t.words
    k = j
    while k < upto and k - j < 6 and (w[k][0].isupper() or w[k] in (",", ".")):
        k += 1
    if k > j and k + 1 < upto and w[k] in _DASHES and w[j].isupper() and len(w[j]) > 2 and \
            all(x.isupper() or not x[0].isalpha() for x in w[j:k]):
        return k + 1                     # "WASHINGTON – President Trump ..."
    if k == j or k + 2 >= upto or w[k] != "(" or "media" not in source_kinds(w[k + 1]):
        return j                         # not "Sen. Al Franken (D-MN)" or "the ACLU (ACLU)"
    close = next((m for m in range(k + 2, min(k + 6, upto)) if w[m] == ")"), None)
    if close is None:
        return j
    close += 1
    return close + 1 if close < upto and w[close] in _DASHES else close


_DASHES = frozenset(("-", "—", "–", "--"))


_INVERTED_OPENERS = _DETERMINERS | {"he", "she"}


def source_after_cue(t: SentenceTokens, ti: int, te: int, form: str,
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
    end = noun_phrase_end(t, te)
    ends = end >= n or w[end] in _CLAUSE_END or t.lows[end] in _AFTER_INVERTED_SOURCE
    if not ends:                 # 'said Leslie Wimes, a South Florida-based ...': the name
        comma = next((k for k in range(te + 1, end) if w[k] == ","), None)
        end, ends = (comma, True) if comma is not None else (end, ends)
    low = t.lows[te] if te < n else ""
    if end > te and ends and (w[te][0].isupper() or low in _INVERTED_OPENERS
                              or low in _SOURCES or w[end - 1][0].isupper()
                              ) and low not in _DATE_WORDS:
        return name_in_apposition(t, (te, end))
    return None


#: Words that may follow a source after an inverted cue: '..., said one former employee
#: who spoke to CNN', '..., said the spokesperson per CNN'.
_AFTER_INVERTED_SOURCE = frozenset("who which whose per according".split())


def name_run_end(t: SentenceTokens, j: int, limit: int = 6) -> int:
    """End (exclusive) of a run of capitalised words (a name, "Abril Valdes", "R. Smith")
    starting at token ``j``; ``j`` when none starts there."""
    w = t.words
    k = j
    while k < len(w) and k - j < limit and (w[k][0].isupper() or (
            w[k] == "." and k > j and (len(w[k - 1]) == 1 or w[k - 1] in _ABBR))):
        if t.lows[k] in _STOP and w[k] != "I" and k == j:
            return j
        k += 1
    return k


def name_in_apposition(t: SentenceTokens, rng: tuple[int, int]) -> tuple[int, int]:
    """The minimal source of "role, Name," (GUIDELINES: the minimal full noun phrase of who
    says it): "his attorney, Abril Valdes, an immigrant-rights lawyer" -> "Abril Valdes";
    a source that already ends with a name is kept."""
    a, b = rng
    w = t.words
    if w[b - 1][0].isupper():
        c = next((k for k in range(b - 2, a, -1) if w[k] == ","), None)
        if c is not None and not w[c - 1][0].isupper() and name_run_end(t, c + 1) == b:
            return (c + 1, b)            # "his attorney, Abril Valdes" -> "Abril Valdes"
        return rng
    if b + 1 >= len(w) or w[b] != ",":
        return rng
    e = name_run_end(t, b + 1)
    if e > b + 1 and (e >= len(w) or w[e] in _CLAUSE_END):
        return (b + 1, e)
    return rng


def relative_antecedent(ctx: TextState, pos: int) -> tuple[int, int] | None:
    """The noun phrase a relative "who/which/that" at ``pos`` follows ("cities that")."""
    si = ctx.sentence(pos)
    if si < 0:
        return None
    t = ctx.toks(si)
    i = bisect_left(t.starts, pos) - 1
    if i >= 0 and t.words[i] == ",":
        i -= 1
    a = noun_phrase_start(t, i)
    return token_span(t, (a, i + 1)) if 0 <= a <= i else None
