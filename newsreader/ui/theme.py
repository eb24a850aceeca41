"""The reader's own colour themes: readable (WCAG AA) in 256 colours and truecolor.

Textual's built-in themes mix colours with transparency and pick accents for
looks: on a real terminal the cursor row measured 1.3:1 and the hit counts
1.2:1. These two themes use only colours of the xterm 256-colour palette, so
a 256-colour terminal shows exactly what a truecolor one does, and every
pair of text and background they draw is at least 4.5:1 (the test computes
it from the rendered screen).

Besides Textual's variables, the widgets' colours come from ``nr-*``
variables (set in ``app.tcss``). Any other theme a user picks gets them too,
derived in ``nr_variables`` from whether it is dark; only these two are
checked for contrast.
"""

from __future__ import annotations

from textual.theme import Theme

__all__ = ["DARK", "LIGHT", "THEMES", "nr_variables"]

#: The variables ``app.tcss`` uses, for a dark and a light background.
_DARK_VARIABLES = {
    # Text that says less (dates, sections, counts, placeholders).
    "nr-muted": "#b2b2b2",
    # The list's and the tree's cursor row where the keys go: all its text
    # is drawn in ``nr-cursor-foreground``, only hits keep their own colours.
    "nr-cursor-background": "#005f87",
    "nr-cursor-foreground": "#ffffff",
    # The cursor row of a pane without focus (its text keeps its colours).
    "nr-cursor-blurred-background": "#303030",
    # Search hits, in the list and the reader, on any row.
    "nr-match-background": "#ffd75f",
    "nr-match-foreground": "#000000",
    # The hit that n/N moved to.
    "nr-current-background": "#ff8700",
    "nr-current-foreground": "#000000",
    # The edge of each pane: bright for the one with focus.
    "nr-pane-edge": "#444444",
    "nr-pane-edge-focused": "#5fafff",
    # Hit counts and other numbers worth a glance.
    "nr-count": "#87afd7",
    "nr-star": "#ffaf00",
}

_LIGHT_VARIABLES = {
    "nr-muted": "#4e4e4e",
    "nr-cursor-background": "#005f87",
    "nr-cursor-foreground": "#ffffff",
    "nr-cursor-blurred-background": "#dadada",
    "nr-match-background": "#ffd75f",
    "nr-match-foreground": "#000000",
    "nr-current-background": "#ff8700",
    "nr-current-foreground": "#000000",
    "nr-pane-edge": "#bcbcbc",
    "nr-pane-edge-focused": "#005f87",
    "nr-count": "#000087",
    "nr-star": "#af0000",
}


def _shared(variables: dict[str, str], dark: bool) -> dict[str, str]:
    """Textual's own variables the reader's screens show text with."""
    foreground = "#eeeeee" if dark else "#1c1c1c"
    return {
        **variables,
        "text-muted": variables["nr-muted"],
        "block-cursor-background": variables["nr-cursor-background"],
        "block-cursor-foreground": variables["nr-cursor-foreground"],
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": variables["nr-cursor-blurred-background"],
        "block-cursor-blurred-foreground": foreground,
        "block-cursor-blurred-text-style": "none",
        "footer-key-foreground": "#ffd75f" if dark else "#005f87",
        "footer-description-foreground": foreground,
        "footer-foreground": foreground,
        "input-cursor-background": foreground,
        "input-cursor-foreground": "#121212" if dark else "#ffffff",
        "input-selection-background": variables["nr-cursor-background"],
        "input-selection-foreground": variables["nr-cursor-foreground"],
        "screen-selection-background": variables["nr-cursor-background"],
        "screen-selection-foreground": variables["nr-cursor-foreground"],
    }


DARK = Theme(
    name="newsreader-dark",
    primary="#5fafff",
    secondary="#87afd7",
    accent="#5fafff",
    warning="#ffaf00",
    error="#ff5f5f",
    success="#87d787",
    foreground="#eeeeee",
    background="#121212",
    surface="#1c1c1c",
    panel="#262626",
    boost="#262626",
    dark=True,
    variables=_shared(_DARK_VARIABLES, dark=True),
)

LIGHT = Theme(
    name="newsreader-light",
    primary="#005f87",
    secondary="#5f5f87",
    accent="#005f87",
    warning="#875f00",
    error="#af0000",
    success="#005f00",
    foreground="#1c1c1c",
    background="#ffffff",
    surface="#eeeeee",
    panel="#e4e4e4",
    boost="#e4e4e4",
    dark=False,
    variables=_shared(_LIGHT_VARIABLES, dark=False),
)

THEMES = (DARK, LIGHT)


def nr_variables(dark: bool) -> dict[str, str]:
    """The ``nr-*`` variables for a theme that does not set them (any other theme)."""
    return dict(_DARK_VARIABLES if dark else _LIGHT_VARIABLES)
