"""progress: monthly progress toward SMART targets, the trend forecast, the CSV export.

The ``monthly_reviews`` sample has six months after go-live and a documented truth
(``truth.yaml``: each trending KPI's true trend and true level at its deadline); the
tests check that the verdicts agree with it and that the forecast intervals cover it,
for the sample's own draw and, in :func:`test_calibration_over_draws`, over repeated
draws from the same simulation.
"""
from __future__ import annotations

import copy
import csv
import dataclasses
import io
import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace as NS

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import yaml
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

import kpi_analysis as ka
from kpi_analysis.inputs.tidy import label_periods
from kpi_analysis.inputs.tidy import level as data_level
from kpi_analysis.errors import InputError, PlanError
from kpi_analysis.plan import parse_plan
from kpi_analysis.words.numbers import fmt_value
from kpi_analysis.analysis.progress import PROGRESS_COLUMNS, STATUSES, kpi_trend, progress
from kpi_analysis.analysis.progress_export import export_progress_csv, progress_records
from kpi_analysis.analysis.progress_words import progress_sentence, status_label
from kpi_analysis.analysis.reviews import kpi_level
from kpi_analysis.analysis.trend import fit_trend

pytestmark = pytest.mark.filterwarnings("error")

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
SAMPLE = SAMPLES / "monthly_reviews"


@pytest.fixture(scope="module")
def plan():
    return ka.load_plan(SAMPLE / "plan.yaml")


@pytest.fixture(scope="module")
def data(plan):
    return ka.load_measurements("", plan)


@pytest.fixture(scope="module")
def frame(data, plan):
    return progress(data, plan)


@pytest.fixture(scope="module")
def truth():
    return yaml.safe_load((SAMPLE / "truth.yaml").read_text(encoding="utf-8"))


def last_review(frame, kpi_id):
    return frame[frame["kpi"] == kpi_id].iloc[-1]


# --- the sample: monthly progress, verdicts and forecasts against the truth -------------

def test_sample_shows_six_monthly_reviews(frame, plan):
    assert list(frame.columns) == PROGRESS_COLUMNS
    assert list(frame["kpi"].unique()) == [k.id for k in plan.kpis]
    months = pd.date_range("2026-04-30", "2026-09-30", freq="ME")
    for kpi in plan.kpis:
        rows = frame[frame["kpi"] == kpi.id]
        assert list(rows["review_date"]) == list(months)
        starts = months.to_period("M").start_time
        assert list(rows["period_start"]) == [pd.Timestamp("2026-04-06"), *starts[1:]]
        assert (rows["cadence"] == "monthly").all()
        # April is the stabilisation window: shown, not judged
        assert rows["phase"].tolist() == ["stabilisation"] + ["after"] * 5
        assert rows.iloc[0]["status"] == "stabilisation" and rows.iloc[0]["on_track"] is None
    assert set(frame["status"]) <= set(STATUSES)


def test_sample_truth_is_documented(truth):
    share = truth["assistant_share"]
    assert share["trend_per_week"] == 1.2 and share["deadline"] == "2026-12-31"
    # 40% when the after-period starts (4 May), +1.2 points a week until 31 Dec
    weeks = (pd.Timestamp("2026-12-31") - pd.Timestamp("2026-05-04")).days / 7
    assert share["at_deadline"] == pytest.approx(40 + 1.2 * weeks, abs=1e-5)
    assert share["meets_target"] is True and share["target"] == 75
    assert truth["cost_per_invoice"]["meets_target"] is False


@pytest.mark.parametrize("kpi_id", ["assistant_share", "cost_per_invoice"])
def test_verdict_agrees_with_truth_and_interval_covers_it(frame, truth, kpi_id):
    row, true = last_review(frame, kpi_id), truth[kpi_id]
    assert row["status"] in ("on track", "off track")
    assert row["on_track"] is true["meets_target"]
    assert row["forecast_low"] <= true["at_deadline"] <= row["forecast_high"]
    assert row["target"] == pytest.approx(true["target"])
    assert row["deadline"] == pd.Timestamp(true["deadline"])
    # the trend's interval covers the true slope as well
    assert row["trend_ci_low"] <= true["trend_per_week"] <= row["trend_ci_high"]


def test_on_track_kpi_is_below_target_now(frame):
    """The sample's point: adoption is below its target at the last review, yet on
    track to meet it by the deadline."""
    row = last_review(frame, "assistant_share")
    assert row["target_met"] is False and row["gap"] > 0
    assert row["on_track"] is True and row["p_meet_target"] > 0.9
    assert row["forecast_basis"] == "trend"
    assert row["forecast_at_deadline"] > row["target"] > row["level"]


def test_levels_are_data_level_of_each_month(frame, data, plan):
    for kpi_id in ("assistant_share", "minutes_per_invoice", "cost_per_invoice"):
        kpi = plan.kpi(kpi_id)
        rows = frame[frame["kpi"] == kpi_id]
        for r in rows.itertuples():
            month = data[(data["kpi"] == kpi_id) & (data["date"] >= r.period_start)
                         & (data["date"] <= r.period_end)]
            assert r.n == len(month)
            assert r.level == pytest.approx(data_level(month, kpi))
            assert r.ci_low < r.level < r.ci_high
        base = data[(data["kpi"] == kpi_id) & (data["period"] == "baseline")]
        assert (rows["baseline"] == data_level(base, kpi)).all()
        assert rows["change_pct"].to_numpy() == pytest.approx(
            100 * (rows["level"].to_numpy() - data_level(base, kpi)) / data_level(base, kpi))


def test_relative_target_and_gap(frame, data, plan):
    """minutes_per_invoice: target -50% of the measured baseline; lower is better, so
    the gap is level - target (positive: still to go)."""
    kpi = plan.kpi("minutes_per_invoice")
    base = data_level(data[(data["kpi"] == kpi.id) & (data["period"] == "baseline")], kpi)
    rows = frame[frame["kpi"] == kpi.id]
    assert rows["target"].to_numpy() == pytest.approx(np.full(len(rows), base * 0.5))
    assert rows["gap"].to_numpy() == pytest.approx((rows["level"] - base * 0.5).to_numpy())
    # target_met is judged at the review's spent alpha (kpi_analysis.stats.sequential), with
    # the baseline's uncertainty in a relative target: never during stabilisation, never
    # with the level short of the target, and not from July on although the level stays
    # below the target (gap < 0): at the 3rd to 5th look that is not shown beyond noise
    judged = rows[rows["phase"] == "after"]
    assert rows.loc[rows["phase"] == "stabilisation", "target_met"].isna().all()
    assert all(r.gap < 0 for r in judged.itertuples() if r.target_met)
    assert list(judged["target_met"]) == [True, True, False, False, False]
    assert (judged["gap"] < 0).all()
    share = frame[frame["kpi"] == "assistant_share"]  # higher is better: target - level
    assert share["gap"].to_numpy() == pytest.approx((75 - share["level"]).to_numpy())


def test_deadline_reached_is_not_forecast(frame):
    row = last_review(frame, "extraction_accuracy")  # deadline 30 Sep = last review
    assert row["status"] == "deadline passed" and row["on_track"] is None
    assert np.isnan(row["forecast_at_deadline"]) and row["target_met"] is True


def test_first_review_after_stabilisation_has_too_few_points(frame):
    may = frame[frame["review_date"] == pd.Timestamp("2026-05-31")]
    assert (may["status"] == "too little data").all()
    assert (may["trend_points"] < 6).all() and may["forecast_at_deadline"].isna().all()


def test_each_review_shows_what_was_known_then(data, plan, frame):
    """A review with as_of = the end of July equals the July row of the full run."""
    then = progress(data, plan, as_of="2026-07-31")
    assert then["review_date"].max() == pd.Timestamp("2026-07-31")
    july = frame[frame["review_date"] == pd.Timestamp("2026-07-31")].reset_index(drop=True)
    pd.testing.assert_frame_equal(then[then["review_date"] == pd.Timestamp("2026-07-31")]
                                  .reset_index(drop=True), july)


def test_weekly_and_per_kpi_cadence(data, plan):
    weekly = progress(data, plan, cadence="weekly")
    rows = weekly[weekly["kpi"] == "minutes_per_invoice"]
    assert (rows["period_start"].dt.day_of_week == 0).all()        # Monday
    assert (rows["period_end"] - rows["period_start"] == pd.Timedelta(days=6)).all()
    assert rows["n"].sum() == ((data["kpi"] == "minutes_per_invoice")
                               & (data["date"] >= pd.Timestamp(plan.periods.go_live))).sum()
    per_kpi = progress(data, plan, cadence="kpi")
    rhythm = per_kpi.groupby("kpi")["cadence"].first().to_dict()
    assert rhythm == {"extraction_accuracy": "weekly", "minutes_per_invoice": "weekly",
                      "assistant_share": "monthly", "cost_per_invoice": "monthly"}
    quarterly = progress(data, plan, cadence="quarterly")
    assert list(quarterly[quarterly["kpi"] == "assistant_share"]["review_date"]) == [
        pd.Timestamp("2026-06-30"), pd.Timestamp("2026-09-30")]


# --- level intervals against independent formulas ------------------------------------------

def test_proportion_interval_is_wilson(frame, data):
    row = frame[frame["kpi"] == "assistant_share"].iloc[3]
    month = data[(data["kpi"] == "assistant_share") & (data["date"] >= row["period_start"])
                 & (data["date"] <= row["period_end"])]
    # the 3rd review after stabilisation: the always-valid level 1 - 0.05 * 6 / (pi^2 3^2)
    assert row["look"] == 3 and row["look_alpha"] == pytest.approx(0.05 * 6 / (np.pi * 3) ** 2)
    low, high = proportion_confint(month["value"].sum(), month["n"].sum(),
                                   alpha=row["look_alpha"], method="wilson")
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((100 * low, 100 * high))


def rate_plan(kind="rate", rate_per=100.0):
    kpi = NS(id="errors", name="Errors", unit="per 100", kind=kind, direction="lower_is_better",
             level="process", frequency="monthly", rate_per=rate_per,
             target=NS(value=1.0, change=None, deadline=pd.Timestamp("2026-12-31").date()))
    periods = NS(go_live=pd.Timestamp("2026-02-01").date(),
                 after_start=pd.Timestamp("2026-03-01").date())
    return NS(kpis=[kpi], periods=periods, goal=NS(deadline=None))


def test_rate_interval_is_exact_poisson():
    """12 events over 400 units in one month, shown per 100: the exact (Garwood) limits
    are the a/2 and 1 - a/2 points of Gamma(12) and Gamma(13), per 400 units, with a
    the first review's spent alpha 0.05 * 6 / pi^2."""
    frame = pd.DataFrame({"date": pd.to_datetime(["2026-01-10", "2026-03-05", "2026-03-20"]),
                          "kpi": "errors", "value": [30.0, 5.0, 7.0], "n": [600.0, 150, 250],
                          "period": ["baseline", "after", "after"]})
    row = progress(frame, rate_plan()).iloc[0]
    assert row["level"] == pytest.approx(3.0)
    a = 0.05 * 6 / np.pi ** 2
    assert row["ci_low"] == pytest.approx(100 * sps.gamma.ppf(a / 2, 12) / 400)
    assert row["ci_high"] == pytest.approx(100 * sps.gamma.ppf(1 - a / 2, 13) / 400)
    assert row["baseline"] == pytest.approx(5.0)


def test_count_with_exposure_is_pooled_like_compare_kpis():
    """A count with its exposure in n is shown per unit of exposure, as compare_kpis
    shows it (revision rounds per quote, not rounds per week)."""
    plan = ka.load_plan(SAMPLES / "genai_quotes" / "plan.yaml")
    data = ka.load_measurements("", plan)
    kpi = plan.kpi("revision_rounds")
    after = data[(data["kpi"] == kpi.id) & (data["period"] == "after")]
    compared = ka.compare_kpis(data, plan).set_index("kpi")
    assert kpi_level(after, kpi) == pytest.approx(compared.at[kpi.id, "after"])
    assert kpi_level(after, kpi) == pytest.approx(after["value"].sum() / after["n"].sum())
    rows = progress(data, plan)
    assert rows[rows["kpi"] == kpi.id]["level"].between(1, 3).all()


def test_control_group_rows_are_left_out():
    plan = ka.load_plan(SAMPLES / "webshop" / "plan.yaml")
    data = ka.load_measurements("", plan)
    frame = progress(data, plan)
    treated = data[(data["group"] != "control") & (data["kpi"] == "conversion")
                   & (data["date"] >= pd.Timestamp(plan.periods.go_live))]
    assert frame[frame["kpi"] == "conversion"]["n"].sum() == len(treated)


# --- the trend -------------------------------------------------------------------------

def test_fit_trend_matches_least_squares():
    rng = np.random.default_rng(4)
    dates = pd.date_range("2026-05-04", periods=30, freq="W-MON")
    weeks = np.arange(30.0)
    y = 40 + 1.2 * weeks + rng.normal(0, 2, 30)
    trend = fit_trend(dates, y, origin="2026-05-04")
    ols = sm.OLS(y, sm.add_constant(weeks)).fit()
    assert (trend.intercept, trend.slope) == pytest.approx(tuple(ols.params))
    assert trend.resid_var == pytest.approx(ols.scale)
    low, high = trend.slope_interval()
    assert low < 1.2 < high
    est, f_low, f_high, se = trend.forecast("2026-12-28")
    assert est == pytest.approx(ols.params[0] + ols.params[1] * 34)
    assert f_low < est < f_high and se > np.sqrt(trend.resid_var)
    flat = fit_trend(dates, y, origin="2026-05-04", slope=False)
    assert flat.basis == "level" and flat.intercept == pytest.approx(y.mean())
    assert flat.slope == 0


def test_fit_trend_probability_is_the_predictive_t():
    dates = pd.date_range("2026-05-04", periods=12, freq="W-MON")
    y = 10 + 0.5 * np.arange(12) + np.tile([0.3, -0.3], 6)
    trend = fit_trend(dates, y, origin="2026-05-04")
    est, _, _, se = trend.forecast("2026-09-28")
    p = trend.p_beyond("2026-09-28", 18.0, "higher_is_better")
    assert p == pytest.approx(sps.t.sf((18.0 - est) / se, trend.dof))
    assert trend.p_beyond("2026-09-28", 18.0, "lower_is_better") == pytest.approx(1 - p)


def test_fit_trend_rejects_too_few_points():
    with pytest.raises(InputError, match="levels"):
        fit_trend(pd.date_range("2026-05-04", periods=2, freq="W-MON"), [1, 2],
                  origin="2026-05-04")


def test_kpi_trend_is_the_forecast_of_the_last_review(data, plan, frame):
    trend = kpi_trend(data, plan, "assistant_share")
    row = last_review(frame, "assistant_share")
    est, low, high, _ = trend.forecast(row["deadline"], average_of=30.4375 / 7)
    assert (est, low, high) == pytest.approx((row["forecast_at_deadline"], row["forecast_low"],
                                              row["forecast_high"]))
    with pytest.raises(InputError, match="kpi_id: 'nope'"):
        kpi_trend(data, plan, "nope")


def test_calibration_over_draws(plan, truth):
    """Repeated draws from the sample's simulation: the interval covers the true level
    at the deadline and the verdict agrees with the truth in nearly every draw (the
    AR(1) errors and the level rule keep it honest; 60 draws, seeds 0-59)."""
    sys.path.insert(0, str(SAMPLES))
    try:
        import make_samples as ms
    finally:
        sys.path.remove(str(SAMPLES))
    sims = {s.kpi: s for s in ms.SAMPLES["monthly_reviews"][1]}
    kpis = ("assistant_share", "cost_per_invoice")
    covered = {k: 0 for k in kpis}
    agreed = {k: 0 for k in kpis}
    draws = 60
    for seed in range(draws):
        rng = np.random.default_rng(seed)
        frame = pd.concat([ms.simulate(sims[k], plan, rng) for k in kpis], ignore_index=True)
        frame["date"] = pd.to_datetime(frame["date"])
        frame["period"] = label_periods(frame["date"], plan.periods)
        last = progress(frame, plan).groupby("kpi").tail(1).set_index("kpi")
        for k in kpis:
            row, true = last.loc[k], truth[k]
            covered[k] += row["forecast_low"] <= true["at_deadline"] <= row["forecast_high"]
            agreed[k] += row["on_track"] is true["meets_target"]
    for k in kpis:
        assert covered[k] / draws >= 0.85, (k, covered[k])
        assert agreed[k] / draws >= 0.9, (k, agreed[k])


# --- words ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "nl"])
def test_progress_sentence(frame, plan, lang):
    row = last_review(frame, "assistant_share")
    text = progress_sentence(row, plan.kpi("assistant_share"), lang)
    assert fmt_value(row["forecast_at_deadline"], lang) in text
    assert fmt_value(row["level"], lang) in text
    assert ("on track" if lang == "en" else "op koers") in text
    passed = progress_sentence(last_review(frame, "extraction_accuracy"),
                               plan.kpi("extraction_accuracy"), lang)
    assert ("is met" if lang == "en" else "is gehaald") in passed
    assert status_label("off track", lang) != status_label("on track", lang)


# --- the dashboard export ----------------------------------------------------------------

def test_export_csv_is_tidy_and_stable(frame, tmp_path):
    path = export_progress_csv(frame, tmp_path / "out" / "progress.csv")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert list(rows[0]) == PROGRESS_COLUMNS and len(rows) == len(frame)
    iso = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for r in rows:
        for column in ("review_date", "period_start", "period_end", "deadline"):
            assert iso.match(r[column]), (column, r[column])
        assert r["target_met"] in ("true", "false", "")
        assert r["on_track"] in ("true", "false", "")
        for column in ("level", "ci_low", "ci_high", "target", "gap", "p_meet_target"):
            assert "," not in r[column]
            if r[column]:
                float(r[column])
    back = pd.read_csv(path)
    assert back["level"].to_numpy() == pytest.approx(frame["level"].to_numpy(), rel=1e-11)
    assert list(path.parent.iterdir()) == [path]              # no temporary file left
    assert export_progress_csv(frame, tmp_path / "again.csv").read_bytes() == raw


def test_export_rejects_another_frame(tmp_path):
    with pytest.raises(InputError, match="forecast_at_deadline"):
        export_progress_csv(pd.DataFrame({"kpi": ["a"]}), tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_records_are_json_ready(frame):
    import json
    records = progress_records(frame)
    assert len(records) == len(frame)
    text = json.dumps(records)
    assert "NaN" not in text and records[0]["review_date"] == "2026-04-30"


# --- errors -------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, match", [
    ({"cadence": "daily"}, "cadence must be one of .*got 'daily'"),
    ({"alpha": 1.5}, "alpha must be .*got 1.5"),
    ({"as_of": "not a date"}, "as_of must be a date"),
])
def test_bad_arguments(data, plan, kwargs, match):
    with pytest.raises(InputError, match=match):
        progress(data, plan, **kwargs)


def test_bad_data(plan):
    with pytest.raises(InputError, match="data must be the DataFrame"):
        progress([1, 2], plan)
    with pytest.raises(InputError, match=r"lacks column\(s\) \['period'\]"):
        progress(pd.DataFrame({"date": [], "kpi": [], "value": []}), plan)


# --- the plan's problem fields and the sample's reproducibility --------------------------------

def test_problem_fields_in_plan(plan):
    problem = plan.kpi("assistant_share").problem
    assert problem.expected == 70 and str(problem.by) == "2026-11-30"
    assert problem.cause.startswith("Two of the five") and plan.kpi("cost_per_invoice").problem \
        is None
    raw = yaml.safe_load((SAMPLE / "plan.yaml").read_text(encoding="utf-8"))
    broken = copy.deepcopy(raw)
    broken["processes"][0]["kpis"][1]["problem"]["owner"] = "x"
    with pytest.raises(PlanError, match=r"processes\[0\]\.kpis\[1\]\.problem\.owner"):
        parse_plan(broken)
    broken["processes"][0]["kpis"][1]["problem"] = {"by": "end of month"}
    with pytest.raises(PlanError, match=r"problem\.by: expected a date"):
        parse_plan(broken)


def test_make_samples_reproduces_the_sample(tmp_path, monkeypatch):
    sys.path.insert(0, str(SAMPLES))
    try:
        import make_samples as ms
    finally:
        sys.path.remove(str(SAMPLES))
    (tmp_path / "monthly_reviews").mkdir()
    shutil.copy(SAMPLE / "plan.yaml", tmp_path / "monthly_reviews" / "plan.yaml")
    monkeypatch.setattr(ms, "HERE", tmp_path)
    ms.write_sample("monthly_reviews")
    for name in ("measurements.csv", "truth.yaml"):
        assert (tmp_path / "monthly_reviews" / name).read_bytes() == (SAMPLE / name).read_bytes()


# --- partial periods and bounded forecasts (issue 14) ----------------------------------

def test_data_ending_mid_month_leaves_that_month_unjudged(data, plan):
    """Data up to 3 September: September is partial, shown but not judged (only the
    per-invoice KPI has September rows; the weekly levels are dated Mondays)."""
    cut = progress(data, plan, as_of="2026-09-03")
    last = cut[cut["review_date"] == pd.Timestamp("2026-09-30")]
    assert list(last["kpi"]) == ["minutes_per_invoice"]
    assert last["partial"].all() and (last["status"] == "partial period").all()
    assert last["target_met"].isna().all() and last["on_track"].isna().all()
    assert last["forecast_at_deadline"].isna().all() and last["p_meet_target"].isna().all()
    assert (last["data_until"] == pd.Timestamp("2026-09-06")).all()  # weekly level of 31 Aug
    # the months before are complete and judged as in the full run
    august = cut[cut["review_date"] == pd.Timestamp("2026-08-31")]
    assert not august["partial"].any()
    assert set(august["status"]) <= {"on track", "off track"}
    row = last.iloc[0]
    for lang, words in (("en", "period not complete"), ("nl", "periode nog niet compleet")):
        sentence = progress_sentence(row, plan.kpi("minutes_per_invoice"), lang)
        assert words in sentence and "already" not in sentence


def test_the_full_sample_has_no_partial_month(frame):
    """The data end on Sunday 27 September: three days short of the month's end is
    within the tolerance (10% of the period), so September is judged."""
    assert not frame["partial"].any()


def _trending(kind, start, slope, rate_per=1.0):
    """A weekly KPI after go-live with a steep straight trend (seeded noise)."""
    rng = np.random.default_rng(14)
    dates = pd.date_range("2026-01-05", periods=30, freq="W-MON")
    weeks = np.arange(30.0)
    level = start + slope * weeks + rng.normal(0, 0.3, 30)
    if kind == "proportion":
        n = np.full(30, 1000.0)
        value = np.round(np.clip(level, 0, 100) / 100 * n)
    else:
        n = np.full(30, 100.0)
        value = np.round(np.clip(level, 0, None))
    period = np.where(dates < "2026-02-01", "baseline", "after")
    frame = pd.DataFrame({"date": dates, "kpi": "k", "value": value, "n": n, "period": period})
    direction = "lower_is_better" if slope < 0 else "higher_is_better"
    kpi = NS(id="k", name="K", unit="u", kind=kind, direction=direction, level="process",
             frequency="weekly", rate_per=rate_per,
             target=NS(value=5.0 if slope < 0 else 95.0, change=None,
                       deadline=pd.Timestamp("2027-06-30").date()))
    periods = NS(go_live=pd.Timestamp("2026-02-01").date(),
                 after_start=pd.Timestamp("2026-02-01").date())
    return frame, NS(kpis=[kpi], kpi=lambda kpi_id: kpi, periods=periods,
                     goal=NS(deadline=None))


@pytest.mark.parametrize("kind, start, slope, low, high", [
    ("count", 30.0, -1.0, 0.0, np.inf),          # errors falling toward zero
    ("rate", 30.0, -1.0, 0.0, np.inf),
    ("proportion", 60.0, 1.2, 0.0, 100.0),       # a share rising toward 100%
])
def test_forecasts_and_intervals_respect_the_bounds(kind, start, slope, low, high):
    frame, plan = _trending(kind, start, slope, rate_per=100.0 if kind == "rate" else 1.0)
    rows = progress(frame, plan)
    judged = rows[rows["status"].isin(["on track", "off track"])]
    assert len(judged)
    line = kpi_trend(frame, plan, "k")
    assert line.bounds == (low, high)
    deadline = pd.Timestamp("2027-06-30")
    unbounded = dataclasses.replace(line, bounds=(-np.inf, np.inf)).forecast(deadline)
    assert unbounded[0] < low or unbounded[0] > high   # the straight line leaves the range
    assert all(low <= x <= high for x in line.forecast(deadline)[:3])
    for column in ("forecast_at_deadline", "forecast_low", "forecast_high", "ci_low",
                   "ci_high"):
        values = rows[column].dropna()
        assert ((values >= low) & (values <= high)).all(), column
