"""Driving the dashboard from tests: waiting for its workers, and each kind of save typed as a user would."""

from __future__ import annotations

import contextlib

from textual.pilot import Pilot
from textual.widgets import OptionList
from textual.worker import WorkerCancelled, WorkerState

from app.tui.dialogs import StatusDialog


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker (load, save, undo, the reload it starts) is left running.

    A reload that a newer one replaced is cancelled: that counts as finished.
    """
    app = pilot.app
    for _ in range(20):
        for worker in list(app.workers):
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            return
    raise AssertionError("workers did not finish")


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type text key by key, as a user would."""
    await pilot.press(*text)


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
