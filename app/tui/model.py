"""What the dashboard shows, computed without Textual: processes, their actions, the agenda.

Actions are computed per process and cached, so logging one message recomputes
one process, not ten thousand. The agenda is then assembled from the cache by
the rules' own `arrange`, so the Today pane and `nudge agenda` cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from app.overview import Summary, summarize
from app.rules.agenda import DEFAULT_HORIZON, Action, Agenda, actions_for, arrange
from app.rules.calendar import BusinessCalendar, CalendarBook
from app.rules.values import Process, Settings, is_open
from app.storage.dbapi import Connection


@dataclass
class DashboardModel:
    """The dashboard's data as of `today`."""

    today: date
    settings: Settings = field(default_factory=Settings)
    templates: Mapping[str, str] = field(default_factory=dict)
    days: int = DEFAULT_HORIZON
    processes: dict[int, Process] = field(default_factory=dict)
    _actions: dict[int, list[Action]] = field(default_factory=dict)
    _book: CalendarBook | None = None
    _places: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)
    """Where each process is (country, subdivision), for a model made by `load_today` without its processes."""
    _version: int | None = None
    """SQLite's `data_version` when `load_today` read the actions (None: it changed while they were read)."""

    @property
    def book(self) -> CalendarBook:
        """Calendars for the current settings, built once."""
        if self._book is None:
            self._book = CalendarBook(self.settings)
        return self._book

    def calendar(self, process_id: int | None) -> BusinessCalendar:
        """The hiring team's calendar of a process (the seeker's own when none is given)."""
        process = self.processes.get(process_id) if process_id is not None else None
        return self.book.for_process(process) if process else self.book.get(None, None)

    @classmethod
    def load(cls, conn: Connection, today: date, settings: Settings, days: int = DEFAULT_HORIZON) -> DashboardModel:
        """The open processes and their actions as of `today`, read in one call, in this process.

        Actions come from the stored agenda (`app.storage.judged`): only the
        processes whose stored actions are missing or no longer hold are judged,
        and what was judged is stored for the next start. Closed processes are
        added later with `put` (they have no actions, and Today does not wait for them).
        """
        from app.storage.judged import read_open
        from app.storage.reader import load_templates

        templates = load_templates(conn)
        reading = read_open(conn, today, settings, templates, with_processes=True)
        model = cls(today, settings, templates, days)
        model.processes = {p.id: p for p in reading.processes or ()}
        model._actions = {j.process_id: j.actions for j in reading.judged}
        return model

    @classmethod
    def load_today(
        cls, conn: Connection, today: date, settings: Settings, days: int = DEFAULT_HORIZON
    ) -> DashboardModel:
        """Only the actions, for painting Today before the processes are read: `agenda()` works, nothing else.

        Reading the stored actions of 3,380 open processes took 0.11-0.28 s on
        the benchmark database, reading the processes themselves 1.1-1.7 s (a
        shared 2-core machine): Today can be on screen before the table. Follow
        with `load` for the whole model.
        """
        from app.storage.judged import read_open
        from app.storage.reader import load_templates

        version = _data_version(conn)
        templates = load_templates(conn)
        reading = read_open(conn, today, settings, templates)
        model = cls(today, settings, templates, days)
        model._actions = {j.process_id: j.actions for j in reading.judged}
        model._places = {j.process_id: (j.country, j.subdivision) for j in reading.judged}
        model._version = version if _data_version(conn) == version else None
        return model

    def load_rest(self, conn: Connection) -> DashboardModel:
        """The whole model, from one `load_today` made: the open processes are read, the actions kept.

        Kept only while no other program wrote since `load_today` read them
        (SQLite's `data_version` is unchanged); else everything is read again
        with `load`. So Today's actions are read once per start, not twice.
        """
        from app.storage.connection import read_transaction
        from app.storage.reader import load_processes

        if self._version is not None:
            with read_transaction(conn):
                processes = load_processes(conn, open_only=True)
                unchanged = _data_version(conn) == self._version
            if unchanged and {p.id for p in processes} == self._actions.keys():
                model = DashboardModel(self.today, self.settings, self.templates, self.days, _book=self._book)
                model.processes = {p.id: p for p in processes}
                model._actions = {p.id: self._actions[p.id] for p in processes}
                return model
        return DashboardModel.load(conn, self.today, self.settings, self.days)

    def replace_all(self, processes: Iterable[Process], settings: Settings, templates: Mapping[str, str]) -> None:
        """Start over with freshly loaded data."""
        self.settings, self.templates, self._book = settings, templates, None
        self.processes = {}
        self._actions = {}
        self.put(processes)

    def put(self, processes: Iterable[Process]) -> None:
        """Add or refresh processes, recomputing only their actions."""
        for process in processes:
            self.processes[process.id] = process
            self._actions[process.id] = actions_for(
                process, self.today, self.book.for_process(process), self.settings, self.templates
            )

    def drop(self, process_id: int) -> None:
        """Forget a process that no longer exists."""
        self.processes.pop(process_id, None)
        self._actions.pop(process_id, None)

    def actions(self, process_id: int) -> list[Action]:
        """Every pending action of one process."""
        return self._actions.get(process_id, [])

    def agenda(self) -> Agenda:
        """Due and upcoming actions, in the rules' order."""
        return arrange(
            ((self._calendar_of(pid), acts) for pid, acts in self._actions.items() if acts), self.today, self.days
        )

    def _calendar_of(self, process_id: int) -> BusinessCalendar:
        process = self.processes.get(process_id)
        if process is not None:
            return self.book.for_process(process)
        return self.book.get(*self._places.get(process_id, (None, None)))

    def summaries(self, *, show_closed: bool = False, text: str = "") -> list[Summary]:
        """Rows for the Interviews pane: what needs doing soonest first, then by company."""
        needle = text.casefold().strip()
        rows = [
            _waiting(p, summarize(p, self._actions.get(pid, []), self.today), self.today)
            for pid, p in self.processes.items()
            if (show_closed or p.is_open) and (not needle or matches(p, needle))
        ]
        far = date.max
        rows.sort(key=lambda s: (not is_open(s.status), s.next_date or far, s.company.casefold(), s.role.casefold()))
        return rows


def _data_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def searched_text(process: Process) -> Iterator[str]:
    """Everything the user typed about a process, as `/` searches it: names, emails, notes, messages."""
    yield process.company
    yield process.role
    yield process.notes
    for contact in process.contacts:
        yield contact.name
        yield contact.email or ""
    for interview in process.interviews:
        yield interview.notes
    for message in process.messages:
        yield message.text


def matches(process: Process, needle: str) -> bool:
    """Whether `needle` (already casefolded) is in any of the process's searched text, ignoring case."""
    return any(needle in text.casefold() for text in searched_text(process) if text)


LADDER_LABELS = frozenset({"follow up", "check in", "move on?", "wait"})
"""Next actions the seeker's own "wait until" holds back (a booked interview or an offer's decision it does not)."""


def _waiting(process: Process, row: Summary, today: date) -> Summary:
    """While the seeker waits by choice, the row says "wait" and the day, not the follow-up it holds back."""
    if process.status != "active" or process.wait_until is None or process.wait_until <= today:
        return row
    if row.next_action not in LADDER_LABELS:
        return row
    return replace(row, next_action="wait", next_date=process.wait_until)
