"""Client-facing words and number/date formats in English and Dutch."""
from __future__ import annotations

from datetime import date

import pytest

from kpi_analysis.errors import InputError
from kpi_analysis.words.text import fmt_date, fmt_number, fmt_pct, label


def test_number_and_date_formats():
    assert fmt_number(1234.5, "nl") == "1.234,5"
    assert fmt_number(1234.5, "en") == "1,234.5"
    assert fmt_number(-0.04, "en") == "0.0"  # no "-0.0"
    assert fmt_number(-2.5, "en") == "\u22122.5"
    assert fmt_number(float("nan"), "en") == "-"
    assert fmt_pct(-61.2, "nl") == "\u221261%" and fmt_pct(12.4, "en") == "+12%"
    assert fmt_date(date(2026, 11, 22), "nl") == "22-11-2026"
    assert fmt_date("2026-11-22", "en") == "22 Nov 2026"


def test_unknown_key_or_language():
    with pytest.raises(InputError, match="no text 'nope'"):
        label("nope", "en")
    with pytest.raises(InputError, match="'de' is not a report language"):
        label("report.title", "de")


def test_proportions_change_in_percentage_points():
    from types import SimpleNamespace as NS

    from kpi_analysis.words.text import fmt_change, kpi_sentence
    share = NS(name="First-contact resolution", unit="% of tickets", kind="proportion",
               direction="higher_is_better", target=None)
    row = dict(before=64.37, after=57.49, change=-6.88, change_pct=-10.69, ci_low=-8.63,
               ci_high=-5.13, ci_pct_low=-13.4, ci_pct_high=-8.0, verdict="worsened")
    assert fmt_change(row, share, "en") == ("\u22126.9 pp", "\u22128.6 pp", "\u22125.1 pp")
    assert fmt_change(row, share, "nl")[0] == "\u22126,9 %-punt"
    assert "(\u22126.9 pp, 95% interval \u22128.6 pp to \u22125.1 pp)" in kpi_sentence(row, share, "en")
    days = NS(**{**vars(share), "kind": "duration"})
    assert fmt_change(row, days, "en") == ("\u221211%", "\u221213%", "\u22128%")

