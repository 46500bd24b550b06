"""Stage 7, comment requests: whom the outlet asked for comment, and what came of it.

"X did not respond to a request for comment", "declined to comment", "could not be reached"
are not attributions (the source says nothing), but they show that the outlet sought the
other side: a fairness signal. Each is a :class:`CommentRequest` with the party asked and
the outcome: ``no response`` | ``declined`` | ``could not be reached`` | ``responded``
("in response to a request for comment", "when asked for comment"). Phrases that report
no content ("has not confirmed", "would not disclose") are also kept out of the
attributions, without being comment requests.

Example: "The ministry did not respond to a request for comment." -> one comment request,
phrase ``did not respond to a request for comment`` (13, 53), outcome ``no response``,
asked ``The ministry`` (0, 12); no attribution.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..text import Doc
from .anonymity import anchor_windows, first_char_guard, windowed_matches
from .sources import clause_subject, subject_before_cue
from .tokens import TextState, token_span

if TYPE_CHECKING:
    import pandas as pd

    from .model import Attribution

OUTCOMES = ("no response", "declined", "could not be reached", "responded")

_NOT = (r"(?:(?:did|does|do|has|have|had|would|will|could)\s+not|(?:didn|doesn|don|hasn|"
        r"haven|hadn|wouldn|won|couldn)['’]t)\s+(?:immediately\s+|yet\s+|publicly\s+|"
        r"independently\s+)?")
_ASKS = (r"(?:(?:a|an|the|multiple|several|repeated|two|three|numerous|our|his|her|their|"
         r"[\w.]+['’]s)\s+)?(?:[\w\-]+\s+){0,2}?(?:requests?|calls?|messages?|e-?mails?|"
         r"inquir(?:y|ies)|quer(?:y|ies)|questions?|phone\s+calls?)")
_OUTCOME_PATTERNS = {
    "no response":
        _NOT + r"(?:respond(?:ed)?|repl(?:y|ied)|return(?:ed)?|answer(?:ed)?|acknowledge[d]?)"
        r"\s+(?:to\s+)?" + _ASKS + r"(?:\s+(?:for|seeking|requesting)\s+(?:comment|"
        r"an\s+interview|information|a\s+response))?",
    "declined":
        r"(?:declined|refused|declines|refuses|declining|refusing)\s+(?:to\s+(?:comment|"
        r"elaborate|be\s+interviewed|answer\s+questions|respond|discuss|speak|say|"
        r"specify|provide\s+(?:further\s+|more\s+|additional\s+)?(?:details|comment|"
        r"information))|(?:a\s+|multiple\s+|repeated\s+|several\s+)?requests?\s+(?:for|to)"
        r"\s+(?:comment|an\s+interview|be\s+interviewed))"
        r"|" + _NOT + r"comment(?:ed)?|(?:had|has|have|offered|there\s+was)\s+no\s+"
        r"(?:immediate\s+)?comment",
    "could not be reached":
        r"(?:could\s+not|couldn['’]t|cannot|can['’]t)\s+(?:immediately\s+)?be\s+reached|"
        r"(?:was|were|is|are)\s+(?:not\s+(?:immediately\s+)?available|unavailable)\s+for\s+"
        r"comment",
    "responded":
        r"(?:in\s+response|responding|responded)\s+to\s+" + _ASKS + r"\s+(?:for|seeking|"
        r"about)\s+comment|(?:when\s+|after\s+being\s+|after\s+)?(?:asked|reached|contacted)"
        r"\s+(?:by\s+[\w.’'\-]+(?:\s+[\w.’'\-]+)?\s+)?for\s+(?:comment|a\s+response)",
}
#: Phrases that report nothing said, though a cue word stands in them.
_SILENT = _NOT + (r"(?:confirm(?:ed)?|disclose[d]?|elaborate[d]?|specif(?:y|ied)|reveal(?:ed)?|"
                  r"say\s+(?:whether|if|when|how|what|why)|said\s+(?:whether|if|when|how|"
                  r"what|why))\b")
_COMMENTS = re.compile(first_char_guard("|".join(f"(?P<o{n}>{p})" for n, p in enumerate(
    _OUTCOME_PATTERNS.values())) + f"|(?P<silent>{_SILENT})"))
_OUTCOME_OF = {f"o{n}": outcome for n, outcome in enumerate(_OUTCOME_PATTERNS)}
#: Words that every comment-request or no-content phrase contains.
_ANCHORS = ("comment", "reached", "respon", "repl", "not return", "n't return", "n’t return",
            "immediately return", "not answer", "n't answer", "n’t answer", "confirm",
            "disclos", "elaborat", "specif", "reveal", "not say", "n't say", "n’t say",
            "not said", "declin", "refus", "asked", "contacted")
_BOUNDARY = re.compile(r"[\w’'\-]")


@dataclass(frozen=True)
class CommentRequest:
    """A request for comment reported in the text (see :func:`find_comment_requests`).

    ``start``/``end``/``text``: the phrase ("did not respond to a request for comment");
    ``outcome``: no response | declined | could not be reached | responded; ``who``/
    ``who_start``/``who_end``: the party asked (the subject of the phrase, or the source of
    the attribution that answered), ``None`` when the text does not say.
    """

    start: int
    end: int
    text: str
    outcome: str
    who: str | None = None
    who_start: int | None = None
    who_end: int | None = None


def silent_phrases(text: str, low: str) -> list[tuple[int, int, str | None]]:
    """(start, end, outcome) of every comment-request or no-content phrase, in text order;
    ``outcome`` is None for a no-content phrase ("has not confirmed"). One regex scan; a
    match must start and end at word boundaries."""
    windows = anchor_windows(low, _ANCHORS, 48, 100) if len(low) == len(text) else \
        [(0, len(text))]
    out = []
    for m in windowed_matches(_COMMENTS, text, low, windows):
        a, b = m.span()
        if (a and _BOUNDARY.match(text, a - 1)) or (b < len(text) and _BOUNDARY.match(text, b)
                                                    and _BOUNDARY.match(text, b - 1)):
            continue
        out.append((a, b, _OUTCOME_OF.get(m.lastgroup)))
    return out


def comment_requests_of_doc(doc: Doc, atts: list[Attribution],
                            ctx: TextState | None = None) -> list[CommentRequest]:
    """The comment requests of an analysed text, given its attributions (the party who
    responded is the source of the nearest attribution in the sentence)."""
    ctx = ctx or TextState(doc)
    text = doc.text
    if ctx.silent is None:
        ctx.silent = silent_phrases(text, doc.lower)
    phrases = [p for p in ctx.silent if p[2] is not None]
    if not phrases:
        return []
    cue_starts = [a.cue_start for a in atts]
    out = []
    for a, b, outcome in phrases:
        si = ctx.sentence(a)
        who = None
        if si >= 0:
            if outcome == "responded":
                who = _answering_source(ctx, atts, cue_starts, a, b, si)
            else:
                who = _asked_party(ctx, si, a)
        if outcome == "could not be reached" and who is not None and \
                text[who[0]:who[1]].lower().rsplit(" ", 1)[-1] in _UNREACHED_THINGS:
            continue                     # "if a deal cannot be reached": no one was asked
        if who is None:
            out.append(CommentRequest(a, b, text[a:b], outcome))
        else:
            out.append(CommentRequest(a, b, text[a:b], outcome, text[who[0]:who[1]], *who))
    return out


#: Things, not parties, that "cannot be reached": an agreement, a goal, a level.
_UNREACHED_THINGS = frozenset("""deal deals agreement agreements compromise consensus decision
    settlement conclusion verdict resolution accord goal goals target targets threshold level
    levels point milestone peak limit quorum majority""".split())


def _asked_party(ctx: TextState, si: int, pos: int) -> tuple[int, int] | None:
    """The subject of the phrase at ``pos``: the noun phrase just before it ("The ministry
    did not respond"), else the subject of its clause ("An aide said ..., but declined to
    comment")."""
    t = ctx.toks(si)
    i = bisect_left(t.starts, pos) - 1
    rng = subject_before_cue(t, i) if i >= 0 else None
    if rng is None or t.lows[rng[0]] in ("who", "which", "that"):
        rng = clause_subject(t, i + 1) if i >= 0 else None
    return token_span(t, rng)


def _answering_source(ctx: TextState, atts: list[Attribution], cue_starts: list[int],
                      a: int, b: int, si: int) -> tuple[int, int] | None:
    """The source of the attribution nearest the phrase ``a:b`` in sentence ``si``."""
    lo, hi = ctx.starts[si], ctx.ends[si]
    best = None
    for k in range(max(bisect_left(cue_starts, a) - 2, 0),
                   min(bisect_right(cue_starts, b) + 2, len(atts))):
        att = atts[k]
        if lo <= att.cue_start < hi and att.source_start is not None:
            d = min(abs(att.cue_start - b), abs(a - att.cue_end))
            if best is None or d < best[0]:
                best = (d, att.source_start, att.source_end)
    return (best[1], best[2]) if best is not None else None


def find_comment_requests(text: str) -> list[CommentRequest]:
    """Find every reported request for comment in ``text``: who was asked and the outcome.

    Definition: a phrase reporting that the outlet sought a party's comment — "did not
    (immediately) respond to a request for comment", "did not return calls", "declined to
    comment", "could not be reached", "was not available for comment" and, when the party
    answered, "in response to a request for comment", "when asked for comment". More
    requests = an outlet that seeks the other side more often (SPJ Code of Ethics, "Seek
    truth and report it": diligently seek subjects of news coverage to allow them to respond).
    Offsets index ``text``; sorted by position. Pure and total: never raises on any ``str``.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    from .find import attributions_of_doc
    doc = Doc(text)
    ctx = TextState(doc)
    return comment_requests_of_doc(doc, attributions_of_doc(doc, ctx=ctx), ctx)


_TABLE_COLUMNS = ["article_id", "outlet", "sentence_index", "start", "end", "text", "outcome",
                  "who", "sentence"]


def comment_request_table(corpus) -> pd.DataFrame:
    """One row per comment request across a corpus (``load_corpus`` frame): article_id,
    outlet, sentence_index, span, outcome, the party asked and the sentence."""
    import pandas as pd

    from .features import usable_rows
    from .find import attributions_of_doc
    rows = []
    for aid, outlet, body in usable_rows(corpus):
        doc = Doc(body)
        ctx = TextState(doc)
        for c in comment_requests_of_doc(doc, attributions_of_doc(doc, ctx=ctx), ctx):
            si = doc.sentence_index(c.start)
            rows.append({"article_id": aid, "outlet": outlet, "sentence_index": si,
                         "start": c.start, "end": c.end, "text": c.text,
                         "outcome": c.outcome, "who": c.who,
                         "sentence": doc.sentences[si].text if si >= 0 else ""})
    return pd.DataFrame(rows, columns=_TABLE_COLUMNS)
