"""The analyst's view of a report's intermediate results in JupyterLab.

``show.numbers(ctx)`` shows the KPI comparison (``compare_kpis``) and the business
case's figures as the report's tables, every column as computed (its name as in
results.json), numbers in the report's language. The report notebooks tag that cell
``kpi-lab``: the export leaves it out of the client's report
(:mod:`kpi_analysis.run.report`), JupyterLab shows it.
"""
from __future__ import annotations

import numbers as kinds

import pandas as pd

from ..words.numbers import fmt_number, is_missing
from ..words.store import label
from .context import contextual
from .html import Shown, render

__all__ = ["numbers", "LAB_TAG"]

#: the tag of the notebook cells for the analyst only (left out of the export)
LAB_TAG = "kpi-lab"


def _cell(value, lang: str) -> str:
    """One value as text: a number in the report's language (up to 4 digits after the
    point, so a p-value stays readable), anything else as it is; '-' when missing."""
    if isinstance(value, (list, tuple, dict)):
        return str(value)
    if is_missing(value):
        return "-"
    if isinstance(value, kinds.Number) and not isinstance(value, bool):
        return fmt_number(value, lang, 0 if float(value).is_integer() else 4)
    return str(value)


def _table(frame: pd.DataFrame, lang: str) -> tuple[list, list]:
    """``frame`` as (headers, rows) for ``parts.table``: numeric columns aligned right."""
    numeric = set(frame.select_dtypes("number").columns)
    headers = [(str(c), c in numeric) for c in frame.columns]
    return headers, [[_cell(v, lang) for v in row] for row in frame.itertuples(index=False)]


def _case_frame(case: dict) -> pd.DataFrame:
    """The business case's figures: one row per figure with value, unit and formula."""
    return pd.DataFrame([{"figure": key, "value": f["value"], "unit": f["unit"],
                          "formula": f["formula"], "calculation": f["calculation"]}
                         for key, f in case["figures"].items()])


@contextual()
def numbers(results=None, case=None, lang: str = "en") -> Shown:
    """The intermediate results as tables: the KPI comparison and the business case's
    figures (the parts that were computed; a line says when neither was)."""
    parts = []
    if isinstance(results, pd.DataFrame):
        parts.append(render("section.html.j2", subheading=label("v16lab.results", lang),
                            table=_table(results, lang)))
    if case:
        parts.append(render("section.html.j2", subheading=label("v16lab.case", lang),
                            table=_table(_case_frame(case), lang)))
    if not parts:
        parts.append(render("section.html.j2", paragraphs=[label("v16lab.none", lang)]))
    return Shown("".join(parts))
