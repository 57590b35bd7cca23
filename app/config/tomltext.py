"""The configuration file as TOML text: how a value is spelled, and which line sets a key.

Reading goes through `tomllib`, which keeps no positions. An error message
should still point at the line to fix, so on a problem (and only then) the
text is parsed again with tomlkit, which keeps every byte of it: the key's
value is swapped for a marker and the marker's line is the answer. tomlkit is
imported here only on that error path, so commands that read a valid file
never load it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Final

_MARK: Final = "nudge-line-marker-7d1f"


def line_of(text: str, dotted: str) -> int | None:
    """The 1-based line that sets `dotted` ("timing.screen_wait"), or of its nearest enclosing key or table.

    `text` is TOML that tomllib accepted; None when no line can be named (a
    table only implied by `[a.b]`, or text tomlkit reads differently).
    """
    if _MARK in text:
        return None
    import tomlkit
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import Table

    parts = dotted.split(".")
    for size in range(len(parts), 0, -1):
        try:
            document = tomlkit.parse(text)
        except TOMLKitError:
            return None
        parent: object = document
        for part in parts[: size - 1]:
            parent = parent.get(part) if isinstance(parent, dict) else None
        name = parts[size - 1]
        if not isinstance(parent, dict) or name not in parent:
            continue
        item = parent[name]
        if isinstance(item, Table):
            if item.is_super_table():
                continue  # `[a.b]` with no `[a]`: a has no line of its own
            item.comment(_MARK)  # lands on the table's header line
        else:
            parent[name] = _MARK
        rendered = document.as_string()
        at = rendered.find(_MARK)
        if at >= 0:
            return rendered.count("\n", 0, at) + 1
    return None


def toml_value(value: object) -> str:
    """A value spelled as TOML: text in double quotes, dates bare, lists in brackets."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Path):
        return toml_value(home_short(value))
    if isinstance(value, str):
        # JSON's escapes are TOML's basic-string escapes; JSON leaves DEL bare, which TOML forbids.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML spelling for {type(value).__name__}")


def home_short(path: Path) -> str:
    """A path with the home folder written `~`: shorter to read, and the file stays valid on another machine."""
    try:
        rest = path.relative_to(Path.home())
    except (ValueError, RuntimeError):
        return str(path)
    return "~" if rest == Path() else f"~/{rest.as_posix()}"
