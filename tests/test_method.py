"""Plan checks (checklist, SMART, IPA, counts, pitfalls, timing) and the KPI catalogue.

Every rule is broken once on purpose, starting from a plan that passes every rule
(the template, completed with baseline numbers, a leading KPI and baseline data), and
must flag exactly that item with the expected status.
"""
from __future__ import annotations

import copy
import re
import string
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kpi_analysis as ka
from kpi_analysis.method.catalogue import format_catalogue, load_catalogue, match_catalogue
from kpi_analysis.method.checks import check_exit_code, check_summary, format_checks
from kpi_analysis.method.rules import ITEMS, RULES, SIGNOFF_ITEMS
from kpi_analysis.plan import KPI, parse_plan
from kpi_analysis.words.store import LABELS

from conftest import ROOT, TEMPLATE

PLANS = Path(__file__).parent / "plans"


# --- a plan that passes every rule, and its baseline data -------------------------------

@pytest.fixture
def good_raw(raw_plan) -> dict:
    """The template completed so that every rule passes (with :func:`good_data`)."""
    raw = raw_plan
    first, errors = raw["processes"][0]["kpis"]
    first["baseline"] = 24
    errors["baseline"] = 4.0
    errors["definition"] = "Credit notes and corrections per 100 invoices sent"
    raw["processes"].append({"name": "Invoice handling", "kpis": [{
        "id": "invoices_per_fte", "name": "Invoices per employee per week",
        "definition": "Invoices sent in the week divided by finance FTE on duty",
        "unit": "invoices per FTE per week", "kind": "continuous",
        "direction": "higher_is_better", "level": "process", "indicator": "leading",
        "owner": "Head of finance", "frequency": "weekly", "method": "Weekly export",
        "baseline": 50, "target": {"value": 70, "deadline": date(2026, 12, 31)},
        "guard": "errors_per_100"}]})
    return raw


def good_data(plan, *, noise: float = 1.0, seed: int = 7) -> pd.DataFrame:
    """Tidy baseline measurements near the plan's baseline numbers, a little noisy."""
    rng = np.random.default_rng(seed)
    span = plan.periods.baseline
    rows = []
    day = span.start
    while day <= span.end:
        if day.weekday() == 0:
            for _ in range(5):
                rows.append((day, "days_to_paid", 24 + rng.normal(0, 2 * noise), np.nan))
            rows.append((day, "errors", rng.poisson(8), 200))
            rows.append((day, "invoices_per_fte", 50 + rng.normal(0, 2 * noise), np.nan))
        day += timedelta(days=1)
    return pd.DataFrame(rows, columns=["date", "kpi", "value", "n"]).assign(
        date=lambda f: pd.to_datetime(f["date"]))


def run(raw: dict, data: bool | pd.DataFrame = True, **kwargs) -> pd.DataFrame:
    plan = parse_plan(copy.deepcopy(raw))
    baseline = good_data(plan) if data is True else (data if data is not False else None)
    return ka.check_plan(plan, baseline=baseline, **kwargs)


def statuses(checks: pd.DataFrame, item: str, kpi: str | None = None) -> set[str]:
    rows = checks[checks["item"] == item]
    if kpi is not None:
        rows = rows[rows["kpi"] == kpi]
    assert len(rows), f"no row for {item} {kpi or ''}"
    return set(rows["status"])


def test_good_plan_passes_every_rule(good_raw):
    checks = run(good_raw)
    assert list(checks.columns) == ["item", "status", "message", "kpi"]
    not_passed = checks[checks["status"] != "pass"]
    assert not_passed.empty, not_passed.to_string()
    assert set(checks["item"]) == set(ITEMS)


def test_template_has_no_fail_and_every_item():
    checks = ka.check_plan(ka.load_plan(TEMPLATE))
    assert set(checks["item"]) == set(ITEMS)
    assert "fail" not in set(checks["status"]), checks[checks["status"] == "fail"].to_string()
    assert check_exit_code(checks) == 0
    # honest warnings: no baseline numbers yet, two lagging KPIs
    assert statuses(checks, "checklist.baseline") == {"warn"}
    assert statuses(checks, "balance.leading_lagging") == {"warn"}


def test_kpi_column_names_the_kpi_or_none(good_raw):
    checks = run(good_raw)
    per_kpi = {r.item for r in RULES if r.scope == "kpi"}
    assert set(checks.loc[checks["item"].isin(per_kpi), "kpi"]) == {
        "days_to_paid", "errors_per_100", "invoices_per_fte"}
    assert checks.loc[~checks["item"].isin(per_kpi), "kpi"].isna().all()


# --- one broken plan per rule ------------------------------------------------------------

def kpi_of(raw, kpi_id):
    return next(k for p in raw["processes"] for k in p["kpis"] if k["id"] == kpi_id)


def extra_kpi(i: int, **fields) -> dict:
    kpi = {"id": f"extra_{i}", "name": f"Invoices approved in time {i}",
           "definition": "Share of invoices approved within two days",
           "unit": "% of invoices", "kind": "proportion", "direction": "higher_is_better",
           "level": "process", "indicator": "lagging", "owner": "Head of finance",
           "frequency": "weekly", "method": "Workflow log", "category": "quality",
           "baseline": 60, "target": {"value": 70, "deadline": date(2026, 12, 31)}}
    kpi.update(fields)
    return kpi


def set_(path: str, value):
    """A mutation setting ``a.b.c`` (``processes`` KPIs by id: ``kpi:<id>.field``)."""
    def mutate(raw):
        parts = path.split(".")
        node = raw
        if parts[0].startswith("kpi:"):
            node, parts = kpi_of(raw, parts[0][4:]), parts[1:]
        for part in parts[:-1]:
            node = node[part]
        if value is DELETE:
            node.pop(parts[-1], None)
        else:
            node[parts[-1]] = value
    return mutate


DELETE = object()


def both(*mutations):
    def mutate(raw):
        for m in mutations:
            m(raw)
    return mutate


def add_kpis(n: int, process: int = 0, **fields):
    def mutate(raw):
        raw["processes"][process]["kpis"] += [extra_kpi(i, **fields) for i in range(n)]
    return mutate


def all_kpis(**fields):
    def mutate(raw):
        for p in raw["processes"]:
            for k in p["kpis"]:
                k.update(fields)
    return mutate


def drop_data_for(label):
    def make(plan):
        data = good_data(plan)
        return data[data["kpi"] != label]
    return make


def data_after_go_live(plan):
    data = good_data(plan)
    late = data.iloc[:3].copy()
    late["date"] = pd.Timestamp(plan.periods.go_live) + pd.Timedelta(days=1)
    return pd.concat([data.assign(period="baseline"), late.assign(period="baseline")])


def noisy(plan):
    return good_data(plan, noise=20)


AFTER = "periods.after"
CASES = [  # item, kpi, mutation of the good plan, expected status, data (None: plan only)
    ("checklist.goal", None, set_("goal.statement", "Automate invoicing with AI"), "fail", True),
    ("checklist.goal", None, set_("goal.statement", "TODO"), "fail", True),
    ("checklist.goal", None, set_("goal.statement", "Improve invoicing"), "warn", True),
    ("checklist.kpis", None, all_kpis(category="reach"), "fail", True),
    ("checklist.baseline", "days_to_paid", None, "fail", drop_data_for("days_to_paid")),
    ("checklist.baseline", "days_to_paid", set_("kpi:days_to_paid.baseline", DELETE), "warn", None),
    ("checklist.method_frequency", "days_to_paid", set_("kpi:days_to_paid.method", ""), "fail", True),
    ("checklist.method_frequency", "days_to_paid", set_("kpi:days_to_paid.frequency", DELETE),
     "warn", True),
    ("checklist.visualisation", None, set_("reporting.visualisation", DELETE), "fail", True),
    ("checklist.sharing", None, both(set_("reporting.audience", []),
                                     set_("reporting.decisions", DELETE)), "fail", True),
    ("checklist.sharing", None, set_("reporting.decisions", "tbd"), "warn", True),
    ("checklist.sharing", None, set_("reporting.audience", []), "warn", True),
    ("smart.specific", "days_to_paid", set_("kpi:days_to_paid.unit", "TBD"), "fail", True),
    ("smart.specific", "days_to_paid", set_("kpi:days_to_paid.unit", "number"), "warn", True),
    ("smart.specific", "days_to_paid", set_("kpi:days_to_paid.definition", DELETE), "warn", True),
    ("smart.specific", "days_to_paid", set_("kpi:days_to_paid.name", "Faster payment"), "warn",
     True),
    ("smart.measurable", "days_to_paid", set_("kpi:days_to_paid.target", DELETE), "fail", True),
    ("smart.measurable", "days_to_paid", None, "fail", drop_data_for("days_to_paid")),
    ("smart.acceptable", "days_to_paid", set_("kpi:days_to_paid.target.change", "+50%"), "fail",
     True),
    ("smart.acceptable", "days_to_paid", set_("kpi:days_to_paid.target.change", "-150%"), "fail",
     True),
    ("smart.acceptable", "days_to_paid", set_("kpi:days_to_paid.target.change", "-70%"), "warn",
     True),
    ("smart.acceptable", "days_to_paid", set_("kpi:days_to_paid.target.change", 0), "warn", True),
    ("smart.acceptable", "invoices_per_fte", set_("kpi:invoices_per_fte.target.value", 150),
     "warn", True),
    ("smart.acceptable", "invoices_per_fte", set_("kpi:invoices_per_fte.baseline", DELETE),
     "warn", None),
    ("smart.realistic", "days_to_paid", None, "warn", None),
    ("smart.realistic", "days_to_paid", set_("kpi:days_to_paid.target.change", "-2%"), "warn",
     True),
    ("smart.realistic", "invoices_per_fte", None, "warn", noisy),
    ("smart.time_bound", "days_to_paid", both(set_("kpi:days_to_paid.target.deadline", DELETE),
                                              set_("goal.deadline", DELETE)), "fail", True),
    ("smart.time_bound", "days_to_paid", set_("kpi:days_to_paid.target.deadline", date(2026, 3, 1)),
     "fail", True),
    ("smart.time_bound", "days_to_paid", set_("kpi:days_to_paid.target.deadline", date(2026, 4, 20)),
     "warn", True),
    ("smart.time_bound", "days_to_paid", set_("kpi:days_to_paid.target.deadline", date(2027, 6, 1)),
     "warn", True),
    ("ipa.important", "invoices_per_fte", set_("kpi:invoices_per_fte.category", "reach"), "warn",
     True),
    ("ipa.important", "things",
     both(set_("kpi:invoices_per_fte.name", "Things per week"),
          set_("kpi:invoices_per_fte.unit", "things"),
          set_("kpi:invoices_per_fte.id", "things")), "warn", None),
    ("ipa.potential", "extra_0", add_kpis(1, 1, baseline=99.5, target={"value": 100}), "fail",
     None),
    ("ipa.potential", "extra_0", add_kpis(1, 1, baseline=97, target={"value": 99}), "warn", None),
    ("ipa.potential", "invoices_per_fte", set_("kpi:invoices_per_fte.baseline", 80), "warn", None),
    ("ipa.potential", "days_to_paid", set_("kpi:days_to_paid.baseline", DELETE), "warn", None),
    ("ipa.authority", "days_to_paid", set_("kpi:days_to_paid.owner", DELETE), "fail", True),
    ("ipa.authority", "days_to_paid", set_("kpi:days_to_paid.owner", "Everyone"), "warn", True),
    ("count.per_process", None, add_kpis(2), "warn", None),
    ("count.per_goal", None, add_kpis(5, 1), "warn", None),
    ("count.per_ai_use_case", None, both(set_("ai", True), add_kpis(6, 1, team="extra")), "warn",
     None),
    ("pitfall.vanity_metric", "extra_0", add_kpis(1, 1, name="Website visitors", kind="count",
                                                  unit="visitors per month", category=None),
     "warn", None),
    ("pitfall.output_metric", "extra_0", add_kpis(1, 1, name="Quotes generated", kind="count",
                                                  unit="quotes per week", category=None),
     "warn", None),
    ("pitfall.goodhart_guard", "days_to_paid", set_("kpi:days_to_paid.guard", DELETE), "warn",
     True),
    ("pitfall.goodhart_guard", "days_to_paid", set_("kpi:days_to_paid.guard", "invoices_per_fte"),
     "warn", True),
    ("balance.leading_lagging", None, all_kpis(indicator="lagging"), "warn", True),
    ("balance.ai_levels", None, set_("ai", True), "warn", True),
    ("timing.baseline", "days_to_paid", set_("periods.baseline",
                                             {"start": date(2026, 3, 23), "end": date(2026, 3, 29)}),
     "fail", None),
    ("timing.baseline", "days_to_paid", set_("periods.baseline",
                                             {"start": date(2026, 3, 2), "end": date(2026, 3, 29)}),
     "warn", None),
    ("timing.baseline", "days_to_paid", None, "fail", data_after_go_live),
    ("timing.stabilisation", None, set_("periods.stabilisation_weeks", 0), "fail", True),
    ("timing.stabilisation", None, set_("periods.stabilisation_weeks", 2), "warn", True),
    ("timing.stabilisation", None, set_(f"{AFTER}.start", date(2026, 4, 9)), "fail", True),
    ("timing.stabilisation", None, set_(f"{AFTER}.start", date(2026, 4, 20)), "warn", True),
    ("timing.first_evaluation", None, set_(f"{AFTER}.start", date(2026, 6, 15)), "warn", True),
    ("timing.first_evaluation", None, both(set_(f"{AFTER}.start", date(2026, 11, 2)),
                                           set_(f"{AFTER}.end", date(2027, 1, 31))), "fail", True),
    ("timing.review_rhythm", None, set_("reporting.review", "quarterly"), "warn", True),
    ("timing.review_rhythm", None, set_("reporting.review", DELETE), "warn", True),
    ("timing.after_period", None, set_(f"{AFTER}.end", date(2026, 5, 17)), "warn", True),
    ("timing.problem", "days_to_paid", set_("kpi:days_to_paid.problem", {"cause": "x"}), "warn",
     True),
]


def test_every_item_has_a_breaking_case():
    assert {case[0] for case in CASES} == set(ITEMS)


@pytest.mark.parametrize("item, kpi, mutate, expected, data", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_flags_the_broken_plan_and_passes_the_good_one(good_raw, item, kpi, mutate,
                                                            expected, data):
    use = (lambda plan: None) if data is None else (good_data if data is True else data)
    good_plan = parse_plan(copy.deepcopy(good_raw))
    if data is None:  # plan alone: only smart.realistic needs the data to pass
        before = ka.check_plan(good_plan)
    else:
        before = ka.check_plan(good_plan, baseline=good_data(good_plan))
    rows = before[(before["item"] == item) & ((before["kpi"] == kpi) if kpi else True)]
    if data is not None or item != "smart.realistic":
        assert set(rows["status"]) <= {"pass"}, rows.to_string()
    broken = copy.deepcopy(good_raw)
    if mutate is not None:
        mutate(broken)
    plan = parse_plan(broken)
    checks = ka.check_plan(plan, baseline=use(plan))
    assert expected in statuses(checks, item, kpi), checks[checks["item"] == item].to_string()


def test_300_percent_conversion_uplift_is_flagged(good_raw):
    kpi = extra_kpi(0, name="Conversion rate", unit="% of visitors who buy", category=None,
                    baseline=2.0, target={"change": "300%", "deadline": date(2026, 12, 31)})
    good_raw["processes"][1]["kpis"].append(kpi)
    checks = run(good_raw, data=False)
    assert statuses(checks, "smart.acceptable", "extra_0") == {"fail"}
    text = " ".join(checks.loc[checks["kpi"] == "extra_0", "message"])
    assert "+300%" in text and "Conversion rate" in text
    kpi["target"]["change"] = "40%"
    assert statuses(run(good_raw, data=False), "smart.acceptable", "extra_0") == {"pass"}


def test_reference_level_beyond_what_is_typical(good_raw):
    good_raw["processes"][1]["kpis"].append(extra_kpi(
        0, id="first_contact_resolution", name="First-contact resolution", category=None,
        baseline=50, target={"value": 95, "deadline": date(2026, 12, 31)}))
    checks = run(good_raw, data=False)
    assert statuses(checks, "smart.acceptable", "first_contact_resolution") == {"warn"}
    assert "60-70%" in " ".join(checks["message"])


def test_team_grouping_splits_the_core_set(good_raw):
    add_kpis(5, 1)(good_raw)
    assert statuses(run(good_raw, data=False), "count.per_goal") == {"warn"}
    for i, kpi in enumerate(good_raw["processes"][1]["kpis"]):
        kpi["team"] = "front office" if i % 2 else "back office"
    assert statuses(run(good_raw, data=False), "count.per_goal") == {"pass"}


def test_four_ai_levels_fixture_passes_the_ai_rules():
    checks = ka.check_plan(ka.load_plan(PLANS / "ai_four_levels.yaml"))
    for item in ("balance.ai_levels", "count.per_ai_use_case", "balance.leading_lagging",
                 "pitfall.goodhart_guard", "pitfall.vanity_metric", "ipa.important"):
        assert statuses(checks, item) == {"pass"}, item


def test_guard_and_ai_level_make_a_kpi_important(good_raw):
    checks = run(good_raw)
    errors = checks[(checks["item"] == "ipa.important") & (checks["kpi"] == "errors_per_100")]
    assert errors["status"].tolist() == ["pass"]
    good_raw["goal"]["business_aim"] = "revenue"  # errors (quality) no longer serve the aim
    errors = run(good_raw).query("item == 'ipa.important' and kpi == 'errors_per_100'")
    assert errors["status"].tolist() == ["pass"] and "guard" in errors["message"].iloc[0]


# --- vanity and output metrics: catalogue flags plus keywords -------------------------

@pytest.mark.parametrize("name, unit, flag", [
    ("Website visitors", "visitors per month", "pitfall.vanity_metric"),
    ("Websitebezoekers per maand", "bezoekers", "pitfall.vanity_metric"),
    ("Likes on LinkedIn", "likes per month", "pitfall.vanity_metric"),
    ("Chatbot interactions", "conversations per month", "pitfall.vanity_metric"),
    ("E-mails sent", "e-mails per month", "pitfall.vanity_metric"),
    ("Verstuurde e-mails", "mails", "pitfall.vanity_metric"),
    ("Number of processes automated", "processes", "pitfall.vanity_metric"),
    ("Quotes generated", "quotes per week", "pitfall.output_metric"),
    ("Gegenereerde offertes", "offertes per week", "pitfall.output_metric"),
])
def test_vanity_and_output_metrics_are_flagged(good_raw, name, unit, flag):
    good_raw["processes"][1]["kpis"].append(
        extra_kpi(0, name=name, unit=unit, kind="count", category=None))
    checks = run(good_raw, data=False)
    assert statuses(checks, flag, "extra_0") == {"warn"}


@pytest.mark.parametrize("name, kind", [
    ("Visitor conversion rate", "proportion"),
    ("Invoices per employee per week", "continuous"),
    ("Revenue generated by quotes", "amount"),
    ("Days from invoice created to paid", "duration"),
])
def test_outcomes_are_not_flagged(good_raw, name, kind):
    good_raw["processes"][1]["kpis"].append(extra_kpi(0, name=name, kind=kind, category=None))
    checks = run(good_raw, data=False)
    for item in ("pitfall.vanity_metric", "pitfall.output_metric"):
        assert statuses(checks, item, "extra_0") == {"pass"}


def kpi(**fields) -> KPI:
    base = {"id": "x", "name": "x", "unit": "x", "kind": "count",
            "direction": "higher_is_better", "level": "process", "indicator": "lagging"}
    return KPI(**{**base, **fields})


@pytest.mark.parametrize("fields, expected", [
    ({"id": "csat"}, "csat"),
    ({"name": "Visitor conversion rate"}, "conversion_rate"),
    ({"name": "Website visitors"}, "website_visitors"),
    ({"name": "Klanttevredenheid"}, "csat"),
    ({"name": "Doorlooptijd offerte"}, "quote_lead_time"),
    ({"name": "Offertedoorlooptijd in dagen"}, "quote_lead_time"),
    ({"name": "Patiënttevredenheid"}, "patient_satisfaction"),
    ({"name": "Orders", "unit": "errors per 100 orders"}, "error_rate"),
    ({"name": "Something else entirely"}, None),
])
def test_match_catalogue(fields, expected):
    entry = match_catalogue(kpi(**fields))
    assert (entry.id if entry else None) == expected


# --- every defect at once, and both languages ---------------------------------------------

def test_every_defect_at_once_flags_every_item():
    plan = ka.load_plan(PLANS / "every_defect.yaml")
    checks = ka.check_plan(plan)
    flagged = set(checks.loc[checks["status"] != "pass", "item"])
    assert flagged == set(ITEMS), sorted(set(ITEMS) - flagged)
    assert check_exit_code(checks) == 1
    summary = check_summary(checks)
    assert summary["fail"] >= 10 and sum(summary.values()) == len(checks)
    # every failing rule of the plan shows up in the one table, in both languages
    nl = ka.check_plan(plan, lang="nl")
    assert (nl[["item", "status", "kpi"]].fillna("") ==
            checks[["item", "status", "kpi"]].fillna("")).all().all()


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_exists_in_both_languages_with_the_same_fields():
    for rule in RULES:
        keys = [k for k in LABELS if k.startswith(f"method.{rule.item}.")]
        assert keys, rule.item
        for key in keys:
            en, nl = LABELS[key]
            assert en.strip() and nl.strip(), key
            assert en != nl, key
            assert fields(en) == fields(nl), key


@pytest.mark.parametrize("source", ["good", "every_defect", "template"])
def test_messages_are_filled_in_and_translated(good_raw, source):
    if source == "good":
        plan = parse_plan(good_raw)
        kwargs = {"baseline": good_data(plan)}
    else:
        plan = ka.load_plan(PLANS / "every_defect.yaml" if source == "every_defect" else TEMPLATE)
        kwargs = {}
    en = ka.check_plan(plan, lang="en", **kwargs)
    nl = ka.check_plan(plan, lang="nl", **kwargs)
    for text in pd.concat([en["message"], nl["message"]]):
        assert text and "{" not in text and "}" not in text, text
    # a message only repeats the English text where it is all the user's own words
    differ = en["message"] != nl["message"]
    assert differ.mean() > 0.9


def test_language_defaults_to_the_plan_and_is_validated(good_raw):
    good_raw["language"] = "nl"
    checks = run(good_raw)
    assert checks["message"].str.contains("nulmeting").any()
    with pytest.raises(ka.InputError, match="lang"):
        run(good_raw, lang="de")


def test_dutch_numbers_and_dates(good_raw):
    good_raw["language"] = "nl"
    good_raw["processes"][0]["kpis"][1]["baseline"] = 4.5
    text = " ".join(run(good_raw, data=False)["message"])
    assert "4,5" in text and "04-05-2026" in text


def test_check_plan_accepts_a_path_and_rejects_other_things():
    assert len(ka.check_plan(TEMPLATE)) == len(ka.check_plan(ka.load_plan(TEMPLATE)))
    with pytest.raises(ka.InputError, match="plan"):
        ka.check_plan({"client": "x"})


def test_baseline_frame_is_validated(good_raw):
    with pytest.raises(ka.InputError, match="missing: value"):
        run(good_raw, data=pd.DataFrame({"date": [], "kpi": []}))
    with pytest.raises(ka.InputError, match="baseline"):
        run(good_raw, data=[1, 2, 3])


def test_baseline_frame_from_load_measurements_is_used():
    plan = ka.load_plan(ROOT / "data" / "samples" / "invoicing" / "plan.yaml")
    data = ka.load_measurements(None, plan)
    checks = ka.check_plan(plan, baseline=data)
    assert statuses(checks, "checklist.baseline") == {"pass"}
    realistic = checks[checks["item"] == "smart.realistic"]
    assert not realistic["message"].str.contains("plan alone").any()


def test_rules_without_data_say_so(raw_plan):
    checks = run(raw_plan, data=False)
    for item in ("checklist.baseline", "smart.realistic", "ipa.potential", "timing.baseline"):
        messages = checks.loc[checks["item"] == item, "message"]
        assert messages.str.contains("plan alone").all(), item


# --- summary, exit code, terminal table ---------------------------------------------------

def test_summary_and_exit_code():
    frame = pd.DataFrame({"item": ["a", "b", "c"], "status": ["pass", "warn", "warn"],
                          "message": ["", "", ""], "kpi": [None] * 3})
    assert check_summary(frame) == {"pass": 1, "warn": 2, "fail": 0}
    assert check_exit_code(frame) == 0
    frame.loc[0, "status"] = "fail"
    assert check_exit_code(frame) == 1


def test_format_checks_colours_only_when_asked():
    checks = ka.check_plan(ka.load_plan(PLANS / "every_defect.yaml"))
    plain = format_checks(checks, color=False)
    coloured = format_checks(checks, color=True)
    assert "\033[" not in plain
    assert "\033[31mfail" in coloured and "\033[33mwarn" in coloured and "\033[32mpass" in coloured
    assert len(plain.splitlines()) == len(checks) + 4
    summary = check_summary(checks)
    assert plain.splitlines()[-1] == f"pass {summary['pass']}  warn {summary['warn']}  fail {summary['fail']}"
    assert re.sub(r"\033\[\d+m", "", coloured) == plain


# --- the catalogue ------------------------------------------------------------------------

def test_catalogue_entries_are_complete():
    cat = load_catalogue()
    ids = {e.id for e in cat.kpis}
    assert len(ids) == len(cat.kpis) > 80
    for e in cat.kpis:
        assert e.guard in ids and e.guard != e.id, e.id
        assert e.name_en and e.name_nl and e.unit_en and e.unit_nl, e.id
        assert e.keywords["en"] and e.keywords["nl"], e.id
        assert e.use_cases or e.sectors or e.id == "profit", e.id
        if e.reference and e.reference.change:
            low, high = e.reference.change
            assert (low < 0) == (e.direction == "lower_is_better"), e.id
        assert not (e.vanity and e.output), e.id


def test_catalogue_covers_the_method():
    ids = set(ka.catalogue()["id"])
    method_kpis = {  # per AI level, per use case, per sector, and the automation categories
        "response_within_target", "draft_accuracy", "uptime", "token_use", "lead_time",
        "error_rate", "automation_rate", "post_editing_time", "cost_saving", "revenue", "roi",
        "active_users", "feature_use", "usage_intensity", "user_satisfaction", "support_tickets",
        "time_to_first_draft", "revision_rounds", "document_quality", "quote_conversion",
        "template_reuse", "cv_screening_time", "match_accuracy", "shortlist_diversity",
        "time_to_hire", "interview_quality", "first_contact_resolution", "escalation_rate",
        "csat", "answer_accuracy", "deflection_rate", "agent_productivity", "task_time",
        "error_percentage", "learning_curve", "innovation_ratio", "website_visitors",
        "conversion_rate", "engagement", "qualified_leads", "cpa", "nps", "quote_lead_time",
        "retention_rate", "billable_productivity", "project_margin", "average_order_value",
        "return_rate", "stock_outs", "customer_lifetime_value", "cart_abandonment", "mrr",
        "churn_rate", "occupancy_rate", "revpar", "waiting_time", "patient_satisfaction",
        "no_shows", "treatment_duration", "production_errors", "machine_downtime",
        "production_time_per_order", "energy_per_product", "dropout_rate", "pass_rate",
        "student_satisfaction", "open_day_registrations", "objections_within_term",
        "items_per_hour", "operating_cost", "wage_cost_saved", "chargebacks", "defect_rate",
        "transactions_per_day", "output_per_employee", "rating", "customer_response_time",
        "compliance_rate", "employee_satisfaction", "likes", "emails_sent",
        "chatbot_interactions", "processes_automated", "days_to_paid", "invoices_per_employee"}
    assert method_kpis <= ids, sorted(method_kpis - ids)
    frame = ka.catalogue()
    assert set(frame.loc[frame["vanity"], "id"]) >= {
        "website_visitors", "likes", "emails_sent", "chatbot_interactions", "processes_automated"}
    conversion = frame.set_index("id").loc["conversion_rate"]
    assert conversion["ref_change_high"] == 0.5 and "2% -> 3%" in conversion["reference"]


def test_catalogue_filters_and_languages():
    chatbot = ka.catalogue(use_case="chatbot")
    assert len(chatbot) and chatbot["use_cases"].map(lambda u: "customer_service" in u).all()
    assert "first_contact_resolution" in set(chatbot["id"])
    care = ka.catalogue(sector="zorg", lang="nl")
    assert care["sectors"].map(lambda s: "care" in s).all()
    assert "Wachttijd tot de eerste afspraak" in set(care["name"])
    both_ = ka.catalogue(use_case="hr", sector="retail")
    assert {"time_to_hire", "return_rate"} <= set(both_["id"])
    assert list(ka.catalogue().columns) == [
        "id", "name", "unit", "kind", "direction", "level", "indicator", "category",
        "reference", "ref_change_low", "ref_change_high", "ref_value_low", "ref_value_high",
        "vanity", "output", "guard", "use_cases", "sectors"]


@pytest.mark.parametrize("kwargs, message", [
    ({"use_case": "rocket_science"}, "use_case: 'rocket_science' is not known; valid: automation"),
    ({"sector": "mining"}, "sector: 'mining' is not known; valid: marketing"),
    ({"lang": "fr"}, "lang: 'fr'"),
])
def test_catalogue_rejects_unknown_arguments(kwargs, message):
    with pytest.raises(ka.InputError) as err:
        ka.catalogue(**kwargs)
    assert message in str(err.value)
    if "use_case" in kwargs:
        assert "customer_service (chatbot" in str(err.value)


def test_catalogue_plan_fields_match_the_plan_model():
    for e in load_catalogue().kpis:  # a catalogue entry becomes a valid plan KPI
        KPI(id=e.id, name=e.name_en, unit=e.unit_en, kind=e.kind, direction=e.direction,
            level=e.level, indicator=e.indicator, category=e.category)


def test_format_catalogue():
    table = format_catalogue(ka.catalogue(use_case="chatbot"))
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["id", "name", "unit"]
    assert any("[vanity]" in line for line in lines)
    assert len(lines) == len(ka.catalogue(use_case="chatbot")) + 2


def test_docs_list_every_item_and_nothing_else():
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", docs, flags=re.M))
    assert documented == set(ITEMS) | set(SIGNOFF_ITEMS)
