"""Helpers shared by the storage, backup, export and command-line tests.

Everything here works on real things: SQLite files in a temporary folder, the
installed `nudge` console script, golden files in `tests/golden/`.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

from app.backup import dump_backup
from app.rules.agenda import Agenda, build_agenda
from app.rules.values import Process, Settings
from app.storage.location import Location
from app.storage.repository import Repository

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
DEMO_DAY = date(2026, 11, 25)
"""Wed 25 Nov 2026, the day before US Thanksgiving: the date every golden file is made for."""

TABLES = ("process", "contact", "interview", "interview_contact", "message", "setting", "template")


def demo_counts(day: date = DEMO_DAY) -> dict[str, int]:
    """What `nudge demo` for `day` holds, counted from the demo itself, so tests follow the demo as it grows.

    Keys: the tables' row counts (process, contact, interview, interview_contact,
    message), `open`, the processes listed without the closed ones, and `due`,
    the items due on `day` (the agenda as `nudge agenda` builds it).
    """
    from app.demo import demo_backup

    backup = demo_backup(day)
    processes = backup.processes
    return {
        "due": len(build_agenda(processes, day, backup.settings or Settings(), {}).due),
        "process": len(processes),
        "contact": sum(len(p.contacts) for p in processes),
        "interview": sum(len(p.interviews) for p in processes),
        "interview_contact": sum(len(i.with_) for p in processes for i in p.interviews),
        "message": sum(len(p.messages) for p in processes),
        "open": sum(p.is_open for p in processes),
    }


DEMO = demo_counts()
"""The demo's counts for DEMO_DAY."""
UPDATE_GOLDEN = os.environ.get("NUDGE_UPDATE_GOLDEN") == "1"


def nudge_script() -> str:
    """The `nudge` console script of the interpreter running the tests (any venv), else the one on PATH."""
    found = shutil.which("nudge", path=str(Path(sys.executable).parent)) or shutil.which("nudge")
    assert found, "the nudge console script is not installed (pip install -e '.[dev]')"
    return found


def base_env(home: Path) -> dict[str, str]:
    """An environment that can only touch `home`: no NUDGE_DB, data and home folders inside it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUDGE_")}
    env["HOME"] = str(home / "home")
    env["XDG_DATA_HOME"] = str(home / "xdg-data")
    env["XDG_CACHE_HOME"] = str(home / "xdg-cache")
    env["XDG_CONFIG_HOME"] = str(home / "xdg-config")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_nudge(
    *args: str | Path,
    home: Path,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    module: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    """Run the real console script (or `python -m app`) with a private environment."""
    command = [sys.executable, "-m", "app"] if module else [nudge_script()]
    full_env = base_env(home)
    full_env.update(env or {})
    return subprocess.run(
        [*command, *map(str, args)],
        input=stdin,
        capture_output=True,
        env=full_env,
        cwd=home,
        timeout=60,
        check=False,
    )


def mode(path: Path) -> int:
    """The permission bits of a file or folder."""
    return stat.S_IMODE(path.stat().st_mode)


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_text(path: Path) -> str:
    """The backup text of a database, exactly as `nudge export` writes it."""
    with Repository(path) as repo:
        return dump_backup(repo.snapshot())


def row_counts(path: Path) -> dict[str, int]:
    """How many rows each Nudge table holds, read with plain sqlite3."""
    with sqlite3.connect(path) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def stored(where: Location, company: str = "Acme") -> Process:
    """The process of `company` as a new Repository reads it back: what a later command would see."""
    with Repository(where) as repo:
        return next(p for p in repo.processes() if p.company == company)


def agenda_of(path: Path, day: date, days: int = 5) -> Agenda:
    """The agenda of a database file for `day`, built as `nudge agenda` builds it."""
    with Repository(path) as repo:
        processes = repo.processes(open_only=True)
        settings, templates = repo.settings(), repo.templates()
    return build_agenda(processes, day, settings, templates, days=days)


def assert_golden(name: str, text: str) -> None:
    """Compare `text` byte for byte with tests/golden/`name`.

    With NUDGE_UPDATE_GOLDEN=1 the file is (re)written instead: read the diff
    (`git diff tests/golden`) before committing it.
    """
    path = GOLDEN / name
    data = text.encode("utf-8")
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"missing golden file {path}; run with NUDGE_UPDATE_GOLDEN=1 and read it"
    expected = path.read_bytes()
    if data != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8").splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=f"golden/{name}",
            tofile="rendered",
        )
        raise AssertionError(f"{name} differs from its golden file:\n{''.join(diff)}")


def ok(result: subprocess.CompletedProcess[bytes]) -> str:
    """The stdout of a run that must have succeeded."""
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    return result.stdout.decode("utf-8")


def fails(result: subprocess.CompletedProcess[bytes], code: int) -> str:
    """The one-line error of a run that must have failed with `code`, and printed nothing on stdout."""
    err = result.stderr.decode("utf-8")
    assert result.returncode == code, err
    assert "Traceback" not in err
    assert err.startswith("nudge")
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert result.stdout == b""
    return err.rstrip("\n")
