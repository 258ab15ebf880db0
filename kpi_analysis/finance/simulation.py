"""The business case's uncertainty: Monte Carlo draws of ROI, NPV and payback from the
measured KPI changes (seeded), and their intervals as numbers.

:func:`simulate_roi` and :func:`roi_interval_numbers` take a plan; :func:`simulate_case`
and :func:`summarise` work on a compiled case (as :mod:`~kpi_analysis.finance.case`
does). The method in words is :func:`kpi_analysis.words.business_case.roi_interval`'s.
"""
from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from ..errors import InputError
from ._common import _json_number, _numbers
from ._model import _Case, _compile, _evaluate, _figures, _read_effects

__all__ = ["simulate_roi", "roi_interval_numbers", "simulate_case", "summarise",
           "interval_case"]


def _check_draws(draws) -> int:
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise InputError(f"draws must be a whole number >= 1 (e.g. 10000); got {draws!r}")
    return int(draws)


def _check_seed(seed):
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
                             or seed < 0):
        raise InputError(f"seed must be a whole number >= 0, or None for a fresh random "
                         f"seed; got {seed!r}")
    return seed


def _check_level(ci_level) -> float:
    return float(_numbers("ci_level", ci_level, minimum=0, strict=True, maximum=0.999999,
                          what="the confidence level of the intervals, e.g. 0.95"))


def simulate_case(case: _Case, draws, seed, ci_level) -> pd.DataFrame:
    """:func:`simulate_roi` for a compiled case (``finance._model._compile``)."""
    n = _check_draws(draws)
    rng = np.random.default_rng(_check_seed(seed))
    z = NormalDist().inv_cdf(0.5 + _check_level(ci_level) / 2)
    values, columns = {}, {}
    for kpi in sorted(case.effects):
        e = case.effects[kpi]
        if e.draws is not None:
            x = rng.choice(e.draws, size=n, replace=True)
        else:
            x = e.estimate + (e.ci_high - e.ci_low) / (2 * z) * rng.standard_normal(n)
        values[f"kpis.{kpi}.change"] = x
        columns[f"{kpi}_change"] = x
    out = _evaluate(case, values)
    fig = _figures(case, out)
    frame = {"draw": np.arange(n), **columns,
             "benefit_per_month": np.broadcast_to(out.benefit_pm, (n,))}
    for col in ("benefit_total", "investment_total", "roi_pct", "npv", "payback_months"):
        frame[col] = np.broadcast_to(fig[col], (n,))
    return pd.DataFrame(frame)


def simulate_roi(plan, effects, *, draws=10_000, seed=0, ci_level=0.95,
                 horizon_months=None) -> pd.DataFrame:
    """Monte Carlo draws of ROI, NPV and payback from the measured KPI changes.

    Parameters
    ----------
    plan : Plan or path
        A plan with a ``costs:`` section.
    effects : DataFrame or mapping
        Measured changes per KPI: :func:`~kpi_analysis.compare_kpis`' DataFrame
        (columns ``kpi``, ``change``, ``ci_low``, ``ci_high``), or a mapping
        ``kpi -> (change, ci_low, ci_high)``, ``kpi -> {"change": .., "ci_low": ..,
        "ci_high": ..}``, ``kpi -> change`` (no uncertainty) or ``kpi -> ndarray`` of
        resampled changes (e.g. bootstrap). Changes are after - before in KPI units.
    draws : int, default 10000
    seed : int or None, default 0
        Seed of numpy's default generator; the same seed gives the same draws.
    ci_level : float, default 0.95
        Level of the intervals passed in ``effects``.
    horizon_months : int, optional
        Default the plan's ``costs.horizon_months``.

    Returns
    -------
    DataFrame
        One row per draw: ``draw``, ``<kpi>_change`` per measured KPI,
        ``benefit_per_month``, ``benefit_total``, ``investment_total``, ``roi_pct``,
        ``npv``, ``payback_months`` (``inf`` when not paid back within the horizon).

    Notes
    -----
    Each measured change is read as a normal sampling distribution centred on the
    estimate with standard deviation

    .. math:: sd = \\frac{ci_{high} - ci_{low}}{2\\, z_{(1 + level)/2}}

    (1.959964 for 95%); an asymmetric interval gets the average of its two
    half-widths. Resampled changes are drawn with replacement instead. A KPI that
    drives several benefits uses the same draw in each. The draws go through the
    same benefit formulas as the point figures; costs and the other assumptions are
    held at their plan values (their influence is what
    :func:`~kpi_analysis.finance.sensitivity.tornado_numbers` shows). The
    benefit is linear in each change, so a symmetric interval maps onto ROI and NPV
    intervals exactly; payback is not linear.

    Examples
    --------
    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> plan = ka.load_plan(PLAN_TEMPLATE)
    >>> sim = simulate_roi(plan, {"errors_per_100": (-3.0, -4.2, -1.8)})
    >>> len(sim), round(float(sim["roi_pct"].median()), -1)   # point value: 162.8%
    (10000, 160.0)
    """
    case = _compile(plan, effects, horizon_months)
    _require_measured(case, effects)
    return simulate_case(case, draws, seed, ci_level)


def _require_measured(case: _Case, effects):
    if not case.effects:
        given = sorted(_read_effects(effects))
        used = sorted({t.benefit.kpi for t in case.terms if t.benefit.kpi is not None})
        raise InputError(f"effects holds no measured change of a KPI that drives a benefit; "
                         f"given: {', '.join(given) or 'none'}; benefits use: "
                         f"{', '.join(used) or 'no KPI (all are fixed assumptions)'}")


def summarise(case: _Case, sim: pd.DataFrame, *, draws, seed, ci_level) -> dict:
    """:func:`roi_interval_numbers` from the draws of :func:`simulate_case`."""
    h = case.horizon

    def interval(col, method="linear"):
        med, lo, hi = np.quantile(sim[col].to_numpy(), [0.5, 0.025, 0.975], method=method)
        return {"median": _json_number(med), "ci_low": _json_number(lo),
                "ci_high": _json_number(hi)}

    level = _check_level(ci_level)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    effects = []
    for kpi in sorted(case.effects):
        e = case.effects[kpi]
        resampled = e.draws is not None
        effects.append({"kpi": kpi, "change": e.estimate, "ci_low": e.ci_low,
                        "ci_high": e.ci_high,
                        "distribution": "resampled" if resampled else "normal",
                        "sd": None if resampled else (e.ci_high - e.ci_low) / (2 * z)})
    roi_ = sim["roi_pct"].to_numpy()
    payback = sim["payback_months"].to_numpy()
    return {
        "draws": int(draws), "seed": None if seed is None else int(seed), "effects": effects,
        "roi_pct": interval("roi_pct"), "npv": interval("npv"),
        "benefit_total": interval("benefit_total"),
        # payback can be inf (not within the horizon): quantiles without interpolation
        "payback_months": interval("payback_months", "inverted_cdf"),
        "p_roi_positive": float(np.mean(roi_ > 0)),
        "p_payback_within_horizon": float(np.mean(payback <= h)),
        "ci_level": level,
    }


def roi_interval_numbers(plan, effects, *, draws=10_000, seed=0, ci_level=0.95,
                         horizon_months=None) -> dict:
    """ROI, NPV and payback with 95% intervals from the measured KPI changes, as numbers
    (:func:`kpi_analysis.words.business_case.roi_interval` adds the method in words).

    Parameters
    ----------
    plan, effects, draws, seed, ci_level, horizon_months
        As :func:`simulate_roi`.

    Returns
    -------
    dict
        ``roi_pct``, ``npv``, ``benefit_total``, ``payback_months``: each
        ``{"median", "ci_low", "ci_high"}`` (2.5th and 97.5th percentiles of the
        draws; ``None`` for a payback beyond the horizon); ``p_roi_positive``: share
        of draws with ROI > 0; ``p_payback_within_horizon``; ``ci_level``; ``effects``:
        the input distributions. JSON-ready.

    Notes
    -----
    See :func:`simulate_roi` for the sampling distribution.

    Examples
    --------
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> res = roi_interval_numbers(PLAN_TEMPLATE, {"errors_per_100": (-3.0, -3.0, -3.0)})
    >>> round(res["roi_pct"]["ci_low"], 1), res["p_roi_positive"]
    (162.8, 1.0)
    """
    return interval_case(_compile(plan, effects, horizon_months), effects, draws=draws,
                         seed=seed, ci_level=ci_level)


def interval_case(case: _Case, effects, *, draws, seed, ci_level) -> dict:
    """:func:`roi_interval_numbers` for a compiled case (``finance._model._compile``)."""
    _require_measured(case, effects)
    sim = simulate_case(case, draws, seed, ci_level)
    return summarise(case, sim, draws=draws, seed=seed, ci_level=ci_level)
