"""The shape of a KPI's data and the test it decides (private to :mod:`kpi_analysis.analysis`).

:func:`kpi_analysis.analysis.compare.compare_kpis` reads each KPI's data as per-item
values, 0/1 items or counts over trials/exposure (:func:`_with_shape`), as a regular
series or not (:func:`_is_series`), and pools counts when events or periods are few
(:func:`_pooled`); :func:`planned_test` names the test those same rules choose, for
the signed-off plan (:mod:`kpi_analysis.analysis.signoff`).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..vocab import MEAN_KINDS

#: a KPI with at least this many dates on each side, one value per date, is a series
MIN_SERIES_POINTS = 10

#: fewest events (for proportions also non-events) and periods on each side for the
#: between-period model of counts; below either, the exact pooled tests
MIN_EVENTS = 5
MIN_PERIODS = 3


def _with_shape(kind: str, rows: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """The shape of the KPI's data ('values', 'binary' or 'counts'), decided once from
    the whole column, never per period, and a compact frame of its rows: ``date``,
    ``period``, ``control`` (bool), ``x`` (value, successes or events) and ``w`` (1,
    trials or exposure)."""
    has_n = "n" in rows.columns and bool(rows["n"].notna().any())
    values = rows["value"].to_numpy(dtype=float)
    if kind in MEAN_KINDS:
        shape, x, w = "values", values, np.ones_like(values)
    elif kind == "proportion" and not has_n:
        if np.isin(values, (0.0, 1.0)).all():
            shape = "binary"
        elif np.all((values >= 0) & (values <= 1)):
            shape = "values"
        else:
            raise InputError("kind 'proportion' needs values between 0 and 1 (or 0/1 per item, "
                             "or successes with trials in column n); got e.g. "
                             f"{values[(values < 0) | (values > 1)][0]!r}")
        x, w = values, np.ones_like(values)
    elif kind == "proportion":
        shape, (x, w) = "counts", _successes(rows)
    else:
        shape, (x, w) = "counts", _events(rows, has_n)
    control = rows["group"].eq("control").to_numpy() if "group" in rows.columns else \
        np.zeros(len(rows), dtype=bool)
    return shape, pd.DataFrame({"date": rows["date"].to_numpy(),
                                "period": rows["period"].to_numpy(dtype=object),
                                "control": control, "x": x, "w": w})


def _successes(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Successes and trials per row of a proportion KPI with trials ``n``: value is
    read as the proportion (0-1) when every row of the KPI is one, else as counts."""
    values = rows["value"].to_numpy()
    trials = rows["n"].to_numpy()
    if np.any(~np.isfinite(trials)) or np.any(trials <= 0):
        raise InputError("kind 'proportion' needs the number of trials n > 0 in every row "
                         "(n is missing or not positive in some rows)")
    fractions = (values >= 0) & (values <= 1)
    if fractions.all():
        return np.round(values * trials), trials
    if np.all(values == np.round(values)) and np.all((values >= 0) & (values <= trials)):
        return values, trials
    raise InputError("kind 'proportion' with n expects value to be the proportion (0-1) or "
                     "the number of successes (0-n); got e.g. "
                     f"{values[~fractions][0]!r} with n={trials[~fractions][0]!r}")


def _events(rows: pd.DataFrame, has_n: bool) -> tuple[np.ndarray, np.ndarray]:
    """Event counts and exposure per row of a rate or count KPI."""
    counts = rows["value"].to_numpy()
    if np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise InputError("kinds 'rate' and 'count' expect value to be the number of events "
                         "(a whole number >= 0) with the exposure in column n; got e.g. "
                         f"{counts[(counts < 0) | (counts != np.round(counts))][0]!r}")
    if not has_n:
        return counts, np.ones_like(counts)
    exposure = rows["n"].to_numpy()
    if np.any(~np.isfinite(exposure)) or np.any(exposure <= 0):
        raise InputError("the exposure n must be > 0 in every row (missing or not positive in "
                         "some rows)")
    return counts, exposure


def _is_series(before: pd.DataFrame, after: pd.DataFrame) -> bool:
    """A regular series: on both sides one row per date, at least MIN_SERIES_POINTS
    dates, a daily/weekly/monthly/quarterly rhythm and at most half the periods
    missing (a few items that happen to fall on different days are not a series)."""
    for part in (before, after):
        dates = part["date"].to_numpy(dtype="datetime64[ns]")
        if len(dates) < MIN_SERIES_POINTS or np.unique(dates).size < len(dates):
            return False
        step = _spacing_days(dates)
        span = (dates.max() - dates.min()) / np.timedelta64(1, "D")
        if step == 0 or len(dates) < 0.5 * (span / step + 1):
            return False
    return True


def _spacing_days(dates: Any) -> int:
    """Typical spacing of the dates, rounded to 1, 7, 30 or 91 days (0 if other)."""
    stamps = np.unique(np.asarray(dates, dtype="datetime64[ns]").astype(np.int64))
    spacing = float(np.median(np.diff(stamps))) / 86400e9 if stamps.size > 1 else 0.0
    for days, (low, high) in {1: (0.5, 1.5), 7: (6, 8), 30: (27, 32), 91: (88, 93)}.items():
        if low <= spacing <= high:
            return days
    return 0


def _per_date(before: pd.DataFrame, after: pd.DataFrame) -> list[pd.DataFrame]:
    """Successes/trials or events/exposure summed per date, for each side."""
    return [part.groupby("date", sort=True)[["x", "w"]].sum().reset_index()
            for part in (before, after)]


def _pooled(kind: str, per_date: list[pd.DataFrame]) -> bool:
    """Whether counts get the exact pooled tests: fewer than MIN_EVENTS events (for
    proportions also non-events) or MIN_PERIODS periods on a side."""
    x = [part["x"].sum() for part in per_date]
    n = [part["w"].sum() for part in per_date]
    events = x + ([n[0] - x[0], n[1] - x[1]] if kind == "proportion" else [])
    return min(events) < MIN_EVENTS or min(len(part) for part in per_date) < MIN_PERIODS


def planned_test(kpi: Any, rows: pd.DataFrame | None) -> str | None:
    """The test :func:`compare_kpis` chooses for ``kpi`` from the shape of its rows
    (``rows`` as for :func:`compare_one`), by the same rules: before go-live the
    baseline rows decide and the after period is taken to come in the same form;
    once after-period rows exist, both sides decide. None without baseline rows (the
    data's shape will decide). A KPI that turns out not assessable gets no test."""
    if rows is None or not rows["period"].eq("baseline").any():
        return None
    rows = rows[rows["period"].isin(("baseline", "after"))].dropna(subset=["value"])
    shape, frame = _with_shape(kpi.kind, rows)
    frame = frame[~frame["control"].to_numpy()]
    before, after = (frame[frame["period"] == name] for name in ("baseline", "after"))
    after = after if len(after) else before
    pooled_test = "chi2-yates" if kpi.kind == "proportion" else "exact-poisson"
    if shape == "binary":
        return pooled_test
    if shape == "values":
        return "series-gls" if _is_series(before, after) else "welch"
    if _pooled(kpi.kind, _per_date(before, after)):
        return pooled_test
    return "quasi-binomial" if kpi.kind == "proportion" else "quasi-poisson"
