"""The plan-check rules of the method: checklist, SMART, IPA, counts, pitfalls, timing.

Every rule lives in one table, :data:`RULES`: its item name (a stable public
contract, documented in ``docs/checks.md``), its scope (the plan, or each KPI) and the
function that judges it; its messages are data in the words store, one per finding key
and language (``method.<item>.<key>`` in ``kpi_analysis/words/locales/<lang>/method.yaml``).
A rule returns
findings (:mod:`kpi_analysis.method.findings`) -- status, message key and the values
to fill in -- and never builds text itself, so both languages always say the same
thing. :func:`kpi_analysis.method.checks.check_plan` runs them.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from ..plan import FREQUENCY_DAYS, KPI
from .catalogue import load_catalogue
from .findings import Context, Days, Finding, Pct, Rule, Term, Weeks, fail, ok, warn
from .plain import norm, word_pattern
from .thresholds import (AI_LEVELS, CEILING, CORE_PER_GOAL, FIRST_EVALUATION_WEEKS,
                         GENERIC_MAX_CHANGE, GUARD_CATEGORIES, MAX_CORE_PER_PROCESS,
                         MAX_PER_AI_LEVEL, MAX_PER_AI_USE_CASE, MIN_BASELINE_PERIODS,
                         NOISE_RATIO, STABILISATION_WEEKS, TOO_LATE_DAYS)

_PLACEHOLDERS = {"", "-", "?", "??", "...", "tbd", "todo", "n/a", "na", "nvt", "n.v.t.", "xxx",
                 "later", "none", "geen", "onbekend", "unknown"}
_VAGUE_UNITS = {"number", "count", "amount", "units", "unit", "value", "#", "aantal", "stuks",
                "getal", "waarde", "hoeveelheid"}
_COLLECTIVE_OWNERS = {"everyone", "everybody", "all", "team", "the team", "we", "us", "all staff",
                      "iedereen", "allen", "wij", "het team", "alle medewerkers"}
#: goal words that name a business result (en, nl); ``*`` matches any letters
_RESULT_WORDS = (
    "reduce*", "cut*", "lower*", "halve*", "double*", "increase*", "raise*", "improve*",
    "faster", "quicker", "shorten*", "save*", "saving*", "fewer", "less", "more", "grow*",
    "boost*", "speed up", "decrease*", "eliminat*", "prevent*", "avoid*", "free up", "better",
    "verlag*", "verminder*", "verkort*", "halver*", "verdubbel*", "verhog*", "verbeter*",
    "sneller", "minder", "meer", "bespar*", "groei*", "vrijmaken", "vrij maken", "voorkom*",
    "terugdring*", "beter*", "hoger*", "lager*")
#: goal words that say how much
_QUANTITY_WORDS = ("halve*", "half", "double*", "third", "percent", "helft", "halver*",
                   "verdubbel*", "derde", "procent")
#: KPI names that state a wish instead of a measure ("more leads")
_WISH_WORDS = ("more", "fewer", "less", "better", "higher", "lower", "faster", "increase",
               "reduce", "improve", "meer", "minder", "beter", "hoger", "lager", "sneller",
               "verhogen", "verlagen", "verbeteren")


# --- small helpers -------------------------------------------------------------------
_RESULT_RE = word_pattern(_RESULT_WORDS)
_QUANTITY_RE = re.compile(word_pattern(_QUANTITY_WORDS).pattern + r"|\d|%")
_WISH_RE = re.compile(r"^(?:" + word_pattern(_WISH_WORDS).pattern + r")")


def _blank(value) -> bool:
    """True for a missing text or a placeholder such as 'TODO' or 'tbd'."""
    if value is None:
        return True
    plain = str(value).strip().lower()
    return plain in _PLACEHOLDERS or plain.startswith(("todo", "tbd", "xxx", "fill in",
                                                       "invullen"))



# --- the rules: checklist -------------------------------------------------------------

def _goal(ctx: Context) -> list[Finding]:
    goal = ctx.plan.goal
    plain = norm(goal.statement)
    params = {"goal": goal.statement, "aim": Term(f"aim.{goal.business_aim}")}
    if _blank(goal.statement):
        return [fail("placeholder", **params)]
    if not (_RESULT_RE.search(plain) or _QUANTITY_RE.search(plain)):
        return [fail("no_result", **params)]
    if not _QUANTITY_RE.search(plain):
        return [warn("vague", **params)]
    return [ok(**params)]


def _kpis_tied(ctx: Context) -> list[Finding]:
    tied = [k.name for k in ctx.plan.kpis if ctx.serves_goal(k)
            and not (ctx.flag(k, "vanity") or ctx.flag(k, "output"))]
    aim = Term(f"aim.{ctx.plan.goal.business_aim}")
    return [ok(names=tied, aim=aim)] if tied else [fail("none_tied", aim=aim)]


def _baseline_recorded(ctx: Context, kpi: KPI) -> list[Finding]:
    span = ctx.plan.periods.baseline
    if ctx.stats is not None:
        stats = ctx.stats[kpi.id]
        if not stats.rows:
            return [fail("no_data", start=span.start, end=span.end)]
        return [ok("data", rows=stats.rows, level=stats.level, unit=kpi.unit)]
    if kpi.baseline is None:
        return [warn("not_recorded", start=span.start, end=span.end)]
    return [ok("plan", level=kpi.baseline, unit=kpi.unit)]


def _method_frequency(ctx: Context, kpi: KPI) -> list[Finding]:
    found = []
    if _blank(kpi.method):
        found.append(fail("no_method"))
    if "frequency" not in kpi.model_fields_set:
        found.append(warn("default_frequency"))
    return found or [ok(frequency=Term(f"frequency.{kpi.frequency}"), method=kpi.method)]


def _visualisation(ctx: Context) -> list[Finding]:
    shown = ctx.plan.reporting.visualisation
    return [fail("missing")] if _blank(shown) else [ok(plan=shown)]


def _sharing(ctx: Context) -> list[Finding]:
    reporting = ctx.plan.reporting
    no_audience, no_decisions = not reporting.audience, _blank(reporting.decisions)
    if no_audience and no_decisions:
        return [fail("nothing")]
    if no_audience:
        return [warn("no_audience")]
    if no_decisions:
        return [warn("no_decisions", audience=reporting.audience)]
    return [ok(audience=reporting.audience, decisions=reporting.decisions)]


# --- the rules: SMART ---------------------------------------------------------------

def _specific(ctx: Context, kpi: KPI) -> list[Finding]:
    if _blank(kpi.name) or _blank(kpi.unit):
        return [fail("placeholder", unit=kpi.unit)]
    found = []
    if _WISH_RE.search(norm(kpi.name)):
        found.append(warn("wish"))
    if norm(kpi.unit) in _VAGUE_UNITS or kpi.unit.strip() == "#":
        found.append(warn("vague_unit", unit=kpi.unit))
    if _blank(kpi.definition):
        found.append(warn("no_definition"))
    return found or [ok(unit=kpi.unit)]


def _describe_target(kpi: KPI):
    return Pct(kpi.target.change) if kpi.target.change is not None else kpi.target.value


def _measurable(ctx: Context, kpi: KPI) -> list[Finding]:
    if kpi.target is None:
        return [fail("no_target")]
    if ctx.stats is not None and not ctx.stats[kpi.id].in_data:
        return [fail("not_in_data", column=kpi.column)]
    key = "pass" if ctx.stats is not None else "plan"
    return [ok(key, target=_describe_target(kpi), column=kpi.column)]


def _acceptable(ctx: Context, kpi: KPI) -> list[Finding]:
    if kpi.target is None:
        return [warn("no_target")]
    change = ctx.target_change(kpi)
    if change is None:
        return [warn("no_level", source=ctx.source)]
    if ctx.is_floor(kpi):
        return [ok("floor", target=kpi.target.value, guarded=ctx.guarded_names(kpi))]
    higher = kpi.direction == "higher_is_better"
    params = {"change": Pct(change), "direction": Term(f"direction.{kpi.direction}")}
    if change == 0:
        return [warn("no_change", **params)]
    if (change > 0) != higher:
        return [fail("wrong_direction", **params)]
    found = []
    goal_level = ctx.target_level(kpi)
    upper = kpi.best if kpi.best is not None else (100.0 if kpi.kind == "proportion" else None)
    lower = 0.0 if kpi.kind in ("proportion", "duration", "count", "rate") else None
    if change < -1 or (goal_level is not None and (
            (upper is not None and goal_level > upper) or (lower is not None and goal_level < lower))):
        found.append(fail("impossible", target=goal_level if goal_level is not None
                           else Pct(change), low=lower if lower is not None else "-",
                           high=upper if upper is not None else "-"))
    elif change == -1:
        found.append(warn("to_zero", **params))
    entry = ctx.entries[kpi.id]
    ref = entry.reference if entry else None
    if ref and ref.change:
        top = max(abs(x) for x in ref.change if x is not None)
        ref_params = {**params, "entry": entry.name(ctx.lang), "reference": ref}
        if abs(change) > 2 * top:
            found.append(fail("far_beyond", **ref_params))
        elif abs(change) > top + 1e-9:
            found.append(warn("beyond", **ref_params))
    elif not found and (change > GENERIC_MAX_CHANGE["higher_is_better"]
                        or change < GENERIC_MAX_CHANGE["lower_is_better"]):
        found.append(warn("large", **params))
    if ref and ref.value and goal_level is not None:
        low, high = ref.value
        if (higher and high is not None and goal_level > high) or (
                not higher and low is not None and goal_level < low):
            found.append(warn("beyond_level", target=goal_level, entry=entry.name(ctx.lang),
                               reference=ref))
    if found:
        return found
    if ref and (ref.change or ref.value):
        return [ok("within_reference", **params, entry=entry.name(ctx.lang), reference=ref)]
    return [ok(**params)]


def _realistic(ctx: Context, kpi: KPI) -> list[Finding]:
    if ctx.stats is None:
        return [warn("plan_only")]
    stats = ctx.stats[kpi.id]
    periods = Term(f"periods.{kpi.frequency}")
    if kpi.target is None:
        return [warn("no_target")]
    if ctx.is_floor(kpi):
        return [ok("floor", guarded=ctx.guarded_names(kpi))]
    if stats.periods < 2:
        return [warn("too_few_periods", n=stats.periods, periods=periods)]
    goal_level = ctx.target_level(kpi)
    if goal_level is None:
        return [warn("no_target")]
    delta = goal_level - stats.level
    params = {"delta": abs(delta), "sd": stats.sd, "unit": kpi.unit, "periods": periods,
              "n": stats.periods}
    if stats.sd == 0:
        return [warn("no_variation", **params)]
    ratio = abs(delta) / stats.sd
    if ratio < NOISE_RATIO:
        return [warn("within_noise", **params)]
    return [ok(**params, ratio=ratio)]


def _time_bound(ctx: Context, kpi: KPI) -> list[Finding]:
    goal_deadline = ctx.plan.goal.deadline
    own = kpi.target.deadline if kpi.target is not None else None
    deadline = own or goal_deadline
    if deadline is None:
        return [fail("no_deadline")]
    go_live = ctx.plan.periods.go_live
    first = go_live + timedelta(weeks=STABILISATION_WEEKS)
    if deadline <= go_live:
        return [fail("before_go_live", deadline=deadline, go_live=go_live)]
    found = []
    if deadline < first:
        found.append(warn("too_soon", deadline=deadline, first=first))
    if own and goal_deadline and own > goal_deadline:
        found.append(warn("after_goal", deadline=own, goal_deadline=goal_deadline))
    if found:
        return found
    return [ok("pass" if own else "goal_deadline", deadline=deadline)]


# --- the rules: IPA -----------------------------------------------------------------

def _important(ctx: Context, kpi: KPI) -> list[Finding]:
    category = ctx.category(kpi)
    aim = Term(f"aim.{ctx.plan.goal.business_aim}")
    if category is None:
        return [warn("unknown_category", aim=aim)]
    params = {"category": Term(f"category.{category}"), "aim": aim}
    if ctx.serves_goal(kpi):
        return [ok(**params)]
    if kpi.id in ctx.guarded_by:
        return [ok("guard", **params, guarded=ctx.guarded_names(kpi))]
    if ctx.plan.ai and kpi.level in ("technical", "adoption"):
        return [ok("ai_level", **params, level=Term(f"level.{kpi.level}"))]
    return [warn("not_tied", **params)]


def _room(kpi: KPI, level: float) -> float | None:
    """The share of the scale still open for improvement (None: no ceiling known)."""
    higher = kpi.direction == "higher_is_better"
    best = kpi.best
    if best is None:
        if kpi.kind == "proportion":
            best = 100.0 if higher else 0.0
        elif not higher:
            best = 0.0
        else:
            return None
    gap = (best - level) if higher else (level - best)
    if gap <= 0:
        return 0.0
    if kpi.kind == "proportion" and kpi.best is None:
        return gap / 100.0
    scale = abs(best) if best != 0 else abs(level)
    return gap / scale


def _potential(ctx: Context, kpi: KPI) -> list[Finding]:
    base = ctx.level(kpi)
    if base is None:
        return [warn("no_level", source=ctx.source)]
    room = _room(kpi, base)
    params = {"level": base, "unit": kpi.unit, "source": ctx.source}
    found = []
    if room is not None and room <= CEILING[0]:
        found.append(fail("at_ceiling", **params, room=Pct(room)))
    elif room is not None and room <= CEILING[1]:
        found.append(warn("near_ceiling", **params, room=Pct(room)))
    if kpi.target is not None and kpi.target.value is not None and not ctx.is_floor(kpi):
        higher = kpi.direction == "higher_is_better"
        if (base >= kpi.target.value) if higher else (base <= kpi.target.value):
            found.append(warn("target_met", **params, target=kpi.target.value))
    if found:
        return found
    return [ok(**params) if room is not None else ok("unbounded", **params)]


def _authority(ctx: Context, kpi: KPI) -> list[Finding]:
    if _blank(kpi.owner):
        return [fail("no_owner")]
    if kpi.owner.strip().lower() in _COLLECTIVE_OWNERS:
        return [warn("collective", owner=kpi.owner)]
    return [ok(owner=kpi.owner)]


# --- the rules: counts ----------------------------------------------------------------

def _per_process(ctx: Context) -> list[Finding]:
    found = []
    for process in ctx.plan.processes:
        core = ctx.core(process.kpis)
        params = {"process": process.name, "n": len(core),
                  "guards": len(process.kpis) - len(core), "max": MAX_CORE_PER_PROCESS}
        found.append(warn("too_many", **params, names=[k.name for k in core])
                     if len(core) > MAX_CORE_PER_PROCESS else ok(**params))
    return found


def _per_goal(ctx: Context) -> list[Finding]:
    groups: dict[str, list[KPI]] = {}
    for kpi in ctx.plan.kpis:
        groups.setdefault(kpi.team or "", []).append(kpi)
    found = []
    for team, kpis in groups.items():
        core = ctx.core(kpis)
        params = {"group": team or Term("group.goal"), "n": len(core),
                  "low": CORE_PER_GOAL[0], "high": CORE_PER_GOAL[1]}
        found.append(warn("too_many", **params) if len(core) > CORE_PER_GOAL[1]
                     else ok(**params))
    return found


def _per_ai_use_case(ctx: Context) -> list[Finding]:
    if not ctx.plan.ai:
        return [ok("not_ai")]
    n = len(ctx.plan.kpis)
    low, high = MAX_PER_AI_USE_CASE
    return [warn("too_many", n=n, low=low, high=high) if n > high
            else ok(n=n, low=low, high=high)]


# --- the rules: pitfalls ------------------------------------------------------------

def _flagged(flag: str):
    """The rule for a catalogue flag (``vanity``, ``output``): warn and name what to
    track instead."""
    def rule(ctx: Context, kpi: KPI) -> list[Finding]:
        entry = ctx.flag(kpi, flag)
        if entry is None:
            return [ok()]
        instead = load_catalogue().entry(entry.guard)
        return [warn(flag, entry=entry.name(ctx.lang), instead=instead.name(ctx.lang))]
    return rule


def _goodhart(ctx: Context, kpi: KPI) -> list[Finding]:
    if not ctx.speed_or_volume(kpi):
        return [ok("not_needed")]
    if kpi.guard is None:
        entry = ctx.entries[kpi.id]
        if entry is not None:
            suggestion = load_catalogue().entry(entry.guard)
            return [warn("no_guard_suggest", suggestion=suggestion.name(ctx.lang),
                          suggestion_id=suggestion.id)]
        return [warn("no_guard")]
    guard = ctx.plan.kpi(kpi.guard)
    category = ctx.category(guard)
    if category is None:
        return [warn("unknown_guard", guard=guard.name)]
    if category not in GUARD_CATEGORIES or ctx.speed_or_volume(guard):
        return [warn("weak_guard", guard=guard.name, category=Term(f"category.{category}"))]
    return [ok(guard=guard.name)]


def _leading_lagging(ctx: Context) -> list[Finding]:
    kinds = {k.indicator for k in ctx.plan.kpis}
    if len(kinds) == 1:
        only = kinds.pop()
        missing = "leading" if only == "lagging" else "lagging"
        return [warn("one_sided", only=Term(f"indicator.{only}"),
                      missing=Term(f"indicator.{missing}"))]
    n_lead = sum(k.indicator == "leading" for k in ctx.plan.kpis)
    return [ok(leading=n_lead, lagging=len(ctx.plan.kpis) - n_lead)]


def _ai_levels(ctx: Context) -> list[Finding]:
    if not ctx.plan.ai:
        return [ok("not_ai")]
    counts = {level: sum(k.level == level for k in ctx.plan.kpis) for level in AI_LEVELS}
    found = []
    missing = [Term(f"level.{lv}") for lv, n in counts.items() if n == 0]
    if missing:
        found.append(warn("missing", missing=missing))
    crowded = [Term(f"level.{lv}") for lv, n in counts.items() if n > MAX_PER_AI_LEVEL]
    if crowded:
        found.append(warn("crowded", crowded=crowded, max=MAX_PER_AI_LEVEL))
    return found or [ok()]


# --- the rules: timing ----------------------------------------------------------------

def _timing_baseline(ctx: Context, kpi: KPI) -> list[Finding]:
    need = MIN_BASELINE_PERIODS[kpi.frequency]
    if ctx.stats is not None:
        stats = ctx.stats[kpi.id]
        if stats.after_go_live:
            return [fail("after_go_live", rows=stats.after_go_live,
                          go_live=ctx.plan.periods.go_live)]
        n = stats.periods
    else:
        n = round(ctx.plan.periods.baseline.days / FREQUENCY_DAYS[kpi.frequency])
    params = {"n": n, "need": need, "periods": Term(f"periods.{kpi.frequency}"),
              "frequency": Term(f"frequency.{kpi.frequency}"), "source": ctx.source}
    if n < 2:
        return [fail("too_short", **params)]
    if n < need:
        return [warn("short", **params)]
    return [ok(**params)]


def _stabilisation(ctx: Context) -> list[Finding]:
    periods = ctx.plan.periods
    weeks = periods.stabilisation_weeks
    found = []
    if weeks < 1:
        found.append(fail("no_window"))
    elif weeks < STABILISATION_WEEKS:
        found.append(warn("short_window", weeks=Weeks(weeks), min=STABILISATION_WEEKS))
    if periods.after is not None:
        gap = (periods.after.start - periods.go_live).days
        params = {"start": periods.after.start, "days": gap, "min": STABILISATION_WEEKS}
        if gap < 7:
            found.append(fail("after_week_one", **{**params, "days": Days(gap)}))
        elif gap < 7 * STABILISATION_WEEKS:
            found.append(warn("after_early", **params))
    return found or [ok(weeks=Weeks(weeks), start=periods.after_start)]


def _first_evaluation(ctx: Context) -> list[Finding]:
    periods = ctx.plan.periods
    gap = (periods.after_start - periods.go_live).days
    params = {"start": periods.after_start, "weeks": gap / 7, "latest": FIRST_EVALUATION_WEEKS}
    if gap > TOO_LATE_DAYS:
        return [fail("too_late", **params)]
    if gap > 7 * FIRST_EVALUATION_WEEKS:
        return [warn("late", **params)]
    return [ok(**params)]


def _review_rhythm(ctx: Context) -> list[Finding]:
    review = ctx.plan.reporting.review
    if review is None:
        return [warn("none")]
    if review == "quarterly":
        return [warn("quarterly")]
    return [ok(review=Term(f"frequency.{review}"))]


def _after_period(ctx: Context) -> list[Finding]:
    periods = ctx.plan.periods
    if periods.after is None:
        return [ok("open", start=periods.after_start)]
    params = {"after": periods.after.days, "baseline": periods.baseline.days}
    if periods.after.days < 0.5 * periods.baseline.days:
        return [warn("short", **params)]
    return [ok(**params)]


def _problem_written(ctx: Context, kpi: KPI) -> list[Finding]:
    """A ``problem:`` given in the plan names cause, remedy, expected figure and date;
    the plan path of the empty fields is the author's to-do (the report's client views
    only say that nothing is agreed yet)."""
    if kpi.problem is None:
        return [ok("none")]
    empty = [f for f in ("cause", "remedy", "expected", "by")
             if _blank(getattr(kpi.problem, f))]
    if not empty:
        return [ok()]
    where = next(f"processes[{p}].kpis[{k}].problem" for p, process in
                 enumerate(ctx.plan.processes) for k, item in enumerate(process.kpis)
                 if item.id == kpi.id)
    return [warn("incomplete", fields=", ".join(empty), where=where)]


def _target_value(field: str, value):
    """A target field of the lock or the plan, typed for the message."""
    if value is None:
        return Term("signoff.none")
    if field == "target.change":
        return Pct(value)
    return date.fromisoformat(value) if field == "target.deadline" else value


def _target_after_data(ctx: Context, kpi: KPI) -> list[Finding]:
    """With a signed-off plan (``kpi lock``): the KPI's target as signed off, or moved
    since; a target moved while after-period data exist warns (results were visible).
    No row without a lock."""
    sign_off = ctx.sign_off
    if sign_off is None or sign_off["locked_at"] is None:
        return []
    day = date.fromisoformat(sign_off["locked_at"])
    moved = [d for d in sign_off["deviations"]
             if d["kind"] == "target_moved" and d["kpi"] == kpi.id]
    if not moved:
        return [ok("unchanged", date=day)]
    after = ctx.stats is not None and ctx.stats[kpi.id].after_rows > 0
    return [(warn if after else ok)("after_data" if after else "before_data", date=day,
                                    old=_target_value(d["field"], d["old"]),
                                    new=_target_value(d["field"], d["new"]))
            for d in moved]


# --- the table of rules ---------------------------------------------------------------

#: every rule in report order; the message of finding ``key`` of rule ``item`` is the
#: store's text ``method.<item>.<key>`` (kpi_analysis/words/locales/<lang>/method.yaml)
RULES: tuple[Rule, ...] = (
    Rule("checklist.goal", "plan", _goal),
    Rule("checklist.kpis", "plan", _kpis_tied),
    Rule("checklist.baseline", "kpi", _baseline_recorded),
    Rule("checklist.method_frequency", "kpi", _method_frequency),
    Rule("checklist.visualisation", "plan", _visualisation),
    Rule("checklist.sharing", "plan", _sharing),
    Rule("smart.specific", "kpi", _specific),
    Rule("smart.measurable", "kpi", _measurable),
    Rule("smart.acceptable", "kpi", _acceptable),
    Rule("smart.realistic", "kpi", _realistic),
    Rule("smart.time_bound", "kpi", _time_bound),
    Rule("ipa.important", "kpi", _important),
    Rule("ipa.potential", "kpi", _potential),
    Rule("ipa.authority", "kpi", _authority),
    Rule("count.per_process", "plan", _per_process),
    Rule("count.per_goal", "plan", _per_goal),
    Rule("count.per_ai_use_case", "plan", _per_ai_use_case),
    Rule("pitfall.vanity_metric", "kpi", _flagged("vanity")),
    Rule("pitfall.output_metric", "kpi", _flagged("output")),
    Rule("pitfall.goodhart_guard", "kpi", _goodhart),
    Rule("balance.leading_lagging", "plan", _leading_lagging),
    Rule("balance.ai_levels", "plan", _ai_levels),
    Rule("timing.baseline", "kpi", _timing_baseline),
    Rule("timing.stabilisation", "plan", _stabilisation),
    Rule("timing.first_evaluation", "plan", _first_evaluation),
    Rule("timing.review_rhythm", "plan", _review_rhythm),
    Rule("timing.after_period", "plan", _after_period),
    Rule("timing.problem", "kpi", _problem_written),
)

ITEMS: tuple[str, ...] = tuple(rule.item for rule in RULES)

#: the plan against its signed-off version (``kpi lock``), run after :data:`RULES`; they
#: give rows only when the plan has a lock beside it
SIGNOFF_RULES: tuple[Rule, ...] = (
    Rule("signoff.target_after_data", "kpi", _target_after_data),
)
SIGNOFF_ITEMS: tuple[str, ...] = tuple(rule.item for rule in SIGNOFF_RULES)


