"""The session file's model, schema 1: the current state of a workshop and its timeline."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from sessions.limits import FORMAT, ID_PATTERN, NAME_MAX, SCHEMA, TEXT_MAX
from sessions.text import clean_line, clean_text


def _no_empty_holders(value: Any) -> Any:
    """Store holders only while someone is named, trailing empty entries dropped."""
    if isinstance(value, list):
        value = list(value)
        while value and value[-1] == []:
            value.pop()
        return value or None
    return value


def _line(value: Any) -> Any:
    return clean_line(value) if isinstance(value, str) else value


def _text(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


SHARED_MAX = 40
"""Strings in event data up to this length are shared between events (see `_clean_data`)."""


def _clean_data(value: Any) -> Any:
    """Clean every string inside an event's data, so nothing unsafe is stored in the timeline.

    Keys and short strings (ids, role names, choices) are interned: a long timeline repeats
    the same few hundred of them tens of thousands of times, each read as a string of its
    own (about 2 MiB for 10,000 events).
    """
    if isinstance(value, str):
        text = clean_text(value)
        return sys.intern(text) if len(text) <= SHARED_MAX else text
    if isinstance(value, dict):
        # TOML has no null: a value given as None is simply absent.
        return {
            sys.intern(key) if type(key) is str else key: _clean_data(item)
            for key, item in value.items()
            if item is not None
        }
    if isinstance(value, list):
        return [_clean_data(item) for item in value if item is not None]
    return value


def _utc(value: Any) -> Any:
    # A datetime written by hand without an offset is read as UTC rather than refused.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""An identifier: letters, digits, `_`, `.` and `-`, at most 64 characters."""

Name = Annotated[str, BeforeValidator(_line), StringConstraints(min_length=1, max_length=NAME_MAX)]
"""A short single-line name, cleaned, 1 to 80 characters."""

Label = Annotated[str, BeforeValidator(_line), StringConstraints(max_length=NAME_MAX)]
"""A short single-line label that may be empty."""

Text = Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1, max_length=TEXT_MAX)]
"""A text of 1 to 2,000 characters; line breaks kept."""

Blurb = Annotated[str, BeforeValidator(_text), StringConstraints(max_length=TEXT_MAX)]
"""A text that may be empty, up to 2,000 characters."""

Percent = Annotated[int, Field(ge=1, le=100)]
"""A whole percentage from 1 to 100."""

Moment = Annotated[datetime, BeforeValidator(_utc)]
"""A UTC date and time; one written without an offset is taken as UTC."""


class Record(BaseModel):
    """Base of every part of a session: immutable, strict, and keeping unknown keys."""

    model_config = ConfigDict(
        extra="allow",
        frozen=True,
        strict=True,
        populate_by_name=True,
    )


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


class Settings(Record):
    """Session settings."""

    vote_budget: Annotated[int, Field(ge=1, le=50)] = 5
    """Dots each person may place in a vote."""
    vote_cap: Annotated[int, Field(ge=1, le=50)] = 3
    """Dots one person may place on a single item."""


class Event(Record):
    """One change in the session's history."""

    seq: Annotated[int, Field(ge=1)]
    """The event's position in the timeline, from 1."""
    at: Moment
    """When it happened (UTC)."""
    type: Annotated[
        str, AfterValidator(sys.intern), StringConstraints(pattern=r"^[a-z_]+\.[a-z_]+$")
    ]
    """What kind of change it was, such as `person.added`."""
    data: Annotated[dict[str, Any], BeforeValidator(_clean_data)] = {}
    """The change's details; text in it is cleaned like any other text."""


# -- a session's parts, and the earlier session's copy a follow-up keeps -----------------------
#
# A follow-up copies what the earlier session agreed into `last_time` (`LastTime`), in the same
# shapes as the session's own: so those fields are declared once, in `SessionHeading` and
# `Agreements`, and both models are made of them. The file writes a model's tables in the order
# of its fields (docs/session-format.md), and pydantic orders the fields of a model made of
# several parts from its last base to its first: `Session` lists its parts last first, so its
# fields read `format`, `schema`, `session`, `stages`, the agreements, then the room's state
# and the timeline. `tests/sessions/test_model_parts.py` pins that order and the bytes of a file.


class _FileHeader(Record):
    """The first two keys of a session file, saying what it is."""

    format: Literal["forming.session"] = FORMAT
    """Identifies the file as a Forming session."""
    schema_: Literal[1] = Field(default=SCHEMA, alias="schema")
    """The file format's schema version."""


class SessionHeading(Record):
    """Who a session is for and where it stands: the `[session]` table."""

    session: SessionInfo
    """Who the session is for and where it stands (in `last_time`: as it was saved then)."""


class _Agenda(Record):
    """The agenda a session runs (a follow-up's `last_time` keeps none)."""

    stages: list[Stage] = []
    """The agenda."""


class Agreements(Record):
    """What a team agreed: its roles and people, concerns, handoffs, process, actions, votes.

    A session holds its own, and a follow-up's `last_time` holds the earlier session's as they
    stood then.
    """

    roles: list[Role] = []
    """The roles on the team."""
    people: list[Person] = []
    """The people on the team."""
    assignments: list[Assignment] = []
    """Who holds which role, for what share."""
    concerns: list[Concern] = []
    """What each role worries about, with its votes."""
    needs: list[Need] = []
    """What each role needs from the others (the handoffs)."""
    learning: list[Learning] = []
    """Learning commitments."""
    process: Process = Process()
    """The agreed development process."""
    rituals: Rituals = Rituals()
    """The shared backlog and meetings."""
    actions: list[Action] = []
    """Actions agreed, done or open."""
    parking_lot: list[ParkingItem] = []
    """Items parked for later."""
    confidence: list[Confidence] = []
    """The confidence vote."""
    decisions: list[RiskDecision] = []
    """What the room decided about coverage risks and missing handoffs."""


class LastTime(Agreements, SessionHeading):
    """What the session a follow-up continues had agreed, copied in so the follow-up stands alone.

    The check-in compares against it (who joined and left, new and resolved risks), reviews its
    open actions and shows its confidence vote beside the new one. It holds the earlier state
    without its timeline, its agenda or its own `last_time`: its `[session]` table and its
    agreements.
    """

    def as_session(self) -> Session:
        """Return the earlier state as a session (no agenda, no timeline), for comparisons."""
        return Session.model_validate({name: getattr(self, name) for name in LastTime.model_fields})


class _Room(Record):
    """The session's settings, the earlier session a follow-up continues, the room's private
    input, and last, the timeline."""

    settings: Settings = Settings()
    """Session settings."""
    last_time: LastTime | None = None
    """In a follow-up, what the session it continues had agreed (see `LastTime`)."""
    activity: Activity | None = None
    """The activity open for the room's private input, if any."""
    ballots: list[Ballot] = []
    """Each person's dots, attributed; counted in the concerns' votes only when revealed."""
    timeline: list[Event] = []
    """The history of every change, oldest first."""


class Session(_Room, Agreements, _Agenda, SessionHeading, _FileHeader):
    """A whole session file: its current state and, last, its timeline.

    Its fields, in the file's order: `format`, `schema`, `session`, `stages`, the agreements
    (`roles` to `decisions`), `settings`, `last_time`, `activity`, `ballots` and `timeline`.
    """

    # -- lookups used across the domain -------------------------------------------------------

    def stage(self, stage_id: str) -> Stage | None:
        """Return the stage with `stage_id`, if any."""
        return next((s for s in self.stages if s.id == stage_id), None)

    def role(self, role_id: str) -> Role | None:
        """Return the role with `role_id`, if any."""
        return next((r for r in self.roles if r.id == role_id), None)

    def person(self, person_id: str) -> Person | None:
        """Return the person with `person_id`, if any."""
        return next((p for p in self.people if p.id == person_id), None)

    def role_name(self, role_id: str | None) -> str:
        """Return a role's name, or its id when it is not on the team."""
        role = self.role(role_id) if role_id else None
        return role.name if role else (role_id or "")

    def person_name(self, person_id: str | None) -> str:
        """Return a person's name, or their id when they are not on the team."""
        person = self.person(person_id) if person_id else None
        return person.name if person else (person_id or "")

    def environment_name(self, env_id: str) -> str:
        """Return an environment's name, or its id when the process has none by that id."""
        env = next((e for e in self.process.environments if e.id == env_id), None)
        return env.name if env else env_id

    def revealed_scores(self) -> list[int]:
        """Return the confidence scores the room can see (a private one counts once revealed)."""
        return [vote.score for vote in self.confidence if not vote.masked]

    def assignments_of(self, person_id: str) -> list[Assignment]:
        """Return the roles a person holds."""
        return [a for a in self.assignments if a.person == person_id]

    def holders_of(self, role_id: str) -> list[Assignment]:
        """Return the people who hold a role."""
        return [a for a in self.assignments if a.role == role_id]

    def state_dump(self) -> dict[str, Any]:
        """Return the current state as plain data, without the timeline."""
        return dump_session(self, timeline=False)


def dump_session(session: Session, *, timeline: bool = True) -> dict[str, Any]:
    """Return `session` as TOML-ready data: aliases used, `None` omitted, timeline last."""
    data = session.model_dump(mode="python", by_alias=True, exclude_none=True)
    events = data.pop("timeline", [])
    if timeline:
        data["timeline"] = events
    return data


def integrity_problems(session: Session) -> list[tuple[str, str]]:
    """Return `(field path, reason)` for every duplicate key and every reference that dangles.

    The checks are built from the descriptors of the kinds of items, which describe this
    module's models: they live in `sessions.integrity`, imported when first used.
    """
    from sessions.integrity import integrity_problems as problems

    return problems(session)


_NUMBERED_ID = re.compile(r"^(?P<prefix>.*?)(?P<number>[0-9]+)$")


def numbered_id(item_id: str) -> tuple[str, int] | None:
    """Return the prefix and number of an id such as `p12` (`("p", 12)`), else `None`."""
    match = _NUMBERED_ID.match(item_id)
    return None if match is None else (match["prefix"], int(match["number"]))


def next_id(prefix: str, taken: Iterable[str]) -> str:
    """Return `prefix<n>` numbered after the highest `prefix<m>` in `taken`.

    Gaps are never filled, so an id freed by a removal is not handed to a newcomer. In a
    session, use `sessions.ids.new_id`, which also counts every id the timeline ever named.
    """
    highest = 0
    for item_id in taken:
        parts = numbered_id(item_id)
        if parts is not None and parts[0] == prefix and parts[1] > highest:
            highest = parts[1]
    return f"{prefix}{highest + 1}"
