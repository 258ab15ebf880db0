"""Savings calculators: money from time saved, avoided work, fewer errors, extra sales.

The business case (:mod:`kpi_analysis.finance.case`) turns each benefit of the plan
into money per month with these; they work on numbers or numpy arrays alike.
"""
from __future__ import annotations

import numpy as np

from ..errors import InputError
from ._common import _numbers, _out, _per_month

__all__ = ["time_saving", "avoided_cost", "error_saving", "extra_revenue",
           "break_even_volume"]


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
