"""The plan file: loading, validation messages with field paths, cross-field rules."""
from __future__ import annotations

from datetime import date

import pytest

import kpi_analysis as ka
from kpi_analysis.plan import parse_plan

from conftest import SAMPLES, TEMPLATE, write_plan


def test_template_and_samples_load():
    plan = ka.load_plan(TEMPLATE)
    assert [k.id for k in plan.kpis] == ["days_to_paid", "errors_per_100"]
    for path in SAMPLES.glob("*/plan.yaml"):
        assert ka.load_plan(path).kpis


def test_plan_fields(invoicing_plan_path):
    plan = ka.load_plan(invoicing_plan_path)
    kpi = plan.kpi("days_to_paid")
    assert kpi.kind == "duration" and kpi.direction == "lower_is_better"
    assert kpi.target.change == -0.5 and kpi.target.deadline == date(2026, 12, 31)
    assert kpi.guard == "errors_per_100" and kpi.column == "days_to_paid"
    assert plan.periods.after_start == date(2026, 5, 4)
    assert plan.source == invoicing_plan_path.resolve()
    assert plan.data_path == invoicing_plan_path.parent / "measurements.csv"


def test_after_start_defaults_to_go_live_plus_stabilisation(raw_plan):
    del raw_plan["periods"]["after"]
    raw_plan["periods"]["stabilisation_weeks"] = 6
    plan = parse_plan(raw_plan)
    assert plan.periods.after_start == date(2026, 5, 18)  # 2026-04-06 + 6 weeks


def test_every_problem_listed_at_once_with_field_paths(raw_plan, tmp_path):
    kpis = raw_plan["processes"][0]["kpis"]
    raw_plan["goal"].pop("statement")
    kpis[0]["kind"] = "time"
    kpis[1]["target"]["deadlne"] = "2026-12-31"
    kpis[1]["target"]["deadline"] = "2026-31-12"  # 31-12-2026 is read (day first)
    raw_plan["language"] = "de"
    path = write_plan(tmp_path, raw_plan)
    with pytest.raises(ka.PlanError) as err:
        ka.load_plan(path)
    lines = str(err.value).splitlines()
    assert len(lines) == 5 == len(err.value.problems)
    assert all(line.startswith(f"{path}: ") for line in lines)
    text = str(err.value)
    assert "goal.statement: required field is missing" in text
    assert "processes[0].kpis[0].kind: " in text and "'time'" in text and "'duration'" in text
    assert "processes[0].kpis[1].target.deadlne: unknown field" in text
    assert ("processes[0].kpis[1].target.deadline: expected a date as YYYY-MM-DD or "
            "DD-MM-YYYY; got '2026-31-12'") in text
    assert "language: " in text and "'de'" in text


@pytest.mark.parametrize("change, field, message", [
    (lambda r: r["processes"][0]["kpis"][0]["target"].update(value=3), "kpis[0].target",
     "not both"),
    (lambda r: r["processes"][0]["kpis"][0].update(target={"deadline": "2026-12-31"}),
     "kpis[0].target", "either 'value'"),
    (lambda r: r["processes"][0]["kpis"][0].update(guard="nope"), "kpis[0].guard",
     "'nope' is not a KPI id"),
    (lambda r: r["processes"][0]["kpis"][1].update(id="days_to_paid"), "kpis[1].id",
     "used twice"),
    (lambda r: r["processes"][0]["kpis"][0].update(id="Days to paid"), "kpis[0].id",
     "should match pattern"),
    (lambda r: r["periods"]["baseline"].update(end="2026-04-10"), "periods",
     "must be before go_live"),
    (lambda r: r["periods"]["baseline"].update(start="2026-04-10", end="2026-01-01"),
     "periods.baseline", "is before start"),
    (lambda r: r.update(data_format={"columns": {"datum": "Boekdatum"}}), "data_format",
     "unknown role 'datum'; valid roles: date, kpi, value, n, group, item"),
    (lambda r: r.update(data_format={"columns": {"date": "Boekdatum", "value": "Boekdatum"}}),
     "data_format", "one column is given two roles"),
    (lambda r: (r.update(data_format={"columns": {"date": "Boekdatum"}}),
                r["processes"][0]["kpis"][0].update(data={"measure": "count", "date": "day"})),
     "data_format.columns", "applies to long or wide data; an event log names its columns"),
])
def test_one_rule_one_message(raw_plan, change, field, message):
    change(raw_plan)
    with pytest.raises(ka.PlanError) as err:
        parse_plan(raw_plan, "plan.yaml")
    assert any(field in f and message in m for f, m in err.value.problems), err.value.problems


def test_percent_strings_are_fractions(raw_plan):
    raw_plan["processes"][0]["kpis"][0]["target"]["change"] = "-12,5%"
    assert parse_plan(raw_plan).kpis[0].target.change == pytest.approx(-0.125)


def test_unreadable_files(tmp_path):
    with pytest.raises(ka.PlanError, match="file not found"):
        ka.load_plan(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("client: x\n  project: [unclosed\n", encoding="utf-8")
    with pytest.raises(ka.PlanError, match=r"bad.yaml: line 2, column \d+: not valid YAML"):
        ka.load_plan(bad)
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ka.PlanError, match="must be a YAML mapping"):
        ka.load_plan(listing)


def test_plan_is_immutable(invoicing_plan_path):
    plan = ka.load_plan(invoicing_plan_path)
    with pytest.raises(Exception):
        plan.client = "someone else"


# --- what a Dutch writer types (issue 16, item 3) ------------------------------------

INVOICING_TEXT = (SAMPLES / "invoicing" / "plan.yaml").read_text(encoding="utf-8")


def _load_text(tmp_path, text):
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return ka.load_plan(path)


def test_dates_day_first_with_a_four_digit_year_are_read(raw_plan):
    raw_plan["processes"][0]["kpis"][0]["target"]["deadline"] = "31-12-2026"
    raw_plan["periods"]["go_live"] = "6/4/2026"
    raw_plan["periods"]["baseline"] = {"start": "05-01-2026", "end": "29/03/2026"}
    plan = parse_plan(raw_plan)
    assert plan.kpis[0].target.deadline == date(2026, 12, 31)
    assert plan.periods.go_live == date(2026, 4, 6)
    assert (plan.periods.baseline.start, plan.periods.baseline.end) == (
        date(2026, 1, 5), date(2026, 3, 29))


@pytest.mark.parametrize("written, message", [
    ("31-02-2026", "not a date: '31-02-2026' read day first (DD-MM-YYYY) has no day 31 "
                   "in month 2; write it as YYYY-MM-DD"),
    ("12/31/2026", "has no day 12 in month 31"),  # month first is not read
    ("31-12-26", "expected a date as YYYY-MM-DD or DD-MM-YYYY; got '31-12-26'"),
])
def test_dates_that_are_not_read_say_how_to_write_them(raw_plan, written, message):
    raw_plan["periods"]["go_live"] = written
    with pytest.raises(ka.PlanError) as err:
        parse_plan(raw_plan, "plan.yaml")
    assert err.value.problems == [("periods.go_live", err.value.problems[0][1])]
    assert message in err.value.problems[0][1]


def test_unquoted_decimal_comma_in_block_yaml_is_read(tmp_path):
    # YAML reads an unquoted 47,50 as the text '47,50'
    text = INVOICING_TEXT.replace("hourly_rate: 45", "hourly_rate: 47,50")
    assert text != INVOICING_TEXT
    assert _load_text(tmp_path, text).costs.benefits[1].hourly_rate == 47.5


@pytest.mark.parametrize("written, value", [
    ("47,50", 47.5), ("1.234,50", 1234.5), ("1,234.50", 1234.5), ("55", 55.0),
    ("55.5", 55.5),
])
def test_amounts_quoted_with_a_decimal_comma(raw_plan, written, value):
    raw_plan["costs"]["one_off"] = [{"item": "Set-up", "hours": 10, "rate": written}]
    assert parse_plan(raw_plan).costs.one_off[0].rate == value


def test_every_number_of_the_plan_reads_a_decimal_comma(raw_plan):
    kpi = raw_plan["processes"][0]["kpis"][0]
    kpi["target"] = {"value": "-3,5"}
    kpi["baseline"] = "12,25"
    plan = parse_plan(raw_plan)
    assert (plan.kpis[0].target.value, plan.kpis[0].baseline) == (-3.5, 12.25)


@pytest.mark.parametrize("written, message", [
    ("47,50 euro", "write 47.50 with a decimal point (got '47,50 euro')"),
    ("€ 1.234,50", "write 1234.50 with a decimal point (got '€ 1.234,50')"),
    ("1,250", "write 1250 or 1.250 with a decimal point (got '1,250')"),  # ambiguous
    ("fifty", "write a number such as 47.50 with a decimal point (got 'fifty')"),
])
def test_amounts_not_read_say_how_to_write_them(raw_plan, written, message):
    raw_plan["costs"]["one_off"] = [{"item": "Set-up", "hours": 10, "rate": written}]
    with pytest.raises(ka.PlanError) as err:
        parse_plan(raw_plan, "plan.yaml")
    assert err.value.problems == [("costs.one_off[0].rate", message)]


def test_decimal_comma_in_a_flow_mapping_says_to_quote_or_use_a_point(tmp_path):
    start = INVOICING_TEXT.index("  - name: Minder tijd")
    text = INVOICING_TEXT[:start] + ("  - {name: Chasing, type: time_saved, time_saved: 0.5, "
                                     "per: day, people: 2, hourly_rate: 47,50}\n")
    with pytest.raises(ka.PlanError) as err:
        _load_text(tmp_path, text)
    assert err.value.problems == [(
        "costs.benefits[1].hourly_rate",
        "write 47.50 with a decimal point, or quote it ('47,50'): inside { } YAML reads "
        "the comma as the end of the value (got 47 and a field 50)")]
    fixed = _load_text(tmp_path, text.replace("47,50}", "'47,50'}"))
    assert fixed.costs.benefits[1].hourly_rate == 47.5


def test_sample_prefix_names_a_shipped_sample_wherever_the_kit_is():
    """`sample:NAME` is the notebooks' default plan: it works from any folder and in an
    installed wheel (issue 16 item 6); an unknown name lists the samples."""
    from kpi_analysis import kit
    plan = ka.load_plan("sample:invoicing")
    assert plan == ka.load_plan(kit.SAMPLES / "invoicing" / "plan.yaml")
    with pytest.raises(ka.PlanError, match="no sample named 'nope'; the samples are .*invoicing"):
        ka.load_plan("sample:nope")
