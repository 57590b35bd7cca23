"""The headless core stays headless: fresh interpreters prove what each path imports.

`agenda`, `import` and `export` never load Textual (nor tomlkit or shtab,
which only saving a preference and `completion` need); the rules load neither
Textual nor SQLModel; reading (`agenda`, `export`) goes through sqlite3 alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support import FIXTURES, base_env

HEAVY = ("textual", "sqlmodel", "sqlalchemy", "tomlkit", "shtab")


def _loaded_after(code: str, cwd: Path) -> dict[str, object]:
    """Run `code` in a new interpreter; return its `result` and which heavy packages it loaded."""
    probe = (
        "import json, sys\nresult = None\n"
        + textwrap.dedent(code)
        + f"\nheavy = sorted(m for m in {HEAVY!r} if m in sys.modules)"
        + '\nprint(json.dumps({"result": result, "heavy": heavy}))\n'
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, cwd=cwd, timeout=60, check=False, env=base_env(cwd)
    )
    assert run.returncode == 0, run.stderr.decode()
    loaded: dict[str, object] = json.loads(run.stdout.decode().splitlines()[-1])
    return loaded


@pytest.mark.parametrize("fmt", ["text", "md", "json", "csv", "ics"])
def test_agenda_loads_neither_textual_nor_sqlmodel(tmp_path: Path, demo_db: Path, fmt: str) -> None:
    out = tmp_path / f"agenda.{fmt}"
    loaded = _loaded_after(
        f"""
        import app.cli
        result = app.cli.main(["agenda", "--db", {str(demo_db)!r}, "--date", "2026-11-25", "--format", {fmt!r},
                               "-o", {str(out)!r}])
        """,
        tmp_path,
    )
    assert loaded == {"result": 0, "heavy": []}
    assert out.stat().st_size > 500


def test_export_loads_neither_textual_nor_sqlmodel(tmp_path: Path, demo_db: Path) -> None:
    out = tmp_path / "backup.json"
    loaded = _loaded_after(
        f"""
        import app.cli
        result = app.cli.main(["export", "--db", {str(demo_db)!r}, "-o", {str(out)!r}])
        """,
        tmp_path,
    )
    assert loaded == {"result": 0, "heavy": []}
    assert json.loads(out.read_text())["format"] == "nudge-backup"


def test_import_does_not_load_textual(tmp_path: Path) -> None:
    target = tmp_path / "imported.db"
    loaded = _loaded_after(
        f"""
        import app.cli
        result = app.cli.main(["import", "--db", {str(target)!r}, {str(FIXTURES / "backup_example.json")!r}])
        """,
        tmp_path,
    )
    # Writing goes through SQLModel, so it is loaded here, and only here.
    assert loaded == {"result": 0, "heavy": ["sqlalchemy", "sqlmodel"]}
    assert target.exists()


def test_failed_commands_do_not_load_textual_either(tmp_path: Path) -> None:
    loaded = _loaded_after(
        f"""
        import app.cli
        result = app.cli.main(["import", "--db", {str(tmp_path / "x.db")!r}, {str(tmp_path / "missing.json")!r}])
        """,
        tmp_path,
    )
    assert loaded == {"result": 2, "heavy": []}


def _modules(package: str) -> list[str]:
    import importlib
    import pkgutil

    found = importlib.import_module(package)
    return sorted(f"{package}.{m.name}" for m in pkgutil.iter_modules(found.__path__))


def test_the_module_lists_are_not_empty() -> None:
    assert {"app.rules.agenda", "app.rules.calendar", "app.rules.ladder"} <= set(_modules("app.rules"))
    assert {"app.exports.plain", "app.exports.icalendar"} <= set(_modules("app.exports"))


@pytest.mark.parametrize(
    "module",
    [
        *_modules("app.rules"),
        "app.backup",
        "app.demo",
        "app.paths",
        "app.cli",
        "app.exports",
        *_modules("app.exports"),
        "app.storage.connection",
        "app.storage.migrations",
        "app.storage.reader",
        "app.storage.columns",
        "app.storage.repository",
        "app.storage.backups",
        "app.storage.doctor",
        "app.holiday_store",
        "app.storage.judged",
        *_modules("app.csvimport"),
        *_modules("app.config"),
        "app.config",
        "app.completion",
        "app.stats",
        *_modules("app.stats"),
    ],
)
def test_core_modules_load_neither_textual_nor_sqlmodel(tmp_path: Path, module: str) -> None:
    loaded = _loaded_after(f"import {module}", tmp_path)
    assert loaded["heavy"] == []


@pytest.mark.parametrize("module", ["app.storage.writer", "app.storage.tables"])
def test_storage_writes_do_not_load_textual(tmp_path: Path, module: str) -> None:
    loaded = _loaded_after(f"import {module}", tmp_path)
    assert "textual" not in loaded["heavy"]  # type: ignore[operator]


def test_the_dashboard_defers_what_the_first_frame_does_not_need(tmp_path: Path) -> None:
    """Forms, dialogs (the help's Markdown) and stats cost about 100 ms: imported on first use."""
    loaded = _loaded_after(
        """
        import app.tui.app
        deferred = ("app.tui.forms", "app.tui.dialogs", "app.stats", "textual.widgets._markdown", "sqlmodel")
        result = sorted(m for m in deferred if m in sys.modules)
        """,
        tmp_path,
    )
    assert loaded["result"] == []
