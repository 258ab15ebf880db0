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


def new_chatbot(folder, go_live):
    """`kpi new` with every answer given as a flag (no terminal)."""
    return kpi("new", folder, "--client", "Acme", "--project", "Chatbot", "--goal",
               "Resolve 70% of questions at first contact", "--aim", "customer_experience",
               "--owner", "Head of service", "--use-case", "chatbot", "--kpis",
               "first_contact_resolution,csat", "--go-live", go_live, "--lang", "en")


def test_new_from_flags_writes_a_loadable_plan(tmp_path):
    folder = tmp_path / "acme"
    result = new_chatbot(folder, "2026-03-01")
    assert result.returncode == 0, result.stderr
    plan = ka.load_plan(folder / "plan.yaml")
    assert [k.id for k in plan.kpis] == ["first_contact_resolution", "csat"]
    assert (folder / "measurements.csv").read_text().startswith("date,kpi,value,n")


def test_new_without_terminal_names_what_is_missing(tmp_path):
    result = kpi("new", tmp_path / "x", "--client", "Acme")
    assert result.returncode == 2
    assert "not on a terminal" in result.stderr and not (tmp_path / "x").exists()


def test_check_reads_the_plans_data_file_and_data_overrides_it(tmp_path):
    sample = SAMPLES / "chatbot"
    own = kpi("check", sample / "plan.yaml", "--lang", "en")
    given = kpi("check", sample / "plan.yaml", "--data", sample / "measurements.csv",
                "--lang", "en")
    assert own.returncode == given.returncode == 0 and own.stdout == given.stdout
    assert "judged from the plan alone" not in own.stdout
    assert "Baseline recorded in numbers" in own.stdout
    # --data still wins: a file that cannot be read is the one reported
    broken = tmp_path / "broken.csv"
    broken.write_text("date,kpi,value\n2026-01-05,handle_minutes,abc\n", encoding="utf-8")
    result = kpi("check", sample / "plan.yaml", "--data", broken)
    assert result.returncode == 2 and result.stdout == ""
    assert str(broken) in result.stderr and "Traceback" not in result.stderr


def test_check_a_new_project_judges_the_plan_until_the_template_is_filled(tmp_path):
    folder = tmp_path / "acme"
    result = new_chatbot(folder, "15-04-2026")
    assert result.returncode == 0, result.stderr
    assert "go_live: 2026-04-15" in (folder / "plan.yaml").read_text(encoding="utf-8")
    result = kpi("check", folder / "plan.yaml", "--lang", "en")
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr
    assert "measurements.csv holds no values yet" in result.stderr
    assert "judged from the plan alone" in result.stdout
    dutch = kpi("check", folder / "plan.yaml", "--lang", "nl")
    assert "measurements.csv bevat nog geen waarden" in dutch.stderr


def test_check_says_how_to_write_a_decimal_comma_in_braces(tmp_path):
    text = (SAMPLES / "invoicing" / "plan.yaml").read_text(encoding="utf-8")
    start = text.index("  - name: Minder tijd")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text[:start] + "  - {name: Chasing, type: time_saved, time_saved: 0.5, "
                    "per: day, people: 2, hourly_rate: 47,50}\n", encoding="utf-8")
    result = kpi("check", plan)
    assert result.returncode == 2 and result.stdout == ""
    assert "costs.benefits[1].hourly_rate: write 47.50 with a decimal point, or quote it" \
        in result.stderr and "Traceback" not in result.stderr
    plan.write_text(text.replace("hourly_rate: 45", "hourly_rate: 47,50")
                    .replace("deadline: 2026-12-31", "deadline: 31-12-2026"), encoding="utf-8")
    # the plan's data_file is relative to the plan: missing here, so --data names it
    assert "measurements.csv: file not found" in kpi("check", plan).stderr
    result = kpi("check", plan, "--data", SAMPLES / "invoicing" / "measurements.csv")
    assert result.returncode in (0, 1) and result.stderr == ""


def test_a_bad_plan_fails_before_the_analysis_stack_loads(tmp_path):
    """kpi check/lock/report on a plan that does not validate answer from the plan
    alone: pandas, scipy and statsmodels are never imported (a quick answer)."""
    plan = tmp_path / "plan.yaml"
    plan.write_text("client: Acme\nprocesses: 3\n", encoding="utf-8")
    code = ("import sys; from kpi_analysis.cli import main\n"
            "for command in (['check'], ['lock'], ['report', '--out', sys.argv[2]]):\n"
            "    assert main([command[0], sys.argv[1], *command[1:]]) == 2, command\n"
            "heavy = sorted(m for m in ('pandas', 'scipy', 'statsmodels') if m in sys.modules)\n"
            "assert not heavy, heavy\n")
    result = subprocess.run([sys.executable, "-c", code, str(plan), str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("kpi: error: ") == 3 and "plan.yaml" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]
