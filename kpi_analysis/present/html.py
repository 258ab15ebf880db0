"""The one presentation layer: Jinja templates (package files in ``templates/``) and
the styles of every HTML the kit builds.

The report sections (:mod:`kpi_analysis.present.sections`), the reviews
(:mod:`kpi_analysis.present.reviews`) and the training feedback
(:mod:`kpi_analysis.training`) all render through :func:`render` with autoescape
on: user text passed in a template's context is escaped; HTML built by another
template is passed as :class:`markupsafe.Markup`.

The report's classes (``kpi-table``, ``kpi-badge`` ...) are styled by the report's
stylesheet (``templates/nbconvert/kpi/static/report.css`` of the kit, whose colours are
vocab's); fragments that travel alone (a review pasted into an e-mail, a feedback
box in a notebook) carry inline styles, all from :data:`STYLES`, whose colours are
the palette of :mod:`kpi_analysis.vocab`.
"""
from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from ..vocab import BAD, GOOD, INK, NEUTRAL, SHADE

__all__ = ["render", "macro", "Markup", "TONES", "FILLS", "STYLES"]

#: tone -> colour: green = good, red = needs attention, grey = not judged; amber = to do
TONES = {"good": GOOD, "bad": BAD, "neutral": NEUTRAL, "todo": "#b54708"}
#: light backgrounds of the tones (feedback boxes)
FILLS = {"good": "#e9f5ec", "todo": "#fff5e6", "neutral": "#f0f4f8"}
#: inline styles of the fragments that travel without the report's stylesheet
STYLES = {
    "font": f"font-family:Arial,Helvetica,sans-serif;color:{INK};line-height:1.45",
    "h2": "font-size:20px;margin:0 0 8px 0",
    "h3": "font-size:16px;margin:16px 0 6px 0",
    "p": "margin:0 0 8px 0",
    "ul": "margin:0 0 8px 0;padding-left:20px",
    "li": "margin:0 0 4px 0",
    "table": "border-collapse:collapse;margin:0 0 8px 0;font-size:14px",
    "cell": f"padding:4px 8px;border-bottom:1px solid {SHADE};text-align:left",
    "head": "background:#f6f8fa",
    "box": ("border-left:6px solid {border};background:{background};padding:0.6em 1em;"
            "margin:0.4em 0;border-radius:4px;color:" + INK + ";line-height:1.45"),
    "box_title": "font-weight:600",
    "box_p": "margin:0.4em 0",
    "box_ul": "margin:0.3em 0;padding-left:1.3em",
    "box_hint": "margin:0.4em 0 0",
    "box_aside": f"font-weight:400;color:{NEUTRAL}",
}


@functools.cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("kpi_analysis.present", "templates"),
                      autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(style=STYLES, tones=TONES, fills=FILLS)
    return env


def _entities(html: str) -> Markup:
    """Quotes as :func:`html.escape` writes them (``&quot;``, ``&#x27;``; markupsafe
    writes ``&#34;``, ``&#39;``), so the kit's HTML reads the same whichever escaped it."""
    return Markup(str(html).replace("&#34;", "&quot;").replace("&#39;", "&#x27;"))


def render(template: str, **context) -> Markup:
    """``templates/<template>`` rendered with ``context`` (autoescaped), stripped of
    the whitespace around it."""
    return _entities(_environment().get_template(template).render(**context).strip())


def macro(template: str, name: str):
    """The macro ``name`` of ``templates/<template>`` as a function returning Markup."""
    function = getattr(_environment().get_template(template).module, name)
    return lambda *args, **kwargs: _entities(function(*args, **kwargs))
