"""`nudge agenda` on both CPU cores: a forked child judges half the active processes.

Reading ten thousand processes and running the rules is pure Python, so one
interpreter uses one core. On Linux the command forks before reading: the
child reads and judges the processes with odd ids on its own connection and
sends back their actions; the parent does the even ones meanwhile, then
`arrange` orders them all exactly as a single pass would (a test compares the
two). Small searches are not worth the fork. Any trouble in the child (a
crash, a garbled pipe) and the parent judges the child's half itself.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import sys
import threading
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from app.rules.agenda import Action, Agenda, actions_for, arrange
from app.rules.calendar import BusinessCalendar, CalendarBook
from app.rules.values import Process, Settings
from app.storage.reader import count_active, load_processes

WORTH_FORKING = 300
"""Active processes from which a second core pays for the fork and the pipe (about 10 ms)."""

Judged = list[tuple[str | None, str | None, list[Action]]]
"""Each process's place (country, subdivision) and actions: what `arrange` needs, in a picklable form."""


def agenda_on_two_cores(
    path: Path,
    conn: sqlite3.Connection,
    today: date,
    settings: Settings,
    templates: Mapping[str, str],
    days: int,
    *,
    threshold: int = WORTH_FORKING,
) -> Agenda:
    """The agenda of the database at `path` (open as `conn`), judged on two cores when that pays."""
    book = CalendarBook(settings)
    can_fork = sys.platform == "linux" and threading.active_count() == 1 and not os.environ.get("NUDGE_NO_FORK")
    if not can_fork or count_active(conn) < threshold:
        judged = _judge(load_processes(conn, active_only=True), today, book, settings, templates)
        return arrange(_with_calendars(judged, book), today, days)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: judge the odd ids, send them, leave without touching what it inherited
        code = 1
        try:
            os.close(read_end)
            from app.storage.connection import connect

            own = connect(path, wal=False)
            judged = _judge(load_processes(own, active_only=True, share=(1, 2)), today, book, settings, templates)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(judged, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    mine = _judge(load_processes(conn, active_only=True, share=(0, 2)), today, book, settings, templates)
    theirs = _receive(read_end, pid)
    if theirs is None:
        theirs = _judge(load_processes(conn, active_only=True, share=(1, 2)), today, book, settings, templates)
    return arrange(_with_calendars(mine + theirs, book), today, days)


def _judge(
    processes: list[Process], today: date, book: CalendarBook, settings: Settings, templates: Mapping[str, str]
) -> Judged:
    return [
        (p.country, p.subdivision, actions_for(p, today, book.for_process(p), settings, templates)) for p in processes
    ]


def _with_calendars(judged: Judged, book: CalendarBook) -> list[tuple[BusinessCalendar, list[Action]]]:
    return [(book.get(country, subdivision), actions) for country, subdivision, actions in judged if actions]


def _receive(fd: int, pid: int) -> Judged | None:
    try:
        with os.fdopen(fd, "rb") as pipe:
            data = pipe.read()
        found = pickle.loads(data) if data else None  # our own child, over our own pipe
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        found = None
    finally:
        os.waitpid(pid, 0)
    return found if isinstance(found, list) else None
