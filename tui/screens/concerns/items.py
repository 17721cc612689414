"""A role's concerns themselves: adding one (hidden while the room writes silently), editing
its words and who raised it, and removing one after asking.

The concerns screen binds a, e and d to these; they reach the session through the app's
`Forming` protocol. The content pack's suggested concerns are pulled in and adopted by
`tui.dialogs.suggested`, as on the other stages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sessions.ids import new_item_id
from sessions.model import Concern, Role, Session
from sessions.text import one_line
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.form import Field, FormDialog
from tui.forming import Forming
from tui.widgets.concern_round import ranked


def concern_fields(session: Session, concern: Concern | None = None) -> list[Field]:
    """The form for a concern: its words and, once the roster has people, who raised it."""
    fields = [
        Field(
            "text",
            "The concern, in the room's words",
            kind="text",
            value=concern.text if concern else None,
        )
    ]
    people = session.people
    if people:
        fields.append(
            Field(
                "author",
                "Raised by (optional: leave blank to keep it unattributed)",
                kind="select",
                required=False,
                options=[(person.name, person.id) for person in people],
                value=concern.author if concern else None,
            )
        )
    return fields


def add_concern(
    forming: Forming, role: Role | None, *, silent: bool, to_row: Callable[[int], None]
) -> None:
    """Ask for a new concern for `role` and add it; while writing `silent`ly it stays hidden.

    `to_row` is called with the new concern's row in the role's round, to highlight it (not
    for a hidden one, which is counted above the table until revealed).
    """
    session = forming.session
    if role is None or session is None:
        forming.notify("Add roles on the role-mapping stage first.", markup=False)
        return

    def added(values: dict[str, Any] | None) -> None:
        session = forming.session
        if not values or session is None or session.role(role.id) is None:
            return
        data: dict[str, Any] = {
            "id": new_item_id(session, "concern"),
            "role": role.id,
            "text": values["text"],
            "origin": "team",
        }
        if values.get("author"):
            data["author"] = values["author"]
        if silent:
            data["masked"] = True
        if forming.change("concern.added", data):
            if silent:  # counted above the table, not a row until revealed
                forming.notify("✎ Added, hidden until revealed.", markup=False)
                return
            changed = forming.session
            if changed is not None:
                to_row([c.id for c in ranked(changed, role.id)].index(data["id"]))

    title = f"Add a concern: {role.name}"
    if silent:
        title += " (silent writing: it stays hidden)"
    forming.push_screen(FormDialog(title, concern_fields(session)), added)


def edit_concern(forming: Forming, concern: Concern | None) -> None:
    """Edit `concern`'s words and who raised it (nothing happens without one)."""
    session = forming.session
    if concern is None or session is None:
        return

    def edited(values: dict[str, Any] | None) -> None:
        if not values or forming.session is None:
            return
        current = next((c for c in forming.session.concerns if c.id == concern.id), None)
        if current is None:
            return
        data: dict[str, Any] = {"id": concern.id, "set": {}}
        if values["text"] != current.text:
            data["set"]["text"] = values["text"]
        if "author" in values and values["author"] != current.author:
            if values["author"] is None:
                data["unset"] = ["author"]
            else:
                data["set"]["author"] = values["author"]
        if data["set"] or "unset" in data:
            forming.change("concern.updated", data)

    forming.push_screen(
        FormDialog(
            f"Edit a concern: {session.role_name(concern.role)}",
            concern_fields(session, concern),
        ),
        edited,
    )


def remove_concern(forming: Forming, concern: Concern | None) -> None:
    """Remove `concern`, with its dots, after asking."""
    if concern is None:
        return
    what = f"“{one_line(concern.text)}”"

    def confirmed(yes: bool | None) -> None:
        if yes:
            forming.change("concern.removed", {"id": concern.id})

    forming.push_screen(
        ConfirmDialog(
            f"Remove {what}? Its dots go with it. (ctrl+z undoes it.)",
            title="Remove concern",
            yes="Remove",
            no="Keep",
        ),
        confirmed,
    )
