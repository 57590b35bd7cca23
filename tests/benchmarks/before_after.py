"""Two builds of nudge measured in turn, round after round, so both see the same load on a shared machine.

Run: `python tests/benchmarks/before_after.py BEFORE_NUDGE [--after NUDGE] [--rounds 3]`. BEFORE_NUDGE is a
console script of another build (an older commit in a git worktree, say). Prints medians only, never
asserts. Each round runs import, export and `agenda --format json` (10,000 and 900 processes) and the
dashboard's first useful paint with the one build, then the other, and the hello-world between rounds;
import and export also report their CPU time (user + system), which moves less with the load than
wall time does. Both builds see the same data (`run.make_backup`), each in its own databases, warmed
by one `agenda` run first (so the stored agenda is read, as on every start after the first).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run

from app.backup import dump_backup

SIZES = {"10k": (10_000, 25_000, 100_000), "300": (900, 2_250, 9_000)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("before", help="the other build's console script")
    parser.add_argument("--after", default=run.NUDGE, help="this build's console script (default: this venv's)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    builds = {"before": args.before, "after": args.after}
    found: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        found.setdefault(name, []).append(value)
        print(f"  {name}: {value:.3f}", flush=True)

    with tempfile.TemporaryDirectory(prefix="nudge-ab-") as tmpdir:
        tmp = Path(tmpdir)
        env = {k: v for k, v in os.environ.items() if not k.startswith("NUDGE_") and k != "PYTHONDONTWRITEBYTECODE"}
        env.update(HOME=str(tmp / "home"), XDG_DATA_HOME=str(tmp / "xdg"), PYTHONIOENCODING="utf-8")
        env.setdefault("TERM", "xterm-256color")

        def timed(cmd: list[str], cpu: str | None = None) -> float:
            before, start = os.times(), time.perf_counter()
            done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
            seconds, after = time.perf_counter() - start, os.times()
            if done.returncode != 0:
                print(f"  ! {' '.join(cmd[:2])} exited {done.returncode}: {done.stderr.decode()[-200:]}")
            if cpu:
                add(cpu, after.children_user - before.children_user + after.children_system - before.children_system)
            return seconds

        def paint(command: str, first: str, useful: str) -> tuple[float, float, float | None]:
            for _ in range(3):  # tmux here sometimes loses a fresh server: that run measures tmux, so again
                try:
                    return run.paint(command, first, useful, 1, env)
                except subprocess.CalledProcessError:
                    time.sleep(1)
            return float("nan"), float("nan"), None

        sources = {}
        for size, (n_proc, n_int, n_msg) in SIZES.items():
            sources[size] = tmp / f"{size}.json"
            backup = run.make_backup(random.Random(42), n_proc, n_int, n_msg)
            sources[size].write_text(dump_backup(backup), encoding="utf-8")
            for build, nudge in builds.items():
                db = str(tmp / f"{build}-{size}.db")
                subprocess.run(
                    [nudge, "import", str(sources[size]), "--db", db], env=env, capture_output=True, check=True
                )
                agenda = [nudge, "agenda", "--db", db, "--date", run.TODAY.isoformat(), "--format", "json"]
                subprocess.run(agenda, env=env, capture_output=True, check=False)
        hello = tmp / "hello.py"
        hello.write_text(run.HELLO)
        for n in range(args.rounds):
            print(f"round {n + 1}", flush=True)
            for build, nudge in builds.items():
                target = str(tmp / f"{build}-import{n}.db")
                add(
                    f"{build} import",
                    timed([nudge, "import", str(sources["10k"]), "--db", target], f"{build} import CPU"),
                )
                out = str(tmp / f"{build}-export.json")
                add(
                    f"{build} export",
                    timed([nudge, "export", "--db", str(tmp / f"{build}-10k.db"), "-o", out], f"{build} export CPU"),
                )
                for size in SIZES:
                    db = str(tmp / f"{build}-{size}.db")
                    agenda = [nudge, "agenda", "--db", db, "--date", run.TODAY.isoformat(), "--format", "json"]
                    add(f"{build} agenda json {size}", timed(agenda))
                add(f"{build} python -c pass", timed([sys.executable, "-c", "pass"]))
            add("hello-world first paint", paint(f"{sys.executable} {hello}", "Hello world", "Hello world")[0])
            for build, nudge in builds.items():
                for size in SIZES:
                    command = f"{nudge} --db {tmp / f'{build}-{size}.db'} --date {run.TODAY.isoformat()}"
                    _, useful, rss = paint(command, "Interviews", run.USEFUL)
                    add(f"{build} first useful paint {size}", useful)
                    if size == "10k" and rss is not None:
                        add(f"{build} dashboard peak RSS (MB)", rss)
            same = (tmp / "before-export.json").read_bytes() == (tmp / "after-export.json").read_bytes()
            print(f"  exports byte-identical: {same}")

    print(f"\nmedians of {args.rounds} rounds; load avg {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, values in found.items():
        print(f"{name:<36} {statistics.median(values):8.3f}   {' '.join(f'{v:.2f}' for v in values)}")


if __name__ == "__main__":
    main()
