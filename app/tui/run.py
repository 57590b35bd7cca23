"""Start the dashboard: open the database first, so a bad file is a clean CLI error, not a crash."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path


def run_dashboard(path: Path, today: date | None) -> int:
    """Open the dashboard on `path` as of `today` (default: the clock)."""
    from app.storage.repository import Repository
    from app.tui.app import NudgeApp

    with Repository(path) as repo:
        NudgeApp(repo, today or date.today(), clock=datetime.now).run()
    return 0
