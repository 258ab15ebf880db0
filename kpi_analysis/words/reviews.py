"""The words of the reviews: sentences, table cells and titled blocks made from the
figures that :mod:`kpi_analysis.analysis.cadence` computes.

Every text comes from :data:`kpi_analysis.words.text.LABELS`; numbers, money and
dates are formatted per language there. A *block* is a titled group of
paragraphs, bullet items and an optional table of plain-text cells; the layout
(:mod:`kpi_analysis.present.reviews`) turns blocks into plain text and HTML.
"""
from __future__ import annotations

import math

from ..vocab import CHANGE_UNIT
from .numbers import fmt_chance, fmt_change_value, fmt_date, fmt_number, fmt_payback, fmt_pct, fmt_value, is_missing
from .sentences import fmt_change, story_counts
from .store import label

__all__ = ["block", "money", "status_cell", "vs_baseline", "weekly_words", "monthly_words",
           "quarterly_words"]

#: progress statuses with a colour in a table (the others are not judged)
STATUS_TONE = {"on track": "good", "off track": "bad"}


def block(key: str, title: str, paragraphs=(), items=(), table=None) -> dict:
    """One content block: a title, paragraphs, bullet items, an optional table
    ``{"columns": [...], "rows": [[...]], "tones": [...]}`` (cells are plain text)."""
    return {"key": key, "title": title, "paragraphs": list(paragraphs), "items": list(items),
            "table": table}


def money(x, currency: str, lang: str) -> str:
    """An amount in whole currency units: 'EUR 1.234'."""
    return f"{currency} {fmt_number(x, lang, 0)}"


def status_cell(row: dict, lang: str) -> tuple[str, str | None]:
    """A progress row's status in words and its tone; a passed deadline says whether it
    was met."""
    text = label(f"status.{row['status']}", lang)
    if row["status"] == "deadline passed" and row["target_met"] is not None:
        met = bool(row["target_met"])
        return (f"{text}: {label('target.met' if met else 'target.not_met', lang)}",
                "good" if met else "bad")
    return text, STATUS_TONE.get(row["status"])


def vs_baseline(row: dict, kpi, lang: str) -> str:
    """A progress row's level against the baseline in the tiles' unit: percentage
    points for a proportion, percent of the baseline otherwise."""
    if CHANGE_UNIT[kpi.kind] == "pp":
        return fmt_change_value(row["level"] - row["baseline"], "pp", lang)
    return fmt_change_value(row["change_pct"], "percent", lang)


def _table(columns: list[str], rows: list, tones: list, lang: str) -> dict:
    return {"columns": [label(f"col.{c}", lang) for c in columns], "rows": rows,
            "tones": tones}


# --- weekly quick win --------------------------------------------------------------------

def _saved(h: dict, plan, lang: str, since: str) -> str:
    facts = h["facts"]
    key = "weekly.saved" if facts["timed"] else "weekly.saved_money"
    return label(key, lang, hours=fmt_number(facts["hours"], lang, 1),
                 money=money(facts["money"], facts["currency"], lang), since=since,
                 benefits=", ".join(facts["benefits"]))


def _improved(h: dict, plan, lang: str, since: str) -> str:
    best, kpi = h["facts"]["row"], plan.kpi(h["kpi"])
    return label("weekly.improved", lang, name=kpi.name, before=fmt_value(best["before"], lang),
                 after=fmt_value(best["after"], lang), unit=kpi.unit,
                 change=fmt_change(best, kpi, lang)[0])


def _target(h: dict, plan, lang: str, since: str) -> str:
    r, kpi = h["facts"]["row"], plan.kpi(h["kpi"])
    target = f"{fmt_value(r['target'], lang)} {kpi.unit}"
    if r["target_met"] is True:
        return label("weekly.met", lang, name=kpi.name, level=fmt_value(r["level"], lang),
                     unit=kpi.unit, target=target)
    return label("weekly.target", lang, name=kpi.name, level=fmt_value(r["level"], lang),
                 unit=kpi.unit, target=target, deadline=fmt_date(r["deadline"], lang),
                 status=label("status.on track", lang), p=fmt_chance(r["p_meet_target"], lang))


def _this_week(h: dict, plan, lang: str, since: str) -> str:
    kpi = plan.kpi(h["kpi"])
    key = "weekly.this_week" if h["facts"]["trials"] > 0 else "weekly.this_week_items"
    return label(key, lang, name=kpi.name, level=fmt_value(h["values"]["level"], lang),
                 unit=kpi.unit, n=fmt_number(h["values"]["count"], lang, 0))


_HIGHLIGHT = {"saved": _saved, "improved": _improved, "target": _target,
              "this_week": _this_week}


def weekly_words(week: dict, plan, lang: str) -> dict:
    """The weekly quick win's words from :func:`~kpi_analysis.analysis.cadence.week`:
    ``title``, ``intro``, ``highlights`` (each with its ``text``, the figures behind it
    kept in ``values``), ``missing`` and the one block."""
    since = fmt_date(plan.periods.after_start, lang)
    highlights = [{"key": h["key"], "kpi": h["kpi"],
                   "text": _HIGHLIGHT[h["key"]](h, plan, lang, since), "values": h["values"]}
                  for h in week["highlights"]]
    missing = [week["case_error"] or label(key, lang) if key == "weekly.no_money"
               else label(key, lang) for key in week["missing"]]
    start, end = fmt_date(week["start"], lang), fmt_date(week["end"], lang)
    notes = [label("weekly.few", lang, n=len(highlights))] if len(highlights) < 3 else []
    return {"title": label("weekly.title", lang, start=start),
            "intro": label("weekly.intro", lang, project=plan.project, start=start, end=end),
            "highlights": highlights, "missing": missing,
            "blocks": [block("highlights", "", paragraphs=notes,
                             items=[h["text"] for h in highlights])]}


# --- monthly deep dive -------------------------------------------------------------------

def _finite(x) -> bool:
    return not is_missing(x) and math.isfinite(float(x))


def _trends_table(found: dict, plan, lang: str) -> dict:
    """Per KPI the month's level, the previous month, every month, the change since
    the baseline, the target, the forecast at the deadline and the status."""
    rows, tones = [], []
    for r in found["now"].to_dict(orient="records"):
        kpi, previous = plan.kpi(r["kpi"]), found["previous"][r["kpi"]]
        forecast = (f"{fmt_value(r['forecast_at_deadline'], lang)} "
                    f"({fmt_value(r['forecast_low'], lang)} - "
                    f"{fmt_value(r['forecast_high'], lang)})"
                    if _finite(r["forecast_at_deadline"]) else "-")
        target = (f"{fmt_value(r['target'], lang)} ({fmt_date(r['deadline'], lang)})"
                  if _finite(r["target"]) else "-")
        status, tone = status_cell(r, lang)
        rows.append([kpi.name, f"{fmt_value(r['level'], lang)} {kpi.unit}",
                     fmt_value(previous[0], lang) if previous else "-",
                     " / ".join(fmt_value(v, lang) for v in found["history"][r["kpi"]]),
                     vs_baseline(r, kpi, lang), target, forecast, status])
        tones.append(tone)
    return _table(["kpi", "month", "previous", "months", "vs_baseline", "target", "forecast",
                   "status"], rows, tones, lang)


def _next_steps(found: dict, plan, lang: str) -> list[str]:
    """The plan's remedies with their figure and date, the fields to fill in, the KPIs
    to watch, and the next review's date."""
    steps, problems = [], found["diagnosis"]["problems"]
    for p in problems:
        kpi = plan.kpi(p["kpi"])
        if p["health"] == "guard":
            continue
        if not p["missing_fields"]:
            steps.append(label("monthly.step_remedy", lang, name=kpi.name,
                               remedy=kpi.problem.remedy.rstrip("."),
                               expected=f"{fmt_value(kpi.problem.expected, lang)} {kpi.unit}",
                               by=fmt_date(kpi.problem.by, lang)))
        elif p["health"] in ("short", "worsened"):
            steps.append(label("monthly.step_prompt", lang, name=kpi.name))
    steps += [label("monthly.step_watch", lang, name=k["name"])
              for k in found["diagnosis"]["kpis"] if k["health"] == "on track"
              and not any(p["kpi"] == k["kpi"] for p in problems)]
    return steps + [label("monthly.step_next", lang, date=fmt_date(found["following"], lang))]


def monthly_words(found: dict, plan, lang: str, sentences: list[str]) -> dict:
    """The monthly deep dive's words from :func:`~kpi_analysis.analysis.cadence.month`
    and the month's progress ``sentences``: ``title`` and the four blocks."""
    summary = [story_counts(found["verdicts"], lang),
               label("monthly.status_count", lang, **found["counts"])] \
        + found["diagnosis"]["summary"]
    problems = [p["text"] for p in found["diagnosis"]["problems"]] \
        or [label("monthly.no_problems", lang)]
    name = f"{fmt_date(found['start'], lang)} - {fmt_date(found['end'], lang)}"
    return {"title": label("monthly.title", lang, month=name),
            "blocks": [block("summary", label("monthly.summary", lang), paragraphs=summary),
                       block("trends", label("monthly.trends", lang), paragraphs=sentences,
                             table=_trends_table(found, plan, lang)),
                       block("problems", label("monthly.problems", lang), items=problems),
                       block("next_steps", label("monthly.next", lang),
                             items=_next_steps(found, plan, lang))]}


# --- quarterly review --------------------------------------------------------------------

def _roi_block(development: list[dict], plan, lang: str) -> dict:
    """The ROI development: sentences on the latest quarter and a row per quarter."""
    signed = {"lang": lang, "signed": False}
    texts, rows = [], []
    if plan.costs is None:
        texts.append(label("quarterly.no_costs", lang))
    elif not development:
        texts.append(label("quarterly.no_roi", lang))
    else:
        last = development[-1]
        texts.append(label("quarterly.roi_text", lang, date=fmt_date(last["date"], lang),
                           months=plan.costs.horizon_months,
                           roi=fmt_pct(last["roi_pct"], **signed),
                           low=fmt_pct(last["roi_ci_low"], **signed),
                           high=fmt_pct(last["roi_ci_high"], **signed),
                           payback=fmt_payback(last["payback_months"], lang)))
        if len(development) > 1:
            texts.append(label("quarterly.roi_change", lang,
                               before=fmt_pct(development[-2]["roi_pct"], **signed),
                               after=fmt_pct(last["roi_pct"], **signed)))
        rows = [[fmt_date(d["date"], lang), fmt_pct(d["roi_pct"], **signed),
                 f"{fmt_pct(d['roi_ci_low'], **signed)} - {fmt_pct(d['roi_ci_high'], **signed)}",
                 money(d["benefit_per_month"], plan.costs.currency, lang),
                 fmt_number(d["payback_months"], lang, 1),
                 fmt_chance(d["p_roi_positive"], lang)
                 if d["p_roi_positive"] is not None else "-"] for d in development]
    table = _table(["quarter_end", "roi", "roi_interval", "benefit", "payback", "p_positive"],
                   rows, [None] * len(rows), lang)
    return block("roi_development", label("quarterly.roi", lang), paragraphs=texts,
                 table=table)


def _targets_block(targets: list[dict], plan, lang: str) -> dict:
    """Per KPI its level, target, deadline, chance and status."""
    rows, tones = [], []
    for r in targets:
        kpi = plan.kpi(r["kpi"])
        status, tone = status_cell(r, lang)
        rows.append([kpi.name, f"{fmt_value(r['level'], lang)} {kpi.unit}",
                     f"{fmt_value(r['target'], lang)}" if r["target"] is not None else "-",
                     fmt_date(r["deadline"], lang),
                     fmt_chance(r["p_meet_target"], lang)
                     if r["p_meet_target"] is not None else "-", status])
        tones.append(tone)
    table = _table(["kpi", "level", "target", "deadline", "chance", "status"], rows, tones,
                   lang)
    return block("target_status", label("quarterly.targets", lang), table=table)


def _question(key: str, facts: dict, plan, lang: str) -> str:
    """One budget question in words; ``facts`` hold its figures and names."""
    fields = dict(facts)
    if "kpi" in fields:
        kpi = plan.kpi(fields.pop("kpi"))
        fields["name"] = kpi.name
        if key == "q_remedy":
            fields["remedy"] = kpi.problem.remedy.rstrip(".")
    if "p" in fields:
        fields["p"] = fmt_chance(fields["p"], lang)
    if "roi" in fields:
        fields["roi"] = fmt_pct(fields["roi"], lang, signed=False)
    if "running" in fields:
        fields["running"] = money(fields["running"], plan.costs.currency, lang)
    if "benefit_money" in fields:
        fields["benefit"] = money(fields.pop("benefit_money"), plan.costs.currency, lang)
    return label(f"quarterly.{key}", lang, **fields)


def quarterly_words(quarter: dict, plan, lang: str) -> dict:
    """The quarterly review's words from :func:`~kpi_analysis.analysis.cadence.quarter`:
    ``title``, ``budget_questions`` and the three blocks."""
    questions = [_question(key, facts, plan, lang) for key, facts in quarter["questions"]] \
        or [label("quarterly.no_questions", lang)]
    name = f"{fmt_date(quarter['start'], lang)} - {fmt_date(quarter['end'], lang)}"
    return {"title": label("quarterly.title", lang, quarter=name),
            "budget_questions": questions,
            "blocks": [_roi_block(quarter["development"], plan, lang),
                       _targets_block(quarter["targets"], plan, lang),
                       block("budget_questions", label("quarterly.budget", lang),
                             items=questions)]}
