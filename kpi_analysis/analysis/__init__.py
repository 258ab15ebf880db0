"""A plan's numbers: levels, compare_kpis, progress, placebo, diagnosis and reviews."""
