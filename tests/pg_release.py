"""Make the fixture of a released server schema: `python tests/pg_release.py COMMIT`.

The upgrade test (tests/test_pg_upgrades.py) starts from a database exactly
as a released Nudge left it on a server: its schema and the demo search,
written by that release's own code. This script makes one from a commit:
it unpacks the commit's `app/` into a temporary folder, runs that code's
`nudge demo` and `nudge agenda` (which stores the judged actions) against a
private cluster (tests/pg_server.py), and writes `pg_dump`'s plain SQL to
`tests/fixtures/pg/schema-N.sql` and that release's export to
`schema-N.export.json`, N being the release's schema version.

When a new schema is released, run it once on the last commit of the old one
and commit the two files: that is the whole of a new upgrade test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pg_server

TESTS = Path(__file__).resolve().parent
OUT = TESTS / "fixtures" / "pg"
DAY = "2026-11-25"


def _nudge(code: Path, *argv: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "app", *argv],
        capture_output=True,
        text=True,
        cwd=code,
        env={**env, "PYTHONPATH": str(code)},
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"nudge {argv[0]} failed: {done.stderr.strip()}")
    return done.stdout


def make(commit: str) -> Path:
    """Write the two fixture files for `commit`'s schema; the SQL file's path."""
    with tempfile.TemporaryDirectory(prefix="nudge-release-") as folder:
        code = Path(folder) / "code"
        code.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(TESTS.parent), "archive", commit, "app"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(code)], input=archive.stdout, check=True)
        version = subprocess.run(
            [sys.executable, "-c", "from app.storage.migrations import CURRENT_VERSION; print(CURRENT_VERSION)"],
            capture_output=True, text=True, cwd=code, env={**os.environ, "PYTHONPATH": str(code)}, check=True,
        ).stdout.strip()  # fmt: skip
        cluster = pg_server.start()
        try:
            env = {**os.environ, "PGPASSWORD": cluster.password, "HOME": folder, "XDG_DATA_HOME": folder}
            subprocess.run(
                [str(cluster.bin / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "nudge_test", "r"],
                env=env, check=True,
            )  # fmt: skip
            url = cluster.database_url("r")
            _nudge(code, "demo", "--db", url, "--date", DAY, env=env)
            _nudge(code, "agenda", "--db", url, "--date", DAY, env=env)
            exported = _nudge(code, "export", "--db", url, env=env)
            dump = subprocess.run(
                [str(cluster.bin / "pg_dump"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "nudge_test",
                 "--no-owner", "--no-privileges", "--inserts", "r"],
                capture_output=True, text=True, env=env, check=True,
            ).stdout  # fmt: skip
        finally:
            cluster.stop()
    OUT.mkdir(parents=True, exist_ok=True)
    sql = OUT / f"schema-{version}.sql"
    plain = "".join(line for line in dump.splitlines(keepends=True) if not line.startswith("\\"))  # psql's own
    sql.write_text(f"-- Nudge's server schema {version} as released ({commit}), with the demo of {DAY}\n{plain}")
    (OUT / f"schema-{version}.export.json").write_text(exported, encoding="utf-8")
    return sql


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: pg_release.py COMMIT (the last commit of the released schema)", file=sys.stderr)
        sys.exit(2)
    print(make(sys.argv[1]))
