"""Calibration grid of compare_kpis on data small businesses have (prints, asserts nothing).

    nohup .venv/bin/python bench/bench_calibration.py --reps 500 > calibration.log 2>&1 &
    .venv/bin/python bench/bench_calibration.py --reps 100 --cells weekly_26  # quick look

Every cell simulates ``reps`` KPIs of one shape, once without and once with a true
effect, and runs them through :func:`kpi_analysis.analysis.compare.compare_kpis` with a
plan-like object (``types.SimpleNamespace``). Per cell it prints

* false alarms: share of no-effect KPIs whose interval excludes 0 with p <= alpha
  (the verdict's rule before Holm; target 3-7%);
* coverage of the true change by the 95% interval, without and with the effect
  (target 93-97%);
* power: share of effect KPIs with a change verdict in the true direction;
* the power of a correctly specified model fitted to the same simulated data, and
  the ratio (target >= 0.8). For series: the true terms (a trend only when the
  simulation has one, the true season form) with AR(1) errors by REML, no model
  selection; for counts: weighted least squares with the true variance function
  and the dispersion estimated from the periods; for lognormal items: Student t on
  the log values (the model's test of the mean ratio).

The binomial standard error of a rate r over N KPIs is sqrt(r (1 - r) / N): 1.0 point
at 5% and N = 500.
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Callable

import numpy as np
import pandas as pd
from scipy import special

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kpi_analysis.analysis.compare import compare_kpis  # noqa: E402
from kpi_analysis.stats.series import series_shift  # noqa: E402

ALPHA = 0.05
START = pd.Timestamp("2025-01-06")  # a Monday
CYCLE = np.array([0.2, 0.1, 0.0, 0.3, 0.4, -0.6, -0.4])  # quiet weekends


def plan_of(reps: int, kind: str, rate_per: float = 1.0) -> NS:
    return NS(alpha=ALPHA, kpis=[NS(id=f"k{i}", name=f"KPI {i}", unit="u", kind=kind,
                                    direction="lower_is_better", guard=None, target=None,
                                    frequency="daily", rate_per=rate_per) for i in range(reps)])


def frame_of(values: np.ndarray, dates: pd.DatetimeIndex, periods: np.ndarray,
             n: np.ndarray | None = None) -> pd.DataFrame:
    """Tidy measurements from a (reps, dates) array."""
    reps, size = values.shape
    frame = pd.DataFrame({"date": np.tile(dates, reps),
                          "kpi": np.repeat([f"k{i}" for i in range(reps)], size),
                          "value": values.ravel(), "period": np.tile(periods, reps)})
    if n is not None:
        frame["n"] = n.ravel().astype(float)
    return frame


def periods_of(before: int, gap: int, after: int) -> np.ndarray:
    return np.array(["baseline"] * before + ["stabilisation"] * gap + ["after"] * after)


def ar1(rng: np.random.Generator, reps: int, size: int, phi: float) -> np.ndarray:
    """(reps, size) stationary AR(1) noise with unit variance."""
    shocks = rng.standard_normal((reps, size))
    noise = np.empty((reps, size))
    noise[:, 0] = shocks[:, 0]
    for t in range(1, size):
        noise[:, t] = phi * noise[:, t - 1] + np.sqrt(1 - phi ** 2) * shocks[:, t]
    return noise


# --------------------------------------------------------- correctly specified models
def oracle_series(y: np.ndarray, t: np.ndarray, post: np.ndarray, *, trend: bool,
                  season: tuple | None) -> tuple[np.ndarray, np.ndarray]:
    """Level change and p-value for every row of y from the correctly specified series
    model: the true terms (trend only when there is one, the true season form), AR(1)
    errors by REML, no model selection."""
    fits = [series_shift(row, t, post, season=season, trend=trend) for row in y]
    return np.array([f["change"] for f in fits]), np.array([f["p_val"] for f in fits])


def oracle_quasi(y: np.ndarray, variance: np.ndarray, post: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Level change by weighted least squares with the true variance function (the
    weights), the dispersion estimated from the periods, Student t with n - 2 df."""
    weight = 1 / variance
    w_b, w_a = weight[:, ~post], weight[:, post]
    mean_b = np.sum(w_b * y[:, ~post], 1) / w_b.sum(1)
    mean_a = np.sum(w_a * y[:, post], 1) / w_a.sum(1)
    fitted = np.where(post, mean_a[:, None], mean_b[:, None])
    dof = y.shape[1] - 2
    dispersion = np.sum(weight * (y - fitted) ** 2, 1) / dof
    se = np.sqrt(dispersion * (1 / w_b.sum(1) + 1 / w_a.sum(1)))
    diff = mean_a - mean_b
    return diff, 2 * special.stdtr(dof, -np.abs(diff / se))


# -------------------------------------------------------------------------- cells
def gaussian_series(rng, reps, effect, *, before, gap, after, step_days, phi, change,
                    slope=0.0, season=None, kind="continuous"):
    """One value per period: level 10, AR(1) noise, optional trend and season."""
    size = before + gap + after
    t = np.arange(size, dtype=float)
    keep = np.r_[np.arange(before), before + gap + np.arange(after)]
    post = t >= before + gap
    values = 10 + ar1(rng, reps, size, phi) + slope * (t - before - gap) + effect * change * post
    form = None
    if season == "week":
        values += CYCLE[np.arange(size) % 7]
        form = ("dummies", 7, 0)
    elif season == "year":
        values += 3 * np.sin(2 * np.pi * t / 12)
        form = ("fourier", 12, 1)
    estimate, p_val = oracle_series(values[:, keep], t[keep], post[keep], trend=bool(slope),
                                    season=form)
    if step_days == 30:
        dates = pd.date_range(START, periods=size, freq="MS")
    else:
        dates = START + pd.to_timedelta(step_days * t, "D")
    return dict(data=frame_of(values, dates, periods_of(before, gap, after)),
                plan=plan_of(reps, kind), truth=effect * change, oracle=(estimate, p_val))


def beta_binomial(rng, reps, effect, *, before, gap, after, step_days, trials, p, icc, change):
    """Successes of trials per period with between-period variation (beta-binomial)."""
    size = before + gap + after
    post = np.arange(size) >= before + gap
    keep = np.r_[np.arange(before), before + gap + np.arange(after)]
    n = rng.integers(trials[0], trials[1] + 1, (reps, size))
    mean = p + effect * change * post
    a = mean * (1 - icc) / icc
    b = (1 - mean) * (1 - icc) / icc
    successes = rng.binomial(n, rng.beta(a * np.ones((reps, 1)), b * np.ones((reps, 1))))
    variance = mean * (1 - mean) * (1 + (n - 1) * icc) / n
    estimate, p_val = oracle_quasi((successes / n)[:, keep], variance[:, keep], post[keep])
    dates = START + pd.to_timedelta(step_days * np.arange(size), "D")
    return dict(data=frame_of(successes.astype(float), dates, periods_of(before, gap, after), n),
                plan=plan_of(reps, "proportion"), truth=100 * effect * change,
                oracle=(100 * estimate, p_val))


def negative_binomial(rng, reps, effect, *, before, gap, after, step_days, exposure, rate,
                      dispersion, change, rate_per):
    """Event counts per period with variance ``dispersion`` times the mean."""
    size = before + gap + after
    post = np.arange(size) >= before + gap
    keep = np.r_[np.arange(before), before + gap + np.arange(after)]
    n = (rng.integers(exposure[0], exposure[1] + 1, (reps, size)) if exposure
         else np.ones((reps, size), dtype=int))
    mu = rate * (1 + effect * change * post) * n
    size_parameter = mu / (dispersion - 1)
    counts = rng.negative_binomial(size_parameter, size_parameter / (size_parameter + mu))
    variance = dispersion * mu / n ** 2
    estimate, p_val = oracle_quasi((counts / n)[:, keep], variance[:, keep], post[keep])
    dates = START + pd.to_timedelta(step_days * np.arange(size), "D")
    return dict(data=frame_of(counts.astype(float), dates, periods_of(before, gap, after),
                              n if exposure else None),
                plan=plan_of(reps, "rate" if exposure else "count", rate_per),
                truth=rate_per * rate * effect * change, oracle=(rate_per * estimate, p_val))


def lognormal_items(rng, reps, effect, *, items, sigma, change):
    """Per-item durations, lognormal; the effect scales every item (mean change
    ``change`` times the mean). Correct model: Student t on the log values."""
    mean = np.exp(1 + sigma ** 2 / 2)
    before = rng.lognormal(1, sigma, (reps, items))
    after = rng.lognormal(1, sigma, (reps, items)) * (1 + effect * change)
    logs_b, logs_a = np.log(before), np.log(after)
    diff = logs_a.mean(1) - logs_b.mean(1)
    se = np.sqrt((logs_b.var(1, ddof=1) + logs_a.var(1, ddof=1)) / items)
    p_val = 2 * special.stdtr(2 * items - 2, -np.abs(diff / se))
    days = rng.integers(0, 30, (reps, items))
    frames = [pd.DataFrame({"date": START + pd.to_timedelta(offset + days.ravel(), "D"),
                            "kpi": np.repeat([f"k{i}" for i in range(reps)], items),
                            "value": values.ravel(), "period": period})
              for values, period, offset in ((before, "baseline", 0), (after, "after", 60))]
    return dict(data=pd.concat(frames, ignore_index=True), plan=plan_of(reps, "duration"),
                truth=effect * change * mean, oracle=(mean * diff, p_val))


def cell(generator: Callable, **settings) -> Callable:
    return lambda rng, reps, effect: generator(rng, reps, effect, **settings)


CELLS: dict[str, Callable] = {
    "daily_ar05_week": cell(gaussian_series, before=84, gap=14, after=84, step_days=1,
                            phi=0.5, change=0.7, season="week"),
    "daily_ar08_week": cell(gaussian_series, before=84, gap=14, after=84, step_days=1,
                            phi=0.8, change=1.3, season="week"),
    "weekly_13": cell(gaussian_series, before=13, gap=2, after=13, step_days=7, phi=0.3,
                      change=1.5),
    "weekly_26": cell(gaussian_series, before=26, gap=2, after=26, step_days=7, phi=0.3,
                      change=1.0),
    "weekly_26_trend_clear": cell(gaussian_series, before=26, gap=2, after=26, step_days=7,
                                  phi=0.3, change=-2.0, slope=-0.08),
    "weekly_26_trend_subtle": cell(gaussian_series, before=26, gap=2, after=26, step_days=7,
                                   phi=0.3, change=-2.0, slope=-0.03),
    "monthly_24_12_season": cell(gaussian_series, before=24, gap=0, after=12, step_days=30,
                                 phi=0.3, change=-1.5, season="year"),
    "daily_prop_betabin": cell(beta_binomial, before=60, gap=14, after=60, step_days=1,
                               trials=(40, 80), p=0.2, icc=0.03, change=-0.04),
    "weekly_prop_betabin_13": cell(beta_binomial, before=13, gap=2, after=13, step_days=7,
                                   trials=(150, 300), p=0.12, icc=0.01, change=-0.04),
    "daily_count_negbin": cell(negative_binomial, before=60, gap=14, after=60, step_days=1,
                               exposure=None, rate=12.0, dispersion=2.0, change=-0.15,
                               rate_per=1.0),
    "weekly_rate_negbin": cell(negative_binomial, before=26, gap=2, after=26, step_days=7,
                               exposure=(200, 400), rate=0.06, dispersion=2.0, change=-0.25,
                               rate_per=100.0),
    "lognormal_items": cell(lognormal_items, items=60, sigma=1.0, change=-0.3),
}


def run_cell(name: str, reps: int, seed: int) -> dict[str, float]:
    """False alarms, coverage and power of compare_kpis, and the correctly specified
    model's power, for one cell."""
    out = {}
    for effect in (0, 1):
        sim = CELLS[name](np.random.default_rng(seed + effect), reps, effect)
        result = compare_kpis(sim["data"], sim["plan"])
        low, high = result["ci_low"].to_numpy(float), result["ci_high"].to_numpy(float)
        sign = np.sign(sim["truth"]) if effect else 0
        claims = (result["p_val"].to_numpy(float) <= ALPHA) & ((low > 0) | (high < 0))
        covered = (low <= sim["truth"]) & (sim["truth"] <= high)
        oracle_estimate, oracle_p = sim["oracle"]
        oracle_claims = oracle_p <= ALPHA
        if effect:
            out.update(coverage_effect=covered.mean(),
                       power=(claims & (np.sign(result["change"]) == sign)).mean(),
                       oracle_power=(oracle_claims & (np.sign(oracle_estimate) == sign)).mean())
        else:
            out.update(false_alarm=claims.mean(), coverage_null=covered.mean(),
                       oracle_false_alarm=oracle_claims.mean(),
                       models=result["model"].fillna(result["test"]).value_counts()
                       .to_dict())
    out["ratio"] = out["power"] / out["oracle_power"] if out["oracle_power"] else np.nan
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=500, help="simulated KPIs per cell and arm")
    parser.add_argument("--cells", nargs="*", default=list(CELLS), choices=list(CELLS))
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    warnings.simplefilter("error")
    print(f"compare_kpis calibration, {arguments.reps} KPIs per cell and arm, alpha {ALPHA}")
    print(f"{'cell':26s} {'false':>6s} {'cov0':>6s} {'cov1':>6s} {'power':>6s} "
          f"{'oracle':>6s} {'ratio':>6s} {'or.FA':>6s}  models (no-effect arm)   seconds")
    for name in arguments.cells:
        start = time.perf_counter()
        r = run_cell(name, arguments.reps, arguments.seed + 10 * list(CELLS).index(name))
        print(f"{name:26s} {r['false_alarm']:6.3f} {r['coverage_null']:6.3f} "
              f"{r['coverage_effect']:6.3f} {r['power']:6.3f} {r['oracle_power']:6.3f} "
              f"{r['ratio']:6.2f} {r['oracle_false_alarm']:6.3f}  {r['models']}  "
              f"{time.perf_counter() - start:.0f}", flush=True)


if __name__ == "__main__":
    main()
