"""Where the kit's own files are: the package, its notebooks, templates and samples.

One home for these paths, so that the rest of the package never walks up from its own
``__file__``. Every other module asks here.

An installed wheel carries the folders inside the package, in ``kpi_analysis/_bundled/``
(``setup.py`` copies them there), found with :mod:`importlib.resources`; a source
checkout (an editable install) has them beside the package, where the design card puts
them: ``notebooks/``, ``templates/`` and ``data/samples/``.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE = Path(str(files("kpi_analysis")))
BUNDLED = PACKAGE / "_bundled"
if BUNDLED.is_dir():  # an installed wheel
    NOTEBOOKS, TEMPLATES, SAMPLES = BUNDLED / "notebooks", BUNDLED / "templates", \
        BUNDLED / "samples"
else:  # a source checkout
    NOTEBOOKS, TEMPLATES, SAMPLES = PACKAGE.parent / "notebooks", \
        PACKAGE.parent / "templates", PACKAGE.parent / "data" / "samples"
NBCONVERT_TEMPLATES = TEMPLATES / "nbconvert"
CATALOGUE = TEMPLATES / "kpi_catalogue.yaml"
PLAN_TEMPLATE = TEMPLATES / "plan.yaml"
#: the installed kit's own folders: no output is ever written inside them
FOLDERS = (PACKAGE, NOTEBOOKS, TEMPLATES, SAMPLES)
#: ``sample:<name>`` names a sample's plan wherever the kit is installed
SAMPLE_PREFIX = "sample:"


def sample_names() -> list[str]:
    """The samples shipped with the kit (folders of ``SAMPLES`` holding a plan.yaml)."""
    return sorted(p.parent.name for p in SAMPLES.glob("*/plan.yaml"))


def sample_plan(name: str) -> Path | None:
    """The plan file of sample ``name``, or None when there is no such sample.

    >>> sample_plan("invoicing").name
    'plan.yaml'
    >>> sample_plan("nope") is None
    True
    """
    return SAMPLES / name / "plan.yaml" if name in sample_names() else None
