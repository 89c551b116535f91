"""A package document shown inside the app: PDF pages, Markdown, text, or a
plain statement that the file cannot be shown here.

The file is the stored copy from the case store (``services.evidence.documents``),
hashed again when opened; the header says whether it still matches the
manifest, in words. Markdown is rendered by QTextDocument with every resource
refused (no images, local or remote, are loaded) and links not followed.
PDF: PageDown/PageUp, Home/End move between pages; Ctrl++, Ctrl+- and Ctrl+0
zoom.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, Qt, QUrl
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.errors import ReviewerError
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.context import PageContext

if TYPE_CHECKING:  # the service loads with the first document
    from reviewer_app.services.evidence import StoredDocument

ZOOM_STEP = 1.25
# A text with a line longer than this is shown unwrapped (and Markdown as text).
LONG_LINE = 10_000
SELECTABLE = (Qt.TextInteractionFlag.TextSelectableByMouse
              | Qt.TextInteractionFlag.TextSelectableByKeyboard)


class _NoResourceTextEdit(QTextEdit):
    """Shows Markdown; refuses every resource it names (images, style sheets)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.refused: set[str] = set()

    def loadResource(self, _type: int, name: QUrl | str) -> Any:  # Qt calls it for each resource
        self.refused.add(name.toString() if isinstance(name, QUrl) else name)
        return None


class DocumentViewer(QDialog):
    """One stored document, in a window of its own (not modal: the case stays usable)."""

    def __init__(self, doc: StoredDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle(f"{doc.path} - document")
        self.setAccessibleName(f"Document {doc.path}")
        self.resize(900, 700)
        column = QVBoxLayout(self)
        column.addLayout(self._header())
        self.body: QWidget = self._body()
        column.addWidget(self.body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setAccessibleName("Document actions")
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(
            "Close the document")
        buttons.rejected.connect(self.close)
        column.addWidget(buttons)
        fill_accessible_names(self)  # Qt's inner parts (viewports, scroll bars)

    @classmethod
    def show_document(cls, doc: StoredDocument, parent: QWidget | None = None) -> DocumentViewer:
        viewer = cls(doc, parent)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        viewer.body.setFocus()
        return viewer

    # --- header ------------------------------------------------------------------
    def _header(self) -> QHBoxLayout:
        doc = self.doc
        row = QHBoxLayout()
        icon = QLabel(self)
        pixmap = (QStyle.StandardPixmap.SP_DialogApplyButton if doc.intact
                  else QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(self.style().standardIcon(pixmap).pixmap(16))
        icon.setAccessibleName("Intact" if doc.intact else "Warning: changed")
        row.addWidget(icon)
        check = ("the stored copy matches the manifest's SHA-256 (as verified at import)"
                 if doc.intact else "Warning: the stored copy no longer matches the manifest's "
                 f"SHA-256 (now {doc.sha256_now}); do not rely on it")
        text = f"{doc.path} - {doc.size:,} bytes - SHA-256 {doc.sha256}\n{check}"
        if doc.truncated:
            text += f"\nShowing the first {_mib(len(doc.text.encode('utf-8')))} only."
        if _longest_line(doc.text) > LONG_LINE:
            text += (f"\nLines over {LONG_LINE:,} characters: shown as plain text, not "
                     "wrapped (scroll sideways).")
        self.info = QLabel(text, self)
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(SELECTABLE)
        self.info.setAccessibleName(f"About this document: {text}")
        row.addWidget(self.info, 1)
        return row

    # --- body ----------------------------------------------------------------------
    def _body(self) -> QWidget:
        if self.doc.kind == "pdf":
            return self._pdf()
        long_lines = _longest_line(self.doc.text) > LONG_LINE
        if self.doc.kind == "markdown" and not long_lines:
            view = _NoResourceTextEdit(self)
            view.setReadOnly(True)
            view.setTextInteractionFlags(SELECTABLE)
            view.setMarkdown(self.doc.text)
            view.setAccessibleName(f"Contents of {self.doc.path} (Markdown)")
            self.text_view: QTextEdit | QPlainTextEdit = view
            return view
        if self.doc.kind in ("text", "markdown"):
            plain = QPlainTextEdit(self)
            plain.setReadOnly(True)
            if long_lines:  # wrapping one huge line takes Qt minutes; scrolling does not
                plain.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            plain.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            plain.setPlainText(self.doc.text)
            plain.setAccessibleName(f"Contents of {self.doc.path}")
            self.text_view = plain
            return plain
        return self._cannot_show(f"its type ({self.doc.media_type or 'not stated'}) "
                                 "is neither PDF, Markdown nor text")

    def _cannot_show(self, why: str) -> QLabel:
        doc = self.doc
        text = (f"This file cannot be shown here: {why}.\n\nPath: {doc.path}\n"
                f"Size: {doc.size:,} bytes\nSHA-256: {doc.sha256}")
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setTextInteractionFlags(SELECTABLE)
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        label.setAccessibleName(text)
        self.message = label
        return label

    def _pdf(self) -> QWidget:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self.pdf = QPdfDocument(self)
        error = self.pdf.load(str(self.doc.stored_at))
        if error != QPdfDocument.Error.None_ or self.pdf.pageCount() < 1:
            name = getattr(error, "name", str(error))
            return self._cannot_show(f"it is not a PDF this viewer can read ({name})")
        box = QWidget(self)
        box.setAccessibleName(f"PDF {self.doc.path}")
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.page_box = QSpinBox(box)
        self.page_box.setRange(1, self.pdf.pageCount())
        self.page_box.setAccessibleName("Page number")
        self.page_box.setSuffix(f" of {self.pdf.pageCount()}")
        page_label = QLabel("&Page:", box)
        page_label.setBuddy(self.page_box)
        bar.addWidget(page_label)
        bar.addWidget(self.page_box)
        for text, name, slot in (("Previous", "Previous page (Page Up)", lambda: self.go(-1)),
                                 ("Next", "Next page (Page Down)", lambda: self.go(1)),
                                 ("Zoom out", "Zoom out (Ctrl+-)", lambda: self.zoom(1 / ZOOM_STEP)),
                                 ("Zoom in", "Zoom in (Ctrl++)", lambda: self.zoom(ZOOM_STEP)),
                                 ("Fit width", "Fit the page width (Ctrl+0)", self.fit_width)):
            button = QPushButton(text, box)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        column.addLayout(bar)
        self.pdf_view = QPdfView(box)
        self.pdf_view.setAccessibleName(f"Pages of {self.doc.path}")
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.setPageMode(QPdfView.PageMode.SinglePage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        column.addWidget(self.pdf_view, 1)
        self.page_box.valueChanged.connect(lambda n: self.show_page(n - 1))
        self.pdf_view.pageNavigator().currentPageChanged.connect(self._page_shown)
        keys = (("PgDown", lambda: self.go(1)), ("PgUp", lambda: self.go(-1)),
                ("Home", lambda: self.show_page(0)),
                ("End", lambda: self.show_page(self.pdf.pageCount() - 1)),
                ("Ctrl++", lambda: self.zoom(ZOOM_STEP)), ("Ctrl+=", lambda: self.zoom(ZOOM_STEP)),
                ("Ctrl+-", lambda: self.zoom(1 / ZOOM_STEP)), ("Ctrl+0", self.fit_width))
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self.pdf_view)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        return box

    # --- PDF navigation --------------------------------------------------------------
    def current_page(self) -> int:
        return int(self.pdf_view.pageNavigator().currentPage())

    def show_page(self, page: int) -> None:
        page = max(0, min(page, self.pdf.pageCount() - 1))
        if page != self.current_page():
            self.pdf_view.pageNavigator().jump(page, QPointF(), 0)

    def go(self, step: int) -> None:
        self.show_page(self.current_page() + step)

    def zoom(self, factor: float) -> None:
        self.pdf_view.setZoomMode(self.pdf_view.ZoomMode.Custom)
        self.pdf_view.setZoomFactor(max(0.1, min(self.pdf_view.zoomFactor() * factor, 8.0)))

    def fit_width(self) -> None:
        self.pdf_view.setZoomMode(self.pdf_view.ZoomMode.FitToWidth)

    def _page_shown(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self.page_box.setAccessibleDescription(f"Page {page + 1} of {self.pdf.pageCount()}")


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.split("\n")), default=0)


def _mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB" if n >= 1 << 20 else f"{n:,} bytes"


def norm_path(path: str) -> str:
    """A manifest path as written in different hands (``./a``, ``a\\b``)."""
    return path.strip().replace("\\", "/").removeprefix("./")


def open_stored_document(owner: QWidget, ctx: PageContext, case_key: str, path: str,
                         say: Callable[[str], None],
                         opened: Callable[[DocumentViewer], None]) -> None:
    """Read ``path`` of the case's submission (a read through the page context) and
    show it in a ``DocumentViewer``; ``say`` reports progress and failure in
    words, ``opened`` receives the window."""
    from reviewer_app.services.evidence import open_document

    def show(doc: StoredDocument) -> None:
        opened(DocumentViewer.show_document(doc, owner))
        say(f"{doc.path} is open in its own window.")

    def failed(exc: BaseException) -> None:
        code = f"{exc.code}: " if isinstance(exc, ReviewerError) else ""
        message = exc.message if isinstance(exc, ReviewerError) else str(exc)
        say(f"Error - {path} could not be opened. {code}{message}")

    say(f"Opening {path}...")
    ctx.read(lambda w: open_document(w.ws, case_key, path), show, owner=owner,
             name="open document", on_error=failed)
