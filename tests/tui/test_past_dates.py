"""An interview dated in the past is saved only once the user says it happened: one key, or a second ctrl+s.

"3/12 10:00" for a process in Britain is 3 December, but 12 March for one in
the US: read the wrong way it lands months in the past and used to be booked
without a word. The interview form now asks first. Driven with Textual's Pilot
on the demo data at 2026-11-25; what was saved is read back through a fresh
Repository; the "y, it happened" save runs on each engine.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from engines import Database
from textual.widgets import Input, Static

from app.rules.calendar import BusinessCalendar
from app.rules.values import Interview, Moment, Process
from app.tui.app import NudgeApp
from app.tui.forms import Edited, EditInterviewForm, InterviewForm, PastDateDialog

from .conftest import DAY, SIZE, Place, reopened, sync
from .driving import settle, type_text

MakeApp = Callable[..., NudgeApp]


def interviews_on(place: Place, process_id: int, day: date) -> list[Interview]:
    with reopened(place) as repo:
        process = repo.process(process_id)
    assert process is not None
    return [i for i in process.interviews if i.at.day == day]


async def open_form_with(pilot: object, app: NudgeApp, typed: str) -> InterviewForm:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("i")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, InterviewForm)
    form.query_one("#when", Input).value = ""
    form.query_one("#when", Input).focus()
    await pilot.pause()
    await type_text(pilot, typed)
    await pilot.pause()
    return form


@sync
async def test_a_past_date_asks_and_n_goes_back_to_the_date(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pid = app.selected
        assert pid is not None
        form = await open_form_with(pilot, app, "2026-03-12 10:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PastDateDialog), "a date 258 days ago is not booked without a word"
        said = " ".join(str(s.render()) for s in dialog.query(Static))
        assert "Thu 12 Mar 2026 10:00" in said and "258 days ago" in said and "in the past" in said, said
        assert interviews_on(demo_path, pid, date(2026, 3, 12)) == []
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form
        assert app.focused is form.query_one("#when")
    assert interviews_on(demo_path, pid, date(2026, 3, 12)) == []


@sync
async def test_y_logs_it_as_an_interview_that_happened(demo_search: Database, make_app: MakeApp) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pid = app.selected
        assert pid is not None
        await open_form_with(pilot, app, "2026-11-23 10:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PastDateDialog)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, InterviewForm | PastDateDialog)
    assert len(interviews_on(demo_search, pid, date(2026, 11, 23))) == 1


@sync
async def test_a_second_ctrl_s_confirms(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pid = app.selected
        assert pid is not None
        await open_form_with(pilot, app, "yesterday 15:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PastDateDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, InterviewForm | PastDateDialog)
    assert len(interviews_on(demo_path, pid, date(2026, 11, 24))) == 1


@sync
async def test_today_and_later_are_saved_without_a_question(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pid = app.selected
        assert pid is not None
        for typed, day in (("today 09:00", DAY), ("2026-12-03 10:00", date(2026, 12, 3))):
            await open_form_with(pilot, app, typed)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, InterviewForm | PastDateDialog), typed
            assert len(interviews_on(demo_path, pid, day)) == 1


@sync
async def test_editing_an_interview_that_happened_asks_nothing(demo_path: Path, make_app: MakeApp) -> None:
    """Its notes or its (past) day corrected: the form means 'it happened'. Moving a booked one into the past asks."""
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        processes = list(app.model.processes.values())
        held = next((p, i) for p in processes for i in p.interviews if i.at.day < DAY)
        booked = next((p, i) for p in processes for i in p.interviews if i.at.day > DAY)
        for (process, interview), typed, asks in ((held, None, False), (held, "2026-11-02 11:00", False),
                                                  (booked, "2026-11-02 11:00", True)):  # fmt: skip
            answers: list[object] = []
            form = EditInterviewForm(process, interview, DAY, BusinessCalendar())
            await app.push_screen(form, answers.append)
            await pilot.pause()
            if typed:
                form.query_one("#when", Input).value = typed
            form.query_one("#notes", Input).value = "went well"
            await pilot.pause()
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, PastDateDialog) is asks, (interview, typed)
            if asks:
                await pilot.press("y")
                await settle(pilot)
            assert len(answers) == 1 and isinstance(answers[0], Edited)
            assert answers[0].after.notes == "went well"


def test_the_question_names_the_reading() -> None:
    """A US process reads 3/12 month first: the question shows the day it was read as, and how."""
    process = Process(company="Acme", role="Dev", country="US")
    form = InterviewForm(process, DAY, BusinessCalendar(country="US"))
    assert form.past_question(Moment.parse("2026-03-12T10:00")) is not None
    assert form.past_question(Moment.parse("2026-11-25")) is None
