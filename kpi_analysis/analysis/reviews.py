"""Review periods and the rows they hold: which measurements count after go-live
(:func:`phases`), up to which day (:func:`rows_up_to`), the review period of a date,
the KPI's level over rows, and whether a review period is only partly covered.
Shared by :mod:`~kpi_analysis.analysis.progress` and the cadence outputs.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..inputs.tidy import level as _data_level
from .estimate import spacing_days

_PERIOD_FREQ = {"weekly": "W-SUN", "monthly": "M", "quarterly": "Q-DEC"}


def kpi_level(rows: pd.DataFrame, kpi) -> float:
    """The KPI's level over ``rows`` in its shown unit: :func:`kpi_analysis.inputs.tidy.level`,
    with a count that carries its exposure ``n`` pooled like a rate (events per
    ``rate_per`` units of exposure), the way :func:`kpi_analysis.compare_kpis` shows
    it (``data.level`` averages such a count's raw values)."""
    if kpi.kind == "count" and len(rows) and rows["n"].notna().all():
        kpi = kpi.model_copy(update={"kind": "rate"}) if hasattr(kpi, "model_copy") \
            else SimpleNamespace(**{**vars(kpi), "kind": "rate"})
    return _data_level(rows, kpi)


def review_periods(dates: pd.Series, cadence: str) -> pd.Series:
    """The review period (a pandas Period: ISO week Mon-Sun, calendar month or
    quarter) each date falls in."""
    if cadence not in _PERIOD_FREQ:
        raise InputError(f"cadence must be one of {', '.join(map(repr, _PERIOD_FREQ))}; "
                         f"got {cadence!r}")
    return pd.to_datetime(dates).dt.to_period(_PERIOD_FREQ[cadence])


def phases(data: pd.DataFrame, plan) -> pd.DataFrame:
    """Treatment rows with ``phase``: baseline (as labelled), stabilisation (go-live up
    to the after-period) or after (from then on, also beyond ``after.end``)."""
    missing = [c for c in ("date", "kpi", "value", "period") if c not in data.columns]
    if missing:
        raise InputError(f"data lacks column(s) {missing}; pass the frame of "
                         f"ka.load_measurements (date, kpi, value, n, period)")
    rows = data if "group" not in data.columns else data[data["group"] != "control"]
    rows = rows.assign(date=pd.to_datetime(rows["date"]))
    if "n" not in rows.columns:
        rows = rows.assign(n=np.nan)
    go_live = pd.Timestamp(plan.periods.go_live)
    settled = pd.Timestamp(plan.periods.after_start)
    phase = np.where(rows["period"].astype(str) == "baseline", "baseline",
                     np.where(rows["date"] >= settled, "after",
                              np.where(rows["date"] >= go_live, "stabilisation", "")))
    return rows.assign(phase=phase)[phase != ""]


def data_until(rows: pd.DataFrame) -> pd.Timestamp:
    """The last day the rows cover: the last date, plus the rest of its week, month or
    quarter when the KPI is measured weekly, monthly or quarterly (a weekly level
    dated Monday covers that week). A review period ending after it is partial."""
    last = pd.Timestamp(rows["date"].max()).normalize()
    spacing = spacing_days(rows["date"]) if rows["date"].nunique() > 1 else 1
    if spacing == 7:
        return last + pd.Timedelta(days=6)
    if spacing in (30, 91):
        return last.to_period("M" if spacing == 30 else "Q-DEC").end_time.normalize()
    return last


#: a review period is partial when its data end more than this share of it (and more
#: than a weekend) before its end: data ending on the 3rd of a month is partial, a
#: month whose last weekly level covers up to the 27th is not
PARTIAL_SHARE, PARTIAL_MIN_DAYS = 0.1, 2


def is_partial(start: pd.Series, end: pd.Series, until: pd.Timestamp) -> pd.Series:
    days = (end - start).dt.days + 1
    gap = (end - until).dt.days
    return gap > np.maximum(PARTIAL_SHARE * days, PARTIAL_MIN_DAYS)


def rows_up_to(rows: pd.DataFrame, as_of: Any) -> pd.DataFrame:
    """Rows dated up to and including the day ``as_of`` (all when None)."""
    if as_of is None:
        return rows
    try:
        cut = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        raise InputError(f"as_of must be a date (YYYY-MM-DD); got {as_of!r}") from None
    if pd.isna(cut):
        raise InputError(f"as_of must be a date (YYYY-MM-DD); got {as_of!r}")
    return rows[rows["date"] < cut.normalize() + pd.Timedelta(days=1)]
