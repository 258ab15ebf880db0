"""Statistics: two-sample tests, power, time series (ITS, series shifts), repeated looks."""
