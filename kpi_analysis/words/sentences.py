"""Sentences built from numbers: a KPI's result, its target, a guard's warning, the
count of verdicts. Each takes the same fields the tables show, so words and numbers
cannot disagree; numbers are written by :mod:`kpi_analysis.words.numbers`, texts come
from the store (:func:`kpi_analysis.words.store.label`).
"""
from __future__ import annotations

import numpy as np

from .numbers import fmt_change_value, fmt_date, fmt_pct, fmt_value, is_missing
from .store import label


def target_text(kpi, lang: str) -> str:
    """The KPI's SMART target in words: '-50% vs baseline by 31 Dec 2026'."""
    t = kpi.target
    if t is None:
        return label("target.none", lang)
    deadline = fmt_date(t.deadline, lang) if t.deadline else label("target.no_deadline", lang)
    if t.change is not None:
        return label("target.change", lang, change=fmt_pct(t.change * 100, lang),
                     deadline=deadline)
    return label("target.value", lang, value=f"{fmt_value(t.value, lang)} {kpi.unit}",
                 deadline=deadline)


def fmt_change(row, kpi, lang: str) -> tuple[str, str, str]:
    """The change of a compare_kpis row as shown: ``(change, low, high)``.

    Proportions change in percentage points ('−6.9 pp', nl '−6,9 %-punt'): a relative
    '−11%' of a share reads as points and misleads. Everything else changes in
    percent of the baseline level.
    """
    row = dict(row)
    if is_missing(row.get("change")):
        return "-", "-", "-"
    if getattr(kpi, "kind", None) == "proportion":
        return tuple(fmt_change_value(row[k], "pp", lang) for k in ("change", "ci_low", "ci_high"))
    return tuple(fmt_change_value(row[k], "percent", lang)
                 for k in ("change_pct", "ci_pct_low", "ci_pct_high"))


def guard_warning(guard_row, guard, lang: str, kpi=None) -> str:
    """The warning for a KPI whose quality guard worsened (compare_kpis'
    ``guard_worsened``), from the guard KPI's own row and plan entry ``guard``: beside
    the KPI in a report; with ``kpi`` (the guarded KPI's id) a sentence that stands
    alone, naming both (compare_kpis' ``guard_warning`` column, in English).

    >>> from types import SimpleNamespace as NS
    >>> guard = NS(id="satisfied", name="Satisfied customers", kind="proportion")
    >>> row = dict(change=-6.94, ci_low=-9.0, ci_high=-4.0)
    >>> guard_warning(row, guard, "nl")
    'Let op: de kwaliteitsbewaker Satisfied customers is verslechterd (−6,9 %-punt).'
    >>> guard_warning(row, guard, "en", kpi="handling_time")  # doctest: +NORMALIZE_WHITESPACE
    "guard KPI 'satisfied' (Satisfied customers) worsened (−6.9 pp); check that the gain in
    'handling_time' did not come at its expense"
    """
    change = fmt_change(guard_row, guard, lang)[0]
    if kpi is None:
        return label("guard.warning", lang, guard=guard.name, change=change)
    return label("guard.warning.table", lang, guard_id=guard.id, guard=guard.name,
                 change=change, kpi=kpi)


def story_counts(verdicts, lang: str) -> str:
    """'Of 4 KPIs, 2 improved, ...' from the verdict column, plus how many could not
    be assessed when any."""
    verdicts = list(verdicts)
    text = label("story.counts", lang, n=len(verdicts),
                 improved=verdicts.count("improved"), worsened=verdicts.count("worsened"),
                 unchanged=verdicts.count("no detectable change"))
    cannot = verdicts.count("cannot be assessed")
    return text + (" " + label("story.cannot", lang, n=cannot) if cannot else "")


def kpi_sentence(row, kpi, lang: str) -> str:
    """One plain sentence for a compare_kpis row, built from the same fields as the
    table, so words and numbers cannot disagree: the verdict decides between 'rose /
    fell' and 'no detectable change', the interval is the one shown.

    >>> from types import SimpleNamespace as NS
    >>> kpi = NS(name="Lead time", unit="days", direction="lower_is_better", target=None)
    >>> row = dict(before=5.1, after=2.0, change=-3.1, change_pct=-60.8, ci_pct_low=-66.0,
    ...            ci_pct_high=-55.0, verdict="improved")
    >>> kpi_sentence(row, kpi, "en")
    'Lead time fell from 5.10 to 2.00 days (−61%, 95% interval −66% to −55%).'
    """
    row = dict(row)
    if row["verdict"] == "cannot be assessed":
        return label("sentence.cannot", lang, name=kpi.name,
                     reason=label(f"reason.{row['reason']}", lang))
    change, low, high = fmt_change(row, kpi, lang)
    fields = dict(name=kpi.name, unit=kpi.unit, before=fmt_value(row["before"], lang),
                  after=fmt_value(row["after"], lang), change=change, low=low, high=high)
    if row["verdict"] == "no detectable change":
        return label("sentence.no_change", lang, **fields)
    if row["verdict"] == "cannot be assessed":
        return label("sentence.not_assessed", lang, **fields)
    text = label("sentence.fell" if row["change"] < 0 else "sentence.rose", lang, **fields)
    if row["verdict"] == "worsened":
        text += " " + label("sentence.worsened" if kpi.direction == "lower_is_better"
                            else "sentence.worsened_higher", lang)
    met = row.get("target_met")
    if kpi.target is not None and isinstance(met, (bool, np.bool_)):
        key = "sentence.target_met" if met else "sentence.target_not_met"
        text += " " + label(key, lang, target=target_text(kpi, lang))
    return text

