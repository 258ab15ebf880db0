"""The `kpi` command: check, catalogue, new -- exit codes and messages as a user sees them."""
from __future__ import annotations

import subprocess
import sys

import kpi_analysis as ka

from conftest import ROOT, SAMPLES


def kpi(*args, stdin=subprocess.DEVNULL):
    return subprocess.run([sys.executable, "-m", "kpi_analysis.cli", *map(str, args)],
                          capture_output=True, text=True, stdin=stdin)


def test_check_passing_plan_exits_0_with_a_summary():
    result = kpi("check", SAMPLES / "chatbot" / "plan.yaml", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split() == ["status", "item", "kpi", "message"]
    assert result.stdout.rstrip().splitlines()[-1].startswith("pass ")
    assert "\033[" not in result.stdout  # no colour codes when not on a terminal


def test_check_failing_plan_exits_1():
    result = kpi("check", ROOT / "tests" / "plans" / "every_defect.yaml")
    assert result.returncode == 1
    assert "fail" in result.stdout and result.stderr == ""


def test_check_bad_plan_exits_2(tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text("client: x\n", encoding="utf-8")
    result = kpi("check", bad)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"kpi: error: {bad}: ") and "Traceback" not in result.stderr


def test_catalogue_filters_and_rejects_unknown_use_case():
    result = kpi("catalogue", "--use-case", "chatbot")
    assert result.returncode == 0 and "first_contact_resolution" in result.stdout
    result = kpi("catalogue", "--use-case", "nope")
    assert result.returncode == 2
    assert "'nope' is not known; valid: " in result.stderr and "chatbot" in result.stderr


def test_new_from_flags_writes_a_loadable_plan(tmp_path):
    folder = tmp_path / "acme"
    result = kpi("new", folder, "--client", "Acme", "--project", "Chatbot", "--goal",
                 "Resolve 70% of questions at first contact", "--aim", "customer_experience",
                 "--owner", "Head of service", "--use-case", "chatbot", "--kpis",
                 "first_contact_resolution,csat", "--go-live", "2026-03-01", "--lang", "en")
    assert result.returncode == 0, result.stderr
    plan = ka.load_plan(folder / "plan.yaml")
    assert [k.id for k in plan.kpis] == ["first_contact_resolution", "csat"]
    assert (folder / "measurements.csv").read_text().startswith("date,kpi,value,n")


def test_new_without_terminal_names_what_is_missing(tmp_path):
    result = kpi("new", tmp_path / "x", "--client", "Acme")
    assert result.returncode == 2
    assert "not on a terminal" in result.stderr and not (tmp_path / "x").exists()
