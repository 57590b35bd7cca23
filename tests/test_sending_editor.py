"""Editing in $VISUAL / $EDITOR: a private file, read back bounded and normalised, always removed.

The editor is a script on a PATH of its own that logs what it was given (its
arguments, the file's text and permissions) and then does what the test asks:
rewrite the file, leave it, fail, delete it, write too much.
"""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from sending_scripts import bare_env, runs, write_script

from app.sending.editor import MAX_EDITED, Edited, edit_suspended, edit_text, find_editor, normalise

ORIGINAL = "Hi Rita,\n\nI wanted to follow up.\n\nThank you,\nSam"


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    return tmp_path / "bin"


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "edited.jsonl"


def editor(bin_dir: Path, log: Path, then: str = "", status: int = 0, name: str = "fake-edit") -> Path:
    """An editor that logs what it saw, runs `then` (with `path` the file), and exits with `status`."""
    body = (
        "path = sys.argv[-1]\n"
        f"entry = {{'name': {name!r}, 'argv': sys.argv[1:], 'seen': open(path, encoding='utf-8', newline='').read(),\n"
        "         'mode': os.stat(path).st_mode & 0o777, 'dir_mode': os.stat(os.path.dirname(path)).st_mode & 0o777}\n"
        f"with open({str(log)!r}, 'a', encoding='utf-8') as f:\n"
        "    f.write(json.dumps(entry) + '\\n')\n"
        f"{then}\n"
        f"sys.exit({status})\n"
    )
    return write_script(bin_dir, name, body)


def write(text: str) -> str:
    """Editor code that replaces the file's content with `text` (given exactly, as bytes)."""
    return f"open(path, 'wb').write({text.encode('utf-8')!r})"


def only_run(log: Path) -> dict[str, Any]:
    [run] = runs(log)
    return run


def test_the_edited_text_comes_back_normalised(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, write("Hi Rita,  \r\n\r\nCould we talk on Thursday?\r\n\r\nThanks,\r\nSam\r\n\r\n\r\n"))
    edited = edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit"))
    assert edited == Edited("Hi Rita,\n\nCould we talk on Thursday?\n\nThanks,\nSam", "Edited with fake-edit.")
    run = only_run(log)
    assert run["seen"] == ORIGINAL + "\n"  # one final newline, as editors expect
    assert run["mode"] == 0o600 and run["dir_mode"] == 0o700
    assert Path(run["argv"][-1]).name == "message.txt"
    assert not Path(run["argv"][-1]).parent.exists()  # the private folder is gone


def test_editor_arguments_are_split_with_shell_rules(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, write("changed"))
    edited = edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit -w --title 'a message'"))
    assert edited.text == "changed"
    assert only_run(log)["argv"][:-1] == ["-w", "--title", "a message"]


def test_visual_is_preferred_to_editor(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, write("from visual"), name="visual-edit")
    editor(bin_dir, log, write("from editor"), name="plain-edit")
    edited = edit_text(ORIGINAL, env=bare_env(bin_dir, VISUAL="visual-edit", EDITOR="plain-edit"))
    assert edited.text == "from visual"
    assert [r["name"] for r in runs(log)] == ["visual-edit"]
    edited = edit_text(ORIGINAL, env=bare_env(bin_dir, VISUAL="  ", EDITOR="plain-edit"))
    assert edited.text == "from editor"


@pytest.mark.parametrize(
    "then", ["", write(ORIGINAL), write(ORIGINAL + "   \n\n\n"), write(ORIGINAL.replace("\n", "\r\n"))]
)
def test_a_file_left_as_it_was_is_no_edit(bin_dir: Path, log: Path, then: str) -> None:
    editor(bin_dir, log, then)
    assert edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit")) == Edited(
        None, "The text was left unchanged."
    )


def test_a_failing_editor_changes_nothing_and_leaves_no_file(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, write("half-typed secret"), status=1)
    edited = edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit"))
    assert edited == Edited(None, "The editor (fake-edit) failed (exit status 1); nothing was changed.")
    assert not Path(only_run(log)["argv"][-1]).parent.exists()


def test_an_editor_that_cannot_start_leaves_no_file(bin_dir: Path, tmp_path: Path) -> None:
    bin_dir.mkdir()
    broken = bin_dir / "broken-edit"
    broken.write_bytes(b"\x7fELF not really")
    broken.chmod(0o755)
    before = set(Path(os.environ.get("TMPDIR", "/tmp")).glob("nudge-edit-*"))
    edited = edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="broken-edit"))
    assert edited.text is None
    assert edited.message.startswith("The editor (broken-edit) could not be started (")
    assert set(Path(os.environ.get("TMPDIR", "/tmp")).glob("nudge-edit-*")) == before


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({}, "No editor is set: set $VISUAL or $EDITOR."),
        ({"EDITOR": ""}, "No editor is set: set $VISUAL or $EDITOR."),
        ({"EDITOR": "no-such-editor -w"}, "The editor $EDITOR names was not found (no-such-editor)."),
        (
            {"VISUAL": "no-such-editor", "EDITOR": "fake-edit"},
            "The editor $VISUAL names was not found (no-such-editor).",
        ),
        ({"EDITOR": "fake-edit 'unclosed"}, "$EDITOR could not be read (No closing quotation)."),
    ],
)
def test_a_missing_editor_is_named(bin_dir: Path, log: Path, env: dict[str, str], said: str) -> None:
    editor(bin_dir, log, write("never"))
    assert edit_text(ORIGINAL, env=bare_env(bin_dir, **env)) == Edited(None, said)
    assert find_editor(bare_env(bin_dir, **env)).missing == said
    assert runs(log) == []


def test_an_emptied_file_is_no_edit(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, write("\n  \n"))
    edited = edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit"))
    assert edited == Edited(None, "The edited text was empty; nothing was changed.")


def test_a_removed_file_is_no_edit(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, "os.remove(path)")
    edited = edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit"))
    assert edited == Edited(None, "The edited file was removed; nothing was changed.")


def test_an_editor_that_saves_by_renaming_is_read(bin_dir: Path, log: Path) -> None:
    # vim, emacs and most GUI editors write a new file and rename it over the old one.
    editor(bin_dir, log, "open(path + '.new', 'w').write('renamed in\\n'); os.replace(path + '.new', path)")
    assert edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit")).text == "renamed in"


def test_more_than_a_megabyte_is_refused(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, f"open(path, 'w').write('x' * {MAX_EDITED + 1})")
    edited = edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit"))
    assert edited == Edited(None, "The edited text is larger than 1 MB; it was not used.")


def test_exactly_a_megabyte_is_read(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, f"open(path, 'w').write('y' * {MAX_EDITED})")
    assert edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit")).text == "y" * MAX_EDITED


def test_text_that_is_not_utf8_is_refused(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, "open(path, 'wb').write(b'Gr\\xfc\\xdfe')")
    edited = edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit"))
    assert edited == Edited(None, "The edited text is not UTF-8; it was not used.")


def test_a_byte_order_mark_is_dropped(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, "open(path, 'wb').write('\\ufeffGrüße'.encode('utf-8'))")
    assert edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit")).text == "Grüße"


def test_ctrl_c_handling_is_restored_after_the_editor(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, write("changed"))
    before = signal.getsignal(signal.SIGINT)
    edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit"))
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the parent's signal mask from /proc")
def test_ctrl_c_reaches_the_editor_not_nudge(bin_dir: Path, log: Path) -> None:
    # The terminal sends Ctrl+C to the whole foreground group; the editor gets it, the wait goes on.
    # It waits (Linux /proc) until Nudge ignores SIGINT, so the test does not race the parent.
    then = (
        "import signal\n"
        "def ignored():\n"
        "    for line in open(f'/proc/{os.getppid()}/status'):\n"
        "        if line.startswith('SigIgn:'):\n"
        "            return int(line.split()[1], 16) & (1 << (signal.SIGINT - 1))\n"
        "import time\n"
        "give_up = time.monotonic() + 30\n"  # only so a broken Nudge fails the test instead of hanging it
        "while not ignored() and time.monotonic() < give_up:\n"
        "    time.sleep(0.001)\n"
        "os.kill(os.getppid(), signal.SIGINT)\n"
    ) + write("after ctrl-c")
    editor(bin_dir, log, then)
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: caught.append(number))
    try:
        edited = edit_text(ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit"))
    finally:
        signal.signal(signal.SIGINT, previous)
    assert caught == []
    assert edited.text == "after ctrl-c"


def test_the_file_name_is_the_callers_and_plain(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, write("notes"))
    assert edit_text("", env=bare_env(bin_dir, EDITOR="fake-edit"), file_name="acme-notes.md").text == "notes"
    assert Path(only_run(log)["argv"][-1]).name == "acme-notes.md"
    assert only_run(log)["seen"] == ""
    for bad in ("../x.txt", "a/b.txt", "", ".."):
        with pytest.raises(ValueError, match="plain file name"):
            edit_text("x", env=bare_env(bin_dir, EDITOR="fake-edit"), file_name=bad)


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("a\r\nb\rc\n", "a\nb\nc"),
        ("\n\n  indented first\nlast   \n\n", "  indented first\nlast"),
        ("one\n\n\ntwo", "one\n\n\ntwo"),
        ("", ""),
    ],
)
def test_normalise(text: str, normal: str) -> None:
    assert normalise(text) == normal


def test_the_dashboard_runs_the_editor_headless(bin_dir: Path, log: Path) -> None:
    from textual.app import App

    editor(bin_dir, log, write("edited in the app\n"))
    app: App[None] = App()

    async def run() -> Edited:
        async with app.run_test():
            return edit_suspended(app, ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit"))

    assert asyncio.run(run()) == Edited("edited in the app", "Edited with fake-edit.")


class WebServedApp:
    """Stands in for a textual-serve session, which cannot suspend (and a test cannot start)."""

    is_headless = False

    def suspend(self) -> Any:
        from textual.app import SuspendNotSupported

        raise SuspendNotSupported("App.suspend is not supported in this environment.")


def test_a_web_served_dashboard_says_it_cannot_hand_over(bin_dir: Path, log: Path) -> None:
    editor(bin_dir, log, write("never"))
    edited = edit_suspended(WebServedApp(), ORIGINAL, env=bare_env(bin_dir, EDITOR="fake-edit"))
    assert edited == Edited(None, "This session cannot hand the terminal to an editor (a web-served dashboard).")
    assert runs(log) == []


def test_without_an_editor_the_app_is_not_suspended(bin_dir: Path) -> None:
    edited = edit_suspended(WebServedApp(), ORIGINAL, env=bare_env(bin_dir))
    assert edited == Edited(None, "No editor is set: set $VISUAL or $EDITOR.")
