"""Shared internals of the statistics modules (a private module: its names are for
:mod:`kpi_analysis.stats` and the analysis package, not for users).

* argument checks: :func:`check_choice`, :func:`check_alpha`, :func:`finite_number`,
  :func:`whole_count`, :func:`as_sample`; :func:`one_row` builds the tidy result row;
* small statistics: :func:`mean_sd` (two-pass), :func:`lag1_autocorrelation` (NIST's
  r(1)), Hedges' g, :func:`percent`;
* the reference distribution (Student t or normal, :class:`Reference`, :data:`NORMAL`)
  with :func:`pvalue` and the Wald-type :func:`interval`;
* time: :func:`time_index` (dates to natural periods);
* robust covariances: Newey-West with prewhitening (:func:`hac_covariance`) and the
  AR(1) working-correlation sandwich (:func:`ar1_covariance`);
* the Wilson score interval of one proportion (:func:`wilson`).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from ..errors import InputError

ALTERNATIVES = ("two-sided", "greater", "less")
#: prewhitening coefficients are shrunk so that I - A stays invertible
MAX_PREWHITEN_ROOT = 0.97


# --------------------------------------------------------------------------- checks
def check_choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InputError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value


def check_alpha(alpha: Any, name: str = "alpha") -> float:
    if not isinstance(alpha, (int, float, np.floating)) or isinstance(alpha, bool) \
            or not 0 < float(alpha) < 1:
        raise InputError(f"{name} must be a number strictly between 0 and 1; got {alpha!r}")
    return float(alpha)


def finite_number(name: str, value: Any, *, positive: bool = False,
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


def whole_count(name: str, value: Any) -> int:
    number = finite_number(name, value, nonnegative=True)
    if number != round(number):
        raise InputError(f"{name} must be a whole number of events or successes; got {value!r}")
    return int(round(number))


def as_sample(name: str, values: Any, min_n: int = 2) -> np.ndarray:
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


def one_row(**columns: Any) -> pd.DataFrame:
    return pd.DataFrame([columns])

# ---------------------------------------------------------------- small statistics
def mean_sd(x: np.ndarray) -> tuple[float, float]:
    """Mean and sample standard deviation (n - 1), two-pass: sum of squared deviations
    from the mean, never the cancellation-prone sum of squares minus squared sum."""
    mean = float(np.mean(x))
    deviations = x - mean
    return mean, float(np.sqrt(deviations @ deviations / (x.size - 1)))


def lag1_autocorrelation(x: np.ndarray) -> float:
    """NIST's r(1): sum (x_t - m)(x_{t-1} - m) / sum (x_t - m)^2 (0 for a constant series)."""
    deviations = x - np.mean(x)
    denominator = deviations @ deviations
    return 0.0 if denominator == 0 else float(deviations[1:] @ deviations[:-1] / denominator)



def hedges_correction(dof: float) -> float:
    """Exact small-sample factor J = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2))."""
    return float(np.exp(special.gammaln(dof / 2) - 0.5 * np.log(dof / 2)
                        - special.gammaln((dof - 1) / 2)))


def hedges_g(diff: float, sd_before: float, sd_after: float, n_before: int,
             n_after: int) -> float:
    """Hedges' g: the difference over the pooled sd, times J(n_before + n_after - 2)."""
    dof = n_before + n_after - 2
    pooled = np.sqrt(((n_before - 1) * sd_before ** 2 + (n_after - 1) * sd_after ** 2) / dof)
    return float(diff / pooled * hedges_correction(dof))


class Reference:
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


NORMAL = Reference()


def pvalue(statistic: float, alternative: str, dist: Any) -> float:
    if alternative == "greater":
        return float(dist.sf(statistic))
    if alternative == "less":
        return float(dist.cdf(statistic))
    return float(min(1.0, 2 * dist.sf(abs(statistic))))


def interval(estimate: float, se: float, alternative: str, alpha: float,
             dist: Any) -> tuple[float, float]:
    """Wald-type interval; one-sided alternatives give one-sided intervals, as in R."""
    if alternative == "two-sided":
        half = dist.ppf(1 - alpha / 2) * se
        return estimate - half, estimate + half
    half = dist.ppf(1 - alpha) * se
    return (estimate - half, math.inf) if alternative == "greater" else (-math.inf, estimate + half)

def percent(change: float, baseline: float) -> float:
    return math.nan if baseline == 0 else 100 * change / abs(baseline)

# ---------------------------------------------------------- time and robust errors
def time_index(values: Any) -> np.ndarray:
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


def hac_covariance(scores: np.ndarray, bread: np.ndarray, maxlags: int | None,
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


def ar1_covariance(weighted_design: np.ndarray, pearson: np.ndarray,
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

def wilson(x: int, n: int, z: float, correction: bool) -> tuple[float, float]:
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
