"""One number, one meaning (issue 14): a change carries its unit from the comparison to
the money, one rule per domain idea, the same numbers in every language, an honest
payback and ROI tile, and no author to-dos in a client's view.

The new cases: a webshop whose conversion drives its revenue, a case that only loses
money (monthly costs above the benefits), and the samples.
"""
from __future__ import annotations

import copy
import html
import importlib
import json
import re
from types import SimpleNamespace as NS

import numpy as np
import pandas as pd
import pytest
import yaml

import kpi_analysis as ka
from kpi_analysis import cli
from kpi_analysis.analysis import compare
from kpi_analysis.present import charts as plots
from kpi_analysis.run import report
from kpi_analysis.present import results as results_json
from kpi_analysis.present import sections
from kpi_analysis.words import text
from kpi_analysis import vocab
from kpi_analysis.present.reviews import audience_view, diagnose, monthly_deep_dive
from kpi_analysis.analysis.change import Change
from kpi_analysis.plan import KPI, Benefit, Target, parse_plan
from kpi_analysis.analysis.progress import progress

from conftest import SAMPLES, TEMPLATE

F = importlib.import_module("kpi_analysis.finance.formulas")   # ka.roi is the function
C = importlib.import_module("kpi_analysis.finance.case")
W = importlib.import_module("kpi_analysis.words.business_case")

pytestmark = pytest.mark.filterwarnings("error")

NAMES = sorted(p.parent.name for p in SAMPLES.glob("*/plan.yaml"))


@pytest.fixture(scope="module")
def raw_template():
    return yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))


def plan_with(raw_template, kpis=(), costs=None) -> ka.plan.Plan:
    raw = copy.deepcopy(raw_template)
    raw["processes"][0]["kpis"].extend(copy.deepcopy(list(kpis)))
    if costs is not None:
        raw["costs"] = costs
    return parse_plan(raw, "test-plan.yaml")


# --- 1. a change knows its unit -----------------------------------------------------------

def test_change_converts_percentage_points_explicitly():
    c = Change(0.3, 0.1, 0.5, "pp")
    assert c.fraction() == Change(0.003, 0.001, 0.005, "pp")
    assert Change(2.0, 1.0, 3.0, "absolute").fraction().value == 2.0
    assert c.relative_to(2.0) == Change(15.0, 5.0, 25.0, "percent")
    assert c.signed(-1) == Change(-0.3, -0.5, -0.1, "pp")
    with pytest.raises(ka.errors.InputError, match="unit: 'points'.*valid: absolute, "
                                                   "percent, pp"):
        Change(1, 0, 2, "points")


#: money fields of each benefit type (per item), and what one unit of improvement is worth
MONEY = {"time_saved": ({"hourly_rate": 50}, 50.0),
         "avoided_cost": ({"cost_per_unit": 20}, 20.0),
         "error_cost": ({"cost_per_error": 40}, 40.0),
         "extra_revenue": ({"order_value": 60, "margin": 0.25}, 60 * 0.25),
         "per_unit": ({"value_per_unit": 0.5}, 0.5)}


@pytest.mark.parametrize("kind", vocab.KINDS)
@pytest.mark.parametrize("benefit_type", vocab.BENEFIT_TYPES)
def test_every_benefit_type_from_every_kpi_kind_matches_a_hand_calculation(
        raw_template, kind, benefit_type):
    """A measured change of +2 KPI units (higher is better) on 1,000 items a month.

    Hand calculation: the improvement per item is the change in the KPI's unit, a
    proportion's percentage points as a share of the items (2 pp = 0.02 per item)
    except for per_unit (money per KPI unit as shown); a rate or count per 100 is per
    100 items. Money = improvement per item x 1,000 x the money per unit."""
    rate_per = 100.0 if kind in ("rate", "count") else 1.0
    kpi = {"id": "k", "name": "K", "unit": "u", "kind": kind,
           "direction": "higher_is_better", "level": "process", "indicator": "leading",
           "rate_per": rate_per}
    money, worth = MONEY[benefit_type]
    benefit = {"name": "b", "type": benefit_type, "kpi": "k", "per": "item",
               "volume_per_month": 1000, **money}
    costs = {"horizon_months": 12, "one_off": [{"item": "x", "amount": 10_000}],
             "benefits": [benefit]}
    plan = plan_with(raw_template, [kpi], costs)
    effects = pd.DataFrame({"kpi": ["k"], "change": [2.0], "ci_low": [1.0], "ci_high": [3.0],
                            "change_unit": [vocab.CHANGE_UNIT[kind]]})
    per_item = 2.0 / 100 if kind == "proportion" and benefit_type != "per_unit" else 2.0
    per_rate = 1.0 if benefit_type == "per_unit" else rate_per
    hand = per_item / per_rate * 1000 * worth
    case = W.business_case(plan, effects)
    assert case["benefits"][0]["per_month"] == pytest.approx(hand)
    assert case["figures"]["roi_pct"]["value"] == pytest.approx(
        (hand * 12 - 10_000) / 10_000 * 100)
    # the same money from a mapping without the unit: the KPI's kind gives it
    mapped = W.business_case(plan, {"k": (2.0, 1.0, 3.0)})
    assert mapped["benefits"][0]["per_month"] == pytest.approx(hand)


def webshop_data(seed=14):
    """Daily visitors and orders: conversion 2.0% before, 2.3% after go-live."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2026-01-05", "2026-06-28", freq="D")
    go_live, settled = pd.Timestamp("2026-03-30"), pd.Timestamp("2026-04-13")
    visitors = rng.poisson(3000, dates.size).astype(float)
    rate = np.where(dates >= go_live, 0.023, 0.020)
    orders = rng.binomial(visitors.astype(int), rate).astype(float)
    period = np.where(dates < go_live, "baseline",
                      np.where(dates < settled, "stabilisation", "after"))
    return pd.DataFrame({"date": dates, "kpi": "conversion", "value": orders,
                         "n": visitors, "period": period})


WEBSHOP_KPI = {"id": "conversion", "name": "Conversion", "unit": "% of visitors",
               "kind": "proportion", "direction": "higher_is_better", "level": "business",
               "indicator": "lagging", "target": {"value": 2.2}}


def test_webshop_whose_conversion_drives_revenue(raw_template):
    """Conversion up about 0.3 points on 90,000 visitors a month, orders of 60 at 30%
    margin: about 90,000 x 0.003 x 60 x 0.3 = 4,860 a month, an ROI near 124% on
    26,000 over a year; read as a fraction the points made it about 100 times more."""
    costs = {"horizon_months": 12, "one_off": [{"item": "Set-up", "amount": 20_000}],
             "monthly": [{"item": "Licence", "amount": 500}],
             "benefits": [{"name": "More orders", "type": "extra_revenue",
                           "kpi": "conversion", "per": "item", "volume_per_month": 90_000,
                           "order_value": 60, "margin": 0.3}]}
    raw = copy.deepcopy(raw_template)
    raw["processes"] = [{"name": "Webshop", "kpis": [WEBSHOP_KPI]}]
    raw["costs"] = costs
    raw["periods"] = {"baseline": {"start": "2026-01-05", "end": "2026-03-29"},
                      "go_live": "2026-03-30", "stabilisation_weeks": 2}
    plan = parse_plan(raw, "webshop.yaml")
    row = ka.compare_kpis(webshop_data(), plan).iloc[0]
    assert row["change_unit"] == "pp" and 0.2 < row["change"] < 0.4
    change = Change.of(row)
    assert change.unit == "pp" and change.fraction().value == pytest.approx(row["change"] / 100)
    case = W.business_case(plan, ka.compare_kpis(webshop_data(), plan))
    hand = change.fraction().value * 90_000 * 60 * 0.3
    assert case["benefits"][0]["per_month"] == pytest.approx(hand)
    roi_pct = case["figures"]["roi_pct"]["value"]
    assert roi_pct == pytest.approx((hand * 12 - 26_000) / 26_000 * 100)
    assert 30 < roi_pct < 250            # not the 16,000% of percentage points as a fraction
    assert "percentage points" in case["benefits"][0]["assumption"]
    assert case["benefits"][0]["improvement_unit"] == "pp"
    assert case["benefits"][0]["unit_scale"] == 0.01
    nl = W.business_case(plan, ka.compare_kpis(webshop_data(), plan), lang="nl")
    assert "procentpunt" in nl["benefits"][0]["assumption"]


# --- 2. one rule per idea -----------------------------------------------------------------

@pytest.mark.parametrize("direction, before, after, met", [
    ("lower_is_better", -10.0, -15.0, True),     # halve: -10 -> -15 (further from zero)
    ("lower_is_better", -10.0, -12.0, False),
    ("lower_is_better", 10.0, 5.0, True),
    ("higher_is_better", -10.0, -4.0, True),      # change +60%: -10 -> -4
    ("higher_is_better", -10.0, -6.0, False),
])
def test_negative_baselines_have_one_rule_in_compare_and_progress(direction, before, after,
                                                                   met):
    change = -0.5 if direction == "lower_is_better" else 0.6
    target = Target(change=change)
    level = before + change * abs(before)
    assert target.level(before) == pytest.approx(level)
    assert target.met(before, after, direction) is met
    # compare_kpis' target_met is the plan's rule
    kpi = NS(target=NS(value=None, change=change, deadline=None))
    row = NS(before=before, after=after, direction=direction)
    assert compare._target_met(kpi, row) is met
    # progress: the target level of a series with that baseline, and met on it
    dates = pd.to_datetime(["2026-01-12", "2026-01-19", "2026-03-09"])
    frame = pd.DataFrame({"date": dates, "kpi": "k", "value": [before, before, after],
                          "period": ["baseline", "baseline", "after"]})
    pkpi = NS(id="k", name="K", unit="u", kind="continuous", direction=direction,
              level="process", frequency="weekly", rate_per=1.0,
              target=NS(value=None, change=change, deadline=None))
    plan = NS(kpis=[pkpi], periods=NS(go_live=pd.Timestamp("2026-02-01").date(),
                                      after_start=pd.Timestamp("2026-03-01").date()),
              goal=NS(deadline=None))
    last = progress(frame, plan).iloc[-1]
    assert last["target"] == pytest.approx(level)
    # a review is "met" only beyond its (repeated-looks) uncertainty: never where the
    # plan's rule says not met; one observation after go-live carries no interval
    assert last["target_met"] is False or (met and last["target_met"] is True)


def test_a_relative_target_on_a_zero_baseline_is_not_judged():
    assert np.isnan(Target(change=-0.5).level(0.0))
    assert Target(change=-0.5).met(0.0, -1.0, "lower_is_better") is None
    assert Target(value=3.0).met(0.0, 2.0, "lower_is_better") is True


def test_kpi_knows_which_direction_is_better():
    kpi = KPI(id="t", name="T", unit="days", kind="duration", direction="lower_is_better",
              level="process", indicator="lagging")
    assert kpi.better(-1.0) and not kpi.better(1.0) and not kpi.better(0.0)
    assert kpi.change_unit == "absolute" and kpi.bounds == (-np.inf, np.inf)
    share = kpi.model_copy(update={"kind": "proportion", "direction": "higher_is_better"})
    assert share.better(0.5) and share.change_unit == "pp" and share.bounds == (0.0, 100.0)


def test_closed_sets_are_declared_once_and_reused():
    assert KPI.model_fields["kind"].annotation.__args__ == vocab.KINDS
    assert KPI.model_fields["direction"].annotation.__args__ == vocab.DIRECTIONS
    assert Benefit.model_fields["type"].annotation.__args__ == vocab.BENEFIT_TYPES
    assert compare.KINDS is vocab.KINDS and compare.VERDICTS is vocab.VERDICTS
    assert compare.PERIODS is vocab.PERIODS
    assert report.AUDIENCES is vocab.AUDIENCES and report.CADENCES is vocab.CADENCES
    assert report.KINDS is vocab.REPORT_KINDS and text.LANGUAGES is vocab.LANGUAGES
    assert plots.VERDICTS is vocab.VERDICTS
    parser = cli._parser()
    actions = {a.dest: a for a in parser._subparsers._group_actions[0].choices["report"]._actions}
    assert tuple(actions["lang"].choices) == vocab.LANGUAGES
    assert tuple(actions["audience"].choices) == vocab.AUDIENCES
    assert tuple(actions["cadence"].choices) == vocab.CADENCES
    assert tuple(actions["kind"].choices) == vocab.REPORT_KINDS
    assert all(f"verdict.{v}" in text.LABELS for v in vocab.VERDICTS)


# --- 3. numbers apart from words ----------------------------------------------------------

def _json(value):
    return json.loads(json.dumps(value, default=results_json.plain, allow_nan=False))


@pytest.mark.parametrize("name", ["invoicing", "monthly_reviews", "webshop", "chatbot"])
def test_results_json_holds_the_same_numbers_in_english_and_dutch(name):
    plan = ka.load_plan(SAMPLES / name / "plan.yaml")
    data = ka.load_measurements("", plan)
    results = ka.compare_kpis(data, plan)
    frame = progress(data, plan)
    numbers = _json(C.business_case_numbers(plan, results, required=False))
    parts = {}
    for lang in ("en", "nl"):
        case = W.business_case(plan, results, lang=lang, required=False)
        # the business case is its numbers plus the words layer's fields, nothing else
        assert results_json.numbers_only(_json(case), W.WORD_FIELDS) == numbers
        found = diagnose(data, plan, lang, results=results, frame=frame)
        out = results_json.results_dict(plan, None, "impact", results=results, case=case,
                                    checks=ka.check_plan(plan, lang), progress=frame,
                                    diagnosis=found)
        parts[lang] = _json(out)
    assert parts["en"]["text_fields"] == sorted(results_json.TEXT_FIELDS)
    assert W.WORD_FIELDS < results_json.TEXT_FIELDS            # the business case excludes fewer
    assert parts["en"] != parts["nl"]                         # the words differ,
    assert results_json.numbers_only(parts["en"]) == results_json.numbers_only(parts["nl"])  # not numbers
    kpis = {r["kpi"]: r for r in parts["en"]["kpis"]}
    for kpi in plan.kpis:
        assert kpis[kpi.id]["change_unit"] == vocab.CHANGE_UNIT[kpi.kind]
        # a worsened guard is a code in results.json; its sentence is the report's
        assert "guard_warning" not in kpis[kpi.id]
        worsened = kpi.guard is not None and kpis[kpi.guard]["verdict"] == "worsened"
        assert kpis[kpi.id]["guard_worsened"] == (kpi.guard if worsened else None)
    if name == "chatbot":                                  # the Goodhart sample
        assert any(r["guard_worsened"] for r in parts["en"]["kpis"])


def _keys(value):
    if isinstance(value, dict):
        return set(value).union(*(_keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value))
    return set()


@pytest.mark.parametrize("effects", [None, {"errors_per_100": (-3.4, -4.6, -2.2)}],
                         ids=["baseline", "measured"])
def test_business_case_is_its_numbers_plus_words(effects):
    plan = ka.load_plan(TEMPLATE)
    numbers = C.business_case_numbers(plan, effects, draws=500)
    assert not _keys(numbers) & W.WORD_FIELDS                # no words among the numbers
    for lang in vocab.LANGUAGES:
        case = W.business_case(plan, effects, draws=500, lang=lang)
        assert results_json.numbers_only(_json(case), W.WORD_FIELDS) == _json(numbers)
        written = _keys(case) - _keys(numbers)               # every word field is written
        assert written == W.WORD_FIELDS - ({"method"} if effects is None else set())
        pd.testing.assert_frame_equal(case.cash_flow, numbers.cash_flow)


# --- 4. payback ---------------------------------------------------------------------------

LOSING = {"horizon_months": 24, "monthly": [{"item": "Subscription", "amount": 1000}],
          "benefits": [{"name": "Some time", "type": "time_saved", "time_saved": 10,
                        "per": "month", "hourly_rate": 50}]}


def test_a_case_that_only_loses_money_never_pays_back(raw_template):
    """Only monthly costs (1,000) and benefits below them (500): ROI -50%, NPV < 0,
    and no payback at all (it used to say 'paid back after 0 months')."""
    plan = plan_with(raw_template, costs=LOSING)
    case = W.business_case(plan)
    figures = case["figures"]
    assert figures["roi_pct"]["value"] == pytest.approx(-50.0)
    assert figures["npv"]["value"] < 0
    assert figures["payback_months"]["value"] is None
    assert "not paid back" in figures["payback_months"]["calculation"]
    assert F.payback_period(case.cash_flow["net"].to_numpy()) == np.inf
    for lang, words in (("en", "not paid back within the horizon"),
                        ("nl", "niet terugverdiend binnen de looptijd")):
        assert words in sections.story(None, W.business_case(plan, lang=lang), lang)
        assert words in sections._roi_tile(W.business_case(plan, lang=lang), lang)
    assert "0 months" not in sections.story(None, case, "en")


@pytest.mark.parametrize("flows, expected", [
    ([0, -10, -10], np.inf),             # nothing up front, then only losses
    ([0, 10, 10], 0.0),                  # never below zero
    ([0, -10, 30], 1 + 10 / 30),         # below zero, then back
    ([-100, 150, -200, 300], 100 / 150),  # the first crossing counts
])
def test_payback_counts_from_below_zero(flows, expected):
    assert F.payback_period(flows) == pytest.approx(expected)


# --- 5. the ROI tile tells what it is -----------------------------------------------------

def test_roi_tile_says_measured_or_estimated(raw_template):
    plan = plan_with(raw_template)
    for lang in ("en", "nl"):
        estimated = W.business_case(plan, lang=lang)                # a baseline report
        tile = sections._roi_tile(estimated, lang)
        assert "kpi-tile-estimate" in tile and "kpi-tile-good" not in tile
        assert text.label("tile.roi.estimated", lang, months=36) in tile
        measured = W.business_case(plan, {"errors_per_100": (-3.4, -4.6, -2.2)}, lang=lang)
        tile = sections._roi_tile(measured, lang)
        assert "kpi-tile-measured" in tile and "kpi-tile-good" in tile
        assert text.label("tile.roi.measured", lang, months=36) in tile
        # the template's second benefit is an assumption: the tile says it is mixed
        assert text.label("tile.roi.mixed.note", lang).replace("'", "&#x27;") in tile
        assert measured["uncertainty"]["p_roi_positive"] == 1.0
        assert "&gt;99%" in tile and "100%" not in tile     # ">99%", escaped
    # a measured effect of a KPI that drives no benefit: still an estimate
    unrelated = W.business_case(plan, {"days_to_paid": (-5.0, -7.0, -3.0)})
    assert not sections.roi_measured(unrelated)
    assert "kpi-tile-estimate" in sections._roi_tile(unrelated, "en")


@pytest.mark.parametrize("p, shown", [(1.0, ">99%"), (0.996, ">99%"), (0.994, "99%"),
                                      (0.5, "50%"), (0.004, "<1%"), (0.0, "<1%")])
def test_chances_never_read_as_certain(p, shown):
    assert text.fmt_chance(p, "en") == shown


# --- 9. client views hold no author to-dos ----------------------------------------------

#: what an author's to-do looks like: YAML paths and fields, "fill in" prompts
TODO = re.compile(r"processes\[|kpis\[\d|fill in|vul \w+(, \w+)* in onder|costs\.one_off|"
                  r"\(level: |per: day|\(costs: in", re.I)
CLIENT = ("executive", "operational", "management", "it", "users", "works_council")


@pytest.fixture
def shown(monkeypatch):
    out = []
    monkeypatch.setattr(sections, "_show", out.append)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_client_views_hold_no_author_todos(name, shown):
    plan = ka.load_plan(SAMPLES / name / "plan.yaml")
    data = ka.load_measurements("", plan)
    results = ka.compare_kpis(data, plan)
    frame = progress(data, plan)
    lang = plan.language
    found = diagnose(data, plan, lang, results=results, frame=frame)
    checks = ka.check_plan(plan, lang, data)
    advice = [m for m in checks.loc[checks["status"] != "pass", "message"]]
    for audience in CLIENT:
        shown.clear()
        sections.goal(plan, checks, lang, audience)
        sections.kpis(plan, checks, lang, audience)
        assert not any(html.escape(m) in part for m in advice for part in shown), audience
        sections.diagnosis(found, audience)
        sections.progress(frame, plan, lang, audience)
        if audience in sections.FRAMED:
            sections.audience_view(data, plan, audience, lang, results=results)
        page = " ".join(shown)
        assert not TODO.search(page), (audience, TODO.search(page).group(0))
    assert not TODO.search(found["html"]) and not TODO.search(found["text"])
    after = data[data["period"] == "after"]["date"]
    if len(after):
        deep = monthly_deep_dive(data, plan, lang, month=after.max(), results=results)
        assert not TODO.search(deep["html"])
    # the to-dos are not lost: the technical view shows them
    shown.clear()
    sections.kpis(plan, checks, lang, "technical")
    assert all(html.escape(m) in shown[0] for m in advice
               if m in set(checks.loc[checks["kpi"].notna(), "message"]))
    if found["prompts"]:
        shown.clear()
        sections.diagnosis(found, "technical")
        assert any("processes[" in part for part in shown)


def test_framed_view_keeps_what_the_plan_lacks_out_of_its_html():
    plan = ka.load_plan(SAMPLES / "webshop" / "plan.yaml")       # no costs, no technical KPI
    data = ka.load_measurements("", plan)
    for audience in ("management", "it"):
        view = audience_view(data, plan, audience, "en")
        assert view["missing"]                                   # for the plan's author
        assert not any(m in view["html"] for m in view["missing"])


def test_a_tile_says_what_its_change_is_measured_against(shown):
    """A KPI with a pre-existing trend goes 28 -> 25 hours while its change against the
    trend carried on is about 0: the tile names the counterfactual, so the two agree."""
    plan = ka.load_plan(SAMPLES / "support_tickets" / "plan.yaml")
    data = ka.load_measurements("", plan)
    results = ka.compare_kpis(data, plan)
    sections.summary(results, None, data, plan, "en", audience="executive")
    row = results.set_index("kpi").loc["resolution_hours"]
    assert row["model"] == "level+trend" and row["verdict"] == "no detectable change"
    assert "change against the baseline level and trend carried on" in shown[0]
    # a plain level model adds no such line
    assert shown[0].count("change against") == 1
