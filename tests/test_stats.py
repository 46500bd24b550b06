"""Tests for analysis.stats.bootstrap_ci."""
from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.stats import BootstrapCI, bootstrap_ci, ratio


def test_interval_contains_estimate_and_is_deterministic():
    rng = np.random.default_rng(3)
    x = rng.random(400) < 0.25
    a, b = bootstrap_ci(x, seed=7), bootstrap_ci(x, seed=7)
    assert a == b and isinstance(a, BootstrapCI)
    assert a.low < a.estimate < a.high and a.estimate == pytest.approx(x.mean())
    assert bootstrap_ci(x, seed=8) != a


def test_interval_width_matches_binomial_standard_error():
    rng = np.random.default_rng(0)
    x = (rng.random(2000) < 0.3).astype(float)
    ci = bootstrap_ci(x, n_boot=4000)
    se = math.sqrt(0.3 * 0.7 / len(x))
    assert (ci.high - ci.low) == pytest.approx(2 * 1.96 * se, rel=0.15)


def test_clustered_interval_is_wider_for_correlated_clusters():
    rng = np.random.default_rng(1)
    article_rate = rng.random(40)                      # each article has its own rate
    groups = np.repeat(np.arange(40), 25)
    x = (rng.random(1000) < article_rate[groups]).astype(float)
    flat, clustered = bootstrap_ci(x), bootstrap_ci(x, groups=groups)
    assert clustered.n_groups == 40 and flat.n_groups == 1000
    assert (clustered.high - clustered.low) > 1.5 * (flat.high - flat.low)


def test_fast_and_generic_paths_agree():
    rng = np.random.default_rng(2)
    x = rng.poisson(2, 300).astype(float)
    groups = rng.integers(0, 30, 300)
    fast = bootstrap_ci(x, groups=groups, seed=4)
    generic = bootstrap_ci(x, stat=lambda a: float(np.mean(a)), groups=groups, seed=4)
    assert fast.low == pytest.approx(generic.low) and fast.high == pytest.approx(generic.high)
    pairs = np.c_[rng.poisson(1, 300), rng.integers(5, 30, 300)]
    r_fast = bootstrap_ci(pairs, stat=ratio, groups=groups, seed=4)
    r_gen = bootstrap_ci(pairs, stat=lambda a: a[:, 0].sum() / a[:, 1].sum(), groups=groups,
                         seed=4)
    assert r_fast.estimate == pytest.approx(pairs[:, 0].sum() / pairs[:, 1].sum())
    assert (r_fast.low, r_fast.high) == pytest.approx((r_gen.low, r_gen.high))


def test_string_groups_and_other_statistics():
    x = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0]
    ci = bootstrap_ci(x, stat=np.median, groups=["a", "a", "a", "b", "b", "b"], n_boot=500)
    assert ci.n_groups == 2 and 1.0 <= ci.low <= ci.high <= 12.0


def test_degenerate_inputs():
    empty = bootstrap_ci([])
    assert empty.n == 0 and math.isnan(empty.estimate) and math.isnan(empty.low)
    one = bootstrap_ci([5.0])
    assert (one.estimate, one.low, one.high) == (5.0, 5.0, 5.0)
    zero_den = bootstrap_ci(np.array([[1.0, 0.0], [2.0, 0.0]]), stat=ratio)
    assert math.isnan(zero_den.estimate) and math.isnan(zero_den.low)
    with pytest.raises(ValueError):
        bootstrap_ci([1.0, 2.0], level=1.5)
    with pytest.raises(ValueError):
        bootstrap_ci([1.0, 2.0], groups=["a"])
    with pytest.raises(ValueError):
        bootstrap_ci([1.0], n_boot=0)
