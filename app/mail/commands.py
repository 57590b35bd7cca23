"""`nudge mail`: read, print the proposals, and accept only what `--yes` allows."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.mail.accepting import accept
from app.mail.account import MailSettings
from app.mail.report import render_scan
from app.mail.running import read_source, save_progress
from app.plural import plural
from app.safe_text import safe_text

if TYPE_CHECKING:
    from app.storage.repository import Repository


def run_mail_command(
    repo: Repository, source: Path | None, settings: MailSettings, *, dry_run: bool, accept_exact: bool
) -> int:
    """The command's work; returns the exit status (0: read, whatever was found)."""
    run = read_source(repo, source, settings)
    sys.stdout.write(render_scan(run.scan))
    if dry_run:
        print("dry run: nothing was stored")
        return 0
    exact = [p for p in run.scan.proposals if p.exact]
    if accept_exact:
        for proposal in exact:
            done = accept(repo, proposal)
            print(safe_text(f"accepted: {done.describe()}", one_line=True))
        run.scan.proposals = [p for p in run.scan.proposals if not p.exact]
        left = len(run.scan.proposals) + len(run.scan.ambiguous)
        print(f"accepted {plural(len(exact), 'proposal')} matched by a contact's address; {left} left to review")
    else:
        print(
            f"nothing stored; 'nudge mail --yes' accepts the {plural(len(exact), 'proposal')} matched by a "
            "contact's exact address (the others wait for review)"
        )
    save_progress(repo, run)
    return 0
