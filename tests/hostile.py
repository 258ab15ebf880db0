"""Helpers for the hostile-input corpus (test_hostile.py, test_paths.py): run the CLI as a
user would, and check the promises every case must keep: the exit code, one clear
message without a traceback, nothing written outside the output folder, inputs
unchanged, no staging leftovers, no kernel or worker left running."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

#: the venv's `kpi` executable (installed by pip install -e)
KPI = Path(sys.executable).parent / "kpi"


def kpi(*args, cwd=None, umask: int | None = None, timeout: float = 600):
    """Run the installed `kpi` command; returns the CompletedProcess (text)."""
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([str(KPI), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, preexec_fn=preexec, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def snapshot(root: Path, skip: Path | None = None) -> dict:
    """Every file under ``root`` (outside ``skip``) with its content hash."""
    found = {}
    for path in sorted(root.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        if path.is_file():
            found[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            found[str(path.relative_to(root)) + "/"] = ""
    return found


def assert_one_clear_error(result, code: int, *fragments: str) -> str:
    """Exit ``code``, a message starting 'kpi: error:' naming ``fragments``, no
    traceback, nothing on stdout."""
    err = result.stderr
    assert result.returncode == code, (result.returncode, err[-2000:])
    assert err.startswith("kpi: error: "), err[:500]
    assert "Traceback" not in err and "internal error" not in err, err[:2000]
    for fragment in fragments:
        assert fragment in err, (fragment, err[:1000])
    assert result.stdout == ""
    return err


def leftovers(out: Path) -> list[str]:
    """Staging folders or temporary files left in ``out`` (at any depth)."""
    return [str(p) for p in out.rglob(".*") if p.name.endswith(".tmp")] if out.exists() else []


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _running(pid: int) -> bool:
    """Alive and not a zombie (a dead child nobody reaped is not running)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("State:"):
                return "Z" not in line.split()[1]
    except OSError:
        return False
    return False


def children(pid: int) -> set[int]:
    """Process ids whose parent is ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def kernels_of(pids) -> list[int]:
    """Running kernels started by any of ``pids`` (their connection file is named
    after the process that started them: kpi-kernel-<pid>-...)."""
    marks = [f"kpi-kernel-{p}-" for p in pids]
    return [int(e.name) for e in Path("/proc").iterdir() if e.name.isdigit()
            and "ipykernel" in (cmd := _cmdline(int(e.name))) and any(m in cmd for m in marks)
            and _running(int(e.name))]


def assert_nothing_running(pids, wait: float = 5.0) -> None:
    """None of ``pids`` runs, nor any kernel they started (allowing ``wait`` seconds
    for processes to end)."""
    deadline = time.monotonic() + wait
    while True:
        alive = [p for p in pids if _running(p)] + kernels_of(pids)
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert not alive, [(p, _cmdline(p)) for p in alive]


def kernel_files(pids) -> list[str]:
    """Socket or connection files left in the temp folder by kernels of ``pids``."""
    import tempfile
    return [name for name in os.listdir(tempfile.gettempdir())
            if any(name.startswith(f"kpi-kernel-{p}-") for p in pids)]
