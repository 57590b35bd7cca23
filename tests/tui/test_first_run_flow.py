"""The first run on a new database, and Settings from the palette, in the real dashboard on real files.

A new database (no processes, settings never saved) opens the setup; what it
returns is saved as the database's settings together with the demo or the
spreadsheet it asked for, and read back through a fresh Repository. Skipping it
writes nothing at all. Each runs on a SQLite file and on a PostgreSQL database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engines import Database
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Select

from app.backup import Backup
from app.demo import demo_backup
from app.storage.backups import backup_dir
from app.tui.app import NudgeApp
from app.tui.first_run import SetupScreen
from app.tui.forms import ProcessForm
from app.tui.main_screen import MainScreen

from .conftest import DAY, SIZE, reopened, sync
from .driving import settle, type_text

MakeApp = Callable[..., NudgeApp]

SPREADSHEET = (
    "Company,Role,Status,Applied\nAcme,Data Engineer,Applied,2026-11-02\nGlobex,Analyst,Phone screen,2026-11-09\n"
)


def copies_of(place: Database) -> Path:
    """Where the daily copies of the database would go: beside the file, or in the local data folder."""
    from app.storage.location import Server
    from app.storage.server_backups import server_backup_dir

    location = place.location
    return server_backup_dir(location) if isinstance(location, Server) else backup_dir(location)


def kept(place: Database) -> tuple[bool, Backup]:
    """What the search holds, whether its settings were ever saved included, read through a fresh Repository.

    Not the stored bytes: opening the dashboard keeps its judged actions, a
    cache of what the rules made of the data (app.storage.judged), beside it.
    """
    with reopened(place) as repo:
        return repo.settings_saved(), repo.snapshot()


def notices(app: NudgeApp) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications]


async def setup_on(pilot: Pilot[None]) -> SetupScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SetupScreen) and screen.first_run
    return screen


async def name_and_place(pilot: Pilot[None], screen: SetupScreen, name: str, country: str, sub: str | None) -> None:
    await type_text(pilot, name)
    screen.query_one("#country", Select).value = country
    await pilot.pause()
    if sub is not None:
        screen.query_one("#subdivision", Select).value = sub
        await pilot.pause()


async def start_with(pilot: Pilot[None], screen: SetupScreen, choice: int) -> None:
    """Pick the n-th way to start (0 demo, 1 import, 2 add) with the keyboard."""
    screen.query_one("#start", RadioSet).focus()
    await pilot.press(*["down"] * choice, "enter")
    await pilot.pause()


@sync
async def test_a_new_database_opens_the_setup_and_the_demo_is_loaded(new_search: Database, make_app: MakeApp) -> None:
    app = make_app(new_search)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await setup_on(pilot)
        await name_and_place(pilot, screen, "Sam Seeker", "GB", "SCT")
        await pilot.press("ctrl+s")  # the first choice, the demo, is picked
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert notices(app)[-1][1].startswith("Loaded the demo search (11 processes added")
        action = app.selected_action()
        assert action is not None and action.message and action.message.rstrip().endswith("Sam Seeker")
    with reopened(new_search) as repo:
        assert repo.settings_saved()
        settings = repo.settings()
        assert (settings.your_name, settings.country, settings.subdivision) == ("Sam Seeker", "GB", "SCT")
        demo = demo_backup(DAY)  # the same search as `nudge demo`
        assert sorted((p.company, p.role) for p in repo.processes()) == sorted(
            (p.company, p.role) for p in demo.processes
        )


@sync
async def test_the_setup_saves_the_settings_then_opens_the_add_form(new_search: Database, make_app: MakeApp) -> None:
    app = make_app(new_search)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await setup_on(pilot)
        await name_and_place(pilot, screen, "Ana Lopez", "DE", "BY")
        await start_with(pilot, screen, 2)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProcessForm)
        await pilot.press("escape")
        await settle(pilot)
        assert app.model.settings.country == "DE"
    with reopened(new_search) as repo:
        settings = repo.settings()
        assert (settings.your_name, settings.country, settings.subdivision) == ("Ana Lopez", "DE", "BY")
        assert repo.count() == 0
    app = make_app(new_search)  # settings saved: no setup the next time
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@sync
async def test_the_setup_imports_a_spreadsheet_and_shows_its_report(
    new_search: Database, make_app: MakeApp, tmp_path: Path
) -> None:
    sheet = tmp_path / "applications.csv"
    sheet.write_text(SPREADSHEET, encoding="utf-8")
    app = make_app(new_search)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await setup_on(pilot)
        await name_and_place(pilot, screen, "Sam Seeker", "US", None)
        await start_with(pilot, screen, 1)
        screen.query_one("#import-path", Input).focus()
        await type_text(pilot, str(sheet))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        title, said = notices(app)[-1]
        assert title == "Saved" and said.startswith("Imported applications.csv: 2 rows read; 2 processes added")
    with reopened(new_search) as repo:
        assert sorted(p.company for p in repo.processes()) == ["Acme", "Globex"]
        assert repo.settings().your_name == "Sam Seeker"


@sync
async def test_a_spreadsheet_that_cannot_be_read_keeps_the_setup_open_and_writes_nothing(
    new_search: Database, make_app: MakeApp, tmp_path: Path
) -> None:
    sheet = tmp_path / "broken.csv"
    sheet.write_text("Company,Role\nAcme,Dev,extra,cells\n", encoding="utf-8")
    before = kept(new_search)
    app = make_app(new_search)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await setup_on(pilot)
        await name_and_place(pilot, screen, "Sam Seeker", "US", None)
        await start_with(pilot, screen, 1)
        screen.query_one("#import-path", Input).focus()
        await type_text(pilot, str(sheet))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # still open, with what was typed and the reason
        assert screen.query_one("#your-name", Input).value == "Sam Seeker"
        assert notices(app)[-1][0] == "Not saved"
    assert kept(new_search) == before
    with reopened(new_search) as repo:
        assert not repo.settings_saved() and repo.count() == 0


@sync
async def test_skipping_the_setup_writes_nothing(new_search: Database, make_app: MakeApp) -> None:
    before = kept(new_search)
    app = make_app(new_search)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await setup_on(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert notices(app)[-1] == (
            "Welcome",
            'Nothing set up yet: "a" adds your first process; "," (or ctrl+p) opens Settings for your name.',
        )
    assert kept(new_search) == before
    assert not copies_of(new_search).exists()  # nor a daily copy of it
    with reopened(new_search) as repo:
        assert not repo.settings_saved() and repo.count() == 0
    app = make_app(new_search)  # nothing was saved, so the setup is offered again
    async with app.run_test(size=SIZE) as pilot:
        await setup_on(pilot)


@sync
async def test_settings_from_the_palette_sign_the_messages_with_the_new_name(
    demo_search: Database, make_app: MakeApp
) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # the demo has processes: no first run
        action = app.selected_action()
        assert action is not None and action.message and "Robin Writer" not in action.message
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "Settings")
        for _ in range(50):  # the palette searches in a worker
            await pilot.pause()
            if app.screen.query_one("#--results").styles.display != "none":
                break
        await settle(pilot)  # the search's worker; never the listener, which runs until the app stops
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SetupScreen) and not screen.first_run
        name = screen.query_one("#your-name", Input)
        assert name.value == app.model.settings.your_name  # prefilled
        name.value = ""
        await type_text(pilot, "Robin Writer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        action = app.selected_action()
        assert action is not None and action.message and action.message.rstrip().endswith("Robin Writer")
    with reopened(demo_search) as repo:
        assert repo.settings().your_name == "Robin Writer"
