"""Case files and packages in every age form a sender may produce, and the scrypt cap.

Armored (``age -a``) passphrase case files made by our writer, by rage (pyrage) and by
the age CLI import like binary ones. A passphrase stanza asking for scrypt work factor
21 -- 2 GiB of memory -- is refused with its code before any key derivation, measured as
the peak RSS of the importing process.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.__main__ import main
from reviewer_app.crypto import age, identity
from reviewer_app.crypto.age_armor import armor
from reviewer_app.errors import RejectedError
from reviewer_app.services.casefile.exporting import export_case
from reviewer_app.services.casefile.importing import case_file_needs_passphrase, import_case
from reviewer_app.services.intake.package_import import import_package
from reviewer_app.services.workspace.folder import Workspace
from tests.support import casefiles as F
from tests.support.packages import PackageSpec, make_test_pki

ROOT = Path(__file__).resolve().parents[3]
SECRET = "shared case secret"
pyrage = pytest.importorskip("pyrage")


@pytest.fixture(scope="module")
def stations(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[F.Workstation, Path]]:
    """Station A with a case; its case file encrypted to SECRET (binary, work factor 18)."""
    root = tmp_path_factory.mktemp("forms")
    submitters, office = make_test_pki(), F.make_office_pki()
    a = F.make_workstation(root / "A", submitters, office)
    F.make_workstation(root / "B-template", submitters, office)
    with a.open() as ws:
        ref = F.import_sample_case(ws, submitters, a.recipient, a.identity, root)
        out = root / "by-passphrase.case"
        export_case(ws, F.REVIEWER, ref, out, recipients=None, case_file_passphrase=SECRET,
                    credential_passphrase=F.CREDENTIAL)
    yield a, out


@pytest.fixture
def receiver(stations: tuple[F.Workstation, Path], tmp_path: Path) -> Iterator[Workspace]:
    """A fresh copy of station B, which has never seen the case."""
    template = stations[1].parent / "B-template"
    copy = F.copy_tree(template, tmp_path / "B")
    with F.Workstation(copy, "", age.X25519Identity.generate()).open() as ws:
        yield ws


def plaintext_of(case_file: Path) -> bytes:
    return age.decrypt_bytes(case_file.read_bytes(), [age.ScryptIdentity(SECRET)])


def age_cli_armored_passphrase(plain: Path, out: Path) -> None:
    """``age -p -a``: age reads a passphrase only from its terminal, so give it one."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:
        os.execvp("age", ["age", "-p", "-a", "-o", str(out), str(plain)])
    output = b""
    answered = 0
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if output.lower().count(b"passphrase") > answered:
            os.write(fd, SECRET.encode() + b"\n")
            answered += 1
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output


def _makers() -> list[str]:
    return ["ours", "pyrage"] + (["age-cli"] if shutil.which("age") else [])


@pytest.mark.parametrize("maker", _makers())
def test_an_armored_passphrase_case_file_imports(
        stations: tuple[F.Workstation, Path], receiver: Workspace, tmp_path: Path,
        maker: str) -> None:
    _a, binary = stations
    armored = tmp_path / "by-passphrase.case.asc"
    if maker == "ours":
        armored.write_bytes(armor(binary.read_bytes()))
    elif maker == "pyrage":
        armored.write_bytes(pyrage.passphrase.encrypt(plaintext_of(binary), SECRET, armored=True))
    else:
        plain = tmp_path / "plain.tar"
        plain.write_bytes(plaintext_of(binary))
        age_cli_armored_passphrase(plain, armored)
    assert armored.read_bytes().startswith(b"-----BEGIN AGE ENCRYPTED FILE-----\n")
    # What the CLI and the GUI ask to decide which secret to prompt for.
    assert case_file_needs_passphrase(armored)
    result = import_case(receiver, F.REVIEWER, armored, workstation_passphrase=None,
                         case_file_passphrase=SECRET)
    assert result.outcome.value == "created"
    assert F.audit_actions(receiver)[-2:] == ["case.import", "witness.received"]


def test_the_cli_asks_for_the_case_passphrase_of_an_armored_file(
        stations: tuple[F.Workstation, Path], receiver: Workspace, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """As a user types it: the workstation passphrase is offered too, but the file is for
    the case passphrase, and the CLI must know that from the armored header."""
    _a, binary = stations
    armored = tmp_path / "by-passphrase.case.asc"
    armored.write_bytes(armor(binary.read_bytes()))
    for name, text in (("pw", F.PASSWORD), ("wpp", F.PASSPHRASE), ("cpp", SECRET)):
        (tmp_path / name).write_text(text)
    root = receiver.root
    receiver.close()
    rc = main(["--workspace", str(root), "--user", F.REVIEWER.username, "--password-file",
               str(tmp_path / "pw"), "--passphrase-file", str(tmp_path / "wpp"),
               "import-case", str(armored), "--case-passphrase-file", str(tmp_path / "cpp")])
    assert rc == 0, capsys.readouterr().err
    assert "created as received" in capsys.readouterr().out


def with_work_factor(blob: bytes, work_factor: int) -> bytes:
    """The file as an attacker edits it: the scrypt stanza's work factor rewritten."""
    edited, count = re.subn(rb"(-> scrypt \S+ )\d+\n", rb"\g<1>%d\n" % work_factor, blob, count=1)
    assert count == 1
    return edited


_IMPORT_AND_MEASURE = """
import pathlib, sys
from reviewer_app.errors import ReviewerError
from reviewer_app.services.casefile.importing import import_case
from reviewer_app.services.workspace.folder import open_workspace
from tests.support import casefiles as F
with open_workspace(pathlib.Path(sys.argv[1])) as ws:
    try:
        import_case(ws, F.REVIEWER, pathlib.Path(sys.argv[2]), workstation_passphrase=None,
                    case_file_passphrase=sys.argv[3])
        code = "IMPORTED"
    except ReviewerError as exc:
        code = exc.code
status = pathlib.Path("/proc/self/status").read_text().splitlines()
hwm = [line for line in status if line.startswith("VmHWM:")][0].split()[1]
print(code, int(hwm) // 1024)
"""


def test_a_case_file_asking_for_work_factor_21_is_refused_before_deriving(
        stations: tuple[F.Workstation, Path], receiver: Workspace, tmp_path: Path) -> None:
    """2^21 would be 2 GiB: the importing process stays small and names the reason."""
    _a, binary = stations
    hostile = tmp_path / "costly.case"
    hostile.write_bytes(with_work_factor(binary.read_bytes(), 21))
    root = receiver.root
    receiver.close()
    done = subprocess.run([sys.executable, "-c", _IMPORT_AND_MEASURE, str(root), str(hostile),
                           SECRET], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    code, peak_mib = done.stdout.split()
    assert code == "CASE_WORK_FACTOR_TOO_HIGH"
    assert int(peak_mib) < 150, f"peak RSS {peak_mib} MiB: scrypt ran in the importing process"
    with F.Workstation(root, "", age.X25519Identity.generate()).open() as ws:
        assert F.audit_actions(ws)[-1] == "case.rejected"


def test_an_armored_case_file_asking_for_work_factor_22_is_refused(
        stations: tuple[F.Workstation, Path], receiver: Workspace, tmp_path: Path) -> None:
    _a, binary = stations
    hostile = tmp_path / "costly.case.asc"
    hostile.write_bytes(armor(with_work_factor(binary.read_bytes(), 22)))
    with pytest.raises(RejectedError) as info:
        import_case(receiver, F.REVIEWER, hostile, workstation_passphrase=F.PASSPHRASE,
                    case_file_passphrase=SECRET)
    assert info.value.code == "CASE_WORK_FACTOR_TOO_HIGH"


def test_a_package_with_a_work_factor_21_stanza_is_refused(
        stations: tuple[F.Workstation, Path], receiver: Workspace, tmp_path: Path) -> None:
    """Packages open with the workstation key only; a passphrase stanza asking for 2 GiB is
    still refused by name rather than reported as 'not for this workstation'."""
    recipient = age.X25519Identity.generate().recipient()
    blob = PackageSpec(make_test_pki(), str(recipient)).build(tmp_path / "x.subpkg").read_bytes()
    # The X25519 stanza swapped for a passphrase stanza (16-byte salt, 32-byte body).
    blob, count = re.subn(rb"-> X25519 \S+\n\S+\n",
                          b"-> scrypt c2FsdHNhbHRzYWx0c2FsdA 21\n" + b"A" * 43 + b"\n", blob)
    assert count == 1
    hostile = tmp_path / "costly.subpkg"
    hostile.write_bytes(blob)
    with pytest.raises(RejectedError) as info:
        import_package(receiver, F.REVIEWER, hostile,
                       identity=age.X25519Identity.generate())
    assert info.value.code == "PKG_WORK_FACTOR_TOO_HIGH"


def test_a_workstation_key_asking_for_work_factor_21_is_refused(tmp_path: Path) -> None:
    secret, _recipient = identity.generate()
    blob = with_work_factor(identity.protect(secret, "pw", work_factor=10), 21)
    with pytest.raises(RejectedError) as info:
        identity.unprotect(blob, "pw")
    assert info.value.code == "IDENTITY_WORK_FACTOR_TOO_HIGH"


def test_our_writer_will_not_ask_for_more_than_the_cap() -> None:
    with pytest.raises(age.AgeError, match="between 1 and 20"):
        age.ScryptRecipient("pw", work_factor=21)
