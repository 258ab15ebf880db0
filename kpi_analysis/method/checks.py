"""Holding a plan against the method: :func:`check_plan`, its exit code and text table.

:func:`check_plan` holds a plan against the five-step method before any data is
trusted: the checklist, SMART and IPA per KPI, the number of KPIs, vanity and output
metrics, Goodhart guards, the balance of leading and lagging indicators and of the
four AI levels, and the timing of baseline, stabilisation and evaluation. It runs the
rules of :data:`kpi_analysis.method.rules.RULES` and returns one row per finding::

    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> checks = ka.check_plan(ka.load_plan(PLAN_TEMPLATE))
    >>> checks.columns.tolist()
    ['item', 'status', 'message', 'kpi']
    >>> bool((checks["status"] == "fail").any())
    False
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..plan import Plan, load_plan
from ..words import text
from ..words.store import label
from ._terminal import table
from .catalogue import Reference
from .findings import Context, Days, Finding, Pct, Rule, Term, Weeks, baseline_stats, term
from .rules import RULES, SIGNOFF_RULES

STATUSES = ("pass", "warn", "fail")
COLUMNS = ["item", "status", "message", "kpi"]


def _digits(x: float) -> int:
    """Decimals worth showing: none from 100 up, else as few as keep two decimals' worth."""
    x = abs(float(x))
    if x >= 100:
        return 0
    return next(d for d in (0, 1, 2) if round(x, d) == round(x, 2) or (d == 1 and x >= 10))


def _show(value, lang: str) -> str:
    """One message value in the message language."""
    if isinstance(value, Pct):
        return text.fmt_pct(float(value) * 100, lang, 0 if abs(value) >= 0.1 else 1)
    if isinstance(value, Term):
        return term(value, lang)
    if isinstance(value, (Weeks, Days)):
        return text.fmt_count(int(value), type(value).__name__.lower()[:-1], lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, np.floating, np.integer)):
        return text.fmt_number(float(value), lang, _digits(value))
    if isinstance(value, date):
        return text.fmt_date(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(v, lang) for v in value)
    return str(value)




def _message(rule: Rule, finding: Finding, lang: str) -> str:
    params = {k: (v.nl if lang == "nl" else v.en) if isinstance(v, Reference) else v
              for k, v in finding.params.items()}
    return label(f"method.{rule.item}.{finding.key}", lang,
                 **{k: _show(v, lang) for k, v in params.items()})


def check_plan(plan: Plan | str | Path, lang: str | None = None,
               baseline: pd.DataFrame | None = None,
               sign_off: dict | None = None) -> pd.DataFrame:
    """Check a plan against the method: checklist, SMART, IPA, counts, pitfalls, timing.

    Parameters
    ----------
    plan : Plan or str or Path
        A validated plan, or the path of a plan file.
    lang : {'en', 'nl'}, optional
        Message language; default the plan's ``language``.
    baseline : DataFrame, optional
        The tidy measurements (``ka.load_measurements``: ``date, kpi, value`` and
        optionally ``n``, ``period``; without ``period`` the plan's dates label the
        rows). Rules that need the baseline's level, spread or length use it; without
        it they judge from the plan alone and say so in the message.
    sign_off : dict, optional
        The plan against its sign-off (:func:`kpi_analysis.sign_off`: ``locked_at``,
        ``deviations``); with a lock, the rows of
        :data:`~kpi_analysis.method.rules.SIGNOFF_RULES` follow the others.

    Returns
    -------
    DataFrame
        One row per finding, in the order of :data:`RULES` and, within a rule, of the
        plan's KPIs: ``item`` (see ``docs/checks.md``), ``status`` (``pass``, ``warn``,
        ``fail``), ``message`` (in ``lang``) and ``kpi`` (the KPI id, None for rows about
        the whole plan), then the sign-off rows when ``sign_off`` holds a lock.

    Raises
    ------
    InputError
        For an unknown language or a baseline frame without ``date, kpi, value``.
    PlanError
        When ``plan`` is a path to an invalid plan.

    Examples
    --------
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> checks = check_plan(PLAN_TEMPLATE)
    >>> check_exit_code(checks)
    0
    """
    if isinstance(plan, (str, Path)):
        plan = load_plan(plan)
    if not isinstance(plan, Plan):
        raise InputError(f"plan: expected a Plan or a plan file path, got {type(plan).__name__}")
    lang = text.language(plan, lang)
    ctx = Context(plan, baseline_stats(plan, baseline) if baseline is not None else None,
                  lang, sign_off)
    rows = []
    for rule in (*RULES, *SIGNOFF_RULES):
        targets = [(None, ())] if rule.scope == "plan" else [(k.id, (k,)) for k in plan.kpis]
        for kpi_id, args in targets:
            for finding in rule.check(ctx, *args):
                rows.append({"item": rule.item, "status": finding.status,
                             "message": _message(rule, finding, lang),
                             "kpi": kpi_id})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["kpi"] = frame["kpi"].astype(object).where(frame["kpi"].notna(), None)
    return frame


def check_summary(checks: pd.DataFrame) -> dict[str, int]:
    """How many rows of :func:`check_plan` have each status: ``{'pass': n, 'warn': n,
    'fail': n}`` (every status present, zero when absent)."""
    counts = checks["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}


def check_exit_code(checks: pd.DataFrame) -> int:
    """1 when any check failed, else 0 (the exit code of ``kpi check``)."""
    return int(check_summary(checks)["fail"] > 0)


# --- terminal output -----------------------------------------------------------------

_COLOURS = {"pass": "\033[32m", "warn": "\033[33m", "fail": "\033[31m"}
_RESET = "\033[0m"


def format_checks(checks: pd.DataFrame, color: bool = False, lang: str = "en") -> str:
    """The checks as a text table for a terminal, with a summary line.

    Parameters
    ----------
    checks : DataFrame
        The result of :func:`check_plan`.
    color : bool
        Colour the status with ANSI codes: green pass, yellow warn, red fail.
    lang : str
        The language of the header and the statuses (the messages are in the language
        :func:`check_plan` wrote them in).

    Returns
    -------
    str
        Columns status, item, kpi, message; then ``pass N  warn N  fail N`` (in Dutch
        ``in orde N  aandacht N  herstellen N``).
    """
    def word(key: str) -> str:
        return label(f"v16nl.check.{key}", lang)

    def paint(row, cells):
        if color:
            cells[0] = f"{_COLOURS[row[-1]]}{cells[0]}{_RESET}"
        return cells

    rows = [[word(r.status), r.item, r.kpi or "", r.message, r.status]
            for r in checks.itertuples()]
    header = [word(key) for key in ("status", "item", "kpi", "message")]
    summary = "  ".join((f"{_COLOURS[s]}{word(s)} {n}{_RESET}" if color else f"{word(s)} {n}")
                        for s, n in check_summary(checks).items())
    return table(rows, header, paint) + "\n\n" + summary
