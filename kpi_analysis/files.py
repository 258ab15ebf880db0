"""Files: atomic writes that follow the umask, spreadsheet-safe CSV, content hashes,
and the rules for where output may go.

Everything the kit writes goes through :func:`write_text_atomic` (or
:func:`write_csv_atomic`): a temporary file in the same folder, then a rename, so a
reader sees the old file or the whole new one; the file gets the permissions the
user's umask gives a new file (``0644`` under the usual ``022``), like any file an
editor saves. :func:`check_outputs` keeps output out of the installed kit and away
from the input files.
"""
from __future__ import annotations

import csv
import hashlib
import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from .errors import InputError

#: cells starting with these are formulas to Excel, LibreOffice and Google Sheets
#: (OWASP "CSV injection"): such text cells get a leading apostrophe
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: a text cell that is a plain number (``-12.5``, ``+3e2``) stays as it is
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def umask() -> int:
    """The process's umask (read without changing it where /proc allows)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename,
    so readers see the old file or the whole new one, never a part. The file's mode
    follows the umask (``mkstemp`` alone would leave it ``0600``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def neutralise_cell(value):
    """A cell made safe for a spreadsheet: text that a spreadsheet would run as a
    formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets
    a leading apostrophe; numbers, and text that is a plain number, are unchanged.

    Examples
    --------
    >>> neutralise_cell("=1+1"), neutralise_cell("@SUM(A1)")
    ("'=1+1", "'@SUM(A1)")
    >>> neutralise_cell("-2.5"), neutralise_cell(-2.5)
    ('-2.5', -2.5)
    """
    if (isinstance(value, str) and value.startswith(FORMULA_START)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value


def write_csv_atomic(frame: pd.DataFrame, path: str | Path, **to_csv) -> Path:
    """Write ``frame`` as CSV (``DataFrame.to_csv`` options, no index) atomically, with
    every text cell and header passed through :func:`neutralise_cell`."""
    out = frame.rename(columns=lambda c: neutralise_cell(str(c)))
    bare_cr = False
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].map(neutralise_cell, na_action="ignore")
            bare_cr |= bool(out[column].map(lambda v: isinstance(v, str) and "\r" in v).any())
    if bare_cr:  # Python's csv quotes only the line terminator's characters: quote text
        to_csv.setdefault("quoting", csv.QUOTE_NONNUMERIC)
    return write_text_atomic(path, out.to_csv(index=False, lineterminator="\n", **to_csv))


def file_hash(path: str | Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def output_folder(path: str | Path, kit, what: str = "--out") -> Path:
    """``path`` made absolute once (relative to the current folder, ``~`` expanded),
    refused when it is an existing file or lies inside one of the installed kit's
    folders ``kit`` (its code, notebooks, templates, samples)."""
    out = Path(os.path.abspath(Path(path).expanduser()))
    real = out.resolve()
    for folder in kit:
        if _within(real, Path(folder).resolve()):
            raise InputError(f"{what}: {out} is inside the kit's own folder {folder}; choose "
                             f"an output folder of your own, e.g. --out reports/client")
    existing = next(p for p in (out, *out.parents) if p.exists())
    if not existing.is_dir():
        raise InputError(f"{what}: {existing} is a file, not a folder; give a folder for "
                         f"the output")
    return out


def check_outputs(out: Path, names, inputs) -> None:
    """Refuse when a file the kit would write (``out/name`` for each of ``names``) is
    one of the ``inputs`` (or a link to one): output never replaces an input."""
    inputs = [Path(p) for p in inputs if p]
    real = {Path(p).resolve(): p for p in inputs}
    for name in names:
        target = out / name
        hit = real.get(target.resolve())
        if hit is None and target.exists():
            hit = next((p for p in inputs if p.exists() and os.path.samefile(p, target)), None)
        if hit is not None:
            raise InputError(f"--out: writing {target} would replace the input file {hit}; "
                             f"choose another output folder")
