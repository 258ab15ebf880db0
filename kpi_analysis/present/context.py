"""The report's context: one small object the report notebooks pass to every section.

A report notebook computes its inputs one call a cell (plan, measurements, checks,
results, business case ...), gathers them once with ``ctx = show.context(plan, data,
lang=lang, audience=audience, checks=checks, results=results, case=case)`` and calls
each section with it: ``show.goal(ctx)``, ``show.summary(ctx)``. An analyst who changes
a parameter (the audience, the language) reruns the cells from there.

:func:`contextual` lets a section take either the context or its older positional
form (``show.goal(plan, checks, lang, audience)``), which the tests still use.
"""
from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..vocab import AUDIENCES, CADENCES, LANGUAGES

__all__ = ["Context", "context", "contextual"]


@dataclass(frozen=True, eq=False)
class Context:
    """What the report's sections show: the plan and its measurements in one language
    for one audience, and whatever the notebook computed from them (None: not computed,
    the section shows what it can without it)."""

    plan: Any
    data: Any
    lang: str
    audience: str = "all"
    checks: Any = None
    results: Any = None
    case: Any = None
    trends: Any = None
    placebo: Any = None
    progress: Any = None
    diagnosis: Any = None
    need: Any = None
    data_path: Any = None
    cadence: str = ""
    signed: Any = None
    since: Any = None

    def __post_init__(self):
        for field, valid in (("lang", LANGUAGES), ("audience", AUDIENCES)):
            if getattr(self, field) not in valid:
                raise InputError(f"{field}: '{getattr(self, field)}' is not known; "
                                 f"valid: {', '.join(valid)}")
        if self.cadence and self.cadence not in CADENCES:
            raise InputError(f"cadence: '{self.cadence}' is not known; valid: "
                             f"{', '.join(CADENCES)} or empty")


def context(plan, data, *, lang: str, audience: str = "all", **computed) -> Context:
    """The report's :class:`Context`; ``computed`` are the notebook's results by name
    (checks, results, case, trends, placebo, progress, diagnosis, need, data_path,
    cadence, signed, since). Raises InputError naming a language, audience or cadence that is not
    known."""
    unknown = sorted(set(computed) - set(inspect.signature(Context).parameters))
    if unknown:
        raise InputError(f"context: '{unknown[0]}' is not a field; valid: "
                         f"{', '.join(inspect.signature(Context).parameters)}")
    return Context(plan, data, lang, audience, **computed)


def contextual(**renamed):
    """A section that takes a :class:`Context` as its first argument, or its own
    parameters as before; ``renamed`` maps a parameter to the context's field
    (``table="placebo"``). Parameters the context lacks (``kind``) follow the context
    positionally or by name: ``show.title(ctx, "impact")``."""
    def wrap(function):
        names = list(inspect.signature(function).parameters)

        @functools.wraps(function)
        def call(*args, **kwargs):
            if not args or not isinstance(args[0], Context):
                return function(*args, **kwargs)
            ctx, values = args[0], {}
            for name in names:
                field = renamed.get(name, name)
                if name not in kwargs and hasattr(ctx, field):
                    values[name] = getattr(ctx, field)
            rest = [n for n in names if n not in values and n not in kwargs]
            values.update(zip(rest, args[1:]))
            return function(**values, **kwargs)
        return call
    return wrap
