"""Every agenda format carries `decide` and a move-on's `close_as`; end to end through `nudge agenda`.

A backup with a "no" (a negative reply) and an offer with a deadline, run
through the real console script: the "no" gives one move-on that suggests
closing as rejected with a gracious note (never "still keen"), the offer stays
listed with its `decide` on the deadline.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from support import ok, run_nudge

from app.exports.csvfmt import COLUMNS

DAY = "2026-12-01"
"""A Tuesday: the "no" came on Mon 30 Nov, the offer's answer is due Fri 4 Dec."""


def _backup() -> dict[str, Any]:
    return {
        "format": "nudge-backup",
        "version": 1,
        "settings": {"your_name": "Sam Lee"},
        "processes": [
            {
                "company": "Acme",
                "role": "Data Engineer",
                "contacts": [{"name": "Rita Ray", "role": "recruiter", "email": "rita@acme.example"}],
                "interviews": [{"kind": "recruiter_screen", "at": "2026-11-20T10:00", "with": ["Rita Ray"]}],
                "messages": [
                    {
                        "at": "2026-11-30T16:00",
                        "direction": "in",
                        "contact": "Rita Ray",
                        "purpose": "reply",
                        "signal": "negative",
                        "text": "We have decided to move forward with other candidates.",
                    }
                ],
            },
            {
                "company": "Soylent",
                "role": "Analytics Engineer",
                "status": "offer",
                "deadline": "2026-12-04",
                "contacts": [{"name": "Grace Kim", "role": "recruiter"}],
                "interviews": [{"kind": "final", "at": "2026-11-16T10:00", "with": ["Grace Kim"]}],
            },
        ],
    }


@pytest.fixture
def db(tmp_path: Path) -> Path:
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(_backup()), encoding="utf-8")
    path = tmp_path / "nudge.db"
    ok(run_nudge("import", "--db", path, backup, home=tmp_path))
    return path


def _agenda(db: Path, home: Path, fmt: str) -> str:
    return ok(run_nudge("agenda", "--db", db, "--date", DAY, "--format", fmt, home=home))


def test_json_a_no_gives_one_gracious_move_on_and_an_offer_gets_decide(db: Path, tmp_path: Path) -> None:
    data = json.loads(_agenda(db, tmp_path, "json"))
    items = data["due"] + data["upcoming"]
    acme = [i for i in items if i["company"] == "Acme"]
    assert [(i["action"], i["due"], i["close_as"]) for i in acme] == [("move_on", "2026-12-01", "rejected")]
    assert "keen" not in acme[0]["message"]
    assert "kept me in mind" in acme[0]["message"]
    soylent = [i for i in items if i["company"] == "Soylent"]
    assert [(i["action"], i["due"], i["message"]) for i in soylent] == [("decide", "2026-12-04", None)]
    assert "close_as" not in soylent[0]
    assert soylent[0] in data["upcoming"]


def test_csv_has_a_close_as_column_filled_for_move_ons_only(db: Path, tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(_agenda(db, tmp_path, "csv"))))
    assert rows[0] == list(COLUMNS) and rows[0][-1] == "close_as"
    records = {r["company"]: r for r in (dict(zip(COLUMNS, row, strict=True)) for row in rows[1:])}
    assert (records["Acme"]["action"], records["Acme"]["close_as"]) == ("move_on", "rejected")
    assert (records["Soylent"]["action"], records["Soylent"]["close_as"]) == ("decide", "")


@pytest.mark.parametrize(
    ("fmt", "line"), [("text", "    Then: close as rejected"), ("md", "- **Then:** close as rejected")]
)
def test_text_and_markdown_say_what_to_close_as(db: Path, tmp_path: Path, fmt: str, line: str) -> None:
    out = _agenda(db, tmp_path, fmt).splitlines()
    assert out.count(line) == 1
    assert any("Decide on the offer: Soylent" in x for x in out)


def test_ics_places_decide_on_the_deadline_with_a_reminder_the_day_before(db: Path, tmp_path: Path) -> None:
    calendar = Calendar.from_ical(_agenda(db, tmp_path, "ics"))
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    decide = events["Decide on the offer: Soylent - Analytics Engineer"]
    assert decide.decoded("DTSTART") == date(2026, 12, 4)
    triggers = sorted(str(a["TRIGGER"].to_ical().decode()) for a in decide.walk("VALARM"))
    assert triggers == ["-PT15H", "PT9H"]
    move_on = events["Consider moving on: Acme - Data Engineer"]
    assert "Then: close as rejected" in str(move_on["DESCRIPTION"])
    assert len(list(move_on.walk("VALARM"))) == 1
