"""Text tables for a terminal, shared by the catalogue and the plan checks."""
from __future__ import annotations


def table(rows: list[list[str]], header: list[str], paint=None) -> str:
    """Left-aligned columns under a header and a dashed rule; ``paint(row, cells)``
    may decorate the padded cells of a row (colours)."""
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in rows:
        cells = [str(c).ljust(w) for c, w in zip(row, widths)]
        if paint is not None:
            cells = paint(row, cells)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def cut(value: str, width: int) -> str:
    """``value`` shortened to ``width`` characters, ending in '...' when cut."""
    return value if len(value) <= width else value[:width - 3] + "..."
