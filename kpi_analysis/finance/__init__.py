"""Finance: formulas (ROI, NPV, IRR, payback) and the business case as numbers."""
