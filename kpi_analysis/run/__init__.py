"""Running: the kernel (kernel), what a report writes (outputs), render_report
(report) and the batch of many clients (batch)."""
