"""The reviews laid out: per review rhythm and per audience, and the diagnosis, as plain
text and as a self-contained HTML fragment.

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

Each runs three steps: the figures (:mod:`kpi_analysis.analysis.cadence`), their words
(:mod:`kpi_analysis.words.reviews`), then the layout here. ``html`` is a self-contained
fragment rendered by the template ``templates/review.html.j2``
(:mod:`kpi_analysis.present.html`): inline styles only, no scripts, images or
external addresses, every piece of user text escaped. ``text`` is the same content as
plain text (e-mail). Words come in English and Dutch (``lang``, default the plan's);
numbers and dates are formatted per language by :mod:`kpi_analysis.words.text`. Every
number in the returned dict is JSON-ready (:func:`kpi_analysis.present.results.clean`).
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from ..analysis import cadence as figures
from ..errors import InputError
from ..vocab import CADENCES
from ..vocab import FRAMED_AUDIENCES as AUDIENCES
from ..analysis.progress_words import progress_sentence
from ..words.reviews import block, monthly_words, quarterly_words, weekly_words
from ..words.store import label
from ..words.store import language as report_language
from .html import render
from .results import clean

__all__ = ["weekly_quick_win", "monthly_deep_dive", "quarterly_review", "audience_view",
           "diagnose", "cadence_output", "layout", "AUDIENCES"]


def layout(title: str, intro: str, blocks: list[dict]) -> tuple[str, str]:
    """(plain text, self-contained HTML fragment) of titled blocks; all text escaped."""
    lines = [title, "=" * len(title)] + ([intro] if intro else [])
    for b in blocks:
        if b["title"]:
            lines += ["", b["title"], "-" * len(b["title"])]
        lines += b["paragraphs"] + [f"- {item}" for item in b["items"]]
        table = b["table"]
        if table and table["rows"]:
            lines.append(" | ".join(table["columns"]))
            lines += [" | ".join(map(str, row)) for row in table["rows"]]
    html = render("review.html.j2", title=title, intro=intro, blocks=blocks)
    return "\n".join(lines) + "\n", str(html)


def _review(cadence: str, lang: str, found: dict, content: dict, intro: str,
            **fields) -> dict:
    """One rhythm's output: its period (from ``found``), title and blocks (from
    ``content``), ``fields``, ``text`` and ``html``, every number JSON-ready."""
    out = {"cadence": cadence, "lang": lang, "title": content["title"],
           "period_start": found["period_start"], "period_end": found["period_end"],
           **fields, "blocks": content["blocks"]}
    out["text"], out["html"] = layout(out["title"], intro, out["blocks"])
    return clean(out)


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
      (:func:`kpi_analysis.analysis.progress.kpi_level` over the week's rows; the count is the
      sum of ``n``, or the number of measured items).
    """
    lang = report_language(plan, lang)
    found = figures.week(data, plan, lang, week=week, results=results, case=case)
    words = weekly_words(found, plan, lang)
    return _review("weekly", lang, found, words, words["intro"],
                   highlights=words["highlights"], missing=words["missing"])


def monthly_deep_dive(data: pd.DataFrame, plan, lang: str | None = None, *, month: Any = None,
                      results: pd.DataFrame | None = None) -> dict:
    """The monthly deep dive: trends, problems and next steps (2-3 pages).

    Parameters
    ----------
    data, plan : DataFrame, Plan
        The tidy measurements (:func:`kpi_analysis.load_measurements`) and the plan.
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
    lang = report_language(plan, lang)
    found = figures.month(data, plan, lang, month=month, results=results)
    sentences = [progress_sentence(r, plan.kpi(r["kpi"]), lang)
                 for r in found["now"].to_dict(orient="records")]
    words = monthly_words(found, plan, lang, sentences)
    return _review("monthly", lang, found, words, plan.project, progress=found["progress"],
                   diagnosis=found["diagnosis"])


def quarterly_review(data: pd.DataFrame, plan, lang: str | None = None, *,
                     quarter: Any = None, draws: int = 10_000, seed: int = 0) -> dict:
    """The quarterly executive review: ROI development, target status, budget questions.

    Parameters
    ----------
    data, plan, lang
        As for :func:`monthly_deep_dive`.
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
    lang = report_language(plan, lang)
    found = figures.quarter(data, plan, lang, quarter=quarter, draws=draws, seed=seed)
    words = quarterly_words(found, plan, lang)
    return _review("quarterly", lang, found, words, plan.project,
                   roi_development=found["development"], targets=found["targets"],
                   budget_questions=words["budget_questions"])


def diagnose(data: pd.DataFrame, plan, lang: str | None = None, *,
             results: pd.DataFrame | None = None, frame: pd.DataFrame | None = None) -> dict:
    """Where the chain of success breaks, and each problem as the method writes it.

    Parameters
    ----------
    data, plan : DataFrame, Plan
        The tidy measurements (:func:`kpi_analysis.load_measurements`) and the plan.
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
    review = figures.Review(data, plan, lang, results=results, frame=frame)
    out = figures.diagnosis(review)
    lang = review.lang
    blocks = [block("chain", "", paragraphs=out["summary"],
                    items=[lv["text"] for lv in out["levels"]]),
              block("problems", label("diag.problems", lang),
                    items=[p["text"] for p in out["problems"]])]
    out["text"], out["html"] = layout(label("diag.title", lang), "", blocks)
    out["lang"] = lang
    return clean(out)


def audience_view(data: pd.DataFrame, plan, audience: str, lang: str | None = None, *,
                  results: pd.DataFrame | None = None, case=None) -> dict:
    """What one audience hears, from the numbers the plan and data have.

    Parameters
    ----------
    data, plan : DataFrame, Plan
        The tidy measurements (:func:`kpi_analysis.load_measurements`) and the plan.
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
    lang, kpis, sentences, missing = figures.audience(data, plan, audience, lang,
                                                      results=results, case=case)
    title = label(f"audience.{audience}", lang)
    # what the plan lacks is the author's to-do: in the dict, not in the client's view
    text, html = layout(title, plan.project, [block("sentences", "", paragraphs=sentences)])
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
        raise InputError(f"cadence must be one of {', '.join(map(repr, CADENCES))}; "
                         f"got {cadence!r}")
    return functions[cadence](data, plan, lang, **options)
