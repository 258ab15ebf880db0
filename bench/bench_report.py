"""How much does rendering through papermill + nbconvert cost over a plain script?

    .venv/bin/python bench/bench_report.py [--runs 3]

Times, in one run of this script and on the same machine state:
  1. ``kpi report`` on the invoicing sample (a fresh process, as a user runs it);
  2. ``bench/plain_report.py``: the same numbers and charts in a plain Python process;
  3. ``import nbformat`` in a fresh process, with and without the guard the report
     runner calls before it (``kpi_analysis.run.kernel.skip_iri_checker``: jsonschema's
     IRI format checker, rfc3987_syntax, is not imported).
Prints the median of each and the ratios. No assertion: figures for the closing note.

    .venv/bin/python bench/bench_report.py --event-log 1000000 [--runs 3]

How often a report reads its data: ``kpi report`` on the invoicing event log of
``bench/bench_data.py`` with that many rows and with 10,000 rows, and
``load_measurements`` of the large log alone (its own timing, in a fresh process).
``(report large - report small) / load`` estimates the loads per report: about 1
when the kernel is handed the checked data, about 2 when it reads the file again.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "samples" / "invoicing" / "plan.yaml"
PY = sys.executable


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def median_of(cmd: list[str], runs: int) -> float:
    return statistics.median(wall(cmd) for _ in range(runs))


def event_log_reads(rows: int, runs: int) -> None:
    """Print the loads per report on an event log of ``rows`` rows (module docstring)."""
    import yaml

    sys.path.insert(0, str(ROOT / "bench"))
    from bench_data import PLAN, write_log

    report, load = {}, []
    with tempfile.TemporaryDirectory(prefix="kpi-bench-") as tmp:
        for size in (10_000, rows):
            folder = Path(tmp) / str(size)
            folder.mkdir()
            write_log(folder / "events.csv", size)
            plan = folder / "plan.yaml"
            plan.write_text(yaml.safe_dump(PLAN, sort_keys=False), encoding="utf-8")
            report[size] = median_of([PY, "-m", "kpi_analysis.cli", "report", str(plan),
                                      "--out", str(folder / "out")], runs)
        for _ in range(runs):
            out = subprocess.run([PY, str(ROOT / "bench" / "bench_data.py"), "--child",
                                  str(plan)], capture_output=True, text=True, check=True)
            load.append(json.loads(out.stdout)["seconds"])
    load_s = statistics.median(load)
    print(f"kpi report, event log of {rows:,} rows: {report[rows]:6.2f} s")
    print(f"kpi report, event log of 10,000 rows:  {report[10_000]:6.2f} s")
    print(f"load_measurements of {rows:,} rows:    {load_s:6.2f} s")
    print(f"loads per report (large - small) / load: "
          f"{(report[rows] - report[10_000]) / load_s:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--event-log", type=int, metavar="ROWS",
                        help="count the loads of a report on an event log of ROWS rows")
    args = parser.parse_args()
    runs = args.runs
    if args.event_log:
        event_log_reads(args.event_log, runs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        report = median_of([PY, "-m", "kpi_analysis.cli", "report", str(PLAN),
                            "--out", f"{tmp}/report"], runs)
        plain = median_of([PY, str(ROOT / "bench" / "plain_report.py"), str(PLAN),
                           f"{tmp}/plain"], runs)
    plain_import = median_of([PY, "-c", "import nbformat"], runs)
    guarded_import = median_of([PY, "-c", "from kpi_analysis.run.kernel import skip_iri_checker; "
                                          "skip_iri_checker(); import nbformat"], runs)
    print(f"kpi report (papermill + nbconvert): {report:6.2f} s")
    print(f"plain script, same analysis:        {plain:6.2f} s")
    print(f"ratio report / plain:               {report / plain:6.2f}")
    print(f"import nbformat:                    {plain_import:6.2f} s")
    print(f"import nbformat, IRI checker off:   {guarded_import:6.2f} s "
          f"(saves {plain_import - guarded_import:.2f} s per process)")


if __name__ == "__main__":
    main()
