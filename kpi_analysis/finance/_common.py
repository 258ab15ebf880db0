"""Shared internals of the finance package: argument checks, discounting, JSON numbers.

Private to ``kpi_analysis.finance``: its modules import these names; nothing else does.
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import InputError

#: log(1 + rate) is searched for IRR roots between these bounds, i.e. rates from
#: -99.9999999999% to +1,000,000% per period
_LOG_GROWTH_MIN, _LOG_GROWTH_MAX = math.log(1e-12), math.log(1e4 + 1)
_GRID_STEP = 0.005


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



def _per_month(quantity, volume_per_month, rate_per):
    """A change per ``rate_per`` items, times the items handled per month."""
    return quantity * volume_per_month / rate_per



def _discount_factors(rate, times):
    """(1 + rate) ** -t for each t; ``rate`` a scalar or one rate per row."""
    r = np.asarray(rate, dtype=float)[..., None]
    with np.errstate(over="raise", under="ignore"):
        try:
            return np.exp(-np.asarray(times, dtype=float) * np.log1p(r))
        except FloatingPointError:
            raise InputError(f"rate is so close to -1 that the discount factors overflow; "
                             f"got {float(np.min(rate))!r}") from None



def _json_number(x):
    x = float(x)
    return x if math.isfinite(x) else None
