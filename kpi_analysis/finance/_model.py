"""The plan's business case compiled once, then evaluated for any number of scenarios.

Private to ``kpi_analysis.finance``: :mod:`~kpi_analysis.finance.case`,
:mod:`~kpi_analysis.finance.simulation` and :mod:`~kpi_analysis.finance.sensitivity`
build on these names. No language here: a parameter's name is a *name spec*
(plan text and/or a words key, :attr:`_Param.name`) and its unit a code; the words
layer (:mod:`kpi_analysis.words.business_case`) writes them out.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, PlanError
from ..plan import BENEFIT_BASIS_FIELDS, BENEFIT_RULES, Benefit, Plan, load_plan
from ._common import _numbers, _per_month
from .formulas import monthly_rate, npv, payback_period, roi
from .savings import avoided_cost, error_saving, extra_revenue, time_saving


@dataclass(frozen=True)
class _Param:
    """One number the business case rests on."""

    key: str            # plan field path, or "kpis.<id>.change" for a measured change
    #: readable name as (plan text or None, words key or None, fields of the key): shown
    #: as "<text>: <key's words>", or either alone
    name: tuple
    value: float
    unit: str                    # a code: the plan's own unit text, or English (charts read it)
    upper: float | None = None   # bounds a moved value must respect (a margin <= 1);
    lower: float | None = 0.0    # None: any sign (an expected or measured change)
    unit_key: str | None = None  # the words key of ``unit``; None: the plan's own text


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
    """A plan's business case: its parameters by key, its benefit terms, the measured
    effects in use; :func:`_evaluate` turns it into money for any scenarios."""

    currency: str
    horizon: int
    params: dict
    terms: tuple
    one_off_keys: tuple
    monthly_keys: tuple
    effects: dict        # kpi -> _Effect, only those that drive a benefit
    plan: Plan


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


#: unit of the expected improvement per benefit type (a words key, see _UNIT_CODES)
_TYPE_UNITS = {"avoided_cost": "unit.units", "error_cost": "unit.errors",
               "extra_revenue": "finance.unit.conversion", "per_unit": "finance.unit.kpi_units"}
#: money field -> (unit words key, upper bound); the field's name is the words key "as.<field>"
_MONEY_FIELDS = {
    "hourly_rate": ("unit.per_hour", None),
    "cost_per_unit": ("unit.per_unit", None),
    "cost_per_error": ("unit.per_error", None),
    "order_value": ("unit.per_order", None),
    "margin": ("finance.unit.fraction_of_order", 1.0),
    "value_per_unit": ("finance.unit.per_kpi_unit_item", None),
    "people": ("unit.people", None),
    "working_days_per_month": ("unit.days", 31.0),
    "volume_per_month": ("unit.items_per_month", None),
}
#: the unit code of each unit words key: the key's English words, which tables and
#: results.json carry as codes (charts translate them back); tests check they agree
_UNIT_CODES = {
    "unit.per_month": "{currency} per month", "unit.per_hour": "{currency} per hour",
    "unit.per_unit": "{currency} per unit", "unit.per_error": "{currency} per error",
    "unit.per_order": "{currency} per order", "unit.hours": "hours", "unit.minutes": "minutes",
    "unit.people": "people", "unit.days": "days", "unit.items_per_month": "items per month",
    "unit.errors": "errors", "unit.units": "units", "finance.unit.per_year": "per year",
    "finance.unit.fraction_of_order": "fraction of the order value",
    "finance.unit.per_kpi_unit_item": "{currency} per KPI unit per item",
    "finance.unit.conversion": "conversion (fraction)", "finance.unit.kpi_units": "KPI units",
}


def _compile(plan, effects, horizon_months) -> _Case:
    plan = _as_plan(plan)
    costs = plan.costs
    if costs is None:
        raise PlanError(None, [("costs", "the plan has no 'costs:' section; add one "
                                         "(see templates/plan.yaml) for a business case")])
    horizon = _horizon(plan, horizon_months)
    cur = costs.currency
    measured = _read_effects(effects)
    params: dict[str, _Param] = {}

    def add(key, name, value, unit, upper=None, lower=0.0):
        """``name``: a name spec (see :attr:`_Param.name`); ``unit``: the plan's own
        text, or a words key of :data:`_UNIT_CODES` (its code is English)."""
        if unit in _UNIT_CODES:
            code, unit_key = _UNIT_CODES[unit].format(currency=cur), unit
        else:
            code, unit_key = unit, None
        params.setdefault(key, _Param(key, name, float(value), code, upper, lower, unit_key))
        return key

    one_off = tuple(add(f"costs.one_off[{i}]", (c.item, None, {}), c.total, cur)
                    for i, c in enumerate(costs.one_off))
    monthly = tuple(add(f"costs.monthly[{i}]", (c.item, None, {}), c.total, "unit.per_month")
                    for i, c in enumerate(costs.monthly))
    if sum(params[k].value for k in one_off + monthly) <= 0:
        raise PlanError(None, [("costs", "there is no investment: add one_off or monthly "
                                         "costs above zero; ROI divides by the investment")])
    add("costs.discount_rate", (None, "as.discount_rate", {}), costs.discount_rate,
        "finance.unit.per_year")

    terms, used = [], {}
    for i, b in enumerate(costs.benefits):
        where = f"costs.benefits[{i}]"
        kpi = plan.kpi(b.kpi) if b.kpi is not None else None
        if kpi is not None and b.kpi in measured:
            effect = used.setdefault(b.kpi, _checked_effect(measured[b.kpi]))
            key = add(f"kpis.{b.kpi}.change", (None, "finance.measured_change", {"name": kpi.name}),
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
            key = add(f"{where}.{b.assumption_field}", (b.name, f"as.{b.assumption_field}", {}),
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
            keys[role] = add(f"{where}.{role}", (b.name, f"as.{role}", {}),
                             getattr(b, role), unit, upper)
        terms.append(_Term(i, b, key, sign, is_measured, float(rate_per), keys, unit_scale))
    return _Case(cur, horizon, params, tuple(terms), one_off, monthly, used, plan)


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
