"""Start a new project: the library behind ``kpi new DIR``.

:func:`new_project` writes a folder with ``plan.yaml`` (the structure and comments
of ``templates/plan.yaml``, filled with KPIs chosen from the catalogue) and
``measurements.csv`` (a data template in long form: ``date, kpi, value`` and ``n``
where a KPI needs it). It never touches an existing non-empty folder and writes the
folder whole or not at all. :func:`interview` asks for whatever the caller did not
give, through any ``ask(prompt) -> answer`` callable (``input`` on a terminal, a list
of canned answers in tests)::

    >>> from kpi_analysis.method.scaffold import interview, new_project
    >>> answers = interview(input, client="Van Dijk BV")      # doctest: +SKIP
    >>> new_project("clients/van-dijk", **answers)             # doctest: +SKIP
    [PosixPath('clients/van-dijk/plan.yaml'), PosixPath('clients/van-dijk/measurements.csv')]
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
import typing
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

import yaml

from .. import kit
from ..vocab import LANGUAGES
from ..words.store import label
from ..errors import InputError, KpiError
from ..method.catalogue import (CatalogueEntry, catalogue, is_speed_or_volume, load_catalogue,
                     resolve_sector, resolve_use_case)
from ..plan import FREQUENCY_DAYS, KPI, Goal, Plan, Reporting, parse_day, parse_plan

TEMPLATE_PATH = kit.PLAN_TEMPLATE
PLAN_FILE = "plan.yaml"
DATA_FILE = "measurements.csv"
MAX_TRIES = 3

#: comments for fields the template leaves without one
_HINTS = {
    "definition": "what exactly is counted, over which items, from which system",
    "method": "where the numbers come from and who collects them",
    "owner": "one person who can act on it (IPA: authority)",
}
def _reporting(lang: str) -> dict:
    """A new plan's reporting section, in the plan's language."""
    return {"visualisation": label("new.reporting.visualisation", lang),
            "audience": ["management", "team"], "review": "monthly",
            "decisions": label("new.reporting.decisions", lang)}


def _options(model, name: str) -> tuple[str, ...]:
    """The allowed values of a Literal field of a pydantic model."""
    def flat(tp):
        if typing.get_origin(tp) is typing.Literal:
            return list(typing.get_args(tp))
        return [v for arg in typing.get_args(tp) for v in flat(arg)]
    return tuple(flat(model.model_fields[name].annotation))


class _Dumper(yaml.SafeDumper):
    """Writes a repeated value (the same deadline) in full, never as an alias."""

    def ignore_aliases(self, data):
        return True


def _template_comments() -> tuple[dict[str, list[str]], dict[str, str], list[str]]:
    """From ``templates/plan.yaml``: the comment block above each top-level key, the
    first inline comment of each key, and the commented-out costs section."""
    lines = TEMPLATE_PATH.read_text(encoding="utf-8").splitlines()
    blocks: dict[str, list[str]] = {}
    inline: dict[str, str] = {}
    pending: list[str] = []
    costs: list[str] = []
    for i, line in enumerate(lines):
        top = re.match(r"^(\w+):", line)
        if top and top.group(1) == "costs":
            costs = [l for l in pending if l] + lines[i:]
            break
        if line.startswith("#"):
            pending.append(line)
            continue
        if top:
            blocks[top.group(1)] = [l for l in pending if l]
        pending = [] if line.strip() or not pending else pending + [""]
        key = re.match(r"^\s*(?:- )?(\w+):.*?\s#\s*(.*)$", line)
        if key:
            inline.setdefault(key.group(1), key.group(2))
    return blocks, inline, costs


def _target(entry: CatalogueEntry, deadline: date) -> dict | None:
    """A first target from the catalogue's reference: the modest end of its range."""
    ref = entry.reference
    if ref is not None and ref.change:
        change = min((c for c in ref.change if c is not None), key=abs)
        return {"change": f"{change * 100:+.0f}%", "deadline": deadline}
    if ref is not None and ref.value:
        low, high = ref.value
        value = low if entry.direction == "higher_is_better" else high
        if value is None:
            value = high if low is None else low
        return {"value": value, "deadline": deadline}
    return None


def _rate_per(entry: CatalogueEntry) -> float | None:
    match = re.search(r"per (1[,.]?000|100)\b", entry.unit_en)
    return float(match.group(1).replace(",", "").replace(".", "")) if match else None


def _kpi(entry: CatalogueEntry, chosen: set[str], lang: str, owner: str | None,
         deadline: date) -> dict:
    kpi = {"id": entry.id, "name": entry.name(lang), "definition": "",
           "unit": entry.unit(lang), "kind": entry.kind, "direction": entry.direction,
           "level": entry.level, "indicator": entry.indicator, "category": entry.category,
           "owner": owner, "frequency": "monthly" if entry.level == "business" else "weekly",
           "method": ""}
    rate_per = _rate_per(entry)
    if entry.kind == "rate" and rate_per:
        kpi["rate_per"] = rate_per
    target = _target(entry, deadline)
    if target:
        kpi["target"] = target
    if entry.guard in chosen:
        kpi["guard"] = entry.guard
    return kpi


def build_plan(*, client: str, project: str, use_case: str, kpi_ids: list[str],
               language: str = "en", go_live: date | str, goal: str | None = None,
               business_aim: str = "cut_costs", owner: str | None = None,
               process: str | None = None, ai: bool | None = None,
               baseline_weeks: int = 12, stabilisation_weeks: int = 4,
               after_weeks: int = 12, months_to_deadline: int = 6) -> dict:
    """The raw plan (a dict in the template's order) for a new project.

    Parameters are those of :func:`new_project`. The result validates with
    :func:`kpi_analysis.plan.parse_plan`.
    """
    if language not in LANGUAGES:
        raise InputError(f"language: '{language}' is not a report language; valid: "
                         f"{', '.join(LANGUAGES)}")
    aims = _options(Goal, "business_aim")
    if business_aim not in aims:
        raise InputError(f"business_aim: '{business_aim}' is not valid; valid: {', '.join(aims)}")
    if not kpi_ids:
        raise InputError("kpi_ids: choose at least one KPI from the catalogue (kpi catalogue)")
    if len(set(kpi_ids)) != len(kpi_ids):
        raise InputError(f"kpi_ids: each KPI once; got {', '.join(kpi_ids)}")
    for count, name in ((baseline_weeks, "baseline_weeks"), (after_weeks, "after_weeks"),
                        (months_to_deadline, "months_to_deadline")):
        if count < 1:
            raise InputError(f"{name}: must be at least 1; got {count}")
    cat = load_catalogue()
    entries = [cat.entry(i) for i in kpi_ids]
    canonical = resolve_use_case(use_case)
    go_live = _parse_date(go_live, "go_live")
    deadline = go_live + timedelta(days=round(months_to_deadline * FREQUENCY_DAYS["monthly"]))
    after_start = go_live + timedelta(weeks=stabilisation_weeks)
    chosen = set(kpi_ids)
    return {
        "client": client, "project": project, "language": language, "use_case": use_case,
        "ai": cat.use_cases[canonical].ai if ai is None else ai,
        "alpha": Plan.model_fields["alpha"].default,
        "data_file": DATA_FILE,
        "goal": {"statement": goal or label("new.default_goal", language),
                 "business_aim": business_aim,
                 "deadline": deadline},
        "processes": [{"name": process or project,
                       "kpis": [_kpi(e, chosen, language, owner, deadline) for e in entries]}],
        "periods": {
            "baseline": {"start": go_live - timedelta(weeks=baseline_weeks),
                         "end": go_live - timedelta(days=1)},
            "go_live": go_live, "stabilisation_weeks": stabilisation_weeks,
            "after": {"start": after_start,
                      "end": after_start + timedelta(weeks=after_weeks, days=-1)}},
        "reporting": _reporting(language),
    }


def plan_yaml(raw: dict) -> str:
    """The plan as YAML text with the template's comments and the allowed values of
    each choice field; the template's costs section follows, commented out."""
    blocks, inline, costs = _template_comments()
    choices = {name: _options(KPI, name) for name in
               ("kind", "direction", "level", "indicator", "frequency", "category")}
    choices.update(business_aim=_options(Goal, "business_aim"),
                   review=_options(Reporting, "review"))
    hints = {**_HINTS, **inline, **{k: " | ".join(v) for k, v in choices.items()}}
    out: list[str] = []
    done: set[str] = set()
    for key, value in raw.items():
        if out and (blocks.get(key) or isinstance(value, (dict, list))):
            out.append("")
        out += blocks.get(key, [])
        dumped = yaml.dump({key: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                           default_flow_style=False, width=100).splitlines()
        for line in dumped:
            field = re.match(r"^\s*(?:- )?(\w+):", line)
            name = field.group(1) if field else None
            if name in hints and name not in done:
                done.add(name)
                line = f"{line.ljust(40)} # {hints[name]}"
            out.append(line)
    out += [""] + ["# " + line if line and not line.startswith("#") else line for line in costs]
    return "\n".join(out).rstrip() + "\n"


def data_template(plan: Plan, rows_per_kpi: int = 3) -> str:
    """A CSV template in long form: ``date, kpi, value`` (and ``n`` when a KPI is a
    rate or proportion), with the first baseline dates per KPI and empty values."""
    needs_n = any(k.kind in ("rate", "proportion") for k in plan.kpis)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "kpi", "value"] + (["n"] if needs_n else []))
    start = plan.periods.baseline.start
    for kpi in plan.kpis:
        step = timedelta(days=round(FREQUENCY_DAYS[kpi.frequency]))
        for i in range(rows_per_kpi):
            writer.writerow([(start + i * step).isoformat(), kpi.column, ""]
                            + ([""] if needs_n else []))
    return buffer.getvalue()


def unfilled_template(path: str | Path) -> bool:
    """Whether ``path`` is a :func:`data_template` still without values: a CSV with
    a ``value`` column that is empty on every row (``kpi check`` then judges the plan
    alone). Any other file, or one that cannot be read, gives False."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = csv.DictReader(fh)
            if "value" not in (rows.fieldnames or ()):
                return False
            return all(not (row["value"] or "").strip() for row in rows)
    except (OSError, UnicodeDecodeError, csv.Error):
        return False


def new_project(directory: str | Path, *, client: str, project: str, use_case: str,
                kpi_ids: list[str], language: str = "en", go_live: date | str,
                goal: str | None = None, business_aim: str = "cut_costs",
                owner: str | None = None, process: str | None = None, ai: bool | None = None,
                baseline_weeks: int = 12, stabilisation_weeks: int = 4, after_weeks: int = 12,
                months_to_deadline: int = 6) -> list[Path]:
    """Create a project folder with a plan and a data template.

    Parameters
    ----------
    directory : str or Path
        The new folder. It must not exist, or be empty.
    client, project : str
        Shown on the report.
    use_case : str
        A catalogue use case or alias (``chatbot``, ``quotes``, ``invoicing``, ...);
        written to the plan as given. Decides ``ai`` unless ``ai`` is given.
    kpi_ids : list of str
        Catalogue ids (``kpi catalogue``); a KPI's suggested guard is linked when it
        is among them.
    language : {'en', 'nl'}
        Report language and the language of KPI names and units.
    go_live : date, 'YYYY-MM-DD' or 'DD-MM-YYYY'
        The baseline covers the ``baseline_weeks`` before it; the after period starts
        ``stabilisation_weeks`` after it and lasts ``after_weeks``.
    goal : str, optional
        The goal statement; without it a TODO that ``kpi check`` flags.
    business_aim : str
        ``cut_costs``, ``customer_experience``, ``free_up_time``, ``revenue``,
        ``quality`` or ``compliance``.
    owner : str, optional
        Owner of every KPI; without it ``kpi check`` flags each KPI.
    process : str, optional
        Name of the automated process; default the project.
    months_to_deadline : int
        Deadline of the goal and the targets, counted from go-live.

    Returns
    -------
    list of Path
        ``[directory/plan.yaml, directory/measurements.csv]``.

    Raises
    ------
    KpiError
        When ``directory`` exists and is not an empty folder (nothing is written).
    InputError
        For an unknown KPI id, use case, language or business aim.
    """
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise KpiError(f"{directory}: exists and is not an empty folder; choose a new folder "
                       f"(nothing was written)")
    raw = build_plan(client=client, project=project, use_case=use_case, kpi_ids=kpi_ids,
                     language=language, go_live=go_live, goal=goal,
                     business_aim=business_aim, owner=owner, process=process, ai=ai,
                     baseline_weeks=baseline_weeks, stabilisation_weeks=stabilisation_weeks,
                     after_weeks=after_weeks, months_to_deadline=months_to_deadline)
    files = {PLAN_FILE: plan_yaml(raw), DATA_FILE: data_template(parse_plan(raw))}
    parse_plan(yaml.safe_load(files[PLAN_FILE]))  # what is written loads as it is
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        for name, content in files.items():
            with open(staging / name, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(content)
        if directory.exists():
            directory.rmdir()  # empty (checked above); fails if something appeared since
        os.rename(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [directory / name for name in files]


# --- the question flow -------------------------------------------------------------------

def _parse_date(value: date | str, argument: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:  # the forms a plan accepts (plan.parse_day), so the plan written reads back the same
        parsed = parse_day(str(value).strip())
        return parsed if isinstance(parsed, date) else date.fromisoformat(parsed)
    except ValueError:
        raise InputError(f"{argument}: expected a date as YYYY-MM-DD or DD-MM-YYYY; "
                         f"got {value!r}") from None


def _menu(options: list[tuple[str, str]]) -> str:
    return "\n".join(f"  {i}. {key} - {label}" for i, (key, label) in enumerate(options, 1))


def _pick(answer: str, options: list[str], lang: str = "en") -> str:
    """An option chosen by number or by name."""
    answer = answer.strip()
    if answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1]
    if answer in options:
        return answer
    raise InputError(label("v16nl.choose", lang, last=len(options), options=", ".join(options)))


def _ask(ask: Callable[[str], str], prompt: str, parse: Callable[[str], object], lang: str,
         default: str | None = None):
    """Ask until ``parse`` accepts the answer (at most MAX_TRIES times)."""
    shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
    error = None
    for _ in range(MAX_TRIES):
        answer = ask(shown).strip()
        if not answer and default is not None:
            answer = default
        try:
            return parse(answer)
        except InputError as exc:
            error = str(exc)
            shown = f"{label('new.invalid', lang, error=error)}\n{prompt}: "
    raise InputError(label("v16nl.no_answer", lang, prompt=prompt, tries=MAX_TRIES,
                           error=error))


def _required(answer: str, lang: str = "en") -> str:
    if not answer:
        raise InputError(label("v16nl.required", lang))
    return answer


def interview(ask: Callable[[str], str], **known) -> dict:
    """Ask for what is not known yet and return the arguments of :func:`new_project`.

    Parameters
    ----------
    ask : callable
        ``ask(prompt) -> answer``: ``input`` on a terminal, canned answers in tests.
        An invalid answer is asked again, at most three times.
    **known
        Arguments already given (e.g. from command-line flags): ``language, client,
        project, goal, business_aim, use_case, sector, kpi_ids, owner, go_live``; they
        are not asked. ``sector`` only narrows the KPI menu.

    Returns
    -------
    dict
        Keyword arguments for :func:`new_project` (all but ``directory``).

    Raises
    ------
    InputError
        After three invalid answers to one question, or for an unknown known value.
    """
    answers = dict(known)
    sector = resolve_sector(answers.pop("sector", None))
    resolve_use_case(answers.get("use_case"))  # a known but invalid value fails now
    lang = answers.get("language")
    if lang is None:
        lang = _ask(ask, " / ".join(label("new.language", each) for each in LANGUAGES),
                    lambda a: _pick(a, list(LANGUAGES)), "en", default="en")
    answers["language"] = lang
    for key in ("client", "project", "goal"):
        if key not in answers:
            answers[key] = _ask(ask, label(f"new.{key}", lang),
                                lambda a: _required(a, lang), lang)
    if "business_aim" not in answers:
        aims = list(_options(Goal, "business_aim"))
        menu = _menu([(a, label(f"aim.{a}", lang)) for a in aims])
        answers["business_aim"] = _ask(ask, f"{label('new.business_aim', lang)}\n{menu}\n",
                                       lambda a: _pick(a, aims, lang), lang, default=aims[0])
    cat = load_catalogue()
    if "use_case" not in answers:
        cases = list(cat.use_cases)
        menu = _menu([(c, g.name_nl if lang == "nl" else g.name_en)
                      for c, g in cat.use_cases.items()])
        answers["use_case"] = _ask(ask, f"{label('new.use_case', lang)}\n{menu}\n",
                                   lambda a: resolve_use_case(_pick(a, cases, lang) if a.isdigit()
                                                              else _required(a, lang)), lang)
    if sector is None and "kpi_ids" not in answers:
        sector = _ask(ask, label("new.sector", lang),
                      lambda a: resolve_sector(a) if a else None, lang)
    if "kpi_ids" not in answers:
        menu_frame = catalogue(answers["use_case"], sector, lang)
        ids = list(menu_frame["id"])
        menu = _menu(list(zip(ids, menu_frame["name"])))
        answers["kpi_ids"] = _ask(
            ask, f"{label('new.kpi_ids', lang)}\n{menu}\n",
            lambda a: [_pick(part, ids, lang) if part.strip().isdigit()
                       else cat.entry(part.strip()).id
                       for part in _required(a, lang).split(",")], lang)
        for kpi_id in list(answers["kpi_ids"]):
            entry = cat.entry(kpi_id)
            guard = cat.entry(entry.guard)
            if (is_speed_or_volume(entry.category, entry.kind, entry.direction)
                    and guard.id not in answers["kpi_ids"]):
                prompt = label("new.guard", lang, name=entry.name(lang), guard=guard.name(lang))
                if _ask(ask, prompt, _yes_no, lang, default="y"):
                    answers["kpi_ids"].append(guard.id)
    if "owner" not in answers:
        answers["owner"] = _ask(ask, label("new.owner", lang), _required, lang)
    if "go_live" not in answers:
        answers["go_live"] = _ask(ask, label("new.go_live", lang),
                                  lambda a: _parse_date(a, "go_live"), lang)
    return answers


def _yes_no(answer: str) -> bool:
    plain = answer.strip().lower()
    if plain in ("y", "yes", "j", "ja"):
        return True
    if plain in ("n", "no", "nee"):
        return False
    raise InputError("answer y or n (j of n)")
