"""Start the dashboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path


def run_dashboard(path: Path, today: date | None) -> int:
    """Open the dashboard on `path` as of `today` (default: the clock)."""
    print(f"The dashboard will open {path} here (as of {today or date.today()}).")
    return 0
