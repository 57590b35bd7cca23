"""Counts read as English: one helper for every message that counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.plural import plural
from tests.support import ok, run_nudge


@pytest.mark.parametrize(
    ("n", "word", "shown"),
    [
        (0, "row", "0 rows"),
        (1, "row", "1 row"),
        (2, "row", "2 rows"),
        (1, "process", "1 process"),
        (4, "process", "4 processes"),
        (-1, "day", "-1 day"),
        (3, "match", "3 matches"),
        (2, "person", "2 people"),
    ],
)
def test_plural(n: int, word: str, shown: str) -> None:
    assert plural(n, word, "people" if word == "person" else None) == shown


def test_a_one_row_import_says_one_row_and_one_process(tmp_path: Path) -> None:
    sheet = tmp_path / "one.csv"
    sheet.write_text("Company,Role\nAcme,Data Engineer\n", encoding="utf-8")
    run = run_nudge("import-csv", "--db", tmp_path / "n.db", "--yes", sheet, home=tmp_path)
    ok(run)
    said = run.stdout.decode() + run.stderr.decode()
    assert "1 row" in said and "1 rows" not in said
    assert "1 process added" in said and "1 processes" not in said
