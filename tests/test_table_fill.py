"""A long Interviews table fills in slices after screen refreshes, never in one block on the main thread.

Filled at once, 4,500 processes held every key for a second at start. These
tests count rows, never time: what `show` puts in the table before it
returns is one slice (as far as the cursor's row); the rest arrives
slice by slice, in the order of the summaries, and ends exactly as a fill
in one go would (same rows, same columns). A new fill or a selection in the
middle of one ends as the newest asked.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time
from pathlib import Path

from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable

from app.backup import Backup
from app.domain import ContactRole, Direction, InterviewKind, Purpose
from app.rules.values import Contact, Interview, Message, Moment, Process
from app.storage.repository import Repository
from app.tui.app import NudgeApp
from app.tui.panes import PROCESS_COLUMNS, SLICE, InterviewsPane, fit_columns

DAY = date(2026, 11, 25)
SIZE = (140, 42)
COUNT = 4 * SLICE + 37
"""Processes in the database: several slices, and a part one at the end."""


def backup(count: int) -> Backup:
    """`count` active processes, each with a screen and a thank-you some days back (fixed dates)."""
    processes = []
    for n in range(count):
        day = date(2026, 11, 2 + n % 20)
        contact = Contact(name=f"Recruiter {n}", role=ContactRole.RECRUITER)
        processes.append(
            Process(
                company=f"Company {n:04d}" + " Widgets" * (n % 3),  # widths vary: the widest row comes late
                role=f"Role {n % 7}",
                contacts=(contact,),
                interviews=(
                    Interview(
                        kind=InterviewKind.RECRUITER_SCREEN,
                        at=Moment(datetime.combine(day, time(10))),
                        with_=(contact.name,),
                    ),
                ),
                messages=(
                    Message(
                        at=Moment(datetime.combine(day, time(17))),
                        direction=Direction.OUT,
                        contact=contact.name,
                        purpose=Purpose.THANK_YOU,
                        channel="email",
                    ),
                ),
            )
        )
    return Backup(None, tuple(processes))


def keys(table: DataTable[object]) -> list[str]:
    return [str(table.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value) for i in range(table.row_count)]


def counted(table: DataTable[object]) -> list[object]:
    """The keys of the rows the table gets from now on, in order (its own `add_row` still does the work)."""
    added: list[object] = []
    add_row = table.add_row

    def counting(*cells: object, **options: object) -> object:
        added.append(options.get("key"))
        return add_row(*cells, **options)  # type: ignore[arg-type]

    table.add_row = counting  # type: ignore[assignment, method-assign]
    return added


async def filled(pilot: Pilot[None], pane: InterviewsPane) -> None:
    """Wait (by refreshes, not by the clock) until the pane's fill has put every row in."""
    for _ in range(2000):
        if not getattr(pane._fitted, "filling", False):  # (a fill in one go has nothing left to do)
            return
        await pilot.pause()
    raise AssertionError("the table never finished filling")


async def loaded(pilot: Pilot[None], app: NudgeApp) -> InterviewsPane:
    pane = app.query_one(InterviewsPane)
    for _ in range(2000):
        if app.loaded and pane._fitted.rows:
            break
        await pilot.pause(0.01)
    await filled(pilot, pane)
    return pane


def run(tmp_path: Path, test: object) -> None:
    path = tmp_path / "big.db"
    with Repository(path) as repo:
        repo.merge(backup(COUNT))
    with Repository(path) as repo:
        app = NudgeApp(repo, DAY, export_dir=tmp_path)

        async def main() -> None:
            async with app.run_test(size=SIZE) as pilot:
                await test(app, pilot)  # type: ignore[operator]

        asyncio.run(main())


def test_show_puts_in_one_slice_then_the_rest_in_order(tmp_path: Path) -> None:
    async def test(app: NudgeApp, pilot: Pilot[None]) -> None:
        pane = await loaded(pilot, app)
        table = app.query_one("#processes", DataTable)
        rows = app.model.summaries()
        first = rows[0].process_id
        added = counted(table)
        pane.show(rows, DAY, first)
        assert len(added) <= SLICE  # rows put in before `show` returns: one slice at most, not the whole list
        await filled(pilot, pane)
        assert len(added) == len(rows)
        assert keys(table) == [str(r.process_id) for r in rows]
        # The columns are those of every row, as a fill in one go lays them out.
        cells = [pane._cells(r) for r in rows]
        natural = {c.key: max(cell[c.key].cell_len for cell in cells) for c in PROCESS_COLUMNS}
        scrollbar = table.styles.scrollbar_size_vertical
        widths = fit_columns(PROCESS_COLUMNS, natural, pane.size.width - scrollbar, 2 * table.cell_padding)
        assert [(str(c.key.value), c.width) for c in table.ordered_columns] == list(widths.items())
        assert pane.selected_id() == first

    run(tmp_path, test)


def test_a_reload_keeps_a_selection_far_down_with_the_table_focused(tmp_path: Path) -> None:
    async def test(app: NudgeApp, pilot: Pilot[None]) -> None:
        pane = await loaded(pilot, app)
        table = app.query_one("#processes", DataTable)
        table.focus()
        rows = app.model.summaries()
        deep = rows[3 * SLICE + 5].process_id
        app.selected = deep
        await pilot.pause()
        app.main.refresh_views()  # as after a save: the table again, the cursor far below the first slice
        await filled(pilot, pane)
        for _ in range(5):
            await pilot.pause()
        # Row 0 first would have been highlighted with the table focused, and selected.
        assert app.selected == deep
        assert pane.selected_id() == deep

    run(tmp_path, test)


def test_a_new_fill_in_the_middle_of_one_ends_as_the_new_one(tmp_path: Path) -> None:
    async def test(app: NudgeApp, pilot: Pilot[None]) -> None:
        pane = await loaded(pilot, app)
        table = app.query_one("#processes", DataTable)
        rows = app.model.summaries()
        pane.show(rows, DAY, None)
        await pilot.pause()
        again = list(reversed(rows))[: 3 * SLICE]
        pane.show(again, DAY, None)  # a reload while the first fill is half-way
        await filled(pilot, pane)
        for _ in range(5):  # a slice of the first fill, if one were left, would show up here
            await pilot.pause()
        assert keys(table) == [str(r.process_id) for r in again]

    run(tmp_path, test)


def test_a_selection_during_the_fill_lands_when_its_row_is_in(tmp_path: Path) -> None:
    async def test(app: NudgeApp, pilot: Pilot[None]) -> None:
        pane = await loaded(pilot, app)
        rows = app.model.summaries()
        pane.show(rows, DAY, rows[0].process_id)
        last = rows[-1].process_id
        pane.select(last)  # not in the table yet
        await filled(pilot, pane)
        assert pane.selected_id() == last

    run(tmp_path, test)
