"""Report sections: each function shows one part of a report in a notebook.

A report notebook imports this module as ``show``, gathers its inputs once in a
:class:`~kpi_analysis.present.context.Context` (``ctx = show.context(plan, data,
lang=lang, audience=audience, results=results, ...)``) and calls one function per cell
(``show.goal(ctx)``; the older positional form ``show.goal(plan, checks, lang,
audience)`` still works). Each section is displayed as a
:class:`~kpi_analysis.present.html.Shown`, which JupyterLab renders with the report's
stylesheet; ``show.numbers(ctx)`` (:mod:`kpi_analysis.present.lab`) shows the
intermediate results as tables for the analyst. The functions lay out results computed
elsewhere (never statistics of their own), take every word from
:mod:`kpi_analysis.words.text` and render them through the package's templates
(``templates/section.html.j2``, ``summary.html.j2``, ``tiles.html.j2``,
``parts.html.j2``; :mod:`kpi_analysis.present.html`), which escape every piece of
user text (a KPI named ``<script>`` shows as text). ``save_results`` is
:func:`kpi_analysis.present.results.save_results`, here for the notebooks' last cell.

Audiences follow the method's three dashboard layers: ``executive`` (summary and
money), ``operational`` (the five steps), ``technical`` (everything plus the
appendix), ``all``. A section not meant for the audience shows nothing.
"""
from __future__ import annotations

import base64
import io
import math
from datetime import date, timedelta

import pandas as pd
from markupsafe import Markup, escape

from .. import __version__

from ..present import charts as plots
from ..inputs.measurements import data_path as data_path_of
from ..inputs.measurements import data_quality, describe_source
from ..inputs.tidy import level
from ..errors import InputError
from .context import context, contextual  # noqa: F401  (the notebooks' ctx cell)
from .html import Shown, macro, render
from .lab import numbers  # noqa: F401  (the notebooks' intermediate results)
from .results import save_results  # noqa: F401  (the report notebooks' last cell)
from .since import since  # noqa: F401  (the block under the summary)
from ..files import file_hash
from ..analysis.placebo import MIN_FAKE_GO_LIVES
from ..vocab import AUDIENCES, FRAMED_AUDIENCES
from ..words.store import LABELS, label
from ..words.numbers import fmt_chance, fmt_count, fmt_date, fmt_number, fmt_p, fmt_payback, fmt_pct, fmt_value, is_missing
from ..words.sentences import fmt_change, guard_warning, kpi_sentence, story_counts, target_text
from ..words.signoff import signoff_line, signoff_sentences

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
#: audiences framed after the method's "per audience" advice (reviews.audience_view)
FRAMED = FRAMED_AUDIENCES
_TONE = {"improved": "good", "worsened": "bad", "no detectable change": "neutral",
         "cannot be assessed": "neutral",
         "pass": "good", "warn": "warn", "fail": "bad"}
_MAX_TILES = 5


def _show(html: str) -> None:
    from IPython.display import display
    display(Shown(str(html)))


def _visible(section: str, audience: str) -> bool:
    if audience not in AUDIENCES:
        raise InputError(f"audience: '{audience}' is not known; valid: {', '.join(AUDIENCES)}")
    return audience in _SECTIONS[section]


def _headers(keys: list[str], lang: str, numeric: set[str] = frozenset()) -> list:
    """Table headers: (text, numeric) pairs of the ``col.<key>`` labels."""
    return [(label(f"col.{k}", lang), k in numeric) for k in keys]


_PARTS, _TILES = "parts.html.j2", "tiles.html.j2"


def _badge(text: str, tone: str) -> Markup:
    return macro(_PARTS, "badge")(text, tone)


def _section(**parts) -> None:
    """Show one section rendered by ``section.html.j2`` (heading, paragraphs, items,
    table, facts, more, figures)."""
    _show(render("section.html.j2", **parts))


def _figure(ax) -> tuple[str, str]:
    """The Axes' figure as (alt text, base64 PNG) for an embedded image; closes it."""
    import matplotlib.pyplot as plt
    fig = ax.figure
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return getattr(fig, "kpi_alt", ""), base64.b64encode(buf.getvalue()).decode("ascii")


def _target_badge(met, lang: str) -> tuple[str, str]:
    """The target's badge as (text, tone)."""
    if not isinstance(met, bool):
        return label("target.none", lang), "neutral"
    return label("target.met" if met else "target.not_met", lang), "good" if met else "bad"


def _guard_text(row, plan, results, lang: str) -> str:
    """The guard warning, in the report's language, from the guard KPI's own row."""
    guard = row.get("guard_worsened")
    if not guard:
        return ""
    return guard_warning(results.set_index("kpi").loc[guard], plan.kpi(guard), lang)


def _interval(low: str, high: str, lang: str) -> str:
    """'low to high' from two formatted ends."""
    return label("range.between", lang, low=low, high=high)


# --- title and summary ---------------------------------------------------------------

@contextual()
def title(plan, lang: str, kind: str = "impact") -> None:
    """The report's title block: kind of report, client, project, kit version, date."""
    _show(render("title.html.j2", title=label(f"report.title.{kind}", lang),
                 subtitle=label("report.subtitle", lang, project=plan.project,
                                client=plan.client),
                 generated=label("report.generated", lang, version=__version__,
                                 date=fmt_date(date.today(), lang))))


def _tile(row, plan, results, lang: str) -> Markup:
    kpi = plan.kpi(row["kpi"])
    shown, low, high = fmt_change(row, kpi, lang)
    return macro(_TILES, "kpi_tile")({"tone": _TONE[row["verdict"]], "name": kpi.name,
            "before": fmt_value(row["before"], lang), "after": fmt_value(row["after"], lang),
            "unit": kpi.unit, "change": shown, "interval": _interval(low, high, lang),
            "against": _against(row, lang), "verdict": label("verdict." + row["verdict"], lang),
            "target": _target_badge(row["target_met"], lang),
            "guard": _guard_text(row, plan, results, lang)})


def _against(row, lang: str) -> str:
    """What the tile's change is measured against, when that is more than the plain
    baseline level (a trend or season carried on): otherwise the before -> after
    levels and the change would seem to disagree."""
    model = row.get("model") if hasattr(row, "get") else None
    if not isinstance(model, str) or model == "level":
        return ""
    return label("tile.against", lang, model=label("model." + model, lang))


def _baseline_tile(kpi, data, lang: str) -> Markup:
    base = data[(data["kpi"] == kpi.id) & (data["period"] == "baseline")]
    return macro(_TILES, "baseline_tile")({"name": kpi.name, "value": fmt_value(level(base, kpi), lang),
            "unit": kpi.unit, "period": label("period.baseline", lang),
            "target_label": label("col.target", lang), "target": target_text(kpi, lang)})


def roi_measured(case) -> bool:
    """Whether the business case's money is driven by measured KPI changes (at least one
    benefit tied to a measured KPI); else it is an estimate from the plan's assumptions."""
    return bool(case) and any(b["source"] == "measured" for b in case["benefits"])


def _payback_text(case, lang: str) -> str:
    return fmt_payback(case["figures"]["payback_months"]["value"], lang)


def _roi_tile(case, lang: str) -> Markup | str:
    """The ROI headline: a measured ROI in the verdict's colours, an estimate from the
    plan's assumptions grey and dashed with its own label, so it never looks like a
    result."""
    if not case:
        return ""
    figures, unc = case["figures"], case.get("uncertainty")
    tile = {"value": fmt_pct(figures["roi_pct"]["value"], lang), "interval": "",
            "payback": _payback_text(case, lang)}
    if unc:
        tile["interval"] = _interval(fmt_pct(unc["roi_pct"]["ci_low"], lang),
                                     fmt_pct(unc["roi_pct"]["ci_high"], lang), lang)
        tile["chance"] = label("tile.p_roi", lang, p=fmt_chance(unc["p_roi_positive"], lang))
    if roi_measured(case):
        tone = "good" if figures["roi_pct"]["value"] > 0 else "bad"
        kind, name = "kpi-tile-measured", "tile.roi.measured"
        partly = any(b["source"] != "measured" for b in case["benefits"])
        note = "tile.roi.mixed.note" if partly else "tile.roi.measured.note"
    else:
        tone, kind, name = "neutral", "kpi-tile-estimate", "tile.roi.estimated"
        note = "tile.roi.estimated.note"
    return macro(_TILES, "roi_tile")({**tile, "tone": tone, "kind": kind,
                                      "note": label(note, lang),
                                      "name": label(name, lang, months=case["horizon_months"])})


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


@contextual()
def summary(results, case, data, plan, lang: str, audience: str = "all",
            placebo=None, signed=None) -> None:
    """The executive summary: a short story, 3-5 KPI tiles and the ROI headline;
    ``placebo`` (``ka.placebo``) adds a warning for each KPI whose method raised
    clearly too many false alarms on the client's own baseline; ``signed``
    (``ka.sign_off``) one sentence on the plan against its sign-off."""
    if not _visible("summary", audience):
        return
    if results is not None:
        tiles = [_tile(r, plan, results, lang)
                 for r in results.head(_MAX_TILES).to_dict(orient="records")]
    else:
        tiles = [_baseline_tile(k, data, lang) for k in plan.kpis[:_MAX_TILES]]
    _show(render("summary.html.j2", heading=label("summary.title", lang),
                 story=story(results, case, lang),
                 warnings=placebo_warnings(placebo, plan, lang) + _future_rows_warning(data, lang),
                 tiles=tiles, roi=_roi_tile(case, lang),
                 signoff=None if signed is None else signoff_line(signed, lang)))


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


@contextual(table="placebo")
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
        test = r["placebo_test"]
        rows.append([kpi.name, _known(f"testname.{test}", lang, test or "-"),
                     str(r["fake_go_lives"]), str(r["false_alarms"]),
                     "-" if is_missing(r["false_alarm_rate"]) else
                     fmt_pct(100 * r["false_alarm_rate"], lang, signed=False),
                     flag, _mdc_text(r, kpi, lang)])
    keys = ["kpi", "test", "fake_go_lives", "false_alarms", "false_alarm_rate",
            "placebo_flag", "mdc"]
    intro = label("placebo.intro", lang, nominal=fmt_pct(100 * plan.alpha, lang, signed=False))
    numeric = {"fake_go_lives", "false_alarms", "false_alarm_rate", "mdc"}
    _section(subheading=label("placebo.title", lang), paragraphs=[intro],
             table=(_headers(keys, lang, numeric), rows))


# --- the five steps -------------------------------------------------------------------

def _check_list(rows: pd.DataFrame, lang: str) -> Markup:
    """The checks as a list of badges and messages (empty without rows)."""
    return macro(_PARTS, "checks")([(label(f"check.{r.status}", lang), _TONE[r.status],
                                     r.message) for r in rows.itertuples()])


@contextual()
def goal(plan, checks, lang: str, audience: str = "all") -> None:
    """Step 1: the goal, the business aim, the deadline and (for the plan's author:
    technical and full views) the method's checklist."""
    if not _visible("steps", audience):
        return
    g = plan.goal
    facts = [("goal.statement", g.statement),
             ("goal.business_aim", label(f"aim.{g.business_aim}", lang)),
             ("goal.deadline", fmt_date(g.deadline, lang) if g.deadline else "-")]
    listed = checks[checks["item"].str.startswith("checklist.") & checks["kpi"].isna()]
    more = ([Markup("<h3>%s</h3>") % label("checks.title", lang), _check_list(listed, lang)]
            if _visible("author_notes", audience) else [])
    _section(heading=label("step.1", lang), facts=[(label(k, lang), v) for k, v in facts],
             more=more)


@contextual()
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
            name = escape(k.name) + (Markup("<div class='kpi-muted'>%s</div>") % k.definition
                                     if k.definition else "")
            rows.append([process.name, name, k.unit, label(f"direction.{k.direction}", lang),
                         k.owner or "-", label(f"frequency.{k.frequency}", lang),
                         target_text(k, lang), names.get(k.guard, "-"), notes])
    keys = ["process", "kpi", "unit", "direction", "owner", "frequency", "target", "guard",
            "checks"]
    if not _visible("author_notes", audience):   # the checks advise the plan's author
        keys, rows = keys[:-1], [row[:-1] for row in rows]
    _section(heading=label("step.2", lang), table=(_headers(keys, lang), rows))


@contextual()
def baseline(data: pd.DataFrame, plan, lang: str, audience: str = "all") -> None:
    """Step 3: the baseline period and each KPI's baseline level."""
    if not _visible("steps", audience):
        return
    p = plan.periods
    intro = label("baseline.intro", lang, start=fmt_date(p.baseline.start, lang),
                  end=fmt_date(p.baseline.end, lang), go_live=fmt_date(p.go_live, lang),
                  weeks=fmt_count(p.stabilisation_weeks, "week", lang))
    rows = []
    for k in plan.kpis:
        base = data[(data["kpi"] == k.id) & (data["period"] == "baseline")]
        rows.append([k.name, str(len(base)), fmt_value(level(base, k), lang), k.unit])
    _section(heading=label("step.3", lang), paragraphs=[intro],
             table=(_headers(["kpi", "n", "mean", "unit"], lang, {"n", "mean"}), rows))


@contextual()
def measurement_plan(plan, lang: str, audience: str = "all", today: date | None = None) -> None:
    """For a baseline report: when to evaluate after go-live (not in the first weeks;
    first after 4-6 weeks, then monthly) and how long to measure."""
    if not _visible("steps", audience):
        return
    go = plan.periods.go_live
    dates = [("plan.first", go + timedelta(weeks=4), go + timedelta(weeks=6)),
             ("plan.monthly", go + timedelta(weeks=10), None)]
    items = [label(key, lang, start=fmt_date(a, lang), end=fmt_date(b, lang) if b else "")
             for key, a, b in dates]
    no_judgement = label("plan.no_judgement", lang, date=fmt_date(go + timedelta(weeks=1), lang))
    _section(subheading=label("plan.title", lang), paragraphs=[no_judgement], items=items)


@contextual(table="need")
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
        rows.append([kpi.name, f"{fmt_value(r['mdc'], lang)} {kpi.unit}",
                     fmt_pct(r["mdc_pct"], lang, signed=False), weeks(r["periods_needed"]),
                     "-" if low == "-" else low if low == high else _interval(low, high, lang)])
    keys = ["kpi", "mdc", "mdc_pct", "weeks", "weeks_range"]
    _section(paragraphs=[f"{label('plan.how_long', lang)} {label('plan.how_long_range', lang)}"],
             table=(_headers(keys, lang, set(keys[1:])), rows))


@contextual()
def comparison(results: pd.DataFrame, data: pd.DataFrame, plan, lang: str,
               audience: str = "all", trends: dict | None = None) -> None:
    """Step 4: per KPI a sentence, the table (before, after, change, interval,
    p-value, verdict, target) and the charts; ``trends`` (``ka.counterfactuals``) adds
    the interrupted-time-series line "had nothing changed" to the series KPIs."""
    if not _visible("steps", audience):
        return
    sentences = [kpi_sentence(r, plan.kpi(r["kpi"]), lang) + _did_note(r, plan, lang)
                 for r in results.to_dict(orient="records")]
    rows = []
    for r in results.to_dict(orient="records"):
        kpi = plan.kpi(r["kpi"])
        verdict = _badge(label(f"verdict.{r['verdict']}", lang), _TONE[r["verdict"]])
        guard = _guard_text(r, plan, results, lang)
        shown, low, high = fmt_change(r, kpi, lang)
        rows.append([kpi.name, fmt_value(r["before"], lang), fmt_value(r["after"], lang),
                     shown, _interval(low, high, lang), fmt_p(r["p_adj"], lang),
                     verdict + (macro(_PARTS, "warnings")([guard]) if guard else ""),
                     _badge(*_target_badge(r["target_met"], lang))])
    keys = ["kpi", "before", "after", "change", "interval", "p", "verdict", "target_met"]
    verdicts = dict(zip(results["kpi"], results["verdict"]))
    figures = [_figure(plots.before_after(results, lang=lang))] + [
        _figure(plots.kpi_over_time(data, k, plan.periods, lang=lang,
                                    verdict=verdicts.get(k.id),
                                    counterfactual=(trends or {}).get(k.id)))
        for k in plan.kpis]
    _section(heading=label("step.4", lang), items=sentences, list_class="kpi-sentences",
             table=(_headers(keys, lang, {"before", "after", "change", "interval", "p"}), rows),
             figures=figures)


@contextual(frame="progress")
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
    items = [(status_label(r["status"], lang), tone.get(r["status"], "neutral"),
              progress_sentence(r, plan.kpi(r["kpi"]), lang))
             for r in rows.to_dict(orient="records")]
    _section(heading=label("progress.title", lang), more=[macro(_PARTS, "checks")(items)])


@contextual(found="diagnosis")
def diagnosis(found: dict | None, audience: str = "all") -> None:
    """Where the chain technical -> adoption -> process -> business breaks, with each
    problem as cause, remedy, expected figure and date (``ka.diagnose``); the plan
    author's to-dos (``found["prompts"]``) only in the technical and full views."""
    if found and _visible("diagnosis", audience):
        _show(found["html"])
    if found and found.get("prompts") and _visible("author_notes", audience):
        lang = found["lang"]
        _section(subheading=label("author.title", lang), paragraphs=[label("author.intro", lang)],
                 p_class="kpi-muted", items=found["prompts"], list_class="kpi-author-notes")


@contextual(rhythm="cadence")
def cadence(data, plan, rhythm: str, lang: str, results=None, case=None) -> dict | None:
    """The weekly quick win, monthly deep dive or quarterly review (``rhythm``), shown
    at the top of the report and returned for results.json; None when empty."""
    from .reviews import cadence_output
    options = {"results": results} if rhythm == "monthly" else (
        {"results": results, "case": case} if rhythm == "weekly" else {})
    update = cadence_output(data, plan, rhythm, lang, **options)
    if update:
        _show(update["html"])
    return update


@contextual()
def audience_view(data, plan, audience: str, lang: str, results=None, case=None) -> dict | None:
    """What management, IT, end users or the works council hear (``FRAMED``
    audiences); None for the other audiences."""
    from .reviews import audience_view as view
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
    return f" {text}"


@contextual()
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
                 else f"{currency} {fmt_number(value, lang, 0)}")
        formula = Markup("<span class='kpi-muted'>%s<br>%s</span>") % (f["formula"],
                                                                       f["calculation"])
        rows.append([label(f"figure.{key}", lang), shown, formula])
    _section(heading=label("step.5", lang), paragraphs=[story(None, case, lang)],
             table=(_headers(["figure", "value", "formula"], lang, {"value"}), rows),
             figures=[_figure(plots.cash_flow(case, lang=lang)),
                      _figure(plots.tornado(case, lang=lang))])


@contextual()
def appendix(results, checks, data: pd.DataFrame, plan, lang: str, audience: str = "all",
             data_path=None, signed=None) -> None:
    """Technical appendix: tests used and why, periods and alpha, the data file and its
    hash, the kit version, the summary of the method checks and, with ``signed``
    (``ka.sign_off``), the plan against its sign-off: each deviation in a sentence."""
    if not _visible("appendix", audience):
        return
    rows = []
    if results is not None:
        for r in results.to_dict(orient="records"):
            why = _known(f"test.{r['test']}", lang, r["test"] or "-")
            for key in ("model", "assumption"):
                if r.get(key):
                    why += f"; {label(f'{key}.{r[key]}', lang)}"
            name = _known(f"testname.{r['test']}", lang, r["test"] or "-")
            rows.append([plan.kpi(r["kpi"]).name, name, why,
                         f"{fmt_number(r['n_before'], lang, 0)} / {fmt_number(r['n_after'], lang, 0)}", fmt_p(r["p_val"], lang)])
    tests = (_headers(["kpi", "test", "why", "n_pair", "p_raw"], lang, {"n_pair", "p_raw"}),
             rows) if rows else None
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
    quality = data_quality(data)
    rows = [[_known(f"quality.{q['rule']}", lang, q["rule"]), q["kpi"] or "-",
             fmt_number(q["rows"], lang, 0), ", ".join(map(str, q["example_rows"] or [])),
             _quality_action(q["rule"], q["action"], lang)]
            for q in quality.to_dict(orient="records")]
    dq = [render("section.html.j2", subheading=label("appendix.quality", lang),
                 table=(_headers(["rule", "kpi", "rows", "examples", "action"], lang,
                                 {"rows"}), rows))] if rows else []
    if signed is not None:
        dq.append(render("section.html.j2", subheading=label("signoff.title", lang),
                         items=signoff_sentences(signed, {k.id: k.name for k in plan.kpis},
                                                 lang), list_class="kpi-signoff"))
    _section(heading=label("appendix.title", lang), table=tests,
             facts=[(label(k, lang), v) for k, v in facts], more=dq)


def _quality_action(rule: str, action: str, lang: str) -> str:
    """What was done about a data-quality finding, in ``lang``: the label of its rule;
    a label with ``{names}`` (the columns ignored) takes them from the English action."""
    key = f"quality.do.{rule}"
    if lang == "en" or key not in LABELS:
        return action
    english = label(key, "en")  # as written: no fields given
    if "{names}" not in english:
        return label(key, lang)
    prefix = english.split("{names}")[0]
    return label(key, lang, names=action.removeprefix(prefix))


def _known(key: str, lang: str, fallback: str) -> str:
    """The label for ``key``, or ``fallback`` when the table has none."""
    return label(key, lang) if key in LABELS else fallback
