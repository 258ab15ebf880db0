"""The method: KPI catalogue, plan-check rules, and `kpi new`."""
