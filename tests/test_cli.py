"""The `nudge` command line through the real console script (docs/formats.md).

The tests taking `database` (or `search`, the demo in it) run on every engine
this run covers (tests/engines.py): the same command gives the same output on
SQLite and on PostgreSQL, and a refused one leaves either as it was.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from engines import Database
from support import DEMO, DEMO_DAY, FIXTURES, GOLDEN, digest, fails, mode, ok, run_nudge

from app.exports import EXTENSIONS, FORMATS

DAY = DEMO_DAY.isoformat()


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A database filled by `nudge demo --date 2026-11-25`."""
    path = tmp_path / "demo.db"
    run = run_nudge("demo", "--db", path, "--date", DAY, home=tmp_path)
    ok(run)
    assert run.stderr.decode().startswith(f"demo data written to {path}: {DEMO['process']} processes added")
    return path


@pytest.fixture
def search(tmp_path: Path, database: Database) -> Database:
    """The same demo as `demo`, in `database`, on each engine in turn."""
    run = run_nudge("demo", "--db", str(database), "--date", DAY, home=tmp_path)
    ok(run)
    assert run.stderr.decode().startswith(f"demo data written to {database.shown}: {DEMO['process']} processes added")
    return database


# Choosing the database ---------------------------------------------------------------


def test_db_option_and_every_agenda_format_match_the_golden_files(tmp_path: Path, search: Database) -> None:
    for fmt in FORMATS:
        out = run_nudge("agenda", "--db", str(search), "--date", DAY, "--format", fmt, home=tmp_path)
        assert ok(out).encode() == (GOLDEN / f"demo_agenda_2026-11-25.{EXTENSIONS[fmt]}").read_bytes(), fmt


def test_nudge_db_environment_variable(tmp_path: Path) -> None:
    path = tmp_path / "from-env.db"
    ok(run_nudge("demo", "--date", DAY, home=tmp_path, env={"NUDGE_DB": str(path)}))
    assert mode(path) == 0o600
    by_env = ok(run_nudge("agenda", "--date", DAY, "--format", "json", home=tmp_path, env={"NUDGE_DB": str(path)}))
    by_option = ok(run_nudge("agenda", "--db", path, "--date", DAY, "--format", "json", home=tmp_path))
    assert by_env == by_option
    assert len(json.loads(by_env)["due"]) == DEMO["due"]
    # --db wins over the environment.
    other = tmp_path / "other.db"
    err = fails(run_nudge("agenda", "--db", other, "--date", DAY, home=tmp_path, env={"NUDGE_DB": str(path)}), 2)
    assert f"no database at {other}" in err  # a reading command creates nothing


def test_default_database_lives_in_the_user_data_folder(tmp_path: Path) -> None:
    ok(run_nudge("demo", "--date", DAY, home=tmp_path))
    folder = tmp_path / "xdg-data" / "nudge"
    assert sorted(p.name for p in folder.iterdir()) == ["nudge.db"]
    assert mode(folder) == 0o700
    assert mode(folder / "nudge.db") == 0o600
    out = json.loads(ok(run_nudge("agenda", "--date", DAY, "--format", "json", home=tmp_path)))
    assert out["date"] == DAY
    assert len(out["due"]) == DEMO["due"]


def test_python_dash_m_app_behaves_like_the_script(tmp_path: Path, search: Database) -> None:
    args = ("agenda", "--db", str(search), "--date", DAY, "--format", "md")
    assert ok(run_nudge(*args, home=tmp_path, module=True)) == ok(run_nudge(*args, home=tmp_path))
    by_module = run_nudge("agenda", "--db", demo, "--days", "x", home=tmp_path, module=True)
    by_script = run_nudge("agenda", "--db", demo, "--days", "x", home=tmp_path)
    assert fails(by_module, 2) == fails(by_script, 2)


@pytest.mark.parametrize("day", ["tomorrow", "next mon", "in 3 days", "fri", "2026-11-25"])
def test_date_takes_what_the_forms_take(demo: Path, tmp_path: Path, day: str) -> None:
    """The date itself follows the clock here; its readings are tested at fixed dates in test_typed_dates."""
    out = json.loads(ok(run_nudge("agenda", "--db", demo, "--date", day, "--format", "json", home=tmp_path)))
    assert len(out["date"]) == 10


# Exit codes and one-line errors --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("agenda", "--date", "2026-13-01"),
            "argument --date: not a date: '2026-13-01' (use YYYY-MM-DD, or today, tomorrow, fri, next mon, in 3 days)",
        ),
        (("agenda", "--date", "someday"), "argument --date: not a date: 'someday'"),
        (("agenda", "--date", "+2bd"), "argument --date: business days need a process's calendar here"),
        (("agenda", "--date", "tomorrow 9:00"), "argument --date: a day, without a time"),
        (("agenda", "--date", "1800-01-01"), "argument --date: date out of range"),
        (("stats", "--since", "in 5 bd"), "argument --since: business days need a process's calendar here"),
        (("agenda", "--days", "x"), "argument --days: not a whole number: 'x'"),
        (("agenda", "--days", "-1"), "argument --days: must be from 0 to 260 business days, got -1"),
        (("agenda", "--format", "pdf"), "argument --format: invalid choice: 'pdf'"),
        (("agenda", "--colour"), "unrecognized arguments: --colour"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("import",), "the following arguments are required: FILE"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    db = tmp_path / "untouched.db"
    err = fails(run_nudge(*args, "--db", db, home=tmp_path), 2)
    assert message in err
    assert not db.exists()


def test_days_sets_the_horizon(tmp_path: Path, search: Database) -> None:
    def upcoming(days: str) -> int:
        out = ok(
            run_nudge("agenda", "--db", str(search), "--date", DAY, "--days", days, "--format", "json", home=tmp_path)
        )
        return len(json.loads(out)["upcoming"])

    # Each process counts on its own calendar: on 2 days Stark Labs (Berlin, where Thanksgiving is a
    # working day) reaches Mon 30 Nov only from N = 3, while the US horizon would already hold it at N = 2.
    # N = 4 adds Umbrella's onsite (Tue 1 Dec, London), Soylent's offer deadline and Northwind's follow-up (Wed 2 Dec).
    assert [upcoming(n) for n in ("0", "2", "3", "4", "5")] == [0, 0, 1, 4, 4]


def test_a_text_file_as_database_exits_2_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")
    before = digest(notes)
    err = fails(run_nudge("agenda", "--db", notes, home=tmp_path), 2)
    assert err == f"nudge: {notes} is not a Nudge database (not a SQLite file); it was left untouched"
    assert digest(notes) == before


def test_a_folder_as_database_exits_2(tmp_path: Path) -> None:
    err = fails(run_nudge("export", "--db", tmp_path, home=tmp_path), 2)
    assert err == f"nudge: {tmp_path} is a folder, not a database file"


def test_a_newer_database_exits_1_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE process (id INTEGER PRIMARY KEY)")
        conn.execute("PRAGMA user_version = 99")
    before = digest(path)
    for command in (("agenda",), ("export",), ("demo",)):
        err = fails(run_nudge(*command, "--db", path, home=tmp_path), 1)
        assert "written by a newer Nudge (schema 99" in err
    assert digest(path) == before


# -o FILE -------------------------------------------------------------------------------


def test_agenda_output_file_is_private_and_equals_stdout(tmp_path: Path, search: Database) -> None:
    target = tmp_path / "out" / "today.ics"
    result = run_nudge("agenda", "--db", str(search), "--date", DAY, "--format", "ics", "-o", target, home=tmp_path)
    assert ok(result) == ""
    assert mode(target) == 0o600
    assert target.read_bytes() == (GOLDEN / "demo_agenda_2026-11-25.ics").read_bytes()


def test_output_to_a_folder_is_bad_input(tmp_path: Path, demo: Path) -> None:
    err = fails(run_nudge("agenda", "--db", demo, "-o", tmp_path, home=tmp_path), 2)
    assert err == f"nudge: {tmp_path} is a folder; give a file name"


# export / import ---------------------------------------------------------------------------


def test_export_import_export_through_the_command_line(tmp_path: Path, demo: Path, database: Database) -> None:
    backup = tmp_path / "backup.json"
    assert ok(run_nudge("export", "--db", demo, "-o", backup, home=tmp_path)) == ""
    assert mode(backup) == 0o600
    assert ok(run_nudge("export", "--db", demo, home=tmp_path)).encode() == backup.read_bytes()

    fresh = str(database)  # a new file, or an empty server database
    result = run_nudge("import", "--db", fresh, backup, home=tmp_path)
    ok(result)
    assert result.stderr.decode() == (
        f"imported {backup}: {DEMO['process']} processes added, 0 already there; {DEMO['contact']} contacts, "
        f"{DEMO['interview']} interviews, {DEMO['message']} messages added\n"
    )
    assert ok(run_nudge("export", "--db", fresh, home=tmp_path)).encode() == backup.read_bytes()
    # Importing the same file again adds nothing.
    again = run_nudge("import", "--db", fresh, backup, home=tmp_path)
    assert f"0 processes added, {DEMO['process']} already there; 0 contacts, 0 interviews, 0 messages added" in (
        again.stderr.decode()
    )
    assert ok(run_nudge("export", "--db", fresh, home=tmp_path)).encode() == backup.read_bytes()


def test_import_from_standard_input(tmp_path: Path, database: Database) -> None:
    example = (Path(__file__).parent / "fixtures" / "backup_example.json").read_bytes()
    db = str(database)
    ok(run_nudge("import", "--db", db, "-", home=tmp_path, stdin=example))
    exported = json.loads(ok(run_nudge("export", "--db", db, home=tmp_path)))
    assert exported == json.loads(example)


def test_import_of_a_missing_file_exits_2_without_creating_the_database(tmp_path: Path, database: Database) -> None:
    empty = database.state()
    err = fails(run_nudge("import", "--db", str(database), tmp_path / "nope.json", home=tmp_path), 2)
    assert err == f"nudge: {tmp_path / 'nope.json'}: no such file"
    assert database.state() == empty  # no file, or no tables


def test_a_failed_import_names_the_spot_and_leaves_the_database_as_it_was(tmp_path: Path, search: Database) -> None:
    demo = str(search)
    before_state = search.state()
    before = ok(run_nudge("export", "--db", demo, home=tmp_path))
    data = json.loads(before)
    data["settings"]["your_name"] = "Changed"
    data["processes"][0]["notes"] = "Changed"
    data["processes"][2]["interviews"][0]["at"] = "2026-13-01"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    err = fails(run_nudge("import", "--db", demo, bad, home=tmp_path), 2)
    assert err == "nudge: processes[2].interviews[0].at: not a date: '2026-13-01'"
    assert search.state() == before_state
    assert ok(run_nudge("export", "--db", demo, home=tmp_path)) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00{", "nudge: not UTF-8 text (byte 0)"),
        (b"company,role\n", "nudge: not valid JSON: Expecting value at line 1, column 1"),
        (b'{"format": "nudge-backup", "version": 2}', "nudge: version: written by a newer Nudge (format 2;"),
        (
            b'{"format": "nudge-backup", "version": 1, "settings": {"country": "XX"}}',
            "nudge: settings.country: unknown",
        ),
    ],
)
def test_files_that_cannot_be_imported_exit_2(tmp_path: Path, search: Database, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = search.state()
    assert fails(run_nudge("import", "--db", str(search), bad, home=tmp_path), 2).startswith(message)
    assert search.state() == before


# demo ----------------------------------------------------------------------------------------


def test_demo_refuses_a_database_that_holds_data(tmp_path: Path, search: Database) -> None:
    demo = str(search)
    before = ok(run_nudge("export", "--db", demo, home=tmp_path))
    err = fails(run_nudge("demo", "--db", demo, "--date", "2026-12-01", home=tmp_path), 2)
    assert (
        err == f"nudge: {search.shown} already holds {DEMO['process']} processes; run demo on a new file (--db demo.db)"
    )
    assert ok(run_nudge("export", "--db", demo, home=tmp_path)) == before


def test_version_and_help(tmp_path: Path) -> None:
    assert ok(run_nudge("--version", home=tmp_path)).startswith("nudge 0.")
    helped = ok(run_nudge("agenda", "--help", home=tmp_path))
    assert "--format {text,md,json,csv,ics}" in helped


def test_files_on_standard_output_are_utf8_whatever_the_locale(tmp_path: Path, database: Database) -> None:
    data = json.loads((Path(__file__).parent / "fixtures" / "backup_example.json").read_text())
    data["processes"][0]["company"] = "Café Ωmega"
    source = tmp_path / "unicode.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    db = str(database)
    ok(run_nudge("import", "--db", db, source, home=tmp_path))
    latin1 = {"PYTHONIOENCODING": "latin-1"}

    exported = run_nudge("export", "--db", db, home=tmp_path, env=latin1)
    assert '"company": "Café Ωmega"' in ok(exported)
    as_json = run_nudge("agenda", "--db", db, "--date", "2026-12-01", "--format", "json", home=tmp_path, env=latin1)
    assert json.loads(ok(as_json))["due"][0]["company"] == "Café Ωmega"
    # Text for the terminal follows the terminal's encoding, replacing what it cannot show.
    as_text = run_nudge("agenda", "--db", db, "--date", "2026-12-01", home=tmp_path, env=latin1)
    assert as_text.returncode == 0
    assert "Send a thank-you: Café ?mega - Data Engineer".encode("latin-1") in as_text.stdout


# Spreadsheet import -----------------------------------------------------------------------

CSV = FIXTURES / "csv"


def test_import_csv_shows_the_mapping_then_merges_once(tmp_path: Path, database: Database) -> None:
    db = str(database)
    run = run_nudge("import-csv", CSV / "teal_export.csv", "--db", db, home=tmp_path)
    ok(run)
    err = run.stderr.decode()
    assert "Job Position  -> role" in err
    assert err.rstrip().endswith("7 processes added, 0 already there; 0 contacts, 0 interviews, 6 messages added")
    first = ok(run_nudge("export", "--db", db, home=tmp_path))
    assert len(json.loads(first)["processes"]) == 7
    again = run_nudge("import-csv", CSV / "teal_export.csv", "--db", db, home=tmp_path)
    ok(again)
    assert "0 processes added, 7 already there" in again.stderr.decode()
    assert ok(run_nudge("export", "--db", db, home=tmp_path)) == first


def test_import_csv_dry_run_writes_nothing(tmp_path: Path, search: Database) -> None:
    before = search.state()
    run = run_nudge("import-csv", CSV / "huntr_export.csv", "--dry-run", "--db", str(search), home=tmp_path)
    ok(run)
    assert "dry run: nothing was written" in run.stderr.decode()
    assert search.state() == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_unknown_status.csv", "unknown status 'Archived'"),
        ("bad_missing_company.csv", "company"),
        ("bad_broken_quoting.csv", "quot"),
    ],
)
def test_import_csv_refuses_a_bad_sheet_whole(tmp_path: Path, search: Database, name: str, expected: str) -> None:
    before = search.state()
    err = fails(run_nudge("import-csv", CSV / name, "--db", str(search), home=tmp_path), 2)
    assert expected in err
    assert search.state() == before


def test_import_csv_map_option_is_checked(tmp_path: Path, demo: Path) -> None:
    err = fails(
        run_nudge("import-csv", CSV / "teal_export.csv", "--map", "Status=colour", "--db", demo, home=tmp_path), 2
    )
    assert "colour" in err


# Configuration and shell conventions -------------------------------------------------------


def test_config_file_supplies_settings_until_the_database_saves_its_own(tmp_path: Path, database: Database) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[search]\ncountry = "GB"\n\n[dashboard]\ndays = 1\n')
    env = {"NUDGE_CONFIG": str(config)}
    empty = database.state()
    shown = ok(run_nudge("config", "--db", str(database), home=tmp_path, env=env))
    (country,) = [line for line in shown.splitlines() if line.startswith("country =")]
    assert country.startswith('country = "GB"') and country.endswith(f"# config file {config}")
    assert database.state() == empty  # printing the configuration creates nothing
    ok(run_nudge("demo", "--db", str(database), "--date", DAY, home=tmp_path))
    saved = ok(run_nudge("config", "--db", str(database), home=tmp_path, env=env))
    assert 'country = "US"' in saved and "# database" in saved
    agenda = json.loads(
        ok(run_nudge("agenda", "--db", str(database), "--date", DAY, "--format", "json", home=tmp_path, env=env))
    )
    default = json.loads(
        ok(run_nudge("agenda", "--db", str(database), "--date", DAY, "--format", "json", "--days", "5", home=tmp_path))
    )
    assert len(agenda["upcoming"]) < len(default["upcoming"])  # the file's one-day horizon


def test_a_broken_config_file_is_one_clear_line(tmp_path: Path, demo: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[timing]\nscreen_wait = 'five'\n")
    err = fails(run_nudge("agenda", "--db", demo, "--date", DAY, home=tmp_path, env={"NUDGE_CONFIG": str(config)}), 2)
    assert str(config) in err and "timing.screen_wait" in err


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_every_command(tmp_path: Path, shell: str) -> None:
    script = ok(run_nudge("completion", shell, home=tmp_path))
    for command in ("agenda", "import-csv", "export", "backup", "restore", "doctor", "config"):
        assert command in script


@pytest.mark.parametrize(("fmt", "ext"), [("text", "txt"), ("md", "md"), ("json", "json")])
def test_stats_matches_the_golden_files(tmp_path: Path, search: Database, fmt: str, ext: str) -> None:
    out = ok(
        run_nudge("stats", "--db", str(search), "--date", DAY, "--format", fmt, home=tmp_path, env={"NO_COLOR": "1"})
    )
    assert out.encode() == (GOLDEN / f"stats_demo_2026-11-25.{ext}").read_bytes()


def test_stats_since_narrows_the_funnel(tmp_path: Path, search: Database) -> None:
    demo = str(search)
    every = json.loads(ok(run_nudge("stats", "--db", demo, "--date", DAY, "--format", "json", home=tmp_path)))
    recent = json.loads(
        ok(run_nudge("stats", "--db", demo, "--date", DAY, "--since", "2026-11-01", "--format", "json", home=tmp_path))
    )
    assert json.dumps(recent) != json.dumps(every)
    fails(run_nudge("stats", "--db", demo, "--since", "someday", home=tmp_path), 2)


@pytest.mark.parametrize(
    "command", ["agenda", "import", "import-csv", "export", "demo", "backup", "restore", "stats", "config", "doctor"]
)
def test_every_command_has_help_with_examples(tmp_path: Path, command: str) -> None:
    text = ok(run_nudge(command, "--help", home=tmp_path))
    assert text.startswith(f"usage: nudge {command}")
    assert "\nexamples:\n  nudge" in text
