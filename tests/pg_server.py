"""A real, private PostgreSQL server for the tests: a throwaway cluster in a temporary folder.

`.ci/run` starts one (`python tests/pg_server.py start DIR`) and exports its
URL as NUDGE_TEST_PG; without that variable the test session starts its own
cluster on first use and stops it at the end. Either way the cluster listens on
127.0.0.1 only, on a free port, with its socket in its own folder, and asks
for a password over TCP (scram-sha-256), so the tests of a wrong or missing
password meet the server's real answer. The password reaches Nudge only
through PGPASSWORD, as it would for a user.

PostgreSQL refuses to run as root, so as root the cluster belongs to the
`postgres` user (made by Debian's package) and its commands run through
`runuser`. With no PostgreSQL binaries at all, `find_bin` is None and the
tests that need the server skip, saying so.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "nudge_test"
ENV_URL = "NUDGE_TEST_PG"
"""A running server's URL (no password), set by `.ci/run`."""
ENV_PASSWORD = "NUDGE_TEST_PG_PASSWORD"


def find_bin() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """A started cluster: where it lives, its port, and its superuser's password."""

    folder: Path
    port: int
    password: str
    owner: str | None
    bin: Path

    @property
    def url(self) -> str:
        """The URL of its maintenance database, without the password."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        """The URL of database `name` on this server."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{name}"

    def _run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / argv[0]), *argv[1:]]
        if self.owner is not None:
            command = ["runuser", "-u", self.owner, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its folder."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def restart(self) -> None:
        """Stop and start the same cluster again (same port, same data)."""
        self.halt()
        self._start()

    def halt(self) -> None:
        """Stop the server (fast shutdown: sessions are ended), keeping its data for `resume`."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start a halted server again, on the same port."""
        self._start()

    def _start(self) -> None:
        data = self.folder / "data"
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c max_connections=60"
        done = self._run("pg_ctl", "-D", str(data), "-l", str(self.folder / "log"), "-o", options, "-w", "start")
        if done.returncode != 0:
            log = (self.folder / "log").read_text(errors="replace") if (self.folder / "log").exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr.strip()} {log[-2000:]}")


def start(folder: Path | None = None) -> Cluster:
    """Make and start a private cluster (initdb, then pg_ctl start); raises RuntimeError if it cannot."""
    bin_dir = find_bin()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL binaries (initdb, pg_ctl) found")
    folder = Path(tempfile.mkdtemp(prefix="nudge-pg-")) if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    owner = None
    if os.geteuid() == 0:
        owner = "postgres"
        pw = pwd.getpwnam(owner)
        os.chown(folder, pw.pw_uid, pw.pw_gid)
        folder.chmod(0o700)
    password = secrets.token_hex(12)
    pwfile = folder / "pw"
    pwfile.write_text(password + "\n")
    if owner is not None:
        os.chown(pwfile, pwd.getpwnam(owner).pw_uid, -1)
    cluster = Cluster(folder, _free_port(), password, owner, bin_dir)
    done = cluster._run(
        "initdb",
        "-D",
        str(folder / "data"),
        "-U",
        SUPERUSER,
        "--pwfile",
        str(pwfile),
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    pwfile.unlink()
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {done.stderr.strip()[-2000:]}")
    for attempt in range(5):
        try:
            cluster._start()
            break
        except RuntimeError:
            if attempt == 4:
                cluster.stop()
                raise
            cluster.port = _free_port()  # someone took the port meanwhile
            time.sleep(0.2)
    return cluster


def main(argv: list[str]) -> int:
    """`start DIR` prints `export` lines for the URL and password; `stop DIR` stops it."""
    if len(argv) == 2 and argv[0] == "start":
        cluster = start(Path(argv[1]))
        (Path(argv[1]) / "port").write_text(str(cluster.port))
        print(f"export {ENV_URL}={cluster.url} {ENV_PASSWORD}={cluster.password}")
        return 0
    if len(argv) == 2 and argv[0] == "stop":
        folder = Path(argv[1])
        bin_dir = find_bin()
        if bin_dir is not None and (folder / "data").exists():
            owner = "postgres" if os.geteuid() == 0 else None
            Cluster(folder, 0, "", owner, bin_dir).stop()
        return 0
    print("usage: pg_server.py start DIR | stop DIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
