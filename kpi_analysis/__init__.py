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

# public name -> submodule that defines it
_EXPORTS = {
    "KpiError": "errors", "PlanError": "errors", "DataError": "errors",
    "InputError": "errors", "ReportError": "errors",
    "Plan": "plan", "load_plan": "plan",
    "load_measurements": "data", "data_quality": "data",
    "compare_means": "stats", "compare_proportions": "stats", "compare_rates": "stats",
    "power_t": "stats", "power_prop": "stats", "how_long": "stats",
    "compare_series": "stats", "did": "its",
    "compare_kpis": "compare", "measurement_need": "compare", "counterfactuals": "compare",
    "Change": "change",
    "its": "its", "ItsResult": "its",
    "roi": "roi", "npv": "roi", "irr": "roi", "payback_period": "roi",
    "check_plan": "method", "catalogue": "method",
    "business_case": "roi",
    "progress": "progress", "export_progress_csv": "progress", "placebo": "placebo",
    "diagnose": "cadence", "cadence_output": "cadence", "audience_view": "cadence",
    "render_report": "report",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def _call_through(module_name: str) -> None:
    """Make the submodule ``kpi_analysis.X`` callable as its function ``X``.

    ``roi`` and ``its`` are both modules and public functions. Importing the module
    first (``from kpi_analysis.roi import npv``) binds ``kpi_analysis.roi`` to the
    module, so calling the module must call the function for ``ka.roi(...)`` to work
    in any import order. Each such module calls this on its last line.
    """
    import sys
    module = sys.modules[module_name]
    function = getattr(module, module_name.rpartition(".")[2])

    class CallableModule(type(module)):
        def __call__(self, *args, **kwargs):
            return function(*args, **kwargs)

    module.__class__ = CallableModule


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kpi_analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
