"""Report kernels: a kernel that always starts this interpreter, kept warm across
reports (:class:`WarmKernel`), and papermill running a notebook in it
(:func:`execute_notebook`); :func:`cleanup` kills what this process started.
"""
from __future__ import annotations

import os
import sys
import tempfile
import uuid
from functools import cache
from pathlib import Path

from .. import kit
from ..errors import InputError, ReportError
from .outputs import remove_staging


def skip_iri_checker() -> None:
    """Make the next ``import nbformat`` (by papermill or nbconvert) about 0.9 s faster.

    nbformat imports jsonschema, whose optional format checkers build a Lark grammar
    for IRIs at import time (rfc3987_syntax: 0.86 s of nbformat's 1.0 s import,
    measured with ``python -X importtime``). nbformat's notebook schema has no
    "format" keyword, so that checker is never used here: its optional import is made
    to fail fast. Called by the functions that import nbformat, never at import of
    this package, so a process that only imports the kit keeps its modules as they are.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


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


#: kernels this process has running: process id -> their file prefix; :func:`cleanup`
#: kills them (on a signal)
_KERNELS: dict = {}


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
    for pid, prefix in list(_KERNELS.items()):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
        for leftover in glob.glob(f"{prefix}*"):
            Path(leftover).unlink(missing_ok=True)
        _KERNELS.pop(pid, None)
    remove_staging()
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
            _KERNELS[self.provisioner.pid] = self.ip

        async def _async_shutdown_kernel(self, *args, **kwargs):
            pid = getattr(self.provisioner, "pid", None)
            try:
                await super()._async_shutdown_kernel(*args, **kwargs)
            finally:
                _KERNELS.pop(pid, None)

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
_WARM_UP = "import kpi_analysis.present.sections, kpi_analysis.analysis.compare, kpi_analysis.words.business_case"


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
            self.km.start_kernel(cwd=str(kit.NOTEBOOKS))
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
    skip_iri_checker()
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
