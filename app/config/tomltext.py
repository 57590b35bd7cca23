"""The configuration file as lines of text: where each key sits, and how a value is spelled.

`tomllib` reads TOML but keeps no positions and cannot write. Two things need
positions: an error message that points at the line to fix, and saving one
preference without disturbing the rest of a file the person wrote by hand
(their comments, order and spacing). This scanner finds, for every
`key = value` line, its table and the columns its value spans; it follows
strings and multi-line arrays, so a `[` or `#` inside them is never mistaken
for a table header or a comment. It only ever runs on text `tomllib` accepted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"\s*\[\s*(?P<name>{_DOTTED})\s*\]\s*(?:#.*)?$")
_ARRAY_HEADER = re.compile(r"\s*\[\[")
_ENTRY = re.compile(rf"(?P<indent>\s*)(?P<key>{_DOTTED})\s*=\s*")


@dataclass(frozen=True, slots=True)
class Entry:
    """One `key = value` line: its table, its key, and where its value is."""

    line: int
    """0-based index of the line the key is on."""
    table: str
    """The table it belongs to, dotted ("dashboard.keys"); "" before the first header."""
    key: str
    """The key as written, dotted when it is a dotted key."""
    start: int
    """The column where the value begins."""
    end: int | None
    """The column after the value, or None when the value goes on past this line."""
    last_line: int
    """The line the value ends on."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the tables and keys of a TOML text are."""

    lines: list[str]
    entries: list[Entry]
    headers: dict[str, int]

    def find(self, table: str, key: str) -> Entry | None:
        """The line that sets `key` in `table`, if the file spells it that way."""
        return next((e for e in self.entries if e.table == table and e.key == key), None)

    def line_of(self, dotted: str) -> int | None:
        """The 1-based line that sets `dotted` ("timing.screen_wait"), or of its nearest enclosing key or table."""
        parts = dotted.split(".")
        if dotted in self.headers:
            return self.headers[dotted] + 1
        for cut in range(len(parts) - 1, -1, -1):
            table, rest = ".".join(parts[:cut]), parts[cut:]
            for size in range(len(rest), 0, -1):
                found = self.find(table, ".".join(rest[:size]))
                if found is not None:
                    return found.line + 1
            if table in self.headers:
                return self.headers[table] + 1
        return None


def _name(dotted: str) -> str:
    """`"dashboard" . keys` -> `dashboard.keys`: quotes and spaces around dots removed."""
    parts = re.findall(_PART, dotted)
    return ".".join(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def scan(text: str) -> Layout:
    """Find every table header and `key = value` line of `text` (valid TOML)."""
    lines = text.splitlines(keepends=True)
    entries: list[Entry] = []
    headers: dict[str, int] = {}
    table = ""
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r\n")
        if _ARRAY_HEADER.match(line):
            # An array of tables: Nudge's layout has none, so its keys must never match.
            table = "[[]]"
        elif (header := _HEADER.match(line)) is not None:
            table = _name(header["name"])
            headers.setdefault(table, i)
        elif (entry := _ENTRY.match(line)) is not None:
            last, end = _value_end(lines, i, entry.end())
            entries.append(Entry(i, table, _name(entry["key"]), entry.end(), end if last == i else None, last))
            i = last
        i += 1
    return Layout(lines, entries, headers)


def _value_end(lines: list[str], row: int, col: int) -> tuple[int, int]:
    """Where the value starting at (row, col) ends: (its last line, the column after it)."""
    depth = 0
    while row < len(lines):
        line = lines[row].rstrip("\r\n")
        while col < len(line):
            char = line[col]
            if line.startswith(('"""', "'''"), col):
                row, col = _after_multiline(lines, row, col + 3, line[col : col + 3])
                line = lines[row].rstrip("\r\n") if row < len(lines) else ""
            elif char in "\"'":
                col = _after_string(line, col)
            elif char in "[{":
                depth += 1
                col += 1
                continue
            elif char in "]}":
                depth -= 1
                col += 1
            elif char == "#" and depth > 0:
                col = len(line)
                continue
            elif depth == 0 and not char.isspace():
                while col < len(line) and not line[col].isspace() and line[col] not in "#,]}":
                    col += 1
            else:
                col += 1
                continue
            if depth == 0:
                return row, col
        row, col = row + 1, 0
    return len(lines) - 1, len(lines[-1].rstrip("\r\n")) if lines else 0


def _after_string(line: str, col: int) -> int:
    """The column after the one-line string that opens at `col`."""
    quote, col = line[col], col + 1
    while col < len(line):
        if quote == '"' and line[col] == "\\":
            col += 2
            continue
        if line[col] == quote:
            return col + 1
        col += 1
    return col


def _after_multiline(lines: list[str], row: int, col: int, delimiter: str) -> tuple[int, int]:
    """The position after the multi-line string whose body starts at (row, col)."""
    while row < len(lines):
        line = lines[row]
        while col < len(line):
            if delimiter == '"""' and line[col] == "\\":
                col += 2
                continue
            if line.startswith(delimiter, col):
                col += 3
                # TOML lets up to two more quotes belong to the string itself: '"""a""""'.
                while col < len(line) and line[col] == delimiter[0]:
                    col += 1
                return row, col
            col += 1
        row, col = row + 1, 0
    return len(lines) - 1, len(lines[-1]) if lines else 0


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
