"""Markdown escaping: ordinary names read as typed, hostile ones stay inert text."""

from __future__ import annotations

from typing import Any

import pytest
from markdown_it import MarkdownIt

from app.exports.markdown import escape, escape_line

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
MARKUP = {
    "html_inline", "html_block", "link_open", "image", "code_inline", "code_block", "fence", "hr",
    "table_open", "s_open", "em_open", "strong_open", "ordered_list_open", "bullet_list_open",
    "blockquote_open", "heading_open", "lheading",
}  # fmt: skip


def _tokens(text: str) -> list[Any]:
    tokens = MD.parse(text)
    return [*tokens, *(child for token in tokens for child in token.children or ())]


def _shown(text: str) -> str:
    return "".join(t.content for t in _tokens(text) if t.type == "text")


@pytest.mark.parametrize(
    "text",
    [
        "Hooli - Product Analyst",
        "Gavin Belson (recruiter)",
        "I will focus my search elsewhere. Thank you!",
        "follow-up on Mon 30 Nov, 1. round",
        "Rita_Ray",
        "C# developer",
        "Salary $120k",
        "AT&T",
        "3 > 2",
        "50% + bonus = fine",
    ],
)
def test_ordinary_text_is_written_as_typed(text: str) -> None:
    assert escape(text) == text
    assert _shown(f"- **To:** {escape(text)}") == "To: " + text


def test_an_email_stays_as_typed_and_links_only_to_itself() -> None:
    line = f"- **To:** {escape('Gavin Belson (recruiter) <gavin@hooli.example>')}"
    assert line == "- **To:** Gavin Belson (recruiter) <gavin@hooli.example>"
    links = [t.attrs["href"] for t in _tokens(line) if t.type == "link_open"]
    assert links == ["mailto:gavin@hooli.example"]


HOSTILE = [
    "*bold*",
    "**strong**",
    "_em_",
    "__strong__",
    "[x](javascript:alert(1))",
    "![img](https://evil.example/x.png)",
    "<script>alert(1)</script>",
    "<javascript:alert(1)>",
    "<https://evil.example>",
    "<!-- hidden -->",
    "`code`",
    "~~gone~~",
    "a | b",
    "&amp; &#60;script&#62;",
    "$x$ and $y$",
    "back\\slash\\",
    "[ref]: https://evil.example",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_inside_a_line_is_inert(text: str) -> None:
    tokens = _tokens(f"- **To:** {escape(text)}")
    kinds = {t.type for t in tokens} - {"bullet_list_open", "strong_open"}
    assert not kinds & MARKUP, kinds & MARKUP
    assert _shown(f"- **To:** {escape(text)}") == "To: " + text


BLOCK_STARTS = [
    "# Heading",
    "###### six",
    "#",
    "> quoted",
    ">quoted",
    "- item",
    "+ item",
    "* item",
    "1. first",
    "12) twelfth",
    "---",
    "- - -",
    "===",
    "___",
    "***",
    "```",
    "~~~",
    "    indented code",
    "<div>",
    "| a | b |",
]


@pytest.mark.parametrize("text", [*BLOCK_STARTS, *HOSTILE])
def test_hostile_text_starting_a_quoted_line_is_inert(text: str) -> None:
    doc = f"> Hi,\n> {escape_line(text)}\n> {escape_line('---')}\n"
    kinds = {t.type for t in _tokens(doc)} - {"blockquote_open"}
    assert not kinds & MARKUP, (escape_line(text), kinds & MARKUP)
    assert _shown(doc) == "Hi," + text.lstrip() + "---"


def test_a_line_start_is_escaped_with_one_backslash() -> None:
    assert escape_line("# Heading") == "\\# Heading"
    assert escape_line("1. first") == "1\\. first"
    assert escape_line("- item") == "\\- item"
    assert escape_line("Thank you. - Sam") == "Thank you. - Sam"
