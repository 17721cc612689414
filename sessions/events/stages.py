"""Moving the room between stages and logging the time spent on them (`stage.entered`,
`stage.timed`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sessions.events.base import EventError
from sessions.model import Session


def _stage_entered(session: Session, data: dict[str, Any]) -> Session:
    """Move the room to a stage; optionally log time spent and mark stages done or not done.

    Every stage timer stops: the room arrives on a stage with its timer paused.
    """
    stage_id = data.get("stage")
    if not isinstance(stage_id, str) or session.stage(stage_id) is None:
        raise EventError(f"no stage {stage_id!r}")
    session = _stages_marked(session, data)
    if any(stage.running_since is not None for stage in session.stages):
        stages = [
            s.model_copy(update={"running_since": None}) if s.running_since is not None else s
            for s in session.stages
        ]
        session = session.model_copy(update={"stages": stages})
    info = session.session.model_copy(update={"stage": stage_id})
    return session.model_copy(update={"session": info})


def entering(session: Session, stage_id: str, spent_s: float) -> dict[str, Any]:
    """Return the data of the `stage.entered` event that moves the room to `stage_id`.

    The room spent `spent_s` seconds on the stage it leaves, which is logged; moving forward
    in the agenda marks the stage left done (moving back, or to the same place, does not).
    """
    current = session.session.stage
    data: dict[str, Any] = {"stage": stage_id, "spent_s": {current: spent_s}}
    ids = [stage.id for stage in session.stages]
    if current in ids and stage_id in ids and ids.index(stage_id) > ids.index(current):
        data["done"] = {current: True}
    return data


def _stage_timed(session: Session, data: dict[str, Any]) -> Session:
    """Log the time spent on stages, as `spent_s = {stage id: seconds}`.

    A stage whose time is logged has its timer paused, unless `started = {stage id: when}`
    says the timer (re)started then: `forming notes` counts on from `spent_s` at that moment.
    """
    return _stages_marked(session, data)


def _stages_marked(session: Session, data: dict[str, Any]) -> Session:
    spent = data.get("spent_s", {})
    done = data.get("done", {})
    started = data.get("started", {})
    if not isinstance(spent, dict) or not isinstance(done, dict) or not isinstance(started, dict):
        raise EventError("`spent_s`, `done` and `started` must be tables keyed by stage id")
    if not all(isinstance(moment, datetime) for moment in started.values()):
        raise EventError("started values must be date-times")
    for stage_id in [*spent, *done, *started]:
        if session.stage(stage_id) is None:
            raise EventError(f"no stage {stage_id!r}")
    stages = []
    for stage in session.stages:
        update: dict[str, Any] = {}
        if stage.id in spent:
            seconds = spent[stage.id]
            if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 0:
                raise EventError("spent_s values must be whole seconds, 0 or more")
            update["spent_s"] = seconds
            if stage.running_since is not None:
                update["running_since"] = None
        if stage.id in started:
            moment = started[stage.id]
            update["running_since"] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if stage.id in done:
            if not isinstance(done[stage.id], bool):
                raise EventError("done values must be true or false")
            update["done"] = done[stage.id]
        stages.append(stage.model_copy(update=update) if update else stage)
    return session.model_copy(update={"stages": stages})
