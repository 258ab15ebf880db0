"""Event-log rules: each KPI's ``data.measure`` resolved against the KPI (its kind,
its unit), checked before the event log is read
(:func:`~kpi_analysis.inputs.eventlog.read_event_log`), then against the file's
headers for the columns the plan leaves out (:func:`resolve_columns`)."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import DataError, PlanError
from ..plan import Plan
from .columns import COLUMN_NAMES, EVENT_NAMES, one_header

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
    date: str | None  #: None until :func:`resolve_columns` (a duration: its end)
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
                date=m.date or (None if m.measure == "duration" else "date"),
                start=m.start, end=m.end, unit=unit, flag=m.flag,
                flag_values=tuple(m.flag_values) if m.flag_values else None,
                column=m.column, n_column=m.n_column, statistic=m.statistic))
    if problems:
        raise PlanError(plan.source, problems)
    return rules


#: the columns an event-log measure needs, recognised when the plan leaves them out
NEEDS = {"duration": ("start", "end"), "flagged": ("flag",)}


def resolve_columns(rules: list[Rule], headers, path) -> tuple[list[Rule], dict[str, str]]:
    """The rules with the columns the plan leaves out found among the file's ``headers``.

    A duration's ``start`` and ``end`` and a flagged KPI's ``flag`` are the one header
    of :data:`~kpi_analysis.inputs.columns.EVENT_NAMES` for the role (``Aangemaakt``,
    ``Afgerond``, ``Fout``, ...); a duration is dated by its end unless ``date`` is
    given; another KPI dated by the default column ``date`` that the file lacks takes
    the one date header (``Datum``, ...), else the one start header.

    Returns
    -------
    (list of Rule, dict)
        The rules and ``{role: header}`` of what was recognised (for "read as").

    Raises
    ------
    DataError
        When a needed column is not recognised (showing the KPI's mapping with the
        file's headers), or two headers fit one role.
    """
    headers = [str(h) for h in headers]
    found, resolved = {}, []
    for rule in rules:
        change = {}
        for role in NEEDS.get(rule.measure, ()):
            if getattr(rule, role) is not None:
                continue
            mapping = f"data: {{{{{{role}}: \"{{header}}\"}}}} in KPI '{rule.kpi}'"
            header = one_header(path, role, headers, EVENT_NAMES[role], mapping)
            if header is None:
                raise DataError(path, f"KPI '{rule.kpi}' ({rule.measure}) names no data.{role} "
                                      f"and no column is recognised as its {role} (such as "
                                      f"{', '.join(EVENT_NAMES[role][:8])}); add to the KPI in "
                                      f"the plan: data: {{{role}: \"<one of: "
                                      f"{', '.join(headers)}>\"}}")
            change[role] = found[role] = header
        if rule.date is None:
            change["date"] = change.get("end", rule.end)
        elif rule.date == "date" and "date" not in headers:
            mapping = f"data: {{{{date: \"{{header}}\"}}}} in KPI '{rule.kpi}'"
            header = (one_header(path, "date", headers, COLUMN_NAMES["date"], mapping)
                      or one_header(path, "date", headers, EVENT_NAMES["start"], mapping))
            if header is not None:
                change["date"] = found["date"] = header
        resolved.append(replace(rule, **change))
    return resolved, found
