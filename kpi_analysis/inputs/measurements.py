"""Measurements in: read a data file and return one tidy frame.

The tidy frame has one row per observation::

    date (datetime64)  kpi (str)  value (float)  n (float, NaN if absent)  period (category)

``n`` carries the trials of a proportion (value = successes) or the exposure of a
rate or count (value = events). ``period`` is ``baseline``, ``stabilisation``,
``after`` or ``outside`` (see :func:`~kpi_analysis.inputs.tidy.label_periods`).

Files
-----
CSV separated by ``,``, ``;`` or a tab, in UTF-8, UTF-8 with a BOM or Windows-1252
(cp1252), with a decimal point or a decimal comma (thousands separators allowed:
``1,234.5`` or ``1.234,5``); Excel ``.xlsx`` (the plan's ``data_format.sheet``,
else the first sheet with a table; when none has one, or the table lacks a needed
column, the message lists the sheets), read as Excel: number cells stay numbers, date
cells stay dates and text cells are read with the file's decimal mark and date
format, all mixed in one column, on every shape; Parquet. What was detected is reported in
``frame.attrs["source"]`` (``summary`` reads e.g. "read as cp1252, ';' separated,
decimal comma"). Nothing is guessed: a file whose numbers could be read two ways
is an error that names the plan setting (``data_format``) that settles it.

Shapes
------
The columns of long and wide data are found by role (date, kpi, value, n, group,
item): the plan's ``data_format.columns``, else a column named after the role, else
the one header of :data:`~kpi_analysis.inputs.columns.COLUMN_NAMES` for it
(``Datum``, ``Indicator``, ``Waarde``, ...; case and spaces aside); what was read as
what is in ``source["columns"]`` and the summary. The role names are used below.

- long: columns ``date, kpi, value`` and optionally ``n``; several rows for one
  date and KPI are per-item values (one invoice, one ticket);
- wide: ``date`` plus one column per KPI (the KPI's ``data.column``, default its
  id) and the ``data.n_column`` where a KPI has one; an empty cell is "not
  measured" and listed in the data-quality table;
- event log: one row per item with timestamps and statuses, made into KPI series
  by each KPI's ``data.measure`` (:mod:`kpi_analysis.inputs.eventlog`, in DuckDB).

Dates are ISO (``2026-01-05``, optionally with a time and a UTC offset) or, the same
throughout a column, day-month-year (``5-1-2026``, ``05-01-2026 14:30``); a column of
ISO weeks only (``2026-W05``) is read as the weeks' Mondays. With an
offset the local clock time is kept (a column mixing times with and without one
is an error).

Validation
----------
Problems that make the numbers untrustworthy raise
:class:`~kpi_analysis.errors.DataError` naming the file, the spreadsheet row (1-based,
header = row 1, blank lines counted), the column, the value and what was expected:
a missing column (with the closest name), an unparseable date or number, mixed time
zones, an ambiguous or mixed decimal mark, a negative duration, a duplicate row, a
KPI in the data but not in the plan or the reverse, no data in the baseline (and,
with ``require_after=True``, in the after period). Rows that are kept out or only
labelled (empty rows, empty wide cells, rows outside every period, open event-log
items, rows dated after the day the file was saved) are listed by
:func:`data_quality`; nothing is dropped silently. Numbers must be finite: ``1e400``
(which overflows) or an infinite Excel/Parquet cell is an error.

Input files are only ever opened for reading.

Where the pieces live: :mod:`~kpi_analysis.inputs.reading` (files: encoding, separator,
sheets), :mod:`~kpi_analysis.inputs.cells` (numbers and dates),
:mod:`~kpi_analysis.inputs.columns` (column roles), :mod:`~kpi_analysis.inputs.shapes`
(long and wide), :mod:`~kpi_analysis.inputs.eventlog` (event logs),
:mod:`~kpi_analysis.inputs.tidy` (periods and levels of the tidy frame) and
:mod:`~kpi_analysis.inputs.problems` (messages and data-quality rows); this module
puts them together.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, InputError
from ..plan import Plan
from ..words.numbers import fmt_count
from ..words.store import label
from .columns import EVENT_NAMES
from .problems import add_quality
from .reading import SEPARATOR_NAMES, with_sheets
from .shapes import read_long_or_wide
from .tidy import label_periods


def _check_periods(tidy: pd.DataFrame, plan: Plan, path: Path, date_columns: dict,
                   require_after: bool, quality: list) -> None:
    """Every KPI has baseline data (and after data when required)."""
    p = plan.periods
    after = f"from {p.after_start}" + (f" to {p.after.end}" if p.after else "")
    for kpi in plan.kpis:
        rows = tidy[tidy["kpi"] == kpi.id]
        span = (f"its data run from {rows['date'].min():%Y-%m-%d} to "
                f"{rows['date'].max():%Y-%m-%d}" if len(rows) else "it has no data at all")
        if not (rows["period"] == "baseline").any():
            raise DataError(path, f"KPI '{kpi.id}' has no data in the baseline period "
                                  f"({p.baseline.start} to {p.baseline.end}); {span}. Without "
                                  f"a baseline there is nothing to compare with",
                            column=date_columns.get(kpi.id, "date"))
        if not (rows["period"] == "after").any():
            if require_after:
                raise DataError(path, f"KPI '{kpi.id}' has no data in the after period "
                                      f"({after}); {span}. Measure again after go-live "
                                      f"before judging the change",
                                column=date_columns.get(kpi.id, "date"))
            quality.append({"rule": "no after data", "kpi": kpi.id, "rows": 0,
                            "example_rows": [],
                            "action": label("quality.do.no after data", "en") + f" ({after})"})


def export_date(path: Path) -> date:
    """The last day a data file can describe: the day it was saved (its modification
    time), and never later than today."""
    try:
        saved = datetime.fromtimestamp(path.stat().st_mtime).date()
    except (OSError, OverflowError, ValueError):
        saved = date.today()
    return min(saved, date.today())


def _drop_future(tidy: pd.DataFrame, path: Path, quality: list, event_log: bool
                 ) -> pd.DataFrame:
    """Leave out the rows dated after :func:`export_date` (a typo in a year, a planned
    value entered early): listed in the data-quality table, never compared."""
    cutoff = export_date(path)
    future = tidy["date"] >= pd.Timestamp(cutoff + timedelta(days=1))
    if not future.any():
        return tidy
    for kpi, rows in tidy[future].groupby("kpi", sort=False):
        add_quality(quality, "after the export date", kpi, [] if event_log else rows.index,
                    f"left out: dated after {cutoff:%Y-%m-%d}, the day the file was saved",
                    count=len(rows))
    return tidy[~future]


# --- the public entry points ---------------------------------------------------------

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


def read_columns(source: dict, lang: str = "en") -> str:
    """The columns read by role, e.g. "columns 'Datum' as date" (in ``lang``), or ""."""
    pairs = [label("source.column_as", lang, header=h, role=label(
                 f"v16xl.role_{r}" if r in EVENT_NAMES else f"role.{r}", lang))
             for r, h in source.get("columns", {}).items()]
    return label("source.columns", lang, pairs=", ".join(pairs)) if pairs else ""


def describe_source(source: dict, lang: str = "en") -> str:
    """One line on how the file was read, in ``lang`` (``attrs["source"]["summary"]`` is
    the English one); the columns read by role are :func:`read_columns`.

    Examples
    --------
    >>> describe_source({"encoding": "cp1252", "separator": ";", "decimal": ",",
    ...                  "date_format": "dmy", "shape": "long form", "rows": 1412})
    "read as cp1252, ';' separated, decimal comma, dates DD-MM-YYYY; long form, 1,412 rows"
    >>> describe_source({"separator": "\\t", "shape": "wide form", "rows": 1412}, "nl")
    'ingelezen als gescheiden door tabs; brede vorm, 1.412 rijen'
    """
    def w(key: str, **fields) -> str:
        return label(f"v16nl.{key}", lang, **fields)

    how = []
    if source.get("encoding"):
        encoding = {"utf-8": "UTF-8", "cp1252": "cp1252"}[source["encoding"]]
        how.append(w("bom", encoding=encoding) if source.get("bom") else encoding)
    if source.get("separator"):
        separator = source["separator"]
        how.append(w("separated", separator=w("separator.tab") if separator == "\t"
                     else SEPARATOR_NAMES[separator]))
    if source.get("sheet"):
        sheets = source.get("sheets") or [source["sheet"]]
        first = "sheet_first_table" if source.get("sheet_skipped") else "sheet_first"
        how.append(w(first, sheet=source["sheet"], count=len(sheets),
                     sheets=", ".join(sheets)) if source.get("sheet_chosen")
                   else w("sheet", sheet=source["sheet"]))
    if source.get("header_row", 1) > 1:
        how.append(w("header_row", row=source["header_row"]))
    if source.get("format") == "parquet":
        how.append("Parquet")
    if source.get("decimal"):
        how.append(w("decimal.comma" if source["decimal"] == "," else "decimal.point"))
    if source.get("date_format"):
        how.append(w("dates", format=w(f"datefmt.{source['date_format']}")))
    if source.get("time_zones"):
        how.append(w("time_zones"))
    if source.get("columns"):
        how.append(read_columns(source, lang))
    shape = w("shape", shape=w(f"shape.{source['shape']}"),
              rows=fmt_count(source["rows"], "row", lang))
    return w("read", how=", ".join(how), shape=shape) if how else w("read_shape", shape=shape)


def _from_event_log(path: Path, plan: Plan, fmt, quality: list
                    ) -> tuple[pd.DataFrame, dict, dict]:
    """An event log's KPI rows (:func:`~kpi_analysis.inputs.eventlog.read_event_log`,
    imported here: DuckDB loads only for event logs), every number finite."""
    from .eventlog import read_event_log
    tidy, source, date_columns = read_event_log(path, plan, fmt, quality)
    infinite = tidy[np.isinf(tidy["value"]) | np.isinf(tidy["n"])]
    if len(infinite):  # a cell such as 1e400 in a column the rule adds up
        first = infinite.iloc[0]
        kpi = plan.kpi(first["kpi"])
        raise DataError(path, f"KPI '{kpi.id}': the items of the period from "
                              f"{first['date']:%Y-%m-%d} hold a number that is not finite "
                              f"(too large, such as 1e400, or infinite); give ordinary "
                              f"numbers",
                        column=kpi.data.column or kpi.data.n_column)
    return tidy, source, date_columns


def load_measurements(path: str | Path | None, plan: Plan, *, sheet: str | None = None,
                      require_after: bool = False, checked: str | Path | None = None
                      ) -> pd.DataFrame:
    """Read a measurement file into the tidy frame ``date, kpi, value, n, period``.

    Parameters
    ----------
    path : str or Path or None
        The data file; None or "" means the plan's ``data_file`` (relative to the
        plan). CSV, Excel ``.xlsx`` or Parquet, long, wide or an event log (module
        docstring); detection is reported, never silent.
    plan : Plan
        The plan: KPI ids and their ``data`` mapping, periods, ``data_format``.
    sheet : str, optional
        The Excel sheet; overrides the plan's ``data_format.sheet`` (default: the
        first sheet).
    require_after : bool, default False
        Also require data in the after period for every KPI (an impact report
        needs it; a baseline-only check does not).
    checked : str or Path, optional
        A frame this function returned before, written by :func:`save_checked`:
        when given (not ""), it is read instead of the data file, which is then
        neither read nor checked again. ``kpi report`` passes the frame it checked to
        the report notebook this way, so a report reads its data once.

    Returns
    -------
    DataFrame
        Sorted by kpi and date; ``period`` is a categorical. ``attrs["source"]`` is
        a dict of what was detected (``summary`` is one readable line);
        ``attrs["quality"]`` holds the rows of :func:`data_quality`.

    Raises
    ------
    DataError
        Naming file, row, column, the value and what is valid.
    PlanError
        When an event-log rule in the plan does not fit its KPI.
    """
    if checked:
        return read_checked(checked)
    path = data_path(path, plan)
    fmt = plan.data_format
    if sheet is not None:
        fmt = fmt.model_copy(update={"sheet": sheet})
    quality: list[dict] = []
    event_log = any(k.data.measure for k in plan.kpis)
    try:
        if event_log:
            tidy, source, date_columns = _from_event_log(path, plan, fmt, quality)
        else:
            tidy, source = read_long_or_wide(path, plan, fmt, quality)
            date_columns = {}
    except DataError as err:
        raise with_sheets(err, path, fmt) from None
    tidy["period"] = label_periods(tidy["date"], plan.periods)
    if not event_log:  # the event-log reader lists its outside items itself
        for kpi in plan.kpis:
            outside = tidy.index[(tidy["kpi"] == kpi.id) & (tidy["period"] == "outside")]
            add_quality(quality, "outside every period", kpi.id, outside,
                        "kept, labelled 'outside'; not used in the before/after comparison")
    tidy = _drop_future(tidy, path, quality, event_log=event_log)
    _check_periods(tidy, plan, path, date_columns, require_after, quality)
    tidy = tidy.sort_values(["kpi", "date"], kind="stable").reset_index(drop=True)
    tidy = tidy[["date", "kpi", "value", "n", "period"]
                + (["group"] if "group" in tidy.columns else [])]
    source["summary"] = describe_source(source)
    tidy.attrs = {"source": source, "quality": quality}
    return tidy


def require_after(measurements: pd.DataFrame, plan: Plan, path: str | Path | None = None
                  ) -> None:
    """Raise the :class:`DataError` of ``load_measurements(..., require_after=True)`` for
    a frame read without it: a KPI without data after go-live. ``path`` is the data
    file (default: the plan's ``data_file``), for the message."""
    source = measurements.attrs.get("source", {})
    date_columns = ({k: v["date"] for k, v in source.get("kpis", {}).items()}
                    if source.get("shape") == "event log" else {})
    _check_periods(measurements, plan, data_path(path, plan), date_columns, True, [])


#: the key of the tidy frame's ``attrs`` (as JSON) in the Parquet file of :func:`save_checked`
_ATTRS = b"kpi_kit.attrs"


def _plain(value):
    """A NumPy scalar in ``attrs`` as the Python number :func:`json.dumps` writes."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} in measurements.attrs")


def save_checked(measurements: pd.DataFrame, path: str | Path) -> Path:
    """Write a frame returned by :func:`load_measurements` to Parquet, its ``attrs``
    (how the file was read, the data-quality rows) included, so that
    ``load_measurements(..., checked=path)`` gives it back unchanged. Returns ``path``."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    table = pa.Table.from_pandas(measurements, preserve_index=False)
    meta = {**(table.schema.metadata or {}),
            _ATTRS: json.dumps(measurements.attrs, default=_plain).encode("utf-8")}
    pq.write_table(table.replace_schema_metadata(meta), path)
    return Path(path)


def read_checked(path: str | Path) -> pd.DataFrame:
    """The frame :func:`save_checked` wrote to ``path``, ``attrs`` included."""
    import pyarrow.parquet as pq
    table = pq.read_table(path)
    meta = table.schema.metadata or {}
    if _ATTRS not in meta:
        raise InputError(f"{path}: not a frame written by save_checked (it carries no "
                         f"record of how the data were read); leave 'checked' empty to "
                         f"read the data file")
    frame = table.to_pandas()
    frame.attrs = json.loads(meta[_ATTRS])
    return frame


def data_quality(measurements: pd.DataFrame) -> pd.DataFrame:
    """The rows that were kept out or only labelled, for the report's data-quality table.

    Parameters
    ----------
    measurements : DataFrame
        A frame returned by :func:`load_measurements`.

    Returns
    -------
    DataFrame
        One row per rule and KPI: ``rule`` (what was found), ``kpi`` (empty when it
        concerns the whole file), ``rows`` (how many rows), ``example_rows`` (up to
        five spreadsheet row numbers, header = row 1) and ``action`` (what happened
        to them). Empty when nothing was kept out.

    Examples
    --------
    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import SAMPLES
    >>> plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    >>> data_quality(ka.load_measurements("", plan)).columns.tolist()
    ['rule', 'kpi', 'rows', 'example_rows', 'action']
    """
    if "quality" not in measurements.attrs:
        raise InputError("measurements carries no data-quality record; pass the frame "
                         "returned by load_measurements")
    return pd.DataFrame(measurements.attrs["quality"],
                        columns=["rule", "kpi", "rows", "example_rows", "action"])
