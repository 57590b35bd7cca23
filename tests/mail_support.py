"""Shared by the inbox tests: a search whose processes the fixture mails are about, and the fixtures as
a Maildir and as an mbox file.

The fixture mails (tests/fixtures/mail, written for these tests) are from and
to the seeker me@seeker.example; 24 and 25 are what the seeker sent.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.domain.records import Contact, Interview, Moment, Process
from app.domain.vocabulary import ContactRole, InterviewKind
from app.mail.account import MailSettings
from app.storage.repository import Repository

FIXTURES = Path(__file__).parent / "fixtures" / "mail"
SENT = ("24-sent-followup.eml", "25-sent-thank-you.eml")
SEEKER = MailSettings(address=("me@seeker.example",))


def fixture_files() -> list[Path]:
    """Every fixture mail, in name order."""
    return sorted(FIXTURES.glob("*.eml"))


def seed(repo: Repository) -> None:
    """The processes the fixtures are about (and two the matching must tell apart)."""
    acme = repo.add_process(
        Process(
            company="Acme",
            role="Backend Engineer",
            link="https://jobs.acme.example/backend",
            contacts=(
                Contact(name="Rita Ray", role=ContactRole.RECRUITER, email="rita@acme.example"),
                Contact(name="Sam Stone", role=ContactRole.HIRING_MANAGER, email="Sam.Stone@acme.example"),
            ),
        )
    )
    repo.add_interview(acme, Interview(kind=InterviewKind.ONSITE, at=Moment.of(datetime(2026, 12, 15, 10, 0))))
    globex = repo.add_process(
        Process(
            company="Globex",
            role="Data Engineer",
            link="https://boards.greenhouse.io/globex/123",
            contacts=(Contact(name="Gina Glass", role=ContactRole.RECRUITER, email="gina@globex.example"),),
        )
    )
    screen = Interview(kind=InterviewKind.RECRUITER_SCREEN, at=Moment.of(datetime(2026, 12, 9, 9, 0)))
    repo.add_interview(globex, screen)
    for role in ("Platform Engineer", "SRE"):
        repo.add_process(
            Process(
                company="Initech",
                role=role,
                contacts=(Contact(name="Ian Init", email="ian@initech.example"),),
            )
        )
    repo.add_process(Process(company="Umbrella", role="QA Lead", link="https://www.umbrella.example/careers"))
    repo.add_process(Process(company="Hooli", role="Product Designer"))
    repo.add_process(
        Process(
            company="Soylent",
            role="Analyst",
            contacts=(Contact(name="Pat Hunter", role=ContactRole.HEADHUNTER, email="pat.hunter@gmail.com"),),
        )
    )


def make_maildir(root: Path, files: list[Path] | None = None, *, unseen_odd: bool = False) -> Path:
    """The fixtures as a Maildir at `root` (sent ones in its .Sent folder), file names kept as the unique part.

    All are read (\\Seen), unless `unseen_odd`: then the odd-numbered ones are new and unread.
    """
    for folder in (root, root / ".Sent"):
        for sub in ("cur", "new", "tmp"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
    for path in files if files is not None else fixture_files():
        folder = root / ".Sent" if path.name in SENT else root
        unseen = unseen_odd and path.name[:2].isdigit() and int(path.name[:2]) % 2 == 1
        target = folder / "new" / path.stem if unseen else folder / "cur" / f"{path.stem}:2,S"
        target.write_bytes(path.read_bytes())
    return root


def make_mbox(path: Path, files: list[Path] | None = None) -> Path:
    """The fixtures as one mbox file (mboxrd: body lines starting "From " quoted)."""
    with path.open("wb") as out:
        for source in files if files is not None else fixture_files():
            out.write(b"From fixture@example Thu Dec  3 10:00:00 2026\n")
            for line in source.read_bytes().replace(b"\r\n", b"\n").split(b"\n"):
                out.write((b">" + line if line.lstrip(b">").startswith(b"From ") else line) + b"\n")
            out.write(b"\n")
    return path
