"""What a configuration file may hold: its sections, its keys and the check on each value.

Every check raises `Problem` with a message meant for the person editing the
file; the loader adds the file, the line and the key in front of it. The same
checks guard `save_preference`, so Nudge never writes a value it would refuse
to read back.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

from app.errors import BadInput
from app.rules.calendar import parse_workdays
from app.rules.values import WEEKDAYS, Timing
from app.tui.keys import CONFIG_NAMES, RENAMED, canonical

if TYPE_CHECKING:
    from app.storage.location import Location

TIMING_KEYS: Final = tuple(f.name for f in fields(Timing))
TIMING_RANGE: Final = (1, 60)
"""The range the backup format accepts: a value saved here must survive export and import."""

KEEP_RANGE: Final = (0, 365)
"""Daily copies kept by `[backup] keep`; 0 turns the automatic copies off."""

DAYS_RANGE: Final = (0, 260)
"""The agenda horizon `nudge agenda --days` accepts: a year of business days at most."""

SECTIONS: Final[Mapping[str, tuple[str, ...]]] = {
    "search": ("country", "subdivision", "workdays", "days_off", "your_name"),
    "timing": TIMING_KEYS,
    "database": ("path", "password_command"),
    "dashboard": ("theme", "days", "keys"),
    "export": ("folder", "format"),
    "backup": ("keep",),
    "mail": ("host", "port", "user", "folders", "sent", "address", "password_command", "cafile", "source"),
}

KEY_ACTIONS: Final = CONFIG_NAMES
"""The names `[dashboard.keys]` may remap: the dashboard's actions (`app.tui.keys`), then their earlier ids."""

DEFAULT_THEME: Final = "textual-dark"
DEFAULT_EXPORT_FORMAT: Final = "md"
"""What the dashboard's export dialog offers first: Markdown, for notes."""

MODIFIERS: Final = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS: Final = frozenset(
    {
        "backspace",
        "delete",
        "down",
        "end",
        "enter",
        "escape",
        "home",
        "insert",
        "left",
        "pagedown",
        "pageup",
        "return",
        "right",
        "space",
        "tab",
        "up",
        *(f"f{n}" for n in range(1, 25)),
    }
)
"""Textual's names for keys that type no character (`textual.keys.Keys`)."""

MAX_NAME: Final = 200


class Problem(ValueError):
    """A value the file may not hold; the message says what would be right."""


def show(value: object) -> str:
    """A value as the file's author wrote it: TOML spelling, not Python's."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = json.dumps(value, ensure_ascii=False)
        return shown if len(shown) <= 60 else shown[:57] + '..."'
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def closest(word: str, options: Sequence[str]) -> str | None:
    """The option `word` was probably meant to be, if one is close enough."""
    import difflib

    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return found[0] if found else None


def suggest(word: str, options: Sequence[str]) -> str:
    """` (did you mean X?)` when one option is close to `word`, else the options themselves."""
    close = closest(word, options)
    if close is not None:
        return f" (did you mean {close}?)"
    return f" (expected one of: {', '.join(options)})"


def text(value: object, *, blank: bool = True, limit: int = 1000) -> str:
    """A string, without NUL, not absurdly long, and not blank unless `blank`."""
    if not isinstance(value, str):
        raise Problem(f"must be text in quotes, got {show(value)}")
    if "\x00" in value:
        raise Problem("must not contain a NUL character")
    if len(value) > limit:
        raise Problem(f"too long ({len(value)} characters; at most {limit})")
    if not blank and not value.strip():
        raise Problem("must not be empty")
    return value


def whole(value: object, low: int, high: int, unit: str = "") -> int:
    """A whole number from `low` to `high`; `true` and `5.0` are refused, as a person would."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Problem(f"must be a whole number{unit} from {low} to {high}, got {show(value)}")
    return value


def command(value: object) -> str:
    """A program with its arguments, split by shell rules (never given to a shell), as the password commands are.

    Checked here so that a quote left open is one located line when the file
    is read, not a failure later when the password is asked for.
    """
    import shlex

    given = text(value, blank=False)
    try:
        shlex.split(given)
    except ValueError as exc:
        raise Problem(f"not a command line ({exc})") from None
    return given


def timing_value(value: object) -> int:
    """One `[timing]` number: business days, in the range the backup format accepts."""
    return whole(value, *TIMING_RANGE, unit=" of business days")


def timing_conflict(given: Mapping[str, int]) -> tuple[str, str] | None:
    """(key to blame, message) when the numbers, with defaults for the rest, contradict each other.

    A thank-you that stops being suggested before it is even due would never
    show up, so the window may not be shorter than the due delay. The key
    blamed is one the file actually sets.
    """
    timing = Timing(**given)
    if timing.thank_you_window >= timing.thank_you_due:
        return None
    if "thank_you_window" in given:
        return (
            "thank_you_window",
            f"must be at least thank_you_due ({timing.thank_you_due}), got {timing.thank_you_window}",
        )
    return "thank_you_due", f"must be at most thank_you_window ({timing.thank_you_window}), got {timing.thank_you_due}"


def workdays(value: object) -> tuple[str, ...]:
    """A list of weekday names, checked as the calendar checks them, in week order."""
    if not isinstance(value, list):
        raise Problem(f'must be a list such as ["mon", "tue", "wed", "thu", "fri"], got {show(value)}')
    for item in value:
        if not isinstance(item, str):
            raise Problem(f"not a weekday: {show(item)} (use mon, tue, wed, thu, fri, sat, sun)")
    try:
        picked = parse_workdays(value)
    except BadInput as exc:
        raise Problem(exc.problem) from None
    return tuple(WEEKDAYS[d] for d in sorted(picked))


def day(value: object) -> date:
    """A date: TOML's own `2026-12-24` or the text `"2026-12-24"`; never a date-time."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Problem(f"not a date (YYYY-MM-DD): {show(value)}")


def days_off(value: object) -> tuple[date, ...]:
    """A list of dates, sorted and without repeats."""
    if not isinstance(value, list):
        raise Problem(f"must be a list of dates such as [2026-12-24, 2026-12-31], got {show(value)}")
    return tuple(sorted({day(item) for item in value}))


def your_name(value: object) -> str:
    """The seeker's name as messages sign it."""
    return text(value, limit=MAX_NAME).strip()


def folder(value: object, base: Path) -> Path:
    """A folder or file path; `~` is the home folder and a relative path starts at the file's folder.

    Relative to the configuration file, not to wherever `nudge` happens to run,
    so the same line means the same place every time.
    """
    raw = text(value, blank=False).strip()
    path = Path(raw).expanduser()
    return path if path.is_absolute() else base / path


def database(value: object, base: Path) -> Location:
    """A database file (as `folder`) or a `postgresql://` URL, which must not hold a password."""
    from app.storage.location import is_url, parse_location

    raw = text(value, blank=False).strip()
    if not is_url(raw):
        return folder(raw, base)
    try:
        return parse_location(raw)
    except BadInput as exc:
        raise Problem(str(exc)) from None


def theme(value: object, known: Sequence[str] | None = None) -> str:
    """A theme name; checked against `known` (Textual's themes) when given.

    Reading the file does not pass `known`: the names live in Textual, and
    importing it would cost every command that reads the file (`nudge agenda`)
    for a value only the dashboard uses. The dashboard, which has Textual
    loaded, checks the name with `dashboard_themes()` before it starts, and
    `nudge config` shows the name as given.
    """
    name = text(value, blank=False).strip()
    if known is not None and name not in known:
        raise Problem(f"unknown theme {show(name)}{suggest(name, known)}")
    return name


def dashboard_themes() -> tuple[str, ...]:
    """The names of Textual's built-in themes, sorted. Imports Textual: for the dashboard only."""
    from textual.theme import BUILTIN_THEMES

    return tuple(sorted(BUILTIN_THEMES))


def export_format(value: object) -> str:
    """One of the agenda's export formats."""
    from app.exports import FORMATS

    name = text(value, blank=False).strip()
    if name not in FORMATS:
        raise Problem(f"must be one of {', '.join(FORMATS)}, got {show(value)}")
    return name


def key_list(value: object) -> str:
    """A Textual key string: one key or several separated by commas ("ctrl+n,n").

    Checked against Textual's key names without importing Textual: a single
    character, a named key (`f5`, `escape`), or a character's Unicode name
    (`question_mark`, `slash`), each with optional modifiers (`ctrl+`, `alt+`...).
    """
    raw = text(value, blank=False, limit=200)
    keys = [part.strip() for part in raw.split(",")]
    for key in keys:
        if not _valid_key(key):
            raise Problem(
                f'not a key: {show(key)} (use a character such as "n", a name such as "f5", "escape", '
                f'"question_mark", with modifiers such as "ctrl+n"; separate several with commas)'
            )
    return ",".join(keys)


def _valid_key(key: str) -> bool:
    if not key:
        return False
    *mods, base = key.split("+") if len(key) > 1 else [key]
    if any(mod not in MODIFIERS for mod in mods) or len(set(mods)) != len(mods):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    return base in NAMED_KEYS or _unicode_key(base)


canonical_key: Final = canonical
"""The name Textual gives a key ("?" is "question_mark"): the key registry's, so both agree."""

RENAMED_KEYS: Final = RENAMED


@lru_cache(maxsize=1)
def _punctuation_names() -> frozenset[str]:
    """Textual's names for the ASCII punctuation keys: "question_mark", "less_than_sign", "slash"."""
    names: set[str] = set()
    for code in range(0x21, 0x7F):
        char = chr(code)
        if not char.isalnum():
            name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
            names.add(RENAMED_KEYS.get(name, name))
    return frozenset(names)


def _unicode_key(name: str) -> bool:
    """True for Textual's spelling of a character's Unicode name, as its key events use it."""
    if name in _punctuation_names():
        return True
    if name != name.lower() or name in RENAMED_KEYS:
        return False
    try:
        unicodedata.lookup(name.replace("_", " ").upper())
    except KeyError:
        return False
    return True
