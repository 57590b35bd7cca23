"""Errors that reach the user as one clear line and a documented exit status."""

from __future__ import annotations

DAMAGE_ADVICE = "Run 'nudge doctor', then restore a copy with 'nudge restore FILE' (see 'nudge backup --list')."
"""What to do about a damaged database; said the same way wherever damage is found."""


class NudgeError(Exception):
    """A failure the command line reports without a traceback; exits with status 1."""

    exit_code = 1


class BadInput(NudgeError):
    """The user's input (argument, file, value) is wrong; exits with status 2.

    `where` names the spot, in the backup's own path syntax
    (`processes[2].interviews[0].at`), so the message says what to fix.
    """

    exit_code = 2

    def __init__(self, message: str, where: str | None = None) -> None:
        self.where = where
        self.problem = message
        super().__init__(f"{where}: {message}" if where else message)


class StorageError(NudgeError):
    """The database file cannot be used as it is (damaged, newer, unreadable)."""
