"""The business case: savings, ROI, payback, NPV/IRR, with intervals and sensitivity.

Management hears money and time. This module turns the plan's ``costs:`` section and,
once measured, the KPI changes from the statistics engine into figures a director can
check line by line::

    savings calculators        time_saving, avoided_cost, error_saving, extra_revenue
    investment over a horizon  total_investment, cash_flow_table
    finance formulas           roi, npv, irr, payback_period, xnpv, xirr,
                               monthly_rate, break_even_volume
    from measured effects      simulate_roi, roi_interval   (seeded Monte Carlo)
    one-way sensitivity        tornado
    the one call of the report business_case -> BusinessCase (a JSON-ready dict)

Conventions
-----------
* Cash flows are listed per period; ``cashflows[0]`` happens now (t = 0) and is not
  discounted. Money going out is negative, money coming in positive.
* In the plan's business case the one-off investment is paid at month 0; running
  costs and benefits fall in every month 1 .. ``horizon_months``, benefits at full
  level from month 1.
* ROI is the method's formula over the horizon, undiscounted:
  ``(total benefit - total investment) / total investment x 100``, where the total
  investment counts the one-off items and the running costs of every month.
* The annual discount rate of the plan becomes a monthly rate by compounding:
  ``(1 + annual) ** (1 / 12) - 1``.
* Results are full precision; text beside a figure rounds only for display.

Every function that gets a bad argument raises :class:`~kpi_analysis.errors.InputError`
naming the argument, what is allowed and what was passed; a plan that cannot give a
business case raises :class:`~kpi_analysis.errors.PlanError` naming the plan field.
Nothing returns ``nan`` in place of an answer.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from ..errors import InputError, PlanError
from ..plan import BENEFIT_BASIS_FIELDS, BENEFIT_RULES, Benefit, Plan, load_plan
from ..words.numbers import fmt_number, fmt_pct
from ..words.store import LABELS, LANGUAGES, label, language

__all__ = [
    "time_saving", "avoided_cost", "error_saving", "extra_revenue",
    "roi", "npv", "irr", "payback_period", "xnpv", "xirr", "monthly_rate",
    "break_even_volume", "total_investment", "cash_flow_table", "simulate_roi",
    "roi_interval", "tornado", "business_case", "BusinessCase",
]

#: months in the first-year figures
FIRST_YEAR = 12
#: log(1 + rate) is searched for IRR roots between these bounds, i.e. rates from
#: -99.9999999999% to +1,000,000% per period
_LOG_GROWTH_MIN, _LOG_GROWTH_MAX = math.log(1e-12), math.log(1e4 + 1)
_GRID_STEP = 0.005


# --- argument checks -----------------------------------------------------------------

def _numbers(name, value, *, minimum=None, strict=False, maximum=None, what="a number"):
    """``value`` as a float array (0-d for a scalar); InputError naming ``name`` if it
    is missing, not numeric, not finite or outside [minimum, maximum]."""
    if value is None:
        raise InputError(f"{name} is missing; expected {what}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be {what}; got {value!r}") from None
    bad = ~np.isfinite(arr)
    if minimum is not None:
        bad |= (arr <= minimum) if strict else (arr < minimum)
    if maximum is not None:
        bad |= arr > maximum
    if bad.any():
        first = arr[bad].flat[0]
        where = "" if arr.ndim == 0 else f" (position {int(np.flatnonzero(bad.ravel())[0])})"
        limits = []
        if minimum is not None:
            limits.append(f"{'>' if strict else '>='} {minimum:g}")
        if maximum is not None:
            limits.append(f"<= {maximum:g}")
        rule = f"a finite number {' and '.join(limits)}" if limits else "a finite number"
        raise InputError(f"{name} must be {rule} ({what}); got {first!r}{where}")
    return arr


def _out(arr):
    """A 0-d result as a Python float, arrays as they are."""
    arr = np.asarray(arr, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def _cashflow_array(cashflows, *, name="cashflows", ndim=(1, 2), min_len=1):
    cf = _numbers(name, cashflows, what="money per period")
    if cf.ndim not in ndim:
        raise InputError(f"{name} must be a 1-D list of amounts"
                         + (" or a 2-D array (one row per scenario)" if 2 in ndim else "")
                         + f"; got an array with {cf.ndim} dimensions")
    if cf.shape[-1] < min_len:
        raise InputError(f"{name} needs at least {min_len} value(s); got {cf.shape[-1]}")
    return cf


# --- savings calculators ---------------------------------------------------------------

def time_saving(hours_saved, hourly_rate, people=1, working_days=1):
    """Money from time saved: hours saved x hourly rate x people x working days.

    Parameters
    ----------
    hours_saved : float or array_like
        Hours saved per person per working day (or in total, with the defaults for
        ``people`` and ``working_days``). Negative means time lost.
    hourly_rate : float or array_like
        Loaded wage cost per hour, >= 0.
    people : float or array_like, default 1
        People who save that time, >= 0.
    working_days : float or array_like, default 1
        Working days counted (e.g. 21 for a month), >= 0.

    Returns
    -------
    float or ndarray
        Money saved in the period the working days span.

    Notes
    -----
    .. math:: \\text{saving} = h \\times n_{people} \\times d \\times r

    The method's example: 2 hours a day x 10 people x EUR 50 = EUR 1,000 per day.

    References
    ----------
    kpi-kit METHOD.md, "The four levels of AI success", level 3 (business).

    Examples
    --------
    >>> time_saving(2, 50, people=10)
    1000.0
    >>> time_saving(2, 50, people=10, working_days=21)   # per month
    21000.0
    """
    h = _numbers("hours_saved", hours_saved, what="hours per person per day")
    r = _numbers("hourly_rate", hourly_rate, minimum=0, what="money per hour")
    p = _numbers("people", people, minimum=0, what="number of people")
    d = _numbers("working_days", working_days, minimum=0, what="working days")
    return _out(h * p * d * r)


def avoided_cost(avoided, cost_per_unit):
    """Money from work that no longer happens: avoided units x cost per unit.

    Parameters
    ----------
    avoided : float or array_like
        Units avoided in the period, e.g. support tickets deflected by a chatbot.
    cost_per_unit : float or array_like
        What one unit costs, >= 0 (the method quotes EUR 15-30 per ticket).

    Returns
    -------
    float or ndarray

    Notes
    -----
    .. math:: \\text{saving} = n_{avoided} \\times c_{unit}

    Examples
    --------
    >>> avoided_cost(120, 20)      # 120 tickets a month at EUR 20
    2400.0
    """
    a = _numbers("avoided", avoided, what="units avoided")
    c = _numbers("cost_per_unit", cost_per_unit, minimum=0, what="money per unit")
    return _out(a * c)


def _per_month(quantity, volume_per_month, rate_per):
    """A change per ``rate_per`` items, times the items handled per month."""
    return quantity * volume_per_month / rate_per


def error_saving(fewer_errors, cost_per_error, volume=None, rate_per=1.0):
    """Money from fewer errors: fewer errors x cost per error.

    Parameters
    ----------
    fewer_errors : float or array_like
        Errors fewer in the period; with ``volume``: errors fewer per ``rate_per``
        items (e.g. 3 fewer per 100 invoices).
    cost_per_error : float or array_like
        What putting one error right costs, >= 0.
    volume : float or array_like, optional
        Items handled in the period (e.g. 900 invoices a month), >= 0.
    rate_per : float, default 1
        The error rate is counted per this many items (100 for "per 100 invoices").

    Returns
    -------
    float or ndarray

    Notes
    -----
    .. math:: \\text{saving} = \\Delta e \\times \\frac{V}{k} \\times c_{error}

    with :math:`\\Delta e` fewer errors per :math:`k` items and :math:`V` items.

    Examples
    --------
    >>> error_saving(3, 40, volume=900, rate_per=100)   # 27 errors fewer a month
    1080.0
    >>> error_saving(27, 40)
    1080.0
    """
    e = _numbers("fewer_errors", fewer_errors, what="errors")
    c = _numbers("cost_per_error", cost_per_error, minimum=0, what="money per error")
    if volume is not None:
        v = _numbers("volume", volume, minimum=0, what="items in the period")
        k = _numbers("rate_per", rate_per, minimum=0, strict=True, what="items per rate")
        e = _per_month(e, v, k)
    return _out(e * c)


def extra_revenue(conversion_uplift, volume, order_value, margin=1.0):
    """Margin from extra sales: conversion uplift x volume x order value x margin.

    Parameters
    ----------
    conversion_uplift : float or array_like
        Rise of the conversion rate as a fraction (0.01 = one percentage point).
    volume : float or array_like
        Visitors, leads or quotes in the period, >= 0.
    order_value : float or array_like
        Average value of one conversion, >= 0.
    margin : float or array_like, default 1
        Share of the order value kept as profit, 0 to 1. Count margin, not turnover,
        when the extra sales cost money to deliver.

    Returns
    -------
    float or ndarray

    Notes
    -----
    .. math:: \\text{extra} = \\Delta p \\times V \\times \\bar{o} \\times m

    Examples
    --------
    >>> extra_revenue(0.01, 10_000, 55, margin=0.3)   # conversion 2% -> 3%
    1650.0
    """
    u = _numbers("conversion_uplift", conversion_uplift, what="a fraction, 0.01 = 1 point")
    v = _numbers("volume", volume, minimum=0, what="visitors or leads in the period")
    o = _numbers("order_value", order_value, minimum=0, what="money per conversion")
    m = _numbers("margin", margin, minimum=0, maximum=1, what="a fraction of the order value")
    return _out(u * v * o * m)


def break_even_volume(investment, benefit_per_unit, other_benefits=0.0):
    """The volume at which the benefits pay back the investment exactly (ROI = 0).

    Parameters
    ----------
    investment : float or array_like
        Total investment to cover, >= 0.
    benefit_per_unit : float or array_like
        Benefit one unit of volume brings over the same horizon; not zero.
    other_benefits : float or array_like, default 0
        Benefits that do not depend on this volume.

    Returns
    -------
    float or ndarray
        Units needed; zero or less means the other benefits already cover it.

    Notes
    -----
    Benefits are linear in the volume, so ROI = 0 where
    :math:`V^* b + B_{other} = I`:

    .. math:: V^* = \\frac{I - B_{other}}{b}

    Examples
    --------
    Errors fall by 1.2 per 100 invoices, an error costs 40 and the horizon is 36
    months: each invoice a month brings 36 x 0.012 x 40 = 17.28. To cover 24,500:

    >>> break_even_volume(24_500, 36 * 0.012 * 40)   # invoices per month
    1417.824074074074
    """
    i = _numbers("investment", investment, minimum=0, what="money")
    b = _numbers("benefit_per_unit", benefit_per_unit, what="money per unit of volume")
    o = _numbers("other_benefits", other_benefits, what="money")
    if np.any(b == 0):
        raise InputError("benefit_per_unit must not be 0: when a unit of volume brings "
                         "nothing, no volume breaks even; got 0")
    return _out((i - o) / b)


# --- finance formulas --------------------------------------------------------------------

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


def _discount_factors(rate, times):
    """(1 + rate) ** -t for each t; ``rate`` a scalar or one rate per row."""
    r = np.asarray(rate, dtype=float)[..., None]
    with np.errstate(over="raise", under="ignore"):
        try:
            return np.exp(-np.asarray(times, dtype=float) * np.log1p(r))
        except FloatingPointError:
            raise InputError(f"rate is so close to -1 that the discount factors overflow; "
                             f"got {float(np.min(rate))!r}") from None


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


# --- the plan's business case: compiled once, evaluated for any number of scenarios ----

@dataclass(frozen=True)
class _Param:
    """One number the business case rests on."""

    key: str            # plan field path, or "kpis.<id>.change" for a measured change
    label: str          # readable name for tables and text
    value: float
    unit: str
    upper: float | None = None   # bounds a moved value must respect (a margin <= 1);
    lower: float | None = 0.0    # None: any sign (an expected or measured change)
    unit_text: str = ""          # ``unit`` in the case's language (``unit`` stays a code)
    aliases: tuple = ()          # ``label`` in every language (``ranges`` may use any)


@dataclass(frozen=True)
class _Effect:
    """A measured KPI change: point estimate and interval, or resampled draws."""

    kpi: str
    estimate: float
    ci_low: float
    ci_high: float
    draws: np.ndarray | None = None
    unit: str | None = None      # 'absolute' or 'pp' (vocab.CHANGE_UNITS); None: the KPI's


@dataclass(frozen=True)
class _Term:
    """One benefit of the plan, wired to its parameters."""

    index: int
    benefit: Benefit
    effect_key: str
    sign: float          # improvement = sign x value of effect_key
    measured: bool
    rate_per: float
    keys: dict = field(default_factory=dict)   # money field -> parameter key
    #: factor from the parameter's unit to the calculator's: 1/100 for a change in
    #: percentage points that counts items (0.3 pp of visitors = 0.003 per visitor)
    unit_scale: float = 1.0


@dataclass(frozen=True)
class _Case:
    currency: str
    horizon: int
    params: dict
    terms: tuple
    one_off_keys: tuple
    monthly_keys: tuple
    effects: dict        # kpi -> _Effect, only those that drive a benefit
    plan: Plan
    words: _Words        # texts and numbers in the case's language


def _as_plan(plan) -> Plan:
    if isinstance(plan, Plan):
        return plan
    if isinstance(plan, (str, Path)):
        return load_plan(plan)
    raise InputError(f"plan must be a Plan (from ka.load_plan) or the path of a plan "
                     f"file; got {type(plan).__name__}")


def _horizon(plan: Plan, horizon_months) -> int:
    if horizon_months is None:
        return plan.costs.horizon_months
    if isinstance(horizon_months, bool) or not isinstance(horizon_months, (int, np.integer)) \
            or horizon_months < 1:
        raise InputError(f"horizon_months must be a whole number of months >= 1; "
                         f"got {horizon_months!r}")
    return int(horizon_months)


def _read_effects(effects) -> dict:
    """Measured effects as ``{kpi: _Effect}``; checked later, only where used."""
    if effects is None:
        return {}
    out = {}
    if isinstance(effects, pd.DataFrame):
        frame = effects
        if "kpi" not in frame.columns and frame.index.name == "kpi":
            frame = frame.reset_index()
        need = ["kpi", "change", "ci_low", "ci_high"]
        missing = [c for c in need if c not in frame.columns]
        units = (frame["change_unit"] if "change_unit" in frame.columns else
                 pd.Series([None] * len(frame), index=frame.index))
        if missing:
            raise InputError(f"effects needs the columns {', '.join(need)} (as compare_kpis "
                             f"returns them); missing: {', '.join(missing)}; got columns "
                             f"{', '.join(map(str, frame.columns))}")
        for row, unit in zip(frame[need].itertuples(index=False), units):
            if pd.isna(row.change):  # 'cannot be assessed': no measured effect
                continue
            if row.kpi in out:
                raise InputError(f"effects lists KPI '{row.kpi}' more than once")
            out[row.kpi] = _Effect(str(row.kpi), row.change, row.ci_low, row.ci_high,
                                   unit=unit if isinstance(unit, str) else None)
        return out
    if not isinstance(effects, Mapping):
        raise InputError(f"effects must be compare_kpis' DataFrame or a mapping kpi -> "
                         f"(change, ci_low, ci_high); got {type(effects).__name__}")
    for kpi, value in effects.items():
        if isinstance(value, np.ndarray):
            draws = _numbers(f"effects['{kpi}']", value, what="resampled changes")
            if draws.ndim != 1 or draws.size < 2:
                raise InputError(f"effects['{kpi}'] as an array must be 1-D resampled "
                                 f"changes (at least 2); got shape {draws.shape}")
            lo, hi = np.quantile(draws, [0.025, 0.975])
            out[kpi] = _Effect(kpi, float(draws.mean()), float(lo), float(hi), draws)
        elif isinstance(value, Mapping):
            est = value.get("change", value.get("estimate"))
            out[kpi] = _Effect(kpi, est, value.get("ci_low"), value.get("ci_high"))
        elif isinstance(value, (tuple, list)) and len(value) == 3:
            out[kpi] = _Effect(kpi, *value)
        elif isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
            out[kpi] = _Effect(kpi, value, value, value)
        else:
            raise InputError(f"effects['{kpi}'] must be (change, ci_low, ci_high), a "
                             f"mapping with those keys, a number, or a numpy array of "
                             f"resampled changes; got {value!r}")
    return out


def _checked_effect(effect: _Effect) -> _Effect:
    where = f"effects['{effect.kpi}']"
    est = float(_numbers(f"{where} change", effect.estimate, what="the measured change"))
    lo = float(_numbers(f"{where} ci_low", effect.ci_low, what="lower end of the interval"))
    hi = float(_numbers(f"{where} ci_high", effect.ci_high, what="upper end of the interval"))
    tol = 1e-9 * max(1.0, abs(est))
    if not lo - tol <= est <= hi + tol:
        raise InputError(f"{where}: the interval must hold the change, ci_low <= change <= "
                         f"ci_high; got {lo!r} <= {est!r} <= {hi!r}")
    if effect.unit is not None and effect.unit not in ("absolute", "pp"):
        raise InputError(f"{where}: change_unit must be one of absolute, pp "
                         f"(a change in KPI units or percentage points); got {effect.unit!r}")
    return _Effect(effect.kpi, est, lo, hi, effect.draws, effect.unit)


#: unit of the expected improvement per benefit type (a text.LABELS key; its English
#: text is the ``unit`` code in tables, as charts.py reads it)
_TYPE_UNITS = {"avoided_cost": "unit.units", "error_cost": "unit.errors",
               "extra_revenue": "bc.unit.conversion", "per_unit": "bc.unit.kpi_units"}
#: money field -> (unit label key, upper bound); the field's name is LABELS "as.<field>"
_MONEY_FIELDS = {
    "hourly_rate": ("unit.per_hour", None),
    "cost_per_unit": ("unit.per_unit", None),
    "cost_per_error": ("unit.per_error", None),
    "order_value": ("unit.per_order", None),
    "margin": ("bc.unit.fraction_of_order", 1.0),
    "value_per_unit": ("bc.unit.per_kpi_unit_item", None),
    "people": ("unit.people", None),
    "working_days_per_month": ("unit.days", 31.0),
    "volume_per_month": ("unit.items_per_month", None),
}


def _compile(plan, effects, horizon_months, lang=None) -> _Case:
    plan = _as_plan(plan)
    lang = language(plan, lang)
    costs = plan.costs
    if costs is None:
        raise PlanError(None, [("costs", "the plan has no 'costs:' section; add one "
                                         "(see templates/plan.yaml) for a business case")])
    horizon = _horizon(plan, horizon_months)
    cur = costs.currency
    measured = _read_effects(effects)
    params: dict[str, _Param] = {}

    def add(key, name, value, unit, upper=None, lower=0.0):
        """``name``: the plan's own text, or a function of the language; ``unit``: the
        plan's own text, or a LABELS key (its English text is the unit code)."""
        names = {lg: name(lg) if callable(name) else name for lg in LANGUAGES}
        if unit.startswith(("unit.", "bc.unit.")) and unit in LABELS:
            code, shown = (label(unit, lg, currency=cur) for lg in ("en", lang))
        else:
            code = shown = unit
        params.setdefault(key, _Param(key, names[lang], float(value), code, upper, lower,
                                      shown, tuple(dict.fromkeys(names.values()))))
        return key

    one_off = tuple(add(f"costs.one_off[{i}]", c.item, c.total, cur)
                    for i, c in enumerate(costs.one_off))
    monthly = tuple(add(f"costs.monthly[{i}]", c.item, c.total, "unit.per_month")
                    for i, c in enumerate(costs.monthly))
    if sum(params[k].value for k in one_off + monthly) <= 0:
        raise PlanError(None, [("costs", "there is no investment: add one_off or monthly "
                                         "costs above zero; ROI divides by the investment")])
    add("costs.discount_rate", lambda lg: label("as.discount_rate", lg), costs.discount_rate,
        "bc.unit.per_year")

    terms, used = [], {}
    for i, b in enumerate(costs.benefits):
        where = f"costs.benefits[{i}]"
        kpi = plan.kpi(b.kpi) if b.kpi is not None else None
        if kpi is not None and b.kpi in measured:
            effect = used.setdefault(b.kpi, _checked_effect(measured[b.kpi]))
            key = add(f"kpis.{b.kpi}.change",
                      lambda lg, n=kpi.name: label("bc.measured_change", lg, name=n),
                      effect.estimate, kpi.unit, lower=None)
            sign = -1.0 if kpi.direction == "lower_is_better" else 1.0
            is_measured = True
            unit_scale = _unit_scale(effect.unit or kpi.change_unit, b.type)
        else:
            if b.assumption is None:
                raise PlanError(None, [(f"{where}.{b.assumption_field}",
                                        f"benefit '{b.name}' is driven by KPI '{b.kpi}', which "
                                        f"has no measured effect yet, and there is no expected "
                                        f"'{b.assumption_field}'; state the expected improvement "
                                        f"for the business case before measuring, or pass the "
                                        f"measured effect")])
            unit = (f"unit.{b.time_unit}" if b.type == "time_saved" else _TYPE_UNITS[b.type])
            key = add(f"{where}.{b.assumption_field}",
                      lambda lg, b=b: f"{b.name}: {label(f'as.{b.assumption_field}', lg)}",
                      b.assumption, unit, lower=None)
            sign, is_measured, unit_scale = 1.0, False, 1.0
        rate_per = b.rate_per or (kpi.rate_per if kpi is not None and b.type != "per_unit"
                                  else 1.0)
        _, _, needs, _ = BENEFIT_RULES[b.type]
        roles = list(needs) + list(BENEFIT_BASIS_FIELDS[b.basis][0])
        if b.basis == "day":
            roles.append("working_days_per_month")
        keys = {}
        for role in roles:
            unit, upper = _MONEY_FIELDS[role]
            keys[role] = add(f"{where}.{role}",
                             lambda lg, b=b, r=role: f"{b.name}: {label(f'as.{r}', lg)}",
                             getattr(b, role), unit, upper)
        terms.append(_Term(i, b, key, sign, is_measured, float(rate_per), keys, unit_scale))
    return _Case(cur, horizon, params, tuple(terms), one_off, monthly, used, plan,
                 _Words(lang, cur))


def _unit_scale(unit: str, benefit_type: str) -> float:
    """Factor that turns a measured change in ``unit`` into the benefit's improvement.

    A change in percentage points (a proportion KPI, shown in percent) counts items
    for every benefit type but ``per_unit``: 0.3 pp more visitors converting is
    0.003 conversions per visitor (``extra_revenue``), 2 pp fewer invoices with an
    error is 0.02 errors per invoice (``error_cost``). ``per_unit`` is money per KPI
    unit as shown, so a percentage point stays one unit.
    """
    return 0.01 if unit == "pp" and benefit_type != "per_unit" else 1.0


def _benefit_per_month(term: _Term, value):
    """Money per month of one benefit; ``value(key)`` gives a parameter (array or float)."""
    b = term.benefit
    q = term.sign * value(term.effect_key) * term.unit_scale
    money = {role: value(key) for role, key in term.keys.items()}
    vol = money.get("volume_per_month")
    if b.type == "time_saved":
        hours = q / 60 if b.time_unit == "minutes" else q
        if b.basis == "day":
            return time_saving(hours, money["hourly_rate"], money["people"],
                               money["working_days_per_month"])
        if b.basis == "item":
            hours = _per_month(hours, vol, term.rate_per)
        return time_saving(hours, money["hourly_rate"])
    if b.type == "error_cost":
        if b.basis == "item":
            return error_saving(q, money["cost_per_error"], vol, term.rate_per)
        return error_saving(q, money["cost_per_error"])
    if b.type == "extra_revenue":
        if b.basis == "item":
            return extra_revenue(q / term.rate_per, vol, money["order_value"], money["margin"])
        return extra_revenue(q, 1.0, money["order_value"], money["margin"])
    # avoided_cost and per_unit: units x money per unit
    units = _per_month(q, vol, term.rate_per) if b.basis == "item" else q
    per_unit = money["cost_per_unit" if b.type == "avoided_cost" else "value_per_unit"]
    return avoided_cost(units, per_unit)


@dataclass
class _Outcome:
    one_off: np.ndarray
    running: np.ndarray
    benefits: list          # per benefit, money per month
    benefit_pm: np.ndarray
    annual_rate: np.ndarray


def _evaluate(case: _Case, values: Mapping | None = None) -> _Outcome:
    """The monthly money of the case; ``values`` overrides parameters by key, with
    arrays (one element per scenario) or numbers."""
    values = values or {}
    value = (lambda key: values[key] if key in values else case.params[key].value)
    one_off = sum((value(k) for k in case.one_off_keys), 0.0)
    running = sum((value(k) for k in case.monthly_keys), 0.0)
    benefits = [_benefit_per_month(t, value) for t in case.terms]
    benefit_pm = sum(benefits, 0.0)
    return _Outcome(*(np.asarray(x, dtype=float) for x in (one_off, running)),
                    [np.asarray(b, dtype=float) for b in benefits],
                    np.asarray(benefit_pm, dtype=float),
                    np.asarray(value("costs.discount_rate"), dtype=float))


def _flows(out: _Outcome, horizon: int) -> np.ndarray:
    """Net cash flow per month 0..horizon, one row per scenario (2-D)."""
    one_off, net = np.broadcast_arrays(np.atleast_1d(out.one_off),
                                       np.atleast_1d(out.benefit_pm - out.running))
    flows = np.empty((one_off.shape[0], horizon + 1))
    flows[:, 0] = -one_off
    flows[:, 1:] = net[:, None]
    return flows


def _figures(case: _Case, out: _Outcome, horizon: int | None = None) -> dict:
    """ROI, NPV, payback and totals, one element per scenario."""
    h = case.horizon if horizon is None else horizon
    flows = _flows(out, h)
    n = flows.shape[0]
    benefit_total = np.broadcast_to(out.benefit_pm * h, (n,))
    investment_total = np.broadcast_to(out.one_off + out.running * h, (n,))
    rate = np.broadcast_to(monthly_rate(out.annual_rate), (n,))
    return {"benefit_total": benefit_total, "investment_total": investment_total,
            "roi_pct": np.atleast_1d(roi(benefit_total, investment_total)),
            "npv": np.atleast_1d(npv(rate, flows)),
            "payback_months": np.atleast_1d(payback_period(flows)), "flows": flows}


# --- public plan-level functions ----------------------------------------------------------

def total_investment(plan, *, horizon_months=None):
    """Total investment over the horizon: one-off costs + running costs x months.

    Parameters
    ----------
    plan : Plan or path
        A plan with a ``costs:`` section.
    horizon_months : int, optional
        Months counted; default the plan's ``costs.horizon_months``.

    Returns
    -------
    float

    Notes
    -----
    .. math:: I = \\sum \\text{one-off} + H \\sum \\text{monthly}

    One-off items count ``amount``, or ``hours`` x ``rate`` for internal hours.

    Examples
    --------
    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> plan = ka.load_plan(PLAN_TEMPLATE)
    >>> total_investment(plan)      # 6,000 + 80 h x 55 + 1,500 + 350 x 36
    24500.0
    """
    case = _compile_costs_only(plan, horizon_months)
    out = _evaluate(case)
    return float(out.one_off + out.running * case.horizon)


def _compile_costs_only(plan, horizon_months) -> _Case:
    """The case without its benefits (they may still lack a measurement)."""
    plan = _as_plan(plan)
    if plan.costs is not None:
        plan = plan.model_copy(update={"costs": plan.costs.model_copy(update={"benefits": []})})
    return _compile(plan, None, horizon_months)


def _cash_flow_frame(case: _Case, out: _Outcome) -> pd.DataFrame:
    h = case.horizon
    months = np.arange(h + 1)
    investment = np.zeros(h + 1)
    investment[0] = float(out.one_off)
    running = np.r_[0.0, np.full(h, float(out.running))]
    benefits = np.r_[0.0, np.full(h, float(out.benefit_pm))]
    net = benefits - investment - running
    discounted = net * _discount_factors(monthly_rate(float(out.annual_rate)), months)
    return pd.DataFrame({"month": months, "investment": investment, "running_costs": running,
                         "benefits": benefits, "net": net, "cumulative": np.cumsum(net),
                         "discounted": discounted,
                         "discounted_cumulative": np.cumsum(discounted)})


def cash_flow_table(plan, effects=None, *, horizon_months=None) -> pd.DataFrame:
    """The monthly cash-flow table of the business case.

    Parameters
    ----------
    plan : Plan or path
        A plan with a ``costs:`` section.
    effects : DataFrame or mapping, optional
        Measured KPI changes (see :func:`business_case`); without them the benefits
        rest on the plan's expected improvements.
    horizon_months : int, optional
        Months shown; default the plan's ``costs.horizon_months``.

    Returns
    -------
    DataFrame
        One row per month 0 .. horizon:

        ================== ===========================================================
        month              0 = the start (go-live), 1 .. horizon
        investment         one-off costs (month 0 only), positive
        running_costs      recurring costs of the month, positive
        benefits           money the benefits bring in the month
        net                benefits - investment - running_costs
        cumulative         running total of ``net`` (payback where it reaches 0)
        discounted         ``net / (1 + r) ** month``, r the monthly discount rate
        discounted_cumulative  running total of ``discounted`` (its last row is the NPV)
        ================== ===========================================================

    Examples
    --------
    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> plan = ka.load_plan(PLAN_TEMPLATE)
    >>> table = cash_flow_table(plan)
    >>> table.loc[:2, ["month", "investment", "running_costs", "benefits", "net"]]
       month  investment  running_costs  benefits       net
    0      0     11900.0            0.0      0.00 -11900.00
    1      1         0.0          350.0   1788.75   1438.75
    2      2         0.0          350.0   1788.75   1438.75
    """
    case = _compile(plan, effects, horizon_months)
    return _cash_flow_frame(case, _evaluate(case))


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


def _simulate(case: _Case, draws, seed, ci_level) -> pd.DataFrame:
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
    held at their plan values (their influence is what :func:`tornado` shows). The
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
    return _simulate(case, draws, seed, ci_level)


def _require_measured(case: _Case, effects):
    if not case.effects:
        given = sorted(_read_effects(effects))
        used = sorted({t.benefit.kpi for t in case.terms if t.benefit.kpi is not None})
        raise InputError(f"effects holds no measured change of a KPI that drives a benefit; "
                         f"given: {', '.join(given) or 'none'}; benefits use: "
                         f"{', '.join(used) or 'no KPI (all are fixed assumptions)'}")


def _json_number(x):
    x = float(x)
    return x if math.isfinite(x) else None


def _summarise(case: _Case, sim: pd.DataFrame, *, draws, seed, ci_level) -> dict:
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


def _method_words(w: _Words, uncertainty: dict) -> str:
    """The Monte Carlo method in words, from :func:`_summarise`'s numbers."""
    level, seed = uncertainty["ci_level"], uncertainty["seed"]
    return w("bc.method", draws=w.fixed(uncertainty["draws"], 0),
             seed=w("bc.no_seed") if seed is None else seed,
             z=w.fixed(NormalDist().inv_cdf(0.5 + level / 2), 4), level=w.pct(level, 0))


def roi_interval(plan, effects, *, draws=10_000, seed=0, ci_level=0.95,
                 horizon_months=None, lang=None) -> dict:
    """ROI, NPV and payback with 95% intervals from the measured KPI changes.

    Parameters
    ----------
    plan, effects, draws, seed, ci_level, horizon_months
        As :func:`simulate_roi`.
    lang : {'en', 'nl'}, optional
        Language of ``method``; default the plan's ``language``.

    Returns
    -------
    dict
        ``roi_pct``, ``npv``, ``benefit_total``, ``payback_months``: each
        ``{"median", "ci_low", "ci_high"}`` (2.5th and 97.5th percentiles of the
        draws; ``None`` for a payback beyond the horizon); ``p_roi_positive``: share
        of draws with ROI > 0; ``p_payback_within_horizon``; ``ci_level``; ``effects``:
        the input distributions; ``method``: the method in words (in ``lang``).
        JSON-ready.

    Notes
    -----
    See :func:`simulate_roi` for the sampling distribution.

    Examples
    --------
    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> plan = ka.load_plan(PLAN_TEMPLATE)
    >>> res = roi_interval(plan, {"errors_per_100": (-3.0, -3.0, -3.0)})
    >>> round(res["roi_pct"]["ci_low"], 1), res["p_roi_positive"]
    (162.8, 1.0)
    """
    case = _compile(plan, effects, horizon_months, lang)
    _require_measured(case, effects)
    sim = _simulate(case, draws, seed, ci_level)
    numbers = _summarise(case, sim, draws=draws, seed=seed, ci_level=ci_level)
    return {"method": _method_words(case.words, numbers), **numbers}


def _moves(case: _Case, spread, ranges) -> list:
    s = float(_numbers("spread", spread, minimum=0, strict=True, maximum=0.999999,
                       what="the relative move of each assumption, 0.2 = +-20%"))
    ranges = dict(ranges or {})
    by_label = {name: k for k, p in case.params.items() for name in (p.label, *p.aliases)}
    unknown = [r for r in ranges if r not in case.params and r not in by_label]
    if unknown:
        raise InputError(f"ranges names unknown assumption(s) {', '.join(map(repr, unknown))}; "
                         f"valid: {', '.join(case.params)}")
    given = {by_label.get(r, r): v for r, v in ranges.items()}
    moves = []
    for key, p in case.params.items():
        if key in given:
            lo, hi = (_numbers(f"ranges['{key}']", given[key], what="(low, high)").ravel()
                      if np.size(given[key]) == 2 else (None, None))
            if lo is None:
                raise InputError(f"ranges['{key}'] must be (low, high); got {given[key]!r}")
            bad = [v for v in (lo, hi) if (p.lower is not None and v < p.lower)
                   or (p.upper is not None and v > p.upper)]
            if bad:
                raise InputError(f"ranges['{key}'] must stay within "
                                 f"[{p.lower if p.lower is not None else '-inf'}, "
                                 f"{p.upper if p.upper is not None else 'inf'}] ({p.unit}); "
                                 f"got {bad[0]!r}")
            lo, hi = float(lo), float(hi)
        else:
            lo, hi = p.value * (1 - s), p.value * (1 + s)
            if p.upper is not None:
                lo, hi = min(lo, p.upper), min(hi, p.upper)
        moves.append((key, lo, hi))
    return moves


def _tornado(case: _Case, spread, ranges) -> pd.DataFrame:
    moves = _moves(case, spread, ranges)
    n = 2 * len(moves)
    values = {k: np.full(n, p.value) for k, p in case.params.items()}
    for i, (key, lo, hi) in enumerate(moves):
        values[key][2 * i], values[key][2 * i + 1] = lo, hi
    fig = _figures(case, _evaluate(case, values))
    base = _figures(case, _evaluate(case))
    rows = []
    for i, (key, lo, hi) in enumerate(moves):
        p = case.params[key]
        r_lo, r_hi = fig["roi_pct"][2 * i], fig["roi_pct"][2 * i + 1]
        v_lo, v_hi = fig["npv"][2 * i], fig["npv"][2 * i + 1]
        rows.append({"assumption": p.label, "field": key, "unit": p.unit, "base": p.value,
                     "low": lo, "high": hi, "roi_base": base["roi_pct"][0],
                     "roi_at_low": r_lo, "roi_at_high": r_hi, "roi_swing": abs(r_hi - r_lo),
                     "npv_base": base["npv"][0], "npv_at_low": v_lo, "npv_at_high": v_hi,
                     "npv_swing": abs(v_hi - v_lo)})
    frame = pd.DataFrame(rows, columns=[
        "assumption", "field", "unit", "base", "low", "high", "roi_base", "roi_at_low",
        "roi_at_high", "roi_swing", "npv_base", "npv_at_low", "npv_at_high", "npv_swing"])
    frame = frame.sort_values(["roi_swing", "npv_swing"], ascending=False, kind="stable")
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame.reset_index(drop=True)


def tornado(plan, effects=None, *, spread=0.2, ranges=None, horizon_months=None,
            lang=None) -> pd.DataFrame:
    """One-way sensitivity: each assumption moved over its range, ranked by ROI swing.

    Parameters
    ----------
    plan : Plan or path
        A plan with a ``costs:`` section.
    effects : DataFrame or mapping, optional
        Measured KPI changes (see :func:`simulate_roi`); their estimates are moved too.
    spread : float, default 0.2
        Default range: the plan value x (1 - spread) to x (1 + spread), i.e. +-20%.
        Bounded values stay within their bounds (a margin never above 100%).
    ranges : mapping, optional
        ``{field or assumption label: (low, high)}`` for assumptions with a known
        range, e.g. ``{"costs.benefits[0].cost_per_unit": (15, 30)}``; a label may be
        given in any report language.
    horizon_months : int, optional
    lang : {'en', 'nl'}, optional
        Language of the ``assumption`` names; default the plan's ``language``.

    Returns
    -------
    DataFrame
        One row per assumption, largest ROI swing first: ``rank``, ``assumption``
        (readable, in ``lang``), ``field`` (plan field path, or ``kpis.<id>.change`` for
        a measured change), ``unit`` (a code in English, e.g. ``"EUR per hour"``;
        renderers translate it), ``base``, ``low``, ``high``, ``roi_base``, ``roi_at_low``,
        ``roi_at_high`` (ROI in % with the assumption at its low / high value, all
        else at base), ``roi_swing`` = ``|roi_at_high - roi_at_low|``, and the same
        for ``npv``. The discount rate moves the NPV only.

    Notes
    -----
    One assumption at a time, the others at their base values; interactions are not
    shown. All scenarios are evaluated in one vectorised pass.

    Examples
    --------
    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> plan = ka.load_plan(PLAN_TEMPLATE)
    >>> table = tornado(plan)
    >>> top = table.iloc[0]
    >>> print(top["assumption"], top["low"], top["high"])
    Fewer invoice errors: cost per error 32.0 48.0
    >>> print(*(round(float(top[c]), 1) for c in ("roi_at_low", "roi_base", "roi_at_high")))
    131.1 162.8 194.6
    """
    case = _compile(plan, effects, horizon_months, lang)
    return _tornado(case, spread, ranges)


# --- text beside the numbers ------------------------------------------------------------

def _num(x, lang: str = "en") -> str:
    """A number for display in ``lang``: thousands separators, decimals only where they
    matter (none for whole numbers and from 10,000; two from 1; else four significant).

    >>> _num(56_603.2), _num(56_603.2, "nl"), _num(1080.5, "nl"), _num(0.07832, "nl")
    ('56,603', '56.603', '1.080,50', '0,07832')
    """
    if x is None or not math.isfinite(float(x)):
        return label("bc.na", lang)
    x = float(x)
    if x == round(x) or abs(x) >= 10_000:
        return fmt_number(x, lang, 0)
    if abs(x) >= 1:
        return fmt_number(x, lang, 2)
    # four significant digits, trailing zeros dropped (as "{:.4g}" does)
    digits = 3 - math.floor(math.log10(abs(x)))
    text = fmt_number(x, lang, digits)
    point = fmt_number(0.5, lang, 1)[1]
    return text.rstrip("0").rstrip(point) if point in text else text


class _Words:
    """The texts of one business case in one language: LABELS sentences and numbers
    with that language's separators. Made per call, so nothing leaks between calls."""

    def __init__(self, lang: str, currency: str):
        self.lang, self.currency = lang, currency

    def __call__(self, key: str, **fields) -> str:
        return label(key, self.lang, **fields)

    def num(self, x) -> str:
        return _num(x, self.lang)

    def fixed(self, x, digits: int) -> str:
        return fmt_number(x, self.lang, digits)

    def money(self, x) -> str:
        return f"{self.currency} {self.num(x)}"

    def pct(self, fraction, digits: int) -> str:
        """A fraction as a percentage: 0.08 -> '8.00%' (2 digits) / '8,00%'."""
        return fmt_pct(fraction * 100, self.lang, digits, signed=False)

    def per_month(self, what: str) -> str:
        return self("bc.per_month", what=what)


def _benefit_text(case: _Case, term: _Term, per_month: float) -> tuple[str, str, str]:
    """(formula, calculation, where the improvement comes from) of one benefit."""
    b, w, p = term.benefit, case.words, case.params
    q = term.sign * p[term.effect_key].value * term.unit_scale
    m = {role: p[key].value for role, key in term.keys.items()}
    rp = term.rate_per
    field = (lambda role: label(f"as.{role}", w.lang))       # noqa: E731
    per_items = ((lambda what: w("bc.per_items", what=what, n=w.num(rp))) if rp != 1 else
                 (lambda what: w("bc.per_item", what=what)))
    scale = [(label("unit.items_per_month", w.lang), w.num(m.get("volume_per_month")), "x")] + (
        [(w.num(rp), w.num(rp), "/")] if rp != 1 else [])
    if b.type == "time_saved":
        t = (w("bc.minutes", value=w.num(q)) if b.time_unit == "minutes"
             else w("bc.hours", value=w.num(q)))
        name = w("bc.time_saved_minutes" if b.time_unit == "minutes" else "bc.time_saved")
        parts = {"day": [(w("bc.per_person_day", what=name), t, ""),
                         (field("people"), w.num(m.get("people")), "x"),
                         (field("working_days_per_month"),
                          w.num(m.get("working_days_per_month")), "x")],
                 "item": [(per_items(name), t, "")] + scale,
                 "month": [(w.per_month(name), t, "")]}[b.basis]
        parts.append((field("hourly_rate"), w.money(m["hourly_rate"]), "x"))
    elif b.type == "extra_revenue":
        uplift = w("bc.conversion_uplift")
        if b.basis == "item":
            parts = [(per_items(uplift) if rp != 1 else uplift, w.num(q), "")] + (
                [(w.num(rp), w.num(rp), "/")] if rp != 1 else []) + [
                (field("volume_per_month"), w.num(m["volume_per_month"]), "x")]
        else:
            parts = [(w.per_month(w("bc.extra_conversions")), w.num(q), "")]
        parts += [(field("order_value"), w.money(m["order_value"]), "x"),
                  (field("margin"), w.pct(m["margin"], 0), "x")]
    else:
        what = w({"avoided_cost": "bc.avoided", "error_cost": "bc.fewer_errors",
                  "per_unit": "bc.change"}[b.type])
        role = {"avoided_cost": "cost_per_unit", "error_cost": "cost_per_error",
                "per_unit": "value_per_unit"}[b.type]
        if b.basis == "item":
            parts = [(per_items(what), w.num(q), "")] + scale
        else:
            parts = [(w.per_month(what), w.num(q), "")]
        parts.append((field(role), w.money(m.get(role)), "x"))

    def join(i):
        return "".join((f" {op} " if op else "") + part[i] for part, op in
                       ((x, x[2]) for x in parts))

    formula = f"{w.per_month(b.name)} = {join(0)}"
    calculation = f"{join(1)} = {w.per_month(w.money(per_month))}"
    if term.measured:
        e = case.effects[b.kpi]
        kpi = case.plan.kpi(b.kpi)
        source = w("bc.source.measured", kpi=b.kpi, unit=kpi.unit, change=w.num(e.estimate),
                   low=w.num(e.ci_low), high=w.num(e.ci_high),
                   direction=label(f"direction.{kpi.direction}", w.lang),
                   improvement=w.num(q))
        if term.unit_scale != 1:
            source = w("bc.source.pp", source=source, pp=w.num(q / term.unit_scale),
                       fraction=w.num(q))
    else:
        source = w("bc.source.expected", field=b.assumption_field,
                   what=label(f"as.{b.assumption_field}", w.lang), value=w.num(q))
        if b.kpi is not None:
            source = w("bc.source.not_measured", source=source, kpi=b.kpi)
    return formula, calculation, source


def _break_even(case: _Case, base: dict) -> list:
    """Per effect and volume: the value at which ROI = 0, with the money it moves
    (``benefit_per_unit``: over the horizon per unit of the assumption;
    ``benefit_at_zero``: the other benefits over the horizon, with it at 0)."""
    keys = []
    for t in case.terms:
        for key in (t.effect_key, t.keys.get("volume_per_month"), t.keys.get("people")):
            if key is not None and key not in keys:
                keys.append(key)
    if not keys:
        return []
    n = 2 * len(keys)
    values = {k: np.full(n, case.params[k].value) for k in keys}
    for i, k in enumerate(keys):
        values[k][2 * i], values[k][2 * i + 1] = 0.0, 1.0
    out = _evaluate(case, values)
    pm = np.broadcast_to(out.benefit_pm, (n,))
    h, invest = case.horizon, float(base["investment_total"][0])
    rows = []
    for i, k in enumerate(keys):
        p = case.params[k]
        per_unit = float((pm[2 * i + 1] - pm[2 * i]) * h)
        others = float(pm[2 * i] * h)
        value = None if per_unit == 0 else break_even_volume(invest, per_unit, others)
        rows.append({"field": k, "unit": p.unit, "current": p.value, "break_even": value,
                     "covered_by_others": bool(others >= invest),
                     "benefit_per_unit": per_unit, "benefit_at_zero": others})
    return rows


class BusinessCase(dict):
    """The business case as a JSON-ready ``dict``, with its tables as DataFrames.

    Attributes
    ----------
    cash_flow : DataFrame
        :func:`cash_flow_table`.
    tornado : DataFrame
        :func:`tornado`.
    simulation : DataFrame or None
        :func:`simulate_roi`'s draws; ``None`` without measured effects.
    """

    def __init__(self, data, *, cash_flow, tornado, simulation):
        super().__init__(data)
        self.cash_flow = cash_flow
        self.tornado = tornado
        self.simulation = simulation


def _records(frame: pd.DataFrame) -> list:
    return [{k: (_json_number(v) if isinstance(v, (float, np.floating)) else
                 int(v) if isinstance(v, (np.integer,)) else v)
             for k, v in row.items()} for row in frame.to_dict("records")]


# --- the business case: numbers, then words ----------------------------------------------

#: the fields the words layer (:func:`business_case`) adds to
#: :func:`business_case_numbers`; everything else is the same in every language
WORD_FIELDS = frozenset({"label", "formula", "calculation", "assumption", "assumptions",
                         "notes", "method", "text"})


def _irr_or_none(flows: np.ndarray) -> float | None:
    """The monthly IRR of one row of cash flows; None when none exists."""
    if not (np.any(flows > 0) and np.any(flows < 0)):
        return None
    try:
        return irr(flows)
    except InputError:     # no rate in the searched range makes the NPV zero
        return None


def _figure_values(case: _Case, out: _Outcome) -> dict:
    """The headline figures as ``{key: {"value", "unit"}}`` (``unit`` a code)."""
    base = _figures(case, out)
    first = _figures(case, out, horizon=min(FIRST_YEAR, case.horizon))
    B, I = float(base["benefit_total"][0]), float(base["investment_total"][0])
    payback = float(base["payback_months"][0])
    irr_m = _irr_or_none(base["flows"][0])
    cur = case.currency
    values = {
        "benefit_per_month": (float(out.benefit_pm), f"{cur} per month"),
        "benefit_total": (B, cur), "investment_total": (I, cur), "net_benefit": (B - I, cur),
        "roi_pct": (float(base["roi_pct"][0]), "%"),
        "roi_first_year_pct": (float(first["roi_pct"][0]), "%"),
        "npv": (float(base["npv"][0]), cur),
        "irr_monthly_pct": (None if irr_m is None else irr_m * 100, "%"),
        "irr_annual_pct": (None if irr_m is None else ((1 + irr_m) ** 12 - 1) * 100, "%"),
        "payback_months": (payback if math.isfinite(payback) else None, "months"),
    }
    return {key: {"value": None if v is None else _json_number(v), "unit": unit}
            for key, (v, unit) in values.items()}


def _benefit_values(case: _Case, out: _Outcome) -> list:
    """Per benefit: its money and where its improvement comes from, as numbers and codes."""
    rows = []
    for term, money in zip(case.terms, out.benefits):
        b = term.benefit
        rows.append({"name": b.name, "type": b.type, "per": b.basis, "kpi": b.kpi,
                     "source": "measured" if term.measured else "expected",
                     "improvement": term.sign * case.params[term.effect_key].value,
                     "improvement_unit": (case.effects[b.kpi].unit or
                                          case.plan.kpi(b.kpi).change_unit)
                     if term.measured else None,
                     "unit_scale": term.unit_scale,
                     "per_month": float(money), "total": float(money) * case.horizon})
    return rows


def _case_numbers(case: _Case, effects, *, seed, draws, ci_level, spread) -> BusinessCase:
    """The numbers and codes of the business case: the same in every language."""
    out = _evaluate(case)
    costs = case.plan.costs
    measured = bool(case.effects)
    sim = _simulate(case, draws, seed, ci_level) if measured else None
    torn = _tornado(case, spread, None)
    cash = _cash_flow_frame(case, out)
    annual = float(out.annual_rate)
    figures = _figure_values(case, out)
    investment = {"one_off": [{"item": c.item, "amount": c.total} for c in costs.one_off],
                  "monthly": [{"item": c.item, "amount": c.total} for c in costs.monthly],
                  "one_off_total": float(out.one_off),
                  "running_per_month": float(out.running),
                  "total": figures["investment_total"]["value"]}
    data = {
        "currency": case.currency, "horizon_months": case.horizon,
        "source": "measured effects" if measured else "plan assumptions",
        "discount_rate_per_year": annual, "discount_rate_per_month": monthly_rate(annual),
        "figures": figures, "benefits": _benefit_values(case, out), "investment": investment,
        "break_even": _break_even(case, _figures(case, out)),
        "uncertainty": (_summarise(case, sim, draws=draws, seed=seed, ci_level=ci_level)
                        if measured else None),
        "sensitivity": [{k: v for k, v in row.items() if k != "assumption"}
                        for row in _records(torn)],
        "cash_flow": _records(cash),
        "unused_effects": sorted(set(_read_effects(effects)) - set(case.effects)),
    }
    return BusinessCase(data, cash_flow=cash, tornado=torn, simulation=sim)


def _irr_words(w: _Words, flows: list, irr_pct) -> str:
    """How the IRR was found, or why there is none."""
    if irr_pct is not None:
        irr_m = irr_pct / 100
        return w("bc.calc.irr", monthly=w.pct(irr_m, 4), r=w.fixed(irr_m, 6),
                 annual=w.pct((1 + irr_m) ** 12 - 1, 2))
    if not any(f > 0 for f in flows):
        reason = w("bc.irr.no_inflow")
    elif not any(f < 0 for f in flows):
        reason = w("bc.irr.no_outflow")
    else:
        reason = w("bc.irr.no_root", low=w.pct(math.expm1(_LOG_GROWTH_MIN), 10),
                   high=w.pct(math.expm1(_LOG_GROWTH_MAX), 0))
    return w("bc.calc.no_irr", reason=reason)


def _payback_words(w: _Words, cash: list, payback) -> str:
    """The month the cumulative cash flow turns positive, interpolated, or 'not within
    the horizon' with where it ends."""
    if payback is None:
        return w("bc.calc.no_payback", months=len(cash) - 1,
                 amount=w.money(cash[-1]["cumulative"]))
    if payback == 0:
        return w("bc.calc.payback_zero")
    t = int(math.floor(payback))
    c_prev = cash[t]["cumulative"]
    step = cash[t + 1]["net"] if t + 1 < len(cash) else float("nan")
    return w("bc.calc.payback", month=t, cumulative=w.money(c_prev), next=t + 1,
             step=w.money(step), gap=w.num(-c_prev), flow=w.num(step),
             payback=w.fixed(payback, 2))


def _figure_words(case: _Case, numbers: dict) -> dict:
    """Each figure with its label, formula and the calculation with the plan's numbers."""
    w, h = case.words, case.horizon
    fig = {key: f["value"] for key, f in numbers["figures"].items()}
    inv, cash = numbers["investment"], numbers["cash_flow"]
    pm, B, I = fig["benefit_per_month"], fig["benefit_total"], fig["investment_total"]
    one_off, running = inv["one_off_total"], inv["running_per_month"]
    first_h = min(FIRST_YEAR, h)
    b1, i1 = pm * first_h, one_off + running * first_h
    annual, r_m = numbers["discount_rate_per_year"], numbers["discount_rate_per_month"]
    flows = [row["net"] for row in cash]
    components = " + ".join(w.money(b["per_month"]) for b in numbers["benefits"]) or "0"
    calculations = {
        "benefit_per_month": f"{components} = {w.money(pm)}",
        "benefit_total": f"{w.num(pm)} x {h} = {w.num(B)}",
        "investment_total": f"{w.num(one_off)} + {w.num(running)} x {h} = {w.num(I)}",
        "net_benefit": f"{w.num(B)} - {w.num(I)} = {w.num(B - I)}",
        "roi_pct": f"({w.num(B)} - {w.num(I)}) / {w.num(I)} x 100 = "
                   f"{w.pct(fig['roi_pct'] / 100, 1)}",
        "roi_first_year_pct": f"({w.num(b1)} - {w.num(i1)}) / {w.num(i1)} x 100 = "
                              f"{w.pct(fig['roi_first_year_pct'] / 100, 1)}",
        "npv": w("bc.calc.npv", annual=w.pct(annual, 2), monthly=w.pct(r_m, 4),
                 start=w.num(flows[0]), months=h, flow=w.num(flows[1] if h else 0),
                 r=w.fixed(r_m, 6), npv=w.num(fig["npv"])),
        "irr_monthly_pct": _irr_words(w, flows, fig["irr_monthly_pct"]),
        "irr_annual_pct": _irr_words(w, flows, fig["irr_monthly_pct"]),
        "payback_months": _payback_words(w, cash, fig["payback_months"]),
    }
    fields = {"roi_first_year_pct": {"months": first_h}}
    return {key: {"label": w(f"figure.{key}", **fields.get(key, {})), **f,
                  "formula": w(f"bc.formula.{key}", **fields.get(key, {})),
                  "calculation": calculations[key]}
            for key, f in numbers["figures"].items()}


def _investment_words(case: _Case, investment: dict) -> dict:
    """Each cost line with its formula: an amount, or hours x rate; monthly ones per month."""
    w, costs = case.words, case.plan.costs

    def lines(items, rows, monthly):
        out = []
        for c, row in zip(items, rows):
            text = (w("bc.hours_x_rate", hours=w.num(c.hours), rate=w.money(c.rate))
                    if c.amount is None else w.money(c.amount))
            out.append({**row, "formula": w.per_month(text) if monthly else text})
        return out

    return {**investment, "one_off": lines(costs.one_off, investment["one_off"], False),
            "monthly": lines(costs.monthly, investment["monthly"], True)}


def _break_even_words(case: _Case, row: dict, investment: float) -> dict:
    """A break-even row with the assumption's name and the value that makes ROI = 0."""
    w, p = case.words, case.params[row["field"]]
    others = row["benefit_at_zero"]
    if row["break_even"] is None:
        text = w("bc.be.none", name=p.label)
    else:
        text = w("bc.be.text", name=p.label, value=w.num(row["break_even"]),
                 unit=p.unit_text, now=w.num(p.value), investment=w.num(investment),
                 others=w.num(others), per_unit=w.num(row["benefit_per_unit"]))
        if row["covered_by_others"]:
            text = w("bc.be.covered", text=text, others=w.num(others))
    return {"assumption": p.label, **row, "text": text}


def _assumptions_and_notes(case: _Case, numbers: dict, sources: list) -> tuple[list, list]:
    """What the case assumes (horizon, discount rate, each benefit's source, the
    method) and what the reader should know (unused or missing measurements)."""
    w = case.words
    annual, r_m = numbers["discount_rate_per_year"], numbers["discount_rate_per_month"]
    assumptions = [w("bc.assume.horizon", months=case.horizon),
                   w("bc.assume.discount", annual=w.pct(annual, 2), monthly=w.pct(r_m, 4)),
                   w("bc.assume.roi_npv")]
    assumptions += [f"{b['name']}: {source}." for b, source in zip(numbers["benefits"], sources)]
    notes = []
    if numbers["unused_effects"]:
        notes.append(w("bc.note.unused", kpis=", ".join(numbers["unused_effects"])))
    if numbers["uncertainty"] is None:
        notes.append(w("bc.note.no_effects"))
    else:
        assumptions.append(_method_words(w, numbers["uncertainty"]) + ".")
        unmeasured = [b["name"] for b in numbers["benefits"] if b["source"] == "expected"]
        if unmeasured:
            notes.append(w("bc.note.unmeasured", names=", ".join(unmeasured)))
    return assumptions, notes


def _case_words(case: _Case, numbers: BusinessCase) -> BusinessCase:
    """``numbers`` with the words of the case's language (:data:`WORD_FIELDS`)."""
    texts = [_benefit_text(case, t, b["per_month"])
             for t, b in zip(case.terms, numbers["benefits"])]
    benefits = [{**b, "formula": formula, "calculation": calculation, "assumption": source}
                for b, (formula, calculation, source) in zip(numbers["benefits"], texts)]
    assumptions, notes = _assumptions_and_notes(case, numbers, [t[2] for t in texts])
    uncertainty = numbers["uncertainty"]
    invest = numbers["figures"]["investment_total"]["value"]
    data = {**numbers,
            "figures": _figure_words(case, numbers), "benefits": benefits,
            "investment": _investment_words(case, numbers["investment"]),
            "break_even": [_break_even_words(case, row, invest)
                           for row in numbers["break_even"]],
            "uncertainty": None if uncertainty is None else
            {"method": _method_words(case.words, uncertainty), **uncertainty},
            "sensitivity": [{"rank": row["rank"], "assumption": case.params[row["field"]].label,
                             **row} for row in numbers["sensitivity"]],
            "assumptions": assumptions, "notes": notes}
    return BusinessCase(data, cash_flow=numbers.cash_flow, tornado=numbers.tornado,
                        simulation=numbers.simulation)


def business_case_numbers(plan, effects=None, *, seed=0, draws=10_000, ci_level=0.95,
                          spread=0.2, horizon_months=None,
                          required=True) -> BusinessCase | None:
    """The numbers of the business case, without words: what :func:`business_case`
    returns without its :data:`WORD_FIELDS`, the same whatever the report's language.

    Parameters are those of :func:`business_case` (no ``lang``). Besides the figures'
    ``value`` and ``unit``, the benefits' money, the investment, cash flow,
    uncertainty and sensitivity, it holds what the words are written from:
    ``unused_effects`` (measured KPIs that drive no benefit), per break-even row
    ``benefit_per_unit`` and ``benefit_at_zero`` (money over the horizon), and the
    uncertainty's ``ci_level``. The ``.tornado`` table names its assumptions in the
    plan's language, as :func:`tornado` does.

    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> plan = ka.load_plan(PLAN_TEMPLATE)
    >>> case = business_case_numbers(plan)
    >>> case["figures"]["roi_pct"]
    {'value': 162.83673469387756, 'unit': '%'}
    >>> sorted(WORD_FIELDS & set(case["figures"]["roi_pct"]))
    []
    """
    if not required and _as_plan(plan).costs is None:
        return None
    case = _compile(plan, effects, horizon_months)
    return _case_numbers(case, effects, seed=seed, draws=draws, ci_level=ci_level,
                         spread=spread)


def business_case(plan, effects=None, *, seed=0, draws=10_000, ci_level=0.95, spread=0.2,
                  horizon_months=None, required=True, lang=None) -> BusinessCase | None:
    """Everything the report shows about money: figures, formulas, intervals, tables.

    Two layers: :func:`business_case_numbers` computes the numbers and codes (the same
    in every language); the words layer writes the :data:`WORD_FIELDS` (labels,
    formulas, calculations, sources, assumptions, notes, the method) from those
    numbers in ``lang``.

    Parameters
    ----------
    plan : Plan or path
        A plan with a ``costs:`` section (see ``templates/plan.yaml``).
    effects : DataFrame or mapping, optional
        Measured KPI changes: :func:`~kpi_analysis.compare_kpis`' DataFrame as it is,
        or a mapping (see :func:`simulate_roi`). Without them (a baseline report)
        every benefit rests on the plan's expected improvement and there is no
        Monte Carlo interval.
    seed, draws, ci_level
        The Monte Carlo (see :func:`simulate_roi`).
    spread : float, default 0.2
        Range of the sensitivity table, +-20%.
    horizon_months : int, optional
        Default the plan's ``costs.horizon_months``.
    required : bool, default True
        With False, a plan without a ``costs:`` section gives ``None`` (a report
        without a business case) instead of a PlanError.
    lang : {'en', 'nl'}, optional
        Language of every text in the result (labels, formulas, calculations,
        sources, assumptions, notes, the method, assumption names), numbers with
        that language's separators (en 1,234.5; nl 1.234,5); default the plan's
        ``language``. Keys, numbers and codes (``source``, ``unit``, ``field``,
        ``type``) are the same in every language.

    Returns
    -------
    BusinessCase
        A ``dict`` that ``json.dumps`` writes as it is (no ``nan`` or ``inf``:
        figures that do not exist are ``None`` with the reason in their text):

        * ``currency``, ``horizon_months``, ``source`` (``"plan assumptions"`` or
          ``"measured effects"``)
        * ``figures``: ``benefit_per_month``, ``benefit_total``, ``investment_total``,
          ``net_benefit``, ``roi_pct``, ``roi_first_year_pct``, ``npv``,
          ``irr_monthly_pct``, ``irr_annual_pct``, ``payback_months``; each
          ``{"label", "value", "unit", "formula", "calculation"}``, the calculation
          with the plan's numbers filled in (``unit`` is a code: ``"%"``,
          ``"months"``, the currency, ``"<currency> per month"``)
        * ``benefits``: per benefit its money per month and in total, formula,
          calculation and ``source`` (measured or expected improvement); a measured
          one's ``improvement`` in ``improvement_unit`` ('absolute' KPI units or
          'pp' percentage points) and ``unit_scale``, the factor that turns it into
          items (0.01 for percentage points, except ``per_unit``)
        * ``investment``: one-off and monthly items with totals
        * ``break_even``: the value of each effect and volume at which ROI = 0
          (``benefit_per_unit``, ``benefit_at_zero``: the money it rests on)
        * ``uncertainty``: :func:`roi_interval`'s result, or ``None``
        * ``unused_effects``: measured KPIs that drive no benefit
        * ``sensitivity``: :func:`tornado` as records
        * ``cash_flow``: :func:`cash_flow_table` as records
        * ``assumptions``, ``notes``: sentences for the report

        and the tables as DataFrames in ``.cash_flow``, ``.tornado``, ``.simulation``.

    Raises
    ------
    PlanError
        No ``costs:`` section, no investment, or a benefit whose KPI is not measured
        yet and that states no expected improvement (the field is named).
    InputError
        A bad argument or effect (named), or a ``lang`` that is not a report language.

    Examples
    --------
    >>> import json
    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> plan = ka.load_plan(PLAN_TEMPLATE)
    >>> case = business_case(plan)
    >>> print(case["figures"]["roi_pct"]["calculation"])
    (64,395 - 24,500) / 24,500 x 100 = 162.8%
    >>> print(business_case(plan, lang="nl")["figures"]["roi_pct"]["calculation"])
    (64.395 - 24.500) / 24.500 x 100 = 162,8%
    >>> measured = business_case(plan, {"errors_per_100": (-3.4, -4.6, -2.2)})
    >>> measured["source"], round(measured["uncertainty"]["p_roi_positive"], 2)
    ('measured effects', 1.0)
    >>> _ = json.dumps(measured)
    """
    if not required and _as_plan(plan).costs is None:
        return None
    case = _compile(plan, effects, horizon_months, lang)
    numbers = _case_numbers(case, effects, seed=seed, draws=draws, ci_level=ci_level,
                            spread=spread)
    return _case_words(case, numbers)
