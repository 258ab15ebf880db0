"""Render reports: papermill runs a report notebook, nbconvert turns it into one HTML file.

:func:`render_report` checks the plan and the data first (so bad input fails in a
second, before a kernel starts), executes ``notebooks/kpi_report.ipynb`` with the
parameters, exports it with the ``templates/nbconvert/kpi`` template (code hidden,
images embedded, nothing fetched from the network) and moves ``report.html`` and
``results.json`` into the output folder only when both are complete.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import uuid
from functools import cache
from pathlib import Path

from ..inputs.measurements import data_path as data_path_of
from ..inputs.measurements import load_measurements
from ..errors import InputError, ReportError
from ..files import check_outputs, output_folder, write_text_atomic
from ..plan import load_plan
from .pdf import find_chromium, write_pdf
from .. import kit
from ..words.text import language
from ..vocab import AUDIENCES, CADENCES, REPORT_KINDS  # noqa: F401  (aliases, see below)

# nbformat imports jsonschema, whose optional format checkers build a Lark grammar for
# IRIs at import time (rfc3987_syntax: 0.86 s of nbformat's 1.0 s import, measured with
# python -X importtime). nbformat's notebook schema has no "format" keyword, so that
# checker is never used here: let its optional import fail fast in this process.
sys.modules.setdefault("rfc3987_syntax", None)

NOTEBOOKS = kit.NOTEBOOKS
TEMPLATES = kit.NBCONVERT_TEMPLATES
SAMPLES = kit.SAMPLES
KIT_FOLDERS = kit.FOLDERS
#: every file a report writes into its output folder
OUTPUTS = ("report.html", "results.json", "progress.csv", "cadence.html", "cadence.txt",
           "report.pdf")
REPORT_NOTEBOOKS = {kind: NOTEBOOKS / f"{kind}_report.ipynb" for kind in REPORT_KINDS}
#: the closed sets are declared in vocab; KINDS, AUDIENCES, CADENCES stay as aliases
KINDS = REPORT_KINDS


def slug(text: str) -> str:
    """A folder name from a client name: 'Van Dijk BV' -> 'van-dijk-bv' (ASCII letters,
    digits and '-', at most 80 characters; never empty, '.' or '..')."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower())[:80].strip("-") or "client"


@cache
def _kernel_spec_manager():
    """Kernel specs that always start this interpreter (not a 'python3' kernel that a
    user-wide Jupyter install might point at another Python), without IPython's
    history database (report kernels need none, and parallel workers would share it)."""
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    spec = get_kernel_dict(extra_arguments=["--HistoryManager.enabled=False"])

    class ThisInterpreter(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return KernelSpec(resource_dir=RESOURCES, **spec)

    return ThisInterpreter()


#: what this process has running or half-written: kernel process ids with their file
#: prefix, and staging folders; :func:`cleanup` removes them (on a signal)
_LIVE: dict = {"kernels": {}, "staging": set()}


def kernel_files(pid: int) -> str:
    """The glob of the socket and connection files of kernels started by process ``pid``."""
    return str(Path(tempfile.gettempdir()) / f"kpi-kernel-{pid}-*")


def kernel_manager():
    """A kernel manager for this interpreter (started by the caller or by papermill).

    IPC transport (Unix sockets): nothing listens on the network, and ipykernel does
    not warn about unencrypted TCP. Each kernel gets its own socket path prefix, so
    kernels started at the same moment by parallel workers never share sockets; its
    connection file sits beside them (:func:`kernel_files`). On Linux the kernel is
    killed when the process that started it dies, however it dies.
    """
    prefix = Path(tempfile.gettempdir()) / f"kpi-kernel-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    return _manager_class()(kernel_name="python3", kernel_spec_manager=_kernel_spec_manager(),
                            transport="ipc", ip=str(prefix), connection_file=f"{prefix}.json")


@cache
def _die_with_parent():
    """A ``preexec_fn`` that has Linux SIGKILL the kernel when its parent dies (also by
    ``kill -9``), or None elsewhere. ``prctl`` is looked up here, in the parent: the
    forked child only calls it."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    try:
        prctl = ctypes.CDLL(None).prctl
    except (OSError, AttributeError):
        return None

    def set_parent_death_signal() -> None:  # pragma: no cover - runs in the child
        prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL

    return set_parent_death_signal


def cleanup() -> None:
    """Kill the kernels this process started and remove their files and this process's
    staging folders: what the CLI calls before it exits and a batch worker on SIGTERM
    (safe to call twice; a kernel caught mid-start dies with this process)."""
    import glob
    import signal
    for pid, prefix in list(_LIVE["kernels"].items()):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
        for leftover in glob.glob(f"{prefix}*"):
            Path(leftover).unlink(missing_ok=True)
        _LIVE["kernels"].pop(pid, None)
    for folder in list(_LIVE["staging"]):
        shutil.rmtree(folder, ignore_errors=True)
        _LIVE["staging"].discard(folder)
    for leftover in glob.glob(kernel_files(os.getpid())):  # also of a kernel caught mid-start
        Path(leftover).unlink(missing_ok=True)


@cache
def _manager_class():
    from jupyter_client.manager import KernelManager

    class Manager(KernelManager):
        """A kernel manager that remembers the clients it hands out: papermill's client
        of a kernel it does not own is never closed, and would leak its sockets."""

        def client(self, **kwargs):
            made = super().client(**kwargs)
            self.__dict__.setdefault("clients", []).append(made)
            return made

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if _die_with_parent() is not None:
                kw.setdefault("preexec_fn", _die_with_parent())
            await super()._async_launch_kernel(kernel_cmd, **kw)
            _LIVE["kernels"][self.provisioner.pid] = self.ip

        async def _async_shutdown_kernel(self, *args, **kwargs):
            pid = getattr(self.provisioner, "pid", None)
            try:
                await super()._async_shutdown_kernel(*args, **kwargs)
            finally:
                _LIVE["kernels"].pop(pid, None)

        def close_clients(self, since: int = 0) -> None:
            """Close the channels of the clients handed out after the first ``since``."""
            clients = self.__dict__.get("clients", [])
            for made in clients[since:]:
                made.stop_channels()
            del clients[since:]

    return Manager


# Run in a warm kernel before each report: forget the previous report's variables,
# figures and execution counter, so a report comes out as if rendered alone.
_RESET = ("get_ipython().run_line_magic('reset', '-f')\n"
          "import matplotlib.pyplot as _plt; _plt.close('all'); del _plt\n"
          "get_ipython().execution_count = 1")
# The report notebook's imports, paid once per kernel instead of once per report.
_WARM_UP = "import kpi_analysis.present.sections, kpi_analysis.analysis.compare, kpi_analysis.finance.roi"


class WarmKernel:
    """One kernel kept alive across reports (pandas, seaborn, statsmodels imported
    once), reset before each report. Restarted when it died.

    >>> kernel = WarmKernel()              # doctest: +SKIP
    >>> render_report(plan, kernel=kernel)  # doctest: +SKIP
    >>> kernel.close()                     # doctest: +SKIP
    """

    def __init__(self):
        self.km = None
        self.client = None

    def _run(self, code: str, timeout: float = 120) -> None:
        reply = self.client.execute_interactive(code, silent=True, store_history=False,
                                                timeout=timeout, output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise ReportError(f"the report kernel could not be prepared: "
                              f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    def ready(self):
        """The kernel manager of a live, reset kernel (started if needed)."""
        if self.km is None or not self.km.is_alive():
            from jupyter_client.session import Session
            self.close()
            self.km = kernel_manager()
            # a kernel imports from its folder: never the user's (a stray pandas.py)
            self.km.start_kernel(cwd=str(NOTEBOOKS))
            # its own Session: papermill's client shares the manager's, and two clients
            # on one Session object lose each other's replies
            self.client = self.km.client(session=Session(
                key=self.km.session.key, signature_scheme=self.km.session.signature_scheme))
            self.client.start_channels()
            self.client.wait_for_ready(timeout=120)
            self._run(_WARM_UP)
        self._run(_RESET)
        return self.km

    def close(self) -> None:
        if self.client is not None:
            self.client.stop_channels()
            self.client = None
        if self.km is not None and self.km.has_kernel:
            self.km.shutdown_kernel(now=True)
        self.km = None


#: the kit's own errors: raised in a report kernel, their message already names the input
_KIT_ERRORS = ("KpiError", "PlanError", "DataError", "InputError", "ReportError")


def execute_notebook(notebook: Path, parameters: dict, *, km=None, cwd: Path | None = None,
                     about: str = ""):
    """Run ``notebook`` with papermill and return the executed notebook node; a kernel
    it starts runs in ``cwd`` (default: the notebook's folder).

    Raises :class:`InputError` for a parameter the notebook's ``parameters`` cell
    does not define, and :class:`ReportError`: a kit error raised in the notebook
    keeps its message (it names the file, field or row); any other error is reported
    after ``about`` (the inputs: the plan and data files) with the cell (its number
    in the notebook as committed, 1-based, and its first line) where it happened.
    """
    import papermill
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    known = papermill.inspect_notebook(str(notebook))
    unknown = sorted(set(parameters) - set(known))
    if unknown:  # papermill only warns; a misspelt parameter must not go unnoticed
        raise InputError(f"{notebook.name}: unknown parameter(s) {', '.join(unknown)}; "
                         f"valid: {', '.join(known) or 'none'}")
    own = km is None
    km = km or kernel_manager()
    clients = len(km.__dict__.get("clients", []))
    try:
        return papermill.execute_notebook(
            str(notebook), None, parameters=parameters, kernel_name="python3",
            km=km, progress_bar=False, cwd=str(cwd or notebook.parent))
    except DeadKernelError:
        raise ReportError(f"{notebook.name}: the notebook's kernel died while running "
                          f"(out of memory, or a crash in a library)") from None
    except PapermillExecutionError as exc:
        # papermill inserts one cell after the parameters cell, so the 0-based index in
        # the executed notebook is the 1-based number in the committed one.
        if exc.ename in _KIT_ERRORS:  # the message names the input (file, field, row)
            # an argument error raised on the data (e.g. a KPI with too few observations
            # in a period) does not know the files: name them
            prefix = f"{about}: " if about and exc.ename == "InputError" else ""
            raise ReportError(prefix + exc.evalue) from None
        first = exc.source.strip().splitlines()[0] if exc.source.strip() else ""
        raise ReportError(f"{about + ': ' if about else ''}{notebook.name}: cell "
                          f"{exc.cell_index} ({first}) failed: {exc.ename}: {exc.evalue}"
                          ) from None
    finally:
        km.close_clients(since=clients)
        if own and km.has_kernel:
            km.shutdown_kernel(now=True)


@cache
def _exporter(lang: str):
    from nbconvert import HTMLExporter
    return HTMLExporter(template_name="kpi", extra_template_basedirs=[str(TEMPLATES)],
                        exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True, exclude_markdown=True,
                        language_code=lang)


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
    body, _ = _exporter(lang).from_notebook_node(nb)
    return body


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


class _Staging:
    """Write files into a temporary folder beside ``out_dir`` (an absolute path); move
    them into place only when every file is complete, else remove everything written;
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
        _LIVE["staging"].add(self.tmp)
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
                written = sorted(self.tmp.iterdir())
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
            _LIVE["staging"].discard(self.tmp)
        return False


def report_kind(data) -> str:
    """``impact`` once the data hold measurements after go-live, else ``baseline``."""
    return "impact" if (data["period"] == "after").any() else "baseline"


def render_report(plan_path: str | Path, *, data_path: str | Path | None = None,
                  out_dir: str | Path | None = None, lang: str | None = None,
                  kind: str | None = None, audience: str = "all",
                  cadence: str | None = None, kernel: WarmKernel | None = None,
                  pdf: bool = False) -> dict:
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
    plan_path = Path(plan_path)
    plan = load_plan(plan_path)
    data = data_path_of(data_path, plan)
    # fail here, with file/row/column, not in a kernel
    measured = load_measurements(data, plan, require_after=kind == "impact")
    kind = kind or report_kind(measured)
    if cadence and kind != "impact":
        raise InputError(f"cadence: reviews need measurements after go-live; the data hold "
                         f"none yet (a {kind} report)")
    lang = language(plan, lang)
    out = output_folder(out_dir or Path("reports") / slug(plan.client), KIT_FOLDERS)
    check_outputs(out, OUTPUTS, [plan_path, data])
    with _Staging(out) as tmp:
        nb = execute_notebook(REPORT_NOTEBOOKS[kind], {
            "plan_path": str(plan_path.resolve()), "data_path": str(data.resolve()),
            "lang": lang, "audience": audience, "results_path": str(tmp / "results.json"),
            **({"cadence": cadence} if kind == "impact" else {})},
            km=kernel.ready() if kernel else None, cwd=tmp, about=f"{plan_path} with {data}")
        html = export_html(nb, lang=lang, title=f"{plan.client} - {plan.project}")
        write_text_atomic(tmp / "report.html", html)
        if pdf:
            write_pdf(tmp / "report.html", tmp / "report.pdf", browser=browser)
    return {"html": out / "report.html", "results": out / "results.json",
            **({"pdf": out / "report.pdf"} if pdf else {})}




def render_samples(out_dir: str | Path = "reports") -> dict:
    """Render every sample in ``data/samples/`` to ``out_dir/<sample>/`` with an index,
    through the batch runner (warm kernels, unchanged samples skipped)."""
    from ..run.batch import run_batch
    return run_batch(SAMPLES, out_dir)
