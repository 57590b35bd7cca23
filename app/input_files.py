"""Reading a file the user names, never more of it than the program can use.

A backup or a spreadsheet is read whole into memory, so the size is checked
before it is read: `nudge import /dev/zero` must be refused, not run the
machine out of memory. Every reader of user-named input goes through here.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

from app.errors import BadInput


def read_bounded(name: str, limit: int, what: str) -> bytes:
    """The bytes of FILE, or of standard input for `-`, at most `limit` of them; BadInput otherwise.

    Never more than `limit` + 1 bytes are read, whatever the source: a regular
    file is measured before reading, a pipe, a terminal or a device
    (`/dev/zero`, `/dev/urandom`) is read in pieces and refused once past the
    limit, and a first piece of nothing but NUL bytes is refused at once (no
    text in any encoding starts so).
    """
    label = "standard input" if name == "-" else str(Path(name).expanduser())
    too_big = f"{label} is larger than {limit // 2**20} MB, more than any {what} can be; nothing was read into Nudge"
    try:
        with contextlib.ExitStack() as stack:
            stream = sys.stdin.buffer if name == "-" else stack.enter_context(Path(label).open("rb"))
            with contextlib.suppress(OSError, ValueError, AttributeError):
                info = os.fstat(stream.fileno())
                if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                    raise BadInput(too_big)
            data = bytearray()
            while len(data) <= limit:
                piece = stream.read(min(2**20, limit + 1 - len(data)))
                if not piece:
                    break
                if not data and not piece.strip(b"\0"):
                    raise BadInput(f"{label} holds only NUL bytes, so it is not a {what}")
                data += piece
    except FileNotFoundError:
        raise BadInput(f"{label}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{label} is a folder, not a file") from None
    except OSError as exc:
        raise BadInput(f"{label}: cannot read it ({exc.strerror})") from None
    if len(data) > limit:
        raise BadInput(too_big)
    return bytes(data)
