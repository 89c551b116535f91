"""Help > User guide (F1): the Markdown guide shipped with the application, offline.

The guide is ``docs/user-guide.md``. A wheel carries it as
``reviewer_app/_resources/docs/user-guide.md`` (setup.py copies it); a checkout
reads the repository's ``docs/`` directly. Qt's Markdown importer makes no
anchors for headings, so after loading we give every heading the same slug
GitHub gives it (``### PKG_FILE_MISMATCH`` -> ``pkg_file_mismatch``): one
anchor scheme for the web view of the guide, its internal links and
``show_guide(anchor=...)``.

F1 opens the guide at the section of what the user looks at: in the main
window, the case tab in front (``PAGE_SECTIONS``; the case table without a
case: "The main window"); in a dialog or a window of its own, the section its
title names (``WINDOW_SECTIONS``), or the ``guide_section`` property a widget
sets on itself. The main window's F1 is its Help menu action; other windows
get theirs from ``F1Help``, an application-wide filter ``launch`` installs
(a modal dialog blocks the main window's shortcut).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QKeyEvent, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.resources import resources_dir

GUIDE_NAME = "user-guide.md"
HELP_KEY = "help.guide"
SECTION_PROPERTY = "guide_section"  # a widget's own section, found from the focus upwards
MAIN_SECTION = "the-main-window"
# The case tabs (ui/wiring.py titles) and their sections of docs/user-guide.md.
PAGE_SECTIONS = {
    "Summary": MAIN_SECTION,
    "Submission": "the-submission-page",
    "Checklist": "working-the-checklist",
    "Evidence": "reading-the-evidence",
    "Release and access": "the-release-and-access-page",
    "Determination": "deciding",
    "Audit": "the-audit-trail",
}
# Dialogs and windows, by the start of their title.
WINDOW_SECTIONS = {
    "Sign in": "first-start-and-signing-in",
    "Welcome to Frontier Review Desk": "first-start-and-signing-in",
    "Create a workspace": "first-start-and-signing-in",
    "Audit trail": "the-audit-trail",
    "Trust anchors": "trust-anchors",
    "Letter verification": "verifying-a-letter-someone-sends-back",
    "Export case file": "exchanging-case-files",
    "Both sides changed this case": "exchanging-case-files",
}


def guide_path() -> Path:
    """The guide inside an installed wheel, else the checkout's ``docs/``."""
    bundled = resources_dir() / "docs" / GUIDE_NAME
    if bundled.is_file():
        return bundled
    return resources_dir().parent / "docs" / GUIDE_NAME


def slug(heading: str) -> str:
    """GitHub's heading id: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def guide_anchors() -> set[str]:
    """Every heading anchor of the guide (read from the file, no Qt needed)."""
    try:
        text = guide_path().read_text(encoding="utf-8")
    except OSError:
        return set()
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE)}


def has_entry(code: str) -> bool:
    """True when the guide's "Error codes" section explains this code."""
    return bool(code) and code.lower() in guide_anchors()


def add_heading_anchors(doc: QTextDocument) -> list[str]:
    """Name every heading block with its slug, so scrollToAnchor and #links work."""
    names: list[str] = []
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0 and block.text().strip():
            name = slug(block.text())
            cursor = QTextCursor(block)
            cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
            fmt = QTextCharFormat()
            fmt.setAnchor(True)
            fmt.setAnchorNames([name])
            cursor.mergeCharFormat(fmt)
            names.append(name)
        block = block.next()
    return names


class GuideDialog(QDialog):
    """The guide in a read-only browser; links inside it jump to their section."""

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("User guide")
        self.setAccessibleName("User guide")
        self.resize(900, 700)
        self.path = path or guide_path()
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("User guide text")
        self.browser.setOpenExternalLinks(False)  # offline: never hand a link to a web browser
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.anchors = self._load()

    def _load(self) -> list[str]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:
            text = (f"# User guide\n\nThe user guide could not be read from `{self.path}` "
                    f"({exc.strerror}). It is also in the installation's `docs/` folder.")
        # Images are relative to the guide (images/NAME.png): resolve them from its folder.
        self.browser.setSearchPaths([str(self.path.parent)])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(self.path.parent) + "/"))
        self.browser.setMarkdown(text)
        return add_heading_anchors(self.browser.document())

    def go_to(self, anchor: str) -> bool:
        """Scroll to a section; False (and the top of the guide) if there is none."""
        if anchor not in self.anchors:
            return False
        cursor = self.browser.document().find(anchor_text(self.browser.document(), anchor))
        if not cursor.isNull():  # the caret there too, for keyboard and screen-reader users
            cursor.clearSelection()
            self.browser.setTextCursor(cursor)
        self.browser.scrollToAnchor(anchor)  # last: puts the heading at the top
        return True


def anchor_text(doc: QTextDocument, anchor: str) -> str:
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0 and slug(block.text()) == anchor:
            return block.text()
        block = block.next()
    return anchor


_open: list[GuideDialog] = []  # keep non-modal dialogs alive while shown


def show_guide(parent: QWidget | None = None, anchor: str | None = None) -> GuideDialog:
    """Open the guide (non-modal, so the user can keep working beside it)."""
    dialog = GuideDialog(parent)
    if anchor:
        dialog.go_to(anchor.lower())
    dialog.finished.connect(lambda _r: _open.remove(dialog) if dialog in _open else None)
    _open.append(dialog)
    dialog.show()
    return dialog


def section_for(widget: QWidget | None) -> str | None:
    """The guide section for what ``widget`` (the focus, or a window) belongs to."""
    w = widget
    while w is not None:
        own = w.property(SECTION_PROPERTY)
        if isinstance(own, str) and own:
            return own
        if isinstance(w, QTabWidget) and w.accessibleName() == "Case details":
            return PAGE_SECTIONS.get(w.tabText(w.currentIndex()).replace("&", ""), MAIN_SECTION)
        if w.isWindow():
            break
        w = w.parentWidget()
    window = widget.window() if widget is not None else None
    if window is None:
        return None
    title = window.windowTitle()
    for start, section in WINDOW_SECTIONS.items():
        if title.startswith(start):
            return section
    for tabs in window.findChildren(QTabWidget):
        if tabs.accessibleName() == "Case details" and tabs.isVisible():
            return section_for(tabs)
    return None


def open_from_window(window: QWidget) -> GuideDialog:
    """The handler of Help > User guide (F1): the guide at the section in front."""
    focus = QApplication.focusWidget()
    inside = focus is not None and focus.window() is window
    return show_guide(window, section_for(focus if inside else window))


class F1Help(QObject):
    """F1 in any window without an F1 action of its own opens the guide at its section."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_F1 and isinstance(watched, QWidget)):
            window = watched.window()
            if isinstance(window, GuideDialog | QMainWindow):  # the window's own F1 action
                return False
            show_guide(window, section_for(watched))
            return True
        return False

