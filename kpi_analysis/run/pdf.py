"""A PDF of a rendered report, printed by headless Chromium (``kpi report --pdf``).

The HTML report carries its own print stylesheet (``templates/nbconvert/kpi/static/
report.css``: A4, tiles and charts never split across pages, the client's name and page
numbers in the footer); Chromium prints it as it would from its print dialog, so the
text stays selectable. The HTML route never needs a browser: only ``--pdf`` looks for
one, before any work is done, and without one it stops with a message saying how to
install it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError, ReportError
from ..files import umask

#: set this to a Chromium or Chrome executable to use that one
ENV_VAR = "KPI_CHROMIUM"
#: names tried on PATH, in order
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: seconds one report may take to print
TIMEOUT = 120


def find_chromium() -> str:
    """The browser that prints the PDF: ``$KPI_CHROMIUM``, else the first of
    :data:`CANDIDATES` on PATH. Raises :class:`InputError` (exit 2) when none is found."""
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise InputError(f"--pdf: {ENV_VAR}={chosen} is not an executable browser; "
                             f"point it at chromium or chrome, or unset it")
        return found
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise InputError("--pdf needs Chromium to print the report and none was found: install "
                     "it (Debian/Ubuntu: apt-get install chromium) or set KPI_CHROMIUM to "
                     "its path; the HTML report needs no browser")


def write_pdf(html: Path, pdf: Path, *, browser: str | None = None) -> Path:
    """Print ``html`` (a report written by the kit) to ``pdf`` through headless
    Chromium: A4 and the report's print stylesheet; written atomically.

    Raises :class:`ReportError` when the browser fails or times out (nothing is written).
    """
    browser = browser or find_chromium()
    pdf = Path(pdf)
    fd, tmp = tempfile.mkstemp(prefix=f".{pdf.name}.", suffix=".tmp", dir=pdf.parent)
    os.close(fd)
    profile = tempfile.mkdtemp(prefix="kpi-chromium-")
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-extensions", "--no-first-run",
               f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--print-to-pdf={tmp}", Path(html).resolve().as_uri()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                              stdin=subprocess.DEVNULL)
        if done.returncode != 0 or not _is_pdf(Path(tmp)):
            last = (done.stderr.strip().splitlines() or ["no output"])[-1][:300]
            raise ReportError(f"{html}: printing the PDF failed ({browser} exited "
                              f"{done.returncode}: {last})")
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, pdf)
    except subprocess.TimeoutExpired:
        raise ReportError(f"{html}: printing the PDF took longer than {TIMEOUT} s") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
        shutil.rmtree(profile, ignore_errors=True)
    return pdf


def _is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False
