"""The signed-off plan: `kpi lock`, the deviations from the lock, their sentences and
the check `signoff.target_after_data` -- through the CLI where a user meets them."""
from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest
import yaml

import kpi_analysis as ka
from kpi_analysis.analysis.compare import compare_kpis
from kpi_analysis.analysis.estimate import planned_test
from kpi_analysis.analysis.signoff import DEVIATION_KINDS, compare_to_lock, lock_record
from kpi_analysis.files import file_hash
from kpi_analysis.inputs.measurements import load_measurements
from kpi_analysis.analysis.lock import lock_path, read_lock, sign_off
from kpi_analysis.plan import parse_plan
from kpi_analysis.words.signoff import deviation_sentence, signoff_sentences

from conftest import SAMPLES, write_plan


def kpi(*args):
    return subprocess.run([sys.executable, "-m", "kpi_analysis.cli", *map(str, args)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)


@pytest.fixture
def invoicing(tmp_path):
    """A copy of the invoicing sample (plan and data): its plan path."""
    shutil.copytree(SAMPLES / "invoicing", tmp_path / "inv")
    return tmp_path / "inv" / "plan.yaml"


def edit_plan(path, change):
    """Rewrite the plan file after ``change(raw)``."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    write_plan(path.parent, raw, path.name)


def kpi_raw(raw, kpi_id):
    return next(k for p in raw["processes"] for k in p["kpis"] if k["id"] == kpi_id)


def set_target_value(kpi_id, value):
    def change(raw):
        kpi_raw(raw, kpi_id)["target"]["value"] = value
    return change


def check_rows(result):
    return [line.split(None, 3) for line in result.stdout.splitlines()
            if "signoff.target_after_data" in line]


# --- kpi lock ------------------------------------------------------------------------

def test_lock_writes_a_readable_yaml_record_beside_the_plan(invoicing):
    result = kpi("lock", invoicing)
    assert result.returncode == 0, result.stderr
    path = invoicing.with_name("plan.lock.yaml")
    assert result.stdout.strip() == str(path) and lock_path(invoicing) == path
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# The plan plan.yaml as signed off on ")
    record = yaml.safe_load(text)
    plan = ka.load_plan(invoicing)
    data = load_measurements(plan.data_path, plan)
    assert record["locked_at"] == date.today().isoformat()
    assert record["goal"] == plan.goal.statement and record["go_live"] == "2026-04-06"
    assert record["periods"]["baseline"] == {"start": "2026-01-05", "end": "2026-03-29"}
    tests = compare_kpis(data, plan).set_index("kpi")["test"]
    for entry, k in zip(record["kpis"], plan.kpis):
        assert entry["id"] == k.id and entry["name"] == k.name and entry["unit"] == k.unit
        assert (entry["kind"], entry["direction"], entry["guard"]) == (k.kind, k.direction,
                                                                     k.guard)
        assert entry["test"] == tests[k.id]          # the test compare_kpis runs
    assert record["kpis"][1]["target"] == {"value": 75.0, "change": None,
                                           "deadline": "2026-09-30"}
    assert record["baseline_data"]["file"] == "measurements.csv"
    assert record["baseline_data"]["file_sha256"] == file_hash(plan.data_path)
    assert len(record["baseline_data"]["sha256"]) == 64
    assert read_lock(path) == record


def test_relock_needs_force(invoicing):
    assert kpi("lock", invoicing).returncode == 0
    before = invoicing.with_name("plan.lock.yaml").read_bytes()
    result = kpi("lock", invoicing)
    assert result.returncode == 2 and result.stdout == ""
    assert "signed off already" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert invoicing.with_name("plan.lock.yaml").read_bytes() == before
    assert kpi("lock", invoicing, "--force").returncode == 0


def test_lock_of_a_bad_plan_exits_2_and_writes_nothing(tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text("client: x\n", encoding="utf-8")
    result = kpi("lock", bad)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"kpi: error: {bad}: ")
    assert not (tmp_path / "plan.lock.yaml").exists()


def test_a_broken_lock_file_is_named(invoicing):
    invoicing.with_name("plan.lock.yaml").write_text("locked_at: [\n", encoding="utf-8")
    result = kpi("check", invoicing)
    assert result.returncode == 2
    assert "plan.lock.yaml: not valid YAML" in result.stderr and "--force" in result.stderr


# --- kpi check -------------------------------------------------------------------------

def test_check_warns_when_a_target_moves_after_after_period_data(invoicing):
    assert not check_rows(kpi("check", invoicing, "--lang", "en"))   # no lock: no rows
    assert kpi("lock", invoicing).returncode == 0
    rows = check_rows(kpi("check", invoicing, "--lang", "en"))
    assert [(r[0], r[2]) for r in rows] == [("pass", k.id)
                                            for k in ka.load_plan(invoicing).kpis]
    edit_plan(invoicing, set_target_value("invoices_per_fte", 70))
    rows = {r[2]: r for r in check_rows(kpi("check", invoicing, "--lang", "en"))}
    assert rows["invoices_per_fte"][0] == "warn"
    assert "moved from 75 to 70" in rows["invoices_per_fte"][3]
    assert "after-period data exist" in rows["invoices_per_fte"][3]
    assert rows["days_to_paid"][0] == rows["errors_per_100"][0] == "pass"


def test_a_target_moved_before_after_data_passes_the_check(invoicing):
    plan = ka.load_plan(invoicing)
    data = pd.read_csv(plan.data_path)
    baseline_only = data[pd.to_datetime(data["date"]) < pd.Timestamp("2026-04-06")]
    baseline_only.to_csv(invoicing.with_name("measurements.csv"), index=False)
    assert kpi("lock", invoicing).returncode == 0
    edit_plan(invoicing, set_target_value("invoices_per_fte", 70))
    result = kpi("check", invoicing, "--lang", "en")
    rows = {r[2]: r for r in check_rows(result)}
    assert rows["invoices_per_fte"][0] == "pass"
    assert "before after-period data came in" in rows["invoices_per_fte"][3]


# --- the deviations ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def signed():
    """The invoicing sample signed off: plan dict, tidy data and lock record."""
    plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    raw = yaml.safe_load((SAMPLES / "invoicing" / "plan.yaml").read_text(encoding="utf-8"))
    data = load_measurements(plan.data_path, plan)
    return raw, data, lock_record(plan, data, "2026-03-12")


def deviations(raw, change, data, lock):
    raw = copy.deepcopy(raw)
    change(raw)
    return compare_to_lock(parse_plan(raw), lock, data)["deviations"]


def _unit(raw):
    kpi_raw(raw, "days_to_paid")["unit"] = "working days"


def _go_live(raw):
    raw["periods"]["go_live"] = date(2026, 4, 13)


def _baseline_start(raw):
    raw["periods"]["baseline"]["start"] = date(2026, 1, 12)


def _add(raw):
    extra = copy.deepcopy(kpi_raw(raw, "errors_per_100"))
    extra.update(id="credit_notes", name="Credit notes per 100 invoices")
    raw["processes"][-1]["kpis"].append(extra)


def _drop(raw):
    process = raw["processes"][0]
    process["kpis"] = [k for k in process["kpis"] if k["id"] != "invoices_per_fte"]


def _relative_target(raw):
    kpi_raw(raw, "days_to_paid")["target"]["change"] = "-40%"


@pytest.mark.parametrize("change, expected", [
    (set_target_value("invoices_per_fte", 70),
     [("target_moved", "invoices_per_fte", "target.value", 75.0, 70.0)]),
    (_relative_target, [("target_moved", "days_to_paid", "target.change", -0.5, -0.4)]),
    (_unit, [("definition_changed", "days_to_paid", "unit", "dagen", "working days")]),
    (_go_live, [("go_live_moved", None, "go_live", "2026-04-06", "2026-04-13")]),
    (_baseline_start, [("periods_moved", None, "baseline.start", "2026-01-05",
                        "2026-01-12")]),
    (_add, [("kpi_added", "credit_notes", "kpi", None, "Credit notes per 100 invoices")]),
    (_drop, [("kpi_dropped", "invoices_per_fte", "kpi", "Facturen per medewerker per week",
              None)]),
], ids=["target", "relative_target", "definition", "go_live", "periods", "added", "dropped"])
def test_each_plan_change_is_one_deviation(signed, change, expected):
    raw, data, lock = signed
    found = deviations(raw, change, data, lock)
    assert [tuple(d.values()) for d in found] == expected


def test_a_changed_test_and_changed_baseline_data_are_deviations(signed):
    raw, data, lock = signed
    edited = copy.deepcopy(lock)
    edited["kpis"][1]["test"] = "welch"      # signed off on another test than the data get
    found = deviations(raw, lambda r: None, data, edited)
    assert found == [{"kind": "test_changed", "kpi": "invoices_per_fte", "field": "test",
                      "old": "welch", "new": "series-gls"}]
    revised = data.copy()
    first = revised.index[revised["period"] == "baseline"][0]
    revised.loc[first, "value"] += 1
    found = deviations(raw, lambda r: None, revised, lock)
    assert [d["kind"] for d in found] == ["baseline_data_changed"]
    assert found[0]["old"] == lock["baseline_data"]["sha256"] != found[0]["new"]


def test_after_period_data_added_later_change_nothing(signed):
    raw, data, lock = signed
    baseline = data[data["period"] == "baseline"]
    early = lock_record(parse_plan(copy.deepcopy(raw)), baseline, "2026-03-12")
    assert early["baseline_data"]["sha256"] == lock["baseline_data"]["sha256"]
    assert deviations(raw, lambda r: None, data, early) == []


def test_unchanged_plan_has_no_deviations_after_a_yaml_round_trip(invoicing):
    assert kpi("lock", invoicing).returncode == 0
    plan = ka.load_plan(invoicing)
    result = sign_off(plan, load_measurements(plan.data_path, plan))
    assert result == {"locked_at": date.today().isoformat(), "baseline_locked": True,
                      "deviations": []}


def test_without_a_lock_the_plan_was_not_signed_off(invoicing):
    result = sign_off(ka.load_plan(invoicing), None)
    assert result == {"locked_at": None, "baseline_locked": False, "deviations": []}
    assert signoff_sentences(result, {}, "en") == [
        "The plan was not signed off: no record of the plan as agreed before go-live "
        "exists (kpi lock)."]


# --- in words --------------------------------------------------------------------------

def test_every_deviation_kind_is_one_sentence_in_each_language(signed):
    raw, data, lock = signed
    names = {k["id"]: k["name"] for k in lock["kpis"]}
    found = []
    for change in (set_target_value("invoices_per_fte", 70), _unit, _go_live,
                   _baseline_start, _add, _drop):
        found += deviations(raw, change, data, lock)
    edited = copy.deepcopy(lock)
    edited["kpis"][1]["test"] = "welch"
    found += deviations(raw, lambda r: None, data, edited)
    revised = data.copy()
    revised.loc[revised.index[revised["period"] == "baseline"][0], "value"] += 1
    found += deviations(raw, lambda r: None, revised, lock)
    assert {d["kind"] for d in found} == set(DEVIATION_KINDS)
    for lang in ("en", "nl"):
        sentences = [deviation_sentence(d, names, lang, baseline_locked=True) for d in found]
        assert len(set(sentences)) == len(found)
        assert all("{" not in s and s.endswith(".") for s in sentences)
    en = dict(zip([d["kind"] for d in found],
                  (deviation_sentence(d, names, "en", True) for d in found)))
    assert en["target_moved"] == ("The target of 'Facturen per medewerker per week' moved "
                                  "from 75 to 70 after the baseline was known.")
    assert en["go_live_moved"] == "Go-live moved from 6 Apr 2026 to 13 Apr 2026."
    assert en["kpi_added"] == "KPI 'Credit notes per 100 invoices' was added after sign-off."
    assert en["kpi_dropped"] == "KPI 'Facturen per medewerker per week' was dropped after sign-off."
    assert en["test_changed"] == ("The test for 'Facturen per medewerker per week' changed "
                                  "from Welch t-test to series model (GLS).")


def test_sign_off_line_in_both_languages():
    unchanged = {"locked_at": "2026-03-12", "deviations": []}
    assert signoff_sentences(unchanged, {}, "nl") == [
        "Plan zoals afgetekend op 12-03-2026: ongewijzigd."]
    assert signoff_sentences(unchanged, {}, "en") == [
        "Plan as signed off on 12 Mar 2026: unchanged."]


# --- the planned test ----------------------------------------------------------------------

@pytest.mark.parametrize("sample", ["invoicing", "chatbot", "production"])
def test_planned_test_is_the_test_compare_kpis_runs(sample):
    """From the baseline alone (before go-live) and from all data, the planned test is
    the one compare_kpis then runs (all 23 KPIs of the 8 samples agree; 3 here)."""
    plan = ka.load_plan(SAMPLES / sample / "plan.yaml")
    data = load_measurements(plan.data_path, plan)
    tests = compare_kpis(data, plan).set_index("kpi")["test"]
    for k in plan.kpis:
        rows = data[data["kpi"] == k.id]
        assert planned_test(k, rows) == tests[k.id]
        assert planned_test(k, rows[rows["period"] == "baseline"]) == tests[k.id]
    assert planned_test(plan.kpis[0], None) is None


# --- the report --------------------------------------------------------------------------

def rendered(plan, out, lang="en"):
    result = kpi("report", plan, "--out", out, "--lang", lang)
    assert result.returncode == 0, result.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    return json.loads((out / "results.json").read_text(encoding="utf-8"))["sign_off"], html


def test_a_moved_target_shows_in_the_report_and_results_json(invoicing, tmp_path):
    assert kpi("lock", invoicing).returncode == 0
    edit_plan(invoicing, set_target_value("invoices_per_fte", 70))
    signed, html = rendered(invoicing, tmp_path / "en")
    assert signed == {"locked_at": date.today().isoformat(), "deviations": [
        {"kind": "target_moved", "kpi": "invoices_per_fte", "field": "target.value",
         "old": 75.0, "new": 70.0}]}
    assert "changed since, in 1 point(s)" in html                          # the summary
    assert ("The target of 'Facturen per medewerker per week' moved from 75 to 70 after the "
            "baseline was known.") in html                                  # the appendix
    signed, html = rendered(invoicing, tmp_path / "nl", "nl")
    assert signed["deviations"][0]["new"] == 70.0
    assert "Het doel van 'Facturen per medewerker per week' is verschoven van 75 naar 70" in html


def test_an_unsigned_plan_says_so_in_the_report(invoicing, tmp_path):
    signed, html = rendered(invoicing, tmp_path / "out")
    assert signed == {"locked_at": None, "deviations": []}
    assert "The plan was not signed off" in html


def test_batch_renders_a_client_again_once_its_plan_is_signed_off(tmp_path):
    from kpi_analysis.run import batch
    src = tmp_path / "src"
    for name in ("a", "b"):
        shutil.copytree(SAMPLES / "invoicing", src / name)
    out = tmp_path / "out"
    assert batch.run_batch(src, out, jobs=1)["ok"] == 2
    assert kpi("lock", src / "a" / "plan.yaml").returncode == 0
    again = batch.run_batch(src, out, jobs=1)
    assert [c["status"] for c in again["clients"]] == ["ok", "unchanged"]
    results = json.loads((out / "a" / "results.json").read_text(encoding="utf-8"))
    assert results["sign_off"] == {"locked_at": date.today().isoformat(), "deviations": []}
