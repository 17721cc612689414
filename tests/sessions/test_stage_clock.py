"""The stage timer's start is recorded, so a second screen can count on while it runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sessions.events import EventError
from sessions.followup import follow_up
from sessions.live import LiveSession
from sessions.store import read_session, save_session

START = datetime(2027, 2, 26, 9, 0, tzinfo=UTC)


def test_started_sets_running_since_and_logging_time_clears_it(team_session, tmp_path) -> None:
    live = LiveSession(team_session)
    live.change("stage.timed", {"spent_s": {"roles": 30}, "started": {"roles": START}}, at=START)
    stage = live.session.stage("roles")
    assert stage is not None and stage.running_since == START and stage.spent_s == 30
    path = tmp_path / "s.toml"
    save_session(live.session, path)
    assert read_session(path).stage("roles").running_since == START
    live.change("stage.timed", {"spent_s": {"roles": 95}}, at=START + timedelta(seconds=65))
    stage = live.session.stage("roles")
    assert stage is not None and stage.running_since is None and stage.spent_s == 95


def test_entering_a_stage_stops_every_timer(team_session) -> None:
    live = LiveSession(team_session)
    live.change("stage.timed", {"started": {"roles": START}}, at=START)
    live.change("stage.entered", {"stage": "concerns", "spent_s": {"roles": 40}}, at=START)
    assert all(stage.running_since is None for stage in live.session.stages)
    with pytest.raises(EventError):
        live.change("stage.timed", {"started": {"roles": "soon"}}, at=START)


def test_a_follow_up_starts_with_no_timer_running(team_session) -> None:
    live = LiveSession(team_session)
    live.change("stage.timed", {"started": {"roles": START}}, at=START)
    follow = follow_up(live.session, at=START)
    assert all(stage.running_since is None for stage in follow.stages)
