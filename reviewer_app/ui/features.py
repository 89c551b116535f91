"""UI feature modules loaded before the window is built.

Each module registers its pages (``case_pages.register_page``) and menu
handlers (``actions.provide``/``register_action``) when imported. Add yours
here; keep heavy imports (pyHanko, ReportLab, evidence readers) inside the
functions that need them so start-up stays fast.
"""

from __future__ import annotations

import importlib

FEATURE_MODULES: list[str] = [
    # "reviewer_app.ui.import_package_ui",
    "reviewer_app.ui.pages.determination_page",
    "reviewer_app.ui.case_file_flow",
    "reviewer_app.ui.pages.evidence_page",
    "reviewer_app.ui.pages.checklist_page",
    "reviewer_app.ui.pages.release_page",
    "reviewer_app.ui.import_flow",
    "reviewer_app.ui.pages.submission_page",
    "reviewer_app.ui.pages.trust_page",
    "reviewer_app.ui.pages.audit_page",
    "reviewer_app.ui.help_viewer",
]


def load_features() -> None:
    for name in FEATURE_MODULES:
        importlib.import_module(name)
