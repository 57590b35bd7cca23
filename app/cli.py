"""The `nudge` command line (docs/formats.md): dashboard, agenda, import, export, demo.

Only the dashboard imports Textual; `agenda`, `import` and `export` stay light
(a test runs them in a fresh interpreter and checks). Errors print one line on
stderr and exit 2 for bad input, 1 for anything else: never a traceback,
unless NUDGE_DEBUG is set.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from app import __version__
from app.errors import DAMAGE_ADVICE, BadInput, NudgeError
from app.plural import plural

if TYPE_CHECKING:
    from app.config import Config
    from app.holiday_store import StoredHolidays
    from app.rules.values import Settings
    from app.storage.location import Location
    from app.storage.repository import Repository

EXAMPLES = """\
examples:
  nudge                               open the dashboard
  nudge agenda                        what to do today
  nudge agenda --date 2026-12-07 --format md -o today.md
  nudge export -o backup.json         everything, as one file
  nudge import backup.json            merge a backup in
  nudge import-csv applications.csv   bring a spreadsheet in (shows the mapping first)
  nudge demo --db demo.db             sample data to try things on
  nudge backup                        a copy of the database, now
  nudge restore ~/.local/share/nudge/backups/nudge-2026-11-20.db
  nudge doctor                        check the database for damage
  nudge stats --since 2026-09-01      funnel, waiting times, activity
"""


class _Parser(argparse.ArgumentParser):
    """argparse with our one-line error style (exit status 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def _day(text: str) -> date:
    """A --date or --since value: what the dashboard's date fields accept, as a day in Nudge's range.

    Relative words ("tomorrow", "next mon") count from the clock's date, read in `_clock_day`.
    """
    from app.typed_dates import NotADate, day_for_command

    try:
        return day_for_command(text, _clock_day())
    except NotADate as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _clock_day() -> date:
    """Today by the clock: the only place the CLI reads it for a date."""
    return date.today()


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= 260:
        raise argparse.ArgumentTypeError(f"must be from 0 to 260 business days, got {value}")
    return value


def _examples(*lines: str) -> dict[str, Any]:
    """Parser options that print `lines` under "examples:" in a command's --help, as written."""
    return {
        "epilog": "examples:\n" + "\n".join(f"  {line}" for line in lines),
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }


def _add_date(parser: argparse.ArgumentParser, help_text: str) -> None:
    """`--date DATE`: left out of the namespace when not given, so the clock is read in one place."""
    from app.typed_dates import COMMAND_HELP

    parser.add_argument(
        "--date", type=_day, metavar="DATE", default=argparse.SUPPRESS, help=f"{help_text}; DATE is {COMMAND_HELP}"
    )


def _add_output(parser: argparse.ArgumentParser) -> None:
    """`-o FILE`: a private file written atomically instead of standard output."""
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def build_parser() -> argparse.ArgumentParser:
    """All commands and options."""
    from app.exports import FORMATS

    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="database file (default: $NUDGE_DB, else [database] path in the config file, "
        "else nudge.db in your user data folder)",
    )
    parser = _Parser(
        prog="nudge",
        parents=[common],
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Know whom to follow up with, when, and how, during a job search.",
    )
    parser.add_argument("--version", action="version", version=f"nudge {__version__}")
    _add_date(parser, "open the dashboard as of this date")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    agenda = sub.add_parser(
        "agenda",
        parents=[common],
        help="print the agenda for a day",
        description="What to do today, most urgent first, then the next business days.",
        **_examples(
            "nudge agenda                                   today, for the terminal",
            "nudge agenda --format md -o today.md           a note to keep",
            "nudge agenda --format ics -o nudge.ics         due items as calendar events",
            "nudge agenda --date 2026-12-07 --days 10       as of a day, ten business days ahead",
        ),
    )
    _add_date(agenda, "agenda date (default: today)")
    agenda.add_argument(
        "--days",
        type=_days,
        default=None,
        metavar="N",
        help="upcoming horizon in business days (default: the config file's, else 5)",
    )
    agenda.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    _add_output(agenda)

    imp = sub.add_parser(
        "import",
        parents=[common],
        help="merge a backup file into the database",
        description="Merge a backup (from 'nudge export') all or nothing; what is already there is not duplicated.",
        **_examples("nudge import backup.json", "ssh laptop nudge export | nudge import -"),
    )
    imp.add_argument("file", metavar="FILE", help="backup file (- for standard input)")

    csv_in = sub.add_parser(
        "import-csv",
        parents=[common],
        help="bring in a spreadsheet (CSV) of applications",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Read a CSV exported from a spreadsheet or a job tracker (Huntr, Teal, ...), show how "
        "each column is understood, then merge the rows, all or nothing. Importing the same file again "
        "adds nothing new.",
        epilog="""examples:
  nudge import-csv applications.csv --dry-run      show the mapping only
  nudge import-csv teal.csv --yes
  nudge import-csv sheet.csv --map "Firm=company" --map "Comments=notes"
  nudge import-csv europe.csv --dayfirst           4/3/2026 is 4 March
  nudge import-csv sheet.csv --map "Decide by=deadline" --map "Ping on=wait_until"

fields for --map: company, role, status, applied, interview, deadline, wait_until,
contact, recruiter, hiring_manager, email, phone, link, channel, notes, ignore

An applied date becomes your application, which Nudge follows up after 7
business days (by default); a deadline ("offer deadline", "respond by") is the day an
answer is due; a follow-up date ("follow up", "next action") is a day to wait
until before following up.""",
    )
    csv_in.add_argument("file", metavar="FILE", help="CSV file (- for standard input)")
    csv_in.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read COLUMN as FIELD (repeatable); FIELD ignore leaves a column out",
    )
    csv_in.add_argument("--dayfirst", action="store_true", help="read 4/3/2026 as 4 March (default: April 3)")
    csv_in.add_argument("--dry-run", action="store_true", help="show the mapping and stop; write nothing")
    csv_in.add_argument("-y", "--yes", action="store_true", help="do not ask before writing")

    exp = sub.add_parser(
        "export",
        parents=[common],
        help="write the whole database as a backup file",
        description="Everything as one JSON file (the backup format of docs/formats.md), readable by you alone.",
        **_examples("nudge export -o backup.json", "nudge export | gzip > nudge-$(date +%F).json.gz"),
    )
    _add_output(exp)

    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="fill a fresh database with sample data",
        description="Nine sample processes dated around a day, to try Nudge on without your own data.",
        **_examples("nudge demo --db demo.db && nudge --db demo.db"),
    )
    _add_date(demo, "date the sample around this day (default: today)")

    backup = sub.add_parser(
        "backup",
        parents=[common],
        help="copy the database now (daily copies are also kept automatically)",
        description="Copy the database, consistently and privately. Without -o the copy goes to the "
        "backups folder beside the database, where Nudge also keeps one copy a day.",
        **_examples("nudge backup", "nudge backup -o ~/usb/nudge.db", "nudge backup --list"),
    )
    backup.add_argument("-o", "--output", metavar="FILE", help="write the copy to FILE")
    backup.add_argument("--list", action="store_true", help="list the copies in the backups folder")

    restore = sub.add_parser(
        "restore",
        parents=[common],
        help="replace the database with a copy (the current one is kept)",
        description="Check a copy (a database from 'nudge backup' or a JSON file from 'nudge export'), "
        "keep the current database as a copy, then replace its contents with the copy's.",
        **_examples("nudge backup --list", "nudge restore ~/.local/share/nudge/backups/nudge-2026-11-20.db"),
    )
    restore.add_argument("file", metavar="FILE", help="database copy or JSON backup")

    stats = sub.add_parser(
        "stats",
        parents=[common],
        help="how the search is going: funnel, waiting times, activity",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="The figures of the dashboard's Stats screen (g): processes by the furthest stage "
        "reached, business days companies took to answer, reply rates after nudges, a 12-week activity "
        "map and the pipeline's health.",
        epilog="""examples:
  nudge stats                          everything so far
  nudge stats --since 2026-09-01       processes begun since September
  nudge stats --format json | jq .funnel""",
    )
    stats.add_argument(
        "--since",
        type=_day,
        metavar="DATE",
        help="only processes begun on or after this date (default: all); YYYY-MM-DD, or last mon, 30 days ago...",
    )
    _add_date(stats, "as of this date (default: today)")
    stats.add_argument("--format", choices=("text", "md", "json"), default="text", help="output format (default text)")
    _add_output(stats)

    sub.add_parser(
        "config",
        parents=[common],
        help="show the settings in force and where each comes from",
        description="Print every setting Nudge runs with, as TOML you can paste into the config file "
        "($NUDGE_CONFIG, else config.toml in your user config folder), each with its origin: default, "
        "config file, database, environment or command line.",
        **_examples("nudge config", "nudge config > ~/.config/nudge/config.toml   then edit what you want"),
    )
    completion = sub.add_parser(
        "completion",
        help="print a shell completion script",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""install:
  bash:  nudge completion bash > ~/.local/share/bash-completion/completions/nudge
  zsh:   nudge completion zsh > "${fpath[1]}/_nudge"
  fish:  nudge completion fish > ~/.config/fish/completions/nudge.fish""",
    )
    completion.add_argument("shell", choices=("bash", "zsh", "fish"), help="your shell")

    copy = sub.add_parser(
        "copy",
        parents=[common],
        help="copy the search into another database (SQLite file or PostgreSQL URL), checked",
        description="Copy everything into an empty database, on either engine, then check that it reads "
        "back byte for byte the same as the source's export. The source is left as it was.",
        **_examples("nudge copy --to postgresql://sam@db.example/nudge", "nudge --db URL copy --to ~/nudge.db"),
    )
    copy.add_argument("--to", required=True, metavar="PATH_OR_URL", help="the empty database to copy into")

    mail = sub.add_parser(
        "mail",
        parents=[common],
        help="propose replies, sent follow-ups and interviews found in your mail (read-only)",
        description="Read a Maildir folder, an mbox file or (without SOURCE) the IMAP account of the "
        "config's [mail] section, read-only, and propose what each mail would add to which process. "
        "Nothing is stored unless accepted.",
        **_examples("nudge mail ~/Mail/INBOX --dry-run", "nudge mail --yes", "nudge mail sent.mbox"),
    )
    mail.add_argument("source", nargs="?", metavar="SOURCE", help="a Maildir folder or an mbox file")
    choice = mail.add_mutually_exclusive_group()
    choice.add_argument("--dry-run", action="store_true", help="only print the proposals; store nothing at all")
    choice.add_argument("--yes", action="store_true", help="accept the proposals matched by a contact's exact address")

    sub.add_parser(
        "doctor",
        parents=[common],
        help="check the database for damage without changing it",
        description="Run SQLite's integrity and foreign-key checks, the schema and privacy checks, and "
        "report. Reads only. Exit status 0 when all is well, 1 otherwise.",
        **_examples("nudge doctor", "nudge doctor --db ~/old/nudge.db"),
    )
    return parser


def _emit(text: str, output: str | None, *, for_terminal: bool = False) -> None:
    """Write `text` to FILE (private) or standard output.

    Files (backups, md, json, csv, ics) are UTF-8 whatever the locale says, so
    `nudge export > backup.json` gives the format's bytes even under a Latin-1
    or cp1252 console; text meant for a terminal follows the terminal's encoding,
    replacing what it cannot show rather than failing.
    """
    if output is None or output == "-":
        binary = getattr(sys.stdout, "buffer", None)
        if for_terminal or binary is None:
            if for_terminal and isinstance(sys.stdout, io.TextIOWrapper):
                sys.stdout.reconfigure(errors="replace")
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            sys.stdout.flush()
            binary.write(text.encode("utf-8"))
            binary.flush()
        return
    from app.storage.files import write_private_text

    path = Path(output).expanduser()
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name")
    write_private_text(path, text)


def _config(args: argparse.Namespace) -> Config:
    """The configuration file, read once per command (a broken file is a clear error, exit 2)."""
    found: Config | None = getattr(args, "_config", None)
    if found is None:
        from app.config import load_config

        found = load_config()
        args._config = found
    return found


def _db_path(args: argparse.Namespace) -> Location:
    """The database: --db, else NUDGE_DB, else the config file's, else the user data folder (a path or a URL)."""
    from app.config import choose_database

    return choose_database(_config(args), getattr(args, "db", None))[0]


def _settings(args: argparse.Namespace, repo: Repository) -> Settings:
    """The settings the rules use: the database's once saved, else the config file's (see app.config)."""
    from app.config import effective_settings

    return effective_settings(_config(args), repo.settings(), saved=repo.settings_saved())[0]


CREATING_COMMANDS = frozenset({None, "import", "import-csv", "demo", "restore"})
"""The commands that may create the database (None is the dashboard); every other one only reads it.

A reading command (agenda, stats, export, backup, config, doctor) on a path
with no database says "no database at PATH" (exit 2) and makes no folder and
no file: a mistyped --db must not look like a quiet day. That holds at the
default place too, so a first `nudge agenda` says to start with `nudge` or
`nudge demo` instead of printing an empty agenda.
"""


def _open(args: argparse.Namespace) -> Repository:
    """The database, opened; created only by the commands in CREATING_COMMANDS."""
    from app.storage.repository import Repository

    return Repository(_db_path(args), create=args.command in CREATING_COMMANDS)


def _today(args: argparse.Namespace) -> date:
    """The agenda date: `--date`, else the clock (the only place the CLI reads it)."""
    given: date | None = getattr(args, "date", None)
    return given or _clock_day()


def cmd_agenda(args: argparse.Namespace) -> int:
    """Print (or write) the agenda for a date."""
    from app.exports import render
    from app.rules.agenda import DEFAULT_HORIZON
    from app.storage.judged import stored_agenda

    with _open(args) as repo:
        settings, templates = _settings(args, repo), repo.templates()
        days = args.days if args.days is not None else _config(args).days
        horizon = DEFAULT_HORIZON if days is None else days
        agenda = stored_agenda(repo.conn, _today(args), settings, templates, horizon, store=False)
        text = render(agenda, args.format)
    _emit(text, args.output, for_terminal=args.format == "text")
    return 0


def _read_input(name: str, limit: int, what: str) -> bytes:
    """The bytes of FILE, or of standard input for `-` (see `app.input_files.read_bounded`)."""
    from app.input_files import read_bounded

    return read_bounded(name, limit, what)


def cmd_import(args: argparse.Namespace) -> int:
    """Merge a backup file, all or nothing."""
    from app.backup import MAX_BACKUP_BYTES, parse_backup

    raw = _read_input(args.file, MAX_BACKUP_BYTES, "Nudge backup")
    try:
        backup = parse_backup(raw)
    except BadInput as exc:
        raise BadInput(str(exc), None) from None
    with _open(args) as repo:
        _keep_daily_copy(args, repo, date.today())
        report = repo.merge(backup)
    print(f"imported {args.file}: {report.summary()}", file=sys.stderr)
    return 0


def cmd_import_csv(args: argparse.Namespace) -> int:
    """Bring a spreadsheet in: show how its columns are read, then merge it, all or nothing."""
    from app.csvimport import parse_map_option, plan_csv
    from app.csvimport.sniff import MAX_CSV_BYTES
    from app.storage.csv_merge import stored_statuses

    overrides = dict(parse_map_option(text) for text in args.map)
    raw = _read_input(args.file, MAX_CSV_BYTES, "spreadsheet of applications")
    plan = plan_csv(raw, overrides=overrides, dayfirst=args.dayfirst, source=args.file)
    del raw
    with _open(args) as repo:
        # Only shown: the merge re-reads what is stored when it writes (the answer may come much later).
        print(plan.preview(stored_statuses(repo.conn)), file=sys.stderr)
        if args.dry_run:
            print("dry run: nothing was written", file=sys.stderr)
            return 0
        if not args.yes and args.file != "-" and sys.stdin.isatty() and not _confirm("Import these rows? [y/N] "):
            print("nothing was written", file=sys.stderr)
            return 1
        _keep_daily_copy(args, repo, date.today())
        report = repo.merge_csv_rows(plan.read_rows)
    print(plan.summary(report), file=sys.stderr)
    return 0


def _confirm(question: str) -> bool:
    """Ask on the terminal; anything but yes is no."""
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def cmd_export(args: argparse.Namespace) -> int:
    """Write everything as one backup file."""
    from app.backup import dump_backup

    with _open(args) as repo:
        text = dump_backup(repo.snapshot())
    _emit(text, args.output)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Fill an empty database with the sample search."""
    from app.demo import demo_backup

    with _open(args) as repo:
        if repo.count():
            raise BadInput(
                f"{repo.path} already holds {plural(repo.count(), 'process')}; run demo on a new file (--db demo.db)"
            )
        report = repo.merge(demo_backup(_today(args)))
        print(f"demo data written to {repo.path}: {report.summary()}", file=sys.stderr)
    return 0


def _keep_daily_copy(args: argparse.Namespace, repo: Repository, today: date) -> None:
    """Take today's automatic copy before a command changes the database."""
    from app.storage.backups import DEFAULT_KEEP, daily_backup

    keep = _config(args).backup_keep
    daily_backup(repo.conn, repo.path, today, DEFAULT_KEEP if keep is None else keep)


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the database now, or list the copies."""
    from datetime import datetime

    from app.storage.backups import backup_dir, backup_now

    if args.list:
        location = _db_path(args)
        if isinstance(location, Path):
            folder, pattern = backup_dir(location), "*.db"
        else:
            from app.storage.server_backups import server_backup_dir

            folder, pattern = server_backup_dir(location), "*.json"
        copies = sorted(folder.glob(pattern), reverse=True) if folder.is_dir() else []
        for copy in copies:
            print(f"{copy}  {copy.stat().st_size // 1024 or 1} KB")
        if not copies:
            print(f"no copies in {folder} yet", file=sys.stderr)
        return 0
    with _open(args) as repo:
        dest = Path(args.output).expanduser() if args.output else None
        made = backup_now(repo.conn, repo.path, datetime.now(), dest)
    print(f"copied {repo.path} to {made}", file=sys.stderr)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the database's contents with a checked copy, keeping the current ones.

    The restore opens the database itself (rather than through `_open`), since
    a damaged file, which every other command refuses, is exactly what a
    restore must be able to replace.
    """
    from datetime import datetime

    from app.storage.backups import restore

    path = _db_path(args)
    if not isinstance(path, Path):
        from app.storage.server_restore import restore_server

        done = restore_server(path, Path(args.file).expanduser(), datetime.now())
    else:
        done = restore(path, Path(args.file).expanduser(), datetime.now())
    if done.damaged is not None:
        previous = f"the damaged file ({done.damage}) was moved, untouched, to {done.damaged}"
    elif done.kept is not None:
        previous = f"the previous contents are kept in {done.kept}"
    else:
        previous = "there was no database before"
    print(
        f"restored {args.file} into {path}: {plural(done.checked.processes, 'process')}, "
        f"{plural(done.checked.messages, 'message')}; "
        f"{previous}",
        file=sys.stderr,
    )
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    """Copy the search into another database and check the round trip."""
    from app.config import choose_database
    from app.storage.copying import copy_search

    target = choose_database(_config(args), args.to)[0]
    with _open(args) as repo:
        done = copy_search(repo, target)
    print(f"copied {repo.path} to {target}: {done.report.summary()}; read back the same", file=sys.stderr)
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    """Check the database and report; reads only."""
    from app.storage.connection import prepare_file
    from app.storage.doctor import examine, render
    from app.storage.location import Server

    path = _db_path(args)
    if isinstance(path, Server):
        from app.storage.pg_doctor import examine_server

        findings = examine_server(path)
        print(f"database: {path}")
        sys.stdout.write(render(findings))
        return 0 if all(f.ok for f in findings) else 1
    prepare_file(path, create=False)  # missing, a folder, a device: one line, exit 2, nothing touched
    findings = examine(path)
    print(f"database: {path}")
    sys.stdout.write(render(findings))
    return 0 if all(f.ok for f in findings) else 1


def cmd_mail(args: argparse.Namespace) -> int:
    """Print what the mail proposes; with --yes accept those matched by a contact's exact address."""
    from app.mail.account import MailSettings
    from app.mail.commands import run_mail_command

    settings = _config(args).mail or MailSettings()
    source = Path(args.source).expanduser() if args.source else settings.source
    with _open(args) as repo:
        return run_mail_command(repo, source, settings, dry_run=args.dry_run, accept_exact=args.yes)


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Open the full-screen dashboard."""
    from app.storage.connection import prepare_file

    path = _db_path(args)
    if isinstance(path, Path):
        prepare_file(path, create=True)
    from app.tui.run import run_dashboard

    return run_dashboard(path, getattr(args, "date", None), _config(args))


def cmd_stats(args: argparse.Namespace) -> int:
    """Print the search's figures; charts in block characters, coloured only on a terminal without NO_COLOR."""
    from app.stats import compute_stats, render_stats

    with _open(args) as repo:
        stats = compute_stats(repo.processes(), _settings(args, repo), _today(args), args.since)
    terminal = args.output in (None, "-") and sys.stdout.isatty()
    color = terminal and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size((80, 24)).columns if terminal else 80
    _emit(render_stats(stats, args.format, width=width, color=color), args.output, for_terminal=args.format == "text")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    """Print the configuration in force and where each value comes from; creates nothing."""
    from app.config import resolve
    from app.rules.values import Settings

    config = _config(args)
    path = _db_path(args)
    stored, saved = Settings(), False
    if isinstance(path, Path) and path.is_file():
        with _open(args) as repo:
            stored, saved = repo.settings(), repo.settings_saved()
    elif not isinstance(path, Path):
        from app.storage.pg_schema import NoSearchYet

        try:
            with _open(args) as repo:
                stored, saved = repo.settings(), repo.settings_saved()
        except NoSearchYet:
            pass  # an empty server database, as a missing file: nothing saved yet
    from app.config import render_config

    sys.stdout.write(render_config(resolve(config, stored, saved=saved, db_flag=getattr(args, "db", None))))
    return 0


def cmd_completion(args: argparse.Namespace) -> int:
    """Print a shell completion script."""
    from app.completion import completion_script

    sys.stdout.write(completion_script(args.shell, build_parser()))
    return 0


COMMANDS = {
    "agenda": cmd_agenda,
    "import": cmd_import,
    "import-csv": cmd_import_csv,
    "export": cmd_export,
    "demo": cmd_demo,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "doctor": cmd_doctor,
    "copy": cmd_copy,
    "config": cmd_config,
    "stats": cmd_stats,
    "mail": cmd_mail,
    "completion": cmd_completion,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status.

    Every command but the dashboard runs with the cyclic collector off: it
    builds thousands of small acyclic values (processes, messages, moments) in
    one thread, each burst of allocations triggers a collection that walks them
    all again, and reference counting frees them anyway. Measured on the
    benchmark database (10,000 processes, shared 2-core machine, medians of 3):
    reading every process 2.68 s with it, 1.87 s without; reading, judging and
    writing the export 7.36 s and 6.42 s. The dashboard runs for hours, with
    threads, so it keeps the collector.
    """
    args = build_parser().parse_args(argv)
    store = _stored_holidays()
    collecting = gc.isenabled()
    if args.command is not None:
        gc.disable()
    try:
        handler = COMMANDS.get(args.command, cmd_dashboard)
        return handler(args)
    except NudgeError as exc:
        print(f"nudge: {exc}", file=sys.stderr)
        return exc.exit_code
    except sqlite3.DatabaseError as exc:
        print(_database_error(args, exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if os.environ.get("NUDGE_DEBUG"):
            raise
        print(_unexpected(args, exc), file=sys.stderr)
        return 1
    finally:
        if collecting:
            gc.enable()
        if store is not None:
            store.save()


def _database_error(args: argparse.Namespace, exc: sqlite3.DatabaseError) -> str:
    """One line for an error SQLite raised: its own short reason, which names no row's values."""
    where = getattr(args, "db", None) or os.environ.get("NUDGE_DB") or "the database"
    reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    if getattr(exc, "sqlite_errorcode", None) in (None, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return f"nudge: {where} is damaged ({reason}); nothing was changed. {DAMAGE_ADVICE}"
    return f"nudge: {where} could not be used ({reason}); nothing was changed"


def _unexpected(args: argparse.Namespace, exc: Exception) -> str:
    """One line for an error nobody foresaw: its type only.

    The text of an exception can hold a company, a note or, for SQLAlchemy,
    the SQL with its parameters and a web link; none of it is printed. A
    SQLAlchemy error around a SQLite one is reported as that SQLite error
    (SQLAlchemy is not imported here: a light command never loaded it).
    """
    if type(exc).__module__.startswith("sqlalchemy"):
        inner = getattr(exc, "orig", None)
        if isinstance(inner, sqlite3.DatabaseError):
            return _database_error(args, inner)
    return f"nudge: unexpected error: {type(exc).__name__} (set NUDGE_DEBUG=1 for details)"


def run() -> NoReturn:
    """The console script: run one command and exit with its status (exit handlers run as usual)."""
    sys.exit(main())


def _stored_holidays() -> StoredHolidays | None:
    """Answer holiday questions from the cache file (see `app.holiday_store`)."""
    from app.holiday_store import StoredHolidays, cache_file
    from app.rules.calendar import use_holiday_source

    path = cache_file()
    if path is None:
        return None
    store = StoredHolidays(path)
    use_holiday_source(store)
    return store
