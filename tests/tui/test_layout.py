"""The main view at the four sizes people use: no table wider than its pane, panes sized by what they hold.

Each check drives the real dashboard on the demo data at 2026-11-25 with
Textual's Pilot at a fixed terminal size, after its load has finished.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable

from app.tui.app import NudgeApp
from app.tui.panes import PROCESS_COLUMNS, Column, InterviewsPane, fit, fit_columns

from .conftest import sync
from .driving import settle

MakeApp = Callable[..., NudgeApp]
SIZES = [(80, 24), (100, 30), (140, 42), (200, 60)]
FIRST = {"company", "next", "when", "stage"}
"""The Interviews columns every size shows."""


def shown_columns(table: DataTable[object]) -> list[str]:
    return [str(c.key.value) for c in table.ordered_columns]


def assert_fits(table: DataTable[object]) -> None:
    """No sideways scrolling: the columns and their padding fit inside the table's own width."""
    content = sum(c.get_render_width(table) for c in table.ordered_columns)
    assert content <= table.scrollable_content_region.width, (table.id, content, table.scrollable_content_region)
    assert table.max_scroll_x == 0, table.id
    assert not table.show_horizontal_scrollbar, table.id


async def show_pane_of(pilot: Pilot[None], table: DataTable[object]) -> None:
    """Under 100 columns one pane shows at a time: switch (the pane key) until the table's pane is the one."""
    for _ in range(3):
        if table.region.width:
            return
        await pilot.press("v")
        await settle(pilot)
    assert table.region.width, table.id


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@sync
async def test_no_table_is_wider_than_its_pane(demo_path: Path, make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        processes = app.query_one("#processes", DataTable)
        timeline = app.query_one("#timeline", DataTable)
        for table in (processes, timeline):
            await show_pane_of(pilot, table)
            assert_fits(table)
            pane = table.parent
            assert isinstance(pane, Widget)
            assert table.region.right <= pane.content_region.right
        assert set(shown_columns(processes)) >= FIRST, shown_columns(processes)
        assert {"when", "what"} <= set(shown_columns(timeline))
        for row in range(processes.row_count):  # a cut cell ends in an ellipsis, never mid-word
            for cell, column in zip(processes.get_row_at(row), processes.ordered_columns, strict=True):
                assert isinstance(cell, Text)
                assert cell.cell_len <= column.width


@sync
async def test_columns_are_worked_out_again_on_resize(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        processes = app.query_one("#processes", DataTable)
        wide = shown_columns(processes)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        for table in (processes, app.query_one("#timeline", DataTable)):
            await show_pane_of(pilot, table)
            assert_fits(table)
        narrow = shown_columns(processes)
        assert len(narrow) < len(wide)
        assert set(narrow) >= FIRST
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        assert shown_columns(processes) == wide


@sync
async def test_interviews_is_as_tall_as_its_rows_and_the_message_gets_the_rest(
    demo_path: Path, make_app: MakeApp
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        pane = app.query_one(InterviewsPane)
        table = app.query_one("#processes", DataTable)
        # Ten rows, the header, the two border lines: not one empty row.
        assert pane.outer_size.height == table.row_count + 1 + 2
        detail = app.query_one("#detail", VerticalScroll)
        action = app.selected_action()
        assert action is not None and action.message
        assert detail.max_scroll_y == 0, "the whole suggested message shows at 200x60"


@sync
async def test_interviews_keeps_room_for_the_rest_at_100x30(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane = app.query_one(InterviewsPane)
        assert pane.outer_size.height <= 30 // 2
        assert app.query_one("#detail", VerticalScroll).size.height >= 3


@sync
async def test_the_one_pane_at_80x24_takes_the_whole_screen(demo_path: Path, make_app: MakeApp) -> None:
    """Header, the pane bar and the footer take a line each; the pane shown has the rest."""
    app = make_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(3):
            shown = [p for p in app.query("InterviewsPane, TimelinePane, TodayPane") if p.region.width]
            assert len(shown) == 1
            assert shown[0].outer_size == Size(80, 24 - 3)
            await pilot.press("v")
            await settle(pilot)


COLUMNS = (Column("a", "A", 0, 5, 10), Column("b", "B", 2, 4, 8), Column("c", "C", 1, 6, 6))


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (40, {"a": 10, "b": 8, "c": 6}),  # room for all at their content (a at its most)
        (20, {"a": 10, "c": 6}),  # b goes first; a grows into what is left
        (15, {"a": 5, "c": 6}),  # just room for a at its least and c whole
        (14, {"a": 6, "b": 4}),  # c is never cut below its least: it goes, and the narrower b fits
    ],
)
def test_fit_columns_keeps_the_most_important(width: int, expected: dict[str, int]) -> None:
    widths = fit_columns(COLUMNS, {"a": 12, "b": 8, "c": 6}, width)
    assert sum(w + 2 for w in widths.values()) <= width
    assert widths == expected


def test_fit_cuts_at_a_word_end_with_an_ellipsis() -> None:
    assert fit(Text("Site Reliability Engineer"), 20).plain == "Site Reliability…"
    assert fit(Text("Supercalifragilistic"), 8).plain == "Superca…"
    assert fit(Text("short"), 8).plain == "short"


def test_interviews_columns_put_next_and_when_before_role() -> None:
    priority = {c.key: c.priority for c in PROCESS_COLUMNS}
    assert max(priority[k] for k in FIRST) < min(priority[k] for k in ("role", "last", "signal"))
