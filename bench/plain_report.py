"""The report's analysis as a plain script: same libraries, same numbers and charts,
no papermill or nbconvert. The baseline that bench_report.py compares against."""
from __future__ import annotations

import sys
from pathlib import Path

import kpi_analysis as ka
from kpi_analysis import plots, sections


def main(plan_path: str, out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    plan = ka.load_plan(plan_path)
    data = ka.load_measurements("", plan)
    results = ka.compare_kpis(data, plan)
    verdicts = dict(zip(results["kpi"], results["verdict"]))
    for kpi in plan.kpis:
        ax = plots.kpi_over_time(data, kpi, plan.periods, lang=plan.language,
                                 verdict=verdicts[kpi.id])
        ax.figure.savefig(out / f"{kpi.id}.png", dpi=110)
    sections.save_results(out / "results.json", plan, results)


if __name__ == "__main__":
    main(*sys.argv[1:3])
