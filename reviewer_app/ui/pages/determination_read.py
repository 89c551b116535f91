"""What the Determination page shows, read in one job (off the GUI thread), and which of
its buttons the signed-in user may press (with the reason when not). Qt-free."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewer_app.domain.case import CaseStatus
from reviewer_app.domain.determination import Determination, Outcome
from reviewer_app.domain.permissions import COUNTERSIGN, DECIDE, SIGN, may
from reviewer_app.domain.suggested_outcome import Suggestion, suggest_outcome
from reviewer_app.domain.users import Actor
from reviewer_app.errors import ReviewerError

if TYPE_CHECKING:  # the letter code loads when a case's determination is shown
    from reviewer_app.services.decision import LetterInfo
    from reviewer_app.services.workspace import Workspace


@dataclass(frozen=True)
class Loaded:
    outcomes: tuple[Outcome, ...]  # the policy's, for the outcome choice
    determination: Determination | None
    letters: list[LetterInfo]
    pdf: bytes | None  # the newest letter, else a draft, else nothing to show
    kind: str  # "draft (not signed)", "letter version N (state)"...
    issued: bool = False  # the case's letter is countersigned: nothing may change
    suggestion: Suggestion | None = None  # None: the assessment could not be made
    assessment_problem: str = ""  # why there is no suggestion

    @property
    def newest(self) -> LetterInfo | None:
        return self.letters[-1] if self.letters else None


def read_determination(ws: Workspace, case_key: str) -> Loaded:
    """The stored determination, the assessment's outcome, and the newest letter or a draft."""
    from reviewer_app.services.cases import get_case
    from reviewer_app.services.decision import get_determination, letters, policy_facts

    outcomes = policy_facts(ws).outcomes
    issued = get_case(ws, case_key).status == CaseStatus.ISSUED
    suggestion, problem = _suggestion(ws, case_key, outcomes)
    determination = get_determination(ws, case_key)
    stored = letters.list_letters(ws, case_key)

    def loaded(pdf: bytes | None, kind: str) -> Loaded:
        return Loaded(outcomes, determination, stored, pdf, kind, issued, suggestion, problem)

    if stored:
        newest = stored[-1]
        return loaded(letters.letter_pdf(ws, case_key),
                      f"letter version {newest.version} ({newest.state})")
    if determination is None:
        return loaded(None, "no determination yet")
    try:
        return loaded(letters.render_draft(ws, case_key), "draft (not signed)")
    except ReviewerError as exc:
        return loaded(None, f"no preview: {exc.message}")


def _suggestion(ws: Workspace, case_key: str,
                outcomes: tuple[Outcome, ...]) -> tuple[Suggestion | None, str]:
    from reviewer_app.services.evidence import evaluate_case

    try:
        assessment = evaluate_case(ws, case_key).assessment
    except ReviewerError as exc:  # a broken policy, an unreadable manifest: say so, suggest none
        return None, f"The assessment could not be made ({exc.code}: {exc.message}); " \
                     "no outcome is pre-selected."
    return suggest_outcome(assessment, outcomes), ""


def outcome_note(loaded: Loaded, key: str | None) -> str:
    """What the page says beside the outcome chosen (``key``) about the assessment."""
    suggestion, recorded = loaded.suggestion, loaded.determination
    if suggestion is None:
        return loaded.assessment_problem
    if recorded is not None and key == recorded.outcome.key:
        text = f"Recorded outcome. Assessment: {suggestion.summary}."
    elif suggestion.outcome is not None and key == suggestion.outcome.key:
        text = suggestion.note
    else:
        text = f"Assessment: {suggestion.summary}."
    if key is not None and suggestion.disagrees_with(key):
        text += " The outcome chosen states otherwise."
    return text


def issued_banner(loaded: Loaded) -> str:
    """The banner over an issued case's form ("" when the case is not issued)."""
    if not loaded.issued:
        return ""
    newest = loaded.newest
    if newest is not None and newest.countersigned_at is not None:
        return (f"Issued: letter version {newest.version} was countersigned by "
                f"{newest.countersigned_by} on {newest.countersigned_at:%Y-%m-%d %H:%M} UTC. "
                "The determination and its letter can no longer change.")
    return "Issued: the determination and its letter can no longer change."


@dataclass(frozen=True)
class WhyNot:
    """Each button's reason to be disabled (None: it may be pressed)."""

    record: str | None
    sign: str | None
    countersign: str | None
    save: str | None  # Save as and Print: a letter or a draft to show


ISSUED = "The letter is issued: the determination and its letter can no longer change."


def why_not(loaded: Loaded, actor: Actor) -> WhyNot:
    """The role rules (``domain/permissions``) first, then the case's state. The services
    check both again; this only spares the user a passphrase typed for a refusal."""
    newest = loaded.newest
    record = may(actor.role, DECIDE) or (ISSUED if loaded.issued else None)
    sign = may(actor.role, SIGN) or (
        ISSUED if loaded.issued else
        "Record the determination first: the letter renders it." if loaded.determination is None
        else None)
    countersign = may(actor.role, COUNTERSIGN)
    if countersign is None:
        if loaded.issued:
            countersign = ISSUED
        elif newest is None:
            countersign = "There is no signed letter to countersign yet."
        elif newest.state == "superseded":
            countersign = (f"Letter version {newest.version} was superseded by a new "
                           "determination: a new letter must be signed first.")
        elif newest.state != "signed":
            countersign = f"Letter version {newest.version} is {newest.state}."
        elif newest.signed_by == actor.username:
            countersign = ("You signed this letter: the two-person rule needs another "
                           "supervisor to countersign it.")
    save = (None if loaded.pdf else
            "There is no letter yet: record a determination first." if loaded.determination is None
            else f"There is no letter to show ({loaded.kind}).")
    return WhyNot(record, sign, countersign, save)
