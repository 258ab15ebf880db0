"""The lock file of a signed-off plan: ``kpi lock plan.yaml`` writes ``plan.lock.yaml``.

The lock is a small YAML file beside the plan, readable by the client: the date it
was signed off, the goal, go-live and periods, per KPI its definition, target, guard
and planned test, and a hash of the baseline data
(:func:`kpi_analysis.analysis.signoff.lock_record`). :func:`sign_off` holds a plan
against its lock (:func:`kpi_analysis.analysis.signoff.compare_to_lock`).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from ..errors import InputError
from ..files import check_outputs, file_hash, write_text_atomic
from .signoff import compare_to_lock, lock_record

#: the suffix that turns ``plan.yaml`` into its lock ``plan.lock.yaml``
LOCK_SUFFIX = ".lock.yaml"
_HEADER = ("# The plan {plan} as signed off on {date} (kpi lock). Reports compare the plan\n"
           "# with this record and list every deviation; sign off again with\n"
           "# `kpi lock {plan} --force`. Do not edit by hand.\n")


def lock_path(plan_path: str | Path) -> Path:
    """Where the lock of ``plan_path`` lives: ``plan.yaml`` -> ``plan.lock.yaml``."""
    plan_path = Path(plan_path)
    return plan_path.with_name(plan_path.stem + LOCK_SUFFIX)


def write_lock(plan, data: pd.DataFrame | None = None, data_path: str | Path | None = None,
               force: bool = False, today: date | None = None) -> Path:
    """Sign off ``plan`` (loaded from a file) with its tidy measurements ``data`` (or
    None) read from ``data_path``: write its lock beside the plan, atomically.

    Raises
    ------
    InputError
        When the plan has a lock already and ``force`` is not set, or the plan was not
        read from a file.
    """
    if plan.source is None:
        raise InputError("plan: a plan built in code has no file to sign off; load it "
                         "with ka.load_plan(path)")
    path = lock_path(plan.source)
    if path.exists() and not force:
        raise InputError(f"{path}: the plan was signed off already (on "
                         f"{_locked_at(path)}); to sign it off again, run kpi lock "
                         f"{plan.source.name} --force")
    check_outputs(path.parent, [path.name], [plan.source, data_path])
    locked_at = (today or date.today()).isoformat()
    source = None if data_path is None or data is None else {
        "file": Path(data_path).name, "file_sha256": file_hash(data_path)}
    record = lock_record(plan, data, locked_at, source)
    text = _HEADER.format(plan=plan.source.name, date=locked_at) + yaml.safe_dump(
        record, sort_keys=False, allow_unicode=True, width=88)
    return write_text_atomic(path, text)


def _locked_at(path: Path) -> str:
    try:
        return str(read_lock(path)["locked_at"])
    except InputError:
        return "an unreadable date"


def read_lock(path: str | Path) -> dict | None:
    """The lock record in ``path``; None when there is no such file.

    Raises
    ------
    InputError
        Naming the file when it is not a lock written by ``kpi lock``.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the lock file ({exc})") from None
    try:
        record = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({getattr(exc, 'problem', exc)}); "
                         f"sign off again with kpi lock --force") from None
    if not isinstance(record, dict) or not isinstance(record.get("kpis"), list):
        raise InputError(f"{path}: not a lock written by kpi lock (it needs locked_at and "
                         f"kpis); sign off again with kpi lock --force")
    try:   # a date written without quotes reads as a date: kept as its ISO text
        record["locked_at"] = date.fromisoformat(str(record.get("locked_at"))).isoformat()
    except ValueError:
        raise InputError(f"{path}: locked_at must be an ISO date such as 2026-03-12; got "
                         f"{record.get('locked_at')!r}") from None
    if not all(isinstance(k, dict) and "id" in k for k in record["kpis"]):
        raise InputError(f"{path}: every entry of kpis needs an id; sign off again with "
                         f"kpi lock --force")
    return record


def sign_off(plan, data: pd.DataFrame | None) -> dict:
    """The plan (and its tidy measurements, or None) against the lock beside it:
    ``{"locked_at", "deviations"}`` (:func:`~kpi_analysis.analysis.signoff.compare_to_lock`);
    ``locked_at`` None when the plan has no lock (or was built in code)."""
    lock = read_lock(lock_path(plan.source)) if plan.source is not None else None
    return compare_to_lock(plan, lock, data)
