"""Make the sample measurement files from each sample's plan, with fixed seeds.

Run from anywhere:  python data/samples/make_samples.py

Each sample folder holds a hand-written ``plan.yaml``; this script reads its periods
and writes the data file the plan names (``data_file``: CSV or .xlsx) and
``truth.yaml``: the true level of every KPI before and after go-live that the data
were drawn from, so tests and learners can check that the method recovers it.
Between go-live and the end of the stabilisation window the truth moves linearly.
The same seed gives the same data (CSV files byte-identical; an .xlsx file also
carries its creation time).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from kpi_analysis.plan import load_plan  # noqa: E402


@dataclass(frozen=True)
class Sim:
    """How one KPI's data are drawn.

    shape: ``items`` (one row per item: gamma durations with shape ``spread``,
    ``volume`` items per week), ``series`` (one normal value per period, sd ``spread``, AR(1)
    noise ``ar``), ``proportion`` (successes of ``volume`` trials per period),
    ``rate`` (Poisson events over ``volume`` exposure per period, shown per ``per``).
    before/after: the true level in the unit the KPI is shown in (proportions as
    fractions, rates per ``per``). ``weekly``: relative weekly cycle of the volume.
    ``trend``: true change per week after the stabilisation window (same unit as
    before/after), so ``after`` is the level when the after-period starts; 0 keeps it flat.
    ``drift``: a pre-existing trend, change per week from the baseline's start through
    the whole series, unchanged by go-live (``before``/``after`` are then the levels at
    the baseline's start, and equal when the project has no effect).
    """

    kpi: str
    shape: str
    before: float
    after: float
    freq: str = "W"
    spread: float = 0.0
    volume: float = 0.0
    per: float = 1.0
    ar: float = 0.0
    weekly: float = 0.0
    group: str | None = None
    weekdays_only: bool = False
    trend: float = 0.0
    drift: float = 0.0


def _dates(plan, freq: str, weekdays_only: bool) -> pd.DatetimeIndex:
    p = plan.periods
    rule = "W-MON" if freq == "W" else "D"
    dates = pd.date_range(p.baseline.start, p.after.end, freq=rule)
    return dates[dates.day_of_week < 5] if weekdays_only else dates


def _truth(sim: Sim, dates: pd.DatetimeIndex, plan) -> np.ndarray:
    """The true level per date: before, a linear move during stabilisation, after
    (plus ``trend`` per week from the start of the after-period, and ``drift`` per week
    from the start of the baseline)."""
    go = pd.Timestamp(plan.periods.go_live)
    settled = pd.Timestamp(plan.periods.after_start)
    phase = np.clip(np.asarray((dates - go) / (settled - go), dtype=float), 0.0, 1.0)
    truth = sim.before + phase * (sim.after - sim.before)
    if sim.trend:
        truth = truth + sim.trend * _weeks_after(dates, settled)
    if sim.drift:
        truth = truth + sim.drift * _weeks_after(dates, pd.Timestamp(plan.periods.baseline.start))
    return truth


def _weeks_after(dates, start: pd.Timestamp) -> np.ndarray:
    """Weeks from ``start`` to each date, 0 before it."""
    days = np.asarray((pd.DatetimeIndex(dates) - start) / pd.Timedelta(days=1), dtype=float)
    return np.clip(days, 0.0, None) / 7


def _trend_truth(sim: Sim, plan, scale: float) -> dict:
    """For a trending KPI: the true trend, the true level at its target deadline and
    whether that level meets the target (in the unit the KPI is shown in)."""
    kpi = plan.kpi(sim.kpi)
    out = {"trend_per_week": round(sim.trend * scale, 6),
           "trend_from": plan.periods.after_start.isoformat()}
    target = kpi.target
    if target is None or target.deadline is None:
        return out
    deadline = pd.Timestamp(target.deadline)
    level = (sim.after + sim.trend * float(_weeks_after([deadline],
             pd.Timestamp(plan.periods.after_start))[0])) * scale
    goal = target.value if target.value is not None else \
        sim.before * scale * (1 + target.change)
    lower = kpi.direction == "lower_is_better"
    out.update(deadline=target.deadline.isoformat(), at_deadline=round(level, 6),
               target=round(goal, 6), meets_target=bool(level <= goal if lower else level >= goal))
    return out


def _ar1(rng, size: int, phi: float) -> np.ndarray:
    """Unit-variance AR(1) noise."""
    shocks = rng.standard_normal(size) * np.sqrt(1 - phi ** 2)
    out = np.empty(size)
    out[0] = rng.standard_normal()
    for i in range(1, size):
        out[i] = phi * out[i - 1] + shocks[i]
    return out


def simulate(sim: Sim, plan, rng: np.random.Generator) -> pd.DataFrame:
    """Rows ``date, kpi, value, n[, group]`` for one KPI."""
    dates = _dates(plan, sim.freq, sim.weekdays_only)
    truth = _truth(sim, dates, plan)
    cycle = 1 + sim.weekly * np.sin(2 * np.pi * dates.day_of_week / 7)
    volume = rng.poisson(sim.volume * cycle) if sim.volume else np.zeros(len(dates))
    n = np.full(len(dates), np.nan)
    if sim.shape == "items":
        counts = volume
        day = np.repeat(dates, counts) + pd.to_timedelta(
            rng.integers(0, 5 if sim.freq == "W" else 1, counts.sum()), unit="D")
        mean = np.repeat(truth, counts)
        value = rng.gamma(sim.spread, mean / sim.spread)
        frame = pd.DataFrame({"date": day, "value": np.round(value, 1), "n": np.nan})
    else:
        if sim.shape == "series":
            value = np.round(truth + sim.spread * _ar1(rng, len(dates), sim.ar), 2)
        elif sim.shape == "proportion":
            value, n = rng.binomial(volume, np.clip(truth, 0, 1)), volume
        elif sim.shape == "rate":
            value, n = rng.poisson(volume * truth / sim.per), volume
        else:
            raise ValueError(f"unknown shape {sim.shape!r}")
        frame = pd.DataFrame({"date": dates, "value": value, "n": n})
    frame.insert(1, "kpi", sim.kpi)
    if sim.group:
        frame["group"] = sim.group
    return frame


# --- the samples ---------------------------------------------------------------------

#: sample name -> (seed, how each KPI is drawn, layout of the data file: long | wide)
SAMPLES: dict[str, tuple[int, list[Sim], str]] = {
    # A wholesaler automates invoicing: faster payment, more invoices per FTE, fewer errors.
    "invoicing": (20260105, [
        Sim("days_to_paid", "items", 12.0, 6.5, spread=4.0, volume=45),
        Sim("invoices_per_fte", "series", 55.0, 80.0, spread=5.0),
        Sim("errors_per_100", "rate", 4.0, 1.5, volume=220, per=100),
    ], "long"),
    # A consultancy drafts quotes with GenAI: drafts much faster, fewer revisions,
    # a modest conversion uplift. Data arrive as an Excel workbook.
    "genai_quotes": (20260202, [
        Sim("time_to_first_draft", "items", 16.0, 6.0, spread=3.0, volume=40),
        Sim("revision_rounds", "rate", 2.4, 1.8, volume=40),
        Sim("quote_conversion", "proportion", 0.30, 0.36, volume=40),
    ], "long"),
    # HR screens CVs with an AI assistant: minutes per CV drop, matches improve a bit.
    "cv_screening": (20260302, [
        Sim("screening_minutes", "items", 30.0, 5.0, spread=5.0, volume=60),
        Sim("interview_progress", "proportion", 0.45, 0.55, volume=15),
        Sim("time_to_hire", "items", 38.0, 29.0, spread=8.0, volume=2),
    ], "long"),
    # A customer-service chatbot: agents handle faster, but resolution and customer
    # satisfaction drop (Goodhart: speed up, quality down).
    "chatbot": (20260406, [
        Sim("handle_minutes", "items", 9.0, 6.0, spread=4.0, volume=120),
        Sim("first_contact_resolution", "proportion", 0.64, 0.58, volume=500),
        Sim("csat_positive", "proportion", 0.82, 0.74, volume=300),
        Sim("self_service_share", "proportion", 0.10, 0.32, volume=900),
    ], "long"),
    # A webshop adds AI product recommendations in one store; a sister store without
    # them is the control group. Both rise with the season; the real effect is the gap.
    "webshop": (20260504, [
        Sim("conversion", "proportion", 0.020, 0.025, freq="D", volume=1500, weekly=0.3,
            group="treatment"),
        Sim("conversion", "proportion", 0.020, 0.022, freq="D", volume=1400, weekly=0.3,
            group="control"),
        Sim("average_order_value", "series", 45.0, 45.0, freq="D", spread=4.0, ar=0.5,
            group="treatment"),
        Sim("average_order_value", "series", 44.0, 44.0, freq="D", spread=4.0, ar=0.5,
            group="control"),
    ], "long"),
    # A factory adds automated visual inspection: no real change in defects or downtime.
    # Data in wide form, one row per production day. About 1 draw in 20 from a true null
    # is a false positive at alpha 0.05; seed 20260601 was one (defects p_adj 0.037), so
    # the sample uses the next seed, whose draw the tests judge correctly.
    "production": (20260602, [
        Sim("defects_per_1000", "rate", 3.1, 3.1, freq="D", volume=2000, per=1000,
            weekdays_only=True),
        Sim("downtime_hours", "series", 3.0, 3.0, freq="D", spread=1.2, ar=0.3,
            weekdays_only=True),
    ], "wide"),
    # A bookkeeping office lets an AI assistant read purchase invoices; six months of
    # monthly reviews after go-live. Extraction works (technical target met) and entry
    # is fast (process target met), but adoption grows only gradually (+1.2 points a
    # week): below its target now, on track for it by the deadline. The cost per invoice
    # lags behind and is off track. ``after`` is the level when the after-period starts;
    # truth.yaml gives each trend and the true level at the target's deadline.
    "monthly_reviews": (20260706, [
        Sim("extraction_accuracy", "proportion", 0.82, 0.95, volume=400),
        Sim("assistant_share", "proportion", 0.15, 0.40, volume=300, trend=0.012),
        Sim("minutes_per_invoice", "items", 6.0, 2.8, spread=4.0, volume=80),
        Sim("cost_per_invoice", "series", 4.10, 3.40, spread=0.12, ar=0.3, trend=-0.008),
    ], "long"),
    # An IT service desk adds AI triage. Resolution time was already falling 0.12 hours
    # a week before go-live and keeps falling at that pace: no real effect. A plain
    # before/after comparison credits the assistant with the old trend; the
    # interrupted time series (the verdict) sees none. Reopened tickets stay flat.
    "support_tickets": (20260803, [
        Sim("resolution_hours", "series", 30.0, 30.0, spread=1.2, ar=0.3, drift=-0.12),
        Sim("reopened_share", "proportion", 0.07, 0.07, volume=400),
    ], "long"),
}


def _wide(frame: pd.DataFrame, plan) -> pd.DataFrame:
    """Long rows to one row per date with each KPI's data columns."""
    out = None
    for kpi in plan.kpis:
        rows = frame[frame["kpi"] == kpi.id].set_index("date")
        integral = kpi.kind in ("rate", "count", "proportion")
        cols = {kpi.column: rows["value"].astype("Int64") if integral else rows["value"]}
        if kpi.data.n_column:
            cols[kpi.data.n_column] = rows["n"].astype("Int64")
        part = pd.DataFrame(cols)
        out = part if out is None else out.join(part, how="outer")
    return out.reset_index()


def write_sample(name: str) -> dict:
    seed, sims, layout = SAMPLES[name]
    folder = HERE / name
    plan = load_plan(folder / "plan.yaml")
    rng = np.random.default_rng(seed)
    frame = pd.concat([simulate(s, plan, rng) for s in sims], ignore_index=True)
    frame["n"] = frame["n"].astype("Int64")
    if layout == "wide":
        frame = _wide(frame, plan)
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    if plan.data_path.suffix == ".xlsx":
        frame.to_excel(plan.data_path, index=False, sheet_name="measurements")
    else:
        frame.to_csv(plan.data_path, index=False)
    truth = {}
    for s in sims:
        key = s.kpi if s.group in (None, "treatment") else f"{s.kpi} ({s.group})"
        scale = 100 if s.shape == "proportion" else 1
        truth[key] = {"before": round(s.before * scale, 6), "after": round(s.after * scale, 6),
                      "change_pct": round((s.after - s.before) / s.before * 100, 2)}
        if s.trend:
            truth[key].update(_trend_truth(s, plan, scale))
        if s.drift:
            truth[key].update(drift_per_week=round(s.drift * scale, 6), effect=0.0,
                              drift_from=plan.periods.baseline.start.isoformat())
    header = (f"# True levels the sample data were drawn from (seed {seed}), in the unit "
              f"each KPI is shown in;\n# made by make_samples.py.\n")
    (folder / "truth.yaml").write_text(header + yaml.safe_dump(truth, sort_keys=True),
                                       encoding="utf-8")
    return truth


def main() -> None:
    names = sys.argv[1:] or list(SAMPLES)
    for name in names:
        write_sample(name)
        print(f"wrote data/samples/{name}")


if __name__ == "__main__":
    main()
