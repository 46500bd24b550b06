"""Numeric claims: parsing, counted nouns, sources and hedges, on real news sentences."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis as an
from analysis import claims


@pytest.fixture(scope="module")
def seeds():
    return an.load_corpus()


@pytest.fixture(scope="module")
def seed_claims(seeds):
    return claims.claims_table(seeds)


@pytest.mark.parametrize("text, number, value, hint", [
    ("North Korea has sent 11,000 troops to Russia", "11,000", 11000, "number"),
    ("what is reportedly a 10,000 strong deployment by Pyongyang", "10,000", 10000, "number"),
    ("a 10,000-strong force", "10,000", 10000, "number"),
    ("preparing 10 000 soldiers", "10 000", 10000, "number"),
    ("some 1.5 million people fled", "1.5 million", 1.5e6, "number"),
    ("Did Trump lie about $350 billion aid to Ukraine", "$350 billion", 3.5e11, "money"),
    ("a $2bn deal", "$2bn", 2e9, "money"),
    ("You've Raised:£ 5,047", "£ 5,047", 5047, "money"),
    ("40% of the sources are Center", "40%", 40, "percent"),
    ("12 per cent of voters", "12 per cent", 12, "percent"),
    ("The State Duma voted 397-0 to endorse the treaty", "397-0", 397, "vote"),
    ("in Russia's invasion of Ukraine in February 2022.", "February 2022", 2022, "date"),
    ("Thursday 24 October 2024 08:37 EDT", "24 October 2024", 2024, "date"),
])
def test_numbers_are_parsed_in_the_forms_news_uses(text, number, value, hint):
    found = [n for n in claims.find_numbers(text) if n.text == number]
    assert found, claims.find_numbers(text)
    n = found[0]
    assert text[n.start:n.end] == n.text
    assert n.value == pytest.approx(value) and n.kind_hint == hint


def test_vote_tally_keeps_both_sides_and_needs_vote_context():
    vote = claims.find_numbers("The State Duma voted 397-0 to endorse the treaty")[0]
    assert (vote.value, vote.against) == (397, 0)
    # a score-like pair without any vote word is not a tally
    assert all(n.kind_hint != "vote" for n in claims.find_numbers("Pages 12-14 of the file"))


def test_clock_times_and_article_numbers_are_not_claims():
    nums = claims.find_numbers("Thursday 24 October 2024 08:37 EDT")
    assert [n.text for n in nums] == ["24 October 2024"]


@pytest.mark.parametrize("text, noun, group", [
    ("11,000 troops to Russia", "troops", "troops"),
    ("1,500 North Korean special forces troops to aid", "forces", "troops"),
    ("10,000 strong deployment by Pyongyang", "deployment", "troops"),
    ("23 others, regional Governor Ivan Fedorov said", "others", "people"),
    ("3 training grounds, he added", "grounds", "ground"),
    ("four rotating battalion-sized units to Estonia", "battalion-sized units", "troops"),
    ("300 housing units in the city", "units", "unit"),
])
def test_counted_noun_skips_modifiers(text, noun, group):
    end = len(text.split()[0])
    found = claims.counted_noun(text, end)
    assert found[0] == noun and found[2] == group


def test_seed_troop_numbers_line_up_with_their_sources(seed_claims):
    troops = seed_claims[seed_claims["key"] == "people: troops"]
    got = sorted(zip(troops["outlet"], troops["value"], troops["source"].fillna("-"),
                     strict=True))
    assert got == [
        ("Honolulu Star-Advertiser", 11000.0, "Ukrainian President Volodymyr Zelenskiy"),
        ("Morning Star", 10000.0, "-"),
        ("The Independent", 1500.0, "South Korea"),
        ("The Independent", 3000.0, "the US"),
        ("The Independent", 3000.0, "the US defence secretary"),
        ("The Independent", 10000.0, "Ukrainian president Volodymyr Zelensky"),
    ]


def test_hedges_and_approximators_are_attached(seed_claims):
    troops = seed_claims[seed_claims["key"] == "people: troops"].set_index("text")
    morning = seed_claims[(seed_claims["outlet"] == "Morning Star")
                          & (seed_claims["key"] == "people: troops")].iloc[0]
    assert "reportedly" in morning["hedges"]
    assert morning["source_type"] == "unnamed (evidential)" and morning["hedged"]
    assert bool(troops.loc["1,500", "approximate"])        # "some 1,500"
    zelenskiy = seed_claims[seed_claims["value"] == 11000].iloc[0]
    assert not zelenskiy["hedged"] and not zelenskiy["approximate"]


def test_vote_and_number_words(seed_claims):
    vote = seed_claims[seed_claims["kind"] == "vote"].iloc[0]
    assert vote["text"] == "397-0" and vote["against"] == 0 and vote["key"] == "vote: tally"
    six = seed_claims[(seed_claims["text"] == "six")].iloc[0]
    assert six["kind"] == "people" and six["source"] == "regional Governor Ivan Fedorov"
    # "two of the U.S.'s main enemies" counts nothing: number words need a counted noun
    assert "two" not in set(seed_claims["text"])


def test_claim_offsets_and_sentences_point_at_the_text(seeds, seed_claims):
    bodies = dict(zip(seeds["article_id"], seeds["body"], strict=True))
    for r in seed_claims.itertuples():
        assert bodies[r.article_id][r.start:r.end] == r.text
        assert r.text in r.sentence


def test_sentences_and_claims_in_one_pass_match_the_separate_tables(seeds, seed_claims):
    from analysis.features import sentence_table

    sentences, together = claims.sentences_and_claims(seeds)
    assert together.equals(seed_claims)
    assert sentences.equals(sentence_table(seeds))


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_find_claims_never_raises_and_offsets_hold(text):
    for c in claims.find_claims(text):
        assert text[c.start:c.end] == c.text
        assert c.kind in claims.CLAIM_KINDS
        assert isinstance(c.value, float) and (math.isnan(c.value) or c.value >= 0)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789,. -–$%£kmbnMillion ", max_size=40))
def test_find_numbers_on_digit_soup(text):
    for n in claims.find_numbers(text):
        assert text[n.start:n.end] == n.text


@pytest.mark.parametrize("text, key", [
    ("Rhodes said there were no expectations of any deal on post-2014 troop levels.", "date"),
    ("the 1987 Intermediate-Range Nuclear Forces Treaty", "date"),
    ("Senators voted 52-48 to confirm him.", "vote: tally"),
    ("Clinton won 20 million votes.", "vote: votes"),
    ("NATO had estimated Russia has 40,000 troops along the border.", "people: troops"),
    ("Between 14,000 and 13,000 troops are in the country.", "people: troops"),
])
def test_claim_keys_on_allsides_style_sentences(text, key):
    assert {c.key for c in claims.find_claims(text)} == {key}


# ------------------------------------------------------------------ claims lined up per story


def _story_corpus(topics=None):
    import pandas as pd
    rows = [("a1", "Outlet A", "2020-03-01", "The senate voted 51-49 on the relief bill."),
            ("b1", "Outlet B", "2020-03-03", "Senators voted 51-48 on the relief bill."),
            ("c1", "Outlet C", "2016-11-08", "The county voted 60-40 in the mayoral race."),
            ("d1", "Outlet D", "", "The council voted 7-2 on the zoning plan.")]
    df = pd.DataFrame(rows, columns=["article_id", "outlet", "published", "body"])
    df["status"] = "ok"
    if topics is not None:
        df["topic"] = topics
    return df


def _similarity(ids, linked):
    import pandas as pd
    sim = pd.DataFrame(0.0, index=ids, columns=ids)
    for a, b in linked:
        sim.loc[a, b] = sim.loc[b, a] = 0.5
    for a in ids:
        sim.loc[a, a] = 1.0
    return sim


def test_stories_join_similar_articles_of_one_period_only():
    from analysis import compare
    corpus = _story_corpus()
    ids = list(corpus["article_id"])
    # a1-b1 share vocabulary and dates; a1-c1 share vocabulary but are 3 years apart;
    # d1 is undated and shares vocabulary with b1 only
    sim = _similarity(ids, [("a1", "b1"), ("a1", "c1"), ("b1", "d1")])
    stories = compare.story_groups(corpus, sim)
    assert stories["a1"] == stories["b1"] == stories["d1"]
    assert stories["c1"] != stories["a1"]
    # without shared vocabulary nothing is joined, whatever the dates
    alone = compare.story_groups(corpus, _similarity(ids, []))
    assert alone.nunique() == len(ids)


def test_stories_never_cross_the_corpus_topic():
    from analysis import compare
    corpus = _story_corpus(["politics", "congress", "politics", "politics"])
    ids = list(corpus["article_id"])
    stories = compare.story_groups(corpus, _similarity(ids, [("a1", "b1"), ("a1", "d1")]))
    assert stories["a1"] != stories["b1"], "different topics are different stories"
    assert stories["a1"] == stories["d1"] and stories["a1"].startswith("politics")
    assert stories["b1"].startswith("congress")


def test_lineup_keeps_to_one_story():
    import pandas as pd

    from analysis import compare
    corpus = _story_corpus()
    ids = list(corpus["article_id"])
    table = claims.claims_table(corpus)
    checked = compare.crosscheck_claims(table)
    assert set(checked["key"]) == {"vote: tally"}
    stories = compare.story_groups(corpus, _similarity(ids, [("a1", "b1")]))
    candidates = compare.lineup_candidates(checked, stories)
    best = candidates.iloc[0]
    assert (best["key"], best["outlets"]) == ("vote: tally", 2)
    lineup = compare.claim_lineup(checked, best["key"], best["story"], stories)
    assert sorted(lineup["outlet"]) == ["Outlet A", "Outlet B"]
    # without stories every vote of the corpus would be lined up as one
    assert len(compare.claim_lineup(checked, "vote: tally")) == 4
    assert isinstance(candidates, pd.DataFrame)


def test_seed_lineup_is_the_one_story_of_the_seed_corpus(seeds, seed_claims):
    from analysis import compare
    sim = compare.similarity_matrix(seeds)
    stories = compare.story_groups(seeds, sim)
    assert stories.nunique() == 1, "the five seed pages report one story"
    checked = compare.crosscheck_claims(seed_claims, similarity=sim)
    best = compare.lineup_candidates(checked, stories).iloc[0]
    lineup = compare.claim_lineup(checked, best["key"], best["story"], stories)
    assert best["outlets"] == lineup["outlet"].nunique() >= 3
