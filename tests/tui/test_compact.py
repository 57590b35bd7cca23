"""Under 100 columns the dashboard shows one pane at a time, full width, with a line saying which and how to switch.

Each check drives the real dashboard on the demo data at 2026-11-25 with
Textual's Pilot, after its load has finished.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import DataTable

from app.tui.app import NudgeApp
from app.tui.compact import PaneBar
from app.tui.panes import InterviewsPane, TimelinePane, TodayPane

from .conftest import sync
from .driving import settle
from .test_layout import assert_fits

MakeApp = Callable[..., NudgeApp]
PANES = (InterviewsPane, TimelinePane, TodayPane)


def shown_panes(app: NudgeApp) -> list[str]:
    """The panes on screen (displayed and with room), by class name."""
    return [type(p).__name__ for kind in PANES for p in app.query(kind) if p.display and p.region.width > 0
            and all(a.display for a in p.ancestors if isinstance(a, Widget))]  # fmt: skip


def focused_pane(app: NudgeApp) -> str:
    focused = app.focused
    assert focused is not None
    return next(type(n).__name__ for n in focused.ancestors_with_self if isinstance(n, PANES))


@sync
async def test_under_100_columns_one_pane_shows_full_width(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown_panes(app) == ["TodayPane"], "Today (where the focus starts) is the one pane shown"
        today = app.query_one(TodayPane)
        assert today.outer_size.width == 80
        bar = app.query_one(PaneBar)
        assert bar.display and bar.outer_size.height == 1
        said = str(bar.render())
        assert "Today" in said and "Interviews" in said and "Timeline" in said
        assert "v" in said and "Tab" in said, said


@sync
async def test_the_key_and_tab_switch_panes_and_show_the_one_focused(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(3):
            await pilot.press("v")
            await settle(pilot)
            assert len(shown_panes(app)) == 1
            assert shown_panes(app) == [focused_pane(app)]
            seen.append(focused_pane(app))
        assert seen == ["InterviewsPane", "TimelinePane", "TodayPane"]
        for expected in ("InterviewsPane", "TimelinePane", "TodayPane"):
            await pilot.press("tab")
            await settle(pilot)
            assert shown_panes(app) == [expected] == [focused_pane(app)]
        await pilot.press("shift+tab")
        await settle(pilot)
        assert shown_panes(app) == ["TimelinePane"] == [focused_pane(app)]
        for _ in range(2):  # Interviews, then Timeline: every table shown fits its pane at full width
            await pilot.press("v")
            await settle(pilot)
        for table in app.query(DataTable):
            if table.display and table.region.width:
                assert_fits(table)


@sync
async def test_search_shows_the_interviews_pane(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert shown_panes(app) == ["InterviewsPane"]
        assert app.focused is app.query_one("#filter")


@pytest.mark.parametrize("start", [(80, 24), (140, 42)], ids=["narrow-first", "wide-first"])
@sync
async def test_resize_both_ways(demo_path: Path, make_app: MakeApp, start: tuple[int, int]) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=start) as pilot:
        await settle(pilot)
        for size in [(99, 30), (100, 30), (80, 24), (140, 42), start]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            bar = app.query_one(PaneBar)
            if size[0] < 100:
                assert shown_panes(app) == [focused_pane(app)], size
                assert bar.display
            else:
                assert sorted(shown_panes(app)) == sorted(p.__name__ for p in PANES), size
                assert not bar.display
            for table in app.query(DataTable):
                if table.display and table.region.width:
                    assert_fits(table)
