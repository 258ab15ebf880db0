"""Batch reports for consultants: many clients, warm kernels, one failure costs one client.

``kpi batch SOURCE --out DIR`` renders one report per client into ``DIR/<client>/``
and writes ``DIR/index.html`` and ``DIR/batch.json``. SOURCE is

- a folder of client folders, each with a ``plan.yaml`` (the plan's ``data_file``
  names its data), or
- a manifest CSV with one row per client: ``plan`` (required), ``data``, ``language``,
  ``audience``, ``name`` (default: the plan's folder name); paths relative to the
  manifest.

Speed: starting a kernel and importing pandas/seaborn/statsmodels costs seconds per
report. Each worker process keeps one :class:`~kpi_analysis.report.WarmKernel`
(reset between reports) and its nbconvert exporter, so those costs are paid once per
worker. A report rendered this way is the same as one rendered alone.

Isolation: a client whose plan or data is bad, whose notebook fails, or whose worker
dies is recorded with its reason; the others are rendered. A client whose plan, data
and kit are unchanged since the last run (by hash) is skipped unless ``force``.
"""
from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from . import __version__
from .errors import KpiError
from .files import file_hash, write_text_atomic
from .report import AUDIENCES

PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Job:
    """One client to render."""

    name: str
    plan: str
    data: str | None = None
    lang: str | None = None
    audience: str = "all"


def _clients_in_folder(source: Path) -> list[Job]:
    plans = sorted(source.glob("*/plan.yaml"))
    if not plans:
        raise KpiError(f"{source}: no client folders with a plan.yaml inside")
    return [Job(name=p.parent.name, plan=str(p)) for p in plans]


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
    """The clients in a folder of client folders or a manifest CSV."""
    source = Path(source)
    if source.is_dir():
        return _clients_in_folder(source)
    if source.is_file() and source.suffix.lower() == ".csv":
        return _clients_in_manifest(source)
    raise KpiError(f"{source}: not a folder of client folders nor a manifest .csv file")


def kit_fingerprint() -> str:
    """A hash of the kit's code, notebooks and templates: a changed kit re-renders."""
    digest = hashlib.sha256(__version__.encode())
    for folder, pattern in ((PACKAGE, "*.py"), (PACKAGE.parent / "notebooks", "*.ipynb"),
                            (PACKAGE.parent / "templates", "**/*")):
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                digest.update(path.name.encode() + file_hash(path).encode())
    return digest.hexdigest()


def job_key(job: Job, kit: str) -> str:
    """Plan, data, language and kit, hashed: equal keys mean an unchanged report."""
    from .data import data_path
    from .plan import load_plan
    plan = load_plan(job.plan)
    parts = [kit, job.lang or plan.language, job.audience, file_hash(job.plan),
             file_hash(data_path(job.data, plan))]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


# --- one worker ---------------------------------------------------------------------

_KERNEL = None


def _kernel():
    """This worker's warm kernel, started on first use and closed at exit."""
    global _KERNEL
    if _KERNEL is None:
        import atexit

        from .report import WarmKernel
        _KERNEL = WarmKernel()
        atexit.register(_KERNEL.close)
    return _KERNEL


def headline(results_path: Path) -> dict:
    """The numbers the index shows for one client, from its results.json."""
    results = json.loads(results_path.read_text(encoding="utf-8"))
    verdicts = [k.get("verdict") for k in results.get("kpis", [])]
    return {"client": results.get("client"), "project": results.get("project"),
            "kpis": len(verdicts), "improved": verdicts.count("improved"),
            "worsened": verdicts.count("worsened"),
            "roi_pct": (results.get("business_case") or {}).get("figures", {})
            .get("roi_pct", {}).get("value")}


def render_job(job: Job, out: str, key: str | None) -> dict:
    """Render one client in this worker's warm kernel; never raises for the client's
    own problems: they come back as ``status: failed`` with the reason."""
    from .report import render_report
    started = time.perf_counter()
    record = {"name": job.name, "plan": job.plan, "key": key}
    try:
        paths = render_report(job.plan, data_path=job.data, lang=job.lang,
                              audience=job.audience, out_dir=Path(out) / job.name,
                              kernel=_kernel())
        record.update(status="ok", report=f"{job.name}/report.html",
                      **headline(paths["results"]))
    except KpiError as exc:
        record.update(status="failed", reason=str(exc))
    except Exception as exc:  # a bug must not stop the batch; say what it was
        record.update(status="failed", reason=f"internal error: {type(exc).__name__}: {exc}")
    record["seconds"] = round(time.perf_counter() - started, 3)
    return record


# --- the batch ----------------------------------------------------------------------

def _previous(out: Path) -> dict:
    try:
        return {c["name"]: c for c in json.loads(
            (out / "batch.json").read_text(encoding="utf-8"))["clients"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


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


def _pool(todo: list[tuple[Job, str | None]], out: Path, jobs: int, step, task
          ) -> tuple[list[dict], list[tuple[Job, str | None]]]:
    """One pool of worker processes: the records of the jobs it finished, and the jobs
    that were cut off when a worker died (any job in flight fails with it)."""
    records, cut_off = [], []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context) as pool:
        futures = {pool.submit(task, job, str(out), key): (job, key) for job, key in todo}
        for future in as_completed(futures):
            try:
                record = future.result()
            except BrokenProcessPool:
                cut_off.append(futures[future])
                continue
            records.append(record)
            step(record)
    return records, cut_off


def _run_local(todo: list[tuple[Job, str | None]], out: Path, jobs: int, step,
               task=render_job) -> list[dict]:
    """Render in a pool of worker processes (``task(job, out, key)`` each). When a worker
    dies, the jobs it cut off are retried one by one, each in a fresh worker of its
    own, so a client that kills its worker is recorded as failed and no other is."""
    records, cut_off = _pool(todo, out, jobs, step, task) if todo else ([], [])
    for job, key in cut_off:
        done, again = _pool([(job, key)], out, 1, step, task)
        if again:
            done = [{"name": job.name, "plan": job.plan, "key": key, "status": "failed",
                     "reason": "the worker rendering this report died"}]
            step(done[0])
        records += done
    return records


def _run_dask(todo: list[tuple[Job, str | None]], out: Path, scheduler: str,
              step) -> list[dict]:
    """Render on an existing Dask cluster (``distributed``); each Dask worker keeps its
    own warm kernel. A job whose worker died is retried once by Dask."""
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
    results = []
    with client:
        futures = {client.submit(render_job, job, str(out), key, pure=False, retries=1):
                   (job, key) for job, key in todo}
        for future in as_completed(futures):
            job, key = futures[future]
            try:
                record = future.result()
            except Exception as exc:  # the worker died twice, or Dask gave up
                record = {"name": job.name, "plan": job.plan, "key": key, "status": "failed",
                          "reason": f"the worker rendering this report died ({exc})"}
            results.append(record)
            step(record)
    return results


def run_batch(source: str | Path, out: str | Path, *, jobs: int | None = None,
              lang: str | None = None, force: bool = False,
              scheduler: str | None = None) -> dict:
    """Render every client in ``source`` into ``out``; see the module docstring.

    Returns the batch summary (also written to ``out/batch.json``): ``clients`` (one
    record each: name, status ``ok``/``unchanged``/``failed``, reason, report link,
    headline numbers), and ``ok``, ``failed``, ``unchanged`` counts.
    """
    if jobs is not None and jobs < 1:
        raise KpiError(f"--jobs: must be 1 or more; got {jobs}")
    if lang not in (None, "en", "nl"):
        raise KpiError(f"--lang: '{lang}' is not a report language; valid: en, nl")
    out = Path(out)
    clients = discover(source)
    if lang:
        clients = [replace(c, lang=lang) for c in clients]
    kit = kit_fingerprint()
    previous = _previous(out)
    records, todo = [], []
    for job in clients:
        try:
            key = job_key(job, kit)
        except KpiError:
            key = None  # bad plan or data: render_job records the reason
        before = previous.get(job.name, {})
        if (not force and key and before.get("key") == key and before.get("status") in
                ("ok", "unchanged") and (out / job.name / "report.html").is_file()):
            records.append({**before, "status": "unchanged"})
        else:
            todo.append((job, key))
    step, close = _progress(len(todo))
    try:
        if scheduler:
            records += _run_dask(todo, out, scheduler, step)
        else:
            records += _run_local(todo, out, jobs or os.cpu_count() or 1, step)
    finally:
        close()
    order = {job.name: i for i, job in enumerate(clients)}
    records.sort(key=lambda r: order[r["name"]])
    summary = {"kit_version": __version__,
               "ok": sum(r["status"] == "ok" for r in records),
               "unchanged": sum(r["status"] == "unchanged" for r in records),
               "failed": sum(r["status"] == "failed" for r in records),
               "clients": records}
    write_text_atomic(out / "batch.json", json.dumps(summary, indent=2, ensure_ascii=False)
                      + "\n")
    write_text_atomic(out / "index.html", index_html(summary))
    return summary


def index_html(summary: dict) -> str:
    """The batch's index page: one row per client, same look as the reports."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    templates = PACKAGE.parent / "templates"
    env = Environment(loader=FileSystemLoader(str(templates)),
                      autoescape=select_autoescape(default=True))
    css = (templates / "nbconvert" / "kpi" / "static" / "report.css").read_text(encoding="utf-8")
    return env.get_template("batch_index.html.j2").render(summary=summary, css=css)
