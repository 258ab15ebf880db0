"""Event logs: one row per item made into KPI series in DuckDB, checked against pandas,
and every rule of the reader with a malformed file of its own."""
from __future__ import annotations

import copy
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml

import kpi_analysis as ka
from kpi_analysis.inputs import reading as reading_module
from kpi_analysis.inputs.measurements import data_quality
from kpi_analysis.files import file_hash
from kpi_analysis.plan import parse_plan

from conftest import SAMPLES, write_plan

BASE = yaml.safe_load((SAMPLES / "invoicing" / "plan.yaml").read_text(encoding="utf-8"))
DURATION = {"measure": "duration", "start": "created_at", "end": "paid_at"}
ERRORS = {"measure": "flagged", "flag": "has_error", "date": "created_at"}


def kpi(id, kind="duration", data=None, **extra):
    """A KPI entry for a plan; only what the test is about is given."""
    return {"id": id, "name": id.replace("_", " "), "unit": extra.pop("unit", "days"),
            "kind": kind, "direction": "lower_is_better", "level": "process",
            "indicator": "lagging", "data": data or {}, **extra}


def raw_plan(*kpis, data_format=None) -> dict:
    raw = {k: copy.deepcopy(v) for k, v in BASE.items()
           if k not in ("costs", "processes", "data_file")}
    raw["processes"] = [{"name": "Invoicing", "kpis": list(kpis)}]
    if data_format:
        raw["data_format"] = data_format
    return raw


def event_plan(*kpis, data_format=None):
    return parse_plan(raw_plan(*kpis, data_format=data_format))


@pytest.fixture
def plan():
    return event_plan(kpi("days_to_paid", data=DURATION),
                      kpi("errors_per_100", "rate", ERRORS, rate_per=100, unit="per 100"))


def write(tmp_path, text, name="events.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def csv_text(rows, header="invoice_no,created_at,paid_at,has_error"):
    return header + "\n" + "\n".join(rows) + "\n"


# a small valid log: baseline, stabilisation and after items
GOOD = ["A1,2026-01-05 09:00,2026-01-07 09:00,0", "A2,2026-01-06 10:00,2026-01-16 10:00,1",
        "A3,2026-04-07 08:00,2026-04-09 20:00,0", "A4,2026-05-05 12:00,2026-05-06 12:00,0",
        "A5,2026-05-06 12:00,2026-05-10 00:00,no"]


@pytest.fixture
def log_frame():
    """600 invoices over the sample's periods, with open items and a week without any."""
    rng = np.random.default_rng(8)
    n = 600
    created = (pd.Timestamp("2026-01-05") + pd.to_timedelta(
        rng.integers(0, 203 * 24 * 60, n), unit="min")).to_series(index=range(n))
    created = created[created.dt.to_period("W-SUN") != pd.Period("2026-02-16", "W-SUN")]
    created.iloc[:2] = [pd.Timestamp("2026-01-05 08:00"), pd.Timestamp("2026-07-26 17:00")]
    n = len(created)
    paid = created + pd.to_timedelta(rng.integers(60, 30 * 24 * 60, n), unit="min").to_numpy()
    frame = pd.DataFrame({
        "invoice_no": [f"INV-{i:05d}" for i in range(n)],
        "created_at": created.dt.strftime("%Y-%m-%d %H:%M:%S").to_numpy(),
        "paid_at": paid.dt.strftime("%Y-%m-%d %H:%M:%S").to_numpy(),
        "has_error": rng.choice(["ja", "nee", "Nee"], n, p=[0.1, 0.6, 0.3]),
        "status": rng.choice(["First contact", "escalated", "first contact"], n),
        "rating": rng.integers(1, 11, n).astype(float),
        "accepted": rng.integers(0, 5, n), "drafts": 5,
    })
    frame.loc[rng.random(n) < 0.05, "paid_at"] = ""
    return frame


def all_measures_plan():
    return event_plan(
        kpi("days_to_paid", data=DURATION),
        kpi("hours_to_paid", "duration", {**DURATION, "unit": "hours", "statistic": "median"},
            unit="hrs"),
        kpi("errors_per_100", "rate", ERRORS, rate_per=100, unit="per 100"),
        kpi("first_contact", "proportion", {"measure": "flagged", "flag": "status",
                                            "flag_values": ["FIRST CONTACT"],
                                            "date": "created_at"}, unit="%"),
        kpi("invoices", "count", {"measure": "count", "date": "created_at"}, unit="invoices"),
        kpi("rating", "score", {"measure": "value", "column": "rating", "date": "created_at"},
            unit="points"),
        kpi("accepted", "proportion", {"measure": "sum", "column": "accepted",
                                       "n_column": "drafts", "date": "created_at"}, unit="%"))


def weekly(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("W-SUN").dt.start_time


def test_every_measure_matches_pandas(tmp_path, log_frame):
    """The sample periods start on Mondays, so weekly buckets are never split."""
    path = tmp_path / "events.csv"
    log_frame.to_csv(path, index=False)
    data = ka.load_measurements(path, all_measures_plan())
    assert list(data.columns) == ["date", "kpi", "value", "n", "period"]
    assert str(data["period"].dtype) == "category" and data["date"].dt.tz is None
    got = {k: g.set_index("date") for k, g in data.groupby("kpi")}
    f = log_frame
    created, paid = pd.to_datetime(f["created_at"]), pd.to_datetime(f["paid_at"])
    closed = f[f["paid_at"] != ""]
    days = (paid - created).dt.total_seconds()[closed.index] / 86400
    ref = days.groupby(weekly(paid[closed.index])).mean()
    pd.testing.assert_series_equal(got["days_to_paid"]["value"], ref, check_names=False,
                                   check_index_type=False, rtol=1e-9)
    assert got["days_to_paid"]["n"].isna().all()
    ref = (days * 24).groupby(weekly(paid[closed.index])).median()
    np.testing.assert_allclose(got["hours_to_paid"]["value"], ref, rtol=1e-9)
    week = weekly(created)
    errors = f["has_error"].str.lower().eq("ja").groupby(week)
    np.testing.assert_array_equal(got["errors_per_100"]["value"], errors.sum())
    np.testing.assert_array_equal(got["errors_per_100"]["n"], errors.size())
    contact = f["status"].str.lower().eq("first contact").groupby(week)
    np.testing.assert_array_equal(got["first_contact"]["value"], contact.sum())
    np.testing.assert_allclose(got["rating"]["value"], f["rating"].groupby(week).mean())
    np.testing.assert_array_equal(got["accepted"]["value"], f["accepted"].groupby(week).sum())
    np.testing.assert_array_equal(got["accepted"]["n"], f["drafts"].groupby(week).sum())
    counts = got["invoices"]
    assert counts.loc["2026-02-16", "value"] == 0  # a week without invoices counts 0
    assert (counts["n"] == 7).all()  # days observed per week
    assert counts["value"].sum() == len(f)
    assert counts.loc["2026-03-30", "period"] == "outside"
    quality = data_quality(data)
    open_items = quality[(quality["rule"] == "open items") & (quality["kpi"] == "days_to_paid")]
    expected = (f.index[f["paid_at"] == ""] + 2).tolist()
    assert open_items["rows"].item() == len(expected)
    assert open_items["example_rows"].item() == expected[:5]
    source = data.attrs["source"]
    assert source["shape"] == "event log" and source["rows"] == len(f)
    assert source["kpis"]["days_to_paid"]["items"] == len(closed)


def test_padded_cells_and_upper_case_flags_read_like_clean_ones(tmp_path, log_frame):
    """Spaces around a cell, a flag in capitals and a thousands separator change
    nothing (the reader trims, lower-cases and removes separators only where needed)."""
    odd = np.arange(len(log_frame)) % 2 == 1
    log_frame.loc[odd, "rating"] += 1000
    clean = tmp_path / "clean.csv"
    log_frame.to_csv(clean, index=False)
    messy = log_frame.astype(str).replace("nan", "")
    messy.loc[odd, "rating"] = [f"1,{int(r) - 1000:03d}.0" for r in log_frame.loc[odd, "rating"]]
    for column in messy.columns:
        messy.loc[odd, column] = "  " + messy.loc[odd, column] + " "
    messy.loc[~odd, "has_error"] = messy.loc[~odd, "has_error"].str.upper()
    (tmp_path / "messy.csv").write_text(messy.to_csv(index=False), encoding="utf-8")
    plan = all_measures_plan()
    want = ka.load_measurements(clean, plan)
    got = ka.load_measurements(tmp_path / "messy.csv", plan)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert data_quality(got).equals(data_quality(want))


def test_excel_and_parquet_logs_read_like_csv(tmp_path, log_frame):
    plan = all_measures_plan()
    log_frame.to_csv(tmp_path / "events.csv", index=False)
    with pd.ExcelWriter(tmp_path / "events.xlsx") as book:
        pd.DataFrame({"note": ["not this one"]}).to_excel(book, sheet_name="Notes", index=False)
        log_frame.to_excel(book, sheet_name="Export", index=False)
    typed = log_frame.assign(created_at=pd.to_datetime(log_frame["created_at"]),
                             paid_at=pd.to_datetime(log_frame["paid_at"]))
    typed.to_parquet(tmp_path / "events.parquet", index=False)
    csv = ka.load_measurements(tmp_path / "events.csv", plan)
    for name, sheet in (("events.xlsx", "Export"), ("events.parquet", None)):
        other = ka.load_measurements(tmp_path / name, plan, sheet=sheet)
        pd.testing.assert_frame_equal(other, csv, check_dtype=False)
        pd.testing.assert_frame_equal(data_quality(other), data_quality(csv))
    assert other.attrs["source"]["format"] == "parquet"


def test_dutch_export_semicolon_cp1252_day_first_decimal_comma(tmp_path):
    plan = event_plan(
        kpi("days_to_paid", data=DURATION),
        kpi("amount", "amount", {"measure": "value", "column": "bedrag", "date": "created_at"},
            unit="EUR"))
    rows = ["A1;5-1-2026 09:00;7-1-2026 09:00;€ factuur;1.234,50",
            "A2;06-01-2026 10:00;16-01-2026 10:00;café;12,5",
            "A3;05-05-2026 12:00;06-05-2026 00:00;;7"]
    path = write(tmp_path, csv_text(rows, "invoice_no;created_at;paid_at;omschrijving;bedrag"),
                 encoding="cp1252")
    data = ka.load_measurements(path, plan)
    amount = data[data["kpi"] == "amount"].set_index("date")["value"]
    assert amount.to_dict() == {pd.Timestamp("2026-01-05"): pytest.approx((1234.5 + 12.5) / 2),
                                pd.Timestamp("2026-05-04"): 7.0}
    days = data[data["kpi"] == "days_to_paid"].set_index("date")["value"]
    assert days[pd.Timestamp("2026-01-05")] == pytest.approx(2.0)  # 7-1 09:00 - 5-1 09:00
    source = data.attrs["source"]
    assert source["encoding"] == "cp1252" and "line 2" in source["encoding_note"]
    assert source["summary"].startswith("read as cp1252, ';' separated, decimal comma, "
                                        "dates DD-MM-YYYY; event log, 3 rows")


def test_periods_split_a_month_at_a_boundary(tmp_path):
    raw = raw_plan(kpi("days_to_paid", data=DURATION, frequency="monthly"))
    raw["periods"]["baseline"]["end"] = "2026-03-18"
    plan = parse_plan(raw)
    rows = ["A1,2026-03-01 09:00,2026-03-02 09:00,0", "A2,2026-03-10 09:00,2026-03-18 21:00,0",
            "A3,2026-03-19 09:00,2026-03-20 09:00,0", "A4,2026-05-04 09:00,2026-05-05 09:00,0"]
    data = ka.load_measurements(write(tmp_path, csv_text(rows)), plan)
    # March splits at the end of the baseline; May starts with the after period
    assert data["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-01", "2026-03-19",
                                                             "2026-05-04"]
    assert data["period"].tolist() == ["baseline", "outside", "after"]
    assert data["value"].tolist() == pytest.approx([(1 + 8.5) / 2, 1, 1])


def test_time_zones_keep_local_dates_and_true_durations(tmp_path, plan):
    rows = ["A1,2026-03-27T10:00:00+01:00,2026-03-29T10:00:00+02:00,0",  # summer time starts
            "A2,2026-05-05T23:30:00+02:00,2026-05-06T23:30:00Z,0"]
    data = ka.load_measurements(write(tmp_path, csv_text(rows)), plan)
    days = data[data["kpi"] == "days_to_paid"]
    assert days["value"].tolist() == pytest.approx([2 - 1 / 24, 1 + 2 / 24])
    errors = data[data["kpi"] == "errors_per_100"]
    assert errors["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-23", "2026-05-04"]
    assert data.attrs["source"]["time_zones"] is True


def test_unit_from_the_kpi_or_the_plan_must_say(tmp_path):
    rows = ["A1,2026-01-05 09:00,2026-01-05 10:30,0", "A2,2026-05-05 09:00,2026-05-05 09:45,0"]
    path = write(tmp_path, csv_text(rows))
    data = ka.load_measurements(path, event_plan(kpi("t", data=DURATION, unit="minuten")))
    assert data["value"].tolist() == [90.0, 45.0]
    with pytest.raises(ka.PlanError, match=r"processes\[0\].kpis\[0\].data.unit: say which unit "
                                           r"the duration is in.*'invoices'"):
        ka.load_measurements(path, event_plan(kpi("t", data=DURATION, unit="invoices")))


def test_plan_rules_that_do_not_fit(tmp_path):
    path = write(tmp_path, csv_text(GOOD))
    plan = event_plan(kpi("days_to_paid", data=DURATION),
                      kpi("share", "proportion", {"measure": "count", "date": "created_at"}),
                      kpi("plain", "continuous", {"column": "x"}))
    with pytest.raises(ka.PlanError) as err:
        ka.load_measurements(path, plan)
    assert [field for field, _ in err.value.problems] == [
        "processes[0].kpis[1].data.measure", "processes[0].kpis[2].data"]
    assert "'count' does not fit kind 'proportion'; valid: flagged, sum" in str(err.value)
    assert "KPI 'plain' has no 'measure'" in str(err.value)


@pytest.mark.parametrize("data, message", [
    ({"measure": "value", "date": "a"}, "measure 'value' needs 'column'"),
    ({"measure": "flagged", "flag": "x", "unit": "days"},
     "'unit' does not apply to measure 'flagged'"),
    ({"column": "x", "start": "a"}, "'start' does not apply to long or wide data"),
    ({"measure": "count", "flag_values": ["yes"]}, "'flag_values' needs 'flag'"),
])
def test_data_map_is_checked_on_load(tmp_path, data, message):
    path = write_plan(tmp_path, raw_plan(kpi("k", data=data)))
    with pytest.raises(ka.PlanError, match=r"processes\[0\].kpis\[0\].data: " + message):
        ka.load_plan(path)


# --- one malformed file per rule -------------------------------------------------------

@pytest.mark.parametrize("rows, row, column, message", [
    (GOOD + ["A6,2026-05-07,2026-13-45,0"], 7, "paid_at",
     "'2026-13-45' is not a date; the column's dates are YYYY-MM-DD"),
    (GOOD + ["A6,2026-05-07,2026-05-08,maybe"], 7, "has_error",
     "'maybe' is not a yes/no value; expected one of 1/0, true/false, yes/no"),
    (GOOD + ["A6,2026-05-07 10:00,2026-05-07 09:00,0"], 7, "paid_at",
     "'2026-05-07 09:00' in 'paid_at' is before '2026-05-07 10:00' in 'created_at' "
     "(a negative duration); expected the end on or after the start"),
    (GOOD + ["A6,2026-05-07T10:00+02:00,2026-05-08T10:00+02:00,0"], 7, "created_at",
     "column 'created_at' mixes times with and without a time zone: row 7 "
     "'2026-05-07T10:00+02:00' has one, row 2 '2026-01-05 09:00' has none"),
    (GOOD + ["A6,2026-05-07,2026-05-08,0,extra"], 7, None,
     "5 values but the header has 4 columns (',' separated)"),
    (["A1,2026-01-05,2026-01-06,0", "", "A2,2026-01-05,06-01-2026,0"], 4, "paid_at",
     "'06-01-2026' is not a date"),
    (GOOD + ['A6,"2026-05-07,2026-05-08,0', GOOD[0]], 7, None,
     "a quote (\") opened on this row is never closed"),
])
def test_bad_rows_are_named(tmp_path, plan, rows, row, column, message):
    path = write(tmp_path, csv_text(rows))
    before = file_hash(path)
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(path, plan)
    assert (err.value.row, err.value.column) == (row, column), str(err.value)
    assert message in str(err.value) and str(err.value).startswith(f"{path}, ")
    assert "\n" not in str(err.value)
    assert file_hash(path) == before


def test_missing_column_suggests_the_closest(tmp_path, plan):
    path = write(tmp_path, csv_text(GOOD, "invoice_no,created_at,paid_on,has_error"))
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(path, plan)
    assert err.value.column == "paid_at" and err.value.row is None
    assert ("no 'paid_at' column (KPI 'days_to_paid', data.end). Did you mean 'paid_on'? "
            "Columns found: invoice_no, created_at, paid_on, has_error") in str(err.value)


def test_default_date_column_is_named_in_the_message(tmp_path):
    """Without a date or a start header among the file's (created_at would be one)."""
    plan = event_plan(kpi("n", "count", {"measure": "count"}, unit="items"))
    with pytest.raises(ka.DataError, match=r"no 'date' column \(KPI 'n', data.date \(default: "
                                           r"a column named 'date'\)\)"):
        ka.load_measurements(write(tmp_path, csv_text(GOOD, "invoice_no,made,settled,flag")),
                             plan)


def test_a_duration_between_zoned_and_plain_times(tmp_path, plan):
    rows = ["A1,2026-01-05 09:00,2026-01-07T09:00+01:00,0",
            "A2,2026-05-05 12:00,2026-05-06T12:00+02:00,0"]
    with pytest.raises(ka.DataError, match="column 'paid_at' has times with a time zone but "
                                           "'created_at' has none") as err:
        ka.load_measurements(write(tmp_path, csv_text(rows)), plan)
    assert err.value.column == "paid_at"


def test_duplicate_item_ids(tmp_path):
    plan = event_plan(kpi("days_to_paid", data=DURATION), data_format={"item_id": "invoice_no"})
    rows = GOOD + ["A2,2026-01-06 10:00,2026-01-16 10:00,1", "A4,2026-05-05,2026-05-06,0"]
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(write(tmp_path, csv_text(rows)), plan)
    assert (err.value.row, err.value.column) == (7, "invoice_no")
    assert "item 'A2' repeats row 3; every item has one row in an event log" in str(err.value)
    assert "(1 more row like this)" in str(err.value)


def test_numbers_follow_one_decimal_mark(tmp_path):
    plan = event_plan(kpi("amount", "amount", {"measure": "value", "column": "amount",
                                               "date": "created_at"}, unit="EUR"))
    header = "invoice_no;created_at;amount"
    mixed = ["A1;2026-01-05;12,5", "A2;2026-05-05;7.25"]
    with pytest.raises(ka.DataError, match=r"mixes a decimal point \(row 3, column 'amount': "
                                           r"'7.25'\) and a decimal comma \(row 2") as err:
        ka.load_measurements(write(tmp_path, csv_text(mixed, header)), plan)
    assert err.value.row == 3
    ambiguous = ["A1;2026-01-05;1.250", "A2;2026-05-05;7"]
    with pytest.raises(ka.DataError, match=r"'1.250' could be read with a decimal point or as a "
                                           r"thousands-separated whole number"):
        ka.load_measurements(write(tmp_path, csv_text(ambiguous, header)), plan)
    settled = event_plan(kpi("amount", "amount", {"measure": "value", "column": "amount",
                                                  "date": "created_at"}, unit="EUR"),
                         data_format={"decimal": ","})
    data = ka.load_measurements(write(tmp_path, csv_text(ambiguous, header)), settled)
    assert data["value"].tolist() == [1250.0, 7.0]
    bad = ["A1;2026-01-05;12,5", "A2;2026-05-05;twelve"]
    with pytest.raises(ka.DataError, match="'twelve' is not a number") as err:
        ka.load_measurements(write(tmp_path, csv_text(bad, header)), plan)
    assert (err.value.row, err.value.column) == (3, "amount")


def test_empty_periods(tmp_path, plan):
    after_only = [r for r in GOOD if "2026-05" in r]
    with pytest.raises(ka.DataError, match="KPI 'days_to_paid' has no data in the baseline "
                                           "period \\(2026-01-05 to 2026-03-29\\)") as err:
        ka.load_measurements(write(tmp_path, csv_text(after_only)), plan)
    assert err.value.column == "paid_at"
    baseline_only = GOOD[:2]
    path = write(tmp_path, csv_text(baseline_only))
    with pytest.raises(ka.DataError, match="KPI 'days_to_paid' has no data in the after period"):
        ka.load_measurements(path, plan, require_after=True)
    quality = data_quality(ka.load_measurements(path, plan))
    assert quality.loc[quality["rule"] == "no after data", "kpi"].tolist() == [
        "days_to_paid", "errors_per_100"]


def test_excluded_items_are_listed(tmp_path, plan):
    rows = GOOD + ["A6,2026-05-07 10:00,,1",      # open: kept for errors, not for days
                   "A7,,2026-05-08 10:00,0",      # no start time, no creation date
                   "A8,2026-05-07 10:00,2026-05-08,",  # no flag value
                   ",,,",                          # empty row
                   "A9,2025-12-01 10:00,2025-12-03 10:00,0"]  # before the baseline
    path = write(tmp_path, csv_text(rows))
    quality = data_quality(ka.load_measurements(path, plan))
    table = {(r.rule, r.kpi): (r.rows, r.example_rows) for r in quality.itertuples()}
    assert table == {
        ("empty rows", ""): (1, [10]),
        ("open items", "days_to_paid"): (1, [7]),
        ("no start time", "days_to_paid"): (1, [8]),
        ("outside every period", "days_to_paid"): (1, [11]),
        ("no flag value", "errors_per_100"): (1, [9]),
        ("no date", "errors_per_100"): (1, [8]),
        ("outside every period", "errors_per_100"): (1, [11]),
    }
    assert list(quality.columns) == ["rule", "kpi", "rows", "example_rows", "action"]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_blank_lines_keep_row_numbers(tmp_path, plan, monkeypatch, newline):
    monkeypatch.setattr(reading_module, "_CHUNK", 7)  # chunk edges everywhere
    rows = [GOOD[0], "", "", 'A2,"2026-01-06 10:00",2026-01-16 10:00,1', "", GOOD[3],
            "A9,2026-05-07,2026-05-0x,0", "", ""]
    path = write(tmp_path, csv_text(rows).replace("\n", newline))
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(path, plan)
    assert err.value.row == 8 and "'2026-05-0x' is not a date" in str(err.value)
    good = write(tmp_path, csv_text(rows[:-3]).replace("\n", newline), "good.csv")
    quality = data_quality(ka.load_measurements(good, plan))
    assert quality.loc[quality["rule"] == "empty rows", "example_rows"].item() == [3, 4, 6]


def test_a_quoted_newline_is_one_row(tmp_path, plan):
    rows = ['A1,2026-01-05 09:00,2026-01-07 09:00,"0"', 'A2,"2026-01-06\n10:00",2026-01-16,1',
            GOOD[3], "A9,2026-05-07,2026-05-0x,0"]
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(write(tmp_path, csv_text(rows)), plan)
    assert err.value.row == 5 and err.value.column == "paid_at"


def test_short_rows_read_as_empty_trailing_cells(tmp_path, plan):
    rows = ['A1,"2026-01-05\n09:00",2026-01-07 09:00,0', *GOOD[1:], "A6,2026-05-07,2026-05-08"]
    data = ka.load_measurements(write(tmp_path, csv_text(rows)), plan)
    quality = data_quality(data)
    assert quality[["rule", "kpi", "example_rows"]].values.tolist() == [
        ["no flag value", "errors_per_100", [7]]]
    assert data.loc[data["kpi"] == "days_to_paid", "value"].iloc[0] == pytest.approx(2.0)


def test_no_rows_or_unreadable(tmp_path, plan):
    with pytest.raises(ka.DataError, match="no data rows"):
        ka.load_measurements(write(tmp_path, csv_text([])), plan)
    with pytest.raises(ka.DataError, match="the file is empty"):
        ka.load_measurements(write(tmp_path, ""), plan)
    with pytest.raises(ka.DataError, match="neither UTF-8 .* nor Windows-1252"):
        path = tmp_path / "bad.csv"
        path.write_bytes(csv_text(GOOD).encode() + b"A9,2026-05-07,2026-05-08,\x81\xe9\n")
        ka.load_measurements(path, plan)


def test_read_only_inputs_are_not_changed(tmp_path, plan):
    path = write(tmp_path, csv_text(GOOD))
    path.chmod(0o444)
    before = file_hash(path)
    ka.load_measurements(path, plan)
    assert file_hash(path) == before and sorted(tmp_path.iterdir()) == [path]


def test_cli_exit_2_on_a_bad_event_log(tmp_path):
    raw = raw_plan(kpi("days_to_paid", data=DURATION))
    raw["data_file"] = "events.csv"
    plan = write_plan(tmp_path, raw)
    data = write(tmp_path, csv_text(GOOD + ["A6,2026-05-07 10:00,2026-05-07 09:00,0"]))
    result = subprocess.run([sys.executable, "-m", "kpi_analysis.cli", "report", str(plan),
                             "--data", str(data), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"kpi: error: {data}, row 7, column 'paid_at': '2026-05-07 09:00' in "
                             f"'paid_at' is before '2026-05-07 10:00' in 'created_at' (a negative "
                             f"duration); expected the end on or after the start\n")
    assert not (tmp_path / "out").exists()


def test_zoned_parquet_durations_cross_summer_time(tmp_path, plan):
    frame = pd.DataFrame({
        "invoice_no": ["A1", "A2"],
        "created_at": pd.to_datetime(["2026-03-27 10:00", "2026-05-05 10:00"]).tz_localize(
            "Europe/Amsterdam"),
        "paid_at": pd.to_datetime(["2026-03-29 10:00", "2026-05-06 10:00"]).tz_localize(
            "Europe/Amsterdam"),
        "has_error": [False, True]})
    frame.to_parquet(tmp_path / "events.parquet", index=False)
    data = ka.load_measurements(tmp_path / "events.parquet", plan)
    days = data[data["kpi"] == "days_to_paid"]
    assert days["value"].tolist() == pytest.approx([2 - 1 / 24, 1.0])
    errors = data[data["kpi"] == "errors_per_100"]
    assert errors["value"].tolist() == [0, 1] and errors["n"].tolist() == [1, 1]
    assert data.attrs["source"]["time_zones"] is True


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_title_lines_above_an_event_log(tmp_path, plan, log_frame, suffix):
    """An export with its title and date above the column names reads like the bare
    log, and a bad cell is named by its row counted from the top of the file."""
    titles = ["Export facturen", "", "Gemaakt op 01-10-2026"]
    bare, titled = tmp_path / "bare.csv", tmp_path / f"titled{suffix}"

    def export(frame):
        frame.to_csv(bare, index=False)
        if suffix == ".csv":
            titled.write_text("\n".join(titles) + "\n" + bare.read_text(), encoding="utf-8")
            return
        with pd.ExcelWriter(titled) as book:
            pd.DataFrame([[t or None] for t in titles]).to_excel(book, header=False, index=False)
            frame.to_excel(book, index=False, startrow=len(titles))

    export(log_frame)
    data = ka.load_measurements(titled, plan)
    pd.testing.assert_frame_equal(data, ka.load_measurements(bare, plan), check_dtype=False)
    assert data.attrs["source"]["header_row"] == 4
    broken = log_frame.copy()
    broken.loc[6, "created_at"] = "gisteren"  # the seventh record
    export(broken)
    with pytest.raises(ka.DataError) as err:
        ka.load_measurements(titled, plan)
    assert err.value.row == 4 + 7 and "gisteren" in str(err.value)
