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
  kept with its head, and a longer insert between commas or dashes is skipped to the noun
  phrase opening the sentence), or after it (inversion after a quotation: '..., said Peskov';
  "according to X", "citing X", passive "by X"). A participle after a comma ("..., saying",
  "..., even suggesting") inherits the source of the clause it hangs on; one opening the
  sentence ("Citing a new audit, Warren accused ...") takes the subject after its phrase.
* Source types come from ``lexicons/attribution_sources.tsv``: pronoun | media | government |
  organization | role | document | anonymous | person (see :func:`source_type`).
* A pronoun source is resolved to the most recent earlier source that fits (he/she: a
  person or role; it/they: a body; who/which/that: the noun phrase it follows).
* Quotes (from :func:`analysis.text.quote_spans`) in the cue's sentence are linked to the
  nearest cue there; a quotation that makes up the next sentence on its own continues the
  previous attributed quote (quotes that span sentences).
* Source types and the rules for news copy follow the news-sourcing annotation guidelines:
  an unnamed person with a role many share ("a senior administration official", "an aide")
  and insiders by access ("people familiar with the matter") are anonymous; a clause giving
  why a source is unnamed ("speaking on condition of anonymity") is the attribution's
  ``anonymity``, never an attribution; "declined to comment", "did not respond to a request
  for comment" are comment requests (:func:`find_comment_requests`), not attributions.

The stages, one module each (every module docstring shows one sentence in, spans out):
``lexicon`` (the data), ``scan`` (one pass over the text for every lexicon pattern),
``tokens``, ``cues``, ``sources``, ``source_types``, ``anonymity``, ``quotes``, ``find``
(assembly into :class:`Attribution`), ``contested`` (contested claims), ``comments``
(comment requests) and ``features`` (per-article features, corpus tables, outlet views).
Every function that takes a text is linear in its length: patterns are scanned once, each
cue looks at a bounded window of tokens, each quote at the few cues nearest it.
"""
from __future__ import annotations

from .comments import CommentRequest, comment_request_table, find_comment_requests
from .contested import ContestedClaim, find_contested_claims
from .features import (
    NAMED_TYPES,
    OUTLET_MEASURES,
    attribution_article_counts,
    attribution_features,
    attribution_outlet_summary,
    attribution_table,
    attributions_of,
    contested_claim_table,
    is_official,
    source_outlet_matrix,
    source_type_shares,
)
from .find import find_attributions
from .model import SOURCE_TYPES, Attribution
from .source_types import source_type

__all__ = [
    "Attribution",
    "find_attributions",
    "source_type",
    "attribution_features",
    "attribution_table",
    "ContestedClaim",
    "find_contested_claims",
    "contested_claim_table",
    "CommentRequest",
    "find_comment_requests",
    "comment_request_table",
    "is_official",
    "SOURCE_TYPES",
    "NAMED_TYPES",
    "OUTLET_MEASURES",
    "attribution_article_counts",
    "attribution_outlet_summary",
    "attributions_of",
    "source_outlet_matrix",
    "source_type_shares",
]
