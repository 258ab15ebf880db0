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


#: headers recognised in an event log for a KPI's ``data.start``, ``data.end`` (a
#: duration) and ``data.flag`` (flagged) when the plan leaves them out; its date, when
#: the plan names none and the file has no column ``date``, is found by ``date`` above.
#: A file with two headers for one role (``Fout`` and ``Geëscaleerd``) is an error that
#: asks for the KPI's own mapping, ``data: {flag: Fout}``.
EVENT_NAMES = {
    "start": ("start", "begin", "starttijd", "begintijd", "startdatum", "begindatum",
              "start time", "start date", "aangemaakt", "aanmaakdatum", "created",
              "created at", "ontvangen", "received", "opened", "opened at", "geopend"),
    "end": ("end", "einde", "eind", "eindtijd", "einddatum", "end time", "end date",
            "afgerond", "gesloten", "opgelost", "betaald", "closed", "closed at", "resolved",
            "resolved at", "finished", "completed", "paid", "paid at"),
    "flag": ("fout", "foutief", "fout?", "fouten", "error", "has error", "geslaagd",
             "succes", "success", "escalated", "geëscaleerd", "geescaleerd"),
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
            header = one_header(path, role, [c for c in keys if c not in fmt.columns.values()],
                                COLUMN_NAMES[role], "data_format: {{columns: {{{role}: "
                                                    "\"{header}\"}}}}")
            if header is not None:
                found[role] = header
    return found


def one_header(path, role: str, headers, names, mapping: str) -> str | None:
    """The one of ``headers`` whose key is among ``names`` (None when none is).

    Raises DataError when two fit, showing how to choose with ``mapping`` (a format
    string with ``{role}`` and ``{header}``)."""
    fits = [c for c in headers if _header_key(c) in names]
    if len(fits) > 1:
        raise DataError(path, f"columns {' and '.join(repr(f) for f in fits)} could both be "
                              f"the {role}; choose one in the plan: "
                              f"{mapping.format(role=role, header=fits[0])}", column=fits[1])
    return fits[0] if fits else None
