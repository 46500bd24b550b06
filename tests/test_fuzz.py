"""Every public text function on any str: no exception, and offsets that point at the span.

Hypothesis draws from the whole of Unicode (surrogates aside, which no decoded text holds),
from news-like tokens mixed with case-folding oddities (dotted and dotless I, long s, sharp s,
ligatures, the Kelvin sign, final sigma, combining marks), and from real sentences whose
letters are swapped for those oddities. For each result that is a span dataclass,
``0 <= start <= end <= len(text)`` and, where it carries its text, ``text[start:end]`` is it.
"""
from __future__ import annotations

import dataclasses
import importlib
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis as an
from analysis import claims
from analysis import corpus as an_corpus

ODDITIES = ["\u0130", "\u0131", "\u017f", "\u00df", "\u1e9e", "\ufb01", "\ufb02", "\ufb00",
            "\u212a", "\u212b", "\u03c2", "\u03a3", "\u0307", "\u0301", "\u0308", "\u01c5",
            "\u0149", "\u0390", "\u1f80", "\u2126", "\u00b5", "\u0345", "\u200b", "\u200d",
            "\u00a0", "\u2009", "\u202f", "\u2028", "\u2029", "\u0085", "\ufeff", "\x00",
            "\u202e", "\u2066", "\U0001d7d8", "\u0663", "\u00b2", "\u2155", "\u216b"]
WORDS = ["six", "nine", "SIX", "Six", "seven", "thousand", "million", "billion", "a dozen",
         "a hundred", "soldiers", "troops", "people", "killed", "said", "says", "told",
         "according to", "reportedly", "allegedly", "may", "could", "clearly", "about",
         "officials", "Kyiv", "Kiev", "Zelensky", "Zelenskyy", "invasion", "colour", "color",
         "organise", "organize", "3,000", "1.5", "$2bn", "40%", "per cent", "397-0", "vote",
         "June 19", "2024", "Mr.", "U.S.", "e.g.", '"', "\u201c", "\u201d", "'", "\u2018",
         "\u2019", "\u00ab", "\u00bb", ".", "!", "?", ",", ";", ":", "-", "\u2014", "(", ")",
         " ", " ", " ", "\n", "\n\n", "\t", "http://x.example/a?b=c", "<p>", "&amp;"]
SENTENCES = [
    "Pyongyang has reportedly sent about 3,000 soldiers, officials said on Tuesday.",
    "\u201cWe are seeing evidence,\u201d Lloyd Austin said. Six soldiers were killed.",
    "Kyiv said nine drones were shot down; the Kremlin could not be reached for comment.",
    "The vote was 397-0, according to the speaker. Nineteen people may have died.",
    "Seven thousand troops, the ministry said, had arrived. The organisation's colour.",
]
SWAPS = {"i": "\u0131", "I": "\u0130", "s": "\u017f", "k": "\u212a", "K": "\u212a",
         "fi": "\ufb01", "ss": "\u00df", "e": "e\u0301", "o": "\u03bf", "a": "\u0430"}


@st.composite
def oddified(draw):
    """A real sentence with some letters swapped for look-alikes or case-folding oddities."""
    text = draw(st.sampled_from(SENTENCES))
    for old, new in SWAPS.items():
        if draw(st.booleans()):
            text = text.replace(old, new) if draw(st.booleans()) else \
                text.replace(old.upper(), new.upper())
    return text


TEXTS = (st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
         | st.lists(st.sampled_from(WORDS + ODDITIES), max_size=60).map("".join)
         | st.lists(st.sampled_from(WORDS) | st.sampled_from(ODDITIES)
                    | st.text(st.characters(codec="utf-8"), max_size=3),
                    max_size=80).map(" ".join)
         | oddified())

REPRODUCTIONS = ["SİX soldiers", "nİne", "ſix", "ſeven thouſand troops were sent",
                 "SİX SOLDİERS WERE KİLLED, officials said.", "\u212aILLED six soldiers",
                 "ﬁve ﬁfty \u017fix", "STRASSE STRAẞE straße", "ΣΊΣΥΦΟΣ σίσυφος",
                 "İ" * 50, "ı" * 50 + " nine", "a\u0307" * 40]


def _spans(result):
    """The span dataclasses in a result (a list of them, or one)."""
    items = result if isinstance(result, (list, tuple)) else [result]
    return [x for x in items if dataclasses.is_dataclass(x) and hasattr(x, "start")]


def check_offsets(text: str, result) -> None:
    for span in _spans(result):
        assert isinstance(span.start, int) and isinstance(span.end, int), span
        assert 0 <= span.start <= span.end <= len(text), (span, len(text))
        own = getattr(span, "text", None)
        if isinstance(own, str):
            assert text[span.start:span.end] == own, (span, text[span.start:span.end])


MODULES = {"find_numbers": "claims", "find_contested_claims": "attribution",
           "find_verifications": "features", "find_locale_evidence": "terms"}


def _call(name: str):
    if name in MODULES:
        return getattr(importlib.import_module(f"analysis.{MODULES[name]}"), name)
    return getattr(an, name)


#: Every public function of ``analysis`` that takes one text (``__all__``), and the public
#: finders of the modules behind them.
FIND = ["find_hedges", "find_boosters", "find_attributions", "find_terms", "find_claims",
        "find_numbers", "find_contested_claims", "find_verifications", "find_locale_evidence",
        "find_comment_requests",
        "sentence_spans", "quote_spans"]
OTHER = ["split_sentences", "clean_text", "clean_page", "readability", "locale", "Doc"]


def test_the_lists_cover_the_public_text_functions():
    text_functions = {n for n in an.__all__ if n.startswith("find_")} - {"find_syndication"}
    assert text_functions <= set(FIND)
    assert {"split_sentences", "clean_text", "readability", "locale"} <= set(OTHER)


@pytest.mark.parametrize("name", FIND)
@pytest.mark.parametrize("text", REPRODUCTIONS)
def test_case_folding_reproductions(name, text):
    check_offsets(text, _call(name)(text))


def test_odd_case_number_words_keep_their_value():
    assert [(n.text, n.value) for n in claims.find_numbers("SİX soldiers and ſeven thouſand")] \
        == [("SİX", 6.0), ("ſeven thouſand", 7000.0)]
    assert [(c.text, c.kind) for c in an.find_claims("SİX soldiers were killed")] == [
        ("SİX", "people")]


def _fuzz(name):
    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(TEXTS)
    def run(text):
        check_offsets(text, _call(name)(text))

    return run


@pytest.mark.parametrize("name", FIND)
def test_find_functions_never_raise_and_offsets_are_valid(name):
    _fuzz(name)()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_text_helpers_never_raise(text):
    sentences = an.split_sentences(text)
    assert all(isinstance(s, str) for s in sentences)
    assert isinstance(an.clean_text(text), str)
    page = an.clean_page(text)
    assert isinstance(page.body, str)
    values = an.readability(text)
    assert all(isinstance(v, float) for v in values.values())
    assert all(not math.isinf(v) for v in values.values())
    an.locale(text)
    doc = an.Doc(text)
    assert doc.text == text


# --- the loader on any bytes ------------------------------------------------------------------

JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats()
                           | st.text(max_size=40),
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                           max_leaves=8)
ROWS = st.fixed_dictionaries({"text": st.text(max_size=80) | JSON_VALUES},
                             optional={"outlet": JSON_VALUES, "id": JSON_VALUES,
                                       "content": JSON_VALUES, "date": JSON_VALUES})
LINES = st.lists(ROWS.map(lambda r: json.dumps(r).encode())
                 | st.binary(max_size=60).map(lambda b: b.replace(b"\n", b" ")),
                 min_size=1, max_size=12)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(LINES)
def test_any_jsonl_gives_one_row_per_line_or_a_corpus_error(tmp_path, lines):
    path = tmp_path / "any.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    try:
        df = an.load_corpus(path, max_bytes=200)
    except an_corpus.CorpusError:
        return
    expected = sum(1 for line in lines if line.strip())
    assert len(df) == expected
    assert df["article_id"].is_unique
    assert set(df["status"]) <= set(an_corpus.STATUSES)
    assert all(isinstance(b, str) for b in df["body"])
    summary = an_corpus.status_summary(df)
    assert summary[0].endswith(f"of {expected:,} rows will be analysed" if expected
                               else "0 rows: nothing to analyse")
