"""The status bar: a long team name gives way, the timer and the save state stay whole."""

from __future__ import annotations

import pytest

from sessions.live import LiveSession
from tests.conftest import FIXED, settle

TEAM = "Returns Forecast for the Northern European Warehouses and Stores"


@pytest.mark.parametrize("width", [80, 100])
async def test_a_long_team_name_ends_in_an_ellipsis_before_the_save_state(
    app_on, team_session, width: int
) -> None:
    live = LiveSession(team_session)
    live.change("session.updated", {"set": {"team": TEAM}}, at=FIXED)
    app = app_on(live.session, "roster")
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(app, pilot)
        await pilot.pause()
        team = app.screen.query_one("#status-where").render_line(0).text
        assert team.rstrip().endswith("…")
        for part in ("#status-timer", "#status-save"):
            widget = app.screen.query_one(part)
            # Whole, and inside the screen.
            assert widget.region.right <= width, part
            assert widget.content_region.width >= len(str(widget.content)), part
        assert "Saved" in str(app.screen.query_one("#status-save").content)
