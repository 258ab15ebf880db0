"""What a check returns and a demonstration shows: :class:`Feedback` (a green or
amber box) and :class:`Box` (a neutral box), as text and as HTML for a notebook."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pandas as pd

from ..words.store import LABELS, label


_TONES = {  # border, background; the green and grey of kpi_analysis.present.charts
    "pass": ("#1e7d3a", "#e9f5ec"),
    "todo": ("#b54708", "#fff5e6"),
    "info": ("#52606d", "#f0f4f8"),
}
_BOX_STYLE = ("border-left:6px solid {border};background:{background};padding:0.6em 1em;"
              "margin:0.4em 0;border-radius:4px;color:#1f2933;line-height:1.45")


@dataclass(frozen=True)
class Point:
    """One criterion of an answer: its label, whether it holds and why."""

    label: str
    ok: bool
    text: str


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer.

    ``passed`` says whether the answer is right; ``message`` says specifically what is
    right or wrong; ``hint`` is the next step when it is not right (empty otherwise);
    ``points`` are the criteria checked one by one. In a notebook it shows as a green
    box (right) or an amber box with the hint; ``str()`` gives the same as plain text,
    starting with ``"<exercise>: passed"`` or ``"<exercise>: not yet"``.
    """

    exercise: str
    passed: bool
    message: str
    hint: str = ""
    points: tuple[Point, ...] = ()
    lang: str = "en"
    example: bool = False

    @property
    def status(self) -> str:
        return "passed" if self.passed else "not yet"

    def __str__(self) -> str:
        head = f"{self.exercise}: {'example, ' if self.example else ''}{self.status}"
        lines = [f"{head} - {self.message}"]
        lines += [f"  [{'x' if p.ok else ' '}] {p.label}: {p.text}" for p in self.points]
        if self.hint:
            lines.append(f"  {label('training.box.hint', self.lang)}: {self.hint}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        tone = "pass" if self.passed else "todo"
        border, background = _TONES[tone]
        mark = "\u2714" if self.passed else "\u25cb"
        title = label("training.box.pass" if self.passed else "training.box.todo", self.lang)
        if self.example:
            title = f"{label('training.box.example', self.lang)}: {title.lower()}"
        exercise = label(f"training.title.{self.exercise}", self.lang) \
            if f"training.title.{self.exercise}" in LABELS else self.exercise
        items = "".join(
            f"<li><span style='color:{_TONES['pass' if p.ok else 'todo'][0]}'>"
            f"{'&#10004;' if p.ok else '&#10007;'}</span> <b>{escape(p.label)}</b>: "
            f"{escape(p.text)}</li>" for p in self.points)
        points = f"<ul style='margin:0.3em 0;padding-left:1.3em'>{items}</ul>" if items else ""
        hint = (f"<p style='margin:0.4em 0 0'><b>{escape(label('training.box.hint', self.lang))}:</b> "
                f"{escape(self.hint)}</p>") if self.hint else ""
        return (f"<div class='kpi-training kpi-training-{tone}' "
                f"data-exercise='{escape(self.exercise)}' data-status='{self.status}' "
                f"style='{_BOX_STYLE.format(border=border, background=background)}'>"
                f"<div style='font-weight:600'>{mark} {escape(title)} "
                f"<span style='font-weight:400;color:#52606d'>&middot; "
                f"{escape(label('training.box.exercise', self.lang))}: {escape(exercise)}</span></div>"
                f"<p style='margin:0.4em 0'>{escape(self.message)}</p>{points}{hint}</div>")


@dataclass(frozen=True)
class Box:
    """A neutral box for a demonstration: a title, sentences and an optional table."""

    title: str
    paragraphs: tuple[str, ...] = ()
    table: pd.DataFrame | None = None

    def __str__(self) -> str:
        parts = [self.title, *self.paragraphs]
        if self.table is not None:
            parts.append(self.table.to_string())
        return "\n".join(parts)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        border, background = _TONES["info"]
        paragraphs = "".join(f"<p style='margin:0.4em 0'>{escape(p)}</p>"
                             for p in self.paragraphs)
        table = self.table.to_html(escape=True, border=0) if self.table is not None else ""
        return (f"<div class='kpi-training kpi-training-info' "
                f"style='{_BOX_STYLE.format(border=border, background=background)}'>"
                f"<div style='font-weight:600'>{escape(self.title)}</div>"
                f"{paragraphs}{table}</div>")

