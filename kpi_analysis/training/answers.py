"""Reading learners' answers (ids, numbers, dates in sentences) and grading them."""
from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable

import numpy as np
import pandas as pd


from ..words.store import label
from .feedback import Feedback, Point


def blank(answer: Any) -> bool:
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip() or answer.strip() in ("...", "?")
    if isinstance(answer, (list, tuple, set, dict)):
        return len(answer) == 0
    return False


@dataclass(frozen=True)
class Exercise:
    """One exercise: the notebook it belongs to, its check and its model answer."""

    id: str
    notebook: str
    check: Callable[..., Feedback]
    model: Callable[..., Any]


def empty_feedback(exercise: str, lang: str, hint: str) -> Feedback:
    return Feedback(exercise, False, label("training.empty", lang), hint, lang=lang)


#: one criterion of an answer and the hint to show when it is not met ("" when met)
Graded = tuple[Point, str]


def graded_feedback(exercise: str, graded: list[Graded], lang: str, passed: str, todo: str,
                    **fields) -> Feedback:
    """The feedback on an answer judged point by point: message ``passed`` when every
    point holds, else ``todo`` (with ``n`` points met of ``total``) and the first hint."""
    points = tuple(point for point, _ in graded)
    met = sum(p.ok for p in points)
    if met == len(points):
        return Feedback(exercise, True, label(f"training.{passed}", lang, **fields), points=points,
                        lang=lang)
    hints = [hint for _, hint in graded if hint]
    return Feedback(exercise, False, label(f"training.{todo}", lang, n=met, total=len(points),
                                           **fields),
                    hints[0], points, lang)


def read_ids(answer: Any) -> list[str]:
    """A list of ids from a list, tuple or set, or a text with commas."""
    if isinstance(answer, str):
        items = re.split(r"[,;\s]+", answer)
    else:
        items = list(answer)
    out = []
    for item in items:
        plain = str(item).strip().strip("'\"").lower()
        if plain and plain not in out:
            out.append(plain)
    return out


def read_number(answer: Any) -> float | None:
    """A number from a number or a text such as '131,0 %' or 'EUR 1.234,5'."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float, np.integer, np.floating)):
        return float(answer) if math.isfinite(float(answer)) else None
    if isinstance(answer, str):
        found = NUMBERS.findall(clean(answer))
        return to_float(found[0]) if len(found) == 1 else None
    return None


def clean(value: str) -> str:
    """Lower case, accents removed, arrows and dashes made plain."""
    plain = unicodedata.normalize("NFKD", str(value))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    for old, new in (("\u2192", " -> "), ("=>", " -> "), ("\u2212", "-"), ("\u2013", "-"),
                     ("\u2014", "-"), ("\u00a0", " ")):
        plain = plain.replace(old, new)
    return plain


NUM = r"[+-]?\d+(?:[.,]\d+)*"
NUMBERS = re.compile(rf"(?<![\w.,]){NUM}")


def to_float(token: str) -> float:
    """'11,8' -> 11.8; '1,000' -> 1000; '1.234,5' -> 1234.5; '5.9' -> 5.9."""
    sign = -1.0 if token.startswith("-") else 1.0
    token = token.lstrip("+-")
    if "," in token and "." in token:
        token = token.replace(".", "").replace(",", ".") if token.rfind(",") > token.rfind(".") \
            else token.replace(",", "")
    elif "," in token:
        head, _, tail = token.rpartition(",")
        token = token.replace(",", "") if len(tail) == 3 and head.isdigit() else \
            token.replace(",", ".")
    return sign * float(token)



def unknown_ids(given: list[str], valid: list[str], lang: str) -> str:
    parts = []
    for item in given:
        close = difflib.get_close_matches(item, valid, n=1, cutoff=0.6)
        parts.append(item + (" " + label("training.ids.did_you_mean", lang,
                                         ids=close[0]) if close else ""))
    return label("training.ids.unknown", lang, ids=", ".join(parts))



def close(a: float, b: float, relative: float, absolute: float = 0.0) -> bool:
    return abs(a - b) <= max(absolute, relative * abs(b))



# --- dates in learners' sentences ------------------------------------------------------

_MONTHS = {
    "january": 1, "januari": 1, "jan": 1, "february": 2, "februari": 2, "feb": 2,
    "march": 3, "maart": 3, "mar": 3, "mrt": 3, "april": 4, "apr": 4, "may": 5, "mei": 5,
    "june": 6, "juni": 6, "jun": 6, "july": 7, "juli": 7, "jul": 7, "august": 8,
    "augustus": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oktober": 10, "oct": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "een": 1, "two": 2, "twee": 2, "three": 3,
                "drie": 3, "four": 4, "vier": 4, "six": 6, "zes": 6, "nine": 9, "negen": 9,
                "twelve": 12, "twaalf": 12}
_SPAN_MONTHS = {"week": 0.25, "weeks": 0.25, "weken": 0.25, "month": 1, "months": 1,
                "maand": 1, "maanden": 1, "quarter": 3, "quarters": 3, "kwartaal": 3,
                "kwartalen": 3, "year": 12, "years": 12, "jaar": 12, "jaren": 12}


def _month_end(year: int, month: int) -> date:
    return (pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)).date()


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_date(month: int, day: int, after: date) -> date | None:
    for year in (after.year, after.year + 1):
        found = _make_date(year, month, day)
        if found is not None and found >= after:
            return found
    return None


def _relative(match: re.Match, after: date) -> date:
    """'within 6 months', 'binnen een half jaar': counted from ``after``."""
    if match[1]:
        return (pd.Timestamp(after) + pd.DateOffset(months=6)).date()
    count = _COUNT_WORDS.get(match[2]) or int(match[2])
    if _SPAN_MONTHS[match[3]] < 1:
        return after + timedelta(weeks=count)
    return (pd.Timestamp(after) + pd.DateOffset(months=int(_SPAN_MONTHS[match[3]] * count))).date()


def take_dates(plain: str, after: date) -> tuple[list[date], str]:
    """The dates in a cleaned sentence (relative ones counted from ``after``) and the
    sentence with them blanked out, so their digits are not read as targets."""
    found: list[tuple[int, date]] = []
    rules: list[tuple[str, Callable[[re.Match], date | None]]] = [
        (r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b",
         lambda m: _make_date(int(m[1]), int(m[2]), int(m[3]))),
        (r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b",
         lambda m: _make_date(int(m[3]), int(m[2]), int(m[1]))),
        (rf"\b(?:end of|eind(?:e)?(?: van)?)\s+{_MONTH}\s+(\d{{4}})\b",
         lambda m: _month_end(int(m[2]), _MONTHS[m[1]])),
        (rf"\b(\d{{1,2}})(?:st|nd|rd|th|e|ste)?\s+{_MONTH}(?:\s+(\d{{4}}))?\b",
         lambda m: _make_date(int(m[3]), _MONTHS[m[2]], int(m[1])) if m[3]
         else _next_date(_MONTHS[m[2]], int(m[1]), after)),
        (rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b",
         lambda m: _make_date(int(m[3]), _MONTHS[m[1]], int(m[2]))),
        (rf"\b{_MONTH}\s+(\d{{4}})\b", lambda m: _month_end(int(m[2]), _MONTHS[m[1]])),
        (r"\bq([1-4])\s*(?:of\s+|van\s+)?(\d{4})\b",
         lambda m: _month_end(int(m[2]), 3 * int(m[1]))),
        (r"\b(before|voor)\s+(\d{4})\b", lambda m: date(int(m[2]) - 1, 12, 31)),
        (r"\b(?:end of|eind(?:e)?(?: van)?|by|in|uiterlijk|during|tijdens)\s+(\d{4})\b",
         lambda m: date(int(m[1]), 12, 31)),
        (r"\b(?:within|in|binnen|over)\s+(?:(half a|een half|a half)|(\d+|a|an|one|een|two|"
         r"twee|three|drie|four|vier|six|zes|nine|negen|twelve|twaalf))\s+(weeks?|weken|"
         r"months?|maanden|maand|quarters?|kwartalen|kwartaal|years?|jaren|jaar)\b",
         lambda m: _relative(m, after)),
    ]
    for pattern, make in rules:
        for match in list(re.finditer(pattern, plain)):
            made = make(match)
            if made is not None:
                found.append((match.start(), made))
                plain = plain[:match.start()] + " " * (match.end() - match.start()) + \
                    plain[match.end():]
    plain = re.sub(r"\b(19|20)\d\d\b", " ", plain)
    return [d for _, d in sorted(found)], plain


def read_date(answer: Any, after: date) -> date | None:
    if isinstance(answer, date):
        return answer
    if isinstance(answer, pd.Timestamp):
        return answer.date()
    if not isinstance(answer, str):
        return None
    dates, _ = take_dates(clean(answer), after)
    return dates[0] if dates else None

