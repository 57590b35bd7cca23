"""Snapshots of the dashboard on the demo data at 2026-11-25, at the four sizes people use.

The main screen, a process's view and each add form at 80x24 (the compact
one-pane layout), 100x30, 140x42 and 200x60; the help screen at 140x42.
Regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update` and look
at the SVGs as pictures (`rsvg-convert -o x.png x.svg`) before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from app.tui.app import NudgeApp

from .conftest import SIZE
from .driving import settle

MakeApp = Callable[..., NudgeApp]
SIZES = [(80, 24), (100, 30), (140, 42), (200, 60)]
IDS = [f"{w}x{h}" for w, h in SIZES]


async def loaded(pilot: Pilot[None]) -> None:
    """Wait for the background load, so the snapshot shows the data, not "Loading…"."""
    await settle(pilot)
    assert isinstance(pilot.app, NudgeApp)
    assert pilot.app.loaded


async def process_view(pilot: Pilot[None]) -> None:
    """The first process's view: Interviews focused (shown, at 80x24), then enter."""
    await loaded(pilot)
    pilot.app.query_one("#processes").focus()
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


def opened(key: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """After the load, the form `key` opens, its text cursors steady (a blinking one is drawn or not by chance)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press(key)
        await pilot.pause()
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_main_screen(
    snap_compare: Callable[..., bool], demo_path: Path, make_app: MakeApp, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_process_view(
    snap_compare: Callable[..., bool], demo_path: Path, make_app: MakeApp, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=process_view)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
@pytest.mark.parametrize("key", ["a", "p", "i", "m"], ids=["process", "contact", "interview", "message"])
def test_form(
    snap_compare: Callable[..., bool], demo_path: Path, make_app: MakeApp, size: tuple[int, int], key: str
) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=opened(key))


def test_help_screen(snap_compare: Callable[..., bool], demo_path: Path, make_app: MakeApp) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=loaded, press=["question_mark"])
