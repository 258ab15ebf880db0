"""The method engine: plan checks and the KPI catalogue.

:func:`check_plan` holds a plan against the five-step method before any data is
trusted: the checklist, SMART and IPA per KPI, the number of KPIs, vanity and output
metrics, Goodhart guards, the balance of leading and lagging indicators and of the
four AI levels, and the timing of baseline, stabilisation and evaluation. It returns
one row per finding::

    >>> import kpi_analysis as ka
    >>> from kpi_analysis.run.report import ROOT
    >>> checks = ka.check_plan(ka.load_plan(ROOT / "templates" / "plan.yaml"))
    >>> checks.columns.tolist()
    ['item', 'status', 'message', 'kpi']
    >>> bool((checks["status"] == "fail").any())
    False

Every rule lives in one table, :data:`RULES`: its item name (a stable public
contract, documented in ``docs/checks.md``), its scope (the plan, or each KPI), the
function that judges it and its messages in English and Dutch. A rule returns
findings -- status, message key and the values to fill in -- and never builds text
itself, so both languages always say the same thing.

:func:`catalogue` returns the KPI catalogue (``templates/kpi_catalogue.yaml``): every
KPI the method mentions with names in both languages, kind, direction, level,
indicator, category, a reference target, vanity/output flags and a suggested guard.
The checks match each plan KPI to a catalogue entry (:func:`match_catalogue`: by id,
else by the entry's English and Dutch keywords), so vanity detection, guard
suggestions and reference ranges come from one place.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Callable, Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .. import kit
from ..words import text

from .. import vocab
from ..inputs.tidy import kpi_series, label_periods, level as data_level
from ..errors import InputError, KpiError
from ..plan import (FREQUENCY_DAYS, KPI, Category, Direction, Indicator, Kind, Level, Plan,
                   load_plan)

CATALOGUE_PATH = kit.CATALOGUE
STATUSES = ("pass", "warn", "fail")
COLUMNS = ["item", "status", "message", "kpi"]

# --- thresholds of the method (METHOD.md) ---------------------------------------------
MAX_CORE_PER_PROCESS = 2            # 1-2 KPIs per automated process
CORE_PER_GOAL = (3, 5)              # 3-5 core KPIs per team or strategic goal
MAX_PER_AI_USE_CASE = (5, 7)        # at most 5-7 KPIs per AI use case
MAX_PER_AI_LEVEL = 2                # ideally 1-2 from each of the four levels
STABILISATION_WEEKS = 4             # no judgement in the first weeks after go-live
FIRST_EVALUATION_WEEKS = 6          # first evaluation after 4-6 weeks
TOO_LATE_DAYS = 182                 # starting to measure after six months is too late
#: baseline periods of the KPI's frequency needed for a representative picture
MIN_BASELINE_PERIODS = {"daily": 28, "weekly": 6, "monthly": 3, "quarterly": 2}
CEILING = (0.01, 0.05)              # room left to improve: fail at or below, warn at or below
NOISE_RATIO = 1.0                   # target change smaller than this x baseline sd: noise
GENERIC_MAX_CHANGE = {"higher_is_better": 1.0, "lower_is_better": -0.9}

#: which KPI categories serve each business aim of the goal
AIM_CATEGORIES: dict[str, set[str]] = {
    "cut_costs": {"money", "time", "capacity", "quality"},
    "free_up_time": {"time", "capacity", "employee"},
    "customer_experience": {"customer", "quality", "time"},
    "revenue": {"money", "customer", "capacity"},
    "quality": {"quality", "customer", "compliance"},
    "compliance": {"compliance", "quality", "time"},
}
#: categories of KPIs that can guard a speed or volume KPI
GUARD_CATEGORIES = {"quality", "customer", "compliance", "employee"}
#: category assumed from the kind when neither the plan nor the catalogue gives one
KIND_CATEGORY = {"duration": "time", "amount": "money"}
AI_LEVELS = ("technical", "process", "business", "adoption")

_PLACEHOLDERS = {"", "-", "?", "??", "...", "tbd", "todo", "n/a", "na", "nvt", "n.v.t.", "xxx",
                 "later", "none", "geen", "onbekend", "unknown"}
_VAGUE_UNITS = {"number", "count", "amount", "units", "unit", "value", "#", "aantal", "stuks",
                "getal", "waarde", "hoeveelheid"}
_COLLECTIVE_OWNERS = {"everyone", "everybody", "all", "team", "the team", "we", "us", "all staff",
                      "iedereen", "allen", "wij", "het team", "alle medewerkers"}
#: goal words that name a business result (en, nl); ``*`` matches any letters
_RESULT_WORDS = (
    "reduce*", "cut*", "lower*", "halve*", "double*", "increase*", "raise*", "improve*",
    "faster", "quicker", "shorten*", "save*", "saving*", "fewer", "less", "more", "grow*",
    "boost*", "speed up", "decrease*", "eliminat*", "prevent*", "avoid*", "free up", "better",
    "verlag*", "verminder*", "verkort*", "halver*", "verdubbel*", "verhog*", "verbeter*",
    "sneller", "minder", "meer", "bespar*", "groei*", "vrijmaken", "vrij maken", "voorkom*",
    "terugdring*", "beter*", "hoger*", "lager*")
#: goal words that say how much
_QUANTITY_WORDS = ("halve*", "half", "double*", "third", "percent", "helft", "halver*",
                   "verdubbel*", "derde", "procent")
#: KPI names that state a wish instead of a measure ("more leads")
_WISH_WORDS = ("more", "fewer", "less", "better", "higher", "lower", "faster", "increase",
               "reduce", "improve", "meer", "minder", "beter", "hoger", "lager", "sneller",
               "verhogen", "verlagen", "verbeteren")


# --- small helpers -------------------------------------------------------------------

def _norm(value: str) -> str:
    """Lower case, accents and apostrophes removed, every other sign a single space."""
    plain = unicodedata.normalize("NFKD", str(value))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = plain.replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9*%]+", " ", plain).split())


def _word_pattern(words) -> re.Pattern:
    """One regex matching any of ``words`` as whole words; ``*`` matches any letters."""
    parts = [r"\w*".join(re.escape(p) for p in _norm(w).split("*")) for w in words]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


_RESULT_RE = _word_pattern(_RESULT_WORDS)
_QUANTITY_RE = re.compile(_word_pattern(_QUANTITY_WORDS).pattern + r"|\d|%")
_WISH_RE = re.compile(r"^(?:" + _word_pattern(_WISH_WORDS).pattern + r")")


def _blank(value) -> bool:
    """True for a missing text or a placeholder such as 'TODO' or 'tbd'."""
    if value is None:
        return True
    plain = str(value).strip().lower()
    return plain in _PLACEHOLDERS or plain.startswith(("todo", "tbd", "xxx", "fill in",
                                                       "invullen"))


class _Pct(float):
    """A relative change (fraction) shown as a signed percentage."""


class _Term(str):
    """A word from :data:`TERMS` (or ``text.LABELS``) shown in the message language."""


TERMS: dict[str, tuple[str, str]] = {  # key: (en, nl)
    **{f"level.{k}": v for k, v in {
        "technical": ("technical", "technisch"), "process": ("process", "proces"),
        "business": ("business", "bedrijf"), "adoption": ("user adoption", "gebruik")}.items()},
    "indicator.leading": ("leading", "voorspellend (leading)"),
    "indicator.lagging": ("lagging", "resultaat (lagging)"),
    **{f"category.{k}": v for k, v in {
        "time": ("time", "tijd"), "money": ("money", "geld"), "quality": ("quality", "kwaliteit"),
        "capacity": ("capacity", "capaciteit"), "customer": ("customer", "klantbeleving"),
        "compliance": ("compliance", "naleving"), "employee": ("employee", "medewerkers"),
        "technical": ("technical", "techniek"), "adoption": ("adoption", "gebruik"),
        "reach": ("reach", "bereik"), "activity": ("activity", "activiteit")}.items()},
    **{f"periods.{k}": v for k, v in {
        "daily": ("days", "dagen"), "weekly": ("weeks", "weken"),
        "monthly": ("months", "maanden"), "quarterly": ("quarters", "kwartalen")}.items()},
    "source.data": ("from the baseline data", "volgens de metingen van de nulmeting"),
    "source.plan": ("judged from the plan alone", "alleen op het plan beoordeeld"),
    "group.goal": ("the goal", "het doel"),
}


def _digits(x: float) -> int:
    """Decimals worth showing: none from 100 up, else as few as keep two decimals' worth."""
    x = abs(float(x))
    if x >= 100:
        return 0
    return next(d for d in (0, 1, 2) if round(x, d) == round(x, 2) or (d == 1 and x >= 10))


def _show(value, lang: str) -> str:
    """One message value in the message language."""
    if isinstance(value, _Pct):
        return text.fmt_pct(float(value) * 100, lang, 0 if abs(value) >= 0.1 else 1)
    if isinstance(value, _Term):
        pair = TERMS.get(value)
        return pair[text.LANGUAGES.index(lang)] if pair else text.label(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, np.floating, np.integer)):
        return text.fmt_number(float(value), lang, _digits(value))
    if isinstance(value, date):
        return text.fmt_date(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(v, lang) for v in value)
    return str(value)


# --- the catalogue -------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reference(_Strict):
    """A typical target: text, relative ``change`` range, ``value`` range (unit shown)."""

    en: str
    nl: str
    change: tuple[float | None, float | None] | None = None
    value: tuple[float | None, float | None] | None = None


class CatalogueEntry(_Strict):
    """One KPI of the catalogue (fields: see the header of ``kpi_catalogue.yaml``)."""

    id: str
    name_en: str
    name_nl: str
    unit_en: str
    unit_nl: str
    kind: Kind
    direction: Direction
    level: Level
    indicator: Indicator
    category: Category
    reference: Reference | None = None
    vanity: bool = False
    output: bool = False
    guard: str
    use_cases: list[str] = []
    sectors: list[str] = []
    keywords: dict[Literal[vocab.LANGUAGES], list[str]]

    def name(self, lang: str) -> str:
        return self.name_nl if lang == "nl" else self.name_en

    def unit(self, lang: str) -> str:
        return self.unit_nl if lang == "nl" else self.unit_en

    @property
    def flagged(self) -> bool:
        """A vanity or output metric: a count rather than a result."""
        return self.vanity or self.output


class _Group(_Strict):
    name_en: str
    name_nl: str
    aliases: list[str] = []
    ai: bool = False


class Catalogue(_Strict):
    """The validated catalogue file: use cases, sectors and KPI entries."""

    use_cases: dict[str, _Group]
    sectors: dict[str, _Group]
    kpis: list[CatalogueEntry]

    def entry(self, kpi_id: str) -> CatalogueEntry:
        """The entry with ``kpi_id``; InputError listing the valid ids otherwise."""
        for entry in self.kpis:
            if entry.id == kpi_id:
                return entry
        raise InputError(f"kpi_ids: '{kpi_id}' is not in the KPI catalogue; valid: "
                         f"{', '.join(e.id for e in self.kpis)}")


def _catalogue_problems(cat: Catalogue) -> list[str]:
    ids = [e.id for e in cat.kpis]
    problems = [f"id '{i}' is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for e in cat.kpis:
        if e.guard not in ids or e.guard == e.id:
            problems.append(f"{e.id}: guard '{e.guard}' is not another catalogue id")
        for uc in set(e.use_cases) - set(cat.use_cases):
            problems.append(f"{e.id}: use case '{uc}' is not listed under use_cases")
        for sector in set(e.sectors) - set(cat.sectors):
            problems.append(f"{e.id}: sector '{sector}' is not listed under sectors")
        if not (e.keywords.get("en") and e.keywords.get("nl")):
            problems.append(f"{e.id}: give keywords in en and nl")
    return problems


@cache
def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and validate the KPI catalogue (default ``templates/kpi_catalogue.yaml``).

    Parameters
    ----------
    path : str or Path, optional
        Another catalogue file with the same structure.

    Returns
    -------
    Catalogue
        ``.kpis`` (list of :class:`CatalogueEntry`), ``.use_cases``, ``.sectors``.

    Raises
    ------
    KpiError
        When the file is missing or invalid; every problem is listed.
    """
    path = Path(path) if path is not None else CATALOGUE_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        cat = Catalogue.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise KpiError(f"{path}: cannot read the KPI catalogue ({exc})") from None
    except ValidationError as exc:
        lines = [".".join(map(str, e["loc"])) + ": " + e["msg"] for e in exc.errors()]
        raise KpiError(f"{path}: invalid KPI catalogue:\n" + "\n".join(lines)) from None
    problems = _catalogue_problems(cat)
    if problems:
        raise KpiError(f"{path}: invalid KPI catalogue:\n" + "\n".join(problems))
    return cat


def _resolve(value: str | None, groups: dict[str, _Group], argument: str) -> str | None:
    """The canonical name of a use case or sector given by name or alias."""
    if value is None:
        return None
    key = _norm(value).replace(" ", "_")
    for name, group in groups.items():
        if key == name or key in group.aliases:
            return name
    valid = [f"{n} ({', '.join(g.aliases)})" if g.aliases else n for n, g in groups.items()]
    raise InputError(f"{argument}: '{value}' is not known; valid: {'; '.join(valid)}")


def resolve_use_case(use_case: str | None) -> str | None:
    """The catalogue's use case for a name or alias (``chatbot`` -> ``customer_service``).

    Raises
    ------
    InputError
        For an unknown name, listing the valid use cases with their aliases.
    """
    return _resolve(use_case, load_catalogue().use_cases, "use_case")


def resolve_sector(sector: str | None) -> str | None:
    """The catalogue's sector for a name or alias (``zorg`` -> ``care``)."""
    return _resolve(sector, load_catalogue().sectors, "sector")


def catalogue(use_case: str | None = None, sector: str | None = None,
              lang: str = "en") -> pd.DataFrame:
    """The KPI catalogue as a table, optionally for one use case and/or sector.

    Parameters
    ----------
    use_case : str, optional
        ``automation``, ``documents``, ``hr``, ``customer_service`` or ``general``, or an
        alias such as ``chatbot``, ``quotes``, ``cv_screening``, ``invoicing``.
    sector : str, optional
        ``marketing``, ``services``, ``retail``, ``saas``, ``hospitality``, ``care``,
        ``industry``, ``education``, ``public_sector`` (or a Dutch alias: ``zorg``).
        With both, the KPIs of the use case plus those of the sector are returned.
    lang : {'en', 'nl'}
        Language of names, units and reference texts.

    Returns
    -------
    DataFrame
        One row per KPI: ``id, name, unit, kind, direction, level, indicator, category,
        reference`` (text), ``ref_change_low, ref_change_high`` (relative change as a
        fraction), ``ref_value_low, ref_value_high`` (levels in the unit shown; NaN where
        the method gives no number), ``vanity, output, guard, use_cases, sectors``.

    Raises
    ------
    InputError
        For an unknown use case, sector or language, listing the valid values.

    Examples
    --------
    >>> catalogue(use_case="chatbot")["id"].head(3).tolist()
    ['response_within_target', 'uptime', 'token_use']
    """
    if lang not in text.LANGUAGES:
        raise InputError(f"lang: '{lang}' is not a language; valid: {', '.join(text.LANGUAGES)}")
    cat = load_catalogue()
    chosen_use_case = resolve_use_case(use_case)
    chosen_sector = resolve_sector(sector)
    rows = []
    for e in cat.kpis:
        wanted = ((chosen_use_case is None and chosen_sector is None)
                  or chosen_use_case in e.use_cases or chosen_sector in e.sectors)
        if not wanted:
            continue
        ref = e.reference
        change = ref.change if ref and ref.change else (None, None)
        value = ref.value if ref and ref.value else (None, None)
        rows.append({
            "id": e.id, "name": e.name(lang), "unit": e.unit(lang), "kind": e.kind,
            "direction": e.direction, "level": e.level, "indicator": e.indicator,
            "category": e.category, "reference": (ref.nl if lang == "nl" else ref.en) if ref else "",
            "ref_change_low": change[0], "ref_change_high": change[1],
            "ref_value_low": value[0], "ref_value_high": value[1],
            "vanity": e.vanity, "output": e.output, "guard": e.guard,
            "use_cases": list(e.use_cases), "sectors": list(e.sectors)})
    frame = pd.DataFrame(rows, columns=[
        "id", "name", "unit", "kind", "direction", "level", "indicator", "category",
        "reference", "ref_change_low", "ref_change_high", "ref_value_low", "ref_value_high",
        "vanity", "output", "guard", "use_cases", "sectors"])
    for col in ("ref_change_low", "ref_change_high", "ref_value_low", "ref_value_high"):
        frame[col] = frame[col].astype(float)
    return frame


@cache
def _keyword_index() -> tuple[tuple[re.Pattern, int, CatalogueEntry], ...]:
    index = []
    for entry in load_catalogue().kpis:
        for word in entry.keywords.get("en", []) + entry.keywords.get("nl", []):
            index.append((_word_pattern([word]), len(_norm(word).replace("*", "")), entry))
    return tuple(index)


def match_catalogue(kpi: KPI) -> CatalogueEntry | None:
    """The catalogue entry a plan KPI corresponds to, or None.

    An equal id wins. Otherwise the entry's keywords (English and Dutch) are looked
    for in the KPI's id and name, then in its unit; an entry that is not a vanity or
    output metric wins over one that is (a "visitor conversion rate" is a conversion
    rate, not a visitor count), then the longest keyword.
    """
    for entry in load_catalogue().kpis:
        if entry.id == kpi.id:
            return entry
    for texts in ((kpi.id.replace("_", " "), kpi.name), (kpi.unit,)):
        hits = [(not entry.flagged, length, -i, entry)
                for i, (pattern, length, entry) in enumerate(_keyword_index())
                if any(pattern.search(_norm(t)) for t in texts)]
        if hits:
            return max(hits, key=lambda h: h[:3])[3]
    return None


def is_speed_or_volume(category: str | None, kind: str, direction: str) -> bool:
    """A KPI of speed or volume, which needs a quality guard (Goodhart's law): a time or
    capacity KPI, any duration, or a count where more is better."""
    return (category in ("time", "capacity") or kind == "duration"
            or (kind == "count" and direction == "higher_is_better"))


# --- the baseline, from the data or the plan -----------------------------------------

_BUCKETS = {"daily": "D", "weekly": "W-SUN", "monthly": "M", "quarterly": "Q"}


@dataclass(frozen=True)
class BaselineStats:
    """One KPI's baseline in the data: rows, periods with data, level and spread."""

    rows: int
    periods: int
    level: float
    sd: float
    after_go_live: int
    in_data: bool


def _baseline_stats(plan: Plan, data: pd.DataFrame) -> dict[str, BaselineStats]:
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
            in_data=bool((frame["kpi"] == kpi.id).any()))
    return stats


# --- findings, rules and the context they judge --------------------------------------

@dataclass(frozen=True)
class Finding:
    """What a rule found: a status, the message key and the values to fill in."""

    status: Literal["pass", "warn", "fail"]
    key: str
    params: dict = field(default_factory=dict)


def _ok(key: str = "pass", **params) -> Finding:
    return Finding("pass", key, params)


def _warn(key: str, **params) -> Finding:
    return Finding("warn", key, params)


def _fail(key: str, **params) -> Finding:
    return Finding("fail", key, params)


@dataclass
class _Context:
    """The plan plus what the rules derive from it (catalogue matches, baseline)."""

    plan: Plan
    stats: dict[str, BaselineStats] | None
    lang: str = "en"
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
    def source(self) -> _Term:
        return _Term("source.data" if self.stats is not None else "source.plan")


@dataclass(frozen=True)
class Rule:
    """One check: its public item name, scope, judging function and messages.

    ``check(ctx)`` (scope ``plan``) or ``check(ctx, kpi)`` (scope ``kpi``) returns
    findings; ``messages`` maps each finding key to its ``en`` and ``nl`` text with
    ``{placeholders}``.
    """

    item: str
    scope: Literal["plan", "kpi"]
    check: Callable
    messages: dict[str, dict[str, str]]


def _t(en: str, nl: str) -> dict[str, str]:
    return {"en": en, "nl": nl}


# --- the rules: checklist -------------------------------------------------------------

def _goal(ctx: _Context) -> list[Finding]:
    goal = ctx.plan.goal
    plain = _norm(goal.statement)
    params = {"goal": goal.statement, "aim": _Term(f"aim.{goal.business_aim}")}
    if _blank(goal.statement):
        return [_fail("placeholder", **params)]
    if not (_RESULT_RE.search(plain) or _QUANTITY_RE.search(plain)):
        return [_fail("no_result", **params)]
    if not _QUANTITY_RE.search(plain):
        return [_warn("vague", **params)]
    return [_ok(**params)]


def _kpis_tied(ctx: _Context) -> list[Finding]:
    tied = [k.name for k in ctx.plan.kpis if ctx.serves_goal(k)
            and not (ctx.flag(k, "vanity") or ctx.flag(k, "output"))]
    aim = _Term(f"aim.{ctx.plan.goal.business_aim}")
    return [_ok(names=tied, aim=aim)] if tied else [_fail("none_tied", aim=aim)]


def _baseline_recorded(ctx: _Context, kpi: KPI) -> list[Finding]:
    span = ctx.plan.periods.baseline
    if ctx.stats is not None:
        stats = ctx.stats[kpi.id]
        if not stats.rows:
            return [_fail("no_data", start=span.start, end=span.end)]
        return [_ok("data", rows=stats.rows, level=stats.level, unit=kpi.unit)]
    if kpi.baseline is None:
        return [_warn("not_recorded", start=span.start, end=span.end)]
    return [_ok("plan", level=kpi.baseline, unit=kpi.unit)]


def _method_frequency(ctx: _Context, kpi: KPI) -> list[Finding]:
    found = []
    if _blank(kpi.method):
        found.append(_fail("no_method"))
    if "frequency" not in kpi.model_fields_set:
        found.append(_warn("default_frequency"))
    return found or [_ok(frequency=_Term(f"frequency.{kpi.frequency}"), method=kpi.method)]


def _visualisation(ctx: _Context) -> list[Finding]:
    shown = ctx.plan.reporting.visualisation
    return [_fail("missing")] if _blank(shown) else [_ok(plan=shown)]


def _sharing(ctx: _Context) -> list[Finding]:
    reporting = ctx.plan.reporting
    no_audience, no_decisions = not reporting.audience, _blank(reporting.decisions)
    if no_audience and no_decisions:
        return [_fail("nothing")]
    if no_audience:
        return [_warn("no_audience")]
    if no_decisions:
        return [_warn("no_decisions", audience=reporting.audience)]
    return [_ok(audience=reporting.audience, decisions=reporting.decisions)]


# --- the rules: SMART ---------------------------------------------------------------

def _specific(ctx: _Context, kpi: KPI) -> list[Finding]:
    if _blank(kpi.name) or _blank(kpi.unit):
        return [_fail("placeholder", unit=kpi.unit)]
    found = []
    if _WISH_RE.search(_norm(kpi.name)):
        found.append(_warn("wish"))
    if _norm(kpi.unit) in _VAGUE_UNITS or kpi.unit.strip() == "#":
        found.append(_warn("vague_unit", unit=kpi.unit))
    if _blank(kpi.definition):
        found.append(_warn("no_definition"))
    return found or [_ok(unit=kpi.unit)]


def _describe_target(kpi: KPI):
    return _Pct(kpi.target.change) if kpi.target.change is not None else kpi.target.value


def _measurable(ctx: _Context, kpi: KPI) -> list[Finding]:
    if kpi.target is None:
        return [_fail("no_target")]
    if ctx.stats is not None and not ctx.stats[kpi.id].in_data:
        return [_fail("not_in_data", column=kpi.column)]
    key = "pass" if ctx.stats is not None else "plan"
    return [_ok(key, target=_describe_target(kpi), column=kpi.column)]


def _acceptable(ctx: _Context, kpi: KPI) -> list[Finding]:
    if kpi.target is None:
        return [_warn("no_target")]
    change = ctx.target_change(kpi)
    if change is None:
        return [_warn("no_level", source=ctx.source)]
    if ctx.is_floor(kpi):
        return [_ok("floor", target=kpi.target.value, guarded=ctx.guarded_names(kpi))]
    higher = kpi.direction == "higher_is_better"
    params = {"change": _Pct(change), "direction": _Term(f"direction.{kpi.direction}")}
    if change == 0:
        return [_warn("no_change", **params)]
    if (change > 0) != higher:
        return [_fail("wrong_direction", **params)]
    found = []
    goal_level = ctx.target_level(kpi)
    upper = kpi.best if kpi.best is not None else (100.0 if kpi.kind == "proportion" else None)
    lower = 0.0 if kpi.kind in ("proportion", "duration", "count", "rate") else None
    if change < -1 or (goal_level is not None and (
            (upper is not None and goal_level > upper) or (lower is not None and goal_level < lower))):
        found.append(_fail("impossible", target=goal_level if goal_level is not None
                           else _Pct(change), low=lower if lower is not None else "-",
                           high=upper if upper is not None else "-"))
    elif change == -1:
        found.append(_warn("to_zero", **params))
    entry = ctx.entries[kpi.id]
    ref = entry.reference if entry else None
    if ref and ref.change:
        top = max(abs(x) for x in ref.change if x is not None)
        ref_params = {**params, "entry": entry.name(ctx.lang), "reference": ref}
        if abs(change) > 2 * top:
            found.append(_fail("far_beyond", **ref_params))
        elif abs(change) > top + 1e-9:
            found.append(_warn("beyond", **ref_params))
    elif not found and (change > GENERIC_MAX_CHANGE["higher_is_better"]
                        or change < GENERIC_MAX_CHANGE["lower_is_better"]):
        found.append(_warn("large", **params))
    if ref and ref.value and goal_level is not None:
        low, high = ref.value
        if (higher and high is not None and goal_level > high) or (
                not higher and low is not None and goal_level < low):
            found.append(_warn("beyond_level", target=goal_level, entry=entry.name(ctx.lang),
                               reference=ref))
    if found:
        return found
    if ref and (ref.change or ref.value):
        return [_ok("within_reference", **params, entry=entry.name(ctx.lang), reference=ref)]
    return [_ok(**params)]


def _realistic(ctx: _Context, kpi: KPI) -> list[Finding]:
    if ctx.stats is None:
        return [_warn("plan_only")]
    stats = ctx.stats[kpi.id]
    periods = _Term(f"periods.{kpi.frequency}")
    if kpi.target is None:
        return [_warn("no_target")]
    if ctx.is_floor(kpi):
        return [_ok("floor", guarded=ctx.guarded_names(kpi))]
    if stats.periods < 2:
        return [_warn("too_few_periods", n=stats.periods, periods=periods)]
    goal_level = ctx.target_level(kpi)
    if goal_level is None:
        return [_warn("no_target")]
    delta = goal_level - stats.level
    params = {"delta": abs(delta), "sd": stats.sd, "unit": kpi.unit, "periods": periods,
              "n": stats.periods}
    if stats.sd == 0:
        return [_warn("no_variation", **params)]
    ratio = abs(delta) / stats.sd
    if ratio < NOISE_RATIO:
        return [_warn("within_noise", **params)]
    return [_ok(**params, ratio=ratio)]


def _time_bound(ctx: _Context, kpi: KPI) -> list[Finding]:
    goal_deadline = ctx.plan.goal.deadline
    own = kpi.target.deadline if kpi.target is not None else None
    deadline = own or goal_deadline
    if deadline is None:
        return [_fail("no_deadline")]
    go_live = ctx.plan.periods.go_live
    first = go_live + timedelta(weeks=STABILISATION_WEEKS)
    if deadline <= go_live:
        return [_fail("before_go_live", deadline=deadline, go_live=go_live)]
    found = []
    if deadline < first:
        found.append(_warn("too_soon", deadline=deadline, first=first))
    if own and goal_deadline and own > goal_deadline:
        found.append(_warn("after_goal", deadline=own, goal_deadline=goal_deadline))
    if found:
        return found
    return [_ok("pass" if own else "goal_deadline", deadline=deadline)]


# --- the rules: IPA -----------------------------------------------------------------

def _important(ctx: _Context, kpi: KPI) -> list[Finding]:
    category = ctx.category(kpi)
    aim = _Term(f"aim.{ctx.plan.goal.business_aim}")
    if category is None:
        return [_warn("unknown_category", aim=aim)]
    params = {"category": _Term(f"category.{category}"), "aim": aim}
    if ctx.serves_goal(kpi):
        return [_ok(**params)]
    if kpi.id in ctx.guarded_by:
        return [_ok("guard", **params, guarded=ctx.guarded_names(kpi))]
    if ctx.plan.ai and kpi.level in ("technical", "adoption"):
        return [_ok("ai_level", **params, level=_Term(f"level.{kpi.level}"))]
    return [_warn("not_tied", **params)]


def _room(kpi: KPI, level: float) -> float | None:
    """The share of the scale still open for improvement (None: no ceiling known)."""
    higher = kpi.direction == "higher_is_better"
    best = kpi.best
    if best is None:
        if kpi.kind == "proportion":
            best = 100.0 if higher else 0.0
        elif not higher:
            best = 0.0
        else:
            return None
    gap = (best - level) if higher else (level - best)
    if gap <= 0:
        return 0.0
    if kpi.kind == "proportion" and kpi.best is None:
        return gap / 100.0
    scale = abs(best) if best != 0 else abs(level)
    return gap / scale


def _potential(ctx: _Context, kpi: KPI) -> list[Finding]:
    base = ctx.level(kpi)
    if base is None:
        return [_warn("no_level", source=ctx.source)]
    room = _room(kpi, base)
    params = {"level": base, "unit": kpi.unit, "source": ctx.source}
    found = []
    if room is not None and room <= CEILING[0]:
        found.append(_fail("at_ceiling", **params, room=_Pct(room)))
    elif room is not None and room <= CEILING[1]:
        found.append(_warn("near_ceiling", **params, room=_Pct(room)))
    if kpi.target is not None and kpi.target.value is not None and not ctx.is_floor(kpi):
        higher = kpi.direction == "higher_is_better"
        if (base >= kpi.target.value) if higher else (base <= kpi.target.value):
            found.append(_warn("target_met", **params, target=kpi.target.value))
    if found:
        return found
    return [_ok(**params) if room is not None else _ok("unbounded", **params)]


def _authority(ctx: _Context, kpi: KPI) -> list[Finding]:
    if _blank(kpi.owner):
        return [_fail("no_owner")]
    if kpi.owner.strip().lower() in _COLLECTIVE_OWNERS:
        return [_warn("collective", owner=kpi.owner)]
    return [_ok(owner=kpi.owner)]


# --- the rules: counts ----------------------------------------------------------------

def _per_process(ctx: _Context) -> list[Finding]:
    found = []
    for process in ctx.plan.processes:
        core = ctx.core(process.kpis)
        params = {"process": process.name, "n": len(core),
                  "guards": len(process.kpis) - len(core), "max": MAX_CORE_PER_PROCESS}
        found.append(_warn("too_many", **params, names=[k.name for k in core])
                     if len(core) > MAX_CORE_PER_PROCESS else _ok(**params))
    return found


def _per_goal(ctx: _Context) -> list[Finding]:
    groups: dict[str, list[KPI]] = {}
    for kpi in ctx.plan.kpis:
        groups.setdefault(kpi.team or "", []).append(kpi)
    found = []
    for team, kpis in groups.items():
        core = ctx.core(kpis)
        params = {"group": team or _Term("group.goal"), "n": len(core),
                  "low": CORE_PER_GOAL[0], "high": CORE_PER_GOAL[1]}
        found.append(_warn("too_many", **params) if len(core) > CORE_PER_GOAL[1]
                     else _ok(**params))
    return found


def _per_ai_use_case(ctx: _Context) -> list[Finding]:
    if not ctx.plan.ai:
        return [_ok("not_ai")]
    n = len(ctx.plan.kpis)
    low, high = MAX_PER_AI_USE_CASE
    return [_warn("too_many", n=n, low=low, high=high) if n > high
            else _ok(n=n, low=low, high=high)]


# --- the rules: pitfalls ------------------------------------------------------------

def _flagged(flag: str):
    """The rule for a catalogue flag (``vanity``, ``output``): warn and name what to
    track instead."""
    def rule(ctx: _Context, kpi: KPI) -> list[Finding]:
        entry = ctx.flag(kpi, flag)
        if entry is None:
            return [_ok()]
        instead = load_catalogue().entry(entry.guard)
        return [_warn(flag, entry=entry.name(ctx.lang), instead=instead.name(ctx.lang))]
    return rule


def _goodhart(ctx: _Context, kpi: KPI) -> list[Finding]:
    if not ctx.speed_or_volume(kpi):
        return [_ok("not_needed")]
    if kpi.guard is None:
        entry = ctx.entries[kpi.id]
        if entry is not None:
            suggestion = load_catalogue().entry(entry.guard)
            return [_warn("no_guard_suggest", suggestion=suggestion.name(ctx.lang),
                          suggestion_id=suggestion.id)]
        return [_warn("no_guard")]
    guard = ctx.plan.kpi(kpi.guard)
    category = ctx.category(guard)
    if category is None:
        return [_warn("unknown_guard", guard=guard.name)]
    if category not in GUARD_CATEGORIES or ctx.speed_or_volume(guard):
        return [_warn("weak_guard", guard=guard.name, category=_Term(f"category.{category}"))]
    return [_ok(guard=guard.name)]


def _leading_lagging(ctx: _Context) -> list[Finding]:
    kinds = {k.indicator for k in ctx.plan.kpis}
    if len(kinds) == 1:
        only = kinds.pop()
        missing = "leading" if only == "lagging" else "lagging"
        return [_warn("one_sided", only=_Term(f"indicator.{only}"),
                      missing=_Term(f"indicator.{missing}"))]
    n_lead = sum(k.indicator == "leading" for k in ctx.plan.kpis)
    return [_ok(leading=n_lead, lagging=len(ctx.plan.kpis) - n_lead)]


def _ai_levels(ctx: _Context) -> list[Finding]:
    if not ctx.plan.ai:
        return [_ok("not_ai")]
    counts = {level: sum(k.level == level for k in ctx.plan.kpis) for level in AI_LEVELS}
    found = []
    missing = [_Term(f"level.{lv}") for lv, n in counts.items() if n == 0]
    if missing:
        found.append(_warn("missing", missing=missing))
    crowded = [_Term(f"level.{lv}") for lv, n in counts.items() if n > MAX_PER_AI_LEVEL]
    if crowded:
        found.append(_warn("crowded", crowded=crowded, max=MAX_PER_AI_LEVEL))
    return found or [_ok()]


# --- the rules: timing ----------------------------------------------------------------

def _timing_baseline(ctx: _Context, kpi: KPI) -> list[Finding]:
    need = MIN_BASELINE_PERIODS[kpi.frequency]
    if ctx.stats is not None:
        stats = ctx.stats[kpi.id]
        if stats.after_go_live:
            return [_fail("after_go_live", rows=stats.after_go_live,
                          go_live=ctx.plan.periods.go_live)]
        n = stats.periods
    else:
        n = round(ctx.plan.periods.baseline.days / FREQUENCY_DAYS[kpi.frequency])
    params = {"n": n, "need": need, "periods": _Term(f"periods.{kpi.frequency}"),
              "frequency": _Term(f"frequency.{kpi.frequency}"), "source": ctx.source}
    if n < 2:
        return [_fail("too_short", **params)]
    if n < need:
        return [_warn("short", **params)]
    return [_ok(**params)]


def _stabilisation(ctx: _Context) -> list[Finding]:
    periods = ctx.plan.periods
    weeks = periods.stabilisation_weeks
    found = []
    if weeks < 1:
        found.append(_fail("no_window"))
    elif weeks < STABILISATION_WEEKS:
        found.append(_warn("short_window", weeks=weeks, min=STABILISATION_WEEKS))
    if periods.after is not None:
        gap = (periods.after.start - periods.go_live).days
        params = {"start": periods.after.start, "days": gap, "min": STABILISATION_WEEKS}
        if gap < 7:
            found.append(_fail("after_week_one", **params))
        elif gap < 7 * STABILISATION_WEEKS:
            found.append(_warn("after_early", **params))
    return found or [_ok(weeks=weeks, start=periods.after_start)]


def _first_evaluation(ctx: _Context) -> list[Finding]:
    periods = ctx.plan.periods
    gap = (periods.after_start - periods.go_live).days
    params = {"start": periods.after_start, "weeks": gap / 7, "latest": FIRST_EVALUATION_WEEKS}
    if gap > TOO_LATE_DAYS:
        return [_fail("too_late", **params)]
    if gap > 7 * FIRST_EVALUATION_WEEKS:
        return [_warn("late", **params)]
    return [_ok(**params)]


def _review_rhythm(ctx: _Context) -> list[Finding]:
    review = ctx.plan.reporting.review
    if review is None:
        return [_warn("none")]
    if review == "quarterly":
        return [_warn("quarterly")]
    return [_ok(review=_Term(f"frequency.{review}"))]


def _after_period(ctx: _Context) -> list[Finding]:
    periods = ctx.plan.periods
    if periods.after is None:
        return [_ok("open", start=periods.after_start)]
    params = {"after": periods.after.days, "baseline": periods.baseline.days}
    if periods.after.days < 0.5 * periods.baseline.days:
        return [_warn("short", **params)]
    return [_ok(**params)]


def _problem_written(ctx: _Context, kpi: KPI) -> list[Finding]:
    """A ``problem:`` given in the plan names cause, remedy, expected figure and date;
    the plan path of the empty fields is the author's to-do (the report's client views
    only say that nothing is agreed yet)."""
    if kpi.problem is None:
        return [_ok("none")]
    empty = [f for f in ("cause", "remedy", "expected", "by")
             if _blank(getattr(kpi.problem, f))]
    if not empty:
        return [_ok()]
    where = next(f"processes[{p}].kpis[{k}].problem" for p, process in
                 enumerate(ctx.plan.processes) for k, item in enumerate(process.kpis)
                 if item.id == kpi.id)
    return [_warn("incomplete", fields=", ".join(empty), where=where)]


# --- the table of rules ---------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule("checklist.goal", "plan", _goal, {
        "pass": _t("The goal names a business result and how much: '{goal}' ({aim}).",
                   "Het doel noemt een bedrijfsresultaat en hoeveel: '{goal}' ({aim})."),
        "placeholder": _t("The goal is still a placeholder ('{goal}'); state why the process is "
                          "automated and which business result is sought.",
                          "Het doel is nog niet ingevuld ('{goal}'); schrijf op waarom het proces "
                          "wordt geautomatiseerd en welk bedrijfsresultaat u zoekt."),
        "no_result": _t("The goal '{goal}' names no business result: that is automating for the "
                        "sake of automating. Say what should change, e.g. 'halve the lead time "
                        "of invoicing'.",
                        "Het doel '{goal}' noemt geen bedrijfsresultaat: dat is automatiseren om "
                        "het automatiseren. Zeg wat er moet veranderen, bijvoorbeeld 'de "
                        "doorlooptijd van facturatie halveren'."),
        "vague": _t("The goal '{goal}' names a direction but not how much; make it concrete "
                    "(a number, 'halve', 'from 5 to 2 days').",
                    "Het doel '{goal}' geeft een richting maar niet hoeveel; maak het concreet "
                    "(een getal, 'halveren', 'van 5 naar 2 dagen')."),
    }),
    Rule("checklist.kpis", "plan", _kpis_tied, {
        "pass": _t("KPIs tied to the goal ({aim}): {names}.",
                   "KPI's die bij het doel passen ({aim}): {names}."),
        "none_tied": _t("No KPI measures a result that serves the goal ({aim}); choose 1-2 "
                        "outcome KPIs that show whether the goal is reached.",
                        "Geen enkele KPI meet een resultaat dat het doel ({aim}) dient; kies 1-2 "
                        "uitkomst-KPI's die laten zien of het doel gehaald wordt."),
    }),
    Rule("checklist.baseline", "kpi", _baseline_recorded, {
        "data": _t("Baseline recorded in numbers: {rows} values, level {level} {unit}.",
                   "Nulmeting in cijfers vastgelegd: {rows} waarden, niveau {level} {unit}."),
        "plan": _t("Baseline recorded in the plan: {level} {unit} (judged from the plan alone).",
                   "Nulmeting vastgelegd in het plan: {level} {unit} (alleen op het plan "
                   "beoordeeld)."),
        "no_data": _t("No baseline measurements between {start} and {end}: without a baseline "
                      "no gain can be shown.",
                      "Geen metingen in de nulmeting van {start} tot en met {end}: zonder "
                      "nulmeting is geen winst aan te tonen."),
        "not_recorded": _t("Baseline period {start} to {end} is planned but no number is "
                           "recorded yet (judged from the plan alone); add 'baseline:' or check "
                           "again with the measurements.",
                           "De nulmeting van {start} tot en met {end} staat gepland, maar er is "
                           "nog geen getal vastgelegd (alleen op het plan beoordeeld); vul "
                           "'baseline:' in of controleer opnieuw met de metingen."),
    }),
    Rule("checklist.method_frequency", "kpi", _method_frequency, {
        "pass": _t("Measured {frequency}: {method}.", "Wordt {frequency} gemeten: {method}."),
        "no_method": _t("No measurement method: say where the numbers come from and how they "
                        "are collected.",
                        "Geen meetmethode: beschrijf waar de cijfers vandaan komen en hoe ze "
                        "worden verzameld."),
        "default_frequency": _t("No frequency given, so 'weekly' is assumed; state how often it "
                                "is measured.",
                                "Geen frequentie opgegeven, dus gaan we uit van wekelijks; geef "
                                "aan hoe vaak er gemeten wordt."),
    }),
    Rule("checklist.visualisation", "plan", _visualisation, {
        "pass": _t("Visualisation planned: {plan}.", "Visualisatie gepland: {plan}."),
        "missing": _t("No plan to show the results (dashboard, report, before/after chart); add "
                      "reporting.visualisation.",
                      "Er is geen plan om de resultaten te tonen (dashboard, rapport, voor/na-"
                      "grafiek); vul reporting.visualisation in."),
    }),
    Rule("checklist.sharing", "plan", _sharing, {
        "pass": _t("Results go to {audience}; decisions: {decisions}.",
                   "De resultaten gaan naar {audience}; besluiten: {decisions}."),
        "nothing": _t("Nobody is named to receive the results and no decision is planned: data "
                      "is collected but nothing follows, and support fades.",
                      "Niemand krijgt de resultaten en er is geen besluit gepland: er worden "
                      "gegevens verzameld zonder dat er iets mee gebeurt, en het draagvlak "
                      "verdwijnt."),
        "no_audience": _t("No audience for the results; name who hears them (team, management).",
                          "Geen publiek voor de resultaten; noem wie ze te horen krijgt (team, "
                          "management)."),
        "no_decisions": _t("Results go to {audience}, but no decision follows from them; say who "
                           "decides to adjust or anchor, and when.",
                           "De resultaten gaan naar {audience}, maar er volgt geen besluit uit; "
                           "zeg wie besluit om bij te sturen of te borgen, en wanneer."),
    }),
    Rule("smart.specific", "kpi", _specific, {
        "pass": _t("Specific: a named KPI in '{unit}' with a definition.",
                   "Specifiek: een benoemde KPI in '{unit}' met een definitie."),
        "placeholder": _t("Name or unit ('{unit}') is still a placeholder.",
                          "Naam of eenheid ('{unit}') is nog niet ingevuld."),
        "wish": _t("The name reads like a wish ('more ...'); name what is measured, e.g. "
                   "'qualified leads per month'.",
                   "De naam leest als een wens ('meer ...'); noem wat er gemeten wordt, "
                   "bijvoorbeeld 'gekwalificeerde leads per maand'."),
        "vague_unit": _t("The unit '{unit}' does not say what is counted; write e.g. 'errors per "
                         "100 invoices'.",
                         "De eenheid '{unit}' zegt niet wat er geteld wordt; schrijf bijvoorbeeld "
                         "'fouten per 100 facturen'."),
        "no_definition": _t("No definition: say exactly what is counted, over which items and "
                            "from which system.",
                            "Geen definitie: beschrijf precies wat er geteld wordt, over welke "
                            "zaken en uit welk systeem."),
    }),
    Rule("smart.measurable", "kpi", _measurable, {
        "pass": _t("Measurable: target {target}; data found under '{column}'.",
                   "Meetbaar: doel {target}; gegevens gevonden onder '{column}'."),
        "plan": _t("Measurable: target {target}, data expected under '{column}' (judged from "
                   "the plan alone).",
                   "Meetbaar: doel {target}, gegevens verwacht onder '{column}' (alleen op het "
                   "plan beoordeeld)."),
        "no_target": _t("No numeric target: give a 'value' or a 'change' such as -50%.",
                        "Geen doel in cijfers: geef een 'value' of een 'change' zoals -50%."),
        "not_in_data": _t("No measurements labelled '{column}' in the data.",
                          "Geen metingen met het label '{column}' in de gegevens."),
    }),
    Rule("smart.acceptable", "kpi", _acceptable, {
        "pass": _t("Target change {change} points the right way ({direction} is better); the "
                   "method gives no reference range for this KPI.",
                   "De beoogde verandering {change} gaat de goede kant op ({direction} is "
                   "beter); de methode geeft voor deze KPI geen referentiebereik."),
        "within_reference": _t("Target change {change} is within what is typical for "
                               "'{entry}': {reference}.",
                               "De beoogde verandering {change} past bij wat gebruikelijk is "
                               "voor '{entry}': {reference}."),
        "floor": _t("As the guard of {guarded}, its target {target} is a limit to hold, not a "
                    "gain to reach.",
                    "Als bewaker van {guarded} is het doel {target} een grens om vast te houden, "
                    "geen winst om te halen."),
        "no_target": _t("No target to judge (see smart.measurable).",
                        "Geen doel om te beoordelen (zie smart.measurable)."),
        "no_level": _t("The target is an absolute level but the baseline level is unknown "
                       "({source}), so the size of the change cannot be judged.",
                       "Het doel is een absoluut niveau, maar het niveau van de nulmeting is "
                       "onbekend ({source}); de omvang van de verandering is dus niet te "
                       "beoordelen."),
        "no_change": _t("The target equals the baseline: there is nothing to reach.",
                        "Het doel is gelijk aan de nulmeting: er valt niets te bereiken."),
        "wrong_direction": _t("Target change {change} goes the wrong way: {direction} is better "
                              "for this KPI.",
                              "De beoogde verandering {change} gaat de verkeerde kant op: voor "
                              "deze KPI is {direction} beter."),
        "impossible": _t("Target {target} lies outside what the KPI can take ({low} to {high}).",
                         "Het doel {target} ligt buiten wat de KPI kan aannemen ({low} tot "
                         "{high})."),
        "to_zero": _t("Target change {change} means exactly zero; 'almost zero' is realistic, "
                      "zero rarely is.",
                      "De beoogde verandering {change} betekent precies nul; 'bijna nul' is "
                      "realistisch, nul zelden."),
        "far_beyond": _t("Target change {change} is far beyond what is typical for '{entry}' "
                         "({reference}): more than twice the usual gain. Set a target the team "
                         "can support.",
                         "De beoogde verandering {change} ligt ver boven wat gebruikelijk is "
                         "voor '{entry}' ({reference}): meer dan twee keer de gangbare winst. "
                         "Kies een doel waar het team achter kan staan."),
        "beyond": _t("Target change {change} is more ambitious than is typical for '{entry}' "
                     "({reference}).",
                     "De beoogde verandering {change} is ambitieuzer dan gebruikelijk voor "
                     "'{entry}' ({reference})."),
        "large": _t("Target change {change} is very large; check that it is achievable.",
                    "De beoogde verandering {change} is erg groot; ga na of die haalbaar is."),
        "beyond_level": _t("Target level {target} goes beyond the level typically reached for "
                           "'{entry}' ({reference}).",
                           "Het beoogde niveau {target} gaat verder dan wat voor '{entry}' "
                           "gebruikelijk wordt gehaald ({reference})."),
    }),
    Rule("smart.realistic", "kpi", _realistic, {
        "pass": _t("The target change ({delta} {unit}) is {ratio} times the baseline's spread "
                   "between {periods} (sd {sd}).",
                   "De beoogde verandering ({delta} {unit}) is {ratio} keer de spreiding "
                   "tussen {periods} in de nulmeting (sd {sd})."),
        "plan_only": _t("Judged from the plan alone: the baseline's variability is unknown; check "
                        "again with the measurements to see whether the target stands out from "
                        "normal variation.",
                        "Alleen op het plan beoordeeld: de spreiding in de nulmeting is onbekend; "
                        "controleer opnieuw met de metingen om te zien of het doel boven de "
                        "normale schommelingen uitkomt."),
        "floor": _t("As the guard of {guarded} it only has to hold its level; there is no gain "
                    "to tell apart from chance.",
                    "Als bewaker van {guarded} hoeft deze KPI alleen zijn niveau vast te houden; "
                    "er is geen winst om van toeval te onderscheiden."),
        "no_target": _t("No target to compare with the baseline's variability.",
                        "Geen doel om met de spreiding van de nulmeting te vergelijken."),
        "too_few_periods": _t("The baseline has {n} {periods} with data: too few to see its "
                              "normal variation.",
                              "De nulmeting heeft {n} {periods} met gegevens: te weinig om de "
                              "normale schommelingen te zien."),
        "no_variation": _t("The baseline does not vary between {periods}; check the data.",
                           "De nulmeting schommelt niet tussen {periods}; controleer de "
                           "gegevens."),
        "within_noise": _t("The target change ({delta} {unit}) is smaller than the normal "
                           "spread between {periods} in the baseline (sd {sd}): it is hard to "
                           "tell apart from chance.",
                           "De beoogde verandering ({delta} {unit}) is kleiner dan de normale "
                           "spreiding tussen {periods} in de nulmeting (sd {sd}): die is "
                           "moeilijk van toeval te onderscheiden."),
    }),
    Rule("smart.time_bound", "kpi", _time_bound, {
        "pass": _t("Deadline {deadline}.", "Deadline: uiterlijk {deadline}."),
        "goal_deadline": _t("No deadline of its own; the goal's deadline {deadline} applies.",
                            "Geen eigen deadline; de deadline van het doel ({deadline}) geldt."),
        "no_deadline": _t("No deadline for the target or the goal: add one (e.g. 'within 6 "
                          "months').",
                          "Geen deadline voor het doel of de KPI: voeg er een toe (bijvoorbeeld "
                          "'binnen 6 maanden')."),
        "before_go_live": _t("Deadline {deadline} is not after go-live ({go_live}).",
                             "De deadline {deadline} ligt niet na de livegang ({go_live})."),
        "too_soon": _t("Deadline {deadline} comes before the first fair evaluation "
                       "({first}).",
                       "De deadline {deadline} valt voor de eerste eerlijke evaluatie "
                       "({first})."),
        "after_goal": _t("Deadline {deadline} is after the goal's deadline {goal_deadline}.",
                         "De deadline {deadline} ligt na die van het doel ({goal_deadline})."),
    }),
    Rule("ipa.important", "kpi", _important, {
        "pass": _t("Important: a {category} KPI serves the goal ({aim}).",
                   "Belangrijk: een KPI over {category} dient het doel ({aim})."),
        "guard": _t("Important as the quality guard of {guarded}.",
                    "Belangrijk als kwaliteitsbewaker van {guarded}."),
        "ai_level": _t("Supports the AI success level '{level}' rather than the goal ({aim}) "
                       "itself.",
                       "Ondersteunt het AI-succesniveau '{level}' in plaats van het doel "
                       "({aim}) zelf."),
        "unknown_category": _t("Cannot tell whether it serves the goal ({aim}); set 'category' "
                               "(time, money, quality, ...).",
                               "Niet te zeggen of deze KPI het doel ({aim}) dient; vul "
                               "'category' in (time, money, quality, ...)."),
        "not_tied": _t("A {category} measure does not serve the goal ({aim}): a metric rather "
                       "than a KPI.",
                       "Een maat voor {category} dient het doel ({aim}) niet: eerder een "
                       "metric dan een KPI."),
    }),
    Rule("ipa.potential", "kpi", _potential, {
        "pass": _t("Room to improve: baseline {level} {unit} ({source}).",
                   "Ruimte voor verbetering: nulmeting {level} {unit} ({source})."),
        "unbounded": _t("Baseline {level} {unit} ({source}); no ceiling limits the gain.",
                        "Nulmeting {level} {unit} ({source}); geen plafond beperkt de winst."),
        "no_level": _t("Room to improve unknown: no baseline level yet ({source}).",
                       "Ruimte voor verbetering onbekend: nog geen niveau van de nulmeting "
                       "({source})."),
        "at_ceiling": _t("Baseline {level} {unit} is already at its ceiling (room {room}, "
                         "{source}): this KPI cannot show a gain.",
                         "De nulmeting {level} {unit} zit al tegen het plafond (ruimte {room}, "
                         "{source}): deze KPI kan geen winst laten zien."),
        "near_ceiling": _t("Baseline {level} {unit} is close to its ceiling (room {room}, "
                           "{source}); a gain will be small.",
                           "De nulmeting {level} {unit} zit dicht bij het plafond (ruimte "
                           "{room}, {source}); de winst wordt klein."),
        "target_met": _t("The baseline {level} {unit} already meets the target {target} "
                         "({source}).",
                         "De nulmeting {level} {unit} haalt het doel {target} al ({source})."),
    }),
    Rule("ipa.authority", "kpi", _authority, {
        "pass": _t("Owner: {owner}.", "Eigenaar: {owner}."),
        "no_owner": _t("No owner: name the person who is accountable and can act on it.",
                       "Geen eigenaar: noem de persoon die verantwoordelijk is en kan "
                       "bijsturen."),
        "collective": _t("Owner '{owner}' is a group; name one person who can act on it.",
                         "Eigenaar '{owner}' is een groep; noem één persoon die kan bijsturen."),
    }),
    Rule("count.per_process", "plan", _per_process, {
        "pass": _t("Process '{process}': {n} KPI(s) (plus {guards} guard(s)); at most {max} "
                   "per process.",
                   "Proces '{process}': {n} KPI('s) (plus {guards} bewaker(s)); hooguit {max} "
                   "per proces."),
        "too_many": _t("Process '{process}' has {n} KPIs ({names}); pick 1 or at most {max} "
                       "that show whether the goal is reached.",
                       "Proces '{process}' heeft {n} KPI's ({names}); kies er 1 of hooguit "
                       "{max} die laten zien of het doel gehaald wordt."),
    }),
    Rule("count.per_goal", "plan", _per_goal, {
        "pass": _t("Core KPIs for {group}: {n}; a team or goal needs no more than {low}-{high}.",
                   "Kern-KPI's voor {group}: {n}; een team of doel heeft er niet meer dan "
                   "{low}-{high} nodig."),
        "too_many": _t("Core KPIs for {group}: {n}, more than the {low}-{high} a team or goal "
                       "can follow; drop the ones nobody acts on.",
                       "Kern-KPI's voor {group}: {n}, meer dan de {low}-{high} die een team of "
                       "doel kan volgen; schrap de KPI's waar niemand op stuurt."),
    }),
    Rule("count.per_ai_use_case", "plan", _per_ai_use_case, {
        "pass": _t("{n} KPI(s) for this AI use case (at most {low}-{high}).",
                   "{n} KPI('s) voor deze AI-toepassing (hooguit {low}-{high})."),
        "not_ai": _t("Not an AI use case (ai: false): no limit per AI use case applies.",
                     "Geen AI-toepassing (ai: false): de grens per AI-toepassing geldt niet."),
        "too_many": _t("{n} KPIs for one AI use case; keep at most {low}-{high}, ideally 1-2 "
                       "per level.",
                       "{n} KPI's voor één AI-toepassing; houd er hooguit {low}-{high}, het "
                       "liefst 1-2 per niveau."),
    }),
    Rule("pitfall.vanity_metric", "kpi", _flagged("vanity"), {
        "pass": _t("Not a vanity metric.", "Geen ijdelheidsmaat."),
        "vanity": _t("A vanity metric ('{entry}'): impressive but it does not show a result; "
                     "track an outcome such as '{instead}'.",
                     "Een ijdelheidsmaat ('{entry}'): indrukwekkend, maar het toont geen "
                     "resultaat; volg een uitkomst zoals '{instead}'."),
    }),
    Rule("pitfall.output_metric", "kpi", _flagged("output"), {
        "pass": _t("Measures an outcome, not just output.",
                   "Meet een uitkomst, niet alleen productie."),
        "output": _t("Counts output ('{entry}') instead of the outcome it should bring; measure "
                     "what matters, such as '{instead}'.",
                     "Telt productie ('{entry}') in plaats van de uitkomst die het moet "
                     "opleveren; meet wat ertoe doet, zoals '{instead}'."),
    }),
    Rule("pitfall.goodhart_guard", "kpi", _goodhart, {
        "pass": _t("Guarded by the quality KPI '{guard}'.",
                   "Bewaakt door de kwaliteits-KPI '{guard}'."),
        "not_needed": _t("Not a speed or volume KPI: no guard needed.",
                         "Geen KPI voor snelheid of volume: geen bewaker nodig."),
        "no_guard_suggest": _t("A speed or volume KPI without a quality guard: once it becomes "
                               "the target, quality can slip unseen. Pair it with e.g. "
                               "'{suggestion}' ({suggestion_id}).",
                               "Een KPI voor snelheid of volume zonder kwaliteitsbewaker: zodra "
                               "dit het doel wordt, kan de kwaliteit ongemerkt dalen. Koppel er "
                               "bijvoorbeeld '{suggestion}' ({suggestion_id}) aan."),
        "no_guard": _t("A speed or volume KPI without a quality guard: once it becomes the "
                       "target, quality can slip unseen. Add a quality KPI as its guard.",
                       "Een KPI voor snelheid of volume zonder kwaliteitsbewaker: zodra dit het "
                       "doel wordt, kan de kwaliteit ongemerkt dalen. Voeg een kwaliteits-KPI "
                       "als bewaker toe."),
        "unknown_guard": _t("Its guard '{guard}' has no known category; if it measures quality, "
                            "set its category to quality.",
                            "Van de bewaker '{guard}' is niet bekend wat die meet; meet die "
                            "kwaliteit, zet dan category op quality."),
        "weak_guard": _t("Its guard '{guard}' measures {category}, not quality; a guard should "
                         "show errors, satisfaction or compliance.",
                         "De bewaker '{guard}' meet {category}, geen kwaliteit; een bewaker "
                         "hoort fouten, tevredenheid of naleving te tonen."),
    }),
    Rule("balance.leading_lagging", "plan", _leading_lagging, {
        "pass": _t("A mix of {leading} leading and {lagging} lagging KPI(s).",
                   "Een mix van {leading} voorspellende en {lagging} resultaat-KPI('s)."),
        "one_sided": _t("Only {only} KPIs; add a {missing} one so the set both predicts and "
                        "shows results.",
                        "Alleen KPI's van het type {only}; voeg er een van het type {missing} "
                        "toe, zodat de set zowel voorspelt als resultaten toont."),
    }),
    Rule("balance.ai_levels", "plan", _ai_levels, {
        "pass": _t("All four AI levels are covered (technical, process, business, adoption).",
                   "Alle vier AI-niveaus zijn gedekt (techniek, proces, bedrijf, gebruik)."),
        "not_ai": _t("Not an AI use case (ai: false): the four AI levels do not apply.",
                     "Geen AI-toepassing (ai: false): de vier AI-niveaus gelden niet."),
        "missing": _t("No KPI for the AI level(s): {missing}; AI success shows on all four "
                      "levels.",
                      "Geen KPI voor AI-niveau(s): {missing}; AI-succes blijkt op alle vier "
                      "de niveaus."),
        "crowded": _t("More than {max} KPIs on the level(s): {crowded}; 1-2 per level is "
                      "enough.",
                      "Meer dan {max} KPI's op niveau(s): {crowded}; 1-2 per niveau is genoeg."),
    }),
    Rule("timing.baseline", "kpi", _timing_baseline, {
        "pass": _t("The baseline covers {n} {periods} ({source}): enough for a KPI measured "
                   "{frequency}.",
                   "De nulmeting beslaat {n} {periods} ({source}): genoeg voor een KPI die "
                   "{frequency} wordt gemeten."),
        "short": _t("The baseline covers only {n} {periods} ({source}); a KPI measured "
                    "{frequency} needs at least {need} for a representative picture.",
                    "De nulmeting beslaat maar {n} {periods} ({source}); een KPI die "
                    "{frequency} wordt gemeten heeft er minstens {need} nodig voor een "
                    "representatief beeld."),
        "too_short": _t("The baseline covers {n} {periods} ({source}): too short to show its "
                        "normal level; a KPI measured {frequency} needs at least {need}.",
                        "De nulmeting beslaat {n} {periods} ({source}): te kort om het normale "
                        "niveau te laten zien; een KPI die {frequency} wordt gemeten heeft er "
                        "minstens {need} nodig."),
        "after_go_live": _t("{rows} baseline value(s) are dated on or after go-live ({go_live}); "
                            "a baseline must come before the change.",
                            "{rows} waarde(n) van de nulmeting zijn gedateerd op of na de "
                            "livegang ({go_live}); een nulmeting hoort voor de verandering."),
    }),
    Rule("timing.stabilisation", "plan", _stabilisation, {
        "pass": _t("The first {weeks} weeks after go-live are shown but not judged; judging "
                   "starts on {start}.",
                   "De eerste {weeks} weken na de livegang tonen we maar beoordelen we niet; "
                   "het oordeel begint op {start}."),
        "no_window": _t("No stabilisation window: results would be judged in week 1, before "
                        "the system is stable and users are used to it.",
                        "Geen stabilisatieperiode: de resultaten worden dan al in week 1 "
                        "beoordeeld, voordat het systeem stabiel is en gebruikers eraan gewend "
                        "zijn."),
        "short_window": _t("A stabilisation window of {weeks} week(s) is short; allow at least "
                           "{min} weeks.",
                           "Een stabilisatieperiode van {weeks} week/weken is kort; neem er "
                           "minstens {min}."),
        "after_week_one": _t("The after period starts on {start}, {days} day(s) after go-live: "
                             "that judges the first week, which is not yet stable.",
                             "De periode na de livegang begint op {start}, {days} dag(en) na de "
                             "livegang: dan telt de eerste week mee, die nog niet stabiel is."),
        "after_early": _t("The after period starts on {start}, {days} days after go-live; wait "
                          "at least {min} weeks before judging.",
                          "De periode na de livegang begint op {start}, {days} dagen na de "
                          "livegang; wacht minstens {min} weken met oordelen."),
    }),
    Rule("timing.first_evaluation", "plan", _first_evaluation, {
        "pass": _t("First evaluation from {start}, {weeks} weeks after go-live.",
                   "Eerste evaluatie vanaf {start}, {weeks} weken na de livegang."),
        "late": _t("The first evaluation starts {weeks} weeks after go-live ({start}); the "
                   "method advises 4-{latest} weeks, then monthly.",
                   "De eerste evaluatie begint {weeks} weken na de livegang ({start}); de "
                   "methode adviseert na 4-{latest} weken, daarna maandelijks."),
        "too_late": _t("Measuring after go-live starts only {weeks} weeks later ({start}): six "
                       "months or more is too late to steer.",
                       "Het meten na de livegang begint pas {weeks} weken later ({start}): een "
                       "half jaar of later is te laat om bij te sturen."),
    }),
    Rule("timing.review_rhythm", "plan", _review_rhythm, {
        "pass": _t("Results are reviewed {review}.", "De resultaten worden {review} besproken."),
        "none": _t("No review rhythm: after the first evaluation, review monthly "
                   "(reporting.review).",
                   "Geen vast bespreekritme: bespreek na de eerste evaluatie maandelijks "
                   "(reporting.review)."),
        "quarterly": _t("A quarterly review suits strategy; after the first evaluation, review "
                        "monthly.",
                        "Een bespreking per kwartaal past bij strategie; bespreek na de eerste "
                        "evaluatie maandelijks."),
    }),
    Rule("timing.after_period", "plan", _after_period, {
        "pass": _t("After period of {after} days against a baseline of {baseline} days: "
                   "comparable.",
                   "Periode na de livegang van {after} dagen tegenover een nulmeting van "
                   "{baseline} dagen: vergelijkbaar."),
        "open": _t("The after period is not fixed yet; it starts on {start}.",
                   "De periode na de livegang ligt nog niet vast; die begint op {start}."),
        "short": _t("The after period ({after} days) is less than half the baseline ({baseline} "
                    "days); compare periods of similar length.",
                    "De periode na de livegang ({after} dagen) is korter dan de helft van de "
                    "nulmeting ({baseline} dagen); vergelijk perioden van ongeveer gelijke "
                    "lengte."),
    }),
    Rule("timing.problem", "kpi", _problem_written, {
        "pass": _t("The problem is written out: cause, remedy, expected figure and date.",
                   "Het probleem is uitgeschreven: oorzaak, oplossing, verwacht cijfer en "
                   "datum."),
        "none": _t("No problem stated; when the KPI falls short, write its cause, remedy, "
                   "expected figure and date under 'problem:'.",
                   "Geen probleem beschreven; blijft de KPI achter, schrijf dan oorzaak, "
                   "oplossing, verwacht cijfer en datum onder 'problem:'."),
        "incomplete": _t("The problem lacks {fields}: fill them in under {where} so the report "
                         "can say what is done about it and by when.",
                         "Bij het probleem ontbreekt {fields}: vul die in onder {where}, zodat "
                         "het rapport kan zeggen wat eraan gebeurt en wanneer."),
    }),
)

ITEMS: tuple[str, ...] = tuple(rule.item for rule in RULES)


# --- running the rules -----------------------------------------------------------------

def _message(rule: Rule, finding: Finding, lang: str) -> str:
    params = {k: (v.nl if lang == "nl" else v.en) if isinstance(v, Reference) else v
              for k, v in finding.params.items()}
    return rule.messages[finding.key][lang].format(
        **{k: _show(v, lang) for k, v in params.items()})


def check_plan(plan: Plan | str | Path, lang: str | None = None,
               baseline: pd.DataFrame | None = None) -> pd.DataFrame:
    """Check a plan against the method: checklist, SMART, IPA, counts, pitfalls, timing.

    Parameters
    ----------
    plan : Plan or str or Path
        A validated plan, or the path of a plan file.
    lang : {'en', 'nl'}, optional
        Message language; default the plan's ``language``.
    baseline : DataFrame, optional
        The tidy measurements (``ka.load_measurements``: ``date, kpi, value`` and
        optionally ``n``, ``period``; without ``period`` the plan's dates label the
        rows). Rules that need the baseline's level, spread or length use it; without
        it they judge from the plan alone and say so in the message.

    Returns
    -------
    DataFrame
        One row per finding, in the order of :data:`RULES` and, within a rule, of the
        plan's KPIs: ``item`` (see ``docs/checks.md``), ``status`` (``pass``, ``warn``,
        ``fail``), ``message`` (in ``lang``) and ``kpi`` (the KPI id, None for rows about
        the whole plan).

    Raises
    ------
    InputError
        For an unknown language or a baseline frame without ``date, kpi, value``.
    PlanError
        When ``plan`` is a path to an invalid plan.

    Examples
    --------
    >>> from kpi_analysis.run.report import ROOT
    >>> checks = check_plan(ROOT / "templates" / "plan.yaml")
    >>> check_exit_code(checks)
    0
    """
    if isinstance(plan, (str, Path)):
        plan = load_plan(plan)
    if not isinstance(plan, Plan):
        raise InputError(f"plan: expected a Plan or a plan file path, got {type(plan).__name__}")
    lang = text.language(plan, lang)
    ctx = _Context(plan, _baseline_stats(plan, baseline) if baseline is not None else None,
                   lang)
    rows = []
    for rule in RULES:
        targets = [(None, ())] if rule.scope == "plan" else [(k.id, (k,)) for k in plan.kpis]
        for kpi_id, args in targets:
            for finding in rule.check(ctx, *args):
                rows.append({"item": rule.item, "status": finding.status,
                             "message": _message(rule, finding, lang),
                             "kpi": kpi_id})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["kpi"] = frame["kpi"].astype(object).where(frame["kpi"].notna(), None)
    return frame


def check_summary(checks: pd.DataFrame) -> dict[str, int]:
    """How many rows of :func:`check_plan` have each status: ``{'pass': n, 'warn': n,
    'fail': n}`` (every status present, zero when absent)."""
    counts = checks["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}


def check_exit_code(checks: pd.DataFrame) -> int:
    """1 when any check failed, else 0 (the exit code of ``kpi check``)."""
    return int(check_summary(checks)["fail"] > 0)


# --- terminal output -----------------------------------------------------------------

_COLOURS = {"pass": "\033[32m", "warn": "\033[33m", "fail": "\033[31m"}
_RESET = "\033[0m"


def _table(rows: list[list[str]], header: list[str], paint=None) -> str:
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in rows:
        cells = [str(c).ljust(w) for c, w in zip(row, widths)]
        if paint is not None:
            cells = paint(row, cells)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def format_checks(checks: pd.DataFrame, color: bool = False) -> str:
    """The checks as a text table for a terminal, with a summary line.

    Parameters
    ----------
    checks : DataFrame
        The result of :func:`check_plan`.
    color : bool
        Colour the status with ANSI codes: green pass, yellow warn, red fail.

    Returns
    -------
    str
        Columns status, item, kpi, message; then ``pass N  warn N  fail N``.
    """
    rows = [[r.status, r.item, r.kpi or "", r.message] for r in checks.itertuples()]

    def paint(row, cells):
        if color:
            cells[0] = f"{_COLOURS[row[0]]}{cells[0]}{_RESET}"
        return cells

    summary = "  ".join(f"{s} {n}" for s, n in check_summary(checks).items())
    if color:
        summary = "  ".join(f"{_COLOURS[s]}{s} {n}{_RESET}"
                            for s, n in check_summary(checks).items())
    return _table(rows, ["status", "item", "kpi", "message"], paint) + "\n\n" + summary


def _cut(value: str, width: int) -> str:
    return value if len(value) <= width else value[:width - 3] + "..."


def format_catalogue(frame: pd.DataFrame) -> str:
    """The catalogue (:func:`catalogue`) as a text table for a terminal.

    Columns id, name, unit, level, indicator, reference and guard; vanity and output
    metrics are marked ``[vanity]`` / ``[output]`` after the name. Long texts are cut
    with '...'.
    """
    rows = []
    for r in frame.itertuples():
        mark = " [vanity]" if r.vanity else (" [output]" if r.output else "")
        rows.append([r.id, _cut(r.name, 52) + mark, _cut(r.unit, 28), r.level, r.indicator,
                     _cut(r.reference, 60), r.guard])
    return _table(rows, ["id", "name", "unit", "level", "indicator", "reference", "guard"])
