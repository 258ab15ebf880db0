"""How much does rendering through papermill + nbconvert cost over a plain script?

    .venv/bin/python bench/bench_report.py [--runs 3]

Times, in one run of this script and on the same machine state:
  1. ``kpi report`` on the invoicing sample (a fresh process, as a user runs it);
  2. ``bench/plain_report.py``: the same numbers and charts in a plain Python process;
  3. ``import nbformat`` in a fresh process, with and without the guard the report
     runner calls before it (``kpi_analysis.run.kernel.skip_iri_checker``: jsonschema's
     IRI format checker, rfc3987_syntax, is not imported).
Prints the median of each and the ratios. No assertion: figures for the closing note.
"""
from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
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
