"""Start the dashboard: the first frame at once, the database opened by the first load, its failure a CLI error.

Opening is a server's connect, sign-in and schema check: three or four round
trips, about 0.45 s through 20 ms of added latency each way, all before the
first frame when it was done here. The app now opens the database itself, in
its first load's thread worker, for both engines (a SQLite file opens in a
few milliseconds either way); the frame shows "Connecting to ..." meanwhile.
A database that cannot be opened (a server down, a wrong password, a missing
database, a damaged file) ends the app, and its error is raised here once the
terminal is restored, so `app.cli.main` says it in the same one line, with the
same status, as for any command.
"""

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
    from app.rules.values import Settings

    day = today or date.today()
    flag = str(path) if isinstance(path, Path) else path.url
    # The dashboard reads the database's settings in every load (Database.settings); what it takes from
    # here is the config file's part (theme, keys, days, export, backups), so nothing is read before the frame.
    prefs = resolve(config, Settings(), saved=False, db_flag=flag)
    from app.tui.app import NudgeApp

    check_theme(config)  # needs Textual's theme list, so here rather than when the file is read
    app = NudgeApp(path, day, clock=datetime.now, prefs=prefs)
    try:
        app.run()
    finally:
        app.main.db.close()
    if app.not_opened is not None:
        raise app.not_opened  # said by app.cli.main as for a command: one line, its own status
    if app.stopped_on:  # one line, no traceback: Textual's would show every frame's locals
        print(f"nudge: {app.stopped_on}", file=sys.stderr)
    return app.return_code or 0
