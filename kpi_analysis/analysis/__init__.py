"""A plan's numbers: compare_kpis (compare) with one KPI's estimate (estimate), change,
progress with its review periods (reviews), trend, export and words, placebo, and the
cadence outputs (cadence)."""
