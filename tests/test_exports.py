"""Agenda exports: golden files for every format, and what each format promises (docs/formats.md)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from markdown_it import MarkdownIt
from support import DEMO, DEMO_DAY, FIXTURES, agenda_of, assert_golden

from app.backup import Backup
from app.exports import EXTENSIONS, FORMATS, render
from app.exports.csvfmt import COLUMNS, cell
from app.rules.agenda import Agenda
from app.rules.values import ACTIONS, Contact, Interview, Moment, Process, Settings
from app.storage.repository import Repository

EVIL_COMPANY = "Evil\x1b[2J\x1b]0;pwned\x07 Corp\u202e\n===\n# Head\n* item"
EVIL_ROLE = "Dev | <b>x</b> [link](http://e.example) `code` _em_ &amp; $x$"
FORMULA_COMPANY = '=HYPERLINK("http://evil.example","click")'


def _agenda_for(tmp_path: Path, processes: tuple[Process, ...], day: date = DEMO_DAY) -> Agenda:
    path = tmp_path / "agenda.db"
    with Repository(path) as repo:
        repo.merge(Backup(Settings(your_name="Sam Lee"), processes))
    return agenda_of(path, day)


def _screened(company: str, role: str, *contacts: Contact) -> Process:
    """A process whose recruiter screen was on Mon 16 Nov: a follow-up is overdue on 25 Nov."""
    names = tuple(c.name for c in contacts)
    return Process(
        company=company,
        role=role,
        contacts=contacts,
        interviews=(Interview(kind="recruiter_screen", at=Moment.parse("2026-11-16T10:00"), with_=names),),
    )


# Golden files --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_demo_agenda_matches_its_golden_file(demo_db: Path, fmt: str) -> None:
    text = render(agenda_of(demo_db, DEMO_DAY), fmt)
    assert_golden(f"demo_agenda_2026-11-25.{EXTENSIONS[fmt]}", text)
    assert render(agenda_of(demo_db, DEMO_DAY), fmt) == text  # the same agenda always gives the same bytes


def test_golden_files_cover_every_format() -> None:
    names = {p.name for p in (Path(__file__).parent / "golden").glob("demo_agenda_2026-11-25.*")}
    assert names == {f"demo_agenda_2026-11-25.{EXTENSIONS[f]}" for f in FORMATS}


# JSON -------------------------------------------------------------------------------


def test_json_has_the_documented_shape(demo_db: Path) -> None:
    example = json.loads((FIXTURES / "agenda_example.json").read_text())
    data = json.loads(render(agenda_of(demo_db, DEMO_DAY), "json"))
    assert data.keys() == example.keys()
    assert data["date"] == "2026-11-25"
    items = data["due"] + data["upcoming"]
    assert len(data["due"]) == DEMO["due"]
    assert len(data["upcoming"]) == 4
    types = {"process_id": int, "company": str, "role": str, "action": str, "due": str, "overdue": int, "reason": str}
    assert {item["action"] for item in items} == set(ACTIONS)  # the demo shows every kind of action
    for item in items:
        # A move-on also says what it suggests closing as; no other item has the key.
        extra = {"close_as"} if item["action"] == "move_on" else set()
        assert item.keys() == example["due"][0].keys() | extra
        assert item.get("close_as") in ({"ghosted", "rejected"} if extra else {None})
        for key, kind in types.items():
            assert type(item[key]) is kind, key
        assert item["action"] in ACTIONS
        assert date.fromisoformat(item["due"])
        assert item["overdue"] >= 0
        assert item["contact"] is None or item["contact"].keys() == example["due"][0]["contact"].keys()
        if item["action"] in ("prepare", "decide"):
            assert item["message"] is None
        else:
            assert isinstance(item["message"], str)
            assert item["message"]
    assert all(item["due"] <= "2026-11-25" for item in data["due"])
    assert all(item["due"] > "2026-11-25" for item in data["upcoming"])


def test_json_agrees_with_the_documented_example(tmp_path: Path) -> None:
    """The example's data, on the example's date, gives the example's item (the message is a template's)."""
    example = json.loads((FIXTURES / "agenda_example.json").read_text())
    data = json.loads((FIXTURES / "backup_example.json").read_text())
    data["processes"][0]["messages"] = []
    path = tmp_path / "example.db"
    from app.backup import parse_backup

    with Repository(path) as repo:
        repo.merge(parse_backup(json.dumps(data)))
    produced = json.loads(render(agenda_of(path, date(2026, 12, 7)), "json"))
    assert produced["date"] == example["date"]
    (item,) = produced["due"]
    assert item["message"].startswith("Hi Rita,")
    assert {**item, "message": "Hi Rita, ..."} == example["due"][0]
    assert produced["upcoming"] == []


def test_json_contact_is_null_when_no_one_can_be_written_to(tmp_path: Path) -> None:
    agenda = _agenda_for(
        tmp_path,
        (
            Process(
                company="Nobody Inc",
                role="Dev",
                contacts=(Contact(name="Ben Clarke", role="interviewer"),),
                interviews=(Interview(kind="recruiter_screen", at=Moment.parse("2026-11-16"), with_=()),),
            ),
        ),
    )
    (item,) = json.loads(render(agenda, "json"))["due"]
    assert item["action"] == "follow_up"
    assert item["contact"] is None
    assert "no one to contact yet" in item["reason"]
    assert item["message"].startswith("Hi there,")


# iCalendar ------------------------------------------------------------------------


def _events(text: str) -> list[Any]:
    return list(Calendar.from_ical(text).walk("VEVENT"))


def test_ics_parses_with_one_event_and_one_alarm_per_item(demo_db: Path) -> None:
    agenda = agenda_of(demo_db, DEMO_DAY)
    text = render(agenda, "ics")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = _events(text)
    items = [*agenda.due, *agenda.upcoming]
    assert len(events) == len(items) == DEMO["due"] + 4
    assert len({str(e["UID"]) for e in events}) == len(items)
    for event, item in zip(events, items, strict=True):
        start = event["DTSTART"].dt
        assert type(start) is date  # all-day
        assert event["DTEND"].dt == start + timedelta(days=1)
        assert start == max(item.due, DEMO_DAY)  # overdue items show today, upcoming ones on their day
        alarms = list(event.walk("VALARM"))
        # An upcoming decision also reminds the morning before its deadline.
        early = [timedelta(hours=-15)] if item.action == "decide" and item.due > DEMO_DAY else []
        assert [a["TRIGGER"].dt for a in alarms] == [*early, timedelta(hours=9)]
        assert {a["ACTION"] for a in alarms} == {"DISPLAY"}
        assert str(event["SUMMARY"]).endswith(f"{item.company} - {item.role}")
    assert not list(Calendar.from_ical(text).walk("VTODO"))


def test_ics_uids_stay_the_same_for_the_same_action(demo_db: Path) -> None:
    today = agenda_of(demo_db, DEMO_DAY)
    tomorrow = agenda_of(demo_db, DEMO_DAY + timedelta(days=1))
    assert render(today, "ics") == render(agenda_of(demo_db, DEMO_DAY), "ics")

    def uids(agenda: Agenda) -> dict[tuple[int, str, date], str]:
        events = _events(render(agenda, "ics"))
        items = [*agenda.due, *agenda.upcoming]
        return {(a.process_id, a.action, a.due): str(e["UID"]) for a, e in zip(items, events, strict=True)}

    first, second = uids(today), uids(tomorrow)
    same = first.keys() & second.keys()
    assert len(same) >= 6  # everything but today's prepare and what came into the horizon
    for key in same:
        assert first[key] == second[key], key
    # A different action of the same process gets its own UID.
    assert len(set(first.values())) == len(first)


def test_ics_text_is_escaped(tmp_path: Path) -> None:
    rita = Contact(name="Rita Ray", role="recruiter")
    agenda = _agenda_for(tmp_path, (_screened("Semi;colon, Inc\\", "Dev\nOps", rita),))
    text = render(agenda, "ics")
    assert "SUMMARY:Follow up: Semi\\;colon\\, Inc\\\\ - Dev\\nOps\r\n" in text
    (event,) = _events(text)
    assert str(event["SUMMARY"]) == "Follow up: Semi;colon, Inc\\ - Dev\nOps"


def test_an_empty_agenda_renders_in_every_format(tmp_path: Path) -> None:
    agenda = _agenda_for(tmp_path, ())
    assert "Nothing is due today." in render(agenda, "text")
    assert "Nothing is due today." in render(agenda, "md")
    assert json.loads(render(agenda, "json")) == {"date": "2026-11-25", "due": [], "upcoming": []}
    assert render(agenda, "csv") == ",".join(COLUMNS) + "\r\n"
    assert _events(render(agenda, "ics")) == []


# CSV --------------------------------------------------------------------------------


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    agenda = _agenda_for(
        tmp_path,
        (
            _screened(
                FORMULA_COMPANY, "-1+2 Engineer", Contact(name="@Rita", role="recruiter", email="+rita@evil.example")
            ),
        ),
    )
    rows = list(csv.reader(io.StringIO(render(agenda, "csv"), newline="")))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 2  # the header and the follow-up
    for row in rows[1:]:
        record = dict(zip(COLUMNS, row, strict=True))
        assert record["company"] == "'" + FORMULA_COMPANY
        assert record["role"] == "'-1+2 Engineer"
        assert record["contact_name"] == "'@Rita"
        assert record["contact_email"] == "'+rita@evil.example"
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    follow_up = dict(zip(COLUMNS, rows[1], strict=True))
    assert follow_up["action"] == "follow_up"
    assert follow_up["message"].startswith("Hi @Rita,")  # text inside a cell is left alone


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Acme", "Acme"),
        ("", ""),
        (None, ""),
        (3, "3"),
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\ufffd=1"),  # a control is never written, even where it hides a formula
        ("  =1", "'  =1"),
        ("\u00a0=1", "'\u00a0=1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("a=b", "a=b"),
    ],
)
def test_csv_cell(value: object, expected: str) -> None:
    assert cell(value) == expected


# Text and Markdown cannot be broken by what a name contains ------------------------


def test_text_output_carries_no_control_characters(tmp_path: Path) -> None:
    agenda = _agenda_for(
        tmp_path, (_screened(EVIL_COMPANY, EVIL_ROLE, Contact(name="Rita\x9b31m Ray", role="recruiter")),)
    )
    text = render(agenda, "text")
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    headlines = [line for line in text.splitlines() if re.match(r"^ ?\d+\. ", line)]
    assert headlines == [
        " 1. Follow up: Evil[2J]0;pwned Corp === # Head * item - " + EVIL_ROLE + "  [since Mon 23 Nov, "
        "2 business days overdue]",
    ]
    assert "    To:  Rita31m Ray (recruiter)" in text.splitlines()


def _markdown_tokens(text: str) -> list[Any]:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse(text)
    flat = list(tokens)
    for token in tokens:
        flat.extend(token.children or ())
    return flat


def _shown(inline: Any) -> str:
    """What a reader sees of an inline token: its text, with escapes resolved."""
    return "".join(child.content for child in inline.children if child.type == "text")


def test_markdown_structure_survives_hostile_names(tmp_path: Path) -> None:
    agenda = _agenda_for(tmp_path, (_screened(EVIL_COMPANY, EVIL_ROLE, Contact(name="Rita_Ray*", role="recruiter")),))
    text = render(agenda, "md")
    assert "\x1b" not in text
    tokens = _markdown_tokens(text)
    headings = [(t.tag, _shown(tokens[i + 1])) for i, t in enumerate(tokens) if t.type == "heading_open"]
    title = "Evil[2J]0;pwned Corp === # Head * item - " + EVIL_ROLE
    assert headings == [
        ("h1", "Nudge agenda for Wed 25 Nov 2026"),
        ("h2", "To do today"),
        ("h3", f"Follow up: {title}"),
        ("h2", "Coming up in the next 5 business days"),
    ]
    kinds = {t.type for t in tokens}
    for markup in (
        "html_inline",
        "html_block",
        "link_open",
        "code_inline",
        "code_block",
        "fence",
        "table_open",
        "s_open",
    ):
        assert markup not in kinds, markup
    # The only emphasis is Nudge's own "**When:**" labels.
    strong = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "strong_open"]
    assert set(strong) == {"When:", "To:", "Why:"}
    assert "em_open" not in kinds
    # The entity is shown as typed, not decoded.
    assert any("&amp; $x$" in _shown(t) for t in tokens if t.type == "inline")


def test_markdown_of_the_demo_renders_as_intended(demo_db: Path) -> None:
    agenda = agenda_of(demo_db, DEMO_DAY)
    items = [*agenda.due, *agenda.upcoming]
    tokens = _markdown_tokens(render(agenda, "md"))
    assert [t.tag for t in tokens if t.type == "heading_open"].count("h3") == len(items)
    # Every item but the prepares and the decide quotes its message.
    assert (
        sum(t.type == "blockquote_open" for t in tokens) == sum(i.message is not None for i in items) == len(items) - 3
    )
    # The only links are the contacts' e-mail addresses, written <rita@acme.example> as typed.
    links = {t.attrs["href"] for t in tokens if t.type == "link_open"}
    emails = {f"mailto:{i.contact.email}" for i in items if i.contact is not None and i.contact.email}
    assert links == emails and links


def test_text_says_since_for_an_item_due_before_a_weekend(tmp_path: Path) -> None:
    """Due Fri 4 Dec, read on Sat 5 Dec: not a business day overdue yet, but not upcoming either."""
    process = Process(
        company="Acme",
        role="Dev",
        contacts=(Contact(name="Rita Ray", role="recruiter"),),
        interviews=(Interview(kind="recruiter_screen", at=Moment.parse("2026-11-27"), with_=("Rita Ray",)),),
    )
    agenda = _agenda_for(tmp_path, (process,), day=date(2026, 12, 5))
    (item,) = agenda.due
    assert (item.due, item.overdue) == (date(2026, 12, 4), 0)
    assert "  [since Fri 4 Dec]" in render(agenda, "text")
