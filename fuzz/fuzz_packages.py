"""Mutate real submission packages and import each one; report what broke.

Run from the repository root::

    python fuzz/fuzz_packages.py --count 2000 --seed 7

A good package is built once with the test factory (real age, real CMS from a
throwaway test PKI). Each input is that package with random damage, either to
the decrypted tar (then encrypted again, so the damage reaches the tar reader,
the manifest parser and the file checks) or to the age ciphertext itself. Each
is imported into one workspace. A problem is any exception that is not a
``ReviewerError``, or anything left behind: a staging folder not emptied, a case
folder without its row or a row without its folder or files.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from reviewer_app.crypto import age  # noqa: E402
from reviewer_app.errors import ReviewerError  # noqa: E402
from reviewer_app.services.intake.package_import import import_package  # noqa: E402
from reviewer_app.services.workspace.folder import Workspace  # noqa: E402
from reviewer_app.storage.models import CaseRow  # noqa: E402
from tests.support.packages import PackageSpec, make_test_pki  # noqa: E402
from tests.support.workspaces import REVIEWER, copy_workspace, make_template  # noqa: E402

Mutation = Callable[[random.Random, bytes], bytes]


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def flip_bits(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def splice(rng: random.Random, data: bytes) -> bytes:
    """Copy a run of the input over another place (headers over data, ...)."""
    n = rng.randint(1, 1024)
    src, dst = rng.randrange(len(data)), rng.randrange(len(data))
    chunk = data[src:src + n]
    return data[:dst] + chunk + data[dst + len(chunk):]


def insert_or_delete(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    if rng.random() < 0.5:
        return data[:at] + rng.randbytes(rng.randint(1, 600)) + data[at:]
    return data[:at] + data[at + rng.randint(1, 600):]


def block_header(rng: random.Random, data: bytes) -> bytes:
    """Damage one 512-byte tar block in the fields that matter (size, type, name)."""
    blocks = max(1, len(data) // 512)
    base = rng.randrange(blocks) * 512
    field = rng.choice([(0, 100), (124, 12), (148, 8), (156, 1), (257, 6), (345, 155)])
    buf = bytearray(data)
    start, length = base + field[0], field[1]
    buf[start:start + length] = rng.randbytes(length)[: max(0, len(buf) - start)]
    return bytes(buf[: len(data)])


PLAIN_MUTATIONS: list[Mutation] = [flip_bytes, flip_bits, truncate, splice, insert_or_delete,
                                   block_header, block_header]
CIPHER_MUTATIONS: list[Mutation] = [flip_bytes, flip_bits, truncate, splice, insert_or_delete]


def leftovers(ws: Workspace) -> list[str]:
    """What an import must never leave behind, in plain words."""
    found = [f"staging holds {p.name}" for p in ws.paths.staging.iterdir()]
    with ws.reader() as s:
        rows = {row.store_dir: [f.path for f in row.files] for row in s.scalars(select(CaseRow))}
    folders = {p.name for p in ws.paths.cases.iterdir()}
    found += [f"case folder {name} has no row" for name in folders - rows.keys()]
    for store_dir, paths in rows.items():
        if store_dir not in folders:
            found.append(f"case row {store_dir} has no folder")
            continue
        files = ws.paths.cases / store_dir / "submission" / "files"
        found += [f"{store_dir}: file {p} missing" for p in paths if not (files / p).is_file()]
    return found


def run(count: int, seed: int, work: Path, log: Callable[[str], None] = print,
        codes: Counter[str] | None = None) -> tuple[int, list[str]]:
    """Try ``count`` inputs; return (tried, problems); ``codes`` tallies the outcomes."""
    codes = codes if codes is not None else Counter()
    rng = random.Random(seed)
    pki = make_test_pki()
    template = make_template(work / "template", pki.anchors())
    spec = PackageSpec(pki, template.recipient)
    captured: dict[str, bytes] = {}

    def keep_plain(plain: bytes) -> bytes:
        captured["plain"] = plain
        return plain

    good = spec.variant(edit_plaintext=keep_plain).build(work / "good.subpkg").read_bytes()
    plain = captured["plain"]
    recipient = [age.X25519Recipient.from_str(template.recipient)]
    problems: list[str] = []
    tried = 0
    ws = copy_workspace(template, work / "ws")
    try:
        for i in range(count):
            if rng.random() < 0.6:
                mutation = rng.choice(PLAIN_MUTATIONS)
                data = age.encrypt_bytes(mutation(rng, plain), recipient)
                where = "plaintext"
            else:
                mutation = rng.choice(CIPHER_MUTATIONS)
                data = mutation(rng, good)
                where = "ciphertext"
            target = work / f"input-{i}.subpkg"
            target.write_bytes(data)
            tried += 1
            try:
                result = import_package(ws, REVIEWER, target, identity=template.identity)
                codes[result.status] += 1
            except ReviewerError as exc:
                codes[exc.code] += 1
            except Exception:
                saved = work / f"problem-{i}.subpkg"
                target.rename(saved)
                problems.append(f"input {i} ({where}, {mutation.__name__}): "
                                f"{traceback.format_exc(limit=3)} kept as {saved}")
                continue
            left = leftovers(ws)
            if left:
                problems.append(f"input {i} ({where}, {mutation.__name__}) left: {left}")
            target.unlink()
            if (i + 1) % 100 == 0:
                log(f"... {i + 1} inputs")
    finally:
        ws.close()
    return tried, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500, help="inputs to try (default 500)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the workspace and inputs")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    print(f"seed {seed}")
    with tempfile.TemporaryDirectory(prefix="fuzz-packages-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        codes: Counter[str] = Counter()
        tried, problems = run(args.count, seed, work, codes=codes)
    print("outcomes: " + ", ".join(f"{code} {n}" for code, n in codes.most_common()))
    for problem in problems:
        print(problem)
    print(f"tried {tried} inputs, found {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
