"""What a report writes: the files of an output folder, a folder name from a client
name, and the staging folder that makes a report's files appear all at once or not at all.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from ..errors import InputError

#: every file a report writes into its output folder
OUTPUTS = ("report.html", "results.json", "progress.csv", "cadence.html", "cadence.txt",
           "report.pdf")


def slug(text: str) -> str:
    """A folder name from a client name: 'Van Dijk BV' -> 'van-dijk-bv' (ASCII letters,
    digits and '-', at most 80 characters; never empty, '.' or '..')."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower())[:80].strip("-") or "client"


#: a folder inside the staging folder for files the report run needs but never
#: delivers (the checked data handed to the kernel); it is not moved into ``out_dir``
SCRATCH = ".scratch"


def scratch(tmp: Path) -> Path:
    """The staging folder's :data:`SCRATCH` folder (made when missing)."""
    folder = tmp / SCRATCH
    folder.mkdir(exist_ok=True)
    return folder


#: staging folders this process is writing; :func:`remove_staging` removes them (on a signal)
_STAGING: set = set()


def remove_staging() -> None:
    """Remove this process's staging folders (safe to call twice)."""
    for folder in list(_STAGING):
        shutil.rmtree(folder, ignore_errors=True)
        _STAGING.discard(folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


class Staging:
    """Write files into a temporary folder beside ``out_dir`` (an absolute path); move
    them into place only when every file is complete, else remove everything written
    (the :data:`SCRATCH` folder is never moved, only removed);
    a report file (:data:`OUTPUTS`) an earlier run left there and this run did not
    write is removed. A folder that cannot be made is an :class:`InputError` naming it."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir

    def __enter__(self) -> Path:
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            self._sweep()
            self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.kpi{os.getpid()}.",
                                             suffix=".tmp", dir=self.out_dir.parent))
        except OSError as exc:
            raise self._unusable(exc) from None
        _STAGING.add(self.tmp)
        return self.tmp

    def _unusable(self, exc: OSError) -> InputError:
        return InputError(f"--out: cannot write to {self.out_dir} ({exc.strerror or exc})")

    def _sweep(self) -> None:
        """Remove staging folders a killed run (``kill -9``) left beside ``out_dir``."""
        import glob
        for stale in self.out_dir.parent.glob(f".{glob.escape(self.out_dir.name)}.kpi*.tmp"):
            pid = stale.name[len(self.out_dir.name) + 5:].split(".")[0]
            if pid.isdigit() and not _alive(int(pid)) and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.out_dir.mkdir(exist_ok=True)
                written = sorted(p for p in self.tmp.iterdir() if p.name != SCRATCH)
                for item in written:
                    item.replace(self.out_dir / item.name)
                # a report's file from an earlier run that this run did not write (a
                # report.pdf, a cadence review) would sit beside newer numbers: remove it
                for name in set(OUTPUTS) - {item.name for item in written}:
                    (self.out_dir / name).unlink(missing_ok=True)
        except OSError as exc:  # e.g. the disk filled up, or the folder was taken away
            raise self._unusable(exc) from None
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
            _STAGING.discard(self.tmp)
        return False
