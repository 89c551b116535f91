"""A submitter who writes terminal controls into a signed package's manifest
cannot rewrite the reviewer's terminal: ``cases``, ``case show``, ``import``
show every control escaped (``\\x1b``, ``\\r``, ``\\u202e``),
and ``--json`` stays exact JSON with the same strings."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import PASSPHRASE
from tests.support.import_fixtures import test_pki
from tests.support.packages import PackageSpec, SubmitterPki

__all__ = ["test_pki"]

CLEAR_AND_SPOOF = "\x1b[2J\x1b[HExample-7"  # clears the screen first
OVERWRITE = "Evil Corp\rTrusted Labs, Inc."  # \r: the second name prints over the first
REVERSED = "rc2\u202eexe.txt"  # shows as rc2txt.exe
TITLE_AND_BELL = "\x1b]0;pwned\x07\x9b31m\x7f"  # window title, bell, 8-bit CSI, DEL
RAW = ("\x1b", "\r", "\u202e", "\x07", "\x9b", "\x7f")


@pytest.fixture
def hostile_case(cli, tmp_path: Path, test_pki: SubmitterPki,  # type: ignore[no-untyped-def]
                 monkeypatch: pytest.MonkeyPatch) -> str:
    """A validly signed package whose manifest strings carry terminal controls, imported."""
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", PASSPHRASE)
    (tmp_path / "ca.pem").write_bytes(test_pki.ca.cert_pem())
    assert cli("trust", "add", str(tmp_path / "ca.pem"))[0] == 0
    recipient = cli("identity")[1].strip()

    def hostile(obj: dict[str, Any]) -> None:
        obj["model"]["name"] = CLEAR_AND_SPOOF
        obj["model"]["version"] = REVERSED
        obj["model"]["description"] = TITLE_AND_BELL + "\nline two"
        obj["submitter"]["organization"] = OVERWRITE
    package = PackageSpec(test_pki, recipient, edit_manifest=hostile).build(tmp_path / "h.subpkg")
    rc, out, err = cli("import", str(package))
    assert rc == 0, err
    assert not any(c in out + err for c in RAW)
    return out.split("\t")[0]


def test_cases_shows_controls_escaped(cli, hostile_case: str) -> None:  # type: ignore[no-untyped-def]
    rc, out, _ = cli("cases")
    assert rc == 0
    assert not any(c in out for c in RAW), repr(out)
    assert "\\x1b[2J\\x1b[HExample-7" in out
    assert "(Evil Corp\\rTrusted Labs, Inc.)" in out
    assert "rc2\\u202eexe.txt" in out
    assert len(out.strip().splitlines()) == 2  # the header and one row: no forged line


def test_case_show_shows_controls_escaped(cli, hostile_case: str) -> None:  # type: ignore[no-untyped-def]
    rc, out, _ = cli("case", "show", hostile_case)
    assert rc == 0
    assert not any(c in out for c in RAW), repr(out)
    assert "\\x1b[2J" in out and "Evil Corp\\rTrusted Labs" in out


def test_json_output_stays_exact_json_without_raw_controls(  # type: ignore[no-untyped-def]
        cli, hostile_case: str) -> None:
    rc, out, _ = cli("cases", "--json")
    assert rc == 0 and not any(c in out for c in RAW), repr(out)
    (case,) = json.loads(out)
    assert case["model_name"] == CLEAR_AND_SPOOF
    assert case["organization"] == OVERWRITE
    assert case["model_version"] == REVERSED
    rc, out, _ = cli("case", "show", hostile_case, "--json")
    assert rc == 0 and not any(c in out for c in RAW), repr(out)
    strings = set(_strings(json.loads(out)))
    assert {CLEAR_AND_SPOOF, OVERWRITE, REVERSED} <= strings  # the very same strings


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_a_rejected_package_named_with_controls_is_reported_escaped(  # type: ignore[no-untyped-def]
        cli, tmp_path: Path, test_pki: SubmitterPki, monkeypatch: pytest.MonkeyPatch) -> None:
    # The file name on the submitter's media is theirs too; the error line quotes it.
    monkeypatch.setenv("REVIEWER_APP_PASSPHRASE", PASSPHRASE)
    recipient = cli("identity")[1].strip()
    name = tmp_path / "model\x1b[2J\rall clear.subpkg"
    PackageSpec(test_pki, recipient, edit_ciphertext=lambda c: c[:-40]).build(name)
    rc, out, err = cli("import", str(name))
    assert rc == 3 and "PKG_CORRUPT" in err
    assert not any(c in out + err for c in RAW), repr(err)
    assert "model\\x1b[2J\\rall clear.subpkg" in err


@pytest.mark.parametrize("text", [CLEAR_AND_SPOOF, OVERWRITE, REVERSED, TITLE_AND_BELL,
                                  "tag\U000e0041s", "lone \ud800 surrogate", "ok \u00e9 \u3000 \U0001f600"])
def test_json_escaping_keeps_the_exact_value(text: str) -> None:
    from reviewer_app.cli.terminal_text import json_safe, shown

    out = json_safe(json.dumps({"v": [text]}, indent=2, ensure_ascii=False))
    assert json.loads(out) == {"v": [text]}
    def visible(c: str) -> bool:  # printable, or a space of any width
        return c.isprintable() or unicodedata.category(c) == "Zs"
    assert all(c == "\n" or visible(c) for c in out)
    assert all(visible(c) for c in shown(text))
