"""What the workshop leaves: actions, the parking lot, and the room's decisions about risks."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints, ValidationInfo, field_validator

from sessions.model.fields import Blurb, Id, Moment, Record, Text, _line


class Action(Record):
    """Something someone will do after the workshop."""

    id: Id
    """The action's id."""
    text: Text
    """What will be done."""
    owner: Id | None = None
    """The person who will do it."""
    due: date | None = None
    """When it is due."""
    done: bool = False
    """Whether it is done."""
    reviewed: Literal["done", "open", "dropped"] | None = None
    """What a check-in decided about an action carried from last time: done, still open, or
    dropped on purpose."""


class ParkingItem(Record):
    """An off-topic item parked for later."""

    id: Id
    """The item's id."""
    text: Text
    """What was parked."""
    stage: Id
    """The stage it was parked from."""
    at: Moment
    """When it was parked (UTC)."""
    outcome: Literal["action", "dropped"] | None = None
    """What the wrap-up decided: it became an action, or it was dropped on purpose."""


RISK_OUTCOMES = {
    "accepted": "accepted",
    "action": "covered by an action",
    "not_needed": "not needed",
}
"""What a room may decide about a coverage risk or a missing handoff, in the room's words."""


class RiskDecision(Record):
    """What the room decided about one coverage risk or missing handoff."""

    kind: Annotated[str, StringConstraints(pattern=r"^[a-z_]+\.[a-z_]+$")]
    """The kind of risk, such as `role.unheld` or `handoff.missing`."""
    subject: Annotated[str, BeforeValidator(_line), StringConstraints(min_length=1, max_length=200)]
    """What the risk is about: a role or person id, `a+b` for a pair of roles (either order),
    `from>to` for a gate, an action id."""
    outcome: Literal["accepted", "action", "not_needed"]
    """Accepted as it is (with a reason), covered by an action, or not needed."""
    reason: Annotated[Blurb, Field(validate_default=True)] = ""
    """Why, in the room's words."""
    action: Id | None = None
    """The action that covers the risk, when the outcome is `action`."""

    @field_validator("reason")
    @classmethod
    def _accepted_says_why(cls, reason: str, info: ValidationInfo) -> str:
        # A check of the field (not of the whole decision), so a refusal names `reason`: the
        # risk dialog shows it there (see `sessions.events.preview`).
        if info.data.get("outcome") == "accepted" and not reason:
            raise ValueError("a risk accepted as it is needs a reason")
        return reason
