"""What changed since the last review, in words: one sentence per change listed by
:func:`kpi_analysis.analysis.since.compare_results` (texts ``since.*`` in the words
store)::

    >>> flip = {"kind": "verdict_flipped", "kpi": "days", "old": "no detectable change",
    ...         "new": "improved"}
    >>> since_sentences([flip], {"days": "Days to paid"}, "en")
    ["The verdict on 'Days to paid' changed from 'no detectable change' to 'improved'."]
    >>> since_sentences([], {}, "nl")
    ['Niets veranderd sinds het vorige rapport: dezelfde oordelen, doelen, ROI en gegevens.']
"""
from __future__ import annotations

from .numbers import fmt_date, fmt_pct
from .store import label

#: revised periods named per KPI before '... and N more'
MAX_PERIODS = 4


def _range(low: str, high: str, lang: str) -> str:
    return label("range.between", lang, low=low, high=high)


def _periods(changes: list[dict], lang: str) -> str:
    spans = [label("since.period", lang, start=fmt_date(c["start"], lang),
                   end=fmt_date(c["end"], lang)) for c in changes]
    shown = ", ".join(spans[:MAX_PERIODS])
    if len(spans) <= MAX_PERIODS:
        return shown
    return label("since.more", lang, shown=shown, count=len(spans) - MAX_PERIODS)


def change_sentence(change: dict, names: dict[str, str], lang: str) -> str:
    """One change (``{"kind", "kpi", "old", "new"}``) as a sentence; ``names`` maps KPI
    ids to names (an added or removed KPI is named from the change)."""
    kind, kpi = change["kind"], change["kpi"]
    name = names.get(kpi) or change["new"] or change["old"] or kpi
    if kind == "verdict_flipped":
        return label("since.verdict_flipped", lang, kpi=name,
                     old=label(f"verdict.{change['old']}", lang),
                     new=label(f"verdict.{change['new']}", lang))
    if kind == "roi_interval_moved":
        old, new = ([fmt_pct(x, lang) for x in pair] for pair in (change["old"], change["new"]))
        return label("since.roi_interval_moved", lang, old=_range(*old, lang),
                     new=_range(*new, lang))
    if kind == "data_revised":
        return label("since.data_revised", lang, kpi=name, periods=_periods([change], lang))
    if kind == "revisions_unchecked" and kpi is not None:
        return label("since.revisions_unchecked_kpi", lang, kpi=name)
    if kind == "revisions_unchecked":
        return label("since.revisions_unchecked", lang)
    return label(f"since.{kind}", lang, kpi=name)


def since_sentences(changes: list[dict], names: dict[str, str], lang: str) -> list[str]:
    """The block's sentences: one per change, the revised periods of one KPI in one
    sentence; one line saying nothing changed when ``changes`` is empty."""
    if not changes:
        return [label("since.none", lang)]
    out, revised = [], {}
    for change in changes:
        if change["kind"] == "data_revised":
            revised.setdefault(change["kpi"], []).append(change)
        else:
            out.append(change_sentence(change, names, lang))
    at = next((i for i, c in enumerate(changes) if c["kind"] == "data_revised"), len(out))
    out[at:at] = [label("since.data_revised", lang, kpi=names.get(kpi, kpi),
                        periods=_periods(group, lang)) for kpi, group in revised.items()]
    return out
