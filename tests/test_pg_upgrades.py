"""Upgrades on PostgreSQL from every released server schema, each as its release left it.

`tests/fixtures/pg/schema-N.sql` is a server database as release N wrote it
(pg_dump of its `nudge demo`, made by tests/pg_release.py from that release's
code), `schema-N.export.json` that release's export of it. Each is loaded
into a fresh database and opened by this Nudge, which must upgrade it in one
transaction to exactly the schema a new database gets, keep every record
(the old export is still there, field for field), and then work as usual.
A schema released without its fixture fails the first test: a new schema's
upgrade test is one `python tests/pg_release.py COMMIT` away.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from engines import server_missing
from support import DEMO_DAY

from app.storage.location import parse_location
from app.storage.migrations import CURRENT_VERSION
from app.storage.pg_schema import FIRST_VERSION, UPGRADES
from app.storage.repository import Repository

pytestmark = pytest.mark.skipif(server_missing() is not None, reason=f"{server_missing()}; server tests skipped")
RELEASES = Path(__file__).resolve().parent / "fixtures" / "pg"
RELEASED = sorted(
    int(m.group(1)) for p in RELEASES.glob("schema-*.sql") if (m := re.match(r"schema-(\d+)\.sql", p.name))
)


def _sql(url: str, query: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(query)
        return cursor.fetchall() if cursor.description is not None else []


SHAPE = {
    "columns": "SELECT table_name, ordinal_position, column_name, data_type, is_nullable, column_default "
    "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
    "constraints": "SELECT conrelid::regclass::text, contype, pg_get_constraintdef(oid) FROM pg_constraint "
    "WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2, 3",
    "indexes": "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
    "triggers": "SELECT tgrelid::regclass::text, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal "
    "ORDER BY 1, 2",
    "functions": "SELECT proname, pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace = 'public'::regnamespace "
    "ORDER BY 1",
}


def _shape(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a schema is made of, as the server describes it (never a row)."""
    return {part: _sql(url, query) for part, query in SHAPE.items()}


def _fresh(url: str) -> str:
    """Another empty database beside `url`'s, given this Nudge's new schema."""
    import psycopg

    name = url.rsplit("/", 1)[1] + "_fresh"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    fresh = f"{url.rsplit('/', 1)[0]}/{name}"
    with Repository(parse_location(fresh)):
        pass
    return fresh


def _within(old: Any, new: Any) -> bool:
    """Whether everything in `old` is in `new` unchanged (a later export may carry more fields)."""
    if isinstance(old, dict):
        return isinstance(new, dict) and all(k in new and _within(v, new[k]) for k, v in old.items())
    if isinstance(old, list):
        return isinstance(new, list) and len(old) == len(new) and all(map(_within, old, new))
    return bool(old == new)


def test_every_released_server_schema_has_its_fixture_and_its_upgrade_step() -> None:
    assert list(range(FIRST_VERSION, CURRENT_VERSION)) == RELEASED, (
        "a server schema was released without its fixture: run python tests/pg_release.py COMMIT "
        "on the last commit of that schema"
    )
    assert set(UPGRADES) == set(RELEASED)


@pytest.mark.parametrize("version", RELEASED)
def test_a_released_server_schema_upgrades_to_exactly_the_new_one_keeping_everything(
    pg_url: str, version: int, tmp_path: Path
) -> None:
    import psycopg

    from app.backup import dump_backup

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute((RELEASES / f"schema-{version}.sql").read_text(encoding="utf-8"))
    assert _sql(pg_url, "SELECT version FROM nudge_schema") == [(version,)]
    with Repository(parse_location(pg_url)) as repo:
        assert _sql(pg_url, "SELECT version FROM nudge_schema") == [(CURRENT_VERSION,)]
        exported = json.loads(dump_backup(repo.snapshot()))
        from app.rules.values import Process

        repo.add_process(Process(company="After", role="Upgrade"))  # and it writes as usual
    old = json.loads((RELEASES / f"schema-{version}.export.json").read_text(encoding="utf-8"))
    assert _within(old, exported)
    assert _shape(pg_url) == _shape(_fresh(pg_url))
    with Repository(parse_location(pg_url)) as repo:
        from app.storage.judged import stored_agenda

        assert stored_agenda(repo.conn, DEMO_DAY, repo.settings(), repo.templates(), 5).due
