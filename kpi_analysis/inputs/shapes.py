"""Long and wide files made tidy: ``date, kpi, value, n`` (and ``group``) per row,
indexed by spreadsheet row, with the checks of each shape."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..plan import Plan
from ..words.store import label
from .cells import decide_decimal, number_evidence, parse_dates, parse_numbers
from .columns import mapping_hint, recognise_columns
from .problems import add_quality, closest, missing_column, rows_error, show
from .reading import read_table

#: roles looked up in wide data (the KPI columns come from the plan)
_WIDE_ROLES = ("date",)


def _no_role(path, role: str, frame, names: dict, shape: str) -> DataError:
    """A role's column is missing: the error, with the mapping written with the file's
    own headers (those not already read as another role)."""
    others = [c for c in frame.columns if c not in names.values()] or list(frame.columns)
    return missing_column(path, role, frame.columns, shape, mapping_hint(role, others))


def _long(frame: pd.DataFrame, plan: Plan, path: Path, decimal, item_id, names: dict
          ) -> tuple[pd.DataFrame, dict]:
    """Long data; ``names`` maps the roles (date, kpi, value, n, group) to the file's
    headers (:func:`~kpi_analysis.inputs.columns.recognise_columns`)."""
    if "date" not in names:
        raise _no_role(path, "date", frame, names, "long form: date, kpi, value[, n]")
    date, kpi, value = names["date"], names["kpi"], names["value"]
    by_label = {k.column: k.id for k in plan.kpis}
    labels = frame[kpi].astype("str").str.strip()
    unknown = ~labels.isin(list(by_label))
    if unknown.any():
        rows = unknown.index[unknown]
        label = labels[rows[0]]
        raise rows_error(path, rows, f"KPI {show(label)} is not in the plan."
                         f"{closest(label, by_label)} Plan KPIs: {', '.join(by_label)}",
                         kpi, count=len(rows))
    dates, info = parse_dates(frame[date], path, date)
    tidy = pd.DataFrame({
        "date": dates,
        "kpi": labels.map(by_label),
        "value": parse_numbers(frame[value], path, value, decimal, allow_empty=False),
        "n": parse_numbers(frame[names["n"]], path, names["n"], decimal, allow_empty=True)
        if "n" in names else np.nan,
    })
    if "group" in names:
        tidy["group"] = _groups(frame[names["group"]], path, names["group"])
    _check_n(tidy, plan, path, names)
    _check_long_duplicates(frame, tidy, path, item_id)
    return tidy, info


GROUPS = ("treatment", "control")


def _groups(raw: pd.Series, path: Path, column: str = "group") -> pd.Series:
    """The optional ``group`` column: ``treatment`` (the changed process; also when
    empty) or ``control`` (an unchanged comparison: the plan's ``control_group``)."""
    groups = raw.astype("str").str.strip().str.lower().replace({"": "treatment",
                                                                 "nan": "treatment"})
    bad = ~groups.isin(GROUPS)
    if bad.any():
        raise rows_error(path, bad.index[bad], f"group {show(raw[bad.idxmax()])} is not "
                         f"known; valid: treatment (or empty), control", column,
                         count=int(bad.sum()))
    return groups


def _check_n(tidy: pd.DataFrame, plan: Plan, path: Path, names: dict | None = None) -> None:
    """Trials and exposure: not negative, all or none per KPI, successes within trials
    (``names``: the file's headers of the roles n and value, when they differ)."""
    n_col, value_col = ((names or {}).get(r, r) for r in ("n", "value"))
    bad = tidy[tidy["n"] < 0]
    if len(bad):
        raise rows_error(path, bad.index, f"n = {bad['n'].iloc[0]:g} is negative; n counts "
                                          f"trials or exposure", n_col)
    for kpi in plan.kpis:
        rows = tidy[tidy["kpi"] == kpi.id]
        if kpi.kind not in ("rate", "proportion") or rows["n"].isna().all():
            continue
        if rows["n"].isna().any():
            raise rows_error(path, rows.index[rows["n"].isna()],
                             f"no n for KPI '{kpi.id}' (a {kpi.kind}) while other rows give "
                             f"one; expected its trials or exposure", n_col)
        over = rows[rows["value"] > rows["n"]]
        if kpi.kind == "proportion" and len(over):
            raise rows_error(path, over.index, f"{over['value'].iloc[0]:g} successes out of "
                                               f"{over['n'].iloc[0]:g} trials; the value of a "
                                               f"proportion counts successes, at most n",
                             value_col)


def _check_long_duplicates(frame, tidy, path, item_id) -> None:
    """A repeated item id; without one, a repeated row in a KPI with one row per date
    (per-item KPIs may hold identical items, so their repeats are not errors)."""
    if item_id and item_id not in frame.columns:
        raise missing_column(path, item_id, frame.columns, "data_format.item_id")
    keys = (frame[[item_id] if item_id else list(frame.columns)].astype("str")
            .assign(_kpi=tidy["kpi"]))
    group = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup()
    repeated = group.duplicated(keep=False)
    if not item_id:
        distinct = tidy[~group.duplicated()]
        per_item = distinct.loc[distinct.duplicated(["kpi", "date"]), "kpi"].unique()
        repeated &= ~tidy["kpi"].isin(per_item)
    if repeated.any():
        first = repeated.idxmax()
        rows = group.index[group == group[first]]
        what = (f"item {show(frame[item_id][first])} of KPI '{tidy['kpi'][first]}'" if item_id
                else f"this row (KPI '{tidy['kpi'][first]}')")
        hint = ("" if item_id else "; per-item data may repeat a row only with an item id "
                                   "column (data_format.item_id)")
        raise rows_error(path, rows[1:], f"{what} repeats row {first}; remove the duplicate"
                         + hint, item_id, count=int(repeated.sum() - group[repeated].nunique()))


def _wide(frame: pd.DataFrame, plan: Plan, path: Path, decimal, quality, names: dict
          ) -> tuple[pd.DataFrame, dict]:
    """Wide data; ``names["date"]`` is the file's date header when there is one."""
    if "date" not in names:
        raise _no_role(path, "date", frame, names, "wide form: date plus one column per KPI; "
                                                   "long form: date, kpi, value")
    date = names["date"]
    missing = [k for k in plan.kpis if k.column not in frame.columns]
    if missing:
        names = ", ".join(f"'{k.column}' (KPI '{k.id}')" for k in missing)
        raise DataError(path, f"no column {names} in the data."
                              f"{closest(missing[0].column, frame.columns)} Every plan KPI "
                              f"needs measurements (columns found: {', '.join(frame.columns)})",
                        column=missing[0].column)
    dates, info = parse_dates(frame[date], path, date)
    repeated = dates.duplicated(keep=False)
    if repeated.any():
        first = repeated.idxmax()
        rows = dates.index[dates == dates[first]]
        raise rows_error(path, rows[1:], f"date {dates[first]:%Y-%m-%d} repeats row {first}; a "
                                         f"wide file has one row per date", date)
    parts, used = [], {date}
    for kpi in plan.kpis:
        n_col = kpi.data.n_column
        if n_col and n_col not in frame.columns:
            raise DataError(path, f"KPI '{kpi.id}' takes its n from column '{n_col}', which is "
                                  f"missing.{closest(n_col, frame.columns)} Columns found: "
                                  f"{', '.join(frame.columns)}", column=n_col)
        used |= {kpi.column, n_col}
        value = parse_numbers(frame[kpi.column], path, kpi.column, decimal, allow_empty=True)
        n = (parse_numbers(frame[n_col], path, n_col, decimal, allow_empty=True)
             if n_col else pd.Series(np.nan, index=frame.index))
        keep = value.notna()
        add_quality(quality, "empty cell", kpi.id, frame.index[~keep],
                    f"not measured on that date (column '{kpi.column}')")
        parts.append(pd.DataFrame({"date": dates[keep], "kpi": kpi.id,
                                   "value": value[keep], "n": n[keep]}))
    unused = [c for c in frame.columns if c not in used]
    if unused:
        quality.append({"rule": "unused columns", "kpi": "", "rows": 0, "example_rows": [],
                        "action": label("quality.do.unused columns", "en",
                                                names=", ".join(unused))})
    tidy = pd.concat(parts)
    _check_n(tidy, plan, path)
    return tidy, info


def read_long_or_wide(path: Path, plan: Plan, fmt, quality: list
                      ) -> tuple[pd.DataFrame, dict]:
    """A long or wide file (:func:`~kpi_analysis.inputs.reading.read_table`) as tidy rows
    ``date, kpi, value, n`` (and ``group``), ``period`` not yet labelled, with what was
    detected (``source``); the empty rows and cells go to ``quality``.

    Long when a kpi and a value column are recognised
    (:func:`~kpi_analysis.inputs.columns.recognise_columns`), else wide. Raises DataError when a plan KPI has no rows."""
    frame, source = read_table(path, fmt)
    add_quality(quality, "empty rows", "", source.pop("empty_rows"), "skipped")
    add_quality(quality, "total rows", "", source.pop("total_rows"),
                "left out: a sum of the rows above, not a measurement")
    taken = [c for k in plan.kpis for c in (k.column, k.data.n_column) if c]
    names = recognise_columns(frame, path, fmt, ("kpi", "value"), taken)
    long_form = {"kpi", "value"} <= set(names)
    roles = (("date", "n", "group") + (() if fmt.item_id else ("item",)) if long_form
             else _WIDE_ROLES)
    names = {**(names if long_form else {}),
             **recognise_columns(frame, path, fmt, roles, taken)}
    source["columns"] = {r: h for r, h in names.items() if h != r}
    numeric = ([names["value"]] + ([names["n"]] if "n" in names else []) if long_form
               else [c for c in taken if c in frame.columns])
    source["decimal"] = decide_decimal(path, number_evidence(frame, numeric), fmt.decimal)
    if long_form:
        tidy, info = _long(frame, plan, path, source["decimal"],
                           fmt.item_id or names.get("item"), names)
    else:
        tidy, info = _wide(frame, plan, path, source["decimal"], quality, names)
    source.update(info, shape="long form" if long_form else "wide form")
    missing = [k.id for k in plan.kpis if k.id not in set(tidy["kpi"])]
    if missing:
        raise DataError(path, f"no rows with kpi {', '.join(repr(m) for m in missing)} in "
                              f"the data; every plan KPI needs measurements (labels found: "
                              f"{', '.join(sorted(set(tidy['kpi'])))})")
    return tidy, source
