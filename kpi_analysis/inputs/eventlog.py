"""Event logs: one row per item (an invoice, a ticket, a CV) made into KPI series.

An event log holds items, not measurements: a ticket with its opening and closing
time and a "resolved at first contact" status, an invoice with its created and
paid dates and an error flag. Each KPI's ``data.measure`` in the plan says how the
items become one number per period of the KPI's ``frequency`` (day, ISO week
starting Monday, month, quarter):

========  ===============================================  ==================  ===============
measure   per item                                         value per period    n per period
========  ===============================================  ==================  ===============
duration  ``end`` - ``start`` in ``unit``                   mean (or median)    NaN
flagged   yes/no in ``flag`` (or one of ``flag_values``)   items flagged       items
count     one (only flagged items when ``flag`` is given)  items (0 if none)   days observed
value     the number in ``column``                         mean (or median)    NaN
sum       the numbers in ``column`` and ``n_column``       sum of ``column``   sum of n_column
========  ===============================================  ==================  ===============

Items are dated by ``data.date`` (default: ``end`` for a duration, else the column
``date``). A calendar period that straddles a boundary of the plan's periods is
split there, so every row belongs to one period; its ``date`` is where its part
starts. A flag reads ``1/0``, ``true/false``, ``yes/no``, ``y/n``, ``ja/nee`` (any
case); with ``flag_values`` the listed values are yes and everything else, an
empty cell too, is no. Text times with a UTC offset keep their clock time for
dating and count true elapsed time for durations; a time-zone-aware Parquet column
is read as UTC.

Kept out and listed in the data-quality table: items without an end time (open),
without a start time, date, flag or value, and rows empty in every column the plan
reads. Errors: a named column that is missing, a value that is not a date, flag or
number, times with and without a time zone in one column (or a duration between
the two kinds), an end before its start, and a repeated ``data_format.item_id``.

DuckDB reads the file itself (CSV and Parquet; an Excel sheet comes through
pandas, its number columns and its date columns mixing Excel dates with text made
one type first by :func:`~kpi_analysis.inputs.cells.typed_columns`), parses every column the plan names once into a temporary table and
answers each check and each KPI from it: ten million rows take seconds and at most
:data:`MEMORY_LIMIT` of DuckDB memory (it spills to a temporary folder beyond).
"""
from __future__ import annotations

import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ..errors import DataError
from ..plan import DataFormat, Plan
from .cells import (DMY_FORMATS, FLAG_WORDS, INTEGER, NUMBER, TZ_SUFFIX, decide_decimal,
                    mixed_time_zones, not_a_date, typed_columns)
from .eventrules import Rule, event_rules, resolve_columns
from .problems import add_quality, missing_column, rows_error, show
from .reading import field_count_error, open_table, read_excel, unclosed_quote
from .tidy import period_segments

#: DuckDB's memory budget; beyond it, it spills to a temporary folder
MEMORY_LIMIT = "2GB"
UNIT_SECONDS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0}
_TRUNC = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter"}
_TIMESTAMPS = ("TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "DATE")


def _q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def _lit(text: str) -> str:
    """A quoted SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def _trim(text: str) -> str:
    """SQL ``trim(text)`` (spaces only), trimming only the cells that need it: DuckDB's
    trim copies every string, which costs more than the checks and casts that follow."""
    return f"CASE WHEN prefix({text}, ' ') OR suffix({text}, ' ') THEN trim({text}) ELSE {text} END"


def _list(values) -> str:
    return "[" + ", ".join(_lit(v) for v in values) + "]"


class _ShortRows(Exception):
    """A CSV row has fewer cells than the header: read again with padding."""


class _Source:
    """The file as the DuckDB view ``src``, with its row numbers and raw cells.

    ``padded``: read a CSV row with fewer cells than the header as if the missing
    trailing cells were empty, as pandas does. DuckDB's parallel reader cannot do
    that together with quoted line breaks, so it is only used when a short row is met.
    """

    def __init__(self, con, path: Path, fmt: DataFormat, tmp: Path, rules: list[Rule]):
        self.con, self.path, self.padded = con, path, False
        self.given = rules  # the plan's rules; ``rules``: with the file's columns found
        self.rules, self.recognised = rules, {}
        self.decimal: str | None = None  # decided while typing a workbook's columns
        self.formats: dict = {}  # date formats of a workbook's typed date columns
        self.records: int | None = None  # data records, known once read (for row numbers)
        kind, self.dialect = open_table(path, fmt)
        self.info = {"file": path.name, "format": kind}
        self._create(fmt, tmp)

    def padded_again(self, fmt: DataFormat, tmp: Path) -> "_Source":
        """The same CSV read again with short rows padded (the file is not sniffed again)."""
        self.con.execute("DROP TABLE IF EXISTS items")
        self.con.execute("DROP VIEW src")
        self.padded = True
        self._create(fmt, tmp)
        return self

    def _create(self, fmt: DataFormat, tmp: Path) -> None:
        """Create the view ``src`` over the file and note its column types."""
        con, path, padded, kind = self.con, self.path, self.padded, self.info["format"]
        if kind == "csv":
            d = self.dialect
            file = path
            if d.encoding == "cp1252":
                file = tmp / "utf8.csv"
                if not file.exists():
                    _transcode(path, file)
            names = [h or f"column{i}" for i, h in enumerate(d.header, 1)]
            columns = ", ".join(f"{_lit(n)}: 'VARCHAR'" for n in names)
            padding = ", null_padding=true, parallel=false" if padded else ""
            # only with title lines: an explicit skip (even 0) slows the scan ~1.7x (bench_data)
            skip = f", skip={d.skip}" if d.skip else ""
            sql = (f"read_csv({_lit(file)}, auto_detect=false, header=true{padding}{skip}, "
                   f"delim={_lit(d.separator)}, quote='\"', escape='\"', columns={{{columns}}})")
            self.info.update(d.info)
        elif kind == "parquet":
            sql = f"read_parquet({_lit(path)})"
        else:
            frame, sheet = read_excel(path, fmt.sheet)
            self.info.update(sheet)
            frame.columns = [str(c).strip() for c in frame.columns]
            frame.index = np.arange(len(frame)) + 1 + sheet["header_row"]  # for messages
            self._resolve(frame.columns)
            frame, found = typed_columns(
                frame, path, [c for r in self.rules for c in (r.start, r.end, r.date) if c],
                [c for r in self.rules if r.measure in ("value", "sum")
                 for c in (r.column, r.n_column) if c], fmt.decimal)
            self.decimal, self.formats = found["decimal"], found["date_formats"]
            mixed = frame.columns[frame.dtypes == object]  # other columns: as text
            con.register("excel_sheet", frame.astype({c: "str" for c in mixed}))
            sql = "excel_sheet"
        with self.reading():
            con.execute(f"CREATE VIEW src AS SELECT * FROM {sql}")
            self.types = {name: typ for name, typ, *_ in con.execute("DESCRIBE src").fetchall()}
        self._resolve(self.types)

    def _resolve(self, headers) -> None:
        """The rules with the columns the plan leaves out found among ``headers``."""
        self.rules, self.recognised = resolve_columns(self.given, headers, self.path)

    @contextmanager
    def reading(self):
        """Turn DuckDB's read errors into one-line DataErrors (a short CSV row into
        :class:`_ShortRows` when not yet padded)."""
        try:
            yield
        except duckdb.Error as exc:
            text = str(exc)
            line = re.search(r"CSV Error on Line: (\d+)", text)
            width = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
            if line and width and self.dialect is not None:
                expected, found = int(width.group(1)), int(width.group(2))
                if found < expected and not self.padded:
                    raise _ShortRows from None
                raise field_count_error(self.path, int(line.group(1)), found, expected,
                                        self.dialect.separator) from None
            if line and "unterminated quote" in text:
                raise unclosed_quote(self.path, int(line.group(1))) from None
            first = next((ln for ln in text.splitlines() if ln.strip()), text)
            raise DataError(self.path, f"cannot read the file: {first}",
                            row=int(line.group(1)) if line else None) from None

    def rows(self, rowids) -> list[int]:
        """Spreadsheet row numbers of 0-based record numbers."""
        rowids = np.asarray(rowids if rowids is not None else [], dtype=np.int64)
        if self.dialect is not None:
            return self.dialect.rows(rowids, self.records).tolist()
        return (rowids + 1 + self.info.get("header_row", 1)).tolist()

    def raw(self, column: str, rowid: int):
        """The cell as written in the file (read again, for messages only)."""
        with self.reading():
            return self.con.execute(f"SELECT {_q(column)} FROM src LIMIT 1 OFFSET "
                                    f"{int(rowid)}").fetchall()[0][0]


def _transcode(source: Path, target: Path) -> None:
    """Write a cp1252 file as UTF-8 (single-byte input: any chunk boundary is safe)."""
    with open(source, "rb") as fin, open(target, "wb") as fout:
        for chunk in iter(lambda: fin.read(1 << 24), b""):
            fout.write(chunk.decode("cp1252").encode("utf-8"))


# --- SQL for one column --------------------------------------------------------------

def _dmy(text: str) -> str:
    return f"try_strptime({text}, {_list(DMY_FORMATS)})"


def _date_format(src: _Source, column: str) -> str:
    """'iso' or 'dmy': how the first readable date of a text column is written."""
    s = f"trim({_q(column)})"
    with src.reading():
        found = src.con.execute(
            f"SELECT TRY_CAST({s} AS TIMESTAMP) IS NOT NULL FROM src WHERE TRY_CAST({s} AS "
            f"TIMESTAMP) IS NOT NULL OR {_dmy(s)} IS NOT NULL LIMIT 1").fetchall()
    return "dmy" if found and not found[0][0] else "iso"


def _timestamp_sql(src: _Source, column: str, i: int, offsets: bool) -> tuple[list[str], str]:
    """Select items for a date column: ``t{i}`` (local clock time), ``e{i}`` (empty),
    ``z{i}`` (has a time zone) and, for durations, ``o{i}`` (seconds to UTC)."""
    typ, c = src.types[column], _q(column)
    if typ == "VARCHAR":
        s = _trim(c)
        fmt = _date_format(src, column)
        wall = f"TRY_CAST({s} AS TIMESTAMP)" if fmt == "iso" else _dmy(s)
        zone = f"coalesce(regexp_matches({s}, {_lit(TZ_SUFFIX)}), false)"
        items = [f"{wall} AS t{i}", f"coalesce({s}, '') = '' AS e{i}", f"{zone} AS z{i}"]
        if offsets:
            items.append(f"CASE WHEN {zone} THEN epoch(TRY_CAST({s} AS TIMESTAMPTZ)) - "
                         f"epoch(TRY_CAST({s} AS TIMESTAMP)) END AS o{i}")
        return items, fmt
    if typ in _TIMESTAMPS or typ.startswith("TIMESTAMP WITH TIME ZONE"):
        aware = typ.startswith("TIMESTAMP WITH")
        items = [f"CAST({c} AS TIMESTAMP) AS t{i}", f"{c} IS NULL AS e{i}",
                 f"{c} IS NOT NULL AS z{i}" if aware else f"false AS z{i}"]
        if offsets:  # an instant: its offset to the clock time it is read as
            items.append(f"epoch({c}) - epoch(CAST({c} AS TIMESTAMP)) AS o{i}" if aware
                         else f"NULL::DOUBLE AS o{i}")
        return items, None
    raise DataError(src.path, f"column '{column}' holds {typ} values, not dates or times",
                    column=column)


def _flag_sql(src: _Source, column: str, values, j: int) -> list[str]:
    """``f{j}`` (yes/no; NULL when empty or unreadable, unless ``values`` are given:
    then everything else is no) and ``fe{j}`` (empty)."""
    typ, c = src.types[column], _q(column)
    if values is not None:
        lowered = ", ".join(_lit(v.strip().lower()) for v in values)
        text = _trim(f"CAST({c} AS VARCHAR)")
        return [f"coalesce(lower({text}) IN ({lowered}), false) AS f{j}",
                f"coalesce({text}, '') = '' AS fe{j}"]
    if typ == "BOOLEAN":
        return [f"{c} AS f{j}", f"{c} IS NULL AS fe{j}"]
    if typ == "VARCHAR":
        w = _trim(c)
        yes, no = (", ".join(map(_lit, FLAG_WORDS[b])) for b in (True, False))
        # the words are lower case: lower() (a copy of every cell) only for the rest
        return [f"CASE WHEN {w} IN ({yes}) THEN true WHEN {w} IN ({no}) THEN false "
                f"WHEN lower({w}) IN ({yes}) THEN true WHEN lower({w}) IN ({no}) THEN false "
                f"END AS f{j}", f"coalesce({w}, '') = '' AS fe{j}"]
    return [f"CASE WHEN {c} = 1 THEN true WHEN {c} = 0 THEN false END AS f{j}",
            f"{c} IS NULL AS fe{j}"]


#: bits of a text number's class: which conventions read it, and whether it is whole
_READS = {".": 1, ",": 2, "integer": 4}


def _number_sql(src: _Source, column: str, k: int) -> list[str]:
    """``x{k}``: the trimmed text (parsed once the decimal mark is known) and ``xc{k}``,
    its class (:data:`_READS` bits, each pattern tested once); or the native number."""
    typ, c = src.types[column], _q(column)
    if typ != "VARCHAR":
        return [f"TRY_CAST({c} AS DOUBLE) AS x{k}"]
    x = _trim(c)
    bits = " + ".join(f"CASE WHEN regexp_full_match({x}, {_lit(pattern)}) THEN {_READS[key]} "
                      f"ELSE 0 END" for key, pattern in (*NUMBER.items(), ("integer", INTEGER)))
    return [f"{x} AS x{k}", f"CAST({bits} AS UTINYINT) AS xc{k}"]


def _parse_number(k: int, text: bool, decimal: str | None) -> str:
    if not text:
        return f"x{k}"
    mark = decimal or "."
    x = f"x{k}"  # a replace() copies the cell, so only where the mark or a separator is
    norm = (f"replace(CASE WHEN contains({x}, '.') THEN replace({x}, '.', '') ELSE {x} END, "
            f"',', '.')" if mark == ","
            else f"CASE WHEN contains({x}, ',') THEN replace({x}, ',', '') ELSE {x} END")
    return f"CASE WHEN xc{k} & {_READS[mark]} > 0 THEN TRY_CAST({norm} AS DOUBLE) END"


def _segment_sql(day: str, frequency: str, segments) -> str:
    """The first day of the KPI period holding ``day``, split at the plan's periods."""
    bucket = f"CAST(date_trunc('{_TRUNC[frequency]}', {day}) AS DATE)"
    cases = " ".join(f"WHEN {day} >= DATE '{start:%Y-%m-%d}' THEN greatest({bucket}, "
                     f"DATE '{start:%Y-%m-%d}')" for start, _ in reversed(segments))
    return f"CASE {cases} ELSE {bucket} END"


def _label_sql(day: str, segments) -> str:
    """The plan period of ``day``, as :func:`~kpi_analysis.inputs.tidy.label_periods` says."""
    cases = " ".join(f"WHEN {day} >= DATE '{start:%Y-%m-%d}' THEN {_lit(label)}"
                     for start, label in reversed(segments))
    return f"CASE {cases} ELSE 'outside' END"


# --- the reader ----------------------------------------------------------------------

class _Log:
    """The parsed table ``items`` and the SQL names of each plan column in it."""

    def __init__(self, src: _Source, rules: list[Rule], item_id: str | None):
        self.src, self.rules = src, rules
        columns = list(src.types)
        for rule in rules:
            for field, name in rule.fields:
                if name not in src.types:
                    role = f"KPI '{rule.kpi}', data.{field}" + (
                        " (default: a column named 'date')" if field == "date"
                        and rule.measure != "duration" else "")
                    raise missing_column(src.path, name, columns, role)
        if item_id and item_id not in src.types:
            raise missing_column(src.path, item_id, columns, "data_format.item_id")
        stamps = list(dict.fromkeys(c for r in rules for c in (r.start, r.end, r.date) if c))
        durations = {c for r in rules if r.measure == "duration" for c in (r.start, r.end)}
        self.ts = {c: i for i, c in enumerate(stamps)}
        self.flags = {k: j for j, k in enumerate(dict.fromkeys(
            (r.flag, r.flag_values) for r in rules if r.flag))}
        self.numbers = {c: k for k, c in enumerate(dict.fromkeys(
            c for r in rules if r.measure in ("value", "sum") for c in (r.column, r.n_column)
            if c))}
        select, self.formats = [], {}
        for column, i in self.ts.items():
            items, found = _timestamp_sql(src, column, i, column in durations)
            self.formats[column] = found or src.formats.get(column)
            select += items
        for (column, values), j in self.flags.items():
            select += _flag_sql(src, column, values, j)
        for column, k in self.numbers.items():
            select += _number_sql(src, column, k)
        if item_id:
            ident = _trim(f"CAST({_q(item_id)} AS VARCHAR)")
            select += [f"hash({ident}) AS id_h", f"coalesce({ident}, '') = '' AS id_e"]
        with src.reading():
            src.con.execute(f"CREATE TEMP TABLE items AS SELECT {', '.join(select)} FROM src")
        src.records = src.con.execute("SELECT count(*) FROM items").fetchall()[0][0]
        self.text_numbers = {c for c in self.numbers if src.types[c] == "VARCHAR"}
        self.decimal: str | None = src.decimal
        #: SQL: the row is empty in every column the plan reads
        self.blank = "(" + " AND ".join(
            [f"e{i}" for i in self.ts.values()] + [f"fe{j}" for j in self.flags.values()]
            + [self.number_empty(c) for c in self.numbers]
            + (["id_e"] if item_id else [])) + ")"

    # names in ``items``
    def t(self, column):
        return f"t{self.ts[column]}"

    def e(self, column):
        return f"e{self.ts[column]}"

    def instant(self, column):
        i = self.ts[column]
        return f"(epoch(t{i}) + coalesce(o{i}, 0))"

    def flag(self, rule):
        return f"f{self.flags[(rule.flag, rule.flag_values)]}"

    def number(self, column):
        k = self.numbers[column]
        return _parse_number(k, column in self.text_numbers, self.decimal)

    def number_empty(self, column):
        k = self.numbers[column]
        return (f"coalesce(x{k}, '') = ''" if column in self.text_numbers
                else f"x{k} IS NULL")

    def exclusions(self, rule: Rule) -> list[tuple[str, str, str]]:
        """``(quality rule, SQL condition, action)`` for the items a KPI's rule leaves
        out, each excluding the earlier ones; the last entry is what is kept."""
        out, taken = [], [f"NOT {self.blank}"]

        def drop(name, condition, action):
            out.append((name, " AND ".join(taken + [condition]), action))
            taken.append(f"NOT ({condition})")

        if rule.measure == "duration":
            drop("open items", self.e(rule.end),
                 f"left out: no end time in '{rule.end}' (not finished)")
            drop("no start time", self.e(rule.start),
                 f"left out: no start time in '{rule.start}'")
        if rule.flag and rule.flag_values is None:
            j = self.flags[(rule.flag, rule.flag_values)]
            drop("no flag value", f"fe{j}", f"left out: '{rule.flag}' is empty")
        for column in (rule.column, rule.n_column) if rule.measure in ("value", "sum") else ():
            if column:
                drop("no value", self.number_empty(column),
                     f"left out: '{column}' is empty")
        if rule.date not in (rule.end, rule.start) or rule.measure != "duration":
            drop("no date", self.e(rule.date), f"left out: no date in '{rule.date}'")
        out.append(("kept", " AND ".join(taken), ""))
        return out


def _aggregate(con, conditions: dict[str, str], counted_only=("items", "kept|")
               ) -> dict[str, tuple[int, list[int]]]:
    """For each named condition: how many items meet it and the first five rowids.

    One scan counts them all; the rowids of each condition met are then the first
    five of an ordered scan that DuckDB stops early (a FILTERed top-five aggregate
    per condition in the counting scan costs several times the scan itself).
    Conditions whose name starts with one of ``counted_only`` get no rowids."""
    if not conditions:
        return {}
    flags = ", ".join(f"count_if(coalesce({c}, false))" for c in conditions.values())
    counts = con.execute(f"SELECT {flags} FROM items").fetchall()[0]
    found = {}
    for (key, condition), count in zip(conditions.items(), counts):
        ids = []
        if count and not key.startswith(counted_only):
            ids = [r[0] for r in con.execute(
                f"SELECT rowid FROM items WHERE coalesce({condition}, false) ORDER BY rowid "
                f"LIMIT 5").fetchall()]
        found[key] = (int(count or 0), ids)
    return found


def _check_conditions(log: _Log) -> dict[str, str]:
    """Named SQL conditions for the errors :func:`_raise_errors` looks for."""
    cond = {}
    for column in log.ts:
        i = log.ts[column]
        cond[f"bad date|{column}"] = f"NOT e{i} AND t{i} IS NULL"
        cond[f"zone|{column}"] = f"NOT e{i} AND z{i}"
        cond[f"no zone|{column}"] = f"NOT e{i} AND NOT z{i}"
    for (column, _), j in log.flags.items():
        cond[f"bad flag|{j}"] = f"NOT fe{j} AND f{j} IS NULL"
    for column in log.text_numbers:
        k = log.numbers[column]
        cond[f".|{column}"] = f"xc{k} & 3 = 1"
        cond[f",|{column}"] = f"xc{k} & 3 = 2"
        cond[f"ambiguous|{column}"] = f"xc{k} = 3"
        for mark, bit in ((".", 1), (",", 2)):
            cond[f"bad{mark}|{column}"] = f"x{k} <> '' AND xc{k} & {bit} = 0"
    for rule in log.rules:
        if rule.measure == "duration":
            s, e = rule.start, rule.end
            cond[f"negative|{rule.kpi}"] = (f"{log.t(s)} IS NOT NULL AND "
                                            f"{log.t(e)} IS NOT NULL AND {log.instant(e)} < "
                                            f"{log.instant(s)}")
    return cond


def _quality_conditions(log: _Log, segments) -> tuple[dict[str, str], dict]:
    """Named SQL conditions for the rows each rule leaves out or labels 'outside', and
    per KPI the list of :meth:`_Log.exclusions` (its last entry is what is kept)."""
    plans = {r.kpi: log.exclusions(r) for r in log.rules}
    cond = {"blank": log.blank, "items": "true"}
    for rule in log.rules:
        for name, condition, _ in plans[rule.kpi]:
            cond[f"{name}|{rule.kpi}"] = condition
        label = _label_sql(f"CAST({log.t(rule.date)} AS DATE)", segments)
        cond[f"outside|{rule.kpi}"] = f"{plans[rule.kpi][-1][1]} AND {label} = 'outside'"
    return cond, plans


def _raise_errors(log: _Log, found: dict, path: Path, decimal: str | None) -> None:
    """Raise the first error among the counts, in a fixed order of rules.

    ``decimal`` is the plan's ``data_format.decimal`` (None: detect); the detected
    mark is kept in ``log.decimal``."""
    src, rules = log.src, log.rules
    for column in log.ts:
        count, ids = found[f"bad date|{column}"]
        if count:
            raise rows_error(path, src.rows(ids), not_a_date(src.raw(column, ids[0]),
                             log.formats[column]), column, count=count)
        (yes, yes_ids), (no, no_ids) = found[f"zone|{column}"], found[f"no zone|{column}"]
        if yes and no:
            a, b = yes_ids[0], no_ids[0]
            ra, rb = src.rows([a, b])
            raise DataError(path, mixed_time_zones(column, ra, src.raw(column, a), rb,
                            src.raw(column, b)), row=max(ra, rb), column=column)
    for rule in rules:
        if rule.measure == "duration":
            zones = {c: bool(found[f"zone|{c}"][0]) for c in (rule.start, rule.end)}
            if len(set(zones.values())) > 1:
                aware = next(c for c, z in zones.items() if z)
                naive = next(c for c, z in zones.items() if not z)
                raise DataError(path, f"column '{aware}' has times with a time zone but "
                                      f"'{naive}' has none, so the duration of KPI "
                                      f"'{rule.kpi}' would be off by the offset; write both "
                                      f"with a UTC offset or neither", column=aware)
    for (column, values), j in log.flags.items():
        count, ids = found[f"bad flag|{j}"]
        if count:
            words = ", ".join(f"{y}/{n}" for y, n in zip(FLAG_WORDS[True], FLAG_WORDS[False]))
            raise rows_error(path, src.rows(ids), f"{show(src.raw(column, ids[0]))} is not a "
                             f"yes/no value; expected one of {words}, or list the values that "
                             f"mean yes in the KPI's data.flag_values", column, count=count)
    if log.text_numbers:
        evidence = {}
        for key in (".", ",", "ambiguous"):
            hits = [(src.rows(found[f"{key}|{c}"][1][:1])[0], c, found[f"{key}|{c}"][1][0])
                    for c in log.text_numbers if found[f"{key}|{c}"][0]]
            if hits:
                row, column, rowid = min(hits)
                evidence[key] = (row, column, src.raw(column, rowid))
        log.decimal = decide_decimal(path, evidence, decimal)
        for column in log.text_numbers:
            count, ids = found[f"bad{log.decimal or '.'}|{column}"]
            if count:
                value = src.raw(column, ids[0])
                raise rows_error(path, src.rows(ids), f"{show(value)} is not a number",
                                 column, count=count)
    for rule in rules:
        if rule.measure == "duration":
            count, ids = found[f"negative|{rule.kpi}"]
            if count:
                start, end = src.raw(rule.start, ids[0]), src.raw(rule.end, ids[0])
                raise rows_error(path, src.rows(ids), f"{show(end)} in '{rule.end}' is before "
                                 f"{show(start)} in '{rule.start}' (a negative duration); "
                                 f"expected the end on or after the start", rule.end,
                                 count=count)


def _duplicates(log: _Log, path: Path, item_id: str) -> None:
    """Raise on the first item id that appears on two rows."""
    src = log.src
    # the repeated hashes first, then their first rows: min(rowid) over every item made
    # the grouping about 3x slower (10M items: 2.2 s against 0.75 s)
    src.con.execute("CREATE TEMP TABLE repeated AS WITH dup AS (SELECT id_h FROM items WHERE "
                    "NOT id_e GROUP BY id_h HAVING count(*) > 1) SELECT id_h, min(rowid) AS "
                    "first, count(*) AS k FROM items WHERE NOT id_e AND id_h IN (SELECT id_h "
                    "FROM dup) GROUP BY id_h")
    extra = src.con.execute("SELECT sum(k - 1) FROM repeated").fetchall()[0][0]
    groups = src.con.execute("SELECT id_h FROM repeated ORDER BY first LIMIT 20").fetchall()
    for (hashed,) in groups:
        ids = [r[0] for r in src.con.execute(
            "SELECT rowid FROM items WHERE id_h = ? ORDER BY rowid LIMIT 6", [hashed]).fetchall()]
        value = src.raw(item_id, ids[0])
        same = [i for i in ids[1:] if src.raw(item_id, i) == value]  # hashes can collide
        if same:
            rows = src.rows([ids[0], *same])
            raise rows_error(path, rows[1:], f"item {show(value)} repeats row {rows[0]}; "
                             f"every item has one row in an event log, remove the duplicate",
                             item_id, count=int(extra))


def _kpi_sql(log: _Log, rule: Rule, kept: str, segments) -> str:
    """One KPI's rows ``kpi, date, value, n`` from the items the rule keeps."""
    day = f"CAST({log.t(rule.date)} AS DATE)"
    seg = _segment_sql(day, rule.frequency, segments)
    stat = "median" if rule.statistic == "median" else "avg"
    kpi = _lit(rule.kpi)
    if rule.measure == "count":
        counted = f"count_if({log.flag(rule)})" if rule.flag else "count(*)"
        grid_seg = _segment_sql("day", rule.frequency, segments)
        return (f"WITH kept AS (SELECT * FROM items WHERE {kept}), "
                f"counted AS (SELECT {seg} AS date, {counted} AS value FROM kept GROUP BY 1), "
                f"span AS (SELECT min({day}) AS lo, max({day}) AS hi FROM kept), "
                f"days AS (SELECT CAST(unnest(generate_series(lo, hi, INTERVAL 1 DAY)) AS DATE) "
                f"AS day FROM span WHERE lo IS NOT NULL), "
                f"grid AS (SELECT {grid_seg} AS date, count(*) AS n FROM days GROUP BY 1) "
                f"SELECT {kpi} AS kpi, CAST(grid.date AS TIMESTAMP) AS date, "
                f"CAST(coalesce(counted.value, 0) AS DOUBLE) AS value, CAST(grid.n AS DOUBLE) "
                f"AS n FROM grid LEFT JOIN counted USING (date)")
    if rule.measure == "duration":
        per_item = (f"({log.instant(rule.end)} - {log.instant(rule.start)}) / "
                    f"{UNIT_SECONDS[rule.unit]}")
        value, n = f"{stat}({per_item})", "NULL"
    elif rule.measure == "flagged":
        value, n = f"count_if({log.flag(rule)})", "count(*)"
    elif rule.measure == "value":
        value, n = f"{stat}({log.number(rule.column)})", "NULL"
    else:
        value = f"sum({log.number(rule.column)})"
        n = f"sum({log.number(rule.n_column)})" if rule.n_column else "NULL"
    return (f"SELECT {kpi} AS kpi, CAST({seg} AS TIMESTAMP) AS date, CAST({value} AS DOUBLE) "
            f"AS value, CAST({n} AS DOUBLE) AS n FROM items WHERE {kept} GROUP BY 2")


def read_event_log(path: Path, plan: Plan, fmt: DataFormat, quality: list
                   ) -> tuple[pd.DataFrame, dict, dict]:
    """Read an event log into KPI rows ``date, kpi, value, n`` (see the module docstring).

    Parameters
    ----------
    path : Path
        The event log: CSV, Excel ``.xlsx`` or Parquet (opened for reading only).
    plan : Plan
        Every KPI needs ``data.measure``.
    fmt : DataFormat
        The plan's ``data_format`` (separator, decimal, encoding, sheet, item_id).
    quality : list
        Data-quality rows are appended here (rule, kpi, rows, example_rows, action).

    Returns
    -------
    (DataFrame, dict, dict)
        The KPI rows (``period`` not yet labelled), what was detected (``source``),
        and the date column per KPI.

    Raises
    ------
    PlanError
        When a KPI's rule does not fit it (:func:`~kpi_analysis.inputs.eventrules.event_rules`).
    DataError
        For the first problem found, naming file, row, column, value and what is valid.
    """
    rules = event_rules(plan)
    segments = period_segments(plan.periods)
    with tempfile.TemporaryDirectory(prefix="kpi-eventlog-") as tmp, duckdb.connect(
            config={"memory_limit": MEMORY_LIMIT, "temp_directory": tmp}) as con:
        # nothing on stderr but the error (in Jupyter the bar is off and cannot be set)
        if con.execute("SELECT current_setting('enable_progress_bar')").fetchall()[0][0]:
            con.execute("SET enable_progress_bar = false")
        try:  # time-zone-aware Parquet columns are read as UTC clock time on every machine
            con.execute("SET TimeZone = 'UTC'")
        except duckdb.Error:
            pass  # without the ICU extension DuckDB reads them as UTC already
        src = _Source(con, Path(path), fmt, Path(tmp), rules)
        try:
            log = _Log(src, src.rules, fmt.item_id)
        except _ShortRows:
            log = _Log(src.padded_again(fmt, Path(tmp)), src.rules, fmt.item_id)
        rules = log.rules
        quality_cond, plans = _quality_conditions(log, segments)
        counts = _aggregate(con, {**_check_conditions(log), **quality_cond})
        if not counts["items"][0]:
            raise DataError(path, "the file has no data rows")
        _raise_errors(log, counts, path, fmt.decimal)
        if fmt.item_id:
            _duplicates(log, path, fmt.item_id)
        blank_lines = (src.dialect.blank_lines(src.records) if src.dialect is not None
                       else [])
        count, ids = counts["blank"]
        add_quality(quality, "empty rows", "", [*blank_lines, *src.rows(ids)],
                    "skipped: no value in any column the plan reads",
                    count=len(blank_lines) + count)
        for rule in rules:
            for name, _, action in plans[rule.kpi][:-1]:
                count, ids = counts[f"{name}|{rule.kpi}"]
                add_quality(quality, name, rule.kpi, src.rows(ids), action, count=count)
            count, ids = counts[f"outside|{rule.kpi}"]
            add_quality(quality, "outside every period", rule.kpi, src.rows(ids),
                        "kept, labelled 'outside'; not used in the before/after comparison",
                        count=count)
        with src.reading():
            tidy = pd.concat([con.execute(_kpi_sql(log, r, plans[r.kpi][-1][1], segments)).df()
                              for r in rules], ignore_index=True)
    tidy = tidy[["date", "kpi", "value", "n"]].astype({"value": float, "n": float})
    tidy["date"] = tidy["date"].astype("datetime64[us]")
    formats = {f for f in log.formats.values() if f}
    source = {**src.info, "shape": "event log", "rows": counts["items"][0],
              "columns": src.recognised,
              "decimal": log.decimal, "date_format": formats.pop() if len(formats) == 1
              else None, "time_zones": any(counts[f"zone|{c}"][0] for c in log.ts),
              "kpis": {r.kpi: {"measure": r.measure, "date": r.date, "unit": r.unit,
                               "items": counts[f"kept|{r.kpi}"][0]} for r in rules}}
    return tidy, source, {r.kpi: r.date for r in rules}
