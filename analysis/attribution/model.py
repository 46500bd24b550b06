"""The public record of one attribution (:class:`Attribution`) and the source types.

Example: "Officials said the talks had stalled." -> ``Attribution(cue="said", cue_start=10,
cue_end=14, source="Officials", source_start=0, source_end=9, source_type="anonymous", ...)``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

SOURCE_TYPES = ("person", "role", "pronoun", "government", "organization", "media",
                "document", "anonymous")


@dataclass(frozen=True)
class Attribution:
    """One attribution found in a text; all offsets index the text passed in.

    ``start``/``end``/``text`` cover cue and source together (``text[start:end] == .text``).
    ``cue``/``cue_start``/``cue_end``: the cue span; ``cue_class`` is speech | report |
    cognition | intention | stance | layout. ``source``/``source_start``/``source_end``: the
    source span or ``None``; ``source_type`` one of :data:`SOURCE_TYPES` or ``None``;
    ``resolved_source``/``resolved_type``: for a pronoun, the earlier source it refers to
    (else the source itself). ``quote``: the directly quoted words attributed (segments
    joined by a space), ``None`` for indirect speech; ``quote_spans``: their offsets.
    ``in_quote``: the cue stands inside quoted text (a source quoting someone else).
    ``anonymity``/``anonymity_start``/``anonymity_end``: the reason the source is not named
    ("condition of anonymity", "asked not to be named", "not authorized", "declined to be
    identified", "not allowed to discuss", "requested anonymity", "spoke anonymously") and
    the span of the clause that gives it; such a source is ``anonymous``.
    """

    start: int
    end: int
    text: str
    cue: str
    cue_start: int
    cue_end: int
    cue_class: str
    source: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    source_type: str | None = None
    resolved_source: str | None = None
    resolved_type: str | None = None
    quote: str | None = None
    quote_spans: tuple[tuple[int, int], ...] = ()
    in_quote: bool = False
    anonymity: str | None = None
    anonymity_start: int | None = None
    anonymity_end: int | None = None
