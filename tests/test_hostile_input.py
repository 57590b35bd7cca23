"""Hostile input, property-based: whatever a file, a typed date or a name holds, nothing crashes.

Three promises are checked with generated input (hypothesis, derandomized so a run is
reproducible):

- the backup reader answers every input with a Backup or a one-line, short, printable
  BadInput; whatever it accepts writes back and reads again to the same value, and
  its agenda renders;
- a typed date gives a Moment in 1900..2999 or NotADate with a short message;
- every agenda format stays safe when names hold control characters, bidi overrides,
  markup, formulas and huge text: CSV cells never start a formula, the calendar parses
  and is folded and escaped, Markdown keeps its structure, text carries no control
  characters, JSON gives the names back exactly.

Examples tried per run (the sum of max_examples below): backup reader 1 500, typed
dates 1 300, agenda exports 450; 3 250 in all. The forms are in tests/tui/.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import unicodedata
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, time
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from markdown_it import MarkdownIt
from support import DEMO_DAY, FIXTURES

from app.backup import Backup, dump_backup, parse_backup
from app.demo import demo_backup
from app.errors import BadInput
from app.exports import render
from app.exports.common import ACTION_TITLES, clean, headline
from app.exports.csvfmt import COLUMNS
from app.rules.agenda import Action, Agenda, build_agenda
from app.rules.calendar import BusinessCalendar
from app.rules.templates import DEFAULT_TEMPLATES, TEMPLATE_KINDS
from app.rules.values import (
    CONTACT_ROLES,
    DIRECTIONS,
    INTERVIEW_KINDS,
    PURPOSES,
    SIGNALS,
    STATUSES,
    WEEKDAYS,
    Contact,
    Interview,
    Message,
    Moment,
    Process,
    Settings,
    Timing,
)
from app.safe_text import safe_text
from app.typed_dates import NotADate, describe, parse_when

HOSTILE = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
"""Reproducible runs (same examples every time, nothing kept between runs), no per-example deadline."""

MAX_MESSAGE = 400
"""A message longer than this is echoing something back instead of naming the problem."""

# Hostile text ----------------------------------------------------------------------

PIECES = (
    # C0 and C1 controls, terminal escapes, line and paragraph separators
    "\x00", "\x01", "\x07", "\x08", "\x7f", "\x1b", "\x1b[2J", "\x1b[31m", "\x1b]0;pwned\x07", "\x9b31m", "\x85",
    "\r", "\n", "\r\n", "\t", "\v", "\f", "\x1c", "\u2028", "\u2029",
    # bidi overrides and marks, invisible and odd spaces
    "\u202e", "\u202d", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff", "\u00ad",
    "\u00a0", "\u2003", "\u3000",
    # emoji, combining marks, other scripts and digits
    "👩\u200d💻", "🏳️\u200d🌈", "e\u0301", "\u0301\u0302\u0303", "Z\u0335\u0321\u0322", "ﷺ", "𝔘𝔫𝔦", "ß", "İ", "ǅ",
    "אבג", "مرحبا", "\u0661\u0662", "日本", "²",
    # spreadsheet formulas, also full-width and small forms
    "=", "+", "-", "@", "=1+1", '=HYPERLINK("http://e.example")', "@SUM(A1)", "＝", "＋", "－", "＠", "﹦", "﹢",
    # Markdown, HTML and Textual markup
    "#", "# ", "## ", "* ", "- ", "1. ", "> ", "|", "| --- |", "---", "===", "```", "`", "*", "_", "~~", "<b>",
    "<script>", "&amp;", "&#x1b;", "$x$", "[x](http://e.example)", "![i](x)", "[/]", "[b]", "[@click=app.quit]",
    # escapes, separators, placeholders, calendar lines
    "\\", "\\n", ",", ";", ":", '"', "'", "{", "}", "{company}", "{first_name", "%s",
    "BEGIN:VEVENT", "\r\nEND:VEVENT\r\n", "END:VCALENDAR",
    "", " ", "null", "NaN",
)  # fmt: skip
SURROGATES = ("\ud800", "\udfff", "\ud83d")
"""Lone surrogates: a JSON file can spell them ("\\ud800"); no real text holds them."""


def hostile_text(*, surrogates: bool, huge: int) -> st.SearchStrategy[str]:
    """Any text, with hostile pieces mixed in, and sometimes one repeated up to `huge` characters."""
    chosen = PIECES + SURROGATES if surrogates else PIECES
    pieces = st.sampled_from(chosen)
    mixed = st.lists(pieces | st.text(max_size=3), max_size=8).map("".join)
    sizes = st.sampled_from(sorted({1_000, huge // 10, huge}))
    big = st.builds(lambda piece, size: (piece * size)[:size], st.sampled_from([p for p in chosen if p]), sizes)
    return st.one_of(st.text(max_size=30), mixed, mixed, big)


DATE_TEXTS = (
    "0000-01-01", "0001-01-01", "1899-12-31", "1900-01-01", "2999-12-31", "3000-01-01", "9999-12-31",
    "10000-01-01", "2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-11-31", "2028-02-29",
    "2026-11-30T24:00", "2026-11-30T23:60", "2026-11-30T10:00:60", "2026-11-30T10:00Z", "2026-11-30T10:00+05:00",
    "2026-11-30T10:00:00.9999999", "2026-11-30 10:00", "2026-11-30T10", "20261130", "2026-W48-1", "-2026-11-30",
    "+2026-11-30", " 2026-11-30 ", "2026-11-30\n", "٢٠٢٦-١١-٣٠", "２０２６-１１-３０", "2026/11/30", "30.11.2026",
)  # fmt: skip
RAW_JSON = (
    "[" * 500 + "]" * 500, "[" * 985 + "]" * 985, "[" * 990 + "]" * 990, "[" * 5000 + "]" * 5000,
    '{"a":' * 990 + "1" + "}" * 990, "9" * 5000, "-" + "9" * 4300, "1e400", "-1e400", "NaN", "Infinity",
    "-Infinity", '"\\ud800"', '"\\udc00\\ud800"', '"\\u0000"', '"\\u202e"', '{"a": 1, "a": 2}', "[1,]", "tru",
)  # fmt: skip
"""JSON that Python values cannot spell: spliced into the text in place of a marker string."""
BIG_NUMBERS = (0, 1, -1, 60, 61, 2**31, 2**63, -(2**63) - 1, 10**100, 10**4000, 1e308, -0.0, 5e-324, 0.5)

texts = hostile_text(surrogates=True, huge=1_000_000)
markers = st.sampled_from([f"@@RAW{i}@@" for i in range(len(RAW_JSON))])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(BIG_NUMBERS),
    st.floats(),
    texts,
    st.sampled_from(DATE_TEXTS),
    st.sampled_from(STATUSES + CONTACT_ROLES + WEEKDAYS + ("nudge-backup", "US", "CA")),
    markers,
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(texts | st.sampled_from(("a", "name")), inner, max_size=3)
    ),
    max_leaves=6,
)


MARKER = re.compile(r'"@@(RAW|DUP)(\d+)@@"')


def splice(text: str, duplicates: dict[str, str]) -> str:
    """Put the raw JSON in place of its markers, and make each duplicate marker key a repeated key."""
    if "@@" not in text:
        return text

    def put(match: re.Match[str]) -> str:
        if match[1] == "RAW":
            return RAW_JSON[int(match[2])]
        return json.dumps(duplicates.get(match[0][1:-1], "x"))

    return MARKER.sub(put, text)


@st.composite
def encoded(draw: st.DrawFn, doc: object, duplicates: dict[str, str] | None = None, *, damage: bool = True) -> bytes:
    """A document as a file could hold it: escaped or raw, with or without BOM, sometimes cut or damaged."""
    text = splice(
        json.dumps(doc, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2]))), duplicates or {}
    )
    if not damage:
        return text.encode("utf-8", errors="surrogatepass")  # a lone surrogate drawn into a name stays in the bytes
    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "utf-16"]))
    raw = text.encode(encoding, errors="surrogatepass")
    damage = draw(st.sampled_from(["none"] * 8 + ["cut", "flip"]))
    if damage == "cut" and raw:
        raw = raw[: draw(st.integers(0, len(raw) - 1))]
    elif damage == "flip" and raw:
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
    return raw


# What the backup reader must answer --------------------------------------------------


def assert_readable(message: str, limit: int = MAX_MESSAGE) -> None:
    """One short printable line that a terminal shows as is."""
    assert message.strip(), "empty message"
    assert len(message) <= limit, f"{len(message)} characters: {message[:200]!r}..."
    assert len(message.splitlines()) == 1, repr(message[:300])
    assert all(c.isprintable() for c in message), repr(message[:300])
    message.encode("utf-8")  # no lone surrogate


def _normal(backup: Backup) -> tuple[object, ...]:
    """What a backup means: absent settings are the defaults, a template equal to the default is no change."""
    templates = {k: v for k, v in backup.templates.items() if DEFAULT_TEMPLATES.get(k) != v}
    return backup.settings or Settings(), backup.processes, templates


def check_backup(raw: bytes) -> Backup | None:
    """Read `raw`; on success check the round trip and that its agenda renders. None when refused."""
    try:
        backup = parse_backup(raw)
    except BadInput as exc:
        assert_readable(str(exc))
        event("refused")
        return None
    event("read")
    text = dump_backup(backup)
    again = parse_backup(text.encode("utf-8"))  # writable as UTF-8, and readable again
    assert _normal(again) == _normal(backup)
    assert dump_backup(again) == text
    agenda = build_agenda(
        backup.processes, DEMO_DAY, backup.settings or Settings(), {**DEFAULT_TEMPLATES, **backup.templates}
    )
    render(agenda, "text")
    return backup


# Backup: valid files with random paths mutated ----------------------------------------

BASES = (
    json.loads(dump_backup(demo_backup(DEMO_DAY))),
    json.loads((FIXTURES / "backup_example.json").read_text(encoding="utf-8")),
)


def _paths(node: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


PATHS = tuple(_paths(base) for base in BASES)
KNOWN_KEYS = tuple(sorted({p[-1] for paths in PATHS for p in paths if p and isinstance(p[-1], str)}))


def _locate(doc: Any, path: tuple[Any, ...]) -> tuple[Any, Any] | None:
    """The container holding `path`'s node and its key there; None when an earlier change removed it."""
    node = doc
    for step in path[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    if not path or not isinstance(node, (dict, list)):
        return None
    if isinstance(node, dict) and path[-1] not in node:
        return None
    if isinstance(node, list) and not (isinstance(path[-1], int) and path[-1] < len(node)):
        return None
    return node, path[-1]


@st.composite
def mutated_backups(draw: st.DrawFn) -> bytes:
    """A valid backup with one to four changes: a value replaced, a field dropped, added, repeated, wrapped."""
    which = draw(st.integers(0, len(BASES) - 1))
    doc = copy.deepcopy(BASES[which])
    duplicates: dict[str, str] = {}
    for _ in range(draw(st.integers(1, 4))):
        spot = _locate(doc, draw(st.sampled_from(PATHS[which])))
        if spot is None:
            continue
        container, key = spot
        change = draw(st.sampled_from(["set", "set", "set", "drop", "add", "repeat", "wrap"]))
        node = container[key]
        if change == "set":
            container[key] = draw(json_values)
        elif change == "drop":
            del container[key]
        elif change == "wrap":
            container[key] = draw(st.sampled_from([[node], {"value": node}, [node, node]]))
        elif isinstance(node, dict) and node and change == "repeat":
            marker = f"@@DUP{len(duplicates)}@@"
            duplicates[marker] = draw(st.sampled_from(sorted(node)))
            node[marker] = draw(json_values)
        elif isinstance(node, dict):
            node[draw(texts | st.sampled_from(KNOWN_KEYS))] = draw(json_values)
        elif isinstance(node, list):
            node.append(draw(json_values | st.sampled_from([copy.deepcopy(n) for n in node] or [None])))
        else:
            container[key] = draw(json_values)
    return draw(encoded(doc, duplicates))


@settings(HOSTILE, max_examples=500)
@given(mutated_backups())
def test_a_mutated_backup_is_read_or_refused_in_one_line(raw: bytes) -> None:
    check_backup(raw)


# Backup: documents built field by field, mostly plausible -------------------------------

iso_moments = st.builds(
    lambda moment, form: moment.strftime(form),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2999, 12, 31, 23, 59, 59)),
    st.sampled_from(["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f"]),
)
storable = (
    st.text(st.characters(exclude_characters="\x00"), max_size=30)
    | st.lists(st.sampled_from([p for p in PIECES if p != "\x00"]), max_size=6).map("".join)
).map(lambda text: safe_text(text, one_line=True))
"""Text a backup can carry: no control character or line break (each made U+FFFD), no lone surrogate,
not too long (still full of hostile characters)."""
TEMPLATE_BITS = (
    "Hi {first_name},\n\n", "{company}", "{role}", "{interview} on {interview_date}", "{your_name}", "{{", "}}",
    "{", "}", "{nope}", "{}", "{0}", "{company:>99999999}", "{company!r}", "{role.upper}", "{company[0]}",
    "{first_name:{role}}", "{company\n}", "{\x1b[2J}",
)  # fmt: skip


@st.composite
def mostly(draw: st.DrawFn, valid: st.SearchStrategy[Any], *odd: Any) -> Any:
    """Usually `valid`, about one time in ten one of the `odd` values."""
    return draw(st.sampled_from(odd)) if draw(st.integers(0, 9)) == 9 else draw(valid)


PLACES = (("US", None), ("us", "ca"), (" GB ", "SCT"), ("DE", "BY"), ("IL", None), ("US", ""), ("JP", None))


@st.composite
def backup_documents(draw: st.DrawFn) -> bytes:
    """A backup document whose every field is plausible, hostile text, or (at a drawn rate) any JSON at all."""
    # A third of the documents are well-formed apart from their hostile (but storable) text: those
    # are read and round-tripped; the others mix in odd values and, at a drawn rate, any JSON at all.
    clean = draw(st.integers(0, 2)) == 0
    rate = 0 if clean else draw(st.sampled_from([0, 3, 15]))

    def usually(valid: st.SearchStrategy[Any], *odd: Any) -> st.SearchStrategy[Any]:
        return valid if clean else mostly(valid, *odd)

    def pick(valid: st.SearchStrategy[Any]) -> Any:
        return draw(json_values) if draw(st.integers(0, 99)) < rate else draw(valid)

    def fields(spec: dict[str, st.SearchStrategy[Any]]) -> dict[str, Any]:
        return {key: pick(valid) for key, valid in spec.items() if clean or draw(st.integers(0, 29)) > 0}

    names = storable if clean else draw(st.sampled_from([hostile_text(surrogates=True, huge=100_001), storable]))
    required = names.filter(str.strip) if clean else names
    at = usually(iso_moments, *DATE_TEXTS)
    doc: dict[str, Any] = {
        "format": pick(usually(st.just("nudge-backup"), "nudge-backup-2", "", None)),
        "version": pick(usually(st.just(1), 0, 2, True, 1.0, "1")),
    }
    if draw(st.booleans()):
        country, subdivision = draw(usually(st.sampled_from(PLACES), ("XX", None), ("US", "ZZ"), (None, "CA")))
        day_names = usually(st.sampled_from(WEEKDAYS), "Monday", " TUE ", "thursday", "x", "")
        doc["settings"] = fields(
            {
                "country": st.just(country),
                "subdivision": st.just(subdivision),
                "workdays": st.none() | st.lists(day_names, max_size=8),
                "days_off": st.lists(usually(st.dates().map(date.isoformat), *DATE_TEXTS), max_size=4),
                "your_name": names,
                "timing": st.dictionaries(
                    st.sampled_from([f.name for f in dataclass_fields(Timing)]),
                    usually(st.integers(1, 60), 0, 61, -1),
                    max_size=3,
                ),
            }
        )
    processes = []
    for _ in range(draw(st.integers(0, 3))):
        country, subdivision = draw(usually(st.sampled_from(((None, None), *PLACES)), ("XX", None), (None, "CA")))
        people = draw(st.lists(required, max_size=3, unique_by=str.strip))
        if clean:
            meeting = st.lists(st.sampled_from(people), max_size=3) if people else st.just([])
            addressee = st.none() | st.sampled_from(people) if people else st.none()
        else:
            someone = mostly(st.sampled_from(people), "Nobody", "") if people else names
            meeting = st.lists(someone, max_size=3) | someone
            addressee = st.none() | someone
        contacts = [
            fields(
                {
                    "name": st.just(person),
                    "role": st.sampled_from(CONTACT_ROLES),
                    "email": st.none() | names,
                    "phone": st.none() | names,
                    "direct_ok": st.booleans(),
                }
            )
            for person in people
        ]
        interviews = [
            fields(
                {
                    "kind": st.sampled_from(INTERVIEW_KINDS),
                    "at": at,
                    "with": meeting,
                    "notes": names,
                }
            )
            for _ in range(draw(st.integers(0, 3)))
        ]
        messages = [
            fields(
                {
                    "at": at,
                    "direction": st.sampled_from(DIRECTIONS),
                    "contact": addressee,
                    "purpose": st.sampled_from(PURPOSES),
                    "channel": names,
                    "signal": st.none() | st.sampled_from(SIGNALS),
                    "text": names,
                }
            )
            for _ in range(draw(st.integers(0, 3)))
        ]
        for message in messages if clean else ():
            if message["direction"] != "in":
                message["signal"] = None  # only their messages carry one
        process = fields(
            {
                "company": required,
                "role": required,
                "status": st.sampled_from(STATUSES),
                "country": st.just(country),
                "subdivision": st.just(subdivision),
                "link": st.none() | names,
                "notes": names,
            }
        )
        process.update(contacts=contacts, interviews=interviews, messages=messages)
        processes.append(process)
    doc["processes"] = processes
    if draw(st.booleans()):
        bits = st.sampled_from(TEMPLATE_BITS[:7] if clean else TEMPLATE_BITS) | storable.map(
            lambda t: t.replace("{", "{{").replace("}", "}}") if clean else t
        )
        bodies = st.lists(bits, min_size=1, max_size=5).map("".join).filter(lambda t: not clean or t.strip())
        doc["templates"] = draw(st.dictionaries(st.sampled_from(TEMPLATE_KINDS), bodies, max_size=3))
    return draw(encoded(doc, damage=not clean))


@settings(HOSTILE, max_examples=400)
@given(backup_documents())
def test_a_generated_backup_is_read_or_refused_in_one_line(raw: bytes) -> None:
    check_backup(raw)


# Backup: anything at all ------------------------------------------------------------------


@settings(HOSTILE, max_examples=300)
@given(st.binary(max_size=2_000) | texts.map(lambda t: t.encode("utf-8", errors="surrogatepass")))
def test_random_bytes_are_refused_in_one_line(raw: bytes) -> None:
    check_backup(raw)


@settings(HOSTILE, max_examples=300)
@given(json_values | st.dictionaries(st.sampled_from(KNOWN_KEYS) | texts, json_values, max_size=5))
def test_random_json_is_refused_in_one_line(value: object) -> None:
    check_backup(splice(json.dumps(value), {}).encode("utf-8", errors="surrogatepass"))


def test_messages_quote_huge_and_invisible_values_briefly() -> None:
    """The shapes hypothesis found, pinned: each once echoed its value whole, on several lines, or crashed."""
    base = copy.deepcopy(BASES[0])
    huge = "x" * 90_000
    cases: list[tuple[str, Any]] = [
        ("unknown key", lambda d: d["processes"][0].update({huge: 1})),
        ("key with newlines", lambda d: d["processes"][0].update({"a\nb\u2028c": 1})),
        ("country", lambda d: d["settings"].update(country=huge)),
        ("subdivision", lambda d: d["processes"][0].update(country="US", subdivision=huge)),
        ("workdays", lambda d: d["settings"].update(workdays=[huge])),
        ("template placeholder", lambda d: d.update(templates={"follow_up": "{zz" + huge + "}"})),
        ("template newline", lambda d: d.update(templates={"follow_up": "{a\n\x1b[2J}"})),
        ("bidi in a list", lambda d: d["processes"][0].update(status=["\u202e\u2028x"])),
        ("deep list", lambda d: d["processes"][0].update(status="@@RAW2@@")),
    ]
    for name, change in cases:
        doc = copy.deepcopy(base)
        change(doc)
        try:
            parse_backup(splice(json.dumps(doc), {}).encode())
        except BadInput as exc:
            assert_readable(str(exc), limit=260)
        else:
            raise AssertionError(f"{name}: accepted")


def test_an_escaped_lone_surrogate_is_refused_before_storage() -> None:
    text = dump_backup(demo_backup(DEMO_DAY)).replace('"Acme Analytics"', '"Acme \\ud800"', 1)
    try:
        parse_backup(text.encode())
    except BadInput as exc:
        assert str(exc) == "processes[0].company: contains an unpaired surrogate (not a character)"
    else:
        raise AssertionError("accepted")


def test_a_template_cannot_ask_for_a_gigabyte_of_padding() -> None:
    doc = copy.deepcopy(BASES[0])
    doc["templates"] = {"follow_up": "Hi {first_name:>999999999}"}
    try:
        parse_backup(json.dumps(doc))
    except BadInput as exc:
        assert str(exc).startswith("templates.follow_up: a placeholder takes no format or conversion")
    else:
        raise AssertionError("accepted")


# Typed dates ----------------------------------------------------------------------------

CAL = BusinessCalendar("US")
DATE_WORDS = (
    "today", "now", "tomorrow", "yesterday", "next", "this", "last", "in", "ago", "at", "day", "days", "d", "w",
    "wk", "weeks", "bd", "business days", "workday", "mon", "tue", "tues", "Thursday", "fri", "sat", "sun", "am",
    "pm", "noon", "dec", "December", "feb", "sept", "jan", "1st", "2nd", "of", "-", "+", ":", "/", ".", ",", "h",
    "T", "Z", "0", "00", "1", "9", "12", "13", "24", "29", "30", "31", "32", "60", "99", "2026", "9999", "10000",
)  # fmt: skip
MONTH_NAMES = ("jan", "feb", "Mar", "april", "MAY", "june", "jul", "aug", "sep", "oct", "nov", "dec", "smarch")


def _numbers(y: int, m: int, d: int, h: int, mi: int) -> list[str]:
    month = MONTH_NAMES[m % len(MONTH_NAMES)]
    return [
        f"{y:04d}-{m:02d}-{d:02d}",
        f"{y:04d}-{m:02d}-{d:02d} {h:02d}:{mi:02d}",
        f"{y}-{m}-{d}T{h}:{mi}",
        f"{d}/{m}/{y}",
        f"{m}/{d}",
        f"{d}.{m}.",
        f"{d} {month} {y}",
        f"{month} {d}, {y} {h}:{mi:02d}",
        f"{month} {d} {h}pm",
        f"in {y} days",
        f"+{d}bd",
        f"-{d} weeks",
        f"{d} days ago",
        f"next {month}",
        f"{h}h{mi:02d}",
        f"{h}:{mi:02d} am",
    ]


years = st.sampled_from([2026, 2027, 1900, 2999]) | st.integers(-1, 12_000)
date_like = st.one_of(
    st.builds(_numbers, years, st.integers(0, 13), st.integers(0, 32), st.integers(0, 25), st.integers(0, 61)).flatmap(
        st.sampled_from
    ),
    st.lists(st.sampled_from(DATE_WORDS) | st.integers(-99_999, 99_999).map(str), max_size=6).map(" ".join),
    st.lists(st.sampled_from(DATE_WORDS) | st.sampled_from(PIECES), max_size=6).map("".join),
    st.sampled_from(DATE_TEXTS),
)


def check_typed_date(text: str) -> None:
    try:
        moment = parse_when(text, DEMO_DAY, CAL)
    except NotADate as exc:
        assert_readable(str(exc), limit=200)
        event("not a date")
        return
    event("a date")
    assert 1900 <= moment.value.year <= 2999
    assert Moment.parse(moment.iso()) == moment
    assert parse_when(moment.iso(), DEMO_DAY, CAL) == moment  # the canonical form reads back the same
    assert_readable(describe(moment, DEMO_DAY), limit=80)


@settings(HOSTILE, max_examples=600)
@given(texts)
def test_any_typed_text_is_a_date_or_not_a_date(text: str) -> None:
    check_typed_date(text)


@settings(HOSTILE, max_examples=400)
@given(date_like)
def test_date_like_text_is_a_date_or_not_a_date(text: str) -> None:
    check_typed_date(text)


@settings(HOSTILE, max_examples=300)
@given(st.datetimes(), st.booleans(), st.dates())
def test_describe_takes_any_moment_and_day(when: datetime, timed: bool, today: date) -> None:
    moment = Moment.of(when if timed else when.date())
    assert_readable(describe(moment, today), limit=80)


# Agenda exports ----------------------------------------------------------------------------

names = hostile_text(surrogates=False, huge=20_000)
"""Stored names: anything a person can paste (the backup reader and the forms refuse lone surrogates)."""


@st.composite
def hostile_agendas(draw: st.DrawFn) -> Agenda:
    """One to three processes with hostile names, notes and contacts, each with something to do on DEMO_DAY."""
    processes = []
    for n in range(draw(st.integers(1, 3))):
        people = draw(st.lists(names, max_size=2, unique=True))
        contacts = tuple(
            Contact(
                name=person,
                role=draw(st.sampled_from(CONTACT_ROLES)),
                email=draw(st.none() | names),
                phone=None,
                direct_ok=draw(st.booleans()),
            )
            for person in people
        )
        met = tuple(people)
        interviews = [
            Interview(kind="recruiter_screen", at=Moment.parse("2026-11-16T10:00"), with_=met, notes=draw(names))
        ]
        if draw(st.booleans()):  # a technical interview yesterday: a thank-you is due
            interviews.append(Interview(kind="technical", at=Moment.parse("2026-11-24T15:00"), with_=met[:1]))
        if draw(st.booleans()):  # an onsite on Friday: something to prepare, coming up
            interviews.append(Interview(kind="onsite", at=Moment.parse("2026-11-27T09:30"), with_=met[::-1]))
        messages = ()
        if people and draw(st.booleans()):
            messages = (
                Message(
                    at=Moment.parse("2026-11-17T08:00"),
                    direction="in",
                    contact=people[0],
                    purpose="reply",
                    channel="email",
                    signal="positive",
                ),
            )
        processes.append(
            Process(
                company=draw(names),
                role=draw(names),
                contacts=contacts,
                interviews=tuple(interviews),
                messages=messages,
                link=draw(st.none() | names),
                notes=draw(names),
                id=n + 1,
            )
        )
    agenda = build_agenda(processes, DEMO_DAY, Settings(your_name=draw(names)))
    assert agenda.due or agenda.upcoming, "every process has a follow-up or something to prepare"
    return agenda


EXPORTS = settings(HOSTILE, max_examples=90)


def _items(agenda: Agenda) -> list[Action]:
    return [*agenda.due, *agenda.upcoming]


FORMULA_STARTS = ("=", "+", "-", "@")


def starts_a_formula(cell: str) -> bool:
    """What a spreadsheet may run: a raw tab/CR/LF start, or =+-@ (any compatible form) after invisible characters."""
    if cell.startswith(("\t", "\r", "\n")):
        return True
    for char in cell:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        return unicodedata.normalize("NFKC", char).startswith(FORMULA_STARTS)
    return False


@EXPORTS
@given(hostile_agendas())
def test_csv_cells_never_start_a_formula(agenda: Agenda) -> None:
    rows = list(csv.reader(io.StringIO(render(agenda, "csv"), newline="")))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 1 + len(_items(agenda))
    for row, action in zip(rows[1:], _items(agenda), strict=True):
        for value in row:
            assert value.startswith("'") or not starts_a_formula(value), repr(value[:80])
        record = dict(zip(COLUMNS, row, strict=True))
        company, role = safe_text(action.company, one_line=True), safe_text(action.role, one_line=True)
        assert record["company"] in (company, "'" + company)
        assert record["role"] in (role, "'" + role)


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls and bidi marks and overrides: what `clean` promises to remove."""


@EXPORTS
@given(hostile_agendas())
def test_ics_parses_folded_and_escaped(agenda: Agenda) -> None:
    text = render(agenda, "ics")
    assert text.endswith("\r\n")
    physical = text.split("\r\n")[:-1]
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, repr(line)
        assert not CONTROL.search(line.replace("\t", " ")), repr(line)
    unfolded = re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]
    for line in unfolded:
        assert re.match(r"^[A-Z-]+[;:]", line), repr(line[:80])  # no name can start a line of its own
    assert sum(line == "BEGIN:VEVENT" for line in unfolded) == len(_items(agenda))
    events = list(Calendar.from_ical(text).walk("VEVENT"))
    assert len(events) == len(_items(agenda))
    for vevent, action in zip(events, _items(agenda), strict=True):
        summary = f"{ACTION_TITLES[action.action]}: {action.company} - {action.role}"
        assert str(vevent["SUMMARY"]) == clean(summary, keep_newlines=True)


def _markdown_tokens(text: str) -> list[Any]:
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    flat = list(tokens)
    for token in tokens:
        flat.extend(token.children or ())
    return flat


@EXPORTS
@given(hostile_agendas())
def test_markdown_keeps_its_structure(agenda: Agenda) -> None:
    text = render(agenda, "md")
    assert not CONTROL.search(text.replace("\n", " "))
    tokens = _markdown_tokens(text)
    headings = [(t.tag, tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    items = _items(agenda)
    assert [tag for tag, _ in headings].count("h1") == 1
    assert [tag for tag, _ in headings].count("h2") == 2
    shown = ["".join(c.content for c in inline.children if c.type == "text") for tag, inline in headings if tag == "h3"]
    assert shown == [clean(headline(a)) for a in items]
    kinds = [t.type for t in tokens]
    assert kinds.count("bullet_list_open") == len(items)
    assert kinds.count("list_item_open") == 3 * len(items)
    for markup in ("html_inline", "html_block", "link_open", "image", "code_inline", "code_block", "fence", "hr"):
        assert markup not in kinds, markup
    for markup in ("table_open", "s_open", "em_open", "ordered_list_open", "lheading"):
        assert markup not in kinds, markup
    strong = {tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "strong_open"}
    assert strong <= {"When:", "To:", "Why:"}


@EXPORTS
@given(hostile_agendas())
def test_text_carries_no_control_characters(agenda: Agenda) -> None:
    text = render(agenda, "text")
    assert not CONTROL.search(text.replace("\n", " ")), repr(CONTROL.search(text.replace("\n", " ")))
    numbered = [line for line in text.splitlines() if re.match(r"^ ?\d+\. ", line)]
    assert len(numbered) == len(_items(agenda))


@EXPORTS
@given(hostile_agendas())
def test_json_gives_the_names_back_exactly(agenda: Agenda) -> None:
    data = json.loads(render(agenda, "json").encode("utf-8"))
    assert data["date"] == DEMO_DAY.isoformat()
    shown = [*data["due"], *data["upcoming"]]
    assert len(shown) == len(_items(agenda))
    for item, action in zip(shown, _items(agenda), strict=True):
        assert (item["company"], item["role"], item["reason"], item["message"]) == (
            action.company,
            action.role,
            action.reason,
            action.message,
        )
        if action.contact is None:
            assert item["contact"] is None
        else:
            assert (item["contact"]["name"], item["contact"]["email"]) == (action.contact.name, action.contact.email)


def test_a_megabyte_name_renders_in_every_format() -> None:
    huge = "\u202e=1+1\x1b[2J,;\n" * 80_000
    process = Process(
        company=huge,
        role=huge[:1000],
        contacts=(Contact(name=huge[:5000], role="recruiter"),),
        interviews=(
            Interview(kind="recruiter_screen", at=Moment.of(datetime.combine(date(2026, 11, 16), time(10))), with_=()),
        ),
    )
    agenda = build_agenda([process], DEMO_DAY, Settings())
    for fmt in ("text", "md", "json", "csv", "ics"):
        assert render(agenda, fmt)
