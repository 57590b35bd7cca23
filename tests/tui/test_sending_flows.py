"""Sending from Today in one step: `w` opens a mail draft, `ctrl+e` edits the message, `y` copies it, `d` logs it.

The opener, the editor and the clipboard program are real programs: small
scripts (tests/sending_scripts.py) that record what they were given, found
through NUDGE_OPENER, EDITOR and PATH. Never a real browser or mail client.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from engines import Database
from textual.pilot import Pilot
from textual.widgets import DataTable, Static, TextArea

from app.tui.app import NudgeApp
from app.tui.forms import MessageForm
from tests.sending_scripts import recorder, runs, write_script

from .conftest import SIZE, reopened, sync
from .driving import settle, type_text
from .test_flows import highlight

MakeApp = Callable[..., NudgeApp]

EDIT = "I hope your week is going well."
EDITED = "Edited in my own editor, with care."


@pytest.fixture
def bare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No display, no opener, no editor, and a PATH holding only a folder of the test's own programs."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "NUDGE_OPENER", "VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir


def notices(app: NudgeApp) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications]


def detail(app: NudgeApp) -> str:
    return str(app.query_one("#detail-text", Static).render())


def editor_script(folder: Path) -> Path:
    """An editor that rewrites one sentence of the file it is given, as a person would."""
    body = (
        "path = sys.argv[-1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        f"open(path, 'w', encoding='utf-8').write(text.replace({EDIT!r}, {EDITED!r}))\n"
    )
    return write_script(folder, "myeditor", body)


def draft_of(url: str) -> tuple[str, str, str]:
    """(recipient, subject, body) of a mailto: URL."""
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query)
    return unquote(parts.path), query["subject"][0], query["body"][0]


@sync
async def test_w_opens_the_mail_draft_with_the_opener(
    demo_search: Database, make_app: MakeApp, bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "opened.jsonl"
    monkeypatch.setenv("NUDGE_OPENER", str(recorder(bare, "opener", log)))
    app = make_app(demo_search)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await highlight(app, pilot, "Acme Analytics", "follow_up")
        action = app.selected_action()
        assert action is not None and action.message
        await pilot.press("w")
        await settle(pilot)
        [run] = runs(log)
        to, subject, body = draft_of(run["argv"][-1])
        assert to == "rita@acme.example"
        assert subject == "Following up: Data Engineer at Acme Analytics"
        assert body == action.message.replace("\n", "\r\n")
        assert ("Mail draft", "Opened the mail draft with opener. Once it is sent, d logs it.") in notices(app)
    with reopened(demo_search) as repo:  # opening a draft logs nothing
        assert not any(m.text == action.message for p in repo.processes() for m in p.messages)


@sync
async def test_without_a_display_w_says_so_and_y_copies_instead(demo_path: Path, make_app: MakeApp, bare: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await highlight(app, pilot, "Acme Analytics", "follow_up")
        action = app.selected_action()
        assert action is not None and action.message
        await pilot.press("w")
        await settle(pilot)
        title, message = notices(app)[-1]
        assert title == "Not opened: y copies the message"
        assert message == (
            "Could not open the mail draft: there is no graphical display here (a session over SSH?). Copy it instead."
        )
        await pilot.press("y")
        await settle(pilot)
        # No clipboard program and no display: only the terminal was asked, and the notice says it must allow it.
        assert notices(app)[-1] == ("Copied", "Sent to the terminal's clipboard (OSC 52); your terminal must allow it.")
        assert app.clipboard == action.message


@sync
async def test_y_uses_a_system_clipboard_program_where_there_is_one(
    demo_path: Path, make_app: MakeApp, bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "copied.jsonl"
    recorder(bare, "xclip", log, read_stdin=True)
    monkeypatch.setenv("DISPLAY", ":0")
    app = make_app(demo_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await highlight(app, pilot, "Acme Analytics", "follow_up")
        action = app.selected_action()
        assert action is not None and action.message
        await pilot.press("y")
        await settle(pilot)
        assert notices(app)[-1] == ("Copied", "Copied with xclip.")
    [run] = runs(log)
    assert run["argv"] == ["-selection", "clipboard"] and run["stdin"] == action.message


@sync
async def test_ctrl_e_edits_the_message_then_w_y_and_d_use_the_edited_text(
    demo_search: Database, make_app: MakeApp, bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "opened.jsonl"
    monkeypatch.setenv("NUDGE_OPENER", str(recorder(bare, "opener", log)))
    monkeypatch.setenv("EDITOR", str(editor_script(bare)))
    app = make_app(demo_search)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await highlight(app, pilot, "Acme Analytics", "follow_up")
        action = app.selected_action()
        assert action is not None and action.message and EDIT in action.message
        edited = action.message.replace(EDIT, EDITED)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert notices(app)[-1][0] == "Message edited"
        assert EDITED in detail(app) and EDIT not in detail(app)  # the preview shows the edited text
        now = app.selected_action()
        assert now is not None and (now.company, now.action, now.message) == ("Acme Analytics", "follow_up", edited)
        await pilot.press("w")
        await settle(pilot)
        assert draft_of(runs(log)[-1]["argv"][-1])[2] == edited.replace("\n", "\r\n")
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == edited
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MessageForm)
        assert form.query_one("#text", TextArea).text == edited
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MessageForm)
    with reopened(demo_search) as repo:
        [acme] = [p for p in repo.processes() if p.company == "Acme Analytics"]
        assert [m.text for m in acme.messages if m.text == edited] == [edited]
        assert not any(m.text == action.message for m in acme.messages)


@sync
async def test_an_editor_that_changes_nothing_keeps_the_suggested_text(
    demo_path: Path, make_app: MakeApp, bare: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", str(write_script(bare, "lookonly", "pass\n")))
    app = make_app(demo_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await highlight(app, pilot, "Acme Analytics", "follow_up")
        before = app.selected_action()
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert notices(app)[-1] == ("Message", "The text was left unchanged.")
        assert app.selected_action() == before


@sync
async def test_without_an_editor_ctrl_e_says_how_to_set_one(demo_path: Path, make_app: MakeApp, bare: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await highlight(app, pilot, "Acme Analytics", "follow_up")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert notices(app)[-1] == ("Message", "No editor is set: set $VISUAL or $EDITOR.")


async def palette_choose(app: NudgeApp, pilot: Pilot[None], typed: str) -> None:
    """Open the palette, type, wait for its search (a worker), take the first hit."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await type_text(pilot, typed)
    await pilot.pause(0.3)
    await settle(pilot)  # the search's worker; never the listener, which runs until the app stops
    await pilot.press("enter")
    await settle(pilot)


@sync
async def test_the_palette_goes_to_a_process_by_a_contact_name_or_a_closed_company(
    demo_search: Database, make_app: MakeApp
) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette_choose(app, pilot, "rita ray")
        acme = next(p for p in app.model.processes.values() if p.company == "Acme Analytics")
        assert app.selected == acme.id
        assert app.focused is app.query_one("#processes", DataTable)
        closed = next(p for p in app.model.processes.values() if not p.is_open)
        assert not app.show_closed
        await palette_choose(app, pilot, f"Go to {closed.company}")
        assert (app.selected, app.show_closed) == (closed.id, True)
