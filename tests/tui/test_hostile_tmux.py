"""The real `nudge` dashboard in a real terminal (tmux): action text in a role is shown and commands nothing.

A process's role is `[@click=app.screenshot('leak.svg','<dir>')]Senior Engineer[/]`
and another's company is `[@click=app.quit]Initech[/]`. The console script runs
in a detached tmux pane at a fixed date; the test clicks (an xterm SGR mouse
press and release, typed into the pane as a terminal would send it) on each
place the text shows, and presses Enter on the rows. The pane must show the
strings literally, the dashboard must still be running, and no file may
appear in the folder the string names.

Waits poll the pane for what must appear, with a generous cap, so a loaded
machine is slower, not flaky.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from app.rules.values import Contact, Interview, Moment, Process
from app.storage.repository import Repository

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

NUDGE = Path(sys.executable).with_name("nudge")
WIDTH, HEIGHT = 140, 42


class Pane:
    """One detached tmux session running a command, read with capture-pane."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.name = f"nudge-hostile-{uuid.uuid4().hex[:8]}"
        # A server of its own (-L): started here, it runs the command with `env`; a tmux server already
        # running elsewhere would give it that server's environment instead.
        self.tmux = ["tmux", "-L", self.name]
        shell = " ".join(_quote(part) for part in ["env", "-u", "COLUMNS", "-u", "LINES", *command])
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT), shell],
            check=True,
            env=env,
        )

    def text(self) -> list[str]:
        done = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], check=False, capture_output=True, text=True
        )
        return done.stdout.splitlines() if done.returncode == 0 else []

    def alive(self) -> bool:
        return (
            subprocess.run([*self.tmux, "has-session", "-t", self.name], check=False, capture_output=True).returncode
            == 0
        )

    def wait_for(self, found: Callable[[list[str]], bool], what: str, cap: float = 60.0) -> list[str]:
        deadline = time.monotonic() + cap
        while time.monotonic() < deadline:
            lines = self.text()
            if found(lines):
                return lines
            time.sleep(0.2)
        raise AssertionError(f"never showed {what}:\n" + "\n".join(self.text()))

    def still(self, quiet: float = 1.0, cap: float = 30.0) -> list[str]:
        """The pane once it has stopped changing for `quiet` seconds: the keys sent before are all handled."""
        deadline = time.monotonic() + cap
        last, since = self.text(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.2)
            now = self.text()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return last

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def click(self, x: int, y: int) -> None:
        """A left click at cell (x, y), 0-based: an SGR mouse press, then its release (1-based), as a terminal sends.

        Press and release go as two writes, as from a terminal: read in one piece, Textual 8.2.8 takes the
        release's final `m` for the key m (the message form opens). Should a loaded machine still deliver
        them together, the form is closed and the click sent again.
        """
        for _ in range(3):
            for report in (f"\x1b[<0;{x + 1};{y + 1}M", f"\x1b[<0;{x + 1};{y + 1}m"):
                sent = subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", report], check=False)
                assert sent.returncode == 0 and self.alive(), f"the dashboard is gone after a click at {x},{y}"
                time.sleep(0.1)
            if not any("Log a message" in line for line in self.text()):
                return
            self.keys("Escape")
            self.wait_for(lambda ls: not any("Log a message" in line for line in ls), "the form closed")
        raise AssertionError("every click was read as the key m")

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], check=False, capture_output=True)


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


@pytest.fixture
def dashboard(tmp_path: Path) -> Iterator[tuple[Pane, Path, str]]:
    leak = tmp_path / "leak"
    leak.mkdir()
    shot = f"[@click=app.screenshot('leak.svg','{leak}')]Senior Engineer[/]"
    db = tmp_path / "hostile.db"
    with Repository(db) as repo:
        for company, role in (("Acme", shot), ("[@click=app.quit]Initech[/]", "Dev [/]")):
            pid = repo.add_process(
                Process(company=company, role=role, contacts=(Contact(name="Ann [/i]", role="recruiter"),))
            )
            repo.add_interview(
                pid, Interview(kind="recruiter_screen", at=Moment(datetime(2026, 11, 30, 10)), with_=("Ann [/i]",))
            )
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    env.update(XDG_DATA_HOME=str(home / ".local/share"), TERM="xterm-256color")
    env.pop("NUDGE_DB", None)
    pane = Pane([str(NUDGE), "--db", str(db), "--date", "2026-12-01"], env)
    try:
        yield pane, leak, shot
    finally:
        pane.close()


def spots(lines: list[str], markers: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where each marker shows: the middle of its first appearance on each line (ASCII markers)."""
    found = []
    for y, line in enumerate(lines):
        for marker in markers:
            x = line.find(marker)
            if x >= 0:
                found.append((x + len(marker) // 2, y))
    return found


def test_clicking_action_text_in_a_real_terminal_runs_nothing(dashboard: tuple[Pane, Path, str]) -> None:
    pane, leak, shot = dashboard
    assert shot.startswith("[@click=app.screenshot(")
    lines = pane.wait_for(lambda ls: any("[@click=app.quit]Init" in line for line in ls), "the processes")
    screen = "\n".join(lines)
    assert "[@click=app.screenshot(" in screen  # the role, literally (cut to its column)
    assert "Dev [/]" in screen and "Ann [/i]" in screen
    places = spots(lines, ("[@click", "Initech", "Senior", "Dev [/]", "Ann [/i]"))
    assert len(places) >= 4, screen
    for x, y in places:
        pane.click(x, y)
    # Enter on each process row and on each Today item: selecting runs nothing either.
    pane.keys("Enter", "Down", "Enter", "Tab", "Enter", "Down", "Enter")
    # Enter (or a click on the highlighted row) opens the process view or an edit form: Escape leaves each,
    # however many the clicks and keys stacked up.
    # Each look waits for the pane to be still, so keys still queued (an Enter about to open a view) are seen.
    for _ in range(40):
        shown = pane.still()
        if any("─ Interviews " in line for line in shown) and not any("─ Process " in line for line in shown):
            break
        pane.keys("Escape")
    # The dashboard answers a keypress after all that (still running): `?` opens the help, Escape closes it.
    pane.keys("?")
    pane.wait_for(lambda ls: any("Nudge: how it works" in line for line in ls), "the help after the clicks")
    pane.keys("Escape")
    lines = pane.wait_for(lambda ls: any("[@click=app.quit]Init" in line for line in ls), "the dashboard again")
    assert pane.alive()
    assert list(leak.iterdir()) == [], "a click wrote a screenshot"
    print(f"\n{len(places)} clicks in tmux; the pane shows:\n" + "\n".join(lines[:14]))
