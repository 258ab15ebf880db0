"""Before/after comparisons, power and planning: the kit's statistics engine.

Every comparison returns one tidy row (a one-row :class:`pandas.DataFrame`) with the
estimate, its interval, the test statistic, the p-value and an effect size, in the
style of pingouin. The effect is always **after - before** (or after / before for
rates), and ``alternative="greater"`` means *after is larger than before*.

=========================  ============================================================
function                   use it for
=========================  ============================================================
:func:`compare_means`      per-item values (lead times, amounts, scores): t-tests or ranks
:func:`compare_series`     one value per period on both sides (autocorrelation-robust)
:func:`series_shift`       a per-period KPI against its baseline's counterfactual (level,
                           trend, season; AR(1) errors; what ``compare_kpis`` judges by)
:func:`holm`               Holm-adjusted p-values (R ``p.adjust(p, "holm")``)
:func:`compare_proportions` successes out of trials (error rate, conversion)
:func:`compare_rates`      event counts over an exposure (errors per 100 invoices)
:func:`power_t`            power / sample size of a two-sample t-test (R ``power.t.test``)
:func:`power_prop`         power / sample size for two proportions (R ``power.prop.test``)
:func:`how_long`           how long the after-period must run, from a baseline series
=========================  ============================================================

Results are full precision; rounding is for display only. Invalid arguments raise
:class:`kpi_analysis.errors.InputError` naming the argument, what is allowed and what
was passed; no function returns a silent ``nan`` for bad input or emits a numpy
warning.
"""
from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special
from scipy import stats as sps

from ..errors import InputError

__all__ = [
    "compare_means", "compare_series", "compare_proportions", "compare_rates",
    "power_t", "power_prop", "how_long", "series_shift", "holm",
]

ALTERNATIVES = ("two-sided", "greater", "less")
MEAN_TESTS = ("welch", "student", "mannwhitney", "auto")
#: below this many observations per group 'auto' may switch to a rank test
AUTO_MIN_N = 30
#: |sample skewness| above which a small sample counts as strongly skewed for 'auto'
AUTO_MAX_SKEW = 1.0
#: R's wilcox.test computes exact p-values below this many observations per group
EXACT_RANK_MAX_N = 50
#: rank-test intervals search the sorted pairwise differences up to this many pairs
MAX_ENUMERATED = 1_000_000
#: prewhitening coefficients are shrunk so that I - A stays invertible
MAX_PREWHITEN_ROOT = 0.97


# --------------------------------------------------------------------------- checks
def _check_choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InputError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value


def _check_alpha(alpha: Any, name: str = "alpha") -> float:
    if not isinstance(alpha, (int, float, np.floating)) or isinstance(alpha, bool) \
            or not 0 < float(alpha) < 1:
        raise InputError(f"{name} must be a number strictly between 0 and 1; got {alpha!r}")
    return float(alpha)


def _finite_number(name: str, value: Any, *, positive: bool = False,
                   nonnegative: bool = False) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number; got {value!r}") from None
    if isinstance(value, bool) or not math.isfinite(number):
        raise InputError(f"{name} must be a finite number; got {value!r}")
    if positive and number <= 0:
        raise InputError(f"{name} must be greater than 0; got {value!r}")
    if nonnegative and number < 0:
        raise InputError(f"{name} must be 0 or more; got {value!r}")
    return number


def _whole_count(name: str, value: Any) -> int:
    number = _finite_number(name, value, nonnegative=True)
    if number != round(number):
        raise InputError(f"{name} must be a whole number of events or successes; got {value!r}")
    return int(round(number))


def _as_sample(name: str, values: Any, min_n: int = 2) -> np.ndarray:
    """A 1-d float array with at least ``min_n`` finite values, or an InputError."""
    if isinstance(values, (str, bytes)) or np.ndim(values) == 0:
        raise InputError(f"{name} must be a list or array of numbers; got {values!r}")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{name} must contain numbers only; got {list(values)[:5]!r}...") from None
    if array.ndim != 1:
        raise InputError(f"{name} must be one-dimensional; got an array of shape {array.shape}")
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        raise InputError(f"{name} contains {bad.size} missing or infinite value(s) at "
                         f"position(s) {bad[:10].tolist()}; drop or fill them first")
    if array.size < min_n:
        raise InputError(f"{name} needs at least {min_n} observations; got {array.size}")
    return array


def _row(**columns: Any) -> pd.DataFrame:
    return pd.DataFrame([columns])


# ---------------------------------------------------------------- small statistics
def _mean_sd(x: np.ndarray) -> tuple[float, float]:
    """Mean and sample standard deviation (n - 1), two-pass: sum of squared deviations
    from the mean, never the cancellation-prone sum of squares minus squared sum."""
    mean = float(np.mean(x))
    deviations = x - mean
    return mean, float(np.sqrt(deviations @ deviations / (x.size - 1)))


def _lag1_autocorrelation(x: np.ndarray) -> float:
    """NIST's r(1): sum (x_t - m)(x_{t-1} - m) / sum (x_t - m)^2 (0 for a constant series)."""
    deviations = x - np.mean(x)
    denominator = deviations @ deviations
    return 0.0 if denominator == 0 else float(deviations[1:] @ deviations[:-1] / denominator)


def _skewness(x: np.ndarray) -> float:
    """Adjusted Fisher-Pearson skewness G1 (0 for fewer than 3 or constant values)."""
    n = x.size
    mean, sd = _mean_sd(x)
    if n < 3 or sd == 0:
        return 0.0
    return float(n / ((n - 1) * (n - 2)) * np.sum(((x - mean) / sd) ** 3))


def _hedges_correction(dof: float) -> float:
    """Exact small-sample factor J = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2))."""
    return float(np.exp(special.gammaln(dof / 2) - 0.5 * np.log(dof / 2)
                        - special.gammaln((dof - 1) / 2)))


def _hedges_g(diff: float, sd_before: float, sd_after: float, n_before: int,
              n_after: int) -> float:
    """Hedges' g: the difference over the pooled sd, times J(n_before + n_after - 2)."""
    dof = n_before + n_after - 2
    pooled = np.sqrt(((n_before - 1) * sd_before ** 2 + (n_after - 1) * sd_after ** 2) / dof)
    return float(diff / pooled * _hedges_correction(dof))


class _Reference:
    """Student t with ``dof`` degrees of freedom, or the standard normal when ``dof``
    is None: cdf, sf and ppf through scipy.special (frozen scipy distributions cost
    about a millisecond each to create, which adds up over hundreds of KPIs)."""

    def __init__(self, dof: float | None = None):
        self.dof = dof

    def cdf(self, x: float) -> float:
        return float(special.ndtr(x) if self.dof is None else special.stdtr(self.dof, x))

    def sf(self, x: float) -> float:
        return self.cdf(-x)

    def ppf(self, p: float) -> float:
        return float(special.ndtri(p) if self.dof is None else special.stdtrit(self.dof, p))


NORMAL = _Reference()


def _pvalue(statistic: float, alternative: str, dist: Any) -> float:
    if alternative == "greater":
        return float(dist.sf(statistic))
    if alternative == "less":
        return float(dist.cdf(statistic))
    return float(min(1.0, 2 * dist.sf(abs(statistic))))


def _interval(estimate: float, se: float, alternative: str, alpha: float,
              dist: Any) -> tuple[float, float]:
    """Wald-type interval; one-sided alternatives give one-sided intervals, as in R."""
    if alternative == "two-sided":
        half = dist.ppf(1 - alpha / 2) * se
        return estimate - half, estimate + half
    half = dist.ppf(1 - alpha) * se
    return (estimate - half, math.inf) if alternative == "greater" else (-math.inf, estimate + half)


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


def _mann_whitney(before: np.ndarray, after: np.ndarray, alternative: str,
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
        p_val = _pvalue(z, alternative, NORMAL)
        low, high = after.min() - before.max(), after.max() - before.min()
        jumps = np.unique(np.subtract.outer(after, before)) if n_a * n_b <= MAX_ENUMERATED \
            else None
        ci = _rank_interval(lambda d: _rank_sum_z(after, before, d, True, alternative),
                            low, high, alternative, alpha, jumps)
        shift = _step_root(lambda d: _rank_sum_z(after, before, d, False, alternative),
                           low, high, jumps)
    return dict(statistic=w, p_val=p_val, diff=shift, ci_low=ci[0], ci_high=ci[1],
                effect_size=2 * w / (n_a * n_b) - 1)


def _signed_rank(diffs: np.ndarray, alternative: str, alpha: float) -> dict[str, float]:
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
        p_val = _pvalue(z, alternative, NORMAL)
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


# ----------------------------------------------------------------------- t-tests
def _t_test(before: np.ndarray, after: np.ndarray, test: str, alternative: str,
            alpha: float) -> dict[str, float]:
    n_b, n_a = before.size, after.size
    mean_b, sd_b = _mean_sd(before)
    mean_a, sd_a = _mean_sd(after)
    if test == "paired-t":
        d = after - before
        mean_d, sd_d = _mean_sd(d)
        if sd_d == 0:
            raise InputError("after - before: the paired differences have zero variance "
                             f"(all equal {mean_d!r}); a paired t-test is undefined")
        diff, se, dof = mean_d, sd_d / math.sqrt(n_a), n_a - 1.0
        scale = math.sqrt((sd_b ** 2 + sd_a ** 2) / 2)  # Lakens (2013) g_av
        effect = diff / scale * _hedges_correction(dof) if scale > 0 else diff / sd_d
    else:
        diff = mean_a - mean_b
        if sd_b == 0 and sd_a == 0:
            raise InputError(f"before and after: both samples are constant (all values "
                             f"{mean_b!r} and {mean_a!r}); zero variance, a t-test is undefined")
        if test == "student":
            dof = n_b + n_a - 2.0
            pooled = ((n_b - 1) * sd_b ** 2 + (n_a - 1) * sd_a ** 2) / dof
            se = math.sqrt(pooled * (1 / n_b + 1 / n_a))
        else:
            v_b, v_a = sd_b ** 2 / n_b, sd_a ** 2 / n_a
            se = math.sqrt(v_b + v_a)
            dof = (v_b + v_a) ** 2 / (v_b ** 2 / (n_b - 1) + v_a ** 2 / (n_a - 1))
        effect = _hedges_g(diff, sd_b, sd_a, n_b, n_a)
    dist = _Reference(dof)
    statistic = diff / se
    ci = _interval(diff, se, alternative, alpha, dist)
    return dict(statistic=statistic, dof=dof, p_val=_pvalue(statistic, alternative, dist),
                diff=diff, ci_low=ci[0], ci_high=ci[1], effect_size=effect)


def _auto_choice(before: np.ndarray, after: np.ndarray, paired: bool) -> str:
    samples = [after - before] if paired else [before, after]
    small = min(s.size for s in samples) < AUTO_MIN_N
    skewed = any(abs(_skewness(s)) > AUTO_MAX_SKEW for s in samples)
    return "mannwhitney" if small and skewed else "welch"


def compare_means(before: Any, after: Any, *, test: str = "welch", paired: bool = False,
                  alternative: str = "two-sided", alpha: float = 0.05) -> pd.DataFrame:
    """Compare a KPI's per-item values before and after a change.

    Parameters
    ----------
    before, after : array-like of float
        The measurements (e.g. lead time per invoice) in the baseline and in the
        after-period. At least two finite values each; with ``paired=True`` the same
        units in the same order.
    test : {'welch', 'student', 'mannwhitney', 'auto'}
        ``'welch'`` (unequal variances, the default), ``'student'`` (pooled variance),
        ``'mannwhitney'`` (Wilcoxon rank-sum; the signed-rank test when paired), or
        ``'auto'``: the rank test when the smaller group has fewer than 30
        observations *and* a group (or the paired differences) is strongly skewed
        (|skewness| > 1), Welch otherwise. Rationale: Welch's interval for the mean
        difference is reliable for moderate skew or larger samples (central limit
        theorem) and answers the business question in KPI units; small, strongly
        skewed samples are where it loses coverage and a rank test with a
        Hodges-Lehmann shift is safer (Fagerland 2012). The choice looks only at the
        shape of the data, never at the difference, so it does not inflate the error
        rate the way normality pre-testing does.
    paired : bool
        Paired data (the same units measured twice): a paired t-test (``'welch'``
        and ``'student'`` are the same then) or the Wilcoxon signed-rank test.
    alternative : {'two-sided', 'greater', 'less'}
        ``'greater'`` tests after > before. One-sided alternatives give one-sided
        intervals (an infinite bound), as R does.
    alpha : float
        1 - confidence level of the interval.

    Returns
    -------
    pandas.DataFrame
        One row with columns:

        * ``test``: the test run: 'welch', 'student', 'paired-t', 'mannwhitney'
          or 'wilcoxon' (signed rank); 'auto' is resolved.
        * ``n_before``, ``n_after``: number of observations.
        * ``mean_before``, ``mean_after``, ``sd_before``, ``sd_after``: sample mean
          and standard deviation (n - 1 denominator, two-pass).
        * ``diff``: mean difference after - before for t-tests; for the rank tests
          the Hodges-Lehmann shift (median of the pairwise differences after_i -
          before_j, or of the Walsh averages of the paired differences).
        * ``diff_pct``: ``100 * diff / |baseline|`` with the baseline mean (t-tests)
          or median (rank tests); NaN only when that baseline is exactly 0.
        * ``ci_low``, ``ci_high``: the (1 - alpha) confidence interval of ``diff``.
        * ``statistic``: t (after - before), or R's W (rank sum of *after* minus
          n_after (n_after + 1) / 2) / V (sum of ranks of positive differences).
        * ``dof``: degrees of freedom (Welch-Satterthwaite for Welch); NaN for the
          rank tests, which have none.
        * ``p_val``: p-value for ``alternative``.
        * ``effect_size``: Hedges' g (pooled-sd standardised difference with the
          exact small-sample correction J; for paired data Lakens' g_av, the mean
          difference over the average of the two sds) for t-tests; the rank-biserial
          correlation ``2 W / (n_a n_b) - 1`` (positive when after tends to be
          larger) for Mann-Whitney; the matched-pairs rank-biserial ``(T+ - T-) /
          (T+ + T-)`` for the signed-rank test.

    Notes
    -----
    Welch: :math:`t = (\\bar a - \\bar b) / \\sqrt{s_a^2/n_a + s_b^2/n_b}` with
    Welch-Satterthwaite degrees of freedom
    :math:`\\nu = (s_a^2/n_a + s_b^2/n_b)^2 / \\sum_g (s_g^2/n_g)^2/(n_g - 1)`.
    Student pools the variances with :math:`n_a + n_b - 2` degrees of freedom.

    The rank tests reproduce R's ``wilcox.test(after, before, conf.int = TRUE)``:
    exact null distribution when both groups have fewer than 50 observations and
    there are no ties (and, paired, no zero differences), else the normal
    approximation with tie and continuity corrections. The interval inverts the
    test: exact order statistics of the pairwise differences, or the shifts where
    the corrected normal score crosses the quantile. R finds those shifts with
    ``uniroot(tol = 1e-4)``; here they are located exactly (the score only jumps at
    pairwise differences), so such limits agree with R's to 1e-4. Where the score is
    exactly zero over an interval (ties), R's estimate is wherever uniroot stops in
    it; here it is the interval's midpoint.

    References
    ----------
    Welch, B. L. (1947). Biometrika 34, 28-35.
    Hodges, J. L. & Lehmann, E. L. (1963). Ann. Math. Statist. 34, 598-611.
    Hollander, M. & Wolfe, D. A. (1973). Nonparametric Statistical Methods. Wiley.
    Kerby, D. S. (2014). The simple difference formula. Compr. Psychol. 3, 11.IT.3.1.
    Lakens, D. (2013). Front. Psychol. 4, 863.
    Fagerland, M. W. (2012). t-tests, non-parametric tests, and large studies - a
    paradox of statistical practice? BMC Med. Res. Methodol. 12, 78.

    Examples
    --------
    R's ``sleep`` data (extra hours of sleep under two drugs):

    >>> from kpi_analysis.stats.tests import compare_means
    >>> drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    >>> drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    >>> res = compare_means(drug1, drug2)
    >>> res[["test", "diff", "statistic", "dof", "p_val"]].round(3)
        test  diff  statistic     dof  p_val
    0  welch  1.58      1.861  17.776  0.079
    >>> paired = compare_means(drug1, drug2, paired=True)
    >>> paired.loc[0, "test"], round(float(paired.loc[0, "p_val"]), 6)
    ('paired-t', 0.002833)
    """
    _check_choice("test", test, MEAN_TESTS)
    _check_choice("alternative", alternative, ALTERNATIVES)
    alpha = _check_alpha(alpha)
    if not isinstance(paired, bool):
        raise InputError(f"paired must be True or False; got {paired!r}")
    before = _as_sample("before", before)
    after = _as_sample("after", after)
    if paired and before.size != after.size:
        raise InputError(f"paired=True needs before and after of equal length; got "
                         f"{before.size} and {after.size}")
    chosen = _auto_choice(before, after, paired) if test == "auto" else test
    if chosen == "mannwhitney":
        result = _signed_rank(after - before, alternative, alpha) if paired \
            else _mann_whitney(before, after, alternative, alpha)
        result["dof"] = math.nan
        name = "wilcoxon" if paired else "mannwhitney"
        baseline = float(np.median(before))
    else:
        name = "paired-t" if paired else chosen
        result = _t_test(before, after, name, alternative, alpha)
        baseline = float(np.mean(before))
    mean_b, sd_b = _mean_sd(before)
    mean_a, sd_a = _mean_sd(after)
    return _row(test=name, n_before=before.size, n_after=after.size,
                mean_before=mean_b, mean_after=mean_a, sd_before=sd_b, sd_after=sd_a,
                diff=result["diff"], diff_pct=_percent(result["diff"], baseline),
                ci_low=result["ci_low"], ci_high=result["ci_high"],
                statistic=result["statistic"], dof=result["dof"], p_val=result["p_val"],
                effect_size=result["effect_size"])


def _percent(change: float, baseline: float) -> float:
    return math.nan if baseline == 0 else 100 * change / abs(baseline)


# ---------------------------------------------------------- time and robust errors
def _time_index(values: Any) -> np.ndarray:
    """Numeric time in natural periods: numbers as they are; dates in months when
    they are about a month apart (calendar months, so Feb and Mar are one apart),
    in quarters or years likewise, else in units of their typical spacing in days
    (1 for daily, 7 for weekly data; missing days stay gaps)."""
    series = pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(series):
        if series.isna().any():
            raise InputError("time contains missing dates")
        stamps = series.to_numpy(dtype="datetime64[ns]")
        steps = np.diff(np.unique(stamps.astype(np.int64))) / 86400e9
        spacing = float(np.median(steps)) if steps.size else 1.0
        months = stamps.astype("datetime64[M]").astype(np.int64).astype(float)
        months -= months.min()
        for low, high, per_period in ((27, 32, 1), (88, 93, 3), (364, 367, 12)):
            if low <= spacing <= high:
                return months / per_period
        days = stamps.astype("datetime64[D]").astype(np.int64).astype(float)
        return (days - days.min()) / max(round(spacing), 1)
    try:
        numbers = series.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise InputError("time must be numbers or dates; got values like "
                         f"{series.head(3).tolist()!r}") from None
    if not np.all(np.isfinite(numbers)):
        raise InputError("time contains missing or infinite values")
    return numbers


def newey_west_lags(n: int) -> int:
    """Newey & West (1994) rule of thumb: floor(4 (n / 100)^(2/9))."""
    return int(4 * (n / 100) ** (2 / 9))


def _hac_covariance(scores: np.ndarray, bread: np.ndarray, maxlags: int | None,
                    prewhiten: bool = True) -> np.ndarray:
    """Newey-West (Bartlett kernel) sandwich ``bread @ Omega @ bread``, optionally with
    VAR(1) prewhitening of the score series (Andrews & Monahan 1992).

    ``scores`` are per-observation score contributions in time order (``x_t u_t``
    for least squares), ``bread`` the inverse Hessian. Prewhitening fits
    ``s_t = A s_{t-1} + e_t``, applies the Bartlett kernel to ``e_t`` and recolours
    with ``(I - A)^-1``; it removes most of the downward bias that plain Newey-West
    shows for short, strongly autocorrelated series. A small-sample factor
    n / (n - k) is applied.
    """
    n, k = scores.shape
    transition = np.zeros((k, k))
    residual = scores
    if prewhiten and n > 2 * k:
        transition = np.linalg.lstsq(scores[:-1], scores[1:], rcond=None)[0].T
        largest = np.max(np.abs(np.linalg.eigvals(transition)))
        if largest > MAX_PREWHITEN_ROOT:
            transition *= MAX_PREWHITEN_ROOT / largest
        residual = scores[1:] - scores[:-1] @ transition.T
    m = residual.shape[0]
    lags = newey_west_lags(m) if maxlags is None else int(maxlags)
    omega = residual.T @ residual
    for lag in range(1, min(lags, m - 1) + 1):
        gamma = residual[lag:].T @ residual[:-lag]
        omega += (1 - lag / (lags + 1)) * (gamma + gamma.T)
    recolour = np.linalg.inv(np.eye(k) - transition)
    omega = recolour @ omega @ recolour.T * (n / m)
    return bread @ omega @ bread * (n / (n - k))


def _ar1_covariance(weighted_design: np.ndarray, pearson: np.ndarray,
                    t: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Sandwich covariance under an AR(1) working correlation, with its lag-1
    coefficient and effective degrees of freedom.

    ``weighted_design`` is :math:`W^{1/2}X` and ``pearson`` the Pearson residuals
    :math:`(y - \\mu)/\\sqrt{w}` (w = 1 for least squares, w = mu for Poisson).
    Errors are taken as :math:`\\mathrm{Cov}(y) = \\kappa W^{1/2} R W^{1/2}` with
    :math:`R_{ij} = \\phi^{|t_i - t_j|}` (time gaps respected). :math:`\\phi` is the
    lag-1 autocorrelation of the residuals at one-period steps, floored at 0 and
    capped at 0.95; :math:`\\kappa = r'r / (n - \\mathrm{tr}(B G))` makes the
    residual sum of squares unbiased under that model. Returns
    :math:`\\kappa B G B` (B the inverse information, G = X'W^{1/2}RW^{1/2}X),
    :math:`\\phi` and :math:`n (1-\\phi)/(1+\\phi) - k` degrees of freedom.
    """
    n, k = weighted_design.shape
    steps = np.diff(t) == 1
    lagged = pearson[:-1][steps]
    phi = float(pearson[1:][steps] @ lagged / (lagged @ lagged)) if steps.any() else 0.0
    phi = min(max(phi, 0.0), 0.95)
    # G = sum_ij x_i x_j' phi^|t_i - t_j| through a forward recursion (O(n k)):
    # F_i = x_i + phi^(t_i - t_{i-1}) F_{i-1}, G = X'F + F'X - X'X.
    carried = np.empty_like(weighted_design)
    carried[0] = weighted_design[0]
    decay = phi ** np.diff(t)
    for i in range(1, n):
        carried[i] = weighted_design[i] + decay[i - 1] * carried[i - 1]
    gram = weighted_design.T @ carried
    gram = gram + gram.T - weighted_design.T @ weighted_design
    bread = np.linalg.inv(weighted_design.T @ weighted_design)
    kappa = pearson @ pearson / (n - np.trace(bread @ gram))
    return kappa * bread @ gram @ bread, phi, max(n * (1 - phi) / (1 + phi) - k, 2.0)


def _season_dummies(t: np.ndarray, period: int) -> np.ndarray:
    """Indicator columns for the positions round(t) mod period present in the data,
    the first level dropped (the intercept carries it)."""
    position = np.mod(np.round(t), period)
    levels = np.unique(position)
    return np.column_stack([position == level for level in levels[1:]]).astype(float) \
        if levels.size > 1 else np.empty((t.size, 0))


# ------------------------------------------------- the counterfactual series model
#: trend p-value (t-test of the common slope) below which the trend is certain enough to
#: carry the counterfactual alone; between the two levels both readings must agree
TREND_CERTAIN = 0.01
#: trend p-value at or above which the counterfactual is the level alone (the
#: trade-off measured by bench/bench_trend_rule.py: series_shift's Notes)
TREND_ALPHA = 0.20
#: a certain trend carries the counterfactual alone only when the baseline alone shows
#: its sign with at least this p-value (else both readings must agree: an adoption ramp)
BASELINE_TREND_P = 0.8
#: fewest baseline periods from which a trend is estimated
MIN_TREND_POINTS = 12
#: AR(1) coefficients searched by restricted maximum likelihood
AR_BOUNDS = (0.0, 0.95)
#: the REML AR(1) coefficient is moved up by PHI_BIAS (1 + phi) / n (small-sample bias)
PHI_BIAS = 0.5


def fourier_terms(t: np.ndarray, period: float, harmonics: int) -> np.ndarray:
    """(n, 2 * harmonics) sine/cosine columns of a cycle of ``period`` time units."""
    angle = 2 * np.pi * np.outer(t, np.arange(1, harmonics + 1)) / period
    return np.column_stack([np.sin(angle), np.cos(angle)]).reshape(t.size, 2, harmonics) \
        .transpose(0, 2, 1).reshape(t.size, 2 * harmonics)


def _prais(matrix: np.ndarray, decay: np.ndarray) -> np.ndarray:
    """Prais-Winsten transform for AR(1) errors with time gaps: row i becomes
    (m_i - r_i m_{i-1}) / sqrt(1 - r_i^2), r_i = phi^(t_i - t_{i-1}); row 0 stays."""
    out = np.empty_like(matrix)
    out[0] = matrix[0]
    out[1:] = (matrix[1:] - decay[:, None] * matrix[:-1]) / np.sqrt(1 - decay ** 2)[:, None]
    return out


def _gls_ar1(y: np.ndarray, design: np.ndarray, gaps: np.ndarray, phi: float
             ) -> tuple[np.ndarray, np.ndarray, float, float]:
    """GLS under AR(1) errors with coefficient ``phi``: (beta, (X'R^-1X)^-1, residual sum
    of squares of the whitened fit, restricted log-likelihood up to a constant)."""
    decay = phi ** gaps
    whitened = _prais(np.column_stack([y, design]), decay)
    zy, zx = whitened[:, 0], whitened[:, 1:]
    gram = zx.T @ zx
    inverse = np.linalg.inv(gram)
    beta = inverse @ (zx.T @ zy)
    resid = zy - zx @ beta
    rss = float(resid @ resid)
    n, k = design.shape
    loglik = -0.5 * (float(np.sum(np.log1p(-decay ** 2))) + np.linalg.slogdet(gram)[1]
                     + (n - k) * math.log(max(rss, np.finfo(float).tiny)))
    return beta, inverse, rss, loglik


@functools.lru_cache(maxsize=None)
def _ar_grid() -> np.ndarray:
    return np.linspace(*AR_BOUNDS, 12)


def _reml_phi(y: np.ndarray, design: np.ndarray, gaps: np.ndarray) -> float:
    """The AR(1) coefficient that maximises the restricted likelihood (a grid over
    AR_BOUNDS, then a bounded Brent search around the best grid point)."""
    grid = _ar_grid()
    values = [_gls_ar1(y, design, gaps, phi)[3] for phi in grid]
    best = int(np.argmax(values))
    low, high = grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)]
    found = optimize.minimize_scalar(lambda phi: -_gls_ar1(y, design, gaps, phi)[3],
                                     bounds=(low, high), method="bounded",
                                     options={"xatol": 1e-3})
    return float(found.x) if -found.fun >= values[best] else float(grid[best])


def series_shift(y: Any, t: Any, post: Any, *, weights: Any = None,
                 min_variance: float = 0.0, season: tuple[str, float, int] | None = None,
                 trend: bool | str = "auto", autocorrelation: bool = True,
                 alpha: float = 0.05) -> dict[str, Any]:
    """The change of a per-period KPI against the counterfactual of its baseline.

    The level model is :math:`y_t = \\beta_0 + \\delta P_t + \\gamma P_t (t -
    \\bar t_{after}) [+ \\text{season}_t] + e_t`: the after-period keeps its own
    slope, centred on its mean time, so a ramp after go-live (an adoption curve) is
    averaged into the change instead of being read as noise. With a trend it is
    :math:`y_t = \\beta_0 + \\delta P_t + \\beta_1 (t - T_0) [+ \\text{season}_t] +
    e_t` (one slope through both periods, the baseline's trend carried on). Both
    are fitted by generalised least squares with AR(1) errors (time gaps
    respected) and weights, :math:`\\mathrm{Var}(e_t) = \\sigma^2 / w_t`.
    :math:`\\delta` is the change: the after-period against the counterfactual
    (the baseline level, trend and season carried on), its average gap (exactly
    the mean gap for independent errors, GLS-weighted under AR(1) errors).

    Parameters
    ----------
    y, t : array-like
        Per-period levels and their time in periods (gaps allowed), time-ordered.
    post : array-like of bool
        True for after-period rows.
    weights : array-like, optional
        Trials or exposure per period (proportions and rates per period); the
        variance of a period's level is :math:`\\sigma^2 / w_t`.
    min_variance : float
        Floor of :math:`\\sigma^2` (quasi-binomial / quasi-Poisson: the binomial
        :math:`p(1-p)` or Poisson rate; the dispersion is never below 1).
    season : (kind, period, harmonics), optional
        ``('dummies', 7, 0)`` or ``('fourier', 12, 2)``.
    trend : {'auto', True, False}
        'auto': the rule in the Notes, when the baseline has at least
        MIN_TREND_POINTS periods; True always fits the trend; False never.
    autocorrelation : bool
        False fits independent errors (periods that are not a regular series).
    alpha : float
        1 - confidence level.

    Returns
    -------
    dict
        ``change``, ``se``, ``dof``, ``ci_low``, ``ci_high``, ``p_val``, ``phi``,
        ``trend`` (bool), ``trend_uncertain``, ``dispersion``
        (:math:`\\sigma^2 / \\text{min\\_variance}`, NaN without a floor),
        ``beta``, ``cov``, ``t_crit`` and ``no_change`` (the design with the change
        terms set to 0: ``no_change @ beta`` is the counterfactual).

    Notes
    -----
    *Autocorrelation.* One AR(1) coefficient for all candidate models, by
    restricted maximum likelihood on the richest one (a grid and a bounded Brent
    search on [0, 0.95]), moved up by PHI_BIAS (1 + phi) / n against its remaining
    small-sample bias. The coefficient's own uncertainty is added to the
    covariance (Kackar & Harville 1984: the numerical derivative of the estimates
    in phi times Var(phi) ~ (1 - phi^2) / (n - k)), and intervals use Student t
    with the effective n (1 - phi) / (1 + phi) - k degrees of freedom. Where the
    dispersion floor binds the variance is the known binomial/Poisson one and
    normal quantiles are used.

    *Trend.* Tested as a slope common to both periods (its t-test). p >=
    TREND_ALPHA: the level model. p < TREND_CERTAIN and the baseline alone shows
    the same sign (p < BASELINE_TREND_P there): the trend model. Otherwise the
    trend is plausible but uncertain (``trend_uncertain``; also a certain slope
    the baseline does not show, e.g. an adoption ramp after go-live): a change is
    claimed only when both models claim it (their p-values' maximum, the union of
    their intervals: an intersection-union test that keeps the level under either
    model), and the smaller of the two changes is reported. No rule based on the
    data can both keep every trend from raising false alarms and keep the power of
    the level model without a trend (a trend whose bias is z standard errors has a
    t-statistic of only about z / sqrt(3) in the full series). Measured with
    ``bench/bench_trend_rule.py --reps 500`` (false alarms with a trend of -0.03
    and -0.08 a week, 26 + 26 weeks; power against the correctly specified model
    without a trend), TREND_CERTAIN 0.01:

    =============  ======  ======  =========  =========  ========  =========
    TREND_ALPHA    subtle  clear   weekly 26  weekly 13  daily AR  monthly
    =============  ======  ======  =========  =========  ========  =========
    0.20           0.312   0.074   0.90       0.87       0.90      0.80
    0.35           0.214   0.056   0.81       0.78       0.81      0.74
    0.50           0.144   0.048   0.71       0.70       0.73      0.67
    0.70           0.108   0.048   0.58       0.59       0.53      0.58
    0.85           0.074   0.048   0.45       0.47       0.42      0.51
    1.00           0.048   0.048   0.32       0.34       0.28      0.42
    0.20 *         0.328   0.086   0.90       0.90       0.91      0.80
    0.50 *         0.216   0.066   0.77       0.78       0.80      0.68
    =============  ======  ======  =========  =========  ========  =========

    (* the earlier rule, where any trend needed the baseline's own sign with p <
    0.8: a slope the baseline alone did not show fell back to the level model
    without a word, its bias a false alarm.) No setting holds both targets. A
    TREND_ALPHA of 0.7 bounds false alarms under a trend no test can see in 26
    weeks to about 10%, at the price of about 40% of the power whenever a
    baseline of MIN_TREND_POINTS periods or more has no trend (and already from
    0.35 the sample genai_quotes no longer finds its true drop in revision
    rounds); 0.2 keeps the power (ratio >= 0.8) and states ``trend_uncertain``
    whenever the slope's p-value is below it. The choice is the product's.

    References
    ----------
    Kackar, R. N. & Harville, D. A. (1984). J. Am. Stat. Assoc. 79, 853-862.
    Berger, R. L. (1982). Multiparameter hypothesis testing and acceptance
    sampling. Technometrics 24, 295-300 (intersection-union tests).
    """
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    post = np.asarray(post, dtype=bool)
    root = np.ones_like(y) if weights is None else np.sqrt(np.asarray(weights, dtype=float))
    t0 = float(t[post].min())
    # the after-period's own slope, centred on its mean time: a ramp after go-live is
    # part of the change (its average), not noise and not a pre-existing trend
    columns = {"const": np.ones_like(y), "level_change": post.astype(float),
               "ramp": post * (t - t[post].mean())}
    if season is not None:
        kind, period, harmonics = season
        extra = _season_dummies(t, int(period)) if kind == "dummies" else \
            fourier_terms(t, period, harmonics)
        for j in range(extra.shape[1]):
            columns[f"season{j}"] = extra[:, j]
    base = np.column_stack(list(columns.values()))
    no_ramp = np.delete(base, 2, axis=1)
    separate = np.column_stack([base, t - t0])  # the richest model, for the AR(1) fit
    gaps = np.diff(t)
    consider_trend = trend is True or (trend == "auto" and (~post).sum() >= MIN_TREND_POINTS)
    # one AR(1) coefficient for every candidate model: REML on the richest one (REML
    # allows for the fixed effects, so extra terms do not bias it)
    phi = 0.0
    if autocorrelation:
        richest = separate if consider_trend and np.linalg.matrix_rank(separate) == \
            separate.shape[1] else base
        phi = _reml_phi(y * root, richest * root[:, None], gaps)
        phi = min(phi + PHI_BIAS * (1 + phi) / y.size, AR_BOUNDS[1])
    level = _series_fit(y, base, root, gaps, min_variance, phi, alpha)
    level.update(trend=False, design=base, trend_p=math.nan, trend_uncertain=False,
                 no_change=_no_change(base, ramp=True))
    if not consider_trend:
        return level
    # the trend is tested as a slope common to both periods (the most information);
    # it carries the counterfactual alone only when certain and shown by the baseline
    # alone (a ramp after go-live, an adoption curve, is part of the change)
    design = np.column_stack([no_ramp, t - t0])
    common = _series_fit(y, design, root, gaps, min_variance, phi, alpha, coefficient=-1)
    trend_p = 0.0 if trend is True else common["p_val"]
    if trend_p >= TREND_ALPHA:
        return level
    result = _series_fit(y, design, root, gaps, min_variance, phi, alpha)
    result.update(trend=True, design=design, trend_p=trend_p, trend_uncertain=False,
                  no_change=_no_change(design, ramp=False))
    if trend_p < TREND_CERTAIN and (trend is True or _baseline_agrees(
            y[~post], design[~post], root[~post], np.diff(t[~post]), min_variance, phi,
            alpha, common["change"])):
        return result
    # a trend that may or may not be there: claim a change only when both readings do,
    # and report the smaller of the two changes (the business case stays conservative)
    pick = dict(level if abs(level["change"]) <= abs(result["change"]) else result)
    pick.update(ci_low=min(result["ci_low"], level["ci_low"]),
                ci_high=max(result["ci_high"], level["ci_high"]),
                p_val=max(result["p_val"], level["p_val"]), trend_p=trend_p,
                trend_uncertain=True)
    return pick


def _baseline_agrees(y: np.ndarray, design: np.ndarray, root: np.ndarray, gaps: np.ndarray,
                     min_variance: float, phi: float, alpha: float, slope: float) -> bool:
    """Whether the baseline alone shows a slope of the same sign (p < BASELINE_TREND_P)."""
    keep = [0] + [j for j in range(2, design.shape[1]) if np.any(design[:, j] != 0)]
    try:
        fit = _series_fit(y, design[:, keep], root, gaps, min_variance, phi, alpha,
                          coefficient=-1)
    except InputError:
        return False
    return fit["p_val"] < BASELINE_TREND_P and fit["change"] * slope > 0


def _no_change(design: np.ndarray, ramp: bool) -> np.ndarray:
    """The design with the change terms (level change, after-period slope) set to 0:
    ``no_change @ beta`` is the counterfactual."""
    out = design.copy()
    out[:, 1:3 if ramp else 2] = 0.0
    return out


def _series_fit(y: np.ndarray, design: np.ndarray, root: np.ndarray, gaps: np.ndarray,
                min_variance: float, phi: float, alpha: float,
                coefficient: int = 1) -> dict[str, Any]:
    """GLS fit with AR(1) coefficient ``phi`` (0: independent errors); ``change`` and
    its inference are for column ``coefficient``."""
    autocorrelation = phi > 0
    n, k = design.shape
    if n - k < 2 or np.linalg.matrix_rank(design) < k:
        raise InputError(f"too few periods ({n}) for the {k} model terms")
    wy, wx = y * root, design * root[:, None]
    beta, inverse, rss, _ = _gls_ar1(wy, wx, gaps, phi)
    variance = rss / (n - k)
    dispersion = variance / min_variance if min_variance > 0 else math.nan
    floored = variance < min_variance
    variance = max(variance, min_variance)
    cov = variance * inverse
    dof = float(n - k)
    if autocorrelation:
        step = 0.02
        slope = (_gls_ar1(wy, wx, gaps, min(phi + step, 0.97))[0]
                 - _gls_ar1(wy, wx, gaps, max(phi - step, 0.0))[0]) / (
                     min(phi + step, 0.97) - max(phi - step, 0.0))
        cov = cov + np.outer(slope, slope) * (1 - phi ** 2) / (n - k)
        dof = max(n * (1 - phi) / (1 + phi) - k, 2.0)
    change = float(beta[coefficient])
    se = float(math.sqrt(cov[coefficient, coefficient]))
    # at the floor the variance is the binomial/Poisson one, known: normal quantiles
    dist = NORMAL if floored else _Reference(dof)
    low, high = _interval(change, se, "two-sided", alpha, dist)
    return dict(change=change, se=se, dof=math.inf if floored else dof, ci_low=low, ci_high=high,
                p_val=_pvalue(change / se, "two-sided", dist), phi=phi,
                dispersion=dispersion, beta=beta, cov=cov, t_crit=dist.ppf(1 - alpha / 2))


def holm(p_values: Any) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values, as R's ``p.adjust(p, "holm")``:
    ``pmin(1, cummax((m - i + 1) * p[o]))[order back]`` over the sorted p-values.

    >>> holm([0.01, 0.04, 0.03, 0.005]).round(3).tolist()
    [0.03, 0.06, 0.06, 0.02]
    """
    p = np.asarray(p_values, dtype=float)
    if p.size == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    factors = p.size - np.arange(p.size)
    adjusted = np.minimum(1.0, np.maximum.accumulate(factors * p[order]))
    out = np.empty_like(p)
    out[order] = adjusted
    return out


def exact_bounds(x: float, n: float, tail: float, proportion: bool) -> tuple[float, float]:
    """Exact bounds of a level with ``tail`` probability on each side: Clopper-Pearson
    for x successes of n trials, the Garwood (chi-square) bounds of a Poisson count x
    divided by the exposure n otherwise. Finite also for x = 0 (lower bound 0)."""
    if proportion:
        low = 0.0 if x == 0 else float(special.betaincinv(x, n - x + 1, tail))
        high = 1.0 if x == n else float(special.betaincinv(x + 1, n - x, 1 - tail))
        return low, high
    low = 0.0 if x == 0 else float(special.gammaincinv(x, tail))
    return low / n, float(special.gammaincinv(x + 1, 1 - tail)) / n


def _time_ordered(name: str, values: Any) -> tuple[np.ndarray, Any]:
    """Values of a (time-indexed) Series sorted by time, or of an array in order."""
    if isinstance(values, pd.Series):
        values = values.sort_index()
        return _as_sample(name, values.to_numpy()), values.index
    return _as_sample(name, values), None


def compare_series(before: Any, after: Any, *, season_period: int | None = None,
                   maxlags: int | None = None, alternative: str = "two-sided",
                   alpha: float = 0.05) -> pd.DataFrame:
    """Compare the level of a regular series (one value per period) before and after.

    Consecutive daily or weekly KPI values are autocorrelated: a busy day is
    followed by a busy day. A t-test that treats 90 days as 90 independent values
    is then badly over-confident (with lag-1 autocorrelation 0.5 its 5% test rejects
    about 20% of the time). This test estimates the same difference in means but
    with a standard error that allows for autocorrelation.

    Parameters
    ----------
    before, after : pandas.Series indexed by time, or array-like
        One value per period. With a DatetimeIndex (or numeric index) the time
        spacing is used, gaps included; plain arrays are taken as consecutive
        periods with ``after`` following ``before``.
    season_period : int, optional
        Adjust for a fixed cycle of this many periods (7 for day-of-week effects in
        daily data) with indicator columns.
    maxlags : int, optional
        Bartlett bandwidth after prewhitening; default the Newey-West (1994) rule
        ``floor(4 (n/100)^(2/9))``.
    alternative : {'two-sided', 'greater', 'less'}
        ``'greater'`` tests after > before.
    alpha : float
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        One row with the columns of :func:`compare_means` (``test`` is
        'series-hac'; ``diff`` is the cycle-adjusted level shift, equal to
        ``mean_after - mean_before`` when both periods cover whole cycles;
        ``dof`` the effective degrees of freedom below; ``effect_size`` is
        Hedges' g of the shift) plus
        ``autocorrelation``, the lag-1 autocorrelation of the regression residuals
        (NIST's r(1)).

    Notes
    -----
    Least squares fit of :math:`y_t = \\beta_0 + \\delta\\,\\mathrm{after}_t +
    \\sum_j \\gamma_j\\,\\mathrm{season}_{jt} + u_t`; :math:`\\hat\\delta` is the
    shift. Its variance is the heteroskedasticity and autocorrelation consistent
    sandwich with Bartlett (Newey-West) weights on the VAR(1)-prewhitened scores
    :math:`x_t \\hat u_t` (Andrews & Monahan 1992), times n/(n-k). The reference
    distribution is t with the effective degrees of freedom
    :math:`n(1-r_1)/(1+r_1) - k`, :math:`r_1` the residuals' lag-1 autocorrelation
    floored at 0 (an autocorrelated series carries fewer independent values; the
    variance estimate is correspondingly less precise). In simulations of daily
    AR(1) series (phi = 0.5) with a weekly cycle, 84 days per period, plain
    Newey-West rejected a true null 8-9% of the time at alpha = 0.05, this test
    about 5% (see ``tests/test_calibration.py``, ``bench/bench_stats.py``).

    References
    ----------
    Newey, W. K. & West, K. D. (1987). Econometrica 55, 703-708; (1994) Rev. Econ.
    Stud. 61, 631-653.
    Andrews, D. W. K. & Monahan, J. C. (1992). Econometrica 60, 953-966.

    Examples
    --------
    >>> import numpy as np
    >>> from kpi_analysis.stats.tests import compare_series
    >>> rng = np.random.default_rng(3)
    >>> noise = np.convolve(rng.normal(size=130), [1, 0.5, 0.25], mode="valid")
    >>> res = compare_series(10 + noise[:64], 9 + noise[64:])
    >>> res.loc[0, "test"], bool(res.loc[0, "ci_high"] < 0)
    ('series-hac', True)
    """
    _check_choice("alternative", alternative, ALTERNATIVES)
    alpha = _check_alpha(alpha)
    y_before, index_before = _time_ordered("before", before)
    y_after, index_after = _time_ordered("after", after)
    n_b, n_a = y_before.size, y_after.size
    if index_before is not None and index_after is not None:
        t = _time_index(index_before.append(index_after))
        if t[n_b - 1] >= t[n_b]:
            raise InputError("before must end before after starts; their times overlap")
    else:
        t = np.arange(n_b + n_a, dtype=float)
    if np.any(np.diff(t[:n_b]) <= 0) or np.any(np.diff(t[n_b:]) <= 0):
        raise InputError("before and after need one value per period (duplicate times found)")
    y = np.concatenate([y_before, y_after])
    post = np.r_[np.zeros(n_b), np.ones(n_a)]
    columns = [np.ones_like(y), post]
    if season_period is not None:
        period = _finite_number("season_period", season_period, positive=True)
        if period != round(period) or period < 2:
            raise InputError(f"season_period must be a whole number of periods >= 2; "
                             f"got {season_period!r}")
        columns.append(_season_dummies(t, int(period)))
    design = np.column_stack(columns)
    n, k = design.shape
    if n - k < 2 or np.linalg.matrix_rank(design) < k:
        raise InputError(f"before and after: too few periods ({n_b} and {n_a}) for the "
                         f"{k} model terms")
    bread = np.linalg.inv(design.T @ design)
    beta = bread @ design.T @ y
    resid = y - design @ beta
    if resid @ resid == 0:
        raise InputError("before and after: the series has zero variance around its level")
    cov = _hac_covariance(design * resid[:, None], bread, maxlags)
    diff, se = float(beta[1]), float(np.sqrt(cov[1, 1]))
    rho = _lag1_autocorrelation(resid)
    dof = max(n * (1 - max(rho, 0.0)) / (1 + max(rho, 0.0)) - k, 2.0)
    dist = _Reference(dof)
    ci = _interval(diff, se, alternative, alpha, dist)
    mean_b, sd_b = _mean_sd(y_before)
    mean_a, sd_a = _mean_sd(y_after)
    return _row(test="series-hac", n_before=n_b, n_after=n_a, mean_before=mean_b,
                mean_after=mean_a, sd_before=sd_b, sd_after=sd_a, diff=diff,
                diff_pct=_percent(diff, mean_b), ci_low=ci[0], ci_high=ci[1],
                statistic=diff / se, dof=dof, p_val=_pvalue(diff / se, alternative, dist),
                effect_size=_hedges_g(diff, sd_b, sd_a, n_b, n_a), autocorrelation=rho)


# ------------------------------------------------------------------- proportions
def _wilson(x: int, n: int, z: float, correction: bool) -> tuple[float, float]:
    """Wilson score interval for x/n, with continuity correction (Newcombe 1998a,
    methods 3 and 4)."""
    p, q = x / n, 1 - x / n
    denominator = 2 * (n + z ** 2)
    if not correction:
        centre, half = 2 * n * p + z ** 2, z * math.sqrt(z ** 2 + 4 * n * p * q)
        return (centre - half) / denominator, (centre + half) / denominator
    lower = 0.0 if x == 0 else (2 * n * p + z ** 2 - 1 - z * math.sqrt(
        z ** 2 - 2 - 1 / n + 4 * p * (n * q + 1))) / denominator
    upper = 1.0 if x == n else (2 * n * p + z ** 2 + 1 + z * math.sqrt(
        z ** 2 + 2 - 1 / n + 4 * p * (n * q - 1))) / denominator
    return max(0.0, lower), min(1.0, upper)


def compare_proportions(x_before: Any, n_before: Any, x_after: Any, n_after: Any, *,
                        correction: bool = True, alternative: str = "two-sided",
                        alpha: float = 0.05) -> pd.DataFrame:
    """Compare a success (or error) proportion before and after a change.

    Parameters
    ----------
    x_before, n_before : int
        Successes and trials in the baseline (e.g. 25 errors in 500 orders).
    x_after, n_after : int
        Successes and trials after the change.
    correction : bool
        Yates' continuity correction of the chi-square test and the continuity
        corrected Wilson intervals in the difference interval (default, as R's
        ``prop.test``).
    alternative : {'two-sided', 'greater', 'less'}
        ``'greater'`` tests p_after > p_before.
    alpha : float
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        One row with columns ``test`` ('chi2-yates' or 'chi2'), ``x_before``,
        ``n_before``, ``x_after``, ``n_after``, ``p_before``, ``p_after`` (the
        observed proportions), ``diff`` (p_after - p_before), ``ci_low``,
        ``ci_high`` (Newcombe's hybrid score interval of ``diff``), ``statistic``
        (Pearson's X-squared, 1 df), ``p_val`` and ``effect_size`` (Cohen's h =
        2 asin sqrt(p_after) - 2 asin sqrt(p_before)).

    Notes
    -----
    The test is R's ``prop.test(c(x_after, x_before), c(n_after, n_before),
    correct = correction)``: :math:`X^2 = \\sum (|O - E| - Y)^2 / E` over the 2x2
    table with :math:`Y = \\min(0.5, |\\hat p_a - \\hat p_b| / (1/n_a + 1/n_b))`
    when corrected, 0 otherwise; a one-sided p-value uses
    :math:`z = \\mathrm{sign}(\\hat p_a - \\hat p_b)\\sqrt{X^2}`.

    The interval is **not** R's (a Wald interval) but Newcombe's hybrid score
    interval, which keeps its coverage near the 0/1 boundaries where error rates
    live: with Wilson limits :math:`(l_g, u_g)` for each proportion,
    :math:`L = \\hat\\delta - \\sqrt{(\\hat p_a - l_a)^2 + (u_b - \\hat p_b)^2}`,
    :math:`U = \\hat\\delta + \\sqrt{(u_a - \\hat p_a)^2 + (\\hat p_b - l_b)^2}`.
    Without correction this is Newcombe (1998b) method 10 (plain Wilson limits);
    with ``correction=True`` it is method 11 (continuity-corrected Wilson limits).
    One-sided alternatives give a one-sided interval bounded by -1 or 1.

    References
    ----------
    Newcombe, R. G. (1998a). Two-sided confidence intervals for the single
    proportion. Stat. Med. 17, 857-872.
    Newcombe, R. G. (1998b). Interval estimation for the difference between
    independent proportions: comparison of eleven methods. Stat. Med. 17, 873-890.
    Cohen, J. (1988). Statistical Power Analysis, 2nd ed., ch. 6.

    Examples
    --------
    >>> from kpi_analysis.stats.tests import compare_proportions
    >>> res = compare_proportions(48, 80, 56, 70, correction=False)
    >>> res[["diff", "ci_low", "ci_high"]].round(4)
       diff  ci_low  ci_high
    0   0.2  0.0524   0.3339
    """
    _check_choice("alternative", alternative, ALTERNATIVES)
    alpha = _check_alpha(alpha)
    if not isinstance(correction, bool):
        raise InputError(f"correction must be True or False; got {correction!r}")
    counts = {}
    for name_x, name_n, x, n in (("x_before", "n_before", x_before, n_before),
                                 ("x_after", "n_after", x_after, n_after)):
        x_int, n_int = _whole_count(name_x, x), _whole_count(name_n, n)
        if n_int == 0:
            raise InputError(f"{name_n} must be at least 1 trial; got {n!r}")
        if x_int > n_int:
            raise InputError(f"{name_x} ({x!r}) cannot exceed {name_n} ({n!r})")
        counts[name_x], counts[name_n] = x_int, n_int
    xa, na, xb, nb = counts["x_after"], counts["n_after"], counts["x_before"], counts["n_before"]
    pa, pb = xa / na, xb / nb
    pooled = (xa + xb) / (na + nb)
    if pooled in (0.0, 1.0):
        raise InputError(f"x_before and x_after: {'no' if pooled == 0 else 'only'} successes "
                         f"in both periods ({xb}/{nb} and {xa}/{na}); zero variance, the "
                         "chi-square test is undefined")
    delta = pa - pb
    yates = min(0.5, abs(delta) / (1 / na + 1 / nb)) if correction else 0.0
    observed = np.array([[xa, na - xa], [xb, nb - xb]], dtype=float)
    expected = np.array([[na * pooled, na * (1 - pooled)], [nb * pooled, nb * (1 - pooled)]])
    statistic = float(np.sum((np.abs(observed - expected) - yates) ** 2 / expected))
    if alternative == "two-sided":
        p_val = float(sps.chi2.sf(statistic, 1))
        z = NORMAL.ppf(1 - alpha / 2)
    else:
        p_val = _pvalue(np.sign(delta) * math.sqrt(statistic), alternative, NORMAL)
        z = NORMAL.ppf(1 - alpha)
    la, ua = _wilson(xa, na, z, correction)
    lb, ub = _wilson(xb, nb, z, correction)
    low = max(-1.0, delta - math.sqrt((pa - la) ** 2 + (ub - pb) ** 2))
    high = min(1.0, delta + math.sqrt((ua - pa) ** 2 + (pb - lb) ** 2))
    if alternative == "greater":
        high = 1.0
    elif alternative == "less":
        low = -1.0
    return _row(test="chi2-yates" if correction else "chi2", x_before=xb, n_before=nb,
                x_after=xa, n_after=na, p_before=pb, p_after=pa, diff=delta,
                ci_low=low, ci_high=high, statistic=statistic, p_val=p_val,
                effect_size=2 * math.asin(math.sqrt(pa)) - 2 * math.asin(math.sqrt(pb)))


# ------------------------------------------------------------------------- rates
def compare_rates(count_before: Any, exposure_before: Any, count_after: Any,
                  exposure_after: Any, *, alternative: str = "two-sided",
                  alpha: float = 0.05) -> pd.DataFrame:
    """Compare an event rate (events per unit of exposure) before and after a change.

    Parameters
    ----------
    count_before, exposure_before : float
        Events (whole number) and exposure (> 0: invoices handled, hours, days) in
        the baseline.
    count_after, exposure_after : float
        The same after the change.
    alternative : {'two-sided', 'greater', 'less'}
        ``'greater'`` tests rate_after > rate_before.
    alpha : float
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        One row with columns ``test`` ('exact-poisson'), ``count_before``,
        ``exposure_before``, ``count_after``, ``exposure_after``, ``rate_before``,
        ``rate_after`` (count / exposure), ``rate_ratio`` (rate_after /
        rate_before; ``inf`` when there were no events before), ``ci_low``,
        ``ci_high`` (its interval), ``expected_after`` (the after-count expected
        under equal rates) and ``p_val``.

    Notes
    -----
    R's two-sample ``poisson.test(c(count_after, count_before),
    c(exposure_after, exposure_before))``: conditional on the total
    :math:`N = x_a + x_b`, :math:`x_a \\sim \\mathrm{Binomial}(N, \\pi)` with
    :math:`\\pi = r E_a / (r E_a + E_b)` under rate ratio r. The p-value is the
    exact binomial test of :math:`\\pi_0 = E_a / (E_a + E_b)` (two-sided: the sum of
    the probabilities of outcomes no more likely than the observed one), and the
    Clopper-Pearson interval :math:`(\\pi_L, \\pi_U)` maps to the rate ratio by
    :math:`r = \\pi / (1 - \\pi) \\cdot E_b / E_a`. Test and interval are both
    exact but not dual: near alpha one may exclude 1 while the other does not.

    References
    ----------
    Clopper, C. J. & Pearson, E. S. (1934). Biometrika 26, 404-413.
    Przyborowski, J. & Wilenski, H. (1940). Biometrika 31, 313-323.

    Examples
    --------
    >>> from kpi_analysis.stats.tests import compare_rates
    >>> res = compare_rates(2, 17887, 10, 20000)
    >>> res[["rate_ratio", "ci_low", "ci_high", "p_val"]].round(4)
       rate_ratio  ci_low  ci_high   p_val
    0      4.4718   0.953  41.9744  0.0421
    """
    _check_choice("alternative", alternative, ALTERNATIVES)
    alpha = _check_alpha(alpha)
    xb, xa = _whole_count("count_before", count_before), _whole_count("count_after", count_after)
    eb = _finite_number("exposure_before", exposure_before, positive=True)
    ea = _finite_number("exposure_after", exposure_after, positive=True)
    if xa + xb == 0:
        raise InputError("count_before and count_after are both 0; with no events the "
                         "rates cannot be compared")
    share = ea / (ea + eb)
    total = xa + xb
    p_val = float(sps.binomtest(xa, total, share, alternative=alternative).pvalue)
    # Clopper-Pearson limits for the binomial share, as R's binom.test (qbeta)
    tail = alpha / 2 if alternative == "two-sided" else alpha
    pi_low = 0.0 if xa == 0 or alternative == "less" else \
        float(special.betaincinv(xa, total - xa + 1, tail))
    pi_high = 1.0 if xa == total or alternative == "greater" else \
        float(special.betaincinv(xa + 1, total - xa, 1 - tail))

    def to_ratio(pi: float) -> float:
        return math.inf if pi >= 1 else pi / (1 - pi) * eb / ea

    rate_b, rate_a = xb / eb, xa / ea
    return _row(test="exact-poisson", count_before=xb, exposure_before=eb, count_after=xa,
                exposure_after=ea, rate_before=rate_b, rate_after=rate_a,
                rate_ratio=math.inf if xb == 0 else rate_a / rate_b,
                ci_low=to_ratio(pi_low), ci_high=to_ratio(pi_high),
                expected_after=total * share, p_val=p_val)


# ------------------------------------------------------------------------- power
def _solve(name: str, equation: Any, low: float, high: float) -> float:
    """Root of ``equation`` on [low, high] or an InputError when none is bracketed."""
    f_low, f_high = equation(low), equation(high)
    if f_low * f_high > 0:
        raise InputError(f"no {name} in [{low:g}, {high:g}] gives the requested power; "
                         "check the other arguments")
    return float(optimize.brentq(equation, low, high, xtol=1e-12, rtol=1e-14, maxiter=500))


def _one_unknown(**arguments: Any) -> str:
    missing = [name for name, value in arguments.items() if value is None]
    if len(missing) != 1:
        raise InputError(f"exactly one of {', '.join(arguments)} must be None (it is solved "
                         f"for); got None for {missing or 'none of them'}")
    return missing[0]


def _power_level(power: Any) -> float:
    return _check_alpha(power, "power") if power is not None else math.nan


def power_t(delta: float | None = None, sd: float = 1.0, n: float | None = None,
            power: float | None = None, alpha: float = 0.05,
            alternative: str = "two-sided") -> float:
    """Power of the two-sample t-test, or the n per group or difference it needs.

    Parameters
    ----------
    delta : float or None
        True difference in means (its absolute value is used).
    sd : float
        Common standard deviation.
    n : float or None
        Observations per group (not rounded when solved for).
    power : float or None
        Probability of rejecting H0 when the difference is ``delta``.
    alpha : float
        Significance level.
    alternative : {'two-sided', 'greater', 'less'}
        'greater' and 'less' are the one-sided test in the direction of the effect.

    Exactly one of ``delta``, ``n`` and ``power`` is None and is returned.

    Returns
    -------
    float
        The solved quantity.

    Notes
    -----
    R's ``power.t.test(type = "two.sample", strict = FALSE)``: with
    :math:`\\nu = 2(n - 1)` and noncentrality :math:`\\lambda = \\sqrt{n/2}\\,
    \\delta/\\sigma`, :math:`\\mathrm{power} = P(T_{\\nu,\\lambda} >
    t_{\\nu, 1-\\alpha/s})`, s = 2 two-sided (the rejection region on the far side
    is ignored, as R's default) and 1 one-sided. Unknowns are solved with Brent's
    method to 1e-12 (R's uniroot uses 1.2e-4, so R prints e.g. 22.02110 for
    22.021098).

    Examples
    --------
    >>> from kpi_analysis.stats.tests import power_t
    >>> round(power_t(delta=1, n=20), 7)
    0.8689528
    >>> round(power_t(delta=1, power=0.9), 4)
    22.0211
    """
    _check_choice("alternative", alternative, ALTERNATIVES)
    alpha = _check_alpha(alpha)
    sd = _finite_number("sd", sd, positive=True)
    unknown = _one_unknown(delta=delta, n=n, power=power)
    target = _power_level(power)
    sides = 2 if alternative == "two-sided" else 1

    def achieved(size: float, difference: float) -> float:
        dof = 2 * (size - 1)
        critical = sps.t.isf(alpha / sides, dof)
        return float(sps.nct.sf(critical, dof, math.sqrt(size / 2) * abs(difference) / sd))

    if delta is not None and _finite_number("delta", delta) == 0:
        raise InputError("delta must be non-zero; got 0")
    if n is not None and _finite_number("n", n) < 2:
        raise InputError(f"n must be at least 2 per group; got {n!r}")
    if unknown == "power":
        return achieved(float(n), float(delta))
    if unknown == "n":
        return _solve("n", lambda size: achieved(size, float(delta)) - target, 2, 1e7)
    return _solve("delta", lambda diff: achieved(float(n), diff) - target, sd * 1e-7, sd * 1e7)


def power_prop(p1: float, p2: float, n: float | None = None, power: float | None = None,
               alpha: float = 0.05, alternative: str = "two-sided") -> float:
    """Power of comparing two proportions, or the n per group it needs.

    Parameters
    ----------
    p1, p2 : float
        The two true proportions (strictly between 0 and 1, different).
    n : float or None
        Observations per group (not rounded when solved for).
    power : float or None
        Probability of rejecting H0.
    alpha : float
        Significance level.
    alternative : {'two-sided', 'greater', 'less'}
        'greater' and 'less' are the one-sided test in the direction of the effect.

    Exactly one of ``n`` and ``power`` is None and is returned.

    Returns
    -------
    float
        The solved quantity.

    Notes
    -----
    R's ``power.prop.test(strict = FALSE)``: :math:`\\mathrm{power} =
    \\Phi\\big((\\sqrt n\\,|p_1 - p_2| - z_{1-\\alpha/s}\\sqrt{(p_1 + p_2)(1 -
    (p_1 + p_2)/2)}) / \\sqrt{p_1 q_1 + p_2 q_2}\\big)`; n is solved with Brent's
    method (R: uniroot, tol 1.2e-4).

    Examples
    --------
    >>> from kpi_analysis.stats.tests import power_prop
    >>> round(power_prop(0.5, 0.75, n=50), 7)
    0.7401659
    >>> round(power_prop(0.5, 0.75, power=0.9), 1)
    76.7
    """
    _check_choice("alternative", alternative, ALTERNATIVES)
    alpha = _check_alpha(alpha)
    for name, value in (("p1", p1), ("p2", p2)):
        if not 0 < _finite_number(name, value) < 1:
            raise InputError(f"{name} must be strictly between 0 and 1; got {value!r}")
    if p1 == p2:
        raise InputError(f"p1 and p2 must differ; both are {p1!r}")
    unknown = _one_unknown(n=n, power=power)
    target = _power_level(power)
    sides = 2 if alternative == "two-sided" else 1
    spread = math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2))
    scale = math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))

    def achieved(size: float) -> float:
        z = sps.norm.isf(alpha / sides)
        return float(sps.norm.cdf((math.sqrt(size) * abs(p1 - p2) - z * spread) / scale))

    if unknown == "power":
        if _finite_number("n", n) < 2:
            raise InputError(f"n must be at least 2 per group; got {n!r}")
        return achieved(float(n))
    return _solve("n", lambda size: achieved(size) - target, 2, 1e7)


# -------------------------------------------------------------------- planning
def _baseline_summary(baseline: Any) -> tuple[float, float, float, int]:
    """Level, sd, lag-1 autocorrelation and length of a baseline series."""
    if isinstance(baseline, pd.DataFrame):
        if "value" not in baseline.columns:
            raise InputError("baseline DataFrame needs a 'value' column; got columns "
                             f"{list(baseline.columns)}")
        if "kpi" in baseline.columns and baseline["kpi"].nunique() > 1:
            raise InputError("baseline holds several KPIs "
                             f"({sorted(baseline['kpi'].unique())[:5]}); pass one KPI's rows")
        if "date" in baseline.columns:
            baseline = baseline.sort_values("date")
        baseline = baseline["value"]
    values = _as_sample("baseline", baseline, min_n=3)
    level, sd = _mean_sd(values)
    if sd == 0:
        raise InputError(f"baseline has zero variance (every value is {level!r})")
    return level, sd, _lag1_autocorrelation(values), values.size


def how_long(baseline: Any = None, *, level: float | None = None, sd: float | None = None,
             rho: float | None = None, n_baseline: int | None = None,
             after_periods: float | None = None, change: float | None = None,
             relative_change: float | None = None, alpha: float = 0.05,
             power: float = 0.8) -> pd.DataFrame:
    """How big a change the planned after-period can detect, and how long it must run.

    Parameters
    ----------
    baseline : array-like, pandas.Series or DataFrame, optional
        The baseline series, one value per period in time order (a DataFrame needs
        a ``value`` column and is sorted by ``date`` when present). Gives
        ``level``, ``sd``, ``rho`` and ``n_baseline``; explicit arguments override.
    level, sd : float, optional
        Baseline mean and standard deviation of one period's value.
    rho : float, optional
        Lag-1 autocorrelation of the series, in (-1, 1). Estimated from
        ``baseline`` when not given: the sample r(1) is biased towards 0 on short
        series, so it is corrected, ``(n r + 1) / (n - 3)`` (Marriott & Pope 1954),
        and bounded to [0, 0.95] (a negative value would promise more precision
        than independent data; near 1 the formula breaks down). Its 80% interval
        (Bartlett's standard error ``sqrt((1 - rho^2) / n)``) gives the range of
        ``periods_needed``.
    n_baseline : int, optional
        Number of baseline periods.
    after_periods : float, optional
        Planned length of the after-period in periods; default ``n_baseline``
        (a comparable period, as the method asks).
    change, relative_change : float, optional
        The change the plan wants to detect, in KPI units or as a fraction of the
        level (-0.5 = halve). Give at most one; without either, ``periods_needed``
        is NaN.
    alpha, power : float
        Two-sided significance level and the power wanted (default 80%).

    Returns
    -------
    pandas.DataFrame
        One row: ``level``, ``sd``, ``rho`` (the autocorrelation used, also as
        ``rho_used``), ``rho_raw`` (the uncorrected estimate r(1), NaN when ``rho``
        was given), ``rho_low``, ``rho_high`` (its 80% interval, both ``rho`` when
        given), ``n_baseline``, ``n_eff_baseline``,
        ``after_periods``, ``n_eff_after``, ``mdc`` (minimum detectable change in
        KPI units for the planned after-period), ``mdc_pct`` (as % of the level),
        ``target_change`` (absolute change asked for, NaN if none) and
        ``periods_needed`` (after-periods needed to detect it, unrounded; ``inf``
        when even an endless after-period is not enough because the baseline
        alone is too short or noisy), ``periods_low`` and ``periods_high`` (the
        same at ``rho_low`` and ``rho_high``: the range of the recommendation).

    Notes
    -----
    Autocorrelated periods carry less information than independent ones. For an
    AR(1) series with lag-1 autocorrelation :math:`\\rho` the variance of a mean of
    n periods is about :math:`\\sigma^2 (1+\\rho) / (n (1-\\rho))`, so the series is
    worth :math:`n_{\\mathrm{eff}} = n (1-\\rho)/(1+\\rho)` independent values
    (90 days at :math:`\\rho = 0.5` are worth 30). With effective sizes
    :math:`n_b^*, n_a^*` the minimum detectable change of a two-sided test is

    .. math:: \\mathrm{MDC} = (t_{1-\\alpha/2,\\nu} + t_{\\mathrm{power},\\nu})\\,
              \\sigma\\sqrt{1/n_b^* + 1/n_a^*},\\quad \\nu = n_b^* + n_a^* - 2,

    the usual normal-approximation sample-size formula with t quantiles.
    ``periods_needed`` solves MDC(after_periods) = |target change| for the
    after-period length. With the bias-corrected autocorrelation the achieved
    power at the recommended length is close to the promised one on AR(1) series
    (``tests/test_stats.py``: about 76-82% for 80% at rho 0-0.6 and 26-52
    baseline periods); the uncorrected r(1) gave 71%.

    References: Marriott, F. H. C. & Pope, J. A. (1954). Bias in the estimation of
    autocorrelations. *Biometrika* 41(3/4), 390-402; Bartlett, M. S. (1946). On the
    theoretical specification and sampling properties of autocorrelated
    time-series. *JRSS Supplement* 8(1), 27-41.

    Examples
    --------
    60 baseline days, lag-1 autocorrelation 0.5, and the aim to cut a 5.0-day lead
    time by a quarter:

    >>> from kpi_analysis.stats.tests import how_long
    >>> plan = how_long(level=5.0, sd=1.2, rho=0.5, n_baseline=60, relative_change=-0.25)
    >>> plan[["n_eff_baseline", "mdc", "periods_needed"]].round(2)
       n_eff_baseline   mdc  periods_needed
    0            20.0  1.09           37.72
    """
    alpha = _check_alpha(alpha)
    power = _check_alpha(power, "power")
    rho_raw = math.nan
    if baseline is not None:
        est_level, est_sd, est_rho, est_n = _baseline_summary(baseline)
        level = est_level if level is None else level
        sd = est_sd if sd is None else sd
        if rho is None:
            rho_raw, rho = est_rho, _corrected_rho(est_rho, est_n)
        n_baseline = est_n if n_baseline is None else n_baseline
    rho = 0.0 if rho is None else rho
    for name, value in (("level", level), ("sd", sd), ("n_baseline", n_baseline)):
        if value is None:
            raise InputError(f"{name} is required when no baseline series is given")
    level = _finite_number("level", level)
    sd = _finite_number("sd", sd, positive=True)
    rho = _finite_number("rho", rho)
    if not -1 < rho < 1:
        raise InputError(f"rho must be strictly between -1 and 1; got {rho!r}")
    n_baseline = _finite_number("n_baseline", n_baseline)
    if n_baseline < 2:
        raise InputError(f"n_baseline must be at least 2 periods; got {n_baseline!r}")
    after = n_baseline if after_periods is None else _finite_number(
        "after_periods", after_periods, positive=True)
    if change is not None and relative_change is not None:
        raise InputError("give change or relative_change, not both")
    if relative_change is not None:
        target = abs(_finite_number("relative_change", relative_change) * level)
    elif change is not None:
        target = abs(_finite_number("change", change))
    else:
        target = math.nan
    if target == 0:
        raise InputError("the target change must be non-zero")
    if math.isnan(rho_raw):
        rho_low = rho_high = rho
    else:
        half = sps.norm.ppf(0.9) * math.sqrt((1 - rho ** 2) / n_baseline)
        rho_low, rho_high = (min(max(rho + side * half, 0.0), RHO_MAX) for side in (-1, 1))
    mdc, needed = _detectable(rho, sd, n_baseline, after, target, alpha, power)
    needed_low = _detectable(rho_low, sd, n_baseline, after, target, alpha, power)[1]
    needed_high = _detectable(rho_high, sd, n_baseline, after, target, alpha, power)[1]
    shrink = (1 - rho) / (1 + rho)
    return _row(level=level, sd=sd, rho=rho, rho_used=rho, rho_raw=rho_raw, rho_low=rho_low,
                rho_high=rho_high, n_baseline=n_baseline, n_eff_baseline=n_baseline * shrink,
                after_periods=after, n_eff_after=after * shrink, mdc=mdc,
                mdc_pct=_percent(mdc, level), target_change=target, periods_needed=needed,
                periods_low=needed_low, periods_high=needed_high)


#: the largest lag-1 autocorrelation how_long uses for an estimated rho
RHO_MAX = 0.95


def _corrected_rho(r: float, n: int) -> float:
    """r(1) corrected for its small-sample bias E[r] ~ rho - (1 + 3 rho)/n (Marriott &
    Pope 1954), bounded to [0, RHO_MAX]."""
    corrected = (n * r + 1) / (n - 3) if n > 3 else r
    return min(max(corrected, 0.0), RHO_MAX)


def _detectable(rho: float, sd: float, n_baseline: float, after: float, target: float,
                alpha: float, power: float) -> tuple[float, float]:
    """(MDC for ``after`` periods, after-periods needed for ``target``) at autocorrelation
    ``rho`` (see :func:`how_long`)."""
    shrink = (1 - rho) / (1 + rho)
    eff_b = n_baseline * shrink

    def detectable(after_length: float) -> float:
        eff_a = after_length * shrink
        dof = max(eff_b + eff_a - 2, 1.0)
        return float((sps.t.ppf(1 - alpha / 2, dof) + sps.t.ppf(power, dof))
                     * sd * math.sqrt(1 / eff_b + 1 / eff_a))

    if math.isnan(target):
        needed = math.nan
    elif detectable(1e9) >= target:
        needed = math.inf
    else:
        needed = _solve("after-period length", lambda m: detectable(m) - target, 1e-6, 1e9)
    return detectable(after), needed
