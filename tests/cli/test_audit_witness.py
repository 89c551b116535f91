"""Witnesses: an insider who recomputes the whole chain is caught by what left the workstation.

The workstation is real (``init``, an office PKI, PKCS#12 credentials, a decided
case); the insider works with ``sqlite3`` and the project's own hash functions
(tests/support/insider.py); the witnesses are a signed checkpoint, a signed
letter and a case file, given back to ``audit verify --witness``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer_app.__main__ import main
from reviewer_app.domain.determination import CuiMarking, parse_condition
from reviewer_app.errors import UsageError
from reviewer_app.services.audit.witness import read_witnesses, write_checkpoint
from reviewer_app.services.decision.determination import decide
from reviewer_app.services.workspace.folder import open_workspace
from reviewer_app.services.workspace.keys import workstation_recipient
from tests.support import casefiles as F
from tests.support import insider
from tests.support.cases import make_case
from tests.support.packages import make_test_pki

REF = "FMR-2026-0099"  # decided (made directly); the imported sample case is FMR-2026-0001
IMPORTED = "FMR-2026-0001"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def _station(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, F.OfficePki]:
    root = tmp_path_factory.mktemp("witness")
    office = F.make_office_pki()
    submitters = make_test_pki()
    a = F.make_workstation(root / "A", submitters, office)
    with a.open() as ws:
        assert F.import_sample_case(ws, submitters, a.recipient, a.identity, root) == IMPORTED
        case_uuid = make_case(ws, reference=REF)
        decide(ws, F.REVIEWER, REF, "covered_with_conditions",
               [parse_condition("region_restriction:No access from countries of concern")],
               "The cyber score is over the threshold.",
               CuiMarking("CUI", ("Office X",), "PROPIN", "NOFORN", "Pat, 555"))
    return a.root, case_uuid, office


@pytest.fixture
def station(_station: tuple[Path, str, F.OfficePki], tmp_path: Path) -> tuple[Path, str]:
    root, case_uuid, _office = _station
    return Path(shutil.copytree(root, tmp_path / "A")), case_uuid


@pytest.fixture
def run(station: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    workspace = station[0]
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    for name, value in (("pw", F.PASSWORD), ("cred", F.CREDENTIAL), ("pp", F.PASSPHRASE)):
        (secrets / name).write_text(value)

    def go(*args: str, user: str = "rita") -> tuple[int, str, str]:
        rc = main(["--workspace", str(workspace), "--user", user, "--password-file",
                   str(secrets / "pw"), "--passphrase-file", str(secrets / "pp"), *args])
        out = capsys.readouterr()
        return rc, out.out, out.err

    go.cred = str(secrets / "cred")  # type: ignore[attr-defined]
    return go


def _checkpoint(run: Run, out: Path) -> dict[str, object]:
    rc, text, err = run("audit", "checkpoint", "-o", str(out), "--json",
                        "--credential-passphrase-file", run.cred)  # type: ignore[attr-defined]
    assert rc == 0, err
    return dict(json.loads(text))


def _verify(run: Run, *witnesses: Path) -> tuple[int, dict[str, object], str]:
    args = ["audit", "verify", "--json"]
    if witnesses:
        args += ["--witness", *map(str, witnesses)]
    rc, out, err = run(*args)
    return rc, json.loads(out) if out else {}, err


def test_verify_json_always_prints_the_head(run: Run, tmp_path: Path) -> None:
    rc, report, _ = _verify(run)
    assert rc == 0
    head = report["head"]
    assert isinstance(head, dict) and head["seq"] == report["entries"] and len(head["hash"]) == 64
    cp = _checkpoint(run, tmp_path / "cp.txt")
    assert (cp["seq"], cp["hash"]) == (head["seq"] + 1, cp["hash"])  # the checkpoint's sign-in
    rc, report, _ = _verify(run, tmp_path / "cp.txt")
    assert rc == 0 and report["witnesses"] == [
        {"file": "cp.txt", "kind": "checkpoint", "seq": cp["seq"], "hash": cp["hash"]}]


def test_a_recomputed_determination_edit_is_caught_by_a_checkpoint(
        run: Run, station: tuple[Path, str], tmp_path: Path) -> None:
    workspace, case_uuid = station
    cp = tmp_path / "daily-checkpoint.txt"
    _checkpoint(run, cp)
    rewritten = insider.rewrite_determination(workspace, case_uuid, "not_covered",
                                              "Nothing of concern.")
    rc, report, _ = _verify(run)
    assert rc == 0, "the rewrite fools the chain alone: that is why witnesses exist"
    rc, report, err = _verify(run, cp)
    assert rc == 4
    assert "daily-checkpoint.txt" in err and "rewritten" in err
    assert report["first_bad"]["seq"] > rewritten  # type: ignore[index]


def test_dropping_the_newest_entries_is_caught_by_a_checkpoint(
        run: Run, station: tuple[Path, str], tmp_path: Path) -> None:
    workspace, _ = station
    for _ in range(2):  # entries that change no covered row: a sign-in and a refusal each
        assert run("trust", "add", str(tmp_path))[0] == 5
    cp = tmp_path / "cp.txt"
    _checkpoint(run, cp)
    insider.drop_newest(workspace, 6)
    assert _verify(run)[0] == 0, "a truncation with the head fixed fools the chain alone"
    rc, report, err = _verify(run, cp)
    assert report["first_bad"]["reason"].startswith("the checkpoint cp.txt witnessed")  # type: ignore[index]
    assert rc == 4
    assert "cp.txt" in err and "entries were removed" in err


def test_a_signed_letter_witnesses_the_chain(run: Run, station: tuple[Path, str],
                                              tmp_path: Path) -> None:
    workspace, case_uuid = station
    letter = tmp_path / "letter.pdf"
    rc, _, err = run("letter", REF, "-o", str(letter), "--credential-passphrase-file",
                     run.cred)  # type: ignore[attr-defined]
    assert rc == 0, err
    rc, report, _ = _verify(run, letter)
    assert rc == 0 and [w["kind"] for w in report["witnesses"]] == ["letter"]  # type: ignore[union-attr]
    if shutil.which("openssl"):  # the attribute as anyone's tools show it (docs/audit-checkpoint-v1.md)
        import subprocess

        from pyhanko.pdf_utils.reader import PdfFileReader

        from reviewer_app.pdf.audit_head import AUDIT_HEAD_OID

        with letter.open("rb") as f:
            cms_der = PdfFileReader(f).embedded_signatures[0].pkcs7_content
        shown = subprocess.run(["openssl", "cms", "-cmsout", "-print", "-inform", "DER"],
                               input=cms_der, capture_output=True, timeout=60, check=True).stdout
        assert AUDIT_HEAD_OID.encode() in shown and report["witnesses"][0]["hash"].encode() in shown  # type: ignore[index]
    insider.rewrite_determination(workspace, case_uuid, "not_covered", "Nothing of concern.")
    rc, _, err = _verify(run, letter)
    assert rc == 4 and "letter letter.pdf" in err


def test_a_case_file_witnesses_the_chain_and_its_receiver_keeps_the_head(
        run: Run, station: tuple[Path, str], tmp_path: Path) -> None:
    workspace, case_uuid = station
    with open_workspace(workspace) as ws:
        mine = workstation_recipient(ws)
    case_file = tmp_path / "to-self.case"
    rc, _, err = run("export-case", IMPORTED, "-o", str(case_file), "--recipient", mine,
                     "--credential-passphrase-file", run.cred)  # type: ignore[attr-defined]
    assert rc == 0, err
    rc, report, _ = _verify(run, case_file)
    assert rc == 0 and [w["kind"] for w in report["witnesses"]] == ["case file"]  # type: ignore[union-attr]
    witnessed = report["witnesses"][0]  # type: ignore[index]

    # The same workstation receiving it back keeps the head it carries.
    rc, _, err = run("import-case", str(case_file))
    assert rc == 0, err
    rc, out, _ = run("audit", "list", "--json")
    received = [e["details"] for e in json.loads(out) if e["action"] == "witness.received"]
    assert received == [{"workstation": mine, "seq": witnessed["seq"], "hash": witnessed["hash"],
                         "file": "to-self.case", "case_file_id": received[0]["case_file_id"]}]

    insider.rewrite_determination(workspace, case_uuid, "not_covered", "Nothing of concern.")
    rc, _, err = _verify(run, case_file)
    assert rc == 4 and "case file to-self.case" in err
    with open_workspace(workspace) as ws, pytest.raises(UsageError) as info:
        read_witnesses(ws, case_file)  # no key to open it with
    assert info.value.code == "NO_SECRET"


def test_witness_rejections(run: Run, station: tuple[Path, str], tmp_path: Path,
                            _station: tuple[Path, str, F.OfficePki]) -> None:
    cp = tmp_path / "cp.txt"
    _checkpoint(run, cp)
    text = cp.read_text()

    forged = tmp_path / "forged.txt"  # a head changed after signing
    forged.write_text(text.replace("seq: ", "seq: 1", 1))
    rc, _, err = run("audit", "verify", "--witness", str(forged))
    assert rc == 3 and "WITNESS_INVALID" in err

    other = tmp_path / "other.txt"  # a head of another workstation (signature breaks too)
    other.write_text(text.replace("workstation: age1", "workstation: age1q", 1))
    assert run("audit", "verify", "--witness", str(other))[0] == 3

    damaged = tmp_path / "damaged.txt"  # no signature block at all
    damaged.write_text(text.split("-----BEGIN CMS-----")[0])
    rc, _, err = run("audit", "verify", "--witness", str(damaged))
    assert rc == 3 and "WITNESS_INVALID" in err and "BEGIN CMS" in err

    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00not a witness")
    rc, _, err = run("audit", "verify", "--witness", str(junk))
    assert rc == 3 and "WITNESS_UNKNOWN" in err


def test_a_checkpoint_of_another_workstation_is_not_this_chains_witness(
        run: Run, tmp_path: Path, _station: tuple[Path, str, F.OfficePki]) -> None:
    b = F.make_workstation(tmp_path / "B", make_test_pki(), _station[2])
    cp = tmp_path / "b.txt"
    with b.open() as ws:
        write_checkpoint(ws, F.REVIEWER, F.CREDENTIAL, cp)
    rc, _, err = run("audit", "verify", "--witness", str(cp))
    assert rc == 3 and "WITNESS_OTHER_WORKSTATION" in err and b.recipient in err


OPENSSL_VERIFY = """
sed '/^-----BEGIN CMS-----$/,$d' checkpoint.txt > body.txt
sed -n '/^-----BEGIN CMS-----$/,$p' checkpoint.txt > signature.pem
openssl cms -verify -binary -inform PEM -in signature.pem -content body.txt \\
    -CAfile office-ca.pem -purpose any -out /dev/null
"""


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_a_third_party_verifies_a_checkpoint_with_openssl(
        run: Run, tmp_path: Path, _station: tuple[Path, str, F.OfficePki]) -> None:
    """The commands of docs/audit-checkpoint-v1.md, run as written, by the real openssl."""
    import subprocess

    third = tmp_path / "third-party"
    third.mkdir()
    cp = _checkpoint(run, third / "checkpoint.txt")
    (third / "office-ca.pem").write_bytes(_station[2].anchor_pem())
    doc = (Path(__file__).parents[2] / "docs" / "audit-checkpoint-v1.md").read_text()
    assert OPENSSL_VERIFY.strip() in doc, "the test runs the commands the spec shows"

    def verify() -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-euc", OPENSSL_VERIFY], cwd=third, capture_output=True,
                              text=True, timeout=60, check=False)

    result = verify()
    assert result.returncode == 0 and "Verification successful" in result.stderr, result.stderr
    body = (third / "body.txt").read_text()
    assert f"seq: {cp['seq']}\nhash: {cp['hash']}\n" in body

    text = (third / "checkpoint.txt").read_text()
    (third / "checkpoint.txt").write_text(text.replace(f"seq: {cp['seq']}", "seq: 1", 1))
    result = verify()
    assert result.returncode != 0 and "Verification successful" not in result.stderr
