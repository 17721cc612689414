"""The room's answers to a concern: dots placed and taken away within the room's limits, the
dots on a role's concerns cleared, and which other roles heard it.

The concerns screen binds + and -, 0 and h to these; the limits are `VoteLimits`
(`tui.widgets.concern_round`), the same the tally above the table shows. They reach the
session through the app's `Forming` protocol.
"""

from __future__ import annotations

from sessions.model import Concern, Role
from sessions.text import plural
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.pick import PickDialog
from tui.forming import Forming
from tui.widgets.concern_round import VoteLimits


def vote(forming: Forming, concern: Concern | None, delta: int) -> None:
    """Add (1) or take away (-1) a dot on `concern`; say why when the limits refuse it."""
    session = forming.session
    if concern is None or session is None:
        return
    limits = VoteLimits(session)
    if delta > 0 and concern.votes >= limits.cap:
        forming.notify(
            f"✗ No more dots here: one concern takes at most {limits.cap} "
            f"({limits.cap_per_person} per person × {limits.people}).",
            severity="warning",
            markup=False,
        )
        return
    if delta > 0 and limits.used >= limits.budget:
        forming.notify(
            f"✗ All {limits.budget} dots are placed ({limits.per_person} per person × "
            f"{limits.people}). Take a dot off another concern first, or clear with 0.",
            severity="warning",
            markup=False,
        )
        return
    if delta < 0 and concern.votes == 0:
        forming.notify("This concern has no dots to take away.", markup=False)
        return
    forming.change("concern.updated", {"id": concern.id, "set": {"votes": concern.votes + delta}})


def mark_heard(forming: Forming, concern: Concern | None) -> None:
    """Mark or unmark that another role heard `concern`, picking the role."""
    session = forming.session
    if concern is None or session is None:
        return
    others = [role for role in session.roles if role.id != concern.role]
    if not others:
        forming.notify("There is no other role to hear it yet.", markup=False)
        return
    options = [
        (
            f"✓ {role.name}: heard (choose to unmark)"
            if role.id in concern.heard_by
            else f"· {role.name}: not yet (choose to mark heard)",
            role.id,
        )
        for role in others
    ]

    def picked(role_id: str | None) -> None:
        session = forming.session
        if role_id is None or session is None:
            return
        current = next((c for c in session.concerns if c.id == concern.id), None)
        if current is None:
            return
        if role_id in current.heard_by:
            heard = [r for r in current.heard_by if r != role_id]
        else:
            chosen = {*current.heard_by, role_id}
            heard = [r.id for r in session.roles if r.id in chosen]
        forming.change("concern.updated", {"id": current.id, "set": {"heard_by": heard}})

    forming.push_screen(PickDialog("Which role heard it?", options), picked)


def clear_votes(forming: Forming, role: Role | None) -> None:
    """Clear the dots on `role`'s concerns, after asking."""
    session = forming.session
    if role is None or session is None:
        return
    placed = sum(c.votes for c in session.concerns if c.role == role.id)
    if not placed:
        forming.notify(f"No dots on {role.name}'s concerns to clear.", markup=False)
        return

    def confirmed(yes: bool | None) -> None:
        if yes:
            forming.change("concerns.votes_cleared", {"role": role.id})

    forming.push_screen(
        ConfirmDialog(
            f"Clear all {plural(placed, 'dot')} on {role.name}'s concerns? (ctrl+z undoes it.)",
            title="Clear dots",
            yes="Clear",
            no="Keep",
        ),
        confirmed,
    )
