"""How a record's field becomes a column's value and back: by name, and by the field's type.

A table's column holds the record's field of the same name (`process.deadline`
is `Process.deadline`); the few columns that are links (`process_id`,
`contact_id`) are filled by whoever knows the link. So neither the reader
nor the writer lists a table's columns: the writer walks the columns of the
SQLModel table (`app.storage.tables`), the reader the columns the database
reports, which a test proves are the same. What differs between a field and
its column is only the representation, decided here by the field's type:

- a `Moment` is stored as its ISO text (`2026-11-30T10:00`, or a bare day);
- a day (`date | None`) as an ISO date, NULL when unset;
- a vocabulary word (a StrEnum) as its plain text;
- a `bool` as 0 or 1 (SQLite's own), read back as a bool.

Light on purpose: the reader imports it, and reading must not load SQLModel.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from app.domain import Moment


def stored(value: object) -> object:
    """A field's value as its column holds it."""
    if value is None or type(value) is str:  # most values: the import writes a hundred thousand rows
        return value
    if isinstance(value, Moment):
        return value.iso()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def conversion(kind: object) -> Callable[[Any], object] | None:
    """How a field of type `kind` becomes its column's value when it is not None (as `stored` does),
    or None when it is stored as it is (text, numbers, flags)."""
    for part in typing.get_args(kind) or (kind,):
        if part is Moment:
            return Moment.iso
        if part is date:
            return date.isoformat
        if isinstance(part, type) and issubclass(part, Enum):
            return _word
    return None


def _word(member: Enum) -> object:
    return member.value


def moment(text: str) -> Moment:
    """A stored time. Stored times are canonical (written by `Moment.iso`), so the validating parser is skipped.

    Half of `nudge agenda`'s load time once went to re-validating 100,000 stored times.
    """
    return Moment(datetime.fromisoformat(text), len(text) != 10)


def day(text: str | None) -> date | None:
    """A stored ISO day (deadline, wait until, promised answer), None when unset."""
    return date.fromisoformat(text) if text else None


_LOADERS: Mapping[object, Callable[[Any], Any]] = {Moment: moment, date | None: day, bool: bool}
"""Each field type that is not stored as itself, and how its stored value is read back."""


@cache
def field_types(record: type) -> Mapping[str, object]:
    """The record's fields and their types (resolved once per record class)."""
    return typing.get_type_hints(record)


@cache
def loaders(record: type) -> Mapping[str, Callable[[Any], Any]]:
    """The fields of `record` whose stored value must be converted, and how; every other field is read as stored.

    A vocabulary word becomes its member here, by one dict lookup, so the
    record's own check of the word is a class comparison. A word outside the
    vocabulary (a garbled file) is passed on as it is, for the record to refuse.
    """
    found: dict[str, Callable[[Any], Any]] = {}
    for name, kind in field_types(record).items():
        if kind in _LOADERS:
            found[name] = _LOADERS[kind]
        elif (vocabulary := _vocabulary(kind)) is not None:
            found[name] = _member_of(vocabulary)
    return found


def _vocabulary(kind: object) -> type[Enum] | None:
    """The enum a field of type `kind` holds (`Signal` or `Signal | None`), if it holds one."""
    for part in typing.get_args(kind) or (kind,):
        if isinstance(part, type) and issubclass(part, Enum):
            return part
    return None


def _member_of(vocabulary: type[Enum]) -> Callable[[Any], Any]:
    members = {member.value: member for member in vocabulary}

    def member(text: Any) -> Any:
        return members.get(text, text)

    return member


def day_fields(record: type) -> frozenset[str]:
    """The fields of `record` that hold a day (a date or None)."""
    return frozenset(name for name, load in loaders(record).items() if load is day)
