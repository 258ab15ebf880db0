"""The "since the last review" block: under the summary, above the five steps, each
change since the previous report in one sentence (:mod:`kpi_analysis.words.since`),
or one line saying nothing changed. A report rendered without a previous results.json
(``since`` is None) shows no block. Every audience sees it, like the summary.
"""
from __future__ import annotations

from IPython.display import display

from ..words.since import since_sentences
from ..words.store import label
from .context import contextual
from .html import Shown, render

__all__ = ["since"]


@contextual()
def since(plan, lang: str, since=None) -> None:
    """Show the changes since the previous report (``ka.since_previous``: a list of
    ``{"kind", "kpi", "old", "new"}``); nothing when ``since`` is None."""
    if since is None:
        return
    names = {k.id: k.name for k in plan.kpis}
    sentences = since_sentences(since, names, lang)
    parts = ({"paragraphs": [label("since.intro", lang)], "items": sentences}
             if since else {"paragraphs": sentences})   # nothing changed: one line
    display(Shown(render("section.html.j2", heading=label("since.title", lang),
                         list_class="kpi-since", p_class="kpi-since", **parts)))
