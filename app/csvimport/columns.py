"""Which spreadsheet column feeds which Nudge field.

Every tracker and template names its columns a little differently ("Date
Applied", "applied_on", "Job Title", "Position"), so headers are compared
after folding case, spacing and punctuation away, against a table of the
names people and trackers actually use. Anything the table does not know is
ignored and said so in the preview, and `--map COLUMN=FIELD` settles the rest.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from app.errors import BadInput

FIELDS: Final = {
    "company": "the company's name (required)",
    "role": "the job title (required)",
    "status": "where the process stands: applied, phone screen, onsite, offer, rejected...",
    "applied": "the date you applied (logged as your application message)",
    "interview": "the date of an interview, past or booked",
    "deadline": "the day an answer is due (an offer's deadline, respond by)",
    "wait_until": "a day to wait until before following up (follow up, next action)",
    "contact": "a contact's name",
    "recruiter": "the recruiter's name",
    "hiring_manager": "the hiring manager's name",
    "email": "the contact's email address",
    "phone": "the contact's phone number",
    "link": "the job posting's address",
    "channel": "how you applied (LinkedIn, careers page...)",
    "notes": "free text, added to the process's notes",
    "ignore": "leave this column out",
}
"""Every field a column can feed, with what it means (shown when a --map names an unknown one)."""

MULTI: Final = frozenset({"notes", "status", "ignore"})
"""Fields that several columns may feed: notes are joined, a Status and a Stage column are read together."""

_KNOWN: Final = {
    "company": ("company", "company name", "employer", "organization", "organisation", "firm"),
    "role": (
        "role",
        "position",
        "title",
        "job title",
        "job position",
        "job",
        "job role",
        "position title",
        "role title",
        "job name",
    ),
    "status": ("status", "stage", "application status", "list", "current status", "phase"),
    "applied": ("date applied", "applied", "applied on", "applied date", "application date", "date of application"),
    "interview": ("interview date", "next interview", "interview", "interview on", "next interview date"),
    "deadline": (
        "deadline",
        "offer deadline",
        "respond by",
        "reply by",
        "answer by",
        "decision deadline",
        "response deadline",
        "offer expires",
    ),
    "wait_until": (
        "follow up",
        "follow up date",
        "follow up on",
        "follow up by",
        "next follow up",
        "next action",
        "next action date",
        "wait until",
    ),
    "contact": ("contact", "contact name", "contact person", "point of contact"),
    "recruiter": ("recruiter", "recruiter name"),
    "hiring_manager": ("hiring manager", "hiring manager name", "manager"),
    "email": ("email", "contact email", "email address", "recruiter email", "e mail"),
    "phone": ("phone", "contact phone", "phone number", "recruiter phone", "telephone"),
    "link": ("link", "url", "job link", "posting", "job url", "job posting", "posting url", "job post", "listing"),
    "channel": ("applied via", "applied through", "channel", "application method"),
    "notes": ("notes", "note", "description", "comments", "comment", "job description"),
}
_BY_NAME: Final = {name: field for field, names in _KNOWN.items() for name in names}


def show(text: str, limit: int = 40) -> str:
    """A cell or name as a message quotes it: on one line, invisible characters escaped, cut short."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def fold(header: str) -> str:
    """A header reduced to lower-case words: "Date_Applied" and "date applied:" both give "date applied"."""
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    text = text.replace("e-mail", "email")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass(frozen=True)
class Column:
    """One column of the file and the field it feeds ("ignore" when none)."""

    index: int
    header: str
    field: str
    chosen: bool = False
    """True when a --map option picked the field rather than the header's name."""

    @property
    def label(self) -> str:
        """The header as the person sees it in their spreadsheet."""
        return self.header or f"(column {self.index + 1}, no name)"


def parse_map_option(text: str) -> tuple[str, str]:
    """Split a `--map COLUMN=FIELD` value; the field must be one Nudge knows."""
    column, sep, field = text.rpartition("=")
    column, field = column.strip(), field.strip().lower().replace("-", "_")
    if not sep or not column or not field:
        raise BadInput(f"--map {show(text)}: write it as COLUMN=FIELD, for example --map 'Job Title=role'")
    if field not in FIELDS:
        raise BadInput(f"--map {show(text)}: unknown field {show(field)} (fields: {', '.join(FIELDS)})")
    return column, field


def map_columns(header: tuple[str, ...], overrides: dict[str, str] | None = None) -> tuple[Column, ...]:
    """Pair every column with a field; raise BadInput for a clash, a bad override or a missing company or role."""
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        key = fold(name)
        if key and key in seen:
            raise BadInput(
                f"columns {seen[key] + 1} and {i + 1} have the same name ({show(header[seen[key]])} and {show(name)});"
                " rename one so it is clear which is which"
            )
        if key:
            seen[key] = i
    picked = _overrides(header, overrides or {})
    columns = tuple(
        Column(i, name, picked[i], True) if i in picked else Column(i, name, _BY_NAME.get(fold(name), "ignore"))
        for i, name in enumerate(header)
    )
    _check(columns)
    return columns


def _overrides(header: tuple[str, ...], overrides: dict[str, str]) -> dict[int, str]:
    """Column index -> field for each --map; the column is found by its folded name."""
    by_key = {fold(name): i for i, name in enumerate(header) if fold(name)}
    picked: dict[int, str] = {}
    for column, given in overrides.items():
        field = given.strip().lower().replace("-", "_")
        if field not in FIELDS:
            raise BadInput(f"--map {show(column)}: unknown field {show(field)} (fields: {', '.join(FIELDS)})")
        index = by_key.get(fold(column))
        number = column.strip().lstrip("#")
        if index is None and number.isdigit() and 1 <= int(number) <= len(header):
            index = int(number) - 1  # a column with no name is picked by its number, "#5"
        if index is None:
            names = ", ".join(show(h) for h in header if h.strip())
            raise BadInput(f"--map {show(column)}: the file has no column {show(column)} (its columns: {names})")
        picked[index] = field
    return picked


def _check(columns: tuple[Column, ...]) -> None:
    by_field: dict[str, list[Column]] = {}
    for column in columns:
        by_field.setdefault(column.field, []).append(column)
    for field, feeding in by_field.items():
        if field not in MULTI and len(feeding) > 1:
            names = " and ".join(show(c.label) for c in feeding)
            first = " ".join(feeding[1].label.split())
            raise BadInput(
                f"columns {names} would both fill {field}; keep one, e.g. --map '{first}=ignore' "
                f"(or --map '{first}=notes' to keep it as notes)"
            )
    names = ", ".join(show(c.label) for c in columns if c.header)
    for field in ("company", "role"):
        if field not in by_field:
            raise BadInput(
                f"no {field} column: none of the columns ({names}) is named like one; "
                f"point at it with --map 'COLUMN={field}'"
            )
