"""What roles worry about (concerns) and need from each other (handoffs)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sessions.model.fields import Blurb, Id, Record, Text


class Concern(Record):
    """Something a role worries about, for the others to hear."""

    id: Id
    """The concern's id."""
    role: Id
    """The role whose concern it is."""
    text: Text
    """The concern in the room's words."""
    origin: Literal["pack", "team"] = "team"
    """Whether it was seeded from the pack or raised by the team."""
    votes: Annotated[int, Field(ge=0, le=10_000)] = 0
    """Dots it received in the vote."""
    heard_by: list[Id] = []
    """The other roles that said they heard it."""
    author: Id | None = None
    """Who raised it, when the room chose to attribute it."""
    masked: Literal[True] | None = None
    """Set while the concern was written silently and is not yet revealed."""
    suggested: Literal[True] | None = None
    """Set while the item is the content pack's suggestion, not yet adopted or edited by the
    team (see docs/session-format.md, "Suggestions")."""
    via: Literal["room"] | None = None
    """Set when a participant wrote it on their own device (the room taking part)."""


class Need(Record):
    """A handoff: what one role needs from another, in what form and when."""

    id: Id
    """The handoff's id."""
    provider: Id
    """The role that provides it."""
    receiver: Id
    """The role that receives it."""
    artefact: Text
    """What is handed over."""
    format: Blurb = ""
    """The form it takes."""
    when: Blurb = ""
    """When or on what trigger it is handed over."""
    quality: Blurb | None = None
    """The quality bar it must meet."""
