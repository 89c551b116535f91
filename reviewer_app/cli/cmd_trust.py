"""``trust add FILE [--office]``, ``trust remove NAME [--office | --crl]`` and ``trust list``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext


def register(sub: Any) -> None:
    p = sub.add_parser("trust", help="trust anchors and CRLs")
    trust_sub = p.add_subparsers(dest="trust_command", metavar="ACTION", required=True)
    add = trust_sub.add_parser("add", help="add a certificate (PEM/DER) or a CRL")
    add.add_argument("file", metavar="FILE")
    add.add_argument("--office", action="store_true",
                     help="an anchor of a review office (letters, case files), not of submitters")
    add.set_defaults(func=cmd_trust_add)
    remove = trust_sub.add_parser("remove", help="remove a submitter anchor (administrator); "
                                  "--office or --crl for the other kinds")
    remove.add_argument("name", metavar="NAME", help="the file name 'trust list' shows")
    which = remove.add_mutually_exclusive_group()
    which.add_argument("--office", action="store_true", help="an office anchor")
    which.add_argument("--crl", action="store_true", help="a CRL")
    remove.set_defaults(func=cmd_trust_remove)
    ls = trust_sub.add_parser("list", help="list anchors of both kinds, and CRLs")
    ls.add_argument("--json", action="store_true", help="print one JSON document")
    ls.set_defaults(func=cmd_trust_list)


def cmd_trust_add(ctx: CliContext) -> int:
    from reviewer_app.services.access import add_trust_file

    added = add_trust_file(ctx.workspace(), ctx.actor(), Path(ctx.args.file), office=ctx.args.office)
    state = "already present as" if added.already_present else "added as"
    for subject in added.subjects:
        ctx.print(f"{added.kind}: {subject} ({state} {added.file})")
    return 0


def cmd_trust_remove(ctx: CliContext) -> int:
    from reviewer_app.services.access import remove_trust_file

    kind = "office" if ctx.args.office else "crl" if ctx.args.crl else "submitter"
    removed = remove_trust_file(ctx.workspace(), ctx.actor(), ctx.args.name, kind=kind)
    for subject in removed.subjects or ("(unreadable file)",):
        ctx.print(f"{removed.kind}: {subject} (removed {removed.file})")
    return 0


def cmd_trust_list(ctx: CliContext) -> int:
    from dataclasses import asdict

    from reviewer_app.services.access import list_trust

    ctx.actor()
    listing = list_trust(ctx.workspace())
    doc = {"submitters": [asdict(a) for a in listing.submitters],
           "office": [asdict(a) for a in listing.office],
           "crls": [asdict(c) for c in listing.crls]}
    if ctx.args.json:
        ctx.emit_json(doc)
        return 0
    for kind in ("submitters", "office"):
        ctx.print(f"{kind} anchors:")
        for a in doc[kind]:
            ctx.print(f"  {a['subject']}  until {a['not_after']:%Y-%m-%d}  sha256 {a['fingerprint_sha256'][:16]}…  ({a['file']})")
        if not doc[kind]:
            ctx.print("  (none)")
    ctx.print("CRLs:")
    for c in doc["crls"]:
        ctx.print(f"  {c['issuer']}  {c['revoked']} revoked  ({c['file']})")
    if not doc["crls"]:
        ctx.print("  (none)")
    return 0
