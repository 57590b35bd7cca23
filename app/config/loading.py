"""Finding and reading the configuration file into a `Config`, or one clear error.

Reading is strict, like the backup format: an unknown key is a typo the
person would never notice if Nudge ignored it, so it stops with a "did you
mean" instead. Every message starts with the file and, where it can be
found, the line, then the key in dotted form, then what would be right.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from app.config import layout
from app.config.layout import SECTIONS, Problem, show, suggest
from app.config.tomltext import home_short, line_of
from app.errors import BadInput
from app.storage.location import Location

if TYPE_CHECKING:
    from app.mail.account import MailSettings


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Config:
    """What one configuration file sets; every field is None (or empty) where the file is silent.

    `country` is set whenever the file names a place: country and subdivision
    travel together (a subdivision means nothing without its country), so a
    file with only `subdivision = "CA"` reads as country "US", subdivision "CA".
    """

    path: Path
    exists: bool = False
    country: str | None = None
    subdivision: str | None = None
    workdays: tuple[str, ...] | None = None
    days_off: tuple[date, ...] | None = None
    your_name: str | None = None
    timing: Mapping[str, int] = field(default_factory=_empty)
    """Only the `[timing]` numbers the file gives."""
    database: Location | None = None
    """A SQLite file or a PostgreSQL database (`app.storage.location`)."""
    password_command: str | None = None
    """A program printing the PostgreSQL password (never the password itself in the file)."""
    theme: str | None = None
    days: int | None = None
    keys: Mapping[str, str] = field(default_factory=_empty)
    """Binding id -> Textual key string, only for the bindings the file changes."""
    export_folder: Path | None = None
    export_format: str | None = None
    backup_keep: int | None = None
    mail: MailSettings | None = None
    """The `[mail]` account and addresses (`app.mail.account`); None when the file has no `[mail]`."""
    mail_given: frozenset[str] = frozenset()
    """The `[mail]` keys the file sets (`nudge config` names the file as their origin, the default for the rest)."""

    @property
    def source(self) -> str:
        """How `nudge config` names this file as the origin of a value."""
        return f"config file {home_short(self.path)}"


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """`NUDGE_CONFIG` when set (and not empty), else config.toml in the user's config folder."""
    env = os.environ if environ is None else environ
    given = env.get("NUDGE_CONFIG", "").strip()
    if given:
        return Path(given).expanduser()
    from platformdirs import user_config_path

    return user_config_path("nudge", appauthor=False) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the configuration file (`config_path()` unless given); a missing file means defaults."""
    path = config_path() if path is None else path
    shown = home_short(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path)
    except IsADirectoryError:
        raise BadInput("is a folder, not a configuration file", shown) from None
    except OSError as exc:
        raise BadInput(f"cannot read it ({exc.strerror or exc})", shown) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"not UTF-8 text (byte {exc.start})", shown) from None
    return parse_config(text, path)


def check_theme(config: Config) -> None:
    """Refuse a `[dashboard] theme` that Textual does not have, naming the file and the line.

    Called by the dashboard before it starts, with Textual loaded anyway; the
    other commands never use the theme, so reading the file leaves this check
    out and stays free of Textual.
    """
    if config.theme is None:
        return
    try:
        layout.theme(config.theme, layout.dashboard_themes())
    except Problem as exc:
        try:
            text = config.path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        raise _problem_at(home_short(config.path), text, "dashboard.theme", str(exc)) from None


_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def parse_config(text: str, path: Path) -> Config:
    """Read configuration `text` as if it were the file at `path` (names in messages, relative paths)."""
    shown = home_short(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _POSITION.search(message)
        where = f"{shown}, line {found[1]}, column {found[2]}" if found else shown
        problem = _POSITION.sub("", message).replace(" (at end of document)", " at the end of the file")
        raise BadInput(f"not valid TOML: {problem[:1].lower()}{problem[1:]}", where) from None
    return _Reader(data, path, shown, text).config()


class _Reader:
    """Walks the parsed tables, checking each key and remembering where to point on a problem."""

    def __init__(self, data: dict[str, Any], path: Path, shown: str, text: str) -> None:
        self.data, self.path, self.shown, self.text = data, path, shown, text
        self.values: dict[str, Any] = {}

    def fail(self, key: str, problem: str) -> BadInput:
        return _problem_at(self.shown, self.text, key, problem)

    def config(self) -> Config:
        for name, value in self.data.items():
            if name not in SECTIONS:
                raise self.fail(name, _unknown_section(name))
            if not isinstance(value, dict):
                raise self.fail(name, f"must be a table ([{name}] on a line of its own), got {show(value)}")
            for key in value:
                if key not in SECTIONS[name]:
                    raise self.fail(f"{name}.{key}", "unknown key" + suggest(key, SECTIONS[name]))
        self._search(self.data.get("search", {}))
        self._timing(self.data.get("timing", {}))
        self._simple("database", "path", "database", lambda v: layout.database(v, self.path.parent))
        self._simple("database", "password_command", "password_command", layout.command)
        self._simple("dashboard", "theme", "theme", layout.theme)
        self._simple("dashboard", "days", "days", lambda v: layout.whole(v, *layout.DAYS_RANGE, " of business days"))
        self._keys(self.data.get("dashboard", {}).get("keys"))
        self._simple("export", "folder", "export_folder", lambda v: layout.folder(v, self.path.parent))
        self._simple("export", "format", "export_format", layout.export_format)
        self._simple("backup", "keep", "backup_keep", lambda v: layout.whole(v, *layout.KEEP_RANGE, " of copies"))
        if "mail" in self.data:
            from app.mail.account import settings_from

            self.values["mail"] = settings_from(self.data["mail"], self.path.parent, self.check)
            self.values["mail_given"] = frozenset(self.data["mail"])
        return Config(self.path, True, **self.values)

    def check(self, key: str, value: object, reader: Callable[[object], Any]) -> Any:
        try:
            return reader(value)
        except Problem as exc:
            raise self.fail(key, str(exc)) from None

    def _simple(self, section: str, key: str, attr: str, reader: Callable[[object], Any]) -> None:
        table = self.data.get(section, {})
        if key in table:
            self.values[attr] = self.check(f"{section}.{key}", table[key], reader)

    def _search(self, table: dict[str, Any]) -> None:
        if "country" in table or "subdivision" in table:
            self.values["country"], self.values["subdivision"] = self._place(table)
        for key, reader in (
            ("workdays", layout.workdays),
            ("days_off", layout.days_off),
            ("your_name", layout.your_name),
        ):
            if key in table:
                self.values[key] = self.check(f"search.{key}", table[key], reader)

    def _place(self, table: dict[str, Any]) -> tuple[str, str | None]:
        from app.rules.calendar import check_place

        country = self.check("search.country", table.get("country", "US"), lambda v: layout.text(v, blank=False))
        subdivision = self.check("search.subdivision", table.get("subdivision", ""), layout.text)
        try:
            return check_place(country, subdivision.strip() or None)
        except BadInput as exc:
            key = "search.subdivision" if "subdivision" in exc.problem else "search.country"
            raise self.fail(key, exc.problem) from None

    def _timing(self, table: dict[str, Any]) -> None:
        given = {key: self.check(f"timing.{key}", value, layout.timing_value) for key, value in table.items()}
        conflict = layout.timing_conflict(given)
        if conflict is not None:
            raise self.fail(f"timing.{conflict[0]}", conflict[1])
        self.values["timing"] = MappingProxyType(given)

    def _keys(self, table: object) -> None:
        """Each remap checked as a key, then all together against the registry: no key may serve two actions.

        A remap onto a key in use (`draft = "q"`) would hide that action (Quit)
        without a word, so it is refused here, naming the line that asks for it.
        """
        from app.tui.keys import Clash, KeyMap

        if table is None:
            return
        if not isinstance(table, dict):
            raise self.fail("dashboard.keys", f'must be a table such as {{ done = "w" }}, got {show(table)}')
        keys: dict[str, str] = {}
        for action, value in table.items():
            where = f"dashboard.keys.{action}"
            if action not in layout.KEY_ACTIONS:
                raise self.fail(where, "unknown action" + suggest(action, layout.KEY_ACTIONS))
            keys[action] = self.check(where, value, layout.key_list)
            try:
                KeyMap.resolve(keys)
            except Clash as exc:
                raise self.fail(f"dashboard.keys.{exc.name}", str(exc)) from None
        self.values["keys"] = MappingProxyType(keys)


def _problem_at(shown: str, text: str, key: str, problem: str) -> BadInput:
    """The error for `key`, led by the file and, when it can be found, the line that sets it."""
    line = line_of(text, key)
    where = f"{shown}, line {line}" if line else shown
    return BadInput(f"{key}: {problem}", where)


def _unknown_section(name: str) -> str:
    """Say where a stray key belongs, or which section a misspelt one meant."""
    homes = [section for section, keys in SECTIONS.items() if name in keys]
    if homes:
        return f"keys belong in a section: put it under [{homes[0]}]"
    close = layout.closest(name, tuple(SECTIONS))
    if close is not None:
        return f"unknown section (did you mean [{close}]?)"
    return "unknown section (expected: " + ", ".join(f"[{s}]" for s in SECTIONS) + ")"
