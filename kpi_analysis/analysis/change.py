"""A change with its unit: one value type from the comparison to money and words.

:func:`kpi_analysis.compare_kpis` gives a KPI's change in the unit the KPI is shown
in: KPI units ('absolute'), or percentage points ('pp') for a proportion, whose
levels are shown in percent. A change in percent of the baseline is 'percent'.
Mixing them up is the classic error of a business case (a conversion that rose by
0.3 percentage points is a fraction of 0.003, not 0.3), so every conversion is a
method here::

    >>> from kpi_analysis.analysis.change import Change
    >>> c = Change(0.3, 0.1, 0.5, "pp")
    >>> c.fraction().value, c.unit
    (0.003, 'pp')
    >>> c.relative_to(2.0)          # of a 2.0% baseline: +15% of the baseline
    Change(value=15.0, low=5.0, high=25.0, unit='percent')
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..vocab import CHANGE_UNIT, CHANGE_UNITS

__all__ = ["Change"]


@dataclass(frozen=True)
class Change:
    """A change (after - before) with its interval and unit.

    Attributes
    ----------
    value, low, high : float
        The estimate and its interval.
    unit : {'absolute', 'percent', 'pp'}
        KPI units; percent of the baseline; percentage points.
    """

    value: float
    low: float
    high: float
    unit: str

    def __post_init__(self):
        if self.unit not in CHANGE_UNITS:
            raise InputError(f"unit: '{self.unit}' is not a change unit; valid: "
                             f"{', '.join(CHANGE_UNITS)}")

    @classmethod
    def of(cls, row: Any) -> "Change":
        """The change of a :func:`~kpi_analysis.compare_kpis` row (a mapping or a row
        with ``change``, ``ci_low``, ``ci_high`` and ``change_unit`` or ``kind``)."""
        get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
        unit = get("change_unit", None)
        if not isinstance(unit, str):
            unit = CHANGE_UNIT.get(get("kind", None), "absolute")
        return cls(float(get("change")), float(get("ci_low")), float(get("ci_high")), unit)

    @classmethod
    def percent_of(cls, row: Any) -> "Change":
        """The row's change as a percentage of the baseline (``change_pct``)."""
        get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
        return cls(float(get("change_pct")), float(get("ci_pct_low", math.nan)),
                   float(get("ci_pct_high", math.nan)), "percent")

    def _map(self, f, unit: str) -> "Change":
        return Change(f(self.value), f(self.low), f(self.high), unit)

    def fraction(self) -> "Change":
        """Percentage points as a fraction of the items (0.3 pp -> 0.003); any other
        unit as it is. The unit stays what it was measured in."""
        return self._map(lambda x: x / 100, self.unit) if self.unit == "pp" else self

    def relative_to(self, baseline: float) -> "Change":
        """The change as a percentage of ``baseline`` (an absolute or pp change of a
        level in the same unit); NaN for a zero or missing baseline."""
        if self.unit == "percent":
            return self
        usable = baseline is not None and math.isfinite(baseline) and baseline != 0
        return self._map(lambda x: 100 * x / abs(baseline) if usable else math.nan, "percent")

    def signed(self, sign: float) -> "Change":
        """Multiplied by ``sign`` (+1/-1), the interval kept in order."""
        if sign >= 0:
            return self
        return Change(-self.value, -self.high, -self.low, self.unit)
