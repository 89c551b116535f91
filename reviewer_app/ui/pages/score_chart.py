"""A small painted chart: each evaluation's score as a bar, its threshold as a marker.

Readable in grey print: bars differ by hatch pattern (not colour), each bar
carries its status in words (and, when the declared score lies on the other
side of the threshold, says so), and the threshold is a thick dashed line
with a "T" and its value.

Every text is laid out from the font's metrics (``text_boxes``), so a label
is never cut at the widget's edge whatever the font size: the label column is
as wide as the longest label allows, a long label wraps onto a second line,
and one that still does not fit is shortened with an ellipsis (the whole
text is in the tooltip and the accessible description).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PAD = 6
LABEL_SHARE = 0.35  # of the width, at most, for the label column
STATUS_SHARE = 0.30
MIN_PLOT = 120
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
WRAP = Qt.TextFlag.TextWordWrap

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
    note: str = ""  # a second line beside the bar, e.g. the declared score crossing


@dataclass(frozen=True)
class TextBox:
    rect: QRectF
    flags: int
    text: str


@dataclass(frozen=True)
class RowLayout:
    label: TextBox
    frame: QRectF  # the bar's frame
    status: TextBox


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

    # --- geometry, from the font ----------------------------------------------------
    def row_height(self) -> int:
        return max(34, 2 * self.fontMetrics().lineSpacing() + 8)

    def _top(self) -> int:
        return self.fontMetrics().lineSpacing() + 4  # the scale's "0 ... max" line

    def _label_width(self, width: int) -> int:
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(b.label) for b in self.bars), default=0) + PAD
        return min(widest, max(80, int(width * LABEL_SHARE)))

    def _status_width(self, width: int) -> int:
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(line) for b in self.bars
                      for line in status_text(b).split("\n")), default=0) + PAD
        return min(widest, max(80, int(width * STATUS_SHARE)))

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        labels = max((fm.horizontalAdvance(b.label) for b in self.bars), default=0)
        statuses = max((fm.horizontalAdvance(line) for b in self.bars
                        for line in status_text(b).split("\n")), default=0)
        width = max(640, labels + statuses + 3 * PAD + 2 * MIN_PLOT)
        return QSize(width, self._top() + max(1, len(self.bars)) * self.row_height() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, self.sizeHint().height())

    def layout_rows(self, width: int | None = None) -> list[RowLayout]:
        """Where each bar's label, frame and status go at ``width`` (default: now)."""
        width = self.width() if width is None else width
        fm = self.fontMetrics()
        row_h = self.row_height()
        label_w, status_w = self._label_width(width), self._status_width(width)
        plot_left = label_w + PAD
        plot_w = max(40, width - plot_left - status_w - 2 * PAD)
        rows = []
        for i, bar in enumerate(self.bars):
            y = self._top() + i * row_h
            label_rect = QRectF(0, y, label_w, row_h - 4)
            status_rect = QRectF(plot_left + plot_w + PAD, y, status_w, row_h - 4)
            frame = QRectF(plot_left, y + 4, plot_w, row_h - fm.lineSpacing() - 8)
            rows.append(RowLayout(
                TextBox(label_rect, int(RIGHT | WRAP), fit(fm, bar.label, label_rect)),
                frame,
                TextBox(status_rect, int(LEFT), fit_lines(fm, status_text(bar), status_rect))))
        return rows

    def text_boxes(self, width: int | None = None) -> list[TextBox]:
        return [box for row in self.layout_rows(width) for box in (row.label, row.status)]

    # --- painting -------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        painter.setPen(QPen(text))
        if not self.bars:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No evaluations to chart")
            return
        scale_max = max([1.0] + [v for b in self.bars for v in (b.score, b.threshold)
                                 if v is not None])
        rows = self.layout_rows()
        plot = rows[0].frame
        scale = QRectF(plot.left(), 0, plot.width(), self._top())
        painter.drawText(scale, Qt.AlignmentFlag.AlignLeft, "0")
        painter.drawText(scale, Qt.AlignmentFlag.AlignRight, f"{scale_max:g}")
        fm = self.fontMetrics()
        for bar, row in zip(self.bars, rows, strict=True):
            painter.setPen(QPen(text))
            for box in (row.label, row.status):
                painter.drawText(box.rect, box.flags, box.text)
            frame = row.frame
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(frame)
            if bar.score is not None:
                filled = QRectF(frame.left(), frame.top(),
                                frame.width() * max(0.0, bar.score) / scale_max, frame.height())
                painter.setBrush(QBrush(QColor(text), PATTERNS.get(bar.status,
                                                                   Qt.BrushStyle.SolidPattern)))
                painter.drawRect(filled)
            if bar.threshold is not None:
                x = frame.left() + frame.width() * bar.threshold / scale_max
                painter.setPen(QPen(QColor(text), 3, Qt.PenStyle.DashLine))
                painter.drawLine(int(x), int(frame.top() - 4), int(x), int(frame.bottom() + 4))
                painter.setPen(QPen(text))
                mark = f"T {bar.threshold:g}"
                mark_w = fm.horizontalAdvance(mark) + 2
                left = x + 3 if x + 3 + mark_w <= frame.right() else x - 3 - mark_w
                painter.drawText(QRectF(left, frame.bottom() + 2, mark_w, fm.lineSpacing()),
                                 Qt.AlignmentFlag.AlignLeft, mark)
        painter.end()


def fit(fm: QFontMetrics, text: str, rect: QRectF) -> str:
    """``text`` if it fits ``rect`` wrapped at word breaks; else shortened with "…"."""
    box = rect.toRect()
    if _fits(fm, text, box, int(WRAP)):
        return text
    return fm.elidedText(text, Qt.TextElideMode.ElideMiddle, box.width())


def fit_lines(fm: QFontMetrics, text: str, rect: QRectF) -> str:
    """Each line of ``text`` shortened with "…" to the width of ``rect``."""
    width = rect.toRect().width()
    return "\n".join(fm.elidedText(line, Qt.TextElideMode.ElideRight, width)
                     for line in text.split("\n"))


def _fits(fm: QFontMetrics, text: str, box: QRect, flags: int) -> bool:
    needed = fm.boundingRect(QRect(0, 0, box.width(), 100 * box.height() + 100), flags, text)
    return needed.width() <= box.width() and needed.height() <= box.height()


def _score(value: float | None) -> str:
    return "no score" if value is None else f"{value:.3f}"


def status_text(bar: Bar) -> str:
    return f"{_score(bar.score)} - {bar.status_label}" + (f"\n{bar.note}" if bar.note else "")


def describe(bar: Bar) -> str:
    threshold = "no threshold" if bar.threshold is None else f"threshold {bar.threshold:g}"
    note = f"; {bar.note}" if bar.note else ""
    return f"{bar.label}: {_score(bar.score)}, {threshold}, {bar.status_label}{note}"
