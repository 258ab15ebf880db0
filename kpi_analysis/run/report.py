"""Render reports: papermill runs a report notebook, nbconvert turns it into one HTML file.

:func:`render_report` checks the plan and the data first (so bad input fails in a
second, before a kernel starts) and hands the checked data to the notebook (Parquet in
the staging folder's scratch folder, never delivered): the data are read once. It
executes ``notebooks/impact_report.ipynb`` or ``notebooks/baseline_report.ipynb`` with
the parameters, exports it with the ``templates/nbconvert/kpi`` template (code hidden,
images embedded, nothing fetched from the network; the cells tagged ``kpi-lab``, the
analyst's intermediate tables, left out; each section's JupyterLab wrapper with its
scoped stylesheet dropped, the page carries the stylesheet once) and moves
``report.html`` and ``results.json`` into the output folder only when both are complete.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from .. import kit
from ..analysis.since import read_previous
from ..errors import InputError
from ..files import check_outputs, output_folder, write_text_atomic
from ..inputs.measurements import data_path as data_path_of
from ..inputs.measurements import load_measurements, require_after, save_checked
from ..plan import load_plan, plan_file
from ..present.html import unwrap
from ..present.lab import LAB_TAG
from .pdf import find_chromium, write_pdf
from ..vocab import AUDIENCES, CADENCES, REPORT_KINDS  # noqa: F401  (aliases, see below)
from ..words.store import language
from .kernel import WarmKernel, execute_notebook, skip_iri_checker
from .outputs import OUTPUTS, Staging, scratch, slug

NOTEBOOKS = kit.NOTEBOOKS
TEMPLATES = kit.NBCONVERT_TEMPLATES
SAMPLES = kit.SAMPLES
KIT_FOLDERS = kit.FOLDERS
REPORT_NOTEBOOKS = {kind: NOTEBOOKS / f"{kind}_report.ipynb" for kind in REPORT_KINDS}
#: the closed sets are declared in vocab; KINDS, AUDIENCES, CADENCES stay as aliases
KINDS = REPORT_KINDS


@cache
def _exporter(lang: str):
    skip_iri_checker()
    from nbconvert import HTMLExporter
    from traitlets.config import Config
    # cells tagged kpi-lab (the analyst's intermediate tables) stay out of the report
    config = Config({"TagRemovePreprocessor": {"enabled": True,
                                               "remove_cell_tags": {LAB_TAG}}})
    return HTMLExporter(template_name="kpi", extra_template_basedirs=[str(TEMPLATES)],
                        exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True, exclude_markdown=True,
                        language_code=lang, config=config)


def css_string(text: str) -> str:
    r"""``text`` as a quoted CSS string that is safe inside a ``<style>`` element: every
    character but letters, digits and spaces as a CSS hex escape.

    >>> print(css_string('Acme "BV" </style>'))
    "Acme \000022 BV\000022  \00003c \00002f style\00003e "
    """
    return '"' + "".join(c if c.isalnum() and c.isascii() or c == " " else f"\\{ord(c):06x} "
                         for c in text) + '"'


def export_html(nb, *, lang: str, title: str) -> str:
    """One self-contained HTML page from an executed notebook (code and notes hidden)."""
    nb.metadata["title"] = title
    nb.metadata["kpi_print_footer"] = css_string(title)  # the printed page's footer
    for cell in nb.cells:  # papermill gives its injected cell a random id: pin it
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
        for output in cell.get("outputs", []):  # the page has the stylesheet once
            if "text/html" in output.get("data", {}):
                output.data["text/html"] = unwrap(output.data["text/html"])
    body, _ = _exporter(lang).from_notebook_node(nb)
    return body


def report_kind(data) -> str:
    """``impact`` once the data hold measurements after go-live, else ``baseline``."""
    return "impact" if (data["period"] == "after").any() else "baseline"


def render_report(plan_path: str | Path, *, data_path: str | Path | None = None,
                  out_dir: str | Path | None = None, lang: str | None = None,
                  kind: str | None = None, audience: str = "all",
                  cadence: str | None = None, kernel: WarmKernel | None = None,
                  pdf: bool = False, previous: str | Path | None = None) -> dict:
    """Render one client report: ``out_dir/report.html`` and ``out_dir/results.json``.

    Parameters
    ----------
    plan_path : str or Path
        The plan (YAML).
    data_path : str or Path, optional
        The measurements; default: the plan's ``data_file``, relative to the plan.
    out_dir : str or Path, optional
        Output folder; default ``reports/<client>``; a relative path is taken from the
        current folder (made absolute once, here). Refused when it lies inside the
        kit or when a file written there would replace the plan or the data.
    lang : {'en', 'nl'}, optional
        Report language; default: the plan's ``language``.
    kind : {'impact', 'baseline'}, optional
        Default: ``impact`` when the data hold an after period, else ``baseline``.
    audience : str
        ``executive``, ``operational``, ``technical`` (the method's three dashboard
        layers) or ``all``; or ``management``, ``it``, ``users``, ``works_council``
        for the summary framed for that audience.
    cadence : {'weekly', 'monthly', 'quarterly'}, optional
        Add the weekly quick win, monthly deep dive or quarterly review at the top
        and as ``cadence.html`` / ``cadence.txt`` (impact reports).
    kernel : WarmKernel, optional
        Reuse this kernel (batch runs); default: a fresh kernel for this report.
    pdf : bool
        Also print ``report.pdf`` (A4) through headless Chromium; without a browser
        an :class:`InputError` before anything runs.
    previous : str or Path, optional
        A previous ``results.json`` of this client and project: the report lists what
        changed since (``since_previous`` in results.json); read and checked before
        anything runs. It may be the ``results.json`` this report replaces.

    Returns
    -------
    dict
        ``{"html": Path, "results": Path}`` (and ``"pdf"`` with ``pdf=True``),
        absolute. Beside them, when the report has them: ``progress.csv``,
        ``cadence.html`` and ``cadence.txt``.

    Raises
    ------
    PlanError, DataError, InputError
        Before anything runs, when the plan, the data or an argument is invalid.
    ReportError
        When a notebook cell fails; nothing is written then.
    """
    if kind not in (None, *KINDS):
        raise InputError(f"kind: '{kind}' is not a report kind; valid: {', '.join(KINDS)}")
    if audience not in AUDIENCES:
        raise InputError(f"audience: '{audience}' is not known; valid: {', '.join(AUDIENCES)}")
    if cadence not in (None, "", *CADENCES):
        raise InputError(f"cadence: '{cadence}' is not known; valid: {', '.join(CADENCES)}")
    browser = find_chromium() if pdf else None
    plan_path = plan_file(plan_path)
    plan = load_plan(plan_path)
    data = data_path_of(data_path, plan)
    # fail here, with file/row/column, not in a kernel
    measured = load_measurements(data, plan, require_after=kind == "impact")
    kind = kind or report_kind(measured)
    if kind == "impact":  # read without the requirement when the kind was not given
        require_after(measured, plan, data)
    if cadence and kind != "impact":
        raise InputError(f"cadence: reviews need measurements after go-live; the data hold "
                         f"none yet (a {kind} report)")
    lang = language(plan, lang)
    if previous:
        read_previous(previous, plan)   # a broken or foreign file fails here, not in a kernel
    out = output_folder(out_dir or Path("reports") / slug(plan.client), KIT_FOLDERS)
    check_outputs(out, OUTPUTS, [plan_path, data])
    with Staging(out) as tmp:
        checked = save_checked(measured, scratch(tmp) / "measurements.parquet")
        nb = execute_notebook(REPORT_NOTEBOOKS[kind], {
            "plan_path": str(plan_path.resolve()), "data_path": str(data.resolve()),
            "checked_data": str(checked),
            "lang": lang, "audience": audience, "results_path": str(tmp / "results.json"),
            "previous_path": str(Path(previous).resolve()) if previous else "",
            **({"cadence": cadence} if kind == "impact" else {})},
            km=kernel.ready() if kernel else None, cwd=tmp, about=f"{plan_path} with {data}")
        html = export_html(nb, lang=lang, title=f"{plan.client} - {plan.project}")
        write_text_atomic(tmp / "report.html", html)
        if pdf:
            write_pdf(tmp / "report.html", tmp / "report.pdf", browser=browser)
    return {"html": out / "report.html", "results": out / "results.json",
            **({"pdf": out / "report.pdf"} if pdf else {})}
