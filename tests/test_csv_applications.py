"""A spreadsheet of applications, through the real `nudge import-csv` and `nudge agenda`.

Seven applications, four still open for 3 to 19 days as of a fixed Friday:
each open one gets its follow-up 7 business days after the day it was
applied for (the application is where the ladder starts), the closed ones
nothing. Deadline and follow-up columns land on the process.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from support import fails, ok, run_nudge

from app.csvimport.columns import FIELDS
from app.rules.calendar import BusinessCalendar

TODAY = date(2026, 3, 20)
"""A Friday, no US holiday in the weeks before it."""
AGES = {"Aperture Science": 3, "Black Mesa": 8, "Initrode": 12, "Vault-Tec": 19}
"""Calendar days since each open application."""
CLOSED = {"Massive Dynamic": "Not Selected", "Oscorp": "I Withdrew", "Virtucon": "No Response"}


def _sheet(path: Path) -> Path:
    lines = ["Company,Job Position,Status,Date Applied,Deadline,Follow Up,Notes"]
    for company, age in AGES.items():
        lines.append(f"{company},Engineer,Applied,{(TODAY - timedelta(days=age)):%m/%d/%Y},,,")
    for n, (company, status) in enumerate(CLOSED.items()):
        lines.append(f"{company},Engineer,{status},{(TODAY - timedelta(days=30 + n)):%m/%d/%Y},,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(tmp_path: Path, sheet: Path) -> Path:
    db = tmp_path / "nudge.db"
    ok(run_nudge("import-csv", "--db", db, "--yes", sheet, home=tmp_path))
    return db


def test_every_open_application_is_followed_up_at_7_business_days(tmp_path: Path) -> None:
    db = _import(tmp_path, _sheet(tmp_path / "applications.csv"))
    out = ok(
        run_nudge("agenda", "--db", db, "--date", TODAY.isoformat(), "--days", "10", "--format", "json", home=tmp_path)
    )
    agenda = json.loads(out)
    items = agenda["due"] + agenda["upcoming"]
    us = BusinessCalendar("US")
    expected = {company: us.add(TODAY - timedelta(days=age), 7).isoformat() for company, age in AGES.items()}
    assert {i["company"]: (i["action"], i["due"]) for i in items} == {c: ("follow_up", d) for c, d in expected.items()}
    for item in items:
        assert item["reason"].startswith("7 business days since your application on ")
        assert "applied" in item["message"]
    # 12 and 19 days ago are past 7 business days; 3 and 8 days ago (6 business days) are still to come.
    assert sorted(i["company"] for i in agenda["due"]) == ["Initrode", "Vault-Tec"]
    with sqlite3.connect(db) as conn:
        applications = conn.execute(
            "SELECT p.company, m.at, m.direction FROM message m JOIN process p ON p.id = m.process_id "
            "WHERE m.purpose = 'application' ORDER BY p.id"
        ).fetchall()
    assert len(applications) == 7
    assert all(direction == "out" for _, _, direction in applications)
    assert {c: at for c, at, _ in applications}["Aperture Science"] == "2026-03-17"


def test_deadline_and_follow_up_columns_reach_the_process(tmp_path: Path) -> None:
    sheet = tmp_path / "offers.csv"
    sheet.write_text(
        "Company,Role,Status,Date Applied,Offer Deadline,Next Action\n"
        "Soylent,Analyst,Offer,02/20/2026,03/27/2026,\n"
        "Hooli,Analyst,Applied,03/02/2026,,04/06/2026\n",
        encoding="utf-8",
    )
    db = _import(tmp_path, sheet)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT company, status, deadline, wait_until FROM process ORDER BY id").fetchall() == [
            ("Soylent", "offer", "2026-03-27", None),
            ("Hooli", "active", None, "2026-04-06"),
        ]
    agenda = json.loads(
        ok(run_nudge("agenda", "--db", db, "--date", TODAY.isoformat(), "--format", "json", home=tmp_path))
    )
    assert [(i["company"], i["action"], i["due"]) for i in agenda["upcoming"]] == [("Soylent", "decide", "2026-03-27")]
    assert agenda["due"] == []  # Hooli waits until Mon 6 Apr, as the sheet says


def test_a_follow_up_column_of_words_is_refused_with_a_way_out(tmp_path: Path) -> None:
    sheet = tmp_path / "words.csv"
    sheet.write_text("Company,Role,Next Action\nAcme,Dev,Send thank-you\n", encoding="utf-8")
    err = fails(run_nudge("import-csv", "--db", tmp_path / "n.db", "--yes", sheet, home=tmp_path), 2)
    assert "row 2, column 'Next Action'" in err
    assert "--map 'Next Action=ignore'" in err
    assert "\n" not in err.strip()
    assert not (tmp_path / "n.db").exists()


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_the_help_lists_every_field_for_map(tmp_path: Path, field: str) -> None:
    help_text = ok(run_nudge("import-csv", "--help", home=tmp_path))
    listed = help_text.split("fields for --map:")[1].split("\n\n")[0]
    assert field in listed.replace("\n", " ").replace(",", " ").split()


def test_a_reimport_sets_a_deadline_given_and_keeps_one_left_empty(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Company,Role,Status,Respond By\nSoylent,Analyst,Offer,\n", encoding="utf-8")
    db = _import(tmp_path, sheet)
    sheet.write_text("Company,Role,Status,Respond By\nSoylent,Analyst,Offer,03/27/2026\n", encoding="utf-8")
    ok(run_nudge("import-csv", "--db", db, "--yes", sheet, home=tmp_path))
    sheet.write_text("Company,Role,Status,Respond By\nSoylent,Analyst,,\n", encoding="utf-8")
    ok(run_nudge("import-csv", "--db", db, "--yes", sheet, home=tmp_path))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status, deadline FROM process").fetchall() == [("offer", "2026-03-27")]
