"""A small painted chart: each evaluation's score as a bar, its threshold as a marker.

Readable in grey print: bars differ by hatch pattern (not colour), each bar
carries its status in words, and the threshold is a thick dashed line with
a "T" and its value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

ROW_HEIGHT = 34
LABEL_WIDTH = 170
STATUS_WIDTH = 220

# Hatch per status: dense for "threshold reached" (the one that matters), etc.
PATTERNS = {
    "at_or_above": Qt.BrushStyle.Dense3Pattern,
    "below": Qt.BrushStyle.BDiagPattern,
    "no_threshold": Qt.BrushStyle.CrossPattern,
    "no_evidence": Qt.BrushStyle.NoBrush,
}


@dataclass(frozen=True)
class Bar:
    label: str
    score: float | None
    threshold: float | None
    status: str  # assessment Status value
    status_label: str


class ScoreChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.setAccessibleName("Scores against thresholds chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)
        self.setAccessibleDescription("; ".join(describe(b) for b in self.bars))
        self.setToolTip("\n".join(describe(b) for b in self.bars))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, max(1, len(self.bars)) * ROW_HEIGHT + 24)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        if not self.bars:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No evaluations to chart")
            return
        top = 16
        scale_max = max([1.0] + [v for b in self.bars for v in (b.score, b.threshold)
                                 if v is not None])
        plot_left = LABEL_WIDTH
        plot_width = max(40, self.width() - LABEL_WIDTH - STATUS_WIDTH - 10)
        painter.setPen(QPen(text))
        painter.drawText(QRectF(plot_left, 0, plot_width, 14),
                         Qt.AlignmentFlag.AlignLeft, "0")
        painter.drawText(QRectF(plot_left, 0, plot_width, 14),
                         Qt.AlignmentFlag.AlignRight, f"{scale_max:g}")
        for i, bar in enumerate(self.bars):
            y = top + i * ROW_HEIGHT
            painter.setPen(QPen(text))
            painter.drawText(QRectF(0, y, LABEL_WIDTH - 6, ROW_HEIGHT - 8),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             bar.label)
            frame = QRectF(plot_left, y + 4, plot_width, ROW_HEIGHT - 16)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(frame)
            if bar.score is not None:
                filled = QRectF(frame.left(), frame.top(),
                                plot_width * max(0.0, bar.score) / scale_max, frame.height())
                painter.setBrush(QBrush(QColor(text), PATTERNS.get(bar.status,
                                                                   Qt.BrushStyle.SolidPattern)))
                painter.drawRect(filled)
            if bar.threshold is not None:
                x = frame.left() + plot_width * bar.threshold / scale_max
                painter.setPen(QPen(QColor(text), 3, Qt.PenStyle.DashLine))
                painter.drawLine(int(x), int(frame.top() - 4), int(x), int(frame.bottom() + 4))
                painter.setPen(QPen(text))
                painter.drawText(QRectF(x + 3, frame.bottom() - 2, 80, 14),
                                 Qt.AlignmentFlag.AlignLeft, f"T {bar.threshold:g}")
            painter.drawText(QRectF(plot_left + plot_width + 8, y, STATUS_WIDTH, ROW_HEIGHT - 8),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             _score(bar.score) + " - " + bar.status_label)
        painter.end()


def _score(value: float | None) -> str:
    return "no score" if value is None else f"{value:.3f}"


def describe(bar: Bar) -> str:
    threshold = "no threshold" if bar.threshold is None else f"threshold {bar.threshold:g}"
    return f"{bar.label}: {_score(bar.score)}, {threshold}, {bar.status_label}"
