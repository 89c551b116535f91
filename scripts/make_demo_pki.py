"""Remake the fixed demo PKI in resources/demo/ (run once; the files are committed).

Every demo workspace trusts the same CAs, so demo letters and case files made
on one demo workstation validate on any other. Demo passphrase: ``demo``.
Never use these keys for real work: their private keys are public.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.pki import CertSpec, make_ca, make_leaf, to_pkcs12

OUT = Path(__file__).resolve().parents[1] / "resources" / "demo" / "pki"
START = datetime(2026, 1, 1, tzinfo=UTC)
YEARS_30 = 365 * 30 + 7


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    sub_ca = make_ca(
        CertSpec(
            "Example AI Labs Root CA (DEMO)",
            "Example AI Labs, Inc.",
            not_before=START,
            days=YEARS_30,
        )
    )
    submitter = make_leaf(
        CertSpec(
            "Example AI Labs Release Signing (DEMO)",
            "Example AI Labs, Inc.",
            not_before=START,
            days=YEARS_30,
            email="policy@example-ai.test",
        ),
        sub_ca,
    )
    office_ca = make_ca(
        CertSpec(
            "Frontier Model Review Office CA (DEMO)",
            "Office of Frontier Model Review (DEMO)",
            not_before=START,
            days=YEARS_30,
        )
    )
    (OUT / "submitter-ca.pem").write_bytes(sub_ca.cert_pem())
    (OUT / "submitter.pem").write_bytes(submitter.cert_pem())
    (OUT / "submitter.key").write_bytes(submitter.key_pem())
    (OUT / "office-ca.pem").write_bytes(office_ca.cert_pem())
    (OUT / "office-ca.key").write_bytes(office_ca.key_pem())
    for user, name, _title in (
        ("reviewer", "Riley Reviewer (DEMO)", "Reviewer"),
        ("supervisor", "Sam Supervisor (DEMO)", "Supervisory Reviewer"),
    ):
        leaf = make_leaf(
            CertSpec(
                name,
                "Office of Frontier Model Review (DEMO)",
                not_before=START,
                days=YEARS_30,
                email=f"{user}@review-office.test",
            ),
            office_ca,
        )
        (OUT / f"{user}.pem").write_bytes(leaf.cert_pem())
        (OUT / f"{user}.p12").write_bytes(to_pkcs12(leaf, [office_ca.cert], b"demo", name))
    print(f"demo PKI written to {OUT}")


if __name__ == "__main__":
    main()
