"""The exercise table and what the notebooks call: :func:`check`, :func:`answer`,
:func:`model_answer`, :func:`example`, :func:`options`, :func:`progress`."""
from __future__ import annotations

import inspect
from typing import Any

import pandas as pd

from ..errors import InputError
from ..method.catalogue import catalogue
from ..words import text
from . import baseline, goal, intro, kpis, remeasure, share
from ..method.findings import term
from ..words.store import label
from ._common import check_lang, money, num
from .answers import Exercise
from .feedback import Box, Feedback
from .goal import smart_context
from .intro import LEADING_OPTIONS, LEVEL_OPTIONS, VANITY_OPTIONS
from .kpis import pick_context
from .remeasure import run_test
from .samples import kpi_entry, kpi_name, kpi_unit, load_sample
from .share import roi_case


#: every exercise by id, in the order of the notebooks
EXERCISES: dict[str, Exercise] = {e.id: e for e in (
    *intro.EXERCISES, *goal.EXERCISES, *kpis.EXERCISES, *baseline.EXERCISES,
    *remeasure.EXERCISES, *share.EXERCISES)}

_LOG: list[Feedback] = []


def _exercise(exercise: str, **context) -> Exercise:
    """The exercise, after checking that it takes the ``context`` arguments given."""
    try:
        found = EXERCISES[exercise]
    except KeyError:
        raise InputError(f"exercise: '{exercise}' is not an exercise; valid: "
                         f"{', '.join(EXERCISES)}") from None
    takes = [name for name, p in inspect.signature(found.check).parameters.items()
             if p.kind == p.KEYWORD_ONLY]
    unknown = sorted(set(context) - set(takes))
    if unknown:
        raise InputError(f"{exercise}: no argument {', '.join(unknown)}; it takes "
                         f"{', '.join(takes) if takes else 'no sample or kpi'}")
    return found


def model_answer(exercise: str, lang: str = "en", **context) -> Any:
    """The model answer of ``exercise``, computed from the sample (``context``: e.g.
    ``sample=``, ``kpi=`` to use the exercise on another sample)."""
    return _exercise(exercise, **context).model(check_lang(lang), **context)


def answer(exercise: str, mine: Any, solution: bool = False, lang: str = "en", **context) -> Any:
    """The learner's answer ``mine``, or the model answer when ``solution`` is True.

    Examples
    --------
    >>> answer("first_evaluation", "next week")
    'next week'
    >>> answer("first_evaluation", "next week", solution=True)
    '2026-05-04'
    """
    _exercise(exercise, **context)
    return model_answer(exercise, lang, **context) if solution else mine


def check(exercise: str, answer: Any, lang: str = "en", **context) -> Feedback:
    """Check the learner's ``answer`` to ``exercise`` and record the result.

    Parameters
    ----------
    exercise : str
        One of :data:`EXERCISES` (see the module docstring for what each one takes).
    answer : str, list, dict or number
        The learner's answer as a plain value.
    lang : {'en', 'nl'}
        Language of the feedback.
    **context
        Run the exercise on another sample or KPI (``sample=``, ``kpi=``).

    Returns
    -------
    Feedback
        Shown in a notebook as a green box (right) or an amber box with a hint.
    """
    feedback = _exercise(exercise, **context).check(answer, check_lang(lang), **context)
    _LOG.append(feedback)
    return feedback


def example(exercise: str, answer: Any, lang: str = "en", **context) -> Feedback:
    """Like :func:`check`, for a worked example in the notebook: not recorded."""
    feedback = _exercise(exercise, **context).check(answer, check_lang(lang), **context)
    return Feedback(**{**feedback.__dict__, "example": True})


def results() -> pd.DataFrame:
    """Every check of this session: ``exercise``, ``passed``, ``message`` in order."""
    return pd.DataFrame([{"exercise": f.exercise, "passed": f.passed, "message": f.message}
                         for f in _LOG], columns=["exercise", "passed", "message"])


def reset() -> None:
    """Forget the checks recorded so far (a new learner on the same kernel)."""
    _LOG.clear()


def progress(lang: str = "en") -> Box:
    """The exercises checked in this session and whether the last attempt was right."""
    lang = check_lang(lang)
    last = {f.exercise: f for f in _LOG}
    if not last:
        return Box(label("training.progress.title", lang), (label("training.progress.none", lang),))
    table = pd.DataFrame({
        label("training.box.exercise", lang): [label(f"training.title.{e}", lang) for e in last],
        label("training.col.status", lang): [
            label("training.progress.done" if f.passed else "training.progress.todo", lang)
            for f in last.values()]})
    passed = sum(f.passed for f in last.values())
    return Box(label("training.progress.title", lang),
               (label("training.progress.count", lang, passed=passed, total=len(last)),),
               table.set_index(label("training.box.exercise", lang)))


# --- what the learner sees before answering ---------------------------------------------------

def _catalogue_table(ids, lang: str, columns=("name", "unit")) -> pd.DataFrame:
    cat = catalogue(lang=lang).set_index("id")
    frame = cat.loc[list(ids), list(columns)]
    frame.columns = [label(f"training.col.{c}", lang) for c in columns]
    frame.index.name = "id"
    return frame


def options(exercise: str, lang: str = "en", **context) -> pd.DataFrame:
    """What the learner needs to answer ``exercise``: the choices or the facts.

    Returns a table: catalogue entries to choose from (names and units in ``lang``,
    without the flags being asked for), or the facts of the sample (baseline level,
    go-live, the data columns, the cost lines of the business case).
    """
    lang = check_lang(lang)
    _exercise(exercise, **context)
    if exercise == "vanity_metrics":
        return _catalogue_table(VANITY_OPTIONS, lang)
    if exercise == "leading_lagging":
        return _catalogue_table(LEADING_OPTIONS, lang)
    if exercise == "ai_levels":
        return _catalogue_table(LEVEL_OPTIONS, lang)
    if exercise == "pick_kpis":
        s, use_case, _ = pick_context(context.get("sample", "chatbot"))
        frame = catalogue(use_case=use_case, lang=lang)
        frame = frame.assign(level=[term(f"level.{v}", lang) for v in frame["level"]],
                             category=[term(f"category.{v}", lang) for v in frame["category"]])
        table = frame.set_index("id")[["name", "level", "category", "reference"]]
        table.columns = [label(f"training.col.{c}", lang) for c in ("name", "level_ai", "category",
                                                                    "reference")]
        return table
    if exercise == "smart_target":
        s, k, before = smart_context(context.get("sample", "invoicing"),
                                     context.get("kpi", "days_to_paid"))
        entry = kpi_entry(k)
        reference = (entry.reference.nl if lang == "nl" else entry.reference.en) \
            if entry is not None and entry.reference else "-"
        facts = [("smart.kpi", kpi_name(k, lang)),
                 ("smart.baseline", f"{num(before, lang)} {kpi_unit(k, lang)}"),
                 ("smart.direction", text.label(f"direction.{k.direction}", lang)),
                 ("smart.reference", reference),
                 ("smart.go_live", text.fmt_date(s.plan.periods.go_live, lang)),
                 ("smart.goal_deadline", text.fmt_date(s.plan.goal.deadline, lang))]
    elif exercise == "first_evaluation":
        plan = load_sample(context.get("sample", "invoicing")).plan
        p = plan.periods
        facts = [("first.baseline", f"{text.fmt_date(p.baseline.start, lang)} - "
                                    f"{text.fmt_date(p.baseline.end, lang)}"),
                 ("first.go_live", text.fmt_date(p.go_live, lang)),
                 ("first.stabilisation", str(p.stabilisation_weeks))]
    elif exercise == "choose_test":
        s = load_sample(context.get("sample", "invoicing"))
        k = s.kpi(context.get("kpi", "errors_per_100"))
        return s.rows(k.id).head(6)[["date", "kpi", "value", "n", "period"]].reset_index(drop=True)
    elif exercise == "baseline_level":
        s = load_sample(context.get("sample", "invoicing"))
        return s.rows(context.get("kpi", "days_to_paid"))[["date", "value", "period"]] \
            .reset_index(drop=True)
    elif exercise == "verdict":
        return run_test("compare_series", context.get("sample", "production"),
                        context.get("kpi", "downtime_hours"), lang)
    else:  # roi
        sample = context.get("sample", "invoicing")
        case = roi_case(sample)
        cur = case["currency"]
        facts = [(label("training.roi.benefit", lang, name=b["name"]),
                  money(b["per_month"], lang, cur))
                 for b in case["benefits"]]
        facts.append((label("training.roi.months", lang), str(case["horizon_months"])))
        facts += [(label("training.roi.one_off_item", lang, item=c["item"]),
                   money(c["amount"], lang, cur))
                  for c in case["investment"]["one_off"]]
        facts += [(label("training.roi.monthly_item", lang, item=c["item"]),
                   money(c["amount"], lang, cur))
                  for c in case["investment"]["monthly"]]
        frame = pd.DataFrame(facts, columns=[label("training.col.item", lang),
                                             label("training.col.amount", lang)])
        return frame.set_index(label("training.col.item", lang))
    frame = pd.DataFrame([(label(f"training.{k}", lang), v) for k, v in facts],
                         columns=["", label("training.col.value", lang)])
    return frame.set_index("")

