"""The agenda as Markdown, for notes apps: names readable as typed, escaped only where they could become markup."""

from __future__ import annotations

import re

from app.exports.common import clean, closing, headline, long_date, when, who
from app.rules.agenda import Action, Agenda, why

_ALWAYS = re.compile(r"([\\`*\[\]~|])")
"""Characters that can open markup anywhere in a line: a backslash (it would
escape what follows), code, emphasis, links and images (`!` needs a `[`),
strikethrough and table cells."""
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
"""An `&` that starts a character reference ("&amp;"), which a renderer would decode."""
_EMAIL = re.compile(
    r"<[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>"
)
"""A whole e-mail autolink: left as typed, it renders as a mailto link and nothing else."""
_HTML_OR_LINK = re.compile(r"<(?=[A-Za-z/!?])")
"""A `<` that could start an HTML tag, a comment or an autolink such as `<javascript:...>`."""
_BLOCK_START = re.compile(
    r"(?P<mark>#{1,6}|[-+]|>|(?P<digits>\d{1,9})[.)])(?P<rest>(?:\s.*)?)$|(?P<marker>>)(?P<more>.*)$"
)
_RULE_OR_UNDERLINE = re.compile(r"[-=][-=\s]*")
"""A line of `-` or `=`: a thematic break, or a setext underline turning the line above into a heading."""


def _underscore(text: str) -> str:
    """Escape `_` except inside a word ("Rita_Ray"), where it can never open emphasis."""
    out = []
    for i, char in enumerate(text):
        inside = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
        out.append("\\_" if char == "_" and not inside else char)
    return "".join(out)


def escape(text: str) -> str:
    """Text as it reads, inert inside a Markdown line: only what would change its meaning there is escaped.

    "Hooli - Product Analyst" and "<gavin@hooli.example>" stay as typed;
    `*bold*`, `[x](javascript:...)`, `<script>`, `&amp;`, `a|b` and `$x$` are
    backslash-escaped. For text that begins a line, see `escape_line`.
    """
    text = clean(text)
    math = text.count("$") >= 2  # "$x$" is math in GitHub and Obsidian; a lone "$120k" is not
    pieces, last = [], 0
    for email in _EMAIL.finditer(text):  # nothing inside an autolink is markup, so it stays whole
        pieces += [_inline(text[last : email.start()], math=math), email.group(0)]
        last = email.end()
    pieces.append(_inline(text[last:], math=math))
    return "".join(pieces)


def _inline(text: str, *, math: bool) -> str:
    text = _ALWAYS.sub(r"\\\1", text)
    if math:
        text = text.replace("$", "\\$")
    text = _ENTITY.sub(r"\\&", text)
    text = _HTML_OR_LINK.sub(r"\\<", text)
    return _underscore(text)


def escape_line(text: str) -> str:
    """`escape`, for text that starts a line: a leading `# `, `> `, `- `, `+ `, `1. ` or a line of `---` stays text.

    Leading spaces are dropped: four would make the line a code block.
    """
    body = clean(text).lstrip()
    if _RULE_OR_UNDERLINE.fullmatch(body):
        return "\\" + body
    match = _BLOCK_START.match(body)
    if match is None:
        return escape(body)
    if match.group("marker"):
        return "\\>" + escape(match.group("more"))
    if match.group("digits"):
        return match.group("digits") + "\\" + match.group("mark")[-1] + _spaced(match.group("rest"))
    return "\\" + match.group("mark") + _spaced(match.group("rest"))


def _spaced(rest: str) -> str:
    """`escape`, keeping the space after a line's first mark."""
    return (" " if rest[:1].isspace() else "") + escape(rest)


def _heading(text: str) -> str:
    """`escape`, with a trailing run of `#` kept: a heading would drop it as its closing sequence."""
    return re.sub(r"(^|\s)(#+)(\s*)$", r"\1\\\2\3", escape(text))


def _item(lines: list[str], action: Action, agenda: Agenda) -> None:
    lines.append(f"### {_heading(headline(action))}")
    lines.append("")
    lines.append(f"- **When:** {escape(when(action, agenda))}")
    lines.append(f"- **To:** {escape(who(action))}")
    lines.append(f"- **Why:** {escape(why(action))}")
    then = closing(action)
    if then:
        lines.append(f"- **Then:** {escape(then)}")
    if action.message:
        lines.append("")
        lines.extend(
            f"> {escape_line(line)}".rstrip() for line in clean(action.message, keep_newlines=True).splitlines()
        )
    lines.append("")


def render(agenda: Agenda) -> str:
    """Markdown with a section for today and one for the days ahead."""
    lines = [f"# Nudge agenda for {_heading(long_date(agenda))}", "", "## To do today", ""]
    if not agenda.due:
        lines += ["Nothing is due today.", ""]
    for action in agenda.due:
        _item(lines, action, agenda)
    lines += [f"## Coming up in the next {agenda.days} business days", ""]
    if not agenda.upcoming:
        lines += ["Nothing else coming up.", ""]
    for action in agenda.upcoming:
        _item(lines, action, agenda)
    return "\n".join(lines).rstrip("\n") + "\n"
