"""results.json and every other JSON the kit writes: one cleaner, one writer.

:func:`plain` turns one value into what JSON can hold (NaN, infinity, ``pd.NA`` and
``NaT`` become ``null``, numpy and pandas scalars become built-ins, dates ISO
strings); :func:`dumps` cleans a whole structure that way and writes it strictly
(``allow_nan=False``: a number JSON cannot hold never slips through). results.json
(:func:`save_results`), ``batch.json`` (:mod:`kpi_analysis.run.batch`) and the
review outputs (:mod:`kpi_analysis.present.reviews`) all go through them.
"""
from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pandas as pd

from .. import __version__
from ..files import file_hash, write_text_atomic
from ..inputs.measurements import data_path as data_path_of
from ..stats.sequential import repeated_looks_method
from .html import page

__all__ = ["plain", "clean", "dumps", "records", "results_dict", "numbers_only",
           "save_results", "review_page", "TEXT_FIELDS"]


def plain(value):
    """A JSON-ready Python value: NaN and infinity -> None, numpy/pandas scalars ->
    built-ins, timestamps and dates -> ISO strings; anything else as it is."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (dict, list, tuple)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (pd.Timestamp, date)):
        return value.isoformat()
    return value


def clean(value):
    """``value`` with :func:`plain` applied to every scalar inside its dicts and lists."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return plain(value)


def dumps(value, indent: int | None = 2) -> str:
    """``value`` as JSON text: cleaned by :func:`clean`, UTF-8 kept, strict about
    numbers JSON cannot hold."""
    return json.dumps(clean(value), indent=indent, ensure_ascii=False, allow_nan=False,
                      default=plain)


def records(frame: pd.DataFrame | None) -> list | None:
    """A frame as a list of JSON-ready records (None stays None)."""
    if frame is None:
        return None
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _without_html(part: dict | None) -> dict | None:
    return None if part is None else {k: v for k, v in part.items() if k != "html"}


#: the fields of results.json that hold words in the report's language (sentences,
#: labels, formulas written out); every other field is a number or a code and is the
#: same in every language
TEXT_FIELDS = frozenset({
    "label", "formula", "calculation", "assumption", "assumptions", "notes", "method",
    "text", "message", "summary", "prompt", "prompts", "sentences", "missing", "title",
    "lang"})


def numbers_only(value, text_fields=TEXT_FIELDS):
    """``value`` (results.json as Python objects) without its ``text_fields`` (default
    :data:`TEXT_FIELDS`; the business case's own are
    :data:`kpi_analysis.words.business_case.WORD_FIELDS`): what must be
    identical whatever the report's language."""
    if isinstance(value, dict):
        return {k: numbers_only(v, text_fields) for k, v in value.items()
                if k not in text_fields}
    if isinstance(value, list):
        return [numbers_only(v, text_fields) for v in value]
    return value


def results_dict(plan, data_path=None, kind: str = "impact", *, results=None, case=None,
                 checks=None, progress=None, diagnosis=None, cadence=None,
                 view=None, placebo=None, sign_off=None, period_hashes=None,
                 since_previous=None) -> dict:
    """Every number the report shows, for machines (results.json). Numbers and codes
    are the same in every language; the fields named in ``text_fields`` hold the
    words of the report's language (see :func:`numbers_only`). ``placebo`` is
    ``ka.placebo``'s table (one record per KPI); with ``progress``,
    ``repeated_looks`` names the sequential method behind its verdicts. ``sign_off``
    (``ka.sign_off``) gives ``{"locked_at": ISO date or None, "deviations": [{"kind",
    "kpi", "field", "old", "new"}, ...]}``, an empty list when the plan is as signed
    off (None when not given). ``period_hashes`` (``ka.period_hashes``) fingerprints
    the data per KPI and period, for the next report's comparison; ``since_previous``
    (``ka.since_previous``: ``[{"kind", "kpi", "old", "new"}, ...]``, empty when
    nothing changed) is there only when the report was compared with a previous
    results.json."""
    from ..analysis.progress_export import progress_records
    data = data_path_of(data_path, plan)
    return {
        "kit_version": __version__, "kind": kind, "text_fields": sorted(TEXT_FIELDS),
        "client": plan.client, "project": plan.project, "language": plan.language,
        "plan_file": plan.source.name if plan.source else None,
        "plan_sha256": file_hash(plan.source) if plan.source else None,
        "data_file": data.name, "data_sha256": file_hash(data),
        "kpis": records(None if results is None else
                        results.drop(columns=["guard_warning"], errors="ignore")),
        "business_case": case or None,
        "checks": records(checks),
        "progress": None if progress is None else progress_records(progress),
        "diagnosis": _without_html(diagnosis),
        "cadence": _without_html(cadence),
        "audience_view": _without_html(view),
        "placebo": records(placebo),
        "repeated_looks": None if progress is None else repeated_looks_method(plan.alpha),
        "sign_off": None if sign_off is None else {
            "locked_at": sign_off["locked_at"], "deviations": sign_off["deviations"]},
        "period_hashes": period_hashes,
        **({} if since_previous is None else {"since_previous": since_previous}),
    }


def review_page(review: dict, plan) -> str:
    """A review's ``html`` (weekly, monthly, quarterly, an audience's view or the
    diagnosis) as the page saved beside the report: in the review's language, titled
    with the client and the review, under the client's name."""
    title = review.get("title", "")
    return page(review["html"], lang=review["lang"], heading=plan.client,
                title=f"{plan.client} - {title}" if title else plan.client)


def save_results(path, plan, data_path=None, kind: str = "impact", **parts) -> None:
    """Write :func:`results_dict` as JSON to ``path`` (atomically), and beside it
    ``progress.csv`` (one row per KPI per review period, for dashboards) and the
    cadence output as ``cadence.html`` (a page of its own, :func:`~kpi_analysis.present.html.page`)
    and ``cadence.txt``; nothing when ``path`` is empty."""
    if not path:
        return
    from ..analysis.progress_export import export_progress_csv
    write_text_atomic(path, dumps(results_dict(plan, data_path, kind, **parts)) + "\n")
    folder = Path(path).parent
    if parts.get("progress") is not None:
        export_progress_csv(parts["progress"], folder / "progress.csv")
    if parts.get("cadence"):
        write_text_atomic(folder / "cadence.html", review_page(parts["cadence"], plan))
        write_text_atomic(folder / "cadence.txt", parts["cadence"]["text"] + "\n")
