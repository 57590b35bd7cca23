"""`nudge agenda` on two cores gives exactly the agenda of one pass, and survives a failing child."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from support import DEMO_DAY

from app.backup import Backup
from app.demo import demo_backup
from app.parallel import agenda_on_two_cores
from app.rules.agenda import build_agenda
from app.rules.values import Process, Settings
from app.storage.repository import Repository


def _many(tmp_path: Path) -> Path:
    """The demo search copied under 40 company names: 360 processes, with odd and even ids."""
    demo = demo_backup(DEMO_DAY)
    copies = tuple(
        Process(f"{p.company} {n}", p.role, p.status, p.country, p.subdivision, p.link, p.notes,
                p.contacts, p.interviews, p.messages)
        for n in range(40)
        for p in demo.processes
    )  # fmt: skip
    path = tmp_path / "many.db"
    with Repository(path) as repo:
        repo.merge(Backup(demo.settings, copies, {}))
    return path


def test_two_cores_agree_with_one_pass(tmp_path: Path) -> None:
    path = _many(tmp_path)
    for day in (DEMO_DAY, date(2026, 11, 27), date(2026, 12, 24)):
        with Repository(path) as repo:
            settings, templates = repo.settings(), repo.templates()
            single = build_agenda(repo.processes(open_only=True), day, settings, templates, days=5)
            split = agenda_on_two_cores(path, repo.conn, day, settings, templates, 5, threshold=0)
        assert split == single
        assert len(split.due) + len(split.upcoming) > 100


def test_a_failing_child_means_the_parent_does_it_all(tmp_path: Path) -> None:
    path = _many(tmp_path)
    elsewhere = tmp_path / "not-a-nudge-database.db"  # the child opens this and fails to read it
    with Repository(path) as repo:
        settings, templates = repo.settings(), repo.templates()
        single = build_agenda(repo.processes(open_only=True), DEMO_DAY, settings, templates)
        assert agenda_on_two_cores(elsewhere, repo.conn, DEMO_DAY, settings, templates, 5, threshold=0) == single


def test_small_searches_are_judged_in_one_pass(demo_db: Path) -> None:
    with Repository(demo_db) as repo:
        got = agenda_on_two_cores(demo_db, repo.conn, DEMO_DAY, Settings(), repo.templates(), 5)
        assert got == build_agenda(repo.processes(open_only=True), DEMO_DAY, Settings(), repo.templates())
