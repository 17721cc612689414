"""Follow-up sessions: a re-forming check-in that starts from what an earlier session agreed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from content.schema import Pack
from content.schema import Stage as PackStage
from sessions.events import make_event, now, record, state_event_data
from sessions.ids import ids_used
from sessions.limits import FOLLOWS_ID
from sessions.model import LastTime, Session, dump_session
from sessions.start import agenda_stage
from sessions.text import plural

FOLLOWS_TEAM = "follows_team"
"""The key in `[session]` holding the team name of the session a follow-up continues."""


@dataclass(frozen=True)
class Carried:
    """How much of an earlier session a follow-up carried over, and what it left behind."""

    people: int
    """People carried."""
    roles: int
    """Roles carried, with their responsibilities."""
    assignments: int
    """Who holds which role, with shares."""
    concerns: int
    """Concerns carried, their votes reset for a new round."""
    handoffs: int
    """Agreed handoffs between roles."""
    open_actions: int
    """Actions still open, carried."""
    done_actions: int
    """Actions already done, left behind."""
    parking: int
    """Parking-lot items not yet resolved, carried."""
    resolved_parking: int
    """Parking-lot items already turned into actions or dropped, left behind."""

    def sentence(self) -> str:
        """Return the counts in plain sentences for the facilitator."""

        carried = ", ".join(
            [
                plural(self.people, "person", "people"),
                plural(self.roles, "role", "roles"),
                plural(self.assignments, "role assignment", "role assignments"),
                plural(self.handoffs, "handoff", "handoffs"),
                plural(self.open_actions, "open action", "open actions"),
                plural(self.parking, "parking-lot item", "parking-lot items"),
                plural(self.concerns, "concern", "concerns"),
            ]
        )
        left = [
            plural(number, one, many)
            for number, one, many in (
                (self.done_actions, "done action", "done actions"),
                (self.resolved_parking, "resolved parking-lot item", "resolved parking-lot items"),
            )
            if number
        ]
        behind = f" Left behind: {' and '.join(left)}." if left else ""
        return (
            f"Carried over: {carried}, and the process and rituals. Concerns start a new round "
            f"with no votes, and the confidence vote starts empty.{behind}"
        )


def follow_up(
    previous: Session,
    *,
    at: datetime | None = None,
    pack: Pack | None = None,
    team: str | None = None,
    session_id: str | None = None,
    checkin: Sequence[PackStage] = (),
) -> Session:
    """Return a new session continuing `previous`: a re-forming check-in, months later.

    Carried as they stand: the team's name, purpose, product, goals, organisation size and
    facilitator; people; roles with their responsibilities; who holds which role and for what
    share; handoffs; learning commitments; the process (environments, gates, pipeline,
    definition of done); rituals; settings; and any keys Forming does not know.

    Carried with a judgement:

    - actions: only the open ones (done ones stay in the earlier session's record);
    - parking lot: only items with no outcome yet (those that became actions or were dropped
      were dealt with at the last wrap-up);
    - concerns: every one, as the starting list for a new round, with votes at 0, nobody having
      heard them yet, and any still masked revealed (the silent round they were written in is
      over, and a new round should not start with hidden items);
    - stages: the same agenda (ids, titles, timeboxes, prompts), all not done with no time
      spent, the room on the first stage. With `pack`, the goals, prompts and notes of the
      stages the pack knows are refreshed from it, and the session records that pack.

    Not carried: the confidence vote (the point of a check-in is to vote again) and the
    timeline, which starts afresh with one `session.created` event holding the new state.

    With `checkin` (the pack's check-in agenda), the follow-up runs that short agenda instead
    of the whole workshop, and starts with no goals: the check-in sets its own. Either way the
    earlier state is copied into `last_time` (without its timeline, agenda or own `last_time`),
    so the follow-up stands alone: the check-in compares against it, reviews its open actions
    and shows its confidence vote beside the new one, and a follow-up of a follow-up works the
    same.

    The new session gets a new id (`session_id`, else a random UUID), `created_at` and
    `updated_at` set to `at` (default: now), and a link back: the earlier session's id and
    team under `follows_id` and `follows_team` in `[session]`. `team` renames the team.
    """
    at = at or now()
    state = dump_session(previous, timeline=False)
    state.pop("confidence", None)
    state.pop("last_time", None)
    state["last_time"] = last_time_of(previous)

    info: dict[str, Any] = dict(state["session"])
    first_stage = previous.stages[0].id if previous.stages else info["stage"]
    info.update(
        {
            "id": session_id or str(uuid.uuid4()),
            "created_at": at,
            "updated_at": at,
            "stage": first_stage,
            FOLLOWS_ID: previous.session.id,
            FOLLOWS_TEAM: previous.session.team,
        }
    )
    # The follow-up's timeline starts afresh, so it carries how far each kind of id got: a
    # newcomer must not take the id of someone who left before the check-in.
    used = ids_used(previous)
    if used:
        info["ids_used"] = used
    if team:
        info["team"] = team
    if pack is not None:
        info["pack"] = pack.meta.id
        info["pack_version"] = pack.meta.version
    state["session"] = info

    from_pack = {stage.id: stage for stage in pack.stages} if pack is not None else {}
    stages = []
    for stage in state.get("stages", []):
        stage = {**stage, "spent_s": 0, "done": False}
        stage.pop("running_since", None)
        source = from_pack.get(stage["id"])
        if source is not None:
            stage.update(goal=source.goal, prompts=list(source.prompts), notes=source.notes)
        stages.append(stage)
    if checkin:
        stages = [agenda_stage(stage) for stage in checkin]
        info["stage"] = stages[0]["id"]
        info["goals"] = []
    state["stages"] = stages
    # An item parked at a stage the new agenda does not have (the check-in is shorter than the
    # workshop) is filed under its first stage; `last_time` keeps where it was parked.
    stage_ids = {stage["id"] for stage in stages}
    if stages:
        state["parking_lot"] = [
            item if item.get("stage") in stage_ids else {**item, "stage": stages[0]["id"]}
            for item in state.get("parking_lot", [])
        ]

    concerns = []
    for concern in state.get("concerns", []):
        concern = {**concern, "votes": 0, "heard_by": []}
        concern.pop("masked", None)
        concerns.append(concern)
    state["concerns"] = concerns
    state["actions"] = [a for a in state.get("actions", []) if not a.get("done", False)]
    state["parking_lot"] = [p for p in state.get("parking_lot", []) if p.get("outcome") is None]
    # A risk covered by an action left behind (done) is looked at afresh in the check-in.
    carried_actions = {a["id"] for a in state["actions"]}
    state["decisions"] = [
        d for d in state.get("decisions", []) if d.get("action", None) in (None, *carried_actions)
    ]

    seed = Session.model_validate({**state, "timeline": []})
    created = make_event(seed, "session.created", state_event_data(seed), at)
    return record(seed, created)


LAST_TIME_FIELDS = tuple(LastTime.model_fields)
"""The parts of the earlier state a follow-up copies into `last_time`."""


def last_time_of(previous: Session) -> dict[str, Any]:
    """Return the `last_time` table a follow-up of `previous` carries: its state, as it stood."""
    state = dump_session(previous, timeline=False)
    return {name: state[name] for name in LAST_TIME_FIELDS if name in state}


def carried_over(previous: Session, follow: Session) -> Carried:
    """Return what `follow` (made by `follow_up`) carried over from `previous`."""
    return Carried(
        people=len(follow.people),
        roles=len(follow.roles),
        assignments=len(follow.assignments),
        concerns=len(follow.concerns),
        handoffs=len(follow.needs),
        open_actions=len(follow.actions),
        done_actions=sum(1 for a in previous.actions if a.done),
        parking=len(follow.parking_lot),
        resolved_parking=sum(1 for p in previous.parking_lot if p.outcome is not None),
    )


def follows(session: Session) -> tuple[str, str] | None:
    """Return the id and team of the session `session` follows up, if it is a follow-up."""
    extra = session.session.model_extra or {}
    previous_id = extra.get(FOLLOWS_ID)
    if not isinstance(previous_id, str):
        return None
    team = extra.get(FOLLOWS_TEAM)
    return previous_id, team if isinstance(team, str) else ""
