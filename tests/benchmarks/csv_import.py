"""Large spreadsheet import: peak memory and the longest time other writers wait for the lock.

Run: `python tests/benchmarks/csv_import.py [ROWS ...]` (default 200000). Prints figures, never asserts;
not collected by pytest. For each size it writes a deterministic CSV (company, role, status, applied
date, contact, email, notes), imports it with the real console script into a fresh database
(`--yes`), then imports it again over the stored rows (every row already tracked), and reports:
the file's size, wall time, the importer's peak RSS (ru_maxrss of the child), and the longest
`BEGIN IMMEDIATE` another connection had to wait while the import ran (a prober takes and releases
the write lock every 20 ms, as the dashboard's saves or a `nudge import` would).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

NUDGE = str(Path(sys.executable).with_name("nudge"))
STATUSES = ("Applied", "Phone screen", "Rejected", "", "Onsite", "Ghosted", "Offer", "")


def write_csv(path: Path, rows: int) -> None:
    """A tracker-like file: every row a distinct company and role."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Company,Role,Status,Date Applied,Contact,Email,Notes\r\n")
        for i in range(rows):
            day = 1 + i % 28
            out.write(
                f"Company {i},Engineer {i % 97},{STATUSES[i % len(STATUSES)]},3/{day}/2026,"
                f"Person {i % 1000},p{i}@example.com,Row {i} note\r\n"
            )


class Prober(threading.Thread):
    """Takes and releases the write lock every 20 ms; remembers the longest wait."""

    def __init__(self, db: Path) -> None:
        super().__init__(daemon=True)
        self.db = db
        self.longest = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        conn = sqlite3.connect(self.db, isolation_level=None, timeout=120)
        while not self.stop.is_set():
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("COMMIT")
            self.longest = max(self.longest, time.perf_counter() - start)
            time.sleep(0.02)
        conn.close()


def run_import(csv_path: Path, db: Path) -> tuple[float, float, float, str]:
    """(seconds, peak RSS MB, longest lock wait s, last stderr line) of one `nudge import-csv --yes`."""
    prober = Prober(db)
    prober.start()
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            [NUDGE, "import-csv", str(csv_path), "--db", str(db), "--yes"],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, "NUDGE_CONFIG": str(db.parent / "none.toml")},
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        said = err.read().decode(errors="replace")
    prober.stop.set()
    prober.join()
    last = (said.strip().splitlines() or ["(no output)"])[-1]
    return seconds, usage.ru_maxrss / 1024, prober.longest, f"exit {child.returncode}: {last[:110]}"


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [200_000]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows in sorted(sizes):
            csv_path = folder / f"sheet-{rows}.csv"
            write_csv(csv_path, rows)
            db = folder / f"nudge-{rows}.db"
            # An initialised database, so the prober has a file to lock from the start.
            code = f"import pathlib, app.storage.repository as r; r.Repository(pathlib.Path({str(db)!r})).close()"
            subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
            mb = csv_path.stat().st_size / 1e6
            for label in ("fresh database", "again, all tracked"):
                seconds, rss, lock, said = run_import(csv_path, db)
                print(
                    f"{rows:>9} rows {mb:6.1f} MB  {label:<18}  {seconds:6.1f} s  peak RSS {rss:7.0f} MB"
                    f"  ({rss / mb:5.1f}x file)  longest lock wait {lock:5.2f} s  | {said}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
