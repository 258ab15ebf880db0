"""Where the kit's own files are: the package, its notebooks, templates and samples.

One home for these paths, so that the rest of the package never walks up from its own
``__file__``. Every other module asks here.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = ROOT / "templates"
NBCONVERT_TEMPLATES = TEMPLATES / "nbconvert"
SAMPLES = ROOT / "data" / "samples"
CATALOGUE = TEMPLATES / "kpi_catalogue.yaml"
PLAN_TEMPLATE = TEMPLATES / "plan.yaml"
#: the installed kit's own folders: no output is ever written inside them
FOLDERS = (PACKAGE, NOTEBOOKS, TEMPLATES, SAMPLES)
