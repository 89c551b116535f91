"""Printing a PDF: to a PDF file as it is, to paper page by page through QtPdf.

Print to a PDF file (the print dialog's "Print to File (PDF)", a QPrinter
with PdfFormat output) writes the PDF it is given, so the file keeps its text
and embedded fonts; painting pages through QPainter could only give images.
On paper each page is rendered by QtPdf, painted on white, one per sheet.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from reviewer_app.formats.private_files import write_private

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


def ask_printer(parent: QWidget | None, doc_name: str) -> QPrinter | None:
    """The print dialog; the printer as the user set it up, or None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(doc_name)
    dialog = QPrintDialog(printer, parent)
    dialog.setAccessibleName("Print letter")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def print_bytes(pdf: bytes, printer: QPrinter) -> int:
    """Print ``pdf`` on ``printer``; returns the number of pages printed.

    To a PDF file: the file is ``pdf`` itself, owner-only like every letter
    (OSError when it cannot be written). The dialog's page range and copies
    apply on paper only.
    """
    document, buffer = QPdfDocument(), QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        write_private(Path(printer.outputFileName()), pdf)
        return document.pageCount()
    return print_pdf(document, printer)
