"""Work in a forked child on the second CPU core, results back as pickled values over a pipe.

Reading and judging thousands of processes is pure Python, so one interpreter
uses one core. Both `nudge agenda` (half the processes) and the dashboard's
start (Today while Textual starts) hand work to a child this way.

Only on Linux, where fork is cheap, and only while the process has one thread
(forking a threaded process can copy a held lock). The child reads the
database on a connection of its own, touches nothing it inherited, and leaves
with `os._exit`. Whatever goes wrong (no fork, a crash, a garbled or silent
pipe) the parent gets None and does the work itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import sys
import threading
from collections.abc import Callable

WAIT_SECONDS = 30.0
"""Longest wait for the child's next value before the parent gives up on it."""

Send = Callable[[object], None]


class Child:
    """The parent's end: the child's values, in the order it sent them."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd
        self._buffer = b""

    def receive(self) -> object:
        """The next value the child sent; None once it failed, finished or went quiet too long."""
        size = self._read(8)
        body = self._read(int.from_bytes(size, "big")) if size is not None else None
        if body is None:
            return None
        try:
            return pickle.loads(body)  # our own child, over our own pipe
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None

    def close(self) -> None:
        """Release the pipe and reap the child."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        with contextlib.suppress(ChildProcessError):  # already reaped
            os.waitpid(self.pid, 0)

    def _read(self, n: int) -> bytes | None:
        while len(self._buffer) < n:
            if self.fd < 0:
                return None
            ready, _, _ = select.select([self.fd], [], [], WAIT_SECONDS)
            chunk = os.read(self.fd, max(n - len(self._buffer), 1 << 20)) if ready else b""
            if not chunk:
                self.close()
                return None
            self._buffer += chunk
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out


def fork(work: Callable[[Send], None], *, switch_off: str = "NUDGE_NO_FORK") -> Child | None:
    """Run `work(send)` in a forked child; None where forking is not possible or is switched off."""
    if sys.platform != "linux" or os.environ.get(switch_off) or threading.active_count() > 1:
        return None
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(read_end)
            work(lambda value: _send(write_end, value))
            code = 0
        finally:
            os._exit(code)  # any failure: the parent sees the pipe close and does the work itself
    os.close(write_end)
    return Child(pid, read_end)


def _send(fd: int, value: object) -> None:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    data = memoryview(len(body).to_bytes(8, "big") + body)
    while data:
        data = data[os.write(fd, data) :]
