"""Geometry of the dashboard's horizontal bar charts, drawn as inline SVG by `chart.svg.j2`.

Only positions and sizes live here; what a segment stands for (a status and its colour) is the
caller's `key`, so the layout knows nothing about documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .labels import ENGLISH_LABELS, Labels

Key = TypeVar("Key")

WIDTH = 720
"""The `viewBox` width; the SVG scales to the content column."""
ROW_HEIGHT = 30
BAR_HEIGHT = 18
LEGEND_HEIGHT = 30
CHAR_WIDTH = 7.2
"""Approximate width of one character at the chart's font size, to lay out labels."""
MAX_LABEL_CHARS = 26
"""Longer labels are shortened with an ellipsis; the full text stays in a tooltip."""


@dataclass(frozen=True, slots=True)
class Segment(Generic[Key]):
    key: Key
    count: int
    x: float
    width: float


@dataclass(frozen=True, slots=True)
class Row(Generic[Key]):
    label: str
    short_label: str
    y: float
    segments: list[Segment[Key]]
    total: int
    total_x: float
    """Where the row's total is written: just after its last segment."""


@dataclass(frozen=True, slots=True)
class BarChart(Generic[Key]):
    rows: list[Row[Key]]
    legend: list[tuple[Key, str, float]]
    """(key, label, x) of each legend entry, in one line above the bars."""
    bar_x: float
    height: float
    width: int = WIDTH
    bar_end: int = WIDTH - 40
    row_height: int = ROW_HEIGHT
    bar_height: int = BAR_HEIGHT
    labels: Labels = ENGLISH_LABELS

    @property
    def summary(self) -> str:
        """The chart as text, for screen readers: `Draft: 1; Review: 2`."""
        return self.labels["values_separator"].join(
            self.labels.text("label_value", label=row.label, value=row.total) for row in self.rows
        )


def label_room(labels: Sequence[str]) -> int:
    """Characters of label column needed by `labels`, so several charts can share one."""
    return min(MAX_LABEL_CHARS, max((len(label) for label in labels), default=0))


def lay_out(
    rows: Sequence[tuple[str, Sequence[tuple[Key, int]]]],
    legend: Sequence[tuple[Key, str]],
    label_chars: int,
    labels: Labels = ENGLISH_LABELS,
) -> BarChart[Key]:
    """One row per label, one segment per non-zero count, all rows on one scale; `labels` say
    it in words."""
    bar_x = round(label_chars * CHAR_WIDTH) + 12
    top = LEGEND_HEIGHT if legend else 4
    largest = max((sum(count for _, count in parts) for _, parts in rows), default=0)
    scale = (WIDTH - 40 - bar_x) / largest if largest else 0
    drawn = []
    for index, (label, parts) in enumerate(rows):
        x: float = bar_x
        segments = []
        for key, count in parts:
            if count:
                width = round(count * scale, 1)
                segments.append(Segment(key, count, round(x, 1), width))
                x += width
        total = sum(count for _, count in parts)
        y = top + index * ROW_HEIGHT
        drawn.append(Row(label, _shorten(label), y, segments, total, round(x + 6, 1)))
    entries = []
    legend_x: float = bar_x
    for key, label in legend:
        entries.append((key, label, legend_x))
        legend_x += 28 + round(len(label) * CHAR_WIDTH * 1.1)
    return BarChart(drawn, entries, bar_x, top + len(drawn) * ROW_HEIGHT, labels=labels)


def _shorten(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"
