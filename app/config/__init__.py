"""The configuration file (TOML): a person's standing choices, kept outside the database.

Where: `$NUDGE_CONFIG` if set, else `config.toml` in the platform's user
config folder (`~/.config/nudge/config.toml` on Linux). A missing file means
the built-in defaults; a file that does not parse or holds a wrong value stops
with one message naming the file, the line, the key and what would be right.

Precedence, lowest first: built-in default < config file < environment
(`NUDGE_DB`) < command-line flag (`--db`, `--days`). `nudge config` prints
every value with its origin.

The `[search]` and `[timing]` values are different: they also live in the
database's settings, which the dashboard edits and every backup carries.
Those stored settings are the seeker's search data, so once a database has
saved settings they win, as a whole; the config file's `[search]` and
`[timing]` are the starting values for a database whose settings were never
saved (a new one). The reasons:

- a backup restored on another machine gives the same agenda there, whatever
  that machine's config file says;
- a change made in the dashboard sticks: if the config file won, setting the
  country back to "US" in the dashboard would silently revert on the next start;
- the whole set wins, never a mix: a country from one source and a
  subdivision (or workdays) from another could name a place that does not exist.

The cost is that editing `[search]` in the file does nothing for a database
that already has settings; `nudge config` says "database" next to those
values, so the reason is visible.

Modules: `layout` (what the file may hold), `loading` (reading it),
`effective` (precedence), `rendering` (`nudge config`), `saving` (writing a
dashboard preference back, with tomlkit), `tomltext` (TOML spelling and line
numbers). None of them imports Textual at load time: the command line reads
the file on every run. So the theme name is checked against Textual's list
only when the dashboard starts (`check_theme`).
"""

from __future__ import annotations

from app.config.effective import Effective, choose_database, effective_settings, resolve
from app.config.layout import KEY_ACTIONS, SECTIONS
from app.config.loading import Config, check_theme, config_path, load_config, parse_config
from app.config.rendering import render_config
from app.config.saving import SAVABLE, save_preference

__all__ = [
    "KEY_ACTIONS",
    "SAVABLE",
    "SECTIONS",
    "Config",
    "Effective",
    "check_theme",
    "choose_database",
    "config_path",
    "effective_settings",
    "load_config",
    "parse_config",
    "render_config",
    "resolve",
    "save_preference",
]
