"""remote-users add|list|remove: a person of the office elsewhere, registered by certificate.

rhea works at workstation A only. Her case file reaches B, where she is no
user: refused until B's administrator registers her certificate, accepted
then, refused again once she is removed. Only an administrator registers;
a row slipped into the database with sqlite3 speaks for nobody.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from reviewer_app.__main__ import main
from reviewer_app.crypto.trust import parse_certificates
from reviewer_app.domain.users import Role
from reviewer_app.services.casefile.exporting import export_case
from reviewer_app.services.intake.package_import import import_package
from reviewer_app.services.workspace.folder import open_workspace
from tests.support import casefile_attacks as X
from tests.support import casefiles as F
from tests.support.packages import PackageSpec, make_test_pki

Run = Callable[..., tuple[int, str, str]]


@dataclass(frozen=True)
class Made:
    b_root: Path
    case_file: Path
    pem: Path
    rita_pem: Path
    ca_key: Any


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    root = tmp_path_factory.mktemp("remote")
    submitters, office = make_test_pki(), F.make_office_pki()
    a = F.make_workstation(root / "A", submitters, office)
    b = F.make_workstation(root / "B", submitters, office)
    rhea_cert = X.office_person(office, "Rhea Remote")
    with a.open() as ws:
        rhea = X.add_local_signer(ws, "rhea", Role.REVIEWER, rhea_cert, office)
        package = PackageSpec(submitters, a.recipient).build(root / "p.subpkg")
        ref = import_package(ws, rhea, package, identity=a.identity).case.reference
        export_case(ws, rhea, ref, root / "rhea.case", recipients=[b.recipient],
                    case_file_passphrase=None, credential_passphrase=F.CREDENTIAL)
    (root / "rhea.pem").write_bytes(rhea_cert.cert.public_bytes(serialization.Encoding.PEM))
    (root / "rita.pem").write_bytes(office.reviewer.cert.public_bytes(serialization.Encoding.PEM))
    (root / "pw").write_text(F.PASSWORD)
    (root / "pp").write_text(F.PASSPHRASE)
    return Made(b.root, root / "rhea.case", root / "rhea.pem", root / "rita.pem", office.ca.key)


@dataclass(frozen=True)
class Setting:
    run: Run  # reviewer-app as a user of this test's copy of B
    b_root: Path
    case_file: Path  # rhea's, from A
    pem: Path  # rhea's certificate
    rita_pem: Path
    ca_key: Any  # the office CA's key (to issue a second certificate for rhea's key)


@pytest.fixture
def setting(made: Made, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Setting:
    b_root = tmp_path / "B"
    shutil.copytree(made.b_root, b_root)
    secrets = made.case_file.parent

    def run(user: str, *args: str) -> tuple[int, str, str]:
        rc = main(["--workspace", str(b_root), "--user", user, "--password-file",
                   str(secrets / "pw"), "--passphrase-file", str(secrets / "pp"), *args])
        out = capsys.readouterr()
        return rc, out.out, out.err

    return Setting(run, b_root, made.case_file, made.pem, made.rita_pem, made.ca_key)


def test_register_import_remove(setting: Setting) -> None:
    run, case_file, pem = setting.run, setting.case_file, setting.pem
    rc, _out, err = run("rita", "import-case", str(case_file))
    assert rc == 3 and "CASE_SIGNER_MISMATCH" in err and "'rhea' is neither a user" in err

    rc, _out, err = run("rita", "remote-users", "add", "rhea", "--certificate", str(pem),
                        "--role", "reviewer")
    assert rc == 5 and "NOT_PERMITTED" in err

    rc, out, _err = run("alice", "remote-users", "add", "rhea", "--certificate", str(pem),
                        "--role", "reviewer", "--display-name", "Rhea Remote")
    assert rc == 0 and "Rhea Remote" in out
    rc, out, _err = run("alice", "remote-users", "list", "--json")
    listed = json.loads(out)
    assert [(r["username"], r["role"], r["added_by"]) for r in listed] == [
        ("rhea", "reviewer", "alice")]

    rc, out, _err = run("rita", "import-case", str(case_file), "--json")
    assert rc == 0 and json.loads(out)["outcome"] == "created"

    assert run("alice", "remote-users", "remove", "rhea")[0] == 0
    assert json.loads(run("alice", "remote-users", "list", "--json")[1]) == []
    rc, _out, err = run("alice", "audit", "verify")
    assert rc == 0, err
    with open_workspace(setting.b_root) as ws:
        actions = F.audit_actions(ws)
    assert actions.count("case.rejected") == 1 and actions.count("refused") == 1
    assert actions.index("remote_user.add") < actions.index("case.import") \
        < actions.index("remote_user.remove")


def test_one_certificate_one_person(setting: Setting) -> None:
    run, pem, rita_pem = setting.run, setting.pem, setting.rita_pem
    rc, _out, err = run("alice", "remote-users", "add", "rita", "--certificate", str(pem),
                        "--role", "reviewer")
    assert rc == 2 and "USER_EXISTS" in err
    rc, _out, err = run("alice", "remote-users", "add", "mallory", "--certificate",
                        str(rita_pem), "--role", "supervisor")
    assert rc == 2 and "CERTIFICATE_IN_USE" in err and "'rita'" in err
    assert run("alice", "remote-users", "add", "rhea", "--certificate", str(pem),
               "--role", "reviewer")[0] == 0
    rc, _out, err = run("alice", "remote-users", "add", "rhea2", "--certificate", str(pem),
                        "--role", "reviewer")
    assert rc == 2 and "CERTIFICATE_IN_USE" in err
    rc, _out, err = run("alice", "remote-users", "add", "rhea", "--certificate", str(rita_pem),
                        "--role", "reviewer")
    assert rc == 2 and "USER_EXISTS" in err
    # A second certificate the CA issued for rhea's own key, under another name.
    twin = pem.parent / "twin.pem"
    twin.write_bytes(_same_key_certificate(pem, setting.ca_key, "Rhea's Twin"))
    rc, _out, err = run("alice", "remote-users", "add", "twin", "--certificate", str(twin),
                        "--role", "supervisor")
    assert rc == 2 and "CERTIFICATE_IN_USE" in err and "'rhea'" in err


def _same_key_certificate(pem: Path, ca_key: Any, name: str) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    original = x509.load_pem_x509_certificate(pem.read_bytes())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(original.issuer).public_key(original.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(original.not_valid_before_utc)
            .not_valid_after(original.not_valid_after_utc)
            .sign(ca_key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM)


def test_what_is_not_a_person_s_certificate(setting: Setting, tmp_path: Path) -> None:
    run = setting.run
    ca = tmp_path / "ca.pem"
    ca.write_bytes(F.make_office_pki().anchor_pem())
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    for path, says in ((ca, "a CA certificate"), (junk, "BAD_CERTIFICATE"),
                       (tmp_path / "absent.pem", "NO_SUCH_FILE")):
        rc, _out, err = run("alice", "remote-users", "add", "rhea", "--certificate", str(path),
                            "--role", "reviewer")
        assert rc == 2 and says in err, err
    rc, _out, err = run("alice", "remote-users", "add", "bad name!", "--certificate",
                        str(setting.pem), "--role", "reviewer")
    assert rc == 2 and "BAD_USERNAME" in err
    rc, _out, err = run("alice", "remote-users", "remove", "nobody")
    assert rc == 2 and "NO_SUCH_USER" in err
    assert json.loads(run("alice", "remote-users", "list", "--json")[1]) == []


def test_a_row_written_with_sqlite_speaks_for_nobody(setting: Setting) -> None:
    run, case_file, pem = setting.run, setting.case_file, setting.pem
    cert = parse_certificates(pem.read_bytes())[0]
    der = cert.public_bytes(serialization.Encoding.DER)
    db = setting.b_root / "reviewer.db"
    con = sqlite3.connect(db)
    con.execute("insert into remote_users (username, role, display_name, title, "
                "certificate_sha256, certificate, subject, added_by, added_at) "
                "values (?, 'reviewer', '', '', ?, ?, ?, 'alice', ?)",
                ("rhea", hashlib.sha256(der).hexdigest(), pem.read_text(),
                 cert.subject.rfc4514_string(), datetime.now(UTC).isoformat()))
    con.commit()
    con.close()
    rc, _out, err = run("rita", "import-case", str(case_file))
    assert rc == 3 and "CASE_SIGNER_MISMATCH" in err and "outside the application" in err

