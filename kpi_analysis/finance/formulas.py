"""Finance formulas: ROI, discounting, NPV, IRR, payback (and their dated Excel forms).

Conventions
-----------
* Cash flows are listed per period; ``cashflows[0]`` happens now (t = 0) and is not
  discounted. Money going out is negative, money coming in positive.
* ROI is the method's formula, undiscounted:
  ``(total benefit - total investment) / total investment x 100``.
* An annual discount rate becomes a monthly rate by compounding:
  ``(1 + annual) ** (1 / 12) - 1`` (:func:`monthly_rate`).
* Results are full precision; nothing returns ``nan`` in place of an answer.

Every function that gets a bad argument raises :class:`~kpi_analysis.errors.InputError`
naming the argument, what is allowed and what was passed.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from ..errors import InputError
from ._common import (_GRID_STEP, _LOG_GROWTH_MAX, _LOG_GROWTH_MIN, _cashflow_array,
                      _discount_factors, _numbers, _out)

__all__ = ["roi", "monthly_rate", "npv", "irr", "payback_period", "xnpv", "xirr",
           "IRR_RATE_RANGE"]

#: the rates per period :func:`irr` and :func:`xirr` search for a root (low, high)
IRR_RATE_RANGE = (math.expm1(_LOG_GROWTH_MIN), math.expm1(_LOG_GROWTH_MAX))


def roi(benefit, investment):
    """Return on investment in percent: (benefit - investment) / investment x 100.

    Parameters
    ----------
    benefit : float or array_like
        Total benefit: cost saved plus extra revenue (margin) over the horizon.
    investment : float or array_like
        Total investment over the same horizon: licences, hardware, training,
        internal hours and running costs; > 0.

    Returns
    -------
    float or ndarray
        ROI in percent (50.0 means 50%).

    Notes
    -----
    Exactly the method's formula:

    .. math:: ROI = \\frac{B - I}{I} \\times 100

    References
    ----------
    kpi-kit METHOD.md, section "ROI". A realistic first-year AI ROI is 15-25%.

    Examples
    --------
    >>> roi(52_300, 18_400)
    184.23913043478262
    >>> roi(1250, 1000)
    25.0
    """
    b = _numbers("benefit", benefit, what="money")
    i = _numbers("investment", investment, minimum=0, strict=True,
                 what="money spent; ROI divides by it")
    return _out((b - i) / i * 100)


def monthly_rate(annual_rate):
    """The monthly rate that compounds to ``annual_rate`` in twelve months.

    Parameters
    ----------
    annual_rate : float or array_like
        Rate per year as a fraction (0.08 = 8%), > -1.

    Returns
    -------
    float or ndarray

    Notes
    -----
    .. math:: r_m = (1 + r_y)^{1/12} - 1

    Examples
    --------
    >>> round(monthly_rate(0.08), 6)
    0.006434
    """
    r = _numbers("annual_rate", annual_rate, minimum=-1, strict=True,
                 what="a fraction per year, 0.08 = 8%")
    return _out(np.expm1(np.log1p(r) / 12))


def npv(rate, cashflows):
    """Net present value, with ``cashflows[0]`` at t = 0 (not discounted).

    Parameters
    ----------
    rate : float or array_like
        Discount rate per period as a fraction (0.08 = 8%), > -1; for 2-D cash flows
        also one rate per row.
    cashflows : array_like
        Money per period, the first now. 1-D, or 2-D with one scenario per row.

    Returns
    -------
    float or ndarray
        NPV, one per row for 2-D input.

    Notes
    -----
    .. math:: NPV = \\sum_{t=0}^{n} \\frac{c_t}{(1 + r)^t}

    This is numpy-financial's ``npv``. **Excel's NPV differs**: it treats its first
    value as paid at the end of period 1 and discounts it,
    :math:`\\mathrm{NPV}_{Excel}(r, v_1..v_n) = \\sum_{i=1}^{n} v_i / (1 + r)^i`. To
    convert:

    * Excel's ``=NPV(r, v1, ..., vn)`` equals ``npv(r, [0, v1, ..., vn])``;
    * Excel's usual pattern ``=NPV(r, c1, ..., cn) + c0`` equals
      ``npv(r, [c0, c1, ..., cn])``;
    * ``npv(r, [c0, ..., cn])`` equals Excel's ``=NPV(r, c0, ..., cn) * (1 + r)``.

    References
    ----------
    Microsoft Support, "NPV function" (Excel). numpy-financial, ``npv``.

    Examples
    --------
    Excel's first documented example, ``=NPV(10%, -10000, 3000, 4200, 6800)``:

    >>> round(npv(0.10, [0, -10_000, 3_000, 4_200, 6_800]), 2)
    1188.44

    An investment of 40,000 now, returns at the end of each year (Excel:
    ``=NPV(8%, 8000, 9200, 10000, 12000, 14500) - 40000``):

    >>> round(npv(0.08, [-40_000, 8_000, 9_200, 10_000, 12_000, 14_500]), 2)
    1922.06
    """
    cf = _cashflow_array(cashflows)
    r = _numbers("rate", rate, minimum=-1, strict=True, what="a fraction per period")
    if r.ndim > 1 or (r.ndim == 1 and (cf.ndim != 2 or r.shape[0] != cf.shape[0])):
        raise InputError(f"rate must be one number, or one per row of 2-D cashflows; "
                         f"got shape {r.shape} for cashflows of shape {cf.shape}")
    factors = _discount_factors(r, np.arange(cf.shape[-1]))
    return _out((cf * factors).sum(axis=-1))


def _scaled_npv(values, times, log_growth):
    """NPV at rates expm1(log_growth), each multiplied by a positive factor that keeps it
    finite (the sign, and so the roots, are unchanged). ``log_growth``: 1-D."""
    expo = -np.outer(log_growth, times)
    expo -= expo.max(axis=1, keepdims=True)
    with np.errstate(under="ignore"):
        return np.exp(expo) @ values


def _rate_roots(values, times, name):
    """Every rate r > -1 with sum(values / (1 + r) ** times) = 0, found by bracketing on
    a grid of log(1 + r) and polishing each bracket with Brent's method."""
    keep = values != 0
    values, times = values[keep], times[keep]
    grid = np.arange(_LOG_GROWTH_MIN, _LOG_GROWTH_MAX + _GRID_STEP, _GRID_STEP)
    f = _scaled_npv(values, times, grid)
    roots = list(grid[f == 0])
    cross = np.flatnonzero(np.sign(f[:-1]) * np.sign(f[1:]) < 0)
    for i in cross:
        y = brentq(lambda u: float(_scaled_npv(values, times, np.array([u]))[0]),
                   grid[i], grid[i + 1], xtol=1e-15, rtol=4 * np.finfo(float).eps,
                   maxiter=200)
        roots.append(y)
    if not roots:
        raise InputError(f"{name}: no rate between -99.9999999999% and 1,000,000% per "
                         f"period makes the NPV zero, so there is no internal rate of "
                         f"return for these cash flows")
    return np.expm1(np.array(roots))


def _check_sign_change(cf, name):
    if not (np.any(cf > 0) and np.any(cf < 0)):
        kind = "positive or zero" if np.all(cf >= 0) else "negative or zero"
        raise InputError(f"{name} must contain at least one negative (money out) and one "
                         f"positive (money in) amount for a rate of return; all "
                         f"{cf.size} values are {kind}")


def irr(cashflows, *, guess=0.1):
    """Internal rate of return per period: the rate at which the NPV is zero.

    Parameters
    ----------
    cashflows : array_like
        Money per period, the first now (1-D); at least one negative and one positive.
    guess : float, default 0.1
        When the cash flows change sign more than once there can be several rates;
        the one closest to ``guess`` is returned (Excel also starts at 10%).

    Returns
    -------
    float
        IRR per period as a fraction (0.087 = 8.7%).

    Raises
    ------
    InputError
        When the flows do not change sign or no rate gives NPV = 0; never ``nan``.

    Notes
    -----
    Solves :math:`\\sum_t c_t (1 + r)^{-t} = 0` for :math:`r > -1`. The NPV is
    scanned on a fine grid of :math:`\\log(1 + r)` from rates of -99.9999999999% to
    1,000,000% (scaled so it never overflows); every sign change is a bracket that
    Brent's method polishes to machine precision. Unlike Newton's method alone this
    neither diverges nor depends on a starting point; a double root that touches
    zero without crossing it is not found. With one sign change in the flows
    (invest, then earn) the root is unique.

    References
    ----------
    Microsoft Support, "IRR function" (Excel). numpy-financial, ``irr``.

    Examples
    --------
    Excel's documented example, five years of income after a 70,000 start-up cost:

    >>> round(irr([-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]), 4)
    0.0866
    >>> irr([-100, 50, 60])  # doctest: +ELLIPSIS
    0.0639...
    """
    cf = _cashflow_array(cashflows, ndim=(1,), min_len=2)
    g = _numbers("guess", guess, minimum=-1, strict=True, what="a rate per period")
    _check_sign_change(cf, "cashflows")
    roots = _rate_roots(cf, np.arange(cf.size, dtype=float), "cashflows")
    return float(roots[np.argmin(np.abs(roots - g))])


def payback_period(cashflows):
    """Periods until the cumulative cash flow reaches zero, interpolated in the period.

    Parameters
    ----------
    cashflows : array_like
        Money per period, the first now (t = 0). 1-D, or 2-D with one scenario per row.

    Returns
    -------
    float or ndarray
        Payback in periods; ``0.0`` only when the cumulative cash flow is never
        below zero, and ``inf`` when, once below zero, it never gets back to zero
        within the flows (so a case that only loses money, even with nothing spent
        at t = 0, is never "paid back after 0 months").

    Notes
    -----
    With :math:`C_t = \\sum_{s \\le t} c_s` and :math:`t^*` the first period with
    :math:`C_{t^*} \\ge 0`, the flow of a period is taken to come in evenly over it:

    .. math:: \\text{payback} = (t^* - 1) + \\frac{-C_{t^*-1}}{c_{t^*}}

    It is undiscounted (the classic payback; the discounted payback is the same
    function applied to the discounted flows). When the cumulative flow turns
    negative again later, the first crossing counts.

    Examples
    --------
    >>> payback_period([-1000, 300, 300, 300, 300])   # 3 + 100/300
    3.3333333333333335
    >>> payback_period([-1000, 100, 100])
    inf
    >>> payback_period([0, -50, -50])     # only monthly costs, benefits below them
    inf
    """
    cf = _cashflow_array(cashflows)
    cum = np.cumsum(cf, axis=-1)
    # lowest cumulative flow before each period (+inf before the first)
    lowest = np.concatenate([np.full(cum.shape[:-1] + (1,), np.inf),
                             np.minimum.accumulate(cum, axis=-1)[..., :-1]], axis=-1)
    crossing = (cum >= 0) & (lowest < 0)
    never_owed = (cum >= 0).all(axis=-1)
    ever = crossing.any(axis=-1)
    first = np.argmax(crossing, axis=-1)
    prev_i = np.maximum(first - 1, 0)
    prev = np.take_along_axis(cum, np.asarray(prev_i)[..., None], axis=-1)[..., 0]
    step = np.take_along_axis(cf, np.asarray(first)[..., None], axis=-1)[..., 0]
    frac = -prev / np.where(ever, step, 1.0)
    out = np.where(never_owed, 0.0, np.where(ever, prev_i + frac, np.inf))
    return _out(out)


def _year_fractions(dates, name="dates"):
    try:
        days = np.asarray(pd.to_datetime(pd.Series(dates)).to_numpy(), dtype="datetime64[D]")
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be dates (date objects or 'YYYY-MM-DD'); {exc}") from None
    if np.isnat(days).any():
        raise InputError(f"{name} contains a missing date at position "
                         f"{int(np.flatnonzero(np.isnat(days))[0])}")
    offset = (days - days[0]).astype(float)
    if np.any(offset < 0):
        i = int(np.flatnonzero(offset < 0)[0])
        raise InputError(f"{name}[{i}] ({days[i]}) is before the first date ({days[0]}); "
                         f"the first date starts the schedule, as in Excel")
    return offset / 365.0


def _dated(values, dates):
    v = _cashflow_array(values, name="values", ndim=(1,))
    t = _year_fractions(dates)
    if t.size != v.size:
        raise InputError(f"values and dates must have the same length; got {v.size} "
                         f"values and {t.size} dates")
    return v, t


def xnpv(rate, values, dates):
    """Net present value of dated cash flows, as Excel's XNPV.

    Parameters
    ----------
    rate : float
        Discount rate per year, > -1.
    values : array_like
        Cash flows; the first is at the first date and is not discounted.
    dates : array_like
        Dates of the flows (``date`` objects or ``"YYYY-MM-DD"``); none before the first.

    Returns
    -------
    float

    Notes
    -----
    Excel's formula, days counted on a 365-day year:

    .. math:: XNPV = \\sum_i \\frac{P_i}{(1 + r)^{(d_i - d_1)/365}}

    References
    ----------
    Microsoft Support, "XNPV function" (Excel).

    Examples
    --------
    >>> round(xnpv(0.09, [-10_000, 2_750, 4_250, 3_250, 2_750],
    ...            ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"]), 2)
    2086.65
    """
    v, t = _dated(values, dates)
    r = _numbers("rate", rate, minimum=-1, strict=True, what="a fraction per year")
    if r.ndim:
        raise InputError(f"rate must be one number; got shape {r.shape}")
    return float(v @ _discount_factors(r, t))


def xirr(values, dates, *, guess=0.1):
    """Internal rate of return per year of dated cash flows, as Excel's XIRR.

    Parameters
    ----------
    values : array_like
        Cash flows with at least one negative and one positive amount.
    dates : array_like
        Their dates; none before the first.
    guess : float, default 0.1
        With several solutions, the one closest to ``guess`` is returned.

    Returns
    -------
    float
        The rate per year at which :func:`xnpv` is zero.

    Notes
    -----
    Solved as :func:`irr` is (bracketing on a grid, then Brent's method), with the
    time of each flow in years of 365 days.

    References
    ----------
    Microsoft Support, "XIRR function" (Excel).

    Examples
    --------
    Excel's documented example (Excel shows 0.373362535; it stops iterating at a
    relative accuracy of 0.000001%, this root is exact to machine precision):

    >>> round(xirr([-10_000, 2_750, 4_250, 3_250, 2_750],
    ...            ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"]), 12)
    0.373362533519
    """
    v, t = _dated(values, dates)
    g = _numbers("guess", guess, minimum=-1, strict=True, what="a rate per year")
    _check_sign_change(v, "values")
    roots = _rate_roots(v, t, "values")
    return float(roots[np.argmin(np.abs(roots - g))])
