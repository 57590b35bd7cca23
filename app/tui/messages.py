"""What the dashboard's workers tell its screen: typed messages, posted from their threads.

`post_message` is safe from any thread and quietly drops a message once the
screen is closing, so a worker that finishes during shutdown cannot touch a
widget that is already gone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from app.rules.values import Process
from app.tui.model import DashboardModel
from app.tui.undo import Done

if TYPE_CHECKING:
    from app.tui.forms import FormScreen


@dataclass
class Opened(Message):
    """The first load opened the database (a server's connect, sign-in and schema check): changes can be watched."""


@dataclass
class NotOpened(Message):
    """The database could not be opened; the dashboard leaves and says `error` as a command would."""

    error: Exception


@dataclass
class Loaded(Message):
    """The active processes, read and judged."""

    model: DashboardModel
    version: int
    """`data_version` when they were read."""


@dataclass
class TodayLoaded(Message):
    """Today's actions, read from the stored agenda before the processes (`DashboardModel.load_today`)."""

    model: DashboardModel


@dataclass
class ClosedLoaded(Message):
    """The closed processes, read once the active ones are on screen."""

    processes: list[Process]


@dataclass
class Unreadable(Message):
    """The database could not be read; the next poll (or, on a server, the listener) retries."""

    why: str


@dataclass
class ChangedElsewhere(Message):
    """Another program wrote to the database (or it can be read again)."""


@dataclass
class Saved(Message):
    """A change was written."""

    done: Done
    process_id: int | None
    fresh: Process | None
    """The touched process as stored now (None: it is gone)."""
    version: int
    """`data_version` right after the write."""
    elsewhere: bool
    """Another program changed the database since the dashboard last looked."""
    reload: bool = False
    """Saved but not read back: load everything again."""
    warnings: list[str] = field(default_factory=list)
    then: Callable[[], None] | None = None
    form: FormScreen[object] | None = None


@dataclass
class SaveFailed(Message):
    """A change was not written; the database is as it was."""

    why: str
    reload: bool
    """The database itself failed or changed: show what it holds now."""
    form: FormScreen[object] | None = None


@dataclass
class Undone(Message):
    """An undo ran: `found` False when its records had been changed elsewhere."""

    done: Done
    found: bool


@dataclass
class UndoFailed(Message):
    """An undo could not run: the database failed (`why`) or was changed elsewhere (`why` None)."""

    why: str | None
