"""Running: the kernel, render_report and batch."""
