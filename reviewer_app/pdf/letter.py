"""Render a determination letter (``LetterContent``) to PDF bytes with ReportLab.

Page 1 carries the CUI designation indicator block in its lower right corner,
so its text frame stops above that block; later pages use the full height.
The signature boxes' positions are returned so that the signing step can put
its visible signature fields exactly there.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from reviewer_app.domain.determination import CuiMarking, LetterContent
from reviewer_app.pdf import letter_parts as parts
from reviewer_app.pdf.fonts import SANS, register_fonts
from reviewer_app.pdf.page import (
    BANNER_SPACE,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PageDecor,
    numbered_canvas,
)

FOOTER_SPACE = 0.75 * 72  # the page number line sits in here
BLOCK_WIDTH = 3.1 * 72


@dataclass(frozen=True)
class FieldBox:
    """Where a signature field goes: 0-based page and (x1, y1, x2, y2) in points."""

    name: str
    page: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class RenderedLetter:
    pdf: bytes
    fields: tuple[FieldBox, ...]


def render_letter(content: LetterContent) -> RenderedLetter:
    """Lay out the whole letter; long content flows onto further pages."""
    register_fonts()
    st = parts.styles()
    buffer = io.BytesIO()
    width = PAGE_WIDTH - 2 * MARGIN
    block = _designation_block(content.cui, st) if content.cui else None
    block_height = block.wrap(BLOCK_WIDTH, PAGE_HEIGHT)[1] + 12 if block else 0.0
    decor = PageDecor(banner=content.cui.banner if content.cui else None, demo=content.demo,
                      reference=content.reference)

    def first_page(canvas: Canvas, doc: object) -> None:
        decor.begin_page(canvas, doc)
        if block is not None:
            block.drawOn(canvas, PAGE_WIDTH - MARGIN - BLOCK_WIDTH, MARGIN + 4)

    top = PAGE_HEIGHT - MARGIN - BANNER_SPACE / 2
    bottom = MARGIN + FOOTER_SPACE / 3
    first = Frame(MARGIN, bottom + block_height, width, top - bottom - block_height, id="first")
    later = Frame(MARGIN, bottom, width, top - bottom, id="later")
    doc = BaseDocTemplate(
        buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), title=f"Determination {content.reference}",
        author=content.office_name, subject=content.subject, creator="Frontier Review Desk",
        pageTemplates=[PageTemplate("first", [first], onPage=first_page),
                       PageTemplate("later", [later], onPage=decor.begin_page)],
        invariant=False, initialFontName=SANS,  # else Helvetica, never embedded, is named
    )
    positions: dict[str, tuple[int, float, float, float, float]] = {}
    story: list[Flowable] = [NextPageTemplate("later")]
    story += parts.letterhead(content, st)
    story += parts.heading_block(content, st)
    story += parts.opening(content, st)
    story += parts.findings(content, st)
    story += parts.determination(content, st)
    story += parts.rights_and_contact(content, st)
    story.append(parts.signatures(content.signatures, width, st, positions))
    if content.enclosures:
        story.append(Paragraph("Enclosures: " + parts.text("; ".join(content.enclosures)),
                               st["small"]))
    if content.checklist or content.evidence:
        story.append(PageBreak())
        story += parts.checklist_annex(content.checklist, width, st)
        story += parts.evidence_annex(content.evidence, width, st)
    doc.build(story, canvasmaker=numbered_canvas(decor))
    fields = tuple(
        FieldBox(name, page, (round(x1), round(y1), round(x2), round(y2)))
        for name, (page, x1, y1, x2, y2) in positions.items()
    )
    return RenderedLetter(buffer.getvalue(), fields)


def _designation_block(cui: CuiMarking, st: dict[str, ParagraphStyle]) -> Table:
    lines = [f"Controlled by: {parts.text(c)}" for c in cui.controlled_by]
    if cui.category:
        lines.append(f"CUI Category: {parts.text(cui.category)}")
    if cui.dissemination:
        lines.append(f"Distribution/Dissemination Control: {parts.text(cui.dissemination)}")
    if cui.poc:
        lines.append(f"POC: {parts.text(cui.poc)}")
    table = Table([[Paragraph("<br/>".join(lines) or "CUI", st["small"])]],
                  colWidths=[BLOCK_WIDTH])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                            ("FONTNAME", (0, 0), (-1, -1), SANS)]))
    return table
