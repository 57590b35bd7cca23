"""Start the dashboard: open the database first, so a bad file is a clean CLI error, not a crash."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.config import Config


def run_dashboard(path: Path, today: date | None, config: Config) -> int:
    """Open the dashboard on `path` as of `today` (default: the clock), with the configuration in force."""
    from app.config import resolve
    from app.storage.repository import Repository
    from app.tui.app import NudgeApp

    with Repository(path) as repo:
        prefs = resolve(config, repo.settings(), saved=repo.settings_saved(), db_flag=str(path))
        NudgeApp(repo, today or date.today(), clock=datetime.now, prefs=prefs).run()
    return 0
