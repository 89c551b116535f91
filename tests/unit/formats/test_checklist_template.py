"""Checklist templates: the shipped one loads, and every broken template is refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.domain.autochecks import AUTO_CHECKS
from reviewer_app.domain.checklist import Item, Severity, Status, text_hash
from reviewer_app.errors import RejectedError
from reviewer_app.formats.checklist_template import load_template, parse_template
from reviewer_app.resources import resource_path

DEFAULT = resource_path("checklists", "frontier-prerelease-v1.toml")

GOOD = """format = 1
id = "mini"
version = "1.0"
title = "Mini"

[[sections]]
id = "AB"
title = "Section AB"

[[sections.items]]
id = "AB-01"
title = "First"
guidance = "Look at it."
severity = "CAT I"

[[sections.items]]
id = "AB-02"
title = "Second"
guidance = "Look again."
severity = "CAT III"
references = ["EO 14409 §3(b)"]
auto_check = "files_verified"
"""


def test_the_default_template_loads_with_stable_ids() -> None:
    template = load_template(DEFAULT)
    assert template.title == "Covered frontier model pre-release review"
    assert (template.id, template.version) == ("frontier-prerelease", "1.0")
    items = [i for _s, i in template.items()]
    assert 30 <= len(items) <= 40
    assert len({i.id for i in items}) == len(items)
    assert {s.id for s in template.sections} == {"PKG", "MID", "CAP", "EVQ", "SAF", "REL", "ACC", "DET"}
    assert all(i.auto_check is None or i.auto_check in AUTO_CHECKS for i in items)
    # every check the code knows is used by the shipped template
    assert {i.auto_check for i in items if i.auto_check} == set(AUTO_CHECKS)
    assert all(i.references for i in items)


def test_a_small_template_parses() -> None:
    template = parse_template(GOOD)
    assert [i.id for _s, i in template.items()] == ["AB-01", "AB-02"]
    second = template.item("AB-02")
    assert second is not None and second.severity is Severity.CAT_III
    assert second.references == ("EO 14409 §3(b)",) and second.auto_check == "files_verified"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('severity = "CAT III"', 'severity = "CAT IV"', "line 20: item AB-02: severity 'CAT IV'"),
        ('title = "Second"\n', "", "item AB-02: 'title' is missing"),
        ('auto_check = "files_verified"', 'auto_check = "nope"', "line 22: item AB-02: auto_check 'nope'"),
        ('id = "AB-02"', 'id = "AB-01"', "line 17: item AB-01: the id is used twice"),
        ('id = "AB-02"', 'id = "ab2"', "item 2 of section AB needs an id"),
        ("format = 1", "format = 2", "line 1: format must be 1"),
        ('version = "1.0"', 'version = "one"', "line 3: version 'one'"),
        ('references = ["EO 14409 §3(b)"]', "references = [1]", "line 21: item AB-02: references"),
        ('guidance = "Look again."', 'guidance = "Look again."\ncolour = "red"', "unknown key(s) colour"),
        ('title = "Mini"', 'title = "Mini"\nx = [', "not valid TOML"),
    ],
)
def test_broken_templates_name_the_item_and_line(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    with pytest.raises(RejectedError) as exc:
        parse_template(GOOD.replace(old, new, 1), source="mini.toml")
    assert exc.value.code == "TEMPLATE_INVALID"
    assert expected in exc.value.message
    assert exc.value.message.startswith("mini.toml")


def test_a_template_without_sections_is_refused() -> None:
    text = GOOD.split("[[sections]]")[0]
    with pytest.raises(RejectedError, match="at least one"):
        parse_template(text)


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RejectedError, match="cannot read"):
        load_template(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b"title = \"\xe9\"")
    with pytest.raises(RejectedError, match="not UTF-8"):
        load_template(bad)


def test_statuses_and_severities_speak_stig_viewer() -> None:
    assert [s.label for s in Status] == ["Not reviewed", "Open", "Not a finding", "Not applicable"]
    assert Status.parse("NotAFinding") is Status.NOT_A_FINDING
    assert Status.parse("Not applicable") is Status.NOT_APPLICABLE
    assert [s.cklb for s in Severity] == ["high", "medium", "low"]
    assert Severity.parse("high") is Severity.CAT_I
    assert Severity.parse("CAT_II") is Severity.CAT_II
    assert Severity.parse("iii") is Severity.CAT_III
    with pytest.raises(ValueError):
        Severity.parse("CAT IV")


def test_text_hash_follows_what_the_reviewer_answered() -> None:
    item = Item("AB-01", "Title", "Guidance", Severity.CAT_II, ("ref",), "files_verified")
    same = Item("AB-01", "Title ", "Guidance", Severity.CAT_II, ("other ref",), None, "fix")
    assert text_hash(item) == text_hash(same)  # references, checks and fixes are not the question
    for changed in (Item("AB-01", "Title!", "Guidance", Severity.CAT_II),
                    Item("AB-01", "Title", "Guidance.", Severity.CAT_II),
                    Item("AB-01", "Title", "Guidance", Severity.CAT_I)):
        assert text_hash(changed) != text_hash(item)
