"""Opening links and drafts: only web and mail URLs, through the opener set, and honest when none can.

The opener is always a recording script (through the `opener` argument,
`NUDGE_OPENER`, or a fake `xdg-open` / `gio` / `open` on PATH), never a real
browser or mail client.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from sending_scripts import bare_env, recorder, runs, write_script

from app.sending.links import url_problem, web_link
from app.sending.mailto import mailto_url
from app.sending.opener import Opened, find_opener, open_in_app, open_url

LINK = "https://jobs.acme.example/careers/42?ref=nudge&x=1#apply"


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    return tmp_path / "bin"


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "opened.jsonl"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(document.cookie)", "not javascript:"),
        ("JavaScript:alert(1)", "not javascript:"),
        ("file:///etc/passwd", "not file:"),
        ("data:text/html,<script>alert(1)</script>", "not data:"),
        ("vbscript:msgbox", "not vbscript:"),
        ("ftp://files.acme.example/cv.pdf", "not ftp:"),
        ("ms-settings:privacy", "not ms-settings:"),
        ("acme.example/careers", "no scheme"),
        ("", "no link"),
        ("   ", "no link"),
        ("https://", "no host"),
        ("http:///etc/passwd", "no host"),
        ("https://acme.example/a b", "spaces or control"),
        ("https://acme.example/\x1b]52;c;aGk=\x07", "spaces or control"),
        ("mailto:rita@acme.example\r\nBcc: eve@evil.example", "spaces or control"),
        ("https://acme.example/" + "a" * 70_000, "too long"),
        ("http://[::1", "not a valid"),
    ],
)
def test_only_web_and_mail_links_are_opened(bin_dir: Path, log: Path, url: str, reason: str) -> None:
    opener = recorder(bin_dir, "record-open", log)
    opened = open_url(url, opener=str(opener), env=bare_env(bin_dir, DISPLAY=":0"))
    assert not opened.ok
    assert opened.message.startswith("Not opened: ")
    assert reason in opened.message
    assert runs(log) == []
    if len(url) > 30:
        assert url not in opened.message


@pytest.mark.parametrize("url", [LINK, "http://acme.example", "HTTPS://ACME.EXAMPLE/X", "mailto:rita@acme.example"])
def test_openable_urls_have_no_problem(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize(
    ("typed", "opened"),
    [
        ("acme.example/careers/42", "https://acme.example/careers/42"),
        ("  www.acme.co.uk  ", "https://www.acme.co.uk"),
        ("jobs.acme.example:8443/x?y=1", "https://jobs.acme.example:8443/x?y=1"),
        (LINK, LINK),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("rita@acme.example", "rita@acme.example"),
        ("notes about the job", "notes about the job"),
    ],
)
def test_a_link_typed_without_its_scheme_is_a_web_link(typed: str, opened: str) -> None:
    assert web_link(typed) == opened


def test_the_opener_argument_gets_the_url_as_its_last_word(bin_dir: Path, log: Path) -> None:
    opener = recorder(bin_dir, "record-open", log)
    opened = open_url(LINK, opener=[str(opener), "--new-window"], env=bare_env(bin_dir))
    assert opened.ok
    assert opened.message == "Opened the link with record-open."
    assert [r["argv"] for r in runs(log)] == [["--new-window", LINK]]


def test_nudge_opener_is_split_with_shell_rules_and_found_on_path(bin_dir: Path, log: Path) -> None:
    recorder(bin_dir, "record-open", log)
    draft = mailto_url("rita@acme.example", "Following up: Data Engineer at Acme", "Hi Rita,\n\nAny news?")
    env = bare_env(bin_dir, NUDGE_OPENER="record-open --profile 'two words'")
    opened = open_url(draft, env=env)
    assert opened.ok
    assert opened.message == "Opened the mail draft with record-open."
    assert [r["argv"] for r in runs(log)] == [["--profile", "two words", draft]]


def test_the_opener_argument_wins_over_nudge_opener(bin_dir: Path, log: Path) -> None:
    recorder(bin_dir, "from-env", log)
    recorder(bin_dir, "from-argument", log)
    assert open_url(LINK, opener="from-argument", env=bare_env(bin_dir, NUDGE_OPENER="from-env")).ok
    assert [r["name"] for r in runs(log)] == ["from-argument"]


def test_a_failing_opener_is_reported(bin_dir: Path, log: Path) -> None:
    recorder(bin_dir, "xdg-open", log, status=3)
    opened = open_url(LINK, env=bare_env(bin_dir, DISPLAY=":0"), platform="linux")
    assert not opened.ok
    assert opened.message == "Could not open the link: xdg-open failed (exit status 3). Copy it instead."
    assert len(runs(log)) == 1


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("no-such-opener --x", "NUDGE_OPENER names a program that was not found (no-such-opener)"),
        ("record-open 'unclosed", "NUDGE_OPENER could not be read (No closing quotation)"),
    ],
)
def test_a_bad_nudge_opener_is_named(bin_dir: Path, log: Path, setting: str, said: str) -> None:
    recorder(bin_dir, "record-open", log)
    opened = open_url(LINK, env=bare_env(bin_dir, NUDGE_OPENER=setting, DISPLAY=":0"), platform="linux")
    assert not opened.ok
    assert opened.message == f"Could not open the link: {said}. Copy it instead."
    assert runs(log) == []


def test_without_a_display_nothing_is_opened_and_that_is_said(bin_dir: Path, log: Path) -> None:
    recorder(bin_dir, "xdg-open", log)  # installed, but over SSH it would open nothing the user can see
    opened = open_url(mailto_url(None, "S", "B"), env=bare_env(bin_dir), platform="linux")
    assert not opened.ok
    assert opened.message == (
        "Could not open the mail draft: there is no graphical display here (a session over SSH?). Copy it instead."
    )
    assert runs(log) == []


@pytest.mark.parametrize("display", [{"DISPLAY": ":0"}, {"WAYLAND_DISPLAY": "wayland-0"}])
def test_on_a_desktop_xdg_open_is_used(bin_dir: Path, log: Path, display: dict[str, str]) -> None:
    recorder(bin_dir, "xdg-open", log)
    recorder(bin_dir, "gio", log)
    opened = open_url(LINK, env=bare_env(bin_dir, **display), platform="linux")
    assert opened.ok and opened.message == "Opened the link with xdg-open."
    assert [(r["name"], r["argv"]) for r in runs(log)] == [("xdg-open", [LINK])]


def test_gio_open_when_there_is_no_xdg_open(bin_dir: Path, log: Path) -> None:
    recorder(bin_dir, "gio", log)
    assert open_url(LINK, env=bare_env(bin_dir, DISPLAY=":0"), platform="linux").ok
    assert [(r["name"], r["argv"]) for r in runs(log)] == [("gio", ["open", LINK])]


def test_a_desktop_without_an_opener_says_what_to_install(bin_dir: Path) -> None:
    opened = open_url(LINK, env=bare_env(bin_dir, DISPLAY=":0"), platform="linux")
    assert not opened.ok
    assert "no program to open links was found (xdg-open or gio; or set NUDGE_OPENER)" in opened.message


def test_macos_uses_open_without_a_display_variable(bin_dir: Path, log: Path) -> None:
    recorder(bin_dir, "open", log)
    opened = open_url(LINK, env=bare_env(bin_dir), platform="darwin")
    assert opened.ok and opened.message == "Opened the link with open."
    assert [r["argv"] for r in runs(log)] == [[LINK]]


def test_an_opener_that_cannot_be_started_is_reported(bin_dir: Path) -> None:
    broken = bin_dir / "broken-open"
    bin_dir.mkdir()
    broken.write_bytes(b"\x7fELF not really")
    broken.chmod(0o755)
    opened = open_url(LINK, opener=str(broken), env=bare_env(bin_dir))
    assert not opened.ok
    assert opened.message.startswith("Could not open the link: broken-open could not be started (")


def test_an_opener_still_running_has_opened_it(tmp_path: Path, bin_dir: Path) -> None:
    # Some openers are the browser itself and stay: not waited for beyond `wait`. The script blocks on a
    # FIFO until the test releases it, so this does not depend on timing.
    gate = tmp_path / "gate"
    os.mkfifo(gate)
    stays = write_script(bin_dir, "stays-open", f"open({str(gate)!r}).read()\n")
    opened = open_url(LINK, opener=str(stays), env=bare_env(bin_dir), wait=0.01)
    with gate.open("w") as release:
        release.write("done\n")
    assert opened.ok and opened.message == "Opened the link with stays-open."


def test_find_opener_reports_the_command(bin_dir: Path) -> None:
    recorder(bin_dir, "xdg-open", bin_dir / "unused.jsonl")
    found = find_opener(env=bare_env(bin_dir, WAYLAND_DISPLAY="wayland-0"), platform="linux")
    assert found.command == (str(bin_dir / "xdg-open"),) and found.missing == ""


class WebServedApp:
    """Stands in for a textual-serve session, which a test cannot start: it records what Textual was given."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    @property
    def is_web(self) -> bool:
        return True

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.opened.append(url)


def test_a_web_served_dashboard_hands_the_url_to_textual(bin_dir: Path, log: Path) -> None:
    recorder(bin_dir, "record-open", log)
    app = WebServedApp()
    opened = open_in_app(app, LINK, opener="record-open", env=bare_env(bin_dir))
    assert opened.ok and opened.message == "Sent the link to your browser to open."
    assert app.opened == [LINK]
    assert runs(log) == []
    assert not open_in_app(app, "javascript:alert(1)").ok
    assert app.opened == [LINK]


def test_a_terminal_dashboard_runs_the_opener(bin_dir: Path, log: Path) -> None:
    from textual.app import App

    recorder(bin_dir, "record-open", log)
    app: App[None] = App()

    async def run() -> Opened:
        async with app.run_test():
            return open_in_app(app, LINK, env=bare_env(bin_dir, NUDGE_OPENER="record-open"))

    opened = asyncio.run(run())
    assert opened.ok and opened.message == "Opened the link with record-open."
    assert [r["argv"] for r in runs(log)] == [[LINK]]
