"""JSON laid out two spaces a level, the bytes of `json.dumps(value, indent=2, ensure_ascii=False)`, faster.

With an indent, the standard library leaves its C encoder for a chain of
Python generators that yields every bracket, comma and value separately: a
10,000-process backup (1.2 million values) took a second to write that way,
most of `nudge export`. Here each list and object is one call, its items
are written in a loop, and each text goes through the same C escaping
function the standard encoder uses, so the bytes are the same (a test
compares the two on random documents and on the demo backup).

Only what the export formats hold is written here: objects with text keys,
lists and tuples, text (a vocabulary word is a `str`), whole numbers, true,
false and null. Any other value (a float, a key that is not text) leaves the
whole document to `json.dumps`, which decides what it means.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C escaper json uses with ensure_ascii=False
from typing import Any

__all__ = ["dumps"]


class _Other(Exception):
    """A value this writer leaves to the standard library."""


def dumps(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, byte for byte."""
    parts: list[str] = []
    try:
        _write(value, "\n", parts)
    except _Other:
        return json.dumps(value, indent=2, ensure_ascii=False)
    return "".join(parts)


def _write(value: Any, newline: str, parts: list[str]) -> None:
    """Append `value` to `parts`; `newline` is a line break followed by the current level's indent."""
    if isinstance(value, str):
        parts.append(encode_basestring(value))
    elif isinstance(value, dict):
        _object(value, newline, parts)
    elif isinstance(value, list | tuple):
        _array(value, newline, parts)
    else:
        parts.append(_scalar(value))


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    raise _Other


def _object(obj: dict[Any, Any], newline: str, parts: list[str]) -> None:
    if not obj:
        parts.append("{}")
        return
    inner = newline + "  "
    append = parts.append
    first = True
    for key, item in obj.items():
        if not isinstance(key, str):
            raise _Other
        append(("{" if first else ",") + inner + encode_basestring(key) + ": ")
        first = False
        if isinstance(item, str):
            append(encode_basestring(item))
        elif isinstance(item, dict):
            _object(item, inner, parts)
        elif isinstance(item, list | tuple):
            _array(item, inner, parts)
        else:
            append(_scalar(item))
    append(newline + "}")


def _array(items: list[Any] | tuple[Any, ...], newline: str, parts: list[str]) -> None:
    if not items:
        parts.append("[]")
        return
    inner = newline + "  "
    append = parts.append
    first = True
    for item in items:
        append(("[" if first else ",") + inner)
        first = False
        if isinstance(item, str):
            append(encode_basestring(item))
        elif isinstance(item, dict):
            _object(item, inner, parts)
        elif isinstance(item, list | tuple):
            _array(item, inner, parts)
        else:
            append(_scalar(item))
    append(newline + "]")
