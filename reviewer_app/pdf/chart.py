"""The annex chart: each benchmark's score as a share of its threshold.

Scores come on different scales (0-1 accuracy, 0-100 solve rates), so every bar
is the score divided by its own threshold and the threshold is one dashed line
at 100 %. The chart must read on a grey-scale printout: a bar at or over its
threshold is hatched and outlined, one under it is plain light grey, and every
bar carries its numbers, so no meaning rests on colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Path, Rect, String
from reportlab.lib import colors

from reviewer_app.domain.determination import EvidenceRow
from reviewer_app.pdf.fonts import SANS

ROW_HEIGHT = 16.0
ROWS_PER_CHART = 28  # a chart taller than a page could not be split by the layout
MAX_SHARE = 2.0  # bars are drawn up to 200 % of the threshold, longer ones are cut and marked
LABEL_WIDTH = 150.0
VALUE_WIDTH = 120.0
LIGHT = colors.Color(0.82, 0.82, 0.82)
DARK = colors.Color(0.15, 0.15, 0.15)


def score_charts(rows: Sequence[EvidenceRow], width: float) -> list[Drawing]:
    """One drawing per block of rows, so a long evidence list flows over pages."""
    charted = list(rows)
    return [
        _chart(charted[i : i + ROWS_PER_CHART], width, legend=i + ROWS_PER_CHART >= len(charted))
        for i in range(0, len(charted), ROWS_PER_CHART)
    ]


def _share(row: EvidenceRow) -> float | None:
    if row.score is None or not row.threshold:
        return None
    return row.score / row.threshold


def _chart(rows: list[EvidenceRow], width: float, *, legend: bool) -> Drawing:
    legend_height = 30.0 if legend else 0.0
    axis_height = 14.0
    height = len(rows) * ROW_HEIGHT + axis_height + legend_height + 4
    drawing = Drawing(width, height)
    drawing.initialFontName = SANS  # the renderer's default, Helvetica, is never embedded
    x0 = LABEL_WIDTH
    plot_width = width - LABEL_WIDTH - VALUE_WIDTH
    top = height - 2

    def x_at(share: float) -> float:
        return x0 + plot_width * min(share, MAX_SHARE) / MAX_SHARE

    for index, row in enumerate(rows):
        y = top - (index + 1) * ROW_HEIGHT
        drawing.add(String(x0 - 4, y + 4, _clip(row.benchmark, 30), fontName=SANS,
                           fontSize=7.5, textAnchor="end"))
        share = _share(row)
        if share is None:
            drawing.add(String(x0 + 2, y + 4, "no threshold or no score", fontName=SANS,
                               fontSize=7, fillColor=DARK))
        else:
            _bar(drawing, x0, y + 3, max(x_at(share) - x0, 0.5), ROW_HEIGHT - 6, share >= 1.0)
            if share > MAX_SHARE:
                drawing.add(String(x_at(MAX_SHARE) + 2, y + 4, ">>", fontName=SANS, fontSize=7))
        drawing.add(String(width - VALUE_WIDTH + 6, y + 4, _value_text(row, share),
                           fontName=SANS, fontSize=7))
    # The threshold: one dashed line at 100 %, labelled in words.
    bottom = top - len(rows) * ROW_HEIGHT
    threshold_x = x_at(1.0)
    drawing.add(Line(threshold_x, bottom, threshold_x, top, strokeColor=DARK,
                     strokeWidth=1, strokeDashArray=[3, 2]))
    for share in (0.0, 0.5, 1.0, 1.5, 2.0):
        x = x_at(share)
        drawing.add(Line(x, bottom, x, bottom - 3, strokeColor=DARK, strokeWidth=0.5))
        drawing.add(String(x, bottom - 11, f"{share:.0%}", fontName=SANS, fontSize=6.5,
                           textAnchor="middle"))
    drawing.add(Line(x0, bottom, x0 + plot_width, bottom, strokeColor=DARK, strokeWidth=0.5))
    if legend:
        _legend(drawing, x0, bottom - axis_height - 14)
    return drawing


def _bar(drawing: Drawing, x: float, y: float, w: float, h: float, over: bool) -> None:
    if not over:
        drawing.add(Rect(x, y, w, h, fillColor=LIGHT, strokeColor=colors.Color(0.55, 0.55, 0.55),
                         strokeWidth=0.4))
        return
    drawing.add(Rect(x, y, w, h, fillColor=colors.white, strokeColor=DARK, strokeWidth=1))
    _hatch(drawing, x, y, w, h)


def _hatch(drawing: Drawing, x: float, y: float, w: float, h: float, step: float = 4.0) -> None:
    """45-degree lines clipped to the rectangle (ReportLab shapes have no pattern fill).

    One Path for all the lines: a shape per line costs more than the rest of the chart.
    """
    path = Path(strokeColor=DARK, strokeWidth=0.6, fillColor=None)
    offset = -h
    while offset < w:
        # The line x = x + offset + t, y = y + t for t in [0, h], clipped to [x, x + w].
        t_start = max(0.0, -offset)
        t_end = min(h, w - offset)
        if t_end > t_start:
            path.moveTo(x + offset + t_start, y + t_start)
            path.lineTo(x + offset + t_end, y + t_end)
        offset += step
    drawing.add(path)


def _legend(drawing: Drawing, x: float, y: float) -> None:
    _bar(drawing, x, y, 18, 8, False)
    drawing.add(String(x + 22, y + 1, "under threshold", fontName=SANS, fontSize=7))
    _bar(drawing, x + 95, y, 18, 8, True)
    drawing.add(String(x + 117, y + 1, "at or over threshold", fontName=SANS, fontSize=7))
    drawing.add(Line(x + 210, y - 1, x + 210, y + 9, strokeColor=DARK, strokeDashArray=[3, 2]))
    drawing.add(String(x + 214, y + 1, "threshold (100 %)", fontName=SANS, fontSize=7))
    drawing.add(String(x, y - 11, "Bar length: score as a share of its own threshold.",
                       fontName=SANS, fontSize=7))


def _value_text(row: EvidenceRow, share: float | None) -> str:
    score = "-" if row.score is None else f"{row.score:g}"
    threshold = "-" if row.threshold is None else f"{row.threshold:g}"
    text = f"{score} / {threshold}"
    if share is not None:
        text += f" ({share:.0%})"
    return text


def _clip(text: str, limit: int) -> str:
    # The full name is in the evidence table above; the chart label only identifies the row.
    return text if len(text) <= limit else text[: limit - 1] + "…"
