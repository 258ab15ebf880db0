"""Charts: one function per chart, each takes ``ax=None`` and returns the Axes.

Statistics are computed elsewhere (data.py, stats.py); these functions only draw.
Colours carry meaning and are used consistently: green = good, red = needs
attention, grey = no detectable change or reference.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from .data import kpi_series, level
from .text import fmt_number, label

GOOD, BAD, NEUTRAL, REFERENCE = "#1e7d3a", "#b42318", "#52606d", "#9aa5b1"
SHADE = "#e4e7eb"
VERDICT_COLOUR = {"improved": GOOD, "worsened": BAD, "no detectable change": NEUTRAL}


def _axes(ax, size=(8.0, 3.2)):
    if ax is None:
        sns.set_theme(style="whitegrid", context="notebook")
        _, ax = plt.subplots(figsize=size, dpi=110, layout="constrained")
    return ax


def kpi_over_time(data: pd.DataFrame, kpi, periods, *, lang: str = "en",
                  verdict: str | None = None, ax=None):
    """The KPI per week with the go-live line, the stabilisation window shaded and
    the baseline and after-period levels as horizontal lines.

    Parameters
    ----------
    data : DataFrame
        Tidy measurements (``load_measurements``).
    kpi : KPI
        The plan's KPI.
    periods : Periods
        The plan's periods.
    lang : {'en', 'nl'}
    verdict : str, optional
        The comparison's verdict; colours the after-period line (green improved,
        red worsened, grey no detectable change).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        ``ax.figure.kpi_alt`` holds an alt text describing the chart.
    """
    ax = _axes(ax)
    series = kpi_series(data, kpi)
    for period, points in series.groupby("period", observed=True):
        ax.plot(points["date"], points["level"], color=REFERENCE, marker="o", markersize=3,
                linewidth=1.2, zorder=2, alpha=0.5 if period == "outside" else 1.0)
    go_live, settled = pd.Timestamp(periods.go_live), pd.Timestamp(periods.after_start)
    ax.axvspan(go_live, settled, color=SHADE, zorder=0, label=label("period.stabilisation", lang))
    ax.axvline(go_live, color=NEUTRAL, linestyle="--", linewidth=1,
               label=label("chart.go_live", lang))
    levels = {}
    for period, colour in (("baseline", NEUTRAL),
                           ("after", VERDICT_COLOUR.get(verdict, NEUTRAL))):
        rows = data[(data["kpi"] == kpi.id) & (data["period"] == period)]
        if rows.empty:
            continue
        levels[period] = level(rows, kpi)
        ax.hlines(levels[period], rows["date"].min(), rows["date"].max(), color=colour,
                  linewidth=2.5, zorder=3, label=label(f"period.{period}", lang))
    ax.set_title(label("chart.over_time", lang, name=kpi.name, freq=label("freq.W", lang)),
                 loc="left", fontsize=11)
    ax.set_ylabel(kpi.unit)
    ax.set_xlabel("")
    ax.legend(loc="best", fontsize=8, frameon=False)
    ax.figure.kpi_alt = label("chart.alt", lang, name=kpi.name, unit=kpi.unit,
                              before=fmt_number(levels.get("baseline"), lang),
                              after=fmt_number(levels.get("after"), lang))
    return ax
