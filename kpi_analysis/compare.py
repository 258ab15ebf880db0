"""Compare every KPI of a plan before and after go-live: one row per KPI.

:func:`compare_kpis` picks the test from the KPI's kind and the shape of its data,
leaves the stabilisation window out of the test (it is shown, not tested), adjusts
the p-values for the number of KPIs (Holm), states a verdict in the KPI's own
direction, checks the SMART target and raises the guard flag (Goodhart's law: a
speed KPI whose quality guard got worse).

==========================================  =========================================
data for one KPI                            test
==========================================  =========================================
several values per date (items)             :func:`~kpi_analysis.stats.compare_means`,
                                            ``test='auto'``
one value per date, >= 10 dates per period  :func:`~kpi_analysis.stats.compare_series`
                                            (autocorrelation-robust) + ITS alongside
proportion with trials ``n``, or 0/1 items  :func:`~kpi_analysis.stats.compare_proportions`
count / rate events, exposure ``n``         :func:`~kpi_analysis.stats.compare_rates`
  (count without ``n``: exposure = periods)
==========================================  =========================================
"""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

from .errors import InputError
from .its import did, its
from .plan import target_of
from .stats import (_percent, _time_index, compare_means, compare_proportions,
                    compare_rates, compare_series)

from .text import guard_warning
#: the closed sets are declared in vocab; the names here are kept as aliases
from .vocab import CHANGE_UNIT, DIRECTIONS, KINDS, MEAN_KINDS, PERIODS, VERDICTS  # noqa: F401

__all__ = ["compare_kpis", "compare_one"]

#: a KPI with at least this many dates on each side, one value per date, is a series
MIN_SERIES_POINTS = 10
#: dates spaced this many days apart -> (ITS seasonal period in those units, harmonics,
#: fewest points for which the season is fitted)
SEASONS = {1: (7.0, 3, 28), 7: (365.25 / 7, 2, 104), 30: (12.0, 2, 24), 91: (4.0, 1, 12)}


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
        * ``test``: the test run ('welch', 'mannwhitney', 'series-hac',
          'chi2-yates', 'exact-poisson', ...; see :mod:`kpi_analysis.stats`).
        * ``n_before``, ``n_after``: measurement rows in the baseline and in the
          after-period (treatment group).
        * ``before``, ``after``: the KPI level in each period: the mean (the median
          when a rank test was chosen), the pooled proportion, or events per unit
          of exposure.
        * ``change``: after - before in KPI units: the mean difference, the
          Hodges-Lehmann shift for rank tests, the cycle-adjusted shift for a
          series, the difference in proportions or in rates.
        * ``change_unit``: what ``change`` and ``ci_low``/``ci_high`` are in
          (:data:`kpi_analysis.vocab.CHANGE_UNIT`): 'pp' (percentage points) for a
          proportion, whose levels are shown in percent, else 'absolute' (KPI
          units); read a row as a value with its unit with
          :meth:`kpi_analysis.change.Change.of`.
        * ``change_pct``: the change as a percentage of ``before`` (for rates
          100 (rate ratio - 1)); NaN when ``before`` is 0.
        * ``ci_low``, ``ci_high``: the (1 - alpha) interval of ``change`` (for
          rates the rate-ratio interval expressed at the baseline rate).
        * ``ci_pct_low``, ``ci_pct_high``: the interval as a percentage of
          ``before`` (for rates the exact rate-ratio interval, 100 (RR - 1)); the
          baseline level is treated as known.
        * ``p_val``: the test's two-sided p-value; ``p_adj``: Holm-adjusted over
          the plan's KPIs (controls the chance of any false "changed" verdict).
        * ``verdict``: 'improved' or 'worsened' (in the KPI's direction) when
          ``p_adj <= alpha`` **and** the interval excludes no change; otherwise
          'no detectable change'. So the verdict never claims a change while the
          interval spans zero; with several KPIs an interval may exclude zero
          while the Holm-adjusted verdict still says no detectable change.
        * ``target_met``: True/False against the KPI's SMART target, None
          without one; the plan's rule :meth:`kpi_analysis.plan.Target.met`: an
          absolute ``target.value`` is met when ``after`` is at or beyond it in the
          good direction; a relative ``target.change`` (-0.5 = halve) when
          ``(after - before) / |before|`` is. Point estimates are compared; None
          when ``before`` is 0 for a relative target.
        * ``guard_worsened``: the id of the KPI's guard KPI when that worsened,
          else None; ``guard_warning``: the same as an English sentence
          (:func:`kpi_analysis.text.guard_warning` writes it in a report's language).
        * ``n_stabilisation``, ``stabilisation``: rows and level in the
          stabilisation window (shown, not tested; NaN level when absent).
        * ``its_level_change``, ``its_ci_low``, ``its_ci_high``, ``its_p_val``,
          ``its_scale``: present when some KPI is a regular series: the
          interrupted-time-series level change at the start of the after-period
          (a difference, or a ratio for counts/proportions; see
          :func:`kpi_analysis.its.its`), NaN for KPIs without ITS.
        * ``did_change``, ``did_ci_low``, ``did_ci_high``, ``did_p_val``: present
          when the data has a control group: difference-in-differences of the
          per-date levels (:func:`kpi_analysis.its.did`).

    Notes
    -----
    Tests by data shape (the same rules for every client, so reports are
    comparable): per-item values go to ``compare_means(test='auto')`` (Welch, or a
    rank test for small, strongly skewed samples). A regular series, one value per
    date with at least 10 dates on each side, is autocorrelated: consecutive days
    are alike, and a t-test on days is over-confident (at lag-1 autocorrelation
    0.5 it calls a change in about 20% of null cases). It gets
    ``compare_series``: the mean difference, adjusted for day-of-week for daily
    data, with a prewhitened Newey-West standard error; the interrupted time
    series runs alongside to show trend-aware evidence (start of the after-period
    as the intervention, day-of-week / monthly Fourier terms when the series is
    long enough, ``se='ar1'`` because HAC errors of an extrapolated level change
    are over-confident on a few dozen points). A series is one value per date,
    at least 10 dates a side, in a daily, weekly, monthly or quarterly rhythm with
    at most half of the periods missing. Successes out of trials are pooled per
    period and compared with ``compare_proportions``; event counts over exposure
    with the exact ``compare_rates``. Pooling treats trials and events as independent; when the
    ITS interval of such a KPI is much wider, day-to-day variation is larger than
    binomial/Poisson and the ITS reading is the safer one.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from types import SimpleNamespace as NS
    >>> from kpi_analysis.compare import compare_kpis
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
    data = _validated(measurements, [kpi.id for kpi in kpis])
    by_kpi = dict(tuple(data.groupby("kpi", sort=False)))
    rows = []
    for kpi in kpis:
        try:
            rows.append(_compare_one(kpi, by_kpi.get(kpi.id), alpha))
        except InputError as error:
            raise InputError(f"KPI {kpi.id!r}: {error}") from None
    table = pd.DataFrame(rows)
    table["p_adj"] = multipletests(table["p_val"].to_numpy(), method="holm")[1]
    table["verdict"] = [_verdict(row, alpha) for row in table.itertuples()]
    table["target_met"] = pd.Series([_target_met(kpi, row) for kpi, row in
                                     zip(kpis, table.itertuples())], dtype=object)
    table["guard_worsened"], table["guard_warning"] = (
        pd.Series(column, dtype=object) for column in _guard_warnings(kpis, table))
    leading = ["kpi", "name", "unit", "kind", "direction", "test", "n_before", "n_after",
               "before", "after", "change", "change_unit", "change_pct", "ci_low", "ci_high",
               "ci_pct_low",
               "ci_pct_high", "p_val", "p_adj", "verdict", "target_met", "guard_worsened",
               "guard_warning",
               "n_stabilisation", "stabilisation"]
    optional = [c for c in table.columns if c.startswith(("its_", "did_"))]
    return table[leading + optional]


# ------------------------------------------------------------------- validation
def _validated(measurements: Any, kpi_ids: list[str]) -> pd.DataFrame:
    if not isinstance(measurements, pd.DataFrame):
        raise InputError(f"measurements must be a pandas DataFrame; got "
                         f"{type(measurements).__name__}")
    missing = [c for c in ("date", "kpi", "value", "period") if c not in measurements.columns]
    if missing:
        raise InputError(f"measurements lacks column(s) {missing}; it needs date, kpi, value, "
                         "period (and optionally n, group)")
    data = measurements.copy()
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


# ---------------------------------------------------------------- one KPI
def compare_one(kpi: Any, rows: pd.DataFrame | None, *, alpha: float = 0.05) -> dict[str, Any]:
    """The analysis :func:`compare_kpis` runs for one KPI, without the plan-level steps
    (Holm adjustment, verdict, target, guard): a dict with ``test``, ``before``,
    ``after``, ``change``, ``change_pct``, ``ci_low``, ``ci_high``, ``ci_pct_low``,
    ``ci_pct_high``, ``p_val`` (and ``its_*`` / ``did_*`` where they apply).

    ``rows`` are this KPI's validated measurements (``date, value, period`` and
    optionally ``n``, ``group``), sorted by date, as :func:`compare_kpis` groups them;
    :mod:`kpi_analysis.placebo` reruns it at fake go-live dates.
    """
    return _compare_one(kpi, rows, alpha)


def _compare_one(kpi: Any, rows: pd.DataFrame | None, alpha: float) -> dict[str, Any]:
    kind, direction = getattr(kpi, "kind", None), getattr(kpi, "direction", None)
    if kind not in KINDS:
        raise InputError(f"kind must be one of {list(KINDS)}; got {kind!r}")
    if direction not in DIRECTIONS:
        raise InputError(f"direction must be one of {list(DIRECTIONS)}; got {direction!r}")
    if rows is None:
        raise InputError("has no measurements at all")
    control = rows["group"].eq("control") if "group" in rows.columns else \
        pd.Series(False, index=rows.index)
    treated = rows[~control]
    groups = dict(tuple(treated.groupby(treated["period"].astype(str), sort=False)))
    periods = {name: groups.get(name, treated.iloc[:0]) for name in PERIODS[:3]}
    before, after = periods["baseline"], periods["after"]
    if before.empty or after.empty:
        raise InputError(f"has {len(before)} baseline and {len(after)} after measurement(s); "
                         "both periods need data")
    for name, part in periods.items():
        bad = part["value"].isna()
        if bad.any():
            raise InputError(f"value is missing in {int(bad.sum())} {name} row(s), first on "
                             f"{part.loc[bad, 'date'].iloc[0].date()}")
    series = _is_series(before, after)
    analyse = _proportion_analysis if kind == "proportion" else \
        _rate_analysis if kind in ("rate", "count") else _mean_analysis
    result, level = analyse(before, after, alpha, series)
    stabilisation = periods["stabilisation"]
    result.update(stabilisation=level(stabilisation) if len(stabilisation) else math.nan)
    if control.any():
        result.update(_did_columns(level, treated, rows[control], after, alpha))
    _to_shown_units(result, _shown_scale(kpi))
    result.update(kpi=kpi.id, name=getattr(kpi, "name", kpi.id), unit=getattr(kpi, "unit", None),
                  kind=kind, direction=direction, change_unit=CHANGE_UNIT[kind],
                  n_before=len(before), n_after=len(after),
                  n_stabilisation=len(stabilisation))
    return result


def _shown_scale(kpi: Any) -> float:
    """Factor from data units to the unit a KPI is shown in (as ``data.level``):
    percent for proportions, events per ``rate_per`` units for rates and counts."""
    if kpi.kind == "proportion":
        return 100.0
    if kpi.kind in ("rate", "count"):
        return float(getattr(kpi, "rate_per", 1.0) or 1.0)
    return 1.0


def _to_shown_units(result: dict[str, Any], scale: float) -> None:
    fields = ["before", "after", "change", "ci_low", "ci_high", "stabilisation", "did_change",
              "did_ci_low", "did_ci_high"]
    if result.get("its_scale") == "difference":
        fields += ["its_level_change", "its_ci_low", "its_ci_high"]
    for field in fields:
        if field in result:
            result[field] = result[field] * scale


def _is_series(before: pd.DataFrame, after: pd.DataFrame) -> bool:
    """A regular series: on both sides one row per date, at least MIN_SERIES_POINTS
    dates, a daily/weekly/monthly/quarterly rhythm and at most half the periods
    missing (a few items that happen to fall on different days are not a series)."""
    for part in (before, after):
        if not part["date"].is_unique or len(part) < MIN_SERIES_POINTS:
            return False
        step = _spacing_days(part["date"])
        span = (part["date"].max() - part["date"].min()).days
        if step == 0 or len(part) < 0.5 * (span / step + 1):
            return False
    return True


def _spacing_days(dates: pd.Series) -> int:
    """Typical spacing of the dates, rounded to 1, 7, 30 or 91 days (0 if other)."""
    stamps = np.unique(np.asarray(dates, dtype="datetime64[ns]").astype(np.int64))
    spacing = float(np.median(np.diff(stamps))) / 86400e9 if stamps.size > 1 else 0.0
    for days, (low, high) in {1: (0.5, 1.5), 7: (6, 8), 30: (27, 32), 91: (88, 93)}.items():
        if low <= spacing <= high:
            return days
    return 0


def _its_columns(frame: pd.DataFrame, outcome: str, intervention: Any, alpha: float,
                 exposure: str | None = None) -> dict[str, Any]:
    """ITS level change at the start of the after-period, as its_* columns (none when
    a count KPI has no events on one side: the rate ratio is then 0 or infinite)."""
    fit = _its_fit(frame, outcome, intervention, alpha, exposure)
    if fit is None:
        return {}
    level = fit.summary.loc["level_change"]
    return dict(its_level_change=level["estimate"], its_ci_low=level["ci_low"],
                its_ci_high=level["ci_high"], its_p_val=level["p_val"],
                its_scale="difference" if exposure is None else "ratio")


def _its_fit(frame: pd.DataFrame, outcome: str, intervention: Any, alpha: float,
             exposure: str | None = None):
    """The interrupted time series behind the its_* columns, or None (no events on one
    side of a count series)."""
    if exposure is not None:
        after = frame["date"] >= intervention
        if frame.loc[after, outcome].sum() == 0 or frame.loc[~after, outcome].sum() == 0:
            return None
    period, harmonics, needed = SEASONS.get(_spacing_days(frame["date"]), (None, 0, math.inf))
    if len(frame) < needed:
        period, harmonics = None, 0
    else:  # e.g. weekdays only: 5 positions in the week carry at most 2 harmonics
        positions = np.unique(np.mod(np.round(_time_index(frame["date"])), round(period)))
        harmonics = min(harmonics, (positions.size - 1) // 2)
        period = period if harmonics else None
    family = "gaussian" if exposure is None else "poisson"
    return its(frame, time="date", outcome=outcome, intervention=intervention,
               exposure=exposure, family=family, season_period=period, harmonics=harmonics,
               se="ar1", alpha=alpha)


def _from_test(test: pd.DataFrame, before: float, after: float) -> dict[str, Any]:
    row = test.iloc[0]
    return dict(test=row["test"], before=before, after=after, change=row["diff"],
                change_pct=_percent(row["diff"], before), ci_low=row["ci_low"],
                ci_high=row["ci_high"], ci_pct_low=_percent(row["ci_low"], before),
                ci_pct_high=_percent(row["ci_high"], before), p_val=row["p_val"])


def _mean_analysis(before: pd.DataFrame, after: pd.DataFrame, alpha: float,
                   series: bool) -> tuple[dict[str, Any], Callable[[pd.DataFrame], float]]:
    if series:
        daily = _spacing_days(pd.concat([before["date"], after["date"]])) == 1
        season = 7 if daily and min(len(before), len(after)) >= 14 else None
        test = compare_series(before.set_index("date")["value"],
                              after.set_index("date")["value"], season_period=season, alpha=alpha)
        result = _from_test(test, test.at[0, "mean_before"], test.at[0, "mean_after"])
        frame, outcome, exposure = _series_frame("mean", before, after)
        result.update(_its_columns(frame, outcome, after["date"].min(), alpha, exposure))
        return result, lambda part: float(part["value"].mean())
    test = compare_means(before["value"].to_numpy(), after["value"].to_numpy(), test="auto",
                         alpha=alpha)
    rank = test.at[0, "test"] == "mannwhitney"
    level = (lambda part: float(part["value"].median())) if rank else \
        (lambda part: float(part["value"].mean()))
    return _from_test(test, level(before), level(after)), level


def _successes(rows: pd.DataFrame, has_n: bool) -> tuple[np.ndarray, np.ndarray]:
    """Successes and trials per row of a proportion KPI."""
    values = rows["value"].to_numpy()
    if not has_n:
        return values, np.ones_like(values)
    trials = rows["n"].to_numpy()
    if np.any(~np.isfinite(trials)) or np.any(trials <= 0):
        raise InputError("kind 'proportion' needs the number of trials n > 0 in every row "
                         "(n is missing or not positive in some rows)")
    fractions = (values >= 0) & (values <= 1)
    if fractions.all():
        return np.round(values * trials), trials
    if np.all(values == np.round(values)) and np.all((values >= 0) & (values <= trials)):
        return values, trials
    raise InputError("kind 'proportion' with n expects value to be the proportion (0-1) or "
                     "the number of successes (0-n); got e.g. "
                     f"{values[~fractions][0]!r} with n={trials[~fractions][0]!r}")


def _proportion_analysis(before: pd.DataFrame, after: pd.DataFrame, alpha: float,
                         series: bool) -> tuple[dict[str, Any], Callable[[pd.DataFrame], float]]:
    has_n = "n" in before.columns and (before["n"].notna().any() or after["n"].notna().any())
    values = np.r_[before["value"].to_numpy(), after["value"].to_numpy()]
    if not has_n and not np.isin(values, (0.0, 1.0)).all():
        if np.all((values >= 0) & (values <= 1)):
            return _mean_analysis(before, after, alpha, series)
        raise InputError("kind 'proportion' needs values between 0 and 1 (or 0/1 per item, or "
                         f"successes with trials in column n); got e.g. "
                         f"{values[(values < 0) | (values > 1)][0]!r}")

    def level(part: pd.DataFrame) -> float:
        successes, trials = _successes(part, has_n)
        return float(successes.sum() / trials.sum())

    (x_b, n_b), (x_a, n_a) = _successes(before, has_n), _successes(after, has_n)
    test = compare_proportions(x_b.sum(), n_b.sum(), x_a.sum(), n_a.sum(), alpha=alpha)
    result = _from_test(test, test.at[0, "p_before"], test.at[0, "p_after"])
    if series and has_n:
        frame, outcome, exposure = _series_frame("proportion", before, after)
        result.update(_its_columns(frame, outcome, after["date"].min(), alpha, exposure))
    return result, level


def _series_frame(analysis: str, before: pd.DataFrame, after: pd.DataFrame
                  ) -> tuple[pd.DataFrame, str, str | None]:
    """One row per date for the interrupted time series: ``(frame, outcome column,
    exposure column or None)``; successes over trials for proportions, events over
    exposure for rates and counts, the value itself otherwise."""
    rows = pd.concat([before, after])
    if analysis == "mean":
        return rows[["date", "value"]], "value", None
    has_n = "n" in rows.columns and rows["n"].notna().any()
    if analysis == "proportion":
        x, n = _successes(rows, has_n)
        return pd.DataFrame({"date": rows["date"], "successes": x, "trials": n}), \
            "successes", "trials"
    x, n = _events(rows, has_n)
    return pd.DataFrame({"date": rows["date"], "events": x, "exposure": n}), "events", \
        "exposure"


def counterfactual(data: pd.DataFrame, kpi: Any, plan: Any) -> pd.DataFrame | None:
    """The interrupted-time-series line "had nothing changed" after go-live, per week.

    For a KPI that :func:`compare_kpis` analyses as a regular series (the treated
    group), the same model as its ``its_*`` columns, with the level and slope change
    set to zero, aggregated to the chart's weeks (``data.kpi_series``) in the KPI's
    display unit. None for per-item KPIs or without an after period.

    Returns
    -------
    DataFrame or None
        Columns ``date`` (week start, Monday) and ``level``.
    """
    rows = data[data["kpi"] == kpi.id]
    if "group" in rows.columns:
        rows = rows[rows["group"] != "control"]
    before = rows[rows["period"] == "baseline"]
    after = rows[rows["period"] == "after"]
    if before.empty or after.empty or not _is_series(before, after):
        return None
    analysis = ("proportion" if kpi.kind == "proportion" and rows["n"].notna().any() else
                "rate" if kpi.kind in ("rate", "count") else "mean")
    frame, outcome, exposure = _series_frame(analysis, before, after)
    fit = _its_fit(frame.reset_index(drop=True), outcome, after["date"].min(), plan.alpha,
                   exposure)
    if fit is None:
        return None
    line = fit.counterfactual.rename(columns={"counterfactual": "expected"})
    week = line["date"].dt.to_period("W-SUN").dt.start_time
    if exposure is None:
        level = line.groupby(week)["expected"].mean()
    else:
        exposed = frame.set_index("date")[exposure].reindex(line["date"]).to_numpy()
        level = line["expected"].groupby(week).sum() / pd.Series(exposed).groupby(
            week.to_numpy()).sum().to_numpy()
    return pd.DataFrame({"date": level.index, "level": level.to_numpy() * _shown_scale(kpi)})


def counterfactuals(data: pd.DataFrame, plan: Any) -> dict[str, pd.DataFrame]:
    """:func:`counterfactual` for every KPI of the plan that has one (KPI id -> line)."""
    lines = {kpi.id: counterfactual(data, kpi, plan) for kpi in plan.kpis}
    return {kpi: line for kpi, line in lines.items() if line is not None}


def _events(rows: pd.DataFrame, has_n: bool) -> tuple[np.ndarray, np.ndarray]:
    """Event counts and exposure per row of a rate or count KPI."""
    counts = rows["value"].to_numpy()
    if np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise InputError("kinds 'rate' and 'count' expect value to be the number of events "
                         "(a whole number >= 0) with the exposure in column n; got e.g. "
                         f"{counts[(counts < 0) | (counts != np.round(counts))][0]!r}")
    if not has_n:
        return counts, np.ones_like(counts)
    exposure = rows["n"].to_numpy()
    if np.any(~np.isfinite(exposure)) or np.any(exposure <= 0):
        raise InputError("the exposure n must be > 0 in every row (missing or not positive in "
                         "some rows)")
    return counts, exposure


def _rate_analysis(before: pd.DataFrame, after: pd.DataFrame, alpha: float,
                   series: bool) -> tuple[dict[str, Any], Callable[[pd.DataFrame], float]]:
    has_n = "n" in before.columns and (before["n"].notna().any() or after["n"].notna().any())

    def level(part: pd.DataFrame) -> float:
        counts, exposure = _events(part, has_n)
        return float(counts.sum() / exposure.sum())

    (c_b, e_b), (c_a, e_a) = _events(before, has_n), _events(after, has_n)
    test = compare_rates(c_b.sum(), e_b.sum(), c_a.sum(), e_a.sum(), alpha=alpha).iloc[0]
    rate_b = test["rate_before"]
    result = dict(test=test["test"], before=rate_b, after=test["rate_after"],
                  change=test["rate_after"] - rate_b,
                  change_pct=100 * (test["rate_ratio"] - 1),
                  ci_low=rate_b * (test["ci_low"] - 1), ci_high=rate_b * (test["ci_high"] - 1),
                  ci_pct_low=100 * (test["ci_low"] - 1), ci_pct_high=100 * (test["ci_high"] - 1),
                  p_val=test["p_val"])
    if series:
        frame, outcome, exposure = _series_frame("rate", before, after)
        result.update(_its_columns(frame, outcome, after["date"].min(), alpha, exposure))
    return result, level


def _did_columns(level: Callable[[pd.DataFrame], float], treated: pd.DataFrame,
                 control: pd.DataFrame, after: pd.DataFrame, alpha: float) -> dict[str, Any]:
    """Difference-in-differences of the per-date KPI levels, treated vs control group."""
    def per_date(part: pd.DataFrame, name: str) -> pd.DataFrame:
        part = part[part["period"].isin(("baseline", "after"))]
        return pd.DataFrame([{"date": date, "level": level(rows), "series": name}
                             for date, rows in part.groupby("date")])

    frame = pd.concat([per_date(treated, "treated"), per_date(control, "control")],
                      ignore_index=True)
    result = did(frame, time="date", outcome="level", group="series", treated="treated",
                 intervention=after["date"].min(), alpha=alpha).iloc[0]
    return dict(did_change=result["diff"], did_ci_low=result["ci_low"],
                did_ci_high=result["ci_high"], did_p_val=result["p_val"])


# ------------------------------------------------------------- table-level rules
def _verdict(row: Any, alpha: float) -> str:
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
    English sentence the words layer writes for it (:func:`kpi_analysis.text.guard_warning`)."""
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
    level, spread and lag-1 autocorrelation that :func:`kpi_analysis.stats.how_long`
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
    from .data import kpi_series
    from .stats import how_long

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
