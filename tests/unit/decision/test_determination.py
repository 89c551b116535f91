"""Determinations: condition parsing, the CAT I rule, roles, outcomes, audit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reviewer_app.domain.determination import ConditionKind, CuiMarking, parse_condition
from reviewer_app.errors import NotPermittedError, RejectedError, UsageError
from reviewer_app.services import case_view
from reviewer_app.services.cases.reading import get_case
from reviewer_app.services.decision.determination import decide, get_determination
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.storage import audit_chain, audit_verify
from tests.support.cases import DEFAULT_ITEMS, make_case, make_office, new_workspace

REF = "FMR-2026-0001"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = new_workspace(tmp_path / "ws")
    yield workspace
    workspace.close()


def test_parse_condition_kinds_dates_and_errors() -> None:
    c = parse_condition("staged_access@2027-03-01:Vetted partners only: US and UK")
    assert c.kind is ConditionKind.STAGED_ACCESS
    assert c.until == date(2027, 3, 1)
    assert c.text == "Vetted partners only: US and UK"
    assert parse_condition("reporting_duty:Report incidents within 72 hours").until is None
    for bad in ("nonsense:text", "staged_access", "staged_access:", "staged_access@2027-13-01:x"):
        with pytest.raises(UsageError):
            parse_condition(bad)


def test_decide_records_determination_and_audits(ws: Workspace) -> None:
    office = make_office(ws)
    make_case(ws)
    cui = CuiMarking("CUI", ("Office X",), "PROPIN", "NOFORN", "Pat, 555")
    result = decide(ws, office.reviewer, REF, "covered_with_conditions",
                    [parse_condition("region_restriction:No access from countries of concern")],
                    "The cyber score is over the threshold.", cui)
    assert result.outcome.key == "covered_with_conditions"
    stored = get_determination(ws, REF)
    assert stored is not None and stored.cui == cui
    assert stored.conditions[0].kind is ConditionKind.REGION_RESTRICTION
    assert get_case(ws, REF).status.value == "decided"
    section = case_view.sections()["determination"](ws, get_case(ws, REF))
    assert section["outcome"] == "covered_with_conditions"
    with ws.reader() as s:
        assert audit_verify.verify_chain(s).ok
        actions = [e.action for e in audit_chain.entries(s)]
    assert "determination.record" in actions and "case.status" in actions


def test_cat_i_not_reviewed_blocks_and_names_items(ws: Workspace) -> None:
    office = make_office(ws)
    items = (*DEFAULT_ITEMS,
             ("CY-07", "Cyber", "Exploit uplift", "CAT I", "not_reviewed", ""),
             ("BIO-02", "Bio", "Wet-lab uplift", "CAT I", "not_reviewed", ""),
             ("AC-09", "Access", "Minor", "CAT II", "not_reviewed", ""))
    make_case(ws, items=items)
    with pytest.raises(RejectedError) as err:
        decide(ws, office.reviewer, REF, "not_covered", [], "Nothing crosses a threshold.")
    assert err.value.code == "DETERMINATION_BLOCKED" and err.value.exit_code == 3
    assert "CY-07" in err.value.message and "BIO-02" in err.value.message
    assert "AC-09" not in err.value.message
    assert get_determination(ws, REF) is None


def test_roles_outcomes_and_conditions_are_checked(ws: Workspace) -> None:
    office = make_office(ws)
    make_case(ws)
    from reviewer_app.domain.users import Actor, Role

    with pytest.raises(NotPermittedError):
        decide(ws, Actor("ada", Role.ADMINISTRATOR), REF, "not_covered", [], "x")
    with pytest.raises(UsageError, match=r"not an outcome"):
        decide(ws, office.reviewer, REF, "approved", [], "x")
    with pytest.raises(UsageError) as err:
        decide(ws, office.reviewer, REF, "covered_with_conditions", [], "x")
    assert err.value.code == "CONDITIONS_NEEDED"
    with pytest.raises(UsageError):
        decide(ws, office.reviewer, REF, "not_covered", [], "   ")
    # A supervisor may decide too, and may replace the determination.
    decide(ws, office.supervisor, REF, "not_covered", [], "Below every threshold.")
    decide(ws, office.reviewer, REF, "covered_no_objection", [], "Reconsidered.")
    stored = get_determination(ws, REF)
    assert stored is not None and stored.outcome.key == "covered_no_objection"
    with ws.reader() as s:
        assert audit_verify.verify_chain(s).ok
