"""A case decided "covered with conditions", its letter signed by the reviewer and
countersigned by the supervisor: the issued letter the signing, stamp and print
tests read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewer_app.domain.determination import parse_condition
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import decide
from reviewer_app.services.workspace.folder import Workspace
from tests.support.cases import CREDENTIAL_PASSPHRASE, Office, make_case, make_office, new_workspace
from tests.support.nss import nss_db

REF = "FMR-2026-0001"


@dataclass
class IssuedLetter:
    ws: Workspace
    office: Office
    nss: Path  # an NSS database trusting the office CA, for pdfsig
    draft: bytes  # the unsigned letter as rendered before signing
    signed: Path  # the reviewer's signature
    countersigned: Path  # and the supervisor's: the issued letter


def issue_letter(folder: Path) -> IssuedLetter:
    """Everything under ``folder``; the caller closes ``ws``."""
    ws = new_workspace(folder / "ws", demo=True)
    office = make_office(ws)
    make_case(ws)
    decide(ws, office.reviewer, REF, "covered_with_conditions",
           [parse_condition("vetted_partner_access@2027-03-01:Vetted partners only")],
           "The cyber score is over the threshold.")
    draft = letters.render_draft(ws, REF)
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE, folder / "signed.pdf")
    letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE, folder / "issued.pdf")
    return IssuedLetter(ws, office, nss_db(folder / "nss", office.ca_pem), draft,
                        folder / "signed.pdf", folder / "issued.pdf")
