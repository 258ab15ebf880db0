"""Compare every KPI of a plan before and after go-live: one row per KPI.

:func:`compare_kpis` picks the test from the KPI's kind and the shape of its data,
leaves the stabilisation window out of the test (it is shown, not tested), adjusts
the p-values for the number of KPIs (Holm), states a verdict in the KPI's own
direction, checks the SMART target and raises the guard flag (Goodhart's law: a
speed KPI whose quality guard got worse).

==========================================  =========================================
data for one KPI                            test
==========================================  =========================================
several values per date (items)             Welch (:func:`~kpi_analysis.stats.twosample.compare_means`)
one value per date, >= 10 dates per period  the counterfactual model
                                            (:func:`~kpi_analysis.stats.series.series_shift`)
successes/trials or events/exposure per     the same model on the per-period levels, or
period                                      quasi-binomial/-Poisson (dispersion >= 1)
0/1 items, or very few events               :func:`~kpi_analysis.stats.twosample.compare_proportions`,
                                            :func:`~kpi_analysis.stats.twosample.compare_rates`
==========================================  =========================================

A KPI whose change cannot be estimated gets the verdict 'cannot be assessed' with a
``reason``; the other KPIs are unaffected.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from ..errors import InputError
from ..plan import target_of
from ..stats.twosample import holm
from ..words.sentences import guard_warning
#: the closed sets are declared in vocab; the names here are kept as aliases
from ..vocab import CHANGE_UNIT, DIRECTIONS, KINDS, MEAN_KINDS, PERIODS, VERDICTS  # noqa: F401
from .estimate import compare_one

__all__ = ["compare_kpis", "measurement_need", "validated"]


def compare_kpis(measurements: pd.DataFrame, plan: Any) -> pd.DataFrame:
    """Test every KPI of the plan: before (baseline) against after go-live.

    Parameters
    ----------
    measurements : pandas.DataFrame
        Tidy measurements, as from :func:`kpi_analysis.load_measurements`: columns
        ``date`` (datetime64), ``kpi`` (a KPI id of the plan), ``value`` (float),
        ``period`` ('baseline', 'stabilisation', 'after' or 'outside'), optional
        ``n`` (trials for a proportion, exposure for a rate or count) and optional
        ``group`` ('treatment' or 'control').

        How ``value`` is read per kind: duration/continuous/score/amount: the
        measurement itself. proportion: with ``n``, the proportion of the ``n``
        trials (0-1) or the number of successes; without ``n``, 0/1 per item (or a
        0-1 level per period, then analysed like a continuous series). rate and
        count: the number of events, with the exposure in ``n`` (invoices,
        hours); without ``n`` each row is one period of exposure.
    plan : Plan
        Needs ``plan.kpis`` (objects with ``id``, ``name``, ``unit``, ``kind``,
        ``direction``, ``guard``, ``target``) and optionally ``plan.alpha``
        (default 0.05).

    Returns
    -------
    pandas.DataFrame
        One row per KPI, in plan order:

        * ``kpi``, ``name``, ``unit``, ``kind``, ``direction``: from the plan.
        * ``test``: the test run: 'welch' (per-item values), 'series-gls' (a
          regular series of values: the counterfactual model), 'quasi-binomial' /
          'quasi-poisson' (shares or events per period: the same model on the
          per-period levels, see ``model``),
          'chi2-yates' (0/1 items, or few events), 'exact-poisson' (few events);
          None when the KPI cannot be assessed.
        * ``n_before``, ``n_after``: measurement rows in the baseline and in the
          after-period (treatment group).
        * ``before``, ``after``: the plain KPI level in each period (description):
          the mean, the pooled proportion, or events per unit of exposure.
        * ``change``: the change in KPI units, always in the mean (it feeds the
          business case): for a series the after-period against the counterfactual
          of the baseline (:func:`kpi_analysis.stats.series.series_shift`: its level,
          trend and season carried on; the average gap over the after-period);
          otherwise the difference of the means, proportions or rates.
        * ``change_unit``: what ``change`` and ``ci_low``/``ci_high`` are in
          (:data:`kpi_analysis.vocab.CHANGE_UNIT`): 'pp' (percentage points) for a
          proportion, whose levels are shown in percent, else 'absolute' (KPI
          units); read a row as a value with its unit with
          :meth:`kpi_analysis.analysis.change.Change.of`.
        * ``change_pct``: the change as a percentage of ``before`` (for rates with
          the exact test 100 (rate ratio - 1)); NaN when ``before`` is 0.
        * ``ci_low``, ``ci_high``: the (1 - alpha) interval of ``change``; finite
          also with zero events before (exact bounds).
        * ``ci_pct_low``, ``ci_pct_high``: the interval as a percentage of
          ``before``; the baseline level is treated as known.
        * ``p_val``: the test's two-sided p-value; ``p_adj``: Holm-adjusted over
          the plan's assessable KPIs (controls the chance of any false "changed"
          verdict).
        * ``verdict``: 'improved' or 'worsened' (in the KPI's direction) when
          ``p_adj <= alpha`` **and** the interval excludes no change; 'cannot be
          assessed' when ``reason`` is set; otherwise 'no detectable change'. So
          the verdict never claims a change while the interval spans zero; with
          several KPIs an interval may exclude zero while the Holm-adjusted
          verdict still says no detectable change.
        * ``target_met``: True/False against the KPI's SMART target, None
          without one; the plan's rule :meth:`kpi_analysis.plan.Target.met`: an
          absolute ``target.value`` is met when ``after`` is at or beyond it in the
          good direction; a relative ``target.change`` (-0.5 = halve) when
          ``(after - before) / |before|`` is. Point estimates are compared; None
          when ``before`` is 0 for a relative target.
        * ``guard_worsened``: the id of the KPI's guard KPI when that worsened,
          else None; ``guard_warning``: the same as an English sentence
          (:func:`kpi_analysis.words.text.guard_warning` writes it in a report's language).
        * ``n_stabilisation``, ``stabilisation``: rows and level in the
          stabilisation window (shown, not tested; NaN level when absent).
        * ``model``: for a series, what the after-period is compared against:
          'level', 'level+trend', 'level+season' or 'level+trend+season';
          ``trend`` (bool) and ``season`` ('dummies', 'fourier' or None) say the
          same in parts; None for per-item KPIs.
        * ``assumption``: a key of :data:`ASSUMPTIONS` when the model had to
          assume something ('baseline_too_short_for_trend',
          'baseline_too_short_for_season', 'trend_uncertain',
          'periods_pooled_as_independent'), else None.
        * ``reason``: a key of :data:`REASONS` when the KPI cannot be assessed
          (no after data, one observation, constant values, no events, ...),
          else None; the numbers that cannot be computed are NaN (null in
          results.json).
        * ``robust_change``, ``robust_ci_low``, ``robust_ci_high``: per-item
          KPIs: the Hodges-Lehmann shift and its interval, a robustness check of
          the mean change (never used for money).
        * ``autocorrelation``: the AR(1) coefficient of a series model (REML).
        * ``did_change``, ``did_ci_low``, ``did_ci_high``, ``did_p_val``: present
          when the data has a control group: difference-in-differences of the
          per-date levels (:func:`kpi_analysis.stats.its.did`).

    Notes
    -----
    Tests by data shape, decided once per KPI from its whole column (the same
    rules for every client, so reports are comparable):

    * per-item values: Welch's test of the means (money runs on means; the rank
      shift is shown beside it);
    * a regular series (one value per date, at least 10 dates a side, a daily,
      weekly, monthly or quarterly rhythm, at most half the periods missing):
      :func:`kpi_analysis.stats.series.series_shift`, generalised least squares with
      AR(1) errors (REML, small-sample corrections), a season when the baseline
      spans two cycles (day-of-week dummies for daily data, Fourier terms for a
      year of weeks or months, quarter dummies), a trend when the data show one
      (a liberal test; between p 0.01 and 0.2 a change counts only when it shows
      with and without the trend), and the after-period's own slope so that a
      ramp after go-live is averaged into the change;
    * successes of trials or events over exposure per period: the same model on
      the per-period levels weighted by trials/exposure, with the dispersion
      estimated from the periods and never below binomial/Poisson (quasi-binomial
      / quasi-Poisson), so day-to-day variation is not taken for evidence; with
      fewer than 5 events (or non-events) or 3 periods a side, the exact pooled
      tests, stated as an assumption;
    * 0/1 per item: the pooled proportions (items are independent).

    Measured calibration: ``bench/bench_calibration.py`` (false alarms, coverage
    and power against a correctly specified model on a grid of short, seasonal,
    autocorrelated, overdispersed and heavy-tailed data).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from types import SimpleNamespace as NS
    >>> from kpi_analysis.analysis.compare import compare_kpis
    >>> kpi = NS(id="lead_time", name="Lead time", unit="days", kind="duration",
    ...          direction="lower_is_better", guard=None,
    ...          target=NS(value=None, change=-0.5, deadline=None), frequency="daily")
    >>> rng = np.random.default_rng(7)
    >>> dates = pd.to_datetime(["2025-01-06"] * 60 + ["2025-03-03"] * 60)
    >>> data = pd.DataFrame({"date": dates, "kpi": "lead_time",
    ...                      "value": np.r_[rng.gamma(9, 5.1 / 9, 60), rng.gamma(9, 2 / 9, 60)],
    ...                      "period": ["baseline"] * 60 + ["after"] * 60})
    >>> row = compare_kpis(data, NS(kpis=[kpi], alpha=0.05)).iloc[0]
    >>> row["test"], row["verdict"], bool(row["target_met"])
    ('welch', 'improved', True)
    """
    kpis = list(getattr(plan, "kpis", None) or [])
    if not kpis:
        raise InputError("plan.kpis is empty; the plan needs at least one KPI to compare")
    alpha = getattr(plan, "alpha", None)
    alpha = 0.05 if alpha is None else alpha
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise InputError(f"plan.alpha must be a number strictly between 0 and 1; got {alpha!r}")
    data = validated(measurements, [kpi.id for kpi in kpis])
    by_kpi = dict(tuple(data.groupby("kpi", sort=False)))
    rows = []
    for kpi in kpis:
        try:
            rows.append(compare_one(kpi, by_kpi.get(kpi.id), alpha=alpha))
        except InputError as error:
            raise InputError(f"KPI {kpi.id!r}: {error}") from None
    table = pd.DataFrame(rows)
    assessable = table["reason"].isna().to_numpy()
    p_adj = np.full(len(table), np.nan)
    p_adj[assessable] = holm(table.loc[assessable, "p_val"].to_numpy(dtype=float))
    table["p_adj"] = p_adj
    table["verdict"] = [_verdict(row, alpha) for row in table.itertuples()]
    table["target_met"] = pd.Series([_target_met(kpi, row) if ok else None for kpi, row, ok in
                                     zip(kpis, table.itertuples(), assessable)], dtype=object)
    table["guard_worsened"], table["guard_warning"] = (
        pd.Series(column, dtype=object) for column in _guard_warnings(kpis, table))
    leading = ["kpi", "name", "unit", "kind", "direction", "test", "n_before", "n_after",
               "before", "after", "change", "change_unit", "change_pct", "ci_low", "ci_high",
               "ci_pct_low", "ci_pct_high", "p_val", "p_adj", "verdict", "target_met",
               "guard_worsened", "guard_warning", "n_stabilisation", "stabilisation", "model",
               "trend", "season", "assumption", "reason", "robust_change", "robust_ci_low",
               "robust_ci_high"]
    table = table.reindex(columns=leading + [c for c in table.columns if c not in leading])
    words = ("trend", "season", "model", "assumption", "reason", "test", "target_met",
             "guard_worsened", "guard_warning", "verdict", "kpi", "name", "unit", "kind",
             "direction", "change_unit", "n_before", "n_after", "n_stabilisation")
    numeric = [c for c in table.columns if c not in words]
    table[numeric] = table[numeric].astype(float)
    for column in ("test", "model", "trend", "season", "assumption", "reason"):
        table[column] = table[column].astype(object).where(table[column].notna(), None)
    return table


# ------------------------------------------------------------------- validation
def validated(measurements: Any, kpi_ids: list[str]) -> pd.DataFrame:
    """The measurements checked (columns, dates, numbers, periods, KPI ids, groups) and
    sorted by date, rows outside every period left out; InputError otherwise."""
    if not isinstance(measurements, pd.DataFrame):
        raise InputError(f"measurements must be a pandas DataFrame; got "
                         f"{type(measurements).__name__}")
    missing = [c for c in ("date", "kpi", "value", "period") if c not in measurements.columns]
    if missing:
        raise InputError(f"measurements lacks column(s) {missing}; it needs date, kpi, value, "
                         "period (and optionally n, group)")
    data = measurements.copy(deep=False)
    data.attrs = {}  # pandas deep-copies attrs on every operation: keep the copy bare
    if not pd.api.types.is_datetime64_any_dtype(data["date"]):
        try:
            data["date"] = pd.to_datetime(data["date"])
        except (TypeError, ValueError):
            raise InputError("measurements column 'date' must hold dates; got values like "
                             f"{data['date'].head(3).tolist()!r}") from None
    if data["date"].isna().any():
        raise InputError(f"measurements column 'date' is empty in {int(data['date'].isna().sum())} "
                         "row(s)")
    for column in ("value", "n"):
        if column in data.columns:
            try:
                data[column] = data[column].astype(float)
            except (TypeError, ValueError):
                raise InputError(f"measurements column {column!r} must be numeric") from None
    bad_period = sorted(set(data["period"].unique()) - set(PERIODS))
    if bad_period:
        raise InputError(f"measurements column 'period' must be one of {list(PERIODS)}; got "
                         f"{bad_period}")
    unknown = sorted(set(data["kpi"].unique()) - set(kpi_ids))
    if unknown:
        raise InputError(f"measurements has KPI id(s) {unknown} that are not in the plan "
                         f"(plan KPIs: {kpi_ids})")
    if "group" in data.columns:
        bad_group = sorted(set(data["group"].dropna().unique()) - {"treatment", "control"})
        if bad_group:
            raise InputError(f"measurements column 'group' must be 'treatment' or 'control'; "
                             f"got {bad_group}")
    return data[data["period"] != "outside"].sort_values("date", kind="stable")


# ------------------------------------------------------------- table-level rules
def _verdict(row: Any, alpha: float) -> str:
    if isinstance(row.reason, str):
        return "cannot be assessed"
    excludes_zero = row.ci_low > 0 or row.ci_high < 0
    if not (row.p_adj <= alpha and excludes_zero):
        return "no detectable change"
    better = row.change < 0 if row.direction == "lower_is_better" else row.change > 0
    return "improved" if better else "worsened"


def _target_met(kpi: Any, row: Any) -> bool | None:
    """The plan's rule, :meth:`kpi_analysis.plan.Target.met`."""
    target = target_of(kpi)
    return None if target is None else target.met(row.before, row.after, row.direction)


def _guard_warnings(kpis: list[Any], table: pd.DataFrame) -> tuple[list, list]:
    """Per KPI: the id of its guard KPI when that worsened (else None), and the
    English sentence the words layer writes for it (:func:`kpi_analysis.words.text.guard_warning`)."""
    by_id = table.set_index("kpi")
    plan_kpis = {kpi.id: kpi for kpi in kpis}
    worsened, sentences = [], []
    for kpi in kpis:
        guard = getattr(kpi, "guard", None)
        if guard is not None and guard not in by_id.index:
            raise InputError(f"KPI {kpi.id!r}: guard {guard!r} is not a KPI of the plan")
        if guard is None or by_id.loc[guard, "verdict"] != "worsened":
            worsened.append(None)
            sentences.append(None)
            continue
        worsened.append(guard)
        sentences.append(guard_warning(by_id.loc[guard], plan_kpis[guard], "en", kpi=kpi.id))
    return worsened, sentences


def measurement_need(data: pd.DataFrame, plan: Any) -> pd.DataFrame:
    """How long to measure, per KPI, from its weekly baseline series.

    For each KPI: the weekly levels in the baseline (``data.kpi_series``) give the
    level, spread and lag-1 autocorrelation that :func:`kpi_analysis.stats.power.how_long`
    needs; the planned after-period is the plan's ``after`` span in weeks (or as long
    as the baseline). The target change is the SMART target's level
    (:meth:`kpi_analysis.plan.Target.level`) minus the baseline level.

    Returns
    -------
    DataFrame
        One row per KPI with a baseline of at least 3 weeks: ``kpi`` plus the columns
        of ``how_long`` (``mdc`` and ``mdc_pct`` in the KPI's display unit,
        ``periods_needed`` in weeks, NaN without a target; ``periods_low`` and
        ``periods_high`` the range of weeks over the 80% interval of the
        week-to-week autocorrelation, ``rho_used`` the bias-corrected, bounded
        autocorrelation behind ``periods_needed``).
    """
    from ..inputs.tidy import kpi_series
    from ..stats.power import how_long

    periods = plan.periods
    weeks = (periods.after.days / 7 if periods.after is not None else None)
    rows = []
    for kpi in plan.kpis:
        series = kpi_series(data, kpi)
        levels = series.loc[series["period"] == "baseline", "level"].dropna().to_numpy()
        if levels.size < 3 or np.std(levels) == 0:
            continue
        target = target_of(kpi)
        change = None if target is None else target.level(levels.mean()) - levels.mean()
        usable = change is not None and change != 0 and math.isfinite(change)
        row = how_long(levels, after_periods=weeks or levels.size,
                       change=change if usable else None, alpha=plan.alpha)
        rows.append(row.assign(kpi=kpi.id))
    if not rows:
        return pd.DataFrame(columns=["kpi", "mdc", "mdc_pct", "periods_needed"])
    out = pd.concat(rows, ignore_index=True)
    return out[["kpi"] + [c for c in out.columns if c != "kpi"]]
