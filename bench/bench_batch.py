"""Batch speed and memory: `kpi batch` against a naive loop, in one run on this machine.

    .venv/bin/python bench/bench_batch.py [--clients 50] [--jobs 2] [--naive N]

Makes N client folders (copies of the samples in data/samples/, cycled), then times
  1. the naive loop a consultant would write: per client, the `papermill` command and
     then the `jupyter nbconvert` command, one after the other (`--naive` clients,
     default all, timed and extrapolated per client when fewer);
  2. `kpi batch clients/ --out out/ --jobs J` (warm kernels, one per worker).
Peak memory is the largest sum of the resident memory of the batch's whole process
tree (CLI, workers, kernels), sampled from /proc every 0.1 s. Prints the figures and
the speed-up; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "impact_report.ipynb"
TEMPLATES = ROOT / "templates" / "nbconvert"
PAGE = os.sysconf("SC_PAGE_SIZE")


def make_clients(root: Path, count: int) -> list[Path]:
    samples = sorted(p.parent for p in (ROOT / "data" / "samples").glob("*/plan.yaml"))
    clients = []
    for i in range(count):
        target = root / f"client{i:03d}"
        shutil.copytree(samples[i % len(samples)], target)
        clients.append(target)
    return clients


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except OSError:
            pass
        stack += children.get(current, [])
    return total


def run_measured(cmd: list[str]) -> tuple[float, int]:
    """Wall time and peak resident memory of the command's process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = proc.wait()
    done.set()
    sampler.join()
    if code not in (0, 1):
        raise SystemExit(f"{cmd[:3]} exited {code}")
    return time.perf_counter() - start, peak


def naive(clients: list[Path], out: Path) -> float:
    start = time.perf_counter()
    for client in clients:
        executed = out / f"{client.name}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(NOTEBOOK), str(executed), "-k", "python3",
                        "-p", "plan_path", str(client / "plan.yaml"),
                        "-p", "results_path", str(out / f"{client.name}.json"),
                        "--cwd", str(NOTEBOOK.parent)],
                       check=True, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--template", "kpi",
                        f"--TemplateExporter.extra_template_basedirs={TEMPLATES}",
                        "--no-input", str(executed)], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--naive", type=int, help="clients in the naive loop (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        clients = make_clients(tmp / "clients", args.clients)
        (tmp / "naive").mkdir()
        count = args.naive or args.clients
        naive_time = naive(clients[:count], tmp / "naive") * args.clients / count
        batch_time, peak = run_measured([str(BIN / "kpi"), "batch", str(tmp / "clients"),
                                         "--out", str(tmp / "out"), "--jobs", str(args.jobs)])
        rendered = len(list((tmp / "out").glob("*/report.html")))
    label = "" if count == args.clients else f" (timed on {count}, extrapolated)"
    print(f"clients: {args.clients}, jobs: {args.jobs}, rendered by kpi batch: {rendered}")
    print(f"naive loop, papermill + nbconvert per client: {naive_time:7.1f} s{label}")
    print(f"kpi batch:                                    {batch_time:7.1f} s")
    print(f"speed-up:                                     {naive_time / batch_time:7.1f}x")
    print(f"peak memory of the batch (process tree):      {peak / 2**30:7.2f} GiB")


if __name__ == "__main__":
    main()
