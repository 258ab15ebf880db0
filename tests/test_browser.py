"""Open the rendered reports in a real browser (Debian's headless Chromium through
Playwright): no request may leave the file, no console error, and a screenshot is
taken. Skipped, with the reason shown, where Chromium or Playwright is missing."""
from __future__ import annotations

import shutil

import pytest

from kpi_analysis.run.batch import run_batch

from conftest import SAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian: "
                                                         "apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser")
    summary = run_batch(SAMPLES, out, jobs=2)
    assert summary["failed"] == 0, summary
    return out


def _visit(browser, path, screenshot):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshot), full_page=True)
    images = page.eval_on_selector_all("img", "els => els.map(e => [e.alt, e.naturalWidth])")
    page.close()
    return requests, errors, images


@pytest.mark.parametrize("name", sorted(p.parent.name for p in SAMPLES.glob("*/plan.yaml")))
def test_report_opens_offline_without_errors(browser, rendered, name, tmp_path):
    report = rendered / name / "report.html"
    requests, errors, images = _visit(browser, report, tmp_path / f"{name}.png")
    assert requests == [report.as_uri()]
    assert errors == []
    assert images and all(alt and width > 0 for alt, width in images)  # drawn, described
    assert (tmp_path / f"{name}.png").stat().st_size > 50_000


def test_batch_index_opens_offline(browser, rendered, tmp_path):
    index = rendered / "index.html"
    requests, errors, _ = _visit(browser, index, tmp_path / "index.png")
    assert requests == [index.as_uri()] and errors == []
