"""Cells: numbers in the file's decimal convention and dates (ISO, day-month-year or ISO
weeks, with or without a UTC offset), as the long/wide reader and the event-log reader
(in DuckDB) both read them."""
from __future__ import annotations

import re
from datetime import date, datetime

import numpy as np
import pandas as pd

from ..errors import DataError
from .problems import rows_error, show

#: day-month-year formats accepted when a column is not ISO (the same in pandas and DuckDB)
DMY_FORMATS = ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y")
DATE_FORMAT_NAMES = {"iso": "YYYY-MM-DD (optionally with a time)",
                     "dmy": "DD-MM-YYYY (optionally with a time)",
                     "week": "YYYY-Www (an ISO week such as 2026-W05, read as its Monday)"}
#: an ISO week, full match (``2026-W05``); ``2026-05`` is not one: ISO reads it as May
ISO_WEEK = r"\d{4}-[Ww]\d{2}"
#: a UTC offset or zone after a time of day; group 1 is the time, group 2 the zone
TZ_SUFFIX = r"(\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*(Z|UTC|[+-]\d\d(?::?\d\d)?)$"

#: numbers, full match: integers read the same either way; the two conventions
INTEGER = r"(?:[+-]?\d+)"
NUMBER = {
    ".": r"(?:[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:[eE][+-]?\d+)?|[+-]?\.\d+)",
    ",": r"(?:[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d*)?|[+-]?,\d+)",
}
DECIMAL_NAMES = {".": "decimal point (1234.5 or 1,234.5)",
                 ",": "decimal comma (1234,5 or 1.234,5)"}
#: yes/no words of a flag column, compared in lower case
FLAG_WORDS = {True: ("1", "true", "yes", "y", "ja", "j", "waar", "t"),
              False: ("0", "false", "no", "n", "nee", "onwaar", "f")}


def not_a_date(value, fmt: str | None) -> str:
    expected = (f"the column's dates are {DATE_FORMAT_NAMES[fmt]}" if fmt else
                "expected YYYY-MM-DD (or DD-MM-YYYY throughout)")
    return f"{show(value)} is not a date; {expected}"


def mixed_time_zones(column: str, with_row: int, with_value, without_row: int,
                     without_value) -> str:
    return (f"column '{column}' mixes times with and without a time zone: row {with_row} "
            f"{show(with_value)} has one, row {without_row} {show(without_value)} has none; "
            f"write all of them with a UTC offset or none")


def decide_decimal(path, evidence: dict, override: str | None) -> str | None:
    """The file's decimal mark from the evidence of its number cells.

    ``evidence`` maps ``"."``, ``","`` (cells only one convention reads, such as
    ``12.5`` or ``12,5``) and ``"ambiguous"`` (cells both read differently, such as
    ``1.234``) to the first such cell as ``(row, column, value)`` or None. Returns
    ``"."``, ``","`` or None when no cell has a decimal or thousands mark.
    """
    if override:
        return override
    point, comma, ambiguous = evidence.get("."), evidence.get(","), evidence.get("ambiguous")
    if point and comma:
        later = max(point, comma, key=lambda e: e[0])
        raise DataError(path, f"the file mixes a decimal point (row {point[0]}, column "
                              f"'{point[1]}': {show(point[2])}) and a decimal comma (row "
                              f"{comma[0]}, column '{comma[1]}': {show(comma[2])}); write all "
                              f"numbers one way", row=later[0], column=later[1])
    if point or comma:
        return "." if point else ","
    if ambiguous:
        row, column, value = ambiguous
        raise DataError(path, f"{show(value)} could be read with a decimal point or as a "
                              f"thousands-separated whole number, and no other number in the "
                              f"file settles it; set data_format: {{decimal: ','}} or "
                              f"{{decimal: '.'}} in the plan", row=row, column=column)
    return None


def _texts(raw: pd.Series) -> pd.Series:
    """The text cells of ``raw`` stripped, NA elsewhere (native numbers, dates, empties)."""
    if raw.dtype != object and not pd.api.types.is_string_dtype(raw.dtype):
        return pd.Series(np.nan, index=raw.index, dtype="str")
    if raw.dtype != object:
        return raw.str.strip()
    is_text = raw.map(type).eq(str)
    return raw.where(is_text).astype("str").str.strip()


def number_evidence(frame: pd.DataFrame, columns) -> dict:
    """What the text cells of ``columns`` say about the decimal mark.

    Returns
    -------
    dict
        ``"."``, ``","`` and ``"ambiguous"`` mapped to the first cell that only a
        decimal point reads, only a decimal comma reads, or both read differently,
        as ``(row, column, value)``; the input of :func:`decide_decimal`.
    """
    found: dict = {}
    for column in columns:
        text = _texts(frame[column]).dropna()
        point = text.str.fullmatch(NUMBER["."])
        comma = text.str.fullmatch(NUMBER[","])
        classes = {".": point & ~comma, ",": comma & ~point,
                   "ambiguous": point & comma & ~text.str.fullmatch(INTEGER)}
        for key, mask in classes.items():
            if mask.any():
                row = mask.idxmax()
                if key not in found or row < found[key][0]:
                    found[key] = (int(row), column, text[row])
    return found


def parse_numbers(raw: pd.Series, path, column: str, decimal: str | None, *,
                  allow_empty: bool) -> pd.Series:
    """Floats from native numbers and from text in the file's decimal convention.

    Parameters
    ----------
    raw : Series
        The cells, indexed by spreadsheet row.
    path, column
        For messages.
    decimal : {'.', ',', None}
        The file's decimal mark (:func:`decide_decimal`); None reads a point.
    allow_empty : bool
        Empty cells become NaN; otherwise they are an error.

    Raises
    ------
    DataError
        At the first cell that is not a number in that convention, or whose number is
        not finite (``1e400`` overflows; Excel and Parquet can hold infinity).
    """
    if pd.api.types.is_bool_dtype(raw.dtype):
        raw = raw.astype(float)
    text = _texts(raw)
    if pd.api.types.is_numeric_dtype(raw.dtype):
        values = raw.astype(float)
    else:
        values = pd.to_numeric(raw.where(text.isna()), errors="coerce").astype(float)
    mark = decimal or "."
    ok = text.str.fullmatch(NUMBER[mark]).fillna(False).astype(bool)
    norm = text.str.replace("." if mark == "," else ",", "", regex=False)
    if mark == ",":
        norm = norm.str.replace(",", ".", regex=False)
    from_text = pd.to_numeric(norm.where(ok), errors="coerce").astype(float)
    values = values.where(text.isna() | (text == ""), from_text)
    empty = raw.isna() | (text == "")
    bad = values.isna() & ~(empty if allow_empty else False)
    if bad.any():
        rows = bad.index[bad]
        value = raw[rows[0]]
        if empty[rows[0]]:
            message = "an empty cell is not a number"
        elif decimal and isinstance(value, str) and re.fullmatch(
                NUMBER["," if decimal == "." else "."], value.strip()):
            message = (f"{show(value)} is not a number in this file's "
                       f"{DECIMAL_NAMES[decimal]}")
        else:
            message = f"{show(value)} is not a number"
        raise rows_error(path, rows, message, column, count=len(rows))
    infinite = np.isinf(values)
    if infinite.any():
        rows = infinite.index[infinite]
        raise rows_error(path, rows, f"{show(raw[rows[0]])} is not a finite number (too large, "
                                     f"or infinite); give an ordinary number", column,
                         count=len(rows))
    return values


def _native_dates(raw: pd.Series) -> pd.Series:
    """Which cells of an object column are native dates (an Excel date among text)."""
    if raw.dtype != object:
        return pd.Series(False, index=raw.index)
    return raw.map(lambda v: isinstance(v, (datetime, date)) and v is not pd.NaT)


def _native_numbers(raw: pd.Series) -> pd.Series:
    """Which cells are native numbers (not text, not a yes/no)."""
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        return raw.notna()
    if raw.dtype != object:
        return pd.Series(False, index=raw.index)
    return raw.map(lambda v: isinstance(v, (int, float, np.number)) and not isinstance(
        v, (bool, np.bool_)) and v == v)


def parse_dates(raw: pd.Series, path, column: str, *, allow_empty: bool = False
                ) -> tuple[pd.Series, dict]:
    """Naive datetimes (local clock time) from native dates or text, mixed in one column.

    Native dates (an Excel date cell) are kept; text is ISO or, when the first
    readable text date is day-month-year, DD-MM-YYYY throughout
    (:data:`DMY_FORMATS`); a UTC offset is dropped, keeping the clock time. Empty
    cells are NaT when ``allow_empty``, else an error.

    Returns
    -------
    (Series, dict)
        The dates and what was found: ``date_format`` ('iso', 'dmy' or 'week': a
        column of ISO weeks only, each read as its Monday) and
        ``time_zones`` (whether offsets were dropped).

    Raises
    ------
    DataError
        At the first empty or unreadable cell, a number, or where a column mixes
        times with and without a time zone.
    """
    numbers = _native_numbers(raw)
    if numbers.any():
        rows = raw.index[numbers]
        raise rows_error(path, rows, f"{show(raw[rows[0]])} is a number, not a date; expected "
                                     f"YYYY-MM-DD (in Excel: format the column as dates)", column)
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        aware = getattr(raw.dt, "tz", None) is not None
        parsed = raw.dt.tz_localize(None) if aware else raw
        info = {"time_zones": aware}
        empty = parsed.isna()
    else:
        native = _native_dates(raw)
        text = raw.where(~native).astype("str").str.strip()
        empty = (text.isna() | (text == "")) & ~native
        wall = text.str.replace(TZ_SUFFIX, r"\1", regex=True)
        given = ~empty & ~native
        aware_each = (wall != text).fillna(False).astype(bool) & given
        if aware_each[given].any() and not aware_each[given].all():
            first = given.idxmax()
            other = (given & (aware_each != aware_each[first])).idxmax()
            yes, no = (first, other) if aware_each[first] else (other, first)
            raise DataError(path, mixed_time_zones(column, yes, raw[yes], no, raw[no]),
                            row=int(max(first, other)), column=column)
        iso = pd.to_datetime(wall, format="ISO8601", errors="coerce")
        fmt = "iso"
        if given.any() and text[given].str.fullmatch(ISO_WEEK).all():
            iso = pd.to_datetime(text.str.upper() + "-1", format="%G-W%V-%u", errors="coerce")
            fmt = "week"
        elif iso[given].isna().any():
            dmy = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
            for pattern in DMY_FORMATS:
                dmy = dmy.fillna(pd.to_datetime(wall, format=pattern, errors="coerce"))
            # the first readable date decides the column's format (the index is the row)
            iso_first, dmy_first = (s.notna() & given for s in (iso, dmy))
            if dmy_first.any() and (not iso_first.any()
                                    or dmy_first.idxmax() < iso_first.idxmax()):
                iso, fmt = dmy, "dmy"
        parsed = iso.where(~native, pd.to_datetime(raw.where(native)))
        info = {"date_format": fmt if (given & iso.notna()).any() else None,  # None: none read
                "time_zones": bool(aware_each.any())}
    if empty.any() and not allow_empty:
        rows = empty.index[empty]
        raise rows_error(path, rows, "an empty cell is not a date", column,
                         count=len(rows))
    bad = parsed.isna() & ~empty
    if bad.any():
        rows = bad.index[bad]
        raise rows_error(path, rows, not_a_date(raw[rows[0]], info.get(
            "date_format")), column, count=len(rows))
    return parsed.astype("datetime64[us]"), info


def typed_columns(frame: pd.DataFrame, path, dates, numbers, decimal: str | None
                  ) -> tuple[pd.DataFrame, dict]:
    """A sheet's date and number columns made one type each, by the rules above.

    An Excel column may mix native cells (numbers, dates) with text typed the local
    way (``42,9``, ``15-04-2026``). The columns ``numbers`` (native or text) become
    floats in the file's decimal convention (decided from their text cells, or
    ``decimal``, the plan's); the columns ``dates`` that hold native dates among text
    become datetimes (text-only date columns are left as they are). Empty cells stay
    empty. Used where a reader needs typed columns first (the event log in DuckDB);
    the long/wide reader applies the same rules column by column.

    Returns
    -------
    (DataFrame, dict)
        The frame (a copy where changed) and what was found: ``decimal`` and the
        ``date_formats`` of the converted date columns.

    Raises
    ------
    DataError
        As :func:`parse_numbers`, :func:`parse_dates` and :func:`decide_decimal`.
    """
    frame = frame.copy()
    numbers = [c for c in dict.fromkeys(numbers) if c in frame.columns]
    found = {"decimal": decide_decimal(path, number_evidence(frame, numbers), decimal),
             "date_formats": {}}
    for column in numbers:
        frame[column] = parse_numbers(frame[column], path, column, found["decimal"],
                                      allow_empty=True)
    for column in dict.fromkeys(dates):
        if column in frame.columns and _native_dates(frame[column]).any():
            frame[column], info = parse_dates(frame[column], path, column, allow_empty=True)
            found["date_formats"][column] = info.get("date_format")
    return frame, found
