"""export-case / import-case: the option contract (the full round trip is in tests/e2e)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Run = Callable[..., tuple[int, str, str]]


def test_export_needs_recipients_or_a_passphrase(cli: Run, tmp_path: Path) -> None:
    rc, _out, err = cli("export-case", "FMR-2026-0001", "-o", str(tmp_path / "x.case"))
    assert rc == 2 and "RECIPIENT_OR_PASSPHRASE" in err
    secret = tmp_path / "s"
    secret.write_text("case secret")
    rc, _out, err = cli("export-case", "FMR-2026-0001", "-o", str(tmp_path / "x.case"),
                        "--recipient", "age1xyz", "--case-passphrase-file", str(secret))
    assert rc == 2 and "RECIPIENT_OR_PASSPHRASE" in err


def test_an_administrator_may_not_import_case_files(cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "x.case"
    bad.write_bytes(b"not an age file at all\n")
    pp = tmp_path / "pp"
    pp.write_text("workstation pass")
    rc, _out, err = cli("--passphrase-file", str(pp), "import-case", str(bad))
    assert rc == 5 and "NOT_PERMITTED" in err
