"""app.domain: each word, record and rule defined once, and everyone using that one definition."""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import date, datetime
from enum import StrEnum

import pytest

from app import backup as backup_format
from app.backup import Backup, dump_backup, parse_backup
from app.csvimport import plan as csv_plan
from app.csvimport import plan_csv
from app.domain import (
    VOCABULARIES,
    ActionKind,
    Contact,
    ContactRole,
    Direction,
    Interview,
    InterviewKind,
    Message,
    Moment,
    Process,
    Purpose,
    Signal,
    Status,
)
from app.domain.checks import Invalid, check_process
from app.errors import BadInput
from app.rules import values

LABELS: dict[type[StrEnum], tuple[str, ...]] = {
    Status: ("help",),
    ContactRole: ("label",),
    InterviewKind: ("label", "stage"),
    Direction: ("label", "arrow"),
    Purpose: ("label", "noun"),
    Signal: ("label",),
    ActionKind: ("heading", "short", "label"),
}
"""Every label each vocabulary offers: a new word without one of them fails here, not on a screen."""


@pytest.mark.parametrize("kind", VOCABULARIES, ids=lambda k: k.__name__)
def test_every_word_has_every_label_of_its_vocabulary(kind: type[StrEnum]) -> None:
    for member in kind:
        for name in LABELS.get(kind, ()):
            label = getattr(member, name)
            assert isinstance(label, str) and label.strip(), (member, name)
        assert member == member.value and json.dumps(member) == json.dumps(member.value)


@pytest.mark.parametrize("kind", VOCABULARIES, ids=lambda k: k.__name__)
def test_every_word_is_stored_as_its_own_lower_case_name(kind: type[StrEnum]) -> None:
    for member in kind:
        assert member.value == member.name.lower()


def test_the_declared_order_is_the_order_everyone_lists() -> None:
    assert values.STATUSES == tuple(Status) == (
        "active", "offer", "accepted", "declined", "rejected", "withdrawn", "ghosted",
    )  # fmt: skip
    assert values.ACTIONS == ("prepare", "decide", "thank_you", "check_in", "follow_up", "move_on")
    assert [kind.rank for kind in ActionKind] == list(range(len(ActionKind)))
    assert tuple(InterviewKind) == values.INTERVIEW_KINDS
    assert tuple(ContactRole) == values.CONTACT_ROLES
    assert tuple(Purpose) == values.PURPOSES
    assert tuple(Signal) == values.SIGNALS
    assert tuple(Direction) == values.DIRECTIONS


def test_the_label_maps_elsewhere_are_derived_from_the_vocabularies() -> None:
    from app.exports.common import ACTION_TITLES

    assert {kind: kind.heading for kind in ActionKind} == ACTION_TITLES
    assert {kind: kind.label for kind in InterviewKind} == values.KIND_LABELS
    assert {role: role.label for role in ContactRole} == values.ROLE_LABELS


def test_the_unused_literal_aliases_are_gone() -> None:
    for name in ("Status", "ContactRole", "InterviewKind", "Direction", "Purpose", "ActionKind", "CloseAs"):
        found = getattr(values, name, None)
        assert found is None or (isinstance(found, type) and issubclass(found, StrEnum)), name


@pytest.mark.parametrize(
    ("record", "field", "kind"),
    [
        (Process, "status", Status),
        (Contact, "role", ContactRole),
        (Interview, "kind", InterviewKind),
        (Message, "direction", Direction),
        (Message, "purpose", Purpose),
        (Message, "signal", Signal | None),
    ],
)
def test_record_fields_are_typed_with_their_vocabulary(record: type, field: str, kind: object) -> None:
    """What lets mypy refuse `purpose="thank-you"`: the annotation is the enum, not `str`."""
    assert typing.get_type_hints(record)[field] == kind


@pytest.mark.parametrize("record", [Process, Contact, Interview, Message])
def test_records_are_frozen_and_keyword_only(record: type) -> None:
    params = dataclasses.fields(record)
    assert all(f.kw_only for f in params)
    assert record.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_a_record_built_positionally_is_refused() -> None:
    with pytest.raises(TypeError):
        Process("Acme", "Data Engineer")  # type: ignore[misc]


def test_a_stored_string_becomes_its_member_and_a_stray_word_is_refused() -> None:
    message = Message(at=Moment.parse("2026-11-30"), direction="in", purpose="reply", signal="positive")  # type: ignore[arg-type]
    assert message.direction is Direction.IN and message.purpose is Purpose.REPLY and message.signal is Signal.POSITIVE
    assert Interview(kind="onsite", at=Moment.parse("2026-11-30")).kind.label == "onsite"  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="purpose must be one of follow_up"):
        Message(at=Moment.parse("2026-11-30"), direction="out", purpose="thank-you")  # type: ignore[arg-type]


def test_problems_say_where_they_are_in_the_record() -> None:
    process = Process(
        company="Acme",
        role="Data Engineer",
        contacts=(Contact(name="Rita Ray"),),
        interviews=(Interview(kind=InterviewKind.ONSITE, at=Moment.parse("2026-11-30"), with_=("Rita Ray", "Omar")),),
    )
    with pytest.raises(Invalid) as caught:
        check_process(process)
    assert caught.value.path == ("interviews", 0, "with", 1)
    assert str(caught.value) == "interviews[0].with[1]: no contact named 'Omar' in this process"
    assert caught.value.within("processes", 3).where == "processes[3].interviews[0].with[1]"


def _csv_problem(raw: bytes) -> BadInput:
    with pytest.raises(BadInput) as caught:
        plan_csv(raw, source="sheet.csv")
    return caught.value


def _backup_problem(process: Process) -> BadInput:
    text = dump_backup(Backup(None, (process,)))
    with pytest.raises(BadInput) as caught:
        parse_backup(text)
    return caught.value


@pytest.mark.parametrize(
    ("cells", "process", "field"),
    [
        (
            b"Company,Role\n" + b"A" * 100_001 + b",Engineer\n",
            Process(company="A" * 100_001, role="Engineer"),
            "company",
        ),
        (
            b"Company,Role,Notes\nAcme,Engineer," + b"x" * 100_001 + b"\n",
            Process(company="Acme", role="Engineer", notes="x" * 100_001),
            "notes",
        ),
        (
            b"Company,Role,Interview\nAcme,Engineer,2500-01-01\n",
            Process(
                company="Acme",
                role="Engineer",
                interviews=(Interview(kind=InterviewKind.OTHER, at=Moment.of(date(2500, 1, 1))),),
            ),
            "interviews[0].at",
        ),
        (
            b"Company,Role,Deadline\nAcme,Engineer,2300-06-01\n",
            Process(company="Acme", role="Engineer", deadline=date(2300, 6, 1)),
            "deadline",
        ),
        (
            b"Company,Role,Applied\nAcme,Engineer,2201-01-01 10:00\n",
            Process(
                company="Acme",
                role="Engineer",
                messages=(
                    Message(
                        at=Moment(datetime(2201, 1, 1, 10)),
                        direction=Direction.OUT,
                        purpose=Purpose.APPLICATION,
                        channel="other",
                    ),
                ),
            ),
            "messages[0].at",
        ),
    ],
    ids=["long-company", "long-notes", "interview-out-of-range", "deadline-out-of-range", "applied-out-of-range"],
)
def test_the_spreadsheet_and_the_backup_refuse_a_bad_value_in_the_same_words(
    cells: bytes, process: Process, field: str
) -> None:
    from_csv = _csv_problem(cells)
    from_backup = _backup_problem(process)
    assert from_csv.problem == from_backup.problem
    assert from_backup.where == f"processes[0].{field}"
    assert from_csv.where == f"sheet.csv, row 2 ({field})"


def test_the_spreadsheet_import_checks_records_without_a_trip_through_backup_json() -> None:
    assert csv_plan.check_process is check_process
    assert not hasattr(csv_plan, "parse_backup") and not hasattr(csv_plan, "json")
    assert not hasattr(backup_format, "check_process")


def test_the_forms_use_the_domain_text_rule() -> None:
    from app.domain import checks
    from app.tui import forms

    assert forms.text_problem is checks.text_problem
