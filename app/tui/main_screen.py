"""The morning view: Interviews over Timeline and Today, its keys, and the workers behind them.

The screen owns its panes: only it queries them. Database work runs in thread
workers under the database's one lock (`app.tui.database`); each worker posts
a typed message (`app.tui.messages`) back, checks whether it was cancelled
before it does, and never touches a widget. Every change is saved at once and
can be undone; changes made elsewhere are reloaded, keeping the selection.
They are noticed through `data_version` (`app.tui.database`): on SQLite by
asking for it every `POLL` seconds; on PostgreSQL as each one is committed,
through LISTEN/NOTIFY (`listen`, app.tui.listening), with a slow safety poll
behind it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import DescendantFocus, Resize
from textual.events import Key as KeyEvent
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Input, OptionList
from textual.worker import get_current_worker

from app.errors import DAMAGE_ADVICE, BadInput, NudgeError
from app.overview import timeline
from app.rules.agenda import Action
from app.rules.routing import route
from app.rules.values import Contact, Message, Process, is_open
from app.rules.warnings import logging_warnings
from app.storage.failures import is_storage_failure, reason
from app.tui import changes
from app.tui.compact import PaneBar, PaneSwitch
from app.tui.database import Database
from app.tui.edit_actions import EditActions
from app.tui.footer import KeyFooter
from app.tui.keys import REGISTRY, KeyMap, Shown
from app.tui.listening import SLICE, Hearing, Listens, hear_changes
from app.tui.mail_actions import MailActions
from app.tui.messages import (
    ChangedElsewhere,
    ClosedLoaded,
    Loaded,
    NotOpened,
    Opened,
    Saved,
    SaveFailed,
    TodayLoaded,
    Unreadable,
)
from app.tui.model import DashboardModel
from app.tui.panes import InterviewsPane, TimelinePane, TodayPane
from app.tui.plain import named
from app.tui.send_actions import SendActions
from app.tui.undo import History

if TYPE_CHECKING:
    from app.config import Effective
    from app.tui.dialogs import ExportChoice
    from app.tui.forms import DayChoice, FormScreen, MessageDraft, NewInterview, NewProcess

T = TypeVar("T")

CHANGED_ELSEWHERE = "Undo history cleared: the database was changed elsewhere."
NOT_SAVED_ELSEWHERE = "The database was changed elsewhere; it has been reloaded. Please try again."
READ_ADVICE = f"Nudge keeps trying every few seconds. {DAMAGE_ADVICE}"
"""What to do when the dashboard cannot read its database."""
POLL = 2.0
"""Seconds between looks at SQLite's `data_version` (a file has no way to tell of a change)."""
SAFETY_POLL = 20.0
"""Seconds between looks on PostgreSQL, where the listener hears every change at once.

Only a fallback for a listener that died without a word: a connection cut
silently (a laptop resumed on another network, a router that dropped an idle
connection) raises nothing and hears nothing, so without this poll its
changes would never show; with it they show within this many seconds.
"""


def settle_collector() -> None:
    """Take what a load just read out of the cyclic collector's generations (`gc.freeze`), from its worker.

    A load builds hundreds of thousands of long-lived objects (processes,
    messages, moments); every later full collection walked them all again, on
    whichever thread allocated, most often the main one filling the table. Frozen,
    they are skipped; they are still freed by reference counting when a reload
    replaces them. Measured at 10,000 processes on SQLite (main loop probed every
    5 ms from load to the closed processes, 3 runs on the shared 2-core machine):
    the longest main-thread CPU stall 287-396 ms before, 94-148 ms frozen
    (78-96 ms with the collector off); the longest wall stall 634-841 ms, then 331-487 ms.
    """
    gc.freeze()


def bindings() -> list[Binding]:
    """The screen's bindings, one per registry key; the id is the action, so `[dashboard.keys]` remaps it."""
    return [
        Binding(k.key, k.action, k.label, show=Shown.FOOTER in k.shown, tooltip=k.does[:1].upper() + k.does[1:],
                id=k.action)
        for k in REGISTRY
    ]  # fmt: skip


class MainScreen(EditActions, SendActions, MailActions, Screen[None]):
    """Interviews, Timeline and Today, driven from the keyboard."""

    BINDINGS = [  # the registry's keys, and Tab showing the next pane on a narrow screen
        *bindings(),
        Binding("tab", "switch_pane(1)", show=False),  # on a narrow screen the next pane is shown, not hidden
        Binding("shift+tab", "switch_pane(-1)", show=False),
    ]

    show_closed: reactive[bool] = reactive(False)
    """Whether closed processes (offer, rejected, ghosted...) are listed too."""
    selected: reactive[int | None] = reactive(None)
    """The process the Timeline shows and i/m/s/p act on."""

    def __init__(
        self,
        db: Database,
        today: date,
        keys: KeyMap,
        *,
        clock: Callable[[], datetime] | None = None,
        prefs: Effective | None = None,
        export_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.today = today
        self.keys = keys
        self.clock = clock
        self.prefs = prefs
        self.export_dir = export_dir
        self.model = DashboardModel(today, days=prefs.days if prefs else DashboardModel(today).days)
        self.loaded = False
        self.history = History()
        self.unreadable: str | None = None
        """Why the last load failed (None: it did not); polling (or the listener) keeps retrying."""
        self.hearing: Hearing | None = None
        """What the listener counted (None: not listening, on SQLite)."""
        self.poll_every = POLL
        """Seconds between polls: `POLL`, or `SAFETY_POLL` behind a listener."""
        self.watching = False
        """Whether changes made elsewhere are watched for (from the database's opening, `_opened`)."""
        self._asking: FormScreen[object] | None = None
        """The form whose answer is being handled: a save started now reports back to it (see `ask`)."""
        self.panes = PaneSwitch(self)
        """One pane at a time under 100 columns (`app.tui.compact`)."""

    # Layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="✉")
        yield PaneBar(id="pane-bar")
        with Vertical(id="main"):
            yield InterviewsPane(id="interviews")
            with Horizontal(id="bottom"):
                yield TimelinePane(id="timeline-pane")
                yield TodayPane(id="today-pane")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#today", OptionList).focus()
        self.query_one(InterviewsPane).show([], self.today, None, loading=True)
        self.query_one(TodayPane).show(self.model.agenda(), loading=True)
        self.query_one(TimelinePane).show(None, [], self.today)
        self.load()  # opens the database first, then `_opened` starts watching it for changes

    def key(self, action: str) -> str:
        """The key in force for `action`, as hints show it."""
        return self.keys.shown(action)

    def on_resize(self, event: Resize) -> None:
        self.panes.fit(event.size.width)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self.panes.follow()

    def action_switch_pane(self, by: int = 1) -> None:
        """Move to the next pane (the one before: -1); under 100 columns it is shown in place of the others."""
        self.panes.step(by)

    # Loading ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Read the active processes and their actions in the background; the frame is already on screen.

        Today needs only the active processes, so they are read with their stored
        actions (judging only what is missing, `DashboardModel.load`) and shown
        first; the closed ones are read once that is on screen, so they never hold
        up (or compete with) the first useful paint.
        """
        db = self.db
        try:
            with db.lock:
                if not self.loaded and not self._open(db):
                    return
                version = db.version()  # before reading: a write made meanwhile is seen by the next look
                if self.loaded:
                    model = DashboardModel.load(db.repo.conn, self.today, db.settings(), self.model.days)
                else:  # the first load: Today from the stored actions alone, then the processes
                    today = DashboardModel.load_today(db.repo.conn, self.today, db.settings(), self.model.days)
                    if get_current_worker().is_cancelled:
                        return
                    self.post_message(TodayLoaded(today))
                    model = today.load_rest(db.repo.conn)
        except Exception as exc:
            if not is_storage_failure(exc):
                raise
            self._read_failed(exc)
            return
        if not get_current_worker().is_cancelled:  # a newer load is under way: its data is fresher
            settle_collector()
            self.post_message(Loaded(model, version))

    def _open(self, db: Database) -> bool:
        """Open the database in the first load (hold the lock): False, with the app told why, when it cannot be.

        So the first frame never waits on a server's connect, sign-in and schema
        check. Whatever opening raises is said as a command says it, once the
        terminal is restored (`NudgeApp.not_opened`, app.tui.run).
        """
        try:
            db.open()
        except Exception as exc:  # noqa: BLE001 - passed on whole: run_dashboard raises it for app.cli to say
            self.post_message(NotOpened(exc))
            return False
        if not self.watching:
            self.post_message(Opened())
        return True

    @on(Opened)
    def _opened(self) -> None:
        """Watch for changes made elsewhere, once: a server's listener (and a slow poll), or SQLite's poll."""
        if self.watching:
            return
        self.watching = True
        listener = self.db.listener()
        if listener is not None:
            self.hearing = Hearing()
            self.poll_every = SAFETY_POLL
            self.listen(listener, self.hearing)
        self.set_interval(self.poll_every, self.poll)

    @work(thread=True, exclusive=True, group="load-closed")
    def load_closed(self) -> None:
        """The closed processes, after the active ones are on screen; then today's copy."""
        try:
            with self.db.lock:
                closed = self.db.repo.processes(closed_only=True)
        except Exception as exc:
            if not is_storage_failure(exc):
                raise
            self._read_failed(exc)
            return
        if get_current_worker().is_cancelled:
            return
        settle_collector()
        self.post_message(ClosedLoaded(closed))
        import app.storage.writer  # noqa: F401  (the write path, imported now so the first save does not wait)

        self._keep_daily_copy()

    def _read_failed(self, exc: BaseException) -> None:
        """Say why the database cannot be read (from a worker); the next poll or the listener retries."""
        why = reason(exc)
        with self.db.lock:
            try:
                self.db.seen = self.db.version()
            except Exception as again:
                if not is_storage_failure(again):
                    raise
                self.db.seen = None
        self.post_message(Unreadable(why))

    def _keep_daily_copy(self) -> None:
        """Today's automatic copy of the database, taken once the data is on screen (from a worker)."""
        from app.storage.backups import DEFAULT_KEEP, daily_backup

        try:
            with self.db.lock:
                keep = self.prefs.backup_keep if self.prefs else DEFAULT_KEEP
                # Named by the real day, not by --date: planning ahead must not date a copy in the future.
                day = self.clock().date() if self.clock else self.today
                daily_backup(self.db.repo.conn, self.db.repo.path, day, keep)
        except NudgeError as exc:
            self.app.call_from_thread(self.notify, f"No daily copy today: {exc}", severity="warning")

    @work(thread=True, exclusive=True, group="poll")
    def poll(self) -> None:
        """Reload when another program changed the database (or retry one that could not be read)."""
        self._look(0)

    @work(thread=True, exclusive=True, group="listen")
    def listen(self, listener: Listens, counts: Hearing) -> None:
        """Until the dashboard closes: hear each change committed elsewhere, and look (app.tui.listening).

        Waits in slices of `SLICE` holding no lock, so saves and loads never
        wait on it and a quit is never kept waiting; cancelled when the app exits.
        """
        worker = get_current_worker()
        hear_changes(
            listener,
            lambda: self._look(SLICE),
            stopped=lambda: worker.is_cancelled,
            retrying=lambda: self.unreadable is not None,
            counts=counts,
        )

    def _look(self, wait: float) -> bool:
        """Post ChangedElsewhere if `data_version` moved since last seen (or the database was unreadable).

        From a worker. Waits up to `wait` seconds for the lock; False when it
        could not look (nothing loaded yet, or the lock still busy), True once it did.
        """
        if not (self.loaded or self.unreadable) or not self.db.lock.acquire(timeout=wait):
            return False
        try:
            changed = self.db.version() != self.db.seen
        except Exception as exc:
            if not is_storage_failure(exc):
                raise
            self.post_message(Unreadable(reason(exc)))
            return True
        finally:
            self.db.lock.release()
        if (changed or self.unreadable) and not get_current_worker().is_cancelled:
            self.post_message(ChangedElsewhere())
        return True

    @on(Unreadable)
    def _unreadable(self, message: Unreadable) -> None:
        if message.why != self.unreadable:
            self.notify(f"{message.why}. {READ_ADVICE}", title="Cannot read the database", severity="error", timeout=30)
        self.unreadable = message.why

    @on(TodayLoaded)
    def _today_loaded(self, message: TodayLoaded) -> None:
        """The first useful frame: Today's items and the first one's message, while the processes are read."""
        if not self.loaded:
            self.model = message.model
            self.query_one(TodayPane).show(self.today_agenda())

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        first_load = not self.loaded
        self.model = message.model
        self.db.seen = message.version
        self.loaded = True
        if self.unreadable is not None:
            self.unreadable = None
            self.notify("The database can be read again.", title="Reloaded")
        if first_load:  # Today is on screen already (TodayLoaded): the table on the next frame
            self.call_after_refresh(self.refresh_views)
            self.offer_first_run()
        else:
            self.refresh_views()
        self.call_after_refresh(self.load_closed)

    @on(ClosedLoaded)
    def _loaded_closed(self, message: ClosedLoaded) -> None:
        self.model.put(message.processes)
        self._show_health()  # an offer in hand (a closed process) quiets the warning
        if self.show_closed:
            self.refresh_views()

    @on(ChangedElsewhere)
    def _changed_elsewhere(self) -> None:
        """Another program wrote: what the undo history would take back may no longer be ours to take."""
        if self.history.clear():
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
        today_pane.show(self.today_agenda(), keep=keep)
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

    def on_key(self, event: KeyEvent) -> None:
        if event.key == "escape":
            box = self.query_one("#filter", Input)
            if box.has_focus or (box.display and box.value):
                box.value = ""
                box.display = False
                self.query_one("#processes", DataTable).focus()
                event.stop()

    def selected_action(self) -> Action | None:
        """The highlighted Today item."""
        return self.query_one(TodayPane).current()

    # Saving -----------------------------------------------------------------

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
        self.app.push_screen(screen, answered)

    def current_process(self) -> Process | None:
        """The selected process, or None with a hint to the user."""
        process = self.model.processes.get(self.selected) if self.selected is not None else None
        if process is None:
            self.notify(f"Select a process first, or add one with {self.key('add_process')}.", severity="warning")
        return process

    def save(
        self,
        do: changes.Change,
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
        do: changes.Change,
        process_id: int | None,
        warnings: list[str],
        then: Callable[[], None] | None,
        form: FormScreen[object] | None = None,
    ) -> None:
        # Any failure of the database or its file (read-only, disk full, a process deleted by a
        # restore while its form was open) is said in one line without stored values; the
        # dashboard stays up. Anything else is a bug, and stops it (see NudgeApp._handle_exception).
        # A save is never cancelled half-way: once written, the screen must hear of it.
        db = self.db
        with db.lock:
            try:
                before = db.version()
                if process_id is not None and db.seen is not None and before != db.seen:
                    # The change names a process by its id, and a restore or an import since the
                    # last poll may have put another process under that id: write nothing.
                    self.post_message(SaveFailed(NOT_SAVED_ELSEWHERE, True, form))
                    return
                done = do(db.repo)
            except Exception as exc:
                if not is_storage_failure(exc):
                    raise
                self.post_message(SaveFailed(reason(exc), not isinstance(exc, BadInput), form))
                return
            if done.process_id is not None:
                process_id = done.process_id
            try:
                fresh = db.repo.process(process_id) if process_id is not None else None
                version: int | None = db.version()
            except Exception as exc:  # saved, but cannot be read back: the reload says why
                if not is_storage_failure(exc):
                    raise
                process_id, fresh, version = None, None, None
        elsewhere = db.seen is not None and before != db.seen
        self.post_message(
            Saved(done, process_id, fresh, version if version is not None else before, elsewhere,
                  version is None, warnings, then, form)
        )  # fmt: skip

    @on(SaveFailed)
    def _not_saved(self, message: SaveFailed) -> None:
        form, why = message.form, message.why
        if form is not None:
            if why == NOT_SAVED_ELSEWHERE:
                # The form names a process by its id, which may now be another one: typed again, on fresh data.
                form.saved()
            else:
                form.failed(why)
        self.notify(why, title="Not saved", severity="error", timeout=10)
        if message.reload:  # the database itself failed or changed: show what it holds now
            self._changed_elsewhere() if why == NOT_SAVED_ELSEWHERE else self.load()

    @on(Saved)
    def _saved(self, saved: Saved) -> None:
        if saved.form is not None:
            saved.form.saved()
        reload = saved.reload
        if saved.elsewhere:
            # Another program wrote before this change: older entries may name records it replaced.
            if self.history.clear():
                self.notify(CHANGED_ELSEWHERE, title="Changed elsewhere", timeout=6)
            reload = True
        if saved.done.changed:
            self.history.push(saved.done)
        self.db.seen = saved.version
        if saved.process_id is not None:
            if saved.fresh is None:
                self.model.drop(saved.process_id)
            else:
                self.model.put([saved.fresh])
                self.selected = saved.process_id
        self.refresh_views()
        self.show_changed(saved.done)
        if reload:
            self.load()
        undoes = f" ({self.key('undo')} undoes)" if saved.done.changed else ""
        self.notify(f"{saved.done.what}.{undoes}", title="Saved" if saved.done.changed else "Not changed")
        for warning in saved.warnings:
            self.notify(warning, title="Heads-up", severity="warning", timeout=10)
        if saved.then is not None:
            saved.then()

    # Actions ----------------------------------------------------------------

    def action_add_process(self) -> None:
        """Open the add-process form."""
        from app.tui.forms import ProcessForm

        def saved(result: NewProcess) -> None:
            self.save(changes.add_process(result.process), None)

        self.ask(ProcessForm(), saved)

    def action_contact(self) -> None:
        """Add a person to the selected process."""
        from app.tui.forms import ContactForm

        process = self.current_process()
        if process is None:
            return

        def saved(contact: Contact) -> None:
            self.save(changes.add_contact(process, contact), process.id)

        self.ask(ContactForm(process), saved)

    def action_interview(self) -> None:
        """Log or schedule an interview for the selected process."""
        from app.tui.forms import InterviewForm

        process = self.current_process()
        if process is None:
            return

        def saved(result: NewInterview) -> None:
            self.save(changes.add_interview(process, result, self.today), process.id)

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
            self.save(changes.add_message(process, message), process.id, warnings, then)

        self.ask(MessageForm(process, self.today, cal, draft, now, routed=route(process, self.today)), saved)

    def action_done(self) -> None:
        """Log the highlighted Today item: the matching message, or closing the process."""
        from app.tui.dialogs import MoveOnDialog
        from app.tui.forms import MessageDraft

        action = self.selected_action()
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

            self.app.push_screen(MoveOnDialog(process, close_as), chosen)
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

        self.app.push_screen(StatusDialog(process), chosen)

    def _set_status(self, process: Process, status: str, **dates: date | None) -> None:
        """Save a new status (and `deadline` with an offer); undo puts back the status and those dates."""
        current = self.model.processes.get(process.id, process)
        if not is_open(status) and not self.show_closed:
            self.notify(f"Closed processes are hidden; {self.key('toggle_closed')} shows them.", timeout=4)
        self.save(changes.set_status(process, current, status, **dates), process.id)

    def action_wait(self) -> None:
        """Set or clear the day the selected process waits until (nothing on its ladder is due before it)."""
        from app.tui.forms import DayForm

        process = self.current_process()
        if process is None:
            return
        if not process.is_open:
            self.notify(
                f"A closed process has nothing to wait for; {self.key('status')} makes it active again.",
                severity="warning",
            )
            return

        def chosen(choice: DayChoice) -> None:
            old = self.model.processes.get(process.id, process).wait_until
            self.save(changes.set_wait(process, old, choice.day), process.id)

        form = DayForm(
            process, self.today, self.model.calendar(process.id), "Wait until", "Wait until (blank clears it)",
            "No follow-up is due before this day: for \"we will know after the holidays\".", process.wait_until,
        )  # fmt: skip
        self.ask(form, chosen)

    def action_scroll_message(self) -> None:
        """Page down through the message under Today; from its end, back to its top."""
        detail = self.query_one(TodayPane).query_one("#detail", VerticalScroll)
        if detail.scroll_y >= detail.max_scroll_y:
            detail.scroll_home(animate=False)
        else:
            detail.scroll_page_down(animate=False)

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

    def action_filter(self) -> None:
        """Show the filter box on the Interviews pane."""
        box = self.query_one("#filter", Input)
        box.display = True
        self.panes.show_named("interviews")
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

        self.app.push_screen(
            StatsScreen(self.model.processes.values(), self.model.settings, self.today, book=self.model.book)
        )

    def action_help(self) -> None:
        """Keys and rules in plain words, with the keys in force."""
        from app.tui.dialogs import HelpScreen

        self.app.push_screen(HelpScreen(self.keys))

    def action_quit(self) -> None:
        """Leave; every change is already saved."""
        self.app.exit()
