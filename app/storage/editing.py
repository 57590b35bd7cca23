"""Editing and deleting stored records, and replaying those changes for undo and redo.

Every function here is one write transaction (`writer.writing`: BEGIN
IMMEDIATE, rolled back whole on any error), so a refused or failed change
leaves the file exactly as it was.

A change is recorded as the rows it touched, every column before and after,
ids included (`records.Changed`). Undo writes the "before" rows back, redo the
"after" rows, in one transaction and only while every touched row is still
exactly as the change left it: a record edited, deleted or replaced elsewhere
since (another window, an import, a restore putting another record under the
same id) makes the replay refuse and touch nothing. A deleted row comes back
with its own id, so everything that named it (an interview's people, a
message's contact) is whole again.

Deleting a process takes its contacts, interviews and messages. Deleting a
contact keeps what happened: their messages stay (from or to nobody named)
and their interviews stay (without them among who it was with); undo puts
the person back in both.

An interview accepted from a calendar invitation is linked to it (a digest of
its UID, see `app.mail.memory`). Deleting the interview (or its process) keeps
the link, pointing at nothing, so a later update of that meeting is known as
one of an interview the seeker removed; undo links it again.

New values are checked as a backup's or a spreadsheet's are (`backup.check_process`,
the one check of what a record may hold), and uniqueness as the additions
check it (one process per company + role, one contact per name in a process,
one interview per kind and time). Error messages name the field, never the
stored values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from enum import Enum, StrEnum
from typing import Any, TypeVar

from sqlalchemy import Engine, Table, and_, delete, insert, select, update
from sqlalchemy.orm import Session

from app.domain.checks import check_contact, check_interview, check_message, check_process
from app.domain.records import Contact, Interview, Message, Moment, Process
from app.domain.vocabulary import InterviewKind, Purpose
from app.errors import BadInput
from app.plural import plural
from app.rules.ladder import say_date
from app.storage.records import (
    Changed,
    ContactRef,
    InterviewRef,
    MessageRef,
    ProcessRef,
    Record,
    Row,
    RowEdit,
    listing,
)
from app.storage.tables import (
    ContactRow,
    InterviewContactRow,
    InterviewRow,
    MailInvitationRow,
    MessageRow,
    ProcessRow,
)
from app.storage.writer import writing

R = TypeVar("R")
E = TypeVar("E", bound=StrEnum)


class Duplicate(BadInput):
    """The edit would make a record the same as another one of its process (a name, a kind at a time)."""


class AlreadyTracked(Duplicate):
    """Renaming a process onto the company + role of another one: refused, nothing saved."""

    def __init__(self) -> None:
        super().__init__("another process already has this company and role", "company")


class Gone(BadInput):
    """The record to edit or delete is no longer stored as it was shown (changed elsewhere): nothing saved."""

    def __init__(self) -> None:
        super().__init__("this record was changed or deleted elsewhere; nothing was saved")


class _Refused(Exception):
    """A replayed row is not as the change left it: roll back, report False."""


# The five record tables (and the invitation an interview came from), and how their rows hang together

_MODELS: tuple[Any, ...] = (ProcessRow, ContactRow, InterviewRow, InterviewContactRow, MessageRow, MailInvitationRow)
_TABLES: dict[str, Table] = {str(model.__tablename__): model.__table__ for model in _MODELS}
_KEYS: dict[str, tuple[str, ...]] = {name: tuple(c.name for c in table.primary_key) for name, table in _TABLES.items()}
_UNIQUE: dict[str, tuple[str, ...]] = {
    "process": ("company", "role"),
    "contact": ("process_id", "name"),
    "interview": ("process_id", "kind", "at"),
    "mail_invitation": ("digest",),
}
"""The natural keys the schema holds unique: a replayed row must not take another row's."""
_PARENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "contact": (("process_id", "process"),),
    "interview": (("process_id", "process"),),
    "message": (("process_id", "process"), ("contact_id", "contact")),
    "interview_contact": (("interview_id", "interview"), ("contact_id", "contact")),
    "mail_invitation": (("interview_id", "interview"),),
}
"""Each table's links (column, table linked to), as the schema's foreign keys."""
_CHILDREN: dict[str, tuple[tuple[str, str], ...]] = {
    parent: tuple((child, column) for child, links in _PARENTS.items() for column, p in links if p == parent)
    for parent in ("process", "contact", "interview")
}


def _where(table: Table, values: dict[str, Any]) -> Any:
    return and_(*(table.c[column] == value for column, value in values.items()))


def _key(name: str, key: tuple[int, ...]) -> dict[str, int]:
    return dict(zip(_KEYS[name], key, strict=True))


def _as_row(name: str, mapping: Any) -> Row:
    return tuple((column.name, mapping[column.name]) for column in _TABLES[name].columns)


def _read(s: Session, name: str, key: tuple[int, ...]) -> Row | None:
    table = _TABLES[name]
    found = s.execute(select(table).where(_where(table, _key(name, key)))).mappings().first()
    return _as_row(name, found) if found is not None else None


def _rows(s: Session, name: str, **equal: Any) -> list[Row]:
    """Every row of table `name` whose columns equal `equal`, in key order."""
    table = _TABLES[name]
    order = [table.c[column] for column in _KEYS[name]]
    found = s.execute(select(table).where(_where(table, equal)).order_by(*order)).mappings()
    return [_as_row(name, row) for row in found]


def _row_key(name: str, row: Row) -> tuple[int, ...]:
    values = dict(row)
    return tuple(int(values[column]) for column in _KEYS[name])


def _exists(s: Session, name: str, condition: Any) -> bool:
    table = _TABLES[name]
    return s.execute(select(table.c[_KEYS[name][0]]).where(condition).limit(1)).first() is not None


def _apply(s: Session, edits: Iterable[RowEdit]) -> None:
    """Write each row edit in order, each only from the state it expects; `_Refused` otherwise.

    Checked per row before it is written: the row is exactly `before` (absent
    for an insert); a row to delete has nothing else still linked to it (the
    schema would otherwise cascade the delete onto a record added since); a row
    to write takes no other row's natural key and links only to rows that exist.
    """
    for edit in edits:
        table = _TABLES[edit.table]
        where = _where(table, _key(edit.table, edit.key))
        if _read(s, edit.table, edit.key) != edit.before:
            raise _Refused
        if edit.after is None:
            for child, column in _CHILDREN.get(edit.table, ()):
                if _exists(s, child, _TABLES[child].c[column] == edit.key[0]):
                    raise _Refused
            s.execute(delete(table).where(where))
            continue
        after = dict(edit.after)
        unique = _UNIQUE.get(edit.table)
        if unique and _exists(s, edit.table, _where(table, {c: after[c] for c in unique}) & ~where):
            raise _Refused
        for column, parent in _PARENTS.get(edit.table, ()):
            if after[column] is not None and _read(s, parent, (after[column],)) is None:
                raise _Refused
        if edit.before is None:
            s.execute(insert(table).values(after))
        else:
            s.execute(update(table).where(where).values(after))


def replay(engine: Engine, edits: Sequence[RowEdit]) -> bool:
    """Apply row edits (a change's, or their reverse for undo) in one transaction.

    False, touching nothing, when any row is refused.
    """
    try:
        with writing(engine) as s:
            _apply(s, edits)
    except _Refused:
        return False
    return True


def _save(s: Session, edits: Sequence[RowEdit]) -> None:
    """Write a fresh change: its rows were read in this same transaction, so a refusal means a bug or a race lost."""
    try:
        _apply(s, edits)
    except _Refused:
        raise Gone from None


# Finding what a reference names, only while it is still that record ---------------------------


def _process(s: Session, ref: ProcessRef) -> dict[str, Any]:
    row = _read(s, "process", (ref.id,))
    if row is None or (dict(row)["company"], dict(row)["role"]) != (ref.company, ref.role):
        raise Gone
    return dict(row)


def _contact_names(s: Session, process_id: int) -> dict[int, str]:
    return {int(dict(row)["id"]): dict(row)["name"] for row in _rows(s, "contact", process_id=process_id)}


def _find(s: Session, record: Record) -> dict[str, Any]:
    """The stored row `record` names, as a dict; `Gone` unless its id and natural key both still agree."""
    if isinstance(record, ProcessRef):
        return _process(s, record)
    _process(s, record.process)
    found = _read(s, _table_of(record), (record.id,))
    row = dict(found) if found is not None else {}
    if not row or row["process_id"] != record.process.id:
        raise Gone
    if isinstance(record, ContactRef):
        same = row["name"] == record.name
    elif isinstance(record, InterviewRef):
        same = (row["kind"], row["at"]) == (record.kind, record.at)
    else:
        names = _contact_names(s, record.process.id)
        contact = names.get(row["contact_id"]) if row["contact_id"] is not None else None
        same = (row["at"], row["direction"], row["purpose"], contact) == (
            record.at,
            record.direction,
            record.purpose,
            record.contact,
        )
    if not same:
        raise Gone
    return row


def _table_of(record: Record) -> str:
    if isinstance(record, ProcessRef):
        return "process"
    if isinstance(record, ContactRef):
        return "contact"
    return "interview" if isinstance(record, InterviewRef) else "message"


# Checking new values as an addition or an import would ----------------------------------------


def _field(where: str | None) -> str | None:
    """The form field a check's path names: "with[1]" is "with", "interviews[0].at" is "at"."""
    return re.sub(r"\[\d+\]$", "", where.rsplit(".", 1)[-1]) if where else None


def _checked(check: Callable[..., R], *args: Any) -> R:
    """A record through its check (app.domain.checks: trimmed, CRLF as LF), or BadInput naming the form field."""
    try:
        return check(*args)
    except BadInput as exc:
        raise BadInput(exc.problem, _field(exc.where)) from None


def _edit(name: str, before: dict[str, Any], values: dict[str, Any]) -> tuple[RowEdit, ...]:
    """The row edit from `before` to it with `values`, or none when nothing differs.

    Words are stored as their plain text (a StrEnum member equals it, but a
    change holds exactly what the database does).
    """
    after = {**before, **{k: v.value if isinstance(v, Enum) else v for k, v in values.items()}}
    if after == before:
        return ()
    return (RowEdit(name, _row_key(name, _as_row(name, before)), _as_row(name, before), _as_row(name, after)),)


def _changed_fields(before: dict[str, Any], after: dict[str, Any], labels: dict[str, str]) -> str:
    said: list[str] = []
    for column, label in labels.items():
        if before[column] != after[column] and label not in said:
            said.append(label)
    return ", ".join(said)


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _head(company: str, role: str) -> str:
    return f"{company} · {role}"


_PROCESS_LABELS = {
    "company": "company",
    "role": "role",
    "status": "status",
    "link": "link",
    "country": "place",
    "subdivision": "place",
    "notes": "notes",
    "deadline": "deadline",
    "wait_until": "wait until",
}
_CONTACT_LABELS = {"name": "name", "role": "role", "email": "email", "phone": "phone", "direct_ok": "direct contact"}
_INTERVIEW_LABELS = {"kind": "kind", "at": "when", "with": "with", "notes": "notes", "expect_by": "answer by"}
_MESSAGE_LABELS = {
    "at": "when",
    "direction": "direction",
    "contact_id": "contact",
    "purpose": "purpose",
    "channel": "channel",
    "signal": "signal",
    "text": "text",
    "expect_by": "answer by",
}


def _word(kind: type[E], value: str) -> E | None:
    """The vocabulary word a stored value names (None for one an older Nudge stored and this one lacks)."""
    try:
        return kind(value)
    except ValueError:
        return None


def _moment(text: str) -> Moment:
    return Moment.parse(text)


def _interview_phrase(row: dict[str, Any], names: Sequence[str]) -> str:
    with_ = f" with {listing(names)}" if names else ""
    kind = _word(InterviewKind, row["kind"])
    return f"the {kind.label if kind else 'interview'}{with_}"


def _message_phrase(row: dict[str, Any], contact: str | None, company: str) -> str:
    who = f" {'to' if row['direction'] == 'out' else 'from'} {contact}" if contact else ""
    purpose = _word(Purpose, row["purpose"])
    label = purpose.noun if purpose else "message"
    return f"the {label}{who} of {say_date(_moment(row['at']).day)} ({company})"


def _say_when(at: str) -> str:
    moment = _moment(at)
    return f"{say_date(moment.day)} {moment.value:%H:%M}" if moment.timed else say_date(moment.day)


# Edits ----------------------------------------------------------------------------------------


def edit_process(engine: Engine, ref: ProcessRef, process: Process) -> Changed:
    """Give the process `ref` names the head fields of `process` (company, role, status, place, link,
    notes, deadline, wait until); its contacts, interviews and messages are left as stored.

    `AlreadyTracked` when another process has that company + role; `Gone` when
    `ref` no longer names a stored process; BadInput (with the field in
    `where`) for a value an addition would refuse.
    """
    checked = _checked(check_process, replace(process, contacts=(), interviews=(), messages=()))
    values = {
        "company": checked.company,
        "role": checked.role,
        "status": checked.status,
        "country": checked.country,
        "subdivision": checked.subdivision,
        "link": checked.link,
        "notes": checked.notes,
        "deadline": _iso(checked.deadline),
        "wait_until": _iso(checked.wait_until),
    }
    with writing(engine) as s:
        before = _process(s, ref)
        table = _TABLES["process"]
        clash = _where(table, {"company": checked.company, "role": checked.role}) & (table.c.id != ref.id)
        if _exists(s, "process", clash):
            raise AlreadyTracked
        edits = _edit("process", before, values)
        _save(s, edits)
    head = _head(checked.company, checked.role)
    if not edits:
        return Changed(f"Nothing changed in {head}", ref.id, ())
    return Changed(f"Edited {head}: {_changed_fields(before, {**before, **values}, _PROCESS_LABELS)}", ref.id, edits)


def edit_contact(engine: Engine, ref: ContactRef, contact: Contact) -> Changed:
    """Give the contact `ref` names the fields of `contact` (name, role, email, phone, direct contact).

    Messages and interviews name a contact by id, so they follow a new name.
    `Duplicate` when another contact of the process has that name.
    """
    checked = _checked(check_contact, contact)
    values = {
        "name": checked.name,
        "role": checked.role,
        "email": checked.email,
        "phone": checked.phone,
        "direct_ok": checked.direct_ok,
    }
    with writing(engine) as s:
        before = _find(s, ref)
        table = _TABLES["contact"]
        same_name = _where(table, {"process_id": ref.process.id, "name": checked.name}) & (table.c.id != ref.id)
        if _exists(s, "contact", same_name):
            raise Duplicate("this process already has a contact with this name", "name")
        edits = _edit("contact", before, values)
        _save(s, edits)
    where = f"{checked.name} ({ref.process.company})"
    if not edits:
        return Changed(f"Nothing changed for {where}", ref.process.id, ())
    return Changed(
        f"Edited {where}: {_changed_fields(before, {**before, **values}, _CONTACT_LABELS)}", ref.process.id, edits
    )


def _known(names: dict[int, str], name: str | None, field: str) -> int | None:
    """The id of the contact named `name` in the process (None for None); BadInput without the name otherwise."""
    if name is None:
        return None
    ids = {n: i for i, n in names.items()}
    if name.strip() not in ids:
        raise BadInput("is not a contact of this process (add them first)", field)
    return ids[name.strip()]


def edit_interview(engine: Engine, ref: InterviewRef, interview: Interview) -> Changed:
    """Give the interview `ref` names the fields of `interview` (kind, time, who it was with, notes,
    answer by); rescheduling is this with another time.

    `with_` names contacts of the process (BadInput otherwise); `Duplicate`
    when the process has another interview of that kind at that time.
    """
    with writing(engine) as s:
        before = _find(s, ref)
        names = _contact_names(s, ref.process.id)
        for name in interview.with_:
            _known(names, name, "with")
        checked = _checked(check_interview, interview, set(names.values()))
        values = {
            "kind": checked.kind,
            "at": checked.at.iso(),
            "notes": checked.notes,
            "expect_by": _iso(checked.expect_by),
        }
        table = _TABLES["interview"]
        same = _where(table, {"process_id": ref.process.id, "kind": checked.kind, "at": checked.at.iso()})
        if _exists(s, "interview", same & (table.c.id != ref.id)):
            raise Duplicate("this process already has an interview of this kind at this time", "at")
        old_links = _rows(s, "interview_contact", interview_id=ref.id)
        old_with = [names[dict(link)["contact_id"]] for link in sorted(old_links, key=lambda r: dict(r)["position"])]
        edits = _edit("interview", before, values) + _links(
            ref.id, old_links, [_known(names, n, "with") for n in checked.with_]
        )
        _save(s, edits)
    after = {**before, **values}
    phrase = f"{_interview_phrase(after, checked.with_)}"
    day = say_date(checked.at.day)
    company = ref.process.company
    if not edits:
        return Changed(f"Nothing changed in {phrase} on {day} ({company})", ref.process.id, ())
    moved = before["at"] != after["at"]
    if moved and {**before, "at": after["at"]} == after and old_with == list(checked.with_):
        return Changed(f"Moved {phrase} to {_say_when(after['at'])} ({company})", ref.process.id, edits)
    fields = _changed_fields({**before, "with": old_with}, {**after, "with": list(checked.with_)}, _INTERVIEW_LABELS)
    return Changed(f"Edited {phrase} on {day} ({company}): {fields}", ref.process.id, edits)


def _links(interview_id: int, old: list[Row], contact_ids: Sequence[int | None]) -> tuple[RowEdit, ...]:
    """The row edits that make who an interview was with `contact_ids`, in that order."""
    wanted = {
        (interview_id, cid): {"interview_id": interview_id, "contact_id": cid, "position": n}
        for n, cid in enumerate(contact_ids)
        if cid is not None
    }
    stored = {_row_key("interview_contact", row): row for row in old}
    edits: list[RowEdit] = []
    for key, row in stored.items():
        if key not in wanted:
            edits.append(RowEdit("interview_contact", key, row, None))
        elif dict(row) != wanted[key]:
            edits.append(RowEdit("interview_contact", key, row, _as_row("interview_contact", wanted[key])))
    for key, values in wanted.items():
        if key not in stored:
            edits.append(RowEdit("interview_contact", key, None, _as_row("interview_contact", values)))
    return tuple(edits)


def edit_message(engine: Engine, ref: MessageRef, message: Message) -> Changed:
    """Give the message `ref` names the fields of `message` (time, direction, contact, purpose, channel,
    signal, text, answer by). The contact is named as a contact of the process, or None for nobody.
    """
    with writing(engine) as s:
        before = _find(s, ref)
        names = _contact_names(s, ref.process.id)
        contact_id = _known(names, message.contact, "contact")
        checked = _checked(check_message, message, set(names.values()))
        values = {
            "at": checked.at.iso(),
            "direction": checked.direction,
            "contact_id": contact_id,
            "purpose": checked.purpose,
            "channel": checked.channel,
            "signal": checked.signal,
            "text": checked.text,
            "expect_by": _iso(checked.expect_by),
        }
        edits = _edit("message", before, values)
        _save(s, edits)
    after = {**before, **values}
    phrase = _message_phrase(after, checked.contact, ref.process.company)
    if not edits:
        return Changed(f"Nothing changed in {phrase}", ref.process.id, ())
    return Changed(f"Edited {phrase}: {_changed_fields(before, after, _MESSAGE_LABELS)}", ref.process.id, edits)


# Deleting, and additions as changes -----------------------------------------------------------


def _counts(*counts: tuple[int, str]) -> str:
    """ "2 contacts, 2 interviews and 3 messages", leaving out what there is none of."""
    return listing(plural(n, word) for n, word in counts if n)


def _gone(name: str, rows: Iterable[Row]) -> list[RowEdit]:
    return [RowEdit(name, _row_key(name, row), row, None) for row in rows]


def _interview_rows(s: Session, interview_id: int) -> tuple[list[Row], list[str]]:
    """Who an interview was with: its link rows, and the names in order."""
    links = _rows(s, "interview_contact", interview_id=interview_id)
    names = []
    for link in sorted(links, key=lambda r: dict(r)["position"]):
        contact = _read(s, "contact", (dict(link)["contact_id"],))
        names.append(dict(contact)["name"] if contact else "")
    return links, names


def _unlinked(s: Session, interview_ids: Iterable[int]) -> list[RowEdit]:
    """The invitations the interviews came from, kept but pointing at nothing: a later update of the
    meeting is then known as one of a removed interview, and undo links them again."""
    return [
        RowEdit("mail_invitation", _row_key("mail_invitation", row), row,
                _as_row("mail_invitation", {**dict(row), "interview_id": None}))
        for interview_id in interview_ids
        for row in _rows(s, "mail_invitation", interview_id=interview_id)
    ]  # fmt: skip


def _record_rows(s: Session, record: Record) -> tuple[list[RowEdit], str]:
    """The deletes that take `record` away with what must go with it, and how to say it ("Acme · Data
    Engineer with 2 contacts...", "Rita Ray from Acme (2 messages kept)", "the technical interview...").

    Deleting a contact keeps their messages (now from or to nobody named) and
    interviews (without them among who it was with): what was said and what
    happened stay true; only the person is gone. Deleting a process takes its
    contacts, interviews and messages.
    """
    row = _find(s, record)
    if isinstance(record, ProcessRef):
        pid = record.id
        contacts = _rows(s, "contact", process_id=pid)
        interviews = _rows(s, "interview", process_id=pid)
        links = [link for i in interviews for link in _rows(s, "interview_contact", interview_id=dict(i)["id"])]
        messages = _rows(s, "message", process_id=pid)
        edits = [
            *_gone("interview_contact", links),
            *_unlinked(s, [dict(i)["id"] for i in interviews]),
            *_gone("message", messages),
            *_gone("interview", interviews),
            *_gone("contact", contacts),
            *_gone("process", [_as_row("process", row)]),
        ]
        counts = _counts((len(contacts), "contact"), (len(interviews), "interview"), (len(messages), "message"))
        head = _head(row["company"], row["role"])
        return edits, f"{head} with {counts}" if counts else head
    company = record.process.company
    if isinstance(record, ContactRef):
        messages = _rows(s, "message", contact_id=record.id)
        links = _rows(s, "interview_contact", contact_id=record.id)
        cleared = [
            RowEdit("message", _row_key("message", m), m, _as_row("message", {**dict(m), "contact_id": None}))
            for m in messages
        ]
        edits = [*cleared, *_gone("interview_contact", links), *_gone("contact", [_as_row("contact", row)])]
        kept = _counts((len(messages), "message"), (len(links), "interview"))
        return edits, f"{row['name']} from {company}" + (f" ({kept} kept)" if kept else "")
    if isinstance(record, InterviewRef):
        links, names = _interview_rows(s, record.id)
        edits = [
            *_gone("interview_contact", links),
            *_unlinked(s, [record.id]),
            *_gone("interview", [_as_row("interview", row)]),
        ]
        return edits, f"{_interview_phrase(row, names)} on {say_date(_moment(row['at']).day)} ({company})"
    return _gone("message", [_as_row("message", row)]), _message_phrase(row, record.contact, company)


def delete_record(engine: Engine, record: Record) -> Changed:
    """Delete the record `record` names with what goes with it (see `_record_rows`), as one undoable change.

    `Gone` when `record` no longer names a stored record as it was.
    """
    with writing(engine) as s:
        edits, said = _record_rows(s, record)
        _save(s, edits)
    return Changed(f"Deleted {said}", record.id if isinstance(record, ProcessRef) else record.process.id, tuple(edits))


def added(engine: Engine, record: Record) -> Changed:
    """A record just added (with what came with it: a new process's contacts), as a change: undo takes it
    away again only while it is exactly as added; redo puts it back with the same ids.

    Only reads (in a write transaction, so the rows are read as they stand under the lock).
    """
    with writing(engine) as s:
        if isinstance(record, ContactRef):  # only the person: an interview added with them is its own change
            edits, said = _gone("contact", [_as_row("contact", _find(s, record))]), ""
        else:
            edits, said = _record_rows(s, record)
    inserts = tuple(edit.reversed() for edit in reversed(edits))
    if isinstance(record, ProcessRef):
        return Changed(f"Added {_head(record.company, record.role)}", record.id, inserts)
    verb = "Logged" if isinstance(record, MessageRef) else "Added"
    if isinstance(record, ContactRef):
        said = f"{record.name} to {record.process.company}"
    return Changed(f"{verb} {said}", record.process.id, inserts)
