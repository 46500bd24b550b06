"""Outlet comparison: similarity, syndication, aggregators, bootstrap summaries, claims
across outlets, reliability indicators, the outlet map and outside ratings."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis as an
from analysis import claims, compare, features

STAR, GROUND = "Honolulu Star-Advertiser", "Ground News"


@pytest.fixture(scope="module")
def seeds():
    return an.load_corpus()


@pytest.fixture(scope="module")
def syn(seeds):
    return compare.find_syndication(seeds)


@pytest.fixture(scope="module")
def units(seeds):
    return claims.sentences_and_claims(seeds)


@pytest.fixture(scope="module")
def allsides():
    corpus = an.load_corpus(an.paths.ALLSIDES_SAMPLE)
    return corpus.sort_values("article_id").head(120).reset_index(drop=True)


# ---------------------------------------------------------------- similarity


def test_similarity_matrix_is_a_cosine_matrix(seeds):
    sim = compare.similarity_matrix(seeds)
    values = sim.to_numpy()
    assert list(sim.index) == list(seeds["article_id"])
    np.testing.assert_allclose(values, values.T)
    np.testing.assert_allclose(np.diag(values), 1.0)
    assert ((values >= 0) & (values <= 1)).all()
    # the aggregator page that reprints the Star-Advertiser lede is its nearest neighbour
    star = seeds.loc[seeds["outlet"] == STAR, "article_id"].iloc[0]
    ground = seeds.loc[seeds["outlet"] == GROUND, "article_id"].iloc[0]
    assert sim.loc[star].drop(star).idxmax() == ground


def test_similarity_by_outlet_keeps_the_largest_outlets(allsides):
    sim = compare.similarity_matrix(allsides, by="outlet", top=5)
    counts = allsides["outlet"].value_counts()
    expected = sorted(sorted(counts.index, key=lambda o: (-counts[o], o))[:5])
    assert list(sim.index) == expected and sim.shape == (5, 5)
    pairs = compare.most_similar_pairs(sim, 3)
    assert list(pairs["cosine"]) == sorted(pairs["cosine"], reverse=True)


# ---------------------------------------------------------------- syndication


def test_star_advertiser_lede_copied_by_ground_news_is_found_and_credited(syn):
    pair = syn.pairs[(syn.pairs["copy_outlet"] == GROUND) & (syn.pairs["source_outlet"] == STAR)]
    assert len(pair) == 1 and pair["credit"].iloc[0] == "source"
    assert pair["source_wire"].iloc[0] == "Reuters"      # the Star-Advertiser ran Reuters copy
    lede = syn.passages[syn.passages["copy_outlet"] == GROUND].iloc[0]
    assert lede["copy_text"].startswith("Russian President Vladimir Putin signed into law")
    assert lede["containment"] == 1.0
    assert "aggregator" in lede["rule"]        # same date: the non-aggregator page is the source


def test_ground_news_is_an_aggregator_from_page_signals_not_the_kind_column(seeds):
    blind = seeds.drop(columns=["kind"])
    flags = compare.aggregator_signals(blind).set_index("outlet")
    assert flags.loc[GROUND, "aggregator"]
    assert flags.loc[GROUND, "listing_lines"] >= 1            # "101 Articles"
    assert not flags.drop(GROUND)["aggregator"].any()


def test_news_articles_are_not_aggregators(allsides):
    flags = compare.aggregator_signals(allsides)
    assert flags["aggregator"].mean() < 0.05


def test_earlier_date_wins_credit(seeds):
    twin = seeds[seeds["outlet"] == "The Independent"].copy()
    twin["article_id"], twin["outlet"], twin["published"] = "copy-1", "Reprint Daily", \
        "2024-12-01"
    both = pd.concat([seeds, twin], ignore_index=True)
    passages = compare.find_syndication(both).passages
    reprint = passages[passages["copy_outlet"] == "Reprint Daily"]
    assert len(reprint) >= 10
    assert set(reprint["source_outlet"]) <= {"The Independent", "Morning Star"}
    assert (reprint["rule"] == "earlier publication date").all()
    assert not (passages["source_outlet"] == "Reprint Daily").any()


def test_remove_copied_cuts_only_credited_passages_and_audits_them(seeds, syn):
    own, audit = compare.remove_copied(seeds, syn.passages)
    assert len(own) == len(seeds) and (own["article_id"] == seeds["article_id"]).all()
    ground_body = own.loc[own["outlet"] == GROUND, "body"].iloc[0]
    assert "according to a decree published on Saturday" not in ground_body
    star_body = own.loc[own["outlet"] == STAR, "body"].iloc[0]
    assert star_body == seeds.loc[seeds["outlet"] == STAR, "body"].iloc[0]
    row = audit[audit["outlet"] == GROUND].iloc[0]
    assert row["credited_outlet"] == STAR
    original = seeds.loc[seeds["outlet"] == GROUND, "body"].iloc[0]
    assert original[row["start"]:row["end"]] == row["text"]
    before = an.extract_features(seeds).loc[row["article_id"], "text_words"]
    after = an.extract_features(own).loc[row["article_id"], "text_words"]
    assert before - after == pytest.approx(30, abs=2)


# ---------------------------------------------------------------- bootstrap


def test_single_article_outlets_are_marked_and_resample_sentences(units):
    sentences, _ = units
    out = compare.outlet_summary(sentences, n_boot=300, seed=0)
    assert out["single_article"].all() and set(out["marker"]) == {"single article"}
    assert set(out["resampling"]) == {"units only"}
    inside = out.dropna(subset=["estimate"])
    assert ((inside["ci_low"] <= inside["estimate"] + 1e-9)
            & (inside["estimate"] <= inside["ci_high"] + 1e-9)).all()
    star = out[(out["outlet"] == STAR) & (out["measure"] == "attributions_per_100w")].iloc[0]
    part = sentences[sentences["outlet"] == STAR]
    assert star["estimate"] == pytest.approx(100 * part["attributions"].sum()
                                             / part["words"].sum())
    assert star["ci_high"] > star["ci_low"]


def test_multi_article_outlets_resample_articles_too(units):
    sentences, _ = units
    merged = sentences.replace({"outlet": {"Morning Star": "UK dailies",
                                           "The Independent": "UK dailies"}})
    out = compare.outlet_summary(merged, n_boot=300, seed=0)
    uk = out[out["outlet"] == "UK dailies"]
    assert (uk["n_articles"] == 2).all() and not uk["single_article"].any()
    assert set(uk["resampling"]) == {"articles, then units"}
    again = compare.outlet_summary(merged, n_boot=300, seed=0)
    pd.testing.assert_frame_equal(out, again)                  # deterministic for a seed
    other = compare.outlet_summary(merged, n_boot=300, seed=1)
    assert not np.allclose(out["ci_low"].fillna(0), other["ci_low"].fillna(0))


def test_outlet_results_do_not_depend_on_other_outlets(units):
    sentences, _ = units
    full = compare.bootstrap_outlets(sentences, {"h": ("hedges", "words", 100.0)}, n_boot=200)
    alone = compare.bootstrap_outlets(sentences[sentences["outlet"] == STAR],
                                      {"h": ("hedges", "words", 100.0)}, n_boot=200)
    pd.testing.assert_frame_equal(full[full["outlet"] == STAR].reset_index(drop=True), alone)


def test_summary_wide_never_shows_an_estimate_without_interval(units, seeds):
    sentences, _ = units
    wide = compare.summary_wide(compare.outlet_summary(sentences, corpus=seeds, n_boot=200))
    cells = wide.drop(columns=["articles", "marker"]).to_numpy().ravel()
    assert all(c == "n/a" or ("[" in c and "]" in c) for c in cells)
    assert len(wide) == seeds["outlet"].nunique()


def test_allsides_summary_gives_every_outlet_an_interval(allsides):
    table = an.extract_features(allsides)
    assert len(table) == len(allsides)
    sentences = features.sentence_table(allsides)
    out = compare.outlet_summary(sentences, corpus=allsides, n_boot=200)
    hedges = out[out["measure"] == "hedges_per_100w"].set_index("outlet")
    assert set(hedges.index) == set(allsides["outlet"])
    assert hedges[["ci_low", "ci_high"]].notna().all().all()
    counts = allsides["outlet"].value_counts()
    assert (hedges["single_article"] == (counts.reindex(hedges.index) == 1)).all()


# ---------------------------------------------------------------- claims across outlets


def test_troop_numbers_are_contested_and_corroborated(seeds, syn, units):
    _, table = units
    checked = compare.crosscheck_claims(claims.mark_copied(table, syn.passages),
                                        similarity=compare.similarity_matrix(seeds))
    troops = checked[checked["key"] == "people: troops"]
    morning = troops[troops["outlet"] == "Morning Star"].iloc[0]
    assert morning["corroborated"] and morning["corroborated_by"] == "The Independent"
    star = troops[troops["outlet"] == STAR].iloc[0]
    assert star["contested"] and not star["corroborated"]
    assert "10,000" in star["other_values"]
    lineup = compare.claim_lineup(checked, "people: troops")
    assert list(lineup["value"]) == [11000, 10000, 10000, 3000, 3000, 1500]
    matrix = compare.claims_matrix(checked)
    assert matrix.loc["people: troops", "The Independent"] == "10,000; 3,000; 1,500"


def test_copied_numbers_do_not_corroborate():
    base = {"kind": "people", "group": "troops", "key": "people: troops", "against": np.nan,
            "hedged": False}
    table = pd.DataFrame([
        {**base, "article_id": "a", "outlet": "Wire", "value": 500.0, "copied": False},
        {**base, "article_id": "b", "outlet": "Paper", "value": 500.0, "copied": True},
    ])
    out = compare.crosscheck_claims(table)
    assert out["corroborated"].tolist() == [False, True]


# ---------------------------------------------------------------- reliability, map, ratings


def test_reliability_indicators_show_evidence_and_no_composite(seeds, syn, units):
    sentences, table = units
    checked = compare.crosscheck_claims(claims.mark_copied(table, syn.passages),
                                        similarity=compare.similarity_matrix(seeds))
    ind = compare.reliability_indicators(sentences, checked, n_boot=200)
    assert set(ind["indicator"]) == set(compare.INDICATORS)
    kyiv = ind[(ind["outlet"] == "Kyiv Independent")
               & (ind["indicator"] == "unverified_per_100_sentences")].iloc[0]
    assert kyiv["estimate"] > 0 and kyiv["evidence"].endswith("sentences")
    assert not any("score" in c for c in ind.columns)


def test_outlet_map_is_scaled_pca(seeds):
    table = an.extract_features(seeds)
    coords, loadings, explained = compare.outlet_map(table)
    assert sorted(coords["outlet"]) == sorted(seeds["outlet"])
    assert explained[0] >= explained[1] > 0 and explained.sum() <= 1 + 1e-9
    assert abs(coords["PC1"].mean()) < 1e-9                    # centred scores
    again, _, _ = compare.outlet_map(table)
    pd.testing.assert_frame_equal(coords, again)
    assert len(loadings) > 10


@pytest.mark.parametrize("a, b", [("The Independent", "independent"),
                                  ("CNN (Web News)", "CNN"), ("Fox News", "fox-news"),
                                  ("Le Monde", "Le  Mondé")])
def test_outlet_names_match_after_normalising(a, b):
    assert compare.normalise_outlet(a) == compare.normalise_outlet(b)


def test_ratings_join_as_labelled_side_columns(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text("# my ratings\noutlet,rating,source\nindependent,Lean Left,AllSides\n"
                    "The Morning Star,Left,MBFC\nDaily Planet,Center,MBFC\n", encoding="utf-8")
    ratings = compare.load_ratings(path)
    table = pd.DataFrame({"outlet": ["The Independent", "Morning Star"], "x": [1.0, 2.0]})
    joined, unmatched = compare.join_ratings(table, ratings)
    assert joined["rating: AllSides"].fillna("-").tolist() == ["Lean Left", "-"]
    assert joined["rating: MBFC"].fillna("-").tolist() == ["-", "Left"]
    assert joined["x"].tolist() == [1.0, 2.0]                   # nothing blended
    assert unmatched["outlet"].tolist() == ["Daily Planet"]


def test_allsides_bias_is_a_ratings_source(allsides):
    ratings = compare.ratings_from_corpus(allsides)
    assert set(ratings["source"]) == {compare.DATASET_RATING_SOURCE}
    assert set(ratings["rating"]) <= {"left", "center", "right"}
    assert set(ratings["outlet"]) == set(allsides["outlet"])
    assert compare.ratings_from_corpus(allsides.drop(columns=["bias_text"])).empty


def test_a_copied_clause_is_cut_without_the_rest_of_the_sentence(seeds, syn):
    clause = syn.passages[syn.passages["copy_outlet"] == "Morning Star"].iloc[0]
    assert clause["copy_text"].startswith("obliges Russia and North Korea")
    own, _ = compare.remove_copied(seeds, syn.passages)
    body = own.loc[own["outlet"] == "Morning Star", "body"].iloc[0]
    assert "comprehensive strategic partnership treaty" in body      # its own words stay
    assert "immediately provide military assistance" not in body


@pytest.mark.parametrize("author, body, agency", [
    ("Reuters", "Russian President ...", "Reuters"),
    (None, "WASHINGTON (AP) — The Senate voted ...", "AP"),
    ("Arpan Rai", "Russian lawmakers ratified a treaty ...", None),
    (None, "The APEX summit (an annual event) ...", None),
])
def test_wire_agency_from_author_or_dateline(author, body, agency):
    corpus = pd.DataFrame({"article_id": ["x"], "author": [author], "body": [body]})
    assert compare.wire_agencies(corpus).get("x") == agency


def test_degenerate_corpora_give_empty_tables_not_errors(seeds):
    nothing = seeds.assign(status="empty", body="")
    assert compare.similarity_matrix(nothing).empty
    syn = compare.find_syndication(nothing)
    assert syn.passages.empty and syn.pairs.empty and not syn.aggregators["aggregator"].any()
    sentences, table = claims.sentences_and_claims(nothing)
    assert sentences.empty and table.empty
    assert compare.reliability_indicators(sentences, None, n_boot=50).empty
    assert compare.claims_matrix(compare.crosscheck_claims(table)).empty
    one = an.extract_features(seeds.head(1))
    coords, loadings, explained = compare.outlet_map(one)
    assert len(coords) == 1 and len(explained) == 0 and loadings.empty
    assert an.extract_features(seeds.head(0)).shape == (0, 2 + len(features.feature_names()))
