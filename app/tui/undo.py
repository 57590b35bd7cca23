"""The undo history: each saved change with what to say about it, how to take it back and make it again.

Two stacks: the changes made, newest last, and the changes undone, so `u`
takes back the newest and `ctrl+y` makes the last undone one again. A new
change empties the redo stack: redoing after it would write over it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from app.storage.records import Changed, Changes
from app.storage.repository import Repository

Undo = Callable[[Repository], bool]
"""Reverses (or repeats) one change; runs in a worker with the database lock held.

It names the records by what they are (`app.storage.records`), not by bare
row ids, and returns False when they are no longer there as they were.
"""


@dataclass(frozen=True)
class Done:
    """A change that was saved: what to say, how to take it back and how to make it again."""

    what: str
    undo: Undo
    process_id: int | None = None
    """The process the change touched, when the caller could not know it (a new one)."""
    redo: Undo | None = None
    """Makes the change again after an undo (None: it cannot be redone)."""
    entry: str | None = None
    """The Timeline row the change is about ("message:12"), kept highlighted after it, its undo and its redo."""
    near: int = -1
    """The Timeline row to fall back on when `entry` is not shown (after a delete): that row number, or the last."""
    neighbour: int | None = None
    """The process to select when the change's own process is gone (deleted, or its addition undone)."""
    changed: bool = True
    """False when nothing was written (an edit that kept every value): nothing to undo."""

    @classmethod
    def of(
        cls,
        change: Changed | Changes,
        what: str = "",
        *,
        entry: str | None = None,
        near: int = -1,
        neighbour: int | None = None,
    ) -> Done:
        """A storage change (`app.storage.records`) as a history entry; `what` replaces its own sentence."""
        parts = change.parts if isinstance(change, Changes) else (change,)
        return cls(
            what or change.describe(), change.undo, change.process_id, change.redo, entry, near, neighbour,
            changed=any(part.changed for part in parts),
        )  # fmt: skip


class Saves(Protocol):
    """The main screen's one save path, as the parts built on it see it (the edit actions, the mail review).

    Written once here so the stubs cannot drift from the main screen's
    `save`, which mypy checks against it.
    """

    def save(
        self,
        do: Callable[[Repository], Done],
        process_id: int | None,
        warnings: list[str] | None = None,
        then: Callable[[], None] | None = None,
    ) -> None:
        """Run `do` (an `app.tui.changes.Change`) in a worker under the lock; `then` runs once it is saved."""
        ...


class History:
    """The changes made in this session, newest last, and those undone; cleared when another program writes.

    Only the app's thread touches it: workers hand their `Done` back in a message.
    """

    def __init__(self) -> None:
        self._done: list[Done] = []
        self._undone: list[Done] = []

    def __len__(self) -> int:
        return len(self._done)

    @property
    def redoable(self) -> int:
        """How many undone changes can be made again."""
        return len(self._undone)

    def push(self, done: Done) -> None:
        """A new change: it can be undone, and what was undone before it can no longer be redone."""
        self._done.append(done)
        self._undone.clear()

    def pop(self) -> Done | None:
        """The newest change, taken off the history to undo it (None: nothing to undo)."""
        return self._done.pop() if self._done else None

    def undone(self, done: Done) -> None:
        """`done` was undone: `pop_redo` hands it back to make again."""
        if done.redo is not None:
            self._undone.append(done)

    def pop_redo(self) -> Done | None:
        """The change undone last, taken off the redo stack (None: nothing to redo)."""
        return self._undone.pop() if self._undone else None

    def redone(self, done: Done) -> None:
        """`done` was made again: it can be undone again, and the rest of the redo stack stays."""
        self._done.append(done)

    def clear(self) -> bool:
        """Forget every change, undone ones too; True when there was something to forget."""
        had = bool(self._done or self._undone)
        self._done.clear()
        self._undone.clear()
        return had
