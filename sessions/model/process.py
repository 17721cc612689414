"""How the team works: environments, gates and pipeline steps (the process), the backlog and
meetings (the rituals)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sessions.model.fields import Blurb, Id, Name, Record, Text


class Environment(Record):
    """An environment a model passes through, such as staging."""

    id: Id
    """The environment's id."""
    name: Name
    """Its name."""
    purpose: Blurb = ""
    """What it is for."""
    deployers: list[Id] = []
    """The roles that deploy to it."""
    suggested: Literal[True] | None = None
    """Set while the item is the content pack's suggestion, not yet adopted or edited by the
    team (see docs/session-format.md, "Suggestions")."""


class Gate(Record):
    """A promotion gate between two environments and the checks it applies."""

    from_: Id = Field(alias="from")
    """The environment a change leaves."""
    to: Id
    """The environment it enters."""
    checks: list[Text] = []
    """What must hold before it passes."""
    suggested: Literal[True] | None = None
    """Set while the item is the content pack's suggestion, not yet adopted or edited by the
    team (see docs/session-format.md, "Suggestions")."""


class PipelineStep(Record):
    """A step of the CI/CD pipeline and the role that owns it."""

    id: Id
    """The step's id."""
    name: Name
    """What the step does."""
    owner: Id | None = None
    """The role that owns the step."""
    suggested: Literal[True] | None = None
    """Set while the item is the content pack's suggestion, not yet adopted or edited by the
    team (see docs/session-format.md, "Suggestions")."""


class Process(Record):
    """How the team takes a model from prototype to production."""

    definition_of_done: list[Text] = []
    """What must be true before a model change counts as done."""
    environments: list[Environment] = []
    """The environments, in promotion order."""
    gates: list[Gate] = []
    """The promotion gates."""
    pipeline: list[PipelineStep] = []
    """The CI/CD pipeline steps, in order."""
    done_suggested: list[Text] | None = None
    """The items of the definition of done that are still the pack's suggestions, not yet
    adopted or edited by the team."""


class Meeting(Record):
    """A recurring meeting of the team."""

    name: Name
    """The meeting's name."""
    cadence: Blurb = ""
    """How often and when it happens."""
    attendees: Blurb = ""
    """Who attends."""
    minutes: Annotated[int, Field(ge=1, le=480)] = 15
    """How long it lasts."""
    suggested: Literal[True] | None = None
    """Set while the item is the content pack's suggestion, not yet adopted or edited by the
    team (see docs/session-format.md, "Suggestions")."""


class Rituals(Record):
    """The team's shared backlog and meetings."""

    backlog: Blurb = ""
    """Where the one shared backlog lives."""
    backlog_owner: Id | None = None
    """The person who orders the backlog."""
    meetings: list[Meeting] = []
    """Stand-ups and other meetings."""
    walkthrough: Blurb = ""
    """When the team walks through the process document together, such as `2026-03-04 10:00`."""
    walkthrough_lead: Id | None = None
    """The person who leads that walkthrough."""
    backlog_suggested: Literal[True] | None = None
    """Set while `backlog` is the pack's suggestion, not yet adopted or edited by the team."""
