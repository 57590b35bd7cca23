"""Render the README screenshots from the real app on demo data at a fixed date.

Run `python -m app.tui.screenshots` from the repository root; it writes SVG files
into `screenshots/`. The date and size are fixed so the pictures only change
when the dashboard does.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import date
from pathlib import Path

from app.demo import demo_backup
from app.storage.repository import Repository
from app.tui.app import NudgeApp

DAY = date(2026, 11, 25)
SIZE = (140, 42)
SHOTS = (
    ("main", ()),
    ("add-process-form", ("a",)),
    ("log-message-form", ("d",)),
    ("help", ("question_mark",)),
    ("stats", ("g",)),
)


async def _shoot(folder: Path, name: str, keys: tuple[str, ...], db: Path) -> Path:
    with Repository(db) as repo:
        app = NudgeApp(repo, DAY, export_dir=folder)
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            if name == "log-message-form":
                await pilot.press("down")
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await pilot.pause(0.3)
            return Path(app.save_screenshot(filename=f"{name}.svg", path=str(folder)))


def main(folder: Path = Path("screenshots")) -> None:
    """Write every screenshot into `folder`."""
    folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        with Repository(db) as repo:
            repo.merge(demo_backup(DAY))
        for name, keys in SHOTS:
            print(asyncio.run(_shoot(folder, name, keys, db)))


if __name__ == "__main__":
    main()
