"""The status bar: a long team name gives way, the timer and the save state stay whole."""

from __future__ import annotations

import pytest
from textual.widgets import Static

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
        if width == 80:
            assert team.rstrip().endswith("…")
        else:
            # At 100 there is room for the whole name once the timer gives up its words.
            assert team.rstrip() == f"{TEAM} · 2/9"
            timer = str(app.screen.query_one("#status-timer", Static).content)
            assert timer.endswith("‖ paused") and " left" not in timer and " over" not in timer
        for part in ("#status-timer", "#status-save"):
            widget = app.screen.query_one(part)
            # Whole, and inside the screen.
            assert widget.region.right <= width, part
            assert widget.content_region.width >= len(str(widget.content)), part
        assert "Saved" in str(app.screen.query_one("#status-save").content)


# -- the stage title keeps its place: the timer's words give way first -------------------------


def test_the_timer_gives_its_words_before_the_stage_title_gives_way() -> None:
    from tui.timer import TimerState
    from tui.widgets.chrome import fit_status

    where = "Returns Forecast · 6/9"
    title = "What we need from each other"
    timers = TimerState(1500, "ok", running=False).forms()
    assert timers == (
        "◷ 25:00 left ‖ paused",
        "◷ 25:00 left ‖ paused",
        "◷ 25:00 ‖ paused",
        "◷ 25:00 ‖",
    )
    # Wide: everything whole.
    assert fit_status(100, where, title, timers, "✓ Saved").timer == timers[0]
    # At 80 the title stays whole, and the timer takes a shorter form; narrower, its shortest.
    fit = fit_status(80, where, title, timers, "✓ Saved")
    assert (fit.title, fit.timer) == (title, "◷ 25:00 ‖ paused")
    fit = fit_status(75, where, title, timers, "✓ Saved")
    assert (fit.title, fit.timer) == (title, "◷ 25:00 ‖")
    # Narrower: the title is shortened by the one helper, then left out.
    fit = fit_status(66, where, title, timers, "✓ Saved")
    assert fit.title.endswith("…") and title.startswith(fit.title[:-1])
    assert fit_status(50, where, title, timers, "✓ Saved").title == ""
    # Whatever the width, the parts add up to it at most.
    for width in range(40, 120):
        fit = fit_status(width, where, title, timers, "✓ Saved")
        used = len(where) + 1 + len(fit.timer) + 2 + len("✓ Saved") + 2
        assert not fit.title or used + len(fit.title) + 2 <= width, width


def test_the_timer_forms_keep_the_level_symbol_and_pause_mark() -> None:
    from tui.timer import TimerState

    for level, symbol in {"ok": "◷", "warn": "◔", "urgent": "◕", "over": "●"}.items():
        state = TimerState(-60 if level == "over" else 60, level, running=False)
        forms = state.forms()
        assert forms[0] == str(state)
        assert all(form.startswith(f"{symbol} {state.clock}") for form in forms)
        assert all("‖" in form for form in forms)
        assert "‖" not in TimerState(60, level, running=True).forms()[-1]


async def test_the_stage_title_stays_at_80_columns_while_the_timer_is_long(
    forming_home,
) -> None:
    """The demo's longest stage title, at 80x24: the timer's words give way, not the title."""
    from tests.tui.test_room_layout import screen_lines
    from tests.tui.test_snapshots import demo_app

    app = demo_app(forming_home, "needs")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.pause()
        line = screen_lines(app)[0]
        title = app.session.stage("needs").title
        assert title in str(app.screen.query_one("#status-stage").render())
        assert app.screen.query_one("#status-stage").region.width >= len(title) + 2
        for part in ("#status-timer", "#status-save"):
            widget = app.screen.query_one(part, Static)
            assert widget.region.right <= 80, part
            assert widget.content_region.width >= len(str(widget.content)), part
        assert str(app.screen.query_one("#status-timer", Static).content) == "◷ 25:00 ‖ paused"
        assert "Returns Forecast" in line and title in line
