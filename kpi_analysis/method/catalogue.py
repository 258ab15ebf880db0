"""The KPI catalogue: loading, matching and formatting.

:func:`catalogue` returns the KPI catalogue (``templates/kpi_catalogue.yaml``): every
KPI the method mentions with names in both languages, kind, direction, level,
indicator, category, a reference target, vanity/output flags and a suggested guard.
The plan checks match each plan KPI to a catalogue entry (:func:`match_catalogue`: by
id, else by the entry's English and Dutch keywords), so vanity detection, guard
suggestions and reference ranges come from one place.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .. import kit, vocab
from ..errors import InputError, KpiError
from ..inputs.problems import closest
from ..plan import KPI, Category, Direction, Indicator, Kind, Level
from ..words import text
from ._terminal import cut, table
from .plain import norm, word_pattern

CATALOGUE_PATH = kit.CATALOGUE

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
        raise InputError(f"kpi_ids: '{kpi_id}' is not in the KPI catalogue."
                         f"{closest(kpi_id, (e.id for e in self.kpis))} The valid ids are "
                         f"listed by: kpi catalogue [--use-case NAME]")


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
    key = norm(value).replace(" ", "_")
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
            index.append((word_pattern([word]), len(norm(word).replace("*", "")), entry))
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
                if any(pattern.search(norm(t)) for t in texts)]
        if hits:
            return max(hits, key=lambda h: h[:3])[3]
    return None


def is_speed_or_volume(category: str | None, kind: str, direction: str) -> bool:
    """A KPI of speed or volume, which needs a quality guard (Goodhart's law): a time or
    capacity KPI, any duration, or a count where more is better."""
    return (category in ("time", "capacity") or kind == "duration"
            or (kind == "count" and direction == "higher_is_better"))




def format_catalogue(frame: pd.DataFrame) -> str:
    """The catalogue (:func:`catalogue`) as a text table for a terminal.

    Columns id, name, unit, level, indicator, reference and guard; vanity and output
    metrics are marked ``[vanity]`` / ``[output]`` after the name. Long texts are cut
    with '...'.
    """
    rows = []
    for r in frame.itertuples():
        mark = " [vanity]" if r.vanity else (" [output]" if r.output else "")
        rows.append([r.id, cut(r.name, 52) + mark, cut(r.unit, 28), r.level, r.indicator,
                     cut(r.reference, 60), r.guard])
    return table(rows, ["id", "name", "unit", "level", "indicator", "reference", "guard"])
