"""Turning a spreadsheet file's bytes into a header and rows of text cells.

Spreadsheet apps save CSV in whatever their platform likes: UTF-8 with a byte
order mark (Excel's "CSV UTF-8"), plain UTF-8 (Google Sheets, Numbers),
Windows-1252 with semicolons (Excel in much of Europe), or UTF-16 with tabs
(Excel's "Unicode text"). Guessing wrong would put "MÃ¼ller" in a contact's
name or a whole row in one cell, so each guess is made from the bytes and
said in the preview.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from app.errors import BadInput

DELIMITERS: Final = (",", ";", "\t", "|")
"""Candidates, in the order a tie is settled: comma is the format's own."""
DELIMITER_NAMES: Final = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
MAX_CELL: Final = 1_000_000
"""The csv module's cell limit, raised: a long pasted job description is normal, a megabyte is not."""
MAX_CSV_BYTES: Final = 16 * 2**20
"""The largest spreadsheet file read: some 170,000 rows of a tracker's usual columns (a few thousand
with pasted job descriptions), far past any job search. The bound is what keeps the import's one
write transaction within about 3 s (measured: 200,000 rows held the lock 3.4 s, 700,000 held it 16 s,
past the 15 s other writers wait), so a dashboard or `nudge import` beside it never fails."""


@dataclass(frozen=True)
class Table:
    """A decoded CSV file: its header, and its data rows numbered as a spreadsheet numbers them.

    `rows` is read once, as it is consumed: the rows of a large file are never
    all held at once (a broken row raises BadInput when reached).
    """

    encoding: str
    delimiter: str
    header: tuple[str, ...]
    header_row: int
    rows: Iterator[tuple[int, tuple[str, ...]]] = field(repr=False)

    def describe(self) -> str:
        """ "UTF-8, comma-separated": what the preview says about the guesses."""
        return f"{self.encoding}, {DELIMITER_NAMES[self.delimiter]}-separated"


def decode(raw: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read with.

    A byte order mark decides outright. Otherwise strict UTF-8 is tried first:
    text in Windows-1252 or Latin-1 with any accented letter is almost never
    valid UTF-8, so a successful decode is a reliable sign. What fails falls
    back to Windows-1252 (Excel's "CSV" on Windows), then Latin-1, which
    accepts every byte.
    """
    if raw.startswith(b"PK\x03\x04"):
        raise BadInput("this is a spreadsheet workbook (.xlsx or .ods), not CSV; save it as CSV first")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise BadInput(f"starts like UTF-16 text but byte {exc.start} is not") from None
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw.decode("utf-8-sig"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            raise BadInput(f"starts like UTF-8 text but byte {exc.start} is not UTF-8") from None
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"


def _first_line(text: str) -> str:
    """The header line: up to the first line break outside quotes."""
    quoted = False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            return text[:i]
    return text


def delimiter(header_line: str) -> str:
    """The separator the header line uses most, outside quotes.

    The header is the most reliable line to count on: its names rarely hold a
    comma or semicolon, while data cells (notes, "Berlin, Germany") often do.
    `csv.Sniffer` looks at the data too and guesses wrong on exactly such files.
    """
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(raw: bytes) -> Table:
    """Decode, find the separator, split into cells; raise BadInput for what cannot be read."""
    if not raw.strip():
        raise BadInput("the file is empty")
    text, encoding = decode(raw)
    if "\x00" in text:
        raise BadInput("the file holds NUL bytes, so it is not a text CSV (a workbook or another binary file?)")
    rows_before = 0
    first = _first_line(text)
    # Excel understands (and writes, when asked) a first line "sep=;" naming the separator.
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        sep = first.strip()[4]
        text = text[len(first) :].lstrip("\r\n")
        rows_before = 1
    else:
        sep = delimiter(first)
    return _split(text, encoding, sep, rows_before)


def _records(text: str, sep: str, rows_before: int) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(row number, cells) for every record, read lazily; BadInput for broken quoting or a huge cell."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    started = 1
    number = rows_before
    while True:
        old_limit = csv.field_size_limit(MAX_CELL)
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            raise BadInput(_quoting_problem(str(exc), started)) from None
        finally:
            csv.field_size_limit(old_limit)
        if cells is None:
            return
        number += 1
        started = reader.line_num + 1
        yield number, tuple(cells)


def _split(text: str, encoding: str, sep: str, rows_before: int) -> Table:
    records = _records(text, sep, rows_before)
    for header_row, header in records:
        if any(c.strip() for c in header):
            return Table(encoding, sep, tuple(h.strip() for h in header), header_row, records)
    raise BadInput("the file has no header row (it holds only empty lines)")


def _quoting_problem(message: str, line: int) -> str:
    """A csv.Error told as what to fix, with the line where the broken record starts."""
    if "unexpected end of data" in message or "EOF" in message:
        return f'broken quoting: a quoted cell in the row starting on line {line} never ends (a closing " is missing)'
    if "expected after" in message:
        return f'broken quoting in the row starting on line {line}: a " inside a quoted cell must be doubled ("")'
    if "field larger" in message:
        return f"a cell starting on line {line} is longer than {MAX_CELL:,} characters"
    return f"cannot read line {line} as CSV: {message}"
