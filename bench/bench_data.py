"""Event logs at scale: a generated invoicing log of 0.1M, 1M and 10M rows made into
KPI series by ``load_measurements`` (DuckDB), each size in a fresh child process, next
to DuckDB's own scan of the same file (the limit).

Run from the project folder::

    python bench/bench_data.py                       # 0.1M, 1M and 10M rows
    python bench/bench_data.py --sizes 100000 1000000

Per size it prints the rows, the file size, the wall time of ``load_measurements``,
its CPU time (all threads; on a busy machine wall time exceeds CPU time / cores), the
peak resident memory of the child process (Python, pandas and DuckDB together), the
seconds per million rows (linear growth keeps that column flat), and the same wall
time and peak memory for DuckDB's plain scan of the file: ``read_csv`` with the
column types given (timestamps, a decimal-comma double) and one aggregate per column,
no checks; ``kit / scan`` is the ratio of the two wall times. The target is 10M rows
in at most 10 s and 2 GiB on a 2-core machine.

The log is a Dutch-style export (``;`` separated, decimal comma, a yes/no column in
Dutch) with 5% open invoices and invoice numbers checked for duplicates; the plan
asks for a duration, a flagged rate, a count and a mean amount per week. Files are
written to a temporary folder and deleted afterwards (never committed).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZES = (100_000, 1_000_000, 10_000_000)

PLAN = {
    "client": "Benchmark BV", "project": "Invoicing event log", "data_file": "events.csv",
    "data_format": {"item_id": "invoice_no"},
    "goal": {"statement": "Halve the time from invoice created to paid",
             "business_aim": "cut_costs"},
    "periods": {"baseline": {"start": "2026-01-05", "end": "2026-03-29"},
                "go_live": "2026-04-06", "stabilisation_weeks": 4,
                "after": {"start": "2026-05-04", "end": "2026-07-26"}},
    "processes": [{"name": "Invoicing", "kpis": [
        {"id": "days_to_paid", "name": "Days to paid", "unit": "days", "kind": "duration",
         "direction": "lower_is_better", "level": "process", "indicator": "lagging",
         "data": {"measure": "duration", "start": "created_at", "end": "paid_at"}},
        {"id": "errors_per_100", "name": "Errors per 100 invoices", "unit": "per 100",
         "kind": "rate", "rate_per": 100, "direction": "lower_is_better", "level": "process",
         "indicator": "lagging",
         "data": {"measure": "flagged", "flag": "has_error", "date": "created_at"}},
        {"id": "invoices", "name": "Invoices per week", "unit": "invoices", "kind": "count",
         "direction": "higher_is_better", "level": "process", "indicator": "leading",
         "data": {"measure": "count", "date": "created_at"}},
        {"id": "amount", "name": "Invoice amount", "unit": "EUR", "kind": "amount",
         "direction": "higher_is_better", "level": "business", "indicator": "lagging",
         "data": {"measure": "value", "column": "amount", "date": "created_at"}},
    ]}],
}


def write_log(path: Path, rows: int) -> None:
    """A deterministic invoice log from 2025-12-01 over 260 days, written by DuckDB."""
    import duckdb

    day = 86_400
    with duckdb.connect() as con:
        con.execute(f"""
            COPY (
              SELECT invoice_no, strftime(created, '%Y-%m-%d %H:%M:%S') AS created_at,
                     CASE WHEN hash(i + 1) % 20 = 0 THEN NULL ELSE strftime(created
                          + to_seconds(CAST(3600 + hash(i + 2) % {30 * day} AS BIGINT)),
                          '%Y-%m-%d %H:%M:%S') END AS paid_at,
                     CASE WHEN hash(i + 3) % 100 < 4 THEN 'ja' ELSE 'nee' END AS has_error,
                     replace(printf('%.2f', (hash(i + 4) % 500000) / 100.0), '.', ',')
                       AS amount
              FROM (SELECT i, 'INV-' || lpad(CAST(i AS VARCHAR), 9, '0') AS invoice_no,
                           TIMESTAMP '2025-12-01' + to_seconds(CAST(hash(i) % {260 * day}
                             AS BIGINT)) AS created
                    FROM range({rows}) t(i))
            ) TO '{path}' (HEADER, DELIMITER ';')""")


#: DuckDB's own typed scan of the log: every column parsed, one aggregate each
SCAN = """SELECT count(*), max(invoice_no), min(created_at), max(paid_at),
                 count_if(has_error = 'ja'), sum(amount)
          FROM read_csv('{path}', header=true, delim=';', decimal_separator=',',
                        columns={{'invoice_no': 'VARCHAR', 'created_at': 'TIMESTAMP',
                                  'paid_at': 'TIMESTAMP', 'has_error': 'VARCHAR',
                                  'amount': 'DOUBLE'}})"""


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def scan_child(csv_path: str) -> None:
    """Time DuckDB's plain scan of the log in this process; print the figures as JSON."""
    import duckdb

    with duckdb.connect(config={"memory_limit": "2GB"}) as con:
        start, cpu = time.perf_counter(), _cpu()
        con.execute(SCAN.format(path=csv_path)).fetchall()
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_bytes": peak}))


def child(plan_path: str) -> None:
    """Time one load in this process and print the figures as JSON."""
    import kpi_analysis as ka
    from kpi_analysis.inputs.measurements import data_quality

    plan = ka.load_plan(plan_path)
    start, cpu = time.perf_counter(), _cpu()
    data = ka.load_measurements("", plan, require_after=True)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    quality = data_quality(data)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_bytes": peak,
                      "kpi_rows": len(data),
                      "summary": data.attrs["source"]["summary"],
                      "quality": [f"{r.rule} ({r.kpi or 'file'}): {r.rows:,}"
                                  for r in quality.itertuples()]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--scan", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if args.scan:
        scan_child(args.scan)
        return
    print(f"{'rows':>12} {'file MB':>8} {'seconds':>8} {'cpu s':>7} {'peak GiB':>8} "
          f"{'s per 1M':>8} {'scan s':>7} {'scan GiB':>8} {'kit/scan':>8}  KPI rows")
    with tempfile.TemporaryDirectory(prefix="kpi-bench-") as tmp:
        for rows in args.sizes:
            folder = Path(tmp) / str(rows)
            folder.mkdir()
            write_log(folder / "events.csv", rows)
            plan = folder / "plan.yaml"
            plan.write_text(yaml.safe_dump(PLAN, sort_keys=False), encoding="utf-8")
            got, scan = (json.loads(subprocess.run(
                [sys.executable, __file__, flag, str(arg)], capture_output=True, text=True,
                check=True).stdout) for flag, arg in (("--child", plan),
                                                      ("--scan", folder / "events.csv")))
            size = (folder / "events.csv").stat().st_size / 1e6
            print(f"{rows:>12,} {size:>8.0f} {got['seconds']:>8.2f} {got['cpu']:>7.2f} "
                  f"{got['peak_bytes'] / 2**30:>8.2f} {got['seconds'] / rows * 1e6:>8.2f} "
                  f"{scan['seconds']:>7.2f} {scan['peak_bytes'] / 2**30:>8.2f} "
                  f"{got['seconds'] / scan['seconds']:>8.1f}  {got['kpi_rows']}", flush=True)
            (folder / "events.csv").unlink()
        print(f"last file {got['summary']}\ndata quality: {'; '.join(got['quality'])}")


if __name__ == "__main__":
    main()
