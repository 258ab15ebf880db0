"""The words layer's names in one module, for code that reads them as ``text.<name>``
(``from kpi_analysis.words import text`` in the report notebooks, the training and the
method rules). Each lives in its own home:

- :mod:`kpi_analysis.words.store`: :func:`label`, :data:`LABELS`, :func:`language`;
  the texts themselves are data in ``words/locales/<lang>/<domain>.yaml``
- :mod:`kpi_analysis.words.numbers`: numbers, money, percentages, chances, p-values
  and dates per language (``fmt_*``, :func:`is_missing`, :func:`value_digits`)
- :mod:`kpi_analysis.words.sentences`: sentences built from numbers
  (:func:`kpi_sentence`, :func:`guard_warning`, :func:`story_counts`,
  :func:`target_text`, :func:`fmt_change`)

    >>> fmt_number(1234.5, "nl")
    '1.234,5'
    >>> fmt_date("2026-11-22", "nl")
    '22-11-2026'
    >>> label("verdict.improved", "nl")
    'verbeterd'
"""
from __future__ import annotations

from ..vocab import LANGUAGES
from .numbers import (fmt_chance, fmt_change_value, fmt_count, fmt_date, fmt_money,
                      fmt_number, fmt_p, fmt_payback, fmt_pct, fmt_value, is_missing,
                      value_digits)
from .sentences import fmt_change, guard_warning, kpi_sentence, story_counts, target_text
from .store import LABELS, label, language

__all__ = ["LANGUAGES", "LABELS", "label", "language", "is_missing", "value_digits",
           "fmt_number", "fmt_count", "fmt_pct", "fmt_money", "fmt_payback", "fmt_chance",
           "fmt_p",
           "fmt_date", "fmt_value", "fmt_change_value", "fmt_change", "guard_warning",
           "story_counts", "kpi_sentence", "target_text"]
