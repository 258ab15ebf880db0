"""Report sections: each function shows one part of a report in a notebook.

A report notebook imports this module as ``show`` and calls one function per cell
(``show.goal(plan, lang)``); they build HTML from computed results
(never compute statistics themselves), take every word from :mod:`kpi_analysis.text`
and escape every piece of user text (a KPI named ``<script>`` shows as text).
"""
from __future__ import annotations

import base64
import io
import json
import math
from datetime import date
from html import escape

import pandas as pd

from . import __version__, plots
from .data import data_path as data_path_of
from .data import level
from .files import file_hash, write_text_atomic
from .text import fmt_date, fmt_number, fmt_pct, label


def _show(html: str) -> None:
    from IPython.display import HTML, display
    display(HTML(html))


def _table(headers: list[tuple[str, bool]], rows: list[list[str]]) -> str:
    """An HTML table; headers are (text, numeric) pairs, cells are ready HTML."""
    head = "".join(f'<th class="num">{h}</th>' if num else f"<th>{h}</th>"
                   for h, num in headers)
    body = "".join("<tr>" + "".join(
        f'<td class="num">{c}</td>' if num else f"<td>{c}</td>"
        for c, (_, num) in zip(row, headers)) + "</tr>" for row in rows)
    return f'<table class="kpi-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _badge(text: str, tone: str) -> str:
    return f'<span class="kpi-badge kpi-{tone}">{escape(text)}</span>'


def _digits(x: float) -> int:
    """Decimals that show about three significant digits (0 to 2)."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or x == 0:
        return 1
    return max(0, min(2, 2 - int(math.floor(math.log10(abs(x))))))


def _value(x, lang: str) -> str:
    return fmt_number(x, lang, _digits(x))


def _target(kpi, lang: str) -> str:
    t = kpi.target
    if t is None:
        return label("target.none", lang)
    deadline = fmt_date(t.deadline, lang) if t.deadline else label("target.no_deadline", lang)
    if t.change is not None:
        return label("target.change", lang, change=fmt_pct(t.change * 100, lang), deadline=deadline)
    return label("target.value", lang, value=f"{_value(t.value, lang)} {escape(kpi.unit)}",
                 deadline=deadline)


def title(plan, lang: str) -> None:
    """The report's title block: client, project, kit version and date."""
    _show(f"<h1>{escape(label('report.title', lang))}</h1>"
          f"<p>{escape(label('report.subtitle', lang, project=plan.project, client=plan.client))}"
          f"</p><p class='kpi-muted'>"
          f"{escape(label('report.generated', lang, version=__version__, date=fmt_date(date.today(), lang)))}"
          f"</p>")


def goal(plan, lang: str) -> None:
    """Step 1: the goal, the business aim and the deadline."""
    g = plan.goal
    facts = [("goal.statement", escape(g.statement)),
             ("goal.business_aim", escape(label(f"aim.{g.business_aim}", lang))),
             ("goal.deadline", fmt_date(g.deadline, lang) if g.deadline else "-")]
    items = "".join(f"<dt>{escape(label(k, lang))}</dt><dd>{v}</dd>" for k, v in facts)
    _show(f"<h2>{escape(label('step.1', lang))}</h2><dl class='kpi-facts'>{items}</dl>")


def kpis(plan, lang: str) -> None:
    """Step 2: the KPIs per process with unit, direction, owner, frequency, target, guard."""
    names = {k.id: k.name for k in plan.kpis}
    rows = []
    for process in plan.processes:
        for k in process.kpis:
            definition = f"<div class='kpi-muted'>{escape(k.definition)}</div>" if k.definition else ""
            rows.append([escape(process.name), f"{escape(k.name)}{definition}", escape(k.unit),
                         escape(label(f"direction.{k.direction}", lang)), escape(k.owner or "-"),
                         escape(label(f"frequency.{k.frequency}", lang)), escape(_target(k, lang)),
                         escape(names.get(k.guard, "-"))])
    headers = [(escape(label(f"col.{c}", lang)), False) for c in
               ("process", "kpi", "unit", "direction", "owner", "frequency", "target", "guard")]
    _show(f"<h2>{escape(label('step.2', lang))}</h2>{_table(headers, rows)}")


def baseline(data: pd.DataFrame, plan, lang: str) -> None:
    """Step 3: the baseline period and each KPI's baseline level."""
    p = plan.periods
    intro = label("baseline.intro", lang, start=fmt_date(p.baseline.start, lang),
                  end=fmt_date(p.baseline.end, lang), go_live=fmt_date(p.go_live, lang),
                  weeks=p.stabilisation_weeks)
    rows = []
    for k in plan.kpis:
        base = data[(data["kpi"] == k.id) & (data["period"] == "baseline")]
        rows.append([escape(k.name), str(len(base)), _value(level(base, k), lang), escape(k.unit)])
    headers = [(escape(label("col.kpi", lang)), False), (escape(label("col.n", lang)), True),
               (escape(label("col.mean", lang)), True), (escape(label("col.unit", lang)), False)]
    _show(f"<h2>{escape(label('step.3', lang))}</h2><p>{escape(intro)}</p>{_table(headers, rows)}")


_TONE = {"improved": "good", "worsened": "bad", "no detectable change": "neutral"}


def comparison(results: pd.DataFrame, plan, lang: str) -> None:
    """Step 4: before and after per KPI with change, interval, p-value, verdict, target."""
    rows = []
    for r in results.itertuples(index=False):
        kpi = plan.kpi(r.kpi)
        verdict = _badge(label(f"verdict.{r.verdict}", lang), _TONE[r.verdict])
        if r.target_met is None or (isinstance(r.target_met, float) and math.isnan(r.target_met)):
            target = escape(label("target.none", lang))
        else:
            target = _badge(label("target.met" if r.target_met else "target.not_met", lang),
                            "good" if r.target_met else "bad")
        if getattr(r, "guard_warning", None):
            guard = escape(label("guard.warning", lang, guard=plan.kpi(kpi.guard).name))
            verdict += f"<div class='kpi-warning'>{guard}</div>"
        interval = f"{fmt_pct(r.ci_pct_low, lang)} {'tot' if lang == 'nl' else 'to'} " \
                   f"{fmt_pct(r.ci_pct_high, lang)}"
        rows.append([escape(kpi.name), _value(r.before, lang), _value(r.after, lang),
                     fmt_pct(r.change_pct, lang), interval,
                     fmt_number(r.p_adj, lang, 3), verdict, target])
    headers = [(escape(label(f"col.{c}", lang)), c not in ("kpi", "verdict", "target_met"))
               for c in ("kpi", "before", "after", "change", "interval", "p", "verdict",
                         "target_met")]
    _show(f"<h2>{escape(label('step.4', lang))}</h2>{_table(headers, rows)}")


def _figure_html(ax) -> str:
    """The Axes' figure as an embedded PNG with its alt text; closes the figure."""
    import matplotlib.pyplot as plt
    fig = ax.figure
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    alt = getattr(fig, "kpi_alt", "")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f"<figure class='kpi-figure'><img alt=\"{escape(alt)}\" "
            f"src=\"data:image/png;base64,{data}\"/></figure>")


def charts(data: pd.DataFrame, results: pd.DataFrame, plan, lang: str) -> None:
    """Step 5: each KPI over time with go-live, stabilisation and period levels."""
    verdicts = dict(zip(results["kpi"], results["verdict"]))
    figures = "".join(_figure_html(plots.kpi_over_time(
        data, k, plan.periods, lang=lang, verdict=verdicts.get(k.id))) for k in plan.kpis)
    _show(f"<h2>{escape(label('step.5', lang))}</h2>{figures}")


def _plain(value):
    """A JSON-ready Python value: NaN -> None, numpy/pandas scalars -> built-ins."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (pd.Timestamp, date)):
        return value.isoformat()
    return value


def results_dict(plan, results: pd.DataFrame, data_path=None) -> dict:
    """Every number the report shows, for machines (results.json)."""
    data = data_path_of(data_path, plan)
    return {
        "kit_version": __version__,
        "client": plan.client, "project": plan.project, "language": plan.language,
        "plan_file": plan.source.name if plan.source else None,
        "plan_sha256": file_hash(plan.source) if plan.source else None,
        "data_file": data.name, "data_sha256": file_hash(data),
        "kpis": [{k: _plain(v) for k, v in row.items()}
                 for row in results.to_dict(orient="records")],
    }


def save_results(path, plan, results: pd.DataFrame, data_path=None) -> None:
    """Write :func:`results_dict` as JSON to ``path`` (atomically); no-op when empty."""
    if path:
        write_text_atomic(path, json.dumps(results_dict(plan, results, data_path),
                                           indent=2, ensure_ascii=False) + "\n")
