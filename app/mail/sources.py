"""Where mail comes from on disk: a Maildir folder (with its Maildir++ subfolders) or an mbox file.

Each yields `Raw` messages: the bytes of one message (None when it is larger
than `reading.MAX_BYTES`, then never read into memory whole), with the folder
it was in. Files are opened read-only; nothing is moved, renamed or flagged
(a Maildir's flags live in its file names, which stay as they are).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

from app.errors import BadInput
from app.mail.reading import MAX_BYTES


@dataclass(frozen=True)
class Raw:
    """One message as found: its bytes (None when too large to read), where it was, and its folder."""

    data: bytes | None
    where: str
    folder: str
    uid: int = 0
    size: int = 0


def is_maildir(path: Path) -> bool:
    """A folder holding `cur` and `new`."""
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _read_file(path: Path) -> tuple[bytes | None, int]:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, size
        return path.read_bytes(), size
    except OSError:
        return b"", 0


def maildir_messages(root: Path) -> Iterator[Raw]:
    """Every message of the Maildir at `root` (folder "INBOX") and of its `.Name` subfolders (folder "Name")."""
    folders = [(root, "INBOX")]
    with contextlib.suppress(OSError):
        folders += sorted(
            ((child, child.name[1:]) for child in root.iterdir() if child.name.startswith(".") and is_maildir(child)),
            key=lambda pair: pair[1],
        )
    for folder, name in folders:
        for sub in ("cur", "new"):
            try:
                files = sorted(p for p in (folder / sub).iterdir() if p.is_file() and not p.name.startswith("."))
            except OSError:
                continue
            for path in files:
                data, size = _read_file(path)
                yield Raw(data, f"{name}/{sub}/{path.name}", name, size=size)


_FROM_LINE: Final = re.compile(rb"^From \S*.*\r?\n$")
_QUOTED_FROM: Final = re.compile(rb"^>+From ")


def mbox_messages(path: Path, folder: str = "INBOX") -> Iterator[Raw]:
    """Every message of the mbox file at `path`, split on its "From " lines (">From " unquoted, mboxrd)."""
    try:
        handle: BinaryIO = path.open("rb")
    except OSError as exc:
        raise BadInput(f"cannot read it ({exc.strerror or type(exc).__name__})", str(path)) from None
    with handle:
        number, size, parts, previous_blank = 0, 0, list[bytes](), True
        started = False
        for line in handle:
            if previous_blank and line.startswith(b"From ") and _FROM_LINE.match(line):
                if started:
                    yield _mbox_raw(parts, size, number, folder)
                number, size, parts, started = number + 1, 0, [], True
                previous_blank = False
                continue
            previous_blank = line in (b"\n", b"\r\n")
            if not started:
                continue
            size += len(line)
            if size <= MAX_BYTES:
                parts.append(line[1:] if _QUOTED_FROM.match(line) else line)
        if started:
            yield _mbox_raw(parts, size, number, folder)


def _mbox_raw(parts: list[bytes], size: int, number: int, folder: str) -> Raw:
    data = b"".join(parts) if size <= MAX_BYTES else None
    return Raw(data, f"message #{number}", folder, size=size)


def file_messages(source: Path) -> Iterator[Raw]:
    """The messages of SOURCE: a Maildir folder or an mbox file; BadInput for anything else."""
    if source.is_dir():
        if not is_maildir(source):
            raise BadInput("is a folder but not a Maildir (no cur and new inside)", str(source))
        return maildir_messages(source)
    if not source.exists():
        raise BadInput("no such file or folder", str(source))
    folder = "Sent" if source.stem.lower() in ("sent", "sent items", "sent mail", "sent messages") else "INBOX"
    return mbox_messages(source, folder)
