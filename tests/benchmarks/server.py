"""Benchmark rows for a PostgreSQL database beside the same search on SQLite: import, agenda, first useful paint.

Run alone (`python tests/benchmarks/server.py [--quick]`) or as part of
`python tests/benchmarks/run.py --server`. The server is the one named by
NUDGE_TEST_PG (with NUDGE_TEST_PG_PASSWORD), else a private cluster on
127.0.0.1 started for the run (tests/pg_server.py). The data set is
run.py's own (random.Random(42)), 10,000 processes; each figure is a median,
and each server figure is also given as a ratio to SQLite's (the issue's
target: within 1.5x). Prints figures only, never asserts; it also says whether
the two engines' `nudge export` (and agenda json) came out byte for byte the
same ("export bytes identical: yes"), as tests/test_pg_large_export.py checks.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import pg_server  # noqa: E402
from run import NUDGE, TODAY, USEFUL, dump_backup, make_backup, paint, timed  # noqa: E402

ROUNDS = 5
"""Agenda runs per engine and format, taken in turn with the other engine's."""


def _server() -> tuple[str, str, pg_server.Cluster | None]:
    if os.environ.get(pg_server.ENV_URL):
        return os.environ[pg_server.ENV_URL], os.environ.get(pg_server.ENV_PASSWORD, ""), None
    started = pg_server.start()
    return started.url, started.password, started


def measure_server(
    n_proc: int, n_int: int, n_msg: int, tmp: Path, env: dict[str, str], nudge: str
) -> list[tuple[str, str, str]]:
    """The rows: each engine's import, agenda (json, text) and dashboard paint, and the server's ratios."""
    import psycopg

    url, password, started = _server()
    results: list[tuple[str, str, str]] = []

    def row(name: str, value: float, unit: str = "s", target: str = "") -> None:
        shown = f"{value:.2f}x" if unit == "x" else f"{value:.3f}"
        results.append((f"[server {n_proc // 1000}k] {name}" + ("" if unit == "x" else f" ({unit})"), shown, target))
        print(f"  [server] {name}: {shown}", flush=True)

    name = f"bench_{os.getpid()}"
    try:
        with psycopg.connect(url, password=password, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
        pg = f"{url.rsplit('/', 1)[0]}/{name}"
        env = {**env, "PGPASSWORD": password}
        source = tmp / "server-bench.json"
        source.write_text(dump_backup(make_backup(random.Random(42), n_proc, n_int, n_msg)), encoding="utf-8")
        lite = str(tmp / "server-bench.db")
        figures: dict[str, dict[str, float]] = {}

        def agenda(db: str) -> list[str]:
            return [nudge, "agenda", "--db", db, "--date", TODAY.isoformat()]

        outputs: dict[str, bytes] = {}
        places = (("sqlite", lite), ("postgresql", pg))
        for engine, db in places:
            got = figures.setdefault(engine, {})
            got["import"] = timed([nudge, "import", str(source), "--db", db], env, 1)
            got["export"] = timed([nudge, "export", "--db", db, "-o", str(tmp / f"server-bench-{engine}.json")], env, 3)
            outputs[engine] = subprocess.run(
                [*agenda(db), "--format", "json"], env=env, capture_output=True, check=False
            ).stdout  # the agenda only reads: every run judges what is not stored, on either engine
        # Interleaved, engine after engine in each round, so that the shared machine's load falls on both alike.
        samples: dict[tuple[str, str], list[float]] = {}
        for _ in range(ROUNDS):
            for engine, db in places:
                for fmt in ("json", "text"):
                    took = timed([*agenda(db), "--format", fmt], env, 1)
                    samples.setdefault((engine, f"agenda {fmt}"), []).append(took)
        for (engine, figure), values in samples.items():
            figures[engine][figure] = statistics.median(values)
        for engine, db in places:
            try:
                _, useful, _ = paint(f"{nudge} --db {db} --date {TODAY.isoformat()}", "Interviews", USEFUL, 3, env)
                figures[engine]["first useful paint"] = useful
            except subprocess.CalledProcessError as exc:
                print(f"dashboard paint: tmux could not start a session ({exc})")
            for figure, value in figures[engine].items():
                row(f"{engine} {figure}", value)
        for figure, value in figures["postgresql"].items():
            if figure in figures["sqlite"]:
                target = "<= 1.5x" if figure not in ("import", "export") else ""
                row(f"{figure}, server / SQLite", value / figures["sqlite"][figure], "x", target)
        exports = [(tmp / f"server-bench-{engine}.json").read_bytes() for engine in ("sqlite", "postgresql")]
        same = {"export": exports[0] == exports[1], "agenda json": outputs["sqlite"] == outputs["postgresql"]}
        for what, equal in same.items():
            shown = "yes" if equal else "NO"
            results.append((f"[server {n_proc // 1000}k] {what} bytes identical", shown, "yes"))
            print(f"  [server] {what} bytes identical: {shown}", flush=True)
        with psycopg.connect(url, password=password, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
    finally:
        if started is not None:
            started.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the data set")
    parser.add_argument("--nudge", default=NUDGE, help="the console script to measure (default: this venv's)")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    with tempfile.TemporaryDirectory(prefix="nudge-bench-server-") as tmpdir:
        tmp = Path(tmpdir)
        env = {k: v for k, v in os.environ.items() if not k.startswith("NUDGE_")}
        env.update(HOME=str(tmp / "home"), XDG_DATA_HOME=str(tmp / "xdg"), PYTHONIOENCODING="utf-8")
        env.setdefault("TERM", "xterm-256color")
        results = measure_server(10_000 // scale, 25_000 // scale, 100_000 // scale, tmp, env, args.nudge)
    width = max(len(n) for n, _, _ in results)
    print(f"\n{'figure (medians)':<{width}}  {'median':>10}  target")
    for figure, value, target in results:
        print(f"{figure:<{width}}  {value:>10}  {target}")


if __name__ == "__main__":
    main()
