"""The signed-off plan in words: one line for the sign-off and one plain sentence per
deviation, from the numbers and ids of
:func:`kpi_analysis.analysis.signoff.compare_to_lock` (texts ``signoff.*`` in the
words store)::

    >>> signoff_line({"locked_at": "2026-03-12", "deviations": []}, "nl")
    'Plan zoals afgetekend op 12-03-2026: ongewijzigd.'
    >>> moved = {"kind": "target_moved", "kpi": "days", "field": "target.value",
    ...          "old": 10.0, "new": 8.0}
    >>> deviation_sentence(moved, {"days": "Days to paid"}, "en", baseline_locked=True)
    "The target of 'Days to paid' moved from 10 to 8 after the baseline was known."
"""
from __future__ import annotations

from datetime import date

from .numbers import fmt_date, fmt_number, fmt_pct
from .store import label

_DATES = {"go_live", "target.deadline", "baseline.start", "baseline.end", "after.start",
          "after.end"}
_TEXTS = {"name", "definition", "unit", "goal"}


def _value(field: str, value, names: dict[str, str], lang: str) -> str:
    """One old or new value of a deviation, as a reader sees it."""
    if value is None:
        return label("signoff.none", lang)
    if field in _DATES:
        return fmt_date(date.fromisoformat(str(value)), lang)
    if field == "target.change":
        return fmt_pct(float(value) * 100, lang)
    if field == "target.value":   # as written in the plan: 8, 7.5, 0.25
        x = float(value)
        return fmt_number(x, lang, next(d for d in (0, 1, 2) if round(x, d) == round(x, 2)))
    if field == "test":
        return label(f"testname.{value}", lang)
    if field in ("kind", "direction"):
        return label(f"signoff.{field}.{value}", lang)
    if field == "guard":
        return f"'{names.get(value, value)}'"
    if field in _TEXTS:
        return f"'{value}'"
    return str(value)


def deviation_sentence(deviation: dict, names: dict[str, str], lang: str,
                       baseline_locked: bool = False) -> str:
    """One deviation (``{"kind", "kpi", "field", "old", "new"}``) as a sentence.

    ``names`` maps KPI ids to names (else an added or dropped KPI is named from the
    deviation);
    ``baseline_locked``: the plan was signed off with its baseline data, so a moved
    target moved after the baseline was known."""
    kind, field = deviation["kind"], deviation["field"]
    kpi = deviation["kpi"]
    name = (names.get(kpi) or {"kpi_dropped": deviation["old"],
                               "kpi_added": deviation["new"]}.get(kind) or kpi)
    values = {"old": _value(field, deviation["old"], names, lang),
              "new": _value(field, deviation["new"], names, lang)}
    if kind in ("kpi_added", "kpi_dropped"):
        return label(f"signoff.{kind}", lang, kpi=name)
    if kind == "target_moved" and field == "target.deadline":
        return label("signoff.deadline_moved", lang, kpi=name, **values)
    if kind == "target_moved":
        when = "baseline" if baseline_locked else "signed"
        return label(f"signoff.target_moved.{when}", lang, kpi=name, **values)
    if kind == "definition_changed" and kpi is None:
        return label("signoff.goal_changed", lang, **values)
    if kind in ("definition_changed", "periods_moved"):
        return label(f"signoff.{kind}", lang, kpi=name,
                     field=label(f"signoff.field.{field}", lang), **values)
    if kind == "baseline_data_changed":
        return label("signoff.baseline_data_changed", lang)
    return label(f"signoff.{kind}", lang, kpi=name, **values)


def signoff_line(sign_off: dict, lang: str, listed: bool = False) -> str:
    """The summary's sentence: not signed off, unchanged since, or how many changes
    (``listed``: the head of the list of changes instead)."""
    if sign_off.get("locked_at") is None:
        return label("signoff.not_signed", lang)
    day = fmt_date(date.fromisoformat(str(sign_off["locked_at"])), lang)
    count = len(sign_off["deviations"])
    if not count:
        return label("signoff.unchanged", lang, date=day)
    if listed:
        return label("signoff.changed_since", lang, date=day)
    return label("signoff.changed", lang, date=day, count=count)


def signoff_sentences(sign_off: dict, names: dict[str, str], lang: str) -> list[str]:
    """The sign-off line, then one sentence per deviation (the appendix's list)."""
    locked = bool(sign_off.get("baseline_locked"))
    return [signoff_line(sign_off, lang, listed=True),
            *(deviation_sentence(d, names, lang, locked)
              for d in sign_off.get("deviations", []))]
