"""The sample browser's table model: rows of one Inspect log, loaded in pages.

Rows arrive through ``canFetchMore``/``fetchMore`` in pages of ``PAGE``
summaries, so a 100,000-sample log shows its first rows at once and never
holds every summary unless the user scrolls to the end. A filter replaces the
rows with the matching row numbers (``SampleSource.filter`` reads each row
once); those are fetched in pages too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reviewer_app.ui.pages.sample_transcript import score_text

if TYPE_CHECKING:  # the readers load when a log is opened, not at start-up
    from reviewer_app.formats.evidence import SampleSource, SampleSummary
    from reviewer_app.services.workspace import Workspace

PAGE = 200
COLUMNS = ("Sample id", "Epoch", "Score", "Answer")

Index = QModelIndex | QPersistentModelIndex


class SampleTableModel(QAbstractTableModel):
    def __init__(self, source: SampleSource, parent: Any = None) -> None:
        super().__init__(parent)
        self.source = source
        self._total = source.sample_count()
        self._hits: list[int] | None = None  # row numbers of a filter, None: all rows
        self._rows: list[SampleSummary] = []

    # --- size and lazy loading ---------------------------------------------------
    def available(self) -> int:
        return self._total if self._hits is None else len(self._hits)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self.available()

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        stop = min(start + PAGE, self.available())
        if stop <= start:
            return
        if self._hits is None:
            rows = self.source.summaries(start, stop - start)
        else:
            rows = [self.source.summaries(n, 1)[0] for n in self._hits[start:stop]]
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def set_filter(self, *, text: str = "", score: Any = None) -> int:
        """Show only matching rows (no text and no score: every row); returns the count.

        The first filter reads every row (about 3.5 s for 100,000 samples), so the
        page runs ``matching`` as a job and hands the result to ``show_hits``."""
        return self.show_hits(matching(self.source, text=text, score=score))

    def show_hits(self, hits: list[int] | None) -> int:
        self.beginResetModel()
        self._rows = []
        self._hits = hits
        self.endResetModel()
        return self.available()

    # --- data ------------------------------------------------------------------
    def summary(self, row: int) -> SampleSummary:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            values = (row.id, str(row.epoch), score_text(row.score_value), row.answer)
            text = values[index.column()]
            if role == Qt.ItemDataRole.DisplayRole:
                return text if len(text) <= 120 else text[:119] + "\u2026"
            return f"{COLUMNS[index.column()]}: {text}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None


def matching(source: SampleSource, *, text: str = "", score: Any = None) -> list[int] | None:
    """Row numbers a filter keeps (None: no filter, every row); safe off the GUI thread."""
    if not text.strip() and score is None:
        return None
    return source.filter(score=score, text=text)


def open_source(ws: Workspace, case_key: str, rel_path: str) -> SampleSource:
    """The case's log ``rel_path`` as a sample source, counted (a ``.json`` log's one
    full pass, which also indexes it); safe off the GUI thread."""
    from reviewer_app.errors import ReviewerError
    from reviewer_app.services.evidence import case_file, open_log

    source = open_log(case_file(ws, case_key, rel_path))
    try:
        source.sample_count()
    except ReviewerError:
        source.close()
        raise
    return source


def find_row(source: SampleSource, sample_id: str, epoch: int | None = None,
             page: int = 1000) -> int | None:
    """The row number of a sample (``epoch`` None: its first row); reads rows up
    to it once (they are kept). Safe off the GUI thread."""
    total = source.sample_count()
    for start in range(0, total, page):
        for offset, row in enumerate(source.summaries(start, page)):
            if row.id == sample_id and (epoch is None or row.epoch == epoch):
                return start + offset
    return None


def parse_score(text: str) -> Any:
    """What the score filter box means: empty is no filter, a number a number."""
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text
