"""Hostile and careless input, run through the installed `kpi` command: limits on what a
plan may be, numbers that are not finite, injection into what the kit writes, batch
confinement and isolation, signals. Every case must end with its promised exit code,
one clear message, nothing outside the output folder, inputs unchanged, no leftovers
and no process left running (helpers in hostile.py)."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import signal
import subprocess
import time
from datetime import date, timedelta

import pandas as pd
import pytest

import kpi_analysis as ka
from kpi_analysis.files import neutralise_cell, write_csv_atomic
from kpi_analysis.plan import parse_plan
from kpi_analysis.analysis.progress_export import export_progress_csv
from kpi_analysis.run.outputs import slug
from kpi_analysis.words.store import LABELS

from conftest import SAMPLES
from hostile import (KPI, assert_nothing_running, assert_one_clear_error, children, kernel_files,
                     kpi, leftovers, snapshot)

PLAN = (SAMPLES / "invoicing" / "plan.yaml").read_text(encoding="utf-8")


# --- limits on a plan -----------------------------------------------------------------

def _alias_bomb() -> str:
    """Ten levels of ten aliases each: 55 lines that expand to 10**10 values."""
    lines, previous = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"], "a0"
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*{previous}"] * 10) + "]")
        previous = f"a{level}"
    return "\n".join(lines) + "\n"


HOSTILE_PLANS = {
    "deep_list": ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than 40 levels"),
    "deep_map": ("".join(f"{' ' * i}k:\n" for i in range(200)) + " " * 200 + "k: 1\n",
                 "nested more than 40 levels"),
    "alias_bomb": (_alias_bomb(), "values once its YAML aliases"),
    "too_big": ("client: x\n" + "# padding\n" * 250_000, "larger than 2,000,000 bytes"),
    "not_utf8": ("client: \udcff\n", "not UTF-8"),
    "a_list": ("- client\n- project\n", "must be a YAML mapping"),
    "tabs": ("client:\n\t- x\n", "not valid YAML"),
    "amount_overflow": (PLAN.replace("amount: 6000", "amount: 1.0e400"),
                        "costs.one_off[0].amount"),
    "amount_text_overflow": (PLAN.replace("amount: 6000", "amount: '1e400'"),
                             "costs.one_off[0].amount"),
    "amount_inf": (PLAN.replace("amount: 6000", "amount: .inf"), "costs.one_off[0].amount"),
    "amount_nan": (PLAN.replace("amount: 6000", "amount: .nan"), "costs.one_off[0].amount"),
    "rate_inf": (PLAN.replace("hourly_rate: 45", "hourly_rate: -.inf"),
                 "hourly_rate"),
    "discount_nan": (PLAN.replace("discount_rate: 0.08", "discount_rate: .nan"),
                     "discount_rate"),
}


@pytest.mark.parametrize("case", HOSTILE_PLANS)
def test_a_hostile_plan_is_one_bounded_message_and_exit_2(tmp_path, case):
    text, fragment = HOSTILE_PLANS[case]
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(text.encode("utf-8", "surrogateescape"))
    shutil.copy(SAMPLES / "invoicing" / "measurements.csv", tmp_path)
    before = snapshot(tmp_path)
    for command in (["check", plan], ["report", plan, "--out", tmp_path / "out"]):
        result = kpi(*command)
        err = assert_one_clear_error(result, 2, "plan.yaml", fragment)
        assert len(err) < 5000
    assert snapshot(tmp_path) == before  # no output folder, inputs unchanged


def test_thousands_of_problems_are_listed_twenty_then_counted(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN + "".join(f"junk{i}: {i}\n" for i in range(30_000)))  # 0.4 MB
    err = assert_one_clear_error(kpi("check", plan), 2, "junk0: unknown field")
    lines = err.strip().splitlines()
    assert len(lines) == 21 and lines[-1] == "... and 29980 more"


# --- data that is not finite, or dated in the future ------------------------------------

@pytest.mark.parametrize("value", ["1e400", "-1E999", "inf", "nan", "-Infinity", "1e308e"])
def test_a_number_that_is_not_finite_is_refused_by_the_loader(tmp_path, value):
    shutil.copytree(SAMPLES / "invoicing", tmp_path / "c")
    data = tmp_path / "c" / "measurements.csv"
    lines = data.read_text().splitlines()
    row = next(i for i, line in enumerate(lines) if line.count(",") == 3 and i > 5)
    date_, kpi_id, _, n = lines[row].split(",")
    lines[row] = ",".join([date_, kpi_id, value, n])
    data.write_text("\n".join(lines) + "\n")
    before = snapshot(tmp_path)
    result = kpi("report", tmp_path / "c" / "plan.yaml", "--out", tmp_path / "out")
    assert_one_clear_error(result, 2, "measurements.csv", f"row {row + 1}", "column 'value'")
    assert snapshot(tmp_path) == before


def test_an_infinite_excel_cell_is_refused(tmp_path):
    plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    frame = pd.read_csv(SAMPLES / "invoicing" / "measurements.csv")
    frame.loc[3, "value"] = float("inf")
    frame.to_excel(tmp_path / "m.xlsx", index=False)
    with pytest.raises(ka.DataError, match=r"row 5, column 'value': 'inf' is not a finite"):
        ka.load_measurements(tmp_path / "m.xlsx", plan)


def test_rows_dated_after_the_export_are_left_out_and_listed(tmp_path):
    plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    data = tmp_path / "m.csv"
    text = (SAMPLES / "invoicing" / "measurements.csv").read_text()
    future = date.today() + timedelta(days=30)
    rows = [f"{future + timedelta(days=i)},days_to_paid,{i}," for i in range(3)]
    data.write_text(text.rstrip("\n") + "\n" + "\n".join(rows) + "\n")
    measured = ka.load_measurements(data, plan)
    assert measured["date"].max() < pd.Timestamp(date.today() + timedelta(days=1))
    quality = ka.data_quality(measured)
    flagged = quality[quality["rule"] == "after the export date"]
    first = len(text.rstrip("\n").splitlines()) + 1
    assert flagged[["kpi", "rows"]].values.tolist() == [["days_to_paid", 3]]
    assert flagged["example_rows"].iloc[0] == [first, first + 1, first + 2]
    assert "left out" in flagged["action"].iloc[0]
    assert all(f"quality.{k}after the export date" in LABELS for k in ("", "do."))
    # every audience is told, not only the technical appendix's table
    shown = []
    from kpi_analysis.present import sections
    sections._show, show = shown.append, sections._show
    try:
        sections.summary(ka.compare_kpis(measured, plan), None, measured, plan, "nl",
                         audience="executive")
    finally:
        sections._show = show
    assert "3 rij(en) gedateerd na de dag dat het databestand is opgeslagen" in shown[0]


# --- formula injection in what the kit writes --------------------------------------------

def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(tmp_path):
    hostile = ["=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
               "\tx", "\rx", "ok", "-12.5", "+3e2"]
    frame = pd.DataFrame({"text": hostile, "number": [-1.5] * len(hostile),
                          "=head": range(len(hostile))})
    write_csv_atomic(frame, tmp_path / "x.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "x.csv").read_bytes().decode(), newline="")))
    assert rows[0] == ["text", "number", "'=head"]
    assert [r[0] for r in rows[1:]] == ["'" + h for h in hostile[:6]] + ["ok", "-12.5", "+3e2"]
    assert {r[1] for r in rows[1:]} == {"-1.5"}  # numbers stay numbers
    assert neutralise_cell(-7) == -7 and neutralise_cell(None) is None


def test_progress_csv_neutralises_formulas_and_keeps_negative_numbers(tmp_path):
    plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    frame = ka.progress(ka.load_measurements("", plan), plan)
    frame["kpi"] = "=1+1"
    frame["level"] = -frame["level"]
    export_progress_csv(frame, tmp_path / "progress.csv")
    read = pd.read_csv(tmp_path / "progress.csv")
    assert set(read["kpi"]) == {"'=1+1"}
    assert read["level"].dtype == float and (read["level"] < 0).all()


# --- batch: confinement and isolation ------------------------------------------------------

def _batch_source(root):
    """A manifest with hostile and colliding names, a baseline-phase client, a client
    whose data file is missing and one whose data 'file' is a folder."""
    shutil.copytree(SAMPLES / "cv_screening", root / "cv")
    shutil.copytree(SAMPLES / "invoicing", root / "base")
    data = root / "base" / "measurements.csv"
    frame = pd.read_csv(data)
    frame[frame["date"] < "2026-04-06"].to_csv(data, index=False)  # before go-live only
    (root / "dir.csv").mkdir()
    manifest = root / "clients.csv"
    manifest.write_text(
        "name,plan,data\n"
        "acme,cv/plan.yaml,\n"
        "./acme/,cv/plan.yaml,\n"
        "../victim,cv/plan.yaml,\n"
        f"{root / 'abs'},base/plan.yaml,\n"
        "\"javascript:alert(document.domain)//<script>\",base/plan.yaml,\n"
        "missing,cv/plan.yaml,cv/nothing.csv\n"
        "folder,cv/plan.yaml,dir.csv\n")
    return manifest


def test_batch_keeps_every_client_in_its_own_folder_and_fails_only_the_broken(tmp_path):
    manifest = _batch_source(tmp_path)
    out = tmp_path / "out"
    before = snapshot(tmp_path)
    result = kpi("batch", manifest, "--out", out, "--jobs", "2")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stdout.strip() == f"5 rendered, 0 unchanged, 2 failed: {out / 'index.html'}"
    # nothing outside --out changed; inputs unchanged; no leftovers
    assert snapshot(tmp_path, skip=out) == before
    assert not leftovers(out)
    summary = json.loads((out / "batch.json").read_text())
    folders = {c["name"]: (c["folder"], c["status"]) for c in summary["clients"]}
    assert folders == {
        "acme": ("acme", "ok"), "./acme/": ("acme-2", "ok"), "../victim": ("victim", "ok"),
        str(tmp_path / "abs"): (slug(str(tmp_path / "abs")), "ok"),
        "javascript:alert(document.domain)//<script>":
            ("javascript-alert-document-domain-script", "ok"),
        "missing": ("missing", "failed"), "folder": ("folder", "failed")}
    reasons = {c["name"]: c.get("reason") for c in summary["clients"]}
    assert "nothing.csv" in reasons["missing"] and "dir.csv" in reasons["folder"]
    kinds = {c["name"]: c.get("kind") for c in summary["clients"] if c["status"] == "ok"}
    assert kinds["../victim"] == "impact" and kinds[str(tmp_path / "abs")] == "baseline"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f for f, s in folders.values() if s == "ok"] + ["batch.json", "index.html"])
    # the index: relative, escaped links, never a scheme; names shown escaped
    index = (out / "index.html").read_text()
    links = re.findall(r'href="([^"]*)"', index)
    assert sorted(links) == sorted(f"{f}/report.html" for f, s in folders.values() if s == "ok")
    assert "<script>" not in index and "&lt;script&gt;" in index
    assert "nothing.csv" in index

    again = kpi("batch", manifest, "--out", out, "--jobs", "2")
    assert again.returncode == 1 and again.stdout.startswith("0 rendered, 5 unchanged, 2 failed")


def test_batch_with_an_unusable_out_is_one_line_and_exit_2(tmp_path):
    manifest = _batch_source(tmp_path)
    before = snapshot(tmp_path)
    for out, fragment in [(manifest, "is a file, not a folder"),
                          (tmp_path / "clients.csv" / "x", "is a file, not a folder"),
                          ("/proc/kpi-batch", "cannot write to /proc/kpi-batch"),
                          (SAMPLES / "out", "inside the kit's own folder")]:
        err = assert_one_clear_error(kpi("batch", manifest, "--out", out), 2, fragment)
        assert err.count("\n") == 1
    assert snapshot(tmp_path) == before


def test_batch_output_never_replaces_an_input(tmp_path):
    shutil.copytree(SAMPLES / "cv_screening", tmp_path / "cv")
    shutil.copy(tmp_path / "cv" / "measurements.csv", tmp_path / "index.html")
    manifest = tmp_path / "clients.csv"
    manifest.write_text("name,plan,data\nacme,cv/plan.yaml,index.html\n")
    before = snapshot(tmp_path)
    assert_one_clear_error(kpi("batch", manifest, "--out", tmp_path), 2,
                           "would replace the input file", "index.html")
    assert snapshot(tmp_path) == before


# --- signals ----------------------------------------------------------------------------------

def _start(*args):
    return subprocess.Popen([str(KPI), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_for(check, what: str, timeout: float = 240):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _family(pid: int) -> set[int]:
    """``pid``'s workers (its children) while it runs."""
    return children(pid)


def _finished(out):
    try:
        return [c["name"] for c in json.loads((out / "batch.json").read_text())["clients"]]
    except (OSError, ValueError):
        return []


def test_sigterm_stops_a_batch_cleanly_and_the_rerun_skips_what_finished(tmp_path):
    src = tmp_path / "src"
    for name, sample in {"a": "cv_screening", "b": "invoicing", "c": "chatbot"}.items():
        shutil.copytree(SAMPLES / sample, src / name)
    out = tmp_path / "out"
    process = _start("batch", src, "--out", out, "--jobs", "1")
    workers: set[int] = set()

    def first_done_and_next_started():
        workers.update(_family(process.pid))
        return bool(_finished(out)) and bool(leftovers(out))
    _wait_for(first_done_and_next_started, "one finished client and one being rendered")
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 143, err
    assert "kpi: stopped by SIGTERM" in err and "Traceback" not in err
    assert not leftovers(out)
    assert_nothing_running(workers)
    assert not kernel_files(workers)
    done = _finished(out)
    assert done and (out / done[0] / "report.html").is_file()

    again = kpi("batch", src, "--out", out, "--jobs", "1")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"{3 - len(done)} rendered, {len(done)} unchanged, 0 failed")


def test_ctrl_c_during_a_report_leaves_nothing(tmp_path):
    out = tmp_path / "out"
    process = _start("report", SAMPLES / "invoicing" / "plan.yaml", "--out", out)
    _wait_for(lambda: bool(leftovers(tmp_path)) and bool(children(process.pid)),
              "the report's kernel")
    time.sleep(1)
    family = {process.pid} | children(process.pid)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "kpi: stopped by SIGINT" in err and "Traceback" not in err
    assert not out.exists() and not leftovers(tmp_path)
    assert_nothing_running(family)
    assert not kernel_files(family)


def test_a_killed_worker_costs_nothing_but_a_retry(tmp_path):
    src = tmp_path / "src"
    for name, sample in {"a": "cv_screening", "b": "invoicing"}.items():
        shutil.copytree(SAMPLES / sample, src / name)
    out = tmp_path / "out"
    process = _start("batch", src, "--out", out, "--jobs", "2")
    workers: set[int] = set()

    def rendering():
        workers.update(_family(process.pid))
        return any(children(w) for w in workers) and bool(leftovers(out))
    _wait_for(rendering, "a worker rendering")
    victim = next(w for w in workers if children(w))
    subprocess.run(["kill", "-KILL", str(victim)], check=True)
    stdout, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert stdout.startswith("2 rendered, 0 unchanged, 0 failed")
    assert not leftovers(out)
    workers |= {victim}
    assert_nothing_running(workers)
    assert not kernel_files(workers)


def test_a_message_quoting_thousands_of_columns_stays_short(tmp_path):
    data = tmp_path / "wide.csv"
    data.write_text("date," + ",".join(f"column_{i}" for i in range(3000)) + "\n"
                    "2026-01-05," + ",".join("1" for _ in range(3000)) + "\n")
    result = kpi("check", SAMPLES / "invoicing" / "plan.yaml", "--data", data)
    err = assert_one_clear_error(result, 2, "wide.csv", "no column 'days_to_paid'")
    assert err.count("\n") == 1 and len(err) <= 520


def test_an_overflowing_number_in_an_event_log_is_refused(tmp_path):
    import yaml
    raw = yaml.safe_load(PLAN)
    raw.pop("costs")
    raw.pop("data_file")
    raw["processes"] = [{"name": "Invoicing", "kpis": [{
        "id": "amount", "name": "amount", "unit": "EUR", "kind": "amount",
        "direction": "lower_is_better", "level": "process", "indicator": "lagging",
        "data": {"measure": "value", "column": "amount", "date": "created_at"}}]}]
    plan = parse_plan(raw)
    log = tmp_path / "events.csv"
    log.write_text("invoice_no,created_at,amount\nA1,2026-01-05,12.5\nA2,2026-01-06,1e400\n"
                   "A3,2026-05-05,7.25\n")
    with pytest.raises(ka.DataError, match=r"events.csv, column 'amount': KPI 'amount': the "
                                           r"items of the period from 2026-01-05 hold a "
                                           r"number that is not finite"):
        ka.load_measurements(log, plan)
