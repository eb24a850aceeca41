"""Colours from outside (a watch group's ``red``) made readable on the theme's background.

A user picks one colour for a watch group, but it is drawn on a dark or a
light background, in truecolor or 256 colours: ``red`` read 3.6:1 on the dark
theme's sections pane. Such a colour is moved towards white (on a dark
background) or black (on a light one) just until it reaches WCAG AA (4.5:1),
checked as well after the 256-colour downgrade a terminal may get. It keeps
its hue, so the group is still told by its colour.
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color, ColorSystem
from rich.style import Style
from rich.terminal_theme import TerminalTheme

__all__ = ["AA", "contrast_ratio", "readable_rgb", "readable_style"]

#: WCAG AA for text.
AA = 4.5

RGB = tuple[int, int, int]


def _luminance(rgb: RGB) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio of two sRGB colours, 1 to 21."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _in_256(rgb: RGB) -> RGB:
    triplet = Color.from_rgb(*rgb).downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def _passes(fg: RGB, bg: RGB) -> bool:
    return contrast_ratio(fg, bg) >= AA and contrast_ratio(_in_256(fg), _in_256(bg)) >= AA


@lru_cache(maxsize=512)
def readable_rgb(fg: RGB, bg: RGB) -> RGB:
    """``fg``, or the nearest mix of it with white or black that reads on ``bg``."""
    if _passes(fg, bg):
        return fg
    target = (255, 255, 255) if _luminance(bg) < 0.18 else (0, 0, 0)
    for step in range(1, 21):
        share = step / 20
        mixed = tuple(round(c + (t - c) * share) for c, t in zip(fg, target, strict=True))
        if _passes(mixed, bg):  # type: ignore[arg-type]
            return mixed  # type: ignore[return-value]
    return target


def readable_style(style: Style, background: Color | None, ansi: TerminalTheme) -> Style:
    """``style`` with its colour made readable on ``background`` (unchanged without either)."""
    if style.color is None or background is None:
        return style
    fg = style.color.get_truecolor(ansi, foreground=True)
    bg = background.get_truecolor(ansi, foreground=False)
    rgb = readable_rgb((fg.red, fg.green, fg.blue), (bg.red, bg.green, bg.blue))
    if rgb == (fg.red, fg.green, fg.blue) and style.color.triplet is not None:
        return style
    return style + Style(color=Color.from_rgb(*rgb))
