"""The dashboard's database: its repository, the one lock every worker takes, and the version last seen.

Workers read and write in threads; the lock keeps them from interleaving on
the one SQLite connection. SQLite's `data_version` changes when another
connection (another window, `nudge import`) writes, which is how a change
made elsewhere is noticed and the undo history known to be stale.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from app.rules.values import Settings
from app.storage.repository import Repository

if TYPE_CHECKING:
    from app.config import Effective


class Database:
    """One repository shared by the dashboard's workers."""

    def __init__(self, repo: Repository, prefs: Effective | None = None) -> None:
        self.repo = repo
        self.prefs = prefs
        self.lock = threading.Lock()
        self.seen: int | None = None
        """`data_version` as of the dashboard's last read or write (None: not read yet, or unreadable)."""

    def version(self) -> int:
        """SQLite's `data_version` now; call with the lock held."""
        return int(self.repo.conn.execute("PRAGMA data_version").fetchone()[0])

    def settings(self) -> Settings:
        """The database's settings once saved; the config file's until then (see app.config)."""
        stored = self.repo.settings()
        if self.prefs is None:
            return stored
        from app.config import effective_settings

        return effective_settings(self.prefs.config, stored, saved=self.repo.settings_saved())[0]
