"""The numbers and sets of the method (``METHOD.md``) that the plan checks hold a plan
against, and that the training exercises and ``kpi new`` reuse."""
from __future__ import annotations

MAX_CORE_PER_PROCESS = 2            # 1-2 KPIs per automated process
CORE_PER_GOAL = (3, 5)              # 3-5 core KPIs per team or strategic goal
MAX_PER_AI_USE_CASE = (5, 7)        # at most 5-7 KPIs per AI use case
MAX_PER_AI_LEVEL = 2                # ideally 1-2 from each of the four levels
STABILISATION_WEEKS = 4             # no judgement in the first weeks after go-live
FIRST_EVALUATION_WEEKS = 6          # first evaluation after 4-6 weeks
TOO_LATE_DAYS = 182                 # starting to measure after six months is too late
#: baseline periods of the KPI's frequency needed for a representative picture
MIN_BASELINE_PERIODS = {"daily": 28, "weekly": 6, "monthly": 3, "quarterly": 2}
CEILING = (0.01, 0.05)              # room left to improve: fail at or below, warn at or below
NOISE_RATIO = 1.0                   # target change smaller than this x baseline sd: noise
GENERIC_MAX_CHANGE = {"higher_is_better": 1.0, "lower_is_better": -0.9}

#: which KPI categories serve each business aim of the goal
AIM_CATEGORIES: dict[str, set[str]] = {
    "cut_costs": {"money", "time", "capacity", "quality"},
    "free_up_time": {"time", "capacity", "employee"},
    "customer_experience": {"customer", "quality", "time"},
    "revenue": {"money", "customer", "capacity"},
    "quality": {"quality", "customer", "compliance"},
    "compliance": {"compliance", "quality", "time"},
}
#: categories of KPIs that can guard a speed or volume KPI
GUARD_CATEGORIES = {"quality", "customer", "compliance", "employee"}
#: category assumed from the kind when neither the plan nor the catalogue gives one
KIND_CATEGORY = {"duration": "time", "amount": "money"}
AI_LEVELS = ("technical", "process", "business", "adoption")
