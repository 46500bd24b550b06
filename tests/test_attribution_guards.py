"""The clause regexes of anonymity and comment requests behind their first-character guard
(``anonymity.first_char_guard``): the same matches as the plain alternation."""
from __future__ import annotations

import importlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.attribution import anonymity, comments
from analysis.attribution.anonymity import first_char_guard


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int, str | None]]:
    return [(*m.span(), m.lastgroup) for m in pattern.finditer(text)]


@pytest.mark.parametrize("module, name", [("anonymity", "_REASONS"),
                                          ("comments", "_OUTCOME_PATTERNS")])
def test_first_char_guard_keeps_every_match(module, name):
    # the clause regexes run behind a lookahead for their first characters: the same matches,
    # lower-cased and case-insensitively, as the plain alternation
    patterns = getattr(importlib.import_module(f"analysis.attribution.{module}"), name)
    plain = "|".join(f"(?P<g{n}>{p})" for n, p in enumerate(patterns.values()))
    guarded = first_char_guard(plain)
    assert guarded != plain and guarded.startswith("(?=[")
    text = ("A senior official, who spoke on condition of anonymity, said; aides, who were "
            "not authorized to discuss it, and She Declined To Be Identified. The ministry "
            "did not respond to a request for comment and couldn't be reached; undid not "
            "comment; When asked for comment, he had no immediate comment. ") * 3
    for flags, subject in ((0, text.lower()), (re.IGNORECASE, text)):
        assert _spans(re.compile(guarded, flags), subject) == \
            _spans(re.compile(plain, flags), subject)
        assert _spans(re.compile(plain, flags), subject)   # the text has matches to compare


@pytest.mark.parametrize("pattern", [r"\bsaid", r"(?:x)?", r"[^a]b", r".said", r"a*"])
def test_first_char_guard_leaves_other_openings_alone(pattern):
    # a word boundary, an optional or negated opening, any character: no guard is derived
    assert first_char_guard(pattern) == pattern


@given(st.text(alphabet="aAdDnNoOtTwWhHsS ,.'’-\n", max_size=200))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_first_char_guard_on_any_text(text):
    for guarded in (anonymity._ANONYMITY, comments._COMMENTS):
        plain = guarded.pattern[guarded.pattern.index("])(?:") + 5:-1]
        for flags, subject in ((0, text.lower()), (re.IGNORECASE, text)):
            assert _spans(re.compile(guarded.pattern, flags), subject) == \
                _spans(re.compile(plain, flags), subject)
