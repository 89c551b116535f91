"""Export: the file appears whole or not at all; the store is checked as it is sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.domain.progress import CancelToken, ProgressEvent
from reviewer_app.errors import CancelledError, IntegrityError, NotPermittedError, UsageError
from reviewer_app.services.casefile.exporting import export_case
from reviewer_app.services.casefile.importing import case_file_needs_passphrase, import_case
from reviewer_app.services.workspace.folder import Workspace
from tests.support import casefiles as F
from tests.support.packages import make_test_pki


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, str, F.Workstation]]:
    root = tmp_path_factory.mktemp("export")
    submitters, office = make_test_pki(), F.make_office_pki()
    a = F.make_workstation(root / "A", submitters, office)
    ws = a.open()
    ref = F.import_sample_case(ws, submitters, a.recipient, a.identity, root)
    yield ws, ref, a
    ws.close()


def _export(ws: Workspace, ref: str, out: Path, **kw: object) -> object:
    args: dict[str, object] = {"recipients": None,
                               "case_file_passphrase": None, "credential_passphrase": F.CREDENTIAL}
    args.update(kw)
    return export_case(ws, F.REVIEWER, ref, out, **args)  # type: ignore[arg-type]


def test_cancel_leaves_no_file(station: tuple[Workspace, str, F.Workstation], tmp_path: Path) -> None:
    ws, ref, a = station
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        _export(ws, ref, tmp_path / "c.case", recipients=[a.recipient], cancel=token)
    assert list(tmp_path.iterdir()) == []


def test_changed_store_file_fails_and_leaves_no_file(
        station: tuple[Workspace, str, F.Workstation], tmp_path: Path) -> None:
    ws, ref, a = station
    from reviewer_app.services.cases.reading import get_case

    case = get_case(ws, ref)
    target = ws.paths.cases / case.uuid / "submission" / "files" / case.files[0].path
    original = target.read_bytes()
    target.write_bytes(bytes([original[0] ^ 1]) + original[1:])
    try:
        with pytest.raises(IntegrityError) as info:
            _export(ws, ref, tmp_path / "c.case", recipients=[a.recipient])
        assert info.value.code == "STORE_FILE_CHANGED"
        assert list(tmp_path.iterdir()) == []
    finally:
        target.write_bytes(original)


def test_wrong_credential_passphrase(station: tuple[Workspace, str, F.Workstation],
                                     tmp_path: Path) -> None:
    ws, ref, a = station
    with pytest.raises(NotPermittedError):
        _export(ws, ref, tmp_path / "c.case", recipients=[a.recipient], credential_passphrase="no")


def test_recipient_or_passphrase(station: tuple[Workspace, str, F.Workstation], tmp_path: Path) -> None:
    ws, ref, a = station
    with pytest.raises(UsageError):
        _export(ws, ref, tmp_path / "c.case", recipients=[a.recipient], case_file_passphrase="x")
    with pytest.raises(UsageError):
        _export(ws, ref, tmp_path / "c.case")
    with pytest.raises(UsageError):
        _export(ws, ref, tmp_path / "c.case", recipients=["age1notakey"])


def test_passphrase_file_streams_and_reports_progress(
        station: tuple[Workspace, str, F.Workstation], tmp_path: Path) -> None:
    ws, ref, _a = station
    events: list[ProgressEvent] = []
    out = tmp_path / "c.case"
    _export(ws, ref, out, case_file_passphrase="shared secret", progress=events.append)
    assert case_file_needs_passphrase(out)
    assert events and events[-1].done == events[-1].total
    # Importing into the same workspace: nothing new.
    result = import_case(ws, F.REVIEWER, out, workstation_passphrase=None, case_file_passphrase="shared secret")
    assert result.outcome.value == "up_to_date"
    assert F.audit_actions(ws)[-2:] == ["case.import", "witness.received"]  # the sender's head kept
