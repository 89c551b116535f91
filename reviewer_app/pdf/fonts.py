"""The shipped TrueType fonts, registered with ReportLab once per process.

Embedded fonts make a letter look the same everywhere and keep it archivable;
parsing a TTF takes tens of milliseconds, so registration is done only once.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reviewer_app.resources import resource_path

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SERIF = "DejaVuSerif"
SERIF_BOLD = "DejaVuSerif-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
}
_lock = threading.Lock()
_done = False


def register_fonts() -> None:
    """Register the letter fonts (idempotent, thread-safe)."""
    global _done
    with _lock:
        if _done:
            return
        for name, file in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
        # <b> inside a paragraph picks the bold face of the same family.
        for regular, bold in ((SANS, SANS_BOLD), (SERIF, SERIF_BOLD)):
            addMapping(regular, 0, 0, regular)
            addMapping(regular, 1, 0, bold)
            addMapping(regular, 0, 1, regular)
            addMapping(regular, 1, 1, bold)
        _done = True
