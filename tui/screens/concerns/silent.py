"""Revealing what the room wrote silently, for one role or every role, and asking before the
room moves on while some of it is still hidden (hidden concerns stay out of the charter).

Silent writing itself is the screen's state (`ConcernsScreen.silent`): while it is on, a new
concern is added hidden (see `items.add_concern`). These reach the session through the app's
`Forming` protocol.
"""

from __future__ import annotations

from collections.abc import Callable

from sessions.model import Role
from sessions.text import plural
from tui.dialogs.pick import PickDialog
from tui.forming import Forming

ALL_ROLES = "__all__"
"""The reveal picker's choice for every role's hidden concerns."""


def reveal(forming: Forming, role: Role | None) -> None:
    """Reveal the hidden concerns of `role` (the round on screen), or of every role.

    When only that role has hidden concerns they are revealed at once; otherwise the
    facilitator picks this role's or every role's.
    """
    session = forming.session
    if session is None:
        return
    hidden_all = [c for c in session.concerns if c.masked]
    hidden_here = [c for c in hidden_all if role is not None and c.role == role.id]
    if not hidden_all:
        forming.notify("Nothing is hidden: every concern is already on show.", markup=False)
        return
    if role is not None and len(hidden_here) == len(hidden_all):
        _reveal(forming, role.id)
        return
    options = []
    if role is not None and hidden_here:
        options.append((f"{role.name}: reveal its {len(hidden_here)} hidden", role.id))
    options.append((f"Every role: reveal all {len(hidden_all)} hidden", ALL_ROLES))

    def picked(choice: str | None) -> None:
        if choice is not None:
            _reveal(forming, None if choice == ALL_ROLES else choice)

    forming.push_screen(PickDialog("Reveal which concerns?", options), picked)


def reveal_before_leaving(forming: Forming, leave: Callable[[], None]) -> bool:
    """Ask whether to reveal concerns written in silence before the room moves on; `False`
    (and nothing asked) when none is hidden."""
    session = forming.session
    hidden = sum(1 for c in session.concerns if c.masked) if session is not None else 0
    if not hidden:
        return False
    options = [
        ("r  Reveal them, then move on", "reveal"),
        ("l  Leave them hidden and move on", "leave"),
        ("s  Stay on this stage (Escape)", "stay"),
    ]

    def answered(choice: str | None) -> None:
        if choice == "reveal":
            if forming.change("concerns.revealed", {}):
                leave()
        elif choice == "leave":
            leave()

    forming.push_screen(
        PickDialog(
            f"{plural(hidden, 'concern')} written in silence {'is' if hidden == 1 else 'are'}"
            " still hidden, and hidden concerns stay out of the charter. Reveal them first?",
            options,
            keys={"r": "reveal", "l": "leave", "s": "stay"},
        ),
        answered,
    )
    return True


def _reveal(forming: Forming, role_id: str | None) -> None:
    data = {"role": role_id} if role_id else {}
    if forming.change("concerns.revealed", data):
        forming.notify("✓ Revealed.", markup=False)
