"""Benchmark and calibration report for the statistics engine (prints, asserts nothing).

    .venv/bin/python bench/bench_stats.py            # 5000 KPIs per scenario (a few minutes)
    .venv/bin/python bench/bench_stats.py --n 1000   # quicker

Prints

1. compare_kpis false-positive rate and 95% interval coverage with no true effect, for
   the scenarios of tests/test_calibration.py at a larger size, with the binomial
   standard error of each rate, the ITS level-change false-positive rate where ITS
   runs, and the naive t-test on days for the autocorrelated series;
2. ITS level-change false-positive rates per standard-error type (hac, ar1, nw, model)
   on a short daily count series and on a daily AR(1) series with a weekly cycle;
3. timings: compare_kpis on 10 KPIs x 2 years of daily data (and on 3 of them),
   60 compare_one calls on one series (what a placebo-in-time check costs), and
   vectorised simulation of 10,000 draws.

The calibration grid of the verdict (false alarms, coverage, power against a
correctly specified model) is ``bench/bench_calibration.py``.
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from types import SimpleNamespace as NS

import numpy as np
import pandas as pd
from scipy import stats as sps

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from kpi_analysis.analysis.compare import compare_kpis  # noqa: E402
from kpi_analysis.analysis.estimate import compare_one  # noqa: E402
from kpi_analysis.stats.its import its  # noqa: E402
from test_calibration import (ALPHA, SCENARIOS, ar1_cycle_values,  # noqa: E402
                              ar1_with_weekly_cycle, null_rates)


def rate_text(rate: float, n: int) -> str:
    return f"{100 * rate:5.2f}% (se {100 * np.sqrt(rate * (1 - rate) / n):.2f})"


def calibration(n_kpis: int) -> None:
    print(f"\n1. compare_kpis with no true effect, {n_kpis} KPIs per scenario "
          "(acceptance: false positives 3-7%, coverage 93-97%)")
    for index, (scenario, (generate, _)) in enumerate(SCENARIOS.items()):
        data, plan = generate(np.random.default_rng(99 + index), n_kpis)
        start = time.perf_counter()
        result = compare_kpis(data, plan)
        seconds = time.perf_counter() - start
        false_positive, coverage = null_rates(result)
        tests = {name: int(count) for name, count in result["test"].value_counts().items()}
        line = (f"   {scenario:32s} false positives {rate_text(false_positive, n_kpis)}  "
                f"coverage {rate_text(coverage, n_kpis)}  tests {tests}")
        if "its_p_val" in result.columns and result["its_p_val"].notna().any():
            its_rate = float(np.mean(result["its_p_val"].dropna() <= ALPHA))
            line += f"  ITS level change {rate_text(its_rate, result['its_p_val'].notna().sum())}"
        print(line + f"  [{seconds:.1f} s, {1000 * seconds / n_kpis:.1f} ms per KPI]")
    data, _ = ar1_with_weekly_cycle(np.random.default_rng(5), n_kpis)
    wide = data.pivot(index="kpi", columns="date", values="value")
    periods = data.drop_duplicates("date").set_index("date")["period"]
    naive = np.mean(sps.ttest_ind(wide.loc[:, periods[periods == "baseline"].index],
                                  wide.loc[:, periods[periods == "after"].index],
                                  axis=1).pvalue <= ALPHA)
    print(f"   naive t-test on the AR(1) days: false positives {rate_text(naive, n_kpis)}")


def its_standard_errors(n_series: int) -> None:
    print(f"\n2. ITS level change with no true effect, {n_series} series, by se type")
    rng = np.random.default_rng(17)
    days = np.r_[np.arange(30), 37 + np.arange(30)]
    count_series = [pd.DataFrame({"day": days, "events": rng.poisson(0.2 * exposure),
                                  "exposure": exposure})
                    for exposure in rng.integers(20, 60, (n_series, days.size)).astype(float)]
    keep = np.r_[np.arange(84), 98 + np.arange(84)]
    values = ar1_cycle_values(rng, n_series, 182)[:, keep]
    gaussian_series = [pd.DataFrame({"day": keep, "value": row}) for row in values]
    for se in ("hac", "ar1", "nw", "model"):
        counts = np.mean([its(frame, time="day", outcome="events", exposure="exposure",
                              family="poisson", intervention=37, se=se)
                          .summary.at["level_change", "p_val"] <= ALPHA
                          for frame in count_series])
        series = np.mean([its(frame, time="day", outcome="value", intervention=98,
                              season_period=7, harmonics=3, se=se)
                          .summary.at["level_change", "p_val"] <= ALPHA
                          for frame in gaussian_series])
        print(f"   se={se:5s}  iid Poisson counts, 30 + 30 days: {rate_text(counts, n_series)}"
              f"   AR(1) 0.5 + weekly cycle, 84 + 84 days: {rate_text(series, n_series)}")


def two_years_of_daily_kpis(rng: np.random.Generator) -> tuple[pd.DataFrame, NS]:
    """10 KPIs of mixed kinds, 730 days, go-live after one year, 2 weeks stabilisation."""
    dates = pd.date_range("2024-01-01", periods=730, freq="D")
    go_live = pd.Timestamp("2025-01-01")
    period = np.where(dates < go_live, "baseline",
                      np.where(dates < go_live + pd.Timedelta(weeks=2), "stabilisation", "after"))
    kinds = ["duration", "continuous", "score", "amount", "proportion", "count", "rate",
             "duration", "continuous", "amount"]
    frames, kpis = [], []
    for i, kind in enumerate(kinds):
        n = rng.integers(50, 100, 730).astype(float)
        if kind == "proportion":
            value, exposure = rng.binomial(n.astype(int), 0.1) / n, n
        elif kind in ("count", "rate"):
            value, exposure = rng.poisson(0.05 * n).astype(float), n
        else:
            value, exposure = ar1_cycle_values(rng, 1, 730)[0], np.full(730, np.nan)
        frames.append(pd.DataFrame({"date": dates, "kpi": f"k{i}", "value": value,
                                    "n": exposure, "period": period}))
        kpis.append(NS(id=f"k{i}", name=f"KPI {i}", unit="u", kind=kind,
                       direction="lower_is_better", guard="k4" if i == 0 else None,
                       target=NS(value=None, change=-0.1, deadline=None), frequency="daily",
                       rate_per=100.0 if kind == "rate" else 1.0))
    return pd.concat(frames, ignore_index=True), NS(kpis=kpis, alpha=0.05)


def timings() -> None:
    print("\n3. timings (median of 7 runs)")
    data, plan = two_years_of_daily_kpis(np.random.default_rng(1))
    compare_kpis(data, plan)  # warm-up: imports, caches
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        compare_kpis(data, plan)
        runs.append(time.perf_counter() - start)
    print(f"   compare_kpis, 10 KPIs x 730 days ({len(data)} rows): "
          f"{1000 * np.median(runs):.0f} ms (target < 1000 ms)")
    three = NS(kpis=[k for k in plan.kpis if k.id in ("k1", "k4", "k5")], alpha=0.05)
    subset = data[data["kpi"].isin(["k1", "k4", "k5"])]
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        compare_kpis(subset, three)
        runs.append(time.perf_counter() - start)
    print(f"   compare_kpis, 3 KPIs x 730 days: {1000 * np.median(runs):.0f} ms")
    rows = data[data["kpi"] == "k1"]
    start = time.perf_counter()
    for _ in range(60):  # a placebo-in-time check calls compare_one about 60 times
        compare_one(plan.kpis[1], rows, alpha=0.05)
    print(f"   compare_one x 60 on one daily series of 730 days: "
          f"{1000 * (time.perf_counter() - start):.0f} ms")
    rng = np.random.default_rng(2)
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        draws = ar1_cycle_values(rng, 10_000, 182)
        rates = np.mean(sps.ttest_ind(draws[:, :84], draws[:, 98:], axis=1).pvalue <= ALPHA)
        runs.append(time.perf_counter() - start)
    print(f"   10,000 simulated AR(1) series of 182 days + 10,000 t-tests, vectorised: "
          f"{1000 * np.median(runs):.0f} ms (target < 500 ms; naive rejection rate {rates:.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="KPIs per calibration scenario")
    parser.add_argument("--its", type=int, default=1000, help="series per ITS se type")
    arguments = parser.parse_args()
    warnings.simplefilter("error")
    timings()
    calibration(arguments.n)
    its_standard_errors(arguments.its)


if __name__ == "__main__":
    main()
