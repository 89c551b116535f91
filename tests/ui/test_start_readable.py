"""Opening a workspace that other local accounts can read shows a warning with the fix."""

from __future__ import annotations

import argparse

from reviewer_app.ui import launch as launch_module
from reviewer_app.ui.login_dialog import LoginDialog


def test_a_readable_workspace_is_named_before_sign_in(qtbot, workspace, monkeypatch, message_log):
    workspace.paths.db.chmod(0o644)  # as an older version (or a careless copy) left it
    monkeypatch.setattr(LoginDialog, "ask", staticmethod(lambda *a, **k: None))
    args = argparse.Namespace(workspace=str(workspace.root), user=None, demo=False)
    assert launch_module.start(args) is None
    [shown] = message_log.take()
    assert (shown.kind, shown.title) == ("warning", "Workspace readable by others")
    assert "reviewer.db (-rw-r--r--)" in shown.text
    assert shown.text.endswith(f"chmod -R go-rwx {workspace.root}")


def test_an_owner_only_workspace_says_nothing(qtbot, workspace, monkeypatch, message_log):
    monkeypatch.setattr(LoginDialog, "ask", staticmethod(lambda *a, **k: None))
    args = argparse.Namespace(workspace=str(workspace.root), user=None, demo=False)
    assert launch_module.start(args) is None
    assert message_log.take() == []
