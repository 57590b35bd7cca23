"""`nudge doctor` for a PostgreSQL database: the schema, its version, the links and the contents.

Reads only, in one REPEATABLE READ snapshot. The server keeps its own pages
sound (there is no file to check), so what can go wrong is what someone did to
the schema: a newer version, a table or column missing, rows pointing nowhere
(possible only if someone dropped a foreign key).
"""

from __future__ import annotations

from app.errors import NudgeError
from app.storage.doctor import Finding
from app.storage.location import Server
from app.storage.migrations import CURRENT_VERSION
from app.storage.pg_schema import check_compatible
from app.storage.postgres import ServerConnection, connect_server

_TABLES = {"process": "processes", "contact": "contacts", "interview": "interviews", "message": "messages"}


def _expected_columns() -> dict[str, list[str]]:
    from app.storage.tables import ALL_TABLES

    return {
        model.__tablename__: [c.name for c in model.__table__.columns]  # type: ignore[union-attr]
        for model in ALL_TABLES
    }


def _schema(conn: ServerConnection) -> list[Finding]:
    try:
        version = check_compatible(conn)
    except NudgeError as exc:
        return [Finding("schema", False, str(exc))]
    if version == 0:
        return [Finding("schema", False, "no Nudge schema yet; 'nudge --db URL demo' or 'nudge import' starts one")]
    missing = []
    for table, columns in _expected_columns().items():
        found = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        if found != columns:
            missing.append(table)
    if missing:
        return [Finding("schema", False, f"the columns of {', '.join(missing)} differ from schema {version}")]
    return [Finding("schema", True, f"version {version} of {CURRENT_VERSION}, every table as it should be")]


def examine_server(server: Server) -> list[Finding]:
    """Every check on the server database, as `doctor.examine` does for a file."""
    conn = connect_server(server)
    try:
        conn.execute("BEGIN")
        findings = _schema(conn)
        if not findings[0].ok:
            return findings
        orphans = " + ".join(
            f"(SELECT count(*) FROM {t} x WHERE NOT EXISTS (SELECT 1 FROM process p WHERE p.id = x.process_id))"
            for t in ("contact", "interview", "message")
        )
        broken = conn.execute(f"SELECT {orphans}").fetchone()[0]
        findings.append(
            Finding("links", True, "every contact, interview and message belongs to a process")
            if not broken
            else Finding("links", False, f"{broken} row(s) point to missing processes")
        )
        counts = {name: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table, name in _TABLES.items()}
        findings.append(Finding("contents", True, ", ".join(f"{n} {name}" for name, n in counts.items())))
        return findings
    finally:
        conn.rollback()
        conn.close()
