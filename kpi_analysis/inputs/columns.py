"""Column recognition: which header of a long or wide file plays which role (date,
kpi, value, n, group, item)."""
from __future__ import annotations

import re

import pandas as pd

from ..errors import DataError
from ..plan import DataFormat
from .problems import missing_column

#: headers recognised without a plan mapping, per role, compared in lower case with runs
#: of spaces, '_' and '-' read as one space. Kept small so that no header fits two
#: roles: ``Aantal`` (a count, or the trials of a share?) is left to the plan's
#: ``data_format.columns``, as is every other header.
COLUMN_NAMES = {
    "date": ("date", "datum", "periode", "period", "week", "maand", "month", "dag", "day",
             "peildatum", "weekstart", "week start"),
    "kpi": ("kpi", "indicator", "kpi naam", "kpi name", "kpi id", "prestatie indicator"),
    "value": ("value", "waarde", "score", "meetwaarde"),
    "n": ("n", "noemer", "denominator", "trials", "exposure"),
    "group": ("group", "groep"),
    "item": ("item", "item id", "dossier", "dossiernummer", "zaak", "zaaknummer", "case id"),
}


def _header_key(name) -> str:
    return re.sub(r"[\s_-]+", " ", str(name)).strip().lower()


def mapping_hint(role: str, columns) -> str:
    """How to name the file's column for ``role`` in the plan, with its own headers."""
    return (f"; add to the plan: data_format: {{columns: {{{role}: \"<one of: "
            f"{', '.join(map(str, columns))}>\"}}}}")


def recognise_columns(frame: pd.DataFrame, path, fmt: DataFormat, roles, taken=()
                      ) -> dict[str, str]:
    """Which file column plays each of ``roles``: the plan's ``data_format.columns``,
    else the column named after the role, else the one header of
    :data:`COLUMN_NAMES` for it (``taken``: headers that are not candidates, such as
    the plan's KPI columns). Returns ``{role: header}`` for the roles found.

    Raises DataError for a mapped column the file lacks, or two headers that fit
    one role."""
    found = {}
    keys = {c: _header_key(c) for c in frame.columns if c not in set(taken)}
    for role in roles:
        if role in fmt.columns:
            header = fmt.columns[role]
            if header not in frame.columns:
                raise missing_column(path, header, frame.columns, f"data_format.columns.{role}")
            found[role] = header
        elif role in frame.columns:
            found[role] = role
        else:
            fits = [c for c, k in keys.items() if k in COLUMN_NAMES[role]
                    and c not in fmt.columns.values()]
            if len(fits) > 1:
                raise DataError(path, f"columns {' and '.join(repr(f) for f in fits)} could "
                                      f"both be the {role}; choose one in the plan: "
                                      f"data_format: {{columns: {{{role}: \"{fits[0]}\"}}}}",
                                column=fits[1])
            if fits:
                found[role] = fits[0]
    return found
