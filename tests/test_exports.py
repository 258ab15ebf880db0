"""Excel as Excel: the seeded exports of :mod:`exports` (Dutch headers, an empty cover
sheet, typed and text cells mixed in one column) load to the same measurements as
their clean CSV, on every route: long, wide, per item and event log."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
import yaml

import kpi_analysis as ka
from kpi_analysis.inputs.measurements import data_quality, describe_source
from kpi_analysis.plan import parse_plan

from conftest import SAMPLES
from exports import (COVER, EVENT_HEADERS, SHEET, event_export, long_export, wide_export,
                     write_workbook)
from test_eventlog import event_plan, kpi

SEEDS = (1, 2)


@pytest.fixture
def plan():
    return ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")


def _same(workbook, clean, plan, clean_plan=None, headers=None):
    """The workbook loads to the clean CSV's measurements and data-quality rows (whose
    actions name the workbook's ``headers`` where the CSV's name its own)."""
    data = ka.load_measurements(workbook, plan)
    expected = ka.load_measurements(clean, clean_plan or plan)
    pd.testing.assert_frame_equal(data, expected, check_dtype=False)
    quality = data_quality(expected)
    for name, header in (headers or {}).items():
        quality["action"] = quality["action"].str.replace(f"'{name}'", f"'{header}'")
    pd.testing.assert_frame_equal(data_quality(data), quality)
    source = data.attrs["source"]
    assert (source["sheet"], source["decimal"], source["time_zones"]) == (SHEET, ",", False)
    assert f"Excel sheet '{SHEET}' (first with a table of 2: {COVER}, {SHEET})" in (
        source["summary"])
    return source


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("per_item", [False, True])
def test_long_and_per_item_exports(tmp_path, plan, seed, per_item):
    clean, workbook = long_export(tmp_path, seed, per_item)
    source = _same(workbook, clean, plan)
    assert source["date_format"] == "dmy" and source["shape"] == "long form"
    expected = {"date": "Datum", "kpi": "Indicator", "value": "Waarde", "n": "Noemer"}
    assert source["columns"] == ({**expected, "item": "Dossiernummer"} if per_item
                                 else expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_wide_export(tmp_path, seed):
    raw = yaml.safe_load((SAMPLES / "invoicing" / "plan.yaml").read_text(encoding="utf-8"))
    raw["processes"][1]["kpis"][0]["data"] = {"column": "errors", "n_column": "invoices"}
    clean, workbook = wide_export(tmp_path, seed)
    source = _same(workbook, clean, parse_plan(raw))
    assert source["columns"] == {"date": "Datum"} and source["shape"] == "wide form"


def _event_plan(headers: dict):
    """Time to paid, errors per 100 and the mean amount, read from ``headers``."""
    start, end, flag, amount = (headers[c] for c in ("created_at", "paid_at", "has_error",
                                                     "amount"))
    return event_plan(
        kpi("days_to_paid", data={"measure": "duration", "start": start, "end": end}),
        kpi("errors_per_100", "rate", {"measure": "flagged", "flag": flag, "date": start},
            rate_per=100, unit="per 100"),
        kpi("amount", "amount", {"measure": "value", "column": amount, "date": start},
            unit="EUR"))


@pytest.mark.parametrize("seed", SEEDS)
def test_event_log_export(tmp_path, seed):
    clean, workbook = event_export(tmp_path, seed)
    source = _same(workbook, clean, _event_plan(EVENT_HEADERS),
                   _event_plan({c: c for c in EVENT_HEADERS}), EVENT_HEADERS)
    assert source["date_format"] == "dmy" and source["shape"] == "event log"


def _event_workbook(tmp_path, amounts):
    rows = [[f"F{i}", pd.Timestamp("2026-01-05 09:00").to_pydatetime(), "12-01-2026 10:00",
             "nee", amount] for i, amount in enumerate(amounts)]
    return write_workbook(tmp_path / "events.xlsx", list(EVENT_HEADERS.values()), rows)


def test_mixed_cells_in_an_event_log_keep_the_kits_errors(tmp_path):
    plan = _event_plan(EVENT_HEADERS)
    path = _event_workbook(tmp_path, [42.9, "42,9", "abc"])
    with pytest.raises(ka.DataError, match="'abc' is not a number") as err:
        ka.load_measurements(path, plan)
    assert (err.value.row, err.value.column) == (4, "Bedrag")
    path = _event_workbook(tmp_path, [42.9, "42,9", "12.5"])
    with pytest.raises(ka.DataError, match=r"mixes a decimal point \(row 4, column 'Bedrag': "
                                           r"'12.5'\) and a decimal comma \(row 3"):
        ka.load_measurements(path, plan)


def test_a_workbook_without_a_table_lists_its_sheets(tmp_path, plan):
    path = tmp_path / "leeg.xlsx"
    book = openpyxl.Workbook()
    book.active.title = COVER
    book.create_sheet("Blad2")
    book.save(path)
    with pytest.raises(ka.DataError, match=rf"no sheet holds a table \(column names on row 1, "
                                           rf"data below\); sheets: {COVER}, Blad2; name the "
                                           rf"one with the data in the plan") as err:
        ka.load_measurements(path, plan)
    assert err.value.row is None
    with pytest.raises(ka.DataError, match=r"sheet 'Blad2' holds a table"):
        ka.load_measurements(path, plan, sheet="Blad2")


def test_a_first_sheet_that_is_not_the_data_names_the_others(tmp_path, plan):
    path = tmp_path / "m.xlsx"
    with pd.ExcelWriter(path) as book:
        pd.DataFrame({"note": ["read me first"]}).to_excel(book, sheet_name="Info", index=False)
        pd.read_csv(plan.data_path).to_excel(book, sheet_name="Metingen", index=False)
    with pytest.raises(ka.DataError, match=r"no 'date' column .*sheets: Info, Metingen; if the "
                                           r"data is on another one, name it in the plan: "
                                           r"data_format: \{sheet: \"<one of: Info, "
                                           r"Metingen>\"\}"):
        ka.load_measurements(path, plan)


def test_event_log_columns_recognised_without_a_mapping(tmp_path):
    """Aangemaakt, Betaald and Fout are found by themselves and reported in "read as";
    the errors are dated by the start (the file has no date column)."""
    clean, workbook = event_export(tmp_path, 3)
    mapped = ka.load_measurements(workbook, _event_plan(EVENT_HEADERS))
    plan = event_plan(kpi("days_to_paid", data={"measure": "duration"}),
                      kpi("errors_per_100", "rate", {"measure": "flagged"}, rate_per=100,
                          unit="per 100"),
                      kpi("amount", "amount", {"measure": "value", "column": "Bedrag"},
                          unit="EUR"))
    data = ka.load_measurements(workbook, plan)
    pd.testing.assert_frame_equal(data, mapped)
    assert data.attrs["source"]["columns"] == {"start": "Aangemaakt", "end": "Betaald",
                                               "flag": "Fout", "date": "Aangemaakt"}
    assert ("columns 'Aangemaakt' as start time, 'Betaald' as end time, 'Fout' as yes/no "
            "flag, 'Aangemaakt' as date") in data.attrs["source"]["summary"]
    assert "'Fout' als ja/nee-kenmerk" in describe_source(data.attrs["source"], "nl")


@pytest.mark.parametrize("header, message", [
    ("Starttijd,Gesloten,Geëscaleerd,Foutief", r"columns 'Geëscaleerd' and 'Foutief' could "
     r"both be the flag; choose one in the plan: data: \{flag: \"Geëscaleerd\"\} in KPI "
     r"'errors_per_100'"),
    ("Starttijd,Klaar,Fout?,x", r"KPI 'days_to_paid' \(duration\) names no data.end and no "
     r"column is recognised as its end \(such as end, einde, .*\); add to the KPI in the "
     r"plan: data: \{end: \"<one of: Starttijd, Klaar, Fout\?, x>\"\}"),
])
def test_event_log_columns_that_cannot_be_told(tmp_path, header, message):
    path = tmp_path / "events.csv"
    path.write_text(header + "\n2026-01-05,2026-01-06,ja,nee\n", encoding="utf-8")
    plan = event_plan(kpi("days_to_paid", data={"measure": "duration"}),
                      kpi("errors_per_100", "rate", {"measure": "flagged"}, rate_per=100,
                          unit="per 100"))
    with pytest.raises(ka.DataError, match=message):
        ka.load_measurements(path, plan)


def _titled_csv(tmp_path, title_lines: list[str], bad_row: int | None = None):
    """The invoicing sample as a ';' export with ``title_lines`` above the column names
    (and, when ``bad_row`` is given, the value of that data record made unreadable)."""
    lines = (SAMPLES / "invoicing" / "measurements.csv").read_text().splitlines()
    body = [line.replace(",", ";") for line in lines]
    if bad_row is not None:
        cells = body[bad_row].split(";")
        body[bad_row] = ";".join([cells[0], cells[1], "twaalf", *cells[3:]])
    path = tmp_path / "export.csv"
    path.write_text("\n".join(title_lines + body) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("titles", [["Export facturatie"], ["Export facturatie;;;",
                                    "Gemaakt op 01-10-2026;;;", ""], ["", ""]])
def test_title_lines_above_the_table_are_skipped_and_said(tmp_path, plan, titles):
    data = ka.load_measurements(_titled_csv(tmp_path, titles), plan)
    expected = ka.load_measurements(SAMPLES / "invoicing" / "measurements.csv", plan)
    pd.testing.assert_frame_equal(data, expected, check_dtype=False)
    source = data.attrs["source"]
    assert source["header_row"] == len(titles) + 1
    assert f"column names on row {len(titles) + 1}, the title lines above skipped" in (
        source["summary"])
    assert f"kolomnamen op rij {len(titles) + 1}" in describe_source(source, "nl")


def test_rows_below_title_lines_are_counted_from_the_top_of_the_file(tmp_path, plan):
    path = _titled_csv(tmp_path, ["Export facturatie", "", "Periode: 2026"], bad_row=5)
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(path, plan)
    assert err.value.row == 3 + 1 + 5  # three title lines, the header, the fifth record
    assert "'twaalf'" in str(err.value)


def test_title_rows_above_an_excel_table_are_skipped(tmp_path, plan):
    clean = SAMPLES / "invoicing" / "measurements.csv"
    frame = pd.read_csv(clean)
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as book:
        pd.DataFrame([["Facturatie export Q1-Q3"], [None], ["Gemaakt: 01-10-2026"]]).to_excel(
            book, header=False, index=False)
        frame.to_excel(book, index=False, startrow=4)
    data = ka.load_measurements(path, plan)
    pd.testing.assert_frame_equal(data, ka.load_measurements(clean, plan), check_dtype=False)
    assert data.attrs["source"]["header_row"] == 5
    sheet = openpyxl.load_workbook(path).active
    sheet.cell(row=5 + 3, column=3, value="twaalf")  # the third record's value
    sheet.parent.save(path)
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(path, plan)
    assert err.value.row == 8


def test_a_file_of_single_cells_still_reads_row_1_as_the_header(tmp_path, plan):
    path = tmp_path / "notes.csv"
    path.write_text("Nothing here\nbut notes\n", encoding="utf-8")
    with pytest.raises(ka.DataError, match="single column"):
        ka.load_measurements(path, plan)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_totals_row_at_the_bottom_is_left_out_and_listed(tmp_path, plan, suffix):
    """Exports end with a sum ('Totaal', 'Total:'): not a measurement. It is left out,
    listed in the data quality with its row, and the measurements equal the file's."""
    clean = SAMPLES / "invoicing" / "measurements.csv"
    frame = pd.read_csv(clean, dtype=str, keep_default_na=False)
    totals = pd.DataFrame([["Totaal", "", "1234", ""], ["Total:", "", "", ""]],
                          columns=frame.columns)
    path = tmp_path / f"export{suffix}"
    with_totals = pd.concat([frame, totals])
    if suffix == ".csv":
        with_totals.to_csv(path, index=False)
    else:
        with_totals.to_excel(path, index=False)
    data = ka.load_measurements(path, plan)
    pd.testing.assert_frame_equal(data, ka.load_measurements(clean, plan), check_dtype=False)
    found = data_quality(data).set_index("rule").loc["total rows"]
    last = len(frame) + 1  # the header is row 1
    assert (found["rows"], found["example_rows"]) == (2, [last + 1, last + 2])


def test_a_total_inside_the_data_is_not_dropped(tmp_path, plan):
    lines = (SAMPLES / "invoicing" / "measurements.csv").read_text().splitlines()
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines[:10] + ["Totaal,,99,"] + lines[10:]) + "\n")
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(path, plan)
    assert err.value.row == 11
