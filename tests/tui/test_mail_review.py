"""The dashboard's mail review, through its keys: accept, edit, skip, choose the process, undo, re-run.

The app runs on a real SQLite file holding the processes the fixture mails
are about (tests/mail_support.py) and reads a real Maildir made from
tests/fixtures/mail, named by a real config file's `[mail] source`. What was
stored is checked by reopening the database with a fresh Repository, as the
next start of Nudge would read it.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TextArea

from app.config import load_config, resolve
from app.domain.vocabulary import Direction, Signal
from app.mail import memory
from app.mail.proposals import Ambiguous, Proposal
from app.mail.reading import read_mail
from app.mail.running import read_source
from app.rules.values import Process, Settings
from app.storage.repository import Repository
from app.tui import changes
from app.tui.app import NudgeApp
from app.tui.mail_review import NOT_SET_UP, ChooseProcess, Item, MailReview, ProposedMessageForm
from tests.mail_support import FIXTURES, SEEKER, make_maildir, make_mbox, seed
from tests.tui.conftest import SIZE, sync
from tests.tui.driving import save_process, settle, type_text

DAY = date(2026, 12, 14)
"""Mon 14 Dec 2026: after every fixture mail (they are dated 30 Nov to 11 Dec)."""


@pytest.fixture(autouse=True)
def berlin_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The local zone is Berlin, as the fixtures' invitations are written in it."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The fixture mails' processes, settings saved (no first-run setup)."""
    path = tmp_path / "nudge.db"
    with Repository(path) as repo:
        seed(repo)
        repo.save_settings(Settings())
    return path


def config(tmp_path: Path, db: Path, mail: str) -> object:
    """The effective config of a file whose [mail] section is `mail`."""
    path = tmp_path / "config.toml"
    path.write_text(f"[mail]\n{mail}", encoding="utf-8")
    with Repository(db) as repo:
        return resolve(load_config(path), repo.settings(), saved=True, db_flag=str(db))


def maildir_config(tmp_path: Path, db: Path) -> object:
    source = make_maildir(tmp_path / "Mail")
    return config(tmp_path, db, f'source = "{source}"\naddress = "me@seeker.example"\n')


def app_on(db: Path, prefs: object, tmp_path: Path) -> NudgeApp:
    return NudgeApp(Repository(db), DAY, prefs=prefs, export_dir=tmp_path)  # type: ignore[arg-type]


async def open_review(pilot: Pilot[None]) -> MailReview:
    await settle(pilot)
    await pilot.press("I")
    await settle(pilot)
    review = pilot.app.screen
    assert isinstance(review, MailReview)
    return review


def number(item: Item) -> str:
    """The fixture's two-digit number, from the Maildir file name."""
    return item.origin.where.rsplit("/", 1)[1][:2]


async def highlight(pilot: Pilot[None], review: MailReview, fixture: str) -> Item:
    """Put the list's cursor on the mail of fixture `fixture`."""
    at = next(n for n, item in enumerate(review.items) if number(item) == fixture)
    review.query_one("#mail-list", OptionList).highlighted = at
    await pilot.pause()
    return review.items[at]


def today_of(app: NudgeApp, process_id: int) -> list[tuple[str, date, str]]:
    """What Today (due and upcoming) says for one process."""
    agenda = app.model.agenda()
    return [(a.action, a.due, a.reason) for a in (*agenda.due, *agenda.upcoming) if a.process_id == process_id]


def summary(review: MailReview) -> str:
    return str(review.query_one("#mail-summary", Static).render())


def by_role(repo: Repository) -> dict[str, Process]:
    return {p.role: p for p in repo.processes()}


@sync
async def test_accept_edit_skip_choose_undo_and_rerun(db: Path, tmp_path: Path) -> None:
    prefs = maildir_config(tmp_path, db)
    app = app_on(db, prefs, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot)
        globex = next(p.id for p in app.model.processes.values() if p.company == "Globex")
        globex_before = today_of(app, globex)
        assert sorted(number(i) for i in review.items) == [
            "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "17", "18", "20", "21", "22", "23",
            "24", "25",
        ]  # fmt: skip
        assert "27 mails read" in summary(review) and "7 skipped" in summary(review)
        options = review.query_one("#mail-list", OptionList)
        shown = [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]
        markup = next(text for text in shown if "/21-markup-subject" in text)
        assert "[b]Offer[/b] <script>" in markup and "\x1b" not in markup  # shown as written, never as markup
        decide = next(text for text in shown if "/18-decide" in text)
        assert "Acme · Backend Engineer" in decide and "they answer by Sat 12 Dec" in decide
        assert "Sam Stone is at this address" in decide

        # the skipped mails: one row, enter lists each with its reason
        options.highlighted = options.get_option_index("skipped")
        await pilot.press("enter")
        await pilot.pause()
        reasons = [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]
        assert any("a mailing list message (List-Id)" in text for text in reasons)

        # accept the rejection: Today moves at once; undo here makes it a proposal again; accept it again
        item = await highlight(pilot, review, "17")
        await pilot.press("a")
        await settle(pilot)
        assert item.state == "accepted"
        moved = today_of(app, globex)
        assert moved != globex_before and "move_on" in [action for action, _, _ in moved]
        await pilot.press("u")
        await settle(pilot)
        assert item.state == "open" and today_of(app, globex) == globex_before
        with Repository(db) as fresh:
            assert not by_role(fresh)["Data Engineer"].messages
        await pilot.press("a")
        await settle(pilot)
        assert item.state == "accepted" and today_of(app, globex) == moved
        await highlight(pilot, review, "17")  # the cursor moved on to the next mail: back to the accepted one
        await pilot.press("a")  # once accepted, a second press stores nothing
        await settle(pilot)

        # edit Rita's reply before accepting it: the form is prefilled with the proposal
        item = await highlight(pilot, review, "01")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProposedMessageForm)
        text = form.query_one("#text", TextArea)
        assert text.text.startswith("Hi Sam")
        text.text = "Edited by hand: they answer by Friday."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is review and item.state == "accepted" and item.edited

        # skip the "we'll decide by the 12th" reply
        item = await highlight(pilot, review, "18")
        await pilot.press("s")
        await settle(pilot)
        assert item.state == "skipped"

        # the ambiguous mail: enter picks the process, then a accepts it there
        item = await highlight(pilot, review, "22")
        assert isinstance(item.ambiguous, Ambiguous) and item.proposal is None
        await pilot.press("a")  # refused until a process is chosen
        await pilot.pause()
        assert item.state == "open"
        await pilot.press("enter")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChooseProcess)
        candidates = chooser.query_one("#candidates", OptionList)
        sre = next(c for c in item.ambiguous.candidates if c.role == "SRE")
        candidates.highlighted = candidates.get_option_index(str(sre.id))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is review and isinstance(item.proposal, Proposal) and item.proposal.process.role == "SRE"
        await pilot.press("a")
        await settle(pilot)
        assert item.state == "accepted"

        # back on the dashboard: u takes back the last acceptance (the SRE reply)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, MailReview) and today_of(app, globex) == moved
        await pilot.press("u")
        await settle(pilot)
    app.repo.close()

    with Repository(db) as fresh:
        processes = by_role(fresh)
        acme = processes["Backend Engineer"].messages
        assert not [m for m in acme if "very interested" in m.text]  # skipped
        rejection = processes["Data Engineer"].messages
        assert [(m.direction, m.signal, m.contact) for m in rejection] == [
            (Direction.IN, Signal.NEGATIVE, "Gina Glass")
        ]
        edited = [m for m in acme if m.text == "Edited by hand: they answer by Friday."]
        assert len(edited) == 1 and edited[0].contact == "Rita Ray" and edited[0].direction is Direction.IN
        assert not [m for m in acme if m.text.startswith("Hi Sam") and m.contact == "Rita Ray"]
        assert not processes["SRE"].messages  # accepted, then undone
        again = read_source(fresh, tmp_path / "Mail", SEEKER).scan
    numbers = {w.rsplit("/", 1)[1][:2] for w in [p.origin.where for p in again.proposals + again.ambiguous]}
    assert numbers.isdisjoint({"01", "17", "18"}) and "22" in numbers  # the undone one is proposed again
    assert again.already == 3

    # a re-run from the dashboard proposes nothing new for what was decided
    app = app_on(db, prefs, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot)
        assert {number(i) for i in review.items}.isdisjoint({"01", "17", "18"})
        assert "22" in {number(i) for i in review.items} and "3 decided before" in summary(review)
    app.repo.close()


@sync
async def test_no_mail_configured_says_how_to_set_it_up(db: Path, tmp_path: Path) -> None:
    app = app_on(db, None, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot)
        assert summary(review) == NOT_SET_UP and not review.items
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, MailReview)
    app.repo.close()


@sync
async def test_an_unreadable_source_is_one_line_and_stores_nothing(db: Path, tmp_path: Path) -> None:
    plain_folder = tmp_path / "not-a-maildir"
    plain_folder.mkdir()
    before = db.read_bytes()
    app = app_on(db, config(tmp_path, db, f'source = "{plain_folder}"\n'), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot)
        said = summary(review)
        assert said.startswith("Could not read the mail: ") and "not a Maildir" in said and "\n" not in said
        assert app.is_running and not review.items
    app.repo.close()
    with Repository(db) as fresh:
        assert all(not p.messages for p in fresh.processes())
    assert len(db.read_bytes()) == len(before)


@sync
async def test_the_palette_opens_the_review(db: Path, tmp_path: Path) -> None:
    app = app_on(db, maildir_config(tmp_path, db), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "Review mail")
        for _ in range(50):  # the palette searches in a worker
            await pilot.pause()
            if app.screen.query_one("#--results").styles.display != "none":
                break
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MailReview) and app.screen.items
    app.repo.close()


def test_mail_source_in_the_config_is_what_nudge_mail_reads_too(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`[mail] source` (relative to the config file) names a Maildir or mbox; `nudge mail` without SOURCE reads it."""
    from app.cli import main

    make_maildir(tmp_path / "Mail")
    path = tmp_path / "config.toml"
    path.write_text('[mail]\nsource = "Mail"\naddress = "me@seeker.example"\n', encoding="utf-8")
    mail = load_config(path).mail
    assert mail is not None and mail.source == tmp_path / "Mail"
    monkeypatch.setenv("NUDGE_CONFIG", str(path))
    assert main(["mail", "--dry-run", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "27 mails read" in out and out.endswith("dry run: nothing was stored\n")


@sync
async def test_a_save_completes_while_the_mail_is_being_read(db: Path, tmp_path: Path) -> None:
    """The reader waits on the mail without the database lock, and re-checks what was decided meanwhile.

    The source is an mbox read from a FIFO: the feeder writes half the mails,
    then waits, so the review's read is really in progress (blocked on its
    source, as on a slow server) while the dashboard saves a change and another
    program accepts one of the mails not yet read. Only the wait for the save is
    bounded, so that the old code (the lock held during the read) fails instead
    of hanging; a save takes milliseconds.
    """
    fifo = tmp_path / "inbox.mbox"
    os.mkfifo(fifo)
    whole = make_mbox(tmp_path / "whole.mbox").read_bytes()
    half = whole.index(b"\nFrom fixture@", len(whole) // 2) + 1
    go_on = threading.Event()

    def feed() -> None:
        with fifo.open("wb") as out:
            out.write(whole[:half])
            out.flush()
            go_on.wait(120)
            out.write(whole[half:])

    feeder = threading.Thread(target=feed, daemon=True)
    elsewhere = read_mail((FIXTURES / "25-sent-thank-you.eml").read_bytes(), "x", "Sent").key
    prefs = config(tmp_path, db, f'source = "{fifo}"\naddress = "me@seeker.example"\n')
    app = app_on(db, prefs, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        try:
            await settle(pilot)
            feeder.start()
            await pilot.press("I")
            await pilot.pause()
            review = app.screen
            assert isinstance(review, MailReview) and review.reading
            assert summary(review).startswith(f"Reading mail from {fifo}")
            process = next(p for p in app.model.processes.values() if p.company == "Globex")
            review.owner.save(changes.set_notes(process, "Saved while the mail was read"), process.id)
            saving = [w for w in app.workers if w.group == "write"]
            assert saving
            waits = [asyncio.ensure_future(w.wait()) for w in saving]
            finished, _ = await asyncio.wait(waits, timeout=30)
            assert len(finished) == len(waits), "the save waited for the mail read"
            assert review.reading and summary(review).startswith("Reading mail")  # still reading
            with Repository(db) as other:
                assert next(p for p in other.processes() if p.id == process.id).notes == (
                    "Saved while the mail was read"
                )
                memory.remember(other.conn, [elsewhere], memory.ACCEPTED)  # another program, meanwhile
        finally:
            go_on.set()
        await settle(pilot)
        feeder.join(10)
        assert not review.reading
        keys = {item.origin.key for item in review.items}
        assert elsewhere not in keys and len(keys) == 19  # 20 proposals less the one accepted elsewhere
        assert "27 mails read" in summary(review) and "1 decided before" in summary(review)
    app.repo.close()


@sync
async def test_a_mail_server_failure_is_one_line_naming_the_server_and_the_dashboard_goes_on(
    db: Path, tmp_path: Path
) -> None:
    """Nothing listens on the port: the review and a notification say so in one line, host and port named,
    neither the user nor the password; back on the dashboard a new process is saved as ever."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free again once closed: a connection is refused
    mail = f'host = "127.0.0.1"\nport = {port}\nuser = "sam.stone@example.org"\npassword_command = "echo hunter2"\n'
    app = app_on(db, config(tmp_path, db, mail), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot)
        why = f"could not connect to the mail server 127.0.0.1:{port} (ConnectionRefusedError)"
        assert summary(review) == f"Could not read the mail: {why}"
        assert ("Mail not read", why) in [(n.title, n.message) for n in app._notifications]
        assert not review.reading and not review.items
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, MailReview)
        await save_process(pilot, "Initech", "Platform Engineer")
        await settle(pilot)
    app.repo.close()
    with Repository(db) as fresh:
        assert "Platform Engineer" in by_role(fresh)


@sync
async def test_a_decision_moves_on_to_the_next_mail_still_waiting(db: Path, tmp_path: Path) -> None:
    """a and s leave the cursor on the next undecided mail, so a queue is worked through one key per mail."""
    app = app_on(db, maildir_config(tmp_path, db), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot)
        options = review.query_one("#mail-list", OptionList)
        await highlight(pilot, review, "03")
        start = options.highlighted
        assert start is not None
        await pilot.press("a")
        await settle(pilot)
        assert review.items[start].state == "accepted" and options.highlighted == start + 1
        await pilot.press("s")
        await settle(pilot)
        assert review.items[start + 1].state == "skipped" and options.highlighted == start + 2
        options.highlighted = start - 1  # a mail before the decided ones: the next waiting one is after them
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot)
        assert review.items[start - 1].state == "skipped" and options.highlighted == start + 2
