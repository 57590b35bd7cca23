"""Every label in the three panes reads at WCAG AA (4.5:1) in every theme the dashboard allows.

Two checks. The palette's colours are measured against every background a row
can have in each theme (pane, plain row, zebra row, hovered row, each with the
focus tint). And the dashboard itself is drawn on the demo data in each theme,
with each pane focused and the Today cursor on each item in turn: every
character drawn inside a pane (border lines and scrollbars aside) is measured
against the background it is drawn on, exactly as Textual would send it to
the terminal (after its ANSI-to-truecolour and dim filters).

The two ANSI themes are drawn in the terminal's own palette, which the app
cannot know, so they are left out of the measuring.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.theme import BUILTIN_THEMES
from textual.widgets import OptionList

from app.config.layout import dashboard_themes
from app.tui.app import NudgeApp
from app.tui.palette import AA, ROLES, Palette, contrast

from .conftest import sync
from .driving import settle

MakeApp = Callable[..., NudgeApp]
THEMES = [name for name in dashboard_themes() if not name.startswith("ansi")]
DRAWING = range(0x2500, 0x25A0)
"""Box lines, blocks and shades: borders and scrollbars, not text."""


def test_contrast_formula() -> None:
    white, black = Color(255, 255, 255), Color(0, 0, 0)
    assert contrast(white, black) == pytest.approx(21)
    assert contrast(Color(0x77, 0x77, 0x77), white) == pytest.approx(4.48, abs=0.01)
    assert contrast(Color.parse("#F4005F"), Color.parse("#0178D4")) < 1.2  # the highlight the issue found


def test_every_bundled_theme_is_measured_or_said_to_be_the_terminals() -> None:
    assert set(dashboard_themes()) == set(BUILTIN_THEMES)
    assert set(dashboard_themes()) - set(THEMES) == {"ansi-dark", "ansi-light"}


@pytest.mark.parametrize("theme", THEMES)
def test_palette_reads_on_every_row_background(theme: str) -> None:
    app = App[None]()
    app.theme = theme
    palette = Palette.from_variables(app.get_css_variables())
    assert palette.grounds
    for role in ROLES:
        color = palette[role].color
        assert color is not None and color.triplet is not None, role
        fg = Color(*color.triplet)
        for ground in palette.grounds:
            assert contrast(fg, ground) >= AA, (role, fg.hex, ground.hex)


def low_contrast(app: NudgeApp, where: str) -> list[str]:
    """Each character drawn inside a pane below AA, as 'theme where text fg on bg ratio'."""
    strips = app.screen._compositor.render_strips()
    filters = app.get_line_filters()
    background = Color.parse(app.get_css_variables()["background"])
    panes = [w.region for w in app.screen.query("InterviewsPane, TimelinePane, TodayPane")]
    found: dict[tuple[str, str], list[str]] = {}
    for y, drawn in enumerate(strips):
        strip = drawn
        for line_filter in filters:
            strip = strip.apply_filter(line_filter, background)
        x = 0
        for segment in strip:
            style = segment.style
            for char in segment.text:
                if char.strip() and ord(char) not in DRAWING and any(r.contains(x, y) for r in panes):
                    fg = style.color.triplet if style and style.color else None
                    bg = style.bgcolor.triplet if style and style.bgcolor else None
                    assert fg is not None and bg is not None, (char, style)
                    ratio = contrast(Color(*fg), Color(*bg))
                    if ratio < AA:
                        found.setdefault((fg.hex, bg.hex), []).append(char)
                x += 1
    return [
        f"{app.theme} {where}: {''.join(chars)[:30]!r} {fg} on {bg} {contrast(Color.parse(fg), Color.parse(bg)):.2f}:1"
        for (fg, bg), chars in found.items()
    ]


@sync
async def test_every_label_drawn_reads_in_every_theme(demo_path: Path, make_app: MakeApp) -> None:
    app = make_app(demo_path)
    problems: list[str] = []
    async with app.run_test(size=(140, 42)) as pilot:
        await settle(pilot)
        today = app.screen.query_one("#today", OptionList)
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            for target in ("#processes", "#timeline", "#today"):
                app.screen.query_one(target).focus()
                await pilot.pause()
                problems += low_contrast(app, f"{target} focused")
            today.action_first()  # each kind of item under the cursor, focused
            for step in range(today.option_count):
                await pilot.pause()
                problems += low_contrast(app, f"Today item {step}")
                today.action_cursor_down()
    assert not problems, "\n".join(sorted(set(problems))[:40])
