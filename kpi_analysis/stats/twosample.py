"""Before/after comparisons of two samples: the kit's tests of a change.

Every comparison returns one tidy row (a one-row :class:`pandas.DataFrame`) with the
estimate, its interval, the test statistic, the p-value and an effect size, in the
style of pingouin. The effect is always **after - before** (or after / before for
rates), and ``alternative="greater"`` means *after is larger than before*.

===========================  ==========================================================
function                     use it for
===========================  ==========================================================
:func:`compare_means`        per-item values (lead times, amounts, scores): t-tests or
                             ranks (:mod:`kpi_analysis.stats.ranks`)
:func:`compare_proportions`  successes out of trials (error rate, conversion)
:func:`compare_rates`        event counts over an exposure (errors per 100 invoices)
:func:`exact_bounds`         exact bounds of one proportion or rate (Clopper-Pearson,
                             Garwood)
:func:`holm`                 Holm-adjusted p-values of several comparisons (R
                             ``p.adjust(p, "holm")``)
===========================  ==========================================================

One value per period on both sides (a series) is compared in
:mod:`kpi_analysis.stats.series`; power and planning are in
:mod:`kpi_analysis.stats.power`.

Results are full precision; rounding is for display only. Invalid arguments raise
:class:`kpi_analysis.errors.InputError` naming the argument, what is allowed and what
was passed; no function returns a silent ``nan`` for bad input or emits a numpy
warning.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import special
from scipy import stats as sps

from ..errors import InputError
from ._core import (ALTERNATIVES, NORMAL, Reference, as_sample, check_alpha, check_choice,
                    finite_number, hedges_correction, hedges_g, interval, mean_sd, one_row,
                    percent, pvalue, whole_count, wilson)
from .ranks import mann_whitney, signed_rank

__all__ = ["compare_means", "compare_proportions", "compare_rates", "exact_bounds", "holm"]

MEAN_TESTS = ("welch", "student", "mannwhitney", "auto")
#: below this many observations per group 'auto' may switch to a rank test
AUTO_MIN_N = 30
#: |sample skewness| above which a small sample counts as strongly skewed for 'auto'
AUTO_MAX_SKEW = 1.0


# ----------------------------------------------------------------------- t-tests
def _t_test(before: np.ndarray, after: np.ndarray, test: str, alternative: str,
            alpha: float) -> dict[str, float]:
    n_b, n_a = before.size, after.size
    mean_b, sd_b = mean_sd(before)
    mean_a, sd_a = mean_sd(after)
    if test == "paired-t":
        d = after - before
        mean_d, sd_d = mean_sd(d)
        if sd_d == 0:
            raise InputError("after - before: the paired differences have zero variance "
                             f"(all equal {mean_d!r}); a paired t-test is undefined")
        diff, se, dof = mean_d, sd_d / math.sqrt(n_a), n_a - 1.0
        scale = math.sqrt((sd_b ** 2 + sd_a ** 2) / 2)  # Lakens (2013) g_av
        effect = diff / scale * hedges_correction(dof) if scale > 0 else diff / sd_d
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
        effect = hedges_g(diff, sd_b, sd_a, n_b, n_a)
    dist = Reference(dof)
    statistic = diff / se
    ci = interval(diff, se, alternative, alpha, dist)
    return dict(statistic=statistic, dof=dof, p_val=pvalue(statistic, alternative, dist),
                diff=diff, ci_low=ci[0], ci_high=ci[1], effect_size=effect)


def _skewness(x: np.ndarray) -> float:
    """Adjusted Fisher-Pearson skewness G1 (0 for fewer than 3 or constant values)."""
    n = x.size
    mean, sd = mean_sd(x)
    if n < 3 or sd == 0:
        return 0.0
    return float(n / ((n - 1) * (n - 2)) * np.sum(((x - mean) / sd) ** 3))


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

    >>> from kpi_analysis.stats.twosample import compare_means
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
    check_choice("test", test, MEAN_TESTS)
    check_choice("alternative", alternative, ALTERNATIVES)
    alpha = check_alpha(alpha)
    if not isinstance(paired, bool):
        raise InputError(f"paired must be True or False; got {paired!r}")
    before = as_sample("before", before)
    after = as_sample("after", after)
    if paired and before.size != after.size:
        raise InputError(f"paired=True needs before and after of equal length; got "
                         f"{before.size} and {after.size}")
    chosen = _auto_choice(before, after, paired) if test == "auto" else test
    if chosen == "mannwhitney":
        result = signed_rank(after - before, alternative, alpha) if paired \
            else mann_whitney(before, after, alternative, alpha)
        result["dof"] = math.nan
        name = "wilcoxon" if paired else "mannwhitney"
        baseline = float(np.median(before))
    else:
        name = "paired-t" if paired else chosen
        result = _t_test(before, after, name, alternative, alpha)
        baseline = float(np.mean(before))
    mean_b, sd_b = mean_sd(before)
    mean_a, sd_a = mean_sd(after)
    return one_row(test=name, n_before=before.size, n_after=after.size,
                   mean_before=mean_b, mean_after=mean_a, sd_before=sd_b, sd_after=sd_a,
                   diff=result["diff"], diff_pct=percent(result["diff"], baseline),
                   ci_low=result["ci_low"], ci_high=result["ci_high"],
                   statistic=result["statistic"], dof=result["dof"], p_val=result["p_val"],
                   effect_size=result["effect_size"])


# ------------------------------------------------------------------- proportions

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
        1 - confidence level of the interval of ``diff``.

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
    >>> from kpi_analysis.stats.twosample import compare_proportions
    >>> res = compare_proportions(48, 80, 56, 70, correction=False)
    >>> res[["diff", "ci_low", "ci_high"]].round(4)
       diff  ci_low  ci_high
    0   0.2  0.0524   0.3339
    """
    check_choice("alternative", alternative, ALTERNATIVES)
    alpha = check_alpha(alpha)
    if not isinstance(correction, bool):
        raise InputError(f"correction must be True or False; got {correction!r}")
    counts = {}
    for name_x, name_n, x, n in (("x_before", "n_before", x_before, n_before),
                                 ("x_after", "n_after", x_after, n_after)):
        x_int, n_int = whole_count(name_x, x), whole_count(name_n, n)
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
        p_val = pvalue(np.sign(delta) * math.sqrt(statistic), alternative, NORMAL)
        z = NORMAL.ppf(1 - alpha)
    la, ua = wilson(xa, na, z, correction)
    lb, ub = wilson(xb, nb, z, correction)
    low = max(-1.0, delta - math.sqrt((pa - la) ** 2 + (ub - pb) ** 2))
    high = min(1.0, delta + math.sqrt((ua - pa) ** 2 + (pb - lb) ** 2))
    if alternative == "greater":
        high = 1.0
    elif alternative == "less":
        low = -1.0
    return one_row(test="chi2-yates" if correction else "chi2", x_before=xb, n_before=nb,
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
        1 - confidence level of the rate ratio's interval.

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
    >>> from kpi_analysis.stats.twosample import compare_rates
    >>> res = compare_rates(2, 17887, 10, 20000)
    >>> res[["rate_ratio", "ci_low", "ci_high", "p_val"]].round(4)
       rate_ratio  ci_low  ci_high   p_val
    0      4.4718   0.953  41.9744  0.0421
    """
    check_choice("alternative", alternative, ALTERNATIVES)
    alpha = check_alpha(alpha)
    xb, xa = whole_count("count_before", count_before), whole_count("count_after", count_after)
    eb = finite_number("exposure_before", exposure_before, positive=True)
    ea = finite_number("exposure_after", exposure_after, positive=True)
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
    return one_row(test="exact-poisson", count_before=xb, exposure_before=eb, count_after=xa,
                   exposure_after=ea, rate_before=rate_b, rate_after=rate_a,
                   rate_ratio=math.inf if xb == 0 else rate_a / rate_b,
                   ci_low=to_ratio(pi_low), ci_high=to_ratio(pi_high),
                   expected_after=total * share, p_val=p_val)


# --------------------------------------------- several comparisons, one level
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
