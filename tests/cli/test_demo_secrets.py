"""A demo workspace works with the documented demo secrets alone (docs/cli.md).

The whole headless cycle (decide, letter, countersign, export-case, import-case on a
second demo workstation) driven only by the three documented environment variables,
each ``demo``: no secret file, no prompt.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.__main__ import main

DEMO_ENV = {
    "REVIEWER_APP_PASSWORD": "demo",
    "REVIEWER_APP_PASSPHRASE": "demo",
    "REVIEWER_APP_CREDENTIAL_PASSPHRASE": "demo",
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.mark.slow
def test_the_demo_cycle_needs_only_the_documented_demo_secrets(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    for name, value in DEMO_ENV.items():
        monkeypatch.setenv(name, value)
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        assert _run(capsys, "demo", "--workspace", str(root))[0] == 0
    rc, out, _ = _run(capsys, "cases", "--json", "--workspace", str(a), "--user", "reviewer")
    assert rc == 0
    ref = json.loads(out)[-1]["reference"]
    rationale = tmp_path / "rationale.txt"
    rationale.write_text("Demo rationale.\n")
    rc, _, err = _run(capsys, "checklist", "accept", ref, "--all", "--workspace", str(a),
                      "--user", "reviewer")
    assert rc == 0, err
    rc, out, _ = _run(capsys, "checklist", ref, "--json", "--workspace", str(a), "--user",
                      "reviewer")
    for item in json.loads(out)["items"]:
        if item["status"] == "not_reviewed":  # no suggestion: the reviewer answers by hand
            rc, _, err = _run(capsys, "checklist", "set", ref, item["id"], "--status",
                              "not_applicable", "--comment", "demo", "--workspace", str(a),
                              "--user", "reviewer")
            assert rc == 0, err
    rc, _, err = _run(capsys, "decide", ref, "--outcome", "not_covered", "--rationale-file",
                      str(rationale), "--workspace", str(a), "--user", "reviewer")
    assert rc == 0, err
    signed, issued = tmp_path / "signed.pdf", tmp_path / "issued.pdf"
    rc, _, err = _run(capsys, "letter", ref, "-o", str(signed), "--workspace", str(a),
                      "--user", "reviewer")
    assert rc == 0, err
    rc, _, err = _run(capsys, "countersign", ref, "-o", str(issued), "--workspace", str(a),
                      "--user", "supervisor")
    assert rc == 0, err
    rc, out, _ = _run(capsys, "identity", "--workspace", str(b))
    recipient = out.strip().split()[-1]
    case_file = tmp_path / "x.case"
    rc, _, err = _run(capsys, "export-case", ref, "-o", str(case_file), "--recipient", recipient,
                      "--workspace", str(a), "--user", "supervisor")
    assert rc == 0, err
    rc, out, err = _run(capsys, "import-case", str(case_file), "--json", "--workspace", str(b),
                        "--user", "supervisor")
    assert rc == 0, err
    # Workstation B's demo holds the same package as a case of its own: a linked copy.
    assert json.loads(out)["case"].startswith(ref)
