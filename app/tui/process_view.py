"""Everything about one process on one screen, each part of it editable from there.

The view shows what it is given (the process and its next actions) and says
what the user asks for by posting a message the app handles; it never touches
the database. After a save the app hands it the fresh process with `show`.

Left: the process itself (company, role, status, link, the hiring team's
place, the date applied, deadline, wait until, notes) and its people; under
them the next actions with their reasons. Right (below, on a narrow
terminal): the whole timeline, oldest first. Every name, note and message is
shown as typed (app.tui.plain).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message as Notice
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from app.overview import timeline
from app.places import place_label
from app.rules.agenda import Action, contact_label, why
from app.rules.ladder import say_date
from app.rules.values import KIND_LABELS, ROLE_LABELS, Contact, Interview, Message, Process
from app.tui.plain import line, named, plain

Record = Process | Contact | Interview | Message
"""A part of the process view that can be edited or deleted."""

TEXT_SHOWN = 400
"""How much of a message or note the timeline shows; the whole of it is in its edit form."""
ACTION_TITLES = {
    "prepare": "Prepare",
    "decide": "Decide",
    "thank_you": "Thank-you",
    "follow_up": "Follow up",
    "check_in": "Check in",
    "move_on": "Move on?",
}
LABEL_WIDTH = 10
WHEN_WIDTH = 16
"""Room for "Thu 12 Nov 15:00"; a date of another year wraps its time onto the next line."""
SIGNAL_STYLES = {"positive": "green", "negative": "red"}


def applied_on(process: Process) -> date | None:
    """The day the seeker applied: their earliest application message, if one is logged."""
    days = [m.at.day for m in process.messages if m.direction == "out" and m.purpose == "application"]
    return min(days) if days else None


def _day(day: date | None, today: date, none: str = "none") -> str:
    if day is None:
        return none
    said = say_date(day)
    if day.year != today.year:
        said += f" {day.year}"
    return said


def _grid(first: int) -> Table:
    """Two columns, the second wrapping under itself: a label (or a date) and what it says."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=first)
    grid.add_column(ratio=1, overflow="fold")
    return grid


@dataclass(frozen=True)
class _Part:
    """What an option of the view stands for: a record, or a place to add one ("contact"...)."""

    record: Record | None
    add: str = ""


class ProcessView(Screen[None]):
    """One process, whole: enter edits the highlighted part, x deletes it, o opens the link, E edits notes.

    Each request is a message posted to the app (they bubble from the screen):
    `Edit`, `Delete`, `Add`, `OpenLink`, `EditNotes`. Escape closes the view.
    """

    CSS_PATH = "process_view.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "delete", "Delete", id="delete"),
        Binding("o", "open_link", "Open link", id="open_link"),
        Binding("E", "edit_notes", "Notes in editor", id="edit_notes"),
        Binding("escape", "back", "Back", id="back"),
    ]

    class Edit(Notice):
        """Open the record's edit form (`record` is the process itself, a contact, an interview or a message)."""

        def __init__(self, process: Process, record: Record) -> None:
            super().__init__()
            self.process, self.record = process, record

    class Delete(Notice):
        """Ask to delete the record (the app confirms with DeleteDialog, then deletes)."""

        def __init__(self, process: Process, record: Record) -> None:
            super().__init__()
            self.process, self.record = process, record

    class Add(Notice):
        """Open an add form for the process: `kind` is "contact", "interview" or "message"."""

        def __init__(self, process: Process, kind: str) -> None:
            super().__init__()
            self.process, self.kind = process, kind

    class OpenLink(Notice):
        """Open the process's link in the browser."""

        def __init__(self, process: Process, url: str) -> None:
            super().__init__()
            self.process, self.url = process, url

    class EditNotes(Notice):
        """Edit the process's notes in the user's editor."""

        def __init__(self, process: Process) -> None:
            super().__init__()
            self.process = process

    def __init__(self, process: Process, actions: Sequence[Action], today: date) -> None:
        super().__init__()
        self.process, self.actions, self.today = process, tuple(actions), today
        self._parts: dict[str, _Part] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="view-title")
        with Horizontal(id="view-columns"):
            with Vertical(id="view-left"):
                yield OptionList(id="view-about")
                yield Static(id="view-next")
            yield OptionList(id="view-timeline")
        yield Static(
            line(
                ("enter", "bold"), " edit · ", ("x", "bold"), " delete · ", ("o", "bold"), " open link · ",
                ("E", "bold"), " edit notes · ", ("tab", "bold"), " switch · ", ("esc", "bold"), " back",
            ),
            id="view-keys",
        )  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#view-about").border_title = "Process"
        self.query_one("#view-timeline").border_title = "Timeline"
        self.query_one("#view-next").border_title = "Next"
        self._fill()
        self.query_one("#view-about", OptionList).focus()

    def show(self, process: Process, actions: Sequence[Action]) -> None:
        """Show the process as it is now (after a save), keeping the highlighted part where it still is."""
        self.process, self.actions = process, tuple(actions)
        self._fill()

    # What is shown ------------------------------------------------------------

    def _fill(self) -> None:
        p = self.process
        self.query_one("#view-title", Static).update(
            line(named(p), ("  ·  ", "dim"), (str(p.status), "bold"), style="bold")
        )
        self._parts = {}
        about: list[Option | None] = [self._option("process", _Part(p), self._details())]
        about.append(None)
        for i, contact in enumerate(p.contacts):
            about.append(self._option(f"contact-{i}", _Part(contact), self._person(contact)))
        about.append(self._option("add-contact", _Part(None, "contact"), Text("+ add a person", style="italic")))
        self._refill(self.query_one("#view-about", OptionList), about)
        entries: list[Option | None] = [
            self._option(f"{kind}-{n}", _Part(record), self._entry(record))
            for n, (kind, record) in enumerate(self._timeline())
        ]
        entries.append(
            self._option("add-interview", _Part(None, "interview"), Text("+ log an interview", style="italic"))
        )
        entries.append(self._option("add-message", _Part(None, "message"), Text("+ log a message", style="italic")))
        self._refill(self.query_one("#view-timeline", OptionList), entries)
        self.query_one("#view-next", Static).update(self._next())

    def _option(self, key: str, part: _Part, prompt: Text | Table) -> Option:
        self._parts[key] = part
        return Option(prompt, id=key)

    @staticmethod
    def _refill(options: OptionList, items: list[Option | None]) -> None:
        highlighted = options.highlighted_option.id if options.highlighted_option is not None else None
        options.clear_options()
        options.add_options(items)
        ids = [item.id for item in items if item is not None]
        if highlighted in ids:
            options.highlighted = options.get_option_index(highlighted)  # type: ignore[arg-type]
        elif ids:
            options.highlighted = 0

    def _timeline(self) -> list[tuple[str, Interview | Message]]:
        """The process's interviews and messages in the Timeline pane's order (app.overview.timeline)."""
        p = self.process
        pool: dict[tuple[str, int], list[Interview | Message]] = {}
        for interview in p.interviews:
            pool.setdefault(("interview", interview.id), []).append(interview)
        for message in p.messages:
            pool.setdefault(("message", message.id), []).append(message)
        ordered: list[tuple[str, Interview | Message]] = []
        for entry in timeline(p, self.today):
            same = pool.get((entry.kind, entry.row_id))
            if same:
                ordered.append((entry.kind, same.pop(0)))
        return ordered

    def _details(self) -> Table:
        p = self.process
        place = place_label(p.country, p.subdivision) or "your settings' calendar"
        notes = plain(p.notes, keep_newlines=True) if p.notes.strip() else Text("none", style="italic")
        grid = _grid(LABEL_WIDTH)
        for label, value in (
            ("Company", plain(p.company)),
            ("Role", plain(p.role)),
            ("Status", Text(str(p.status))),
            ("Applied", Text(_day(applied_on(p), self.today, "not logged"))),
            ("Link", plain(p.link) if p.link else Text("none (enter to add one)", style="italic")),
            ("Calendar", plain(place)),
            ("Deadline", Text(_day(p.deadline, self.today))),
            ("Wait until", Text(_day(p.wait_until, self.today))),
            ("Notes", notes),
        ):
            grid.add_row(Text(label, style="bold"), value)
        return grid

    @staticmethod
    def _person(contact: Contact) -> Table:
        reach = [plain(v) for v in (contact.email, contact.phone) if v]
        details = Text(" · ", end="").join(reach) if reach else Text("no email or phone", style="italic")
        if contact.direct_ok:
            details.append(" · direct contact is fine", style="italic")
        grid = _grid(LABEL_WIDTH + 4)
        grid.add_row(Text(ROLE_LABELS.get(contact.role, str(contact.role)), style="bold"), plain(contact.name))
        grid.add_row("", details)
        return grid

    def _entry(self, record: Interview | Message) -> Table:
        at = record.at
        when = _day(at.day, self.today) + (f" {at.value:%H:%M}" if at.timed else "")
        if isinstance(record, Interview):
            booked = " (booked)" if at.day >= self.today else ""
            what = Text(KIND_LABELS.get(record.kind, "interview") + booked, style="bold magenta" if booked else "bold")
            head = line(what, line(" with ", plain(", ".join(record.with_))) if record.with_ else "")
            more = record.notes
        else:
            arrow = "→" if record.direction == "out" else "←"
            channel = f" ({plain(record.channel).plain})" if record.channel and record.channel != "email" else ""
            head = Text(f"{arrow} {str(record.purpose).replace('_', '-')}", style="bold", end="")
            head = line(head, channel)
            if record.contact:
                head.append_text(line(" to " if record.direction == "out" else " from ", plain(record.contact)))
            if record.signal:
                head.append(f" · {record.signal}", style=SIGNAL_STYLES.get(record.signal, ""))
            more = record.text
        body = plain(more, keep_newlines=True)
        if len(body) > TEXT_SHOWN:
            body = Text(body.plain[: TEXT_SHOWN - 1] + "…", end="")
        if record.expect_by:
            body.append(f"{chr(10) if body.plain else ''}they'd answer by {say_date(record.expect_by)}", style="italic")
        grid = _grid(WHEN_WIDTH)
        grid.add_row(Text(when), head)
        if body.plain.strip():
            grid.add_row("", body)
        return grid

    def _next(self) -> Text:
        if not self.process.is_open:
            return Text(f"Closed ({self.process.status}): Nudge plans nothing for it.", style="italic")
        if not self.actions:
            return Text("Nothing to do for now.", style="italic")
        parts: list[Text] = []
        for action in sorted(self.actions, key=lambda a: a.due):
            if action.due == self.today:
                due = "due today"
            else:
                due = f"{'due' if action.due > self.today else 'was due'} {_day(action.due, self.today)}"
            parts.append(
                line(
                    (ACTION_TITLES.get(action.action, action.action), "bold"), f" · {due} · ",
                    plain(contact_label(action.contact)), "\n", ("Why: ", "italic"), plain(why(action)),
                )
            )  # fmt: skip
        return Text("\n", end="").join(parts)

    # What the user asks for ---------------------------------------------------

    def highlighted(self) -> _Part | None:
        """The part under the cursor of the focused list (the process itself when nothing is focused)."""
        focused = self.focused
        options = focused if isinstance(focused, OptionList) else self.query_one("#view-about", OptionList)
        option = options.highlighted_option
        return self._parts.get(option.id) if option is not None and option.id is not None else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        part = self._parts.get(event.option.id or "")
        if part is None:
            return
        if part.record is not None:
            self.post_message(self.Edit(self.process, part.record))
        else:
            self.post_message(self.Add(self.process, part.add))

    def action_delete(self) -> None:
        """Ask to delete the highlighted part (the app confirms first)."""
        part = self.highlighted()
        if part is not None and part.record is not None:
            self.post_message(self.Delete(self.process, part.record))

    def action_open_link(self) -> None:
        """Ask to open the process's link; without one, say how to add it."""
        if self.process.link:
            self.post_message(self.OpenLink(self.process, self.process.link))
        else:
            self.notify("No link saved for this process: enter on it to add one.", severity="warning")

    def action_edit_notes(self) -> None:
        """Ask to edit the process's notes in the editor."""
        self.post_message(self.EditNotes(self.process))

    def action_back(self) -> None:
        """Back to where the view was opened from."""
        self.dismiss(None)
