"""Readability: every index equals textstat 0.7.8's own function, from counts made once."""
from __future__ import annotations

import importlib
import math

import pytest
import textstat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis
from analysis import paths
from analysis.text import Doc

rd = importlib.import_module("analysis.readability")

TEXTSTAT = {
    "flesch_reading_ease": textstat.flesch_reading_ease,
    "flesch_kincaid_grade": textstat.flesch_kincaid_grade,
    "gunning_fog": textstat.gunning_fog,
    "smog_index": textstat.smog_index,
    "dale_chall_readability_score": textstat.dale_chall_readability_score,
    "words_per_sentence": textstat.words_per_sentence,
    "syllables_per_word": textstat.avg_syllables_per_word,
}
HOSTILE = [
    "", " ", "\n\n", ".", "!!!", "?.!", "a", "A.", "I'm", "don't 'quoted' '' ' 's 'tis",
    "It's the dogs' bone; they'd've gone.", "rock'n'roll O'Neill ’s’", "İstanbul İİ İ.",
    "ﬁnance ﬂow", "ſtraße STRASSE", "e.g. U.S.A. i.e. Mr. Smith went to Washington.",
    "123 456.789 1,000,000 3.14", "😀 😀😀. 🇺🇦!",
    "مرحبا بالعالم. هذا نص.", "你好，世界。这是文本。",
    "\x00\x01\x02 \ufeff", "a\u2019s b\u2019t", "x" * 5000, "e\u0301e\u0301 cafe\u0301.",
    "\t tabs\tand\nnewlines\r\nhere.", "<script>alert('x')</script><p>Hi.</p>",
    "... --- ___ ***", "Mr. Smith said: 'no'. Then he left! Why? Because.", "one two. three",
    "Hyphen-ated well-known state-of-the-art words; e-mail. Co-operate.",
    "ALL CAPS HEADLINE WITH NO PUNCTUATION", "word " * 3000,
    "Dr. Who? Yes! No. Maybe... OK?!", "_under_score_ __init__.", "'''", "'t 's 'd 've 'll 're",
]


def _assert_same(text: str) -> None:
    """Equal to textstat, except NaN (not textstat's 0.0) for a text with no words."""
    mine = rd.readability(text)
    assert list(mine) == list(TEXTSTAT)
    if rd.text_counts(text).words == 0:
        assert all(math.isnan(v) for v in mine.values()), (text[:60], mine)
        return  # textstat: 0.0, and 3.1291 for SMOG, which mean nothing here
    for name, fn in TEXTSTAT.items():
        ref = fn(text)
        assert math.isclose(mine[name], ref, rel_tol=0, abs_tol=1e-9), (name, text[:60], mine[name],
                                                                        ref)


def test_seeds_match_textstat():
    corpus = analysis.load_corpus()
    texts = [p.read_text(encoding="utf-8") for p in sorted(paths.RAW_DIR.glob("*.txt"))]
    for text in texts + corpus["body"].tolist():
        _assert_same(text)


def test_allsides_matches_textstat(allsides_texts):
    assert len(allsides_texts) == 1000
    for text in allsides_texts[::4]:  # 250 real articles of every length and outlet
        _assert_same(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_matches_textstat(text):
    _assert_same(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
       | st.lists(st.sampled_from(["The", "cat", "sat", "unbelievable", "I'm", "'s", ".", "!",
                                   "?", " ", "\n", "-", "U.S.", "İ", "’", "'", "co-operate",
                                   "ﬁ", "x", "1.5"]), max_size=80).map("".join))
def test_any_text_matches_textstat(text):
    _assert_same(text)


def test_counts_once_and_textstat_counts_agree():
    text = ("Russian lawmakers ratified a treaty of mutual defence with North Korea on "
            "Thursday. It's important, he said. The treaty obliges Russia to help.")
    c = rd.text_counts(text)
    assert c.sentences == textstat.sentence_count(text)
    assert c.words == textstat.lexicon_count(text)
    assert c.syllables == textstat.syllable_count(text)
    assert c.polysyllables == textstat.polysyllabcount(text)
    assert c.difficult_dale_chall == len(
        textstat.backend.selections.list_difficult_words(text, 0, "en_US"))


@pytest.mark.parametrize("text", ["", " \n\t ", "...", "!!! ???", "— – •", "\x00", None])
def test_a_text_without_words_has_no_index(text):
    values = rd.readability(text)
    assert list(values) == list(TEXTSTAT)
    assert all(math.isnan(v) for v in values.values()), values
    feats = rd.readability_features(Doc(text) if isinstance(text, str) else text)
    assert all(math.isnan(feats[f"readability_{k}"]) for k in TEXTSTAT)
    assert feats["readability_n_words"] == 0.0


def test_one_word_is_enough_for_every_index():
    values = rd.readability("Hello.")
    assert not any(math.isnan(v) for v in values.values())
    assert values["words_per_sentence"] == 1.0


def test_direction_easy_text_reads_easier():
    easy = "The cat sat on the mat. The dog ran. We had fun."
    hard = ("Notwithstanding considerable institutional reticence, the intergovernmental "
            "organisation's deliberations necessitated unprecedented multilateral coordination.")
    e, h = rd.readability(easy), rd.readability(hard)
    assert e["flesch_reading_ease"] > h["flesch_reading_ease"]
    assert e["flesch_kincaid_grade"] < h["flesch_kincaid_grade"]
    assert e["gunning_fog"] < h["gunning_fog"] and e["smog_index"] < h["smog_index"]


def test_features_keys_and_values():
    text = paths.RAW_DIR.joinpath("004_a4d8f900899fbc8f.txt").read_text(encoding="utf-8")
    feats = rd.readability_features(Doc(text))
    assert feats["readability_flesch_reading_ease"] == textstat.flesch_reading_ease(text)
    assert all(k.startswith("readability_") and isinstance(v, float) for k, v in feats.items())
    assert analysis.readability(text) == rd.readability(text)



def test_syllable_table_equals_cmudict_for_every_entry():
    """The shipped table gives, for every CMUdict word, textstat's syllable count of its
    first pronunciation, and nothing for a word CMUdict lacks (Pyphen takes over)."""
    from textstat.backend.utils._get_cmudict import get_cmudict

    cmu = get_cmudict(rd.LANG)
    words, _ = rd._syllable_table()
    assert len(words) == len(cmu) > 100_000
    for word, prons in cmu.items():
        assert rd.cmu_syllables(word) == sum(1 for p in prons[0] if p[-1].isdigit()), word
    for word in ["", "zzzzqx", "Hello", "hello ", "'", "\uffff", "istanbul\u0307"]:
        assert word not in cmu and rd.cmu_syllables(word) is None
    assert rd._syllables_one("hello") == 2 and rd._syllables_one("zzzzqx") == 1


def test_syllable_table_names_its_source_and_licence():
    import gzip

    head = gzip.decompress(rd.SYLLABLE_TABLE.read_bytes()).decode("utf-8").split("\n", 1)[0]
    assert head.startswith("# source: The CMU Pronouncing Dictionary") and "licence" in head
    assert "Carnegie Mellon" in (rd.SYLLABLE_TABLE.parent / "LICENSE-cmudict.txt").read_text(
        encoding="utf-8")


def _pyphen():
    from textstat.backend.utils._get_pyphen import get_pyphen

    return get_pyphen(rd.LANG)


def test_hyphen_patterns_are_pyphens():
    """The patterns read from Pyphen's dictionary are the ones Pyphen parses from it."""
    pyphen = _pyphen()
    assert (rd.HYPHEN_LEFT, rd.HYPHEN_RIGHT) == (pyphen.left, pyphen.right)
    assert len(rd.hyphen_patterns()) > 10_000
    assert rd.hyphen_patterns() == {tags: (start, [int(v) for v in values])
                                    for tags, (start, values) in pyphen.hd.patterns.items()}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdehilmnorstuy'.-_0é\u0130\u0131ß")), max_size=24))
def test_hyphen_points_equal_pyphen(word):
    """The faster Liang walk counts the hyphenation points Pyphen finds."""
    assert rd.hyphen_points(word) == len(_pyphen().positions(word))


def test_hyphen_points_equal_pyphen_on_real_words(allsides_texts):
    words = {w.lower() for text in allsides_texts[:200] for w in rd._words(text)}
    assert len(words) > 5000
    assert [w for w in words if rd.hyphen_points(w) != len(_pyphen().positions(w))] == []


def test_textstat_constants_and_easy_words():
    """The constants and the easy-word list are textstat's own."""
    from textstat.backend.utils import constants
    from textstat.backend.utils._get_lang_easy_words import get_lang_easy_words

    assert rd._CFG == constants.LANG_CONFIGS["en"]
    assert rd._RE_NONCONTRACTION_APOSTROPHE == constants.RE_NONCONTRACTION_APOSTROPHE
    assert rd._EASY == frozenset(get_lang_easy_words(rd.LANG)) and len(rd._EASY) > 2000
