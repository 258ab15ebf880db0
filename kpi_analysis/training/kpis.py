"""The exercise of step 2 (notebook 02_kpis): pick KPIs for a use case."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..method.catalogue import (Catalogue, CatalogueEntry, is_speed_or_volume, load_catalogue,
                                resolve_use_case)
from ..method.thresholds import AIM_CATEGORIES, GUARD_CATEGORIES, MAX_PER_AI_USE_CASE
from ..words import text
from ..method.findings import term
from ..words.store import label
from ._common import join_words
from .answers import (Exercise, Graded, blank, empty_feedback, graded_feedback, read_ids,
                      unknown_ids)
from .feedback import Feedback, Point
from .samples import kpi_entry, load_sample

#: pick 2 to this many KPIs for one AI use case (the method: at most 5-7, fewer is better)
MAX_PICKS = MAX_PER_AI_USE_CASE[0]


def pick_context(sample: str):
    s = load_sample(sample)
    use_case = resolve_use_case(s.plan.use_case)
    return s, use_case, load_catalogue()


def _model_pick(lang: str = "en", *, sample: str = "chatbot") -> list[str]:
    """The sample plan's own KPIs, as catalogue entries."""
    s = load_sample(sample)
    picks = []
    for kpi in s.plan.kpis:
        entry = kpi_entry(kpi)
        if entry is not None and entry.id not in picks:
            picks.append(entry.id)
    return picks


@dataclass(frozen=True)
class _Picks:
    """What a learner's picks hold, before any wording."""

    given: list[str]
    unknown: list[str]
    outside: list[CatalogueEntry]
    flagged: list[CatalogueEntry]
    outcome: list[CatalogueEntry]
    unguarded: list[CatalogueEntry]
    any_speed: bool


def _sort_picks(given: list[str], cat: Catalogue, use_case: str, aim: str) -> _Picks:
    """The picks sorted by the method's criteria: unknown ids, KPIs outside the use
    case, vanity/output metrics, outcome KPIs serving the aim, unguarded speed KPIs."""
    valid = [e.id for e in cat.kpis]
    entries = [cat.entry(i) for i in given if i in valid]

    def speed(e):
        return is_speed_or_volume(e.category, e.kind, e.direction)

    counted = [e for e in entries if not e.flagged]
    guards = [e for e in counted if e.category in GUARD_CATEGORIES and not speed(e)]
    return _Picks(
        given=given, unknown=[i for i in given if i not in valid],
        outside=[e for e in entries if use_case not in e.use_cases],
        flagged=[e for e in entries if e.flagged],
        outcome=[e for e in entries if e.category in AIM_CATEGORIES[aim] and not e.flagged
                 and e.level in ("process", "business")],
        unguarded=[e for e in counted if speed(e)] if not guards else [],
        any_speed=any(speed(e) for e in counted))


def _word_picks(p: _Picks, cat: Catalogue, use_case: str, use_case_name: str, aim_text: str,
                categories: str, lang: str) -> list[Graded]:
    """The sorted picks as points, each with its hint when it does not hold."""
    graded: list[Graded] = []

    def add(key: str, ok: bool, why: str, hint: str = ""):
        graded.append((Point(label(f"training.{key}", lang), ok, why), hint))

    def names(entries):
        return join_words([e.name(lang) for e in entries], lang)

    if p.unknown:
        listed = [e.id for e in cat.kpis if use_case in e.use_cases]
        add("pick.known", False, unknown_ids(p.unknown, listed, lang),
            label("training.ids.hint_unknown", lang, example=listed[0]))
    else:
        add("pick.known", True, label("training.pick.known.ok", lang))
    if p.outside:
        add("pick.use_case", False, label("training.pick.use_case.bad", lang,
                                          names=names(p.outside),
                                          use_case=use_case_name),
            label("training.pick.use_case.hint", lang, use_case=use_case_name))
    else:
        add("pick.use_case", True, label("training.pick.use_case.ok", lang, use_case=use_case_name))
    if p.flagged:
        items = "; ".join(label("training.pick.vanity.item", lang, name=e.name(lang),
                                instead=cat.entry(e.guard).name(lang)) for e in p.flagged)
        add("pick.vanity", False, label("training.pick.vanity.bad", lang, items=items),
            label("training.vanity.hint_wrong", lang))
    else:
        add("pick.vanity", True, label("training.pick.vanity.ok", lang))
    n = len(p.given)
    if n < 2 or n > MAX_PICKS:
        add("pick.count", False,
            label("training.pick.count.few" if n < 2 else "training.pick.count.many", lang,
                                     n=n, max=MAX_PICKS),
            label("training.pick.count.hint", lang, max=MAX_PICKS))
    else:
        add("pick.count", True, label("training.pick.count.ok", lang, n=n))
    if p.outcome:
        add("pick.goal", True, label("training.pick.goal.ok", lang, names=names(p.outcome),
                                     aim=aim_text))
    else:
        add("pick.goal", False, label("training.pick.goal.bad", lang, categories=categories,
                                      aim=aim_text),
            label("training.pick.goal.hint", lang, categories=categories))
    if p.unguarded:
        suggestion = cat.entry(p.unguarded[0].guard)
        add("pick.guard", False, label("training.pick.guard.bad", lang, names=names(p.unguarded)),
            label("training.pick.guard.hint", lang, suggestion=suggestion.name(lang),
                  id=suggestion.id))
    else:
        add("pick.guard", True,
            label("training.pick.guard.ok" if p.any_speed else "training.pick.guard.none", lang))
    return graded


def _check_pick(answer: Any, lang: str, *, sample: str = "chatbot") -> Feedback:
    s, use_case, cat = pick_context(sample)
    group = cat.use_cases[use_case]
    use_case_name = group.name_nl if lang == "nl" else group.name_en
    aim = s.plan.goal.business_aim
    aim_text = text.label(f"aim.{aim}", lang)
    categories = join_words([term(f"category.{c}", lang) for c in sorted(AIM_CATEGORIES[aim])],
                            lang, "or")
    if blank(answer):
        return empty_feedback("pick_kpis", lang, label("training.pick.use_case.hint", lang,
                                                       use_case=use_case_name))
    picks = _sort_picks(read_ids(answer), cat, use_case, aim)
    graded = _word_picks(picks, cat, use_case, use_case_name, aim_text, categories, lang)
    return graded_feedback("pick_kpis", graded, lang, "pick.pass", "pick.todo", aim=aim_text)


EXERCISES = (
    Exercise("pick_kpis", "02_kpis", _check_pick, _model_pick),
)
