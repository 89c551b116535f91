"""UI fixtures: a real workspace per test, message boxes turned into test failures.

Any message box a test did not expect fails it: ``messages`` records every
request, the test takes the ones it expects (``message_log.take()``), and
whatever is left at teardown is an unexpected message.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reviewer_app.domain.users import Actor
from reviewer_app.services.setup.workspace_init import init_workspace
from reviewer_app.services.workspace.folder import Workspace, open_workspace
from reviewer_app.ui import messages
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.messages import MessageRequest
from tests.support.case_file_world import world  # noqa: F401 - the two-workstation fixture

PASSWORD = "correct horse"
PASSPHRASE = "workstation pass"


class MessageLog:
    def __init__(self) -> None:
        self.requests: list[MessageRequest] = []
        self.confirm_answer: bool | None = None  # None: a confirm is unexpected

    def __call__(self, request: MessageRequest) -> bool:
        self.requests.append(request)
        return bool(self.confirm_answer)

    def take(self) -> list[MessageRequest]:
        taken, self.requests = self.requests, []
        return taken


@pytest.fixture(autouse=True)
def message_log() -> Iterator[MessageLog]:
    log = MessageLog()
    previous = messages.set_handler(log)
    yield log
    messages.set_handler(previous)
    if log.requests:
        pytest.fail(f"unexpected message box(es): {log.requests}")


@pytest.fixture(scope="session")
def _template_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ui-template") / "ws"
    result = init_workspace(root, workstation_passphrase=PASSPHRASE, admin="alice", admin_password=PASSWORD)
    result.workspace.close()
    return root


@pytest.fixture
def workspace(_template_workspace: Path, tmp_path: Path) -> Iterator[object]:
    """An open, empty workspace (one administrator: alice / PASSWORD)."""
    dest = tmp_path / "ws"
    shutil.copytree(_template_workspace, dest)
    ws = open_workspace(dest)
    yield ws
    ws.close()


@pytest.fixture
def make_context() -> Iterator[Callable[[Workspace, Actor], PageContext]]:
    """A page context for a page on its own: a real job runner on a real workspace,
    the same path a page in the window takes. Its jobs end with the test."""
    made: list[PageContext] = []

    def make(ws: Workspace, actor: Actor) -> PageContext:
        ctx = PageContext(ws, actor)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.jobs.shutdown()


@pytest.fixture
def alice(workspace: object) -> object:
    from reviewer_app.services.access.users import authenticate

    return authenticate(workspace, "alice", PASSWORD)  # type: ignore[arg-type]


# The offscreen platform plugin (tests only) warns about a feature real
# platforms have; every other Qt warning still fails the test.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
