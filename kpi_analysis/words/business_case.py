"""The business case in words: labels, sentences, written-out formulas and calculations
in the report's language, from the numbers of :mod:`kpi_analysis.finance.case`.

Numbers first, then words: :func:`business_case` (``ka.business_case``) compiles the
plan's case and computes its numbers in :mod:`kpi_analysis.finance` (no language there),
then writes :data:`WORD_FIELDS` from those numbers in ``lang``. :func:`tornado` and
:func:`roi_interval` do the same for the sensitivity table (the assumptions' names) and
the Monte Carlo interval (the method in words). Words import finance, never the reverse.
"""
from __future__ import annotations

import math
from statistics import NormalDist

from ..finance.case import FIRST_YEAR, BusinessCase, case_numbers, compile_case
from ..finance.formulas import IRR_RATE_RANGE
from ..finance.sensitivity import tornado_case
from ..finance.simulation import interval_case
from .store import LANGUAGES, label
from .numbers import fmt_number, fmt_pct
from .store import language

__all__ = ["business_case", "tornado", "roi_interval", "WORD_FIELDS"]

#: the fields the words layer (:func:`business_case`) adds to
#: :func:`~kpi_analysis.finance.case.business_case_numbers`; everything else is the
#: same in every language
WORD_FIELDS = frozenset({"label", "formula", "calculation", "assumption", "assumptions",
                         "notes", "method", "text"})


def _num(x, lang: str = "en") -> str:
    """A number for display in ``lang``: thousands separators, decimals only where they
    matter (none for whole numbers and from 10,000; two from 1; else four significant).

    >>> _num(56_603.2), _num(56_603.2, "nl"), _num(1080.5, "nl"), _num(0.07832, "nl")
    ('56,603', '56.603', '1.080,50', '0,07832')
    """
    if x is None or not math.isfinite(float(x)):
        return label("finance.na", lang)
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
    """The texts of one business case in one language: the words store's sentences and
    numbers with that language's separators. Made per call, so nothing leaks between calls."""

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
        return self("finance.per_month", what=what)

    def name(self, param) -> str:
        """A parameter's readable name from its name spec (plan text, words key, fields)."""
        return _param_name(param, self.lang)

    def unit(self, param) -> str:
        """A parameter's unit in this language (its ``unit`` stays the code)."""
        if param.unit_key is None:
            return param.unit
        return label(param.unit_key, self.lang, currency=self.currency)


def _param_name(param, lang: str) -> str:
    text, key, fields = param.name
    if key is None:
        return text
    words = label(key, lang, **fields)
    return f"{text}: {words}" if text else words


def _benefit_text(w: _Words, case, term, per_month: float) -> tuple[str, str, str]:
    """(formula, calculation, where the improvement comes from) of one benefit."""
    b, p = term.benefit, case.params
    q = term.sign * p[term.effect_key].value * term.unit_scale
    m = {role: p[key].value for role, key in term.keys.items()}
    rp = term.rate_per
    field = (lambda role: label(f"as.{role}", w.lang))       # noqa: E731
    per_items = ((lambda what: w("finance.per_items", what=what, n=w.num(rp))) if rp != 1 else
                 (lambda what: w("finance.per_item", what=what)))
    scale = [(label("unit.items_per_month", w.lang), w.num(m.get("volume_per_month")), "x")] + (
        [(w.num(rp), w.num(rp), "/")] if rp != 1 else [])
    if b.type == "time_saved":
        t = (w("finance.minutes", value=w.num(q)) if b.time_unit == "minutes"
             else w("finance.hours", value=w.num(q)))
        name = w("finance.time_saved_minutes" if b.time_unit == "minutes" else "finance.time_saved")
        parts = {"day": [(w("finance.per_person_day", what=name), t, ""),
                         (field("people"), w.num(m.get("people")), "x"),
                         (field("working_days_per_month"),
                          w.num(m.get("working_days_per_month")), "x")],
                 "item": [(per_items(name), t, "")] + scale,
                 "month": [(w.per_month(name), t, "")]}[b.basis]
        parts.append((field("hourly_rate"), w.money(m["hourly_rate"]), "x"))
    elif b.type == "extra_revenue":
        uplift = w("finance.conversion_uplift")
        if b.basis == "item":
            parts = [(per_items(uplift) if rp != 1 else uplift, w.num(q), "")] + (
                [(w.num(rp), w.num(rp), "/")] if rp != 1 else []) + [
                (field("volume_per_month"), w.num(m["volume_per_month"]), "x")]
        else:
            parts = [(w.per_month(w("finance.extra_conversions")), w.num(q), "")]
        parts += [(field("order_value"), w.money(m["order_value"]), "x"),
                  (field("margin"), w.pct(m["margin"], 0), "x")]
    else:
        what = w({"avoided_cost": "finance.avoided", "error_cost": "finance.fewer_errors",
                  "per_unit": "finance.change"}[b.type])
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
        source = w("finance.source.measured", kpi=b.kpi, unit=kpi.unit, change=w.num(e.estimate),
                   low=w.num(e.ci_low), high=w.num(e.ci_high),
                   direction=label(f"direction.{kpi.direction}", w.lang),
                   improvement=w.num(q))
        if term.unit_scale != 1:
            source = w("finance.source.pp", source=source, pp=w.num(q / term.unit_scale),
                       fraction=w.num(q))
    else:
        source = w("finance.source.expected", field=b.assumption_field,
                   what=label(f"as.{b.assumption_field}", w.lang), value=w.num(q))
        if b.kpi is not None:
            source = w("finance.source.not_measured", source=source, kpi=b.kpi)
    return formula, calculation, source


def _irr_words(w: _Words, flows: list, irr_pct) -> str:
    """How the IRR was found, or why there is none."""
    if irr_pct is not None:
        irr_m = irr_pct / 100
        return w("finance.calc.irr", monthly=w.pct(irr_m, 4), r=w.fixed(irr_m, 6),
                 annual=w.pct((1 + irr_m) ** 12 - 1, 2))
    if not any(f > 0 for f in flows):
        reason = w("finance.irr.no_inflow")
    elif not any(f < 0 for f in flows):
        reason = w("finance.irr.no_outflow")
    else:
        reason = w("finance.irr.no_root", low=w.pct(IRR_RATE_RANGE[0], 10),
                   high=w.pct(IRR_RATE_RANGE[1], 0))
    return w("finance.calc.no_irr", reason=reason)


def _payback_words(w: _Words, cash: list, payback) -> str:
    """The month the cumulative cash flow turns positive, interpolated, or 'not within
    the horizon' with where it ends."""
    if payback is None:
        return w("finance.calc.no_payback", months=len(cash) - 1,
                 amount=w.money(cash[-1]["cumulative"]))
    if payback == 0:
        return w("finance.calc.payback_zero")
    t = int(math.floor(payback))
    c_prev = cash[t]["cumulative"]
    step = cash[t + 1]["net"] if t + 1 < len(cash) else float("nan")
    return w("finance.calc.payback", month=t, cumulative=w.money(c_prev), next=t + 1,
             step=w.money(step), gap=w.num(-c_prev), flow=w.num(step),
             payback=w.fixed(payback, 2))


def _figure_words(w: _Words, numbers: dict) -> dict:
    """Each figure with its label, formula and the calculation with the plan's numbers."""
    h = numbers["horizon_months"]
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
        "npv": w("finance.calc.npv", annual=w.pct(annual, 2), monthly=w.pct(r_m, 4),
                 start=w.num(flows[0]), months=h, flow=w.num(flows[1] if h else 0),
                 r=w.fixed(r_m, 6), npv=w.num(fig["npv"])),
        "irr_monthly_pct": _irr_words(w, flows, fig["irr_monthly_pct"]),
        "irr_annual_pct": _irr_words(w, flows, fig["irr_monthly_pct"]),
        "payback_months": _payback_words(w, cash, fig["payback_months"]),
    }
    fields = {"roi_first_year_pct": {"months": first_h}}
    return {key: {"label": w(f"figure.{key}", **fields.get(key, {})), **f,
                  "formula": w(f"finance.formula.{key}", **fields.get(key, {})),
                  "calculation": calculations[key]}
            for key, f in numbers["figures"].items()}


def _investment_words(w: _Words, costs, investment: dict) -> dict:
    """Each cost line with its formula: an amount, or hours x rate; monthly ones per month."""

    def lines(items, rows, monthly):
        out = []
        for c, row in zip(items, rows):
            text = (w("finance.hours_x_rate", hours=w.num(c.hours), rate=w.money(c.rate))
                    if c.amount is None else w.money(c.amount))
            out.append({**row, "formula": w.per_month(text) if monthly else text})
        return out

    return {**investment, "one_off": lines(costs.one_off, investment["one_off"], False),
            "monthly": lines(costs.monthly, investment["monthly"], True)}


def _break_even_words(w: _Words, p, row: dict, investment: float) -> dict:
    """A break-even row with the assumption's name and the value that makes ROI = 0."""
    others = row["benefit_at_zero"]
    if row["break_even"] is None:
        text = w("finance.be.none", name=w.name(p))
    else:
        text = w("finance.be.text", name=w.name(p), value=w.num(row["break_even"]),
                 unit=w.unit(p), now=w.num(p.value), investment=w.num(investment),
                 others=w.num(others), per_unit=w.num(row["benefit_per_unit"]))
        if row["covered_by_others"]:
            text = w("finance.be.covered", text=text, others=w.num(others))
    return {"assumption": w.name(p), **row, "text": text}


def _assumptions_and_notes(w: _Words, numbers: dict, sources: list) -> tuple[list, list]:
    """What the case assumes (horizon, discount rate, each benefit's source, the
    method) and what the reader should know (unused or missing measurements)."""
    annual, r_m = numbers["discount_rate_per_year"], numbers["discount_rate_per_month"]
    assumptions = [w("finance.assume.horizon", months=numbers["horizon_months"]),
                   w("finance.assume.discount", annual=w.pct(annual, 2), monthly=w.pct(r_m, 4)),
                   w("finance.assume.roi_npv")]
    assumptions += [f"{b['name']}: {source}." for b, source in zip(numbers["benefits"], sources)]
    notes = []
    if numbers["unused_effects"]:
        notes.append(w("finance.note.unused", kpis=", ".join(numbers["unused_effects"])))
    if numbers["uncertainty"] is None:
        notes.append(w("finance.note.no_effects"))
    else:
        assumptions.append(_method_words(w, numbers["uncertainty"]) + ".")
        unmeasured = [b["name"] for b in numbers["benefits"] if b["source"] == "expected"]
        if unmeasured:
            notes.append(w("finance.note.unmeasured", names=", ".join(unmeasured)))
    return assumptions, notes


def _method_words(w: _Words, uncertainty: dict) -> str:
    """The Monte Carlo method in words, from the numbers of
    :func:`~kpi_analysis.finance.simulation.summarise`."""
    level, seed = uncertainty["ci_level"], uncertainty["seed"]
    return w("finance.method", draws=w.fixed(uncertainty["draws"], 0),
             seed=w("finance.no_seed") if seed is None else seed,
             z=w.fixed(NormalDist().inv_cdf(0.5 + level / 2), 4), level=w.pct(level, 0))


def _case_words(w: _Words, case, numbers: BusinessCase) -> BusinessCase:
    """``numbers`` with the words of ``w``'s language (:data:`WORD_FIELDS`); ``case``
    the compiled case the numbers come from."""
    texts = [_benefit_text(w, case, t, b["per_month"])
             for t, b in zip(case.terms, numbers["benefits"])]
    benefits = [{**b, "formula": formula, "calculation": calculation, "assumption": source}
                for b, (formula, calculation, source) in zip(numbers["benefits"], texts)]
    assumptions, notes = _assumptions_and_notes(w, numbers, [t[2] for t in texts])
    uncertainty = numbers["uncertainty"]
    invest = numbers["figures"]["investment_total"]["value"]
    data = {**numbers,
            "figures": _figure_words(w, numbers), "benefits": benefits,
            "investment": _investment_words(w, case.plan.costs, numbers["investment"]),
            "break_even": [_break_even_words(w, case.params[row["field"]], row, invest)
                           for row in numbers["break_even"]],
            "uncertainty": None if uncertainty is None else
            {"method": _method_words(w, uncertainty), **uncertainty},
            "sensitivity": [{"rank": row["rank"],
                             "assumption": w.name(case.params[row["field"]]), **row}
                            for row in numbers["sensitivity"]],
            "assumptions": assumptions, "notes": notes}
    return BusinessCase(data, cash_flow=numbers.cash_flow,
                        tornado=_named(w, case, numbers.tornado),
                        simulation=numbers.simulation)


def _named(w: _Words, case, table):
    """The tornado table with its ``assumption`` names in ``w``'s language (2nd column)."""
    table = table.copy()
    table.insert(1, "assumption", [w.name(case.params[f]) for f in table["field"]])
    return table


def business_case(plan, effects=None, *, seed=0, draws=10_000, ci_level=0.95, spread=0.2,
                  horizon_months=None, required=True, lang=None) -> BusinessCase | None:
    """Everything the report shows about money: figures, formulas, intervals, tables.

    Two layers: :func:`~kpi_analysis.finance.case.business_case_numbers` computes the
    numbers and codes (the same in every language); this words layer writes the
    :data:`WORD_FIELDS` (labels, formulas, calculations, sources, assumptions, notes,
    the method) from those numbers in ``lang``.

    Parameters
    ----------
    plan : Plan or path
        A plan with a ``costs:`` section (see ``templates/plan.yaml``).
    effects : DataFrame or mapping, optional
        Measured KPI changes: :func:`~kpi_analysis.compare_kpis`' DataFrame as it is,
        or a mapping (see :func:`~kpi_analysis.finance.simulation.simulate_roi`).
        Without them (a baseline report) every benefit rests on the plan's expected
        improvement and there is no Monte Carlo interval.
    seed, draws, ci_level
        The Monte Carlo (see :func:`~kpi_analysis.finance.simulation.simulate_roi`).
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
        * ``cash_flow``: :func:`~kpi_analysis.finance.case.cash_flow_table` as records
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
    case = compile_case(plan, effects, horizon_months, required=required)
    if case is None:
        return None
    w = _Words(language(case.plan, lang), case.currency)
    numbers = case_numbers(case, effects, seed=seed, draws=draws, ci_level=ci_level,
                           spread=spread)
    return _case_words(w, case, numbers)


def tornado(plan, effects=None, *, spread=0.2, ranges=None, horizon_months=None,
            lang=None):
    """One-way sensitivity: each assumption moved over its range, ranked by ROI swing,
    with the assumptions named in ``lang``.

    :func:`~kpi_analysis.finance.sensitivity.tornado_numbers` with an ``assumption``
    column (readable, in ``lang``, default the plan's ``language``) after ``rank``;
    ``ranges`` may name an assumption by its field or by its name in any report
    language, e.g. ``{"Sales: order value": (40, 80)}``.

    Examples
    --------
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> table = tornado(PLAN_TEMPLATE, lang="nl",
    ...                 ranges={"Fewer invoice errors: kosten per fout": (30, 50)})
    >>> print(*table.loc[0, ["rank", "assumption", "low", "high"]])
    1 Fewer invoice errors: kosten per fout 30.0 50.0
    """
    case = compile_case(plan, effects, horizon_months)
    w = _Words(language(case.plan, lang), case.currency)
    by_name = {_param_name(p, lg): key for key, p in case.params.items() for lg in LANGUAGES}
    fields = {by_name.get(r, r): v for r, v in dict(ranges or {}).items()}
    return _named(w, case, tornado_case(case, spread, fields))


def roi_interval(plan, effects, *, draws=10_000, seed=0, ci_level=0.95,
                 horizon_months=None, lang=None) -> dict:
    """ROI, NPV and payback with 95% intervals from the measured KPI changes, and the
    method in words.

    :func:`~kpi_analysis.finance.simulation.roi_interval_numbers` (parameters and
    numbers as there) with ``method``: the Monte Carlo method in ``lang`` (default the
    plan's ``language``). JSON-ready.

    Examples
    --------
    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> plan = ka.load_plan(PLAN_TEMPLATE)
    >>> res = roi_interval(plan, {"errors_per_100": (-3.0, -3.0, -3.0)}, draws=1000)
    >>> res["method"][:40]
    'Monte Carlo, 1,000 draws, seed 0: each m'
    """
    case = compile_case(plan, effects, horizon_months)
    w = _Words(language(case.plan, lang), case.currency)
    numbers = interval_case(case, effects, draws=draws, seed=seed, ci_level=ci_level)
    return {"method": _method_words(w, numbers), **numbers}
