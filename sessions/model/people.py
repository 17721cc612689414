"""The team: its roles, its people, who holds which role, and learning commitments."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, model_validator

from sessions.model.fields import Blurb, Id, Label, Name, Percent, Record, Text


def _no_empty_holders(value: Any) -> Any:
    """Store holders only while someone is named, trailing empty entries dropped."""
    if isinstance(value, list):
        value = list(value)
        while value and value[-1] == []:
            value.pop()
        return value or None
    return value


class Role(Record):
    """A role on the team, such as data scientist."""

    id: Id
    """The role's id, a slug such as `data-scientist`."""
    name: Name
    """The role's name."""
    summary: Blurb = ""
    """What the role is for, in a sentence or two."""
    responsibilities: list[Text] = []
    """What the role owns."""
    custom: bool = False
    """Whether the team added the role itself rather than taking it from the pack."""
    holders: Annotated[list[list[Id]] | None, BeforeValidator(_no_empty_holders)] = None
    """Who holds each responsibility, by position: `holders[i]` are the ids of the people
    holding `responsibilities[i]` (an empty list: nobody named). Omitted while nobody is
    named for any responsibility; then the people in the role hold all of it."""

    @model_validator(mode="after")
    def _holders_follow_responsibilities(self) -> Role:
        """Refuse a holders list longer than the responsibilities it names people for."""
        if self.holders is not None and len(self.holders) > len(self.responsibilities):
            raise ValueError("holders names people for more responsibilities than the role has")
        return self

    def holders_of(self, index: int) -> list[str]:
        """Return the ids of the people named for responsibility `index` (none: empty)."""
        if self.holders is None or index >= len(self.holders):
            return []
        return list(self.holders[index])


class Person(Record):
    """Someone on the team."""

    id: Id
    """The person's id."""
    name: Name
    """Their name, as they want it shown."""
    title: Label = ""
    """Their job title."""
    availability: Percent = 100
    """The share of their working time they give this team, in percent."""
    absent: Literal[True] | None = None
    """Set when they will work with the team but were not in the room; omitted otherwise."""
    squad: Label | None = None
    """The squad or group they work in within a large team, if the team uses squads."""


class Assignment(Record):
    """A person holding a role for a share of their time on the team."""

    person: Id
    """The person's id."""
    role: Id
    """The role's id."""
    share: Percent
    """The percentage of the person's time on the team that goes to this role."""


class Learning(Record):
    """A learning commitment: who learns what, from whom."""

    id: Id
    """The commitment's id."""
    learner: Id
    """The person who learns."""
    topic: Text
    """What they learn."""
    partner: Id | None = None
    """The person they learn it with."""
    when: Label | None = None
    """When they pair or learn it, such as "Thursday afternoons in March"; omitted if not set."""
