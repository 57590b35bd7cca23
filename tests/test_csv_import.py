"""Spreadsheet import (app.csvimport): real CSV files in, processes and clear refusals out.

The sample files in tests/fixtures/csv/ model these layouts:
- generic_template.csv: the columns of the hand-made job-search trackers that
  career guides hand out (Company, Position, Date Applied, Status, Contact,
  Email, Next Interview, Notes, Link), US month-first dates, CRLF line ends.
- huntr_export.csv: a Huntr job export, every cell quoted, the board list in a
  "List" column, "Date Added" beside "Date Applied".
- teal_export.csv: a Teal job tracker export ("Job Position", "Date Saved",
  "Job URL", "Excitement", Teal's status words such as "I Withdrew").
- european_semicolon.csv: Excel on a European Windows: semicolons,
  Windows-1252, day-first dates.
- bom_utf8.csv: Excel's "CSV UTF-8" with its byte order mark.
The Huntr and Teal column names and status words are written from memory of
those products' exports, not checked against their documentation (a search of
the stored public pages found none), so they are plausible shapes rather than
verified copies; the importer maps columns by name and does not depend on them.
"""

from __future__ import annotations

import codecs
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIXTURES, base_env, row_counts

from app.backup import Backup
from app.csvimport import FIELDS, CsvPlan, parse_map_option, plan_csv
from app.csvimport.columns import fold
from app.csvimport.values import STATUS_WORDS, parse_date, parse_status
from app.errors import BadInput
from app.rules.values import INTERVIEW_KINDS, STATUSES, Contact, Interview, Message, Moment, Process
from app.storage.records import ContactRef, ProcessRef
from app.storage.repository import Repository

CSV = FIXTURES / "csv"
GOOD = {
    "generic_template.csv": False,
    "huntr_export.csv": False,
    "teal_export.csv": False,
    "european_semicolon.csv": True,
    "bom_utf8.csv": False,
}
"""Each good sample and whether it needs --dayfirst."""


def _plan(name: str, **options: object) -> CsvPlan:
    return plan_csv((CSV / name).read_bytes(), source=name, **options)  # type: ignore[arg-type]


def _by_company(plan: CsvPlan) -> dict[str, Process]:
    return {p.company: p for p in plan.backup.processes}


def _day(text: str) -> Moment:
    return Moment.parse(text)


def _refusal(raw: bytes, **options: object) -> str:
    with pytest.raises(BadInput) as caught:
        plan_csv(raw, source="sheet.csv", **options)  # type: ignore[arg-type]
    return str(caught.value)


# The sample files ------------------------------------------------------------------


def test_generic_template() -> None:
    plan = _plan("generic_template.csv")
    found = _by_company(plan)
    assert plan.rows == 6
    assert plan.skipped == ((6, "empty"),)
    assert plan.backup.settings is None and not plan.backup.templates

    acme = found["Acme Analytics"]
    assert (acme.role, acme.status, acme.link) == ("Data Engineer", "active", "https://acme.example/jobs/42")
    assert [(c.name, c.role, c.email) for c in acme.contacts] == [("Rita Ray", "other", "rita@acme.example")]
    assert [(i.kind, i.at) for i in acme.interviews] == [("recruiter_screen", _day("2026-03-10T14:00"))]
    assert [(m.at, m.direction, m.purpose, m.contact) for m in acme.messages] == [
        (_day("2026-03-02"), "out", "application", None)
    ]
    assert acme.notes == "Spark + dbt, remote friendly"

    northwind = found["Northwind Traders"]
    assert [(i.kind, i.at) for i in northwind.interviews] == [("onsite", _day("2026-03-18T09:30"))]
    assert northwind.messages[0].at == _day("2026-03-04")

    globex = found["Globex"]
    assert globex.status == "rejected"
    assert globex.notes == 'Rejected after the take-home.\nFeedback: "strong, but not senior enough"'
    assert globex.messages[0].at == _day("2026-02-20")

    assert found["Initech"].status == "ghosted"
    assert found["Initech"].messages[0].at == _day("2026-03-04")
    umbrella = found["Umbrella Health"]
    assert (umbrella.status, umbrella.messages, umbrella.interviews) == ("active", (), ())
    hooli = found["Hooli"]
    assert (hooli.role, hooli.status) == ("Site Reliability Engineer", "offer")
    assert [c.name for c in hooli.contacts] == ["Gavin Belson"]


def test_huntr_export() -> None:
    plan = _plan("huntr_export.csv")
    assert plan.mapping == {
        "Company": "company",
        "Job Title": "role",
        "URL": "link",
        "Location": "ignore",
        "Salary": "ignore",
        "List": "status",
        "Date Added": "ignore",
        "Date Applied": "applied",
        "Notes": "notes",
    }
    found = _by_company(plan)
    assert {c: p.status for c, p in found.items()} == {
        "Stark Industries": "active",
        "Wayne Enterprises": "active",
        "Cyberdyne Systems": "active",
        "Tyrell Corp": "offer",
        "Soylent": "rejected",
    }
    assert found["Stark Industries"].messages[0].at == _day("2026-03-01T10:15")
    assert found["Stark Industries"].notes == "Referred by a former colleague"
    # "Interview" with no date cannot become an interview; the word stays in the notes.
    assert found["Wayne Enterprises"].interviews == ()
    assert found["Wayne Enterprises"].notes == "Stage in the spreadsheet: Interview"
    assert found["Cyberdyne Systems"].messages == ()
    assert found["Cyberdyne Systems"].link is None


def test_teal_export() -> None:
    plan = _plan("teal_export.csv")
    assert plan.mapping["Job Position"] == "role"
    assert plan.mapping["Job URL"] == "link"
    assert {plan.mapping[k] for k in ("Date Saved", "Excitement", "Min Salary")} == {"ignore"}
    assert (plan.mapping["Deadline"], plan.mapping["Follow Up"]) == ("deadline", "wait_until")
    found = _by_company(plan)
    assert {c: p.status for c, p in found.items()} == {
        "Aperture Science": "active",
        "Black Mesa": "active",
        "Initrode": "active",
        "Vault-Tec": "offer",
        "Massive Dynamic": "rejected",
        "Oscorp": "withdrawn",
        "Virtucon": "ghosted",
    }
    aperture = found["Aperture Science"]
    assert (aperture.role, aperture.link) == ("Test Engineer", "https://aperture.example/jobs/12")
    assert aperture.messages[0].at == _day("2026-03-02")
    assert (aperture.deadline, aperture.wait_until) == (None, date(2026, 3, 9))
    assert found["Initrode"].deadline == date(2026, 3, 31)  # a posting's closing date: kept, no decide (not an offer)
    assert found["Oscorp"].notes == "Relocation not possible"


def test_european_semicolon_latin1_dayfirst() -> None:
    plan = _plan("european_semicolon.csv", dayfirst=True)
    assert plan.reading == "Windows-1252, semicolon-separated"
    found = _by_company(plan)
    muller = found["Müller & Söhne GmbH"]
    assert muller.role == "Softwareentwickler"
    assert [(c.name, c.role, c.email) for c in muller.contacts] == [("José Núñez", "recruiter", "jose@mueller.example")]
    assert muller.messages[0].at == _day("2026-03-04")
    assert [(i.kind, i.at) for i in muller.interviews] == [("recruiter_screen", _day("2026-03-12T10:30"))]
    assert muller.notes == "Gehalt 65.000 €, hybrid"
    societe = found["Société Générale"]
    assert [(i.kind, i.at) for i in societe.interviews] == [("final", _day("2026-02-25T14:30"))]
    assert societe.messages[0].at == _day("2026-02-17")
    assert societe.notes == "Entretien «final» à Paris"
    assert found["Škoda Auto"].status == "ghosted"


def test_dayfirst_is_needed_and_said_for_day_first_files() -> None:
    message = _refusal((CSV / "european_semicolon.csv").read_bytes())
    assert "row 3, column 'Applied On'" in message
    assert "'17/02/2026'" in message and "--dayfirst" in message


def test_dayfirst_switches_the_reading_of_ambiguous_dates() -> None:
    raw = b"Company,Role,Applied\nAcme,Engineer,4/3/2026\n"
    assert plan_csv(raw).backup.processes[0].messages[0].at == _day("2026-04-03")
    assert plan_csv(raw, dayfirst=True).backup.processes[0].messages[0].at == _day("2026-03-04")
    # ISO dates never depend on the switch.
    iso = b"Company,Role,Applied\nAcme,Engineer,2026-03-04\n"
    assert plan_csv(iso, dayfirst=True).backup.processes[0].messages[0].at == _day("2026-03-04")


def test_utf8_with_bom() -> None:
    plan = _plan("bom_utf8.csv")
    assert plan.reading == "UTF-8 with BOM, comma-separated"
    assert plan.mapping["Employer"] == "company"  # the BOM is not part of the first header
    assert plan.mapping["E-mail"] == "email"
    kaisha = _by_company(plan)["株式会社カイシャ"]
    assert [(c.name, c.role, c.email) for c in kaisha.contacts] == [("Sato Hana", "recruiter", "sato@kaisha.example")]
    assert [(i.kind, i.at) for i in kaisha.interviews] == [("other", _day("2026-03-12"))]
    assert kaisha.notes == "面接は英語"
    assert _by_company(plan)["Zürich Re"].contacts == ()


# Merging into a real database ----------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOOD))
def test_reimport_merges_nothing_new(tmp_path: Path, name: str) -> None:
    plan = _plan(name, dayfirst=GOOD[name])
    count = len(plan.backup.processes)
    with Repository(tmp_path / "n.db") as repo:
        first = repo.merge(plan.backup_over(repo.processes()))
        assert first.processes_added == count
        after_first = repo.snapshot()
        again = repo.merge(plan.backup_over(repo.processes()))
        plain = repo.merge(plan.backup)
        assert repo.snapshot() == after_first
    for report in (again, plain):
        assert (report.processes_added, report.processes_updated) == (0, count)
        assert (report.contacts_added, report.interviews_added, report.messages_added) == (0, 0, 0)
    assert plan.summary(again) == (
        f"{name}: {plan.rows} rows read; 0 processes added, {count} already there; "
        "0 contacts, 0 interviews, 0 messages added" + ("; skipped row 6 (empty)" if plan.skipped else "")
    )


def test_reimport_keeps_what_the_dashboard_added(tmp_path: Path) -> None:
    plan = _plan("generic_template.csv")
    with Repository(tmp_path / "n.db") as repo:
        repo.merge(plan.backup_over(repo.processes()))
        acme = next(p for p in repo.processes() if p.company == "Acme Analytics")
        repo.update_process(acme.id, notes="Spark + dbt, remote friendly\nAsked about on-call.", country="DE")
        repo.update_process(acme.id, link=None)
        rita = acme.contacts[0]
        assert repo.remove(ContactRef(ProcessRef(acme.id, acme.company, acme.role), rita.id, rita.name))
        rita = Contact(name="Rita Ray", role="recruiter", email=None, phone="+49 30 1234", direct_ok=True)
        repo.add_contact(acme.id, rita)
        report = repo.merge(plan.backup_over(repo.processes()))
        kept = next(p for p in repo.processes() if p.company == "Acme Analytics")
    assert (report.processes_added, report.contacts_added, report.interviews_added, report.messages_added) == (
        0,
        0,
        0,
        0,
    )
    assert kept.notes == "Spark + dbt, remote friendly\nAsked about on-call."
    assert kept.country == "DE"
    assert kept.link == "https://acme.example/jobs/42"  # the file gives it back
    assert [(c.name, c.role, c.email, c.phone, c.direct_ok) for c in kept.contacts] == [
        ("Rita Ray", "recruiter", "rita@acme.example", "+49 30 1234", True)
    ]


def test_a_changed_status_is_previewed_and_followed(tmp_path: Path) -> None:
    raw = (CSV / "generic_template.csv").read_bytes()
    with Repository(tmp_path / "n.db") as repo:
        repo.merge(plan_csv(raw).backup)
        changed = plan_csv(raw.replace(b"Phone screen", b"Rejected"), source="sheet.csv")
        preview = changed.preview(repo.processes())
        assert "Already tracked: 6" in preview
        assert "row 2: Acme Analytics - Data Engineer: status active -> rejected" in preview
        repo.merge(changed.backup_over(repo.processes()))
        statuses = {p.company: p.status for p in repo.processes()}
    assert statuses["Acme Analytics"] == "rejected"


def test_a_file_without_status_leaves_stored_statuses_alone(tmp_path: Path) -> None:
    with Repository(tmp_path / "n.db") as repo:
        repo.merge(plan_csv(b"Company,Role,Status\nAcme,Engineer,Ghosted\n").backup)
        again = plan_csv(b"Company,Role,Notes\nAcme,Engineer,Met at a meetup\n")
        repo.merge(again.backup_over(repo.processes()))
        (acme,) = repo.processes()
    assert (acme.status, acme.notes) == ("ghosted", "Met at a meetup")


def test_an_event_logged_by_hand_on_the_same_day_is_not_added_twice(tmp_path: Path) -> None:
    with Repository(tmp_path / "n.db") as repo:
        repo.merge(plan_csv(b"Company,Role\nAcme,Engineer\n").backup)
        (acme,) = repo.processes()
        repo.add_message(
            acme.id,
            Message(at=_day("2026-03-02T09:00"), direction="out", contact=None, purpose="application", channel="email"),
        )
        repo.add_interview(acme.id, Interview(kind="technical", at=_day("2026-03-10T14:00")))
        sheet = plan_csv(b"Company,Role,Applied,Interview Date,Stage\nAcme,Engineer,3/2/2026,3/10/2026,Onsite\n")
        report = repo.merge(sheet.backup_over(repo.processes()))
        (acme,) = repo.processes()
    assert (report.interviews_added, report.messages_added) == (0, 0)
    assert [(i.kind, i.at) for i in acme.interviews] == [("technical", _day("2026-03-10T14:00"))]


def test_long_or_odd_cells_are_quoted_short_in_messages() -> None:
    message = _refusal(b"Company,Role,Status\nAcme,Engineer," + b"x" * 5000 + b"\n")
    assert "unknown status 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'" in message
    assert len(message) < 400
    message = _refusal(b'Company,Role,"Sta\ntus"\nAcme,Engineer,"so\ton"\n', overrides={"Sta tus": "status"})
    assert "column 'Sta\\ntus': unknown status 'so\\ton'" in message
    assert "--map 'Sta tus=ignore'" in message


def test_the_preview_shows_the_mapping_and_the_first_rows() -> None:
    text = _plan("teal_export.csv").preview(limit=2)
    assert text.splitlines()[:4] == [
        "teal_export.csv: UTF-8, comma-separated; 7 rows",
        "Columns:",
        "  Company       -> company",
        "  Job Position  -> role",
    ]
    assert "  Excitement    -> ignored" in text
    assert "First 2 of 7 processes:" in text
    assert "  row 2: Aperture Science - Test Engineer | active | applied 2026-03-02 |" in text
    assert "Initrode" not in text
    generic = _plan("generic_template.csv").preview()
    assert "Rita Ray (contact) <rita@acme.example>" in generic
    assert "Skipped: row 6 (empty)" in generic


# Mapping columns ---------------------------------------------------------------------


def test_headers_are_matched_without_case_spacing_or_punctuation() -> None:
    raw = b"COMPANY_NAME ; job-title ; date  applied: ; E-Mail ; Recruiter\nAcme;Engineer;2026-03-02;r@a.example;Rita\n"
    plan = plan_csv(raw)
    assert list(plan.mapping.values()) == ["company", "role", "applied", "email", "recruiter"]
    assert fold(" Date_Applied: ") == "date applied"


def test_overrides_pick_fields_for_columns() -> None:
    plan = _plan("huntr_export.csv", overrides={"location": "notes", "Date Added": "applied", "Date Applied": "ignore"})
    assert plan.mapping["Location"] == "notes"
    stark = _by_company(plan)["Stark Industries"]
    assert stark.notes == "Location: Los Angeles, CA\nNotes: Referred by a former colleague"
    assert stark.messages[0].at == _day("2026-02-25T09:12")
    assert "  Date Added    -> applied (--map)" in plan.preview()


def test_a_column_without_a_name_can_be_picked_by_number() -> None:
    plan = plan_csv(b"Company,,Status\nAcme,Engineer,Applied\n", overrides={"#2": "role"})
    assert plan.backup.processes[0].role == "Engineer"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"Location": "salary"}, "unknown field 'salary' (fields: company, role, status"),
        ({"Town": "notes"}, "the file has no column 'Town' (its columns: 'Company', 'Job Title'"),
        ({"Company": "ignore"}, "no company column"),
    ],
)
def test_bad_overrides_are_refused_clearly(overrides: dict[str, str], expected: str) -> None:
    message = _refusal((CSV / "huntr_export.csv").read_bytes(), overrides=overrides)
    assert expected in message


def test_parse_map_option() -> None:
    assert parse_map_option("Job Title=role") == ("Job Title", "role")
    assert parse_map_option(" Stage = Status ") == ("Stage", "status")
    assert parse_map_option("Hiring Manager=hiring-manager") == ("Hiring Manager", "hiring_manager")
    with pytest.raises(BadInput, match=r"write it as COLUMN=FIELD"):
        parse_map_option("Job Title")
    with pytest.raises(BadInput, match=r"unknown field 'job' \(fields: company, role"):
        parse_map_option("Title=job")
    assert set(FIELDS) >= {"company", "role", "status", "applied", "interview", "contact", "notes", "link", "ignore"}


def test_two_columns_for_one_field_are_refused() -> None:
    message = _refusal(b"Company,Employer,Role\nAcme,Acme Inc,Engineer\n")
    assert "columns 'Company' and 'Employer' would both fill company" in message
    assert "--map 'Employer=ignore'" in message


def test_a_status_and_a_stage_column_are_read_together() -> None:
    raw = b"Company,Role,Status,Stage,Interview Date\nAcme,Engineer,Rejected,Onsite,2026-03-10\n"
    (acme,) = plan_csv(raw).backup.processes
    assert acme.status == "rejected"
    assert [(i.kind, i.at) for i in acme.interviews] == [("onsite", _day("2026-03-10"))]
    message = _refusal(b"Company,Role,Status,Stage\nAcme,Engineer,Rejected,Offer\n")
    assert "row 2, column 'Stage': 'Status' says 'Rejected' but this column says 'Offer'" in message


# Reading bytes ------------------------------------------------------------------------


def test_tab_separated_utf16_as_excel_writes_unicode_text() -> None:
    raw = codecs.BOM_UTF16_LE + "Company\tRole\tNotes\nÅland Bank\tEngineer\ta, b; c\n".encode("utf-16-le")
    plan = plan_csv(raw)
    assert plan.reading == "UTF-16, tab-separated"
    assert plan.backup.processes[0].company == "Åland Bank"
    assert plan.backup.processes[0].notes == "a, b; c"


def test_the_delimiter_is_counted_on_the_header_not_the_data() -> None:
    raw = b"Company;Role;Notes\nAcme;Engineer;Berlin, Germany, hybrid, 4 days\n"
    assert plan_csv(raw).backup.processes[0].notes == "Berlin, Germany, hybrid, 4 days"


def test_an_excel_sep_line_names_the_delimiter() -> None:
    plan = plan_csv(b"sep=|\nCompany|Role,Title\nAcme|Engineer, Data\n", overrides={"Role,Title": "role"})
    assert plan.backup.processes[0].role == "Engineer, Data"


def test_latin1_bytes_that_are_not_windows_1252_still_read() -> None:
    plan = plan_csv(b"Company,Role,Other\nCaf\xe9,Engineer,\x81\n")
    assert plan.reading == "Latin-1, comma-separated"
    assert plan.backup.processes[0].company == "Café"
    # 0x81 read as Latin-1 is the C1 control U+0081: refused with its row and column, as every control is.
    message = _refusal(b"Company,Role\nCaf\xe9 \x81,Engineer\n")
    assert "row 2, column 'Company': contains a control character (U+0081)" in message


def test_an_exact_repeat_is_skipped_and_a_conflicting_one_refused() -> None:
    plan = plan_csv(b"Company,Role,Status\nAcme,Engineer,Applied\n\nAcme,Engineer,applied\n")
    assert plan.skipped == ((3, "empty"), (4, "same as row 2"))
    message = _refusal(b"Company,Role,Status\nAcme,Engineer,Applied\nAcme,Engineer,Rejected\n")
    assert message.startswith("sheet.csv, row 3: 'Acme' - 'Engineer' is also on row 2, with other details")


def test_empty_rows_are_told_as_ranges() -> None:
    plan = plan_csv(b"Company,Role\nAcme,Engineer\n,\n,\n,\nGlobex,Analyst\n,\n")
    assert plan.skipped == ((3, "empty"), (4, "empty"), (5, "empty"), (7, "empty"))
    assert "Skipped: rows 3-5 (empty), row 7 (empty)" in plan.preview()


# Refusals: the bad sample files and the database left as it was ------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "bad_missing_company.csv",
            "bad_missing_company.csv: no company column: none of the columns ('Position', 'Status', "
            "'Date Applied') is named like one; point at it with --map 'COLUMN=company'",
        ),
        (
            "bad_broken_quoting.csv",
            'bad_broken_quoting.csv: broken quoting in the row starting on line 2: a " inside a quoted cell '
            'must be doubled ("")',
        ),
        (
            "bad_unknown_status.csv",
            "bad_unknown_status.csv, row 3, column 'Status': unknown status 'Archived' (Nudge knows applied,",
        ),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(tmp_path: Path, name: str, expected: str) -> None:
    db = tmp_path / "n.db"
    with Repository(db) as repo:
        repo.merge(_plan("generic_template.csv").backup)
    before = row_counts(db)
    with pytest.raises(BadInput) as caught, Repository(db) as repo:
        plan = _plan(name)
        repo.merge(plan.backup_over(repo.processes()))
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)
    assert row_counts(db) == before
    if name == "bad_unknown_status.csv":
        assert "--map 'Status=ignore'" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "sheet.csv: the file is empty"),
        (b"  \r\n\n", "sheet.csv: the file is empty"),
        (b"\n,,\n", "sheet.csv: the file has no header row"),
        (b"Company,Role\r\n", "sheet.csv: the file has a header (row 1) but no rows under it"),
        (b"Company,Role\n,\n", "sheet.csv: the file has a header (row 1) but no rows under it"),
        (b"PK\x03\x04\x14\x00\x06\x00", "sheet.csv: this is a spreadsheet workbook (.xlsx or .ods), not CSV"),
        (b"Company,Role\nAc\x00me,x\n", "sheet.csv: the file holds NUL bytes"),
        (b"Company,Company\nAcme,Acme\n", "sheet.csv: columns 1 and 2 have the same name"),
        (b"Company,company \nAcme,Acme\n", "sheet.csv: columns 1 and 2 have the same name"),
        (b"Company,Notes\nAcme,x\n", "sheet.csv: no role column"),
        (b'Company,Role\nAcme,"Engineer\n', "sheet.csv: broken quoting: a quoted cell in the row starting on line 2"),
        (
            b"Company,Role\nAcme,Engineer,Berlin\n",
            "sheet.csv, row 2: 3 cells but the header has 2; a cell holding a comma needs quotes",
        ),
        (b"Company,Role\nAcme,\n", "sheet.csv, row 2, column 'Role': empty, but every row needs a role"),
        (b"Company,Role\n,Engineer\n", "sheet.csv, row 2, column 'Company': empty, but every row needs a company"),
        (b"Company,Role,Applied\nA,B,March\n", "sheet.csv, row 2, column 'Applied': 'March': not a whole date"),
        (b"Company,Role,Applied\nA,B,46085\n", "'46085': a spreadsheet's serial day number"),
        (b"Company,Role,Applied\nA,B,2/30/2026\n", "'2/30/2026': 2026-02-30 is not a day of the calendar"),
        (b"Company,Role,Applied\nA,B,soon\n", "'soon': not a date"),
        (b"Company,Role,Applied\nA,B,3/4/1776\n", "'3/4/1776': the year is out of range"),
        (
            b"Company,Role,Notes\nA,B," + b"x" * 100_001 + b"\n",
            "sheet.csv, row 2 (notes): too long (100001 characters; at most 100000)",
        ),
    ],
)
def test_broken_files_get_one_clear_line(raw: bytes, expected: str) -> None:
    message = _refusal(raw)
    assert expected in message
    assert "\n" not in message


# Cells --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("2026-03-04", False, Moment(datetime(2026, 3, 4), False)),
        ("2026-03-04", True, Moment(datetime(2026, 3, 4), False)),
        ("3/4/2026", False, Moment(datetime(2026, 3, 4), False)),
        ("3/4/2026", True, Moment(datetime(2026, 4, 3), False)),
        ("03.04.26", True, Moment(datetime(2026, 4, 3), False)),
        ("Mar 4, 2026", False, Moment(datetime(2026, 3, 4), False)),
        ("Mar 4, 2026", True, Moment(datetime(2026, 3, 4), False)),
        ("4 March 2026", False, Moment(datetime(2026, 3, 4), False)),
        ("Wednesday, March 4, 2026", False, Moment(datetime(2026, 3, 4), False)),
        ("2026-03-04 14:00", False, Moment(datetime(2026, 3, 4, 14, 0))),
        ("2026-03-04T14:00:00.000Z", True, Moment(datetime(2026, 3, 4, 14, 0))),
        ("3/4/2026 2:30 PM", False, Moment(datetime(2026, 3, 4, 14, 30))),
        ("3/4/2026 12:05 am", False, Moment(datetime(2026, 3, 4, 0, 5))),
        ("4 Mar 2026 09:15", True, Moment(datetime(2026, 3, 4, 9, 15))),
        ("2026/03/04", True, Moment(datetime(2026, 3, 4), False)),
        ("", False, None),
        ("   ", True, None),
    ],
)
def test_dates_in_spreadsheet_forms(text: str, dayfirst: bool, expected: Moment | None) -> None:
    assert parse_date(text, dayfirst=dayfirst) == expected


@pytest.mark.parametrize(
    "text",
    ["March", "Mar 2026", "2026", "3/4", "Tuesday", "10am", "13/13/2026", "3/4/2026 25:00", "0/1/2026", "next week"],
)
def test_partial_or_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_month_first_files_refuse_a_day_above_twelve_instead_of_swapping() -> None:
    with pytest.raises(ValueError, match="--dayfirst"):
        parse_date("17/02/2026")
    assert parse_date("17/02/2026", dayfirst=True) == Moment(datetime(2026, 2, 17), False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Applied", ("active", None)),
        ("  wish-list ", ("active", None)),
        ("Phone Screen", ("active", "recruiter_screen")),
        ("Take-home", ("active", "technical")),
        ("On-site", ("active", "onsite")),
        ("Final Round", ("active", "final")),
        ("In progress", ("active", None)),
        ("Offer", ("offer", None)),
        ("Accepted", ("accepted", None)),
        ("Declined", ("declined", None)),
        ("Rejected", ("rejected", None)),
        ("I Withdrew", ("withdrawn", None)),
        ("No Response 🔕", ("ghosted", None)),
        ("ghosted", ("ghosted", None)),
        ("", None),
    ],
)
def test_statuses(text: str, expected: tuple[str, str | None] | None) -> None:
    assert parse_status(text) == expected


def test_every_status_word_names_a_real_status_and_kind() -> None:
    for status, kind in STATUS_WORDS.values():
        assert status in STATUSES
        assert kind is None or kind in INTERVIEW_KINDS
    with pytest.raises(ValueError):
        parse_status("Archived")


# Properties: nothing but BadInput, whatever the bytes -------------------------------

_TOKENS = [*'ab ,;\t"\n\r/-:.0123456789éß€', "Applied", "Phone screen", "Offer", "2026-03-04", "3/4/2026", "Mar"]
_CELL = st.lists(st.sampled_from(_TOKENS), max_size=8).map("".join)
_HEADER = st.sampled_from(["Company", "Role", "Status", "Date Applied", "Interview Date", "Notes", "Email", "X", ""])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_give_a_plan_or_bad_input(raw: bytes) -> None:
    _only_bad_input(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_HEADER, min_size=1, max_size=6),
    st.lists(st.lists(_CELL, max_size=7), max_size=6),
    st.sampled_from([",", ";", "\t"]),
    st.booleans(),
)
def test_random_csv_text_gives_a_plan_or_bad_input(
    header: list[str], rows: list[list[str]], sep: str, dayfirst: bool
) -> None:
    text = "\n".join(sep.join(cells) for cells in [header, *rows])
    _only_bad_input(text.encode("utf-8"), dayfirst=dayfirst)


def _only_bad_input(raw: bytes, *, dayfirst: bool = False) -> None:
    try:
        plan = plan_csv(raw, dayfirst=dayfirst)
    except BadInput as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(plan.backup, Backup)
    assert plan.preview()
    assert plan.backup_over(plan.backup.processes) == plan.backup_over(())


# The command-line path stays light ------------------------------------------------


def test_the_package_loads_neither_textual_nor_storage(tmp_path: Path) -> None:
    code = (
        "import sys, app.csvimport\n"
        "print(sorted(m for m in ('textual', 'sqlmodel', 'sqlalchemy') if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=tmp_path, timeout=60, check=True, env=base_env(tmp_path)
    )
    assert run.stdout.decode().strip() == "[]"
