"""Idle means idle: after any save or outside change, the dashboard does no work until something happens.

A redraw of the Interviews table moves its cursor (clearing it puts it on the
first row, then it goes back to the selected one); those moves used to be taken
for the user's own and selected the process under them, which moved the cursor
again: with the table focused, two rows took turns for ever, spinning a core.

The work is counted, not timed: how often the panes are redrawn and the cursor
moves while the app is left alone for several poll intervals (polls are run by
hand, so the count does not depend on the machine's speed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support import run_nudge
from textual.pilot import Pilot
from textual.widgets import DataTable

from app.tui.app import NudgeApp

from .conftest import SIZE, sync
from .driving import save_contact, save_interview, save_message, save_process, save_status, settle

MakeApp = Callable[..., NudgeApp]

QUIET_POLLS = 5
"""Poll intervals the app is left alone for; each is followed by several event-loop turns."""

ONE_PROCESS = """{"format": "nudge-backup", "version": 1, "processes": [
  {"company": "Outside Co", "role": "Tester", "status": "active", "contacts": [], "interviews": [],
   "messages": [{"at": "2026-11-24", "direction": "out", "contact": null, "purpose": "application",
                 "channel": "email", "signal": null, "text": ""}]}]}"""


class Work:
    """Counts redraws of the panes and moves of the Interviews cursor."""

    def __init__(self, app: NudgeApp) -> None:
        self.app = app
        self.redraws = 0
        self.timelines = 0
        screen = app.main  # the main screen owns the panes and redraws them
        original_refresh, original_timeline = screen.refresh_views, screen._show_timeline

        def refresh_views() -> None:
            self.redraws += 1
            original_refresh()

        def show_timeline() -> None:
            self.timelines += 1
            original_timeline()

        screen.refresh_views = refresh_views  # type: ignore[method-assign]
        screen._show_timeline = show_timeline  # type: ignore[method-assign]

    def reset(self) -> None:
        self.redraws = self.timelines = 0


async def focus_interviews(pilot: Pilot[None]) -> None:
    """Tab from Today to the Interviews table and move down one row, as the report did."""
    app = pilot.app
    table = app.query_one("#processes", DataTable)
    for _ in range(6):
        if table.has_focus:
            break
        await pilot.press("tab")
    assert table.has_focus
    await pilot.press("down")
    await settle(pilot)


async def quiet_work(pilot: Pilot[None], work: Work) -> tuple[int, int, int]:
    """Redraws, timeline redraws and cursor moves over QUIET_POLLS poll intervals of doing nothing."""
    app = pilot.app
    assert isinstance(app, NudgeApp)
    table = app.query_one("#processes", DataTable)
    # Let whatever the change itself started finish first.
    for _ in range(5):
        await settle(pilot)
        await pilot.pause()
    work.reset()
    cursor = table.cursor_row
    selected = app.selected
    moves = 0
    for _ in range(QUIET_POLLS):
        app.main.poll()
        await settle(pilot)
        for _ in range(10):
            await pilot.pause()
            if table.cursor_row != cursor:
                moves += 1
                cursor = table.cursor_row
    assert app.selected == selected, "the selection changed by itself"
    return work.redraws, work.timelines, moves


async def save_an_offer(pilot: Pilot[None]) -> None:
    await save_status(pilot, "offer")
    await pilot.pause()
    await pilot.press("ctrl+s")  # the offer's deadline form, left blank


async def save_then_undo(pilot: Pilot[None]) -> None:
    await save_contact(pilot)
    await settle(pilot)
    await pilot.press("u")


SAVES = {
    "process": save_process,
    "contact": save_contact,
    "interview": save_interview,
    "message": save_message,
    "status": save_an_offer,
    "undo": save_then_undo,
}


@pytest.mark.parametrize("kind", list(SAVES))
@sync
async def test_idle_after_a_save_with_the_interviews_table_focused(
    kind: str, demo_path: Path, make_app: MakeApp
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        work = Work(app)
        await focus_interviews(pilot)
        await SAVES[kind](pilot)
        await settle(pilot)
        assert app.screen is app.screen_stack[0], f"the {kind} form or dialog is still open"
        assert work.redraws >= 1, "the save did not redraw the panes"
        assert await quiet_work(pilot, work) == (0, 0, 0)


@sync
async def test_idle_after_an_outside_import(demo_path: Path, make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        work = Work(app)
        await focus_interviews(pilot)
        source = tmp_path / "one.json"
        source.write_text(ONE_PROCESS, encoding="utf-8")
        done = run_nudge("import", source, "--db", demo_path, home=tmp_path)
        assert done.returncode == 0, done.stderr
        app.main.poll()  # the 2-second timer's job, done now
        for _ in range(3):
            await settle(pilot)
        assert any(p.company == "Outside Co" for p in app.model.processes.values()), "the change was not seen"
        assert await quiet_work(pilot, work) == (0, 0, 0)
