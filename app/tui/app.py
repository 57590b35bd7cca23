"""The Nudge dashboard's shell: the app that starts the main screen and stops cleanly on a bug.

The app is given its repository and its date, so tests build it on a
temporary database at a fixed day; `nudge` gives it where the database is
instead, and its first load opens it, so the first frame never waits on a
server's connect, sign-in and schema check. Everything the morning view shows and
does lives in `MainScreen` (`app.tui.main_screen`); the app holds what the
whole session shares: the keys in force, the theme, and how notices and
unexpected errors are shown.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App
from textual.notifications import SeverityLevel
from textual.worker import WorkerFailed

from app.errors import BadInput, NudgeError
from app.exports.common import clean
from app.rules.agenda import Action
from app.rules.ladder import say_date
from app.storage.location import Location, Server
from app.storage.repository import Repository
from app.tui.commands import NudgeCommands
from app.tui.database import Database
from app.tui.jump import JumpToProcess
from app.tui.keys import Clash, KeyMap
from app.tui.main_screen import MainScreen
from app.tui.messages import NotOpened, Opened
from app.tui.model import DashboardModel

if TYPE_CHECKING:
    from app.config import Effective


class NudgeApp(App[None]):
    """The full-screen morning view."""

    CSS_PATH = "app.tcss"
    TITLE = "Nudge"
    COMMANDS = App.COMMANDS | {NudgeCommands, JumpToProcess}

    def __init__(
        self,
        repo: Repository | Location,
        today: date,
        *,
        clock: Callable[[], datetime] | None = None,
        export_dir: Path | None = None,
        prefs: Effective | None = None,
    ) -> None:
        """On an open repository (its giver closes it), or on a location: the first load opens it, main.db closes it."""
        super().__init__()
        self.today = today
        self.prefs = prefs
        """The configuration in force (None in tests: built-in defaults, nothing saved to a config file)."""
        try:
            self.keys = KeyMap.resolve(prefs.keys if prefs else None)
        except Clash as exc:  # the config file is checked when read; this guards a caller that skipped it
            raise BadInput(str(exc), f"dashboard.keys.{exc.name}") from None
        self.main = MainScreen(
            Database(repo, prefs), today, self.keys, clock=clock, prefs=prefs,
            export_dir=export_dir or (prefs.export_folder if prefs else None),
        )  # fmt: skip
        self._themed = False
        self.stopped_on: str | None = None
        """The one line said on exit when the dashboard stopped on an unexpected error."""
        self.not_opened: Exception | None = None
        """Why the database could not be opened, for `run_dashboard` to say as a command would (None: it was)."""
        where = repo.path if isinstance(repo, Repository) else repo
        self._day = f"{say_date(today)} {today.year}"
        if isinstance(repo, Repository):
            self.sub_title = f"{self._day} · {where.name}"
        else:  # opened by the first load (`Opened` puts the plain title back)
            doing = "Connecting to" if isinstance(where, Server) else "Opening"
            self.sub_title = f"{self._day} · {doing} {where.name}…"

    def get_default_screen(self) -> MainScreen:
        return self.main

    @property
    def repo(self) -> Repository:
        """The open repository (StorageError before the first load opened it)."""
        return self.main.db.repo

    @on(Opened)
    def _opened(self) -> None:
        self.sub_title = f"{self._day} · {self.main.db.location.name}"

    @on(NotOpened)
    def _not_opened(self, message: NotOpened) -> None:
        """Leave with status 1; `run_dashboard` raises the error once the terminal is restored, for the CLI to say."""
        self.not_opened = message.error
        self.exit(return_code=1)

    def on_mount(self) -> None:
        self.set_keymap(self.keys.keymap())
        if self.prefs is not None:
            self.theme = self.prefs.theme
            self._themed = True

    # What tests and the palette read: the main screen's, by name ------------

    @property
    def model(self) -> DashboardModel:
        return self.main.model

    @property
    def loaded(self) -> bool:
        return self.main.loaded

    @property
    def selected(self) -> int | None:
        return self.main.selected

    @selected.setter
    def selected(self, process_id: int | None) -> None:
        self.main.selected = process_id

    @property
    def show_closed(self) -> bool:
        return self.main.show_closed

    @show_closed.setter
    def show_closed(self, show: bool) -> None:
        self.main.show_closed = show

    def selected_action(self) -> Action | None:
        """The highlighted Today item."""
        return self.main.selected_action()

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
