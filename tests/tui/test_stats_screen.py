"""The Stats screen on the demo data at 2026-11-25: keys, periods, sizes, and its snapshots.

The screen is built from data already loaded, so most tests push it over a
tiny host app; one pushes it over the real dashboard, with what the
dashboard loaded from a demo database, the way the `g` key will.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Static, Tabs

from app.demo import demo_backup
from app.rules.values import Process, Settings
from app.stats import compute_stats, health_line
from app.stats.periods import in_period, period_start
from app.tui.app import NudgeApp
from app.tui.stats_screen import Chart, StatsScreen

from .conftest import DAY, SIZE, sync
from .driving import settled

SMALL = (80, 24)


def begun(period: str) -> int:
    """How many demo processes the period holds, counted from the demo itself."""
    return len(in_period(demo_backup(DAY).processes, period_start(period, DAY)))


def companies_in(period: str) -> int:
    """How many companies the period's answers table lists (those with an interview or a nudge)."""
    return len(compute_stats(demo_backup(DAY).processes, Settings(), DAY, period_start(period, DAY)).waits.companies)


class Host(App[None]):
    """Just enough app to show the Stats screen on demo data."""

    TITLE = "Nudge"

    def __init__(self, processes: tuple[Process, ...] | None = None, period: str = "90d") -> None:
        super().__init__()
        backup = demo_backup(DAY)
        self.data = backup.processes if processes is None else processes
        self.settings = backup.settings or Settings()
        self.period = period

    def on_mount(self) -> None:
        self.push_screen(StatsScreen(self.data, self.settings, DAY, period=self.period))


def screen_of(app: App[None]) -> StatsScreen:
    assert isinstance(app.screen, StatsScreen)
    return app.screen


def funnel_title(app: App[None]) -> str:
    return str(app.screen.query_one("#funnel", Chart).border_title)


def answer_rows(app: App[None]) -> list[str]:
    table = app.screen.query_one("#answers", DataTable)
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


@sync
async def test_periods_switch_with_keys_and_tabs() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert screen.period == "90d"
        assert funnel_title(app) == f"Funnel · {begun('90d')} processes begun since Fri 28 Aug 2026"
        await pilot.press("1")
        assert screen.period == "30d"
        assert app.screen.query_one(Tabs).active == "period-30d"
        assert funnel_title(app) == f"Funnel · {begun('30d')} processes begun since Tue 27 Oct 2026"
        assert "later follow-up" not in answer_rows(app)  # Hooli began before the 30 days
        companies = app.screen.query_one("#companies", DataTable)
        assert companies.row_count == companies_in("30d")
        await pilot.press("4")
        assert screen.period == "all"
        assert funnel_title(app) == f"Funnel · {begun('all')} processes, all time"
        assert "later follow-up" in answer_rows(app)
        assert companies.row_count == companies_in("all")
        await pilot.press("3")
        assert funnel_title(app) == f"Funnel · {begun('year')} processes begun since Thu 1 Jan 2026"
        await pilot.click("#period-30d")
        await pilot.pause()
        assert screen.period == "30d"
        assert funnel_title(app).startswith(f"Funnel · {begun('30d')} processes")


@sync
async def test_each_period_is_computed_once() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        first = screen.stats("30d")
        await pilot.press("1", "2", "1")
        assert screen.stats() is first


@pytest.mark.parametrize("key", ["escape", "q", "g"])
@sync
async def test_escape_q_and_g_close_it(key: str) -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, StatsScreen)
        assert app.is_running  # q closes the screen, it does not quit


@sync
async def test_health_and_empty_data() -> None:
    app = Host(processes=())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        health = str(app.screen.query_one("#health", Static).render())
        assert "0 active" in health and "No process is active" in health
        assert not app.screen.query_one("#companies", DataTable).display
        assert answer_rows(app) == ["any interview", "any nudge"]
        assert funnel_title(app) == "Funnel · 0 processes begun since Fri 28 Aug 2026"


@pytest.mark.parametrize("size", [SMALL, SIZE])
@sync
async def test_readable_at_80x24_and_140x42(size: tuple[int, int]) -> None:
    app = Host()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert screen.has_class("-wide") == (size == SIZE)
        for table in screen.query(DataTable):
            # Every column shows: no table needs scrolling sideways.
            assert table.virtual_size.width <= table.scrollable_content_region.width, table.id
        funnel = screen.query_one("#funnel", Chart)
        assert funnel.size.width <= size[0]
        heatmap = str(screen.query_one("#activity", Static).render())
        assert "Mon" in heatmap and "○ holiday (US)" in heatmap


@sync
async def test_opens_over_the_real_dashboard(demo_path: Path, make_app: Callable[..., NudgeApp]) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.model.processes) == begun("all")  # open and closed ones
        app.push_screen(StatsScreen(app.model.processes.values(), app.model.settings, app.today, book=app.model.book))
        await pilot.pause()
        assert funnel_title(app) == f"Funnel · {begun('90d')} processes begun since Fri 28 Aug 2026"
        health = str(app.screen.query_one("#health", Static).render())
        assert health == health_line(demo_backup(DAY).processes, DAY)
        assert health == "9 active · 2 interviews this week · 5 awaiting a reply"
        await pilot.press("a", "d", "slash")  # the dashboard's keys do nothing here
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StatsScreen)
        assert app.is_running


def test_an_unknown_period_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown period"):
        StatsScreen((), Settings(), date(2026, 11, 25), period="week")


def test_snapshot_wide(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(Host(), terminal_size=SIZE, run_before=settled)


def test_snapshot_small(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(Host(), terminal_size=SMALL, run_before=settled)


def test_snapshot_thirty_days(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(Host(), terminal_size=SIZE, press=["1"])
