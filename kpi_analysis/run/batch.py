"""Batch reports for consultants: many clients, warm kernels, one failure costs one client.

``kpi batch SOURCE --out DIR`` renders one report per client into ``DIR/<folder>/``
and writes ``DIR/index.html`` and ``DIR/batch.json``. A client's folder is its name
when that is plain (letters, digits, ``_``, ``-``), else a safe slug of it (``Van Dijk
BV`` -> ``van-dijk-bv``; ``../x`` or ``/x`` -> ``x``: nothing is written outside DIR),
with ``-2``, ``-3`` added when two names give one folder; the index and
``batch.json`` show each client's name beside its folder. SOURCE is

- a folder of client folders, each with a ``plan.yaml`` (the plan's ``data_file``
  names its data), or
- a manifest CSV with one row per client: ``plan`` (required), ``data``, ``language``,
  ``audience``, ``name`` (default: the plan's folder name); paths relative to the
  manifest.

Speed: starting a kernel and importing pandas/seaborn/statsmodels costs seconds per
report. Each worker process keeps one :class:`~kpi_analysis.run.kernel.WarmKernel`
(reset between reports) and its nbconvert exporter, so those costs are paid once per
worker. A report rendered this way is the same as one rendered alone.

Isolation: a client whose plan or data is bad, missing or unreadable, whose notebook
fails, or whose worker dies is recorded with its reason; the others are rendered
(exit 1). A client whose plan, data and kit are unchanged since the last run (by
hash) is skipped unless ``force``. ``batch.json`` is rewritten after every client, so
an interrupted batch keeps what finished; Ctrl-C or SIGTERM stops the workers, kills
their kernels and removes their staging folders.
"""
from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from .. import __version__, kit
from ..errors import KpiError
from ..files import check_outputs, file_hash, output_folder, write_text_atomic
from ..vocab import AUDIENCES
from .kernel import WarmKernel, cleanup, kernel_files
from .outputs import slug



@dataclass(frozen=True)
class Job:
    """One client to render; ``folder`` is its output folder's name (default:
    :func:`folder_name` of ``name``; :func:`with_folders` makes them distinct)."""

    name: str
    plan: str
    data: str | None = None
    lang: str | None = None
    audience: str = "all"
    folder: str = ""
    pdf: bool = False
    previous: str | None = None

    def __post_init__(self):
        if not self.folder:
            object.__setattr__(self, "folder", folder_name(self.name))


#: a client name used as its folder name as it is: letters, digits, '_' and '-'
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")


def folder_name(name: str) -> str:
    """A client's folder name: the name itself when it is plain (``client_01``,
    ``Acme``), else its slug (``../victim`` -> ``victim``, ``/etc`` -> ``etc``,
    ``Van Dijk BV`` -> ``van-dijk-bv``): never a path, never a dot."""
    return name if _SAFE_NAME.fullmatch(name) else slug(name)


def with_folders(jobs: list[Job]) -> list[Job]:
    """Give every client a folder of its own under ``--out`` (:func:`folder_name`);
    when two names give one folder (``acme`` and ``./acme/``; ``Acme`` and ``acme``,
    one folder where case is ignored), ``-2``, ``-3``... in their order in the source."""
    used, out = set(), []
    for job in jobs:
        base = folder_name(job.name)
        folder, i = base, 2
        while folder.lower() in used:
            folder, i = f"{base}-{i}", i + 1
        used.add(folder.lower())
        out.append(replace(job, folder=folder))
    return out


def _clients_in_folder(source: Path) -> list[Job]:
    plans = sorted(source.glob("*/plan.yaml"))
    if not plans:
        raise KpiError(f"{source}: no client folders with a plan.yaml inside")
    return [Job(name=p.parent.name, plan=str(p.resolve())) for p in plans]


def _clients_in_manifest(source: Path) -> list[Job]:
    with open(source, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    columns = set(rows[0]) if rows else set()
    if "plan" not in columns:
        raise KpiError(f"{source}: a manifest needs a 'plan' column (optional: data, "
                       f"language, audience, name); found: "
                       f"{', '.join(sorted(columns)) or 'no rows'}")
    jobs, seen = [], {}
    for row_number, row in enumerate(rows, start=2):
        if not (row.get("plan") or "").strip():
            raise KpiError(f"{source}, row {row_number}, column 'plan': empty; each row "
                           f"needs the path of a client's plan")
        plan = (source.parent / row["plan"].strip()).resolve()
        name = (row.get("name") or "").strip() or plan.parent.name
        lang = (row.get("language") or "").strip() or None
        if lang not in (None, "en", "nl"):
            raise KpiError(f"{source}, row {row_number}, column 'language': '{lang}' is not "
                           f"a report language; valid: en, nl (or empty: the plan's)")
        if name in seen:
            raise KpiError(f"{source}, row {row_number}, column 'name': '{name}' is also on "
                           f"row {seen[name]}; each client needs its own name (folder)")
        audience = (row.get("audience") or "").strip() or "all"
        if audience not in AUDIENCES:
            raise KpiError(f"{source}, row {row_number}, column 'audience': '{audience}' is "
                           f"not known; valid: {', '.join(AUDIENCES)} (or empty: all)")
        seen[name] = row_number
        data = (row.get("data") or "").strip()
        jobs.append(Job(name=name, plan=str(plan),
                        data=str((source.parent / data).resolve()) if data else None,
                        lang=lang, audience=audience))
    return jobs


def discover(source: str | Path) -> list[Job]:
    """The clients in a folder of client folders or a manifest CSV, each with its own
    output folder (:func:`with_folders`); every path absolute."""
    source = Path(os.path.abspath(Path(source).expanduser()))
    try:
        if source.is_dir():
            return with_folders(_clients_in_folder(source))
        if source.is_file() and source.suffix.lower() == ".csv":
            return with_folders(_clients_in_manifest(source))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise KpiError(f"{source}: cannot read it ({getattr(exc, 'strerror', None) or exc})"
                       ) from None
    raise KpiError(f"{source}: not a folder of client folders nor a manifest .csv file")


def kit_fingerprint() -> str:
    """A hash of the kit's code, notebooks and templates: a changed kit re-renders."""
    digest = hashlib.sha256(__version__.encode())
    for folder, pattern in ((kit.PACKAGE, "**/*.py"), (kit.NOTEBOOKS, "*.ipynb"),
                            (kit.TEMPLATES, "**/*")):
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                digest.update(path.name.encode() + file_hash(path).encode())
    return digest.hexdigest()


def job_key(job: Job, kit: str) -> str:
    """Plan, data, language, kit and the plan's sign-off (``plan.lock.yaml``, when
    there is one), hashed: equal keys mean an unchanged report."""
    from ..inputs.measurements import data_path
    from ..analysis.lock import lock_path
    from ..plan import load_plan
    plan = load_plan(job.plan)
    lock = lock_path(job.plan)
    try:
        parts = [kit, job.lang or plan.language, job.audience, str(job.pdf), file_hash(job.plan),
                 file_hash(data_path(job.data, plan))]
        if lock.exists():
            parts.append(file_hash(lock))
    except OSError as exc:  # a missing or unreadable file: render_job says which
        raise KpiError(str(exc)) from None
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


# --- one worker ---------------------------------------------------------------------

_KERNEL = None


def _kernel():
    """This worker's warm kernel, started on first use and closed at exit."""
    global _KERNEL
    if _KERNEL is None:
        import atexit

        _KERNEL = WarmKernel()
        atexit.register(_KERNEL.close)
    return _KERNEL


def _get(mapping, *keys):
    """``mapping[k1][k2]...``, or None where a level is missing or not a mapping."""
    for key in keys:
        if not isinstance(mapping, dict):
            return None
        mapping = mapping.get(key)
    return mapping


def headline(results_path: Path) -> dict:
    """The numbers the index shows for one client, from its results.json (an impact
    or a baseline report: a baseline report has no verdicts yet)."""
    results = json.loads(results_path.read_text(encoding="utf-8"))
    verdicts = [k.get("verdict") for k in results.get("kpis") or [] if isinstance(k, dict)]
    roi = _get(results, "business_case", "figures", "roi_pct", "value")
    return {"client": results.get("client"), "project": results.get("project"),
            "kind": results.get("kind"), "language": results.get("language"),
            "kpis": len(verdicts),
            "improved": verdicts.count("improved"), "worsened": verdicts.count("worsened"),
            "roi_pct": roi if isinstance(roi, (int, float)) else None}


def report_link(folder: str) -> str:
    """The index's link to a client's report: relative, URL-escaped, never a scheme."""
    return f"{quote(folder, safe='')}/report.html"


def _record(job: Job, key: str | None, **fields) -> dict:
    return {"name": job.name, "folder": job.folder, "plan": job.plan, "key": key, **fields}


def render_job(job: Job, out: str, key: str | None) -> dict:
    """Render one client in this worker's warm kernel into ``out/<job.folder>``; never
    raises for the client's own problems: they come back as ``status: failed`` with
    the reason."""
    from .report import render_report
    started = time.perf_counter()
    record = _record(job, key)
    try:
        if (Path(out) / job.folder).is_symlink():
            raise KpiError(f"{Path(out) / job.folder}: is a link; a client's output folder "
                           f"must be a real folder inside --out (remove the link)")
        paths = render_report(job.plan, data_path=job.data, lang=job.lang,
                              audience=job.audience, out_dir=Path(out) / job.folder,
                              kernel=_kernel(), pdf=job.pdf, previous=job.previous)
        record.update(status="ok", report=report_link(job.folder),
                      **headline(paths["results"]))
    except KpiError as exc:
        record.update(status="failed", reason=exc.bounded())
    except OSError as exc:  # e.g. a file that vanished or cannot be read mid-render
        record.update(status="failed", reason=f"{getattr(exc, 'filename', None) or job.plan}: "
                                              f"{exc.strerror or exc}")
    except Exception as exc:  # a bug must not stop the batch; say what it was
        record.update(status="failed", reason=f"internal error: {type(exc).__name__}: {exc}")
    record["seconds"] = round(time.perf_counter() - started, 3)
    return record


def _stop_worker(signum, frame):  # pragma: no cover - runs in a worker process
    """A worker told to stop: kill its kernel, remove its staging folder, exit now."""
    cleanup()
    os._exit(128 + signum)


def _worker_init() -> None:  # pragma: no cover - runs in a worker process
    """Workers leave Ctrl-C to the batch process, which stops them with SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)


# --- the batch ----------------------------------------------------------------------

def _previous(out: Path) -> dict:
    """The last run's records by output folder (older batch.json files: by name)."""
    try:
        clients = json.loads((out / "batch.json").read_text(encoding="utf-8"))["clients"]
        return {c.get("folder") or folder_name(c["name"]): c for c in clients}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _sweep(out: Path, folders, workers=()) -> None:
    """Remove what an interrupted or killed run leaves: staging folders and temporary
    files in ``out`` (``.<folder>.*.tmp``) and the kernel files of dead workers."""
    import glob
    for name in [*folders, "batch.json", "index.html"]:
        for leftover in out.glob(f".{glob.escape(name)}.*.tmp"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
    for pid in workers:
        for leftover in glob.glob(kernel_files(pid)):
            Path(leftover).unlink(missing_ok=True)


def _progress(total: int):
    """A progress bar on a terminal, plain log lines otherwise."""
    if sys.stderr.isatty():
        from tqdm import tqdm
        bar = tqdm(total=total, unit="report", file=sys.stderr)

        def step(record):
            bar.set_postfix_str(f"{record['name']}: {record['status']}")
            bar.update()
        return step, bar.close
    done = [0]

    def log(record):
        done[0] += 1
        print(f"[{done[0]}/{total}] {record['name']}: {record['status']}"
              + (f" - {record['reason']}" if record.get("reason") else ""), file=sys.stderr)
    return log, lambda: None


def _stop(processes) -> None:
    """Stop worker processes: SIGTERM (each kills its kernel and removes its staging
    folder), then SIGKILL for one that has not ended within ten seconds."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join(5)


def _pool(todo: list[tuple[Job, str | None]], out: Path, jobs: int, step, task,
          workers: set | None = None) -> tuple[list[dict], list[tuple[Job, str | None]]]:
    """One pool of worker processes: the records of the jobs it finished, and the jobs
    that were cut off when a worker died (any job in flight fails with it). The
    workers' process ids are added to ``workers``; on an interrupt (Ctrl-C, SIGTERM)
    the workers are stopped before the interrupt goes on."""
    records, cut_off = [], []
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context,
                               initializer=_worker_init)

    def processes() -> list:  # the workers so far (spawned as jobs are submitted)
        running = dict(getattr(pool, "_processes", None) or {})
        if workers is not None:
            workers.update(running)
        return list(running.values())

    try:
        futures = {pool.submit(task, job, str(out), key): (job, key) for job, key in todo}
        processes()
        for future in as_completed(futures):
            try:
                record = future.result()
            except BrokenProcessPool:
                cut_off.append(futures[future])
                continue
            records.append(record)
            step(record)
    except BaseException:
        _stop(processes())
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return records, cut_off


def _run_local(todo: list[tuple[Job, str | None]], out: Path, jobs: int, step,
               task=render_job, workers: set | None = None) -> list[dict]:
    """Render in a pool of worker processes (``task(job, out, key)`` each). When a worker
    dies, the jobs it cut off are retried one by one, each in a fresh worker of its
    own, so a client that kills its worker is recorded as failed and no other is."""
    records, cut_off = _pool(todo, out, jobs, step, task, workers) if todo else ([], [])
    for job, key in cut_off:
        done, again = _pool([(job, key)], out, 1, step, task, workers)
        if again:
            done = [_record(job, key, status="failed",
                            reason="the worker rendering this report died")]
            step(done[0])
        records += done
    return records


def _run_dask(todo: list[tuple[Job, str | None]], out: Path, scheduler: str,
              step) -> None:
    """Render on an existing Dask cluster (``distributed``); each Dask worker keeps its
    own warm kernel. A job whose worker died is retried once by Dask. Each record goes
    to ``step``."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise KpiError("--scheduler needs the 'distributed' package: "
                       "pip install 'kpi-kit[dask]'") from None
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise KpiError(f"--scheduler: cannot reach a Dask scheduler at {scheduler} ({exc})") \
            from None
    with client:
        futures = {client.submit(render_job, job, str(out), key, pure=False, retries=1):
                   (job, key) for job, key in todo}
        for future in as_completed(futures):
            job, key = futures[future]
            try:
                record = future.result()
            except Exception as exc:  # the worker died twice, or Dask gave up
                record = _record(job, key, status="failed",
                                 reason=f"the worker rendering this report died ({exc})")
            step(record)


def _summary(records: list[dict]) -> dict:
    return {"kit_version": __version__,
            "ok": sum(r["status"] == "ok" for r in records),
            "unchanged": sum(r["status"] == "unchanged" for r in records),
            "failed": sum(r["status"] == "failed" for r in records),
            "clients": records}


def _write(out: Path, records: list[dict], order: dict, index: bool = True) -> dict:
    """``batch.json`` (and ``index.html``) for the records so far, atomically."""
    from ..present.results import dumps  # the one JSON writer (pulls in pandas)
    summary = _summary(sorted(records, key=lambda r: order.get(r["folder"], len(order))))
    write_text_atomic(out / "batch.json", dumps(summary) + "\n")
    if index:
        write_text_atomic(out / "index.html", index_html(summary))
    return summary


def run_batch(source: str | Path, out: str | Path, *, jobs: int | None = None,
              lang: str | None = None, force: bool = False,
              scheduler: str | None = None, pdf: bool = False,
              previous: str | Path | None = None) -> dict:
    """Render every client in ``source`` into ``out``; see the module docstring.

    ``out`` is made absolute once; each client renders into ``out/<folder>`` (its
    name, or a safe slug of it, made distinct: :func:`with_folders`). ``batch.json`` is
    rewritten after every finished client, so an interrupted batch (Ctrl-C,
    SIGTERM) keeps what finished and a rerun skips it; the workers are stopped, their
    kernels killed and their staging folders removed.

    Returns the batch summary (also written to ``out/batch.json``): ``clients`` (one
    record each: name, folder, status ``ok``/``unchanged``/``failed``, reason, report
    link, headline numbers), and ``ok``, ``failed``, ``unchanged`` counts. ``pdf``:
    every client also gets ``report.pdf`` (headless Chromium, looked for first).
    Each rendered client is compared with its previous ``results.json`` (the report
    lists what changed since): the one in ``previous/<folder>/`` (default ``out``:
    the last run's, before it is replaced), when there is one.

    Raises
    ------
    KpiError
        Before anything runs: a bad source or manifest, bad options, an output folder
        that cannot be used (inside the kit, a file, not writable) or whose
        ``batch.json``/``index.html`` would replace an input.
    """
    from ..run.report import KIT_FOLDERS
    if jobs is not None and jobs < 1:
        raise KpiError(f"--jobs: must be 1 or more; got {jobs}")
    if lang not in (None, "en", "nl"):
        raise KpiError(f"--lang: '{lang}' is not a report language; valid: en, nl")
    if pdf:
        from .pdf import find_chromium
        find_chromium()
    if previous is not None and not Path(previous).is_dir():
        raise KpiError(f"--previous: {previous} is not a folder; give the --out folder of "
                       f"the previous batch run")
    out = output_folder(out, KIT_FOLDERS)
    earlier = Path(previous).resolve() if previous else out   # the last run's results.json
    clients = discover(source)
    if lang or pdf:
        clients = [replace(c, lang=lang or c.lang, pdf=pdf) for c in clients]
    check_outputs(out, ["batch.json", "index.html"],
                  [source, *(c.plan for c in clients), *(c.data for c in clients)])
    try:
        out.mkdir(parents=True, exist_ok=True)
        if not os.access(out, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as exc:
        raise KpiError(f"--out: cannot write to {out} ({exc.strerror or exc})") from None
    folders = [c.folder for c in clients]
    _sweep(out, folders)
    kit = kit_fingerprint()
    previous = _previous(out)
    records, todo = [], []
    for job in clients:
        try:
            key = job_key(job, kit)
        except KpiError:
            key = None  # bad plan or data: render_job records the reason
        before = previous.get(job.folder, {})
        if (not force and key and before.get("key") == key and before.get("name") == job.name
                and before.get("status") in ("ok", "unchanged")
                and (out / job.folder / "report.html").is_file()):
            records.append({**before, "folder": job.folder, "status": "unchanged",
                            "report": report_link(job.folder)})
        else:
            todo.append((with_previous(job, earlier), key))
    order = {folder: i for i, folder in enumerate(folders)}
    show, close = _progress(len(todo))

    def step(record):
        records.append(record)
        _write(out, records, order, index=False)
        show(record)

    workers: set = set()
    try:
        if scheduler:
            _run_dask(todo, out, scheduler, step)
        else:
            _run_local(todo, out, jobs or os.cpu_count() or 1, step, workers=workers)
    finally:
        close()
        _sweep(out, folders, workers)
        _write(out, records, order)
    return _summary(sorted(records, key=lambda r: order[r["folder"]]))


def with_previous(job: Job, previous: Path) -> Job:
    """``job`` compared with ``previous/<its folder>/results.json`` when that exists."""
    found = previous / job.folder / "results.json"
    return replace(job, previous=str(found)) if found.is_file() else job


def index_language(summary: dict) -> str:
    """The index's language: the one every rendered report shares, else English."""
    langs = {c.get("language") for c in summary["clients"] if c.get("language")}
    return langs.pop() if len(langs) == 1 else "en"


def index_html(summary: dict) -> str:
    """The batch's index page: one row per client, same look as the reports, in the
    reports' language (:func:`index_language`)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from ..words.numbers import fmt_pct
    from ..words.store import label
    templates = kit.TEMPLATES
    env = Environment(loader=FileSystemLoader(str(templates)),
                      autoescape=select_autoescape(default=True))
    css = (templates / "nbconvert" / "kpi" / "static" / "report.css").read_text(encoding="utf-8")
    lang = index_language(summary)
    return env.get_template("batch_index.html.j2").render(
        summary=summary, css=css, link=report_link, lang=lang,
        w=lambda key, **fields: label(f"v16nl.index.{key}", lang, **fields),
        pct=lambda x: fmt_pct(x, lang, signed=False))


def render_samples(out_dir: str | Path = "reports") -> dict:
    """Render every sample in ``data/samples/`` to ``out_dir/<sample>/`` with an index,
    through the batch runner (warm kernels, unchanged samples skipped)."""
    return run_batch(kit.SAMPLES, out_dir)
