"""Reading inputs: measurement tables (CSV, Excel, Parquet) and event logs, into tidy measurements."""
