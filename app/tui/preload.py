"""Work out Today on a second CPU core while the dashboard is still starting.

Starting Textual (imports, first frame) and reading plus judging the active
processes are both CPU work, and Python threads take turns on one core: at
ten thousand processes the first useful frame came only after both, about a
second. Forked before Textual is imported, a child process reads the database
on its own connection and runs the rules while the parent starts the screen;
it sends the agenda first (the parent shows Today at once) and then every
active process with its actions (so the parent does not redo the work).

Only on Linux, where fork is cheap and safe this early (no other thread yet, and
the child leaves with `os._exit`, touching nothing it inherited). Anything
unexpected (no fork, a crash, a garbled pipe, a slow child) and the dashboard
simply loads the data itself, as it does everywhere else.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import sys
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.rules.agenda import Action, Agenda
from app.rules.values import Process, Settings

WAIT_SECONDS = 30.0
"""Longest wait for the child before loading the usual way."""


@dataclass(frozen=True)
class Loaded:
    """What the child worked out: every active process and its actions."""

    processes: list[Process]
    actions: dict[int, list[Action]]
    templates: dict[str, str]


class Preload:
    """The parent's end of the pipe from the child."""

    def __init__(self, pid: int, fd: int, version: int) -> None:
        self.pid, self.fd = pid, fd
        self.version = version
        """The parent connection's `data_version` read before the fork: a change made after it is noticed."""
        self._buffer = b""

    def agenda(self) -> Agenda | None:
        """Today's agenda, as soon as the child has it (None: load the usual way)."""
        found = self._next()
        return found if isinstance(found, Agenda) else None

    def loaded(self) -> Loaded | None:
        """The active processes and their actions (None: load the usual way)."""
        found = self._next()
        return found if isinstance(found, Loaded) else None

    def close(self) -> None:
        """Release the pipe and the child."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        with contextlib.suppress(ChildProcessError):  # already reaped
            os.waitpid(self.pid, 0)

    def _next(self) -> object:
        size = self._read(8)
        if size is None:
            return None
        body = self._read(int.from_bytes(size, "big"))
        if body is None:
            return None
        try:
            return pickle.loads(body)  # our own child, over our own pipe
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None

    def _read(self, n: int) -> bytes | None:
        while len(self._buffer) < n:
            if self.fd < 0:
                return None
            ready, _, _ = select.select([self.fd], [], [], WAIT_SECONDS)
            chunk = os.read(self.fd, max(n - len(self._buffer), 1 << 20)) if ready else b""
            if not chunk:
                self.close()
                return None
            self._buffer += chunk
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out


def start(path: Path, today: date, settings: Settings, days: int, version: int) -> Preload | None:
    """Fork the child that works out Today; None where that is not worth it or not possible."""
    if sys.platform != "linux" or os.environ.get("NUDGE_NO_PRELOAD") or threading.active_count() > 1:
        return None
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(read_end)
            _child(path, today, settings, days, write_end)
        except BaseException:  # noqa: BLE001 (any failure: the parent sees the pipe close and loads itself)
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return Preload(pid, read_end, version)


def _child(path: Path, today: date, settings: Settings, days: int, fd: int) -> None:
    from app.speed import paused_gc
    from app.storage.connection import connect
    from app.storage.reader import load_processes, load_templates
    from app.tui.model import DashboardModel

    with paused_gc():
        conn = connect(path, wal=False)  # our own connection; the parent's is never touched
        processes = load_processes(conn, active_only=True)
        templates = load_templates(conn)
        model = DashboardModel(today, days=days)
        model.replace_all(processes, settings, templates)
        _send(fd, model.agenda())
        _send(fd, Loaded(processes, {p.id: model.actions(p.id) for p in processes}, templates))


def _send(fd: int, value: object) -> None:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    data = memoryview(len(body).to_bytes(8, "big") + body)
    while data:
        written = os.write(fd, data)
        data = data[written:]
