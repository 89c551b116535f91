"""Text from outside made safe for a terminal: the one escaping rule of the CLI.

Much of what the commands print was written by someone else: a submitter's
model and organisation names, file paths and evidence notes, a PDF's signer,
error messages that quote them. Such text may hold terminal controls: ``ESC [2J``
clears the screen, ``\\r`` returns to the line's start so that what follows
overwrites what was printed (an organisation can be spoofed), U+202E reverses
the rest of the line. ``shown`` writes each such character as a visible escape
(``\\x1b``, ``\\r``, ``\\u202e``), so the reader sees that it is there.

What is escaped: every character Python does not call printable except the
spaces (Unicode categories Cc, Cf, Cs, Co, Cn, Zl, Zp): C0 and C1 controls,
DEL, bidirectional and other invisible format characters, line and paragraph
separators, lone surrogates. A backslash is left as it is.

``CliContext.print`` applies ``shown`` to every line it prints, keeping the
line breaks and tabs of the command's own layout; a field written by someone
else is passed through ``shown`` where the line is formatted, so that its
``\\n`` cannot forge another line either. ``json_safe`` does the same for JSON
output (``\\u`` escapes: the same JSON values, byte for byte parseable).
"""

from __future__ import annotations

import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _unsafe(char: str) -> bool:
    return not char.isprintable() and unicodedata.category(char) != "Zs"


def _visible(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def shown(value: object, *, keep: str = "") -> str:
    """``value`` as text with every terminal control escaped (except those in ``keep``)."""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():
        return text
    return "".join(_visible(c) if c not in keep and _unsafe(c) else c for c in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the BMP: a surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(dumped: str) -> str:
    """JSON text (from ``json.dumps``) with each terminal control written as a
    ``\\u`` escape. ``json`` already escapes C0 controls; outside strings its
    layout is ASCII, so whatever is left lies inside a string."""
    if dumped.replace("\n", "").isprintable():
        return dumped
    return "".join(_json_escape(c) if c != "\n" and _unsafe(c) else c for c in dumped)
