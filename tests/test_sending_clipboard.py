"""Copying: OSC 52 always, a system clipboard program where one exists, and a message saying which.

The clipboard programs are recording scripts named wl-copy, xclip, xsel and
pbcopy on a PATH of their own; they log their arguments and the text they got
on stdin.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sending_scripts import bare_env, recorder, runs, write_script

from app.sending.clipboard import OSC52_MESSAGE, Copied, clipboard_programs, copy_text

TEXT = "Hi Zoë,\n\nThank you for the onsite — 10% & more?\n"


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    return tmp_path / "bin"


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "copied.jsonl"


def install(bin_dir: Path, log: Path, *names: str, failing: tuple[str, ...] = ()) -> None:
    for name in names:
        recorder(bin_dir, name, log, status=1 if name in failing else 0, read_stdin=True)


WAYLAND_AND_X = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}


def test_wayland_copies_with_wl_copy_first(bin_dir: Path, log: Path) -> None:
    install(bin_dir, log, "wl-copy", "xclip", "xsel")
    sent: list[str] = []
    copied = copy_text(TEXT, osc52=sent.append, env=bare_env(bin_dir, **WAYLAND_AND_X), platform="linux")
    assert copied == Copied(True, "Copied with wl-copy.", "wl-copy")
    assert sent == [TEXT]  # the terminal is asked too: over SSH it may be the only clipboard that matters
    assert [(r["name"], r["argv"], r["stdin"]) for r in runs(log)] == [("wl-copy", [], TEXT)]


def test_x11_copies_with_xclip_to_the_clipboard_selection(bin_dir: Path, log: Path) -> None:
    install(bin_dir, log, "wl-copy", "xclip", "xsel")
    copied = copy_text(TEXT, env=bare_env(bin_dir, DISPLAY=":0"), platform="linux")
    assert copied == Copied(True, "Copied with xclip.", "xclip")
    assert [(r["name"], r["argv"], r["stdin"]) for r in runs(log)] == [("xclip", ["-selection", "clipboard"], TEXT)]


def test_xsel_when_there_is_no_xclip(bin_dir: Path, log: Path) -> None:
    install(bin_dir, log, "xsel")
    copied = copy_text(TEXT, env=bare_env(bin_dir, **WAYLAND_AND_X), platform="linux")
    assert copied.message == "Copied with xsel."
    assert [(r["name"], r["argv"]) for r in runs(log)] == [("xsel", ["--clipboard", "--input"])]


def test_a_failing_program_falls_through_to_the_next(bin_dir: Path, log: Path) -> None:
    install(bin_dir, log, "wl-copy", "xclip", failing=("wl-copy",))
    copied = copy_text(TEXT, env=bare_env(bin_dir, **WAYLAND_AND_X), platform="linux")
    assert copied == Copied(True, "Copied with xclip.", "xclip")
    assert [r["name"] for r in runs(log)] == ["wl-copy", "xclip"]


def test_macos_copies_with_pbcopy(bin_dir: Path, log: Path) -> None:
    install(bin_dir, log, "pbcopy", "xclip")
    copied = copy_text(TEXT, env=bare_env(bin_dir, DISPLAY=":0"), platform="darwin")
    assert copied == Copied(True, "Copied with pbcopy.", "pbcopy")
    assert [(r["name"], r["stdin"]) for r in runs(log)] == [("pbcopy", TEXT)]


def test_over_ssh_only_the_terminal_is_asked_and_that_is_said(bin_dir: Path, log: Path) -> None:
    install(bin_dir, log, "wl-copy", "xclip", "xsel")  # installed, but no display to copy to
    sent: list[str] = []
    copied = copy_text(TEXT, osc52=sent.append, env=bare_env(bin_dir), platform="linux")
    assert copied == Copied(True, OSC52_MESSAGE, "osc52")
    assert copied.message == "Sent to the terminal's clipboard (OSC 52); your terminal must allow it."
    assert sent == [TEXT]
    assert runs(log) == []


def test_when_every_program_fails_the_terminal_message_says_so(bin_dir: Path, log: Path) -> None:
    install(bin_dir, log, "wl-copy", "xclip", "xsel", failing=("wl-copy", "xclip", "xsel"))
    copied = copy_text(TEXT, osc52=lambda _text: None, env=bare_env(bin_dir, **WAYLAND_AND_X), platform="linux")
    assert copied.ok and copied.via == "osc52"
    assert copied.message == (
        "Sent to the terminal's clipboard (OSC 52); your terminal must allow it"
        " (wl-copy failed (exit status 1); xclip failed (exit status 1); xsel failed (exit status 1))."
    )


def test_programs_not_on_path_are_not_run(bin_dir: Path, tmp_path: Path, log: Path) -> None:
    install(tmp_path / "elsewhere", log, "wl-copy", "xclip")
    copied = copy_text(TEXT, env=bare_env(bin_dir, **WAYLAND_AND_X), platform="linux")
    assert copied == Copied(False, "Could not copy: no clipboard program was found (wl-copy or xclip or xsel).", "")
    assert runs(log) == []


def test_with_nothing_to_copy_with_nothing_is_claimed(bin_dir: Path) -> None:
    copied = copy_text(TEXT, env=bare_env(bin_dir), platform="linux")
    assert not copied.ok and copied.via == ""
    assert copied.message == (
        "Could not copy: there is no graphical display here for a clipboard program, and no terminal to send it to."
    )


def test_a_hanging_program_is_given_up_on(bin_dir: Path) -> None:
    write_script(bin_dir, "wl-copy", "import time\ntime.sleep(60)\n")
    copied = copy_text(TEXT, osc52=lambda _text: None, env=bare_env(bin_dir, WAYLAND_DISPLAY="w"), wait=0.2)
    assert copied.message.endswith("(wl-copy did not finish).")


def test_the_text_is_passed_on_stdin_never_as_an_argument(bin_dir: Path, log: Path) -> None:
    install(bin_dir, log, "wl-copy")
    hostile = "$(touch pwned); `touch pwned` | rm -rf ~ \x00 end"
    assert copy_text(hostile, env=bare_env(bin_dir, WAYLAND_DISPLAY="w"), platform="linux").ok
    [run] = runs(log)
    assert run["argv"] == [] and run["stdin"] == hostile
    assert not (bin_dir / "pwned").exists() and not Path("pwned").exists()


def test_the_order_of_programs_per_session() -> None:
    assert clipboard_programs({"WAYLAND_DISPLAY": "w", "DISPLAY": ":0"}, "linux") == (
        ("wl-copy",),
        ("xclip", "-selection", "clipboard"),
        ("xsel", "--clipboard", "--input"),
    )
    assert clipboard_programs({"DISPLAY": ":0"}, "freebsd14") == (
        ("xclip", "-selection", "clipboard"),
        ("xsel", "--clipboard", "--input"),
    )
    assert clipboard_programs({}, "linux") == ()
    assert clipboard_programs({"DISPLAY": ":0"}, "darwin") == (("pbcopy",),)


def test_the_dashboards_own_copy_is_the_osc52_step(bin_dir: Path) -> None:
    from textual.app import App

    app: App[None] = App()

    async def run() -> Copied:
        async with app.run_test():
            return copy_text(TEXT, osc52=app.copy_to_clipboard, env=bare_env(bin_dir), platform="linux")

    copied = asyncio.run(run())
    assert copied.message == OSC52_MESSAGE
    assert app.clipboard == TEXT
