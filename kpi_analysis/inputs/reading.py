"""Reading files: a CSV file's encoding, separator, header and blank lines; an Excel
sheet; Parquet. The cells come back as they are (text for CSV) indexed by spreadsheet
row (blank lines counted). The column names are on row 1, or below a few title lines
(an export's name and date, each a single cell), which are skipped and reported."""
from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..plan import DataFormat
from .problems import closest

_READERS = {".csv": "csv", ".txt": "csv", ".xlsx": "excel", ".parquet": "parquet"}
SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "','", ";": "';'", "\t": "tab"}
#: at most this many title lines (one cell or none) are looked for above the column names
MAX_TITLE_ROWS = 20
#: the first cell of a totals row at the bottom of an export (compared in lower case,
#: without a trailing colon); such rows are a sum of the rows above, not a measurement
TOTAL_WORDS = frozenset({"totaal", "totalen", "eindtotaal", "subtotaal", "som", "total",
                         "totals", "grand total", "subtotal", "sum"})

_CHUNK = 1 << 24
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


@dataclass(frozen=True)
class Dialect:
    """How a CSV file is written, as detected by :func:`sniff_csv`."""

    path: Path
    encoding: str           #: 'utf-8', 'utf-8-sig' or 'cp1252' (Python codec names)
    separator: str
    header: tuple[str, ...]
    lines: int              #: lines in the file, the header and blank lines included
    note: str = ""          #: why the encoding was chosen, when not plain UTF-8
    skip: int = 0           #: title lines above the column names (header on row skip + 1)

    @property
    def info(self) -> dict:
        """What to report: encoding (without BOM), BOM, why, separator, header row."""
        return {"encoding": self.encoding.removesuffix("-sig"),
                "bom": self.encoding.endswith("-sig"), "encoding_note": self.note,
                "separator": self.separator, "header_row": self.skip + 1}

    @cached_property
    def _blank_lines(self) -> np.ndarray:
        return _blank_lines(self.path)

    def blank_lines(self, records: int) -> np.ndarray:
        """1-based numbers of the blank lines between the ``records`` data records.

        When the file has exactly one line per record plus the header there are none
        and the file is not read again; otherwise (blank lines, or line breaks inside
        quoted cells) they are looked up once.
        """
        if self.lines == records + 1 + self.skip:
            return np.empty(0, dtype=np.int64)
        blanks = self._blank_lines
        return blanks[blanks > self.skip + 1]

    def rows(self, record_ids, records: int) -> np.ndarray:
        """Spreadsheet row numbers of 0-based data records (blank lines counted)."""
        record_ids = np.asarray(record_ids, dtype=np.int64)
        blanks = self.blank_lines(records)
        first = self.skip + 2  # the first record's line
        before = blanks - np.arange(len(blanks)) - first  # records before each blank line
        return record_ids + first + np.searchsorted(before, record_ids, side="right")


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
    lines_of_text = text.splitlines(keepends=True)
    skip = title_rows([_cells(line) for line in lines_of_text[:MAX_TITLE_ROWS + 1]])
    text = "".join(lines_of_text[skip:])
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
    return Dialect(path, encoding, separator, header, lines, note, skip)


def _cells(line: str) -> list[str]:
    """A line's cells split by whichever separator gives the most (for title lines)."""
    return max((line.strip().split(sep) for sep in SEPARATORS), key=len)


def title_rows(rows: list[list]) -> int:
    """How many rows above the column names are titles: the leading rows with at most
    one filled cell, when a row with two or more follows within MAX_TITLE_ROWS (else 0:
    the file has no recognisable table and row 1 is read as the header)."""
    for i, row in enumerate(rows[:MAX_TITLE_ROWS + 1]):
        filled = sum(1 for cell in row if not pd.isna(cell) and str(cell).strip())
        if filled >= 2:
            return i
    return 0


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
        raise DataError(path, f"{' and '.join(SEPARATOR_NAMES[s] for s in fits)} both split the "
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
                           f"({SEPARATOR_NAMES[sep]} separated){hint}", row=row)


def unclosed_quote(path, row: int) -> DataError:
    return DataError(path, "a quote (\") opened on this row is never closed; quote whole "
                           "cells or remove the stray quote", row=row)


def _has_table(frame: pd.DataFrame) -> bool:
    """Column names on row 1 and at least one row with a value below them."""
    return frame.shape[1] > 0 and bool(frame.notna().any(axis=1).any())


def read_excel(path: Path, sheet: str | None) -> tuple[pd.DataFrame, dict]:
    """One sheet of a workbook and which sheet that was: ``sheet``, else the first
    that holds a table (empty sheets before it, such as a blank cover sheet, are
    skipped and the note says so). Cells keep their type: numbers stay numbers,
    dates stay dates, text stays text (:mod:`~kpi_analysis.inputs.cells` reads them).

    Raises DataError for an unknown sheet, or when the sheet (or, without ``sheet``,
    every sheet) holds no table, listing the sheets there are."""
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            names = list(book.sheet_names)
            if sheet is not None and sheet not in names:
                raise DataError(path, f"no sheet '{sheet}'.{closest(sheet, names)} Sheets: "
                                      f"{', '.join(names)}")
            for chosen in [sheet] if sheet is not None else names:
                frame, skip = _excel_table(book, chosen)
                if _has_table(frame):
                    break
            else:
                where = f"sheet '{sheet}' holds" if sheet is not None else "no sheet holds"
                raise DataError(path, f"{where} a table (column names on row 1, data below); "
                                      f"sheets: {', '.join(names)}; name the one with the "
                                      f"data in the plan: data_format: {{sheet: \"<one of: "
                                      f"{', '.join(names)}>\"}}")
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        raise DataError(path, f"cannot read the workbook: {str(exc).splitlines()[0]}") from None
    return frame, {"sheet": chosen, "sheets": names, "header_row": skip + 1,
                   "sheet_chosen": sheet is None and len(names) > 1,
                   "sheet_skipped": names.index(chosen) > 0}


def _excel_table(book: pd.ExcelFile, sheet: str) -> tuple[pd.DataFrame, int]:
    """A sheet's table and the title rows above its column names (read again below
    them only when row 1 holds a single cell, such as an export's title)."""
    frame = pd.read_excel(book, sheet_name=sheet)
    names = [c for c in frame.columns if not str(c).startswith("Unnamed:")]
    if len(names) >= 2 or frame.empty:
        return frame, 0
    top = pd.read_excel(book, sheet_name=sheet, header=None, nrows=MAX_TITLE_ROWS + 1)
    skip = title_rows(list(top.itertuples(index=False)))
    return (pd.read_excel(book, sheet_name=sheet, skiprows=skip), skip) if skip else (frame, 0)


def with_sheets(err: DataError, path: Path, fmt: DataFormat) -> DataError:
    """``err``, a problem with the whole table (no row) of a workbook read from its
    default sheet, with the sheets there are: the data may be on another one."""
    if (Path(path).suffix.lower() != ".xlsx" or fmt.sheet is not None or err.row is not None
            or "sheets:" in err.detail.lower()):
        return err
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            names = list(book.sheet_names)
    except (zipfile.BadZipFile, ValueError, KeyError, OSError):
        return err
    if len(names) < 2:
        return err
    return DataError(err.path, f"{err.detail} (read from the first sheet with a table; "
                               f"sheets: {', '.join(names)}; if the data is on another "
                               f"one, name it in the plan: data_format: {{sheet: \"<one "
                               f"of: {', '.join(names)}>\"}})", column=err.column)


def _total_rows(frame: pd.DataFrame) -> np.ndarray:
    """Row numbers of the totals rows at the bottom (at most three): rows whose first
    filled cell is a word such as 'Totaal' or 'Total' (:data:`TOTAL_WORDS`)."""
    found = []
    for row, cells in zip(frame.index[::-1][:3], frame.to_numpy()[::-1][:3]):
        first = next((c for c in cells if not pd.isna(c) and str(c).strip()), "")
        if str(first).strip().rstrip(":").strip().lower() not in TOTAL_WORDS:
            break
        found.append(row)
    return np.asarray(found[::-1], dtype=np.int64)


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
        The cells, indexed by spreadsheet row number, without the fully empty rows
        and the totals rows at the bottom; and ``source``: what was detected, with
        those rows in ``source["empty_rows"]`` and ``source["total_rows"]``.

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
                                keep_default_na=False, skipinitialspace=True, quotechar='"',
                                skiprows=dialect.skip)
            frame.index = dialect.rows(np.arange(len(frame)), len(frame))
            source.update(dialect.info)
        else:
            if kind == "excel":
                frame, sheet = read_excel(path, fmt.sheet)
                source.update(sheet)
            else:
                frame = pd.read_parquet(path)
            frame.index = np.arange(len(frame)) + 1 + source.get("header_row", 1)
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
    totals = _total_rows(frame)
    source["total_rows"] = totals
    frame = frame.drop(index=totals)
    if frame.empty:
        raise DataError(path, "the file has no data rows")
    source["rows"] = len(frame)
    return frame, source
