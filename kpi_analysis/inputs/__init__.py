"""Reading inputs: measurement tables (CSV, Excel, Parquet) and event logs, into tidy
measurements. measurements puts together reading (files), cells (numbers, dates),
columns (roles), shapes (long, wide), eventlog with eventrules (event logs), tidy
(periods, levels) and problems (messages, data-quality rows)."""
