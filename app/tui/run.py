"""Start the dashboard: open the database first, so a bad file is a clean CLI error, not a crash."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.config import Config
    from app.storage.location import Location


def run_dashboard(path: Location, today: date | None, config: Config) -> int:
    """Open the dashboard on `path` as of `today` (default: the clock), with the configuration in force."""
    from app.config import check_theme, resolve
    from app.storage.repository import Repository

    day = today or date.today()
    with Repository(path) as repo:
        flag = str(path) if isinstance(path, Path) else path.url
        prefs = resolve(config, repo.settings(), saved=repo.settings_saved(), db_flag=flag)
        from app.tui.app import NudgeApp

        check_theme(config)  # needs Textual's theme list, so here rather than when the file is read
        app = NudgeApp(repo, day, clock=datetime.now, prefs=prefs)
        app.run()
    if app.stopped_on:  # one line, no traceback: Textual's would show every frame's locals
        print(f"nudge: {app.stopped_on}", file=sys.stderr)
    return app.return_code or 0
