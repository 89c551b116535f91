"""The office's revocation data as pyHanko sees it: hard where the workspace holds a CRL.

pyHanko's "soft-fail" mode consults a CRL only for a certificate that names a
distribution point, and its "hard-fail" mode demands revocation data for every
certificate (so an office without a CRL could sign nothing). Here the rule is
chosen per signature: a certificate whose issuer has a CRL in the workspace's
``trust/crl`` folder must be checked against it (``CRL_REQUIRED``: a revoked
certificate, or a CRL past its next update, fails); a certificate whose
issuer has none is checked only if it declares where its status lives, and
nothing is ever fetched (``allow_fetching=False``), so that check finds no data.

The same context serves ``verify-pdf`` (``pdf.verify``) and the check made
before a letter is signed or countersigned (``check_signer``), so a signer is
refused exactly when the verifier would reject the signature.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    InsufficientRevinfoError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
    ValidationError,
)
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)

logging.getLogger("pyhanko_certvalidator").setLevel(logging.ERROR)

_HELD = RevocationCheckingRule.CRL_REQUIRED
_NOT_HELD = RevocationCheckingRule.CHECK_IF_DECLARED_SOFT


@dataclass(frozen=True)
class OfficeTrust:
    """The workspace's office anchors and hand-carried CRLs, parsed once."""

    roots: tuple[asn1_x509.Certificate, ...]
    crls: tuple[asn1_crl.CertificateList, ...]

    @classmethod
    def load(cls, roots: Iterable[asn1_x509.Certificate], crls: Sequence[bytes]) -> OfficeTrust:
        try:
            return cls(tuple(roots), tuple(asn1_crl.CertificateList.load(c) for c in crls))
        except ValueError as exc:
            from reviewer_app.errors import RejectedError

            raise RejectedError("BAD_ANCHOR", f"a CRL cannot be read: {exc}") from exc

    def _issuers_with_crl(self) -> set[bytes]:
        return {c["tbs_cert_list"]["issuer"].dump() for c in self.crls}

    def context(self, signer: asn1_x509.Certificate,
                others: Iterable[asn1_x509.Certificate] = ()) -> ValidationContext:
        """A fresh validation context (pyHanko caches inside one) for ``signer``'s chain."""
        held = self._issuers_with_crl()
        anchors = {r.subject.dump() for r in self.roots}
        intermediates = [c for c in others if c.ca and c.subject.dump() not in anchors
                         and c.subject != signer.subject]
        ee_rule = _HELD if signer.issuer.dump() in held else _NOT_HELD
        ca_rule = _HELD if intermediates and all(c.issuer.dump() in held
                                                 for c in intermediates) else _NOT_HELD
        policy = CertRevTrustPolicy(RevocationCheckingPolicy(ee_rule, ca_rule))
        return ValidationContext(trust_roots=list(self.roots), crls=list(self.crls),
                                 allow_fetching=False, revinfo_policy=policy)


def describe_revocation(subject: str, when: datetime | None, signing_time: datetime | None,
                        *, ca: bool = False) -> str:
    """The report's words for a revoked certificate: which one, and when."""
    who = f"a CA certificate in the chain of {subject}" if ca else f"the certificate of {subject}"
    if when is None:
        return f"{who} is revoked in the office's CRL"
    text = f"{who} was revoked on {when:%Y-%m-%d %H:%M} UTC"
    if signing_time is not None and when <= signing_time:
        return text + f", before this signature was made ({signing_time:%Y-%m-%d %H:%M} UTC)"
    if signing_time is not None:
        claimed = f"{signing_time:%Y-%m-%d %H:%M} UTC"
        return text + f", after the signing time the signature claims ({claimed}), which no " \
            "timestamp proves"
    return text


def check_signer(cert: asn1_x509.Certificate, chain: Sequence[asn1_x509.Certificate],
                 trust: OfficeTrust) -> str | None:
    """Why ``cert`` may not sign now (untrusted, expired, revoked, stale CRL), or None."""
    validator = CertificateValidator(cert, list(chain), trust.context(cert, chain))
    try:
        asyncio.run(validator.async_validate_usage(set()))  # type: ignore[no-untyped-call]
    except RevokedError as exc:
        return describe_revocation(common_name(cert), exc.revocation_dt, None,
                                   ca=not exc.is_ee_cert)
    except InsufficientRevinfoError as exc:
        return f"the office's CRL cannot vouch for the certificate of {common_name(cert)}: {exc}"
    except PathBuildingError:
        return (f"the certificate of {common_name(cert)} does not chain to an office trust "
                "anchor of this workspace")
    except (PathValidationError, ValidationError) as exc:
        return f"the certificate of {common_name(cert)} is not valid now: {exc}"
    return None


def common_name(cert: asn1_x509.Certificate | None) -> str:
    if cert is None:
        return "unknown"
    try:
        return str(cert.subject.native.get("common_name") or cert.subject.human_friendly)
    except (ValueError, KeyError, TypeError):
        return "unknown"
