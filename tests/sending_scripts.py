"""Real programs for the sending tests: small Python scripts that record what they were given.

Each script is written into a test's folder with this interpreter in its
shebang, so it runs as an ordinary program found on PATH (never a real
browser, mail client, clipboard or editor). It appends one JSON line per run
to its log: its argv, and its stdin when it reads it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def write_script(folder: Path, name: str, body: str) -> Path:
    """An executable Python script `folder/name` running `body`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"#!{sys.executable}\nimport json, os, sys\n{body}", encoding="utf-8")
    path.chmod(0o755)
    return path


def recorder(folder: Path, name: str, log: Path, *, status: int = 0, read_stdin: bool = False) -> Path:
    """A program that logs its argv (and stdin, when `read_stdin`) to `log` and exits with `status`."""
    stdin = "sys.stdin.buffer.read().decode('utf-8')" if read_stdin else "None"
    body = (
        f"entry = {{'name': {name!r}, 'argv': sys.argv[1:], 'stdin': {stdin}}}\n"
        f"with open({str(log)!r}, 'a', encoding='utf-8') as f:\n"
        "    f.write(json.dumps(entry) + '\\n')\n"
        f"sys.exit({status})\n"
    )
    return write_script(folder, name, body)


def runs(log: Path) -> list[dict[str, Any]]:
    """Every run a recorder logged, in order (none when it never ran)."""
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def bare_env(bin_dir: Path, **extra: str) -> dict[str, str]:
    """An environment with only `bin_dir` on PATH and no display, editor or opener unless given."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    env = {"PATH": str(bin_dir), "HOME": str(bin_dir.parent), "LANG": "C.UTF-8"}
    if "SYSTEMROOT" in os.environ:
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    env.update(extra)
    return env
