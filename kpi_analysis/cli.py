"""The ``kpi`` command: argument parsing only, one library call per sub-command.

Exit codes: 0 done; 1 done but something needs attention (a check failed); 2 bad
input (plan, data, arguments) -- one clear message on stderr, no traceback, no
output written; 3 an unexpected internal error.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import KpiError


def _report(args) -> int:
    from .report import render_report
    paths = render_report(args.plan, data_path=args.data, out_dir=args.out, lang=args.lang)
    for path in paths.values():
        print(path)
    return 0


def _demo(args) -> int:
    from .report import render_samples
    for path in render_samples(args.out):
        print(path)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kpi", description="kpi-kit: prove whether an automation or AI project paid off.")
    parser.add_argument("--version", action="version", version=f"kpi-kit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("report", help="render one client report (HTML + results.json)")
    p.add_argument("plan", type=Path, help="the measurement plan (YAML)")
    p.add_argument("--data", type=Path, help="measurements file (default: the plan's data_file)")
    p.add_argument("--out", type=Path, help="output folder (default: reports/<client>)")
    p.add_argument("--lang", choices=["en", "nl"], help="report language (default: the plan's)")
    p.set_defaults(run=_report)

    p = sub.add_parser("demo", help="render every sample in data/samples/ to reports/")
    p.add_argument("--out", type=Path, default=Path("reports"), help="output folder")
    p.set_defaults(run=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except KpiError as exc:
        print(f"kpi: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kpi: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so in one line, traceback on request
        if os.environ.get("KPI_DEBUG"):
            raise
        print(f"kpi: internal error: {type(exc).__name__}: {exc} "
              f"(set KPI_DEBUG=1 for the traceback)", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
