"""The Nudge dashboard: Interviews, Timeline and Today on one screen, driven from the keyboard.

The app is given its repository and its date, so tests build it on a temporary
database at a fixed day. Database work runs in thread workers under one lock;
the UI only ever sees plain values. Every change is saved at once and can be
undone with `u`; changes made elsewhere (another window, `nudge import`) are
noticed through SQLite's `data_version` and reloaded, keeping the selection.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Input, OptionList
from textual.worker import WorkerFailed, get_current_worker

from app.errors import DAMAGE_ADVICE, BadInput, NudgeError
from app.exports.common import clean
from app.overview import timeline
from app.rules.agenda import Action, Agenda
from app.rules.ladder import say_date
from app.rules.values import Contact, Message, Process, Settings, is_open
from app.rules.warnings import logging_warnings
from app.storage.failures import is_storage_failure, reason
from app.storage.records import ContactRef, InterviewRef, MessageRef, ProcessRef
from app.storage.repository import Repository
from app.tui.commands import NudgeCommands
from app.tui.model import DashboardModel
from app.tui.panes import InterviewsPane, TimelinePane, TodayPane
from app.tui.plain import named

if TYPE_CHECKING:
    from app.config import Effective
    from app.tui.dialogs import ExportChoice
    from app.tui.forms import DayChoice, FormScreen, MessageDraft, NewInterview, NewProcess
    from app.tui.preload import Preload

T = TypeVar("T")

Undo = Callable[[Repository], bool]
"""Reverses one change; runs in a worker with the database lock held.

It names the records by what they are (`app.storage.records`), not by bare
row ids, and returns False when they are no longer there as they were.
"""

CHANGED_ELSEWHERE = "Undo history cleared: the database was changed elsewhere."
NOT_SAVED_ELSEWHERE = "The database was changed elsewhere; it has been reloaded. Please try again."
READ_ADVICE = f"Nudge keeps trying every few seconds. {DAMAGE_ADVICE}"
"""What to do when the dashboard cannot read its database."""


@dataclass(frozen=True)
class Done:
    """A change that was saved: what to say, and how to take it back."""

    what: str
    undo: Undo
    process_id: int | None = None
    """The process the change touched, when the caller could not know it (a new one)."""


def _ref(process: Process) -> ProcessRef:
    """What a process is, for undo: its id together with its company and role."""
    return ProcessRef(process.id, process.company, process.role)


def _put_back(repo: Repository, ref: ProcessRef, **dates: date | None) -> bool:
    """Undo a date change (deadline, wait until), only while the process under that id is still `ref`."""
    now = repo.process(ref.id)
    if now is None or (now.company, now.role) != (ref.company, ref.role):
        return False
    repo.update_process(ref.id, **dates)
    return True


@dataclass(frozen=True)
class Saved:
    """What a save worker hands back to the app's thread."""

    done: Done
    process_id: int | None
    fresh: Process | None
    """The touched process as stored now (None: it is gone)."""
    version: int
    """`data_version` right after the write."""
    elsewhere: bool
    """Another program changed the database since the dashboard last looked."""


class NudgeApp(App[None]):
    """The full-screen morning view."""

    CSS_PATH = "app.tcss"
    TITLE = "Nudge"
    COMMANDS = App.COMMANDS | {NudgeCommands}
    # Each binding's id is the name `[dashboard.keys]` in the config file uses to remap it.
    BINDINGS = [
        Binding("a", "add_process", "Add", tooltip="Add a process: company, role, first contact", id="add_process"),
        Binding(
            "i", "interview", "Interview", tooltip="Log or schedule an interview for the selected process",
            id="log_interview",
        ),
        Binding(
            "m", "message", "Message", tooltip="Log a message in or out for the selected process", id="log_message"
        ),
        Binding("d", "done", "Done", tooltip="Log the selected Today item as done", id="draft"),
        Binding("s", "status", "Status", tooltip="Change the selected process's status", id="status"),
        Binding("p", "contact", "Person", tooltip="Add a contact to the selected process", id="add_contact"),
        # Not in the footer (no room at 140 columns): the help screen and the palette list it.
        Binding(
            "W", "wait", "Wait", tooltip="Wait until a day (or clear it) for the selected process", id="wait",
            show=False,
        ),
        # Not in the footer (it would push Quit off at 140 columns): the Today detail says "y copy".
        Binding("y", "copy", "Copy", tooltip="Copy the suggested message to the clipboard", id="copy", show=False),
        Binding("e", "export", "Export", tooltip="Export the agenda to a file", id="export"),
        Binding("u", "undo", "Undo", tooltip="Undo the last change", id="undo"),
        Binding("slash", "filter", "Filter", tooltip="Filter processes by company or role", id="search"),
        Binding("c", "toggle_closed", "Closed", tooltip="Show or hide closed processes", id="closed"),
        Binding("g", "stats", "Stats", tooltip="How the search is going: funnel, waiting times, activity", id="stats"),
        Binding("question_mark", "help", "Help", tooltip="Keys and how Nudge decides", id="help"),
        Binding("q", "quit", "Quit", tooltip="Quit (everything is already saved)", id="quit"),
    ]  # fmt: skip

    show_closed: reactive[bool] = reactive(False)
    """Whether closed processes (offer, rejected, ghosted...) are listed too."""
    selected: reactive[int | None] = reactive(None)
    """The process the Timeline shows and i/m/s/p act on."""

    def __init__(
        self,
        repo: Repository,
        today: date,
        *,
        clock: Callable[[], datetime] | None = None,
        export_dir: Path | None = None,
        prefs: Effective | None = None,
        preload: Preload | None = None,
    ) -> None:
        super().__init__()
        self.repo = repo
        self.today = today
        self.clock = clock
        self.prefs = prefs
        self._preload = preload
        self._themed = False
        """The configuration in force (None in tests: built-in defaults, nothing saved to a config file)."""
        self.export_dir = export_dir or (prefs.export_folder if prefs else None)
        self.model = DashboardModel(today)
        self.loaded = False
        self._lock = threading.Lock()
        self._undo: list[Done] = []
        self._data_version: int | None = None
        self.unreadable: str | None = None
        """Why the last load failed (None: it did not); polling keeps retrying."""
        self.stopped_on: str | None = None
        """The one line said on exit when the dashboard stopped on an unexpected error."""
        self.sub_title = f"{say_date(today)} {today.year} · {repo.path.name}"
        self._asking: FormScreen[object] | None = None
        """The form whose answer is being handled: a save started now reports back to it (see `ask`)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A notice shown exactly as written: never read as markup, control characters dropped.

        Notices quote what the user typed ("Added Acme [/b] · Dev"), so `markup`
        is ignored: Textual's widgets pass markup=True on their own, and a
        company name must neither crash the toast nor become a click action.
        """
        super().notify(
            clean(message, keep_newlines=True), title=clean(title), severity=severity, timeout=timeout, markup=False
        )

    # Layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="✉")
        with Vertical(id="main"):
            yield InterviewsPane(id="interviews")
            with Horizontal(id="bottom"):
                yield TimelinePane(id="timeline-pane")
                yield TodayPane(id="today-pane")
        yield Footer()

    def on_mount(self) -> None:
        if self.prefs is not None:
            self.theme = self.prefs.theme
            self._themed = True
            self.set_keymap(dict(self.prefs.keys))
            self.model.days = self.prefs.days
        self.query_one("#today", OptionList).focus()
        self.query_one(InterviewsPane).show([], self.today, None, loading=True)
        self.query_one(TodayPane).show(self.model.agenda(), loading=True)
        self.query_one(TimelinePane).show(None, [], self.today)
        self.load()
        self.set_interval(2.0, self.poll)

    # Stopping on a bug -------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Note which error stopped the dashboard: only its type is ever said (see `_fatal_error`)."""
        inner = error.error if isinstance(error, WorkerFailed) else error
        self.stopped_on = (
            f"the dashboard stopped on an unexpected error ({type(inner).__name__}); "
            "everything saved before it is kept (set NUDGE_DEBUG=1 for details)"
        )
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Leave with status 1 and one line, not Textual's traceback.

        That traceback shows the local variables of every frame (a Process, a
        message's text, SQL parameters) on the terminal; NUDGE_DEBUG brings it back.
        """
        if os.environ.get("NUDGE_DEBUG"):
            super()._fatal_error()
            return
        self.bell()
        self.stopped_on = self.stopped_on or "the dashboard stopped on an unexpected error"
        self.exit(return_code=1)  # run_dashboard says `stopped_on`, once the terminal is restored

    # Loading ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Read and work out everything in the background; the frame is already on screen.

        Today needs only the active processes, so they are read, run through the
        rules and shown first; the closed ones are read once that is on screen,
        so they never hold up (or compete with) the first useful paint.
        """
        early, self._preload = self._preload, None
        if early is not None and self.prefs is not None and self._take_preload(early, self.prefs.settings):
            return
        try:
            with self._lock:
                settings, templates = self._settings(), self.repo.templates()
                active = self.repo.processes(open_only=True)
                version = self._read_version()
        except Exception as exc:
            if not is_storage_failure(exc):
                raise
            self._read_failed(exc)
            return
        model = DashboardModel(self.today)
        model.replace_all(active, settings, templates)
        if not get_current_worker().is_cancelled:  # a newer load is under way: its data is fresher
            self.call_from_thread(self._loaded, model, version)

    def _read_failed(self, exc: BaseException) -> None:
        """Say why the database cannot be read and what to do (from a worker); the next poll retries."""
        why = reason(exc)
        with self._lock:
            try:
                self._data_version = self._read_version()
            except Exception as again:
                if not is_storage_failure(again):
                    raise
                self._data_version = None
        self.call_from_thread(self._show_unreadable, why)

    def _show_unreadable(self, why: str) -> None:
        if why != self.unreadable:
            self.notify(f"{why}. {READ_ADVICE}", title="Cannot read the database", severity="error", timeout=30)
        self.unreadable = why

    def _take_preload(self, early: Preload, settings: Settings) -> bool:
        """Show what the preload child worked out; False when it failed and the usual load must run."""
        agenda = early.agenda()
        if agenda is None:
            return False
        self.call_from_thread(self._show_today_first, agenda)
        loaded = early.loaded()
        early.close()
        if loaded is None:
            return False
        model = DashboardModel(self.today)
        model.adopt(loaded.processes, loaded.actions, settings, loaded.templates)
        self.call_from_thread(self._loaded, model, early.version, today_shown=True)
        return True

    @work(thread=True, exclusive=True, group="load-closed")
    def load_closed(self) -> None:
        """The closed processes, after the active ones are on screen; then today's copy."""
        try:
            with self._lock:
                closed = self.repo.processes(closed_only=True)
        except Exception as exc:
            if not is_storage_failure(exc):
                raise
            self._read_failed(exc)
            return
        if get_current_worker().is_cancelled:
            return
        self.call_from_thread(self._loaded_closed, closed)
        self._warm_writer()
        self._keep_daily_copy()

    def _settings(self) -> Settings:
        """The database's settings once saved; the config file's until then (see app.config)."""
        stored = self.repo.settings()
        if self.prefs is None:
            return stored
        from app.config import effective_settings

        return effective_settings(self.prefs.config, stored, saved=self.repo.settings_saved())[0]

    def watch_theme(self, theme: str) -> None:
        """Remember a theme picked from the command palette in the config file."""
        # Not compared with the theme at start: after one change the file no longer holds it (nord -> gruvbox ->
        # nord left gruvbox). save_preference writes nothing when the file already says `theme`.
        if self.prefs is None or not self._themed:
            return
        from app.config import save_preference

        try:
            save_preference(self.prefs.config.path, "dashboard", "theme", theme)
        except NudgeError as exc:
            self.notify(f"Theme not saved: {exc}", severity="warning")

    def _keep_daily_copy(self) -> None:
        """Today's automatic copy of the database, taken once the data is on screen."""
        from app.storage.backups import DEFAULT_KEEP, daily_backup

        try:
            with self._lock:
                keep = self.prefs.backup_keep if self.prefs else DEFAULT_KEEP
                # Named by the real day, not by --date: planning ahead must not date a copy in the future.
                day = self.clock().date() if self.clock else self.today
                daily_backup(self.repo.conn, self.repo.path, day, keep)
        except NudgeError as exc:
            self.call_from_thread(self.notify, f"No daily copy today: {exc}", severity="warning")

    def _warm_writer(self) -> None:
        """Import the write path now, so the first save does not pause for it."""
        import app.storage.writer  # noqa: F401

    def _read_version(self) -> int:
        return int(self.repo.conn.execute("PRAGMA data_version").fetchone()[0])

    def _show_today_first(self, agenda: Agenda) -> None:
        """Today before anything else (on the app's thread: workers must not touch widgets)."""
        self.query_one(TodayPane).show(agenda)

    def _loaded(self, model: DashboardModel, version: int, *, today_shown: bool = False) -> None:
        first_load = not self.loaded
        model.days = self.model.days
        self.model = model
        self._data_version = version
        self.loaded = True
        if self.unreadable is not None:
            self.unreadable = None
            self.notify("The database can be read again.", title="Reloaded")
        if first_load:
            # Today first (unless the preload child's agenda is already up), the table on the next frame.
            if not today_shown:
                self._show_today_first(model.agenda())
            self.call_after_refresh(self.refresh_views)
        else:
            self.refresh_views()
        self.call_after_refresh(self.load_closed)

    def _loaded_closed(self, closed: list[Process]) -> None:
        self.model.put(closed)
        self._show_health()  # an offer in hand (a closed process) quiets the warning
        if self.show_closed:
            self.refresh_views()

    @work(thread=True, exclusive=True, group="poll")
    def poll(self) -> None:
        """Reload when another program changed the database (or retry one that could not be read)."""
        if not (self.loaded or self.unreadable) or not self._lock.acquire(blocking=False):
            return
        try:
            changed = self._read_version() != self._data_version
        except Exception as exc:
            if not is_storage_failure(exc):
                raise
            self.call_from_thread(self._show_unreadable, reason(exc))
            return
        finally:
            self._lock.release()
        if changed or self.unreadable:
            self.call_from_thread(self._changed_elsewhere)

    def _changed_elsewhere(self) -> None:
        """Another program wrote: what the undo history would take back may no longer be ours to take."""
        if self._undo:
            self._undo.clear()
            self.notify(CHANGED_ELSEWHERE, title="Changed elsewhere", timeout=6)
        self.load()

    # Showing ----------------------------------------------------------------

    def refresh_views(self) -> None:
        """Redraw all three panes from the model, keeping the selections."""
        interviews = self.query_one(InterviewsPane)
        filter_text = self.query_one("#filter", Input).value
        rows = self.model.summaries(show_closed=self.show_closed, text=filter_text)
        today_pane = self.query_one(TodayPane)
        keep = today_pane.current()
        interviews.show(rows, self.today, self.selected)
        today_pane.show(self.model.agenda(), keep=keep)
        self._show_health()
        if self.selected not in self.model.processes:
            first = today_pane.current()
            self.selected = first.process_id if first else (rows[0].process_id if rows else None)
        self._show_timeline()

    def _show_health(self) -> None:
        from app.stats import pipeline_health

        processes = self.model.processes.values()
        offers = sorted((p for p in processes if p.status == "offer"), key=lambda p: p.deadline or date.max)
        others = sum(p.status == "active" for p in processes)
        self.query_one(TodayPane).show_health(
            pipeline_health(processes, self.today), offers[0] if offers else None, others
        )

    def _show_timeline(self) -> None:
        process = self.model.processes.get(self.selected) if self.selected is not None else None
        pane = self.query_one(TimelinePane)
        if process is None:
            pane.show(None, [], self.today)
        else:
            pane.show(named(process, width=40), timeline(process, self.today), self.today)

    def watch_selected(self, selected: int | None) -> None:
        if selected is not None:
            self.query_one(InterviewsPane).select(selected)
        self._show_timeline()

    def watch_show_closed(self) -> None:
        if self.loaded:
            self.refresh_views()

    @on(InterviewsPane.Selected)
    def _process_highlighted(self, event: InterviewsPane.Selected) -> None:
        # Only the user's own moves select; redraws move cursors too. A redraw clears the
        # table (cursor to row 0) and moves the cursor back: the event for row 0 arrives
        # after the cursor already left it. Taking such a stale event as a choice moved the
        # cursor again, whose own event was stale by then: two rows took turns for ever.
        if event.process_id is None or not self.query_one("#processes", DataTable).has_focus:
            return
        if event.process_id == self.query_one(InterviewsPane).selected_id():
            self.selected = event.process_id

    @on(TodayPane.Highlighted)
    def _item_highlighted(self, event: TodayPane.Highlighted) -> None:
        if event.action is not None and (self.query_one("#today", OptionList).has_focus or self.selected is None):
            self.selected = event.action.process_id

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refresh_views()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#processes", DataTable).focus()

    def on_key(self, event: object) -> None:
        from textual.events import Key

        if isinstance(event, Key) and event.key == "escape":
            box = self.query_one("#filter", Input)
            if box.has_focus or (box.display and box.value):
                box.value = ""
                box.display = False
                self.query_one("#processes", DataTable).focus()
                event.stop()

    # Changing ---------------------------------------------------------------

    def ask(self, screen: ModalScreen[T], then: Callable[[T], None]) -> None:
        """Open a form or dialog; run `then` with its answer unless it was cancelled.

        A form stays open while `then` saves: a save that fails keeps it on
        screen with what was typed and the reason (`FormScreen.failed`); one
        that works closes it. A form whose answer saves nothing closes at once.
        """
        from app.tui.forms import FormScreen

        def answered(result: T | None) -> None:
            if result is not None:
                then(result)

        if isinstance(screen, FormScreen):
            form: FormScreen[T] = screen

            def submitted(result: T) -> None:
                self._asking = form  # type: ignore[assignment]
                try:
                    then(result)
                finally:
                    unsaved, self._asking = self._asking is form, None
                if unsaved:  # nothing to save (an export, a cancelled follow-up question): done
                    form.saved()

            form.submit = submitted
        self.push_screen(screen, answered)

    def current_process(self) -> Process | None:
        """The selected process, or None with a hint to the user."""
        process = self.model.processes.get(self.selected) if self.selected is not None else None
        if process is None:
            self.notify("Select a process first, or add one with a.", severity="warning")
        return process

    def save(
        self,
        do: Callable[[Repository], Done],
        process_id: int | None,
        warnings: list[str] | None = None,
        then: Callable[[], None] | None = None,
    ) -> None:
        """Run a change in a worker, then refresh what it touched and say what happened.

        Started from a form's answer (`ask`), the form hears how it went: it
        closes when saved and keeps what was typed with the reason when not.
        """
        form, self._asking = self._asking, None
        self._save(do, process_id, warnings or [], then, form)

    @work(thread=True, group="write")
    def _save(
        self,
        do: Callable[[Repository], Done],
        process_id: int | None,
        warnings: list[str],
        then: Callable[[], None] | None,
        form: FormScreen[object] | None = None,
    ) -> None:
        # Any failure of the database or its file (read-only, disk full, a process deleted by a
        # restore while its form was open) is said in one line without stored values; the
        # dashboard stays up. Anything else is a bug, and stops it (see _handle_exception).
        with self._lock:
            try:
                before = self._read_version()
                if process_id is not None and self._data_version is not None and before != self._data_version:
                    # The change names a process by its id, and a restore or an import since the
                    # last poll may have put another process under that id: write nothing.
                    self.call_from_thread(self._not_saved, NOT_SAVED_ELSEWHERE, True, form)
                    return
                done = do(self.repo)
            except Exception as exc:
                if not is_storage_failure(exc):
                    raise
                self.call_from_thread(self._not_saved, reason(exc), not isinstance(exc, BadInput), form)
                return
            if done.process_id is not None:
                process_id = done.process_id
            try:
                fresh = self.repo.process(process_id) if process_id is not None else None
                version: int | None = self._read_version()
            except Exception as exc:  # saved, but cannot be read back: the reload says why
                if not is_storage_failure(exc):
                    raise
                process_id, fresh, version = None, None, None
        elsewhere = self._data_version is not None and before != self._data_version
        saved = Saved(done, process_id, fresh, version if version is not None else before, elsewhere)
        self.call_from_thread(self._saved, saved, warnings, then, version is None, form)

    def _not_saved(self, why: str, reload: bool, form: FormScreen[object] | None = None) -> None:
        if form is not None:
            if why == NOT_SAVED_ELSEWHERE:
                # The form names a process by its id, which may now be another one: typed again, on fresh data.
                form.saved()
            else:
                form.failed(why)
        self.notify(why, title="Not saved", severity="error", timeout=10)
        if reload:  # the database itself failed or changed: show what it holds now
            self._changed_elsewhere() if why == NOT_SAVED_ELSEWHERE else self.load()

    def _saved(
        self,
        saved: Saved,
        warnings: list[str],
        then: Callable[[], None] | None,
        reload: bool = False,
        form: FormScreen[object] | None = None,
    ) -> None:
        if form is not None:
            form.saved()
        done, process_id, fresh = saved.done, saved.process_id, saved.fresh
        if saved.elsewhere:
            # Another program wrote before this change: older entries may name records it replaced.
            if self._undo:
                self.notify(CHANGED_ELSEWHERE, title="Changed elsewhere", timeout=6)
            self._undo.clear()
            reload = True
        self._undo.append(done)
        self._data_version = saved.version
        if process_id is not None:
            if fresh is None:
                self.model.drop(process_id)
            else:
                self.model.put([fresh])
                self.selected = process_id
        self.refresh_views()
        if reload:
            self.load()
        self.notify(f"{done.what}. (u undoes)", title="Saved")
        for warning in warnings:
            self.notify(warning, title="Heads-up", severity="warning", timeout=10)
        if then is not None:
            then()

    def action_add_process(self) -> None:
        """Open the add-process form."""
        from app.tui.forms import ProcessForm

        def saved(result: NewProcess) -> None:
            process = result.process

            def do(repo: Repository) -> Done:
                ref = ProcessRef(repo.add_process(process), process.company, process.role)
                return Done(f"Added {process.company} · {process.role}", lambda r: r.remove(ref), ref.id)

            self.save(do, None)

        self.ask(ProcessForm(), saved)

    def action_contact(self) -> None:
        """Add a person to the selected process."""
        from app.tui.forms import ContactForm

        process = self.current_process()
        if process is None:
            return

        def saved(contact: Contact) -> None:
            def do(repo: Repository) -> Done:
                ref = ContactRef(_ref(process), repo.add_contact(process.id, contact), contact.name)
                return Done(f"Added {contact.name} to {process.company}", lambda r: r.remove(ref))

            self.save(do, process.id)

        self.ask(ContactForm(process), saved)

    def action_interview(self) -> None:
        """Log or schedule an interview for the selected process."""
        from app.tui.forms import InterviewForm

        process = self.current_process()
        if process is None:
            return

        def saved(result: NewInterview) -> None:
            def do(repo: Repository) -> Done:
                owner = _ref(process)
                added = [ContactRef(owner, repo.add_contact(process.id, c), c.name) for c in result.new_contacts]
                interview = result.interview
                ref = InterviewRef(owner, repo.add_interview(process.id, interview), interview.kind, interview.at.iso())

                def undo(r: Repository) -> bool:
                    found = r.remove(ref)
                    for contact in added:
                        found = r.remove(contact) and found
                    return found

                when = say_date(result.interview.at.day)
                verb = "Booked" if result.interview.at.day >= self.today else "Logged"
                return Done(f"{verb} {result.interview.label} on {when} with {process.company}", undo)

            self.save(do, process.id)

        self.ask(InterviewForm(process, self.today, self.model.calendar(process.id)), saved)

    def action_message(self, draft: MessageDraft | None = None, then: Callable[[], None] | None = None) -> None:
        """Log a message in or out for the selected process."""
        process = self.current_process()
        if process is None:
            return
        self._open_message_form(process, draft, then)

    def _open_message_form(
        self, process: Process, draft: MessageDraft | None, then: Callable[[], None] | None = None
    ) -> None:
        from app.tui.forms import MessageForm

        cal = self.model.calendar(process.id)
        now = self.clock() if self.clock else None

        def saved(message: Message) -> None:
            warnings = logging_warnings(process, message, cal, self.model.settings.timing)

            def do(repo: Repository) -> Done:
                mid = repo.add_message(process.id, message)
                ref = MessageRef(
                    _ref(process), mid, message.at.iso(), message.direction, message.contact, message.purpose
                )
                arrow = "to" if message.direction == "out" else "from"
                who = f" {arrow} {message.contact}" if message.contact else ""
                purpose = message.purpose.replace("_", "-")
                return Done(f"Logged {purpose}{who} ({process.company})", lambda r: r.remove(ref))

            self.save(do, process.id, warnings, then)

        self.ask(MessageForm(process, self.today, cal, draft, now), saved)

    def action_done(self) -> None:
        """Log the highlighted Today item: the matching message, or closing the process."""
        from app.tui.dialogs import MoveOnDialog
        from app.tui.forms import MessageDraft

        action = self.query_one(TodayPane).current()
        if action is None:
            self.notify("Pick an item in the Today pane first.", severity="warning")
            return
        process = self.model.processes.get(action.process_id)
        if process is None:
            return
        self.selected = process.id
        if action.action == "prepare":
            self.notify(
                "Nothing to log for preparing. After the interview, its thank-you shows up here.",
                title="Prepare",
            )
            return
        if action.action == "decide":  # accepting or declining is a status: the dialog, with the offer picked
            self._choose_status(process)
            return
        contact = action.contact.name if action.contact else None
        if action.action == "move_on":
            close_as = action.close_as or "ghosted"

            def chosen(choice: str | None) -> None:
                if choice == "close":
                    self._set_status(process, close_as)
                elif choice == "note":
                    # The note to a "no" answers it; after silence it is a last word of its own.
                    purpose = "reply" if close_as == "rejected" else "other"
                    draft = MessageDraft("out", purpose, contact, action.message or "")
                    self._open_message_form(process, draft, then=lambda: self._set_status(process, close_as))

            self.push_screen(MoveOnDialog(process, close_as), chosen)
            return
        self._open_message_form(process, MessageDraft("out", action.action, contact, action.message or ""))

    def action_status(self) -> None:
        """Change the selected process's status."""
        process = self.current_process()
        if process is not None:
            self._choose_status(process)

    def _choose_status(self, process: Process) -> None:
        """The status dialog; choosing `offer` then asks for the day the answer is due (blank: none)."""
        from app.tui.dialogs import StatusDialog
        from app.tui.forms import DayForm

        def dated(choice: DayChoice) -> None:
            self._set_status(process, "offer", deadline=choice.day)

        def chosen(status: str | None) -> None:
            if status == "offer":
                current = self.model.processes.get(process.id, process)
                form = DayForm(
                    process, self.today, self.model.calendar(process.id), "An offer: when is the answer due?",
                    "Answer due by (blank: no deadline)",
                    "Today lists 'decide' on this day; the offer stays in Interviews either way.", current.deadline,
                )  # fmt: skip
                self.ask(form, dated)
            elif status and status != process.status:
                self._set_status(process, status)

        self.push_screen(StatusDialog(process), chosen)

    def _set_status(self, process: Process, status: str, **dates: date | None) -> None:
        """Save a new status (and `deadline` with an offer); undo puts back the status and those dates."""
        current = self.model.processes.get(process.id, process)
        old = current.status
        before = {key: getattr(current, key) for key in dates}

        def do(repo: Repository) -> Done:
            repo.update_process(process.id, status=status, **dates)
            ref = _ref(process)

            def undo(r: Repository) -> bool:
                return r.put_back_status(ref, status, old) and (not before or _put_back(r, ref, **before))

            due = dates.get("deadline")
            said = f", answer due {say_date(due)}" if due else ""
            return Done(f"{process.company} · {process.role} is now {status}{said}", undo)

        if not is_open(status) and not self.show_closed:
            self.notify("Closed processes are hidden; c shows them.", timeout=4)
        self.save(do, process.id)

    def action_wait(self) -> None:
        """Set or clear the day the selected process waits until (nothing on its ladder is due before it)."""
        from app.tui.forms import DayForm

        process = self.current_process()
        if process is None:
            return
        if not process.is_open:
            self.notify("A closed process has nothing to wait for; s makes it active again.", severity="warning")
            return

        def chosen(choice: DayChoice) -> None:
            old = self.model.processes.get(process.id, process).wait_until

            def do(repo: Repository) -> Done:
                repo.update_process(process.id, wait_until=choice.day)
                ref = _ref(process)
                said = f"waits until {say_date(choice.day)}" if choice.day else "no longer waits"
                return Done(f"{process.company} · {process.role} {said}", lambda r: _put_back(r, ref, wait_until=old))

            self.save(do, process.id)

        form = DayForm(
            process, self.today, self.model.calendar(process.id), "Wait until", "Wait until (blank clears it)",
            "No follow-up is due before this day: for \"we will know after the holidays\".", process.wait_until,
        )  # fmt: skip
        self.ask(form, chosen)

    def action_copy(self) -> None:
        """Copy the highlighted item's suggested message."""
        action = self.query_one(TodayPane).current()
        if action is None or not action.message:
            self.notify("This item has no message to copy.", severity="warning")
            return
        self.copy_to_clipboard(action.message)
        self.notify(f"Message to {action.contact.name if action.contact else 'them'} copied.", title="Copied")

    def action_export(self) -> None:
        """Export the agenda to a file."""
        from app.paths import documents_dir
        from app.tui.dialogs import ExportDialog

        def chosen(choice: ExportChoice) -> None:
            from app.exports import render
            from app.storage.files import write_private_text

            try:
                write_private_text(choice.path, render(self.model.agenda(), choice.fmt))
            except NudgeError as exc:
                self.notify(str(exc), title="Not exported", severity="error")
                return
            self.notify(f"Agenda written to {choice.path}", title="Exported")

        fmt = self.prefs.export_format if self.prefs else "md"
        self.ask(ExportDialog(self.today, self.export_dir or documents_dir(), fmt), chosen)

    def action_undo(self) -> None:
        """Take back the last change."""
        if not self._undo:
            self.notify("Nothing to undo.")
            return
        done = self._undo.pop()
        self._run_undo(done)

    @work(thread=True, group="write")
    def _run_undo(self, done: Done) -> None:
        # Checked under the lock, right before undoing: a restore or an import since the last
        # poll may have put other records where this change's were.
        with self._lock:
            try:
                elsewhere = self._read_version() != self._data_version
                found = False if elsewhere else done.undo(self.repo)
            except Exception as exc:
                if not is_storage_failure(exc):
                    raise
                self.call_from_thread(self.notify, reason(exc), title="Could not undo", severity="error")
                self.call_from_thread(self.load)
                return
        if elsewhere:
            self.call_from_thread(self._changed_elsewhere)
            return
        if found:
            self.call_from_thread(self.notify, f"Undid: {done.what}", title="Undone")
        else:
            gone = "Not undone: that record was changed elsewhere."
            self.call_from_thread(self.notify, gone, title="Could not undo", severity="warning")
        self.call_from_thread(self.load)

    def action_filter(self) -> None:
        """Show the filter box on the Interviews pane."""
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_toggle_closed(self) -> None:
        """Show or hide closed processes."""
        self.show_closed = not self.show_closed
        self.notify("Showing closed processes too." if self.show_closed else "Hiding closed processes.", timeout=2)

    def action_stats(self) -> None:
        """The Stats screen over everything loaded (closed processes count in the funnel)."""
        if not self.loaded:
            self.notify("Still loading your search; try again in a moment.")
            return
        from app.tui.stats_screen import StatsScreen

        self.push_screen(
            StatsScreen(self.model.processes.values(), self.model.settings, self.today, book=self.model.book)
        )

    def action_help(self) -> None:
        """Keys and rules in plain words."""
        from app.tui.dialogs import HelpScreen

        self.push_screen(HelpScreen())

    def selected_action(self) -> Action | None:
        """The highlighted Today item (for tests and commands)."""
        return self.query_one(TodayPane).current()
