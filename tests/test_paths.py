"""Output paths, run through the installed `kpi` command: relative --out from any
folder, outputs never inside the kit nor over an input, files that follow the umask."""
from __future__ import annotations

import json
import shutil
import stat
from datetime import date, timedelta

import pytest

from conftest import ROOT, SAMPLES
from hostile import assert_one_clear_error, kpi, leftovers, snapshot


@pytest.fixture
def project(tmp_path):
    """A client folder outside the repository, as the README's examples expect it:
    plan.yaml (its data_file measurements.csv) and the same data as export.csv."""
    work = tmp_path / "work"
    shutil.copytree(SAMPLES / "invoicing", work)
    future = date.today() + timedelta(days=40)  # a typo'd year: left out, and said so
    (work / "export.csv").write_text((work / "measurements.csv").read_text()
                                     + f"{future},days_to_paid,3.0,\n")
    return work


def _printed(result, cwd):
    """The files the command printed, each an existing absolute path under ``cwd``."""
    from pathlib import Path
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert paths and all(p.is_absolute() and p.is_file() and cwd in p.parents for p in paths)
    return {p.name: p for p in paths}


def test_readme_examples_work_from_a_folder_outside_the_repository(project, tmp_path):
    kit_before = snapshot(ROOT / "notebooks")
    inputs = snapshot(project)

    # .venv/bin/kpi report path/to/plan.yaml   (default --out: reports/<client>)
    first = kpi("report", "work/plan.yaml", cwd=tmp_path, umask=0o022)
    assert first.returncode == 0, first.stderr
    files = _printed(first, tmp_path)
    assert set(files) == {"report.html", "results.json", "progress.csv"}
    assert files["results.json"].parent.parent == tmp_path / "reports"
    assert json.loads(files["results.json"].read_text())["kind"] == "impact"

    # .venv/bin/kpi report plan.yaml --data export.csv --out reports/acme --lang nl
    second = kpi("report", "plan.yaml", "--data", "export.csv", "--out", "reports/acme",
                 "--lang", "nl", cwd=project, umask=0o022)
    assert second.returncode == 0, second.stderr
    files = _printed(second, project)
    assert {p.parent for p in files.values()} == {project / "reports" / "acme"}
    assert set(files) == {"report.html", "results.json", "progress.csv"}
    results = json.loads(files["results.json"].read_text())
    assert results["language"] == "nl" and results["data_file"] == "export.csv"
    html = files["report.html"].read_text()
    assert "gedateerd na de export" in html and "weggelaten: gedateerd na de dag" in html
    # the umask decides every file's mode, the same for all three (0644 under 022)
    modes = {name: stat.S_IMODE(p.stat().st_mode) for name, p in files.items()}
    assert set(modes.values()) == {0o644}, modes

    # .venv/bin/kpi report plan.yaml --kind baseline --audience executive
    third = kpi("report", "plan.yaml", "--kind", "baseline", "--audience", "executive",
                cwd=project)
    assert third.returncode == 0, third.stderr
    files = _printed(third, project)
    assert json.loads(files["results.json"].read_text())["kind"] == "baseline"

    assert snapshot(ROOT / "notebooks") == kit_before  # nothing written inside the kit
    assert snapshot(project, skip=project / "reports") == inputs
    assert not leftovers(tmp_path)


def test_a_stricter_umask_is_followed_too(project):
    result = kpi("report", "plan.yaml", "--out", "out", "--kind", "baseline",
                 cwd=project, umask=0o077)
    assert result.returncode == 0, result.stderr
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (project / "out").iterdir()}
    assert modes == {0o600}


def test_out_never_replaces_an_input_file(project):
    """--out pointed at the data folder, whose data file is called progress.csv."""
    (project / "measurements.csv").rename(project / "progress.csv")
    plan = project / "plan.yaml"
    plan.write_text(plan.read_text().replace("measurements.csv", "progress.csv"))
    before = snapshot(project)
    result = kpi("report", "plan.yaml", "--out", ".", cwd=project)
    assert_one_clear_error(result, 2, "progress.csv", "would replace the input file")
    assert snapshot(project) == before


@pytest.mark.parametrize("out, fragment", [
    ("plan.yaml", "is a file, not a folder"),
    ("plan.yaml/sub", "is a file, not a folder"),
    ("/proc/kpi-out", "cannot write to /proc/kpi-out"),
    (str(ROOT / "notebooks" / "out"), "inside the kit's own folder"),
    (str(ROOT / "kpi_analysis"), "inside the kit's own folder"),
])
def test_an_unusable_out_is_one_line_and_exit_2(project, out, fragment):
    before = snapshot(project)
    kit = snapshot(ROOT / "notebooks")
    result = kpi("report", "plan.yaml", "--out", out, cwd=project)
    err = assert_one_clear_error(result, 2, fragment)
    assert err.count("\n") == 1
    assert snapshot(project) == before and snapshot(ROOT / "notebooks") == kit
