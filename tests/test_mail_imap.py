"""The inbox reader against a real IMAP server (a private Dovecot, tests/dovecot_server.py): over TLS
trusting only the test authority, read-only (the server's flags unchanged), incremental, and the same
proposals as the same mails read from a Maildir."""

from __future__ import annotations

import imaplib
import ssl
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import dovecot_server
import pytest
from mail_support import FIXTURES, make_maildir, seed

from app.mail.accepting import skip
from app.mail.account import MailSettings
from app.mail.imap import MailServerError
from app.mail.running import read_source, save_progress
from app.mail.scanning import Scan
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
why_not = dovecot_server.missing()
pytestmark = pytest.mark.skipif(why_not is not None, reason=f"no IMAP server for the tests: {why_not}")


@pytest.fixture(scope="module")
def server() -> Iterator[dovecot_server.Server]:
    started = dovecot_server.start()
    yield started
    started.stop()


@pytest.fixture
def account(server: dovecot_server.Server, tmp_path: Path) -> MailSettings:
    """The test user's mailbox, seeded afresh from the fixtures (odd-numbered ones unread)."""
    server.reset_maildir()
    make_maildir(server.maildir, unseen_odd=True)
    server.give_maildir()
    secret = tmp_path / "secret"
    secret.write_text(server.password + "\n")
    return MailSettings(
        host="127.0.0.1",
        port=server.port,
        user=dovecot_server.USER,
        folders=("INBOX",),
        sent="Sent",
        address=("me@seeker.example",),
        password_command=f"cat {secret}",
        cafile=server.cafile,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    with Repository(tmp_path / "nudge.db") as opened:
        seed(opened)
        yield opened


def flags(server: dovecot_server.Server) -> dict[str, list[bytes]]:
    """Every message's flags in each folder, read with EXAMINE."""
    context = ssl.create_default_context(cafile=str(server.cafile))
    found: dict[str, list[bytes]] = {}
    with imaplib.IMAP4_SSL("127.0.0.1", server.port, ssl_context=context) as imap:
        imap.login(dovecot_server.USER, server.password)
        for folder in ("INBOX", "Sent"):
            imap.select(folder, readonly=True)
            _, data = imap.uid("FETCH", "1:*", "(FLAGS)")
            found[folder] = sorted(item for item in data if isinstance(item, bytes))
    return found


def outcome(scan: Scan) -> tuple[set[str], set[str], Counter[str]]:
    return (
        {p.origin.key for p in scan.proposals},
        {a.origin.key for a in scan.ambiguous},
        Counter(s.reason for s in scan.skipped),
    )


def test_imap_proposes_what_the_maildir_does_and_changes_no_flag(
    server: dovecot_server.Server, account: MailSettings, repo: Repository, tmp_path: Path
) -> None:
    before = flags(server)
    assert any(b"\\Seen" not in line for line in before["INBOX"])  # unread mail stays unread
    run = read_source(repo, None, account, BERLIN)
    files = read_source(repo, make_maildir(tmp_path / "Mail"), account, BERLIN)
    assert run.scan.read == files.scan.read == len(list(FIXTURES.glob("*.eml")))
    assert outcome(run.scan) == outcome(files.scan)
    assert flags(server) == before


def test_incremental_reading_fetches_only_what_is_new_or_still_undecided(
    server: dovecot_server.Server, account: MailSettings, repo: Repository
) -> None:
    first = read_source(repo, None, account, BERLIN)
    save_progress(repo, first)
    waiting = [*first.scan.proposals, *first.scan.ambiguous]
    for item in waiting:
        skip(repo, item.origin.key)  # every proposal decided: the folders are read to the end
    second = read_source(repo, None, account, BERLIN)
    save_progress(repo, second)
    third = read_source(repo, None, account, BERLIN)
    assert (third.scan.read, third.scan.proposals, third.scan.ambiguous) == (0, [], [])

    new = server.maildir / "new" / "99-new-reply"
    new.write_bytes((FIXTURES / "18-decide-by-12th.eml").read_bytes().replace(b"decide-18", b"decide-99"))
    server.give_maildir()
    fourth = read_source(repo, None, account, BERLIN)
    assert fourth.scan.read == 1 and len(fourth.scan.proposals) == 1


def test_a_pending_proposal_is_fetched_again_until_decided(account: MailSettings, repo: Repository) -> None:
    first = read_source(repo, None, account, BERLIN)
    save_progress(repo, first)
    again = read_source(repo, None, account, BERLIN)
    assert outcome(again.scan)[:2] == outcome(first.scan)[:2]


def test_an_untrusted_certificate_or_a_wrong_password_is_one_line(account: MailSettings, repo: Repository) -> None:
    with pytest.raises(MailServerError, match=r"has a certificate that is not trusted"):
        read_source(repo, None, replace(account, cafile=None), BERLIN)
    with pytest.raises(MailServerError, match=r"refused the login for the \[mail\] user$"):
        read_source(repo, None, replace(account, password_command="echo wrong"), BERLIN)


def test_every_server_failure_names_the_server_and_no_secret(account: MailSettings, repo: Repository) -> None:
    """A missing folder is said with the host and port, as a refused connection is; never the user or password."""
    where = f"{account.host}:{account.port}"
    with pytest.raises(MailServerError) as caught:
        read_source(repo, None, replace(account, folders=("Nope",)), BERLIN)
    assert str(caught.value) == f"the mail server {where} has no folder 'Nope' (see [mail] folders)"
    assert dovecot_server.USER not in str(caught.value)
