"""What every letter page carries: CUI banners, demo marking, "Page x of y".

"Page x of y" needs the page count before the first page is written, so the
canvas keeps each page's state and draws the footers when the document ends
(the usual ReportLab recipe; one pass instead of a second layout).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from reviewer_app.pdf.fonts import SANS, SANS_BOLD

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 0.9 * inch
BANNER_SPACE = 0.45 * inch  # between the page edge and the frame, for the banner
DEMO_TEXT = "DEMO — NOT A REAL DETERMINATION"


class PageDecor:
    """Draws banners and markings; the numbered canvas calls it once per page."""

    def __init__(self, *, banner: str | None, demo: bool, reference: str) -> None:
        self.banner = banner
        self.demo = demo
        self.reference = reference

    def begin_page(self, canvas: Canvas, _doc: object = None) -> None:
        """Drawn before the page's content (the demo marking lies beneath the text)."""
        canvas.saveState()
        if self.demo:
            self._demo(canvas)
        canvas.restoreState()

    def end_page(self, canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        if self.banner:
            canvas.setFont(SANS_BOLD, 12)
            canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 0.45 * inch, self.banner)
            canvas.drawCentredString(PAGE_WIDTH / 2, 0.32 * inch, self.banner)
        canvas.setFont(SANS, 8)
        canvas.drawString(MARGIN, 0.6 * inch, self.reference)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, 0.6 * inch, f"Page {page} of {pages}")
        canvas.restoreState()

    @staticmethod
    def _demo(canvas: Canvas) -> None:
        canvas.setFont(SANS_BOLD, 9)
        canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 0.65 * inch, DEMO_TEXT)
        canvas.drawCentredString(PAGE_WIDTH / 2, 0.47 * inch, DEMO_TEXT)
        # A large diagonal marking that survives photocopying, drawn beneath the text.
        canvas.setFillColor(colors.Color(0.88, 0.88, 0.88))
        canvas.setFont(SANS_BOLD, 44)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, 0, "DEMO — NOT REAL")


def numbered_canvas(decor: PageDecor) -> type[Canvas]:
    """A canvas class that draws banners and "Page x of y" once the count is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Otherwise every page starts with Helvetica, a font that is never embedded.
            kwargs.setdefault("initialFontName", SANS)
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for number, state in enumerate(self._saved, start=1):
                self.__dict__.update(state)
                decor.end_page(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas
