"""Stage 6, contested claims: narrator sentences with a count, an accusation or an
evidential hedge, flagged attributed or not.

Example: "About 3,000 troops were reportedly sent." -> one contested claim, reason ``count``,
trigger ``3,000 troops`` (6, 18), unattributed when no cue stands in its sentence or
paragraph.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..text import Doc

if TYPE_CHECKING:
    pass
from .find import attributions_of_doc
from .lexicon import _CONTESTED_KIND, _PARAGRAPH
from .model import Attribution
from .quotes import inside_quote
from .tokens import TextState


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


def cue_sentences(doc: Doc, atts: list[Attribution]) -> set[int]:
    """``doc.sentence_index`` of every attribution's cue."""
    if not doc.sentences:
        return {-1} if atts else set()
    starts = [s.start for s in doc.sentences]
    return {max(bisect_right(starts, a.cue_start) - 1, 0) for a in atts}


def contested_claims_of_doc(doc: Doc, atts: list[Attribution], ctx: TextState | None = None,
               cue_sents: set[int] | None = None) -> list[ContestedClaim]:
    """Contested-claim sentences of ``doc`` given its attributions (narrator text only);
    ``ctx``: the analysis state when already built (its scan is reused); ``cue_sents``:
    :func:`cue_sentences` when already computed."""
    text = doc.text
    ctx = ctx or TextState(doc)
    found = ctx.hits("count") + ctx.hits("other")
    if not found:
        return []
    qs = [q.open_start for q in doc.quotes]
    paras = [m.end() for m in _PARAGRAPH.finditer(text)]
    if cue_sents is None:
        cue_sents = cue_sentences(doc, atts)
    cue_paras = {bisect_right(paras, a.cue_start) for a in atts}
    hits: dict[int, tuple[str, str, int]] = {}
    for m in sorted(found, key=lambda m: m.start()):
        if inside_quote(doc.quotes, qs, m.start()):
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
    return contested_claims_of_doc(doc, attributions_of_doc(doc))
