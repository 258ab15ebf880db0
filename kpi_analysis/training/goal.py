"""The exercise of step 1 (notebook 01_goal): a SMART target in one sentence."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pandas as pd

from ..method.catalogue import CatalogueEntry, match_catalogue
from ..method.checks import COLUMNS, check_plan
from ..method.plain import norm, word_pattern
from ..method.thresholds import STABILISATION_WEEKS
from ..plan import KPI, Plan, Target
from ..words import text
from ..words.store import label
from ._common import num, pct
from .answers import (NUM, NUMBERS, Exercise, Graded, blank, clean, empty_feedback,
                      graded_feedback, take_dates, to_float)
from .feedback import Feedback, Point
from .samples import kpi_entry, kpi_name, kpi_unit, load_sample

BASELINE_TOLERANCE = 0.10



_DOWN_RE = word_pattern((
    "reduce*", "cut*", "lower*", "decreas*", "shorten*", "fewer", "less", "down", "drop*",
    "faster", "quicker", "speed up", "verlag*", "verminder*", "verkort*", "minder", "omlaag",
    "daal*", "dalen", "daling", "korter", "lager", "sneller", "terug*"))
_UP_RE = word_pattern((
    "increas*", "rais*", "grow*", "more", "higher", "boost*", "up", "verhog*", "meer", "hoger",
    "stijg*", "groei*", "toename", "toenemen", "omhoog"))
_HALVE_RE = word_pattern(("halve*", "halving", "half", "halveer*", "halver*",
                          "gehalveerd", "helft"))
_DOUBLE_RE = word_pattern(("double*", "doubling", "verdubbel*"))
_TO_RE = re.compile(rf"\b(?:to|naar|tot|under|below|onder|beneden|at most|maximum|max|"
                    rf"maximaal|hoogstens|ten hoogste|at least|minimum|minimaal|minstens|"
                    rf"ten minste|less than|minder dan|more than|meer dan|within|binnen)\s+"
                    rf"(?:an? average of |gemiddeld )?({NUM})\s*(%)?")
_FROM_TO_RE = re.compile(rf"\b(?:from|van)\s+(?:an? average of |gemiddeld )?({NUM})\s*(%)?"
                         rf"\s*(?:[a-z]+\s+)?(?:to|naar|tot|->)\s+({NUM})\s*(%)?")
_ARROW_RE = re.compile(rf"({NUM})\s*(%)?\s*(?:[a-z]+\s*)?->\s*({NUM})\s*(%)?")
_PERCENT_RE = re.compile(rf"({NUM})\s*(?:%|percent|procent)")
_STOP_WORDS = {"from", "with", "without", "into", "over", "that", "this", "than", "created",
               "zonder", "voor", "naar", "door", "over", "met", "the", "per", "van", "tot",
               "each", "every", "elke"}


@dataclass(frozen=True)
class _Reading:
    """How a learner's target sentence was read."""

    value: float | None = None
    change: float | None = None
    stated_before: float | None = None
    deadline: date | None = None
    several: tuple[float, ...] = ()


def _same_word(a: str, b: str) -> bool:
    return a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


def _names_kpi(sentence: str, entry: CatalogueEntry | None, kpi: KPI) -> bool:
    plain = norm(sentence)
    if entry is not None:
        keywords = word_pattern(entry.keywords.get("en", []) + entry.keywords.get("nl", []))
        if keywords.search(plain):
            return True
    tokens = plain.split()
    names = [kpi.name] + ([entry.name_en, entry.name_nl] if entry is not None else [])
    for name in names:
        words = {w for w in norm(name).split() if len(w) >= 4 and w not in _STOP_WORDS}
        hits = sum(any(_same_word(w, t) for t in tokens) for w in words)
        if words and hits >= min(2, len(words)):
            return True
    return False


def _direction_before(plain: str, position: int) -> int:
    """-1 or +1 from the direction word closest before ``position``; 0 if none."""
    best, sign = -1, 0
    for pattern, value in ((_DOWN_RE, -1), (_UP_RE, 1)):
        for match in pattern.finditer(plain[:position]):
            if match.start() > best:
                best, sign = match.start(), value
    return sign


def _read_target(sentence: str, kpi: KPI, go_live: date) -> _Reading:
    """Read a target sentence: the level or change to reach, the starting point it
    states, and the deadline (relative deadlines count from go-live)."""
    dates, plain = take_dates(clean(sentence), go_live)
    deadline = dates[-1] if dates else None
    proportion = kpi.kind == "proportion"
    good = -1 if kpi.direction == "lower_is_better" else 1
    match = _FROM_TO_RE.search(plain) or _ARROW_RE.search(plain)
    if match:
        before, b_pct, after, a_pct = match.groups()
        if (b_pct or a_pct) and not proportion:  # "from 12 to 6 days" only; % is a change
            pass
        else:
            return _Reading(value=to_float(after), stated_before=to_float(before),
                            deadline=deadline)
    match = _TO_RE.search(plain)
    if match and (not match[2] or proportion):
        return _Reading(value=to_float(match[1]), deadline=deadline)
    match = _PERCENT_RE.search(plain)
    if match:
        token = match[1]
        size = abs(to_float(token)) / 100
        if token.startswith(("-", "+")):
            sign = -1 if token.startswith("-") else 1
        else:
            sign = _direction_before(plain, match.start()) or good
        return _Reading(change=sign * size, deadline=deadline)
    if _HALVE_RE.search(plain):
        return _Reading(change=-0.5, deadline=deadline)
    if _DOUBLE_RE.search(plain):
        return _Reading(change=1.0, deadline=deadline)
    numbers = [to_float(n) for n in NUMBERS.findall(plain)]
    if len(numbers) == 1:
        return _Reading(value=numbers[0], deadline=deadline)
    return _Reading(deadline=deadline, several=tuple(numbers))


def _with_target(plan: Plan, kpi_id: str, target: Target) -> Plan:
    """The plan with one KPI's target replaced (the plan itself is immutable)."""
    processes = [process.model_copy(update={"kpis": [
        kpi.model_copy(update={"target": target}) if kpi.id == kpi_id else kpi
        for kpi in process.kpis]}) for process in plan.processes]
    return plan.model_copy(update={"processes": processes})


def smart_context(sample: str, kpi_id: str):
    s = load_sample(sample)
    kpi = s.kpi(kpi_id)
    return s, kpi, float(s.row(kpi_id)["before"])


def _model_smart(lang: str = "en", *, sample: str = "invoicing",
                 kpi: str = "days_to_paid") -> str:
    s, k, before = smart_context(sample, kpi)
    target = k.target
    after = target.value if target.value is not None else before * (1 + target.change)
    deadline = target.deadline or s.plan.goal.deadline
    name = kpi_name(k, lang)
    return label("training.smart.model", lang, verb=label(f"training.verb.{k.direction}", lang),
                 name=name[0].lower() + name[1:], before=num(before, lang),
                 after=num(after, lang), unit=kpi_unit(k, lang),
                 deadline=text.fmt_date(deadline, lang))


def _target_of(reading: _Reading, before: float) -> tuple[Target | None, float | None]:
    """The target a reading states and the level it aims at (None, None: no number)."""
    if reading.value is not None:
        return Target(value=reading.value), reading.value
    if reading.change is not None:
        return Target(change=reading.change), before * (1 + reading.change)
    return None, None


def _engine_rows(s, k: KPI, target: Target | None, deadline: date | None,
                 lang: str) -> pd.DataFrame:
    """The method engine's check rows of the KPI on the plan with the learner's target
    (the plan's own target when the sentence gives no number)."""
    goal = target if target is not None else k.target
    if goal is None:
        return pd.DataFrame(columns=COLUMNS)
    probe = goal.model_copy(update={"deadline": deadline})
    checks = check_plan(_with_target(s.plan, k.id, probe), lang, baseline=s.data)
    return checks[checks["kpi"] == k.id]


def _specific(sentence: str, entry: CatalogueEntry | None, k: KPI, name: str,
              lang: str) -> Graded:
    """S: the sentence names the KPI (or, wrongly, another catalogue KPI)."""
    if _names_kpi(sentence, entry, k):
        return Point(label("training.smart.S", lang), True,
                     label("training.smart.S.ok", lang, name=name)), ""
    other = match_catalogue(SimpleNamespace(id="", name=sentence, unit=""))
    why = label("training.smart.S.other", lang, other=other.name(lang), name=name) \
        if other is not None and (entry is None or other.id != entry.id) \
        else label("training.smart.S.none", lang)
    return (Point(label("training.smart.S", lang), False, why),
            label("training.smart.S.hint", lang, name=name))


def _shown_target(reading: _Reading, after: float | None, before: float, unit: str,
                  lang: str) -> str:
    """The target as read, in words."""
    if after is None:
        return label("training.smart.no_number", lang)
    if reading.value is None:
        return label("training.smart.reading_change", lang, change=pct(reading.change * 100, lang),
                     before=num(before, lang), unit=unit)
    change = (after - before) / abs(before) * 100 if before else math.nan
    return label("training.smart.reading_value", lang, before=num(before, lang),
                 after=num(after, lang), unit=unit, change=pct(change, lang))


def _measurable(reading: _Reading, shown_target: str, before: float, unit: str,
                lang: str) -> Graded:
    """M: a number to reach, starting from the measured baseline."""
    title, shown = label("training.smart.M", lang), num(before, lang)
    if reading.value is None and reading.change is None:
        why = label("training.smart.M.several", lang, numbers=", ".join(num(x, lang) for x in
                                                                        reading.several)) \
            if reading.several else label("training.smart.M.none", lang)
        return Point(title, False, why), label("training.smart.M.hint", lang, before=shown,
                                               unit=unit)
    stated = reading.stated_before
    if stated is not None and before and abs(stated - before) > BASELINE_TOLERANCE * abs(before):
        return (Point(title, False, label("training.smart.M.baseline", lang,
                                          stated=num(stated, lang), before=shown, unit=unit)),
                label("training.smart.M.hint_baseline", lang, before=shown, unit=unit))
    return Point(title, True, label("training.smart.M.ok", lang, target=shown_target)), ""


def _engine_points(rows: pd.DataFrame, numbered: bool, deadline: date | None,
                   entry: CatalogueEntry | None, plan: Plan, lang: str) -> list[Graded]:
    """A, R, T: the method engine's own SMART rules, with a hint where one fails."""
    def rule(letter: str, item: str, hint: str) -> Graded:
        found = rows[rows["item"] == item]
        ok = bool((found["status"] == "pass").all())
        return Point(label(f"training.smart.{letter}", lang), ok, " ".join(found["message"])), \
            "" if ok else hint

    reference = entry.reference if entry is not None else None
    a_hint = label("training.smart.A.hint", lang,
                   reference=reference.nl if lang == "nl" else reference.en) \
        if reference else label("training.smart.A.hint_generic", lang)
    graded = [rule("A", "smart.acceptable", a_hint),
              rule("R", "smart.realistic", label("training.smart.R.hint", lang))] if numbered else [
        (Point(label(f"training.smart.{letter}", lang), False,
               label("training.smart.AR.no_number", lang)), "")
        for letter in ("A", "R")]
    first = plan.periods.go_live + timedelta(weeks=STABILISATION_WEEKS)
    example_deadline = plan.goal.deadline or first + timedelta(weeks=26)
    t_hint = label("training.smart.T.hint", lang, deadline=text.fmt_date(example_deadline, lang),
                   weeks=STABILISATION_WEEKS, first=text.fmt_date(first, lang))
    if deadline is None:
        graded.append((Point(label("training.smart.T", lang), False,
                             label("training.smart.T.none", lang)), t_hint))
    else:
        graded.append(rule("T", "smart.time_bound", t_hint))
    return graded


def _check_smart(answer: Any, lang: str, *, sample: str = "invoicing",
                 kpi: str = "days_to_paid") -> Feedback:
    s, k, before = smart_context(sample, kpi)
    name, unit = kpi_name(k, lang), kpi_unit(k, lang)
    entry = kpi_entry(k)
    if blank(answer):
        return empty_feedback("smart_target", lang, label("training.smart.S.hint", lang, name=name))
    sentence = str(answer)
    reading = _read_target(sentence, k, s.plan.periods.go_live)
    target, after = _target_of(reading, before)
    rows = _engine_rows(s, k, target, reading.deadline, lang)
    shown_target = _shown_target(reading, after, before, unit, lang)
    graded = [_specific(sentence, entry, k, name, lang),
              _measurable(reading, shown_target, before, unit, lang),
              *_engine_points(rows, target is not None, reading.deadline, entry, s.plan, lang)]
    reading_text = label("training.smart.reading", lang, name=name, target=shown_target,
                         deadline=text.fmt_date(reading.deadline, lang) if reading.deadline
                         else label("training.smart.no_deadline", lang))
    return graded_feedback("smart_target", graded, lang, "smart.pass", "smart.todo",
                           reading=reading_text)


EXERCISES = (
    Exercise("smart_target", "01_goal", _check_smart, _model_smart),
)
