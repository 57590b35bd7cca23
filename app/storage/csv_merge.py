"""Writing a spreadsheet's rows: what is stored at the moment of writing, changed only where the file says.

`nudge import-csv` asks before it writes, and the dashboard or another
command may change a process meanwhile. So nothing read before the question
is written back: the stored state is read again for the write, and only the
changes the rows make (the rules are `app.csvimport.plan`'s `merged_head`,
`merged_contact`, `merged_days`, `new_events`) are written: a status when a
status cell was filled, a link, an address, a deadline or a day to wait until
the file gives, notes the file adds, new
contacts, interviews and messages. A field the file leaves empty is never
written at all, so nothing set meanwhile can be reverted.

The changes are worked out before the write lock is taken, from a read
snapshot, and written in one `BEGIN IMMEDIATE` transaction of plain
`executemany` statements (SQLModel's row-by-row path took 5 s of lock for
200,000 rows). If another connection committed in between (SQLite's
`data_version` moved), they are worked out again under the lock, so the write
always starts from what is stored. All rows are written, or none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from app.csvimport.plan import ReadRow, merged_contact, merged_days, merged_head, new_events
from app.rules.values import Contact
from app.storage.connection import read_transaction, write_transaction
from app.storage.dbapi import Connection

if TYPE_CHECKING:
    from app.storage.writer import MergeReport


@dataclass
class _Changes:
    """Rows to insert and update, as tuples in the columns' order, and the counts for the report."""

    processes: list[tuple[Any, ...]] = field(default_factory=list)
    process_updates: list[tuple[Any, ...]] = field(default_factory=list)
    contacts: list[tuple[Any, ...]] = field(default_factory=list)
    contact_updates: list[tuple[Any, ...]] = field(default_factory=list)
    interviews: list[tuple[Any, ...]] = field(default_factory=list)
    links: list[tuple[int, int, int]] = field(default_factory=list)
    messages: list[tuple[Any, ...]] = field(default_factory=list)
    tracked: int = 0


def stored_statuses(conn: Connection) -> dict[tuple[str, str], str]:
    """(company, role) -> status of every stored process: what the preview compares the rows with."""
    with read_transaction(conn):
        return {(c, r): s for c, r, s in conn.execute("SELECT company, role, status FROM process")}


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _data_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def merge_rows(conn: Connection, rows: Sequence[ReadRow]) -> MergeReport:
    """Merge checked spreadsheet rows into the database, all or nothing (see the module's docstring)."""
    from app.storage.writer import MergeReport

    version = _data_version(conn)
    with read_transaction(conn):
        changes = _changes(conn, rows)
    with write_transaction(conn):
        if _data_version(conn) != version:
            changes = _changes(conn, rows)
        _apply(conn, changes)
    return MergeReport(
        len(changes.processes), changes.tracked, len(changes.contacts), len(changes.interviews), len(changes.messages)
    )


def _next_id(conn: Connection, table: str) -> int:
    return int(conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def _changes(conn: Connection, rows: Sequence[ReadRow]) -> _Changes:
    """What writing `rows` over the stored state changes; reads only."""
    wanted = {(row.process.company, row.process.role): row for row in rows}
    heads: dict[tuple[str, str], tuple[int, str, str | None, str, date | None, date | None]] = {}
    for pid, company, role, status, link, notes, deadline, wait_until in conn.execute(
        "SELECT id, company, role, status, link, notes, deadline, wait_until FROM process"
    ):
        if (company, role) in wanted:
            heads[(company, role)] = (pid, status, link, notes, _day(deadline), _day(wait_until))
    contacts: dict[int, dict[str, Contact]] = defaultdict(dict)
    interviewed: dict[int, set[date]] = defaultdict(set)
    applied: dict[int, set[date]] = defaultdict(set)
    if heads:
        tracked = {head[0] for head in heads.values()}
        for cid, pid, name, role, email, phone, direct_ok in conn.execute(
            "SELECT id, process_id, name, role, email, phone, direct_ok FROM contact"
        ):
            if pid in tracked:
                contacts[pid][name] = Contact(
                    name=name, role=role, email=email, phone=phone, direct_ok=bool(direct_ok), id=cid
                )
        for pid, day in conn.execute("SELECT process_id, substr(at, 1, 10) FROM interview"):
            if pid in tracked:
                interviewed[pid].add(date.fromisoformat(day))
        for pid, day in conn.execute("SELECT process_id, substr(at, 1, 10) FROM message WHERE purpose = 'application'"):
            if pid in tracked:
                applied[pid].add(date.fromisoformat(day))

    out = _Changes()
    next_pid, next_cid, next_iid = (_next_id(conn, t) for t in ("process", "contact", "interview"))
    for key, row in wanted.items():
        p = row.process
        head = heads.get(key)
        if head is None:
            pid = next_pid
            next_pid += 1
            head_row = (pid, p.company, p.role, p.status, p.country, p.subdivision, p.link, p.notes)
            out.processes.append((*head_row, _iso(p.deadline), _iso(p.wait_until)))
            interviews, messages = p.interviews, p.messages
        else:
            pid, status, link, notes, deadline, wait_until = head
            out.tracked += 1
            merged = (*merged_head(status, link, notes, row), *merged_days(deadline, wait_until, row))
            if merged != (status, link, notes, deadline, wait_until):
                out.process_updates.append((*merged[:3], _iso(merged[3]), _iso(merged[4]), pid))
            interviews, messages = new_events(row, interviewed[pid], applied[pid])
        ids: dict[str, int] = {}
        for c in p.contacts:
            old = contacts[pid].get(c.name) if head is not None else None
            if old is None:
                ids[c.name] = next_cid
                out.contacts.append((next_cid, pid, c.name, c.role, c.email, c.phone, int(c.direct_ok)))
                next_cid += 1
            else:
                assert old.id is not None
                ids[c.name] = old.id
                new = merged_contact(old, c)
                if new != old:
                    out.contact_updates.append((new.role, new.email, new.phone, old.id))
        known = {name: c.id for name, c in contacts[pid].items() if c.id is not None} if head is not None else {}
        known.update(ids)
        for i in interviews:
            out.interviews.append((next_iid, pid, i.kind, i.at.iso(), i.notes))
            out.links.extend((next_iid, known[name], n) for n, name in enumerate(i.with_))
            next_iid += 1
        for m in messages:
            cid = known[m.contact] if m.contact is not None else None
            out.messages.append((pid, m.at.iso(), m.direction, cid, m.purpose, m.channel, m.signal, m.text))
    return out


def _apply(conn: Connection, changes: _Changes) -> None:
    """Write the changes; the caller holds the transaction."""
    conn.executemany(
        "INSERT INTO process (id, company, role, status, country, subdivision, link, notes, deadline, wait_until) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        changes.processes,
    )
    conn.executemany(
        "UPDATE process SET status = ?, link = ?, notes = ?, deadline = ?, wait_until = ? WHERE id = ?",
        changes.process_updates,
    )
    conn.executemany(
        "INSERT INTO contact (id, process_id, name, role, email, phone, direct_ok) VALUES (?, ?, ?, ?, ?, ?, ?)",
        changes.contacts,
    )
    conn.executemany("UPDATE contact SET role = ?, email = ?, phone = ? WHERE id = ?", changes.contact_updates)
    conn.executemany(
        "INSERT INTO interview (id, process_id, kind, at, notes) VALUES (?, ?, ?, ?, ?)", changes.interviews
    )
    conn.executemany(
        "INSERT INTO interview_contact (interview_id, contact_id, position) VALUES (?, ?, ?)", changes.links
    )
    conn.executemany(
        "INSERT INTO message (process_id, at, direction, contact_id, purpose, channel, signal, text) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        changes.messages,
    )
