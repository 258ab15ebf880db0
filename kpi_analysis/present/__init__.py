"""Presentation: charts, report sections (HTML), results.json."""
