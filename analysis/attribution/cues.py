"""Stage 2, cues: which lexicon matches are attribution cues, with their source.

A verb counts in verb position with a source, in an agentive or content-bearing passive,
coordinated, or as a catenative complement; layout cues ("Name: ...", '"..." — Name', a
colon before a quotation) and nominal cues ("his claims that") are added, and each token
goes to one attribution (:func:`one_attribution_per_token`).

Example: "The attack was clearly intended to scare voters, officials said." -> one cue,
``said`` (59, 63) with the source ``officials`` (49, 58); "intended" has no source and
reports no speech, so it is not a cue.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from .lexicon import (
    _AMBIGUOUS_BEFORE,
    _ASKED_NEXT,
    _BE,
    _CLAUSE_END,
    _COLON_QUOTE,
    _COMPLEMENT_OPENERS,
    _CUES,
    _DASH_NAME,
    _PATIENT_PARTICIPLES,
    _POSSESSIVES,
    _DATE_WORDS,
    _DETERMINERS,
    _IN_BEFORE,
    _IN_POLL_RE,
    _INVERTIBLE_CLASSES,
    _LABELS,
    _LINE_COLON,
    _LINE_COLON_FIRST,
    _MODALS,
    _NAME_BEFORE,
    _PHRASE_BEFORE,
    _NOMINAL_CONTENT,
    _NOUN_BEFORE_TO,
    _NOUNABLE,
    _NUMBER_TENS,
    _NUMBER_WORDS,
    _OBJECTS,
    _PARTICIPLE_OK,
    _POSSESSIVE_BEFORE,
    _PRONOUNS,
    _QUANTIFIERS,
    _QUANTITY,
    _STOP,
    _WH,
    _WORD_BEFORE,
)
from .source_types import source_kinds
from .sources import (
    access_phrase_head,
    name_after_object_noun,
    _ACCESS,
    _ACCESS_FILLERS,
    _ACCESS_LINKS,
    _SUBJECT_PRONOUNS,
    _NP_LINKS,
    _VERB_FORMS,
    INSIDERS,
    clause_subject,
    name_run_end,
    noun_phrase_end,
    noun_phrase_start,
    source_after_cue,
    subject_before_cue,
)
from .tokens import (
    _LY_NOUNS,
    CueCandidate,
    SentenceTokens,
    TextState,
    skip_adverbs_and_dates,
    token_span,
)


@lru_cache(maxsize=1 << 12)
def cue_entry(matched: str) -> tuple[str, str, str, str] | None:
    """(form, lemma, class, strength) of a matched cue text, or None when it is no cue form
    (whitespace inside a multi-word cue normalised to one space)."""
    form = " ".join(matched.lower().split())
    lemma, cls, strength = _CUES.get(form, ("", "", ""))
    return (form, lemma, cls, strength) if lemma else None


def verb_cue(ctx: TextState, start: int, end: int, si: int, matched: str,
              prior: list[CueCandidate]) -> CueCandidate | None:
    """Decide whether a lexicon match (``matched`` at ``start:end`` in sentence ``si``) is a
    cue and find its source: "according to X"; participles; a capitalised form
    mid-sentence (a name) or a verb after a determiner or preposition is no cue; the rest
    goes to :func:`finite_verb_cue`."""
    entry = cue_entry(matched)
    if entry is None or si < 0:
        return None
    form, lemma, cls, _ = entry
    if lemma in _NOT_SPEECH:
        return None
    lo = ctx.starts[si]
    before = _DETERMINER_BEFORE.search(ctx.text, max(lo, start - 12), start)
    if before is not None:
        if before.lastindex is None:
            if not (form.endswith("ing") or lemma == "according to"):
                return None  # "the report", "a plan": the rule below, without tokenising
        elif lemma != "according to" and not form.split(" ", 1)[0].endswith("ing") and \
                not _catenative_may_precede(ctx.text, lo, before.start()):
            return None      # "to say", "to support": the same rule, for "to" alone
    t = ctx._toks[si] or ctx.toks(si)
    w, lw = t.words, t.lows
    ti = bisect_left(t.starts, start)
    te = bisect_left(t.starts, end, ti)
    n = len(w)
    if ti >= n or t.starts[ti] != start:
        return None
    p = ti - 1 if ti > 0 else None          # the token before the cue
    if p is not None and lw[p] in ("let", "lets", "letting"):
        return None                      # "Let states take the lead": the object of "let"
    if form == "told" and p is not None and lw[p] == "all" and te < n and w[te] == "," and (
            p == 0 or not w[p - 1][0].isalnum()):
        return None                      # "All told, taxpayers spend ...": in total
    if p is not None and w[p][0].isalnum() and (
            (w[ti][0].isupper() and not ctx.title_case(si)) or (
                not w[p][0].isupper() and lw[p].endswith("ed") and lw[p] not in _CUES
                and form != "according to" and form not in _VERB_FORMS)):
        return None                      # "the leaked report"; "experts I interviewed said" stays
    cue = (start, end)
    if lemma in _DEPICTING and "as" not in lw[te:te + 8]:
        return None                      # "painted the house", not "painted Romney as ..."
    if te < n and lw[te] in _NOT_A_STATEMENT.get(lemma, ()):
        return None                      # "known as Chaz", "superPACs opposed to"
    if lemma == "claim" and te < n and (w[te][0].isdigit() or lw[te] in _CLAIMED_THINGS or (
            lw[te] in ("the", "a", "an", "its", "their", "his", "her") and te + 1 < n
            and lw[te + 1] in _CLAIMED_THINGS)):
        return None                      # "the fire claimed 46 lives", "claimed the title"
    if lemma == "post" and any(x in _RESULTS for x in lw[te:te + 4]):
        return None                      # "The company posted a loss", "posted record gains"
    if form == "referring to" and ti == 0:
        return None                      # "Referring to the date, he said": one statement
    if p is not None and ti >= 2 and lw[p].endswith("ly") and lw[ti - 2] in _DETERMINERS \
            and lw[p] not in _LY_NOUNS:
        return None                      # "the newly disclosed messages": an adjective
    if form in _ACCESS and te < n and lw[te] in ("on", "about", "in") and p is not None \
            and lw[p] in INSIDERS:
        return None                      # "a person briefed on the talks": a noun phrase
    if lemma == "according to":
        k = noun_phrase_end(t, te)
        if te < k < n and lw[k] in _REPORT_NOUNS:
            k += 1                 # "according to media reports"
        if te < k < n and lw[k - 1] in INSIDERS:
            m = k                  # "according to a person with knowledge of the matter"
            while m < n and m - k < 6 and not (lw[m] in _ACCESS_LINKS and lw[m - 1] in _ACCESS):
                if lw[m] not in _ACCESS_FILLERS and lw[m] not in _ACCESS:
                    m = n
                    break
                m += 1
            if m + 1 < n and m - k < 6:
                k = max(noun_phrase_end(t, m + 1), m + 1)
        if k <= te or (k == te + 1 and w[te] == "US" and k < n and w[k].isalpha()
                       and w[k].islower()):
            # "according to show insiders", "according to US tracking website Gun Violence
            # Archive": up to the clause end
            k = te
            while k < n and k - te < 8 and w[k] not in _CLAUSE_END:
                k += 1
        return CueCandidate(cue, cls, token_span(t, (te, k)), si) if k > te else None
    cat = catenative_verb(t, ti) if ti > 1 and lw[ti - 1] in ("to", "by") else None
    if cat is not None:     # "went on to discuss", "continues to insist", "started off by"
        if lw[cat].endswith("ing"):
            return participle_cue(ctx, si, t, cat, cue, cls, "saying", prior)
        if lemma in _SHAPED_LEMMAS and not complement_fits(t, te, form, lemma):
            return None                  # "they'll need to find a bit over $500"
        left = subject_before_cue(t, cat - 1)
        return CueCandidate(cue, cls, token_span(t, left), si) if left is not None else None
    if lemma == "point" and p is not None and lw[p] in ("percentage", "basis"):
        return None                      # "by 0.1 percentage points to 4.2 percent"
    if lemma == "highlight" and p is not None and lw[p] == "story":
        return None                      # "Story highlights": a page label
    if p is not None and lw[p] in _QUANTIFIERS and ti >= 2 and lw[ti - 2] in _AMBIGUOUS_BEFORE \
            and lemma in _NOUNABLE and form not in _VERB_FORMS:
        return None                      # "one of the many states that refused": a noun
    if form.split(" ", 1)[0].endswith("ing"):
        if lemma == "speak" and not complement_fits(t, te, form, lemma):
            return None                  # "Trump, speaking to a veterans group, said": one
        if (lemma in _DOCUMENT_VERBS and not releases_a_message(t, te)) or (
                lemma == "add" and te < n and (w[te][0].isdigit() or lw[te] in _ADDED_AMOUNT
                                               or lw[te] in ("a", "an"))):
            return None                  # "sending him to cities", "adding a few communities"
        return participle_cue(ctx, si, t, ti, cue, cls, form, prior)
    if p is not None and w[p] in ("’s", "'s") and ti > 1 and lw[ti - 2] in _CONTRACTED:
        p = ti - 2                           # "he’s called for", "who’s promoted" (has/is)
    if p is not None and form.endswith("ed") and lw[p] in _DETERMINERS and te < n \
            and lw[te] in _PARTICIPLE_PREPS:
        return None                      # "Seven reported in the past two weeks killed ..."
    if p is not None and form in _PATIENT_PARTICIPLES and te < n and lw[te] in (
            "in", "on", "at", "during") and w[p][0].isalpha() and lw[p] not in _STOP and not (
                p > 0 and lw[p - 1] in ("which", "that", "whom", "who")):
        return None                      # "The next Iowan quoted in the piece", not "which
        #                                  Schiff cited during the debate"
    if p is not None and (lw[p][0].isdigit() or lw[p] in _NUMBER_WORDS) and (
            (lemma in _NOUNABLE and form not in _VERB_FORMS) or (
                form.endswith("ed") and te < n and w[te].isalpha() and w[te].islower()
                and lw[te] not in _STOP and lw[te] not in _DETERMINERS
                and lw[te] not in _POSSESSIVES and not any(
                    lw[k] in _DATE_WORDS or lw[k] in ("on", "in", "since", "by")
                    for k in range(max(0, p - 3), p)))):
        return None                      # "judges in 27 states", "12 reported incidents"
    if p is not None and lw[p] in _REFLEXIVES and p > 0 and lw[p - 1] in _MAKE_KEEP and \
            form.endswith(("ed", "wn", "lt")):
        return None                      # "reality will make itself felt", "made himself known"
    if p is not None and lemma in _NOUNABLE and form not in _VERB_FORMS and ti >= 2 and (
            te >= n or lw[te] in _AFTER_A_NOUN):
        k = next((k for k in range(ti - 1, max(ti - 4, -1), -1) if lw[k] in ("a", "an")), -1)
        if k >= 0 and all(w[m].isalpha() and w[m].islower() and not source_kinds(lw[m])
                          for m in range(k + 1, ti)):
            return None                  # "a few pinky promises": an article before a noun
    if p is not None and form.endswith("ed") and te < n and (lw[te] in _TIME_AFTER or (
            lw[te] in ("this", "last") and te + 1 < n and lw[te + 1] in _DATE_WORDS)) and \
            w[p].isalpha() and w[p].islower() and lw[p].endswith("s") and \
            not source_kinds(lw[p]) and lw[p] not in _STOP:
        return None                      # "The number of new tests reported each day has"
    if p is not None and (lw[p] in _AMBIGUOUS_BEFORE or (
            lemma in _NOUNABLE and form not in _VERB_FORMS and lw[p] in _DETERMINERS and not (
                lw[p] in _QUANTIFIERS and te < n and lw[te] in _COMPLEMENT_OPENERS))):
        return None
    return finite_verb_cue(ctx, si, t, ti, te, p, cue, entry, prior)


#: A determiner or possessive just before a lexicon match (a subset of _AMBIGUOUS_BEFORE
#: without "to", "’s" and "'s", which other rules read first): the match is a noun. Or
#: (group 1) the token "to" just before it: with no catenative verb before "to" ("went on
#: to discuss"), no "according to" and no participle, :func:`verb_cue` rejects the match
#: at its last rule (``lw[p] in _AMBIGUOUS_BEFORE``) after rules that only reject, so that
#: is decided before tokenising too ("plans to support", "refused to say"). "&" joins
#: words into one token, so it may not stand before "to".
_DETERMINER_BEFORE = re.compile(
    r"(?<![\w’'\-])(?:" + "|".join(sorted(_AMBIGUOUS_BEFORE - {"to", "’s", "'s"})) + r")[ \t]+$"
    r"|(?<![\w’'\-&])([Tt][Oo])[ \t]+$",
    re.IGNORECASE)


def _catenative_may_precede(text: str, lo: int, at: int) -> bool:
    """Whether the token before the "to" at ``at`` (sentence start ``lo``) may be a
    catenative verb, "on" or "off", or is not seen whole in the window read: then
    :func:`verb_cue` tokenises the sentence and decides by its rules."""
    a = max(lo, at - 30)
    head = text[a:at].rstrip()
    if (len(head) < 11 and a > lo) or not head:
        return True
    low = head.lower()
    if not low.endswith(_CATENATIVE_ENDS):
        return False
    if len(low) != len(head):
        return True
    # a letter before the ending belongs to the same token ("nation to"); a token may
    # start right after a number's last digit ("3.5going")
    return any(low.endswith(e) and (len(e) == len(low) or not head[-len(e) - 1].isalnum()
                                    or head[-len(e) - 1].isdecimal())
               for e in _CATENATIVE_ENDS)


#: What must follow an agentless passive cue for it to report content: "it was reported
#: that ...", 'was quoted as saying “...”'. Without it ("is expected to resign", "have been
#: announced", "was believed to be") no source says anything (GUIDELINES: not attributions).
_PASSIVE_CONTENT = frozenset("that : “ \" as".split())
#: Not speech (GUIDELINES): verbs of seeming ("appears to", "seems": the writer's hedges)
#: and of deciding or planning ("decided", "intended", "planned": acts, not statements).
_NOT_SPEECH = frozenset({"appear", "seem", "decide", "intend", "plan"})
#: Verbs that describe someone as something only with "as": "painted Romney as an
#: out-of-touch rich guy", "portrayed himself as a shrewd manipulator", "view the deal as"
#: (not "viewed by millions").
_DEPICTING = frozenset({"paint", "portray", "view"})
#: Words after a cue verb that make it a description, not a statement ("compared with": a
#: preposition, "earned $98,000, compared with $93,000").
_NOT_A_STATEMENT = MappingProxyType({"know": ("as",), "oppose": ("to",), "show": ("up",),
                                     "call": ("in", "into", "off", "up", "back", "out"),
                                     "compare": ("with", "to"), "link": ("to", "with")})
#: Stance verbs whose agentless passive still reports what was said: "was accused of using
#: $50 million", "have been criticized for being slow".
_CHARGING = frozenset("accuse criticize blame condemn fault".split())
#: Verbs whose passive names who holds the belief: "Officials are worried that ...", "we
#: are convinced this is ..." (the subject is the source, not an unnamed agent).
_EXPERIENCER = frozenset("worry concern convince".split())
_AGENT_OPENERS = _POSSESSIVES | {"the", "this", "these", "those"}
_MAKE_KEEP = frozenset("make makes made making get gets got getting keep keeps kept".split())
_REFLEXIVES = frozenset("itself himself herself themselves myself ourselves yourself".split())
#: Words after a reduced passive that date it ("tests reported each day").
_TIME_AFTER = frozenset("each every daily weekly since during over".split())
#: Words after a noun that no verb would take as its complement: "a few pinky promises to
#: youngsters" (a verb takes a clause or an object: "a business shows that ...").
_AFTER_A_NOUN = frozenset("to for of on about from in , . ; and or".split())
#: Words after "by" that measure a vote rather than name an agent ("rejected by a wide
#: margin", "approved by the votes of ...").
_BY_MARGIN = frozenset("margin margins vote votes majority percent points".split())
#: What a company or a team posts that is no message: results.
_RESULTS = frozenset("""loss losses profit profits gain gains deficit deficits surplus
    revenue revenues earnings growth decline declines increase increases drop drops rise
    rises record win wins victory""".split())
#: What is claimed when "claim" is no statement: a toll, a prize, a right or a deed.
_CLAIMED_THINGS = frozenset("""lives life title titles seat seats prize ownership gold silver
    bronze medal medals crown""".split())
#: Prepositions whose object is no speaker: "fired back over the testimony: “...”".
_OBJECT_PREPOSITIONS = frozenset("to with over about on at for in into against".split())
#: Words that open another clause inside a relative one ("who defended it because ...").
_CLAUSE_LINKS = frozenset("""because when while if although though as since after before than
    and but or whether""".split())
#: Words before a clause's own subject: "what many Republicans consider", "that supported".
_FREE_RELATIVES = frozenset("who what which that whom whose".split())
_CAUSATIVE_HAVE = frozenset("have has had having get gets got getting".split())
_BE_CONTRACTED = ("’re", "'re", "’m", "'m")
_PASSIVE_ENDINGS = ("ed", "en", "wn", "ld", "ht", "id", "te", "ne")


def finite_verb_cue(ctx: TextState, si: int, t: SentenceTokens, ti: int, te: int, p: int | None,
                cue: tuple[int, int], entry: tuple[str, str, str, str],
                prior: list[CueCandidate]) -> CueCandidate | None:
    """A finite cue verb (``cue`` spans tokens ``ti:te``, ``p`` is the token before it):
    passives ("was told by X", strong verbs without an agent), coordinated verbs ("and
    called for"), a subject before the cue checked for agreement and complement shape, else
    an inverted source."""
    form, lemma, cls, strength = entry
    lw = t.lows
    nxt = te if te < len(lw) else None
    j = skip_adverbs_and_dates(t, ti - 1)
    skipped = lw[max(j, 0):ti]               # auxiliaries and adverbs before the cue
    reduced = form.endswith("ed") and nxt is not None and lw[nxt] == "by" and (
        cls in _INVERTIBLE_CLASSES or (
            nxt + 1 < len(lw) and (t.words[nxt + 1][0].isupper() or lw[nxt + 1] in _AGENT_OPENERS)
            and not any(x in _BY_MARGIN for x in lw[nxt + 1:nxt + 4])))
    # "as predicted by Frank Rich", "quoted by Fox News", "a move rejected by Westminster"
    passive = form.endswith(_PASSIVE_ENDINGS) and (not _BE.isdisjoint(skipped) or (
        p is not None and lw[p].endswith(_BE_CONTRACTED)) or (
            j >= 0 and lw[j].endswith(_BE_CONTRACTED)))   # "We’re told", "they’re not charged"
    if reduced or passive:
        if lemma in _EXPERIENCER and not reduced and nxt is not None and (
                lw[nxt] == "that" or (lemma == "convince" and (
                    lw[nxt] in _PRONOUNS or lw[nxt] in _DETERMINERS))):
            left = subject_before_cue(t, ti - 1, j)   # "Officials are worried that ..."
            if left is not None:
                return CueCandidate(cue, cls, token_span(t, left), si)
        if lemma == "concern":
            return None                  # "as far as X is concerned": no statement
        if nxt is not None and lw[nxt] == "by":
            end = noun_phrase_end(t, te + 1)
            if end <= te + 1:
                return None
            return CueCandidate(cue, cls, token_span(t, (te + 1, end)), si)
        if nxt is not None and lw[nxt] == "as" and nxt + 1 < len(lw) and lw[nxt + 1] == "well":
            return None                  # "were admitted as well as 29 others"
        if nxt is not None and (lw[nxt] in _PASSIVE_CONTENT or (
                lemma in _CHARGING and lw[nxt] in ("of", "for")) or (
                lemma == "tell" and lw[nxt] in ("he", "she", "it", "they", "we", "i", "there"))):
            return CueCandidate(cue, cls, None, si)   # "it was reported that", "was accused of"
        return None
    if j >= 0 and lw[j] in ("and", "but", "yet", "or") and form.split()[0][-1] in "ds":
        if (form not in _VERB_FORMS or lemma in _SENSE_BY_COMPLEMENT) and not complement_fits(
                t, te, form, lemma):
            return None                  # "... and not add to budget deficits"
        if lemma == "call" and not call_is_speech(t, ti, te, p):
            return None
        return participle_cue(ctx, si, t, ti, cue, cls, "saying", prior,
                              nearest=True) or CueCandidate(
            cue, cls, None, si)      # "... and called for steep new tariffs"
    if lemma == "call" and not call_is_speech(t, ti, te, p):
        return None
    if lemma == "concern":
        return None                      # "The parties concerned met": only "are concerned that"
    if p is not None and lw[p] == "having":      # "Having said that, ..."
        return None
    left = subject_before_cue(t, ti - 1, j)
    if left is not None and j == ti - 1 and form.endswith(("en", "wn")) and any(
            lw[k] in _CAUSATIVE_HAVE and all(lw[m].isalpha() for m in range(k + 1, left[0]))
            for k in range(max(0, left[0] - 3), left[0])):
        return None                      # "have your closing argument written": an object
    if left is not None:                 # "a claim Putin has dismissed" -> "Putin"
        left = (name_after_object_noun(t, *left), left[1])
        between = lw[max(0, left[0] - 6):left[0]]
        if left[0] >= 2 and lw[left[0] - 1] not in _FREE_RELATIVES and (
                lw[left[0]] not in _FREE_RELATIVES) and "who" in between \
                and lw[left[0]] not in _PRONOUNS and _CLAUSE_LINKS.isdisjoint(
                    between[between.index("who"):]) \
                and not (lemma in _NOUNABLE and form not in _VERB_FORMS):
            head = subject_over_relative(t, left)
            if head is not None:         # "People who have the documents said": the people
                left = (head[0], left[1])
    if left is not None and cls == "cognition" and (te >= len(lw) or t.words[te] in ".!?;") \
            and not (left[0] > 0 and t.words[left[0] - 1] in (",", "”", '"')):
        return None                      # "a recovery most Americans are barely feeling."
    if left is not None and cls in ("cognition", "intention") and left[0] > 0 \
            and lw[left[0] - 1] in ("if", "unless"):
        return None                      # "If O'Rourke had wanted to ...": a hypothesis
    if left is not None:
        # a verb-only form other than the bare lemma agrees with any subject, and unless its
        # lemma wants a given complement any complement fits (both checks pass)
        verb_form = form in _VERB_FORMS
        if (not verb_form or form == lemma) and not subject_agrees(t, left, form, lemma,
                                                                  skipped):
            head = None if lemma in _NOUNABLE else (
                subject_over_modifiers(t, left) or subject_over_relative(t, left))
            if head is None or not subject_agrees(t, head, form, lemma, skipped):
                return None              # "Political observers in Virginia and around ... say"
            left = (head[0], left[1])
        if verb_form and lemma not in _SHAPED_LEMMAS:
            return CueCandidate(cue, cls, token_span(t, left), si)
        last = t.words[left[1] - 1]
        named = (last[0].isupper() and "demonym" not in source_kinds(last)) or (
            left[1] - left[0] == 1 and lw[left[0]] in ("he", "she", "it"))
        inverted = left[0] > 0 and t.words[left[0] - 1] in (",", "”", '"', "''")
        if not complement_fits(t, te, form, lemma, named=named,
                                inverted=inverted) and not ctx.title_case(si):
            return None
        return CueCandidate(cue, cls, token_span(t, left), si)
    right = source_after_cue(t, ti, te, form, cls)
    if right is not None:
        return CueCandidate(cue, cls, token_span(t, right), si)
    if form == "asked" and ti == 0 and nxt is not None and lw[nxt] in _ASKED_NEXT:
        return CueCandidate(cue, cls, None, si)        # "Asked about the device, O'Neill said ..."
    return None


_CATENATIVES = frozenset("""went go goes going gone continue continues continued continuing
    keep keeps kept keeping
    try tries tried trying need needs needed start starts started starting begin begins began
    stop stops stopped appear appears appeared seem seems seemed""".split())
_CONTRACTED = frozenset("he she it who that there what which".split())
#: What ends the text before "to" when the token there is a catenative verb or the
#: "on"/"off" of "went on to" (:func:`catenative_verb`, read by :func:`verb_cue`).
_CATENATIVE_ENDS = tuple(sorted(_CATENATIVES | {"on", "off"}))


def catenative_verb(t: SentenceTokens, ti: int) -> int | None:
    """Index of a verb that takes the cue as its complement ("went on to discuss",
    "continues to insist", "started off by emphasizing"), or None."""
    lw = t.lows
    if ti < 2 or lw[ti - 1] not in ("to", "by"):
        return None
    k = ti - 2
    if lw[k] in ("on", "off") and k > 0:
        k -= 1
    return k if lw[k] in _CATENATIVES else None


#: Nouns in -s that take a singular verb ("the news shows").
_SINGULAR_IN_S = frozenset("news politics series species economics physics ethics media".split())
_PLURAL_SUBJECTS = frozenset({"i", "you", "we", "they", "who", "which", "that", "people",
                              "police", "media", "staff", "public", "many", "some", "others",
                              "most", "all", "percent", "both", "few", "several", "data"})
_SUBJECT_OPENERS = _DETERMINERS | _PRONOUNS | _QUANTIFIERS


def subject_agrees(t: SentenceTokens, rng: tuple[int, int], form: str, lemma: str,
                  skipped: list[str]) -> bool:
    """Agreement checks that tell verbs from nouns: a bare form ("post", "plan") needs a
    plural or pronoun subject or an auxiliary; a noun-like lemma needs a subject that opens
    with a name, determiner or pronoun ("false identification documents" is a noun)."""
    w, lw = t.words, t.lows
    a, b = rng
    if lemma in _NOUNABLE and form in (lemma, lemma + "s", lemma + "es") and all(
            part.isdigit() or part in _NUMBER_WORDS or part in _NUMBER_TENS
            for k in range(a, b) for part in lw[k].replace(",", "").split("-")):
        return False                     # "Twenty-seven states led by", "18 states": a noun
    first_link = next((k for k in range(a + 1, b - 1) if lw[k] in _NP_LINKS), b)
    if lemma in _NOUNABLE and form in (lemma, lemma + "s", lemma + "es") and not (
            w[a][0].isupper() or lw[a] in _SUBJECT_OPENERS or w[a][0].isdigit()
            or not source_kinds(lw[b - 1]).isdisjoint(_SPEAKING_KINDS)
            or not source_kinds(lw[first_link - 1]).isdisjoint(_SPEAKING_KINDS)):
        return False      # "communications intercepts show that", "documents from X show"
    if lemma in _NOUNABLE and form in (lemma + "s", lemma + "es") and "and" not in lw[a:b]:
        links = [k for k in range(a + 1, b - 1) if lw[k] in _NP_LINKS]
        head = w[links[0] - 1] if links else w[b - 1]
        if head.islower() and head.endswith("s") and len(head) > 3 and not head.endswith(
                ("ss", "us", "is", "’s", "'s")) and head not in _SINGULAR_IN_S:
            return False                 # "Victims of the Paris terror attacks": a noun
    if form == lemma and _MODALS.isdisjoint(skipped):
        links = [k for k in range(a + 1, b - 1) if lw[k] in _NP_LINKS or (
            lw[k].endswith("ed") and lw[k + 1] in ("by", "in", "on", "at"))]
        low = lw[links[-1] - 1] if links else lw[b - 1]   # "Documents obtained by the AP"
        m = access_phrase_head(t, b - 1)
        if m >= a:
            low = lw[m]                  # "People close to the governor say"
        return (low.endswith("s") and len(low) > 3
                and not low.endswith(("ss", "’s", "'s", "ous", "is", "us"))) \
            or "and" in lw[a:b] or low in _QUANTITY or low in _NUMBER_WORDS \
            or low[0].isdigit() or low in _PLURAL_SUBJECTS or lw[a] in ("those", "these")
    return True


_PARTICIPLE_PREPS = frozenset("in by on at during over since from".split())
_MODIFIER_PREPS = frozenset("in at from around across of for with on outside inside".split())


def subject_over_modifiers(t: SentenceTokens, rng: tuple[int, int]) -> tuple[int, int] | None:
    """When the phrase before a cue is the object of a prepositional modifier ("Political
    observers in Virginia and around the country say", "leaked documents from his 1995 tax
    return show"), the head noun phrase those modifiers hang on: its token range, or None."""
    lw = t.lows
    k = rng[0] - 1
    steps = 0
    while k > 0 and steps < 4 and lw[k] in _MODIFIER_PREPS:
        if lw[k - 1] == "and" and k > 1:
            k -= 1                       # "in Virginia and around the country"
        a = noun_phrase_start(t, k - 1)
        if a > k - 1:
            return None
        if a == 0 or lw[a - 1] not in _MODIFIER_PREPS:
            return (a, k) if lw[a] not in _MODIFIER_PREPS else None
        k = a - 1
        steps += 1
    return None


def subject_over_relative(t: SentenceTokens, rng: tuple[int, int]) -> tuple[int, int] | None:
    """When the phrase before a cue ends a relative clause ("Sixty percent of those who
    support Obama say"), the noun phrase the clause hangs on, with its modifiers."""
    w, lw = t.words, t.lows
    for k in range(rng[0] - 1, max(rng[0] - 8, 0), -1):
        if not w[k][0].isalnum():
            return None
        if lw[k] == "who":
            a = noun_phrase_start(t, k - 1)
            for m in range(k - 2, a - 1, -1):   # "The figures show 24 percent of those who"
                if lw[m] in _CUES and (w[m + 1][0].isdigit() or lw[m + 1] in _DETERMINERS):
                    a = m + 1
                    break
            if a > k - 1:
                return None
            return subject_over_modifiers(t, (a, k)) or (a, k)
    return None


_CONVENE = frozenset("""meeting meetings session sessions election elections vote votes
    referendum summit conference strike strikes truce ceasefire halt timeout time-out recess
    hearing""".split())


def call_is_speech(t: SentenceTokens, ti: int, te: int, p: int | None) -> bool:
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
    if lw[te] in _DATE_WORDS and te + 1 < n and lw[te + 1] in ("for", "on"):
        return True                      # "called Sunday for full access"
    if not (w[te][0].isupper() and lw[ti] == "called" and p is not None):
        return True
    if w[p] == ",":                      # "The program, called EB-5, allows ..."
        k = te
        while k < n and (w[k][0].isupper() or w[k] in ("-", ".")):
            k += 1
        return not (k >= n or w[k] in (",", ".", ")", ";"))
    return w[p][0].isupper() or lw[p] in _PRONOUNS or not w[p][0].isalnum()


_NEXT_OPENERS = _COMPLEMENT_OPENERS | _DETERMINERS | _PRONOUNS | _OBJECTS


def complement_fits(t: SentenceTokens, te: int, form: str, lemma: str,
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
        return releases_a_message(t, te) and (
            te < 2 or not lw[te - 2].endswith("ly"))   # "newly released"
    if lemma in _CLAUSE_ONLY:                # "knows that ...", not "knows nothing"
        return clause_follows(t, te) or (inverted and (te >= n or w[te] in ".,;"))
    if lemma == "rate":                      # "PolitiFact rated 32% of claims as false"
        return "as" in lw[te:te + 8]
    if lemma == "find":                      # "found a way", "chemicals found in"
        return te < n and (lw[te] in ("that", ":", "“", '"', "no") or lw[te] in _PRONOUNS
                           or w[te][0].isupper() or w[te][0].isdigit())
    if lemma == "sing":                     # 'sang “It's Our Time”', not "sang at church"
        return te < n and (w[te] in _QUOTE_OPENERS or lw[te] == "praises" or (
            lw[te] in ("the", "his", "her", "their") and te + 1 < n and lw[te + 1] == "praises"))
    if lemma == "speak":                    # "spoke to reporters" has no content
        k = te + 1 if te < n and lw[te].endswith("ly") else te
        if k + 1 < n and lw[k] == "on" and any(low in _DATE_WORDS for low in lw[k + 1:k + 4]):
            return False                     # "spoke on the same day"
        return k < n and lw[k] in ("about", "of", "out", "on")
    if lemma in ("respond", "reply", "react"):   # "responded to the tweet, saying ..."
        return te < n and (lw[te] in ("that", ":", "“", '"') or (
            w[te] == "," and te + 1 < n and w[te + 1] in ("“", '"')))
    if lemma == "order":                     # "ordered that all schools be desegregated"
        return te < n and lw[te] == "that"
    if lemma == "float":                     # "floated the idea of", not "floated downstream"
        return any(low in _FLOATED for low in lw[te:te + 3])
    if lemma == "add":                       # "added 169,000 jobs", "add to the debt"
        return te < n and not (w[te][0].isdigit() or lw[te] in _ADDED_AMOUNT)
    if lemma == "say" and te < n:            # "said its final goodbye"
        k = te + 1 if lw[te] in _POSSESSIVES else te
        k = k + 1 if k < n and lw[k] in ("final", "last") else k
        if k < n and lw[k] in _SAID_RITUAL:
            return False
    if lemma == "learn":     # "learned again that ...", '..., Fox News has learned.', not
        for k in range(te, min(te + 8, n)):          # "learned from the experience"
            if lw[k] in ("that", ":") or lw[k] in _WH:
                return True
            if w[k] in (".", ",", ";", "!", "?"):
                break
        return inverted and (te >= n or w[te] in (".", ",", ";", "!", "?"))
    if lemma in ("seek", "aim", "intend", "vow", "pledge", "decline"):
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
#: Lemmas that report content only with a clause after them: "knows that ...", "maintains
#: he is innocent", not "knows the specifics", "maintains a program", "assumed office".
_CLAUSE_ONLY = frozenset("know demonstrate maintain assume".split())
#: Lemmas whose complement :func:`complement_fits` checks whatever the form.
_SHAPED_LEMMAS = _DOCUMENT_VERBS | _CLAUSE_ONLY | {
                                   "suspect", "rate", "find", "speak", "sing", "seek", "aim",
                                   "intend", "learn", "decline",
                                   "vow", "pledge", "continue", "appear", "seem", "respond",
                                   "reply", "react", "add", "say", "order", "float"}
#: Lemmas whose complement tells a speech sense from another one even after "and": "and
#: not add to budget deficits", "and sent troops".
_SENSE_BY_COMPLEMENT = _DOCUMENT_VERBS | {"add", "learn", "decline"}
_FLOATED = frozenset("idea ideas possibility proposal plan notion prospect option".split())
_SPEAKING_KINDS = frozenset({"document", "anonymous", "media", "shared_role"})
_ADDED_AMOUNT = frozenset("""to up $ £ € more another some about nearly over almost fuel
    additional extra levity""".split())
_SAID_RITUAL = frozenset("goodbye goodbyes farewell farewells hello grace prayer prayers "
                         "thanks".split())
_MESSAGES = frozenset("""statement statements letter letters ad ads advertisement video videos
    tweet tweets message messages memo report reports warning warnings ultimatum series flurry
    barrage stream string torrent volley plan proposal proposals recording transcript
    response rebuttal apology appeal call threat threats press""".split())


_CLAUSE_OPENERS = _WH | {"that", "which", ":", "“", '"'}
_FINITE = (_MODALS - {"to"}) | {"is", "are", "was", "were", "has", "have", "had"}


def clause_follows(t: SentenceTokens, te: int) -> bool:
    """Whether a clause follows the verb ending at token ``te``: "that", a question word or a
    quotation within a few words ("we know from his filings that", "would know exactly
    what"), or a subject and its verb ("I know your returns are audited")."""
    w, lw = t.words, t.lows
    for k in range(te, min(te + 10, len(w))):
        if lw[k] in _CLAUSE_OPENERS:
            return True
        if w[k] in (".", ",", ";", "!", "?", "(", ")"):
            return False
        if lw[k] in _FINITE and k > te:
            return True                  # "I know your tax returns are being audited"
    return False


def releases_a_message(t: SentenceTokens, te: int) -> bool:
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


#: Participles that always carry their own content ("..., saying ...", ", adding that").
_PARTICIPLE_CONTENT = frozenset("""saying adding noting arguing claiming insisting warning
    explaining writing declaring stating asserting suggesting stressing contending
    predicting acknowledging admitting alleging citing""".split())
_REPORT_NOUNS = frozenset("reports report estimates data documents statements sources "
                          "accounts".split())
_AUX_AFTER = ("’s", "'s", "’re", "'re")
_NOT_A_HEAD = _STOP | _DETERMINERS | _QUANTIFIERS
_CONTENT_OPENERS = _COMPLEMENT_OPENERS | _PRONOUNS | _OBJECTS | _WH
_PARTICIPLE_AFTER = frozenset((",", "by", "after", "before", "while", "for", "from", "and",
                               "in", "despite", "without", "since", "perhaps"))


def participle_cue(ctx: TextState, si: int, t: SentenceTokens, ti: int, cue: tuple[int, int],
                cls: str, form: str, prior: list[CueCandidate],
                nearest: bool = False) -> CueCandidate | None:
    """"..., saying ..." / "by saying": the source is the subject of the clause it modifies
    (the latest earlier cue of the sentence that is not inside another one's content, or
    with ``nearest`` the latest one: "... and informed them" goes with the verb before it);
    "is saying": an ordinary finite cue."""
    w, lw = t.words, t.lows
    n = len(w)
    nx = bisect_left(t.starts, cue[1], ti)   # the token after the cue ("calling for")
    j = skip_adverbs_and_dates(t, ti - 1)
    if any(lw[k] in _BE or lw[k] in _BE_NOT or (w[k] in _AUX_AFTER and lw[k - 1] in _CONTRACTED)
           for k in range(max(j + 1, 1), ti)):       # "is saying", "he’s saying", not "Caller’s"
        if cls == "cognition" and (nx >= n or w[nx] in ".!?;"):
            return None                  # "a recovery Americans are barely feeling."
        if form in _ADJECTIVE_ING and (nx >= n or w[nx] in ".!?;," or (
                lw[nx] in ("to", "for") and nx + 1 < n and (
                    lw[nx + 1] in _DETERMINERS or lw[nx + 1] in _POSSESSIVES
                    or lw[nx + 1] in _OBJECT_PRONOUNS))):
            return None                  # "Violence is politically threatening to both leaders"
        left = subject_before_cue(t, j)
        return CueCandidate(cue, cls, token_span(t, left), si) if left is not None else None
    p = j if j >= 0 else None       # the token before the cue, past adverbs ("..., even saying")
    if p is not None and w[p] in ("”", '"', "'", "’") and p > 0 and w[p - 1] == ",":
        p -= 1
    quoted = nx < n and (w[nx] in _QUOTE_OPENERS or (
        w[nx] in ",:" and nx + 1 < n and w[nx + 1] in _QUOTE_OPENERS))
    opens = quoted or (nx < n and w[nx][0].isalnum())
    if p is None and ti == 0 and opens and form in _PARTICIPLE_OK and form not in _MANNER:
        return opening_participle_cue(t, si, ti, cue, cls)   # "Citing ..., Trump accused"
    if p is not None and w[p] == "," and cls in ("speech", "stance") and \
            form not in _PARTICIPLE_OK and opens:
        form = "saying"          # ", encouraging his supporters ...", ", tweeting, “...”"
    if p is not None and p == ti - 1 and w[p][0].isalpha() and lw[p] not in _NOT_A_HEAD \
            and lw[p] not in _CATENATIVES and lw[p] not in _DATE_WORDS \
            and lw[p] not in _VERB_FORMS and not lw[p].endswith(("ing", "ed", "ly")) \
            and opens and lw[nx] not in ("by", "from") and (
                form in _PARTICIPLE_OK or " " in form or (
                    cls in ("speech", "stance", "report") and (
                        lw[nx] in _CONTENT_OPENERS or lw[p] in _MESSAGES))):
        # "a Trump tweet attacking ...", "footage of X saying", "footage of X asking, “...”"
        a = noun_phrase_start(t, ti - 1)
        for m in range(ti - 2, a - 1, -1):
            if lw[m] in _CUES and w[m].islower() and lw[m].endswith("s") and (
                    m == 0 or (lw[m - 1] not in _DETERMINERS and lw[m - 1] not in _BE)):
                a = m + 1                # "The video shows local anchors ... reciting"
                break
        return CueCandidate(cue, cls, token_span(t, (a, ti)), si) if a < ti else None
    if p is not None and p == ti - 1 and w[p][0].isalnum() and opens and cls != "layout":
        a = noun_phrase_start(t, ti - 1)
        if 0 < a < ti and lw[a - 1] == "with" and lw[ti - 1] not in _DETERMINERS and (
                form in _PARTICIPLE_OK or lw[nx] in _CONTENT_OPENERS
                or lw[nx] in _DETERMINERS or lw[nx] in _POSSESSIVES
                or w[nx][0].isupper()):
            return CueCandidate(cue, cls, token_span(t, (a, ti)), si)   # "with X saying ..."
    if form not in _PARTICIPLE_OK or p is None or lw[p] not in _PARTICIPLE_AFTER:
        return None
    same = [c for c in prior[-8:] if c.si == si and (
        c.src is None or t.starts[ti] - c.src[0] < _CLAUSE_REACH * 8)]   # within reach
    for k in range(len(same) - 1, -1, -1):
        c = same[k]
        if c.src is None or (k and not nearest and inside_earlier_content(ctx, c, same[:k])):
            continue                 # a cue inside an earlier cue's content is not the clause's
        if form not in _PARTICIPLE_CONTENT and not quoted and (
                nx >= n or lw[nx] not in _CONTENT_OPENERS):
            return None        # '..., the president said, blaming China': one statement
        return CueCandidate(cue, cls, c.src, si)
    # the subject of a clause that opened more than _CLAUSE_REACH words back is no one's
    # (a run of text with no sentence end, not a sentence)
    subj = clause_subject(t, ti) if ti < _CLAUSE_REACH else None
    return CueCandidate(cue, cls, token_span(t, subj), si) if subj is not None else None


_CLAUSE_REACH = 150
#: Participles that are also adjectives: after "is", with no clause, infinitive or object
#: of their own ("is threatening to both leaders", "the results are encouraging").
_ADJECTIVE_ING = frozenset("""threatening promising encouraging worrying alarming reassuring
    convincing disappointing surprising""".split())
_OBJECT_PRONOUNS = frozenset("me us him her them it you".split())
#: Participles of the manner or channel of a statement: opening a sentence ("Writing for
#: the Times, Barabak noted ...") they are the same statement as the clause's own cue.
_MANNER = frozenset("""writing adding replying responding speaking telling tweeting posting
    saying""".split())
_BE_NOT = frozenset(b + a + "t" for b in ("isn", "wasn", "aren", "weren") for a in ("'", "’"))
_QUOTE_OPENERS = frozenset('“ " ‘'.split())


def opening_participle_cue(t: SentenceTokens, si: int, ti: int, cue: tuple[int, int],
                           cls: str) -> CueCandidate | None:
    """A participle that opens the sentence: its source is the subject after the phrase it
    heads ("Citing an unfounded theory, Trump accused ...", "Lamenting their luck, Mexicans
    often say ..."); None when no comma closes the phrase within a few words."""
    w, lw = t.words, t.lows
    n = len(w)
    k = ti + 1
    while k < n and k - ti < 25 and w[k] not in (",", ";", ".", ":"):
        k += 1
    if k >= n or w[k] != ",":
        return None
    k += 1
    while k < n and w[k] in ("”", '"', "’", "'"):
        k += 1
    if k < n and lw[k] in _SUBJECT_PRONOUNS:
        return CueCandidate(cue, cls, token_span(t, (k, k + 1)), si)
    end = name_run_end(t, k) if w[k][0].isupper() else noun_phrase_end(t, k)
    if w[k][0].isupper() and end < n and lw[end] in ("of", "for"):
        end = noun_phrase_end(t, k)      # "Chairman of the committee"
    while end > k and lw[end - 1].endswith("ly") and lw[end - 1] not in _LY_NOUNS:
        end -= 1                         # "Trump repeatedly accused": the adverb is not his
    if end > k and (w[k][0].isupper() or lw[k] in _DETERMINERS) and lw[k] not in _STOP:
        return CueCandidate(cue, cls, token_span(t, (k, end)), si)
    return None


_LABELS_UPPER = frozenset(w.upper() for w in _LABELS) | {"PHOTOS", "CREDIT"}


def layout_cues(ctx: TextState) -> list[CueCandidate]:
    """Cues without a verb: "Name: words" at a line start (headlines, interview transcripts)
    and '"...” ― Name' (a dash before a name after a quotation)."""
    out: list[CueCandidate] = []
    text = ctx.text
    at_start = _LINE_COLON_FIRST.match(text)
    for m in ([at_start] if at_start else []) + list(_LINE_COLON.finditer(text)):
        name = m.group(1)
        words = name.split()
        first = words[0].rstrip(".")
        if first.upper() in _LABELS_UPPER or name.upper() in _LABELS_UPPER or len(name) < 2 or (
                "’s" in name or "'s" in name) or (
                len(words) > 3 or first in ("The", "A", "An", "This", "How", "Why", "What")):
            continue                 # "The Latest: ...", "Veto Power Impedes Peace Efforts: ..."
        si = ctx.sentence(m.start(2))
        if si >= 0:
            out.append(CueCandidate((m.start(2), m.end(2)), "layout", (m.start(1), m.end(1)), si))
    dashes = [m for pat in _DASH_NAME for m in pat.finditer(text)]
    for m in sorted(dashes, key=lambda m: m.start()):
        si = ctx.sentence(m.start(1))
        if si >= 0:
            out.append(CueCandidate((m.start(1), m.end(1)), "layout", (m.start(2), m.end(2)), si))
    for m in _COLON_QUOTE.finditer(text):
        w = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
        si = ctx.sentence(m.start())
        if si < 0 or w is None or w.group().lower() in _CUES or w.group().upper() in _LABELS_UPPER:
            continue                     # 'said: “...”' is the verb's; 'Opinion: “...”' a label
        t = ctx.toks(si)
        i = bisect_left(t.starts, m.start()) - 1
        if i < 0 or t.lows[i] in _CUES or not t.words[i][0].isalnum():
            continue                 # 'said: “...”' is the verb's; '...”: “...' no speaker
        j = skip_adverbs_and_dates(t, i)
        a = noun_phrase_start(t, j)
        rng = (a, j + 1) if a <= j else None
        if 0 < a <= j and (t.lows[a - 1] in _OBJECT_PREPOSITIONS or t.lows[a - 1] in _BE):
            rng = clause_subject(t, a - 1)   # "The White House fired back over the testimony:
            #                                  “...”", "posed this question to his followers:"
        out.append(CueCandidate((m.start(), m.end()), "layout", token_span(t, rng), si))
    return out


#: "per" citing a source: "per CNN", "per two sources familiar with the planning", "per the
#: report" (not "per cent", "per day": a capitalised word or a determiner must follow).
_PER = re.compile(r"(per)[ \t\u00a0]+(?=\w)")
_PER_DETERMINER = re.compile(r"(?:a|an|the|two|three|four|five|several|multiple|one|\d+)"
                             r"[ \t\u00a0]+\w")
_PER_SOURCES = frozenset({"anonymous", "document", "media", "shared_role", "role",
                          "organization", "government"})


def nominal_cues(ctx: TextState) -> list[CueCandidate]:
    """Possessive nominal cues before their content: "Zelensky's statement that ...", "his
    remarks about ...", "their claims of ..."; nominal cues by complement ("claims that",
    "allegations of"); "in" before a poll."""
    out: list[CueCandidate] = []
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
                n = _PHRASE_BEFORE.search(text, max(0, m.start(2) - 80), m.start(2))
            if n is None:
                continue
            src = (n.start(), n.end())
        si = ctx.sentence(src[0])
        if si >= 0:
            out.append(CueCandidate((w.start(), w.end()), "nominal", src, si))
    for m in _PER.finditer(ctx.low) if len(ctx.low) == len(text) else ():
        a = m.start()
        if (a and (text[a - 1].isalnum() or text[a - 1] in "-_")) or not (
                text[m.end()].isupper() or _PER_DETERMINER.match(ctx.low, m.end())):
            continue
        si = ctx.sentence(a)
        if si < 0:
            continue
        t = ctx.toks(si)
        j = bisect_left(t.starts, m.end())
        k = noun_phrase_end(t, j)
        if k > j and (t.words[k - 1][0].isupper() or any(
                lw in INSIDERS or not source_kinds(lw).isdisjoint(_PER_SOURCES)
                for lw in t.lows[j:k])):
            out.append(CueCandidate((m.start(1), m.end(1)), "report", token_span(t, (j, k)),
                                    si))
    for m in ctx.hits("nomcomp"):
        if m.group(1) is None:
            continue         # "allegations against X": no that-clause, no content (GUIDELINES)
        g = 1
        si = ctx.sentence(m.start())
        if si >= 0:
            out.append(CueCandidate((m.start(g), m.end(g)), "nominal", None, si))
    used = -1
    for p in ctx.hits("poll"):
        m = _IN_POLL_RE.search(text, max(0, p.start() - 120), p.start())
        si = ctx.sentence(m.start()) if m is not None and m.start() > used else -1
        if si >= 0 and ctx.sentence(p.start()) == si:
            used = m.start()
            out.append(CueCandidate((m.start(1), m.end(1)), "report", (m.start(2), p.end()), si))
    return out


_NEW_CLAUSE = re.compile(
    r"[;:—–]|[,;:][”\"’']*\s*(?:and|but|while|as|although|though|before|after)\b|[”\"']\s*$"
    r"|\b(?:but|while|whereas|although|though|because|which|who|whom|as|what|after|before|"
    r"when|since|until|and|or|how|where|once|if|unless)\s*$")


def inside_earlier_content(ctx: TextState, c: CueCandidate, before: list[CueCandidate]) -> bool:
    """Whether ``c`` sits inside the content of an earlier cue of its sentence ("Demonstrators
    said they want ..."): PolNeAR gives each token one attribution, so the inner one is
    content. A participle after a comma (", adding"), or a new clause after ";", ":" or
    ", and/but" starts a new attribution. ``before``: kept cues of the sentence that start
    before ``c``, in text order."""
    if c.cue[1] - c.cue[0] == 3 and ctx.low[c.cue[0]:c.cue[1]] == "per":
        return False                     # '..., said the spokesperson per CNN'
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


def shares_a_token(c: CueCandidate, kept: list[CueCandidate]) -> bool:
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


def one_attribution_per_token(cands: list[CueCandidate], ctx: TextState) -> list[CueCandidate]:
    """Keep each token in at most one attribution: earlier (verb) cues win; a cue inside an
    accepted source, or a source covering an accepted cue, is dropped; so is a cue inside
    the content of an earlier cue of its sentence (:func:`inside_earlier_content`). Spans of one
    attribution lie within a few hundred characters, so only kept cues that near are
    compared (linear in the number of cues)."""
    kept: dict[int, list[CueCandidate]] = {}
    starts: dict[int, list[int]] = {}
    reach = 600
    for c in without_reduced_in_subjects(cands, ctx.low):
        same, pos = kept.setdefault(c.si, []), starts.setdefault(c.si, [])
        lo = min(c.cue[0], c.src[0] if c.src else c.cue[0])
        at = bisect_left(pos, c.cue[0])
        a = bisect_left(pos, lo - reach)
        b = bisect_right(pos, c.cue[1] + reach)
        if b - a > 64 and c.src is not None:
            # a source far from its cue ("WASHINGTON (Reuters) - Biden declined, ..., saying"
            # many times in one sentence): the kept cues near the cue and near the source
            m = bisect_left(pos, c.cue[0] - reach)
            k = bisect_right(pos, c.src[1] + reach)
            near = same[a:k] + same[max(m, k):b] if k < m else same[a:b]
        else:
            near = same[a:b]
        if (at and inside_earlier_content(ctx, c, same[max(0, at - 8):at])) or (
                near and shares_a_token(c, near)):
            continue
        same.insert(at, c)
        pos.insert(at, c.cue[0])
    return sorted((c for group in kept.values() for c in group), key=lambda c: c.cue[0])


def without_reduced_in_subjects(cands: list[CueCandidate], low: str) -> list[CueCandidate]:
    """The candidates minus a reduced passive ("released by the agency") that lies inside
    the subject of the next cue of its sentence: in "A report released by the agency found
    that ...", "found" is the statement and "A report released by the agency" its source."""
    order = sorted(cands, key=lambda c: c.cue[0])
    drop = set()
    for n, c in enumerate(order):
        if c.src is None or c.src[0] < c.cue[1] or low[c.cue[1]:c.src[0]].strip() != "by":
            continue                         # only "<cue> by <source>"
        for d in order[n + 1:n + 4]:
            if d.si == c.si and d.src is not None and d.src[0] <= c.cue[0] \
                    and c.cue[1] <= d.src[1] <= d.cue[0]:
                drop.add(id(c))
                break
    return [c for c in cands if id(c) not in drop] if drop else cands
