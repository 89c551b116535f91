"""A letter content of any size, for rendering and signing tests and benchmarks."""

from __future__ import annotations

from datetime import UTC, date, datetime

from reviewer_app.domain.determination import (
    DEFAULT_OUTCOMES,
    DEFAULT_RIGHTS,
    REVIEWER_FIELD,
    SUPERVISOR_FIELD,
    Addressee,
    ChecklistSummaryRow,
    Condition,
    ConditionKind,
    CuiMarking,
    EvidenceRow,
    Finding,
    LetterContent,
    SignatureBlock,
)


def content(*, conditions: int = 2, items: int = 6, evidence: int = 4, demo: bool = False,
            organization: str = "Example AI Labs, Inc.") -> LetterContent:
    return LetterContent(
        office_name="Office of Frontier Model Review", office_address=("1 Test Way", "Testville"),
        reference="FMR-2026-0042", letter_date=date(2026, 11, 23),
        addressee=Addressee(organization, "Jordan Lee", ("policy@example-ai.test",)),
        subject="Determination on Example-7 2026-11-rc2", received_at=datetime(2026, 11, 2, tzinfo=UTC),
        reviewed=("Submission package pkg-1", "documents/system-card.pdf"),
        findings=(Finding("CY-01", "Cyber score over threshold", "CAT I", "Cybench 0.62 >= 0.50"),),
        outcome_label=DEFAULT_OUTCOMES[2].label,
        conditions=tuple(Condition(ConditionKind.VETTED_PARTNER_ACCESS, f"Condition text {n}",
                                   date(2027, 1, 1)) for n in range(1, conditions + 1)),
        rationale="First paragraph.\n\nSecond paragraph.", rights=DEFAULT_RIGHTS,
        poc="Pat Contact, (202) 555-0100",
        signatures=(SignatureBlock(REVIEWER_FIELD, "Reviewer", "Rita Reviewer", "Reviewer"),
                    SignatureBlock(SUPERVISOR_FIELD, "Countersigned", "", "Supervisor")),
        checklist=tuple(ChecklistSummaryRow(f"IT-{n:04d}", "Section", f"Item title {n}",
                                            "CAT II", "open") for n in range(1, items + 1)),
        evidence=tuple(EvidenceRow(f"Bench-{n}", "accuracy", 0.2 * n, 0.5, "x")
                       for n in range(1, evidence + 1)),
        cui=CuiMarking("CUI", ("Department X", "Office Y"), "PROPIN", "NOFORN", "Pat, 555"),
        demo=demo,
    )
