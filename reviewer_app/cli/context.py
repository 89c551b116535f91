"""What every command gets: parsed options, output streams, workspace and user."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from reviewer_app.cli.secrets import read_credential_secret, read_secret
from reviewer_app.cli.terminal_text import json_safe, shown
from reviewer_app.domain.progress import ProgressEvent, ProgressSink, no_progress
from reviewer_app.domain.users import Actor


@dataclass
class CliContext:
    args: argparse.Namespace
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _workspace: Any = None

    def workspace_path(self) -> Path:
        from reviewer_app.services.workspace import default_location

        return Path(self.args.workspace).expanduser() if self.args.workspace else default_location()

    def workspace(self) -> Any:
        """The open workspace (``services.workspace.folder.Workspace``), opened once."""
        if self._workspace is None:
            from reviewer_app.services.workspace import exposure_warning, open_workspace

            self._workspace = open_workspace(self.workspace_path())
            warning = exposure_warning(self._workspace)
            if warning:
                self.err.write(f"warning: WORKSPACE_READABLE: {warning}\n")
        return self._workspace

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None

    def password(self, prompt: str = "Password: ") -> str:
        return read_secret(
            file=self.args.password_file,
            env="REVIEWER_APP_PASSWORD",
            prompt=prompt,
            what="password",
        )

    def passphrase(self, prompt: str = "Workstation passphrase: ", confirm: bool = False) -> str:
        return read_secret(
            file=self.args.passphrase_file,
            env="REVIEWER_APP_PASSPHRASE",
            prompt=prompt,
            what="passphrase",
            confirm=confirm,
        )

    def credential_secret(self, actor: Actor) -> str:
        """The acting user's signing-credential passphrase or token PIN (one rule, docs/cli.md)."""
        from reviewer_app.services.access import credential_kind

        kind = credential_kind(self.workspace(), actor.username)
        return read_credential_secret(getattr(self.args, "credential_passphrase_file", None), kind)

    def actor(self) -> Actor:
        """Authenticate the acting user (``--user``, else the only user)."""
        from reviewer_app.services.access import users

        ws = self.workspace()
        name = self.args.user or users.sole_username(ws)
        return users.authenticate(ws, name, self.password(f"Password for {name}: "))

    def print(self, *parts: object) -> None:
        """One line (or a few: the command's own line breaks and tabs are kept);
        every other control character is shown escaped (``terminal_text``)."""
        print(*(shown(part, keep="\n\t") for part in parts), file=self.out)

    def emit_json(self, value: Any) -> None:
        """Exact JSON; terminal controls inside strings written as ``\\u`` escapes."""
        self.out.write(json_safe(json.dumps(value, indent=2, ensure_ascii=False, default=str)))
        self.out.write("\n")

    def progress(self) -> ProgressSink:
        """A progress bar on stderr when it is a terminal; nothing otherwise."""
        if not self.err.isatty():
            return no_progress
        return TerminalProgress(self.err)


class TerminalProgress:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last = ""

    def __call__(self, event: ProgressEvent) -> None:
        if event.total:
            share = min(event.done / event.total, 1.0)
            bar = "#" * int(share * 30)
            line = f"\r{event.stage:<12} [{bar:<30}] {share:6.1%} {shown(event.detail[:40])}"
        else:
            line = f"\r{event.stage:<12} {event.done:,} {shown(event.detail[:40])}"
        if line != self._last:
            self.stream.write(line)
            self.stream.flush()
            self._last = line
