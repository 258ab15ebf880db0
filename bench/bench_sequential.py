"""Repeated looks: the chance of any false "target met" / "improved" over 12 monthly reviews.

    .venv/bin/python bench/bench_sequential.py              # 500 + 100 simulated clients
    .venv/bin/python bench/bench_sequential.py --reps 100 --reps-improved 20   # quicker

No true effect: a daily KPI (lower is better) stays at its baseline level for a 13-week
baseline, 4 weeks of stabilisation and 12 months after; its target equals the baseline
(relative target 0%, or an absolute target at the true baseline level). Prints, with
the binomial standard error:

1. ``progress()`` (monthly reviews): the share of clients with at least one review
   whose ``target_met`` is True over the 12 reviews, with the kit's alpha spending
   (:mod:`kpi_analysis.stats.sequential`) and, for contrast, with every review at the
   nominal 5%;
2. cadence reviews: ``compare_kpis`` on the data up to each month's end, "improved"
   at any of the 12 looks, at nominal alpha and at the spent alpha of the look;
3. both for independent days and for AR(1) days (phi 0.5).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import SimpleNamespace as NS

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from kpi_analysis.analysis.compare import compare_kpis  # noqa: E402
from kpi_analysis.stats.sequential import spent_alpha  # noqa: E402
from test_sequential import (AFTER_END, AFTER_START, PROGRESS, any_target_met,  # noqa: E402
                             null_data, null_plan)


def any_improved(data: pd.DataFrame, plan, spend: bool) -> bool:
    for k, end in enumerate(pd.date_range(AFTER_START, AFTER_END, freq="ME"), start=1):
        alpha = spent_alpha(k, plan.alpha) if spend else plan.alpha
        look = NS(**{**vars(plan), "alpha": alpha})
        row = compare_kpis(data[data["date"] <= end], look).iloc[0]
        if row["verdict"] == "improved":
            return True
    return False


def rate(hits: int, n: int) -> str:
    p = hits / n
    return f"{100 * p:5.1f}% (se {100 * np.sqrt(p * (1 - p) / n):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=500, help="clients for target met")
    parser.add_argument("--reps-improved", type=int, default=100,
                        help="clients for improved (12 compare_kpis calls each)")
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args()
    nominal = lambda look, alpha=0.05: np.full(np.shape(look), alpha) if np.ndim(look) \
        else alpha  # noqa: E731
    print(f"{args.reps} null clients for 'target met', the first {args.reps_improved} of them "
          f"for 'improved'; 12 monthly reviews, alpha 0.05\n")
    print(f"{'days':<12} {'target':<9} {'target met, spending':<24} {'target met, 5% each':<24} "
          f"{'improved, spending':<24} {'improved, 5% each':<24}")
    for phi in (0.0, 0.5):
        for target in ("relative", "absolute"):
            rng = np.random.default_rng(args.seed)
            plan = null_plan(target)
            counts = np.zeros(4, dtype=int)
            for rep in range(args.reps):
                data = null_data(rng, phi)
                counts[0] += any_target_met(data, plan)
                spending = PROGRESS.spent_alpha
                PROGRESS.spent_alpha = nominal
                try:
                    counts[1] += any_target_met(data, plan)
                finally:
                    PROGRESS.spent_alpha = spending
                if target == "relative" and rep < args.reps_improved:
                    counts[2] += any_improved(data, plan, spend=True)
                    counts[3] += any_improved(data, plan, spend=False)
            cells = [rate(c, args.reps) for c in counts[:2]]
            cells += [rate(c, args.reps_improved) for c in counts[2:]] if target == "relative" \
                else ["-", "-"]
            print(f"{'AR(1) ' + str(phi):<12} {target:<9} " + " ".join(f"{c:<24}" for c in cells))


if __name__ == "__main__":
    main()
