"""Notebook text speaks of the corpus at hand: seed-story wording only on the seed corpus."""
from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

import analysis as an
from analysis import narrative, report

#: Words of the seed story (the 2024 Russia–North Korea treaty) that a report on another
#: corpus must not show as its own narrative.
SEED_STORY = re.compile(r"North Korea|\btroops?\b|\btreaty\b|Pyongyang", re.IGNORECASE)
NOTEBOOKS = report.notebook_paths()


def _prose(nb) -> list[str]:
    """Markdown cells and the code that is not data (titles, keys) of a notebook."""
    return [c.source for c in nb.cells if c.cell_type == "markdown"] + \
        [c.source for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_text_has_no_seed_story(path):
    nb = nbformat.read(path, as_version=4)
    found = [m.group(0) for text in _prose(nb) for m in SEED_STORY.finditer(text)]
    assert not found, f"{path.name} speaks of the seed story: {sorted(set(found))}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_captions_are_for_readers(path):
    nb = nbformat.read(path, as_version=4)
    names = re.findall(r"save_figure\(\s*fig\s*,\s*[\"']([^\"']+)[\"']",
                       "\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    for name in names:
        caption = report.figure_caption(nb, name)
        assert "..." not in caption and "…" not in caption, caption
        assert "`" not in caption and not re.search(r"\w\.\w+\(|\b[a-z]+_[a-z_]+\b", caption), \
            caption
        assert len(caption.split()) >= 12 and caption.endswith((".", "?", ")")), caption


def test_caption_keeps_whole_sentences_and_drops_code_names():
    md = ("## Rates\n\nHedges per 100 words of each outlet. `hedging.hedge_table` has one row "
          "per hedge. The `removed_share` column is the share removed. " +
          "A long sentence about intervals that goes on and on. " * 12)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(md),
                                         nbformat.v4.new_code_cell('save_figure(fig, "rates")')])
    caption = report.figure_caption(nb, "rates", limit=200)
    assert caption.startswith("Rates. Hedges per 100 words of each outlet.")
    assert "hedge_table" not in caption and "removed_share" not in caption
    assert "..." not in caption and caption.endswith(".") and len(caption) < 260


def test_findings_name_the_seed_story_only_on_the_seed_corpus():
    seeds = an.load_corpus()
    on_seeds = narrative.findings_text("06-claims", None, seeds)
    assert SEED_STORY.search(on_seeds)
    other = seeds.assign(outlet=["A", "B", "A", "C", "B"], published=None)
    for stem in narrative.SEED_FINDINGS:
        text = narrative.findings_text(stem, "my-articles.jsonl", other)
        assert not SEED_STORY.search(text), text
        assert "5 analysed articles from 3 outlets, without publication dates" in text


def test_outlet_counts_are_articles_and_words_of_usable_bodies():
    corpus = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "status": ["ok", "ok", "ok", "empty"],
                           "body": ["one two three", "four five", "six", ""]})
    counts = narrative.outlet_counts(corpus)
    assert counts.to_dict("records") == [{"outlet": "A", "articles": 2, "words": 5},
                                         {"outlet": "B", "articles": 1, "words": 1}]


def test_index_shows_outlet_ratings_as_the_raters_own_column():
    corpus = pd.DataFrame({"outlet": ["CNN (Web News)", "Reuters", "Fox News"],
                           "bias_text": ["left", "center", "right"]})
    summary = pd.DataFrame({"outlet": ["CNN (Web News)", "Reuters", "Fox News"],
                            "articles": [2, 1, 3]})
    shown, note = report.with_ratings(summary, corpus)
    assert list(shown.columns) == ["outlet", "AllSides rating", "articles"]
    assert list(shown["AllSides rating"]) == ["left", "center", "right"]
    assert "rater's own label" in note and "not combined" in note
    unrated, none = report.with_ratings(summary, corpus.drop(columns="bias_text"))
    assert unrated.equals(summary) and none == ""


def test_about_corpus_counts_undated_articles():
    corpus = pd.DataFrame({"outlet": ["A", "B", "B"], "status": "ok", "body": "x",
                           "published": ["2020-01-02", None, "2020-03-04"]})
    assert narrative.about_corpus(corpus) == (
        "3 analysed articles from 2 outlets, published between 02 January 2020 and "
        "04 March 2020 (1 without a date).")
