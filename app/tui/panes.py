"""The three panes of the morning view: Interviews, Timeline, Today.

Each pane only displays what it is given (summaries, timeline entries, an
agenda) and reports what the user highlights; none touches the database.
Names, notes and messages are shown through `app.tui.plain`, as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.data_table import RowDoesNotExist
from textual.widgets.option_list import Option

from app.exports.common import ACTION_TITLES
from app.overview import Entry, Summary
from app.rules.agenda import Action, Agenda, contact_label, why
from app.rules.ladder import say_date
from app.rules.values import Process, is_open
from app.tui.plain import PlainTable, line, plain

if TYPE_CHECKING:
    from app.stats.health import Health

FIRST_ITEMS = 50
"""Actions listed per Today section before a "more" line; enough for a screen and then some."""
SIGNAL_STYLES = {"positive": "green", "neutral": "yellow", "negative": "red"}
SHORT_TITLES = {
    "prepare": "Prepare",
    "decide": "Decide",
    "thank_you": "Thank-you",
    "follow_up": "Follow up",
    "check_in": "Check in",
    "move_on": "Move on?",
}
ACTION_STYLES = {
    "prepare": "bold magenta",
    "decide": "bold green",
    "thank_you": "bold cyan",
    "follow_up": "bold blue",
    "check_in": "bold yellow",
    "move_on": "bold red",
}


def short_date(day: date | None, today: date) -> str:
    """ "today", "tomorrow", "Tue 1 Dec"; "-" for none."""
    if day is None:
        return "-"
    if day == today:
        return "today"
    if (day - today).days == 1:
        return "tomorrow"
    if (today - day).days == 1:
        return "yesterday"
    return say_date(day)


def signal_text(signal: str | None) -> Text:
    """A coloured signal word, or a dim dash."""
    if not signal:
        return Text("-", style="dim")
    return Text(signal, style=SIGNAL_STYLES.get(signal, ""))


def stage_text(row: Summary) -> Text:
    """The stage of an active process; "offer" in bold (an offer in hand is open, never dimmed); a closed status dim."""
    if row.status == "active":
        return Text(row.stage)
    if row.status == "offer":
        return Text("offer", style="bold green")
    return Text(row.status, style="dim italic")


class InterviewsPane(Vertical):
    """Every active process (closed ones behind a toggle), with a filter box."""

    @dataclass
    class Selected(Message):
        """The highlighted process changed."""

        process_id: int | None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter by company or role (Enter to keep, Esc to clear)", id="filter")
        yield PlainTable(id="processes", cursor_type="row", zebra_stripes=True)
        yield Static("", id="processes-empty", classes="empty", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Interviews"
        table = self.query_one(DataTable)
        for label, key in (
            ("Company", "company"), ("Role", "role"), ("Stage", "stage"), ("Last contact", "last"),
            ("Next", "next"), ("When", "when"), ("Signal", "signal"),
        ):  # fmt: skip
            table.add_column(label, key=key)
        self.query_one("#filter").display = False

    def show(self, rows: list[Summary], today: date, selected: int | None, *, loading: bool = False) -> None:
        """Fill the table, keeping the selection on the same process where it still shows."""
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            overdue = row.next_date is not None and row.next_date <= today
            table.add_row(
                plain(row.company, width=22, style="bold" if is_open(row.status) else "dim"),
                plain(row.role, width=26),
                stage_text(row),
                short_date(row.last_contact, today),
                Text(row.next_action, style="bold" if overdue else ""),
                Text(short_date(row.next_date, today), style="bold red" if overdue else ""),
                signal_text(row.signal),
                key=str(row.process_id),
            )
        keys = [str(r.process_id) for r in rows]
        if selected is not None and str(selected) in keys:
            table.move_cursor(row=keys.index(str(selected)), animate=False)
        empty = self.query_one("#processes-empty", Static)
        empty.display = not rows
        table.display = bool(rows)
        if loading:
            empty.update("Loading your search…")
        elif self.query_one("#filter", Input).value.strip():
            empty.update("No process matches the filter. Esc clears it.")
        else:
            empty.update(
                line(
                    "No active processes yet.\n\nPress ", ("a", "bold"), " to add one (company, role, recruiter),\n",
                    ("c", "bold"), " to show closed ones, or try ", ("nudge demo --db demo.db", "bold"), ".",
                )
            )  # fmt: skip
        self.border_subtitle = Text(f"{len(rows)} shown")

    def selected_id(self) -> int | None:
        """The process under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def select(self, process_id: int) -> None:
        """Move the cursor to a process, if it is shown."""
        table = self.query_one(DataTable)
        try:
            index = table.get_row_index(str(process_id))
        except RowDoesNotExist:  # filtered out or closed: leave the cursor where it is
            return
        table.move_cursor(row=index, animate=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        key = event.row_key.value
        self.post_message(self.Selected(int(key) if key is not None else None))


class TimelinePane(VerticalScroll):
    """Interviews and messages of the selected process, oldest first."""

    def compose(self) -> ComposeResult:
        yield PlainTable(id="timeline", cursor_type="row", zebra_stripes=True)
        yield Static("", id="timeline-empty", classes="empty", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Timeline"
        table = self.query_one(DataTable)
        for label, key in (
            ("When", "when"),
            ("What", "what"),
            ("With", "who"),
            ("Signal", "signal"),
            ("Notes", "text"),
        ):
            table.add_column(label, key=key)

    def show(self, title: Text | str | None, entries: list[Entry], today: date) -> None:
        """Show one process's history (a str `title` is shown as typed); an empty state when there is none."""
        if isinstance(title, str):
            title = plain(title)
        self.border_title = line("Timeline · ", title) if title else Text("Timeline")
        table = self.query_one(DataTable)
        table.clear()
        for entry in entries:
            when = say_date(entry.at.day)
            if entry.at.day.year != today.year:
                when += f" {entry.at.day.year}"
            if entry.at.timed:
                when += f" {entry.at.value:%H:%M}"
            style = "italic magenta" if entry.upcoming else ""
            what = Text(entry.what + (" (booked)" if entry.upcoming and entry.kind == "interview" else ""), style=style)
            table.add_row(
                when, what, plain(entry.who, width=30), signal_text(entry.signal), plain(entry.text, width=60),
                key=f"{entry.kind}:{entry.row_id}",
            )  # fmt: skip
        if entries:
            table.move_cursor(row=len(entries) - 1, animate=False)
        empty = self.query_one("#timeline-empty", Static)
        table.display = bool(entries)
        empty.display = not entries
        empty.update(
            line(
                "Nothing logged yet for this process.\nPress ", ("i", "bold"),
                " to log or schedule an interview, ", ("m", "bold"), " for a message.",
            )
            if title
            else Text("Select a process to see its interviews and messages.")
        )  # fmt: skip


class TodayPane(Vertical):
    """What to do today, most urgent first, then the days ahead; the highlighted item's message below."""

    @dataclass
    class Highlighted(Message):
        """The highlighted agenda item changed."""

        action: Action | None

    def compose(self) -> ComposeResult:
        yield Static("", id="today-health", markup=False)
        yield OptionList(id="today")
        with VerticalScroll(id="detail"):
            yield Static("", id="detail-text", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Today"
        self._items: dict[str, Action] = {}
        self._announced: Action | None = None
        self._agenda: Agenda | None = None
        self._expanded: set[str] = set()

    def show_health(self, health: Health, offer: Process | None = None, others: int = 0) -> None:
        """The state of the search in one line above the list; the gentle warning in its own colour.

        While an offer is open and other processes are active, a second line says
        to tell their recruiters: an offer with a date often speeds the others up,
        and it is the courteous thing before one says yes elsewhere.
        """
        from app.stats.health import SHORT_WARNING

        text = Text(health.line(), style="dim")
        if health.warning:
            text.stylize("yellow", len(text) - len(SHORT_WARNING))
        tip = health.warning
        if offer is not None and others:
            processes = f"{others} active process{'es' if others > 1 else ''}"
            text.append("\n")
            text.append_text(
                line(
                    ("Offer from ", "green"), plain(offer.company, width=16, style="bold green"),
                    (f", due {say_date(offer.deadline)}" if offer.deadline else "", "green"),
                    f": tell the other {processes}",
                )
            )  # fmt: skip
            tip = (
                f"{tip}\n" if tip else ""
            ) + f"Tell the recruiters of your other {processes} about the offer and its date: it often speeds them up."
        label = self.query_one("#today-health", Static)
        label.update(text)
        label.tooltip = Text(tip) if tip else None

    def show(self, agenda: Agenda, *, loading: bool = False, keep: Action | None = None) -> None:
        """List the agenda; keep the highlight on the same action when it is still there.

        Each section lists its first `FIRST_ITEMS` actions and a "more" line that
        lists the rest when chosen: a coach with a thousand items due sees the
        most urgent at once instead of waiting for every line to be laid out.
        """
        self._agenda = agenda
        options: list[Option | None] = []
        self._items = {}
        today = agenda.date

        def add(action: Action) -> None:
            option_id = f"item-{len(self._items)}"
            self._items[option_id] = action
            options.append(Option(self._prompt(action, today), id=option_id))

        def section(name: str, actions: tuple[Action, ...]) -> None:
            shown = actions
            if name not in self._expanded and len(actions) > FIRST_ITEMS:
                wanted = next((i for i, a in enumerate(actions) if keep and _same(a, keep)), 0)
                shown = actions if wanted >= FIRST_ITEMS else actions[:FIRST_ITEMS]
            for action in shown:
                add(action)
            if len(shown) < len(actions):
                more = Text(f"… {len(actions) - len(shown)} more {name}: Enter lists them all", style="italic")
                options.append(Option(more, id=f"more-{name}"))

        if loading:
            options.append(Option(Text("Loading…", style="dim"), disabled=True))
        else:
            options.append(Option(Text(f"Due today · {len(agenda.due)}", style="bold underline"), disabled=True))
            if not agenda.due:
                options.append(
                    Option(
                        Text("Nothing due today. Keep options open: add a process with a.", style="dim"), disabled=True
                    )
                )
            section("due", agenda.due)
            options.append(None)
            options.append(
                Option(
                    Text(f"Next {agenda.days} business days · {len(agenda.upcoming)}", style="bold underline"),
                    disabled=True,
                )
            )
            if not agenda.upcoming:
                options.append(Option(Text("Nothing scheduled yet.", style="dim"), disabled=True))
            section("coming", agenda.upcoming)
        self.border_subtitle = Text(f"{len(agenda.due)} due · {len(agenda.upcoming)} coming")
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        target = next((oid for oid, a in self._items.items() if keep and _same(a, keep)), None)
        target = target or next(iter(self._items), None)
        if target is not None:
            option_list.highlighted = option_list.get_option_index(target)
        else:
            self._show_detail(None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("more-") and self._agenda is not None:
            event.stop()
            name = option_id.removeprefix("more-")
            self._expanded.add(name)
            actions = self._agenda.due if name == "due" else self._agenda.upcoming
            self.show(self._agenda, keep=actions[FIRST_ITEMS])

    @staticmethod
    def _prompt(action: Action, today: date) -> Text:
        """Two lines: what, for whom and when; then whom to contact."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{SHORT_TITLES[action.action]:<10}", style=ACTION_STYLES[action.action])
        if action.due < today:
            text.append(f"{action.overdue} bd late " if action.overdue else "overdue ", "bold red")
        elif action.due > today:
            text.append(f"{short_date(action.due, today)} ", style="italic")
        text.append(plain(action.company, width=24, style="bold"))
        text.append(" · ")
        text.append(plain(action.role, width=28))
        text.append("\n          ")
        text.append(plain(contact_label(action.contact), style="cyan" if action.contact else "red"))
        return text

    def current(self) -> Action | None:
        """The highlighted agenda item."""
        option_list = self.query_one(OptionList)
        option = option_list.highlighted_option
        return self._items.get(option.id or "") if option is not None else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        action = self._items.get(event.option.id or "")
        self._show_detail(action)
        # A redraw that lands on the same item is not a new choice by the user.
        if action is None or self._announced is None or not _same(action, self._announced):
            self._announced = action
            self.post_message(self.Highlighted(action))

    def _show_detail(self, action: Action | None) -> None:
        detail = self.query_one("#detail-text", Static)
        if action is None:
            detail.update(Text("Nothing selected.", style="dim"))
            return
        body = line(f"{ACTION_TITLES[action.action]}: ", plain(action.company), " · ", plain(action.role))
        body.stylize("bold")
        body.append("\nTo: ", style="dim")
        body.append(plain(contact_label(action.contact)))
        if action.contact and action.contact.email:
            body.append_text(line(" <", plain(action.contact.email), ">"))
        body.append("\nWhy: ", style="dim")
        body.append(plain(why(action)))
        if action.message:
            body.append("\n\n")
            body.append(plain(action.message, keep_newlines=True))
            body.append("\n\n")
            body.append("d", style="bold")
            body.append(" done (log it) · ", style="dim")
            body.append("y", style="bold")
            body.append(" copy the message", style="dim")
        elif action.action == "decide":
            body.append("\n\n")
            body.append("d", style="bold")
            body.append(" or ", style="dim")
            body.append("s", style="bold")
            body.append(" accept or decline (change the status) · keep the others warm until you sign", style="dim")
        else:
            body.append("\n\nGood luck! After the interview, its thank-you note will show up here.", style="dim")
        detail.update(body)
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)


def _same(a: Action, b: Action) -> bool:
    return a.process_id == b.process_id and a.action == b.action and a.key == b.key
