"""Work out Today on a second CPU core while the dashboard is still starting.

Starting Textual (imports, first frame) and reading plus judging the active
processes are both CPU work, and Python threads take turns on one core: at
ten thousand processes the first useful frame came only after both, about a
second. Forked before Textual is imported, a child process reads the database
on its own connection and runs the rules while the parent starts the screen;
it sends the agenda first (the parent shows Today at once) and then every
active process with its actions (so the parent does not redo the work).

How the child runs and what happens when it fails is `app.forked`'s: the
dashboard then simply loads the data itself, as it does everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.forked import Child, Send, fork
from app.rules.agenda import Action, Agenda
from app.rules.values import Process, Settings


@dataclass(frozen=True)
class Loaded:
    """What the child worked out: every active process and its actions."""

    processes: list[Process]
    actions: dict[int, list[Action]]
    templates: dict[str, str]


class Preload:
    """The dashboard's end of the child: the agenda first, then the model."""

    def __init__(self, child: Child, version: int) -> None:
        self.child = child
        self.version = version
        """The parent connection's `data_version` read before the fork: a change made after it is noticed."""

    def agenda(self) -> Agenda | None:
        """Today's agenda, as soon as the child has it (None: load the usual way)."""
        found = self.child.receive()
        return found if isinstance(found, Agenda) else None

    def loaded(self) -> Loaded | None:
        """The active processes and their actions (None: load the usual way)."""
        found = self.child.receive()
        return found if isinstance(found, Loaded) else None

    def close(self) -> None:
        """Release the pipe and the child."""
        self.child.close()


def start(path: Path, today: date, settings: Settings, days: int, version: int) -> Preload | None:
    """Fork the child that works out Today; None where that is not possible (see `app.forked`)."""

    def work(send: Send) -> None:
        from app.speed import paused_gc
        from app.storage.connection import connect
        from app.storage.reader import load_processes, load_templates
        from app.tui.model import DashboardModel

        with paused_gc():
            conn = connect(path, wal=False)  # our own connection; the parent's is never touched
            processes = load_processes(conn, open_only=True)
            templates = load_templates(conn)
            model = DashboardModel(today, days=days)
            model.replace_all(processes, settings, templates)
            send(model.agenda())
            send(Loaded(processes, {p.id: model.actions(p.id) for p in processes}, templates))

    child = fork(work, switch_off="NUDGE_NO_PRELOAD")
    return Preload(child, version) if child is not None else None
