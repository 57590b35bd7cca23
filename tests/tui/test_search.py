"""Search everything: `/` finds a process by any word the user typed about it, and marks the word where it shows.

The filter runs over company, role, contact names and emails, the process's
notes, interview notes and message text, ignoring case; the rows shown mark the
matching text as plain text (a search for "[b]" finds "[b]", it styles nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest
from engines import Database
from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable

from app.rules.values import Contact, Process
from app.tui.app import NudgeApp
from app.tui.jump import JumpToProcess
from app.tui.model import DashboardModel
from app.tui.panes import MATCH_STYLE

from .conftest import DAY, SIZE, Place, reopened, sync
from .driving import settle, type_text

MakeApp = Callable[..., NudgeApp]


def model_of(place: Place) -> DashboardModel:
    """The dashboard model over every process stored, read through a fresh Repository."""
    with reopened(place) as repo:
        model = DashboardModel(DAY)
        model.replace_all(repo.processes(), repo.settings(), repo.templates())
    return model


@pytest.mark.parametrize(
    ("text", "companies"),
    [
        ("hooli", {"Hooli"}),  # company, any case
        ("SITE RELIABILITY", {"Initech"}),  # role
        ("lumbergh", {"Initech"}),  # a contact's name
        ("alice@umbrella", {"Umbrella Health"}),  # a contact's email
        ("spark + dbt", {"Acme Analytics"}),  # the process's notes
        ("kubernetes", {"Initech"}),  # an interview's notes
        ("book the onsite", {"Northwind Traders"}),  # a message's text
        ("  Salary Band  ", {"Acme Analytics"}),  # spaces around are not part of the search
        ("no such words anywhere", set()),
    ],
)
def test_filter_reads_every_field(demo_search: Database, text: str, companies: set[str]) -> None:
    rows = model_of(demo_search).summaries(show_closed=True, text=text)
    assert {r.company for r in rows} == companies


def marked(cell: object) -> list[str]:
    """The parts of a cell drawn in the match style."""
    assert isinstance(cell, Text)
    return [cell.plain[s.start : s.end] for s in cell.spans if s.style == MATCH_STYLE]


async def search(pilot: Pilot[None], text: str) -> None:
    await settle(pilot)
    await pilot.press("slash")
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


@sync
async def test_slash_finds_a_contact_and_marks_the_name_in_the_timeline(
    demo_search: Database, make_app: MakeApp
) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "GAVIN")
        table = app.query_one("#processes", DataTable)
        assert [table.get_row_at(i)[0].plain for i in range(table.row_count)] == ["Hooli"]
        timeline = app.query_one("#timeline", DataTable)
        who = [c.key.value for c in timeline.ordered_columns].index("who")
        names = [timeline.get_row_at(i)[who] for i in range(timeline.row_count)]
        assert names
        assert all(marked(n) == ["Gavin"] for n in names)


@sync
async def test_the_match_is_marked_in_company_and_role(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "engineer")
        table = app.query_one("#processes", DataTable)
        keys = [c.key.value for c in table.ordered_columns]
        role = keys.index("role")
        shown = [table.get_row_at(i) for i in range(table.row_count)]
        assert shown, "engineer is in most roles"
        for row in shown:
            assert marked(row[role]) == ["Engineer"], row[role]


@sync
async def test_a_search_for_markup_is_plain_text(empty_search: Database, make_app: MakeApp) -> None:
    with reopened(empty_search) as repo:
        repo.add_process(Process(company="Acme [b]Corp[/b]", role="Dev [@click=app.quit]x[/]"))
    app = make_app(empty_search)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "[b]")
        table = app.query_one("#processes", DataTable)
        assert table.row_count == 1
        company = table.get_row_at(0)[0]
        assert company.plain == "Acme [b]Corp[/b]"
        assert marked(company) == ["[b]"]
        assert app.is_running


class JumpApp(App[None]):
    """The smallest dashboard the jump provider works with: processes, and `go`."""

    COMMANDS: ClassVar = {JumpToProcess}

    def __init__(self, processes: list[Process]) -> None:
        super().__init__()
        self.processes = processes
        self.went: list[int] = []

    def jump_targets(self) -> list[Process]:
        return self.processes

    def go(self, process_id: int) -> None:
        self.went.append(process_id)


@pytest.mark.parametrize(("typed", "expected"), [("globex", 2), ("rita", 1), ("[b]", 3)])
@sync
async def test_palette_jumps_to_a_process_by_company_or_contact(typed: str, expected: int) -> None:
    app = JumpApp(
        [
            Process(company="Acme", role="Data Engineer", id=1, contacts=(Contact(name="Rita Ray"),)),
            Process(company="Globex", role="Platform Engineer", id=2),
            Process(company="Acme [b]Corp", role="Dev", id=3),
        ]
    )
    async with app.run_test() as pilot:
        app.action_command_palette()
        await pilot.pause()
        await type_text(pilot, typed)
        await pilot.pause(0.3)  # the palette searches in a worker
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.went == [expected]
