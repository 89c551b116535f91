"""Evidence a reviewer can read: the declared / evidence / recomputed / gap columns
with a flag when the declaration lies on the other side of a threshold, every row
of the table shown, chart labels that fit, and a sample browser worked from the
keyboard (Enter opens the focused sample as a conversation, rows in id order).

Over the demo workspace's covered case (Aurora-3: Cybench log 0.46, declared
0.38, threshold 0.40) and real Inspect logs from tests/data, in a window of
1280 x 800.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextCursor
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from reviewer_app.services.cases import list_cases
from reviewer_app.services.cases.reading import get_case
from reviewer_app.services.demo import ensure_demo
from reviewer_app.services.workspace import Workspace, open_workspace
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.pages.evaluation_table import HEADERS
from reviewer_app.ui.pages.evidence_page import EvidencePage
from reviewer_app.ui.pages.score_chart import ScoreChart
from tests.support.checklist_cases import REVIEWER, add_case, manifest, new_workspace

DATA = Path(__file__).resolve().parents[1] / "data" / "inspect"
# inspect_ai's own log: ten samples, written as they finished (9, 6, 10, 5, ...).
SCRAMBLED = DATA / "scorer_2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = ensure_demo(tmp_path_factory.mktemp("demo") / "demo").root
    with open_workspace(root) as ws:
        yield ws


@pytest.fixture
def ews(tmp_path: Path) -> Iterator[Workspace]:
    workspace = new_workspace(tmp_path / "ews")
    yield workspace
    workspace.close()


class Shown:
    """Pages shown in 1280 x 800 windows; their hosts kept, their logs closed at the end."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.hosts: list[tuple[QWidget, EvidencePage]] = []

    def __call__(self, ws: Workspace, case: Any) -> EvidencePage:
        host = QWidget()
        host.setAccessibleName("Host window")
        ctx = PageContext(ws, REVIEWER, parent=host)
        QVBoxLayout(host)
        self.qtbot.addWidget(host)
        page = EvidencePage(ctx, case, host)
        host.layout().addWidget(page)
        host.resize(1280, 800)
        host.show()
        self.hosts.append((host, page))
        self.qtbot.waitUntil(lambda: page.evidence is not None and page.samples is not None,
                             timeout=20000)
        self.qtbot.waitUntil(lambda: page._balanced)
        return page

    def demo(self, ws: Workspace, model: str) -> EvidencePage:
        key = next(c.uuid for c in list_cases(ws) if c.model_name == model)
        return self(ws, get_case(ws, key))

    def close(self) -> None:
        for _host, page in self.hosts:
            self.qtbot.waitUntil(lambda page=page: page.ctx.jobs.active == 0, timeout=20000)
            if page.samples is not None:
                page.samples.source.close()


@pytest.fixture
def shown(qtbot: Any) -> Iterator[Shown]:
    made = Shown(qtbot)
    yield made
    made.close()


def _case(ws: Workspace, log: Path, name: str) -> Any:
    rel = f"evidence/{name}"
    data = manifest(evaluations=[
        {"id": "persuasion-popularity", "domain": "persuasion", "benchmark": "popularity",
         "metric": "accuracy", "declared_score": 0.5, "format": "inspect-eval",
         "evidence": [rel]}],
        files=[{"path": rel, "sha256": "a" * 64, "size": 10, "role": "evidence"}])
    case_uuid = add_case(ws, manifest_data=data)
    dest = ws.paths.cases / case_uuid / "submission" / "files" / rel
    dest.parent.mkdir(parents=True)
    shutil.copyfile(log, dest)
    return get_case(ws, case_uuid)


def _cell(page: EvidencePage, row: int, column: str) -> Any:
    return page.table.item(row, HEADERS.index(column))


def _row(page: EvidencePage, benchmark: str) -> int:
    return next(r for r in range(page.table.rowCount())
                if _cell(page, r, "Benchmark").text() == benchmark)


def test_the_gap_that_crosses_the_cyber_threshold_is_a_flag_in_words(
        shown: Shown, demo: Workspace) -> None:
    page = shown.demo(demo, "Aurora-3")
    assert HEADERS[3:8] == ("Declared", "Evidence", "Recomputed", "Gap", "Gap flag")
    cy = _row(page, "Cybench")
    assert [_cell(page, cy, c).text() for c in HEADERS[3:10]] == [
        "0.3800", "0.4600", "0.4600", "+0.0800", "Crosses threshold", "0.4000",
        "Threshold reached"]
    flag = _cell(page, cy, "Gap flag")
    assert not flag.icon().isNull() and flag.font().bold()  # text, icon, weight: not colour
    assert "the declared score is below the cyber threshold 0.4, the evidence reaches it" \
        in flag.toolTip()
    assert flag.data(Qt.ItemDataRole.AccessibleTextRole).startswith(
        "Gap flag: Crosses threshold (declared 0.3800, evidence 0.4600")
    others = [r for r in range(page.table.rowCount()) if r != cy]
    assert {_cell(page, r, "Gap flag").text() for r in others} == {"Agrees"}
    # A results file without samples says why there is no recomputed score.
    wmdp = _row(page, "WMDP-Bio")
    assert _cell(page, wmdp, "Evidence").text() == "0.5986"
    assert _cell(page, wmdp, "Recomputed").text() == "n/a"
    assert _cell(page, wmdp, "Recomputed").toolTip().startswith(
        "Not recomputed: this results file holds no per-sample scores")
    assert "Declared score on the other side of a threshold:\n - Cybench accuracy: declared " \
        "0.3800, evidence 0.4600" in page.assessment.text()
    assert "declared 0.380: crosses the threshold" in page.chart.accessibleDescription()


def test_every_row_of_the_table_is_shown_without_scrolling(shown: Shown,
                                                          demo: Workspace) -> None:
    page = shown.demo(demo, "Aurora-3")
    table = page.table
    assert table.rowCount() == 4
    assert not table.verticalScrollBar().isVisible()
    assert not table.horizontalScrollBar().isVisible()  # every column fits at 1280 px
    last = table.visualItemRect(table.item(table.rowCount() - 1, 0))
    assert last.bottom() < table.viewport().height()
    # The table is not cut by the summary's scroll area either: all of it is on screen.
    # (its height whole; in the full suite its right edge was once measured 5 px short,
    # under the scroll area's frame: not a cut)
    visible = table.visibleRegion().boundingRect()
    assert visible.height() == table.height() and visible.width() >= table.width() - 8
    assert page.sample_view.isVisible() and page.sample_view.height() > 100


def _assert_texts_fit(chart: ScoreChart, width: int) -> list[str]:
    fm = QFontMetrics(chart.font())
    shown = []
    for box in chart.text_boxes(width):
        rect = box.rect.toRect()
        needed = fm.boundingRect(QRect(0, 0, rect.width(), 1000), box.flags, box.text)
        assert needed.width() <= rect.width() and needed.height() <= rect.height(), box
        assert rect.left() >= 0 and rect.right() < width, box
        shown.append(box.text)
    return shown


def test_chart_labels_fit_at_any_width_and_font_size(shown: Shown, demo: Workspace) -> None:
    page = shown.demo(demo, "Aurora-3")
    chart = page.chart
    shown = _assert_texts_fit(chart, chart.width())
    assert "SWE-bench Verified (resolved)" in shown  # whole, not "'E-bench Verified"
    assert not any("\u2026" in text for text in shown)
    font = QFont(chart.font())
    font.setPointSizeF(font.pointSizeF() * 2)  # 200 % text
    chart.setFont(font)
    for width in (1280, 700, 420):
        _assert_texts_fit(chart, width)  # wrapped, or shortened with "..." (never cut)
    assert chart.sizeHint().height() >= 4 * chart.row_height()
    chart.grab()  # paints without error at that size


def _focus_samples_by_tab(qtbot: Any, page: EvidencePage) -> None:
    page.score_filter.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.score_filter)
    qtbot.keyClick(page.score_filter, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.sample_view)


def test_enter_opens_the_focused_sample_as_a_conversation(qtbot: Any, shown: Shown,
                                                          demo: Workspace) -> None:
    page = shown.demo(demo, "Aurora-3")
    assert page.log_choice.currentText() == "evidence/cybench.eval"
    model = page.samples
    assert model is not None
    first = [(model.summary(r).id, model.summary(r).epoch) for r in range(6)]
    assert first == [("1", 1), ("1", 2), ("1", 3), ("1", 4), ("1", 5), ("2", 1)]
    _focus_samples_by_tab(qtbot, page)
    view = page.sample_view
    assert view.currentIndex().row() == 0 and not view.selectionModel().hasSelection()
    assert page.detail.toPlainText() == ""  # focused, not yet opened
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.detail.toPlainText().startswith("Sample 1, epoch 1"))
    assert QApplication.focusWidget() is page.detail  # the keyboard follows, to read on
    text = page.detail.toPlainText()
    for expected in ("\n\nSystem\nYou are a skilled cybersecurity professional",
                     "\n\nUser\nChallenge cybench-01 (web).",
                     "\n\nAssistant\nLet me look around first.\nTool call: bash  [call_1_1]\n"
                     "    cmd: ls -la /challenge",
                     "\n\nTool result: bash  [call_1_1]\ntotal 12\n",
                     "== Model output ==\n\nAssistant\n"):
        assert expected in text
    output = text.split("== Model output ==")[1].split("== Scores ==")[0]
    assert "{" not in output and '"choices"' not in output  # read, not a JSON dump
    assert "input tokens 901, output tokens 120" in output
    assert _bold(page, "Assistant") and not _bold(page, "Let me look around first.")
    # Back to the samples (Shift+Tab), the next row (Down), the keypad's Enter.
    qtbot.keyClick(page.detail, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: page.detail.toPlainText().startswith("Sample 2, epoch 1"))
    assert view.selectionModel().selectedRows()[0].row() == 5


def _bold(page: EvidencePage, paragraph: str) -> bool:
    found = page.detail.document().find(paragraph)
    assert not found.isNull(), paragraph
    cursor = QTextCursor(found.block())
    cursor.movePosition(QTextCursor.MoveOperation.Right)
    return cursor.charFormat().fontWeight() >= QFont.Weight.Bold


def test_a_real_log_written_out_of_order_is_browsed_in_id_order(
        qtbot: Any, shown: Shown, ews: Workspace) -> None:
    page = shown(ews, _case(ews, SCRAMBLED, "popularity.eval"))
    model = page.samples
    assert model is not None and model.available() == 10
    assert [model.summary(r).id for r in range(model.rowCount())] == [
        str(n) for n in range(1, 11)]
    _focus_samples_by_tab(qtbot, page)
    qtbot.keyClick(page.sample_view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.sample_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.detail.toPlainText().startswith("Sample 10, epoch 1"))
    text = page.detail.toPlainText()
    assert "\n\nSystem\n" in text and "\n\nUser\nIs the following statement" in text
    assert "== Model output ==\n\nAssistant\n" in text and "stop reason: stop" in text


HOSTILE = ('<b>bold</b><img src="http://198.51.100.7/pixel.png">'
           '<a href="file:///etc/passwd">read me</a> \u202egnp.exe')


def test_markup_in_a_hostile_log_is_shown_as_text_never_as_html(
        qtbot: Any, shown: Shown, ews: Workspace, tmp_path: Path) -> None:
    doc = json.loads((DATA / "log_formats.json").read_text())
    sample = doc["samples"][0]
    sample["messages"] = [
        {"role": "user", "content": [
            {"type": "text", "text": HOSTILE},
            {"type": "image", "image": "data:image/png;base64," + "A" * 4000}]},
        {"role": "assistant", "content": "<script>alert(1)</script>", "tool_calls": [
            {"id": "c1", "function": "<i>bash</i>", "type": "function",
             "arguments": {"cmd": "echo '<h1>x</h1>'"}}]},
        {"role": "tool", "tool_call_id": "c1", "function": "bash", "content": "",
         "error": {"type": "timeout", "message": "<u>timed out</u>"}}]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc))
    page = shown(ews, _case(ews, path, "hostile.json"))
    _focus_samples_by_tab(qtbot, page)
    qtbot.keyClick(page.sample_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Tool error" in page.detail.toPlainText())
    text = page.detail.toPlainText()
    for literal in ('<b>bold</b><img src="http://198.51.100.7/pixel.png">',
                    '<a href="file:///etc/passwd">read me</a>', "<script>alert(1)</script>",
                    "Tool call: <i>bash</i>  [c1]", "cmd: echo '<h1>x</h1>'",
                    "Tool error (timeout): <u>timed out</u>",
                    "[image: 4,022 characters of inline data; not shown]"):
        assert literal in text
    assert "<U+202E>gnp.exe" in text and "\u202e" not in text  # the override made visible
    document = page.detail.document()
    block = document.begin()
    while block.isValid():  # no link, no image: every fragment is plain characters
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            assert not fmt.isAnchor() and not fmt.isImageFormat(), it.fragment().text()
            it += 1
        block = block.next()
    assert "&lt;b&gt;bold&lt;/b&gt;" in document.toHtml()
