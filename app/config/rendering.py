"""`nudge config`: every value in effect and where it came from, in the file's own syntax.

The output is valid TOML, so a person can copy any line into their file; the
origin rides along as a comment. A value that has no TOML spelling (no
explicit workdays: the country's weekend applies) is shown as a commented-out
line holding what it currently means; an unset `[mail]` key is a commented
example saying what applies instead. A password command is only said to be
set, never printed (it may name the secret) and never run.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from app.config.effective import Effective
from app.config.layout import TIMING_KEYS
from app.config.tomltext import home_short, toml_value
from app.mail.account import MailSettings
from app.rules.values import WEEKDAYS


def render_config(effective: Effective) -> str:
    """The effective configuration as commented TOML, section by section."""
    config, settings = effective.config, effective.settings
    state = "" if config.exists else " (not found: built-in defaults apply; create it to change them)"
    out = [
        "# Nudge's configuration in effect; each comment says where the value comes from.",
        f"# Config file: {home_short(config.path)}{state}",
        "# Precedence: default < config file < environment < command line. [search] and [timing]",
        "# come from the database once its settings were saved (dashboard, import, demo);",
        "# until then the config file supplies them.",
    ]
    section = _Section(out, effective.sources)
    section.start("search")
    section.line("country", settings.country)
    section.line("subdivision", settings.subdivision or "")
    if settings.workdays is None:
        week = [WEEKDAYS[d] for d in sorted(set(range(7)) - _weekend(settings.country))]
        section.line("workdays", week, commented=f"not set, so the weekend of {settings.country} applies")
    else:
        section.line("workdays", list(settings.workdays))
    section.line("days_off", list(settings.days_off))
    section.line("your_name", settings.your_name)
    section.start("timing")
    for key in TIMING_KEYS:
        section.line(key, getattr(settings.timing, key))
    section.start("database")
    database = effective.database
    section.line("path", database if isinstance(database, Path) else database.url)
    section.start("dashboard")
    section.line("theme", effective.theme)
    section.line("days", effective.days)
    section.start("dashboard.keys")
    for action, key in sorted(effective.keys.items()):
        section.line(action, key)
    if not effective.keys:
        out.append("# none changed: the dashboard's own keys apply (press ? in the dashboard to see them)")
    section.start("export")
    section.line("folder", effective.export_folder)
    section.line("format", effective.export_format)
    section.start("backup")
    section.line("keep", effective.backup_keep)
    _mail(section, config.mail or MailSettings())
    section.flush()
    return "\n".join(out) + "\n"


def _mail(section: _Section, mail: MailSettings) -> None:
    """`[mail]`: the account and addresses; an unset key is a commented example saying what applies instead.

    The password command is only said to be set: it may name a secret (a
    `pass` entry, a keyring item), and `nudge config` never runs it.
    """
    section.start("mail")
    reading = "the mail of source is read instead" if mail.source is not None else "no IMAP account is read"
    section.maybe("host", mail.host, "imap.example.org", f"not set, so {reading}")
    section.line("port", mail.port)
    section.maybe("user", mail.user, "you@example.org", "not set")
    section.line("folders", list(mail.folders))
    sent = "not set, so a folder of folders named Sent, Sent Items or the like holds your sent mail"
    section.maybe("sent", mail.sent, "Sent", sent)
    address = list(mail.address) or None
    section.maybe("address", address, ["you@example.org"], "not set, so only the sent folder counts as your mail")
    if mail.password_command:
        section.line(
            "password_command", "…", commented="set (the command is not shown, and nudge config does not run it)"
        )
    else:
        section.line(
            "password_command",
            "pass show mail",
            commented="not set; an IMAP account needs a program that prints its password",
        )
    section.maybe("cafile", mail.cafile, "ca.pem", "not set, so the system's certificate authorities are trusted")
    section.maybe(
        "source",
        mail.source,
        "~/Mail",
        "not set, so the IMAP account is read (set it to a Maildir folder or an mbox file)",
    )


class _Section:
    """Collects one table's lines so their comments can line up in a column."""

    def __init__(self, out: list[str], sources: Mapping[str, str]) -> None:
        self.out, self.sources = out, sources
        self.name = ""
        self.rows: list[tuple[str, str]] = []

    def start(self, name: str) -> None:
        self.flush()
        self.name = name
        self.out.extend(("", f"[{name}]"))

    def line(self, key: str, value: object, *, commented: str | None = None) -> None:
        origin = self.sources.get(f"{self.name}.{key}", "default")
        text = f"{key} = {toml_value(value)}"
        if commented is not None:
            text, origin = f"# {text}", f"{origin}: {commented}"
        self.rows.append((text, origin))

    def maybe(self, key: str, value: object | None, example: object, unset: str) -> None:
        """The key's line when set; else a commented `example` saying what applies instead (`unset`)."""
        if value is None:
            self.line(key, example, commented=unset)
        else:
            self.line(key, value)

    def flush(self) -> None:
        width = max((len(text) for text, _ in self.rows), default=0)
        self.out.extend(f"{text.ljust(width)}  # {origin}" for text, origin in self.rows)
        self.rows = []


def _weekend(country: str) -> set[int]:
    """The country's weekend as the holidays package states it (Sat and Sun if it cannot say)."""
    try:
        import holidays

        return set(holidays.country_holidays(country).weekend)
    except (ImportError, NotImplementedError, KeyError):
        return {5, 6}
