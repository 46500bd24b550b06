"""Small, reusable statistics: the percentile bootstrap with optional cluster resampling.

``bootstrap_ci(values, stat=np.mean, groups=article_ids)`` resamples whole clusters (all the
sentences of an article together), which is what an interval for "this outlet's hedging"
needs: sentences of one article are not independent draws. References: Efron & Tibshirani
(1993) *An Introduction to the Bootstrap*, ch. 13 (percentile interval); Davison & Hinkley
(1997) *Bootstrap Methods and their Application*, sec. 3.8 (cluster resampling); Field &
Welsh (2007) "Bootstrapping clustered data", JRSS-B 69(3).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd


class BootstrapCI(NamedTuple):
    """A point estimate with its percentile bootstrap interval."""

    estimate: float
    low: float
    high: float
    n: int          # units (rows of ``values``)
    n_groups: int   # clusters resampled (== n without groups)
    n_boot: int


def ratio(values: np.ndarray) -> float:
    """Ratio of sums: ``sum(values[:, 0]) / sum(values[:, 1])`` (NaN when the denominator is
    0). Use with a two-column ``values`` (e.g. hedges, words) for pooled rates."""
    a = np.asarray(values, dtype=float)
    den = a[:, 1].sum()
    return float(a[:, 0].sum() / den) if den else math.nan


def _linear_reps(x: np.ndarray, codes: np.ndarray, k: int, stat: Callable, n_boot: int,
                 rng: np.random.Generator) -> np.ndarray:
    """Replicates of mean / sum / ratio from per-cluster sums: vectorised, chunked."""
    cols = x.reshape(len(x), -1)
    sums = np.stack([np.bincount(codes, weights=c, minlength=k) for c in cols.T], axis=1)
    counts = np.bincount(codes, minlength=k).astype(float)
    out = np.empty(n_boot)
    step = max(1, 2_000_000 // max(k, 1))
    for lo in range(0, n_boot, step):
        b = min(step, n_boot - lo)
        pick = rng.integers(0, k, size=(b, k))
        w = np.bincount((np.arange(b)[:, None] * k + pick).ravel(),
                        minlength=b * k).reshape(b, k).astype(float)
        s, c = w @ sums, w @ counts
        with np.errstate(divide="ignore", invalid="ignore"):
            if stat is ratio:
                rep = np.where(s[:, 1] != 0, s[:, 0] / np.where(s[:, 1] != 0, s[:, 1], 1), np.nan)
            elif stat is np.sum:
                rep = s[:, 0]
            else:
                rep = np.where(c > 0, s[:, 0] / np.where(c > 0, c, 1), np.nan)
        out[lo:lo + b] = rep
    return out


def _generic_reps(x: np.ndarray, codes: np.ndarray, k: int, stat: Callable, n_boot: int,
                  rng: np.random.Generator) -> np.ndarray:
    """Replicates of any statistic: rebuild the resampled rows cluster by cluster."""
    order = np.argsort(codes, kind="stable")
    xs, sizes = x[order], np.bincount(codes, minlength=k)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    out = np.empty(n_boot)
    for i in range(n_boot):
        pick = rng.integers(0, k, size=k)
        lens = sizes[pick]
        idx = np.repeat(offsets[pick] - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)
        out[i] = stat(xs[idx + np.arange(int(lens.sum()))])
    return out


def bootstrap_ci(values, stat: Callable = np.mean, n_boot: int = 2000, seed: int = 0,
                 level: float = 0.95, groups=None) -> BootstrapCI:
    """Percentile bootstrap interval of ``stat(values)``.

    ``values``: 1-D array-like of unit values (e.g. 0/1 "sentence is hedged"), or 2-D with
    one row per unit (e.g. columns hedges, words with ``stat=ratio``). ``groups``: optional
    cluster label per unit; when given, whole clusters are resampled with replacement (a
    cluster bootstrap: sentences stay with their article). ``np.mean``, ``np.sum`` and
    :func:`ratio` are computed from cluster sums (fast); any other callable is applied to
    each resampled array. Deterministic for a given ``seed``. Returns
    ``BootstrapCI(estimate, low, high, n, n_groups, n_boot)``; all NaN when ``values`` is
    empty. Direction: a wider interval = less certainty about the estimate.
    """
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    if n_boot < 1:
        raise ValueError("n_boot must be at least 1")
    x = np.asarray(values, dtype=float)
    if x.ndim == 0 or len(x) == 0:
        return BootstrapCI(math.nan, math.nan, math.nan, 0, 0, n_boot)
    if groups is None:
        codes = np.arange(len(x))
    else:
        if len(groups) != len(x):
            raise ValueError("groups must have one label per row of values")
        codes = pd.factorize(pd.Series(list(groups)), sort=True)[0]
    k = int(codes.max()) + 1
    rng = np.random.default_rng(seed)
    fast = stat is ratio or stat is np.sum or (stat is np.mean and x.ndim == 1)
    reps = (_linear_reps if fast else _generic_reps)(x, codes, k, stat, n_boot, rng)
    alpha = (1 - level) / 2
    valid = reps[~np.isnan(reps)]
    low, high = (np.quantile(valid, [alpha, 1 - alpha]) if valid.size else (math.nan, math.nan))
    return BootstrapCI(float(stat(x)), float(low), float(high), len(x), k, n_boot)
