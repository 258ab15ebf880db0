"""The measurement plan: the project's single source of truth.

A plan is a YAML file (commented template: ``templates/plan.yaml``) that states the
goal, the KPIs per process, the measurement periods and the costs. It is validated
on load; :func:`load_plan` raises one :class:`~kpi_analysis.errors.PlanError` that
lists every problem as ``file: field.path: message``::

    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import SAMPLES
    >>> plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    >>> [k.id for k in plan.kpis]
    ['days_to_paid', 'invoices_per_fte', 'errors_per_100']

Models are immutable and reject unknown fields, so a typo (``deadlne:``) is an
error with its path, never silently ignored.

The package holds the plan in four modules: :mod:`~kpi_analysis.plan.models` (the
goal, KPIs, targets, data formats, periods, reporting and the plan itself),
:mod:`~kpi_analysis.plan.costs` (costs and benefits: the business case's inputs),
:mod:`~kpi_analysis.plan.loading` (reading a plan file within limits, one error for
every problem) and the private ``_values`` (literals, Dutch-written numbers and
day-first dates). The names below are the plan's public surface.
"""
from ._values import (FREQUENCY_DAYS, Category, Direction, Frequency, Indicator, Kind, Language,
                      Level, parse_day)
from .costs import BENEFIT_BASIS_FIELDS, BENEFIT_RULES, Benefit, CostItem, Costs
from .loading import MAX_DEPTH, MAX_PLAN_BYTES, MAX_VALUES, load_plan, parse_plan, plan_file
from .models import (COLUMN_ROLES, KPI, DataFormat, DataMap, Goal, Periods, Plan, Problem,
                     Process, Reporting, Span, Target, kind_bounds, target_of)

__all__ = ["FREQUENCY_DAYS", "Category", "Direction", "Frequency", "Indicator", "Kind",
           "Language", "Level", "parse_day", "BENEFIT_BASIS_FIELDS", "BENEFIT_RULES", "Benefit",
           "CostItem", "Costs", "MAX_DEPTH", "MAX_PLAN_BYTES", "MAX_VALUES", "load_plan",
           "parse_plan", "plan_file", "COLUMN_ROLES", "KPI", "DataFormat", "DataMap", "Goal",
           "Periods", "Plan", "Problem", "Process", "Reporting", "Span", "Target",
           "kind_bounds", "target_of"]
