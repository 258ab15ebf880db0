"""The ``kpi`` command: argument parsing only, one library call per sub-command.

Exit codes: 0 done; 1 done but something needs attention (``kpi check`` found a
failing item, ``kpi batch`` could not render a client); 2 bad
input (plan, data, arguments, an unusable --out) -- one clear message on stderr, no
traceback, no output written; 3 an unexpected internal error (one line; KPI_DEBUG=1
for the traceback); 128 + the signal (130 Ctrl-C, 143 SIGTERM) when stopped: finished
reports are kept, no staging folder or kernel is left behind.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from . import __version__, vocab
from .errors import KpiError


def _report(args) -> int:
    from .plan import load_plan
    load_plan(args.plan)  # a bad plan fails in a blink, before the analysis stack loads
    from .run.outputs import OUTPUTS
    from .run.report import render_report
    paths = render_report(args.plan, data_path=args.data, out_dir=args.out, lang=args.lang,
                          kind=args.kind, audience=args.audience, cadence=args.cadence,
                          pdf=args.pdf, previous=args.previous)
    folder = paths["html"].parent
    for path in [paths["html"], paths["results"], *(folder / name for name in OUTPUTS[2:])]:
        if path.is_file():
            print(path)
    return 0


def _batch_done(summary: dict, out: Path) -> int:
    index = Path(os.path.abspath(out.expanduser())) / "index.html"
    print(f"{summary['ok']} rendered, {summary['unchanged']} unchanged, "
          f"{summary['failed']} failed: {index}")
    return 1 if summary["failed"] else 0


def _demo(args) -> int:
    from .run.batch import render_samples
    return _batch_done(render_samples(args.out), args.out)


def _plan_and_data(args):
    """The plan and its measurements (path and tidy frame, or None, None): like kpi
    report, --data, else the plan's data_file (relative to the plan); the data
    template of `kpi new` before it is filled in leaves the plan to be judged alone."""
    from .plan import load_plan
    plan = load_plan(args.plan)  # first: a bad plan fails before pandas loads
    from .inputs.measurements import data_path, load_measurements
    from .method.scaffold import unfilled_template
    from .words.store import label
    path = data_path(args.data, plan) if args.data or plan.data_file else None
    if path is not None and not args.data and unfilled_template(path):
        print(f"kpi: note: {label('v16nl.no_values', args.lang or plan.language, path=path)}",
              file=sys.stderr)
        path = None
    return plan, path, (load_measurements(path, plan) if path is not None else None)


def _check(args) -> int:
    plan, _, data = _plan_and_data(args)
    from .analysis.lock import sign_off
    from .method.checks import check_exit_code, check_plan, format_checks
    checks = check_plan(plan, lang=args.lang, baseline=data, sign_off=sign_off(plan, data))
    print(format_checks(checks, color=sys.stdout.isatty(), lang=args.lang or plan.language))
    return check_exit_code(checks)


def _lock(args) -> int:
    plan, path, data = _plan_and_data(args)
    from .analysis.lock import write_lock
    print(write_lock(plan, data, path, force=args.force))
    return 0


def _catalogue(args) -> int:
    from .method.catalogue import catalogue, format_catalogue
    print(format_catalogue(catalogue(args.use_case, args.sector, lang=args.lang)))
    return 0


def _no_terminal(prompt: str) -> str:
    raise KpiError(f"not on a terminal, so nothing can be asked; give it as a flag "
                   f"(see kpi new --help): {prompt.strip()}")


def _new(args) -> int:
    from .method.scaffold import interview, new_project
    known = {k: v for k, v in {
        "client": args.client, "project": args.project, "goal": args.goal,
        "business_aim": args.aim, "owner": args.owner, "use_case": args.use_case,
        "sector": args.sector, "language": args.lang, "go_live": args.go_live,
        "kpi_ids": args.kpis.split(",") if args.kpis else None}.items() if v is not None}
    ask = input if sys.stdin.isatty() else _no_terminal
    for path in new_project(args.directory, **interview(ask, **known)):
        print(path)
    return 0


def _batch(args) -> int:
    from .run.batch import run_batch
    summary = run_batch(args.source, args.out, jobs=args.jobs, lang=args.lang,
                        force=args.force, scheduler=args.scheduler, pdf=args.pdf,
                        previous=args.previous)
    return _batch_done(summary, args.out)


class _Parser(argparse.ArgumentParser):
    """argparse with the kit's one-line error (its default prints the usage first)."""

    def error(self, message):
        self.exit(2, f"kpi: error: {self.prog}: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kpi", description="kpi-kit: prove whether an automation or AI project paid off.")
    parser.add_argument("--version", action="version", version=f"kpi-kit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("report", help="render one client report (HTML + results.json)")
    p.add_argument("plan", type=Path, help="the measurement plan (YAML)")
    p.add_argument("--data", type=Path, help="measurements file (default: the plan's data_file)")
    p.add_argument("--out", type=Path, help="output folder (default: reports/<client>)")
    p.add_argument("--lang", choices=vocab.LANGUAGES, help="report language (default: the plan's)")
    p.add_argument("--kind", choices=vocab.REPORT_KINDS,
                   help="default: impact when the data hold an after period, else baseline")
    p.add_argument("--audience", default="all",
                   choices=vocab.AUDIENCES,
                   help="depth (executive, operational, technical, all; default all) or the "
                        "view for management, it, users, works_council")
    p.add_argument("--cadence", choices=vocab.CADENCES,
                   help="add the weekly quick win, monthly deep dive or quarterly review")
    p.add_argument("--pdf", action="store_true",
                   help="also write report.pdf (A4, through headless Chromium)")
    p.add_argument("--previous", type=Path, metavar="PATH",
                   help="a previous results.json of this client: list what changed since")
    p.set_defaults(run=_report)

    p = sub.add_parser("batch", help="render many clients' reports (exit 1 if one failed)")
    p.add_argument("source", type=Path,
                   help="a folder of client folders (each with plan.yaml) or a manifest CSV")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--jobs", type=int, help="parallel workers (default: the number of cores)")
    p.add_argument("--lang", choices=vocab.LANGUAGES, help="language for every report")
    p.add_argument("--force", action="store_true", help="render unchanged clients too")
    p.add_argument("--scheduler", help="address of a Dask scheduler to render on")
    p.add_argument("--pdf", action="store_true",
                   help="also write each client's report.pdf (headless Chromium)")
    p.add_argument("--previous", type=Path, metavar="DIR",
                   help="the output folder of the previous run, to list what changed since "
                        "(default: --out, before it is overwritten)")
    p.set_defaults(run=_batch)

    p = sub.add_parser("check", help="check a plan against the method (exit 1 if an item fails)")
    p.add_argument("plan", type=Path, help="the measurement plan (YAML)")
    p.add_argument("--data", type=Path, help="measurements, to judge the baseline too "
                   "(default: the plan's data_file)")
    p.add_argument("--lang", choices=vocab.LANGUAGES, help="message language (default: the plan's)")
    p.set_defaults(run=_check)

    p = sub.add_parser("lock", help="sign off the plan as agreed before go-live: write "
                                    "plan.lock.yaml beside it")
    p.add_argument("plan", type=Path, help="the measurement plan (YAML)")
    p.add_argument("--data", type=Path, help="measurements, whose baseline is recorded by its "
                   "hash (default: the plan's data_file)")
    p.add_argument("--force", action="store_true", help="sign off again over an existing lock")
    p.set_defaults(run=_lock)

    p = sub.add_parser("catalogue", help="list the KPI catalogue")
    p.add_argument("--use-case", help="e.g. chatbot, quotes, cv_screening, invoicing")
    p.add_argument("--sector", help="e.g. retail, care, industry, services")
    p.add_argument("--lang", choices=vocab.LANGUAGES, default="en", help="names in en or nl")
    p.set_defaults(run=_catalogue)

    p = sub.add_parser("new", help="start a project: a plan and a data template "
                                   "(asks on a terminal, else takes flags)")
    p.add_argument("directory", type=Path, help="new (or empty) project folder")
    p.add_argument("--client")
    p.add_argument("--project")
    p.add_argument("--goal", help="the business result sought, e.g. 'halve invoicing lead time'")
    p.add_argument("--aim", choices=vocab.BUSINESS_AIMS, help="business aim")
    p.add_argument("--owner", help="who owns the KPIs")
    p.add_argument("--use-case", help="e.g. chatbot, quotes, cv_screening, invoicing")
    p.add_argument("--sector")
    p.add_argument("--kpis", help="catalogue KPI ids, comma separated (kpi catalogue)")
    p.add_argument("--go-live", help="go-live date, YYYY-MM-DD or DD-MM-YYYY")
    p.add_argument("--lang", choices=vocab.LANGUAGES)
    p.set_defaults(run=_new)

    p = sub.add_parser("demo", help="render every sample in data/samples/ to reports/")
    p.add_argument("--out", type=Path, default=Path("reports"), help="output folder")
    p.set_defaults(run=_demo)
    return parser


class Stopped(KeyboardInterrupt):
    """SIGINT (Ctrl-C), SIGTERM or SIGHUP received. A KeyboardInterrupt, so that it
    unwinds like Ctrl-C through every layer (asyncio re-raises it, where it would
    swallow other exceptions): staging folders are removed, kernels shut down,
    workers stopped."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _terminate(signum, frame):
    for name in _STOP_SIGNALS:  # a second signal must not cut the clean-up short
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    raise Stopped(signum)


_STOP_SIGNALS = [name for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]


def _one_line(text: str) -> str:
    """An unexpected error's message on one bounded line."""
    text = " ".join(str(text).split())
    return text if len(text) <= 300 else text[:297] + "..."


def main(argv: list[str] | None = None) -> int:
    try:  # only the main thread may set handlers; the previous ones come back at the end
        previous = {name: signal.signal(getattr(signal, name), _terminate)
                    for name in _STOP_SIGNALS}
    except ValueError:
        previous = {}
    try:
        return _main(argv)
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except KpiError as exc:
        print(f"kpi: error: {exc.bounded()}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `kpi catalogue | head`: the reader left, stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt as exc:
        signum = getattr(exc, "signum", signal.SIGINT)
        _cleanup()
        print(f"kpi: stopped by {signal.Signals(signum).name}; finished reports are kept, "
              f"nothing half-written is left", file=sys.stderr)
        return 128 + signum
    except RecursionError:
        print("kpi: error: the input is nested too deeply to read", file=sys.stderr)
        return 2
    except MemoryError:
        print("kpi: error: out of memory (is an input file far larger than it should be?)",
              file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so in one line, traceback on request
        if os.environ.get("KPI_DEBUG"):
            raise
        print(f"kpi: internal error: {type(exc).__name__}: {_one_line(exc)} "
              f"(set KPI_DEBUG=1 for the traceback)", file=sys.stderr)
        return 3
    finally:
        _cleanup()


def _cleanup() -> None:
    """Kill any kernel this process still has and remove its staging folders and kernel
    files (after an interrupt; nothing is left to remove after a normal run)."""
    kernel = sys.modules.get("kpi_analysis.run.kernel")
    if kernel is not None:
        kernel.cleanup()


if __name__ == "__main__":
    sys.exit(main())
