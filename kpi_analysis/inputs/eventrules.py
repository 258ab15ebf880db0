"""Event-log rules: each KPI's ``data.measure`` resolved against the KPI (its kind,
its unit), checked before the event log is read
(:func:`~kpi_analysis.inputs.eventlog.read_event_log`)."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import PlanError
from ..plan import Plan

#: first words of a KPI's ``unit`` that name a time unit (English and Dutch)
UNIT_WORDS = {
    **dict.fromkeys(("s", "sec", "second", "seconds", "seconde", "seconden"), "seconds"),
    **dict.fromkeys(("min", "minute", "minutes", "minuut", "minuten"), "minutes"),
    **dict.fromkeys(("h", "hour", "hours", "uur", "uren"), "hours"),
    **dict.fromkeys(("day", "days", "dag", "dagen"), "days"),
}
#: the measures each KPI kind can take (proportions and rates need an n per period)
KIND_MEASURES = {
    "proportion": ("flagged", "sum"), "rate": ("flagged", "count", "sum"),
    "count": ("count", "sum"), "duration": ("duration", "value", "sum"),
    "continuous": ("duration", "value", "sum"), "score": ("value", "sum"),
    "amount": ("value", "sum"),
}


@dataclass(frozen=True)
class Rule:
    """One KPI's event-log rule, resolved against the KPI (see :func:`event_rules`)."""

    kpi: str
    measure: str
    frequency: str
    date: str
    start: str | None = None
    end: str | None = None
    unit: str | None = None
    flag: str | None = None
    flag_values: tuple[str, ...] | None = None
    column: str | None = None
    n_column: str | None = None
    statistic: str = "mean"

    @property
    def fields(self) -> list[tuple[str, str]]:
        """``(field, column)`` for every column the rule reads."""
        names = ("start", "end", "flag", "column", "n_column", "date")
        return [(f, getattr(self, f)) for f in names if getattr(self, f)]


def event_rules(plan: Plan) -> list[Rule]:
    """The plan's KPIs as event-log rules.

    Parameters
    ----------
    plan : Plan
        A plan whose KPIs have ``data.measure``.

    Returns
    -------
    list of Rule
        One per KPI, with the defaults filled in (``date``, ``unit``).

    Raises
    ------
    PlanError
        Listing every KPI without a ``measure``, a measure that does not fit the
        KPI's kind, a ``sum`` proportion or rate without ``n_column``, or a duration
        whose unit is neither given nor the first word of the KPI's unit.
    """
    problems, rules = [], []
    for pi, process in enumerate(plan.processes):
        for ki, kpi in enumerate(process.kpis):
            where, m = f"processes[{pi}].kpis[{ki}].data", kpi.data
            if m.measure is None:
                problems.append((where, f"KPI '{kpi.id}' has no 'measure', but the data file is "
                                        f"read as an event log because other KPIs have one; "
                                        f"give every KPI one of duration, flagged, count, "
                                        f"value, sum"))
                continue
            if m.measure not in KIND_MEASURES[kpi.kind]:
                problems.append((f"{where}.measure", f"'{m.measure}' does not fit kind "
                                 f"'{kpi.kind}'; valid: {', '.join(KIND_MEASURES[kpi.kind])}"))
            if m.measure == "sum" and kpi.kind in ("proportion", "rate") and not m.n_column:
                problems.append((f"{where}.n_column", f"a {kpi.kind} with measure 'sum' needs "
                                 f"'n_column' (the trials or exposure per row)"))
            unit = m.unit
            if m.measure == "duration" and unit is None:
                unit = UNIT_WORDS.get((kpi.unit.split() or [""])[0].lower())
                if unit is None:
                    problems.append((f"{where}.unit", f"say which unit the duration is in: "
                                     f"seconds, minutes, hours or days (the KPI's unit "
                                     f"'{kpi.unit}' does not start with one)"))
            rules.append(Rule(
                kpi=kpi.id, measure=m.measure, frequency=kpi.frequency,
                date=m.date or (m.end if m.measure == "duration" else "date"),
                start=m.start, end=m.end, unit=unit, flag=m.flag,
                flag_values=tuple(m.flag_values) if m.flag_values else None,
                column=m.column, n_column=m.n_column, statistic=m.statistic))
    if problems:
        raise PlanError(plan.source, problems)
    return rules
