"""Keep measuring: the figures of the reviews per rhythm and per audience, and the
diagnosis.

The method shares results in a rhythm (weekly quick wins, a monthly deep dive, a
quarterly executive review) and tells each audience what it cares about. Everything
here works from the same plan and measurements, computes nothing the statistics
engine does not (levels from :func:`kpi_analysis.inputs.measurements.level`, changes
from :func:`kpi_analysis.compare_kpis`, money from :func:`kpi_analysis.business_case`,
progress from :func:`kpi_analysis.analysis.progress.progress`) and never invents a
number: a highlight or an audience sentence the plan or the data cannot back is left
out and named in ``missing``.

The reviews run in three steps: the figures here (:func:`week`, :func:`month`,
:func:`quarter`, :func:`diagnosis`, :func:`audience`), their words
(:mod:`kpi_analysis.words.reviews`), then the layout as plain text and HTML
(:mod:`kpi_analysis.present.reviews`, which holds the public ``weekly_quick_win``,
``monthly_deep_dive``, ``quarterly_review``, ``audience_view``, ``diagnose`` and
``cadence_output``). The diagnosis and the audiences still word their sentences
here, beside the figures they come from.
"""
from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from ..analysis.compare import compare_kpis
from ..errors import InputError, PlanError
from ..method.thresholds import KIND_CATEGORY
from ..method.catalogue import match_catalogue
from .progress import kpi_trend, latest, progress
from .reviews import kpi_level, phases, review_periods, rows_up_to
from .progress_export import progress_records
from .progress_words import progress_sentence
from ..words.business_case import business_case
from ..stats.sequential import look_plan
from ..words.numbers import fmt_date, fmt_number, fmt_payback, fmt_pct, fmt_value
from ..words.sentences import guard_warning, kpi_sentence
from ..words.store import label
from ..words.store import language as report_language
from ..words.reviews import money
from ..vocab import CADENCES, FRAMED_AUDIENCES

__all__ = ["Review", "week", "month", "quarter", "diagnosis", "audience", "select_period",
           "after_dates", "hours_per_month", "AUDIENCES", "CHAIN", "RHYTHMS"]

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

def _finite(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and \
        math.isfinite(float(x))


def _iso(d) -> str | None:
    return None if d is None or pd.isna(d) else pd.Timestamp(d).date().isoformat()


# --- shared computations -----------------------------------------------------------------

def _span(start, end) -> dict:
    """A review period's first and last day as ISO dates."""
    return {"period_start": _iso(start), "period_end": _iso(end)}


class Review:
    """What every output needs, computed once: comparisons, business case, progress."""

    def __init__(self, data, plan, lang, *, as_of=None, results=None, case=None,
                 frame=None):
        if not isinstance(data, pd.DataFrame):
            raise InputError(f"data must be the DataFrame of ka.load_measurements; got "
                             f"{type(data).__name__}")
        self.plan, self.lang, self.as_of = plan, report_language(plan, lang), as_of
        if "date" not in data.columns:
            raise InputError(f"data lacks the column 'date'; pass the frame of "
                             f"ka.load_measurements (date, kpi, value, n, period)")
        self.data = rows_up_to(data.assign(date=pd.to_datetime(data["date"])), as_of)
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

    def settle(self, results: pd.DataFrame, case) -> None:
        """Take ``results`` and ``case`` as the review's (computed by the caller for
        the review's own data)."""
        self._results, self._case, self._case_done = results, case, True

    def current(self) -> dict[str, dict]:
        """The latest complete progress row per KPI (a partial period is not judged)."""
        return {r["kpi"]: r for r in latest(self.frame, complete=True).to_dict(orient="records")}


def _category(kpi) -> str | None:
    entry = match_catalogue(kpi)
    return kpi.category or (entry.category if entry else KIND_CATEGORY.get(kpi.kind))


def _time_benefits(plan, case) -> list[tuple[Any, dict]]:
    """(plan benefit, business-case benefit) pairs of the time_saved benefits."""
    if case is None:
        return []
    return [(b, c) for b, c in zip(plan.costs.benefits, case["benefits"])
            if b.type == "time_saved"]


def hours_per_month(benefit, computed: dict) -> float:
    """Hours a month of a time_saved benefit: its money / the hourly rate."""
    return computed["per_month"] / benefit.hourly_rate


def _hours(plan, case) -> tuple[float, float]:
    """Hours saved a month by all time_saved benefits, and by the measured ones."""
    pairs = _time_benefits(plan, case)
    total = sum(hours_per_month(b, c) for b, c in pairs)
    measured = sum(hours_per_month(b, c) for b, c in pairs if c["source"] == "measured")
    return total, measured


def _source(case) -> str:
    """'measured', 'plan' or 'mixed': where the case's benefits come from."""
    sources = {b["source"] for b in case["benefits"]}
    return "measured" if sources == {"measured"} else "plan" if "measured" not in sources \
        else "mixed"


def select_period(frame_dates: pd.Series, when, cadence: str, name: str):
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


def after_dates(data, plan) -> pd.Series:
    rows = phases(data, plan)
    return rows.loc[rows["phase"] == "after", "date"]


# --- weekly quick win --------------------------------------------------------------------

def _saved_highlight(review: Review) -> tuple[list, list]:
    """Hours and money saved a week from the measured benefits, or why there are none."""
    plan, case = review.plan, review.case
    measured = [(b, c) for b, c in zip(plan.costs.benefits, case["benefits"])
                if c["source"] == "measured"] if case is not None else []
    money = sum(c["per_month"] for _, c in measured) / WEEKS_PER_MONTH
    if not measured:
        return [], ["weekly.no_money"]
    if money <= 0:
        return [], ["weekly.no_saving"]
    timed = [(b, c) for b, c in measured if b.type == "time_saved"]
    hours = sum(hours_per_month(b, c) for b, c in timed) / WEEKS_PER_MONTH
    timed = timed if hours > 0 else []
    facts = {"timed": bool(timed), "hours": hours, "money": money,
             "currency": case["currency"], "benefits": [b.name for b, _ in measured]}
    return [{"key": "saved", "kpi": None, "facts": facts,
             "values": {"hours_per_week": hours if timed else None, "money_per_week": money,
                        "currency": case["currency"]}}], []


def _improved_highlight(review: Review) -> list:
    """The KPI that improved most since the baseline."""
    improved = review.results[review.results["verdict"] == "improved"]
    if improved.empty:
        return []
    best = improved.loc[improved["change_pct"].abs().fillna(-1).idxmax()]
    return [{"key": "improved", "kpi": best["kpi"], "facts": {"row": best},
             "values": {"before": best["before"], "after": best["after"],
                        "change_pct": best["change_pct"]}}]


def _target_highlight(this_week: pd.DataFrame, used: set) -> list:
    """The KPI on its way to its target (first) or meeting it this week."""
    met_now = this_week["target_met"] == True  # noqa: E712  (object column)
    candidates = this_week[(this_week["status"] == "on track") | met_now].assign(
        _order=(met_now.astype(int)))  # on its way first, then already met
    candidates = candidates[~candidates["kpi"].isin(used)]
    if candidates.empty:
        return []
    r = candidates.sort_values(["_order", "p_meet_target"], ascending=[True, False],
                               na_position="last").iloc[0]
    return [{"key": "target", "kpi": r["kpi"], "facts": {"row": r}, "values": {
        "level": r["level"], "target": r["target"], "p_meet_target": r["p_meet_target"],
        "deadline": _iso(r["deadline"])}}]


def _volume_highlight(review: Review, start, end, used: set) -> list:
    """The week's level and volume of the busiest KPI."""
    rows = phases(review.data, review.plan)
    rows = rows[(rows["date"] >= start) & (rows["date"] <= end)]
    volume = rows.groupby("kpi").agg(trials=("n", "sum"), items=("value", "size"),
                                     dates=("date", "nunique"))
    volume["count"] = volume["trials"].where(volume["trials"] > 0,
                                             volume["items"].where(volume["items"]
                                                                   > volume["dates"], 0))
    volume = volume[(volume["count"] > 0) & ~volume.index.isin(used)]
    if volume.empty:
        return []
    kpi = review.plan.kpi(volume["count"].idxmax())
    count = float(volume.at[kpi.id, "count"])
    level = kpi_level(rows[rows["kpi"] == kpi.id], kpi)
    return [{"key": "this_week", "kpi": kpi.id,
             "facts": {"trials": volume.at[kpi.id, "trials"]},
             "values": {"level": level, "count": count}}]


def week(data: pd.DataFrame, plan, lang: str, *, week: Any = None,
         results: pd.DataFrame | None = None, case=None) -> dict:
    """The figures of a weekly quick win (worded by
    :func:`kpi_analysis.words.reviews.weekly_words`, laid out by
    :func:`kpi_analysis.present.reviews.weekly_quick_win`, whose docstring says which):
    ``start``, ``end``, ``highlights`` (each ``key``, ``kpi``, ``values`` and the
    ``facts`` its sentence needs; at most four), ``missing`` (label keys) and
    ``case_error``."""
    period = select_period(after_dates(data, plan), week, "weekly", "week")
    start, end = period.start_time.normalize(), period.end_time.normalize()
    review = Review(data, plan, lang, as_of=end, results=results, case=case)
    weekly = progress(review.data, plan, cadence="weekly")
    this_week = weekly[weekly["period_start"] == start].set_index("kpi", drop=False)
    if this_week.empty:
        raise InputError(f"week: no measurements between {start.date()} and {end.date()}")
    highlights, missing = _saved_highlight(review)
    highlights += _improved_highlight(review)
    highlights += _target_highlight(this_week, {h["kpi"] for h in highlights})
    highlights += _volume_highlight(review, start, end, {h["kpi"] for h in highlights})
    return {"start": start, "end": end, **_span(start, end), "highlights": highlights[:4],
            "missing": missing,
            "case_error": review.case_error}


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


def _problem(review: Review, kpi, health: str, now: dict | None, lang: str) -> dict:
    """One problem written as cause, remedy, expected figure, date, or the prompt for
    the fields the plan leaves empty."""
    pr = kpi.problem
    fields = {"cause": pr.cause if pr else None, "remedy": pr.remedy if pr else None,
              "expected": pr.expected if pr else None, "by": pr.by if pr else None}
    empty = [f for f, v in fields.items() if v is None or (isinstance(v, str) and not v)]
    health_text = label(f"health.{health}", lang)
    level = now["level"] if now else math.nan
    target = now["target"] if now else math.nan
    out = {"kpi": kpi.id, "success_level": kpi.level, "health": health,
           "current": level,
           "target": target, **{f: (v.isoformat() if hasattr(v, "isoformat") else v)
                                        for f, v in fields.items()},
           "missing_fields": empty, "forecast_at_by": None}
    if empty:
        # the client reads that nothing is agreed yet; the plan's author gets the fields
        p, k = _where(review.plan, kpi.id)
        out["text"] = label("problem.open", lang, name=kpi.name, health=health_text)
        out["prompt"] = label("problem.prompt", lang, name=kpi.name, health=health_text,
                           fields=", ".join(empty), p=p, k=k)
        return out
    text = label("problem.text", lang, name=kpi.name, level=fmt_value(level, lang), unit=kpi.unit,
              target=(f"{fmt_value(target, lang)} {kpi.unit}" if _finite(target)
                      else label("na", lang)), health=health_text, cause=pr.cause.rstrip("."),
              remedy=pr.remedy.rstrip("."), expected=fmt_value(pr.expected, lang),
              by=fmt_date(pr.by, lang))
    trend = kpi_trend(review.data, review.plan, kpi.id)
    if trend is not None and now is not None and \
            pd.Timestamp(pr.by) > pd.Timestamp(now["period_end"]):
        forecast = trend.forecast(pr.by)[0]
        out["forecast_at_by"] = forecast
        text += " " + label("problem.forecast", lang, forecast=fmt_value(forecast, lang),
                         unit=kpi.unit, by=fmt_date(pr.by, lang))
    out["text"] = text
    return out


def diagnosis(review: Review) -> dict:
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
                             "text": label("problem.guard", lang, name=kpi.name,
                                        warning=warning),
                             "missing_fields": []})
    levels = []
    for name in CHAIN:
        members = [k for k in kpis if k["success_level"] == name]
        worst = min((HEALTH.index(k["health"]) for k in members), default=None)
        health = "missing" if worst is None else HEALTH[worst]
        each = "; ".join(label("diag.kpi_health", lang, name=k["name"],
                            health=label(f"health.{k['health']}", lang)) for k in members)
        levels.append({"level": name, "health": health,
                       "kpis": [k["kpi"] for k in members],
                       "text": label("diag.level_line", lang, level=label(f"level.{name}", lang),
                                  health=label(f"health.{health}", lang), kpis=each or "-")})
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
        summary.append(label("diag.break", lang, level=label(f"level.{break_at}", lang),
                          advice=label(advice, lang)))
        held = [label(f"level.{lv['level']}", lang) for lv in levels[:at] if lv["health"] == "met"]
        if held:
            summary.append(label("diag.upstream", lang, levels=", ".join(held)))
    else:
        building = [label(f"level.{lv['level']}", lang) for lv in levels
                    if lv["health"] == "on track"]
        pending = [label(f"level.{lv['level']}", lang) for lv in levels if lv["health"] == "open"]
        if building:
            summary.append(label("diag.building", lang, levels=", ".join(building)))
        if pending:
            summary.append(label("diag.unknown", lang, levels=", ".join(pending)))
        if not building and not pending:
            summary.append(label("diag.whole", lang))
    absent = [label(f"level.{lv['level']}", lang) for lv in levels if lv["health"] == "missing"]
    if absent:
        summary.append(label("diag.no_level", lang, levels=", ".join(absent)))
    return {"kpis": kpis, "levels": levels, "break_at": break_at, "summary": summary,
            "problems": problems,
            "prompts": [p["prompt"] for p in problems if p.get("missing_fields")]}


# --- monthly deep dive -------------------------------------------------------------------

def month(data: pd.DataFrame, plan, lang: str, *, month: Any = None,
          results: pd.DataFrame | None = None) -> dict:
    """The figures of a monthly deep dive (worded by
    :func:`kpi_analysis.words.reviews.monthly_words`, laid out by
    :func:`kpi_analysis.present.reviews.monthly_deep_dive`, whose docstring says which):
    ``start``, ``end``, ``following`` (the next review's day), ``verdicts``, ``counts``
    of the targets' states, ``now`` (the month's progress rows), per KPI its monthly
    ``history`` of levels and ``previous`` level, ``progress`` and ``diagnosis``."""
    period = select_period(after_dates(data, plan), month, "monthly", "month")
    start, end = period.start_time.normalize(), period.end_time.normalize()
    review = Review(data, plan, lang, as_of=end, results=results)
    frame = review.frame
    now = latest(frame)
    now = now[now["period_start"] == start]
    if now.empty:
        raise InputError(f"month: no measurements between {start.date()} and {end.date()}")
    targeted = now[now["target"].notna()]
    met = targeted["target_met"] == True  # noqa: E712  (object column: True/False/None)
    on = ~met & (targeted["status"] == "on track")
    off = ~met & targeted["status"].isin(["off track", "deadline passed"])
    counts = {"judged": len(targeted), "met": int(met.sum()), "on": int(on.sum()),
              "off": int(off.sum()),
              "open": int(len(targeted) - met.sum() - on.sum() - off.sum())}
    history = {k: frame[frame["kpi"] == k] for k in now["kpi"]}
    return {"start": start, "end": end, **_span(start, end),
            "following": (period + 1).end_time.normalize(),
            "verdicts": review.results["verdict"], "counts": counts, "now": now,
            "history": {k: list(h["level"]) for k, h in history.items()},
            "previous": {k: h.loc[h["period_start"] < start, "level"].tail(1).tolist()
                         for k, h in history.items()},
            "progress": progress_records(now), "diagnosis": diagnosis(review)}


# --- quarterly review --------------------------------------------------------------------

def _development(review: Review, period, draws: int, seed: int) -> list[dict]:
    """One record per quarter end up to ``period``: the ROI as it stood then; the last
    quarter's comparison and business case become the review's."""
    plan, development = review.plan, []
    if plan.costs is None:
        return development
    q = review_periods(pd.Series([pd.Timestamp(plan.periods.after_start)]), "quarterly").iat[0]
    while q <= period:
        q_end = q.end_time.normalize()
        try:
            compared = compare_kpis(rows_up_to(review.data, q_end), plan)
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
            review.settle(compared, bc)
        q += 1
    return development


def _questions(review: Review, development: list[dict], now: pd.DataFrame) -> list:
    """The budget questions that follow from the numbers, as (label key, facts)."""
    questions = []
    if development:
        last = development[-1]
        p = last["p_roi_positive"]
        if p is not None and (p < 0.95 or (last["roi_ci_low"] or 0) <= 0):
            top = (review.case.tornado["assumption"].iat[0]
                   if review.case is not None and len(review.case.tornado) else "-")
            questions.append(("q_uncertain", {"p": p, "top": top}))
        elif p is not None:
            questions.append(("q_scale", {"roi": last["roi_pct"], "p": p}))
    for r in now[now["status"] == "off track"].to_dict(orient="records"):
        problem = review.plan.kpi(r["kpi"]).problem
        remedy = problem is not None and problem.remedy
        questions.append(("q_remedy" if remedy else "q_off", {"kpi": r["kpi"]}))
    case = review.case if development else None
    if case is not None:
        measured = sum(b["per_month"] for b in case["benefits"] if b["source"] == "measured")
        running = case["investment"]["running_per_month"]
        if running > 0 and measured > 0:
            questions.append(("q_running", {"running": running, "benefit_money": measured}))
        questions += [("q_assumed", {"benefit": b["name"]}) for b in case["benefits"]
                      if b["source"] == "expected"]
    return questions


def quarter(data: pd.DataFrame, plan, lang: str, *, quarter: Any = None,
            draws: int = 10_000, seed: int = 0) -> dict:
    """The figures of a quarterly review (worded by
    :func:`kpi_analysis.words.reviews.quarterly_words`, laid out by
    :func:`kpi_analysis.present.reviews.quarterly_review`, whose docstring says which):
    ``start``, ``end``, ``development``, ``targets`` (progress records) and
    ``questions`` (label key, facts)."""
    period = select_period(after_dates(data, plan), quarter, "quarterly", "quarter")
    start, end = period.start_time.normalize(), period.end_time.normalize()
    review = Review(data, plan, lang, as_of=end)
    development = _development(review, period, draws, seed)
    now = latest(review.frame)
    return {"start": start, "end": end, **_span(start, end), "development": development,
            "targets": progress_records(now), "questions": _questions(review, development, now)}


# --- audiences ---------------------------------------------------------------------------

def _kpi_lines(review: Review, kpis) -> list[str]:
    """Per KPI the before/after sentence and the progress sentence."""
    lines, current = [], review.current()
    for kpi in kpis:
        row = review.row(kpi.id)
        if row is not None:
            lines.append(kpi_sentence(row, kpi, review.lang))
        if kpi.id in current:
            lines.append(progress_sentence(current[kpi.id], kpi, review.lang))
    return lines


def _management(review: Review) -> tuple[list, list, list]:
    plan, lang, case = review.plan, review.lang, review.case
    sentences, missing = [], []
    if case is None:
        missing.append(review.case_error or label("missing.costs", lang))
    else:
        f, u = case["figures"], case["uncertainty"]
        interval = (label("mgmt.interval", lang,
                       low=fmt_pct(u["roi_pct"]["ci_low"], lang, signed=False),
                       high=fmt_pct(u["roi_pct"]["ci_high"], lang, signed=False)) if u else "")
        payback = fmt_payback(f["payback_months"]["value"], lang)
        sentences.append(label("mgmt.money", lang,
                            benefit=money(f["benefit_per_month"]["value"], case["currency"],
                                           lang),
                            source=label(f"source.{_source(case)}", lang),
                            months=case["horizon_months"],
                            roi=fmt_pct(f["roi_pct"]["value"], lang, signed=False),
                            interval=interval, payback=payback))
        hours, measured = _hours(plan, case)
        if hours > 0:
            sentences.append(label("mgmt.hours", lang, hours=fmt_number(hours, lang, 0),
                                measured=fmt_number(measured, lang, 0)))
    kpis = [k for k in plan.kpis if k.level == "business" or _category(k) in ("money", "time")]
    if not kpis:
        missing.append(label("missing.money_kpi", lang))
    return kpis, sentences + _kpi_lines(review, kpis), missing


def _it(review: Review) -> tuple[list, list, list]:
    kpis = [k for k in review.plan.kpis if k.level == "technical" or
            _category(k) == "technical"]
    missing = [] if kpis else [label("missing.technical", review.lang)]
    return kpis, _kpi_lines(review, kpis), missing


def _users(review: Review) -> tuple[list, list, list]:
    plan, lang, case = review.plan, review.lang, review.case
    sentences, missing = [], []
    for b, c in _time_benefits(plan, case):
        if b.basis == "day":
            minutes = c["improvement"] * (1 if b.time_unit == "minutes" else 60)
            sentences.append(label("users.per_day", lang, benefit=b.name,
                                minutes=fmt_number(minutes, lang, 0),
                                source=label("source.measured" if c["source"] == "measured"
                                          else "source.plan", lang)))
        else:
            missing.append(label("missing.per_person", lang, benefit=b.name,
                              hours=fmt_number(hours_per_month(b, c), lang, 0)))
    kpis = [k for k in plan.kpis if _category(k) == "time"]
    for kpi in kpis:
        row = review.row(kpi.id)
        if row is not None and row["verdict"] == "improved" and kpi.kind in (
                "duration", "continuous"):
            sentences.append(label("users.per_item", lang, name=kpi.name,
                                saved=fmt_value(abs(row["change"]), lang), unit=kpi.unit,
                                before=fmt_value(row["before"], lang),
                                after=fmt_value(row["after"], lang)))
    if not sentences:
        missing.append(label("missing.time", lang))
    return kpis, sentences, missing


def _works_council(review: Review) -> tuple[list, list, list]:
    plan, lang, case = review.plan, review.lang, review.case
    sentences, missing = [], []
    costs = plan.costs
    training = [c for c in (costs.one_off + costs.monthly if costs else [])
                if _TRAINING.search(c.item)]
    if training:
        total = sum(c.total for c in training)
        sentences.append(label("wc.training", lang, items=", ".join(c.item for c in training),
                            total=money(total, costs.currency, lang)))
    else:
        missing.append(label("missing.training", lang))
    hours, measured = _hours(plan, case)
    if hours > 0:
        sentences.append(label("wc.hours", lang, hours=fmt_number(hours, lang, 0),
                            measured=fmt_number(measured, lang, 0)))
    kpis = [k for k in plan.kpis if k.level == "adoption" or _category(k) == "employee"]
    for kpi in kpis:
        if kpi.problem is not None and kpi.problem.remedy:
            sentences.append(label("wc.remedy", lang, name=kpi.name,
                                remedy=kpi.problem.remedy.rstrip(".")))
    if not any(_category(k) == "employee" for k in plan.kpis):
        missing.append(label("missing.employee", lang))
    return kpis, sentences + _kpi_lines(review, kpis), missing


_VIEWS = {"management": _management, "it": _it, "users": _users,
          "works_council": _works_council}


def audience(data: pd.DataFrame, plan, audience: str, lang: str | None = None, *,
             results: pd.DataFrame | None = None, case=None) -> tuple[str, list, list, list]:
    """What one audience hears (laid out by
    :func:`kpi_analysis.present.reviews.audience_view`, whose docstring says what):
    the language, the KPIs shown, the sentences and what the plan lacks."""
    if audience not in AUDIENCES:
        raise InputError(f"audience must be one of {', '.join(map(repr, AUDIENCES))}; "
                         f"got {audience!r}")
    review = Review(data, plan, lang, results=results, case=case)
    return (review.lang, *_VIEWS[audience](review))
