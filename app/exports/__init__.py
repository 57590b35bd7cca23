"""The agenda in every format of docs/formats.md: text, md, json, csv, ics.

Each format lives in its own module and is imported only when asked for;
all of them show exactly the items of one `Agenda`, nothing recomputed.
"""

from __future__ import annotations

from importlib import import_module
from typing import Final

from app.rules.agenda import Agenda

FORMATS: Final = ("text", "md", "json", "csv", "ics")
EXTENSIONS: Final = {"text": "txt", "md": "md", "json": "json", "csv": "csv", "ics": "ics"}
_MODULES: Final = {"text": "plain", "md": "markdown", "json": "jsonfmt", "csv": "csvfmt", "ics": "icalendar"}


def render(agenda: Agenda, fmt: str) -> str:
    """The agenda as text in format `fmt` (one of FORMATS)."""
    module = import_module(f"app.exports.{_MODULES[fmt]}")
    text: str = module.render(agenda)
    return text
