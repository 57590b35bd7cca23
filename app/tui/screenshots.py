"""Render the README screenshots from the real app on demo data at a fixed date.

Run `python -m app.tui.screenshots` from the repository root; it writes SVG
files into `screenshots/`, and a PNG beside each when `rsvg-convert` (librsvg)
is installed. The date and sizes are fixed so the pictures only change when
the dashboard does: the main view at each size people use (80x24 shows the
compact one-pane layout, so its Interviews pane is shot too), the forms, help
and Stats at 140x42.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from app.demo import demo_backup
from app.storage.repository import Repository
from app.tui.app import NudgeApp

DAY = date(2026, 11, 25)
SIZES = ((80, 24), (100, 30), (140, 42), (200, 60))
WIDE = (140, 42)
SHOTS: tuple[tuple[str, tuple[str, ...], tuple[int, int]], ...] = (
    *((f"main-{w}x{h}", (), (w, h)) for w, h in SIZES),
    ("main-80x24-interviews", ("v",), (80, 24)),
    ("main", (), WIDE),
    ("add-process-form", ("a",), WIDE),
    ("log-message-form", ("down", "d"), WIDE),
    ("interview-form", ("i",), WIDE),
    ("help", ("question_mark",), WIDE),
    ("stats", ("g",), WIDE),
)
"""(file name, keys pressed after the load, terminal size)."""


async def _shoot(folder: Path, name: str, keys: tuple[str, ...], size: tuple[int, int], db: Path) -> Path:
    with Repository(db) as repo:
        app = NudgeApp(repo, DAY, export_dir=folder)
        async with app.run_test(size=size) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            return Path(app.save_screenshot(filename=f"{name}.svg", path=str(folder)))


def to_png(svg: Path) -> Path | None:
    """A PNG beside `svg` through rsvg-convert, for a quick look or a page that shows no SVG; None without it."""
    tool = shutil.which("rsvg-convert")
    if tool is None:
        return None
    png = svg.with_suffix(".png")
    subprocess.run([tool, "-o", str(png), str(svg)], check=True)
    return png


def main(folder: Path = Path("screenshots")) -> None:
    """Write every screenshot into `folder`."""
    folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        with Repository(db) as repo:
            repo.merge(demo_backup(DAY))
        for name, keys, size in SHOTS:
            svg = asyncio.run(_shoot(folder, name, keys, size, db))
            png = to_png(svg)
            print(svg, png or "(no rsvg-convert: SVG only)")


if __name__ == "__main__":
    main()
