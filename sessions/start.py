"""Starting a new session from a content pack."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from content.schema import Pack
from content.schema import Stage as PackStage
from sessions.events import make_event, now, record, state_event_data
from sessions.model import Session, next_id


def agenda_stage(stage: PackStage) -> dict[str, Any]:
    """Return a pack's stage as a session's stage: not started, with its goal and prompts."""
    return {
        "id": stage.id,
        "title": stage.title,
        "timebox_min": stage.timebox_min,
        "goal": stage.goal,
        "prompts": list(stage.prompts),
        "notes": stage.notes,
    }


def new_session(
    pack: Pack,
    *,
    team: str,
    product: str = "",
    purpose: str = "",
    org_size: str = "small",
    facilitator: str = "",
    at: datetime | None = None,
    session_id: str | None = None,
    suggestions: bool = True,
) -> Session:
    """Return a new session seeded from `pack`, whose timeline holds its creation event.

    The pack's concerns, environments, gates, pipeline steps, definition of done, meetings
    and backlog arrive as suggestions (marked `suggested`) for the team to adopt, edit or
    drop. With `suggestions=False` the session starts with the agenda and the roles alone.
    """
    at = at or now()
    roles = pack.default_roles()
    role_ids = {role.id for role in roles}
    concerns: list[dict[str, Any]] = []
    for role in roles if suggestions else []:
        for concern in pack.concerns_for(role.id):
            concern_id = next_id("c", [c["id"] for c in concerns])
            concerns.append(
                {
                    "id": concern_id,
                    "role": role.id,
                    "text": concern.text,
                    "origin": "pack",
                    "suggested": True,
                }
            )
    process = pack.process
    info = {
        "id": session_id or str(uuid.uuid4()),
        "team": team,
        "product": product,
        "purpose": purpose,
        "org_size": org_size,
        "facilitator": facilitator,
        "created_at": at,
        "updated_at": at,
        "stage": pack.stages[0].id,
        "pack": pack.meta.id,
        "pack_version": pack.meta.version,
    }
    state: dict[str, Any] = {
        "session": info,
        "stages": [agenda_stage(stage) for stage in pack.stages],
        "roles": [
            {
                "id": role.id,
                "name": role.name,
                "summary": role.summary,
                "responsibilities": list(role.responsibilities),
            }
            for role in roles
        ],
        "concerns": concerns,
    }
    if suggestions:
        state["process"] = {
            "definition_of_done": list(process.definition_of_done),
            "done_suggested": list(process.definition_of_done) or None,
            "environments": [
                {
                    "id": env.id,
                    "name": env.name,
                    "purpose": env.purpose,
                    "deployers": [r for r in env.deployers if r in role_ids],
                    "suggested": True,
                }
                for env in process.environments
            ],
            "gates": [
                {"from": gate.from_, "to": gate.to, "checks": list(gate.checks), "suggested": True}
                for gate in process.gates
            ],
            "pipeline": [
                {"id": step.id, "name": step.name, "suggested": True}
                | ({"owner": step.owner} if step.owner in role_ids else {})
                for step in process.pipeline
            ],
        }
        state["rituals"] = {
            "backlog": pack.rituals.backlog,
            "backlog_suggested": True if pack.rituals.backlog else None,
            "meetings": [
                {
                    "name": meeting.name,
                    "cadence": meeting.cadence,
                    "attendees": meeting.attendees,
                    "minutes": meeting.minutes,
                    "suggested": True,
                }
                for meeting in pack.rituals.meetings
            ],
        }
    seed = Session.model_validate({**state, "timeline": []})
    created = make_event(seed, "session.created", state_event_data(seed), at)
    return record(seed, created)
