"""Driving the dashboard from tests: waiting for its workers, typing into forms, each kind of save as a user would."""

from __future__ import annotations

import contextlib

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from textual.worker import WorkerCancelled, WorkerState

from app.tui.dialogs import StatusDialog

LONG_LIVED = frozenset({"listen"})
"""Worker groups that run as long as the dashboard does (the PostgreSQL listener): never waited for."""


def filling(app: App[None]) -> bool:
    """Whether a pane's table is still being filled in slices, after screen refreshes (app.tui.panes)."""
    from app.tui.panes import InterviewsPane, TimelinePane

    panes = [p for s in app.screen_stack for p in (*s.query(InterviewsPane), *s.query(TimelinePane))]
    return any(getattr(getattr(p, "_fitted", None), "filling", False) for p in panes)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until nothing is left to do: no worker running (load, save, undo, the reload it starts), no table filling.

    A reload that a newer one replaced is cancelled: that counts as finished.
    Quiet twice in a row, since a finished load hands the next step to the
    screen's next refresh (the table, then the closed processes' worker).
    """
    app = pilot.app
    quiet = 0
    for _ in range(100):
        busy = [
            w
            for w in app.workers
            if w.group not in LONG_LIVED and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        ]
        for worker in busy:
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()
        quiet = 0 if busy or filling(app) else quiet + 1
        if quiet == 2:
            return
    raise AssertionError("workers did not finish")


async def settled(pilot: Pilot[None]) -> None:
    """A snapshot's `run_before` for a screen over a small host app: one pause, its first frame drawn."""
    await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type text key by key, as a user would."""
    await pilot.press(*text)


async def retype(pilot: Pilot[None], field: str, text: str) -> None:
    """Clear the field `field` (an Input's id) of the screen on top and type `text` into it key by key."""
    box = pilot.app.screen.query_one(f"#{field}", Input)
    box.focus()
    box.value = ""
    await pilot.pause()
    await type_text(pilot, text)


async def keys(pilot: Pilot[None], *pressed: str) -> None:
    """Press keys and wait for every save, undo or redo they started."""
    await pilot.press(*pressed)
    await settle(pilot)


async def save(pilot: Pilot[None]) -> None:
    """ctrl+s on the form on top, and wait for the save it started (if the form's host saves anything)."""
    await keys(pilot, "ctrl+s")


async def save_process(pilot: Pilot[None], company: str = "Acme Two", role: str = "Data Engineer") -> None:
    """`a`, a company, Tab, a role, ctrl+s."""
    await pilot.press("a")
    await pilot.pause()
    await type_text(pilot, company)
    await pilot.press("tab")
    await type_text(pilot, role)
    await pilot.press("ctrl+s")


async def save_contact(pilot: Pilot[None], name: str = "Rita Two") -> None:
    """`p`, a name, ctrl+s, on the selected process."""
    await pilot.press("p")
    await pilot.pause()
    await type_text(pilot, name)
    await pilot.press("ctrl+s")


async def save_interview(pilot: Pilot[None]) -> None:
    """`i` and ctrl+s: the form's own defaults."""
    await pilot.press("i")
    await pilot.pause()
    await pilot.press("ctrl+s")


async def save_message(pilot: Pilot[None]) -> None:
    """`m` and ctrl+s: the form's own defaults."""
    await pilot.press("m")
    await pilot.pause()
    await pilot.press("ctrl+s")


async def save_status(pilot: Pilot[None], status: str) -> None:
    """`s`, then Down to `status` and Enter."""
    await pilot.press("s")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, StatusDialog)
    statuses = dialog.query_one("#statuses", OptionList)
    while statuses.highlighted_option is None or statuses.highlighted_option.id != status:
        await pilot.press("down")
    await pilot.press("enter")
