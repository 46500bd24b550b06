"""Assembly: cues, sources, quotes and source types into :class:`Attribution` records.

Example: '“We will not back down,” said Peskov.' -> one attribution: cue ``said`` (25, 29),
source ``Peskov`` (30, 36), type ``person``, quote "We will not back down," (1, 23).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING

from ..text import Doc, frozen
from .anonymity import AnonymityClause, anonymity_clauses, inside_any, overlaps_any
from .comments import silent_phrases

if TYPE_CHECKING:
    pass
from .cues import layout_cues, nominal_cues, one_attribution_per_token, verb_cue
from .model import Attribution
from .quotes import link_quotes
from .source_types import earlier_source_for_pronoun, source_type
from .sources import relative_antecedent
from .tokens import CueCandidate, TextState


def verb_candidates(ctx: TextState, doc: Doc, split: bool, inner: bool = True
                     ) -> tuple[list[CueCandidate], list[CueCandidate]]:
    """Verb cues of the text in one scan: ``(all, [])``, or with ``split`` ``(outside,
    inside)`` quotation marks (each list is the context of the participles in it; without
    ``inner`` the inside list stays empty and its matches are skipped)."""
    outside: list[CueCandidate] = []
    inside: list[CueCandidate] = []
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
        c = verb_cue(ctx, start, end, si if si >= 0 and start < ends[si] else -1, matched,
                      prior)
        if c is not None:
            prior.append(c)
    return outside, inside


def attributions_of_doc(doc: Doc, nested: bool = False, ctx: TextState | None = None,
                  verbs: list[CueCandidate] | None = None) -> list[Attribution]:
    """All attributions of an analysed text (see :func:`find_attributions`); ``verbs``: the
    verb candidates when already computed."""
    ctx = ctx or TextState(doc)
    qs = [q.open_start for q in doc.quotes]
    if verbs is None:
        verbs = verb_candidates(ctx, doc, not nested, inner=False)[0]
    clauses = anonymity_clauses(ctx.text, ctx.low)
    cands = verbs + layout_cues(ctx) + nominal_cues(ctx)
    cands = one_attribution_per_token(without_silent_cues(ctx, cands, clauses), ctx)
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
    links = link_quotes(ctx, quotes, cands)
    history: list[tuple[str, str]] = []
    atts = [build_attribution(ctx, c, links.get(n), history, q)
            for n, (c, q) in enumerate(zip(cands, inq))]
    return attach_anonymity(ctx, atts, clauses) if clauses else atts


#: Cue classes a relative pronoun ("those who believe in ...", "a group that supports")
#: cannot be the source of: without speech, the clause describes, it does not attribute.
_DESCRIPTIVE_CLASSES = frozenset({"cognition", "intention", "stance"})


def without_silent_cues(ctx: TextState, cands: list[CueCandidate],
                        clauses: list[AnonymityClause]) -> list[CueCandidate]:
    """The candidates minus those that report nothing said: a cue inside an anonymity
    clause ("speaking on condition of anonymity", "who asked not to be named") or inside a
    comment-request or no-content phrase ("declined to comment", "did not respond to a
    request for comment", "has not confirmed"), a source inside an anonymity clause ("the
    condition of anonymity, citing fear"), and a relative pronoun as the source of a belief
    or stance ("those who believe in ...")."""
    if ctx.silent is None:
        ctx.silent = silent_phrases(ctx.text, ctx.low)
    spans = sorted([(c.start, c.end) for c in clauses] + [(a, b) for a, b, _ in ctx.silent])
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    starts = [a for a, _ in merged]
    anon = [(c.start, c.end) for c in clauses]
    anon_starts = [a for a, _ in anon]
    text = ctx.text
    out = []
    for c in cands:
        if merged and inside_any(merged, starts, c.cue[0]):
            continue
        if anon and overlaps_any(anon, anon_starts, c.src):
            continue
        if c.src is not None and c.cls in _DESCRIPTIVE_CLASSES and c.src[1] - c.src[0] <= 5 \
                and text[c.src[0]:c.src[1]].lower() in ("who", "that", "which"):
            continue
        out.append(c)
    return out


def attach_anonymity(ctx: TextState, atts: list[Attribution],
                     clauses: list[AnonymityClause]) -> list[Attribution]:
    """Each anonymity clause qualifies the attribution of its sentence whose cue is nearest
    (one before and one after it are compared): that attribution gets the clause as its
    ``anonymity`` and becomes ``anonymous``."""
    cue_starts = [a.cue_start for a in atts]
    out = list(atts)
    for cl in clauses:
        si = ctx.sentence(cl.start)
        if si < 0:
            continue
        k = bisect_left(cue_starts, cl.start)
        best = None
        for n in (k - 1, k):
            if 0 <= n < len(out) and ctx.sentence(out[n].cue_start) == si and \
                    out[n].anonymity is None:
                d = cl.start - out[n].cue_end if n < k else out[n].cue_start - cl.end
                if best is None or d < best[0]:
                    best = (d, n)
        if best is None:
            continue
        a = out[best[1]]
        typ = "anonymous" if a.source is not None else a.source_type
        out[best[1]] = replace(a, source_type=typ,
                               resolved_type="anonymous" if a.source is not None
                               else a.resolved_type,
                               anonymity=cl.reason, anonymity_start=cl.start,
                               anonymity_end=cl.end)
    return out


def make_attribution(start: int, end: int, text: str, cue: str, cue_start: int, cue_end: int,
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
        "quote_spans": quote_spans, "in_quote": in_quote, "anonymity": None,
        "anonymity_start": None, "anonymity_end": None})


def build_attribution(ctx: TextState, c: CueCandidate, qspans: list | None,
                      history: list[tuple[str, str]], in_quote: bool) -> Attribution:
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
            rsrc, rtype = resolve_pronoun(ctx, src, src_start, history)
        if rtype is not None and rtype != "pronoun":
            history.append((rsrc, rtype))
    if qspans:
        quote, spans = " ".join([text[a:b] for a, b in qspans]), tuple(qspans)
    else:
        quote, spans = None, ()
    return make_attribution(start, end, text[start:end], text[cue_start:cue_end], cue_start,
                        cue_end, c.cls, src, src_start, src_end, stype, rsrc, rtype, quote,
                        spans, in_quote)


def resolve_pronoun(ctx: TextState, src: str, pos: int, history: list[tuple[str, str]]
                     ) -> tuple[str, str] | tuple[None, None]:
    """The source and type a pronoun source at ``pos`` refers to: a relative pronoun's
    antecedent, else the most recent fitting source in ``history``; (None, None) if none."""
    if src.lower() in ("who", "which", "that"):
        ante = relative_antecedent(ctx, pos)
        if ante is not None:
            rsrc = ctx.text[ante[0]:ante[1]]
            return rsrc, source_type(rsrc)
        return None, None
    hit = earlier_source_for_pronoun("pronoun", src, history)
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
    return attributions_of_doc(Doc(text), nested=nested)
