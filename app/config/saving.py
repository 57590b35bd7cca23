"""Saving a preference chosen in the dashboard into the person's own configuration file.

The file is theirs: hand-written comments, order and spacing must survive.
So the change is made on lines of text, not by re-writing parsed data: the
one `key = value` line is replaced in place (its trailing comment kept), or
added at the end of its table, or the table is appended. The result is read
back with the same checks as at start-up before it replaces the file, and the
write is atomic and private (0600); when the file is spelled in a way this
cannot edit safely (an inline table, a dotted key), it says so and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final

from app.config import layout
from app.config.loading import load_config, parse_config
from app.config.tomltext import Layout, home_short, scan, toml_value
from app.errors import BadInput, NudgeError

SAVABLE: Final[dict[tuple[str, str], tuple[str, Callable[[object, Path], object]]]] = {
    ("dashboard", "theme"): ("theme", lambda v, _: layout.theme(v)),
    ("dashboard", "days"): ("days", lambda v, _: layout.whole(v, *layout.DAYS_RANGE, " of business days")),
    ("export", "folder"): ("export_folder", layout.folder),
    ("export", "format"): ("export_format", lambda v, _: layout.export_format(v)),
}
"""The preferences the dashboard may write: the `Config` field each lands in, and its check."""

NEW_FILE: Final = "# Nudge configuration: `nudge config` shows every setting and where it comes from.\n"


def save_preference(path: Path, section: str, key: str, value: str | int | Path) -> None:
    """Set `key` in `[section]` of the configuration file at `path`, keeping everything else.

    Raises BadInput for a preference that cannot be saved, for a value the
    file may not hold, and for a file that is already broken (fix it first:
    editing a file that does not parse could lose what the person meant).
    Raises NudgeError, writing nothing, when the file spells the key in a way
    a line edit cannot change safely.
    """
    known = SAVABLE.get((section, key))
    if known is None:
        options = ", ".join(f"{s}.{k}" for s, k in SAVABLE)
        raise BadInput(f"not a preference the dashboard saves (only {options})", f"{section}.{key}")
    attr, check = known
    raw = home_short(value) if isinstance(value, Path) else value
    try:
        wanted = check(raw, path.parent)
    except layout.Problem as exc:
        raise BadInput(str(exc), f"{section}.{key}") from None
    load_config(path)  # refuses a broken file before anything is touched
    try:
        text = path.read_bytes().decode("utf-8")  # not read_text: it would turn \r\n into \n
    except FileNotFoundError:
        text = NEW_FILE
    spelled = toml_value(raw)
    try:
        new_text = set_value(text, section, key, spelled)
        if getattr(parse_config(new_text, path), attr) != wanted:
            raise ValueError("the new line would not take effect")
    except (ValueError, BadInput) as exc:
        raise NudgeError(
            f"cannot update {home_short(path)} safely ({exc}); add `{key} = {spelled}` under [{section}] by hand"
        ) from None
    from app.storage.files import write_private_text

    write_private_text(path, new_text)


def set_value(text: str, section: str, key: str, value: str) -> str:
    """`text` with `key = value` set in `[section]`: replaced in place, added to the table, or a new table.

    `value` is already spelled as TOML. Raises ValueError when the current
    value spans several lines (a line edit would leave half of it behind).
    """
    found = scan(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = list(found.lines)
    entry = found.find(section, key)
    if entry is not None:
        if entry.end is None:
            raise ValueError(f"{section}.{key} spans several lines")
        line = lines[entry.line]
        lines[entry.line] = line[: entry.start] + value + line[entry.end :]
        return "".join(lines)
    row = _end_of_table(found, section)
    if row is None:
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        blank = [newline] if lines and lines[-1].strip() else []
        return "".join([*lines, *blank, f"[{section}]{newline}", f"{key} = {value}{newline}"])
    if not lines[row].endswith(("\n", "\r")):
        lines[row] += newline
    lines.insert(row + 1, f"{key} = {value}{newline}")
    return "".join(lines)


def _end_of_table(found: Layout, section: str) -> int | None:
    """The line after which a new key of `section` goes: its last key's last line, else its header."""
    if section not in found.headers:
        return None
    rows = [e.last_line for e in found.entries if e.table == section]
    return max(rows) if rows else found.headers[section]
