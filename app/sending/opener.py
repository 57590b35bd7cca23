"""Opening a web link or a mail draft in the user's browser or mail client, saying honestly if nothing could.

Python's `webbrowser` (which Textual's terminal driver calls) reports nothing
useful and, with no graphical display, falls back to a text browser such as
lynx that would draw over the dashboard. So in a terminal Nudge runs the
desktop's opener itself (`xdg-open`, `open` on macOS), waits briefly for its
verdict, and says so when there is no display (a session over SSH) or no
opener. A web-served dashboard has no desktop of its own: there Textual's
`App.open_url` hands the URL to the user's browser, and `open_in_app` uses it.

The opener can be set (the `opener` argument, or `NUDGE_OPENER`, split with
shell rules; the URL is added as the last argument), which is how tests point
it at a script that records what it was given.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from app.sending.commands import environment, find_program, program_name, split_command
from app.sending.links import url_problem

OPENER_VARIABLE: Final = "NUDGE_OPENER"
"""The environment variable that names the program to open links with."""

OPEN_WAIT: Final = 10.0
"""Seconds to wait for the opener's verdict; one still running then is taken to have opened it."""

_DESKTOP_OPENERS: Final = (("xdg-open",), ("gio", "open"))
"""What opens a URL on a Linux or BSD desktop, in order of preference."""


@dataclass(frozen=True, slots=True)
class Opened:
    """Whether the URL went to a program that opens it, and a sentence saying what happened."""

    ok: bool
    message: str


@dataclass(frozen=True, slots=True)
class Opener:
    """The command to open URLs with (the URL is appended), or none and why."""

    command: tuple[str, ...]
    missing: str = ""
    """Why there is no command (empty when there is one)."""


def find_opener(
    opener: str | Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> Opener:
    """The opener for this session: `opener`, else `NUDGE_OPENER`, else the desktop's own."""
    environ = environment(env)
    setting = opener if opener is not None else environ.get(OPENER_VARIABLE, "").strip() or None
    if setting is not None:
        where = "the opener" if opener is not None else OPENER_VARIABLE
        try:
            words = split_command(setting) if isinstance(setting, str) else list(setting)
        except ValueError as exc:
            return Opener((), f"{where} could not be read ({exc})")
        if not words:
            return Opener((), f"{where} is empty")
        found = find_program(words[0], environ)
        if found is None:
            return Opener((), f"{where} names a program that was not found ({program_name(words)})")
        return Opener((found, *words[1:]))
    platform = sys.platform if platform is None else platform
    if platform == "darwin":
        candidates: tuple[tuple[str, ...], ...] = (("open",),)
    elif platform == "win32":
        candidates = (("rundll32", "url.dll,FileProtocolHandler"),)
    else:
        if not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
            return Opener((), "there is no graphical display here (a session over SSH?)")
        candidates = _DESKTOP_OPENERS
    for candidate in candidates:
        program = find_program(candidate[0], environ)
        if program is not None:
            return Opener((program, *candidate[1:]))
    names = " or ".join(c[0] for c in candidates)
    return Opener((), f"no program to open links was found ({names}; or set {OPENER_VARIABLE})")


def _what(url: str) -> str:
    return "the mail draft" if url[:7].lower() == "mailto:" else "the link"


def open_url(
    url: str,
    *,
    opener: str | Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    wait: float = OPEN_WAIT,
) -> Opened:
    """Open `url` (http, https or mailto only) with the opener; never raises, never repeats the URL."""
    problem = url_problem(url)
    if problem is not None:
        return Opened(False, f"Not opened: {problem}.")
    environ = environment(env)
    found = find_opener(opener, environ, platform)
    if not found.command:
        return Opened(False, f"Could not open {_what(url)}: {found.missing}. Copy it instead.")
    name = program_name(found.command)
    try:
        child = subprocess.Popen(
            [*found.command, url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environ,
            start_new_session=True,
        )
    except OSError as exc:
        return Opened(False, f"Could not open {_what(url)}: {name} could not be started ({exc.strerror}).")
    try:
        status = child.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        return Opened(True, f"Opened {_what(url)} with {name}.")  # still running: the browser itself, most likely
    if status != 0:
        return Opened(False, f"Could not open {_what(url)}: {name} failed (exit status {status}). Copy it instead.")
    return Opened(True, f"Opened {_what(url)} with {name}.")


class UrlApp(Protocol):
    """What `open_in_app` needs of a Textual `App`."""

    @property
    def is_web(self) -> bool:
        """Whether the app is served to a browser (textual-serve) rather than run in a terminal."""
        ...

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Hand `url` to the browser (Textual's `App.open_url`)."""
        ...


def open_in_app(
    app: UrlApp,
    url: str,
    *,
    opener: str | Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> Opened:
    """Open `url` from the dashboard: through the browser when web-served, else with `open_url`."""
    problem = url_problem(url)
    if problem is not None:
        return Opened(False, f"Not opened: {problem}.")
    if app.is_web:
        app.open_url(url)
        return Opened(True, f"Sent {_what(url)} to your browser to open.")
    return open_url(url, opener=opener, env=env, platform=platform)
