"""The stored agenda: each open process's actions, judged once and kept for the days they hold.

Judging ten thousand processes at every start is the slow part of the
dashboard and of `nudge agenda`, yet a process's actions only change when the
process does, or on a few days its own dates fix. So they are kept in the
`judged` table, one row per open process, with the days `[valid_from,
valid_until)` on which judging it again gives the same actions. Start-up then
reads the rows and judges only the processes whose row is missing or whose
days have passed, and stores what it judged for the next start.

What in an action depends on "today" (see `validity`): which interviews are
past (`< today`) and which messages count (`<= today`), and whether a
thank-you is still timely. Those give the days the row holds for. How late an
item is (`overdue`) is counted again at every read, so it is not stored.

Every row was judged under one context (the `judged_context` row): the
settings, the templates, the installed `holidays` version and the rules' own
source. A read under another context re-judges everything and replaces the
rows. Changes to a process clear its row in the same transaction (triggers,
see `migrations`), whatever write made them; `refresh` then judges the
cleared rows again before the write commits, under the stored context.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from app.errors import NudgeError
from app.rules.agenda import Action, Agenda, actions_for, arrange
from app.rules.calendar import BusinessCalendar, CalendarBook
from app.rules.ladder import History
from app.rules.values import OPEN_STATUSES, Contact, Process, Settings, Timing
from app.storage.dbapi import Connection
from app.storage.reader import load_processes, load_settings, load_templates

_OPEN: Final = "status IN ({})".format(", ".join(f"'{status}'" for status in OPEN_STATUSES))
_ONE_DAY: Final = timedelta(days=1)
LOAD_ALL_FROM: Final = 20
"""From this many processes to judge, one read of every open process beats reading them one by one."""


# ---------------------------------------------------------------- the context


@functools.cache
def _source_digest() -> str:
    """A digest of the code that judges: the rules, the values they read, this module.

    Any change to it (an upgrade, or an edit while developing) re-judges
    everything, with no edition number to forget to raise. Reading these
    files costs well under a millisecond.
    """
    import app

    root = Path(app.__file__).parent
    digest = hashlib.sha256()
    files = [*sorted((root / "rules").glob("*.py")), *sorted((root / "domain").glob("*.py"))]
    files += [root / "plural.py", Path(__file__)]
    for file in files:
        try:
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
        except OSError:
            digest.update(file.name.encode() + b"\0missing")
    return digest.hexdigest()


def fingerprint(settings: Settings, templates: Mapping[str, str]) -> str:
    """What the stored rows were judged under: settings, templates, `holidays` version, the rules' code."""
    from app.holiday_store import holidays_version

    parts = [repr(settings), json.dumps(sorted(templates.items())), holidays_version() or "", _source_digest()]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Context:
    """The stored context: its fingerprint and the day the rows were last judged for."""

    fingerprint: str
    day: date


def stored_context(conn: Connection) -> Context | None:
    """The context the stored rows were judged under, None when nothing was stored yet."""
    try:
        row = conn.execute("SELECT fingerprint, day FROM judged_context WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return None  # a schema from before the stored agenda (mid-upgrade, or a copy being checked)
    if row is None:
        return None
    try:
        return Context(row[0], date.fromisoformat(row[1]))
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- the days a judgment holds


def _later(day: date) -> date | None:
    try:
        return day + _ONE_DAY
    except OverflowError:
        return None


def validity(process: Process, today: date, cal: BusinessCalendar, timing: Timing) -> tuple[date | None, date | None]:
    """The days `[first, until)` around `today` on which `actions_for` gives what it gives `today`.

    None means unbounded. Apart from `overdue`, the actions read `today` only
    through which interviews are past (from the day after each), which messages
    count (from their own day), and whether a thank-you for the latest past
    interview is still timely (until the day after its last day). Between two
    such days nothing in the actions moves.
    """
    first: date | None = None
    until: date | None = None

    def edge(day: date | None) -> None:
        nonlocal first, until
        if day is None:
            return
        if day <= today:
            first = day if first is None or day > first else first
        elif until is None or day < until:
            until = day

    for interview in process.interviews:
        edge(_later(interview.at.day))
    for message in process.messages:
        edge(message.at.day)
    last = History.of(process, today).last_interview
    if last is not None:
        with contextlib.suppress(OverflowError):
            edge(_later(cal.add(last.at.day, timing.thank_you_window)))
    return first, until


# ---------------------------------------------------------------- rows


def _encode(actions: Sequence[Action]) -> str:
    """The actions as JSON, without what a row does not keep (process id, company, role, overdue)."""
    out: list[list[Any]] = []
    for a in actions:
        c = a.contact
        contact = None if c is None else [c.name, c.role, c.email, c.phone, c.direct_ok, c.id]
        out.append([a.action, a.due.isoformat(), contact, a.reason, a.message, a.key, a.close_as])
    return json.dumps(out, ensure_ascii=False)


def _decode(parsed: list[Any], pid: int, company: str, role: str, overdue: _Overdue) -> list[Action]:
    actions = []
    for kind, due_text, c, reason, message, key, close_as in parsed:
        due = date.fromisoformat(due_text)
        contact = (
            None if c is None else Contact(name=c[0], role=c[1], email=c[2], phone=c[3], direct_ok=bool(c[4]), id=c[5])
        )
        actions.append(Action(pid, company, role, kind, due, overdue(due), contact, reason, message, key, close_as))
    return actions


class _Overdue:
    """Business days from `due` to `today` on one calendar, remembered per day (many items share one)."""

    def __init__(self, cal: BusinessCalendar, today: date) -> None:
        self.cal, self.today = cal, today
        self._seen: dict[date, int] = {}

    def __call__(self, due: date) -> int:
        found = self._seen.get(due)
        if found is None:
            found = self._seen[due] = self.cal.between(due, self.today)
        return found


@dataclass(frozen=True)
class Judged:
    """One open process's actions as of a day, and where it is (for its calendar)."""

    process_id: int
    country: str | None
    subdivision: str | None
    actions: list[Action]


@dataclass(frozen=True)
class Reading:
    """What a read found: every open process's actions, and how many had to be judged afresh."""

    judged: list[Judged]
    fresh: int
    """How many processes were judged now (their row was missing, stale, or of another context)."""
    processes: list[Process] | None = None
    """Every open process, when the caller asked for them."""


def _judge(
    process: Process, today: date, book: CalendarBook, settings: Settings, templates: Mapping[str, str]
) -> tuple[list[Action], tuple[date | None, date | None]]:
    cal = book.for_process(process)
    return actions_for(process, today, cal, settings, templates), validity(process, today, cal, settings.timing)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def read_open(
    conn: Connection,
    today: date,
    settings: Settings,
    templates: Mapping[str, str],
    *,
    with_processes: bool = False,
    store: bool = True,
) -> Reading:
    """Every open process's actions as of `today`: stored ones where they hold, the rest judged now.

    What was judged now is stored (when `store`), best effort: a file that
    cannot be written, or was changed by someone else meanwhile, simply keeps
    what it had. With `with_processes` every open process is read too (the
    dashboard lists them), in step with the actions.
    """
    for _ in range(3):
        before = _data_version(conn)
        reading, rows = _read(conn, today, settings, templates, with_processes)
        if _data_version(conn) == before:
            break  # nobody wrote between the reads: the rows and the processes agree
    if store and rows is not None:
        _store(conn, before, *rows)
    return reading


_Rows = tuple[str, date, bool, list[tuple[int, str, str | None, str | None]]]
"""What to store: fingerprint, day, whether to replace every row, and (id, actions, first, until) per row."""


def _read(
    conn: Connection,
    today: date,
    settings: Settings,
    templates: Mapping[str, str],
    with_processes: bool,
) -> tuple[Reading, _Rows | None]:
    key = fingerprint(settings, templates)
    context = stored_context(conn)
    same = context is not None and context.fingerprint == key
    processes = load_processes(conn, open_only=True) if with_processes else None
    day = today.isoformat()
    rows = conn.execute(
        "SELECT p.id, p.company, p.role, p.country, p.subdivision, j.actions FROM process p "
        "LEFT JOIN judged j ON j.process_id = p.id AND json_valid(j.actions) "
        "AND (j.valid_from IS NULL OR j.valid_from <= ?) AND (j.valid_until IS NULL OR ? < j.valid_until) "
        f"WHERE p.{_OPEN} ORDER BY p.id",
        (day, day),
    ).fetchall()
    book = CalendarBook(settings)
    overdue: dict[tuple[str | None, str | None], _Overdue] = {}
    found: dict[int, Judged] = {}
    missing: list[int] = []
    kept = []
    for row in rows:
        if same and row[5] is not None and row[5].startswith("["):
            kept.append(row)
        else:
            missing.append(row[0])
    # One parse for every row: each is a whole JSON array (json_valid above), so joined they cannot run together.
    parsed = json.loads("[" + ",".join(row[5] for row in kept) + "]")
    for (pid, company, role, country, subdivision, _), data in zip(kept, parsed, strict=True):
        count = overdue.get((country, subdivision))
        if count is None:
            count = overdue[(country, subdivision)] = _Overdue(book.get(country, subdivision), today)
        try:
            actions = _decode(data, pid, company, role, count)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, NudgeError):
            missing.append(pid)  # not what this build writes (a hand-edited or foreign file): judged again
            continue
        found[pid] = Judged(pid, country, subdivision, actions)
    stored: list[tuple[int, str, str | None, str | None]] = []
    if missing:
        for process in _processes(conn, missing, processes):
            actions, (first, until) = _judge(process, today, book, settings, templates)
            found[process.id] = Judged(process.id, process.country, process.subdivision, actions)
            stored.append((process.id, _encode(actions), _iso(first), _iso(until)))
    judged = [found[pid] for pid, *_ in rows if pid in found]
    to_store = (key, today, not same, stored) if stored or not same else None
    return Reading(judged, len(stored), processes), to_store


def _processes(conn: Connection, ids: list[int], loaded: list[Process] | None) -> Iterable[Process]:
    wanted = set(ids)
    if loaded is None and len(ids) >= LOAD_ALL_FROM:
        loaded = load_processes(conn, open_only=True)
    if loaded is not None:
        return [p for p in loaded if p.id in wanted]
    return [p for pid in ids for p in load_processes(conn, process_id=pid)]


def _data_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def _store(
    conn: Connection,
    version: int,
    key: str,
    day: date,
    replace_all: bool,
    rows: list[tuple[int, str, str | None, str | None]],
) -> None:
    """Keep what was judged, unless another connection wrote since it was read (then it may be stale)."""
    try:
        conn.execute("PRAGMA busy_timeout = 0")  # a writer at work: skip storing rather than wait for it
        try:
            conn.execute("BEGIN IMMEDIATE")
        finally:
            conn.execute(f"PRAGMA busy_timeout = {_busy_timeout()}")
        try:
            if _data_version(conn) == version:
                _write_rows(conn, key, day, replace_all, rows)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.Error:
        return  # read-only, locked or full: the next start judges these again


def _busy_timeout() -> int:
    from app.storage.connection import BUSY_TIMEOUT_MS

    return BUSY_TIMEOUT_MS


def _write_rows(
    conn: Connection,
    key: str,
    day: date,
    replace_all: bool,
    rows: list[tuple[int, str, str | None, str | None]],
) -> None:
    if replace_all:
        conn.execute("DELETE FROM judged")
    conn.execute(
        "INSERT INTO judged_context (id, fingerprint, day) VALUES (1, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, day = excluded.day",
        (key, day.isoformat()),
    )
    conn.executemany(
        "INSERT INTO judged (process_id, actions, valid_from, valid_until) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (process_id) DO UPDATE SET actions = excluded.actions, "
        "valid_from = excluded.valid_from, valid_until = excluded.valid_until",
        rows,
    )


# ---------------------------------------------------------------- after a write


def refresh_after_write(conn: Connection) -> None:
    """`refresh` at the end of every write transaction; its failure never costs the write.

    Inside a savepoint: if judging fails (a bug in a rule, a full disk), the
    rows it touched are put back as they were, the processes stay unjudged,
    and the next read judges them (and shows the problem, if it is one).
    """
    if not conn.in_transaction:
        return  # the write ended the transaction itself: nothing left to add to
    conn.execute("SAVEPOINT judged_refresh")
    try:
        refresh(conn)
    except Exception:  # noqa: BLE001  (see above: the user's change matters more than the cache)
        conn.execute("ROLLBACK TO judged_refresh")
    conn.execute("RELEASE judged_refresh")


def refresh(conn: Connection) -> int:
    """Judge again, inside the caller's write transaction, the open processes whose row a write cleared.

    They are judged under the stored context, for its day, when that context
    is the database's own settings and templates (the usual case). Under
    another context (settings from the config file only) or none yet, the rows
    stay missing and the next read judges them. Returns how many were judged.
    """
    context = stored_context(conn)
    if context is None:
        return 0
    settings, templates = load_settings(conn), load_templates(conn)
    if fingerprint(settings, templates) != context.fingerprint:
        return 0
    missing = [
        pid
        for (pid,) in conn.execute(
            f"SELECT id FROM process p WHERE p.{_OPEN} "
            "AND NOT EXISTS (SELECT 1 FROM judged j WHERE j.process_id = p.id) ORDER BY id"
        )
    ]
    if not missing:
        return 0
    book = CalendarBook(settings)
    rows = []
    for process in _processes(conn, missing, None):
        actions, (first, until) = _judge(process, context.day, book, settings, templates)
        rows.append((process.id, _encode(actions), _iso(first), _iso(until)))
    _write_rows(conn, context.fingerprint, context.day, False, rows)
    return len(rows)


# ---------------------------------------------------------------- the agenda


def stored_agenda(
    conn: Connection,
    today: date,
    settings: Settings,
    templates: Mapping[str, str],
    days: int,
    *,
    store: bool = True,
) -> Agenda:
    """The agenda for `today` from the stored actions, judging only what is missing or stale.

    `nudge agenda` passes `store=False`: a command that only reads never
    changes the file (a refused `-o`, a read-only copy, a file being synced),
    so what it had to judge afresh is judged again next time, unless a write
    or the dashboard has stored it by then.
    """
    book = CalendarBook(settings)
    places: dict[tuple[str | None, str | None], list[Action]] = {}
    for j in read_open(conn, today, settings, templates, store=store).judged:
        places.setdefault((j.country, j.subdivision), []).extend(j.actions)
    # One group per place: `arrange` works out each group's horizon once.
    return arrange(((book.get(*place), actions) for place, actions in places.items()), today, days)
