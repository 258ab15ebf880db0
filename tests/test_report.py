"""End to end: render the sample report, check it is self-contained and agrees with
the package, and that bad input leaves nothing behind."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import nbformat
import pytest

import kpi_analysis as ka
from kpi_analysis.errors import ReportError
from kpi_analysis.run.kernel import execute_notebook

from conftest import SAMPLES, write_plan

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def kpi(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "kpi_analysis.cli", *args], cwd=cwd,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "invoicing"
    paths = ka.render_report(SAMPLES / "invoicing" / "plan.yaml", out_dir=out, lang="en")
    return out, paths


def test_writes_exactly_report_and_results(rendered):
    out, paths = rendered
    assert sorted(p.name for p in out.iterdir()) == ["progress.csv", "report.html",
                                                     "results.json"]
    assert paths == {"html": out / "report.html", "results": out / "results.json"}
    assert not list(out.parent.glob(".*tmp"))  # the staging folder is gone


def test_html_is_self_contained(rendered):
    html = (rendered[0] / "report.html").read_text(encoding="utf-8")
    assert not EXTERNAL.findall(html), EXTERNAL.findall(html)[:5]
    assert "require.js" not in html and "MathJax" not in html
    # embedded charts: the change per KPI, one over time per KPI, cash flow, tornado
    assert html.count('src="data:image/png;base64,') == 1 + 3 + 2
    assert html.count("<img alt=\"\"") == 0  # every chart has an alt text
    assert "kpi_analysis" not in html and "ka.load_plan" not in html  # code is hidden
    assert '<html lang="en">' in html


def test_results_json_matches_the_package(rendered, invoicing_plan_path):
    results = json.loads((rendered[0] / "results.json").read_text(encoding="utf-8"))
    plan = ka.load_plan(invoicing_plan_path)
    direct = ka.compare_kpis(ka.load_measurements("", plan), plan)
    case = ka.business_case(plan, direct)
    assert results["kind"] == "impact"
    for key in ("roi_pct", "npv", "payback_months", "benefit_total"):
        assert results["business_case"]["figures"][key]["value"] == pytest.approx(
            case["figures"][key]["value"], rel=1e-12)
    assert results["business_case"]["uncertainty"]["roi_pct"] == pytest.approx(
        case["uncertainty"]["roi_pct"], rel=1e-12)
    assert {c["item"] for c in results["checks"]} >= {"checklist.goal", "smart.time_bound"}
    assert [r["kpi"] for r in results["kpis"]] == direct["kpi"].tolist()
    for row, (_, expected) in zip(results["kpis"], direct.iterrows()):
        for column, value in expected.items():
            if isinstance(value, float) and value != value:  # NaN is written as null
                assert row[column] is None, column
            elif isinstance(value, float):
                assert row[column] == pytest.approx(value, rel=1e-12), column
            elif value is not None:
                assert row[column] == (value.item() if hasattr(value, "item") else value), column
    assert results["data_file"] == "measurements.csv" and len(results["data_sha256"]) == 64


def test_broken_plan_exit_2_and_no_output(tmp_path, raw_plan):
    raw_plan["processes"][0]["kpis"][1]["target"]["deadline"] = "2026-31-12"
    plan = write_plan(tmp_path, raw_plan)
    before = plan.read_bytes()
    result = kpi("report", str(plan), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"kpi: error: {plan}: processes[0].kpis[1].target.deadline:"
                                     " expected a date as YYYY-MM-DD or DD-MM-YYYY; got "
                                     "'2026-31-12'")
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]
    assert plan.read_bytes() == before


def test_bad_data_exit_2_and_no_output(tmp_path, invoicing_plan_path):
    data = tmp_path / "m.csv"
    data.write_text("date,kpi,value\n2026-01-05,days_to_paid,12\n2026-01-06,days_to_paid,x\n")
    result = kpi("report", str(invoicing_plan_path), "--data", str(data),
                 "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr == f"kpi: error: {data}, row 3, column 'value': 'x' is not a number\n"
    assert not (tmp_path / "out").exists()


def test_bad_arguments_exit_2(tmp_path, invoicing_plan_path):
    result = kpi("report", str(invoicing_plan_path), "--lang", "de")
    assert result.returncode == 2 and "invalid choice: 'de'" in result.stderr
    assert "Traceback" not in result.stderr


def test_failing_cell_is_named(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("a note"),
        nbformat.v4.new_code_cell("1 / 0"),
    ], metadata={"kernelspec": {"name": "python3", "language": "python",
                                "display_name": "Python 3"}})
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(ReportError, match=r"broken.ipynb: cell 3 \(1 / 0\) failed: "
                                          r"ZeroDivisionError: division by zero"):
        execute_notebook(path, {"x": 2})


def test_unknown_parameter_is_an_error(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("lang: str = 'en'  # report language",
                                  metadata={"tags": ["parameters"]})],
        metadata={"kernelspec": {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}})
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(ka.InputError, match=r"nb.ipynb: unknown parameter\(s\) langauge; "
                                            r"valid: lang"):
        execute_notebook(path, {"langauge": "nl"})

