"""The main window records when its stage timer runs, for `forming notes` to count on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sessions.live import LiveSession
from tests.conftest import saved, settle
from tui.app import FormingApp


async def test_starting_the_timer_saves_when_it_started_and_pausing_clears_it(
    app_on, team_session
) -> None:
    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = datetime.now(UTC)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert app.timer.running
        since = saved(app.session_path).stage("roles").running_since
        assert since is not None and before <= since <= datetime.now(UTC)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert not app.timer.running
        assert saved(app.session_path).stage("roles").running_since is None
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        on_file = saved(app.session_path)
        assert all(stage.running_since is None for stage in on_file.stages)


async def test_a_timer_left_running_by_a_closed_window_keeps_counting(app_on, team_session) -> None:
    live = LiveSession(team_session)
    live.change("stage.entered", {"stage": "roles"})
    started = datetime.now(UTC) - timedelta(seconds=90)
    live.change("stage.timed", {"spent_s": {"roles": 30}, "started": {"roles": started}})
    assert live.session.stage("roles").running_since is not None
    app = app_on(live.session)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.timer.running
        assert app.timer.elapsed() >= 120
        path = app.session_path
        await pilot.press("ctrl+q")
        await pilot.pause()
    on_file = saved(path)
    assert on_file.stage("roles").running_since is None
    assert on_file.stage("roles").spent_s >= 120


async def test_the_app_is_what_the_timer_controller_takes(app_on, team_session) -> None:
    from tui.timer_control import TimerApp

    app = app_on(team_session, "roles")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app, TimerApp)
        assert isinstance(app, FormingApp) and app.timer is app.timer_control.timer
