"""The sample projects the training runs on, and their KPIs' names and units in
the learner's language."""
from __future__ import annotations

import functools
from types import SimpleNamespace

import pandas as pd
import yaml

from .. import kit
from ..analysis.compare import compare_kpis
from ..errors import InputError
from ..inputs.measurements import load_measurements
from ..method.catalogue import CatalogueEntry, match_catalogue
from ..plan import KPI, Plan, load_plan
from ..words.store import LABELS, label

SAMPLES = kit.SAMPLES
SAMPLE_NAMES = ("invoicing", "genai_quotes", "cv_screening", "chatbot", "webshop", "production")


class Sample:
    """A sample project: plan, tidy measurements, the truth and (on first use) the
    comparison of every KPI. Get one with :func:`load_sample`."""

    def __init__(self, name: str):
        if name not in SAMPLE_NAMES:
            raise InputError(f"sample: '{name}' is not a sample; valid: {', '.join(SAMPLE_NAMES)}")
        folder = SAMPLES / name
        self.name = name
        self.plan: Plan = load_plan(folder / "plan.yaml")
        self.data: pd.DataFrame = load_measurements("", self.plan)
        self.truth: dict = yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))

    @functools.cached_property
    def results(self) -> pd.DataFrame:
        """:func:`~kpi_analysis.compare_kpis` on the sample."""
        return compare_kpis(self.data, self.plan)

    def kpi(self, kpi_id: str) -> KPI:
        try:
            return self.plan.kpi(kpi_id)
        except KeyError:
            raise InputError(f"kpi: '{kpi_id}' is not a KPI of sample '{self.name}'; valid: "
                             f"{', '.join(k.id for k in self.plan.kpis)}") from None

    def row(self, kpi_id: str) -> pd.Series:
        """The :func:`compare_kpis` row of one KPI."""
        self.kpi(kpi_id)
        return self.results.set_index("kpi").loc[kpi_id]

    def rows(self, kpi_id: str, period: str | None = None) -> pd.DataFrame:
        """The measurements of one KPI (treatment group only), optionally one period."""
        self.kpi(kpi_id)
        rows = self.data[self.data["kpi"] == kpi_id]
        if "group" in rows.columns:
            rows = rows[rows["group"] != "control"]
        return rows if period is None else rows[rows["period"] == period]


@functools.cache
def load_sample(name: str) -> Sample:
    """The sample project ``name`` (one of :data:`SAMPLE_NAMES`), loaded once per session."""
    return Sample(name)


def one_kpi_plan(kpi: KPI, plan: Plan) -> SimpleNamespace:
    """A plan with one KPI and no guard, for :func:`compare_kpis` on part of a sample."""
    return SimpleNamespace(kpis=[kpi.model_copy(update={"guard": None})], alpha=plan.alpha)


def compare_one(data: pd.DataFrame, kpi: KPI, plan: Plan) -> pd.Series:
    rows = data[data["kpi"] == kpi.id]
    return compare_kpis(rows, one_kpi_plan(kpi, plan)).iloc[0]


def kpi_entry(kpi: KPI) -> CatalogueEntry | None:
    return match_catalogue(kpi)


def kpi_name(kpi: KPI, lang: str) -> str:
    """The KPI's name in ``lang``: the catalogue's when it knows the KPI, else the plan's."""
    entry = kpi_entry(kpi)
    return entry.name(lang) if entry is not None else kpi.name


#: plain units of the samples, in every language as ``training.unit.<unit>``
_UNITS = ("days", "hours", "minutes", "weeks")


def kpi_unit(kpi: KPI, lang: str) -> str:
    """The KPI's unit in ``lang`` where it is a plain unit or the catalogue's own."""
    entry = kpi_entry(kpi)
    if entry is not None and kpi.unit in (entry.unit_en, entry.unit_nl):
        return entry.unit(lang)
    for unit in _UNITS:
        if kpi.unit in LABELS[f"training.unit.{unit}"]:
            return label(f"training.unit.{unit}", lang)
    return kpi.unit

