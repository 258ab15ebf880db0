"""Report sections: each function shows one part of a report in a notebook.

A report notebook imports this module as ``show`` and calls one function per cell
(``show.goal(plan, checks, lang, audience)``); the functions build HTML from results
computed elsewhere (never statistics of their own), take every word from
:mod:`kpi_analysis.words` and escape every piece of user text (a KPI named
``<script>`` shows as text).

Audiences follow the method's three dashboard layers: ``executive`` (summary and
money), ``operational`` (the five steps), ``technical`` (everything plus the
appendix), ``all``. A section not meant for the audience shows nothing.
"""
from __future__ import annotations

import base64
import io
import json
import math
from datetime import date, timedelta
from html import escape
from pathlib import Path

import pandas as pd

from .. import __version__

from ..present import charts as plots
from ..inputs.measurements import data_path as data_path_of
from ..inputs.measurements import data_quality, describe_source
from ..inputs.tidy import level
from ..errors import InputError
from ..files import file_hash, write_text_atomic
from ..analysis.placebo import MIN_FAKE_GO_LIVES
from ..stats.sequential import repeated_looks_method
from ..run.report import AUDIENCES
from ..vocab import FRAMED_AUDIENCES
from ..words.numbers import (fmt_chance, fmt_date, fmt_money, fmt_number, fmt_p, fmt_payback,
                             fmt_pct, fmt_value, is_missing)
from ..words.sentences import fmt_change, guard_warning, kpi_sentence, story_counts, target_text
from ..words.store import LABELS, label

_SECTIONS = {  # section -> the audiences that see it
    "summary": set(AUDIENCES),
    "steps": {"operational", "technical", "all"},
    "progress": {"operational", "technical", "all", "management"},
    "diagnosis": {"operational", "technical", "all", "management", "it"},
    "business": {"executive", "operational", "technical", "all", "management"},
    "appendix": {"technical", "all", "it"},
    # the plan author's to-dos (empty problem fields, the method's advice on the plan
    # with its field names): never in a client's view
    "author_notes": {"technical", "all"},
}
#: audiences framed after the method's "per audience" advice (cadence.audience_view)
FRAMED = FRAMED_AUDIENCES
_TONE = {"improved": "good", "worsened": "bad", "no detectable change": "neutral",
         "cannot be assessed": "neutral",
         "pass": "good", "warn": "warn", "fail": "bad"}
_MAX_TILES = 5


def _show(html: str) -> None:
    from IPython.display import HTML, display
    display(HTML(html))


def _visible(section: str, audience: str) -> bool:
    if audience not in AUDIENCES:
        raise InputError(f"audience: '{audience}' is not known; valid: {', '.join(AUDIENCES)}")
    return audience in _SECTIONS[section]


def _table(headers: list[tuple[str, bool]], rows: list[list[str]]) -> str:
    """An HTML table; headers are (text, numeric) pairs, cells are ready HTML."""
    head = "".join(f'<th class="num">{h}</th>' if num else f"<th>{h}</th>"
                   for h, num in headers)
    body = "".join("<tr>" + "".join(
        f'<td class="num">{c}</td>' if num else f"<td>{c}</td>"
        for c, (_, num) in zip(row, headers)) + "</tr>" for row in rows)
    return f'<table class="kpi-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _headers(keys: list[str], lang: str, numeric: set[str] = frozenset()) -> list:
    return [(escape(label(f"col.{k}", lang)), k in numeric) for k in keys]


def _badge(text: str, tone: str) -> str:
    return f'<span class="kpi-badge kpi-{tone}">{escape(text)}</span>'


def _h2(key: str, lang: str) -> str:
    return f"<h2>{escape(label(key, lang))}</h2>"


def _p(text: str, cls: str = "") -> str:
    return f"<p class='{cls}'>{escape(text)}</p>" if cls else f"<p>{escape(text)}</p>"


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


def _target_badge(met, lang: str) -> str:
    if not isinstance(met, bool):
        return _badge(label("target.none", lang), "neutral")
    return _badge(label("target.met" if met else "target.not_met", lang),
                  "good" if met else "bad")


def _guard_note(row, plan, results, lang: str) -> str:
    """The guard warning, in the report's language, from the guard KPI's own row."""
    guard = row.get("guard_worsened")
    if not guard:
        return ""
    text = guard_warning(results.set_index("kpi").loc[guard], plan.kpi(guard), lang)
    return f"<div class='kpi-warning'>{escape(text)}</div>"


def _interval(low: str, high: str, lang: str) -> str:
    """'low to high' from two formatted ends."""
    return f"{low} {'tot' if lang == 'nl' else 'to'} {high}"


# --- title and summary ---------------------------------------------------------------

def title(plan, lang: str, kind: str = "impact") -> None:
    """The report's title block: kind of report, client, project, kit version, date."""
    _show(f"<h1>{escape(label(f'report.title.{kind}', lang))}</h1>"
          f"<p class='kpi-subtitle'>"
          f"{escape(label('report.subtitle', lang, project=plan.project, client=plan.client))}"
          f"</p><p class='kpi-muted'>{escape(label('report.generated', lang, version=__version__, date=fmt_date(date.today(), lang)))}"
          f"</p>")


def _tile(row, plan, results, lang: str) -> str:
    kpi = plan.kpi(row["kpi"])
    tone = _TONE[row["verdict"]]
    values = (f"{fmt_value(row['before'], lang)} &rarr; {fmt_value(row['after'], lang)} "
              f"<span class='kpi-unit'>{escape(kpi.unit)}</span>")
    shown, low, high = fmt_change(row, kpi, lang)
    change = (f"{escape(shown)} <span class='kpi-muted'>"
              f"({escape(_interval(low, high, lang))})</span>")
    return (f"<div class='kpi-tile kpi-tile-{tone}'>"
            f"<div class='kpi-tile-name'>{escape(kpi.name)}</div>"
            f"<div class='kpi-tile-values'>{values}</div>"
            f"<div class='kpi-tile-change'>{change}</div>{_against(row, lang)}"
            f"<div class='kpi-tile-badges'>{_badge(label('verdict.' + row['verdict'], lang), tone)} "
            f"{_target_badge(row['target_met'], lang)}</div>"
            f"{_guard_note(row, plan, results, lang)}</div>")


def _against(row, lang: str) -> str:
    """What the tile's change is measured against, when that is more than the plain
    baseline level (a trend or season carried on): otherwise the before -> after
    levels and the change would seem to disagree."""
    model = row.get("model") if hasattr(row, "get") else None
    if not isinstance(model, str) or model == "level":
        return ""
    text = label("tile.against", lang, model=label("model." + model, lang))
    return f"<div class='kpi-muted'>{escape(text)}</div>"


def _baseline_tile(kpi, data, lang: str) -> str:
    base = data[(data["kpi"] == kpi.id) & (data["period"] == "baseline")]
    return (f"<div class='kpi-tile kpi-tile-neutral'>"
            f"<div class='kpi-tile-name'>{escape(kpi.name)}</div>"
            f"<div class='kpi-tile-values'>{fmt_value(level(base, kpi), lang)} "
            f"<span class='kpi-unit'>{escape(kpi.unit)}</span></div>"
            f"<div class='kpi-tile-change kpi-muted'>{escape(label('period.baseline', lang))}"
            f"</div><div class='kpi-muted'>{escape(label('col.target', lang))}: "
            f"{escape(target_text(kpi, lang))}</div></div>")


def roi_measured(case) -> bool:
    """Whether the business case's money is driven by measured KPI changes (at least one
    benefit tied to a measured KPI); else it is an estimate from the plan's assumptions."""
    return bool(case) and any(b["source"] == "measured" for b in case["benefits"])


def _payback_text(case, lang: str) -> str:
    return fmt_payback(case["figures"]["payback_months"]["value"], lang)


def _roi_tile(case, lang: str) -> str:
    """The ROI headline: a measured ROI in the verdict's colours, an estimate from the
    plan's assumptions grey and dashed with its own label, so it never looks like a
    result."""
    if not case:
        return ""
    figures, unc = case["figures"], case.get("uncertainty")
    roi = fmt_pct(figures["roi_pct"]["value"], lang)
    detail = ""
    if unc:
        detail = (f"<div class='kpi-tile-change kpi-muted'>({escape(_interval(fmt_pct(unc['roi_pct']['ci_low'], lang), fmt_pct(unc['roi_pct']['ci_high'], lang), lang))})</div>"
                  f"<div class='kpi-muted'>{escape(label('tile.p_roi', lang, p=fmt_chance(unc['p_roi_positive'], lang)))}</div>")
    measured = roi_measured(case)
    if measured:
        tone = "good" if figures["roi_pct"]["value"] > 0 else "bad"
        kind, name = "kpi-tile-measured", "tile.roi.measured"
        partly = any(b["source"] != "measured" for b in case["benefits"])
        note = "tile.roi.mixed.note" if partly else "tile.roi.measured.note"
    else:
        tone, kind, name = "neutral", "kpi-tile-estimate", "tile.roi.estimated"
        note = "tile.roi.estimated.note"
    return (f"<div class='kpi-tile kpi-tile-{tone} kpi-tile-roi {kind}'>"
            f"<div class='kpi-tile-name'>{escape(label(name, lang, months=case['horizon_months']))}</div>"
            f"<div class='kpi-tile-values'>{roi}</div>{detail}"
            f"<div class='kpi-muted'>{escape(_payback_text(case, lang))}</div>"
            f"<div class='kpi-muted kpi-tile-source'>{escape(label(note, lang))}</div></div>")


def story(results, case, lang: str) -> str:
    """Two or three plain sentences: how many KPIs moved, and the business case."""
    parts = []
    if results is not None and len(results):
        parts.append(story_counts(results["verdict"], lang))
    if case:
        figures, unc = case["figures"], case.get("uncertainty")
        months = _payback_text(case, lang)
        if unc:
            parts.append(label("story.roi", lang, months=case["horizon_months"],
                               roi=fmt_pct(figures["roi_pct"]["value"], lang),
                               low=fmt_pct(unc["roi_pct"]["ci_low"], lang),
                               high=fmt_pct(unc["roi_pct"]["ci_high"], lang), payback=months,
                               p=fmt_chance(unc["p_roi_positive"], lang)))
        else:
            parts.append(label("story.roi_point", lang, months=case["horizon_months"],
                               roi=fmt_pct(figures["roi_pct"]["value"], lang), payback=months))
    return " ".join(parts)


def summary(results, case, data, plan, lang: str, audience: str = "all",
            placebo=None) -> None:
    """The executive summary: a short story, 3-5 KPI tiles and the ROI headline;
    ``placebo`` (``ka.placebo``) adds a warning for each KPI whose method raised
    clearly too many false alarms on the client's own baseline."""
    if not _visible("summary", audience):
        return
    if results is not None:
        tiles = [_tile(r, plan, results, lang)
                 for r in results.head(_MAX_TILES).to_dict(orient="records")]
    else:
        tiles = [_baseline_tile(k, data, lang) for k in plan.kpis[:_MAX_TILES]]
    texts = placebo_warnings(placebo, plan, lang) + _future_rows_warning(data, lang)
    warnings = "".join(f"<div class='kpi-warning'>{escape(text)}</div>" for text in texts)
    _show(f"{_h2('summary.title', lang)}{_p(story(results, case, lang), 'kpi-story')}"
          f"{warnings}<div class='kpi-tiles'>{''.join(tiles)}{_roi_tile(case, lang)}</div>")


def _future_rows_warning(data, lang: str) -> list[str]:
    """One line when rows dated after the export were left out (the data-quality table
    in the appendix lists them), so every audience learns of it, not only the technical."""
    if not isinstance(data, pd.DataFrame) or "quality" not in data.attrs:
        return []
    quality = data_quality(data)
    rows = int(quality.loc[quality["rule"] == "after the export date", "rows"].sum())
    return [label("summary.future_rows", lang, n=fmt_number(rows, lang, 0))] if rows else []


def _mdc_text(row: dict, kpi, lang: str) -> str:
    """The smallest detectable change of a placebo row: percentage points for a
    proportion, else the KPI unit with the percentage of the baseline level."""
    if is_missing(row["mdc"]) or not math.isfinite(row["mdc"]):
        return "-"
    if kpi.kind == "proportion":
        return f"{fmt_number(row['mdc'], lang, 1)} {label('unit.pp', lang)}"
    pct = ("" if is_missing(row["mdc_pct"]) or not math.isfinite(row["mdc_pct"])
           else f" ({fmt_pct(row['mdc_pct'], lang, signed=False)})")
    return f"{fmt_value(row['mdc'], lang)} {kpi.unit}{pct}"


def placebo_warnings(table, plan, lang: str) -> list[str]:
    """One sentence per KPI whose placebo flag is raised (``ka.placebo``): "on your
    own data this method raised a false alarm at X of N fake go-lives; the smallest
    change it could detect is Y"."""
    if table is None:
        return []
    return [label("placebo.warning", lang, name=plan.kpi(r["kpi"]).name,
                  x=r["false_alarms"], n=r["fake_go_lives"],
                  mdc=_mdc_text(r, plan.kpi(r["kpi"]), lang))
            for r in table.to_dict(orient="records") if r["flag"] is True]


def placebo(table, plan, lang: str, audience: str = "all") -> None:
    """Technical appendix: the client's own false-alarm rate, per KPI the fake
    go-lives tried, the false alarms, whether that is clearly above the nominal
    rate, and the smallest change the method detects (``ka.placebo``)."""
    if not _visible("appendix", audience) or table is None or table.empty:
        return
    rows = []
    for r in table.to_dict(orient="records"):
        kpi = plan.kpi(r["kpi"])
        flag = {True: _badge(label("placebo.flag", lang), "bad"),
                False: _badge(label("placebo.fine", lang), "good")}.get(
            r["flag"], _badge(label("placebo.too_few", lang, n=MIN_FAKE_GO_LIVES), "neutral"))
        rows.append([escape(kpi.name), escape(r["placebo_test"] or "-"),
                     str(r["fake_go_lives"]), str(r["false_alarms"]),
                     "-" if is_missing(r["false_alarm_rate"]) else
                     fmt_pct(100 * r["false_alarm_rate"], lang, signed=False),
                     flag, escape(_mdc_text(r, kpi, lang))])
    keys = ["kpi", "test", "fake_go_lives", "false_alarms", "false_alarm_rate",
            "placebo_flag", "mdc"]
    intro = label("placebo.intro", lang, nominal=fmt_pct(100 * plan.alpha, lang, signed=False))
    _show(f"<h3>{escape(label('placebo.title', lang))}</h3>{_p(intro)}"
          f"{_table(_headers(keys, lang, {'fake_go_lives', 'false_alarms', 'false_alarm_rate', 'mdc'}), rows)}")


# --- the five steps -------------------------------------------------------------------

def _check_list(rows: pd.DataFrame, lang: str) -> str:
    items = "".join(f"<li>{_badge(label(f'check.{r.status}', lang), _TONE[r.status])} "
                    f"{escape(r.message)}</li>" for r in rows.itertuples())
    return f"<ul class='kpi-checks'>{items}</ul>" if items else ""


def goal(plan, checks, lang: str, audience: str = "all") -> None:
    """Step 1: the goal, the business aim, the deadline and (for the plan's author:
    technical and full views) the method's checklist."""
    if not _visible("steps", audience):
        return
    g = plan.goal
    facts = [("goal.statement", escape(g.statement)),
             ("goal.business_aim", escape(label(f"aim.{g.business_aim}", lang))),
             ("goal.deadline", fmt_date(g.deadline, lang) if g.deadline else "-")]
    items = "".join(f"<dt>{escape(label(k, lang))}</dt><dd>{v}</dd>" for k, v in facts)
    listed = checks[checks["item"].str.startswith("checklist.") & checks["kpi"].isna()]
    checklist = (f"<h3>{escape(label('checks.title', lang))}</h3>{_check_list(listed, lang)}"
                 if _visible("author_notes", audience) else "")
    _show(f"{_h2('step.1', lang)}<dl class='kpi-facts'>{items}</dl>{checklist}")


def kpis(plan, checks, lang: str, audience: str = "all") -> None:
    """Step 2: the KPIs with unit, direction, owner, target, guard and (technical and
    full views) their checks (SMART, IPA, pitfalls): the messages that need
    attention, which advise the plan's author."""
    if not _visible("steps", audience):
        return
    names = {k.id: k.name for k in plan.kpis}
    rows = []
    for process in plan.processes:
        for k in process.kpis:
            mine = checks[checks["kpi"] == k.id]
            notes = (_check_list(mine[mine["status"] != "pass"], lang)
                     or _badge(label("check.pass", lang), "good"))
            definition = f"<div class='kpi-muted'>{escape(k.definition)}</div>" if k.definition else ""
            rows.append([escape(process.name), f"{escape(k.name)}{definition}", escape(k.unit),
                         escape(label(f"direction.{k.direction}", lang)), escape(k.owner or "-"),
                         escape(label(f"frequency.{k.frequency}", lang)),
                         escape(target_text(k, lang)), escape(names.get(k.guard, "-")), notes])
    keys = ["process", "kpi", "unit", "direction", "owner", "frequency", "target", "guard",
            "checks"]
    if not _visible("author_notes", audience):   # the checks advise the plan's author
        keys, rows = keys[:-1], [row[:-1] for row in rows]
    _show(f"{_h2('step.2', lang)}{_table(_headers(keys, lang), rows)}")


def baseline(data: pd.DataFrame, plan, lang: str, audience: str = "all") -> None:
    """Step 3: the baseline period and each KPI's baseline level."""
    if not _visible("steps", audience):
        return
    p = plan.periods
    intro = label("baseline.intro", lang, start=fmt_date(p.baseline.start, lang),
                  end=fmt_date(p.baseline.end, lang), go_live=fmt_date(p.go_live, lang),
                  weeks=p.stabilisation_weeks)
    rows = []
    for k in plan.kpis:
        base = data[(data["kpi"] == k.id) & (data["period"] == "baseline")]
        rows.append([escape(k.name), str(len(base)), fmt_value(level(base, k), lang),
                     escape(k.unit)])
    _show(f"{_h2('step.3', lang)}{_p(intro)}"
          f"{_table(_headers(['kpi', 'n', 'mean', 'unit'], lang, {'n', 'mean'}), rows)}")


def measurement_plan(plan, lang: str, audience: str = "all", today: date | None = None) -> None:
    """For a baseline report: when to evaluate after go-live (not in the first weeks;
    first after 4-6 weeks, then monthly) and how long to measure."""
    if not _visible("steps", audience):
        return
    go = plan.periods.go_live
    dates = [("plan.first", go + timedelta(weeks=4), go + timedelta(weeks=6)),
             ("plan.monthly", go + timedelta(weeks=10), None)]
    items = "".join(
        f"<li>{escape(label(key, lang, start=fmt_date(a, lang), end=fmt_date(b, lang) if b else ''))}</li>"
        for key, a, b in dates)
    _show(f"<h3>{escape(label('plan.title', lang))}</h3>"
          f"<p>{escape(label('plan.no_judgement', lang, date=fmt_date(go + timedelta(weeks=1), lang)))}</p>"
          f"<ul>{items}</ul>")


def how_long_table(table: pd.DataFrame, plan, lang: str, audience: str = "all") -> None:
    """How long to measure: per KPI the smallest change the planned after-period can
    detect and the weeks needed to detect the target change (``measurement_need``)."""
    if not _visible("steps", audience) or table is None or table.empty:
        return
    def weeks(value) -> str:
        if is_missing(value):
            return "-"
        return (label("story.no_payback", lang) if not math.isfinite(value)
                else fmt_number(math.ceil(value), lang, 0))

    rows = []
    for r in table.to_dict(orient="records"):
        kpi = plan.kpi(r["kpi"])
        low, high = weeks(r.get("periods_low")), weeks(r.get("periods_high"))
        rows.append([escape(kpi.name), f"{fmt_value(r['mdc'], lang)} {escape(kpi.unit)}",
                     fmt_pct(r["mdc_pct"], lang, signed=False), weeks(r["periods_needed"]),
                     "-" if low == "-" else low if low == high else _interval(low, high, lang)])
    keys = ["kpi", "mdc", "mdc_pct", "weeks", "weeks_range"]
    _show(f"<p>{escape(label('plan.how_long', lang))} "
          f"{escape(label('plan.how_long_range', lang))}</p>"
          f"{_table(_headers(keys, lang, set(keys[1:])), rows)}")


def comparison(results: pd.DataFrame, data: pd.DataFrame, plan, lang: str,
               audience: str = "all", trends: dict | None = None) -> None:
    """Step 4: per KPI a sentence, the table (before, after, change, interval,
    p-value, verdict, target) and the charts; ``trends`` (``ka.counterfactuals``) adds
    the interrupted-time-series line "had nothing changed" to the series KPIs."""
    if not _visible("steps", audience):
        return
    sentences = "".join(f"<li>{escape(kpi_sentence(r, plan.kpi(r['kpi']), lang))}"
                        f"{_did_note(r, plan, lang)}</li>"
                        for r in results.to_dict(orient="records"))
    rows = []
    for r in results.to_dict(orient="records"):
        kpi = plan.kpi(r["kpi"])
        verdict = _badge(label(f"verdict.{r['verdict']}", lang), _TONE[r["verdict"]])
        rows.append([escape(kpi.name), fmt_value(r["before"], lang), fmt_value(r["after"], lang),
                     escape(fmt_change(r, kpi, lang)[0]),
                     escape(_interval(*fmt_change(r, kpi, lang)[1:], lang)),
                     fmt_p(r["p_adj"], lang), verdict + _guard_note(r, plan, results, lang),
                     _target_badge(r["target_met"], lang)])
    keys = ["kpi", "before", "after", "change", "interval", "p", "verdict", "target_met"]
    table = _table(_headers(keys, lang, {"before", "after", "change", "interval", "p"}), rows)
    verdicts = dict(zip(results["kpi"], results["verdict"]))
    charts = _figure_html(plots.before_after(results, lang=lang)) + "".join(
        _figure_html(plots.kpi_over_time(data, k, plan.periods, lang=lang,
                                         verdict=verdicts.get(k.id),
                                         counterfactual=(trends or {}).get(k.id)))
        for k in plan.kpis)
    _show(f"{_h2('step.4', lang)}<ul class='kpi-sentences'>{sentences}</ul>{table}{charts}")


def progress(frame: pd.DataFrame, plan, lang: str, audience: str = "all") -> None:
    """Progress toward each SMART target: per KPI the latest complete review's level
    with its interval, the forecast at the deadline and whether it is on track, then
    a partial period after it (shown, not judged)."""
    from ..analysis.progress import latest
    from ..analysis.progress_words import progress_sentence, status_label
    if not _visible("progress", audience) or frame is None or frame.empty:
        return
    tone = {"on track": "good", "off track": "bad"}
    # the last complete review judges; a partial period after it is shown as such
    rows = pd.concat([latest(frame, complete=True), latest(frame)]).drop_duplicates(
        ["kpi", "period_start"])
    order = {k.id: i for i, k in enumerate(plan.kpis)}
    rows = rows.sort_values(["kpi", "period_start"], key=lambda c: c.map(order)
                            if c.name == "kpi" else c, kind="stable")
    items = "".join(
        f"<li>{_badge(status_label(r['status'], lang), tone.get(r['status'], 'neutral'))} "
        f"{escape(progress_sentence(r, plan.kpi(r['kpi']), lang))}</li>"
        for r in rows.to_dict(orient="records"))
    _show(f"{_h2('progress.title', lang)}<ul class='kpi-checks'>{items}</ul>")


def diagnosis(found: dict | None, audience: str = "all") -> None:
    """Where the chain technical -> adoption -> process -> business breaks, with each
    problem as cause, remedy, expected figure and date (``ka.diagnose``); the plan
    author's to-dos (``found["prompts"]``) only in the technical and full views."""
    if found and _visible("diagnosis", audience):
        _show(found["html"])
    if found and found.get("prompts") and _visible("author_notes", audience):
        lang = found["lang"]
        items = "".join(f"<li>{escape(p)}</li>" for p in found["prompts"])
        _show(f"<h3>{escape(label('author.title', lang))}</h3>"
              f"<p class='kpi-muted'>{escape(label('author.intro', lang))}</p>"
              f"<ul class='kpi-author-notes'>{items}</ul>")


def cadence(data, plan, rhythm: str, lang: str, results=None, case=None) -> dict | None:
    """The weekly quick win, monthly deep dive or quarterly review (``rhythm``), shown
    at the top of the report and returned for results.json; None when empty."""
    from ..analysis.cadence import cadence_output
    options = {"results": results} if rhythm == "monthly" else (
        {"results": results, "case": case} if rhythm == "weekly" else {})
    update = cadence_output(data, plan, rhythm, lang, **options)
    if update:
        _show(update["html"])
    return update


def audience_view(data, plan, audience: str, lang: str, results=None, case=None) -> dict | None:
    """What management, IT, end users or the works council hear (``FRAMED``
    audiences); None for the other audiences."""
    from ..analysis.cadence import audience_view as view
    if audience not in FRAMED:
        return None
    framed = view(data, plan, audience, lang, results=results, case=case)
    _show(framed["html"])
    return framed


def _did_note(row, plan, lang: str) -> str:
    """Against the control group (difference-in-differences), when the data have one."""
    if is_missing(row.get("did_change")):
        return ""
    kpi = plan.kpi(row["kpi"])
    text = label("sentence.did", lang, control=plan.control_group or label("col.control", lang),
                 change=fmt_value(row["did_change"], lang), unit=kpi.unit,
                 low=fmt_value(row["did_ci_low"], lang), high=fmt_value(row["did_ci_high"], lang))
    return f" {escape(text)}"


def business(case, plan, lang: str, audience: str = "all") -> None:
    """Step 5: the business case, every figure with its formula, the cash flow and
    the sensitivity of the ROI to each assumption."""
    if not _visible("business", audience) or not case:
        return
    currency = case["currency"]
    rows = []
    for key in ("investment_total", "benefit_per_month", "benefit_total", "net_benefit",
                "roi_pct", "npv", "payback_months"):
        f = case["figures"][key]
        value = f["value"]
        shown = ("-" if is_missing(value) else fmt_pct(value, lang, 1, signed=False)
                 if f["unit"] == "%" else fmt_number(value, lang, 1) if f["unit"] == "months"
                 else fmt_money(value, lang, escape(currency)))
        rows.append([escape(label(f"figure.{key}", lang)), shown,
                     f"<span class='kpi-muted'>{escape(f['formula'])}<br>{escape(f['calculation'])}</span>"])
    table = _table(_headers(["figure", "value", "formula"], lang, {"value"}), rows)
    charts = (_figure_html(plots.cash_flow(case, lang=lang))
              + _figure_html(plots.tornado(case, lang=lang)))
    _show(f"{_h2('step.5', lang)}{_p(story(None, case, lang))}{table}{charts}")


def appendix(results, checks, data: pd.DataFrame, plan, lang: str, audience: str = "all",
             data_path=None) -> None:
    """Technical appendix: tests used and why, periods and alpha, the data file and its
    hash, the kit version, and the summary of the method checks."""
    if not _visible("appendix", audience):
        return
    rows = []
    if results is not None:
        for r in results.to_dict(orient="records"):
            why = _known(f"test.{r['test']}", lang, r["test"] or "-")
            for key in ("model", "assumption"):
                if r.get(key):
                    why += f"; {label(f'{key}.{r[key]}', lang)}"
            rows.append([escape(plan.kpi(r["kpi"]).name), escape(r["test"] or "-"),
                         escape(why),
                         f"{r['n_before']} / {r['n_after']}", fmt_p(r["p_val"], lang)])
    tests = _table(_headers(["kpi", "test", "why", "n_pair", "p_raw"], lang, {"n_pair", "p_raw"}),
                   rows) if rows else ""
    source = data_path_of(data_path, plan)
    counts = data.groupby("period", observed=False).size()
    facts = [("appendix.alpha", fmt_number(plan.alpha, lang, 2)),
             ("appendix.periods", ", ".join(f"{label(f'period.{p}', lang)}: {int(n)}"
                                           for p, n in counts.items())),
             ("appendix.data_file", f"{source.name} (sha256 {file_hash(source)[:16]}...)"),
             ("appendix.kit", f"kpi-kit {__version__}"),
             ("appendix.repeated_looks", label("sequential.method", lang,
                                               alpha=fmt_number(plan.alpha, lang, 2))),
             ("appendix.checks", ", ".join(f"{label(f'check.{s}', lang)}: {int((checks['status'] == s).sum())}"
                                          for s in ("pass", "warn", "fail")))]
    source_info = data.attrs.get("source", {})
    summary_text = source_info.get("summary") and describe_source(source_info, lang)
    if summary_text:
        facts.insert(3, ("appendix.source", summary_text))
    items = "".join(f"<dt>{escape(label(k, lang))}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    quality = data_quality(data)
    rows = [[escape(_known(f"quality.{q['rule']}", lang, q["rule"])), escape(q["kpi"] or "-"),
             str(q["rows"]), escape(", ".join(map(str, q["example_rows"] or []))),
             escape(q["action"] if lang == "en" else
                    _known(f"quality.do.{q['rule']}", lang, q["action"]))]
            for q in quality.to_dict(orient="records")]
    dq = (f"<h3>{escape(label('appendix.quality', lang))}</h3>"
          f"{_table(_headers(['rule', 'kpi', 'rows', 'examples', 'action'], lang, {'rows'}), rows)}"
          if rows else "")
    _show(f"{_h2('appendix.title', lang)}{tests}<dl class='kpi-facts'>{items}</dl>{dq}")


def _known(key: str, lang: str, fallback: str) -> str:
    """The label for ``key``, or ``fallback`` when the table has none."""
    return label(key, lang) if key in LABELS else fallback


# --- results.json ---------------------------------------------------------------------

def _plain(value):
    """A JSON-ready Python value: NaN -> None, numpy/pandas scalars -> built-ins."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (pd.Timestamp, date)):
        return value.isoformat()
    return value


def _records(frame: pd.DataFrame | None) -> list | None:
    if frame is None:
        return None
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _without_html(part: dict | None) -> dict | None:
    return None if part is None else {k: v for k, v in part.items() if k != "html"}


#: the fields of results.json that hold words in the report's language (sentences,
#: labels, formulas written out); every other field is a number or a code and is the
#: same in every language
TEXT_FIELDS = frozenset({
    "label", "formula", "calculation", "assumption", "assumptions", "notes", "method",
    "text", "message", "summary", "prompt", "prompts", "sentences", "missing", "title",
    "lang"})


def numbers_only(value, text_fields=TEXT_FIELDS):
    """``value`` (results.json as Python objects) without its ``text_fields`` (default
    :data:`TEXT_FIELDS`; the business case's own are ``words.business_case.WORD_FIELDS``):
    what must be identical whatever the report's language."""
    if isinstance(value, dict):
        return {k: numbers_only(v, text_fields) for k, v in value.items()
                if k not in text_fields}
    if isinstance(value, list):
        return [numbers_only(v, text_fields) for v in value]
    return value


def results_dict(plan, data_path=None, kind: str = "impact", *, results=None, case=None,
                 checks=None, progress=None, diagnosis=None, cadence=None,
                 view=None, placebo=None) -> dict:
    """Every number the report shows, for machines (results.json). Numbers and codes
    are the same in every language; the fields named in ``text_fields`` hold the
    words of the report's language (see :func:`numbers_only`). ``placebo`` is
    ``ka.placebo``'s table (one record per KPI); with ``progress``,
    ``repeated_looks`` names the sequential method behind its verdicts."""
    from ..analysis.progress_export import progress_records
    data = data_path_of(data_path, plan)
    return {
        "kit_version": __version__, "kind": kind, "text_fields": sorted(TEXT_FIELDS),
        "client": plan.client, "project": plan.project, "language": plan.language,
        "plan_file": plan.source.name if plan.source else None,
        "plan_sha256": file_hash(plan.source) if plan.source else None,
        "data_file": data.name, "data_sha256": file_hash(data),
        "kpis": _records(None if results is None else
                         results.drop(columns=["guard_warning"], errors="ignore")),
        "business_case": case or None,
        "checks": _records(checks),
        "progress": None if progress is None else progress_records(progress),
        "diagnosis": _without_html(diagnosis),
        "cadence": _without_html(cadence),
        "audience_view": _without_html(view),
        "placebo": _records(placebo),
        "repeated_looks": None if progress is None else repeated_looks_method(plan.alpha),
    }


def save_results(path, plan, data_path=None, kind: str = "impact", **parts) -> None:
    """Write :func:`results_dict` as JSON to ``path`` (atomically), and beside it
    ``progress.csv`` (one row per KPI per review period, for dashboards) and the
    cadence output as ``cadence.html`` and ``cadence.txt``; nothing when ``path`` is
    empty."""
    if not path:
        return
    from ..analysis.progress_export import export_progress_csv
    text = json.dumps(results_dict(plan, data_path, kind, **parts), indent=2,
                      ensure_ascii=False, allow_nan=False, default=_plain)
    write_text_atomic(path, text + "\n")
    folder = Path(path).parent
    if parts.get("progress") is not None:
        export_progress_csv(parts["progress"], folder / "progress.csv")
    if parts.get("cadence"):
        write_text_atomic(folder / "cadence.html", parts["cadence"]["html"])
        write_text_atomic(folder / "cadence.txt", parts["cadence"]["text"] + "\n")
