"""Promises about the repository itself: same pins for pip and conda, CI runs the
README's commands, notebooks committed clean with a typed parameters cell."""
from __future__ import annotations

import ast
import json
import re
import tomllib

import pytest
import yaml

from conftest import ROOT


def _norm(spec: str) -> str:
    return re.sub(r"\s+", "", spec).lower()


def test_pip_and_conda_pin_the_same_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    pip = {_norm(s) for s in project["dependencies"] + extras["test"]}
    assert set(extras["dask"]) <= set(extras["test"])  # the Dask route is tested
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_norm(s) for s in env["dependencies"]
             if isinstance(s, str) and not s.startswith(("python", "pip"))}
    # what conda-forge lacks comes from PyPI in the environment's pip section
    from_pypi = [s for d in env["dependencies"] if isinstance(d, dict) for s in d["pip"]]
    conda |= {_norm(s) for s in from_pypi if not s.startswith("-")}
    assert pip == conda


def test_ci_runs_the_readme_commands():
    readme = (ROOT / "README.md").read_text()
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
                if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert commands and all(c in readme for c in commands)
    blocks = re.findall(r"```bash\n(.*?)```", readme, re.S)
    assert [b.strip() for b in blocks[:2]] == commands[-2:]  # the README's first two


NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_committed_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if "training" not in p.parts],
                         ids=lambda p: p.name)
def test_parameters_cell_holds_typed_commented_literals(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(cells) == 1
    source = "".join(cells[0]["source"])
    for line in source.splitlines():
        assert "#" in line, f"no help comment: {line}"
    for node in ast.parse(source).body:
        assert isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Constant)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_library_call_per_code_cell(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or "parameters" in cell["metadata"].get("tags", []):
            continue
        tree = ast.parse("".join(cell["source"]))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        assert len(calls) <= 1, "".join(cell["source"])
        assert not any(isinstance(n, (ast.For, ast.While, ast.If, ast.FunctionDef))
                       for n in ast.walk(tree))


def test_the_wheel_carries_every_file_the_kit_reads(tmp_path):
    """Issue 16 item 6: installed without -e the kit needs its notebooks, templates,
    samples and package data (words, HTML templates): every file git tracks there is in
    the wheel (notebooks, templates and samples under kpi_analysis/_bundled/). The wheel
    is installed and run from an empty folder by .ci/wheel."""
    import subprocess
    import sys
    import zipfile
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                            str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    names = set(zipfile.ZipFile(next(tmp_path.glob("kpi_kit-*.whl"))).namelist())
    tracked = subprocess.run(["git", "ls-files", "kpi_analysis", "notebooks", "templates",
                              "data/samples"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    bundled = {"notebooks/": "kpi_analysis/_bundled/notebooks/",
               "templates/": "kpi_analysis/_bundled/templates/",
               "data/samples/": "kpi_analysis/_bundled/samples/"}
    missing = []
    for path in tracked:
        prefix = next((p for p in bundled if path.startswith(p)), None)
        want = bundled[prefix] + path[len(prefix):] if prefix else path
        if want not in names:
            missing.append(want)
    assert not missing, f"not in the wheel: {missing[:10]}"
