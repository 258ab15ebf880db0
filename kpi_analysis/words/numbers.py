"""Numbers, money, percentages, chances, p-values and dates, written per language.

The one formatter of every number a client reads. Separators and date order follow the
language's ``format.locale`` and ``format.date`` (``words/locales/<lang>/format.yaml``):
``1,234.5`` and ``22 Nov 2026`` in English, ``1.234,5`` and ``22-11-2026`` in Dutch;
a minus is the typographic '−'.

    >>> fmt_number(1234.5, "nl"), fmt_money(56_603.2, "en", "EUR")
    ('1.234,5', 'EUR 56,603')
    >>> fmt_date("2026-11-22", "nl"), fmt_pct(-61.2, "en"), fmt_chance(0.999, "nl")
    ('22-11-2026', '−61%', '>99%')
"""
from __future__ import annotations

import math
from datetime import date

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal

from .store import label


def is_missing(x) -> bool:
    """None or NaN: shown as '-'."""
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_number(x, lang: str, digits: int = 1) -> str:
    """A number with the language's separators and ``digits`` decimals; '-' if missing."""
    if is_missing(x):
        return "-"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    text = format_decimal(round(float(x), digits) + 0.0, format=pattern,
                          locale=label("format.locale", lang))
    return text.replace("-", "\u2212")


def fmt_count(n, unit: str, lang: str) -> str:
    """A whole count with its unit in the singular or plural, thousands separated:
    ``unit`` is ``week``, ``day`` or ``row`` (the store's ``v16nl.<unit>.one|other``).

    >>> fmt_count(1, "week", "nl"), fmt_count(3, "week", "nl"), fmt_count(1439, "row", "nl")
    ('1 week', '3 weken', '1.439 rijen')
    """
    form = "one" if n == 1 else "other"
    return label(f"v16nl.{unit}.{form}", lang, n=fmt_number(n, lang, 0))


def _signed(x, digits: int, text: str) -> str:
    """``text`` (the number ``x`` written with ``digits`` decimals) with a '+' when it
    shows above zero."""
    return ("+" if round(float(x), digits) > 0 else "") + text


def fmt_pct(x, lang: str, digits: int = 0, signed: bool = True) -> str:
    """A percentage (``x`` in percent, e.g. -61.2) as '-61%' / '+12%'."""
    if is_missing(x):
        return "-"
    text = fmt_number(x, lang, digits)
    return f"{_signed(x, digits, text) if signed else text}%"


def fmt_money(x, lang: str, currency: str = "EUR", signed: bool = False) -> str:
    """An amount in whole currency units after the currency code: 'EUR 56,603'
    (nl 'EUR 56.603'); with ``signed`` a gain shows '+': 'EUR +1,200'.

    >>> fmt_money(-1200.4, "nl", "EUR"), fmt_money(1200, "en", "USD", signed=True)
    ('EUR −1.200', 'USD +1,200')
    """
    text = fmt_number(x, lang, 0)
    return f"{currency} {_signed(x, 0, text) if signed else text}"


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
    return format_date(day, label("format.date", lang), locale=label("format.locale", lang))


def value_digits(x) -> int:
    """Decimals that show about three significant digits (0 to 2)."""
    if is_missing(x) or x == 0 or not math.isfinite(float(x)):
        return 1
    return max(0, min(2, 2 - int(math.floor(math.log10(abs(float(x)))))))


def fmt_value(x, lang: str) -> str:
    """A KPI level with about three significant digits: 12.3, 3.15, 1,234."""
    return fmt_number(x, lang, value_digits(x))


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
    return f"{_signed(x, 1, fmt_number(x, lang, 1))} {label('unit.pp', lang)}"
