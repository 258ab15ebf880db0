"""Progress in words: a :func:`~kpi_analysis.analysis.progress.progress` row as two
plain sentences, and a status code as a label (en and nl, from the words store)."""
from __future__ import annotations

import pandas as pd

from ..errors import InputError
from ..words.numbers import fmt_chance as chance
from ..words.numbers import fmt_date, fmt_value
from ..words.store import label
from .progress import STATUSES

def _t(key: str, lang: str, **fields) -> str:
    """The text for ``key`` in ``lang``, from text.LABELS."""
    return label(key, lang, **fields)


def _period_name(row, lang: str) -> str:
    """The period's dates; a partial period up to its last day of data."""
    start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    if row.get("partial") is True:
        return _t("period.partial", lang, start=fmt_date(start, lang),
                  until=fmt_date(row["data_until"], lang), end=fmt_date(end, lang))
    return f"{fmt_date(start, lang)} - {fmt_date(end, lang)}"


def progress_sentence(row, kpi, lang: str) -> str:
    """Two plain sentences for one :func:`~kpi_analysis.analysis.progress.progress` row:
    the level with its interval,
    then the verdict toward the target with the forecast and its probability.

    User text (the KPI's name and unit) is returned as it is; escape it for HTML.
    """
    row = dict(row)
    unit = kpi.unit
    judged = (row.get("look") or 0) > 0
    text = _t("sentence.level_seq" if judged else "sentence.level", lang, name=kpi.name, level=fmt_value(row["level"], lang),
              unit=unit, period=_period_name(row, lang), low=fmt_value(row["ci_low"], lang),
              high=fmt_value(row["ci_high"], lang))
    if row["status"] == "no target":
        return text
    target = f"{fmt_value(row['target'], lang)} {unit}"
    if row["status"] in ("on track", "off track"):
        key = "sentence.on_track" if row["status"] == "on track" else "sentence.off_track"
        text += " " + _t(key, lang, forecast=fmt_value(row["forecast_at_deadline"], lang),
                         unit=unit, deadline=fmt_date(row["deadline"], lang),
                         f_low=fmt_value(row["forecast_low"], lang),
                         f_high=fmt_value(row["forecast_high"], lang), target=target,
                         p=chance(row["p_meet_target"], lang))
        if row["target_met"] is True:
            text += " " + _t("sentence.met", lang, target=target)
        return text
    if row["status"] == "deadline passed" and row["target_met"] is not None:
        key = "sentence.deadline_met" if row["target_met"] else "sentence.deadline_missed"
        return text + " " + _t(key, lang, deadline=fmt_date(row["deadline"], lang),
                               target=target)
    return text + " " + _t("sentence.not_judged", lang, target=target,
                           status=_t(f"status.{row['status']}", lang))


def status_label(status: str, lang: str) -> str:
    """A :data:`STATUSES` code in words."""
    if status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(map(repr, STATUSES))}; "
                         f"got {status!r}")
    return _t(f"status.{status}", lang)
