"""Figures: one function per figure, each returns a matplotlib Figure; ``save_figure`` writes
byte-identical PNG and SVG files (no dates, fixed SVG hash salt, fixed DPI).

Plot functions take tidy tables made by the analysis modules; they compute nothing new.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg") if not matplotlib.get_backend().lower().startswith("module://") else None
import matplotlib.pyplot as plt  # noqa: E402

from . import paths  # noqa: E402

STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "svg.hashsalt": "analysis",
    "svg.fonttype": "path",
    "path.simplify": True,
    # Labels are data (outlet names such as "Cash$ $Flow"), never mathtext.
    "text.parse_math": False,
}
plt.rcParams.update(STYLE)


def _clean_lines(text: str) -> str:
    """``export.clean_label`` of each line (line breaks of a label are kept)."""
    from .export import clean_label
    return "\n".join(clean_label(line) for line in text.split("\n"))


def _plain(values):
    """Labels from the data as drawable text: one value -> ``str``, an iterable -> ``list``
    of ``str``; control characters and bidirectional overrides removed (``_clean_lines``).
    Every plot function passes outlet names, sources and other data through it."""
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        return _clean_lines(str(values))
    return [_clean_lines(str(v)) for v in values]


def literal_labels(fig):
    """Remove control characters and bidirectional overrides from every text of ``fig``
    (titles, tick labels, annotations, legends), in place, line by line
    (``export.clean_label``: a NUL makes the SVG invalid XML, an override reorders what a
    reader sees); returns ``fig``. Tick labels that axes regenerate when drawn (fixed and
    categorical ones) are cleaned at their source. ``save_figure`` calls it before saving;
    ``$`` needs nothing: ``STYLE`` turns mathtext off, so ``Cash$ $Flow`` and ``A $x$ B``
    are drawn as written."""
    from matplotlib.category import StrCategoryFormatter
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter

    def clean(label):
        return _clean_lines(label) if isinstance(label, str) else label

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            fmt = axis.get_major_formatter()
            if isinstance(fmt, FixedFormatter):
                seq = [clean(label) for label in fmt.seq]
                if seq != list(fmt.seq):
                    fmt.seq = seq
            elif isinstance(fmt, StrCategoryFormatter):
                units = {clean(k): v for k, v in fmt._units.items()}
                if list(units) != list(fmt._units):
                    fmt._units = units
    for text in fig.findobj(Text):
        raw = text.get_text()
        if isinstance(raw, str) and raw and clean(raw) != raw:
            text.set_text(clean(raw))
    return fig


def save_figure(fig, name: str, directory: str | Path | None = None) -> Path:
    """Write ``fig`` to ``<directory>/<name>.png`` and ``.svg``, byte-identical across runs.

    ``name`` is a content name ("hedging-by-outlet"), not a figure number. ``directory``
    defaults to the repository's ``figures/``. Returns the PNG path. Labels from the data
    are drawn literally (``literal_labels``).
    """
    literal_labels(fig)
    if not name or "/" in name or name.startswith("."):
        raise ValueError(f"figure name must be a plain content name, got {name!r}")
    out = Path(directory) if directory is not None else paths.FIGURES_DIR
    out.mkdir(parents=True, exist_ok=True)
    with plt.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"]}):
        fig.savefig(out / f"{name}.png", format="png", metadata={"Software": None},
                    bbox_inches="tight")
        fig.savefig(out / f"{name}.svg", format="svg", metadata={"Date": None, "Creator": None},
                    bbox_inches="tight")
    return out / f"{name}.png"


# --- term choice, locale and readability (analysis.terms / analysis.readability) -----------

def _top_outlets(values, max_outlets: int) -> list[str]:
    """The ``max_outlets`` outlets with the largest values (ties by name), sorted by name."""
    ranked = sorted(values.items(), key=lambda kv: (-kv[1], str(kv[0])))[:max_outlets]
    return sorted(str(k) for k, _ in ranked)


def _empty_figure(message: str):
    """A small figure that says there is nothing to plot (instead of failing)."""
    fig, ax = plt.subplots(figsize=(4, 1))
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center")
    return fig


def _count_map(counts) -> dict[str, tuple[int | None, int | None]]:
    """``counts`` (a table indexed by outlet with ``articles`` and optionally ``words``, or
    a mapping outlet -> articles / (articles, words)) as ``{outlet: (articles, words)}``."""
    if counts is None:
        return {}
    if hasattr(counts, "columns"):
        table = counts.set_index("outlet") if "outlet" in counts.columns else counts
        words = table["words"] if "words" in table else [None] * len(table)
        return {str(o): (None if a is None else int(a), None if w is None else int(w))
                for o, a, w in zip(table.index, table["articles"], words, strict=True)}
    out = {}
    for outlet, value in dict(counts).items():
        a, w = value if isinstance(value, tuple) else (value, None)
        out[str(outlet)] = (None if a is None else int(a), None if w is None else int(w))
    return out


def outlet_label(outlet, articles=None, words=None, *, width: int = 30) -> str:
    """An outlet's axis label with the evidence behind it: ``"Reuters (n=3, 1,204 words)"``
    (the name shortened to ``width`` characters; counts left out when unknown)."""
    name = _short(outlet, width)
    parts = [] if articles is None else [f"n={int(articles)}"]
    if words is not None:
        parts.append(f"{int(words):,} words")
    return f"{name} ({', '.join(parts)})" if parts else name


def _labels(outlets, counts, fallback=None) -> list[str]:
    """Axis labels for ``outlets``: name with articles (and words) from ``counts``, else
    articles from ``fallback`` (outlet -> articles)."""
    known, fallback = _count_map(counts), dict(fallback or {})
    labels = []
    for o in outlets:
        a, w = known.get(str(o), (fallback.get(o), None))
        labels.append(outlet_label(o, a, w))
    return labels


#: Political-lean labels (AllSides, Ad Fontes and the like) in the colours US readers know:
#: left blue, right red, the centre purple. Any other set of labels gets distinct colours.
_LEAN_COLOURS = {"left": "#1f4e9c", "lean left": "#6fa8dc", "left-center": "#6fa8dc",
                 "center": "#8e6bbf", "centre": "#8e6bbf", "lean right": "#e06666",
                 "right-center": "#e06666", "right": "#b22222", "mixed": "#b07d2b"}


def rating_colours(values) -> dict[str, str]:
    """A colour per outside-rating value ("not rated" grey), for labelling outlets by a
    rater's label, not a verdict of this package: political-lean labels in their customary
    colours, other labels in distinct colours in sorted order."""
    named = sorted({str(v) for v in values} - {"not rated"})
    if named and all(v.lower() in _LEAN_COLOURS for v in named):
        order = list(_LEAN_COLOURS)              # legends read from left to right
        colours = {v: _LEAN_COLOURS[v.lower()]
                   for v in sorted(named, key=lambda v: order.index(v.lower()))}
    else:
        palette = plt.get_cmap("tab10").colors
        colours = {v: matplotlib.colors.to_hex(palette[k % len(palette)])
                   for k, v in enumerate(named)}
    colours["not rated"] = "#808080"
    return colours


def _colour_ticks(fig, axes, label_of: dict[str, str], ratings, rating_label) -> None:
    """Colour each outlet's tick label (``label_of``: tick text -> outlet) by its outside
    rating and add a legend naming the rater (``rating_label``, e.g. "AllSides rating")."""
    from matplotlib.patches import Patch
    value_of = {text: str((ratings or {}).get(o) or "not rated") for text, o in label_of.items()}
    values = list(value_of.values())
    colours = rating_colours(values)
    for ax in axes:
        for tick in ax.get_yticklabels():
            if tick.get_text() in value_of:
                tick.set_color(colours[value_of[tick.get_text()]])
    handles = [Patch(color=colours[v], label=v) for v in colours if v in values]
    fig.legend(handles=handles, title=f"outlet label colour: {rating_label}", fontsize=7,
               title_fontsize=7, frameon=False, loc="outside lower center"
               if fig.get_layout_engine() is not None else "lower center",
               ncol=min(len(handles), 6))


def shown_outlets(shown: int, total: int, *, by: str = "most articles") -> str:
    """How many outlets a figure shows, for its title: "all 5 outlets", "the only outlet",
    "the 20 outlets with most articles, of 109"."""
    if total <= 1:
        return "the only outlet" if total == 1 else "no outlet"
    if shown >= total:
        return f"all {total} outlets"
    return f"the {shown} outlets with {by}, of {total}"


_VARIANT_COLOURS = ("#8dd3c7", "#ffffb3", "#bebada", "#fdb462", "#b3de69", "#fccde5",
                    "#d9d9d9", "#ccebc5")
"""Qualitative colours for the variants of a group: categories, not a scale or a verdict."""


def _variant_colours(house, groups) -> dict[tuple[str, str], str]:
    """(group, variant) -> colour; within a group, variants in order of the outlets that
    choose them (most first, ties by name), so a colour means a variant, not a verdict."""
    colours = {}
    for g in groups:
        chosen = house.loc[house["group"] == g, "chosen_variant"].dropna().value_counts()
        ranked = sorted(chosen.index, key=lambda v: (-chosen[v], str(v)))
        for i, v in enumerate(ranked):
            colours[(g, v)] = _VARIANT_COLOURS[i % len(_VARIANT_COLOURS)]
    return colours


def term_choice_heatmap(house, *, groups=None, max_outlets: int = 25, max_groups: int = 10,
                        counts=None):
    """Outlet x group grid of the variant each outlet's narrator text chooses.

    ``house``: :func:`analysis.terms.house_style`. Colour: the chosen variant as a category
    (within a column, one colour per variant; no scale, no verdict: "Kiev" in 2014 was the
    standard spelling); the cell text is the chosen variant and its count; ``*`` marks
    outlets that mix variants, ``!`` an old form written after the outlet's own switch or
    after a style guide's (``notable``). Groups default to the most used groups;
    ``counts`` (outlet -> articles and words) labels each outlet with the evidence behind it.
    """
    from matplotlib.colors import to_rgba

    h = house[house["narrator_n"] > 0]
    if groups is None:
        totals = h.groupby("group")["narrator_n"].sum()
        groups = sorted(totals.sort_values(ascending=False, kind="stable").index[:max_groups])
    h = h[h["group"].isin(groups)]
    outlets = _top_outlets(h.groupby("outlet")["narrator_n"].sum().to_dict(), max_outlets)
    h = h[h["outlet"].isin(outlets)]
    if not groups or not outlets:
        return _empty_figure("No term-choice matches")
    colours = _variant_colours(h, groups)
    h = h.set_index(["outlet", "group"])
    fig, ax = plt.subplots(figsize=(1.3 + 1.25 * max(len(groups), 1),
                                    1.0 + 0.38 * max(len(outlets), 1)))
    grid = [[(1.0, 1.0, 1.0, 1.0)] * len(groups) for _ in outlets]
    for i, o in enumerate(outlets):
        for j, g in enumerate(groups):
            if (o, g) in h.index:
                row = h.loc[(o, g)]
                grid[i][j] = to_rgba(colours.get((g, row["chosen_variant"]), "#ffffff"))
                mark = ("*" if row["mixing"] else "") + ("!" if row.get("notable", False) else "")
                ax.text(j, i, f"{_plain(row['chosen_variant'])}{mark}\n{int(row['narrator_n'])}",
                        ha="center", va="center", fontsize=6.5, color="black")
    ax.imshow(grid, aspect="auto")
    ax.set_xticks(range(len(groups)), [_plain(g) for g in groups], rotation=35, ha="right")
    ax.set_yticks(range(len(outlets)), _labels(outlets, counts))
    ax.set_xticks([x - 0.5 for x in range(1, len(groups))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(outlets))], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.set_title("Variant chosen in each outlet's own text (colour: the variant; "
                 "* mixes variants; ! old form after a switch)", fontsize=9)
    return fig


def locale_by_outlet(outlet_locale, *, max_outlets: int = 30, counts=None):
    """British (right) vs American (left) spelling evidence per outlet, pooled over its
    articles; the label (en-GB / en-US / mixed / unknown) is written beside each bar.
    ``outlet_locale``: :func:`analysis.terms.outlet_locale`; ``counts``: articles and words
    per outlet for the axis labels (default: ``n_articles`` of the table)."""
    t = outlet_locale.assign(total=outlet_locale["gb_weight"] + outlet_locale["us_weight"])
    outlets = _top_outlets(t.set_index("outlet")["total"].to_dict(), max_outlets)
    if not outlets:
        return _empty_figure("No articles")
    total = t["outlet"].nunique()
    t = t.set_index("outlet").loc[outlets[::-1]]
    fig, ax = plt.subplots(figsize=(7, 1.0 + 0.3 * len(t)))
    y = range(len(t))
    ax.barh(y, t["gb_weight"], color="#2166ac", label="British spellings")
    ax.barh(y, -t["us_weight"], color="#b2182b", label="American spellings")
    lim = max(float(t["total"].max()) if len(t) else 1.0, 1.0)
    for i, (label, gb) in enumerate(zip(t["label"], t["gb_weight"], strict=True)):
        ax.text(gb + 0.02 * lim, i, label, va="center", fontsize=7)
    fallback = t["n_articles"].to_dict() if "n_articles" in t else None
    ax.set_yticks(list(y), _labels(list(t.index), counts, fallback))
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel("weighted spelling evidence (American <- 0 -> British)")
    ax.set_title("UK/US spelling by outlet: "
                 + shown_outlets(len(t), total, by="most spelling evidence"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=7, frameon=False)
    return fig


def readability_by_outlet(features, *, index: str = "readability_flesch_kincaid_grade",
                          max_outlets: int = 30, counts=None):
    """Per-article values of one readability index (one dot per article, bar = median) by
    outlet. ``features``: a table with ``outlet`` and the ``readability_*`` column;
    ``counts``: articles and words per outlet for the axis labels."""
    import numpy as np

    f = features[["outlet", index]].dropna()
    per_outlet = f.groupby("outlet").size().to_dict()
    outlets = _top_outlets(per_outlet, max_outlets)
    if not outlets:
        return _empty_figure("No article with words")
    f = f[f["outlet"].isin(outlets)]
    fig, ax = plt.subplots(figsize=(7, 1.0 + 0.3 * len(outlets)))
    for i, o in enumerate(outlets[::-1]):
        vals = f.loc[f["outlet"] == o, index].sort_values().to_numpy()
        ax.scatter(vals, [i] * len(vals), s=10, color="#4d4d4d", alpha=0.6)
        if len(vals):
            med = float(np.median(vals))
            ax.plot([med, med], [i - 0.3, i + 0.3], color="#d6604d", linewidth=2)
    ax.set_yticks(range(len(outlets)), _labels(outlets[::-1], counts, per_outlet))
    ax.set_xlabel(index.removeprefix("readability_").replace("_", " "))
    ax.set_title("Readability (dots: articles, bar: median): "
                 + shown_outlets(len(outlets), len(per_outlet)))
    return fig


# --------------------------------------------------------------------------- hedging
def hedging_intervals(table, *, label: str = "outlet", value: str = "estimate",
                      low: str = "low", high: str = "high", title: str = "",
                      xlabel: str = "hedges per 100 words", counts=None, ratings=None,
                      rating_label: str = "rating"):
    """Dot-and-whisker chart: one row per ``label`` with its estimate and bootstrap interval.

    ``table`` has columns ``label``, ``value``, ``low``, ``high`` (e.g. from
    ``analysis.stats.bootstrap_ci`` per outlet); rows are drawn in table order, top first.
    ``counts``: articles and words per outlet for the axis labels (default: the table's
    ``n_articles``). A row without an estimate says "n/a". ``ratings`` (outlet -> an
    outside rating, such as AllSides') colours the outlet names, with a legend naming the
    rater (``rating_label``); the rating is shown, never used in the estimate.
    """
    rows = table.reset_index(drop=True)
    if rows.empty:
        return _empty_figure("No outlet with text to measure")
    fig, ax = plt.subplots(figsize=(6.4, 0.6 + 0.28 * max(len(rows), 1)
                                    + (0.5 if ratings is not None else 0)),
                           layout="constrained")
    y = list(range(len(rows)))[::-1]
    ax.hlines(y, rows[low], rows[high], color="#4c72b0", linewidth=2, alpha=0.6)
    ax.plot(rows[value], y, "o", color="#1f3b73", markersize=5)
    _mark_undefined(ax, rows[value], y)
    fallback = dict(zip(rows[label], rows["n_articles"], strict=True)) \
        if "n_articles" in rows else None
    texts = _labels(list(rows[label]), counts, fallback)
    ax.set_yticks(y, texts)
    ax.set_xlabel(xlabel)
    ax.set_xlim(left=0)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    if ratings is not None:
        _colour_ticks(fig, [ax], dict(zip(texts, map(str, rows[label]), strict=True)),
                      ratings, rating_label)
    return fig


def _mark_undefined(ax, values, y) -> None:
    """Write "n/a" on the rows whose value is undefined (NaN), instead of a blank row."""
    for v, yy in zip(values, y, strict=True):
        if _isnan(v):
            ax.annotate("n/a", (0, yy), xycoords=("axes fraction", "data"), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=7, color="0.4")


def hedging_categories(table, *, title: str = "", xlabel: str = "hedges per 100 words",
                       counts=None):
    """Stacked horizontal bars: rows = outlets (the index), columns = hedge categories (each
    column one category's rate). Column order is the stacking order. ``counts``: articles
    and words per outlet for the axis labels."""
    if table.empty:
        return _empty_figure("No outlet with text to measure")
    fig, ax = plt.subplots(figsize=(7.2, 0.8 + 0.3 * max(len(table), 1)))
    left = [0.0] * len(table)
    y = list(range(len(table)))[::-1]
    colours = plt.get_cmap("tab10").colors
    for i, col in enumerate(table.columns):
        widths = [float(v) for v in table[col].fillna(0.0)]
        ax.barh(y, widths, left=left, color=colours[i % len(colours)], label=_plain(col),
                height=0.7)
        left = [a + b for a, b in zip(left, widths)]
    ax.set_yticks(y, _labels(list(table.index), counts))
    _mark_undefined(ax, [float("nan") if table.loc[o].isna().all() else 0.0
                         for o in table.index], y)
    for o, yy in zip(table.index, y, strict=True):  # a bar of zero width reads as missing
        if not table.loc[o].isna().all() and float(table.loc[o].fillna(0.0).sum()) == 0:
            ax.annotate("none found", (0, yy), xycoords=("axes fraction", "data"),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=7,
                        color="0.4")
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    return fig


def hedging_narrator_quoted(table, *, label: str = "outlet", title: str = "",
                            xlabel: str = "hedges per 100 words", counts=None):
    """Paired intervals per ``label``: narrator text vs quoted text. ``table`` has columns
    ``label``, ``part`` ("narrator" / "quoted"), ``estimate``, ``low``, ``high``;
    ``counts``: articles and words per outlet for the axis labels."""
    labels = list(dict.fromkeys(table[label]))
    if not labels:
        return _empty_figure("No outlet with text to measure")
    fig, ax = plt.subplots(figsize=(6.4, 0.8 + 0.34 * max(len(labels), 1)))
    pos = {name: len(labels) - 1 - i for i, name in enumerate(labels)}
    styles = {"narrator": ("#1f3b73", -0.15, "o"), "quoted": ("#c44e52", 0.15, "s")}
    for part, (colour, shift, marker) in styles.items():
        rows = table[table["part"] == part]
        y = [pos[v] + shift for v in rows[label]]
        ax.hlines(y, rows["low"], rows["high"], color=colour, linewidth=2, alpha=0.5)
        ax.plot(rows["estimate"], y, marker, color=colour, markersize=5, label=part,
                linestyle="none")
    fallback = dict(zip(table[label], table["n_articles"], strict=True)) \
        if "n_articles" in table else None
    ax.set_yticks(list(pos.values()), _labels(list(pos.keys()), counts, fallback))
    ax.set_xlabel(xlabel)
    ax.set_xlim(left=0)
    ax.set_title(title)
    ax.legend(frameon=False, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    return fig


# ---------------------------------------------------------------- outlet comparison & claims


def plot_similarity(sim, *, title: str = "TF-IDF cosine similarity",
                    annotate: bool | None = None, counts=None):
    """Heatmap of a square similarity matrix (``compare.similarity_matrix``), 0..1.
    ``counts``: articles and words per outlet, for the labels of a matrix by outlet."""
    import numpy as np

    n = len(sim)
    size = min(11.0, 2.5 + 0.42 * n)
    fig, ax = plt.subplots(figsize=(size + 1.2, size))
    if n == 0:
        ax.text(0.5, 0.5, "no usable articles to compare", ha="center", va="center")
        ax.set_axis_off()
        return fig
    im = ax.imshow(sim.to_numpy(float), cmap="viridis", vmin=0, vmax=1)
    labels = _labels(list(sim.index), counts) if counts is not None else \
        [_short(x, 36) for x in sim.index]
    ax.set_xticks(range(n), labels, rotation=60, ha="right")
    ax.set_yticks(range(n), labels)
    if annotate if annotate is not None else n <= 12:
        values = sim.to_numpy(float)
        for i, j in np.ndindex(values.shape):
            ax.text(j, i, f"{values[i, j]:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if values[i, j] < 0.6 else "black")
    fig.colorbar(im, ax=ax, shrink=0.8, label="cosine similarity")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def _overlaps(box, boxes) -> bool:
    return any(box.overlaps(b) for b in boxes)


def plot_outlet_map(coords, explained, *, label_top: int = 15,
                    title: str = "Outlets on the first two principal components",
                    ratings=None, rating_label: str = "rating"):
    """Scatter of ``compare.outlet_map`` coordinates; hollow markers = single-article
    outlets.

    Names are written beside the outlets that matter most: the ``label_top`` with most
    articles and the outlets at the extremes of each axis, where a name fits without
    covering another; every other outlet gets a number, listed beside the map, so no dot
    stays anonymous. ``ratings`` (outlet -> an outside rating such as AllSides') colours
    the dots by that rating, labelled ``rating_label`` in the legend; it is shown beside
    the features, never used in the projection.
    """
    if len(explained) == 0:
        return _empty_figure("fewer than two outlets with varying features: no map")
    c = coords.copy()
    c["PC2"] = c["PC2"] if "PC2" in c else 0.0
    c["outlet"] = c["outlet"].astype(str)
    many = len(c) > label_top
    fig, ax = plt.subplots(figsize=(10.5 if many else 7.5, 6.0 if many else 5.5))
    single = c["n_articles"] <= 1
    size = 18 + 6 * c["n_articles"].clip(upper=30)
    handles = None
    if ratings is not None:
        from matplotlib.lines import Line2D
        rating = c["outlet"].map(lambda o: (ratings or {}).get(o)).fillna("not rated").astype(str)
        colours = rating_colours(rating.unique())
        handles = []
        for value, colour in colours.items():   # the legend reads in the ratings' own order
            sel = rating == value
            if not sel.any():
                continue
            ax.scatter(c.loc[sel, "PC1"], c.loc[sel, "PC2"], s=size[sel],
                       facecolors=[colour if not s1 else "none" for s1 in single[sel]],
                       edgecolors=colour)
            handles.append(Line2D([], [], ls="", marker="o", markersize=6, color=colour,
                                  label=f"{rating_label}: {value}"))
        if single.any():
            handles.append(Line2D([], [], ls="", marker="o", markersize=6, markerfacecolor="none",
                                  markeredgecolor="0.3", label="single article (any rating)"))
    else:
        if (~single).any():
            ax.scatter(c.loc[~single, "PC1"], c.loc[~single, "PC2"], s=size[~single],
                       color="tab:blue", alpha=0.8, label="several articles (size = articles)")
        if single.any():
            ax.scatter(c.loc[single, "PC1"], c.loc[single, "PC2"], s=24, facecolors="none",
                       edgecolors="tab:red", label="single article")
    ax.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax.axvline(0, color="0.85", lw=0.8, zorder=0)
    ax.set_xlabel(f"PC1 ({explained[0]:.0%} of variance)")
    ax.set_ylabel(f"PC2 ({explained[1]:.0%} of variance)" if len(explained) > 1 else "")
    ax.set_title(title)
    ax.margins(0.08)
    # priority: most articles, then the extremes of each component
    order = list(c.sort_values(["n_articles", "outlet"], ascending=[False, True])
                 .head(label_top)["outlet"])
    for col in ("PC1", "PC2"):
        for o in (c.sort_values([col, "outlet"])["outlet"].iloc[[0, -1]]):
            if o not in order:
                order.append(o)
    order += sorted(set(c["outlet"]) - set(order))
    renderer = fig.canvas.get_renderer()
    taken = [t.get_window_extent(renderer) for t in ax.get_xticklabels() + ax.get_yticklabels()]
    numbered = []
    xy = c.set_index("outlet")[["PC1", "PC2"]]
    for rank, o in enumerate(order):
        x, y = xy.loc[o]
        placed = False
        if rank < label_top + 4:
            for dx, dy, ha, va in ((4, 3, "left", "bottom"), (4, -3, "left", "top"),
                                   (-4, 3, "right", "bottom"), (-4, -3, "right", "top")):
                text = ax.annotate(_short(o, 30), (x, y), xytext=(dx, dy), ha=ha, va=va,
                                   textcoords="offset points", fontsize=7)
                box = text.get_window_extent(renderer)
                if _overlaps(box, taken) or not ax.bbox.contains(box.x0, box.y0) or \
                        not ax.bbox.contains(box.x1, box.y1):
                    text.remove()
                    continue
                taken.append(box)
                placed = True
                break
        if not placed:
            numbered.append(o)
            ax.annotate(str(len(numbered)), (x, y), xytext=(3, 2), textcoords="offset points",
                        fontsize=6, color="0.3")
    if numbered:
        listing = [f"{k}  {_short(o, 26)}" for k, o in enumerate(numbered, 1)]
        per_col = 40
        columns = [listing[k:k + per_col] for k in range(0, len(listing), per_col)]
        for k, col in enumerate(columns):
            fig.text(1.0 + 0.16 * k, 0.98, "\n".join(col), va="top", ha="left", fontsize=5.5,
                     transform=ax.transAxes, family="DejaVu Sans")
    legend = ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.12),
                       frameon=False, ncol=min(len(handles), 6) if handles else 3,
                       title="hollow: single article; size: articles"
                       if ratings is not None else None, title_fontsize=7)
    legend._legend_box.align = "left"
    return fig


def plot_intervals(table, *, column: str = "indicator", ncols: int = 2, title: str = "",
                   counts=None, ratings=None, rating_label: str = "rating"):
    """One panel per measure/indicator: each outlet's estimate with its bootstrap interval.
    Hollow red markers flag single-article outlets (interval from within-article
    resampling only). ``table`` is ``compare.outlet_summary`` / ``reliability_indicators``
    output (filter outlets beforehand to keep it readable); ``counts``: articles and words
    per outlet for the axis labels (default: the table's ``n_articles``).

    An outlet whose value is undefined (nothing to divide by) reads "n/a"; a panel where
    every value and interval is zero says "none found" instead of drawing dots on an empty
    axis. ``ratings`` (outlet -> an outside rating) colours the outlet names, with a legend
    naming the rater (``rating_label``).
    """
    import math

    import numpy as np

    names = sorted(table[column].unique())
    if not names:
        return _empty_figure("No outlet with text to measure")
    nrows = max(1, math.ceil(len(names) / ncols))
    outlets = sorted(table["outlet"].astype(str).unique(), reverse=True)
    fallback = table.groupby(table["outlet"].astype(str))["n_articles"].max().to_dict() \
        if "n_articles" in table else None
    labels = _labels(outlets, counts, fallback)
    height = max(1.6, 0.22 * len(outlets) + 0.7)
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.6 * ncols, height * nrows + 0.5),
                             squeeze=False, sharey=True, layout="constrained")
    pos = {o: i for i, o in enumerate(outlets)}
    for ax, name in zip(axes.ravel(), names, strict=False):
        part = table[table[column] == name]
        values = part[["estimate", "ci_low", "ci_high"]].to_numpy(float)
        ax.set_title(name.replace("_", " ").replace("100w", "100 words"), fontsize=9)
        ax.set_yticks(range(len(outlets)), labels)
        ax.set_ylim(-0.6, len(outlets) - 0.4)
        if values.size and np.all(np.nan_to_num(values) == 0) and \
                not np.isnan(values[:, 0]).all():
            ax.text(0.5, 0.5, "none found: 0 for every outlet shown", ha="center",
                    va="center", transform=ax.transAxes, color="0.35")
            ax.set_xticks([])
            continue
        for r in part.itertuples():
            y = pos[str(r.outlet)]
            if _isnan(r.estimate):
                ax.annotate("n/a", (0, y), xycoords=("axes fraction", "data"), xytext=(4, 0),
                            textcoords="offset points", va="center", fontsize=7,
                            color="0.4")
                continue
            single = bool(r.single_article)
            color = "tab:red" if single else "tab:blue"
            ax.plot([r.ci_low, r.ci_high], [y, y], color=color, lw=1.4)
            ax.plot([r.estimate], [y], "o", color=color, ms=4.5,
                    markerfacecolor="white" if single else color)
        ax.grid(axis="x", color="0.9")
    for ax in axes.ravel()[len(names):]:
        ax.set_visible(False)
    if ratings is not None:
        _colour_ticks(fig, axes[:, 0], dict(zip(labels, outlets, strict=True)), ratings,
                      rating_label)
    fig.suptitle(title or "Estimates with 95% bootstrap intervals "
                 "(hollow red: single article)", fontsize=10)
    return fig


def _isnan(value) -> bool:
    """True for None and NaN (a number that is not equal to itself)."""
    import math
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def plot_claim_lineup(lineup, *, key: str = "", max_rows: int = 30):
    """Who reports which number for one claim key: one row per claim (outlet, source),
    the value on a log axis; filled = no hedge in the sentence, hollow = hedged (label
    lists the hedges). ``lineup`` is ``compare.claim_lineup`` output."""
    import numpy as np

    part = lineup.head(max_rows).iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(part) + 1.4) if len(part) else (7, 1.2))
    if part.empty:
        ax.text(0.5, 0.5, "No quantity is reported by two or more outlets on the same "
                "story:\nnothing to line up", ha="center", va="center")
        ax.set_axis_off()
        return fig
    for i, r in part.iterrows():
        hedged = bool(r["hedges"]) or r["source_type"] == "unnamed (evidential)"
        ax.plot([r["value"]], [i], "o", ms=8, color="tab:orange" if hedged else "tab:blue",
                markerfacecolor="white" if hedged else "tab:blue", markeredgewidth=1.8)
        stype = r["source_type"] if isinstance(r["source_type"], str) else "no source"
        source = r["source"] if isinstance(r["source"], str) else f"({stype})"
        cues = [h.split(": ", 1)[-1] for h in str(r["hedges"]).split("; ") if h]
        hedges = f" — hedged: {', '.join(cues)}" if cues else ""
        ax.annotate(_plain(f"{r['text']}  {source}{hedges}"), (r["value"], i), xytext=(8, -3),
                    textcoords="offset points", fontsize=7)
    ax.set_yticks(range(len(part)), [o[:28] for o in _plain(part["outlet"])])
    values = part["value"].to_numpy(float)
    if len(values) and values.min() > 0 and values.max() / values.min() > 8:
        ax.set_xscale("log")
    lo, hi = (np.nanmin(values), np.nanmax(values)) if len(values) else (0, 1)
    log = ax.get_xscale() == "log"
    ax.set_xlim(lo / 1.5 if log else min(0.0, lo), hi * 6 if log else hi * 1.9 + 1)
    ax.set_xlabel("reported value (filled: unhedged; hollow: hedged)")
    ax.set_title(f"Who reports which number: {key}" if key else "Who reports which number")
    ax.grid(axis="x", color="0.9")
    fig.tight_layout()
    return fig


def corpus_timeline(overview, *, max_outlets: int = 25):
    """Timeline of the story: one marker per article at its publication date, one row per
    outlet (the outlets with most articles when there are many), marker size ~ body words.
    Each row says how many articles (and words) the outlet has; a corpus without dates
    gets a figure that says so instead of an empty axis."""
    import pandas as pd

    data = overview.copy()
    data["date"] = pd.to_datetime(data["published"], errors="coerce")
    data = data.dropna(subset=["date"])
    if data.empty:
        return _empty_figure(f"No publication dates in this corpus ({len(overview)} "
                             "articles): no timeline to draw")
    per_outlet = data["outlet"].value_counts().to_dict()
    top = _top_outlets(per_outlet, max_outlets)
    data = data[data["outlet"].isin(top)]
    order = sorted(top, reverse=True)
    articles = overview["outlet"].value_counts().to_dict()  # all articles, dated or not
    words = overview.groupby("outlet")["words_body"].sum().to_dict()
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.32 * max(len(order), 1)))
    rows = {o: i for i, o in enumerate(order)}
    size = 15 + 120 * data["words_body"] / max(float(data["words_body"].max() or 1), 1.0)
    ax.scatter(data["date"], data["outlet"].map(rows), s=size, alpha=0.75, color="#2b6cb0",
               edgecolor="white", linewidth=0.6)
    ax.set_yticks(range(len(order)), [outlet_label(o, articles[o], words.get(o))
                                      for o in order])
    ax.set_ylim(-0.7, len(order) - 0.3)
    undated = len(overview) - int(pd.to_datetime(overview["published"], errors="coerce")
                                  .notna().sum())
    shown = shown_outlets(len(order), len(per_outlet), by="most dated articles")
    if undated:
        shown += (f" with dates; {undated} undated article{'s' if undated != 1 else ''} "
                  "not shown")
    ax.set_title(f"When each outlet published (marker size: words of body text)\n{shown}")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    if data["date"].nunique() == 1:
        ax.set_xticks([data["date"].iloc[0]], [data["date"].iloc[0].strftime("%Y-%m-%d")])
    fig.autofmt_xdate()
    return fig


def cleaning_words(overview, *, max_articles: int = 30):
    """Words per article before and after boilerplate removal (horizontal bars)."""
    if overview.empty:
        return _empty_figure("No pages in this corpus")
    data = overview.sort_values(["words_raw", "article_id"], ascending=[False, True])
    data = data.head(max_articles).iloc[::-1]
    shown = "" if len(overview) <= max_articles else \
        f": the {len(data)} longest pages, of {len(overview)}"
    labels = [f"{o} · {a[:12]}" for o, a in zip(data["outlet"], data["article_id"])]
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.3 * len(data)))
    ax.barh(labels, data["words_raw"], color="#cbd5e0", label="page as captured")
    ax.barh(labels, data["words_body"], color="#2b6cb0", label="article body after cleaning")
    ax.set_xlabel("words")
    ax.set_title(f"Page chrome removed by the cleaner{shown}")
    ax.legend(loc="lower right", frameon=False)
    return fig


# --------------------------------------------------------------------------- attribution

_SOURCE_TYPE_COLOURS = {"person": "#1b9e77", "role": "#66a61e", "government": "#7570b3",
                        "organization": "#e7298a", "media": "#e6ab02", "document": "#a6761d",
                        "anonymous": "#d95f02", "pronoun": "#999999"}


def _short(label: str, n: int = 42) -> str:
    label = " ".join(_clean_lines(str(label)).split())
    return label if len(label) <= n else label[: n - 1] + "…"


def attribution_source_types(shares, *, title: str = "Who each outlet lets speak",
                             counts=None):
    """Stacked bars: share of each outlet's sourced attributions by source type (person,
    role, government, organization, media, document, anonymous, unresolved pronoun).
    ``shares``: :func:`analysis.attribution.source_type_shares` (rows sum to 1);
    ``counts``: articles and words per outlet for the axis labels."""
    outlets = list(shares.index)[::-1]
    if not outlets:
        return _empty_figure("No attribution with a source")
    fig, ax = plt.subplots(figsize=(7.5, 1.0 + 0.32 * max(len(outlets), 1)))
    left = [0.0] * len(outlets)
    for kind in shares.columns:
        vals = [float(shares.loc[o, kind]) for o in outlets]
        ax.barh(range(len(outlets)), vals, left=left, color=_SOURCE_TYPE_COLOURS.get(kind),
                label=_plain(kind), edgecolor="white", linewidth=0.4)
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(range(len(outlets)), _labels(outlets, counts))
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of attributions with a source")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False)
    return fig


def attribution_named_anonymous(summary, *, max_outlets: int = 20, counts=None,
                                title: str = ""):
    """Per outlet: named (identifiable), anonymous and official shares of sourced
    attributions, and the share of words inside quotation marks (quote share), as dots on
    one 0-1 axis. ``summary``: :func:`analysis.attribution.attribution_outlet_summary`;
    ``counts``: articles and words per outlet (default: the summary's ``articles``).
    Shares that are undefined (no attribution) read "n/a"."""
    if summary.empty:
        return _empty_figure("No outlet with attributions")
    total = summary["outlet"].nunique()
    s = summary.sort_values(["attributions", "outlet"], ascending=[False, True])
    s = s.head(max_outlets).sort_values("outlet", ascending=False)
    series = [("named_share", "named", "#1b9e77", "o"), ("anonymous_share", "anonymous",
              "#d95f02", "s"), ("official_share", "official", "#7570b3", "^"),
              ("quoted_word_share", "words in quotes", "#333333", "x")]
    fig, ax = plt.subplots(figsize=(7, 1.0 + 0.32 * max(len(s), 1)))
    y = list(range(len(s)))
    for col, label, colour, marker in series:
        ax.scatter(s[col], y, color=colour, marker=marker, label=label, s=28, zorder=3)
    _mark_undefined(ax, [float("nan") if pd_row.isna().all() else 0.0 for _, pd_row in
                         s[[c[0] for c in series]].iterrows()], y)
    fallback = dict(zip(s["outlet"], s["articles"], strict=True)) if "articles" in s else None
    ax.set_yticks(y, _labels(list(s["outlet"]), counts, fallback))
    ax.set_xlim(-0.03, 1.03)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_xlabel("share")
    ax.set_title(title or "Named vs anonymous sources, officials, and quotation: "
                 + shown_outlets(len(s), total, by="most attributions"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False)
    return fig


def attribution_source_matrix(matrix, *, title: str = "Most cited sources by outlet",
                              counts=None):
    """Heatmap of attribution counts, source (rows, most cited first) x outlet (columns).
    ``matrix``: :func:`analysis.attribution.source_outlet_matrix`; ``counts``: articles and
    words per outlet for the column labels. The colour bar counts in whole numbers."""
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    if matrix.size == 0:
        return _empty_figure("No attribution with a source")
    grid = matrix.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(2.5 + 0.55 * max(matrix.shape[1], 1),
                                    1.0 + 0.3 * max(matrix.shape[0], 1)))
    im = ax.imshow(np.where(grid > 0, grid, np.nan), cmap="Blues", aspect="auto",
                   vmin=0, vmax=max(float(grid.max()) if grid.size else 1.0, 1.0))
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            if grid[i, j] > 0:
                ax.text(j, i, str(int(grid[i, j])), ha="center", va="center", fontsize=7)
    ax.set_xticks(range(matrix.shape[1]), _labels(list(matrix.columns), counts),
                  rotation=40, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(matrix.shape[0]), [_short(r) for r in matrix.index])
    ax.set_title(title)
    bar = fig.colorbar(im, ax=ax, fraction=0.04, label="attributions")
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    return fig


# --------------------------------------------------------------------------- term choice over time

_TIMELINE_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
                     "#a6761d", "#666666")
"""Qualitative colours for variants over time (categories, not a verdict)."""


def _timeline_variants(timeline) -> list[str]:
    """Variants by total narrator uses (most first), ties by name."""
    totals = timeline.groupby("variant")["n"].sum()
    return sorted(totals.index, key=lambda v: (-totals[v], str(v)))


def _bar_width(periods, freq: str):
    """Bar width: 80% of the first period of ``freq`` ("QS": a quarter)."""
    import pandas as pd
    from pandas.tseries.frequencies import to_offset

    first = pd.Timestamp(min(periods))
    return 0.8 * ((first + to_offset(freq)) - first)


def _guide_lines(ax, guides, *, label: bool):
    for g in guides.itertuples(index=False) if guides is not None else ():
        ax.axvline(g.adopted, color="0.35", linestyle="--", linewidth=0.9,
                   label=f"{_plain(g.guide)}: {_plain(g.variant)} ({g.adopted_as})"
                   if label else None)


def term_timeline_panels(timeline, *, switches=None, guides=None, freq: str = "QS",
                         max_outlets: int = 12, ncols: int = 3):
    """Small multiples: per outlet (the ``max_outlets`` with most narrator uses), the share
    of each variant per period as stacked bars, the number of uses over each bar and in the
    panel title; dashed lines: style-guide dates, solid line: the outlet's own switch.

    ``timeline``: :func:`analysis.terms.term_timeline`; ``switches``:
    :func:`analysis.terms.term_switches`; ``guides``: :func:`analysis.terms.style_guides`;
    ``freq``: the timeline's periods (bar width).
    """
    import pandas as pd

    t = timeline[timeline["n"] > 0]
    totals = t.groupby("outlet")["n"].sum()
    if t.empty:
        return _empty_figure("No dated use in narrator text")
    outlets = sorted(totals.index, key=lambda o: (-totals[o], str(o)))[:max_outlets]
    variants = _timeline_variants(t)
    colour = {v: _TIMELINE_COLOURS[i % len(_TIMELINE_COLOURS)] for i, v in enumerate(variants)}
    ncols = max(1, min(ncols, len(outlets)))
    nrows = -(-len(outlets) // ncols)
    header = 0.3  # inches above the panels for the title and the legend
    height = 1.9 * nrows + header
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.1 * ncols, height),
                             sharex=True, sharey=True, squeeze=False)
    width = _bar_width(t["period"], freq)
    lo, hi = t["period"].min() - width, t["period"].max() + 2 * width
    if guides is not None and len(guides):  # show the guides' dates too
        lo, hi = min(lo, guides["adopted"].min() - width), max(hi, guides["adopted"].max() + width)
    own = ({} if switches is None else
           switches[switches["switched"]].set_index("outlet")["switch_date"].to_dict())
    for ax, outlet in zip(axes.flat, outlets, strict=False):
        o = t[t["outlet"] == outlet].pivot_table(index="period", columns="variant", values="n",
                                                 aggfunc="sum", fill_value=0)
        o = o.reindex(columns=[v for v in variants if v in o.columns])
        n = o.sum(axis=1)
        bottom = pd.Series(0.0, index=o.index)
        for v in o.columns:
            share = o[v] / n
            ax.bar(o.index + width / 2, share, width=width, bottom=bottom, color=colour[v],
                   label=_plain(v), linewidth=0)
            bottom += share
        for when, k in n.items():
            ax.text(when + width / 2, 1.02, str(int(k)), ha="center", va="bottom", fontsize=5,
                    rotation=90)
        _guide_lines(ax, guides, label=ax is axes.flat[0])
        if outlet in own:
            ax.axvline(own[outlet], color="black", linewidth=1.2,
                       label="the outlet's switch" if ax is axes.flat[0] else None)
        uses = int(n.sum())
        ax.set_title(f"{_plain(outlet)}\nn = {uses} use{'' if uses == 1 else 's'}", fontsize=8)
        ax.set_ylim(0, 1.18)
        ax.set_xlim(lo, hi)
        ax.set_yticks([0, 0.5, 1])
        ax.tick_params(labelsize=7)
    for ax in axes.flat[len(outlets):]:
        ax.axis("off")
    for ax in axes[:, 0]:
        ax.set_ylabel("share of uses", fontsize=7)
    handles, labels = [], []
    for ax in axes.flat[:len(outlets)]:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.suptitle(f"Share of each variant in the outlet's own text over time: the {len(outlets)} "
                 f"outlets with most uses, of {len(totals)} (numbers: uses per period)",
                 fontsize=9, y=1 - 0.08 / height, va="top")
    fig.legend(handles, labels, loc="upper center", ncol=min(len(labels), 4), fontsize=7,
               frameon=False, bbox_to_anchor=(0.5, 1 - 0.26 / height))
    fig.autofmt_xdate()
    fig.tight_layout(rect=(0, 0, 1, 1 - header / height))
    return fig


def term_switch_dates(switches, *, guides=None, max_outlets: int = 30):
    """One row per outlet with dated uses: grey line from its first to its last dated use,
    circle at its last old-form use, square at its first new-form use, black bar at its
    switch date; dashed lines at style-guide dates; the status at the right.

    ``switches``: :func:`analysis.terms.term_switches`; ``guides``:
    :func:`analysis.terms.style_guides`. The outlets with most uses when there are many.
    """
    from matplotlib.transforms import blended_transform_factory

    s = switches[switches["first_date"].notna()].copy()
    if s.empty:
        return _empty_figure("No dated use in narrator text")
    s["uses"] = s["n_old"] + s["n_new"]
    keep = _top_outlets(s.set_index("outlet")["uses"].to_dict(), max_outlets)
    s = s[s["outlet"].isin(keep)]
    s = s.sort_values(["switched", "switch_date", "outlet"], ascending=[False, True, True],
                      na_position="last").iloc[::-1]
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.3 * len(s)))
    y = range(len(s))
    ax.hlines(list(y), s["first_date"], s["last_date"], color="0.75", linewidth=2)
    marks = (("last_old", s["last_old"].notna(), dict(marker="o", color=_TIMELINE_COLOURS[1],
                                                       s=22, label="last old form")),
             ("first_new", s["first_new"].notna(),
              dict(marker="s", color=_TIMELINE_COLOURS[0], s=22,
                   label="first new form (from the switch on, when switched)")),
             ("switch_date", s["switched"].astype(bool),
              dict(marker="|", color="black", s=160, label="switch date")))
    for column, present, style in marks:
        if present.any():
            ax.scatter(s.loc[present, column], [i for i, k in zip(y, present, strict=True) if k],
                       zorder=3, **style)
    _guide_lines(ax, guides, label=True)
    side = blended_transform_factory(ax.transAxes, ax.transData)
    for i, (status, n_old, n_new) in enumerate(zip(s["status"], s["n_old"], s["n_new"],
                                                   strict=True)):
        ax.text(1.01, i, f"{status} ({n_old} old, {n_new} new)", transform=side,
                va="center", fontsize=7)
    ax.set_yticks(list(y), [_plain(o) for o in s["outlet"]])
    ax.set_ylim(-0.7, len(s) - 0.3)
    ax.grid(axis="x", color="0.9")
    ax.set_title(f"When each outlet switched: {len(s)} outlets with dated uses"
                 f"{'' if len(s) == len(switches) else f' (of {len(switches)} with any use)'}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.55 / (0.3 * len(s) + 0.2)), ncol=2,
              fontsize=7, frameon=False)
    fig.autofmt_xdate()
    return fig


_SOURCING_TITLES = {
    "anonymous_share": "anonymous share\nof sourced attributions",
    "anonymous_reason_share": "anonymous sources\ngiven a reason",
    "comment_sought_share": "articles that\nsought comment",
}


def attribution_sourcing_intervals(intervals, *, max_outlets: int = 20, counts=None):
    """One panel per sourcing measure (anonymous share, share of anonymous sources given a
    reason, comment-sought rate): each outlet's estimate with its 95% bootstrap interval;
    hollow red markers flag single-article outlets, "n/a" an undefined share (no anonymous
    source, no sourced attribution). ``intervals``: ``compare.bootstrap_outlets`` over
    :func:`analysis.attribution.attribution_article_counts` with
    :data:`analysis.attribution.OUTLET_MEASURES`. ``counts`` (outlet -> articles and words,
    as ``narrative.outlet_counts``) labels each outlet with the evidence behind it."""
    import math

    if intervals is None or len(intervals) == 0:
        return _empty_figure("no articles to compare")
    sizes = intervals.groupby("outlet")["n_articles"].max()
    outlets = sorted(_top_outlets(sizes.to_dict(), max_outlets), reverse=True)
    names = [m for m in _SOURCING_TITLES if m in set(intervals["measure"])]
    fig, axes = plt.subplots(1, len(names), figsize=(3.4 * len(names),
                                                     1.2 + 0.3 * len(outlets)),
                             squeeze=False, sharey=True)
    pos = {o: i for i, o in enumerate(outlets)}
    for ax, name in zip(axes[0], names):
        part = intervals[(intervals["measure"] == name)
                         & intervals["outlet"].astype(str).isin(pos)]
        for r in part.itertuples():
            y = pos[str(r.outlet)]
            if r.estimate is None or math.isnan(r.estimate):
                ax.text(0.02, y, "n/a", va="center", fontsize=7, color="0.45")
                continue
            colour = "tab:red" if r.single_article else "tab:blue"
            ax.plot([r.ci_low, r.ci_high], [y, y], color=colour, lw=1.4)
            ax.plot([r.estimate], [y], "o", color=colour, ms=4.5,
                    markerfacecolor="white" if r.single_article else colour)
        ax.set_xlim(-0.03, 1.03)
        ax.set_title(_SOURCING_TITLES[name], fontsize=9)
        ax.set_yticks(range(len(outlets)), _labels(outlets, counts))
        ax.grid(axis="x", color="0.9")
    fig.suptitle("Anonymous sources and comment sought, with 95% bootstrap intervals "
                 "(hollow red: single article)", fontsize=10)
    fig.tight_layout()
    return fig
