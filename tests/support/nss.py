"""poppler's ``pdfsig`` as a second, independent validator, trusting a CA via an NSS db.

``pdfsig`` exits 0 whatever it finds, so its text is parsed.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


def nss_db(folder: Path, ca_pem: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["certutil", "-N", "-d", f"sql:{folder}", "--empty-password"], check=True,
                   capture_output=True)
    subprocess.run(["certutil", "-A", "-d", f"sql:{folder}", "-n", "office-ca", "-t", "CT,C,C",
                    "-i", str(ca_pem)], check=True, capture_output=True)
    return folder


@dataclass(frozen=True)
class PdfsigSignature:
    field: str
    signer: str
    valid: bool
    trusted: bool
    total: bool
    text: str


def pdfsig(pdf: Path, nssdir: Path) -> list[PdfsigSignature]:
    done = subprocess.run(["pdfsig", "-nssdir", f"sql:{nssdir}", str(pdf)], capture_output=True,
                          text=True, timeout=60)
    blocks = re.split(r"^Signature #\d+:\s*$", done.stdout, flags=re.M)[1:]
    out = []
    for block in blocks:
        if "is not signed" in block:  # an empty field waiting for a countersignature
            continue
        field = re.search(r"Signature Field Name: (.*)", block)
        signer = re.search(r"Signer Certificate Common Name: (.*)", block)
        out.append(PdfsigSignature(
            field=field.group(1).strip() if field else "",
            signer=signer.group(1).strip() if signer else "",
            valid="Signature is Valid." in block,
            trusted="Certificate is Trusted." in block,
            total="Total document signed" in block,
            text=block,
        ))
    return out
