"""Changing the database: every write goes through SQLModel inside `connection.write_transaction`.

The engine is made by `make_engine` on the repository's own connection (the
one `connection.open_database` opened, with its pragmas), never at import:
one file, one connection, for reads and writes alike. Each public function
is one `BEGIN IMMEDIATE` transaction (`writing`): it happens whole or not at all.

The values written are the records' fields, column by column: `_row` walks a
table's columns (`app.storage.tables`) and takes the field of the same name,
so no field is listed here (see `app.storage.columns`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from operator import attrgetter
from typing import Any

from sqlalchemy import CursorResult, Engine, Table, create_engine, delete, func, insert, update
from sqlalchemy import select as select_columns
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, col, select

from app.backup import Backup, settings_json
from app.errors import BadInput
from app.plural import plural
from app.rules.calendar import check_place
from app.rules.templates import DEFAULT_TEMPLATES, check_template
from app.rules.values import STATUSES, Contact, Interview, Message, Process, Settings
from app.storage.columns import conversion, day_fields, field_types, stored
from app.storage.connection import write_transaction
from app.storage.dbapi import Connection
from app.storage.failures import storage_error
from app.storage.records import ContactRef, InterviewRef, MessageRef, ProcessRef, Record
from app.storage.tables import (
    ContactRow,
    InterviewContactRow,
    InterviewRow,
    MessageRow,
    ProcessRow,
    SettingRow,
    TemplateRow,
)


def make_engine(conn: Connection) -> Engine:
    """SQLModel's engine on `conn`, an open, migrated database: it never opens a connection of its own.

    The pool hands out `conn` itself and never resets it (`writing` ends every
    transaction), so SQLAlchemy sees exactly what the reader sees.
    """
    if isinstance(conn, sqlite3.Connection):
        return create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool, pool_reset_on_return=None)
    from app.storage.pg_schema import server_engine  # a PostgreSQL database (app.storage.postgres)
    from app.storage.postgres import ServerConnection

    if not isinstance(conn, ServerConnection):
        raise TypeError(f"no write engine for a {type(conn).__name__}")
    return server_engine(conn)


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """One write transaction (`write_transaction`: BEGIN IMMEDIATE, committed whole or rolled back whole).

    The session runs inside it and never commits or rolls back on its own: it
    is joined "rollback only" to a transaction SQLAlchemy merely records, so
    the one BEGIN, COMMIT or ROLLBACK is `write_transaction`'s.

    A database failure leaves as a one-line `StorageError` (read-only, disk
    full, a linked record missing...), raised `from None`: SQLAlchemy's own
    text holds the SQL and the rows' values, and must reach no one.
    """
    try:
        with engine.connect() as link, write_transaction(_dbapi(link.connection.dbapi_connection)):
            link.begin()
            with Session(bind=link, join_transaction_mode="rollback_only") as session:
                yield session
                session.flush()
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise storage_error(exc) from None


@dataclass(frozen=True)
class MergeReport:
    """What an import did, for the one-line summary."""

    processes_added: int = 0
    processes_updated: int = 0
    contacts_added: int = 0
    interviews_added: int = 0
    messages_added: int = 0

    def summary(self) -> str:
        """ "2 processes added, 1 already there; 3 contacts, 4 interviews, 9 messages added"."""
        return (
            f"{plural(self.processes_added, 'process')} added, {self.processes_updated} already there; "
            f"{plural(self.contacts_added, 'contact')}, {plural(self.interviews_added, 'interview')}, "
            f"{plural(self.messages_added, 'message')} added"
        )


def _row(model: type[SQLModel], record: object, **given: Any) -> dict[str, Any]:
    """The values `record` gives the columns of `model`'s table, as stored, with the `given` ones (links, ids).

    Each column takes the record's field of the same name; a column the record
    has no field for (a link) is left out unless given. The record's own `id`
    is never taken: a new row's id is the database's (or `given`).
    """
    shape = _shape(model, type(record), tuple(given))
    return dict(zip(shape.columns, shape.values(record, *given.values()), strict=True))


@cache
def _columns(model: type[SQLModel]) -> tuple[str, ...]:
    return tuple(column.name for column in _table(model).columns)


@dataclass(frozen=True)
class _Shape:
    """How one record type fills one table: the columns, in order, and how to get their values at once.

    `columns` are those a field of the record fills (its id aside, and the
    `given` ones, which follow them); one getter reads those fields, and only
    the fields whose stored form differs (a Moment, a day, a vocabulary word)
    are converted. Worked out once per table, record type and given columns:
    an import writes 155,000 rows, and asking `columns.stored` about each of
    their million values once cost more than SQLite's inserts.
    """

    columns: tuple[str, ...]
    take: Callable[[Any], tuple[Any, ...]]
    convert: tuple[tuple[int, Callable[[Any], Any]], ...]

    def values(self, record: object, *given: Any) -> tuple[Any, ...]:
        """The record's values in `columns` order, as stored, followed by `given`."""
        values = self.take(record)
        if self.convert:
            converted = list(values)
            for index, to_column in self.convert:
                value = converted[index]
                if value is not None:
                    converted[index] = to_column(value)
            values = tuple(converted)
        return (*values, *given) if given else values


_SHAPES: dict[tuple[type[SQLModel], type, tuple[str, ...]], _Shape] = {}


def _shape(model: type[SQLModel], record: type, given: tuple[str, ...] = ()) -> _Shape:
    found = _SHAPES.get((model, record, given))
    if found is None:
        present = {f.name for f in fields(record)} - {"id", *given}
        names = tuple(name for name in _columns(model) if name in present)
        getter = attrgetter(*names)
        take: Callable[[Any], tuple[Any, ...]] = getter if len(names) > 1 else lambda r: (getter(r),)
        types = field_types(record)
        convert = tuple(
            (index, to_column) for index, name in enumerate(names) if (to_column := conversion(types[name]))
        )
        found = _SHAPES[(model, record, given)] = _Shape((*names, *given), take, convert)
    return found


@cache
def _insert_sql(model: type[SQLModel], columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {_table(model).name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


@cache
def _update_sql(model: type[SQLModel], columns: tuple[str, ...]) -> str:
    """Set every column but the last, the key the row is found by (its id)."""
    *values, key = columns
    return f"UPDATE {_table(model).name} SET {', '.join(f'{c} = ?' for c in values)} WHERE {key} = ?"


class _Bulk:
    """Rows of one table that a merge inserts or updates together: one `executemany` each.

    Straight to the connection, with SQL made from the table's own columns:
    SQLAlchemy's per-row parameter handling for 155,000 rows cost about a
    second, a quarter of the import, for statements it has nothing to add to.
    """

    def __init__(self, model: type[SQLModel], record: type, given: tuple[str, ...], *, update: bool) -> None:
        self.model, self.shape, self.update = model, _shape(model, record, given), update
        self.rows: list[tuple[Any, ...]] = []

    def add(self, record: object, *given: Any) -> None:
        self.rows.append(self.shape.values(record, *given))

    def write(self, s: Session) -> None:
        if self.rows:
            sql = (_update_sql if self.update else _insert_sql)(self.model, self.shape.columns)
            _driver(s).executemany(sql, self.rows)


def _driver(s: Session) -> Connection:
    """The session's own database connection (in sqlite3's shape on a PostgreSQL server too)."""
    return _dbapi(s.connection().connection.dbapi_connection)


def _dbapi(raw: object) -> Connection:
    if isinstance(raw, sqlite3.Connection):
        return raw
    from app.storage.postgres import facade_of  # a PostgreSQL database (app.storage.postgres)

    return facade_of(raw)


def _table(model: type[SQLModel]) -> Table:
    """The Core table behind a model: bulk inserts through it are one executemany.

    Given the ORM class, SQLAlchemy's ORM bulk path costs several times more.
    """
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def _next_id(session: Session, column: Any) -> int:
    return int(session.execute(select(func.coalesce(func.max(column), 0))).scalar_one()) + 1


def merge_backup(engine: Engine, backup: Backup) -> MergeReport:
    """Merge a validated backup into the database, all or nothing, idempotently.

    A process is matched by company + role, a contact by name within its process,
    an interview by kind + time, a message by time + direction + contact + purpose
    (messages sharing all four are matched in order: the n-th in the file with the
    n-th stored, so a re-import still adds nothing and an export re-imports whole).
    Matched records take the file's values; new ones are inserted in bulk (ids are
    assigned here, safely, because the transaction holds the write lock).
    """
    with writing(engine) as s:
        if backup.settings is not None:
            _replace_settings(s, backup.settings)
        for kind, body in backup.templates.items():
            _put_template(s, kind, body)

        process_ids = {
            (c, r): i
            for i, c, r in s.execute(select(col(ProcessRow.id), col(ProcessRow.company), col(ProcessRow.role)))
        }
        next_pid = _next_id(s, col(ProcessRow.id))
        next_cid = _next_id(s, col(ContactRow.id))
        next_iid = _next_id(s, col(InterviewRow.id))
        new_processes = _Bulk(ProcessRow, Process, ("id",), update=False)
        changed_processes = _Bulk(ProcessRow, Process, ("id",), update=True)
        old: list[int] = []
        for p in backup.processes:
            if (p.company, p.role) in process_ids:
                old.append(process_ids[(p.company, p.role)])
                changed_processes.add(p, old[-1])
            else:
                process_ids[(p.company, p.role)] = next_pid
                new_processes.add(p, next_pid)
                next_pid += 1
        new_processes.write(s)
        changed_processes.write(s)

        contact_ids: dict[tuple[int, str], int] = {}
        interview_ids: dict[tuple[int, str, str], int] = {}
        message_keys: dict[tuple[int, str, str, int | None, str], list[int]] = defaultdict(list)
        if old:
            for cid, pid, name in s.execute(
                select(col(ContactRow.id), col(ContactRow.process_id), col(ContactRow.name)).where(
                    col(ContactRow.process_id).in_(old)
                )
            ):
                contact_ids[(pid, name)] = cid
            for iid, pid, kind, at in s.execute(
                select(
                    col(InterviewRow.id), col(InterviewRow.process_id), col(InterviewRow.kind), col(InterviewRow.at)
                ).where(col(InterviewRow.process_id).in_(old))
            ):
                interview_ids[(pid, kind, at)] = iid
            for mid, pid, at, direction, cid, purpose in s.execute(
                select_columns(
                    col(MessageRow.id),
                    col(MessageRow.process_id),
                    col(MessageRow.at),
                    col(MessageRow.direction),
                    col(MessageRow.contact_id),
                    col(MessageRow.purpose),
                )
                .where(col(MessageRow.process_id).in_(old))
                .order_by(col(MessageRow.id))
            ):
                message_keys[(pid, at, direction, cid, purpose)].append(mid)

        # A moment's text is worked out once: it is part of the key and the value written.
        new_contacts = _Bulk(ContactRow, Contact, ("process_id", "id"), update=False)
        changed_contacts = _Bulk(ContactRow, Contact, ("id",), update=True)
        new_interviews = _Bulk(InterviewRow, Interview, ("at", "process_id", "id"), update=False)
        changed_interviews = _Bulk(InterviewRow, Interview, ("at", "id"), update=True)
        links: list[tuple[int, int, int]] = []
        relinked: list[int] = []
        new_messages = _Bulk(MessageRow, Message, ("at", "process_id", "contact_id"), update=False)
        changed_messages = _Bulk(MessageRow, Message, ("at", "contact_id", "id"), update=True)
        for p in backup.processes:
            pid = process_ids[(p.company, p.role)]
            for c in p.contacts:
                if (pid, c.name) in contact_ids:
                    changed_contacts.add(c, contact_ids[(pid, c.name)])
                else:
                    contact_ids[(pid, c.name)] = next_cid
                    new_contacts.add(c, pid, next_cid)
                    next_cid += 1
            for i in p.interviews:
                at = i.at.iso()
                key = (pid, i.kind, at)
                if key in interview_ids:
                    iid = interview_ids[key]
                    changed_interviews.add(i, at, iid)
                    relinked.append(iid)
                else:
                    iid = interview_ids[key] = next_iid
                    next_iid += 1
                    new_interviews.add(i, at, pid, iid)
                links.extend((iid, contact_ids[(pid, name)], n) for n, name in enumerate(i.with_))
            for m in p.messages:
                cid = contact_ids[(pid, m.contact)] if m.contact is not None else None
                at = m.at.iso()
                matched = message_keys.get((pid, at, m.direction, cid, m.purpose))
                if matched:
                    changed_messages.add(m, at, cid, matched.pop(0))
                else:
                    new_messages.add(m, at, pid, cid)
        for bulk in (
            new_contacts,
            new_interviews,
            new_messages,
            changed_contacts,
            changed_interviews,
            changed_messages,
        ):
            bulk.write(s)
        if relinked:
            s.execute(delete(InterviewContactRow).where(col(InterviewContactRow.interview_id).in_(relinked)))
        if links:
            _driver(s).executemany(_insert_sql(InterviewContactRow, ("interview_id", "contact_id", "position")), links)
        return MergeReport(
            len(new_processes.rows),
            len(changed_processes.rows),
            len(new_contacts.rows),
            len(new_interviews.rows),
            len(new_messages.rows),
        )


def _replace_settings(s: Session, settings: Settings) -> None:
    s.execute(delete(SettingRow))
    values = settings_json(settings)
    s.execute(insert(SettingRow), [{"key": k, "value": json.dumps(v, ensure_ascii=False)} for k, v in values.items()])


def _put_template(s: Session, kind: str, body: str) -> None:
    s.execute(delete(TemplateRow).where(col(TemplateRow.kind) == kind))
    if body != DEFAULT_TEMPLATES.get(kind):
        s.add(TemplateRow(kind=kind, body=body))


def save_settings(engine: Engine, settings: Settings) -> None:
    """Replace the stored settings."""
    with writing(engine) as s:
        _replace_settings(s, settings)


def save_templates(engine: Engine, templates: Mapping[str, str]) -> None:
    """Store replaced templates; a template equal to Nudge's default is stored as "not replaced"."""
    for kind, body in templates.items():
        check_template(kind, body)
    with writing(engine) as s:
        for kind, body in templates.items():
            _put_template(s, kind, body)


def _contact_id(s: Session, process_id: int, name: str | None) -> int | None:
    if name is None:
        return None
    found = s.execute(
        select(col(ContactRow.id)).where(col(ContactRow.process_id) == process_id, col(ContactRow.name) == name)
    ).scalar_one_or_none()
    if found is None:
        raise BadInput(f"no contact named {name!r} in this process")
    return int(found)


def add_process(engine: Engine, process: Process) -> int:
    """Insert a new process with its contacts; refuse a second one with the same company and role."""
    with writing(engine) as s:
        exists = s.execute(
            select(col(ProcessRow.id)).where(
                col(ProcessRow.company) == process.company, col(ProcessRow.role) == process.role
            )
        ).first()
        if exists:
            raise BadInput(f"{process.company} - {process.role} is already tracked")
        row = ProcessRow(**_row(ProcessRow, process))
        s.add(row)
        s.flush()
        assert row.id is not None
        for contact in process.contacts:
            s.add(ContactRow(**_row(ContactRow, contact, process_id=row.id)))
        return row.id


def update_process(engine: Engine, process_id: int, **values: Any) -> None:
    """Change fields of a process (status, notes, link, country, deadline...), checked like an imported one.

    `deadline` and `wait_until` are dates, or None to clear them.

    An unknown field is a programming error (TypeError); a bad status, an
    unknown place or a company + role already tracked is the user's (BadInput).
    """
    columns = [name for name in _columns(ProcessRow) if name != "id"]
    unknown = sorted(set(values) - set(columns))
    if unknown:
        raise TypeError(f"update_process() got unknown fields: {', '.join(unknown)}")
    if "status" in values and values["status"] not in STATUSES:
        raise BadInput(f"status must be one of {', '.join(STATUSES)}; got {values['status']!r}")
    for key in day_fields(Process) & set(values):
        if values[key] is not None and not isinstance(values[key], date):
            raise TypeError(f"update_process() takes {key} as a date or None")
    values = {key: stored(value) for key, value in values.items()}
    with writing(engine) as s:
        row = s.get(ProcessRow, process_id)
        if row is None:
            raise BadInput(f"no process with id {process_id}")
        new = {key: values.get(key, getattr(row, key)) for key in columns}
        if new["country"] is not None:
            new["country"], new["subdivision"] = check_place(new["country"], new["subdivision"])
        elif new["subdivision"] is not None:
            raise BadInput("a subdivision needs a country")
        clash = s.execute(
            select(col(ProcessRow.id)).where(
                col(ProcessRow.company) == new["company"],
                col(ProcessRow.role) == new["role"],
                col(ProcessRow.id) != process_id,
            )
        ).first()
        if clash:
            raise BadInput(f"{new['company']} - {new['role']} is already tracked")
        for key, value in new.items():
            setattr(row, key, value)


def add_contact(engine: Engine, process_id: int, contact: Contact) -> int:
    """Add a person to a process; names are unique within a process."""
    with writing(engine) as s:
        if s.execute(
            select(col(ContactRow.id)).where(
                col(ContactRow.process_id) == process_id, col(ContactRow.name) == contact.name
            )
        ).first():
            raise BadInput(f"{contact.name} is already a contact of this process")
        row = ContactRow(**_row(ContactRow, contact, process_id=process_id))
        s.add(row)
        s.flush()
        assert row.id is not None
        return row.id


def add_interview(engine: Engine, process_id: int, interview: Interview) -> int:
    """Log or schedule an interview; refuse a second one of the same kind at the same time."""
    with writing(engine) as s:
        exists = s.execute(
            select(col(InterviewRow.id)).where(
                col(InterviewRow.process_id) == process_id,
                col(InterviewRow.kind) == interview.kind,
                col(InterviewRow.at) == interview.at.iso(),
            )
        ).first()
        if exists:
            raise BadInput(f"this process already has a {interview.label} at {interview.at.iso()}")
        row = InterviewRow(**_row(InterviewRow, interview, process_id=process_id))
        s.add(row)
        s.flush()
        assert row.id is not None
        for n, name in enumerate(interview.with_):
            cid = _contact_id(s, process_id, name)
            assert cid is not None
            s.add(InterviewContactRow(interview_id=row.id, contact_id=cid, position=n))
        return row.id


def add_message(engine: Engine, process_id: int, message: Message) -> int:
    """Log a message in or out."""
    with writing(engine) as s:
        row = MessageRow(
            **_row(MessageRow, message, process_id=process_id, contact_id=_contact_id(s, process_id, message.contact))
        )
        s.add(row)
        s.flush()
        assert row.id is not None
        return row.id


def _process_matches(ref: ProcessRef) -> Any:
    """The process row `ref` names, only while its company and role are still those."""
    return (
        (col(ProcessRow.id) == ref.id) & (col(ProcessRow.company) == ref.company) & (col(ProcessRow.role) == ref.role)
    )


def _still(record: Record) -> tuple[type[SQLModel], Any]:
    """The table of `record` and the condition that finds it only as it was."""
    if isinstance(record, ProcessRef):
        return ProcessRow, _process_matches(record)
    in_process = select(col(ProcessRow.id)).where(_process_matches(record.process))
    if isinstance(record, ContactRef):
        return ContactRow, (
            (col(ContactRow.id) == record.id)
            & (col(ContactRow.name) == record.name)
            & col(ContactRow.process_id).in_(in_process)
        )
    if isinstance(record, InterviewRef):
        return InterviewRow, (
            (col(InterviewRow.id) == record.id)
            & (col(InterviewRow.kind) == record.kind)
            & (col(InterviewRow.at) == record.at)
            & col(InterviewRow.process_id).in_(in_process)
        )
    assert isinstance(record, MessageRef)
    if record.contact is None:
        who = col(MessageRow.contact_id).is_(None)
    else:
        who = col(MessageRow.contact_id).in_(
            select(col(ContactRow.id)).where(
                col(ContactRow.process_id) == record.process.id, col(ContactRow.name) == record.contact
            )
        )
    return MessageRow, (
        (col(MessageRow.id) == record.id)
        & (col(MessageRow.at) == record.at)
        & (col(MessageRow.direction) == record.direction)
        & (col(MessageRow.purpose) == record.purpose)
        & who
        & col(MessageRow.process_id).in_(in_process)
    )


def delete_record(engine: Engine, record: Record) -> bool:
    """Remove one record (for undo) if it is still the one that was added; its children go with it.

    False when no row is both that id and that record (a restore or an import
    elsewhere replaced it): then nothing is touched.
    """
    table, still = _still(record)
    with writing(engine) as s:
        done: CursorResult[Any] = s.execute(delete(table).where(still))  # type: ignore[assignment]
        return bool(done.rowcount)


def put_back_status(engine: Engine, process: ProcessRef, now: str, before: str) -> bool:
    """Set a process's status back to `before` (for undo), only while it is still that process at `now`."""
    with writing(engine) as s:
        done: CursorResult[Any] = s.execute(  # type: ignore[assignment]
            update(ProcessRow).where(_process_matches(process), col(ProcessRow.status) == now).values(status=before)
        )
        return bool(done.rowcount)
