"""Global options stand before or after the command, for every command in docs/cli.md."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from reviewer_app.__main__ import main
from reviewer_app.cli import cmd_checklist
from reviewer_app.cli.global_options import GLOBAL_DESTS
from reviewer_app.cli.main import build_parser

DOC = Path(__file__).parents[2] / "docs" / "cli.md"

# One well-formed call of each documented command (the global options are added below).
SAMPLES: dict[str, list[str]] = {
    "init": ["init", "--admin", "alice"],
    "demo": ["demo"],
    "identity": ["identity"],
    "trust add": ["trust", "add", "ca.pem", "--office"],
    "trust list": ["trust", "list", "--json"],
    "trust remove": ["trust", "remove", "ca.pem", "--office"],
    "import": ["import", "a.subpkg", "--json"],
    "cases": ["cases", "--json"],
    "case show": ["case", "show", "FMR-2026-0001", "--json"],
    "checklist": ["checklist", "FMR-2026-0001", "--json"],
    "checklist set": ["checklist", "set", "FMR-2026-0001", "CY-01", "--status", "open"],
    "checklist accept": ["checklist", "accept", "FMR-2026-0001", "--all"],
    "decide": ["decide", "FMR-2026-0001", "--outcome", "not_covered", "--rationale-file", "r"],
    "export-case": ["export-case", "FMR-2026-0001", "-o", "x.case", "--recipient", "age1x"],
    "import-case": ["import-case", "x.case", "--json"],
    "letter": ["letter", "FMR-2026-0001", "-o", "l.pdf"],
    "countersign": ["countersign", "FMR-2026-0001", "-o", "i.pdf"],
    "verify-pdf": ["verify-pdf", "l.pdf", "--json"],
    "audit verify": ["audit", "verify", "--json", "--witness", "cp.txt"],
    "audit checkpoint": ["audit", "checkpoint", "-o", "cp.txt"],
    "audit adopt": ["audit", "adopt", "policy.toml"],
    "users add": ["users", "add", "bob", "--role", "reviewer", "--credential", "b.p12"],
    "users credential": ["users", "credential", "bob", "b.p12"],
    "remote-users add": ["remote-users", "add", "tina", "--certificate", "t.pem", "--role",
                         "reviewer"],
    "remote-users list": ["remote-users", "list", "--json"],
    "users unlock": ["users", "unlock", "bob"],
    "users role": ["users", "role", "bob", "--role", "supervisor"],
    "pack": ["pack", "dir", "-o", "x.subpkg", "--signer-cert", "c.pem", "--signer-key", "k.pem",
             "--recipient", "age1x"],
}
GLOBALS = ["--workspace", "W", "--user", "reviewer", "--password-file", "pw",
           "--passphrase-file", "pp"]


def documented_commands() -> set[str]:
    """``reviewer-app WORDS`` of each row of the contract's command table."""
    found = set()
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `reviewer-app ([a-z][a-z-]*(?: [a-z][a-z-]*)*)", line)
        if m:
            found.add(m.group(1))
    return found


def resolve(argv: list[str]) -> dict[str, object]:
    """Everything a command receives, as ``run`` and the checklist's dispatch resolve it."""
    args = build_parser().parse_args(argv)
    values = vars(args).copy()
    if args.command == "checklist":
        action, nested = cmd_checklist.parse_words(list(args.words), into=args)
        values = {**vars(args), "words": None, "action": action, **vars(nested)}
    values.pop("func", None)
    return values


def test_every_documented_command_has_a_sample() -> None:
    assert documented_commands() == set(SAMPLES)


@pytest.mark.parametrize("command", sorted(SAMPLES))
def test_global_options_mean_the_same_before_and_after(command: str) -> None:
    sample = SAMPLES[command]
    before = resolve([*GLOBALS, *sample])
    after = resolve([*sample, *GLOBALS])
    split = [*sample[:1], *GLOBALS[:4], *sample[1:], *GLOBALS[4:]]  # some before, some after
    assert before == after == resolve(split)
    assert [before[d] for d in GLOBAL_DESTS] == ["W", "reviewer", "pw", "pp"]


def _subparsers(parser: argparse.ArgumentParser, path: str = "") -> list[tuple[str, object]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((f"{path} {name}".strip(), sub))
                found.extend(_subparsers(sub, f"{path} {name}"))
    return found


def test_every_command_help_lists_the_global_options() -> None:
    commands = _subparsers(build_parser())
    assert len(commands) >= len(SAMPLES) - 2  # checklist's actions live behind one parser
    for name, sub in commands:
        text = sub.format_help()  # type: ignore[attr-defined]
        for flag in ("--workspace", "--user", "--password-file", "--passphrase-file"):
            assert flag in text, f"{name} --help does not list {flag}"


def test_init_with_the_workspace_after_the_command(tmp_path: Path) -> None:
    (tmp_path / "pw").write_text("correct horse")
    (tmp_path / "pp").write_text("workstation pass")
    root = tmp_path / "ws"
    assert main(["init", "--workspace", str(root), "--admin", "alice", "--password-file",
                 str(tmp_path / "pw"), "--passphrase-file", str(tmp_path / "pp")]) == 0
    assert (root / "reviewer.db").is_file()


def test_cases_with_every_global_option_after_the_command(
        workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pw").write_text("correct horse")
    assert main(["cases", "--json", "--workspace", str(workspace), "--user", "alice",
                 "--password-file", str(tmp_path / "pw")]) == 0
    assert capsys.readouterr().out.strip() == "[]"
