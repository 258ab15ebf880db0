"""Realistic exports made by a seeded generator: the same measurements written twice,
as a clean CSV (ISO dates, decimal point, English headers) and as the workbook a Dutch
client sends: Dutch headers, an empty cover sheet first, and in one column typed cells
(Excel numbers, Excel dates) mixed with text typed the Dutch way (``42,9``,
``1.234,56``, ``15-04-2026``, ``15-04-2026 09:30``).

Every export function takes a folder and a seed and returns ``(clean_csv, workbook)``;
both must load to the same measurements.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "invoicing" / "measurements.csv"
#: the empty first sheet of every workbook (a cover sheet nobody filled in)
COVER = "Voorblad"
SHEET = "Export"


class Cells:
    """Typed or text cells, chosen by a seeded generator: the first cell of a column is
    text, the second typed, the rest at random, so every column mixes both."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.seen: dict[str, int] = {}

    def _text(self, column: str) -> bool:
        i = self.seen[column] = self.seen.get(column, -1) + 1
        return i == 0 or (i > 1 and self.rng.random() < 0.5)

    def number(self, column: str, value, whole: bool = False):
        """The number as an Excel number (an integer when ``whole``), or as Dutch text:
        a decimal comma and, when it has decimals, sometimes a thousands dot
        (``1.234,56``); an empty value stays empty."""
        if value is None or pd.isna(value):
            return None
        if not self._text(column):
            return int(value) if whole else float(value)
        digits, _, decimals = np.format_float_positional(float(value), trim="-").partition(".")
        if decimals and self.rng.random() < 0.5:
            digits = f"{int(digits):,}".replace(",", ".")
        return digits + ("," + decimals if decimals else "")

    def date(self, column: str, value, with_time: bool = False):
        """The date as an Excel date, or as text DD-MM-YYYY (with HH:MM when timed)."""
        if value is None or pd.isna(value):
            return None
        value = pd.Timestamp(value)
        if not self._text(column):
            return value.to_pydatetime()
        return value.strftime("%d-%m-%Y %H:%M" if with_time else "%d-%m-%Y")


def write_workbook(path: Path, header: list[str], rows: list[list]) -> Path:
    """A workbook with an empty cover sheet first and the rows on sheet :data:`SHEET`."""
    book = openpyxl.Workbook()
    book.active.title = COVER
    sheet = book.create_sheet(SHEET)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def long_export(folder: Path, seed: int, per_item: bool = False) -> tuple[Path, Path]:
    """The invoicing sample in long form (``date, kpi, value, n``) as
    ``Datum, Indicator, Waarde, Noemer``; ``per_item`` adds a ``Dossiernummer`` per row
    (one invoice each), in both files."""
    frame = pd.read_csv(SAMPLE)
    if per_item:
        frame.insert(0, "item", [f"D-{i:05d}" for i in range(len(frame))])
    clean = folder / "long.csv"
    frame.to_csv(clean, index=False)
    cells = Cells(seed)
    rows = [([r.item] if per_item else [])
            + [cells.date("date", r.date), r.kpi, cells.number("value", r.value),
               cells.number("n", r.n, whole=True)] for r in frame.itertuples()]
    header = (["Dossiernummer"] if per_item else []) + ["Datum", "Indicator", "Waarde",
                                                        "Noemer"]
    return clean, write_workbook(folder / "long.xlsx", header, rows)


def wide_export(folder: Path, seed: int) -> tuple[Path, Path]:
    """Thirty weeks in wide form: ``Datum`` and one column per KPI (days_to_paid,
    invoices_per_fte, errors with n column invoices)."""
    rng = np.random.default_rng(seed)
    weeks = pd.date_range("2026-01-05", periods=30, freq="7D")
    frame = pd.DataFrame({
        "date": weeks.strftime("%Y-%m-%d"),
        "days_to_paid": np.round(rng.normal(11, 2, len(weeks)), 1),
        "invoices_per_fte": np.round(rng.normal(1400, 150, len(weeks)), 1),
        "errors": rng.integers(3, 15, len(weeks)),
        "invoices": rng.integers(200, 260, len(weeks)),
    })
    frame.loc[3, "invoices_per_fte"] = np.nan  # not measured that week
    clean = folder / "wide.csv"
    frame.to_csv(clean, index=False)
    cells = Cells(seed + 1)
    rows = [[cells.date("date", r.date), cells.number("days", r.days_to_paid),
             cells.number("fte", r.invoices_per_fte), cells.number("err", r.errors, True),
             cells.number("inv", r.invoices, True)] for r in frame.itertuples()]
    return clean, write_workbook(folder / "wide.xlsx", ["Datum", *frame.columns[1:]], rows)


#: the event log's columns: clean CSV header -> the Dutch export's header
EVENT_HEADERS = {"invoice_no": "Factuurnummer", "created_at": "Aangemaakt",
                 "paid_at": "Betaald", "has_error": "Fout", "amount": "Bedrag"}


def event_export(folder: Path, seed: int, n: int = 400) -> tuple[Path, Path]:
    """Invoices over the sample's periods, a few still open: created and paid times,
    an error flag (``ja``/``nee`` text among typed 1/0) and an amount in euros."""
    rng = np.random.default_rng(seed)
    created = pd.Timestamp("2026-01-05 08:00") + pd.to_timedelta(
        rng.integers(0, 203 * 24 * 60, n), unit="min")
    paid = pd.Series(created + pd.to_timedelta(rng.integers(60, 30 * 24 * 60, n), unit="min"))
    paid[rng.random(n) < 0.05] = pd.NaT
    error = rng.random(n) < 0.1
    frame = pd.DataFrame({
        "invoice_no": [f"F{i:05d}" for i in range(n)],
        "created_at": created.strftime("%Y-%m-%d %H:%M:%S"),
        "paid_at": paid.dt.strftime("%Y-%m-%d %H:%M:%S").fillna(""),
        "has_error": error.astype(int),
        "amount": np.round(rng.lognormal(6, 1.2, n), 2),
    })
    clean = folder / "events.csv"
    frame.to_csv(clean, index=False)
    cells = Cells(seed + 1)
    flags = {True: ("ja", 1), False: ("nee", 0)}
    rows = [[r.invoice_no, cells.date("created", pd.Timestamp(r.created_at), True),
             cells.date("paid", pd.Timestamp(r.paid_at) if r.paid_at else None, True),
             flags[bool(r.has_error)][int(rng.random() < 0.5)],
             cells.number("amount", r.amount)] for r in frame.itertuples()]
    return clean, write_workbook(folder / "events.xlsx", list(EVENT_HEADERS.values()), rows)
