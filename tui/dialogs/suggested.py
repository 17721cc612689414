"""Adopting the content pack's suggestions on the stages that list them (the `y` key)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from sessions.suggestions import MARK, adopt_event, offers, pulled
from tui.dialogs.opener import Opener
from tui.dialogs.pick import PickDialog

if TYPE_CHECKING:
    from content.schema import Pack

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


def adopt(screen: Opener, part: str, key: str | None) -> None:
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


_NOTHING_LEFT = {
    "concern": "No more of the content pack's concerns for this role.",
    "environment": "Every environment the content pack suggests is here already.",
    "gate": "No more gates to suggest between the environments here.",
    "step": "Every pipeline step the content pack suggests is here already.",
    "done": "Every item of the pack's definition of done is here already.",
    "meeting": "Every meeting the content pack suggests is here already.",
}


def pull(
    screen: Opener, pack: Pack | None, part: str, title: str, role_id: str | None = None
) -> None:
    """Offer `pack`'s suggestions for `part` the session lacks; add the one picked, marked."""
    if pack is None:
        screen.notify("No content pack is loaded, so there is nothing to suggest.", markup=False)
        return
    found = offers(pack, screen.session, part, role_id)
    if not found:
        screen.notify(_NOTHING_LEFT.get(part, "Nothing left to suggest."), markup=False)
        return

    def picked(choice: str | None) -> None:
        if choice is not None and screen.change(*pulled(screen.session, found[int(choice)])):
            screen.notify(f"Added as a suggestion ({MARK}): y adopts it.", markup=False)

    options = [(offer.label, str(index)) for index, offer in enumerate(found)]
    screen.app.push_screen(PickDialog(title, options), picked)
