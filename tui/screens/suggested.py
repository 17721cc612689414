"""Adopting the content pack's suggestions on the stages that list them (the `y` key)."""

from __future__ import annotations

from textual.binding import Binding

from sessions.suggestions import MARK, adopt_event
from tui.screens.stage import StageScreen

ADOPT_HINT = f"{MARK}: the content pack's suggestion, not agreed yet; y adopts it, e edits it."
"""What a stage says under a highlighted suggestion."""


def adopt_binding(screen_id: str) -> Binding:
    """The key that adopts the highlighted suggestion, for a stage's bindings."""
    return Binding(
        "y",
        "adopt",
        "Adopt",
        tooltip="Adopt the highlighted suggestion from the content pack as the team's own",
        id=f"{screen_id}-adopt",
    )


def adopt(screen: StageScreen, part: str, key: str | None) -> None:
    """Adopt suggestion `key` of `part` (see `sessions.suggestions.adopt_event`)."""
    event = adopt_event(screen.session, part, key) if key is not None else None
    if event is None:
        screen.notify(
            "Nothing to adopt here: the highlighted item is already the team's own.",
            markup=False,
        )
        return
    if screen.change(*event):
        screen.notify("Adopted: it is one of the team's agreements now.", markup=False)
