"""Offline, proven: the whole flow runs with every non-Unix socket refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_whole_flow_opens_no_network_socket(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "e2e" / "offline_flow.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "network attempts: 0" in result.stdout
    for step in (
        "import",
        "decide",
        "letter",
        "countersign",
        "export-case",
        "import-case",
        "verify-pdf",
        "audit verify",
    ):
        assert f"reviewer-app {step}" in result.stderr, step


def test_the_guard_itself_refuses_inet_and_allows_unix() -> None:
    """Proof the guard bites, so the flow test above can fail."""
    code = (
        "from tests.e2e import netguard; import socket; netguard.install()\n"
        "try:\n    socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
        "except OSError:\n    print('refused')\n"
        "socket.socketpair(); print('unix ok', len(netguard.attempts))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "refused" in result.stdout and "unix ok 1" in result.stdout, result.stderr
