"""JupyterLab: a report notebook's sections carry the report's look (the stylesheet,
scoped), the intermediate results show as tables in the notebook but not in the
exported report, and the sections take one context object."""
from __future__ import annotations

import re

import pytest

import kpi_analysis as ka
from kpi_analysis.errors import InputError
from kpi_analysis.present import sections as show
from kpi_analysis.present.html import REPORT_CSS, Shown, lab_css, unwrap
from kpi_analysis.run.kernel import execute_notebook
from kpi_analysis.run.report import REPORT_NOTEBOOKS, export_html

from conftest import SAMPLES


@pytest.fixture(scope="module")
def executed():
    """The impact report notebook as an analyst runs it (invoicing sample, English)."""
    return execute_notebook(REPORT_NOTEBOOKS["impact"], {"lang": "en"})


def _html(cell) -> list[str]:
    return [o["data"]["text/html"] for o in cell.get("outputs", [])
            if "text/html" in o.get("data", {})]


def _cell(nb, source: str):
    return next(c for c in nb.cells if c.source == source)


def test_section_outputs_carry_the_report_stylesheet(executed):
    summary = _html(_cell(executed, "show.summary(ctx)"))
    assert len(summary) == 1
    html = summary[0]
    assert html.startswith('<div class="kpi-lab"><style>') and html.endswith("</div>")
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert ".kpi-lab .kpi-tile {" in style and ".kpi-lab .kpi-badge {" in style
    assert "kpi-tile-good" in html or "kpi-tile-bad" in html or "kpi-tile-neutral" in html
    assert "class='kpi-badge" in html or 'class="kpi-badge' in html
    for source in ("show.goal(ctx)", "show.comparison(ctx)", "show.business(ctx)"):
        assert all(part.startswith('<div class="kpi-lab"><style>')
                   for part in _html(_cell(executed, source))), source


def test_intermediate_results_show_in_the_notebook_not_in_the_report(executed):
    cell = _cell(executed, "show.numbers(ctx)")
    assert "kpi-lab" in cell.metadata["tags"]
    (html,) = _html(cell)
    results = ka.compare_kpis(*_invoicing())
    assert html.count("<table class=\"kpi-table\">") == 2         # results and case
    for column in ("kpi", "p_adj", "verdict"):
        assert f"<th>{column}</th>" in html or f'<th class="num">{column}</th>' in html
    for kpi in results["kpi"]:
        assert f"<td>{kpi}</td>" in html
    page = export_html(executed, lang="en", title="Acme - invoicing")
    assert "Intermediate result" not in page and "p_adj" not in page
    assert 'class="kpi-lab"' not in page                 # the page has the CSS once
    assert page.count(".kpi-tile {") == 1


def _invoicing():
    plan = ka.load_plan(SAMPLES / "invoicing" / "plan.yaml")
    return ka.load_measurements("", plan), plan


def test_scoped_css_comes_from_the_one_stylesheet():
    css = lab_css()
    rules = css.splitlines()
    assert rules and all(r.startswith(".kpi-lab") for r in rules)
    assert "@page" not in css and "@media" not in css and "body" not in css
    # every colour variable of report.css is defined on the wrapper
    variables = set(re.findall(r"--[\w-]+(?=:)", REPORT_CSS.read_text(encoding="utf-8")))
    assert variables and variables <= set(re.findall(r"--[\w-]+(?=:)", css))
    shown = Shown("<p>x</p>")
    assert unwrap(shown._repr_html_()) == "<p>x</p>"
    assert unwrap("<p>y</p>") == "<p>y</p>"


@pytest.mark.parametrize("field, value", [("lang", "de"), ("audience", "board"),
                                          ("cadence", "daily")])
def test_context_is_validated_on_creation(field, value):
    data, plan = _invoicing()
    given = {"lang": "en", "audience": "all", field: value}
    with pytest.raises(InputError, match=rf"^{field}: '{value}' is not known; valid: "):
        show.context(plan, data, **given)


def test_context_rejects_an_unknown_field():
    data, plan = _invoicing()
    with pytest.raises(InputError, match="context: 'resluts' is not a field"):
        show.context(plan, data, lang="en", resluts=None)


def test_context_and_positional_forms_show_the_same(monkeypatch):
    out = []
    monkeypatch.setattr(show, "_show", out.append)
    data, plan = _invoicing()
    checks = ka.check_plan(plan, "nl", data)
    results = ka.compare_kpis(data, plan)
    ctx = show.context(plan, data, lang="nl", audience="technical", checks=checks,
                       results=results)
    show.goal(ctx)
    show.goal(plan, checks, "nl", "technical")
    show.appendix(ctx)
    show.appendix(results, checks, data, plan, "nl", "technical")
    show.title(ctx, "baseline")
    show.title(plan, "nl", "baseline")
    assert out[0] == out[1] and out[2] == out[3] and out[4] == out[5]
    assert "Nulmeting" in out[4] or "nulmeting" in out[4].lower()
