"""Open what the kit writes in a real browser (Debian's headless Chromium through
Playwright): no request may leave the file, no console error, a screenshot is taken,
and axe-core (bundled by ``axe-playwright-python``) finds no accessibility violation.

axe runs once per page and view, with its default rules (WCAG 2 A/AA and best
practices), on: every sample report in English and Dutch (screen, and the print view
the PDF is made from), a baseline report, a signed-off plan with a deviation, a report
with "since the last review" on top, the reviews (weekly, monthly, quarterly, each audience's view, the diagnosis) as saved
beside a report, a report with a review and an audience's view on top, the batch index
in both languages (with a failed client) and the training feedback boxes. A failure
lists each violation: rule, impact, and every offending node's selector and HTML.
The sample reports are the session's (tests/conftest.py renders each sample once).
Skipped, with the reason shown, where Chromium, Playwright or axe is missing.
"""
from __future__ import annotations

import json
import shutil

import pytest
import yaml

import kpi_analysis as ka
from kpi_analysis.analysis.lock import write_lock
from kpi_analysis.present.html import page
from kpi_analysis.present.results import review_page
from kpi_analysis.present.reviews import AUDIENCES, cadence_output, diagnose, audience_view
from kpi_analysis.run.batch import index_html, run_batch
from kpi_analysis.run.report import render_report
from kpi_analysis.training import EXERCISES, check, demos, model_answer
from kpi_analysis.vocab import CADENCES

from conftest import NAMES, SAMPLES, write_plan

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LANGS = ("en", "nl")
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
def axe():
    module = pytest.importorskip("axe_playwright_python.sync_playwright",
                                 reason="axe-playwright-python is not installed "
                                        "(pip install -e '.[test]')")
    return module.Axe()


def violations(axe, page_, where: str) -> str:
    """axe-core's violations on the open page as a message a developer can act on (rule,
    impact, what it asks, and each offending node's selector and HTML); '' when none."""
    found = axe.run(page_).response["violations"]
    lines = [f"{where}: {len(found)} accessibility violation(s)"] if found else []
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:300]}")
            lines += [f"      {s}" for s in node.get("failureSummary", "").splitlines()]
    return "\n".join(lines)


def _visit(browser, path, screenshot, axe=None, media=("screen",)):
    """Open ``path``: the requests it makes, its console errors, its images (alt, drawn
    width) and axe's violations per media ('screen', 'print'), each run once."""
    page_ = browser.new_page(viewport={"width": 1200, "height": 900})
    requests, errors = [], []
    page_.on("request", lambda r: requests.append(r.url))
    page_.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page_.on("pageerror", lambda e: errors.append(str(e)))
    page_.goto(path.as_uri())
    page_.wait_for_load_state("networkidle")
    if screenshot:
        page_.screenshot(path=str(screenshot), full_page=True)
    images = page_.eval_on_selector_all("img", "els => els.map(e => [e.alt, e.naturalWidth])")
    found = {}
    for m in media if axe else ():
        page_.emulate_media(media=m)
        found[m] = violations(axe, page_, f"{path} ({m})")
    page_.close()
    return requests, errors, images, found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_report_opens_offline_without_errors_and_passes_axe(browser, axe, reports, name,
                                                              lang, tmp_path):
    """Issue 18 item 4: every sample report in both languages, and its print view (what
    ``--pdf`` prints), at zero axe violations."""
    report = reports[name, lang]["html"]
    shot = tmp_path / f"{name}-{lang}.png"
    requests, errors, images, found = _visit(browser, report, shot, axe, ("screen", "print"))
    assert requests == [report.as_uri()]
    assert errors == []
    assert images and all(alt and width > 0 for alt, width in images)  # drawn, described
    assert shot.stat().st_size > 50_000
    assert found == {"screen": "", "print": ""}, "\n".join(found.values())


def _until(data, day: str, path):
    """The rows of the CSV ``data`` dated before ``day`` (ISO), written to ``path``."""
    rows = data.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(rows[:1] + [r for r in rows[1:] if r[:10] < day]) + "\n",
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def other_shapes(tmp_path_factory, kernel):
    """The report shapes no sample has, in both languages: a baseline report (data up to
    go-live only) and a signed-off plan whose target moved afterwards (a deviation in
    the summary and the appendix)."""
    root = tmp_path_factory.mktemp("shapes")
    shutil.copytree(SAMPLES / "invoicing", root / "inv")
    plan_path = root / "inv" / "plan.yaml"
    plan = ka.load_plan(plan_path)
    write_lock(plan, ka.load_measurements(plan.data_path, plan), plan.data_path)
    raw = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    next(k for p in raw["processes"] for k in p["kpis"]
         if k["id"] == "invoices_per_fte")["target"]["value"] = 70  # was 75
    write_plan(root / "inv", raw)
    before = _until(plan.data_path, "2026-04-06", root / "baseline.csv")  # go-live
    return {(shape, lang): render_report(plan_path, lang=lang, kernel=kernel,
                                         out_dir=root / shape / lang,
                                         data_path=before if shape == "baseline" else None)
            for shape in ("baseline", "signed") for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("shape", ["baseline", "signed"])
def test_baseline_and_signed_off_reports_pass_axe(browser, axe, other_shapes, shape, lang):
    path = other_shapes[shape, lang]["html"]
    results = json.loads(other_shapes[shape, lang]["results"].read_text(encoding="utf-8"))
    assert results["kind"] == ("baseline" if shape == "baseline" else "impact")
    assert shape == "baseline" or results["sign_off"]["deviations"]
    requests, errors, _, found = _visit(browser, path, None, axe, ("screen", "print"))
    assert requests == [path.as_uri()] and errors == []
    assert found == {"screen": "", "print": ""}, "\n".join(found.values())


@pytest.mark.parametrize("lang", LANGS)
def test_report_since_the_last_review_passes_axe(browser, axe, kernel, lang, tmp_path):
    """Issue 18 item 2's block on top: two renders a month apart, the later one with
    the earlier one's results.json as ``previous`` (``kpi report --previous``)."""
    plan = SAMPLES / "invoicing" / "plan.yaml"
    earlier = _until(SAMPLES / "invoicing" / "measurements.csv", "2026-06-20",
                     tmp_path / "earlier.csv")
    first = render_report(plan, data_path=earlier, lang=lang, out_dir=tmp_path / "first",
                          kernel=kernel)
    path = render_report(plan, lang=lang, previous=first["results"], kernel=kernel,
                         out_dir=tmp_path / "second")["html"]
    assert 'class="kpi-since"' in path.read_text(encoding="utf-8")  # the block is there
    requests, errors, _, found = _visit(browser, path, None, axe, ("screen", "print"))
    assert requests == [path.as_uri()] and errors == []
    assert found == {"screen": "", "print": ""}, "\n".join(found.values())


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A batch of an English and a Dutch client and one whose plan is missing: its
    index (mixed languages: English) and the Dutch index of the same summary."""
    out = tmp_path_factory.mktemp("browser")
    manifest = out / "clients.csv"
    manifest.write_text("name,plan\n"
                        f"cv_screening,{SAMPLES / 'cv_screening' / 'plan.yaml'}\n"
                        f"invoicing,{SAMPLES / 'invoicing' / 'plan.yaml'}\n"
                        f"lost,{out / 'lost' / 'plan.yaml'}\n", encoding="utf-8")
    summary = run_batch(manifest, out / "run", jobs=2)
    assert (summary["ok"], summary["failed"]) == (2, 1), summary
    dutch = {**summary, "clients": [c for c in summary["clients"] if c.get("language") != "en"]}
    (out / "run" / "index-nl.html").write_text(index_html(dutch), encoding="utf-8")
    return out / "run"


@pytest.mark.parametrize("index, lang", [("index.html", "en"), ("index-nl.html", "nl")])
def test_batch_index_opens_offline_and_passes_axe(browser, axe, batch, index, lang, tmp_path):
    path = batch / index
    assert f'<html lang="{lang}">' in path.read_text(encoding="utf-8")
    requests, errors, _, found = _visit(browser, path, tmp_path / "index.png", axe)
    assert requests == [path.as_uri()] and errors == []
    assert found == {"screen": ""}, found["screen"]
    assert (batch / "cv_screening" / "report.html").exists()  # the batch's reports open above


@pytest.mark.parametrize("lang, cadence, audience", [("en", "quarterly", "management"),
                                                     ("nl", "monthly", "works_council")])
def test_report_with_a_review_on_top_and_its_review_page_pass_axe(browser, axe, kernel, lang,
                                                                   cadence, audience, tmp_path):
    """``kpi report --cadence ... --audience ...``: the report with the review and the
    audience's view on top, and ``cadence.html`` beside it."""
    paths = render_report(SAMPLES / "monthly_reviews" / "plan.yaml", lang=lang,
                          cadence=cadence, audience=audience, out_dir=tmp_path / "out",
                          kernel=kernel)
    for path in (paths["html"], tmp_path / "out" / "cadence.html"):
        assert f'<html lang="{lang}">' in path.read_text(encoding="utf-8")
        requests, errors, _, found = _visit(browser, path, None, axe)
        assert requests == [path.as_uri()] and errors == []
        assert found == {"screen": ""}, found["screen"]


@pytest.fixture(scope="module")
def review_pages(tmp_path_factory):
    """Every review the kit lays out, in both languages, saved as ``cadence.html`` is."""
    out = tmp_path_factory.mktemp("reviews")
    plan = ka.load_plan(SAMPLES / "monthly_reviews" / "plan.yaml")
    data = ka.load_measurements("", plan)
    pages = []
    for lang in LANGS:
        reviews = {c: cadence_output(data, plan, c, lang) for c in CADENCES}
        reviews["diagnosis"] = diagnose(data, plan, lang)
        reviews |= {a: audience_view(data, plan, a, lang) for a in AUDIENCES}
        for kind, review in reviews.items():
            path = out / f"{kind}-{lang}.html"
            path.write_text(review_page(review, plan), encoding="utf-8")
            pages.append(path)
    return pages


def test_every_review_page_passes_axe(browser, axe, review_pages):
    assert len(review_pages) == 2 * (len(CADENCES) + 1 + len(AUDIENCES))
    found = [_visit(browser, path, None, axe)[3]["screen"] for path in review_pages]
    assert not any(found), "\n".join(filter(None, found))


@pytest.mark.parametrize("lang", LANGS)
def test_training_feedback_boxes_pass_axe(browser, axe, lang, tmp_path):
    """The boxes a training notebook shows (right, not yet with a hint, demonstrations
    with a table), on one page in the kit's page frame."""
    boxes = [check(e, model_answer(e, lang), lang) for e in sorted(EXERCISES)]
    boxes += [check(e, None, lang) for e in sorted(EXERCISES)]
    boxes += [demos.truth_table(lang), demos.judge_too_early(lang=lang),
              demos.sentences(lang=lang)]
    path = tmp_path / "training.html"
    path.write_text(page("\n".join(b._repr_html_() for b in boxes), lang=lang,
                         title="kpi-kit", heading="kpi-kit"), encoding="utf-8")
    requests, errors, _, found = _visit(browser, path, None, axe)
    assert requests == [path.as_uri()] and errors == []
    assert found == {"screen": ""}, found["screen"]
