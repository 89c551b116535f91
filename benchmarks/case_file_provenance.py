"""What binding a case file to people costs on import (issue 14), beside its floor.

    .venv/bin/python benchmarks/case_file_provenance.py [--runs 7]

The world of tests/support/casefile_attacks.py (real PKI, real services): a
case with one countersigned letter. Medians of N runs, in one process, after
one warm-up:
  verify-pdf   services.access.pdf_trust on the letter alone: the floor (what any
               reader of the letter pays)
  letters      case_provenance.check_letters: verify-pdf plus the signer
               certificates bound to the people the letter names
  exporter     case_provenance.check_exporter: the manifest signer against the
               exporter's registered certificate (one database read)
  import       import_case of the whole file into a fresh copy of the receiving
               workspace (a fast-forward: the letter arrives countersigned)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewer_app.crypto import cms, trust
from reviewer_app.domain import casefile as cf
from reviewer_app.services.access import verify_pdf
from reviewer_app.services.casefile import import_case
from reviewer_app.services.casefile import provenance as case_provenance
from reviewer_app.services.workspace import open_workspace
from tests.support import casefile_attacks as X
from tests.support import casefiles as F


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        world = X.make_issued_world(root / "world")
        members = F.read_members(world.issued_file, [world.b.identity])
        manifest = cf.validate(cf.parse_json(members[0].data))
        stage = root / "stage"
        for m in members[2:]:
            if m.name.startswith(cf.LETTERS):
                (stage / m.name).parent.mkdir(parents=True, exist_ok=True)
                (stage / m.name).write_bytes(m.data)
        letter = stage / "letters" / "letter-v1.pdf"
        copies = iter(range(10_000))

        def one_import() -> None:
            dest = root / f"B{next(copies)}"
            shutil.copytree(world.b_signed, dest)
            with open_workspace(dest) as ws:
                import_case(ws, F.REVIEWER, world.issued_file, workstation_passphrase=None,
                            case_file_passphrase=None, identities=[world.b.identity])
            shutil.rmtree(dest)

        with open_workspace(world.b_signed) as ws:
            sender = cms.verify_detached(members[0].data, members[1].data,
                                         trust.load_anchors(ws.paths.trust_office))
            figures = {
                "verify-pdf (floor)": median_ms(lambda: verify_pdf(ws, letter), runs),
                "letters": median_ms(
                    lambda: case_provenance.check_letters(ws, manifest, stage), runs),
                "exporter": median_ms(
                    lambda: case_provenance.check_exporter(ws, manifest, sender), runs),
            }
        figures["import (whole file)"] = median_ms(one_import, runs)
    floor = figures["verify-pdf (floor)"]
    for name, ms in figures.items():
        print(f"{name:<22} {ms:8.1f} ms   {ms / floor:5.2f}x floor")


if __name__ == "__main__":
    main()
