"""kpi-kit: measure whether an automation or AI project paid off.

The five steps of the method -- goal, KPIs, baseline, re-measure after go-live,
visualise and share -- as a small public API::

    import kpi_analysis as ka
    plan = ka.load_plan("data/samples/invoicing/plan.yaml")
    data = ka.load_measurements("data/samples/invoicing/measurements.csv", plan)
    ka.compare_kpis(data, plan)

Names are loaded on first use, so ``import kpi_analysis`` stays cheap for the
CLI and for notebook kernels.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> module that defines it (the sub-packages draw the data flow:
# inputs -> stats -> analysis -> finance -> words -> present -> run)
_EXPORTS = {
    "KpiError": "errors", "PlanError": "errors", "DataError": "errors",
    "InputError": "errors", "ReportError": "errors",
    "Plan": "plan", "load_plan": "plan",
    "load_measurements": "inputs.measurements", "data_quality": "inputs.measurements",
    "compare_means": "stats.twosample", "compare_proportions": "stats.twosample",
    "compare_rates": "stats.twosample", "power_t": "stats.power", "power_prop": "stats.power",
    "how_long": "stats.power", "compare_series": "stats.series",
    "its": "stats.its", "ItsResult": "stats.its", "did": "stats.its",
    "compare_kpis": "analysis.compare", "measurement_need": "analysis.compare",
    "counterfactuals": "analysis.estimate", "Change": "analysis.change",
    "progress": "analysis.progress", "export_progress_csv": "analysis.progress_export",
    "placebo": "analysis.placebo",
    "diagnose": "present.reviews", "cadence_output": "present.reviews",
    "audience_view": "present.reviews",
    "roi": "finance.formulas", "npv": "finance.formulas", "irr": "finance.formulas",
    "payback_period": "finance.formulas", "business_case": "words.business_case",
    "check_plan": "method.checks", "catalogue": "method.catalogue",
    "render_report": "run.report",
    "sign_off": "analysis.lock", "write_lock": "analysis.lock",
    "period_hashes": "analysis.since", "since_previous": "analysis.since",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kpi_analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
