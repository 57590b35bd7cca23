"""Snapshots of the dashboard on the demo data at 2026-11-25, 140x42.

Regenerate with `pytest tests/tui --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from app.tui.app import NudgeApp

from .conftest import SIZE

MakeApp = Callable[..., NudgeApp]


async def loaded(pilot: Pilot[None]) -> None:
    """Wait for the background load, so the snapshot shows the data, not "Loading…"."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app, NudgeApp)
    assert pilot.app.loaded


def test_main_screen(snap_compare: Callable[..., bool], demo_path: Path, make_app: MakeApp) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=loaded)


def test_add_process_form(snap_compare: Callable[..., bool], demo_path: Path, make_app: MakeApp) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=loaded, press=["a"])


def test_help_screen(snap_compare: Callable[..., bool], demo_path: Path, make_app: MakeApp) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=SIZE, run_before=loaded, press=["question_mark"])
