"""The plan's models: targets, KPIs, data formats, periods, reporting and the plan
itself; domain rules live on them (``Target.met``, ``KPI.better``)."""
from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, PrivateAttr, model_validator

from .. import vocab
from ._values import (Category, Day, Direction, Fraction, Frequency, Indicator, Kind, Language,
                      Level, Model as _Model, Number)
from .costs import Costs


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

    ``start``, ``end`` and ``flag`` may be left out when the file has one common
    header for them (``Aangemaakt``/``Created``, ``Afgerond``/``Closed``,
    ``Fout``/``Error``, ...: ``kpi_analysis.inputs.columns.EVENT_NAMES``).

    ``unit`` (duration): seconds, minutes, hours or days; when left out, the first
    word of the KPI's ``unit`` (e.g. ``days``) is used. ``statistic``: mean (default)
    or median of a duration or value per period.
    """

    #: per measure: (fields it needs, optional fields)
    MEASURES: ClassVar[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
        "duration": ((), ("start", "end", "unit", "date", "statistic")),
        "flagged": ((), ("flag", "flag_values", "date")),
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

