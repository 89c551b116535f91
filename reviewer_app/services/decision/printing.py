"""The print copy of a letter: what Print sends to a printer or writes as a PDF file.

A printout is not the signed record (a signature lives in the PDF's bytes, not
on paper), so Print makes a copy that says what the record holds: the letter's
pages as they are (text and embedded fonts kept), each signature box written
out as text (who signed, when, the certificate's name, serial number, issuer
and SHA-256 fingerprint, and what verifying the letter against this
workspace's office anchors and CRLs found at the moment of printing; nothing
is fetched), an empty box marked "Not signed", and a footer line on every
page: when and by whom it was printed, and that the signed PDF is the record.
"""

from __future__ import annotations

from datetime import UTC, datetime

from reviewer_app.pdf.print_copy import make_print_copy, signature_boxes
from reviewer_app.pdf.verify import SignatureCheck
from reviewer_app.services.access import verify_letter_bytes
from reviewer_app.services.workspace import Workspace

TIME = "%Y-%m-%d %H:%M:%S UTC"
NOT_SIGNED = "Not signed"
_NOT_VALID = {
    "modified": "the letter was changed after this signature",
    "revoked": "the signer's certificate is revoked",
    "untrusted": "the certificate is not trusted by this office",
    "same_certificate": "made with the same certificate as another signature",
    "broken": "the signature cannot be read",
}


def print_copy(ws: Workspace, pdf: bytes, *, printed_by: str,
               now: datetime | None = None) -> bytes:
    """The print copy of the letter (or draft) ``pdf``, printed by ``printed_by`` at ``now``.

    A file that is not a readable PDF is RejectedError PDF_INVALID.
    """
    report = verify_letter_bytes(ws, pdf, "the letter")
    signed = {check.field_name: box_lines(check) for check in report.signatures}
    boxes = {box.name: signed.get(box.name, [NOT_SIGNED]) for box in signature_boxes(pdf)}
    when = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if report.signatures:
        footer = (f"Printed copy, {when}, by {printed_by}: not the record; the signed PDF is. "
                  "Signatures as verified when printed.")
    else:
        footer = f"Printed copy of an unsigned letter, {when}, by {printed_by}: not a record."
    return make_print_copy(pdf, boxes, footer)


def box_lines(check: SignatureCheck) -> list[str]:
    """What one signature box of the print copy says, top down."""
    when = check.signing_time.astimezone(UTC).strftime(TIME) if check.signing_time \
        else "signing time not recorded"
    fingerprint = fingerprint_groups(check.cert_sha256.split("/")[0])
    certificate = f"Certificate: {check.signer}"
    if check.cert_serial:
        certificate += f", serial {check.cert_serial}"
    if check.issuer:
        certificate += f", issued by {check.issuer}"
    lines = [f"Digitally signed by {check.signer}", f"Signed {when}", certificate]
    if fingerprint:
        half = (len(fingerprint) + 1) // 2
        lines += ["SHA-256 " + " ".join(fingerprint[:half]), "        " + " ".join(fingerprint[half:])]
    if check.ok:
        lines.append("Verified when printed: intact, certificate trusted by this office")
    else:
        lines.append("NOT VALID when printed: " + _NOT_VALID.get(check.verdict, check.verdict))
    return lines


def fingerprint_groups(hex_digest: str) -> list[str]:
    """A SHA-256 in groups of four upper-case hex digits, as people read them out."""
    digest = hex_digest.upper()
    return [digest[i:i + 4] for i in range(0, len(digest), 4)]


__all__ = ["box_lines", "fingerprint_groups", "print_copy"]
