"""Timing and findings of the placebo in time (kpi_analysis.analysis.placebo) on the samples.

    .venv/bin/python bench/bench_placebo.py            # every sample, 5 timed runs each
    .venv/bin/python bench/bench_placebo.py --runs 20

Prints per sample the median and worst wall time of ``ka.placebo(data, plan)`` after one
warm-up call (the data loaded once, as a report does), then the placebo table. The
target (issue 13): under 2 s for a 3-KPI plan of the invoicing sample's size.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kpi_analysis as ka  # noqa: E402
from kpi_analysis.run.report import SAMPLES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for folder in sorted(p.parent for p in SAMPLES.glob("*/plan.yaml")):
        plan = ka.load_plan(folder / "plan.yaml")
        data = ka.load_measurements("", plan)
        table = ka.placebo(data, plan)  # warm-up
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            ka.placebo(data, plan)
            times.append(time.perf_counter() - start)
        print(f"\n{folder.name}: {len(plan.kpis)} KPIs, {len(data)} rows; placebo median "
              f"{statistics.median(times):.3f} s, worst {max(times):.3f} s ({args.runs} runs)")
        print(table[["kpi", "test", "placebo_test", "fake_go_lives", "false_alarms",
                     "p_excess", "flag", "gap_days", "mdc", "mdc_pct"]].to_string(index=False))


if __name__ == "__main__":
    main()
