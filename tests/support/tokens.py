"""A real SoftHSM2 token holding an office user's key and certificate (PKCS#11).

``make_token`` writes a SoftHSM2 configuration under ``folder`` and points
``SOFTHSM2_CONF`` at it (through ``monkeypatch``, so each test has its own
token store), initialises a token, imports the key with ``softhsm2-util`` and
the certificate with OpenSC's ``pkcs11-tool`` (see ``reset_library`` for why
fixtures call it when they are done). ``add_token_user`` adds a
workspace user whose signing credential is that token.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from reviewer_app.domain.users import SYSTEM, Actor, Role
from reviewer_app.services.access.users import create_user
from reviewer_app.services.workspace.folder import Workspace
from tests.support.pki import Issued

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "1234"
SO_PIN = "5678"

needs_softhsm = pytest.mark.skipif(
    not (Path(MODULE).exists() and shutil.which("softhsm2-util") and shutil.which("pkcs11-tool")),
    reason="SoftHSM2 and OpenSC are needed",
)


@dataclass(frozen=True)
class Token:
    label: str
    key_label: str
    conf: Path

    def record(self) -> dict[str, Any]:
        """The user's credential record, as the workspace keeps it."""
        return {"kind": "pkcs11", "module": MODULE, "token": self.label,
                "key_label": self.key_label, "cert_label": self.key_label}


def make_token(folder: Path, issued: Issued, monkeypatch: pytest.MonkeyPatch, *,
               label: str = "office", key_label: str = "signer", pin: str = PIN) -> Token:
    (folder / "tokens").mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    (folder / "key.pem").write_bytes(issued.key_pem())
    (folder / "cert.der").write_bytes(issued.cert.public_bytes(serialization.Encoding.DER))

    def run(*args: str) -> None:
        subprocess.run(args, check=True, capture_output=True, timeout=60)

    run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin,
        "--so-pin", SO_PIN)
    run("softhsm2-util", "--import", str(folder / "key.pem"), "--token", label,
        "--label", key_label, "--id", "01", "--pin", pin)
    run("pkcs11-tool", "--module", MODULE, "--token-label", label, "--login", "--pin", pin,
        "--write-object", str(folder / "cert.der"), "--type", "cert", "--label", key_label,
        "--id", "01")
    (folder / "key.pem").unlink()
    reset_library()
    return Token(label, key_label, conf)


def reset_library() -> None:
    """Finalize SoftHSM2 in this process; call it after a test that used a token, too.

    python-pkcs11 keeps one initialised library per path for the whole process,
    and SoftHSM2 reads ``SOFTHSM2_CONF`` only when it is initialised: without
    this, the first token store a process opens is the only one it ever sees.
    The next ``pkcs11.lib()`` (pyHanko's, at login) initialises it again.
    """
    import pkcs11

    # No configuration to initialise with: nothing to finalize either.
    with contextlib.suppress(pkcs11.PKCS11Error):
        pkcs11.lib(MODULE).finalize()


def add_token_user(ws: Workspace, username: str, token: Token, *, role: Role = Role.REVIEWER,
                   display_name: str = "", password: str = "correct horse") -> Actor:
    """A user whose signing credential is the token (created as an administrator would)."""
    with ws.uow() as s:
        create_user(s, actor=SYSTEM, username=username, role=role, password=password,
                    display_name=display_name or username, credential=token.record())
    return Actor(username, role, display_name or username)
