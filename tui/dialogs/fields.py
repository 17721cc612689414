"""The forms more than one screen opens: an action, and the session's details."""

from __future__ import annotations

from sessions.model import Action, SessionInfo
from tui.dialogs.form import Field

ORG_SIZES = {
    "small": "Small: people hold several roles",
    "large": "Large: several people per role",
}
"""How each organisation size is told to the room."""

DETAILS = ("team", "product", "purpose", "org_size", "facilitator")
"""The session fields the details form edits."""


def detail_fields(info: SessionInfo | None = None, *, team: str | None = None) -> list[Field]:
    """The form for the session's details: the same fields when starting a session (`info`
    is `None`, `team` may be given) and when editing them, so each is asked and stored alike."""
    return [
        Field("team", "Team name", value=info.team if info else team),
        Field(
            "product",
            "The model or product the team works on",
            required=False,
            value=(info.product or None) if info else None,
        ),
        Field(
            "purpose",
            "Why the team exists, in a sentence",
            kind="text",
            required=False,
            value=(info.purpose or None) if info else None,
        ),
        Field(
            "org_size",
            "Organisation size",
            kind="select",
            options=[(label, size) for size, label in ORG_SIZES.items()],
            value=info.org_size if info else "small",
        ),
        Field(
            "facilitator",
            "Who facilitates",
            required=False,
            value=(info.facilitator or None) if info else None,
        ),
    ]


def action_fields(action: Action | None, people: list[tuple[str, str]], text: str = "") -> list:
    """The form for adding, editing or converting into an action."""
    fields = [
        Field("text", "What will be done", kind="text", value=action.text if action else text),
        Field(
            "owner",
            "Who owns it",
            kind="select",
            required=False,
            options=people,
            value=action.owner if action else None,
        ),
        Field(
            "due",
            "Due date (YYYY-MM-DD)",
            kind="date",
            required=False,
            value=action.due if action else None,
        ),
    ]
    if action is not None:
        fields.append(Field("done", "Done", kind="bool", value=action.done))
    return fields
