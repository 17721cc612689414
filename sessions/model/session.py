"""The whole session: the parts a file is made of, the follow-up's copy of the earlier
session (`LastTime`), the `Session` root, and its data for TOML (`dump_session`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from sessions.limits import FORMAT, SCHEMA
from sessions.model.agenda import SessionInfo, Settings, Stage
from sessions.model.concerns import Concern, Need
from sessions.model.event import Event
from sessions.model.fields import Record
from sessions.model.people import Assignment, Learning, Person, Role
from sessions.model.process import Process, Rituals
from sessions.model.room import Activity, Ballot, Confidence
from sessions.model.wrapup import Action, ParkingItem, RiskDecision

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
