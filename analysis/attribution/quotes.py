"""Stage 5, quotes: each quotation linked to the cue that introduces it.

A quote goes to the nearest cue outside it in a sentence it touches (cues indexed by
position, so each quote looks at its neighbours only); a quotation that opens the next
sentence continues the previous attributed quote.

Example: '“We will not back down,” said Peskov. “Never.”' -> the cue ``said`` (25, 29) gets
the quotes (1, 23) and (39, 45).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..text import QuoteSpan
from .tokens import CueCandidate, TextState


def overlaps(a: tuple[int, int], b: tuple[int, int] | None) -> bool:
    return b is not None and a[0] < b[1] and b[0] < a[1]



_ALNUM = re.compile(r"[^\W_]")       # a character for which str.isalnum() is true


def link_quotes(ctx: TextState, quotes: list[QuoteSpan],
                cands: list[CueCandidate]) -> dict[int, list]:
    """Map candidate index -> quote spans it introduces. A quote goes to the nearest cue
    (outside it) in a sentence it touches; a quotation opening its own sentence right
    after an attributed quote continues that quote ('“...,” Austin said. "What ...”')."""
    cue_starts = [c.cue[0] for c in cands]
    links: dict[int, list] = {}
    last: tuple[int, int] | None = None      # (candidate, sentence of the last linked quote)
    for q in quotes:
        if q.end <= q.start or _ALNUM.search(ctx.text, q.start, q.end) is None:
            continue
        sa, sb = ctx.sentence(q.start), ctx.sentence(max(q.start, q.end - 1))
        if sa < 0:
            continue
        best = _nearest_cue(cands, cue_starts, q, sa, max(sa, sb))
        if best is None and last is not None and sa <= last[1] + 1 and (
                q.open_start == ctx.sents[sa].start or sa == last[1]):
            best = last[0]
        if best is not None:
            links.setdefault(best, []).append((q.start, q.end))
            last = (best, max(sa, sb))
    return links


#: How many cues on each side of a quote are compared: the nearest one wins, so a few
#: suffice (a cue whose source overlaps the quote is passed over), and the work per quote
#: stays constant whatever the number of cues in its sentences.
_NEIGHBOURS = 8


def _nearest_cue(cands: list[CueCandidate], cue_starts: list[int], q: QuoteSpan,
                 first: int, last: int) -> int | None:
    """Index of the cue nearest quote ``q`` among the cues outside it in sentences
    ``first``..``last``: the closest ones before its start and after its end are compared
    (cues sorted by position, found by bisection)."""
    found: list[tuple[int, int]] = []
    span = (q.start, q.end)
    i, seen = bisect_left(cue_starts, q.start) - 1, 0
    while i >= 0 and seen < _NEIGHBOURS and cands[i].si >= first:
        c = cands[i]
        if c.si <= last and not overlaps(span, c.src):
            found.append((min(abs(c.cue[0] - q.end), abs(q.start - c.cue[1])), i))
            seen += 1
        i -= 1
    j, seen = bisect_left(cue_starts, q.end), 0
    while j < len(cands) and seen < _NEIGHBOURS and cands[j].si <= last:
        c = cands[j]
        if c.si >= first and not overlaps(span, c.src):
            found.append((min(abs(c.cue[0] - q.end), abs(q.start - c.cue[1])), j))
            seen += 1
        j += 1
    return min(found)[1] if found else None


def inside_quote(quotes: list[QuoteSpan], qstarts: list[int], pos: int) -> bool:
    i = bisect_right(qstarts, pos) - 1
    return i >= 0 and quotes[i].start <= pos < quotes[i].end
