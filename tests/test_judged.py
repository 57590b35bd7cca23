"""The stored agenda is exactly what judging afresh gives, on any day, after any change.

Processes are written to a real SQLite file through the Repository, changed
through it (messages, interviews, status, a chosen wait, contacts, settings,
templates), and read back on random days: what `read_open` returns (stored rows
where they hold, judged rows where not) must equal `actions_for` on the
processes as they are now.
"""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules.builders import process, recruiter
from support import DEMO_DAY

from app.backup import Backup
from app.demo import demo_backup
from app.rules.agenda import Action, actions_for, build_agenda
from app.rules.calendar import CalendarBook
from app.rules.values import INTERVIEW_KINDS, Contact, Interview, Message, Moment, Settings
from app.storage.judged import read_open, stored_agenda
from app.storage.repository import Repository

START = date(2026, 11, 2)
days = st.integers(min_value=0, max_value=100).map(lambda n: START + timedelta(days=n))
moments = st.builds(
    lambda d, h, timed: Moment.of(datetime(d.year, d.month, d.day, h)) if timed else Moment.of(d),
    days,
    st.integers(min_value=8, max_value=18),
    st.booleans(),
)
maybe_day = st.none() | days
interviews = st.builds(
    lambda kind, at, promise: Interview(kind=kind, at=at, with_=("Rita Ray",), expect_by=promise),
    st.sampled_from(INTERVIEW_KINDS),
    moments,
    maybe_day,
)
outbound = st.builds(
    lambda at, purpose: Message(at=at, direction="out", contact="Rita Ray", purpose=purpose),
    moments,
    st.sampled_from(["follow_up", "check_in", "thank_you", "scheduling", "application", "reply", "other"]),
)
inbound = st.builds(
    lambda at, signal, promise: Message(
        at=at, direction="in", contact="Rita Ray", purpose="reply", signal=signal, expect_by=promise
    ),
    moments,
    st.sampled_from([None, "positive", "neutral", "negative"]),
    maybe_day,
)
messages = outbound | inbound


def _unique(items: list[Interview]) -> tuple[Interview, ...]:
    """One interview per kind and time (the database's rule)."""
    seen: dict[tuple[str, str], Interview] = {}
    for i in items:
        seen.setdefault((i.kind, i.at.iso()), i)
    return tuple(sorted(seen.values(), key=lambda i: i.at.value))


processes = st.builds(
    lambda n, country, status, ints, msgs, wait, deadline: process(
        company=f"Company {n}",
        country=country,
        status=status,
        interviews=_unique(ints),
        messages=tuple(sorted(msgs, key=lambda m: m.at.value)),
        wait_until=None if wait is None else wait.isoformat(),
        deadline=None if deadline is None else deadline.isoformat(),
    ),
    st.integers(min_value=0, max_value=10_000),
    st.sampled_from([None, "US", "GB", "DE"]),
    st.sampled_from(["active", "active", "active", "offer", "ghosted"]),
    st.lists(interviews, max_size=3),
    st.lists(messages, max_size=5),
    maybe_day,
    maybe_day,
)
searches = st.lists(processes, min_size=1, max_size=6, unique_by=lambda p: p.company)

changes = st.one_of(
    st.tuples(st.just("read"), days),
    st.tuples(st.just("message"), st.integers(min_value=0), messages),
    st.tuples(st.just("interview"), st.integers(min_value=0), interviews),
    st.tuples(st.just("status"), st.integers(min_value=0), st.sampled_from(["active", "offer", "rejected"])),
    st.tuples(st.just("wait"), st.integers(min_value=0), maybe_day),
    st.tuples(st.just("contact"), st.integers(min_value=0), st.sampled_from(["headhunter", "hiring_manager"])),
    st.tuples(st.just("settings"), st.sampled_from(["US", "GB"]), st.integers(min_value=3, max_value=9)),
    st.tuples(st.just("template"), st.sampled_from(["follow up, {first_name}", "Hello {first_name}"])),
)


def fresh(repo: Repository, day: date, chosen: Settings) -> dict[int, list[Action]]:
    """Every open process's actions as the rules give them now."""
    book, templates = CalendarBook(chosen), repo.templates()
    return {p.id: actions_for(p, day, book.for_process(p), chosen, templates) for p in repo.processes(open_only=True)}


def stored(repo: Repository, day: date, chosen: Settings) -> tuple[dict[int, list[Action]], int]:
    reading = read_open(repo.conn, day, chosen, repo.templates())
    return {j.process_id: j.actions for j in reading.judged}, reading.fresh


def _apply(repo: Repository, change: tuple[object, ...], chosen: Settings) -> Settings:
    """Make one change through the Repository; returns the settings in force after it."""
    kind = change[0]
    ids = [p.id for p in repo.processes()]
    pid = ids[int(change[1]) % len(ids)] if isinstance(change[1], int) else 0
    if kind == "message":
        assert isinstance(change[2], Message)
        repo.add_message(pid, change[2])
    elif kind == "interview":
        assert isinstance(change[2], Interview)
        current = repo.process(pid)
        assert current is not None
        if all((i.kind, i.at.iso()) != (change[2].kind, change[2].at.iso()) for i in current.interviews):
            repo.add_interview(pid, change[2])
    elif kind == "status":
        repo.update_process(pid, status=change[2])
    elif kind == "wait":
        repo.update_process(pid, wait_until=change[2])
    elif kind == "contact":
        current = repo.process(pid)
        assert current is not None
        name = f"New {change[2]} {len(current.contacts)}"
        repo.add_contact(pid, Contact(name=name, role=str(change[2]), direct_ok=True))
    elif kind == "settings":
        assert isinstance(change[2], int)
        chosen = replace(chosen, country=str(change[1]), timing=replace(chosen.timing, screen_wait=change[2]))
        repo.save_settings(chosen)
    elif kind == "template":
        repo.save_templates({"follow_up": str(change[1])})
    return chosen


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(searches, st.lists(changes, max_size=8), st.lists(days, min_size=1, max_size=4))
def test_stored_equals_freshly_judged(search: list, steps: list, reads: list) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder, Repository(Path(folder) / "nudge.db") as repo:
        chosen = Settings(your_name="Sam Seeker")
        repo.merge(Backup(chosen, tuple(search), {}))
        repo.save_settings(chosen)
        for change in [*steps, *(("read", day) for day in reads)]:
            if change[0] == "read":
                day = change[1]
                got, _ = stored(repo, day, chosen)
                assert got == fresh(repo, day, chosen)
                again, judged = stored(repo, day, chosen)
                assert again == got
                assert judged == 0, "the second read of a day judges nothing: everything was stored"
                for later in reads:  # the rows stored for `day`, read on other days
                    assert stored(repo, later, chosen)[0] == fresh(repo, later, chosen)
                    stored(repo, day, chosen)
            else:
                chosen = _apply(repo, change, chosen)


def _many(tmp_path: Path) -> Path:
    """The demo search copied under 40 company names: 440 processes."""
    demo = demo_backup(DEMO_DAY)
    copies = tuple(replace(p, company=f"{p.company} {n}") for n in range(40) for p in demo.processes)
    path = tmp_path / "many.db"
    with Repository(path) as repo:
        repo.merge(Backup(demo.settings, copies, {}))
    return path


def test_the_stored_agenda_is_the_agenda_on_every_day(tmp_path: Path) -> None:
    path = _many(tmp_path)
    for day in (DEMO_DAY, DEMO_DAY, date(2026, 11, 27), date(2026, 12, 24), DEMO_DAY):
        with Repository(path) as repo:
            settings_, templates = repo.settings(), repo.templates()
            single = build_agenda(repo.processes(open_only=True), day, settings_, templates, days=5)
            assert stored_agenda(repo.conn, day, settings_, templates, 5) == single
            assert len(single.due) + len(single.upcoming) > 100


def _judged_rows(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT count(*) FROM judged").fetchone()[0])


def test_a_database_without_stored_rows_is_judged_and_then_read(tmp_path: Path) -> None:
    """An older build's database (or one whose rows were lost) still gives the agenda, then stores it."""
    path = _many(tmp_path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DELETE FROM judged")
        conn.execute("DELETE FROM judged_context")
        conn.commit()
    with Repository(path) as repo:
        settings_, templates = repo.settings(), repo.templates()
        first = read_open(repo.conn, DEMO_DAY, settings_, templates)
        assert first.fresh == len(repo.processes(open_only=True)) > 0
        second = read_open(repo.conn, DEMO_DAY, settings_, templates)
        assert second.fresh == 0 and second.judged == first.judged
    assert _judged_rows(path) == first.fresh


def test_a_change_clears_only_that_process_and_other_settings_rejudge_everything(tmp_path: Path) -> None:
    path = _many(tmp_path)
    with Repository(path) as repo:
        settings_, templates = repo.settings(), repo.templates()
        read_open(repo.conn, DEMO_DAY, settings_, templates)
        pid = repo.processes(open_only=True)[0].id
        repo.add_message(pid, Message(at=Moment.of(DEMO_DAY), direction="in", contact=None, purpose="reply"))
        assert read_open(repo.conn, DEMO_DAY, settings_, templates).fresh <= 1
        assert read_open(repo.conn, DEMO_DAY, settings_, templates).fresh == 0
        other = replace(settings_, country="GB")
        everything = read_open(repo.conn, DEMO_DAY, other, templates)
        assert everything.fresh == len(repo.processes(open_only=True))
        assert {j.process_id: j.actions for j in everything.judged} == fresh(repo, DEMO_DAY, other)


def test_a_read_only_file_is_read_without_storing(tmp_path: Path) -> None:
    path = _many(tmp_path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DELETE FROM judged")
        conn.commit()
    with Repository(path) as repo:
        settings_, templates = repo.settings(), repo.templates()
        want = fresh(repo, DEMO_DAY, settings_)
    path.chmod(0o400)
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)) as conn:
            reading = read_open(conn, DEMO_DAY, settings_, templates)
            assert {j.process_id: j.actions for j in reading.judged} == want
    finally:
        path.chmod(0o600)
    assert _judged_rows(path) == 0


def test_garbled_stored_rows_are_judged_again(tmp_path: Path) -> None:
    """A row that is not what this build writes (a hand-edited or foreign file) is judged afresh, not trusted."""
    path = _many(tmp_path)
    with Repository(path) as repo:
        settings_, templates = repo.settings(), repo.templates()
        read_open(repo.conn, DEMO_DAY, settings_, templates)
        repo.conn.execute(
            "UPDATE judged SET actions = '[[1, 2]]' WHERE process_id IN (SELECT min(process_id) FROM judged)"
        )
        repo.conn.execute(
            "UPDATE judged SET actions = 'not json' WHERE process_id IN (SELECT max(process_id) FROM judged)"
        )
        got = read_open(repo.conn, DEMO_DAY, settings_, templates)
        assert {j.process_id: j.actions for j in got.judged} == fresh(repo, DEMO_DAY, settings_)
        assert got.fresh == 2


def test_a_recruiter_added_to_an_interview_is_seen(tmp_path: Path) -> None:
    """Who an interview was with lives in its own table: a change there clears the process's row too."""
    path = tmp_path / "one.db"
    proc = process(contacts=(recruiter(),))
    with Repository(path) as repo:
        repo.merge(Backup(Settings(), (proc,), {}))
        pid = repo.processes()[0].id
        at = Moment.of(datetime(2026, 11, 30, 10))
        repo.add_interview(pid, Interview(kind="onsite", at=at, with_=("Rita Ray",)))
        day = date(2026, 11, 26)
        before, _ = stored(repo, day, Settings())
        repo.conn.execute("DELETE FROM interview_contact")
        after, judged = stored(repo, day, Settings())
        assert judged == 1 and after != before
        assert after == fresh(repo, day, Settings())


def test_a_write_judges_the_process_it_changed_before_it_commits(tmp_path: Path) -> None:
    """Once the store has a context, a change through the Repository leaves nothing to judge at the next start."""
    path = _many(tmp_path)
    with Repository(path) as repo:
        settings_, templates = repo.settings(), repo.templates()
        read_open(repo.conn, DEMO_DAY, settings_, templates)
        pid = repo.processes(open_only=True)[0].id
        repo.add_message(pid, Message(at=Moment.of(DEMO_DAY), direction="in", contact=None, purpose="reply"))
        repo.update_process(repo.processes(open_only=True)[1].id, wait_until=date(2026, 12, 9))
        assert _judged_rows(path) == len(repo.processes(open_only=True))
        after = read_open(repo.conn, DEMO_DAY, settings_, templates)
        assert after.fresh == 0
        assert {j.process_id: j.actions for j in after.judged} == fresh(repo, DEMO_DAY, settings_)


def test_todays_model_without_processes_gives_the_same_agenda(tmp_path: Path) -> None:
    from app.tui.model import DashboardModel

    path = _many(tmp_path)
    with Repository(path) as repo:
        settings_ = repo.settings()
        for day in (DEMO_DAY, date(2026, 12, 24)):
            early = DashboardModel.load_today(repo.conn, day, settings_, 5)
            assert early.processes == {}
            assert early.agenda() == DashboardModel.load(repo.conn, day, settings_, 5).agenda()


def test_the_rest_of_todays_model_is_the_whole_model(tmp_path: Path) -> None:
    """`load_rest` after `load_today` gives what `load` gives, and reads everything again after a write elsewhere."""
    from app.tui.model import DashboardModel

    path = _many(tmp_path)
    with Repository(path) as repo:
        settings_ = repo.settings()
        early = DashboardModel.load_today(repo.conn, DEMO_DAY, settings_, 5)
        whole = early.load_rest(repo.conn)
        expected = DashboardModel.load(repo.conn, DEMO_DAY, settings_, 5)
        assert whole.processes == expected.processes
        assert whole.agenda() == expected.agenda()
        assert {pid: whole.actions(pid) for pid in whole.processes} == {
            pid: expected.actions(pid) for pid in expected.processes
        }
        early = DashboardModel.load_today(repo.conn, DEMO_DAY, settings_, 5)
        with Repository(path) as other:  # another program logs a reply meanwhile
            pid = other.processes(open_only=True)[0].id
            other.add_message(pid, Message(at=Moment.of(DEMO_DAY), direction="in", contact=None, purpose="reply"))
        after = early.load_rest(repo.conn)
        assert after.agenda() == DashboardModel.load(repo.conn, DEMO_DAY, settings_, 5).agenda()
        assert after.agenda() != early.agenda()
