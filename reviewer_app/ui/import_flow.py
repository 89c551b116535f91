"""File > Import package... and dropped .subpkg files: choose, unlock, import as one job.

The workstation key is unlocked once per batch (scrypt costs about a second),
inside the job, then each package is imported in turn. Each package's outcome
is shown after the batch: a rejection as its code and message (copyable), an
already-imported package as an info naming its case, and the last new case is
selected with its Submission page in front (the batch is one write through
the page context; its ``changed`` broadcast reloads the case list and the
audit views). The file chooser and passphrase prompt are ``ask`` functions so
tests replace them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QWidget,
)

from reviewer_app.domain.changes import Changes
from reviewer_app.domain.progress import CancelToken, ProgressEvent, ProgressSink
from reviewer_app.domain.users import Actor
from reviewer_app.errors import CancelledError, ReviewerError
from reviewer_app.ui import messages
from reviewer_app.ui.jobs import Job
from reviewer_app.ui.progress_dialog import JobProgressDialog
from reviewer_app.ui.secret_dialog import SecretDialog

if TYPE_CHECKING:
    from reviewer_app.services.intake import ImportResult
    from reviewer_app.services.workspace import Workspace
    from reviewer_app.ui.main_window import MainWindow

SUBMISSION_PAGE = "Submission"


def ask_package_files(parent: QWidget | None) -> list[Path]:
    """The packages the user chose (empty when cancelled)."""
    names, _ = QFileDialog.getOpenFileNames(
        parent, "Import submission package", "", "Submission packages (*.subpkg);;All files (*)")
    return [Path(n) for n in names]


class PassphraseDialog(SecretDialog):
    """Asks the workstation passphrase; the text is never kept after ``ask`` returns."""

    def __init__(self, parent: QWidget | None, count: int) -> None:
        what = "this package" if count == 1 else f"these {count} packages"
        super().__init__(parent, "Unlock workstation key",
                         f"Enter the workstation passphrase to decrypt {what}:",
                         "Workstation passphrase")
        self.field = self.secret

    @classmethod
    def ask(cls, parent: QWidget | None, count: int = 1) -> str | None:  # type: ignore[override]
        return cls(parent, count).run()


# Replaceable in tests: ``import_flow.ask_files = lambda parent: [path]``.
ask_files = ask_package_files


@dataclass(frozen=True)
class Outcome:
    """One package of a batch: the ImportResult, or the ReviewerError that refused it."""

    path: Path
    result: ImportResult | None = None
    error: ReviewerError | None = None


def import_batch(ws: Workspace, actor: Actor, paths: list[Path], passphrase: str,
                 progress: ProgressSink, cancel: CancelToken) -> list[Outcome]:
    """The job: unlock once, import each package (a rejection does not stop the batch)."""
    from reviewer_app.services.intake import import_package
    from reviewer_app.services.workspace import workstation_identity

    identity = workstation_identity(ws, passphrase)  # wrong passphrase: the whole batch fails
    outcomes = []
    for number, path in enumerate(paths, 1):
        cancel.raise_if_cancelled()
        try:
            result = import_package(ws, actor, path, identity=identity,
                                    progress=_labelled(progress, path, number, len(paths)),
                                    cancel=cancel)
            outcomes.append(Outcome(path, result=result))
        except CancelledError:
            raise  # packages imported before the cancel are kept (each is all or nothing)
        except ReviewerError as exc:
            outcomes.append(Outcome(path, error=exc))
    return outcomes


def _labelled(progress: ProgressSink, path: Path, number: int, count: int) -> ProgressSink:
    """The package's name (and place in the batch) in front of each event's detail."""
    where = f"{path.name} ({number} of {count})" if count > 1 else path.name

    def sink(event: ProgressEvent) -> None:
        detail = f"{where} · {event.detail}" if event.detail else where
        progress(ProgressEvent(event.stage, event.done, event.total, detail))
    return sink


def start_import(window: MainWindow, paths: list[Path] | None = None) -> Job | None:
    """Run the flow; returns the job (None when the user cancelled a prompt)."""
    if paths is None:
        paths = ask_files(window)
    if not paths:
        return None
    passphrase = PassphraseDialog.ask(window, len(paths))
    if passphrase is None:
        return None
    ctx, chosen = window.context, list(paths)
    actor = ctx.actor
    title = "Importing package" if len(paths) == 1 else f"Importing {len(paths)} packages"
    job = ctx.write(
        lambda w: import_batch(w.ws, actor, chosen, passphrase, w.progress, w.cancel),
        lambda _outcomes: Changes(cases=True, audit=True),
        lambda outcomes: show_outcomes(window, outcomes), owner=window, name=title,
        on_error=window.show_error)
    window.import_progress = JobProgressDialog(job, title, window, unit="bytes")
    return job


def show_outcomes(window: MainWindow, outcomes: list[Outcome]) -> None:
    from reviewer_app.services.intake import ALREADY_IMPORTED

    newest = None
    for outcome in outcomes:
        if outcome.error is not None:
            messages.error(window, "Package rejected", outcome.error.code,
                           f"{outcome.path.name}: {outcome.error.message}")
        elif outcome.result is None:
            continue
        elif outcome.result.status == ALREADY_IMPORTED:
            case = outcome.result.case
            messages.info(window, "Already imported",
                          f"{outcome.path.name} was already imported as case {case.reference} "
                          f"({case.model_name} {case.model_version}). Nothing was changed.")
            newest = newest or case.reference
        else:
            newest = outcome.result.case.reference
    if newest is not None:  # once the reloaded list (the broadcast's) shows it
        window.reveal_case(newest, SUBMISSION_PAGE)
