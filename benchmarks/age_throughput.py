"""age throughput: our implementation vs pyrage vs the Go ``age`` CLI, 512 MiB by default.

    /tmp/venv/bin/python benchmarks/age_throughput.py [--size-mib 512] [--repeat 1]

Generates a plaintext in a temporary folder under /tmp (deleted at the end), encrypts it
with each, decrypts the CLI's ciphertext with each, and prints MB/s, s/GiB and peak RSS.
Every measurement runs in its own child process so that its peak RSS (getrusage
ru_maxrss) is its own; for the CLI the child measures RUSAGE_CHILDREN of the tool.
Also times decrypt + SHA-256 against the import floor ``age -d | openssl dgst -sha256``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BLOCK = 1 << 20


def _ours_encrypt(plain: str, out: str, recipient: str) -> None:
    from reviewer_app.crypto.age import X25519Recipient, open_encrypt

    buf = bytearray(BLOCK)
    with open(plain, "rb", buffering=0) as src, open(out, "wb") as dst:
        writer = open_encrypt(dst, [X25519Recipient.from_str(recipient)])
        with writer:
            while n := src.readinto(buf):
                writer.write(memoryview(buf)[:n])


def _ours_decrypt(ct: str, key: str, read_ahead: bool, sha: bool) -> None:
    from reviewer_app.crypto.age import X25519Identity, open_decrypt

    identity = X25519Identity.from_str(Path(key).read_text().split()[-1])
    digest = hashlib.sha256()
    buf = bytearray(BLOCK)
    with open(ct, "rb", buffering=0) as src:
        reader = open_decrypt(src, [identity], read_ahead=read_ahead)
        with reader:
            while n := reader.readinto(buf):
                if sha:
                    digest.update(memoryview(buf)[:n])
    if sha:
        print(digest.hexdigest(), file=sys.stderr)


def _pyrage(mode: str, src_path: str, out: str, key: str, recipient: str) -> None:
    import pyrage

    with open(src_path, "rb") as src, open(out, "wb") as dst:
        if mode == "encrypt":
            pyrage.encrypt_io(src, dst, [pyrage.x25519.Recipient.from_str(recipient)])
        else:
            identity = pyrage.x25519.Identity.from_str(Path(key).read_text().split()[-1])
            pyrage.decrypt_io(src, dst, [identity])


def child(argv: list[str]) -> None:
    mode, args = argv[0], argv[1:]
    start = time.perf_counter()
    who = resource.RUSAGE_SELF
    if mode == "ours-encrypt":
        _ours_encrypt(*args)
    elif mode.startswith("ours-decrypt"):
        _ours_decrypt(*args, read_ahead="ahead" in mode, sha="sha256" in mode)
    elif mode.startswith("pyrage-"):
        _pyrage(mode.removeprefix("pyrage-"), *args)
    else:  # a shell command line: the CLI, alone or piped into openssl
        subprocess.run(args[0], shell=True, check=True)
        who = resource.RUSAGE_CHILDREN
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rss_mib": resource.getrusage(who).ru_maxrss / 1024}))


def measure(mode: str, *args: str, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode, *args],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return min(runs, key=lambda r: r["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", nargs=argparse.REMAINDER)
    opts = parser.parse_args()
    if opts.child:
        child(opts.child)
        return
    if shutil.which("age") is None:
        sys.exit("the age CLI is needed (Debian package age)")
    size = opts.size_mib << 20
    work = Path(tempfile.mkdtemp(prefix="age-bench-", dir="/tmp"))
    try:
        run(work, size, opts.repeat)
    finally:
        shutil.rmtree(work)


def run(work: Path, size: int, repeat: int) -> None:
    from reviewer_app.crypto.age import X25519Identity

    identity = X25519Identity.generate()
    key, recipient = work / "key.txt", str(identity.recipient())
    key.write_text(f"{identity}\n")
    plain = work / "plain.bin"
    block = os.urandom(BLOCK)
    with plain.open("wb") as f:
        for _ in range(size // BLOCK):
            f.write(block)
    cli_ct = work / "cli.age"
    null = os.devnull
    rows: dict[str, dict[str, float]] = {}
    r = lambda mode, *a: rows.__setitem__(mode, measure(mode, *map(str, a), repeat=repeat))  # noqa: E731
    # The ciphertext the decryptions read; the timed encryptions write to /dev/null so
    # that they measure the tools, not the file system's writeback.
    subprocess.run(["age", "-r", recipient, "-o", str(cli_ct), str(plain)], check=True)
    r("cli-encrypt", f"age -r {recipient} -o {null} {plain}")
    r("ours-encrypt", plain, null, recipient)
    r("pyrage-encrypt", plain, null, key, recipient)
    r("cli-decrypt", f"age -d -i {key} -o {null} {cli_ct}")
    r("ours-decrypt", cli_ct, key)
    r("ours-decrypt-ahead", cli_ct, key)
    r("pyrage-decrypt", cli_ct, null, key, recipient)
    # ASCII armor (age -a): read as a stream by ours, a third bigger on disk.
    cli_armored = work / "cli.age.asc"
    subprocess.run(["age", "-a", "-r", recipient, "-o", str(cli_armored), str(plain)], check=True)
    r("cli-decrypt-armored", f"age -d -i {key} -o {null} {cli_armored}")
    r("ours-decrypt-armored", cli_armored, key)
    r("floor: age -d | openssl dgst -sha256", f"age -d -i {key} {cli_ct} | openssl dgst -sha256")
    r("ours-decrypt-sha256", cli_ct, key)
    r("ours-decrypt-ahead-sha256", cli_ct, key)

    mib = size / (1 << 20)
    print(f"age throughput, {mib:.0f} MiB, {os.cpu_count()} CPUs, best of {repeat}")
    print(f"{'measurement':40} {'seconds':>8} {'MB/s':>8} {'s/GiB':>7} {'peak RSS MiB':>13}")
    for mode, row in rows.items():
        s = row["seconds"]
        print(
            f"{mode:40} {s:8.3f} {size / s / 1e6:8.0f} {s * (1 << 30) / size:7.3f}"
            f" {row['rss_mib']:13.1f}"
        )
    cli_dec, cli_enc = rows["cli-decrypt"]["seconds"], rows["cli-encrypt"]["seconds"]
    floor = rows["floor: age -d | openssl dgst -sha256"]["seconds"]
    print("ratios (time ours / time reference; < 1 is faster than the reference):")
    print(f"  ours-encrypt / cli-encrypt           {rows['ours-encrypt']['seconds'] / cli_enc:.2f}")
    for mode in ("ours-decrypt", "ours-decrypt-ahead", "pyrage-decrypt"):
        print(f"  {mode + ' / cli-decrypt':36} {rows[mode]['seconds'] / cli_dec:.2f}")
    armored = rows["ours-decrypt-armored"]["seconds"] / rows["cli-decrypt-armored"]["seconds"]
    print(f"  ours-decrypt-armored / cli-decrypt-armored {armored:.2f}")
    for mode in ("ours-decrypt-sha256", "ours-decrypt-ahead-sha256"):
        print(f"  {mode + ' / floor':36} {rows[mode]['seconds'] / floor:.2f}")


if __name__ == "__main__":
    main()
