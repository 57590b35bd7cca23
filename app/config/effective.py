"""Which value wins: built-in default < config file < environment < command line, and the database.

The configuration, the stored settings, the flags and the environment all
come in as arguments (nothing reads `os.environ` unless `environ` is left
out), so the whole table of precedence is tested without touching a real home
folder; only the last-resort defaults ask the platform for its folders.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Final, TypeVar

from app.config.layout import DEFAULT_EXPORT_FORMAT, DEFAULT_THEME, TIMING_KEYS
from app.config.loading import Config
from app.rules.values import Settings
from app.storage.location import Location, Server, parse_location

T = TypeVar("T")

DEFAULT: Final = "default"
DATABASE: Final = "database"
SEARCH_KEYS: Final = ("country", "subdivision", "workdays", "days_off", "your_name")
SETTING_KEYS: Final = (*(f"search.{k}" for k in SEARCH_KEYS), *(f"timing.{k}" for k in TIMING_KEYS))
"""The provenance keys of the values that live in the database's settings."""


@dataclass(frozen=True)
class Effective:
    """Everything Nudge runs with after precedence, and where each value came from.

    `sources` maps a dotted key ("timing.screen_wait", "dashboard.keys.draft")
    to its origin: "default", "config file <path>", "database",
    "environment NUDGE_DB" or "command line --db".
    """

    config: Config
    settings: Settings
    database: Location
    theme: str
    days: int
    keys: Mapping[str, str]
    """Only the bindings the config file changes; the dashboard's own keys stand for the rest."""
    export_folder: Path
    export_format: str
    backup_keep: int
    sources: Mapping[str, str]


def choose_database(
    config: Config, flag: str | None = None, environ: Mapping[str, str] | None = None
) -> tuple[Location, str]:
    """The database and its origin: `--db`, else `NUDGE_DB`, else the config file, else the data folder.

    Each may be a file path or a `postgresql://` URL (`app.storage.location`);
    a server database takes the config file's `[database] password_command`
    wherever its URL came from.
    """
    env = os.environ if environ is None else environ
    command = config.password_command
    if flag:
        return parse_location(flag, password_command=command), "command line --db"
    if env.get("NUDGE_DB"):
        return parse_location(env["NUDGE_DB"], password_command=command), "environment NUDGE_DB"
    if isinstance(config.database, Server):
        return replace(config.database, password_command=command), config.source
    if config.database is not None:
        return config.database, config.source
    from app.paths import data_dir

    return data_dir() / "nudge.db", DEFAULT


def effective_settings(config: Config, stored: Settings, *, saved: bool) -> tuple[Settings, dict[str, str]]:
    """The settings the rules use, with the origin of each value.

    `saved` says whether the database holds settings someone saved (the
    dashboard's settings, an imported backup, `nudge demo`). Saved settings are
    the seeker's search data and win as a whole; the config file's `[search]`
    and `[timing]` fill in only for a database whose settings were never saved.
    A caller that cannot tell may pass `saved=stored != Settings()`.
    """
    if saved:
        return stored, dict.fromkeys(SETTING_KEYS, DATABASE)
    sources = dict.fromkeys(SETTING_KEYS, DEFAULT)
    search = [key for key in ("workdays", "days_off", "your_name") if getattr(config, key) is not None]
    if config.country is not None:
        search += ["country", "subdivision"]  # one place, from one source
    for key in search:
        sources[f"search.{key}"] = config.source
    for key in config.timing:
        sources[f"timing.{key}"] = config.source
    settings = Settings(
        country=config.country if config.country is not None else stored.country,
        subdivision=config.subdivision if config.country is not None else stored.subdivision,
        workdays=config.workdays if config.workdays is not None else stored.workdays,
        days_off=config.days_off if config.days_off is not None else stored.days_off,
        your_name=config.your_name if config.your_name is not None else stored.your_name,
        timing=replace(stored.timing, **config.timing),
    )
    return settings, sources


def resolve(
    config: Config,
    stored: Settings,
    *,
    saved: bool,
    db_flag: str | None = None,
    days_flag: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> Effective:
    """Every effective value at once: what `nudge config` prints and the dashboard starts with."""
    from app.paths import documents_dir
    from app.rules.agenda import DEFAULT_HORIZON
    from app.storage.backups import DEFAULT_KEEP

    settings, sources = effective_settings(config, stored, saved=saved)
    database, sources["database.path"] = choose_database(config, db_flag, environ)  # the same choice as at start

    def pick(key: str, flag: T | None, given: T | None, default: T, flag_name: str = "") -> T:
        if flag is not None:
            sources[key] = f"command line {flag_name}"
            return flag
        if given is not None:
            sources[key] = config.source
            return given
        sources[key] = DEFAULT
        return default

    theme = pick("dashboard.theme", None, config.theme, DEFAULT_THEME)
    days = pick("dashboard.days", days_flag, config.days, DEFAULT_HORIZON, "--days")
    folder = pick("export.folder", None, config.export_folder, documents_dir())
    fmt = pick("export.format", None, config.export_format, DEFAULT_EXPORT_FORMAT)
    keep = pick("backup.keep", None, config.backup_keep, DEFAULT_KEEP)
    for action in config.keys:
        sources[f"dashboard.keys.{action}"] = config.source
    for key in config.mail_given:
        sources[f"mail.{key}"] = config.source
    return Effective(config, settings, database, theme, days, config.keys, folder, fmt, keep, MappingProxyType(sources))
