"""One-way sensitivity of the business case (the tornado), as numbers.

Each assumption of the compiled case is moved over its range with the others at base;
all scenarios are evaluated in one vectorised pass. The assumptions' readable names
(in a report language) are added by :func:`kpi_analysis.words.business_case.tornado`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ._common import _numbers
from ._model import _Case, _compile, _evaluate, _figures

__all__ = ["tornado_numbers", "tornado_case"]

#: the columns of :func:`tornado_numbers` (the words layer adds ``assumption``)
COLUMNS = ("field", "unit", "base", "low", "high", "roi_base", "roi_at_low", "roi_at_high",
           "roi_swing", "npv_base", "npv_at_low", "npv_at_high", "npv_swing")


def _moves(case: _Case, spread, ranges) -> list:
    s = float(_numbers("spread", spread, minimum=0, strict=True, maximum=0.999999,
                       what="the relative move of each assumption, 0.2 = +-20%"))
    given = dict(ranges or {})
    unknown = [r for r in given if r not in case.params]
    if unknown:
        raise InputError(f"ranges names unknown assumption(s) {', '.join(map(repr, unknown))}; "
                         f"valid: {', '.join(case.params)}")
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


def tornado_case(case: _Case, spread, ranges) -> pd.DataFrame:
    """:func:`tornado_numbers` for a compiled case (``finance._model._compile``)."""
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
        rows.append({"field": key, "unit": p.unit, "base": p.value,
                     "low": lo, "high": hi, "roi_base": base["roi_pct"][0],
                     "roi_at_low": r_lo, "roi_at_high": r_hi, "roi_swing": abs(r_hi - r_lo),
                     "npv_base": base["npv"][0], "npv_at_low": v_lo, "npv_at_high": v_hi,
                     "npv_swing": abs(v_hi - v_lo)})
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame = frame.sort_values(["roi_swing", "npv_swing"], ascending=False, kind="stable")
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame.reset_index(drop=True)


def tornado_numbers(plan, effects=None, *, spread=0.2, ranges=None,
                    horizon_months=None) -> pd.DataFrame:
    """One-way sensitivity: each assumption moved over its range, ranked by ROI swing.

    Parameters
    ----------
    plan, effects
        As :func:`~kpi_analysis.finance.case.cash_flow_table`; measured changes are
        assumptions too: their estimates are moved like the rest.
    spread : float, default 0.2
        Default range: the plan value x (1 - spread) to x (1 + spread), i.e. +-20%.
        Bounded values stay within their bounds (a margin never above 100%).
    ranges : mapping, optional
        ``{field: (low, high)}`` for assumptions with a known range, e.g.
        ``{"costs.benefits[0].cost_per_unit": (15, 30)}`` (the words layer's
        :func:`~kpi_analysis.words.business_case.tornado` also takes their names).
    horizon_months : int, optional

    Returns
    -------
    DataFrame
        One row per assumption, largest ROI swing first: ``rank``, ``field`` (plan
        field path, or ``kpis.<id>.change`` for
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
    >>> from kpi_analysis.kit import PLAN_TEMPLATE    # a plan's path will do
    >>> top = tornado_numbers(PLAN_TEMPLATE).iloc[0]
    >>> print(top["field"], top["low"], top["high"])
    costs.benefits[0].cost_per_error 32.0 48.0
    >>> print(*(round(float(top[c]), 1) for c in ("roi_at_low", "roi_base", "roi_at_high")))
    131.1 162.8 194.6
    """
    return tornado_case(_compile(plan, effects, horizon_months), spread, ranges)
