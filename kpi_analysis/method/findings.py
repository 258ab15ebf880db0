"""What the plan-check rules judge and what they return.

A rule (:class:`Rule`) looks at a :class:`Context` -- the plan, its catalogue matches
and, when measurements are given, each KPI's baseline (:class:`BaselineStats`) -- and
returns :class:`Finding` objects: a status, a message key and the values to fill in.
Values that are shown in the message language are marked: :class:`Pct` (a relative
change) and :class:`Term` (a word of the method's vocabulary).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Literal

import numpy as np
import pandas as pd

from ..errors import InputError
from ..inputs.tidy import kpi_series, label_periods, level as data_level
from ..plan import KPI, Plan
from ..words.store import LABELS, label
from .catalogue import CatalogueEntry, is_speed_or_volume, match_catalogue
from .thresholds import AIM_CATEGORIES, KIND_CATEGORY


class Pct(float):
    """A relative change (fraction) shown as a signed percentage."""


class Weeks(int):
    """A number of weeks, shown with its unit: '1 week', '3 weeks' (nl '3 weken')."""


class Days(int):
    """A number of days, shown with its unit: '1 day', '5 days' (nl '5 dagen')."""


class Term(str):
    """A key of a word (:func:`term`) shown in the message language."""


def term(key: str, lang: str) -> str:
    """A word of the method's vocabulary in ``lang``: the store's ``method.<key>``
    (AI levels, categories, indicators, periods), else the report's label ``<key>``."""
    own = f"method.{key}"
    return label(own if own in LABELS else key, lang)


# --- the baseline, from the data or the plan -----------------------------------------

_BUCKETS = {"daily": "D", "weekly": "W-SUN", "monthly": "M", "quarterly": "Q"}


@dataclass(frozen=True)
class BaselineStats:
    """One KPI's baseline in the data: rows, periods with data, level and spread (and
    how many after-period rows the data hold)."""

    rows: int
    periods: int
    level: float
    sd: float
    after_go_live: int
    in_data: bool
    after_rows: int = 0


def baseline_stats(plan: Plan, data: pd.DataFrame) -> dict[str, BaselineStats]:
    """Per KPI id, the baseline figures of a tidy measurements frame."""
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"baseline: expected the tidy measurements DataFrame "
                         f"(ka.load_measurements), got {type(data).__name__}")
    missing = [c for c in ("date", "kpi", "value") if c not in data.columns]
    if missing:
        raise InputError(f"baseline: the measurements need the columns date, kpi, value "
                         f"(optional n, period); missing: {', '.join(missing)}")
    frame = data.copy()
    try:
        frame["date"] = pd.to_datetime(frame["date"])
        frame["value"] = pd.to_numeric(frame["value"])
    except (ValueError, TypeError) as exc:
        raise InputError(f"baseline: dates and values must be readable ({exc})") from None
    if "n" not in frame.columns:
        frame["n"] = np.nan
    if "period" not in frame.columns:
        frame["period"] = label_periods(frame["date"], plan.periods)
    frame["period"] = frame["period"].astype(str)
    for kpi in plan.kpis:  # accept the data label (data.column) as well as the id
        frame.loc[frame["kpi"] == kpi.column, "kpi"] = kpi.id
    base = frame[frame["period"] == "baseline"]
    go_live = pd.Timestamp(plan.periods.go_live)
    stats = {}
    for kpi in plan.kpis:
        rows = base[base["kpi"] == kpi.id].dropna(subset=["value"])
        levels = kpi_series(rows, kpi, _BUCKETS[kpi.frequency])["level"].dropna()
        stats[kpi.id] = BaselineStats(
            rows=len(rows), periods=len(levels),
            level=data_level(rows, kpi) if len(rows) else float("nan"),
            sd=float(levels.std(ddof=1)) if len(levels) >= 2 else float("nan"),
            after_go_live=int((rows["date"] >= go_live).sum()),
            in_data=bool((frame["kpi"] == kpi.id).any()),
            after_rows=int(((frame["kpi"] == kpi.id) & (frame["period"] == "after")).sum()))
    return stats


# --- findings, rules and the context they judge --------------------------------------

@dataclass(frozen=True)
class Finding:
    """What a rule found: a status, the message key and the values to fill in."""

    status: Literal["pass", "warn", "fail"]
    key: str
    params: dict = field(default_factory=dict)


def ok(key: str = "pass", **params) -> Finding:
    return Finding("pass", key, params)


def warn(key: str, **params) -> Finding:
    return Finding("warn", key, params)


def fail(key: str, **params) -> Finding:
    return Finding("fail", key, params)


@dataclass
class Context:
    """The plan plus what the rules derive from it (catalogue matches, baseline, the
    deviations from its signed-off version)."""

    plan: Plan
    stats: dict[str, BaselineStats] | None
    lang: str = "en"
    #: the plan against its lock (:func:`kpi_analysis.analysis.lock.sign_off`); None when unknown
    sign_off: dict | None = None
    entries: dict[str, CatalogueEntry | None] = field(init=False)
    guarded_by: dict[str, list[KPI]] = field(init=False)

    def __post_init__(self):
        self.entries = {k.id: match_catalogue(k) for k in self.plan.kpis}
        self.guarded_by = {}
        for k in self.plan.kpis:
            if k.guard:
                self.guarded_by.setdefault(k.guard, []).append(k)

    def category(self, kpi: KPI) -> str | None:
        entry = self.entries[kpi.id]
        return kpi.category or (entry.category if entry else KIND_CATEGORY.get(kpi.kind))

    def serves_goal(self, kpi: KPI) -> bool:
        return self.category(kpi) in AIM_CATEGORIES[self.plan.goal.business_aim]

    def flag(self, kpi: KPI, name: Literal["vanity", "output"]) -> CatalogueEntry | None:
        """The matched entry when it flags the KPI as a vanity/output count."""
        entry = self.entries[kpi.id]
        counts = kpi.kind not in ("duration", "proportion", "score", "amount")
        return entry if entry is not None and counts and getattr(entry, name) else None

    def speed_or_volume(self, kpi: KPI) -> bool:
        return is_speed_or_volume(self.category(kpi), kpi.kind, kpi.direction)

    def core(self, kpis: list[KPI]) -> list[KPI]:
        """KPIs that are not only another KPI's guard (all of them if none is left)."""
        core = [k for k in kpis if k.id not in self.guarded_by]
        return core or list(kpis)

    def level(self, kpi: KPI) -> float | None:
        """The baseline level: from the data when given, else the plan's ``baseline``."""
        if self.stats is not None:
            value = self.stats[kpi.id].level
            return None if np.isnan(value) else value
        return kpi.baseline

    def target_level(self, kpi: KPI) -> float | None:
        """The plan's rule (:meth:`kpi_analysis.plan.Target.level`) at the baseline
        level; None when it is unknown."""
        level = kpi.target_level(self.level(kpi))
        return level if math.isfinite(level) else None

    def target_change(self, kpi: KPI) -> float | None:
        """The target as a relative change against the baseline (None if unknown)."""
        target, base = kpi.target, self.level(kpi)
        if target is None:
            return None
        if target.change is not None:
            return target.change
        return None if not base else (target.value - base) / abs(base)

    def is_floor(self, kpi: KPI) -> bool:
        """A guard whose absolute target is a limit to hold (at or worse than the
        baseline, e.g. 'satisfaction stays at least 80%'), not a gain to reach."""
        change = self.target_change(kpi)
        if kpi.id not in self.guarded_by or kpi.target is None or kpi.target.value is None:
            return False
        higher = kpi.direction == "higher_is_better"
        return change is not None and (change <= 0 if higher else change >= 0)

    def guarded_names(self, kpi: KPI) -> list[str]:
        return [k.name for k in self.guarded_by.get(kpi.id, [])]

    @property
    def source(self) -> Term:
        return Term("source.data" if self.stats is not None else "source.plan")


@dataclass(frozen=True)
class Rule:
    """One check: its public item name, scope and judging function.

    ``check(ctx)`` (scope ``plan``) or ``check(ctx, kpi)`` (scope ``kpi``) returns
    findings; the message of finding key ``k`` is the store's text
    ``method.<item>.<k>`` with ``{placeholders}``.
    """

    item: str
    scope: Literal["plan", "kpi"]
    check: Callable

