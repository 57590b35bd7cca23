"""The process view on a small host app: every stored field on screen, each key's request, snapshots.

The host records the requests the view posts (edit, delete, add, open the
link, edit the notes), as the dashboard will handle them.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from rich.console import Console
from textual.app import App
from textual.widgets import OptionList, Static

from app.demo import demo_backup
from app.domain import ContactRole, Direction, InterviewKind, Purpose, Signal, Status
from app.rules.agenda import Action, actions_for
from app.rules.calendar import CalendarBook
from app.rules.values import Contact, Interview, Message, Moment, Process, Settings
from app.tui.process_view import ProcessView, applied_on

from .conftest import DAY, SIZE, sync
from .driving import settled

RITA = Contact(name="Rita Ray", role=ContactRole.RECRUITER, email="rita@acme.example", phone="+1 (555) 010-7788", id=11)
OMAR = Contact(name="Omar Haddad", role=ContactRole.HIRING_MANAGER, direct_ok=True, id=12)
SCREEN = Interview(
    kind=InterviewKind.RECRUITER_SCREEN, at=Moment(datetime(2026, 11, 16, 10, 0)), with_=("Rita Ray",),
    notes="Salary band confirmed.", id=21, expect_by=date(2026, 11, 20),
)  # fmt: skip
ONSITE = Interview(kind=InterviewKind.ONSITE, at=Moment(datetime(2026, 12, 1, 14, 0)), with_=("Omar Haddad",), id=22)
APPLIED = Message(
    at=Moment.of(date(2026, 11, 6)), direction=Direction.OUT, purpose=Purpose.APPLICATION, channel="careers page",
    text="Applied through the careers page.", id=31,
)  # fmt: skip
REPLY = Message(
    at=Moment(datetime(2026, 11, 12, 15, 0)), direction=Direction.IN, contact="Rita Ray", purpose=Purpose.REPLY,
    signal=Signal.POSITIVE, text="Would love to set up a screen.\nHow is Monday?", id=32,
    expect_by=date(2026, 11, 13),
)  # fmt: skip
ACME = Process(
    company="Acme", role="Data Engineer", status=Status.OFFER, country="GB", subdivision="SCT",
    link="https://acme.example/jobs/42", notes="Spark + dbt stack.\nTeam of six.", contacts=(RITA, OMAR),
    interviews=(SCREEN, ONSITE), messages=(APPLIED, REPLY), id=7, deadline=date(2026, 12, 4),
    wait_until=date(2026, 11, 30),
)  # fmt: skip
SETTINGS = Settings()


def next_actions(process: Process, settings: Settings = SETTINGS) -> list[Action]:
    return actions_for(process, DAY, CalendarBook(settings).for_process(process), settings)


class Host(App[None]):
    """Shows the process view and keeps every request it posts."""

    def __init__(self, view: ProcessView) -> None:
        super().__init__()
        self.view = view
        self.requests: list[tuple[str, Any]] = []
        self.closed = False

    def on_mount(self) -> None:
        self.push_screen(self.view, lambda _: setattr(self, "closed", True))

    def on_process_view_edit(self, event: ProcessView.Edit) -> None:
        self.requests.append(("edit", event.record))

    def on_process_view_delete(self, event: ProcessView.Delete) -> None:
        self.requests.append(("delete", event.record))

    def on_process_view_add(self, event: ProcessView.Add) -> None:
        self.requests.append(("add", event.kind))

    def on_process_view_open_link(self, event: ProcessView.OpenLink) -> None:
        self.requests.append(("open", event.url))

    def on_process_view_edit_notes(self, event: ProcessView.EditNotes) -> None:
        self.requests.append(("notes", event.process.id))


def shown(view: ProcessView) -> str:
    """All the view says, each list's every option included (scrolled off or not), as plain text."""
    console = Console(file=io.StringIO(), width=100, color_system=None, legacy_windows=False)
    with console.capture() as capture:
        for widget in view.query(Static):
            console.print(widget.render())
        for options in view.query(OptionList):
            for option in options.options:
                console.print(option.prompt)
    return capture.get()


def test_applied_is_the_earliest_application() -> None:
    later = replace(APPLIED, at=Moment.of(date(2026, 11, 9)), id=33)
    assert applied_on(replace(ACME, messages=(later, APPLIED))) == date(2026, 11, 6)
    assert applied_on(replace(ACME, messages=(REPLY,))) is None


@sync
async def test_the_view_shows_every_stored_field() -> None:
    app = Host(ProcessView(ACME, next_actions(ACME), DAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = shown(app.view)
    for expected in (
        "Acme",
        "Data Engineer",
        "offer",
        "Fri 6 Nov",  # applied
        "https://acme.example/jobs/42",
        "GB United Kingdom · SCT Scotland",
        "Fri 4 Dec",  # deadline
        "Mon 30 Nov",  # wait until
        "Spark + dbt stack.",
        "Team of six.",
        "Rita Ray",
        "recruiter",
        "rita@acme.example · +1 (555) 010-7788",
        "hiring manager",
        "Omar Haddad",
        "direct contact is fine",
        "Mon 16 Nov 10:00",
        "recruiter screen with Rita Ray",
        "Salary band confirmed.",
        "they'd answer by Fri 20 Nov",
        "onsite (booked) with Omar Haddad",
        "→ application (careers page)",
        "Applied through the careers page.",
        "← reply from Rita Ray · positive",
        "How is Monday?",
        "they'd answer by Fri 13 Nov",
        "Decide · due Fri 4 Dec",
        "Why: your answer to the offer is due by Fri 4 Dec",
        "Prepare · due Tue 1 Dec",
    ):
        assert expected in text, expected


@sync
async def test_the_next_actions_say_why_and_a_closed_process_says_it_has_none() -> None:
    active = replace(ACME, status=Status.ACTIVE, interviews=(SCREEN,), wait_until=None)
    actions = next_actions(active)
    assert actions and any(a.overdue > 0 for a in actions)
    app = Host(ProcessView(active, actions, DAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = shown(app.view)
        assert "was due" in text and "business days late)" in text
        app.view.show(replace(active, status=Status.REJECTED), [])
        await pilot.pause()
        assert "Closed (rejected): Nudge plans nothing for it." in shown(app.view)


@sync
async def test_each_key_posts_its_request() -> None:
    app = Host(ProcessView(ACME, next_actions(ACME), DAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the process itself
        await pilot.press("down", "enter")  # Rita
        await pilot.press("x")
        await pilot.press("down", "down", "enter")  # + add a person
        await pilot.press("tab", "enter")  # the timeline's first entry: the application
        await pilot.press("down", "x")  # the reply
        await pilot.press("o", "E")
        await pilot.pause()
        assert app.requests == [
            ("edit", ACME),
            ("edit", RITA),
            ("delete", RITA),
            ("add", "contact"),
            ("edit", APPLIED),
            ("delete", REPLY),
            ("open", "https://acme.example/jobs/42"),
            ("notes", 7),
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert app.closed


@sync
async def test_show_refreshes_and_keeps_the_highlight() -> None:
    app = Host(ProcessView(ACME, next_actions(ACME), DAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down")
        renamed = replace(ACME, company="Acme Corp", contacts=(replace(RITA, email="rr@acme.example"), OMAR))
        app.view.show(renamed, next_actions(renamed))
        await pilot.pause()
        assert "Acme Corp" in shown(app.view) and "rr@acme.example" in shown(app.view)
        await pilot.press("enter")
        await pilot.pause()
        assert app.requests == [("edit", renamed.contacts[0])]


@sync
async def test_without_a_link_o_says_how_to_add_one() -> None:
    bare = Process(company="Acme", role="Dev", id=8)
    app = Host(ProcessView(bare, [], DAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o", "x")  # x on the process asks to delete it
        await pilot.pause()
        assert app.requests == [("delete", bare)]
        text = shown(app.view)
        assert "none (enter to add one)" in text and "not logged" in text and "Nothing to do for now." in text


@sync
async def test_user_text_is_shown_as_typed() -> None:
    hostile = replace(
        ACME, company="[b]Acme[/]", role="[@click=app.quit]Dev[/]", notes="[/]", link="[link=x]y[/link]",
        contacts=(replace(RITA, name="[red]Rita[/]", email="[/b]"),),
        messages=(replace(REPLY, contact="[red]Rita[/]"),),
    )  # fmt: skip
    app = Host(ProcessView(hostile, [], DAY))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = shown(app.view)
        for typed in ("[b]Acme[/]", "[@click=app.quit]Dev[/]", "[/]", "[link=x]y[/link]", "[red]Rita[/]", "[/b]"):
            assert typed in text, typed
        await pilot.click("#view-title")
        await pilot.pause()
        assert app.is_running


def demo_view() -> Host:
    backup = demo_backup(DAY)
    process = next(p for p in backup.processes if p.interviews and p.contacts and p.link)
    return Host(ProcessView(process, next_actions(process, backup.settings or SETTINGS), DAY))


def test_snapshot(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(demo_view(), terminal_size=SIZE, run_before=settled)


def test_snapshot_small(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(demo_view(), terminal_size=(80, 24), run_before=settled)


def test_snapshot_large(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(demo_view(), terminal_size=(200, 60), run_before=settled)
