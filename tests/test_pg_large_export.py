"""The large benchmark search, imported on both engines, exports and plans to the same bytes.

The data set is the benchmark's own (`tests/benchmarks/run.py`'s
`make_backup`, random.Random(42)) at its full size: 10,000 processes, 25,000
interviews, 100,000 messages, a 37 MB backup. The same backup goes into a
SQLite file and into a fresh PostgreSQL database through the same command
(`nudge import`), and then `nudge export` and `nudge agenda` in each
machine-readable format must give identical bytes: every value, every
ordering and every tie-break the two engines could disagree on (text sort
order, booleans, NULLs, ids) is exercised at a scale the demo cannot reach.
Run alone it takes about 30 s on a 2-core machine, mostly the two imports.
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from engines import server_missing
from support import base_env, nudge_script, ok

pytestmark = pytest.mark.skipif(server_missing() is not None, reason=f"{server_missing()}; server tests skipped")

PROCESSES = 10_000
"""The benchmark's full size (its interviews and messages scale with it, as in run.py)."""
TIMEOUT = 300
"""Per command: generous, for a loaded machine; the whole test takes about 30 s on an idle 2-core one."""


def _benchmark() -> ModuleType:
    """tests/benchmarks/run.py, loaded by path (it is a script, not a package)."""
    path = Path(__file__).resolve().parent / "benchmarks" / "run.py"
    spec = importlib.util.spec_from_file_location("nudge_benchmark_run", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _runner(home: Path) -> Callable[..., bytes]:
    env = base_env(home)

    def run(*args: str | Path) -> bytes:
        done = subprocess.run(
            [nudge_script(), *map(str, args)], capture_output=True, env=env, cwd=home, timeout=TIMEOUT, check=False
        )
        ok(done)
        return done.stdout

    return run


def test_large_search_exports_and_plans_the_same_bytes_on_both_engines(tmp_path: Path, pg_url: str) -> None:
    bench: Any = _benchmark()
    backup = bench.make_backup(random.Random(42), PROCESSES, PROCESSES * 5 // 2, PROCESSES * 10)
    source = tmp_path / "large.json"
    source.write_text(bench.dump_backup(backup), encoding="utf-8")
    del backup
    lite = tmp_path / "large.db"
    run = _runner(tmp_path)  # PGPASSWORD comes from the pg_url fixture, as a user sets it
    day = bench.TODAY.isoformat()

    outputs: dict[str, dict[str, bytes]] = {}
    for engine, db in (("sqlite", str(lite)), ("postgresql", pg_url)):
        run("import", source, "--db", db)
        got = outputs[engine] = {"export": run("export", "--db", db)}
        for fmt in ("json", "csv", "ics"):
            got[f"agenda {fmt}"] = run("agenda", "--db", db, "--date", day, "--format", fmt)

    assert outputs["sqlite"]["export"] == source.read_bytes()  # the import kept everything, as given
    assert b'"process_id"' in outputs["sqlite"]["agenda json"]  # a real agenda, not an empty one
    for name, expected in outputs["sqlite"].items():
        assert outputs["postgresql"][name] == expected, f"{name} differs between SQLite and PostgreSQL"
