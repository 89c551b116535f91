"""File > Import package... and dropped .subpkg files: choose, unlock, import as one job.

The workstation key is unlocked once per batch (scrypt costs about a second),
inside the job, then each package is imported in turn. Each package's outcome
is shown after the batch: a rejection as its code and message (copyable), an
already-imported package as an info naming its case, and the last new case is
selected with its Submission page in front (the batch is one write through
the page context; its ``changed`` broadcast reloads the case list and the
audit views). The file chooser opens at the workspace's inbox (where packages
wait to be imported). The file chooser and passphrase prompt are ``ask``
functions so tests replace them.

The progress dialog counts packages ("Package 2 of 3") and, inside one, its
files. Cancel (or Escape) stops the batch between two steps: the package under
way is rolled back whole (each import is all or nothing), the ones before it
stay, and a message says how many were imported. The batch then counts as
done, not failed, so the case list shows the packages kept.
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


def ask_package_files(window: MainWindow) -> list[Path]:
    """The packages the user chose (empty when cancelled), starting in the workspace's inbox."""
    names, _ = QFileDialog.getOpenFileNames(
        window, "Import submission package", str(window.context.inbox),
        "Submission packages (*.subpkg);;All files (*)")
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


@dataclass(frozen=True)
class Batch:
    """What a batch did: one outcome per package tried, out of ``asked``; ``cancelled``
    when the user stopped it (the packages not in ``outcomes`` were left untouched)."""

    outcomes: list[Outcome]
    asked: int
    cancelled: bool = False

    @property
    def imported(self) -> int:
        return sum(1 for o in self.outcomes if o.result is not None)


def import_batch(ws: Workspace, actor: Actor, paths: list[Path], passphrase: str,
                 progress: ProgressSink, cancel: CancelToken) -> Batch:
    """The job: unlock once, import each package (a rejection does not stop the batch)."""
    from reviewer_app.services.intake import import_package
    from reviewer_app.services.workspace import workstation_identity

    more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
    progress(ProgressEvent("Unlocking the workstation key", detail=f"{paths[0].name}{more}"))
    identity = workstation_identity(ws, passphrase)  # wrong passphrase: the whole batch fails
    outcomes: list[Outcome] = []
    for number, path in enumerate(paths, 1):
        stage = _stage(number, len(paths))
        try:
            cancel.raise_if_cancelled()
            result = import_package(ws, actor, path, identity=identity,
                                    progress=_labelled(progress, path, stage), cancel=cancel)
            outcomes.append(Outcome(path, result=result))
        except CancelledError:
            # The package under way left nothing; those before it are kept.
            return Batch(outcomes, len(paths), cancelled=True)
        except ReviewerError as exc:
            outcomes.append(Outcome(path, error=exc))
        size = _size_of(path)  # a final event: always delivered, so the counter moves
        progress(ProgressEvent(stage, size, size, f"{path.name} · done"))
    return Batch(outcomes, len(paths))


def _stage(number: int, count: int) -> str:
    return f"Package {number} of {count}" if count > 1 else "Importing"


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _labelled(progress: ProgressSink, path: Path, stage: str) -> ProgressSink:
    """The batch's counter as the stage, the package's name in front of the detail."""

    def sink(event: ProgressEvent) -> None:
        detail = f"{path.name} · {event.detail}" if event.detail else path.name
        progress(ProgressEvent(stage, event.done, event.total, detail))
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
    pressed: list[bool] = []  # Cancel or Escape on the progress dialog (not a quit)
    job = ctx.write(
        lambda w: import_batch(w.ws, actor, chosen, passphrase, w.progress, w.cancel),
        lambda _batch: Changes(cases=True, audit=True),
        lambda batch: show_outcomes(window, batch, said_cancel=bool(pressed)), owner=window,
        name=title, on_error=window.show_error,
        on_cancel=lambda: show_outcomes(window, Batch([], len(chosen), cancelled=True),
                                        said_cancel=bool(pressed)))
    dialog = JobProgressDialog(job, title, window, unit="bytes")
    dialog.canceled.connect(lambda: pressed.append(True))
    window.import_progress = dialog
    return job


def cancelled_text(batch: Batch) -> str:
    return (f"Import cancelled: {batch.imported} of {batch.asked} "
            f"{'package' if batch.asked == 1 else 'packages'} imported, nothing half-imported.")


def show_outcomes(window: MainWindow, batch: Batch, *, said_cancel: bool = True) -> None:
    """Each package's outcome; then, when the user cancelled, how far the batch got."""
    from reviewer_app.services.intake import ALREADY_IMPORTED

    newest = None
    for outcome in batch.outcomes:
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
    if batch.cancelled and said_cancel:
        messages.info(window, "Import cancelled", cancelled_text(batch))
    if newest is not None:  # once the reloaded list (the broadcast's) shows it
        window.reveal_case(newest, SUBMISSION_PAGE)
