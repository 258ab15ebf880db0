"""Rank tests as R's ``wilcox.test(after, before, conf.int = TRUE)``: Mann-Whitney
(rank sum) and, paired, Wilcoxon signed rank, with the Hodges-Lehmann shift and its
interval (exact null distributions for small samples without ties, else the normal
approximation with tie and continuity corrections). Used by
:func:`kpi_analysis.stats.twosample.compare_means`.
"""
from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from ..errors import InputError
from ._core import NORMAL, pvalue

#: R's wilcox.test computes exact p-values below this many observations per group
EXACT_RANK_MAX_N = 50
#: rank-test intervals search the sorted pairwise differences up to this many pairs
MAX_ENUMERATED = 1_000_000


# ------------------------------------------------------------------ rank machinery
@functools.lru_cache(maxsize=256)
def _rank_sum_null(m: int, n: int) -> np.ndarray:
    """Null distribution (probabilities) of the Mann-Whitney count W for sizes m and n.

    Counts c(m, n, w) = c(m-1, n, w-n) + c(m, n-1, w) (the largest value belongs to
    one sample or the other); only additions, so float counts stay accurate.
    """
    previous = [np.ones(1) for _ in range(n + 1)]  # m' = 0: one arrangement, W = 0
    for mm in range(1, m + 1):
        current = [np.ones(1)]
        for nn in range(1, n + 1):
            counts = np.zeros(mm * nn + 1)
            counts[nn:nn + previous[nn].size] += previous[nn]
            counts[:current[nn - 1].size] += current[nn - 1]
            current.append(counts)
        previous = current
    probabilities = previous[n] / previous[n].sum()
    probabilities.flags.writeable = False  # cached: shared between calls
    return probabilities


@functools.lru_cache(maxsize=256)
def _signed_rank_null(n: int) -> np.ndarray:
    """Null distribution (probabilities) of the signed-rank statistic V for n pairs."""
    counts = np.ones(1)
    for k in range(1, n + 1):
        grown = np.zeros(counts.size + k)
        grown[:counts.size] += counts
        grown[k:] += counts
        counts = grown
    probabilities = counts / counts.sum()
    probabilities.flags.writeable = False  # cached: shared between calls
    return probabilities


def _exact_pvalue(statistic: float, pmf: np.ndarray, alternative: str) -> float:
    """R's exact p-value for a rank statistic with a symmetric null distribution."""
    s = int(statistic)
    lower, upper = float(pmf[:s + 1].sum()), float(pmf[s:].sum())  # P(S <= s), P(S >= s)
    if alternative == "greater":
        return upper
    if alternative == "less":
        return lower
    centre = (pmf.size - 1) / 2
    return min(1.0, 2 * (upper if statistic > centre else lower))


def _exact_quantile(pmf: np.ndarray, probability: float) -> int:
    """R's qwilcox / qsignrank for p <= 0.5: smallest q with P(S <= q) >= p."""
    cdf = np.cumsum(pmf)
    return int(np.searchsorted(cdf, probability - 10 * np.finfo(float).eps))


def _ranks(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Average ranks (ties share the mean of their positions, as R's rank()) and the
    size of every tie group."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    group = np.cumsum(np.r_[True, ordered[1:] != ordered[:-1]]) - 1
    sizes = np.bincount(group)
    average = np.cumsum(sizes) - (sizes - 1) / 2
    ranks = np.empty(values.size)
    ranks[order] = average[group]
    return ranks, sizes


def _rank_sum_z(after: np.ndarray, before: np.ndarray, shift: float, correct: bool,
                alternative: str) -> float:
    """Normal score of wilcox.test(after - shift, before) with tie and continuity
    corrections, exactly as R's ``wdiff`` (used for p-values and the interval)."""
    n_a, n_b = after.size, before.size
    ranks, ties = _ranks(np.concatenate([after - shift, before]))
    dz = ranks[:n_a].sum() - n_a * (n_a + 1) / 2 - n_a * n_b / 2
    variance = n_a * n_b / 12 * ((n_a + n_b + 1)
                                 - np.sum(ties ** 3 - ties) / ((n_a + n_b) * (n_a + n_b - 1)))
    if variance <= 0:
        raise InputError("before and after: all values are tied; a rank test is undefined")
    return (dz - _continuity(dz, correct, alternative)) / math.sqrt(variance)


def _signed_rank_z(diffs: np.ndarray, shift: float, correct: bool, alternative: str) -> float:
    """Normal score of the signed-rank test of diffs - shift (zeros dropped), as R."""
    d = diffs - shift
    d = d[d != 0]
    n = d.size
    if n == 0:
        raise InputError("after - before: every difference is zero; a rank test is undefined")
    ranks, ties = _ranks(np.abs(d))
    dz = ranks[d > 0].sum() - n * (n + 1) / 4
    variance = n * (n + 1) * (2 * n + 1) / 24 - np.sum(ties ** 3 - ties) / 48
    if variance <= 0:
        raise InputError("after - before: all differences are tied; a rank test is undefined")
    return (dz - _continuity(dz, correct, alternative)) / math.sqrt(variance)


def _continuity(dz: float, correct: bool, alternative: str) -> float:
    if not correct:
        return 0.0
    return {"two-sided": 0.5 * np.sign(dz), "greater": 0.5, "less": -0.5}[alternative]


def _step_root(f: Any, low: float, high: float, jumps: np.ndarray | None = None) -> float:
    """Where a non-increasing step function crosses zero on [low, high].

    Mirrors R's ``root()`` in wilcox.test (the ends when f does not change sign) but
    solves exactly instead of with uniroot's 1e-4 tolerance: the jump point where f
    turns negative, or the middle of an interval on which f is exactly zero.
    ``jumps`` are the sorted points where f can jump (pairwise differences or Walsh
    averages); the search then evaluates f once per halving of that set. Without
    them (very large samples) f is bisected on the real line to machine precision.
    """
    if f(low) <= 0:
        return low
    if f(high) >= 0:
        return high
    if jumps is not None:
        edges = np.concatenate([[low], jumps[(jumps > low) & (jumps < high)], [high]])
        middles = (edges[:-1] + edges[1:]) / 2  # f is constant between two jumps

        def first(negative: bool) -> int:
            lo, hi = 0, middles.size
            while lo < hi:
                mid = (lo + hi) // 2
                value = f(middles[mid])
                lo, hi = (lo, mid) if (value < 0 if negative else value <= 0) else (mid + 1, hi)
            return lo

        return float((edges[first(False)] + edges[first(True)]) / 2)

    def boundary(keep_left: Any) -> float:
        left, right = low, high
        for _ in range(200):
            middle = left + (right - left) / 2
            if middle in (left, right):
                break
            left, right = (middle, right) if keep_left(f(middle)) else (left, middle)
        return left + (right - left) / 2

    return (boundary(lambda value: value > 0) + boundary(lambda value: value >= 0)) / 2


def _rank_interval(z_of_shift: Any, low: float, high: float, alternative: str,
                   alpha: float, jumps: np.ndarray | None) -> tuple[float, float]:
    """Interval from inverting the normal-approximation rank test (R, non-exact case)."""
    if alternative == "two-sided":
        q = NORMAL.ppf(1 - alpha / 2)
        return (_step_root(lambda d: z_of_shift(d) - q, low, high, jumps),
                _step_root(lambda d: z_of_shift(d) + q, low, high, jumps))
    q = NORMAL.ppf(1 - alpha)
    if alternative == "greater":
        return _step_root(lambda d: z_of_shift(d) - q, low, high, jumps), math.inf
    return -math.inf, _step_root(lambda d: z_of_shift(d) + q, low, high, jumps)


def _exact_rank_interval(walsh: np.ndarray, pmf: np.ndarray, alternative: str,
                         alpha: float) -> tuple[float, float]:
    """R's exact interval: order statistics of the sorted pairwise differences or
    Walsh averages at the null distribution's alpha quantile."""
    total = walsh.size
    qu = max(_exact_quantile(pmf, alpha / 2 if alternative == "two-sided" else alpha), 1)
    lower, upper = walsh[qu - 1], walsh[total - qu]
    if alternative == "greater":
        return float(lower), math.inf
    if alternative == "less":
        return -math.inf, float(upper)
    return float(lower), float(upper)


def mann_whitney(before: np.ndarray, after: np.ndarray, alternative: str,
                 alpha: float) -> dict[str, float]:
    """R's wilcox.test(after, before, conf.int = TRUE): W, p, Hodges-Lehmann shift."""
    n_a, n_b = after.size, before.size
    ranks, ties = _ranks(np.concatenate([after, before]))
    w = float(ranks[:n_a].sum() - n_a * (n_a + 1) / 2)
    exact = n_a < EXACT_RANK_MAX_N and n_b < EXACT_RANK_MAX_N and ties.max() == 1
    if exact:
        pmf = _rank_sum_null(n_a, n_b)
        p_val = _exact_pvalue(w, pmf, alternative)
        differences = np.sort(np.subtract.outer(after, before).ravel())
        ci = _exact_rank_interval(differences, pmf, alternative, alpha)
        shift = float(np.median(differences))
    else:
        z = _rank_sum_z(after, before, 0.0, True, alternative)
        p_val = pvalue(z, alternative, NORMAL)
        low, high = after.min() - before.max(), after.max() - before.min()
        jumps = np.unique(np.subtract.outer(after, before)) if n_a * n_b <= MAX_ENUMERATED \
            else None
        ci = _rank_interval(lambda d: _rank_sum_z(after, before, d, True, alternative),
                            low, high, alternative, alpha, jumps)
        shift = _step_root(lambda d: _rank_sum_z(after, before, d, False, alternative),
                           low, high, jumps)
    return dict(statistic=w, p_val=p_val, diff=shift, ci_low=ci[0], ci_high=ci[1],
                effect_size=2 * w / (n_a * n_b) - 1)


def signed_rank(diffs: np.ndarray, alternative: str, alpha: float) -> dict[str, float]:
    """R's wilcox.test(after, before, paired = TRUE, conf.int = TRUE)."""
    nonzero = diffs[diffs != 0]
    n = nonzero.size
    if n == 0:
        raise InputError("after - before: every difference is zero; a rank test is undefined")
    ranks, ties = _ranks(np.abs(nonzero))
    v = float(ranks[nonzero > 0].sum())
    exact = n < EXACT_RANK_MAX_N and ties.max() == 1 and n == diffs.size
    if exact:
        pmf = _signed_rank_null(n)
        p_val = _exact_pvalue(v, pmf, alternative)
        upper = np.triu_indices(n)
        walsh = np.sort(np.add.outer(nonzero, nonzero)[upper] / 2)
        ci = _exact_rank_interval(walsh, pmf, alternative, alpha)
        shift = float(np.median(walsh))
    else:
        z = _signed_rank_z(nonzero, 0.0, True, alternative)
        p_val = pvalue(z, alternative, NORMAL)
        low, high = float(nonzero.min()), float(nonzero.max())
        jumps = np.unique(np.add.outer(nonzero, nonzero)[np.triu_indices(n)] / 2) \
            if n * (n + 1) // 2 <= MAX_ENUMERATED else None
        ci = _rank_interval(lambda d: _signed_rank_z(nonzero, d, True, alternative),
                            low, high, alternative, alpha, jumps)
        shift = _step_root(lambda d: _signed_rank_z(nonzero, d, False, alternative),
                           low, high, jumps)
    total = n * (n + 1) / 2
    return dict(statistic=v, p_val=p_val, diff=shift, ci_low=ci[0], ci_high=ci[1],
                effect_size=(2 * v - total) / total)
