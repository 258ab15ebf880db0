"""The placebo in time (kpi_analysis.analysis.placebo): fake go-lives inside the baseline, the
count of false alarms, the flag, the smallest detectable change, and the report words."""
from __future__ import annotations

import importlib
import math
from types import SimpleNamespace as NS

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

import kpi_analysis as ka
from kpi_analysis.analysis.estimate import compare_one
from kpi_analysis.present.sections import placebo_warnings
from kpi_analysis.words.numbers import fmt_pct, fmt_value

from conftest import SAMPLES

placebo_module = importlib.import_module("kpi_analysis.analysis.placebo")  # the module, not ka.placebo


def daily_plan(kind="continuous", alpha=0.05, stabilisation_days=14):
    kpi = NS(id="x", name="Handling time", unit="min", kind=kind,
             direction="lower_is_better", guard=None, target=None, frequency="daily",
             rate_per=1.0)
    go_live = pd.Timestamp("2026-04-01")
    periods = NS(go_live=go_live.date(),
                 after_start=(go_live + pd.Timedelta(days=stabilisation_days)).date())
    return NS(kpis=[kpi], alpha=alpha, periods=periods, kpi=lambda _: kpi)


def daily_data(values_before, values_after, plan):
    go, start = pd.Timestamp(plan.periods.go_live), pd.Timestamp(plan.periods.after_start)
    before = pd.date_range(end=go - pd.Timedelta(days=1), periods=len(values_before))
    after = pd.date_range(start=start, periods=len(values_after))
    return pd.DataFrame({"date": before.append(after), "kpi": "x",
                         "value": np.r_[values_before, values_after],
                         "period": ["baseline"] * len(before) + ["after"] * len(after)})


def test_fake_go_lives_respect_the_sides_and_the_gap(monkeypatch):
    """Every fake go-live leaves min_side baseline dates before it and after the
    stabilisation gap; the real after-period is never used."""
    plan = daily_plan()
    rng = np.random.default_rng(3)
    data = daily_data(rng.normal(10, 2, 90), rng.normal(10, 2, 30), plan)
    seen = []

    def spy(kpi, rows, *, alpha):
        seen.append(rows)
        return compare_one(kpi, rows, alpha=alpha)

    monkeypatch.setattr(placebo_module, "compare_one", spy)
    row = ka.placebo(data, plan).iloc[0]
    fakes = seen[1:]  # the first call is the real go-live (for the detectable change)
    assert row["fake_go_lives"] == len(fakes) == 40 and row["gap_days"] == 14
    assert row["min_side"] == 10
    for rows in fakes:
        assert (rows["date"] < pd.Timestamp(plan.periods.go_live)).all()
        parts = {p: g["date"] for p, g in rows.groupby("period")}
        assert len(parts["baseline"]) >= 10 and len(parts["after"]) >= 10
        assert (parts["after"].min() - parts["baseline"].max()).days == 15  # 14-day gap


def test_too_short_baseline_drops_the_gap_then_is_not_judged():
    plan = daily_plan(stabilisation_days=28)
    data = daily_data(np.random.default_rng(1).normal(size=45), np.zeros(20), plan)
    row = ka.placebo(data, plan).iloc[0]
    # 45 dates with 28 days of gap leave 0 positions: the gap is dropped (26 positions)
    assert row["gap_days"] == 0 and row["fake_go_lives"] == 26 and row["flag"] in (True, False)
    short = daily_data(np.random.default_rng(1).normal(size=20), np.zeros(20), plan)
    row = ka.placebo(short, plan).iloc[0]
    assert row["fake_go_lives"] < 20 and row["flag"] is None


@pytest.mark.parametrize("always, flag", [(True, True), (False, False)])
def test_false_alarms_are_counted_and_flagged(monkeypatch, always, flag):
    plan = daily_plan()
    data = daily_data(np.arange(90.0), np.arange(30.0), plan)
    sign = 1.0 if always else -1.0

    def fixed(kpi, rows, *, alpha):
        return dict(test="stub", change=1.0, ci_low=sign * 0.5, ci_high=2.0,
                    ci_pct_low=sign * 5.0, ci_pct_high=20.0, p_val=0.01 if always else 0.3)

    monkeypatch.setattr(placebo_module, "compare_one", fixed)
    row = ka.placebo(data, plan).iloc[0]
    n = row["fake_go_lives"]
    assert row["false_alarms"] == (n if always else 0) and row["flag"] is flag
    assert row["p_excess"] == pytest.approx(sps.binom.sf(row["false_alarms"] - 1, n, 0.05))


def test_smallest_detectable_change_from_the_real_interval():
    """MDC = (z(0.975) + z(0.8)) x the real interval's half-width / z(0.975)."""
    rng = np.random.default_rng(5)
    plan = daily_plan()
    data = daily_data(rng.normal(10, 2, 90), rng.normal(10, 2, 60), plan)
    row = ka.placebo(data, plan).iloc[0]
    rows = data.assign(date=pd.to_datetime(data["date"]))
    real = compare_one(plan.kpis[0], rows, alpha=0.05)
    z = sps.norm.ppf(0.975)
    assert row["mdc"] == pytest.approx((z + sps.norm.ppf(0.8)) * (real["ci_high"] - real["ci_low"])
                                       / (2 * z))
    assert row["mdc_pct"] == pytest.approx(100 * row["mdc"] / real["before"], rel=1e-9)


def test_independent_noise_gives_few_false_alarms():
    """White noise around a constant level, no effect: the method's own rate stays low
    and the flag is down (any correct engine)."""
    rng = np.random.default_rng(11)
    plan = daily_plan()
    data = daily_data(rng.normal(10, 2, 120), rng.normal(10, 2, 60), plan)
    row = ka.placebo(data, plan).iloc[0]
    assert row["fake_go_lives"] == 40 and row["false_alarms"] <= 6 and row["flag"] is False


def test_invoicing_sample_and_report_words():
    plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    table = ka.placebo(ka.load_measurements("", plan), plan)
    assert list(table["kpi"]) == [k.id for k in plan.kpis]
    weekly = table.set_index("kpi").loc["invoices_per_fte"]
    assert weekly["fake_go_lives"] < 20 and weekly["flag"] is None  # 12 weekly points
    assert table["mdc"].map(math.isfinite).all()
    flagged = table.assign(flag=[True, None, None], false_alarms=[9, 0, 0])
    en, nl = (placebo_warnings(flagged, plan, lang) for lang in ("en", "nl"))
    row, kpi = flagged.iloc[0], plan.kpi("days_to_paid")
    mdc = f"{fmt_value(row['mdc'], 'en')} {kpi.unit} ({fmt_pct(row['mdc_pct'], 'en', signed=False)})"
    assert en == [f"{kpi.name}: on your own data this method raised a false alarm at 9 of "
                  f"{row['fake_go_lives']} fake go-lives; the smallest change it could detect "
                  f"is {mdc}."]
    assert nl[0].startswith(f"{kpi.name}: op uw eigen data gaf deze methode vals alarm bij 9 van")
    assert placebo_warnings(table.assign(flag=False), plan, "en") == []
