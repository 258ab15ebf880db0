"""The plan's costs and benefits: the business case's inputs (its formulas are in
:mod:`kpi_analysis.finance`)."""
from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from .. import vocab
from ._values import Fraction, Model as _Model, Number


class CostItem(_Model):
    """A cost line: a fixed ``amount``, or ``hours`` of work at an hourly ``rate``.

    One-off items (``costs.one_off``) are paid at month 0; recurring items
    (``costs.monthly``) are paid every month of the horizon.
    """

    # money must be a real number: YAML's .nan / .inf are refused
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)

    item: str = Field(min_length=1)
    amount: Number | None = Field(None, ge=0, description="money, in the plan's currency")
    hours: Number | None = Field(None, ge=0, description="hours of work")
    rate: Number | None = Field(None, ge=0, description="money per hour")

    @model_validator(mode="after")
    def _amount_or_hours(self):
        if self.amount is not None:
            if self.hours is not None or self.rate is not None:
                raise ValueError("give 'amount' or 'hours' x 'rate', not both")
        elif self.hours is not None and self.rate is None:
            raise ValueError("'hours' is given but the hourly 'rate' is missing "
                             "(money per hour, e.g. rate: 55)")
        elif self.rate is not None and self.hours is None:
            raise ValueError("'rate' is given but 'hours' is missing")
        elif self.hours is None:
            raise ValueError("give 'amount', or 'hours' with an hourly 'rate'")
        return self

    @property
    def total(self) -> float:
        return self.amount if self.amount is not None else self.hours * self.rate


#: per benefit type: (field with the expected improvement, allowed ``per`` values with the
#: default first, money fields it needs, optional fields of its own)
BENEFIT_RULES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "time_saved": ("time_saved", ("day", "item", "month"), ("hourly_rate",),
                   ("time_unit",)),
    "avoided_cost": ("avoided", ("month", "item"), ("cost_per_unit",), ()),
    "error_cost": ("fewer_errors", ("item", "month"), ("cost_per_error",), ()),
    "extra_revenue": ("conversion_uplift", ("item", "month"),
                      ("order_value", "margin"), ()),
    "per_unit": ("assumed_change", ("item", "month"), ("value_per_unit",), ()),
}
#: per ``per`` value: (fields it needs, optional fields)
BENEFIT_BASIS_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "day": (("people",), ("working_days_per_month",)),
    "item": (("volume_per_month",), ("rate_per",)),
    "month": ((), ()),
}
_BENEFIT_HINTS: dict[str, str] = {
    "hourly_rate": "loaded wage cost per hour, e.g. 50",
    "cost_per_unit": "what one avoided unit costs, e.g. 20 per ticket",
    "cost_per_error": "what one error costs to put right, e.g. 40",
    "order_value": "average order value, e.g. 2500",
    "margin": "share of the order value kept as profit, e.g. 30%",
    "value_per_unit": "money one KPI unit of improvement is worth per item",
    "people": "number of people who save the time",
    "volume_per_month": "items handled per month, e.g. 900 invoices",
}


class Benefit(_Model):
    """A money stream per month, in the terms of the method's savings.

    ``type`` picks the calculator in :mod:`kpi_analysis.finance.savings`:

    ============= ================================= ====================================
    type          expected improvement (field)      money per month
    ============= ================================= ====================================
    time_saved    ``time_saved`` (``time_unit``)    hours x ``hourly_rate``
    avoided_cost  ``avoided`` (e.g. tickets)        avoided x ``cost_per_unit``
    error_cost    ``fewer_errors``                  errors x ``cost_per_error``
    extra_revenue ``conversion_uplift`` (fraction)  conversions x ``order_value`` x
                                                    ``margin``
    per_unit      ``assumed_change`` (KPI units)    change x ``value_per_unit``
    ============= ================================= ====================================

    ``per`` says what the improvement is counted per: ``day`` (per person per working
    day, times ``people`` x ``working_days_per_month``), ``item`` (per ``rate_per``
    handled items, times ``volume_per_month`` / ``rate_per``) or ``month``. An
    improvement is positive when things get better. With ``kpi`` the KPI's measured
    change drives the money (a drop of a lower-is-better KPI counts as a positive
    improvement) and the stated improvement is the expectation used until there is a
    measurement. ``type`` defaults to ``per_unit``, the form of the first plan
    template, whose ``value_per_unit`` already includes any per-100 scaling.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)

    name: str = Field(min_length=1)
    type: Literal[vocab.BENEFIT_TYPES] = "per_unit"
    kpi: str | None = None
    per: Literal["day", "item", "month"] | None = None
    # the expected improvement: one field per type
    time_saved: Number | None = None
    avoided: Number | None = None
    fewer_errors: Number | None = None
    conversion_uplift: Fraction | None = None
    assumed_change: Number | None = None
    # what the improvement is worth, and how often it happens
    time_unit: Literal["hours", "minutes"] = "hours"
    hourly_rate: Number | None = Field(None, gt=0)
    cost_per_unit: Number | None = Field(None, gt=0)
    cost_per_error: Number | None = Field(None, gt=0)
    order_value: Number | None = Field(None, gt=0)
    margin: Fraction | None = Field(None, gt=0, le=1)
    value_per_unit: Number | None = Field(None, gt=0)
    people: Number | None = Field(None, gt=0)
    working_days_per_month: Number = Field(21.0, gt=0, le=31)
    volume_per_month: Number | None = Field(None, gt=0)
    rate_per: Number | None = Field(None, gt=0)

    @property
    def basis(self) -> str:
        """``per``, or the type's default when it is not given."""
        return self.per or BENEFIT_RULES[self.type][1][0]

    @property
    def assumption_field(self) -> str:
        """The field that states the expected improvement for this type."""
        return BENEFIT_RULES[self.type][0]

    @property
    def assumption(self) -> float | None:
        return getattr(self, self.assumption_field)

    @model_validator(mode="after")
    def _fields_of_type(self):
        effect, bases, needs, own = BENEFIT_RULES[self.type]
        problems = []
        if self.per is not None and self.per not in bases:
            problems.append(f"per: '{self.per}' does not apply to type '{self.type}'; "
                            f"valid: {', '.join(bases)}")
        basis = self.basis if self.basis in bases else bases[0]
        basis_needs, basis_own = BENEFIT_BASIS_FIELDS[basis]
        for field in needs + basis_needs:
            if getattr(self, field) is None:
                hint = _BENEFIT_HINTS.get(field)
                problems.append(f"type '{self.type}' with per: {basis} needs "
                                f"'{field}'" + (f" ({hint})" if hint else ""))
        allowed = ({"name", "type", "kpi", "per", effect} | set(needs) | set(own)
                   | set(basis_needs) | set(basis_own))
        stray = sorted(set(self.model_fields_set) - allowed)
        if stray:
            problems.append(f"{', '.join(repr(f) for f in stray)} "
                            f"{'does' if len(stray) == 1 else 'do'} not apply to type "
                            f"'{self.type}' with per: {basis}; its fields: "
                            f"{', '.join(sorted(allowed))}")
        if self.kpi is None and getattr(self, effect) is None:
            problems.append(f"give 'kpi' (its measured change drives the money) or the "
                            f"expected improvement '{effect}'")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Costs(_Model):
    """The business case: one-off investment, running costs and benefits over a horizon."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)

    currency: str = "EUR"
    horizon_months: int = Field(36, gt=0, le=240)
    discount_rate: Fraction = Field(0.08, ge=0, lt=1, description="per year")
    one_off: list[CostItem] = []
    monthly: list[CostItem] = []
    benefits: list[Benefit] = []


