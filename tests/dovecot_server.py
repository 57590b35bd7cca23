"""A real, private IMAP server for the inbox tests: Dovecot in a temporary folder, IMAPS on 127.0.0.1.

`start()` makes a test certificate authority and a server certificate signed
by it (with `openssl`), writes a Dovecot configuration of its own (no system
file is read or changed), one test user with a password in a passwd-file and
a Maildir seeded by the caller, and starts the server on a free port. The
tests trust that authority only, through `[mail] cafile`, as a user with a
private server would: the product never turns certificate checks off.
`stop()` stops it and removes the folder. Without Dovecot or openssl,
`missing()` says which, and the tests skip saying so.

As root, Dovecot's mail processes run as the `dovecot` user (made by Debian's
package), who then owns the Maildir; otherwise everything runs as the caller.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

USER = "seeker"


def missing() -> str | None:
    """What is missing to run the server (None when nothing is)."""
    for tool in ("dovecot", "openssl"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            return f"{tool} is not installed (Debian: apt-get install dovecot-imapd openssl)"
    return None


def _tool(name: str) -> str:
    return shutil.which(name) or f"/usr/sbin/{name}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run([_tool("openssl"), *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_certificates(folder: Path) -> Path:
    """A test authority (ca.crt) and a server certificate for 127.0.0.1 signed by it; returns ca.crt."""
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
             "-subj", "/CN=Nudge test CA", cwd=folder)  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
             "-subj", "/CN=127.0.0.1", cwd=folder)  # fmt: skip
    (folder / "san.ext").write_text("subjectAltName = IP:127.0.0.1, DNS:localhost\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "server.crt", "-days", "2", "-extfile", "san.ext", cwd=folder)  # fmt: skip
    return folder / "ca.crt"


@dataclass
class Server:
    """A running Dovecot: its folder, port, the test user's password and Maildir, the authority to trust."""

    folder: Path
    port: int
    password: str
    maildir: Path
    cafile: Path
    owner: str | None

    @property
    def config(self) -> Path:
        return self.folder / "dovecot.conf"

    def give_maildir(self) -> None:
        """Hand the (re)seeded Maildir to the user the mail processes run as."""
        if self.owner is not None:
            entry = pwd.getpwnam(self.owner)
            for path in [self.maildir, *self.maildir.rglob("*")]:
                os.chown(path, entry.pw_uid, entry.pw_gid)

    def reset_maildir(self) -> None:
        """Empty the Maildir (and Dovecot's index of it), for the caller to seed again."""
        shutil.rmtree(self.maildir.parent, ignore_errors=True)
        self.maildir.mkdir(parents=True)

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        subprocess.run([_tool("doveadm"), "-c", str(self.config), "stop"], capture_output=True, timeout=60, check=False)
        pid_file = self.folder / "run" / "master.pid"
        for _ in range(50):
            if not pid_file.exists():
                break
            time.sleep(0.1)
        shutil.rmtree(self.folder, ignore_errors=True)


_CONFIG = """\
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{folder}/server.crt
ssl_key = <{folder}/server.key
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain
disable_plaintext_auth = yes
default_login_user = {login}
default_internal_user = {internal}
default_internal_group = {group}
first_valid_uid = {uid}
mail_location = maildir:{folder}/home/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={folder}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def start() -> Server:
    """Make and start a private Dovecot; raises RuntimeError (with its log) when it does not come up."""
    folder = Path(tempfile.mkdtemp(prefix="nudge-imap-"))
    folder.chmod(0o755)
    cafile = make_certificates(folder)
    owner = "dovecot" if os.geteuid() == 0 else None
    me = pwd.getpwuid(os.geteuid())
    entry = pwd.getpwnam(owner) if owner else me
    login = "dovenull" if owner else me.pw_name
    password = secrets.token_hex(8)
    (folder / "users").write_text(f"{USER}:{{PLAIN}}{password}\n")
    maildir = folder / "home" / USER / "Maildir"
    maildir.mkdir(parents=True)
    (folder / "home").chmod(0o755)
    for _ in range(5):
        port = _free_port()
        (folder / "dovecot.conf").write_text(
            _CONFIG.format(
                folder=folder,
                login=login,
                internal=entry.pw_name,
                group=entry.pw_name,
                uid=entry.pw_uid,
                gid=entry.pw_gid,
                port=port,
            )
        )
        with (folder / "start.log").open("w") as errors:  # the daemon keeps its output open: no pipes
            code = subprocess.call([_tool("dovecot"), "-c", str(folder / "dovecot.conf")],
                                   stdout=subprocess.DEVNULL, stderr=errors, timeout=60)  # fmt: skip
        if code == 0 and _listening(port):
            return Server(folder, port, password, maildir, cafile, owner)
        subprocess.run([_tool("doveadm"), "-c", str(folder / "dovecot.conf"), "stop"], capture_output=True, check=False)
    logs = [folder / "log", folder / "start.log"]
    log = " ".join(p.read_text(errors="replace")[-1000:] for p in logs if p.exists())
    shutil.rmtree(folder, ignore_errors=True)
    raise RuntimeError(f"Dovecot did not start: {log}")


def _listening(port: int) -> bool:
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False
