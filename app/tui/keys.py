"""Every dashboard key, once: its action, default key, label, where it shows and its config name.

The footer, the command palette, the help screen, the `[dashboard.keys]` names
of the configuration file and the README's keys table are all read from
`REGISTRY`, so a key added or remapped here is right everywhere. A binding's id
is its action's name, which is also the name the config file remaps it by;
the ids of earlier versions (`draft`, `search`...) stay accepted as aliases.

This module imports nothing from Textual: reading the configuration file
(`nudge agenda` does) checks remaps against it without loading the UI.
Adding a key is one `Key` here plus one `action_<name>` method on the main screen.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Flag, auto
from typing import Final


class Shown(Flag):
    """Where a key is listed for the user."""

    FOOTER = auto()
    PALETTE = auto()
    HELP = auto()


EVERYWHERE: Final = Shown.FOOTER | Shown.PALETTE | Shown.HELP


@dataclass(frozen=True)
class Key:
    """One dashboard key."""

    action: str
    """The action it runs, its binding id and its name under `[dashboard.keys]`."""
    key: str
    """The default key, as Textual names it ("slash", "question_mark", "W")."""
    label: str
    """The footer's word for it."""
    does: str
    """What it does, in the help screen, the README and the footer's tooltip."""
    title: str = ""
    """The palette's name for it (blank: not in the palette)."""
    shown: Shown = EVERYWHERE
    rank: int = 50
    """Which keys the footer keeps when it is narrow: the lowest ranks stay longest."""
    aliases: tuple[str, ...] = ()
    """Earlier config names for this key, still accepted."""


REGISTRY: Final[tuple[Key, ...]] = (
    Key("add_process", "a", "Add", "add a process (company, role, first contact)", "Add a process", rank=10),
    Key("contact", "p", "Person", "add a person (contact) to the selected process", "Add a contact",
        rank=40, aliases=("add_contact",)),
    Key("interview", "i", "Interview", "log or schedule an interview for the selected process",
        "Log or schedule an interview", rank=20, aliases=("log_interview",)),
    Key("message", "m", "Message", "log a message in or out for the selected process", "Log a message",
        rank=20, aliases=("log_message",)),
    Key("done", "d", "Done", "done: log the highlighted Today item (a decision opens the status)",
        "Mark the Today item done", rank=5, aliases=("draft",)),
    Key("mail", "w", "Mail", "mail the suggested message: a draft in your mail client (logged when you say it went)",
        "Mail the suggested message", rank=12),
    Key("status", "s", "Status", "change the selected process's status (offer, rejected, ghosted, active again)",
        "Change status", rank=25),
    Key("wait", "W", "Wait", "wait until a day for the selected process (blank clears it)", "Wait until a day",
        rank=70),
    Key("copy", "y", "Copy", "copy the suggested message to the clipboard", "Copy the suggested message", rank=30),
    Key("edit_text", "ctrl+e", "Edit text",
        "edit the suggested message in $VISUAL or $EDITOR before mailing or copying it", "Edit the suggested message",
        shown=Shown.PALETTE | Shown.HELP, rank=35),
    Key("scroll_message", "space", "Scroll", "scroll the message under Today (back to its top at the end)",
        shown=Shown.FOOTER | Shown.HELP, rank=62),
    Key("export", "e", "Export", "export the agenda to a file (md, txt, json, csv, ics)", "Export the agenda",
        rank=60),
    Key("undo", "u", "Undo", "undo the last change", "Undo the last change", rank=15),
    Key("redo", "ctrl+y", "Redo", "redo the change undone last", "Redo the last undone change", rank=48),
    Key("delete", "x", "Delete", "delete the highlighted process or Timeline entry (asks first; u undoes)",
        "Delete the highlighted row", rank=42),
    Key("open_link", "o", "Link", "open the selected process's link in the browser", "Open the process's link",
        shown=Shown.PALETTE | Shown.HELP, rank=75),
    Key("edit_notes", "E", "Notes", "edit the selected process's notes in $VISUAL or $EDITOR", "Edit the notes",
        shown=Shown.PALETTE | Shown.HELP, rank=78),
    Key("filter", "slash", "Filter", "filter by anything: company, role, people and their emails, notes, messages",
        "Search: company, role, people, notes, messages", rank=45,
        aliases=("search",)),
    Key("toggle_closed", "c", "Closed", "show or hide closed processes", "Show or hide closed processes", rank=65,
        aliases=("closed",)),
    Key("stats", "g", "Stats", "stats: funnel, waiting times, 12 weeks of activity", "Stats: how the search is going",
        rank=55),
    Key("review_mail", "I", "Inbox", "review mail: replies, sent follow-ups and invitations it found, each accepted, "
        "edited or skipped", "Review mail", shown=Shown.PALETTE | Shown.HELP, rank=58),
    Key("settings", "comma", "Settings", "settings: your name, country, workdays, days off and the timing numbers",
        "Settings", shown=Shown.PALETTE | Shown.HELP, rank=80),
    Key("switch_pane", "v", "Pane", "show the next pane: one at a time under 100 columns (Tab too)",
        "Show the next pane", shown=Shown.PALETTE | Shown.HELP, rank=8),  # the compact layout's bar shows it
    Key("help", "question_mark", "Help", "keys and how Nudge decides", "Help: keys and rules", rank=0),
    Key("quit", "q", "Quit", "quit (everything is already saved)", shown=Shown.FOOTER | Shown.HELP, rank=0),
)  # fmt: skip

BY_ACTION: Final[Mapping[str, Key]] = {k.action: k for k in REGISTRY}
ALIASES: Final[Mapping[str, str]] = {alias: k.action for k in REGISTRY for alias in k.aliases}
CONFIG_NAMES: Final[tuple[str, ...]] = tuple(BY_ACTION) + tuple(ALIASES)
"""Every name `[dashboard.keys]` accepts: the action names, then the earlier ids."""

FIXED: Final[tuple[tuple[str, str], ...]] = (
    ("tab", "next pane (shift+tab: the one before)"),
    ("ctrl+p", "all commands and processes, by name; themes"),
    ("ctrl+q", "quit"),
)
"""Keys Textual itself gives every screen, listed in the help and never taken by a remap."""

RESERVED: Final = frozenset(
    {"tab", "shift+tab", "ctrl+p", "ctrl+q", "ctrl+c", "escape", "enter", "up", "down", "left", "right",
     "home", "end", "pageup", "pagedown"}
)  # fmt: skip
"""Keys a remap may not take: Textual's own, and the ones the panes use to move (a remap would never fire)."""

SAME_AS: Final = {"ctrl+q": "quit"}
"""Reserved keys that already run an action, so that action may be remapped onto them."""

RENAMED: Final = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
"""Textual's shorter names for a few characters (`textual.keys.KEY_NAME_REPLACEMENTS`)."""


def canonical(key: str) -> str:
    """The name Textual gives a key, so "?" and "question_mark" count as the same key."""
    *mods, base = key.split("+") if len(key) > 1 else [key]
    if len(base) == 1 and not base.isalnum():
        name = unicodedata.name(base, base).lower().replace("-", "_").replace(" ", "_")
        base = RENAMED.get(name, name)
    return "+".join([*mods, base])


def display(key: str) -> str:
    """A key as the footer and hints show it: "/", "?", "^e", "space"."""
    *mods, base = key.split("+") if len(key) > 1 else [key]
    if len(base) > 1:
        named = {v: k for k, v in RENAMED.items()}.get(base, base)
        try:
            char = unicodedata.lookup(named.replace("_", " ").upper())
        except KeyError:
            char = ""
        base = char if len(char) == 1 and char.isprintable() and not char.isspace() else base
    if "ctrl" in mods:
        mods.remove("ctrl")
        base = f"^{base}"
    return "+".join([*mods, base])


class Clash(ValueError):
    """A remap that would take a key already in use; the message says which and by what."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        """The config name whose remap is refused."""


@dataclass(frozen=True)
class KeyMap:
    """The keys in force: each action's keys after the config file's remaps."""

    keys: Mapping[str, tuple[str, ...]]

    @classmethod
    def resolve(cls, remaps: Mapping[str, str] | None = None) -> KeyMap:
        """The defaults with `remaps` (config name -> "k1,k2") over them; a clash raises `Clash`.

        A remap may move a key away and give it to another action in the same
        file (`done = "q"` with `quit = "x"`); what it may not do is leave two
        actions on one key, or take a key Textual or the panes need.
        """
        keys: dict[str, tuple[str, ...]] = {k.action: (k.key,) for k in REGISTRY}
        given: dict[str, str] = {}
        for name, value in (remaps or {}).items():
            action = ALIASES.get(name, name)
            if action not in BY_ACTION:
                raise Clash(name, f"unknown action {name!r}")
            if action in given:
                raise Clash(name, f"{given[action]} already remaps {action}")
            given[action] = name
            keys[action] = tuple(part.strip() for part in value.split(","))
        owner: dict[str, tuple[str, bool]] = {}
        for action, bound in keys.items():  # the keys left as they are first: a clash is the remap's to answer for
            if action not in given:
                for key in bound:
                    _claim(owner, key, action, remapped=False)
        for action, name in given.items():
            for key in keys[action]:
                _claim(owner, key, name, remapped=True)
        return cls(keys)

    def key(self, action: str) -> str:
        """The key string Textual binds for `action` ("slash", "ctrl+f,f")."""
        return ",".join(self.keys[action])

    def shown(self, action: str) -> str:
        """The first key of `action` as the user sees it ("/", "w")."""
        return display(self.keys[action][0])

    def keymap(self) -> dict[str, str]:
        """For `App.set_keymap`: only the actions whose keys differ from the defaults."""
        return {a: self.key(a) for a, keys in self.keys.items() if keys != (BY_ACTION[a].key,)}


def _claim(owner: dict[str, tuple[str, bool]], key: str, name: str, *, remapped: bool) -> None:
    """Give `key` to `name` (a config name or action), or say why it cannot have it."""
    same = canonical(key)
    if remapped and same in RESERVED and SAME_AS.get(same) != ALIASES.get(name, name):
        raise Clash(name, f'"{key}" moves around the dashboard or opens its commands; pick another key')
    if same in owner:
        other, moved = owner[same]
        label = BY_ACTION[ALIASES.get(other, other)].label
        hint = "" if moved else f"; give {other} another key too, or pick another"
        raise Clash(name, f'"{key}" is already the key of {other} ({label}){hint}')
    owner[same] = (name, remapped)


DEFAULT_KEYS: Final = KeyMap.resolve()
"""The keys with no config file."""


def in_palette() -> Iterable[Key]:
    """The keys the command palette lists, in the registry's order."""
    return (k for k in REGISTRY if Shown.PALETTE in k.shown and k.title)


def help_table(keys: KeyMap = DEFAULT_KEYS) -> str:
    """The Markdown table of keys for the help screen, with the keys in force."""
    rows = [f"| `{keys.shown(k.action)}` | {k.does} |" for k in REGISTRY if Shown.HELP in k.shown]
    rows += [f"| `{key}` | {does} |" for key, does in FIXED]
    return "\n".join(["| key | does |", "| --- | --- |", *rows])


def readme_rows() -> list[tuple[str, str]]:
    """(key as shown, config name) for every registry key: what the README's keys table must list."""
    return [(display(k.key), k.action) for k in REGISTRY]


def live(app: object) -> KeyMap:
    """The keys in force in a running dashboard, for hints; the defaults where there is none (a pane alone)."""
    found = getattr(app, "keys", None)
    return found if isinstance(found, KeyMap) else DEFAULT_KEYS
