"""The review clock drawn as a bar: the window from receipt to its last day, today's
place in it, and the proposed public release against the window's end.

Shapes and words, never colour alone: the part of the window used is filled
solid, a release before the window ends hatches the days it cuts off, and the
markers carry letters ("Today", "End", "Release"). The same facts are the
widget's accessible name and tooltip, and the Summary page prints them too.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from reviewer_app.domain.timeline import ReviewClock


def clock_text(clock: ReviewClock, received: date) -> str:
    """The bar's facts in words: days left of the window, and the release against it."""
    total = max((clock.window_end - received).days, 1)
    end = clock.window_end.isoformat()
    if clock.days_left < 0:
        text = f"{clock.label}: the window ended {end}"
    elif clock.days_left == 0:
        text = f"due today: {end} is the window's last day"
    else:
        text = f"{clock.days_left} of {total} days left (the window's last day is {end})"
    text = text[:1].upper() + text[1:]
    release = clock.release
    if release is None:
        return f"{text}. Proposed public release: not stated."
    if clock.release_before_window_end:
        early = (clock.window_end - release).days
        return (f"{text}. Proposed public release {release.isoformat()}: {early} day"
                f"{'s' if early != 1 else ''} before the window ends (the review is cut short).")
    return (f"{text}. Proposed public release {release.isoformat()}: on or after the "
            "window's end.")


class ClockBar(QWidget):
    """A small painted bar of the review window (see the module note)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock: ReviewClock | None = None
        self.received: date | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Review clock")

    def set_clock(self, clock: ReviewClock, received: date) -> None:
        self.clock, self.received = clock, received
        text = clock_text(clock, received)
        self.setAccessibleName(f"Review clock: {text}")
        self.setToolTip(text)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 3 * self.fontMetrics().height() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        clock, received = self.clock, self.received
        if clock is None or received is None:
            return
        metrics = self.fontMetrics()
        line = metrics.height()
        last = max(clock.window_end, clock.today, clock.release or clock.window_end)
        span = max((last - received).days, 1)
        left, right = 4.0, float(self.width() - 4)

        def x(day: date) -> float:
            share = min(max((day - received).days / span, 0.0), 1.0)
            return left + share * (right - left)

        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.WindowText)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QRectF(left, line + 2, right - left, line)
        window = QRectF(bar.left(), bar.top(), x(clock.window_end) - left, bar.height())
        painter.setPen(QPen(ink, 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRect(window)
        used = QRectF(window.left(), window.top(),
                      min(x(clock.today), window.right()) - left, window.height())
        painter.fillRect(used, palette.color(QPalette.ColorRole.Highlight))
        if clock.days_left < 0:  # overdue: the days past the end, cross-hatched
            painter.fillRect(QRectF(window.right(), bar.top(), x(clock.today) - window.right(),
                                    bar.height()), QBrush(ink, Qt.BrushStyle.DiagCrossPattern))
        if clock.release is not None and clock.release_before_window_end:
            cut = QRectF(x(clock.release), bar.top(), window.right() - x(clock.release),
                         bar.height())
            painter.fillRect(cut, QBrush(ink, Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(ink, 1))
        self._marker(painter, x(clock.today), bar, "Today", above=True, side=0)
        self._marker(painter, x(clock.window_end), bar, "End", above=False, side=-1)
        if clock.release is not None:  # kept clear of "End": on its far side, or above
            early = clock.release < clock.window_end
            self._marker(painter, x(clock.release), bar, "Release", above=early,
                         side=-1 if early else 1)
        painter.end()

    def _marker(self, painter: QPainter, at: float, bar: QRectF, word: str, *, above: bool,
                side: int) -> None:
        """A tick through the bar with a triangle and its word above or below it, ending
        at the tick (side -1), centred on it (0) or starting from it (1)."""
        painter.drawLine(QPointF(at, bar.top() - 2), QPointF(at, bar.bottom() + 2))
        tip = bar.top() - 2 if above else bar.bottom() + 2
        size = 4.0 if above else -4.0
        painter.setBrush(painter.pen().color())
        painter.drawPolygon(QPolygonF([QPointF(at, tip), QPointF(at - 4, tip - size),
                                       QPointF(at + 4, tip - size)]))
        width = self.fontMetrics().horizontalAdvance(word)
        start = {-1: at - width - 2, 0: at - width / 2, 1: at + 2}[side]
        start = min(max(start, 0.0), self.width() - width - 1.0)
        base = (bar.top() - 6 if above else bar.bottom() + 6 + self.fontMetrics().ascent())
        painter.drawText(QPointF(start, base), word)
