"""Repeated looks (kpi_analysis.stats.sequential): the spending sequence, and by simulation
that monthly reviews with no true effect rarely claim "target met" over 12 looks."""
from __future__ import annotations

import importlib
import math
from types import SimpleNamespace as NS

import numpy as np
import pandas as pd
import pytest

from kpi_analysis.errors import InputError
from kpi_analysis.stats.sequential import look_number, look_plan, spent_alpha

PROGRESS = importlib.import_module("kpi_analysis.analysis.progress")  # the module, not ka.progress
BASELINE_START = pd.Timestamp("2026-01-05")
GO_LIVE = pd.Timestamp("2026-04-06")
AFTER_START = pd.Timestamp("2026-05-04")
AFTER_END = pd.Timestamp("2027-04-30")  # 12 monthly reviews, May 2026 - April 2027


def null_plan(target: str = "relative", level: float = 10.0, alpha: float = 0.05):
    """One continuous daily KPI, lower is better, target = the baseline level."""
    deadline = AFTER_END.date()
    goal = NS(value=None, change=0.0, deadline=deadline) if target == "relative" else \
        NS(value=level, change=None, deadline=deadline)
    kpi = NS(id="x", name="Handling time", unit="min", kind="continuous",
             direction="lower_is_better", level="process", frequency="daily", rate_per=1.0,
             guard=None, target=goal)
    periods = NS(go_live=GO_LIVE.date(), after_start=AFTER_START.date())
    return NS(kpis=[kpi], alpha=alpha, periods=periods, goal=NS(deadline=deadline),
              kpi=lambda _: kpi)


def null_data(rng: np.random.Generator, phi: float = 0.0, level: float = 10.0,
              sd: float = 2.0) -> pd.DataFrame:
    dates = pd.date_range(BASELINE_START, AFTER_END, freq="D")
    noise = np.empty(dates.size)
    noise[0] = rng.standard_normal()
    shocks = rng.standard_normal(dates.size) * np.sqrt(1 - phi ** 2)
    for i in range(1, dates.size):
        noise[i] = phi * noise[i - 1] + shocks[i]
    period = np.where(dates < GO_LIVE, "baseline",
                      np.where(dates < AFTER_START, "stabilisation", "after"))
    return pd.DataFrame({"date": dates, "kpi": "x", "value": level + sd * noise,
                         "period": period})


def any_target_met(data: pd.DataFrame, plan) -> bool:
    frame = PROGRESS.progress(data, plan, cadence="monthly")
    return bool((frame["target_met"] == True).any())  # noqa: E712  (object column)



def test_spending_sums_to_alpha():
    """sum 6 / (pi^2 k^2) = 1 (Basel problem): the levels of all looks add up to alpha."""
    looks = np.arange(1, 2_000_001)
    assert spent_alpha(looks, 0.05).sum() == pytest.approx(0.05, rel=1e-6)
    assert spent_alpha(1, 0.05) == pytest.approx(0.05 * 6 / math.pi ** 2)
    assert spent_alpha(12, 0.05) == pytest.approx(0.05 / (24 * math.pi ** 2))
    with pytest.raises(InputError, match="look must be a review number"):
        spent_alpha(0)
    with pytest.raises(InputError, match="alpha must be"):
        spent_alpha(1, 1.5)


def test_look_number_and_plan():
    assert look_number("2026-05-04", "2026-05-31") == 1
    assert look_number("2026-05-04", "2026-06-30") == 2
    assert look_number("2026-05-04", "2026-04-20") == 1  # before the after-period: first look
    plan = look_plan(null_plan(), "2026-07-31")
    assert plan.alpha == pytest.approx(spent_alpha(3, 0.05)) and null_plan().alpha == 0.05


def test_twelve_monthly_looks_keep_the_error_rate(monkeypatch):
    """No true effect, target = the true baseline level, 12 monthly reviews: with alpha
    spending at most 4 of 30 simulated clients ever show "target met" (at 5% the
    binomial chance of 5 or more is 1.6%); judged at a flat 5% every month, the same
    clients show it far more often (bench/bench_sequential.py has the full table)."""
    rng = np.random.default_rng(2026)
    plan = null_plan("absolute")
    clients = [null_data(rng) for _ in range(30)]
    spending = sum(any_target_met(data, plan) for data in clients)
    monkeypatch.setattr(PROGRESS, "spent_alpha", lambda look, alpha: np.full(np.shape(look),
                                                                             alpha))
    flat = sum(any_target_met(data, plan) for data in clients)
    assert spending <= 4 and flat >= 6
