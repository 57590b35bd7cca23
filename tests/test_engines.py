"""The storage layer and the maintenance commands, the same on every engine (tests/engines.py).

Each test runs once on a SQLite file and once on a PostgreSQL database (when
a server is at hand): the Repository hands out the same values and refuses
the same things, and backup, restore, doctor and config behave alike. A
refused command leaves either database as it was (`Database.state`).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from engines import SQLITE, Database
from support import DEMO, DEMO_DAY, fails, mode, ok, run_nudge

from app.errors import BadInput
from app.rules.values import Contact, Interview, Message, Moment, Process, Settings
from app.storage.records import ContactRef, ProcessRef
from app.storage.repository import Repository

DAY = DEMO_DAY.isoformat()


def _acme(repo: Repository) -> int:
    return repo.add_process(
        Process(
            company="Acme",
            role="Data Engineer",
            contacts=(
                Contact(name="Rita Ray", role="recruiter", email="rita@acme.example", direct_ok=True),
                Contact(name="Omar Haddad", role="hiring_manager"),
            ),
        )
    )


# The Repository ---------------------------------------------------------------------------


def test_repository_hands_out_plain_values_in_order(database: Database) -> None:
    with Repository(database.location) as repo:
        pid = _acme(repo)
        repo.add_interview(
            pid, Interview(kind="technical", at=Moment.parse("2026-12-02T14:00"), with_=("Omar Haddad", "Rita Ray"))
        )
        repo.add_interview(
            pid, Interview(kind="recruiter_screen", at=Moment.parse("2026-11-30T10:00"), with_=("Rita Ray",))
        )
        repo.add_message(
            pid,
            Message(
                at=Moment.parse("2026-12-01"), direction="in", contact="Rita Ray", purpose="reply", signal="positive"
            ),
        )
        repo.add_process(Process(company="Globex", role="SRE", status="rejected"))
        process = repo.process(pid)
        assert [p.company for p in repo.processes(open_only=True)] == ["Acme"]
        assert [p.company for p in repo.processes()] == ["Acme", "Globex"]
        assert [p.company for p in repo.processes(closed_only=True)] == ["Globex"]
        assert repo.count() == 2
        assert repo.process(999) is None
    assert process is not None and process.id == pid
    assert [i.kind for i in process.interviews] == ["recruiter_screen", "technical"]
    assert process.interviews[1].with_ == ("Omar Haddad", "Rita Ray")
    assert process.messages[0].contact == "Rita Ray"
    assert process.messages[0].at == Moment(datetime(2026, 12, 1), timed=False)
    assert process.contacts[0].direct_ok is True and process.contacts[1].direct_ok is False


def test_logging_refuses_what_cannot_be_right_and_writes_nothing(database: Database) -> None:
    with Repository(database.location) as repo:
        pid = _acme(repo)
        screen = Interview(kind="recruiter_screen", at=Moment.parse("2026-11-30T10:00"))
        repo.add_interview(pid, screen)
        before = database.state()
        with pytest.raises(BadInput, match="already has a recruiter screen at 2026-11-30T10:00"):
            repo.add_interview(pid, screen)
        with pytest.raises(BadInput, match="no contact named 'Nobody'"):
            repo.add_message(pid, Message(at=Moment.parse("2026-12-01"), direction="out", contact="Nobody"))
        with pytest.raises(BadInput, match="already tracked"):
            _acme(repo)
        with pytest.raises(BadInput, match="already a contact"):
            repo.add_contact(pid, Contact(name="Rita Ray"))
        with pytest.raises(BadInput, match="status must be one of active"):
            repo.update_process(pid, status="closed")
        assert database.state() == before
    assert database.counts() == {
        "process": 1,
        "contact": 2,
        "interview": 1,
        "interview_contact": 0,
        "message": 0,
        "setting": 0,
        "template": 0,
    }


def test_deletes_cascade_to_children(database: Database) -> None:
    with Repository(database.location) as repo:
        pid = _acme(repo)
        repo.add_interview(pid, Interview(kind="technical", at=Moment.parse("2026-12-02"), with_=("Rita Ray",)))
        repo.add_message(
            pid, Message(at=Moment.parse("2026-12-01"), direction="out", contact="Rita Ray", purpose="follow_up")
        )
        found = repo.process(pid)
        assert found is not None
        acme = ProcessRef(pid, "Acme", "Data Engineer")
        assert repo.remove(ContactRef(acme, found.contacts[0].id, "Rita Ray"))
        process = repo.process(pid)
        assert process is not None
        assert process.messages[0].contact is None  # the message stays, without its person
        assert process.interviews[0].with_ == ()
        assert repo.remove(acme)
    assert set(database.counts().values()) == {0}


def test_settings_and_templates_round_trip(database: Database) -> None:
    settings = Settings(
        country="GB",
        subdivision="SCT",
        workdays=("mon", "tue", "wed", "thu"),
        days_off=(date(2026, 12, 24),),
        your_name="Sam Lee",
    )
    with Repository(database.location) as repo:
        assert repo.settings() == Settings() and not repo.settings_saved()
        repo.save_settings(settings)
        repo.save_templates({"move_on": "Bye {first_name}."})
        with pytest.raises(BadInput, match="unknown placeholder"):
            repo.save_templates({"move_on": "Bye {name}."})
    with Repository(database.location) as repo:
        assert repo.settings() == settings and repo.settings_saved()
        assert repo.templates()["move_on"] == "Bye {first_name}."
        assert repo.snapshot().templates == {"move_on": "Bye {first_name}."}


def test_reading_changes_nothing(database: Database, tmp_path: Path) -> None:
    ok(run_nudge("demo", "--db", str(database), "--date", DAY, home=tmp_path))
    ok(run_nudge("agenda", "--db", str(database), "--date", DAY, home=tmp_path))  # stores what it judged
    before = database.state()
    with Repository(database.location) as repo:
        assert repo.count() == DEMO["process"]
        repo.processes()
        repo.snapshot()
    ok(run_nudge("export", "--db", str(database), home=tmp_path))
    ok(run_nudge("stats", "--db", str(database), "--date", DAY, home=tmp_path))
    assert database.state() == before


# backup, restore, doctor -------------------------------------------------------------------


def test_backup_then_restore_gives_back_what_was_there_and_keeps_what_it_replaced(
    database: Database, tmp_path: Path
) -> None:
    db = str(database)
    ok(run_nudge("demo", "--db", db, "--date", DAY, home=tmp_path))
    exported = ok(run_nudge("export", "--db", db, home=tmp_path))
    copy = tmp_path / "copy.json"
    ok(run_nudge("export", "--db", db, "-o", copy, home=tmp_path))
    # change the search, then restore the export over it
    with Repository(database.location) as repo:
        repo.add_process(Process(company="Zeta", role="Analyst"))
        changed = ok(run_nudge("export", "--db", db, home=tmp_path))
    run = run_nudge("restore", "--db", db, copy, home=tmp_path)
    ok(run)
    said = run.stderr.decode().strip()
    assert said.startswith(f"restored {copy} into {database.shown}: {DEMO['process']} processes,")
    assert ok(run_nudge("export", "--db", db, home=tmp_path)) == exported
    kept = Path(said.rsplit("the previous contents are kept in ", 1)[1])
    assert mode(kept) == 0o600
    # what was replaced restores in turn (a .db copy on SQLite, a JSON export on the server)
    ok(run_nudge("restore", "--db", db, kept, home=tmp_path))
    assert ok(run_nudge("export", "--db", db, home=tmp_path)) == changed
    doctor = run_nudge("doctor", "--db", db, home=tmp_path)
    assert "all good" in ok(doctor), doctor.stdout.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: data["processes"][0].update(status="closed"), "processes[0].status"),
        (lambda data: data.update(version=9), "written by a newer Nudge"),
    ],
)
def test_a_refused_restore_leaves_the_database_as_it_was(
    database: Database, tmp_path: Path, change: object, message: str
) -> None:
    db = str(database)
    ok(run_nudge("demo", "--db", db, "--date", DAY, home=tmp_path))
    data = json.loads(ok(run_nudge("export", "--db", db, home=tmp_path)))
    change(data)  # type: ignore[operator]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    before = database.state()
    assert message in fails(run_nudge("restore", "--db", db, bad, home=tmp_path), 2)
    assert database.state() == before
    backups = tmp_path / "xdg-data" / "nudge" / "backups"
    leftovers = [p for p in backups.rglob("*") if p.is_file()] if backups.exists() else []
    if database.engine == SQLITE:
        leftovers = [p for p in (Path(db).parent / "backups").glob("*") if "before-restore" in p.name]
    assert leftovers == []  # no kept copy of a restore that did not happen, no temporary left


def test_restore_into_an_empty_database_makes_it(database: Database, tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    ok(run_nudge("demo", "--db", source, "--date", DAY, home=tmp_path))
    copy = tmp_path / "copy.json"
    ok(run_nudge("export", "--db", source, "-o", copy, home=tmp_path))
    run = run_nudge("restore", "--db", str(database), copy, home=tmp_path)
    assert "there was no database before" in ok(run) + run.stderr.decode()
    assert ok(run_nudge("export", "--db", str(database), home=tmp_path)) == copy.read_text(encoding="utf-8")
