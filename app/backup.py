"""The backup file, format version 1 (docs/formats.md): strict reading, canonical writing.

Reading checks every field and names the exact spot of the first problem
(`processes[2].interviews[0].at: not a date: '2026-13-01'`), because a typo in
a person's records must never be dropped silently. This module checks the
file's shape (objects, lists, field names, JSON types, words of the
vocabularies, date syntax) and builds records; what the records' values must
meet is app.domain.checks, the one check the spreadsheet import and the forms
use too. Writing is canonical (fixed key order, sorted days off, normalised
times), which is what makes export -> import -> export byte-identical.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from string import Formatter
from typing import Any, Final, TypeVar

from app.domain import (
    Contact,
    ContactRole,
    Direction,
    Interview,
    InterviewKind,
    Message,
    Moment,
    Process,
    Purpose,
    Settings,
    Signal,
    Status,
    Timing,
    Weekday,
)
from app.domain.checks import Invalid, check_day, check_processes, choose, text_problem, tidy
from app.errors import BadInput
from app.exports import pretty_json
from app.rules.calendar import check_place, parse_workdays
from app.rules.templates import DEFAULT_TEMPLATES, TEMPLATE_KINDS, check_template
from app.safe_text import MAX_TEXT, check_text, safe_text

FORMAT: Final = "nudge-backup"
VERSION: Final = 1
MAX_BACKUP_BYTES: Final = 256 * 2**20
"""The largest backup file read: some seven times a 10,000-process search (37 MB), far past any real one."""
T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)
_PLAIN_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")
_MULTILINE_KEYS: Final = frozenset({"notes", "text"})
"""The fields whose text has lines; every other text field of the format is one line."""
__all__ = [
    "MAX_BACKUP_BYTES",
    "MAX_TEXT",
    "Backup",
    "dump_backup",
    "parse_backup",
    "process_json",
    "text_problem",
]


@dataclass(frozen=True)
class Backup:
    """A whole backup: settings (None when the file has none), processes, replaced templates."""

    settings: Settings | None
    processes: tuple[Process, ...]
    templates: Mapping[str, str] = field(default_factory=dict)


class _Fields(dict[str, Any]):
    """A JSON object that remembers a field given twice (plain `json` keeps the last one silently)."""

    repeated: str | None = None


def _fields(pairs: list[tuple[str, Any]]) -> _Fields:
    obj = _Fields()
    for key, value in pairs:
        if key in obj and obj.repeated is None:
            obj.repeated = key
        obj[key] = value
    return obj


class _Obj:
    """One JSON object being read: hands out fields and remembers which were used."""

    def __init__(self, value: object, where: str) -> None:
        if not isinstance(value, dict):
            raise BadInput(f"expected an object, got {_kind(value)}", where)
        self.data: dict[str, Any] = value
        self.where = where
        repeated = getattr(value, "repeated", None)
        if repeated is not None:
            raise BadInput("given twice in the same object (only one value can be kept)", self.at(repeated))

    def at(self, key: str) -> str:
        # A field name from the file is quoted when it is not a plain name, so a huge
        # or multi-line unknown key cannot blow up the one-line message.
        name = key if _PLAIN_KEY.fullmatch(key) else _show(key)
        return f"{self.where}.{name}" if self.where else name

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in allowed:
                raise BadInput(f"unknown field (expected one of: {', '.join(allowed)})", self.at(key))

    def text(self, key: str, default: str = "", *, required: bool = False) -> str:
        """A text field as given (app.domain.checks judges what it says); `default` when absent or null."""
        if key not in self.data:
            if required:
                raise BadInput("missing", self.at(key))
            return default
        value = self.data[key]
        if value is None and not required:
            return default
        if not isinstance(value, str):
            raise BadInput(f"expected text, got {_kind(value)}", self.at(key))
        return value

    def maybe_text(self, key: str) -> str | None:
        return None if self.data.get(key) is None else self.text(key)

    def choice(self, key: str, kind: type[E], default: E | None, *, required: bool = False) -> E:
        if key not in self.data or (self.data[key] is None and not required):
            if required or default is None:
                raise BadInput("missing", self.at(key))
            return default
        try:
            return choose(kind, self.data[key])
        except Invalid as exc:
            raise BadInput(exc.problem, self.at(key)) from None

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise BadInput(f"must be true or false; got {_show(value)}", self.at(key))
        return value

    def moment(self, key: str) -> Moment:
        if key not in self.data or self.data[key] is None:
            raise BadInput("missing", self.at(key))
        value = self.data[key]
        if not isinstance(value, str):
            raise BadInput(f"not a date: {_show(value)}", self.at(key))
        try:
            return Moment.parse(value)
        except ValueError as exc:
            hint = f" ({exc})" if "time zone" in str(exc) else ""
            raise BadInput(f"not a date: {_show(value)}{hint}", self.at(key)) from None

    def maybe_day(self, key: str) -> date | None:
        """An optional ISO date (deadline, wait until, promised answer): None when absent or null."""
        value = self.data.get(key)
        return None if value is None else _day(value, self.at(key))

    def items(self, key: str, read: Callable[[_Obj], T]) -> list[T]:
        value = self.data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            raise BadInput(f"expected a list, got {_kind(value)}", self.at(key))
        return [read(_Obj(item, f"{self.at(key)}[{i}]")) for i, item in enumerate(value)]


def _kind(value: object) -> str:
    if value is None:
        return "null"
    # bool before int: True is an int to Python, but "true/false" to the person reading the file.
    names = ((bool, "true/false"), (dict, "an object"), (list, "a list"), (str, "text"), ((int, float), "a number"))
    return next((name for kind, name in names if isinstance(value, kind)), type(value).__name__)


def _show(value: object) -> str:
    """A value as a message quotes it: on one line, invisible characters escaped, cut short."""
    if isinstance(value, str):
        shown = repr(value)
    else:
        try:
            shown = json.dumps(value, ensure_ascii=False)
        except RecursionError:  # nested nearly as deep as json.loads allows
            shown = _kind(value)
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown[:61])
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _text(value: object, where: str, *, blank: bool = True, one_line: bool = True) -> str:
    """A settings or template text, checked by the one rule for all text (app.safe_text)."""
    if not isinstance(value, str):
        raise BadInput(f"expected text, got {_kind(value)}", where)
    value = check_text(value, where, one_line=one_line)
    if not blank and not value.strip():
        raise BadInput("must not be empty", where)
    return value


def _settings(obj: _Obj) -> Settings:
    obj.check_keys(("country", "subdivision", "workdays", "days_off", "your_name", "timing"))
    country_text = _text(obj.text("country", "US"), obj.at("country")) or "US"
    subdivision_text = obj.maybe_text("subdivision")
    if subdivision_text is not None:
        subdivision_text = _text(subdivision_text, obj.at("subdivision"))
    try:
        country, subdivision = check_place(country_text, subdivision_text)
    except BadInput as exc:
        where = "subdivision" if "subdivision" in exc.problem else "country"
        raise BadInput(tidy(exc.problem), obj.at(where)) from None
    workdays = None
    raw_days = obj.data.get("workdays")
    if raw_days is not None:
        if not isinstance(raw_days, list):
            raise BadInput(f"expected a list of mon..sun or null, got {_kind(raw_days)}", obj.at("workdays"))
        try:
            picked = parse_workdays(str(d) if isinstance(d, str) else "?" for d in raw_days)
        except BadInput as exc:
            raise BadInput(tidy(exc.problem), obj.at("workdays")) from None
        workdays = tuple(tuple(Weekday)[d] for d in sorted(picked))
    days_off = obj.data.get("days_off", [])
    if days_off is None:
        days_off = []
    if not isinstance(days_off, list):
        raise BadInput(f"expected a list of dates, got {_kind(days_off)}", obj.at("days_off"))
    parsed: set[date] = set()
    for i, raw in enumerate(days_off):
        parsed.add(_day(raw, f"{obj.at('days_off')}[{i}]"))
    timing = _timing(_Obj(obj.data["timing"], obj.at("timing"))) if obj.data.get("timing") is not None else Timing()
    your_name = _text(obj.text("your_name"), obj.at("your_name")).strip()
    return Settings(
        country=country,
        subdivision=subdivision,
        workdays=workdays,
        days_off=tuple(sorted(parsed)),
        your_name=your_name,
        timing=timing,
    )


def _day(raw: object, where: str) -> date:
    """An ISO date that Nudge can count with (the range is the records' own check)."""
    if isinstance(raw, str) and len(raw) == 10:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            pass
        else:
            try:
                check_day(day)
            except Invalid as exc:
                raise BadInput(exc.problem, where) from None
            return day
    raise BadInput(f"not a date (YYYY-MM-DD): {_show(raw)}", where)


def _timing(obj: _Obj) -> Timing:
    names = tuple(f.name for f in fields(Timing))
    obj.check_keys(names)
    values: dict[str, int] = {}
    for key, value in obj.data.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
            raise BadInput(f"must be a whole number of business days from 1 to 60; got {_show(value)}", obj.at(key))
        values[key] = value
    return Timing(**values)


def _contact(obj: _Obj) -> Contact:
    obj.check_keys(("name", "role", "email", "phone", "direct_ok"))
    return Contact(
        name=obj.text("name", required=True),
        role=obj.choice("role", ContactRole, ContactRole.OTHER),
        email=obj.maybe_text("email"),
        phone=obj.maybe_text("phone"),
        direct_ok=obj.flag("direct_ok"),
    )


def _names(obj: _Obj, key: str) -> tuple[str, ...]:
    """The contact names an interview was with: a list of names (one name alone is read as a list of one)."""
    value = obj.data.get(key, [])
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise BadInput(f"expected a list of contact names, got {_kind(value)}", obj.at(key))
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise BadInput(f"expected text, got {_kind(item)}", f"{obj.at(key)}[{i}]")
    return tuple(value)


def _interview(obj: _Obj) -> Interview:
    obj.check_keys(("kind", "at", "with", "notes", "expect_by"))
    return Interview(
        kind=obj.choice("kind", InterviewKind, None, required=True),
        at=obj.moment("at"),
        with_=_names(obj, "with"),
        notes=obj.text("notes"),
        expect_by=obj.maybe_day("expect_by"),
    )


def _message(obj: _Obj) -> Message:
    obj.check_keys(("at", "direction", "contact", "purpose", "channel", "signal", "text", "expect_by"))
    return Message(
        at=obj.moment("at"),
        direction=obj.choice("direction", Direction, None, required=True),
        contact=obj.maybe_text("contact"),
        purpose=obj.choice("purpose", Purpose, Purpose.OTHER),
        channel=obj.text("channel", "email"),
        signal=None if obj.data.get("signal") is None else obj.choice("signal", Signal, None),
        text=obj.text("text"),
        expect_by=obj.maybe_day("expect_by"),
    )


def _process(obj: _Obj) -> Process:
    """One process as the file gives it; app.domain.checks then judges its values."""
    obj.check_keys(
        (
            "company",
            "role",
            "status",
            "country",
            "subdivision",
            "link",
            "notes",
            "contacts",
            "interviews",
            "messages",
            "deadline",
            "wait_until",
        )
    )
    return Process(
        company=obj.text("company", required=True),
        role=obj.text("role", required=True),
        status=obj.choice("status", Status, Status.ACTIVE),
        country=obj.maybe_text("country"),
        subdivision=obj.maybe_text("subdivision"),
        link=obj.maybe_text("link"),
        notes=obj.text("notes"),
        contacts=tuple(obj.items("contacts", _contact)),
        interviews=tuple(obj.items("interviews", _interview)),
        messages=tuple(obj.items("messages", _message)),
        deadline=obj.maybe_day("deadline"),
        wait_until=obj.maybe_day("wait_until"),
    )


def _templates(obj: _Obj) -> dict[str, str]:
    obj.check_keys(TEMPLATE_KINDS)
    out: dict[str, str] = {}
    for kind in obj.data:
        body = _text(obj.text(kind, required=True), obj.at(kind), blank=False, one_line=False)
        try:
            check_template(kind, body)
        except BadInput as exc:
            raise BadInput(tidy(exc.problem), obj.at(kind)) from None
        if any(spec or conversion for _, name, spec, conversion in Formatter().parse(body) if name is not None):
            # "{company:>999999999}" passes the name check, and filling it would build a gigabyte of spaces.
            raise BadInput(
                "a placeholder takes no format or conversion (write {company}, not {company:>9})", obj.at(kind)
            )
        out[kind] = body
    return out


def parse_backup(raw: bytes | str) -> Backup:
    """Read and validate a whole backup; raise BadInput naming the first problem's path."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadInput(f"not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(raw, parse_constant=_no_constant, object_pairs_hook=_fields)
    except json.JSONDecodeError as exc:
        raise BadInput(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except (ValueError, RecursionError) as exc:
        raise BadInput(f"not valid JSON: {exc}") from None
    top = _Obj(data, "")
    top.check_keys(("format", "version", "settings", "processes", "templates"))
    if top.data.get("format") != FORMAT:
        raise BadInput(f'not a Nudge backup (expected "{FORMAT}", got {_show(top.data.get("format"))})', "format")
    version = top.data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise BadInput(f"expected a whole number, got {_show(version)}", "version")
    if version > VERSION:
        raise BadInput(f"written by a newer Nudge (format {version}; this one reads up to {VERSION})", "version")
    if version < 1:
        raise BadInput(f"unknown format version {version}", "version")
    settings = _settings(_Obj(top.data["settings"], "settings")) if top.data.get("settings") is not None else None
    try:
        processes = check_processes(top.items("processes", _process), "processes")
    except Invalid as exc:
        raise BadInput(exc.problem, exc.where) from None
    templates = _templates(_Obj(top.data["templates"], "templates")) if top.data.get("templates") is not None else {}
    return Backup(settings, processes, templates)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed")


def settings_json(settings: Settings) -> dict[str, Any]:
    """The settings object of the format; `timing` only when some number was changed."""
    out: dict[str, Any] = {
        "country": settings.country,
        "subdivision": settings.subdivision,
        "workdays": list(settings.workdays) if settings.workdays is not None else None,
        "days_off": [d.isoformat() for d in sorted(set(settings.days_off))],
        "your_name": settings.your_name,
    }
    changed = {
        f.name: getattr(settings.timing, f.name)
        for f in fields(Timing)
        if getattr(settings.timing, f.name) != f.default
    }
    if changed:
        out["timing"] = changed
    return out


def _when_set(**days: date | None) -> dict[str, str]:
    """The optional days that are set, as ISO text: a search that uses none writes none."""
    return {key: day.isoformat() for key, day in days.items() if day is not None}


def process_json(process: Process) -> dict[str, Any]:
    """One process as the backup format writes it.

    The optional days (`deadline`, `wait_until`, `expect_by`) appear only when set,
    so a search that uses none of them writes exactly what an older Nudge wrote.
    """
    return {
        "company": process.company,
        "role": process.role,
        "status": process.status,
        **_when_set(deadline=process.deadline, wait_until=process.wait_until),
        "country": process.country,
        "subdivision": process.subdivision,
        "link": process.link,
        "notes": process.notes,
        "contacts": [
            {"name": c.name, "role": c.role, "email": c.email, "phone": c.phone, "direct_ok": c.direct_ok}
            for c in process.contacts
        ],
        "interviews": [
            {
                "kind": i.kind,
                "at": i.at.iso(),
                "with": list(i.with_),
                "notes": i.notes,
                **_when_set(expect_by=i.expect_by),
            }
            for i in sorted(process.interviews, key=lambda i: (i.at.value, i.id))
        ],
        "messages": [
            {
                "at": m.at.iso(),
                "direction": m.direction,
                "contact": m.contact,
                "purpose": m.purpose,
                "channel": m.channel,
                "signal": m.signal,
                "text": m.text,
                **_when_set(expect_by=m.expect_by),
            }
            for m in sorted(process.messages, key=lambda m: (m.at.value, m.id))
        ],
    }


def _safe(value: Any, one_line: bool = True) -> Any:
    """`value` with every text made fit to write (see app.safe_text.safe_text), keys telling which have lines."""
    if isinstance(value, str):
        return safe_text(value, one_line=one_line)
    if isinstance(value, list):
        return [_safe(item, one_line) for item in value]
    if isinstance(value, dict):
        return {key: _safe(item, key not in _MULTILINE_KEYS) for key, item in value.items()}
    return value


def dump_backup(backup: Backup) -> str:
    """The canonical text of a backup: same data, same bytes.

    Text is written as the reader will accept it: a control character that an
    older Nudge let into the database (ESC, BEL, DEL, a C1 control, a line
    break in a name) is written as U+FFFD and CRLF as LF. Written as is (even
    escaped as \\u001b) the reader would have to refuse it, and a person's own
    export would no longer restore; replaced, the export restores whole and is
    stable (export, import, export gives the same bytes), and no terminal that
    shows the file is ever sent a control character. Only those characters
    are lost, never a record.
    """
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    data["settings"] = _safe(settings_json(backup.settings or Settings()))
    data["processes"] = [_safe(process_json(p)) for p in backup.processes]
    custom = {k: v for k, v in sorted(backup.templates.items()) if DEFAULT_TEMPLATES.get(k) != v}
    if custom:
        data["templates"] = {kind: safe_text(body) for kind, body in custom.items()}
    return pretty_json.dumps(data) + "\n"  # json.dumps(data, indent=2, ensure_ascii=False), twice as fast
