"""tests/support/dialogs.py: an expected dialog is filled on screen; an unexpected one is
closed and named, so a test that meets a new question fails instead of waiting for ever."""

from typing import Any

from reviewer_app.ui.secret_dialog import SecretDialog
from tests.support.dialogs import DialogAnswers


def test_expected_dialog_is_answered_and_a_stranger_is_named(qtbot: Any) -> None:
    answers = DialogAnswers(qtbot)
    try:
        answers.secret("abc")
        assert SecretDialog.ask(None, "First", "Passphrase:") == "abc"
        assert SecretDialog.ask(None, "Nobody expects me", "Passphrase:") is None
        assert answers.answered == ["First"] and answers.unexpected == ["Nobody expects me"]
    finally:
        answers.stop()
