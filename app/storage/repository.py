"""The one door to a Nudge database: plain values out, plain values in.

Reads go straight through sqlite3 (see `reader`); writes through SQLModel
(see `writer`), which is imported only when the first write happens, so a
read-only command never pays for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.backup import Backup
from app.rules.values import Contact, Interview, Message, Process, Settings
from app.storage import reader
from app.storage.connection import open_database

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Engine

    from app.csvimport.plan import ReadRow
    from app.storage.writer import MergeReport


class Repository:
    """A Nudge database file, opened (created or upgraded as needed) and ready."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        """Open `path`; a missing file is created unless `create` is False (then it is BadInput)."""
        self.path = path
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
        """SQLModel's engine for writes, made on first use."""
        if self._engine is None:
            from app.storage.writer import make_engine

            self._engine = make_engine(self.path)
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

    def merge(self, backup: Backup) -> MergeReport:
        """Import a validated backup, all or nothing."""
        from app.storage.writer import merge_backup

        return merge_backup(self.engine, backup)

    def merge_csv_rows(self, rows: Sequence[ReadRow]) -> MergeReport:
        """Merge a spreadsheet's checked rows over what is stored when writing, all or nothing."""
        from app.storage.csv_merge import merge_rows

        return merge_rows(self.conn, rows)

    def save_settings(self, settings: Settings) -> None:
        """Replace the settings."""
        from app.storage.writer import save_settings

        save_settings(self.engine, settings)

    def save_templates(self, templates: dict[str, str]) -> None:
        """Replace some message templates."""
        from app.storage.writer import save_templates

        save_templates(self.engine, templates)

    def add_process(self, process: Process) -> int:
        """Track a new process; returns its id."""
        from app.storage.writer import add_process

        return add_process(self.engine, process)

    def update_process(self, process_id: int, **values: Any) -> None:
        """Change fields of a process."""
        from app.storage.writer import update_process

        update_process(self.engine, process_id, **values)

    def add_contact(self, process_id: int, contact: Contact) -> int:
        """Add a person to a process."""
        from app.storage.writer import add_contact

        return add_contact(self.engine, process_id, contact)

    def add_interview(self, process_id: int, interview: Interview) -> int:
        """Log or schedule an interview."""
        from app.storage.writer import add_interview

        return add_interview(self.engine, process_id, interview)

    def add_message(self, process_id: int, message: Message) -> int:
        """Log a message."""
        from app.storage.writer import add_message

        return add_message(self.engine, process_id, message)

    def delete(self, what: str, row_id: int) -> None:
        """Remove a process, contact, interview or message by id (undo)."""
        from app.storage import tables, writer

        table = {
            "process": tables.ProcessRow,
            "contact": tables.ContactRow,
            "interview": tables.InterviewRow,
            "message": tables.MessageRow,
        }[what]
        writer.delete_row(self.engine, table, row_id)
