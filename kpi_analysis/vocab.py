"""Every closed set of the kit, declared once.

The plan models (:mod:`kpi_analysis.plan`), the CLI choices (:mod:`kpi_analysis.cli`),
the argument checks and the report all read these tuples, so a new language or
audience is added in one place::

    >>> from kpi_analysis import vocab
    >>> vocab.LANGUAGES
    ('en', 'nl')
    >>> vocab.CHANGE_UNIT["proportion"]
    'pp'

Nothing here imports another module of the package.
"""
from __future__ import annotations

#: KPI kinds: measured per item and compared by their mean (or median)
MEAN_KINDS = ("duration", "continuous", "score", "amount")
#: every KPI kind (``KPI.kind`` in the plan)
KINDS = MEAN_KINDS + ("proportion", "count", "rate")
#: counts and rates are events per unit of exposure, never below zero
COUNT_KINDS = ("count", "rate")
#: which way a KPI gets better
DIRECTIONS = ("lower_is_better", "higher_is_better")
#: the method's success levels and indicator types
LEVELS = ("technical", "process", "business", "adoption")
INDICATORS = ("leading", "lagging")
#: how often a KPI is measured
FREQUENCIES = ("daily", "weekly", "monthly", "quarterly")
#: the measurement periods a row of data falls in
PERIODS = ("baseline", "stabilisation", "after", "outside")
#: report languages
LANGUAGES = ("en", "nl")
#: report kinds
REPORT_KINDS = ("impact", "baseline")
#: the method's three dashboard layers (and all of them), then the audiences it frames
#: by what they care about: money and time, stability, time per person, jobs
DEPTHS = ("executive", "operational", "technical", "all")
FRAMED_AUDIENCES = ("management", "it", "users", "works_council")
AUDIENCES = DEPTHS + FRAMED_AUDIENCES
#: views a client reads: everything but the technical layer and "all"
CLIENT_AUDIENCES = ("executive", "operational") + FRAMED_AUDIENCES
#: the review rhythms of a report (weekly quick win, monthly deep dive, quarterly review)
CADENCES = ("weekly", "monthly", "quarterly")
#: verdicts of a before/after comparison
VERDICTS = ("improved", "worsened", "no detectable change", "cannot be assessed")
#: what a change is measured in: KPI units, percent of the baseline, percentage points
CHANGE_UNITS = ("absolute", "percent", "pp")
#: the unit of ``change`` per KPI kind (proportions are shown in percent, so their
#: change is in percentage points)
CHANGE_UNIT = {kind: "pp" if kind == "proportion" else "absolute" for kind in KINDS}
#: benefit types of the business case
BENEFIT_TYPES = ("time_saved", "avoided_cost", "error_cost", "extra_revenue", "per_unit")
#: business aims of a goal
BUSINESS_AIMS = ("cut_costs", "customer_experience", "free_up_time", "revenue", "quality",
                 "compliance")

# --- palette: green means good, red needs attention, consistently --------------------
GOOD, BAD, NEUTRAL, REFERENCE = "#1e7d3a", "#b42318", "#52606d", "#9aa5b1"
#: dark text and lines that are not data (go-live, labels)
INK = "#323f4b"
#: the stabilisation window and other background areas
SHADE = "#e4e7eb"
#: light fills of the good / bad side (cash flow)
GOOD_FILL, BAD_FILL = "#d3ecd9", "#f7d9d6"
VERDICT_COLOUR = {"improved": GOOD, "worsened": BAD, "no detectable change": NEUTRAL,
                  "cannot be assessed": REFERENCE}
