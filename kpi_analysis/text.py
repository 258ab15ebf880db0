"""Every word a client sees, in English and Dutch, and numbers/dates per language.

Labels live in one table (:data:`LABELS`) so a notebook or report speaks ``en`` or
``nl`` without a second copy of any logic. Numbers and dates follow the language:
``1,234.5`` and ``22 Nov 2026`` in English, ``1.234,5`` and ``22-11-2026`` in Dutch.

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

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal

from .errors import InputError

LANGUAGES = ("en", "nl")
_LOCALE = {"en": "en_GB", "nl": "nl_NL"}
_DATE = {"en": "d MMM yyyy", "nl": "dd-MM-yyyy"}

LABELS: dict[str, tuple[str, str]] = {  # key: (en, nl)
    "report.title": ("KPI report", "KPI-rapport"),
    "report.subtitle": ("{project} for {client}", "{project} voor {client}"),
    "report.generated": ("Made with kpi-kit {version} on {date}",
                         "Gemaakt met kpi-kit {version} op {date}"),
    "step.1": ("Step 1 - Goal", "Stap 1 - Doel"),
    "step.2": ("Step 2 - KPIs", "Stap 2 - KPI's"),
    "step.3": ("Step 3 - Baseline", "Stap 3 - Nulmeting"),
    "step.4": ("Step 4 - After go-live", "Stap 4 - Na de livegang"),
    "step.5": ("Step 5 - Results", "Stap 5 - Resultaten"),
    "goal.statement": ("Goal", "Doel"),
    "goal.business_aim": ("Business aim", "Bedrijfsdoel"),
    "goal.deadline": ("Deadline", "Deadline"),
    "aim.cut_costs": ("cut costs", "kosten verlagen"),
    "aim.customer_experience": ("better customer experience", "betere klantervaring"),
    "aim.free_up_time": ("free up time", "tijd vrijmaken"),
    "aim.revenue": ("more revenue", "meer omzet"),
    "aim.quality": ("better quality", "betere kwaliteit"),
    "aim.compliance": ("compliance", "naleving van regels"),
    "col.kpi": ("KPI", "KPI"),
    "col.unit": ("Unit", "Eenheid"),
    "col.owner": ("Owner", "Eigenaar"),
    "col.frequency": ("Measured", "Gemeten"),
    "col.direction": ("Better is", "Beter is"),
    "col.target": ("Target", "Doel"),
    "col.process": ("Process", "Proces"),
    "col.guard": ("Quality guard", "Kwaliteitsbewaker"),
    "col.period": ("Period", "Periode"),
    "col.from": ("From", "Van"),
    "col.to": ("To", "Tot en met"),
    "col.n": ("Observations", "Waarnemingen"),
    "col.mean": ("Level", "Niveau"),
    "col.before": ("Before", "Voor"),
    "col.after": ("After", "Na"),
    "col.change": ("Change", "Verandering"),
    "col.interval": ("95% interval", "95%-interval"),
    "col.p": ("p-value", "p-waarde"),
    "col.verdict": ("Verdict", "Oordeel"),
    "col.target_met": ("Target met", "Doel gehaald"),
    "col.test": ("Test", "Toets"),
    "direction.lower_is_better": ("lower", "lager"),
    "direction.higher_is_better": ("higher", "hoger"),
    "frequency.daily": ("daily", "dagelijks"),
    "frequency.weekly": ("weekly", "wekelijks"),
    "frequency.monthly": ("monthly", "maandelijks"),
    "frequency.quarterly": ("quarterly", "per kwartaal"),
    "period.baseline": ("baseline", "nulmeting"),
    "period.stabilisation": ("stabilisation", "stabilisatie"),
    "period.after": ("after go-live", "na livegang"),
    "period.outside": ("outside the periods", "buiten de meetperiodes"),
    "verdict.improved": ("improved", "verbeterd"),
    "verdict.worsened": ("worsened", "verslechterd"),
    "verdict.no detectable change": ("no detectable change", "geen aantoonbare verandering"),
    "target.met": ("met", "gehaald"),
    "target.not_met": ("not met", "niet gehaald"),
    "target.none": ("no target", "geen doel"),
    "target.change": ("{change} vs baseline by {deadline}", "{change} t.o.v. nulmeting voor {deadline}"),
    "target.value": ("{value} by {deadline}", "{value} voor {deadline}"),
    "target.no_deadline": ("no deadline", "geen deadline"),
    "chart.go_live": ("go-live", "livegang"),
    "chart.period_mean": ("period mean", "gemiddelde per periode"),
    "chart.over_time": ("{name} per {freq}", "{name} per {freq}"),
    "chart.alt": ("Line chart of {name} ({unit}) over time: baseline level {before}, "
                  "level after go-live {after}.",
                  "Lijngrafiek van {name} ({unit}) in de tijd: niveau in de nulmeting "
                  "{before}, niveau na livegang {after}."),
    "freq.W": ("week", "week"),
    "freq.D": ("day", "dag"),
    "freq.MS": ("month", "maand"),
    "baseline.intro": ("The baseline runs from {start} to {end}; go-live was on {go_live}, "
                       "and the first {weeks} weeks after it are shown but not judged.",
                       "De nulmeting loopt van {start} tot en met {end}; de livegang was op "
                       "{go_live}, en de eerste {weeks} weken daarna tonen we wel maar "
                       "beoordelen we niet."),
    "guard.warning": ("Watch out: its quality guard {guard} worsened.",
                      "Let op: de kwaliteitsbewaker {guard} is verslechterd."),
}


def language(plan, lang: str | None = None) -> str:
    """The report language: ``lang`` when given, else the plan's."""
    chosen = lang or plan.language
    if chosen not in LANGUAGES:
        raise InputError(f"lang: '{chosen}' is not a report language; valid: en, nl")
    return chosen


def label(key: str, lang: str, **fields) -> str:
    """The text for ``key`` in ``lang``, with ``{fields}`` filled in."""
    try:
        text = LABELS[key][LANGUAGES.index(lang)]
    except KeyError:
        raise InputError(f"key: no text '{key}' in kpi_analysis.text.LABELS") from None
    except ValueError:
        raise InputError(f"lang: '{lang}' is not a report language; valid: en, nl") from None
    return text.format(**fields) if fields else text


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_number(x, lang: str, digits: int = 1) -> str:
    """A number with the language's separators and ``digits`` decimals; '-' if missing."""
    if _missing(x):
        return "-"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    text = format_decimal(round(float(x), digits) + 0.0, format=pattern, locale=_LOCALE[lang])
    return text.replace("-", "\u2212")


def fmt_pct(x, lang: str, digits: int = 0, signed: bool = True) -> str:
    """A percentage (``x`` in percent, e.g. -61.2) as '-61%' / '+12%'."""
    if _missing(x):
        return "-"
    sign = "+" if signed and round(float(x), digits) > 0 else ""
    return f"{sign}{fmt_number(x, lang, digits)}%"


def fmt_date(d, lang: str) -> str:
    """A date as '22 Nov 2026' (en) or '22-11-2026' (nl)."""
    if _missing(d):
        return "-"
    day = pd.Timestamp(d).date() if not isinstance(d, date) else d
    return format_date(day, _DATE[lang], locale=_LOCALE[lang])
