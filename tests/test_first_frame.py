"""The dashboard's first frame never waits on a database server, and a failed connection is still one line.

The console script runs in a detached tmux pane against a real PostgreSQL
database reached through a gate: a TCP forwarder on 127.0.0.1 that accepts
the dashboard's connection and holds it, forwarding nothing, until the test
opens it. While the gate holds, the pane must already show the dashboard
(its panes, and the header saying which server it is connecting to): the
first frame was drawn before a single byte reached the server. Opened, the
search shows (or, with a wrong password, the dashboard leaves with the same
one line and status 1 a command gives, never the password, never a traceback).

Waits poll the pane for what must appear, with a generous cap, so a loaded
machine is slower, not flaky; nothing is timed.
"""

from __future__ import annotations

import asyncio
import gc
import os
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from engines import Cluster
from support import DEMO_DAY

from app.demo import demo_backup
from app.storage.location import Server, parse_location
from app.storage.repository import Repository

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

NUDGE = Path(sys.executable).with_name("nudge")
WIDTH, HEIGHT = 140, 42
WRONG = "not-the-password-7731"


class Gate:
    """A TCP forwarder to `target` that holds every connection, forwarding nothing, until `open()`."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listening = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listening.getsockname()[1]
        self.opened = threading.Event()
        self.held = 0
        """Connections accepted while the gate was shut."""
        self.forwarded = 0
        """Bytes passed on to the server, in either direction."""
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def open(self) -> None:
        self.opened.set()

    def close(self) -> None:
        self.opened.set()
        self.listening.close()
        for sock in self._sockets:
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listening.accept()
            except OSError:
                return
            if not self.opened.is_set():
                self.held += 1
            self._sockets.append(client)
            threading.Thread(target=self._forward, args=(client,), daemon=True).start()

    def _forward(self, client: socket.socket) -> None:
        self.opened.wait()
        try:
            upstream = socket.create_connection(self.target)
        except OSError:
            client.close()
            return
        self._sockets.append(upstream)
        threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()
        self._pump(client, upstream)

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self.forwarded += len(data)
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


class Pane:
    """The console script in a detached tmux pane of its own; once it ends, the pane says `status=N`."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.name = f"nudge-first-{uuid.uuid4().hex[:8]}"
        self.tmux = ["tmux", "-L", self.name]  # a tmux server of its own, started with `env`
        command = shlex.join(["env", "-u", "COLUMNS", "-u", "LINES", *argv])
        shell = f'{command}; echo "status=$?"; sleep 600'
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT), shell],
            check=True,
            env=env,
        )

    def text(self) -> str:
        done = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], check=False, capture_output=True, text=True
        )
        return done.stdout if done.returncode == 0 else ""

    def wait_for(self, found: Callable[[str], bool], what: str, cap: float = 60.0) -> str:
        """The pane's text once `found` holds; fails at once if the script ended without it."""
        deadline = time.monotonic() + cap
        while time.monotonic() < deadline:
            text = self.text()
            if found(text):
                return text
            if "status=" in text:
                break
            time.sleep(0.1)
        raise AssertionError(f"never showed {what}:\n{self.text()}")

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], check=False, capture_output=True)


@pytest.fixture
def demo_url(pg_url: str) -> str:
    """A server database holding the demo search."""
    with Repository(parse_location(pg_url)) as repo:
        repo.merge(demo_backup(DEMO_DAY))
    return pg_url


@pytest.fixture
def gate(demo_url: str) -> Iterator[Gate]:
    server = parse_location(demo_url)
    assert isinstance(server, Server)
    shut = Gate(server.host, server.port)
    yield shut
    shut.close()


def _through(url: str, port: int) -> str:
    """`url` with its port replaced: the same database, reached through the gate."""
    server = parse_location(url)
    assert isinstance(server, Server)
    return f"postgresql://{server.user}@127.0.0.1:{port}/{server.dbname}"


def _pane(url: str, tmp_path: Path, password: str) -> Iterator[Pane]:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    env.update(XDG_DATA_HOME=str(home / ".local/share"), TERM="xterm-256color", PGPASSWORD=password)
    env.pop("NUDGE_DB", None)
    env.pop("NUDGE_CONFIG", None)
    pane = Pane([str(NUDGE), "--db", url, "--date", DEMO_DAY.isoformat()], env)
    try:
        yield pane
    finally:
        pane.close()


def _connecting(pane: Pane, gate: Gate, dbname: str) -> str:
    """The pane once it shows the dashboard connecting, with the dashboard's connection held at the gate."""
    text = pane.wait_for(lambda t: "Connecting to" in t and dbname in t and gate.held >= 1, "the first frame")
    assert gate.forwarded == 0  # drawn before one byte reached the server
    assert "Interviews" in text and "Today" in text and "Loading" in text
    return text


def test_the_first_frame_is_drawn_before_the_server_answers(
    demo_url: str, gate: Gate, pg_cluster: Cluster, tmp_path: Path
) -> None:
    dbname = parse_location(demo_url).dbname  # type: ignore[union-attr]
    for pane in _pane(_through(demo_url, gate.port), tmp_path, pg_cluster.password):
        _connecting(pane, gate, dbname)
        gate.open()
        text = pane.wait_for(lambda t: "Hooli" in t, "the demo search")
        assert "Connecting to" not in text and f"{dbname}@127.0.0.1" in text
        pane.keys("q")
        assert "status=0" in pane.wait_for(lambda t: "status=" in t, "the exit")


def test_a_refused_password_after_the_first_frame_is_one_line_and_status_1(
    demo_url: str, gate: Gate, tmp_path: Path
) -> None:
    dbname = parse_location(demo_url).dbname  # type: ignore[union-attr]
    for pane in _pane(_through(demo_url, gate.port), tmp_path, WRONG):
        _connecting(pane, gate, dbname)
        gate.open()
        text = pane.wait_for(lambda t: "status=" in t, "the exit")
        said = [line for line in text.splitlines() if line.strip()]
        assert said[-1] == "status=1"
        assert len(said) == 2, said  # the one line, then the status
        assert said[0].startswith("nudge: the server refused the password for ") and dbname in said[0]
        assert WRONG not in text and "Traceback" not in text


def test_a_server_that_is_down_is_one_line_and_status_1(pg_url: str, tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as free:
        port = free.getsockname()[1]  # closed again: nothing listens there
    for pane in _pane(_through(pg_url, port), tmp_path, WRONG):
        text = pane.wait_for(lambda t: "status=" in t, "the exit")
        said = [line for line in text.splitlines() if line.strip()]
        assert said[-1] == "status=1" and len(said) == 2, said
        assert said[0].startswith("nudge: cannot reach the PostgreSQL server") and f"127.0.0.1:{port}" in said[0]
        assert WRONG not in text and "Traceback" not in text


def test_a_new_server_database_opened_by_the_dashboard_offers_the_setup(pg_url: str) -> None:
    """Given where the database is, not an open one, the app opens it in its first load, then goes on as usual."""
    from app.tui.app import NudgeApp
    from app.tui.first_run import SetupScreen

    async def run() -> None:
        app = NudgeApp(parse_location(pg_url), DEMO_DAY)
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            for _ in range(300):
                await pilot.pause(0.02)
                if isinstance(app.screen, SetupScreen):
                    break
            assert isinstance(app.screen, SetupScreen)
            assert app.repo.count() == 0
            await pilot.press("escape")  # skipped: nothing written, the dashboard goes on
            for _ in range(300):
                await pilot.pause(0.02)
                if not isinstance(app.screen, SetupScreen):
                    break
            assert app.screen is app.main and app.loaded and not app.repo.settings_saved()
        app.repo.close()

    asyncio.run(run())


def test_a_file_opened_by_the_dashboard_loads_and_what_it_read_is_kept_out_of_the_collector(demo_db: Path) -> None:
    """The same opening on SQLite; the loaded search is frozen (gc.freeze), so full collections skip it."""
    from app.tui.app import NudgeApp

    async def run() -> None:
        app = NudgeApp(demo_db, DEMO_DAY)
        frozen = gc.get_freeze_count()
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            for _ in range(300):
                await pilot.pause(0.02)
                if app.loaded:
                    break
            assert app.loaded and app.selected_action() is not None
            assert demo_db.name in app.sub_title and "Opening" not in app.sub_title
            assert gc.get_freeze_count() > frozen
        app.main.db.close()

    asyncio.run(run())
