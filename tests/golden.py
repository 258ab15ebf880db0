"""Golden files of every sample report (issue 17): the numbers of results.json and the
structure of report.html, written once before a refactoring and compared after it.

A refactoring must leave both identical; an issue that changes a number or a sentence on
purpose regenerates them (``KPI_GOLDEN_UPDATE=1 pytest tests/test_samples.py -k golden``)
and the diff of ``tests/golden/`` shows exactly what changed, for review.
"""
from __future__ import annotations

import json
import math
import os
import re
from html.parser import HTMLParser
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("KPI_GOLDEN_UPDATE") == "1"
# Fields that name the run rather than its content.
VOLATILE = {"kit_version"}


def numbers(value):
    """results.json with floats to 10 significant digits (platform-level noise below)."""
    if isinstance(value, dict):
        return {k: numbers(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [numbers(v) for v in value]
    if isinstance(value, float) and math.isfinite(value):
        return float(f"{value:.10g}")
    return value


class _Structure(HTMLParser):
    """Headings, the kit's own classes in document order, alt texts and visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.outline, self.text, self.alts = [], [], []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("style", "script"):
            self._skip += 1
        classes = [c for c in (attrs.get("class") or "").split() if c.startswith("kpi-")]
        if classes or re.fullmatch(r"h[1-4]|table|img", tag):
            self.outline.append(" ".join([tag, *classes]))
        if tag == "img":
            self.alts.append(attrs.get("alt") or "")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        words = " ".join(data.split())
        words = re.sub(r"(kpi-kit) \S+( \S+ ).*$", r"\1 <version>\2<date>", words)
        words = re.sub(r"^kpi-kit \S+$", "kpi-kit <version>", words)
        if words and not self._skip:
            self.text.append(words)


def structure(html: str) -> dict:
    parser = _Structure()
    parser.feed(html)
    return {"outline": parser.outline, "alts": parser.alts, "text": parser.text}


def check(name: str, got: dict) -> None:
    """Compare ``got`` with tests/golden/<name>.json (or write it when updating)."""
    path = GOLDEN / f"{name}.json"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(got, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")
        return
    want = json.loads(path.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(got, sort_keys=True))
    for key in want:
        assert got.get(key) == want[key], f"{name}: '{key}' differs from tests/golden/{name}.json"
    assert set(got) == set(want), f"{name}: keys differ from tests/golden/{name}.json"
