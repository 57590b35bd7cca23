"""Inbox reader: a 10,000-message mbox matched (target <= 5 s) and a re-run on an unchanged IMAP folder
(target <= 1 s). Prints medians of 3 runs, never asserts; not collected by pytest.

Run: `python tests/benchmarks/mail.py [MESSAGES]` (default 10000). The mbox holds the fixture mails
(tests/fixtures/mail) again and again, each copy with its own Message-ID, against the fixtures' search
plus 300 generated processes with a contact each, so matching looks through a real index. The IMAP
figure uses a private Dovecot (tests/dovecot_server.py; skipped, saying so, without it) whose INBOX
holds 1,000 messages already read once: the re-run logs in over TLS, EXAMINEs the folders and finds
nothing new.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import dovecot_server
from mail_support import SEEKER, fixture_files, seed

from app.domain.records import Contact, Process
from app.mail.accepting import skip
from app.mail.account import MailSettings
from app.mail.running import read_source, save_progress
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")


def copies(count: int) -> list[bytes]:
    """`count` mails cycling through the fixtures, each with a Message-ID of its own."""
    sources = [p.read_bytes().replace(b"\r\n", b"\n") for p in fixture_files()]
    out = []
    for n in range(count):
        data = sources[n % len(sources)]
        out.append(data.replace(b"@fixture.example>", f"-{n}@bench.example>".encode(), 1))
    return out


def write_mbox(path: Path, mails: list[bytes]) -> None:
    with path.open("wb") as out:
        for data in mails:
            out.write(b"From bench@example Thu Dec  3 10:00:00 2026\n")
            for line in data.split(b"\n"):
                out.write((b">" + line if line.startswith(b"From ") else line) + b"\n")
            out.write(b"\n")


def search(path: Path) -> Repository:
    repo = Repository(path)
    seed(repo)
    for n in range(300):
        contact = Contact(name=f"Person {n}", email=f"person{n}@company{n}.example")
        repo.add_process(Process(company=f"Company {n}", role="Engineer", contacts=(contact,)))
    return repo


def timed(run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - start


def main(count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="nudge-mail-bench-"))
    mbox = folder / "inbox.mbox"
    write_mbox(mbox, copies(count))
    with search(folder / "nudge.db") as repo:
        times = [timed(lambda: read_source(repo, mbox, SEEKER, BERLIN)) for _ in range(3)]
        scan = read_source(repo, mbox, SEEKER, BERLIN).scan
        print(f"mbox of {count} messages ({mbox.stat().st_size / 1e6:.1f} MB): median {statistics.median(times):.2f} s "
              f"(runs {', '.join(f'{t:.2f}' for t in times)}); {len(scan.proposals)} proposals, "
              f"{len(scan.ambiguous)} ambiguous, {len(scan.skipped)} skips; target <= 5 s")  # fmt: skip
        why_not = dovecot_server.missing()
        if why_not is not None:
            print(f"IMAP re-run: skipped ({why_not})")
            return
        server = dovecot_server.start()
        try:
            new = server.maildir / "new"
            for sub in ("cur", "new", "tmp"):
                (server.maildir / sub).mkdir(parents=True, exist_ok=True)
            for n, data in enumerate(copies(1000)):
                (new / f"{n:05d}.bench").write_bytes(data)
            server.give_maildir()
            secret = folder / "secret"
            secret.write_text(server.password + "\n")
            account = MailSettings(host="127.0.0.1", port=server.port, user=dovecot_server.USER,
                                   address=SEEKER.address, password_command=f"cat {secret}",
                                   cafile=server.cafile)  # fmt: skip
            first = read_source(repo, None, account, BERLIN)
            for item in [*first.scan.proposals, *first.scan.ambiguous]:
                skip(repo, item.origin.key)
            save_progress(repo, read_source(repo, None, account, BERLIN))
            reruns = [timed(lambda: read_source(repo, None, account, BERLIN)) for _ in range(3)]
            print(f"IMAP re-run on an unchanged folder of 1000 messages: median {statistics.median(reruns):.2f} s "
                  f"(runs {', '.join(f'{t:.2f}' for t in reruns)}); target <= 1 s")  # fmt: skip
        finally:
            server.stop()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("messages", nargs="?", type=int, default=10_000, help="how many mails the mbox holds")
    try:
        main(parser.parse_args().messages)
    finally:
        for left in Path(tempfile.gettempdir()).glob("nudge-mail-bench-*"):
            shutil.rmtree(left, ignore_errors=True)
