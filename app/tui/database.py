"""The dashboard's database: its repository, the one lock every worker takes, and the version last seen.

Workers read and write in threads; the lock keeps them from interleaving on
the one connection. `data_version` changes when another connection (another
window, `nudge import`, another machine) writes, never for the dashboard's
own writes: comparing it with the version last seen is how a change made
elsewhere is told from one already shown, and the undo history known to be
stale. On SQLite the dashboard asks for it every few seconds; on PostgreSQL
(where it is the server's change counter) a listener hears each change as it
is committed (`listener`, app.tui.listening) and asks only then.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from app.errors import StorageError
from app.rules.values import Settings
from app.storage.location import Location
from app.storage.repository import Repository
from app.tui.listening import Listens

if TYPE_CHECKING:
    from app.config import Effective


class Database:
    """One repository shared by the dashboard's workers."""

    def __init__(self, repo: Repository | Location, prefs: Effective | None = None) -> None:
        """On an open repository, or on where one is: then the first load opens it (`open`), off the main thread."""
        self._repo = repo if isinstance(repo, Repository) else None
        self._given = self._repo is not None
        self.location: Location = repo.path if isinstance(repo, Repository) else repo
        self.prefs = prefs
        self.lock = threading.Lock()
        self.seen: int | None = None
        """`data_version` as of the dashboard's last read or write (None: not read yet, or unreadable)."""

    @property
    def repo(self) -> Repository:
        """The open repository; StorageError before `open` (every worker that reads waits on the first load's lock)."""
        if self._repo is None:
            raise StorageError(f"{self.location} is not open yet")
        return self._repo

    def open(self) -> None:
        """Open the database if it is not open yet (hold the lock): a server's connect, sign-in and schema check.

        The first frame never waits for it: the first load runs it in its thread
        worker. Whatever it raises is what a command would say (the caller decides).
        """
        if self._repo is None:
            self._repo = Repository(self.location)

    def close(self) -> None:
        """Close the repository if `open` opened it; one given open is its giver's to close."""
        if self._repo is not None and not self._given:
            self._repo.close()

    def version(self) -> int:
        """`data_version` now (SQLite's, or the server's change counter less our own commits); hold the lock."""
        return int(self.repo.conn.execute("PRAGMA data_version").fetchone()[0])

    def listener(self) -> Listens | None:
        """What waits for another connection's commit without the lock (a server's), or None (SQLite: poll)."""
        conn: object = self.repo.conn
        return conn if isinstance(conn, Listens) else None

    def settings(self) -> Settings:
        """The database's settings once saved; the config file's until then (see app.config)."""
        stored = self.repo.settings()
        if self.prefs is None:
            return stored
        from app.config import effective_settings

        return effective_settings(self.prefs.config, stored, saved=self.repo.settings_saved())[0]
