"""The plan's value types: closed sets as literals, numbers and percentages as a
Dutch writer types them (``47,50``), day-first dates, and the strict base model.

A private module: its names are for the plan package's own modules."""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from .. import vocab

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


def number(value):
    """A number given as text, read where it is unambiguous: ``"47,50"`` is 47.5,
    ``"1.234,50"`` and ``"1,234.50"`` are 1234.5. Text that is not one number
    (``"47,50 euro"``), or a single comma before three digits (``"1,250"``: 1.25 or
    1250?) is refused with the way to write it. Numbers and other values pass as
    they are (pydantic judges them).

    >>> number("47,50"), number("1.234,50"), number("1,234.50"), number(3)
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
        example = suggest(found.group())
    else:
        example = "a number such as 47.50"
    raise PydanticCustomError("plan_number", "write {example} with a decimal point "
                              "(got {got})", {"example": example, "got": repr(value)})


def suggest(number: str) -> str:
    """How ``number`` (digits with dots and commas) is written with a decimal point."""
    if "," in number and "." in number and number.rfind(",") < number.rfind("."):
        return number.replace(",", "")  # 1,234.50
    if "," in number:
        return number.replace(".", "").replace(",", ".")  # 1.234,50 or 47,50
    return number


Number = Annotated[float, BeforeValidator(number)]


def percent(value):
    """Accept ``-50%`` (a string) as the fraction -0.5; other text as :func:`number`."""
    if isinstance(value, str) and value.strip().endswith("%"):
        read = number(value.strip()[:-1].strip())
        try:
            return float(read) / 100
        except ValueError:
            return value  # let pydantic report it as not a number
    return number(value)


Fraction = Annotated[float, BeforeValidator(percent)]

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


class Model(BaseModel):
    """Every plan model: unknown fields refused, immutable, text stripped."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

