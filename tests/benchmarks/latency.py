"""The dashboard on PostgreSQL with 20 ms added each way on the loopback: first frame, first useful paint, keypresses.

Run: `python tests/benchmarks/latency.py [--quick] [--rounds 5] [--keep NAME]`.
The server is the one named by NUDGE_TEST_PG (with NUDGE_TEST_PG_PASSWORD),
else a private cluster (tests/pg_server.py). The search is run.py's own
(random.Random(42)): 10,000 processes, imported once into a database of its
own, dropped after (`--keep NAME` keeps it under that name and reuses it).

The latency comes from netem (`tc qdisc add dev lo root netem delay 20ms`)
when this runs as root and the kernel has the qdisc; it is always removed
after. Otherwise from delay_proxy.py, a TCP proxy in its own process that
holds every chunk 20 ms each way; the table says which one was used.

Every figure is measured in a real 140x42 tmux pane running the console
script, polled every few milliseconds (the resolution: a capture is a few
ms; a frame is about 17 ms): the time to the first frame and to the first
useful paint (as run.py measures them), the time from a key sent to the
pane changing for each navigation key once the data is loaded, and the same
for Down pressed while the dashboard is still filling (right after the first
useful paint), whose worst case is the longest the main thread held a key.
Medians of several rounds; prints figures, never asserts.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import delay_proxy  # noqa: E402
import pg_server  # noqa: E402
from run import NUDGE, PAINT_TIMEOUT, POLL, TODAY, USEFUL, dump_backup, machine, make_backup, paint  # noqa: E402

DELAY = 0.020
"""Seconds added in each direction (a round trip costs twice it)."""
FIRST = "Interviews"
"""On screen with the first frame: the pane titles."""

KEYS: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    # (what, the keys sent and measured, the key that closes what it opened, not measured).
    # The panes move with the arrow keys (Nudge binds no j/k); Tab goes to the next pane.
    ("Today: Down", ("Down",), None),
    ("Today: Up", ("Up",), None),
    ("switch pane: Tab (to Interviews)", ("Tab",), None),
    ("Interviews: Down", ("Down",), None),
    ("Interviews: Up", ("Up",), None),
    ("switch pane: Tab (to Timeline)", ("Tab",), None),
    ("switch pane: Tab (to Today)", ("Tab",), None),
    ("open help: ?", ("?",), "Escape"),
    ("open palette: ctrl+p", ("C-p",), "Escape"),
    ("open the add form: a", ("a",), "Escape"),
)


# ---------------------------------------------------------------- added latency


def _with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = f"{parts.username}@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=f"{netloc}{parts.hostname}:{port}"))


def _netem_works() -> bool:
    """Whether netem can be put on the loopback here (root, and a kernel with sch_netem): it is put on and left on."""
    if os.geteuid() != 0 or shutil.which("tc") is None:
        return False
    added = subprocess.run(
        ["tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", f"{int(DELAY * 1000)}ms"],
        capture_output=True,
        text=True,
        check=False,
    )
    if added.returncode != 0:
        print(f"netem: not available ({added.stderr.strip() or added.returncode}); the delay proxy instead")
    return added.returncode == 0


@contextlib.contextmanager
def added_latency(url: str) -> Iterator[tuple[str, str]]:
    """(the URL to use, how the latency is added) for as long as the block runs; netem always removed after."""
    if _netem_works():
        try:
            yield url, f"netem on lo, {DELAY * 1000:.0f} ms per packet"
        finally:
            subprocess.run(["tc", "qdisc", "del", "dev", "lo", "root"], check=False)
        return
    parts = urlsplit(url)
    with delay_proxy.started(parts.hostname or "127.0.0.1", parts.port or 5432, DELAY) as port:
        yield _with_port(url, port), f"userspace TCP proxy, {DELAY * 1000:.0f} ms each way"


# ---------------------------------------------------------------- tmux


class Pane:
    """One dashboard in a tmux server of its own."""

    def __init__(self, command: str, env: dict[str, str], tag: str) -> None:
        self.tmux = ["tmux", "-L", f"nudgelat{os.getpid()}{tag}"]
        self.env = env
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", "lat", "-x", "140", "-y", "42", command], env=env, check=True
        )

    def screen(self, styled: bool = False) -> str:
        """The pane's text; `styled`: with its colours too (a focus or a cursor moving may change only those)."""
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", *(["-e"] if styled else []), "-t", "lat"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout

    def wait_for(self, text: str, timeout: float = PAINT_TIMEOUT) -> bool:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text in self.screen():
                return True
            time.sleep(POLL)
        return False

    def send(self, key: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", "lat", key], check=True)

    def press(self, key: str, timeout: float = 3.0) -> float:
        """Seconds from sending `key` to the pane showing anything else (nan: nothing changed)."""
        before = self.screen(styled=True)
        t0 = time.perf_counter()
        self.send(key)
        while time.perf_counter() - t0 < timeout:
            if self.screen(styled=True) != before:
                return time.perf_counter() - t0
            time.sleep(0.002)
        return float("nan")

    def settle(self, quiet: float = 0.3, timeout: float = 5.0) -> None:
        """Wait until the pane has not changed for `quiet` seconds (a toast fading, a screen closing)."""
        deadline = time.perf_counter() + timeout
        last, since = self.screen(styled=True), time.perf_counter()
        while time.perf_counter() < deadline:
            time.sleep(0.02)
            now = self.screen(styled=True)
            if now != last:
                last, since = now, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], check=False, stderr=subprocess.DEVNULL)


def keys_while_filling(command: str, env: dict[str, str], rounds: int, window: float) -> tuple[float, float]:
    """(median, worst) seconds for Down pressed every 50 ms in the `window` seconds after the first useful paint."""
    times: list[float] = []
    worst: list[float] = []
    for n in range(rounds):
        pane = Pane(command, env, f"fill{n}")
        try:
            if not pane.wait_for(USEFUL):
                continue
            start, got = time.perf_counter(), []
            while time.perf_counter() - start < window:
                took = pane.press("Down")
                if took == took:  # not nan
                    got.append(took)
                time.sleep(0.05)
            times += got
            worst.append(max(got, default=float("nan")))
        finally:
            pane.close()
    return (statistics.median(times) if times else float("nan")), (statistics.median(worst) if worst else float("nan"))


def keys_loaded(command: str, env: dict[str, str], rounds: int) -> dict[str, float]:
    """Median seconds per navigation key (`KEYS`), once the dashboard has loaded everything and settled."""
    got: dict[str, list[float]] = {what: [] for what, _, _ in KEYS}
    pane = Pane(command, env, "keys")
    try:
        if not pane.wait_for(USEFUL):
            return {what: float("nan") for what in got}
        time.sleep(6)  # the table, the closed processes and the daily copy are in by now
        pane.settle()
        for _ in range(rounds):
            for what, sent, undo in KEYS:
                for key in sent:
                    took = pane.press(key)
                    if took == took:
                        got[what].append(took)
                pane.settle(quiet=0.15)
                if undo:
                    pane.send(undo)
                    pane.settle(quiet=0.15)
            # Back where the round started: Today focused, its cursor on the first item's neighbourhood.
    finally:
        pane.close()
    return {what: (statistics.median(values) if values else float("nan")) for what, values in got.items()}


# ---------------------------------------------------------------- the run


def _server() -> tuple[str, str, pg_server.Cluster | None]:
    if os.environ.get(pg_server.ENV_URL):
        return os.environ[pg_server.ENV_URL], os.environ.get(pg_server.ENV_PASSWORD, ""), None
    started = pg_server.start()
    return started.url, started.password, started


def measure(url: str, env: dict[str, str], nudge: str, rounds: int, window: float) -> dict[str, float]:
    """Every figure for the dashboard on `url`."""
    command = f"{nudge} --db {url} --date {TODAY.isoformat()}"
    figures: dict[str, float] = {}
    first, useful, _ = paint(command, FIRST, USEFUL, rounds, env)
    figures["first frame (s)"] = first
    figures["first useful paint (s)"] = useful
    print(f"  paint: first frame {first:.3f} s, first useful {useful:.3f} s", flush=True)
    median, worst = keys_while_filling(command, env, rounds, window)
    figures["Down while loading: median (ms)"] = median * 1000
    figures["Down while loading: worst per start (ms)"] = worst * 1000
    print(f"  while loading: Down median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms", flush=True)
    for what, value in keys_loaded(command, env, rounds).items():
        figures[f"{what} (ms)"] = value * 1000
    print("  keys measured", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the data set")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per figure (5)")
    parser.add_argument("--window", type=float, default=3.0, help="seconds of Down presses after the first paint")
    parser.add_argument(
        "--nudge", default=NUDGE, help="the console script to measure, a shell command (default: this venv's)"
    )
    parser.add_argument("--keep", metavar="NAME", help="database name to keep and reuse (default: one per run)")
    args = parser.parse_args()
    nudge = shlex.split(args.nudge)
    scale = 10 if args.quick else 1
    import psycopg

    url, password, started = _server()
    name = args.keep or f"latency_{os.getpid()}"
    base = url.rsplit("/", 1)[0]
    results: dict[str, dict[str, float]] = {}
    how = ""
    try:
        with tempfile.TemporaryDirectory(prefix="nudge-latency-") as tmpdir:
            tmp = Path(tmpdir)
            env = {k: v for k, v in os.environ.items() if not k.startswith("NUDGE_")}
            env.update(HOME=str(tmp / "home"), XDG_DATA_HOME=str(tmp / "xdg"), PYTHONIOENCODING="utf-8")
            env.update(PGPASSWORD=password)
            env.setdefault("TERM", "xterm-256color")
            with psycopg.connect(url, password=password, autocommit=True) as admin:
                exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
                if not exists:
                    admin.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
            db = f"{base}/{name}"
            if not exists:
                n = 10_000 // scale
                source = tmp / "latency.json"
                source.write_text(dump_backup(make_backup(random.Random(42), n, n * 5 // 2, n * 10)), encoding="utf-8")
                subprocess.run([*nudge, "import", str(source), "--db", db], env=env, check=True)
            subprocess.run(  # the stored agenda, as a dashboard used the day before would have left it
                [*nudge, "agenda", "--db", db, "--date", TODAY.isoformat()],
                env=env,
                capture_output=True,
                check=True,
            )
            print("[direct]", flush=True)
            results["direct"] = measure(db, env, args.nudge, args.rounds, args.window)
            with added_latency(db) as (slow, how):
                print(f"[+{DELAY * 1000:.0f} ms: {how}]", flush=True)
                results["+20 ms"] = measure(slow, env, args.nudge, args.rounds, args.window)
        if not args.keep:
            with psycopg.connect(url, password=password, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
    finally:
        if started is not None:
            started.stop()

    print()
    for key, value in machine():
        print(f"  {key:<10} {value}")
    print(f"  load avg   {' '.join(f'{x:.2f}' for x in os.getloadavg())} (shared machine: figures move with it)")
    print(f"  latency    {how}")
    print(f"  data set   {10_000 // scale} processes (run.py's, random.Random(42)) on PostgreSQL")
    names = list(results["direct"])
    width = max(len(n) for n in names)
    print(f"\n{'figure (medians)':<{width}}  {'direct':>9}  {'+20 ms':>9}  {'diff':>8}")
    print("-" * (width + 32))
    for figure in names:
        a, b = results["direct"][figure], results["+20 ms"][figure]
        print(f"{figure:<{width}}  {a:>9.3f}  {b:>9.3f}  {b - a:>+8.3f}")


if __name__ == "__main__":
    main()
