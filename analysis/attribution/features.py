"""Stage 8, features and tables: per-article attribution rates and shares, and corpus
tables that keep every span, so each number traces back to its sentences.

Example: "Officials said the talks stalled. Peskov said they would resume." -> 2 attributions,
``attribution_anonymous_share`` 0.5, ``attribution_named_share`` 0.5.
"""
from __future__ import annotations

import math
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..text import Doc

if TYPE_CHECKING:
    import pandas as pd
from .comments import comment_requests_of_doc
from .contested import contested_claims_of_doc, cue_sentences
from .cues import one_attribution_per_token
from .find import attributions_of_doc, verb_candidates
from .lexicon import _DETERMINERS, _QUANTIFIERS, _SOURCES, _STOP, _TOKEN
from .model import SOURCE_TYPES, Attribution
from .source_types import head_phrase, source_type
from .tokens import TextState

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
def source_key(source: str, kind: str) -> str:
    """Normalised identity of a source for counting distinct sources: a person by surname
    ("President Volodymyr Zelensky" = "Zelensky"), anything else by its lower-cased words
    without a leading determiner."""
    words = [w for w in _TOKEN.findall(source) if w[0].isalnum() or w == ","]
    if kind == "person":
        caps = [w for w in head_phrase(words) if w[0].isupper()]
        if caps:
            return caps[-1].lower()
    words = [w.lower() for w in words if w != ","]
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    if all(w in _DETERMINERS | _QUANTIFIERS | _STOP for w in words):
        return ""                        # "No one", "some", "each": nobody in particular
    return " ".join(words)


def share(part: float, whole: float) -> float:
    return part / whole if whole else math.nan


def rate_per(count: float, base: float, per: float = 100.0) -> float:
    return per * count / base if base else math.nan


def official_flags(atts: list[Attribution]) -> list[bool]:
    """:func:`is_official` per attribution, carried over to later mentions of the same
    source in the article ("President Volodymyr Zelensky" ... "Zelensky said")."""
    keys, flags = [], []
    for a in atts:
        src, kind = a.resolved_source or a.source, a.resolved_type or a.source_type
        keys.append((kind, source_key(src, kind)) if src and kind else None)
        flags.append(is_official(src, kind))
    known = {k for k, f in zip(keys, flags) if f and k is not None}
    return [f or (k is not None and k in known) for k, f in zip(keys, flags)]


def source_features(atts: list[Attribution]) -> dict[str, float]:
    """Shares of source kinds among attributions that name a source (pronouns counted by
    the type they resolve to; an unresolved pronoun is its own kind)."""
    sourced = [a for a in atts if a.source is not None]
    kinds = [a.resolved_type or "pronoun" for a in sourced]
    n = len(sourced)
    out = {
        "attribution_sourced_share": share(n, len(atts)),
        "attribution_named_share": share(sum(k in NAMED_TYPES for k in kinds), n),
        "attribution_anonymous_share": share(kinds.count("anonymous"), n),
        "attribution_official_share": share(sum(official_flags(sourced)), n),
        "attribution_distinct_sources": float(len({
            (k, key) for a, k in zip(sourced, kinds)
            if k != "pronoun" and (key := source_key(a.resolved_source or a.source, k))})),
    }
    for t in SOURCE_TYPES:
        out[f"attribution_type_{t}_share"] = share(kinds.count(t), n)
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
    per sentence. Anonymity: share of anonymous sources whose text gives the reason they are
    not named ("speaking on condition of anonymity", "not authorized to speak"). Comment
    sought: number of reported requests for comment (:func:`find_comment_requests`) and
    whether there is at least one (1.0/0.0; its mean over an outlet's articles is the
    comment-sought rate). Higher rates = a text that leans more on what others say; a higher
    unattributed-claim rate = more assertions on the outlet's own authority. NaN where a
    rate is undefined (no words, no sentences, no sourced attributions). References:
    Pareti 2016 (PARC 3.0), Newell et al. 2018 (PolNeAR).
    """
    ctx = TextState(doc)
    outside, inside = verb_candidates(ctx, doc, True)
    atts = attributions_of_doc(doc, ctx=ctx, verbs=outside)
    inner = one_attribution_per_token(inside, ctx) if inside else []
    n_words, n_sents = doc.n_words, len(doc.sentences)
    quoted = doc.quoted_word_count
    sents = cue_sentences(doc, atts)
    claims = contested_claims_of_doc(doc, atts, ctx, sents)
    open_claims = sum(not c.attributed for c in claims)
    out = {
        "attribution_count": float(len(atts)),
        "attribution_per_100w": rate_per(len(atts), n_words),
        "attribution_per_sentence": rate_per(len(atts), n_sents, 1.0),
        "attribution_sentence_share": share(len(sents - {-1}), n_sents),
        "attribution_narrator_per_100w": rate_per(len(atts), n_words - quoted),
        "attribution_quoted_per_100w": rate_per(len(inner), quoted),
        "attribution_direct_quote_share": share(sum(a.quote is not None for a in atts),
                                                 len(atts)),
        "attribution_quote_word_share": share(quoted, n_words),
    }
    out.update(source_features(atts))
    requests = comment_requests_of_doc(doc, atts, ctx)
    anonymous = [a for a in atts if a.source is not None and a.resolved_type == "anonymous"]
    out.update({
        "attribution_contested_sentences": float(len(claims)),
        "attribution_unattributed_claims": float(open_claims),
        "attribution_unattributed_claims_per_sentence": rate_per(open_claims, n_sents, 1.0),
        "attribution_anonymous_reason_share": share(
            sum(a.anonymity is not None for a in anonymous), len(anonymous)),
        "attribution_comment_requests": float(len(requests)),
        "attribution_comment_sought": float(bool(requests)),
    })
    return out


_TABLE_COLUMNS = ["article_id", "outlet", "sentence_index", "start", "end", "text", "cue",
                  "cue_start", "cue_end", "cue_class", "source", "source_start", "source_end",
                  "source_type", "resolved_source", "resolved_type", "official", "quote",
                  "in_quote", "anonymity", "anonymity_start", "anonymity_end", "sentence"]
_CLAIM_COLUMNS = ["article_id", "outlet", "sentence_index", "start", "end", "reason", "trigger",
                  "attributed", "sentence"]


def usable_rows(corpus) -> list[tuple[str, str, str]]:
    """(article_id, outlet, body) of the corpus rows the extractors analyse."""
    from ..corpus import usable
    df = usable(corpus)
    return [(str(r.article_id), str(r.outlet), r.body if isinstance(r.body, str) else "")
            for r in df[["article_id", "outlet", "body"]].itertuples(index=False)]


def attribution_table(corpus) -> pd.DataFrame:
    """One row per attribution across a corpus (``load_corpus`` frame): article_id, outlet,
    sentence_index, span, cue, source, source_type, resolved source and type, official,
    quote, in_quote and the sentence, so any number can be traced to its sentences."""
    import pandas as pd
    rows = []
    for aid, outlet, body in usable_rows(corpus):
        doc = Doc(body)
        atts = attributions_of_doc(doc)
        for a, official in zip(atts, official_flags(atts)):
            si = doc.sentence_index(a.cue_start)
            rows.append({
                "article_id": aid, "outlet": outlet, "sentence_index": si,
                **{c: getattr(a, c) for c in _TABLE_COLUMNS[3:17] if c != "official"},
                "official": official,
                "quote": a.quote, "in_quote": a.in_quote, "anonymity": a.anonymity,
                "anonymity_start": a.anonymity_start, "anonymity_end": a.anonymity_end,
                "sentence": doc.sentences[si].text if si >= 0 else ""})
    return pd.DataFrame(rows, columns=_TABLE_COLUMNS)


def contested_claim_table(corpus) -> pd.DataFrame:
    """One row per contested-claim sentence across a corpus, with ``attributed``."""
    import pandas as pd
    rows = []
    for aid, outlet, body in usable_rows(corpus):
        doc = Doc(body)
        for c in contested_claims_of_doc(doc, attributions_of_doc(doc)):
            rows.append({"article_id": aid, "outlet": outlet, "sentence_index": c.sentence_index,
                         "start": c.start, "end": c.end, "reason": c.reason,
                         "trigger": c.trigger, "attributed": c.attributed,
                         "sentence": c.text})
    # typed also when empty: ``claims[~claims["attributed"]]`` filters rows, never columns
    return pd.DataFrame(rows, columns=_CLAIM_COLUMNS).astype(
        {"sentence_index": "int64", "start": "int64", "end": "int64", "attributed": bool})


_COUNT_COLUMNS = ["article_id", "outlet", "words", "quoted_words", "sentences", "attributions",
                  "sourced", "named", "anonymous", "official", "with_quote", "contested",
                  "unattributed_claims", "anonymous_with_reason", "comment_requests",
                  "comment_sought", "articles"]

#: Outlet measures over :func:`attribution_article_counts` for
#: ``compare.bootstrap_outlets`` (name -> numerator, denominator, scale): the anonymous
#: share of sourced attributions, the share of anonymous sources given a reason, and the
#: comment-sought rate (share of articles reporting at least one request for comment).
OUTLET_MEASURES = MappingProxyType({
    "anonymous_share": ("anonymous", "sourced", 1.0),
    "anonymous_reason_share": ("anonymous_with_reason", "anonymous", 1.0),
    "comment_sought_share": ("comment_sought", "articles", 1.0),
})


def attribution_article_counts(corpus) -> pd.DataFrame:
    """Per-article counts behind the outlet rates: words, quoted words, sentences,
    attributions, those with a source, named (identifiable), anonymous and official
    sources, attributions with a direct quote, contested and unattributed claims, anonymous
    sources given a reason, comment requests, whether comment was sought (0/1) and
    ``articles`` (1: the unit count that rates of articles divide by)."""
    import pandas as pd
    rows = []
    for aid, outlet, body in usable_rows(corpus):
        doc = Doc(body)
        ctx = TextState(doc)
        atts = attributions_of_doc(doc, ctx=ctx)
        sourced = [a for a in atts if a.source is not None]
        kinds = [a.resolved_type or "pronoun" for a in sourced]
        claims = contested_claims_of_doc(doc, atts, ctx)
        requests = comment_requests_of_doc(doc, atts, ctx)
        with_reason = sum(k == "anonymous" and a.anonymity is not None
                          for a, k in zip(sourced, kinds))
        rows.append([aid, outlet, doc.n_words, doc.quoted_word_count, len(doc.sentences),
                     len(atts), len(sourced), sum(k in NAMED_TYPES for k in kinds),
                     kinds.count("anonymous"), sum(official_flags(sourced)),
                     sum(a.quote is not None for a in atts), len(claims),
                     sum(not c.attributed for c in claims), with_reason, len(requests),
                     int(bool(requests)), 1])
    return pd.DataFrame(rows, columns=_COUNT_COLUMNS)


def attribution_outlet_summary(counts: pd.DataFrame) -> pd.DataFrame:
    """Outlet rates pooled over its articles (from :func:`attribution_article_counts`):
    attributions per 100 words; named, anonymous and official shares of sourced
    attributions; share of attributions with a direct quote; share of words in quotes;
    unattributed contested claims per article; share of anonymous sources given a reason;
    comment-sought rate (share of articles with a reported request for comment). Sorted by
    outlet."""
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
    out["anonymous_reason_share"] = g["anonymous_with_reason"] / g["anonymous"].where(
        g["anonymous"] > 0)
    out["comment_sought_share"] = g["comment_sought"] / out["articles"]
    return out.reset_index()


def top_outlets(table: pd.DataFrame, max_outlets: int) -> list[str]:
    """The outlets with most attributions (ties by name), sorted by name."""
    counts = table.groupby("outlet").size()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:max_outlets]
    return sorted(str(k) for k, _ in ranked)


def source_type_shares(table: pd.DataFrame, *, max_outlets: int = 20) -> pd.DataFrame:
    """Outlet x source type: share of the outlet's sourced attributions whose (resolved)
    source is of each type; an unresolved pronoun counts as ``pronoun``. Rows sum to 1;
    the ``max_outlets`` outlets with most attributions, sorted by name."""
    t = table[table["source"].notna()]
    t = t[t["outlet"].isin(top_outlets(t, max_outlets))]
    kinds = t["resolved_type"].fillna("pronoun")
    shares = (t.assign(kind=kinds).groupby(["outlet", "kind"]).size().unstack(fill_value=0)
              .reindex(columns=list(SOURCE_TYPES), fill_value=0))
    return shares.div(shares.sum(axis=1), axis=0).sort_index()


def source_outlet_matrix(table: pd.DataFrame, *, top: int = 15,
                         max_outlets: int = 20) -> pd.DataFrame:
    """Source x outlet counts of attributions for the ``top`` most cited sources (pronouns
    counted as the source they resolve to; a person by surname, see ``source_key``). The
    row label is the source's most frequent full form."""
    t = table[table["resolved_type"].notna() & (table["resolved_type"] != "pronoun")]
    t = t[t["outlet"].isin(top_outlets(t, max_outlets))]
    keys = [source_key(s, k) for s, k in zip(t["resolved_source"], t["resolved_type"])]
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
    target = source_key(source, kind)
    keys = [isinstance(s, str) and isinstance(k, str) and source_key(s, k) == target
            for s, k in zip(table["resolved_source"], table["resolved_type"])]
    return table[keys].sort_values(["outlet", "article_id", "sentence_index"])
