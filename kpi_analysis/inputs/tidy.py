"""The tidy measurements: the plan periods of a date, and a KPI's level over rows or
per calendar period."""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from ..plan import Periods

PERIODS = ("baseline", "stabilisation", "after", "outside")



def period_segments(periods: Periods) -> list[tuple[pd.Timestamp, str]]:
    """Where each period starts, in date order: ``(first day, label)``.

    Days before the first start are ``outside``; a later start wins over an equal
    earlier one (an empty stabilisation window). Shared by :func:`label_periods` and
    the event-log SQL so both label a day the same way.
    """
    ts = pd.Timestamp
    segments = [(ts(periods.baseline.start), "baseline"),
                (ts(periods.baseline.end + timedelta(days=1)), "outside"),
                (ts(periods.go_live), "stabilisation"),
                (ts(periods.after_start), "after")]
    if periods.after is not None:
        segments.append((ts(periods.after.end + timedelta(days=1)), "outside"))
    return segments


def label_periods(dates: pd.Series, periods: Periods) -> pd.Series:
    """Label each date ``baseline``, ``stabilisation``, ``after`` or ``outside``.

    Baseline: ``baseline.start <= date <= baseline.end``. Stabilisation: from go-live
    up to the start of the after period (``after.start``, or go-live plus
    ``stabilisation_weeks``). After: from then to ``after.end`` (open if not given).
    """
    segments = period_segments(periods)
    starts = np.array([s for s, _ in segments], dtype="datetime64[us]")
    labels = np.array(["outside"] + [label for _, label in segments])
    day = pd.to_datetime(dates).dt.normalize().to_numpy(dtype="datetime64[us]")
    label = labels[np.searchsorted(starts, day, side="right")]
    return pd.Series(pd.Categorical(label, categories=PERIODS), index=dates.index)


def level(rows: pd.DataFrame, kpi) -> float:
    """The KPI's level over ``rows`` in the unit it is shown in.

    Rates, and counts with an exposure ``n``: events per ``kpi.rate_per`` units of
    exposure (sum of value / sum of n).
    Proportions: percent (successes / trials with ``n``, else the mean of 0/1 or
    fraction values x 100). Everything else: the mean value.
    """
    if rows.empty:
        return float("nan")
    if kpi.kind in ("rate", "count", "proportion") and rows["n"].notna().all():
        scale = 100.0 if kpi.kind == "proportion" else kpi.rate_per
        return float(rows["value"].sum() / rows["n"].sum() * scale)
    if kpi.kind == "proportion":
        return float(rows["value"].mean() * 100.0)
    return float(rows["value"].mean())


def kpi_series(data: pd.DataFrame, kpi, freq: str = "W-SUN") -> pd.DataFrame:
    """The KPI's level per calendar period (default: weeks Monday to Sunday).

    Returns columns ``date`` (start of the bucket), ``period`` and ``level``; a bucket
    that straddles a period boundary is split, so every point belongs to one period.
    """
    rows = data[data["kpi"] == kpi.id]
    bucket = rows["date"].dt.to_period(freq).dt.start_time
    groups = rows.groupby([bucket.rename("bucket"), rows["period"]], observed=True,
                          sort=True)
    out = [(b, p, level(g, kpi)) for (b, p), g in groups]
    return pd.DataFrame(out, columns=["date", "period", "level"])
