"""The first run's setup and the Settings it becomes, on a small host app: what is picked is returned."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Select, Static

from app.domain import Weekday
from app.places import countries, subdivisions
from app.rules.values import Settings, Timing
from app.tui.first_run import TIMING_LABELS, SetupResult, SetupScreen

from .conftest import SIZE, sync
from .driving import settled


class Host(App[None]):
    """Shows the setup; keeps what it was dismissed with."""

    def __init__(self, screen: SetupScreen) -> None:
        super().__init__()
        self.setup = screen
        self.results: list[SetupResult | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.setup, self.results.append)


async def retype(pilot: Pilot[None], screen: SetupScreen, widget_id: str, text: str) -> None:
    widget = screen.query_one(f"#{widget_id}", Input)
    widget.focus()
    widget.value = ""
    await pilot.pause()
    await pilot.press(*text)


def note_of(screen: SetupScreen, widget_id: str) -> str:
    return str(screen.query_one(f"#{widget_id}-note", Static).render())


def subdivision_codes(screen: SetupScreen) -> list[Any]:
    picker: Select[str] = screen.query_one("#subdivision", Select)
    return [value for _, value in picker._options if value is not Select.NULL]


def test_every_timing_number_has_a_label_and_places_come_from_holidays() -> None:
    assert set(TIMING_LABELS) == {f.name for f in fields(Timing)}
    codes = dict(countries())
    assert codes["GB"] == "United Kingdom" and codes["US"] == "United States" and len(codes) > 200
    assert ("SCT", "Scotland") in subdivisions("GB") and ("BY", "Bayern") in subdivisions("DE")


@sync
async def test_the_first_run_returns_the_picks() -> None:
    setup = SetupScreen()
    app = Host(setup)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(setup.query_one("#form-title", Static).render()) == "Welcome to Nudge"
        assert setup.query_one("#your-name").has_focus
        await pilot.press(*"Sam Seeker")
        setup.query_one("#country", Select).value = "GB"
        await pilot.pause()
        assert subdivision_codes(setup) == ["ENG", "NIR", "SCT", "WLS"]
        setup.query_one("#subdivision", Select).value = "SCT"
        setup.query_one("#start", RadioSet).focus()
        await pilot.press("down", "down", "enter")  # the third choice: add my first process
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    [result] = app.results
    assert result == SetupResult("Sam Seeker", "GB", "SCT", "add")
    assert result.settings(Settings()).your_name == "Sam Seeker"


@sync
async def test_the_first_run_starts_with_the_demo_by_default_and_escape_skips() -> None:
    for keys, expected in (
        (["ctrl+s"], SetupResult("", "US", None, "demo")),
        (["escape"], None),
    ):
        setup = SetupScreen()
        app = Host(setup)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
        assert app.results == [expected]


@sync
async def test_a_country_lists_its_own_subdivisions() -> None:
    setup = SetupScreen(Settings(country="GB", subdivision="SCT"))
    app = Host(setup)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert setup.query_one("#subdivision", Select).value == "SCT"
        setup.query_one("#country", Select).value = "DE"
        await pilot.pause()
        assert "BY" in subdivision_codes(setup) and "SCT" not in subdivision_codes(setup)
        assert setup.query_one("#subdivision", Select).value is Select.NULL
        setup.query_one("#country", Select).value = "IS"  # Iceland: no subdivisions
        await pilot.pause()
        assert not setup.query_one("#subdivision-box").display
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results[0] == SetupResult("", "IS", None, "demo")


@sync
async def test_importing_asks_for_a_file_that_exists(tmp_path: Path) -> None:
    sheet = tmp_path / "applications.csv"
    sheet.write_text("company,role\nAcme,Dev\n", encoding="utf-8")
    setup = SetupScreen()
    app = Host(setup)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not setup.query_one("#import-box").display
        setup.query_one("#start", RadioSet).focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert setup.query_one("#import-box").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "give the spreadsheet's file name" in note_of(setup, "import-path")
        await retype(pilot, setup, "import-path", str(tmp_path / "missing.csv"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "no such file" in note_of(setup, "import-path")
        await retype(pilot, setup, "import-path", str(tmp_path))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "that is not a file" in note_of(setup, "import-path")
        assert not app.results
        await retype(pilot, setup, "import-path", str(sheet))
        await pilot.press("ctrl+s")
        await pilot.pause()
    [result] = app.results
    assert result is not None and (result.choice, result.import_path) == ("import", sheet)


SAVED = Settings(
    country="GB",
    subdivision="SCT",
    workdays=(Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU),
    days_off=(date(2026, 12, 24), date(2026, 12, 31)),
    your_name="Sam Seeker",
    timing=Timing(screen_wait=6, pester_gap=4),
)


@sync
async def test_as_settings_it_is_prefilled_and_returns_the_changes() -> None:
    setup = SetupScreen(SAVED, first_run=False)
    app = Host(setup)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(setup.query_one("#form-title", Static).render()) == "Settings"
        assert not setup.query("#start")
        values = {i.id: i.value for i in setup.query(Input)}
        assert values["your-name"] == "Sam Seeker"
        assert values["workdays"] == "mon tue wed thu"
        assert values["days-off"] == "2026-12-24, 2026-12-31"
        assert values["timing-screen_wait"] == "6" and values["timing-pester_gap"] == "4"
        assert values["timing-application_wait"] == "7"
        assert (setup.query_one("#country", Select).value, setup.query_one("#subdivision", Select).value) == (
            "GB",
            "SCT",
        )
        await retype(pilot, setup, "days-off", "2026-12-24 2027-01-04")
        await retype(pilot, setup, "timing-later_wait", "7")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [result] = app.results
    assert result is not None
    after = result.settings(SAVED)
    assert after.days_off == (date(2026, 12, 24), date(2027, 1, 4))
    assert after.timing == Timing(screen_wait=6, pester_gap=4, later_wait=7)
    assert (after.country, after.subdivision, after.workdays, after.your_name) == (
        "GB",
        "SCT",
        ("mon", "tue", "wed", "thu"),
        "Sam Seeker",
    )
    assert result.choice == ""


@sync
async def test_settings_refuse_what_the_config_file_would() -> None:
    setup = SetupScreen(SAVED, first_run=False)
    app = Host(setup)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for widget_id, typed, reason in (
            ("days-off", "24/12", "not a date (YYYY-MM-DD)"),
            ("workdays", "mon funday", "not a weekday"),
            ("timing-screen_wait", "0", "must be a whole number of business days from 1 to 60"),
            ("timing-screen_wait", "soon", "must be a whole number"),
            ("timing-thank_you_window", "0", "from 1 to 60"),
        ):
            await retype(pilot, setup, widget_id, typed)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert reason in note_of(setup, widget_id), (widget_id, typed)
            assert not app.results
            await retype(pilot, setup, widget_id, {"days-off": "", "workdays": ""}.get(widget_id, "3"))
        await retype(pilot, setup, "timing-thank_you_due", "5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "must be at least thank_you_due (5)" in note_of(setup, "timing-thank_you_window")
        assert not app.results


def test_snapshot_first_run(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(Host(SetupScreen()), terminal_size=SIZE, run_before=settled)


def test_snapshot_first_run_small(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(Host(SetupScreen()), terminal_size=(80, 24), run_before=settled)


def test_snapshot_settings(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(Host(SetupScreen(SAVED, first_run=False)), terminal_size=SIZE, run_before=settled)
