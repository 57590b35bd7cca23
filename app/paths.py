"""Where Nudge keeps its data: `--db`, else `NUDGE_DB`, else the platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The platform's per-user data folder for Nudge (e.g. ~/.local/share/nudge)."""
    from platformdirs import user_data_path

    return user_data_path("nudge", appauthor=False)


def database_path(given: str | None) -> Path:
    """The database file to use, from the command line, the environment or the default."""
    chosen = given or os.environ.get("NUDGE_DB")
    if chosen:
        return Path(chosen).expanduser()
    return data_dir() / "nudge.db"


def documents_dir() -> Path:
    """Where exports go by default: the user's documents folder, or home if there is none."""
    from platformdirs import user_documents_path

    found = user_documents_path()
    return found if found.is_dir() else Path.home()
