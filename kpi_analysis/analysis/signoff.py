"""The signed-off plan: what ``kpi lock`` records and how a plan deviates from it.

:func:`lock_record` is the plan as agreed before go-live -- goal, go-live, periods,
per KPI its definition, target and guard and the test
:func:`~kpi_analysis.analysis.compare.compare_kpis` will give
it, and a hash of the baseline data -- as plain numbers, ids and ISO dates.
:func:`compare_to_lock` holds a plan (and its data) against such a record and lists
each deviation as ``{"kind", "kpi", "field", "old", "new"}``. Numbers and ids only:
the sentences are :mod:`kpi_analysis.words.signoff`'s; reading and writing the lock
file is :mod:`kpi_analysis.lock`'s.

    >>> import kpi_analysis as ka
    >>> from kpi_analysis.kit import PLAN_TEMPLATE
    >>> plan = ka.load_plan(PLAN_TEMPLATE)
    >>> record = lock_record(plan, None, "2026-03-12")
    >>> compare_to_lock(plan, record, None)
    {'locked_at': '2026-03-12', 'baseline_locked': False, 'deviations': []}
"""
from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd

from ..inputs.measurements import label_periods
from .estimate import planned_test

#: the kinds of deviation, in the order they are listed
DEVIATION_KINDS = ("kpi_added", "kpi_dropped", "definition_changed", "target_moved",
                   "test_changed", "go_live_moved", "periods_moved", "baseline_data_changed")
#: the fields of a KPI's definition that the lock keeps (besides its target and test)
DEFINITION_FIELDS = ("name", "definition", "unit", "kind", "direction", "guard")
TARGET_FIELDS = ("value", "change", "deadline")
#: the columns of the baseline rows that the baseline hash covers
_HASHED = ("date", "kpi", "value", "n", "group")


def _iso(day) -> str | None:
    return None if day is None else day.isoformat()


def _span(span) -> dict | None:
    return None if span is None else {"start": _iso(span.start), "end": _iso(span.end)}


def _target(kpi) -> dict | None:
    target = kpi.target
    if target is None:
        return None
    return {"value": target.value, "change": target.change, "deadline": _iso(target.deadline)}


def _rows(data: pd.DataFrame | None, kpi) -> pd.DataFrame | None:
    if data is None:
        return None
    return data[data["kpi"].isin((kpi.id, kpi.column))]


def baseline_hash(data: pd.DataFrame | None) -> str | None:
    """SHA-256 of the baseline rows of the tidy measurements (``period ==
    'baseline'``; date, kpi, value and, when present, n and group, sorted), so that
    after-period rows added later leave it unchanged; None without baseline rows."""
    if data is None or "period" not in data.columns:
        return None
    rows = data.loc[data["period"].astype(str) == "baseline"]
    return None if rows.empty else rows_hash(rows)


def rows_hash(rows: pd.DataFrame) -> str:
    """SHA-256 of tidy measurement rows: date, kpi, value and, when present, n and
    group, sorted, so that the rows' order does not count."""
    rows = rows[[c for c in _HASHED if c in rows.columns]]
    rows = rows.sort_values(list(rows.columns), kind="stable")
    text = rows.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%dT%H:%M:%S")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def periods_record(plan) -> dict:
    """The plan's periods as ISO dates."""
    periods = plan.periods
    return {"baseline": _span(periods.baseline),
            "stabilisation_weeks": periods.stabilisation_weeks,
            "after": _span(periods.after)}


def kpi_record(kpi, rows: pd.DataFrame | None) -> dict:
    """One KPI as the lock keeps it: id, definition fields, target and planned test."""
    return {"id": kpi.id, **{name: getattr(kpi, name) for name in DEFINITION_FIELDS},
            "target": _target(kpi), "test": planned_test(kpi, rows)}


def lock_record(plan, data: pd.DataFrame | None, locked_at: str,
                data_file: dict | None = None) -> dict:
    """The plan as signed off on ``locked_at`` (ISO date).

    ``data`` are the tidy measurements (``ka.load_measurements``; without ``period``
    the plan's dates label the rows) or None;
    ``data_file`` (e.g. ``{"file": name, "file_sha256": hash}``) is kept beside the
    baseline hash for the reader."""
    if data is not None and "period" not in data.columns:
        data = data.assign(period=label_periods(pd.to_datetime(data["date"]), plan.periods))
    digest = baseline_hash(data)
    return {"locked_at": locked_at, "client": plan.client, "project": plan.project,
            "goal": plan.goal.statement, "go_live": _iso(plan.periods.go_live),
            "periods": periods_record(plan),
            "kpis": [kpi_record(kpi, _rows(data, kpi)) for kpi in plan.kpis],
            "baseline_data": None if digest is None else {**(data_file or {}),
                                                          "sha256": digest}}


def _deviation(kind: str, kpi: str | None, field: str, old: Any, new: Any) -> dict:
    return {"kind": kind, "kpi": kpi, "field": field, "old": old, "new": new}


def _kpi_deviations(old: dict, new: dict) -> list[dict]:
    """A KPI kept in the plan: its definition, target and test against the lock."""
    found = [_deviation("definition_changed", new["id"], name, old.get(name), new[name])
             for name in DEFINITION_FIELDS if old.get(name) != new[name]]
    before, after = old.get("target") or {}, new["target"] or {}
    found += [_deviation("target_moved", new["id"], f"target.{name}", before.get(name),
                         after.get(name))
              for name in TARGET_FIELDS if before.get(name) != after.get(name)]
    if None not in (old.get("test"), new["test"]) and old["test"] != new["test"]:
        found.append(_deviation("test_changed", new["id"], "test", old["test"], new["test"]))
    return found


def _flat(record: dict | None, prefix: str) -> dict:
    """A nested mapping as ``{'baseline.start': ..}`` (None stays one field)."""
    if not isinstance(record, dict):
        return {prefix: record}
    flat = {}
    for key, value in record.items():
        flat.update(_flat(value, f"{prefix}.{key}" if prefix else key))
    return flat


def compare_to_lock(plan, lock: dict | None, data: pd.DataFrame | None) -> dict:
    """The deviations of ``plan`` (and its tidy measurements ``data``, or None) from
    the signed-off ``lock`` (a :func:`lock_record`; None when the plan has none).

    Returns ``{"locked_at": ISO date or None, "baseline_locked": whether the lock
    holds a hash of baseline data (a target moved since then moved after the
    baseline was known), "deviations": [...]}``: each deviation
    ``{"kind": one of DEVIATION_KINDS, "kpi": id or None, "field", "old", "new"}``,
    in the order of :data:`DEVIATION_KINDS`; an empty list when nothing changed (and
    without a lock). A test that the lock left to the data, or that the data cannot
    tell yet, is not a change; nor is a period the lock left open (the after period)
    set later, or baseline data absent now that the lock had."""
    if lock is None:
        return {"locked_at": None, "baseline_locked": False, "deviations": []}
    now = lock_record(plan, data, lock["locked_at"])
    found = []
    if lock.get("goal") != now["goal"]:
        found.append(_deviation("definition_changed", None, "goal", lock.get("goal"),
                                now["goal"]))
    locked = {k["id"]: k for k in lock.get("kpis") or []}
    current = {k["id"]: k for k in now["kpis"]}
    found += [_deviation("kpi_added", k, "kpi", None, current[k]["name"])
              for k in current if k not in locked]
    found += [_deviation("kpi_dropped", k, "kpi", locked[k].get("name"), None)
              for k in locked if k not in current]
    for k in current:
        if k in locked:
            found += _kpi_deviations(locked[k], current[k])
    if lock.get("go_live") != now["go_live"]:
        found.append(_deviation("go_live_moved", None, "go_live", lock.get("go_live"),
                                now["go_live"]))
    old_periods, new_periods = _flat(lock.get("periods"), ""), _flat(now["periods"], "")
    found += [_deviation("periods_moved", None, name, old_periods.get(name),
                         new_periods.get(name))
              for name in old_periods   # a period the lock left open may be set later
              if old_periods[name] is not None and old_periods[name] != new_periods.get(name)]
    old_hash = (lock.get("baseline_data") or {}).get("sha256")
    new_hash = (now["baseline_data"] or {}).get("sha256")
    if None not in (old_hash, new_hash) and old_hash != new_hash:
        found.append(_deviation("baseline_data_changed", None, "sha256", old_hash, new_hash))
    found.sort(key=lambda d: DEVIATION_KINDS.index(d["kind"]))
    return {"locked_at": lock["locked_at"], "baseline_locked": old_hash is not None,
            "deviations": found}
