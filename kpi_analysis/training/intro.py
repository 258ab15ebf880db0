"""Exercises of the introduction (notebook 00): vanity metrics, leading indicators,
the four AI levels."""
from __future__ import annotations

from typing import Any

from ..method.catalogue import CatalogueEntry, load_catalogue
from ._common import say, term
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



def _model_vanity(lang: str = "en") -> list[str]:
    cat = load_catalogue()
    return [i for i in VANITY_OPTIONS if cat.entry(i).flagged]


def _check_vanity(answer: Any, lang: str) -> Feedback:
    cat = load_catalogue()
    if blank(answer):
        return empty_feedback("vanity_metrics", lang, say("vanity.hint_start", lang))
    given = read_ids(answer)
    unknown = [i for i in given if i not in VANITY_OPTIONS]
    if unknown:
        return Feedback("vanity_metrics", False, unknown_ids(unknown, list(VANITY_OPTIONS), lang),
                        say("ids.hint_unknown", lang, example=VANITY_OPTIONS[0]), lang=lang)
    flagged = set(_model_vanity())
    wrong = [i for i in given if i not in flagged]
    missed = [i for i in VANITY_OPTIONS if i in flagged and i not in given]

    def why(i):
        entry = cat.entry(i)
        return say("vanity.flagged", lang, name=entry.name(lang),
                    what=say(f"vanity.what.{_flag_kind(entry)}", lang),
                    instead=cat.entry(entry.guard).name(lang))

    if not wrong and not missed:
        points = tuple(Point(cat.entry(i).name(lang), True, why(i)) for i in VANITY_OPTIONS
                       if i in flagged)
        return Feedback("vanity_metrics", True, say("vanity.pass", lang), points=points,
                        lang=lang)
    points = [Point(cat.entry(i).name(lang), True, why(i)) for i in given if i in flagged]
    points += [Point(cat.entry(i).name(lang), False, say(
        "vanity.wrong", lang, name=cat.entry(i).name(lang),
        category=term(f"category.{cat.entry(i).category}", lang))) for i in wrong]
    hint = say("vanity.hint_missed", lang, n=len(missed)) if missed else \
        say("vanity.hint_wrong", lang)
    message = say("vanity.found", lang, found=len(flagged) - len(missed), total=len(flagged))
    return Feedback("vanity_metrics", False, message, hint, tuple(points), lang)


# --- exercise: leading and lagging -----------------------------------------------------

def _model_leading(lang: str = "en") -> list[str]:
    cat = load_catalogue()
    return [i for i in LEADING_OPTIONS if cat.entry(i).indicator == "leading"]


def _check_leading(answer: Any, lang: str) -> Feedback:
    cat = load_catalogue()
    if blank(answer):
        return empty_feedback("leading_lagging", lang, say("leading.hint", lang))
    given = read_ids(answer)
    unknown = [i for i in given if i not in LEADING_OPTIONS]
    if unknown:
        return Feedback("leading_lagging", False,
                        unknown_ids(unknown, list(LEADING_OPTIONS), lang),
                        say("ids.hint_unknown", lang, example=LEADING_OPTIONS[0]), lang=lang)
    leading = set(_model_leading())
    wrong = [i for i in given if i not in leading]
    missed = [i for i in LEADING_OPTIONS if i in leading and i not in given]
    right = [Point(cat.entry(i).name(lang), True,
                   say("leading.item", lang, name=cat.entry(i).name(lang)))
             for i in LEADING_OPTIONS if i in leading and i in given]
    if not wrong and not missed:
        return Feedback("leading_lagging", True, say("leading.pass", lang), points=tuple(right),
                        lang=lang)
    points = right + [Point(cat.entry(i).name(lang), False,
                            say("leading.wrong", lang, name=cat.entry(i).name(lang)))
                      for i in wrong]
    message = say("leading.found", lang, found=len(leading) - len(missed), total=len(leading))
    return Feedback("leading_lagging", False, message, say("leading.hint", lang),
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
        return empty_feedback("ai_levels", lang, say("levels.hint", lang))
    model = {i: load_catalogue().entry(i).level for i in LEVEL_OPTIONS}
    points = []
    for kpi_id, right in model.items():
        name = cat.entry(kpi_id).name(lang)
        raw = given.get(kpi_id)
        chosen = _level_of(raw) if not blank(raw) else None
        if blank(raw):
            points.append(Point(name, False, say("levels.missing", lang, name=name)))
        elif chosen is None:
            points.append(Point(name, False, say("levels.unknown", lang, name=name, given=raw)))
        elif chosen != right:
            points.append(Point(name, False, say(
                "levels.wrong", lang, name=name, level=term(f"level.{chosen}", lang),
                meaning=say(f"level.meaning.{chosen}", lang))))
        else:
            points.append(Point(name, True, say(
                "levels.item", lang, name=name, level=term(f"level.{right}", lang),
                meaning=say(f"level.meaning.{right}", lang))))
    right_count = sum(p.ok for p in points)
    if right_count == len(model):
        return Feedback("ai_levels", True, say("levels.pass", lang), points=tuple(points),
                        lang=lang)
    return Feedback("ai_levels", False, say("levels.count", lang, right=right_count,
                                             total=len(model)),
                    say("levels.hint", lang), tuple(points), lang)


EXERCISES = (
    Exercise("vanity_metrics", "00_introduction", _check_vanity, _model_vanity),
    Exercise("leading_lagging", "00_introduction", _check_leading, _model_leading),
    Exercise("ai_levels", "00_introduction", _check_levels, _model_levels),
)
