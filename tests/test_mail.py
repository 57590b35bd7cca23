"""The inbox reader on the fixture mails, read as a Maildir and as an mbox file: each gives the right
proposal or a skip with its reason; matching and ambiguity; accepting, undo and idempotent re-runs; the
`nudge mail` command."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from engines import Database
from mail_support import FIXTURES, SEEKER, fixture_files, make_maildir, make_mbox, seed

from app.cli import main
from app.domain.records import Interview, Moment
from app.domain.vocabulary import Direction, InterviewKind, Purpose, Signal
from app.mail import memory
from app.mail.accepting import accept, skip
from app.mail.matching import Basis
from app.mail.proposals import CancelInterview, LogMessage, MoveInterview, Proposal, ScheduleInterview
from app.mail.reading import MAX_BYTES, digest, read_mail
from app.mail.running import read_source
from app.mail.scanning import SUPERSEDED, Scan, Scanner
from app.mail.sources import Raw
from app.storage.records import interview_ref, process_ref
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    opened = Repository(tmp_path / "nudge.db")
    seed(opened)
    return opened


@pytest.fixture(params=["maildir", "mbox"])
def source(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "maildir":
        return make_maildir(tmp_path / "Mail")
    return make_mbox(tmp_path / "all.mbox")


def by_name(scan: Scan) -> dict[str, object]:
    """Fixture number (two digits) -> its proposal, ambiguous entry or skip reason."""
    found: dict[str, object] = {}
    names = [p.name for p in fixture_files()]
    for item in [*scan.proposals, *scan.ambiguous]:
        found[_number(item.origin.where, names)] = item
    for skipped in scan.skipped:
        found[_number(skipped.where, names)] = skipped.reason
    return found


def _number(where: str, names: list[str]) -> str:
    if "#" in where:  # mbox: "message #N", in fixture order
        return names[int(where.rsplit("#", 1)[1]) - 1][:2]
    return where.rsplit("/", 1)[1][:2]


def message(found: dict[str, object], number: str) -> tuple[Proposal, LogMessage]:
    proposal = found[number]
    assert isinstance(proposal, Proposal), (number, proposal)
    assert isinstance(proposal.entry, LogMessage)
    return proposal, proposal.entry


def test_each_fixture_gives_its_proposal_or_skip(repo: Repository, source: Path) -> None:
    run = read_source(repo, source, SEEKER, BERLIN)
    found = by_name(run.scan)
    assert run.scan.read == len(fixture_files())

    p, e = message(found, "01")
    assert (p.process.company, p.basis, e.message.contact) == ("Acme", Basis.ADDRESS, "Rita Ray")
    assert e.message.direction is Direction.IN and e.message.purpose is Purpose.REPLY
    assert e.message.expect_by == date(2026, 12, 4)  # "by Friday", read from Tue 1 Dec
    assert e.message.at.value == datetime(2026, 12, 1, 10, 15)

    p, e = message(found, "02")  # HTML only: text, no script, no quoted history
    assert e.message.text == "Dear Sam,\n\nWe would like to schedule a call to discuss the Data Engineer role."

    _, e = message(found, "03")  # quoted-printable, soft breaks joined
    assert "I’m the hiring manager" in e.message.text and "in the middle." in e.message.text
    _, e = message(found, "04")  # base64
    assert "you’ll hear from us soon" in e.message.text

    p, e = message(found, "05")  # Latin-1, matched by the job link's domain
    assert (p.process.company, p.basis, p.exact) == ("Umbrella", Basis.DOMAIN, False)
    assert "Grüßen\nJürgen Müller" in e.message.text and "Grüße" in p.origin.subject

    p, e = message(found, "06")  # Shift-JIS, matched by the company in the subject
    assert (p.process.company, p.basis) == ("Hooli", Basis.SUBJECT)
    assert "面接の件" in e.message.text and p.origin.subject == "Hooli 面接のご案内"

    _, e = message(found, "07")  # quoted thread and signature cut
    assert e.message.text == "Sam, one more thing: please bring an ID to the onsite."
    _, e = message(found, "08")  # Outlook's From:/Sent: block cut
    assert e.message.text == "Monday works for me. I'll send an invite."

    invite = found["09"]
    assert isinstance(invite, Proposal) and isinstance(invite.entry, ScheduleInterview)
    interview = invite.entry.interview
    assert (interview.kind, interview.at.iso()) == (InterviewKind.TECHNICAL, "2026-12-08T14:00")
    assert interview.with_ == ("Rita Ray", "Sam Stone")  # the seeker left out; the stranger in the notes
    assert "Lee, Alex" in interview.notes

    outlook = found["10"]
    assert isinstance(outlook, Proposal) and isinstance(outlook.entry, ScheduleInterview)
    assert (outlook.entry.interview.kind, outlook.entry.interview.at.iso()) == (
        InterviewKind.ONSITE,
        "2026-12-10T09:30",
    )

    cancel = found["11"]
    assert isinstance(cancel, Proposal) and isinstance(cancel.entry, CancelInterview)
    assert cancel.entry.ref.at == "2026-12-15T10:00"

    moved = found["12"]
    assert isinstance(moved, Proposal) and isinstance(moved.entry, MoveInterview)
    assert (moved.entry.ref.at, moved.entry.interview.at.iso()) == ("2026-12-09T09:00", "2026-12-11T11:00")

    assert found["13"] == "an automatic reply (Auto-Submitted)"
    assert found["14"] == "a bounce (a delivery failure report)"
    assert found["15"] == "a mailing list message (List-Id)"
    assert found["16"] == "a newsletter (List-Unsubscribe)"

    _, e = message(found, "17")
    assert e.message.signal is Signal.NEGATIVE
    _, e = message(found, "18")
    assert (e.message.signal, e.message.expect_by) == (Signal.POSITIVE, date(2026, 12, 12))

    # hostile: malformed MIME (an unclosed boundary quote) skipped with a reason;
    # injected header lines stay in the one-line subject; controls replaced
    assert found["19"] == "no readable text of its own (only quoted history, attachments or broken MIME)"
    p, e = message(found, "20")
    assert "\n" not in p.origin.subject and "\r" not in p.origin.subject and "Bcc" in p.origin.subject
    assert e.message.text == "Please find the details below."
    p, e = message(found, "21")
    assert "\x1b" not in p.origin.subject and "\x1b" not in e.message.text
    assert p.origin.subject.startswith("[b]Offer[/b] <script>")

    ambiguous = found["22"]
    assert not isinstance(ambiguous, (Proposal, str))
    assert sorted(c.role for c in ambiguous.candidates) == ["Platform Engineer", "SRE"]  # type: ignore[attr-defined]
    p, _ = message(found, "23")  # the subject names the role: told apart, but not an exact match
    assert (p.process.role, p.basis, p.exact) == ("SRE", Basis.SUBJECT, False)

    p, e = message(found, "24")
    assert (e.message.direction, e.message.purpose, e.message.contact) == (Direction.OUT, Purpose.FOLLOW_UP, "Rita Ray")
    p, e = message(found, "25")
    assert (e.message.purpose, e.message.contact) == (Purpose.THANK_YOU, "Sam Stone")

    assert found["26"] == found["27"] == "no process matches its addresses or subject"  # free mail is no company


def test_a_20_mb_mail_is_skipped_unread(repo: Repository, tmp_path: Path) -> None:
    big = tmp_path / "big.eml"
    head = (fixture_files()[0]).read_bytes().split(b"\r\n\r\n", 1)[0]
    big.write_bytes(head + b"\r\n\r\n" + b"x" * (20 * 1024 * 1024))
    for source in (make_maildir(tmp_path / "Mail", [big]), make_mbox(tmp_path / "big.mbox", [big])):
        run = read_source(repo, source, SEEKER, BERLIN)
        assert [s.reason for s in run.scan.skipped] == [f"larger than {20} MB, not read"]
    assert MAX_BYTES == 10 * 1024 * 1024


def test_accepting_writes_the_entry_and_undo_takes_it_back(repo: Repository, tmp_path: Path) -> None:
    source = make_maildir(tmp_path / "Mail")
    found = by_name(read_source(repo, source, SEEKER, BERLIN).scan)
    proposal = found["18"]
    assert isinstance(proposal, Proposal)
    done = accept(repo, proposal)
    acme = repo.process(proposal.process.id)
    assert acme is not None
    stored = [m for m in acme.messages if m.text.startswith("Hi Sam, we are very interested")]
    assert len(stored) == 1 and stored[0].expect_by == date(2026, 12, 12) and stored[0].signal is Signal.POSITIVE
    again = by_name(read_source(repo, source, SEEKER, BERLIN).scan)
    assert "18" not in again  # never proposed twice

    assert done.undo(repo)
    acme = repo.process(proposal.process.id)
    assert acme is not None and not [m for m in acme.messages if m.text.startswith("Hi Sam, we are")]
    assert isinstance(by_name(read_source(repo, source, SEEKER, BERLIN).scan)["18"], Proposal)  # back to a proposal
    assert done.redo(repo)
    assert "18" not in by_name(read_source(repo, source, SEEKER, BERLIN).scan)


def test_accepting_an_invitation_a_move_and_a_cancel(repo: Repository, tmp_path: Path) -> None:
    found = by_name(read_source(repo, make_maildir(tmp_path / "Mail"), SEEKER, BERLIN).scan)
    for number in ("09", "11", "12"):
        proposal = found[number]
        assert isinstance(proposal, Proposal)
        accept(repo, proposal)
    acme, globex = repo.processes()[:2]
    assert sorted((i.kind, i.at.iso(), i.with_) for i in acme.interviews) == [
        (InterviewKind.TECHNICAL, "2026-12-08T14:00", ("Rita Ray", "Sam Stone"))
    ]  # the onsite cancelled
    assert [(i.kind, i.at.iso()) for i in globex.interviews] == [(InterviewKind.RECRUITER_SCREEN, "2026-12-11T11:00")]


def test_skipped_and_chosen_mails_are_not_proposed_again(repo: Repository, tmp_path: Path) -> None:
    source = make_maildir(tmp_path / "Mail")
    found = by_name(read_source(repo, source, SEEKER, BERLIN).scan)
    ambiguous = found["22"]
    sre = next(c for c in ambiguous.candidates if c.role == "SRE")  # type: ignore[attr-defined]
    accept(repo, ambiguous.choose(sre.id))  # type: ignore[attr-defined]
    skip(repo, found["17"].origin.key)  # type: ignore[attr-defined]
    again = read_source(repo, source, SEEKER, BERLIN).scan
    assert "22" not in by_name(again) and "17" not in by_name(again)
    assert again.already == 2


def cli(*args: str, db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["mail", *args, "--db", str(db)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def berlin_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local zone is Berlin (the fixtures' invitations are in Berlin time)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_nudge_mail_dry_run_yes_and_rerun(
    repo: Repository,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    berlin_clock: None,
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[mail]\naddress = "me@seeker.example"\n')
    monkeypatch.setenv("NUDGE_CONFIG", str(config))
    db, source = Path(str(repo.path)), make_maildir(tmp_path / "Mail")
    repo.close()
    before = db.read_bytes()
    code, out, err = cli(str(source), "--dry-run", db=db, capsys=capsys)
    assert (code, err) == (0, "")
    assert "propose  Acme · Backend Engineer: log a reply from Rita Ray on Tue 1 Dec, reads positive, " in out
    assert "skip     INBOX/cur/15-list:2,S, '[acme-eng] Hackathon': a mailing list message (List-Id)" in out
    assert "ambiguous fits 2 processes (Initech · Platform Engineer; Initech · SRE)" in out
    assert out.endswith("dry run: nothing was stored\n") and "\x1b" not in out
    assert db.read_bytes() == before

    code, out, _ = cli(str(source), db=db, capsys=capsys)
    assert "nothing stored; 'nudge mail --yes' accepts the 15 proposals matched by a contact's exact address" in out

    code, out, _ = cli(str(source), "--yes", db=db, capsys=capsys)
    assert code == 0 and "accepted 15 proposals matched by a contact's address; 5 left to review" in out
    with Repository(db) as again:
        acme = again.processes()[0]
        assert len([m for m in acme.messages if m.direction is Direction.OUT]) == 2

    code, out, _ = cli(str(source), "--yes", db=db, capsys=capsys)
    assert "accepted 0 proposals" in out and "15 already decided" in out


def test_nudge_mail_bad_source_is_one_line(
    repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = Path(str(repo.path))
    repo.close()
    (tmp_path / "plain").mkdir()
    code, _, err = cli(str(tmp_path / "plain"), db=db, capsys=capsys)
    assert code == 2 and err.count("\n") == 1 and "not a Maildir" in err
    code, _, err = cli(str(tmp_path / "missing.mbox"), db=db, capsys=capsys)
    assert code == 2 and "no such file or folder" in err


def test_the_mail_section_of_the_config(tmp_path: Path) -> None:
    from app.config import load_config
    from app.errors import BadInput

    path = tmp_path / "config.toml"
    path.write_text(
        '[mail]\nhost = "imap.example.org"\nuser = "sam"\nfolders = ["INBOX", "Jobs"]\nsent = "Sent"\n'
        'address = ["me@seeker.example"]\npassword_command = "pass show imap"\ncafile = "ca.pem"\n'
    )
    mail = load_config(path).mail
    assert mail is not None
    assert (mail.host, mail.port, mail.all_folders(), mail.cafile) == (
        "imap.example.org", 993, ("INBOX", "Jobs", "Sent"), tmp_path / "ca.pem"
    )  # fmt: skip
    for text, problem in (
        ('[mail]\npassword = "hunter2"\n', "mail.password: unknown key (did you mean password_command?)"),
        ('[mail]\naddress = "not an address"\n', "mail.address: must be an email address"),
        ("[mail]\nport = 0\n", "mail.port: must be a whole number from 1 to 65535"),
    ):
        path.write_text(text)
        with pytest.raises(BadInput, match=re.escape(problem)):
            load_config(path)


# Invitations remembered by UID: an update or a cancellation names exactly its interview ------------------

INVITATIONS = FIXTURES / "invitations"
SCREEN, STALE, ONSITE = (INVITATIONS / f"{n}.eml" for n in ("screen-invite", "screen-stale", "onsite-invite"))
RESCHEDULE, CANCEL = FIXTURES / "12-reschedule.eml", FIXTURES / "11-cancel.eml"


@pytest.fixture
def invited(database: Database) -> Iterator[Repository]:
    """The fixtures' search on either engine, with interviews entered by hand that inference would take:
    another upcoming recruiter screen at Globex, and a technical interview at Acme at the onsite's time."""
    with Repository(database.location) as opened:
        seed(opened)
        for process in opened.processes()[:2]:
            for interview in process.interviews:
                opened.delete(interview_ref(process, interview))
        acme, globex = opened.processes()[:2]
        opened.add_interview(
            globex.id, Interview(kind=InterviewKind.RECRUITER_SCREEN, at=Moment.of(datetime(2026, 12, 10, 16, 0)))
        )
        opened.add_interview(
            acme.id, Interview(kind=InterviewKind.TECHNICAL, at=Moment.of(datetime(2026, 12, 15, 10, 0)))
        )
        yield opened


def _scan(repo: Repository, tmp_path: Path, *files: Path) -> Scan:
    folder = tmp_path / f"Mail{len(list(tmp_path.glob('Mail*')))}"
    return read_source(repo, make_maildir(folder, list(files)), SEEKER, BERLIN).scan


def _only(scan: Scan) -> Proposal:
    assert not scan.skipped and not scan.ambiguous and len(scan.proposals) == 1, (scan.skipped, scan.proposals)
    return scan.proposals[0]


def _links(repo: Repository) -> list[tuple[int | None, int]]:
    return sorted(
        ((link.interview_id, link.sequence) for link in memory.invitations(repo.conn).values()),
        key=lambda link: (link[0] or 0, link[1]),
    )


def _times(repo: Repository, company: str) -> list[tuple[str, str]]:
    process = next(p for p in repo.processes() if p.company == company)
    return sorted((i.kind, i.at.iso()) for i in process.interviews)


def test_a_rescheduled_invitation_moves_exactly_the_interview_it_made(invited: Repository, tmp_path: Path) -> None:
    repo = invited
    first = _only(_scan(repo, tmp_path, SCREEN))
    assert isinstance(first.entry, ScheduleInterview) and first.origin.invitation is not None
    made = accept(repo, first)
    new_id = made.change.rows[-2].key[0]  # the interview row, then its link
    assert _links(repo) == [(new_id, 0)]
    assert memory.invitations(repo.conn) == {  # only a digest of the UID is kept
        digest("globex-screen@google.com"): memory.InvitationLink(1, digest("globex-screen@google.com"), new_id, 0)
    }

    moved = _only(_scan(repo, tmp_path, RESCHEDULE))
    assert isinstance(moved.entry, MoveInterview)  # two upcoming screens: inference alone would add a third
    assert (moved.entry.ref.id, moved.entry.ref.at, moved.entry.interview.at.iso()) == (
        new_id, "2026-12-09T09:00", "2026-12-11T11:00"
    )  # fmt: skip
    assert moved.describe() == (
        "Globex · Data Engineer: move the recruiter screen of Wed 9 Dec 09:00 to Fri 11 Dec 11:00 "
        "(Gina Glass is at this address; its invitation names this interview)"
    )
    done = accept(repo, moved)
    assert _times(repo, "Globex") == [
        ("recruiter_screen", "2026-12-10T16:00"),
        ("recruiter_screen", "2026-12-11T11:00"),
    ]
    assert _links(repo) == [(new_id, 1)]

    stale = _scan(repo, tmp_path, STALE)  # version 0 again, at another time, delivered late
    assert [s.reason for s in stale.skipped] == ["an older version of an invitation already applied"]
    assert not stale.proposals

    assert done.undo(repo)  # the time and the SEQUENCE go back together
    assert _times(repo, "Globex") == [
        ("recruiter_screen", "2026-12-09T09:00"),
        ("recruiter_screen", "2026-12-10T16:00"),
    ]
    assert _links(repo) == [(new_id, 0)]
    assert done.redo(repo)
    assert _links(repo) == [(new_id, 1)]

    again = _scan(repo, tmp_path, SCREEN, RESCHEDULE, STALE)  # idempotent: nothing proposed twice
    assert (again.proposals, again.already, [s.reason for s in again.skipped]) == (
        [], 2, ["an older version of an invitation already applied"]
    )  # fmt: skip


def test_a_cancellation_removes_exactly_the_interview_its_invitation_made(invited: Repository, tmp_path: Path) -> None:
    repo = invited
    onsite = _only(_scan(repo, tmp_path, ONSITE))
    assert isinstance(onsite.entry, ScheduleInterview)
    accept(repo, onsite)
    assert _times(repo, "Acme") == [("onsite", "2026-12-15T10:00"), ("technical", "2026-12-15T10:00")]

    cancel = _only(_scan(repo, tmp_path, CANCEL))
    assert isinstance(cancel.entry, CancelInterview)
    assert (cancel.entry.label, cancel.entry.ref.kind) == ("onsite", "onsite")  # not the technical one at that time
    done = accept(repo, cancel)
    assert _times(repo, "Acme") == [("technical", "2026-12-15T10:00")]
    assert _links(repo) == [(None, 2)]  # kept, pointing at nothing, at the cancellation's SEQUENCE

    again = _scan(repo, tmp_path, ONSITE, CANCEL)
    assert (again.proposals, again.already) == ([], 2)
    assert done.undo(repo)
    assert _times(repo, "Acme") == [("onsite", "2026-12-15T10:00"), ("technical", "2026-12-15T10:00")]
    assert _links(repo)[0][1] == 1


def test_deleting_the_interview_keeps_its_invitation_known_and_undo_links_it_again(
    invited: Repository, tmp_path: Path
) -> None:
    repo = invited
    accept(repo, _only(_scan(repo, tmp_path, SCREEN)))
    globex = next(p for p in repo.processes() if p.company == "Globex")
    made = next(i for i in globex.interviews if i.at.iso() == "2026-12-09T09:00")
    deleted = repo.delete(interview_ref(globex, made))
    assert _links(repo) == [(None, 0)]

    # The meeting still stands and was moved: proposed as a new interview, saying why.
    anew = _only(_scan(repo, tmp_path, RESCHEDULE))
    assert isinstance(anew.entry, ScheduleInterview) and anew.entry.interview.at.iso() == "2026-12-11T11:00"
    assert anew.reason.endswith("; you deleted the interview it made")
    # The same version again (another mail of it) is left alone.
    assert [s.reason for s in _scan(repo, tmp_path, STALE).skipped] == [
        "this version of the invitation was already applied"
    ]

    assert deleted.undo(repo)
    assert _links(repo) == [(made.id, 0)]
    moved = _only(_scan(repo, tmp_path, RESCHEDULE))
    assert isinstance(moved.entry, MoveInterview) and moved.entry.ref.id == made.id

    # Accepting it as new after a delete links the UID to the new interview; undo points it at nothing again.
    assert deleted.redo(repo)
    renewed = accept(repo, _only(_scan(repo, tmp_path, RESCHEDULE)))
    new_id = renewed.change.rows[-2].key[0]
    assert _links(repo) == [(new_id, 1)]  # (SQLite may give the new interview the deleted one's id)
    assert renewed.undo(repo)
    assert _links(repo) == [(None, 0)]


def test_deleting_a_process_keeps_its_invitations_and_undo_links_them_again(
    invited: Repository, tmp_path: Path
) -> None:
    repo = invited
    accept(repo, _only(_scan(repo, tmp_path, SCREEN)))
    globex = next(p for p in repo.processes() if p.company == "Globex")
    deleted = repo.delete(process_ref(globex))
    assert _links(repo) == [(None, 0)]
    assert deleted.undo(repo)
    restored = next(p for p in repo.processes() if p.company == "Globex")
    assert _links(repo) == [(next(i.id for i in restored.interviews if i.at.iso() == "2026-12-09T09:00"), 0)]


def test_interviews_entered_by_hand_are_still_found_by_inference(repo: Repository, tmp_path: Path) -> None:
    """No UID stored (the seed's interviews were typed in): the reschedule moves the one upcoming screen,
    and the cancellation removes the interview at its time, as before."""
    moved = _only(_scan(repo, tmp_path, RESCHEDULE))
    assert isinstance(moved.entry, MoveInterview) and moved.entry.ref.at == "2026-12-09T09:00"
    accept(repo, moved)
    assert len(memory.invitations(repo.conn)) == 1  # from now on, it is known by its UID
    assert isinstance(_only(_scan(repo, tmp_path, CANCEL)).entry, CancelInterview)


# Versions of one meeting in the same run: one proposal, in whatever order they come -------------------


def _in_order(repo: Repository, *files: Path) -> Scan:
    """The mails taken in exactly this order (a folder's listing order is its source's to choose)."""
    scanner = Scanner(repo.processes(), SEEKER, memory.decided(repo.conn), memory.invitations(repo.conn))
    for path in files:
        scanner.add_raw(Raw(path.read_bytes(), path.name, "INBOX"), BERLIN)
    return scanner.finish()


@pytest.mark.parametrize("order", [(SCREEN, RESCHEDULE), (RESCHEDULE, SCREEN)], ids=["in-order", "update-first"])
def test_an_invitation_and_its_update_in_one_run_give_one_interview_at_the_new_time(
    invited: Repository, order: tuple[Path, Path]
) -> None:
    """Taken one by one, the invitation would add a screen and its update would move the one typed in by hand."""
    scan = _in_order(invited, *order)
    assert [s.reason for s in scan.skipped] == [SUPERSEDED]
    assert len(scan.proposals) == 1 and isinstance(scan.proposals[0].entry, ScheduleInterview)
    assert scan.proposals[0].entry.interview.at.iso() == "2026-12-11T11:00"
    assert scan.proposals[0].origin.where == RESCHEDULE.name
    accept(invited, scan.proposals[0])
    assert _times(invited, "Globex") == [
        ("recruiter_screen", "2026-12-10T16:00"),  # typed in by hand, left alone
        ("recruiter_screen", "2026-12-11T11:00"),
    ]
    again = _in_order(invited, *order)
    assert (again.proposals, again.already, [s.reason for s in again.skipped]) == (
        [], 1, ["an older version of an invitation already applied"]
    )  # fmt: skip


def test_a_skipped_update_keeps_its_older_version_from_being_proposed(invited: Repository) -> None:
    first = _in_order(invited, SCREEN, RESCHEDULE)
    skip(invited, first.proposals[0].origin.key)
    for order in ((SCREEN, RESCHEDULE), (RESCHEDULE, SCREEN)):
        again = _in_order(invited, *order)
        assert (again.proposals, again.already, [s.reason for s in again.skipped]) == ([], 1, [SUPERSEDED])


def test_an_invitation_cancelled_in_the_same_run_adds_and_removes_nothing(invited: Repository) -> None:
    """The cancellation alone would take the technical interview typed in by hand at the onsite's time."""
    for order in ((ONSITE, CANCEL), (CANCEL, ONSITE)):
        scan = _in_order(invited, *order)
        assert scan.proposals == []
        assert sorted(s.reason for s in scan.skipped) == [
            SUPERSEDED, "cancelled by a newer version in the same run: nothing to add"
        ]  # fmt: skip


def test_a_subject_labelled_latin_1_is_read_as_windows_1252_like_its_body() -> None:
    """0x96 is an en dash in the Windows-1252 the mail was written in; as Latin-1 it is a control character."""
    mail = read_mail((FIXTURES / "05-latin1.eml").read_bytes(), "05", "INBOX", 0, BERLIN)
    assert mail.subject == "Ihre Bewerbung – Grüße"
