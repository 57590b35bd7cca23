"""The one way the dashboard shows text that came from the user or a file: as typed, never as markup.

Textual reads a `str` as markup almost everywhere it takes one: Static and
Label contents, border titles, DataTable cells and column labels, OptionList
and Select prompts, tooltips, notifications, the command palette. A company
named "Acme [/b]" then stops the dashboard (MarkupError), and a role
"[@click=app.quit]Dev[/]" shows as "Dev" and quits when clicked.

So user text never reaches a widget as a `str`:

- `plain(text)` turns it into a `rich.text.Text`, which no widget parses:
  control characters are dropped (a name cannot repaint the terminal) and it
  is cut to a width when a column must stay narrow.
- `line(...)` builds a label that mixes the app's own words, styles and user
  text from pieces (`str` pieces are shown as they are, `(text, style)` pieces
  are styled); nothing is formatted into markup, so nothing is parsed.
- `PlainTable` is a DataTable that shows `str` cells and labels as plain text,
  so a cell cannot be markup even when someone forgets `plain`.

The app's notifications are plain as well: `NudgeApp.notify` never parses markup.
"""

from __future__ import annotations

from rich.text import Text, TextType
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from app.exports.common import clean
from app.rules.values import Process

Piece = str | Text | tuple[str, str]
"""A piece of a label: words shown as they are, a Text, or (words, style)."""


def cut(text: str, width: int) -> str:
    """Shorten to `width` characters with an ellipsis, so one long name cannot squeeze the others."""
    return text if len(text) <= width else text[: width - 1] + "…"


def plain(text: str | None, *, width: int | None = None, style: str = "", keep_newlines: bool = False) -> Text:
    """User text shown literally: control characters dropped, one line unless `keep_newlines`, cut to `width`."""
    shown = clean(text or "", keep_newlines=keep_newlines)
    return Text(cut(shown, width) if width is not None else shown, style=style, end="")


def line(*pieces: Piece, style: str = "") -> Text:
    """A label assembled from pieces; no piece is read as markup (user text goes in through `plain`)."""
    return Text.assemble(*pieces, style=style, end="")


def named(process: Process, *, width: int | None = None) -> Text:
    """ "Company · Role" as typed, each cut to `width` so a long company leaves room for the role."""
    return line(plain(process.company, width=width), " · ", plain(process.role, width=width))


def as_plain(value: object) -> object:
    """A str shown as plain text; anything else (Text, numbers) as it is."""
    return Text(value, end="") if isinstance(value, str) else value


class PlainTable(DataTable[object]):
    """A DataTable whose `str` cells and column labels are shown as typed (DataTable parses them as markup)."""

    def add_column(
        self, label: TextType, *, width: int | None = None, key: str | None = None, default: object | None = None
    ) -> ColumnKey:
        return super().add_column(
            Text(label) if isinstance(label, str) else label, width=width, key=key, default=default
        )

    def add_row(
        self, *cells: object, height: int | None = 1, key: str | None = None, label: TextType | None = None
    ) -> RowKey:
        shown = Text(label) if isinstance(label, str) else label
        return super().add_row(*map(as_plain, cells), height=height, key=key, label=shown)

    def update_cell(
        self, row_key: RowKey | str, column_key: ColumnKey | str, value: object, *, update_width: bool = False
    ) -> None:
        super().update_cell(row_key, column_key, as_plain(value), update_width=update_width)
