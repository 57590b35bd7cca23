"""Hearing at once of another machine's change: the dashboard's LISTEN loop on PostgreSQL.

Every committed write on a server database sends NOTIFY (app.storage.postgres),
and `wait_for_change` waits for one on a connection of its own. The dashboard
runs `hear_changes` in a long-lived thread worker: it waits in short slices
(so quitting never waits on the server for more than `SLICE`), holds no lock
while it waits, and after each change heard it `look`s: the screen compares
`data_version` with the version it last showed, under the database lock, and
reloads only when they differ. So a notification for a change already shown
(the dashboard's own save, a reload that came first) costs one comparison,
never a second reload; and the dashboard's own commits are not even heard.

When listening fails (the server is down or restarting, the connection was
cut), the loop looks too (the look says "Cannot read the database" if the
dashboard's own connection fails as well), then backs off `BACKOFF` before
it tries again, so a server that is down costs one attempt a second, not a
spinning core; nothing raised by the storage reaches the worker's caller.
When listening works again it looks once more: a change made while nothing
was listening (or before the first LISTEN) is found by that comparison, and
an unreadable dashboard is reloaded, saying "The database can be read again."
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Protocol, runtime_checkable

from app.storage.failures import is_storage_failure

SLICE: Final = 0.4
"""The longest one wait for a notification: how long a quit or a cancel can wait on the listener."""
BACKOFF: Final = 1.0
"""Seconds between attempts while the server cannot be reached (and between retries of an unreadable database)."""


@runtime_checkable
class Listens(Protocol):
    """A connection that can wait for another connection's committed write (`ServerConnection`)."""

    def wait_for_change(self, timeout: float) -> bool: ...


@dataclass
class Hearing:
    """What the listener did, counted (for the tests, and for anyone asking why the dashboard reloaded)."""

    waits: int = 0
    """Waits that ended normally (a notification, or the slice over)."""
    heard: int = 0
    """Waits that brought another connection's change."""
    failures: int = 0
    """Attempts to listen that failed (server down, connection lost); each one followed by `BACKOFF`."""


def hear_changes(
    source: Listens,
    look: Callable[[], bool],
    *,
    stopped: Callable[[], bool],
    retrying: Callable[[], bool],
    counts: Hearing,
    slice_: float = SLICE,
    backoff: float = BACKOFF,
) -> None:
    """Wait for changes until `stopped()`, calling `look()` after each one heard.

    `look()` answers whether it could look (False: not yet loaded, or the
    database busy; it is asked again after the next slice). While
    `retrying()` (the database could not be read), it is asked every
    `backoff` seconds even without news, to find the database readable again.
    """
    due = True  # a change committed before the first LISTEN is found by the first look
    last = float("-inf")
    while not stopped():
        try:
            heard = source.wait_for_change(slice_)
        except Exception as exc:
            if stopped():
                return  # the dashboard is closing (its connection may be closed under the wait)
            if not is_storage_failure(exc):
                raise
            counts.failures += 1
            look()  # tells the screen if its own connection fails too
            last, due = time.monotonic(), True
            _pause(backoff, stopped)
            continue
        counts.waits += 1
        counts.heard += heard
        if heard or due or (retrying() and time.monotonic() - last >= backoff):
            due = not look()
            last = time.monotonic()


def _pause(seconds: float, stopped: Callable[[], bool]) -> None:
    """Sleep `seconds`, in slices short enough that a quit is not kept waiting."""
    end = time.monotonic() + seconds
    while not stopped() and (left := end - time.monotonic()) > 0:
        time.sleep(min(left, 0.1))
