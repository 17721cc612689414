"""The handoff form: who provides what to whom, in what format, when, to what quality bar.

The form asks the reducer (`refused_by_reducer`) whether the handoff it makes would be
accepted, so a refusal (a handoff from a role to itself, say) shows on the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sessions.model import Need, Session
from tui.dialogs.form import CheckedFormDialog, Field
from tui.dialogs.refusal import Change, refused_by_reducer

SAME_ROLE = "A handoff goes between two different roles: choose another receiver."


def need_fields(
    session: Session,
    need: Need | None = None,
    *,
    provider: str | None = None,
    receiver: str | None = None,
) -> list[Field]:
    """The form for adding or editing a handoff, optionally with the role pair preset.

    A new handoff starts between two different roles: the reducer refuses one from a role to
    itself, so a form opening on the same role twice began with an error to correct.
    """
    roles = [(role.name, role.id) for role in session.roles]
    if need is None:
        ids = [role_id for _, role_id in roles]
        provider = provider or next(iter(ids), None)
        receiver = receiver or next((i for i in ids if i != provider), None)
    return [
        Field(
            "provider",
            "Who provides it (role)",
            kind="select",
            options=roles,
            value=need.provider if need else provider,
        ),
        Field(
            "receiver",
            "Who receives it (role)",
            kind="select",
            options=roles,
            value=need.receiver if need else receiver,
        ),
        Field(
            "artefact", "What is handed over", kind="text", value=need.artefact if need else None
        ),
        Field(
            "format",
            "In what format or shape",
            kind="text",
            required=False,
            value=(need.format or None) if need else None,
        ),
        Field(
            "when",
            "When, or on what trigger",
            kind="text",
            required=False,
            value=(need.when or None) if need else None,
        ),
        Field(
            "quality",
            "The quality bar it must meet",
            kind="text",
            required=False,
            value=need.quality if need else None,
        ),
    ]


def need_dialog(
    title: str,
    fields: list[Field],
    session: Callable[[], Session],
    change: Callable[[dict[str, Any]], Change],
) -> CheckedFormDialog:
    """The handoff form, checked by the reducer; a refusal shows at the receiver, in the
    room's words for a handoff from a role to itself."""
    check = refused_by_reducer(session, change, where="receiver", wording={"receiver": SAME_ROLE})
    return CheckedFormDialog(title, fields, check=check)
