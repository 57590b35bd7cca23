"""Storage of the second edition: offers read as open, and the days that move the advice stored and read back."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.rules.values import STATUSES, Interview, Message, Moment, Process, is_open
from app.storage.connection import connect
from app.storage.reader import count_open, load_processes
from app.storage.repository import Repository


def test_open_means_active_or_offer_in_every_reader(tmp_path: Path) -> None:
    """An offer is loaded with the open processes (the agenda and the dashboard's first load), never as closed."""
    path = tmp_path / "n.db"
    with Repository(path) as repo:
        for n, status in enumerate(STATUSES):
            repo.add_process(Process(company=f"Co {n}", role=status, status=status))
        open_ones = [p.status for p in repo.processes(open_only=True)]
        closed = [p.status for p in repo.processes(closed_only=True)]
    assert open_ones == [s for s in STATUSES if is_open(s)] == ["active", "offer"]
    assert closed == [s for s in STATUSES if not is_open(s)]
    conn = connect(path, wal=False)
    try:
        assert count_open(conn) == 2
        assert [p.status for p in load_processes(conn, open_only=True)] == ["active", "offer"]
    finally:
        conn.close()


def test_the_days_are_stored_as_iso_dates_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    with Repository(path) as repo:
        pid = repo.add_process(
            Process(company="Acme", role="Data Engineer", status="offer", deadline=date(2026, 12, 11))
        )
        repo.add_interview(
            pid, Interview(kind="final", at=Moment.parse("2026-11-30T10:00"), expect_by=date(2026, 12, 4))
        )
        repo.add_message(
            pid, Message(at=Moment.parse("2026-12-01"), direction="in", purpose="reply", expect_by=date(2026, 12, 9))
        )
        repo.update_process(pid, wait_until=date(2026, 12, 14))
        process = repo.process(pid)
        assert process is not None
        assert (process.deadline, process.wait_until) == (date(2026, 12, 11), date(2026, 12, 14))
        assert process.interviews[0].expect_by == date(2026, 12, 4)
        assert process.messages[0].expect_by == date(2026, 12, 9)
        repo.update_process(pid, deadline=None)
        cleared = repo.process(pid)
        with pytest.raises(TypeError, match="deadline as a date"):
            repo.update_process(pid, deadline="2026-12-11")
    assert cleared is not None and cleared.deadline is None and cleared.wait_until == date(2026, 12, 14)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT deadline, wait_until FROM process").fetchall() == [(None, "2026-12-14")]
        assert conn.execute("SELECT expect_by FROM interview").fetchall() == [("2026-12-04",)]
        assert conn.execute("SELECT expect_by FROM message").fetchall() == [("2026-12-09",)]
