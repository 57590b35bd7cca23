"""The dashboard's sending and setting-up actions: mail, edit and copy a message, jump, first run, Settings.

A mixin of `MainScreen`: these actions work on what the screen holds (its
database, model, Today pane and save machinery) and add no state of their own
but the texts edited for Today's items.

Sending: `w` opens the highlighted item's message as a `mailto:` draft in the
mail client, `ctrl+e` edits it in `$VISUAL`/`$EDITOR`, `y` copies it. An edited
text belongs to that one Today item: the pane shows it, and `w`, `y` and `d`
(log it, prefilled) all use it, because the Today pane is given the agenda with
the edited texts in place (`today_agenda`). Nothing is logged until the user
says the message went (`d`): a draft that opened may still never be sent.

Setting up: on a database with no processes whose settings were never saved,
the setup (`app.tui.first_run.SetupScreen`) opens once. Its answer is saved as
the database's settings (they win over the config file's starting values once
saved, see `app.config`) in the same transaction as the demo or the
spreadsheet it asks for; skipping it writes nothing. Settings (`,` or the
palette) reopens it prefilled; saving re-reads and re-judges everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.widgets import DataTable, Input

from app.rules.agenda import Action, Agenda
from app.rules.values import Process, Settings
from app.storage.records import ProcessRef
from app.storage.repository import Repository
from app.tui.undo import Done

if TYPE_CHECKING:
    from datetime import date

    from textual.reactive import reactive
    from textual.screen import ModalScreen, Screen
    from textual.worker import Worker

    from app.sending.clipboard import Copied
    from app.sending.opener import Opened
    from app.tui.changes import Change
    from app.tui.database import Database
    from app.tui.first_run import SetupResult
    from app.tui.model import DashboardModel

    _Base = Screen[None]
else:
    _Base = object

T = TypeVar("T")

DraftKey = tuple[int, str, str]
"""A Today item's identity: its process, its action and what it counts from (`Action.key`)."""

SKIPPED_HINT = (
    'Nothing set up yet: "{add}" adds your first process; "{settings}" (or ctrl+p) opens Settings for your name.'
)


def draft_key(action: Action) -> DraftKey:
    """Which Today item an edited text belongs to."""
    return (action.process_id, action.action, action.key)


def with_texts(agenda: Agenda, texts: dict[DraftKey, str]) -> Agenda:
    """`agenda` with each edited text in place of the suggested one."""
    if not texts:
        return agenda

    def edited(actions: tuple[Action, ...]) -> tuple[Action, ...]:
        return tuple(
            replace(a, message=texts[draft_key(a)]) if a.message and draft_key(a) in texts else a for a in actions
        )

    return replace(agenda, due=edited(agenda.due), upcoming=edited(agenda.upcoming))


def refs(repo: Repository) -> list[ProcessRef]:
    """Every stored process by what it is, so an undo removes only those."""
    return [ProcessRef(p.id, p.company, p.role) for p in repo.processes()]


def settings_change(before: Settings, after: Settings) -> Change:
    """The settings saved; undo puts back the ones before."""

    def do(repo: Repository) -> Done:
        repo.save_settings(after)

        def undo(r: Repository) -> bool:
            r.save_settings(before)
            return True

        return Done("Saved your settings; everything is judged with them", undo)

    return do


def first_run_change(before: Settings, result: SetupResult, today: date) -> Change:
    """The first run's answer in one transaction: the settings, with the demo or the spreadsheet when chosen.

    The database is empty (that is when the setup opens), so the spreadsheet's
    rows go in as a backup's would, together with the settings. Undo removes
    what was added and puts back the settings as they were.
    """
    settings = result.settings(before)

    def do(repo: Repository) -> Done:
        if result.choice == "demo":
            from app.demo import demo_backup

            report = repo.merge(replace(demo_backup(today), settings=settings))
            what = f"Loaded the demo search ({report.summary()})"
        elif result.choice == "import" and result.import_path is not None:
            from app.csvimport import plan_csv
            from app.csvimport.sniff import MAX_CSV_BYTES
            from app.input_files import read_bounded

            path = result.import_path
            raw = read_bounded(str(path), MAX_CSV_BYTES, "spreadsheet of applications")
            plan = plan_csv(raw, source=path.name)
            report = repo.merge(replace(plan.backup, settings=settings))
            what = f"Imported {plan.summary(report)}"
        else:
            repo.save_settings(settings)
            what = "Saved your settings"
        added = refs(repo)

        def undo(r: Repository) -> bool:
            removed = [r.remove(ref) for ref in added]  # every one, even after one is gone
            r.save_settings(before)
            return all(removed)

        return Done(what, undo)

    return do


class SendActions(_Base):
    """Mail (`w`), edit (`ctrl+e`) and copy (`y`) Today's message; jump to a process; first run and Settings."""

    if TYPE_CHECKING:  # what MainScreen provides
        db: Database
        model: DashboardModel
        today: date
        loaded: bool
        show_closed: reactive[bool]
        selected: reactive[int | None]

        def key(self, action: str) -> str: ...
        def selected_action(self) -> Action | None: ...
        def ask(self, screen: ModalScreen[T], then: Callable[[T], None]) -> None: ...
        def save(
            self,
            do: Change,
            process_id: int | None,
            warnings: list[str] | None = None,
            then: Callable[[], None] | None = None,
        ) -> None: ...
        def load(self) -> Worker[None]: ...
        def refresh_views(self) -> None: ...
        def action_add_process(self) -> None: ...

    @property
    def edited_texts(self) -> dict[DraftKey, str]:
        """The texts edited for Today's items in this session."""
        try:
            return self._edited_texts
        except AttributeError:
            self._edited_texts: dict[DraftKey, str] = {}
            return self._edited_texts

    def today_agenda(self) -> Agenda:
        """The agenda as Today shows it: with the messages as edited."""
        return with_texts(self.model.agenda(), self.edited_texts)

    def _message_item(self) -> Action | None:
        """The highlighted Today item if it has a message, else None with a hint."""
        action = self.selected_action()
        if action is None or not action.message:
            self.notify("This item has no message to send.", severity="warning")
            return None
        return action

    # Sending ---------------------------------------------------------------

    def action_mail(self) -> None:
        """Open the highlighted item's message as a mail draft; it is logged only when the user says it went."""
        from app.sending.mailto import draft_url
        from app.sending.opener import open_in_app

        action = self._message_item()
        if action is None:
            return
        url = draft_url(action)
        if self.app.is_web:  # the browser opens it: nothing to wait for
            self._draft_opened(open_in_app(self.app, url))
        else:
            self._open_draft(url)

    @work(thread=True, group="send")
    def _open_draft(self, url: str) -> None:
        """Run the opener (it may take a few seconds to say whether it worked)."""
        from app.sending.opener import open_in_app

        opened = open_in_app(self.app, url)
        self.app.call_from_thread(self._draft_opened, opened)

    def _draft_opened(self, opened: Opened) -> None:
        if opened.ok:
            self.notify(f"{opened.message} Once it is sent, {self.key('done')} logs it.", title="Mail draft")
        else:
            title = f"Not opened: {self.key('copy')} copies the message"
            self.notify(opened.message, title=title, severity="warning", timeout=12)

    def action_edit_text(self) -> None:
        """Edit the highlighted item's message in the user's editor; Today, `w`, `y` and `d` then use it."""
        from app.sending.editor import edit_suspended

        action = self._message_item()
        if action is None or action.message is None:
            return
        edited = edit_suspended(self.app, action.message)
        if edited.text is None:
            unchanged = edited.message == "The text was left unchanged."
            self.notify(edited.message, title="Message", severity="information" if unchanged else "warning")
            return
        self.edited_texts[draft_key(action)] = edited.text
        self.refresh_views()
        self.notify(
            f"{edited.message} {self.key('mail')} mails it, {self.key('copy')} copies it, "
            f"{self.key('done')} logs it once sent.",
            title="Message edited",
        )

    def action_copy(self) -> None:
        """Copy the highlighted item's message (as edited), saying honestly how it was copied."""
        action = self._message_item()
        if action is not None and action.message:
            self._copy(action.message)

    @work(thread=True, group="send")
    def _copy(self, text: str) -> None:
        """Copy to the terminal (OSC 52, on the app's thread) and to a system clipboard program where one exists."""
        from app.sending.clipboard import copy_text

        app = self.app
        copied = copy_text(text, osc52=lambda t: app.call_from_thread(app.copy_to_clipboard, t))
        app.call_from_thread(self._copied, copied)

    def _copied(self, copied: Copied) -> None:
        if copied.ok:
            self.notify(copied.message, title="Copied")
        else:
            self.notify(copied.message, title="Not copied", severity="warning", timeout=10)

    # Jumping (the palette's "Go to ...") --------------------------------------

    def jump_targets(self) -> Iterable[Process]:
        """Every process loaded, closed ones too."""
        return list(self.model.processes.values())

    def go(self, process_id: int) -> None:
        """Select a process in Interviews; a closed one brings the closed ones into view, a filter hiding it goes."""
        process = self.model.processes.get(process_id)
        if process is None:
            return
        if not process.is_open:
            self.show_closed = True
        box = self.query_one("#filter", Input)
        if box.value:
            rows = self.model.summaries(show_closed=True, text=box.value)
            if process_id not in {row.process_id for row in rows}:
                box.value = ""
                box.display = False
                self.refresh_views()
        self.selected = process_id
        self.query_one("#processes", DataTable).focus()

    # First run and Settings -------------------------------------------------

    def offer_first_run(self) -> None:
        """After the first load: open the setup if the database is new (no processes, settings never saved)."""
        if self.model.processes or getattr(self, "_first_run_offered", False):
            return
        self._first_run_offered = True
        self._check_first_run()

    @work(thread=True, group="first-run")
    def _check_first_run(self) -> None:
        from app.storage.failures import is_storage_failure

        try:
            with self.db.lock:
                new = self.db.repo.count() == 0 and not self.db.repo.settings_saved()
        except Exception as exc:
            if not is_storage_failure(exc):
                raise
            return  # the load says why the database cannot be read
        if new:
            self.app.call_from_thread(self._set_up)

    def _set_up(self) -> None:
        """The first run's setup; skipping it writes nothing."""
        from app.tui.first_run import SetupScreen

        before = self.model.settings

        def skipped() -> None:
            hint = SKIPPED_HINT.format(add=self.key("add_process"), settings=self.key("settings"))
            self.notify(hint, title="Welcome", timeout=12)

        self.ask(SetupScreen(before, skipped=skipped), lambda result: self._start(before, result))

    def _start(self, before: Settings, result: SetupResult) -> None:
        """Save the setup's answer and start as chosen."""
        then: Callable[[], None] = self._reload_all
        if result.choice == "add":

            def then() -> None:
                self._reload_all()
                self.action_add_process()

        self.save(first_run_change(before, result, self.today), None, then=then)

    def _reload_all(self) -> None:
        """Read and judge everything again (new settings change every due day)."""
        self.load()

    def action_settings(self) -> None:
        """Your name, calendar, days off and the timing numbers, prefilled; saving judges everything again."""
        from app.tui.first_run import SetupScreen

        before = self.model.settings

        def saved(result: SetupResult) -> None:
            after = result.settings(before)
            if after == before:
                self.notify("Settings unchanged.")
                return
            self.save(settings_change(before, after), None, then=self._reload_all)

        self.ask(SetupScreen(before, first_run=False), saved)
