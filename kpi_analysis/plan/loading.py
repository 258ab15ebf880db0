"""Reading a plan file: YAML within limits, validation, and one PlanError listing every
problem with its field path."""
from __future__ import annotations

import math
import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from .. import kit
from ..errors import PlanError
from ._values import suggest
from .models import Plan


def _cross_checks(plan: Plan) -> list[tuple[str, str]]:
    """Rules that span fields: unique ids, guards and benefits that point at KPIs."""
    problems = []
    seen: dict[str, str] = {}
    ids = {k.id for k in plan.kpis}
    for pi, process in enumerate(plan.processes):
        for ki, kpi in enumerate(process.kpis):
            where = f"processes[{pi}].kpis[{ki}]"
            if kpi.id in seen:
                problems.append((f"{where}.id", f"'{kpi.id}' is used twice "
                                 f"(also at {seen[kpi.id]}); KPI ids must be unique"))
            seen.setdefault(kpi.id, where)
            if kpi.guard is not None and kpi.guard not in ids:
                problems.append((f"{where}.guard", f"'{kpi.guard}' is not a KPI id in this "
                                 f"plan; valid: {', '.join(sorted(ids))}"))
            if kpi.guard == kpi.id:
                problems.append((f"{where}.guard", "a KPI cannot guard itself"))
    if plan.data_format.columns and any(k.data.measure for k in plan.kpis):
        problems.append(("data_format.columns", "applies to long or wide data; an event log "
                         "names its columns in each KPI's data (start, end, date, flag, "
                         "column)"))
    if plan.costs is not None:
        for bi, benefit in enumerate(plan.costs.benefits):
            where = f"costs.benefits[{bi}]"
            if benefit.kpi is not None and benefit.kpi not in ids:
                problems.append((f"{where}.kpi", f"'{benefit.kpi}' is not a KPI id in this "
                                 f"plan; valid: {', '.join(sorted(ids))}"))
    return problems


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not re.fullmatch(r"function-after\[.*\]", str(part)):
            out += ("." if out else "") + str(part)
    return out


def _message(err: dict) -> str:
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        return "unknown field (check the spelling against templates/plan.yaml)"
    if err["type"] == "missing":
        return "required field is missing"
    if err["type"].startswith(("date_", "datetime_")):
        return f"expected a date as YYYY-MM-DD or DD-MM-YYYY; got {err['input']!r}"
    if err["type"] in ("plan_number", "plan_date"):
        return msg
    if err["type"] == "literal_error":
        return f"{msg}; got {err['input']!r}"
    if "input" in err and not isinstance(err["input"], (dict, list)):
        return f"{msg}; got {err['input']!r}"
    return msg


#: limits on what a plan file may be: a plan is a few kilobytes of YAML
MAX_PLAN_BYTES = 2_000_000
MAX_DEPTH = 40
#: values (mappings, lists, scalars) a plan may hold once YAML aliases are expanded
MAX_VALUES = 200_000


class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a limit on nesting depth (deep nesting would end in a
    RecursionError inside PyYAML)."""

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise PlanLimit(f"line {mark.line + 1}: nested more than {MAX_DEPTH} levels "
                                f"deep; a plan needs a handful of levels")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class PlanLimit(Exception):
    """A plan file beyond :data:`MAX_PLAN_BYTES`, :data:`MAX_DEPTH` or :data:`MAX_VALUES`."""


def _count_values(raw) -> None:
    """Walk ``raw`` as aliases expand it (a shared value counts each time it is used);
    stop at :data:`MAX_VALUES` (a 'billion laughs' file expands without end)."""
    budget, stack = MAX_VALUES, [raw]
    while stack:
        value = stack.pop()
        budget -= 1
        if budget < 0:
            raise PlanLimit(f"more than {MAX_VALUES:,} values once its YAML aliases (*name) "
                            f"are expanded; a plan needs far fewer")
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _not_finite(value, loc: str = ""):
    """``(field path, message)`` for every number in a validated plan that is not
    finite (``.inf``, ``.nan``, or ``1e400``, which overflows to infinity)."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _not_finite(getattr(value, name), f"{loc}.{name}" if loc else name)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _not_finite(item, f"{loc}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _not_finite(item, f"{loc}.{key}" if loc else str(key))
    elif isinstance(value, float) and not math.isfinite(value):
        yield loc, (f"{value!r} is not a finite number (too large, infinite or not a "
                    f"number); give an ordinary number")


def _comma_split(raw, loc: str = ""):
    """``(field path, message)`` for each number YAML split at a decimal comma inside a
    ``{ }`` mapping: ``{hourly_rate: 47,50}`` is read as ``hourly_rate: 47`` and a
    field ``50``."""
    if isinstance(raw, list):
        for i, item in enumerate(raw):
            yield from _comma_split(item, f"{loc}[{i}]")
    elif isinstance(raw, dict):
        items = list(raw.items())
        for (key, value), (stray, empty) in zip(items, items[1:]):
            if (isinstance(key, str) and isinstance(value, (int, float))
                    and not isinstance(value, bool) and isinstance(stray, int)
                    and not isinstance(stray, bool) and empty is None):
                yield (f"{loc}.{key}" if loc else key,
                       f"write {suggest(f'{value},{stray}')} with a decimal point, or "
                       f"quote it ('{value},{stray}'): inside {{ }} YAML reads the comma "
                       f"as the end of the value (got {value} and a field {stray})")
        for key, value in items:
            yield from _comma_split(value, f"{loc}.{key}" if loc else str(key))


def parse_plan(raw: dict, path: str | Path | None = None) -> Plan:
    """Validate a plan given as a mapping (e.g. parsed YAML)."""
    if not isinstance(raw, dict):
        raise PlanError(path, [("", "the plan must be a YAML mapping of fields "
                                    "(see templates/plan.yaml)")])
    try:
        _count_values(raw)
        split = list(_comma_split(raw))
        if split:
            raise PlanError(path, split)
        plan = Plan.model_validate(raw)
    except PlanLimit as exc:
        raise PlanError(path, [("", str(exc))]) from None
    except ValidationError as exc:
        raise PlanError(path, [(_loc(e["loc"]), _message(e)) for e in exc.errors()]) from None
    except RecursionError:
        raise PlanError(path, [("", "nested too deeply; a plan needs a handful of "
                                    "levels")]) from None
    problems = list(_not_finite(plan)) or _cross_checks(plan)
    if problems:
        raise PlanError(path, problems)
    return plan


def plan_file(path: str | Path) -> Path:
    """``sample:<name>`` -> that sample's plan file; anything else as a path."""
    text = str(path)
    if not text.startswith(kit.SAMPLE_PREFIX):
        return Path(path)
    name = text[len(kit.SAMPLE_PREFIX):]
    found = kit.sample_plan(name)
    if found is None:
        raise PlanError(text, [("", f"no sample named {name!r}; the samples are "
                                    + ", ".join(kit.sample_names()))])
    return found


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file.

    Parameters
    ----------
    path : str or Path
        A YAML file following ``templates/plan.yaml``, or ``sample:<name>`` for a
        sample shipped with the kit (``sample:invoicing``), wherever it is installed.

    Returns
    -------
    Plan
        The validated, immutable plan; ``plan.kpis`` lists the KPIs of all processes.

    Raises
    ------
    PlanError
        Listing every problem as ``file: field.path: message``.
    """
    path = plan_file(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_PLAN_BYTES + 1)
        if len(data) > MAX_PLAN_BYTES:
            raise PlanError(path, [("", f"the file is larger than {MAX_PLAN_BYTES:,} bytes; "
                                        f"a plan is a few kilobytes of YAML (is this the "
                                        f"right file?)")])
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        raise PlanError(path, [("", "file not found")]) from None
    except IsADirectoryError:
        raise PlanError(path, [("", "is a folder, not a plan file")]) from None
    except UnicodeDecodeError as exc:
        raise PlanError(path, [("", f"cannot read the file: not UTF-8 text (byte "
                                    f"{exc.start})")]) from None
    except OSError as exc:
        raise PlanError(path, [("", f"cannot read the file ({exc.strerror or exc})")]) \
            from None
    try:
        raw = yaml.load(text, Loader=_LimitedLoader)  # noqa: S506 (a SafeLoader)
    except PlanLimit as exc:
        raise PlanError(path, [("", str(exc))]) from None
    except RecursionError:
        raise PlanError(path, [("", "nested too deeply; a plan needs a handful of "
                                    "levels")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PlanError(path, [("", f"{where}not valid YAML ({problem})")]) from None
    plan = parse_plan(raw, path)
    plan._source = path.resolve()
    return plan
