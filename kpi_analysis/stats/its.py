"""Interrupted time series (segmented regression) and difference-in-differences.

An interrupted time series compares what a KPI did after go-live with what its own
pre-go-live trend (and season) predicts it would have done: the *counterfactual*.
It separates a real change from a trend that was already under way, which a plain
before/after comparison cannot.

* :func:`its` fits the segmented regression (level change and slope change at the
  intervention) for a Gaussian KPI or for counts (Poisson, with an exposure offset)
  and returns an :class:`ItsResult`.
* :func:`did` compares a treated series with a control series (an unchanged
  process, a location without the tool): the change in their gap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.genmod.families import Poisson
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.regression.linear_model import OLS

from ..errors import InputError
from ._core import (ALTERNATIVES, NORMAL, Reference, ar1_covariance, check_alpha, check_choice,
                    hac_covariance, interval, lag1_autocorrelation, newey_west_lags, pvalue,
                    time_index)
from .series import compare_series, fourier_terms

__all__ = ["its", "ItsResult", "did"]

FAMILIES = ("gaussian", "poisson")
SE_TYPES = ("hac", "ar1", "nw", "model")
#: fewest time points on each side of the intervention
MIN_SIDE = 3


@dataclass(frozen=True)
class ItsResult:
    """The fitted interrupted time series.

    Attributes
    ----------
    summary : pandas.DataFrame
        Indexed ``'level_change'`` (and ``'slope_change'`` when fitted), columns
        ``estimate``, ``ci_low``, ``ci_high``, ``p_val``, ``se`` and
        ``statistic`` (``se`` and ``statistic`` on the model's scale: the
        coefficient and its z or t value). For ``family='poisson'`` the estimate
        and interval are rate ratios (exp of the coefficient).
    counterfactual : pandas.DataFrame
        One row per time point from the intervention on: the time column,
        ``observed``, ``fitted`` (with the change) and ``counterfactual`` (the
        pre-intervention trend and season carried on, no change). Poisson values
        are expected counts at each row's exposure.
    model : statsmodels results
        The fitted ``OLS`` or ``GLM`` results (point estimates; their own
        standard errors are the model-based ones).
    cov : pandas.DataFrame
        The covariance matrix behind ``summary`` (``se`` type below).
    family, se : str
        As passed.
    maxlags : int
        Bartlett bandwidth used (0 for ``se='ar1'`` and ``se='model'``).
    n_before, n_after : int
        Time points before and from the intervention.
    autocorrelation : float
        Lag-1 autocorrelation (NIST r(1)) of the Pearson residuals, a diagnostic:
        well above 0 means plain model-based intervals would be too narrow.
    """

    summary: pd.DataFrame
    counterfactual: pd.DataFrame
    model: Any
    cov: pd.DataFrame
    family: str
    se: str
    maxlags: int
    n_before: int
    n_after: int
    autocorrelation: float


def _column(data: pd.DataFrame, name: Any, role: str) -> pd.Series:
    if name not in data.columns:
        raise InputError(f"{role}={name!r} is not a column of data; columns are "
                         f"{list(data.columns)}")
    return data[name]


def _numeric(series: pd.Series, role: str, *, positive: bool = False,
             nonnegative: bool = False) -> np.ndarray:
    try:
        values = series.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{role} column {series.name!r} must be numeric") from None
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise InputError(f"{role} column {series.name!r} has missing or infinite values "
                         f"in {bad.size} row(s), e.g. row {series.index[bad[0]]!r}")
    if positive and np.any(values <= 0):
        raise InputError(f"{role} column {series.name!r} must be > 0; got "
                         f"{float(values[values <= 0][0])!r}")
    if nonnegative and np.any(values < 0):
        raise InputError(f"{role} column {series.name!r} must be >= 0 for family='poisson'; "
                         f"got {float(values[values < 0][0])!r}")
    return values


def _time_with_intervention(times: pd.Series, intervention: Any) -> tuple[np.ndarray, float]:
    """Numeric time of every row and of the intervention on one common scale."""
    if pd.api.types.is_datetime64_any_dtype(times):
        try:
            moment = pd.Timestamp(intervention)
        except (TypeError, ValueError):
            raise InputError(f"intervention must be a date when time holds dates; got "
                             f"{intervention!r}") from None
        combined = pd.concat([times, pd.Series([moment])], ignore_index=True)
    else:
        combined = pd.concat([times, pd.Series([intervention])], ignore_index=True)
    index = time_index(combined)
    return index[:-1], float(index[-1])


def _fourier(t: np.ndarray, period: float, harmonics: int) -> dict[str, np.ndarray]:
    columns = fourier_terms(t, period, harmonics)
    return {f"{name}{k + 1}": columns[:, 2 * k + j] for k in range(harmonics)
            for j, name in enumerate(("sin", "cos"))}


def its(data: pd.DataFrame, *, time: str, outcome: str, intervention: Any,
        exposure: str | None = None, family: str = "gaussian",
        season_period: float | None = None, harmonics: int = 0,
        slope_change: bool = True, se: str = "hac", maxlags: int | None = None,
        alpha: float = 0.05) -> ItsResult:
    """Fit an interrupted time series (segmented regression) around an intervention.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per time point.
    time : str
        Column of period numbers or dates. Dates are turned into periods: calendar
        months (or quarters, years) when about a month apart, else days divided by
        their typical spacing (weeks for weekly data); gaps stay gaps.
    outcome : str
        Column with the KPI (counts for ``family='poisson'``).
    intervention : number or date
        The first time value under the change (go-live, or the first day after
        the stabilisation window). Rows with time >= intervention are "after".
    exposure : str, optional
        Column used as the log offset of the Poisson model (population, invoices
        handled, opening hours); the model is then for the rate.
    family : {'gaussian', 'poisson'}
        Linear model for a continuous KPI, log-linear Poisson model for counts.
    season_period : float, optional
        Length of the seasonal cycle in periods (12 for monthly data, 7 for daily).
    harmonics : int
        Number of Fourier sine/cosine pairs of ``season_period`` (at most
        (season_period - 1) / 2; ``season_period/2`` pairs would be collinear).
    slope_change : bool
        Also fit a change in slope; ``False`` fits the level change alone.
    se : {'hac', 'ar1', 'nw', 'model'}
        ``'hac'`` (default): Newey-West (Bartlett) with VAR(1) prewhitening of the
        scores (Andrews & Monahan 1992), robust to autocorrelation of unknown form
        and, for counts, to overdispersion; best for long series. ``'ar1'``: a
        sandwich under an AR(1) working correlation with an estimated dispersion
        (see Notes); far less variable for short series, where any HAC estimate
        of an extrapolated level change is over-confident. ``'nw'``: statsmodels'
        plain Newey-West. ``'model'``: classical standard errors: OLS for Gaussian,
        quasi-Poisson (Pearson dispersion) for Poisson, as R's
        ``glm(family = quasipoisson)`` with ``Epi::ci.exp``.
    maxlags : int, optional
        Bartlett bandwidth; default the Newey-West (1994) rule
        ``floor(4 (n/100)^(2/9))`` (3 for five years of months, 6 for two years
        of days). Prewhitening does most of the work, so a short bandwidth is
        enough.
    alpha : float
        1 - confidence level.

    Returns
    -------
    ItsResult
        ``summary``, ``counterfactual``, the fitted ``model`` and more; see
        :class:`ItsResult`.

    Notes
    -----
    With :math:`T_0` the intervention and :math:`P_t = [t \\ge T_0]`, the model is

    .. math:: g(\\mu_t) = \\beta_0 + \\beta_1 (t - T_0) + \\beta_2 P_t
              + \\beta_3 P_t (t - T_0) + \\sum_{k} [\\gamma_k \\sin(2\\pi k t/L)
              + \\delta_k \\cos(2\\pi k t/L)] (+ \\log E_t)

    with g the identity (Gaussian) or log (Poisson). :math:`\\beta_2` is the level
    change: the jump at :math:`T_0` between the fitted line and the
    counterfactual (a rate ratio :math:`e^{\\beta_2}` for Poisson);
    :math:`\\beta_3` is the change in slope per period. The counterfactual sets
    :math:`\\beta_2 = \\beta_3 = 0`. Gaussian intervals use t with n - k degrees of
    freedom, Poisson intervals the normal distribution; with ``se='ar1'`` both use
    t with the effective :math:`n(1-\\phi)/(1+\\phi) - k` degrees of freedom.

    ``se='ar1'`` takes :math:`\\mathrm{Cov}(y) = \\kappa W^{1/2} R W^{1/2}` with
    :math:`R_{ij} = \\phi^{|t_i - t_j|}` (W = I, or diag(mu) for Poisson),
    :math:`\\phi` the lag-1 autocorrelation of the Pearson residuals (floored at 0,
    capped at 0.95) and :math:`\\kappa` the dispersion, and uses the sandwich
    :math:`\\kappa B X'W^{1/2}RW^{1/2}X B`, :math:`B = (X'WX)^{-1}`.
    False-positive rates of the level change at alpha = 0.05 measured by
    simulation (1000 series each, ``bench/bench_stats.py``): daily AR(1) phi = 0.5
    with a weekly cycle, 84 + 84 days: 'ar1' 6.4%, 'hac' 7.9%, 'nw' 13.3%, 'model'
    25.8%; iid Poisson counts, 30 + 30 days: 'ar1' 4.3%, 'hac' 13.8%, 'nw' 13.6%,
    'model' 5.6%. Robust (sandwich) errors of a level change extrapolated from a
    few dozen points are themselves noisy; prefer 'ar1' for short series.

    References
    ----------
    Wagner, A. K. et al. (2002). Segmented regression analysis of interrupted time
    series studies in medication use research. J. Clin. Pharm. Ther. 27, 299-309.
    Lopez Bernal, J., Cummins, S. & Gasparrini, A. (2017). Interrupted time series
    regression for the evaluation of public health interventions: a tutorial.
    Int. J. Epidemiol. 46, 348-355.
    Newey, W. K. & West, K. D. (1994). Rev. Econ. Stud. 61, 631-653.
    Andrews, D. W. K. & Monahan, J. C. (1992). Econometrica 60, 953-966.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from kpi_analysis.stats.its import its
    >>> rng = np.random.default_rng(0)
    >>> t = np.arange(48)
    >>> y = 20 + 0.1 * t - 3 * (t >= 24) + rng.normal(0, 1, 48)
    >>> res = its(pd.DataFrame({"month": t, "lead_time": y}), time="month",
    ...           outcome="lead_time", intervention=24)
    >>> list(res.summary.index)
    ['level_change', 'slope_change']
    >>> bool(res.summary.loc["level_change", "ci_high"] < 0)
    True
    """
    alpha = _check_options(data, family=family, se=se, alpha=alpha, slope_change=slope_change,
                           season_period=season_period, harmonics=harmonics,
                           exposure=exposure, maxlags=maxlags)
    frame = data.sort_values(_column(data, time, "time").name, kind="stable")
    y = _numeric(_column(frame, outcome, "outcome"), "outcome", nonnegative=family == "poisson")
    t, t0 = _time_with_intervention(frame[time].reset_index(drop=True), intervention)
    if np.any(np.diff(t) == 0):
        raise InputError(f"time column {time!r} has duplicate values; ITS needs one row per "
                         "period (aggregate first)")
    post = (t >= t0).astype(float)
    n_after = int(post.sum())
    n_before = t.size - n_after
    if min(n_before, n_after) < MIN_SIDE:
        raise InputError(f"intervention={intervention!r} leaves {n_before} time point(s) before "
                         f"and {n_after} from it; ITS needs at least {MIN_SIDE} on each side")
    design = _design(t, t0, post, slope_change, season_period, harmonics)

    if family == "poisson" and (y[post == 0].sum() == 0 or y[post == 1].sum() == 0):
        raise InputError(f"outcome column {outcome!r} has no events on one side of the "
                         "intervention; a level change (rate ratio) is not estimable")
    offset = None
    if exposure is not None:
        offset = np.log(_numeric(_column(frame, exposure, "exposure"), "exposure", positive=True))
    if family == "gaussian":
        model = OLS(y, design).fit()
    else:
        model = GLM(y, design, family=Poisson(), offset=offset).fit()
    mean = model.fittedvalues.to_numpy()
    if np.sum((y - mean) ** 2) <= 1e-20 * max(np.sum((y - y.mean()) ** 2), np.finfo(float).tiny):
        raise InputError(f"outcome column {outcome!r} is fitted exactly by the model (zero "
                         "residual variance); there is no uncertainty to estimate")
    cov, dist, lags = _covariance(se, model, design.to_numpy(), y, mean, t, family, maxlags)
    cov = pd.DataFrame(cov, index=design.columns, columns=design.columns)
    after = post == 1
    counterfactual = pd.DataFrame({
        time: frame[time].to_numpy()[after],
        "observed": y[after],
        "fitted": mean[after],
        "counterfactual": _counterfactual(design, model, offset, family)[after],
    })
    weights = np.ones_like(mean) if family == "gaussian" else mean
    return ItsResult(summary=_summary(model, cov, family, alpha, dist),
                     counterfactual=counterfactual, model=model, cov=cov,
                     family=family, se=se, maxlags=lags, n_before=n_before, n_after=n_after,
                     autocorrelation=lag1_autocorrelation((y - mean) / np.sqrt(weights)))


def _check_options(data: Any, *, family: str, se: str, alpha: Any, slope_change: Any,
                   season_period: Any, harmonics: Any, exposure: Any, maxlags: Any) -> float:
    """The arguments of :func:`its` other than the columns checked; returns alpha."""
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    check_choice("family", family, FAMILIES)
    check_choice("se", se, SE_TYPES)
    alpha = check_alpha(alpha)
    if not isinstance(slope_change, bool):
        raise InputError(f"slope_change must be True or False; got {slope_change!r}")
    if isinstance(harmonics, bool) or not isinstance(harmonics, (int, np.integer)) or harmonics < 0:
        raise InputError(f"harmonics must be a whole number >= 0; got {harmonics!r}")
    if harmonics and season_period is None:
        raise InputError(f"harmonics={harmonics} needs season_period (e.g. 12 for months)")
    if harmonics and (not np.isfinite(season_period) or harmonics > (season_period - 1) / 2):
        raise InputError(f"harmonics must be at most (season_period - 1) / 2 = "
                         f"{(season_period - 1) / 2:g} for season_period={season_period!r}; "
                         f"got {harmonics}")
    if exposure is not None and family != "poisson":
        raise InputError("exposure is the log offset of family='poisson'; for a Gaussian "
                         "KPI pass the rate itself as outcome")
    if maxlags is not None and (isinstance(maxlags, bool) or maxlags < 0
                                or not isinstance(maxlags, (int, np.integer))):
        raise InputError(f"maxlags must be a whole number >= 0; got {maxlags!r}")
    return alpha


def _design(t: np.ndarray, t0: float, post: np.ndarray, slope_change: bool,
            season_period: float | None, harmonics: int) -> pd.DataFrame:
    """The segmented-regression design (see :func:`its`), checked for estimability."""
    terms = {"const": np.ones_like(t), "trend": t - t0, "level_change": post}
    if slope_change:
        terms["slope_change"] = post * (t - t0)
    terms.update(_fourier(t, float(season_period or 1), harmonics))
    design = pd.DataFrame(terms)
    n, k = design.shape
    if n - k < 2:
        raise InputError(f"data has {n} time points, too few for the {k} model terms")
    if np.linalg.matrix_rank(design.to_numpy()) < k:
        raise InputError(f"the model terms {list(design.columns)} are collinear on these time "
                         "points (e.g. more harmonics than distinct positions in the season "
                         "allow); use fewer harmonics")
    return design


def _summary(model: Any, cov: pd.DataFrame, family: str, alpha: float,
             dist: Any) -> pd.DataFrame:
    """The level (and slope) change rows of :attr:`ItsResult.summary`."""
    rows = {}
    for term in [name for name in ("level_change", "slope_change") if name in cov.columns]:
        coef, error = float(model.params[term]), float(np.sqrt(cov.loc[term, term]))
        low, high = interval(coef, error, "two-sided", alpha, dist)
        statistic = coef / error
        transform = np.exp if family == "poisson" else (lambda value: value)
        rows[term] = dict(estimate=float(transform(coef)), ci_low=float(transform(low)),
                          ci_high=float(transform(high)),
                          p_val=pvalue(statistic, "two-sided", dist), se=error,
                          statistic=statistic)
    return pd.DataFrame.from_dict(rows, orient="index")


def _counterfactual(design: pd.DataFrame, model: Any, offset: np.ndarray | None,
                    family: str) -> np.ndarray:
    """The fit with the level and slope change set to 0, on the outcome's scale."""
    no_change = design.copy()
    no_change[[c for c in ("level_change", "slope_change") if c in design.columns]] = 0.0
    linear = no_change.to_numpy() @ model.params.to_numpy() + (0 if offset is None else offset)
    return np.exp(linear) if family == "poisson" else linear


def _covariance(se: str, model: Any, design: np.ndarray, y: np.ndarray, mean: np.ndarray,
                t: np.ndarray, family: str, maxlags: int | None) -> tuple[np.ndarray, Any, int]:
    """Coefficient covariance, reference distribution and bandwidth for ``se``."""
    n, k = design.shape
    weights = np.ones_like(mean) if family == "gaussian" else mean
    lags = newey_west_lags(n) if maxlags is None else int(maxlags)
    default_dist = Reference(n - k) if family == "gaussian" else NORMAL
    if se == "ar1":
        root = np.sqrt(weights)
        cov, _, dof = ar1_covariance(design * root[:, None], (y - mean) / root, t)
        return cov, Reference(dof), 0
    if se == "hac":
        bread = np.linalg.inv(design.T @ (design * weights[:, None]))
        return hac_covariance(design * (y - mean)[:, None], bread, lags), default_dist, lags
    if se == "nw":
        robust = model.model.fit(cov_type="HAC", cov_kwds={"maxlags": lags}) \
            if family == "poisson" else model.get_robustcov_results(
                cov_type="HAC", maxlags=lags, use_correction=True)
        return np.asarray(robust.cov_params()), default_dist, lags
    classical = model if family == "gaussian" else model.model.fit(scale="X2")
    return np.asarray(classical.cov_params()), default_dist, 0


def did(data: pd.DataFrame, *, time: str, outcome: str, group: str, treated: Any,
        intervention: Any, season_period: int | None = None, maxlags: int | None = None,
        alternative: str = "two-sided", alpha: float = 0.05) -> pd.DataFrame:
    """Difference-in-differences of a treated and a control series.

    Parameters
    ----------
    data : pandas.DataFrame
        Long format: one row per time point per group.
    time : str
        Column of period numbers or dates (as in :func:`its`).
    outcome : str
        Column with the KPI.
    group : str
        Column naming the series; exactly two distinct values.
    treated : object
        The value of ``group`` that marks the series that got the change; the
        other value is the control.
    intervention : number or date
        First time value under the change; earlier rows are "before".
    season_period : int, optional
        Adjust the gap for a cycle of this many periods (see
        :func:`kpi_analysis.stats.series.compare_series`).
    maxlags : int, optional
        Bartlett bandwidth after prewhitening (default Newey-West rule).
    alternative : {'two-sided', 'greater', 'less'}
        ``'greater'``: the treated series gained relative to the control.
    alpha : float
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        The row of :func:`kpi_analysis.stats.series.compare_series` applied to the gap
        ``treated - control`` at the time points both series have: ``test`` is
        'did-hac', ``mean_before``/``mean_after`` are the mean gaps, ``diff`` is
        the difference-in-differences estimate with its interval and p-value.

    Notes
    -----
    The classic 2x2 regression :math:`y_{gt} = \\alpha + \\beta\\,\\mathrm{treated}_g
    + \\gamma\\,\\mathrm{after}_t + \\delta\\,\\mathrm{treated}_g\\mathrm{after}_t +
    \\varepsilon_{gt}` on a balanced panel gives the same :math:`\\hat\\delta` as
    the before/after difference of the gap :math:`d_t = y_{1t} - y_{0t}`.
    Working on :math:`d_t` lets the standard error allow for autocorrelation within
    and correlation between the two series (prewhitened Newey-West on the gap).
    The estimate is causal only under *parallel trends*: without the change, the
    gap would have stayed level; check the pre-period gap for a trend.

    References
    ----------
    Angrist, J. D. & Pischke, J.-S. (2009). Mostly Harmless Econometrics, ch. 5.
    Bertrand, M., Duflo, E. & Mullainathan, S. (2004). How much should we trust
    differences-in-differences estimates? Q. J. Econ. 119, 249-275.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from kpi_analysis.stats.its import did
    >>> rng = np.random.default_rng(1)
    >>> week = np.tile(np.arange(40), 2)
    >>> team = np.repeat(["automated", "manual"], 40)
    >>> hours = 30 + rng.normal(0, 1, 80) - 4 * ((team == "automated") & (week >= 20))
    >>> res = did(pd.DataFrame({"week": week, "team": team, "hours": hours}), time="week",
    ...           outcome="hours", group="team", treated="automated", intervention=20)
    >>> res.loc[0, "test"], bool(res.loc[0, "ci_high"] < 0)
    ('did-hac', True)
    """
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    check_choice("alternative", alternative, ALTERNATIVES)
    labels = _column(data, group, "group").unique()
    if len(labels) != 2 or treated not in labels:
        raise InputError(f"group column {group!r} must hold exactly two series, one of them "
                         f"treated={treated!r}; got {list(labels)}")
    _column(data, time, "time")
    _numeric(_column(data, outcome, "outcome"), "outcome")
    if data.duplicated([time, group]).any():
        raise InputError(f"data has more than one row per {time!r} and {group!r}; aggregate "
                         "to one value per period and series first")
    wide = data.pivot(index=time, columns=group, values=outcome).dropna().sort_index()
    control = next(label for label in labels if label != treated)
    gap = wide[treated] - wide[control]
    t, t0 = _time_with_intervention(pd.Series(gap.index), intervention)
    after = t >= t0
    result = compare_series(gap[~after], gap[after], season_period=season_period,
                            maxlags=maxlags, alternative=alternative, alpha=alpha)
    result["test"] = "did-hac"
    return result
