"""The method: the KPI catalogue, the plan-check rules, and `kpi new`.

``catalogue`` (load, match, format the KPI catalogue), ``thresholds`` (the method's
numbers), ``plain`` (normalised words and word patterns, shared with the training),
``findings`` (what a rule judges and returns), ``rules`` (the rules, returning keys and
parameters; their texts are ``method.*`` in the words store), ``checks`` (check_plan,
exit code, text table), ``scaffold`` (``kpi new``).
"""
