"""A letter signed with a key on a PKCS#11 token (SoftHSM2) goes through the same checks:
its certificate chain against the office anchors and CRLs, before anything is signed."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import NotPermittedError
from reviewer_app.services.access.pdf_trust import verify_pdf
from reviewer_app.services.access.trust import add_trust_file
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import decide
from tests.support.cases import make_case, make_office, new_workspace
from tests.support.pki import CertSpec, make_crl, make_leaf
from tests.support.tokens import add_token_user, make_token, needs_softhsm, reset_library

pytestmark = needs_softhsm

REF = "FMR-2026-0001"
PIN = "4321-8765"


def test_a_token_signer_signs_until_its_certificate_is_revoked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = new_workspace(tmp_path / "ws")
    try:
        office = make_office(ws)
        leaf = make_leaf(CertSpec("Tina On Token", organization="Test Review Office"), office.ca)
        tina = add_token_user(ws, "tina", make_token(tmp_path / "hsm", leaf, monkeypatch,
                                                     pin=PIN), display_name="Tina Token")
        make_case(ws)
        decide(ws, tina, REF, "not_covered", [], "Below every threshold.")
        signed = letters.sign_letter(ws, tina, REF, PIN)
        report = verify_pdf(ws, signed.path)
        assert report.ok and report.signatures[0].signer == "Tina On Token"
        (tmp_path / "tina.crl").write_bytes(make_crl(office.ca, [leaf.cert.serial_number]))
        add_trust_file(ws, Actor("system", Role.ADMINISTRATOR), tmp_path / "tina.crl")
        with pytest.raises(NotPermittedError) as refused:
            letters.sign_letter(ws, tina, REF, PIN)
        assert refused.value.code == "CREDENTIAL_REVOKED"
        assert [x.version for x in letters.list_letters(ws, REF)] == [1]
    finally:
        ws.close()
        reset_library()
