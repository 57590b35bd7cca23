"""The colours of the panes' labels, taken from the theme in force and made readable on every background they sit on.

Fixed colour names ("magenta", "red") are drawn by Textual in its own terminal
palette, whatever the theme: on a highlighted row of the default theme a red
"Move on?" stood at 1.1:1 against the blue cursor. So each label colour here
starts from the theme's own colour for its meaning (error, warning, success...)
and is blended toward the theme's foreground until it reaches the WCAG AA
ratio (4.5:1) against each background a row can have in that theme: the pane,
a plain row, a zebra row, a hovered row, each with the focus tint. Highlighted
rows draw their labels in the cursor's own foreground instead (see app.tcss
and `TodayPane`), so no label colour has to fight the cursor.

Themes made of ANSI colour names ("ansi-dark") are drawn in the terminal's
own palette, which the app cannot know; their colours are used as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color, ColorParseError

AA = 4.5
"""WCAG 2 AA: the least contrast for normal text."""
TARGET = 4.6
"""What a blended colour aims for: a little above AA, so rounding to 8-bit channels cannot fall under it."""
FOCUS_TINT = 0.05
"""Textual tints a focused DataTable and OptionList with 5% of the foreground."""


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two opaque colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(color: Color, backgrounds: Iterable[Color]) -> Color:
    """`color`, blended toward white or black (whichever stands further from the backgrounds) just enough
    to reach `TARGET` on every one of them; the hue stays, only its lightness moves.

    Some themes' own foreground falls short of AA on their surfaces (solarized:
    about 4.1:1), so the theme's text colour goes through this too.
    """
    grounds = list(backgrounds)
    darkest = min(luminance(ground) for ground in grounds)
    extreme = Color(255, 255, 255) if darkest < 0.18 else Color(0, 0, 0)
    for step in range(41):
        tried = color.blend(extreme, step / 40)
        if all(contrast(tried, ground) >= TARGET for ground in grounds):
            return tried
    return extreme


ROLES: Mapping[str, str] = {
    "prepare": "secondary",
    "decide": "success",
    "thank_you": "accent",
    "follow_up": "primary",
    "check_in": "warning",
    "move_on": "error",
    "late": "error",
    "positive": "success",
    "neutral": "warning",
    "negative": "error",
    "offer": "success",
    "upcoming": "secondary",
    "contact": "accent",
    "nobody": "error",
    "warning": "warning",
    "muted": "foreground",
    "heading": "foreground",
    "text": "foreground",
}
"""Each label's meaning and the theme colour it starts from."""

MUTED = 0.62
"""How far toward the background a muted label starts (it is then made readable like the others)."""


def _resolve(value: str, under: Color, foreground: Color) -> Color:
    """A theme value ('#1E1E1E', '#FFFFFF19', 'auto 87%') as the opaque colour it draws over `under`."""
    if value.startswith("auto"):
        parts = value.split()
        alpha = float(parts[1].rstrip("%")) / 100 if len(parts) > 1 else 1.0
        return under + foreground.with_alpha(alpha)
    return under + Color.parse(value)


@dataclass(frozen=True)
class Palette:
    """Rich styles for the panes' labels in one theme."""

    styles: Mapping[str, Style]
    grounds: tuple[Color, ...] = ()
    """The backgrounds the colours were checked against (empty for an ANSI theme)."""

    def __getitem__(self, role: str) -> Style:
        return self.styles[role]

    @classmethod
    def from_variables(cls, variables: Mapping[str, str]) -> Palette:
        """The palette for a theme's CSS variables (`App.get_css_variables()`)."""
        try:
            background = Color.parse(variables["background"])
            foreground = Color.parse(variables["foreground"])
        except (KeyError, ColorParseError):  # a theme without parseable base colours: plain labels
            return cls({role: Style() for role in ROLES})
        if background.ansi is not None or foreground.ansi is not None:
            return cls({role: _ansi_style(variables.get(name, "")) for role, name in ROLES.items()})
        surface = _resolve(variables.get("surface", variables["background"]), background, foreground)
        grounds = [background, surface]
        for name in ("surface-lighten-1", "surface-darken-1", "block-hover-background"):
            if name in variables:
                grounds.append(_resolve(variables[name], surface, foreground))
        grounds += [ground.blend(foreground, FOCUS_TINT) for ground in grounds]
        styles: dict[str, Style] = {}
        for role, name in ROLES.items():
            start = Color.parse(variables.get(name, variables["foreground"]))
            if role == "muted":
                start = foreground.blend(background, MUTED)
            color = readable(start.with_alpha(1.0), grounds)
            styles[role] = Style(color=color.rich_color)
        return cls(styles, tuple(grounds))


def _ansi_style(value: str) -> Style:
    """A label in an ANSI theme: the terminal's own colour of that name."""
    try:
        color = Color.parse(value.split(maxsplit=1)[0])
    except (IndexError, ColorParseError):
        return Style()
    return Style(color=RichColor.from_ansi(color.ansi)) if color.ansi is not None and color.ansi >= 0 else Style()
