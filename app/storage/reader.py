"""Reading the database into plain values, fast.

Reads use the standard library's sqlite3 directly: loading ten thousand
processes through ORM objects is several times slower, and `nudge agenda`
should not pay the start-up cost of SQLAlchemy for a read-only answer.
The SQL here reads exactly the tables `migrations` creates.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import fields
from datetime import date, datetime
from typing import Final

from app.rules.templates import DEFAULT_TEMPLATES
from app.rules.values import OPEN_STATUSES, Contact, Interview, Message, Moment, Process, Settings, Timing
from app.speed import paused_gc
from app.storage.connection import read_transaction


def _moment(text: str) -> Moment:
    """Stored times are canonical (written by `Moment.iso`), so skip the validating parser.

    Half of `nudge agenda`'s load time went to re-validating 100,000 stored times.
    """
    if len(text) == 10:
        return Moment(datetime.fromisoformat(text), False)
    return Moment(datetime.fromisoformat(text), True)


def _day(text: str | None) -> date | None:
    """A stored ISO day (deadline, wait until, promised answer), None when unset."""
    return date.fromisoformat(text) if text else None


_OPEN: Final = "status IN ({})".format(", ".join(f"'{status}'" for status in OPEN_STATUSES))
"""The SQL test for an open process, made from the one list of open statuses."""


def load_processes(
    conn: sqlite3.Connection,
    *,
    open_only: bool = False,
    closed_only: bool = False,
    process_id: int | None = None,
    share: tuple[int, int] | None = None,
) -> list[Process]:
    """Every process (or the open ones, the closed ones, or one) with its contacts, interviews and messages.

    Open is active or an offer in hand (`OPEN_STATUSES`): the processes that get
    actions and are listed first; closed is every other status.

    `share=(k, n)` keeps the processes whose id is k modulo n, so n processes
    can each read and judge their own part (see `app.parallel`).
    """
    with paused_gc():
        return _load_processes(conn, open_only=open_only, closed_only=closed_only, process_id=process_id, share=share)


def _load_processes(
    conn: sqlite3.Connection,
    *,
    open_only: bool,
    closed_only: bool,
    process_id: int | None,
    share: tuple[int, int] | None,
) -> list[Process]:
    where = ""
    args: tuple[int, ...] = ()
    if process_id is not None:
        where, args = "WHERE id = ?", (process_id,)
    elif open_only:
        where = f"WHERE {_OPEN}"
    elif closed_only:
        where = f"WHERE NOT {_OPEN}"
    if share is not None:
        part = f"id % {int(share[1])} = {int(share[0])}"
        where = f"{where} AND {part}" if where else f"WHERE {part}"
    scope = f"process_id IN (SELECT id FROM process {where})" if where else "1"
    with read_transaction(conn):
        heads = conn.execute(
            "SELECT id, company, role, status, country, subdivision, link, notes, deadline, wait_until "
            f"FROM process {where} ORDER BY id",
            args,
        ).fetchall()
        contact_rows = conn.execute(
            f"SELECT id, process_id, name, role, email, phone, direct_ok FROM contact WHERE {scope} ORDER BY id", args
        ).fetchall()
        interview_rows = conn.execute(
            f"SELECT id, process_id, kind, at, notes, expect_by FROM interview WHERE {scope} "
            "ORDER BY process_id, at, id",
            args,
        ).fetchall()
        met_rows = conn.execute(
            "SELECT ic.interview_id, ic.contact_id FROM interview_contact ic "
            "JOIN interview i ON i.id = ic.interview_id "
            f"WHERE {scope.replace('process_id', 'i.process_id')} ORDER BY ic.interview_id, ic.position",
            args,
        ).fetchall()
        message_rows = conn.execute(
            "SELECT id, process_id, at, direction, contact_id, purpose, channel, signal, text, expect_by FROM message "
            f"WHERE {scope} ORDER BY process_id, at, id",
            args,
        ).fetchall()

    names: dict[int, str] = {}
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for cid, pid, name, role, email, phone, direct_ok in contact_rows:
        names[cid] = name
        contacts[pid].append(Contact(name, role, email, phone, bool(direct_ok), cid))
    met: dict[int, list[str]] = defaultdict(list)
    for iid, cid in met_rows:
        met[iid].append(names[cid])
    interviews: dict[int, list[Interview]] = defaultdict(list)
    for iid, pid, kind, at, notes, iexpect in interview_rows:
        interviews[pid].append(Interview(kind, _moment(at), tuple(met.get(iid, ())), notes, iid, _day(iexpect)))
    messages: dict[int, list[Message]] = defaultdict(list)
    for mid, pid, at, direction, cid, purpose, channel, signal, text, mexpect in message_rows:
        messages[pid].append(
            Message(
                _moment(at),
                direction,
                names.get(cid) if cid is not None else None,
                purpose,
                channel,
                signal,
                text,
                mid,
                _day(mexpect),
            )
        )
    return [
        Process(
            company,
            role,
            status,
            country,
            subdivision,
            link,
            notes,
            tuple(contacts.get(pid, ())),
            tuple(interviews.get(pid, ())),
            tuple(messages.get(pid, ())),
            pid,
            _day(deadline),
            _day(wait_until),
        )
        for pid, company, role, status, country, subdivision, link, notes, deadline, wait_until in heads
    ]


def load_settings(conn: sqlite3.Connection) -> Settings:
    """The stored settings, defaults where none were saved."""
    stored = {key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM setting")}
    timing_names = {f.name for f in fields(Timing)}
    timing = Timing(**{k: v for k, v in (stored.get("timing") or {}).items() if k in timing_names})
    workdays = stored.get("workdays")
    return Settings(
        country=stored.get("country") or "US",
        subdivision=stored.get("subdivision"),
        workdays=tuple(workdays) if workdays is not None else None,
        days_off=tuple(date.fromisoformat(d) for d in stored.get("days_off") or ()),
        your_name=stored.get("your_name") or "",
        timing=timing,
    )


def settings_saved(conn: sqlite3.Connection) -> bool:
    """Whether anyone ever saved settings here (the config file fills in until then)."""
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM setting)").fetchone()[0])


def load_custom_templates(conn: sqlite3.Connection) -> dict[str, str]:
    """Only the templates the user replaced."""
    return dict(conn.execute("SELECT kind, body FROM template ORDER BY kind"))


def load_templates(conn: sqlite3.Connection) -> dict[str, str]:
    """Every template: the user's where they replaced one, Nudge's otherwise."""
    return {**DEFAULT_TEMPLATES, **load_custom_templates(conn)}


def count_open(conn: sqlite3.Connection) -> int:
    """How many processes are open (active, or an offer in hand)."""
    return int(conn.execute(f"SELECT count(*) FROM process WHERE {_OPEN}").fetchone()[0])


def count_processes(conn: sqlite3.Connection) -> int:
    """How many processes the database holds."""
    return int(conn.execute("SELECT count(*) FROM process").fetchone()[0])
