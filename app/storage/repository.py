"""The one door to a Nudge database: plain values out, plain values in.

One connection per file (`connection.open_database`: its pragmas, its
upgrade) serves both: reads go straight through sqlite3 (see `reader`);
writes through SQLModel on an engine bound to that same connection (see
`writer`), each in one `BEGIN IMMEDIATE` transaction. The write path is
imported only when the first write happens (`Repository.engine`), so a
read-only command never pays for it.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from app.backup import Backup
from app.errors import NudgeError
from app.rules.values import Contact, Interview, Message, Process, Settings
from app.storage import reader
from app.storage.connection import open_database
from app.storage.dbapi import Connection
from app.storage.failures import storage_error
from app.storage.location import Location, Server
from app.storage.records import Changed, ContactRef, InterviewRef, MessageRef, ProcessRef, Record, RowEdit

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Engine

    from app.csvimport.plan import ReadRow
    from app.storage.writer import MergeReport

P = ParamSpec("P")
R = TypeVar("R")


def _write(method: Callable[P, R]) -> Callable[P, R]:
    """Every write leaves on failure as one plain `StorageError`, whichever layer it went through.

    Writes through SQLModel are already turned so by `writer.writing`; this
    also covers those on the raw connection (the spreadsheet merge) and the
    engine's making. SQLAlchemy is recognised by module, so that reading
    never imports it.
    """

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except NudgeError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise storage_error(exc) from None
        except Exception as exc:
            if type(exc).__module__.partition(".")[0] == "sqlalchemy":
                raise storage_error(exc) from None
            raise

    return run


class Repository:
    """A Nudge database file, opened (created or upgraded as needed) and ready."""

    def __init__(self, path: Location, *, create: bool = True) -> None:
        """Open `path`; a missing file is created unless `create` is False (then it is BadInput).

        `path` may also be a PostgreSQL database (`app.storage.location.Server`):
        its connection then has sqlite3's shape (`app.storage.dbapi.Connection`,
        see `app.storage.postgres`), so everything that reads `conn` works on
        either engine.
        """
        self.path = path
        self.conn: Connection
        if isinstance(path, Server):
            from app.storage.pg_schema import open_server

            self.conn = open_server(path, create=create)
        else:
            self.conn = open_database(path, create=create)
        self._engine: Engine | None = None

    def close(self) -> None:
        """Release the file."""
        if self._engine is not None:
            self._engine.dispose()
        self.conn.close()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def engine(self) -> Engine:
        """SQLModel's engine for writes, on this repository's one connection; made on first use.

        The only place the write path (SQLAlchemy, about 0.7 s to import) is
        loaded, so a command that only reads never pays for it.
        """
        if self._engine is None:
            from app.storage.writer import make_engine

            self._engine = make_engine(self.conn)
        return self._engine

    # Reads -----------------------------------------------------------------

    def processes(self, *, open_only: bool = False, closed_only: bool = False) -> list[Process]:
        """All processes (or only the open ones: active or an offer; or only the closed ones), oldest first."""
        return reader.load_processes(self.conn, open_only=open_only, closed_only=closed_only)

    def process(self, process_id: int) -> Process | None:
        """One process by id."""
        found = reader.load_processes(self.conn, process_id=process_id)
        return found[0] if found else None

    def settings(self) -> Settings:
        """The seeker's settings."""
        return reader.load_settings(self.conn)

    def settings_saved(self) -> bool:
        """Whether settings were ever saved in this database."""
        return reader.settings_saved(self.conn)

    def templates(self) -> dict[str, str]:
        """Every message template in force."""
        return reader.load_templates(self.conn)

    def count(self) -> int:
        """How many processes are stored."""
        return reader.count_processes(self.conn)

    def snapshot(self) -> Backup:
        """Everything, as a backup value."""
        return Backup(self.settings(), tuple(self.processes()), reader.load_custom_templates(self.conn))

    # Writes ----------------------------------------------------------------

    @_write
    def merge(self, backup: Backup) -> MergeReport:
        """Import a validated backup, all or nothing."""
        from app.storage.writer import merge_backup

        return merge_backup(self.engine, backup)

    @_write
    def merge_csv_rows(self, rows: Sequence[ReadRow]) -> MergeReport:
        """Merge a spreadsheet's checked rows over what is stored when writing, all or nothing."""
        from app.storage.csv_merge import merge_rows

        return merge_rows(self.conn, rows)

    @_write
    def save_settings(self, settings: Settings) -> None:
        """Replace the settings."""
        from app.storage.writer import save_settings

        save_settings(self.engine, settings)

    @_write
    def save_templates(self, templates: dict[str, str]) -> None:
        """Replace some message templates."""
        from app.storage.writer import save_templates

        save_templates(self.engine, templates)

    @_write
    def add_process(self, process: Process) -> int:
        """Track a new process; returns its id."""
        from app.storage.writer import add_process

        return add_process(self.engine, process)

    @_write
    def update_process(self, process_id: int, **values: Any) -> None:
        """Change fields of a process."""
        from app.storage.writer import update_process

        update_process(self.engine, process_id, **values)

    @_write
    def add_contact(self, process_id: int, contact: Contact) -> int:
        """Add a person to a process."""
        from app.storage.writer import add_contact

        return add_contact(self.engine, process_id, contact)

    @_write
    def add_interview(self, process_id: int, interview: Interview) -> int:
        """Log or schedule an interview."""
        from app.storage.writer import add_interview

        return add_interview(self.engine, process_id, interview)

    @_write
    def add_message(self, process_id: int, message: Message) -> int:
        """Log a message."""
        from app.storage.writer import add_message

        return add_message(self.engine, process_id, message)

    @_write
    def remove(self, record: Record) -> bool:
        """Take back an addition (undo): delete `record` only while it is still that record.

        False when no row is both its id and what it was (company + role, name,
        kind + time...): a restore or an import elsewhere replaced it, and the
        row now under that id is left alone.
        """
        from app.storage.writer import delete_record

        return delete_record(self.engine, record)

    @_write
    def put_back_status(self, process: ProcessRef, now: str, before: str) -> bool:
        """Take back a status change (undo), only while the process is still that one with status `now`."""
        from app.storage.writer import put_back_status

        return put_back_status(self.engine, process, now, before)

    # Edits and deletes, each an undoable change (see app.storage.editing) -------------------

    @_write
    def edit_process(self, ref: ProcessRef, process: Process) -> Changed:
        """Change the head fields of a process (company, role, status, place, link, notes, days).

        AlreadyTracked for a company + role another process has; Gone when `ref`
        no longer names that process; BadInput naming the field otherwise.
        """
        from app.storage.editing import edit_process

        return edit_process(self.engine, ref, process)

    @_write
    def edit_contact(self, ref: ContactRef, contact: Contact) -> Changed:
        """Change a contact (name, role, email, phone, direct contact); Duplicate for a name already used."""
        from app.storage.editing import edit_contact

        return edit_contact(self.engine, ref, contact)

    @_write
    def edit_interview(self, ref: InterviewRef, interview: Interview) -> Changed:
        """Change or reschedule an interview; Duplicate for the kind and time of another one."""
        from app.storage.editing import edit_interview

        return edit_interview(self.engine, ref, interview)

    @_write
    def edit_message(self, ref: MessageRef, message: Message) -> Changed:
        """Change a logged message."""
        from app.storage.editing import edit_message

        return edit_message(self.engine, ref, message)

    @_write
    def delete(self, record: Record) -> Changed:
        """Delete a record with what goes with it (a process: its contacts, interviews and messages;
        a contact: only them, their messages and interviews kept). Gone when it changed elsewhere.
        """
        from app.storage.editing import delete_record

        return delete_record(self.engine, record)

    @_write
    def added(self, record: Record) -> Changed:
        """A record just added, as a change that undo takes back and redo makes again with the same ids."""
        from app.storage.editing import added

        return added(self.engine, record)

    @_write
    def replay(self, edits: Sequence[RowEdit]) -> bool:
        """Write a change's rows (or their reverse, for undo), all or nothing; False when any row is no
        longer as the change left it (changed elsewhere), and then nothing is touched.
        """
        from app.storage.editing import replay

        return replay(self.engine, edits)
