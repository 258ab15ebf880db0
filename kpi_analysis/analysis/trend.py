"""The post-go-live trend of a KPI: a straight line (or a flat level) through its
levels with AR(1)-robust errors (:func:`fit_trend`), the forecast it makes at a date
with a prediction interval and the chance of being beyond a threshold
(:class:`Trend`), and which of the two a forecast uses (:func:`forecast_model`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from ..errors import InputError
from ..stats._core import ar1_covariance as _ar1_covariance, Reference as _Reference

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


def forecast_model(points: pd.DataFrame, origin: pd.Timestamp, alpha: float
                   ) -> tuple[Trend, Trend]:
    """The fitted line to ``points`` (columns ``date``, ``level``, ``step_days``) and the
    model the forecast uses: the line when its slope's
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
