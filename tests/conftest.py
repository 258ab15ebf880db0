"""Shared fixtures: paths to the samples and a plan dict to break on purpose."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
TEMPLATE = ROOT / "templates" / "plan.yaml"


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
