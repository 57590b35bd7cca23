"""The three panes of the morning view: Interviews, Timeline, Today.

Each pane only displays what it is given (summaries, timeline entries, an
agenda) and reports what the user highlights; none touches the database.
Names, notes and messages are shown through `app.tui.plain`, as typed.

The tables fit their pane: columns are kept by priority (what to do next and
when before the rest), cut with an ellipsis, and worked out again on every
resize, so the main view never scrolls sideways. Label colours come from the
theme in force through `app.tui.palette`, readable on every row background.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from app.domain import ActionKind
from app.exports.common import ACTION_TITLES
from app.overview import Entry, Summary
from app.rules.agenda import Action, Agenda, contact_label, why
from app.rules.ladder import say_date
from app.rules.values import Process, is_open
from app.tui.keys import live
from app.tui.palette import ROLES, Palette
from app.tui.plain import PlainTable, line, plain

if TYPE_CHECKING:
    from app.stats.health import Health

MATCH_STYLE = "bold underline"
"""How the text a search matched is marked in the rows shown: no colour, so it reads in every theme."""
FIRST_ITEMS = 50
"""Actions listed per Today section before a "more" line; enough for a screen and then some."""
SHORT_TITLES = {kind.value: kind.short for kind in ActionKind}
LABEL_CELLS = max(11, *(len(title) + 1 for title in SHORT_TITLES.values()))
"""The first column of a Today item: its word ("Follow up") over its lateness ("5 bd late") or day ("Mon 30 Nov")."""
BOLD = Style(bold=True)
ITALIC = Style(italic=True)
_palettes: dict[str, Palette] = {}
PLAIN = Palette({role: Style() for role in ROLES})
"""Labels without colour: what a highlighted row shows, in the cursor's own foreground."""


def palette_of(widget: Widget) -> Palette:
    """The label colours for the app's theme, worked out once per theme."""
    app = widget.app
    found = _palettes.get(app.theme)
    if found is None:
        found = _palettes[app.theme] = Palette.from_variables(app.get_css_variables())
    return found


@dataclass(frozen=True)
class Column:
    """A table column: the order its cells come in, how much it matters, and how narrow or wide it may be."""

    key: str
    label: str
    priority: int
    """0 is always shown; higher numbers go first when the pane is narrow."""
    least: int
    """The narrowest it is worth showing at: names and notes are cut to it, dates never are."""
    most: int
    """The widest it grows to, so one long note cannot push the others out."""


def fit_columns(columns: Sequence[Column], natural: dict[str, int], width: int, gap: int = 2) -> dict[str, int]:
    """The width of each column that fits in `width` cells, most important first; the rest are left out.

    `natural` is each column's widest cell; `gap` the padding DataTable puts
    around each column. A column takes at least `least` (or its content, if
    narrower); what is left widens them toward their content, most important
    first.
    """
    want = {c.key: max(min(max(natural.get(c.key, 0), len(c.label)), c.most), 1) for c in columns}
    floor = {c.key: min(want[c.key], c.least) for c in columns}
    chosen: list[Column] = []
    used = 0
    for column in sorted(columns, key=lambda c: c.priority):
        need = floor[column.key] + gap
        if used + need <= width:
            chosen.append(column)
            used += need
    widths = {c.key: floor[c.key] for c in chosen}
    spare = width - used
    for column in sorted(chosen, key=lambda c: c.priority):
        grow = min(spare, want[column.key] - widths[column.key])
        widths[column.key] += grow
        spare -= grow
    return {c.key: widths[c.key] for c in columns if c.key in widths}


def fit(text: Text, width: int) -> Text:
    """`text` cut to `width` cells with an ellipsis, at a word's end when one is near."""
    if text.cell_len <= width:
        return text
    if width <= 1:
        return Text("…"[:width])
    room = width - 1
    space = text.plain.rfind(" ", 0, room + 1)
    cut_at = space if space >= max(room * 2 // 3, 1) else room
    shown = text[:cut_at]
    shown.rstrip()
    shown.append("…")
    return shown


def styled(text: str | None, style: Style, *, width: int | None = None) -> Text:
    """User text shown as typed (`plain`) in one of the palette's styles."""
    shown = plain(text, width=width)
    shown.style = style
    return shown


def marked(text: Text, needle: str) -> Text:
    """`text` with every case-insensitive occurrence of `needle` in `MATCH_STYLE` (plain text: nothing is parsed)."""
    needle = needle.strip()
    if not needle:
        return text
    for found in re.finditer(re.escape(needle), text.plain, re.IGNORECASE):
        text.stylize(MATCH_STYLE, found.start(), found.end())
    return text


T = TypeVar("T")

SLICE = 250
"""Rows worked out, or put in the table, per slice of a long fill: a few milliseconds, so a key never waits a frame."""


class FittedTable(Generic[T]):
    """Fills a table with rows cut to the pane's width: the columns by priority, rebuilt when the width changes.

    A long list (thousands of processes) is filled in slices of `SLICE` rows,
    one after each screen refresh, instead of in one go on the main thread:
    filled at once, 4,500 rows held every key for a second. The cells are
    worked out first (the columns' widths depend on every row), while the
    table still shows what it showed; then the rows go in, the first slice at
    once and always as far as the cursor's row, so the cursor never lands on
    row 0 first. A new `fill`, or a new width, starts over; a slice of an older
    fill finds its fill replaced and does nothing.
    """

    def __init__(
        self,
        table: PlainTable,
        columns: Sequence[Column],
        cells: Callable[[T], dict[str, Text]],
        slice_rows: int = SLICE,
    ) -> None:
        self.table = table
        self.columns = tuple(columns)
        self.cells = cells
        self.slice_rows = slice_rows
        self.items: list[tuple[str, T]] = []
        """What the table is to show: (row key, value)."""
        self.rows: list[tuple[str, dict[str, Text]]] = []
        """The cells of the first `len(rows)` items, worked out so far."""
        self._index: dict[str, int] = {}
        self._natural: dict[str, int] = {}
        self._layout: tuple[tuple[str, int], ...] | None = None
        self._width = 0
        self._added = 0
        """Rows in the table under the current layout."""
        self._cursor: str | None = None
        """The row the cursor goes to once it is in the table."""
        self._ready: Callable[[], None] | None = None
        self._run = 0
        """Which fill the scheduled slice belongs to."""

    @property
    def filling(self) -> bool:
        """Whether rows are still to be worked out or put in the table."""
        return len(self.rows) < len(self.items) or (self._layout is not None and self._added < len(self.rows))

    def fill(
        self,
        items: Sequence[tuple[str, T]],
        width: int,
        cursor: str | None,
        ready: Callable[[], None] | None = None,
    ) -> None:
        """Show `items` (row key, value) in `width` cells, the cursor on the row `cursor` where it shows.

        `ready` is called once the table holds its first rows (at once for a short list).
        """
        table = self.table
        if cursor is None and 0 <= table.cursor_row < len(items) and table.row_count == len(items):
            cursor = items[table.cursor_row][0]  # the same number of rows: the cursor keeps its place
        self._run += 1
        self.items = list(items)
        self._index = {key: i for i, (key, _) in enumerate(self.items)}
        self.rows = []
        self._natural = {c.key: 0 for c in self.columns}
        self._layout = None
        self._cursor = cursor
        self._ready = ready
        self._width = width
        self._work_out(self.slice_rows)
        if len(self.rows) < len(self.items):
            self._schedule()
        else:
            self._worked_out()

    def refit(self, width: int, cursor: str | None = None) -> None:
        """Lay the rows out again for a new width (a resize); nothing is redrawn when the columns stay the same."""
        if width <= 0:  # a hidden pane (the compact layout shows one): laid out when it shows
            return
        self._width = width
        if len(self.rows) < len(self.items):  # still working out cells: laid out for this width when done
            return
        if cursor is None:
            cursor = self.cursor_key()
        self._lay_out(cursor)

    def cursor_key(self) -> str | None:
        """The key of the row under the cursor, or the one it is waiting for."""
        table = self.table
        if self._cursor is not None:
            return self._cursor
        if self._layout is not None and 0 <= table.cursor_row < self._added and table.row_count == self._added:
            return self.rows[table.cursor_row][0]
        return None

    def move_to(self, key: str) -> bool:
        """Put the cursor on row `key`, now or once that row is in; False when the table will not show it."""
        at = self._index.get(key)
        if at is None:
            return False
        if self._layout is not None and at < self._added:
            self.table.move_cursor(row=at, animate=False)
            self._cursor = None
        else:
            self._cursor = key
        return True

    def _widths(self) -> dict[str, int]:
        table = self.table
        scrollbar = table.styles.scrollbar_size_vertical
        return fit_columns(self.columns, self._natural, max(self._width - scrollbar, 0), 2 * table.cell_padding)

    def _work_out(self, count: int) -> None:
        """The cells of the next `count` items, and the widest cell of each column so far."""
        natural = self._natural
        start = len(self.rows)
        for key, item in self.items[start : start + count]:
            cells = self.cells(item)
            self.rows.append((key, cells))
            for column, text in cells.items():
                if text.cell_len > natural.get(column, 0):
                    natural[column] = text.cell_len

    def _lay_out(self, cursor: str | None) -> None:
        """Columns for the current width, then the first rows (as far as `cursor`); nothing if they are the same."""
        if self._width <= 0:
            return
        widths = self._widths()
        layout = tuple(widths.items())
        if layout == self._layout:
            return
        self._run += 1
        self._layout = layout
        self._added = 0
        self._cursor = cursor if cursor in self._index else None
        table = self.table
        table.clear(columns=True)
        for column in self.columns:
            if column.key in widths:
                table.add_column(column.label, width=widths[column.key], key=column.key)
        reach = self._index[self._cursor] + 1 if self._cursor is not None else 0
        self._add(max(self.slice_rows, reach + self.slice_rows))

    def _worked_out(self) -> None:
        """Every cell is known: the table is laid out (unless hidden) and the pane hears it is ready."""
        self._lay_out(self._cursor)
        if self._ready is not None:
            ready, self._ready = self._ready, None
            ready()

    def _add(self, count: int) -> None:
        """Put the next `count` rows in the table; the cursor moves to its row once it is in."""
        table, widths = self.table, dict(self._layout or ())
        end = min(self._added + count, len(self.rows))
        for key, cells in self.rows[self._added : end]:
            table.add_row(*(fit(cells[k], w) for k, w in widths.items()), key=key)
        self._added = end
        if self._cursor is not None and self._index[self._cursor] < end:
            table.move_cursor(row=self._index[self._cursor], animate=False)
            self._cursor = None
        if end < len(self.rows):
            self._schedule()
        else:
            self._cursor = None

    def _schedule(self) -> None:
        run = self._run
        self.table.call_after_refresh(self._slice, run)

    def _slice(self, run: int) -> None:
        """One slice of the fill `run` (nothing if a newer fill or layout replaced it)."""
        if run != self._run:
            return
        if len(self.rows) < len(self.items):
            self._work_out(self.slice_rows)
            if len(self.rows) < len(self.items):
                self._schedule()
            else:
                self._worked_out()
            return
        self._add(self.slice_rows)


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


def signal_text(signal: str | None, palette: Palette) -> Text:
    """A coloured signal word, or a muted dash."""
    if not signal:
        return Text("-", style=palette["muted"])
    return Text(signal, style=palette[signal] if signal in ROLES else palette["text"])


def stage_text(row: Summary, palette: Palette) -> Text:
    """The stage of an active process; "offer" in bold (an offer in hand is open, never muted); closed ones muted."""
    if row.status == "active":
        return Text(row.stage, style=palette["text"])
    if row.status == "offer":
        return Text("offer", style=palette["offer"] + BOLD)
    return Text(row.status, style=palette["muted"] + ITALIC)


PROCESS_COLUMNS = (
    Column("company", "Company", 0, 14, 22),
    Column("role", "Role", 3, 18, 28),
    Column("stage", "Stage", 2, 10, 17),
    Column("next", "Next", 1, 9, 9),
    Column("when", "When", 1, 10, 10),
    Column("last", "Last contact", 4, 12, 12),
    Column("signal", "Signal", 5, 8, 8),
)
"""Company, what to do next and when, then the stage come first; role, last contact and signal as width allows."""

TIMELINE_COLUMNS = (
    Column("when", "When", 0, 16, 22),
    Column("what", "What", 0, 10, 22),
    Column("who", "With", 2, 12, 30),
    Column("signal", "Signal", 3, 8, 8),
    Column("text", "Notes", 1, 12, 80),
)
"""When and what first, then the notes; who and the signal as width allows."""


class InterviewsPane(Vertical):
    """Every active process (closed ones behind a toggle), with a filter box."""

    @dataclass
    class Selected(Message):
        """The highlighted process changed."""

        process_id: int | None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search company, role, people, notes, messages (Enter keeps, Esc clears)", id="filter")
        yield PlainTable(id="processes", cursor_type="row", zebra_stripes=True)
        yield Static("", id="processes-empty", classes="empty", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Interviews"
        self._today = date.min
        self._rows: list[Summary] = []
        self._fitted: FittedTable[Summary] = FittedTable(self.query_one(PlainTable), PROCESS_COLUMNS, self._cells)
        self.query_one("#filter").display = False
        self.watch(self.app, "theme", self._restyle, init=False)

    def _cells(self, row: Summary) -> dict[str, Text]:
        palette, today, needle = palette_of(self), self._today, self.query_one("#filter", Input).value
        overdue = row.next_date is not None and row.next_date <= today
        name = palette["text"] + BOLD if is_open(row.status) else palette["muted"]
        return {
            "company": marked(styled(row.company, name), needle),
            "role": marked(styled(row.role, palette["text"]), needle),
            "stage": stage_text(row, palette),
            "last": Text(short_date(row.last_contact, today), style=palette["text"]),
            "next": Text(row.next_action, style=palette["text"] + BOLD if overdue else palette["text"]),
            "when": Text(
                short_date(row.next_date, today), style=palette["late"] + BOLD if overdue else palette["text"]
            ),
            "signal": signal_text(row.signal, palette),
        }

    def show(self, rows: list[Summary], today: date, selected: int | None, *, loading: bool = False) -> None:
        """Fill the table, keeping the selection on the same process where it still shows."""
        self._rows, self._today = rows, today
        table = self.query_one(DataTable)
        empty = self.query_one("#processes-empty", Static)

        def ready() -> None:  # a long list shows once its first rows are in: until then, what was shown
            empty.display = not rows
            table.display = bool(rows)

        self._fitted.fill(
            [(str(r.process_id), r) for r in rows],
            self.size.width,
            str(selected) if selected is not None else None,
            ready,
        )
        if loading:
            empty.update("Loading your search…")
        elif self.query_one("#filter", Input).value.strip():
            empty.update("No process matches the search. Esc clears it.")
        else:
            empty.update(
                line(
                    "No active processes yet.\n\nPress ", (live(self.app).shown("add_process"), "bold"),
                    " to add one (company, role, recruiter),\n", (live(self.app).shown("toggle_closed"), "bold"),
                    " to show closed ones, or try ", ("nudge demo --db demo.db", "bold"), ".",
                )
            )  # fmt: skip
        self.border_subtitle = Text(f"{len(rows)} shown")

    def on_resize(self, event: Resize) -> None:
        self._fitted.refit(self.size.width)

    def _restyle(self) -> None:
        """A new theme: the rows again in its colours."""
        self.show(self._rows, self._today, self.selected_id())

    def selected_id(self) -> int | None:
        """The process under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def select(self, process_id: int) -> None:
        """Move the cursor to a process, if it is shown."""
        self._fitted.move_to(str(process_id))  # filtered out or closed: the cursor stays where it is

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        key = event.row_key.value
        self.post_message(self.Selected(int(key) if key is not None else None))


class TimelinePane(Vertical):
    """Interviews and messages of the selected process, oldest first.

    The table scrolls itself: the pane is not a second Tab stop around it.
    """

    def compose(self) -> ComposeResult:
        yield PlainTable(id="timeline", cursor_type="row", zebra_stripes=True)
        yield Static("", id="timeline-empty", classes="empty", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Timeline"
        self._title: Text | None = None
        self._entries: list[Entry] = []
        self._today = date.min
        self._fitted: FittedTable[Entry] = FittedTable(self.query_one(PlainTable), TIMELINE_COLUMNS, self._cells)
        self.watch(self.app, "theme", self._restyle, init=False)

    def _needle(self) -> str:
        """What the Interviews search box holds: its matches are marked here too (where a note matched)."""
        boxes = self.screen.query("#filter").results(Input)
        return next((box.value for box in boxes), "")

    def _cells(self, entry: Entry) -> dict[str, Text]:
        palette, today, needle = palette_of(self), self._today, self._needle()
        when = say_date(entry.at.day)
        if entry.at.day.year != today.year:
            when += f" {entry.at.day.year}"
        if entry.at.timed:
            when += f" {entry.at.value:%H:%M}"
        what = entry.what + (" (booked)" if entry.upcoming and entry.kind == "interview" else "")
        return {
            "when": Text(when, style=palette["text"]),
            "what": Text(what, style=palette["upcoming"] + ITALIC if entry.upcoming else palette["text"]),
            "who": marked(styled(entry.who, palette["text"]), needle),
            "signal": signal_text(entry.signal, palette),
            "text": marked(styled(entry.text, palette["text"]), needle),
        }

    def show(self, title: Text | str | None, entries: list[Entry], today: date) -> None:
        """Show one process's history (a str `title` is shown as typed); an empty state when there is none."""
        if isinstance(title, str):
            title = plain(title)
        self._title, self._entries, self._today = title, entries, today
        self.border_title = line("Timeline · ", title) if title else Text("Timeline")
        table = self.query_one(DataTable)
        last = f"{entries[-1].kind}:{entries[-1].row_id}" if entries else None
        self._fitted.fill([(f"{e.kind}:{e.row_id}", e) for e in entries], self.size.width, last)
        empty = self.query_one("#timeline-empty", Static)
        table.display = bool(entries)
        empty.display = not entries
        empty.update(
            line(
                "Nothing logged yet for this process.\nPress ", (live(self.app).shown("interview"), "bold"),
                " to log or schedule an interview, ", (live(self.app).shown("message"), "bold"), " for a message.",
            )
            if title
            else Text("Select a process to see its interviews and messages.")
        )  # fmt: skip

    def on_resize(self, event: Resize) -> None:
        self._fitted.refit(self.size.width)

    def _restyle(self) -> None:
        """A new theme: the history again in its colours."""
        self.show(self._title, self._entries, self._today)


class TodayPane(Vertical):
    """What to do today, most urgent first, then the days ahead; the highlighted item's message below."""

    @dataclass
    class Highlighted(Message):
        """The highlighted agenda item changed."""

        action: Action | None

    def compose(self) -> ComposeResult:
        yield Static("", id="today-health", markup=False)
        yield OptionList(id="today")
        with VerticalScroll(id="detail", can_focus=False):  # one Tab stop per pane: a key scrolls it
            yield Static("", id="detail-text", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Today"
        self._items: dict[str, Action] = {}
        self._announced: Action | None = None
        self._agenda: Agenda | None = None
        self._expanded: set[str] = set()
        self._lit: str | None = None
        """The option drawn without label colours because the cursor is on it."""
        self._health: tuple[Health, Process | None, int] | None = None
        self._width = 0
        """The cells each item's line is cut to (0: not laid out yet, nothing cut)."""
        self.watch(self.app, "theme", self._restyle, init=False)

    def _restyle(self) -> None:
        """A new theme: the list, its header and the detail again in its colours."""
        if self._health is not None:
            self.show_health(*self._health)
        if self._agenda is not None:
            self.show(self._agenda, keep=self.current())

    def show_health(self, health: Health, offer: Process | None = None, others: int = 0) -> None:
        """The state of the search in one line above the list; the gentle warning in its own colour.

        While an offer is open and other processes are active, a second line says
        to tell their recruiters: an offer with a date often speeds the others up,
        and it is the courteous thing before one says yes elsewhere.
        """
        from app.stats.health import SHORT_WARNING

        self._health = (health, offer, others)
        palette = palette_of(self)
        text = Text(health.line(), style=palette["muted"])
        if health.warning:
            text.stylize(palette["warning"], len(text) - len(SHORT_WARNING))
        tip = health.warning
        if offer is not None and others:
            processes = f"{others} active process{'es' if others > 1 else ''}"
            text.append("\n")
            text.append_text(
                line(
                    Text("Offer from ", palette["offer"]), styled(offer.company, palette["offer"] + BOLD, width=16),
                    Text(f", due {say_date(offer.deadline)}" if offer.deadline else "", palette["offer"]),
                    Text(f": tell the other {processes}", palette["text"]),
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
        self._width = self._list_width()
        options: list[Option | None] = []
        self._items = {}
        self._lit = None
        today = agenda.date
        palette = palette_of(self)
        heading = palette["heading"] + Style(bold=True, underline=True)
        muted = palette["muted"]

        def add(action: Action) -> None:
            option_id = f"item-{len(self._items)}"
            self._items[option_id] = action
            options.append(Option(self._prompt(action, today, palette), id=option_id))

        def section(name: str, actions: tuple[Action, ...]) -> None:
            shown = actions
            if name not in self._expanded and len(actions) > FIRST_ITEMS:
                wanted = next((i for i, a in enumerate(actions) if keep and _same(a, keep)), 0)
                shown = actions if wanted >= FIRST_ITEMS else actions[:FIRST_ITEMS]
            for action in shown:
                add(action)
            if len(shown) < len(actions):
                more = Text(
                    f"… {len(actions) - len(shown)} more {name}: Enter lists them all", style=palette["text"] + ITALIC
                )
                options.append(Option(more, id=f"more-{name}"))

        if loading:
            options.append(Option(Text("Loading…", style=muted), disabled=True))
        else:
            options.append(Option(Text(f"Due today · {len(agenda.due)}", style=heading), disabled=True))
            if not agenda.due:
                options.append(
                    Option(
                        Text("Nothing due today. Keep options open: add a process with a.", style=muted), disabled=True
                    )
                )
            section("due", agenda.due)
            options.append(None)
            options.append(
                Option(
                    Text(f"Next {agenda.days} business days · {len(agenda.upcoming)}", style=heading),
                    disabled=True,
                )
            )
            if not agenda.upcoming:
                options.append(Option(Text("Nothing scheduled yet.", style=muted), disabled=True))
            section("coming", agenda.upcoming)
        self.border_subtitle = Text(f"{len(agenda.due)} due · {len(agenda.upcoming)} coming")
        option_list = self.query_one(OptionList)
        was = option_list.highlighted
        option_list.set_options(options)
        target = next((oid for oid, a in self._items.items() if keep and _same(a, keep)), None)
        if target is None and keep is not None and was is not None and self._items:
            # The kept item is done (logged, deleted): the nearest one takes its place, and since a
            # redraw is not the user's choice, the process they just changed stays selected.
            at = {oid: option_list.get_option_index(oid) for oid in self._items}
            target = min(at, key=lambda oid: (at[oid] < was, abs(at[oid] - was)))
            self._announced = self._items[target]
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

    def _prompt(self, action: Action, today: date, palette: Palette) -> Text:
        """Two lines cut to the list's width, never wrapped: what to do and for which process; when, and whom.

        The action's word and its lateness (or day) share the first column, so
        the process and the person line up beside them at every width; a long
        role is cut with an ellipsis instead of wrapping onto the next item's
        place. `PLAIN` for the highlighted row.
        """
        text = palette["text"]
        first = Text(style=text)
        first.append(f"{SHORT_TITLES[action.action]:<{LABEL_CELLS}}", style=palette[action.action] + BOLD)
        first.append(plain(action.company, width=24, style="bold"))
        first.append(" · ")
        first.append(plain(action.role, width=40))
        second = Text(style=text)
        if action.due < today:
            late = f"{action.overdue} bd late" if action.overdue else "overdue"
            second.append(f"{late:<{LABEL_CELLS}}", palette["late"] + BOLD)
        elif action.due > today:
            second.append(f"{short_date(action.due, today):<{LABEL_CELLS}}", style=ITALIC)
        else:
            second.append(" " * LABEL_CELLS)
        second.append(styled(contact_label(action.contact), palette["contact" if action.contact else "nobody"]))
        width = self._width
        if width:
            first, second = fit(first, width), fit(second, width)
        return Text("\n", style=text, no_wrap=True).join((first, second))

    def on_resize(self, event: Resize) -> None:
        """Cut the items to the new width (the list never wraps them)."""
        width = self._list_width()
        if width != self._width and self._agenda is not None:
            self._width = width
            self.show(self._agenda, keep=self.current())

    def _list_width(self) -> int:
        """Cells an item's line may take: the list less its option padding and a scrollbar's room (0: not laid out)."""
        option_list = self.query_one(OptionList)
        return max(option_list.size.width - 2 - option_list.styles.scrollbar_size_vertical, 0)

    def _light(self, option_id: str | None) -> None:
        """Draw the highlighted item without label colours (in the cursor's foreground), the one before with them.

        A label colour readable on the pane cannot also be readable on the
        cursor in every theme; the cursor's own foreground always is.
        """
        if option_id == self._lit:
            return
        option_list = self.query_one(OptionList)
        today = self._agenda.date if self._agenda else date.min
        palette = palette_of(self)
        for old_id, prompt_palette in ((self._lit, palette), (option_id, PLAIN)):
            action = self._items.get(old_id or "")
            if action is not None and old_id is not None:
                option_list.replace_option_prompt(old_id, self._prompt(action, today, prompt_palette))
        self._lit = option_id if option_id in self._items else None

    def current(self) -> Action | None:
        """The highlighted agenda item."""
        option_list = self.query_one(OptionList)
        option = option_list.highlighted_option
        return self._items.get(option.id or "") if option is not None else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        action = self._items.get(event.option.id or "")
        self._light(event.option.id)
        self._show_detail(action)
        # A redraw that lands on the same item is not a new choice by the user.
        if action is None or self._announced is None or not _same(action, self._announced):
            self._announced = action
            self.post_message(self.Highlighted(action))

    def _show_detail(self, action: Action | None) -> None:
        detail = self.query_one("#detail-text", Static)
        palette = palette_of(self)
        dim = palette["muted"]
        if action is None:
            detail.update(Text("Nothing selected.", style=dim))
            return
        body = line(f"{ACTION_TITLES[action.action]}: ", plain(action.company), " · ", plain(action.role))
        body.stylize("bold")
        body.style = palette["text"]
        body.append("\nTo: ", style=dim)
        body.append(plain(contact_label(action.contact)))
        if action.contact and action.contact.email:
            body.append_text(line(" <", plain(action.contact.email), ">"))
        body.append("\nWhy: ", style=dim)
        body.append(plain(why(action)))
        if action.message:
            body.append("\n\n")
            body.append(plain(action.message, keep_newlines=True))
            body.append("\n\n")
            keys = live(self.app)
            body.append(keys.shown("done"), style="bold")
            body.append(" done (log it) · ", style=dim)
            body.append(keys.shown("mail"), style="bold")
            body.append(" mail it · ", style=dim)
            body.append(keys.shown("edit_text"), style="bold")
            body.append(" edit it · ", style=dim)
            body.append(keys.shown("copy"), style="bold")
            body.append(" copy the message · ", style=dim)
            body.append(keys.shown("scroll_message"), style="bold")
            body.append(" scroll it", style=dim)
        elif action.action == "decide":
            body.append("\n\n")
            body.append(live(self.app).shown("done"), style="bold")
            body.append(" or ", style=dim)
            body.append(live(self.app).shown("status"), style="bold")
            body.append(" accept or decline (change the status) · keep the others warm until you sign", style=dim)
        else:
            body.append("\n\nGood luck! After the interview, its thank-you note will show up here.", style=dim)
        detail.update(body)
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)


def _same(a: Action, b: Action) -> bool:
    return a.process_id == b.process_id and a.action == b.action and a.key == b.key
