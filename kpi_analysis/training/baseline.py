"""The exercise of step 3 (notebook 03_baseline): the baseline level."""
from __future__ import annotations

import math
from typing import Any

from ..inputs.tidy import level
from ..words import text
from ..words.store import label
from ._common import num
from .answers import Exercise, blank, close, empty_feedback, read_number
from .feedback import Feedback
from .samples import kpi_name, kpi_unit, load_sample


def _model_baseline(lang: str = "en", *, sample: str = "invoicing",
                    kpi: str = "days_to_paid") -> float:
    """The baseline level as the comparison reports it (``before`` of compare_kpis)."""
    return round(float(load_sample(sample).row(kpi)["before"]), 2)


def _check_baseline(answer: Any, lang: str, *, sample: str = "invoicing",
                    kpi: str = "days_to_paid") -> Feedback:
    s = load_sample(sample)
    k = s.kpi(kpi)
    span = s.plan.periods.baseline
    start, end = text.fmt_date(span.start, lang), text.fmt_date(span.end, lang)
    hint = label("training.baseline.hint", lang, start=start, end=end)
    if blank(answer) or answer == 0:
        return empty_feedback("baseline_level", lang, hint)
    given = read_number(answer)
    if given is None:
        return Feedback("baseline_level", False, label("training.baseline.not_number", lang,
                                                       given=answer),
                        hint, lang=lang)
    model = float(s.row(kpi)["before"])
    unit = kpi_unit(k, lang)
    base = s.rows(kpi, "baseline")
    shown = num(given, lang)
    if close(given, model, 0.005, 0.05):
        return Feedback("baseline_level", True, label(
            "training.baseline.pass", lang, model=num(model, lang), unit=unit, n=len(base),
            start=start, end=end), lang=lang)
    rows = s.rows(kpi)
    judged = rows[rows["period"] != "outside"]
    median = s.row(kpi)["test"] == "mannwhitney"
    alternatives = [
        ("baseline.all", level(judged, k)),
        ("baseline.after", level(s.rows(kpi, "after"), k)),
        ("baseline.stabilisation", level(s.rows(kpi, "stabilisation"), k)),
    ]
    if k.kind not in ("rate", "proportion", "count"):
        alternatives.append(("baseline.mean", float(base["value"].mean())) if median else
                            ("baseline.median", float(base["value"].median())))
    for key, value in alternatives:
        if not math.isnan(value) and close(given, value, 0.01, 0.05):
            return Feedback("baseline_level", False, label(f"training.{key}", lang, given=shown),
                            hint,
                            lang=lang)
    key = "baseline.close" if close(given, model, 0.05) else "baseline.other"
    return Feedback("baseline_level", False, label(f"training.{key}", lang, given=shown,
                                                   name=kpi_name(k, lang)), hint, lang=lang)


EXERCISES = (
    Exercise("baseline_level", "03_baseline", _check_baseline, _model_baseline),
)
