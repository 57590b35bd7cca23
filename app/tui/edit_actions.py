"""Correcting anything from where it is shown: edit, delete, undo and redo, the process view, link and notes.

`EditActions` is a base class of the main screen: `enter` on a Timeline row
opens that interview or message in its edit form, `enter` on a process opens
the process view (`EditingView`), from which every part is edited, added or
deleted; `x` deletes the highlighted row after a one-key confirmation. Every
change goes through the main screen's one save path (`save`), so the rules
re-judge the process at once and Today moves; afterwards the selection stays
on what was just changed (`show_changed`): the process, the Timeline row, the
part of the process view.

`u` takes back the newest change and `ctrl+y` makes the last undone one
again; both check, under the lock, that no other program wrote meanwhile,
and touch nothing (saying so in one line) when a record is no longer as the
change left it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.message import Message as Notice
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from app.rules.values import Contact, Interview, Message, Process
from app.storage.failures import is_storage_failure, reason
from app.tui import changes
from app.tui.database import Database
from app.tui.messages import UndoFailed
from app.tui.model import DashboardModel
from app.tui.undo import Done, History

if TYPE_CHECKING:
    from app.tui.edit_screens import EditingView
    from app.tui.forms import Edited, InterviewChange, MessageDraft
    from app.tui.undo import Saves as _Saving  # `save`, which the main screen provides
else:
    _Saving = object

T = TypeVar("T")
Part = Process | Contact | Interview | Message
"""A record that can be edited or deleted: the process itself or one of its parts."""

CHANGED_ELSEWHERE_UNDO = "Not undone: that record was changed elsewhere."
CHANGED_ELSEWHERE_REDO = "Not redone: that record was changed elsewhere."


@dataclass
class Replayed(Notice):
    """An undo or a redo ran (`found` False: a record it touches was changed elsewhere; nothing was)."""

    done: Done
    found: bool
    redo: bool
    fresh: Process | None
    """The process the change touched, as stored now (None: it is gone, or the change named none)."""
    version: int


class EditActions(Screen[None], _Saving):
    """Edit, delete, undo, redo, the process view, links and notes: the main screen's corrections."""

    if TYPE_CHECKING:  # what the main screen provides
        db: Database
        model: DashboardModel
        history: History
        today: date
        selected: reactive[int | None]

        def ask(self, screen: ModalScreen[T], then: Callable[[T], None]) -> None: ...
        def key(self, action: str) -> str: ...
        def refresh_views(self) -> None: ...
        def current_process(self) -> Process | None: ...
        def load(self) -> object: ...
        def _changed_elsewhere(self) -> None: ...
        def action_contact(self) -> None: ...
        def action_interview(self) -> None: ...
        def _open_message_form(
            self, process: Process, draft: MessageDraft | None, then: Callable[[], None] | None = None
        ) -> None: ...

    # Opening what a row shows -------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """`enter` on a process opens its view; on a Timeline row, that interview's or message's form."""
        key = event.row_key.value
        if key is None:
            return
        if event.data_table.id == "processes":
            event.stop()
            self.open_process(int(key))
        elif event.data_table.id == "timeline":
            event.stop()
            process = self.model.processes.get(self.selected) if self.selected is not None else None
            record = self._entry(process, key) if process else None
            if process is not None and record is not None:
                self.edit_part(process, record)

    @staticmethod
    def _entry(process: Process, key: str) -> Interview | Message | None:
        """The interview or message a Timeline row ("message:12") stands for."""
        kind, _, number = key.partition(":")
        records: Sequence[Interview | Message] = process.interviews if kind == "interview" else process.messages
        return next((r for r in records if str(r.id) == number), None)

    def open_process(self, process_id: int) -> None:
        """Everything about one process on one screen."""
        process = self.model.processes.get(process_id)
        if process is None:
            return
        from app.tui.edit_screens import EditingView

        self.selected = process_id
        self.app.push_screen(EditingView(self, process, self.model.actions(process_id), self.today))

    def _view(self) -> EditingView | None:
        """The process view, when it is open."""
        from app.tui.edit_screens import EditingView

        return next((s for s in self.app.screen_stack if isinstance(s, EditingView)), None)

    # Editing ------------------------------------------------------------------------------------

    def edit_part(self, process: Process, record: Part) -> None:
        """Open the form that created `record`, prefilled; ctrl+s saves it as an undoable change."""
        from app.tui.forms import EditContactForm, EditInterviewForm, EditMessageForm, EditProcessForm

        cal = self.model.calendar(process.id)
        pid = process.id
        if isinstance(record, Process):
            taken = [(p.company, p.role) for p in self.model.processes.values()]

            def saved_process(edited: Edited[Process]) -> None:
                self.save(changes.edit_process(edited), pid)

            self.ask(EditProcessForm(record, self.today, cal, taken), saved_process)
        elif isinstance(record, Contact):

            def saved_contact(edited: Edited[Contact]) -> None:
                self.save(changes.edit_contact(process, edited), pid)

            self.ask(EditContactForm(process, record), saved_contact)
        elif isinstance(record, Interview):
            near = self._timeline_row(record)

            def saved_interview(result: InterviewChange) -> None:
                from app.tui.forms import InterviewCancelled

                if isinstance(result, InterviewCancelled):
                    self.save(changes.cancel_interview(process, result, near), pid)
                else:
                    self.save(changes.edit_interview(process, result), pid)

            self.ask(EditInterviewForm(process, record, self.today, cal), saved_interview)
        else:

            def saved_message(edited: Edited[Message]) -> None:
                self.save(changes.edit_message(process, edited), pid)

            self.ask(EditMessageForm(process, record, self.today, cal), saved_message)

    def add_part(self, process: Process, kind: str) -> None:
        """The add form for a person, an interview or a message of `process` (from the process view)."""
        self.selected = process.id
        if kind == "contact":
            self.action_contact()
        elif kind == "interview":
            self.action_interview()
        else:
            self._open_message_form(process, None)

    # Deleting -----------------------------------------------------------------------------------

    def action_delete(self) -> None:
        """Delete the highlighted row: in Interviews the process, in Timeline the entry (after a y)."""
        focused = self.focused
        table = focused if isinstance(focused, DataTable) else None
        process = self.model.processes.get(self.selected) if self.selected is not None else None
        if table is None or process is None or not table.row_count:
            self.notify("Highlight a process in Interviews or an entry in Timeline to delete it.", severity="warning")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        if table.id == "processes":
            chosen = self.model.processes.get(int(key))
            if chosen is not None:
                self.delete_part(chosen, chosen)
            return
        record = self._entry(process, key)
        if record is not None:
            self.delete_part(process, record)

    def delete_part(self, process: Process, record: Part) -> None:
        """Ask (one key) what deleting `record` takes with it; y deletes it as an undoable change."""
        from app.tui.dialogs import DeleteDialog

        near = self._timeline_row(record) if isinstance(record, (Interview, Message)) else -1
        neighbour = self._neighbour(process.id) if isinstance(record, Process) else None

        def answered(delete: bool | None) -> None:
            if delete:
                self.save(changes.delete(process, record, near=near, neighbour=neighbour), process.id)

        self.app.push_screen(DeleteDialog(process, record), answered)

    def _timeline_row(self, record: Interview | Message) -> int:
        """The row number of an entry in the Timeline pane (-1 when it is not shown)."""
        table = self.query_one("#timeline", DataTable)
        try:
            return table.get_row_index(changes.entry_key(record))
        except RowDoesNotExist:  # the Timeline shows another process
            return -1

    def _neighbour(self, process_id: int) -> int | None:
        """The process listed after `process_id` in Interviews (before it, when it is the last)."""
        table = self.query_one("#processes", DataTable)
        keys = [row.key.value for row in table.ordered_rows]
        if str(process_id) not in keys:
            return None
        at = keys.index(str(process_id))
        after = keys[at + 1] if at + 1 < len(keys) else keys[at - 1] if at > 0 else None
        return int(after) if after is not None else None

    # After a change: the selection stays on it ---------------------------------------------------

    def show_changed(self, done: Done) -> None:
        """Keep what was just changed in view: its process selected, its Timeline row and view part highlighted.

        A process that is gone (deleted, or its addition undone) gives way to
        the one listed next to it; an entry that is gone, to the row now in its place.
        """
        pid = done.process_id
        if pid is not None and pid not in self.model.processes:
            if done.neighbour in self.model.processes:
                self.selected = done.neighbour
        elif pid is not None:
            self.selected = pid
        table = self.query_one("#timeline", DataTable)
        if table.row_count:
            keys = [row.key.value for row in table.ordered_rows]
            if done.entry in keys:
                table.move_cursor(row=keys.index(done.entry), animate=False)
            elif done.near >= 0:
                table.move_cursor(row=min(done.near, len(keys) - 1), animate=False)
        view = self._view()
        if view is not None:
            fresh = self.model.processes.get(view.process.id)
            if fresh is None:
                view.dismiss(None)
            else:
                view.show(fresh, self.model.actions(fresh.id))
                view.point_at(done.entry)

    # Undo and redo --------------------------------------------------------------------------------

    def action_undo(self) -> None:
        """Take back the last change."""
        done = self.history.pop()
        if done is None:
            self.notify("Nothing to undo.")
            return
        self._replay(done, redo=False)

    def action_redo(self) -> None:
        """Make the last undone change again."""
        done = self.history.pop_redo()
        if done is None:
            self.notify("Nothing to redo.")
            return
        self._replay(done, redo=True)

    @work(thread=True, group="write")
    def _replay(self, done: Done, redo: bool) -> None:
        # Checked under the lock, right before writing: a restore or an import since the last
        # poll may have put other records where this change's were.
        db = self.db
        with db.lock:
            try:
                elsewhere = db.version() != db.seen
                if elsewhere:
                    self.post_message(UndoFailed(None))
                    return
                replay = done.redo if redo else done.undo
                found = replay(db.repo) if replay is not None else False
                fresh = db.repo.process(done.process_id) if done.process_id is not None else None
                version = db.version()
            except Exception as exc:
                if not is_storage_failure(exc):
                    raise
                self.post_message(UndoFailed(reason(exc)))
                return
        self.post_message(Replayed(done, found, redo, fresh, version))

    @on(Replayed)
    def _replayed(self, message: Replayed) -> None:
        done = message.done
        if not message.found:
            said = CHANGED_ELSEWHERE_REDO if message.redo else CHANGED_ELSEWHERE_UNDO
            self.notify(said, title="Could not redo" if message.redo else "Could not undo", severity="warning")
            self.load()
            return
        if message.redo:
            self.history.redone(done)
        else:
            self.history.undone(done)
        self.db.seen = message.version
        if done.process_id is not None:
            if message.fresh is None:
                self.model.drop(done.process_id)
            else:
                self.model.put([message.fresh])
        self.refresh_views()
        self.show_changed(done)
        if message.redo:
            self.notify(f"Redid: {done.what}", title="Redone")
        else:
            again = f" ({self.key('redo')} redoes)" if done.redo is not None else ""
            self.notify(f"Undid: {done.what}{again}", title="Undone")

    @on(UndoFailed)
    def _undo_failed(self, message: UndoFailed) -> None:
        if message.why is None:
            self._changed_elsewhere()
            return
        self.notify(message.why, title="Could not undo", severity="error")
        self.load()

    # The link and the notes ---------------------------------------------------------------------

    def action_open_link(self) -> None:
        """Open the selected process's link in the browser."""
        process = self.current_process()
        if process is not None:
            self.open_link(process)

    def open_link(self, process: Process) -> None:
        """Open `process`'s link (a bare domain gets https://); refused schemes and no display are said."""
        from app.sending.links import web_link
        from app.sending.opener import open_in_app

        if not process.link:
            self.notify("No link saved for this process: enter on it, then enter on its details, to add one.",
                        severity="warning")  # fmt: skip
            return
        url = web_link(process.link)
        if self.app.is_web:
            self._link_opened(url, open_in_app(self.app, url))
        else:
            self._open_in_thread(url)

    @work(thread=True, group="open")
    def _open_in_thread(self, url: str) -> None:
        """The desktop's opener, waited for off the screen's thread (it may take seconds to answer)."""
        from app.sending.opener import open_url

        opened = open_url(url)
        self.app.call_from_thread(self._link_opened, url, opened)

    def _link_opened(self, url: str, opened: object) -> None:
        from app.sending.clipboard import copy_text
        from app.sending.links import url_problem
        from app.sending.opener import Opened
        from app.tui.edit_screens import CopyOffer

        assert isinstance(opened, Opened)
        if opened.ok:
            self.notify(opened.message, title="Opened")
            return
        if url_problem(url) is not None:  # a scheme Nudge never opens (javascript:, file:): nothing to copy either
            self.notify(opened.message, title="Not opened", severity="warning")
            return

        def answered(copy: bool | None) -> None:
            if copy:
                copied = copy_text(url, osc52=self.app.copy_to_clipboard)
                self.notify(copied.message, title="Copied" if copied.ok else "Not copied",
                            severity="information" if copied.ok else "warning")  # fmt: skip

        self.app.push_screen(CopyOffer(opened.message), answered)

    def action_edit_notes(self) -> None:
        """Edit the selected process's notes in $VISUAL / $EDITOR (a text area when none is set)."""
        process = self.current_process()
        if process is not None:
            self.edit_notes(process)

    def edit_notes(self, process: Process) -> None:
        """The notes in the user's editor, the app suspended meanwhile; saved as an undoable edit."""
        from app.sending.editor import edit_suspended, find_editor

        current = self.model.processes.get(process.id, process)
        if not find_editor().command:
            self._notes_in_form(current)
            return
        edited = edit_suspended(self.app, current.notes, file_name="notes.txt")
        if edited.text is None:
            if "cannot hand the terminal" in edited.message:
                self._notes_in_form(current)
            else:
                self.notify(edited.message, title="Notes")
            return
        self.save(changes.set_notes(current, edited.text), current.id)

    def _notes_in_form(self, process: Process) -> None:
        from app.tui.edit_screens import NotesForm

        def saved(notes: str) -> None:
            if notes == process.notes:
                self.notify("The notes were left unchanged.", title="Notes")
                return
            self.save(changes.set_notes(process, notes), process.id)

        self.ask(NotesForm(process), saved)
