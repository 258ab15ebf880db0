"""One KPI before and after go-live: the shape of its data, the test or model that
fits it, the difference-in-differences with a control group, and the counterfactual
line of the per-period model. :func:`~kpi_analysis.analysis.compare.compare_kpis`
calls :func:`compare_one` for every KPI and adds the plan-level columns; the
placebo in time calls it at fake go-live dates.
"""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
import pandas as pd

from ..errors import InputError
from ..stats.its import did
from ..stats._core import time_index as _time_index
from ..stats.series import MIN_TREND_POINTS, series_shift
from ..stats.twosample import compare_means, compare_proportions, compare_rates, exact_bounds
from ..vocab import CHANGE_UNIT, DIRECTIONS, KINDS, MEAN_KINDS, PERIODS

__all__ = ["compare_one", "counterfactual", "counterfactuals", "planned_test", "spacing_days"]

#: a KPI with at least this many dates on each side, one value per date, is a series
MIN_SERIES_POINTS = 10
#: dates spaced this many days apart -> (season terms, cycle length in periods, Fourier
#: harmonics, fewest baseline periods: two whole cycles)
SEASONS = {1: ("dummies", 7, 0, 14), 7: ("fourier", 365.25 / 7, 2, 104),
           30: ("fourier", 12, 2, 24), 91: ("dummies", 4, 0, 8)}


#: fewest events (for proportions also non-events) and periods on each side for the
#: between-period model of counts; below either, the exact pooled tests
MIN_EVENTS = 5
MIN_PERIODS = 3
#: why a KPI cannot be assessed (the ``reason`` column; labels ``reason.<key>``)
REASONS = ("no_data", "no_baseline_data", "no_after_data", "one_observation",
           "constant_values", "no_events", "too_few_periods")
#: what the model had to assume (the ``assumption`` column; labels ``assumption.<key>``)
ASSUMPTIONS = ("baseline_too_short_for_trend", "baseline_too_short_for_season",
               "trend_uncertain", "periods_pooled_as_independent")


class _Unassessable(Exception):
    """The change of this KPI cannot be estimated; the message is the reason key."""


def compare_one(kpi: Any, rows: pd.DataFrame | None, *, alpha: float = 0.05) -> dict[str, Any]:
    """Compare one KPI before and after go-live: the row :func:`compare_kpis` builds for
    it, without the plan-level columns (``p_adj``, ``verdict``, ``target_met``,
    ``guard_warning``).

    ``rows`` are that KPI's measurement rows (columns as for :func:`compare_kpis`,
    ``period`` 'baseline', 'stabilisation' or 'after'; rows with other periods are
    ignored). A placebo-in-time check calls this at fake go-live dates by relabelling
    the periods. A KPI that cannot be assessed gets ``reason`` (a key of
    :data:`REASONS`) and None for the numbers that cannot be computed.
    """
    return _analyse(kpi, rows, alpha)[0]


def _analyse(kpi: Any, rows: pd.DataFrame | None, alpha: float
             ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The result row of one KPI and, for the per-period model, the fit behind it
    (for :func:`counterfactual`)."""
    kind, direction = getattr(kpi, "kind", None), getattr(kpi, "direction", None)
    if kind not in KINDS:
        raise InputError(f"kind must be one of {list(KINDS)}; got {kind!r}")
    if direction not in DIRECTIONS:
        raise InputError(f"direction must be one of {list(DIRECTIONS)}; got {direction!r}")
    result = dict(kpi=kpi.id, name=getattr(kpi, "name", kpi.id), unit=getattr(kpi, "unit", None),
                  kind=kind, direction=direction, change_unit=CHANGE_UNIT[kind], n_before=0,
                  n_after=0, n_stabilisation=0, before=None, after=None, stabilisation=None, model=None, trend=None,
                  season=None, assumption=None, reason=None)
    if rows is None or rows.empty:
        result.update(_unassessed("no_data"))
        return result, None
    period = rows["period"].to_numpy(dtype=object)
    used = np.isin(period, PERIODS[:3])
    missing = used & np.isnan(rows["value"].to_numpy(dtype=float))
    for name in PERIODS[:3]:
        bad = missing & (period == name)
        if bad.any():
            raise InputError(f"value is missing in {int(bad.sum())} {name} row(s), first on "
                             f"{rows['date'].to_numpy()[bad][0].astype('datetime64[D]')}")
    shape, rows = _with_shape(kind, rows[used])
    control = rows.pop("control").to_numpy()
    treated = rows[~control]
    period = treated["period"].to_numpy()
    before, stabilisation, after = (treated[period == name] for name in PERIODS[:3])
    level = _level(shape)
    result.update(n_before=len(before), n_after=len(after), n_stabilisation=len(stabilisation),
                  before=level(before), after=level(after), stabilisation=level(stabilisation))
    fit = None
    try:
        if before.empty:
            raise _Unassessable("no_baseline_data")
        if after.empty:
            raise _Unassessable("no_after_data")
        if min(len(before), len(after)) < 2:
            raise _Unassessable("one_observation")
        test, fit = _ANALYSES[shape](kind, before, after, alpha)
        result.update(test)
        if result["change_pct"] is None:
            result.update(_percents(result, result["before"]))
        if control.any():
            result.update(_did_columns(level, treated, rows[control], after, alpha))
    except _Unassessable as reason:
        result.update(_unassessed(str(reason)))
        fit = None
    _to_shown_units(result, _shown_scale(kpi))
    return result, fit


def _unassessed(reason: str) -> dict[str, Any]:
    return dict(test=None, change=None, change_pct=None, ci_low=None, ci_high=None,
                ci_pct_low=None, ci_pct_high=None, p_val=None, reason=reason)


def _percents(result: dict[str, Any], before: float | None) -> dict[str, Any]:
    def pct(value):
        return None if value is None or before in (None, 0) or not math.isfinite(value) \
            else 100 * value / abs(before)
    return dict(change_pct=pct(result["change"]), ci_pct_low=pct(result["ci_low"]),
                ci_pct_high=pct(result["ci_high"]))


def _with_shape(kind: str, rows: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """The shape of the KPI's data ('values', 'binary' or 'counts'), decided once from
    the whole column, never per period, and a compact frame of its rows: ``date``,
    ``period``, ``control`` (bool), ``x`` (value, successes or events) and ``w`` (1,
    trials or exposure)."""
    has_n = "n" in rows.columns and bool(rows["n"].notna().any())
    values = rows["value"].to_numpy(dtype=float)
    if kind in MEAN_KINDS:
        shape, x, w = "values", values, np.ones_like(values)
    elif kind == "proportion" and not has_n:
        if np.isin(values, (0.0, 1.0)).all():
            shape = "binary"
        elif np.all((values >= 0) & (values <= 1)):
            shape = "values"
        else:
            raise InputError("kind 'proportion' needs values between 0 and 1 (or 0/1 per item, "
                             "or successes with trials in column n); got e.g. "
                             f"{values[(values < 0) | (values > 1)][0]!r}")
        x, w = values, np.ones_like(values)
    elif kind == "proportion":
        shape, (x, w) = "counts", _successes(rows)
    else:
        shape, (x, w) = "counts", _events(rows, has_n)
    control = rows["group"].eq("control").to_numpy() if "group" in rows.columns else \
        np.zeros(len(rows), dtype=bool)
    return shape, pd.DataFrame({"date": rows["date"].to_numpy(),
                                "period": rows["period"].to_numpy(dtype=object),
                                "control": control, "x": x, "w": w})


def _level(shape: str) -> Callable[[pd.DataFrame], float | None]:
    """The plain level of a part: the mean, the pooled proportion or events per unit."""
    if shape == "counts":
        return lambda part: float(part["x"].sum() / part["w"].sum()) if len(part) else None
    return lambda part: float(part["x"].mean()) if len(part) else None


def _shown_scale(kpi: Any) -> float:
    """Factor from data units to the unit a KPI is shown in (as ``data.level``):
    percent for proportions, events per ``rate_per`` units for rates and counts."""
    if kpi.kind == "proportion":
        return 100.0
    if kpi.kind in ("rate", "count"):
        return float(getattr(kpi, "rate_per", 1.0) or 1.0)
    return 1.0


def _to_shown_units(result: dict[str, Any], scale: float) -> None:
    fields = ["before", "after", "change", "ci_low", "ci_high", "stabilisation", "did_change",
              "did_ci_low", "did_ci_high", "robust_change", "robust_ci_low", "robust_ci_high"]
    for field in fields:
        if result.get(field) is not None:
            result[field] = result[field] * scale


def _is_series(before: pd.DataFrame, after: pd.DataFrame) -> bool:
    """A regular series: on both sides one row per date, at least MIN_SERIES_POINTS
    dates, a daily/weekly/monthly/quarterly rhythm and at most half the periods
    missing (a few items that happen to fall on different days are not a series)."""
    for part in (before, after):
        dates = part["date"].to_numpy(dtype="datetime64[ns]")
        if len(dates) < MIN_SERIES_POINTS or np.unique(dates).size < len(dates):
            return False
        step = spacing_days(dates)
        span = (dates.max() - dates.min()) / np.timedelta64(1, "D")
        if step == 0 or len(dates) < 0.5 * (span / step + 1):
            return False
    return True


def spacing_days(dates: Any) -> int:
    """Typical spacing of the dates, rounded to 1, 7, 30 or 91 days (0 if other)."""
    stamps = np.unique(np.asarray(dates, dtype="datetime64[ns]").astype(np.int64))
    spacing = float(np.median(np.diff(stamps))) / 86400e9 if stamps.size > 1 else 0.0
    for days, (low, high) in {1: (0.5, 1.5), 7: (6, 8), 30: (27, 32), 91: (88, 93)}.items():
        if low <= spacing <= high:
            return days
    return 0


# ------------------------------------------------------------- the analyses
def _item_analysis(kind: str, before: pd.DataFrame, after: pd.DataFrame, alpha: float):
    """Per-item values: Welch on the means (money runs on means); the Hodges-Lehmann
    shift of the rank test alongside as a robustness check."""
    x_b, x_a = before["x"].to_numpy(), after["x"].to_numpy()
    if np.ptp(x_b) == 0 and np.ptp(x_a) == 0:
        raise _Unassessable("constant_values")
    test = compare_means(x_b, x_a, test="welch", alpha=alpha).iloc[0]
    result = dict(test="welch", change=test["diff"], ci_low=test["ci_low"],
                  ci_high=test["ci_high"], p_val=test["p_val"], change_pct=None, model=None)
    try:
        robust = compare_means(x_b, x_a, test="mannwhitney", alpha=alpha).iloc[0]
        result.update(robust_change=robust["diff"], robust_ci_low=robust["ci_low"],
                      robust_ci_high=robust["ci_high"])
    except InputError:
        pass
    return result, None


def _binary_analysis(kind: str, before: pd.DataFrame, after: pd.DataFrame, alpha: float):
    """0/1 per item: independent items, the pooled proportions."""
    x_b, x_a = before["x"].sum(), after["x"].sum()
    n_b, n_a = len(before), len(after)
    return _pooled_counts("proportion", x_b, n_b, x_a, n_a, alpha), None


def _pooled_counts(kind: str, x_b: float, n_b: float, x_a: float, n_a: float,
                   alpha: float) -> dict[str, Any]:
    """Exact/pooled tests that treat trials and events as independent: few events or
    few periods, or 0/1 items. Zero events before and some after: a finite
    one-sided reading (exact bounds of the after level minus the before bound)."""
    proportion = kind == "proportion"
    if x_b + x_a == 0 or (proportion and x_b == n_b and x_a == n_a):
        raise _Unassessable("no_events")
    level_b, level_a = x_b / n_b, x_a / n_a
    if proportion:
        test = compare_proportions(x_b, n_b, x_a, n_a, alpha=alpha).iloc[0]
        if min(x_b, n_b - x_b) > 0:
            return dict(test=test["test"], change=test["diff"], ci_low=test["ci_low"],
                        ci_high=test["ci_high"], p_val=test["p_val"], change_pct=None)
    else:
        test = compare_rates(x_b, n_b, x_a, n_a, alpha=alpha).iloc[0]
        if x_b > 0:
            return dict(test=test["test"], change=level_a - level_b,
                        ci_low=level_b * (test["ci_low"] - 1),
                        ci_high=level_b * (test["ci_high"] - 1), p_val=test["p_val"],
                        change_pct=100 * (test["rate_ratio"] - 1),
                        ci_pct_low=100 * (test["ci_low"] - 1),
                        ci_pct_high=100 * (test["ci_high"] - 1))
    low_a, high_a = exact_bounds(x_a, n_a, alpha / 2, proportion)
    low_b, high_b = exact_bounds(x_b, n_b, alpha / 2, proportion)
    return dict(test=test["test"], change=level_a - level_b, ci_low=low_a - high_b,
                ci_high=high_a - low_b, p_val=test["p_val"], change_pct=None)


def _count_analysis(kind: str, before: pd.DataFrame, after: pd.DataFrame, alpha: float):
    """Successes of trials or events over exposure recorded per period: the
    between-period model (quasi-binomial / quasi-Poisson dispersion from the
    periods, never below 1; AR(1) errors, trend and season for a regular series),
    or the exact pooled tests when a side has few events or periods."""
    per_date = _per_date(before, after)
    x_b, n_b = per_date[0]["x"].sum(), per_date[0]["w"].sum()
    x_a, n_a = per_date[1]["x"].sum(), per_date[1]["w"].sum()
    proportion = kind == "proportion"
    if _pooled(kind, per_date):
        result = _pooled_counts(kind, x_b, n_b, x_a, n_a, alpha)
        if max(len(per_date[0]), len(per_date[1])) > 1:
            result["assumption"] = "periods_pooled_as_independent"
        return result, None
    pooled = (x_b + x_a) / (n_b + n_a)
    floor = pooled * (1 - pooled) if proportion else pooled
    test = "quasi-binomial" if proportion else "quasi-poisson"
    return _series_analysis(per_date[0], per_date[1], alpha, test, floor, _is_series(*per_date))


def _per_date(before: pd.DataFrame, after: pd.DataFrame) -> list[pd.DataFrame]:
    """Successes/trials or events/exposure summed per date, for each side."""
    return [part.groupby("date", sort=True)[["x", "w"]].sum().reset_index()
            for part in (before, after)]


def _pooled(kind: str, per_date: list[pd.DataFrame]) -> bool:
    """Whether counts get the exact pooled tests: fewer than MIN_EVENTS events (for
    proportions also non-events) or MIN_PERIODS periods on a side."""
    x = [part["x"].sum() for part in per_date]
    n = [part["w"].sum() for part in per_date]
    events = x + ([n[0] - x[0], n[1] - x[1]] if kind == "proportion" else [])
    return min(events) < MIN_EVENTS or min(len(part) for part in per_date) < MIN_PERIODS


def planned_test(kpi: Any, rows: pd.DataFrame | None) -> str | None:
    """The test :func:`compare_one` (so :func:`~kpi_analysis.analysis.compare.compare_kpis`)
    chooses for ``kpi`` from the shape of its rows, by the same rules: before go-live
    the baseline rows decide and the after period is taken to come in the same form;
    once after-period rows exist, both sides decide. None without baseline rows (the
    data's shape will decide). Used by the signed-off plan
    (:mod:`kpi_analysis.analysis.signoff`)."""
    if rows is None or not rows["period"].eq("baseline").any():
        return None
    rows = rows[rows["period"].isin(("baseline", "after"))].dropna(subset=["value"])
    shape, frame = _with_shape(kpi.kind, rows)
    frame = frame[~frame["control"].to_numpy()]
    before, after = (frame[frame["period"] == name] for name in ("baseline", "after"))
    after = after if len(after) else before
    pooled_test = "chi2-yates" if kpi.kind == "proportion" else "exact-poisson"
    if shape == "binary":
        return pooled_test
    if shape == "values":
        return "series-gls" if _is_series(before, after) else "welch"
    if _pooled(kpi.kind, _per_date(before, after)):
        return pooled_test
    return "quasi-binomial" if kpi.kind == "proportion" else "quasi-poisson"


def _value_analysis(kind: str, before: pd.DataFrame, after: pd.DataFrame, alpha: float):
    """A value per item (Welch) or per period (the series model)."""
    if not _is_series(before, after):
        return _item_analysis(kind, before, after, alpha)
    if np.ptp(np.r_[before["x"].to_numpy(), after["x"].to_numpy()]) == 0:
        raise _Unassessable("constant_values")
    return _series_analysis(before, after, alpha, "series-gls", 0.0, True, weighted=False)


_ANALYSES = {"values": _value_analysis, "binary": _binary_analysis, "counts": _count_analysis}


def _series_analysis(before: pd.DataFrame, after: pd.DataFrame, alpha: float, test: str,
                     floor: float, series: bool, weighted: bool = True):
    """The counterfactual model (:func:`kpi_analysis.stats.series.series_shift`) on one level
    per date: the change is the after-period mean minus what the baseline's level,
    trend and season predict."""
    dates = pd.Series(np.r_[before["date"].to_numpy(), after["date"].to_numpy()])
    x = np.r_[before["x"].to_numpy(), after["x"].to_numpy()]
    w = np.r_[before["w"].to_numpy(), after["w"].to_numpy()]
    y = x / w
    if np.ptp(y) == 0:
        raise _Unassessable("constant_values")
    t = _time_index(dates)
    post = np.r_[np.zeros(len(before), bool), np.ones(len(after), bool)]
    season, assumption = (_season(dates, t, len(before)) if series else (None, None))
    try:
        fit = series_shift(y, t, post, weights=w if weighted else None,
                           min_variance=floor, season=season,
                           trend="auto" if series else False, autocorrelation=series,
                           alpha=alpha)
    except InputError:
        raise _Unassessable("too_few_periods") from None
    if series and len(before) < MIN_TREND_POINTS:
        assumption = "baseline_too_short_for_trend"
    elif fit["trend_uncertain"]:
        assumption = "trend_uncertain"
    model = "+".join(["level"] + ["trend"] * fit["trend"] + ["season"] * (season is not None))
    result = dict(test=test, change=fit["change"], ci_low=fit["ci_low"], ci_high=fit["ci_high"],
                  p_val=fit["p_val"], change_pct=None, model=model, trend=fit["trend"],
                  season=None if season is None else season[0], assumption=assumption,
                  autocorrelation=fit["phi"])
    post_design = fit["no_change"][post]
    return result, dict(dates=dates[post].reset_index(drop=True), design=post_design,
                        weights=w[post] if weighted else None,
                        beta=fit["beta"], cov=fit["cov"], t_crit=fit["t_crit"])


def _season(dates: pd.Series, t: np.ndarray, n_before: int
            ) -> tuple[tuple[str, float, int] | None, str | None]:
    """The season the baseline spans (at least two cycles), or None with the
    assumption 'baseline_too_short_for_season'."""
    spec = SEASONS.get(spacing_days(dates))
    if spec is None:
        return None, None
    kind, period, harmonics, needed = spec
    if n_before < needed:
        return None, "baseline_too_short_for_season"
    if kind == "dummies" and np.unique(np.mod(np.round(t), period)).size < 2:
        return None, None
    return (kind, period, harmonics), None


def _successes(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Successes and trials per row of a proportion KPI with trials ``n``: value is
    read as the proportion (0-1) when every row of the KPI is one, else as counts."""
    values = rows["value"].to_numpy()
    trials = rows["n"].to_numpy()
    if np.any(~np.isfinite(trials)) or np.any(trials <= 0):
        raise InputError("kind 'proportion' needs the number of trials n > 0 in every row "
                         "(n is missing or not positive in some rows)")
    fractions = (values >= 0) & (values <= 1)
    if fractions.all():
        return np.round(values * trials), trials
    if np.all(values == np.round(values)) and np.all((values >= 0) & (values <= trials)):
        return values, trials
    raise InputError("kind 'proportion' with n expects value to be the proportion (0-1) or "
                     "the number of successes (0-n); got e.g. "
                     f"{values[~fractions][0]!r} with n={trials[~fractions][0]!r}")


def counterfactual(data: pd.DataFrame, kpi: Any, plan: Any) -> pd.DataFrame | None:
    """What the KPI would have done after go-live had nothing changed, per week.

    For a KPI that :func:`compare_kpis` measures with the per-period model (a value
    per period, or successes/events per period), the counterfactual of exactly that
    model (baseline level, trend and season carried on) and its (1 - alpha) band,
    aggregated to the chart's weeks (``data.kpi_series``) in the KPI's display
    unit. None for per-item KPIs, KPIs that cannot be assessed or without an
    after-period.

    Returns
    -------
    DataFrame or None
        Columns ``date`` (week start, Monday), ``level``, ``low`` and ``high``.
    """
    rows = data[data["kpi"] == kpi.id]
    alpha = getattr(plan, "alpha", None) or 0.05
    fit = _analyse(kpi, rows, alpha)[1]
    if fit is None:
        return None
    week = fit["dates"].dt.to_period("W-SUN").dt.start_time.to_numpy()
    weights = np.ones(len(week)) if fit["weights"] is None else fit["weights"]
    starts = np.unique(week)
    mean_rows = np.array([np.average(fit["design"][week == start], axis=0,
                                     weights=weights[week == start]) for start in starts])
    level = mean_rows @ fit["beta"]
    half = fit["t_crit"] * np.sqrt(np.einsum("ij,jk,ik->i", mean_rows, fit["cov"], mean_rows))
    scale = _shown_scale(kpi)
    return pd.DataFrame({"date": pd.to_datetime(starts), "level": level * scale,
                         "low": (level - half) * scale, "high": (level + half) * scale})


def counterfactuals(data: pd.DataFrame, plan: Any) -> dict[str, pd.DataFrame]:
    """:func:`counterfactual` for every KPI of the plan that has one (KPI id -> line)."""
    lines = {kpi.id: counterfactual(data, kpi, plan) for kpi in plan.kpis}
    return {kpi: line for kpi, line in lines.items() if line is not None}


def _events(rows: pd.DataFrame, has_n: bool) -> tuple[np.ndarray, np.ndarray]:
    """Event counts and exposure per row of a rate or count KPI."""
    counts = rows["value"].to_numpy()
    if np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise InputError("kinds 'rate' and 'count' expect value to be the number of events "
                         "(a whole number >= 0) with the exposure in column n; got e.g. "
                         f"{counts[(counts < 0) | (counts != np.round(counts))][0]!r}")
    if not has_n:
        return counts, np.ones_like(counts)
    exposure = rows["n"].to_numpy()
    if np.any(~np.isfinite(exposure)) or np.any(exposure <= 0):
        raise InputError("the exposure n must be > 0 in every row (missing or not positive in "
                         "some rows)")
    return counts, exposure


def _did_columns(level: Callable[[pd.DataFrame], float], treated: pd.DataFrame,
                 control: pd.DataFrame, after: pd.DataFrame, alpha: float) -> dict[str, Any]:
    """Difference-in-differences of the per-date KPI levels, treated vs control group."""
    def per_date(part: pd.DataFrame, name: str) -> pd.DataFrame:
        part = part[part["period"].isin(("baseline", "after"))]
        return pd.DataFrame([{"date": date, "level": level(rows), "series": name}
                             for date, rows in part.groupby("date")])

    frame = pd.concat([per_date(treated, "treated"), per_date(control, "control")],
                      ignore_index=True)
    result = did(frame, time="date", outcome="level", group="series", treated="treated",
                 intervention=after["date"].min(), alpha=alpha).iloc[0]
    return dict(did_change=result["diff"], did_ci_low=result["ci_low"],
                did_ci_high=result["ci_high"], did_p_val=result["p_val"])
