"""The docs stay true (issue 17): the API reference is what docs/make_api.py writes from
the docstrings today, and the architecture page names every layer the architecture test
enforces."""
from __future__ import annotations

import importlib.util
import re

from conftest import ROOT
from test_architecture import LAYERS


def _make_api():
    spec = importlib.util.spec_from_file_location("make_api", ROOT / "docs" / "make_api.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_reference_is_current():
    written = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert written == _make_api().render(), "docs/api.md is stale: run python docs/make_api.py"


def test_api_reference_covers_the_public_surface():
    import kpi_analysis as ka
    written = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in ka.__all__:
        if name != "__version__":
            assert f"### `ka.{name}" in written, name


def test_architecture_page_names_every_layer():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `([a-z_]+)(?:\.py|/)` \|", page, re.M)
    assert table == list(LAYERS)
