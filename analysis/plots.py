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


def _labels(values):
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


def term_choice_heatmap(house, *, groups=None, max_outlets: int = 25, max_groups: int = 10):
    """Outlet x group heatmap of the variant each outlet's narrator text chooses.

    ``house``: :func:`analysis.terms.house_style`. Colour: share of the group's reference
    variant (Kyiv, Odesa, Zelenskyy, North Korea, Kim Jong Un, full-scale invasion ...), 1 =
    always the reference form; the cell text is the chosen variant and its count; ``*`` marks
    outlets that mix variants. Groups default to the most used spelling groups.
    """
    import numpy as np

    h = house[house["narrator_n"] > 0]
    if groups is None:
        totals = h.groupby("group")["narrator_n"].sum()
        groups = sorted(totals.sort_values(ascending=False, kind="stable").index[:max_groups])
    h = h[h["group"].isin(groups)]
    outlets = _top_outlets(h.groupby("outlet")["narrator_n"].sum().to_dict(), max_outlets)
    h = h[h["outlet"].isin(outlets)].set_index(["outlet", "group"])
    if not groups or not outlets:
        return _empty_figure("No term-choice matches")
    fig, ax = plt.subplots(figsize=(1.3 + 1.25 * max(len(groups), 1),
                                    1.0 + 0.38 * max(len(outlets), 1)))
    grid = np.full((len(outlets), len(groups)), np.nan)
    for i, o in enumerate(outlets):
        for j, g in enumerate(groups):
            if (o, g) in h.index:
                row = h.loc[(o, g)]
                grid[i, j] = share = row["reference_share"]
                mark = "*" if row["mixing"] else ""
                ax.text(j, i, f"{row['chosen_variant']}{mark}\n{int(row['narrator_n'])}",
                        ha="center", va="center", fontsize=6.5,
                        color="white" if share < 0.25 or share > 0.75 else "black")
    im = ax.imshow(grid, cmap="RdBu", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(groups)), _labels(groups), rotation=35, ha="right")
    ax.set_yticks(range(len(outlets)), _labels(outlets))
    ax.set_title("Variant chosen in narrator text (colour: share of reference form)")
    fig.colorbar(im, ax=ax, fraction=0.04, label="share of reference variant")
    return fig


def locale_by_outlet(outlet_locale, *, max_outlets: int = 30):
    """British (right) vs American (left) spelling evidence per outlet, pooled over its
    articles; the label (en-GB / en-US / mixed / unknown) is written beside each bar.
    ``outlet_locale``: :func:`analysis.terms.outlet_locale`."""
    t = outlet_locale.assign(total=outlet_locale["gb_weight"] + outlet_locale["us_weight"])
    outlets = _top_outlets(t.set_index("outlet")["total"].to_dict(), max_outlets)
    if not outlets:
        return _empty_figure("No articles")
    t = t.set_index("outlet").loc[outlets[::-1]]
    fig, ax = plt.subplots(figsize=(7, 1.0 + 0.3 * len(t)))
    y = range(len(t))
    ax.barh(y, t["gb_weight"], color="#2166ac", label="British spellings")
    ax.barh(y, -t["us_weight"], color="#b2182b", label="American spellings")
    lim = max(float(t["total"].max()) if len(t) else 1.0, 1.0)
    for i, (label, gb) in enumerate(zip(t["label"], t["gb_weight"], strict=True)):
        ax.text(gb + 0.02 * lim, i, _labels(label), va="center", fontsize=7)
    ax.set_yticks(list(y), _labels(t.index))
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel("weighted spelling evidence (American <- 0 -> British)")
    ax.set_title("UK/US spelling locale by outlet")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=7, frameon=False)
    return fig


def readability_by_outlet(features, *, index: str = "readability_flesch_kincaid_grade",
                          max_outlets: int = 30):
    """Per-article values of one readability index (one dot per article, bar = median) by
    outlet. ``features``: a table with ``outlet`` and the ``readability_*`` column."""
    import numpy as np

    f = features[["outlet", index]].dropna()
    outlets = _top_outlets(f.groupby("outlet").size().to_dict(), max_outlets)
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
    ax.set_yticks(range(len(outlets)), _labels(outlets[::-1]))
    ax.set_xlabel(index.removeprefix("readability_").replace("_", " "))
    ax.set_title("Readability by outlet (dots: articles, bar: median)")
    return fig


# --------------------------------------------------------------------------- hedging
def hedging_intervals(table, *, label: str = "outlet", value: str = "estimate",
                      low: str = "low", high: str = "high", title: str = "",
                      xlabel: str = "hedges per 100 words"):
    """Dot-and-whisker chart: one row per ``label`` with its estimate and bootstrap interval.

    ``table`` has columns ``label``, ``value``, ``low``, ``high`` (e.g. from
    ``analysis.stats.bootstrap_ci`` per outlet); rows are drawn in table order, top first.
    """
    rows = table.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(6.4, 0.6 + 0.28 * max(len(rows), 1)))
    y = list(range(len(rows)))[::-1]
    ax.hlines(y, rows[low], rows[high], color="#4c72b0", linewidth=2, alpha=0.6)
    ax.plot(rows[value], y, "o", color="#1f3b73", markersize=5)
    ax.set_yticks(y, _labels(rows[label]))
    ax.set_xlabel(xlabel)
    ax.set_xlim(left=0)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    return fig


def hedging_categories(table, *, title: str = "", xlabel: str = "hedges per 100 words"):
    """Stacked horizontal bars: rows = outlets (the index), columns = hedge categories (each
    column one category's rate). Column order is the stacking order."""
    fig, ax = plt.subplots(figsize=(7.2, 0.8 + 0.3 * max(len(table), 1)))
    left = [0.0] * len(table)
    y = list(range(len(table)))[::-1]
    colours = plt.get_cmap("tab10").colors
    for i, col in enumerate(table.columns):
        widths = [float(v) for v in table[col].fillna(0.0)]
        ax.barh(y, widths, left=left, color=colours[i % len(colours)], label=_labels(col),
                height=0.7)
        left = [a + b for a, b in zip(left, widths)]
    ax.set_yticks(y, _labels(table.index))
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    return fig


def hedging_narrator_quoted(table, *, label: str = "outlet", title: str = "",
                            xlabel: str = "hedges per 100 words"):
    """Paired intervals per ``label``: narrator text vs quoted text. ``table`` has columns
    ``label``, ``part`` ("narrator" / "quoted"), ``estimate``, ``low``, ``high``."""
    labels = list(dict.fromkeys(table[label]))
    fig, ax = plt.subplots(figsize=(6.4, 0.8 + 0.34 * max(len(labels), 1)))
    pos = {name: len(labels) - 1 - i for i, name in enumerate(labels)}
    styles = {"narrator": ("#1f3b73", -0.15, "o"), "quoted": ("#c44e52", 0.15, "s")}
    for part, (colour, shift, marker) in styles.items():
        rows = table[table["part"] == part]
        y = [pos[v] + shift for v in rows[label]]
        ax.hlines(y, rows["low"], rows["high"], color=colour, linewidth=2, alpha=0.5)
        ax.plot(rows["estimate"], y, marker, color=colour, markersize=5, label=part,
                linestyle="none")
    ax.set_yticks(list(pos.values()), _labels(pos.keys()))
    ax.set_xlabel(xlabel)
    ax.set_xlim(left=0)
    ax.set_title(title)
    ax.legend(frameon=False, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    return fig


# ---------------------------------------------------------------- outlet comparison & claims


def plot_similarity(sim, *, title: str = "TF-IDF cosine similarity",
                    annotate: bool | None = None):
    """Heatmap of a square similarity matrix (``compare.similarity_matrix``), 0..1."""
    import numpy as np

    n = len(sim)
    size = min(11.0, 2.5 + 0.42 * n)
    fig, ax = plt.subplots(figsize=(size + 1.2, size))
    if n == 0:
        ax.text(0.5, 0.5, "no usable articles to compare", ha="center", va="center")
        ax.set_axis_off()
        return fig
    im = ax.imshow(sim.to_numpy(float), cmap="viridis", vmin=0, vmax=1)
    labels = [str(x) if len(str(x)) <= 36 else str(x)[:35] + "…" for x in sim.index]
    ax.set_xticks(range(n), _labels(labels), rotation=60, ha="right")
    ax.set_yticks(range(n), _labels(labels))
    if annotate if annotate is not None else n <= 12:
        values = sim.to_numpy(float)
        for i, j in np.ndindex(values.shape):
            ax.text(j, i, f"{values[i, j]:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if values[i, j] < 0.6 else "black")
    fig.colorbar(im, ax=ax, shrink=0.8, label="cosine similarity")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_outlet_map(coords, explained, *, label_top: int = 15,
                    title: str = "Outlets on the first two principal components"):
    """Scatter of ``compare.outlet_map`` coordinates; hollow markers = single-article
    outlets; the ``label_top`` outlets with most articles are labelled."""
    fig, ax = plt.subplots(figsize=(7.5, 5.5))
    if len(explained) == 0:
        ax.text(0.5, 0.5, "fewer than two outlets with varying features: no map",
                ha="center", va="center")
        ax.set_axis_off()
        return fig
    y = coords["PC2"] if "PC2" in coords else coords["PC1"] * 0
    single = coords["n_articles"] <= 1
    if (~single).any():
        ax.scatter(coords.loc[~single, "PC1"], y[~single], s=18 + 6 * coords.loc[~single,
                   "n_articles"].clip(upper=30), color="tab:blue", alpha=0.8,
                   label="several articles (size = articles)")
    if single.any():
        ax.scatter(coords.loc[single, "PC1"], y[single], s=24, facecolors="none",
                   edgecolors="tab:red", label="single article")
    top = coords.sort_values(["n_articles", "outlet"], ascending=[False, True]).head(label_top)
    for r in top.itertuples():
        ax.annotate(_labels(r.outlet)[:30], (r.PC1, getattr(r, "PC2", 0.0)), fontsize=7,
                    xytext=(3, 3), textcoords="offset points")
    ax.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax.axvline(0, color="0.85", lw=0.8, zorder=0)
    ax.set_xlabel(f"PC1 ({explained[0]:.0%} of variance)")
    ax.set_ylabel(f"PC2 ({explained[1]:.0%} of variance)" if len(explained) > 1 else "")
    ax.legend(fontsize=7, loc="best", frameon=False)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_intervals(table, *, column: str = "indicator", ncols: int = 2, title: str = ""):
    """One panel per measure/indicator: each outlet's estimate with its bootstrap interval.
    Hollow red markers flag single-article outlets (interval from within-article
    resampling only). ``table`` is ``compare.outlet_summary`` / ``reliability_indicators``
    output (filter outlets beforehand to keep it readable)."""
    import math

    names = sorted(table[column].unique())
    nrows = max(1, math.ceil(len(names) / ncols))
    outlets = sorted(table["outlet"].astype(str).unique(), reverse=True)
    height = max(2.2, 0.22 * len(outlets) + 1.0)
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, height * nrows),
                             squeeze=False, sharey=True)
    pos = {o: i for i, o in enumerate(outlets)}
    for ax, name in zip(axes.ravel(), names, strict=False):
        part = table[table[column] == name]
        for r in part.itertuples():
            y = pos[str(r.outlet)]
            single = bool(r.single_article)
            color = "tab:red" if single else "tab:blue"
            ax.plot([r.ci_low, r.ci_high], [y, y], color=color, lw=1.4)
            ax.plot([r.estimate], [y], "o", color=color, ms=4.5,
                    markerfacecolor="white" if single else color)
        ax.set_title(name.replace("_", " "), fontsize=9)
        ax.set_yticks(range(len(outlets)), [o[:28] for o in _labels(outlets)])
        ax.grid(axis="x", color="0.9")
    for ax in axes.ravel()[len(names):]:
        ax.set_visible(False)
    fig.suptitle(title or "Estimates with 95% bootstrap intervals "
                 "(hollow red: single article)", fontsize=10)
    fig.tight_layout()
    fig.subplots_adjust(top=1 - 0.45 / fig.get_figheight())
    return fig


def plot_claim_lineup(lineup, *, key: str = "", max_rows: int = 30):
    """Who reports which number for one claim key: one row per claim (outlet, source),
    the value on a log axis; filled = no hedge in the sentence, hollow = hedged (label
    lists the hedges). ``lineup`` is ``compare.claim_lineup`` output."""
    import numpy as np

    part = lineup.head(max_rows).iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(part) + 1.4))
    if part.empty:
        ax.text(0.5, 0.5, "no numbers to line up", ha="center", va="center")
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
        ax.annotate(_labels(f"{r['text']}  {source}{hedges}"), (r["value"], i), xytext=(8, -3),
                    textcoords="offset points", fontsize=7)
    ax.set_yticks(range(len(part)), [o[:28] for o in _labels(part["outlet"])])
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
    outlet (the outlets with most articles when there are many), marker size ~ body words."""
    import pandas as pd

    data = overview.dropna(subset=["published"]).copy()
    data["date"] = pd.to_datetime(data["published"])
    top = _top_outlets(data["outlet"].value_counts().to_dict(), max_outlets)
    data = data[data["outlet"].isin(top)]
    order = sorted(top, reverse=True)
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.32 * max(len(order), 1)))
    rows = {o: i for i, o in enumerate(order)}
    size = 15 + 120 * data["words_body"] / max(float(data["words_body"].max() or 1), 1.0)
    ax.scatter(data["date"], data["outlet"].map(rows), s=size, alpha=0.75, color="#2b6cb0",
               edgecolor="white", linewidth=0.6)
    ax.set_yticks(range(len(order)), _labels(order))
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.set_title("When each outlet published (marker size: words of body text)")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    fig.autofmt_xdate()
    return fig


def cleaning_words(overview, *, max_articles: int = 30):
    """Words per article before and after boilerplate removal (horizontal bars)."""
    data = overview.sort_values(["words_raw", "article_id"], ascending=[False, True])
    data = data.head(max_articles).iloc[::-1]
    labels = _labels(f"{o} · {str(a)[:12]}" for o, a in zip(data["outlet"], data["article_id"]))
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.3 * len(data)))
    ax.barh(labels, data["words_raw"], color="#cbd5e0", label="page as captured")
    ax.barh(labels, data["words_body"], color="#2b6cb0", label="article body after cleaning")
    ax.set_xlabel("words")
    ax.set_title("Page chrome removed by the cleaner")
    ax.legend(loc="lower right", frameon=False)
    return fig


# --------------------------------------------------------------------------- attribution

_SOURCE_TYPE_COLOURS = {"person": "#1b9e77", "role": "#66a61e", "government": "#7570b3",
                        "organization": "#e7298a", "media": "#e6ab02", "document": "#a6761d",
                        "anonymous": "#d95f02", "pronoun": "#999999"}


def _short(label: str, n: int = 42) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= n else label[: n - 1] + "…"


def attribution_source_types(shares, *, title: str = "Who each outlet lets speak"):
    """Stacked bars: share of each outlet's sourced attributions by source type (person,
    role, government, organization, media, document, anonymous, unresolved pronoun).
    ``shares``: :func:`analysis.attribution.source_type_shares` (rows sum to 1)."""
    outlets = list(shares.index)[::-1]
    fig, ax = plt.subplots(figsize=(7.5, 1.0 + 0.32 * max(len(outlets), 1)))
    left = [0.0] * len(outlets)
    for kind in shares.columns:
        vals = [float(shares.loc[o, kind]) for o in outlets]
        ax.barh(range(len(outlets)), vals, left=left, color=_SOURCE_TYPE_COLOURS.get(kind),
                label=_labels(kind), edgecolor="white", linewidth=0.4)
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(range(len(outlets)), _labels(outlets))
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of attributions with a source")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False)
    return fig


def attribution_named_anonymous(summary, *, max_outlets: int = 20):
    """Per outlet: named (identifiable), anonymous and official shares of sourced
    attributions, and the share of words inside quotation marks (quote share), as dots on
    one 0-1 axis. ``summary``: :func:`analysis.attribution.attribution_outlet_summary`."""
    s = summary.sort_values(["attributions", "outlet"], ascending=[False, True])
    s = s.head(max_outlets).sort_values("outlet", ascending=False)
    series = [("named_share", "named", "#1b9e77", "o"), ("anonymous_share", "anonymous",
              "#d95f02", "s"), ("official_share", "official", "#7570b3", "^"),
              ("quoted_word_share", "words in quotes", "#333333", "x")]
    fig, ax = plt.subplots(figsize=(7, 1.0 + 0.32 * max(len(s), 1)))
    y = list(range(len(s)))
    for col, label, colour, marker in series:
        ax.scatter(s[col], y, color=colour, marker=marker, label=label, s=28, zorder=3)
    ax.set_yticks(y, _labels(s["outlet"]))
    ax.set_xlim(-0.03, 1.03)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_xlabel("share")
    ax.set_title("Named vs anonymous sources, officials, and quotation")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False)
    return fig


def attribution_source_matrix(matrix, *, title: str = "Most cited sources by outlet"):
    """Heatmap of attribution counts, source (rows, most cited first) x outlet (columns).
    ``matrix``: :func:`analysis.attribution.source_outlet_matrix`."""
    import numpy as np

    if matrix.empty:
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
    ax.set_xticks(range(matrix.shape[1]), [_short(c, 24) for c in _labels(matrix.columns)],
                  rotation=40, ha="right")
    ax.set_yticks(range(matrix.shape[0]), [_short(r) for r in _labels(matrix.index)])
    ax.set_title(title)
    fig.colorbar(im, ax=ax, fraction=0.04, label="attributions")
    return fig
