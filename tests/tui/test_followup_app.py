"""`forming new --from`: a follow-up starts in a new, locked file, on its first stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.errors import SessionInUse
from sessions.followup import follows
from sessions.live import LiveSession
from sessions.model import Session
from sessions.store import SessionLock, save_session
from tests.conftest import FIXED, saved, settle
from tui.app import FormingApp
from tui.screens.stage import StageScreen


async def test_new_from_creates_a_follow_up_and_opens_its_first_stage(
    team_session: Session, forming_home: Path
) -> None:
    live = LiveSession(team_session)
    live.change("action.added", {"id": "a1", "text": "Book the walkthrough"}, at=FIXED)
    live.change("action.added", {"id": "a2", "text": "Done already", "done": True}, at=FIXED)
    live.change("stage.entered", {"stage": "wrapup", "done": {"roles": True}}, at=FIXED)
    previous_session = live.session
    previous = forming_home / "returns-forecast.toml"
    save_session(previous_session, previous)
    before = (previous.read_bytes(), previous.stat().st_mtime_ns)

    app = FormingApp(start="new", follow_from=previous, folder=forming_home, theme="forming-dark")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        path = app.session_path
        assert path == forming_home / "returns-forecast-2.toml"
        assert isinstance(app.screen, StageScreen)
        assert app.screen.STAGE_ID == "welcome"
        follow = saved(path)
        assert follow.session.stage == "welcome"
        assert follows(follow) == (previous_session.session.id, "Returns Forecast")
        assert [p.name for p in follow.people] == [p.name for p in previous_session.people]
        assert [a.id for a in follow.actions] == ["a1"]
        with pytest.raises(SessionInUse):
            SessionLock(path).acquire()
        messages = [n.message for n in app._notifications]
        assert any("Carried over: 5 people" in m and "1 open action" in m for m in messages)
        await pilot.press("ctrl+q")
        await pilot.pause()

    assert (previous.read_bytes(), previous.stat().st_mtime_ns) == before
    assert not (forming_home / "returns-forecast.toml.bak").exists()
    assert sorted(p.name for p in forming_home.glob("*.toml")) == [
        "returns-forecast-2.toml",
        "returns-forecast.toml",
    ]


async def test_new_from_a_file_that_broke_after_launch_stays_home(
    forming_home: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "old.toml"
    bad.write_text("not = = toml\n", encoding="utf-8")
    app = FormingApp(start="new", follow_from=bad, folder=forming_home)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        assert app.session is None
        assert any("old.toml" in n.message for n in app._notifications)
    assert list(forming_home.glob("*.toml")) == []
