"""Exercises of the introduction (notebook 00): vanity metrics, leading indicators,
the four AI levels."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..method.catalogue import CatalogueEntry, load_catalogue

from ..method.findings import term
from ..words.store import label
from .answers import Exercise, blank, clean, empty_feedback, read_ids, unknown_ids
from .feedback import Feedback, Point

_LEVEL_WORDS = {
    "technical": ("technical", "technisch", "techniek", "tech"),
    "process": ("process", "proces"),
    "business": ("business", "bedrijf", "bedrijfsresultaat", "zakelijk", "business value"),
    "adoption": ("adoption", "user adoption", "usage", "gebruik", "adoptie",
                 "gebruikersadoptie"),
}
VANITY_OPTIONS = ("website_visitors", "conversion_rate", "chatbot_interactions",
                  "first_contact_resolution", "emails_sent", "days_to_paid",
                  "documents_generated")
LEADING_OPTIONS = ("demos_booked", "revenue", "trials_started", "csat", "sales_calls", "profit")
LEVEL_OPTIONS = ("uptime", "time_to_first_draft", "cost_saving", "active_users")


def _flag_kind(entry: CatalogueEntry) -> str:
    if entry.output:
        return "output"
    return "reach" if entry.category == "reach" else "activity"



@dataclass(frozen=True)
class _Chosen:
    """The ids a learner chose, the right ones among the choices, and the learner's
    wrong and missed ones."""

    given: list[str]
    right: set[str]
    wrong: list[str]
    missed: list[str]


def _choice(exercise: str, answer: Any, choices: tuple[str, ...], model: Callable[[], list[str]],
            hint: str, lang: str) -> _Chosen | Feedback:
    """The ids a learner chose among ``choices`` against the ``model`` answer, or the
    feedback on a blank answer (with ``hint``) or on ids that are not among the choices."""
    if blank(answer):
        return empty_feedback(exercise, lang, hint)
    given = read_ids(answer)
    unknown = [i for i in given if i not in choices]
    if unknown:
        return Feedback(exercise, False, unknown_ids(unknown, list(choices), lang),
                        label("training.ids.hint_unknown", lang, example=choices[0]), lang=lang)
    right = set(model())
    return _Chosen(given, right, [i for i in given if i not in right],
                   [i for i in choices if i in right and i not in given])


def _model_vanity(lang: str = "en") -> list[str]:
    cat = load_catalogue()
    return [i for i in VANITY_OPTIONS if cat.entry(i).flagged]


def _check_vanity(answer: Any, lang: str) -> Feedback:
    chosen = _choice("vanity_metrics", answer, VANITY_OPTIONS, _model_vanity,
                     label("training.vanity.hint_start", lang), lang)
    if isinstance(chosen, Feedback):
        return chosen
    cat, given, flagged, wrong, missed = (load_catalogue(), chosen.given, chosen.right,
                                          chosen.wrong, chosen.missed)

    def why(i):
        entry = cat.entry(i)
        return label("training.vanity.flagged", lang, name=entry.name(lang),
                     what=label(f"training.vanity.what.{_flag_kind(entry)}", lang),
                     instead=cat.entry(entry.guard).name(lang))

    if not wrong and not missed:
        points = tuple(Point(cat.entry(i).name(lang), True, why(i)) for i in VANITY_OPTIONS
                       if i in flagged)
        return Feedback("vanity_metrics", True, label("training.vanity.pass", lang), points=points,
                        lang=lang)
    points = [Point(cat.entry(i).name(lang), True, why(i)) for i in given if i in flagged]
    points += [Point(cat.entry(i).name(lang), False, label(
        "training.vanity.wrong", lang, name=cat.entry(i).name(lang),
        category=term(f"category.{cat.entry(i).category}", lang))) for i in wrong]
    hint = label("training.vanity.hint_missed", lang, n=len(missed)) if missed else \
        label("training.vanity.hint_wrong", lang)
    message = label("training.vanity.found", lang, found=len(flagged) - len(missed),
                    total=len(flagged))
    return Feedback("vanity_metrics", False, message, hint, tuple(points), lang)


# --- exercise: leading and lagging -----------------------------------------------------

def _model_leading(lang: str = "en") -> list[str]:
    cat = load_catalogue()
    return [i for i in LEADING_OPTIONS if cat.entry(i).indicator == "leading"]


def _check_leading(answer: Any, lang: str) -> Feedback:
    chosen = _choice("leading_lagging", answer, LEADING_OPTIONS, _model_leading,
                     label("training.leading.hint", lang), lang)
    if isinstance(chosen, Feedback):
        return chosen
    cat, leading, wrong, missed = load_catalogue(), chosen.right, chosen.wrong, chosen.missed
    right = [Point(cat.entry(i).name(lang), True,
                   label("training.leading.item", lang, name=cat.entry(i).name(lang)))
             for i in LEADING_OPTIONS if i in leading and i in chosen.given]
    if not wrong and not missed:
        return Feedback("leading_lagging", True, label("training.leading.pass", lang),
                        points=tuple(right), lang=lang)
    points = right + [Point(cat.entry(i).name(lang), False,
                            label("training.leading.wrong", lang, name=cat.entry(i).name(lang)))
                      for i in wrong]
    message = label("training.leading.found", lang, found=len(leading) - len(missed),
                    total=len(leading))
    return Feedback("leading_lagging", False, message, label("training.leading.hint", lang),
                    tuple(points), lang)


# --- exercise: the four AI levels -----------------------------------------------------

def _level_of(word: Any) -> str | None:
    plain = clean(str(word)).strip()
    for level_id, words in _LEVEL_WORDS.items():
        if plain in words:
            return level_id
    return None


def _model_levels(lang: str = "en") -> dict[str, str]:
    cat = load_catalogue()
    return {i: term(f"level.{cat.entry(i).level}", lang) for i in LEVEL_OPTIONS}


def _check_levels(answer: Any, lang: str) -> Feedback:
    cat = load_catalogue()
    given = answer if isinstance(answer, dict) else {}
    if blank(answer) or not any(not blank(v) for v in given.values()):
        return empty_feedback("ai_levels", lang, label("training.levels.hint", lang))
    model = {i: load_catalogue().entry(i).level for i in LEVEL_OPTIONS}
    points = []
    for kpi_id, right in model.items():
        name = cat.entry(kpi_id).name(lang)
        raw = given.get(kpi_id)
        chosen = _level_of(raw) if not blank(raw) else None
        if blank(raw):
            points.append(Point(name, False, label("training.levels.missing", lang, name=name)))
        elif chosen is None:
            points.append(Point(name, False, label("training.levels.unknown", lang, name=name,
                                                   given=raw)))
        elif chosen != right:
            points.append(Point(name, False, label(
                "training.levels.wrong", lang, name=name, level=term(f"level.{chosen}", lang),
                meaning=label(f"training.level.meaning.{chosen}", lang))))
        else:
            points.append(Point(name, True, label(
                "training.levels.item", lang, name=name, level=term(f"level.{right}", lang),
                meaning=label(f"training.level.meaning.{right}", lang))))
    right_count = sum(p.ok for p in points)
    if right_count == len(model):
        return Feedback("ai_levels", True, label("training.levels.pass", lang),
                        points=tuple(points),
                        lang=lang)
    return Feedback("ai_levels", False, label("training.levels.count", lang, right=right_count,
                                              total=len(model)),
                    label("training.levels.hint", lang), tuple(points), lang)


EXERCISES = (
    Exercise("vanity_metrics", "00_introduction", _check_vanity, _model_vanity),
    Exercise("leading_lagging", "00_introduction", _check_leading, _model_leading),
    Exercise("ai_levels", "00_introduction", _check_levels, _model_levels),
)
