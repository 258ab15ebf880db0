"""The one presentation layer (issue 17): one JSON writer that turns every number JSON
cannot hold into null, and templates that escape user text the way the kit always has."""
from __future__ import annotations

import html
import json
import math

import numpy as np
import pandas as pd

from kpi_analysis import vocab
from kpi_analysis.present import html as present_html
from kpi_analysis.present.results import clean, dumps, plain, records
from kpi_analysis.present.reviews import layout
from kpi_analysis.words.reviews import block


def test_every_number_json_cannot_hold_becomes_null_nested_or_not():
    value = {"nan": math.nan, "inf": math.inf, "minus": -math.inf, "np": np.float64("inf"),
             "na": pd.NA, "nat": pd.NaT, "deep": [{"x": (1.5, np.nan)}], "ok": np.int64(3),
             "day": pd.Timestamp("2026-03-02")}
    back = json.loads(dumps(value))
    assert back == {"nan": None, "inf": None, "minus": None, "np": None, "na": None,
                    "nat": None, "deep": [{"x": [1.5, None]}], "ok": 3,
                    "day": "2026-03-02T00:00:00"}
    assert plain(np.float32(2.5)) == 2.5 and type(plain(np.float32(2.5))) is float
    assert clean([math.inf, "inf"]) == [None, "inf"]      # a string stays a string


def test_records_of_a_frame_are_json_ready():
    frame = pd.DataFrame({"a": [1.0, math.nan, math.inf], "b": ["x", None, "z"]})
    assert records(frame) == [{"a": 1.0, "b": "x"}, {"a": None, "b": None},
                              {"a": None, "b": "z"}]
    assert records(None) is None


def test_templates_escape_user_text_as_html_escape_does():
    hostile = "<script>alert('x')</script> & \"quotes\""
    out = present_html.render("section.html.j2", heading=hostile, paragraphs=[hostile])
    assert "<script>" not in out
    assert out.count(html.escape(hostile)) == 2
    badge = present_html.macro("parts.html.j2", "badge")(hostile, "good")
    assert badge == f'<span class="kpi-badge kpi-good">{html.escape(hostile)}</span>'


def test_a_review_fragment_uses_the_palette_of_vocab_and_inline_styles_only():
    table = {"columns": ["KPI", "status"], "rows": [["a<b", "on track"], ["c", "off"]],
             "tones": ["good", "bad"]}
    text, fragment = layout("Title & more", "intro", [block("k", "Block", ["p"], ["i"], table)])
    assert fragment.startswith("<div style=") and "class=" not in fragment
    assert f"color:{vocab.GOOD}" in fragment and f"color:{vocab.BAD}" in fragment
    assert "Title &amp; more" in fragment and "a&lt;b" in fragment
    assert text.splitlines()[:2] == ["Title & more", "=" * len("Title & more")]
    assert "a<b | on track" in text
