"""Six writer processes on one PostgreSQL database, and a reader: every reported change is there, no errors.

Three writers go through the Repository (a process, then a change to it, each
its own transaction), three run the real `nudge import` twice on files of
their own; a reader reads the processes and the stored agenda over and over,
as an open dashboard does, until it sees the final count. Everything is
counted, nothing timed: the writers report what they committed, and the test
finds each of those changes stored.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from engines import server_missing

from app.backup import Backup, dump_backup
from app.rules.values import Contact, Process
from app.storage.location import parse_location
from app.storage.repository import Repository

pytestmark = pytest.mark.skipif(server_missing() is not None, reason=f"{server_missing()}; server tests skipped")
NUDGE = str(Path(sys.executable).with_name("nudge"))
REPOSITORY_WRITERS, IMPORT_WRITERS = 3, 3
PER_WRITER, IMPORTS, PER_IMPORT = 25, 2, 5

WRITER = """
import sys
from app.rules.values import Process
from app.storage.location import parse_location
from app.storage.repository import Repository

url, me, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Repository(parse_location(url)) as repo:
    for n in range(count):
        pid = repo.add_process(Process(company=f"Writer {me}", role=f"Role {n}"))
        print("added", pid, flush=True)
        repo.update_process(pid, notes=f"changed by {me}")
        print("changed", pid, flush=True)
"""

READER = """
import sys
from datetime import date
from app.storage.judged import stored_agenda
from app.storage.location import parse_location
from app.storage.repository import Repository

url, total = sys.argv[1], int(sys.argv[2])
reads, last, version = 0, -1, -1
with Repository(parse_location(url)) as repo:
    for _ in range(1_000_000):
        count = len(repo.processes())
        stored_agenda(repo.conn, date(2026, 11, 25), repo.settings(), repo.templates(), 5)
        now = int(repo.conn.execute("PRAGMA data_version").fetchone()[0])
        assert count >= last and now >= version, (count, last, now, version)
        last, version, reads = count, now, reads + 1
        if count == total:
            break
print("reads", reads, "last", last, flush=True)
"""


def _sheet(writer: int, part: int) -> str:
    processes = tuple(
        Process(
            company=f"Importer {writer}",
            role=f"File {part} role {n}",
            contacts=(Contact(name=f"Person {writer}-{part}-{n}", email=f"p{writer}{part}{n}@example.com"),),
        )
        for n in range(PER_IMPORT)
    )
    return dump_backup(Backup(None, processes, {}))


def test_six_writers_and_a_reader_on_one_database(pg_url: str, tmp_path: Path) -> None:
    location = parse_location(pg_url)
    with Repository(location) as repo:  # the schema, made once before the crowd arrives
        assert repo.count() == 0
    total = REPOSITORY_WRITERS * PER_WRITER + IMPORT_WRITERS * IMPORTS * PER_IMPORT
    files = []
    for writer in range(IMPORT_WRITERS):
        for part in range(IMPORTS):
            path = tmp_path / f"import-{writer}-{part}.json"
            path.write_text(_sheet(writer, part), encoding="utf-8")
            files.append(path)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, pg_url, str(total)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, pg_url, str(n), str(PER_WRITER)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(REPOSITORY_WRITERS)
    ]
    importers = [
        subprocess.Popen(
            ["/bin/sh", "-c", " && ".join(f"'{NUDGE}' import --db '{pg_url}' '{path}'" for path in group)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for group in (files[w * IMPORTS : (w + 1) * IMPORTS] for w in range(IMPORT_WRITERS))
    ]
    reported: dict[str, list[int]] = {"added": [], "changed": []}
    for proc in writers:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0 and err == "", err
        for line in out.splitlines():
            kind, pid = line.split()
            reported[kind].append(int(pid))
    imported = 0
    for proc in importers:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        lines = err.strip().splitlines()
        assert len(lines) == IMPORTS and all(f"{PER_IMPORT} processes added, 0 already there" in x for x in lines)
        imported += IMPORTS * PER_IMPORT
    out, err = reader.communicate(timeout=600)
    assert reader.returncode == 0 and err == "", err
    assert f"last {total}" in out
    print(f"reader: {out.strip()}")  # with -s: how often it read meanwhile

    assert len(reported["added"]) == len(set(reported["added"])) == REPOSITORY_WRITERS * PER_WRITER
    assert sorted(reported["changed"]) == sorted(reported["added"])
    with Repository(location) as repo:
        stored = {p.id: p for p in repo.processes()}
        assert len(stored) == total == imported + len(reported["added"])
        for pid in reported["added"]:
            assert stored[pid].notes == f"changed by {stored[pid].company.split()[-1]}"
        exported = json.loads(dump_backup(repo.snapshot()))
    assert sum(len(p["contacts"]) for p in exported["processes"]) == imported
