"""Words: every client-facing string per language, and number/date formatting."""
