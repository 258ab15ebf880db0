"""Keep measuring: the outputs per review rhythm and per audience, and the diagnosis.

The method shares results in a rhythm (weekly quick wins, a monthly deep dive, a
quarterly executive review) and tells each audience what it cares about. Every
function here works from the same plan and measurements, computes nothing the
statistics engine does not (levels from :func:`kpi_analysis.inputs.tidy.level`, changes from
:func:`kpi_analysis.compare_kpis`, money from :func:`kpi_analysis.business_case`,
progress from :func:`kpi_analysis.analysis.progress.progress`) and never invents a number: a
highlight or an audience sentence the plan or the data cannot back is left out and
named in ``missing``.

==========================  ============================================================
function                    returns (a JSON-ready dict with ``text`` and ``html``)
==========================  ============================================================
:func:`weekly_quick_win`    3-4 highlights of the latest week, ready for an e-mail
:func:`monthly_deep_dive`   trends, problems, next steps of the latest month
:func:`quarterly_review`    ROI development, target status, budget questions
:func:`audience_view`       management, it, users, works_council: their KPIs and words
:func:`diagnose`            where the chain technical > adoption > process > business
                            breaks, and each problem as cause, remedy, figure, date
:func:`cadence_output`      one of the three rhythms by name (for ``--cadence``)
==========================  ============================================================

``html`` is a self-contained fragment: inline styles only, no scripts, images or
external addresses, every piece of user text escaped. ``text`` is the same content as
plain text (e-mail). Words come in English and Dutch (``lang``, default the plan's);
numbers and dates are formatted per language by :mod:`kpi_analysis.words.numbers`.
"""
from __future__ import annotations

import math
import re
from html import escape
from typing import Any

import pandas as pd

from ..analysis.compare import compare_kpis
from ..errors import InputError, PlanError
from ..method.catalogue import match_catalogue
from ..method.thresholds import KIND_CATEGORY
from ..analysis.progress import kpi_trend, latest, progress
from ..analysis.progress_export import progress_records
from ..analysis.progress_words import chance, progress_sentence, status_label
from ..analysis.reviews import kpi_level, phases as _phases, review_periods, rows_up_to as _cut
from ..words.business_case import business_case
from ..stats.sequential import look_plan
from ..words.numbers import (fmt_change_value, fmt_date, fmt_money, fmt_number, fmt_payback,
                             fmt_pct, fmt_value)
from ..words.sentences import fmt_change, guard_warning, kpi_sentence, story_counts
from ..words.store import label
from ..words.store import language as report_language
from .. import vocab
from ..vocab import CADENCES, FRAMED_AUDIENCES

__all__ = ["weekly_quick_win", "monthly_deep_dive", "quarterly_review", "audience_view",
           "diagnose", "cadence_output", "AUDIENCES", "CHAIN", "RHYTHMS"]

#: the audiences of the method and what they hear
AUDIENCES = FRAMED_AUDIENCES
#: the four levels of success in the order one depends on the other
CHAIN = ("technical", "adoption", "process", "business")
#: the cadence outputs by name
RHYTHMS = CADENCES
#: months to weeks: a week is 12/52 of a month
WEEKS_PER_MONTH = 52 / 12
#: words that mark a cost item as training (en, nl), compared in lower case
_TRAINING = re.compile(r"train|training|workshop|course|coach|opleid|cursus|scholing|instructie",
                       re.IGNORECASE)
#: KPI health, worst first
HEALTH = ("worsened", "short", "open", "improved", "on track", "met")
#: healths of a level that hold: what a later level's advice may build on
_HOLDS = ("improved", "on track", "met")
#: healths below target that the diagnosis lists as problems (an improved KPI is one
#: while its target is not reached, without being called short)
_BELOW = ("short", "worsened", "improved")

#: every word this module shows, (en, nl); the lead merges them into text.LABELS

#: tones for the HTML: green = good, red = needs attention, grey = not judged
_TONES = {"good": "#1a7f37", "bad": "#b42318", "neutral": "#57606a"}
_HEALTH_TONE = {"met": "good", "on track": "good", "improved": "good", "open": "neutral",
                "short": "bad",
                "worsened": "bad", "missing": "neutral"}
_STATUS_TONE = {"on track": "good", "off track": "bad"}


def _status_cell(row: dict, lang: str) -> tuple[str, str | None]:
    """The status in words and its tone; a passed deadline says whether it was met."""
    text = status_label(row["status"], lang)
    if row["status"] == "deadline passed" and row["target_met"] is not None:
        met = bool(row["target_met"])
        return (f"{text}: {label('target.met' if met else 'target.not_met', lang)}",
                "good" if met else "bad")
    return text, _STATUS_TONE.get(row["status"])


def _t(key: str, lang: str, **fields) -> str:
    """The text for ``key`` in ``lang``, from text.LABELS."""
    return label(key, lang, **fields)


def _lang(plan, lang: str | None) -> str:
    return report_language(plan, lang)


def _finite(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and \
        math.isfinite(float(x))


def _money(x, currency: str, lang: str) -> str:
    return fmt_money(x, lang, currency)


def _iso(d) -> str | None:
    return None if d is None or pd.isna(d) else pd.Timestamp(d).date().isoformat()


def _plain(value):
    """JSON-ready scalars: numpy -> built-ins, NaN -> None."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


# --- rendering -----------------------------------------------------------------------

def _block(key: str, title: str, paragraphs=(), items=(), table=None) -> dict:
    """One content block: a title, paragraphs, bullet items, an optional table
    ``{"columns": [...], "rows": [[...]], "tones": [...]}`` (cells are plain text)."""
    return {"key": key, "title": title, "paragraphs": list(paragraphs), "items": list(items),
            "table": table}


def _render(title: str, intro: str, blocks: list[dict]) -> tuple[str, str]:
    """(plain text, self-contained HTML fragment) of titled blocks; all text escaped."""
    lines = [title, "=" * len(title)] + ([intro] if intro else [])
    font = "font-family:Arial,Helvetica,sans-serif;color:#1f2328;line-height:1.45"
    html = [f'<div style="{font};max-width:760px">',
            f'<h2 style="font-size:20px;margin:0 0 8px 0">{escape(title)}</h2>']
    if intro:
        html.append(f'<p style="margin:0 0 12px 0">{escape(intro)}</p>')
    for b in blocks:
        if b["title"]:
            lines += ["", b["title"], "-" * len(b["title"])]
            html.append(f'<h3 style="font-size:16px;margin:16px 0 6px 0">{escape(b["title"])}'
                        f'</h3>')
        for p in b["paragraphs"]:
            lines.append(p)
            html.append(f'<p style="margin:0 0 8px 0">{escape(p)}</p>')
        if b["items"]:
            lines += [f"- {item}" for item in b["items"]]
            html.append('<ul style="margin:0 0 8px 0;padding-left:20px">' + "".join(
                f'<li style="margin:0 0 4px 0">{escape(item)}</li>' for item in b["items"])
                + "</ul>")
        table = b["table"]
        if table and table["rows"]:
            lines.append(" | ".join(table["columns"]))
            lines += [" | ".join(map(str, row)) for row in table["rows"]]
            cell = "padding:4px 8px;border-bottom:1px solid #d0d7de;text-align:left"
            head = "".join(f'<th style="{cell};background:#f6f8fa">{escape(c)}</th>'
                           for c in table["columns"])
            body = []
            tones = table.get("tones") or [None] * len(table["rows"])
            for row, tone in zip(table["rows"], tones):
                tds = [f'<td style="{cell}">{escape(str(c))}</td>' for c in row[:-1]]
                colour = f";color:{_TONES[tone]};font-weight:bold" if tone else ""
                tds.append(f'<td style="{cell}{colour}">{escape(str(row[-1]))}</td>')
                body.append("<tr>" + "".join(tds) + "</tr>")
            html.append('<table style="border-collapse:collapse;margin:0 0 8px 0;'
                        f'font-size:14px"><thead><tr>{head}</tr></thead>'
                        f'<tbody>{"".join(body)}</tbody></table>')
    html.append("</div>")
    return "\n".join(lines) + "\n", "".join(html)


# --- shared computations -----------------------------------------------------------------

class _Review:
    """What every output needs, computed once: comparisons, business case, progress."""

    def __init__(self, data, plan, lang, *, as_of=None, results=None, case=None,
                 frame=None):
        if not isinstance(data, pd.DataFrame):
            raise InputError(f"data must be the DataFrame of ka.load_measurements; got "
                             f"{type(data).__name__}")
        self.plan, self.lang, self.as_of = plan, _lang(plan, lang), as_of
        if "date" not in data.columns:
            raise InputError(f"data lacks the column 'date'; pass the frame of "
                             f"ka.load_measurements (date, kpi, value, n, period)")
        self.data = _cut(data.assign(date=pd.to_datetime(data["date"])), as_of)
        self._results, self._case, self._frame = results, case, frame
        self._case_done = case is not None
        self.case_error: str | None = None

    @property
    def results(self) -> pd.DataFrame:
        if self._results is None:  # a review: judged at the spent alpha of its look
            when = self.as_of if self.as_of is not None else self.data["date"].max()
            self._results = compare_kpis(self.data, look_plan(self.plan, when))
        return self._results

    @property
    def case(self):
        """The business case with the measured effects, or None without costs."""
        if not self._case_done:
            self._case_done = True
            if self.plan.costs is not None:
                try:
                    self._case = business_case(self.plan, self.results, lang=self.lang)
                except PlanError as error:  # the report shows it; the outputs go on
                    self.case_error = str(error)
        return self._case

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = progress(self.data, self.plan, cadence="monthly")
        return self._frame

    def row(self, kpi_id: str) -> dict | None:
        rows = self.results[self.results["kpi"] == kpi_id]
        return None if rows.empty else rows.iloc[0].to_dict()

    def current(self) -> dict[str, dict]:
        """The latest complete progress row per KPI (a partial period is not judged)."""
        return {r["kpi"]: r for r in latest(self.frame, complete=True).to_dict(orient="records")}


def _vs_baseline(row: dict, kpi, lang: str) -> str:
    """A progress row's level against the baseline in the tiles' unit: percentage
    points for a proportion, percent of the baseline otherwise."""
    if vocab.CHANGE_UNIT[kpi.kind] == "pp":
        return fmt_change_value(row["level"] - row["baseline"], "pp", lang)
    return fmt_change_value(row["change_pct"], "percent", lang)


def _category(kpi) -> str | None:
    entry = match_catalogue(kpi)
    return kpi.category or (entry.category if entry else KIND_CATEGORY.get(kpi.kind))


def _time_benefits(plan, case) -> list[tuple[Any, dict]]:
    """(plan benefit, business-case benefit) pairs of the time_saved benefits."""
    if case is None:
        return []
    return [(b, c) for b, c in zip(plan.costs.benefits, case["benefits"])
            if b.type == "time_saved"]


def _hours_per_month(benefit, computed: dict) -> float:
    """Hours a month of a time_saved benefit: its money / the hourly rate."""
    return computed["per_month"] / benefit.hourly_rate


def _hours(plan, case) -> tuple[float, float]:
    """Hours saved a month by all time_saved benefits, and by the measured ones."""
    pairs = _time_benefits(plan, case)
    total = sum(_hours_per_month(b, c) for b, c in pairs)
    measured = sum(_hours_per_month(b, c) for b, c in pairs if c["source"] == "measured")
    return total, measured


def _source(case) -> str:
    """'measured', 'plan' or 'mixed': where the case's benefits come from."""
    sources = {b["source"] for b in case["benefits"]}
    return "measured" if sources == {"measured"} else "plan" if "measured" not in sources \
        else "mixed"


def _target_text(kpi, row: dict, lang: str) -> str:
    return f"{fmt_value(row['target'], lang)} {kpi.unit}"


def _select_period(frame_dates: pd.Series, when, cadence: str, name: str):
    """The review period (a pandas Period) holding ``when``, else the latest one with
    data after go-live."""
    if when is not None:
        try:
            stamp = pd.Timestamp(when)
        except (TypeError, ValueError):
            raise InputError(f"{name} must be a date (YYYY-MM-DD) in the period; got "
                             f"{when!r}") from None
        if pd.isna(stamp):
            raise InputError(f"{name} must be a date (YYYY-MM-DD); got {when!r}")
        return review_periods(pd.Series([stamp]), cadence).iat[0]
    if frame_dates.empty:
        raise InputError("data has no measurements after go-live yet; there is nothing to "
                         "review")
    return review_periods(pd.Series([frame_dates.max()]), cadence).iat[0]


def _after_dates(data, plan) -> pd.Series:
    rows = _phases(data, plan)
    return rows.loc[rows["phase"] == "after", "date"]


# --- weekly quick win --------------------------------------------------------------------

def weekly_quick_win(data: pd.DataFrame, plan, lang: str | None = None, *, week: Any = None,
                     results: pd.DataFrame | None = None, case=None) -> dict:
    """Three or four highlights of one week, ready to paste into an e-mail.

    Parameters
    ----------
    data : DataFrame
        Tidy measurements from :func:`kpi_analysis.load_measurements`.
    plan : Plan
    lang : {'en', 'nl'}, optional
        Default the plan's language.
    week : date, optional
        Any day of the ISO week (Monday to Sunday) to report; default the latest week
        with data after stabilisation. Data after that week are not used.
    results, case : optional
        ``compare_kpis(data, plan)`` and ``business_case(plan, results)`` when already
        computed (for the same data); computed otherwise.

    Returns
    -------
    dict
        ``cadence`` ('weekly'), ``lang``, ``title``, ``period_start``,
        ``period_end`` (ISO dates of the week), ``highlights`` (list of ``{"key",
        "kpi", "text", "values"}``; ``values`` holds the numbers behind the text at
        full precision), ``missing`` (what could not be said and why), ``blocks``,
        ``text`` and ``html``.

    Notes
    -----
    Highlights, in this order, each only where the numbers exist (at most four):

    * ``saved``: hours and money saved a week from the *measured* benefits of the
      business case (:func:`kpi_analysis.business_case` with the compare_kpis
      effects): money per month x 12/52, hours = money / the benefit's hourly rate;
      plan assumptions are never reported as a win;
    * ``improved``: the KPI that improved most since the baseline (compare_kpis
      ``before``, ``after``, ``change_pct``; verdict 'improved' only);
    * ``target``: the KPI with a target that is on track or met this week (weekly
      :func:`~kpi_analysis.analysis.progress.progress`);
    * ``this_week``: the week's level and volume of the busiest KPI
      (:func:`kpi_analysis.analysis.reviews.kpi_level` over the week's rows; the count is the
      sum of ``n``, or the number of measured items).
    """
    lang = _lang(plan, lang)
    period = _select_period(_after_dates(data, plan), week, "weekly", "week")
    start, end = period.start_time.normalize(), period.end_time.normalize()
    review = _Review(data, plan, lang, as_of=end, results=results, case=case)
    weekly = progress(review.data, plan, cadence="weekly")
    this_week = weekly[weekly["period_start"] == start].set_index("kpi", drop=False)
    if this_week.empty:
        raise InputError(f"week: no measurements between {start.date()} and {end.date()}")
    since = fmt_date(plan.periods.after_start, lang)
    highlights, missing, used = [], [], set()

    measured = [(b, c) for b, c in zip(plan.costs.benefits, review.case["benefits"])
                if c["source"] == "measured"] if review.case is not None else []
    money = sum(c["per_month"] for _, c in measured) / WEEKS_PER_MONTH
    if measured and money > 0:
        currency = review.case["currency"]
        timed = [(b, c) for b, c in measured if b.type == "time_saved"]
        hours = sum(_hours_per_month(b, c) for b, c in timed) / WEEKS_PER_MONTH
        timed = timed if hours > 0 else []
        names = ", ".join(b.name for b, _ in measured)
        key = "weekly.saved" if timed else "weekly.saved_money"
        highlights.append({"key": "saved", "kpi": None, "text": _t(
            key, lang, hours=fmt_number(hours, lang, 1), money=_money(money, currency, lang),
            since=since, benefits=names),
            "values": {"hours_per_week": hours if timed else None, "money_per_week": money,
                       "currency": currency}})
    elif measured:
        missing.append(_t("weekly.no_saving", lang))
    else:
        missing.append(review.case_error or _t("weekly.no_money", lang))

    improved = review.results[review.results["verdict"] == "improved"]
    if not improved.empty:
        best = improved.loc[improved["change_pct"].abs().fillna(-1).idxmax()]
        kpi = plan.kpi(best["kpi"])
        used.add(kpi.id)
        highlights.append({"key": "improved", "kpi": kpi.id, "text": _t(
            "weekly.improved", lang, name=kpi.name, before=fmt_value(best["before"], lang),
            after=fmt_value(best["after"], lang), unit=kpi.unit,
            change=fmt_change(best, kpi, lang)[0]),
            "values": {"before": best["before"], "after": best["after"],
                       "change_pct": best["change_pct"]}})

    met_now = this_week["target_met"] == True  # noqa: E712  (object column)
    candidates = this_week[(this_week["status"] == "on track") | met_now].assign(
        _order=(met_now.astype(int)))  # on its way first, then already met
    candidates = candidates[~candidates["kpi"].isin(used)]
    if not candidates.empty:
        r = candidates.sort_values(["_order", "p_meet_target"], ascending=[True, False],
                                   na_position="last").iloc[0]
        kpi = plan.kpi(r["kpi"])
        used.add(kpi.id)
        if r["target_met"] is not True:
            text = _t("weekly.target", lang, name=kpi.name, level=fmt_value(r["level"], lang),
                      unit=kpi.unit, target=_target_text(kpi, r, lang),
                      deadline=fmt_date(r["deadline"], lang),
                      status=status_label("on track", lang),
                      p=chance(r["p_meet_target"], lang))
        else:
            text = _t("weekly.met", lang, name=kpi.name, level=fmt_value(r["level"], lang),
                      unit=kpi.unit, target=_target_text(kpi, r, lang))
        highlights.append({"key": "target", "kpi": kpi.id, "text": text, "values": {
            "level": r["level"], "target": r["target"], "p_meet_target": _plain(
                r["p_meet_target"]), "deadline": _iso(r["deadline"])}})

    rows = _phases(review.data, plan)
    rows = rows[(rows["date"] >= start) & (rows["date"] <= end)]
    volume = rows.groupby("kpi").agg(trials=("n", "sum"), items=("value", "size"),
                                     dates=("date", "nunique"))
    volume["count"] = volume["trials"].where(volume["trials"] > 0,
                                             volume["items"].where(volume["items"]
                                                                   > volume["dates"], 0))
    volume = volume[(volume["count"] > 0) & ~volume.index.isin(used)]
    if not volume.empty:
        kpi = plan.kpi(volume["count"].idxmax())
        count = float(volume.at[kpi.id, "count"])
        level = kpi_level(rows[rows["kpi"] == kpi.id], kpi)
        key = "weekly.this_week" if volume.at[kpi.id, "trials"] > 0 else "weekly.this_week_items"
        highlights.append({"key": "this_week", "kpi": kpi.id, "text": _t(
            key, lang, name=kpi.name, level=fmt_value(level, lang), unit=kpi.unit,
            n=fmt_number(count, lang, 0)), "values": {"level": level, "count": count}})

    highlights = highlights[:4]
    for h in highlights:
        h["values"] = {k: _plain(v) for k, v in h["values"].items()}
    title = _t("weekly.title", lang, start=fmt_date(start, lang))
    intro = _t("weekly.intro", lang, project=plan.project, start=fmt_date(start, lang),
               end=fmt_date(end, lang))
    notes = [_t("weekly.few", lang, n=len(highlights))] if len(highlights) < 3 else []
    blocks = [_block("highlights", "", paragraphs=notes, items=[h["text"] for h in highlights])]
    text, html = _render(title, intro, blocks)
    return {"cadence": "weekly", "lang": lang, "title": title, "period_start": _iso(start),
            "period_end": _iso(end), "highlights": highlights, "missing": missing,
            "blocks": blocks, "text": text, "html": html}


# --- diagnosis ---------------------------------------------------------------------------

def _health(kpi, compared: dict | None, now: dict | None) -> str:
    """met, on track, improved (better, target not reached), open (not judged yet),
    short or worsened. A KPI that compare_kpis calls improved is never short: at
    worst 'improved'; one whose whole after-period meets the target is 'met'."""
    health = _progress_health(kpi, compared, now)
    if compared is not None and compared["verdict"] == "improved":
        if compared.get("target_met") is True:
            return "met"
        if health == "short":
            return "improved"
    return health


def _progress_health(kpi, compared: dict | None, now: dict | None) -> str:
    if compared is not None and compared["verdict"] == "worsened":
        return "worsened"
    if kpi.target is None or now is None or not _finite(now.get("target")):
        if compared is None or compared["verdict"] == "cannot be assessed":
            return "open"
        return "met" if compared["verdict"] == "improved" else "short"
    if now["target_met"] is True:
        return "met"
    status = now["status"]
    if status == "on track":
        return "on track"
    if status in ("off track", "deadline passed"):
        return "short"
    return "open"


def _where(plan, kpi_id: str) -> tuple[int, int]:
    for p, process in enumerate(plan.processes):
        for k, kpi in enumerate(process.kpis):
            if kpi.id == kpi_id:
                return p, k
    raise KeyError(kpi_id)


def _problem(review: _Review, kpi, health: str, now: dict | None, lang: str) -> dict:
    """One problem written as cause, remedy, expected figure, date, or the prompt for
    the fields the plan leaves empty."""
    pr = kpi.problem
    fields = {"cause": pr.cause if pr else None, "remedy": pr.remedy if pr else None,
              "expected": pr.expected if pr else None, "by": pr.by if pr else None}
    empty = [f for f, v in fields.items() if v is None or (isinstance(v, str) and not v)]
    health_text = _t(f"health.{health}", lang)
    level = now["level"] if now else math.nan
    target = now["target"] if now else math.nan
    out = {"kpi": kpi.id, "success_level": kpi.level, "health": health,
           "current": _plain(level),
           "target": _plain(target), **{f: (v.isoformat() if hasattr(v, "isoformat") else v)
                                        for f, v in fields.items()},
           "missing_fields": empty, "forecast_at_by": None}
    if empty:
        # the client reads that nothing is agreed yet; the plan's author gets the fields
        p, k = _where(review.plan, kpi.id)
        out["text"] = _t("problem.open", lang, name=kpi.name, health=health_text)
        out["prompt"] = _t("problem.prompt", lang, name=kpi.name, health=health_text,
                           fields=", ".join(empty), p=p, k=k)
        return out
    text = _t("problem.text", lang, name=kpi.name, level=fmt_value(level, lang), unit=kpi.unit,
              target=(f"{fmt_value(target, lang)} {kpi.unit}" if _finite(target)
                      else _t("na", lang)), health=health_text, cause=pr.cause.rstrip("."),
              remedy=pr.remedy.rstrip("."), expected=fmt_value(pr.expected, lang),
              by=fmt_date(pr.by, lang))
    trend = kpi_trend(review.data, review.plan, kpi.id)
    if trend is not None and now is not None and \
            pd.Timestamp(pr.by) > pd.Timestamp(now["period_end"]):
        forecast = trend.forecast(pr.by)[0]
        out["forecast_at_by"] = forecast
        text += " " + _t("problem.forecast", lang, forecast=fmt_value(forecast, lang),
                         unit=kpi.unit, by=fmt_date(pr.by, lang))
    out["text"] = text
    return out


def _diagnosis(review: _Review) -> dict:
    plan, lang = review.plan, review.lang
    current = review.current()
    kpis, problems = [], []
    for kpi in plan.kpis:
        now = current.get(kpi.id)
        compared = review.row(kpi.id)
        health = _health(kpi, compared, now)
        kpis.append({"kpi": kpi.id, "name": kpi.name, "success_level": kpi.level,
                     "health": health})
        flagged = kpi.problem is not None and health in ("on track", "open")
        if health in _BELOW or flagged:
            problems.append(_problem(review, kpi, health, now, lang))
        guard = None if compared is None else compared.get("guard_worsened")
        if guard:
            warning = guard_warning(review.row(guard), plan.kpi(guard), lang)
            problems.append({"kpi": kpi.id, "success_level": kpi.level, "health": "guard",
                             "text": _t("problem.guard", lang, name=kpi.name,
                                        warning=warning),
                             "missing_fields": []})
    levels = []
    for name in CHAIN:
        members = [k for k in kpis if k["success_level"] == name]
        worst = min((HEALTH.index(k["health"]) for k in members), default=None)
        health = "missing" if worst is None else HEALTH[worst]
        each = "; ".join(_t("diag.kpi_health", lang, name=k["name"],
                            health=_t(f"health.{k['health']}", lang)) for k in members)
        levels.append({"level": name, "health": health,
                       "kpis": [k["kpi"] for k in members],
                       "text": _t("diag.level_line", lang, level=_t(f"level.{name}", lang),
                                  health=_t(f"health.{health}", lang), kpis=each or "-")})
    # the chain breaks at the first level that falls short, or at a level before it
    # that is still below its target (on track): that one holds the later ones back
    bad = next((i for i, lv in enumerate(levels) if lv["health"] in _BELOW), None)
    summary, break_at = [], None
    if bad is not None:
        at = next(i for i, lv in enumerate(levels) if lv["health"] in _BELOW + ("on track",))
        break_at = levels[at]["level"]
        # the advice says the level before holds ("people use it") only when its KPIs do
        before_holds = at == 0 or levels[at - 1]["health"] in _HOLDS
        advice = f"advice.{break_at}" + ("" if before_holds else ".plain")
        summary.append(_t("diag.break", lang, level=_t(f"level.{break_at}", lang),
                          advice=_t(advice, lang)))
        held = [_t(f"level.{lv['level']}", lang) for lv in levels[:at] if lv["health"] == "met"]
        if held:
            summary.append(_t("diag.upstream", lang, levels=", ".join(held)))
    else:
        building = [_t(f"level.{lv['level']}", lang) for lv in levels
                    if lv["health"] == "on track"]
        pending = [_t(f"level.{lv['level']}", lang) for lv in levels if lv["health"] == "open"]
        if building:
            summary.append(_t("diag.building", lang, levels=", ".join(building)))
        if pending:
            summary.append(_t("diag.unknown", lang, levels=", ".join(pending)))
        if not building and not pending:
            summary.append(_t("diag.whole", lang))
    absent = [_t(f"level.{lv['level']}", lang) for lv in levels if lv["health"] == "missing"]
    if absent:
        summary.append(_t("diag.no_level", lang, levels=", ".join(absent)))
    return {"kpis": kpis, "levels": levels, "break_at": break_at, "summary": summary,
            "problems": problems,
            "prompts": [p["prompt"] for p in problems if p.get("missing_fields")]}


def diagnose(data: pd.DataFrame, plan, lang: str | None = None, *,
             results: pd.DataFrame | None = None, frame: pd.DataFrame | None = None) -> dict:
    """Where the chain of success breaks, and each problem as the method writes it.

    Parameters
    ----------
    data : DataFrame
        Tidy measurements from :func:`kpi_analysis.load_measurements`.
    plan : Plan
        KPIs with their ``level`` (technical, process, business, adoption) and,
        where a KPI disappoints, ``problem: {cause, remedy, expected, by}``.
    lang : {'en', 'nl'}, optional
    results, frame : DataFrame, optional
        ``compare_kpis(data, plan)`` and ``progress(data, plan)`` when computed.

    Returns
    -------
    dict
        * ``kpis``: per KPI ``kpi``, ``name``, ``success_level`` and ``health``:
          'met' (target met in the latest monthly review; without a target:
          improved), 'on track' (below target, forecast to make it), 'open' (not
          judged yet), 'short' (off track, deadline passed unmet, or without a
          target no detectable change) or 'worsened' (compare_kpis verdict);
        * ``levels``: per level in chain order technical > adoption > process >
          business: ``level``, ``health`` (its worst KPI's; 'missing' without a
          KPI), ``kpis`` and a sentence ``text``;
        * ``break_at``: where the chain breaks, None when nothing falls short: the
          first level that falls short, or an earlier level that is still below
          its target (it holds the later ones back); the summary gives the method's
          advice for it (technical: fix the technology; adoption: training,
          instructions, key users; process: look end to end; business: check the
          business case's volumes and assumptions, or give a lagging KPI time);
        * ``summary``: sentences;
        * ``problems``: per KPI that falls short, worsened, or carries a
          ``problem`` in the plan: ``kpi``, ``success_level``, ``health``,
          ``current``, ``target``, ``cause``, ``remedy``, ``expected``, ``by``,
          ``forecast_at_by`` (the trend's level on that date, to set beside the
          expected figure), ``missing_fields`` and ``text``: the problem in the
          method's words, or, while the plan leaves fields empty, that no remedy
          is agreed yet; then ``prompt`` names the plan fields to fill in
          (``processes[i].kpis[j].problem``) for the plan's author; a guard
          warning is a problem too (``health`` 'guard');
        * ``prompts``: the author's to-dos alone (never in ``text``/``html``,
          which a client reads; the report shows them in the technical view);
          ``lang``, ``text``, ``html``.
    """
    review = _Review(data, plan, lang, results=results, frame=frame)
    out = _diagnosis(review)
    lang = review.lang
    blocks = [_block("chain", "", paragraphs=out["summary"],
                     items=[lv["text"] for lv in out["levels"]]),
              _block("problems", _t("diag.problems", lang),
                     items=[p["text"] for p in out["problems"]])]
    out["text"], out["html"] = _render(_t("diag.title", lang), "", blocks)
    out["lang"] = lang
    return out


# --- monthly deep dive -------------------------------------------------------------------

def monthly_deep_dive(data: pd.DataFrame, plan, lang: str | None = None, *, month: Any = None,
                      results: pd.DataFrame | None = None) -> dict:
    """The monthly deep dive: trends, problems and next steps (2-3 pages).

    Parameters
    ----------
    data : DataFrame
        Tidy measurements from :func:`kpi_analysis.load_measurements`.
    plan : Plan
    lang : {'en', 'nl'}, optional
    month : date, optional
        Any day of the calendar month to review; default the latest month with data
        after stabilisation. Data after that month are not used.
    results : DataFrame, optional
        ``compare_kpis`` of the same data up to the month's end.

    Returns
    -------
    dict
        ``cadence`` ('monthly'), ``lang``, ``title``, ``period_start``,
        ``period_end``, ``blocks`` (``summary``, ``trends``, ``problems``,
        ``next_steps``; each ``{"key", "title", "paragraphs", "items", "table"}``),
        ``progress`` (the month's progress rows as records), ``diagnosis`` (as
        :func:`diagnose` without text/html), ``text`` and ``html``.
    """
    lang = _lang(plan, lang)
    period = _select_period(_after_dates(data, plan), month, "monthly", "month")
    start, end = period.start_time.normalize(), period.end_time.normalize()
    review = _Review(data, plan, lang, as_of=end, results=results)
    frame = review.frame
    now = latest(frame)
    now = now[now["period_start"] == start]
    if now.empty:
        raise InputError(f"month: no measurements between {start.date()} and {end.date()}")
    diagnosis = _diagnosis(review)
    results = review.results.set_index("kpi")

    targeted = now[now["target"].notna()]
    met = targeted["target_met"] == True  # noqa: E712  (object column: True/False/None)
    on = ~met & (targeted["status"] == "on track")
    off = ~met & targeted["status"].isin(["off track", "deadline passed"])
    summary = [story_counts(results["verdict"], lang),
               _t("monthly.status_count", lang, judged=len(targeted), met=int(met.sum()),
                  on=int(on.sum()), off=int(off.sum()),
                  open=int(len(targeted) - met.sum() - on.sum() - off.sum()))] \
        + diagnosis["summary"]

    rows, tones, sentences = [], [], []
    for r in now.to_dict(orient="records"):
        kpi = plan.kpi(r["kpi"])
        history = frame[frame["kpi"] == kpi.id]
        previous = history[history["period_start"] < start].tail(1)
        months = " / ".join(fmt_value(v, lang) for v in history["level"])
        forecast = (f"{fmt_value(r['forecast_at_deadline'], lang)} "
                    f"({fmt_value(r['forecast_low'], lang)} - "
                    f"{fmt_value(r['forecast_high'], lang)})"
                    if _finite(r["forecast_at_deadline"]) else "-")
        target = (f"{fmt_value(r['target'], lang)} ({fmt_date(r['deadline'], lang)})"
                  if _finite(r["target"]) else "-")
        rows.append([kpi.name, f"{fmt_value(r['level'], lang)} {kpi.unit}",
                     fmt_value(previous["level"].iat[0], lang) if len(previous) else "-",
                     months, _vs_baseline(r, kpi, lang), target, forecast])
        status, tone = _status_cell(r, lang)
        rows[-1].append(status)
        tones.append(tone)
        sentences.append(progress_sentence(r, kpi, lang))
    table = {"columns": [_t(f"col.{c}", lang) for c in
                         ("kpi", "month", "previous", "months", "vs_baseline", "target",
                          "forecast", "status")], "rows": rows, "tones": tones}

    problems = [p["text"] for p in diagnosis["problems"]] or [_t("monthly.no_problems", lang)]
    steps = []
    for p in diagnosis["problems"]:
        kpi = plan.kpi(p["kpi"])
        if p["health"] == "guard":
            continue
        if not p["missing_fields"]:
            steps.append(_t("monthly.step_remedy", lang, name=kpi.name,
                            remedy=kpi.problem.remedy.rstrip("."),
                            expected=f"{fmt_value(kpi.problem.expected, lang)} {kpi.unit}",
                            by=fmt_date(kpi.problem.by, lang)))
        elif p["health"] in ("short", "worsened"):
            steps.append(_t("monthly.step_prompt", lang, name=kpi.name))
    for k in diagnosis["kpis"]:
        if k["health"] == "on track" and not any(p["kpi"] == k["kpi"]
                                                 for p in diagnosis["problems"]):
            steps.append(_t("monthly.step_watch", lang, name=k["name"]))
    following = (period + 1).end_time.normalize()
    steps.append(_t("monthly.step_next", lang, date=fmt_date(following, lang)))

    month_name = fmt_date(start, lang) + " - " + fmt_date(end, lang)
    title = _t("monthly.title", lang, month=month_name)
    blocks = [_block("summary", _t("monthly.summary", lang), paragraphs=summary),
              _block("trends", _t("monthly.trends", lang), paragraphs=sentences, table=table),
              _block("problems", _t("monthly.problems", lang), items=problems),
              _block("next_steps", _t("monthly.next", lang), items=steps)]
    text, html = _render(title, plan.project, blocks)
    return {"cadence": "monthly", "lang": lang, "title": title, "period_start": _iso(start),
            "period_end": _iso(end), "blocks": blocks, "progress": progress_records(now),
            "diagnosis": diagnosis, "text": text, "html": html}


# --- quarterly review --------------------------------------------------------------------

def quarterly_review(data: pd.DataFrame, plan, lang: str | None = None, *,
                     quarter: Any = None, draws: int = 10_000, seed: int = 0) -> dict:
    """The quarterly executive review: ROI development, target status, budget questions.

    Parameters
    ----------
    data : DataFrame
        Tidy measurements from :func:`kpi_analysis.load_measurements`.
    plan : Plan
    lang : {'en', 'nl'}, optional
    quarter : date, optional
        Any day of the calendar quarter to review; default the latest quarter with
        data after stabilisation. Data after that quarter are not used.
    draws, seed : int
        The business case's Monte Carlo (:func:`kpi_analysis.business_case`).

    Returns
    -------
    dict
        ``cadence`` ('quarterly'), ``lang``, ``title``, ``period_start``,
        ``period_end``, ``roi_development`` (one record per quarter end from the
        first with after-go-live data for every KPI: ``date``, ``roi_pct``,
        ``roi_ci_low``, ``roi_ci_high``, ``p_roi_positive``, ``benefit_per_month``,
        ``payback_months``: :func:`~kpi_analysis.compare_kpis` on the data up to that
        date, then :func:`~kpi_analysis.business_case`), ``targets`` (latest progress
        rows), ``budget_questions`` (sentences), ``blocks``, ``text``, ``html``.

    Notes
    -----
    The ROI development re-runs the comparison as it stood at each quarter end, so
    the ROI estimate and its interval can be followed as measurements accumulate.
    Only rows inside the plan's after period count there (the comparison window);
    extend ``periods.after.end`` to keep following it. Budget questions follow from
    the numbers: an ROI interval that still includes zero, a clearly positive ROI,
    off-track KPIs (with the plan's remedy when there is one), running costs against
    the measured benefit, and benefits that rest on assumptions.
    """
    lang = _lang(plan, lang)
    period = _select_period(_after_dates(data, plan), quarter, "quarterly", "quarter")
    start, end = period.start_time.normalize(), period.end_time.normalize()
    review = _Review(data, plan, lang, as_of=end)
    development = []
    if plan.costs is not None:
        first = review_periods(pd.Series([pd.Timestamp(plan.periods.after_start)]),
                               "quarterly").iat[0]
        q = first
        while q <= period:
            q_end = q.end_time.normalize()
            try:
                compared = compare_kpis(_cut(review.data, q_end), plan)
            except InputError:
                q += 1
                continue
            bc = business_case(plan, compared, draws=draws, seed=seed, lang=review.lang)
            u = bc["uncertainty"] or {}
            development.append({
                "date": _iso(q_end), "roi_pct": bc["figures"]["roi_pct"]["value"],
                "roi_ci_low": (u.get("roi_pct") or {}).get("ci_low"),
                "roi_ci_high": (u.get("roi_pct") or {}).get("ci_high"),
                "p_roi_positive": u.get("p_roi_positive"),
                "benefit_per_month": bc["figures"]["benefit_per_month"]["value"],
                "payback_months": bc["figures"]["payback_months"]["value"]})
            if q == period:
                review._results, review._case, review._case_done = compared, bc, True
            q += 1
    currency = plan.costs.currency if plan.costs is not None else ""

    roi_text, roi_rows = [], []
    if plan.costs is None:
        roi_text.append(_t("quarterly.no_costs", lang))
    elif not development:
        roi_text.append(_t("quarterly.no_roi", lang))
    else:
        last = development[-1]
        payback = fmt_payback(last["payback_months"], lang)
        roi_text.append(_t("quarterly.roi_text", lang, date=fmt_date(last["date"], lang),
                           months=plan.costs.horizon_months,
                           roi=fmt_pct(last["roi_pct"], lang, signed=False),
                           low=fmt_pct(last["roi_ci_low"], lang, signed=False),
                           high=fmt_pct(last["roi_ci_high"], lang, signed=False),
                           payback=payback))
        if len(development) > 1:
            roi_text.append(_t("quarterly.roi_change", lang,
                               before=fmt_pct(development[-2]["roi_pct"], lang, signed=False),
                               after=fmt_pct(last["roi_pct"], lang, signed=False)))
        for d in development:
            roi_rows.append([fmt_date(d["date"], lang), fmt_pct(d["roi_pct"], lang, signed=False),
                             f"{fmt_pct(d['roi_ci_low'], lang, signed=False)} - "
                             f"{fmt_pct(d['roi_ci_high'], lang, signed=False)}",
                             _money(d["benefit_per_month"], currency, lang),
                             fmt_number(d["payback_months"], lang, 1),
                             chance(d["p_roi_positive"], lang)
                             if d["p_roi_positive"] is not None else "-"])
    roi_table = {"columns": [_t(f"col.{c}", lang) for c in
                             ("quarter_end", "roi", "roi_interval", "benefit", "payback",
                              "p_positive")], "rows": roi_rows,
                 "tones": [None] * len(roi_rows)}

    now = latest(review.frame)
    target_rows, tones = [], []
    for r in now.to_dict(orient="records"):
        kpi = plan.kpi(r["kpi"])
        target_rows.append([kpi.name, f"{fmt_value(r['level'], lang)} {kpi.unit}",
                            f"{fmt_value(r['target'], lang)}" if _finite(r["target"]) else "-",
                            fmt_date(r["deadline"], lang),
                            chance(r["p_meet_target"], lang)
                            if _finite(r["p_meet_target"]) else "-"])
        status, tone = _status_cell(r, lang)
        target_rows[-1].append(status)
        tones.append(tone)
    targets_table = {"columns": [_t(f"col.{c}", lang) for c in
                                 ("kpi", "level", "target", "deadline", "chance", "status")],
                     "rows": target_rows, "tones": tones}

    questions = []
    if development:
        last = development[-1]
        p = last["p_roi_positive"]
        if p is not None and (p < 0.95 or (last["roi_ci_low"] or 0) <= 0):
            top = (review.case.tornado["assumption"].iat[0]
                   if review.case is not None and len(review.case.tornado) else "-")
            questions.append(_t("quarterly.q_uncertain", lang, p=chance(p, lang), top=top))
        elif p is not None:
            questions.append(_t("quarterly.q_scale", lang,
                                roi=fmt_pct(last["roi_pct"], lang, signed=False),
                                p=chance(p, lang)))
    for r in now[now["status"] == "off track"].to_dict(orient="records"):
        kpi = plan.kpi(r["kpi"])
        if kpi.problem is not None and kpi.problem.remedy:
            questions.append(_t("quarterly.q_remedy", lang, name=kpi.name,
                                remedy=kpi.problem.remedy.rstrip(".")))
        else:
            questions.append(_t("quarterly.q_off", lang, name=kpi.name))
    case = review.case if development else None
    if case is not None:
        measured = sum(b["per_month"] for b in case["benefits"] if b["source"] == "measured")
        running = case["investment"]["running_per_month"]
        if running > 0 and measured > 0:
            questions.append(_t("quarterly.q_running", lang,
                                running=_money(running, currency, lang),
                                benefit=_money(measured, currency, lang)))
        for b in case["benefits"]:
            if b["source"] == "expected":
                questions.append(_t("quarterly.q_assumed", lang, benefit=b["name"]))
    if not questions:
        questions.append(_t("quarterly.no_questions", lang))

    quarter_name = f"{fmt_date(start, lang)} - {fmt_date(end, lang)}"
    title = _t("quarterly.title", lang, quarter=quarter_name)
    blocks = [_block("roi_development", _t("quarterly.roi", lang), paragraphs=roi_text,
                     table=roi_table),
              _block("target_status", _t("quarterly.targets", lang), table=targets_table),
              _block("budget_questions", _t("quarterly.budget", lang), items=questions)]
    text, html = _render(title, plan.project, blocks)
    return {"cadence": "quarterly", "lang": lang, "title": title, "period_start": _iso(start),
            "period_end": _iso(end), "roi_development": development,
            "targets": progress_records(now), "budget_questions": questions,
            "blocks": blocks, "text": text, "html": html}


# --- audiences ---------------------------------------------------------------------------

def _kpi_lines(review: _Review, kpis) -> list[str]:
    """Per KPI the before/after sentence and the progress sentence."""
    lines, current = [], review.current()
    for kpi in kpis:
        row = review.row(kpi.id)
        if row is not None:
            lines.append(kpi_sentence(row, kpi, review.lang))
        if kpi.id in current:
            lines.append(progress_sentence(current[kpi.id], kpi, review.lang))
    return lines


def _management(review: _Review) -> tuple[list, list, list]:
    plan, lang, case = review.plan, review.lang, review.case
    sentences, missing = [], []
    if case is None:
        missing.append(review.case_error or _t("missing.costs", lang))
    else:
        f, u = case["figures"], case["uncertainty"]
        interval = (_t("mgmt.interval", lang,
                       low=fmt_pct(u["roi_pct"]["ci_low"], lang, signed=False),
                       high=fmt_pct(u["roi_pct"]["ci_high"], lang, signed=False)) if u else "")
        payback = fmt_payback(f["payback_months"]["value"], lang)
        sentences.append(_t("mgmt.money", lang,
                            benefit=_money(f["benefit_per_month"]["value"], case["currency"],
                                           lang),
                            source=_t(f"source.{_source(case)}", lang),
                            months=case["horizon_months"],
                            roi=fmt_pct(f["roi_pct"]["value"], lang, signed=False),
                            interval=interval, payback=payback))
        hours, measured = _hours(plan, case)
        if hours > 0:
            sentences.append(_t("mgmt.hours", lang, hours=fmt_number(hours, lang, 0),
                                measured=fmt_number(measured, lang, 0)))
    kpis = [k for k in plan.kpis if k.level == "business" or _category(k) in ("money", "time")]
    if not kpis:
        missing.append(_t("missing.money_kpi", lang))
    return kpis, sentences + _kpi_lines(review, kpis), missing


def _it(review: _Review) -> tuple[list, list, list]:
    kpis = [k for k in review.plan.kpis if k.level == "technical" or
            _category(k) == "technical"]
    missing = [] if kpis else [_t("missing.technical", review.lang)]
    return kpis, _kpi_lines(review, kpis), missing


def _users(review: _Review) -> tuple[list, list, list]:
    plan, lang, case = review.plan, review.lang, review.case
    sentences, missing = [], []
    for b, c in _time_benefits(plan, case):
        if b.basis == "day":
            minutes = c["improvement"] * (1 if b.time_unit == "minutes" else 60)
            sentences.append(_t("users.per_day", lang, benefit=b.name,
                                minutes=fmt_number(minutes, lang, 0),
                                source=_t("source.measured" if c["source"] == "measured"
                                          else "source.plan", lang)))
        else:
            missing.append(_t("missing.per_person", lang, benefit=b.name,
                              hours=fmt_number(_hours_per_month(b, c), lang, 0)))
    kpis = [k for k in plan.kpis if _category(k) == "time"]
    for kpi in kpis:
        row = review.row(kpi.id)
        if row is not None and row["verdict"] == "improved" and kpi.kind in (
                "duration", "continuous"):
            sentences.append(_t("users.per_item", lang, name=kpi.name,
                                saved=fmt_value(abs(row["change"]), lang), unit=kpi.unit,
                                before=fmt_value(row["before"], lang),
                                after=fmt_value(row["after"], lang)))
    if not sentences:
        missing.append(_t("missing.time", lang))
    return kpis, sentences, missing


def _works_council(review: _Review) -> tuple[list, list, list]:
    plan, lang, case = review.plan, review.lang, review.case
    sentences, missing = [], []
    costs = plan.costs
    training = [c for c in (costs.one_off + costs.monthly if costs else [])
                if _TRAINING.search(c.item)]
    if training:
        total = sum(c.total for c in training)
        sentences.append(_t("wc.training", lang, items=", ".join(c.item for c in training),
                            total=_money(total, costs.currency, lang)))
    else:
        missing.append(_t("missing.training", lang))
    hours, measured = _hours(plan, case)
    if hours > 0:
        sentences.append(_t("wc.hours", lang, hours=fmt_number(hours, lang, 0),
                            measured=fmt_number(measured, lang, 0)))
    kpis = [k for k in plan.kpis if k.level == "adoption" or _category(k) == "employee"]
    for kpi in kpis:
        if kpi.problem is not None and kpi.problem.remedy:
            sentences.append(_t("wc.remedy", lang, name=kpi.name,
                                remedy=kpi.problem.remedy.rstrip(".")))
    if not any(_category(k) == "employee" for k in plan.kpis):
        missing.append(_t("missing.employee", lang))
    return kpis, sentences + _kpi_lines(review, kpis), missing


_VIEWS = {"management": _management, "it": _it, "users": _users,
          "works_council": _works_council}


def audience_view(data: pd.DataFrame, plan, audience: str, lang: str | None = None, *,
                  results: pd.DataFrame | None = None, case=None) -> dict:
    """What one audience hears, from the numbers the plan and data have.

    Parameters
    ----------
    data : DataFrame
        Tidy measurements from :func:`kpi_analysis.load_measurements`.
    plan : Plan
    audience : {'management', 'it', 'users', 'works_council'}
        * management: money and time: benefit per month, ROI with its interval,
          payback, hours saved (:func:`~kpi_analysis.business_case`), and the
          business, money and time KPIs;
        * it: stability, uptime, response time: the technical-level KPIs;
        * users: time saved per person per day (time_saved benefits counted per
          day), time saved per item of the time KPIs;
        * works_council: training (cost items named training, workshop, course,
          opleiding, cursus ...), hours freed, adoption and employee KPIs, remedies.
    lang : {'en', 'nl'}, optional
    results, case : optional
        ``compare_kpis(data, plan)`` and ``business_case(plan, results)`` when
        already computed.

    Returns
    -------
    dict
        ``audience``, ``lang``, ``title``, ``kpis`` (ids shown), ``sentences``,
        ``missing`` (what the plan lacks for this audience, as sentences that say
        the plan's author what to add; not in ``text`` and ``html``, which the
        audience reads), ``text`` and ``html``.

    Raises
    ------
    InputError
        Unknown ``audience``.
    """
    if audience not in AUDIENCES:
        raise InputError(f"audience must be one of {', '.join(map(repr, AUDIENCES))}; "
                         f"got {audience!r}")
    review = _Review(data, plan, lang, results=results, case=case)
    kpis, sentences, missing = _VIEWS[audience](review)
    lang = review.lang
    title = _t(f"audience.{audience}", lang)
    # what the plan lacks is the author's to-do: in the dict, not in the client's view
    text, html = _render(title, plan.project, [_block("sentences", "", paragraphs=sentences)])
    return {"audience": audience, "lang": lang, "title": title, "kpis": [k.id for k in kpis],
            "sentences": sentences, "missing": missing, "text": text, "html": html}


def cadence_output(data: pd.DataFrame, plan, cadence: str, lang: str | None = None,
                   **options) -> dict:
    """:func:`weekly_quick_win`, :func:`monthly_deep_dive` or :func:`quarterly_review`
    by name, for ``kpi report --cadence weekly|monthly|quarterly``; ``options`` go to
    that function (``week``, ``month``, ``quarter``, ...). An empty ``cadence`` (the
    report notebook's default) gives None."""
    if not cadence:
        return None
    functions = {"weekly": weekly_quick_win, "monthly": monthly_deep_dive,
                 "quarterly": quarterly_review}
    if cadence not in functions:
        raise InputError(f"cadence must be one of {', '.join(map(repr, RHYTHMS))}; "
                         f"got {cadence!r}")
    return functions[cadence](data, plan, lang, **options)
