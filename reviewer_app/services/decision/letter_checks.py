"""What must hold before a letter is signed or countersigned, checked with the opened credential.

- The credential's certificate is the one bound to the signer and to nobody
  else (``services.access.credentials.check_signing_identity``).
- Its chain validates now against the office anchors and the workspace's CRLs,
  by the same rules ``verify-pdf`` applies (``pdf.revocation``): a revoked,
  expired or foreign certificate signs nothing.
- A countersignature comes from a certificate (and key) different from every
  earlier signature on the letter: the two-person rule is about certificates,
  not user names.
- The letter renders the case's current determination (its recorded digest).

Every refusal is audited (``refused``, a workstation-local entry) and raised
as NotPermittedError (exit 5), except a stale letter (RejectedError, exit 3).
"""

from __future__ import annotations

from reviewer_app.domain.determination import LETTER_DIGEST_KEY
from reviewer_app.domain.users import Actor
from reviewer_app.errors import RejectedError
from reviewer_app.pdf import signing
from reviewer_app.pdf.revocation import check_signer
from reviewer_app.services.access import check_signing_identity, office_trust, refuse
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_chain


def check_credential(ws: Workspace, actor: Actor, signer: signing.LoadedSigner, *,
                     action: str, case: str) -> None:
    """The opened credential is the actor's own, bound to nobody else, and trusted now."""
    check_signing_identity(ws, actor, signer.identity, action=action)
    problem = check_signer(signer.certificate, signer.chain, office_trust(ws))
    if problem is not None:
        code = "CREDENTIAL_REVOKED" if "revoked" in problem else "CREDENTIAL_UNTRUSTED"
        raise refuse(ws, actor, action, code, f"{actor.username} cannot sign: {problem}",
                     {"case": case, "certificate_sha256": signer.identity.cert_sha256})


def check_second_certificate(ws: Workspace, actor: Actor, pdf: bytes,
                             signer: signing.LoadedSigner, *, case: str) -> None:
    """Refuse a countersignature by a certificate (or key) that already signed the letter."""
    mine = signer.identity
    for earlier in signing.embedded_signers(pdf):
        if earlier.identity is not None and earlier.identity.same_signer(mine):
            raise refuse(ws, actor, "letter.countersign", "TWO_PERSON_RULE",
                         f"the letter's {earlier.field_name} signature was made with the same "
                         f"certificate ({mine.subject}) {actor.username} signs with; a second "
                         "person's certificate must countersign",
                         {"case": case, "certificate_sha256": mine.cert_sha256})


def check_renders_current(ws: Workspace, actor: Actor, pdf: bytes, recorded: str | None,
                          current: str | None, *, case: str, version: int) -> None:
    """Refuse a letter whose determination digest (row and PDF) is not the current one."""
    in_pdf = {e.info.get(LETTER_DIGEST_KEY) for e in signing.embedded_signers(pdf)}
    if recorded is None or current != recorded or in_pdf != {recorded}:
        with ws.uow() as s:
            audit_chain.append(s, actor=actor.username, action="refused",
                               details={"action": "letter.countersign",
                                        "code": "DETERMINATION_CHANGED", "case": case,
                                        "version": version})
        raise RejectedError("DETERMINATION_CHANGED",
                            f"letter version {version} of {case} does not render the case's "
                            "current determination; sign a new letter")
