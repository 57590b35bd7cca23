"""Nudge's folders on this platform: the user data folder and where exports go.

Which database is used (`--db`, `NUDGE_DB`, the config file, the default in the
data folder) is decided in one place, `app.config.effective.choose_database`.
"""

from __future__ import annotations

from pathlib import Path


def data_dir() -> Path:
    """The platform's per-user data folder for Nudge (e.g. ~/.local/share/nudge)."""
    from platformdirs import user_data_path

    return user_data_path("nudge", appauthor=False)


def documents_dir() -> Path:
    """Where exports go by default: the user's documents folder, or home if there is none."""
    from platformdirs import user_documents_path

    found = user_documents_path()
    return found if found.is_dir() else Path.home()
