"""`nudge doctor`: look the database over without changing it, and say what to do.

Every check reads only (the file is opened with `mode=ro`), so the doctor can
be run on a damaged file, a newer one, or one another window is writing to,
and whatever it finds, the file is exactly as it was afterwards.
"""

from __future__ import annotations

import sqlite3
import stat
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from app.errors import NudgeError
from app.plural import plural
from app.storage.backups import daily_backups
from app.storage.files import SQLITE_HEADER
from app.storage.migrations import CURRENT_VERSION, check_compatible, schema_differences

RESTORE_HINT = "restore a copy with 'nudge restore FILE' (see 'nudge backup --list')"
"""Doctor's own advice: the report already is the doctor, so only the restore half of DAMAGE_ADVICE."""


_TABLES = {"process": "processes", "contact": "contacts", "interview": "interviews", "message": "messages"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the report: what was checked, whether it is fine, and the detail."""

    check: str
    ok: bool
    detail: str


def examine(path: Path) -> list[Finding]:
    """Every check on the database at `path`, in the order a person would want to read them."""
    findings: list[Finding] = []
    if not path.exists():
        return [Finding("file", False, f"{path} does not exist; 'nudge' creates it on first use")]
    if path.is_dir():
        return [Finding("file", False, f"{path} is a folder, not a database file")]
    if not path.is_file():  # a device or pipe: its mode is not ours to advise on
        return [Finding("file", False, f"{path} is not a regular file (a device, pipe or socket)")]
    findings.append(_privacy(path))
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return [*findings, Finding("file", False, f"cannot read {path}: {exc.strerror}")]
    if head not in (b"", SQLITE_HEADER):
        return [*findings, Finding("file", False, f"{path} is not a SQLite file; {RESTORE_HINT}")]
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            findings.extend(_database(conn, path))
    except sqlite3.DatabaseError as exc:
        findings.append(Finding("integrity", False, f"SQLite cannot read it ({exc}); {RESTORE_HINT}"))
    findings.append(_backups(path))
    return findings


def _privacy(path: Path) -> Finding:
    """The file must be yours alone; a folder others can list only shows them file names, so it is a hint."""
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        return Finding("privacy", False, f"others may read {path}; run: chmod go= {path}")
    if stat.S_IMODE(path.parent.stat().st_mode) & 0o077:
        return Finding(
            "privacy", True, f"database readable by you alone (others can list {path.parent}: chmod go= to hide it)"
        )
    return Finding("privacy", True, "database and folder readable by you alone")


def _database(conn: sqlite3.Connection, path: Path) -> list[Finding]:
    try:
        version = check_compatible(conn, path)
    except NudgeError as exc:
        return [Finding("schema", False, str(exc))]
    if version == 0:
        return [Finding("schema", True, "new, empty database")]
    upgrade = "" if version == CURRENT_VERSION else f" (upgraded to {CURRENT_VERSION} on next use)"
    differences = schema_differences(conn, version)
    schema = (
        Finding("schema", True, f"version {version}{upgrade}")
        if not differences
        else Finding(
            "schema",
            False,
            f"version {version}, but not as Nudge made it ({'; '.join(differences)}); "
            f"restore a clean copy with 'nudge restore FILE', which sets this file aside",
        )
    )
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
    if problems == ["ok"]:
        integrity = Finding("integrity", True, "ok")
    else:
        integrity = Finding("integrity", False, f"{len(problems)} problem(s), first: {problems[0]}; {RESTORE_HINT}")
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    links = (
        Finding("links", True, "every contact, interview and message belongs to a process")
        if not broken
        else Finding("links", False, f"{len(broken)} row(s) point to missing rows; {RESTORE_HINT}")
    )
    counts = {
        plural: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # fixed table names
        for table, plural in _TABLES.items()
    }
    contents = Finding("contents", True, ", ".join(f"{n} {plural}" for plural, n in counts.items()))
    return [schema, integrity, links, contents]


def _backups(path: Path) -> Finding:
    copies = daily_backups(path)
    if not copies:
        return Finding("backups", True, "no daily copy yet (one is taken the first time Nudge writes each day)")
    count = plural(len(copies), "daily copy", "daily copies")
    return Finding("backups", True, f"{count}, newest {copies[0]}")


def render(findings: list[Finding]) -> str:
    """The report as text: one line per check, problems marked so they stand out without colour."""
    width = max(len(f.check) for f in findings)
    lines = [f"{'ok' if f.ok else 'PROBLEM':<7}  {f.check:<{width}}  {f.detail}" for f in findings]
    verdict = "all good" if all(f.ok for f in findings) else "problems found"
    return "\n".join([*lines, verdict]) + "\n"
