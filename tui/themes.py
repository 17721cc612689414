"""Forming's themes, including high-contrast ones for projectors."""

from __future__ import annotations

from textual.theme import Theme

FORMING_DARK = Theme(
    name="forming-dark",
    primary="#5FB3F9",
    secondary="#B48EF6",
    accent="#F9C25F",
    warning="#F9C25F",
    error="#FF6B6B",
    success="#5FD38D",
    foreground="#E6E9EF",
    background="#15181E",
    surface="#1E222A",
    panel="#272C36",
    dark=True,
)

FORMING_LIGHT = Theme(
    name="forming-light",
    primary="#0B5CAD",
    secondary="#6A3FB5",
    accent="#8A5A00",
    warning="#8A5A00",
    error="#B3261E",
    success="#1B6E3A",
    foreground="#1B1F24",
    background="#F7F7F5",
    surface="#EDEDEA",
    panel="#E0E0DC",
    dark=False,
)

PROJECTOR_DARK = Theme(
    name="projector-dark",
    primary="#FFFFFF",
    secondary="#FFE066",
    accent="#FFE066",
    warning="#FFE066",
    error="#FF5C5C",
    success="#7CFC9A",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)

PROJECTOR_LIGHT = Theme(
    name="projector-light",
    primary="#000000",
    secondary="#003C8F",
    accent="#003C8F",
    warning="#7A4D00",
    error="#A00000",
    success="#005C1F",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E8E8E8",
    dark=False,
    luminosity_spread=0.0,
    text_alpha=1.0,
)

THEMES = (FORMING_DARK, FORMING_LIGHT, PROJECTOR_DARK, PROJECTOR_LIGHT)
"""Forming's own themes; Textual's built-in ones stay available too."""

DEFAULT_THEME = FORMING_DARK.name
