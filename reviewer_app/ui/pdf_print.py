"""Printing a PDF's pages: each page rendered by QtPdf, painted on white, one per sheet."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

# Pages are rasterised at most at this resolution (a 1200 dpi printer would
# otherwise ask for a 550 MB image per A4 page); the painter scales to the sheet.
MAX_RENDER_DPI = 300


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Print every page of ``document`` on ``printer``; returns the number of pages printed.

    QtPdf renders with a transparent background, so each page is painted on
    white first (otherwise some printers and PDF viewers show grey or black).
    Each page is scaled to fit the printable area, keeping its proportions.
    """
    pages = document.pageCount()
    if pages <= 0:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        dpi = min(printer.resolution(), MAX_RENDER_DPI)
        for index in range(pages):
            if index and not printer.newPage():
                return index
            area = QRectF(painter.viewport())
            size_pt = document.pagePointSize(index)
            if size_pt.isEmpty():
                continue
            scale = min(area.width() / size_pt.width(), area.height() / size_pt.height())
            target = QRectF(area.x(), area.y(), size_pt.width() * scale, size_pt.height() * scale)
            pixels = QSize(max(1, round(size_pt.width() * dpi / 72)),
                           max(1, round(size_pt.height() * dpi / 72)))
            image = document.render(index, pixels)
            sheet = QImage(pixels, QImage.Format.Format_RGB32)
            sheet.fill(Qt.GlobalColor.white)
            on_white = QPainter(sheet)
            on_white.drawImage(0, 0, image)
            on_white.end()
            painter.fillRect(target, Qt.GlobalColor.white)
            painter.drawImage(target, sheet)
        return pages
    finally:
        painter.end()
