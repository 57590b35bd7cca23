"""The dashboard's footer: every key that fits, and always Help and Quit.

Textual's footer lays its keys out in one row and lets the ones past the
right edge scroll out of sight: at 100 columns that was Help and Quit, so a
newcomer never learned `?`. This one leaves out the keys with the highest
`rank` in the key registry until the row fits; whatever it leaves out is
still in the help screen and the command palette.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from app.tui.keys import BY_ACTION


def _width(item: FooterKey) -> int:
    """Cells a footer key takes: the key and its word with the footer's padding (see FooterKey's CSS)."""
    cells = len(item.key_display) + 2 + len(item.description) + 1
    return cells + 2 if item.has_class("-command-palette") else cells  # its border and right padding


class KeyFooter(Footer):
    """A footer that fits its width by leaving out the least needed keys, never Help or Quit."""

    def __init__(self) -> None:
        super().__init__()
        self._laid_out_for = 0

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        width = self.size.width or self.app.size.width
        self._laid_out_for = width
        keys = [i for i in items if isinstance(i, FooterKey) and not i.has_class("-command-palette")]
        used = sum(_width(i) if isinstance(i, FooterKey) else 0 for i in items)
        dropped: set[int] = set()
        for item in sorted(keys, key=lambda i: -_rank(i.action)):
            if used <= width:
                break
            if _rank(item.action) > 0:
                dropped.add(id(item))
                used -= _width(item)
        yield from (i for i in items if id(i) not in dropped)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)


def _rank(action: str) -> int:
    """The registry's rank for a footer action ("app.quit" and "quit" alike); unknown ones go first."""
    key = BY_ACTION.get(action.rsplit(".", 1)[-1])
    return key.rank if key is not None else 100
