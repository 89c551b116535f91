"""The typed "what changed" a write declares: which case it concerns, whether it says anything."""

from __future__ import annotations

from reviewer_app.domain.changes import NOTHING, Changes


def test_a_change_concerns_its_own_case_or_every_case_when_it_names_none() -> None:
    mine = Changes(case="uuid-a", checklist=True, audit=True)
    assert mine.about("uuid-a") and not mine.about("uuid-b")
    imported = Changes(cases=True, audit=True)  # new cases: no one case named
    assert imported.about("uuid-a") and imported.about("uuid-b")


def test_only_a_change_that_says_something_is_broadcast() -> None:
    assert not NOTHING.anything
    assert Changes(trust=True).anything and Changes(case="uuid-a").anything
