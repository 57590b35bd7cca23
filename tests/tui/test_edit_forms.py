"""Edit forms, the delete dialog and the forms' thinking defaults, each run for real on a small host app.

Every edit form opens prefilled from a stored record (every stored field is on
screen), saves with ctrl+s into `Edited` (the changed fields only), is checked
as when adding, and stays open with what was typed when the save fails.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from app.domain import ContactRole, Direction, InterviewKind, Purpose, Signal, Status
from app.rules.calendar import BusinessCalendar
from app.rules.values import Contact, Interview, Message, Moment, Process
from app.tui.dialogs import CancelledDialog, DeleteDialog, delete_question
from app.tui.forms import (
    ContactForm,
    EditContactForm,
    Edited,
    EditInterviewForm,
    EditMessageForm,
    EditProcessForm,
    FormScreen,
    InterviewCancelled,
    MessageForm,
    ProcessForm,
)

from .conftest import DAY, sync
from .driving import retype, save

CAL = BusinessCalendar("US")

RITA = Contact(
    name="Rita Ray",
    role=ContactRole.RECRUITER,
    email="rita@acme.example",
    phone="+1 (555) 010-7788",
    direct_ok=False,
    id=11,
)
OMAR = Contact(name="Omar Haddad", role=ContactRole.HIRING_MANAGER, email="omar@acme.example", direct_ok=True, id=12)
SCREEN = Interview(
    kind=InterviewKind.RECRUITER_SCREEN, at=Moment(datetime(2026, 11, 16, 10, 0)), with_=("Rita Ray",),
    notes="Salary band confirmed.", id=21, expect_by=date(2026, 11, 20),
)  # fmt: skip
ONSITE = Interview(kind=InterviewKind.ONSITE, at=Moment(datetime(2026, 12, 1, 14, 0)), with_=("Omar Haddad",), id=22)
APPLIED = Message(
    at=Moment(datetime(2026, 11, 6, 9, 0)), direction=Direction.OUT, purpose=Purpose.APPLICATION,
    channel="careers page", text="Applied.", id=31,
)  # fmt: skip
REPLY = Message(
    at=Moment(datetime(2026, 11, 12, 15, 0)), direction=Direction.IN, contact="Rita Ray", purpose=Purpose.REPLY,
    signal=Signal.POSITIVE, text="Would love to set up a screen; I'll answer by Friday.", id=32,
    expect_by=date(2026, 11, 13),
)  # fmt: skip
ACME = Process(
    company="Acme", role="Data Engineer", status=Status.OFFER, country="GB", subdivision="SCT",
    link="https://acme.example/jobs/42", notes="Spark + dbt stack.\nTeam of six.", contacts=(RITA, OMAR),
    interviews=(SCREEN, ONSITE), messages=(APPLIED, REPLY), id=7, deadline=date(2026, 12, 4),
    wait_until=date(2026, 11, 30),
)  # fmt: skip


def at(day: int, hour: int = 9) -> Moment:
    return Moment(datetime(2026, 11 if day > 9 else 12, day, hour, 0))


class Host(App[None]):
    """Shows one screen; keeps what it was dismissed with."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.under_test = screen
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.under_test, self.results.append)


def text_of(screen: Screen[Any], widget_id: str) -> Any:
    """What a field holds: an Input's text, a TextArea's, a Select's value, a Checkbox's."""
    widget = screen.query_one(f"#{widget_id}")
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Select):
        return widget.value
    assert isinstance(widget, Checkbox)
    return widget.value


def note_of(screen: Screen[Any], widget_id: str) -> str:
    return str(screen.query_one(f"#{widget_id}-note", Static).render())


def status_of(screen: Screen[Any]) -> str:
    return str(screen.query_one("#form-status", Static).render())


@sync
async def test_process_edit_shows_every_stored_field_and_saves_only_what_changed() -> None:
    form = EditProcessForm(ACME, DAY, CAL)
    app = Host(form)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        assert str(form.query_one("#form-title", Static).render()) == "Edit Acme · Data Engineer"
        shown = {k: text_of(form, k) for k in ("company", "role", "status", "link", "country", "subdivision")}
        assert shown == {
            "company": "Acme",
            "role": "Data Engineer",
            "status": "offer",
            "link": "https://acme.example/jobs/42",
            "country": "GB",
            "subdivision": "SCT",
        }
        assert text_of(form, "notes") == "Spark + dbt stack.\nTeam of six."
        assert text_of(form, "deadline") == "2026-12-04"
        assert text_of(form, "wait-until") == "2026-11-30"
        await retype(pilot, "company", "Acme Corp")
        await save(pilot)
    [edited] = app.results
    assert isinstance(edited, Edited)
    assert edited.before == ACME
    assert edited.changes == {"company": "Acme Corp"}
    assert edited.after.id == 7 and edited.after.contacts == ACME.contacts


@sync
async def test_process_edit_saved_unchanged_changes_nothing() -> None:
    form = EditProcessForm(ACME, DAY, CAL)
    app = Host(form)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await save(pilot)
    assert app.results[0].changes == {}


@sync
async def test_process_edit_refuses_a_name_another_process_has_and_keeps_what_was_typed() -> None:
    form = EditProcessForm(ACME, DAY, CAL, taken={("Hooli", "Data Engineer"), ("Acme", "Data Engineer")})
    app = Host(form)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await retype(pilot, "company", "Hooli")
        await save(pilot)
        assert app.screen is form and not app.results
        assert text_of(form, "company") == "Hooli"
        assert "another process has this company and role already" in note_of(form, "company")


@sync
async def test_process_edit_checks_as_adding_does() -> None:
    form = EditProcessForm(ACME, DAY, CAL)
    app = Host(form)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await retype(pilot, "role", "")
        await save(pilot)
        assert "the role is required" in note_of(form, "role")
        await retype(pilot, "role", "Data Engineer")
        await retype(pilot, "country", "XX")
        await save(pilot)
        assert "unknown country code" in note_of(form, "country")
        assert app.screen is form and not app.results


@sync
async def test_a_failed_save_keeps_the_edit_form_open_with_what_was_typed() -> None:
    """The dashboard's save reports a rename conflict: the form stays, typed text and reason on it."""
    form = EditProcessForm(ACME, DAY, CAL)
    submitted: list[Edited[Process]] = []

    def submit(result: Edited[Process]) -> None:
        submitted.append(result)
        form.failed("Hooli - Data Engineer is already tracked")

    form.submit = submit
    app = Host(form)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await retype(pilot, "company", "Hooli")
        await save(pilot)
        assert app.screen is form and not app.results
        assert submitted[0].changes == {"company": "Hooli"}
        assert text_of(form, "company") == "Hooli"
        assert "Not saved: Hooli - Data Engineer is already tracked" in status_of(form)
        form.saved()
        await pilot.pause()
        assert app.screen is not form


@sync
async def test_contact_edit_prefills_and_returns_changes() -> None:
    form = EditContactForm(ACME, RITA)
    app = Host(form)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert str(form.query_one("#form-title", Static).render()) == "Edit Rita Ray"
        shown = {k: text_of(form, k) for k in ("name", "role", "email", "phone", "direct-ok")}
        assert shown == {
            "name": "Rita Ray",
            "role": "recruiter",
            "email": "rita@acme.example",
            "phone": "+1 (555) 010-7788",
            "direct-ok": False,
        }
        await retype(pilot, "email", "rita.ray@acme.example")
        await save(pilot)
    [edited] = app.results
    assert edited.changes == {"email": "rita.ray@acme.example"}
    assert edited.after.id == 11


@sync
async def test_contact_forms_refuse_a_bad_email_or_phone_with_the_reason_under_the_field() -> None:
    for form in (EditContactForm(ACME, RITA), ContactForm(ACME)):
        app = Host(form)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await retype(pilot, "name", "Rita Two")
            for email, reason in (
                ("rita at acme", "an email address has no spaces"),
                ("rita@acme", "needs a name and a domain"),
                ("rita@@acme.example", "one @"),
            ):
                await retype(pilot, "email", email)
                await save(pilot)
                assert reason in note_of(form, "email"), email
                assert app.screen is form and not app.results
            await retype(pilot, "email", "rita+jobs@mail.acme.example")
            for phone, reason in (("call me", "digits"), ("12", "at least 5 digits")):
                await retype(pilot, "phone", phone)
                await save(pilot)
                assert reason in note_of(form, "phone"), phone
                assert app.screen is form and not app.results
            await retype(pilot, "phone", "+44 (0)20 7946-0958")
            await save(pilot)
        [result] = app.results
        saved = result.after if isinstance(result, Edited) else result
        assert (saved.email, saved.phone) == ("rita+jobs@mail.acme.example", "+44 (0)20 7946-0958")


@sync
async def test_the_add_process_form_checks_the_first_contacts_email() -> None:
    form = ProcessForm()
    app = Host(form)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await retype(pilot, "company", "Acme")
        await retype(pilot, "role", "Dev")
        await retype(pilot, "contact", "Rita")
        await retype(pilot, "email", "rita")
        await save(pilot)
        assert "one @" in note_of(form, "email") and not app.results


@sync
async def test_contact_edit_keeps_its_own_name_but_not_anothers() -> None:
    form = EditContactForm(ACME, RITA)
    app = Host(form)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await retype(pilot, "name", "Omar Haddad")
        await save(pilot)
        assert "Omar Haddad is already a contact of this process" in note_of(form, "name")
        await retype(pilot, "name", "Rita Ray")
        await save(pilot)
    assert app.results[0].changes == {}


@sync
async def test_interview_edit_prefills_and_a_reschedule_is_an_edit_of_its_time() -> None:
    form = EditInterviewForm(ACME, ONSITE, DAY, CAL)
    app = Host(form)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        assert str(form.query_one("#form-title", Static).render()) == "Edit the onsite of Tue 1 Dec 14:00"
        shown = {k: text_of(form, k) for k in ("kind", "when", "with", "notes", "expect-by")}
        assert shown == {
            "kind": "onsite",
            "when": "2026-12-01 14:00",
            "with": "Omar Haddad",
            "notes": "",
            "expect-by": "",
        }
        await retype(pilot, "when", "2026-12-03 09:30")
        await save(pilot)
    [edited] = app.results
    assert edited.changes == {"at": Moment(datetime(2026, 12, 3, 9, 30))}
    assert edited.after.id == 22 and edited.new_contacts == ()


@sync
async def test_interview_edit_prefills_every_field_and_names_new_people() -> None:
    form = EditInterviewForm(ACME, SCREEN, DAY, CAL)
    app = Host(form)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        shown = {k: text_of(form, k) for k in ("kind", "when", "with", "notes", "expect-by")}
        assert shown == {
            "kind": "recruiter_screen",
            "when": "2026-11-16 10:00",
            "with": "Rita Ray",
            "notes": "Salary band confirmed.",
            "expect-by": "2026-11-20",
        }
        await retype(pilot, "with", "Rita Ray, Sam Stone")
        await save(pilot)
    [edited] = app.results
    assert edited.changes == {"with_": ("Rita Ray", "Sam Stone")}
    assert edited.new_contacts == (Contact(name="Sam Stone", role=ContactRole.INTERVIEWER),)


@sync
async def test_interview_edit_refuses_a_time_another_interview_of_that_kind_has() -> None:
    other = Interview(kind=InterviewKind.ONSITE, at=Moment(datetime(2026, 12, 3, 9, 30)), id=23)
    process = Process(company="Acme", role="Dev", interviews=(ONSITE, other), id=7)
    form = EditInterviewForm(process, ONSITE, DAY, CAL)
    app = Host(form)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await retype(pilot, "when", "2026-12-03 09:30")
        await save(pilot)
        assert "an onsite at this time is already logged" in note_of(form, "when")
        assert app.screen is form


@sync
async def test_a_cancelled_interview_is_deleted_or_kept_with_a_note() -> None:
    for button, typed, expected in (("#delete", "", False), ("#keep", "they froze hiring", True)):
        form = EditInterviewForm(ACME, ONSITE, DAY, CAL)
        app = Host(form)
        async with app.run_test(size=(100, 50)) as pilot:
            await pilot.pause()
            await pilot.click("#cancelled")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, CancelledDialog)
            assert "The onsite of Tue 1 Dec 14:00 was cancelled?" in str(dialog.query_one("#form-title").render())
            await pilot.press(*typed)
            await pilot.click(button)
            await pilot.pause()
            assert not isinstance(app.screen, (CancelledDialog, FormScreen))
        [answer] = app.results
        assert isinstance(answer, InterviewCancelled)
        assert answer.interview == ONSITE and answer.keep is expected
        if expected:
            assert answer.kept.notes == "Cancelled: they froze hiring"
            assert answer.kept.id == 22


@sync
async def test_message_edit_prefills_every_field_and_returns_changes() -> None:
    form = EditMessageForm(ACME, REPLY, DAY, CAL)
    app = Host(form)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        assert str(form.query_one("#form-title", Static).render()) == "Edit their reply of Thu 12 Nov"
        shown = {k: text_of(form, k) for k in ("direction", "purpose", "contact", "when", "channel", "text", "signal")}
        assert shown == {
            "direction": "in",
            "purpose": "reply",
            "contact": "Rita Ray",
            "when": "2026-11-12 15:00",
            "channel": "email",
            "text": REPLY.text,
            "signal": "positive",
        }
        assert text_of(form, "expect-by") == "2026-11-13"
        form.query_one("#signal", Select).value = "neutral"
        await pilot.pause()
        await save(pilot)
    [edited] = app.results
    assert edited.changes == {"signal": "neutral"}
    assert edited.after.id == 32


@sync
async def test_message_edit_keeps_a_person_who_is_no_longer_a_contact() -> None:
    gone = Message(at=at(10), direction=Direction.OUT, contact="Ann Old", purpose=Purpose.FOLLOW_UP, id=33)
    process = Process(company="Acme", role="Dev", contacts=(RITA,), messages=(gone,), id=7)
    form = EditMessageForm(process, gone, DAY, CAL)
    app = Host(form)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        assert text_of(form, "contact") == "Ann Old"
        await save(pilot)
    assert app.results[0].changes == {}


@sync
async def test_message_edit_checks_as_logging_does() -> None:
    form = EditMessageForm(ACME, APPLIED, DAY, CAL)
    app = Host(form)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        await retype(pilot, "when", "2026-12-24")
        await save(pilot)
        assert "a message cannot be logged in the future" in note_of(form, "when")
        assert app.screen is form and not app.results


@sync
async def test_the_message_form_starts_on_the_routed_contact() -> None:
    form = MessageForm(ACME, DAY, CAL, routed=RITA)
    app = Host(form)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        assert text_of(form, "contact") == "Rita Ray"
        await save(pilot)
    assert app.results[0].contact == "Rita Ray"


@sync
async def test_choosing_in_switches_the_purpose_to_reply_and_back() -> None:
    form = MessageForm(ACME, DAY, CAL)
    app = Host(form)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        assert text_of(form, "purpose") == "follow_up"
        form.query_one("#direction", Select).value = "in"
        await pilot.pause()
        assert text_of(form, "purpose") == "reply"
        form.query_one("#direction", Select).value = "out"
        await pilot.pause()
        assert text_of(form, "purpose") == "follow_up"
        form.query_one("#purpose", Select).value = "scheduling"
        form.query_one("#direction", Select).value = "in"
        await pilot.pause()
        assert text_of(form, "purpose") == "scheduling"  # both sides schedule: kept


def test_the_delete_question_says_what_goes_with_each_record() -> None:
    three = (SCREEN, ONSITE, Interview(kind=InterviewKind.FINAL, at=at(8), id=24))
    five = (
        *ACME.messages,
        *(Message(at=at(d), direction=Direction.OUT, contact="Rita Ray", id=d) for d in (17, 18, 19)),
    )
    process = replace(ACME, status=Status.ACTIVE, interviews=three, messages=five)
    assert tuple(map(str, delete_question(process, process))) == (
        "Delete Acme · Data Engineer?",
        "Its 2 contacts, 3 interviews and 5 messages go with it.",
    )
    lone = Process(company="Acme", role="Dev", contacts=(RITA,), id=8)
    assert delete_question(lone, lone)[1] == "Its 1 contact goes with it."
    assert (
        delete_question(replace(lone, contacts=()), replace(lone, contacts=()))[1] == "Nothing else is logged for it."
    )
    assert tuple(map(str, delete_question(process, RITA))) == (
        "Delete Rita Ray (recruiter) from Acme · Data Engineer?",
        "4 messages with them stay, without a person. 1 interview no longer lists them.",
    )
    assert tuple(map(str, delete_question(process, ONSITE))) == (
        "Delete the onsite of Tue 1 Dec 14:00 at Acme · Data Engineer?",
        "Only this interview goes.",
    )
    assert (
        str(delete_question(process, REPLY)[0])
        == "Delete their reply from Rita Ray of Thu 12 Nov 15:00 at Acme · Data Engineer?"
    )
    assert (
        str(delete_question(process, APPLIED)[0])
        == "Delete your application of Fri 6 Nov 09:00 at Acme · Data Engineer?"
    )


@sync
async def test_the_delete_dialog_takes_one_key() -> None:
    for key, expected in (("y", True), ("n", False), ("escape", False)):
        dialog = DeleteDialog(ACME)
        app = Host(dialog)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            shown = " ".join(str(w.render()) for w in dialog.query(Static))
            assert "Delete Acme · Data Engineer?" in shown
            assert "Its 2 contacts, 2 interviews and 2 messages go with it." in shown
            assert "y delete / n keep" in shown
            await pilot.press(key)
            await pilot.pause()
        assert app.results == [expected]


@sync
async def test_the_delete_dialog_shows_names_as_typed() -> None:
    hostile = Process(company="[b]Acme[/]", role="[@click=app.quit]Dev[/]", id=9)
    dialog = DeleteDialog(hostile)
    app = Host(dialog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(dialog.query_one("#form-title", Static).render()) == "Delete [b]Acme[/] · [@click=app.quit]Dev[/]?"
        await pilot.press("n")
        await pilot.pause()
    assert app.results == [False]


@sync
async def test_save_and_cancel_stay_on_a_short_terminal() -> None:
    """At 80x24 the fields scroll sooner, so the buttons are not pushed off the screen."""
    for form in (ProcessForm(), EditProcessForm(ACME, DAY, CAL), EditMessageForm(ACME, REPLY, DAY, CAL)):
        app = Host(form)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for button in ("#save", "#cancel"):
                region = form.query_one(button).region
                assert region.height > 0 and region.bottom <= 24, (type(form).__name__, button, region)
