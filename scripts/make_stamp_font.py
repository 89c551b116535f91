"""Remake resources/fonts/DejaVuSans-Stamp.ttf, the signature stamp's font (the file is committed).

DejaVu Sans (resources/fonts/DejaVuSans.ttf) cut down with fontTools to the
code points in ``reviewer_app.pdf.stamp.STAMP_RANGES``, without OpenType
layout tables (the stamp is a few lines of plain text) and without hinting:
pyHanko subsets it for every signature, and a small font makes that fast
(see reviewer_app/pdf/stamp.py).

    .venv/bin/python scripts/make_stamp_font.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fontTools import subset
from fontTools.ttLib import TTFont

from reviewer_app.pdf.stamp import STAMP_FONT, STAMP_RANGES

FONTS = Path(__file__).resolve().parents[1] / "resources" / "fonts"


def main() -> None:
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM", "MATH"]
    options.hinting = False
    options.name_IDs = ["*"]  # keep the licence and copyright names
    options.notdef_outline = True
    options.glyph_names = True  # else fontTools makes names up from the cmap at every load
    font = TTFont(FONTS / "DejaVuSans.ttf", recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[cp for lo, hi in STAMP_RANGES for cp in range(lo, hi + 1)])
    subsetter.subset(font)
    font.save(FONTS / STAMP_FONT)
    print(f"{FONTS / STAMP_FONT}: {(FONTS / STAMP_FONT).stat().st_size:,} bytes, "
          f"{len(font.getGlyphOrder())} glyphs")


if __name__ == "__main__":
    main()
