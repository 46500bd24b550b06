"""A cue right after "to" is rejected before its sentence is tokenised
(``cues._catenative_may_precede``): the same cues as the full rules give."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis as an
from analysis.attribution import cues
from analysis.attribution.find import verb_candidates
from analysis.attribution.tokens import TextState
from analysis.text import Doc


def _verb_cues(text: str) -> list[tuple]:
    doc = Doc(text)
    out, inside = verb_candidates(TextState(doc), doc, True)
    return [(c.cue, c.cls, c.src, c.si) for c in out + inside]


def _cue_words(text: str) -> list[str]:
    return [a.cue for a in an.find_attributions(text)]


def test_catenative_before_to_keeps_the_cue():
    assert "discuss" in _cue_words("The senator went on to discuss the tariffs at length.")
    assert "insist" in _cue_words("The mayor continues to insist that the budget is sound.")
    assert "say" in _cue_words("He went on to say that the plan would fail.")
    assert "say" not in _cue_words("The governor refused to say whether she would sign it.")


@pytest.mark.parametrize("before, tokenise", [
    ("He went on ", True), ("She kept ", True), ("The nation ", False),
    ("Prices rose 3.5going ", True), ("Plans x-going ", True), ("They refused ", False),
    ("", True), ("Officials" + " " * 40, True)])
def test_catenative_may_precede(before, tokenise):
    text = before + "to say it."
    assert cues._catenative_may_precede(text, 0, len(before)) is tokenise


_PIECES = ("to", "To", "TO", "say", "said", "support", "supports", "going", "went", "on", "off",
           "continue", "kept", "seem", "need", "started", "x-going", "3.5going", "1.2",
           "nation", "the", "plans", "report", "he", "officials", "according", "referring",
           "saying", "&", "x&to", "don’t", "’s", "it’s", ",", ".", "“", "”", "(", ":", "\n",
           "\t", "\u00a0", "GOING", "10", "2going", "U.S.", "continuing" + " " * 25)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", " ", "  "])),
                min_size=2, max_size=25))
def test_to_rule_before_tokenising_changes_no_cue(parts):
    # with the check forced to tokenise every time, the full rules decide: the same cues
    text = "".join(a + b for a, b in parts)
    fast = _verb_cues(text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cues, "_catenative_may_precede", lambda *_: True)
        assert _verb_cues(text) == fast
