"""Where a session stands: its `[session]` table, the stages of its agenda, its settings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from sessions.model.fields import Blurb, Id, Label, Moment, Name, Record, Text


class SessionInfo(Record):
    """Who the session is for and where it stands."""

    id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    """A unique id for the session (a UUID for sessions Forming creates)."""
    team: Name
    """The team's name."""
    purpose: Blurb = ""
    """Why the team exists, in a sentence (the model or product is `product`)."""
    product: Label = ""
    """The model or product the team works on."""
    goals: list[Text] = []
    """What the team wants from this workshop."""
    org_size: Literal["small", "large"] = "small"
    """The organisation's size: small (people hold several roles) or large (several per role)."""
    facilitator: Label = ""
    """Who facilitates."""
    created_at: Moment
    """When the session was created (UTC)."""
    updated_at: Moment
    """When the session last changed (UTC)."""
    stage: Id
    """The stage the room is on."""
    pack: Label = "mlops"
    """The content pack the session was started from."""
    pack_version: Label = ""
    """The version of that pack."""
    ids_used: dict[str, Annotated[int, Field(ge=1)]] | None = None
    """The highest number each id prefix reached in the session this one continues (a
    follow-up's earlier session, a branch's original), so new ids are numbered above them;
    see `sessions.ids`. Absent in sessions that continue nothing."""


class Stage(Record):
    """One stage of the agenda, copied from the pack so the file stands alone."""

    id: Id
    """The stage's id, such as `roles`."""
    title: Name
    """The stage's title."""
    timebox_min: Annotated[int, Field(ge=1, le=180)]
    """The time planned for the stage, in minutes."""
    spent_s: Annotated[int, Field(ge=0)] = 0
    """Time spent on the stage so far, in seconds."""
    done: bool = False
    """Whether the room has finished the stage."""
    goal: Blurb = ""
    """What the room leaves the stage with."""
    prompts: list[Text] = []
    """The facilitator's questions for the stage."""
    notes: Blurb = ""
    """The facilitator's notes for the stage."""
    running_since: Moment | None = None
    """When the main window started the stage's timer, while it runs (UTC); `spent_s` holds
    the time logged before that. `forming notes` counts from it."""


class Settings(Record):
    """Session settings."""

    vote_budget: Annotated[int, Field(ge=1, le=50)] = 5
    """Dots each person may place in a vote."""
    vote_cap: Annotated[int, Field(ge=1, le=50)] = 3
    """Dots one person may place on a single item."""
