"""HTML mail as plain text, by a parser that only collects text: nothing is fetched, run or rendered.

Scripts, styles and the head are dropped; block elements become line breaks;
quoted history (a blockquote, Gmail's `gmail_quote`, Outlook's reply divider)
is left out, since only the new part of a message is kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Final

_SILENT: Final = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "object"})
_BLOCK: Final = frozenset(
    {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr", "section"}
)
_VOID: Final = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "wbr", "source"})
_QUOTE_CLASSES: Final = ("gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote")
_QUOTE_IDS: Final = ("divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.silent = 0
        self.quoted = 0
        self.stack: list[str] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        values = {name: (value or "").lower() for name, value in attrs}
        if values.get("id", "") in _QUOTE_IDS:
            self.done = True  # Outlook: everything after its divider is the quoted thread
            return
        if tag in _VOID:
            if tag in _BLOCK:
                self.parts.append("\n")
            return
        quote = tag == "blockquote" or any(c in values.get("class", "") for c in _QUOTE_CLASSES)
        self.stack.append(tag + ("!" if quote else "") + ("~" if tag in _SILENT else ""))
        self.quoted += quote
        self.silent += tag in _SILENT
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.done or tag in _VOID:
            return
        while self.stack:  # close up to the matching tag, forgiving what was left open
            top = self.stack.pop()
            self.quoted -= "!" in top
            self.silent -= "~" in top
            if top.rstrip("!~") == tag:
                break
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.done and not self.silent and not self.quoted:
            self.parts.append(data)


_SPACES: Final = re.compile(r"[ \t\u00a0]+")
_BLANKS: Final = re.compile(r"\n\s*\n\s*\n+")


def html_to_text(markup: str) -> str:
    """The readable text of `markup`, without its quoted history; never raises on broken HTML."""
    parser = _Text()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient, but a reader must never fail on a mail
        pass
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).splitlines())
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()
