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
"""
from __future__ import annotations

import math
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, ClassVar, Literal

import yaml
from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr,
                      ValidationError, model_validator)
from pydantic_core import PydanticCustomError

from . import kit, vocab
from .errors import PlanError

Kind = Literal[vocab.KINDS]
Direction = Literal[vocab.DIRECTIONS]
Level = Literal[vocab.LEVELS]
Indicator = Literal[vocab.INDICATORS]
Frequency = Literal[vocab.FREQUENCIES]
#: what a KPI measures (the automation categories of the method, the AI levels
#: that are not a business result, and the two kinds of mere counts)
Category = Literal["time", "money", "quality", "capacity", "customer", "compliance",
                   "employee", "technical", "adoption", "reach", "activity"]
Language = Literal[vocab.LANGUAGES]

#: how many days one period of each frequency spans (for timing checks and aggregation)
FREQUENCY_DAYS = {"daily": 1, "weekly": 7, "monthly": 30.4375, "quarterly": 91.3125}


#: a number as a Dutch writer quotes it: a decimal comma (``47,50``), optionally with
#: dots between thousands (``1.234,50``); or with commas between thousands and a
#: decimal point (``1,234.50``)
_DECIMAL_COMMA = re.compile(r"[-+]?(\d+|\d{1,3}(\.\d{3})+),\d+")
_THOUSANDS_COMMA = re.compile(r"[-+]?\d{1,3}(,\d{3})+\.\d+")
_PLAIN = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_NUMBER_IN_TEXT = re.compile(r"[-+]?\d[\d.,]*")


def _number(value):
    """A number given as text, read where it is unambiguous: ``"47,50"`` is 47.5,
    ``"1.234,50"`` and ``"1,234.50"`` are 1234.5. Text that is not one number
    (``"47,50 euro"``), or a single comma before three digits (``"1,250"``: 1.25 or
    1250?) is refused with the way to write it. Numbers and other values pass as
    they are (pydantic judges them).

    >>> _number("47,50"), _number("1.234,50"), _number("1,234.50"), _number(3)
    (47.5, 1234.5, 1234.5, 3)
    """
    if not isinstance(value, str):
        return value
    text = value.strip()
    if _PLAIN.fullmatch(text) or text.lower().lstrip("+-") in ("inf", "nan", ".inf",
                                                              ".nan", "infinity"):
        return value
    if _THOUSANDS_COMMA.fullmatch(text):
        return float(text.replace(",", ""))
    if _DECIMAL_COMMA.fullmatch(text) and not re.fullmatch(r"[-+]?\d{1,3},\d{3}", text):
        return float(text.replace(".", "").replace(",", "."))
    found = _NUMBER_IN_TEXT.search(text)
    if found and re.fullmatch(r"[-+]?\d{1,3},\d{3}", found.group()):
        example = (f"{found.group().replace(',', '')} or "
                   f"{found.group().replace(',', '.')}")
    elif found:
        example = _suggest(found.group())
    else:
        example = "a number such as 47.50"
    raise PydanticCustomError("plan_number", "write {example} with a decimal point "
                              "(got {got})", {"example": example, "got": repr(value)})


def _suggest(number: str) -> str:
    """How ``number`` (digits with dots and commas) is written with a decimal point."""
    if "," in number and "." in number and number.rfind(",") < number.rfind("."):
        return number.replace(",", "")  # 1,234.50
    if "," in number:
        return number.replace(".", "").replace(",", ".")  # 1.234,50 or 47,50
    return number


Number = Annotated[float, BeforeValidator(_number)]


def _percent(value):
    """Accept ``-50%`` (a string) as the fraction -0.5; other text as :func:`_number`."""
    if isinstance(value, str) and value.strip().endswith("%"):
        number = _number(value.strip()[:-1].strip())
        try:
            return float(number) / 100
        except ValueError:
            return value  # let pydantic report it as not a number
    return _number(value)


Fraction = Annotated[float, BeforeValidator(_percent)]

#: a date written day first with a four-digit year: 31-12-2026 or 31/12/2026
_DAY_FIRST = re.compile(r"(\d{1,2})([-/])(\d{1,2})\2(\d{4})")


def parse_day(value):
    """Accept a date written ``DD-MM-YYYY`` or ``DD/MM/YYYY`` (day first, four-digit
    year) next to ``YYYY-MM-DD``; an impossible date is refused with the way to write it.

    >>> parse_day("31-12-2026"), parse_day("1/4/2026"), parse_day("2026-12-31")
    (datetime.date(2026, 12, 31), datetime.date(2026, 4, 1), '2026-12-31')
    """
    if not isinstance(value, str):
        return value
    found = _DAY_FIRST.fullmatch(value.strip())
    if found is None:
        return value  # YYYY-MM-DD, or refused by pydantic with how to write it
    day, _, month, year = found.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise PydanticCustomError(
            "plan_date", "not a date: {got} read day first (DD-MM-YYYY) has no day "
            "{day} in month {month}; write it as YYYY-MM-DD, e.g. 2026-12-31",
            {"got": repr(value), "day": int(day), "month": int(month)}) from None


Day = Annotated[date, BeforeValidator(parse_day)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Target(_Model):
    """A SMART target: an absolute ``value`` or a relative ``change`` (fraction or
    ``"-50%"``) against the baseline, reached by ``deadline``."""

    value: Number | None = None
    change: Fraction | None = None
    deadline: Day | None = None

    @model_validator(mode="after")
    def _one_of(self):
        if self.value is None and self.change is None:
            raise ValueError("give either 'value' (absolute target) or 'change' "
                             "(relative to the baseline, e.g. -50%)")
        if self.value is not None and self.change is not None:
            raise ValueError("give 'value' or 'change', not both")
        return self

    def level(self, baseline: float | None) -> float:
        """The level to reach: ``value``, or the baseline moved by ``change`` times
        the baseline's size (so -50% halves the distance to zero on either side of
        it: a baseline of -10 with ``change: -50%`` gives -15). NaN when a relative
        target has no usable baseline (missing, not finite, or 0).

        >>> Target(change=-0.5).level(-10.0), Target(change=-0.5).level(10.0)
        (-15.0, 5.0)
        """
        if self.value is not None:
            return float(self.value)
        if baseline is None or not math.isfinite(baseline) or baseline == 0:
            return math.nan
        return float(baseline + self.change * abs(baseline))

    def met(self, before: float | None, after: float, direction: str) -> bool | None:
        """Whether ``after`` is at or beyond the target level (from ``before``) in the
        good ``direction``; None when the level is unknown or ``after`` is missing."""
        level = self.level(before)
        if not math.isfinite(level) or after is None or not math.isfinite(after):
            return None
        return bool(after <= level if direction == "lower_is_better" else after >= level)


class DataMap(_Model):
    """Where a KPI's numbers are in the data file, or how an event log makes them.

    Long and wide files carry the numbers themselves; ``column`` is the ``kpi``
    label (long form) or the column (wide form), by default the KPI id, and
    ``n_column`` the wide-form column with the trials (proportions) or exposure
    (rates)::

        data: {column: errors, n_column: invoices}

    An *event log* has one row per item (an invoice, a ticket) with timestamps and
    statuses. ``measure`` says how the items become the KPI; the items are dated by
    the ``date`` column (default: ``end`` for a duration, else a column named
    ``date``) and aggregated per the KPI's ``frequency`` (day, ISO week, month,
    quarter)::

        # days from created to paid: mean per week of payment (open items are listed)
        data: {measure: duration, start: created_at, end: paid_at, unit: days}
        # errors per 100 invoices (kind: rate, rate_per: 100): items whose has_error
        # is yes/true/1/ja over all items; value = flagged items, n = items
        data: {measure: flagged, flag: has_error, date: created_at}
        # resolved at first contact (kind: proportion): status is one of the values
        data: {measure: flagged, flag: status, flag_values: [first contact], date: closed_at}
        # tickets per week (kind: count): empty weeks count 0; n = days observed
        data: {measure: count, date: opened_at}
        # a number per item, e.g. a 1-10 rating: mean (or median) per week
        data: {measure: value, column: rating, date: closed_at}
        # successes over trials per row (drafts accepted of drafts made): sums
        data: {measure: sum, column: accepted, n_column: drafts, date: day}

    ``unit`` (duration): seconds, minutes, hours or days; when left out, the first
    word of the KPI's ``unit`` (e.g. ``days``) is used. ``statistic``: mean (default)
    or median of a duration or value per period.
    """

    #: per measure: (fields it needs, optional fields)
    MEASURES: ClassVar[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
        "duration": (("start", "end"), ("unit", "date", "statistic")),
        "flagged": (("flag",), ("flag_values", "date")),
        "count": ((), ("flag", "flag_values", "date")),
        "value": (("column",), ("statistic", "date")),
        "sum": (("column",), ("n_column", "date")),
    }
    HINTS: ClassVar[dict[str, str]] = {
        "start": "the column with the start timestamp, e.g. created_at",
        "end": "the column with the end timestamp, e.g. paid_at",
        "flag": "the column with yes/no per item, e.g. has_error",
        "column": "the column with the number per item",
    }

    column: str | None = None
    n_column: str | None = None
    measure: Literal["duration", "flagged", "count", "value", "sum"] | None = None
    date: str | None = Field(None, description="event log: the column that dates an item")
    start: str | None = None
    end: str | None = None
    unit: Literal["seconds", "minutes", "hours", "days"] | None = None
    flag: str | None = None
    flag_values: list[str] | None = Field(None, min_length=1)
    statistic: Literal["mean", "median"] = "mean"

    @model_validator(mode="after")
    def _fields_of_measure(self):
        if self.measure is None:
            allowed, needs = {"column", "n_column"}, ()
            what = "long or wide data (no measure)"
        else:
            needs, optional = self.MEASURES[self.measure]
            allowed = {"measure", *needs, *optional}
            what = f"measure '{self.measure}'"
        problems = [f"{what} needs '{f}'" + (f" ({self.HINTS[f]})" if f in self.HINTS else "")
                    for f in needs if getattr(self, f) is None]
        stray = sorted(set(self.model_fields_set) - allowed)
        if stray:
            problems.append(f"{', '.join(repr(f) for f in stray)} "
                            f"{'does' if len(stray) == 1 else 'do'} not apply to {what}; "
                            f"its fields: {', '.join(sorted(allowed))}")
        if self.flag_values is not None and self.flag is None:
            problems.append("'flag_values' needs 'flag' (the column they are read from)")
        if problems:
            raise ValueError("; ".join(problems))
        return self


#: the roles a data column can play in long or wide data (``data_format.columns``)
COLUMN_ROLES = ("date", "kpi", "value", "n", "group", "item")


class DataFormat(_Model):
    """How to read the data file where detection needs a hand (all optional).

    Separator, decimal mark and encoding are detected and reported; set them only
    when the file is ambiguous. ``sheet``: the Excel sheet (default: the first).
    ``item_id``: the column that identifies an item (invoice number, ticket id), so a
    repeated item is reported as a duplicate::

        data_format: {sheet: Export, decimal: ",", item_id: invoice_no}

    ``columns``: which file column plays which role in long or wide data, for headers
    the kit does not recognise by itself (``kpi_analysis.inputs.columns.COLUMN_NAMES``); roles
    are those of :data:`COLUMN_ROLES`::

        data_format: {columns: {date: Boekdatum, value: Bedrag}}
    """

    sheet: str | None = None
    separator: Literal[",", ";", "\t"] | None = None
    decimal: Literal[",", "."] | None = None
    encoding: Literal["utf-8", "cp1252"] | None = None
    item_id: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_roles(self):
        unknown = [r for r in self.columns if r not in COLUMN_ROLES]
        if unknown:
            raise ValueError(f"columns: unknown role '{unknown[0]}'; valid roles: "
                             f"{', '.join(COLUMN_ROLES)}")
        headers = [h.strip() for h in self.columns.values()]
        if not all(headers):
            raise ValueError("columns: every role needs a column name")
        if len(set(headers)) < len(headers):
            raise ValueError("columns: one column is given two roles")
        return self


class Problem(_Model):
    """A KPI that disappoints, written the way the method asks: cause, remedy, the
    figure expected after the remedy (in the KPI's unit) and the date by which::

        problem:
          cause: two of the five bookkeepers still type invoices by hand
          remedy: a hands-on workshop per team in the week of 12 October
          expected: 70            # in the KPI's unit, here % of invoices
          by: 2026-11-30

    All fields are optional; the diagnosis (:mod:`kpi_analysis.analysis.cadence`) asks for
    the ones left empty.
    """

    cause: str | None = None
    remedy: str | None = None
    expected: Number | None = Field(None, description="the figure expected after the "
                                   "remedy, in the KPI's unit")
    by: Day | None = Field(None, description="the date the expected figure is due")


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
    rate_per: Number = Field(1.0, gt=0, description="show rates per this many units, e.g. 100")
    # optional, used by the plan checks (kpi_analysis.method.checks)
    category: Category | None = Field(None, description="what it measures; default: "
                                      "looked up in the KPI catalogue")
    baseline: Number | None = Field(None, description="the baseline level in numbers, in the "
                                   "unit shown (percent for proportions)")
    best: Number | None = Field(None, description="the best value the KPI can reach, e.g. 10 "
                               "on a 1-10 score")
    team: str | None = Field(None, description="the team or goal whose core KPIs this is one of")
    problem: Problem | None = Field(None, description="when the KPI disappoints: cause, "
                                    "remedy, expected figure and date (see Problem)")

    @property
    def column(self) -> str:
        return self.data.column or self.id

    def better(self, change: float) -> bool:
        """Whether a change (after - before) is a change for the better."""
        return bool(change < 0 if self.direction == "lower_is_better" else change > 0)

    def target_level(self, baseline: float | None) -> float:
        """:meth:`Target.level`, NaN without a target."""
        return math.nan if self.target is None else self.target.level(baseline)

    def target_met(self, before: float | None, after: float) -> bool | None:
        """:meth:`Target.met` in this KPI's direction, None without a target."""
        return None if self.target is None else self.target.met(before, after, self.direction)

    @property
    def change_unit(self) -> str:
        """What ``change`` is measured in (:data:`vocab.CHANGE_UNIT`): percentage
        points for a proportion (shown in percent), else the KPI's own unit."""
        return vocab.CHANGE_UNIT[self.kind]

    @property
    def bounds(self) -> tuple[float, float]:
        """:func:`kind_bounds` of this KPI's kind."""
        return kind_bounds(self.kind)


def kind_bounds(kind: str) -> tuple[float, float]:
    """The values a KPI of ``kind`` can take, in the unit shown: 0-100 for a
    proportion (percent), >= 0 for counts and rates, unbounded otherwise."""
    if kind == "proportion":
        return 0.0, 100.0
    if kind in vocab.COUNT_KINDS:
        return 0.0, math.inf
    return -math.inf, math.inf


def target_of(kpi) -> Target | None:
    """The KPI's target as a :class:`Target` (also for a KPI given as any object
    whose ``target`` has ``value``, ``change`` and ``deadline``); None without one."""
    target = getattr(kpi, "target", None)
    if target is None or isinstance(target, Target):
        return target
    value, change = getattr(target, "value", None), getattr(target, "change", None)
    if value is None and change is None:
        return None
    return Target(value=value, change=change, deadline=getattr(target, "deadline", None))


class Process(_Model):
    name: str = Field(min_length=1)
    kpis: list[KPI] = Field(min_length=1)


class Goal(_Model):
    statement: str = Field(min_length=1)
    business_aim: Literal[vocab.BUSINESS_AIMS]
    deadline: Day | None = None


class Span(_Model):
    start: Day
    end: Day

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
    go_live: Day
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


# --- costs (the business case; formulas in finance/) -----------------------------

class CostItem(_Model):
    """A cost line: a fixed ``amount``, or ``hours`` of work at an hourly ``rate``.

    One-off items (``costs.one_off``) are paid at month 0; recurring items
    (``costs.monthly``) are paid every month of the horizon.
    """

    # money must be a real number: YAML's .nan / .inf are refused
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)

    item: str = Field(min_length=1)
    amount: Number | None = Field(None, ge=0, description="money, in the plan's currency")
    hours: Number | None = Field(None, ge=0, description="hours of work")
    rate: Number | None = Field(None, ge=0, description="money per hour")

    @model_validator(mode="after")
    def _amount_or_hours(self):
        if self.amount is not None:
            if self.hours is not None or self.rate is not None:
                raise ValueError("give 'amount' or 'hours' x 'rate', not both")
        elif self.hours is not None and self.rate is None:
            raise ValueError("'hours' is given but the hourly 'rate' is missing "
                             "(money per hour, e.g. rate: 55)")
        elif self.rate is not None and self.hours is None:
            raise ValueError("'rate' is given but 'hours' is missing")
        elif self.hours is None:
            raise ValueError("give 'amount', or 'hours' with an hourly 'rate'")
        return self

    @property
    def total(self) -> float:
        return self.amount if self.amount is not None else self.hours * self.rate


#: per benefit type: (field with the expected improvement, allowed ``per`` values with the
#: default first, money fields it needs, optional fields of its own)
BENEFIT_RULES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "time_saved": ("time_saved", ("day", "item", "month"), ("hourly_rate",),
                   ("time_unit",)),
    "avoided_cost": ("avoided", ("month", "item"), ("cost_per_unit",), ()),
    "error_cost": ("fewer_errors", ("item", "month"), ("cost_per_error",), ()),
    "extra_revenue": ("conversion_uplift", ("item", "month"),
                      ("order_value", "margin"), ()),
    "per_unit": ("assumed_change", ("item", "month"), ("value_per_unit",), ()),
}
#: per ``per`` value: (fields it needs, optional fields)
BENEFIT_BASIS_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "day": (("people",), ("working_days_per_month",)),
    "item": (("volume_per_month",), ("rate_per",)),
    "month": ((), ()),
}
_BENEFIT_HINTS: dict[str, str] = {
    "hourly_rate": "loaded wage cost per hour, e.g. 50",
    "cost_per_unit": "what one avoided unit costs, e.g. 20 per ticket",
    "cost_per_error": "what one error costs to put right, e.g. 40",
    "order_value": "average order value, e.g. 2500",
    "margin": "share of the order value kept as profit, e.g. 30%",
    "value_per_unit": "money one KPI unit of improvement is worth per item",
    "people": "number of people who save the time",
    "volume_per_month": "items handled per month, e.g. 900 invoices",
}


class Benefit(_Model):
    """A money stream per month, in the terms of the method's savings.

    ``type`` picks the calculator in :mod:`kpi_analysis.finance.savings`:

    ============= ================================= ====================================
    type          expected improvement (field)      money per month
    ============= ================================= ====================================
    time_saved    ``time_saved`` (``time_unit``)    hours x ``hourly_rate``
    avoided_cost  ``avoided`` (e.g. tickets)        avoided x ``cost_per_unit``
    error_cost    ``fewer_errors``                  errors x ``cost_per_error``
    extra_revenue ``conversion_uplift`` (fraction)  conversions x ``order_value`` x
                                                    ``margin``
    per_unit      ``assumed_change`` (KPI units)    change x ``value_per_unit``
    ============= ================================= ====================================

    ``per`` says what the improvement is counted per: ``day`` (per person per working
    day, times ``people`` x ``working_days_per_month``), ``item`` (per ``rate_per``
    handled items, times ``volume_per_month`` / ``rate_per``) or ``month``. An
    improvement is positive when things get better. With ``kpi`` the KPI's measured
    change drives the money (a drop of a lower-is-better KPI counts as a positive
    improvement) and the stated improvement is the expectation used until there is a
    measurement. ``type`` defaults to ``per_unit``, the form of the first plan
    template, whose ``value_per_unit`` already includes any per-100 scaling.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)

    name: str = Field(min_length=1)
    type: Literal[vocab.BENEFIT_TYPES] = "per_unit"
    kpi: str | None = None
    per: Literal["day", "item", "month"] | None = None
    # the expected improvement: one field per type
    time_saved: Number | None = None
    avoided: Number | None = None
    fewer_errors: Number | None = None
    conversion_uplift: Fraction | None = None
    assumed_change: Number | None = None
    # what the improvement is worth, and how often it happens
    time_unit: Literal["hours", "minutes"] = "hours"
    hourly_rate: Number | None = Field(None, gt=0)
    cost_per_unit: Number | None = Field(None, gt=0)
    cost_per_error: Number | None = Field(None, gt=0)
    order_value: Number | None = Field(None, gt=0)
    margin: Fraction | None = Field(None, gt=0, le=1)
    value_per_unit: Number | None = Field(None, gt=0)
    people: Number | None = Field(None, gt=0)
    working_days_per_month: Number = Field(21.0, gt=0, le=31)
    volume_per_month: Number | None = Field(None, gt=0)
    rate_per: Number | None = Field(None, gt=0)

    @property
    def basis(self) -> str:
        """``per``, or the type's default when it is not given."""
        return self.per or BENEFIT_RULES[self.type][1][0]

    @property
    def assumption_field(self) -> str:
        """The field that states the expected improvement for this type."""
        return BENEFIT_RULES[self.type][0]

    @property
    def assumption(self) -> float | None:
        return getattr(self, self.assumption_field)

    @model_validator(mode="after")
    def _fields_of_type(self):
        effect, bases, needs, own = BENEFIT_RULES[self.type]
        problems = []
        if self.per is not None and self.per not in bases:
            problems.append(f"per: '{self.per}' does not apply to type '{self.type}'; "
                            f"valid: {', '.join(bases)}")
        basis = self.basis if self.basis in bases else bases[0]
        basis_needs, basis_own = BENEFIT_BASIS_FIELDS[basis]
        for field in needs + basis_needs:
            if getattr(self, field) is None:
                hint = _BENEFIT_HINTS.get(field)
                problems.append(f"type '{self.type}' with per: {basis} needs "
                                f"'{field}'" + (f" ({hint})" if hint else ""))
        allowed = ({"name", "type", "kpi", "per", effect} | set(needs) | set(own)
                   | set(basis_needs) | set(basis_own))
        stray = sorted(set(self.model_fields_set) - allowed)
        if stray:
            problems.append(f"{', '.join(repr(f) for f in stray)} "
                            f"{'does' if len(stray) == 1 else 'do'} not apply to type "
                            f"'{self.type}' with per: {basis}; its fields: "
                            f"{', '.join(sorted(allowed))}")
        if self.kpi is None and getattr(self, effect) is None:
            problems.append(f"give 'kpi' (its measured change drives the money) or the "
                            f"expected improvement '{effect}'")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Costs(_Model):
    """The business case: one-off investment, running costs and benefits over a horizon."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)

    currency: str = "EUR"
    horizon_months: int = Field(36, gt=0, le=240)
    discount_rate: Fraction = Field(0.08, ge=0, lt=1, description="per year")
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
    alpha: Number = Field(0.05, gt=0, lt=0.5)
    data_file: str | None = Field(None, description="measurements file, relative to the plan")
    data_format: DataFormat = DataFormat()
    control_group: str | None = Field(None, description="what the rows with group 'control' "
                                                        "are: an unchanged store or process")

    _source: Path | None = PrivateAttr(None)

    @property
    def source(self) -> Path | None:
        """The file the plan was loaded from (None for a plan built in code)."""
        return self._source

    @property
    def data_path(self) -> Path | None:
        """``data_file`` resolved against the plan file's folder."""
        if self.data_file is None:
            return None
        base = self._source.parent if self._source is not None else Path.cwd()
        return base / self.data_file

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
    if plan.data_format.columns and any(k.data.measure for k in plan.kpis):
        problems.append(("data_format.columns", "applies to long or wide data; an event log "
                         "names its columns in each KPI's data (start, end, date, flag, "
                         "column)"))
    if plan.costs is not None:
        for bi, benefit in enumerate(plan.costs.benefits):
            where = f"costs.benefits[{bi}]"
            if benefit.kpi is not None and benefit.kpi not in ids:
                problems.append((f"{where}.kpi", f"'{benefit.kpi}' is not a KPI id in this "
                                 f"plan; valid: {', '.join(sorted(ids))}"))
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
        return f"expected a date as YYYY-MM-DD or DD-MM-YYYY; got {err['input']!r}"
    if err["type"] in ("plan_number", "plan_date"):
        return msg
    if err["type"] == "literal_error":
        return f"{msg}; got {err['input']!r}"
    if "input" in err and not isinstance(err["input"], (dict, list)):
        return f"{msg}; got {err['input']!r}"
    return msg


#: limits on what a plan file may be: a plan is a few kilobytes of YAML
MAX_PLAN_BYTES = 2_000_000
MAX_DEPTH = 40
#: values (mappings, lists, scalars) a plan may hold once YAML aliases are expanded
MAX_VALUES = 200_000


class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a limit on nesting depth (deep nesting would end in a
    RecursionError inside PyYAML)."""

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise PlanLimit(f"line {mark.line + 1}: nested more than {MAX_DEPTH} levels "
                                f"deep; a plan needs a handful of levels")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class PlanLimit(Exception):
    """A plan file beyond :data:`MAX_PLAN_BYTES`, :data:`MAX_DEPTH` or :data:`MAX_VALUES`."""


def _count_values(raw) -> None:
    """Walk ``raw`` as aliases expand it (a shared value counts each time it is used);
    stop at :data:`MAX_VALUES` (a 'billion laughs' file expands without end)."""
    budget, stack = MAX_VALUES, [raw]
    while stack:
        value = stack.pop()
        budget -= 1
        if budget < 0:
            raise PlanLimit(f"more than {MAX_VALUES:,} values once its YAML aliases (*name) "
                            f"are expanded; a plan needs far fewer")
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _not_finite(value, loc: str = ""):
    """``(field path, message)`` for every number in a validated plan that is not
    finite (``.inf``, ``.nan``, or ``1e400``, which overflows to infinity)."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _not_finite(getattr(value, name), f"{loc}.{name}" if loc else name)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _not_finite(item, f"{loc}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _not_finite(item, f"{loc}.{key}" if loc else str(key))
    elif isinstance(value, float) and not math.isfinite(value):
        yield loc, (f"{value!r} is not a finite number (too large, infinite or not a "
                    f"number); give an ordinary number")


def _comma_split(raw, loc: str = ""):
    """``(field path, message)`` for each number YAML split at a decimal comma inside a
    ``{ }`` mapping: ``{hourly_rate: 47,50}`` is read as ``hourly_rate: 47`` and a
    field ``50``."""
    if isinstance(raw, list):
        for i, item in enumerate(raw):
            yield from _comma_split(item, f"{loc}[{i}]")
    elif isinstance(raw, dict):
        items = list(raw.items())
        for (key, value), (stray, empty) in zip(items, items[1:]):
            if (isinstance(key, str) and isinstance(value, (int, float))
                    and not isinstance(value, bool) and isinstance(stray, int)
                    and not isinstance(stray, bool) and empty is None):
                yield (f"{loc}.{key}" if loc else key,
                       f"write {_suggest(f'{value},{stray}')} with a decimal point, or "
                       f"quote it ('{value},{stray}'): inside {{ }} YAML reads the comma "
                       f"as the end of the value (got {value} and a field {stray})")
        for key, value in items:
            yield from _comma_split(value, f"{loc}.{key}" if loc else str(key))


def parse_plan(raw: dict, path: str | Path | None = None) -> Plan:
    """Validate a plan given as a mapping (e.g. parsed YAML)."""
    if not isinstance(raw, dict):
        raise PlanError(path, [("", "the plan must be a YAML mapping of fields "
                                    "(see templates/plan.yaml)")])
    try:
        _count_values(raw)
        split = list(_comma_split(raw))
        if split:
            raise PlanError(path, split)
        plan = Plan.model_validate(raw)
    except PlanLimit as exc:
        raise PlanError(path, [("", str(exc))]) from None
    except ValidationError as exc:
        raise PlanError(path, [(_loc(e["loc"]), _message(e)) for e in exc.errors()]) from None
    except RecursionError:
        raise PlanError(path, [("", "nested too deeply; a plan needs a handful of "
                                    "levels")]) from None
    problems = list(_not_finite(plan)) or _cross_checks(plan)
    if problems:
        raise PlanError(path, problems)
    return plan


def plan_file(path: str | Path) -> Path:
    """``sample:<name>`` -> that sample's plan file; anything else as a path."""
    text = str(path)
    if not text.startswith(kit.SAMPLE_PREFIX):
        return Path(path)
    name = text[len(kit.SAMPLE_PREFIX):]
    found = kit.sample_plan(name)
    if found is None:
        raise PlanError(text, [("", f"no sample named {name!r}; the samples are "
                                    + ", ".join(kit.sample_names()))])
    return found


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file.

    Parameters
    ----------
    path : str or Path
        A YAML file following ``templates/plan.yaml``, or ``sample:<name>`` for a
        sample shipped with the kit (``sample:invoicing``), wherever it is installed.

    Returns
    -------
    Plan
        The validated, immutable plan; ``plan.kpis`` lists the KPIs of all processes.

    Raises
    ------
    PlanError
        Listing every problem as ``file: field.path: message``.
    """
    path = plan_file(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_PLAN_BYTES + 1)
        if len(data) > MAX_PLAN_BYTES:
            raise PlanError(path, [("", f"the file is larger than {MAX_PLAN_BYTES:,} bytes; "
                                        f"a plan is a few kilobytes of YAML (is this the "
                                        f"right file?)")])
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        raise PlanError(path, [("", "file not found")]) from None
    except IsADirectoryError:
        raise PlanError(path, [("", "is a folder, not a plan file")]) from None
    except UnicodeDecodeError as exc:
        raise PlanError(path, [("", f"cannot read the file: not UTF-8 text (byte "
                                    f"{exc.start})")]) from None
    except OSError as exc:
        raise PlanError(path, [("", f"cannot read the file ({exc.strerror or exc})")]) \
            from None
    try:
        raw = yaml.load(text, Loader=_LimitedLoader)  # noqa: S506 (a SafeLoader)
    except PlanLimit as exc:
        raise PlanError(path, [("", str(exc))]) from None
    except RecursionError:
        raise PlanError(path, [("", "nested too deeply; a plan needs a handful of "
                                    "levels")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PlanError(path, [("", f"{where}not valid YAML ({problem})")]) from None
    plan = parse_plan(raw, path)
    plan._source = path.resolve()
    return plan
