"""Moving the room between stages: forward marks the stage left done, with its time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sessions.events import entering
from sessions.live import LiveSession
from sessions.model import Session

AT = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def on_roles(team_session: Session) -> Session:
    """The team's session with the room on role mapping, no time logged there yet."""
    live = LiveSession(team_session)
    live.change("stage.entered", {"stage": "roles"}, at=AT)
    return live.session


def moved(session: Session, stage_id: str, spent_s: float) -> Session:
    live = LiveSession(session)
    live.change("stage.entered", entering(session, stage_id, spent_s), at=AT)
    return live.session


def test_moving_forward_marks_the_stage_left_done_with_its_time(on_roles: Session) -> None:
    after = moved(on_roles, "concerns", 125)
    left = after.stage("roles")
    assert after.session.stage == "concerns"
    assert left is not None and left.done and left.spent_s == 125
    arrived = after.stage("concerns")
    assert arrived is not None and not arrived.done


def test_moving_back_logs_the_time_but_marks_nothing_done(on_roles: Session) -> None:
    after = moved(on_roles, "roster", 40)
    left = after.stage("roles")
    assert after.session.stage == "roster"
    assert left is not None and not left.done and left.spent_s == 40


def test_the_rule_follows_the_agenda_order_not_the_ids(on_roles: Session) -> None:
    # A session whose agenda runs in another order: forward is forward in its agenda.
    stages = list(reversed(on_roles.stages))
    session = on_roles.model_copy(update={"stages": stages})
    assert entering(session, "roster", 10) == {
        "stage": "roster",
        "spent_s": {"roles": 10},
        "done": {"roles": True},
    }
    assert "done" not in entering(session, "concerns", 10)


def test_an_unknown_current_stage_marks_nothing_done(team_session: Session) -> None:
    info = team_session.session.model_copy(update={"stage": "gone"})
    session = team_session.model_copy(update={"session": info})
    assert entering(session, "wrapup", 5) == {"stage": "wrapup", "spent_s": {"gone": 5}}
