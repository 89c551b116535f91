"""scrypt in a short-lived child process, so its memory never counts against ours.

age's scrypt needs 128 * r * 2^work_factor bytes while it derives a key: 256 MiB
at work factor 18 (age's default, used for the workstation key and for case
files sent to a passphrase), for about 0.7 s. The application promises 150 MiB
for an import or a case file of any size; deriving the key in a child process
(the interpreter itself with ``-I -S``, about 10 ms to start, standard library
only) keeps that promise, and the memory is given back to the system the moment
the child exits.

The passphrase travels on the child's standard input, never on its command line
or in its environment. If the child cannot run (no interpreter, a limit on
processes, an OpenSSL without scrypt), ``derive`` returns None and the caller
refuses (age_recipients: KeyDerivationError); it never falls back to deriving
in-process, which for a hostile work factor would cost this process gigabytes.
"""

from __future__ import annotations

import struct
import subprocess
import sys

# hashlib's maxmem must stay below 2 GiB (a C int): work factor 20 and lower, which is
# also age_recipients.MAX_WORK_FACTOR.
_MAX_N = 1 << 20
_HEADER = struct.Struct(">IIIIH")  # n, r, p, length, salt length

_CHILD = """
import hashlib, struct, sys
data = sys.stdin.buffer.read()
n, r, p, length, salt_len = struct.unpack_from(">IIIIH", data)
start = struct.calcsize(">IIIIH")
salt, password = data[start:start + salt_len], data[start + salt_len:]
maxmem = 128 * r * (n + p + 2) + (1 << 20)
sys.stdout.buffer.write(hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, maxmem=maxmem,
                                       dklen=length))
"""


def derive(password: bytes, salt: bytes, *, n: int, r: int, p: int, length: int) -> bytes | None:
    """The scrypt key, derived in a child process; None if that could not be done."""
    if n > _MAX_N or len(salt) > 0xFFFF or not sys.executable:
        return None
    payload = _HEADER.pack(n, r, p, length, len(salt)) + salt + password
    try:
        done = subprocess.run([sys.executable, "-I", "-S", "-c", _CHILD], input=payload,
                              capture_output=True, timeout=600, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or len(done.stdout) != length:
        return None
    return done.stdout
