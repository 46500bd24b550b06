"""Stage 5, quotes: each quotation linked to the cue that introduces it.

A quote goes to the nearest cue outside it in a sentence it touches (cues indexed by
position, so each quote looks at its neighbours only); a quotation that opens the next
sentence continues the previous attributed quote.

Example: '“We will not back down,” said Peskov. “Never.”' -> the cue ``said`` (25, 29) gets
the quotes (1, 23) and (39, 45).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from ..text import QuoteSpan

if TYPE_CHECKING:
    pass
from .tokens import CueCandidate, TextState


def overlaps(a: tuple[int, int], b: tuple[int, int] | None) -> bool:
    return b is not None and a[0] < b[1] and b[0] < a[1]



_ALNUM = re.compile(r"[^\W_]")       # a character for which str.isalnum() is true


def link_quotes(ctx: TextState, quotes: list[QuoteSpan],
                cands: list[CueCandidate]) -> dict[int, list]:
    """Map candidate index -> quote spans it introduces. A quote goes to the nearest cue
    (outside it) in a sentence it touches; a quotation opening its own sentence right
    after an attributed quote continues that quote ('“...,” Austin said. "What ...”')."""
    by_sent: dict[int, list[int]] = {}
    for n, c in enumerate(cands):
        by_sent.setdefault(c.si, []).append(n)
    links: dict[int, list] = {}
    last: tuple[int, int] | None = None      # (candidate, sentence of the last linked quote)
    for q in quotes:
        if q.end <= q.start or _ALNUM.search(ctx.text, q.start, q.end) is None:
            continue
        sa, sb = ctx.sentence(q.start), ctx.sentence(max(q.start, q.end - 1))
        if sa < 0:
            continue
        best, dist = None, None
        for si in range(sa, max(sa, sb) + 1):
            for n in by_sent.get(si, ()):
                c = cands[n]
                if q.start <= c.cue[0] < q.end or overlaps((q.start, q.end), c.src):
                    continue
                d = min(abs(c.cue[0] - q.end), abs(q.start - c.cue[1]))
                if dist is None or d < dist:
                    best, dist = n, d
        if best is None and last is not None and sa <= last[1] + 1 and (
                q.open_start == ctx.sents[sa].start or sa == last[1]):
            best = last[0]
        if best is not None:
            links.setdefault(best, []).append((q.start, q.end))
            last = (best, max(sa, sb))
    return links


def inside_quote(quotes: list[QuoteSpan], qstarts: list[int], pos: int) -> bool:
    i = bisect_right(qstarts, pos) - 1
    return i >= 0 and quotes[i].start <= pos < quotes[i].end
