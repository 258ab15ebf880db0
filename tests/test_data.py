"""Measurements: formats and their detection, long and wide shapes, period labels, and
every validation rule with a malformed file of its own."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
import yaml

import kpi_analysis as ka
from kpi_analysis.inputs import measurements as data_module
from kpi_analysis.inputs import reading as reading_module
from kpi_analysis.inputs.measurements import data_quality
from kpi_analysis.inputs.tidy import kpi_series, label_periods, level
from kpi_analysis.files import file_hash
from kpi_analysis.plan import parse_plan


@pytest.fixture
def plan(invoicing_plan_path):
    return ka.load_plan(invoicing_plan_path)


@pytest.fixture
def wide_plan(invoicing_plan_path):
    """The sample plan with errors_per_100 read from the columns errors / invoices."""
    raw = yaml.safe_load(invoicing_plan_path.read_text(encoding="utf-8"))
    raw["processes"][1]["kpis"][0]["data"] = {"column": "errors", "n_column": "invoices"}
    return parse_plan(raw)


def _csv(tmp_path, text, name="m.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_long_form(plan):
    data = ka.load_measurements("", plan)  # "" = the plan's data_file
    assert list(data.columns) == ["date", "kpi", "value", "n", "period"]
    assert set(data["kpi"]) == {"days_to_paid", "invoices_per_fte", "errors_per_100"}
    assert str(data["period"].dtype) == "category"
    assert data.loc[data["kpi"] == "errors_per_100", "n"].notna().all()
    assert data.loc[data["kpi"] == "days_to_paid", "n"].isna().all()


def test_wide_form_with_n_column(tmp_path, wide_plan):
    path = _csv(tmp_path, "date,days_to_paid,invoices_per_fte,errors,invoices\n"
                          "2026-01-05,12.5,55,8,210\n2026-05-04,6.1,,3,230\n")
    data = ka.load_measurements(path, wide_plan)
    assert len(data) == 5  # the empty invoices_per_fte cell is "not measured"
    errors = data[data["kpi"] == "errors_per_100"]
    assert errors["value"].tolist() == [8, 3] and errors["n"].tolist() == [210, 230]
    assert errors["period"].tolist() == ["baseline", "after"]


def test_semicolon_and_decimal_comma(tmp_path, plan):
    path = _csv(tmp_path, "date;kpi;value;n\n2026-01-05;days_to_paid;12,5;\n"
                          "2026-01-05;invoices_per_fte;55,25;\n2026-01-05;errors_per_100;4;200\n")
    data = ka.load_measurements(path, plan)
    assert data.set_index("kpi")["value"].to_dict() == {
        "days_to_paid": 12.5, "errors_per_100": 4.0, "invoices_per_fte": 55.25}


def test_excel_and_parquet_read_the_same(tmp_path, plan):
    frame = pd.read_csv(plan.data_path)
    frame.to_excel(tmp_path / "m.xlsx", index=False)
    frame.to_parquet(tmp_path / "m.parquet", index=False)
    csv = ka.load_measurements(plan.data_path, plan)
    for name in ("m.xlsx", "m.parquet"):
        other = ka.load_measurements(tmp_path / name, plan)
        pd.testing.assert_frame_equal(other[["kpi", "value", "period"]],
                                      csv[["kpi", "value", "period"]], check_dtype=False)


def test_period_labels_at_the_boundaries(plan):
    dates = pd.Series(pd.to_datetime([
        "2026-01-04", "2026-01-05", "2026-03-29", "2026-03-30", "2026-04-06",
        "2026-05-03", "2026-05-04", "2026-07-26", "2026-07-27"]))
    assert label_periods(dates, plan.periods).tolist() == [
        "outside", "baseline", "baseline", "outside", "stabilisation",
        "stabilisation", "after", "after", "outside"]


@pytest.mark.parametrize("text, row, column, message", [
    ("when,kpi,value\n2026-01-05,days_to_paid,1\n", None, "date", "no 'date' column"),
    ("date,kpi,value\n2026-01-05,days_to_paid,1\n2026-13-45,days_to_paid,2\n", 3, "date",
     "'2026-13-45' is not a date"),
    ("date,kpi,value\n2026-01-05,days_to_paid,1\n2026-01-06,days_to_paid,twelve\n", 3,
     "value", "'twelve' is not a number"),
    ("date,kpi,value\n2026-01-05,days_to_paid,\n", 2, "value", "an empty cell is not a number"),
    ("date,kpi,value\n2026-01-05,days_to_pay,1\n", 2, "kpi", "KPI 'days_to_pay' is not in the plan"),
    ("date,kpi,value\n2026-01-05,days_to_paid,1\n", None, None,
     "no rows with kpi 'invoices_per_fte', 'errors_per_100'"),
])
def test_bad_rows_are_named(tmp_path, plan, text, row, column, message):
    path = _csv(tmp_path, text)
    before = file_hash(path)
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(path, plan)
    assert err.value.row == row and err.value.column == column
    assert message in str(err.value) and str(err.value).startswith(str(path))
    assert file_hash(path) == before  # inputs are never modified


def test_unreadable_inputs(tmp_path, plan):
    with pytest.raises(ka.DataError, match="file not found"):
        ka.load_measurements(tmp_path / "none.csv", plan)
    with pytest.raises(ka.DataError, match=r"unsupported file type '\.json'"):
        ka.load_measurements(_csv(tmp_path, "{}", "m.json"), plan)
    with pytest.raises(ka.DataError, match="no data rows"):
        ka.load_measurements(_csv(tmp_path, "date,kpi,value\n"), plan)


def test_missing_n_column_in_wide_form(tmp_path, wide_plan):
    path = _csv(tmp_path, "date,days_to_paid,invoices_per_fte,errors\n2026-01-05,1,2,3\n")
    with pytest.raises(ka.DataError, match="'invoices', which is missing") as err:
        ka.load_measurements(path, wide_plan)
    assert err.value.column == "invoices"


def test_levels_follow_the_kind(plan):
    rows = pd.DataFrame({"value": [3.0, 5.0], "n": [100.0, 300.0]})
    assert level(rows, plan.kpi("errors_per_100")) == pytest.approx(2.0)  # 8 per 400 x 100
    assert level(rows, plan.kpi("days_to_paid")) == pytest.approx(4.0)
    assert pd.isna(level(rows.iloc[:0], plan.kpi("days_to_paid")))


def test_weekly_series_splits_at_period_boundaries(plan):
    data = ka.load_measurements("", plan)
    series = kpi_series(data, plan.kpi("days_to_paid"))
    assert (series["date"].dt.day_of_week == 0).all()  # weeks start on Monday
    assert not series.duplicated(["date", "period"]).any()
    base = data[(data["kpi"] == "days_to_paid") & (data["period"] == "baseline")]
    weeks = series[series["period"] == "baseline"]
    assert len(weeks) == 12 and weeks["level"].mean() == pytest.approx(
        base.groupby(base["date"].dt.to_period("W-SUN"))["value"].mean().mean())


# --- formats: detected, reported, never guessed ----------------------------------------

def _bytes(tmp_path, data: bytes, name="m.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


LONG = ("date;kpi;value;n\n2026-01-05;days_to_paid;1.234,5;\n2026-01-05;invoices_per_fte;55;\n"
        "2026-01-05;errors_per_100;4;200\n2026-05-04;days_to_paid;6,25;\n"
        "2026-05-04;invoices_per_fte;70;\n2026-05-04;errors_per_100;2;180\n")


def test_dutch_excel_export_cp1252_with_thousands(tmp_path, plan):
    text = LONG.replace("value;n\n", "value;n;opmerking\n").replace(";200\n", ";200;café €\n")
    # the other rows leave the last column out, as some exports do
    path = _bytes(tmp_path, text.encode("cp1252"))
    data = ka.load_measurements(path, plan)
    assert data.loc[data["kpi"] == "days_to_paid", "value"].tolist() == [1234.5, 6.25]
    source = data.attrs["source"]
    assert (source["encoding"], source["separator"], source["decimal"]) == ("cp1252", ";", ",")
    assert source["encoding_note"] == "not valid UTF-8 (line 4), read as Windows-1252 (cp1252)"
    assert source["summary"] == ("read as cp1252, ';' separated, decimal comma, dates "
                                 "YYYY-MM-DD; long form, 6 rows")


def test_utf8_characters_split_across_read_chunks(tmp_path, plan, monkeypatch):
    monkeypatch.setattr(reading_module, "_CHUNK", 5)
    text = LONG.replace("value;n\n", "value;n;opmerking\n").replace(";\n", ";;café €€\n")
    data = ka.load_measurements(_bytes(tmp_path, text.encode("utf-8")), plan)
    assert data.attrs["source"]["encoding"] == "utf-8" and len(data) == 6


def test_utf8_with_bom_and_quoted_thousands(tmp_path, plan):
    text = ("date,kpi,value,n\n2026-01-05,days_to_paid,\"1,234.5\",\n"
            "2026-01-05,invoices_per_fte,55,\n2026-01-05,errors_per_100,4,200\n")
    data = ka.load_measurements(_bytes(tmp_path, b"\xef\xbb\xbf" + text.encode()), plan)
    assert data.loc[data["kpi"] == "days_to_paid", "value"].item() == 1234.5
    assert data.attrs["source"]["summary"].startswith("read as UTF-8 with BOM, ',' separated, "
                                                      "decimal point")


@pytest.mark.parametrize("data, row, column, message", [
    (LONG.replace("6,25", "6.5").encode(), 5, "value",
     "the file mixes a decimal point (row 5, column 'value': '6.5') and a decimal comma "
     "(row 2, column 'value': '1.234,5')"),
    (LONG.replace("1.234,5", "1.250").replace("6,25", "7").encode(), 2, "value",
     "'1.250' could be read with a decimal point or as a thousands-separated whole number"),
    (b"date,kpi,value\n2026-01-05,days_to_paid,12,5\n", 2, None,
     "4 values but the header has 3 columns (',' separated); a decimal comma in a ',' "
     "separated file needs quotes"),
    (b"date,kpi;value,n\n2026-01-05,days_to_paid;1,2\n", 1, None,
     "',' and ';' both split the lines into columns; set data_format: {separator: ','}"),
    (b"date kpi value\n2026-01-05 days_to_paid 1\n", 1, None, "found a single column"),
    ("date,kpi,value\n".encode("utf-16"), None, None, "the file is UTF-16 text"),
    (b"date,kpi,value\n2026-01-05,days_to_paid,\x81\xe9\n", 2, None,
     "neither UTF-8 (line 2) nor Windows-1252 (byte 0x81 at line 2)"),
    (b"date,kpi,date\n2026-01-05,days_to_paid,1\n", 1, "date",
     "columns 1 and 3 are both named 'date'"),
    (b"date,kpi,value\n2026-01-05,days_to_paid,1\n\n\"2026-01-06,days_to_paid,2\n", 4, None,
     "a quote (\") opened on this row is never closed"),
])
def test_unreadable_formats_are_named(tmp_path, plan, data, row, column, message):
    path = _bytes(tmp_path, data)
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(path, plan)
    assert (err.value.row, err.value.column) == (row, column), str(err.value)
    assert message in str(err.value)


def test_plan_settles_an_ambiguous_decimal(tmp_path, invoicing_plan_path):
    raw = yaml.safe_load(invoicing_plan_path.read_text(encoding="utf-8"))
    raw["data_format"] = {"decimal": ","}
    data = ka.load_measurements(_bytes(tmp_path, LONG.replace("1.234,5", "1.250").replace(
        "6,25", "7").encode()), parse_plan(raw))
    assert data.loc[data["kpi"] == "days_to_paid", "value"].tolist() == [1250.0, 7.0]


def test_a_field_count_error_past_the_sample(tmp_path, plan):
    rows = "".join(f"2026-01-05,days_to_paid,{i}\n" for i in range(4000))
    path = _csv(tmp_path, "date,kpi,value\n" + rows + "2026-01-06,days_to_paid,1,5\n")
    with pytest.raises(ka.DataError, match="4 values but the header has 3 columns") as err:
        ka.load_measurements(path, plan)
    assert err.value.row == 4002


def test_excel_sheet_choice(tmp_path, plan):
    frame = pd.read_csv(plan.data_path)
    path = tmp_path / "m.xlsx"
    with pd.ExcelWriter(path) as book:
        pd.DataFrame({"note": ["read me first"]}).to_excel(book, sheet_name="Info", index=False)
        frame.to_excel(book, sheet_name="Metingen", index=False)
    data = ka.load_measurements(path, plan, sheet="Metingen")
    assert len(data) == len(frame) and data.attrs["source"]["sheet"] == "Metingen"
    with pytest.raises(ka.DataError, match=r"no sheet 'metingen'. Did you mean 'Metingen'\? "
                                           r"Sheets: Info, Metingen"):
        ka.load_measurements(path, plan, sheet="metingen")
    with pytest.raises(ka.DataError, match=r"no 'date' column \(wide form"):
        ka.load_measurements(path, plan)  # the first sheet is not the data
    raw = yaml.safe_load(plan.source.read_text(encoding="utf-8"))
    raw["data_format"] = {"sheet": "Metingen"}
    assert len(ka.load_measurements(path, parse_plan(raw))) == len(frame)


def test_excel_dates_stored_as_numbers(tmp_path, plan):
    path = tmp_path / "m.xlsx"
    pd.DataFrame({"date": [46027.0], "kpi": ["days_to_paid"], "value": [1]}).to_excel(
        path, index=False)
    with pytest.raises(ka.DataError, match="'46027' is a number, not a date") as err:
        ka.load_measurements(path, plan)
    assert (err.value.row, err.value.column) == (2, "date")


def test_day_first_dates_and_time_zones(tmp_path, plan):
    text = ("date,kpi,value,n\n5-1-2026,days_to_paid,1,\n05-01-2026 14:30,invoices_per_fte,2,\n"
            "06-01-2026,errors_per_100,3,100\n")
    data = ka.load_measurements(_csv(tmp_path, text), plan)
    assert data["date"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2026-01-05 00:00", "2026-01-06 00:00", "2026-01-05 14:30"]
    assert data.attrs["source"]["date_format"] == "dmy"
    zoned = text.replace("5-1-2026,", "2026-01-05T23:30+01:00,").replace(
        "05-01-2026 14:30", "2026-01-05T14:30Z").replace("06-01-2026", "2026-01-06T00:10-05:00")
    data = ka.load_measurements(_csv(tmp_path, zoned), plan)
    assert data["date"].dt.day.tolist() == [5, 6, 5]  # local clock time kept
    assert "time zones dropped" in data.attrs["source"]["summary"]


@pytest.mark.parametrize("text, row, column, message", [
    ("date,kpi,value\n2026-01-05,days_to_paid,1\n06-01-2026,days_to_paid,2\n", 3, "date",
     "'06-01-2026' is not a date; the column's dates are YYYY-MM-DD"),
    ("date,kpi,value\n2026-01-05T10:00+01:00,days_to_paid,1\n2026-01-06 10:00,days_to_paid,2\n",
     3, "date", "column 'date' mixes times with and without a time zone: row 2 "
     "'2026-01-05T10:00+01:00' has one, row 3 '2026-01-06 10:00' has none"),
    ("Dates,kpi,value\n2026-01-05,days_to_paid,1\n", None, "date",
     "no 'date' column (long form: date, kpi, value[, n]). Did you mean 'Dates'?"),
    ("date,kpi,value\n2026-01-05,days_to_pay,1\n", 2, "kpi",
     "KPI 'days_to_pay' is not in the plan. Did you mean 'days_to_paid'?"),
    ("date,kpi,value,n\n2026-01-05,errors_per_100,3,-100\n", 2, "n", "n = -100 is negative"),
    ("date,kpi,value,n\n2026-01-05,errors_per_100,3,100\n2026-01-12,errors_per_100,4,\n", 3, "n",
     "no n for KPI 'errors_per_100' (a rate) while other rows give one"),
    ("date,kpi,value\n2026-01-05,invoices_per_fte,55\n2026-01-12,invoices_per_fte,60\n"
     "2026-01-05,invoices_per_fte,55\n", 4, None,
     "this row (KPI 'invoices_per_fte') repeats row 2; remove the duplicate"),
])
def test_more_bad_rows_are_named(tmp_path, plan, text, row, column, message):
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(_csv(tmp_path, text), plan)
    assert (err.value.row, err.value.column) == (row, column), str(err.value)
    assert message in str(err.value)


def test_successes_cannot_exceed_trials(tmp_path, invoicing_plan_path):
    raw = yaml.safe_load(invoicing_plan_path.read_text(encoding="utf-8"))
    raw["processes"][1]["kpis"][0].update(kind="proportion", rate_per=1)
    text = "date,kpi,value,n\n2026-01-05,errors_per_100,30,20\n"
    with pytest.raises(ka.DataError, match="30 successes out of 20 trials") as err:
        ka.load_measurements(_csv(tmp_path, text), parse_plan(raw))
    assert (err.value.row, err.value.column) == (2, "value")


def test_per_item_rows_may_repeat_but_item_ids_may_not(tmp_path, plan, invoicing_plan_path):
    text = ("date,kpi,value,n,invoice\n" + "".join(
        f"2026-0{m}-05,{k},{v},{n},{i}\n" for m in (1, 5) for k, v, n, i in [
            ("days_to_paid", 12, "", "F1"), ("days_to_paid", 12, "", "F2"),
            ("days_to_paid", 9, "", "F3"),
            ("invoices_per_fte", 55, "", ""), ("errors_per_100", 4, 200, "")]))
    path = _csv(tmp_path, text.replace(",F2\n", ",F1\n"))
    assert (ka.load_measurements(path, plan)["kpi"] == "days_to_paid").sum() == 6
    raw = yaml.safe_load(invoicing_plan_path.read_text(encoding="utf-8"))
    raw["data_format"] = {"item_id": "invoice"}
    with pytest.raises(ka.DataError, match="item 'F1' of KPI 'days_to_paid' repeats row 2") as err:
        ka.load_measurements(path, parse_plan(raw))
    assert (err.value.row, err.value.column) == (3, "invoice")


def test_wide_form_rules(tmp_path, wide_plan):
    text = ("date,days_to_paid,invoices_per_fte,errors,invoices,notes\n"
            "2026-01-05,12.5,55,8,210,x\n2026-01-12,11,,7,200,\n2026-05-04,6.1,70,3,230,\n")
    data = ka.load_measurements(_csv(tmp_path, text), wide_plan)
    quality = data_quality(data)
    assert quality[["rule", "kpi", "rows", "example_rows"]].values.tolist()[:1] == [
        ["empty cell", "invoices_per_fte", 1, [3]]]
    assert quality.loc[quality["rule"] == "unused columns", "action"].item() == "ignored: notes"
    repeated = text + "2026-01-12,10,50,6,190,\n"
    with pytest.raises(ka.DataError, match="date 2026-01-12 repeats row 3; a wide file has one "
                                           "row per date") as err:
        ka.load_measurements(_csv(tmp_path, repeated), wide_plan)
    assert (err.value.row, err.value.column) == (5, "date")
    missing = text.replace("errors,", "error,")
    with pytest.raises(ka.DataError, match=r"no column 'errors' \(KPI 'errors_per_100'\) in the "
                                           r"data. Did you mean 'error'\?") as err:
        ka.load_measurements(_csv(tmp_path, missing), wide_plan)
    assert err.value.column == "errors"


def test_periods_must_hold_data(tmp_path, plan):
    text = ("date,kpi,value,n\n" + "".join(f"{d},days_to_paid,5,\n{d},invoices_per_fte,55,\n"
                                           f"{d},errors_per_100,3,100\n"
                                           for d in ("2026-01-05", "2026-04-07", "2025-12-01")))
    path = _csv(tmp_path, text)
    with pytest.raises(ka.DataError, match="KPI 'days_to_paid' has no data in the after period "
                                           r"\(from 2026-05-04 to 2026-07-26\)") as err:
        ka.load_measurements(path, plan, require_after=True)
    assert err.value.column == "date" and err.value.row is None
    quality = data_quality(ka.load_measurements(path, plan))
    outside = quality[quality["rule"] == "outside every period"]
    assert outside["kpi"].tolist() == ["days_to_paid", "invoices_per_fte", "errors_per_100"]
    assert outside["example_rows"].tolist() == [[8], [9], [10]]
    assert (quality["rule"] == "no after data").sum() == 3
    no_baseline = "\n".join(line for line in text.splitlines() if "2026-01-05" not in line)
    with pytest.raises(ka.DataError, match="KPI 'days_to_paid' has no data in the baseline "
                                           "period"):
        ka.load_measurements(_csv(tmp_path, no_baseline + "\n"), plan)


def test_empty_rows_are_skipped_and_listed(tmp_path, plan):
    text = ("date;kpi;value;n\n2026-01-05;days_to_paid;1;\n\n;;;\n2026-01-05;invoices_per_fte;2;\n"
            "2026-01-05;errors_per_100;3;100\n2026-01-06;days_to_paid;x;\n")
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(_csv(tmp_path, text), plan)
    assert err.value.row == 7  # the blank line and the empty row are counted
    quality = data_quality(ka.load_measurements(_csv(tmp_path, text.rsplit("2026-01-06", 1)[0]),
                                                plan))
    assert quality.loc[0, ["rule", "rows", "example_rows", "action"]].tolist() == [
        "empty rows", 2, [3, 4], "skipped"]


def test_data_quality_needs_loaded_measurements(plan):
    assert data_quality(ka.load_measurements("", plan)).columns.tolist() == [
        "rule", "kpi", "rows", "example_rows", "action"]
    with pytest.raises(ka.InputError, match="pass the frame returned by load_measurements"):
        data_quality(pd.DataFrame({"date": []}))


@pytest.mark.parametrize("name", ["m.csv", "m.xlsx", "m.parquet"])
def test_read_only_files_stay_unchanged(tmp_path, plan, name):
    frame = pd.read_csv(plan.data_path)
    path = tmp_path / name
    {"m.csv": lambda: frame.to_csv(path, index=False),
     "m.xlsx": lambda: frame.to_excel(path, index=False),
     "m.parquet": lambda: frame.to_parquet(path, index=False)}[name]()
    path.chmod(0o444)
    before = file_hash(path)
    ka.load_measurements(path, plan)
    assert file_hash(path) == before and sorted(tmp_path.iterdir()) == [path]


def _kpi_cli(*args):
    return subprocess.run([sys.executable, "-m", "kpi_analysis.cli", *map(str, args)],
                          capture_output=True, text=True)


@pytest.mark.parametrize("data, expected", [
    (b"date;kpi;value\n2026-01-05;days_to_paid;1\n\n06-01-2026;days_to_paid;2\n",
     "row 4, column 'date': '06-01-2026' is not a date; the column's dates are YYYY-MM-DD "
     "(optionally with a time)"),
    (b"Boekdatum;Indicator;Bedrag;Waarde\n05-01-2026;days_to_paid;1;2\n",
     "column 'date': no 'date' column (long form: date, kpi, value[, n]). Columns found: "
     "Boekdatum, Indicator, Bedrag, Waarde; add to the plan: data_format: {columns: {date: "
     "\"<one of: Boekdatum, Bedrag>\"}}"),
    (b"date,kpi,value\n2026-01-05,days_to_paid,12,5\n",
     "row 2: 4 values but the header has 3 columns (',' separated); a decimal comma in a ',' "
     "separated file needs quotes (\"12,5\") or use ';'"),
])
def test_cli_exit_2_one_line_no_output(tmp_path, invoicing_plan_path, data, expected):
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    result = _kpi_cli("report", invoicing_plan_path, "--data", path, "--out", tmp_path / "out")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"kpi: error: {path}, {expected}\n"
    assert not (tmp_path / "out").exists()


def _plan_with_format(invoicing_plan_path, data_format, kpis=None):
    raw = yaml.safe_load(invoicing_plan_path.read_text(encoding="utf-8"))
    raw["data_format"] = data_format
    if kpis:
        kpis(raw)
    return parse_plan(raw)


def _export(kpi_values, sep, decimal, day_first):
    """A small seeded export: a baseline and an after month of the three sample KPIs."""
    rng = __import__("random").Random(16)
    for day in ("2026-01-05", "2026-01-12", "2026-05-04", "2026-05-11"):
        shown = pd.Timestamp(day).strftime("%d-%m-%Y" if day_first else "%Y-%m-%d")
        for kpi, (low, high, n) in kpi_values.items():
            value = f"{rng.uniform(low, high):.1f}".replace(".", decimal)
            yield sep.join([shown, kpi, value] + ([str(n)] if n else [""]))


_SAMPLE_KPIS = {"days_to_paid": (5, 15, None), "invoices_per_fte": (40, 70, None),
                "errors_per_100": (2, 9, 200)}


def test_dutch_headers_semicolon_decimal_comma_day_first(tmp_path, plan):
    lines = _export(_SAMPLE_KPIS, ";", ",", day_first=True)
    path = _csv(tmp_path, " Datum ;Indicator;Waarde;Noemer\n" + "\n".join(lines) + "\n")
    data = ka.load_measurements(path, plan)
    assert len(data) == 12 and data["value"].between(2, 70).all()
    assert data.loc[data["kpi"] == "errors_per_100", "n"].tolist() == [200] * 4
    source = data.attrs["source"]
    assert source["columns"] == {"kpi": "Indicator", "value": "Waarde", "date": "Datum",
                                 "n": "Noemer"}
    assert source["summary"] == ("read as UTF-8, ';' separated, decimal comma, dates "
                                 "DD-MM-YYYY, columns 'Indicator' as KPI, 'Waarde' as value, "
                                 "'Datum' as date, 'Noemer' as n; long form, 12 rows")
    bad = path.read_text(encoding="utf-8").replace("11-05-2026", "11-05-2O26")
    with pytest.raises(ka.DataError, match="'11-05-2O26' is not a date") as err:
        ka.load_measurements(_csv(tmp_path, bad), plan)
    assert err.value.column == "Datum"  # the file's own header, not the role


def test_english_headers_in_any_case(tmp_path, plan):
    lines = _export(_SAMPLE_KPIS, ",", ".", day_first=False)
    path = _csv(tmp_path, "Date,KPI,Value,N\n" + "\n".join(lines) + "\n")
    data = ka.load_measurements(path, plan)
    assert len(data) == 12
    assert data.attrs["source"]["columns"] == {"kpi": "KPI", "value": "Value", "date": "Date",
                                               "n": "N"}


def test_two_headers_for_one_role_are_not_guessed(tmp_path, invoicing_plan_path, plan):
    text = "Datum;Week;kpi;value\n05-01-2026;2;days_to_paid;1\n"
    with pytest.raises(ka.DataError, match="columns 'Datum' and 'Week' could both be the date; "
                                           "choose one in the plan: data_format: {columns: "
                                           "{date: \"Datum\"}}"):
        ka.load_measurements(_csv(tmp_path, text), plan)
    chosen = _plan_with_format(invoicing_plan_path, {"columns": {"date": "Datum"}})
    lines = "\n".join(l.replace(";", ";2;", 1) for l in _export(_SAMPLE_KPIS, ";", ",", True))
    data = ka.load_measurements(_csv(tmp_path, "Datum;Week;kpi;value;n\n" + lines + "\n"),
                                chosen)
    assert data.attrs["source"]["columns"] == {"date": "Datum"}


def test_mapped_columns_in_wide_and_long_data(tmp_path, invoicing_plan_path):
    wide = _plan_with_format(invoicing_plan_path, {"columns": {"date": "Boekdatum"}})
    path = _csv(tmp_path, "Boekdatum;days_to_paid;invoices_per_fte;errors_per_100\n"
                          "05-01-2026;12,5;55;4\n04-05-2026;6,1;70;3\n")
    data = ka.load_measurements(path, wide)
    assert len(data) == 6 and data.attrs["source"]["shape"] == "wide form"
    assert "columns 'Boekdatum' as date" in data.attrs["source"]["summary"]
    monthly = path.read_text(encoding="utf-8").replace("Boekdatum", "Maand")
    recognised = ka.load_measurements(_csv(tmp_path, monthly), ka.load_plan(invoicing_plan_path))
    assert recognised["value"].tolist() == data["value"].tolist()
    assert recognised.attrs["source"]["columns"] == {"date": "Maand"}
    long = _plan_with_format(invoicing_plan_path, {"columns": {"date": "Boekdatum",
                                                               "value": "Bedrag"}})
    lines = "\n".join(_export(_SAMPLE_KPIS, ";", ",", day_first=True))
    data = ka.load_measurements(_csv(tmp_path, "Boekdatum;KPI;Bedrag;n\n" + lines + "\n"), long)
    assert len(data) == 12
    with pytest.raises(ka.DataError, match=r"no 'Bedrag' column \(data_format.columns.value\). "
                                           r"Columns found: Boekdatum, KPI, Waarde, n") as err:
        ka.load_measurements(_csv(tmp_path, "Boekdatum;KPI;Waarde;n\n" + lines + "\n"), long)
    assert err.value.column == "Bedrag" and str(err.value).startswith(str(tmp_path))


def test_a_recognised_item_column_identifies_items(tmp_path, plan):
    text = ("Datum;Indicator;Waarde;n;Dossier\n" + "".join(
        f"0{d}-0{m}-2026;{k};{v};{n};{i}\n" for m in (1, 5) for d in (5, 6)
        for k, v, n, i in [("days_to_paid", 12, "", f"D{m}{d}"),
                           ("invoices_per_fte", 55, "", f"F{m}{d}"),
                           ("errors_per_100", 4, 200, f"E{m}{d}")]))
    assert len(ka.load_measurements(_csv(tmp_path, text), plan)) == 12
    with pytest.raises(ka.DataError, match="item 'D15' of KPI 'days_to_paid' repeats row 2"
                       ) as err:
        ka.load_measurements(_csv(tmp_path, text.replace("D16", "D15")), plan)
    assert err.value.column == "Dossier"


def test_columns_read_by_role_in_both_languages(tmp_path, plan):
    lines = _export(_SAMPLE_KPIS, ";", ",", day_first=True)
    source = ka.load_measurements(_csv(tmp_path, "Datum;Indicator;Waarde;n\n" + "\n".join(lines)
                                       + "\n"), plan).attrs["source"]
    assert data_module.read_columns(source, "en") == ("columns 'Indicator' as KPI, 'Waarde' as "
                                                      "value, 'Datum' as date")
    assert data_module.read_columns(source, "nl") == ("kolommen 'Indicator' als KPI, 'Waarde' "
                                                      "als waarde, 'Datum' als datum")
    assert data_module.describe_source(source, "nl").endswith(
        "'Datum' als datum; lange vorm, 12 rijen")


def test_a_week_column_of_iso_weeks_is_read_as_mondays(tmp_path, plan):
    text = "Week;Indicator;Waarde;n\n" + "".join(
        f"{w};{k};{v};{n}\n" for w in ("2026-W02", "2026-w19") for k, v, n in
        [("days_to_paid", "12,5", ""), ("invoices_per_fte", "55", ""),
         ("errors_per_100", "4", "200")])
    data = ka.load_measurements(_csv(tmp_path, text), plan)
    # ISO 8601: week 2 of 2026 starts Monday 5 January, week 19 Monday 4 May
    assert sorted(set(data["date"].dt.strftime("%Y-%m-%d"))) == ["2026-01-05", "2026-05-04"]
    assert "dates YYYY-Www" in data.attrs["source"]["summary"]
    with pytest.raises(ka.DataError, match="'2026-W54' is not a date; the column's dates are "
                                           "YYYY-Www") as err:
        ka.load_measurements(_csv(tmp_path, text.replace("2026-w19", "2026-W54")), plan)
    assert (err.value.row, err.value.column) == (5, "Week")


@pytest.mark.parametrize("written", ["06/01/2026", "06 Jan 2026"])
def test_a_date_column_with_no_readable_date_says_both_formats(tmp_path, plan, written):
    """No cell of the column is a date the kit reads: the message names both ways to
    write one, not a format the column does not have."""
    path = tmp_path / "m.csv"
    path.write_text(f"date,kpi,value\n{written},days_to_paid,5\n", encoding="utf-8")
    with pytest.raises(ka.DataError, match=f"'{written}' is not a date; expected YYYY-MM-DD "
                                           r"\(or DD-MM-YYYY throughout\)"):
        ka.load_measurements(path, plan)
