"""One colour per stance category, shared by every plot, HTML view and report page.

The hues are Okabe & Ito's (2008) colour-blind-safe palette ("Color Universal Design"), one hue
per category, so a category has the same colour in a figure, in :func:`discourse.markers_html`,
in the reading view and in the term explorer. Highlights in running text use a light tint of the
hue (:func:`tint`) with a solid underline in the hue itself, so text stays readable and two
categories differ in hue *and* in the underline.

Examples
--------
>>> CATEGORY_COLORS["hedge"]
'#56B4E9'
>>> tint("#000000", 0.5)
'rgba(0,0,0,0.5)'
"""

from __future__ import annotations

CATEGORY_COLORS = {
    "hedge": "#56B4E9",        # sky blue
    "booster": "#E69F00",      # orange
    "attribution": "#009E73",  # bluish green
    "attitude": "#CC79A7",     # reddish purple
    "self_mention": "#0072B2",  # blue
    "engagement": "#D55E00",   # vermillion
    "informal": "#999999",     # grey
    "condition": "#F0E442",    # yellow
    "obligation": "#000000",   # black (the last hue of the palette)
}
"""One colour per category (Okabe & Ito 2008), shared by the plots and the HTML views."""

UNKNOWN_COLOR = "#777777"
"""Colour of a category the palette does not know (a user's own lexicon category)."""


def color_of(category: str) -> str:
    """The hue of ``category``; :data:`UNKNOWN_COLOR` for a category the palette lacks."""
    return CATEGORY_COLORS.get(category, UNKNOWN_COLOR)


def tint(hex_color: str, alpha: float = 0.35) -> str:
    """``rgba(...)`` of ``hex_color`` at opacity ``alpha``: the highlight behind marked text."""
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha:g})"
