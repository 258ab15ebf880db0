"""What a check returns and a demonstration shows: :class:`Feedback` (a green or
amber box) and :class:`Box` (a neutral box), as text and as HTML for a notebook."""
from __future__ import annotations

from dataclasses import dataclass
import pandas as pd

from ..present.html import render
from ..words.store import LABELS, label


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
        title = label("training.box.pass" if self.passed else "training.box.todo", self.lang)
        if self.example:
            title = f"{label('training.box.example', self.lang)}: {title.lower()}"
        exercise = label(f"training.title.{self.exercise}", self.lang) \
            if f"training.title.{self.exercise}" in LABELS else self.exercise
        return render("feedback.html.j2", kind="pass" if self.passed else "todo",
                      tone="good" if self.passed else "todo", exercise=self.exercise,
                      status=self.status, mark="\u2714" if self.passed else "\u25cb",
                      title=title, aside=f"{label('training.box.exercise', self.lang)}: {exercise}",
                      message=self.message, points=self.points, hint=self.hint,
                      hint_label=label("training.box.hint", self.lang))


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
        return render("feedback.html.j2", kind="info", tone="neutral", title=self.title,
                      paragraphs=self.paragraphs, table=self._cells())

    def _cells(self) -> dict | None:
        """The table as one header row (the index's names first: no empty header cell)
        and rows of text whose first ``heads`` cells head their row."""
        if self.table is None:
            return None
        named = any(name is not None for name in self.table.index.names)
        shown = self.table.reset_index() if named else self.table
        return {"columns": [str(c) for c in shown.columns],
                "heads": self.table.index.nlevels if named else 0,
                "rows": shown.astype(str).to_numpy().tolist()}
