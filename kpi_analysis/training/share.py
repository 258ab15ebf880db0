"""The exercise of step 5 (notebook 05_share): the ROI of the business case."""
from __future__ import annotations

import functools
import math
from typing import Any

from ..words.business_case import business_case
from ..finance.formulas import roi as roi_percent
from ..words import text
from ..words.store import label
from ._common import money
from .answers import Exercise, blank, close, empty_feedback, read_number
from .feedback import Feedback
from .samples import load_sample


@functools.cache
def roi_case(sample: str):
    s = load_sample(sample)
    return business_case(s.plan, s.results, draws=2000)


def _model_roi(lang: str = "en", *, sample: str = "invoicing") -> float:
    case = roi_case(sample)
    figures = case["figures"]
    return round(float(roi_percent(figures["benefit_total"]["value"],
                                   figures["investment_total"]["value"])), 1)


def _check_roi(answer: Any, lang: str, *, sample: str = "invoicing") -> Feedback:
    case = roi_case(sample)
    figures, h = case["figures"], case["horizon_months"]
    benefit, investment = figures["benefit_total"]["value"], figures["investment_total"]["value"]
    hint = label("training.roi.hint", lang, months=h)
    if blank(answer) or answer == 0:
        return empty_feedback("roi", lang, hint)
    given = read_number(answer)
    if given is None:
        return Feedback("roi", False, label("training.roi.not_number", lang, given=answer), hint,
                        lang=lang)
    model = float(roi_percent(benefit, investment))
    cur = case["currency"]
    first_months = min(12, h)
    fields = dict(given=text.fmt_number(given, lang, 1), months=h,
                  benefit=money(benefit, lang, cur), investment=money(investment, lang, cur),
                  model=text.fmt_pct(model, lang, 1, signed=False), first_months=first_months,
                  first=text.fmt_pct(figures["roi_first_year_pct"]["value"], lang, 0,
                                     signed=False),
                  one_off=money(case["investment"]["one_off_total"], lang, cur),
                  running=money(case["investment"]["running_per_month"], lang, cur))
    if close(given, model, 0.005, 0.5):
        return Feedback("roi", True, label("training.roi.pass", lang, **fields), lang=lang)
    one_off = case["investment"]["one_off_total"]
    alternatives = [
        ("roi.fraction", model / 100),
        ("roi.ratio", benefit / investment * 100),
        ("roi.one_off", float(roi_percent(benefit, one_off)) if one_off > 0 else math.nan),
        ("roi.over_benefit", (benefit - investment) / benefit * 100),
        ("roi.first_year", figures["roi_first_year_pct"]["value"]),
        ("roi.monthly", float(roi_percent(figures["benefit_per_month"]["value"], investment))),
    ]
    for key, value in alternatives:
        if value is not None and not math.isnan(value) and close(given, value, 0.01, 0.01):
            return Feedback("roi", False, label(f"training.{key}", lang, **fields), hint, lang=lang)
    return Feedback("roi", False, label("training.roi.other", lang, **fields), hint, lang=lang)


EXERCISES = (
    Exercise("roi", "05_share", _check_roi, _model_roi),
)
