"""Access: who may act and whose signatures count.

Roles (``require_role``), sign-in (the password check on the start-up path, the
login records, lockout), accounts, signing credentials, trust anchors, the
users of other workstations known from case files, and verifying a signed PDF
against the office's trust.

The names below are the area's public face (see ``services/faces.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.services.faces import lazy_face

if TYPE_CHECKING:
    from reviewer_app.services.access.credentials import (
        bind_credential as bind_credential,
    )
    from reviewer_app.services.access.credentials import (
        check_signing_identity as check_signing_identity,
    )
    from reviewer_app.services.access.credentials import (
        pkcs12_identity as pkcs12_identity,
    )
    from reviewer_app.services.access.credentials import (
        refuse as refuse,
    )
    from reviewer_app.services.access.login_outcomes import (
        SignIn as SignIn,
    )
    from reviewer_app.services.access.login_records import (
        record_login as record_login,
    )
    from reviewer_app.services.access.pdf_trust import (
        office_trust as office_trust,
    )
    from reviewer_app.services.access.pdf_trust import (
        verify_letter_bytes as verify_letter_bytes,
    )
    from reviewer_app.services.access.pdf_trust import (
        verify_pdf as verify_pdf,
    )
    from reviewer_app.services.access.remote_users import (
        KnownSigner as KnownSigner,
    )
    from reviewer_app.services.access.remote_users import (
        add_remote_user as add_remote_user,
    )
    from reviewer_app.services.access.remote_users import (
        known_signer as known_signer,
    )
    from reviewer_app.services.access.remote_users import (
        list_remote_users as list_remote_users,
    )
    from reviewer_app.services.access.remote_users import (
        remove_remote_user as remove_remote_user,
    )
    from reviewer_app.services.access.roles import (
        require_role as require_role,
    )
    from reviewer_app.services.access.sign_in import (
        check_password as check_password,
    )
    from reviewer_app.services.access.sign_in import (
        sole_username as sole_username,
    )
    from reviewer_app.services.access.signing_credential import (
        Credential as Credential,
    )
    from reviewer_app.services.access.signing_credential import (
        credential_kind as credential_kind,
    )
    from reviewer_app.services.access.signing_credential import (
        load_credential as load_credential,
    )
    from reviewer_app.services.access.trust import (
        TrustAdded as TrustAdded,
    )
    from reviewer_app.services.access.trust import (
        TrustListing as TrustListing,
    )
    from reviewer_app.services.access.trust import (
        TrustRemoved as TrustRemoved,
    )
    from reviewer_app.services.access.trust import (
        add_trust_file as add_trust_file,
    )
    from reviewer_app.services.access.trust import (
        list_trust as list_trust,
    )
    from reviewer_app.services.access.trust import (
        remove_trust_file as remove_trust_file,
    )
    from reviewer_app.services.access.users import (
        UserInfo as UserInfo,
    )
    from reviewer_app.services.access.users import (
        add_user as add_user,
    )
    from reviewer_app.services.access.users import (
        authenticate as authenticate,
    )
    from reviewer_app.services.access.users import (
        change_password as change_password,
    )
    from reviewer_app.services.access.users import (
        create_user as create_user,
    )
    from reviewer_app.services.access.users import (
        list_users as list_users,
    )
    from reviewer_app.services.access.users import (
        record_lock as record_lock,
    )
    from reviewer_app.services.access.users import (
        record_logout as record_logout,
    )
    from reviewer_app.services.access.users import (
        set_active as set_active,
    )
    from reviewer_app.services.access.users import (
        set_role as set_role,
    )
    from reviewer_app.services.access.users import (
        unlock_user as unlock_user,
    )

__getattr__, __all__ = lazy_face(__name__, {
    "credentials": (
        "bind_credential",
        "check_signing_identity",
        "pkcs12_identity",
        "refuse",
    ),
    "login_outcomes": (
        "SignIn",
    ),
    "login_records": (
        "record_login",
    ),
    "pdf_trust": (
        "office_trust",
        "verify_letter_bytes",
        "verify_pdf",
    ),
    "remote_users": (
        "KnownSigner",
        "add_remote_user",
        "known_signer",
        "list_remote_users",
        "remove_remote_user",
    ),
    "roles": (
        "require_role",
    ),
    "sign_in": (
        "check_password",
        "sole_username",
    ),
    "signing_credential": (
        "Credential",
        "credential_kind",
        "load_credential",
    ),
    "trust": (
        "TrustAdded",
        "TrustListing",
        "TrustRemoved",
        "add_trust_file",
        "list_trust",
        "remove_trust_file",
    ),
    "users": (
        "UserInfo",
        "add_user",
        "authenticate",
        "change_password",
        "create_user",
        "list_users",
        "record_lock",
        "record_logout",
        "set_active",
        "set_role",
        "unlock_user",
    ),
})
