"""The letter's sections as ReportLab flowables.

Long content must flow, never be cut: findings, conditions and rationale are
paragraphs (which split across pages); the annex tables repeat their header
and may split inside a row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, LongTable, Paragraph, Spacer, TableStyle

from reviewer_app.domain.determination import (
    ChecklistSummaryRow,
    EvidenceRow,
    LetterContent,
    SignatureBlock,
)
from reviewer_app.pdf.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD

CELL_SIZE = 7.5
STATUS_WORDS = {"not_reviewed": "Not reviewed", "open": "Open", "not_a_finding": "Not a finding",
                "not_applicable": "Not applicable"}


def styles() -> dict[str, ParagraphStyle]:
    # bulletFontName defaults to Helvetica, which is never embedded.
    body = ParagraphStyle("body", fontName=SERIF, fontSize=10.5, leading=14, spaceAfter=6,
                          bulletFontName=SERIF)
    return {
        "body": body,
        "office": ParagraphStyle("office", fontName=SERIF_BOLD, fontSize=15, leading=19,
                                 alignment=1),
        "address": ParagraphStyle("address", fontName=SANS, fontSize=8.5, leading=11,
                                  alignment=1),
        "demo": ParagraphStyle("demo", fontName=SANS_BOLD, fontSize=11, leading=14,
                               alignment=1, borderWidth=1.5, borderColor=colors.black,
                               borderPadding=4, spaceBefore=6, spaceAfter=10),
        "h": ParagraphStyle("h", fontName=SANS_BOLD, fontSize=11, leading=14, spaceBefore=8,
                            spaceAfter=4, keepWithNext=1),
        "item": ParagraphStyle("item", parent=body, leftIndent=18, bulletIndent=4,
                               spaceAfter=3),
        "detail": ParagraphStyle("detail", parent=body, leftIndent=18, fontSize=9.5, leading=12),
        "outcome": ParagraphStyle("outcome", fontName=SERIF_BOLD, fontSize=11.5, leading=15,
                                  spaceAfter=6, leftIndent=12),
        "small": ParagraphStyle("small", fontName=SANS, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", fontName=SANS, fontSize=7.5, leading=9.5),
        "cellb": ParagraphStyle("cellb", fontName=SANS_BOLD, fontSize=7.5, leading=9.5),
        "sig": ParagraphStyle("sig", fontName=SERIF, fontSize=10, leading=12.5),
    }


def text(value: str) -> str:
    """Plain text made safe for a Paragraph (which reads a small XML dialect)."""
    return escape(value).replace("\n", "<br/>")


def paragraphs(value: str, style: ParagraphStyle) -> list[Flowable]:
    """Blank-line separated paragraphs, each of which may split over pages."""
    blocks = [b.strip() for b in value.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph(text(b), style) for b in blocks if b]


def letterhead(content: LetterContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = []
    if content.department:
        out.append(Paragraph(text(content.department), st["address"]))
    out.append(Paragraph(text(content.office_name), st["office"]))
    out.append(Paragraph(text(" · ".join(content.office_address)), st["address"]))
    out.append(Spacer(1, 10))
    if content.demo:
        out.append(Paragraph("DEMO — NOT A REAL DETERMINATION. Made by a demonstration "
                             "workspace with demonstration keys.", st["demo"]))
    return out


def heading_block(content: LetterContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    a = content.addressee
    lines = [f"<b>Reference:</b> {text(content.reference)}",
             f"<b>Date:</b> {content.letter_date.strftime('%B %-d, %Y')}"]
    out: list[Flowable] = [Paragraph("<br/>".join(lines), st["body"]), Spacer(1, 4)]
    addr = [f"<b>{text(a.organization)}</b>", *(text(x) for x in a.address)]
    if a.attention:
        addr.append(f"Attn: {text(a.attention)}")
    out.append(Paragraph("<br/>".join(addr), st["body"]))
    out.append(Paragraph(f"<b>RE: {text(content.subject)}</b>", st["body"]))
    out.append(Paragraph(f"Dear {text(a.attention or a.organization)}:", st["body"]))
    return out


def opening(content: LetterContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    received = content.received_at.strftime("%B %-d, %Y")
    out: list[Flowable] = [Paragraph(
        f"This office received your submission on {received} under reference "
        f"{text(content.reference)}. This letter gives the office's determination. "
        "The office reviewed the following:", st["body"])]
    out += [Paragraph(text(item), st["item"], bulletText="•") for item in content.reviewed]
    return out


def findings(content: LetterContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("Findings", st["h"])]
    if not content.findings:
        out.append(Paragraph("The review left no open findings.", st["body"]))
        return out
    out.append(Paragraph(f"The review left {len(content.findings)} open finding(s):", st["body"]))
    for f in content.findings:
        out.append(Paragraph(f"<b>[{text(f.severity)}] {text(f.item_id)}</b>: {text(f.title)}",
                             st["item"], bulletText="•"))
        out += paragraphs(f.details, st["detail"]) if f.details else []
    return out


def determination(content: LetterContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("Determination", st["h"]),
                           Paragraph(text(content.outcome_label), st["outcome"])]
    if content.conditions:
        out.append(Paragraph("Conditions", st["h"]))
        out.append(Paragraph("The determination holds only while these conditions are met:",
                             st["body"]))
        for number, c in enumerate(content.conditions, start=1):
            until = f" <b>Expires:</b> {c.until.strftime('%B %-d, %Y')}." if c.until else ""
            out.append(Paragraph(f"<b>{text(c.kind.label)}.</b> {text(c.text)}{until}",
                                 st["item"], bulletText=f"{number}."))
    out.append(Paragraph("Rationale", st["h"]))
    out += paragraphs(content.rationale, st["body"]) or [Paragraph("-", st["body"])]
    return out


def rights_and_contact(content: LetterContent, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("Review of this determination", st["h"])]
    out += paragraphs(content.rights, st["body"])
    out.append(Paragraph("Point of contact", st["h"]))
    out.append(Paragraph(text(content.poc), st["body"]))
    return out


class SignatureBox(Flowable):  # type: ignore[misc]
    """An empty box where a signature's appearance goes; records where it landed."""

    def __init__(self, name: str, width: float, height: float,
                 positions: dict[str, tuple[int, float, float, float, float]]) -> None:
        super().__init__()
        self.name, self.width, self.height, self.positions = name, width, height, positions

    def draw(self) -> None:
        canv: Any = self.canv
        canv.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
        canv.setLineWidth(0.5)
        canv.rect(0, 0, self.width, self.height)
        x, y = canv.absolutePosition(0, 0)
        self.positions[self.name] = (canv.getPageNumber() - 1, x, y, x + self.width,
                                     y + self.height)


def signatures(blocks: Iterable[SignatureBlock], width: float, st: dict[str, ParagraphStyle],
               positions: dict[str, tuple[int, float, float, float, float]]) -> Flowable:
    cells = []
    col = width / 2 - 6
    for block in blocks:
        lines = [f"<b>{text(block.role_label)}</b>", text(block.name or " "), text(block.title)]
        if block.delegated_for:
            lines.append(f"for {text(block.delegated_for)}")
        cells.append([SignatureBox(block.field_name, col - 8, 58, positions),
                      Paragraph("<br/>".join(x for x in lines if x), st["sig"])])
    table = LongTable([cells], colWidths=[col] * len(cells))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("FONTNAME", (0, 0), (-1, -1), SANS)]))
    return KeepTogether([Spacer(1, 10), table])


def checklist_annex(rows: tuple[ChecklistSummaryRow, ...], width: float,
                    st: dict[str, ParagraphStyle]) -> list[Flowable]:
    counts = Counter(r.status for r in rows)
    summary = "; ".join(f"{STATUS_WORDS.get(k, k)}: {v}" for k, v in sorted(counts.items()))
    out: list[Flowable] = [Paragraph("Annex A. Checklist summary", st["h"]),
                           Paragraph(f"{len(rows)} item(s). {text(summary)}", st["body"])]
    if rows:
        header = ["Item", "Section", "Title", "Severity", "Status"]
        values = [(r.item_id, r.section, r.title, r.severity, STATUS_WORDS.get(r.status, r.status))
                  for r in rows]
        out.append(_table(header, values, [0.13, 0.17, 0.44, 0.1, 0.16], width, st))
    return out


def evidence_annex(rows: tuple[EvidenceRow, ...], width: float,
                   st: dict[str, ParagraphStyle]) -> list[Flowable]:
    from reviewer_app.pdf.chart import score_charts

    out: list[Flowable] = [Paragraph("Annex B. Benchmark evidence", st["h"])]
    if not rows:
        out.append(Paragraph("The submission carried no benchmark scores.", st["body"]))
        return out
    header = ["Benchmark", "Metric", "Score", "Threshold", "Status"]
    values = [(r.benchmark, r.metric, "-" if r.score is None else f"{r.score:g}",
               "-" if r.threshold is None else f"{r.threshold:g}", r.status) for r in rows]
    out.append(_table(header, values, [0.32, 0.2, 0.12, 0.12, 0.24], width, st))
    out.append(Spacer(1, 10))
    out.append(Paragraph("Scores against thresholds", st["h"]))
    out += score_charts(rows, width)
    return out


def _table(header: list[str], rows: Sequence[tuple[str, ...]], shares: list[float], width: float,
           st: dict[str, ParagraphStyle]) -> LongTable:
    """A table whose header repeats on every page and whose rows may split.

    A cell whose text fits its column on one line is drawn as a plain string (a
    Paragraph costs ten times more to lay out); longer text wraps in a Paragraph.
    """
    widths = [s * width for s in shares]
    data: list[list[Any]] = [[Paragraph(h, st["cellb"]) for h in header]]
    for row in rows:
        data.append([v if "\n" not in v and stringWidth(v, SANS, CELL_SIZE) <= w - 7
                     else Paragraph(text(v), st["cell"]) for v, w in zip(row, widths, strict=True)])
    table = LongTable(data, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SANS),  # the default, Helvetica, is never embedded
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), 9.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.Color(0.5, 0.5, 0.5)),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table
