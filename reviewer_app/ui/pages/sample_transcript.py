"""One sample as a reviewer reads it: input, the conversation, the output, the scores.

Built off the GUI thread as plain ``Block``s (a style name and its text); the
page writes them into the detail pane as plain text with a character format
per style (``QTextCursor.insertText``), so nothing a log holds is ever read as
markup: no HTML, no links, no images fetched. Control characters and Unicode
direction overrides (which can make text read differently from what it is)
are shown as visible ``<U+202E>`` marks.

Messages follow Inspect's chat messages: ``role`` (system, user, assistant,
tool), ``content`` (text, or a list of parts: text, reasoning, image, audio,
video, data, document, tool use), an assistant's ``tool_calls`` (function,
id, arguments), a tool message's ``function``, ``tool_call_id`` and
``error``. Anything else a log holds is shown as indented JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the readers load when a log is opened, not at start-up
    from reviewer_app.formats.evidence import SampleDetail

# A transcript part longer than this is cut (the pane must stay responsive).
PART_LIMIT = 200_000
# Longer lines are broken for display (see ``break_long_lines``).
LINE_LIMIT = 2000
BREAK_SIGN = " \u21b5"
INDENT = "    "

# Styles: the page maps each to a character format.
TITLE, HEADING, ROLE, TEXT, CALL, NOTE, ERROR = (
    "title", "heading", "role", "text", "call", "note", "error")
ROLE_NAMES = {"system": "System", "user": "User", "assistant": "Assistant", "tool": "Tool"}

# C0/C1 controls (but tab and newline) and the bidirectional controls.
_HIDDEN = [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x061C,
           *range(0x200E, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_VISIBLE = {code: f"<U+{code:04X}>" for code in _HIDDEN}


@dataclass(frozen=True)
class Block:
    style: str
    text: str


def visible(text: str) -> str:
    """``text`` with control and direction-override characters shown as marks."""
    return text.translate(_VISIBLE)


def break_long_lines(text: str, width: int = LINE_LIMIT) -> str:
    """Lines over ``width`` characters broken into pieces ending in a return sign.

    Why: Qt lays out a long line without spaces in time that grows with the
    square of its length (a 200,000-character line: seconds on the GUI thread)."""
    if len(text) <= width or all(len(line) <= width for line in text.split("\n")):
        return text
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width] + BREAK_SIGN)
            line = line[width:]
        out.append(line)
    return "\n".join(out)


def part(value: Any) -> str:
    """Any value as bounded, visible text (a string as it is, else indented JSON)."""
    text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False,
                                                           default=str)
    if len(text) > PART_LIMIT:
        text = text[:PART_LIMIT] + f"\n[... {len(text) - PART_LIMIT:,} more characters cut]"
    return break_long_lines(visible(text))


def score_text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _indented(text: str, depth: int = 1) -> str:
    pad = INDENT * depth
    return "\n".join(pad + line if line else line for line in text.split("\n"))


def _name(value: Any) -> str:
    return visible(value) if isinstance(value, str) else ""


def _content_part(item: Any) -> Block:
    if not isinstance(item, dict):
        return Block(TEXT, part(item))
    kind = item.get("type")
    if kind == "text":
        return Block(TEXT, part(item.get("text", "")))
    if kind == "reasoning":
        said = "[reasoning, redacted]" if item.get("redacted") else "[reasoning]"
        return Block(NOTE, f"{said}\n{part(item.get('reasoning', ''))}")
    if kind in ("image", "audio", "video", "document", "image_url"):
        found = item.get(kind)
        ref = found if isinstance(found, str) else ""
        if ref.startswith("data:"):
            where = f"{len(ref):,} characters of inline data"
        else:
            where = visible(ref[:200]) or "no reference"
        return Block(NOTE, f"[{kind}: {where}; not shown]")
    if kind == "tool_use":
        return Block(CALL, f"Tool use {_name(item.get('name'))}\n"
                           + _indented(_arguments(item.get("arguments"))))
    return Block(NOTE, part(item))


def _content(value: Any) -> list[Block]:
    if isinstance(value, list):
        return [_content_part(item) for item in value]
    if value is None or value == "":
        return []
    return [Block(TEXT, part(value))]


def _arguments(arguments: Any) -> str:
    """A tool call's arguments, one ``name: value`` per line (a long value below its name)."""
    if isinstance(arguments, str):  # some providers keep the raw JSON text
        try:
            arguments = json.loads(arguments)
        except ValueError:
            return part(arguments)
    if not isinstance(arguments, dict):
        return part(arguments)
    if not arguments:
        return "(no arguments)"
    lines = []
    for key, value in arguments.items():
        text = part(value)
        if "\n" in text:
            lines.append(f"{visible(str(key))}:\n{_indented(text)}")
        else:
            lines.append(f"{visible(str(key))}: {text}")
    return "\n".join(lines)


def _tool_call(call: Any) -> Block:
    if not isinstance(call, dict):
        return Block(CALL, f"Tool call\n{_indented(part(call))}")
    ident = _name(call.get("id"))
    head = f"Tool call: {_name(call.get('function')) or '?'}" + (f"  [{ident}]" if ident else "")
    body = _arguments(call.get("arguments"))
    if call.get("parse_error"):
        body += f"\nparse error: {part(call.get('parse_error'))}"
    return Block(CALL, head + "\n" + _indented(body))


def message_blocks(message: Any) -> list[Block]:
    """One chat message: a role heading, its text, its tool calls or tool error."""
    if not isinstance(message, dict):
        return [Block(ROLE, "Message"), Block(TEXT, part(message))]
    role = message.get("role")
    heading = ROLE_NAMES.get(role, _name(role) or "?") if isinstance(role, str) else "?"
    if role == "tool":
        function, ident = _name(message.get("function")), _name(message.get("tool_call_id"))
        heading = "Tool result" + (f": {function}" if function else "") + (
            f"  [{ident}]" if ident else "")
    elif role == "assistant" and isinstance(message.get("model"), str):
        heading += f" ({_name(message.get('model'))})"
    blocks = [Block(ROLE, heading), *_content(message.get("content"))]
    calls = message.get("tool_calls")
    if isinstance(calls, list):
        blocks += [_tool_call(call) for call in calls]
    error = message.get("error")
    if error:
        kind = _name(error.get("type")) if isinstance(error, dict) else ""
        said = part(error.get("message", "")) if isinstance(error, dict) else part(error)
        blocks.append(Block(ERROR, f"Tool error{f' ({kind})' if kind else ''}: {said}"))
    return blocks


def _conversation(messages: Any) -> list[Block]:
    out: list[Block] = []
    for message in messages:
        out += message_blocks(message)
    return out


def _output(output: Any) -> list[Block]:
    """The model's output: its final message(s), stop reason, usage and error."""
    if not isinstance(output, dict):
        return [Block(TEXT, part(output))] if output not in (None, "", {}) else []
    out: list[Block] = []
    choices = output.get("choices")
    if isinstance(choices, list) and choices:
        for choice in choices:
            choice = choice if isinstance(choice, dict) else {"message": choice}
            out += message_blocks(choice.get("message"))
            if choice.get("stop_reason"):
                out.append(Block(NOTE, f"stop reason: {part(choice.get('stop_reason'))}"))
    elif isinstance(output.get("completion"), str) and output.get("completion"):
        out.append(Block(TEXT, part(output["completion"])))
    facts = []
    if isinstance(output.get("model"), str):
        facts.append(f"model {visible(output['model'])}")
    usage = output.get("usage")
    if isinstance(usage, dict):
        counts = [f"{visible(str(k)).replace('_', ' ')} {v}" for k, v in usage.items()
                  if isinstance(v, int | float) and not isinstance(v, bool)]
        if counts:
            facts.append(", ".join(counts))
    if facts:
        out.append(Block(NOTE, "; ".join(facts)))
    if output.get("error"):
        out.append(Block(ERROR, f"Error: {part(output.get('error'))}"))
    return out


def _input(value: Any) -> list[Block]:
    if isinstance(value, list) and all(isinstance(m, dict) and "role" in m for m in value):
        return _conversation(value)
    return [Block(TEXT, part(value))]


def _section(title: str, blocks: list[Block]) -> list[Block]:
    return [Block(HEADING, f"== {title} =="), *(blocks or [Block(NOTE, "(none)")])]


def transcript(detail: SampleDetail) -> list[Block]:
    """One sample as blocks, in the order a reviewer reads it."""
    out = [Block(TITLE, f"Sample {visible(detail.id)}, epoch {detail.epoch}")]
    if detail.error:
        out.append(Block(ERROR, f"ERROR: {part(detail.error)}"))
    out += _section("Input", _input(detail.input))
    out += _section("Target", [Block(TEXT, part(detail.target))])
    out += _section(f"Conversation ({len(detail.messages)} messages)",
                    _conversation(detail.messages))
    out += _section("Model output", _output(detail.output))
    scores = []
    for score in detail.scores:
        line = f"{visible(score.scorer)}: {visible(score_text(score.value))}" + (
            f" (answer: {part(score.answer)})" if score.answer else "")
        scores.append(Block(TEXT, line))
        if score.explanation:
            scores.append(Block(TEXT, _indented(f"Explanation: {part(score.explanation)}")))
    out += _section("Scores", scores)
    if detail.metadata:
        out += _section("Metadata", [Block(TEXT, _metadata(detail.metadata))])
    notes = list(detail.notes)
    if any(BREAK_SIGN in block.text for block in out):
        notes.append(f"lines over {LINE_LIMIT:,} characters are broken for display, "
                     f"each break marked {BREAK_SIGN.strip()}")
    if notes:
        out += _section("Notes", [Block(NOTE, visible(n)) for n in notes])
    return out


def _metadata(metadata: dict[str, Any]) -> str:
    lines = []
    for key, value in metadata.items():
        text = part(value)
        lines.append(f"{visible(str(key))}: {text}" if "\n" not in text
                     else f"{visible(str(key))}:\n{_indented(text)}")
    return "\n".join(lines)


def plain_text(blocks: list[Block]) -> str:
    """The blocks as the pane's plain text (one paragraph per block; a blank
    line before each heading and each message's role)."""
    out: list[str] = []
    for block in blocks:
        if block.style in (HEADING, ROLE) and out:
            out.append("")
        out.append(block.text)
    return "\n".join(out)
