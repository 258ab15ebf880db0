"""Measurements in: read a data file and return one tidy frame.

The tidy frame has one row per observation::

    date (datetime64)  kpi (str)  value (float)  n (float, NaN if absent)  period (category)

``n`` carries the trials of a proportion (value = successes) or the exposure of a
rate or count (value = events). ``period`` is ``baseline``, ``stabilisation``,
``after`` or ``outside`` (see :func:`label_periods`).

Files
-----
CSV separated by ``,``, ``;`` or a tab, in UTF-8, UTF-8 with a BOM or Windows-1252
(cp1252), with a decimal point or a decimal comma (thousands separators allowed:
``1,234.5`` or ``1.234,5``); Excel ``.xlsx`` (the plan's ``data_format.sheet``,
else the first sheet); Parquet. What was detected is reported in
``frame.attrs["source"]`` (``summary`` reads e.g. "read as cp1252, ';' separated,
decimal comma"). Nothing is guessed: a file whose numbers could be read two ways
is an error that names the plan setting (``data_format``) that settles it.

Shapes
------
The columns of long and wide data are found by role (date, kpi, value, n, group,
item): the plan's ``data_format.columns``, else a column named after the role, else
the one header of :data:`COLUMN_NAMES` for it (``Datum``, ``Indicator``, ``Waarde``,
...; case and spaces aside); what was read as what is in ``source["columns"]`` and
the summary. The role names are used below.

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
"""
from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
import zipfile
from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, InputError
from ..plan import DataFormat, Periods, Plan
from ..words.store import label

PERIODS = ("baseline", "stabilisation", "after", "outside")
_READERS = {".csv": "csv", ".txt": "csv", ".xlsx": "excel", ".parquet": "parquet"}
SEPARATORS = (",", ";", "\t")
_SEP_NAMES = {",": "','", ";": "';'", "\t": "tab"}

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

#: headers recognised without a plan mapping, per role, compared in lower case with runs
#: of spaces, '_' and '-' read as one space. Kept small so that no header fits two
#: roles: ``Aantal`` (a count, or the trials of a share?) is left to the plan's
#: ``data_format.columns``, as is every other header.
COLUMN_NAMES = {
    "date": ("date", "datum", "periode", "period", "week", "maand", "month", "dag", "day",
             "peildatum", "weekstart", "week start"),
    "kpi": ("kpi", "indicator", "kpi naam", "kpi name", "kpi id", "prestatie indicator"),
    "value": ("value", "waarde", "score", "meetwaarde"),
    "n": ("n", "noemer", "denominator", "trials", "exposure"),
    "group": ("group", "groep"),
    "item": ("item", "item id", "dossier", "dossiernummer", "zaak", "zaaknummer", "case id"),
}
#: roles looked up in wide data (the KPI columns come from the plan)
_WIDE_ROLES = ("date",)

_CHUNK = 1 << 24
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_EXAMPLES = 5


# --- small helpers shared with the event-log reader ----------------------------------

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


def _header_key(name) -> str:
    return re.sub(r"[\s_-]+", " ", str(name)).strip().lower()


def mapping_hint(role: str, columns) -> str:
    """How to name the file's column for ``role`` in the plan, with its own headers."""
    return (f"; add to the plan: data_format: {{columns: {{{role}: \"<one of: "
            f"{', '.join(map(str, columns))}>\"}}}}")


def recognise_columns(frame: pd.DataFrame, path, fmt: DataFormat, roles, taken=()
                      ) -> dict[str, str]:
    """Which file column plays each of ``roles``: the plan's ``data_format.columns``,
    else the column named after the role, else the one header of
    :data:`COLUMN_NAMES` for it (``taken``: headers that are not candidates, such as
    the plan's KPI columns). Returns ``{role: header}`` for the roles found.

    Raises DataError for a mapped column the file lacks, or two headers that fit
    one role."""
    found = {}
    keys = {c: _header_key(c) for c in frame.columns if c not in set(taken)}
    for role in roles:
        if role in fmt.columns:
            header = fmt.columns[role]
            if header not in frame.columns:
                raise missing_column(path, header, frame.columns, f"data_format.columns.{role}")
            found[role] = header
        elif role in frame.columns:
            found[role] = role
        else:
            fits = [c for c, k in keys.items() if k in COLUMN_NAMES[role]
                    and c not in fmt.columns.values()]
            if len(fits) > 1:
                raise DataError(path, f"columns {' and '.join(repr(f) for f in fits)} could "
                                      f"both be the {role}; choose one in the plan: "
                                      f"data_format: {{columns: {{{role}: \"{fits[0]}\"}}}}",
                                column=fits[1])
            if fits:
                found[role] = fits[0]
    return found


def rows_error(path, rows, message: str, column: str | None, count: int | None = None
               ) -> DataError:
    """A DataError at the first of ``rows`` (spreadsheet rows, at least one), naming a
    few more and counting all ``count`` (default: ``len(rows)``)."""
    count = len(rows) if count is None else int(count)
    rows = [int(r) for r in rows[:_EXAMPLES]]
    if count > 1:
        others = ", ".join(map(str, rows[1:_EXAMPLES]))
        message += (f" ({count - 1} more row{'s' if count > 2 else ''} like this"
                    + (f", e.g. {others})" if others else ")"))
    return DataError(path, message, row=rows[0], column=column)


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


# --- reading files -------------------------------------------------------------------

@dataclass(frozen=True)
class Dialect:
    """How a CSV file is written, as detected by :func:`sniff_csv`."""

    path: Path
    encoding: str           #: 'utf-8', 'utf-8-sig' or 'cp1252' (Python codec names)
    separator: str
    header: tuple[str, ...]
    lines: int              #: lines in the file, the header and blank lines included
    note: str = ""          #: why the encoding was chosen, when not plain UTF-8

    @property
    def info(self) -> dict:
        """What to report: encoding (without BOM), BOM, why, separator."""
        return {"encoding": self.encoding.removesuffix("-sig"),
                "bom": self.encoding.endswith("-sig"), "encoding_note": self.note,
                "separator": self.separator}

    @cached_property
    def _blank_lines(self) -> np.ndarray:
        return _blank_lines(self.path)

    def blank_lines(self, records: int) -> np.ndarray:
        """1-based numbers of the blank lines between the ``records`` data records.

        When the file has exactly one line per record plus the header there are none
        and the file is not read again; otherwise (blank lines, or line breaks inside
        quoted cells) they are looked up once.
        """
        if self.lines == records + 1:
            return np.empty(0, dtype=np.int64)
        return self._blank_lines

    def rows(self, record_ids, records: int) -> np.ndarray:
        """Spreadsheet row numbers of 0-based data records (blank lines counted)."""
        record_ids = np.asarray(record_ids, dtype=np.int64)
        blanks = self.blank_lines(records)
        before = blanks - np.arange(len(blanks)) - 2  # records before each blank line
        return record_ids + 2 + np.searchsorted(before, record_ids, side="right")


def _scan(path: Path) -> tuple[int | None, int]:
    """One fast pass over the bytes: the line of the first invalid UTF-8 (or None)
    and the number of lines."""
    bad_line, lines, last = None, 0, b"\n"
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            if bad_line is None and (not chunk.isascii() or decoder.getstate()[0]):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    bad_line = lines + chunk.count(b"\n", 0, max(exc.start, 0)) + 1
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if bad_line is None and decoder.getstate()[0]:
        bad_line = lines + 1  # a character cut off at the end
    return bad_line, lines + (last != b"\n")


def _blank_lines(path: Path) -> np.ndarray:
    """1-based numbers of the empty lines before the last line with content."""
    blanks, line, carry = [], 1, b""
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            block = carry + chunk
            if not block:
                break
            cut = block.rfind(b"\n") + 1 if chunk else len(block)
            block, carry = block[:cut], block[cut:]
            if (block.startswith((b"\n", b"\r\n")) or b"\n\n" in block
                    or b"\n\r\n" in block):
                blanks.extend(line + _blank_offsets(block))
            line += block.count(b"\n")
            if not chunk:
                break
    blanks = np.asarray(blanks, dtype=np.int64)
    last = line - 1 if line > 1 and not carry else line  # the file's last line
    while len(blanks) and blanks[-1] >= last:
        blanks, last = blanks[:-1], last - 1
    return blanks


def _blank_offsets(block: bytes) -> np.ndarray:
    """0-based indexes of the empty lines in ``block`` (vectorised)."""
    arr = np.frombuffer(block if block.endswith(b"\n") else block + b"\n", np.uint8)
    ends = np.flatnonzero(arr == 10)
    starts = np.concatenate(([0], ends[:-1] + 1))
    length = ends - starts
    blank = (length == 0) | ((length == 1) & (arr[np.minimum(starts, len(arr) - 1)] == 13))
    return np.flatnonzero(blank)


def _encoding(path: Path, fmt: DataFormat, bad_line: int | None) -> tuple[str, str]:
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(path, "the file is UTF-16 text; save it as 'CSV UTF-8' or "
                              "'CSV (semicolon/comma separated)'")
    bom = head.startswith(b"\xef\xbb\xbf")
    if fmt.encoding == "cp1252" or (fmt.encoding is None and bad_line is not None):
        if bom:
            raise DataError(path, f"the file starts as UTF-8 but line {bad_line} is not valid "
                                  f"UTF-8; save it again as 'CSV UTF-8'", row=bad_line)
        with open(path, "rb") as fh:
            line = 1
            for chunk in iter(lambda: fh.read(_CHUNK), b""):
                hit = _CP1252_UNDEFINED.search(chunk)
                if hit:
                    where = line + chunk.count(b"\n", 0, hit.start())
                    raise DataError(path, f"the file is neither UTF-8 (line {bad_line}) nor "
                                          f"Windows-1252 (byte 0x{hit.group()[0]:02x} at line "
                                          f"{where}); save it as 'CSV UTF-8'", row=where)
                line += chunk.count(b"\n")
        note = (f"not valid UTF-8 (line {bad_line}), read as Windows-1252 (cp1252)"
                if fmt.encoding is None else "Windows-1252 (cp1252), as the plan says")
        return "cp1252", note
    if bad_line is not None:
        raise DataError(path, f"line {bad_line} is not valid UTF-8 although the plan says "
                              f"data_format.encoding: utf-8", row=bad_line)
    return ("utf-8-sig", "UTF-8 with BOM") if bom else ("utf-8", "")


def sniff_csv(path: str | Path, fmt: DataFormat = DataFormat()) -> Dialect:
    """Detect a CSV file's encoding, separator, header and blank lines.

    Parameters
    ----------
    path : str or Path
        The CSV file (read only).
    fmt : DataFormat
        The plan's ``data_format``; a ``separator`` or ``encoding`` given there is
        used instead of detection.

    Returns
    -------
    Dialect

    Raises
    ------
    DataError
        When the encoding is neither UTF-8 nor cp1252, the separator cannot be told
        (or two fit equally), or the header is empty or repeats a name.
    """
    path = Path(path)
    bad_line, lines = _scan(path)
    encoding, note = _encoding(path, fmt, bad_line)
    with open(path, "rb") as fh:
        sample = fh.read(1 << 16)
        if fh.read(1):
            sample = sample[:sample.rfind(b"\n") + 1] or sample
    text = sample.decode(encoding, errors="replace")
    separator = fmt.separator or _separator(path, text)
    header = next(csv.reader(io.StringIO(text), delimiter=separator), [])
    header = tuple(h.strip() for h in header)
    if not any(header):
        raise DataError(path, "the first line is empty; the column names must be on row 1",
                        row=1)
    seen: dict[str, int] = {}
    for i, name in enumerate(header, 1):
        if name and name in seen:
            raise DataError(path, f"columns {seen[name]} and {i} are both named '{name}'; "
                                  f"give every column its own name", row=1, column=name)
        seen.setdefault(name, i)
    return Dialect(path, encoding, separator, header, lines, note)


def _separator(path: Path, text: str) -> str:
    """The one separator that splits the header in two or more columns and no sampled
    line in more (fewer is fine: some exports leave empty trailing cells out)."""
    fits, first_bad = [], {}
    for sep in SEPARATORS:
        reader = csv.reader(io.StringIO(text), delimiter=sep)
        widths = [(reader.line_num, len(r)) for r in reader if r]
        if not widths or widths[0][1] < 2:
            continue
        bad = [(line, w) for line, w in widths if w > widths[0][1]]
        if bad:
            first_bad[sep] = (widths[0][1], *bad[0])
        else:
            fits.append(sep)
    if len(fits) == 1:
        return fits[0]
    if len(fits) > 1:
        raise DataError(path, f"{' and '.join(_SEP_NAMES[s] for s in fits)} both split the "
                              f"lines into columns; set data_format: {{separator: "
                              f"'{fits[0]}'}} in the plan", row=1)
    if first_bad:
        sep, (width, line, got) = max(first_bad.items(), key=lambda kv: kv[1][0])
        raise field_count_error(path, line, got, width, sep)
    raise DataError(path, "found a single column; expected columns separated by ',' or ';' "
                          "with the names on row 1", row=1)


def field_count_error(path, row: int, found: int, expected: int, sep: str) -> DataError:
    hint = ("; a decimal comma in a ',' separated file needs quotes (\"12,5\") or use ';'"
            if sep == "," and found > expected else "")
    return DataError(path, f"{found} values but the header has {expected} columns "
                           f"({_SEP_NAMES[sep]} separated){hint}", row=row)


def unclosed_quote(path, row: int) -> DataError:
    return DataError(path, "a quote (\") opened on this row is never closed; quote whole "
                           "cells or remove the stray quote", row=row)


def read_excel(path: Path, sheet: str | None) -> tuple[pd.DataFrame, dict]:
    """One sheet of a workbook (``sheet``, else the first) and which sheet that was.

    Raises DataError for an unknown sheet, listing the sheets there are."""
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            names = list(book.sheet_names)
            if sheet is not None and sheet not in names:
                raise DataError(path, f"no sheet '{sheet}'.{closest(sheet, names)} Sheets: "
                                      f"{', '.join(names)}")
            chosen = sheet if sheet is not None else names[0]
            frame = pd.read_excel(book, sheet_name=chosen)
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        raise DataError(path, f"cannot read the workbook: {str(exc).splitlines()[0]}") from None
    note = f"Excel sheet '{chosen}'" + (f" (first of {len(names)}: {', '.join(names)})"
                                  if sheet is None and len(names) > 1 else "")
    return frame, {"sheet": chosen, "sheets": names, "sheet_note": note}


def open_table(path: Path, fmt: DataFormat) -> tuple[str, Dialect | None]:
    """The reader kind for ``path`` (checked to exist) and, for CSV, its dialect."""
    kind = _READERS.get(path.suffix.lower())
    if kind is None:
        raise DataError(path, f"unsupported file type '{path.suffix}'; use one of "
                              f"{', '.join(sorted(_READERS))}")
    if not path.is_file():
        raise DataError(path, "file not found")
    if path.stat().st_size == 0:
        raise DataError(path, "the file is empty")
    return kind, sniff_csv(path, fmt) if kind == "csv" else None


def read_table(path: Path, fmt: DataFormat = DataFormat()) -> tuple[pd.DataFrame, dict]:
    """Read a long or wide file: strings (CSV) or native cells (Excel, Parquet).

    Parameters
    ----------
    path : Path
        CSV, ``.xlsx`` or Parquet (opened for reading only).
    fmt : DataFormat
        The plan's ``data_format`` (sheet, separator, encoding).

    Returns
    -------
    (DataFrame, dict)
        The cells, indexed by spreadsheet row number (header = row 1), without the
        fully empty rows; and ``source``: what was detected, with those rows in
        ``source["empty_rows"]``.

    Raises
    ------
    DataError
        For an unreadable file, one without data rows, or a row with more cells
        than the header.
    """
    path = Path(path)
    kind, dialect = open_table(path, fmt)
    source = {"file": path.name, "format": kind}
    try:
        if kind == "csv":
            frame = pd.read_csv(path, sep=dialect.separator, dtype=str, encoding=dialect.encoding,
                                keep_default_na=False, skipinitialspace=True, quotechar='"')
            frame.index = dialect.rows(np.arange(len(frame)), len(frame))
            source.update(dialect.info)
        else:
            if kind == "excel":
                frame, sheet = read_excel(path, fmt.sheet)
                source.update(sheet)
            else:
                frame = pd.read_parquet(path)
            frame.index = np.arange(len(frame)) + 2
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            expected, line, got = map(int, found.groups())
            raise field_count_error(path, line, got, expected, dialect.separator) from None
        quote = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if quote:  # pandas counts rows from 0 at the header
            raise unclosed_quote(path, int(quote.group(1)) + 1) from None
        raise DataError(path, f"cannot read the file: {str(exc).splitlines()[0]}") from None
    except (UnicodeDecodeError, ValueError, OSError, ImportError) as exc:
        raise DataError(path, f"cannot read the file: {str(exc).splitlines()[0]}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    text = frame.astype("str").apply(lambda s: s.str.strip()) if len(frame) else frame
    empty = (frame.isna() | (text == "")).all(axis=1)
    blank_rows = (dialect.blank_lines(len(frame)) if dialect is not None
                  else np.array([], dtype=np.int64))
    source["empty_rows"] = np.sort(np.concatenate([blank_rows, frame.index[empty]]))
    frame = frame[~empty]
    if frame.empty:
        raise DataError(path, "the file has no data rows")
    source["rows"] = len(frame)
    return frame, source


# --- cells ---------------------------------------------------------------------------

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


def parse_dates(raw: pd.Series, path, column: str) -> tuple[pd.Series, dict]:
    """Naive datetimes (local clock time) from native dates or text.

    Text is ISO or, when the first readable date is day-month-year, DD-MM-YYYY
    throughout (:data:`DMY_FORMATS`); a UTC offset is dropped, keeping the clock time.

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
    if pd.api.types.is_numeric_dtype(raw.dtype) and raw.notna().any():
        rows = raw.index[raw.notna()]
        raise rows_error(path, rows, f"{show(raw[rows[0]])} is a number, not a date; expected "
                                     f"YYYY-MM-DD (in Excel: format the column as dates)", column)
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        aware = getattr(raw.dt, "tz", None) is not None
        parsed = raw.dt.tz_localize(None) if aware else raw
        info = {"time_zones": aware}
        empty = parsed.isna()
    else:
        text = raw.astype("str").str.strip()
        empty = text.isna() | (text == "")
        wall = text.str.replace(TZ_SUFFIX, r"\1", regex=True)
        aware_each = (wall != text).fillna(False).astype(bool)
        given = ~empty
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
        parsed = iso
        info = {"date_format": fmt, "time_zones": bool(aware_each.any())}
    if empty.any():
        rows = empty.index[empty]
        raise rows_error(path, rows, "an empty cell is not a date", column,
                         count=len(rows))
    bad = parsed.isna()
    if bad.any():
        rows = bad.index[bad]
        raise rows_error(path, rows, not_a_date(raw[rows[0]], info.get(
            "date_format")), column, count=len(rows))
    return parsed.astype("datetime64[us]"), info


# --- shapes --------------------------------------------------------------------------

def add_quality(quality: list, rule: str, kpi: str, rows, action: str,
                count: int | None = None) -> None:
    """Append a data-quality row for ``count`` rows (default: ``len(rows)``), of which
    ``rows`` are spreadsheet row numbers; nothing is added for zero rows."""
    rows = np.asarray(rows, dtype=np.int64)
    count = len(rows) if count is None else int(count)
    if count:
        quality.append({"rule": rule, "kpi": kpi, "rows": count,
                        "example_rows": [int(r) for r in np.sort(rows)[:_EXAMPLES]],
                        "action": action})


def _no_role(path, role: str, frame, names: dict, shape: str) -> DataError:
    """A role's column is missing: the error, with the mapping written with the file's
    own headers (those not already read as another role)."""
    others = [c for c in frame.columns if c not in names.values()] or list(frame.columns)
    return missing_column(path, role, frame.columns, shape, mapping_hint(role, others))


def _long(frame: pd.DataFrame, plan: Plan, path: Path, decimal, item_id, names: dict
          ) -> tuple[pd.DataFrame, dict]:
    """Long data; ``names`` maps the roles (date, kpi, value, n, group) to the file's
    headers (:func:`recognise_columns`)."""
    if "date" not in names:
        raise _no_role(path, "date", frame, names, "long form: date, kpi, value[, n]")
    date, kpi, value = names["date"], names["kpi"], names["value"]
    by_label = {k.column: k.id for k in plan.kpis}
    labels = frame[kpi].astype("str").str.strip()
    unknown = ~labels.isin(list(by_label))
    if unknown.any():
        rows = unknown.index[unknown]
        label = labels[rows[0]]
        raise rows_error(path, rows, f"KPI {show(label)} is not in the plan."
                         f"{closest(label, by_label)} Plan KPIs: {', '.join(by_label)}",
                         kpi, count=len(rows))
    dates, info = parse_dates(frame[date], path, date)
    tidy = pd.DataFrame({
        "date": dates,
        "kpi": labels.map(by_label),
        "value": parse_numbers(frame[value], path, value, decimal, allow_empty=False),
        "n": parse_numbers(frame[names["n"]], path, names["n"], decimal, allow_empty=True)
        if "n" in names else np.nan,
    })
    if "group" in names:
        tidy["group"] = _groups(frame[names["group"]], path, names["group"])
    _check_n(tidy, plan, path, names)
    _check_long_duplicates(frame, tidy, path, item_id)
    return tidy, info


GROUPS = ("treatment", "control")


def _groups(raw: pd.Series, path: Path, column: str = "group") -> pd.Series:
    """The optional ``group`` column: ``treatment`` (the changed process; also when
    empty) or ``control`` (an unchanged comparison: the plan's ``control_group``)."""
    groups = raw.astype("str").str.strip().str.lower().replace({"": "treatment",
                                                                 "nan": "treatment"})
    bad = ~groups.isin(GROUPS)
    if bad.any():
        raise rows_error(path, bad.index[bad], f"group {show(raw[bad.idxmax()])} is not "
                         f"known; valid: treatment (or empty), control", column,
                         count=int(bad.sum()))
    return groups


def _check_n(tidy: pd.DataFrame, plan: Plan, path: Path, names: dict | None = None) -> None:
    """Trials and exposure: not negative, all or none per KPI, successes within trials
    (``names``: the file's headers of the roles n and value, when they differ)."""
    n_col, value_col = ((names or {}).get(r, r) for r in ("n", "value"))
    bad = tidy[tidy["n"] < 0]
    if len(bad):
        raise rows_error(path, bad.index, f"n = {bad['n'].iloc[0]:g} is negative; n counts "
                                          f"trials or exposure", n_col)
    for kpi in plan.kpis:
        rows = tidy[tidy["kpi"] == kpi.id]
        if kpi.kind not in ("rate", "proportion") or rows["n"].isna().all():
            continue
        if rows["n"].isna().any():
            raise rows_error(path, rows.index[rows["n"].isna()],
                             f"no n for KPI '{kpi.id}' (a {kpi.kind}) while other rows give "
                             f"one; expected its trials or exposure", n_col)
        over = rows[rows["value"] > rows["n"]]
        if kpi.kind == "proportion" and len(over):
            raise rows_error(path, over.index, f"{over['value'].iloc[0]:g} successes out of "
                                               f"{over['n'].iloc[0]:g} trials; the value of a "
                                               f"proportion counts successes, at most n",
                             value_col)


def _check_long_duplicates(frame, tidy, path, item_id) -> None:
    """A repeated item id; without one, a repeated row in a KPI with one row per date
    (per-item KPIs may hold identical items, so their repeats are not errors)."""
    if item_id and item_id not in frame.columns:
        raise missing_column(path, item_id, frame.columns, "data_format.item_id")
    keys = (frame[[item_id] if item_id else list(frame.columns)].astype("str")
            .assign(_kpi=tidy["kpi"]))
    group = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup()
    repeated = group.duplicated(keep=False)
    if not item_id:
        distinct = tidy[~group.duplicated()]
        per_item = distinct.loc[distinct.duplicated(["kpi", "date"]), "kpi"].unique()
        repeated &= ~tidy["kpi"].isin(per_item)
    if repeated.any():
        first = repeated.idxmax()
        rows = group.index[group == group[first]]
        what = (f"item {show(frame[item_id][first])} of KPI '{tidy['kpi'][first]}'" if item_id
                else f"this row (KPI '{tidy['kpi'][first]}')")
        hint = ("" if item_id else "; per-item data may repeat a row only with an item id "
                                   "column (data_format.item_id)")
        raise rows_error(path, rows[1:], f"{what} repeats row {first}; remove the duplicate"
                         + hint, item_id, count=int(repeated.sum() - group[repeated].nunique()))


def _wide(frame: pd.DataFrame, plan: Plan, path: Path, decimal, quality, names: dict
          ) -> tuple[pd.DataFrame, dict]:
    """Wide data; ``names["date"]`` is the file's date header when there is one."""
    if "date" not in names:
        raise _no_role(path, "date", frame, names, "wide form: date plus one column per KPI; "
                                                   "long form: date, kpi, value")
    date = names["date"]
    missing = [k for k in plan.kpis if k.column not in frame.columns]
    if missing:
        names = ", ".join(f"'{k.column}' (KPI '{k.id}')" for k in missing)
        raise DataError(path, f"no column {names} in the data."
                              f"{closest(missing[0].column, frame.columns)} Every plan KPI "
                              f"needs measurements (columns found: {', '.join(frame.columns)})",
                        column=missing[0].column)
    dates, info = parse_dates(frame[date], path, date)
    repeated = dates.duplicated(keep=False)
    if repeated.any():
        first = repeated.idxmax()
        rows = dates.index[dates == dates[first]]
        raise rows_error(path, rows[1:], f"date {dates[first]:%Y-%m-%d} repeats row {first}; a "
                                         f"wide file has one row per date", date)
    parts, used = [], {date}
    for kpi in plan.kpis:
        n_col = kpi.data.n_column
        if n_col and n_col not in frame.columns:
            raise DataError(path, f"KPI '{kpi.id}' takes its n from column '{n_col}', which is "
                                  f"missing.{closest(n_col, frame.columns)} Columns found: "
                                  f"{', '.join(frame.columns)}", column=n_col)
        used |= {kpi.column, n_col}
        value = parse_numbers(frame[kpi.column], path, kpi.column, decimal, allow_empty=True)
        n = (parse_numbers(frame[n_col], path, n_col, decimal, allow_empty=True)
             if n_col else pd.Series(np.nan, index=frame.index))
        keep = value.notna()
        add_quality(quality, "empty cell", kpi.id, frame.index[~keep],
                    f"not measured on that date (column '{kpi.column}')")
        parts.append(pd.DataFrame({"date": dates[keep], "kpi": kpi.id,
                                   "value": value[keep], "n": n[keep]}))
    unused = [c for c in frame.columns if c not in used]
    if unused:
        quality.append({"rule": "unused columns", "kpi": "", "rows": 0, "example_rows": [],
                        "action": "ignored: " + ", ".join(unused)})
    tidy = pd.concat(parts)
    _check_n(tidy, plan, path)
    return tidy, info


# --- periods -------------------------------------------------------------------------

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
                            "example_rows": [], "action": f"nothing to compare yet ({after})"})


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
    pairs = [label("source.column_as", lang, header=h, role=label(f"role.{r}", lang))
             for r, h in source.get("columns", {}).items()]
    return label("source.columns", lang, pairs=", ".join(pairs)) if pairs else ""


def describe_source(source: dict, lang: str = "en") -> str:
    """One line on how the file was read (``attrs["source"]["summary"]`` is the English
    one); the columns read by role are :func:`read_columns`, in ``lang``.

    Examples
    --------
    >>> describe_source({"encoding": "cp1252", "separator": ";", "decimal": ",",
    ...                  "date_format": "dmy", "shape": "long form", "rows": 412})
    "read as cp1252, ';' separated, decimal comma, dates DD-MM-YYYY; long form, 412 rows"
    """
    how = []
    if source.get("encoding"):
        how.append({"utf-8": "UTF-8", "cp1252": "cp1252"}[source["encoding"]]
                   + (" with BOM" if source.get("bom") else ""))
    if source.get("separator"):
        how.append(f"{_SEP_NAMES[source['separator']]} separated")
    if source.get("sheet_note"):
        how.append(source["sheet_note"])
    if source.get("format") == "parquet":
        how.append("Parquet")
    if source.get("decimal"):
        how.append("decimal comma" if source["decimal"] == "," else "decimal point")
    if source.get("date_format"):
        how.append("dates " + DATE_FORMAT_NAMES[source["date_format"]].split(" ")[0])
    if source.get("time_zones"):
        how.append("time zones dropped (local clock time kept)")
    if source.get("columns"):
        how.append(read_columns(source, lang))
    shape = f"{source['shape']}, {source['rows']:,} rows"
    return f"read as {', '.join(how)}; {shape}" if how else f"read as {shape}"


def load_measurements(path: str | Path | None, plan: Plan, *, sheet: str | None = None,
                      require_after: bool = False) -> pd.DataFrame:
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
    path = data_path(path, plan)
    fmt = plan.data_format
    if sheet is not None:
        fmt = fmt.model_copy(update={"sheet": sheet})
    quality: list[dict] = []
    if any(k.data.measure for k in plan.kpis):
        from ..inputs.eventlog import read_event_log
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
        tidy["period"] = label_periods(tidy["date"], plan.periods)
    else:
        frame, source = read_table(path, fmt)
        add_quality(quality, "empty rows", "", source.pop("empty_rows"), "skipped")
        taken = [c for k in plan.kpis for c in (k.column, k.data.n_column) if c]
        names = recognise_columns(frame, path, fmt, ("kpi", "value"), taken)
        long_form = {"kpi", "value"} <= set(names)
        roles = (("date", "n", "group") + (() if fmt.item_id else ("item",)) if long_form
                 else _WIDE_ROLES)
        names = {**(names if long_form else {}),
                 **recognise_columns(frame, path, fmt, roles, taken)}
        source["columns"] = {r: h for r, h in names.items() if h != r}
        numeric = ([names["value"]] + ([names["n"]] if "n" in names else []) if long_form
                   else [c for c in taken if c in frame.columns])
        source["decimal"] = decide_decimal(path, number_evidence(frame, numeric),
                                           fmt.decimal)
        if long_form:
            tidy, info = _long(frame, plan, path, source["decimal"],
                               fmt.item_id or names.get("item"), names)
        else:
            tidy, info = _wide(frame, plan, path, source["decimal"], quality, names)
        source.update(info, shape="long form" if long_form else "wide form")
        missing = [k.id for k in plan.kpis if k.id not in set(tidy["kpi"])]
        if missing:
            raise DataError(path, f"no rows with kpi {', '.join(repr(m) for m in missing)} in "
                                  f"the data; every plan KPI needs measurements (labels found: "
                                  f"{', '.join(sorted(set(tidy['kpi'])))})")
        tidy["period"] = label_periods(tidy["date"], plan.periods)
        for kpi in plan.kpis:
            outside = tidy.index[(tidy["kpi"] == kpi.id) & (tidy["period"] == "outside")]
            add_quality(quality, "outside every period", kpi.id, outside,
                  "kept, labelled 'outside'; not used in the before/after comparison")
        date_columns = {}
    tidy = _drop_future(tidy, path, quality, event_log=bool(date_columns))
    _check_periods(tidy, plan, path, date_columns, require_after, quality)
    tidy = tidy.sort_values(["kpi", "date"], kind="stable").reset_index(drop=True)
    tidy = tidy[["date", "kpi", "value", "n", "period"]
                + (["group"] if "group" in tidy.columns else [])]
    source["summary"] = describe_source(source)
    tidy.attrs = {"source": source, "quality": quality}
    return tidy


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
    >>> from kpi_analysis.run.report import SAMPLES
    >>> plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    >>> data_quality(ka.load_measurements("", plan)).columns.tolist()
    ['rule', 'kpi', 'rows', 'example_rows', 'action']
    """
    if "quality" not in measurements.attrs:
        raise InputError("measurements carries no data-quality record; pass the frame "
                         "returned by load_measurements")
    return pd.DataFrame(measurements.attrs["quality"],
                        columns=["rule", "kpi", "rows", "example_rows", "action"])


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
