"""Benchmarks for nudge: import, export, agenda, dashboard paint and memory, with peers as yardsticks.

Run: `python tests/benchmarks/run.py [--quick] [--nudge PATH] [--server]` (--server: the same search on
PostgreSQL beside SQLite, see server.py). Prints figures only (medians), never asserts.
Two data sets: 10,000 processes (a third active) and 900 (300 active, a heavy single search), each
measured warm (what is stored is read) and cold (nothing stored: every process judged at start).
The data set is generated deterministically (random.Random(42)) with the project's own writer.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.backup import Backup, dump_backup  # noqa: E402
from app.rules.values import INTERVIEW_KINDS, Contact, Interview, Message, Moment, Process, Settings  # noqa: E402

TODAY = date(2026, 11, 25)
NUDGE = str(Path(sys.executable).with_name("nudge"))
COUNTRIES = (None, "GB", "DE", "IL", "CA")
DONE = ("rejected", "ghosted", "withdrawn", "declined", "accepted", "offer")
ROLES = ("recruiter", "headhunter", "hiring_manager")
PURPOSES = ("follow_up", "check_in", "thank_you", "scheduling", "application", "reply", "other")
POLL = 0.02
USEFUL = "Why:"
"""On screen once Today holds the agenda: the first item's reason, under the list."""
PAINT_TIMEOUT = 120.0

HELLO = """
from textual.app import App
from textual.widgets import Static


class Hello(App):
    def compose(self):
        yield Static("Hello world")


Hello().run()
"""


# ---------------------------------------------------------------- data


def make_backup(rng: random.Random, n_proc: int, n_int: int, n_msg: int) -> Backup:
    """A big, valid backup: unique company+role, contacts 1-3, unique minutes per process."""
    int_owner = [rng.randrange(n_proc) for _ in range(n_int)]
    msg_owner = [rng.randrange(n_proc) for _ in range(n_msg)]
    n_int_of = [0] * n_proc
    n_msg_of = [0] * n_proc
    for i in int_owner:
        n_int_of[i] += 1
    for i in msg_owner:
        n_msg_of[i] += 1
    processes = []
    for p in range(n_proc):
        status = "active" if rng.random() < 1 / 3 else rng.choice(DONE)
        contacts = tuple(
            Contact(name=f"Person {p}-{c}", role=rng.choice(ROLES), email=f"p{p}c{c}@example.com")
            for c in range(rng.randint(1, 3))
        )
        names = [c.name for c in contacts]
        # Active processes live in the last ~2 months (so the agenda has work); the rest over 2 years.
        span_days = 60 if status == "active" else 730
        start = datetime.combine(TODAY, datetime.min.time()) - timedelta(days=rng.randrange(span_days) + 7)
        used: set[int] = set()

        def minute(start: datetime = start, used: set[int] = used, rng: random.Random = rng) -> Moment:
            while True:
                m = rng.randrange(60 * 24 * 60)  # within 60 days of the start
                if m not in used:
                    used.add(m)
                    return Moment.of(start + timedelta(minutes=m))

        interviews = tuple(
            Interview(kind=rng.choice(INTERVIEW_KINDS), at=minute(), with_=(rng.choice(names),))
            for _ in range(n_int_of[p])
        )
        messages = []
        for _ in range(n_msg_of[p]):
            direction = rng.choice(("out", "in"))
            messages.append(
                Message(
                    at=minute(),
                    direction=direction,
                    contact=rng.choice(names),
                    purpose=rng.choice(PURPOSES),
                    signal=rng.choice(("positive", "neutral", "negative")) if direction == "in" else None,
                    text=f"message about process {p}",
                )
            )
        processes.append(
            Process(
                company=f"Company {p:05d}",
                role=rng.choice(("Engineer", "Designer", "Manager", "Analyst")) + f" {p}",
                status=status,
                country=rng.choice(COUNTRIES),
                contacts=contacts,
                interviews=tuple(sorted(interviews, key=lambda i: i.at.value)),
                messages=tuple(sorted(messages, key=lambda m: m.at.value)),
            )
        )
    return Backup(Settings(your_name="Bench Mark"), tuple(processes))


# ---------------------------------------------------------------- measuring


def timed(cmd: list[str], env: dict[str, str], runs: int, before=None) -> float:
    """Median wall time of `cmd` over `runs` runs; `before(i)` may prepare each run."""
    times = []
    for i in range(runs):
        if before:
            cmd = before(i)
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        times.append(time.perf_counter() - t0)
        if done.returncode != 0:
            print(f"  ! {' '.join(cmd[:3])} exited {done.returncode}: {done.stderr.decode()[-300:]}")
    return statistics.median(times)


def peak_rss_mb(cmd: list[str], env: dict[str, str], runs: int) -> float:
    """Median peak RSS (MB) of `cmd`, each run measured in its own helper process."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    values = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", probe, *cmd], env=env, capture_output=True, check=True)
        values.append(int(out.stdout.split()[-1]) / 1024)
    return statistics.median(values)


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [pid], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _hwm_mb(pids: list[int]) -> float | None:
    best = None
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    kb = int(line.split()[1])
                    best = kb if best is None else max(best, kb)
        except OSError:
            continue
    return best / 1024 if best is not None else None


def paint(command: str, first: str, useful: str, runs: int, env: dict[str, str]) -> tuple[float, float, float | None]:
    """Median seconds until `first` and `useful` appear in a 140x42 tmux pane, and the peak RSS (MB)."""
    firsts, usefuls, rss = [], [], []
    for n in range(runs):
        # A server of our own per run: killing the last session ends a server, racing the next new-session.
        tmux = ["tmux", "-L", f"nudgebench{os.getpid()}-{n}"]
        name = f"bench{n}"
        try:
            t0 = time.perf_counter()
            subprocess.run(
                [*tmux, "new-session", "-d", "-s", name, "-x", "140", "-y", "42", command], env=env, check=True
            )
            t_first = t_useful = None
            while time.perf_counter() - t0 < PAINT_TIMEOUT:
                captured = subprocess.run(
                    [*tmux, "capture-pane", "-p", "-t", name], capture_output=True, text=True, check=False
                )
                screen = captured.stdout
                now = time.perf_counter() - t0
                if captured.returncode != 0 and now > 5:
                    # tmux here sometimes loses a fresh server ("server exited unexpectedly"):
                    # that run measures tmux, not the app, so it is reported and left out.
                    print(f"  ! tmux lost its server ({captured.stderr.strip()}); run {n} left out")
                    break
                if t_first is None and first in screen:
                    t_first = now
                if useful in screen:
                    t_useful = now
                    t_first = t_first if t_first is not None else now
                    break
                time.sleep(POLL)
            time.sleep(0.3)  # let it settle, then read its high-water mark
            pane = subprocess.run(
                [*tmux, "list-panes", "-t", name, "-F", "#{pane_pid}"], capture_output=True, text=True, check=False
            ).stdout.split()
            if pane:
                hwm = _hwm_mb(_descendants(int(pane[0])))
                if hwm is not None:
                    rss.append(hwm)
            subprocess.run([*tmux, "kill-session", "-t", name], check=False, stderr=subprocess.DEVNULL)
            if captured.returncode != 0:
                continue
            if t_useful is None:
                print(f"  ! {useful!r} never appeared in {PAINT_TIMEOUT:.0f} s; last screen:\n{screen}")
                t_useful = float("nan")
            firsts.append(t_first if t_first is not None else float("nan"))
            usefuls.append(t_useful)
        finally:
            subprocess.run([*tmux, "kill-server"], check=False, stderr=subprocess.DEVNULL)
    if not usefuls:
        return float("nan"), float("nan"), None
    return statistics.median(firsts), statistics.median(usefuls), (statistics.median(rss) if rss else None)


def keypress(command: str, ready: str, presses: int, env: dict[str, str]) -> float:
    """Median seconds from sending Down to the Today highlight moving, once the dashboard has settled.

    tmux polling every few milliseconds bounds the resolution; a frame is about 17 ms.
    """
    tmux = ["tmux", "-L", f"nudgekeys{os.getpid()}"]

    def screen() -> str:
        return subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", "keys"], capture_output=True, text=True, check=False
        ).stdout

    times = []
    try:
        subprocess.run(
            [*tmux, "new-session", "-d", "-s", "keys", "-x", "140", "-y", "42", command], env=env, check=True
        )
        deadline = time.perf_counter() + PAINT_TIMEOUT
        while ready not in screen() and time.perf_counter() < deadline:
            time.sleep(POLL)
        time.sleep(5)  # closed processes, the daily copy and the writer warm-up are done by now
        for _ in range(presses):
            before = screen()
            t0 = time.perf_counter()
            subprocess.run([*tmux, "send-keys", "-t", "keys", "Down"], check=True)
            while screen() == before and time.perf_counter() - t0 < 5:
                time.sleep(0.002)
            times.append(time.perf_counter() - t0)
            time.sleep(0.2)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, stderr=subprocess.DEVNULL)
    return statistics.median(times) if times else float("nan")


def taskwarrior(tmp: Path, n_tasks: int, runs: int) -> tuple[float, float] | None:
    """(import seconds, median `task due.before:tomorrow list` seconds), or None without taskwarrior."""
    task = shutil.which("task")
    if task is None:
        return None
    rc = tmp / "taskrc"
    rc.write_text("")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(tmp / "taskdata")}
    (tmp / "taskdata").mkdir()
    rng = random.Random(42)
    now = datetime.now().replace(microsecond=0)
    tasks = [
        {
            "description": f"Follow up with company {i}",
            "status": "pending",
            "entry": (now - timedelta(days=rng.randrange(60))).strftime("%Y%m%dT%H%M%SZ"),
            "due": (now + timedelta(days=rng.randrange(-30, 30))).strftime("%Y%m%dT%H%M%SZ"),
            "project": f"p{i % 50}",
        }
        for i in range(n_tasks)
    ]
    file = tmp / "tasks.json"
    file.write_text(json.dumps(tasks))
    quiet = ["rc.confirmation=off", "rc.verbose=nothing"]
    t0 = time.perf_counter()
    subprocess.run([task, *quiet, "import", str(file)], env=env, capture_output=True, check=True)
    imported = time.perf_counter() - t0
    listing = [task, *quiet, "due.before:tomorrow", "list"]
    subprocess.run(listing, env=env, capture_output=True, check=False)  # warm-up (gc, ids)
    return imported, timed(listing, env, runs)


# ---------------------------------------------------------------- report


def machine() -> list[tuple[str, str]]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        ("platform", platform.platform()),
        ("cpu", cpu),
        ("nproc", str(os.cpu_count())),
        ("python", platform.python_version()),
    ]


def sqlite_exec(db: Path, sql: str) -> None:
    """Run one statement on the database, outside Nudge (to stage a cold start)."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute(sql)


def has_table(db: Path, name: str) -> bool:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def measure(
    label: str, n_proc: int, n_int: int, n_msg: int, tmp: Path, env: dict[str, str], nudge: str, full: bool
) -> tuple[list[tuple[str, str, str]], dict[str, float], str]:
    """Every figure for one data set; `full` adds import, export, RSS and the keypress."""
    results: list[tuple[str, str, str]] = []
    figures: dict[str, float] = {}

    def row(name: str, value: float, unit: str = "s", target: str = "") -> None:
        figures[name] = value
        shown = f"{value:.3f}" if unit == "s" else (f"{value:.2f}x" if unit == "x" else f"{value:.1f}")
        results.append((f"[{label}] {name}" + ("" if unit == "x" else f" ({unit})"), shown, target))
        print(f"  [{label}] {name}: {shown}", flush=True)

    t0 = time.perf_counter()
    backup = make_backup(random.Random(42), n_proc, n_int, n_msg)
    source = tmp / f"{label}.json"
    source.write_text(dump_backup(backup), encoding="utf-8")
    active = sum(p.status == "active" for p in backup.processes)
    del backup
    size_mb = source.stat().st_size / 1e6
    about = f"{n_proc} processes ({active} active), {n_int} interviews, {n_msg} messages, {size_mb:.1f} MB"
    print(f"[{label}] {about}, generated in {time.perf_counter() - t0:.1f} s", flush=True)

    runs = 3 if full else 1
    imp = timed([], env, runs, before=lambda i: [nudge, "import", str(source), "--db", str(tmp / f"{label}{i}.db")])
    db = tmp / f"{label}0.db"
    if full:
        row("import", imp, "s", "<= 3 s")
        row("export", timed([nudge, "export", "--db", str(db), "-o", str(tmp / "out.json")], env, 5), "s", "<= 2 s")

    agenda = [nudge, "agenda", "--db", str(db), "--date", TODAY.isoformat()]
    subprocess.run([*agenda, "--format", "json"], env=env, capture_output=True, check=False)  # warm-up: stores
    row("agenda --format json", timed([*agenda, "--format", "json"], env, 5))
    row("agenda --format text", timed([*agenda, "--format", "text"], env, 5))
    stored = has_table(db, "judged")
    if stored:
        # Cold: nothing stored (a database written by an older build, or new settings: everything re-judged).
        cold = timed(
            [], env, 3, before=lambda i: (sqlite_exec(db, "DELETE FROM judged"), [*agenda, "--format", "json"])[1]
        )
        row("agenda json, nothing stored (cold)", cold)
    pass_s = timed([sys.executable, "-c", "pass"], env, 5)
    row("python -c pass", pass_s)
    row("agenda json / python -c pass", figures["agenda --format json"] / pass_s, "x", "<= 4x at 300 active")
    if full:
        row("agenda peak RSS", peak_rss_mb([*agenda, "--format", "json"], env, 3), "MB")
        # A change to every process: the same file imported again updates every row.
        reimport = timed([nudge, "import", str(source), "--db", str(db)], env, 1)
        row("import again (a change to every process)", reimport)
        row("agenda json, first after that change", timed([*agenda, "--format", "json"], env, 1))

    dashboard = f"{nudge} --db {db} --date {TODAY.isoformat()}"
    try:
        hello = tmp / "hello.py"
        hello.write_text(HELLO)
        h_first, _, h_rss = paint(f"{sys.executable} {hello}", "Hello world", "Hello world", 5, env)
        row("hello-world first paint", h_first)
        d_first, d_useful, d_rss = paint(dashboard, "Interviews", USEFUL, 5, env)
        row("dashboard first paint", d_first)
        row("dashboard first useful paint", d_useful)
        row("first useful paint / hello world", d_useful / h_first, "x", "<= 2.5x (10k), <= 1.5x (300)")
        if stored:

            def cold_paint() -> tuple[float, float, float | None]:
                sqlite_exec(db, "DELETE FROM judged")
                return paint(dashboard, "Interviews", USEFUL, 1, env)

            colds = [cold_paint()[1] for _ in range(3)]
            row("dashboard first useful paint, nothing stored (cold)", statistics.median(colds))
        if full:
            if h_rss is not None:
                row("hello-world peak RSS", h_rss, "MB")
            if d_rss is not None:
                row("dashboard peak RSS (VmHWM)", d_rss, "MB", "<= 150 MB")
            latency = keypress(dashboard, USEFUL, 10, env)
            row("keypress (Down in Today) to repaint", latency * 1000, "ms", "one frame")
    except subprocess.CalledProcessError as exc:
        print(f"dashboard paint: tmux could not start a session ({exc}); run from a shell that can start tmux")
    return results, figures, about


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the big data set, and no small one")
    parser.add_argument("--nudge", default=NUDGE, help="the console script to measure (default: this venv's)")
    parser.add_argument(
        "--source",
        default=str(ROOT / "app"),
        help="the measured script's app package, compiled to bytecode before measuring (default: this tree's)",
    )
    parser.add_argument("--server", action="store_true", help="add the PostgreSQL rows (tests/benchmarks/server.py)")
    args = parser.parse_args()
    scale = 10 if args.quick else 1

    with tempfile.TemporaryDirectory(prefix="nudge-bench-") as tmpdir:
        tmp = Path(tmpdir)
        env = {k: v for k, v in os.environ.items() if not k.startswith("NUDGE_") and k != "PYTHONDONTWRITEBYTECODE"}
        env.update(HOME=str(tmp / "home"), XDG_DATA_HOME=str(tmp / "xdg"), PYTHONIOENCODING="utf-8")
        env.setdefault("TERM", "xterm-256color")
        # As installed: with bytecode. Under PYTHONDONTWRITEBYTECODE every start would compile Nudge's
        # hundred modules (0.1-0.5 s) while the hello-world's Textual, installed, is compiled already.
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", args.source], env=env, stdout=subprocess.DEVNULL, check=False
        )

        results, big, about = measure(
            "10k", 10_000 // scale, 25_000 // scale, 100_000 // scale, tmp, env, args.nudge, full=True
        )
        sets = [about]
        if not args.quick:
            small_results, _, small_about = measure("300", 900, 2_250, 9_000, tmp, env, args.nudge, full=False)
            results += small_results
            sets.append(small_about)

        if args.server:
            from server import measure_server

            results += measure_server(10_000 // scale, 25_000 // scale, 100_000 // scale, tmp, env, args.nudge)

        n_tasks = 10_000 // scale
        tw = taskwarrior(tmp, n_tasks, 5)
        if tw is None:
            print("taskwarrior: not installed (apt-get install taskwarrior)")
        else:
            tw_import, tw_list = tw
            results.append((f"taskwarrior import {n_tasks} tasks (s, once)", f"{tw_import:.3f}", ""))
            results.append(("taskwarrior due.before:tomorrow list (s)", f"{tw_list:.3f}", ""))
            for fmt in ("json", "text"):
                ratio = big[f"agenda --format {fmt}"] / tw_list
                results.append((f"[10k] agenda {fmt} / taskwarrior list", f"{ratio:.2f}x", "<= 1.0x"))

    print()
    print("machine")
    for key, value in machine():
        print(f"  {key:<10} {value}")
    print(f"  load avg   {' '.join(f'{x:.2f}' for x in os.getloadavg())} (shared machine: figures move with it)")
    for about in sets:
        print(f"data set   {about}")
    print(f"measured   {args.nudge} (bytecode compiled from {args.source})")
    width = max(len(name) for name, _, _ in results)
    print(f"\n{'figure (medians)':<{width}}  {'median':>10}  target")
    print("-" * (width + 40))
    for name, value, target in results:
        print(f"{name:<{width}}  {value:>10}  {target}")


if __name__ == "__main__":
    main()
