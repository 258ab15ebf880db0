"""The client's own false-alarm rate: the chosen method rerun at fake go-live dates.

A significance level is a promise about data the method was designed for. Whether it
holds on *this* client's data (trends, autocorrelation, overdispersion, a one-off week)
is checked by a placebo in time: for every KPI the analysis :func:`compare_kpis` runs
(:func:`kpi_analysis.analysis.estimate.compare_one`) is rerun at 20 or more fake go-live dates
inside the baseline, where nothing changed. Every "improved" or "worsened" there is a
false alarm.

    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import SAMPLES
    >>> plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    >>> table = placebo(ka.load_measurements("", plan), plan)
    >>> table[["kpi", "fake_go_lives", "false_alarms", "flag"]]  # doctest: +NORMALIZE_WHITESPACE
                    kpi  fake_go_lives  false_alarms  flag
    0      days_to_paid             21             2  False
    1  invoices_per_fte              5             0   None
    2    errors_per_100              5             0   None

References
----------
Abadie, A., Diamond, A. & Hainmueller, J. (2015). Comparative politics and the
synthetic control method. *American Journal of Political Science* 59(2), 495-510
(placebo studies "in time": the intervention moved to a date when it did not happen).
Bertrand, M., Duflo, E. & Mullainathan, S. (2004). How much should we trust
differences-in-differences estimates? *Quarterly Journal of Economics* 119(1), 249-275
(placebo interventions on real data reveal over-rejection of a method).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from .compare import validated
from .estimate import MIN_SERIES_POINTS, compare_one
from ..errors import InputError

__all__ = ["placebo", "PLACEBO_COLUMNS", "MIN_FAKE_GO_LIVES"]

#: fewest fake go-lives for the false-alarm rate to be judged (flag None below)
MIN_FAKE_GO_LIVES = 20
#: the flag is raised when P(X or more false alarms | N, alpha) is below this
FLAG_P = 0.01
PLACEBO_COLUMNS = ["kpi", "test", "placebo_test", "fake_go_lives", "false_alarms",
                   "false_alarm_rate", "nominal", "p_excess", "flag", "gap_days",
                   "min_side", "mdc", "mdc_pct"]


def placebo(data: pd.DataFrame, plan: Any, *, max_dates: int = 40,
            power: float = 0.8) -> pd.DataFrame:
    """Rerun each KPI's analysis at fake go-live dates inside its baseline.

    Parameters
    ----------
    data : DataFrame
        Tidy measurements from :func:`kpi_analysis.load_measurements`. Only the
        baseline rows of the treated group are used for the fake go-lives; the
        after-period (when there is one) gives the real-go-live standard error for
        ``mdc``.
    plan : Plan
        KPIs, ``alpha`` and the periods (the stabilisation gap between go-live and
        the after-period is kept between each fake go-live and its fake
        after-period, when the baseline is long enough for it).
    max_dates : int, default 40
        Most fake go-lives per KPI (evenly spread over the eligible baseline dates).
    power : float, default 0.8
        Power for the smallest detectable change.

    Returns
    -------
    DataFrame
        One row per KPI, plan order:

        ================  ===========================================================
        kpi               the KPI id
        test              the test at the real go-live (None without an after period)
        placebo_test      the test used most at the fake go-lives (shorter sides may
                          turn a series into per-date values)
        fake_go_lives     N: fake go-live dates that gave a result
        false_alarms      X: of them, how many the verdict rule would have called
                          improved or worsened (interval excludes 0 and
                          p <= alpha; one KPI alone, no Holm adjustment)
        false_alarm_rate  X / N (NaN when N = 0)
        nominal           alpha, the rate the method promises
        p_excess          binomial tail P(X or more | N, alpha)
        flag              True when N >= 20 and p_excess < 0.01 (the method raises
                          false alarms on this data clearly more often than it
                          promises), False when N >= 20 otherwise, None when fewer
                          than 20 fake go-lives fit in the baseline
        gap_days          days left out after each fake go-live (the plan's
                          stabilisation gap; 0 when with the gap fewer than 20
                          fake go-lives fit and without it more do)
        min_side          fewest baseline dates on each side of a fake go-live
        mdc               smallest change the method detects with ``power`` at the
                          real go-live, in the KPI's shown unit (percentage points
                          for proportions); NaN without an after period
        mdc_pct           the same as a percentage of the baseline level
        ================  ===========================================================

    Notes
    -----
    Fake go-live dates are baseline dates with at least ``min_side`` = max(3,
    min(10, d / 3)) baseline dates before them and after the gap (d = baseline
    dates of the KPI). The same rule as the real report decides each verdict, on
    baseline rows only. The smallest detectable change is
    ``(z(1 - alpha/2) + z(power)) * se`` with ``se`` the half-width of the real
    interval over ``z(1 - alpha/2)`` (normal approximation; for rates the interval
    is on the ratio scale, so it is approximate there).

    Fake go-lives overlap, so their verdicts are positively correlated and the
    binomial tail is a screening rule, not an exact test: a method that is right
    for the data raises the flag rarely; one that ignores a trend or overdispersion
    raises it on most such series.
    """
    if isinstance(max_dates, bool) or not isinstance(max_dates, int) or max_dates < 1:
        raise InputError(f"max_dates must be a whole number >= 1; got {max_dates!r}")
    if not 0 < power < 1:
        raise InputError(f"power must be strictly between 0 and 1; got {power!r}")
    alpha = float(getattr(plan, "alpha", None) or 0.05)
    frame = validated(data, [k.id for k in plan.kpis])
    frame.attrs = {}  # pandas deep-copies attrs on every operation: drop them once
    if "group" in frame.columns:
        frame = frame[frame["group"] != "control"].drop(columns="group")
    by_kpi = dict(tuple(frame.groupby("kpi", sort=False)))
    periods = plan.periods
    gap = int((pd.Timestamp(periods.after_start) - pd.Timestamp(periods.go_live)).days)
    z = sps.norm.ppf(1 - alpha / 2)
    rows = []
    for kpi in plan.kpis:
        rows.append(_one_kpi(kpi, by_kpi.get(kpi.id), alpha, gap, max_dates,
                             z + sps.norm.ppf(power), z))
    table = pd.DataFrame(rows, columns=PLACEBO_COLUMNS)
    table["flag"] = pd.Series([row["flag"] for row in rows], dtype=object)  # True/False/None
    return table


def _one_kpi(kpi, rows: pd.DataFrame | None, alpha: float, gap: int, max_dates: int,
             factor: float, z: float) -> dict[str, Any]:
    out = dict(kpi=kpi.id, test=None, placebo_test=None, fake_go_lives=0, false_alarms=0,
               false_alarm_rate=math.nan, nominal=alpha, p_excess=math.nan, flag=None,
               gap_days=0, min_side=0, mdc=math.nan, mdc_pct=math.nan)
    if rows is None:
        return out
    real = _result(kpi, rows, alpha)
    if real is not None:
        out.update(test=real["test"], mdc=factor * _half(real, "ci") / z,
                   mdc_pct=factor * _half(real, "ci_pct") / z)
    base = rows[rows["period"] == "baseline"]
    days = base["date"].to_numpy(dtype="datetime64[ns]")
    dates = np.unique(days)
    min_side = max(3, min(MIN_SERIES_POINTS, dates.size // 3))
    fakes, used_gap = _fake_dates(dates, min_side, gap, max_dates)
    out.update(min_side=min_side, gap_days=used_gap)
    gap_ns = np.timedelta64(used_gap, "D")
    alarms, tests = 0, []
    for fake in fakes:
        label = np.where(days < fake, "baseline",
                         np.where(days < fake + gap_ns, "stabilisation", "after"))
        result = _result(kpi, base.assign(period=label), alpha)
        if result is None:
            continue
        tests.append(result["test"])
        excludes = result["ci_low"] > 0 or result["ci_high"] < 0
        alarms += bool(excludes and result["p_val"] <= alpha)
    n = len(tests)
    if n:
        p_excess = float(sps.binom.sf(alarms - 1, n, alpha))
        out.update(placebo_test=pd.Series(tests).mode().iat[0], fake_go_lives=n,
                   false_alarms=alarms, false_alarm_rate=alarms / n, p_excess=p_excess,
                   flag=bool(p_excess < FLAG_P) if n >= MIN_FAKE_GO_LIVES else None)
    return out


def _fake_dates(dates: np.ndarray, min_side: int, gap: int, max_dates: int
                ) -> tuple[np.ndarray, int]:
    """Eligible fake go-live dates (at most ``max_dates``, evenly spread) and the gap
    used: the plan's gap, or none when the gap leaves fewer than 20 dates and dropping
    it gives more."""
    def eligible_with(used: int) -> np.ndarray:
        after = dates + np.timedelta64(used, "D")
        before_count = np.arange(dates.size)  # dates strictly before each candidate
        after_count = dates.size - np.searchsorted(dates, after, side="left")
        return dates[(before_count >= min_side) & (after_count >= min_side)]

    eligible, used = eligible_with(gap), gap
    if gap > 0 and eligible.size < MIN_FAKE_GO_LIVES:
        without = eligible_with(0)
        if without.size > eligible.size:
            eligible, used = without, 0
    if eligible.size > max_dates:
        eligible = eligible[np.unique(np.round(np.linspace(0, eligible.size - 1,
                                                           max_dates)).astype(int))]
    return eligible, used


def _result(kpi, rows: pd.DataFrame, alpha: float) -> dict[str, Any] | None:
    """compare_one's result with a finite interval and p-value, else None."""
    try:
        result = compare_one(kpi, rows, alpha=alpha)
    except InputError:
        return None
    values = [result.get(k) for k in ("ci_low", "ci_high", "p_val")]
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values):
        return None
    return result


def _half(result: dict[str, Any], prefix: str) -> float:
    low, high = result.get(f"{prefix}_low"), result.get(f"{prefix}_high")
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return math.nan
    return (high - low) / 2
