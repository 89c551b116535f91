"""poppler's pdffonts and pdftotext, read the way a person checking a PDF would."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdffonts(pdf: Path) -> list[tuple[str, str, str]]:
    """pdffonts' rows as (name, type, emb); its columns are cut where the dashes line says."""
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    spans, start = [], 0
    for dashes in lines[1].split(" "):
        spans.append((start, start + len(dashes)))
        start += len(dashes) + 1
    rows = [[line[a:b].strip() for a, b in spans] for line in lines[2:]]
    return [(row[0], row[1], row[3]) for row in rows]


def all_embedded(pdf: Path) -> bool:
    rows = pdffonts(pdf)
    return bool(rows) and all(emb == "yes" for _name, _type, emb in rows)


def pdftotext(pdf: Path, *, layout: bool = False) -> str:
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
