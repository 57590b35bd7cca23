"""Copying text, and saying honestly how it was copied.

Textual's `copy_to_clipboard` sends the text to the terminal as an OSC 52
escape sequence: it works over SSH, but only in terminals that allow it, and
nothing comes back to say whether it did. So the text also goes to the system
clipboard program where one exists (wl-copy under Wayland, xclip or xsel
under X11, pbcopy on macOS), and the message says which of the two carried it:
"Copied with wl-copy." is a fact, OSC 52 alone is a request the terminal may
have ignored.

Programs are found on PATH, get the text on stdin as UTF-8, never through a
shell, and are given a few seconds before they count as failed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from app.sending.commands import environment, find_program, program_name

CLIPBOARD_WAIT: Final = 5.0
"""Seconds a clipboard program may take (they fork to keep serving the text, so they return at once)."""

OSC52_MESSAGE: Final = "Sent to the terminal's clipboard (OSC 52); your terminal must allow it."

_WAYLAND: Final = (("wl-copy",),)
_X11: Final = (("xclip", "-selection", "clipboard"), ("xsel", "--clipboard", "--input"))
_MACOS: Final = (("pbcopy",),)


@dataclass(frozen=True, slots=True)
class Copied:
    """Whether the text was copied (or at least sent to the terminal), how, and a sentence saying so."""

    ok: bool
    message: str
    via: str
    """The program that copied it (`wl-copy`), `osc52` when only the terminal was asked, empty when neither."""


def clipboard_programs(
    env: Mapping[str, str] | None = None, platform: str | None = None
) -> tuple[tuple[str, ...], ...]:
    """The clipboard commands to try in this session, in order (whether installed or not)."""
    environ = environment(env)
    platform = sys.platform if platform is None else platform
    if platform == "darwin":
        return _MACOS
    if platform == "win32":
        return ()
    found: tuple[tuple[str, ...], ...] = ()
    if environ.get("WAYLAND_DISPLAY"):
        found += _WAYLAND
    if environ.get("DISPLAY"):
        found += _X11
    return found


def _run(command: list[str], text: str, environ: dict[str, str], wait: float) -> str | None:
    """Run one clipboard command with `text` on stdin; None when it worked, else why not."""
    try:
        done = subprocess.run(
            command,
            input=text.encode("utf-8", "replace"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environ,
            timeout=wait,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"{program_name(command)} did not finish"
    except OSError as exc:
        return f"{program_name(command)} could not be started ({exc.strerror})"
    if done.returncode != 0:
        return f"{program_name(command)} failed (exit status {done.returncode})"
    return None


def copy_text(
    text: str,
    *,
    osc52: Callable[[str], None] | None = None,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    wait: float = CLIPBOARD_WAIT,
) -> Copied:
    """Copy `text`: to the terminal with `osc52` (the app's `copy_to_clipboard`) and to a system clipboard.

    The first clipboard program that is installed and succeeds wins; the
    message names it, or says the terminal was only asked, or that nothing
    could copy. Never raises.
    """
    environ = environment(env)
    if osc52 is not None:
        osc52(text)
    failures: list[str] = []
    for words in clipboard_programs(environ, platform):
        program = find_program(words[0], environ)
        if program is None:
            continue
        failure = _run([program, *words[1:]], text, environ, wait)
        if failure is None:
            return Copied(True, f"Copied with {program_name(words)}.", program_name(words))
        failures.append(failure)
    tried = f" ({'; '.join(failures)})" if failures else ""
    if osc52 is not None:
        return Copied(True, OSC52_MESSAGE[:-1] + tried + ".", "osc52")
    if failures:
        return Copied(False, f"Could not copy: {'; '.join(failures)}.", "")
    wanted = " or ".join(w[0] for w in clipboard_programs(environ, platform))
    if wanted:
        missing = f"no clipboard program was found ({wanted})"
    elif (sys.platform if platform is None else platform) == "win32":
        missing = "there is no terminal to send it to"
    else:
        missing = "there is no graphical display here for a clipboard program, and no terminal to send it to"
    return Copied(False, f"Could not copy: {missing}.", "")
