"""Measurements: long and wide CSV, Excel, Parquet, period labels, row-numbered errors."""
from __future__ import annotations

import pandas as pd
import pytest

import yaml

import kpi_analysis as ka
from kpi_analysis.plan import parse_plan
from kpi_analysis.data import kpi_series, label_periods, level
from kpi_analysis.files import file_hash


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
