"""Write docs/api.md, the API reference, from the package's docstrings.

Run from the project root after changing a docstring or a public name::

    python docs/make_api.py

``tests/test_docs.py`` fails when docs/api.md is not what this script writes.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path

import kpi_analysis as ka

OUT = Path(__file__).with_name("api.md")
ROOT = Path(ka.__file__).resolve().parent.parent


def _first_paragraph(doc: str | None) -> str:
    return " ".join(inspect.cleandoc(doc or "").split("\n\n")[0].split())


class _Sorted:
    """A set default shown in sorted order (a set's own order changes from run to run)."""

    def __init__(self, items):
        self.items = items

    def __repr__(self) -> str:
        return "{" + ", ".join(sorted(map(repr, self.items))) + "}"


def _signature(obj) -> str:
    """``(a, b=1)``; a pydantic model's fields by name (their validators are noise here)."""
    fields = getattr(obj, "model_fields", None)
    if inspect.isclass(obj) and isinstance(fields, dict):
        return "(" + ", ".join(f"{name}=..." if not f.is_required() else name
                               for name, f in fields.items()) + ")"
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return "(...)"
    text = str(signature.replace(parameters=[
        p.replace(default=_Sorted(p.default)) if isinstance(p.default, (set, frozenset)) else p
        for p in signature.parameters.values()]))
    text = text.replace(str(ROOT), "<kit>")  # the same file from any checkout
    return re.sub(r" at 0x[0-9a-f]+", "", text)  # no memory addresses in the file


def _modules() -> list:
    names = sorted(info.name for info in pkgutil.walk_packages(ka.__path__, "kpi_analysis.")
                   if not any(part.startswith("_") for part in info.name.split(".")))
    return [importlib.import_module(name) for name in names]


def _own_public(module) -> list[tuple[str, object]]:
    names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
    return [(n, getattr(module, n)) for n in sorted(names)
            if (inspect.isfunction(getattr(module, n, None)) or inspect.isclass(getattr(module, n, None)))
            and getattr(getattr(module, n), "__module__", "") == module.__name__]


def render() -> str:
    lines = ["# API reference", "",
             "Generated from the docstrings by `python docs/make_api.py`; do not edit by hand.",
             "The architecture (which package owns what) is in [architecture.md](architecture.md).",
             "", "## The public surface: `import kpi_analysis as ka`", ""]
    for name in ka.__all__:
        if name == "__version__":
            continue
        obj = getattr(ka, name)
        kind = "class" if inspect.isclass(obj) else "function"
        lines += [f"### `ka.{name}{_signature(obj)}`", "",
                  f"{kind} in `{obj.__module__}`", "", "```text",
                  inspect.cleandoc(obj.__doc__ or "(no docstring)"), "```", ""]
    lines += ["## Modules", ""]
    for module in _modules():
        lines += [f"### `{module.__name__}`", "", _first_paragraph(module.__doc__) or "(no docstring)", ""]
        for name, obj in _own_public(module):
            lines.append(f"- `{name}{_signature(obj)}`: {_first_paragraph(obj.__doc__)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)
