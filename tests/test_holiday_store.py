"""The on-disk holiday cache answers exactly as the `holidays` package does, or steps aside."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from support import DEMO_DAY, mode, ok, run_nudge

from app.holiday_store import StoredHolidays, holidays_version
from app.rules.calendar import LiveHolidays

PLACES = [("US", None), ("US", "MA"), ("GB", "SCT"), ("DE", "BY"), ("IL", None), ("JP", None)]


class Refuses:
    """A source that must not be asked: proves an answer came from the file."""

    def supported(self) -> dict[str, tuple[str, ...]]:
        raise AssertionError("asked the package for the supported countries")

    def public(self, country: str, subdivision: str | None, year: int) -> frozenset[date]:
        raise AssertionError(f"asked the package for {country} {subdivision} {year}")

    def weekend(self, country: str) -> frozenset[int]:
        raise AssertionError(f"asked the package for the weekend of {country}")


def test_answers_match_the_package_and_come_back_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "holidays.json"
    live = LiveHolidays()
    first = StoredHolidays(path)
    for country, subdivision in PLACES:
        for year in (2025, 2026, 2027):
            assert first.public(country, subdivision, year) == live.public(country, subdivision, year)
        assert first.weekend(country) == live.weekend(country)
    assert first.supported() == live.supported()
    first.save()
    assert mode(path) == 0o600

    again = StoredHolidays(path, live=Refuses())
    assert again.public("GB", "SCT", 2026) == live.public("GB", "SCT", 2026)
    assert date(2026, 11, 30) in again.public("GB", "SCT", 2026)  # St Andrew's Day
    assert again.weekend("IL") == frozenset({4, 5})
    assert again.supported()["US"] == live.supported()["US"]
    assert not again.changed


@pytest.mark.parametrize("content", ["", "not json", "[1, 2]", '{"public": "oops"}', '{"public": {"US||2026": 5}}'])
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path, content: str) -> None:
    path = tmp_path / "holidays.json"
    path.write_text(content)
    store = StoredHolidays(path)
    assert store.public("US", None, 2026) == LiveHolidays().public("US", None, 2026)
    store.save()
    assert StoredHolidays(path, live=Refuses()).public("US", None, 2026)


def test_the_version_is_read_without_importing_the_package() -> None:
    import holidays

    assert holidays_version() == holidays.__version__


def test_the_command_line_fills_the_cache_and_gives_the_same_agenda(tmp_path: Path, demo_db: Path) -> None:
    day = DEMO_DAY.isoformat()
    cold = ok(run_nudge("agenda", "--db", demo_db, "--date", day, "--format", "json", home=tmp_path))
    (cache,) = (tmp_path / "xdg-cache" / "nudge").glob("holidays-*.json")
    assert mode(cache) == 0o600
    warm = ok(run_nudge("agenda", "--db", demo_db, "--date", day, "--format", "json", home=tmp_path))
    off = ok(run_nudge("agenda", "--db", demo_db, "--date", day, "--format", "json", home=tmp_path,
                       env={"NUDGE_NO_CACHE": "1"}))  # fmt: skip
    assert cold == warm == off
