"""Tests of kpi_analysis.finance and the business case's words (words.business_case):
reference values from Excel's documentation and numpy-financial's tests, the method's
savings, errors, the Monte Carlo and the tornado.

Every test runs with warnings turned into errors, so a numpy RuntimeWarning (overflow,
division by zero, invalid value) fails it.
"""
from __future__ import annotations

import copy
import importlib
import json
import subprocess
import sys
import math
import re
from decimal import Decimal
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
import yaml

import kpi_analysis as ka
# the modules (ka.roi is the function): formulas, savings, the case's numbers, the Monte
# Carlo, and the words layer (business_case, tornado and roi_interval with their words)
F = importlib.import_module("kpi_analysis.finance.formulas")
SV = importlib.import_module("kpi_analysis.finance.savings")
C = importlib.import_module("kpi_analysis.finance.case")
MC = importlib.import_module("kpi_analysis.finance.simulation")
W = importlib.import_module("kpi_analysis.words.business_case")
from kpi_analysis.errors import InputError, KpiError, PlanError
from kpi_analysis.plan import parse_plan

pytestmark = pytest.mark.filterwarnings("error")

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "plan.yaml"


def excel_npv(rate, *values):
    """Excel's NPV as Microsoft documents it: value i is discounted i periods, i = 1..n."""
    return sum(v / (1 + rate) ** i for i, v in enumerate(values, start=1))


@pytest.fixture(scope="module")
def raw_template():
    return yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))


def make_plan(raw_template, costs=None, extra_kpis=()):
    raw = copy.deepcopy(raw_template)
    if costs is not None:
        raw["costs"] = costs
    raw["processes"][0]["kpis"].extend(copy.deepcopy(list(extra_kpis)))
    return parse_plan(raw, "test-plan.yaml")


CONVERSION_KPI = {"id": "quote_conversion", "name": "Quotes accepted", "unit": "share of quotes",
                  "kind": "proportion", "direction": "higher_is_better", "level": "business",
                  "indicator": "lagging"}
MINUTES_KPI = {"id": "minutes_per_invoice", "name": "Minutes per invoice", "unit": "minutes",
               "kind": "duration", "direction": "lower_is_better", "level": "process",
               "indicator": "lagging"}


# --- Excel and numpy-financial reference values ---------------------------------------

class TestNpvReferences:
    def test_excel_example_1(self):
        # Microsoft Support, "NPV function", example 1:
        # =NPV(10%, -10000, 3000, 4200, 6800) -> $1,188.44 (the -10,000 is discounted,
        # "one year from today")
        assert F.npv(0.10, [0, -10_000, 3_000, 4_200, 6_800]) == pytest.approx(1188.44, abs=0.005)

    def test_excel_example_2(self):
        # Microsoft Support, "NPV function", example 2: initial cost 40,000 at the start,
        # =NPV(8%, A4:A8) + A3 -> $1,922.06
        flows = [-40_000, 8_000, 9_200, 10_000, 12_000, 14_500]
        assert F.npv(0.08, flows) == pytest.approx(1922.06, abs=0.005)

    def test_excel_example_2_with_loss(self):
        # Microsoft Support, "NPV function", example 2: with a 9,000 loss in year six,
        # =NPV(8%, A4:A8, -9000) + A3 -> ($3,749.47)
        flows = [-40_000, 8_000, 9_200, 10_000, 12_000, 14_500, -9_000]
        assert F.npv(0.08, flows) == pytest.approx(-3749.47, abs=0.005)

    @pytest.mark.parametrize("rate", [0.0, 0.05, 0.1, 0.37])
    def test_conversion_from_excel_documented_in_docstring(self, rate):
        c = [-40_000, 8_000, 9_200, 10_000, 12_000, 14_500]
        # Excel's "=NPV(r, c1..cn) + c0" pattern
        assert F.npv(rate, c) == pytest.approx(excel_npv(rate, *c[1:]) + c[0], rel=1e-12)
        # Excel's NPV over all values, times (1 + r)
        assert F.npv(rate, c) == pytest.approx(excel_npv(rate, *c) * (1 + rate), rel=1e-12)
        # Excel's NPV itself: prepend a zero
        assert F.npv(rate, [0, *c]) == pytest.approx(excel_npv(rate, *c), rel=1e-12)

    def test_numpy_financial_npv(self):
        # numpy-financial, numpy_financial/tests/test_financial.py, test_npv_decimal:
        # npf.npv(Decimal('0.05'), [-15000, 1500, 2500, 3500, 4500, 6000])
        #   == Decimal('122.894854950942692161628715')
        expected = float(Decimal("122.894854950942692161628715"))
        assert F.npv(0.05, [-15_000, 1_500, 2_500, 3_500, 4_500, 6_000]) == pytest.approx(
            expected, rel=1e-12)

    def test_numpy_financial_npv_docstring(self):
        # numpy-financial, _financial.py, npv docstring:
        # np.round(npf.npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]), 5) -> 3065.22267
        assert round(F.npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]), 5) == 3065.22267

    def test_numpy_financial_npv_rows(self):
        # numpy-financial, _financial.py, npv docstring (rates x cashflows table):
        # rate 0.05 -> [-2798.19, -3612.24]; rate 0.10 -> [-2884.3, -3710.74]
        cf = [[-4_000, 500, 800], [-5_000, 600, 900]]
        np.testing.assert_allclose(F.npv(0.05, cf), [-2798.19, -3612.24], atol=0.005)
        np.testing.assert_allclose(F.npv(0.10, cf), [-2884.30, -3710.74], atol=0.005)
        # one rate per row
        np.testing.assert_allclose(F.npv([0.0, 0.10], cf), [-2700.0, -3710.74], atol=0.005)

    def test_xnpv_excel(self):
        # Microsoft Support, "XNPV function" example, and Microsoft Learn,
        # "WorksheetFunction.Xnpv method": =XNPV(.09, A2:A6, B2:B6) -> 2086.6476 (2,086.65)
        values = [-10_000, 2_750, 4_250, 3_250, 2_750]
        dates = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"]
        assert F.xnpv(0.09, values, dates) == pytest.approx(2086.6476, abs=5e-5)

    def test_xnpv_accepts_date_objects_in_any_order_after_the_first(self):
        from datetime import date
        values = [-10_000, 2_750, 4_250, 3_250, 2_750]
        dates = [date(2008, 1, 1), date(2008, 3, 1), date(2008, 10, 30), date(2009, 2, 15),
                 date(2009, 4, 1)]
        order = [0, 3, 1, 4, 2]
        assert F.xnpv(0.09, [values[i] for i in order], [dates[i] for i in order]) == \
            pytest.approx(F.xnpv(0.09, values, dates), rel=1e-13)


class TestIrrReferences:
    # Microsoft Support, "IRR function": -70,000 initial cost, then net income of
    # 12,000 / 15,000 / 18,000 / 21,000 / 26,000 in years one to five.
    FLOWS = [-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]

    def test_excel_after_four_years(self):
        # =IRR(A2:A6) -> -2.1% ("investment's internal rate of return after four years")
        assert round(F.irr(self.FLOWS[:5]) * 100, 1) == -2.1

    def test_excel_after_five_years(self):
        # =IRR(A2:A7) -> 8.7%
        assert round(F.irr(self.FLOWS) * 100, 1) == 8.7

    def test_excel_after_two_years(self):
        # =IRR(A2:A4, -10%) -> -44.4% (Excel needs the guess; the bracketing here does not)
        assert round(F.irr(self.FLOWS[:3]) * 100, 1) == -44.4
        assert round(F.irr(self.FLOWS[:3], guess=-0.1) * 100, 1) == -44.4

    def test_excel_npv_of_irr_is_zero(self):
        # "NPV(IRR(A2:A7),A2:A7) equals 1.79E-09 [Within the accuracy of the IRR
        # calculation, the value is effectively 0 (zero).]"
        assert abs(F.npv(F.irr(self.FLOWS), self.FLOWS)) < 1e-8

    @pytest.mark.parametrize("flows, expected", [
        # numpy-financial, _financial.py, irr docstring (rounded to 5 decimals there)
        ([-100, 39, 59, 55, 20], 0.28095),
        ([-100, 0, 0, 74], -0.0955),
        ([-100, 100, 0, -7], -0.0833),     # two sign changes: the root nearest 10%
        ([-100, 100, 0, 7], 0.06206),
        ([-5, 10.5, 1, -8, 1], 0.0886),    # three sign changes, three roots
    ])
    def test_numpy_financial_docstring(self, flows, expected):
        assert round(F.irr(flows), 5) == expected

    def test_numpy_financial_basic_value(self):
        # numpy-financial, tests/test_financial.py, TestIrr.test_basic_values (decimal=2)
        assert F.irr([-150_000, 15_000, 25_000, 35_000, 45_000, 60_000]) == pytest.approx(
            0.0524, abs=5e-5)

    def test_numpy_financial_trailing_zeros(self):
        # numpy-financial, tests/test_financial.py, TestIrr.test_trailing_zeros -> 0.0886
        assert round(F.irr([-5, 10.5, 1, -8, 1, 0, 0, 0]), 4) == 0.0886

    def test_numpy_financial_npv_irr_congruence(self):
        # numpy-financial, tests/test_financial.py, test_npv_irr_congruence (atol 1e-10)
        cf = [-40_000, 5_000, 8_000, 12_000, 30_000]
        assert abs(F.npv(F.irr(cf), cf)) < 1e-10

    def test_numpy_financial_gh_15(self):
        # numpy-financial, tests/test_financial.py, TestIrr.test_gh_15: a tiny IRR root
        # near -100%; desired = -0.9999999990596069 (rtol 1e-9)
        v = [-3000.0, 2.3926932267015667e-07, 4.1672087103345505e-16,
             5.3965110036378706e-25, 5.1962551071806174e-34, 3.7202955645436402e-43,
             1.9804961711632469e-52, 7.8393517651814181e-62, 2.3072565113911438e-71,
             5.0491839233308912e-81, 8.2159177668499263e-91, 9.9403244366963527e-101,
             8.942410813633967e-111, 5.9816122646481191e-121, 2.9750309031844241e-131,
             1.1002067043497954e-141, 3.0252876563518021e-152, 6.1854121948207909e-163,
             9.4032980015353301e-174, 1.0629218520017728e-184, 8.9337141847171845e-196,
             5.5830607698467935e-207, 2.5943122036622652e-218, 8.9635842466507006e-230,
             2.3027710094332358e-241, 4.3987510596745562e-253, 6.2476630372575209e-265,
             6.598046841695288e-277, 5.1811095266842017e-289, 3.0250999925830644e-301,
             1.3133070599585015e-313]
        assert F.irr(v) == pytest.approx(-0.9999999990596069, rel=1e-9)

    def test_numpy_financial_gh_6744_is_an_error_not_nan(self):
        # numpy-financial returns nan for [-1, -2, -3] (gh-6744); the kit names the field
        with pytest.raises(InputError, match="cashflows"):
            F.irr([-1, -2, -3])

    def test_xirr_excel(self):
        # Microsoft Support, "XIRR function": =XIRR(A3:A7, B3:B7, 0.1) -> 0.373362535
        # (Excel iterates to 0.000001%; the root here is exact)
        values = [-10_000, 2_750, 4_250, 3_250, 2_750]
        dates = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"]
        rate = F.xirr(values, dates)
        assert rate == pytest.approx(0.373362535, abs=1e-8)
        assert abs(F.xnpv(rate, values, dates)) < 1e-8

    def test_long_monthly_series(self):
        # 240 months: an annuity whose rate is known exactly
        r = 0.01
        annuity = (1 - (1 + r) ** -240) / r
        flows = [-annuity] + [1.0] * 240
        assert F.irr(flows) == pytest.approx(r, rel=1e-10)


# --- the method's savings --------------------------------------------------------------

class TestCalculators:
    def test_method_example_is_exactly_1000_per_day(self):
        # METHOD.md: 2 h/day x 10 people x EUR 50 = EUR 1,000 per day
        assert SV.time_saving(2, 50, people=10) == 1000.0
        assert SV.time_saving(2, 50, people=10, working_days=21) == 21_000.0

    def test_avoided_tickets(self):
        assert SV.avoided_cost(120, 20) == 2400.0

    def test_fewer_errors(self):
        assert SV.error_saving(27, 40) == 1080.0
        assert SV.error_saving(3, 40, volume=900, rate_per=100) == 1080.0

    def test_extra_revenue(self):
        assert SV.extra_revenue(0.01, 10_000, 55, margin=0.3) == pytest.approx(1650.0, rel=1e-15)
        assert SV.extra_revenue(0.02, 60, 2_500, 1.0) == pytest.approx(3000.0, rel=1e-15)

    def test_vectorised(self):
        out = SV.time_saving(np.array([1.0, 2.0]), 50, people=10)
        np.testing.assert_array_equal(out, [500.0, 1000.0])

    def test_roi_is_exactly_the_method_formula(self):
        rng = np.random.default_rng(1)
        b, i = rng.uniform(0, 1e6, 50), rng.uniform(1, 1e6, 50)
        np.testing.assert_array_equal(F.roi(b, i), (b - i) / i * 100)
        assert F.roi(52_300, 18_400) == (52_300 - 18_400) / 18_400 * 100

    def test_payback(self):
        assert F.payback_period([-1000, 300, 300, 300, 300]) == pytest.approx(3 + 1 / 3)
        assert F.payback_period([-100, 50, 50]) == 2.0
        assert F.payback_period([0, 10]) == 0.0
        assert F.payback_period([-1000, 100, 100]) == math.inf
        rows = F.payback_period([[-1000, 300, 300, 300, 300], [-100, 100, 0, 0, 0],
                                 [-1, 0, 0, 0, 0]])
        np.testing.assert_allclose(rows, [3 + 1 / 3, 1.0, math.inf])

    def test_payback_first_crossing(self):
        assert F.payback_period([-100, 150, -200, 300]) == pytest.approx(100 / 150)

    def test_monthly_rate_compounds_to_the_annual_rate(self):
        assert (1 + F.monthly_rate(0.08)) ** 12 == pytest.approx(1.08, rel=1e-14)
        assert F.monthly_rate(0.0) == 0.0

    def test_break_even_volume(self):
        assert SV.break_even_volume(1000, 10) == 100.0
        assert SV.break_even_volume(1000, 10, other_benefits=400) == 60.0


# --- errors: never nan, always the field ------------------------------------------------

class TestErrors:
    @pytest.mark.parametrize("flows", [[100, 200], [-1, -2, -3], [0, 0, 0], [-5, 0]])
    def test_irr_without_sign_change(self, flows):
        with pytest.raises(InputError, match="cashflows must contain at least one negative"):
            F.irr(flows)

    def test_irr_without_real_root(self):
        # -1 + 1/(1+r) - 1/(1+r)^2 < 0 for every r > -1
        with pytest.raises(InputError, match="cashflows: no rate"):
            F.irr([-1, 1, -1])

    def test_xirr_without_sign_change(self):
        with pytest.raises(InputError, match="values must contain"):
            F.xirr([10, 20], ["2024-01-01", "2024-06-01"])

    def test_xnpv_date_before_start(self):
        with pytest.raises(InputError, match=r"dates\[1\]"):
            F.xnpv(0.1, [-10, 20], ["2024-06-01", "2024-01-01"])

    def test_negative_hourly_rate(self):
        with pytest.raises(InputError, match=r"hourly_rate must be a finite number >= 0.*-50"):
            SV.time_saving(2, -50, people=10)

    def test_missing_rate(self):
        with pytest.raises(InputError, match="hourly_rate is missing"):
            SV.time_saving(2, None)

    def test_nan_argument(self):
        with pytest.raises(InputError, match="cashflows.*nan"):
            F.npv(0.1, [-100, float("nan"), 50])

    def test_bad_rate(self):
        with pytest.raises(InputError, match="rate must be a finite number > -1"):
            F.npv(-1.0, [-100, 110])

    def test_roi_needs_an_investment(self):
        with pytest.raises(InputError, match="investment must be a finite number > 0"):
            F.roi(100, 0)

    def test_errors_are_kpi_errors(self):
        assert issubclass(InputError, KpiError) and issubclass(PlanError, KpiError)

    def _plan_error(self, raw_template, costs):
        with pytest.raises(PlanError) as info:
            make_plan(raw_template, costs)
        return str(info.value)

    def test_plan_negative_hourly_rate(self, raw_template):
        costs = {"one_off": [{"item": "x", "amount": 1000}], "benefits": [
            {"name": "t", "type": "time_saved", "time_saved": 2, "people": 10,
             "hourly_rate": -50}]}
        assert "costs.benefits[0].hourly_rate" in self._plan_error(raw_template, costs)

    def test_plan_negative_internal_rate(self, raw_template):
        costs = {"one_off": [{"item": "Internal hours", "hours": 80, "rate": -55}]}
        assert "costs.one_off[0].rate" in self._plan_error(raw_template, costs)

    def test_plan_missing_hourly_rate(self, raw_template):
        costs = {"one_off": [{"item": "x", "amount": 1000}], "benefits": [
            {"name": "t", "type": "time_saved", "time_saved": 2, "people": 10}]}
        msg = self._plan_error(raw_template, costs)
        assert "costs.benefits[0]" in msg and "'hourly_rate'" in msg

    def test_plan_missing_rate_of_internal_hours(self, raw_template):
        costs = {"one_off": [{"item": "Internal hours", "hours": 80}]}
        msg = self._plan_error(raw_template, costs)
        assert "costs.one_off[0]" in msg and "'rate' is missing" in msg

    def test_plan_horizon_zero(self, raw_template):
        costs = {"horizon_months": 0, "one_off": [{"item": "x", "amount": 1000}]}
        assert "costs.horizon_months" in self._plan_error(raw_template, costs)

    def test_argument_horizon_zero(self):
        plan = ka.load_plan(TEMPLATE)
        for fn in (W.business_case, C.cash_flow_table, W.tornado):
            with pytest.raises(InputError, match="horizon_months must be a whole number.*0"):
                fn(plan, horizon_months=0)

    def test_plan_field_that_does_not_fit_the_type(self, raw_template):
        costs = {"one_off": [{"item": "x", "amount": 1000}], "benefits": [
            {"name": "t", "type": "avoided_cost", "avoided": 10, "cost_per_unit": 20,
             "hourly_rate": 50}]}
        assert "'hourly_rate' does not apply" in self._plan_error(raw_template, costs)

    def test_unmeasured_kpi_without_expectation(self, raw_template):
        costs = {"one_off": [{"item": "x", "amount": 1000}], "benefits": [
            {"name": "Errors", "type": "error_cost", "kpi": "errors_per_100",
             "volume_per_month": 900, "cost_per_error": 40}]}
        plan = make_plan(raw_template, costs)          # a valid plan ...
        with pytest.raises(PlanError, match=r"costs\.benefits\[0\]\.fewer_errors"):
            W.business_case(plan)                      # ... but no number yet
        case = W.business_case(plan, {"errors_per_100": (-3, -4, -2)})
        assert case["benefits"][0]["per_month"] == pytest.approx(1080.0)

    def test_no_costs_section(self, raw_template):
        raw = copy.deepcopy(raw_template)
        del raw["costs"]
        with pytest.raises(PlanError, match="costs"):
            W.business_case(parse_plan(raw))

    def test_no_investment(self, raw_template):
        costs = {"benefits": [{"name": "t", "type": "avoided_cost", "avoided": 1,
                               "cost_per_unit": 2}]}
        with pytest.raises(PlanError, match="no investment"):
            W.business_case(make_plan(raw_template, costs))

    def test_bad_effects(self):
        plan = ka.load_plan(TEMPLATE)
        with pytest.raises(InputError, match=r"effects\['errors_per_100'\].*ci_low <= change"):
            W.business_case(plan, {"errors_per_100": (-3, -2, -1)})
        with pytest.raises(InputError, match=r"effects\['errors_per_100'\] ci_low.*nan"):
            W.business_case(plan, {"errors_per_100": (-3, float("nan"), -1)})
        with pytest.raises(InputError, match="missing: ci_high"):
            W.business_case(plan, pd.DataFrame({"kpi": ["errors_per_100"], "change": [-3.0],
                                                "ci_low": [-4.0]}))
        with pytest.raises(InputError, match="effects holds no measured change"):
            MC.simulate_roi(plan, {"days_to_paid": (-2, -3, -1)})

    def test_bad_monte_carlo_arguments(self):
        plan = ka.load_plan(TEMPLATE)
        eff = {"errors_per_100": (-3, -4, -2)}
        with pytest.raises(InputError, match="draws"):
            MC.simulate_roi(plan, eff, draws=0)
        with pytest.raises(InputError, match="seed"):
            MC.simulate_roi(plan, eff, seed=-1)
        with pytest.raises(InputError, match="ci_level"):
            MC.simulate_roi(plan, eff, ci_level=95)


# --- the plan's business case --------------------------------------------------------------

class TestBusinessCase:
    # templates/plan.yaml: one-off 6,000 + 80 h x 55 + 1,500; 350 a month; 36 months;
    # 3 errors fewer per 100 of 900 invoices at 40; 0.25 h/day x 3 people x 21 days x 45
    ONE_OFF = 6_000 + 80 * 55 + 1_500
    RUNNING = 350.0
    BENEFIT_PM = 3 * 900 / 100 * 40 + 0.25 * 3 * 21 * 45
    H = 36

    def hand_flows(self, benefit_pm=None):
        b = self.BENEFIT_PM if benefit_pm is None else benefit_pm
        return np.r_[-self.ONE_OFF, np.full(self.H, b - self.RUNNING)]

    def test_template_loads(self):
        plan = ka.load_plan(TEMPLATE)
        assert [b.type for b in plan.costs.benefits] == ["error_cost", "time_saved"]

    def test_total_investment(self):
        assert C.total_investment(ka.load_plan(TEMPLATE)) == self.ONE_OFF + self.RUNNING * self.H

    def test_figures_against_a_hand_calculation(self):
        case = W.business_case(ka.load_plan(TEMPLATE))
        f = case["figures"]
        benefit, invest = self.BENEFIT_PM * self.H, self.ONE_OFF + self.RUNNING * self.H
        assert f["benefit_total"]["value"] == pytest.approx(benefit, rel=1e-15)
        assert f["investment_total"]["value"] == invest
        assert f["roi_pct"]["value"] == pytest.approx((benefit - invest) / invest * 100,
                                                      rel=1e-15)
        flows = self.hand_flows()
        r_m = 1.08 ** (1 / 12) - 1
        hand_npv = sum(c / (1 + r_m) ** t for t, c in enumerate(flows))
        assert f["npv"]["value"] == pytest.approx(hand_npv, rel=1e-12)
        cum = np.cumsum(flows)
        t = int(np.argmax(cum >= 0))
        assert f["payback_months"]["value"] == pytest.approx(t - 1 - cum[t - 1] / flows[t])
        irr_m = f["irr_monthly_pct"]["value"] / 100
        assert abs(F.npv(irr_m, flows)) < 1e-6
        assert f["irr_annual_pct"]["value"] == pytest.approx(((1 + irr_m) ** 12 - 1) * 100)
        first = 12
        b1, i1 = self.BENEFIT_PM * first, self.ONE_OFF + self.RUNNING * first
        assert f["roi_first_year_pct"]["value"] == pytest.approx((b1 - i1) / i1 * 100)

    def test_formula_text_shows_the_numbers(self):
        f = W.business_case(ka.load_plan(TEMPLATE))["figures"]
        assert f["roi_pct"]["formula"] == "ROI = (benefit - investment) / investment x 100"
        assert f["roi_pct"]["calculation"] == "(64,395 - 24,500) / 24,500 x 100 = 162.8%"
        assert f["investment_total"]["calculation"] == "11,900 + 350 x 36 = 24,500"

    def test_benefit_lines(self):
        case = W.business_case(ka.load_plan(TEMPLATE))
        errors, time = case["benefits"]
        assert errors["per_month"] == 1080.0 and errors["source"] == "expected"
        assert errors["calculation"] == "3 x 900 / 100 x EUR 40 = EUR 1,080 per month"
        assert time["per_month"] == SV.time_saving(0.25, 45, people=3, working_days=21)
        assert "0.25 h x 3 x 21 x EUR 45" in time["calculation"]

    def test_json_ready_without_nan(self):
        case = W.business_case(ka.load_plan(TEMPLATE), {"errors_per_100": (-3.4, -4.6, -2.2)})
        text = json.dumps(case, allow_nan=False)
        assert json.loads(text)["source"] == "measured effects"
        assert isinstance(case.cash_flow, pd.DataFrame) and isinstance(case.tornado, pd.DataFrame)
        assert len(case.simulation) == 10_000

    def test_baseline_report_has_no_interval(self):
        case = W.business_case(ka.load_plan(TEMPLATE))
        assert case["source"] == "plan assumptions" and case["uncertainty"] is None
        assert case.simulation is None and case["notes"]

    def test_cash_flow_table(self):
        table = C.cash_flow_table(ka.load_plan(TEMPLATE))
        assert list(table.columns) == ["month", "investment", "running_costs", "benefits", "net",
                                       "cumulative", "discounted", "discounted_cumulative"]
        assert len(table) == self.H + 1
        np.testing.assert_allclose(table["net"], self.hand_flows(), rtol=1e-15)
        assert table["discounted_cumulative"].iloc[-1] == pytest.approx(
            F.npv(F.monthly_rate(0.08), table["net"]), rel=1e-13)

    def test_no_irr_and_no_payback_when_it_never_pays(self, raw_template):
        costs = {"one_off": [{"item": "x", "amount": 1000}],
                 "monthly": [{"item": "licence", "amount": 500}],
                 "benefits": [{"name": "t", "type": "avoided_cost", "avoided": 10,
                               "cost_per_unit": 20}]}
        case = W.business_case(make_plan(raw_template, costs))
        f = case["figures"]
        assert f["irr_monthly_pct"]["value"] is None
        assert "no internal rate of return" in f["irr_monthly_pct"]["calculation"]
        assert f["payback_months"]["value"] is None
        assert "not paid back" in f["payback_months"]["calculation"]
        json.dumps(case, allow_nan=False)

    def test_break_even(self):
        case = W.business_case(ka.load_plan(TEMPLATE))
        row = next(r for r in case["break_even"]
                   if r["field"] == "costs.benefits[0].volume_per_month")
        other = 0.25 * 3 * 21 * 45 * self.H
        invest = self.ONE_OFF + self.RUNNING * self.H
        assert row["break_even"] == pytest.approx((invest - other) / (3 / 100 * 40 * self.H))

    def test_horizon_override(self):
        case = W.business_case(ka.load_plan(TEMPLATE), horizon_months=12)
        assert case["horizon_months"] == 12
        assert case["figures"]["roi_pct"]["value"] == pytest.approx(
            case["figures"]["roi_first_year_pct"]["value"])


class TestBenefitTypes:
    def costs(self, *benefits):
        return {"horizon_months": 12, "one_off": [{"item": "x", "amount": 10_000}],
                "benefits": list(benefits)}

    def per_month(self, raw_template, benefit, effects=None, extra_kpis=()):
        plan = make_plan(raw_template, self.costs(benefit), extra_kpis)
        return W.business_case(plan, effects)["benefits"][0]["per_month"]

    def test_time_saved_in_minutes_per_item(self, raw_template):
        b = {"name": "t", "type": "time_saved", "time_saved": 6, "time_unit": "minutes",
             "per": "item", "volume_per_month": 900, "hourly_rate": 50}
        assert self.per_month(raw_template, b) == pytest.approx(6 / 60 * 900 * 50)

    def test_time_saved_per_day_is_the_method_example(self, raw_template):
        b = {"name": "t", "type": "time_saved", "time_saved": 2, "per": "day", "people": 10,
             "working_days_per_month": 1, "hourly_rate": 50}
        assert self.per_month(raw_template, b) == 1000.0

    def test_avoided_cost_per_month(self, raw_template):
        b = {"name": "t", "type": "avoided_cost", "avoided": 120, "cost_per_unit": 20}
        assert self.per_month(raw_template, b) == 2400.0

    def test_extra_revenue_with_percent_strings(self, raw_template):
        b = {"name": "t", "type": "extra_revenue", "conversion_uplift": "2%",
             "volume_per_month": 60, "order_value": 2500, "margin": "30%"}
        assert self.per_month(raw_template, b) == pytest.approx(0.02 * 60 * 2500 * 0.3)

    def test_first_template_form_still_works(self, raw_template):
        # the first plan template: no type, value_per_unit already per 100 invoices
        b = {"name": "Fewer invoice errors", "kpi": "errors_per_100", "assumed_change": 3,
             "volume_per_month": 900, "value_per_unit": 0.4}
        assert self.per_month(raw_template, b) == pytest.approx(3 * 900 * 0.4)

    def test_lower_is_better_improvement_is_a_positive_benefit(self, raw_template):
        b = {"name": "t", "type": "time_saved", "kpi": "minutes_per_invoice", "time_unit":
             "minutes", "per": "item", "volume_per_month": 900, "hourly_rate": 50}
        gain = self.per_month(raw_template, b, {"minutes_per_invoice": (-6, -8, -4)},
                              [MINUTES_KPI])
        assert gain == pytest.approx(6 / 60 * 900 * 50)
        loss = self.per_month(raw_template, b, {"minutes_per_invoice": (2, 1, 3)},
                              [MINUTES_KPI])
        assert loss == pytest.approx(-2 / 60 * 900 * 50)

    def test_higher_is_better_improvement_is_a_positive_benefit(self, raw_template):
        b = {"name": "t", "type": "extra_revenue", "kpi": "quote_conversion", "per": "item",
             "volume_per_month": 60, "order_value": 2500, "margin": 0.3}
        # a proportion's change is in percentage points, as compare_kpis gives it
        gain = self.per_month(raw_template, b, {"quote_conversion": (5.0, 1.0, 9.0)},
                              [CONVERSION_KPI])
        assert gain == pytest.approx(0.05 * 60 * 2500 * 0.3)

    def test_error_rate_per_100_defaults_to_the_kpi(self, raw_template):
        b = {"name": "t", "type": "error_cost", "kpi": "errors_per_100", "per": "item",
             "volume_per_month": 900, "cost_per_error": 40}
        assert self.per_month(raw_template, b, {"errors_per_100": (-3, -4, -2)}) == \
            pytest.approx(1080.0)


# --- Monte Carlo ------------------------------------------------------------------------

class TestMonteCarlo:
    @pytest.fixture
    def linear_plan(self, raw_template):
        # one benefit linear in the measured change: ROI(c) = (-c x 9 x 40 x 12 - I) / I x 100
        costs = {"horizon_months": 12, "discount_rate": 0.0,
                 "one_off": [{"item": "set-up", "amount": 12_000}],
                 "benefits": [{"name": "Errors", "type": "error_cost", "kpi": "errors_per_100",
                               "per": "item", "volume_per_month": 900,
                               "cost_per_error": 40}]}
        return make_plan(raw_template, costs)

    @staticmethod
    def roi_of(change):
        return (-change * 9 * 40 * 12 - 12_000) / 12_000 * 100

    def test_reproducible_with_a_seed(self):
        plan, eff = ka.load_plan(TEMPLATE), {"errors_per_100": (-3.0, -4.2, -1.8)}
        a = MC.simulate_roi(plan, eff, seed=42)
        b = MC.simulate_roi(plan, eff, seed=42)
        pd.testing.assert_frame_equal(a, b)
        c = MC.simulate_roi(plan, eff, seed=43)
        assert not np.array_equal(a["roi_pct"], c["roi_pct"])
        assert W.roi_interval(plan, eff, seed=7) == W.roi_interval(plan, eff, seed=7)

    def test_zero_interval_is_the_point_calculation(self):
        plan, eff = ka.load_plan(TEMPLATE), {"errors_per_100": (-3.0, -3.0, -3.0)}
        point = W.business_case(plan, {"errors_per_100": -3.0})["figures"]
        sim = MC.simulate_roi(plan, eff, draws=500)
        assert (sim["roi_pct"] == point["roi_pct"]["value"]).all()
        assert (sim["npv"] == point["npv"]["value"]).all()
        assert (sim["payback_months"] == point["payback_months"]["value"]).all()
        res = W.roi_interval(plan, eff)
        assert res["roi_pct"]["ci_low"] == res["roi_pct"]["ci_high"] == point["roi_pct"]["value"]

    def test_linear_case_matches_the_analytic_interval(self, linear_plan):
        est, lo, hi = -3.6, -6.0, -1.2           # sd = 2.4 / 1.959964
        res = W.roi_interval(linear_plan, {"errors_per_100": (est, lo, hi)}, draws=200_000)
        sd = (hi - lo) / (2 * NormalDist().inv_cdf(0.975))
        roi_sd = 9 * 40 * 12 / 12_000 * 100 * sd
        # a linear map sends the 2.5% / 97.5% points of the change to those of ROI
        assert res["roi_pct"]["median"] == pytest.approx(self.roi_of(est), abs=0.02 * roi_sd)
        assert res["roi_pct"]["ci_low"] == pytest.approx(self.roi_of(hi), abs=0.03 * roi_sd)
        assert res["roi_pct"]["ci_high"] == pytest.approx(self.roi_of(lo), abs=0.03 * roi_sd)
        p = 1 - NormalDist(self.roi_of(est), roi_sd).cdf(0)
        assert res["p_roi_positive"] == pytest.approx(p, abs=0.005)
        # one investment then constant flows: paid back within the horizon <=> ROI >= 0
        assert res["p_payback_within_horizon"] == pytest.approx(res["p_roi_positive"],
                                                                abs=1e-4)
        # discount rate 0: NPV = benefit - investment = ROI x I / 100
        assert res["npv"]["median"] == pytest.approx(res["roi_pct"]["median"] * 120, rel=1e-9)

    def test_dataframe_from_compare_kpis_wires_in(self):
        plan = ka.load_plan(TEMPLATE)
        frame = pd.DataFrame({"kpi": ["days_to_paid", "errors_per_100"],
                              "test": ["welch", "poisson"], "change": [-2.5, -3.0],
                              "ci_low": [np.nan, -4.2], "ci_high": [np.nan, -1.8],
                              "p_val": [0.01, 0.001]})
        from_frame = MC.simulate_roi(plan, frame)
        from_map = MC.simulate_roi(plan, {"errors_per_100": (-3.0, -4.2, -1.8)})
        pd.testing.assert_frame_equal(from_frame, from_map)
        case = W.business_case(plan, frame)
        assert any("days_to_paid" in n for n in case["notes"])

    def test_resampled_draws(self):
        plan = ka.load_plan(TEMPLATE)
        draws = np.random.default_rng(3).normal(-3.0, 0.6, 4000)
        res = W.roi_interval(plan, {"errors_per_100": draws})
        assert res["effects"][0]["distribution"] == "resampled"
        point = W.business_case(plan, {"errors_per_100": float(draws.mean())})
        assert res["roi_pct"]["median"] == pytest.approx(
            point["figures"]["roi_pct"]["value"], abs=3)

    def test_payback_beyond_horizon_is_none_in_json(self, linear_plan):
        res = W.roi_interval(linear_plan, {"errors_per_100": (-1.0, -3.0, 1.0)})
        assert res["payback_months"]["ci_high"] is None
        json.dumps(res, allow_nan=False)


# --- tornado ----------------------------------------------------------------------------

class TestTornado:
    def test_ranked_and_tidy(self):
        table = W.tornado(ka.load_plan(TEMPLATE))
        assert list(table.columns[:7]) == ["rank", "assumption", "field", "unit", "base", "low",
                                           "high"]
        assert table["roi_swing"].is_monotonic_decreasing
        assert list(table["rank"]) == list(range(1, len(table) + 1))
        assert set(table["field"]) >= {"costs.benefits[0].cost_per_error", "costs.one_off[1]",
                                       "costs.monthly[0]", "costs.discount_rate"}

    def test_values_against_a_hand_calculation(self):
        table = W.tornado(ka.load_plan(TEMPLATE)).set_index("field")
        row = table.loc["costs.benefits[0].cost_per_error"]
        assert (row["low"], row["high"]) == (32.0, 48.0)
        other = 0.25 * 3 * 21 * 45
        invest = 11_900 + 350 * 36
        for value, col in ((32.0, "roi_at_low"), (48.0, "roi_at_high")):
            benefit = (3 * 9 * value + other) * 36
            assert row[col] == pytest.approx((benefit - invest) / invest * 100, rel=1e-13)
        rate = table.loc["costs.discount_rate"]
        assert rate["roi_swing"] == 0 and rate["npv_swing"] > 0

    def test_ranges_and_bounds(self, raw_template):
        costs = {"one_off": [{"item": "x", "amount": 10_000}], "benefits": [
            {"name": "Sales", "type": "extra_revenue", "conversion_uplift": 0.01,
             "volume_per_month": 1000, "order_value": 50, "margin": 0.9}]}
        plan = make_plan(raw_template, costs)
        table = W.tornado(plan, ranges={"Sales: order value": (40, 80)}).set_index("field")
        assert table.loc["costs.benefits[0].margin", "high"] == 1.0     # capped at 100%
        assert (table.loc["costs.benefits[0].order_value", "low"],
                table.loc["costs.benefits[0].order_value", "high"]) == (40.0, 80.0)
        with pytest.raises(InputError, match="ranges names unknown"):
            W.tornado(plan, ranges={"nope": (1, 2)})
        with pytest.raises(InputError, match=r"ranges\['costs.benefits\[0\].margin'\]"):
            W.tornado(plan, ranges={"costs.benefits[0].margin": (0.5, 1.5)})
        with pytest.raises(InputError, match="spread"):
            W.tornado(plan, spread=0)

    def test_measured_effect_is_an_assumption_too(self):
        table = W.tornado(ka.load_plan(TEMPLATE), {"errors_per_100": (-3.0, -4.2, -1.8)})
        assert "kpis.errors_per_100.change" in set(table["field"])


def test_public_names():
    for name in ("npv", "irr", "payback_period"):
        assert getattr(ka, name) is getattr(F, name)
    assert ka.roi(1250, 1000) == 25.0


@pytest.mark.parametrize("first", ["import kpi_analysis.finance.formulas", "ka.npv"])
def test_ka_roi_is_callable_whatever_is_imported_first(first):
    # importing the module kpi_analysis.finance.formulas first must not bind a module to
    # ka.roi; ka.roi(benefit, investment) must work anyway
    code = (f"import kpi_analysis as ka\n{first}\nimport kpi_analysis.finance.formulas\n"
            f"print(ka.roi(52300, 18400))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert float(out.stdout) == (52300 - 18400) / 18400 * 100


# --- the business case in the report's language ----------------------------------------

ENGLISH = ["per month", "months", "benefit", "investment", "measured change", "expected",
           "the", "and", "with", "hours", "people", "hourly rate", "cost", "items",
           "per year", "sum over", "cumulative", "draws", "NPV", "normal distribution",
           "improvement", "not measured"]
#: fields that hold codes (same in every language) or the plan's own words
CODES = {"currency", "source", "type", "per", "kpi", "unit", "field", "distribution", "name",
         "item"}
EN_NUMBER = r"[−-]?\d{1,3}(?:,\d{3})*(?:\.\d+)?"
NL_NUMBER = r"[−-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?"


def leaves(obj, path=()):
    """(path, value) of every leaf of a JSON-like structure, in order."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from leaves(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from leaves(v, path + (i,))
    else:
        yield path, obj


def client_texts(case, plan):
    """Every text the kit writes in a business case, with the plan's own words (benefit
    and cost names, KPI ids, names and units) taken out."""
    own = sorted({b.name for b in plan.costs.benefits}
                 | {c.item for c in plan.costs.one_off + plan.costs.monthly}
                 | {x for k in plan.kpis for x in (k.id, k.name, k.unit)}, key=len, reverse=True)
    for path, value in leaves(dict(case)):
        if isinstance(value, str) and path[-1] not in CODES and path[0] != "cash_flow":
            for word in own:
                value = value.replace(word, "")
            yield path, value


def numbers(text, lang):
    found = re.findall(EN_NUMBER if lang == "en" else NL_NUMBER, text)
    if lang == "nl":
        found = [n.replace(".", "").replace(",", ".") for n in found]
    return [float(n.replace(",", "").replace("−", "-")) for n in found]


@pytest.fixture(scope="module")
def nl_template(raw_template):
    raw = copy.deepcopy(raw_template)
    raw["language"] = "nl"
    return parse_plan(raw, "plan-nl.yaml")


class TestLanguage:
    EFFECTS = {"errors_per_100": (-3.4, -4.6, -2.2)}

    def test_dutch_words_and_numbers(self):
        case = W.business_case(ka.load_plan(TEMPLATE), lang="nl")
        f = case["figures"]
        assert f["roi_pct"]["label"] == "Rendement op de investering (ROI)"
        assert f["roi_pct"]["formula"] == "ROI = (opbrengst - investering) / investering x 100"
        assert f["roi_pct"]["calculation"] == "(64.395 - 24.500) / 24.500 x 100 = 162,8%"
        assert f["investment_total"]["calculation"] == "11.900 + 350 x 36 = 24.500"
        assert f["roi_first_year_pct"]["label"] == "ROI over de eerste 12 maanden"
        assert "8,00% per jaar" in case["assumptions"][1]
        assert f["payback_months"]["calculation"].endswith("= 8,27 maanden")
        errors, time = case["benefits"]
        assert errors["calculation"] == "3 x 900 / 100 x EUR 40 = EUR 1.080 per maand"
        assert errors["formula"] == ("Fewer invoice errors per maand = minder fouten per 100 "
                                     "stuks x stuks per maand / 100 x kosten per fout")
        assert "0,25 uur x 3 x 21 x EUR 45" in time["calculation"]
        assert case["investment"]["monthly"][0]["formula"] == "EUR 350 per maand"
        assert case["investment"]["one_off"][1]["formula"] == "80 uur x EUR 55"

    def test_default_is_the_plan_language(self, nl_template):
        assert W.business_case(nl_template)["figures"]["roi_pct"]["calculation"] == \
            "(64.395 - 24.500) / 24.500 x 100 = 162,8%"
        english = W.business_case(nl_template, lang="en")
        assert english["figures"]["roi_pct"]["calculation"] == \
            "(64,395 - 24,500) / 24,500 x 100 = 162.8%"

    @pytest.mark.parametrize("effects", [None, EFFECTS], ids=["baseline", "measured"])
    def test_no_english_left_in_a_dutch_case(self, nl_template, effects):
        case = W.business_case(nl_template, effects, draws=500)
        texts = list(client_texts(case, nl_template))
        assert len(texts) > 50
        for path, text in texts:
            for word in ENGLISH:
                assert not re.search(rf"\b{word}\b", text, re.IGNORECASE), (path, word, text)

    def test_english_is_still_english(self, raw_template):
        # the word list does find English: the check above is not vacuous
        plan = make_plan(raw_template)
        texts = " ".join(t for _, t in client_texts(W.business_case(plan, self.EFFECTS,
                                                                     draws=500), plan))
        for word in ENGLISH:
            assert re.search(rf"\b{word}\b", texts, re.IGNORECASE), word

    @pytest.mark.parametrize("effects", [None, EFFECTS], ids=["baseline", "measured"])
    def test_same_keys_values_and_numbers_in_both_languages(self, effects):
        plan = ka.load_plan(TEMPLATE)
        en = W.business_case(plan, effects, draws=500, lang="en")
        nl = W.business_case(plan, effects, draws=500, lang="nl")
        en_leaves, nl_leaves = list(leaves(dict(en))), list(leaves(dict(nl)))
        assert [p for p, _ in en_leaves] == [p for p, _ in nl_leaves]
        changed = 0
        for (path, a), (_, b) in zip(en_leaves, nl_leaves):
            if not isinstance(a, str):
                assert a == b, path
            elif path[-1] in CODES:
                assert a == b, path
            else:
                assert numbers(a, "en") == numbers(b, "nl"), (path, a, b)
                changed += a != b
        assert changed > 30
        pd.testing.assert_frame_equal(en.cash_flow, nl.cash_flow)
        pd.testing.assert_frame_equal(en.tornado.drop(columns="assumption"),
                                      nl.tornado.drop(columns="assumption"))

    def test_no_state_leaks_between_calls(self):
        plan = ka.load_plan(TEMPLATE)
        first = W.business_case(plan)
        W.business_case(plan, lang="nl")
        assert W.business_case(plan) == first

    def test_sensitivity_names_and_ranges_in_either_language(self):
        plan = ka.load_plan(TEMPLATE)
        nl = W.tornado(plan, lang="nl").set_index("field")
        assert nl.loc["costs.benefits[1].hourly_rate", "assumption"] == \
            "Less time chasing payments: uurtarief"
        assert nl.loc["costs.discount_rate", "assumption"] == "Disconteringsvoet"
        assert nl.loc["costs.benefits[1].hourly_rate", "unit"] == "EUR per hour"  # a code
        for name in ("Less time chasing payments: hourly rate",
                     "Less time chasing payments: uurtarief"):
            for lang in ("en", "nl"):
                row = W.tornado(plan, ranges={name: (30, 60)}, lang=lang).set_index("field")
                assert tuple(row.loc["costs.benefits[1].hourly_rate", ["low", "high"]]) == \
                    (30.0, 60.0)

    def test_method_and_no_irr_in_dutch(self, raw_template):
        res = W.roi_interval(ka.load_plan(TEMPLATE), self.EFFECTS, draws=10_000, lang="nl")
        assert res["method"].startswith("Monte Carlo, 10.000 trekkingen, startwaarde 0")
        assert "(2 x 1,9600) (het 95%-interval)" in res["method"]
        costs = {"one_off": [{"item": "x", "amount": 1000}],
                 "monthly": [{"item": "licence", "amount": 500}],
                 "benefits": [{"name": "t", "type": "avoided_cost", "avoided": 10,
                               "cost_per_unit": 20}]}
        f = W.business_case(make_plan(raw_template, costs), lang="nl")["figures"]
        assert f["irr_monthly_pct"]["calculation"].startswith("geen interne rentabiliteit")
        assert f["payback_months"]["calculation"] == (
            "niet terugverdiend binnen de 36 maanden: de cumulatieve kasstroom is "
            "EUR −11.800 in maand 36")

    def test_bad_language(self):
        with pytest.raises(InputError, match="lang: 'fr'.*valid: en, nl"):
            W.business_case(ka.load_plan(TEMPLATE), lang="fr")

    @pytest.mark.parametrize("x, en, nl", [
        (56_603.2, "56,603", "56.603"), (1080.5, "1,080.50", "1.080,50"),
        (0.07832, "0.07832", "0,07832"), (0.25, "0.25", "0,25"), (-820.75, "−820.75", "−820,75"),
        (3.0, "3", "3"), (None, "n/a", "n.v.t."), (math.inf, "n/a", "n.v.t.")])
    def test_number_format(self, x, en, nl):
        assert (W._num(x, "en"), W._num(x, "nl")) == (en, nl)


def test_unit_codes_are_the_english_words_of_their_keys():
    # finance holds no words: its unit codes (tables, results.json) are written there as
    # codes; they must stay the English words the charts translate back from
    from kpi_analysis.finance import _model
    from kpi_analysis.words.store import label
    assert len(_model._UNIT_CODES) == 17
    for key, code in _model._UNIT_CODES.items():
        assert code.format(currency="EUR") == label(key, "en", currency="EUR"), key
