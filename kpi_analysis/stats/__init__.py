"""Statistics: the numbers behind a verdict, independent of plans and reports.

Every module holds one kind of code; the public functions are also ``ka.<name>``.

==============================  =========================================================
module                          owns
==============================  =========================================================
:mod:`.twosample`               before/after tests of two samples: ``compare_means``
                                (t-tests, rank tests), ``compare_proportions``,
                                ``compare_rates``; ``exact_bounds`` of one level and
                                ``holm`` for several comparisons
:mod:`.ranks`                   the rank tests behind ``compare_means`` (R's
                                ``wilcox.test``: exact and normal, Hodges-Lehmann)
:mod:`.series`                  a per-period KPI: ``series_shift`` (GLS with AR(1)
                                errors, level/trend/season counterfactual, the trend rule
                                and ``TREND_ALPHA``), ``compare_series`` (Newey-West),
                                ``fourier_terms``
:mod:`.its`                     interrupted time series (``its``, ``ItsResult``) and
                                difference-in-differences (``did``)
:mod:`.power`                   planning: ``power_t``, ``power_prop``, ``how_long``
:mod:`.sequential`              repeated looks: alpha spending over the reviews
:mod:`._core`                   shared internals (private): argument checks, the result
                                row, mean/sd, lag-1 autocorrelation, Hedges' g, the
                                t/normal reference with p-values and intervals, the time
                                index, Newey-West and AR(1) covariances, the Wilson
                                interval
==============================  =========================================================

Imports run one way: ``_core`` <- ``ranks`` <- ``twosample``; ``_core`` <- ``series``
<- ``its``; ``_core`` <- ``power``. The analysis package uses these modules; none of
them imports from outside ``stats`` except :mod:`kpi_analysis.errors`.
"""
