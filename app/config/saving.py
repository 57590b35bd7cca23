"""Saving a preference chosen in the dashboard into the person's own configuration file.

The file is theirs: hand-written comments, order and spacing must survive.
tomlkit edits the parsed document without losing any of that: the one value
is replaced (its trailing comment kept), or added at the end of its table, or
the table is appended. The result is read back with the same checks as at
start-up before it replaces the file, and the write is atomic and private
(0600). A file that already holds the value is left untouched, so the caller
may save every change without first asking what the file says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Final

from app.config import layout
from app.config.loading import load_config, parse_config
from app.config.tomltext import home_short, toml_value
from app.errors import BadInput, NudgeError

SAVABLE: Final[dict[tuple[str, str], tuple[str, Callable[[object, Path], object]]]] = {
    ("dashboard", "theme"): ("theme", lambda v, _: layout.theme(v, layout.dashboard_themes())),
    ("dashboard", "days"): ("days", lambda v, _: layout.whole(v, *layout.DAYS_RANGE, " of business days")),
    ("export", "folder"): ("export_folder", layout.folder),
    ("export", "format"): ("export_format", lambda v, _: layout.export_format(v)),
}
"""The preferences the dashboard may write: the `Config` field each lands in, and its check.

The theme is checked against Textual's own list: only the dashboard saves,
and it has Textual loaded.
"""

NEW_FILE: Final = "# Nudge configuration: `nudge config` shows every setting and where it comes from.\n"


def save_preference(path: Path, section: str, key: str, value: str | int | Path) -> None:
    """Set `key` in `[section]` of the configuration file at `path`, keeping everything else.

    Raises BadInput for a preference that cannot be saved, for a value the
    file may not hold, and for a file that is already broken (fix it first:
    editing a file that does not parse could lose what the person meant).
    Raises NudgeError, writing nothing, when the edited file would not read
    back as the value asked for.
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
    current = load_config(path)  # refuses a broken file before anything is touched
    if current.exists and getattr(current, attr) == wanted:
        return
    try:
        text = path.read_bytes().decode("utf-8")  # not read_text: it would turn \r\n into \n
    except FileNotFoundError:
        text = NEW_FILE
    try:
        new_text = set_value(text, section, key, raw)
        if getattr(parse_config(new_text, path), attr) != wanted:
            raise ValueError("the new value would not take effect")
    except (ValueError, BadInput) as exc:
        spelled = toml_value(raw)
        raise NudgeError(
            f"cannot update {home_short(path)} safely ({exc}); add `{key} = {spelled}` under [{section}] by hand"
        ) from None
    from app.storage.files import write_private_text

    write_private_text(path, new_text)


def set_value(text: str, section: str, key: str, value: str | int) -> str:
    """`text` (valid TOML) with `key` set to `value` in `[section]`, every other byte kept where it can be.

    New lines take the file's line ending: tomlkit writes "\\n", which would
    leave a Windows file with mixed endings. Raises ValueError when tomlkit
    cannot make the change (`section` is not a table, say).
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
        if section not in document:
            document[section] = tomlkit.table()
        table = document[section]
        if not isinstance(table, dict):
            raise ValueError(f"{section} is not a table")
        table[key] = value
        new_text = document.as_string()
    except TOMLKitError as exc:
        raise ValueError(str(exc)) from None
    if "\r\n" in text:
        new_text = re.sub(r"(?<!\r)\n", "\r\n", new_text)
    return new_text
