"""The audit views' reading and showing, next to a floor.

    .venv/bin/python benchmarks/audit_view.py [--entries 10000] [--repeats 5]

A workspace whose trail holds ``--entries`` entries (checklist answers, each with
its details, and one checklist created item by item), made through the storage
layer with real hashing. Off the GUI thread:
(a) floor: ``audit_entries`` (the raw read the views made before they read as words);
(b) ``audit_lines``: the same read, worded and folded.
On the GUI thread (offscreen), the whole workspace trail put in the Audit panel:
(c) ``AuditPanel.show_entries`` with every row sized to its detail lines;
(d) the same with the rows left at one height (what sizing the rows costs).
Goal: (b) within 2x of (a); (c) is what one reload of an open Tools > Audit trail
window costs the GUI thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reviewer_app.services.audit import audit_entries, audit_lines
from reviewer_app.services.workspace import create_layout
from reviewer_app.storage import audit_chain


def median_ms(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def fill(ws: object, entries: int) -> None:
    case = "00000000-0000-4000-8000-00000000cafe"
    with ws.uow() as s:  # type: ignore[attr-defined]
        for n in range(entries // 2):
            audit_chain.append(s, actor="system", action="checklist.create", case_uuid=case,
                               details={"item": f"IT-{n}", "template": "t", "version": "1"})
        for n in range(entries - entries // 2):
            audit_chain.append(s, actor="riley", action="checklist.set", case_uuid=case,
                               details={"item": f"IT-{n}", "changes": {
                                   "status": ["not_reviewed", "not_a_finding"],
                                   "comments": [None, f"seen {n}"]}})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from reviewer_app.ui.context import PageContext
    from reviewer_app.ui.pages.audit_page import AuditPanel
    from tests.support.workspaces import ADMIN

    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        ws = create_layout(Path(tmp) / "ws")
        fill(ws, args.entries)
        floor = median_ms(lambda: audit_entries(ws), args.repeats)
        worded = median_ms(lambda: audit_lines(ws), args.repeats)
        lines = audit_lines(ws)
        ctx = PageContext(ws, ADMIN)
        panel = AuditPanel(ctx, None, "Audit trail of the workspace")
        panel.resize(1000, 600)
        panel.show()
        app.processEvents()

        def show() -> None:
            panel.show_entries(lines)
            app.processEvents()

        shown = median_ms(show, args.repeats)
        panel._size_rows = lambda: None  # type: ignore[method-assign]
        unsized = median_ms(show, args.repeats)
        ctx.jobs.shutdown()
        ws.close()
    print(f"(a) floor, audit_entries, {args.entries:,} entries: {floor:.0f} ms")
    print(f"(b) audit_lines, {len(lines):,} lines: {worded:.0f} ms ({worded / floor:.2f}x the floor)")
    print(f"(c) show_entries, rows sized: {shown:.0f} ms")
    print(f"(d) show_entries, rows not sized: {unsized:.0f} ms")


if __name__ == "__main__":
    main()
