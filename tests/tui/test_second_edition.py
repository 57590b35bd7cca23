"""The dashboard's second-edition flows, each checked against what a fresh Repository reads back.

Offers stay listed with their deadline and `d` on decide opens the status;
choosing offer asks for the deadline; `W` sets and clears "wait until";
"they said they'd answer by" on the interview form and on their messages (a
date read from a pasted reply is only taken with ctrl+g); a move-on after a
"no" closes as rejected, with or without the gracious note.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from engines import Database
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, OptionList, Select, Static, TextArea

from app.rules.values import Process
from app.tui.app import NudgeApp
from app.tui.dialogs import MoveOnDialog, StatusDialog
from app.tui.forms import DayForm, InterviewForm, MessageForm

from .conftest import SIZE, Place, reopened, sync
from .driving import settle

MakeApp = Callable[..., NudgeApp]


def stored(place: Place) -> dict[str, Process]:
    with reopened(place) as repo:
        return {p.company: p for p in repo.processes()}


async def highlight(app: NudgeApp, pilot: Pilot[None], company: str, action: str) -> None:
    """Move down the Today list until the item for `company` / `action` is highlighted."""
    for _ in range(30):
        current = app.selected_action()
        if current is not None and current.company == company and current.action == action:
            return
        await pilot.press("down")
    raise AssertionError(f"no {action} item for {company} in the Today pane")


async def select(app: NudgeApp, pilot: Pilot[None], company: str) -> Process:
    process = next(p for p in app.model.processes.values() if p.company == company)
    app.selected = process.id
    await pilot.pause()
    return process


def row_of(app: NudgeApp, process_id: int) -> dict[str, object]:
    """A process's Interviews cells by column key (the columns shown depend on the width)."""
    table = app.query_one("#processes", DataTable)
    keys = [str(c.key.value) for c in table.ordered_columns]
    return dict(zip(keys, table.get_row(str(process_id)), strict=True))


async def type_in(pilot: Pilot[None], widget: Input, text: str) -> None:
    widget.focus()
    widget.value = ""
    await pilot.press(*text)


@sync
async def test_an_offer_is_listed_open_with_its_deadline_and_d_opens_the_status(
    demo_search: Database, make_app: MakeApp
) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.show_closed
        offer = next(p for p in app.model.processes.values() if p.status == "offer")
        assert offer.deadline == date(2026, 12, 2)
        cells = row_of(app, offer.id)
        company, stage, next_action, when = cells["company"], cells["stage"], cells["next"], cells["when"]
        assert str(stage) == "offer" and "dim" not in str(stage.style)  # type: ignore[attr-defined]
        assert "dim" not in str(company.style)  # type: ignore[attr-defined]
        assert (str(next_action), str(when)) == ("decide", "Wed 2 Dec")
        await highlight(app, pilot, offer.company, "decide")
        assert "accept or decline" in str(app.query_one("#detail-text", Static).render())
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, StatusDialog)
        assert app.screen.process.id == offer.id


@sync
async def test_choosing_offer_asks_for_the_deadline(demo_search: Database, make_app: MakeApp) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        process = await select(app, pilot, "Pied Piper")
        await pilot.press("s")
        await pilot.pause()
        statuses = app.screen.query_one("#statuses", OptionList)
        statuses.highlighted = statuses.get_option_index("offer")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DayForm)
        await type_in(pilot, form.query_one("#day", Input), "next fri")
        assert "Fri 4 Dec 2026" in str(form.query_one("#day-note", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]
        assert str(row_of(app, process.id)["next"]) == "decide"
    saved = stored(demo_search)["Pied Piper"]
    assert (saved.status, saved.deadline) == ("offer", date(2026, 12, 4))


@sync
async def test_w_sets_and_clears_wait_until(demo_search: Database, make_app: MakeApp) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        process = await select(app, pilot, "Acme Analytics")
        await pilot.press("W")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DayForm)
        await type_in(pilot, form.query_one("#day", Input), "2026-12-14")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [str(row_of(app, process.id)[k]) for k in ("next", "when")] == ["wait", "Mon 14 Dec"]
        assert stored(demo_search)["Acme Analytics"].wait_until == date(2026, 12, 14)
        follow = [a for a in app.model.actions(process.id) if a.action == "follow_up"]
        assert follow and "you chose to wait until Mon 14 Dec" in follow[0].reason
        await pilot.press("W")
        await pilot.pause()
        assert app.screen.query_one("#day", Input).value == "2026-12-14"  # the current day, to change or clear
        await type_in(pilot, app.screen.query_one("#day", Input), "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(row_of(app, process.id)["next"]) == "follow up"
    assert stored(demo_search)["Acme Analytics"].wait_until is None


@sync
async def test_the_interview_form_stores_when_they_said_they_would_answer(
    demo_search: Database, make_app: MakeApp
) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "Pied Piper")
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InterviewForm)
        await type_in(pilot, form.query_one("#when", Input), "yesterday 10:00")
        assert str(form.query_one("#expect-by-note", Static).render()) == "blank: none"
        await type_in(pilot, form.query_one("#expect-by", Input), "+5bd")
        assert "Thu 3 Dec 2026" in str(form.query_one("#expect-by-note", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")  # yesterday is in the past: yes, it happened
        await settle(pilot)
    latest = max(stored(demo_search)["Pied Piper"].interviews, key=lambda i: i.at.value)
    assert latest.at.iso() == "2026-11-24T10:00"
    assert latest.expect_by == date(2026, 12, 3)  # from today, Thanksgiving (26 Nov) skipped


async def inbound(app: NudgeApp, pilot: Pilot[None], text: str) -> MessageForm:
    await pilot.press("m")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, MessageForm)
    assert not form.query_one("#expect-box").display  # their messages only
    form.query_one("#direction", Select).value = "in"
    form.query_one("#text", TextArea).load_text(text)
    await pilot.pause()
    assert form.query_one("#expect-box").display
    return form


REPLY = "Thanks for your time today. We will get back to you by Friday."


@sync
async def test_a_date_in_their_reply_is_taken_only_with_ctrl_g(demo_search: Database, make_app: MakeApp) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "Pied Piper")
        form = await inbound(app, pilot, REPLY)
        note = str(form.query_one("#text-note", Static).render())
        assert "answer by Fri 27 Nov" in note and "ctrl+g" in note
        assert form.query_one("#expect-by", Input).value == ""
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert form.query_one("#expect-by", Input).value == "2026-11-27"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]
        form = await inbound(app, pilot, REPLY + " Best, Ann")
        form.query_one("#when", Input).value = "yesterday"
        await pilot.press("ctrl+s")  # suggested, never taken
        await settle(pilot)
    messages = {m.text: m for m in stored(demo_search)["Pied Piper"].messages}
    assert (messages[REPLY].direction, messages[REPLY].expect_by) == ("in", date(2026, 11, 27))
    assert messages[REPLY + " Best, Ann"].expect_by is None


@sync
async def test_a_typed_answer_date_on_our_own_message_is_not_kept(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(app, pilot, "Pied Piper")
        form = await inbound(app, pilot, "Checking in on the role.")
        form.query_one("#expect-by", Input).value = "2026-12-04"
        form.query_one("#direction", Select).value = "out"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    mine = next(m for m in stored(demo_path)["Pied Piper"].messages if m.text == "Checking in on the role.")
    assert (mine.direction, mine.expect_by) == ("out", None)


async def rejected_move_on(app: NudgeApp, pilot: Pilot[None]) -> MoveOnDialog:
    await highlight(app, pilot, "Wayne Enterprises", "move_on")
    action = app.selected_action()
    assert action is not None and action.close_as == "rejected"
    await pilot.press("d")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, MoveOnDialog)
    labels = [str(b.label) for b in dialog.query(Button)]
    assert labels[:2] == ["Send the note and close as rejected", "Close as rejected"]
    return dialog


@sync
async def test_a_no_closes_as_rejected_after_the_gracious_note(demo_search: Database, make_app: MakeApp) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = len(stored(demo_search)["Wayne Enterprises"].messages)
        dialog = await rejected_move_on(app, pilot)
        note = app.selected_action()
        assert note is not None and note.message
        dialog.query_one("#note", Button).press()
        await settle(pilot)  # the form mounted and filled (one pause was not always enough on a loaded machine)
        form = app.screen
        assert isinstance(form, MessageForm)
        assert form.choice("purpose") == "reply"
        assert form.query_one("#text", TextArea).text == note.message
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = stored(demo_search)["Wayne Enterprises"]
    assert saved.status == "rejected"
    assert len(saved.messages) == before + 1
    sent = max(saved.messages, key=lambda m: m.at.value)
    assert (sent.direction, sent.purpose, sent.text) == ("out", "reply", note.message.strip())


@sync
async def test_a_no_closes_as_rejected_without_a_note(demo_search: Database, make_app: MakeApp) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await rejected_move_on(app, pilot)
        dialog.query_one("#close", Button).press()
        await settle(pilot)
    assert stored(demo_search)["Wayne Enterprises"].status == "rejected"


@sync
async def test_an_open_offer_says_to_tell_the_other_recruiters(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        active = sum(p.status == "active" for p in app.model.processes.values())
        health = str(app.query_one("#today-health", Static).render())
        assert f"Offer from Soylent, due Wed 2 Dec: tell the other {active} active processes" in health
