"""The undo history: each saved change with what to say about it and how to take it back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.storage.repository import Repository

Undo = Callable[[Repository], bool]
"""Reverses one change; runs in a worker with the database lock held.

It names the records by what they are (`app.storage.records`), not by bare
row ids, and returns False when they are no longer there as they were.
"""


@dataclass(frozen=True)
class Done:
    """A change that was saved: what to say, and how to take it back."""

    what: str
    undo: Undo
    process_id: int | None = None
    """The process the change touched, when the caller could not know it (a new one)."""


class History:
    """The changes made in this session, newest last; cleared when another program writes.

    Only the app's thread touches it: workers hand their `Done` back in a message.
    """

    def __init__(self) -> None:
        self._done: list[Done] = []

    def __len__(self) -> int:
        return len(self._done)

    def push(self, done: Done) -> None:
        self._done.append(done)

    def pop(self) -> Done | None:
        """The newest change, taken off the history (None: nothing to undo)."""
        return self._done.pop() if self._done else None

    def clear(self) -> bool:
        """Forget every change; True when there was something to forget."""
        had = bool(self._done)
        self._done.clear()
        return had
