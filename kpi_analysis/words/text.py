"""Every word a client sees, in English and Dutch, and numbers/dates per language.

Labels live in one store (:mod:`kpi_analysis.words.store`, data files per language)
so a notebook or report speaks ``en`` or ``nl`` without a second copy of any logic.
Numbers and dates follow the language: ``1,234.5`` and ``22 Nov 2026`` in English,
``1.234,5`` and ``22-11-2026`` in Dutch.

    >>> fmt_number(1234.5, "nl")
    '1.234,5'
    >>> fmt_date("2026-11-22", "nl")
    '22-11-2026'
    >>> label("verdict.improved", "nl")
    'verbeterd'
"""
from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal

from ..errors import InputError
from ..vocab import LANGUAGES  # noqa: F401  (declared once, in vocab)
from .store import LABELS, label  # noqa: F401  (the store of every text)

_LOCALE = {"en": "en_GB", "nl": "nl_NL"}
_DATE = {"en": "d MMM yyyy", "nl": "dd-MM-yyyy"}


def language(plan, lang: str | None = None) -> str:
    """The report language: ``lang`` when given, else the plan's."""
    chosen = lang or plan.language
    if chosen not in LANGUAGES:
        raise InputError(f"lang: '{chosen}' is not a report language; valid: en, nl")
    return chosen


def is_missing(x) -> bool:
    """None or NaN: shown as '-'."""
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_number(x, lang: str, digits: int = 1) -> str:
    """A number with the language's separators and ``digits`` decimals; '-' if missing."""
    if is_missing(x):
        return "-"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    text = format_decimal(round(float(x), digits) + 0.0, format=pattern, locale=_LOCALE[lang])
    return text.replace("-", "\u2212")


def fmt_pct(x, lang: str, digits: int = 0, signed: bool = True) -> str:
    """A percentage (``x`` in percent, e.g. -61.2) as '-61%' / '+12%'."""
    if is_missing(x):
        return "-"
    sign = "+" if signed and round(float(x), digits) > 0 else ""
    return f"{sign}{fmt_number(x, lang, digits)}%"


def fmt_payback(months, lang: str) -> str:
    """'payback after 8.3 months', or 'not paid back within the horizon' when the
    cumulative cash flow never turns positive (``months`` None, NaN or inf).

    >>> fmt_payback(8.27, "en"), fmt_payback(None, "nl")
    ('payback after 8.3 months', 'niet terugverdiend binnen de looptijd')
    """
    if is_missing(months) or not math.isfinite(float(months)):
        return label("payback.never", lang)
    return label("payback.after", lang, months=fmt_number(months, lang, 1))


def fmt_chance(p: float, lang: str) -> str:
    """A probability (0-1) as a percentage, never a flat 0% or 100% for an estimate:
    '>99%' and '<1%' at the ends.

    >>> fmt_chance(1.0, "en"), fmt_chance(0.0, "nl"), fmt_chance(0.42, "en")
    ('>99%', '<1%', '42%')
    """
    if p >= 0.995:
        return ">" + fmt_pct(99, lang, signed=False)
    if p < 0.005:
        return "<" + fmt_pct(1, lang, signed=False)
    return fmt_pct(100 * p, lang, signed=False)


def fmt_p(p, lang: str) -> str:
    """A p-value: three decimals, or '<0.001' below that."""
    if is_missing(p):
        return "-"
    return f"<{fmt_number(0.001, lang, 3)}" if p < 0.001 else fmt_number(p, lang, 3)


def fmt_date(d, lang: str) -> str:
    """A date as '22 Nov 2026' (en) or '22-11-2026' (nl)."""
    if is_missing(d):
        return "-"
    day = pd.Timestamp(d).date() if not isinstance(d, date) else d
    return format_date(day, _DATE[lang], locale=_LOCALE[lang])


def value_digits(x) -> int:
    """Decimals that show about three significant digits (0 to 2)."""
    if is_missing(x) or x == 0 or not math.isfinite(float(x)):
        return 1
    return max(0, min(2, 2 - int(math.floor(math.log10(abs(float(x)))))))


def fmt_value(x, lang: str) -> str:
    """A KPI level with about three significant digits: 12.3, 3.15, 1,234."""
    return fmt_number(x, lang, value_digits(x))


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


def fmt_change_value(x, unit: str, lang: str) -> str:
    """One change in the report's number format, by its unit
    (:data:`kpi_analysis.vocab.CHANGE_UNITS`): percentage points '+22.6 pp' /
    '+22,6 %-punt'; percent of the baseline '+20%'.

    >>> fmt_change_value(22.64, "pp", "nl"), fmt_change_value(20.0, "percent", "en")
    ('+22,6 %-punt', '+20%')
    """
    if unit != "pp":
        return fmt_pct(x, lang)
    if is_missing(x):
        return fmt_number(x, lang)
    sign = "+" if round(float(x), 1) > 0 else ""
    return f"{sign}{fmt_number(x, lang, 1)} {label('unit.pp', lang)}"


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

