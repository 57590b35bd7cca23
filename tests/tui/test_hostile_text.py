"""Hostile text in every field, shown by the real dashboard: it must read as typed and command nothing.

A table of strings that markup would read (unmatched closing tags, click
actions, links, emoji codes, escapes, variables), plus very long, RTL and
emoji text, is stored through the real repository into a SQLite file, one
process per string with its fields rotated through the table (process k has
company H[k], role H[k+1], contact H[k+2]...), so every string lands in every
field and the fields of one process differ. The dashboard then runs under
`run_test` at a fixed date; each process is selected, each Today item
highlighted, every form and dialog opened, a contact saved (its notice
checked) and an agenda exported; at each place the rendered screen must hold
the string literally. Clicking on action text must run nothing: the app keeps
running and no screenshot lands in the folder the string names.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from textual.command import CommandPalette
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, Static, TextArea
from textual.widgets._toast import Toast

from app.exports.common import clean
from app.rules.agenda import Action
from app.rules.values import Contact, Interview, Message, Moment, Process
from app.storage.repository import Repository
from app.tui.app import NudgeApp
from app.tui.dialogs import ExportDialog, HelpScreen, MoveOnDialog, StatusDialog
from app.tui.forms import ContactForm, InterviewForm, MessageForm
from app.tui.stats_screen import StatsScreen

from .conftest import sync
from .driving import settle

MakeApp = Callable[..., NudgeApp]

WIDE = (320, 80)
"""Room for every column at once (the Timeline's Notes too), so each place can be read off the screen."""
FORMS_SIZE = (150, 50)
"""Forms and dialogs need no more; a smaller screen renders several times faster."""

LONG = "long: " + "[/]word [b]" * 100


def hostile(leak: Path) -> tuple[str, ...]:
    """The table of hostile strings; the screenshot action names `leak` as its folder."""
    return (
        "[/]",
        "[/bold]",
        "Acme [/bold]",
        "see below[/quote]",
        "Dev [/]",
        "Ann [/i]",
        "[@click=app.quit]Senior[/]",
        f"[@click=app.screenshot('leak.svg','{leak}')]Senior Engineer[/]",
        "[b]bold[/b]",
        "[link=file:///etc/passwd]x[/link]",
        ":smile:",
        "\\[escaped]",
        "[red]",
        "$var",
        "{braces}",
        LONG,
        "שלום עולם مرحبا",
        "🎉 party 👩‍💻 dev",
    )


TEMPLATE = "Hi {first_name},\n[/] [b]thanks[/b] [@click=app.quit]Quit[/] :smile: $var {{braces}} \\[e]\n{company}"
"""A thank-you template carrying markup of its own; every Today item's message is filled from it."""
TEMPLATE_LINE = "[/] [b]thanks[/b] [@click=app.quit]Quit[/] :smile: $var {braces} \\[e]"


def probe(text: str) -> str:
    """What must show of a string: all of a short one, the start of a long one (columns cut the rest)."""
    return clean(text)[:20]


class Fields:
    """The fields of process k: the table rotated by k."""

    def __init__(self, strings: tuple[str, ...], k: int) -> None:
        def at(j: int) -> str:
            return strings[(k + j) % len(strings)]

        self.company, self.role, self.contact, self.email = at(0), at(1), at(2), at(3)
        self.interview_notes, self.message, self.notes, self.link = at(4), at(5), at(6), at(7)
        self.new_contact = at(8)


def build(path: Path, strings: tuple[str, ...]) -> None:
    """One process per hostile string, every field filled from the table, through the real repository."""
    with Repository(path) as repo:
        repo.save_templates({"thank_you": TEMPLATE})
        for k in range(len(strings)):
            f = Fields(strings, k)
            pid = repo.add_process(
                Process(
                    company=f.company,
                    role=f.role,
                    notes=f.notes,
                    link=f.link,
                    contacts=(Contact(name=f.contact, role="recruiter", email=f.email),),
                )
            )
            repo.add_message(
                pid,
                Message(
                    at=Moment(datetime(2026, 11, 20, 9)),
                    direction="in",
                    contact=f.contact,
                    purpose="other",
                    channel="email",
                    signal=None,
                    text=f.message,
                ),
            )
            # Yesterday's screen: a thank-you is due today, for every process.
            screen = Interview(
                kind="recruiter_screen",
                at=Moment(datetime(2026, 11, 24, 10)),
                with_=(f.contact,),
                notes=f.interview_notes,
            )
            repo.add_interview(pid, screen)


def screen_lines(app: NudgeApp) -> list[str]:
    """The screen as text, the way `App.export_screenshot` composes it (modal screens over the dashboard)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, color_system=None,
        record=True, legacy_windows=False, safe_box=False,
    )  # fmt: skip
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text().splitlines()


def crop(line: str, start: int, width: int) -> str:
    """The characters of `line` in cell columns [start, start + width): wide characters count two."""
    out, x = [], 0
    for char in line:
        if start <= x < start + width:
            out.append(char)
        x += cell_len(char)
    return "".join(out)


def region_lines(shot: list[str], region: Region) -> list[str]:
    """The part of a screen shot (from `screen_lines`) inside a region."""
    return [crop(line, region.x, region.width) for line in shot[region.y : region.bottom]]


class Seen:
    """Records each (string, place) found literally on screen; fails on the first one missing."""

    def __init__(self, strings: tuple[str, ...]) -> None:
        self.strings = strings
        self.places: Counter[str] = Counter()
        self.pairs: set[tuple[int, str]] = set()
        self.extras: Counter[str] = Counter()

    def line(self, lines: list[str], place: str, *parts: tuple[str, str]) -> None:
        """Some one line shows every part, in order (a row, a title): `parts` are (field name, text)."""
        pattern = ".*".join(re.escape(probe(text)) for _, text in parts)
        if not any(re.search(pattern, line) for line in lines):
            shown = "\n".join(lines)
            raise AssertionError(f"{place}: {[probe(t) for _, t in parts]} not shown literally in:\n{shown}")
        for field, text in parts:
            self.note(text, f"{place}: {field}")

    def block(self, lines: list[str], place: str, *parts: tuple[str, str]) -> None:
        """Wrapped text (the Today detail) shows every part, in order, once its lines are joined up again."""
        self.line([" ".join(" ".join(lines).split())], place, *parts)

    def note(self, text: str, place: str) -> None:
        self.pairs.add((self.strings.index(text), place))
        self.places[place] += 1

    def extra(self, place: str) -> None:
        """A place checked with text outside the table (the template, a file name)."""
        self.extras[place] += 1


async def open_screen(pilot: Pilot[None], key: str, kind: type) -> None:
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, kind), f"{key} opened {pilot.app.screen!r}"


async def close_screen(pilot: Pilot[None]) -> None:
    """Escape until the dashboard is back (a click may have opened a Select's list first)."""
    for _ in range(3):
        if pilot.app.screen is pilot.app.screen_stack[0]:
            return
        await pilot.press("escape")
        await settle(pilot)
    assert pilot.app.screen is pilot.app.screen_stack[0]


async def toasts(pilot: Pilot[None]) -> list[str]:
    """The text of every notice on screen, once the toast rack has mounted the latest (a few frames)."""
    for _ in range(20):
        await pilot.pause()
        shown = [str(toast.render()) for toast in pilot.app.screen.query(Toast)]
        if len(shown) >= min(len(pilot.app._notifications), 1):
            return shown
    return []


def inside(app: NudgeApp, selector: str) -> Region:
    """The region within a widget's border and padding, where wrapped text lines up."""
    return app.screen.query_one(selector).content_region


def widget_region(app: NudgeApp, selector: str) -> Region:
    return app.screen.query_one(selector).region


async def arrive(pilot: Pilot[None], today: OptionList, items: list[int], index: int) -> Action:
    """Highlight a Today item the way moving onto it does (from another one), so it selects its process."""
    app = pilot.app
    assert isinstance(app, NudgeApp)
    today.highlighted = items[1] if index == items[0] else items[0]
    await pilot.pause()
    today.highlighted = index
    await pilot.pause()
    action = app.selected_action()
    assert action is not None and app.selected == action.process_id
    return action


async def forms_and_dialogs(pilot: Pilot[None], seen: Seen, f: Fields, process_id: int) -> None:
    """Open every form and dialog for the selected process; save one contact and read its notice."""
    app = pilot.app
    assert isinstance(app, NudgeApp)
    await open_screen(pilot, "p", ContactForm)
    seen.block(form_lines(app), "Contact form", ("company", f.company), ("role", f.role))
    app.screen.query_one("#name", Input).value = f.new_contact
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not isinstance(app.screen, ContactForm), "the contact form did not save"
    notices = await toasts(pilot)
    assert any(f"Added {f.new_contact} to {f.company}" in notice for notice in notices), notices
    seen.note(f.new_contact, "Saved notice: contact")
    seen.note(f.company, "Saved notice: company")

    await open_screen(pilot, "i", InterviewForm)
    seen.block(form_lines(app), "Interview form", ("company", f.company), ("role", f.role))
    # The field may be below the fold of the form: its placeholder (an Input shows it as plain Text).
    placeholder = app.screen.query_one("#with", Input).placeholder
    seen.block([placeholder], "Interview form placeholder", ("contact", f.contact))
    await close_screen(pilot)

    await open_screen(pilot, "d", MessageForm)
    form = form_lines(app)
    seen.block(form, "Message form", ("company", f.company), ("role", f.role))
    seen.block(form, "Message form contact", ("contact", f.contact))
    draft = app.screen.query_one("#text", TextArea).text
    assert TEMPLATE_LINE in draft and f.company in draft
    await close_screen(pilot)

    await open_screen(pilot, "m", MessageForm)
    select = app.screen.query_one("#contact", Select)
    select.value = f.contact
    await pilot.pause()
    seen.line(region_lines(screen_lines(app), select.region), "Message form contact picked", ("contact", f.contact))
    await close_screen(pilot)

    await open_screen(pilot, "s", StatusDialog)
    seen.block(form_lines(app), "Status dialog", ("company", f.company), ("role", f.role))
    await close_screen(pilot)

    app.push_screen(MoveOnDialog(app.model.processes[process_id]))
    await settle(pilot)
    seen.block(form_lines(app), "Move-on dialog", ("company", f.company), ("role", f.role))
    await close_screen(pilot)


def form_lines(app: NudgeApp) -> list[str]:
    """What the open form or dialog shows, inside its border."""
    return region_lines(screen_lines(app), inside(app, "#form"))


@pytest.fixture
def leak(tmp_path: Path) -> Path:
    folder = tmp_path / "leak"
    folder.mkdir()
    return folder


@pytest.mark.slow  # every form and dialog for each of 18 processes: about a minute and a half
@sync
async def test_hostile_text_shows_literally_everywhere(tmp_path: Path, leak: Path, make_app: MakeApp) -> None:
    strings = hostile(leak)
    db = tmp_path / "[red]nudge $var {x}.db"
    build(db, strings)
    fields = {Fields(strings, k).company: Fields(strings, k) for k in range(len(strings))}
    seen = Seen(strings)
    app = make_app(db, export_dir=tmp_path)
    async with app.run_test(size=WIDE, notifications=True, tooltips=True) as pilot:
        await settle(pilot)
        assert len(app.model.processes) == len(strings)
        header = screen_lines(app)[0]
        assert "[red]nudge $var {x}.db" in header

        # Each process selected in the Interviews table: its row, the Timeline's title and rows.
        table = app.query_one("#processes", DataTable)
        table.focus()
        await pilot.pause()
        for row in range(table.row_count):
            table.move_cursor(row=row, animate=False)
            await pilot.pause()
            assert app.selected is not None
            f = fields[app.model.processes[app.selected].company]
            shot = screen_lines(app)
            seen.line(region_lines(shot, table.region), "Interviews table", ("company", f.company), ("role", f.role))
            title = region_lines(shot, widget_region(app, "#timeline-pane"))[0]
            seen.line([title], "Timeline title", ("company", f.company), ("role", f.role))
            timeline = region_lines(shot, widget_region(app, "#timeline"))
            seen.line(timeline, "Timeline interview", ("with", f.contact), ("notes", f.interview_notes))
            seen.line(timeline, "Timeline message", ("with", f.contact), ("text", f.message))

        # Each Today item highlighted: its two lines in the list, and the detail below with the message.
        today = app.query_one("#today", OptionList)
        today.focus()
        await pilot.pause()
        done: set[str] = set()
        thanks: dict[int, Fields] = {}
        items = [i for i in range(today.option_count) if not today.get_option_at_index(i).disabled]
        for index in items:
            action = await arrive(pilot, today, items, index)
            f = fields[action.company]
            done.add(f.company)
            shot = screen_lines(app)
            listed = region_lines(shot, today.region)
            seen.line(listed, "Today list", ("company", f.company), ("role", f.role))
            seen.line(listed, "Today list", ("contact", f.contact))
            detail = region_lines(shot, widget_region(app, "#detail"))
            seen.block(detail, "Today detail on screen", ("company", f.company))
            # The detail scrolls (a long name can fill it): the rest is read from what the widget renders.
            whole = str(app.query_one("#detail-text", Static).render()).splitlines()
            seen.block(whole, "Today detail", ("company", f.company), ("role", f.role))
            seen.block(whole, "Today detail", ("contact", f.contact), ("email", f.email))
            if action.action == "thank_you":
                thanks[index] = f
                assert TEMPLATE_LINE in whole, whole  # the template's own markup, whole and as written
                seen.extra("Today detail message: template")
                seen.block(whole, "Today detail message", ("company", f.company))
        assert done == set(fields) == {f.company for f in thanks.values()}

        # Every form and dialog, opened for each process (from its thank-you item), at a usual size.
        await pilot.resize_terminal(*FORMS_SIZE)
        await settle(pilot)
        for index, f in thanks.items():
            today.focus()
            action = await arrive(pilot, today, items, index)
            await forms_and_dialogs(pilot, seen, f, action.process_id)

        # Stats: every company has an interview, so every one is in the "By company" table.
        await open_screen(pilot, "g", StatsScreen)
        companies = region_lines(screen_lines(app), widget_region(app, "#companies"))
        app.screen.query_one("#companies", DataTable).scroll_end(animate=False)
        await pilot.pause()
        companies += region_lines(screen_lines(app), widget_region(app, "#companies"))
        for f in fields.values():
            seen.line(companies, "Stats by company", ("company", f.company))
        await close_screen(pilot)
        await open_screen(pilot, "question_mark", HelpScreen)
        await close_screen(pilot)

        # The filter with each string as the query: the box shows it, the table keeps what matches.
        for text in strings:
            await pilot.press("slash")
            box = app.query_one("#filter", Input)
            box.value = text
            await pilot.pause()
            seen.line(region_lines(screen_lines(app), box.region), "Filter box", ("query", text))
            matches = [f for f in fields.values() if text.casefold() in f.company.casefold()]
            assert matches
            seen.line(region_lines(screen_lines(app), table.region), "Filtered table", ("company", text))
            await pilot.press("escape")
            await pilot.pause()

        # Export to a file whose name is hostile: the dialog and the notice show it as typed.
        folder = tmp_path / "x [" / "b] $var :smile:"
        folder.mkdir(parents=True)
        target = folder / "agenda.md"  # its path reads "x [/b] $var :smile:/agenda.md"
        await open_screen(pilot, "e", ExportDialog)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert target.exists()
        assert any(str(target) in notice for notice in await toasts(pilot))
        seen.extra("Exported notice: file name")

        assert app.is_running
    assert list(leak.iterdir()) == []

    per_string = Counter(index for index, _ in seen.pairs)
    places = {place for _, place in seen.pairs}
    pairs = len(seen.pairs)
    print(f"\n{len(strings)} hostile strings, {len(places)} places, {pairs} (string, place) pairs shown literally")
    # Every string reached every field-place at least once (the rotation puts each string in each field).
    assert all(per_string[i] == len(places) for i in range(len(strings))), per_string


async def click_every(pilot: Pilot[None], markers: tuple[str, ...], *selectors: str) -> int:
    """Click the middle of each line's first spot showing a marker, within the widgets named; how many clicks."""
    app = pilot.app
    assert isinstance(app, NudgeApp)
    shot = screen_lines(app)
    clicks = 0
    for selector in selectors:
        region = app.screen.query_one(selector).region
        for y, line in enumerate(region_lines(shot, region), start=region.y):
            for marker in markers:
                found = line.find(marker)
                if found < 0:
                    continue
                x = region.x + cell_len(line[:found]) + cell_len(marker) // 2
                await pilot.click(offset=(x, y))
                await pilot.pause()
                clicks += 1
                if not app.is_running:
                    return clicks
    return clicks


@sync
async def test_clicking_action_text_runs_nothing(tmp_path: Path, leak: Path, make_app: MakeApp) -> None:
    shot = f"[@click=app.screenshot('leak.svg','{leak}')]Senior Engineer[/]"
    db = tmp_path / "clicks.db"
    with Repository(db) as repo:
        for company, role, name in (
            ("Acme", shot, "[@click=app.quit]Rita[/]"),
            ("[@click=app.quit]Initech[/]", "[@click=app.quit]Senior[/]", "[link=file:///etc/passwd]Ann[/link]"),
        ):
            pid = repo.add_process(
                Process(company=company, role=role, contacts=(Contact(name=name, role="recruiter"),))
            )
            repo.add_interview(
                pid,
                Interview(kind="recruiter_screen", at=Moment(datetime(2026, 11, 24, 10)), with_=(name,), notes=shot),
            )
    markers = ("Senior", "Initech", "Rita", "Ann", "[@click", "[link")
    app = make_app(db)
    clicks = 0
    async with app.run_test(size=(140, 42), notifications=True, tooltips=True) as pilot:
        await settle(pilot)
        table = app.query_one("#processes", DataTable)
        today = app.query_one("#today", OptionList)
        for row in range(table.row_count):
            table.focus()
            table.move_cursor(row=row, animate=False)
            await pilot.pause()
            clicks += await click_every(pilot, markers, "#processes", "#timeline-pane")
            assert app.is_running, "a click on text ran app.quit"
        items = [i for i in range(today.option_count) if not today.get_option_at_index(i).disabled]
        for index in items:
            today.focus()
            today.highlighted = index
            await pilot.pause()
            # The list is the same each time: its lines once, then the detail of each item.
            clicks += await click_every(pilot, markers, "#today-pane" if index == items[0] else "#detail")
            assert app.is_running, "a click on text ran app.quit"
        for key, kind in (("s", StatusDialog), ("p", ContactForm), ("i", InterviewForm), ("m", MessageForm)):
            await open_screen(pilot, key, kind)
            clicks += await click_every(pilot, markers, "#form")
            assert app.is_running, "a click on text ran app.quit"
            await close_screen(pilot)
        assert app.is_running
    print(f"\n{clicks} clicks on action and link text")
    assert clicks >= 10
    assert list(leak.iterdir()) == [], "a click on text wrote a screenshot"


@sync
async def test_palette_lists_processes_by_name_as_typed(tmp_path: Path, leak: Path, make_app: MakeApp) -> None:
    strings = hostile(leak)[:10]
    db = tmp_path / "palette.db"
    with Repository(db) as repo:
        for k, text in enumerate(strings):
            repo.add_process(Process(company=text, role=f"Role {k}"))
    app = make_app(db)
    async with app.run_test(size=(140, 42), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        palette.query_one(Input).value = "Go to"
        await settle(pilot)
        hits = palette.query_one(OptionList)
        for _ in range(50):  # the search runs in a worker: a few frames
            if hits.option_count >= len(strings):
                break
            await pilot.pause()
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        for k, text in enumerate(strings):
            assert any(f"Go to {clean(text)} · Role {k}" in prompt for prompt in prompts), (text, prompts)
        await click_every(pilot, ("[@click", "[link"), "CommandList")
        assert app.is_running
        # Choosing a hit selects that process.
        hits.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert app.selected is not None and app.model.processes[app.selected].role.startswith("Role")
        assert app.is_running
    assert list(leak.iterdir()) == []
