"""The session file's model, schema 1: the current state of a workshop and its timeline.

The model is a package by part of the session; each module declares its records:

- `fields`: the cleaned field types (`Id`, `Name`, `Text`, ...), the base `Record`, and
  numbered ids (`next_id`);
- `agenda`: the `[session]` table (`SessionInfo`), the stages, the settings;
- `people`: roles, people, assignments, learning commitments;
- `concerns`: concerns and needs (handoffs);
- `process`: environments, gates, pipeline steps, the process, meetings and rituals;
- `wrapup`: actions, parked items, risk decisions;
- `room`: the room's private input (confidence votes, the open activity, dot ballots);
- `event`: one change in the timeline (`Event`);
- `session`: the parts a file is made of, `LastTime`, the `Session` root, `dump_session`.

Import from `sessions.model`. Nothing on the home screen's path imports it (it imports
pydantic): see docs/performance.md, "Start-up".
"""

from __future__ import annotations

from sessions.limits import NAME_MAX, TEXT_MAX
from sessions.model.agenda import SessionInfo, Settings, Stage
from sessions.model.concerns import Concern, Need
from sessions.model.event import SHARED_MAX, Event
from sessions.model.fields import (
    Blurb,
    Id,
    Label,
    Moment,
    Name,
    Percent,
    Record,
    Text,
    next_id,
    numbered_id,
)
from sessions.model.people import Assignment, Learning, Person, Role
from sessions.model.process import Environment, Gate, Meeting, PipelineStep, Process, Rituals
from sessions.model.room import ACTIVITIES, Activity, Ballot, Confidence
from sessions.model.session import (
    Agreements,
    LastTime,
    Session,
    SessionHeading,
    dump_session,
    integrity_problems,
)
from sessions.model.wrapup import RISK_OUTCOMES, Action, ParkingItem, RiskDecision

__all__ = [
    "ACTIVITIES",
    "NAME_MAX",
    "RISK_OUTCOMES",
    "SHARED_MAX",
    "TEXT_MAX",
    "Action",
    "Activity",
    "Agreements",
    "Assignment",
    "Ballot",
    "Blurb",
    "Concern",
    "Confidence",
    "Environment",
    "Event",
    "Gate",
    "Id",
    "Label",
    "LastTime",
    "Learning",
    "Meeting",
    "Moment",
    "Name",
    "Need",
    "ParkingItem",
    "Percent",
    "Person",
    "PipelineStep",
    "Process",
    "Record",
    "RiskDecision",
    "Rituals",
    "Role",
    "Session",
    "SessionHeading",
    "SessionInfo",
    "Settings",
    "Stage",
    "Text",
    "dump_session",
    "integrity_problems",
    "next_id",
    "numbered_id",
]
