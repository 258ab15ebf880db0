"""Repeated looks: alpha spending so that monthly reviews keep the nominal error rate.

A single impact evaluation tests once, at ``alpha``. The monthly (or weekly) reviews
look at the KPIs again and again: every review is a new chance that noise alone
reaches "target met" or "improved". Twelve looks at 5% each give a family-wise error
far above 5% (about 26% for independent looks at 2.5% one-sided, more for the
two-sided "improved or worsened").

The kit spends ``alpha`` over the looks: the k-th review after stabilisation is
judged at

.. math:: \\alpha_k = \\alpha \\, \\frac{6}{\\pi^2 k^2},\\qquad
          \\sum_{k=1}^{\\infty} \\alpha_k = \\alpha

(the Basel sum :math:`\\sum 1/k^2 = \\pi^2/6`). By the union bound the chance of at
least one false claim over *all* reviews, however many and however dependent
(overlapping cumulative data or consecutive months), is at most ``alpha``; the
intervals at level :math:`1 - \\alpha_k` hold at all reviews at once with at least
:math:`1 - \\alpha` probability (a confidence sequence). No review horizon has to be
fixed in advance, and monitoring may go on past the deadline. The price is width:
the first review uses 61% of ``alpha``, the second 15%, the twelfth 0.4%.

References
----------
Lan, K. K. G. & DeMets, D. L. (1983). Discrete sequential boundaries for clinical
trials. *Biometrika* 70(3), 659-663 (spending ``alpha`` over interim looks).
Howard, S. R., Ramdas, A., McAuliffe, J. & Sekhon, J. (2021). Time-uniform,
nonparametric, nonasymptotic confidence sequences. *Annals of Statistics* 49(2),
1055-1080 (intervals valid at every look; the union bound over a summable spending
sequence is their simplest construction).

Examples
--------
>>> from kpi_analysis.stats.sequential import spent_alpha
>>> [round(spent_alpha(k, 0.05), 5) for k in (1, 2, 12)]
[0.0304, 0.0076, 0.00021]
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import InputError
from ._core import check_alpha

__all__ = ["spent_alpha", "look_number", "look_plan", "repeated_looks_method", "METHOD"]

#: the method's code, as results.json names it
METHOD = "alpha-spending-6/(pi^2 k^2)"


def spent_alpha(look: Any, alpha: float = 0.05) -> Any:
    """The significance level of the ``look``-th review (1, 2, ...):
    ``alpha * 6 / (pi^2 look^2)``. ``look`` may be an array."""
    alpha = check_alpha(alpha)
    k = np.asarray(look, dtype=float)
    if np.any(~np.isfinite(k)) or np.any(k < 1):
        raise InputError(f"look must be a review number 1, 2, ...; got {look!r}")
    out = alpha * 6.0 / (math.pi ** 2 * k ** 2)
    return float(out) if out.ndim == 0 else out


def look_number(after_start: Any, when: Any, days: float = 30.4375) -> int:
    """The review number of a look on ``when``: review periods of ``days`` (a month by
    default) since the after-period started, at least 1."""
    import pandas as pd
    elapsed = (pd.Timestamp(when) - pd.Timestamp(after_start)) / pd.Timedelta(days=1)
    return max(1, int(math.ceil(elapsed / days)))


def look_plan(plan: Any, when: Any) -> Any:
    """The plan as a review on ``when`` judges it: ``alpha`` replaced by the spent
    alpha of that review (:func:`look_number` months after the after-period started).
    For the cadence outputs that rerun :func:`kpi_analysis.compare_kpis` on the data
    up to a review; a single impact evaluation keeps the plan's own ``alpha``."""
    alpha = float(getattr(plan, "alpha", None) or 0.05)
    level = spent_alpha(look_number(plan.periods.after_start, when), alpha)
    if hasattr(plan, "model_copy"):
        return plan.model_copy(update={"alpha": level})
    return type(plan)(**{**vars(plan), "alpha": level})


def repeated_looks_method(alpha: float = 0.05) -> dict[str, Any]:
    """The sequential method, for results.json and the appendix."""
    return {"method": METHOD, "alpha": alpha,
            "rule": "the k-th review after stabilisation is judged at alpha*6/(pi^2*k^2); "
                    "the levels sum to alpha, so the chance of any false 'target met' or "
                    "'improved' over all reviews stays at most alpha",
            "references": ["Lan & DeMets (1983), Biometrika 70(3):659-663",
                           "Howard, Ramdas, McAuliffe & Sekhon (2021), Annals of "
                           "Statistics 49(2):1055-1080"]}
