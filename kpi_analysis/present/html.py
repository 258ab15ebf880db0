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

In JupyterLab a section is a :class:`Shown`: its ``_repr_html_`` wraps the HTML in
``<div class="kpi-lab">`` with the report's stylesheet scoped to that class
(:func:`lab_css`, read once from ``report.css``, the one source), so tiles and badges
look as in the exported report. The export drops that wrapper again (:func:`unwrap`):
the page carries the stylesheet once, in its head.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from ..kit import NBCONVERT_TEMPLATES
from ..vocab import BAD, GOOD, INK, NEUTRAL, SHADE

__all__ = ["render", "macro", "page", "Markup", "TONES", "FILLS", "STYLES", "Shown", "lab_css",
           "unwrap"]

#: tone -> colour: green = good, red = needs attention, grey = not judged; amber = to do
TONES = {"good": GOOD, "bad": BAD, "neutral": NEUTRAL, "todo": "#b54708"}
#: light backgrounds of the tones (feedback boxes)
FILLS = {"good": "#e9f5ec", "todo": "#fff5e6", "neutral": "#f0f4f8"}
#: inline styles of the fragments that travel without the report's stylesheet
STYLES = {
    "font": f"font-family:Arial,Helvetica,sans-serif;color:{INK};line-height:1.45",
    "h1": "font-size:24px;margin:0 0 12px 0",
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


def page(fragment: str, *, lang: str, title: str, heading: str) -> str:
    """``fragment`` (the kit's own HTML) as a whole page that stands alone: ``lang`` on
    ``<html>``, ``title`` in the head, one ``<main>`` under the ``<h1>`` ``heading``;
    ``title`` and ``heading`` are escaped."""
    return str(render("page.html.j2", fragment=Markup(fragment), lang=lang, title=title,
                      heading=heading)) + "\n"


#: the report's one stylesheet (the nbconvert template inlines it in the page's head)
REPORT_CSS = NBCONVERT_TEMPLATES / "kpi" / "static" / "report.css"
#: the class that scopes the report's styles to a section shown in JupyterLab
LAB_CLASS = "kpi-lab"
#: the page frame of the exported report (html, body, JupyterLab's own classes): not
#: for a cell's output
_PAGE = re.compile(r"^(html|body|main)\b|\.jp-")


def _scoped(selectors: str) -> str:
    """``selectors`` (comma-separated) inside ``.kpi-lab``; ``:root`` (the colour
    variables) becomes the wrapper itself; the page frame's selectors are left out."""
    kept = []
    for selector in (s.strip() for s in selectors.split(",")):
        if selector == ":root":
            kept.append(f".{LAB_CLASS}")
        elif not _PAGE.search(selector):
            kept.append(f".{LAB_CLASS} {selector}")
    return ", ".join(kept)


@functools.cache
def lab_css() -> str:
    """The report's stylesheet scoped to ``.kpi-lab``: every rule of ``report.css`` but
    the page frame and the at-rules (printing), read once."""
    text = re.sub(r"/\*.*?\*/", "", REPORT_CSS.read_text(encoding="utf-8"), flags=re.S)
    rules, depth, start, head = [], 0, 0, ""
    for i, char in enumerate(text):
        if char == "{":
            if depth == 0:
                head, start = text[start:i].strip(), i
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                selectors = "" if head.startswith("@") else _scoped(head)
                if selectors:
                    rules.append(selectors + " " + " ".join(text[start:i + 1].split()))
                start = i + 1
    return "\n".join(rules)


def _lab_open() -> str:
    return f'<div class="{LAB_CLASS}"><style>{lab_css()}</style>'


@dataclass(frozen=True)
class Shown:
    """HTML the kit shows in a notebook; JupyterLab renders it with the report's look."""

    html: str

    def _repr_html_(self) -> str:
        return f"{_lab_open()}{self.html}</div>"

    def __repr__(self) -> str:  # the plain-text fallback: no HTML source in a console
        return f"<kpi-kit output, {len(self.html)} characters of HTML>"


def unwrap(html: str) -> str:
    """A notebook output's HTML without the JupyterLab wrapper of :class:`Shown`
    (the exported page has the stylesheet in its head); other HTML unchanged."""
    opening = _lab_open()
    if html.startswith(opening) and html.endswith("</div>"):
        return html[len(opening):-len("</div>")]
    return html
