"""Progress toward each SMART target, review by review, and its dashboard export.

The method does not stop at one before/after comparison: after go-live the KPIs are
reviewed every month (operational KPIs every week) until their deadline. For every
review period :func:`progress` gives the KPI's level with its interval, the gap to
the target, and a forecast from the post-go-live trend: where the KPI will be at the
deadline, with a prediction interval, and the probability of making the target.
:func:`export_progress_csv` writes the same frame as a tidy CSV that Power BI,
Looker Studio or Excel read without reshaping.

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
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
from scipy import special
from scipy import stats as sps

from ._shape import _spacing_days
from ..inputs.measurements import level as _data_level
from ..errors import InputError
from ..files import write_csv_atomic
from ..plan import kind_bounds, target_of
from ..stats.sequential import spent_alpha
from ..vocab import CADENCES as REVIEW_CADENCES
from ..stats._core import Reference as _Reference
from ..stats._core import ar1_covariance as _ar1_covariance
from ..stats._core import lag1_autocorrelation as _lag1_autocorrelation
from ..stats._core import wilson as _wilson
from ..words.numbers import fmt_chance as chance  # noqa: F401  (the one rule for chances)
from ..words.numbers import fmt_date, fmt_value
from ..words.store import label

__all__ = ["progress", "export_progress_csv", "progress_records", "latest", "fit_trend",
           "kpi_trend", "kpi_level", "Trend", "review_periods", "progress_sentence",
           "status_label", "chance", "PROGRESS_COLUMNS", "CADENCES", "STATUSES"]

#: review rhythms: 'kpi' reviews each KPI at its plan ``frequency`` (daily and weekly
#: KPIs weekly: operational; monthly: tactical; quarterly: strategic)
CADENCES = REVIEW_CADENCES + ("kpi",)
_PERIOD_FREQ = {"weekly": "W-SUN", "monthly": "M", "quarterly": "Q-DEC"}
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
_DATE_COLUMNS = ("review_date", "period_start", "period_end", "data_until", "deadline")
_BOOL_COLUMNS = ("partial", "target_met", "on_track")


def _t(key: str, lang: str, **fields) -> str:
    """The text for ``key`` in ``lang``, from text.LABELS."""
    return label(key, lang, **fields)


# --- the trend -----------------------------------------------------------------------

@dataclass(frozen=True)
class Trend:
    """A straight line (or a flat level) through a KPI's levels after go-live, with
    AR(1)-robust errors.

    Attributes
    ----------
    basis : str
        ``'trend'`` (a line) or ``'level'`` (flat: slope fixed at 0).
    origin : Timestamp
        Time zero of the line (the start of the after-period).
    intercept, slope : float
        Level at ``origin`` and change per week, in the KPI's shown unit.
    cov : ndarray
        2 x 2 covariance of (intercept, slope), AR(1) sandwich (zero for the slope of
        a flat level).
    dof : float
        Effective degrees of freedom of the t reference, n (1 - phi) / (1 + phi) - k
        (k = 2 terms for a line, 1 for a level).
    phi : float
        Lag-1 autocorrelation of the residuals at one-step lags (floored at 0).
    resid_var : float
        Variance of one point around the fit (residual sum of squares / (n - k)).
    points : int
        Levels the line was fitted to.
    step_days : float
        Days between consecutive points (7 for weekly levels).
    """

    basis: str
    origin: pd.Timestamp
    intercept: float
    slope: float
    cov: np.ndarray
    dof: float
    phi: float
    resid_var: float
    points: int
    step_days: float
    #: the values the KPI can take (:func:`kpi_analysis.plan.kind_bounds`); forecasts
    #: and their intervals are cut to them
    bounds: tuple[float, float] = (-math.inf, math.inf)

    def slope_interval(self, alpha: float = 0.05) -> tuple[float, float]:
        """The (1 - alpha) interval of the slope per week."""
        half = _Reference(self.dof).ppf(1 - alpha / 2) * math.sqrt(self.cov[1, 1])
        return self.slope - half, self.slope + half

    def forecast(self, when: Any, *, average_of: float = 1.0, alpha: float = 0.05
                 ) -> tuple[float, float, float, float]:
        """The level forecast at ``when``: ``(estimate, low, high, se)``.

        ``low``/``high`` bound a (1 - alpha) *prediction* interval for a level
        measured over ``average_of`` consecutive points around ``when`` (e.g. 4.35
        weekly points for a month): the uncertainty of the line there plus the
        AR(1) noise of such an average; all three cut to :attr:`bounds` (a count
        never below 0, a share never above 100%).
        """
        estimate, se = self._line(when, average_of)
        half = _Reference(self.dof).ppf(1 - alpha / 2) * se
        low, high = self.bounds
        est, lo, hi = (float(min(max(x, low), high))
                       for x in (estimate, estimate - half, estimate + half))
        return est, lo, hi, se

    def _line(self, when: Any, average_of: float) -> tuple[float, float]:
        """The straight line's value at ``when`` (not cut to the bounds) and the
        standard error of a level averaged over ``average_of`` points there."""
        weeks = (pd.Timestamp(when) - self.origin) / pd.Timedelta(weeks=1)
        x0 = np.array([1.0, weeks])
        estimate = float(self.intercept + self.slope * weeks)
        k = max(1, int(round(average_of)))
        lags = np.arange(1, k)
        noise = self.resid_var * (k + 2 * np.sum((k - lags) * self.phi ** lags)) / k ** 2
        return estimate, float(math.sqrt(x0 @ self.cov @ x0 + noise))

    def p_beyond(self, when: Any, threshold: float, direction: str, *,
                 average_of: float = 1.0) -> float:
        """Probability that the level at ``when`` is at or beyond ``threshold`` in the
        good ``direction`` (the predictive t distribution of :meth:`forecast`)."""
        estimate, se = self._line(when, average_of)
        z = (estimate - threshold) / se
        if direction == "lower_is_better":
            z = -z
        return float(special.stdtr(self.dof, z))


def fit_trend(dates: Any, levels: Any, *, origin: Any, step_days: float = 7.0,
              slope: bool = True) -> Trend:
    """Fit a straight line (or a flat level) to a KPI's levels over time, with
    AR(1)-robust errors.

    Parameters
    ----------
    dates : array-like of dates
        When each level was measured (e.g. the mean date of a week's rows).
    levels : array-like of float
        The KPI's level at each date, in its shown unit.
    origin : date
        Time zero (the start of the after-period); the intercept is the level there.
    step_days : float, default 7
        Days between consecutive points; lags are counted in these steps.
    slope : bool, default True
        False fits a flat level (the mean), the slope fixed at 0.

    Returns
    -------
    Trend

    Raises
    ------
    InputError
        Fewer than 3 points, or no spread in time.

    Notes
    -----
    Least squares of ``level_t = a + b weeks_t + u_t`` (``b = 0`` with
    ``slope=False``). Consecutive weekly levels are
    autocorrelated, and a forecast at a deadline months ahead extrapolates the line,
    where Newey-West (HAC) errors are over-confident on a few dozen points (see
    :mod:`kpi_analysis.analysis.compare`). The covariance is therefore the AR(1) sandwich of
    :func:`kpi_analysis.stats._core.ar1_covariance` (the one the interrupted time series
    uses), with its effective degrees of freedom ``n (1 - phi)/(1 + phi) - 2`` for
    the t quantiles. Points are unweighted: weeks with few items count as much as busy
    weeks. A straight line is an assumption: adoption that levels off (saturation)
    makes the forecast optimistic, so read it again at every review.
    """
    stamps = pd.to_datetime(pd.Series(dates)).reset_index(drop=True)
    y = np.asarray(levels, dtype=float)
    if stamps.size != y.size:
        raise InputError(f"dates and levels must have the same length; got {stamps.size} "
                         f"and {y.size}")
    if y.size < 3 or not np.all(np.isfinite(y)):
        raise InputError(f"levels: a trend needs at least 3 finite levels; got {y.size}")
    origin = pd.Timestamp(origin)
    order = np.argsort(stamps.to_numpy(), kind="stable")
    stamps, y = stamps.iloc[order].reset_index(drop=True), y[order]
    days = ((stamps - origin) / pd.Timedelta(days=1)).to_numpy(dtype=float)
    if slope and np.ptp(days) == 0:
        raise InputError("dates: a trend needs levels at two or more different dates")
    columns = [np.ones_like(days), days / 7][:2 if slope else 1]
    design = np.column_stack(columns)
    k = design.shape[1]
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ beta
    steps = np.round((days - days[0]) / step_days)
    if resid @ resid == 0:
        cov, phi, dof = np.zeros((k, k)), 0.0, max(y.size - float(k), 1.0)
    else:
        cov, phi, dof = _ar1_covariance(design, resid, steps)
    full = np.zeros((2, 2))
    full[:k, :k] = cov
    return Trend("trend" if slope else "level", origin, float(beta[0]),
                 float(beta[1]) if slope else 0.0, full, float(dof), float(phi),
                 float(resid @ resid / max(y.size - k, 1)), int(y.size), float(step_days))


# --- review periods and levels -------------------------------------------------------

def kpi_level(rows: pd.DataFrame, kpi) -> float:
    """The KPI's level over ``rows`` in its shown unit: :func:`kpi_analysis.inputs.measurements.level`,
    with a count that carries its exposure ``n`` pooled like a rate (events per
    ``rate_per`` units of exposure), the way :func:`kpi_analysis.compare_kpis` shows
    it (``data.level`` averages such a count's raw values)."""
    if kpi.kind == "count" and len(rows) and rows["n"].notna().all():
        kpi = kpi.model_copy(update={"kind": "rate"}) if hasattr(kpi, "model_copy") \
            else SimpleNamespace(**{**vars(kpi), "kind": "rate"})
    return _data_level(rows, kpi)


def review_periods(dates: pd.Series, cadence: str) -> pd.Series:
    """The review period (a pandas Period: ISO week Mon-Sun, calendar month or
    quarter) each date falls in."""
    if cadence not in _PERIOD_FREQ:
        raise InputError(f"cadence must be one of {', '.join(map(repr, _PERIOD_FREQ))}; "
                         f"got {cadence!r}")
    return pd.to_datetime(dates).dt.to_period(_PERIOD_FREQ[cadence])


def _phases(data: pd.DataFrame, plan) -> pd.DataFrame:
    """Treatment rows with ``phase``: baseline (as labelled), stabilisation (go-live up
    to the after-period) or after (from then on, also beyond ``after.end``)."""
    missing = [c for c in ("date", "kpi", "value", "period") if c not in data.columns]
    if missing:
        raise InputError(f"data lacks column(s) {missing}; pass the frame of "
                         f"ka.load_measurements (date, kpi, value, n, period)")
    rows = data if "group" not in data.columns else data[data["group"] != "control"]
    rows = rows.assign(date=pd.to_datetime(rows["date"]))
    if "n" not in rows.columns:
        rows = rows.assign(n=np.nan)
    go_live = pd.Timestamp(plan.periods.go_live)
    settled = pd.Timestamp(plan.periods.after_start)
    phase = np.where(rows["period"].astype(str) == "baseline", "baseline",
                     np.where(rows["date"] >= settled, "after",
                              np.where(rows["date"] >= go_live, "stabilisation", "")))
    return rows.assign(phase=phase)[phase != ""]


def _series_rho(rows: pd.DataFrame, keys: pd.Series) -> float:
    """Lag-1 autocorrelation of a one-value-per-date series around its review-period
    means (0 when several values share a date: those are items, not a series)."""
    if len(rows) < 3 or not rows["date"].is_unique:
        return 0.0
    ordered = rows.assign(_key=keys).sort_values("date")
    deviation = ordered["value"] - ordered.groupby("_key")["value"].transform("mean")
    return max(_lag1_autocorrelation(deviation.to_numpy(dtype=float)), 0.0)


def _level_table(rows: pd.DataFrame, kpi, keys: pd.Series, alpha: Any) -> pd.DataFrame:
    """Per review period: rows ``n``, ``level`` (:func:`kpi_level`) and its (1 - alpha)
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
    spacing = _spacing_days(after["date"]) if len(after) > 1 else 7
    freq, step = {30: ("M", 30.4375), 91: ("Q-DEC", 91.3125)}.get(spacing, ("W-SUN", 7.0))
    bucket = after["date"].dt.to_period(freq).dt.start_time.rename("_bucket")
    grouped = after.groupby([keys.rename("_key"), bucket], sort=True)
    points = grouped["date"].agg(lambda d: d.mean()).rename("date").to_frame()
    points["level"] = grouped.apply(lambda g: kpi_level(g, kpi), include_groups=False)
    return points.reset_index().assign(step_days=step)


def _forecaster(points: pd.DataFrame, origin: pd.Timestamp, alpha: float
                ) -> tuple[Trend, Trend]:
    """The fitted line and the model the forecast uses: the line when its slope's
    interval excludes 0, else the flat level with the line's uncertainty (the slope
    may still be anywhere in its interval)."""
    step = float(points["step_days"].iat[0])
    line = fit_trend(points["date"], points["level"], origin=origin, step_days=step)
    low, high = line.slope_interval(alpha)
    if low > 0 or high < 0:
        return line, line
    flat = fit_trend(points["date"], points["level"], origin=origin, step_days=step,
                     slope=False)
    return line, replace(line, basis="level", intercept=flat.intercept, slope=0.0)


def kpi_trend(data: pd.DataFrame, plan, kpi_id: str, *, as_of: Any = None,
              alpha: float = 0.05) -> Trend | None:
    """The model :func:`progress` (monthly reviews) forecasts a KPI with at its latest
    review (or at ``as_of``): a :class:`Trend` whose ``forecast(date)`` and
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
    rows = _cut(_phases(data, plan), as_of)
    after = rows[(rows["kpi"] == kpi.id) & (rows["phase"] == "after")]
    if after.empty:
        return None
    points = _trend_points(after, kpi, review_periods(after["date"], "monthly").rename("_key"))
    if len(points) < MIN_TREND_POINTS:
        return None
    trend = _forecaster(points, pd.Timestamp(plan.periods.after_start), alpha)[1]
    return replace(trend, bounds=kind_bounds(kpi.kind))


def _data_until(rows: pd.DataFrame) -> pd.Timestamp:
    """The last day the rows cover: the last date, plus the rest of its week, month or
    quarter when the KPI is measured weekly, monthly or quarterly (a weekly level
    dated Monday covers that week). A review period ending after it is partial."""
    last = pd.Timestamp(rows["date"].max()).normalize()
    spacing = _spacing_days(rows["date"]) if rows["date"].nunique() > 1 else 1
    if spacing == 7:
        return last + pd.Timedelta(days=6)
    if spacing in (30, 91):
        return last.to_period("M" if spacing == 30 else "Q-DEC").end_time.normalize()
    return last


#: a review period is partial when its data end more than this share of it (and more
#: than a weekend) before its end: data ending on the 3rd of a month is partial, a
#: month whose last weekly level covers up to the 27th is not
PARTIAL_SHARE, PARTIAL_MIN_DAYS = 0.1, 2


def _is_partial(start: pd.Series, end: pd.Series, until: pd.Timestamp) -> pd.Series:
    days = (end - start).dt.days + 1
    gap = (end - until).dt.days
    return gap > np.maximum(PARTIAL_SHARE * days, PARTIAL_MIN_DAYS)


def _cut(rows: pd.DataFrame, as_of: Any) -> pd.DataFrame:
    """Rows dated up to and including the day ``as_of`` (all when None)."""
    if as_of is None:
        return rows
    try:
        cut = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        raise InputError(f"as_of must be a date (YYYY-MM-DD); got {as_of!r}") from None
    if pd.isna(cut):
        raise InputError(f"as_of must be a date (YYYY-MM-DD); got {as_of!r}")
    return rows[rows["date"] < cut.normalize() + pd.Timedelta(days=1)]


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
    base = rows[rows["phase"] == "baseline"]
    baseline = kpi_level(base, kpi)
    live = rows[rows["phase"] != "baseline"]
    columns = {c: [] for c in PROGRESS_COLUMNS}
    if live.empty:
        return pd.DataFrame(columns)
    keys = review_periods(live["date"], cadence).rename("_key")
    looks = _looks(live, keys)
    table = _level_table(live, kpi, keys, _look_alphas(looks, alpha, alpha))
    has_after = live["phase"].eq("after").groupby(keys).any()
    table["phase"] = np.where(has_after.reindex(table.index), "after", "stabilisation")
    periods = table.index
    # the first review period starts at go-live (earlier rows are the baseline's or none)
    table["period_start"] = np.maximum(periods.start_time.normalize(),
                                       pd.Timestamp(plan.periods.go_live))
    table["period_end"] = periods.end_time.normalize()
    until = _data_until(live) if until is None else until
    after_rows = live[live["phase"] == "after"]
    points = _trend_points(after_rows, kpi, keys[live["phase"] == "after"]) \
        if len(after_rows) else pd.DataFrame(columns=["_key", "date", "level", "step_days"])

    goal = target_of(kpi)
    target = math.nan if goal is None else goal.level(baseline)
    deadline = goal.deadline if goal is not None else None
    deadline = deadline or (plan.goal.deadline if goal is not None else None)
    direction = kpi.direction
    out = pd.DataFrame({
        "kpi": kpi.id, "name": kpi.name, "unit": kpi.unit, "success_level": kpi.level,
        "direction": direction, "cadence": cadence,
        "review_date": table["period_end"].to_numpy(), "period_start": table["period_start"],
        "period_end": table["period_end"], "phase": table["phase"],
        "partial": _is_partial(table["period_start"], table["period_end"], until),
        "data_until": np.minimum(table["period_end"], until), "n": table["n"],
        "level": table["level"], "ci_low": table["ci_low"], "ci_high": table["ci_high"],
        "baseline": baseline,
    }).reset_index(drop=True)
    low_bound, high_bound = kind_bounds(kpi.kind)
    out[["ci_low", "ci_high"]] = out[["ci_low", "ci_high"]].clip(low_bound, high_bound)
    usable = math.isfinite(baseline) and baseline != 0
    out["change_pct"] = 100 * (out["level"] - baseline) / abs(baseline) if usable else math.nan
    out["target"] = target
    out["deadline"] = pd.Timestamp(deadline) if deadline else pd.NaT
    sign = 1.0 if direction == "lower_is_better" else -1.0
    out["gap"] = sign * (out["level"] - target)
    out["target_met"] = _target_met_sequential(out, looks, base, kpi, alpha)
    out.loc[out["partial"].to_numpy(dtype=bool), "target_met"] = None
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
            line, trend = _forecaster(used, origin, alpha)
            trend = replace(trend, bounds=(low_bound, high_bound))
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
            p = trend.p_beyond(deadline, target, direction, average_of=average_of)
            trend_cols["forecast_at_deadline"][i] = est
            trend_cols["forecast_low"][i], trend_cols["forecast_high"][i] = low, high
            trend_cols["p_meet_target"][i] = p
            on_track[i] = bool(p >= 0.5)
            status[i] = "on track" if p >= 0.5 else "off track"
    out["trend_points"] = trend_points
    for column, values in trend_cols.items():
        out[column] = values
    out["forecast_basis"] = pd.Series(basis, dtype=object)
    out["on_track"] = pd.Series(on_track, dtype=object)
    out["status"] = status
    out["look"] = looks
    out["look_alpha"] = _look_alphas(looks, alpha, np.nan)
    return out[PROGRESS_COLUMNS]


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
                             (:func:`kpi_level`: mean, percent, or events per
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
    The trend is fitted with :func:`fit_trend` at every review to the weekly levels
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
    see :func:`fit_trend`.

    Every review looks again, so "target met" spends the significance level over
    the reviews (:mod:`kpi_analysis.stats.sequential`): with no true effect and the
    target at the baseline level, the chance of any false "target met" over 12
    monthly reviews stays at most alpha (``tests/test_sequential.py``,
    ``bench/bench_sequential.py``). ``on_track`` is a forecast with its
    probability, not a claim of an achieved change, and is not adjusted.

    Examples
    --------
    >>> import kpi_analysis as ka
    >>> from kpi_analysis.run.report import SAMPLES
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
    rows = _cut(_phases(data, plan), as_of)
    by_kpi = dict(tuple(rows.groupby("kpi", sort=False)))
    # how far the data reach: the KPI measured longest (one KPI's items ending on a
    # Friday do not make the month partial when the others cover the weekend)
    until = max((_data_until(part) for part in by_kpi.values()), default=None)
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


# --- the dashboard export --------------------------------------------------------------

def export_progress_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`progress`'s frame as a tidy CSV for dashboards, atomically.

    One row per KPI per review period, the columns of :data:`PROGRESS_COLUMNS` in
    that order (documented in :func:`progress`), so Power BI, Looker Studio or Excel
    read it without reshaping:

    ============ ===================================================================
    encoding     UTF-8, comma separated, one header row, ``\\n`` line ends
    dates        ISO ``YYYY-MM-DD`` (review_date, period_start, period_end, data_until,
                 deadline)
    numbers      decimal point ``.``, no thousands separator, full precision
    booleans     ``true`` / ``false`` (partial, target_met, on_track)
    missing      an empty cell (no target, not judged yet, no forecast)
    status       machine codes: 'on track', 'off track', 'stabilisation', 'partial
                 period', 'too little data', 'deadline passed', 'no target',
                 'no deadline'
    text         a cell a spreadsheet would run as a formula (starting with ``=``,
                 ``+``, ``-``, ``@``, tab, CR; e.g. a KPI name) gets a leading ``'``
    ============ ===================================================================

    In Excel use *Data > From Text/CSV* (file origin UTF-8, delimiter comma), so a
    Dutch locale does not read ``2.5`` as a date or as 25. A chart of ``level``
    against ``review_date`` per ``kpi``, with ``target`` as a line and
    ``forecast_low``..``forecast_high`` as a band, is the progress view.

    Parameters
    ----------
    frame : DataFrame
        As returned by :func:`progress`.
    path : str or Path
        The CSV file to write (folders are made); written via a temporary file and a
        rename, so a reader never sees half a file.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    InputError
        When ``frame`` lacks any of the columns.
    """
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"frame must be the DataFrame of progress(); got "
                         f"{type(frame).__name__}")
    missing = [c for c in PROGRESS_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"frame lacks the progress column(s) {', '.join(missing)}; pass "
                         f"the frame returned by progress()")
    out = frame[PROGRESS_COLUMNS].copy()
    for column in _DATE_COLUMNS:
        out[column] = pd.to_datetime(out[column]).dt.strftime("%Y-%m-%d")
    for column in _BOOL_COLUMNS:
        out[column] = out[column].map({True: "true", False: "false"}).astype(object)
    return write_csv_atomic(out, path, na_rep="", float_format="%.12g")


def progress_records(frame: pd.DataFrame) -> list[dict]:
    """The frame as JSON-ready records (ISO dates, None for missing), for results.json."""
    out = frame.copy()
    for column in _DATE_COLUMNS:
        if column in out.columns:
            out[column] = pd.to_datetime(out[column]).dt.strftime("%Y-%m-%d")
    records = out.astype(object).where(out.notna(), None).to_dict(orient="records")
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()}
            for r in records]


# --- words ------------------------------------------------------------------------------

def _period_name(row, lang: str) -> str:
    """The period's dates; a partial period up to its last day of data."""
    start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    if row.get("partial") is True:
        return _t("period.partial", lang, start=fmt_date(start, lang),
                  until=fmt_date(row["data_until"], lang), end=fmt_date(end, lang))
    return f"{fmt_date(start, lang)} - {fmt_date(end, lang)}"


def progress_sentence(row, kpi, lang: str) -> str:
    """Two plain sentences for one :func:`progress` row: the level with its interval,
    then the verdict toward the target with the forecast and its probability.

    User text (the KPI's name and unit) is returned as it is; escape it for HTML.
    """
    row = dict(row)
    unit = kpi.unit
    judged = (row.get("look") or 0) > 0
    text = _t("sentence.level_seq" if judged else "sentence.level", lang, name=kpi.name, level=fmt_value(row["level"], lang),
              unit=unit, period=_period_name(row, lang), low=fmt_value(row["ci_low"], lang),
              high=fmt_value(row["ci_high"], lang))
    if row["status"] == "no target":
        return text
    target = f"{fmt_value(row['target'], lang)} {unit}"
    if row["status"] in ("on track", "off track"):
        key = "sentence.on_track" if row["status"] == "on track" else "sentence.off_track"
        text += " " + _t(key, lang, forecast=fmt_value(row["forecast_at_deadline"], lang),
                         unit=unit, deadline=fmt_date(row["deadline"], lang),
                         f_low=fmt_value(row["forecast_low"], lang),
                         f_high=fmt_value(row["forecast_high"], lang), target=target,
                         p=chance(row["p_meet_target"], lang))
        if row["target_met"] is True:
            text += " " + _t("sentence.met", lang, target=target)
        return text
    if row["status"] == "deadline passed" and row["target_met"] is not None:
        key = "sentence.deadline_met" if row["target_met"] else "sentence.deadline_missed"
        return text + " " + _t(key, lang, deadline=fmt_date(row["deadline"], lang),
                               target=target)
    return text + " " + _t("sentence.not_judged", lang, target=target,
                           status=_t(f"status.{row['status']}", lang))


def status_label(status: str, lang: str) -> str:
    """A :data:`STATUSES` code in words."""
    if status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(map(repr, STATUSES))}; "
                         f"got {status!r}")
    return _t(f"status.{status}", lang)
