"""From a spreadsheet's rows to one Backup value, a preview to confirm, and a report.

The import is all or nothing, like a backup's: every row is read and checked
first (each process by the records' own check, app.domain.checks, which the
backup reader uses too; each cell for control characters, with its row and
column), and only a plan with no problem at all
reaches the database, in one short transaction that re-reads what is stored
and changes only what the file says (app.storage.csv_merge). The rules of that
merge, what a row changes in a process already tracked, are here, as plain
functions on values: `merged_head`, `merged_contact`, `new_events`. Everything a
row says becomes something Nudge already knows how to use: the applied date
an outbound application message (the day the follow-up ladder counts from),
an interview date an interview of the kind the status names, a deadline
("offer deadline", "respond by") the process's deadline, a follow-up date
("follow up", "next action") the day to wait until, a contact a contact, so
the follow-up rules work on imported processes exactly as on hand-entered ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final, Protocol

from app.backup import Backup
from app.csvimport.columns import Column, map_columns, show
from app.csvimport.sniff import DELIMITER_NAMES, read_table
from app.csvimport.values import parse_date, parse_status, status_help
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
    Status,
)
from app.domain.checks import Invalid, check_process
from app.errors import BadInput
from app.plural import plural
from app.safe_text import character_problem

PREVIEW_ROWS: Final = 5
CONTACT_FIELDS: Final = (
    ("contact", ContactRole.OTHER),
    ("recruiter", ContactRole.RECRUITER),
    ("hiring_manager", ContactRole.HIRING_MANAGER),
)
"""Name columns in the order the email and phone columns attach to them, with the role each gives."""


class MergeSummary(Protocol):
    """What the storage layer's MergeReport offers; named here so this package never imports storage."""

    def summary(self) -> str:
        """One line: what the merge added and what was already there."""
        ...


@dataclass(frozen=True)
class ReadRow:
    """One spreadsheet row, read: its process and whether it said anything about status."""

    number: int
    """The row's number as the spreadsheet app shows it (the header is usually row 1)."""
    process: Process
    status_given: bool
    """False when the status cells were empty: a re-import then leaves a stored status alone."""
    stage: str | None
    """The status words that named a stage ("Phone screen"), for the preview."""


@dataclass(frozen=True)
class CsvPlan:
    """A spreadsheet read and checked, ready to merge: nothing is written until the caller merges `backup`."""

    source: str
    reading: str
    """How the bytes were read ("UTF-8, comma-separated"), so a wrong guess shows in the preview."""
    columns: tuple[Column, ...]
    rows: int
    """Data rows with something in them."""
    skipped: tuple[tuple[int, str], ...]
    """(row number, reason) for rows left out: empty ones and exact repeats."""
    read_rows: tuple[ReadRow, ...] = field(repr=False)
    """The rows that became processes, in file order (the preview and `backup_over` need their numbers)."""

    @property
    def backup(self) -> Backup:
        """The processes the file holds, validated as a backup file's would be; settings untouched.

        Right for an empty database; the command line merges with `Repository.merge_csv_rows`,
        which re-reads what is stored inside its transaction.
        """
        return Backup(None, tuple(row.process for row in self.read_rows))

    @property
    def mapping(self) -> dict[str, str]:
        """Column name -> field it feeds ("ignore" for the ones left out)."""
        return {c.label: c.field for c in self.columns}

    def preview(self, stored: Iterable[Process] | Mapping[tuple[str, str], str] = (), limit: int = PREVIEW_ROWS) -> str:
        """The column mapping and the first few processes, shown before anything is written.

        Given what is already stored (processes, or (company, role) -> status), it
        also says which rows are already tracked and whose status the file would
        change, the one thing a merge overwrites that a person may have set by hand.
        """
        labels = [" ".join(c.label.split())[:40] for c in self.columns]
        width = max(len(label) for label in labels)
        lines = [f"{self.source}: {self.reading}; {plural(self.rows, 'row')}", "Columns:"]
        for label, column in zip(labels, self.columns, strict=True):
            target = "ignored" if column.field == "ignore" else column.field
            lines.append(f"  {label.ljust(width)}  -> {target}{' (--map)' if column.chosen else ''}")
        shown = self.read_rows[:limit]
        lines.append(f"First {len(shown)} of {plural(len(self.read_rows), 'process')}:" if shown else "No processes.")
        lines.extend(f"  row {row.number}: {_describe(row)}" for row in shown)
        if self.skipped:
            lines.append(f"Skipped: {_ranges(self.skipped)}")
        known = stored if isinstance(stored, Mapping) else {(p.company, p.role): p.status for p in stored}
        tracked = [(row, known[_key(row.process)]) for row in self.read_rows if _key(row.process) in known]
        if tracked:
            lines.append(f"Already tracked: {len(tracked)} (their contacts, interviews and notes are kept)")
            lines.extend(
                f"  row {row.number}: {row.process.company} - {row.process.role}: status {old} -> {row.process.status}"
                for row, old in tracked
                if row.status_given and row.process.status != old
            )
        return "\n".join(lines) + "\n"

    def backup_over(self, stored: Iterable[Process]) -> Backup:
        """The backup to merge into a database holding `stored`: the file adds, it never erases.

        A pure function of a snapshot: merged later, it would write back every
        field of `stored` as it was then. The command line does not use it: it
        merges with `Repository.merge_csv_rows`, which applies the same rules
        to what is stored at the moment of writing.

        A merge makes a matched record take the file's values, which suits a
        backup (it holds everything) but not a spreadsheet (it holds a few
        columns): merged as is, an empty Notes cell would wipe notes written in
        the dashboard, and a Contact column would reset the person's role.
        Here every process already stored keeps what the file does not say:
        its country, contacts' details, interviews, messages and notes (the
        file's notes are added when new). Only the status follows the file,
        when the file gives one. An application or interview the file dates
        on a day one is already logged for is the same event, not a new one.
        """
        known = {(p.company, p.role): p for p in stored}
        processes = [
            _overlay(known[_key(row.process)], row) if _key(row.process) in known else row.process
            for row in self.read_rows
        ]
        return _validated(processes, [row.number for row in self.read_rows], self.source)

    def summary(self, report: MergeSummary) -> str:
        """The line printed after the merge: rows read, what was added, what was skipped and why."""
        text = f"{self.source}: {plural(self.rows, 'row')} read; {report.summary()}"
        return text + (f"; skipped {_ranges(self.skipped)}" if self.skipped else "")


def plan_csv(
    raw: bytes, *, overrides: dict[str, str] | None = None, dayfirst: bool = False, source: str = "FILE"
) -> CsvPlan:
    """Read a spreadsheet's CSV bytes into a checked plan; raise BadInput naming the file, row and column.

    `overrides` maps column names to fields (`--map`), `dayfirst` reads
    "4/3/2026" as 4 March, `source` is the name messages use for the file.
    """
    try:
        table = read_table(raw)
        columns = map_columns(table.header, overrides)
    except BadInput as exc:
        raise BadInput(exc.problem, source) from None
    rows: list[ReadRow] = []
    skipped: list[tuple[int, str]] = []
    seen: dict[tuple[str, str], ReadRow] = {}
    filled = 0
    for number, cells in _named(table.rows, source):
        if not any(c.strip() for c in cells):
            skipped.append((number, "empty"))
            continue
        filled += 1
        if any(c.strip() for c in cells[len(columns) :]):
            raise BadInput(
                f"{len(cells)} cells but the header has {len(columns)}; a cell holding a "
                f"{DELIMITER_NAMES[table.delimiter]} needs quotes around it",
                f"{source}, row {number}",
            )
        row = _read_row(number, cells, columns, dayfirst, source)
        first = seen.get(_key(row.process))
        if first is None:
            seen[_key(row.process)] = row
            rows.append(row)
        elif first.process == row.process:
            skipped.append((number, f"same as row {first.number}"))
        else:
            raise BadInput(
                f"{show(row.process.company)} - {show(row.process.role)} is also on row {first.number}, "
                "with other details; "
                "Nudge keeps one process per company and role: merge the two rows or tell the roles apart",
                f"{source}, row {number}",
            )
    if not filled:
        raise BadInput(f"the file has a header (row {table.header_row}) but no rows under it", source)
    return CsvPlan(source, table.describe(), columns, filled, tuple(skipped), tuple(rows))


def _named(rows: Iterator[tuple[int, tuple[str, ...]]], source: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    """The table's rows; a problem found while reading them (broken quoting) names the file."""
    while True:
        try:
            found = next(rows, None)
        except BadInput as exc:
            raise BadInput(exc.problem, exc.where or source) from None
        if found is None:
            return
        yield found


def _key(process: Process) -> tuple[str, str]:
    return process.company, process.role


def _read_row(number: int, cells: tuple[str, ...], columns: tuple[Column, ...], dayfirst: bool, source: str) -> ReadRow:
    """One row's process; a bad cell raises BadInput naming the row and the column."""

    def where(column: Column) -> str:
        return f"{source}, row {number}, column {show(column.label)}"

    def cell(column: Column) -> str:
        """The cell's text; a control character, or a line break in a one-line field, is refused here.

        (CR is read as a line break in notes; a cell too long is told by the backup check, as for a file.)
        """
        if column.index >= len(cells):
            return ""
        text = cells[column.index]
        problem = character_problem(text.replace("\r", "\n"), one_line=column.field != "notes")
        if problem is not None:
            raise BadInput(problem, where(column))
        return text.strip()

    feeding: dict[str, list[Column]] = {}
    for column in columns:
        feeding.setdefault(column.field, []).append(column)

    def one(name: str) -> tuple[Column, str] | None:
        found = feeding.get(name)
        return (found[0], cell(found[0])) if found else None

    def moment(name: str) -> Moment | None:
        found = one(name)
        if found is None:
            return None
        try:
            return parse_date(found[1], dayfirst=dayfirst)
        except ValueError as exc:
            # A deadline or follow-up column may hold words in some trackers ("Send thank-you"):
            # say how to leave it out, as for a status column.
            hint = ""
            if name in ("deadline", "wait_until"):
                hint = f"; or leave the column out with --map '{' '.join(found[0].label.split())}=ignore'"
            raise BadInput(f"{show(found[1])}: {exc}{hint}", where(found[0])) from None

    def day(name: str) -> date | None:
        found = moment(name)
        return found.day if found is not None else None

    def required(name: str) -> str:
        column, text = one(name) or (columns[0], "")
        if not text:
            raise BadInput(f"empty, but every row needs a {name}", where(column))
        return " ".join(text.split())

    company, role = required("company"), required("role")
    status, kind, stage, given = _status(feeding.get("status", []), cell, where)
    applied, interview_at = moment("applied"), moment("interview")
    channel = one("channel")
    messages = (
        (
            Message(
                at=applied,
                direction=Direction.OUT,
                contact=None,
                purpose=Purpose.APPLICATION,
                channel=(channel[1] if channel else "") or "other",
            ),
        )
        if applied
        else ()
    )
    interviews = (Interview(kind=kind or InterviewKind.OTHER, at=interview_at),) if interview_at else ()
    notes = _notes([(c.label, cell(c)) for c in feeding.get("notes", [])])
    if stage and kind and not interview_at:
        # With no date the stage cannot become an interview; keep the word so it is not lost.
        notes = "\n".join(filter(None, [notes, f"Stage in the spreadsheet: {stage}"]))
    link = one("link")
    draft = Process(
        company=company,
        role=role,
        status=status,
        link=(link[1] or None) if link else None,
        notes=notes,
        contacts=_contacts(feeding, cell),
        interviews=interviews,
        messages=messages,
        deadline=day("deadline"),
        wait_until=day("wait_until"),
    )
    return ReadRow(number, _checked(draft, number, source), given, stage)


def _checked(process: Process, number: int, source: str) -> Process:
    """The row's process as the records' own check leaves it; its complaint is told by row number."""
    try:
        return check_process(process)
    except Invalid as exc:
        raise BadInput(exc.problem, f"{source}, row {number}" + (f" ({exc.where})" if exc.where else "")) from None


def _status(
    columns: Sequence[Column], cell: Callable[[Column], str], where: Callable[[Column], str]
) -> tuple[Status, InterviewKind | None, str | None, bool]:
    """(status, stage's interview kind, stage's words, whether any status cell was filled).

    A Status and a Stage column are read together: "Rejected" in one and
    "Onsite" in the other is a process rejected after its onsite. Two
    different outcomes on one row are a contradiction and stop the import.
    """
    outcome: tuple[Status, Column, str] | None = None
    kind: InterviewKind | None = None
    stage: str | None = None
    given = False
    for column in columns:
        text = cell(column)
        try:
            found = parse_status(text)
        except ValueError:
            raise BadInput(
                f"unknown status {show(text)} (Nudge knows {status_help()}); change the cell, "
                f"or leave the column out with --map '{' '.join(column.label.split())}=ignore'",
                where(column),
            ) from None
        if found is None:
            continue
        given = True
        status, stage_kind = found
        if stage_kind and kind is None:
            kind, stage = stage_kind, text
        if status is not Status.ACTIVE:
            if outcome is not None and outcome[0] != status:
                raise BadInput(
                    f"{show(outcome[1].label)} says {show(outcome[2])} but this column says {show(text)}; which is it?",
                    where(column),
                )
            outcome = (status, column, text)
    return (outcome[0] if outcome else Status.ACTIVE), kind, stage, given


def _contacts(feeding: dict[str, list[Column]], cell: Callable[[Column], str]) -> tuple[Contact, ...]:
    """The row's people: one per name column, the email and phone going to the first of them.

    An email with no name becomes a contact named by the address, so the
    person can still be written to (and renamed in the dashboard).
    """
    people: dict[str, ContactRole] = {}
    for name_field, role in CONTACT_FIELDS:
        for column in feeding.get(name_field, []):
            name = " ".join(cell(column).split())
            if name and people.get(name, ContactRole.OTHER) is ContactRole.OTHER:
                people[name] = role
    email = next((cell(c) for c in feeding.get("email", [])), "") or None
    phone = next((cell(c) for c in feeding.get("phone", [])), "") or None
    if not people and (email or phone):
        people[email or phone or ""] = ContactRole.OTHER
    return tuple(
        Contact(name=name, role=role, email=email if i == 0 else None, phone=phone if i == 0 else None)
        for i, (name, role) in enumerate(people.items())
    )


def _notes(parts: list[tuple[str, str]]) -> str:
    """One notes column as written; several, each labelled with its column's name."""
    filled = [(label, "\n".join(text.splitlines()).strip()) for label, text in parts if text.strip()]
    if len(parts) == 1:
        return filled[0][1] if filled else ""
    return "\n".join(f"{label}: {text}" for label, text in filled)


def _describe(row: ReadRow) -> str:
    """One preview line: what the row became."""
    p = row.process
    status = p.status + (f" ({p.interviews[0].label})" if p.interviews else "")
    if row.stage and not p.interviews:
        status += f" ({row.stage})"
    parts = [f"{p.company} - {p.role}", status]
    parts += [f"applied {m.at.iso()}" for m in p.messages]
    parts += [f"interview {i.at.iso()}" for i in p.interviews]
    parts += [f"deadline {p.deadline.isoformat()}"] if p.deadline else []
    parts += [f"wait until {p.wait_until.isoformat()}"] if p.wait_until else []
    parts += [c.name + f" ({c.role.label})" + (f" <{c.email}>" if c.email else "") for c in p.contacts]
    if p.link:
        parts.append(p.link)
    return " | ".join(parts)


def _ranges(skipped: Sequence[tuple[int, str]]) -> str:
    """ "rows 7-40 (empty), row 9 (same as row 3)": runs of rows skipped for the same reason, told once."""
    runs: list[tuple[int, int, str]] = []
    for number, reason in skipped:
        if runs and runs[-1][2] == reason and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number, reason)
        else:
            runs.append((number, number, reason))
    return ", ".join((f"row {a}" if a == b else f"rows {a}-{b}") + f" ({reason})" for a, b, reason in runs)


def merged_head(status: str, link: str | None, notes: str, row: ReadRow) -> tuple[str, str | None, str]:
    """A tracked process's (status, link, notes) once the row is merged.

    Only what the row says changes: the status when a status cell was filled,
    the link when the row has one, and the notes gain the row's notes when
    they are not in them yet. An empty cell changes nothing.
    """
    new = row.process
    return (new.status if row.status_given else status), (new.link or link), _join_notes(notes, new.notes)


def merged_days(deadline: date | None, wait_until: date | None, row: ReadRow) -> tuple[date | None, date | None]:
    """A tracked process's (deadline, wait until) once the row is merged: a filled cell wins, an empty one keeps."""
    new = row.process
    return (new.deadline or deadline), (new.wait_until or wait_until)


def merged_contact(old: Contact, new: Contact) -> Contact:
    """A stored contact the row names again: a role set by hand stays, an empty cell keeps the address."""
    return replace(
        old,
        role=old.role if old.role is not ContactRole.OTHER else new.role,
        email=new.email or old.email,
        phone=new.phone or old.phone,
    )


def new_events(
    row: ReadRow, interviewed: set[date], applied: set[date]
) -> tuple[tuple[Interview, ...], tuple[Message, ...]]:
    """The row's interviews and messages a tracked process does not have yet.

    An application or interview the file dates on a day one is already logged
    for (`interviewed`, `applied`) is the same event, not a new one.
    """
    new = row.process
    return (
        tuple(i for i in new.interviews if i.at.day not in interviewed),
        tuple(m for m in new.messages if m.purpose is not Purpose.APPLICATION or m.at.day not in applied),
    )


def _overlay(old: Process, row: ReadRow) -> Process:
    """A stored process with what the file adds (see CsvPlan.backup_over)."""
    new = row.process
    from_file = {c.name: c for c in new.contacts}
    contacts = [merged_contact(c, from_file[c.name]) if c.name in from_file else c for c in old.contacts]
    contacts += [c for c in new.contacts if old.contact(c.name) is None]
    interviews, messages = new_events(
        row, {i.at.day for i in old.interviews}, {m.at.day for m in old.messages if m.purpose is Purpose.APPLICATION}
    )
    status, link, notes = merged_head(old.status, old.link, old.notes, row)
    deadline, wait_until = merged_days(old.deadline, old.wait_until, row)
    return replace(
        old,
        status=Status(status),
        link=link,
        notes=notes,
        deadline=deadline,
        wait_until=wait_until,
        contacts=tuple(contacts),
        interviews=old.interviews + interviews,
        messages=old.messages + messages,
    )


def _join_notes(old: str, new: str) -> str:
    if not new or new in old:
        return old
    return f"{old.rstrip()}\n\n{new}" if old.strip() else new


def _validated(processes: Sequence[Process], numbers: Sequence[int], source: str) -> Backup:
    """The processes checked as a backup file's are (app.domain.checks); a complaint is told by row number.

    One set of rules: a spreadsheet can hold nothing a backup file could not
    (a cell too long, a NUL character). The rows' keys are distinct already,
    so only each process needs its check.
    """
    return Backup(None, tuple(_checked(p, n, source) for p, n in zip(processes, numbers, strict=True)))
