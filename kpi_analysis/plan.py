"""The measurement plan: the project's single source of truth.

A plan is a YAML file (commented template: ``templates/plan.yaml``) that states the
goal, the KPIs per process, the measurement periods and the costs. It is validated
on load; :func:`load_plan` raises one :class:`~kpi_analysis.errors.PlanError` that
lists every problem as ``file: field.path: message``::

    >>> import kpi_analysis as ka
    >>> plan = ka.load_plan("data/samples/invoicing/plan.yaml")  # doctest: +SKIP
    >>> [k.id for k in plan.kpis]                                 # doctest: +SKIP
    ['days_to_paid', 'invoices_per_fte', 'errors_per_100']

Models are immutable and reject unknown fields, so a typo (``deadlne:``) is an
error with its path, never silently ignored.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, ValidationError,
                      model_validator)

from .errors import PlanError

Kind = Literal["duration", "continuous", "score", "amount", "proportion", "count", "rate"]
Direction = Literal["lower_is_better", "higher_is_better"]
Level = Literal["technical", "process", "business", "adoption"]
Indicator = Literal["leading", "lagging"]
Frequency = Literal["daily", "weekly", "monthly", "quarterly"]
Language = Literal["en", "nl"]

#: how many days one period of each frequency spans (for timing checks and aggregation)
FREQUENCY_DAYS = {"daily": 1, "weekly": 7, "monthly": 30.4375, "quarterly": 91.3125}


def _percent(value):
    """Accept ``-50%`` (a string) as the fraction -0.5; leave numbers alone."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1].replace(",", ".")) / 100
        except ValueError:
            return value  # let pydantic report it as not a number
    return value


Fraction = Annotated[float, BeforeValidator(_percent)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Target(_Model):
    """A SMART target: an absolute ``value`` or a relative ``change`` (fraction or
    ``"-50%"``) against the baseline, reached by ``deadline``."""

    value: float | None = None
    change: Fraction | None = None
    deadline: date | None = None

    @model_validator(mode="after")
    def _one_of(self):
        if self.value is None and self.change is None:
            raise ValueError("give either 'value' (absolute target) or 'change' "
                             "(relative to the baseline, e.g. -50%)")
        if self.value is not None and self.change is not None:
            raise ValueError("give 'value' or 'change', not both")
        return self


class DataMap(_Model):
    """Where a KPI's numbers are in the data file.

    ``column``: the column (wide form) or the ``kpi`` label (long form) holding the
    values; defaults to the KPI id. ``n_column``: in wide form, the column with the
    trials (proportions) or exposure (rates).
    """

    column: str | None = None
    n_column: str | None = None


class KPI(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$",
                    description="short identifier: lower case, digits, underscores")
    name: str = Field(min_length=1)
    definition: str = ""
    unit: str = Field(min_length=1)
    kind: Kind
    direction: Direction
    level: Level
    indicator: Indicator
    owner: str | None = None
    frequency: Frequency = "weekly"
    method: str = ""
    target: Target | None = None
    data: DataMap = DataMap()
    guard: str | None = None
    rate_per: float = Field(1.0, gt=0, description="show rates per this many units, e.g. 100")

    @property
    def column(self) -> str:
        return self.data.column or self.id


class Process(_Model):
    name: str = Field(min_length=1)
    kpis: list[KPI] = Field(min_length=1)


class Goal(_Model):
    statement: str = Field(min_length=1)
    business_aim: Literal["cut_costs", "customer_experience", "free_up_time", "revenue",
                          "quality", "compliance"]
    deadline: date | None = None


class Span(_Model):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class Periods(_Model):
    """Baseline, go-live, a stabilisation window (not judged), and the after period."""

    baseline: Span
    go_live: date
    stabilisation_weeks: int = Field(4, ge=0, le=52)
    after: Span | None = None

    @property
    def after_start(self) -> date:
        return self.after.start if self.after else self.go_live + timedelta(
            weeks=self.stabilisation_weeks)

    @model_validator(mode="after")
    def _order(self):
        if self.baseline.end >= self.go_live:
            raise ValueError(f"baseline.end {self.baseline.end} must be before go_live "
                             f"{self.go_live}")
        if self.after is not None and self.after.start < self.go_live:
            raise ValueError(f"after.start {self.after.start} must be on or after go_live "
                             f"{self.go_live}")
        return self


class Reporting(_Model):
    """How results are shown and shared (checklist items 5 and 6)."""

    visualisation: str | None = None
    audience: list[str] = []
    review: Frequency | None = None
    decisions: str | None = None


# --- costs (the business case; formulas in roi.py) -------------------------------

class CostItem(_Model):
    """A cost line: a fixed ``amount``, or ``hours`` at an hourly ``rate``."""

    item: str = Field(min_length=1)
    amount: float | None = Field(None, ge=0)
    hours: float | None = Field(None, ge=0)
    rate: float | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _amount_or_hours(self):
        if self.amount is None and (self.hours is None or self.rate is None):
            raise ValueError("give 'amount', or 'hours' with an hourly 'rate'")
        if self.amount is not None and self.hours is not None:
            raise ValueError("give 'amount' or 'hours' x 'rate', not both")
        return self

    @property
    def total(self) -> float:
        return self.amount if self.amount is not None else self.hours * self.rate


class Benefit(_Model):
    """A money stream per month driven by a KPI change or by a fixed assumption.

    ``value_per_unit`` is the money one KPI unit of improvement is worth for one item
    of ``volume_per_month`` (e.g. hourly rate / 60 for minutes saved per invoice).
    Without ``kpi`` the ``assumed_change`` is used as it is.
    """

    name: str = Field(min_length=1)
    kpi: str | None = None
    assumed_change: float | None = None
    volume_per_month: float = Field(gt=0)
    value_per_unit: float = Field(gt=0)


class Costs(_Model):
    currency: str = "EUR"
    horizon_months: int = Field(36, gt=0, le=240)
    discount_rate: float = Field(0.08, ge=0, lt=1, description="per year")
    one_off: list[CostItem] = []
    monthly: list[CostItem] = []
    benefits: list[Benefit] = []


# --- the plan ------------------------------------------------------------------------

class Plan(_Model):
    client: str = Field(min_length=1)
    project: str = Field(min_length=1)
    language: Language = "en"
    use_case: str | None = None
    ai: bool = False
    goal: Goal
    processes: list[Process] = Field(min_length=1)
    periods: Periods
    reporting: Reporting = Reporting()
    costs: Costs | None = None
    alpha: float = Field(0.05, gt=0, lt=0.5)
    data_file: str | None = Field(None, description="measurements file, relative to the plan")

    @property
    def kpis(self) -> list[KPI]:
        return [k for p in self.processes for k in p.kpis]

    def kpi(self, kpi_id: str) -> KPI:
        for k in self.kpis:
            if k.id == kpi_id:
                return k
        raise KeyError(kpi_id)


def _cross_checks(plan: Plan) -> list[tuple[str, str]]:
    """Rules that span fields: unique ids, guards and benefits that point at KPIs."""
    problems = []
    seen: dict[str, str] = {}
    ids = {k.id for k in plan.kpis}
    for pi, process in enumerate(plan.processes):
        for ki, kpi in enumerate(process.kpis):
            where = f"processes[{pi}].kpis[{ki}]"
            if kpi.id in seen:
                problems.append((f"{where}.id", f"'{kpi.id}' is used twice "
                                 f"(also at {seen[kpi.id]}); KPI ids must be unique"))
            seen.setdefault(kpi.id, where)
            if kpi.guard is not None and kpi.guard not in ids:
                problems.append((f"{where}.guard", f"'{kpi.guard}' is not a KPI id in this "
                                 f"plan; valid: {', '.join(sorted(ids))}"))
            if kpi.guard == kpi.id:
                problems.append((f"{where}.guard", "a KPI cannot guard itself"))
    if plan.costs is not None:
        for bi, benefit in enumerate(plan.costs.benefits):
            where = f"costs.benefits[{bi}]"
            if benefit.kpi is not None and benefit.kpi not in ids:
                problems.append((f"{where}.kpi", f"'{benefit.kpi}' is not a KPI id in this "
                                 f"plan; valid: {', '.join(sorted(ids))}"))
            if benefit.kpi is None and benefit.assumed_change is None:
                problems.append((where, "give 'kpi' (a measured KPI) or 'assumed_change'"))
    return problems


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not re.fullmatch(r"function-after\[.*\]", str(part)):
            out += ("." if out else "") + str(part)
    return out


def _message(err: dict) -> str:
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        return "unknown field (check the spelling against templates/plan.yaml)"
    if err["type"] == "missing":
        return "required field is missing"
    if err["type"].startswith(("date_", "datetime_")):
        return f"expected a date as YYYY-MM-DD; got {err['input']!r}"
    if err["type"] == "literal_error":
        return f"{msg}; got {err['input']!r}"
    if "input" in err and not isinstance(err["input"], (dict, list)):
        return f"{msg}; got {err['input']!r}"
    return msg


def parse_plan(raw: dict, path: str | Path | None = None) -> Plan:
    """Validate a plan given as a mapping (e.g. parsed YAML)."""
    if not isinstance(raw, dict):
        raise PlanError(path, [("", "the plan must be a YAML mapping of fields "
                                    "(see templates/plan.yaml)")])
    try:
        plan = Plan.model_validate(raw)
    except ValidationError as exc:
        raise PlanError(path, [(_loc(e["loc"]), _message(e)) for e in exc.errors()]) from None
    problems = _cross_checks(plan)
    if problems:
        raise PlanError(path, problems)
    return plan


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file.

    Parameters
    ----------
    path : str or Path
        A YAML file following ``templates/plan.yaml``.

    Returns
    -------
    Plan
        The validated, immutable plan; ``plan.kpis`` lists the KPIs of all processes.

    Raises
    ------
    PlanError
        Listing every problem as ``file: field.path: message``.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PlanError(path, [("", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(path, [("", f"cannot read the file ({exc})")]) from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PlanError(path, [("", f"{where}not valid YAML ({problem})")]) from None
    return parse_plan(raw, path)
