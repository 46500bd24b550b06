"""Stage 4, source types: what kind of source a span names (GUIDELINES' scheme: person,
role, pronoun, government, organization, media, document, anonymous) and which earlier
source a pronoun refers to.

Example: "A senior administration official" -> ``anonymous`` (an unnamed person with a role
many share); "the defense secretary" -> ``role`` (a unique office); "Defense Secretary
Lloyd Austin" -> ``person``; "People familiar with the matter" -> ``anonymous``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from .lexicon import _DATE_WORDS, _NUMBER_WORDS, _PRONOUNS, _SOURCES, _STOP, _TOKEN


@lru_cache(maxsize=1 << 16)
def source_kinds(term: str) -> frozenset[str]:
    """Source kinds of a term as written or lower-cased (memoised: names recur)."""
    return _SOURCES.get(term, frozenset()) | _SOURCES.get(term.lower(), frozenset())


_CUT = frozenset("from in at with of on for by , ( who which that whose".split())


#: Group nouns before an organisation's name: "the watchdog group Public Citizen".
_GROUP_NOUNS = frozenset("""group organization organisation company firm charity
    nonprofit think-tank tank association coalition union""".split())
#: Staff nouns that make an outlet's people a body of that outlet: "Fox anchors".
_MEDIA_STAFF = frozenset("""anchors reporters journalists correspondents editors hosts
    columnists commentators staffers""".split())


def head_phrase(words: list[str]) -> list[str]:
    """The words up to the first preposition, comma or relative pronoun (the head NP),
    without a trailing participle or date ("A Gallup poll released Tuesday" -> "A Gallup
    poll")."""
    out: list[str] = []
    for w in words:
        if out and w.lower() in _CUT:
            break
        out.append(w)
    while len(out) > 1 and (out[-1].lower() in _DATE_WORDS or out[-1].lower() in (
            "last", "this", "next", "earlier") or (
            out[-1].islower() and out[-1].endswith("ed") and len(out[-1]) > 4) or (
            out[-1].islower() and out[-1].endswith("ly") and len(out[-1]) > 4
            and out[-2].lower() not in ("the", "a", "an"))):
        out.pop()         # "Footage newly uncovered by ...", not "The early months"
    return out


def ends_with_kind(hp: list[str], kind: str) -> bool:
    """Whether the head phrase ends with a (1-3 word) term of this kind."""
    for n in (3, 2, 1):
        if len(hp) >= n and kind in source_kinds(" ".join(hp[-n:])):
            return True
    return False


def all_governments(words: list[str]) -> bool:
    """"South Korea, Ukraine and the US": every conjunct is a country or capital."""
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", " ".join(words))
    parts = [re.sub(r"^(?:the|The)\s+", "", p).strip() for p in parts if p.strip()]
    return bool(parts) and all("government" in source_kinds(p) for p in parts)


_PLACE = frozenset({"government", "demonym"})
#: Words that make an agency an international body (an organisation, not a government).
_INTERNATIONAL = frozenset("""International international World Atomic Intergovernmental
    intergovernmental UN U.N.""".split())
_REPORT_HEADS = frozenset({"report", "reports", "reporting", "accounts"})
_MEDIA_WORDS = frozenset({"media", "news", "press", "local", "published"})
#: Determiners of an unnamed member of a group: "a", "one", "two", "another", "some".
_INDEFINITE = frozenset("""a an one two three four five six seven eight nine ten another
    some several many other multiple few more every each any""".split())
#: Capitalised heads that name a document ("Battleground Tracking Poll").
_NAMED_DOCUMENTS = frozenset("poll survey study report index".split())
#: Who an unnamed insider is: "people familiar with the matter", "sources close to the
#: negotiations", "a person briefed on the talks", "two people with knowledge of".
_INSIDER = re.compile(
    r"\b(?:people|persons?|sources?|officials?|insiders?|aides?|individuals?|someone|those|others|"
    r"diplomats?|advisers?|advisors?|members?|employees?|staffers?)\b(?:\s+\w+){0,2}?\s+(?:"
    r"familiar\s+with|close\s+to|(?:with|have|had|has)\s+(?:direct\s+|firsthand\s+|"
    r"first-hand\s+|detailed\s+)?knowledge\s+of|briefed\s+(?:on|about)|knowledgeable\s+"
    r"(?:about|of)|privy\s+to|(?:who\s+(?:was|were|is|are|had\s+been)\s+)?(?:briefed|"
    r"involved)\s+(?:on|in|about))\b", re.IGNORECASE)


def unnamed_insider(source: str) -> bool:
    """An unnamed person or group defined by access: "People familiar with the matter",
    "A source close to the West Wing", "a person briefed on the talks"; the people-noun
    comes first, so "Tom Perez, close to the talks" is not one."""
    m = _INSIDER.search(source)
    return m is not None and not any(
        w[0].isupper() and w.lower() not in _INDEFINITE and w.lower() not in ("the", "people")
        and "shared_role" not in source_kinds(w.lower()) and w.lower() not in ("sources",
                                                                              "source")
        for w in _TOKEN.findall(source[:m.start()]) if w[0].isalpha())


def shared_role(hp: list[str]) -> bool:
    """An unnamed person described by a role that many people share (the guidelines'
    anonymous source): "a senior administration official", "an aide", "a GOP aide", "two
    U.S. officials", "The official" (referring back to an unnamed one); a unique office
    ("the defense secretary", "the Kremlin spokesman", "his attorney") is a role."""
    first, low = hp[0].lower(), hp[-1].lower()
    if first in _INDEFINITE or first[0].isdigit():
        return True
    if "shared_role" not in source_kinds(low):
        return False
    if first not in ("the", "this", "that"):
        return len(hp) > 1 and first not in ("his", "her", "their", "its", "our", "my") \
            and not hp[0].endswith(("'s", "’s")) and not any(w[0].isupper() for w in hp)
    return not any(w[0].isupper() for w in hp[1:])


@lru_cache(maxsize=1 << 16)
def source_type(source: str) -> str:
    """Classify a source span: person | role | pronoun | government | organization | media |
    document | anonymous.

    Rules, in order: a web address by its domain; a lone pronoun; media by name or head
    ("Yonhap", "the newspaper"); government when the phrase is a country/capital/seat of
    power or a list of them ("Kiev", "the Kremlin", "South Korea, Ukraine and the US") or
    headed by "government", "ministry", "agency" or "... Intelligence Service" (an
    international agency is an organisation); organization by head ("the watchdog group
    Public Citizen", "NATO"); a role noun
    head without a name ("the US defence secretary"); anonymous generic heads ("officials",
    "a single intelligence source", "Reports from ..."); documents ("a decree", "the poll");
    a capitalised head that is not a demonym is a person. Unknown lower-case heads are
    anonymous (unnamed people and groups).
    """
    words = [w for w in _TOKEN.findall(source or "") if w[0].isalnum() or w in (",", "(")]
    if not words:
        return "anonymous"
    domain = _DOMAIN.search(source)
    if domain is not None:                    # "DailyMail.com", "HealthCare.gov"
        return _DOMAIN_KINDS[domain.group(1).lower()]
    if unnamed_insider(source):
        return "anonymous"                    # "people familiar with the matter"
    if len(words) == 1 and words[0] != "WHO" and re.sub(
            r"[’'](?:m|re|s|ll|ve|d)$", "", words[0].lower()) in (
            _PRONOUNS | {"his", "her", "their", "its", "our", "my", "your"}):
        return "pronoun"                      # "he", "I’m" (a contraction the tokens keep)
    hp = [w for w in head_phrase(words) if w not in (",", "(")]
    if all(w.lower() in _NUMBER_WORDS or w.lower() in _GROUP_WORDS or w[0].isdigit()
           for w in hp):
        return "anonymous"                    # "Five insisted ...", "Those who favor ..."
    if len(hp) >= 2 and hp[-1][0].isdigit() and "document" in source_kinds(hp[-2].lower()):
        return "document"                     # "Article 4", "Resolution 2231"
    head = hp[-1]
    low = head.lower()
    if ends_with_kind(hp, "media") or (low in ("agency", "agencies", "service") and "news" in
                                     [w.lower() for w in hp]) or "media_head" in source_kinds(head):
        return "media"
    if low in _MEDIA_STAFF and len(hp) >= 2 and (ends_with_kind(hp[:-1], "media") or any(
            "media" in source_kinds(w) or w == "Fox" for w in hp[:-1] if w[0].isupper())):
        return "media"                        # "Fox anchors", "CNN reporters" as a body
    if ends_with_kind(hp, "government") and not ends_with_kind(hp, "organization_head"):
        if len(hp) >= 2 and hp[-2].isalpha() and hp[-2][0].isupper() and not hp[-2].isupper() \
                and not head.isupper() and hp[-2].lower() not in _NOT_FIRST_NAMES \
                and not source_kinds(hp[-2]) and not source_kinds(" ".join(hp[-2:])) \
                and source_kinds(head) == {"government"}:
            return "person"                   # "Lisa Monaco", "Jim Jordan": a surname
        return "government"
    if all_governments(words) or "government_head" in source_kinds(head):
        if any(w in _INTERNATIONAL for w in hp):
            return "organization"             # "the International Energy Agency"
        return "government"
    if "organization_head" in source_kinds(head) or ends_with_kind(hp, "organization"):
        return "organization"
    if low in ("republicans", "democrats") and hp[0] in ("Senate", "House", "Congressional"):
        return "organization"                 # "Senate Republicans": a party caucus
    if low == "authorities":                  # "Ukrainian authorities", not "authorities"
        return "government" if any(source_kinds(w) & _PLACE for w in hp[:-1]) else "anonymous"
    if low in _REPORT_HEADS and any(w.lower() in _MEDIA_WORDS for w in hp[:-1]):
        return "media"                        # "media reports", "news reports"
    if len(hp) == 2 and hp[0].lower() == "the" and "demonym" in source_kinds(head) \
            and low not in ("americans",):
        return "government"                   # "The British announced": a country as a body
    name = len(hp)
    while name > 0 and hp[name - 1][0].isupper():
        name -= 1                             # the trailing run of capitalised words
    before = hp[name - 1] if 0 < name < len(hp) else ""
    if before.islower() and ("media_head" in source_kinds(before) or before in _GROUP_NOUNS):
        # "the newspaper Reforma", "the watchdog group Public Citizen"
        return "media" if "media_head" in source_kinds(before) else "organization"
    if head[0].isupper() and hp[0].lower() == "the" and "role" in source_kinds(low) \
            and not shared_role([low]):
        return "role"                         # "the President", "the Special Counsel"
    if head.islower() and "document" in source_kinds(low):
        return "document"                     # "a Franklin and Marshall poll"
    if "and" in hp and hp.index("and") > 0 and not all_governments(words):
        return source_type(" ".join(hp[:hp.index("and")]))   # the first of a coordination
    if "role" in source_kinds(low) and not head[0].isupper():
        if _POSSESSED.search(source):
            return "role"                     # "the former vice president's son": his only
        return "anonymous" if shared_role(hp) else "role"
    if "anonymous" in source_kinds(low):
        return "anonymous"
    if "document" in source_kinds(low) and (head.islower() or len(hp) == 1
                                            or low in _NAMED_DOCUMENTS):
        return "document"
    if head[0].isupper() and "demonym" not in source_kinds(head):
        if len(hp) >= 2 and _ROMAN.fullmatch(head) and hp[-2][0].isupper():
            return "person"                   # "Pope Benedict XVI", "King Charles III"
        return "organization" if head.isupper() and 1 < len(head) < 5 else "person"
    if head[0].islower() and head.isalpha() and any(c.isupper() for c in head[1:]) and \
            len(hp) == 1:
        return "person"                       # "diGenova", "deBlasio": a surname
    if "role" in source_kinds(low):
        return "role"
    return "anonymous"


#: Capitalised words before a country that make no first name ("The FBI", "New Mexico",
#: "When Kiev said"): function words and compass points.
_NOT_FIRST_NAMES = _STOP | frozenset("""new north south east west northern southern eastern
    western central upper lower greater old the a an this that these those""".split())
_ROMAN = re.compile(r"[IVX]{1,5}")
_POSSESSED = re.compile(r"\w[’']s\b")
#: Words that stand for an unnamed group or member: "One of the lawmakers", "Those who".
_GROUP_WORDS = frozenset("""one those these some many most others all both few several
    each""".split())
#: A web address as the whole source: its top-level domain tells the kind of body.
_DOMAIN = re.compile(r"^\s*(?:the\s+)?[A-Za-z][\w\-]*\.(com|net|org|gov|co\.uk)\s*$",
                     re.IGNORECASE)
_DOMAIN_KINDS = {"com": "media", "net": "media", "co.uk": "media", "org": "organization",
                 "gov": "government"}
_PERSONAL = frozenset({"he", "she", "his", "her", "him"})
_COLLECTIVE = frozenset({"they", "them", "their"})
_NEUTER = frozenset({"it", "its"})


def earlier_source_for_pronoun(kind: str, pron: str,
                               history: list[tuple[str, str]]) -> tuple[str, str] | None:
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
