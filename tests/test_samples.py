"""Every sample renders in English and Dutch, honestly: numbers agree with the package,
the no-effect sample says so, the Goodhart guard warns, text is escaped, audiences cut."""
from __future__ import annotations

import html
import json
import re

import pytest
import yaml

import kpi_analysis as ka
from kpi_analysis.run.report import render_report

import golden
from conftest import NAMES, SAMPLES, write_plan

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", NAMES)
def test_sample_renders_and_agrees_with_the_package(reports, name, lang):
    paths = reports[name, lang]
    html = paths["html"].read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html and not EXTERNAL.search(html)
    results = json.loads(paths["results"].read_text(encoding="utf-8"))
    plan = ka.load_plan(SAMPLES / name / "plan.yaml")
    direct = ka.compare_kpis(ka.load_measurements("", plan), plan)
    got = {r["kpi"]: r for r in results["kpis"]}
    for row in direct.to_dict(orient="records"):
        for column in ("before", "after", "change_pct", "ci_low", "ci_high", "p_adj"):
            assert got[row["kpi"]][column] == pytest.approx(row[column], rel=1e-12)
        assert got[row["kpi"]]["verdict"] == row["verdict"]
    # the client's own false-alarm rate per KPI, and the sequential method of the reviews
    assert [r["kpi"] for r in results["placebo"]] == [k.id for k in plan.kpis]
    assert all(r["false_alarms"] <= r["fake_go_lives"] for r in results["placebo"])
    assert results["repeated_looks"]["method"] == "alpha-spending-6/(pi^2 k^2)"
    word = {"en": "Step 4", "nl": "Stap 4"}[lang]
    assert word in html


def test_no_effect_sample_says_no_detectable_change(reports):
    for lang, phrase in (("en", "no detectable change"), ("nl", "geen aantoonbare verandering")):
        results = json.loads(reports["production", lang]["results"].read_text())
        assert {k["verdict"] for k in results["kpis"]} == {"no detectable change"}
        assert phrase in reports["production", lang]["html"].read_text()


def test_trend_sample_says_no_detectable_change_and_shows_the_trend(reports):
    """support_tickets: resolution time falls at the same pace before and after go-live
    and the assistant has no effect (truth.yaml). The verdict is measured against the
    trend (the interrupted time series, issue 13 item 1), so the report says "no
    detectable change" and draws the line expected without the change."""
    truth = yaml.safe_load((SAMPLES / "support_tickets" / "truth.yaml").read_text())
    assert truth["resolution_hours"]["effect"] == 0 > truth["resolution_hours"]["drift_per_week"]
    plan = ka.load_plan(SAMPLES / "support_tickets" / "plan.yaml")
    line = ka.counterfactuals(ka.load_measurements("", plan), plan)["resolution_hours"]
    assert line["level"].iat[-1] < line["level"].iat[0] - 2  # the trend goes on: ~0.12 h a week
    for lang, phrase in (("en", "no detectable change"), ("nl", "geen aantoonbare verandering")):
        results = json.loads(reports["support_tickets", lang]["results"].read_text())
        assert {k["verdict"] for k in results["kpis"]} == {"no detectable change"}
        assert phrase in reports["support_tickets", lang]["html"].read_text()
    assert "a dashed line for the level expected without the change" in \
        reports["support_tickets", "en"]["html"].read_text()


def test_goodhart_sample_shows_the_guard_warning(reports):
    assert "Let op: de kwaliteitsbewaker Tevreden klanten is verslechterd" in \
        reports["chatbot", "nl"]["html"].read_text()
    assert "Watch out: its quality guard Tevreden klanten worsened" in \
        reports["chatbot", "en"]["html"].read_text()


def test_control_group_sample_reports_difference_in_differences(reports):
    html = reports["webshop", "en"]["html"].read_text()
    assert "Against the control group (The sister store" in html


def test_user_text_is_escaped(tmp_path, kernel):
    raw = yaml.safe_load((SAMPLES / "invoicing" / "plan.yaml").read_text())
    raw["processes"][0]["kpis"][0]["name"] = "<script>alert(1)</script>"
    raw["client"] = "Smith & <b>Sons</b>"
    raw["data_file"] = str(SAMPLES / "invoicing" / "measurements.csv")
    paths = render_report(write_plan(tmp_path, raw), out_dir=tmp_path / "out", kernel=kernel)
    html = paths["html"].read_text()
    assert "<script>alert(1)" not in html and "<b>Sons</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "Smith &amp; &lt;b&gt;Sons" in html


def test_audiences_cut_the_depth(tmp_path, kernel):
    plan = SAMPLES / "invoicing" / "plan.yaml"
    executive = render_report(plan, lang="en", audience="executive", out_dir=tmp_path / "x",
                              kernel=kernel)["html"].read_text()
    technical = render_report(plan, lang="en", audience="technical", out_dir=tmp_path / "t",
                              kernel=kernel)["html"].read_text()
    assert "At a glance" in executive and "Step 5" in executive
    assert "Step 1" not in executive and "Technical appendix" not in executive
    assert "Step 1" in technical and "Technical appendix" in technical


def test_baseline_report_is_chosen_before_go_live(tmp_path, kernel):
    data = (SAMPLES / "invoicing" / "measurements.csv").read_text().splitlines()
    before = data[:1] + [line for line in data[1:] if line[:10] < "2026-04-06"]
    path = tmp_path / "baseline.csv"
    path.write_text("\n".join(before) + "\n")
    paths = render_report(SAMPLES / "invoicing" / "plan.yaml", data_path=path, lang="en",
                          out_dir=tmp_path / "out", kernel=kernel)
    results = json.loads(paths["results"].read_text())
    html = paths["html"].read_text()
    assert results["kind"] == "baseline" and results["kpis"] is None
    assert "Baseline report" in html and "Measurement plan" in html
    assert "First evaluation between" in html


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_cadence_audience_and_progress_outputs(tmp_path, kernel, lang):
    paths = render_report(SAMPLES / "monthly_reviews" / "plan.yaml", lang=lang,
                          cadence="weekly", audience="management", out_dir=tmp_path / "out",
                          kernel=kernel)
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "cadence.html", "cadence.txt", "progress.csv", "report.html", "results.json"]
    results = json.loads(paths["results"].read_text())
    assert results["cadence"]["highlights"] and results["audience_view"]["audience"] == \
        "management"
    statuses = {r["kpi"]: r["status"] for r in results["progress"]}
    assert statuses["assistant_share"] == "on track"  # the sample's documented truth
    assert not EXTERNAL.search((out / "cadence.html").read_text())
    report = html.unescape(paths["html"].read_text())
    highlights = [line[2:] for line in (out / "cadence.txt").read_text().splitlines()
                  if line.startswith("- ")]
    assert len(highlights) >= 3 and all(h in report for h in highlights)
    header = (out / "progress.csv").read_text().splitlines()[0].split(",")
    assert header[:3] == ["kpi", "name", "unit"] and "p_meet_target" in header


def test_cadence_needs_an_after_period(tmp_path):
    data = (SAMPLES / "invoicing" / "measurements.csv").read_text().splitlines()
    path = tmp_path / "baseline.csv"
    path.write_text("\n".join(data[:1] + [x for x in data[1:] if x[:10] < "2026-04-06"]) + "\n")
    with pytest.raises(ka.InputError, match="cadence: reviews need measurements after"):
        render_report(SAMPLES / "invoicing" / "plan.yaml", data_path=path, cadence="weekly",
                      out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", NAMES)
def test_sample_matches_its_golden_file(reports, name, lang):
    """Issue 17: a refactoring leaves every sample's numbers and report structure as they
    were (tests/golden.py says how to regenerate them when an issue changes them)."""
    paths = reports[name, lang]
    results = json.loads(paths["results"].read_text(encoding="utf-8"))
    golden.check(f"{name}-{lang}", {
        "results": golden.numbers(results),
        "report": golden.structure(paths["html"].read_text(encoding="utf-8")),
    })
