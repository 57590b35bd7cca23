"""Correcting anything from the dashboard, through its keys: edit, delete, undo and redo of each record kind.

Each test drives the real app on the demo search, dated Wed 25 Nov 2026, and
checks the database by reopening it with a fresh Repository, as the next start
of Nudge would read it. Every flow that writes runs on each engine
(`demo_search`: a SQLite file, a PostgreSQL database); the ones that only
refuse in the form or open a link, on a SQLite file. The link opener and
the editor are small recording scripts (tests/sending_scripts.py), never a
real browser or editor.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from engines import Database
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, TextArea

from app.rules.values import Process
from app.storage.repository import Repository
from app.tui.app import NudgeApp
from app.tui.dialogs import DeleteDialog
from app.tui.edit_screens import CopyOffer, EditingView, NotesForm
from app.tui.forms import EditContactForm, EditInterviewForm, EditMessageForm, EditProcessForm, MessageForm
from app.tui.panes import InterviewsPane, TodayPane
from tests.sending_scripts import recorder, runs, write_script
from tests.tui.conftest import SIZE, Place, reopened, sync
from tests.tui.driving import keys, retype, save, save_status, settle, type_text

ACME, NORTHWIND, GLOBEX = 1, 2, 3
"""The demo's processes: Acme Analytics · Data Engineer (a link, Rita Ray and Omar Haddad), Northwind
Traders (an onsite held yesterday, Tue 24 Nov 13:00), Globex · Platform Engineer."""


def stored(place: Place, process_id: int) -> Process | None:
    """The process as a fresh start of Nudge reads it."""
    with reopened(place) as repo:
        return repo.process(process_id)


def notices(app: NudgeApp) -> list[str]:
    return [n.message for n in app._notifications]


async def on_process(pilot: Pilot[None], process_id: int) -> None:
    """Highlight a process in Interviews, with the table focused, as arrowing to it would."""
    main = pilot.app.main  # type: ignore[attr-defined]
    main.query_one("#processes", DataTable).focus()
    for _ in range(5):  # the first frame's own selection may still be on its way
        main.query_one(InterviewsPane).select(process_id)
        await pilot.pause()
        if main.selected == process_id:
            return
    assert main.selected == process_id


async def on_entry(pilot: Pilot[None], process_id: int, key: str) -> None:
    """Highlight an entry ("interview:3") in the Timeline of a process, with the Timeline focused."""
    await on_process(pilot, process_id)
    table = pilot.app.main.query_one("#timeline", DataTable)  # type: ignore[attr-defined]
    table.focus()
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


def timeline_cursor(app: NudgeApp) -> str | None:
    table = app.main.query_one("#timeline", DataTable)
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


# The process ---------------------------------------------------------------------------------


@sync
async def test_a_misspelt_company_is_fixed_in_the_process_view_then_undone_and_redone(
    make_app: ..., demo_search: Database
) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, ACME)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditingView)
        await pilot.press("enter")  # the process's own fields, highlighted first
        await pilot.pause()
        assert isinstance(app.screen, EditProcessForm)
        assert app.screen.query_one("#company", Input).value == "Acme Analytics"
        await retype(pilot, "company", "Acme Analytix")
        await save(pilot)
        assert isinstance(app.screen, EditingView), "saved: back on the view"
        assert app.screen.process.company == "Acme Analytix", "the view shows the fresh process"
        assert stored(demo_search, ACME).company == "Acme Analytix"  # type: ignore[union-attr]
        assert "Edited Acme Analytix · Data Engineer: company. (u undoes)" in notices(app)
        assert app.main.selected == ACME

        await keys(pilot, "u")  # undone from the view itself
        assert stored(demo_search, ACME).company == "Acme Analytics"  # type: ignore[union-attr]
        assert app.screen.process.company == "Acme Analytics"
        await keys(pilot, "ctrl+y")
        assert stored(demo_search, ACME).company == "Acme Analytix"  # type: ignore[union-attr]
        assert notices(app)[-1] == "Redid: Edited Acme Analytix · Data Engineer: company"
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.selected == ACME
        assert app.main.model.processes[ACME].company == "Acme Analytix"


@sync
async def test_renaming_onto_a_tracked_process_keeps_the_form_and_what_was_typed(
    make_app: ..., demo_path: Path
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, ACME)
        await pilot.press("enter", "enter")
        await pilot.pause()
        await retype(pilot, "company", "Globex")
        await retype(pilot, "role", "Platform Engineer")
        await save(pilot)
        form = app.screen
        assert isinstance(form, EditProcessForm), "refused: the form stays open"
        assert form.query_one("#company", Input).value == "Globex"
        assert form.query_one("#role", Input).value == "Platform Engineer"
        assert "another process has this company and role already" in str(form.query_one("#company-note").render())
        assert stored(demo_path, ACME).company == "Acme Analytics"  # type: ignore[union-attr]


@sync
async def test_the_storage_refuses_a_rename_the_form_could_not_know_of_and_the_form_stays(
    make_app: ..., demo_search: Database
) -> None:
    """AlreadyTracked from Repository.edit_process: the form says it and keeps what was typed."""
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, ACME)
        await pilot.press("enter", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EditProcessForm)
        form.taken = frozenset()  # as if Globex were not loaded yet
        await retype(pilot, "company", "Globex")
        await retype(pilot, "role", "Platform Engineer")
        await save(pilot)
        assert app.screen is form
        assert form.query_one("#company", Input).value == "Globex"
        assert "Not saved:" in str(form.query_one("#form-status").render())
        assert stored(demo_search, ACME).company == "Acme Analytics"  # type: ignore[union-attr]
        assert len(app.main.history) == 0


@sync
async def test_a_process_is_deleted_with_x_then_undone_and_redone(make_app: ..., demo_search: Database) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, GLOBEX)
        rows = [r.key.value for r in app.main.query_one("#processes", DataTable).ordered_rows]
        after = int(rows[rows.index(str(GLOBEX)) + 1])  # type: ignore[arg-type]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, DeleteDialog)
        assert "2 contacts, 2 interviews and 2 messages" in str(app.screen.query_one("#delete-goes").render())
        await keys(pilot, "y")
        assert stored(demo_search, GLOBEX) is None
        assert app.main.selected == after, "the row after the deleted one is selected"
        await keys(pilot, "u")
        back = stored(demo_search, GLOBEX)
        assert back is not None and len(back.contacts) == 2 and len(back.messages) == 2
        assert app.main.selected == GLOBEX
        await keys(pilot, "ctrl+y")
        assert stored(demo_search, GLOBEX) is None
        await keys(pilot, "ctrl+y")
        assert notices(app)[-1] == "Nothing to redo."


@sync
async def test_n_keeps_the_process(make_app: ..., demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, GLOBEX)
        await keys(pilot, "x", "n")
        assert stored(demo_path, GLOBEX) is not None
        assert len(app.main.history) == 0


@sync
async def test_status_and_wait_until_undo_and_redo(make_app: ..., demo_search: Database) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, GLOBEX)
        await save_status(pilot, "rejected")
        await settle(pilot)
        assert stored(demo_search, GLOBEX).status == "rejected"  # type: ignore[union-attr]
        await keys(pilot, "u")
        assert stored(demo_search, GLOBEX).status == "active"  # type: ignore[union-attr]
        await keys(pilot, "ctrl+y")
        assert stored(demo_search, GLOBEX).status == "rejected"  # type: ignore[union-attr]
        await keys(pilot, "u")
        await on_process(pilot, GLOBEX)
        await pilot.press("W")
        await pilot.pause()
        await type_text(pilot, "2026-12-07")
        await save(pilot)
        assert str(stored(demo_search, GLOBEX).wait_until) == "2026-12-07"  # type: ignore[union-attr]
        await keys(pilot, "u")
        assert stored(demo_search, GLOBEX).wait_until is None  # type: ignore[union-attr]
        await keys(pilot, "ctrl+y")
        assert str(stored(demo_search, GLOBEX).wait_until) == "2026-12-07"  # type: ignore[union-attr]


@sync
async def test_a_new_change_clears_what_could_be_redone(make_app: ..., demo_search: Database) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, GLOBEX)
        await save_status(pilot, "rejected")
        await settle(pilot)
        await keys(pilot, "u")
        assert app.main.history.redoable == 1
        await on_process(pilot, GLOBEX)
        await save_status(pilot, "ghosted")
        await settle(pilot)
        assert app.main.history.redoable == 0
        await keys(pilot, "ctrl+y")
        assert notices(app)[-1] == "Nothing to redo."
        assert stored(demo_search, GLOBEX).status == "ghosted"  # type: ignore[union-attr]


# A contact, from the process view ------------------------------------------------------------


async def to_option(pilot: Pilot[None], list_id: str, option_id: str) -> None:
    options = pilot.app.screen.query_one(f"#{list_id}", OptionList)
    options.focus()
    options.highlighted = options.get_option_index(option_id)
    await pilot.pause()


@sync
async def test_a_contact_is_edited_deleted_undone_and_redone_in_the_process_view(
    make_app: ..., demo_search: Database
) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, ACME)
        await pilot.press("enter")
        await pilot.pause()
        await to_option(pilot, "view-about", "contact-1")  # Omar Haddad
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditContactForm)
        await retype(pilot, "email", "omar.haddad@acme.example")
        await save(pilot)
        omar = next(c for c in stored(demo_search, ACME).contacts if c.name == "Omar Haddad")  # type: ignore[union-attr]
        assert omar.email == "omar.haddad@acme.example"
        assert isinstance(app.screen, EditingView)
        await keys(pilot, "x")
        assert isinstance(app.screen, DeleteDialog)
        await keys(pilot, "y")
        assert [c.name for c in stored(demo_search, ACME).contacts] == ["Rita Ray"]  # type: ignore[union-attr]
        await keys(pilot, "u")
        names = [c.name for c in stored(demo_search, ACME).contacts]  # type: ignore[union-attr]
        assert names == ["Rita Ray", "Omar Haddad"]
        await keys(pilot, "ctrl+y")
        assert [c.name for c in stored(demo_search, ACME).contacts] == ["Rita Ray"]  # type: ignore[union-attr]
        await keys(pilot, "u", "u")  # the delete, then the email
        omar = next(c for c in stored(demo_search, ACME).contacts if c.name == "Omar Haddad")  # type: ignore[union-attr]
        assert omar.email == "omar@acme.example"


@sync
async def test_adding_from_the_view_undoes_and_redoes(make_app: ..., demo_search: Database) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, ACME)
        await pilot.press("enter")
        await pilot.pause()
        await to_option(pilot, "view-about", "add-contact")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "Ana Lee")
        await save(pilot)
        assert "Ana Lee" in [c.name for c in stored(demo_search, ACME).contacts]  # type: ignore[union-attr]
        assert "Added Ana Lee to Acme Analytics. (u undoes)" in notices(app)
        await keys(pilot, "u")
        assert "Ana Lee" not in [c.name for c in stored(demo_search, ACME).contacts]  # type: ignore[union-attr]
        await keys(pilot, "ctrl+y")
        assert "Ana Lee" in [c.name for c in stored(demo_search, ACME).contacts]  # type: ignore[union-attr]


# An interview, from the Timeline --------------------------------------------------------------


@sync
async def test_an_interview_moves_to_another_day_and_stays_highlighted(make_app: ..., demo_search: Database) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_entry(pilot, NORTHWIND, "interview:3")
        before = [(a.action, a.due.isoformat()) for a in app.main.model.actions(NORTHWIND)]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditInterviewForm)
        await retype(pilot, "when", "2026-12-10 13:00")
        await save(pilot)
        onsite = next(i for i in stored(demo_search, NORTHWIND).interviews if i.id == 3)  # type: ignore[union-attr]
        assert onsite.at.iso() == "2026-12-10T13:00"
        said = [n for n in notices(app) if n.startswith("Moved")]
        assert said and "to Thu 10 Dec 13:00 (Northwind Traders)" in said[-1], notices(app)
        assert app.main.selected == NORTHWIND and timeline_cursor(app) == "interview:3"
        after = [(a.action, a.due.isoformat()) for a in app.main.model.actions(NORTHWIND)]
        assert after != before and ("thank_you" in dict(before)) and "thank_you" not in dict(after), after
        assert any(action == "prepare" for action, _due in after), "judged again at once: prepare for the onsite"

        await keys(pilot, "u")
        onsite = next(i for i in stored(demo_search, NORTHWIND).interviews if i.id == 3)  # type: ignore[union-attr]
        assert onsite.at.iso() == "2026-11-24T13:00", notices(app)
        assert timeline_cursor(app) == "interview:3"
        await keys(pilot, "ctrl+y")
        onsite = next(i for i in stored(demo_search, NORTHWIND).interviews if i.id == 3)  # type: ignore[union-attr]
        assert onsite.at.iso() == "2026-12-10T13:00"


@sync
async def test_an_interview_is_deleted_from_the_timeline_then_undone_and_redone(
    make_app: ..., demo_search: Database
) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_entry(pilot, NORTHWIND, "interview:3")
        await keys(pilot, "x")
        assert isinstance(app.screen, DeleteDialog)
        await keys(pilot, "y")
        assert [i.id for i in stored(demo_search, NORTHWIND).interviews] == [2]  # type: ignore[union-attr]
        assert app.main.selected == NORTHWIND
        await keys(pilot, "u")
        assert [i.id for i in stored(demo_search, NORTHWIND).interviews] == [2, 3]  # type: ignore[union-attr]
        assert timeline_cursor(app) == "interview:3"
        await keys(pilot, "ctrl+y")
        assert [i.id for i in stored(demo_search, NORTHWIND).interviews] == [2]  # type: ignore[union-attr]


@sync
async def test_a_cancelled_interview_kept_with_a_note(make_app: ..., demo_search: Database) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_entry(pilot, NORTHWIND, "interview:3")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#cancelled")
        await pilot.pause()
        dialog = app.screen
        keep = next(b for b in dialog.query("Button") if "keep" in str(b.label).lower())
        note = dialog.query(Input)
        if note:
            note.first().focus()
            await type_text(pilot, "they froze the role")
        await pilot.click(f"#{keep.id}")
        await settle(pilot)
        onsite = next(i for i in stored(demo_search, NORTHWIND).interviews if i.id == 3)  # type: ignore[union-attr]
        assert onsite.notes.startswith("Cancelled")
        await keys(pilot, "u")
        onsite = next(i for i in stored(demo_search, NORTHWIND).interviews if i.id == 3)  # type: ignore[union-attr]
        assert not onsite.notes.startswith("Cancelled")


# A message ----------------------------------------------------------------------------------------


@sync
async def test_a_message_is_edited_deleted_undone_and_redone(make_app: ..., demo_search: Database) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_entry(pilot, ACME, "message:2")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditMessageForm)
        text = app.screen.query_one("#text", TextArea)
        text.text = "Thanks! Let's talk on Thursday."
        await save(pilot)
        reply = next(m for m in stored(demo_search, ACME).messages if m.id == 2)  # type: ignore[union-attr]
        assert reply.text == "Thanks! Let's talk on Thursday."
        assert timeline_cursor(app) == "message:2"

        await on_entry(pilot, ACME, "message:3")  # the thank-you, logged by mistake
        await keys(pilot, "x", "y")
        assert [m.id for m in stored(demo_search, ACME).messages] == [1, 2]  # type: ignore[union-attr]
        assert any(n.startswith("Deleted the thank-you to Rita Ray") for n in notices(app)), notices(app)
        await keys(pilot, "u")
        assert [m.id for m in stored(demo_search, ACME).messages] == [1, 2, 3]  # type: ignore[union-attr]
        assert timeline_cursor(app) == "message:3"
        await keys(pilot, "ctrl+y")
        assert [m.id for m in stored(demo_search, ACME).messages] == [1, 2]  # type: ignore[union-attr]
        await keys(pilot, "u", "u")
        reply = next(m for m in stored(demo_search, ACME).messages if m.id == 2)  # type: ignore[union-attr]
        assert reply.text != "Thanks! Let's talk on Thursday."


@sync
async def test_a_logged_message_says_a_sentence_and_stays_highlighted(make_app: ..., demo_search: Database) -> None:
    """The message form starts on the routed contact (Acme's recruiter), and the notice reads as a sentence."""
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, ACME)
        await pilot.press("m")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MessageForm)
        assert form.query_one("#contact", Select).value == "Rita Ray"
        await save(pilot)
        messages = stored(demo_search, ACME).messages  # type: ignore[union-attr]
        added = max(messages, key=lambda m: m.id)
        assert added.contact == "Rita Ray"
        assert "Logged your follow-up to Rita Ray (Acme Analytics). (u undoes)" in notices(app)
        assert app.main.selected == ACME and timeline_cursor(app) == f"message:{added.id}"
        await keys(pilot, "u")
        assert max(m.id for m in stored(demo_search, ACME).messages) == 3  # type: ignore[union-attr]
        await keys(pilot, "ctrl+y")
        assert max(m.id for m in stored(demo_search, ACME).messages) == added.id  # type: ignore[union-attr]


@sync
async def test_logging_a_today_item_keeps_the_process_selected_and_today_on_the_nearest(
    make_app: ..., demo_search: Database
) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        today = app.main.query_one("#today", OptionList)
        today.focus()
        items = app.main.query_one(TodayPane)._items
        due = [(oid, a) for oid, a in items.items() if a.action in ("follow_up", "check_in", "thank_you")]
        assert len(due) >= 2
        oid, action = due[0]
        today.highlighted = today.get_option_index(oid)
        await pilot.pause()
        at = today.highlighted
        assert app.main.selected == action.process_id
        await pilot.press("d")
        await pilot.pause()
        await save(pilot)
        assert app.main.selected == action.process_id, "the process just logged stays selected"
        assert today.highlighted == at, "Today stays on the row where the logged item was"
        assert (timeline_cursor(app) or "").startswith("message:")


# The link and the notes ---------------------------------------------------------------------


@sync
async def test_o_opens_the_link_with_the_opener(
    make_app: ..., demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "opened.jsonl"
    monkeypatch.setenv("NUDGE_OPENER", str(recorder(tmp_path / "bin", "opener", log)))
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, ACME)
        await keys(pilot, "o")
        assert [r["argv"] for r in runs(log)] == [["https://acme.example/jobs/42"]]
        await pilot.press("enter")
        await pilot.pause()
        await keys(pilot, "o")  # the same from the process view
        assert len(runs(log)) == 2
        assert any(n.startswith("Opened the link with opener") for n in notices(app)), notices(app)


@sync
async def test_o_without_a_display_says_so_and_offers_to_copy(
    make_app: ..., demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NUDGE_OPENER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, ACME)
        await keys(pilot, "o")
        offer = app.screen
        assert isinstance(offer, CopyOffer)
        assert "no graphical display" in offer.why
        await keys(pilot, "y")
        assert not isinstance(app.screen, CopyOffer)


@sync
async def test_o_refuses_a_link_that_is_not_a_web_address(make_app: ..., demo_path: Path) -> None:
    with Repository(demo_path) as repo:
        acme = repo.process(ACME)
        assert acme is not None
        from dataclasses import replace

        from app.storage.records import process_ref

        repo.edit_process(process_ref(acme), replace(acme, link="javascript:alert(1)"))
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, ACME)
        await keys(pilot, "o")
        assert not isinstance(app.screen, CopyOffer)
        assert any(n.startswith("Not opened:") for n in notices(app)), notices(app)


@sync
async def test_E_edits_the_notes_in_the_editor_as_an_undoable_edit(
    make_app: ..., demo_search: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = (
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write(text + 'Ask about the on-call rota.\\n')\n"
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(write_script(tmp_path / "bin", "editor", body)))
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = stored(demo_search, ACME).notes  # type: ignore[union-attr]
        await on_process(pilot, ACME)
        await keys(pilot, "E")
        after = stored(demo_search, ACME).notes  # type: ignore[union-attr]
        assert after.endswith("Ask about the on-call rota.") and after.startswith(before.strip())
        await keys(pilot, "u")
        assert stored(demo_search, ACME).notes == before  # type: ignore[union-attr]
        await keys(pilot, "ctrl+y")
        assert stored(demo_search, ACME).notes == after  # type: ignore[union-attr]


@sync
async def test_E_without_an_editor_opens_a_text_area(
    make_app: ..., demo_search: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await on_process(pilot, ACME)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, NotesForm)
        app.screen.query_one("#notes", TextArea).text = "Referral from Sam."
        await save(pilot)
        assert stored(demo_search, ACME).notes == "Referral from Sam."  # type: ignore[union-attr]
        assert isinstance(app.screen, EditingView) and app.screen.process.notes == "Referral from Sam."
