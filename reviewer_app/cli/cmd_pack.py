"""``pack DIR -o FILE.subpkg``: the submitter's kit (needs no workspace)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext


def register(sub: Any) -> None:
    p = sub.add_parser("pack", help="build a submission package from a folder (submitter's kit)")
    p.add_argument("folder", metavar="DIR", help="folder holding manifest.json and the files")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the .subpkg to write")
    p.add_argument("--signer-cert", required=True, metavar="C", help="signer certificate (PEM/DER)")
    p.add_argument("--signer-key", required=True, metavar="K",
                   help="signer private key (PEM; if encrypted, its passphrase comes from "
                        "--passphrase-file, REVIEWER_APP_PASSPHRASE or a prompt)")
    p.add_argument("--chain", action="append", default=[], metavar="I",
                   help="intermediate certificate to include (repeatable)")
    p.add_argument("--recipient", action="append", default=[], metavar="age1...", required=True,
                   help="a review workstation's age recipient (repeatable)")
    p.set_defaults(func=cmd_pack)


def cmd_pack(ctx: CliContext) -> int:
    from reviewer_app.services.kit import build_package

    a = ctx.args
    result = build_package(Path(a.folder), Path(a.output), signer_cert=Path(a.signer_cert),
                           signer_key=Path(a.signer_key), chain=[Path(c) for c in a.chain],
                           recipients=a.recipient, progress=ctx.progress(),
                           key_passphrase=lambda: ctx.passphrase("Passphrase of the signer key: "))
    if ctx.err.isatty():
        ctx.err.write("\n")
    ctx.print(f"{result.path}\tpackage_id {result.package_id}\t{result.files} files\t"
              f"{result.bytes:,} bytes")
    return 0
