"""Calibration of compare_kpis by simulation: with no true effect, about 5% of KPIs
get p <= 0.05 and about 95% of the 95% intervals contain zero.

Each scenario is one compare_kpis call on a plan of many independent KPIs of the same
shape (pure binomial/Poisson data here: the dispersion floor must not make the test
conservative), so the rates are compare_kpis's own (per-KPI p_val and interval; Holm's p_adj
is tested in test_compare.py). Data are generated vectorised with a fixed seed.

Number of simulations: the acceptance window is +-2 points around 5% (3-7%). With N
KPIs the binomial sd of an observed rate is sqrt(0.05 * 0.95 / N): 0.56 points at
N = 1500, so the window is about 3.5 sd wide on each side of 5%, and a correctly
calibrated test fails it for fewer than 1 in 2000 seeds. The series scenario costs
the most and uses N = 1200 (sd 0.63 points, 3.2 sd).
``bench/bench_stats.py`` runs the same scenarios with 5000 KPIs and prints the rates.

The second part runs a few cells of the calibration grid of ``bench/bench_calibration.py``
(short weekly AR(1) series, monthly data with a yearly season, overdispersed weekly
proportions, heavy-tailed per-item durations), each without and with a true effect,
and compares the power with that of a correctly specified model.
"""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Callable

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from kpi_analysis.analysis.compare import compare_kpis

pytestmark = pytest.mark.filterwarnings("error")

ALPHA = 0.05
START = pd.Timestamp("2025-01-06")  # a Monday


def null_plan(n_kpis: int, kind: str) -> NS:
    return NS(alpha=ALPHA, kpis=[NS(id=f"k{i}", name=f"KPI {i}", unit="u", kind=kind,
                                    direction="lower_is_better", guard=None, target=None,
                                    frequency="daily", rate_per=1.0) for i in range(n_kpis)])


def long_frame(values: np.ndarray, dates: pd.DatetimeIndex, periods: np.ndarray,
               n: np.ndarray | None = None) -> pd.DataFrame:
    """Tidy measurements from an (n_kpis, n_dates) array of values."""
    n_kpis, n_dates = values.shape
    frame = pd.DataFrame({"date": np.tile(dates, n_kpis),
                          "kpi": np.repeat([f"k{i}" for i in range(n_kpis)], n_dates),
                          "value": values.ravel(), "period": np.tile(periods, n_kpis)})
    if n is not None:
        frame["n"] = n.ravel().astype(float)
    return frame


def periods_of(baseline: int, stabilisation: int, after: int) -> np.ndarray:
    return np.array(["baseline"] * baseline + ["stabilisation"] * stabilisation
                    + ["after"] * after)


def ar1_cycle_values(rng: np.random.Generator, n_draws: int, days: int,
                     phi: float = 0.5) -> np.ndarray:
    """(n_draws, days) array: level 10, stationary AR(1) noise with lag-1
    autocorrelation phi and unit variance, plus a fixed weekly cycle (quiet weekends).
    Vectorised over draws: the loop runs over days only."""
    shocks = rng.standard_normal((n_draws, days))
    noise = np.empty((n_draws, days))
    noise[:, 0] = shocks[:, 0]
    scale = np.sqrt(1 - phi ** 2)
    for t in range(1, days):
        noise[:, t] = phi * noise[:, t - 1] + scale * shocks[:, t]
    return 10 + noise + np.array([0.2, 0.1, 0.0, 0.3, 0.4, -0.6, -0.4])[np.arange(days) % 7]


def ar1_with_weekly_cycle(rng: np.random.Generator, n_kpis: int, phi: float = 0.5,
                          baseline: int = 84, stabilisation: int = 14, after: int = 84):
    """Daily KPI (AR(1) noise plus a weekly cycle), 12 weeks before and after a 2-week
    stabilisation."""
    days = baseline + stabilisation + after
    values = ar1_cycle_values(rng, n_kpis, days, phi)
    dates = START + pd.to_timedelta(np.arange(days), "D")
    return long_frame(values, dates, periods_of(baseline, stabilisation, after)), \
        null_plan(n_kpis, "duration")


def skewed_items(rng: np.random.Generator, n_kpis: int):
    """Per-item lead times (lognormal, strongly skewed), 6 to 80 items per period,
    several per day: exercises both Welch and the rank test that 'auto' picks."""
    sizes = rng.integers(6, 81, size=(n_kpis, 2))
    frames = []
    for column, (period, offset) in enumerate((("baseline", 0), ("after", 100))):
        counts = sizes[:, column]
        frames.append(pd.DataFrame({
            "date": START + pd.to_timedelta(offset + rng.integers(0, 40, counts.sum()), "D"),
            "kpi": np.repeat([f"k{i}" for i in range(n_kpis)], counts),
            "value": rng.lognormal(1.0, 0.8, counts.sum()), "period": period}))
    return pd.concat(frames, ignore_index=True), null_plan(n_kpis, "duration")


def weekly_proportions(rng: np.random.Generator, n_kpis: int):
    """Weekly successes out of 150-300 trials, p = 0.12, 9 weeks before and after
    (fewer than 10 points a side, not a regular series: the quasi-binomial test on the
    weeks, its dispersion floored at the binomial one)."""
    weeks = 9 + 2 + 9
    trials = rng.integers(150, 301, (n_kpis, weeks))
    successes = rng.binomial(trials, 0.12)
    dates = START + pd.to_timedelta(7 * np.arange(weeks), "D")
    return long_frame(successes / trials, dates, periods_of(9, 2, 9), trials), \
        null_plan(n_kpis, "proportion")


def weekly_rates(rng: np.random.Generator, n_kpis: int):
    """Weekly error counts over 200-400 invoices, 6 errors per 100, 9 weeks each side
    (about 160 events per period: the quasi-Poisson test on the weeks)."""
    weeks = 9 + 2 + 9
    exposure = rng.integers(200, 401, (n_kpis, weeks))
    counts = rng.poisson(0.06 * exposure)
    dates = START + pd.to_timedelta(7 * np.arange(weeks), "D")
    return long_frame(counts.astype(float), dates, periods_of(9, 2, 9), exposure), \
        null_plan(n_kpis, "rate")


#: scenario -> (generator, number of KPIs in the test suite)
SCENARIOS: dict[str, tuple[Callable, int]] = {
    "daily AR(1) 0.5 + weekly cycle": (ar1_with_weekly_cycle, 1200),
    "skewed per-item values": (skewed_items, 1500),
    "weekly proportions": (weekly_proportions, 1500),
    "weekly event rates": (weekly_rates, 1500),
}


def null_rates(result: pd.DataFrame) -> tuple[float, float]:
    """False-positive rate at ALPHA and coverage of the true change 0."""
    false_positive = float(np.mean(result["p_val"] <= ALPHA))
    coverage = float(np.mean((result["ci_low"] <= 0) & (result["ci_high"] >= 0)))
    return false_positive, coverage


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_no_effect_gives_nominal_error_rate_and_coverage(scenario):
    generate, n_kpis = SCENARIOS[scenario]
    seed = 20250 + list(SCENARIOS).index(scenario)
    data, plan = generate(np.random.default_rng(seed), n_kpis)
    result = compare_kpis(data, plan)
    false_positive, coverage = null_rates(result)
    assert 0.03 <= false_positive <= 0.07, (scenario, false_positive)
    assert 0.93 <= coverage <= 0.97, (scenario, coverage)
    # the verdict never claims a change while the test says there is none
    assert (result.loc[result["p_adj"] > ALPHA, "verdict"] == "no detectable change").all()


def test_naive_t_test_on_days_is_over_confident():
    """Why the series test exists: on the same AR(1) + weekly-cycle days, a t-test that
    treats each day as an independent value rejects a true null about 20% of the time
    (the variance of a mean of AR(1) data is (1 + phi) / (1 - phi) = 3 times larger
    than it assumes), while compare_kpis stays near 5% on exactly these data (the
    'daily AR(1) 0.5 + weekly cycle' scenario above)."""
    data, _ = ar1_with_weekly_cycle(np.random.default_rng(7), 1000)
    wide = data.pivot(index="kpi", columns="date", values="value")
    periods = data.drop_duplicates("date").set_index("date")["period"]
    before = wide.loc[:, periods[periods == "baseline"].index].to_numpy()
    after = wide.loc[:, periods[periods == "after"].index].to_numpy()
    naive = float(np.mean(sps.ttest_ind(before, after, axis=1).pvalue <= ALPHA))
    assert naive > 0.15


# --------------------------------------------------- the calibration grid, small
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from bench_calibration import run_cell  # noqa: E402

#: a few cells of bench/bench_calibration.py (which runs them all with 500 KPIs)
GRID_CELLS = ["weekly_13", "monthly_24_12_season", "weekly_prop_betabin_13", "lognormal_items"]
GRID_REPS = 200


@pytest.mark.parametrize("cell", GRID_CELLS)
def test_calibration_grid_cell(cell):
    """Short autocorrelated, seasonal, overdispersed and heavy-tailed data keep their
    error rate, cover the true change and keep most of the power of a correctly
    specified model. Bands for 200 KPIs per arm: the binomial sd of a 5% rate is
    1.5 points, so 1-10% is about 3 sd either side; coverage sd is 1.5 points
    (>= 90% is 3 sd below 95%); the power ratio has an sd of about 0.08, so >= 0.65
    is 2 sd below the bench target of 0.8 (the bench measures it with 500 KPIs)."""
    rates = run_cell(cell, GRID_REPS, seed=31 + GRID_CELLS.index(cell))
    assert 0.01 <= rates["false_alarm"] <= 0.10, rates
    assert rates["coverage_null"] >= 0.90 and rates["coverage_effect"] >= 0.90, rates
    assert rates["ratio"] >= 0.65, rates
