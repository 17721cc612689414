"""The room's private input: the confidence vote, the open activity, dot ballots."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sessions.model.fields import Id, Record


class Confidence(Record):
    """One person's fist-of-five confidence vote."""

    person: Id
    """Who voted."""
    score: Annotated[int, Field(ge=1, le=5)]
    """Their confidence, from 1 (none) to 5 (full)."""
    masked: Literal[True] | None = None
    """Set while the score was given privately and is not yet revealed."""
    via: Literal["room"] | None = None
    """Set when the person gave it on their own device (the room taking part)."""


ACTIVITIES = ("writing", "dots", "fist", "heard")
"""What the room can be asked to do on its own devices (or by private ballots typed in turn)."""


class Activity(Record):
    """The activity the facilitator has opened for the room's private input."""

    kind: Literal["writing", "dots", "fist", "heard"]
    """Silent writing, dot voting, fist of five, or marking other roles' concerns heard."""
    roles: list[Id] = []
    """For silent writing: the roles cards may be written for; empty means every role."""


class Ballot(Record):
    """One person's dots on one concern, private until the facilitator reveals the vote."""

    person: Id
    """Who placed the dots."""
    concern: Id
    """The concern they went on."""
    dots: Annotated[int, Field(ge=1, le=50)]
    """How many dots (within the person's budget and the cap per concern)."""
    via: Literal["room"] | None = None
    """Set when the person voted on their own device (the room taking part)."""
    revealed: Literal[True] | None = None
    """Set once the vote was revealed and these dots counted in the concern's votes."""
