"""Editing text in the user's own editor (`$VISUAL`, else `$EDITOR`), in a private temporary file.

The text is a message to a named person, so it is written to a file only the
user can read (0600) in a folder only they can enter (0700), and both are
removed afterwards whatever happens. The editor setting may carry arguments
(`code -w`, `emacsclient -t`); it is split with shell rules and run without a
shell, with the file as its last argument.

The result is the edited text, or None with the reason: no editor set or
found, the editor failed, the file was removed, left unchanged, emptied, is
larger than `MAX_EDITED` or is not UTF-8. Line ends are read as LF, spaces at
line ends and blank lines at either end dropped (editors add a final newline;
a mail client would trim the rest). While the editor runs, Ctrl+C goes to the
editor alone, as `git commit` does it: vim users press it to leave insert mode.

In the dashboard `edit_suspended` hands the terminal over (`App.suspend`) and
takes it back; a web-served dashboard cannot, and says so.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

from app.sending.commands import environment, find_program, program_name, split_command

EDITOR_VARIABLES: Final = ("VISUAL", "EDITOR")
"""Where the editor is set, in the order Unix programs read them."""

MAX_EDITED: Final = 1_000_000
"""The largest edited file read back, in bytes: far beyond any message, small enough to show."""

_NEW_FILE: Final = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_READ: Final = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_LINE_BREAK: Final = re.compile(r"\r\n?")


@dataclass(frozen=True, slots=True)
class Editor:
    """The editor command (the file is appended), or none and why."""

    command: tuple[str, ...]
    missing: str = ""
    """Why there is none, as a sentence (empty when there is one)."""


@dataclass(frozen=True, slots=True)
class Edited:
    """The edited text (None when there is nothing new to use) and a sentence saying what happened."""

    text: str | None
    message: str


def find_editor(env: Mapping[str, str] | None = None) -> Editor:
    """The editor `$VISUAL` or else `$EDITOR` names, found on PATH."""
    environ = environment(env)
    for variable in EDITOR_VARIABLES:
        setting = environ.get(variable, "").strip()
        if not setting:
            continue
        try:
            words = split_command(setting)
        except ValueError as exc:
            return Editor((), f"${variable} could not be read ({exc}).")
        found = find_program(words[0], environ)
        if found is None:
            return Editor((), f"The editor ${variable} names was not found ({program_name(words)}).")
        return Editor((found, *words[1:]))
    return Editor((), "No editor is set: set $VISUAL or $EDITOR.")


def normalise(text: str) -> str:
    """Text as it is compared and returned: LF line ends, no spaces at line ends, no blank lines at the ends."""
    lines = _LINE_BREAK.sub("\n", text).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


@contextmanager
def _ctrl_c_to_the_editor() -> Iterator[None]:
    """Ignore SIGINT here while the editor runs (it has its own; the terminal sends it to both of us)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _run(editor: Editor, path: Path, environ: dict[str, str]) -> str | None:
    """Run the editor on `path` in this terminal; None when it exited cleanly, else why not."""
    name = program_name(editor.command)
    try:
        child = subprocess.Popen([*editor.command, str(path)], env=environ)
    except OSError as exc:
        return f"The editor ({name}) could not be started ({exc.strerror})."
    with _ctrl_c_to_the_editor():
        status = child.wait()
    if status != 0:
        return f"The editor ({name}) failed (exit status {status}); nothing was changed."
    return None


def _read_back(path: Path) -> str | Edited:
    """The edited file's text, or why it cannot be used."""
    try:
        fd = os.open(path, _READ)
    except FileNotFoundError:
        return Edited(None, "The edited file was removed; nothing was changed.")
    except OSError as exc:
        return Edited(None, f"The edited file could not be read ({exc.strerror}); nothing was changed.")
    with os.fdopen(fd, "rb") as file:
        data = file.read(MAX_EDITED + 1)
    if len(data) > MAX_EDITED:
        return Edited(None, f"The edited text is larger than {MAX_EDITED // 1_000_000} MB; it was not used.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Edited(None, "The edited text is not UTF-8; it was not used.")


def edit_text(
    text: str, *, env: Mapping[str, str] | None = None, file_name: str = "message.txt", editor: Editor | None = None
) -> Edited:
    """Let the user edit `text` in their editor; the new text, or None and why. Never raises on the editor's account.

    `file_name` (no folders) is what the editor shows and picks its mode by.
    """
    if Path(file_name).name != file_name or file_name in ("", ".", ".."):
        raise ValueError(f"file_name must be a plain file name, not {file_name!r}")
    environ = environment(env)
    chosen = editor if editor is not None else find_editor(environ)
    if not chosen.command:
        return Edited(None, chosen.missing)
    before = normalise(text)
    folder = Path(tempfile.mkdtemp(prefix="nudge-edit-"))  # 0700, a name nobody can guess
    try:
        path = folder / file_name
        with os.fdopen(os.open(path, _NEW_FILE, 0o600), "w", encoding="utf-8", newline="\n") as file:
            file.write(before + "\n" if before else "")
        failure = _run(chosen, path, environ)
        if failure is not None:
            return Edited(None, failure)
        read = _read_back(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if isinstance(read, Edited):
        return read
    after = normalise(read)
    if not after:
        return Edited(None, "The edited text was empty; nothing was changed.")
    if after == before:
        return Edited(None, "The text was left unchanged.")
    return Edited(after, f"Edited with {program_name(chosen.command)}.")


class SuspendableApp(Protocol):
    """What `edit_suspended` needs of a Textual `App`."""

    @property
    def is_headless(self) -> bool:
        """Whether the app runs without a terminal (under `run_test`)."""
        ...

    def suspend(self) -> AbstractContextManager[None]:
        """Hand the terminal to another program for the duration (Textual's `App.suspend`)."""
        ...


def edit_suspended(
    app: SuspendableApp, text: str, *, env: Mapping[str, str] | None = None, file_name: str = "message.txt"
) -> Edited:
    """`edit_text` from the dashboard: the app gives the terminal to the editor and takes it back.

    Headless (a test's Pilot) there is no terminal to hand over and the editor
    runs as it is; a web-served app cannot hand over the browser's terminal,
    and says so: the caller offers its own text area then.
    """
    from textual.app import SuspendNotSupported

    environ = environment(env)
    editor = find_editor(environ)
    if not editor.command:
        return Edited(None, editor.missing)
    try:
        with app.suspend():
            return edit_text(text, env=environ, file_name=file_name, editor=editor)
    except SuspendNotSupported:
        if app.is_headless:
            return edit_text(text, env=environ, file_name=file_name, editor=editor)
        return Edited(None, "This session cannot hand the terminal to an editor (a web-served dashboard).")
