"""The signature stamp: what pyHanko draws in a signature box, in an embedded font.

pyHanko's default stamp font is Courier, one of the standard 14 PDF fonts that
are never embedded (so a letter would not look the same everywhere, nor
archive well). pyHanko embeds a subset of a TrueType font instead through
fontTools and HarfBuzz (``GlyphAccumulatorFactory``).

Why a font of its own: pyHanko subsets the font for every signature, and
subsetting the whole DejaVu Sans (6,253 glyphs and its OpenType layout tables)
took about 170 ms of CPU per signature (Courier: none). The stamp font
``DejaVuSans-Stamp.ttf`` is DejaVu Sans cut down to ``STAMP_RANGES`` (Latin,
Greek, Cyrillic, punctuation) without layout tables, made by
``scripts/make_stamp_font.py``: about 17 ms. A signer whose name has a
character outside it gets the whole DejaVu Sans (slower, never a blank box
where DejaVu has the glyph).
"""

from __future__ import annotations

import functools
import io
import logging
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from reviewer_app.resources import resource_path

STAMP_FONT = "DejaVuSans-Stamp.ttf"
FULL_FONT = "DejaVuSans.ttf"
# (first, last) code points, both included: what the stamp font keeps of DejaVu Sans.
STAMP_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese, Welsh, ...)
    (0x2000, 0x206F),  # General Punctuation (dashes, quotes)
    (0x20AC, 0x20AC),  # euro sign
)
STAMP_TEXT = "Digitally signed by\n%(signer)s\n%(ts)s"
# The signing time is the workstation's local time: %Z names its zone (the
# letter used to print "UTC" after a local time).
TIME_FORMAT = "%Y-%m-%d %H:%M:%S %Z"


# fontTools says which tables of the whole DejaVu Sans it drops while subsetting: not news.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


def covered(text: str) -> bool:
    """Whether the stamp font has a glyph for every character of ``text``."""
    return all(any(lo <= ord(ch) <= hi for lo, hi in STAMP_RANGES) for ch in text)


@functools.cache
def _font_bytes(font_file: str) -> bytes:
    return resource_path("fonts", font_file).read_bytes()


@dataclass(frozen=True)
class _FontInMemory(GlyphAccumulatorFactory):
    """pyHanko's factory, reading the font from memory: the stock one opens the font file
    for every signature and never closes it (a file handle lost per signature)."""

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer, font_handle=io.BytesIO(_font_bytes(self.font_file)),
            font_size=self.font_size, ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag, writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code, obj_stream=obj_stream)


@functools.cache
def _style(font_file: str) -> TextStampStyle:
    font = _FontInMemory(font_file)
    return TextStampStyle(stamp_text=STAMP_TEXT, timestamp_format=TIME_FORMAT, border_width=0,
                          text_box_style=TextBoxStyle(font=font))


def stamp_style(signer_name: str) -> TextStampStyle:
    """The stamp for a signature by ``signer_name``, in the smallest font that has its glyphs."""
    return _style(STAMP_FONT if covered(signer_name) else FULL_FONT)


__all__ = ["STAMP_FONT", "STAMP_RANGES", "covered", "stamp_style"]
