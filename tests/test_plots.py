"""Figures say what they show: outlets with their evidence, no empty axes, no blank rows."""
from __future__ import annotations

import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import plots


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(fig) -> list[str]:
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [t.get_text() for t in ax.texts]
        out += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
        out.append(ax.get_title())
    if fig._suptitle is not None:
        out.append(fig._suptitle.get_text())
    return out


def _intervals(rows):
    return pd.DataFrame(rows, columns=["outlet", "indicator", "estimate", "ci_low", "ci_high",
                                       "n_articles", "single_article"])


def test_outlet_labels_and_titles_say_how_much_is_shown():
    assert plots.outlet_label("Reuters", 3, 1204) == "Reuters (n=3, 1,204 words)"
    assert plots.outlet_label("Reuters") == "Reuters"
    assert plots.shown_outlets(20, 109) == "the 20 outlets with most articles, of 109"
    assert plots.shown_outlets(5, 5) == "all 5 outlets"
    assert plots.shown_outlets(1, 1) == "the only outlet"


def test_timeline_without_dates_says_so_instead_of_an_empty_axis():
    overview = pd.DataFrame({"outlet": ["A", "B"], "published": [None, "not a date"],
                             "words_body": [100, 200], "article_id": ["a", "b"]})
    fig = plots.corpus_timeline(overview)
    assert any("No publication dates" in t for t in _texts(fig))
    assert not any(ax.collections for ax in fig.axes), "nothing plotted"


def test_timeline_rows_carry_articles_and_words_and_count_undated():
    overview = pd.DataFrame({"outlet": ["A", "A", "B"],
                             "published": ["2024-01-02", "2024-01-05", None],
                             "words_body": [100, 250, 80], "article_id": list("abc")})
    texts = _texts(plots.corpus_timeline(overview))
    assert "A (n=2, 350 words)" in texts
    assert any("1 undated" in t for t in texts)


def test_all_zero_panel_says_none_found_and_undefined_reads_na():
    table = _intervals([
        ("A", "verified", 0.0, 0.0, 0.0, 2, False), ("B", "verified", 0.0, 0.0, 0.0, 1, True),
        ("A", "named share", 0.5, 0.2, 0.8, 2, False),
        ("B", "named share", math.nan, math.nan, math.nan, 1, True)])
    fig = plots.plot_intervals(table, title="Reliability indicators")
    texts = _texts(fig)
    assert any(t.startswith("none found") for t in texts)
    assert "n/a" in texts
    assert "A (n=2)" in texts and "B (n=1)" in texts
    zero_panel = next(ax for ax in fig.axes if ax.get_title() == "verified")
    assert not zero_panel.lines, "no dots on an axis of zeros"


def test_suptitle_sits_above_the_panel_titles():
    table = _intervals([("A", f"m{i}", 0.1 * i, 0.0, 0.2 * i + 0.1, 3, False)
                        for i in range(4)])
    fig = plots.plot_intervals(table, title="A long title over four panels")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    top = fig._suptitle.get_window_extent(renderer)
    for ax in fig.axes:
        if ax.get_visible():
            assert ax.title.get_window_extent(renderer).y1 <= top.y0 + 1


def test_hedging_intervals_show_na_for_an_undefined_rate():
    rate = pd.DataFrame({"outlet": ["A", "B"], "estimate": [1.5, math.nan], "low": [1.0, math.nan],
                         "high": [2.0, math.nan], "n_articles": [4, 1]})
    texts = _texts(plots.hedging_intervals(rate, counts=pd.DataFrame(
        {"outlet": ["A", "B"], "articles": [4, 1], "words": [2000, 300]})))
    assert "n/a" in texts and "A (n=4, 2,000 words)" in texts


def test_source_matrix_colour_bar_counts_in_whole_numbers():
    matrix = pd.DataFrame([[1, 0], [0, 2]], index=["Doe", "a decree"],
                          columns=["Honolulu Star-Advertiser", "B"])
    fig = plots.attribution_source_matrix(matrix, counts={"Honolulu Star-Advertiser": (1, 192),
                                                          "B": 2})
    fig.canvas.draw()
    bar = fig.axes[-1]
    ticks = [t for t in bar.get_yticks() if 0 <= t <= 2]
    assert ticks and all(float(t).is_integer() for t in ticks)
    assert "Honolulu Star-Advertiser (n=1, 192 words)" in _texts(fig)


def test_outlet_map_legend_fills_each_rating_and_shows_hollow_as_single_article():
    coords = pd.DataFrame({"outlet": ["A", "B", "C", "D"], "PC1": [0.0, 1.0, 2.0, 3.0],
                           "PC2": [0.0, 1.0, 0.0, 1.0], "n_articles": [1, 5, 3, 2]})
    fig = plots.plot_outlet_map(coords, np.array([0.3, 0.2]), ratings={
        "A": "Left", "B": "Left", "C": "Right", "D": "Center"}, rating_label="AllSides rating")
    legend = fig.axes[0].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["AllSides rating: Left", "AllSides rating: Center",
                      "AllSides rating: Right", "single article (any rating)"]
    faces = [h.get_markerfacecolor() for h in legend.legend_handles]
    assert all(f != "none" for f in faces[:3]) and faces[3] == "none"


def test_outlet_map_names_or_numbers_every_outlet_without_collisions():
    rng = np.random.default_rng(0)
    n = 109
    coords = pd.DataFrame({"outlet": [f"Outlet number {i:03d}" for i in range(n)],
                           "PC1": rng.normal(size=n), "PC2": rng.normal(size=n),
                           "n_articles": rng.integers(1, 30, size=n)})
    fig = plots.plot_outlet_map(coords, np.array([0.3, 0.2]), ratings={
        "Outlet number 000": "Left", "Outlet number 001": "Right"}, rating_label="AllSides rating")
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    named = [t for t in ax.texts if t.get_text().startswith("Outlet")]
    boxes = [t.get_window_extent(renderer) for t in named]
    assert 10 <= len(named) < n
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    listed = "\n".join(t.get_text() for t in fig.texts)
    for outlet in coords["outlet"]:
        assert outlet in listed or any(t.get_text() == outlet for t in named), outlet
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "AllSides rating: Left" in legend and "AllSides rating: not rated" in legend


@pytest.mark.parametrize("make", [
    lambda: plots.hedging_intervals(pd.DataFrame(columns=["outlet", "estimate", "low", "high"])),
    lambda: plots.hedging_categories(pd.DataFrame()),
    lambda: plots.plot_intervals(_intervals([])),
    lambda: plots.attribution_source_matrix(pd.DataFrame()),
    lambda: plots.cleaning_words(pd.DataFrame(columns=["outlet", "article_id", "words_raw",
                                                       "words_body"])),
])
def test_figures_with_nothing_to_show_say_so(make):
    fig = make()
    assert fig.axes and not fig.axes[0].axison


def test_stacked_categories_say_none_found_or_na_instead_of_a_blank_row():
    table = pd.DataFrame({"epistemic": [0.5, 0.0, math.nan], "evidential": [0.2, 0.0, math.nan]},
                         index=["A", "B", "C"])
    texts = _texts(plots.hedging_categories(table))
    assert texts.count("none found") == 1 and texts.count("n/a") == 1


def test_empty_claim_lineup_says_there_is_nothing_to_line_up():
    lineup = pd.DataFrame(columns=["outlet", "text", "value", "source", "source_type", "hedges"])
    fig = plots.plot_claim_lineup(lineup)
    assert any("nothing to line up" in t for t in _texts(fig))


def test_outlet_names_can_be_coloured_by_the_raters_label():
    rate = pd.DataFrame({"outlet": ["A", "B", "C"], "estimate": [1.0, 2.0, 3.0],
                         "low": [0.5, 1.5, 2.5], "high": [1.5, 2.5, 3.5], "n_articles": [2, 2, 1]})
    fig = plots.hedging_intervals(rate, ratings={"A": "left", "B": "right"},
                                  rating_label="AllSides rating")
    ticks = {t.get_text(): t.get_color() for t in fig.axes[0].get_yticklabels()}
    colours = plots.rating_colours(["left", "right", "not rated"])
    assert ticks["A (n=2)"] == colours["left"] and ticks["B (n=2)"] == colours["right"]
    assert ticks["C (n=1)"] == colours["not rated"]
    legend = fig.legends[0]
    assert legend.get_title().get_text().endswith("AllSides rating")
    assert [t.get_text() for t in legend.get_texts()] == ["left", "right", "not rated"]


def test_political_lean_labels_get_their_customary_colours_and_others_distinct_ones():
    lean = plots.rating_colours(["Left", "Center", "Right", "not rated"])
    assert lean["Left"] != lean["Right"] != lean["Center"]
    # blue for the left, red for the right, as readers of US media expect
    assert matplotlib.colors.to_rgb(lean["Left"])[2] > matplotlib.colors.to_rgb(lean["Left"])[0]
    assert matplotlib.colors.to_rgb(lean["Right"])[0] > matplotlib.colors.to_rgb(lean["Right"])[2]
    other = plots.rating_colours(["high", "low", "mixed quality", "not rated"])
    assert len(set(other.values())) == 4 and other["not rated"] == "#808080"
