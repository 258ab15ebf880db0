"""Power and planning: how big a change a study can detect, and how long to measure.

=========================  ============================================================
function                   use it for
=========================  ============================================================
:func:`power_t`            power / sample size of a two-sample t-test (R ``power.t.test``)
:func:`power_prop`         power / sample size for two proportions (R ``power.prop.test``)
:func:`how_long`           how long the after-period must run, from a baseline series
=========================  ============================================================
"""
from __future__ import annotations

import math
from typing import Any

import pandas as pd
from scipy import optimize
from scipy import stats as sps

from ..errors import InputError
from ._core import (ALTERNATIVES, as_sample, check_alpha, check_choice, finite_number,
                    lag1_autocorrelation, mean_sd, one_row, percent)

__all__ = ["power_t", "power_prop", "how_long"]


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
    return check_alpha(power, "power") if power is not None else math.nan


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
    >>> from kpi_analysis.stats.power import power_t
    >>> round(power_t(delta=1, n=20), 7)
    0.8689528
    >>> round(power_t(delta=1, power=0.9), 4)
    22.0211
    """
    check_choice("alternative", alternative, ALTERNATIVES)
    alpha = check_alpha(alpha)
    sd = finite_number("sd", sd, positive=True)
    unknown = _one_unknown(delta=delta, n=n, power=power)
    target = _power_level(power)
    sides = 2 if alternative == "two-sided" else 1

    def achieved(size: float, difference: float) -> float:
        dof = 2 * (size - 1)
        critical = sps.t.isf(alpha / sides, dof)
        return float(sps.nct.sf(critical, dof, math.sqrt(size / 2) * abs(difference) / sd))

    if delta is not None and finite_number("delta", delta) == 0:
        raise InputError("delta must be non-zero; got 0")
    if n is not None and finite_number("n", n) < 2:
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

    Either ``n`` or ``power`` is None: that one is solved for and returned.

    Returns
    -------
    float
        The power, or the n per group.

    Notes
    -----
    R's ``power.prop.test(strict = FALSE)``: :math:`\\mathrm{power} =
    \\Phi\\big((\\sqrt n\\,|p_1 - p_2| - z_{1-\\alpha/s}\\sqrt{(p_1 + p_2)(1 -
    (p_1 + p_2)/2)}) / \\sqrt{p_1 q_1 + p_2 q_2}\\big)`; n is solved with Brent's
    method (R: uniroot, tol 1.2e-4).

    Examples
    --------
    >>> from kpi_analysis.stats.power import power_prop
    >>> round(power_prop(0.5, 0.75, n=50), 7)
    0.7401659
    >>> round(power_prop(0.5, 0.75, power=0.9), 1)
    76.7
    """
    check_choice("alternative", alternative, ALTERNATIVES)
    alpha = check_alpha(alpha)
    for name, value in (("p1", p1), ("p2", p2)):
        if not 0 < finite_number(name, value) < 1:
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
        if finite_number("n", n) < 2:
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
    values = as_sample("baseline", baseline, min_n=3)
    level, sd = mean_sd(values)
    if sd == 0:
        raise InputError(f"baseline has zero variance (every value is {level!r})")
    return level, sd, lag1_autocorrelation(values), values.size


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

    >>> from kpi_analysis.stats.power import how_long
    >>> plan = how_long(level=5.0, sd=1.2, rho=0.5, n_baseline=60, relative_change=-0.25)
    >>> plan[["n_eff_baseline", "mdc", "periods_needed"]].round(2)
       n_eff_baseline   mdc  periods_needed
    0            20.0  1.09           37.72
    """
    alpha = check_alpha(alpha)
    power = check_alpha(power, "power")
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
    level = finite_number("level", level)
    sd = finite_number("sd", sd, positive=True)
    rho = finite_number("rho", rho)
    if not -1 < rho < 1:
        raise InputError(f"rho must be strictly between -1 and 1; got {rho!r}")
    n_baseline = finite_number("n_baseline", n_baseline)
    if n_baseline < 2:
        raise InputError(f"n_baseline must be at least 2 periods; got {n_baseline!r}")
    after = n_baseline if after_periods is None else finite_number(
        "after_periods", after_periods, positive=True)
    if change is not None and relative_change is not None:
        raise InputError("give change or relative_change, not both")
    if relative_change is not None:
        target = abs(finite_number("relative_change", relative_change) * level)
    elif change is not None:
        target = abs(finite_number("change", change))
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
    return one_row(level=level, sd=sd, rho=rho, rho_used=rho, rho_raw=rho_raw, rho_low=rho_low,
                   rho_high=rho_high, n_baseline=n_baseline, n_eff_baseline=n_baseline * shrink,
                   after_periods=after, n_eff_after=after * shrink, mdc=mdc,
                   mdc_pct=percent(mdc, level), target_change=target, periods_needed=needed,
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
