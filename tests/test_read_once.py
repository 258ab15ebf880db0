"""A report reads its data once: ``kpi report`` checks the data, then hands the checked
frame to the report notebook (Parquet in the staging folder's scratch folder, never
delivered); run interactively, without that frame, the notebook reads the data file."""
from __future__ import annotations

import ast
import json
import shutil

import nbformat
import pandas as pd
import pytest

import kpi_analysis as ka
from kpi_analysis.inputs.measurements import read_checked, require_after, save_checked
from kpi_analysis.run import report as report_module
from kpi_analysis.run.outputs import SCRATCH
from kpi_analysis.run.report import REPORT_NOTEBOOKS

from conftest import SAMPLES


def _sample(tmp_path, name="invoicing"):
    folder = tmp_path / name
    shutil.copytree(SAMPLES / name, folder)
    return folder / "plan.yaml"


@pytest.mark.parametrize("sample", sorted(p.parent.name for p in SAMPLES.glob("*/plan.yaml")))
def test_a_checked_frame_comes_back_unchanged(tmp_path, sample):
    plan = ka.load_plan(SAMPLES / sample / "plan.yaml")
    data = ka.load_measurements("", plan)
    path = save_checked(data, tmp_path / "checked.parquet")
    again = ka.load_measurements("", plan, checked=path)
    pd.testing.assert_frame_equal(again, data, check_exact=True)
    assert again.attrs == data.attrs and again.attrs["quality"] == data.attrs["quality"]
    assert again["period"].cat.categories.tolist() == data["period"].cat.categories.tolist()


def test_a_parquet_file_not_written_by_the_kit_is_refused(tmp_path):
    path = tmp_path / "other.parquet"
    pd.DataFrame({"date": pd.to_datetime(["2026-01-05"]), "kpi": ["x"], "value": [1.0]}
                 ).to_parquet(path)
    with pytest.raises(ka.InputError, match="not a frame written by save_checked"):
        read_checked(path)


@pytest.fixture(scope="module")
def once(tmp_path_factory):
    """Render the invoicing sample, counting the loads, and with the data file made
    unreadable garbage while the kernel runs: the kernel must not read it."""
    tmp = tmp_path_factory.mktemp("once")
    plan_path = _sample(tmp)
    data_file = plan_path.parent / "measurements.csv"
    expected = ka.load_measurements("", ka.load_plan(plan_path))
    seen = {"loads": 0}
    real_load, real_execute = report_module.load_measurements, report_module.execute_notebook

    def counting_load(*args, **kwargs):
        seen["loads"] += 1
        return real_load(*args, **kwargs)

    def execute(notebook, parameters, **kwargs):
        seen["parameters"], seen["cwd"] = parameters, kwargs["cwd"]
        seen["handed"] = read_checked(parameters["checked_data"])
        original = data_file.read_bytes()
        data_file.write_text("date,kpi,value\nnot a date,days_to_paid,x\n", encoding="utf-8")
        try:
            return real_execute(notebook, parameters, **kwargs)
        finally:
            data_file.write_bytes(original)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(report_module, "load_measurements", counting_load)
        mp.setattr(report_module, "execute_notebook", execute)
        paths = ka.render_report(plan_path, out_dir=tmp / "out", lang="en")
    return tmp, paths, seen, expected


def test_the_report_loads_and_checks_the_data_once(once):
    _, paths, seen, expected = once
    assert seen["loads"] == 1
    # the kernel got the frame the CLI checked, and rendered while the file was garbage
    pd.testing.assert_frame_equal(seen["handed"], expected, check_exact=True)
    results = json.loads(paths["results"].read_text(encoding="utf-8"))
    direct = ka.compare_kpis(expected, ka.load_plan(SAMPLES / "invoicing" / "plan.yaml"))
    assert [r["kpi"] for r in results["kpis"]] == direct["kpi"].tolist()
    assert [r["after"] for r in results["kpis"]] == pytest.approx(
        direct["after"].tolist(), rel=1e-12)


def test_the_checked_frame_stays_out_of_the_output(once):
    tmp, paths, seen, _ = once
    handed = seen["parameters"]["checked_data"]
    assert handed.startswith(str(seen["cwd"] / SCRATCH))  # inside the staging folder
    out = paths["html"].parent
    assert sorted(p.name for p in out.iterdir()) == ["progress.csv", "report.html",
                                                     "results.json"]
    assert not [p for p in tmp.rglob("*") if p.suffix == ".parquet" or p.name == SCRATCH]
    assert not list(tmp.glob(".*tmp"))  # the staging folder is gone
    for name in ("report.html", "results.json"):
        text = (out / name).read_text(encoding="utf-8")
        assert ".parquet" not in text and SCRATCH not in text


def test_an_interactive_run_reads_the_data_file(tmp_path):
    """The notebooks default to no checked frame (JupyterLab reads the data file; a
    kernel run without it is tests/test_lab.py's), and an empty one reads the file."""
    for path in REPORT_NOTEBOOKS.values():
        cell = next(c for c in nbformat.read(path, as_version=4).cells
                    if "parameters" in c.metadata.get("tags", []))
        defaults = {node.target.id: node.value.value for node in ast.parse(cell.source).body}
        assert defaults["checked_data"] == ""
    plan = ka.load_plan(_sample(tmp_path))
    pd.testing.assert_frame_equal(ka.load_measurements("", plan, checked=""),
                                  ka.load_measurements("", plan), check_exact=True)


def test_an_impact_report_needs_after_data_before_the_kernel_starts(tmp_path, monkeypatch):
    plan_path = _sample(tmp_path)
    data = plan_path.parent / "measurements.csv"
    rows = pd.read_csv(data)
    after = (rows["kpi"] == "days_to_paid") & (rows["date"] >= "2026-04-06")
    rows[~after].to_csv(data, index=False)
    plan = ka.load_plan(plan_path)
    with pytest.raises(ka.DataError) as expected:
        ka.load_measurements("", plan, require_after=True)
    assert "KPI 'days_to_paid' has no data in the after period" in str(expected.value)
    with pytest.raises(ka.DataError) as err:
        require_after(ka.load_measurements("", plan), plan)
    assert str(err.value) == str(expected.value)
    monkeypatch.setattr(report_module, "execute_notebook", pytest.fail)
    with pytest.raises(ka.DataError) as err:
        ka.render_report(plan_path, out_dir=tmp_path / "out")  # kind: impact, by the data
    assert str(err.value) == str(expected.value)
    assert not (tmp_path / "out").exists()
