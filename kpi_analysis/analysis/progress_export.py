"""The progress frame written out: a tidy CSV for dashboards
(:func:`export_progress_csv`) and JSON-ready records for ``results.json``."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..files import write_csv_atomic
from .progress import PROGRESS_COLUMNS

_DATE_COLUMNS = ("review_date", "period_start", "period_end", "data_until", "deadline")
_BOOL_COLUMNS = ("partial", "target_met", "on_track")


def export_progress_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`~kpi_analysis.analysis.progress.progress`'s frame as a tidy CSV for
    dashboards, atomically.

    One row per KPI per review period, the columns of :data:`PROGRESS_COLUMNS` in
    that order (documented in :func:`~kpi_analysis.analysis.progress.progress`), so
    Power BI, Looker Studio or Excel
    read it without reshaping:

    ============ ===================================================================
    encoding     UTF-8, comma separated, one header row, ``\\n`` line ends
    dates        ISO ``YYYY-MM-DD`` (review_date, period_start, period_end, data_until,
                 deadline)
    numbers      decimal point ``.``, no thousands separator, full precision
    booleans     ``true`` / ``false`` (partial, target_met, on_track)
    missing      an empty cell (no target, not judged yet, no forecast)
    status       machine codes: 'on track', 'off track', 'stabilisation', 'partial
                 period', 'too little data', 'deadline passed', 'no target',
                 'no deadline'
    text         a cell a spreadsheet would run as a formula (starting with ``=``,
                 ``+``, ``-``, ``@``, tab, CR; e.g. a KPI name) gets a leading ``'``
    ============ ===================================================================

    In Excel use *Data > From Text/CSV* (file origin UTF-8, delimiter comma), so a
    Dutch locale does not read ``2.5`` as a date or as 25. A chart of ``level``
    against ``review_date`` per ``kpi``, with ``target`` as a line and
    ``forecast_low``..``forecast_high`` as a band, is the progress view.

    Parameters
    ----------
    frame : DataFrame
        As returned by :func:`~kpi_analysis.analysis.progress.progress`.
    path : str or Path
        The CSV file to write (folders are made); written via a temporary file and a
        rename, so a reader never sees half a file.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    InputError
        When ``frame`` lacks any of the columns.
    """
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"frame must be the DataFrame of progress(); got "
                         f"{type(frame).__name__}")
    missing = [c for c in PROGRESS_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"frame lacks the progress column(s) {', '.join(missing)}; pass "
                         f"the frame returned by progress()")
    out = frame[PROGRESS_COLUMNS].copy()
    for column in _DATE_COLUMNS:
        out[column] = pd.to_datetime(out[column]).dt.strftime("%Y-%m-%d")
    for column in _BOOL_COLUMNS:
        out[column] = out[column].map({True: "true", False: "false"}).astype(object)
    return write_csv_atomic(out, path, na_rep="", float_format="%.12g")


def progress_records(frame: pd.DataFrame) -> list[dict]:
    """The frame as JSON-ready records (ISO dates, None for missing), for results.json."""
    out = frame.copy()
    for column in _DATE_COLUMNS:
        if column in out.columns:
            out[column] = pd.to_datetime(out[column]).dt.strftime("%Y-%m-%d")
    records = out.astype(object).where(out.notna(), None).to_dict(orient="records")
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()}
            for r in records]
