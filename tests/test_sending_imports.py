"""The sending library loads no Textual: the dashboard passes in what it needs, and the CLI could use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support import base_env

MODULES = ("clipboard", "commands", "editor", "links", "mailto", "opener", "subjects")


def test_no_sending_module_imports_textual(tmp_path: Path) -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module('app.sending.' + name)\n"
        "print(json.dumps(sorted(m for m in ('textual', 'sqlmodel', 'sqlalchemy') if m in sys.modules)))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=tmp_path, timeout=60, check=False, env=base_env(tmp_path)
    )
    assert run.returncode == 0, run.stderr.decode()
    assert json.loads(run.stdout.decode().splitlines()[-1]) == []


def test_every_module_is_listed() -> None:
    folder = Path(__file__).resolve().parents[1] / "app" / "sending"
    assert sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__") == sorted(MODULES)
