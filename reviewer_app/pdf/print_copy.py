"""A print copy of a letter: its pages, with each signature box written out as text.

A signed letter shows its signatures as widget annotations; many renderers
(QtPdf, which the Print button uses, among them) do not draw those, and a
printout made from page images has no text at all. A print copy is a new PDF,
with no signatures and no form: every page of the letter as signed (its own
content streams, so its text and embedded fonts stay), and over it, drawn by
ReportLab in the letter's embedded fonts, the text of each signature box (the
caller's lines: who signed, when, with which certificate, what was verified
when printed) and a footer line on every page.

A print copy is not the signed record; the footer the caller gives says so.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from reviewer_app.errors import RejectedError
from reviewer_app.pdf.fonts import SANS, SANS_BOLD, register_fonts

OVERLAY = "/ReviewerPrintCopy"  # the overlay's XObject name on each page
PAD = 3.0  # points between a box's edge and its text
FOOTER_SIZE = 7.0
FOOTER_Y = 0.16 * 72  # below the letter's own footer and CUI banner lines


@dataclass(frozen=True)
class PlacedBox:
    """A signature box as the letter holds it: field name, 0-based page, rectangle in points."""

    name: str
    page: int
    rect: tuple[float, float, float, float]


def signature_boxes(pdf: bytes) -> list[PlacedBox]:
    """The signature fields' widgets of ``pdf``, page by page (none in a draft)."""
    reader: Any = _reader(pdf)
    out = []
    for index in range(_page_count(reader)):
        page_ref, _resources = reader.find_page_for_modification(index)
        for annot in _annotations(page_ref.get_object()):
            name = _signature_widget_name(annot)
            if name is not None:
                x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
                out.append(PlacedBox(name, index, (min(x1, x2), min(y1, y2),
                                                   max(x1, x2), max(y1, y2))))
    return out


def make_print_copy(pdf: bytes, boxes: Mapping[str, Sequence[str]], footer: str) -> bytes:
    """The print copy of ``pdf``: ``boxes[field]`` written in each signature box (its first
    line in bold; a field not in ``boxes`` is left as drawn), ``footer`` on every page.

    The pages are those of the letter's first revision, which is what the first
    signature covers; later revisions of a letter only add signature fields,
    signatures and signed information entries (if one changed more, the
    verification the box lines report says so). Copying that revision leaves
    the signatures and the form out of the copy.
    """
    reader = _reader(pdf)
    placed = signature_boxes(pdf)
    try:
        writer: Any = copy_into_new_writer(reader.get_historical_resolver(0))
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise RejectedError("PDF_INVALID", f"the letter cannot be copied for printing: {exc}") \
            from exc
    sizes = [_page_size(writer, i) for i in range(_page_count(writer))]
    overlay = PdfFileReader(io.BytesIO(_overlay(sizes, placed, boxes, footer)), strict=False)
    for index, form in enumerate(_overlay_forms(writer, overlay, sizes)):
        stream = writer.add_object(generic.StreamObject(
            stream_data=f"q {OVERLAY} Do Q".encode("ascii")))
        resources = generic.DictionaryObject({  # type: ignore[no-untyped-call]
            generic.NameObject("/XObject"): generic.DictionaryObject(  # type: ignore[no-untyped-call]
                {generic.NameObject(OVERLAY): form})})
        writer.add_stream_to_page(index, stream, resources=resources)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _overlay_forms(writer: Any, overlay: PdfFileReader,
                   sizes: list[tuple[float, float]]) -> list[generic.IndirectObject]:
    """The overlay's pages as form XObjects of ``writer`` (their own resources, so that
    their font names cannot clash with the page's), imported in one go so that every
    page shares one copy of each overlay font."""
    tree = writer.import_object(overlay.root.raw_get("/Pages")).get_object()
    forms = []
    for kid, (width, height) in zip(tree["/Kids"], sizes, strict=True):
        page = kid.get_object()
        form_ref = page.raw_get("/Contents")  # one stream: ReportLab's canvas writes one
        form = form_ref.get_object()
        form[generic.NameObject("/Type")] = generic.NameObject("/XObject")
        form[generic.NameObject("/Subtype")] = generic.NameObject("/Form")
        corners = (0.0, 0.0, width, height)
        form[generic.NameObject("/BBox")] = generic.ArrayObject(
            generic.FloatObject(v) for v in corners)  # type: ignore[no-untyped-call]
        form[generic.NameObject("/Resources")] = page["/Resources"]
        forms.append(form_ref)
    return forms


def _reader(pdf: bytes) -> PdfFileReader:
    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError) as exc:
        raise RejectedError("PDF_INVALID", f"not a readable PDF: {exc}") from exc


def _page_count(handler: Any) -> int:
    return int(handler.root["/Pages"]["/Count"])


def _page_size(handler: Any, index: int) -> tuple[float, float]:
    page_ref, _resources = handler.find_page_for_modification(index)
    node = page_ref.get_object()
    while node is not None and "/MediaBox" not in node:
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    x1, y1, x2, y2 = (float(v) for v in node["/MediaBox"]) if node is not None else (0, 0, 612, 792)
    return abs(x2 - x1), abs(y2 - y1)


def _annotations(page: Any) -> list[Any]:
    annots = page.get("/Annots")
    if annots is None:
        return []
    return [a.get_object() for a in annots.get_object()]


def _signature_widget_name(annot: Any) -> str | None:
    """The field name of a signature widget (the field and widget merged, or a kid)."""
    if annot.get("/Subtype") != "/Widget":
        return None
    field = annot
    if "/FT" not in field and "/Parent" in field:
        field = field["/Parent"].get_object()
    if field.get("/FT") != "/Sig":
        return None
    return str(field.get("/T", annot.get("/T", "")))


def _overlay(sizes: list[tuple[float, float]], placed: list[PlacedBox],
             boxes: Mapping[str, Sequence[str]], footer: str) -> bytes:
    """One overlay page per letter page: the box texts and the footer, in embedded fonts."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName=SANS, invariant=False)
    for index, (width, height) in enumerate(sizes):
        canvas.setPageSize((width, height))
        for box in placed:
            if box.page == index and box.name in boxes:
                _box_text(canvas, box.rect, list(boxes[box.name]))
        if footer:
            size = _fitting(footer, SANS, FOOTER_SIZE, width - 72)
            canvas.setFont(SANS, size)
            canvas.drawCentredString(width / 2, FOOTER_Y, footer)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _box_text(canvas: Canvas, rect: tuple[float, float, float, float], lines: list[str]) -> None:
    """``lines`` inside ``rect``: on white (over the box's own drawing), top down, each line
    made smaller where it would run past the box's right edge."""
    if not lines:
        return
    x1, y1, x2, y2 = rect
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x1 + 0.5, y1 + 0.5, x2 - x1 - 1, y2 - y1 - 1, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    leading = min(9.0, (y2 - y1 - 2 * PAD) / len(lines))
    y = y2 - PAD - leading * 0.8
    for number, line in enumerate(lines):
        font = SANS_BOLD if number == 0 else SANS
        size = _fitting(line, font, leading * (0.85 if number == 0 else 0.78), x2 - x1 - 2 * PAD)
        canvas.setFont(font, size)
        canvas.drawString(x1 + PAD, y, line)
        y -= leading
    canvas.restoreState()


def _fitting(text: str, font: str, size: float, width: float) -> float:
    """``size``, or smaller so that ``text`` fits ``width``."""
    needed = stringWidth(text, font, size)
    return size if needed <= width else size * width / needed


__all__ = ["PlacedBox", "make_print_copy", "signature_boxes"]
