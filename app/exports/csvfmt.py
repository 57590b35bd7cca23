"""The agenda as CSV, one row an item, safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, tab or carriage return would be
run as a formula by Excel or LibreOffice; such a cell gets a leading `'`. So does
one where such a character follows leading spaces, control or invisible format
characters (any Unicode space, a zero-width space, a bidi mark), or is written in
a compatibility form (full-width `＝`, small `﹦`), since some spreadsheets skip or
fold those.

No cell carries a control character, even when an older database holds one
(text coming in is checked, see app.safe_text): ESC or BEL in a name would
otherwise reach the terminal of whoever `cat`s the file. Such characters are
written as U+FFFD; in one-line cells so is a line break, while the reason and
the message keep their lines (LF; the csv module quotes the cell).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from typing import Final

from app.rules.agenda import Action, Agenda
from app.safe_text import safe_text

COLUMNS: Final = (
    "section",
    "due",
    "overdue",
    "action",
    "company",
    "role",
    "process_id",
    "contact_name",
    "contact_role",
    "contact_email",
    "reason",
    "message",
    "close_as",
)
"""`close_as` (ghosted or rejected, move-ons only) comes last, so scripts reading by position keep working."""
_RAW_STARTS: Final = ("\t", "\r", "\n")
_FORMULA_STARTS: Final = ("=", "+", "-", "@")
_WITH_LINES: Final = frozenset({"reason", "message"})


def _first_visible(text: str) -> str:
    """The first character past spaces, controls and invisible format characters ("" when none)."""
    for char in text:
        if not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf")):
            return char
    return ""


def cell(value: object, *, one_line: bool = True) -> str:
    """A spreadsheet-safe cell: no control characters, no formula."""
    text = "" if value is None else str(value)
    # Judged before the controls are replaced, so a replacement never unmasks a formula behind them.
    start = unicodedata.normalize("NFKC", _first_visible(text))
    risky = text.startswith(_RAW_STARTS) or start.startswith(_FORMULA_STARTS)
    text = safe_text(text, one_line=one_line)
    return "'" + text if risky else text


def _row(section: str, action: Action) -> list[str]:
    contact = action.contact
    values: list[object] = [
        section,
        action.due.isoformat(),
        action.overdue,
        action.action,
        action.company,
        action.role,
        action.process_id,
        contact.name if contact else "",
        contact.role if contact else "",
        (contact.email or "") if contact else "",
        action.reason,
        action.message or "",
        (action.close_as or "ghosted") if action.action == "move_on" else "",
    ]
    return [cell(v, one_line=name not in _WITH_LINES) for name, v in zip(COLUMNS, values, strict=True)]


def render(agenda: Agenda) -> str:
    """A header row, then due items, then upcoming ones."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row("due", a) for a in agenda.due)
    writer.writerows(_row("upcoming", a) for a in agenda.upcoming)
    return out.getvalue()
