"""How long to measure, honestly: achieved power at the recommended after-period length.

    .venv/bin/python bench/bench_how_long.py              # 1000 simulated clients a cell
    .venv/bin/python bench/bench_how_long.py --reps 200

For AR(1) series (phi 0, 0.3, 0.6, 0.8) with 13, 26 and 52 baseline periods:
``how_long`` recommends an after-period from the baseline alone (level, sd and the
bias-corrected lag-1 autocorrelation) for the shift that an after-period as long as
the baseline would detect with 80% power; the after-period of that length is drawn
and tested with the exact variance of the mean difference under the true AR(1).
Prints the achieved power (promised 80%) with its binomial standard error. The
simulation is tests/test_stats.py::achieved_power.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_stats import achieved_power  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000)
    args = parser.parse_args()
    print(f"achieved power at the recommended length (promised 80%), {args.reps} clients a cell")
    print(f"{'phi':>5} {'baseline':>9} {'power':>8} {'se':>6} {'range given':>12}")
    for phi in (0.0, 0.3, 0.6, 0.8):
        for n in (13, 26, 52):
            power, ranges = achieved_power(phi, n, reps=args.reps, seed=1000 + n + int(10 * phi))
            se = (power * (1 - power) / args.reps) ** 0.5
            print(f"{phi:>5} {n:>9} {100 * power:>7.1f}% {100 * se:>5.1f} {100 * ranges:>11.0f}%")


if __name__ == "__main__":
    main()
