"""The kit's error tree.

Every error the kit raises on purpose derives from :class:`KpiError`, so callers
(the CLI, a batch runner, a notebook) can catch one class and show one clear line::

    KpiError                      root; str(err) is the one-line message
    ├── PlanError                 the plan file is invalid; lists every problem at once
    ├── DataError                 a measurement file is unreadable or invalid
    ├── InputError(ValueError)    a function argument is invalid (names argument and value)
    └── ReportError               rendering a report failed (names the inputs, then the step)

Messages name the file, the field or column, the row where it applies, and what
would be valid. They never carry a traceback.
"""
from __future__ import annotations

from pathlib import Path


#: how many problems a message lists before "... and N more"
MAX_PROBLEMS = 20
#: how many characters one line of a message keeps (a pasted value can be huge)
MAX_LINE = 500


def bounded(lines: list[str], total: int | None = None) -> str:
    """The first :data:`MAX_PROBLEMS` of ``lines`` (each cut to :data:`MAX_LINE`
    characters), then ``... and N more`` when ``total`` (default: ``len(lines)``) is
    larger: an error message stays readable however broken the input."""
    total = len(lines) if total is None else total
    shown = [line if len(line) <= MAX_LINE else line[:MAX_LINE - 3] + "..."
             for line in lines[:MAX_PROBLEMS]]
    if total > len(shown):
        shown.append(f"... and {total - len(shown)} more")
    return "\n".join(shown)


class KpiError(Exception):
    """Root of every error the kit raises on purpose."""

    def bounded(self) -> str:
        """The message to show: at most :data:`MAX_PROBLEMS` lines of at most
        :data:`MAX_LINE` characters (a message may quote a file's 10,000 columns)."""
        return bounded(str(self).splitlines())


class PlanError(KpiError):
    """A plan file that cannot be used.

    ``problems`` is a list of ``(field_path, message)`` pairs (all of them); the string
    form puts one problem per line as ``file: field.path: message``, the first
    :data:`MAX_PROBLEMS`, then ``... and N more``.
    """

    def __init__(self, path: str | Path | None, problems: list[tuple[str, str]]):
        self.path = str(path) if path is not None else "plan"
        self.problems = list(problems)
        lines = [f"{self.path}: {field}: {msg}" if field else f"{self.path}: {msg}"
                 for field, msg in self.problems[:MAX_PROBLEMS + 1]]
        super().__init__(bounded(lines, len(self.problems)))

    def bounded(self) -> str:
        return str(self)  # bounded already, with the count of all problems


class DataError(KpiError):
    """A measurement file that cannot be used.

    The message names the file and, where they apply, the 1-based spreadsheet row
    (header counted as row 1), the column and the offending value.
    """

    def __init__(self, path: str | Path | None, message: str, *, row: int | None = None,
                 column: str | None = None):
        self.path = str(path) if path is not None else "data"
        self.row = row
        self.column = column
        where = [self.path]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        self.detail = message
        super().__init__(f"{', '.join(where)}: {message}")


class InputError(KpiError, ValueError):
    """An invalid argument to a kit function; the message names argument and value."""


class ReportError(KpiError):
    """Rendering a report failed: the message names the plan and data files, what went
    wrong, and the notebook step where it happened."""
