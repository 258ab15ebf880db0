"""Shared fixtures: paths to the samples, a plan dict to break on purpose, and every
sample report rendered once per session in English and Dutch (tests/test_samples.py
checks them, tests/test_browser.py opens them in a browser)."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
TEMPLATE = ROOT / "templates" / "plan.yaml"
NAMES = sorted(p.parent.name for p in SAMPLES.glob("*/plan.yaml"))


@pytest.fixture(scope="session")
def kernel():
    """One warm kernel for the session's renders (reset between reports)."""
    from kpi_analysis.run.kernel import WarmKernel
    warm = WarmKernel()
    yield warm
    warm.close()


@pytest.fixture(scope="session")
def reports(tmp_path_factory, kernel) -> dict:
    """``{(sample, lang): render_report paths}`` for every sample in en and nl."""
    from kpi_analysis.run.report import render_report
    root = tmp_path_factory.mktemp("samples")
    return {(name, lang): render_report(SAMPLES / name / "plan.yaml", lang=lang,
                                        out_dir=root / name / lang, kernel=kernel)
            for name in NAMES for lang in ("en", "nl")}


@pytest.fixture
def invoicing_plan_path() -> Path:
    return SAMPLES / "invoicing" / "plan.yaml"


@pytest.fixture
def raw_plan() -> dict:
    """The template plan as a dict (a fresh deep copy per test)."""
    return copy.deepcopy(yaml.safe_load(TEMPLATE.read_text(encoding="utf-8")))


def write_plan(folder: Path, raw: dict, name: str = "plan.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path
