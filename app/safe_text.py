"""Which characters a person's text may hold, checked where text comes in and enforced where it goes out.

A name or a note is shown on terminals, written into spreadsheets and calendar
files and read back by other programs. Control characters have no place in
any of them: ESC and BEL drive a terminal, C1 controls (U+0080..U+009F, such as
0x9B, a one-byte escape sequence introducer) do the same on some terminals, and
DEL and NUL break files. So every way in (the backup reader, the spreadsheet
import, the dashboard's forms through `text_problem`) refuses them with the
field's name, and every way out replaces what an older database may still hold.

What text may hold: printable characters, tabs, and in text that has lines
(notes, message text, templates) line breaks. A carriage return is not refused
but read as a line break: Windows and many web forms send CRLF, and pasted text
should not fail for it; `check_text` turns CRLF and a lone CR into LF. In
one-line text (a company, a role, a name, an address) a line break of any kind,
U+2028 and U+2029 included, is refused too.
"""

from __future__ import annotations

import re
from typing import Final

from app.errors import BadInput

MAX_TEXT: Final = 100_000
REPLACEMENT: Final = "\ufffd"

CONTROL_CHARACTERS: Final = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
"""C0 controls but tab, LF and CR; DEL; the C1 controls (a regular-expression class body)."""
_CONTROL: Final = re.compile(f"[{CONTROL_CHARACTERS}]")
"""C0 controls but tab, LF and CR; DEL; the C1 controls."""
_CONTROL_OR_BREAK: Final = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
"""The same, plus every line break: what one-line text refuses."""
_NEWLINES: Final = re.compile(r"\r\n?")
_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")
_NAMES: Final = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL", 0x9B: "CSI"}


def _describe(char: str) -> str:
    code = ord(char)
    if char in "\r\n\u2028\u2029":
        return "a line break (this field is one line)"
    if code == 0:
        return "a NUL character (U+0000); only text, tabs and line breaks are kept"
    name = _NAMES.get(code)
    return f"a control character (U+{code:04X}{' ' + name if name else ''}); only text, tabs and line breaks are kept"


def character_problem(value: str, *, one_line: bool = False) -> str | None:
    """Why a character of this text is refused (a control, a line break in one-line text), or None."""
    found = (_CONTROL_OR_BREAK if one_line else _CONTROL).search(value)
    return f"contains {_describe(found[0])}" if found is not None else None


def text_problem(value: str, *, one_line: bool = False) -> str | None:
    """Why Nudge would refuse this text, or None when it may be stored (the forms call this too)."""
    problem = character_problem(value, one_line=one_line)
    if problem is not None:
        return problem
    if _SURROGATE.search(value):
        # "\ud800" is valid JSON but no UTF-8 text: the database and every export would fail on it.
        return "contains an unpaired surrogate (not a character)"
    if len(value) > MAX_TEXT:
        return f"too long ({len(value)} characters; at most {MAX_TEXT})"
    return None


def check_text(value: str, where: str | None = None, *, one_line: bool = False) -> str:
    """The text as Nudge stores it (CRLF and CR read as LF); BadInput naming `where` when it is refused."""
    if "\r" in value and not one_line:
        value = _NEWLINES.sub("\n", value)
    problem = text_problem(value, one_line=one_line)
    if problem is not None:
        raise BadInput(problem, where)
    return value


def safe_text(value: str, *, one_line: bool = False) -> str:
    """Text fit to write out: what `check_text` refuses is replaced by U+FFFD.

    For text already stored (an older Nudge accepted controls): every output
    uses this or escapes the characters, so no file or terminal ever receives
    them. Applied to text `check_text` accepts, it changes nothing but line
    ends, and `check_text` accepts whatever it returns.
    """
    if "\r" in value and not one_line:
        value = _NEWLINES.sub("\n", value)
    pattern = _CONTROL_OR_BREAK if one_line else _CONTROL
    return pattern.sub(REPLACEMENT, value) if pattern.search(value) else value
