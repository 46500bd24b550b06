"""The feature table, its transformer and the per-sentence table, on the seed pages."""
from __future__ import annotations

import math
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone

import analysis as an
from analysis import features
from analysis.text import Doc


@pytest.fixture(scope="module")
def seeds():
    return an.load_corpus()


@pytest.fixture(scope="module")
def table(seeds):
    return an.extract_features(seeds)


def test_one_row_per_article_indexed_by_id_with_status(seeds, table):
    assert list(table.index) == list(seeds["article_id"])
    assert table.index.name == "article_id"
    assert (table["status"] == seeds["status"].to_numpy()).all()
    assert list(table["outlet"]) == list(seeds["outlet"])


def test_every_registered_extractor_contributes_columns(table):
    assert features.missing_extractors() == []
    for prefix in ("text_", "hedge_", "attribution_", "term_", "locale_", "readability_",
                   "verification_"):
        assert any(c.startswith(prefix) for c in table.columns), prefix
    assert list(table.columns[2:]) == features.feature_names()


def test_features_are_the_per_article_function(seeds, table):
    body = seeds.loc[seeds["outlet"] == "The Independent", "body"].iloc[0]
    row = table.loc[seeds.loc[seeds["outlet"] == "The Independent", "article_id"].iloc[0]]
    direct = features.article_features(body)
    assert direct["text_words"] == Doc(body).n_words == row["text_words"]
    assert all(row[k] == v or (math.isnan(v) and math.isnan(row[k])) for k, v in direct.items())


def test_unusable_rows_keep_status_and_get_nan(seeds):
    broken = pd.concat([seeds, pd.DataFrame([{"article_id": "x-empty", "outlet": "Nowhere",
                                              "body": "", "status": "empty"}])],
                       ignore_index=True)
    out = an.extract_features(broken)
    assert len(out) == len(broken)
    assert out.loc["x-empty", "status"] == "empty"
    assert out.loc["x-empty", features.feature_names()].isna().all()
    assert out.loc[seeds["article_id"], "text_words"].notna().all()


def test_process_pool_gives_identical_results(seeds, table):
    pd.testing.assert_frame_equal(an.extract_features(seeds, n_jobs=2), table)


def test_article_features_is_picklable_for_pools_and_dask():
    assert pickle.loads(pickle.dumps(features.article_features)) is features.article_features


def test_empty_text_gives_nan_rates_not_errors():
    out = features.article_features("")
    assert out["text_words"] == 0
    assert math.isnan(out["text_words_per_sentence"])
    assert math.isnan(out["verification_per_100w"])


def test_transformer_stores_parameters_only_and_clones():
    est = features.ArticleFeatures(n_jobs=2)
    assert est.get_params() == {"n_jobs": 2, "chunksize": None}
    assert not hasattr(est, "feature_names_")
    assert clone(est).get_params() == est.get_params()


def test_transformer_outputs_array_or_pandas(seeds, table):
    est = features.ArticleFeatures().fit(seeds)
    names = est.get_feature_names_out()
    arr = est.transform(seeds)
    assert isinstance(arr, np.ndarray) and arr.shape == (len(seeds), len(names))
    df = features.ArticleFeatures().set_output(transform="pandas").fit_transform(seeds)
    assert list(df.columns) == list(names) and list(df.index) == list(seeds["article_id"])
    pd.testing.assert_frame_equal(df, table[list(names)])
    texts = features.ArticleFeatures().fit_transform(seeds["body"].tolist())
    np.testing.assert_array_equal(texts, arr)


def test_transformer_in_a_pipeline(seeds):
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    pipe = make_pipeline(features.ArticleFeatures(), SimpleImputer(keep_empty_features=True),
                         StandardScaler())
    assert pipe.fit_transform(seeds).shape == (len(seeds), len(features.feature_names()))


def test_sentence_table_adds_up_to_the_article(seeds):
    from analysis.hedging import find_hedges

    sent = features.sentence_table(seeds)
    for aid, body in zip(seeds["article_id"], seeds["body"], strict=True):
        part = sent[sent["article_id"] == aid]
        doc = Doc(body)
        assert list(part["sentence_index"]) == list(range(len(doc.sentences)))
        assert part["words"].sum() == doc.n_words
        assert part["hedges"].sum() == len(find_hedges(body))
        assert part["quoted_words"].sum() == doc.quoted_word_count
    assert set(sent["attributed"]) <= {0.0, 1.0}


def test_sentence_table_counts_the_kyiv_independent_unverified_reports(seeds):
    sent = features.sentence_table(seeds)
    kyiv = sent[sent["outlet"] == "Kyiv Independent"]
    assert kyiv["hedge_unverified"].sum() >= 1     # "has not been able to verify these reports"


@pytest.mark.parametrize("text, found", [
    ("The deaths were confirmed by local officials on Monday.", ["confirmed by"]),
    ("Reuters independently verified the footage.", ["independently verified"]),
    ("The Kyiv Independent has not been able to verify these reports.", []),
    ("The claims could not be confirmed.", []),
    ("Russia has not confirmed the presence of the North Korean troops.", []),
])
def test_verification_language(text, found):
    got = features.find_verifications(text)
    assert [v.text for v in got] == found
    assert all(text[v.start:v.end] == v.text for v in got)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_find_verifications_never_raises(text):
    for v in features.find_verifications(text):
        assert text[v.start:v.end] == v.text


def _same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        x == y or (math.isnan(x) and math.isnan(y)) for x, y in zip(a.values(), b.values()))


def test_batch_equals_one_article_at_a_time(allsides_texts):
    texts = [*allsides_texts[:70], "", "   ", "\x00\x01", "“", "Officials said."]
    batch = features.article_features_batch(texts)
    assert len(batch) == len(texts)
    assert all(_same(b, features.article_features(t)) for b, t in zip(batch, texts))
    assert features.article_features.batch is features.article_features_batch


def test_batch_pauses_the_collector_and_restores_it(monkeypatch, allsides_texts):
    # paused while the extractors run, as it was afterwards (on, off, or after a raise)
    import gc

    seen = []
    real = features.active_extractors()

    def probe(doc: Doc) -> dict[str, float]:
        seen.append(gc.isenabled())
        if "RAISE" in doc.text:
            raise KeyboardInterrupt        # not caught per article: leaves the batch
        return {}

    monkeypatch.setattr(features, "active_extractors", lambda: [*real, ("probe", probe)])
    enabled = gc.isenabled()
    try:
        gc.enable()
        assert "readability_n_words" in features.article_features_batch(allsides_texts[:2])[0]
        assert gc.isenabled() and seen == [False, False]
        gc.disable()
        features.article_features_batch(allsides_texts[:1])
        assert not gc.isenabled()
        gc.enable()
        with pytest.raises(KeyboardInterrupt):
            features.article_features_batch(["Officials said RAISE."])
        assert gc.isenabled() and seen == [False, False, False, False]
    finally:
        (gc.enable if enabled else gc.disable)()


@pytest.fixture
def fresh_feature_names():
    """Feature-name caches emptied before and after (a test changes the extractors)."""
    from analysis import stream

    for cached in (features._probe_names, stream.feature_names):
        cached.cache_clear()
    yield
    for cached in (features._probe_names, stream.feature_names):
        cached.cache_clear()


def test_a_raising_extractor_costs_only_its_article(monkeypatch, allsides_texts,
                                                    fresh_feature_names):
    def poisoned(doc: Doc) -> dict[str, float]:
        if "POISON" in doc.text:
            raise ValueError("poisoned article")
        return {"poison_free": 1.0}

    real = features.active_extractors()
    monkeypatch.setattr(features, "active_extractors",
                        lambda: [real[0], ("poison", poisoned), *real[1:]])
    texts = [allsides_texts[0], "Officials said POISON was found.", allsides_texts[1]]
    out = features.article_features_batch(texts)
    assert isinstance(out[1], ValueError)
    assert out[0]["poison_free"] == 1.0 and "readability_n_words" in out[2]
    with pytest.raises(ValueError, match="poisoned"):
        features.article_features(texts[1])
    with pytest.raises(ValueError, match="poisoned"):
        features.extract_features(texts)
    chunk = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": "x", "status": "ok",
                          "body": texts})
    from analysis.stream import FEATURE_ERROR, features_frame

    table = features_frame(chunk)
    assert table["status"].tolist() == ["ok", FEATURE_ERROR, "ok"]
    assert "ValueError: poisoned article" in table["status_detail"][1]
    assert table.loc[[0, 2], "readability_n_words"].gt(100).all()
