"""The report's analysis as a plain script: the same library calls, numbers and charts
as notebooks/impact_report.ipynb, without papermill or nbconvert. The baseline that
bench_report.py compares against."""
from __future__ import annotations

import sys
from pathlib import Path

import kpi_analysis as ka
from kpi_analysis.present import charts as plots
from kpi_analysis.present import sections


def main(plan_path: str, out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    plan = ka.load_plan(plan_path)
    data = ka.load_measurements("", plan, require_after=True)
    checks = ka.check_plan(plan, lang=plan.language, baseline=data)
    results = ka.compare_kpis(data, plan)
    trends = ka.counterfactuals(data, plan)
    case = ka.business_case(plan, results, required=False, lang=plan.language)
    progress = ka.progress(data, plan)
    diagnosis = ka.diagnose(data, plan, plan.language, results=results, frame=progress)
    verdicts = dict(zip(results["kpi"], results["verdict"]))
    charts = [plots.before_after(results, lang=plan.language)]
    charts += [plots.kpi_over_time(data, k, plan.periods, lang=plan.language,
                                   verdict=verdicts[k.id], counterfactual=trends.get(k.id))
               for k in plan.kpis]
    if case:
        charts += [plots.cash_flow(case, lang=plan.language),
                   plots.tornado(case, lang=plan.language)]
    for i, ax in enumerate(charts):
        ax.figure.savefig(out / f"chart{i}.png", dpi=110)
    sections.save_results(out / "results.json", plan, None, "impact", results=results, case=case,
                          checks=checks, progress=progress, diagnosis=diagnosis)


if __name__ == "__main__":
    main(*sys.argv[1:3])
