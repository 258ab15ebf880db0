"""Trade-off curve of the trend rule of :func:`kpi_analysis.stats.series.series_shift`.

    .venv/bin/python bench/bench_trend_rule.py --reps 500 > trend_rule.log 2>&1 &

For each setting of (TREND_ALPHA, TREND_CERTAIN) it runs the cells of
``bench_calibration`` with a pre-existing trend (false alarms: a wrong "improved" is
the worst failure) and the weekly/daily cells without one (power ratio against the
correctly specified model), with the same seeds as the calibration grid. Prints only.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_calibration as grid  # noqa: E402
from kpi_analysis.stats import series as stats  # noqa: E402

TREND_CELLS = ["weekly_26_trend_subtle", "weekly_26_trend_clear"]
LEVEL_CELLS = ["weekly_26", "weekly_13", "daily_ar05_week", "monthly_24_12_season"]
#: (TREND_ALPHA, TREND_CERTAIN): no trend at p >= the first, the trend alone below the
#: second (when the baseline alone agrees), both models must agree in between
SETTINGS = [(0.2, 0.01), (0.35, 0.01), (0.5, 0.01), (0.7, 0.01), (0.85, 0.01), (1.0, 0.01),
            (0.7, 0.001)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--settings", type=int, nargs="*", default=list(range(len(SETTINGS))),
                        help="indices into SETTINGS")
    arguments = parser.parse_args()
    warnings.simplefilter("error")
    names = TREND_CELLS + LEVEL_CELLS
    print(f"{'alpha':>5s} {'certain':>7s}  " + "  ".join(
        f"{'FA ' + n[-6:]:>10s} {'cov0':>5s}" for n in TREND_CELLS) + "  " + "  ".join(
        f"{'ratio ' + n[:9]:>15s} {'FA':>5s}" for n in LEVEL_CELLS))
    for trend_alpha, certain in (SETTINGS[i] for i in arguments.settings):
        stats.TREND_ALPHA, stats.TREND_CERTAIN = trend_alpha, certain
        rows = {n: grid.run_cell(n, arguments.reps,
                                 arguments.seed + 10 * list(grid.CELLS).index(n))
                for n in names}
        print(f"{trend_alpha:5.2f} {certain:7.3f}  " + "  ".join(
            f"{rows[n]['false_alarm']:10.3f} {rows[n]['coverage_null']:5.3f}"
            for n in TREND_CELLS) + "  " + "  ".join(
            f"{rows[n]['ratio']:15.2f} {rows[n]['false_alarm']:5.3f}" for n in LEVEL_CELLS),
            flush=True)


if __name__ == "__main__":
    main()
