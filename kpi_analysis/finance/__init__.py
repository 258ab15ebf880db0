"""Finance: formulas (ROI, NPV, IRR, payback) and the business case as numbers.

    formulas     roi, npv, irr, payback_period, xnpv, xirr, monthly_rate
    savings      time_saving, avoided_cost, error_saving, extra_revenue, break_even_volume
    case         the plan's business case as numbers: business_case_numbers,
                 cash_flow_table, total_investment
    simulation   Monte Carlo intervals from the measured changes: simulate_roi,
                 roi_interval_numbers
    sensitivity  one-way sensitivity (the tornado): tornado_numbers

No language here: the words beside these numbers (labels, sentences, formulas and
calculations written out in en/nl) are :mod:`kpi_analysis.words.business_case`, whose
``business_case`` is ``ka.business_case``.
"""
