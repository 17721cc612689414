"""Adding and removing roles: from the pack or the team's own, and removal after asking.

The roles stage binds `r` and `R` to these; they reach the session through the app's
`Forming` protocol, so any screen could offer them.
"""

from __future__ import annotations

from typing import Any

from sessions.ids import new_item_id, new_slug_id
from sessions.model import Session
from sessions.text import plural, slugify
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import Field, FormDialog
from tui.dialogs.pick import PickDialog
from tui.forming import Forming


def _session(forming: Forming) -> Session:
    session = forming.session
    assert session is not None  # the roles stage exists only while a session is open
    return session


def add_role(forming: Forming) -> None:
    """Add a role from the content pack, or one of the team's own."""
    session = _session(forming)
    pack = forming.pack
    present = {r.id for r in session.roles}
    options = []
    if pack is not None:
        options = [
            (f"{role.name} (from the pack)", role.id)
            for role in pack.roles
            if role.id not in present
        ]
    options.append(("A role of our own…", "__custom__"))

    def picked(choice: str | None) -> None:
        if choice is None:
            return
        if choice == "__custom__":
            _add_custom_role(forming)
            return
        if pack is None:  # without a pack, a role of our own is the only choice
            return
        role = pack.role(choice)
        if role is None:
            return
        forming.change(
            "role.added",
            {
                "id": role.id,
                "name": role.name,
                "summary": role.summary,
                "responsibilities": list(role.responsibilities),
            },
        )
        for concern in pack.concerns_for(role.id):
            concern_id = new_item_id(_session(forming), "concern")
            forming.change(
                "concern.added",
                {
                    "id": concern_id,
                    "role": role.id,
                    "text": concern.text,
                    "origin": "pack",
                    "suggested": True,
                },
            )

    forming.push_screen(PickDialog("Add a role", options), picked)


def _add_custom_role(forming: Forming) -> None:
    def added(values: dict[str, Any] | None) -> None:
        if not values:
            return
        base = slugify(values["name"], fallback="role")
        role_id = new_slug_id(_session(forming), "role", base)
        forming.change(
            "role.added",
            {
                "id": role_id,
                "name": values["name"],
                "summary": values.get("summary") or "",
                "custom": True,
            },
        )

    forming.push_screen(
        FormDialog(
            "Add a role of your own",
            [
                Field("name", "Role name, e.g. Model risk analyst"),
                Field("summary", "What the role is for", kind="text", required=False),
            ],
        ),
        added,
    )


def remove_role(forming: Forming) -> None:
    """Remove a role and everything that belongs to it, after asking."""
    session = _session(forming)
    options = [(role.name, role.id) for role in session.roles]

    def picked(role_id: str | None) -> None:
        if role_id is None:
            return
        name = _session(forming).role_name(role_id)
        held = len(_session(forming).holders_of(role_id))

        def confirmed(yes: bool | None) -> None:
            if yes:
                forming.change("role.removed", {"id": role_id})

        forming.push_screen(
            ConfirmDialog(
                f"Remove the role {name}? Its {plural(held, 'assignment')}, its concerns "
                "and its handoffs go with it. (ctrl+z undoes it.)",
                title="Remove role",
                yes="Remove",
                no="Keep",
            ),
            confirmed,
        )

    forming.push_screen(PickDialog("Remove which role?", options), picked)
