"""Reading the database into plain values, fast.

Reads use the standard library's sqlite3 directly: loading ten thousand
processes through ORM objects is several times slower, and `nudge agenda`
should not pay the start-up cost of SQLAlchemy for a read-only answer.

No column is listed here: each record is read from the columns the database
has that are named like its fields (see `app.storage.columns`), plus the
links that place it (`process_id`, `contact_id`). The database's columns are
the SQLModel tables' (tests/test_storage_schema.py), so a field added there
and to its record is read without a change here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import fields
from datetime import date
from functools import cache
from typing import Any, Final

from app.rules.templates import DEFAULT_TEMPLATES
from app.rules.values import OPEN_STATUSES, Contact, Interview, Message, Process, Settings, Timing
from app.storage.columns import loaders
from app.storage.connection import read_transaction
from app.storage.dbapi import Connection

_OPEN: Final = "status IN ({})".format(", ".join(f"'{status}'" for status in OPEN_STATUSES))
"""The SQL test for an open process, made from the one list of open statuses."""


def load_processes(
    conn: Connection,
    *,
    open_only: bool = False,
    closed_only: bool = False,
    process_id: int | None = None,
) -> list[Process]:
    """Every process (or the open ones, the closed ones, or one) with its contacts, interviews and messages.

    Open is active or an offer in hand (`OPEN_STATUSES`): the processes that get
    actions and are listed first; closed is every other status.
    """
    return _load_processes(conn, open_only=open_only, closed_only=closed_only, process_id=process_id)


def _load_processes(
    conn: Connection,
    *,
    open_only: bool,
    closed_only: bool,
    process_id: int | None,
) -> list[Process]:
    where = ""
    args: tuple[int, ...] = ()
    if process_id is not None:
        where, args = "WHERE id = ?", (process_id,)
    elif open_only:
        where = f"WHERE {_OPEN}"
    elif closed_only:
        where = f"WHERE NOT {_OPEN}"
    scope = f"process_id IN (SELECT id FROM process {where})" if where else "TRUE"
    with read_transaction(conn):
        heads = _read(conn, Process, "process", f"{where} ORDER BY id", args)
        contact_rows = _read(conn, Contact, "contact", f"WHERE {scope} ORDER BY id", args, "process_id")
        interview_rows = _read(
            conn, Interview, "interview", f"WHERE {scope} ORDER BY process_id, at, id", args, "process_id"
        )
        met_rows = conn.execute(
            "SELECT ic.interview_id, ic.contact_id FROM interview_contact ic "
            "JOIN interview i ON i.id = ic.interview_id "
            f"WHERE {scope.replace('process_id', 'i.process_id')} ORDER BY ic.interview_id, ic.position",
            args,
        ).fetchall()
        message_rows = _read(
            conn, Message, "message", f"WHERE {scope} ORDER BY process_id, at, id", args, "process_id", "contact_id"
        )

    names: dict[int, str] = {}
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for contact, (pid,) in contact_rows:
        names[contact["id"]] = contact["name"]
        contacts[pid].append(Contact(**contact))
    met: dict[int, list[str]] = defaultdict(list)
    for iid, cid in met_rows:
        met[iid].append(names[cid])
    interviews: dict[int, list[Interview]] = defaultdict(list)
    for interview, (pid,) in interview_rows:
        interviews[pid].append(Interview(**interview, with_=tuple(met.get(interview["id"], ()))))
    messages: dict[int, list[Message]] = defaultdict(list)
    for message, (pid, cid) in message_rows:
        messages[pid].append(Message(**message, contact=names.get(cid) if cid is not None else None))
    return [
        Process(
            **head,
            contacts=tuple(contacts.get(head["id"], ())),
            interviews=tuple(interviews.get(head["id"], ())),
            messages=tuple(messages.get(head["id"], ())),
        )
        for head, _ in heads
    ]


@cache
def _fields(record: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(record))


def _read(
    conn: Connection, record: type, table: str, rest: str, args: tuple[Any, ...], *links: str
) -> Iterator[tuple[dict[str, Any], tuple[Any, ...]]]:
    """The rows of `table` (filtered and ordered by `rest`) as `record`'s field values, each with its `links`.

    The columns are those of the table named like a field of the record,
    asked of the database itself; values are converted by the field's type.
    """
    wanted = _fields(record)
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[1] in wanted]
    convert: list[tuple[str, Callable[[Any], Any]]] = [
        (name, load) for name, load in loaders(record).items() if name in columns
    ]
    rows = conn.execute(f"SELECT {', '.join([*columns, *links])} FROM {table} {rest}", args).fetchall()
    split = len(columns)
    return _records(rows, columns, convert, split)


def _records(
    rows: list[Any], columns: list[str], convert: list[tuple[str, Callable[[Any], Any]]], split: int
) -> Iterator[tuple[dict[str, Any], tuple[Any, ...]]]:
    for row in rows:
        values = dict(zip(columns, row, strict=False))
        for name, load in convert:
            values[name] = load(values[name])
        yield values, row[split:]


def load_settings(conn: Connection) -> Settings:
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


def settings_saved(conn: Connection) -> bool:
    """Whether anyone ever saved settings here (the config file fills in until then)."""
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM setting)").fetchone()[0])


def load_custom_templates(conn: Connection) -> dict[str, str]:
    """Only the templates the user replaced."""
    return dict(conn.execute("SELECT kind, body FROM template ORDER BY kind"))


def load_templates(conn: Connection) -> dict[str, str]:
    """Every template: the user's where they replaced one, Nudge's otherwise."""
    return {**DEFAULT_TEMPLATES, **load_custom_templates(conn)}


def count_open(conn: Connection) -> int:
    """How many processes are open (active, or an offer in hand)."""
    return int(conn.execute(f"SELECT count(*) FROM process WHERE {_OPEN}").fetchone()[0])


def count_processes(conn: Connection) -> int:
    """How many processes the database holds."""
    return int(conn.execute("SELECT count(*) FROM process").fetchone()[0])
