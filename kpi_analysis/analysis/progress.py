"""Progress toward each SMART target, review by review, and its dashboard export.

The method does not stop at one before/after comparison: after go-live the KPIs are
reviewed every month (operational KPIs every week) until their deadline. For every
review period :func:`progress` gives the KPI's level with its interval, the gap to
the target, and a forecast from the post-go-live trend: where the KPI will be at the
deadline, with a prediction interval, and the probability of making the target.
:func:`~kpi_analysis.analysis.progress_export.export_progress_csv` writes the same
frame as a tidy CSV that Power BI, Looker Studio or Excel read without reshaping.

    >>> import kpi_analysis as ka                                           # doctest: +SKIP
    >>> plan = ka.load_plan("data/samples/monthly_reviews/plan.yaml")        # doctest: +SKIP
    >>> frame = progress(ka.load_measurements("", plan), plan)               # doctest: +SKIP
    >>> export_progress_csv(frame, "reports/progress.csv")                   # doctest: +SKIP

Which rows count
----------------
Every measurement dated on or after go-live counts, also beyond the plan's
``after.end`` (monitoring goes on after the comparison window): from go-live up to
the start of the after-period it is *stabilisation* (shown, not judged, as the method
asks), from then on *after*. Rows of a control group (``group == 'control'``) are
left out. The baseline level (for relative targets and ``change_pct``) comes from
the rows labelled ``baseline``.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import special
from scipy import stats as sps

from ..errors import InputError
from ..plan import kind_bounds, target_of
from ..stats.sequential import spent_alpha
from ..vocab import CADENCES as REVIEW_CADENCES
from ..stats._core import lag1_autocorrelation as _lag1_autocorrelation, wilson as _wilson
from .estimate import spacing_days
from .reviews import data_until, is_partial, kpi_level, phases, review_periods, rows_up_to
from .trend import Trend, forecast_model

__all__ = ["progress", "latest", "kpi_trend", "PROGRESS_COLUMNS",
           "CADENCES", "STATUSES", "MIN_TREND_POINTS"]

#: review rhythms: 'kpi' reviews each KPI at its plan ``frequency`` (daily and weekly
#: KPIs weekly: operational; monthly: tactical; quarterly: strategic)
CADENCES = REVIEW_CADENCES + ("kpi",)
_PERIOD_DAYS = {"weekly": 7.0, "monthly": 30.4375, "quarterly": 91.3125}
_KPI_CADENCE = {"daily": "weekly", "weekly": "weekly", "monthly": "monthly",
                "quarterly": "quarterly"}
#: fewest trend points (weekly or monthly levels after stabilisation) for a forecast
MIN_TREND_POINTS = 6
#: what ``status`` says; only 'on track' and 'off track' are verdicts
STATUSES = ("on track", "off track", "stabilisation", "too little data", "deadline passed",
            "no target", "no deadline", "partial period")

#: the frame's and the export's columns, in order (documented in :func:`progress`)
PROGRESS_COLUMNS = [
    "kpi", "name", "unit", "success_level", "direction", "cadence", "review_date",
    "period_start", "period_end", "phase", "partial", "data_until", "n", "level", "ci_low",
    "ci_high", "baseline", "change_pct", "target", "deadline", "gap", "target_met", "trend_points",
    "trend_per_week", "trend_ci_low", "trend_ci_high", "forecast_basis",
    "forecast_at_deadline", "forecast_low", "forecast_high", "p_meet_target", "on_track",
    "status", "look", "look_alpha",
]

def _series_rho(rows: pd.DataFrame, keys: pd.Series) -> float:
    """Lag-1 autocorrelation of a one-value-per-date series around its review-period
    means (0 when several values share a date: those are items, not a series)."""
    if len(rows) < 3 or not rows["date"].is_unique:
        return 0.0
    ordered = rows.assign(_key=keys).sort_values("date")
    deviation = ordered["value"] - ordered.groupby("_key")["value"].transform("mean")
    return max(_lag1_autocorrelation(deviation.to_numpy(dtype=float)), 0.0)


def _level_table(rows: pd.DataFrame, kpi, keys: pd.Series, alpha: Any) -> pd.DataFrame:
    """Per review period: rows ``n``, ``level``
    (:func:`~kpi_analysis.analysis.reviews.kpi_level`) and its (1 - alpha)
    interval (``alpha`` one number, or one per review period in key order)."""
    grouped = rows.groupby(keys, sort=True)
    table = grouped.agg(n=("value", "size"), x=("value", "sum"), mean=("value", "mean"),
                        sd=("value", "std"), exposure=("n", "sum"),
                        has_n=("n", lambda s: bool(s.notna().all())),
                        binary=("value", lambda s: bool(s.isin((0.0, 1.0)).all())))
    table["level"] = grouped.apply(lambda g: kpi_level(g, kpi), include_groups=False)
    alpha = np.broadcast_to(np.asarray(alpha, dtype=float), (len(table),))
    z = sps.norm.ppf(1 - alpha / 2)
    low, high = np.full(len(table), np.nan), np.full(len(table), np.nan)
    pooled = table["has_n"].to_numpy() & (kpi.kind in ("rate", "proportion", "count"))
    if kpi.kind == "proportion":
        trials = np.where(pooled, table["exposure"], table["n"])
        wilson = pooled | table["binary"].to_numpy()
        for i in np.flatnonzero(wilson & (trials > 0)):
            lo, hi = _wilson(table["x"].iat[i], trials[i], z[i], False)
            low[i], high[i] = 100 * lo, 100 * hi
    elif kpi.kind in ("rate", "count"):
        # exact (Garwood) Poisson limits of the events over the exposure (rows for counts)
        exposure = np.where(pooled, table["exposure"], table["n"])
        scale = np.where(pooled, kpi.rate_per, 1.0)
        x = table["x"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            low = np.where(x > 0, sps.chi2.ppf(alpha / 2, 2 * x) / 2, 0.0) / exposure * scale
            high = sps.chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2 / exposure * scale
    done = np.isfinite(low)
    if not done.all():
        # means: t interval, the series' autocorrelation shrinking n to n (1-rho)/(1+rho)
        rho = _series_rho(rows, keys)
        scale = 100.0 if kpi.kind == "proportion" else 1.0
        n_eff = table["n"].to_numpy(dtype=float) * (1 - rho) / (1 + rho)
        with np.errstate(invalid="ignore", divide="ignore"):
            half = (special.stdtrit(np.maximum(n_eff - 1, 1), 1 - alpha / 2)
                    * table["sd"].to_numpy(dtype=float) / np.sqrt(n_eff) * scale)
        center = table["level"].to_numpy(dtype=float)
        low = np.where(done, low, center - half)
        high = np.where(done, high, center + half)
    table["ci_low"], table["ci_high"] = low, high
    return table[["n", "level", "ci_low", "ci_high"]]


def _trend_points(after: pd.DataFrame, kpi, keys: pd.Series) -> pd.DataFrame:
    """The KPI's level per week (per month or quarter when measured that rarely), split
    at review-period boundaries so no point mixes two reviews: ``_key`` (the review
    period), ``_bucket``, ``date`` (mean date of its rows), ``level``, ``step_days``."""
    spacing = spacing_days(after["date"]) if len(after) > 1 else 7
    freq, step = {30: ("M", 30.4375), 91: ("Q-DEC", 91.3125)}.get(spacing, ("W-SUN", 7.0))
    bucket = after["date"].dt.to_period(freq).dt.start_time.rename("_bucket")
    grouped = after.groupby([keys.rename("_key"), bucket], sort=True)
    points = grouped["date"].agg(lambda d: d.mean()).rename("date").to_frame()
    points["level"] = grouped.apply(lambda g: kpi_level(g, kpi), include_groups=False)
    return points.reset_index().assign(step_days=step)

def kpi_trend(data: pd.DataFrame, plan, kpi_id: str, *, as_of: Any = None,
              alpha: float = 0.05) -> Trend | None:
    """The model :func:`progress` (monthly reviews) forecasts a KPI with at its latest
    review (or at ``as_of``): a :class:`~kpi_analysis.analysis.trend.Trend` whose
    ``forecast(date)`` and
    ``p_beyond`` answer "where will it be on that date"; None with fewer than 6 trend
    points.

    Raises
    ------
    InputError
        ``kpi_id`` is not a KPI of the plan.
    """
    try:
        kpi = plan.kpi(kpi_id)
    except KeyError:
        raise InputError(f"kpi_id: '{kpi_id}' is not a KPI of the plan; valid: "
                         f"{', '.join(k.id for k in plan.kpis)}") from None
    rows = rows_up_to(phases(data, plan), as_of)
    after = rows[(rows["kpi"] == kpi.id) & (rows["phase"] == "after")]
    if after.empty:
        return None
    points = _trend_points(after, kpi, review_periods(after["date"], "monthly").rename("_key"))
    if len(points) < MIN_TREND_POINTS:
        return None
    trend = forecast_model(points, pd.Timestamp(plan.periods.after_start), alpha)[1]
    return replace(trend, bounds=kind_bounds(kpi.kind))


def _look_alphas(looks: np.ndarray, alpha: float, otherwise: float) -> np.ndarray:
    """The spent alpha of each review (:func:`kpi_analysis.stats.sequential.spent_alpha`),
    ``otherwise`` where ``looks`` is 0 (stabilisation)."""
    return np.where(looks > 0, spent_alpha(np.maximum(looks, 1), alpha), otherwise)


def _looks(live: pd.DataFrame, keys: pd.Series) -> np.ndarray:
    """The review number of each review period (key order) among those with after-period
    rows: 1, 2, ...; 0 for stabilisation periods (shown, not judged)."""
    has_after = live["phase"].eq("after").groupby(keys, sort=True).any().to_numpy()
    return np.where(has_after, np.cumsum(has_after), 0)


def _target_met_sequential(out: pd.DataFrame, looks: np.ndarray, base: pd.DataFrame, kpi,
                           alpha: float) -> pd.Series:
    """``target_met`` per review: True only when the level is beyond the target by more
    than the one-sided ``1 - alpha_k`` bound of the review (:mod:`kpi_analysis.stats.sequential`;
    the half-width of the shown two-sided interval rescaled by z(1-alpha_k) /
    z(1-alpha_k/2)), a relative target's own uncertainty (from the measured baseline)
    added in quadrature; False otherwise; None for stabilisation reviews and without a
    target. Over all reviews the chance of any false True stays at most alpha."""
    target = float(out["target"].iat[0]) if len(out) else math.nan
    if not math.isfinite(target) or not len(out):
        return pd.Series([None] * len(out), dtype=object)
    se_target = 0.0
    if kpi.target.value is None and len(base):
        base_ci = _level_table(base, kpi, pd.Series(0, index=base.index), alpha)
        z = sps.norm.ppf(1 - alpha / 2)
        se_target = abs(1 + kpi.target.change) * float(
            (base_ci["ci_high"].iat[0] - base_ci["ci_low"].iat[0]) / (2 * z))
    spent = _look_alphas(looks, alpha, alpha)
    z_two, z_one = sps.norm.ppf(1 - spent / 2), sps.norm.ppf(1 - spent)
    level = out["level"].to_numpy(dtype=float)
    lower = kpi.direction == "lower_is_better"
    reach = (out["ci_high"] - out["level"] if lower else out["level"] - out["ci_low"]).to_numpy(
        dtype=float)
    with np.errstate(invalid="ignore"):  # "met" is one-sided: alpha_k, not alpha_k / 2
        reach = np.sqrt(reach ** 2 + (z_two * se_target) ** 2) * z_one / z_two
        met = level + reach <= target if lower else level - reach >= target
    return pd.Series([None if k == 0 else bool(m and math.isfinite(r))
                      for k, m, r in zip(looks, met, reach)], dtype=object)


def _one_kpi(rows: pd.DataFrame, plan, kpi, cadence: str, alpha: float,
             until: pd.Timestamp | None = None) -> pd.DataFrame:
    """The :func:`progress` rows of one KPI (its treatment rows with ``phase``)."""
    base = rows[rows["phase"] == "baseline"]
    baseline = kpi_level(base, kpi)
    live = rows[rows["phase"] != "baseline"]
    if live.empty:
        return pd.DataFrame({c: [] for c in PROGRESS_COLUMNS})
    keys = review_periods(live["date"], cadence).rename("_key")
    looks = _looks(live, keys)
    table = _review_levels(live, plan, kpi, keys, looks, alpha)
    until = data_until(live) if until is None else until
    after_rows = live[live["phase"] == "after"]
    points = _trend_points(after_rows, kpi, keys[live["phase"] == "after"]) \
        if len(after_rows) else pd.DataFrame(columns=["_key", "date", "level", "step_days"])

    goal = target_of(kpi)
    target = math.nan if goal is None else goal.level(baseline)
    deadline = goal.deadline if goal is not None else None
    deadline = deadline or (plan.goal.deadline if goal is not None else None)
    out = _against_target(table, kpi, cadence, until, baseline, target, deadline)
    out["target_met"] = _target_met_sequential(out, looks, base, kpi, alpha)
    out.loc[out["partial"].to_numpy(dtype=bool), "target_met"] = None
    for column, values in _forecasts(out, table.index, points, plan, kpi, cadence, alpha,
                                     target, deadline).items():
        out[column] = values
    out["look"] = looks
    out["look_alpha"] = _look_alphas(looks, alpha, np.nan)
    return out[PROGRESS_COLUMNS]


def _review_levels(live: pd.DataFrame, plan, kpi, keys: pd.Series, looks: np.ndarray,
                   alpha: float) -> pd.DataFrame:
    """Per review period (the index, in order): ``n``, ``level`` and its interval at the
    review's spent alpha, ``phase``, ``period_start`` and ``period_end``."""
    table = _level_table(live, kpi, keys, _look_alphas(looks, alpha, alpha))
    has_after = live["phase"].eq("after").groupby(keys).any()
    table["phase"] = np.where(has_after.reindex(table.index), "after", "stabilisation")
    periods = table.index
    # the first review period starts at go-live (earlier rows are the baseline's or none)
    table["period_start"] = np.maximum(periods.start_time.normalize(),
                                       pd.Timestamp(plan.periods.go_live))
    table["period_end"] = periods.end_time.normalize()
    return table


def _against_target(table: pd.DataFrame, kpi, cadence: str, until: pd.Timestamp,
                    baseline: float, target: float, deadline) -> pd.DataFrame:
    """One row per review: the KPI, the period, its level and interval (within the
    KPI's bounds), the change from the baseline and the gap to the target."""
    out = pd.DataFrame({
        "kpi": kpi.id, "name": kpi.name, "unit": kpi.unit, "success_level": kpi.level,
        "direction": kpi.direction, "cadence": cadence,
        "review_date": table["period_end"].to_numpy(), "period_start": table["period_start"],
        "period_end": table["period_end"], "phase": table["phase"],
        "partial": is_partial(table["period_start"], table["period_end"], until),
        "data_until": np.minimum(table["period_end"], until), "n": table["n"],
        "level": table["level"], "ci_low": table["ci_low"], "ci_high": table["ci_high"],
        "baseline": baseline,
    }).reset_index(drop=True)
    out[["ci_low", "ci_high"]] = out[["ci_low", "ci_high"]].clip(*kind_bounds(kpi.kind))
    usable = math.isfinite(baseline) and baseline != 0
    out["change_pct"] = 100 * (out["level"] - baseline) / abs(baseline) if usable else math.nan
    out["target"] = target
    out["deadline"] = pd.Timestamp(deadline) if deadline else pd.NaT
    sign = 1.0 if kpi.direction == "lower_is_better" else -1.0
    out["gap"] = sign * (out["level"] - target)
    return out


def _forecasts(out: pd.DataFrame, periods, points: pd.DataFrame, plan, kpi, cadence: str,
               alpha: float, target: float, deadline) -> dict:
    """Per review (``out``'s rows, ``periods`` their keys): the trend fitted to the
    ``points`` up to it, the forecast at the deadline with the chance of meeting the
    target, and the ``status``; the columns by name."""
    trend_cols = {c: np.full(len(out), np.nan) for c in
                  ("trend_per_week", "trend_ci_low", "trend_ci_high", "forecast_at_deadline",
                   "forecast_low", "forecast_high", "p_meet_target")}
    trend_points = np.zeros(len(out), dtype=int)
    basis: list[str | None] = [None] * len(out)
    on_track = [None] * len(out)
    status = [""] * len(out)
    review_days = _PERIOD_DAYS[cadence]
    origin = pd.Timestamp(plan.periods.after_start)
    for i, (key, row) in enumerate(zip(periods, out.itertuples(index=False))):
        used = points[points["_key"] <= key]
        trend_points[i] = len(used)
        if row.phase == "stabilisation":
            status[i] = "stabilisation"
            continue
        if row.partial:
            status[i] = "partial period"
            continue
        trend = None
        if len(used) >= MIN_TREND_POINTS:
            line, trend = forecast_model(used, origin, alpha)
            trend = replace(trend, bounds=kind_bounds(kpi.kind))
            trend_cols["trend_per_week"][i] = line.slope
            trend_cols["trend_ci_low"][i], trend_cols["trend_ci_high"][i] = \
                line.slope_interval(alpha)
            basis[i] = trend.basis
        if not math.isfinite(target):
            status[i] = "no target"
        elif deadline is None:
            status[i] = "no deadline"
        elif row.period_end >= pd.Timestamp(deadline):
            status[i] = "deadline passed"
        elif trend is None:
            status[i] = "too little data"
        else:
            average_of = review_days / trend.step_days
            est, low, high, _ = trend.forecast(deadline, average_of=average_of, alpha=alpha)
            p = trend.p_beyond(deadline, target, kpi.direction, average_of=average_of)
            trend_cols["forecast_at_deadline"][i] = est
            trend_cols["forecast_low"][i], trend_cols["forecast_high"][i] = low, high
            trend_cols["p_meet_target"][i] = p
            on_track[i] = bool(p >= 0.5)
            status[i] = "on track" if p >= 0.5 else "off track"
    return {"trend_points": trend_points, **trend_cols,
            "forecast_basis": pd.Series(basis, dtype=object),
            "on_track": pd.Series(on_track, dtype=object), "status": status}


def progress(data: pd.DataFrame, plan, *, cadence: str = "monthly", as_of: Any = None,
             alpha: float = 0.05) -> pd.DataFrame:
    """Each KPI's progress toward its SMART target, one row per KPI per review period.

    Parameters
    ----------
    data : DataFrame
        Tidy measurements from :func:`kpi_analysis.load_measurements` (``date, kpi,
        value, n, period``; a ``group`` column's control rows are left out).
    plan : Plan
        KPIs with target (``value`` or ``change``, ``deadline``; without a deadline
        the goal's deadline is used), direction and frequency; the periods.
    cadence : {'monthly', 'weekly', 'quarterly', 'kpi'}, default 'monthly'
        The review rhythm: calendar months, ISO weeks (Monday to Sunday) or calendar
        quarters; ``'kpi'`` reviews each KPI at its plan ``frequency`` (daily and
        weekly KPIs weekly, monthly ones monthly, quarterly ones quarterly), the
        method's rule that operational KPIs are reviewed weekly.
    as_of : date, optional
        Only measurements up to this date (a review as it looked then); default all.
    alpha : float, default 0.05
        1 - the level of the intervals.

    Returns
    -------
    DataFrame
        One row per KPI per review period from go-live on, KPIs in plan order:

        ==================== =====================================================
        kpi, name, unit      the KPI (plan id, name, unit)
        success_level        its level in the chain: technical, process, business,
                             adoption (plan field ``level``)
        direction            lower_is_better or higher_is_better
        cadence              weekly, monthly or quarterly
        review_date          the last day the review covers (= period_end)
        period_start/_end    the review period (dates, inclusive; the first one
                             starts at go-live)
        phase                stabilisation (shown, not judged) or after
        partial              True when the data end before the period does, by
                             more than 10% of it and more than 2 days (data
                             ending on the 3rd of a month): the level is shown,
                             the period is not judged (status 'partial period',
                             target_met None, no forecast)
        data_until           the last day of the period the data cover (the last
                             date, to the end of its week/month/quarter for
                             weekly, monthly, quarterly data; the latest over
                             the plan's KPIs)
        n                    measurement rows in the period
        level                the KPI's level over the period, in its shown unit
                             (:func:`~kpi_analysis.analysis.reviews.kpi_level`:
                             mean, percent, or events per
                             ``rate_per``; a count with its exposure ``n`` per
                             unit of exposure, as compare_kpis shows it)
        ci_low, ci_high      its interval: Wilson for proportions, exact
                             Poisson for rates and counts, t for means (a series'
                             autocorrelation shrinks n to n (1-r)/(1+r)); at
                             level 1 - look_alpha for reviews after
                             stabilisation (always valid: all of them hold
                             together with probability >= 1 - alpha), 1 - alpha
                             during stabilisation; within the KPI's bounds
                             (:func:`kpi_analysis.plan.kind_bounds`)
        baseline             the baseline level
        change_pct           level vs baseline, percent
        target               the target level (a relative target applied to the
                             measured baseline); NaN without a target
        deadline             the target's deadline (else the goal's)
        gap                  still to go to the target in the good direction, in
                             KPI units: > 0 not reached, <= 0 reached
        target_met           True when the period's level is beyond the target
                             by more than its one-sided 1 - look_alpha bound
                             (a relative target's baseline uncertainty
                             included): met beyond noise, with the chance of
                             any false True over all reviews at most alpha;
                             False otherwise; None without a target and during
                             stabilisation
        trend_points         weekly (or monthly) levels after stabilisation up to
                             this review that the trend was fitted to
        trend_per_week       slope of the post-go-live trend per week, with
                             trend_ci_low / trend_ci_high (95%)
        forecast_basis       'trend' (the line) when the slope's interval excludes
                             0, else 'level' (no detectable trend: the forecast
                             is the post-go-live mean, with the line's
                             uncertainty); None before there are enough points
        forecast_at_deadline the forecast level at the deadline
        forecast_low/_high   95% prediction interval at the deadline for the level
                             of one review period (line uncertainty + AR(1) noise);
                             forecast and interval cut to the KPI's bounds (counts
                             and rates >= 0, proportions 0-100%)
        p_meet_target        probability that the level at the deadline meets the
                             target (predictive t distribution)
        on_track             True when p_meet_target >= 0.5 (the forecast reaches
                             the target), False below; None when not judged
        status               'on track', 'off track', or why there is no verdict:
                             'stabilisation', 'partial period', 'too little
                             data' (fewer than 6 trend points), 'deadline passed',
                             'no target', 'no deadline'
        look                 the review's number after stabilisation (1, 2, ...;
                             0 during stabilisation)
        look_alpha           the significance level spent on this review,
                             alpha 6 / (pi^2 look^2) (:mod:`kpi_analysis.stats.sequential`);
                             NaN during stabilisation
        ==================== =====================================================

    Raises
    ------
    InputError
        Unknown ``cadence``, a bad ``alpha`` or ``as_of``, data without the tidy
        columns.

    Notes
    -----
    The trend is fitted with :func:`~kpi_analysis.analysis.trend.fit_trend` at every
    review to the weekly levels
    after stabilisation up to that review (monthly levels for monthly data), so each
    row shows what was known then. The forecast predicts the level of one review
    period at the deadline, with a prediction interval that adds the AR(1) noise of
    a review period's average to the line's own uncertainty; ``p_meet_target`` is
    the predictive probability of reaching the target. When the slope's 95%
    interval includes 0 the KPI has no detectable trend: the point forecast is its
    post-go-live mean (extending a slope that is noise would call a KPI that sits
    safely past its target "off track" far too often), while the interval keeps the
    line's width, since a small real trend may hide in that noise. In simulations
    of the ``monthly_reviews`` sample (``tests/test_progress.py``) the interval
    covered the true level at the deadline in 92-99% of draws and the verdict
    agreed with the truth in 99-100%. A straight line is a working assumption;
    see :func:`~kpi_analysis.analysis.trend.fit_trend`.

    Every review looks again, so "target met" spends the significance level over
    the reviews (:mod:`kpi_analysis.stats.sequential`): with no true effect and the
    target at the baseline level, the chance of any false "target met" over 12
    monthly reviews stays at most alpha (``tests/test_sequential.py``,
    ``bench/bench_sequential.py``). ``on_track`` is a forecast with its
    probability, not a claim of an achieved change, and is not adjusted.

    Examples
    --------
    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import SAMPLES
    >>> plan = ka.load_plan(SAMPLES / "monthly_reviews" / "plan.yaml")
    >>> frame = progress(ka.load_measurements("", plan), plan)
    >>> latest(frame).set_index("kpi")["status"].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'extraction_accuracy': 'deadline passed', 'assistant_share': 'on track',
     'minutes_per_invoice': 'deadline passed', 'cost_per_invoice': 'off track'}
    """
    if cadence not in CADENCES:
        raise InputError(f"cadence must be one of {', '.join(map(repr, CADENCES))}; "
                         f"got {cadence!r}")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise InputError(f"alpha must be a number strictly between 0 and 1; got {alpha!r}")
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"data must be the DataFrame of ka.load_measurements; got "
                         f"{type(data).__name__}")
    rows = rows_up_to(phases(data, plan), as_of)
    by_kpi = dict(tuple(rows.groupby("kpi", sort=False)))
    # how far the data reach: the KPI measured longest (one KPI's items ending on a
    # Friday do not make the month partial when the others cover the weekend)
    until = max((data_until(part) for part in by_kpi.values()), default=None)
    frames = []
    for kpi in plan.kpis:
        rhythm = _KPI_CADENCE[kpi.frequency] if cadence == "kpi" else cadence
        part = by_kpi.get(kpi.id)
        if part is not None:
            frames.append(_one_kpi(part, plan, kpi, rhythm, alpha, until))
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: [] for c in PROGRESS_COLUMNS})
    return pd.concat(frames, ignore_index=True)


def latest(frame: pd.DataFrame, *, complete: bool = False) -> pd.DataFrame:
    """The last review row of each KPI (the current state), in the frame's order;
    with ``complete=True`` the last period the data cover fully (a partial period
    is shown, never judged)."""
    if complete and "partial" in frame.columns:
        frame = frame[~frame["partial"].astype(bool)]
    return frame.groupby("kpi", sort=False).tail(1).reset_index(drop=True)
