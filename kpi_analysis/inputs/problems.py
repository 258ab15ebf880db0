"""How the readers say what is wrong with a file: a value shown in a message, the
closest column name, a :class:`~kpi_analysis.errors.DataError` at the first of many
rows, and the rows of the data-quality table
(:func:`~kpi_analysis.inputs.measurements.data_quality`).

Shared by the long/wide reader and the event-log reader so both word a problem alike.
"""
from __future__ import annotations

import difflib

import numpy as np

from ..errors import DataError

#: example rows named in a message or a data-quality row
EXAMPLES = 5


def show(value, width: int = 40) -> str:
    """A cell value quoted for a one-line message."""
    text = str(value).replace("\r", "\\r").replace("\n", "\\n")
    return repr(text if len(text) <= width else text[:width - 3] + "...")


def closest(name: str, names) -> str:
    """``" Did you mean 'x'?"`` for the closest of ``names`` (case aside), or ``""``."""
    names = [str(n) for n in names]
    lower = {n.lower(): n for n in names}
    match = lower.get(str(name).lower()) or next(
        iter(difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)), None)
    return f" Did you mean '{match}'?" if match else ""


def missing_column(path, name: str, columns, role: str, hint: str = "") -> DataError:
    """The error for a column the plan or the shape needs but the file lacks."""
    return DataError(path, f"no '{name}' column ({role}).{closest(name, columns)} "
                           f"Columns found: {', '.join(map(str, columns))}{hint}", column=name)


def rows_error(path, rows, message: str, column: str | None, count: int | None = None
               ) -> DataError:
    """A DataError at the first of ``rows`` (spreadsheet rows, at least one), naming a
    few more and counting all ``count`` (default: ``len(rows)``)."""
    count = len(rows) if count is None else int(count)
    rows = [int(r) for r in rows[:EXAMPLES]]
    if count > 1:
        others = ", ".join(map(str, rows[1:EXAMPLES]))
        message += (f" ({count - 1} more row{'s' if count > 2 else ''} like this"
                    + (f", e.g. {others})" if others else ")"))
    return DataError(path, message, row=rows[0], column=column)


def add_quality(quality: list, rule: str, kpi: str, rows, action: str,
                count: int | None = None) -> None:
    """Append a data-quality row for ``count`` rows (default: ``len(rows)``), of which
    ``rows`` are spreadsheet row numbers; nothing is added for zero rows."""
    rows = np.asarray(rows, dtype=np.int64)
    count = len(rows) if count is None else int(count)
    if count:
        quality.append({"rule": rule, "kpi": kpi, "rows": count,
                        "example_rows": [int(r) for r in np.sort(rows)[:EXAMPLES]],
                        "action": action})
