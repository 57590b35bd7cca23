"""The configuration file: reading, exact errors, precedence with provenance, `nudge config`, saving.

Real files in tmp_path throughout; the environment is changed only through
monkeypatch.setenv/delenv, the way a person would set it in their shell.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from support import base_env, mode, run_nudge

from app.config import (
    KEY_ACTIONS,
    Config,
    check_theme,
    choose_database,
    config_path,
    effective_settings,
    load_config,
    parse_config,
    render_config,
    resolve,
    save_preference,
)
from app.config.effective import SETTING_KEYS
from app.config.layout import NAMED_KEYS, RENAMED_KEYS, key_list
from app.config.layout import Problem as LayoutProblem
from app.config.saving import set_value
from app.errors import BadInput
from app.mail.account import MailSettings
from app.rules.values import Settings, Timing

FULL = """\
# Sam's Nudge settings
[search]
country = "gb"          # the hiring teams are in England
subdivision = "eng"
workdays = ["mon", "tue", "wed", "thu"]
days_off = [2026-12-24, "2026-12-31"]
your_name = "Sam Lee"

[timing]
screen_wait = 4
thank_you_window = 2

[database]
path = "~/sync/nudge.db"

[dashboard]
theme = "nord"
days = 7

[dashboard.keys]
draft = "D"
quit = "ctrl+q"

[export]
folder = "exports"
format = "ics"

[backup]
keep = 30
"""


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(BadInput) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    return message


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private home folder, so `~` and the platform folders land in tmp_path."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / ".local" / "share"))
    monkeypatch.delenv("NUDGE_CONFIG", raising=False)
    monkeypatch.delenv("NUDGE_DB", raising=False)
    return folder


# Where the file is ----------------------------------------------------------------


def test_nudge_config_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, '[dashboard]\ntheme = "dracula"\n', "elsewhere.toml")
    monkeypatch.setenv("NUDGE_CONFIG", str(path))
    assert config_path() == path
    config = load_config()
    assert config.path == path and config.exists and config.theme == "dracula"


def test_without_nudge_config_the_user_config_folder_is_used(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert config_path() == home / ".config" / "nudge" / "config.toml"
    monkeypatch.setenv("NUDGE_CONFIG", "  ")  # blank counts as unset
    assert config_path() == home / ".config" / "nudge" / "config.toml"
    assert config_path({"NUDGE_CONFIG": "~/nudge.toml"}) == home / "nudge.toml"


def test_a_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nope" / "config.toml")
    assert config == Config(tmp_path / "nope" / "config.toml")
    assert not config.exists
    assert config.country is None and config.theme is None and dict(config.timing) == {} and dict(config.keys) == {}


def test_an_empty_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "# nothing yet\n"))
    assert config.exists
    assert replace(config, exists=False) == Config(config.path)


# Reading every key ------------------------------------------------------------------


def test_every_key_is_read(home: Path) -> None:
    path = write(home, FULL)
    config = load_config(path)
    assert (config.country, config.subdivision) == ("GB", "ENG")
    assert config.workdays == ("mon", "tue", "wed", "thu")
    assert config.days_off == (date(2026, 12, 24), date(2026, 12, 31))
    assert config.your_name == "Sam Lee"
    assert dict(config.timing) == {"screen_wait": 4, "thank_you_window": 2}
    assert config.database == home / "sync" / "nudge.db"
    assert (config.theme, config.days) == ("nord", 7)
    assert dict(config.keys) == {"draft": "D", "quit": "ctrl+q"}
    assert config.export_folder == home / "exports"  # relative to the file's folder
    assert config.export_format == "ics"
    assert config.backup_keep == 30


def test_a_subdivision_alone_means_the_default_country(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[search]\nsubdivision = "ca"\n'))
    assert (config.country, config.subdivision) == ("US", "CA")


def test_an_empty_subdivision_means_the_whole_country(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[search]\nsubdivision = ""\n'))
    assert (config.country, config.subdivision) == ("US", None)


def test_keys_may_be_an_inline_table_and_several_keys(tmp_path: Path) -> None:
    text = '[dashboard]\nkeys = { search = "slash,ctrl+f", help = "?", stats = "f5" }\n'
    assert dict(load_config(write(tmp_path, text)).keys) == {"search": "slash,ctrl+f", "help": "?", "stats": "f5"}


@pytest.mark.parametrize("key", ["w", "W", "ctrl+n", "f5", "f24", "escape", "question_mark", "?", "slash", "full_stop"])
def test_textual_key_spellings_are_accepted(key: str) -> None:
    assert key_list(key) == key


@pytest.mark.parametrize("key", ["ctrl+", "cntrl+n", "ctrl+ctrl+n", "no_such_key", "f25", "Escape", "plus_sign", " "])
def test_keys_textual_would_never_see_are_refused(key: str) -> None:
    with pytest.raises(LayoutProblem, match="not a key"):
        key_list(f"a,{key}")


def test_the_theme_is_checked_against_textual_when_the_dashboard_starts(tmp_path: Path) -> None:
    path = write(tmp_path, '# mine\n[dashboard]\ntheme = "nrod"\n')
    config = load_config(path)  # reading does not know Textual's themes, so it takes the name as given
    assert config.theme == "nrod"
    with pytest.raises(BadInput) as caught:
        check_theme(config)
    assert str(caught.value) == f'{path}, line 3: dashboard.theme: unknown theme "nrod" (did you mean nord?)'
    with pytest.raises(BadInput, match=r'unknown theme "zzz" \(expected one of: ansi-dark, ansi-light, '):
        check_theme(load_config(write(tmp_path, '[dashboard]\ntheme = "zzz"\n')))
    from textual.theme import BUILTIN_THEMES

    for name in BUILTIN_THEMES:
        check_theme(load_config(write(tmp_path, f'[dashboard]\ntheme = "{name}"\n')))
    check_theme(load_config(tmp_path / "missing.toml"))


def test_the_key_names_are_textuals() -> None:
    from textual.keys import KEY_NAME_REPLACEMENTS, Keys

    assert {key.value for key in Keys} >= NAMED_KEYS
    assert KEY_NAME_REPLACEMENTS == RENAMED_KEYS


# Clear errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[timing]\nscreen_wait = "five"\n',
            'line 2: timing.screen_wait: must be a whole number of business days from 1 to 60, got "five"',
        ),
        ("[timing]\nmove_on_gap = 0\n", "line 2: timing.move_on_gap: must be a whole number of business days from 1"),
        (
            "[timing]\npester_gap = 61\n",
            "timing.pester_gap: must be a whole number of business days from 1 to 60, got 61",
        ),
        (
            "[timing]\nlater_wait = true\n",
            "timing.later_wait: must be a whole number of business days from 1 to 60, got true",
        ),
        (
            "[timing]\nlater_wait = 5.0\n",
            "timing.later_wait: must be a whole number of business days from 1 to 60, got 5.0",
        ),
        ("[timing]\nthank_you_window = 0\n", "timing.thank_you_window: must be a whole number"),
        (
            "[timing]\nthank_you_due = 2\nthank_you_window = 1\n",
            "line 3: timing.thank_you_window: must be at least thank_you_due (2), got 1",
        ),
        ("[timing]\nthank_you_due = 4\n", "line 2: timing.thank_you_due: must be at most thank_you_window (3), got 4"),
        ('[search]\ncountry = "XX"\n', "line 2: search.country: unknown country code 'XX'"),
        ("[search]\ncountry = 44\n", "search.country: must be text in quotes, got 44"),
        (
            '[search]\ncountry = "US"\nsubdivision = "ZZ"\n',
            "line 3: search.subdivision: unknown subdivision 'ZZ' for US",
        ),
        ('[search]\nworkdays = ["mon", "funday"]\n', "search.workdays: not a weekday: 'funday'"),
        ("[search]\nworkdays = [1, 2]\n", "search.workdays: not a weekday: 1"),
        ('[search]\nworkdays = "mon-fri"\n', 'search.workdays: must be a list such as ["mon", "tue"'),
        ("[search]\nworkdays = []\n", "search.workdays: workdays must name at least one day"),
        ('[search]\ndays_off = ["2026-13-01"]\n', 'search.days_off: not a date (YYYY-MM-DD): "2026-13-01"'),
        (
            "[search]\ndays_off = [2026-12-24T10:00:00]\n",
            "search.days_off: not a date (YYYY-MM-DD): 2026-12-24T10:00:00",
        ),
        ('[search]\ndays_off = "2026-12-24"\n', "search.days_off: must be a list of dates"),
        ("[search]\nyour_name = 5\n", "search.your_name: must be text in quotes, got 5"),
        (f'[search]\nyour_name = "{"x" * 201}"\n', "search.your_name: too long (201 characters; at most 200)"),
        ("[database]\npath = 5\n", "database.path: must be text in quotes, got 5"),
        ('[dashboard]\ntheme = "  "\n', "line 2: dashboard.theme: must not be empty"),
        ("[dashboard]\ndays = -1\n", "dashboard.days: must be a whole number of business days from 0 to 260, got -1"),
        ('[dashboard.keys]\ndrfat = "w"\n', "line 2: dashboard.keys.drfat: unknown action (did you mean draft?)"),
        ('[dashboard.keys]\ndraft = "ctrl+"\n', 'line 2: dashboard.keys.draft: not a key: "ctrl+"'),
        ('[dashboard.keys]\ndraft = ""\n', "dashboard.keys.draft: must not be empty"),
        (
            '[dashboard.keys]\ndraft = "D"\ncopy = "z,D"\n',
            'line 3: dashboard.keys.copy: "D" is already the key of draft',
        ),
        ('[dashboard.keys]\nhelp = "?"\nsearch = "question_mark"\n', "is already the key of help"),
        ('[dashboard]\nkeys = "w"\n', 'line 2: dashboard.keys: must be a table such as { done = "w" }'),
        ('[export]\nformat = "pdf"\n', 'line 2: export.format: must be one of text, md, json, csv, ics, got "pdf"'),
        ('[export]\nfolder = "  "\n', "export.folder: must not be empty"),
        ("search = 5\n", "line 1: search: must be a table ([search] on a line of its own), got 5"),
        ("[backup]\nkeep = 400\n", "line 2: backup.keep: must be a whole number of copies from 0 to 365, got 400"),
        ('[mail]\nport = "993"\n', 'line 2: mail.port: must be a whole number from 1 to 65535, got "993"'),
        ("[mail]\nfolders = []\n", "line 2: mail.folders: must name at least one"),
        ('[mail]\naddress = ["me"]\n', 'line 2: mail.address: must be an email address like you@example.org, got "me"'),
        ('[mail]\nhost = " "\n', "line 2: mail.host: must not be empty"),
        ("mail = 5\n", "line 1: mail: must be a table ([mail] on a line of its own), got 5"),
        (
            '[mail]\npassword_command = "pass show \'mail"\n',
            "line 2: mail.password_command: not a command line (No closing quotation)",
        ),
        (
            '[database]\npassword_command = "pass show \'db"\n',
            "line 2: database.password_command: not a command line (No closing quotation)",
        ),
    ],
)
def test_a_wrong_value_names_the_file_the_line_and_the_key(tmp_path: Path, text: str, expected: str) -> None:
    message = error_of(tmp_path, text)
    assert expected in message, message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[timing]\nscreen_wiat = 4\n", "line 2: timing.screen_wiat: unknown key (did you mean screen_wait?)"),
        ('[dashbaord]\ntheme = "nord"\n', "line 1: dashbaord: unknown section (did you mean [dashboard]?)"),
        (
            "[x]\n",
            "x: unknown section (expected: [search], [timing], [database], [dashboard], [export], [backup], [mail])",
        ),
        ('theme = "nord"\n', "line 1: theme: keys belong in a section: put it under [dashboard]"),
        ("[search]\nsalary = 1\n", "search.salary: unknown key (expected one of: country, subdivision,"),
        ('[export]\n"format" = "md"\nfromat = "md"\n', "line 3: export.fromat: unknown key (did you mean format?)"),
        ('[mail]\nhots = "imap.example.org"\n', "line 2: mail.hots: unknown key (did you mean host?)"),
    ],
)
def test_an_unknown_name_gets_a_suggestion(tmp_path: Path, text: str, expected: str) -> None:
    message = error_of(tmp_path, text)
    assert expected in message, message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[timing]\nscreen_wait 5\n", "line 2, column 13: not valid TOML: expected '=' after a key"),
        ("[timing]\nscreen_wait = 5\nscreen_wait = 6\n", "line 3, column 16: not valid TOML: cannot overwrite a value"),
        ('[dashboard]\ntheme = "nord\n', "line 2, column 14: not valid TOML: illegal character"),
        ("[search\n", "line 1, column 8: not valid TOML: expected ']' at the end of a table declaration"),
    ],
)
def test_broken_toml_gives_line_and_column(tmp_path: Path, text: str, expected: str) -> None:
    message = error_of(tmp_path, text)
    assert expected.lower() in message.lower(), message


def test_a_file_that_is_not_text_or_not_a_file(tmp_path: Path) -> None:
    bad = tmp_path / "config.toml"
    bad.write_bytes(b'[dashboard]\ntheme = "\xff"\n')
    with pytest.raises(BadInput, match=r"config.toml: not UTF-8 text \(byte 21\)"):
        load_config(bad)
    with pytest.raises(BadInput, match="is a folder, not a configuration file"):
        load_config(tmp_path)


def test_a_multiline_value_does_not_confuse_the_line_numbers(tmp_path: Path) -> None:
    text = (
        '[search]\nyour_name = """\n[timing]\nscreen_wait = 4"""\n'
        'days_off = [\n  "2026-12-24",  # [export]\n  "x",\n]\n'
    )
    assert "line 5: search.days_off: not a date" in error_of(tmp_path, text)


# Precedence and provenance --------------------------------------------------------------


def test_config_fills_in_while_the_database_never_saved_settings(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))
    settings, sources = effective_settings(config, Settings(), saved=False)
    assert settings == Settings(
        country="GB",
        subdivision="ENG",
        workdays=("mon", "tue", "wed", "thu"),
        days_off=(date(2026, 12, 24), date(2026, 12, 31)),
        your_name="Sam Lee",
        timing=Timing(screen_wait=4, thank_you_window=2),
    )
    origin = f"config file {config.path}"
    assert set(sources) == set(SETTING_KEYS)
    assert {k for k, v in sources.items() if v == origin} == {
        "search.country",
        "search.subdivision",
        "search.workdays",
        "search.days_off",
        "search.your_name",
        "timing.screen_wait",
        "timing.thank_you_window",
    }
    assert {v for k, v in sources.items() if v != origin} == {"default"}


def test_saved_database_settings_win_as_a_whole(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))
    stored = Settings(country="US", subdivision="NY", your_name="Sam")
    settings, sources = effective_settings(config, stored, saved=True)
    assert settings == stored
    assert set(sources.values()) == {"database"} and set(sources) == set(SETTING_KEYS)


def test_the_place_comes_from_one_source(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[search]\ncountry = "DE"\n'))
    settings, sources = effective_settings(config, Settings(), saved=False)
    assert (settings.country, settings.subdivision) == ("DE", None)
    assert sources["search.subdivision"] == sources["search.country"] == f"config file {config.path}"


def test_without_a_file_everything_is_default(tmp_path: Path) -> None:
    settings, sources = effective_settings(Config(tmp_path / "none.toml"), Settings(), saved=False)
    assert settings == Settings() and set(sources.values()) == {"default"}


@pytest.mark.parametrize(
    ("flag", "env", "in_file", "expected", "origin"),
    [
        ("flag.db", "env.db", True, "flag.db", "command line --db"),
        (None, "env.db", True, "env.db", "environment NUDGE_DB"),
        (None, None, True, "file.db", "config file"),
        (None, None, False, ".local/share/nudge/nudge.db", "default"),
    ],
)
def test_the_database_path_precedence(
    home: Path, flag: str | None, env: str | None, in_file: bool, expected: str, origin: str
) -> None:
    path = write(home, '[database]\npath = "file.db"\n' if in_file else "")
    environ = {"NUDGE_DB": str(home / env)} if env else {}
    chosen, source = choose_database(load_config(path), str(home / flag) if flag else None, environ)
    assert chosen == home / expected
    assert source.startswith(origin)


def test_resolve_orders_default_file_and_flag(home: Path) -> None:
    config = load_config(write(home, FULL))
    effective = resolve(config, Settings(), saved=True, environ={}, days_flag=3)
    assert effective.days == 3 and effective.sources["dashboard.days"] == "command line --days"
    assert effective.theme == "nord" and effective.sources["dashboard.theme"] == "config file ~/config.toml"
    assert effective.export_folder == home / "exports" and effective.export_format == "ics"
    assert dict(effective.keys) == {"draft": "D", "quit": "ctrl+q"}
    assert effective.sources["dashboard.keys.draft"] == "config file ~/config.toml"
    assert effective.database == home / "sync" / "nudge.db"
    assert effective.settings == Settings()  # saved settings win

    plain = resolve(Config(home / "none.toml"), Settings(), saved=False, environ={"NUDGE_DB": "/x/y.db"})
    assert (plain.theme, plain.days, plain.export_format) == ("textual-dark", 5, "md")
    assert plain.database == Path("/x/y.db") and plain.sources["database.path"] == "environment NUDGE_DB"
    assert {plain.sources[k] for k in ("dashboard.theme", "dashboard.days", "export.folder", "export.format")} == {
        "default"
    }


# nudge config ---------------------------------------------------------------------------


def test_render_shows_each_value_and_its_origin(home: Path) -> None:
    config = load_config(write(home, FULL))
    text = render_config(resolve(config, Settings(), saved=False, environ={}))
    lines = text.splitlines()
    assert "# Config file: ~/config.toml" in lines
    assert any(line.startswith('country = "GB"') and line.endswith("# config file ~/config.toml") for line in lines)
    assert any(line.startswith("screen_second_gap = 3") and line.endswith("# default") for line in lines)
    assert any(line.startswith('theme = "nord"') for line in lines)
    assert any(line.startswith('draft = "D"') for line in lines)
    # The comments of one table line up in a column.
    timing = lines[lines.index("[timing]") + 1 : lines.index("[database]") - 1]
    assert len({line.index("#") for line in timing}) == 1


def test_render_is_toml_that_reads_back_as_the_same_values(home: Path) -> None:
    config = load_config(write(home, FULL))
    effective = resolve(config, Settings(), saved=False, environ={})
    pasted = parse_config(render_config(effective), home / "pasted.toml")
    assert effective_settings(pasted, Settings(), saved=False)[0] == effective.settings
    assert (pasted.theme, pasted.days, dict(pasted.keys)) == (effective.theme, effective.days, dict(effective.keys))
    assert (pasted.export_folder, pasted.export_format, pasted.database) == (
        effective.export_folder,
        effective.export_format,
        effective.database,
    )


MAIL = """\
[mail]
host = "imap.example.org"
port = 1993
user = "sam@example.org"
folders = ["INBOX", "Jobs"]
sent = "Sent"
address = ["sam@example.org", "sam.lee@example.net"]
password_command = "{command}"
cafile = "ca.pem"
source = "~/Mail"
"""


def test_nudge_config_shows_the_mail_section_and_never_the_password_command(home: Path) -> None:
    """Through the real console script: every `[mail]` value with its origin; the command is said to be set,
    never printed and never run (it would leave a file behind)."""
    ran = home / "the-command-ran"
    path = write(home, MAIL.format(command=f"touch {ran}"))
    done = run_nudge("config", home=home, env={"NUDGE_CONFIG": str(path)})
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode()
    assert not ran.exists() and "touch" not in text and str(ran) not in text
    mail = text.split("\n[mail]\n", 1)[1].split("\n\n", 1)[0].splitlines()
    origin = f"# config file {path}"
    assert [row.split("  #")[0].rstrip() for row in mail] == [
        'host = "imap.example.org"',
        "port = 1993",
        'user = "sam@example.org"',
        'folders = ["INBOX", "Jobs"]',
        'sent = "Sent"',
        'address = ["sam@example.org", "sam.lee@example.net"]',
        '# password_command = "…"',
        f'cafile = "{home}/ca.pem"',
        'source = "~/Mail"',
    ]
    assert all(row.endswith(origin) for row in mail if not row.startswith("# password_command"))
    assert next(row for row in mail if row.startswith("# password_command")).endswith(
        f"{origin}: set (the command is not shown, and nudge config does not run it)"
    )
    assert len({row.index("  #", 2) for row in mail}) == 1  # the comments line up
    tomllib.loads(text)


def test_the_mail_section_without_a_file_shows_the_defaults(home: Path) -> None:
    effective = resolve(Config(home / "absent.toml"), Settings(), saved=False, environ={})
    text = render_config(effective)
    mail = text.split("\n[mail]\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [row.split("  #")[0].rstrip() for row in mail] == [
        '# host = "imap.example.org"',
        "port = 993",
        '# user = "you@example.org"',
        'folders = ["INBOX"]',
        '# sent = "Sent"',
        '# address = ["you@example.org"]',
        '# password_command = "pass show mail"',
        '# cafile = "ca.pem"',
        '# source = "~/Mail"',
    ]
    assert mail[0].endswith("# default: not set, so no IMAP account is read")
    assert mail[1].endswith("  # default") and mail[3].endswith("  # default")
    assert "# default: not set, so a folder of folders named Sent, Sent Items or the like" in mail[4]
    assert pasted_mail(text, home) == MailSettings()  # pasted back: the same (default) account


def pasted_mail(text: str, home: Path) -> MailSettings | None:
    return parse_config(text, home / "pasted.toml").mail


def test_the_rendered_mail_section_reads_back_as_the_same_account(home: Path) -> None:
    config = load_config(write(home, MAIL.format(command="pass show mail")))
    text = render_config(resolve(config, Settings(), saved=False, environ={}))
    assert config.mail is not None
    assert pasted_mail(text, home) == replace(config.mail, password_command=None)  # the one line left commented


def test_a_bad_mail_section_is_one_located_line_from_nudge_config(home: Path) -> None:
    path = write(home, '[search]\ncountry = "US"\n\n[mail]\nhost = "imap.example.org"\nport = 0\n')
    done = run_nudge("config", home=home, env={"NUDGE_CONFIG": str(path)})
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        f"nudge: {path}, line 6: mail.port: must be a whole number from 1 to 65535, got 0"
    ]


def test_render_without_a_file_says_so_and_shows_the_weekend(home: Path) -> None:
    effective = resolve(Config(home / "absent.toml"), Settings(country="IL"), saved=True, environ={})
    text = render_config(effective)
    assert "# Config file: ~/absent.toml (not found: built-in defaults apply" in text
    assert '# workdays = ["mon", "tue", "wed", "thu", "sun"]  # database: not set, so the weekend of IL applies' in text
    assert 'path = "~/.local/share/nudge/nudge.db"' in text
    assert "# none changed: the dashboard's own keys apply" in text
    tomllib.loads(text)


# Saving a dashboard preference ------------------------------------------------------------

HAND_WRITTEN = """\
# My Nudge setup -- keep these notes!
[search]
country = "US"   # where I apply

[dashboard]
theme = "nord"   # easy on the eyes
# days = 10 maybe later

[dashboard.keys]
draft = "D"
"""


def test_saving_replaces_the_value_and_keeps_everything_else(tmp_path: Path) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    save_preference(path, "dashboard", "theme", "dracula")
    assert path.read_text() == HAND_WRITTEN.replace('theme = "nord"   #', 'theme = "dracula"   #')
    assert load_config(path).theme == "dracula"
    assert mode(path) == 0o600


def test_saving_adds_a_key_to_its_table_before_the_next_one(tmp_path: Path) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    save_preference(path, "dashboard", "days", 10)
    expected = HAND_WRITTEN.replace("maybe later\n", "maybe later\ndays = 10\n")
    assert path.read_text() == expected
    config = load_config(path)
    assert (config.days, dict(config.keys)) == (10, {"draft": "D"})


def test_saving_appends_a_missing_table(tmp_path: Path, home: Path) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    save_preference(path, "export", "folder", home / "Jobs")
    save_preference(path, "export", "format", "csv")
    assert path.read_text() == HAND_WRITTEN + '\n[export]\nfolder = "~/Jobs"\nformat = "csv"\n'
    config = load_config(path)
    assert (config.export_folder, config.export_format) == (home / "Jobs", "csv")


def test_saving_creates_a_private_file_and_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "nudge" / "config.toml"
    save_preference(path, "dashboard", "theme", "gruvbox")
    assert load_config(path).theme == "gruvbox"
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    assert path.read_text().startswith("# Nudge configuration")


def test_saving_makes_a_readable_file_private(tmp_path: Path) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    path.chmod(0o644)
    save_preference(path, "export", "format", "md")
    assert mode(path) == 0o600


def test_saving_keeps_windows_line_ends_and_a_missing_last_newline(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'# notes\r\n[dashboard]\r\ntheme = "nord"')
    save_preference(path, "dashboard", "days", 8)
    save_preference(path, "export", "format", "json")
    assert (
        path.read_bytes()
        == b'# notes\r\n[dashboard]\r\ntheme = "nord"\r\ndays = 8\r\n\r\n[export]\r\nformat = "json"\r\n'
    )


def test_saving_is_not_fooled_by_look_alikes_in_strings(tmp_path: Path) -> None:
    text = (
        '[search]\nyour_name = """\n[dashboard]\ntheme = "x"\n"""\n\n[dashboard] # mine\ntheme = "nord" # a "#" here\n'
    )
    path = write(tmp_path, text)
    save_preference(path, "dashboard", "theme", "monokai")
    assert path.read_text() == text.replace('theme = "nord" #', 'theme = "monokai" #')
    assert load_config(path).your_name == '[dashboard]\ntheme = "x"'


def test_saving_refuses_a_broken_file_and_leaves_it_alone(tmp_path: Path) -> None:
    path = write(tmp_path, HAND_WRITTEN + "oops\n")
    with pytest.raises(BadInput, match="not valid TOML"):
        save_preference(path, "dashboard", "theme", "dracula")
    assert path.read_text() == HAND_WRITTEN + "oops\n"


def test_saving_refuses_a_value_the_file_may_not_hold(tmp_path: Path) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    with pytest.raises(BadInput, match=r"dashboard.theme: unknown theme \"drakula\" \(did you mean dracula\?\)"):
        save_preference(path, "dashboard", "theme", "drakula")
    with pytest.raises(BadInput, match=r"export\.format: must be one of"):
        save_preference(path, "export", "format", "pdf")
    with pytest.raises(BadInput, match=r"search\.country: not a preference the dashboard saves"):
        save_preference(path, "search", "country", "GB")
    assert path.read_text() == HAND_WRITTEN


@pytest.mark.parametrize(
    ("text", "edited"),
    [
        ('dashboard = { theme = "nord" }  # inline\n', 'dashboard = { theme = "dracula" }  # inline\n'),
        ('dashboard.theme = "nord"\n', 'dashboard.theme = "dracula"\n'),
        ('[dashboard]\ntheme = """\nnord"""  # long\n[export]\n', '[dashboard]\ntheme = "dracula"  # long\n[export]\n'),
        ('[dashboard.keys]\ndraft = "D"\n', '[dashboard]\ntheme = "dracula"\n\n[dashboard.keys]\ndraft = "D"\n'),
    ],
)
def test_saving_edits_any_spelling_of_the_key(tmp_path: Path, text: str, edited: str) -> None:
    """Inline tables, dotted keys and multi-line strings: a line editor had to refuse them; tomlkit edits them."""
    path = write(tmp_path, text)
    save_preference(path, "dashboard", "theme", "dracula")
    assert path.read_text() == edited
    assert load_config(path).theme == "dracula"


def test_saving_what_the_file_already_says_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, HAND_WRITTEN)
    path.chmod(0o644)
    save_preference(path, "dashboard", "theme", "nord")
    assert path.read_text() == HAND_WRITTEN and mode(path) == 0o644


def test_the_dashboard_saves_a_return_to_the_starting_theme(tmp_path: Path, demo_db: Path) -> None:
    """nord -> gruvbox -> nord in one session: the file must end on nord, as the screen does."""
    import asyncio

    from app.storage.repository import Repository
    from app.tui.app import NudgeApp

    path = write(tmp_path, '[dashboard]\ntheme = "nord"  # mine\n')

    async def session() -> list[str | None]:
        seen = []
        with Repository(demo_db) as repo:
            prefs = resolve(load_config(path), repo.settings(), saved=True, db_flag=str(demo_db))
            app = NudgeApp(repo, date(2026, 11, 25), prefs=prefs, export_dir=tmp_path)
            async with app.run_test() as pilot:
                for theme in ("gruvbox", "nord"):
                    app.theme = theme
                    await pilot.pause()
                    seen.append(load_config(path).theme)
        return seen

    assert asyncio.run(session()) == ["gruvbox", "nord"]
    assert path.read_text() == '[dashboard]\ntheme = "nord"  # mine\n'


def test_only_the_dashboard_refuses_a_theme_textual_lacks(tmp_path: Path, demo_db: Path) -> None:
    config = write(tmp_path, '[dashboard]\ntheme = "nrod"\n')
    env = {"NUDGE_CONFIG": str(config)}
    dashboard = run_nudge("--db", demo_db, home=tmp_path, env=env)
    assert dashboard.returncode == 2, dashboard.stderr.decode()
    assert dashboard.stderr.decode().endswith('line 2: dashboard.theme: unknown theme "nrod" (did you mean nord?)\n')
    assert run_nudge("agenda", "--db", demo_db, "--date", "2026-11-25", home=tmp_path, env=env).returncode == 0
    shown = run_nudge("config", "--db", demo_db, home=tmp_path, env=env)
    assert shown.returncode == 0 and 'theme = "nrod"' in shown.stdout.decode()


def test_set_value_edits_only_the_one_value() -> None:
    text = "[a]\nx = 1 # one\n\n[b]\ny = [\n  1,\n  2,\n]\n# end of b\n\n[c]\n"
    assert set_value(text, "b", "z", 3) == text.replace("# end of b\n", "# end of b\nz = 3\n")
    assert set_value(text, "a", "x", 2) == text.replace("x = 1 #", "x = 2 #")
    assert set_value("", "d", "k", "v") == '[d]\nk = "v"\n'
    assert set_value("[d]\n", "d", "k", 'a "quoted"\x7f\\') == '[d]\nk = "a \\"quoted\\"\\u007f\\\\"\n'
    with pytest.raises(ValueError, match="not a table"):
        set_value("d = 1\n", "d", "k", "v")


# Staying light ---------------------------------------------------------------------------


def test_reading_and_rendering_load_neither_textual_nor_sqlmodel_nor_tomlkit(tmp_path: Path) -> None:
    path = write(tmp_path, FULL)
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from app.config import load_config, render_config, resolve
        from app.rules.values import Settings
        config = load_config(Path({str(path)!r}))
        render_config(resolve(config, Settings(), saved=False, environ={{}}))
        print(sorted(m for m in ("textual", "sqlmodel", "sqlalchemy", "tomlkit", "shtab") if m in sys.modules))
        """
    )
    env = base_env(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")])
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=env, cwd=tmp_path, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.decode().strip() == "[]"


def test_the_action_list_is_complete() -> None:
    """Every registry action, and every id files written for earlier versions used, can be remapped."""
    from app.tui.keys import REGISTRY

    earlier = {"add_process", "add_contact", "log_interview", "log_message", "draft", "status", "wait", "export",
               "copy", "undo", "search", "closed", "stats", "help", "quit"}  # fmt: skip
    assert len(KEY_ACTIONS) == len(set(KEY_ACTIONS))
    assert earlier | {k.action for k in REGISTRY} == set(KEY_ACTIONS)
