"""The backup format (docs/formats.md): round trips, idempotent and all-or-nothing import, exact errors."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from support import DEMO, DEMO_DAY, export_text, row_counts

from app.backup import Backup, dump_backup, parse_backup
from app.demo import demo_backup
from app.errors import BadInput, StorageError
from app.rules.values import Contact, Interview, Message, Moment, Process, Settings
from app.storage.repository import Repository


def _import(path: Path, text: str | bytes) -> None:
    with Repository(path) as repo:
        repo.merge(parse_backup(text))


def _minimal(**process: Any) -> dict[str, Any]:
    """A one-process backup as JSON data, with `process` fields added or replaced."""
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
                    {"at": "2026-12-07T09:00", "direction": "out", "contact": "Rita Ray", "purpose": "follow_up"}
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


# Round trips -----------------------------------------------------------------


def test_demo_round_trip_is_byte_identical(tmp_path: Path) -> None:
    first = dump_backup(demo_backup(DEMO_DAY))
    _import(tmp_path / "a.db", first)
    exported = export_text(tmp_path / "a.db")
    _import(tmp_path / "b.db", exported)
    assert export_text(tmp_path / "b.db") == exported
    # The demo, as Nudge writes it, is already canonical: nothing moved on the way.
    assert exported == first
    assert json.loads(exported)["processes"][0]["company"] == "Acme Analytics"


def test_documented_backup_example_round_trip(tmp_path: Path, example_text: str) -> None:
    _import(tmp_path / "a.db", example_text)
    exported = export_text(tmp_path / "a.db")
    # Every field of the example survives (the example already spells out every field).
    assert json.loads(exported) == json.loads(example_text)
    _import(tmp_path / "b.db", exported)
    assert export_text(tmp_path / "b.db") == exported


def test_dump_of_parse_is_canonical(example_text: str) -> None:
    canonical = dump_backup(parse_backup(example_text))
    assert canonical.endswith("}\n")
    assert dump_backup(parse_backup(canonical)) == canonical
    assert dump_backup(parse_backup(canonical.encode("utf-8"))) == canonical


def test_export_keeps_date_only_times_and_seconds(tmp_path: Path) -> None:
    data = _minimal(
        interviews=[
            {"kind": "recruiter_screen", "at": "2026-11-30", "with": []},
            {"kind": "technical", "at": "2026-12-02T14:30:15", "with": []},
        ],
        messages=[],
    )
    _import(tmp_path / "a.db", json.dumps(data))
    interviews = json.loads(export_text(tmp_path / "a.db"))["processes"][0]["interviews"]
    assert [i["at"] for i in interviews] == ["2026-11-30", "2026-12-02T14:30:15"]


def test_templates_and_timing_travel_in_the_backup(tmp_path: Path) -> None:
    data = _minimal()
    data["settings"] = {"country": "GB", "subdivision": "SCT", "workdays": ["tue", "mon"], "timing": {"pester_gap": 4}}
    data["templates"] = {"move_on": "Bye {first_name}, from {your_name}."}
    _import(tmp_path / "a.db", json.dumps(data))
    out = json.loads(export_text(tmp_path / "a.db"))
    assert out["settings"] == {
        "country": "GB",
        "subdivision": "SCT",
        "workdays": ["mon", "tue"],
        "days_off": [],
        "your_name": "",
        "timing": {"pester_gap": 4},
    }
    assert out["templates"] == {"move_on": "Bye {first_name}, from {your_name}."}


def test_same_day_messages_with_one_identity_survive_a_round_trip(tmp_path: Path) -> None:
    """Two date-only scheduling emails to the same person on one day: both kept, export re-imports."""
    first = tmp_path / "a.db"
    with Repository(first) as repo:
        pid = repo.add_process(
            Process(company="Acme", role="Dev", contacts=(Contact(name="Rita Ray", role="recruiter"),))
        )
        for text in ("Tuesday works.", "Actually, Wednesday?"):
            repo.add_message(
                pid,
                Message(
                    at=Moment.parse("2026-11-02"), direction="out", contact="Rita Ray", purpose="scheduling", text=text
                ),
            )
    exported = export_text(first)
    _import(tmp_path / "b.db", exported)
    _import(tmp_path / "b.db", exported)
    _import(first, exported)
    assert row_counts(tmp_path / "b.db")["message"] == 2
    assert row_counts(first)["message"] == 2
    assert export_text(tmp_path / "b.db") == exported == export_text(first)


# Idempotence and merging -----------------------------------------------------


def test_importing_twice_leaves_one_copy(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    text = dump_backup(demo_backup(DEMO_DAY))
    with Repository(path) as repo:
        first = repo.merge(parse_backup(text))
    once = row_counts(path)
    with Repository(path) as repo:
        second = repo.merge(parse_backup(text))
    assert row_counts(path) == once
    assert once["process"] == DEMO["process"]
    assert once["interview_contact"] == DEMO["interview_contact"]
    assert (first.processes_added, first.messages_added) == (DEMO["process"], DEMO["message"])
    assert second.summary() == (
        f"0 processes added, {DEMO['process']} already there; 0 contacts, 0 interviews, 0 messages added"
    )
    assert export_text(path) == text


def test_import_merges_by_identity_and_takes_the_files_values(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    _import(path, json.dumps(_minimal()))
    changed = _minimal(
        status="ghosted",
        contacts=[
            {"name": "Rita Ray", "role": "recruiter", "email": "rita@acme.example"},
            {"name": "Omar Haddad", "role": "hiring_manager"},
        ],
        interviews=[
            {"kind": "recruiter_screen", "at": "2026-11-30T10:00", "with": ["Omar Haddad", "Rita Ray"], "notes": "x"}
        ],
        messages=[
            {"at": "2026-12-07T09:00", "direction": "out", "contact": "Rita Ray", "purpose": "follow_up", "text": "t"},
            {"at": "2026-12-07T09:00", "direction": "out", "contact": "Omar Haddad", "purpose": "follow_up"},
        ],
    )
    _import(path, json.dumps(changed))
    assert row_counts(path) == {
        "process": 1,
        "contact": 2,
        "interview": 1,
        "interview_contact": 2,
        "message": 2,
        "setting": 0,
        "template": 0,
    }
    with Repository(path) as repo:
        (process,) = repo.processes()
    assert process.status == "ghosted"
    assert process.contacts[0].email == "rita@acme.example"
    assert process.interviews[0].with_ == ("Omar Haddad", "Rita Ray")
    assert process.interviews[0].notes == "x"
    assert [m.text for m in process.messages if m.contact == "Rita Ray"] == ["t"]


def test_settings_in_the_file_replace_the_stored_ones(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with Repository(path) as repo:
        repo.save_settings(Settings(country="DE", subdivision="BE", your_name="Old"))
    data = _minimal()
    data["settings"] = {"your_name": "Sam Lee"}
    _import(path, json.dumps(data))
    with Repository(path) as repo:
        assert repo.settings() == Settings(your_name="Sam Lee")
    # A file without settings leaves them alone.
    _import(path, json.dumps(_minimal()))
    with Repository(path) as repo:
        assert repo.settings().your_name == "Sam Lee"


# All or nothing ----------------------------------------------------------------


def test_a_file_whose_last_process_is_invalid_changes_nothing(demo_db: Path) -> None:
    before = export_text(demo_db)
    counts = row_counts(demo_db)
    data = json.loads(before)
    data["settings"]["your_name"] = "Someone Else"
    data["processes"][0]["status"] = "withdrawn"
    data["processes"].append({"company": "New Co", "role": "Dev"})
    data["processes"].append({"company": "Bad Co", "role": "Dev", "interviews": [{"kind": "onsite", "at": "soon"}]})
    bad = len(data["processes"]) - 1
    with pytest.raises(BadInput, match=rf"^processes\[{bad}\]\.interviews\[0\]\.at: not a date: 'soon'$"):
        _import(demo_db, json.dumps(data))
    assert export_text(demo_db) == before
    assert row_counts(demo_db) == counts


def test_a_write_that_fails_midway_rolls_back_the_whole_import(demo_db: Path) -> None:
    """A valid file whose very last row the database refuses: settings, updates and inserts all roll back."""
    with sqlite3.connect(demo_db) as conn:
        conn.execute(
            "CREATE TRIGGER refuse_boom BEFORE INSERT ON message WHEN NEW.text = 'boom' "
            "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END"
        )
    before = export_text(demo_db)
    data = json.loads(before)
    data["settings"]["your_name"] = "Someone Else"
    data["processes"][0]["notes"] = "changed"
    data["processes"].append({"company": "New Co", "role": "Dev"})
    data["processes"][-2]["messages"].append({"at": "2026-11-30", "direction": "out", "text": "boom"})
    with pytest.raises(StorageError, match="breaks a rule of the database") as raised:
        _import(demo_db, json.dumps(data))
    assert "boom" not in str(raised.value)  # the refused row's text is never echoed
    assert export_text(demo_db) == before


# Exact error messages ------------------------------------------------------------


def test_error_names_the_exact_path_of_a_bad_date() -> None:
    data = _minimal()
    process = data["processes"][0]
    data["processes"] = [
        {**process, "role": "A"},
        {**process, "role": "B"},
        {**process, "role": "C", "interviews": [{"kind": "onsite", "at": "2026-13-01"}]},
    ]
    assert _problem(data) == "processes[2].interviews[0].at: not a date: '2026-13-01'"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d.update(extra=1),
            "extra: unknown field (expected one of: format, version, settings, processes, templates)",
        ),
        (lambda d: d.update(settings={"contry": "US"}), "settings.contry: unknown field"),
        (lambda d: d.update(settings={"timing": {"screenwait": 3}}), "settings.timing.screenwait: unknown field"),
        (lambda d: d["processes"][0].update(compnay="Acme"), "processes[0].compnay: unknown field"),
        (lambda d: d["processes"][0]["contacts"][0].update(mail="r@x"), "processes[0].contacts[0].mail: unknown field"),
        (
            lambda d: d["processes"][0]["interviews"][0].update(when="2026-11-30"),
            "processes[0].interviews[0].when: unknown field",
        ),
        (
            lambda d: d["processes"][0]["messages"][0].update(body="hi"),
            "processes[0].messages[0].body: unknown field",
        ),
        (lambda d: d.update(templates={"hello": "Hi"}), "templates.hello: unknown field"),
    ],
)
def test_unknown_fields_are_rejected_where_they_are(change: Any, expected: str) -> None:
    data = _minimal()
    change(data)
    assert _problem(data).startswith(expected)


def test_a_field_given_twice_is_rejected_not_silently_dropped() -> None:
    text = json.dumps(_minimal()).replace('"role": "Data Engineer"', '"role": "Data Engineer", "role": "SRE"')
    with pytest.raises(BadInput) as caught:
        parse_backup(text)
    assert str(caught.value) == "processes[0].role: given twice in the same object (only one value can be kept)"


@pytest.mark.parametrize(
    ("where", "field", "value", "expected"),
    [
        (
            "process",
            "status",
            "open",
            "must be one of active, offer, accepted, declined, rejected, withdrawn, ghosted; ",
        ),
        ("contact", "role", "boss", "must be one of headhunter, recruiter, hiring_manager, interviewer, coordinator, "),
        (
            "interview",
            "kind",
            "lunch",
            "must be one of headhunter_screen, recruiter_screen, hiring_manager, technical, ",
        ),
        (
            "message",
            "purpose",
            "spam",
            "must be one of follow_up, check_in, thank_you, scheduling, application, reply, ",
        ),
        ("message", "direction", "sideways", "must be one of out, in; got 'sideways'"),
        ("message", "channel", 7, "expected text, got a number"),
    ],
)
def test_bad_vocabulary_is_named(where: str, field: str, value: object, expected: str) -> None:
    data = _minimal()
    process = data["processes"][0]
    targets = {
        "process": (process, "processes[0]"),
        "contact": (process["contacts"][0], "processes[0].contacts[0]"),
        "interview": (process["interviews"][0], "processes[0].interviews[0]"),
        "message": (process["messages"][0], "processes[0].messages[0]"),
    }
    target, path = targets[where]
    target[field] = value
    problem = _problem(data)
    assert problem.startswith(f"{path}.{field}: {expected}")
    if isinstance(value, str):
        assert problem.endswith(f"got {value!r}")


def test_signals_are_checked_and_only_inbound_messages_carry_one() -> None:
    data = _minimal()
    data["processes"][0]["messages"][0].update(direction="in", signal="meh")
    assert _problem(data) == "processes[0].messages[0].signal: must be one of positive, neutral, negative; got 'meh'"
    data["processes"][0]["messages"][0].update(direction="out", signal="positive")
    assert _problem(data) == (
        "processes[0].messages[0].signal: only a message from them (direction 'in') carries a signal"
    )


def test_with_and_contact_must_name_a_contact_of_the_same_process() -> None:
    data = _minimal()
    other = copy.deepcopy(data["processes"][0])
    other.update(role="SRE", contacts=[{"name": "Omar Haddad"}], interviews=[], messages=[])
    data["processes"].append(other)
    # Omar is a contact, but of the other process.
    data["processes"][0]["interviews"][0]["with"] = ["Rita Ray", "Omar Haddad"]
    assert _problem(data) == "processes[0].interviews[0].with[1]: no contact named 'Omar Haddad' in this process"
    data["processes"][0]["interviews"][0]["with"] = ["Rita Ray"]
    data["processes"][0]["messages"][0]["contact"] = "Omar Haddad"
    assert _problem(data) == "processes[0].messages[0].contact: no contact named 'Omar Haddad' in this process"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(settings={"country": "XX"}), "settings.country: unknown country code 'XX'"),
        (lambda d: d["processes"][0].update(country="ZZ"), "processes[0].country: unknown country code 'ZZ'"),
        (
            lambda d: d["processes"][0].update(country="US", subdivision="QQ"),
            "processes[0].subdivision: unknown subdivision 'QQ' for US",
        ),
        (lambda d: d["processes"][0].update(subdivision="CA"), "processes[0].subdivision: a subdivision needs"),
    ],
)
def test_unknown_places_are_bad_input(change: Any, expected: str) -> None:
    data = _minimal()
    change(data)
    assert _problem(data).startswith(expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"format": "nudge-backup", "processes": [{"company": "Caf\xe9"}]}', "not UTF-8 text (byte 57)"),
        (b"company,role\nAcme,Dev\n", "not valid JSON: Expecting value at line 1, column 1"),
        (b"", "not valid JSON: Expecting value at line 1, column 1"),
        (b'{"format": "nudge-backup", "version": NaN}', "not valid JSON: NaN is not allowed"),
        (b"[]", "expected an object, got a list"),
        (b'{"format": "other-app", "version": 1}', 'format: not a Nudge backup (expected "nudge-backup", got'),
        (b'{"version": 1}', 'format: not a Nudge backup (expected "nudge-backup", got null)'),
        (b'{"format": "nudge-backup", "version": 2}', "version: written by a newer Nudge (format 2;"),
        (b'{"format": "nudge-backup", "version": "1"}', "version: expected a whole number, got '1'"),
        (b'{"format": "nudge-backup", "version": 0}', "version: unknown format version 0"),
        (b'{"format": "nudge-backup", "version": 1, "processes": {}}', "processes: expected a list, got an object"),
    ],
)
def test_files_that_are_not_backups(raw: bytes, expected: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_backup(raw)
    assert str(caught.value).startswith(expected)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda p: p.update(company="  "), "processes[0].company: must not be empty"),
        (lambda p: p.pop("role"), "processes[0].role: missing"),
        (lambda p: p["contacts"][0].update(direct_ok="yes"), "processes[0].contacts[0].direct_ok: must be true or"),
        (lambda p: p["contacts"].append({"name": "Rita Ray"}), "processes[0].contacts[1]: repeats a contact"),
        (
            lambda p: p["interviews"][0].update(at="2026-11-30T10:00+01:00"),
            "processes[0].interviews[0].at: not a date: '2026-11-30T10:00+01:00' (give a local date-time",
        ),
        (lambda p: p["interviews"][0].update(at=20261130), "processes[0].interviews[0].at: not a date: 20261130"),
        (lambda p: p["interviews"][0].update(at="3000-01-01"), "processes[0].interviews[0].at: date out of range"),
        (lambda p: p["interviews"][0].pop("kind"), "processes[0].interviews[0].kind: missing"),
        (lambda p: p["messages"][0].update(text="a\x00b"), "processes[0].messages[0].text: contains a NUL"),
    ],
)
def test_bad_values_inside_a_process(change: Any, expected: str) -> None:
    data = _minimal()
    change(data["processes"][0])
    assert _problem(data).startswith(expected)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"workdays": ["mon", "funday"]}, "settings.workdays: not a weekday: 'funday'"),
        ({"workdays": []}, "settings.workdays: workdays must name at least one day"),
        ({"days_off": ["2026-02-30"]}, "settings.days_off[0]: not a date (YYYY-MM-DD): '2026-02-30'"),
        ({"timing": {"pester_gap": 0}}, "settings.timing.pester_gap: must be a whole number of business days"),
        ({"your_name": 5}, "settings.your_name: expected text, got a number"),
    ],
)
def test_bad_settings(settings: dict[str, Any], expected: str) -> None:
    data = _minimal()
    data["settings"] = settings
    assert _problem(data).startswith(expected)


def test_a_duplicate_process_is_named() -> None:
    data = _minimal()
    data["processes"].append(copy.deepcopy(data["processes"][0]))
    assert _problem(data) == "processes[1]: repeats a process with this company and role (first at [0])"


def test_defaults_fill_omitted_optional_fields() -> None:
    backup = parse_backup(json.dumps({"format": "nudge-backup", "version": 1, "processes": [_minimal_process()]}))
    assert backup.settings is None
    (process,) = backup.processes
    assert (process.status, process.country, process.link, process.notes) == ("active", None, None, "")
    assert process.contacts == (Contact(name="Rita Ray"),)
    assert process.messages[0].purpose == "other"
    assert process.messages[0].channel == "email"


def _minimal_process() -> dict[str, Any]:
    return {
        "company": "Acme",
        "role": "Dev",
        "contacts": [{"name": "Rita Ray"}],
        "interviews": [{"kind": "other", "at": "2026-11-30"}],
        "messages": [{"at": "2026-12-01", "direction": "in"}],
    }


def test_backup_values_are_plain_and_immutable() -> None:
    backup = parse_backup(json.dumps(_minimal()))
    assert isinstance(backup, Backup)
    assert isinstance(backup.processes, tuple)
    assert isinstance(backup.processes[0].interviews[0], Interview)
    with pytest.raises(AttributeError):
        backup.processes[0].company = "x"  # type: ignore[misc]
