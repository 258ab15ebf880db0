"""Make the sample measurement files from each sample's plan, with fixed seeds.

Run from anywhere:  python data/samples/make_samples.py

Each sample folder holds a hand-written ``plan.yaml``; this script reads its periods
and writes ``measurements.csv`` (or ``.xlsx``) and ``truth.yaml``, the true effects
the data were drawn with, so tests and learners can check that the method recovers
them. Output is deterministic: the same seed gives byte-identical files.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from kpi_analysis.plan import load_plan  # noqa: E402


def _weeks(plan) -> pd.DatetimeIndex:
    """Mondays from the baseline start to the end of the after period."""
    p = plan.periods
    return pd.date_range(p.baseline.start, p.after.end, freq="W-MON")


def _phase(dates: pd.DatetimeIndex, plan) -> np.ndarray:
    """0 before go-live, 1 after stabilisation, a linear ramp in between."""
    p = plan.periods
    go, settled = pd.Timestamp(p.go_live), pd.Timestamp(p.after_start)
    ramp = (dates - go) / (settled - go)
    return np.clip(np.asarray(ramp, dtype=float), 0.0, 1.0)


def invoicing(folder: Path, rng: np.random.Generator) -> dict:
    """Per-invoice days to paid (gamma), weekly invoices per FTE, weekly errors/invoices."""
    plan = load_plan(folder / "plan.yaml")
    weeks = _weeks(plan)
    phase = _phase(weeks, plan)
    truth = {"days_to_paid": (12.0, 6.5), "invoices_per_fte": (55.0, 80.0),
             "errors_per_100": (4.0, 1.5)}
    rows = []
    for week, ph in zip(weeks, phase):
        mean_days = truth["days_to_paid"][0] + ph * np.diff(truth["days_to_paid"])[0]
        for offset in rng.integers(0, 5, size=rng.poisson(45)):  # invoices paid this week
            rows.append((week + pd.Timedelta(days=int(offset)), "days_to_paid",
                         round(rng.gamma(4.0, mean_days / 4.0), 1), ""))
        fte = truth["invoices_per_fte"][0] + ph * np.diff(truth["invoices_per_fte"])[0]
        rows.append((week, "invoices_per_fte", round(rng.normal(fte, 5.0), 1), ""))
        invoices = int(rng.poisson(220))
        rate = (truth["errors_per_100"][0] + ph * np.diff(truth["errors_per_100"])[0]) / 100
        rows.append((week, "errors_per_100", int(rng.poisson(invoices * rate)), invoices))
    frame = pd.DataFrame(rows, columns=["date", "kpi", "value", "n"])
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    frame.to_csv(folder / "measurements.csv", index=False)
    return {k: {"before": b, "after": a, "change_pct": round((a - b) / b * 100, 2)}
            for k, (b, a) in truth.items()}


SAMPLES = {"invoicing": (invoicing, 20260105)}


def main() -> None:
    for name, (make, seed) in SAMPLES.items():
        folder = HERE / name
        truth = make(folder, np.random.default_rng(seed))
        text = (f"# True effects the sample data were drawn with (seed {seed}); "
                f"made by make_samples.py.\n" + yaml.safe_dump(truth, sort_keys=True))
        (folder / "truth.yaml").write_text(text, encoding="utf-8")
        print(f"wrote {folder.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
