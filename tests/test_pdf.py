"""kpi report --pdf and kpi batch --pdf (issue 18 item 3): an A4 PDF printed by headless
Chromium beside the HTML, more than one page, text selectable with the client's name in
the footer; without a browser one clear line and exit 2 before anything is written."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from kpi_analysis.errors import InputError
from kpi_analysis.run.pdf import find_chromium

from conftest import SAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed (pip install -e '.[test]')")
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian: "
                                                             "apt-get install chromium)")


def kpi(*args, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "kpi_analysis.cli", *map(str, args)],
                          cwd=cwd, env=env, capture_output=True, text=True)


def pdf_text(path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


@needs_browser
def test_report_pdf_prints_the_report_with_the_client_in_every_footer(tmp_path):
    done = kpi("report", SAMPLES / "webshop" / "plan.yaml", "--out", "webshop", "--pdf",
               "--lang", "en", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "webshop" / "report.pdf"
    assert str(pdf) in done.stdout.splitlines()
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages = pdf_text(pdf)
    assert len(pages) > 1
    client = "Outdoor Gear Online"  # the webshop sample's client (plan.yaml)
    assert client in (SAMPLES / "webshop" / "plan.yaml").read_text(encoding="utf-8")
    for number, page in enumerate(pages, start=1):
        assert client in page, f"page {number} has no footer with the client"
        assert f"{number} / {len(pages)}" in page
    assert "Step 4" in "".join(pages)  # the report's own text, selectable


@needs_browser
def test_a_later_run_without_pdf_leaves_no_stale_pdf(tmp_path):
    assert kpi("report", SAMPLES / "invoicing" / "plan.yaml", "--out", "r", "--pdf",
               cwd=tmp_path).returncode == 0
    done = kpi("report", SAMPLES / "invoicing" / "plan.yaml", "--out", "r", cwd=tmp_path)
    assert done.returncode == 0 and not (tmp_path / "r" / "report.pdf").exists()


def test_without_a_browser_pdf_stops_before_anything_is_written(tmp_path):
    env = {**os.environ, "KPI_CHROMIUM": "no-such-browser"}
    done = kpi("report", SAMPLES / "invoicing" / "plan.yaml", "--out", "r", "--pdf",
               cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "KPI_CHROMIUM=no-such-browser" in done.stderr
    assert not (tmp_path / "r").exists()
    done = kpi("batch", SAMPLES, "--out", "b", "--pdf", cwd=tmp_path, env=env)
    assert done.returncode == 2 and not (tmp_path / "b").exists()


def test_no_browser_on_path_says_how_to_install_one(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("KPI_CHROMIUM", raising=False)
    with pytest.raises(InputError, match="apt-get install chromium.*needs no browser"):
        find_chromium()


@needs_browser
def test_batch_pdf_gives_every_client_its_pdf(tmp_path):
    clients = tmp_path / "clients"
    for name in ("invoicing", "production"):
        shutil.copytree(SAMPLES / name, clients / name)
    done = kpi("batch", clients, "--out", "out", "--pdf", "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("invoicing", "production"):
        assert (tmp_path / "out" / name / "report.pdf").read_bytes()[:5] == b"%PDF-"
