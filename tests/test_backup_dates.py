"""The backup's optional days (deadline, wait_until, expect_by), timing names and template kinds.

Written only when set, so a search that does not use them exports as an older
Nudge did; read strictly, with the field path of the first problem.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import export_text

from app.backup import dump_backup, parse_backup
from app.errors import BadInput
from app.rules.templates import TEMPLATE_KINDS
from app.rules.values import Timing
from app.storage.repository import Repository


def _backup(**process: Any) -> dict[str, Any]:
    return {
        "format": "nudge-backup",
        "version": 1,
        "processes": [
            {
                "company": "Acme",
                "role": "Data Engineer",
                "contacts": [{"name": "Rita Ray", "role": "recruiter"}],
                "interviews": [{"kind": "recruiter_screen", "at": "2026-11-30T10:00", "with": ["Rita Ray"]}],
                "messages": [
                    {"at": "2026-11-20", "direction": "out", "contact": "Rita Ray", "purpose": "application"},
                    {"at": "2026-11-25T09:00", "direction": "in", "contact": "Rita Ray", "purpose": "reply"},
                    {"at": "2026-12-07T09:00", "direction": "out", "contact": "Rita Ray", "purpose": "follow_up"},
                ],
                **process,
            }
        ],
    }


def _problem(data: object) -> str:
    with pytest.raises(BadInput) as caught:
        parse_backup(json.dumps(data))
    assert caught.value.exit_code == 2
    return str(caught.value)


def _with_days() -> dict[str, Any]:
    data = _backup(status="offer", deadline="2026-12-11", wait_until="2026-12-14")
    data["processes"][0]["interviews"][0]["expect_by"] = "2026-12-04"
    data["processes"][0]["messages"][1]["expect_by"] = "2026-12-09"
    return data


def test_the_days_are_read_into_the_values() -> None:
    process = parse_backup(json.dumps(_with_days())).processes[0]
    assert (process.deadline, process.wait_until) == (date(2026, 12, 11), date(2026, 12, 14))
    assert process.interviews[0].expect_by == date(2026, 12, 4)
    assert [m.expect_by for m in process.messages] == [None, date(2026, 12, 9), None]


def test_the_days_survive_a_database_round_trip_byte_for_byte(tmp_path: Path) -> None:
    text = dump_backup(parse_backup(json.dumps(_with_days())))
    for n, path in enumerate((tmp_path / "a.db", tmp_path / "b.db")):
        with Repository(path) as repo:
            repo.merge(parse_backup(text if n == 0 else export_text(tmp_path / "a.db")))
    assert export_text(tmp_path / "a.db") == export_text(tmp_path / "b.db")
    exported = json.loads(export_text(tmp_path / "a.db"))["processes"][0]
    assert (exported["deadline"], exported["wait_until"]) == ("2026-12-11", "2026-12-14")
    assert exported["interviews"][0]["expect_by"] == "2026-12-04"
    assert [m.get("expect_by") for m in exported["messages"]] == [None, "2026-12-09", None]
    assert "expect_by" not in exported["messages"][0]


def test_a_reimport_takes_the_files_days(tmp_path: Path) -> None:
    """Matched records take the file's values, the new days included (and cleared when the file clears them)."""
    path = tmp_path / "n.db"
    with Repository(path) as repo:
        repo.merge(parse_backup(json.dumps(_backup())))
        repo.merge(parse_backup(json.dumps(_with_days())))
        [process] = repo.processes()
        assert process.deadline == date(2026, 12, 11)
        assert process.interviews[0].expect_by == date(2026, 12, 4)
        assert process.messages[1].expect_by == date(2026, 12, 9)
        repo.merge(parse_backup(json.dumps(_backup(status="offer"))))
        [process] = repo.processes()
    assert process.deadline is None and process.interviews[0].expect_by is None
    assert process.messages[1].expect_by is None


def test_a_search_without_the_days_writes_none_of_them() -> None:
    text = dump_backup(parse_backup(json.dumps(_backup())))
    for name in ("deadline", "wait_until", "expect_by", "timing", "templates"):
        assert f'"{name}"' not in text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["processes"][0]["messages"][2].update(expect_by="2026-12-09"),
            "processes[0].messages[2].expect_by: only a message they sent can promise an answer",
        ),
        (
            lambda d: d["processes"][0]["messages"][0].update(expect_by="2026-12-09"),
            "processes[0].messages[0].expect_by: only a message they sent can promise an answer",
        ),
        (
            lambda d: d["processes"][0].update(deadline="2026-13-01"),
            "processes[0].deadline: not a date (YYYY-MM-DD): '2026-13-01'",
        ),
        (
            lambda d: d["processes"][0].update(wait_until="2026-12-14T10:00"),
            "processes[0].wait_until: not a date (YYYY-MM-DD): '2026-12-14T10:00'",
        ),
        (
            lambda d: d["processes"][0]["interviews"][0].update(expect_by=20261204),
            "processes[0].interviews[0].expect_by: not a date (YYYY-MM-DD): 20261204",
        ),
        (
            lambda d: d["processes"][0]["messages"][1].update(expect_by="3000-01-01"),
            "processes[0].messages[1].expect_by: ",
        ),
        (
            lambda d: d["processes"][0].update(dead_line="2026-12-11"),
            "processes[0].dead_line: unknown field",
        ),
    ],
)
def test_bad_days_are_named_by_their_field_path(change: Any, expected: str) -> None:
    data = _backup()
    change(data)
    assert _problem(data).startswith(expected)


def test_a_deadline_is_allowed_on_any_status() -> None:
    """An application may have a closing date too; only an offer's deadline gets a decide."""
    process = parse_backup(json.dumps(_backup(status="active", deadline="2026-12-11"))).processes[0]
    assert process.deadline == date(2026, 12, 11)


def test_null_days_read_as_unset() -> None:
    data = _backup(deadline=None, wait_until=None)
    data["processes"][0]["messages"][1]["expect_by"] = None
    process = parse_backup(json.dumps(data)).processes[0]
    assert (process.deadline, process.wait_until, process.messages[1].expect_by) == (None, None, None)


def test_every_timing_name_and_template_kind_travels(tmp_path: Path) -> None:
    timing = {f.name: (f.default + 1 if isinstance(f.default, int) else 1) for f in fields(Timing)}
    assert {"application_wait", "application_move_on_gap", "rejected_wait", "promised_answer_wait"} <= set(timing)
    templates = {kind: f"Hi {{first_name}}, about {kind}. {{your_name}}" for kind in TEMPLATE_KINDS}
    assert {"application_follow_up", "rejected"} <= set(templates)
    data = {**_backup(), "settings": {"timing": timing}, "templates": templates}
    with Repository(tmp_path / "n.db") as repo:
        repo.merge(parse_backup(json.dumps(data)))
    exported = json.loads(export_text(tmp_path / "n.db"))
    assert exported["settings"]["timing"] == timing
    assert exported["templates"] == templates


def test_unknown_timing_names_and_template_kinds_are_named() -> None:
    assert _problem({**_backup(), "settings": {"timing": {"application_weight": 7}}}).startswith(
        "settings.timing.application_weight: unknown field"
    )
    assert _problem({**_backup(), "templates": {"rejection": "Hi"}}).startswith("templates.rejection: unknown field")
