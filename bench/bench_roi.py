"""Time the business case: 10,000 Monte Carlo draws, the tornado, the whole call.

Run from the project root:  python bench/bench_roi.py [--draws 10000] [--repeat 20]

Prints the timings (best and median of the repeats) and the figures they produced, on
the template plan with a measured effect and on a 240-month horizon. The issue asks for
10,000 draws well under 0.5 s; nothing here asserts it, the numbers are for the notes.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))          # run from a checkout without installing

import kpi_analysis as ka  # noqa: E402
from kpi_analysis.finance.formulas import irr  # noqa: E402
from kpi_analysis.finance.simulation import simulate_roi  # noqa: E402
from kpi_analysis.words.business_case import (business_case, roi_interval,  # noqa: E402
                                              tornado)
EFFECTS = {"errors_per_100": (-3.4, -4.6, -2.2)}   # change, 95% CI low, high


def timed(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    plan = ka.load_plan(ROOT / "templates" / "plan.yaml")

    print(f"{'what':<44}{'best':>10}{'median':>10}")
    for horizon in (None, 240):
        h = horizon or plan.costs.horizon_months
        rows = [
            (f"simulate_roi, {args.draws:,} draws, {h} months",
             lambda: simulate_roi(plan, EFFECTS, draws=args.draws, horizon_months=horizon)),
            (f"roi_interval, {args.draws:,} draws, {h} months",
             lambda: roi_interval(plan, EFFECTS, draws=args.draws, horizon_months=horizon)),
            (f"tornado (+-20%), {h} months",
             lambda: tornado(plan, EFFECTS, horizon_months=horizon)),
            (f"business_case (all of it), {h} months",
             lambda: business_case(plan, EFFECTS, draws=args.draws, horizon_months=horizon)),
        ]
        results = {}
        for label, fn in rows:
            best, med, results[label] = timed(fn, args.repeat)
            print(f"{label:<44}{best * 1000:>8.1f}ms{med * 1000:>8.1f}ms")
    flows = [-70_000] + [1_500.0] * 239 + [26_000]
    best, med, _ = timed(lambda: irr(flows), args.repeat)
    print(f"{'irr, 241 monthly flows':<44}{best * 1000:>8.1f}ms{med * 1000:>8.1f}ms")

    case = business_case(plan, EFFECTS, draws=args.draws)
    f, u = case["figures"], case["uncertainty"]
    print("\nfigures (template plan, measured errors_per_100 -3.4 [-4.6, -2.2], 36 months)")
    for key in ("benefit_total", "investment_total", "roi_pct", "npv", "payback_months",
                "irr_annual_pct"):
        print(f"  {f[key]['label']:<36}{f[key]['value']:>14,.2f}  {f[key]['calculation']}")
    print(f"  ROI median {u['roi_pct']['median']:.1f}% "
          f"(95% interval {u['roi_pct']['ci_low']:.1f}% to {u['roi_pct']['ci_high']:.1f}%), "
          f"P(ROI > 0) = {u['p_roi_positive']:.3f}, "
          f"P(payback within {case['horizon_months']} months) = "
          f"{u['p_payback_within_horizon']:.3f}")
    print(f"  NPV median {u['npv']['median']:,.0f} "
          f"({u['npv']['ci_low']:,.0f} to {u['npv']['ci_high']:,.0f}); payback median "
          f"{u['payback_months']['median']:.2f} months")
    top = case.tornado.head(3)
    print("  tornado, top 3: " + "; ".join(
        f"{r.assumption} ROI {r.roi_at_low:.1f}%..{r.roi_at_high:.1f}%"
        for r in top.itertuples()))


if __name__ == "__main__":
    main()
