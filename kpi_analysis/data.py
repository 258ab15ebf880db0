"""Measurements in: read a data file and return one tidy frame.

The tidy frame has one row per observation::

    date (datetime64)  kpi (str)  value (float)  n (float, NaN if absent)  period (str)

``n`` carries the trials of a proportion (value = successes) or the exposure of a
rate (value = events). ``period`` is ``baseline``, ``stabilisation``, ``after`` or
``outside`` (see :func:`label_periods`).

Accepted shapes:

- long: columns ``date, kpi, value`` and optionally ``n``; several rows for one
  date and KPI are per-item values (one invoice, one ticket);
- wide: ``date`` plus one column per KPI (the KPI's ``data.column``, default its id),
  and the ``data.n_column`` where a KPI has one. Empty cells mean "not measured".

Problems raise :class:`~kpi_analysis.errors.DataError` naming the file, the
spreadsheet row (1-based, header = row 1), the column and what is valid.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataError
from .plan import Periods, Plan

PERIODS = ("baseline", "stabilisation", "after", "outside")
_READERS = {".csv": "csv", ".txt": "csv", ".xlsx": "excel", ".parquet": "parquet"}


def _read_table(path: Path) -> pd.DataFrame:
    """Read a file as a frame of strings (CSV) or native values (Excel, Parquet)."""
    kind = _READERS.get(path.suffix.lower())
    if kind is None:
        raise DataError(path, f"unsupported file type '{path.suffix}'; use one of "
                              f"{', '.join(sorted(_READERS))}")
    if not path.is_file():
        raise DataError(path, "file not found")
    try:
        if kind == "csv":
            with open(path, encoding="utf-8-sig") as fh:
                header = fh.readline()
            sep = ";" if header.count(";") > header.count(",") else ","
            frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False,
                                encoding="utf-8-sig", skipinitialspace=True)
            if sep == ";":  # Dutch Excel export: decimal comma
                frame = frame.apply(lambda s: s.str.replace(",", ".", regex=False))
        elif kind == "excel":
            frame = pd.read_excel(path, sheet_name=0)
        else:
            frame = pd.read_parquet(path)
    except (UnicodeDecodeError, pd.errors.ParserError, ValueError, OSError) as exc:
        raise DataError(path, f"cannot read the file: {exc}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise DataError(path, "the file has no data rows")
    return frame


def _dates(frame: pd.DataFrame, path: Path) -> pd.Series:
    if "date" not in frame.columns:
        raise DataError(path, "no 'date' column; found: " + ", ".join(frame.columns)
                        + ". Long form needs date, kpi, value; wide form needs date plus "
                          "one column per KPI", column="date")
    raw = frame["date"]
    if pd.api.types.is_datetime64_any_dtype(raw):
        parsed = raw
    else:
        text = raw.astype(str).str.strip()
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
        if parsed.isna().all():
            parsed = pd.to_datetime(text, format="%d-%m-%Y", errors="coerce")
    bad = parsed.isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(path, f"'{raw.iloc[i]}' is not a date; expected YYYY-MM-DD "
                              f"(or DD-MM-YYYY throughout)", row=i + 2, column="date")
    return parsed.dt.tz_localize(None) if parsed.dt.tz is not None else parsed


def _numbers(frame: pd.DataFrame, column: str, path: Path, *, allow_empty: bool) -> pd.Series:
    raw = frame[column]
    values = pd.to_numeric(raw, errors="coerce").astype(float)
    empty = raw.isna() | (raw.astype(str).str.strip() == "")
    bad = values.isna() & ~(empty if allow_empty else False)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        shown = "an empty cell" if empty.iloc[i] else f"'{raw.iloc[i]}'"
        raise DataError(path, f"{shown} is not a number", row=i + 2, column=column)
    return values


def _long(frame: pd.DataFrame, plan: Plan, path: Path) -> pd.DataFrame:
    by_label = {k.column: k.id for k in plan.kpis}
    labels = frame["kpi"].astype(str).str.strip()
    unknown = ~labels.isin(list(by_label))
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        raise DataError(path, f"KPI '{labels.iloc[i]}' is not in the plan; plan KPIs: "
                              f"{', '.join(by_label)}", row=i + 2, column="kpi")
    return pd.DataFrame({
        "date": _dates(frame, path),
        "kpi": labels.map(by_label),
        "value": _numbers(frame, "value", path, allow_empty=False),
        "n": _numbers(frame, "n", path, allow_empty=True) if "n" in frame.columns
        else np.nan,
    })


def _wide(frame: pd.DataFrame, plan: Plan, path: Path) -> pd.DataFrame:
    dates = _dates(frame, path)
    parts = []
    for kpi in plan.kpis:
        if kpi.column not in frame.columns:
            continue
        if kpi.data.n_column and kpi.data.n_column not in frame.columns:
            raise DataError(path, f"KPI '{kpi.id}' takes its n from column "
                                  f"'{kpi.data.n_column}', which is missing; found: "
                                  f"{', '.join(frame.columns)}", column=kpi.data.n_column)
        value = _numbers(frame, kpi.column, path, allow_empty=True)
        n = (_numbers(frame, kpi.data.n_column, path, allow_empty=True)
             if kpi.data.n_column else pd.Series(np.nan, index=frame.index))
        keep = value.notna().to_numpy()
        parts.append(pd.DataFrame({"date": dates[keep], "kpi": kpi.id,
                                   "value": value[keep], "n": n[keep]}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["date", "kpi", "value", "n"])


def data_path(path: str | Path | None, plan: Plan) -> Path:
    """``path`` when given, else the plan's ``data_file`` (relative to the plan file)."""
    if path:
        return Path(path)
    if plan.data_path is None:
        where = plan.source or "plan"
        raise DataError(where, "the plan names no data_file; give the measurements file "
                               "(kpi report --data FILE) or add 'data_file: measurements.csv' "
                               "to the plan")
    return plan.data_path


def label_periods(dates: pd.Series, periods: Periods) -> pd.Series:
    """Label each date ``baseline``, ``stabilisation``, ``after`` or ``outside``.

    Baseline: ``baseline.start <= date <= baseline.end``. Stabilisation: from go-live
    up to the start of the after period (``after.start``, or go-live plus
    ``stabilisation_weeks``). After: from then to ``after.end`` (open if not given).
    """
    day = pd.to_datetime(dates).dt.normalize()
    ts = pd.Timestamp
    base = (day >= ts(periods.baseline.start)) & (day <= ts(periods.baseline.end))
    stab = (day >= ts(periods.go_live)) & (day < ts(periods.after_start))
    after = day >= ts(periods.after_start)
    if periods.after is not None:
        after &= day <= ts(periods.after.end)
    label = np.select([base, stab, after], ["baseline", "stabilisation", "after"], "outside")
    return pd.Series(pd.Categorical(label, categories=PERIODS), index=dates.index)


def load_measurements(path: str | Path | None, plan: Plan) -> pd.DataFrame:
    """Read a measurement file into the tidy frame ``date, kpi, value, n, period``.

    Parameters
    ----------
    path : str or Path or None
        None or "" means the plan's ``data_file`` (relative to the plan). CSV (``,`` or ``;`` separated; ``;`` files use a decimal comma), Excel
        ``.xlsx`` (first sheet) or Parquet, in long or wide form (module docstring).
    plan : Plan
        The plan, for the KPI ids, their columns and the periods.

    Returns
    -------
    DataFrame
        Sorted by kpi and date; ``period`` is a categorical.

    Raises
    ------
    DataError
        Naming file, row, column and what is valid.
    """
    path = data_path(path, plan)
    frame = _read_table(path)
    long_form = {"kpi", "value"} <= set(frame.columns)
    tidy = _long(frame, plan, path) if long_form else _wide(frame, plan, path)
    missing = [k.id for k in plan.kpis if k.id not in set(tidy["kpi"])]
    if missing:
        shape = ("no rows with kpi " if long_form else "no column ")
        raise DataError(path, f"{shape}{', '.join(repr(m) for m in missing)} in the data; "
                              f"every plan KPI needs measurements (columns found: "
                              f"{', '.join(frame.columns)})")
    tidy["period"] = label_periods(tidy["date"], plan.periods)
    return tidy.sort_values(["kpi", "date"], kind="stable").reset_index(drop=True)


def level(rows: pd.DataFrame, kpi) -> float:
    """The KPI's level over ``rows`` in the unit it is shown in.

    Rates: events per ``kpi.rate_per`` units of exposure (sum of value / sum of n).
    Proportions: percent (successes / trials with ``n``, else the mean of 0/1 or
    fraction values x 100). Everything else: the mean value.
    """
    if rows.empty:
        return float("nan")
    if kpi.kind in ("rate", "proportion") and rows["n"].notna().all():
        scale = kpi.rate_per if kpi.kind == "rate" else 100.0
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
