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
}
plt.rcParams.update(STYLE)


def save_figure(fig, name: str, directory: str | Path | None = None) -> Path:
    """Write ``fig`` to ``<directory>/<name>.png`` and ``.svg``, byte-identical across runs.

    ``name`` is a content name ("hedging-by-outlet"), not a figure number. ``directory``
    defaults to the repository's ``figures/``. Returns the PNG path.
    """
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
