"""The business case as numbers: the plan's costs and benefits compiled and evaluated.

Management hears money and time. This module turns the plan's ``costs:`` section and,
once measured, the KPI changes from the statistics engine into figures a director can
check line by line, the same in every report language::

    investment over a horizon  total_investment, cash_flow_table
    the report's numbers       business_case_numbers -> BusinessCase (a JSON-ready dict)

Conventions
-----------
* In the plan's business case the one-off investment is paid at month 0; running
  costs and benefits fall in every month 1 .. ``horizon_months``, benefits at full
  level from month 1.
* ROI is the method's formula over the horizon, undiscounted:
  ``(total benefit - total investment) / total investment x 100``, where the total
  investment counts the one-off items and the running costs of every month.
* The annual discount rate of the plan becomes a monthly rate by compounding:
  ``(1 + annual) ** (1 / 12) - 1``.

The formulas are :mod:`~kpi_analysis.finance.formulas` and
:mod:`~kpi_analysis.finance.savings`; the intervals
:mod:`~kpi_analysis.finance.simulation`; the tornado
:mod:`~kpi_analysis.finance.sensitivity`. The words beside the numbers (labels,
formulas and calculations written out in en/nl) are
:mod:`kpi_analysis.words.business_case`, whose ``business_case`` the report calls.

A plan that cannot give a business case raises :class:`~kpi_analysis.errors.PlanError`
naming the plan field; a bad argument :class:`~kpi_analysis.errors.InputError`.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import InputError
from ._common import _discount_factors, _json_number
from ._model import _as_plan, _Case, _compile, _evaluate, _figures, _Outcome, _read_effects
from .formulas import irr, monthly_rate
from .savings import break_even_volume
from .sensitivity import tornado_case
from .simulation import simulate_case, summarise

__all__ = ["total_investment", "cash_flow_table", "business_case_numbers", "BusinessCase",
           "compile_case", "case_numbers", "FIRST_YEAR"]

#: months in the first-year figures
FIRST_YEAR = 12


def compile_case(plan, effects=None, horizon_months=None, *, required=True) -> _Case | None:
    """The plan's business case compiled: parameters (with name specs and unit codes),
    benefit terms and the measured effects that drive them; ``None`` for a plan without
    ``costs:`` when not ``required``. The words layer writes its names out."""
    if not required and _as_plan(plan).costs is None:
        return None
    return _compile(plan, effects, horizon_months)


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
        Measured KPI changes (see :func:`~kpi_analysis.finance.simulation.simulate_roi`);
        without them the benefits rest on the plan's expected improvements.
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
        :func:`~kpi_analysis.finance.sensitivity.tornado_numbers` (with the ``assumption``
        names once the words layer wrote them).
    simulation : DataFrame or None
        :func:`~kpi_analysis.finance.simulation.simulate_roi`'s draws; ``None`` without
        measured effects.
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


def case_numbers(case: _Case, effects, *, seed, draws, ci_level, spread) -> BusinessCase:
    """The numbers and codes of the business case: the same in every language."""
    out = _evaluate(case)
    costs = case.plan.costs
    measured = bool(case.effects)
    sim = simulate_case(case, draws, seed, ci_level) if measured else None
    torn = tornado_case(case, spread, None)
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
        "uncertainty": (summarise(case, sim, draws=draws, seed=seed, ci_level=ci_level)
                        if measured else None),
        "sensitivity": _records(torn),
        "cash_flow": _records(cash),
        "unused_effects": sorted(set(_read_effects(effects)) - set(case.effects)),
    }
    return BusinessCase(data, cash_flow=cash, tornado=torn, simulation=sim)


def business_case_numbers(plan, effects=None, *, seed=0, draws=10_000, ci_level=0.95,
                          spread=0.2, horizon_months=None,
                          required=True) -> BusinessCase | None:
    """The numbers of the business case, without words: what
    :func:`kpi_analysis.words.business_case.business_case` returns without its
    ``WORD_FIELDS``, the same whatever the report's language.

    Parameters are those of ``business_case`` (no ``lang``). Besides the figures'
    ``value`` and ``unit``, the benefits' money, the investment, cash flow,
    uncertainty and sensitivity, it holds what the words are written from:
    ``unused_effects`` (measured KPIs that drive no benefit), per break-even row
    ``benefit_per_unit`` and ``benefit_at_zero`` (money over the horizon), and the
    uncertainty's ``ci_level``. The ``.tornado`` table has no ``assumption`` names
    (words); its ``field`` says which assumption a row moves.

    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> plan = ka.load_plan(PLAN_TEMPLATE)
    >>> case = business_case_numbers(plan)
    >>> case["figures"]["roi_pct"]
    {'value': 162.83673469387756, 'unit': '%'}
    >>> sorted(case["figures"]["roi_pct"])
    ['unit', 'value']
    """
    case = compile_case(plan, effects, horizon_months, required=required)
    if case is None:
        return None
    return case_numbers(case, effects, seed=seed, draws=draws, ci_level=ci_level, spread=spread)
