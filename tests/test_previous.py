"""What changed since the last review (issue 18, item 2): ``kpi report --previous``,
``kpi batch`` picking up the last run's results.json, the comparison and its words."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import kpi_analysis as ka
from kpi_analysis.analysis.since import (CHANGE_KINDS, compare_results, period_hashes,
                                         read_previous)
from kpi_analysis.errors import InputError
from kpi_analysis.run import batch
from kpi_analysis.words.since import change_sentence, since_sentences

from conftest import SAMPLES

REVISED_WEEK = "2026-02-02"


def kpi(*args):
    return subprocess.run([sys.executable, "-m", "kpi_analysis.cli", *map(str, args)],
                          capture_output=True, text=True)


def results_of(folder):
    return json.loads((folder / "results.json").read_text(encoding="utf-8"))


def client(tmp_path, name="acme"):
    folder = tmp_path / name
    shutil.copytree(SAMPLES / "invoicing", folder)
    return folder


def a_month_later(folder):
    """A later month added, an already-reported value revised, a target raised."""
    data = folder / "measurements.csv"
    text = data.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines()
               if line.startswith(f"{REVISED_WEEK},invoices_per_fte,"))
    text = text.replace(old, f"{REVISED_WEEK},invoices_per_fte,57.25,")
    added = [f"2026-08-{d:02d},{k}" for d in (3, 10, 17, 24)
             for k in ("invoices_per_fte,81.5,", "errors_per_100,3.0,210")]
    data.write_text(text + "\n".join(added) + "\n", encoding="utf-8")
    plan = folder / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "target: {value: 75, deadline: 2026-09-30}", "target: {value: 95, deadline: 2026-09-30}"),
        encoding="utf-8")


# ------------------------------------------------------------------ through the CLI
def test_a_month_later_the_report_lists_what_changed(tmp_path):
    folder = client(tmp_path)
    first = kpi("report", folder / "plan.yaml", "--out", tmp_path / "r", "--lang", "en")
    assert first.returncode == 0, first.stderr
    before = results_of(tmp_path / "r")
    assert "since_previous" not in before        # no --previous: no comparison, no block
    assert "kpi-since" not in (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    hashes = before["period_hashes"]["invoices_per_fte"]
    assert hashes["cadence"] == "weekly" and REVISED_WEEK in hashes["periods"]

    a_month_later(folder)
    second = kpi("report", folder / "plan.yaml", "--out", tmp_path / "r", "--lang", "nl",
                 "--previous", tmp_path / "r" / "results.json")  # the file it replaces
    assert second.returncode == 0, second.stderr
    after = results_of(tmp_path / "r")
    changes = after["since_previous"]
    kinds = {(c["kind"], c["kpi"]) for c in changes}
    assert ("target_missed", "invoices_per_fte") in kinds
    revised = [c for c in changes if c["kind"] == "data_revised"]
    assert [(c["kpi"], c["period"], c["start"], c["end"]) for c in revised] == [
        ("invoices_per_fte", REVISED_WEEK, "2026-02-02", "2026-02-08")]  # August is new, not revised
    assert revised[0]["old"] == hashes["periods"][REVISED_WEEK] != revised[0]["new"]
    assert "2026-08-03" in after["period_hashes"]["invoices_per_fte"]["periods"]
    assert all(set(c) >= {"kind", "kpi", "old", "new"} for c in changes)
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "Sinds de vorige bespreking" in html
    assert ("&#39;Facturen per medewerker per week&#39; haalt het doel niet meer" in html
            or "'Facturen per medewerker per week' haalt het doel niet meer" in html)
    assert "herzien: 02-02-2026 t/m 08-02-2026" in html
    # the block sits under the summary, before the five steps
    assert html.index("kpi-tiles") < html.index("kpi-since") < html.index("<h2", html.index("kpi-since"))


@pytest.mark.parametrize("content, message", [
    ("{not json", "is not valid JSON"),
    ("[1, 2]", "not a results.json written by kpi report"),
    ('{"client": "Someone Else BV", "project": "Automatisch factureren", "kpis": []}',
     "of another client: 'Someone Else BV'; this report is for 'Van Dijk Groothandel BV'"),
    ('{"client": "Van Dijk Groothandel BV", "project": "Other", "kpis": []}',
     "of another project: 'Other'"),
    ('{"client": "Van Dijk Groothandel BV", "project": "Automatisch factureren", "kpis": 3}',
     "field 'kpis': expected a list"),
    ('{"client": "Van Dijk Groothandel BV", "project": "Automatisch factureren", '
     '"kpis": [{"kpi": "a", "verdict": "great"}]}', "field 'kpis[0]': verdict 'great'"),
    ("[" * 100000, "is not valid JSON"),
    (None, "cannot be read"),
])
def test_a_broken_or_foreign_previous_is_one_message_and_exit_2(tmp_path, content, message):
    previous = tmp_path / "previous.json"
    if content is not None:
        previous.write_text(content, encoding="utf-8")
    result = kpi("report", SAMPLES / "invoicing" / "plan.yaml", "--out", tmp_path / "r",
                 "--previous", previous)
    assert result.returncode == 2
    assert message in result.stderr and str(previous) in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "r").exists()


def test_batch_compares_with_the_last_run_by_itself(tmp_path):
    src = tmp_path / "src"
    client(src, "acme")
    first = batch.run_batch(src, tmp_path / "out", jobs=1)
    assert first["ok"] == 1 and "since_previous" not in results_of(tmp_path / "out" / "acme")
    a_month_later(src / "acme")
    second = batch.run_batch(src, tmp_path / "out", jobs=1)
    assert second["ok"] == 1, second["clients"]
    changes = results_of(tmp_path / "out" / "acme")["since_previous"]
    assert {c["kind"] for c in changes} >= {"target_missed", "data_revised"}
    html = (tmp_path / "out" / "acme" / "report.html").read_text(encoding="utf-8")
    assert "Sinds de vorige bespreking" in html     # the plan's language: nl
    result = kpi("batch", src, "--out", tmp_path / "out", "--previous", tmp_path / "nowhere")
    assert result.returncode == 2 and "--previous" in result.stderr


# ------------------------------------------------------------------ the comparison
def record(kpi_id, verdict="improved", met=True, name=None):
    return {"kpi": kpi_id, "name": name or kpi_id.title(), "verdict": verdict,
            "target_met": met}


def result(*kpis, roi=None, hashes=None):
    case = None if roi is None else {"uncertainty": {"roi_pct": {"ci_low": roi[0],
                                                                 "ci_high": roi[1]}}}
    out = {"kpis": list(kpis), "business_case": case}
    if hashes is not None:
        out["period_hashes"] = hashes
    return out


def weekly(through, **periods):
    return {"cadence": "weekly", "through": through, "periods": periods}


def test_nothing_changed_is_an_empty_list():
    same = result(record("a"), roi=(-10.2, 80.4), hashes={"a": weekly("2026-03-08", **{
        "2026-03-02": "x"})})
    assert compare_results(same, same) == []
    assert since_sentences([], {}, "en") == [
        "Nothing changed since the previous report: the same verdicts, targets, ROI and data."]


def test_verdicts_targets_and_kpis_added_or_removed():
    old = result(record("a", "no detectable change", False), record("b", met=True),
                 record("gone", name="Old KPI"), hashes={})
    new = result(record("a", "improved", True), record("b", "worsened", False),
                 record("fresh", name="New KPI"), hashes={})
    assert compare_results(old, new) == [
        {"kind": "kpi_added", "kpi": "fresh", "old": None, "new": "New KPI"},
        {"kind": "kpi_removed", "kpi": "gone", "old": "Old KPI", "new": None},
        {"kind": "verdict_flipped", "kpi": "a", "old": "no detectable change", "new": "improved"},
        {"kind": "verdict_flipped", "kpi": "b", "old": "improved", "new": "worsened"},
        {"kind": "target_met", "kpi": "a", "old": False, "new": True},
        {"kind": "target_missed", "kpi": "b", "old": True, "new": False}]


def test_a_target_without_a_verdict_yet_is_not_missed():
    old = result(record("a", met=None), hashes={})
    new = result(record("a", met=False), hashes={})
    assert compare_results(old, new) == []


def test_the_roi_interval_moves_by_a_whole_percent():
    old = result(roi=(-35.77, 300.55), hashes={})
    assert compare_results(old, result(roi=(-35.6, 300.8), hashes={})) == []
    moved = compare_results(old, result(roi=(-20.0, 310.0), hashes={}))
    assert moved == [{"kind": "roi_interval_moved", "kpi": None, "old": [-35.77, 300.55],
                      "new": [-20.0, 310.0]}]
    assert change_sentence(moved[0], {}, "en") == (
        "The 95% interval of the ROI is now −20% to +310%; in the previous report it was "
        "−36% to +301%.")


def test_revisions_only_in_periods_complete_at_the_previous_run():
    old = result(hashes={"a": weekly("2026-03-11", **{
        "2026-03-02": "same", "2026-02-23": "before", "2026-03-09": "partial"})})
    new = result(hashes={"a": weekly("2026-03-29", **{
        "2026-03-02": "same", "2026-02-23": "after", "2026-03-09": "longer",
        "2026-03-16": "new", "2026-03-23": "new"})})
    assert compare_results(old, new) == [
        {"kind": "data_revised", "kpi": "a", "old": "before", "new": "after",
         "period": "2026-02-23", "start": "2026-02-23", "end": "2026-03-01"}]
    gone = result(hashes={"a": weekly("2026-03-29", **{"2026-03-02": "same"})})
    assert [c["new"] for c in compare_results(old, gone)] == [None]   # rows removed


def test_an_older_previous_without_hashes_is_compared_and_says_so():
    old = result(record("a", "no detectable change"))          # no period_hashes field
    new = result(record("a"), hashes={"a": weekly("2026-03-08", **{"2026-03-02": "x"})})
    changes = compare_results(old, new)
    assert [c["kind"] for c in changes] == ["verdict_flipped", "revisions_unchecked"]
    assert since_sentences(changes, {"a": "Lead time"}, "en")[-1].startswith(
        "Whether data already reported were revised could not be checked")
    monthly = {"a": {"cadence": "monthly", "through": "2026-03-31", "periods": {}}}
    assert compare_results(result(hashes=monthly), new) == [
        {"kind": "revisions_unchecked", "kpi": "a", "old": "monthly", "new": "weekly"}]


def test_every_change_has_one_sentence_in_both_languages():
    changes = [
        {"kind": "kpi_added", "kpi": "n", "old": None, "new": "New"},
        {"kind": "kpi_removed", "kpi": "o", "old": "Old", "new": None},
        {"kind": "verdict_flipped", "kpi": "a", "old": "improved", "new": "worsened"},
        {"kind": "target_met", "kpi": "a", "old": False, "new": True},
        {"kind": "target_missed", "kpi": "a", "old": True, "new": False},
        {"kind": "roi_interval_moved", "kpi": None, "old": [1.0, 2.0], "new": [3.0, 4.0]},
        *({"kind": "data_revised", "kpi": "a", "old": "x", "new": "y", "period": p,
           "start": p, "end": p} for p in ("2026-01-05", "2026-01-12", "2026-01-19",
                                           "2026-01-26", "2026-02-02", "2026-02-09")),
        {"kind": "revisions_unchecked", "kpi": None, "old": None, "new": None},
        {"kind": "revisions_unchecked", "kpi": "a", "old": "weekly", "new": "monthly"}]
    assert {c["kind"] for c in changes} == set(CHANGE_KINDS)
    for lang in ("en", "nl"):
        sentences = since_sentences(changes, {"a": "Lead time"}, lang)
        assert len(sentences) == len(changes) - 5      # six revised weeks: one sentence
        assert all(s.endswith(".") and "{" not in s for s in sentences)
    from test_dutch import leftovers   # the nl sentences hold no English words
    assert not leftovers([*since_sentences(changes, {"a": "Lead time"}, "nl"),
                          *since_sentences([], {}, "nl")])
    revised = since_sentences(changes, {"a": "Lead time"}, "nl")[6]
    assert revised.startswith("Al gerapporteerde gegevens van 'Lead time' zijn herzien: ")
    assert revised.endswith("en nog 2.")


def test_period_hashes_of_the_sample_and_read_previous(tmp_path):
    plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    data = ka.load_measurements("", plan)
    hashes = period_hashes(data, plan)
    assert set(hashes) == {k.id for k in plan.kpis}
    weeks = hashes["invoices_per_fte"]["periods"]
    assert all(pd.Timestamp(w).day_of_week == 0 for w in weeks)      # weeks by their Monday
    assert hashes["invoices_per_fte"]["through"] == "2026-07-26"
    shuffled = data.sample(frac=1, random_state=1)
    assert period_hashes(shuffled, plan) == hashes                  # row order does not count
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"client": plan.client, "project": plan.project,
                                "kpis": None, "period_hashes": hashes}), encoding="utf-8")
    assert read_previous(path, plan)["period_hashes"] == hashes
    path.write_text(json.dumps({"client": plan.client, "project": plan.project, "kpis": [],
                                "period_hashes": {"a": {"cadence": "daily"}}}))
    with pytest.raises(InputError, match="field 'period_hashes'"):
        read_previous(path, plan)
    path.write_text(json.dumps({"client": plan.client, "project": plan.project, "kpis": [],
                                "period_hashes": {"a": {"cadence": "monthly", "through": "",
                                                        "periods": {"March": "x"}}}}))
    with pytest.raises(InputError, match="'March' is not a monthly period"):
        read_previous(path, plan)
