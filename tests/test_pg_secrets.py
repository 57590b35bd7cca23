"""No password anywhere: not in an error, an output, a file written or the server's log.

Every command is run against a private cluster (so its log can be read too)
along the paths that fail: a wrong password from PGPASSWORD or from a
`password_command`, a password command that fails after printing, a URL that
holds one, the server down, a writer behind a hung one, a refused restore;
and along the paths that succeed and write files (demo, backup, export,
restore and its kept copy, the daily copy). Then everything they printed,
every file under the test's home and the server's log are searched for the
real password and for the wrong ones. (Arguments: Nudge takes none holding a
password, refusing a URL with one, and runs no program but the password
command, whose arguments are the user's own.)
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pg_server
import pytest
from engines import Cluster, drop_database, new_database, server_missing
from support import DEMO_DAY, FIXTURES, base_env, nudge_script

from app.storage.connection import write_transaction
from app.storage.location import parse_location
from app.storage.repository import Repository

pytestmark = pytest.mark.skipif(server_missing() is not None, reason=f"{server_missing()}; server tests skipped")
WRONG = "Wr0ng-pw-7d1e9a"
PRINTED = "Printed-pw-4c2b80"
DAY = DEMO_DAY.isoformat()


@pytest.fixture(scope="module")
def server() -> Iterator[pg_server.Cluster]:
    """A private cluster whose log this test may read."""
    if pg_server.find_bin() is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    started = pg_server.start()
    try:
        yield started
    finally:
        started.stop()


class Runs:
    """Runs the real console script in a private home, keeping everything it printed."""

    def __init__(self, home: Path, password: str) -> None:
        self.home = home
        self.password = password
        self.said: list[str] = []

    def __call__(self, *args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full = base_env(self.home)
        full["PGPASSWORD"] = self.password
        full.update(env or {})
        argv = [nudge_script(), *map(str, args)]
        done = subprocess.run(argv, capture_output=True, text=True, env=full, cwd=self.home, timeout=120, check=False)
        self.said += [done.stdout, done.stderr]
        return done


def test_no_password_in_any_error_output_file_or_log(server: pg_server.Cluster, tmp_path: Path) -> None:
    password = server.password
    cluster = Cluster(server.url, password)
    name = new_database(cluster)
    url = cluster.database_url(name)
    home = tmp_path / "h"
    home.mkdir()
    run = Runs(home, password)
    try:
        # the paths that succeed, writing files
        assert run("demo", "--db", url, "--date", DAY).returncode == 0
        export = home / "out" / "export.json"
        assert run("export", "--db", url, "-o", export).returncode == 0
        assert run("backup", "--db", url).returncode == 0
        assert run("backup", "--db", url, "-o", home / "out" / "copy.json").returncode == 0
        assert run("restore", "--db", url, export).returncode == 0
        assert (
            run("agenda", "--db", url, "--date", DAY, "--format", "ics", "-o", home / "out" / "a.ics").returncode == 0
        )
        assert run("doctor", "--db", url).returncode == 0
        assert run("copy", "--db", url, "--to", home / "out" / "copy.db").returncode == 0

        # the paths that fail
        wrong = {"PGPASSWORD": WRONG}
        for command in (
            ("agenda",),
            ("export",),
            ("stats",),
            ("doctor",),
            ("config",),
            ("backup",),
            ("demo",),
            ("import", export),
            ("restore", export),
            ("import-csv", FIXTURES / "csv" / "teal_export.csv"),
            ("copy", "--to", home / "out" / "other.db"),
        ):
            done = run(*command, "--db", url, env=wrong)
            assert done.returncode == 1 and "refused the password" in done.stderr, (command, done.stderr)
        script = home / "pw.sh"
        script.write_text(f"#!/bin/sh\necho {PRINTED}\n")
        script.chmod(0o700)
        failing = home / "pw-fails.sh"
        failing.write_text(f"#!/bin/sh\necho {PRINTED}\necho {PRINTED} >&2\nexit 3\n")
        failing.chmod(0o700)
        for command, said in ((script, "refused the password"), (failing, "exit status 3")):
            config = home / f"{command.stem}.toml"
            config.write_text(f'[database]\npath = "{url}"\npassword_command = "{command}"\n')
            done = run("agenda", env={"NUDGE_CONFIG": str(config), "PGPASSWORD": ""})
            assert done.returncode == 1 and said in done.stderr, done.stderr
            assert run("config", env={"NUDGE_CONFIG": str(config), "PGPASSWORD": ""}).returncode in (0, 1)
        with_password = url.replace("nudge_test@", f"nudge_test:{password}@")
        assert run("agenda", "--db", with_password).returncode == 2
        data = json.loads(export.read_text(encoding="utf-8"))
        data["processes"][0]["status"] = "closed"
        (home / "bad.json").write_text(json.dumps(data))
        assert run("restore", "--db", url, home / "bad.json").returncode == 2
        os.environ["PGPASSWORD"] = password
        try:
            with Repository(parse_location(url)) as hung, write_transaction(hung.conn):
                hung.conn.execute("UPDATE nudge_change SET counter = counter WHERE id = 1")
                done = run("import", "--db", url, export, env={"PGOPTIONS": "-c lock_timeout=1s"})
                assert done.returncode == 1 and "write lock" in done.stderr
        finally:
            del os.environ["PGPASSWORD"]
        server.halt()
        try:
            done = run("agenda", "--db", url)
            assert done.returncode == 1 and "cannot reach" in done.stderr
        finally:
            server.resume()
    finally:
        drop_database(cluster, name)

    secrets = (password, WRONG, PRINTED)
    for text in run.said:
        for secret in secrets:
            assert secret not in text, (secret, text)
    written = [p for p in home.rglob("*") if p.is_file() and p.suffix != ".sh"]
    assert len(written) >= 6  # the exports, the copies, the kept copy, the day's copy, the configs
    for path in written:
        data_bytes = path.read_bytes()
        for secret in (password, WRONG):
            assert secret.encode() not in data_bytes, path
    log = (server.folder / "log").read_text(errors="replace")
    assert "password authentication failed" in log  # the server did log the refusals...
    for secret in secrets:
        assert secret not in log  # ...without any password
