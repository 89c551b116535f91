"""What a page of the case area (right side) is.

A page factory gets the window's ``PageContext`` and the selected ``Case`` and
returns a QWidget; it is called each time another case is selected. The
application's pages are listed in ``ui.wiring.case_pages()`` (the Summary page
is ``ui/pages/summary_page.py``, loaded after the first paint like the others);
tests give the window exactly the pages they want (a list of ``PageSpec``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from reviewer_app.domain.case import Case
from reviewer_app.ui.context import PageContext

PageFactory = Callable[[PageContext, Case], QWidget]


@dataclass(frozen=True)
class PageSpec:
    title: str
    factory: PageFactory
