"""Users, roles and the acting user every service is handed."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    REVIEWER = "reviewer"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class Actor:
    """The authenticated user on whose behalf a service acts."""

    username: str
    role: Role
    display_name: str = ""

    @property
    def label(self) -> str:
        return self.display_name or self.username


# Used for actions no person takes (schema migrations, the demo builder).
SYSTEM = Actor(username="system", role=Role.ADMINISTRATOR, display_name="System")


@dataclass(frozen=True)
class CertificateIdentity:
    """What makes two signatures "by the same person": the certificate and its key.

    Two-person rules and credential bindings compare these (SHA-256 of the
    certificate's DER and of its SubjectPublicKeyInfo), never user names or
    common names; a second certificate issued for the same key counts as the
    same signer.
    """

    cert_sha256: str
    key_sha256: str
    subject: str = ""

    def same_signer(self, other: CertificateIdentity) -> bool:
        return self.cert_sha256 == other.cert_sha256 or self.key_sha256 == other.key_sha256

    def to_record(self) -> dict[str, str]:
        """The keys a user's credential record keeps (``users.credential`` JSON)."""
        return {"certificate_sha256": self.cert_sha256, "public_key_sha256": self.key_sha256,
                "certificate_subject": self.subject}

    @classmethod
    def from_record(cls, record: dict[str, object] | None) -> CertificateIdentity | None:
        """The identity a credential record holds, or None for one bound before it was kept."""
        cert, key = (record or {}).get("certificate_sha256"), (record or {}).get("public_key_sha256")
        if not isinstance(cert, str) or not isinstance(key, str):
            return None
        return cls(cert, key, str((record or {}).get("certificate_subject", "")))
