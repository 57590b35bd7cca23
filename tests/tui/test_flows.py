"""Keyboard flows through the dashboard, checked against what got stored.

Every test drives a real NudgeApp at 2026-11-25, then reads what was saved through
a fresh Repository. The flows that store something run on each engine
(`demo_search`, `empty_search`: a SQLite file, a PostgreSQL database); keys,
layout and filters, which never reach the database, on a SQLite file only.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from engines import SQLITE, Database
from support import DEMO
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, OptionList, Select, Static

from app.backup import Backup
from app.rules.values import Contact, Interview, Message, Moment, Process
from app.storage.repository import Repository
from app.tui.app import NudgeApp
from app.tui.dialogs import ExportDialog, HelpScreen, MoveOnDialog, StatusDialog
from app.tui.forms import InterviewForm, MessageForm, ProcessForm
from app.tui.panes import FIRST_ITEMS

from .conftest import DAY, SIZE, Place, reopened, sync
from .driving import settle, type_text

MakeApp = Callable[..., NudgeApp]


def stored(place: Place) -> dict[str, Process]:
    """What the database holds now, by company, read through a fresh Repository."""
    with reopened(place) as repo:
        return {p.company: p for p in repo.processes()}


def rows(app: NudgeApp) -> int:
    return app.query_one("#processes", DataTable).row_count


async def highlight(app: NudgeApp, pilot: Pilot[None], company: str, action: str) -> None:
    """Move down the Today list until the item for `company` / `action` is highlighted."""
    for _ in range(30):
        current = app.selected_action()
        if current is not None and current.company == company and current.action == action:
            return
        await pilot.press("down")
    raise AssertionError(f"no {action} item for {company} in the Today pane")


# 1. Start-up -----------------------------------------------------------------


@sync
async def test_startup_shows_demo_data(demo_search: Database, make_app: MakeApp) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.loaded
        assert app.focused is app.query_one("#today", OptionList)
        first = app.selected_action()
        assert first is not None
        assert (first.company, first.action) == ("Hooli", "move_on")
        assert app.selected == first.process_id
        assert rows(app) == DEMO["open"]
        await pilot.press("c")
        await pilot.pause()
        assert rows(app) == DEMO["process"]
        await pilot.press("c")
        await pilot.pause()
        assert rows(app) == DEMO["open"]


@sync
async def test_startup_on_empty_database(empty_search: Database, make_app: MakeApp) -> None:
    app = make_app(empty_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.loaded
        assert app.selected_action() is None
        assert app.selected is None
        assert rows(app) == 0
        assert "No active processes yet" in str(app.query_one("#processes-empty", Static).render())


# 2. Add a process ------------------------------------------------------------


@sync
async def test_add_process_with_contact(empty_search: Database, make_app: MakeApp) -> None:
    app = make_app(empty_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ProcessForm)
        assert app.focused is app.screen.query_one("#company")
        await type_text(pilot, "Acme Corp")
        await pilot.press("tab")
        await type_text(pilot, "Data Engineer")
        await pilot.press("tab")
        await type_text(pilot, "Rita Ray")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ProcessForm)
        assert rows(app) == 1
        assert app.selected is not None
        assert app.model.processes[app.selected].company == "Acme Corp"

    saved = stored(empty_search)
    assert list(saved) == ["Acme Corp"]
    process = saved["Acme Corp"]
    assert (process.role, process.status) == ("Data Engineer", "active")
    assert [(c.name, c.role) for c in process.contacts] == [("Rita Ray", "recruiter")]


@sync
async def test_add_process_needs_a_company(empty_path: Path, make_app: MakeApp) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "Data Engineer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProcessForm)
        assert "the company is required" in str(form.query_one("#company-note", Static).render())
        assert form.query_one("#company").has_class("-invalid")
        assert app.focused is form.query_one("#company")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProcessForm)
        assert rows(app) == 0
    assert stored(empty_path) == {}


@sync
async def test_add_process_escape_cancels(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Cancelled Co")
        await pilot.press("tab")
        await type_text(pilot, "Nobody")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProcessForm)
        assert rows(app) == DEMO["open"]
    saved = stored(demo_path)
    assert "Cancelled Co" not in saved
    assert len(saved) == DEMO["process"]


# 3. Schedule an interview ----------------------------------------------------


@sync
async def test_schedule_interview(demo_search: Database, make_app: MakeApp) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pid = app.selected
        assert pid is not None
        company = app.model.processes[pid].company
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InterviewForm)
        form.query_one("#kind", Select).value = "technical"
        when = form.query_one("#when", Input)
        assert when.value == "today"
        await pilot.press("tab")
        assert app.focused is when
        when.value = ""
        await type_text(pilot, "tue 14:00")
        await pilot.pause()
        assert "Tue 1 Dec" in str(form.query_one("#when-note", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, InterviewForm)
        upcoming = app.model.agenda().upcoming
        assert any(a.company == company and a.action == "prepare" and a.due == date(2026, 12, 1) for a in upcoming)
        today_list = app.query_one("#today", OptionList)
        prompts = [str(today_list.get_option_at_index(i).prompt) for i in range(today_list.option_count)]
        assert any("Prepare" in p and company in p for p in prompts)

    process = stored(demo_search)[company]
    booked = [i for i in process.interviews if i.at.iso() == "2026-12-01T14:00"]
    assert len(booked) == 1
    assert booked[0].kind == "technical"


# 4. Done on a follow-up ------------------------------------------------------


@sync
async def test_done_logs_the_follow_up(demo_search: Database, make_app: MakeApp) -> None:
    before = stored(demo_search)["Acme Analytics"]
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await highlight(app, pilot, "Acme Analytics", "follow_up")
        await pilot.press("d")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MessageForm)
        assert form.query_one("#direction", Select).value == "out"
        assert form.query_one("#purpose", Select).value == "follow_up"
        assert form.query_one("#contact", Select).value == "Rita Ray"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MessageForm)
        due = app.model.agenda().due
        assert not any(a.company == "Acme Analytics" and a.action == "follow_up" for a in due)

    after = stored(demo_search)["Acme Analytics"]
    new = [m for m in after.messages if m not in before.messages]
    assert len(new) == 1
    message = new[0]
    assert (message.direction, message.purpose, message.contact) == ("out", "follow_up", "Rita Ray")
    assert message.at.day == DAY


# 5. Log an inbound reply -----------------------------------------------------


@sync
async def test_log_inbound_reply_with_signal(demo_search: Database, make_app: MakeApp) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await highlight(app, pilot, "Acme Analytics", "follow_up")
        await pilot.press("m")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MessageForm)
        form.query_one("#direction", Select).value = "in"
        form.query_one("#purpose", Select).value = "reply"
        form.query_one("#contact", Select).value = "Rita Ray"
        form.query_one("#signal", Select).value = "positive"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MessageForm)

    replies = [m for m in stored(demo_search)["Acme Analytics"].messages if m.at.day == DAY]
    assert len(replies) == 1
    assert (replies[0].direction, replies[0].purpose, replies[0].signal) == ("in", "reply", "positive")
    assert replies[0].contact == "Rita Ray"


# 6. Status and undo ----------------------------------------------------------


@sync
async def test_status_rejected_then_undo(demo_search: Database, make_app: MakeApp) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await highlight(app, pilot, "Acme Analytics", "follow_up")
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        statuses = dialog.query_one("#statuses", OptionList)
        assert app.focused is statuses
        while statuses.highlighted_option is None or statuses.highlighted_option.id != "rejected":
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, StatusDialog)
        assert stored(demo_search)["Acme Analytics"].status == "rejected"
        assert rows(app) == DEMO["open"] - 1

        await pilot.press("u")
        await settle(pilot)
        assert stored(demo_search)["Acme Analytics"].status == "active"
        assert rows(app) == DEMO["open"]


# 7. Let a process go ---------------------------------------------------------


@sync
async def test_move_on_close_as_ghosted(demo_search: Database, make_app: MakeApp) -> None:
    app = make_app(demo_search)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await highlight(app, pilot, "Hooli", "move_on")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, MoveOnDialog)
        assert str(app.screen.query_one("#close", Button).label) == "Close as ghosted"  # silence, not a "no"
        await pilot.click("#close")
        await settle(pilot)
        assert not isinstance(app.screen, MoveOnDialog)
        assert rows(app) == DEMO["open"] - 1
    saved = stored(demo_search)
    assert saved["Hooli"].status == "ghosted"
    assert all(
        p.status == "active" for name, p in saved.items() if name not in {"Hooli", "Vandelay Industries", "Soylent"}
    )


# 8. Export -------------------------------------------------------------------


@sync
async def test_export_default_markdown(demo_search: Database, make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(demo_search, export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#path", Input).value == str(tmp_path / "nudge-agenda-2026-11-25.md")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog)
    written = tmp_path / "nudge-agenda-2026-11-25.md"
    assert written.is_file()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert "Hooli" in written.read_text(encoding="utf-8")


# 9. Filter -------------------------------------------------------------------


@sync
async def test_filter_and_clear(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        box = app.query_one("#filter", Input)
        assert box.display
        assert app.focused is box
        await type_text(pilot, "glo")
        await pilot.pause()
        table = app.query_one("#processes", DataTable)
        assert table.row_count == 1
        assert "Globex" in str(table.get_row_at(0)[0])
        await pilot.press("escape")
        await pilot.pause()
        assert box.value == ""
        assert not box.display
        assert table.row_count == DEMO["open"]
        assert app.focused is table


# 10. Help --------------------------------------------------------------------


@sync
async def test_help_opens_and_closes(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.focused is app.query_one("#today", OptionList)


# 11. A large database --------------------------------------------------------


def big_backup(count: int) -> Backup:
    """`count` active processes, each with a screen and a thank-you some days back."""
    processes = []
    for n in range(count):
        day = date(2026, 11, 2 + n % 20)
        contact = Contact(name=f"Recruiter {n}", role="recruiter")
        processes.append(
            Process(
                company=f"Company {n:04d}",
                role=f"Role {n % 7}",
                contacts=(contact,),
                interviews=(
                    Interview(
                        kind="recruiter_screen", at=Moment(datetime.combine(day, time(10))), with_=(contact.name,)
                    ),
                ),
                messages=(
                    Message(
                        at=Moment(datetime.combine(day, time(17))),
                        direction="out",
                        contact=contact.name,
                        purpose="thank_you",
                        channel="email",
                    ),
                ),
            )
        )
    return Backup(None, tuple(processes))


@sync
async def test_large_database_starts(tmp_path: Path, make_app: MakeApp) -> None:
    path = tmp_path / "big.db"
    with Repository(path) as repo:
        repo.merge(big_backup(2000))
        assert repo.count() == 2000
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.loaded
        assert len(app.model.processes) == 2000
        for _ in range(100):  # Today comes first; the 2,000-row table is filled by the load after it
            if rows(app) == 2000:
                break
            await pilot.pause(0.1)
        assert rows(app) == 2000
        assert app.selected is not None
        assert app.selected_action() is not None

        # Long sections list their first items and a "more" line that lists the rest.
        today = app.query_one("#today", OptionList)
        due = len(app.model.agenda().due)
        assert due > FIRST_ITEMS
        listed = [today.get_option_at_index(i).id or "" for i in range(today.option_count)]
        assert sum(i.startswith("item-") for i in listed) == 2 * FIRST_ITEMS
        today.highlighted = listed.index("more-due")
        await pilot.press("enter")
        await pilot.pause()
        listed = [today.get_option_at_index(i).id or "" for i in range(today.option_count)]
        assert "more-due" not in listed and "more-coming" in listed
        assert sum(i.startswith("item-") for i in listed) == due + FIRST_ITEMS
        assert app.selected_action() == app.model.agenda().due[FIRST_ITEMS]  # the cursor stays where the list grew


# 12. Message form rejects a bad date -----------------------------------------


@sync
async def test_message_form_rejects_garbage_date(demo_path: Path, make_app: MakeApp) -> None:
    before = stored(demo_path)
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MessageForm)
        when = form.query_one("#when", Input)
        when.focus()
        when.value = ""
        await type_text(pilot, "garbage")
        await pilot.pause()
        note = form.query_one("#when-note", Static)
        assert str(note.render()).startswith("?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert when.has_class("-invalid")
        assert str(note.render()).startswith("✗")
        assert "Not saved" in str(form.query_one("#form-status", Static).render())
        await pilot.press("escape")
        await settle(pilot)
    assert stored(demo_path) == before


# 13. The configuration file ---------------------------------------------------


@sync
async def test_config_sets_theme_keys_and_horizon_and_keeps_a_new_theme(
    demo_path: Path, make_app: MakeApp, tmp_path: Path
) -> None:
    from app.config import load_config, resolve

    config_file = tmp_path / "config.toml"
    config_file.write_text('# mine\n[dashboard]\ntheme = "nord"\ndays = 2\n\n[dashboard.keys]\ndraft = "D"\n')
    with Repository(demo_path) as repo:
        prefs = resolve(load_config(config_file), repo.settings(), saved=True, db_flag=str(demo_path))
    app = make_app(demo_path, prefs=prefs)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        assert app.model.agenda().days == 2
        await pilot.press("d")  # remapped away: does nothing
        await pilot.pause()
        assert not isinstance(app.screen, (MessageForm, MoveOnDialog))
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, (MessageForm, MoveOnDialog))
        await pilot.press("escape")
        app.theme = "gruvbox"
        await pilot.pause()
    assert config_file.read_text().startswith('# mine\n[dashboard]\ntheme = "gruvbox"\n')


@sync
async def test_opening_the_dashboard_keeps_a_daily_copy(demo_search: Database, make_app: MakeApp) -> None:
    """A copy of the file on SQLite, the JSON export in the local data folder on the server."""
    from app.storage.backups import daily_backups
    from app.storage.location import Server
    from app.storage.server_backups import server_backup_dir

    app = make_app(demo_search, clock=lambda: datetime(2026, 11, 26, 8, 30))  # the real day, whatever --date says
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    if demo_search.engine == SQLITE:
        copies = daily_backups(demo_search.path)
        assert [p.name for p in copies] == ["demo-2026-11-26.db"]
    else:
        assert isinstance(demo_search.location, Server)
        copies = sorted(server_backup_dir(demo_search.location).iterdir())
        assert [p.name for p in copies] == ["nudge-2026-11-26.json"]
        assert '"Hooli"' in copies[0].read_text(encoding="utf-8")
    assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600


@sync
async def test_keys_typed_in_one_burst_land_in_their_fields(empty_path: Path, make_app: MakeApp) -> None:
    """As tmux send-keys delivers them: every key queued before the first Tab is handled, across a Select."""
    from textual import events

    burst = [*"Acme", "tab", *"Data Engineer", "tab", *"Rita Ray", "tab", "tab", *"rita@acme.example", "tab", "tab"]
    burst += [*"https://acme.example/1", "tab", *"GB", "tab", *"SCT", "ctrl+s"]
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        for key in burst:  # all posted before any is handled, as a fast terminal does
            char = " " if key == "space" else (key if len(key) == 1 else None)
            app.post_message(events.Key(key, char))
        await settle(pilot)
    (acme,) = stored(empty_path).values()
    assert (acme.company, acme.role, acme.link, acme.country, acme.subdivision) == (
        "Acme", "Data Engineer", "https://acme.example/1", "GB", "SCT"
    )  # fmt: skip
    assert (acme.contacts[0].name, acme.contacts[0].email) == ("Rita Ray", "rita@acme.example")


# 15. Keys, footer and focus -----------------------------------------------------


def footer_keys(app: NudgeApp) -> dict[str, str]:
    """Footer word -> key as shown, for the keys the footer shows now (the palette's key left out)."""
    from textual.widgets._footer import FooterKey

    return {k.description: k.key_display for k in app.query(FooterKey) if not k.has_class("-command-palette")}


@sync
async def test_the_footer_keeps_help_and_quit_at_every_width(demo_path: Path, make_app: MakeApp) -> None:
    """At 100 columns Textual's footer pushed `? Help  q Quit` out of sight; every key stays findable."""
    from textual.widgets._footer import FooterKey

    from app.tui.keys import REGISTRY, Shown

    for size in ((80, 24), (100, 30), (140, 42), (200, 60)):
        app = make_app(demo_path)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.pause()
            shown = footer_keys(app)
            assert shown.get("Help") == "?" and shown.get("Quit") == "q", size
            assert all(k.region.right <= size[0] for k in app.query(FooterKey)), f"cut off at {size}"
            for key in REGISTRY:
                listed = key.label in shown or key.shown & (Shown.PALETTE | Shown.HELP)
                assert listed, f"{key.action} is nowhere at {size}"
            if size[0] >= 200:
                assert set(shown) >= {k.label for k in REGISTRY if Shown.FOOTER in k.shown}, "room for every key at 200"


@sync
async def test_tab_visits_each_pane_once(demo_path: Path, make_app: MakeApp) -> None:
    """Three panes, three presses: no hidden stop inside Timeline or Today."""
    from app.tui.panes import InterviewsPane, TimelinePane, TodayPane

    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        start = app.focused
        panes = []
        for _ in range(3):
            await pilot.press("tab")
            focused = app.focused
            assert focused is not None
            pane = next(
                n for n in focused.ancestors_with_self if isinstance(n, (InterviewsPane, TimelinePane, TodayPane))
            )
            panes.append(type(pane).__name__)
        assert sorted(panes) == ["InterviewsPane", "TimelinePane", "TodayPane"]
        assert app.focused is start


@sync
async def test_space_scrolls_the_message_and_comes_back(demo_path: Path, make_app: MakeApp) -> None:
    from textual.containers import VerticalScroll

    app = make_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        detail = app.query_one("#detail", VerticalScroll)
        assert detail.max_scroll_y > 0, "the demo's first message fits: nothing to scroll"
        await pilot.press("space")
        await pilot.pause()
        assert detail.scroll_y > 0
        for _ in range(40):
            if detail.scroll_y >= detail.max_scroll_y:
                break
            await pilot.press("space")
            await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert detail.scroll_y == 0, "from the end, space goes back to the top"


@sync
async def test_hints_help_and_footer_show_a_remapped_key(demo_path: Path, make_app: MakeApp, tmp_path: Path) -> None:
    """After `draft = "D"` (an earlier id), nothing still says `d`."""
    from textual.widgets import Markdown

    from app.config import load_config, resolve

    config_file = tmp_path / "config.toml"
    config_file.write_text('[dashboard.keys]\ndraft = "D"\nsearch = "ctrl+f"\n')
    with Repository(demo_path) as repo:
        prefs = resolve(load_config(config_file), repo.settings(), saved=True, db_flag=str(demo_path))
    app = make_app(demo_path, prefs=prefs)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await highlight(app, pilot, "Pied Piper", "follow_up")
        detail = str(app.query_one("#detail-text", Static).render())
        assert "D done (log it)" in detail and "d done" not in detail
        shown = footer_keys(app)
        assert (shown["Done"], shown["Filter"]) == ("D", "^f")
        await pilot.press("question_mark")
        await pilot.pause()
        source = app.screen.query_one(Markdown).source
        assert "| `D` | done:" in source and "press `D`" in source and "| `d` |" not in source


def test_a_key_clash_is_refused_before_the_dashboard_starts(demo_path: Path) -> None:
    """A caller that skipped the config file's check still cannot hide Quit."""
    from app.config import Config, resolve
    from app.errors import BadInput

    with Repository(demo_path) as repo:
        prefs = resolve(Config(demo_path.parent / "none.toml", keys={"draft": "q"}), repo.settings(), saved=True)
        try:
            NudgeApp(repo, DAY, prefs=prefs)
        except BadInput as exc:
            assert '"q" is already the key of quit (Quit)' in str(exc)
        else:
            raise AssertionError("a remap onto Quit's key was accepted")


@sync
async def test_the_palette_runs_registry_actions_on_the_main_screen(demo_path: Path, make_app: MakeApp) -> None:
    from app.tui.commands import COMMANDS
    from app.tui.keys import in_palette

    assert [c[1] for c in COMMANDS] == [k.action for k in in_palette()]
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _, action, _ in COMMANDS:
            assert callable(getattr(app.main, f"action_{action}")), action
        await app.main.run_action("help")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
