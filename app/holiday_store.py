"""Public holidays remembered on disk, so a command does not recompute them every run.

Importing `holidays` and working out five countries' years costs about 120 ms,
a fifth of `nudge agenda` on a large database, and the answers only change
when the package does. They are kept in the user's cache folder, in a file
named for the installed `holidays` version (read from its dist-info folder,
much cheaper than importing the package or asking `importlib.metadata`), so
an upgrade starts a fresh file. A missing, damaged or unwritable cache only
means computing again: it can never change an answer.

The file is checked whole against its one shape when read (see `_well_formed`):
valid JSON of any other shape (a list, a weekend of strings, a day that is not
a date) is ignored and rebuilt, so it can neither break a command nor quietly
drop a weekend.
"""

from __future__ import annotations

import json
import os
from datetime import date
from importlib.util import find_spec
from pathlib import Path
from typing import Any, TypeGuard

from app.rules.calendar import HolidaySource, LiveHolidays


def holidays_version() -> str | None:
    """The installed `holidays` version, read from its dist-info folder's name.

    Cheaper than importing the package (whose own `__version__` asks
    `importlib.metadata`, itself about 25 ms).
    """
    spec = find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    site = Path(spec.origin).parent.parent
    for info in site.glob("holidays-*.dist-info"):
        return info.name.removeprefix("holidays-").removesuffix(".dist-info")
    return None


class StoredHolidays:
    """A `HolidaySource` that answers from a JSON file and falls back on the package."""

    def __init__(self, path: Path, live: HolidaySource | None = None) -> None:
        self.path = path
        self.live = live or LiveHolidays()
        self.changed = False
        self._data: dict[str, Any] = {"supported": None, "public": {}, "weekend": {}}
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return
        if _well_formed(loaded):
            self._data.update(loaded)
        else:
            self.changed = True  # rewritten on save, whatever this run asks

    def supported(self) -> dict[str, tuple[str, ...]]:
        """See `HolidaySource.supported`."""
        found = self._data["supported"]
        if not isinstance(found, dict):
            found = {code: list(subs) for code, subs in self.live.supported().items()}
            self._remember("supported", None, found)
        return {code: tuple(subs) for code, subs in found.items()}

    def public(self, country: str, subdivision: str | None, year: int) -> frozenset[date]:
        """See `HolidaySource.public`."""
        key = f"{country}|{subdivision or ''}|{year}"
        found = self._data["public"].get(key)
        if not isinstance(found, list):
            found = sorted(day.isoformat() for day in self.live.public(country, subdivision, year))
            self._remember("public", key, found)
        return frozenset(date.fromisoformat(day) for day in found)

    def weekend(self, country: str) -> frozenset[int]:
        """See `HolidaySource.weekend`."""
        found = self._data["weekend"].get(country)
        if not isinstance(found, list):
            found = sorted(self.live.weekend(country))
            self._remember("weekend", country, found)
        return frozenset(found)

    def _remember(self, section: str, key: str | None, value: object) -> None:
        if key is None:
            self._data[section] = value
        else:
            self._data[section][key] = value
        self.changed = True

    def save(self) -> None:
        """Write what was learnt this run; a cache that cannot be written is simply skipped."""
        if not self.changed:
            return
        from app.errors import NudgeError
        from app.storage.files import write_private_text

        try:
            write_private_text(self.path, json.dumps(self._data, separators=(",", ":")))
        except NudgeError:
            return
        self.changed = False


def _strings(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _iso_days(value: object) -> bool:
    if not _strings(value):
        return False
    try:
        for day in value:
            date.fromisoformat(day)
    except ValueError:
        return False
    return True


def _weekdays(value: object) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(type(item) is int and 0 <= item <= 6 for item in value)  # not bool, not "5"
    )


def _well_formed(loaded: object) -> bool:
    """Whether `loaded` is exactly what `save` writes: anything else is a cache to rebuild.

    `{"supported": null | {code: [subdivision, ...]}, "public": {"CC|SUB|YEAR": ["YYYY-MM-DD", ...]},
    "weekend": {code: [weekday 0-6, ...]}}`, all three keys present.
    """
    if not isinstance(loaded, dict) or set(loaded) != {"supported", "public", "weekend"}:
        return False
    supported, public, weekend = loaded["supported"], loaded["public"], loaded["weekend"]
    if supported is not None and not (
        isinstance(supported, dict) and supported and all(_strings(subs) for subs in supported.values())
    ):
        return False
    if not isinstance(public, dict) or not all(_iso_days(days) for days in public.values()):
        return False
    return isinstance(weekend, dict) and all(_weekdays(days) for days in weekend.values())


def cache_file() -> Path | None:
    """Where this `holidays` version's answers are kept (None turns the cache off)."""
    if os.environ.get("NUDGE_NO_CACHE"):
        return None
    version = holidays_version()
    if version is None:
        return None
    from platformdirs import user_cache_path

    return user_cache_path("nudge", appauthor=False) / f"holidays-{version}.json"
