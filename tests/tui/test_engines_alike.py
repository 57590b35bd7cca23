"""The dashboard draws the same screen whichever engine holds the search.

The snapshots (test_snapshots.py) are taken on SQLite files only: doubling
them would be waste, as long as the screen cannot depend on the engine. This
is the proof: the demo's first screen on a SQLite file and on a PostgreSQL
database holding the same demo, compared pane by pane as text, then as the
whole drawn screen (the title bar's database name, the one thing meant to
differ, set alike first).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engines import Database
from textual.widgets import DataTable, OptionList, Static

from app.tui.app import NudgeApp

from .conftest import SIZE, sync
from .driving import settle

MakeApp = Callable[..., NudgeApp]


def table_text(app: NudgeApp, table_id: str) -> list[list[str]]:
    table = app.query_one(f"#{table_id}", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def panes_text(app: NudgeApp) -> dict[str, object]:
    """What Today, Interviews, the Timeline and the detail show, as plain text."""
    today = app.query_one("#today", OptionList)
    return {
        "today": [str(today.get_option_at_index(i).prompt) for i in range(today.option_count)],
        "health": str(app.query_one("#today-health", Static).render()),
        "interviews": table_text(app, "processes"),
        "timeline": table_text(app, "timeline"),
        "detail": str(app.query_one("#detail-text", Static).render()),
    }


async def first_screen(app: NudgeApp) -> tuple[dict[str, object], str]:
    """The demo's first screen once loaded: its panes' text and the whole screen drawn (an SVG)."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.loaded
        app.sub_title = "the same title"
        await pilot.pause()
        return panes_text(app), app.export_screenshot()


@sync
async def test_the_demo_first_screen_is_the_same_on_both_engines(
    demo_path: Path, pg_demo_search: Database, make_app: MakeApp
) -> None:
    on_sqlite = await first_screen(make_app(demo_path))
    on_server = await first_screen(make_app(pg_demo_search))
    assert on_server[0] == on_sqlite[0]
    assert on_sqlite[0]["today"] and on_sqlite[0]["interviews"], "the demo's first screen shows data"
    assert on_server[1] == on_sqlite[1], "the drawn screens differ"
