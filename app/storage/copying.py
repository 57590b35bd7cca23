"""`nudge copy --to`: move a search between engines (SQLite file to PostgreSQL, or back), checked.

The copy goes through the backup format, the one shape both engines read and
write the same way: the source's export is merged into an empty target in one
transaction, and the target's own export must then equal the source's byte for
byte, else the command fails saying so (the target then holds a copy that
does not round-trip, which is reported, never hidden). A target that already
holds a search is refused untouched: copying is not merging (`nudge import`
merges).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.backup import dump_backup
from app.errors import BadInput, StorageError
from app.storage.location import Location, Server
from app.storage.repository import Repository
from app.storage.writer import MergeReport


@dataclass(frozen=True)
class Copied:
    """What `copy_search` did: the merge's counts and the size of the export both sides agree on."""

    report: MergeReport
    checked_bytes: int


def _same(a: Location, b: Location) -> bool:
    if isinstance(a, Server) or isinstance(b, Server):
        return (
            isinstance(a, Server) and isinstance(b, Server) and (a.host, a.port, a.dbname) == (b.host, b.port, b.dbname)
        )
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def copy_search(source: Repository, target: Location) -> Copied:
    """Copy everything in `source` into the empty database at `target` (made if missing), then compare exports."""
    if _same(source.path, target):
        raise BadInput(f"{target} is the database being copied; give another one with --to")
    text = dump_backup(source.snapshot())
    with Repository(target, create=True) as into:
        if into.count():
            raise BadInput(f"{target} already holds a search; copy into an empty database (or use 'nudge import')")
        report = into.merge(source.snapshot())
        again = dump_backup(into.snapshot())
    if again != text:
        raise StorageError(f"the copy in {target} does not read back the same as the source; do not rely on it")
    return Copied(report, len(text.encode("utf-8")))
