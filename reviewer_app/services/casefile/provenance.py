"""Whose word a case file is: its exporter, its letters' signers, and what they may carry.

Run by ``import_case`` on a verified, staged case file before anything changes
(docs/case-file-v1.md, section 2.1):

* the certificate that signed the manifest must be the one this workspace has
  on record for the exporter it names (a local user's credential record, or a
  remote user an administrator registered);
* every letter is validated as ``reviewer-app verify-pdf`` validates it, and
  its signatures must be, in order, those of the people its record names;
* every new entry of the case chain must be by the exporter, or by a person
  whose letter signature the file carries and not later than that signing.

Each failure is a ``RejectedError`` (``CASE_SIGNER_MISMATCH``,
``CASE_LETTER_INVALID``); the importer records it as ``case.rejected``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from reviewer_app.crypto.cms import SignerInfo
from reviewer_app.domain import casefile as cf
from reviewer_app.domain.casefile_provenance import SIGNING_ACTIONS, Signing, first_unvouched
from reviewer_app.errors import RejectedError
from reviewer_app.pdf.signer_certs import signer_fingerprints
from reviewer_app.services.access import KnownSigner, known_signer, verify_pdf
from reviewer_app.services.workspace import Workspace

SIGNER_MISMATCH = "CASE_SIGNER_MISMATCH"
LETTER_INVALID = "CASE_LETTER_INVALID"
# A superseded letter (a later decision replaced it) travels as it was signed.
_LETTER_STATES = ("signed", "countersigned", "superseded")


@dataclass(frozen=True)
class Provenance:
    """Who the file speaks for: its exporter and the letter signatures bound to people."""

    exporter: str
    signings: frozenset[Signing]


def _mismatch(message: str) -> RejectedError:
    return RejectedError(SIGNER_MISMATCH, message)


def _unknown(username: str) -> str:
    return (f"'{username}' is neither a user of this workstation nor a remote user registered "
            "here (an administrator registers one: reviewer-app remote-users add)")


def _person(s: Session, username: str) -> KnownSigner:
    known = known_signer(s, username)
    if known is None:
        raise _mismatch(_unknown(username))
    if known.problem:
        raise _mismatch(f"nothing signed by '{username}' is accepted here: {known.problem}")
    return known


def check_exporter(ws: Workspace, m: cf.CaseManifest, sender: SignerInfo) -> str:
    """The manifest's signer is the exporter it names, as this workspace knows them."""
    username = str(m.exporter["username"])
    with ws.reader() as s:
        known = _person(s, username)
    if known.role not in ("reviewer", "supervisor"):
        raise _mismatch(f"'{username}' is {known.role}, and only reviewers and supervisors "
                        "send case files")
    if known.certificate_sha256 != sender.fingerprint_sha256:
        raise _mismatch(f"the case file is signed by {sender.subject} (certificate sha256 "
                        f"{sender.fingerprint_sha256[:16]}...), which is not the certificate "
                        f"on record here for its exporter '{username}'")
    return username


def check_letters(ws: Workspace, m: cf.CaseManifest, stage: Path) -> frozenset[Signing]:
    """Every letter verifies as verify-pdf would, signed by exactly the people it names."""
    signings: set[Signing] = set()
    for letter in m.letters:
        version, name = int(letter["version"]), str(letter["stored_name"])
        what = f"letter version {version} ({name})"
        path = stage.joinpath("letters", *name.split("/"))
        try:
            report = verify_pdf(ws, path)
        except RejectedError as exc:
            if exc.code != "PDF_INVALID":
                raise
            raise RejectedError(LETTER_INVALID, f"{what} is not a readable signed PDF: "
                                f"{exc.message}") from None
        if not report.ok:
            reasons = [p for sig in report.signatures if not sig.ok for p in sig.problems]
            detail = "; ".join(reasons) if reasons else "it holds no signature"
            raise RejectedError(LETTER_INVALID, f"{what} fails verification: "
                                f"{report.bottom_line} ({detail})")
        signings |= _bind_letter(ws, letter, signer_fingerprints(path.read_bytes(), name=what),
                                 what)
    return frozenset(signings)


def _bind_letter(ws: Workspace, letter: dict[str, object], found: list[str],
                 what: str) -> set[Signing]:
    state = str(letter["state"])
    if state not in _LETTER_STATES:
        raise RejectedError(LETTER_INVALID, f"{what} is '{state}'; a case file carries "
                            "signed, countersigned or superseded letters only")
    expected = 2 if state == "countersigned" or letter.get("countersigned_by") else 1
    if len(found) != expected:
        raise RejectedError(LETTER_INVALID, f"{what} is {state} and so carries {expected} "
                            f"signature(s), but the PDF holds {len(found)}")
    if len(set(found)) != len(found):
        raise _mismatch(f"{what} is signed twice with one certificate: a countersignature "
                        "is a second person's")
    version = int(str(letter["version"]))
    out: set[Signing] = set()
    with ws.reader() as s:
        for (action, key), fingerprint in zip(SIGNING_ACTIONS.items(), found, strict=False):
            username = letter.get(key)
            if not isinstance(username, str) or not username:
                raise RejectedError(LETTER_INVALID, f"{what} names no {key}")
            person = _person(s, username)
            if action == "letter.countersign" and person.role != "supervisor":
                raise _mismatch(f"{what} is countersigned by '{username}', who is no supervisor")
            if person.certificate_sha256 != fingerprint:
                raise _mismatch(f"{what}'s {'first' if action == 'letter.sign' else 'second'} "
                                f"signature is not made with the certificate on record here "
                                f"for '{username}', whom the letter names as {key}")
            out.add(Signing(username, action, version))
    return out


def check_actors(m: cf.CaseManifest, start: int, provenance: Provenance) -> None:
    """Every new entry (from ``start``) is by someone the file speaks for."""
    bad = first_unvouched(m.audit, start, provenance.exporter, set(provenance.signings))
    if bad is None:
        return
    entry = m.audit[bad]
    raise _mismatch(f"audit[{bad}] ({entry.action} by '{entry.actor}') is new here, but the "
                    f"file is signed by '{provenance.exporter}' and carries no signature of "
                    f"'{entry.actor}' made after it")
