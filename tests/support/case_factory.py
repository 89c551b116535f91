"""Cases inserted through the storage models with their audit entries.

Stands in for the import pipeline (written concurrently): every row is
followed by its audit entry in the same unit of work, as a real import does,
so ``audit verify`` stays green.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from reviewer_app.domain.case import CaseStatus, format_reference
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import CaseRow

ORGS = ("Northwind AI", "Contoso Labs", "Fabrikam Research", "Tailspin Models", "Litware Inc")
MODELS = ("Aurora", "Borealis", "Cirrus", "Dune", "Ember", "Fjord", "Glacier")


@dataclass(frozen=True)
class CaseSpec:
    reference: str
    model: str
    version: str
    organization: str
    received: datetime
    window_end: date
    status: CaseStatus = CaseStatus.RECEIVED


def spec(n: int, *, today: date | None = None, days_left: int | None = None) -> CaseSpec:
    today = today or datetime.now(UTC).date()
    left = days_left if days_left is not None else 30 - (n % 45)
    end = today + timedelta(days=left)
    received = datetime.combine(end - timedelta(days=30), datetime.min.time(), tzinfo=UTC)
    return CaseSpec(format_reference("FMR", 2026, n), f"{MODELS[n % len(MODELS)]}-{n % 13}",
                    f"{1 + n % 4}.{n % 10}", ORGS[n % len(ORGS)], received, end)


def many(count: int, *, today: date | None = None) -> list[CaseSpec]:
    return [spec(n, today=today) for n in range(1, count + 1)]


def insert_cases(ws: object, specs: Iterable[CaseSpec]) -> int:
    count = 0
    with ws.uow() as s:  # type: ignore[attr-defined]
        for c in specs:
            case_uuid = str(uuid.uuid4())
            row = CaseRow(uuid=case_uuid, reference=c.reference, package_id=f"pkg-{case_uuid[:8]}",
                          manifest_sha256="0" * 64, status=c.status.value, received_at=c.received,
                          window_end=c.window_end, model_name=c.model, model_version=c.version,
                          organization=c.organization, store_dir=case_uuid, checks={},
                          signer={})
            s.add(row)
            audit_chain.append(s, actor="system", action="case.import", case_uuid=case_uuid,
                               subject=audit_chain.case_subject(case_uuid), subject_row=row,
                               details={"reference": c.reference})
            count += 1
    return count
