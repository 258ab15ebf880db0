"""What changed since the last review: this run's numbers against a previous results.json.

:func:`period_hashes` fingerprints the data per KPI and per period of its cadence
(ISO week for a KPI measured daily or weekly, month, quarter): results.json keeps them
as ``period_hashes``, so that the next run can tell which periods already reported were
revised. :func:`read_previous` reads a previous results.json and refuses one that is
unreadable or of another client or project; :func:`compare_results` lists each change
between two results as ``{"kind", "kpi", "old", "new"}`` (kinds: :data:`CHANGE_KINDS`;
a revision also has its ``period``, ``start`` and ``end``); :func:`since_previous` does
both for a report notebook. Numbers, codes and ids only: the sentences are
:mod:`kpi_analysis.words.since`'s.

    >>> old = {"kpis": [{"kpi": "days", "name": "Days", "verdict": "no detectable change",
    ...                  "target_met": False}], "period_hashes": {}}
    >>> new = {"kpis": [{"kpi": "days", "name": "Days", "verdict": "improved",
    ...                  "target_met": True}], "period_hashes": {}}
    >>> [c["kind"] for c in compare_results(old, new)]
    ['verdict_flipped', 'target_met']
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..vocab import VERDICTS
from .reviews import data_until, review_periods
from .signoff import rows_hash

__all__ = ["CHANGE_KINDS", "period_hashes", "read_previous", "compare_results",
           "since_previous"]

#: the kinds of change, in the order they are listed
CHANGE_KINDS = ("kpi_added", "kpi_removed", "verdict_flipped", "target_met",
                "target_missed", "roi_interval_moved", "data_revised",
                "revisions_unchecked")
#: the period a KPI's data are fingerprinted by, per its measuring frequency
PERIOD_CADENCE = {"daily": "weekly", "weekly": "weekly", "monthly": "monthly",
                  "quarterly": "quarterly"}
_FREQ = {"weekly": "W-SUN", "monthly": "M", "quarterly": "Q-DEC"}
_KEYS = {"weekly": re.compile(r"\d{4}-\d{2}-\d{2}"), "monthly": re.compile(r"\d{4}-\d{2}"),
         "quarterly": re.compile(r"\d{4}Q[1-4]")}
#: hex digits kept of each period's SHA-256 (64 bits: enough to tell a revision)
HASH_DIGITS = 16


def _key(period: pd.Period, cadence: str) -> str:
    """A period as results.json names it: a week by its Monday (2026-03-02), a month
    (2026-03), a quarter (2026Q1)."""
    return period.start_time.date().isoformat() if cadence == "weekly" else str(period)


def period_span(key: str, cadence: str) -> tuple[str, str]:
    """The first and last day (ISO) of the period ``key`` of :func:`period_hashes`."""
    period = pd.Period(key, freq=_FREQ[cadence])
    return period.start_time.date().isoformat(), period.end_time.date().isoformat()


def period_hashes(data: pd.DataFrame | None, plan) -> dict:
    """Per KPI with data: ``{"cadence": weekly|monthly|quarterly, "through": the last
    day the data cover (ISO), "periods": {period: hash}}``, each hash the first
    :data:`HASH_DIGITS` hex digits of the SHA-256 of that period's rows (date, value,
    n, group; :func:`kpi_analysis.analysis.signoff.rows_hash`)."""
    out = {}
    if data is None or data.empty:
        return out
    for kpi in plan.kpis:
        rows = data[data["kpi"] == kpi.id]
        if rows.empty:
            continue
        cadence = PERIOD_CADENCE[kpi.frequency]
        rows = rows.assign(date=pd.to_datetime(rows["date"]))
        groups = rows.groupby(review_periods(rows["date"], cadence), sort=True)
        out[kpi.id] = {"cadence": cadence,
                       "through": data_until(rows).date().isoformat(),
                       "periods": {_key(p, cadence): rows_hash(g)[:HASH_DIGITS]
                                   for p, g in groups}}
    return out


def read_previous(path: str | Path, plan) -> dict:
    """The previous results.json in ``path``, checked to be of ``plan``'s client and
    project.

    Raises
    ------
    InputError
        Naming the file: it cannot be read, is not JSON, is not a results.json written
        by ``kpi report``, or is of another client or project.
    """
    path = Path(path)
    hint = "pass the results.json of an earlier kpi report of this client"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: the previous results.json cannot be read "
                         f"({getattr(exc, 'strerror', None) or exc}); {hint}") from None
    try:
        found = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{path}: the previous results.json is not valid JSON "
                         f"({exc}); {hint}") from None
    if not isinstance(found, dict) or "client" not in found or "kpis" not in found:
        raise InputError(f"{path}: not a results.json written by kpi report (no 'client' "
                         f"and 'kpis' fields); {hint}")
    for field, want in (("client", plan.client), ("project", plan.project)):
        if found.get(field) != want:
            raise InputError(f"{path}: the previous results.json is of another {field}: "
                             f"'{found.get(field)}'; this report is for '{want}'; {hint}")
    _check_shape(path, found, hint)
    return found


def _check_shape(path: Path, found: dict, hint: str) -> None:
    """The fields the comparison reads have the shapes results.json gives them."""
    kpis = found.get("kpis")
    if kpis is not None and not (isinstance(kpis, list) and all(
            isinstance(r, dict) and isinstance(r.get("kpi"), str) for r in kpis)):
        raise InputError(f"{path}: field 'kpis': expected a list of KPI records, each "
                         f"with its 'kpi' id; {hint}")
    for i, r in enumerate(kpis or []):
        if r.get("verdict") not in (None, *VERDICTS) or r.get("target_met") not in (
                None, True, False):
            raise InputError(f"{path}: field 'kpis[{i}]': verdict '{r.get('verdict')}' or "
                             f"target_met '{r.get('target_met')}' is not known; valid "
                             f"verdicts: {', '.join(VERDICTS)}; target_met: true, false "
                             f"or null; {hint}")
    hashes = found.get("period_hashes")
    if hashes is not None and not (isinstance(hashes, dict) and all(
            isinstance(h, dict) and h.get("cadence") in _FREQ
            and isinstance(h.get("periods"), dict) for h in hashes.values())):
        raise InputError(f"{path}: field 'period_hashes': expected per KPI a cadence "
                         f"({', '.join(_FREQ)}), 'through' and 'periods'; {hint}")
    for kpi, h in (hashes or {}).items():
        for key in h["periods"]:
            try:
                if not _KEYS[h["cadence"]].fullmatch(key):
                    raise ValueError(key)
                period_span(key, h["cadence"])
            except ValueError:
                raise InputError(f"{path}: field 'period_hashes.{kpi}.periods': '{key}' is "
                                 f"not a {h['cadence']} period; {hint}") from None
    case = found.get("business_case")
    if case is not None and not isinstance(case, dict):
        raise InputError(f"{path}: field 'business_case': expected an object; {hint}")


def _flag(value) -> bool | None:
    """A target_met cell as JSON has it: True, False or None (missing)."""
    return None if value is None or pd.isna(value) else bool(value)


def _change(kind: str, kpi, old, new, **more) -> dict:
    return {"kind": kind, "kpi": kpi, "old": old, "new": new, **more}


def _kpis(result: dict) -> dict:
    return {r["kpi"]: r for r in result.get("kpis") or []}


def _ids(result: dict) -> dict | None:
    """KPI id -> name of a result (its KPI records, else its hashed KPIs); None when
    it names none."""
    if result.get("kpis"):
        return {r["kpi"]: r.get("name") or r["kpi"] for r in result["kpis"]}
    if result.get("period_hashes"):
        return {k: h.get("name") or k for k, h in result["period_hashes"].items()}
    return None


def _roi_interval(result: dict) -> list | None:
    roi = ((result.get("business_case") or {}).get("uncertainty") or {}).get("roi_pct")
    pair = [roi.get("ci_low"), roi.get("ci_high")] if isinstance(roi, dict) else []
    if len(pair) < 2 or not all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                and math.isfinite(x) for x in pair):
        return None
    return pair


def _kpi_changes(old: dict, new: dict) -> list[dict]:
    found = []
    before, after = _ids(old), _ids(new)
    if before is not None and after is not None:
        found += [_change("kpi_added", k, None, after[k]) for k in after if k not in before]
        found += [_change("kpi_removed", k, before[k], None) for k in before if k not in after]
    was, now = _kpis(old), _kpis(new)
    for kpi, row in now.items():
        prior = was.get(kpi)
        if prior is None:
            continue
        if prior.get("verdict") and row.get("verdict") and prior["verdict"] != row["verdict"]:
            found.append(_change("verdict_flipped", kpi, prior["verdict"], row["verdict"]))
        met, had = row.get("target_met"), prior.get("target_met")
        if met is True and had is not True:
            found.append(_change("target_met", kpi, had, True))
        elif met is False and had is True:
            found.append(_change("target_missed", kpi, True, False))
    return found


def _revisions(old: dict, new: dict) -> list[dict]:
    """Periods complete at the previous run whose data differ now; or that they could
    not be checked (a previous results.json without hashes, a KPI whose cadence
    changed)."""
    if "period_hashes" not in old:
        return [_change("revisions_unchecked", None, None, None)]
    found = []
    now = new.get("period_hashes") or {}
    for kpi, was in (old.get("period_hashes") or {}).items():
        if kpi not in now:
            continue
        cadence = was["cadence"]
        if now[kpi]["cadence"] != cadence:
            found.append(_change("revisions_unchecked", kpi, cadence, now[kpi]["cadence"]))
            continue
        through = str(was.get("through") or "")
        for key, digest in was["periods"].items():
            start, end = period_span(key, cadence)
            fresh = now[kpi]["periods"].get(key)
            if end <= through and fresh != digest:   # complete then, different now
                found.append(_change("data_revised", kpi, digest, fresh, period=key,
                                     start=start, end=end))
    return found


def compare_results(old: dict, new: dict) -> list[dict]:
    """Every change from the results ``old`` to ``new`` (both shaped like results.json:
    ``kpis``, ``business_case``, ``period_hashes`` are read), in the order of
    :data:`CHANGE_KINDS`; an empty list when nothing changed.

    Each change is ``{"kind", "kpi" (id or None), "old", "new"}``: a KPI added or
    removed (old/new: its name), a verdict flipped (the verdicts), a target newly met or
    missed (``target_met`` before and now), the ROI's interval moved by a whole percent
    or more (``[low, high]`` in percent), data revised in a period that was complete at
    the previous run (the hashes; with ``period``, ``start``, ``end``), and
    ``revisions_unchecked`` when ``old`` holds no period hashes (an older kit) or a
    KPI's cadence changed (old/new: the cadences).
    """
    found = _kpi_changes(old, new)
    was, now = _roi_interval(old), _roi_interval(new)
    if was and now and [round(x) for x in was] != [round(x) for x in now]:
        found.append(_change("roi_interval_moved", None, was, now))
    found += _revisions(old, new)
    return sorted(found, key=lambda c: CHANGE_KINDS.index(c["kind"]))


def since_previous(previous_path: str | Path | None, plan, *, results=None, case=None,
                   hashes: dict | None = None) -> list[dict] | None:
    """The changes since the previous report (:func:`compare_results`) for a report
    notebook: ``previous_path`` is that report's results.json (:func:`read_previous`),
    ``results`` :func:`kpi_analysis.compare_kpis`'s table, ``case`` the business case,
    ``hashes`` :func:`period_hashes` of this run. None when ``previous_path`` is empty:
    no comparison asked."""
    if not previous_path:
        return None
    old = read_previous(previous_path, plan)
    kpis = [] if results is None else [
        {"kpi": r["kpi"], "name": r.get("name"), "verdict": r.get("verdict"),
         "target_met": _flag(r.get("target_met"))} for r in results.to_dict(orient="records")]
    names = {k.id: k.name for k in plan.kpis}
    new = {"kpis": kpis, "business_case": case,
           "period_hashes": {k: {**h, "name": names.get(k)} for k, h in (hashes or {}).items()}}
    return compare_results(old, new)
