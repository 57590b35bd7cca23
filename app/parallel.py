"""`nudge agenda` on both CPU cores: a forked child judges half the open processes.

Reading ten thousand processes and running the rules is pure Python, so one
interpreter uses one core. Before reading, the command forks (see
`app.forked`): the child reads and judges the processes with odd ids and
sends back their actions; the parent does the even ones meanwhile, then
`arrange` orders them all exactly as a single pass would (a test compares the
two). Small searches are not worth the fork. If the child fails, the parent
judges its half too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from app.forked import Send, fork
from app.rules.agenda import Action, Agenda, actions_for, arrange
from app.rules.calendar import BusinessCalendar, CalendarBook
from app.rules.values import Process, Settings
from app.storage.connection import connect
from app.storage.reader import count_open, load_processes

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
    child = None
    if count_open(conn) >= threshold:

        def work(send: Send) -> None:
            own = connect(path, wal=False)  # our own connection; the parent's is never touched
            send(_judge(load_processes(own, open_only=True, share=(1, 2)), today, book, settings, templates))

        child = fork(work)
    if child is None:
        judged = _judge(load_processes(conn, open_only=True), today, book, settings, templates)
        return arrange(_with_calendars(judged, book), today, days)
    mine = _judge(load_processes(conn, open_only=True, share=(0, 2)), today, book, settings, templates)
    theirs = child.receive()
    child.close()
    if not isinstance(theirs, list):
        theirs = _judge(load_processes(conn, open_only=True, share=(1, 2)), today, book, settings, templates)
    return arrange(_with_calendars(mine + theirs, book), today, days)


def _judge(
    processes: list[Process], today: date, book: CalendarBook, settings: Settings, templates: Mapping[str, str]
) -> Judged:
    return [
        (p.country, p.subdivision, actions_for(p, today, book.for_process(p), settings, templates)) for p in processes
    ]


def _with_calendars(judged: Judged, book: CalendarBook) -> list[tuple[BusinessCalendar, list[Action]]]:
    return [(book.get(country, subdivision), actions) for country, subdivision, actions in judged if actions]
