"""The command-line contract: usage errors, unexpected errors, no Qt when headless."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reviewer_app.__main__ import main


def test_unknown_option_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["cases", "--no-such-option"])
    assert exc.value.code == 2
    assert "error: USAGE:" in capsys.readouterr().err


def test_not_a_workspace_is_a_clear_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = main(["--workspace", str(tmp_path), "cases"])
    assert rc == 2
    err = capsys.readouterr().err
    assert err.startswith("error: NOT_A_WORKSPACE:") and "reviewer-app init" in err


def test_an_unexpected_error_prints_a_short_report_not_a_traceback(
    cli, workspace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    def boom(*_a: object, **_k: object) -> None:
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr("reviewer_app.services.cases.reading.list_cases", boom)
    rc, out, err = cli("cases")
    assert rc == 1
    assert "Traceback" not in err and "Traceback" not in out
    assert "error: INTERNAL:" in err and "ZeroDivisionError" in err
    reports = list((workspace / "logs").glob("crash-*.txt"))
    assert reports and "simulated bug" in reports[0].read_text()


def test_headless_commands_do_not_import_qt(workspace: Path, tmp_path: Path) -> None:
    (tmp_path / "pw").write_text("correct horse")
    code = (
        "import sys; from reviewer_app.__main__ import main; "
        f"rc = main(['--workspace', {str(workspace)!r}, '--password-file', {str(tmp_path / 'pw')!r}, 'cases']); "
        "assert rc == 0, rc; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'reportlab', 'pyhanko'))]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


def test_python_dash_m_works(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reviewer_app", "--version"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert result.stdout.startswith("reviewer-app ")
