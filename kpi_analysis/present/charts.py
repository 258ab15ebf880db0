"""Charts: one function per chart, each takes ``ax=None`` and returns the Axes.

==================  ==============================================================
function            shows
==================  ==============================================================
``before_after``    each KPI's change in % with its 95% interval (a forest plot)
``kpi_over_time``   one KPI per week: go-live, stabilisation, period levels and the
                    interrupted-time-series counterfactual
``cash_flow``       the cumulative net cash flow per month with the payback point
``tornado``         one-way sensitivity of the ROI, largest swing first
==================  ==============================================================

Statistics are computed elsewhere (measurements.py, compare.py, its.py, finance/); these
functions only draw what they are given. Colours carry meaning and are used
consistently: green (:data:`GOOD`) = good, red (:data:`BAD`) = needs attention,
grey (:data:`NEUTRAL`) = no detectable change, light grey (:data:`REFERENCE`) =
reference lines and raw points.

Every chart sets a title, the units on its axes and ``ax.figure.kpi_alt``: one
sentence in the report language describing what the chart shows (the report uses it
as the image's alt text). Numbers follow the language (``1.234,5`` in Dutch).

The look (seaborn's ``whitegrid`` style and ``notebook`` context with a few
adjustments, :data:`THEME`) is applied while a chart is drawn and never changes the
caller's global matplotlib settings. The figure's dpi is the caller's: the report
saves at 110 dpi, where the default width (7.3 inch) is 800 pixels.
"""
from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Mapping

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from babel.dates import format_date
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..analysis.change import Change
from ..inputs.tidy import kpi_series, level
from ..errors import InputError
from ..vocab import (BAD, BAD_FILL, GOOD, GOOD_FILL, INK, NEUTRAL, REFERENCE, SHADE,
                    VERDICT_COLOUR, VERDICTS)
from ..words.numbers import (fmt_change_value, fmt_money, fmt_number, fmt_pct, fmt_value,
                             is_missing, value_digits)
from ..words.store import LABELS, LANGUAGES, label

__all__ = ["before_after", "kpi_over_time", "cash_flow", "tornado",
           "GOOD", "BAD", "NEUTRAL", "REFERENCE", "VERDICT_COLOUR", "THEME"]

# --- words -------------------------------------------------------------------------
# New client-facing texts of the charts, (en, nl); to move into text.LABELS.


def _t(key: str, lang: str, **fields) -> str:
    """The chart text for ``key`` in ``lang`` (from text.LABELS)."""
    _check_lang(lang)
    return label(key, lang, **fields)


# --- look --------------------------------------------------------------------------
# the palette and the verdicts are declared once, in vocab (imported above)

#: matplotlib settings of every chart: seaborn whitegrid + notebook, set here once and
#: applied with ``plt.rc_context`` while drawing (the caller's settings stay untouched)
THEME: dict = {
    **sns.axes_style("whitegrid"),
    **sns.plotting_context("notebook", font_scale=0.85),
    "axes.edgecolor": SHADE, "grid.color": "#eceef1", "axes.titleweight": "bold",
    "axes.titlelocation": "left", "axes.titlepad": 10, "axes.labelcolor": INK,
    "xtick.color": INK, "ytick.color": INK, "text.color": INK,
    "legend.frameon": False, "axes.spines.top": False, "axes.spines.right": False,
}
#: default width in inches: 800 px at the report's 110 dpi
WIDTH = 7.3


def _styled(draw):
    """Draw inside :data:`THEME` (no global state is changed)."""
    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with plt.rc_context(THEME):
            return draw(*args, **kwargs)
    return wrapper


def _axes(ax, size=(WIDTH, 3.4), grid="y"):
    """``ax`` or a new constrained-layout figure of ``size`` inches, with grid lines
    along ``grid`` ('x' or 'y') only and no left/top/right spines."""
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    ax.grid(False)
    ax.grid(True, axis=grid, color=THEME["grid.color"], linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(REFERENCE)
    ax.tick_params(length=0)
    return ax


# --- checks ------------------------------------------------------------------------

def _check_lang(lang) -> None:
    if lang not in LANGUAGES:
        raise InputError(f"lang: '{lang}' is not a report language; valid: "
                         f"{', '.join(LANGUAGES)}")


def _frame(name: str, value, columns: tuple[str, ...], what: str) -> pd.DataFrame:
    """``value`` (DataFrame or list of records) as a DataFrame with ``columns``."""
    if isinstance(value, pd.DataFrame):
        frame = value
    elif isinstance(value, (list, tuple)) and all(isinstance(r, Mapping) for r in value):
        frame = pd.DataFrame(list(value))
    else:
        raise InputError(f"{name} must be {what} (a DataFrame or a list of records); "
                         f"got {type(value).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{name}: missing column(s) {', '.join(map(repr, missing))}; "
                         f"expected {what} with columns {', '.join(columns)}; got "
                         f"{', '.join(map(str, frame.columns)) or 'no columns'}")
    if frame.empty:
        raise InputError(f"{name} has no rows; expected {what}")
    return frame


def _case_part(case, key: str, columns: tuple[str, ...]) -> pd.DataFrame:
    if not isinstance(case, Mapping):
        raise InputError(f"case must be the result of business_case(plan, effects); got "
                         f"{type(case).__name__}")
    if key not in case:
        raise InputError(f"case: no '{key}' records; pass the result of "
                         f"business_case(plan, effects)")
    return _frame(f"case['{key}']", case[key], columns, f"the business case's {key} records")


# --- numbers -----------------------------------------------------------------------

def _short(x, lang: str) -> str:
    """Like :func:`text.fmt_value` without trailing zeros: 36, 0.4, 16.8, 1,140."""
    if is_missing(x):
        return fmt_number(x, lang)
    most = value_digits(x)
    digits = next(d for d in range(most + 1) if round(float(x), d) == round(float(x), most))
    return fmt_number(x, lang, digits)


def _wrap(text: str, width: int, lines: int | None = 2) -> str:
    """``text`` in lines of at most ``width`` characters; at most ``lines`` lines."""
    return "\n".join(textwrap.wrap(str(text), width, max_lines=lines,
                                   placeholder="\u2026") or [""])


def _date_axis(ax, lang: str, start, end) -> None:
    """Month ticks as 'mrt 2026' (nl) / 'Mar 2026' (en); weeks for short spans."""
    locale = label("format.locale", lang)
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    if days > 75:
        months = max(1, math.ceil(days / 30.4 / 8))
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=months))
        pattern = "MMM yyyy"
    else:
        ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.MO,
                                                         interval=max(1, math.ceil(days / 56))))
        pattern = "d MMM"
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda x, _: format_date(mdates.num2date(x).date(), pattern, locale=locale)))


# --- charts ------------------------------------------------------------------------

BEFORE_AFTER_COLUMNS = ("name", "unit", "direction", "before", "after", "change_pct",
                        "ci_pct_low", "ci_pct_high", "verdict")


@_styled
def before_after(results: pd.DataFrame, *, lang: str = "en", ax=None):
    """Each KPI's change after go-live with its 95% interval, in the tiles' unit.

    One row per KPI (a "forest" plot): the change as a dot, its interval as a line,
    a zero line; dot and line green when the KPI improved, red when it worsened,
    grey when there is no detectable change (the verdict already follows the KPI's
    direction). A proportion's change is in percentage points, every other KPI's in
    percent of its baseline, as the tiles and tables show them. Each row has its own
    scale (its largest end reaches the same width, the ends labelled in the report's
    number format), so one KPI that changed by +200% does not squash the others to
    a dot at zero. A small "better" arrow at the zero line points to the good side
    of each KPI; at the right, the change and the levels before -> after in the
    KPI's unit.

    Parameters
    ----------
    results : DataFrame
        :func:`~kpi_analysis.compare_kpis`' output; uses ``name``, ``unit``,
        ``direction``, ``before``, ``after``, ``change_pct``, ``ci_pct_low``,
        ``ci_pct_high``, ``verdict`` and, when present, ``change_unit`` (or
        ``kind``) with ``change``, ``ci_low``, ``ci_high``. 1 to about 10 rows; the
        figure grows with the number of KPIs.
    lang : {'en', 'nl'}
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        ``ax.figure.kpi_alt`` holds the alt text.
    """
    _check_lang(lang)
    frame = _frame("results", results, BEFORE_AFTER_COLUMNS,
                   "compare_kpis output").reset_index(drop=True)
    bad = sorted(set(frame["verdict"]) - set(VERDICTS), key=str)
    if bad:
        raise InputError(f"results: column 'verdict' has {bad[0]!r}; valid: "
                         f"{', '.join(VERDICTS)}")
    n = len(frame)
    shown = [_shown_change(r) for r in frame.to_dict(orient="records")]
    changes = [fmt_change_value(c.value, c.unit, lang) for c in shown]
    verdicts = [label(f"verdict.{v}", lang) for v in frame["verdict"]]
    heads = [_wrap(f"{c}  {v}", 28, None) for c, v in zip(changes, verdicts)]
    details = [_wrap(f"{fmt_value(b, lang)} \u2192 {fmt_value(a, lang)} {u}", 28, None)
               for b, a, u in zip(frame["before"], frame["after"], frame["unit"])]
    # row pitch in inches: the right-hand texts (head above the row, detail below)
    lines_up = max(h.count("\n") + 1 for h in heads)
    lines_down = max(d.count("\n") + 1 for d in details)
    pitch = max(0.62, (lines_up * 9 + lines_down * 8.5) * 1.25 / 72 + 0.14)
    ax = _axes(ax, size=(WIDTH, 1.2 + pitch * n), grid="x")
    ys = np.arange(n)
    # each KPI on its own scale: its largest end maps to 1, so one large change does
    # not squash the others; the row's own ends are labelled in its unit
    ax.set_xlim(-1.7, 1.7)
    ax.axvline(0, color=REFERENCE, linewidth=1.2, zorder=1)
    better = _t("ba.better", lang)
    rows = []
    for y, r, c, change, verdict, head, detail in zip(
            ys, frame.itertuples(index=False), shown, changes, verdicts, heads, details):
        colour = VERDICT_COLOUR[r.verdict]
        ends = [abs(v) for v in (c.value, c.low, c.high) if not is_missing(v)]
        scale = max(ends, default=0.0) or 1.0
        if not (is_missing(c.low) or is_missing(c.high)):
            ax.hlines(y, c.low / scale, c.high / scale, color=colour, linewidth=3,
                      alpha=0.45, zorder=2, gid="interval")
            for end, align in ((c.low, "right"), (c.high, "left")):
                ax.annotate(fmt_change_value(end, c.unit, lang), xy=(end / scale, y),
                            xytext=(-1 if align == "right" else 1, -5),
                            textcoords="offset points", ha=align, va="top", fontsize=7,
                            color=NEUTRAL, gid="scale")
        if not is_missing(c.value):
            ax.scatter([c.value / scale], [y], s=70, color=colour, zorder=3,
                       edgecolors="white", linewidths=1.2, gid="change")
        lower = r.direction == "lower_is_better"
        ax.annotate(f"\u2190 {better}" if lower else f"{better} \u2192", xy=(0, y),
                    xytext=(-4 if lower else 4, 9), textcoords="offset points",
                    ha="right" if lower else "left", va="bottom", fontsize=7.5,
                    color=REFERENCE)
        ax.annotate(head, xy=(1, y), xycoords=("axes fraction", "data"), xytext=(10, 1),
                    textcoords="offset points", ha="left", va="bottom", fontsize=9,
                    fontweight="bold", color=colour, gid="verdict")
        ax.annotate(detail, xy=(1, y), xycoords=("axes fraction", "data"), xytext=(10, -1),
                    textcoords="offset points", ha="left", va="top", fontsize=8.5,
                    color=NEUTRAL)
        rows.append(_t("ba.row", lang, name=r.name, change=change, verdict=verdict))
    ax.set_yticks(ys, [_wrap(name, 30) for name in frame["name"]])
    ax.set_ylim(n - 0.4, -0.75)
    ax.set_xticks([0.0], [fmt_number(0, lang, 0)])
    ax.set_xlabel(_wrap(_t("ba.xlabel.own_scale", lang), 70, None), fontsize=8.5)
    ax.set_ylabel("")
    ax.set_title(_t("ba.title", lang))
    ax.figure.kpi_alt = _t("ba.alt", lang, rows="; ".join(rows))
    return ax


def _shown_change(row: Mapping) -> Change:
    """The change a chart shows for a compare_kpis row: percentage points for a
    proportion (as the tiles and tables), else percent of the baseline."""
    unit = row.get("change_unit")
    if not isinstance(unit, str):
        unit = "pp" if row.get("kind") == "proportion" else "percent"
    if unit == "pp" and all(k in row for k in ("change", "ci_low", "ci_high")):
        return Change.of({**row, "change_unit": "pp"})
    return Change.percent_of(row)


@_styled
def kpi_over_time(data: pd.DataFrame, kpi, periods, *, lang: str = "en",
                  verdict: str | None = None, counterfactual: pd.DataFrame | None = None,
                  ax=None):
    """The KPI per week with the go-live line, the stabilisation window shaded, the
    baseline and after-period levels, and optionally the counterfactual.

    Parameters
    ----------
    data : DataFrame
        Tidy measurements (``load_measurements``): ``date``, ``kpi``, ``value``,
        ``period`` (and ``n`` for proportions and rates).
    kpi : KPI
        The plan's KPI.
    periods : Periods
        The plan's periods.
    lang : {'en', 'nl'}
    verdict : str, optional
        The comparison's verdict; colours the after-period line (green improved,
        red worsened, grey no detectable change).
    counterfactual : DataFrame, optional
        Columns ``date`` and ``level``: the level expected after go-live had nothing
        changed (interrupted time series), in the KPI's display unit; drawn as a
        dashed line from go-live on. With columns ``low`` and ``high`` (the interval
        of the same model) the band is shaded around it.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        ``ax.figure.kpi_alt`` holds an alt text describing the chart.
    """
    data, counterfactual = _over_time_inputs(data, kpi, verdict, counterfactual, lang)
    ax = _axes(ax)
    data = _draw_series(ax, data[data["kpi"] == kpi.id], kpi, lang)
    go_live = pd.Timestamp(periods.go_live)
    ax.axvspan(go_live, pd.Timestamp(periods.after_start), color=SHADE, alpha=0.7,
               linewidth=0, zorder=0, label=label("period.stabilisation", lang))
    ax.axvline(go_live, color=INK, linewidth=1.1, zorder=1, label=label("chart.go_live", lang),
               gid="go_live")
    levels = _draw_levels(ax, data, kpi, verdict, lang)
    expected = _draw_counterfactual(ax, counterfactual, go_live, lang)
    _date_axis(ax, lang, data["date"].min(), data["date"].max())
    # tick labels in the report's number format (nl: 2,5)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _short(round(v, 10), lang)))
    ax.set_ylabel(kpi.unit)
    ax.set_xlabel("")
    rows = _over_time_legend(ax, lang)
    freq = label("freq.W", lang)
    title = (kpi.name if kpi.name.lower().rstrip().endswith(f"per {freq}")  # no "per week" twice
             else label("chart.over_time", lang, name=kpi.name, freq=freq))
    ax.set_title(title, pad=10 + 13 * rows)
    fields = dict(name=kpi.name, unit=kpi.unit, before=fmt_value(levels.get("baseline"), lang),
                  after=fmt_value(levels.get("after"), lang))
    ax.figure.kpi_alt = (label("chart.alt", lang, **fields) if expected is None else
                         _t("ot.alt_counterfactual", lang, expected=fmt_value(expected, lang),
                            **fields))
    return ax


def _over_time_inputs(data, kpi, verdict, counterfactual, lang: str):
    """kpi_over_time's inputs checked: the tidy data and the counterfactual frame."""
    _check_lang(lang)
    data = _frame("data", data, ("date", "kpi", "value", "period"), "tidy measurements")
    if verdict is not None and verdict not in VERDICTS:
        raise InputError(f"verdict: '{verdict}' is not a verdict; valid: "
                         f"{', '.join(VERDICTS)} or None")
    if not (data["kpi"] == kpi.id).any():
        raise InputError(f"kpi: no measurements of '{kpi.id}' in data; KPIs in data: "
                         f"{', '.join(map(str, data['kpi'].unique()))}")
    if counterfactual is not None:
        counterfactual = _frame("counterfactual", counterfactual, ("date", "level"),
                                "the expected level without the change")
    return data, counterfactual


def _draw_series(ax, data: pd.DataFrame, kpi, lang: str) -> pd.DataFrame:
    """The weekly points (and a control group's dotted line); returns the treated rows."""
    control = None
    if "group" in data.columns:  # a control group: levels from the treated group, as compare_kpis
        is_control = data["group"].eq("control")
        control, data = data[is_control], data[~is_control]
    if control is not None and not control.empty:
        part = kpi_series(control, kpi)
        ax.plot(part["date"], part["level"], color=REFERENCE, linestyle=":", linewidth=1.4,
                zorder=2, label=_t("ot.control", lang), gid="control")
    series = kpi_series(data, kpi)
    points = _t("ot.points", lang, freq=label("freq.W", lang))
    for period, part in series.groupby("period", observed=True):
        ax.plot(part["date"], part["level"], color=REFERENCE, marker="o", markersize=3.5,
                linewidth=1.1, zorder=2, alpha=0.5 if period == "outside" else 1.0,
                label=points, gid="series")
        points = "_nolegend_"
    return data


def _draw_levels(ax, data: pd.DataFrame, kpi, verdict, lang: str) -> dict:
    """The baseline and after-period levels as labelled lines; returns the levels."""
    levels = {}
    for period, colour in (("baseline", NEUTRAL),
                           ("after", VERDICT_COLOUR.get(verdict, NEUTRAL))):
        rows = data[data["period"] == period]
        if rows.empty:
            continue
        levels[period] = level(rows, kpi)
        ax.hlines(levels[period], rows["date"].min(), rows["date"].max(), color=colour,
                  linewidth=2.5, zorder=3, label=label(f"period.{period}", lang),
                  gid=f"level_{period}")
        # the baseline's label above its end (go-live follows), the after level's beside it
        above = period == "baseline"
        ax.annotate(fmt_value(levels[period], lang), xy=(rows["date"].max(), levels[period]),
                    xytext=(0, 4) if above else (4, 0), textcoords="offset points",
                    ha="right" if above else "left", va="bottom" if above else "center",
                    fontsize=9,
                    fontweight="bold", color=colour, zorder=4,
                    bbox=dict(boxstyle="square,pad=0.15", facecolor="white", alpha=0.85,
                              linewidth=0))
    return levels


def _draw_counterfactual(ax, counterfactual, go_live, lang: str) -> float | None:
    """The dashed level expected without the change (and its band); returns its last
    value, None when there is none to draw."""
    if counterfactual is None:
        return None
    cf = counterfactual.assign(date=pd.to_datetime(counterfactual["date"]))
    cf = cf[cf["date"] >= go_live].sort_values("date")
    if cf.empty:
        return None
    ax.plot(cf["date"], cf["level"], color=NEUTRAL, linestyle=(0, (4, 3)),
            linewidth=1.8, zorder=3, label=_t("ot.counterfactual", lang),
            gid="counterfactual")
    if {"low", "high"} <= set(cf.columns) and cf[["low", "high"]].notna().any().all():
        ax.fill_between(cf["date"], cf["low"], cf["high"], color=NEUTRAL, alpha=0.15,
                        linewidth=0, zorder=2, label=_t("ot.counterfactual_band", lang),
                        gid="counterfactual_band")
    return float(cf["level"].iloc[-1])


def _over_time_legend(ax, lang: str) -> int:
    """The legend between the title and the plot, in rows of three entries in a fixed
    order; returns the number of rows."""
    handles, names = ax.get_legend_handles_labels()
    order = [_t("ot.points", lang, freq=label("freq.W", lang)), _t("ot.control", lang),
             label("period.baseline", lang), label("period.after", lang),
             label("chart.go_live", lang), label("period.stabilisation", lang),
             _t("ot.counterfactual", lang), _t("ot.counterfactual_band", lang)]
    entries = sorted(zip(names, handles), key=lambda e: order.index(e[0]) if e[0] in order
                     else len(order))
    entries = [e for c in range(3) for e in entries[c::3]]  # read row by row
    names, handles = [n for n, _ in entries], [h for _, h in entries]
    ax.legend(handles, names, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=8,
              handlelength=2.2, columnspacing=1.5, borderaxespad=0.3)
    return math.ceil(len(names) / 3)


def _money(x, lang: str, currency: str, signed: bool = False) -> str:
    return fmt_money(x, lang, currency, signed)


@_styled
def cash_flow(case, *, lang: str = "en", ax=None):
    """The cumulative (undiscounted) net cash flow per month with the payback point.

    The area below zero (still paying off) is light red, above zero light green; the
    payback point is marked where the line crosses zero, at
    ``case["figures"]["payback_months"]["value"]`` (interpolated within the month,
    as the line is).

    Parameters
    ----------
    case : dict
        :func:`~kpi_analysis.business_case`' result; uses ``cash_flow`` (records with
        ``month`` and ``cumulative``), ``currency`` and, if present,
        ``figures.payback_months.value``.
    lang : {'en', 'nl'}
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        ``ax.figure.kpi_alt`` holds the alt text.
    """
    _check_lang(lang)
    flows = _case_part(case, "cash_flow", ("month", "cumulative")).sort_values("month")
    currency = case.get("currency") or ""
    payback = ((case.get("figures") or {}).get("payback_months") or {}).get("value")
    months = flows["month"].to_numpy(dtype=float)
    cum = flows["cumulative"].to_numpy(dtype=float)
    horizon = int(months.max())
    ax = _axes(ax, size=(WIDTH, 3.4))
    ax.fill_between(months, cum, 0, where=cum <= 0, interpolate=True, color=BAD_FILL,
                    linewidth=0, zorder=1, gid="negative")
    ax.fill_between(months, cum, 0, where=cum >= 0, interpolate=True, color=GOOD_FILL,
                    linewidth=0, zorder=1, gid="positive")
    ax.axhline(0, color=REFERENCE, linewidth=1.2, zorder=2)
    ax.plot(months, cum, color=INK, linewidth=2, zorder=3, gid="cumulative")
    if payback is not None:
        text = _t("cf.payback", lang, months=fmt_number(payback, lang, 1))
        ax.plot([payback], [0], marker="o", markersize=9, color=GOOD,
                markeredgecolor="white", markeredgewidth=1.5, zorder=4, linestyle="none",
                gid="payback")
        # where the line is not: below zero after the point, or above zero before it
        late = payback > 0.6 * horizon
        ax.annotate(text, xy=(payback, 0), xytext=(-10, 10) if late else (10, -10),
                    textcoords="offset points", ha="right" if late else "left",
                    va="bottom" if late else "top",
                    fontsize=9.5, fontweight="bold", color=GOOD)
    else:
        text = _t("cf.no_payback", lang, months=horizon)
        ax.annotate(text, xy=(months[0], 0), xytext=(8, -8), textcoords="offset points",
                    ha="left", va="top", fontsize=9.5, fontweight="bold", color=BAD)
    end = _money(cum[-1], lang, currency)
    rising = len(cum) < 2 or cum[-1] >= cum[-2]  # the side of the end the line is not on
    ax.annotate(_t("cf.end", lang, amount=end, months=horizon), xy=(months[-1], cum[-1]),
                xytext=(-4, 8 if rising else -8), textcoords="offset points",
                ha="right", va="bottom" if rising else "top", fontsize=9,
                color=GOOD if cum[-1] >= 0 else BAD)
    ax.set_xlim(months.min(), months.max())
    span = max(cum.max(), 0) - min(cum.min(), 0) or 1.0
    ax.set_ylim(min(cum.min(), 0) - 0.08 * span, max(cum.max(), 0) + 0.15 * span)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True, steps=[1, 2, 3, 6, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_number(v, lang, 0)))
    ax.set_xlabel(_t("cf.xlabel", lang))
    ax.set_ylabel(_t("cf.ylabel", lang, currency=currency))
    ax.set_title(_t("cf.title", lang))
    ax.figure.kpi_alt = _t("cf.alt", lang, currency=currency, months=horizon,
                           start=_money(cum[0], lang, currency), end=end, payback=text)
    return ax


def _assumption(r, lang: str, currency: str) -> tuple[str, str, str, str]:
    """(name, low, high, unit) of a sensitivity row in ``lang``: the business case writes
    English labels (``"<benefit>: hourly rate"``); the field path says which words to
    translate."""
    field, name, unit = str(r.field), str(r.assumption), str(r.unit)
    role = field.rsplit(".", 1)[-1]
    percent = field == "costs.discount_rate" or "fraction" in unit
    if field == "costs.discount_rate":
        name = _t("as.discount_rate", lang)
    elif field.startswith("kpis.") and name.startswith("measured change of "):
        name = _t("as.measured", lang, name=name.removeprefix("measured change of "))
    elif field.startswith("costs.benefits[") and f"as.{role}" in LABELS and ": " in name:
        name = f"{name.rpartition(': ')[0]}: {_t(f'as.{role}', lang)}"
    units = {f"{currency} per month": "unit.per_month", f"{currency} per hour": "unit.per_hour",
             f"{currency} per unit": "unit.per_unit", f"{currency} per error": "unit.per_error",
             f"{currency} per order": "unit.per_order", "hours": "unit.hours",
             "minutes": "unit.minutes", "people": "unit.people", "days": "unit.days",
             "items per month": "unit.items_per_month", "errors": "unit.errors",
             "units": "unit.units"}
    if percent:
        low, high = (fmt_pct(v * 100, lang, 1, signed=False) for v in (r.low, r.high))
        return name, low, high, ""
    shown = _t(units[unit], lang, currency=currency) if unit in units else unit
    return name, _short(r.low, lang), _short(r.high, lang), shown


TORNADO_COLUMNS = ("assumption", "field", "unit", "low", "high", "roi_base", "roi_at_low",
                   "roi_at_high", "roi_swing")


@_styled
def tornado(case, *, lang: str = "en", ax=None, top: int = 8):
    """One-way sensitivity of the ROI: the assumptions that move it most, ranked.

    Each bar runs from the base ROI to the ROI with one assumption at its low or high
    value, the rest at base; the part below the base ROI is red, above it green. The
    assumption's value is written at each end of its bar; the tick label names the
    assumption and its range. Largest swing at the top.

    Parameters
    ----------
    case : dict
        :func:`~kpi_analysis.business_case`' result; uses ``sensitivity`` (records
        with ``assumption``, ``field``, ``unit``, ``low``, ``high``, ``roi_base``,
        ``roi_at_low``, ``roi_at_high``, ``roi_swing``), ``currency`` and
        ``horizon_months``.
    lang : {'en', 'nl'}
    ax : matplotlib Axes, optional
    top : int, default 8
        Show the ``top`` assumptions with the largest ROI swing.

    Returns
    -------
    matplotlib Axes
        ``ax.figure.kpi_alt`` holds the alt text.
    """
    _check_lang(lang)
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise InputError(f"top must be a whole number >= 1; got {top!r}")
    rows = _case_part(case, "sensitivity", TORNADO_COLUMNS)
    rows = rows.sort_values("roi_swing", ascending=False, kind="stable").head(top)
    rows = rows.reset_index(drop=True)
    currency = case.get("currency") or ""
    months = case.get("horizon_months")
    base = float(rows["roi_base"].iloc[0])
    n = len(rows)
    ax = _axes(ax, size=(WIDTH, 1.3 + 0.55 * n), grid="x")
    names, alt_rows = [], []
    for y, r in enumerate(rows.itertuples(index=False)):
        name, low, high, unit = _assumption(r, lang, currency)
        for roi, value in ((r.roi_at_low, low), (r.roi_at_high, high)):
            colour = GOOD if roi > base else BAD if roi < base else NEUTRAL
            ax.barh(y, roi - base, left=base, height=0.56, color=colour, alpha=0.7,
                    linewidth=0, zorder=2, gid="swing")
            outward = roi >= base
            ax.annotate(value, xy=(roi, y), xytext=(4 if outward else -4, 0),
                        textcoords="offset points", ha="left" if outward else "right",
                        va="center", fontsize=8, color=INK)
        high = f"{high} {unit}".rstrip()
        names.append(f"{_wrap(name, 44)}\n{_t('to.range', lang, low=low, high=high)}")
        alt_rows.append(_t("to.row", lang, assumption=name, low=low, high=high,
                           roi_low=fmt_pct(r.roi_at_low, lang, signed=False),
                           roi_high=fmt_pct(r.roi_at_high, lang, signed=False)))
    ax.axvline(base, color=INK, linewidth=1.2, zorder=3)
    ax.annotate(_t("to.base", lang, roi=fmt_pct(base, lang, signed=False)), xy=(base, 1),
                xycoords=("data", "axes fraction"), xytext=(0, 2), textcoords="offset points",
                ha="center", va="bottom", fontsize=8.5, fontweight="bold", color=INK)
    ends = rows[["roi_at_low", "roi_at_high"]].to_numpy(dtype=float)
    lo, hi = min(ends.min(), base), max(ends.max(), base)
    pad = 0.18 * max(hi - lo, 1.0)
    ax.set_xlim(lo - pad, hi + pad)
    if lo - pad < 0 < hi + pad:
        ax.axvline(0, color=REFERENCE, linewidth=1, zorder=1)
    ax.set_yticks(range(n), names, fontsize=8)
    ax.set_ylim(n - 0.5, -0.8)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_pct(v, lang, signed=False)))
    ax.set_xlabel(_t("to.xlabel", lang, months=months if months is not None else "-"),
                  fontsize=9)
    ax.set_title(_t("to.title", lang), pad=18)
    ax.figure.kpi_alt = _t("to.alt", lang, roi=fmt_pct(base, lang, signed=False),
                           rows="; ".join(alt_rows[:3]))
    return ax
